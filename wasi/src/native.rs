//! The native backend: wasi-common's preview1 implementation (`sync` flavour, cap-std
//! underneath) driven without wasmtime.
//!
//! Each preview1 function is a [`Linker::func_wrap`] closure that
//! 1. takes wasi-common's context out of the store's [`WasiCtx`] for the duration of
//!    the call (it is put back afterwards), which frees the store for the next step
//!    and keeps the context's `Arc` unique, as `fd_fdstat_set_flags` requires;
//! 2. borrows the calling instance's exported `memory` as a `wiggle::GuestMemory`
//!    (an empty memory when the module exports none: pointers then trap);
//! 3. runs wiggle's generated function for it with `wiggle::run_in_dummy_executor`
//!    (the sync flavour never waits on a future) and turns its outcome into the
//!    errno the guest gets, or into a [`wint::Error`]: `proc_exit` becomes
//!    [`wint::Error::exit`], a bad guest pointer or another trap a host error.

use std::boxed::Box;
use std::collections::HashMap;
use std::format;
use std::net::TcpListener;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::string::{String, ToString};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::vec::Vec;

use wasi_common::snapshots::preview_0::wasi_unstable as p0;
use wasi_common::snapshots::preview_1::types::{Errno, Rights};
use wasi_common::snapshots::preview_1::wasi_snapshot_preview1 as p1;
use wasi_common::{I32Exit, WasiFile};
use wiggle::GuestMemory;
use wiggle::error::Error as EnvError;
use wint::{Caller, Extern, Linker};

use crate::{MODULE, WasiError};

mod extra;
#[cfg(unix)]
mod stdio;

/// The WASI state of one store: wasi-common's context (arguments, environment, the
/// descriptor table, clocks, randomness) and the rights the guest dropped with
/// `fd_fdstat_set_rights`.
pub struct WasiCtx {
    /// wasi-common's context; `None` only while a WASI function runs.
    inner: Option<wasi_common::WasiCtx>,
    dropped: Arc<DroppedRights>,
}

/// What a WASI function works on: wasi-common's context, taken out of the store for
/// the call, and the dropped rights.
struct CallCtx {
    inner: wasi_common::WasiCtx,
    dropped: Arc<DroppedRights>,
}

/// Rights removed from descriptors by `fd_fdstat_set_rights`. wasi-common reports
/// rights but does not track them; this table narrows what it reports and refuses
/// the operations whose right was dropped.
#[derive(Default)]
struct DroppedRights {
    /// Whether any descriptor has dropped rights (skips the lock on the fast path).
    any: AtomicBool,
    map: Mutex<HashMap<u32, Dropped>>,
}

/// Rights dropped from one descriptor: `base` from the descriptor itself, `inheriting`
/// from descriptors opened through it.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
struct Dropped {
    base: u64,
    inheriting: u64,
}

impl DroppedRights {
    fn get(&self, fd: u32) -> Option<Dropped> {
        if !self.any.load(Ordering::Relaxed) {
            return None;
        }
        self.map.lock().ok()?.get(&fd).copied()
    }
    fn set(&self, fd: u32, d: Option<Dropped>) {
        if d.is_none() && !self.any.load(Ordering::Relaxed) {
            return;
        }
        if let Ok(mut map) = self.map.lock() {
            match d {
                Some(d) if d != Dropped::default() => {
                    map.insert(fd, d);
                }
                _ => {
                    map.remove(&fd);
                }
            }
            self.any.store(!map.is_empty(), Ordering::Relaxed);
        }
    }
}

impl WasiCtx {
    /// A builder with no arguments, no environment, no pre-opens and null stdio.
    pub fn builder() -> WasiCtxBuilder {
        WasiCtxBuilder::new()
    }

    /// wasi-common's context, for what this crate's API does not cover (e.g. pushing
    /// a `Box<dyn wasi_common::WasiFile>` at a chosen descriptor). `None` only from
    /// inside a WASI function.
    pub fn wasi_common(&self) -> Option<&wasi_common::WasiCtx> {
        self.inner.as_ref()
    }
}

