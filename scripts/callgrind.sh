#!/usr/bin/env bash
# Machine instructions wint executes per workload, counted by valgrind (repeatable on a
# noisy machine), and per executed wasm instruction.
#
#   bash scripts/callgrind.sh [--loop] WORKLOAD...   (names: target/release/wint-bench list)
#
# For each workload: one native run with fuel metering on gives the number of executed
# wasm instructions (the fuel consumed: wint charges one unit per instruction), then one
# run without fuel under valgrind counts machine instructions.
#
# - Default build (tail-call dispatch on x86_64/aarch64/riscv64): valgrind's cachegrind
#   tool (`--cache-sim=no`: instruction counts only) over the whole process; the
#   harness's own part (reading the file, printing) is a few million instructions.
#   Callgrind cannot run this build: it takes every tail jump from one handler to the
#   next for a call that never returns, and its shadow call stack grows without bound
#   (16 GB after 5 minutes of fib before the OOM killer stopped it).
# - `--loop`: the portable loop backend (feature `loop-dispatch`) under callgrind, with
#   a call graph, collecting `wint_bench::execute` only (decoding, validation,
#   translation and execution).
#
# Profiles go to target/callgrind/WORKLOAD.{out,txt} (the .txt is the annotated top).
# valgrind runs 40-100 times slower than natively and is capped at 8 GB of address
# space, so that a runaway profile fails instead of starving the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

features=()
if [ "${1:-}" = --loop ]; then
  features=(--features loop-dispatch)
  shift
fi
[ $# -ge 1 ] || { echo "usage: bash scripts/callgrind.sh [--loop] WORKLOAD..."; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is missing (Debian: apt-get install -y valgrind)"; exit 1; }

cargo build --release -q -p wint-bench "${features[@]}"
bin=target/release/wint-bench
"$bin" build-guests
dir=target/callgrind
mkdir -p "$dir"

rows=()
for w in "$@"; do
  native=$("$bin" run-one "$w" --fuel)
  wasm=$(sed -n 's/^wasm instructions executed: //p' <<<"$native")
  dispatch=$(sed -n 's/^dispatch: //p' <<<"$native")
  if [ "$dispatch" = loop ]; then
    tool=(--tool=callgrind --callgrind-out-file="$dir/$w.out" --toggle-collect='*wint_bench::execute*')
    annotate=callgrind_annotate
  else
    tool=(--tool=cachegrind --cache-sim=no --cachegrind-out-file="$dir/$w.out")
    annotate=cg_annotate
  fi
  echo "==> $w ($dispatch dispatch, valgrind ${tool[0]#--tool=})"
  (ulimit -v 8000000; valgrind "${tool[@]}" "$bin" run-one "$w") >"$dir/$w.log" 2>&1 \
    || { cat "$dir/$w.log"; exit 1; }
  ir=$(sed -n 's/^summary: *//p' "$dir/$w.out" | head -n1 | awk '{print $1}')
  [ -n "$ir" ] && [ "$ir" -gt 0 ] || { echo "no instruction count in $dir/$w.out"; exit 1; }
  "$annotate" "$dir/$w.out" 2>/dev/null | head -n 60 >"$dir/$w.txt" || true
  rows+=("$(awk -v w="$w" -v ir="$ir" -v n="$wasm" \
    'BEGIN { printf "%-14s %16s %16s %10.2f", w, ir, n, ir / n }')")
done

echo
printf '%-14s %16s %16s %10s\n' workload "machine instrs" "wasm instrs" "per wasm"
printf '%s\n' "${rows[@]}"
echo "wint dispatch: $dispatch; profiles in $dir/"
