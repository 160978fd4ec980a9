//! `wint` against the real wasmtime: the same guests, run with the same flags under
//! `wint` and under `scripts/wasmtime-run` (the `run` command of the wasmtime CLI on
//! the wasmtime runtime that PyPI's `wasmtime` package bundles), must print the same
//! stdout and stderr and exit with the same status. Traps are compared by exit status
//! (134) and the `Error:` line only, since the two print different backtrace formats.
//!
//! Needs `python3` with `wasmtime` (`python3 -m pip install wasmtime==50.0.1`, which
//! `scripts/test-all.sh` does), and for the compiled guests the `wasm32-wasip1` Rust
//! target and Debian's clang with wasi-libc. Without them the tests are skipped with a
//! message, or fail when `WINT_REQUIRE_GUESTS=1`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The wasmtime release the comparison is pinned to (as in `scripts/test-all.sh`).
const WASMTIME_PY: &str = "wasmtime==50.0.1";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn data(name: &str) -> String {
    manifest_dir()
        .join("tests/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn wasmtime_run_script() -> PathBuf {
    manifest_dir().join("../scripts/wasmtime-run")
}

/// Skips a test (or fails it when `WINT_REQUIRE_GUESTS` is set).
fn skip(why: &str) {
    if std::env::var_os("WINT_REQUIRE_GUESTS").is_some_and(|v| v != "0") {
        panic!("WINT_REQUIRE_GUESTS is set, but {why}");
    }
    eprintln!("skipped: {why}");
}

/// Whether `python3` can import `wasmtime`; checked once.
fn have_wasmtime() -> bool {
    static HAVE: OnceLock<Result<(), String>> = OnceLock::new();
    let found = HAVE.get_or_init(|| {
        match Command::new("python3")
            .args(["-c", "import wasmtime"])
            .stdin(Stdio::null())
            .output()
        {
            Ok(o) if o.status.success() => Ok(()),
            Ok(o) => Err(format!(
                "pip install {WASMTIME_PY} (python3 cannot import wasmtime: {})",
                String::from_utf8_lossy(&o.stderr)
                    .trim()
                    .lines()
                    .last()
                    .unwrap_or("")
            )),
            Err(e) => Err(format!(
                "pip install {WASMTIME_PY} (python3 is not available: {e})"
            )),
        }
    });
    match found {
        Ok(()) => true,
        Err(why) => {
            skip(why);
            false
        }
    }
}

/// What one run printed and how it ended.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Which runtime runs the guest.
#[derive(Clone, Copy, Debug)]
enum Runtime {
    Wint,
    Wasmtime,
}

/// One invocation, run the same way under both runtimes.
#[derive(Default, Clone)]
struct Case {
    args: Vec<String>,
    stdin: Vec<u8>,
    cwd: Option<PathBuf>,
    env: Vec<(String, String)>,
}

impl Case {
    fn new<S: AsRef<str>>(args: &[S]) -> Self {
        Case {
            args: args.iter().map(|a| a.as_ref().to_string()).collect(),
            ..Case::default()
        }
    }

    fn stdin(mut self, input: &[u8]) -> Self {
        self.stdin = input.to_vec();
        self
    }

    fn cwd(mut self, dir: &Path) -> Self {
        self.cwd = Some(dir.to_path_buf());
        self
    }

    fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }

    fn run(&self, runtime: Runtime) -> Run {
        let mut cmd = match runtime {
            Runtime::Wint => Command::new(env!("CARGO_BIN_EXE_wint")),
            Runtime::Wasmtime => {
                let mut c = Command::new("python3");
                c.arg(wasmtime_run_script());
                c
            }
        };
        cmd.args(&self.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(dir) = &self.cwd {
            cmd.current_dir(dir);
        }
        for (name, value) in &self.env {
            cmd.env(name, value);
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {runtime:?}: {e}"));
        let mut stdin = child.stdin.take().unwrap();
        let input = self.stdin.clone();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        Run {
            code: out
                .status
                .code()
                .unwrap_or_else(|| panic!("{runtime:?} was killed by a signal: {out:?}")),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs under both; returns (wint, wasmtime).
    fn both(&self) -> (Run, Run) {
        (self.run(Runtime::Wint), self.run(Runtime::Wasmtime))
    }

    /// Asserts that wint and wasmtime print the same and exit alike; returns the run.
    fn same(&self) -> Run {
        let (wint, wasmtime) = self.both();
        assert_eq!(
            wint,
            wasmtime,
            "wint (left) and wasmtime (right) differ for `{}`",
            self.args.join(" ")
        );
        wint
    }

    /// For a guest that traps: both exit with 134 and print `Error:` on stderr, after
    /// the same output (whatever the guest printed before it trapped). Returns both
    /// stderrs for further checks.
    fn same_trap(&self) -> (String, String) {
        self.same_failure(134)
    }

    /// For a run that fails with `code` and an `Error: ...` report whose format differs
    /// between the two: the same exit status and stdout, and the same stderr up to the
    /// `Error: ` report.
    fn same_failure(&self, code: i32) -> (String, String) {
        let (wint, wasmtime) = self.both();
        let what = self.args.join(" ");
        assert_eq!(
            (wint.code, wasmtime.code),
            (code, code),
            "exit status of `{what}`\nwint: {wint:?}\nwasmtime: {wasmtime:?}"
        );
        assert_eq!(wint.stdout, wasmtime.stdout, "stdout of `{what}`");
        let before_error = |s: &str| {
            s.find("Error: ")
                .map(|i| s[..i].to_string())
                .unwrap_or_else(|| panic!("no `Error: ` in the stderr of `{what}`:\n{s}"))
        };
        assert_eq!(
            before_error(&wint.stderr),
            before_error(&wasmtime.stderr),
            "stderr of `{what}` before the error report\nwint:\n{}\nwasmtime:\n{}",
            wint.stderr,
            wasmtime.stderr
        );
        (wint.stderr, wasmtime.stderr)
    }
}

/// A fresh empty directory under the test target directory.
fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "vs-wasmtime-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------------------------------
// Guests: built as in tests/wasi.rs (the same sources and output directory).

/// Whether the standard library for wasm32-wasip1 is installed, after trying rustup.
fn have_wasip1_std() -> bool {
    let installed = || {
        Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
            .args(["--print", "target-libdir", "--target", "wasm32-wasip1"])
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
        .args(["target", "add", "wasm32-wasip1"])
        .status();
    installed()
}

fn build_rust_guest() -> Result<PathBuf, String> {
    if !have_wasip1_std() {
        return Err(
            "the Rust target wasm32-wasip1 is not installed (`rustup target add wasm32-wasip1`)"
                .into(),
        );
    }
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasi-guests");
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args([
        "build",
        "--release",
        "--offline",
        "--target",
        "wasm32-wasip1",
    ])
    .arg("--manifest-path")
    .arg(manifest_dir().join("tests/guests/rust/Cargo.toml"))
    .arg("--target-dir")
    .arg(&target_dir);
    for var in [
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "RUSTFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
    ] {
        cmd.env_remove(var);
    }
    // No rustflags at all, also none from a `.cargo/config.toml` above the guest (such as
    // the workspace's `strip=symbols` for wint.wasm): the trap tests need the name section.
    cmd.env("CARGO_ENCODED_RUSTFLAGS", "");
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "building the Rust guest failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(target_dir.join("wasm32-wasip1/release/guest.wasm"))
}

/// The Rust guest (tests/guests/rust), or `None` after a skip message.
fn rust_guest() -> Option<String> {
    static GUEST: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match GUEST.get_or_init(build_rust_guest) {
        Ok(path) => Some(path.to_string_lossy().into_owned()),
        Err(why) if why.starts_with("building") => panic!("{why}"),
        Err(why) => {
            skip(why);
            None
        }
    }
}

fn build_c_guest() -> Result<PathBuf, String> {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("vs-wasmtime-guests");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let out = out_dir.join("hello_c.wasm");
    let src = manifest_dir().join("tests/guests/c/hello.c");
    match Command::new("clang")
        .args(["--target=wasm32-wasi", "-O2", "-o"])
        .arg(&out)
        .arg(&src)
        .output()
    {
        Err(e) => Err(format!(
            "clang is not available ({e}): apt-get install clang lld wasi-libc libclang-rt-dev-wasm32"
        )),
        Ok(o) if !o.status.success() => Err(format!(
            "clang cannot build for wasm32-wasi (apt-get install clang lld wasi-libc libclang-rt-dev-wasm32):\n{}",
            String::from_utf8_lossy(&o.stderr)
        )),
        Ok(_) => Ok(out),
    }
}

/// The C hello (tests/guests/c/hello.c), or `None` after a skip message.
fn c_guest() -> Option<String> {
    static GUEST: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match GUEST.get_or_init(build_c_guest) {
        Ok(path) => Some(path.to_string_lossy().into_owned()),
        Err(why) => {
            skip(why);
            None
        }
    }
}

macro_rules! require {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => return,
        }
    };
}

macro_rules! require_wasmtime {
    () => {
        if !have_wasmtime() {
            return;
        }
    };
}

// ---------------------------------------------------------------------------------------
// The check: a C hello and a Rust program that reads a pre-opened file and its
// args print the same as under wasmtime.

#[test]
fn c_hello_prints_the_same() {
    require_wasmtime!();
    let g = require!(c_guest());
    let dir = temp_dir("c");
    std::fs::write(dir.join("note.txt"), "a note\nsecond line\n").unwrap();
    let spec = format!("{}::/files", dir.display());

    // Arguments, a pre-opened file, an environment variable, an exit status.
    let r = Case::new(&[
        "--dir",
        &spec,
        "--env",
        "GREETING=hi there",
        &g,
        "/files/note.txt",
        "5",
    ])
    .same();
    assert_eq!(r.code, 5);
    assert!(r.stdout.contains("a note\nsecond line\n"), "{}", r.stdout);

    // Nothing but the program: argv[0] alone, the variable unset.
    let r = Case::new(&[&g]).same();
    assert!(r.stdout.starts_with("hello from C\nargv[0] = "), "{r:?}");

    // A directory pre-opened under its own name (`.`), a relative FILE, --argv0.
    Case::new(&["--dir", ".", &g, "note.txt", "0"])
        .cwd(&dir)
        .same();
    Case::new(&["--argv0", "hello", &g, "argument with spaces", "é"]).same();

    // --env NAME passes this process's value.
    Case::new(&["--env", "GREETING", &g])
        .env("GREETING", "from the host")
        .same();

    // Outside every pre-open: wasi-libc's perror and exit status 1, alike.
    let r = Case::new(&[&g, "/files/note.txt"]).same();
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("/files/note.txt: "), "{}", r.stderr);
}

#[test]
fn rust_program_reading_a_preopened_file_prints_the_same() {
    require_wasmtime!();
    let g = require!(rust_guest());
    let dir = temp_dir("rust");
    std::fs::write(dir.join("input.txt"), "line one\nline two: é ü\n").unwrap();
    let spec = format!("{}::/data", dir.display());

    let r = Case::new(&[
        "--dir",
        &spec,
        &g,
        "hello",
        "/data/input.txt",
        "b c",
        "",
        "-7",
    ])
    .same();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.ends_with("line one\nline two: é ü\n"), "{r:?}");

    Case::new(&["--dir", ".", &g, "hello", "input.txt"])
        .cwd(&dir)
        .same();
    Case::new(&["--argv0", "renamed", &g, "args", "x", "y"]).same();

    // A missing file: the guest's own error message and exit status 1.
    let r = Case::new(&["--dir", &spec, &g, "hello", "/data/missing.txt"]).same();
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("/data/missing.txt: "), "{}", r.stderr);
}