impl CallCtx {
    /// `None` when `fd` has every right in `need`, otherwise `ENOTCAPABLE`.
    fn lacks(&self, fd: i32, need: Rights) -> Option<i32> {
        let d = self.dropped.get(fd as u32)?;
        (d.base & need.bits() != 0).then_some(Errno::Notcapable as i32)
    }
}

/// Where a standard stream of the guest goes.
enum Stdio {
    Null,
    Inherit,
    File(Box<dyn WasiFile>),
}

/// A TCP listener to pre-open: an address to bind, or a bound socket.
enum Listener {
    Addr(String),
    Bound(TcpListener),
}

/// Builds a [`WasiCtx`]. Settings are recorded by the chained methods and applied by
/// [`WasiCtxBuilder::build`], which reports the first one that cannot be honoured.
///
/// Descriptors: 0, 1 and 2 are stdin, stdout and stderr; pre-opened listeners come
/// next (3, 4, ...), in the order they were given, then pre-opened directories, as
/// in wasmtime.
pub struct WasiCtxBuilder {
    args: Vec<String>,
    env: Vec<(String, String)>,
    preopens: Vec<(PathBuf, String)>,
    listeners: Vec<Listener>,
    stdio: [Stdio; 3],
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl WasiCtxBuilder {
    /// No arguments, no environment, no pre-opens, null stdio.
    pub fn new() -> Self {
        WasiCtxBuilder {
            args: Vec::new(),
            env: Vec::new(),
            preopens: Vec::new(),
            listeners: Vec::new(),
            stdio: [Stdio::Null, Stdio::Null, Stdio::Null],
        }
    }

    /// Appends an argument (the first one is the program's name, `argv[0]`).
    pub fn arg(&mut self, arg: impl Into<String>) -> &mut Self {
        self.args.push(arg.into());
        self
    }

    /// Appends arguments.
    pub fn args<S: Into<String>>(&mut self, args: impl IntoIterator<Item = S>) -> &mut Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets an environment variable (a later value for the same name replaces it).
    pub fn env(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        let name = name.into();
        let value = value.into();
        match self.env.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.env.push((name, value)),
        }
        self
    }

    /// Passes every environment variable of this process (those that are valid UTF-8).
    pub fn inherit_env(&mut self) -> &mut Self {
        for (name, value) in std::env::vars_os() {
            if let (Ok(n), Ok(v)) = (name.into_string(), value.into_string()) {
                self.env(n, v);
            }
        }
        self
    }

    /// Passes one environment variable of this process, if it is set (and UTF-8).
    pub fn inherit_env_var(&mut self, name: &str) -> &mut Self {
        if let Some(value) = std::env::var_os(name).and_then(|v| v.into_string().ok()) {
            self.env(name, value);
        }
        self
    }

    /// Gives the guest the host directory `host` under the name `guest`.
    pub fn preopened_dir(
        &mut self,
        host: impl Into<PathBuf>,
        guest: impl Into<String>,
    ) -> &mut Self {
        self.preopens.push((host.into(), guest.into()));
        self
    }

    /// Binds a TCP listener on `addr` (e.g. `127.0.0.1:8080`) and pre-opens it for the
    /// guest's `sock_accept`. The listener is non-blocking, as in wasmtime: the guest
    /// polls it with `poll_oneoff` or retries on `EAGAIN`.
    pub fn tcp_listen(&mut self, addr: impl Into<String>) -> &mut Self {
        self.listeners.push(Listener::Addr(addr.into()));
        self
    }

    /// Pre-opens a listener the embedder already bound.
    pub fn preopened_listener(&mut self, listener: TcpListener) -> &mut Self {
        self.listeners.push(Listener::Bound(listener));
        self
    }

