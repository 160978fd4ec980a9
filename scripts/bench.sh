#!/usr/bin/env bash
# wint vs wasmi 2.0 for both of wint's dispatch backends, in one table.
#
#   bash scripts/bench.sh [--write-status] [wint-bench options] [WORKLOAD...]
#
# Builds wint-bench three times: with the default backend (tail-call threading on x86_64,
# aarch64 and riscv64), with the portable loop backend forced (feature `loop-dispatch`)
# and with the match backend forced (feature `match-dispatch`: the default of wasm32
# without tail calls, i.e. wint.wasm, and of bare-metal targets). Runs the default build
# with every measurement (fuel, start-up, peers), the other two for the execution times
# only, then prints the combined table;
# --write-status also writes it into docs/STATUS.md between its bench markers. Other
# options go to every run (see `wint-bench --help`: --quick, --runs N, --peer ...).
set -euo pipefail
cd "$(dirname "$0")/.."

write=()
pass=()
for a in "$@"; do
  case "$a" in
    --write-status) write=(--write docs/STATUS.md) ;;
    *) pass+=("$a") ;;
  esac
done
out=target/bench-results
mkdir -p "$out"
bin=target/release/wint-bench

echo "==> default dispatch build"
cargo build --release -q -p wint-bench
"$bin" "${pass[@]}" --save "$out/default.txt"

# The other backends, forced by their cargo features: execution times only.
for backend in loop match; do
  echo "==> $backend dispatch build"
  cargo build --release -q -p wint-bench --features "$backend-dispatch"
  "$bin" "${pass[@]}" --no-fuel --no-peers --no-startup --save "$out/$backend.txt"
  grep -q $'^dispatch\t'"$backend"'$' "$out/$backend.txt" ||
    { echo "the $backend-dispatch build did not use the $backend backend"; exit 1; }
done

echo "==> all backends"
"$bin" status "${write[@]}" "$out/default.txt" "$out/loop.txt" "$out/match.txt"
