#!/usr/bin/env bash
# Builds the Cortex-M example (guests for wasm32, then the firmware for
# thumbv7em-none-eabihf), runs it under QEMU's mps2-an386 board (Cortex-M4F) with
# semihosting, and checks the output. Exit status 0 when QEMU exits 0 within the
# timeout and every expected line is there, 1 otherwise.
#
#   bash scripts/cortex-m.sh                    # build, run, check
#   bash scripts/cortex-m.sh --check-log FILE [STATUS]
#                                               # only check a saved log (and QEMU's
#                                               # exit status, default 0)
#
# Environment: WINT_FW_RAM_KIB (RAM the firmware may use, default 128: the issue's
# target board), WINT_QEMU_TIMEOUT (seconds, default 120). Installs the rustup targets
# it needs, and qemu-system-arm with apt-get when it runs as root; otherwise it says
# exactly what is missing. Builds go to target/cortex-m; the log to
# target/cortex-m/qemu.log.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target_dir=$root/target/cortex-m
log=$target_dir/qemu.log
timeout_s=${WINT_QEMU_TIMEOUT:-120}

# Lines the firmware must print (whole lines). The numbers are computed independently
# of the firmware (zlib's CRC-32; the matrix checksum and Fibonacci in Python), so a
# wrong result fails here even if the firmware's own comparison were wrong too.
expected=(
  'Hello from WebAssembly on a Cortex-M!'
  '(this line went to stderr)'
  'hello: exit status 0, 65 bytes written ok'
  'compute: crc32("123456789") = 0xcbf43926 ok'
  'compute: crc32(4096 pseudo-random bytes) = 0x614183ee ok'
  'compute: fib(25) = 75025 ok'
  'compute: matmul(16x16) checksum = 1995312582 ok'
  'compute: read past the end of memory traps (out of bounds memory access) ok'
  'compute: read past the memory cap traps (memory access beyond the configured memory cap) ok'
  'all checks passed'
)
# Lines that must not appear (substrings).
forbidden=('FAILED' 'panic:' 'hard fault' 'OVERFLOWED')

# check_log FILE STATUS: prints one line per check and `N passed, N failed`.
check_log() {
  local file=$1 status=$2 passed=0 failed=0 line
  if [ "$status" = 0 ]; then
    echo "ok: QEMU exited with status 0"; passed=$((passed + 1))
  elif [ "$status" = 124 ]; then
    echo "FAILED: QEMU timed out after ${timeout_s} s"; failed=$((failed + 1))
  else
    echo "FAILED: QEMU exited with status $status"; failed=$((failed + 1))
  fi
  for line in "${expected[@]}"; do
    if grep -qFx -- "$line" "$file"; then
      echo "ok: $line"; passed=$((passed + 1))
    else
      echo "FAILED: missing line: $line"; failed=$((failed + 1))
    fi
  done
  for line in "${forbidden[@]}"; do
    if grep -qF -- "$line" "$file"; then
      echo "FAILED: unexpected output: $(grep -F -- "$line" "$file" | head -1)"; failed=$((failed + 1))
    else
      passed=$((passed + 1))
    fi
  done
  echo "cortex-m: $passed passed, $failed failed"
  [ "$failed" = 0 ]
}

if [ "${1:-}" = "--check-log" ]; then
  [ -f "${2:-}" ] || { echo "usage: $0 --check-log FILE [STATUS]"; exit 1; }
  check_log "$2" "${3:-0}"
  exit
fi

step() { printf '==> %s\n' "$*"; }

step "prerequisites"
command -v cargo >/dev/null || { echo "cargo is missing: install Rust from https://rustup.rs"; exit 1; }
targets=(thumbv7em-none-eabihf wasm32-wasip1 wasm32-unknown-unknown)
if command -v rustup >/dev/null; then
  rustup target add "${targets[@]}" >/dev/null 2>&1 || { echo "rustup could not add the targets ${targets[*]}"; exit 1; }
else
  echo "rustup is missing: the example needs the Rust targets ${targets[*]}"; exit 1
fi
if ! command -v qemu-system-arm >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing qemu-system-arm with apt-get"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-system-arm >/dev/null
  fi
  command -v qemu-system-arm >/dev/null || {
    echo "qemu-system-arm is missing: install it (Debian/Ubuntu: apt-get install qemu-system-arm)"; exit 1; }
fi
command -v timeout >/dev/null || { echo "timeout (GNU coreutils) is missing"; exit 1; }

step "guests (wasm32-wasip1, wasm32-unknown-unknown)"
(cd examples/cortex-m/guests &&
  cargo build -q --locked --release --target wasm32-wasip1 -p hello -p hello-std --target-dir "$target_dir/guests" &&
  cargo build -q --locked --release --target wasm32-unknown-unknown -p compute --target-dir "$target_dir/guests")

step "firmware (thumbv7em-none-eabihf, RAM ${WINT_FW_RAM_KIB:-128} KiB)"
(cd examples/cortex-m &&
  cargo build -q --release --target thumbv7em-none-eabihf --target-dir "$target_dir" --bin wint-cortex-m)
elf=$target_dir/thumbv7em-none-eabihf/release/wint-cortex-m

step "QEMU mps2-an386 (timeout ${timeout_s} s)"
status=0
timeout "$timeout_s" qemu-system-arm -M mps2-an386 -nographic \
  -semihosting-config enable=on,target=native -kernel "$elf" </dev/null >"$log" 2>&1 || status=$?
cat "$log"

step "checks"
check_log "$log" "$status"