    /// The guest's stdin is this process's stdin.
    pub fn inherit_stdin(&mut self) -> &mut Self {
        self.stdio[0] = Stdio::Inherit;
        self
    }
    /// The guest's stdout is this process's stdout.
    pub fn inherit_stdout(&mut self) -> &mut Self {
        self.stdio[1] = Stdio::Inherit;
        self
    }
    /// The guest's stderr is this process's stderr.
    pub fn inherit_stderr(&mut self) -> &mut Self {
        self.stdio[2] = Stdio::Inherit;
        self
    }
    /// All three standard streams are this process's.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self.inherit_stdin().inherit_stdout().inherit_stderr()
    }
    /// The guest's stdin reads from `file` (e.g. a `wasi_common::pipe::ReadPipe`).
    pub fn stdin(&mut self, file: Box<dyn WasiFile>) -> &mut Self {
        self.stdio[0] = Stdio::File(file);
        self
    }
    /// The guest's stdout writes to `file` (e.g. a `wasi_common::pipe::WritePipe`).
    pub fn stdout(&mut self, file: Box<dyn WasiFile>) -> &mut Self {
        self.stdio[1] = Stdio::File(file);
        self
    }
    /// The guest's stderr writes to `file`.
    pub fn stderr(&mut self, file: Box<dyn WasiFile>) -> &mut Self {
        self.stdio[2] = Stdio::File(file);
        self
    }

    /// Opens the pre-opened directories, binds the listeners and builds the context.
    /// The builder is left empty.
    pub fn build(&mut self) -> Result<WasiCtx, WasiError> {
        let this = core::mem::take(self);
        let mut b = wasi_common::sync::WasiCtxBuilder::new();
        for arg in &this.args {
            if arg.contains('\0') {
                return Err(WasiError::new(format!(
                    "cannot pass the argument {arg:?} to the guest: it contains a NUL byte"
                )));
            }
            b.arg(arg).map_err(|e| {
                WasiError::new(format!(
                    "cannot pass the argument {arg:?} to the guest: {e}"
                ))
            })?;
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
            b.env(name, value).map_err(|e| {
                WasiError::new(format!(
                    "cannot pass the environment variable {name} to the guest: {e}"
                ))
            })?;
        }
        let [stdin, stdout, stderr] = this.stdio;
        match stdin {
            Stdio::Null => {}
            Stdio::Inherit => {
                b.inherit_stdin();
            }
            Stdio::File(f) => {
                b.stdin(f);
            }
        }
        match stdout {
            Stdio::Null => {}
            Stdio::Inherit => match host_output(1) {
                Some(f) => {
                    b.stdout(f);
                }
                None => {
                    b.inherit_stdout();
                }
            },
            Stdio::File(f) => {
                b.stdout(f);
            }
        }
        match stderr {
            Stdio::Null => {}
            Stdio::Inherit => match host_output(2) {
                Some(f) => {
                    b.stderr(f);
                }
                None => {
                    b.inherit_stderr();
                }
            },
            Stdio::File(f) => {
                b.stderr(f);
            }
        }
        for (fd, listener) in (3u32..).zip(this.listeners) {
            let (listener, what) = match listener {
                Listener::Addr(addr) => {
                    let l = TcpListener::bind(addr.as_str())
                        .map_err(|e| WasiError::new(format!("cannot listen on `{addr}`: {e}")))?;
                    (l, addr)
                }
                Listener::Bound(l) => {
                    let what = l
                        .local_addr()
                        .map(|a| a.to_string())
                        .unwrap_or_else(|_| "a listener".to_string());
                    (l, what)
                }
            };
            listener.set_nonblocking(true).map_err(|e| {
                WasiError::new(format!(
                    "cannot make the listener on `{what}` non-blocking: {e}"
                ))
            })?;
            let listener = wasi_common::sync::TcpListener::from_std(listener);
            b.preopened_socket(fd, listener).map_err(|e| {
                WasiError::new(format!("cannot pre-open the listener on `{what}`: {e}"))
            })?;
        }
        for (host, guest) in &this.preopens {
            let dir = wasi_common::sync::Dir::open_ambient_dir(
                host,
                wasi_common::sync::ambient_authority(),
            )
            .map_err(|e| {
                WasiError::new(format!(
                    "cannot open the directory `{}`: {e}",
                    host.display()
                ))
            })?;
            b.preopened_dir(dir, guest).map_err(|e| {
                WasiError::new(format!(
                    "cannot pre-open the directory `{}`: {e}",
                    host.display()
                ))
            })?;
        }
        Ok(WasiCtx {
            inner: Some(b.build()),
            dropped: Arc::new(DroppedRights::default()),
        })
    }
}

