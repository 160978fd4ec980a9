#!/usr/bin/env bash
# The whole test suite of wint. Run from anywhere: `bash scripts/test-all.sh`.
# Installs what it needs (rustup targets), or says exactly what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain and targets"
command -v cargo >/dev/null || { echo "cargo is missing: install Rust from https://rustup.rs"; exit 1; }
if command -v rustup >/dev/null; then
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
  rustup target add thumbv7em-none-eabihf thumbv6m-none-eabi wasm32-unknown-unknown wasm32-wasip1 riscv32imac-unknown-none-elf >/dev/null
else
  echo "rustup is missing: the no_std cross builds need targets thumbv7em-none-eabihf, thumbv6m-none-eabi, riscv32imac-unknown-none-elf and wasm32-unknown-unknown"; exit 1
fi

# Debian packages for the end-to-end tests: clang + wasi-libc build the C WASI guest,
# qemu-system-arm runs the Cortex-M firmware. Node.js (wint.wasm under node:wasi) is
# installed from Debian when no `node` is on PATH.
packages=(clang lld wasi-libc libclang-rt-dev-wasm32 qemu-system-arm)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
command -v node >/dev/null || missing+=(nodejs)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "missing Debian packages (install as root): apt-get install ${missing[*]}"; exit 1
  fi
fi
# The real wasmtime (PyPI's package bundles its runtime), for scripts/wasmtime-run: the CLI
# tests in cli/tests/vs_wasmtime.rs compare wint's output with wasmtime's (pinned version).
if ! python3 -c 'import importlib.metadata as m, sys; sys.exit(m.version("wasmtime") != "50.0.1")' 2>/dev/null; then
  python3 -m pip --version >/dev/null 2>&1 || { echo "python3 with pip is missing: needed to install wasmtime==50.0.1 from PyPI"; exit 1; }
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check wasmtime==50.0.1 ||
    { echo "pip could not install wasmtime==50.0.1 (see above)"; exit 1; }
fi
# With the toolchains installed, a guest that fails to build is a failure, not a skip.
export WINT_REQUIRE_GUESTS=1

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings

step "unit, integration, spec and CLI tests (loop dispatch, debug assertions on)"
cargo test --workspace

step "release build: tail-call dispatch, spec suites and the native-stack torture test"
cargo test --release -p wint --test dispatch
cargo test --release -p wint-spec-tests --test spec
WINT_SMITH_SEEDS=3000 cargo test --release -p wint-spec-tests --test smith

step "release build with the portable loop backend forced"
WINT_DISPATCH=loop WINT_EXPECT_LOOP=1 cargo test --release -p wint --features loop-dispatch --test dispatch

step "release build with the match backend forced (wint.wasm's backend), spec suites included"
WINT_DISPATCH=match cargo test --release -p wint --features match-dispatch --test dispatch
WINT_DISPATCH=match cargo test --release -p wint-spec-tests --features wint/match-dispatch --test spec
WINT_SMITH_SEEDS=3000 WINT_DISPATCH=match cargo test --release -p wint-spec-tests --features wint/match-dispatch --test smith

step "no_std builds of the engine: smallest and largest feature sets (Cortex-M4F, Cortex-M0, RISC-V)"
# Smallest: no validation, SIMD, fuel or fused instructions. Largest: every feature that
# needs no std (the dispatch features only force a backend).
# thumbv6m (Cortex-M0) has no atomic compare-and-swap: the engine uses Rc there, and
# wasmparser's validator (alloc::sync) does not build, so `validate` stays off.
cargo build -p wint --no-default-features --target thumbv7em-none-eabihf
cargo build -p wint --no-default-features --features validate,simd,fuel,fused,memory64 --target thumbv7em-none-eabihf
cargo clippy -p wint --no-default-features --target thumbv7em-none-eabihf -- -D warnings
cargo build -p wint --no-default-features --target thumbv6m-none-eabi
cargo build -p wint --no-default-features --features simd,fuel,fused,memory64 --target thumbv6m-none-eabi
cargo clippy -p wint --no-default-features --target thumbv6m-none-eabi -- -D warnings
cargo build -p wint --no-default-features --target riscv32imac-unknown-none-elf
cargo build -p wint --no-default-features --target wasm32-unknown-unknown
cargo build -p wint-wasi --no-default-features --features embedded --target thumbv7em-none-eabihf
# The smallest engine's own tests and lints on the host (std only for the test harness
# and the text format).
cargo clippy -p wint --no-default-features --features std,wat --all-targets -- -D warnings
cargo test -p wint --no-default-features --features std,wat
# The Wasm 2.0 spec suite on the smallest engine (no validator, SIMD, fuel or fused
# instructions): every assert_return and assert_trap holds there too.
cargo test --release -p wint-spec-tests --no-default-features --test spec

step "embedded WASI backend and the Cortex-M firmware under QEMU (installs qemu-system-arm)"
cargo test -p wint-wasi --features embedded --lib embedded
bash examples/cortex-m/run_test.sh

step "all tests passed"
