#!/usr/bin/env bash
# Flash and RAM of wint on a Cortex-M4F (thumbv7em-none-eabihf, QEMU mps2-an386), for
# the smallest and the full engine feature set, with the firmware's release profile
# (examples/cortex-m/Cargo.toml: opt-level "z", fat LTO, codegen-units 1,
# panic = "abort").
#
#   bash scripts/size.sh                          # print the report (Markdown)
#   bash scripts/size.sh --write-status [FILE]    # also put it into docs/STATUS.md (or
#                                                 # FILE), between <!-- embedded:start -->
#                                                 # and <!-- embedded:end -->
#
# Flash is .text + .rodata (what the issue counts; the 1 KiB vector table and .data
# initializers are left out):
# - engine alone: the `engine-only` binary (one opaque module decoded (validated too in
#   the full set), linked, instantiated and called, so no part of the engine can be
#   dropped) minus the `baseline` binary (the same runtime: vectors, allocator,
#   semihosting, panic handler, one formatted line);
# - firmware: examples/cortex-m as shipped, with its three guest modules (about 42 KB
#   of .rodata) embedded.
# RAM: the firmware runs under QEMU with 128 KiB of RAM and prints, for the WASI
# hello, its heap high-water mark (allocator counters), its native stack high-water
# mark (stack painting) and the linear memory; "beyond linear memory" is heap extent
# (alignment and fragmentation included) minus linear memory plus native stack.
#
# Feature sets: WINT_SIZE_SMALL_FEATURES (default: none: no validator, SIMD, fuel, fused
# instructions or 64-bit memories) and WINT_SIZE_FULL_FEATURES (default: every feature of interp/Cargo.toml
# that does not need std, apart from the `*-dispatch` ones, which only force a backend:
# validate, simd, fuel, fused, memory64), comma-separated engine features. Both use the backend a
# bare-metal target gets by default (match dispatch). Needs llvm-size, arm-none-eabi-size, rust-size, size or readelf;
# qemu-system-arm for the RAM figures (skipped with a note when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target_dir=$root/target/cortex-m
elf_dir=$target_dir/thumbv7em-none-eabihf/release
write_status=
status_file=docs/STATUS.md
if [ "${1:-}" = "--write-status" ]; then
  write_status=1
  status_file=${2:-docs/STATUS.md}
fi

# The engine's features that build without std: those whose definition does not
# mention std (`std = [...]`, `wat = ["std", ...]` are left out), and not `default` or a
# `*-dispatch` feature.
engine_features() {
  awk '
    /^\[/ { in_features = ($0 == "[features]"); next }
    in_features && /^[A-Za-z0-9_-]+[ \t]*=/ {
      name = $1; sub(/[ \t]*=.*/, "", name)
      body = $0
      while (body !~ /\]/ && (getline line) > 0) body = body line
      keep = name != "default" && name != "std" && name !~ /-dispatch$/ && body !~ /"std"|\/std"/
      if (keep) { printf "%s%s", sep, name; sep = "," }
    }' interp/Cargo.toml
}
small=${WINT_SIZE_SMALL_FEATURES-}
full=${WINT_SIZE_FULL_FEATURES-$(engine_features)}

