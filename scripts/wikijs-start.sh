#!/usr/bin/env bash
# wikijs-start.sh — bring up a REAL Wiki.js 2.5.314 test server (GraphQL on loopback, private
# PostgreSQL) through the project's shared kit (../shared/wikijs/real/start.sh), for the contract
# suite, the e2e tests and `npm run bench -- wikijs`:
#
#     eval "$(bash scripts/wikijs-start.sh)"           # start, or reuse a running one
#     eval "$(bash scripts/wikijs-start.sh --fresh)"   # brand-new wiki (~10 s once installed)
#
# stdout carries ONLY `export` lines: WIKIJS_URL, WIKIJS_TOKEN (full-access API key),
# WIKIJS_ADMIN_EMAIL, WIKIJS_ADMIN_PASSWORD, WIKIJS_HOME, WIKIJS_VERSION=2. Progress and errors go
# to stderr; on failure the last line names the reason (exit 1).
#
# Options:  --fresh   wipe the wiki's database and data first (the npm install is kept)
# Env:      WIKIJS_KIT    the kit dir (default: ../shared/wikijs/real beside this clone)
#           WIKIJS_HOME   state dir (default ${TMPDIR:-/tmp}/wikijs-ci; NOT the kit's shared default)
#           WIKIJS_PORT   Wiki.js port on 127.0.0.1 (default 3010)
#           WIKIJS_PG_PORT  PostgreSQL port on 127.0.0.1 (default 5442)
#           WIKIJS_START_TIMEOUT  seconds per start-up phase (kit default 240)
# Cold start (npm ci of the server, ~50-110 s) happens once per WIKIJS_HOME. Needs Node >= 20 and
# PostgreSQL (apt-get installs it when run as root). Wiki.js is AGPL-3.0: it runs here only as an
# external test server, never bundled. Companion: scripts/wikijs-stop.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { printf '[wikijs-start] %s\n' "$*" >&2; }
die() { printf '[wikijs-start] ERROR: %s\n' "$*" >&2; exit 1; }

ARGS=()
for a in "$@"; do
  case "$a" in
    --fresh) ARGS+=(--fresh) ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) die "unknown argument: $a (try --help)" ;;
  esac
done

KIT=${WIKIJS_KIT:-$ROOT/../shared/wikijs/real}
[ -f "$KIT/start.sh" ] || die "the real Wiki.js kit is not at $KIT (no start.sh); set WIKIJS_KIT to the folder holding start.sh"
export WIKIJS_HOME=${WIKIJS_HOME:-${TMPDIR:-/tmp}/wikijs-ci}
export WIKIJS_PORT=${WIKIJS_PORT:-3010}
export WIKIJS_PG_PORT=${WIKIJS_PG_PORT:-5442}
case "$WIKIJS_PORT$WIKIJS_PG_PORT" in *[!0-9]*) die "WIKIJS_PORT and WIKIJS_PG_PORT must be numbers";; esac
command -v node >/dev/null 2>&1 || die "node is not on PATH (the kit runs Wiki.js with it)"

log "starting the real Wiki.js 2.5.314 (home $WIKIJS_HOME, port $WIKIJS_PORT, PostgreSQL $WIKIJS_PG_PORT)${ARGS[*]:+ ${ARGS[*]}}"
started=$(date +%s)
# The kit's own stderr is passed through; its stdout (export lines only) is captured.
if ! exports=$(bash "$KIT/start.sh" "${ARGS[@]}"); then
  die "the kit could not start Wiki.js (its ERROR line above says why; logs in $WIKIJS_HOME/wiki.log and $WIKIJS_HOME/pg/postgres.log)"
fi
grep -q '^export WIKIJS_URL=' <<<"$exports" && grep -q '^export WIKIJS_TOKEN=' <<<"$exports" \
  || die "the kit printed no WIKIJS_URL/WIKIJS_TOKEN exports"
log "ready in $(( $(date +%s) - started ))s"
printf '%s\nexport WIKIJS_VERSION=2\n' "$exports"
