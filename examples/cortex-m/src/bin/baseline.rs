//! The firmware's runtime without the engine: vector table, heap, semihosting, panic
//! and fault handlers, one allocation and one formatted line. scripts/size.sh
//! subtracts its flash size from `engine-only`'s to get the engine's own.
#![no_std]
#![no_main]

extern crate alloc;

use core::hint::black_box;
use cortex_m_rt::entry;
use wint_cortex_m::println;

#[entry]
fn main() -> ! {
    let layout = wint_cortex_m::init();
    let v: alloc::vec::Vec<u8> = alloc::vec![0; black_box(16)];
    println!("baseline: {} ({} B allocated)", layout, black_box(v).len());
    wint_cortex_m::exit(true)
}
