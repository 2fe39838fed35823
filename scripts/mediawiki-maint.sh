#!/usr/bin/env bash
# mediawiki-maint.sh — run one MediaWiki maintenance script against the local test wiki of
# mediawiki-start.sh (same MW_HOME), e.g.
#
#     MW_HOME=/tmp/mediawiki-k bash scripts/mediawiki-maint.sh importDump.php --no-updates pages.xml
#     bash scripts/mediawiki-maint.sh runJobs.php          # empty the job queue
#
# bench/mediawiki.mjs uses it to seed its 10,000 read pages once (importDump.php: no HTTP, no session
# per page) and to empty the job queue before each timed edit phase. Output goes to stderr.
# Env: MW_HOME (default ${TMPDIR:-/tmp}/mediawiki-ci). Needs the Debian mediawiki package and a wiki
# installed in MW_HOME by mediawiki-start.sh.
set -euo pipefail
MW_HOME=${MW_HOME:-${TMPDIR:-/tmp}/mediawiki-ci}
MW_IP=/usr/share/mediawiki
CONF="$MW_HOME/LocalSettings.php"
die() { printf '[mediawiki-maint] ERROR: %s\n' "$*" >&2; exit 1; }
[ $# -ge 1 ] || die "usage: mediawiki-maint.sh SCRIPT.php [ARGS...]"
script=$1; shift
case "$script" in */*|'') die "give the script's name under $MW_IP/maintenance, e.g. runJobs.php";; esac
[ -f "$MW_IP/maintenance/$script" ] || die "$MW_IP/maintenance/$script missing (run scripts/mediawiki-start.sh as root first)"
[ -f "$MW_HOME/.installed" ] && [ -f "$CONF" ] || die "no wiki installed in $MW_HOME (run scripts/mediawiki-start.sh with the same MW_HOME)"
# Relative file arguments are meant from the caller's directory, but the script runs in $MW_IP.
args=()
for a in "$@"; do
  if [ -e "$a" ] && [ "${a#/}" = "$a" ]; then args+=("$PWD/$a"); else args+=("$a"); fi
done
( cd "$MW_IP" && MW_CONFIG_FILE="$CONF" php -d apc.enable_cli=1 -d memory_limit=512M "maintenance/$script" --conf "$CONF" "${args[@]}" ) >&2
