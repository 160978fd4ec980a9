//! Self-hosting: `wint.wasm` (the `wint` command built for `wasm32-wasip1`) running
//! guests nested inside native wint, inside itself, inside node and inside wasmtime.
//!
//! This crate builds what the nestings need and runs them; its tests (`tests/nested.rs`)
//! compare every nesting's output with native wint's, and `scripts/selfhost-bench.sh`
//! times them. Everything is built with cargo into `target/selfhost` (its own target
//! directory, so that the tests can build while `cargo test` holds the workspace's):
//! native `wint` and `wint.wasm` in release mode, and the guests of the CLI's tests
//! (`cli/tests/guests`: a Rust program for wasm32-wasip1 and a C program built with
//! clang and wasi-libc).
//!
//! | runtime | command |
//! | --- | --- |
//! | native | `wint --dir D::/w /w/guest.wasm ARGS` (run from the host path) |
//! | wint → wint.wasm | `wint --dir D::/w D/wint.wasm -- --dir /w /w/guest.wasm -- ARGS` |
//! | wint → wint.wasm → wint.wasm | the same with one more `--dir /w /w/wint.wasm --` level |
//! | node → wint.wasm | `node selfhost/node-run.mjs --dir D::/w D/wint.wasm --dir /w ...` |
//! | wasmtime → wint.wasm | `wasmtime run --dir D::/w D/wint.wasm --dir /w ...` (a `wasmtime` on PATH, else `scripts/wasmtime-run`, the real wasmtime through its Python embedding) |
//! | node, wasmtime directly | the guest on the outer runtime without wint: what wint.wasm on it must match |
//!
//! Guests and wint.wasm are copied into the directory D that the run pre-opens as `/w`,
//! so that every level reads them through the same pre-open.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("selfhost/ is inside the repository")
        .to_path_buf()
}