#[test]
fn rust_program_env_stdio_and_exit_codes_are_the_same() {
    require_wasmtime!();
    let g = require!(rust_guest());
    Case::new(&[
        "--env",
        "A=1",
        "--env",
        "EMPTY=",
        "--env",
        "EQ=a=b",
        "--env",
        "FROM_HOST",
        "--env",
        "WINT_VS_WASMTIME_UNSET",
        &g,
        "env",
    ])
    .env("FROM_HOST", "host value")
    .same();

    let input: Vec<u8> = (0..200_000u32)
        .map(|i| {
            if i % 61 == 60 {
                b'\n'
            } else {
                b' ' + (i * 7 % 95) as u8
            }
        })
        .collect();
    let r = Case::new(&[&g, "cat"]).stdin(&input).same();
    assert_eq!(r.stdout.as_bytes(), input);
    Case::new(&[&g, "cat"]).same();

    Case::new(&[&g, "stderr"]).same();
    for code in ["0", "1", "3", "42", "125"] {
        Case::new(&[&g, "exit", code]).same();
    }
}

#[test]
fn text_format_command_prints_the_same() {
    require_wasmtime!();
    let file = data("hello_wasi.wat");
    let r = Case::new(&[&file, "one", "-2", "three four"]).same();
    assert_eq!(r.code, 7);
    Case::new(&["--argv0", "hello", &file]).same();
    // --invoke prints the results.
    let r = Case::new(&["--invoke", "greet", &file]).same();
    assert_eq!(r.stdout, "hello, world\n42\n");
}

