//! A generated multi-megabyte module for start-up measurements, and the measurements:
//! time to the first executed instruction (lazy), eager translate+validate throughput,
//! translated code size and peak RSS (in a child process per engine and mode).
//!
//! The module has thousands of functions of type `(i32, i32) -> i32` with locals of
//! every number type, built from random statements: arithmetic, loads and stores, a
//! mutable global, `if`/`else`, bounded loops, `br_table`, direct and indirect calls. It
//! has a memory, a table holding every function and a name section. Export `first`
//! returns its first argument plus one; nothing else is ever executed.

use std::time::{Duration, Instant};

/// Functions in the generated module.
pub const FUNCS: u32 = 10_000;

struct Gen {
    state: u64,
}

impl Gen {
    fn next(&mut self) -> u32 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        (self.state >> 32) as u32
    }
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }
}

fn uleb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn sleb(out: &mut Vec<u8>, mut v: i64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    uleb(out, body.len() as u64);
    out.extend_from_slice(body);
}

fn name(out: &mut Vec<u8>, s: &str) {
    uleb(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

// Locals of every generated function: params 0-1 (i32), then 2-5 i32, 6-7 i64, 8-9 f64.
const I32: [u8; 6] = [0, 1, 2, 3, 4, 5];
const I64: [u8; 2] = [6, 7];
const F64: [u8; 2] = [8, 9];
// Statements assign these; local 5 is reserved for loop counters.
const SET: [u8; 3] = [2, 3, 4];
const COUNTER: u8 = 5;

struct Body<'a> {
    g: &'a mut Gen,
    code: Vec<u8>,
    funcs: u32,
    depth: u32,
    in_loop: bool,
}

impl Body<'_> {
    fn op(&mut self, bytes: &[u8]) {
        self.code.extend_from_slice(bytes);
    }
    fn pick(&mut self, set: &[u8]) -> u8 {
        set[self.g.below(set.len() as u32) as usize]
    }
    fn get(&mut self, set: &[u8]) {
        let l = self.pick(set);
        self.op(&[0x20, l]);
    }
    fn i32_const(&mut self, v: i64) {
        self.op(&[0x41]);
        sleb(&mut self.code, v);
    }
    /// Pushes one i32 value.
    fn i32_expr(&mut self) {
        match self.g.below(6) {
            0 => {
                let v = self.g.next() as i32 as i64 >> self.g.below(24);
                self.i32_const(v);
            }
            1 | 2 => self.get(&I32),
            3 => {
                self.get(&I32);
                self.get(&I32);
                let op = self.pick(&[0x6a, 0x6b, 0x6c, 0x71, 0x72, 0x73, 0x74, 0x76, 0x77]);
                self.op(&[op]);
            }
            4 => {
                self.get(&I64);
                self.op(&[0xa7]); // i32.wrap_i64
            }
            _ => {
                self.address();
                self.op(&[0x28, 2]); // i32.load
                uleb(&mut self.code, self.g.below(64) as u64 * 4);
            }
        }
    }
    /// Pushes an in-bounds address (the memory has one page).
    fn address(&mut self) {
        self.get(&I32);
        self.i32_const(0xff00);
        self.op(&[0x71]);
    }
    fn statement(&mut self) {
        let nested = self.depth < 3;
        match self.g.below(if nested { 14 } else { 10 }) {
            0..=2 => {
                self.i32_expr();
                self.i32_expr();
                let op = self.pick(&[0x6a, 0x6b, 0x73, 0x72]);
                let l = self.pick(&SET);
                self.op(&[op, 0x21, l]);
            }
            3 => {
                self.get(&I64);
                self.i32_expr();
                self.op(&[0xad]); // i64.extend_i32_u
                let op = self.pick(&[0x7c, 0x7e, 0x85]);
                let l = self.pick(&I64);
                self.op(&[op, 0x21, l]);
            }
            4 => {
                self.get(&F64);
                self.i32_expr();
                self.op(&[0xb7]); // f64.convert_i32_s
                let op = self.pick(&[0xa0, 0xa2]);
                let l = self.pick(&F64);
                self.op(&[op, 0x21, l]);
            }
            5 => {
                self.address();
                self.i32_expr();
                self.op(&[0x36, 2]); // i32.store
                uleb(&mut self.code, self.g.below(64) as u64 * 4);
            }
            6 => {
                self.op(&[0x23, 0]); // global.get 0
                self.i32_expr();
                self.op(&[0x6a, 0x24, 0]); // i32.add, global.set 0
            }
            7 => {
                self.i32_expr();
                self.i32_expr();
                let callee = self.g.below(self.funcs);
                self.op(&[0x10]);
                uleb(&mut self.code, callee as u64);
                let l = self.pick(&SET);
                self.op(&[0x21, l]);
            }
            8 => {
                self.i32_expr();
                self.i32_expr();
                let callee = self.g.below(self.funcs);
                self.i32_const(callee as i64);
                self.op(&[0x11, 0, 0]); // call_indirect type 0 table 0
                let l = self.pick(&SET);
                self.op(&[0x21, l]);
            }
            9 => {
                self.i32_expr();
                self.i32_expr();
                self.i32_expr();
                self.op(&[0x1b]); // select
                let l = self.pick(&SET);
                self.op(&[0x21, l]);
            }
            10 | 11 => {
                self.i32_expr();
                self.op(&[0x04, 0x40]); // if
                self.block(3);
                self.op(&[0x05]); // else
                self.block(2);
                self.op(&[0x0b]);
            }
            12 if !self.in_loop => {
                // A loop counting the reserved local down from a small constant.
                let l = COUNTER;
                let count = 1 + self.g.below(8);
                self.i32_const(count as i64);
                self.op(&[0x21, l, 0x02, 0x40, 0x03, 0x40]); // block, loop
                self.in_loop = true;
                self.block(3);
                self.in_loop = false;
                // counter -= 1; exit when it reaches 0, else loop again
                let tail = [
                    0x20, l, 0x41, 1, 0x6b, 0x22, l, 0x45, 0x0d, 1, 0x0c, 0, 0x0b, 0x0b,
                ];
                self.op(&tail);
            }
            12 | 13 => {
                // br_table over three nested blocks.
                self.op(&[0x02, 0x40, 0x02, 0x40, 0x02, 0x40]);
                self.i32_expr();
                self.op(&[0x0e, 2, 0, 1, 2, 0x0b]);
                self.block(2);
                self.op(&[0x0b]);
                self.block(2);
                self.op(&[0x0b]);
            }
            _ => unreachable!(),
        }
    }
    fn block(&mut self, max: u32) {
        self.depth += 1;
        for _ in 0..1 + self.g.below(max) {
            self.statement();
        }
        self.depth -= 1;
    }
}

