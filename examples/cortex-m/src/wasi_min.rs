//! The few WASI preview1 functions that the example guests need, for a board without
//! an operating system.
//!
//! TEMPORARY: this module moves to `wint-wasi`'s embedded backend (the `embedded`
//! feature of `wasi/`, see issue 6) once that crate's restructuring has landed; the
//! firmware will then call `wint_wasi::embedded::add_to_linker` instead.
//!
//! What it provides, in the module `wasi_snapshot_preview1`:
//! - `fd_write` on fd 1 and 2: the bytes go to a [`Sink`] the firmware chooses
//!   (semihosting here; a UART or RTT on a real board); any other fd is `EBADF`;
//! - `proc_exit(code)`: records the code and unwinds the guest with
//!   [`wint::Error::exit`], so the firmware's call returns with the status;
//! - `args_sizes_get`, `args_get`, `environ_sizes_get`, `environ_get`: empty lists;
//! - every other function the module imports from `wasi_snapshot_preview1` (with an
//!   errno result, as all of them have but `proc_exit`): `ENOSYS`.
//!
//! Guest pointers are checked against the memory: a buffer outside it is `EFAULT`.
//! Nothing here panics on guest input.

use wint::{Caller, Error, ExternType, Linker, Memory, Module, Result, Val, ValType};

/// The import module of WASI preview1.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// WASI errno values used here.
pub mod errno {
    /// No error.
    pub const SUCCESS: i32 = 0;
    /// Bad file descriptor.
    pub const BADF: i32 = 8;
    /// Bad address.
    pub const FAULT: i32 = 21;
    /// Function not supported.
    pub const NOSYS: i32 = 52;
}

/// Where guest output goes: `(fd, bytes)` with fd 1 (stdout) or 2 (stderr); returns
/// false when the bytes could not be written (the guest then gets `EIO`).
pub type Sink = fn(u32, &[u8]) -> bool;

/// The per-store WASI state.
#[derive(Debug)]
pub struct WasiMin {
    sink: Sink,
    exit_code: Option<i32>,
    written: usize,
}

impl WasiMin {
    /// A state whose stdout and stderr go to `sink`.
    pub fn new(sink: Sink) -> Self {
        WasiMin {
            sink,
            exit_code: None,
            written: 0,
        }
    }
    /// The code passed to `proc_exit`, if the guest called it.
    pub fn exit_code(&self) -> Option<i32> {
        self.exit_code
    }
    /// Bytes the guest wrote to stdout and stderr.
    pub fn written(&self) -> usize {
        self.written
    }
}

/// The functions this module implements; the module's other WASI imports get `ENOSYS`.
const IMPLEMENTED: [&str; 6] = [
    "fd_write",
    "proc_exit",
    "args_sizes_get",
    "args_get",
    "environ_sizes_get",
    "environ_get",
];

const EIO: i32 = 29;

fn memory<T>(caller: &Caller<'_, T>) -> Option<Memory> {
    caller.get_export("memory")?.into_memory()
}

/// `len` bytes at guest address `ptr`, if they lie inside `mem`.
fn range(mem: &[u8], ptr: i32, len: usize) -> Option<core::ops::Range<usize>> {
    let start = ptr as u32 as usize;
    let end = start.checked_add(len)?;
    (end <= mem.len()).then_some(start..end)
}

/// Writes little-endian `u32`s at the given guest addresses; `EFAULT` (and nothing
/// written) if any lies outside the memory.
fn write_u32s<T>(caller: &mut Caller<'_, T>, items: &[(i32, u32)]) -> i32 {
    let Some(mem) = memory(caller) else {
        return errno::FAULT;
    };
    let data = mem.data_mut(&mut *caller);
    let mut ranges = [0..0, 0..0];
    for (slot, &(ptr, _)) in ranges.iter_mut().zip(items) {
        match range(data, ptr, 4) {
            Some(r) => *slot = r,
            None => return errno::FAULT,
        }
    }
    for (r, &(_, v)) in ranges.into_iter().zip(items) {
        data[r].copy_from_slice(&v.to_le_bytes());
    }
    errno::SUCCESS
}

