#!/usr/bin/env bash
# mediawiki-start.sh — bring up a real MediaWiki 1.39 (Debian package) test wiki on loopback.
#
# Idempotent: installs the Debian packages if missing, installs the wiki (SQLite) if missing,
# reuses an existing install, starts `php -S` on 127.0.0.1 if it is not already running,
# waits until the API answers and the bot password logs in, then prints shell exports:
#
#     eval "$(/path/to/mediawiki-start.sh)"      # sets MW_API_URL, MW_USERNAME, MW_PASSWORD, ...
#
# stdout carries ONLY the `export` lines; all progress and errors go to stderr.
#
# Options:  --fresh   stop the server and wipe MW_HOME first (brand-new wiki)
# Env:      MW_HOME   state dir (default: ${TMPDIR:-/tmp}/mediawiki-ci): LocalSettings.php, SQLite
#                     DBs, uploads, credentials, pid file, logs
#           MW_PORT   port on 127.0.0.1 (default 8080)
#           MW_SERVER_WORKERS  php -S worker processes (default 1; see NOTES.md before raising it)
#           MW_START_TIMEOUT   seconds to wait for the API (default 60)
# Needs root (or the packages already installed). Companion: mediawiki-stop.sh.
set -euo pipefail

T_START=$(date +%s.%N)
MW_HOME=${MW_HOME:-${TMPDIR:-/tmp}/mediawiki-ci}
MW_PORT=${MW_PORT:-8080}
MW_BIND=127.0.0.1
WORKERS_ASKED=${MW_SERVER_WORKERS:-}
MW_SERVER_WORKERS=${MW_SERVER_WORKERS:-1}
MW_START_TIMEOUT=${MW_START_TIMEOUT:-60}
MW_IP=/usr/share/mediawiki            # Debian's code dir (read-only for us)
SERVER_URL="http://$MW_BIND:$MW_PORT"
API_URL="$SERVER_URL/api.php"
ADMIN_USER=Admin
USER2=Tester
BOT_APPID=bot
BOT_GRANTS=basic,highvolume,editpage,editprotected,editmycssjs,editmyoptions,editinterface,editsiteconfig,createeditmovepage,uploadfile,uploadeditmovefile,patrol,rollback,delete,protect,viewdeleted,viewrestrictedlogs,viewmywatchlist,editmywatchlist,import,mergehistory,blockusers,createaccount
BOT_GRANTS2=basic,highvolume,editpage,createeditmovepage,uploadfile,uploadeditmovefile

log() { printf '[mediawiki-start] %s\n' "$*" >&2; }
die() { printf '[mediawiki-start] ERROR: %s\n' "$*" >&2; exit 1; }
elapsed() { awk -v a="$T_START" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1fs", b-a}'; }
trap 'rc=$?; [ $rc -eq 0 ] || printf "[mediawiki-start] FAILED (exit %s) after %s; see %s/server.log and %s/install.log\n" "$rc" "$(elapsed)" "$MW_HOME" "$MW_HOME" >&2' EXIT

for a in "$@"; do
  case "$a" in
    --fresh) FRESH=1 ;;
    -h|--help) sed -n '2,18p' "$0" >&2; trap - EXIT; exit 0 ;;
    *) die "unknown argument: $a (try --help)" ;;
  esac
done

