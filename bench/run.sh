#!/usr/bin/env bash
# pg_resty benchmark suite (issue 8): every scenario over HTTP (wrk) side by side with its
# baseline through PostgreSQL's own protocol (pgbench), on one throw-away cluster, ending in
# one table of req/s, p50/p99 latency and ratios. SCENARIOS=get1 runs only the original
# comparison (GET one row by key versus pgbench -S). See bench/README.md.
set -euo pipefail
export LC_ALL=C

SCENARIOS=${SCENARIOS:-all}             # all | get1
SCALE=${SCALE:-10}
if [[ $SCENARIOS == get1 ]]; then
    DURATION=${DURATION:-15}
    WARMUP=${WARMUP:-3}
else
    DURATION=${DURATION:-6}
    WARMUP=${WARMUP:-2}
fi
CLIENTS=${CLIENTS:-16}
THREADS=${THREADS:-2}
PGPORT=${PGPORT:-55499}
HTTP_PORT=${HTTP_PORT:-53099}
HTTP_WORKERS=${HTTP_WORKERS:-}          # empty: 2 for "all" (the issue's setting), else pg_resty's default
HOOKS=${HOOKS:-}                        # get1 only: Lua hooks file for pg_resty.hooks (bench/hook_cost.sh)
SHARED_BUFFERS=${SHARED_BUFFERS:-256MB}
BENCH_DB=${BENCH_DB:-bench}
READY_TIMEOUT=${READY_TIMEOUT:-60}
KEEP_TMP=${KEEP_TMP:-0}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
LATENCY_SAMPLING=${LATENCY_SAMPLING:-0.2}   # pgbench --sampling-rate for its latency log
REPEAT=${REPEAT:-1}                     # runs per measurement; the table shows the median run
PRIORITY=${PRIORITY:-}                  # nice value for server and clients (negative: root only)

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
GET_SCRIPT="$BENCH_DIR/random_account.lua"
RANGE_SCRIPT="$BENCH_DIR/account_range.lua"
POST_SCRIPT="$BENCH_DIR/post_row.lua"
NOOP_HOOKS="$BENCH_DIR/noop_hooks.lua"
MAX_AID=$((100000 * SCALE))
JWT_SECRET=benchbenchbenchbenchbenchbenchbench

# Nothing from the caller's libpq environment may redirect our clients elsewhere.
unset PGHOST PGHOSTADDR PGDATABASE PGUSER PGOPTIONS PGSERVICE PGSERVICEFILE PGPASSFILE

die() { echo "ERROR: $*" >&2; exit 1; }
step() { echo "==> $*"; }

# On a machine busy with other work, the scheduler shares the CPUs per process: pgbench's 16
# backends would then get far more of them than pg_resty's 2 workers. PRIORITY runs the server
# and both clients at a higher priority than that other work (the same for both sides).
prio() {
    if [[ -n $PRIORITY ]]; then
        nice -n "$PRIORITY" "$@"
    else
        "$@"
    fi
}

# PostgreSQL refuses to run as root: run its programs as the postgres user then.
as_pg() {
    if [[ $(id -u) -eq 0 ]]; then
        prio runuser -u postgres -- "$@"
    else
        prio "$@"
    fi
}

# ---------------------------------------------------------------- preflight
[[ $SCENARIOS == all || $SCENARIOS == get1 ]] || die "SCENARIOS must be 'all' or 'get1' (got '$SCENARIOS')"
for n in SCALE DURATION WARMUP CLIENTS THREADS PGPORT HTTP_PORT READY_TIMEOUT REPEAT; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a non-negative integer (got '${!n}')"
done
[[ -z $HTTP_WORKERS || $HTTP_WORKERS =~ ^[0-9]+$ ]] || die "HTTP_WORKERS must be an integer"
[[ -z $PRIORITY || $PRIORITY =~ ^-?[0-9]+$ ]] || die "PRIORITY must be an integer nice value"
[[ $LATENCY_SAMPLING =~ ^(0?\.[0-9]+|1(\.0*)?)$ ]] || die "LATENCY_SAMPLING must be in (0, 1]"
(( SCALE >= 1 && DURATION >= 1 && CLIENTS >= 1 && THREADS >= 1 && REPEAT >= 1 )) || die "SCALE, DURATION, CLIENTS, THREADS, REPEAT must be >= 1"
if [[ $SCENARIOS == all && -z $HTTP_WORKERS ]]; then HTTP_WORKERS=2; fi
for bin in initdb pg_ctl pgbench psql createdb pg_config; do
    [[ -x $PGBIN/$bin ]] || die "$PGBIN/$bin not found (set PGBIN)"
