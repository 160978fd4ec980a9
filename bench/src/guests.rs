//! The workloads: Rust programs in `bench/guests`, built for wasm32-wasip1 at bench time.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One benchmark program and the checksum it must print.
pub struct Workload {
    /// Name in tables and on the command line.
    pub name: &'static str,
    /// Binary in `bench/guests/src/bin`.
    pub bin: &'static str,
    /// Built with `-C target-feature=+simd128`.
    pub simd: bool,
    /// The expected `checksum:` text (computed once; both engines must agree with it).
    pub expect: &'static str,
    /// What it exercises.
    pub about: &'static str,
}

/// Every workload, in table order.
pub const WORKLOADS: &[Workload] = &[
    Workload {
        name: "fib",
        bin: "fib",
        simd: false,
        expect: "9227465",
        about: "recursive fib(35): calls",
    },
    Workload {
        name: "loops",
        bin: "loops",
        simd: false,
        expect: "b3a0958a7fc389d6",
        about: "locals, statics, the __stack_pointer global",
    },
    Workload {
        name: "coremark",
        bin: "coremark",
        simd: false,
        expect: "e8b1",
        about: "list, matrix, state machine, CRC",
    },
    Workload {
        name: "sha256",
        bin: "sha256",
        simd: false,
        expect: "2fc37989c87ba2408d74efef05bc6541bb57cd99d09436a3e9edafbd0648200d",
        about: "own SHA-256 over 16 MiB",
    },
    Workload {
        name: "deflate",
        bin: "deflate",
        simd: false,
        expect: "1048576 219849 84b4d5cc10fd1960",
        about: "miniz_oxide round trip of 1 MiB of text",
    },
    Workload {
        name: "json",
        bin: "json",
        simd: false,
        expect: "3987621 29ed84ef37a9b86c",
        about: "serde_json parse of a generated 4 MB document",
    },
    Workload {
        name: "sort",
        bin: "sort",
        simd: false,
        expect: "04c92fa217ac2c3e",
        about: "sort_unstable of 2M u32",
    },
    Workload {
        name: "nbody",
        bin: "nbody",
        simd: false,
        expect: "-0.169075164 -0.169096567 bfc5a4f4cfd968ac",
        about: "n-body, 500k steps, f64",
    },
    Workload {
        name: "mandelbrot",
        bin: "mandelbrot",
        simd: false,
        expect: "571628 75f410e1db1f45ee",
        about: "mandelbrot 1200x1200, f64",
    },
    Workload {
        name: "binary-trees",
        bin: "binary_trees",
        simd: false,
        expect: "289d51867a34c730",
        about: "binary-trees depth 13: allocation",
    },
    Workload {
        name: "simd",
        bin: "simd",
        simd: true,
        expect: "4e34628d6b3f5e0c",
        about: "v128: f32x4 mat-vec, u8x16 SAD, bitmask counts",
    },
];

/// The repository root (the bench crate's parent).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ has a parent")
        .to_path_buf()
}

/// Where the guests are built.
pub fn target_dir() -> PathBuf {
    repo_root().join("target/bench-guests")
}

/// The built `.wasm` of a workload.
pub fn wasm_path(w: &Workload) -> PathBuf {
    target_dir().join(format!("wasm32-wasip1/release/{}.wasm", w.bin))
}

const TARGET: &str = "wasm32-wasip1";

fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // Flags meant for the host build must not leak into the guests.
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_BUILD_TARGET",
    ] {
        c.env_remove(var);
    }
    c
}

/// Makes sure the wasm32-wasip1 target is installed (with rustup when it is missing).
fn ensure_target() -> Result<(), String> {
    let sysroot = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .args(["--print", "sysroot"])
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
    if Path::new(&sysroot)
        .join("lib/rustlib")
        .join(TARGET)
        .exists()
    {
        return Ok(());
    }
    eprintln!("installing the {TARGET} target: rustup target add {TARGET}");
    match Command::new("rustup")
        .args(["target", "add", TARGET])
        .status()
    {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!(
            "`rustup target add {TARGET}` failed ({s}); the guests need the {TARGET} target"
        )),
        Err(_) => Err(format!(
            "the Rust target {TARGET} is missing and rustup is not installed: \
             install the target's standard library for {sysroot}"
        )),
    }
}

/// Builds the guests that `selected` needs (all of them when it is empty).
pub fn build(selected: &[&Workload]) -> Result<(), String> {
    ensure_target()?;
    eprintln!(
        "building {} guest(s): bench/guests -> {}",
        selected.len(),
        target_dir().display()
    );
    let manifest = repo_root().join("bench/guests/Cargo.toml");
    let common = |c: &mut Command| {
        c.arg("--release")
            .arg("--quiet")
            .args(["--target", TARGET])
            .arg("--manifest-path")
            .arg(&manifest)
            .arg("--target-dir")
            .arg(target_dir());
    };
    let plain: Vec<_> = selected.iter().filter(|w| !w.simd).collect();
    if !plain.is_empty() {
        let mut c = cargo();
        c.arg("build");
        common(&mut c);
        for w in plain {
            c.args(["--bin", w.bin]);
        }
        run(c)?;
    }
    // SIMD guests get the target feature through `cargo rustc`, which applies it to the
    // binary alone: the dependencies stay shared with the other guests.
    for w in selected.iter().filter(|w| w.simd) {
        let mut c = cargo();
        c.arg("rustc");
        common(&mut c);
        c.args(["--bin", w.bin, "--", "-C", "target-feature=+simd128"]);
        run(c)?;
    }
    Ok(())
}

fn run(mut c: Command) -> Result<(), String> {
    match c.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("building the guests failed ({s}): {c:?}")),
        Err(e) => Err(format!("cannot run cargo: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workloads_are_distinct_and_checked() {
        for (i, w) in WORKLOADS.iter().enumerate() {
            assert!(!w.expect.is_empty(), "{}", w.name);
            assert!(
                WORKLOADS[..i]
                    .iter()
                    .all(|o| o.name != w.name && o.bin != w.bin)
            );
            let src = repo_root().join(format!("bench/guests/src/bin/{}.rs", w.bin));
            assert!(src.exists(), "{}", src.display());
        }
    }
}
