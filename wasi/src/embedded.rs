//! The embedded backend: WASI preview1 for `no_std` targets without an operating
//! system (microcontrollers), behind the feature `embedded`.
//!
//! It has no file system and no sockets. What it provides:
//!
//! | function | behaviour |
//! | --- | --- |
//! | `fd_write` on 1, 2 | the bytes go to the stdout or stderr [`Sink`] the firmware gives (UART, semihosting, RTT); without one they are discarded, like `/dev/null` |
//! | `fd_read` on 0 | end of file |
//! | `fd_fdstat_get` on 0, 1, 2 | a character device (so wasi-libc's `isatty` says yes) with read or write rights |
//! | `fd_close` on 0, 1, 2 | closes it; the descriptor is then `EBADF` |
//! | `fd_seek`, `fd_tell` on 0, 1, 2 | `ESPIPE` |
//! | `fd_prestat_get`, `fd_prestat_dir_name` | `EBADF`: there are no pre-opened directories |
//! | `args_*`, `environ_*` | the arguments and variables given to [`WasiCtxBuilder`] (static configuration) |
//! | `clock_time_get`, `clock_res_get` | the [`Clock`] callback; `ENOSYS` without one, `EINVAL` for a clock it does not have |
//! | `random_get` | the [`Random`] callback; `ENOSYS` without one (never made-up bytes) |
//! | `proc_exit(code)` | unwinds the guest with [`wint::Error::exit`]: the firmware's call returns `Err` whose `exit_status()` is the code, also kept in [`WasiCtx::exit_code`] |
//! | `sched_yield` | success |
//! | every other function | `EBADF` when its descriptor is not open, `ENOSYS` otherwise |
//!
//! All 46 functions of preview1 are defined, with their exact signatures, so any WASI
//! module links. Guest pointers are checked: a buffer outside linear memory is
//! `EFAULT`; no function panics on guest input.
//!
//! ```no_run
//! use wint::{Engine, Linker, Module, Store};
//! use wint_wasi::embedded::{WasiCtx, WasiCtxBuilder, add_to_linker};
//!
//! # fn uart_write(_: &[u8]) {}
//! # fn run(wasm: &[u8]) -> Result<i32, wint::Error> {
//! let engine = Engine::default();
//! let module = Module::new(&engine, wasm)?;
//! let mut linker: Linker<WasiCtx> = Linker::new(&engine);
//! add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx)?;
//! let wasi = WasiCtxBuilder::new()
//!     .arg("hello.wasm")
//!     .stdout(|bytes: &[u8]| {
//!         uart_write(bytes);
//!         true
//!     })
//!     .build()?;
//! let mut store = Store::new(&engine, wasi);
//! let instance = linker.instantiate(&mut store, &module)?;
//! let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
//! match start.call(&mut store, ()) {
//!     Ok(()) => Ok(0),
//!     Err(e) => e.exit_status().ok_or(e),
//! }
//! # }
//! ```

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Range;

use wint::{Caller, Error, Extern, FuncType, IntoFunc, Linker, Module, Val, ValType};

use crate::{MODULE, WasiError};

/// WASI preview1 errno values returned by this backend.
pub mod errno {
    /// No error.
    pub const SUCCESS: i32 = 0;
    /// Bad file descriptor.
    pub const BADF: i32 = 8;
    /// Bad address: a buffer outside linear memory.
    pub const FAULT: i32 = 21;
    /// Invalid argument.
    pub const INVAL: i32 = 28;
    /// I/O error: a sink or callback reported a failure.
    pub const IO: i32 = 29;
    /// Function not supported.
    pub const NOSYS: i32 = 52;
    /// Invalid seek: the descriptor is a stream.
    pub const SPIPE: i32 = 70;
}

/// Where the guest's stdout or stderr goes: called with each buffer the guest writes;
/// returns false when the bytes could not be written (the guest then sees `EIO`, or a
/// short write if earlier buffers of the same call went out).
pub type Sink = Box<dyn FnMut(&[u8]) -> bool + Send>;

/// The board's clocks: called with a WASI clock id (0 realtime, 1 monotonic, 2 process
/// CPU time, 3 thread CPU time), returns the time in nanoseconds, or `None` for a
/// clock the board does not have.
pub type Clock = Box<dyn FnMut(u32) -> Option<u64> + Send>;

/// The board's random source: fills the buffer and returns true, or returns false
/// when it cannot (the guest then sees `EIO`).
pub type Random = Box<dyn FnMut(&mut [u8]) -> bool + Send>;