// ---------------------------------------------------------------------------------------
// Failures: the same exit status; the reports differ in format, not in substance.

#[test]
fn traps_exit_with_134_and_print_an_error() {
    require_wasmtime!();
    let g = require!(rust_guest());
    let (wint, wasmtime) = Case::new(&[&g, "trap"]).same_trap();
    for stderr in [&wint, &wasmtime] {
        assert!(stderr.contains("unreachable"), "{stderr}");
        assert!(stderr.contains("guest::deliberately_trap"), "{stderr}");
    }

    // A panic: the guest's message, identical, then the trap.
    let (wint, _) = Case::new(&[&g, "panic"]).same_trap();
    assert!(wint.contains("boom\n"), "{wint}");

    // A file that is not pre-opened, unwrapped: a panic too.
    Case::new(&[&g, "read", "/data/hello.txt"]).same_trap();
}

#[test]
fn failing_host_calls_exit_with_1_like_wasmtime() {
    require_wasmtime!();
    // An out-of-bounds iovec given to fd_write: not a wasm trap, an error of the host
    // call; wasmtime reports it with a backtrace and exits with 1.
    let (wint, wasmtime) = Case::new(&[&data("wasi_bad_pointer.wat")]).same_failure(1);
    for stderr in [&wint, &wasmtime] {
        assert!(stderr.contains("write_out_of_bounds"), "{stderr}");
    }
    // An exit status outside [0, 126) is refused the same way.
    let g = require!(rust_guest());
    let (wint, wasmtime) = Case::new(&[&g, "exit", "200"]).same_failure(1);
    for stderr in [&wint, &wasmtime] {
        assert!(stderr.contains("invalid exit status"), "{stderr}");
    }
}

#[test]
fn link_errors_exit_with_1() {
    require_wasmtime!();
    let (wint, wasmtime) = Case::new(&[&data("wasi_unknown.wat")]).same_failure(1);
    for stderr in [&wint, &wasmtime] {
        assert!(
            stderr.contains("wasi_snapshot_preview1::fd_teleport"),
            "{stderr}"
        );
    }
}
