#!/usr/bin/env bash
# mediawiki-import.sh — load a MediaWiki XML dump into the local test wiki of mediawiki-start.sh
# with maintenance/importDump.php (no HTTP, no session per page). Used by bench/mediawiki.mjs to
# seed its 10,000 read pages once; imported revisions keep the dump's timestamps and authors.
#
#     MW_HOME=/tmp/mediawiki-k bash scripts/mediawiki-import.sh pages.xml
#
# Env: MW_HOME (default ${TMPDIR:-/tmp}/mediawiki-ci) — the wiki mediawiki-start.sh installed.
# Needs the Debian mediawiki package (/usr/share/mediawiki) and an installed wiki in MW_HOME.
set -euo pipefail
MW_HOME=${MW_HOME:-${TMPDIR:-/tmp}/mediawiki-ci}
MW_IP=/usr/share/mediawiki
CONF="$MW_HOME/LocalSettings.php"
die() { printf '[mediawiki-import] ERROR: %s\n' "$*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: mediawiki-import.sh FILE.xml"
case "$1" in /*) FILE=$1 ;; *) FILE="$PWD/$1" ;; esac
[ -f "$FILE" ] || die "no such file: $FILE"
[ -f "$MW_IP/maintenance/importDump.php" ] || die "$MW_IP/maintenance/importDump.php missing (run scripts/mediawiki-start.sh as root first)"
[ -f "$MW_HOME/.installed" ] && [ -f "$CONF" ] || die "no wiki installed in $MW_HOME (run scripts/mediawiki-start.sh with the same MW_HOME)"
# --no-updates: links tables are not needed for reading wikitext back; it halves the time.
( cd "$MW_IP" && MW_CONFIG_FILE="$CONF" php -d apc.enable_cli=1 -d memory_limit=512M maintenance/importDump.php --conf "$CONF" --no-updates "$FILE" ) >&2
