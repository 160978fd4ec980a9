//! Recursive Fibonacci: call-heavy, a few integer ops per call.
use std::hint::black_box;

#[inline(never)]
fn fib(n: u32) -> u64 {
    if n < 2 {
        n as u64
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

fn main() {
    let n = black_box(35);
    wint_bench_guests::report(fib(n));
}
