//! A v128 SIMD kernel (core::arch::wasm32): f32x4 dot products and a matrix-vector
//! product, u8x16 sums of absolute differences (motion search), and byte counting with
//! compares and bitmasks. Built with `-C target-feature=+simd128`.
use std::arch::wasm32::*;
use std::hint::black_box;

use wint_bench_guests::{MIX_SEED, Rng, mix, report};

#[cfg(not(target_feature = "simd128"))]
compile_error!("the simd guest must be built with -C target-feature=+simd128");

fn load(bytes: &[u8], at: usize) -> v128 {
    assert!(at + 16 <= bytes.len());
    // SAFETY: 16 bytes in bounds (checked above); v128_load allows unaligned addresses.
    unsafe { v128_load(bytes.as_ptr().add(at) as *const v128) }
}

fn load_f32(v: &[f32], at: usize) -> v128 {
    assert!(at + 4 <= v.len());
    // SAFETY: 4 floats in bounds (checked above); v128_load allows unaligned addresses.
    unsafe { v128_load(v.as_ptr().add(at) as *const v128) }
}

fn hsum_f32(v: v128) -> f32 {
    f32x4_extract_lane::<0>(v)
        + f32x4_extract_lane::<1>(v)
        + f32x4_extract_lane::<2>(v)
        + f32x4_extract_lane::<3>(v)
}

/// y = M x for a rows x cols matrix (cols a multiple of 4).
fn mat_vec(m: &[f32], x: &[f32], y: &mut [f32], cols: usize) {
    for (r, out) in y.iter_mut().enumerate() {
        let mut acc = f32x4_splat(0.0);
        let row = r * cols;
        for c in (0..cols).step_by(4) {
            acc = f32x4_add(acc, f32x4_mul(load_f32(m, row + c), load_f32(x, c)));
        }
        *out = hsum_f32(acc);
    }
}

/// Sum of absolute differences of a 16x16 block of `cur` at `a` and of `prev` at `b`.
fn sad16(cur: &[u8], prev: &[u8], a: usize, b: usize, stride: usize) -> u32 {
    let mut acc = i32x4_splat(0);
    for row in 0..16 {
        let x = load(cur, a + row * stride);
        let y = load(prev, b + row * stride);
        let d = v128_or(u8x16_sub_sat(x, y), u8x16_sub_sat(y, x));
        let pairs = u16x8_extadd_pairwise_u8x16(d);
        acc = i32x4_add(acc, u32x4_extadd_pairwise_u16x8(pairs));
    }
    (u32x4_extract_lane::<0>(acc) + u32x4_extract_lane::<1>(acc))
        + (u32x4_extract_lane::<2>(acc) + u32x4_extract_lane::<3>(acc))
}

/// Best motion vector for every 16x16 block of a w x h frame within +-4 pixels.
fn motion_search(cur: &[u8], prev: &[u8], w: usize, h: usize) -> u64 {
    let mut hsh = MIX_SEED;
    for by in (16..h - 32).step_by(16) {
        for bx in (16..w - 32).step_by(16) {
            let a = by * w + bx;
            let mut best = (u32::MAX, 0i32, 0i32);
            for dy in -4i32..=4 {
                for dx in -4i32..=4 {
                    let b = ((by as i32 + dy) as usize) * w + (bx as i32 + dx) as usize;
                    let s = sad16(cur, prev, a, b, w);
                    if s < best.0 {
                        best = (s, dx, dy);
                    }
                }
            }
            hsh = mix(
                hsh,
                (best.0 as u64) << 16 | ((best.1 + 8) as u64) << 8 | (best.2 + 8) as u64,
            );
        }
    }
    hsh
}

/// Occurrences of `needle` in `hay` (length a multiple of 16), and a shuffle-based
/// byte reversal folded into a checksum.
fn count_bytes(hay: &[u8], needle: u8) -> (u32, u64) {
    let n = u8x16_splat(needle);
    let rev = i8x16(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    let mut count = 0u32;
    let mut x = u64x2_splat(0);
    for at in (0..hay.len()).step_by(16) {
        let v = load(hay, at);
        count += u8x16_bitmask(u8x16_eq(v, n)).count_ones();
        x = v128_xor(i64x2_shl(x, 1), i8x16_swizzle(v, rev));
    }
    (
        count,
        u64x2_extract_lane::<0>(x) ^ u64x2_extract_lane::<1>(x),
    )
}

fn main() {
    let rounds = black_box(20);
    let mut rng = Rng::new(0x51d);
    let (rows, cols) = (256, 256);
    let m: Vec<f32> = (0..rows * cols)
        .map(|_| rng.below(2000) as f32 / 1000.0 - 1.0)
        .collect();
    let mut x: Vec<f32> = (0..cols)
        .map(|_| rng.below(2000) as f32 / 1000.0 - 1.0)
        .collect();
    let mut y = vec![0.0f32; rows];
    let (w, h) = (320, 240);
    let prev: Vec<u8> = (0..w * h).map(|_| rng.next_u32() as u8).collect();
    let mut cur: Vec<u8> = (0..w * h)
        .map(|i| prev[(i + 2 * w + 3) % (w * h)])
        .collect();
    let mut hsh = MIX_SEED;
    for r in 0..rounds {
        for _ in 0..8 {
            mat_vec(&m, &x, &mut y, cols);
            let norm = y.iter().map(|v| v.abs()).fold(1.0f32, f32::max);
            for (xi, yi) in x.iter_mut().zip(&y) {
                *xi = yi / norm;
            }
        }
        hsh = mix(
            hsh,
            x.iter()
                .fold(0u64, |a, v| a.rotate_left(3) ^ v.to_bits() as u64),
        );
        hsh = mix(hsh, motion_search(&cur, &prev, w, h));
        let (count, folded) = count_bytes(&cur, r as u8);
        hsh = mix(mix(hsh, count as u64), folded);
        cur[(r * 7919) % (w * h)] ^= 0x5a;
    }
    report(format_args!("{hsh:016x}"));
}
