//! Compute kernels the firmware calls and checks against its own native results.
//!
//! Exports (all `i32` in and out, which is what the firmware's typed calls use):
//! - `buf_ptr()` / `buf_len()`: a buffer in linear memory the host fills;
//! - `crc32(ptr, len)`: CRC-32 (IEEE, reflected, the zlib one) of `len` bytes at `ptr`;
//! - `fib(n)`: the n-th Fibonacci number, computed recursively (a call-heavy load);
//! - `matmul(n, seed)`: multiplies two n×n matrices (n ≤ 16) whose entries come from a
//!   linear congruential generator seeded with `seed`, and returns a checksum of the
//!   product.
#![no_std]

use core::ptr::addr_of_mut;

const BUF_LEN: usize = 4096;
const MAX_N: usize = 16;

static mut BUF: [u8; BUF_LEN] = [0; BUF_LEN];
static mut MATS: [[i32; MAX_N * MAX_N]; 3] = [[0; MAX_N * MAX_N]; 3];

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[unsafe(no_mangle)]
pub extern "C" fn buf_ptr() -> i32 {
    addr_of_mut!(BUF) as i32
}

#[unsafe(no_mangle)]
pub extern "C" fn buf_len() -> i32 {
    BUF_LEN as i32
}

#[unsafe(no_mangle)]
pub extern "C" fn crc32(ptr: i32, len: i32) -> i32 {
    // SAFETY: linear memory is one flat address space; a range outside it traps in the
    // engine's bounds check rather than reading anything else.
    let data = unsafe { core::slice::from_raw_parts(ptr as usize as *const u8, len as usize) };
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc as i32
}

#[unsafe(no_mangle)]
pub extern "C" fn fib(n: i32) -> i32 {
    if n < 2 {
        n
    } else {
        fib(n - 1).wrapping_add(fib(n - 2))
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn matmul(n: i32, seed: i32) -> i32 {
    let n = (n.max(0) as usize).min(MAX_N);
    // SAFETY: the guest is single-threaded and these statics are used only here.
    let [a, b, c] = unsafe { &mut *addr_of_mut!(MATS) };
    let mut x = seed as u32;
    for v in a.iter_mut().take(n * n).chain(b.iter_mut().take(n * n)) {
        x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *v = (x >> 24) as i32 - 128;
    }
    for i in 0..n {
        for j in 0..n {
            let mut s = 0i32;
            for k in 0..n {
                s = s.wrapping_add(a[i * n + k].wrapping_mul(b[k * n + j]));
            }
            c[i * n + j] = s;
        }
    }
    c.iter()
        .take(n * n)
        .fold(0i32, |h, &v| h.wrapping_mul(31).wrapping_add(v))
}