/// The WASI state of one store.
#[derive(Default)]
pub struct WasiCtx {
    /// Arguments, each followed by a NUL byte.
    args: Vec<u8>,
    argc: u32,
    /// `NAME=VALUE` entries, each followed by a NUL byte.
    env: Vec<u8>,
    envc: u32,
    stdout: Option<Sink>,
    stderr: Option<Sink>,
    clock: Option<Clock>,
    clock_resolution: u64,
    random: Option<Random>,
    /// Which of stdin, stdout and stderr the guest closed.
    closed: [bool; 3],
    exit_code: Option<i32>,
}

impl core::fmt::Debug for WasiCtx {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("WasiCtx")
            .field("argc", &self.argc)
            .field("envc", &self.envc)
            .field("closed", &self.closed)
            .field("exit_code", &self.exit_code)
            .finish_non_exhaustive()
    }
}

impl WasiCtx {
    /// A builder with no arguments, no environment, discarded output and no clock or
    /// random source.
    pub fn builder() -> WasiCtxBuilder {
        WasiCtxBuilder::new()
    }
    /// The code the guest passed to `proc_exit`, if it called it.
    pub fn exit_code(&self) -> Option<i32> {
        self.exit_code
    }
    fn is_open(&self, fd: i32) -> bool {
        (0..3).contains(&fd) && !self.closed[fd as usize]
    }
}

/// Builds a [`WasiCtx`]: arguments and environment (static configuration), the stdout
/// and stderr sinks, the clock and the random source.
#[derive(Default)]
pub struct WasiCtxBuilder {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdout: Option<Sink>,
    stderr: Option<Sink>,
    clock: Option<(Clock, u64)>,
    random: Option<Random>,
}

impl WasiCtxBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }
    /// Appends an argument (the first is conventionally the program name).
    pub fn arg(&mut self, arg: impl Into<String>) -> &mut Self {
        self.args.push(arg.into());
        self
    }
    /// Appends arguments.
    pub fn args<S: Into<String>>(&mut self, args: impl IntoIterator<Item = S>) -> &mut Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }
    /// Adds an environment variable.
    pub fn env(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.env.push((name.into(), value.into()));
        self
    }
    /// Sends the guest's stdout (fd 1) to `sink`.
    pub fn stdout(&mut self, sink: impl FnMut(&[u8]) -> bool + Send + 'static) -> &mut Self {
        self.stdout = Some(Box::new(sink));
        self
    }
    /// Sends the guest's stderr (fd 2) to `sink`.
    pub fn stderr(&mut self, sink: impl FnMut(&[u8]) -> bool + Send + 'static) -> &mut Self {
        self.stderr = Some(Box::new(sink));
        self
    }
    /// The board's clocks (see [`Clock`]) and their resolution in nanoseconds, which
    /// `clock_res_get` reports.
    pub fn clock(
        &mut self,
        now: impl FnMut(u32) -> Option<u64> + Send + 'static,
        resolution_ns: u64,
    ) -> &mut Self {
        self.clock = Some((Box::new(now), resolution_ns));
        self
    }
    /// The board's random source (see [`Random`]).
    pub fn random(&mut self, fill: impl FnMut(&mut [u8]) -> bool + Send + 'static) -> &mut Self {
        self.random = Some(Box::new(fill));
        self
    }
    /// Builds the context; fails on an argument or variable the guest cannot receive
    /// (a NUL byte, a name that is empty or contains `=`, more than 4 GiB in all). The
    /// builder is left empty.
    pub fn build(&mut self) -> Result<WasiCtx, WasiError> {
        let this = core::mem::take(self);
        let mut ctx = WasiCtx::default();
        for arg in &this.args {
            if arg.contains('\0') {
                return Err(WasiError::new(format!(
                    "cannot pass the argument {arg:?} to the guest: it contains a NUL byte"
                )));
            }
            ctx.args.extend_from_slice(arg.as_bytes());
            ctx.args.push(0);
        }
        for (name, value) in &this.env {
            if name.is_empty() || name.contains('=') || name.contains('\0') {
                return Err(WasiError::new(format!(
                    "invalid environment variable name {name:?}"
                )));
            }
            if value.contains('\0') {
                return Err(WasiError::new(format!(
                    "the value of the environment variable {name} contains a NUL byte"
                )));
            }
            ctx.env.extend_from_slice(name.as_bytes());
            ctx.env.push(b'=');
            ctx.env.extend_from_slice(value.as_bytes());
            ctx.env.push(0);
        }
        let too_big = |n: usize| u32::try_from(n).is_err();
        if too_big(ctx.args.len()) || too_big(ctx.env.len()) {
            return Err(WasiError::new(
                "the arguments or the environment exceed 4 GiB",
            ));
        }
        ctx.argc = this.args.len() as u32;
        ctx.envc = this.env.len() as u32;
        ctx.stdout = this.stdout;
        ctx.stderr = this.stderr;
        if let Some((clock, resolution)) = this.clock {
            ctx.clock = Some(clock);
            ctx.clock_resolution = resolution;
        }
        ctx.random = this.random;
        Ok(ctx)
    }
}

