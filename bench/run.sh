#!/usr/bin/env bash
# pg_resty read benchmark: GET one pgbench account by primary key over HTTP (wrk) versus
# the same lookup through PostgreSQL's own protocol (pgbench -S -M prepared), on one
# throw-away cluster. See bench/README.md.
set -euo pipefail
export LC_ALL=C

SCALE=${SCALE:-10}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-3}
CLIENTS=${CLIENTS:-16}
THREADS=${THREADS:-2}
PGPORT=${PGPORT:-55499}
HTTP_PORT=${HTTP_PORT:-53099}
HTTP_WORKERS=${HTTP_WORKERS:-}          # empty: pg_resty's default (number of CPUs, min 2)
HOOKS=${HOOKS:-}                        # Lua hooks file for pg_resty.hooks (bench/hook_cost.sh)
SHARED_BUFFERS=${SHARED_BUFFERS:-256MB}
BENCH_DB=${BENCH_DB:-bench}
READY_TIMEOUT=${READY_TIMEOUT:-60}
KEEP_TMP=${KEEP_TMP:-0}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
LUA_SCRIPT="$BENCH_DIR/random_account.lua"
MAX_AID=$((100000 * SCALE))

# Nothing from the caller's libpq environment may redirect our clients elsewhere.
unset PGHOST PGHOSTADDR PGDATABASE PGUSER PGOPTIONS PGSERVICE PGSERVICEFILE PGPASSFILE

die() { echo "ERROR: $*" >&2; exit 1; }
step() { echo "==> $*"; }

# PostgreSQL refuses to run as root: run its programs as the postgres user then.
as_pg() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# ---------------------------------------------------------------- preflight
for n in SCALE DURATION WARMUP CLIENTS THREADS PGPORT HTTP_PORT READY_TIMEOUT; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a non-negative integer (got '${!n}')"
done
[[ -z $HTTP_WORKERS || $HTTP_WORKERS =~ ^[0-9]+$ ]] || die "HTTP_WORKERS must be an integer"
(( SCALE >= 1 && DURATION >= 1 && CLIENTS >= 1 && THREADS >= 1 )) || die "SCALE, DURATION, CLIENTS, THREADS must be >= 1"
for bin in initdb pg_ctl pgbench psql createdb pg_config; do
    [[ -x $PGBIN/$bin ]] || die "$PGBIN/$bin not found (set PGBIN)"
done
command -v wrk >/dev/null || die "wrk not installed"
command -v curl >/dev/null || die "curl not installed"
[[ -f $LUA_SCRIPT ]] || die "$LUA_SCRIPT missing"
PKGLIBDIR=$("$PGBIN/pg_config" --pkglibdir)
[[ -f $PKGLIBDIR/pg_resty.so ]] || die "pg_resty.so not installed in $PKGLIBDIR (cd $REPO_DIR && make && make install)"
if [[ -f $REPO_DIR/pg_resty.so ]] && ! cmp -s "$REPO_DIR/pg_resty.so" "$PKGLIBDIR/pg_resty.so"; then
    echo "WARNING: $PKGLIBDIR/pg_resty.so differs from $REPO_DIR/pg_resty.so; run 'make install' to benchmark the current build" >&2
fi
if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "running as root needs a 'postgres' user to own the cluster"
fi
if ss -Hltn "sport = :$HTTP_PORT" 2>/dev/null | grep -q .; then
    die "TCP port $HTTP_PORT is already in use (set HTTP_PORT)"
fi

# ---------------------------------------------------------------- temp cluster + cleanup
WORK=$(mktemp -d /tmp/pg_resty_bench.XXXXXX)
DATA="$WORK/data"
LOG="$WORK/postgres.log"
CHILD_PID=""
if [[ $(id -u) -eq 0 ]]; then chown postgres: "$WORK"; fi

