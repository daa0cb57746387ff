#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite (Debian's postgresql package, version 15).
#
#   bash scripts/postgres-test-server.sh start   install postgresql if missing (root + apt), start a
#                                                 server on 127.0.0.1, create database taqrir_test and
#                                                 print its SQLAlchemy URL (the only thing on stdout)
#   bash scripts/postgres-test-server.sh url     print the URL of the running server
#   bash scripts/postgres-test-server.sh stop    stop it (fast) and remove its folder
#
# The server lives in ${TAQRIR_PG_DIR:-${TMPDIR:-/tmp}/taqrir-pg-PORT} (data, socket, log) where
# PORT is $TAQRIR_PG_PORT or 54329; when that port is taken, the next free one is used (the folder
# keeps its name and remembers the port). Authentication is "trust" for the user postgres, so the
# server only listens on 127.0.0.1 and a Unix socket in that folder. PostgreSQL refuses to run as
# root: as root the server runs as the postgres user. `start` on a running server only prints the
# URL. Everything but the URL goes to stderr, so `url=$(bash scripts/postgres-test-server.sh start)`.
set -euo pipefail

PG_VERSION=15
BASE_PORT=${TAQRIR_PG_PORT:-54329}
DB_NAME=taqrir_test
DIR=${TAQRIR_PG_DIR:-${TMPDIR:-/tmp}/taqrir-pg-${BASE_PORT}}
DIR=${DIR%/}
DATA=$DIR/data
LOG=$DIR/server.log
PORT_FILE=$DIR/port

say() { echo "postgres-test-server: $*" >&2; }
die() { say "error: $*"; exit 1; }

usage() {
  echo "usage: $0 start|stop|url" >&2
  exit 2
}

[[ $BASE_PORT =~ ^[0-9]+$ ]] && ((BASE_PORT > 0 && BASE_PORT < 65536)) \
  || die "TAQRIR_PG_PORT must be a port number, not '$BASE_PORT'"

is_root() { [ "$(id -u)" = 0 ]; }

# The server binaries: Debian keeps them out of PATH, in /usr/lib/postgresql/VERSION/bin.
find_bindir() {
  local d
  for d in "${TAQRIR_PG_BIN:-}" "/usr/lib/postgresql/$PG_VERSION/bin"; do
    [ -n "$d" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

install_postgresql() {
  if ! is_root; then
    die "PostgreSQL $PG_VERSION is not installed (no /usr/lib/postgresql/$PG_VERSION/bin/pg_ctl) and we are not root: install it (sudo apt-get install postgresql) or set TAQRIR_PG_BIN"
  fi
  command -v apt-get >/dev/null || die "PostgreSQL is missing and there is no apt-get to install it"
  say "installing postgresql with apt-get (quietly)"
  export DEBIAN_FRONTEND=noninteractive
  # Try the package lists that are there first; update them only when that fails (fresh machine).
  if ! apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || say "warning: apt-get update failed"
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
      || die "apt-get install postgresql failed"
  fi
}

# Run a command as the server's owner: postgres when we are root, ourselves otherwise.
as_owner() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  # Something accepts connections there, or the port cannot be bound on 127.0.0.1 the way the
  # server binds it (SO_REUSEADDR: connections of a server just stopped linger in TIME_WAIT).
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    return 0
  fi
  if command -v python3 >/dev/null; then
    python3 - "$1" <<'EOF' && return 1 || return 0
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
EOF
  fi
  return 1
}

pick_port() {
  local p
  for ((p = BASE_PORT; p < BASE_PORT + 50 && p < 65536; p++)); do
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  die "no free port in $BASE_PORT-$((p - 1)) on 127.0.0.1 (set TAQRIR_PG_PORT)"
}

url_for() { echo "postgresql+psycopg://postgres@127.0.0.1:$1/$DB_NAME"; }

# The port of the server in $DIR when it is up and answering, else nothing (and status 1).
running_port() {
  local bindir=$1 port
  [ -f "$PORT_FILE" ] && [ -f "$DATA/postmaster.pid" ] || return 1
  port=$(<"$PORT_FILE")
  as_owner "$bindir/pg_ctl" -D "$DATA" status >/dev/null 2>&1 || return 1
  as_owner "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U postgres || return 1
  echo "$port"
}

cmd_start() {
  local bindir port locale_opts
  bindir=$(find_bindir) || { install_postgresql; bindir=$(find_bindir) || die "postgresql installed but no pg_ctl in /usr/lib/postgresql/$PG_VERSION/bin"; }

  if port=$(running_port "$bindir"); then
    say "already running on 127.0.0.1:$port ($DIR)"
    url_for "$port"
    return 0
  fi
  if [ -e "$DIR" ]; then
    say "removing a stale server folder $DIR"
    [ -f "$DATA/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
  fi

  mkdir -p "$DIR"
  chmod 700 "$DIR"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "no postgres user (it comes with the postgresql package)"
    chown postgres: "$DIR"
    runuser -u postgres -- test -w "$DIR" \
      || { rm -rf "$DIR"; die "the postgres user cannot write to $DIR (is a parent folder private? set TAQRIR_PG_DIR or TMPDIR)"; }
  fi
  # Unix socket paths are limited to 107 bytes.
  ((${#DIR} + 20 < 108)) || { rm -rf "$DIR"; die "folder path too long for a Unix socket: $DIR (set TAQRIR_PG_DIR)"; }

  port=$(pick_port)
  echo "$port" >"$PORT_FILE"

  # UTF-8 whatever the caller's locale: a C/POSIX environment would make an SQL_ASCII cluster,
  # where psycopg returns bytes for text.
  if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then
    locale_opts=(--locale=C.UTF-8)
  else
    locale_opts=(--no-locale)
  fi
  as_owner "$bindir/initdb" -D "$DATA" -A trust -U postgres -E UTF8 "${locale_opts[@]}" >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; die "initdb failed (log above; folder $DIR left for inspection)"; }

  # -l: the server must not keep our stdout open (that would hang `url=$(... start)`).
  # fsync & co. off: a throwaway server, speed over durability.
  if ! as_owner "$bindir/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-p $port -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null; then
    tail -n 30 "$LOG" >&2 2>/dev/null || true
    die "the server did not start (log above: $LOG)"
  fi
  as_owner "$bindir/psql" -q -X -h "$DIR" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE $DB_NAME" >/dev/null \
    || die "could not create database $DB_NAME (server log: $LOG)"
  say "started on 127.0.0.1:$port ($DIR); stop with: bash $0 stop"
  url_for "$port"
}

cmd_stop() {
  local bindir
  if [ ! -e "$DIR" ]; then
    say "not running (no $DIR)"
    return 0
  fi
  if [ -f "$DATA/postmaster.pid" ]; then
    bindir=$(find_bindir) || die "no pg_ctl to stop the server in $DIR"
    as_owner "$bindir/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 \
      || as_owner "$bindir/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 \
      || { as_owner "$bindir/pg_ctl" -D "$DATA" status >/dev/null 2>&1 && die "could not stop the server in $DIR"; }
  fi
  rm -rf "$DIR"
  say "stopped and removed $DIR"
}

cmd_url() {
  local bindir port
  bindir=$(find_bindir) || die "PostgreSQL $PG_VERSION is not installed"
  port=$(running_port "$bindir") || die "no server running in $DIR (start one: bash $0 start)"
  url_for "$port"
}

[ $# -eq 1 ] || usage
case $1 in
  start) cmd_start ;;
  stop) cmd_stop ;;
  url) cmd_url ;;
  *) usage ;;
esac