/// What a function without its own implementation returns.
#[derive(Clone, Copy)]
enum Rule {
    /// `EBADF` if the descriptor at this parameter index is not open, else `ENOSYS`.
    Fd(usize),
    /// `EBADF` if the descriptor at this parameter index is not open, else `ESPIPE`.
    Stream(usize),
    /// Always `EBADF` (no pre-opened directories).
    Badf,
    /// Always `ENOSYS`.
    Nosys,
}

/// The functions answered by a [`Rule`], with their parameters (`i`: i32, `I`: i64;
/// every one returns an i32 errno).
const RULES: [(&str, &str, Rule); 33] = [
    ("fd_advise", "iIIi", Rule::Fd(0)),
    ("fd_allocate", "iII", Rule::Fd(0)),
    ("fd_datasync", "i", Rule::Fd(0)),
    ("fd_fdstat_set_flags", "ii", Rule::Fd(0)),
    ("fd_fdstat_set_rights", "iII", Rule::Fd(0)),
    ("fd_filestat_get", "ii", Rule::Fd(0)),
    ("fd_filestat_set_size", "iI", Rule::Fd(0)),
    ("fd_filestat_set_times", "iIIi", Rule::Fd(0)),
    ("fd_pread", "iiiIi", Rule::Fd(0)),
    ("fd_prestat_get", "ii", Rule::Badf),
    ("fd_prestat_dir_name", "iii", Rule::Badf),
    ("fd_pwrite", "iiiIi", Rule::Fd(0)),
    ("fd_readdir", "iiiIi", Rule::Fd(0)),
    ("fd_renumber", "ii", Rule::Fd(0)),
    ("fd_seek", "iIii", Rule::Stream(0)),
    ("fd_sync", "i", Rule::Fd(0)),
    ("fd_tell", "ii", Rule::Stream(0)),
    ("path_create_directory", "iii", Rule::Fd(0)),
    ("path_filestat_get", "iiiii", Rule::Fd(0)),
    ("path_filestat_set_times", "iiiiIIi", Rule::Fd(0)),
    ("path_link", "iiiiiii", Rule::Fd(0)),
    ("path_open", "iiiiiIIii", Rule::Fd(0)),
    ("path_readlink", "iiiiii", Rule::Fd(0)),
    ("path_remove_directory", "iii", Rule::Fd(0)),
    ("path_rename", "iiiiii", Rule::Fd(0)),
    ("path_symlink", "iiiii", Rule::Fd(2)),
    ("path_unlink_file", "iii", Rule::Fd(0)),
    ("poll_oneoff", "iiii", Rule::Nosys),
    ("proc_raise", "i", Rule::Nosys),
    ("sock_accept", "iii", Rule::Fd(0)),
    ("sock_recv", "iiiiii", Rule::Fd(0)),
    ("sock_send", "iiiii", Rule::Fd(0)),
    ("sock_shutdown", "ii", Rule::Fd(0)),
];

/// `len` bytes at guest address `ptr`, or `EFAULT`.
fn range(mem: &[u8], ptr: u32, len: usize) -> Result<Range<usize>, i32> {
    let start = ptr as usize;
    let end = start.checked_add(len).ok_or(errno::FAULT)?;
    if end <= mem.len() {
        Ok(start..end)
    } else {
        Err(errno::FAULT)
    }
}

fn put(mem: &mut [u8], ptr: u32, bytes: &[u8]) -> Result<(), i32> {
    let r = range(mem, ptr, bytes.len())?;
    mem[r].copy_from_slice(bytes);
    Ok(())
}

