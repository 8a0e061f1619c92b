#!/usr/bin/env bash
# Per-request cost of Lua hooks: bench/run.sh without hooks and with bench/noop_hooks.lua,
# one HTTP worker and one client, so the difference of median latencies is the time the worker
# spends in the hook stages (building req/res tables, calling both hooks, reading them back).
# On a busy machine this difference drowns in noise; pg_resty_hook_bench (CMake target, source
# bench/hook_stage_bench.cpp) measures the same stages in process, in CPU time.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export SCENARIOS=get1 SCALE=${SCALE:-1} DURATION=${DURATION:-10} CLIENTS=1 THREADS=1 HTTP_WORKERS=1

median_latency() { sed -n 's/^pg_resty latency: p50 \([0-9.]*\) us.*/\1/p'; }

echo "==> without hooks"
without=$(HOOKS= "$BENCH_DIR/run.sh" | tee /dev/stderr | median_latency)
echo "==> with a no-op hooks file"
with=$(HOOKS="$BENCH_DIR/noop_hooks.lua" "$BENCH_DIR/run.sh" | tee /dev/stderr | median_latency)
awk -v a="$without" -v b="$with" 'BEGIN {
    printf "median latency without hooks %.0f us, with no-op hooks %.0f us: %.0f us per request\n",
           a, b, b - a }'
