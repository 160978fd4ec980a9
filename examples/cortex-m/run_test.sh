#!/usr/bin/env bash
# End-to-end test of the Cortex-M example, for scripts/test-all.sh:
#   1. scripts/cortex-m.sh builds the guests and the firmware (128 KiB of RAM), runs it
#      under QEMU (mps2-an386) and checks every expected line and QEMU's exit status;
#   2. the checker itself fails on a log with a line missing, on a log with a failure
#      line, and on a non-zero QEMU status (so step 1 cannot pass vacuously).
# Last line: `N passed, N failed`; exit status 0 only when all passed.
set -uo pipefail
cd "$(dirname "$0")/../.."

passed=0
failed=0
run() {
  local name=$1
  shift
  if "$@"; then
    echo "test $name ... ok"; passed=$((passed + 1))
  else
    echo "test $name ... FAILED"; failed=$((failed + 1))
  fi
}
# Succeeds when the command fails.
fails() { ! "$@" >/dev/null; }

run firmware_under_qemu bash scripts/cortex-m.sh

log=target/cortex-m/qemu.log
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -f "$log" ]; then
  grep -vFx 'compute: fib(25) = 75025 ok' "$log" >"$tmp/missing.log"
  { cat "$log"; echo 'compute: fib(25) = 75024 FAILED'; } >"$tmp/failure.log"
  run checker_rejects_missing_line fails bash scripts/cortex-m.sh --check-log "$tmp/missing.log"
  run checker_rejects_failure_line fails bash scripts/cortex-m.sh --check-log "$tmp/failure.log"
  run checker_rejects_qemu_status fails bash scripts/cortex-m.sh --check-log "$log" 1
  run checker_rejects_timeout fails bash scripts/cortex-m.sh --check-log "$log" 124
else
  echo "test checker_* ... FAILED (no QEMU log at $log)"; failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