/// Runs `f` on the context (taken out of the store for the call, so callbacks and
/// guest memory can be used together) and the calling instance's memory; the result
/// is the errno. `EFAULT` if the instance exports no memory.
fn with_memory<T, G>(
    caller: &mut Caller<'_, T>,
    get: G,
    f: impl FnOnce(&mut WasiCtx, &mut [u8]) -> Result<(), i32>,
) -> i32
where
    G: Fn(&mut T) -> &mut WasiCtx,
{
    let Some(memory) = caller.get_export("memory").and_then(Extern::into_memory) else {
        return errno::FAULT;
    };
    let mut ctx = core::mem::take(get(caller.data_mut()));
    let result = f(&mut ctx, memory.data_mut(&mut *caller));
    *get(caller.data_mut()) = ctx;
    match result {
        Ok(()) => errno::SUCCESS,
        Err(e) => e,
    }
}

/// `args_get` / `environ_get`: the pointers to each entry at `list`, the entries at
/// `buf`.
fn write_list(mem: &mut [u8], entries: &[u8], count: u32, list: u32, buf: u32) -> Result<(), i32> {
    range(
        mem,
        list,
        (count as usize).checked_mul(4).ok_or(errno::FAULT)?,
    )?;
    put(mem, buf, entries)?;
    let mut at = list;
    let mut offset = 0u32;
    for entry in entries.split_inclusive(|&b| b == 0) {
        let ptr = buf.checked_add(offset).ok_or(errno::FAULT)?;
        put(mem, at, &ptr.to_le_bytes())?;
        at = at.checked_add(4).ok_or(errno::FAULT)?;
        offset += entry.len() as u32;
    }
    Ok(())
}

/// `fd_write`: gathers the iovecs, sends them to the sink, stores the count written.
fn fd_write(
    ctx: &mut WasiCtx,
    mem: &mut [u8],
    fd: i32,
    iovs: u32,
    n: u32,
    out: u32,
) -> Result<(), i32> {
    if fd == 0 || !ctx.is_open(fd) {
        return Err(errno::BADF);
    }
    let table = range(mem, iovs, (n as usize).checked_mul(8).ok_or(errno::FAULT)?)?;
    range(mem, out, 4)?;
    // Check every buffer before writing any, so a bad one writes nothing.
    let mut total: u32 = 0;
    for iov in mem[table.clone()].chunks_exact(8) {
        let len = u32::from_le_bytes([iov[4], iov[5], iov[6], iov[7]]);
        range(
            mem,
            u32::from_le_bytes([iov[0], iov[1], iov[2], iov[3]]),
            len as usize,
        )?;
        total = total.checked_add(len).ok_or(errno::INVAL)?;
    }
    let sink = if fd == 1 {
        &mut ctx.stdout
    } else {
        &mut ctx.stderr
    };
    let mut written: u32 = 0;
    if let Some(sink) = sink {
        for iov in mem[table].chunks_exact(8) {
            let ptr = u32::from_le_bytes([iov[0], iov[1], iov[2], iov[3]]);
            let len = u32::from_le_bytes([iov[4], iov[5], iov[6], iov[7]]);
            let r = range(mem, ptr, len as usize)?;
            if !sink(&mem[r]) {
                if written == 0 {
                    return Err(errno::IO);
                }
                break;
            }
            written += len;
        }
    } else {
        written = total;
    }
    put(mem, out, &written.to_le_bytes())
}

/// `fd_fdstat_get` for stdin, stdout and stderr: a character device.
fn fd_fdstat_get(ctx: &WasiCtx, mem: &mut [u8], fd: i32, out: u32) -> Result<(), i32> {
    if !ctx.is_open(fd) {
        return Err(errno::BADF);
    }
    const CHARACTER_DEVICE: u8 = 2;
    const FD_READ: u64 = 1 << 1;
    const FD_WRITE: u64 = 1 << 6;
    const POLL_FD_READWRITE: u64 = 1 << 27;
    let rights = POLL_FD_READWRITE | if fd == 0 { FD_READ } else { FD_WRITE };
    let mut stat = [0u8; 24];
    stat[0] = CHARACTER_DEVICE;
    stat[8..16].copy_from_slice(&rights.to_le_bytes());
    put(mem, out, &stat)
}

/// Defines the 46 functions of `wasi_snapshot_preview1` in `linker`; `get` finds the
/// [`WasiCtx`] in the store data.
pub fn add_to_linker<T: 'static, G>(linker: &mut Linker<T>, get: G) -> wint::Result<()>
where
    G: Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
{
    define(linker, get, &|_| true)
}

/// Like [`add_to_linker`], but defines only the WASI functions that `module` imports:
/// on a board with little RAM the linker then holds a few entries instead of 46
/// (about 6 KB on a 32-bit target). Other modules linked with it must import no more.
pub fn add_imports_to_linker<T: 'static, G>(
    linker: &mut Linker<T>,
    module: &Module,
    get: G,
) -> wint::Result<()>
where
    G: Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
{
    define(linker, get, &|name| {
        module.imports().any(|(m, n, _)| m == MODULE && n == name)
    })
}

