//! Mandelbrot set: f64 arithmetic in a tight loop, one bit per pixel.
use std::hint::black_box;

use wint_bench_guests::{MIX_SEED, mix, report};

fn main() {
    let size = black_box(1200usize);
    let max_iter = 50;
    let mut h = MIX_SEED;
    let mut inside = 0u64;
    for y in 0..size {
        let ci = 2.0 * y as f64 / size as f64 - 1.0;
        let mut byte = 0u64;
        for x in 0..size {
            let cr = 2.0 * x as f64 / size as f64 - 1.5;
            let (mut zr, mut zi, mut tr, mut ti) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
            let mut i = 0;
            while i < max_iter && tr + ti <= 4.0 {
                zi = 2.0 * zr * zi + ci;
                zr = tr - ti + cr;
                tr = zr * zr;
                ti = zi * zi;
                i += 1;
            }
            byte = (byte << 1) | (tr + ti <= 4.0) as u64;
            if tr + ti <= 4.0 {
                inside += 1;
            }
            if x % 64 == 63 {
                h = mix(h, byte);
                byte = 0;
            }
        }
        h = mix(h, byte);
    }
    report(format_args!("{inside} {h:016x}"));
}
