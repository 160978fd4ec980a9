//! End-to-end tests of the `wint` binary on the files in `tests/data`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn data(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "data", name]
        .iter()
        .collect();
    path.to_string_lossy().into_owned()
}

fn wint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wint"))
        .args(args)
        .output()
        .expect("run the wint binary")
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = wint(args);
    Run {
        code: out
            .status
            .code()
            .expect("wint exited normally, not by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn invoke_with_arguments() {
    let r = run(&[&data("add.wat"), "--invoke", "add", "1", "2"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, "3\n", "")
    );

    // The explicit subcommand, hex and negative arguments.
    let r = run(&["run", &data("add.wat"), "--invoke", "add", "-5", "0x10"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "11\n"));

    // Unsigned spellings of negative values, and `--` before values that look like flags.
    let r = run(&[
        &data("add.wat"),
        "--invoke",
        "add64",
        "--",
        "-0x1",
        "0xffffffffffffffff",
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "-2\n"));

    // Options before the file.
    let r = run(&["--invoke", "add", &data("add.wat"), "40", "2"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "42\n"));
}

#[test]
fn results_of_every_type() {
    let cases: &[(&[&str], &str)] = &[
        (&["--invoke", "div", "1", "0"], "inf\n"),
        (&["--invoke", "div", "-1", "4"], "-0.25\n"),
        (&["--invoke", "halve", "nan"], "NaN\n"),
        (&["--invoke", "halve", "--", "-inf"], "-inf\n"),
        (&["--invoke", "pair", "-3"], "-3\n-3\n"),
        (
            &["--invoke", "splat", "1"],
            "0x00000001000000010000000100000001\n",
        ),
        (&["--invoke", "null"], "null\n"),
        (&["--invoke", "nothing"], ""),
    ];
    for (args, expected) in cases {
        let mut full = vec![data("add.wat")];
        full.extend(args.iter().map(|s| s.to_string()));
        let full: Vec<&str> = full.iter().map(String::as_str).collect();
        let r = run(&full);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (0, *expected, ""),
            "{args:?}"
        );
    }
}