# section_bytes ELF SECTION: the section's size in bytes, 0 if absent.
if command -v llvm-size >/dev/null; then sysv=(llvm-size -A)
elif command -v arm-none-eabi-size >/dev/null; then sysv=(arm-none-eabi-size -A)
elif command -v rust-size >/dev/null; then sysv=(rust-size -A)
elif command -v size >/dev/null; then sysv=(size -A)
else sysv=()
fi
section_bytes() {
  local elf=$1 name=$2
  if [ ${#sysv[@]} -gt 0 ]; then
    "${sysv[@]}" "$elf" | awk -v n="$name" '$1 == n { s = $2 } END { print s + 0 }'
  elif command -v readelf >/dev/null; then
    readelf -SW "$elf" | sed 's/^ *\[ *[0-9]*\]//' |
      awk -v n="$name" '$1 == n { s = strtonum("0x" $5) } END { print s + 0 }'
  else
    echo "none of llvm-size, arm-none-eabi-size, rust-size, size, readelf is installed" >&2
    exit 1
  fi
}
flash() { echo $(($(section_bytes "$1" .text) + $(section_bytes "$1" .rodata))); }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }

echo "==> guests" >&2
rustup target add thumbv7em-none-eabihf wasm32-wasip1 wasm32-unknown-unknown >/dev/null 2>&1 || true
(cd examples/cortex-m/guests &&
  cargo build -q --locked --release --target wasm32-wasip1 -p hello -p hello-std --target-dir "$target_dir/guests" &&
  cargo build -q --locked --release --target wasm32-unknown-unknown -p compute --target-dir "$target_dir/guests")

rows=()
ram_lines=()
for set in smallest full; do
  if [ "$set" = smallest ]; then features=$small; else features=$full; fi
  feature_args=()
  shown=none
  if [ -n "$features" ]; then
    feature_args=(--features "$(echo "$features" | sed 's/[^,][^,]*/wint\/&/g')")
    shown=$features
  fi
  echo "==> $set feature set (engine features: $shown)" >&2
  (cd examples/cortex-m &&
    WINT_FW_RAM_KIB=128 cargo build -q --release --target thumbv7em-none-eabihf \
      --target-dir "$target_dir" --bins "${feature_args[@]}")
  base=$(flash "$elf_dir/baseline")
  engine=$(($(flash "$elf_dir/engine-only") - base))
  firmware=$(flash "$elf_dir/wint-cortex-m")
  rows+=("| $set | ${shown//,/, } | $engine B ($(kib "$engine")) | $firmware B ($(kib "$firmware")) | $base B |")

  if command -v qemu-system-arm >/dev/null; then
    log=$target_dir/size-$set.log
    timeout 120 qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native \
      -kernel "$elf_dir/wint-cortex-m" </dev/null >"$log" 2>&1 || true
    ram=$(sed -n 's/^hello: RAM: //p' "$log")
    beyond=$(sed -n 's/^hello: engine RAM beyond linear memory: \([0-9]*\) B.*/\1/p' "$log")
    if grep -qx 'all checks passed' "$log" && [ -n "$beyond" ]; then
      ram_lines+=("| $set | $ram | $beyond B ($(kib "$beyond")) | yes |")
    else
      ram_lines+=("| $set | firmware failed under QEMU with 128 KiB of RAM, see $log | - | no |")
    fi
  else
    ram_lines+=("| $set | not measured: qemu-system-arm is missing | - | - |")
  fi
done

report=$(cat <<EOF
## Microcontroller footprint (Cortex-M4F)

Generated by \`bash scripts/size.sh\` for thumbv7em-none-eabihf with opt-level "z", fat LTO,
codegen-units 1 and panic = "abort", match dispatch (the bare-metal default). Flash is
.text + .rodata; the engine alone is the \`engine-only\` binary of examples/cortex-m minus its
\`baseline\` (the same runtime without the engine); the firmware includes about 42 KB of
embedded guest modules. Smallest: no validator, SIMD, fuel, fused instructions or 64-bit memories; full:
every engine feature that builds without std.
Targets (issue 6): engine with validation and SIMD off at most 120 KiB (122880 B) of flash;
at most 16 KiB of RAM beyond linear memory; hello fits a board with 128 KiB of RAM.

| feature set | engine features | engine alone | firmware | baseline runtime |
|---|---|---:|---:|---:|
$(printf '%s\n' "${rows[@]}")

RAM to run the WASI hello (examples/cortex-m/guests/hello) on the firmware built with 128
KiB of RAM: heap from the allocator's counters, native stack from stack painting. The
module declares one 64 KiB page; \`Config::memory_cap\` backs 4 KiB of it.

| feature set | measured | beyond linear memory | fits 128 KiB |
|---|---|---:|---|
$(printf '%s\n' "${ram_lines[@]}")
EOF
)
echo "$report"

if [ -n "$write_status" ]; then
  [ -f "$status_file" ] || printf '# wint status\n' >"$status_file"
  section=$(printf '<!-- embedded:start -->\n%s\n<!-- embedded:end -->' "$report")
  if grep -q '^<!-- embedded:start -->$' "$status_file"; then
    SECTION=$section awk '
      /^<!-- embedded:start -->$/ { print ENVIRON["SECTION"]; skip = 1; next }
      /^<!-- embedded:end -->$/ { skip = 0; next }
      !skip { print }' "$status_file" >"$status_file.tmp"
    mv "$status_file.tmp" "$status_file"
  else
    printf '%s\n' "$section" >>"$status_file"
  fi
  echo "==> wrote the embedded section of $status_file" >&2
fi
