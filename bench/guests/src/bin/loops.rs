//! Tight loops over locals and globals, no memory traffic beyond the globals.
//!
//! Rust cannot name a wasm `global` directly: statics live in linear memory. The three
//! phases: arithmetic on locals only; read-modify-write of statics (relaxed atomics, so
//! each access stays a load or store); a small function with a stack frame called in a
//! loop, which reads and writes the `__stack_pointer` wasm global on every call.
use std::hint::black_box;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};

use wint_bench_guests::{MIX_SEED, mix, report};

static COUNT: AtomicU64 = AtomicU64::new(0);
static ACC: AtomicU32 = AtomicU32::new(7);
static LAST: AtomicU32 = AtomicU32::new(0);

#[inline(never)]
fn locals(n: u32) -> u32 {
    let (mut a, mut b, mut c) = (1u32, 2u32, 3u32);
    let mut i = 0;
    while i < n {
        a = a.wrapping_add(b ^ i);
        b = b.rotate_left(5).wrapping_add(c);
        c = (c ^ a).wrapping_mul(0x9e37_79b9);
        if a & 0x100 != 0 {
            b ^= 0x55;
        }
        i += 1;
    }
    a ^ b ^ c
}

#[inline(never)]
fn statics(n: u32) -> u64 {
    for i in 0..n {
        let acc = ACC.load(Relaxed);
        let next = acc.wrapping_mul(33) ^ i;
        ACC.store(next, Relaxed);
        COUNT.store(COUNT.load(Relaxed) + (next & 15) as u64, Relaxed);
        if next > LAST.load(Relaxed) {
            LAST.store(next, Relaxed);
        }
    }
    COUNT.load(Relaxed) ^ ((ACC.load(Relaxed) as u64) << 32) ^ LAST.load(Relaxed) as u64
}

#[inline(never)]
fn framed(x: u32) -> u32 {
    let mut buf = [x, x ^ 1, x.wrapping_mul(3), x >> 2];
    black_box(&mut buf);
    buf[0].wrapping_add(buf[1]) ^ buf[2].wrapping_sub(buf[3])
}

#[inline(never)]
fn stack_global(n: u32) -> u32 {
    let mut h = 0u32;
    for i in 0..n {
        h = h.rotate_left(1) ^ framed(i ^ h);
    }
    h
}

fn main() {
    let n = black_box(25_000_000u32);
    let mut h = mix(MIX_SEED, locals(n) as u64);
    h = mix(h, statics(n / 4));
    h = mix(h, stack_global(n / 10) as u64);
    report(format_args!("{h:016x}"));
}