/// The generated module's bytes (deterministic).
pub fn generate() -> Vec<u8> {
    generate_with(FUNCS)
}

/// A module like [`generate`]'s with `funcs` functions.
pub fn generate_with(funcs: u32) -> Vec<u8> {
    let mut g = Gen {
        state: 0x0123_4567_89ab_cdef,
    };
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    let mut s = Vec::new();
    // types: 0 = (i32, i32) -> i32
    s.extend_from_slice(&[1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]);
    section(&mut m, 1, &s);
    s.clear();
    uleb(&mut s, funcs as u64);
    s.extend(std::iter::repeat_n(0u8, funcs as usize));
    section(&mut m, 3, &s);
    s.clear();
    // table: funcref, min = max = funcs
    s.extend_from_slice(&[1, 0x70, 1]);
    uleb(&mut s, funcs as u64);
    uleb(&mut s, funcs as u64);
    section(&mut m, 4, &s);
    section(&mut m, 5, &[1, 0, 1]); // memory: 1 page
    section(&mut m, 6, &[1, 0x7f, 1, 0x41, 0, 0x0b]); // global: mut i32 = 0
    s.clear();
    s.push(2);
    name(&mut s, "first");
    s.extend_from_slice(&[0, 0]);
    name(&mut s, "memory");
    s.extend_from_slice(&[2, 0]);
    section(&mut m, 7, &s);
    s.clear();
    // element segment: active, table 0, offset 0, every function
    s.extend_from_slice(&[1, 0, 0x41, 0, 0x0b]);
    uleb(&mut s, funcs as u64);
    for f in 0..funcs {
        uleb(&mut s, f as u64);
    }
    section(&mut m, 9, &s);
    s.clear();
    uleb(&mut s, funcs as u64);
    for f in 0..funcs {
        let mut b = Body {
            g: &mut g,
            code: Vec::new(),
            funcs,
            depth: 0,
            in_loop: false,
        };
        b.op(&[3, 4, 0x7f, 2, 0x7e, 2, 0x7c]); // locals: 4 i32, 2 i64, 2 f64
        if f == 0 {
            b.op(&[0x20, 0, 0x41, 1, 0x6a]);
        } else {
            let n = 4 + b.g.below(24);
            for _ in 0..n {
                b.statement();
            }
            b.i32_expr();
        }
        b.op(&[0x0b]);
        uleb(&mut s, b.code.len() as u64);
        s.extend_from_slice(&b.code);
    }
    section(&mut m, 10, &s);
    s.clear();
    // name section: function names
    let mut names = Vec::new();
    uleb(&mut names, funcs as u64);
    for f in 0..funcs {
        uleb(&mut names, f as u64);
        name(&mut names, &format!("generated_function_{f}"));
    }
    name(&mut s, "name");
    s.push(1);
    uleb(&mut s, names.len() as u64);
    s.extend_from_slice(&names);
    section(&mut m, 0, &s);
    m
}

/// How a module is loaded for a start-up measurement.
#[derive(Clone, Copy, PartialEq)]
pub enum Mode {
    /// wint lazy translation (eager validation).
    WintLazy,
    /// wint lazy translation and validation (`Translation::LazyValidation`).
    WintLazyValidation,
    /// wint eager translation.
    WintEager,
    /// wasmi `CompilationMode::LazyTranslation` (its default: eager validation).
    WasmiLazyTranslation,
    /// wasmi `CompilationMode::Lazy` (validation is lazy too).
    WasmiLazy,
    /// wasmi `CompilationMode::Eager`.
    WasmiEager,
}

