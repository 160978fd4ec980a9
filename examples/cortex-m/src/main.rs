//! Firmware for QEMU's mps2-an386 board (Cortex-M4F) that runs WebAssembly with wint.
//!
//! It runs the guests embedded below, one engine and store each, checks what they do,
//! and prints what each needed in RAM:
//! 1. `hello`: a no_std WASI command (wasm32-wasip1) that prints two lines through
//!    `fd_write` and calls `proc_exit(0)`;
//! 2. `compute`: CRC-32, recursive Fibonacci and a matrix product, checked against the
//!    same computations done natively, and an out-of-bounds access that must trap;
//! 3. `hello-std`: the same hello written with Rust's std, when the board has the RAM
//!    for it (its 40 KB module is copied into RAM by the engine).
//!
//! The last line is `all checks passed` and QEMU exits with status 0, or a failure is
//! printed and QEMU exits with status 1 (scripts/cortex-m.sh checks both).
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use cortex_m_rt::entry;
use wint::{Config, Engine, Error, Linker, Module, Store, TrapCode};
use wint_cortex_m::{
    PhaseStats, RAM_KIB, end_phase, heap_stats, println, reset_peaks, stack_depth, stack_peak,
    write_host,
};
use wint_wasi::embedded::{WasiCtx, WasiCtxBuilder, add_imports_to_linker};

static HELLO: &[u8] = include_bytes!(env!("WINT_GUEST_HELLO"));
static HELLO_STD: &[u8] = include_bytes!(env!("WINT_GUEST_HELLO_STD"));
static COMPUTE: &[u8] = include_bytes!(env!("WINT_GUEST_COMPUTE"));

/// Largest linear memory a module may declare: one 64 KiB page (`max_memory_bytes`).
const MEMORY_MAX: u64 = 64 * 1024;
/// RAM backing each guest's linear memory (`Config::memory_cap`): the guests declare one
/// 64 KiB page but use only its start (hello: a 1 KiB shadow stack and 65 B of data;
/// compute: a 4 KiB shadow stack and 7 KiB of buffers). An access beyond the cap traps.
const HELLO_MEMORY_CAP: u64 = 4 * 1024;
const COMPUTE_MEMORY_CAP: u64 = 16 * 1024;
/// hello-std's allocator uses the whole page.
const HELLO_STD_MEMORY_CAP: u64 = MEMORY_MAX;
/// The engine's value stack (locals and operands of all active wasm frames).
const VALUE_STACK: usize = 4 * 1024;
/// Deepest wasm call nesting (the frame stack is reserved for it up front).
const CALL_DEPTH: u32 = 64;
/// RAM needed to try `hello-std` (module copy, translated code, linear memory).
const HELLO_STD_MIN_RAM_KIB: u32 = 256;

fn engine(memory_cap: u64) -> Engine {
    let mut config = Config::new();
    config
        .max_stack_bytes(VALUE_STACK)
        .max_call_depth(CALL_DEPTH)
        .max_memory_bytes(MEMORY_MAX)
        .memory_cap(memory_cap);
    Engine::new(&config)
}

/// Prints what a run needed: heap peak (requested bytes and extent, which includes
/// the allocator's alignment and fragmentation), the part of it that is not linear
/// memory, and the native stack. False if something leaked or the stack overflowed.
fn report_ram(name: &str, wasm: usize, linear: usize, stack_base: usize) -> bool {
    let heap = heap_stats();
    let (stack, stack_ok) = match stack_peak() {
        Ok(s) => (s, true),
        Err(s) => (s, false),
    };
    let engine_stack = stack.saturating_sub(stack_base);
    println!(
        "{name}: RAM: heap peak {} B, heap extent {} B, linear memory {} B, native stack {} B ({} B under the firmware's {} B){}",
        heap.peak,
        heap.extent,
        linear,
        stack,
        engine_stack,
        stack_base,
        if stack_ok {
            ""
        } else {
            " (OVERFLOWED the reserve)"
        }
    );
    println!(
        "{name}: engine RAM beyond linear memory: {} B (heap extent - linear memory + engine stack; the module's {} B are copied in)",
        heap.extent.saturating_sub(linear) + engine_stack,
        wasm
    );
    if heap.live != 0 {
        println!(
            "{name}: FAILED: {} B still allocated after the run",
            heap.live
        );
    }
    stack_ok && heap.live == 0
}

