#!/usr/bin/env bash
# wint running itself: times three workloads of the speed suite (fib, coremark, sha256)
# under native wint, wint.wasm on native wint, wint.wasm on node and wint.wasm on
# wasmtime (a `wasmtime` on PATH, else the real wasmtime through Python's `wasmtime`
# package and scripts/wasmtime-run; skipped when neither is there), side by side in one
# run, and measures the size of wint.wasm in several feature sets.
#
#   bash scripts/selfhost-bench.sh [--write-status] [--runs N] [--no-sizes]
#
# Each workload runs N times per host (default 3), hosts alternating, and the table shows
# medians of wall-clock time and their ratio to native wint. Every run's output must
# equal native wint's (the workloads print a checksum). --write-status writes the table
# into docs/STATUS.md between its selfhost markers.
set -euo pipefail
cd "$(dirname "$0")/.."

write=""
runs=3
sizes=1
while [ $# -gt 0 ]; do
  case "$1" in
    --write-status) write=docs/STATUS.md ;;
    --runs) runs="$2"; shift ;;
    --no-sizes) sizes=0 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
  shift
done

rustup target add wasm32-wasip1 >/dev/null 2>&1 || true
echo "==> building native wint, wint.wasm and the workloads"
cargo build --release -q -p wint-cli
cargo build --release -q -p wint-cli --target wasm32-wasip1
cargo build --release -q -p wint-bench
target/release/wint-bench build-guests >/dev/null

size_rows=()
if [ "$sizes" = 1 ]; then
  echo "==> wint.wasm in other feature sets (own target directories)"
  # name|cargo feature arguments
  for variant in \
    "no wast subcommand|--no-default-features --features validate,simd,fuel,fused,memory64" \
    "no wast, no SIMD|--no-default-features --features validate,fuel,fused,memory64" \
    "no wast, no validation, no SIMD|--no-default-features --features fuel,fused,memory64"; do
    name="${variant%%|*}"
    flags="${variant#*|}"
    dir="target/wasm-variants/$(echo "$name" | tr -c 'a-z' '-')"
    # shellcheck disable=SC2086
    cargo build --release -q -p wint-cli --target wasm32-wasip1 $flags --target-dir "$dir"
    size_rows+=("$name|$(stat -c %s "$dir/wasm32-wasip1/release/wint.wasm")")
  done
fi

SIZE_ROWS="$(printf '%s\n' "${size_rows[@]+"${size_rows[@]}"}")" RUNS="$runs" WRITE="$write" python3 - <<'PY'
import os, re, shutil, statistics, subprocess, sys, time

runs = int(os.environ["RUNS"])
wint = "target/release/wint"
wasm = "target/wasm32-wasip1/release/wint.wasm"
guests = "target/bench-guests/wasm32-wasip1/release"
workloads = ["fib", "coremark", "sha256"]

def have(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    except OSError:
        return False

# The guests' directory is pre-opened as /g for wint.wasm (a real path: a symbolic link
# out of a pre-open would be refused).
gdir = os.path.realpath(guests) + "::/g"
hosts = [("native wint", lambda w: [wint, f"{guests}/{w}.wasm"]),
         ("wint.wasm on wint", lambda w: [wint, "--dir", gdir, wasm, "--", f"/g/{w}.wasm"])]
if have(["node", "--version"]):
    hosts.append(("wint.wasm on node", lambda w: ["node", "--no-warnings", "selfhost/node-run.mjs", "--dir", gdir, wasm, f"/g/{w}.wasm"]))
else:
    print("node not found: skipping wint.wasm on node")
if have(["wasmtime", "--version"]):
    hosts.append(("wint.wasm on wasmtime", lambda w: ["wasmtime", "run", "--dir", gdir, wasm, f"/g/{w}.wasm"]))
    wasmtime_note = "a `wasmtime` binary"
elif have(["python3", "scripts/wasmtime-run", "--version"]):
    hosts.append(("wint.wasm on wasmtime", lambda w: ["python3", "scripts/wasmtime-run", "--dir", gdir, wasm, f"/g/{w}.wasm"]))
    version = subprocess.run(["python3", "-c", "import importlib.metadata as m; print(m.version('wasmtime'))"], capture_output=True, text=True).stdout.strip()
    wasmtime_note = f"wasmtime {version} from PyPI, through scripts/wasmtime-run"
else:
    wasmtime_note = None
    print("no wasmtime (binary or PyPI package): skipping wint.wasm on wasmtime")

times = {(w, h): [] for w in workloads for h, _ in hosts}
expected = {}
for w in workloads:
    for r in range(runs):
        for h, cmd in hosts:
            t0 = time.perf_counter()
            p = subprocess.run(cmd(w), capture_output=True, text=True)
            dt = time.perf_counter() - t0
            if p.returncode != 0:
                sys.exit(f"{w} on {h} failed ({p.returncode}):\n{p.stderr}")
            exp = expected.setdefault(w, p.stdout)
            if p.stdout != exp:
                sys.exit(f"{w} on {h} printed {p.stdout!r}, native wint {exp!r}")
            times[(w, h)].append(dt)
        print(f"  {w} run {r + 1}/{runs}: " + ", ".join(f"{h} {times[(w, h)][-1]:.2f}s" for h, _ in hosts), flush=True)

def med(w, h):
    return statistics.median(times[(w, h)])

head = "| workload | " + " | ".join(h for h, _ in hosts) + " |"
lines = [head, "|" + " --- |" * (len(hosts) + 1)]
for w in workloads:
    base = med(w, hosts[0][0])
    cells = [f"{base:.2f} s"] + [f"{med(w, h):.2f} s ({med(w, h) / base:.1f}x)" for h, _ in hosts[1:]]
    lines.append(f"| {w} | " + " | ".join(cells) + " |")
geo = []
for h, _ in hosts[1:]:
    g = statistics.geometric_mean([med(w, h) / med(w, hosts[0][0]) for w in workloads])
    geo.append(f"{h}: {g:.1f}x")
table = "\n".join(lines)
summary = "Geometric mean of the ratios to native wint: " + "; ".join(geo) + "."
print(); print(table); print(summary)

size = os.path.getsize(wasm)
size_lines = ["| wint.wasm | bytes |", "| --- | --- |", f"| full (`wast`, validation, SIMD, fuel, fused, memory64) | {size:,} |"]
for row in filter(None, os.environ.get("SIZE_ROWS", "").split("\n")):
    name, n = row.split("|")
    size_lines.append(f"| {name} | {int(n):,} |")
sizes = "\n".join(size_lines)
print(); print(sizes)

write = os.environ.get("WRITE")
if write:
    notes = [f"Medians of {runs} alternating runs (`bash scripts/selfhost-bench.sh --write-status`); "
             "wint.wasm uses the match dispatch backend; targets: wint.wasm on wint at most 15x native wint, "
             "on wasmtime at most 2.5x, wint.wasm at most 1.5 MB."]
    if wasmtime_note:
        notes.append(f"wasmtime: {wasmtime_note}.")
    section = ("<!-- selfhost:start -->\n## Self-hosting: wint.wasm nested\n\n" + " ".join(notes) + "\n\n"
               + table + "\n\n" + summary + "\n\n" + sizes + "\n<!-- selfhost:end -->")
    status = open(write).read()
    if "<!-- selfhost:start -->" in status:
        status = re.sub(r"<!-- selfhost:start -->.*?<!-- selfhost:end -->", lambda m: section, status, flags=re.S)
    else:
        status = status.rstrip() + "\n\n" + section + "\n"
    open(write, "w").write(status)
    print(f"wrote {write}")
PY