case "$MW_PORT" in ''|*[!0-9]*) die "MW_PORT must be a number, got '$MW_PORT'";; esac
case "$MW_HOME" in /*) ;; *) die "MW_HOME must be an absolute path, got '$MW_HOME'";; esac
[ "$MW_HOME" != / ] || die "refusing MW_HOME=/"

PIDFILE="$MW_HOME/server.pid"

server_pid() { # prints the pid of *our* running server, or nothing
  local pid
  [ -f "$PIDFILE" ] || return 0
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  case "$pid" in ''|*[!0-9]*) return 0;; esac
  # alive, not a zombie, and really our php -S for this MW_HOME
  if [ -r "/proc/$pid/cmdline" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null \
     && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "-S $MW_BIND:$MW_PORT .*$MW_HOME/router.php"; then
    echo "$pid"
  fi
}

api_up() { curl -fsS -m 10 "$API_URL?action=query&meta=siteinfo&format=json" 2>/dev/null | grep -q '"generator":"MediaWiki'; }

# ---------------------------------------------------------------- --fresh
if [ "${FRESH:-}" = 1 ]; then
  pid=$(server_pid)
  if [ -n "$pid" ]; then log "--fresh: stopping server pid $pid"; kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; sleep 0.5; fi
  log "--fresh: removing $MW_HOME"
  rm -rf -- "$MW_HOME"
fi

# ---------------------------------------------------------------- 1. packages
PKGS_PRESENT=1
[ -f "$MW_IP/maintenance/install.php" ] || PKGS_PRESENT=0
if command -v php >/dev/null 2>&1; then
  mods=$(php -m 2>/dev/null | tr 'A-Z' 'a-z')
  for m in intl mbstring xml dom pdo_sqlite sqlite3 apcu gd; do
    grep -qx "$m" <<<"$mods" || PKGS_PRESENT=0
  done
else
  PKGS_PRESENT=0
fi

if [ "$PKGS_PRESENT" = 0 ]; then
  [ "$(id -u)" = 0 ] || die "MediaWiki/PHP packages missing and not running as root; run as root or: apt-get install mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml php-apcu php-gd"
  command -v apt-get >/dev/null || die "apt-get not found: this script targets Debian 12 (bookworm)"
  log "installing Debian packages (mediawiki + PHP, no Apache) ..."
  T0=$(date +%s)
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p "$MW_HOME"
  # Never let package scripts start daemons (micro-httpd only satisfies mediawiki's `httpd` dependency).
  OUR_POLICY=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# temporary, created by mediawiki-start.sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d; OUR_POLICY=1
  fi
  apt-get update -q >"$MW_HOME/apt.log" 2>&1 || { [ -n "$OUR_POLICY" ] && rm -f /usr/sbin/policy-rc.d; tail -20 "$MW_HOME/apt.log" >&2; die "apt-get update failed"; }
  # The SAPI package must be named with its version: plain `php-cgi` lets apt pick libapache2-mod-php.
  PHPV=$(apt-cache depends php-cli 2>/dev/null | grep -oP 'Depends: php\K[0-9.]+(?=-cli)' | head -1 || true)
  PHPV=${PHPV:-8.2}
  # mediawiki Depends: apache2 | httpd  -> micro-httpd (tiny, inetd/socket-activated; not started)
  if ! apt-get install -y -q --no-install-recommends \
        mediawiki "php$PHPV-cgi" php-cli php-sqlite3 php-intl php-mbstring php-xml php-apcu php-gd \
        micro-httpd netcat-traditional >>"$MW_HOME/apt.log" 2>&1; then
    [ -n "$OUR_POLICY" ] && rm -f /usr/sbin/policy-rc.d
    tail -30 "$MW_HOME/apt.log" >&2; die "apt-get install failed (log: $MW_HOME/apt.log)"
  fi
  [ -n "$OUR_POLICY" ] && rm -f /usr/sbin/policy-rc.d
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now micro-httpd.socket >/dev/null 2>&1 || true
  fi
  grep -q '^Setting up apache2 ' "$MW_HOME/apt.log" && log "WARNING: apache2 got installed"
  log "packages installed in $(( $(date +%s) - T0 ))s"
  [ -f "$MW_IP/maintenance/install.php" ] || die "mediawiki package installed but $MW_IP/maintenance/install.php missing"
else
  log "packages already installed ($(php -r 'echo PHP_VERSION;'), MediaWiki $(sed -n "s/.*MW_VERSION', '\([^']*\)'.*/\1/p" "$MW_IP/includes/Defines.php" 2>/dev/null || echo '?'))"
fi

# ---------------------------------------------------------------- 2. wiki install
mkdir -p "$MW_HOME"
chmod 700 "$MW_HOME"
CONF="$MW_HOME/LocalSettings.php"
CRED="$MW_HOME/credentials.env"