done
for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || die "$tool not installed"
done
for f in "$GET_SCRIPT" "$RANGE_SCRIPT" "$POST_SCRIPT" "$NOOP_HOOKS" "$BENCH_DIR/wrk_common.lua"; do
    [[ -f $f ]] || die "$f missing"
done
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
# pgbench connects over TCP loopback, the transport every HTTP client has to use; the unix
# socket serves setup and a reference run of pgbench -S.
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$WORK'
max_connections = 100
shared_buffers = $SHARED_BUFFERS
# Durability is not what is measured (and the POST scenario would measure the disk): skip it
# for pg_resty and pgbench alike (also speeds up pgbench -i).
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
pg_resty.jwt_secret = '$JWT_SECRET'
include_if_exists = 'bench_scenario.conf'
EOF

# What differs between the cluster runs of the suite: worker count and hooks.
write_scenario_conf() {   # <workers or empty> <hooks file or empty>
    : >"$WORK/bench_scenario.conf.tmp"
    if [[ -n $1 ]]; then
        echo "pg_resty.http_workers = $1" >>"$WORK/bench_scenario.conf.tmp"
    fi
    if [[ -n $2 ]]; then
        # A copy in the work folder: the server reads it as the postgres user.
        install -m 644 "$2" "$WORK/hooks.lua"
        echo "pg_resty.hooks = '$WORK/hooks.lua'" >>"$WORK/bench_scenario.conf.tmp"
    fi
    install -m 644 "$WORK/bench_scenario.conf.tmp" "$DATA/bench_scenario.conf"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$DATA/bench_scenario.conf"; fi
}

write_scenario_conf "$HTTP_WORKERS" "$([[ $SCENARIOS == get1 ]] && echo "$HOOKS")"

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
CREATE ROLE bench_user NOLOGIN;
GRANT web_anon, bench_user TO authenticator;
CREATE EXTENSION pg_resty;
CREATE SCHEMA api;
CREATE VIEW api.pgbench_accounts AS SELECT * FROM public.pgbench_accounts;
CREATE TABLE api.bench_inserts (id bigserial PRIMARY KEY, aid integer NOT NULL, payload text);
GRANT USAGE ON SCHEMA api TO web_anon, bench_user;
GRANT SELECT ON api.pgbench_accounts TO web_anon, bench_user;
GRANT SELECT, INSERT ON api.bench_inserts TO web_anon;
GRANT USAGE ON SEQUENCE api.bench_inserts_id_seq TO web_anon;
SQL
[[ $(psql_db -At -c 'SELECT pg_resty.is_preloaded()') == t ]] || die "pg_resty is not preloaded"