/// Host functions defined only when `wanted` accepts their name.
struct Defs<'a, T> {
    linker: &'a mut Linker<T>,
    wanted: &'a dyn Fn(&str) -> bool,
}

impl<T: 'static> Defs<'_, T> {
    fn wrap<P, R>(&mut self, name: &str, f: impl IntoFunc<T, P, R>) -> wint::Result<()> {
        if (self.wanted)(name) {
            self.linker.func_wrap(MODULE, name, f)?;
        }
        Ok(())
    }
}

fn define<T: 'static, G>(
    linker: &mut Linker<T>,
    get: G,
    wanted: &dyn Fn(&str) -> bool,
) -> wint::Result<()>
where
    G: Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
{
    let mut defs = Defs {
        linker: &mut *linker,
        wanted,
    };
    defs.wrap(
        "args_sizes_get",
        move |mut c: Caller<'_, T>, count: i32, size: i32| {
            with_memory(&mut c, get, |ctx, mem| {
                put(mem, count as u32, &ctx.argc.to_le_bytes())?;
                put(mem, size as u32, &(ctx.args.len() as u32).to_le_bytes())
            })
        },
    )?;
    defs.wrap(
        "args_get",
        move |mut c: Caller<'_, T>, list: i32, buf: i32| {
            with_memory(&mut c, get, |ctx, mem| {
                write_list(mem, &ctx.args, ctx.argc, list as u32, buf as u32)
            })
        },
    )?;
    defs.wrap(
        "environ_sizes_get",
        move |mut c: Caller<'_, T>, count: i32, size: i32| {
            with_memory(&mut c, get, |ctx, mem| {
                put(mem, count as u32, &ctx.envc.to_le_bytes())?;
                put(mem, size as u32, &(ctx.env.len() as u32).to_le_bytes())
            })
        },
    )?;
    defs.wrap(
        "environ_get",
        move |mut c: Caller<'_, T>, list: i32, buf: i32| {
            with_memory(&mut c, get, |ctx, mem| {
                write_list(mem, &ctx.env, ctx.envc, list as u32, buf as u32)
            })
        },
    )?;
    defs.wrap(
        "clock_res_get",
        move |mut c: Caller<'_, T>, id: i32, out: i32| {
            with_memory(&mut c, get, |ctx, mem| {
                let clock = ctx.clock.as_mut().ok_or(errno::NOSYS)?;
                clock(id as u32).ok_or(errno::INVAL)?;
                put(mem, out as u32, &ctx.clock_resolution.to_le_bytes())
            })
        },
    )?;
    defs.wrap(
        "clock_time_get",
        move |mut c: Caller<'_, T>, id: i32, _precision: i64, out: i32| {
            with_memory(&mut c, get, |ctx, mem| {
                range(mem, out as u32, 8)?;
                let clock = ctx.clock.as_mut().ok_or(errno::NOSYS)?;
                let now = clock(id as u32).ok_or(errno::INVAL)?;
                put(mem, out as u32, &now.to_le_bytes())
            })
        },
    )?;
    defs.wrap("fd_close", move |mut c: Caller<'_, T>, fd: i32| {
        let ctx = get(c.data_mut());
        if !ctx.is_open(fd) {
            return errno::BADF;
        }
        ctx.closed[fd as usize] = true;
        errno::SUCCESS
    })?;
    defs.wrap(
        "fd_fdstat_get",
        move |mut c: Caller<'_, T>, fd: i32, out: i32| {
            with_memory(&mut c, get, |ctx, mem| {
                fd_fdstat_get(ctx, mem, fd, out as u32)
            })
        },
    )?;
    defs.wrap(
        "fd_read",
        move |mut c: Caller<'_, T>, fd: i32, _iovs: i32, _n: i32, out: i32| {
            with_memory(&mut c, get, |ctx, mem| {
                if fd != 0 || !ctx.is_open(fd) {
                    return Err(errno::BADF);
                }
                // stdin is at its end: nothing read.
                put(mem, out as u32, &0u32.to_le_bytes())
            })
        },
    )?;
    defs.wrap(
        "fd_write",
        move |mut c: Caller<'_, T>, fd: i32, iovs: i32, n: i32, out: i32| {
            with_memory(&mut c, get, |ctx, mem| {
                fd_write(ctx, mem, fd, iovs as u32, n as u32, out as u32)
            })
        },
    )?;
    defs.wrap(
        "proc_exit",
        move |mut c: Caller<'_, T>, code: i32| -> wint::Result<()> {
            get(c.data_mut()).exit_code = Some(code);
            Err(Error::exit(code))
        },
    )?;
    defs.wrap("sched_yield", || errno::SUCCESS)?;
    defs.wrap(
        "random_get",
        move |mut c: Caller<'_, T>, buf: i32, len: i32| {
            with_memory(&mut c, get, |ctx, mem| {
                let r = range(mem, buf as u32, len as u32 as usize)?;
                let random = ctx.random.as_mut().ok_or(errno::NOSYS)?;
                if random(&mut mem[r]) {
                    Ok(())
                } else {
                    Err(errno::IO)
                }
            })
        },
    )?;
    for (name, params, rule) in RULES {
        if !wanted(name) {
            continue;
        }
        let params = params.bytes().map(|b| {
            if b == b'I' {
                ValType::I64
            } else {
                ValType::I32
            }
        });
        let ty = FuncType::new(params, [ValType::I32]);
        linker.func_new(
            MODULE,
            name,
            ty,
            move |mut c: Caller<'_, T>, args: &[Val], results: &mut [Val]| {
                let fd_open = |c: &mut Caller<'_, T>, i: usize| {
                    let fd = args.get(i).and_then(Val::i32).unwrap_or(-1);
                    get(c.data_mut()).is_open(fd)
                };
                let e = match rule {
                    Rule::Fd(i) if !fd_open(&mut c, i) => errno::BADF,
                    Rule::Stream(i) if !fd_open(&mut c, i) => errno::BADF,
                    Rule::Stream(_) => errno::SPIPE,
                    Rule::Badf => errno::BADF,
                    Rule::Fd(_) | Rule::Nosys => errno::NOSYS,
                };
                if let Some(r) = results.first_mut() {
                    *r = Val::I32(e);
                }
                Ok(())
            },
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use alloc::vec;
    use std::sync::{Arc, Mutex};
    use wint::{Engine, Module, Store};

    /// Instantiates `wat` (which imports WASI functions and exports `run` returning an
    /// i32, and `memory`) with the context built by `setup`, calls `run`, returns its
    /// result, the memory and the context.
    fn run(
        wat: &str,
        setup: impl FnOnce(&mut WasiCtxBuilder),
    ) -> (wint::Result<i32>, Vec<u8>, WasiCtx) {
        let engine = Engine::default();
        let module = Module::new(&engine, wat).expect("valid test module");
        let mut linker: Linker<WasiCtx> = Linker::new(&engine);
        add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).unwrap();
        let mut b = WasiCtxBuilder::new();
        setup(&mut b);
        let mut store = Store::new(&engine, b.build().unwrap());
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let f = instance.get_typed_func::<(), i32>(&store, "run").unwrap();
        let result = f.call(&mut store, ());
        let memory = instance.get_memory(&store, "memory").unwrap();
        let bytes = memory.data(&store).to_vec();
        (result, bytes, store.into_data())
    }

    /// Bytes written to a capturing sink.
    type Captured = Arc<Mutex<Vec<u8>>>;

    fn capture() -> (Captured, impl FnMut(&[u8]) -> bool + Send + 'static) {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let b = buf.clone();
        (buf, move |bytes: &[u8]| {
            b.lock().unwrap().extend_from_slice(bytes);
            true
        })
    }

    const WRITE: &str = r#"(import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))"#;

    #[test]
    fn fd_write_goes_to_the_sinks() {
        let wat = format!(
            r#"(module {WRITE} (memory (export "memory") 1)
                 (data (i32.const 16) "hello\n")
                 (data (i32.const 0) "\10\00\00\00\06\00\00\00")
                 (func (export "run") (result i32)
                   (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                   (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
                   (i32.load (i32.const 8))))"#
        );
        let (out, out_sink) = capture();
        let (err, err_sink) = capture();
        let (r, _, _) = run(&wat, |b| {
            b.stdout(out_sink).stderr(err_sink);
        });
        assert_eq!(r.unwrap(), 6);
        assert_eq!(&*out.lock().unwrap(), b"hello\n");
        assert_eq!(&*err.lock().unwrap(), b"hello\n");
        // Without sinks the bytes are discarded but count as written.
        let (r, _, _) = run(&wat, |_| {});
        assert_eq!(r.unwrap(), 6);
    }

    #[test]
    fn fd_write_errors_are_errnos() {
        for (fd, iovs, n, out, want) in [
            (3, 0, 1, 8, errno::BADF),
            (0, 0, 1, 8, errno::BADF),
            (1, 65535, 1, 8, errno::FAULT),
            (1, 0, 1, 65534, errno::FAULT),
            (1, 32, 1, 8, errno::FAULT),
            (1, 0, -1, 8, errno::FAULT),
        ] {
            let wat = format!(
                r#"(module {WRITE} (memory (export "memory") 1)
                     (data (i32.const 0) "\10\00\00\00\06\00\00\00")
                     (data (i32.const 32) "\00\00\01\00\01\00\00\00")
                     (func (export "run") (result i32)
                       (call $fd_write (i32.const {fd}) (i32.const {iovs}) (i32.const {n}) (i32.const {out}))))"#
            );
            let (r, _, _) = run(&wat, |_| {});
            assert_eq!(r.unwrap(), want, "fd_write({fd}, {iovs}, {n}, {out})");
        }
        // A sink that fails: EIO.
        let wat = format!(
            r#"(module {WRITE} (memory (export "memory") 1)
                 (data (i32.const 0) "\10\00\00\00\06\00\00\00")
                 (func (export "run") (result i32)
                   (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))"#
        );
        let (r, _, _) = run(&wat, |b| {
            b.stdout(|_: &[u8]| false);
        });
        assert_eq!(r.unwrap(), errno::IO);
    }

    #[test]
    fn args_and_environment() {
        let wat = r#"(module
            (import "wasi_snapshot_preview1" "args_sizes_get" (func $asg (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "args_get" (func $ag (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "environ_sizes_get" (func $esg (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "environ_get" (func $eg (param i32 i32) (result i32)))
            (memory (export "memory") 1)
            (func (export "run") (result i32)
              (i32.add (i32.add (call $asg (i32.const 0) (i32.const 4)) (call $ag (i32.const 8) (i32.const 100)))
                       (i32.add (call $esg (i32.const 16) (i32.const 20)) (call $eg (i32.const 24) (i32.const 200))))))"#;
        let (r, mem, _) = run(wat, |b| {
            b.args(["prog", "x"]).env("A", "1");
        });
        assert_eq!(r.unwrap(), 0);
        let u32_at = |p: usize| u32::from_le_bytes(mem[p..p + 4].try_into().unwrap());
        assert_eq!((u32_at(0), u32_at(4)), (2, 7));
        assert_eq!((u32_at(8), u32_at(12)), (100, 105));
        assert_eq!(&mem[100..107], b"prog\0x\0");
        assert_eq!((u32_at(16), u32_at(20)), (1, 4));
        assert_eq!(u32_at(24), 200);
        assert_eq!(&mem[200..204], b"A=1\0");
        assert!(WasiCtxBuilder::new().arg("a\0b").build().is_err());
        assert!(WasiCtxBuilder::new().env("A=B", "c").build().is_err());
        assert!(WasiCtxBuilder::new().env("", "c").build().is_err());
    }

    #[test]
    fn proc_exit_returns_the_code() {
        let wat = r#"(module
            (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
            (memory (export "memory") 1)
            (func (export "run") (result i32) (call $exit (i32.const 7)) (i32.const 0)))"#;
        let (r, _, ctx) = run(wat, |_| {});
        assert_eq!(r.unwrap_err().exit_status(), Some(7));
        assert_eq!(ctx.exit_code(), Some(7));
    }

    #[test]
    fn clock_and_random_come_from_callbacks() {
        let wat = r#"(module
            (import "wasi_snapshot_preview1" "clock_time_get" (func $now (param i32 i64 i32) (result i32)))
            (import "wasi_snapshot_preview1" "clock_res_get" (func $res (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "random_get" (func $rand (param i32 i32) (result i32)))
            (memory (export "memory") 1)
            (func (export "run") (result i32)
              (i32.or (i32.or (call $now (i32.const 1) (i64.const 0) (i32.const 0))
                              (call $res (i32.const 1) (i32.const 8)))
                      (i32.or (call $rand (i32.const 16) (i32.const 4))
                              (i32.shl (call $now (i32.const 2) (i64.const 0) (i32.const 0)) (i32.const 8))))))"#;
        let (r, mem, _) = run(wat, |b| {
            b.clock(|id| (id <= 1).then_some(123_456_789), 1000)
                .random(|buf: &mut [u8]| {
                    buf.fill(0xAB);
                    true
                });
        });
        // Clock 2 is missing: EINVAL, in the second byte of the result.
        assert_eq!(r.unwrap(), errno::INVAL << 8);
        assert_eq!(
            u64::from_le_bytes(mem[0..8].try_into().unwrap()),
            123_456_789
        );
        assert_eq!(u64::from_le_bytes(mem[8..16].try_into().unwrap()), 1000);
        assert_eq!(&mem[16..20], &[0xAB; 4]);
        // Without callbacks: ENOSYS, never made-up values.
        let (r, mem, _) = run(wat, |_| {});
        assert_eq!(r.unwrap(), errno::NOSYS | (errno::NOSYS << 8));
        assert_eq!(&mem[16..20], &[0; 4]);
    }

    #[test]
    fn stdio_descriptors() {
        let wat = r#"(module
            (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $stat (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
            (import "wasi_snapshot_preview1" "fd_seek" (func $seek (param i32 i64 i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
            (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
            (memory (export "memory") 1)
            (global $i (mut i32) (i32.const 64))
            (func $log (param i32) (i32.store8 (global.get $i) (local.get 0))
              (global.set $i (i32.add (global.get $i) (i32.const 1))))
            (func (export "run") (result i32)
              (call $log (call $stat (i32.const 1) (i32.const 0)))
              (call $log (call $stat (i32.const 3) (i32.const 0)))
              (call $log (call $seek (i32.const 1) (i64.const 0) (i32.const 0) (i32.const 32)))
              (call $log (call $prestat (i32.const 3) (i32.const 32)))
              (call $log (call $read (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 32)))
              (call $log (call $close (i32.const 2)))
              (call $log (call $close (i32.const 2)))
              (i32.const 0)))"#;
        let (r, mem, _) = run(wat, |_| {});
        assert_eq!(r.unwrap(), 0);
        assert_eq!(mem[0], 2, "character device");
        let rights = u64::from_le_bytes(mem[8..16].try_into().unwrap());
        assert_eq!(rights & (1 << 6), 1 << 6, "fd_write right");
        assert_eq!(
            mem[64..71],
            [0, errno::BADF, errno::SPIPE, errno::BADF, 0, 0, errno::BADF].map(|e| e as u8)
        );
    }

    #[test]
    fn add_imports_to_linker_defines_only_the_imports() {
        let engine = Engine::default();
        let wat = format!(r#"(module {WRITE} (memory (export "memory") 1))"#);
        let module = Module::new(&engine, wat).unwrap();
        let mut linker: Linker<WasiCtx> = Linker::new(&engine);
        add_imports_to_linker(&mut linker, &module, |ctx: &mut WasiCtx| ctx).unwrap();
        let mut store = Store::new(&engine, WasiCtx::default());
        for name in crate::FUNCTIONS {
            let defined = linker.get(&mut store, MODULE, name).is_some();
            assert_eq!(defined, name == "fd_write", "{name}");
        }
        linker.instantiate(&mut store, &module).unwrap();
    }

    #[test]
    fn all_46_functions_link_and_answer_with_an_errno() {
        let engine = Engine::default();
        let mut linker: Linker<WasiCtx> = Linker::new(&engine);
        add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).unwrap();
        let mut store = Store::new(&engine, WasiCtx::default());
        for name in crate::FUNCTIONS {
            let f = linker
                .get(&mut store, MODULE, name)
                .and_then(Extern::into_func)
                .unwrap_or_else(|| panic!("{name} is not defined"));
            let ty = f.ty(&store);
            if name == "proc_exit" {
                continue;
            }
            assert_eq!(ty.results(), [ValType::I32], "{name}");
            // Without a memory export every pointer is bad; fd 9 is never open. No
            // call may trap or panic.
            let args: Vec<Val> = ty
                .params()
                .iter()
                .map(|t| {
                    if *t == ValType::I64 {
                        Val::I64(0)
                    } else {
                        Val::I32(9)
                    }
                })
                .collect();
            let mut out = vec![Val::I32(-1)];
            f.call(&mut store, &args, &mut out).unwrap();
            let e = out[0].i32().unwrap();
            assert!(
                [0, errno::BADF, errno::FAULT, errno::NOSYS].contains(&e),
                "{name} returned {e}"
            );
        }
        // 13 functions have their own implementation, the others a rule.
        assert_eq!(RULES.len() + 13, crate::FUNCTIONS.len());
        for (name, _, _) in RULES {
            assert!(crate::FUNCTIONS.contains(&name), "{name}");
        }
    }
}
