#!/usr/bin/env bash
# Per-request cost of Lua hooks: bench/run.sh without hooks and with bench/noop_hooks.lua,
# one HTTP worker and one client, so the difference of mean latencies is the time the worker
# spends in the hook stages (building req/res tables, calling both hooks, reading them back).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export SCALE=${SCALE:-1} DURATION=${DURATION:-10} CLIENTS=1 THREADS=1 HTTP_WORKERS=1

mean_latency() { sed -n 's/^pg_resty mean latency: \([0-9.]*\) us.*/\1/p'; }

echo "==> without hooks"
without=$(HOOKS= "$BENCH_DIR/run.sh" | tee /dev/stderr | mean_latency)
echo "==> with a no-op hooks file"
with=$(HOOKS="$BENCH_DIR/noop_hooks.lua" "$BENCH_DIR/run.sh" | tee /dev/stderr | mean_latency)
awk -v a="$without" -v b="$with" 'BEGIN {
    printf "mean latency without hooks %.1f us, with no-op hooks %.1f us: %.1f us per request\n",
           a, b, b - a }'