write_runtime_files() {
  # Regenerated on every run so config changes in this script reach existing installs.
  cat >"$MW_HOME/CISettings.php" <<PHP
<?php
# Generated by mediawiki-start.sh on every start; edit the script, not this file.
if ( !defined( 'MEDIAWIKI' ) ) { exit; }
\$wgServer = 'http://$MW_BIND:$MW_PORT';
\$wgCanonicalServer = \$wgServer;
# Caches: APCu for the object cache (php -S runs with apc.enable_cli=1), SQLite for sessions.
\$wgMainCacheType = CACHE_ACCEL;
\$wgSessionCacheType = CACHE_DB;
# Uploads into the temp state dir, served by router.php under /images/
\$wgEnableUploads = true;
\$wgUploadDirectory = __DIR__ . '/images';
\$wgUploadPath = '/images';
\$wgFileExtensions = array_values( array_unique( array_merge( \$wgFileExtensions, [ 'png', 'gif', 'jpg', 'jpeg', 'webp', 'svg', 'pdf' ] ) ) );
\$wgUseImageMagick = false;      # GD (php-gd) does thumbnails; never shell out to convert
\$wgTmpDirectory = __DIR__ . '/tmp';
\$wgCacheDirectory = __DIR__ . '/cache';
# API automation: the Action API (incl. writes) is always on in 1.39; no captcha extension is loaded.
\$wgEnableBotPasswords = true;
# No throttling: empty rate limits AND the noratelimit right for every group.
\$wgRateLimits = [];
foreach ( [ '*', 'user', 'autoconfirmed', 'bot', 'sysop', 'bureaucrat' ] as \$ciGroup ) {
	\$wgGroupPermissions[\$ciGroup]['noratelimit'] = true;
}
\$wgPasswordAttemptThrottle = false;   # failed-login tests must not lock the account
\$wgAccountCreationThrottle = false;
\$wgAutoConfirmAge = 0;
\$wgAutoConfirmCount = 0;
\$wgEnableEmail = false;
\$wgEnableUserEmail = false;
\$wgShowExceptionDetails = true;
\$wgDebugLogGroups['exception'] = __DIR__ . '/logs/exception.log';
\$wgDebugLogGroups['error'] = __DIR__ . '/logs/error.log';
PHP
  cat >"$MW_HOME/router.php" <<'PHP'
<?php
// Router for `php -S`: serves uploads from MW_HOME/images under /images/, everything else
// via MediaWiki's own dev router (static files with MIME types, PHP entry points).
$uri = rawurldecode( (string)parse_url( $_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH ) );
if ( strncmp( $uri, '/images/', 8 ) === 0 ) {
	$rel = substr( $uri, 8 );
	$file = __DIR__ . '/images/' . $rel;
	if ( strpos( $rel, '..' ) === false && is_file( $file ) ) {
		header( 'Content-Type: ' . ( mime_content_type( $file ) ?: 'application/octet-stream' ) );
		header( 'Content-Length: ' . filesize( $file ) );
		header( 'X-Content-Type-Options: nosniff' );
		readfile( $file );
		return true;
	}
	http_response_code( 404 );
	header( 'Content-Type: text/plain' );
	echo "Not found\n";
	return true;
}
return require '/usr/share/mediawiki/maintenance/dev/includes/router.php';
PHP
}

maint() { # run a maintenance script against our LocalSettings
  local script=$1; shift
  ( cd "$MW_IP" && MW_CONFIG_FILE="$CONF" php -d apc.enable_cli=1 "maintenance/$script" --conf "$CONF" "$@" )
}

rand_alnum() { head -c 256 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c "$1"; }
# Bot passwords MUST match ^[0-9a-w]{32,}$ or api.php's action=login silently treats
# "User@app" as a main-account login and fails with "Incorrect username or password".
rand_botpw() { head -c 512 /dev/urandom | tr -dc '0-9a-v' | head -c 32; }