# An HS256 token for bench_user, valid for a day: the JWT scenario's Authorization header.
JWT=$(python3 - "$JWT_SECRET" <<'PY'
import base64, hashlib, hmac, json, sys, time
def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
claims = b64(json.dumps({"role": "bench_user", "exp": int(time.time()) + 86400},
                        separators=(",", ":")).encode())
signature = hmac.new(sys.argv[1].encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
print(f"{header}.{claims}.{b64(signature)}")
PY
)

# Prints "<http code> <number of rows>" for one key (rows counted by their "aid" member);
# extra arguments go to curl (headers).
probe() {
    local key=$1 body code rows
    shift
    body=$(curl -sS --max-time 5 "$@" -o - -w $'\n%{http_code}' "http://localhost:$HTTP_PORT/pgbench_accounts?aid=eq.$key" 2>/dev/null) || { echo "000 0"; return; }
    code=${body##*$'\n'}
    body=${body%$'\n'*}
    rows=$(grep -o '"aid"[[:space:]]*:[[:space:]]*[0-9]*' <<<"$body" | wc -l || true)
    if (( rows == 1 )) && ! grep -Eq "\"aid\"[[:space:]]*:[[:space:]]*$key([^0-9]|\$)" <<<"$body"; then
        rows=-1   # one row, but not the one asked for
    fi
    echo "$code $rows"
}

READY_LOG_LINES=0
wait_ready() {
    step "waiting for GET /pgbench_accounts?aid=eq.1 -> 200 with one row (up to ${READY_TIMEOUT}s)"
    local deadline=$((SECONDS + READY_TIMEOUT)) result
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
    echo "    ready after ~$((SECONDS - deadline + READY_TIMEOUT))s"
}

# Restarts the cluster with another worker count / hooks file (both need it: http_workers is a
# postmaster setting, and a restart also gives every scenario fresh workers).
restart_with() {   # <workers> <hooks file or empty>
    step "restarting PostgreSQL with pg_resty.http_workers=$1${2:+, pg_resty.hooks=$(basename "$2")}"
    write_scenario_conf "$1" "$2"
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -m fast restart >/dev/null
    wait_ready
}

wait_ready
READY_LOG_LINES=$(wc -l <"$LOG")

# The GET script draws keys from 1..MAX_AID: both ends must exist, one past the end must not.
[[ $(probe "$MAX_AID") == "200 1" ]] || die "aid=$MAX_AID did not return exactly one row"
[[ $(probe $((MAX_AID + 1))) == "200 0" ]] || die "aid=$((MAX_AID + 1)) did not return an empty array"

# ---------------------------------------------------------------- measuring
WRK_URL="http://127.0.0.1:$HTTP_PORT"
declare -A RPS P50 P99 NOTE CPU

# CPU cost per operation, robust against other work on the machine (which only stretches the
# wall clock): server CPU is the postmaster's own and its children's, live ones read directly
# and exited ones (pgbench's backends) through the postmaster's cutime/cstime; client CPU is
# this shell's children's time ("times"). Kernel work is charged to whoever runs it.
CLK_TCK=$(getconf CLK_TCK)
server_ticks() {
    local pm total=0 pid f
    pm=$(head -n 1 "$DATA/postmaster.pid")
    read -r -a f <"/proc/$pm/stat"
    total=$(( f[13] + f[14] + f[15] + f[16] ))
    for pid in $(pgrep -P "$pm"); do
        if read -r -a f <"/proc/$pid/stat" 2>/dev/null; then
            total=$(( total + f[13] + f[14] ))
        fi
    done
    echo "$total"
}
client_seconds() {   # user + system seconds of this shell's finished children
    times | tail -n 1 | awk '{ n = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); n += a[1] * 60 + a[2] } print n }'
}
CPU_MARK_SERVER=0
CPU_MARK_CLIENT=0
cpu_mark() { CPU_MARK_SERVER=$(server_ticks); CPU_MARK_CLIENT=$(client_seconds); }
cpu_per_op() {   # <operations>: CPU microseconds per operation since cpu_mark
    sleep 0.3    # let the postmaster reap exited backends
    local server client
    server=$(server_ticks)
    client=$(client_seconds)
    awk -v s0="$CPU_MARK_SERVER" -v s1="$server" -v c0="$CPU_MARK_CLIENT" -v c1="$client" -v t="$CLK_TCK" -v n="$1" \
        'BEGIN { printf "%.1f", (n > 0 ? ((s1 - s0) / t + (c1 - c0)) * 1e6 / n : 0) }'
}

# Runs a measurement REPEAT times and keeps the median run by rate (its latencies and CPU
# with it): on a small VM one placement of server and client threads on the CPUs can give a
# rate a fifth above or below another's for the same build.
repeated() {   # <once function> <name> [arguments...]
    local once=$1 name=$2 i
    shift 2
    local -a runs=()
    for (( i = 1; i <= REPEAT; i++ )); do
        FIRST_RUN=$(( i == 1 ))
        "$once" "$name" "$@"
        runs+=("${RPS[$name]} ${P50[$name]} ${P99[$name]} ${CPU[$name]}")
    done
    if (( REPEAT > 1 )); then
        local median
        median=$(printf '%s\n' "${runs[@]}" | sort -n -k1,1 | sed -n "$(( (REPEAT + 1) / 2 ))p")
        read -r RPS[$name] P50[$name] P99[$name] CPU[$name] <<<"$median"
        printf '    %-28s median of %d: %.0f /s (all: %s)\n' "$name" "$REPEAT" "${RPS[$name]}" \
            "$(printf '%s\n' "${runs[@]}" | awk '{ printf "%s%.0f", (NR > 1 ? " " : ""), $1 }')"
    fi
}
FIRST_RUN=1
run_wrk() { repeated run_wrk_once "$@"; }
run_pgbench() { repeated run_pgbench_once "$@"; }

# run_wrk_once <name> <connections> <lua script> [extra wrk options...]: RPS/P50/P99[name] (µs).
# A run with socket errors or non-2xx answers fails the benchmark: its rate means nothing.
run_wrk_once() {
    local name=$1 conns=$2 script=$3 out="$WORK/wrk_$1.txt" threads=$THREADS
    shift 3
    (( threads <= conns )) || threads=$conns
    if (( WARMUP > 0 && FIRST_RUN )); then
        run_child prio wrk -t"$threads" -c"$conns" -d"${WARMUP}s" -s "$script" "$@" "$WRK_URL" -- "$MAX_AID" >"$WORK/wrk_${name}_warmup.txt" 2>&1 \
            || { cat "$WORK/wrk_${name}_warmup.txt" >&2; die "wrk warm-up of $name failed"; }
    fi
    cpu_mark
    run_child prio wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency -s "$script" "$@" "$WRK_URL" -- "$MAX_AID" >"$out" 2>&1 \
        || { cat "$out" >&2; die "wrk ($name) failed"; }
    WRK_LINE=$(grep '^WRK_RESULT' "$out" || true)
    [[ -n $WRK_LINE ]] || { cat "$out" >&2; die "no WRK_RESULT line in wrk output ($name)"; }
    local bad=0
    if grep -q 'Non-2xx or 3xx responses' "$out" || [[ $(kv err_status) != 0 ]]; then bad=1; fi
    if grep -q 'Socket errors' "$out" \
       || [[ $(kv err_connect)$(kv err_read)$(kv err_write)$(kv err_timeout) != 0000 ]]; then bad=1; fi
    (( $(kv requests) > 0 )) || bad=1
    if (( bad )); then
        cat "$out" >&2
        die "wrk ($name) reported non-2xx responses or socket errors or no requests: the req/s figure is meaningless"
    fi
    RPS[$name]=$(kv rps)
    CPU[$name]=$(cpu_per_op "$(kv requests)")
    P50[$name]=$(kv lat_p50_us)
    P99[$name]=$(kv lat_p99_us)
    printf '    %-28s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  CPU %6.1f us/req\n' "$name" "${RPS[$name]}" \
        "$(awk -v v="${P50[$name]}" 'BEGIN { print v / 1000 }')" "$(awk -v v="${P99[$name]}" 'BEGIN { print v / 1000 }')" "${CPU[$name]}"
}
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$WRK_LINE"; }

# run_pgbench_once <name> [pgbench options...]: RPS/P50/P99[name] from its tps line and a
# sampled per-transaction latency log. PGBENCH_HOST picks the transport: 127.0.0.1 (TCP
# loopback, as HTTP) unless set to the socket folder.
run_pgbench_once() {
    local name=$1 out="$WORK/pgbench_$1.txt" host=${PGBENCH_HOST:-127.0.0.1}
    shift
    rm -f "$WORK"/pgblog_"$name".*
    cpu_mark
    run_child as_pg "$PGBIN/pgbench" -M prepared -c"$CLIENTS" -j"$THREADS" -T "$DURATION" -n \
        -l --sampling-rate="$LATENCY_SAMPLING" --log-prefix="$WORK/pgblog_$name" \
        -h "$host" -p "$PGPORT" -U postgres "$@" "$BENCH_DB" >"$out" 2>&1 \
        || { cat "$out" >&2; die "pgbench ($name) failed"; }
    # PG >= 14: "tps = N (without initial connection time)"; older: "(excluding connections establishing)".
    local tps_line failed
    tps_line=$(grep -E '^tps = .*(without initial connection time|excluding connections establishing)' "$out" | head -n 1 || true)
    [[ -n $tps_line ]] || tps_line=$(grep -E '^tps = ' "$out" | head -n 1 || true)
    [[ -n $tps_line ]] || { cat "$out" >&2; die "no tps line in pgbench output ($name)"; }
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out")
    [[ -z $failed || $failed == 0 ]] || die "pgbench ($name) reported $failed failed transactions"
    RPS[$name]=$(sed -E 's/^tps = ([0-9.]+).*/\1/' <<<"$tps_line")
    CPU[$name]=$(cpu_per_op "$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")")
    # Log lines: client_id transaction_no latency_us script_no epoch epoch_us.
    read -r P50[$name] P99[$name] < <(cat "$WORK"/pgblog_"$name".* | awk '{ print $3 }' | sort -n | awk '
        { v[NR] = $1 } END { if (NR == 0) { print "0 0"; exit }
          i50 = int(NR * 0.50); if (i50 < 1) i50 = 1; i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
          print v[i50], v[i99] }')
    printf '    %-28s %9.0f tps    p50 %6.2f ms  p99 %6.2f ms  CPU %6.1f us/tx\n' "$name" "${RPS[$name]}" \
        "$(awk -v v="${P50[$name]}" 'BEGIN { print v / 1000 }')" "$(awk -v v="${P99[$name]}" 'BEGIN { print v / 1000 }')" "${CPU[$name]}"
}

# wrk discards bodies; spot-check that random keys really return their one row.
spot_check() {
    for _ in $(seq 1 20); do
        local key=$(( (RANDOM * 32768 + RANDOM) % MAX_AID + 1 ))
        [[ $(probe "$key" "$@") == "200 1" ]] || die "spot check: aid=$key did not return exactly its row"
    done
}

# ---------------------------------------------------------------- cluster log
log_check() {
    echo
    step "cluster log check ($LOG)"
    local setup_issues run_issues
    setup_issues=$(head -n "$READY_LOG_LINES" "$LOG" | grep -cE '(WARNING|ERROR|FATAL|PANIC):' || true)
    run_issues=$(tail -n +"$((READY_LOG_LINES + 1))" "$LOG" | grep -E '(WARNING|ERROR|FATAL|PANIC):' \
        | grep -v 'terminating background worker "pg_resty' | grep -v 'terminating connection due to administrator command' || true)
    echo "    before the API was ready: $setup_issues WARNING/ERROR/FATAL/PANIC lines (HTTP workers retry their login until role and database exist)"
    if [[ -n $run_issues ]]; then
        echo "    SUSPICIOUS: $(wc -l <<<"$run_issues") WARNING/ERROR/FATAL/PANIC lines during the benchmark, first 20:"
        head -n 20 <<<"$run_issues" | sed 's/^/      /'
    else
        echo "    during the benchmark: no WARNING/ERROR/FATAL/PANIC lines"
    fi
}

ms() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# ================================================================ get1: the original comparison
if [[ $SCENARIOS == get1 ]]; then
    step "wrk ${DURATION}s (+${WARMUP}s warm-up): -t$THREADS -c$CLIENTS, keep-alive, GET /pgbench_accounts?aid=eq.<random 1..$MAX_AID>"
    run_wrk get1 "$CLIENTS" "$GET_SCRIPT"
    sed 's/^/    /' "$WORK/wrk_get1.txt" | grep -v WRK_RESULT
    spot_check
    step "pgbench -S -M prepared -c$CLIENTS -j$THREADS -T $DURATION -n (TCP loopback, then unix socket)"
    run_pgbench select -S
    PGBENCH_HOST=$WORK run_pgbench select_unix -S
    log_check
    WORKERS_SHOWN=$(psql_db -At -c 'SHOW pg_resty.http_workers')
    echo
    echo "Setup: PostgreSQL $("$PGBIN/pg_config" --version | awk '{print $2}'), scale $SCALE ($MAX_AID accounts), shared_buffers $SHARED_BUFFERS,"
    echo "       fsync=off synchronous_commit=off full_page_writes=off, $(nproc) CPUs shared by server and clients,"
    echo "       ${PRIORITY:+nice $PRIORITY for server and clients, }pg_resty.http_workers=$WORKERS_SHOWN, $CLIENTS clients / $THREADS threads, ${DURATION}s each (wrk warm-up ${WARMUP}s)$( (( REPEAT > 1 )) && echo ", median of $REPEAT runs")"
    printf 'pg_resty GET by key: %.0f req/s | pgbench -S (TCP): %.0f tps | ratio %s\n' "${RPS[get1]}" "${RPS[select]}" "$(ratio "${RPS[get1]}" "${RPS[select]}")"
    printf 'reference: pgbench -S over the unix socket: %.0f tps | ratio %s\n' "${RPS[select_unix]}" "$(ratio "${RPS[get1]}" "${RPS[select_unix]}")"
    echo "pg_resty latency: p50 ${P50[get1]} us, p99 ${P99[get1]} us | pgbench -S: p50 ${P50[select]} us, p99 ${P99[select]} us${HOOKS:+ (hooks: $HOOKS)}"
    echo "CPU per operation (server + client): pg_resty ${CPU[get1]} us/req | pgbench -S ${CPU[select]} us/tx | ratio $(ratio "${CPU[select]}" "${CPU[get1]}")"
    exit 0
fi

# ================================================================ all: the issue 8 suite
cat >"$WORK/select_range.sql" <<EOF
\set r random(0, $((MAX_AID > 1000 ? MAX_AID - 1000 : 0)))
WITH pgrst_source AS (SELECT "api"."pgbench_accounts".* FROM "api"."pgbench_accounts" WHERE "api"."pgbench_accounts"."aid" > :r AND "api"."pgbench_accounts"."aid" <= :r + 1000) SELECT pg_catalog.count(_postgrest_t) AS page_total, null::bigint AS total_result_set, coalesce(pg_catalog.json_agg(_postgrest_t), '[]')::text AS body FROM (SELECT * FROM pgrst_source) _postgrest_t;
EOF
cat >"$WORK/insert_row.sql" <<EOF
\set aid random(1, $MAX_AID)
INSERT INTO api.bench_inserts (aid, payload) VALUES (:aid, 'bench');
EOF
chmod 644 "$WORK"/*.sql

echo
step "GET one row by key, anonymous, no hooks ($CLIENTS connections, ${DURATION}s each, warm-up ${WARMUP}s)"
run_wrk get1 "$CLIENTS" "$GET_SCRIPT"
spot_check
run_pgbench select -S
PGBENCH_HOST=$WORK run_pgbench select_unix -S

step "GET 1,000 rows (aid=gt.r&aid=lte.r+1000) and the same json_agg statement through pgbench"
rows=$(curl -sS --max-time 10 "$WRK_URL/pgbench_accounts?aid=gt.5000&aid=lte.6000" | grep -o '"aid"' | wc -l || true)
[[ $rows == 1000 ]] || die "GET 1,000 rows returned $rows rows"
run_wrk get1000 "$CLIENTS" "$RANGE_SCRIPT"
run_pgbench select1000 -f "$WORK/select_range.sql"

step "POST one row (Prefer: return=minimal) and a one-row INSERT through pgbench"
POST_STATUS=$(curl -sS --max-time 5 -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H 'Prefer: return=minimal' --data '{"aid":1,"payload":"probe"}' "$WRK_URL/bench_inserts" || echo 000)
if [[ $POST_STATUS == 201 ]]; then
    run_wrk post1 "$CLIENTS" "$POST_SCRIPT"
else
    NOTE[post1]="n/a (POST answered $POST_STATUS)"
    echo "    ${NOTE[post1]}"
fi
run_pgbench insert1 -f "$WORK/insert_row.sql"

step "GET one row: connection scaling (2 workers)"
run_wrk get1_c64 64 "$GET_SCRIPT"
run_wrk get1_c256 256 "$GET_SCRIPT"
log_check

restart_with "$HTTP_WORKERS" "$NOOP_HOOKS"
step "GET one row with a valid JWT (role bench_user) and no-op on_rest_request/before_rest_response hooks"
[[ $(probe 1 -H "Authorization: Bearer $JWT") == "200 1" ]] || die "the JWT request did not return its row"
run_wrk get1_jwt "$CLIENTS" "$GET_SCRIPT" -H "Authorization: Bearer $JWT"
spot_check -H "Authorization: Bearer $JWT"

for workers in 1 4; do
    restart_with "$workers" ""
    run_wrk "get1_w$workers" "$CLIENTS" "$GET_SCRIPT"
done
READY_LOG_LINES=$(wc -l <"$LOG")   # restarts log their worker exits; checked above already

# ---------------------------------------------------------------- the table
row() {   # <label> <http name> <baseline name> <target text>
    local label=$1 h=$2 b=$3 target=$4
    if [[ -n ${NOTE[$h]:-} ]]; then
        printf '%-44s | %-36s | %9.0f %7s %7s %7s | %-5s %-5s %s\n' "$label" "${NOTE[$h]}" "${RPS[$b]}" \
            "$(ms "${P50[$b]}")" "$(ms "${P99[$b]}")" "${CPU[$b]}" "-" "-" "$target"
        return
    fi
    printf '%-44s | %9.0f %7s %7s %10s | %9.0f %7s %7s %7s | %-5s %-5s %s\n' "$label" "${RPS[$h]}" \
        "$(ms "${P50[$h]}")" "$(ms "${P99[$h]}")" "${CPU[$h]}" "${RPS[$b]}" "$(ms "${P50[$b]}")" "$(ms "${P99[$b]}")" \
        "${CPU[$b]}" "$(ratio "${RPS[$h]}" "${RPS[$b]}")" "$(ratio "${CPU[$b]}" "${CPU[$h]}")" "$target"
}
echo
echo "Setup: PostgreSQL $("$PGBIN/pg_config" --version | awk '{print $2}'), scale $SCALE ($MAX_AID accounts), shared_buffers $SHARED_BUFFERS,"
echo "       fsync=off synchronous_commit=off full_page_writes=off, $(nproc) CPUs shared by server and clients,"
echo "       ${PRIORITY:+nice $PRIORITY for server and clients, }pg_resty.http_workers=$HTTP_WORKERS unless stated, $CLIENTS connections / clients, $THREADS client threads, ${DURATION}s per run (wrk warm-up ${WARMUP}s)$( (( REPEAT > 1 )) && echo ", median of $REPEAT runs")"
echo
printf '%-44s | %9s %7s %7s %10s | %9s %7s %7s %7s | %-5s %-5s %s\n' "scenario" "req/s" "p50 ms" "p99 ms" "CPU us/req" \
    "baseline" "p50 ms" "p99 ms" "CPU us" "ratio" "CPU r" "target"
printf '%s\n' "$(printf '%.0s-' {1..150})"
row "GET 1 row by key, anon (vs pgbench -S)" get1 select ">= 0.80"
row "  reference: vs pgbench -S over unix socket" get1 select_unix "-"
row "GET 1 row, JWT + no-op hooks (vs pgbench -S)" get1_jwt select ">= 0.70"
row "POST 1 row, return=minimal (vs INSERT)" post1 insert1 ">= 0.60"
row "GET 1,000 rows (vs same json_agg SQL)" get1000 select1000 ">= 0.50"
printf '%-44s | p99 %s ms vs pgbench -S p99 %s ms: %s x (target <= 1.5 x)\n' "p99 latency, GET 1 row, $CLIENTS connections" \
    "$(ms "${P99[get1]}")" "$(ms "${P99[select]}")" "$(ratio "${P99[get1]}" "${P99[select]}")"
printf '%-44s | 1: %.0f  2: %.0f  4: %.0f req/s (CPU %s / %s / %s us/req)\n' "GET 1 row, http_workers 1 / 2 / 4" \
    "${RPS[get1_w1]}" "${RPS[get1]}" "${RPS[get1_w4]}" "${CPU[get1_w1]}" "${CPU[get1]}" "${CPU[get1_w4]}"
printf '%-44s | 16: %.0f  64: %.0f  256: %.0f req/s (p99 %s / %s / %s ms; CPU %s / %s / %s us/req)\n' \
    "GET 1 row, connections 16 / 64 / 256" "${RPS[get1]}" "${RPS[get1_c64]}" "${RPS[get1_c256]}" \
    "$(ms "${P99[get1]}")" "$(ms "${P99[get1_c64]}")" "$(ms "${P99[get1_c256]}")" "${CPU[get1]}" "${CPU[get1_c64]}" "${CPU[get1_c256]}"
echo
echo "Baselines connect over TCP loopback, like the HTTP clients; the reference row shows pgbench -S"
echo "over the unix socket, which skips the TCP stack that no HTTP client can skip."
echo "ratio: req/s over the baseline's tps, in this run. CPU r: the baseline's CPU per operation (server"
echo "processes + client, user + system) over pg_resty's: the ratio to expect when both saturate the"
echo "CPUs alone, and much steadier than the req/s ratio on a machine busy with other work."