/// This process's stdout (1) or stderr (2), unbuffered, where the platform allows.
fn host_output(fd: i32) -> Option<Box<dyn WasiFile>> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if fd == 1 {
            stdio::HostOutput::boxed(std::io::stdout().as_fd())
        } else {
            stdio::HostOutput::boxed(std::io::stderr().as_fd())
        }
    }
    #[cfg(not(unix))]
    {
        let _ = fd;
        None
    }
}

/// The error a failed call hands to the engine: `proc_exit` unwinds with its status;
/// anything else (a bad guest pointer, an unsupported request that must trap) becomes
/// a host error naming the function.
fn to_engine_error(name: &str, e: EnvError) -> wint::Error {
    if let Some(exit) = e.downcast_ref::<I32Exit>() {
        return wint::Error::exit(exit.0);
    }
    wint::Error::host(format!("{name}: {e:#}"))
}

/// Runs `f` with the WASI context of the store and the memory of the calling instance;
/// `name` (`module::function`) names the function in errors.
fn with_ctx<T, R>(
    caller: &mut Caller<'_, T>,
    get: impl Fn(&mut T) -> &mut WasiCtx,
    name: &'static str,
    f: impl FnOnce(&mut CallCtx, &mut GuestMemory<'_>) -> Result<R, EnvError>,
) -> wint::Result<R> {
    let state = get(caller.data_mut());
    let Some(inner) = state.inner.take() else {
        return Err(wint::Error::host(format!(
            "{name}: the WASI context is in use by another WASI call"
        )));
    };
    let mut ctx = CallCtx {
        inner,
        dropped: state.dropped.clone(),
    };
    let mut none: [u8; 0] = [];
    let bytes: &mut [u8] = match caller.get_export("memory") {
        Some(Extern::Memory(m)) => m.data_mut(caller),
        _ => &mut none,
    };
    let mut memory = GuestMemory::Unshared(bytes);
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| f(&mut ctx, &mut memory)));
    get(caller.data_mut()).inner = Some(ctx.inner);
    match outcome {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_engine_error(name, e)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(wint::Error::host(format!(
                "{name}: internal error in the WASI host: {msg}"
            )))
        }
    }
}

/// Runs one of wiggle's generated functions to completion.
fn block_on<R>(
    future: impl core::future::Future<Output = Result<R, EnvError>>,
) -> Result<R, EnvError> {
    wiggle::run_in_dummy_executor(future)?
}

/// Defines the functions whose only extra work is a rights check on descriptor
/// arguments: `name(params) [fd_param: RIGHT, ...];`
macro_rules! delegate {
    ($linker:ident, $get:ident; $(
        $name:ident ( $($a:ident : $t:ty),* ) [ $($fd:ident : $right:ident),* ];
    )*) => {$(
        $linker.func_wrap(
            MODULE,
            stringify!($name),
            move |mut caller: Caller<'_, T>, $($a: $t),*| -> wint::Result<i32> {
                with_ctx(&mut caller, $get, concat!("wasi_snapshot_preview1::", stringify!($name)), |ctx, mem| {
                    $(
                        if let Some(errno) = ctx.lacks($fd, Rights::$right) {
                            return Ok(errno);
                        }
                    )*
                    block_on(p1::$name(&mut ctx.inner, mem, $($a),*))
                })
            },
        )?;
    )*};
}