/// Where this crate builds: `target/selfhost`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
        .join("selfhost")
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for var in [
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn run_build(mut cmd: Command, what: &str) -> Result<(), String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run cargo to build {what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "building {what} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Whether the Rust standard library for `target` is installed, after trying rustup.
pub fn have_target(target: &str) -> bool {
    let installed = || {
        Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
            .args(["--print", "target-libdir", "--target", target])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
            .and_then(|dir| std::fs::read_dir(dir).ok())
            .is_some_and(|mut entries| entries.next().is_some())
    };
    if installed() {
        return true;
    }
    let _ = Command::new("rustup")
        .args(["target", "add", target])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    installed()
}

/// Native `wint` and `wint.wasm`, built in release mode.
#[derive(Debug, Clone)]
pub struct Tools {
    /// The native `wint` binary.
    pub wint: PathBuf,
    /// `wint.wasm`.
    pub wint_wasm: PathBuf,
}

/// Builds native wint and wint.wasm once per process (cargo makes this a no-op when
/// nothing changed).
pub fn tools() -> Result<&'static Tools, String> {
    static TOOLS: OnceLock<Result<Tools, String>> = OnceLock::new();
    TOOLS
        .get_or_init(|| {
            if !have_target("wasm32-wasip1") {
                return Err(
                    "the Rust target wasm32-wasip1 is missing: rustup target add wasm32-wasip1"
                        .into(),
                );
            }
            let dir = target_dir();
            let mut native = cargo();
            native
                .current_dir(repo())
                .args(["build", "--release", "-p", "wint-cli", "--target-dir"])
                .arg(&dir);
            run_build(native, "native wint")?;
            let mut wasm = cargo();
            wasm.current_dir(repo())
                .args([
                    "build",
                    "--release",
                    "-p",
                    "wint-cli",
                    "--target",
                    "wasm32-wasip1",
                    "--target-dir",
                ])
                .arg(&dir);
            run_build(wasm, "wint.wasm")?;
            Ok(Tools {
                wint: dir.join("release/wint"),
                wint_wasm: dir.join("wasm32-wasip1/release/wint.wasm"),
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The Rust guest of the CLI's tests (`cli/tests/guests/rust`), built for wasm32-wasip1
/// with its name section (backtraces name its functions).
pub fn rust_guest() -> Result<&'static Path, String> {
    static GUEST: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    GUEST
        .get_or_init(|| {
            let dir = target_dir().join("guests");
            let mut cmd = cargo();
            cmd.args([
                "build",
                "--release",
                "--offline",
                "--target",
                "wasm32-wasip1",
                "--manifest-path",
            ])
            .arg(repo().join("cli/tests/guests/rust/Cargo.toml"))
            .arg("--target-dir")
            .arg(&dir)
            // No rustflags from the workspace's .cargo/config.toml (which strips
            // wint.wasm's names): the guest keeps its name section.
            .env("CARGO_ENCODED_RUSTFLAGS", "");
            run_build(cmd, "the Rust guest")?;
            Ok(dir.join("wasm32-wasip1/release/guest.wasm"))
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// The C guest of the CLI's tests (`cli/tests/guests/c/hello.c`), built with clang and
/// wasi-libc; `Err` names the Debian packages when they are missing.
pub fn c_guest() -> Result<&'static Path, String> {
    static GUEST: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    GUEST
        .get_or_init(|| {
            let dir = target_dir().join("guests");
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            let out = dir.join("hello_c.wasm");
            let pkgs = "apt-get install clang lld wasi-libc libclang-rt-dev-wasm32";
            match Command::new("clang")
                .args(["--target=wasm32-wasi", "-O2", "-o"])
                .arg(&out)
                .arg(repo().join("cli/tests/guests/c/hello.c"))
                .output()
            {
                Err(e) => Err(format!("clang is not available ({e}): {pkgs}")),
                Ok(o) if !o.status.success() => Err(format!(
                    "clang cannot build for wasm32-wasi ({pkgs}):\n{}",
                    String::from_utf8_lossy(&o.stderr)
                )),
                Ok(_) => Ok(out),
            }
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// A `wasmtime` to nest under: a `wasmtime` binary on PATH, else `scripts/wasmtime-run`
/// when Python's `wasmtime` package (the real runtime, embedded) is installed.
pub fn wasmtime() -> Option<(Vec<String>, &'static str)> {
    let works = |cmd: &mut Command| {
        cmd.stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if works(Command::new("wasmtime").arg("--version")) {
        return Some((vec!["wasmtime".into(), "run".into()], "wasmtime binary"));
    }
    let script = repo().join("scripts/wasmtime-run");
    if works(Command::new("python3").arg(&script).arg("--version")) {
        return Some((
            vec!["python3".into(), script.to_string_lossy().into_owned()],
            "wasmtime (PyPI package, through scripts/wasmtime-run)",
        ));
    }
    None
}

/// Where a guest runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// Native wint.
    Native,
    /// wint.wasm nested `n` times (1: inside native wint, 2: inside wint.wasm inside
    /// native wint, ...).
    Nested(u32),
    /// wint.wasm inside node (node:wasi).
    Node,
    /// wint.wasm inside wasmtime.
    Wasmtime,
    /// The guest straight on node, without wint: what wint.wasm on node must match.
    NodeDirect,
    /// The guest straight on wasmtime, without wint: what wint.wasm on wasmtime must
    /// match.
    WasmtimeDirect,
}

impl Host {
    /// What this host's runs are compared with: the guest run directly by the outermost
    /// runtime (native wint for wint nested in wint), since wint.wasm passes every WASI
    /// call through to it unchanged.
    pub fn direct(self) -> Host {
        match self {
            Host::Native | Host::Nested(_) => Host::Native,
            Host::Node | Host::NodeDirect => Host::NodeDirect,
            Host::Wasmtime | Host::WasmtimeDirect => Host::WasmtimeDirect,
        }
    }
}

/// A run's result.
#[derive(Debug, Clone)]
pub struct Run {
    /// The exit status.
    pub code: i32,
    /// What it printed on stdout.
    pub stdout: String,
    /// What it printed on stderr.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// The command that runs `guest` (a file name inside `dir`, which the run pre-opens as
/// `/w`) with `args` and the variables `env` on `host`. For nested hosts `wint.wasm`
/// is copied into `dir` first.
pub fn command(
    host: Host,
    tools: &Tools,
    dir: &Path,
    guest: &str,
    env: &[(&str, &str)],
    args: &[&str],
) -> Command {
    let dir_spec = format!("{}::/w", dir.display());
    let inner = |levels: u32| {
        let mut v: Vec<String> = Vec::new();
        for _ in 1..levels {
            v.extend(["--dir", "/w", "/w/wint.wasm", "--"].map(String::from));
        }
        v.extend(["--dir".into(), "/w".into()]);
        for (k, val) in env {
            v.extend(["--env".into(), format!("{k}={val}")]);
        }
        v.push(format!("/w/{guest}"));
        v.push("--".into());
        v.extend(args.iter().map(|s| s.to_string()));
        v
    };
    let wasm_in_dir = dir.join("wint.wasm");
    let guest_in_dir = dir.join(guest);
    let direct_args = || {
        let mut v: Vec<String> = vec!["--dir".into(), dir_spec.clone()];
        for (k, val) in env {
            v.extend(["--env".into(), format!("{k}={val}")]);
        }
        v.push(guest_in_dir.to_string_lossy().into_owned());
        v.extend(args.iter().map(|s| s.to_string()));
        v
    };
    if matches!(host, Host::Nested(_) | Host::Node | Host::Wasmtime) && !wasm_in_dir.exists() {
        std::fs::copy(&tools.wint_wasm, &wasm_in_dir).expect("copy wint.wasm");
    }
    match host {
        Host::Native => {
            let mut c = Command::new(&tools.wint);
            c.arg("--dir").arg(&dir_spec);
            for (k, val) in env {
                c.arg("--env").arg(format!("{k}={val}"));
            }
            c.arg(dir.join(guest)).arg("--").args(args);
            c
        }
        Host::Nested(levels) => {
            let mut c = Command::new(&tools.wint);
            c.arg("--dir")
                .arg(&dir_spec)
                .arg(&wasm_in_dir)
                .arg("--")
                .args(inner(levels));
            c
        }
        Host::Node => {
            let mut c = Command::new("node");
            c.arg("--no-warnings")
                .arg(repo().join("selfhost/node-run.mjs"))
                .arg("--dir")
                .arg(&dir_spec)
                .arg(&wasm_in_dir)
                .args(inner(1));
            c
        }
        Host::NodeDirect => {
            let mut c = Command::new("node");
            c.arg("--no-warnings")
                .arg(repo().join("selfhost/node-run.mjs"))
                .args(direct_args());
            c
        }
        Host::WasmtimeDirect => {
            let (argv, _) = wasmtime().expect("a wasmtime to run");
            let mut c = Command::new(&argv[0]);
            c.args(&argv[1..]).args(direct_args());
            c
        }
        Host::Wasmtime => {
            let (argv, _) = wasmtime().expect("a wasmtime to run");
            let mut c = Command::new(&argv[0]);
            c.args(&argv[1..])
                .arg("--dir")
                .arg(&dir_spec)
                .arg(&wasm_in_dir)
                .args(inner(1));
            c
        }
    }
}

/// Runs `guest` (see [`command`]) with stdin from `/dev/null`.
pub fn run(
    host: Host,
    tools: &Tools,
    dir: &Path,
    guest: &str,
    env: &[(&str, &str)],
    args: &[&str],
) -> Run {
    command(host, tools, dir, guest, env, args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot start the {host:?} run: {e}"))
        .into()
}