#[test]
fn trap_prints_message_and_backtrace() {
    let r = run(&[&data("trap.wat"), "--invoke", "outer"]);
    assert_eq!(r.code, 134);
    assert_eq!(r.stdout, "");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.first(), Some(&"Error: unreachable"), "{}", r.stderr);
    assert!(
        lines.iter().any(|l| l.contains("wasm backtrace")),
        "{}",
        r.stderr
    );
    // Innermost frame first: the function that hit `unreachable`, then its caller.
    let boom = lines
        .iter()
        .position(|l| l.contains("boom"))
        .expect("frame of $boom");
    let outer = lines
        .iter()
        .position(|l| l.contains("outer"))
        .expect("frame of $outer");
    assert!(boom < outer, "{}", r.stderr);

    let r = run(&[&data("trap.wat"), "--invoke", "divide", "1", "0"]);
    assert_eq!(r.code, 134);
    assert!(
        r.stderr.starts_with("Error: integer divide by zero\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn resource_limits() {
    let r = run(&[&data("trap.wat"), "--invoke", "spin", "--fuel", "1000"]);
    assert_eq!(r.code, 134);
    assert!(
        r.stderr.starts_with("Error: all fuel consumed"),
        "{}",
        r.stderr
    );

    let r = run(&[
        &data("trap.wat"),
        "--max-wasm-stack",
        "65536",
        "--invoke",
        "recurse",
    ]);
    assert_eq!(r.code, 134);
    assert!(
        r.stderr.starts_with("Error: call stack exhausted"),
        "{}",
        r.stderr
    );
    // A deep backtrace is shortened.
    assert!(r.stderr.lines().count() < 40, "{}", r.stderr);

    let r = run(&[&data("bigmem.wat"), "--max-memory", "65536"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("Error: "), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);

    let r = run(&[
        &data("bigmem.wat"),
        "--max-memory",
        "1048576",
        "--invoke",
        "grow",
        "100",
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "-1\n"));
}

#[test]
fn start_function_runs_by_default() {
    let r = run(&[&data("start.wat")]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
}

#[test]
fn load_and_link_errors() {
    let r = run(&[&data("missing.wasm")]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("Error: ") && r.stderr.contains("missing.wasm"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);

    let r = run(&[&data("invalid.wat")]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("invalid.wat") && r.stderr.contains("type mismatch"),
        "{}",
        r.stderr
    );

    let r = run(&[&data("truncated.wasm")]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("truncated.wasm") && r.stderr.contains("malformed"),
        "{}",
        r.stderr
    );

    let r = run(&[&data("imports.wat"), "--invoke", "run"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("`env::log`"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

#[test]
fn bad_invocations() {
    let r = run(&[&data("add.wat"), "--invoke", "nope"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("nope"), "{}", r.stderr);

    let r = run(&[&data("add.wat"), "--invoke", "add", "1"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("takes 2 argument"), "{}", r.stderr);

    let r = run(&[&data("add.wat"), "--invoke", "add", "1", "x"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("`x` is not a valid i32"), "{}", r.stderr);

    let r = run(&[&data("add.wat"), "--invoke", "add", "1", "4294967296"]);
    assert_eq!(r.code, 1);

    // Unknown flags are command-line errors (clap's exit code 2).
    for args in [
        &["--bogus"][..],
        &[&data("add.wat"), "--bogus"][..],
        &["wast"][..],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("error"), "{}", r.stderr);
    }
}

#[test]
fn wast_counts_assertions() {
    let r = run(&["wast", &data("pass.wast")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().last(),
        Some("5 passed, 0 failed"),
        "{}",
        r.stdout
    );

    let r = run(&["wast", &data("mixed.wast"), &data("pass.wast")]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    assert!(
        lines[0].ends_with("mixed.wast: 3 passed, 2 failed"),
        "{}",
        r.stdout
    );
    assert!(
        lines[1].ends_with("pass.wast: 5 passed, 0 failed"),
        "{}",
        r.stdout
    );
    assert_eq!(lines[2], "8 passed, 2 failed");
    // Failures name the line, the directive and expected against actual.
    assert!(
        r.stderr.contains("mixed.wast:7:2: assert_return"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("expected [i32:3], got [i32:2]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("mixed.wast:9:2: assert_trap"),
        "{}",
        r.stderr
    );
}

#[test]
fn wast_missing_file_is_one_failure() {
    let r = run(&["wast", &data("pass.wast"), &data("missing.wast")]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("missing.wast: 0 passed, 1 failed"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.lines().last(), Some("5 passed, 1 failed"));
    assert!(
        r.stderr.contains("missing.wast") && r.stderr.contains("cannot read"),
        "{}",
        r.stderr
    );
}

#[test]
fn validate() {
    let r = run(&["validate", &data("add.wat")]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "ok\n"));

    let r = run(&["validate", &data("invalid.wat")]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("Error: ") && r.stderr.contains("type mismatch"),
        "{}",
        r.stderr
    );

    let r = run(&["validate", &data("missing.wasm")]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("missing.wasm"), "{}", r.stderr);
}

#[test]
fn inspect() {
    let r = run(&["inspect", &data("imports.wat")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("imports: 1\n  env::log: (func (param i32))\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("exports: 1\n  run: (func)\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("functions: 1 defined, 1 imported"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("  code: "), "{}", r.stdout);
    assert!(r.stdout.contains("  import: "), "{}", r.stdout);
}

#[test]
fn inspect_lists_features_used() {
    let r = run(&["inspect", &data("add.wat")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .ends_with("\nfeatures: multi-value reference-types simd\n"),
        "{}",
        r.stdout
    );
    let r = run(&["inspect", &data("trap.wat")]);
    assert!(
        r.stdout
            .ends_with("\nfeatures: none beyond WebAssembly 1.0\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn version_and_help() {
    let r = run(&["--version"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, format!("wint {}\n", env!("CARGO_PKG_VERSION")));

    let r = run(&["--help"]);
    assert_eq!(r.code, 0);
    for cmd in ["run", "wast", "validate", "inspect"] {
        assert!(r.stdout.contains(cmd), "{}", r.stdout);
    }
}
