#!/usr/bin/env bash
# Runs the end-to-end suite against the extension built with AddressSanitizer and UBSan, then
# installs a normal build again. Run as root on Debian 12 (gcc 12):
#   bash scripts/asan_e2e.sh [pytest arguments]       e.g.  bash scripts/asan_e2e.sh -x
# The sanitizer build is made in a copy of the tree, build-asan/ (kept, so a second run only
# rebuilds what changed; the worktree keeps its normal objects); both builds are made before
# anything is installed, and install + tests + reinstall run under
# flock on $PG_RESTY_INSTALL_LOCK when that is set (machines where several people share the one
# installed pg_resty.so). Reports go to files in the work folder (asan.<pid>, ubsan.<pid>); the
# script fails if the suite fails or if there is any report.
set -euo pipefail
umask 022

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d /tmp/pg_resty_asan.XXXXXX)"
chmod 755 "$WORK"
mkdir -p "$WORK/reports" "$WORK/e2e"
chown postgres: "$WORK/reports" "$WORK/e2e"
ASAN_SRC="${PG_RESTY_ASAN_BUILD:-$ROOT/build-asan}"

echo "== building the sanitizer module in $ASAN_SRC"
mkdir -p "$ASAN_SRC"
# The files git knows (committed or not), newer ones only, with their times: make then
# rebuilds just what changed since the last run.
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
    xargs -0 cp -a -u --parents -t "$ASAN_SRC")
make -s -C "$ASAN_SRC" -j"$(nproc)" PG_RESTY_SANITIZE=1
echo "== building the normal module"
make -s -C "$ROOT" -j"$(nproc)"

# A preloaded ASan initialises at the first malloc. In postgres that comes from libgpg-error's
# constructor, inside bindtextdomain with glibc's gettext lock held; ASan's start-up then looks
# up swift_demangle, and the dlerror() after that lookup fails goes through gettext, which
# breaks the lock: the server hangs in its own bindtextdomain. Defining the symbol (ASan only
# calls it to demangle Swift names in reports, and NULL means "not demangled") avoids that.
cat >"$WORK/swift_demangle.c" <<'SHIM'
#include <stddef.h>
#include <stdint.h>
char *swift_demangle(const char *name, size_t length, char *out, size_t *out_length,
                     uint32_t flags) {
    (void)name; (void)length; (void)out; (void)out_length; (void)flags;
    return NULL;
}
SHIM
gcc -shared -fPIC -O2 -o "$WORK/swift_demangle.so" "$WORK/swift_demangle.c"
RUNTIMES="$(gcc -print-file-name=libasan.so):$WORK/swift_demangle.so"
RUNTIMES="$RUNTIMES:$(gcc -print-file-name=libubsan.so)"
export PG_RESTY_TEST_PRELOAD="$RUNTIMES"
# Leaks are not checked: the postmaster and backends exit without freeing what lives until exit.
# PostgreSQL longjmps out of signal handlers and switches stacks; ASan must not take those for
# errors (detect_stack_use_after_return stays off, as it is by default).
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:print_stacktrace=1:log_path=$WORK/reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$WORK/reports/ubsan"
export PG_RESTY_TEST_WORKDIR="$WORK/e2e"

locked() {
    local status=0
    make -s -C "$ASAN_SRC" install PG_RESTY_SANITIZE=1 || return 1
    /usr/bin/python3 -m pytest -p no:cacheprovider -q "$ROOT/test/e2e" "$@" || status=$?
    echo "== installing the normal module again"
    make -s -C "$ROOT" install || return 1
    return "$status"
}

status=0
if [ -n "${PG_RESTY_INSTALL_LOCK:-}" ]; then
    exec 9>"$PG_RESTY_INSTALL_LOCK"
    flock 9
    locked "$@" || status=$?
    flock -u 9
else
    locked "$@" || status=$?
fi

echo "== sanitizer reports"
reports=0
for file in "$WORK"/reports/* "$WORK"/e2e/*/postgres.log; do
    [ -f "$file" ] || continue
    if grep -qE "ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer" "$file"; then
        echo "--- $file"
        grep -E -A30 "ERROR: AddressSanitizer|runtime error:" "$file" | head -n 60
        reports=$((reports + 1))
    fi
done
echo "pytest exit status $status; files with sanitizer reports: $reports; kept in $WORK"
[ "$status" -eq 0 ] && [ "$reports" -eq 0 ]
