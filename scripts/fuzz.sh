#!/usr/bin/env bash
# Builds the libFuzzer targets (test/fuzz/*_fuzz.cpp) with clang, ASan and UBSan, and runs each
# for SECONDS (default 20) starting from its committed corpus, up to $(nproc) targets at a time.
# Exits non-zero if any target finds a crash, a leak, a timeout or UB; the reproducer and the
# log are kept in the work folder named at the end.
#   bash scripts/fuzz.sh [SECONDS] [NAME...]      e.g.  bash scripts/fuzz.sh 600 request
# New inputs found go to the work folder, never into test/fuzz/corpus (merge them yourself:
# see README, Testing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_EACH="${1:-20}"
shift || true
BUILD="${PG_RESTY_FUZZ_BUILD:-$ROOT/build-fuzz}"
OUT="$(mktemp -d /tmp/pg_resty_fuzz.XXXXXX)"

cmake -S "$ROOT" -B "$BUILD" -DPG_RESTY_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target pg_resty_fuzzers

names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
    for source in "$ROOT"/test/fuzz/*_fuzz.cpp; do
        names+=("$(basename "$source" _fuzz.cpp)")
    done
fi

run_one() {
    local name="$1" work="$OUT/$1"
    mkdir -p "$work/corpus" "$work/artifacts"
    local args=(-max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10
                -print_final_stats=1 -artifact_prefix="$work/artifacts/")
    [ -f "$ROOT/test/fuzz/$name.dict" ] && args+=(-dict="$ROOT/test/fuzz/$name.dict")
    # The fresh folder first: libFuzzer writes what it finds into the first corpus folder.
    if "$BUILD/pg_resty_${name}_fuzz" "${args[@]}" "$work/corpus" "$ROOT/test/fuzz/corpus/$name" \
        >"$work/log" 2>&1; then
        echo "fuzz $name: ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" |
            grep -o '[0-9]*$') runs, $(grep -o 'cov: [0-9]*' "$work/log" | tail -n1))"
    else
        echo "fuzz $name: FAILED, see $work/log and $work/artifacts" >&2
        tail -n 80 "$work/log" >&2
        return 1
    fi
}

pids=()
status=0
for name in "${names[@]}"; do
    if [ ! -x "$BUILD/pg_resty_${name}_fuzz" ]; then
        echo "fuzz $name: no such target" >&2
        exit 1
    fi
    run_one "$name" &
    pids+=($!)
    if [ "${#pids[@]}" -ge "$(nproc)" ]; then
        wait "${pids[0]}" || status=1
        pids=("${pids[@]:1}")
    fi
done
for pid in "${pids[@]}"; do
    wait "$pid" || status=1
done
if [ "$status" -eq 0 ]; then
    rm -rf "$OUT"
else
    echo "pg_resty: fuzzing found problems; kept $OUT" >&2
fi
exit "$status"
