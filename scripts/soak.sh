#!/usr/bin/env bash
# Concurrency soak: PROCESSES paydesk processes (command-line workers and headless
# consoles, one agent each) work the same tickets and accounts in one database for SECONDS,
# then `paydesk-dev soak check` proves that no ticket had two owners, every acknowledged write
# is present and no busy/locked error reached anyone; `PRAGMA integrity_check` and
# `paydesk audit verify` must pass too.
#
#   scripts/soak.sh [SECONDS] [PROCESSES]        (default 60 s, 16 processes)
#
# PAYDESK_BIN picks the binary (default .build/debug/paydesk) and PAYDESK_DEV_BIN the drill's
# tools (default: paydesk-dev beside it); SOAK_DIR keeps the database
# and logs somewhere (default: a fresh temporary folder, kept when the check fails).
# SOAK_SERVICE=1 runs every worker through `paydesk serve` instead of opening the file;
# SOAK_KILL=1 (with SOAK_SERVICE) kills the service with SIGKILL half-way and starts it
# again: every write acknowledged before or after must still be there.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
processes=${2:-16}
bin=${PAYDESK_BIN:-.build/debug/paydesk}
dev=${PAYDESK_DEV_BIN:-$(dirname "$bin")/paydesk-dev}
for b in "$bin" "$dev"; do [ -x "$b" ] || { echo "soak: $b is missing; run swift build first" >&2; exit 1; }; done
dir=${SOAK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/paydesk-soak.XXXXXX")}
mkdir -p "$dir/logs"
db="$dir/soak.sqlite"
export LANG=C.UTF-8 LC_ALL=C.UTF-8

"$bin" demo --db "$db" --no-open >/dev/null
"$dev" soak setup --db "$db" --plan "$dir/plan.json" --agents "$processes"

service_pid=
server=()
start_service() {
    "$bin" serve --db "$db" --socket "$dir/paydesk.sock" >>"$dir/logs/serve.log" 2>&1 &
    service_pid=$!
    for _ in $(seq 1 200); do [ -S "$dir/paydesk.sock" ] && return 0; sleep 0.05; done
    echo "soak: the service did not start (see $dir/logs/serve.log)" >&2; exit 1
}
if [ "${SOAK_SERVICE:-0}" = 1 ]; then
    start_service
    server=(--server "$dir/paydesk.sock")
fi

# One in four workers is a headless console; the rest call the store like the CLI does.
pids=()
for i in $(seq 1 "$processes"); do
    login=$(printf 'soak%02d' "$i")
    mode=()
    [ $((i % 4)) -eq 0 ] && mode=(--console)
    "$dev" soak worker --db "$db" --plan "$dir/plan.json" --login "$login" --seconds "$seconds" \
        --seed "$i" "${mode[@]}" "${server[@]}" >"$dir/logs/$login.out" 2>"$dir/logs/$login.err" &
    pids+=($!)
done
if [ -n "$service_pid" ] && [ "${SOAK_KILL:-0}" = 1 ]; then
    sleep "$(awk "BEGIN { print $seconds / 2 }")"
    kill -9 "$service_pid"; wait "$service_pid" 2>/dev/null || true
    echo "soak: killed the service (SIGKILL) half-way; starting it again"
    rm -f "$dir/paydesk.sock"
    start_service
fi
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ $failed -eq 0 ] || echo "soak: a worker exited with an error (see $dir/logs)" >&2

if [ -n "$service_pid" ]; then kill -TERM "$service_pid"; wait "$service_pid" || { echo "soak: the service did not stop cleanly" >&2; failed=1; }; fi
status=0
# A write in flight when the service was killed may have committed without its answer
# reaching the worker: allow those (acknowledged writes and single owners stay strict).
check_flags=()
[ "${SOAK_KILL:-0}" = 1 ] && check_flags=(--crash --service-killed)
"$dev" soak check --db "$db" --plan "$dir/plan.json" --logs "$dir/logs" "${check_flags[@]}" || status=1
integrity=$(sqlite3 "$db" 'PRAGMA integrity_check;')
echo "integrity_check: $integrity"
[ "$integrity" = ok ] || status=1
"$bin" audit verify --db "$db" --as ops || status=1
[ $failed -eq 0 ] || status=1
if [ $status -eq 0 ] && [ -z "${SOAK_DIR:-}" ]; then rm -rf "$dir"; else echo "soak: files kept in $dir"; fi
exit $status
