#!/usr/bin/env bash
# Quick start: installs what is needed, builds and installs pg_resty, and starts a demo
# PostgreSQL cluster in a local folder with pg_resty serving a sample API on localhost:3000.
#   bash scripts/demo.sh         start (or restart) the demo
#   bash scripts/demo.sh stop    stop it
set -euo pipefail
umask 022

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$ROOT/scripts/packages.sh"

PGPORT="${PG_RESTY_DEMO_PGPORT:-54329}"
HTTP_PORT="${PG_RESTY_DEMO_HTTP_PORT:-3000}"

# The cluster lives in .demo/ of the checkout, unless the postgres user cannot reach it there.
DEMO="${PG_RESTY_DEMO_DIR:-$ROOT/.demo}"
if [ -z "${PG_RESTY_DEMO_DIR:-}" ] && ! runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
    DEMO=/var/tmp/pg_resty_demo
fi

pg_ctl_demo() { pg_resty_as_postgres "$PG_BINDIR/pg_ctl" -D "$DEMO/data" "$@"; }

if [ "${1:-start}" = "stop" ]; then
    pg_ctl_demo -m fast -w stop
    exit 0
fi

pg_resty_install_missing "${PG_RESTY_BUILD_PACKAGES[@]}"

echo "pg_resty: building and installing"
cd "$ROOT"
make -s -j"$(nproc)"
make -s install

# A new library needs a fresh postmaster.
if [ -f "$DEMO/data/postmaster.pid" ]; then
    pg_ctl_demo -m fast -w stop >/dev/null || true
fi

fresh=0
if [ ! -d "$DEMO/data" ]; then
    fresh=1
    mkdir -p "$DEMO"
    chown postgres: "$DEMO"
    pg_resty_as_postgres "$PG_BINDIR/initdb" -D "$DEMO/data" -A trust -U postgres -E UTF8 \
        --locale=C.UTF-8 >/dev/null
    cat >> "$DEMO/data/postgresql.conf" <<CONF
# --- demo settings ---
port = $PGPORT
listen_addresses = ''
unix_socket_directories = '$DEMO'
shared_preload_libraries = 'pg_resty'
pg_resty.port = $HTTP_PORT
pg_resty.listen_addresses = 'localhost'
pg_resty.database = 'postgres'
pg_resty.authenticator = 'authenticator'
pg_resty.anon_role = 'web_anon'
pg_resty.schemas = 'api'
CONF
fi

pg_ctl_demo -l "$DEMO/postgres.log" -w start >/dev/null
if [ "$fresh" -eq 1 ]; then
    psql -X -q -v ON_ERROR_STOP=1 -h "$DEMO" -p "$PGPORT" -U postgres -f "$ROOT/scripts/demo.sql"
fi

# Wait for the HTTP workers (they start right after the database is ready).
for _ in $(seq 1 50); do
    if curl -fs "http://localhost:$HTTP_PORT/todos" >/dev/null 2>&1; then
        break
    fi
    sleep 0.2
done
if ! curl -fs "http://localhost:$HTTP_PORT/todos" >/dev/null; then
    echo "pg_resty: the demo API does not answer; see $DEMO/postgres.log" >&2
    tail -20 "$DEMO/postgres.log" >&2
    exit 1
fi

cat <<INFO

pg_resty demo is running: PostgreSQL in $DEMO (port $PGPORT), HTTP on localhost:$HTTP_PORT.

  curl 'http://localhost:$HTTP_PORT/todos'
  curl 'http://localhost:$HTTP_PORT/todos?done=is.false&order=id.desc'
  curl 'http://localhost:$HTTP_PORT/todos?select=id,task&id=in.(1,3)'
  curl 'http://localhost:$HTTP_PORT/open_todos?limit=1' -i
  curl 'http://localhost:$HTTP_PORT/nope'          # 404, PostgREST's PGRST205 error

  psql -h $DEMO -p $PGPORT -U postgres             # change the api schema; pg_resty reloads
  bash scripts/demo.sh stop
INFO
