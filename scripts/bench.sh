#!/usr/bin/env bash
# wint vs wasmi 2.0 for both of wint's dispatch backends, in one table.
#
#   bash scripts/bench.sh [--write-status] [wint-bench options] [WORKLOAD...]
#
# Builds wint-bench twice: with the default backend (tail-call threading on x86_64,
# aarch64 and riscv64) and with the portable loop backend forced (feature
# `loop-dispatch`). Runs the default build with every measurement (fuel, start-up,
# peers), the loop build for the execution times only, then prints the combined table;
# --write-status also writes it into docs/STATUS.md between its bench markers. Other
# options go to both runs (see `wint-bench --help`: --quick, --runs N, --peer ...).
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

echo "==> loop dispatch build"
cargo build --release -q -p wint-bench --features loop-dispatch
"$bin" "${pass[@]}" --no-fuel --no-peers --no-startup --save "$out/loop.txt"
grep -q $'^dispatch\tloop$' "$out/loop.txt" || { echo "the loop-dispatch build did not use the loop backend"; exit 1; }

echo "==> both backends"
"$bin" status "${write[@]}" "$out/default.txt" "$out/loop.txt"