# The caller's stdout/stderr: a signal may arrive while a redirected command runs, and the
# trap then runs under that redirection.
exec 3>&1 4>&2

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    exec 1>&3 2>&4
    if [[ -n $CHILD_PID ]] && kill -0 "$CHILD_PID" 2>/dev/null; then
        kill "$CHILD_PID" 2>/dev/null
        wait "$CHILD_PID" 2>/dev/null
    fi
    if [[ -f $DATA/postmaster.pid ]]; then
        echo "==> stopping cluster"
        if ! as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null; then
            echo "fast shutdown failed, trying immediate" >&2
            as_pg "$PGBIN/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null
        fi
    fi
    if (( rc != 0 )); then
        echo >&2
        echo "!!! benchmark FAILED (exit $rc)" >&2
        if [[ -f $LOG ]]; then
            echo "--- last 60 lines of $LOG ---" >&2
            tail -n 60 "$LOG" >&2
            echo "--- end of log ---" >&2
        fi
    fi
    if [[ $KEEP_TMP == 1 ]]; then
        echo "temp dir kept: $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cd "$WORK"   # the postgres user may not be able to read the caller's cwd

# Runs a foreground child in the background so the signal traps can stop it.
run_child() {
    "$@" &
    CHILD_PID=$!
    local rc=0
    wait "$CHILD_PID" || rc=$?
    CHILD_PID=""
    return "$rc"
}

psql_db() {
    as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$WORK" -p "$PGPORT" -U postgres -d "$BENCH_DB" "$@"
}

step "initdb in $DATA"
as_pg "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null

cat >>"$DATA/postgresql.conf" <<EOF

# ---- pg_resty benchmark (bench/run.sh) ----
listen_addresses = ''
port = $PGPORT
unix_socket_directories = '$WORK'
max_connections = 100
shared_buffers = $SHARED_BUFFERS
# Read-only benchmark: durability is irrelevant, so skip it (also speeds up pgbench -i).
fsync = off
synchronous_commit = off
full_page_writes = off
shared_preload_libraries = 'pg_resty'
pg_resty.port = $HTTP_PORT
pg_resty.listen_addresses = 'localhost'
pg_resty.database = '$BENCH_DB'
pg_resty.authenticator = 'authenticator'
pg_resty.anon_role = 'web_anon'
pg_resty.schemas = 'api'
EOF
if [[ -n $HTTP_WORKERS ]]; then
    echo "pg_resty.http_workers = $HTTP_WORKERS" >>"$DATA/postgresql.conf"
fi
if [[ -n $HOOKS ]]; then
    # A copy in the work folder: the server reads it as the postgres user.
    install -m 644 "$HOOKS" "$WORK/hooks.lua"
    echo "pg_resty.hooks = '$WORK/hooks.lua'" >>"$DATA/postgresql.conf"
fi

step "starting PostgreSQL (port $PGPORT, socket dir $WORK, HTTP port $HTTP_PORT)"
as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null

# ---------------------------------------------------------------- data + API
step "pgbench -i -s $SCALE (database $BENCH_DB)"
as_pg "$PGBIN/createdb" -h "$WORK" -p "$PGPORT" -U postgres "$BENCH_DB"
as_pg "$PGBIN/pgbench" -i -s "$SCALE" -q -h "$WORK" -p "$PGPORT" -U postgres "$BENCH_DB" 2>&1 | tail -n 2 | sed 's/^/    /'

step "roles, extension, api schema"
psql_db <<'SQL'
CREATE ROLE authenticator LOGIN NOINHERIT;
CREATE ROLE web_anon NOLOGIN;
GRANT web_anon TO authenticator;
CREATE EXTENSION pg_resty;
CREATE SCHEMA api;
CREATE VIEW api.pgbench_accounts AS SELECT * FROM public.pgbench_accounts;
GRANT USAGE ON SCHEMA api TO web_anon;
GRANT SELECT ON api.pgbench_accounts TO web_anon;
SQL
[[ $(psql_db -At -c 'SELECT pg_resty.is_preloaded()') == t ]] || die "pg_resty is not preloaded"

