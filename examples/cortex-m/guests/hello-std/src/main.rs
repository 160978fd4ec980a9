//! The WASI hello as a user would write it: plain `std` Rust, printed through
//! `fd_write`. The module is about 40 KB (std's formatting and allocator), which the
//! engine copies into RAM; the firmware runs it when it has 256 KiB of RAM.
fn main() {
    println!("Hello from WebAssembly on a Cortex-M!");
    eprintln!("(this line went to stderr)");
}
