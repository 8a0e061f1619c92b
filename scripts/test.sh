#!/usr/bin/env bash
# Runs every pg_resty test, as CI does: unit tests (GoogleTest via ctest), a short run of
# each fuzz target (scripts/fuzz.sh), pg_regress
# (make installcheck on a temp instance) and the end-to-end suite (pytest against a real
# cluster with the extension preloaded). Installs what is missing; stops every server it
# starts, also when a test fails. Run as root on Debian 12:  bash scripts/test.sh
set -euo pipefail
umask 022

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$ROOT/scripts/packages.sh"

pg_resty_install_missing "${PG_RESTY_BUILD_PACKAGES[@]}" "${PG_RESTY_TEST_PACKAGES[@]}"

# Everything the postgres user must read or write lives here: CI's clone may sit under a
# folder that user cannot enter.
WORK="$(mktemp -d /tmp/pg_resty_test.XXXXXX)"
chmod 755 "$WORK"
chown postgres: "$WORK"

cleanup() {
    local status=$?
    # Any cluster a failed step left behind (the e2e fixture normally stops its own).
    local pidfile
    for pidfile in $(find "$WORK" -name postmaster.pid 2>/dev/null); do
        pg_resty_as_postgres "$PG_BINDIR/pg_ctl" -D "$(dirname "$pidfile")" -m immediate -w stop \
            >/dev/null 2>&1 || true
    done
    # A RabbitMQ node the AMQP tests could not stop (pytest killed), and its epmd; the node's
    # pid counts only while its command line still names its folder under $WORK.
    for pidfile in $(find "$WORK" -name rabbit.pid 2>/dev/null); do
        local pid
        pid="$(cat "$pidfile" 2>/dev/null || true)"
        if [ -n "$pid" ] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" |
            grep -qF -- "-home $(dirname "$pidfile") "; then
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
    local epmd
    for epmd in /usr/lib/erlang/erts-*/bin/epmd; do
        [ -x "$epmd" ] && "$epmd" -port "$((${PG_RESTY_TEST_AMQP_PORT:-26721} + 2))" -kill \
            >/dev/null 2>&1 || true
    done
    if [ "$status" -eq 0 ]; then
        rm -rf "$WORK"
    else
        echo "pg_resty: tests failed; logs kept in $WORK" >&2
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n==== %s ====\n' "$*"; }

step "build and install (PGXS)"
cd "$ROOT"
make -s -j"$(nproc)"
make -s install

step "unit tests (GoogleTest)"
cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$ROOT/build" -j"$(nproc)" --target pg_resty_unit
ctest --test-dir "$ROOT/build" --output-on-failure -j"$(nproc)"

step "fuzzing (libFuzzer with ASan and UBSan, 20 s a target over its corpus)"
bash "$ROOT/scripts/fuzz.sh" 20

step "pg_regress (make installcheck)"
mkdir -p "$WORK/regress/test"
cp -r "$ROOT/Makefile" "$ROOT/control" "$ROOT/sql" "$ROOT/expected" "$WORK/regress/"
cp "$ROOT/test/regress.conf" "$WORK/regress/test/"
chown -R postgres: "$WORK/regress"
if ! pg_resty_as_postgres make -s -C "$WORK/regress" installcheck; then
    cat "$WORK/regress/regression.diffs" 2>/dev/null || true
    exit 1
fi

step "end to end (pytest; the AMQP tests start and stop their own RabbitMQ node)"
mkdir -p "$WORK/e2e"
chown postgres: "$WORK/e2e"
PG_RESTY_TEST_WORKDIR="$WORK/e2e" /usr/bin/python3 -m pytest -p no:cacheprovider -q \
    "$ROOT/test/e2e" "$@"

step "all tests passed"