# Prints "<http code> <number of rows>" for one key (rows counted by their "aid" member).
probe() {
    local body code rows
    body=$(curl -sS --max-time 5 -o - -w $'\n%{http_code}' "http://localhost:$HTTP_PORT/pgbench_accounts?aid=eq.$1" 2>/dev/null) || { echo "000 0"; return; }
    code=${body##*$'\n'}
    body=${body%$'\n'*}
    rows=$(grep -o '"aid"[[:space:]]*:[[:space:]]*[0-9]*' <<<"$body" | wc -l || true)
    if (( rows == 1 )) && ! grep -Eq "\"aid\"[[:space:]]*:[[:space:]]*$1([^0-9]|\$)" <<<"$body"; then
        rows=-1   # one row, but not the one asked for
    fi
    echo "$code $rows"
}

step "waiting for GET /pgbench_accounts?aid=eq.1 -> 200 with one row (up to ${READY_TIMEOUT}s)"
deadline=$((SECONDS + READY_TIMEOUT))
while :; do
    result=$(probe 1)
    [[ $result == "200 1" ]] && break
    if (( SECONDS >= deadline )); then
        echo "last probe (code rows): $result" >&2
        curl -sS --max-time 5 "http://localhost:$HTTP_PORT/pgbench_accounts?aid=eq.1" >&2 || true
        echo >&2
        die "HTTP API not ready after ${READY_TIMEOUT}s"
    fi
    sleep 0.5
done
READY_LOG_LINES=$(wc -l <"$LOG")
echo "    ready after ~$((SECONDS - deadline + READY_TIMEOUT))s"

# The Lua script draws keys from 1..MAX_AID: both ends must exist, one past the end must not.
[[ $(probe "$MAX_AID") == "200 1" ]] || die "aid=$MAX_AID did not return exactly one row"
[[ $(probe $((MAX_AID + 1))) == "200 0" ]] || die "aid=$((MAX_AID + 1)) did not return an empty array"

# ---------------------------------------------------------------- HTTP benchmark
WRK_URL="http://127.0.0.1:$HTTP_PORT"
if (( WARMUP > 0 )); then
    step "wrk warm-up ${WARMUP}s"
    run_child wrk -t"$THREADS" -c"$CLIENTS" -d"${WARMUP}s" -s "$LUA_SCRIPT" "$WRK_URL" -- "$MAX_AID" >"$WORK/wrk_warmup.txt" 2>&1 \
        || { cat "$WORK/wrk_warmup.txt" >&2; die "wrk warm-up failed"; }
    grep '^WRK_RESULT' "$WORK/wrk_warmup.txt" | sed 's/^/    /'
fi

step "wrk ${DURATION}s: -t$THREADS -c$CLIENTS, keep-alive, GET /pgbench_accounts?aid=eq.<random 1..$MAX_AID>"
run_child wrk -t"$THREADS" -c"$CLIENTS" -d"${DURATION}s" --latency -s "$LUA_SCRIPT" "$WRK_URL" -- "$MAX_AID" >"$WORK/wrk.txt" 2>&1 \
    || { cat "$WORK/wrk.txt" >&2; die "wrk failed"; }
grep -v '^WRK_RESULT' "$WORK/wrk.txt" | sed 's/^/    /'

WRK_LINE=$(grep '^WRK_RESULT' "$WORK/wrk.txt" || true)
[[ -n $WRK_LINE ]] || die "no WRK_RESULT line in wrk output"
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$WRK_LINE"; }
WRK_REQUESTS=$(kv requests)
WRK_RPS=$(kv rps)
WRK_ERRORS="connect $(kv err_connect), read $(kv err_read), write $(kv err_write), timeout $(kv err_timeout)"
WRK_NON2XX=$(kv err_status)
WRK_LATENCY=$(grep -E '^[[:space:]]+Latency[[:space:]]' "$WORK/wrk.txt" | head -n 1 | sed 's/^[[:space:]]*//')
WRK_PCTS="p50 $(kv lat_p50_us)us, p90 $(kv lat_p90_us)us, p99 $(kv lat_p99_us)us, max $(kv lat_max_us)us"

# wrk counts status >= 400 as "Non-2xx or 3xx responses"; socket errors make the rate meaningless.
wrk_bad=0
if grep -q 'Non-2xx or 3xx responses' "$WORK/wrk.txt" || [[ $WRK_NON2XX != 0 ]]; then wrk_bad=1; fi
if grep -q 'Socket errors' "$WORK/wrk.txt" \
   || [[ $(kv err_connect)$(kv err_read)$(kv err_write)$(kv err_timeout) != 0000 ]]; then wrk_bad=1; fi
(( WRK_REQUESTS > 0 )) || wrk_bad=1
if (( wrk_bad )); then
    die "wrk reported non-2xx responses ($WRK_NON2XX) or socket errors ($WRK_ERRORS) or no requests ($WRK_REQUESTS): the req/s figure is meaningless"
fi

# wrk discards bodies; spot-check that random keys really return their one row.
for _ in $(seq 1 20); do
    key=$(( (RANDOM * 32768 + RANDOM) % MAX_AID + 1 ))
    [[ $(probe "$key") == "200 1" ]] || die "spot check: aid=$key did not return exactly its row"
done

# ---------------------------------------------------------------- pgbench -S
step "pgbench -S -M prepared -c$CLIENTS -j$THREADS -T $DURATION -n (unix socket)"
run_child as_pg "$PGBIN/pgbench" -S -M prepared -c"$CLIENTS" -j"$THREADS" -T "$DURATION" -n \
    -h "$WORK" -p "$PGPORT" -U postgres "$BENCH_DB" >"$WORK/pgbench.txt" 2>&1 \
    || { cat "$WORK/pgbench.txt" >&2; die "pgbench failed"; }
sed 's/^/    /' "$WORK/pgbench.txt"

# PG >= 14: "tps = N (without initial connection time)"; older: "(excluding connections establishing)".
TPS_LINE=$(grep -E '^tps = .*(without initial connection time|excluding connections establishing)' "$WORK/pgbench.txt" | head -n 1 || true)
[[ -n $TPS_LINE ]] || TPS_LINE=$(grep -E '^tps = ' "$WORK/pgbench.txt" | head -n 1 || true)
[[ -n $TPS_LINE ]] || die "no tps line in pgbench output"
PGBENCH_TPS=$(sed -E 's/^tps = ([0-9.]+).*/\1/' <<<"$TPS_LINE")
failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$WORK/pgbench.txt")
[[ -z $failed || $failed == 0 ]] || die "pgbench reported $failed failed transactions"

# ---------------------------------------------------------------- cluster log
echo
step "cluster log check ($LOG)"
SETUP_ISSUES=$(head -n "$READY_LOG_LINES" "$LOG" | grep -cE '(WARNING|ERROR|FATAL|PANIC):' || true)
RUN_ISSUES=$(tail -n +"$((READY_LOG_LINES + 1))" "$LOG" | grep -E '(WARNING|ERROR|FATAL|PANIC):' || true)
echo "    before the API was ready: $SETUP_ISSUES WARNING/ERROR/FATAL/PANIC lines (HTTP workers retry their login until role and database exist)"
if [[ -n $RUN_ISSUES ]]; then
    echo "    SUSPICIOUS: $(wc -l <<<"$RUN_ISSUES") WARNING/ERROR/FATAL/PANIC lines during the benchmark, first 20:"
    head -n 20 <<<"$RUN_ISSUES" | sed 's/^/      /'
else
    echo "    during the benchmark: no WARNING/ERROR/FATAL/PANIC lines"
fi

# ---------------------------------------------------------------- summary
RATIO=$(awk -v a="$WRK_RPS" -v b="$PGBENCH_TPS" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
WORKERS_SHOWN=$(psql_db -At -c 'SHOW pg_resty.http_workers')
echo
echo "Setup: PostgreSQL $("$PGBIN/pg_config" --version | awk '{print $2}'), scale $SCALE ($MAX_AID accounts), shared_buffers $SHARED_BUFFERS,"
echo "       fsync=off synchronous_commit=off full_page_writes=off (read-only benchmark), $(nproc) CPUs shared by server and clients,"
echo "       pg_resty.http_workers=$WORKERS_SHOWN, $CLIENTS clients / $THREADS threads, ${DURATION}s each (wrk warm-up ${WARMUP}s)"
echo "wrk:    $WRK_REQUESTS requests, $WRK_LATENCY"
echo "        latency $WRK_PCTS; non-2xx: $WRK_NON2XX; socket errors: $WRK_ERRORS"
echo "pgbench: $TPS_LINE"
printf 'pg_resty GET by key: %.0f req/s | pgbench -S: %.0f tps | ratio %s\n' "$WRK_RPS" "$PGBENCH_TPS" "$RATIO"
echo "pg_resty latency: mean $(kv lat_mean_us) us, p50 $(kv lat_p50_us) us${HOOKS:+ (hooks: $HOOKS)}"
