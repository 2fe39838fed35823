#!/usr/bin/env bash
# wikijs-stop.sh — stop the real Wiki.js (and its PostgreSQL) that wikijs-start.sh started, through
# the kit's stop.sh, which signals only the pids recorded in WIKIJS_HOME.
# Options: --purge  also delete WIKIJS_HOME
# Env:     WIKIJS_KIT, WIKIJS_HOME — same defaults as wikijs-start.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KIT=${WIKIJS_KIT:-$ROOT/../shared/wikijs/real}
[ -f "$KIT/stop.sh" ] || { printf '[wikijs-stop] ERROR: the kit is not at %s; set WIKIJS_KIT\n' "$KIT" >&2; exit 1; }
WIKIJS_HOME=${WIKIJS_HOME:-${TMPDIR:-/tmp}/wikijs-ci} exec bash "$KIT/stop.sh" "$@"