/// Defines every function of `wasi_snapshot_preview1` in `linker`; `get` finds the
/// [`WasiCtx`] in the store data.
pub fn add_to_linker<T: 'static, G>(linker: &mut Linker<T>, get: G) -> wint::Result<()>
where
    G: Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
{
    delegate!(linker, get;
        args_get(argv: i32, argv_buf: i32) [];
        args_sizes_get(argc: i32, argv_buf_size: i32) [];
        environ_get(environ: i32, environ_buf: i32) [];
        environ_sizes_get(count: i32, buf_size: i32) [];
        fd_advise(fd: i32, offset: i64, len: i64, advice: i32) [fd: FD_ADVISE];
        fd_datasync(fd: i32) [fd: FD_DATASYNC];
        fd_fdstat_set_flags(fd: i32, flags: i32) [fd: FD_FDSTAT_SET_FLAGS];
        fd_filestat_get(fd: i32, buf: i32) [fd: FD_FILESTAT_GET];
        fd_filestat_set_size(fd: i32, size: i64) [fd: FD_FILESTAT_SET_SIZE];
        fd_filestat_set_times(fd: i32, atim: i64, mtim: i64, flags: i32)
            [fd: FD_FILESTAT_SET_TIMES];
        fd_pread(fd: i32, iovs: i32, iovs_len: i32, offset: i64, nread: i32) [fd: FD_READ];
        fd_prestat_get(fd: i32, buf: i32) [];
        fd_prestat_dir_name(fd: i32, path: i32, path_len: i32) [];
        fd_pwrite(fd: i32, iovs: i32, iovs_len: i32, offset: i64, nwritten: i32)
            [fd: FD_WRITE];
        fd_read(fd: i32, iovs: i32, iovs_len: i32, nread: i32) [fd: FD_READ];
        fd_readdir(fd: i32, buf: i32, buf_len: i32, cookie: i64, bufused: i32)
            [fd: FD_READDIR];
        fd_seek(fd: i32, offset: i64, whence: i32, newoffset: i32) [fd: FD_SEEK];
        fd_sync(fd: i32) [fd: FD_SYNC];
        fd_tell(fd: i32, offset: i32) [fd: FD_TELL];
        fd_write(fd: i32, iovs: i32, iovs_len: i32, nwritten: i32) [fd: FD_WRITE];
        path_create_directory(fd: i32, path: i32, path_len: i32)
            [fd: PATH_CREATE_DIRECTORY];
        path_filestat_get(fd: i32, flags: i32, path: i32, path_len: i32, buf: i32)
            [fd: PATH_FILESTAT_GET];
        path_filestat_set_times(
            fd: i32, flags: i32, path: i32, path_len: i32, atim: i64, mtim: i64, fst: i32
        ) [fd: PATH_FILESTAT_SET_TIMES];
        path_link(
            old_fd: i32, old_flags: i32, old_path: i32, old_len: i32,
            new_fd: i32, new_path: i32, new_len: i32
        ) [old_fd: PATH_LINK_SOURCE, new_fd: PATH_LINK_TARGET];
        path_readlink(fd: i32, path: i32, path_len: i32, buf: i32, buf_len: i32, used: i32)
            [fd: PATH_READLINK];
        path_remove_directory(fd: i32, path: i32, path_len: i32)
            [fd: PATH_REMOVE_DIRECTORY];
        path_rename(
            fd: i32, old_path: i32, old_len: i32, new_fd: i32, new_path: i32, new_len: i32
        ) [fd: PATH_RENAME_SOURCE, new_fd: PATH_RENAME_TARGET];
        path_symlink(old_path: i32, old_len: i32, fd: i32, new_path: i32, new_len: i32)
            [fd: PATH_SYMLINK];
        path_unlink_file(fd: i32, path: i32, path_len: i32) [fd: PATH_UNLINK_FILE];
        sched_yield() [];
        random_get(buf: i32, buf_len: i32) [];
        sock_accept(fd: i32, flags: i32, ro_fd: i32) [fd: SOCK_ACCEPT];
        sock_recv(fd: i32, ri_data: i32, ri_len: i32, ri_flags: i32, ro_len: i32, ro_flags: i32)
            [fd: FD_READ];
        sock_send(fd: i32, si_data: i32, si_len: i32, si_flags: i32, so_len: i32)
            [fd: FD_WRITE];
        sock_shutdown(fd: i32, how: i32) [fd: SOCK_SHUTDOWN];
    );
    extra::add(linker, get)
}

