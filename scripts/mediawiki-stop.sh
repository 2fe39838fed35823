#!/usr/bin/env bash
# mediawiki-stop.sh — stop the php -S server that mediawiki-start.sh started (via its pid file).
# Only that server (and its own worker processes, which share its process group) is signalled.
# Options: --purge  also delete MW_HOME (the wiki's data, uploads, credentials)
# Env:     MW_HOME (default ${TMPDIR:-/tmp}/mediawiki-ci), MW_PORT (default 8080) — same as start.
set -euo pipefail
MW_HOME=${MW_HOME:-${TMPDIR:-/tmp}/mediawiki-ci}
MW_PORT=${MW_PORT:-8080}
PIDFILE="$MW_HOME/server.pid"
log() { printf '[mediawiki-stop] %s\n' "$*" >&2; }

PURGE=
for a in "$@"; do
  case "$a" in
    --purge) PURGE=1 ;;
    -h|--help) sed -n '2,5p' "$0" >&2; exit 0 ;;
    *) log "unknown argument: $a"; exit 2 ;;
  esac
done

alive() { # running and not a zombie
  kill -0 "$1" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}
group_alive() { # any non-zombie process left in process group $1
  local p
  for p in $(ps -e -o pid= -o pgid= 2>/dev/null | awk -v g="$1" '$2==g{print $1}'); do
    alive "$p" && return 0
  done
  return 1
}

if [ ! -f "$PIDFILE" ]; then
  log "no pid file at $PIDFILE: nothing to stop"
else
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  case "$pid" in ''|*[!0-9]*) log "bad pid file $PIDFILE"; rm -f "$PIDFILE"; pid= ;; esac
  if [ -n "$pid" ]; then
    if alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-S 127.0.0.1:.*$MW_HOME/router.php"; then
      log "stopping server pid $pid (process group $pid)"
      # mediawiki-start.sh runs php -S under setsid, so pid == process group id; signalling the group
      # also ends PHP_CLI_SERVER_WORKERS children, which otherwise outlive their parent.
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do group_alive "$pid" || break; sleep 0.1; done
      if group_alive "$pid"; then
        log "still running after 5s; sending SIGKILL to process group $pid"
        kill -KILL -- "-$pid" 2>/dev/null || true
        sleep 0.2
      fi
    elif alive "$pid"; then
      log "pid $pid is alive but is not our php -S server (stale pid file): not touching it"
    else
      log "server pid $pid is not running (stale pid file)"
    fi
    rm -f "$PIDFILE"
  fi
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$MW_PORT") 2>/dev/null; then
  log "note: something still listens on 127.0.0.1:$MW_PORT (not started from $MW_HOME)"
fi

if [ -n "$PURGE" ]; then
  case "$MW_HOME" in /|'') log "refusing to purge MW_HOME='$MW_HOME'"; exit 1 ;; esac
  log "removing $MW_HOME"
  rm -rf -- "$MW_HOME"
fi
log "done"
