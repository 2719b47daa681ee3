#!/usr/bin/env bash
# Concurrency soak: PROCESSES paydesk processes (command-line workers and headless
# consoles, one agent each) work the same tickets and accounts in one database for SECONDS,
# then `paydesk soak check` proves that no ticket had two owners, every acknowledged write
# is present and no busy/locked error reached anyone; `PRAGMA integrity_check` and
# `paydesk audit verify` must pass too.
#
#   scripts/soak.sh [SECONDS] [PROCESSES]        (default 60 s, 16 processes)
#
# PAYDESK_BIN picks the binary (default .build/debug/paydesk); SOAK_DIR keeps the database
# and logs somewhere (default: a fresh temporary folder, kept when the check fails).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
processes=${2:-16}
bin=${PAYDESK_BIN:-.build/debug/paydesk}
[ -x "$bin" ] || { echo "soak: $bin is missing; run swift build first" >&2; exit 1; }
dir=${SOAK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/paydesk-soak.XXXXXX")}
mkdir -p "$dir/logs"
db="$dir/soak.sqlite"
export LANG=C.UTF-8 LC_ALL=C.UTF-8

"$bin" demo --db "$db" --no-open >/dev/null
"$bin" soak setup --db "$db" --plan "$dir/plan.json" --agents "$processes"

# One in four workers is a headless console; the rest call the store like the CLI does.
pids=()
for i in $(seq 1 "$processes"); do
    login=$(printf 'soak%02d' "$i")
    mode=()
    [ $((i % 4)) -eq 0 ] && mode=(--console)
    "$bin" soak worker --db "$db" --plan "$dir/plan.json" --login "$login" --seconds "$seconds" \
        --seed "$i" "${mode[@]}" >"$dir/logs/$login.out" 2>"$dir/logs/$login.err" &
    pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ $failed -eq 0 ] || echo "soak: a worker exited with an error (see $dir/logs)" >&2

status=0
"$bin" soak check --db "$db" --plan "$dir/plan.json" --logs "$dir/logs" || status=1
integrity=$(sqlite3 "$db" 'PRAGMA integrity_check;')
echo "integrity_check: $integrity"
[ "$integrity" = ok ] || status=1
"$bin" audit verify --db "$db" || status=1
[ $failed -eq 0 ] || status=1
if [ $status -eq 0 ] && [ -z "${SOAK_DIR:-}" ]; then rm -rf "$dir"; else echo "soak: files kept in $dir"; fi
exit $status