/// Defines the legacy `wasi_unstable` functions (WASI preview0, which old toolchains
/// emitted) in `linker`, on the same [`WasiCtx`]: wasi-common's preview0 layer, with no
/// additions. `wint run` links both versions.
pub fn add_preview0_to_linker<T: 'static, G>(linker: &mut Linker<T>, get: G) -> wint::Result<()>
where
    G: Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
{
    macro_rules! preview0 {
        ($( $name:ident ( $($a:ident : $t:ty),* ); )*) => {$(
            linker.func_wrap(
                "wasi_unstable",
                stringify!($name),
                move |mut caller: Caller<'_, T>, $($a: $t),*| -> wint::Result<i32> {
                    with_ctx(&mut caller, get, concat!("wasi_unstable::", stringify!($name)), |ctx, mem| {
                        block_on(p0::$name(&mut ctx.inner, mem, $($a),*))
                    })
                },
            )?;
        )*};
    }
    preview0!(
        args_get(argv: i32, argv_buf: i32);
        args_sizes_get(argc: i32, argv_buf_size: i32);
        environ_get(environ: i32, environ_buf: i32);
        environ_sizes_get(count: i32, buf_size: i32);
        clock_res_get(id: i32, out: i32);
        clock_time_get(id: i32, precision: i64, out: i32);
        fd_advise(fd: i32, offset: i64, len: i64, advice: i32);
        fd_allocate(fd: i32, offset: i64, len: i64);
        fd_close(fd: i32);
        fd_datasync(fd: i32);
        fd_fdstat_get(fd: i32, buf: i32);
        fd_fdstat_set_flags(fd: i32, flags: i32);
        fd_fdstat_set_rights(fd: i32, base: i64, inheriting: i64);
        fd_filestat_get(fd: i32, buf: i32);
        fd_filestat_set_size(fd: i32, size: i64);
        fd_filestat_set_times(fd: i32, atim: i64, mtim: i64, flags: i32);
        fd_pread(fd: i32, iovs: i32, iovs_len: i32, offset: i64, nread: i32);
        fd_prestat_get(fd: i32, buf: i32);
        fd_prestat_dir_name(fd: i32, path: i32, path_len: i32);
        fd_pwrite(fd: i32, iovs: i32, iovs_len: i32, offset: i64, nwritten: i32);
        fd_read(fd: i32, iovs: i32, iovs_len: i32, nread: i32);
        fd_readdir(fd: i32, buf: i32, buf_len: i32, cookie: i64, bufused: i32);
        fd_renumber(from: i32, to: i32);
        fd_seek(fd: i32, offset: i64, whence: i32, newoffset: i32);
        fd_sync(fd: i32);
        fd_tell(fd: i32, offset: i32);
        fd_write(fd: i32, iovs: i32, iovs_len: i32, nwritten: i32);
        path_create_directory(fd: i32, path: i32, path_len: i32);
        path_filestat_get(fd: i32, flags: i32, path: i32, path_len: i32, buf: i32);
        path_filestat_set_times(
            fd: i32, flags: i32, path: i32, path_len: i32, atim: i64, mtim: i64, fst: i32
        );
        path_link(
            old_fd: i32, old_flags: i32, old_path: i32, old_len: i32,
            new_fd: i32, new_path: i32, new_len: i32
        );
        path_open(
            fd: i32, dirflags: i32, path: i32, path_len: i32, oflags: i32,
            base: i64, inheriting: i64, fdflags: i32, opened: i32
        );
        path_readlink(fd: i32, path: i32, path_len: i32, buf: i32, buf_len: i32, used: i32);
        path_remove_directory(fd: i32, path: i32, path_len: i32);
        path_rename(
            fd: i32, old_path: i32, old_len: i32, new_fd: i32, new_path: i32, new_len: i32
        );
        path_symlink(old_path: i32, old_len: i32, fd: i32, new_path: i32, new_len: i32);
        path_unlink_file(fd: i32, path: i32, path_len: i32);
        poll_oneoff(subs: i32, events: i32, nsubs: i32, nevents: i32);
        proc_raise(sig: i32);
        sched_yield();
        random_get(buf: i32, buf_len: i32);
        sock_recv(fd: i32, ri_data: i32, ri_len: i32, ri_flags: i32, ro_len: i32, ro_flags: i32);
        sock_send(fd: i32, si_data: i32, si_len: i32, si_flags: i32, so_len: i32);
        sock_shutdown(fd: i32, how: i32);
    );
    linker.func_wrap(
        "wasi_unstable",
        "proc_exit",
        move |mut caller: Caller<'_, T>, code: i32| -> wint::Result<()> {
            with_ctx(&mut caller, get, "wasi_unstable::proc_exit", |ctx, mem| {
                block_on(p0::proc_exit(&mut ctx.inner, mem, code))
            })?;
            Err(wint::Error::exit(code))
        },
    )?;
    Ok(())
}