impl Mode {
    /// Every mode, in table order.
    pub const ALL: [Mode; 6] = [
        Mode::WintLazy,
        Mode::WasmiLazyTranslation,
        Mode::WintLazyValidation,
        Mode::WasmiLazy,
        Mode::WintEager,
        Mode::WasmiEager,
    ];
    /// Name on the command line of the RSS child and in result files.
    pub fn key(self) -> &'static str {
        match self {
            Mode::WintLazy => "wint-lazy",
            Mode::WintLazyValidation => "wint-lazyvalidation",
            Mode::WintEager => "wint-eager",
            Mode::WasmiLazyTranslation => "wasmi-lazytranslation",
            Mode::WasmiLazy => "wasmi-lazy",
            Mode::WasmiEager => "wasmi-eager",
        }
    }
    /// The mode named `key`.
    pub fn from_key(key: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// Times of one start-up: loading (`Module::new`) and loading + instantiating +
/// calling `first` once (the time to the first executed instruction and its result).
pub struct Startup {
    /// `Module::new` alone.
    pub load: Duration,
    /// Up to the return of the first call.
    pub first_call: Duration,
    /// wint's `code_sizes()` after the call.
    pub code: Option<(usize, usize)>,
}

/// Loads, instantiates and calls `first` in `mode`.
pub fn startup(bytes: &[u8], mode: Mode) -> Result<Startup, String> {
    let t = Instant::now();
    match mode {
        Mode::WintLazy | Mode::WintLazyValidation | Mode::WintEager => {
            let mut config = wint::Config::new();
            config.translation(match mode {
                Mode::WintEager => wint::Translation::Eager,
                Mode::WintLazyValidation => wint::Translation::LazyValidation,
                _ => wint::Translation::Lazy,
            });
            let engine = wint::Engine::new(&config);
            let module = wint::Module::new(&engine, bytes).map_err(|e| e.to_string())?;
            let load = t.elapsed();
            let mut store = wint::Store::new(&engine, ());
            let instance = wint::Linker::new(&engine)
                .instantiate(&mut store, &module)
                .map_err(|e| e.to_string())?;
            let first = instance
                .get_typed_func::<(i32, i32), i32>(&store, "first")
                .map_err(|e| e.to_string())?;
            let r = first.call(&mut store, (41, 0)).map_err(|e| e.to_string())?;
            let first_call = t.elapsed();
            check(r)?;
            Ok(Startup {
                load,
                first_call,
                code: Some(module.code_sizes()),
            })
        }
        Mode::WasmiLazyTranslation | Mode::WasmiLazy | Mode::WasmiEager => {
            let mut config = wasmi::Config::default();
            config.compilation_mode(match mode {
                Mode::WasmiEager => wasmi::CompilationMode::Eager,
                Mode::WasmiLazy => wasmi::CompilationMode::Lazy,
                _ => wasmi::CompilationMode::LazyTranslation,
            });
            let engine = wasmi::Engine::new(&config);
            let module = wasmi::Module::new(&engine, bytes).map_err(|e| e.to_string())?;
            let load = t.elapsed();
            let mut store = wasmi::Store::new(&engine, ());
            let instance = wasmi::Linker::new(&engine)
                .instantiate_and_start(&mut store, &module)
                .map_err(|e| e.to_string())?;
            let first = instance
                .get_typed_func::<(i32, i32), i32>(&store, "first")
                .map_err(|e| e.to_string())?;
            let r = first.call(&mut store, (41, 0)).map_err(|e| e.to_string())?;
            let first_call = t.elapsed();
            check(r)?;
            Ok(Startup {
                load,
                first_call,
                code: None,
            })
        }
    }
}

fn check(r: i32) -> Result<(), String> {
    if r == 42 {
        Ok(())
    } else {
        Err(format!("`first` returned {r}, not 42"))
    }
}

/// Peak resident set size of this process in KiB (`VmHWM`), on Linux.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_module_is_valid_for_both_engines() {
        let bytes = generate_with(300);
        for m in Mode::ALL {
            let s = startup(&bytes, m).unwrap_or_else(|e| panic!("{}: {e}", m.key()));
            if m == Mode::WintEager {
                let (translated, wasm) = s.code.unwrap();
                assert!(translated > 0 && wasm > 300 * 20, "{translated} {wasm}");
            }
        }
        assert_eq!(generate_with(300), bytes, "deterministic");
    }

    #[test]
    fn leb128() {
        let mut v = Vec::new();
        uleb(&mut v, 624_485);
        sleb(&mut v, -123_456);
        sleb(&mut v, 63);
        sleb(&mut v, 64);
        assert_eq!(v, [0xe5, 0x8e, 0x26, 0xc0, 0xbb, 0x78, 0x3f, 0xc0, 0x00]);
    }
}