/// The phases of a run, each with its heap and stack peaks (kept off the heap, so
/// that the leak check after a run sees only what the engine left).
#[derive(Default)]
struct Phases {
    items: [(&'static str, PhaseStats); 6],
    len: usize,
    /// Stack depth where the firmware starts calling the engine.
    base: usize,
}

impl Phases {
    fn start(&mut self) {
        self.base = stack_depth();
    }
    fn end(&mut self, name: &'static str) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = (name, end_phase());
            self.len += 1;
        }
    }
    fn print(&self, run: &str) {
        for (name, p) in &self.items[..self.len] {
            println!(
                "{run}: {name:<11} heap peak {:>6} B, live after {:>6} B, native stack {:>5} B",
                p.heap_peak, p.heap_live, p.stack
            );
        }
    }
}

/// Bytes the WASI guests wrote to stdout and stderr.
static WRITTEN: AtomicUsize = AtomicUsize::new(0);

/// The WASI sinks: semihosting (a UART or RTT on a real board).
fn sink(fd: u32, bytes: &[u8]) -> bool {
    WRITTEN.fetch_add(bytes.len(), Relaxed);
    write_host(fd, bytes)
}

/// Runs a WASI command: `_start`, then the exit status (0 if `_start` returned).
fn run_wasi(name: &'static str, wasm: &[u8], memory_cap: u64) -> bool {
    reset_peaks();
    WRITTEN.store(0, Relaxed);
    let mut phases = Phases::default();
    let mut run = || -> wint::Result<(i32, usize, usize)> {
        phases.start();
        let engine = engine(memory_cap);
        let module = Module::new(&engine, wasm)?;
        phases.end("load");
        let mut linker = Linker::new(&engine);
        add_imports_to_linker(&mut linker, &module, |ctx: &mut WasiCtx| ctx)?;
        let wasi = WasiCtxBuilder::new()
            .arg(name)
            .stdout(|bytes: &[u8]| sink(1, bytes))
            .stderr(|bytes: &[u8]| sink(2, bytes))
            .build()?;
        let mut store = Store::new(&engine, wasi);
        phases.end("link");
        let instance = linker.instantiate(&mut store, &module)?;
        // The instance keeps the host functions it imported; the rest can go.
        drop(linker);
        let linear = instance
            .get_memory(&store, "memory")
            .map_or(0, |m| m.data_size(&store));
        let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
        phases.end("instantiate");
        let status = match start.call(&mut store, ()) {
            Ok(()) => 0,
            Err(e) => e.exit_status().ok_or(e)?,
        };
        phases.end("run");
        Ok((status, WRITTEN.load(Relaxed), linear))
    };
    let result = run();
    phases.end("drop");
    phases.print(name);
    match result {
        Ok((status, written, linear)) => {
            let ok = status == 0 && written > 0;
            println!(
                "{name}: exit status {status}, {written} bytes written {}",
                if ok { "ok" } else { "FAILED" }
            );
            report_ram(name, wasm.len(), linear, phases.base) && ok
        }
        Err(e) => {
            println!("{name}: FAILED: {:?}", e);
            false
        }
    }
}

fn crc32_native(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

fn fib_native(n: u32) -> i32 {
    let (mut a, mut b) = (0i32, 1i32);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}

/// The guest's `matmul`: two n×n matrices from a linear congruential generator, the
/// product's checksum.
fn matmul_native(n: usize, seed: u32) -> i32 {
    let mut x = seed;
    let mut next = || {
        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (x >> 24) as i32 - 128
    };
    let a: Vec<i32> = (0..n * n).map(|_| next()).collect();
    let b: Vec<i32> = (0..n * n).map(|_| next()).collect();
    let mut h = 0i32;
    for i in 0..n {
        for j in 0..n {
            let s = (0..n).fold(0i32, |s, k| {
                s.wrapping_add(a[i * n + k].wrapping_mul(b[k * n + j]))
            });
            h = h.wrapping_mul(31).wrapping_add(s);
        }
    }
    h
}

/// Prints one check; true if `got == want`.
fn check(label: &str, got: i32, want: i32, hex: bool) -> bool {
    let ok = got == want;
    let verdict = if ok { "ok" } else { "FAILED" };
    if hex {
        println!("compute: {label} = {:#010x} {verdict}", got as u32);
    } else {
        println!("compute: {label} = {got} {verdict}");
    }
    if !ok {
        println!("compute: expected {want}");
    }
    ok
}

/// Fills `buf` with xorshift32 bytes.
fn pseudo_random(buf: &mut [u8]) {
    let mut x = 0x1234_5678u32;
    for b in buf {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
}

fn run_compute() -> bool {
    // The native references first, so that their allocations are not counted.
    let fib_want = fib_native(25);
    let matmul_want = matmul_native(16, 7);
    reset_peaks();
    let mut phases = Phases::default();
    let mut run = || -> wint::Result<(bool, usize)> {
        phases.start();
        let engine = engine(COMPUTE_MEMORY_CAP);
        let module = Module::new(&engine, COMPUTE)?;
        phases.end("load");
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
        phases.end("instantiate");
        let memory = instance
            .get_memory(&store, "memory")
            .ok_or_else(|| Error::host("compute exports no memory"))?;
        let buf = instance
            .get_typed_func::<(), i32>(&store, "buf_ptr")?
            .call(&mut store, ())?;
        let buf_len = instance
            .get_typed_func::<(), i32>(&store, "buf_len")?
            .call(&mut store, ())? as usize;
        let crc32 = instance.get_typed_func::<(i32, i32), i32>(&store, "crc32")?;
        let fib = instance.get_typed_func::<i32, i32>(&store, "fib")?;
        let matmul = instance.get_typed_func::<(i32, i32), i32>(&store, "matmul")?;
        let mut ok = true;

        memory.write(&mut store, buf as usize, b"123456789")?;
        let got = crc32.call(&mut store, (buf, 9))?;
        ok &= check("crc32(\"123456789\")", got, 0xCBF4_3926_u32 as i32, true);

        let range = buf as usize..buf as usize + buf_len;
        let data = memory
            .data_mut(&mut store)
            .get_mut(range.clone())
            .ok_or_else(|| Error::host("buffer outside memory"))?;
        pseudo_random(data);
        let want = crc32_native(data) as i32;
        let got = crc32.call(&mut store, (buf, buf_len as i32))?;
        ok &= check("crc32(4096 pseudo-random bytes)", got, want, true);
        if buf_len != 4096 {
            println!("compute: FAILED: buffer of {buf_len} bytes, expected 4096");
            ok = false;
        }

        let got = fib.call(&mut store, 25)?;
        ok &= check("fib(25)", got, fib_want, false);

        let got = matmul.call(&mut store, (16, 7))?;
        ok &= check("matmul(16x16) checksum", got, matmul_want, false);

        // A read past the end of linear memory must trap, not read the board's RAM; so
        // must one past the RAM backing it, with its own message.
        let end = (memory.size(&store) * 65536) as i32;
        let backed = memory.data_size(&store) as i32;
        for (what, at, code) in [
            ("the end of memory", end, TrapCode::MemoryOutOfBounds),
            ("the memory cap", backed - 4, TrapCode::MemoryCapExceeded),
        ] {
            match crc32.call(&mut store, (at, 8)) {
                Err(e) if e.trap_code() == Some(code) => {
                    println!("compute: read past {what} traps ({e}) ok");
                }
                other => {
                    println!("compute: read past {what}: FAILED: {:?}", other);
                    ok = false;
                }
            }
        }
        phases.end("calls");
        Ok((ok, memory.data_size(&store)))
    };
    let result = run();
    phases.end("drop");
    phases.print("compute");
    match result {
        Ok((ok, linear)) => report_ram("compute", COMPUTE.len(), linear, phases.base) && ok,
        Err(e) => {
            println!("compute: FAILED: {:?}", e);
            false
        }
    }
}

#[entry]
fn main() -> ! {
    let layout = wint_cortex_m::init();
    println!(
        "wint on Cortex-M4F (QEMU mps2-an386), {} dispatch; {}",
        wint::DISPATCH,
        layout
    );
    println!(
        "engine limits: linear memory {} B declared at most, backed by {} B (hello), {} B (compute); value stack {} B, call depth {}",
        MEMORY_MAX, HELLO_MEMORY_CAP, COMPUTE_MEMORY_CAP, VALUE_STACK, CALL_DEPTH
    );
    let mut ok = run_wasi("hello", HELLO, HELLO_MEMORY_CAP);
    ok &= run_compute();
    let ram_kib: u32 = RAM_KIB.parse().unwrap_or(0);
    if ram_kib >= HELLO_STD_MIN_RAM_KIB {
        ok &= run_wasi("hello-std", HELLO_STD, HELLO_STD_MEMORY_CAP);
    } else {
        println!(
            "hello-std: skipped: its {} B module needs more than {} KiB of RAM (build with WINT_FW_RAM_KIB={})",
            HELLO_STD.len(),
            ram_kib,
            HELLO_STD_MIN_RAM_KIB
        );
    }
    println!("{}", if ok { "all checks passed" } else { "FAILED" });
    wint_cortex_m::exit(ok)
}