if [ -f "$MW_HOME/.installed" ] && [ -f "$CONF" ] && [ -f "$CRED" ] && [ -f "$MW_HOME/data/wikidb.sqlite" ]; then
  log "reusing existing wiki in $MW_HOME"
  write_runtime_files
else
  # (Re)install from scratch; a half-finished earlier attempt is discarded.
  pid=$(server_pid)
  [ -z "$pid" ] || { log "stopping stale server pid $pid"; kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; sleep 0.5; }
  log "installing a new wiki in $MW_HOME ..."
  T0=$(date +%s)
  rm -rf -- "$MW_HOME/data" "$MW_HOME/images" "$MW_HOME/cache" "$MW_HOME/tmp" "$MW_HOME/logs" "$CONF" "$CRED" "$MW_HOME/.installed"
  mkdir -p "$MW_HOME/data" "$MW_HOME/images" "$MW_HOME/cache" "$MW_HOME/tmp" "$MW_HOME/logs"
  ADMIN_PASS=${MW_ADMIN_PASSWORD:-"Adm-$(rand_alnum 24)"}
  PASS2="Usr-$(rand_alnum 24)"
  BOTPW=$(rand_botpw); BOTPW2=$(rand_botpw)
  [ ${#BOTPW} -eq 32 ] && [ ${#BOTPW2} -eq 32 ] || die "could not generate bot passwords"
  umask 077
  printf '%s' "$ADMIN_PASS" >"$MW_HOME/.adminpass"
  if ! ( cd "$MW_IP" && php maintenance/install.php --confpath "$MW_HOME" --dbtype sqlite \
          --dbpath "$MW_HOME/data" --dbname wikidb --server "$SERVER_URL" --scriptpath "" \
          --lang en --passfile "$MW_HOME/.adminpass" --skins Vector \
          "CI Test Wiki" "$ADMIN_USER" ) >"$MW_HOME/install.log" 2>&1; then
    rm -f "$MW_HOME/.adminpass"; tail -30 "$MW_HOME/install.log" >&2; die "maintenance/install.php failed"
  fi
  rm -f "$MW_HOME/.adminpass"
  [ -f "$CONF" ] || die "install.php did not write $CONF"
  printf '\n# CI test-wiki overrides (regenerated by mediawiki-start.sh)\nrequire_once __DIR__ . "/CISettings.php";\n' >>"$CONF"
  write_runtime_files
  {
    maint createAndPromote.php --force --bot "$ADMIN_USER"
    maint createAndPromote.php --bot "$USER2" "$PASS2"
    maint createBotPassword.php --appid "$BOT_APPID" --grants "$BOT_GRANTS" "$ADMIN_USER" "$BOTPW"
    maint createBotPassword.php --appid "$BOT_APPID" --grants "$BOT_GRANTS2" "$USER2" "$BOTPW2"
  } >>"$MW_HOME/install.log" 2>&1 || { tail -30 "$MW_HOME/install.log" >&2; die "creating users/bot passwords failed"; }
  cat >"$CRED" <<EOF
export MW_SERVER_URL=$(printf %q "$SERVER_URL")
export MW_API_URL=$(printf %q "$API_URL")
export MW_USERNAME=$(printf %q "$ADMIN_USER@$BOT_APPID")
export MW_PASSWORD=$(printf %q "$BOTPW")
export MW_USERNAME2=$(printf %q "$USER2@$BOT_APPID")
export MW_PASSWORD2=$(printf %q "$BOTPW2")
export MW_ADMIN_USERNAME=$(printf %q "$ADMIN_USER")
export MW_ADMIN_PASSWORD=$(printf %q "$ADMIN_PASS")
export MW_HOME=$(printf %q "$MW_HOME")
EOF
  umask 022
  touch "$MW_HOME/.installed"
  log "wiki installed in $(( $(date +%s) - T0 ))s"
fi

# ---------------------------------------------------------------- 3. server
pid=$(server_pid)
WORKERS_FILE="$MW_HOME/server.workers"
if [ -n "$pid" ] && api_up; then
  running_workers=$(cat "$WORKERS_FILE" 2>/dev/null || echo 1)
  log "server already running (pid $pid, workers: $running_workers) at $SERVER_URL"
  if [ -n "$WORKERS_ASKED" ] && [ "$WORKERS_ASKED" != "$running_workers" ]; then
    log "MW_SERVER_WORKERS=$WORKERS_ASKED ignored: the running server has $running_workers (stop it with scripts/mediawiki-stop.sh to change)"
  fi
  MW_SERVER_WORKERS=$running_workers
else
  if [ -n "$pid" ]; then
    log "server pid $pid is not answering; restarting it"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; sleep 1
  fi
  rm -f "$PIDFILE"
  if (exec 3<>"/dev/tcp/$MW_BIND/$MW_PORT") 2>/dev/null; then
    die "port $MW_BIND:$MW_PORT is already in use by a process this MW_HOME did not start (an old server whose MW_HOME was deleted? see: ss -ltnp | grep :$MW_PORT); free it or set MW_PORT"
  fi
  case "$MW_SERVER_WORKERS" in ''|*[!0-9]*|0) die "MW_SERVER_WORKERS must be a positive number, got '$MW_SERVER_WORKERS'";; esac
  log "starting php -S on $MW_BIND:$MW_PORT (workers: $MW_SERVER_WORKERS)"
  echo "$MW_SERVER_WORKERS" >"$WORKERS_FILE"
  workers_env=()
  [ "$MW_SERVER_WORKERS" -gt 1 ] && workers_env=(PHP_CLI_SERVER_WORKERS="$MW_SERVER_WORKERS")
  # setsid: own session/process group, so mediawiki-stop.sh can end the server and any workers together.
  # The inner shell writes its own pid (= php's pid after exec) to the pid file.
  ( cd "$MW_IP" && exec setsid env MW_CONFIG_FILE="$CONF" "${workers_env[@]}" \
      bash -c 'echo $$ >"$0"; exec php -d apc.enable_cli=1 -d memory_limit=512M -d upload_max_filesize=100M -d post_max_size=100M -S "$1" -t "$2" "$3"' \
      "$PIDFILE" "$MW_BIND:$MW_PORT" "$MW_IP" "$MW_HOME/router.php" \
      </dev/null >>"$MW_HOME/server.log" 2>&1 ) &
  deadline=$(( $(date +%s) + MW_START_TIMEOUT ))
  until api_up; do
    sleep 0.2
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -20 "$MW_HOME/server.log" >&2 || true
      die "API did not answer at $API_URL within ${MW_START_TIMEOUT}s"
    fi
    p=$(cat "$PIDFILE" 2>/dev/null || true)
    if [ -n "$p" ] && { ! kill -0 "$p" 2>/dev/null || grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null; }; then
      tail -20 "$MW_HOME/server.log" >&2 || true
      die "php -S exited during startup (log: $MW_HOME/server.log)"
    fi
  done
  log "server up (pid $(cat "$PIDFILE")) at $SERVER_URL"
fi

# ---------------------------------------------------------------- 4. check the bot login works
# shellcheck disable=SC1090
. "$CRED"
jar=$(mktemp)
lt=$(curl -fsS -m 20 -c "$jar" -b "$jar" "$API_URL?action=query&meta=tokens&type=login&format=json" \
      | php -r '$j=json_decode(stream_get_contents(STDIN)); echo $j->query->tokens->logintoken ?? "";') || true
[ -n "$lt" ] || { rm -f "$jar"; die "could not get a login token from $API_URL"; }
res=$(curl -fsS -m 20 -c "$jar" -b "$jar" "$API_URL" --data-urlencode action=login --data-urlencode "lgname=$MW_USERNAME" \
      --data-urlencode "lgpassword=$MW_PASSWORD" --data-urlencode "lgtoken=$lt" --data-urlencode format=json) || true
rm -f "$jar"
grep -q '"result":"Success"' <<<"$res" || die "bot login as $MW_USERNAME failed: $res"
log "bot login OK ($MW_USERNAME); ready in $(elapsed)"

cat "$CRED"
echo "export MW_SERVER_WORKERS=$MW_SERVER_WORKERS"
