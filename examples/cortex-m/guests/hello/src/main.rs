//! The smallest useful WASI program: it writes two lines with `fd_write` (one to stdout,
//! one to stderr) and exits with `proc_exit(0)`. No std, no allocator, so the module is
//! a few hundred bytes: what a board with little RAM can afford to load.
//!
//! `_start` comes from wasi-libc's `crt1-command.o`, which the wasm32-wasip1 target
//! links into every program; it runs the constructors and calls `__main_void`, defined
//! here instead of a Rust `main`. The three other libc functions it calls are defined
//! at the end of this file, so the module imports nothing but `fd_write` and
//! `proc_exit`.
#![no_std]
#![no_main]

#[repr(C)]
struct Ciovec {
    buf: *const u8,
    len: usize,
}

#[link(wasm_import_module = "wasi_snapshot_preview1")]
unsafe extern "C" {
    fn fd_write(fd: i32, iovs: *const Ciovec, iovs_len: usize, nwritten: *mut usize) -> i32;
    fn proc_exit(code: i32) -> !;
}

/// Writes all of `msg` to `fd`; false if the host reported an error.
fn write_all(fd: i32, mut msg: &[u8]) -> bool {
    while !msg.is_empty() {
        let iov = Ciovec {
            buf: msg.as_ptr(),
            len: msg.len(),
        };
        let mut written = 0;
        // SAFETY: `iov` points at live memory and `written` is a valid out-pointer.
        if unsafe { fd_write(fd, &iov, 1, &mut written) } != 0 || written == 0 {
            return false;
        }
        msg = &msg[written.min(msg.len())..];
    }
    true
}

#[unsafe(no_mangle)]
pub extern "C" fn __main_void() -> i32 {
    let ok = write_all(1, b"Hello from WebAssembly on a Cortex-M!\n")
        & write_all(2, b"(this line went to stderr)\n");
    // SAFETY: `proc_exit` never returns; the host unwinds the guest.
    unsafe { proc_exit(if ok { 0 } else { 1 }) }
}

/// Thread-pointer setup: nothing to do without threads or thread-locals.
#[unsafe(no_mangle)]
pub extern "C" fn __wasi_init_tp() {}

/// Destructors: there are none.
#[unsafe(no_mangle)]
pub extern "C" fn __wasm_call_dtors() {}

/// Called by `_start` when `__main_void` returns a non-zero status.
#[unsafe(no_mangle)]
pub extern "C" fn __wasi_proc_exit(code: i32) -> ! {
    // SAFETY: a plain WASI call.
    unsafe { proc_exit(code) }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