/// `fd_write(fd, iovs, iovs_len, nwritten) -> errno`.
fn fd_write<T>(
    caller: &mut Caller<'_, T>,
    state: fn(&mut T) -> &mut WasiMin,
    fd: i32,
    iovs: i32,
    iovs_len: i32,
    nwritten: i32,
) -> i32 {
    if fd != 1 && fd != 2 {
        return errno::BADF;
    }
    let sink = state(caller.data_mut()).sink;
    let Some(mem) = memory(caller) else {
        return errno::FAULT;
    };
    let data = mem.data(&*caller);
    // Check every iovec and the result pointer before writing anything.
    let Some(table) = (iovs_len as u32 as usize)
        .checked_mul(8)
        .and_then(|n| range(data, iovs, n))
    else {
        return errno::FAULT;
    };
    if range(data, nwritten, 4).is_none() {
        return errno::FAULT;
    }
    let mut total: u32 = 0;
    for iov in data[table.clone()].chunks_exact(8) {
        let ptr = u32::from_le_bytes([iov[0], iov[1], iov[2], iov[3]]);
        let len = u32::from_le_bytes([iov[4], iov[5], iov[6], iov[7]]);
        if range(data, ptr as i32, len as usize).is_none() {
            return errno::FAULT;
        }
        total = match total.checked_add(len) {
            Some(t) => t,
            None => return errno::FAULT,
        };
    }
    let mut written: u32 = 0;
    let mut ok = true;
    for iov in data[table].chunks_exact(8) {
        let ptr = u32::from_le_bytes([iov[0], iov[1], iov[2], iov[3]]);
        let len = u32::from_le_bytes([iov[4], iov[5], iov[6], iov[7]]);
        let Some(r) = range(data, ptr as i32, len as usize) else {
            return errno::FAULT;
        };
        if !sink(fd as u32, &data[r]) {
            ok = false;
            break;
        }
        written += len;
    }
    state(caller.data_mut()).written += written as usize;
    match write_u32s(caller, &[(nwritten, written)]) {
        errno::SUCCESS if !ok && written == 0 => EIO,
        e => e,
    }
}

/// Defines the WASI functions that `module` imports in `linker`: those listed in the
/// module docs, and `ENOSYS` stubs for the rest. `state` finds the [`WasiMin`] in the
/// store's data.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    module: &Module,
    state: fn(&mut T) -> &mut WasiMin,
) -> Result<()> {
    linker.func_wrap(
        MODULE,
        "fd_write",
        move |mut c: Caller<'_, T>, fd: i32, iovs: i32, n: i32, nwritten: i32| -> i32 {
            fd_write(&mut c, state, fd, iovs, n, nwritten)
        },
    )?;
    linker.func_wrap(
        MODULE,
        "proc_exit",
        move |mut c: Caller<'_, T>, code: i32| -> Result<()> {
            state(c.data_mut()).exit_code = Some(code);
            Err(Error::exit(code))
        },
    )?;
    // No arguments and no environment: zero entries, zero bytes.
    for sizes in ["args_sizes_get", "environ_sizes_get"] {
        linker.func_wrap(
            MODULE,
            sizes,
            |mut c: Caller<'_, T>, count: i32, bytes: i32| -> i32 {
                write_u32s(&mut c, &[(count, 0), (bytes, 0)])
            },
        )?;
    }
    for get in ["args_get", "environ_get"] {
        linker.func_wrap(MODULE, get, |_: i32, _: i32| -> i32 { errno::SUCCESS })?;
    }
    for (m, name, ty) in module.imports() {
        if m != MODULE || IMPLEMENTED.contains(&name) {
            continue;
        }
        // Every other preview1 function returns an errno; an import of another shape
        // is left undefined, and instantiation reports it.
        if let ExternType::Func(ty) = ty
            && ty.results() == [ValType::I32]
        {
            linker.func_new(MODULE, name, ty, |_, _, results: &mut [Val]| {
                results[0] = Val::I32(errno::NOSYS);
                Ok(())
            })?;
        }
    }
    Ok(())
}
