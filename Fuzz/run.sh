#!/usr/bin/env bash
# Builds and runs every fuzzer for SECONDS each (default 60), starting from the committed
# seeds in Fuzz/corpus/NAME and keeping what it learns in .build-fuzz/corpus/NAME.
# A crash stops with the failing input in .build-fuzz/artifacts/NAME/; keep it as a
# regression test (Tests/*Tests/Regression*.swift) and its bytes in Fuzz/corpus/NAME.
#
#   Fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}; shift || true
targets=("${@:-query-parser theme-file intake sanitizer}")
Fuzz/build.sh ${targets[@]}
# Swift's own crash backtracer reads the stack in a way ASan reports as an underflow,
# hiding the real report; libFuzzer prints the stack itself.
export SWIFT_BACKTRACE=enable=no
status=0
for name in ${targets[@]}; do
    corpus=.build-fuzz/corpus/$name artifacts=.build-fuzz/artifacts/$name
    mkdir -p "$corpus" "$artifacts"
    log=.build-fuzz/$name.log
    # -timeout: one input taking over 10 s counts as a hang; -rss_limit_mb bounds memory.
    if .build-fuzz/$name "$corpus" Fuzz/corpus/$name -max_total_time="$seconds" -max_len=4096 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
        echo "fuzz $name: ok, $runs executions in ${seconds}s"
    else
        echo "fuzz $name: FAILED; see $log and $artifacts/" >&2
        grep -m3 -e "ERROR" -e "Fatal error" "$log" >&2 || true
        status=1
    fi
done
exit $status
