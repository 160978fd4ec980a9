//! The passthrough backend: WASI preview1 for guests of a wint that itself runs on
//! `wasm32-wasip1` (inside wasmtime, node, a browser shim, or wint).
//!
//! Every preview1 call of the guest is forwarded to the outer runtime's own
//! `wasi_snapshot_preview1` imports, and the outer errno comes back unchanged. The
//! guest's linear memory lives inside wint's own, so the data of a call crosses
//! without copies where the outer ABI allows it: byte buffers (the data of `fd_read`
//! and `fd_write` iovecs, paths, `fd_readdir` and `path_readlink` buffers, random
//! bytes) are handed to the outer runtime in place, after their bounds in the guest's
//! memory are checked. Iovec arrays are rebuilt with wint's addresses; fixed-size
//! results (`filestat`, `fdstat`, `prestat`, sizes, offsets, events) go through
//! aligned local buffers and are copied back to the guest only when the call
//! succeeded, so a failed call leaves the guest's memory as the outer runtime would.
//!
//! | what | behaviour |
//! | --- | --- |
//! | descriptors | map one to one: the outer runtime's stdin, stdout, stderr and pre-opens are the guest's |
//! | `args_*`, `environ_*` | the guest's own arguments and variables, from [`WasiCtxBuilder`] |
//! | `proc_exit(code)` | unwinds the guest with [`wint::Error::exit`] (the embedder decides; `wint` exits with the code); a code outside 0..126 is a host error, as in wasi-common |
//! | every other function | forwarded, errno unchanged |
//! | a pointer outside the guest's memory or misaligned | a host error naming the function (a trap), as in the native backend |
//!
//! [`WasiCtxBuilder::preopened_dir`] cannot add directories: it checks that the outer
//! runtime pre-opened a directory of that guest name (`wasmtime run --dir ...`), and
//! [`WasiCtxBuilder::build`] fails naming it otherwise. Listening sockets likewise come
//! from the outer runtime, so [`WasiCtxBuilder::tcp_listen`] makes `build` fail.
//! The standard streams are always the outer runtime's: the `inherit_*` methods exist
//! for source compatibility and change nothing.

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use wint::{Caller, Error, Extern, Linker};

use crate::{MODULE, WasiError};

/// The outer runtime's preview1 imports, with wint's own (wasm32) pointers.
#[allow(clippy::too_many_arguments)]
mod outer {
    /// A preview1 `iovec`/`ciovec` in wint's memory.
    #[repr(C)]
    pub struct Iovec {
        pub buf: *mut u8,
        pub len: usize,
    }

    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    unsafe extern "C" {
        pub fn clock_res_get(id: i32, out: *mut u8) -> i32;
        pub fn clock_time_get(id: i32, precision: i64, out: *mut u8) -> i32;
        pub fn fd_advise(fd: i32, offset: i64, len: i64, advice: i32) -> i32;
        pub fn fd_allocate(fd: i32, offset: i64, len: i64) -> i32;
        pub fn fd_close(fd: i32) -> i32;
        pub fn fd_datasync(fd: i32) -> i32;
        pub fn fd_fdstat_get(fd: i32, out: *mut u8) -> i32;
        pub fn fd_fdstat_set_flags(fd: i32, flags: i32) -> i32;
        pub fn fd_fdstat_set_rights(fd: i32, base: i64, inheriting: i64) -> i32;
        pub fn fd_filestat_get(fd: i32, out: *mut u8) -> i32;
        pub fn fd_filestat_set_size(fd: i32, size: i64) -> i32;
        pub fn fd_filestat_set_times(fd: i32, atim: i64, mtim: i64, flags: i32) -> i32;
        pub fn fd_pread(fd: i32, iovs: *const Iovec, n: usize, offset: i64, out: *mut u8) -> i32;
        pub fn fd_prestat_get(fd: i32, out: *mut u8) -> i32;
        pub fn fd_prestat_dir_name(fd: i32, path: *mut u8, len: usize) -> i32;
        pub fn fd_pwrite(fd: i32, iovs: *const Iovec, n: usize, offset: i64, out: *mut u8) -> i32;
        pub fn fd_read(fd: i32, iovs: *const Iovec, n: usize, out: *mut u8) -> i32;
        pub fn fd_readdir(fd: i32, buf: *mut u8, len: usize, cookie: i64, out: *mut u8) -> i32;
        pub fn fd_renumber(fd: i32, to: i32) -> i32;
        pub fn fd_seek(fd: i32, offset: i64, whence: i32, out: *mut u8) -> i32;
        pub fn fd_sync(fd: i32) -> i32;
        pub fn fd_tell(fd: i32, out: *mut u8) -> i32;
        pub fn fd_write(fd: i32, iovs: *const Iovec, n: usize, out: *mut u8) -> i32;
        pub fn path_create_directory(fd: i32, path: *const u8, len: usize) -> i32;
        pub fn path_filestat_get(
            fd: i32,
            flags: i32,
            path: *const u8,
            len: usize,
            out: *mut u8,
        ) -> i32;
        pub fn path_filestat_set_times(
            fd: i32,
            flags: i32,
            path: *const u8,
            len: usize,
            atim: i64,
            mtim: i64,
            fst: i32,
        ) -> i32;
        pub fn path_link(
            old_fd: i32,
            old_flags: i32,
            old_path: *const u8,
            old_len: usize,
            new_fd: i32,
            new_path: *const u8,
            new_len: usize,
        ) -> i32;
        pub fn path_open(
            fd: i32,
            dirflags: i32,
            path: *const u8,
            len: usize,
            oflags: i32,
            base: i64,
            inheriting: i64,
            fdflags: i32,
            out: *mut u8,
        ) -> i32;
        pub fn path_readlink(
            fd: i32,
            path: *const u8,
            len: usize,
            buf: *mut u8,
            buf_len: usize,
            out: *mut u8,
        ) -> i32;
        pub fn path_remove_directory(fd: i32, path: *const u8, len: usize) -> i32;
        pub fn path_rename(
            fd: i32,
            old_path: *const u8,
            old_len: usize,
            new_fd: i32,
            new_path: *const u8,
            new_len: usize,
        ) -> i32;
        pub fn path_symlink(
            old_path: *const u8,
            old_len: usize,
            fd: i32,
            new_path: *const u8,
            new_len: usize,
        ) -> i32;
        pub fn path_unlink_file(fd: i32, path: *const u8, len: usize) -> i32;
        pub fn poll_oneoff(subs: *const u8, events: *mut u8, n: usize, out: *mut u8) -> i32;
        pub fn proc_raise(sig: i32) -> i32;
        pub fn sched_yield() -> i32;
        pub fn random_get(buf: *mut u8, len: usize) -> i32;
        pub fn sock_accept(fd: i32, flags: i32, out: *mut u8) -> i32;
        pub fn sock_recv(
            fd: i32,
            iovs: *const Iovec,
            n: usize,
            flags: i32,
            out_len: *mut u8,
            out_flags: *mut u8,
        ) -> i32;
        pub fn sock_send(fd: i32, iovs: *const Iovec, n: usize, flags: i32, out: *mut u8) -> i32;
        pub fn sock_shutdown(fd: i32, how: i32) -> i32;
    }
}

use outer::Iovec;

/// Sizes and alignments of the preview1 structures that cross.
const FDSTAT: (usize, u32) = (24, 8);
const FILESTAT: (usize, u32) = (64, 8);
const PRESTAT: (usize, u32) = (8, 4);
const SUBSCRIPTION: (usize, u32) = (48, 8);
const EVENT: (usize, u32) = (32, 8);
const U64: (usize, u32) = (8, 8);
const U32: (usize, u32) = (4, 4);
const U16: (usize, u32) = (2, 2);

/// The WASI state of one store: the guest's arguments and environment. Everything
/// else belongs to the outer runtime.
#[derive(Debug, Default, Clone)]
pub struct WasiCtx {
    /// Arguments, each followed by a NUL byte.
    args: Vec<u8>,
    argc: u32,
    /// `NAME=VALUE` entries, each followed by a NUL byte.
    env: Vec<u8>,
    envc: u32,
}

impl WasiCtx {
    /// A builder with no arguments and no environment.
    pub fn builder() -> WasiCtxBuilder {
        WasiCtxBuilder::new()
    }
}

/// Builds a [`WasiCtx`]: the guest's arguments and environment, and checks on the
/// directories and sockets it expects (which the outer runtime provides).
#[derive(Debug, Default)]
pub struct WasiCtxBuilder {
    args: Vec<String>,
    env: Vec<(String, String)>,
    preopens: Vec<(String, String)>,
    listeners: Vec<String>,
}

impl WasiCtxBuilder {
    /// No arguments, no environment.
    pub fn new() -> Self {
        Self::default()
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
    /// Passes every environment variable that the outer runtime gave wint.
    pub fn inherit_env(&mut self) -> &mut Self {
        for (name, value) in std::env::vars_os() {
            if let (Ok(n), Ok(v)) = (name.into_string(), value.into_string()) {
                self.env(n, v);
            }
        }
        self
    }
    /// Passes one environment variable that the outer runtime gave wint, if it is set.
    pub fn inherit_env_var(&mut self, name: &str) -> &mut Self {
        if let Some(value) = std::env::var_os(name).and_then(|v| v.into_string().ok()) {
            self.env(name, value);
        }
        self
    }
    /// Expects the outer runtime to have pre-opened a directory named `guest` (or, when
    /// `guest` is empty, `host`): descriptors pass through, so the guest sees it under
    /// that name. `build` fails when there is none.
    pub fn preopened_dir(
        &mut self,
        host: impl Into<std::path::PathBuf>,
        guest: impl Into<String>,
    ) -> &mut Self {
        let host = host.into().to_string_lossy().into_owned();
        self.preopens.push((host, guest.into()));
        self
    }
    /// Listening sockets come from the outer runtime: `build` fails.
    pub fn tcp_listen(&mut self, addr: impl Into<String>) -> &mut Self {
        self.listeners.push(addr.into());
        self
    }
    /// The standard streams are always the outer runtime's; nothing to do.
    pub fn inherit_stdin(&mut self) -> &mut Self {
        self
    }
    /// The standard streams are always the outer runtime's; nothing to do.
    pub fn inherit_stdout(&mut self) -> &mut Self {
        self
    }
    /// The standard streams are always the outer runtime's; nothing to do.
    pub fn inherit_stderr(&mut self) -> &mut Self {
        self
    }
    /// The standard streams are always the outer runtime's; nothing to do.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self
    }

    /// Builds the context; fails on an argument or variable the guest cannot receive,
    /// a directory the outer runtime did not pre-open, or a listening socket. The
    /// builder is left empty.
    pub fn build(&mut self) -> Result<WasiCtx, WasiError> {
        let this = core::mem::take(self);
        if let Some(addr) = this.listeners.first() {
            return Err(WasiError::new(format!(
                "cannot listen on {addr}: wint runs on wasm32-wasip1, where the guest's \
                 sockets are the outer runtime's pre-opened ones (e.g. `wasmtime run \
                 --tcplisten {addr} wint.wasm ...`)"
            )));
        }
        if !this.preopens.is_empty() {
            let outer = outer_preopens();
            for (host, guest) in &this.preopens {
                let name = if guest.is_empty() { host } else { guest };
                if !outer.iter().any(|o| same_dir(o, name)) {
                    return Err(WasiError::new(format!(
                        "cannot give the guest the directory `{name}`: wint runs on \
                         wasm32-wasip1 and its guests see the directories the outer runtime \
                         pre-opened ({}); pre-open `{name}` there (e.g. `--dir {host}::{name}`)",
                        if outer.is_empty() {
                            "none".to_owned()
                        } else {
                            outer.join(", ")
                        }
                    )));
                }
            }
        }
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
        Ok(ctx)
    }
}

/// Whether two directory names mean the same pre-open (`./data` and `data`, `/x/`
/// and `/x`).
fn same_dir(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> &str {
        let s = s.strip_prefix("./").unwrap_or(s);
        let t = s.trim_end_matches('/');
        if t.is_empty() { s } else { t }
    }
    norm(a) == norm(b)
}

/// The names of the directories the outer runtime pre-opened (descriptors 3, 4, ...
/// until the first that is not a pre-open).
fn outer_preopens() -> Vec<String> {
    let mut names = Vec::new();
    for fd in 3..1024 {
        let mut prestat = [0u32; 2];
        // SAFETY: `prestat` is 8 bytes, aligned to 4, the size of a preview1 prestat.
        let e = unsafe { outer::fd_prestat_get(fd, prestat.as_mut_ptr().cast()) };
        if e != 0 || prestat[0] != 0 {
            break;
        }
        let len = prestat[1] as usize;
        let mut name = alloc::vec![0u8; len];
        // SAFETY: `name` has the `len` bytes the outer runtime asked for.
        let e = unsafe { outer::fd_prestat_dir_name(fd, name.as_mut_ptr(), len) };
        if e != 0 {
            break;
        }
        names.push(String::from_utf8_lossy(&name).into_owned());
    }
    names
}

/// A guest pointer the outer runtime must not see: out of bounds or misaligned.
struct Fault(&'static str);

/// The guest's linear memory during one call.
struct Guest<'a> {
    mem: &'a mut [u8],
}

impl Guest<'_> {
    /// The offset of `len` bytes at guest address `ptr`, aligned to `align`.
    fn range(&self, ptr: i32, len: usize, align: u32) -> Result<usize, Fault> {
        let start = ptr as u32;
        if !start.is_multiple_of(align) {
            return Err(Fault("misaligned pointer"));
        }
        let start = start as usize;
        match start.checked_add(len) {
            Some(end) if end <= self.mem.len() => Ok(start),
            _ => Err(Fault("pointer out of bounds")),
        }
    }

    /// A byte buffer of the guest, in place, as wint's own address.
    fn bytes(&mut self, ptr: i32, len: i32) -> Result<(*mut u8, usize), Fault> {
        let len = len as u32 as usize;
        let start = self.range(ptr, len, 1)?;
        Ok((self.mem[start..].as_mut_ptr(), len))
    }

    /// The guest's iovec array at `ptr` with `n` entries, rebuilt with wint's
    /// addresses; every buffer is checked.
    fn iovecs(&mut self, ptr: i32, n: i32) -> Result<Vec<Iovec>, Fault> {
        let n = n as u32 as usize;
        let table = self.range(ptr, n.checked_mul(8).ok_or(Fault("too many iovecs"))?, 4)?;
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let at = table + 8 * i;
            let word = |o: usize| {
                let b = &self.mem[at + o..at + o + 4];
                i32::from_le_bytes([b[0], b[1], b[2], b[3]])
            };
            let (buf_ptr, buf_len) = (word(0), word(4));
            let (buf, len) = self.bytes(buf_ptr, buf_len)?;
            out.push(Iovec { buf, len });
        }
        Ok(out)
    }

    /// Checks room for a result of `(size, align)` at `ptr`; returns its offset.
    fn out(&self, ptr: i32, (size, align): (usize, u32)) -> Result<usize, Fault> {
        self.range(ptr, size, align)
    }

    /// Copies a result into the guest at `at` (checked by [`Guest::out`]).
    fn put(&mut self, at: usize, bytes: &[u8]) {
        self.mem[at..at + bytes.len()].copy_from_slice(bytes);
    }

    /// Copies `len` guest bytes at `ptr` into an 8-aligned buffer.
    fn copy_in(&self, ptr: i32, len: usize, align: u32) -> Result<Vec<u64>, Fault> {
        let start = self.range(ptr, len, align)?;
        let mut words = alloc::vec![0u64; len.div_ceil(8)];
        for (w, chunk) in words.iter_mut().zip(self.mem[start..start + len].chunks(8)) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            *w = u64::from_le_bytes(b);
        }
        Ok(words)
    }
}

/// An aligned buffer for one fixed-size result (at most a `filestat`).
#[repr(C, align(8))]
struct Out([u8; 64]);

impl Out {
    fn new() -> Self {
        Out([0; 64])
    }
    fn ptr(&mut self) -> *mut u8 {
        self.0.as_mut_ptr()
    }
}

/// Runs `f` on the calling instance's memory (empty when it exports none, so every
/// pointer faults); a fault becomes a host error naming the function.
fn with_guest<T>(
    caller: &mut Caller<'_, T>,
    name: &'static str,
    f: impl FnOnce(&mut Guest<'_>) -> Result<i32, Fault>,
) -> wint::Result<i32> {
    let mut none: [u8; 0] = [];
    let mem: &mut [u8] = match caller.get_export("memory") {
        Some(Extern::Memory(m)) => m.data_mut(caller),
        _ => &mut none,
    };
    f(&mut Guest { mem }).map_err(|Fault(what)| Error::host(format!("{MODULE}::{name}: {what}")))
}

/// Calls the outer function through `call` with an aligned result buffer and copies
/// `size` bytes of it to guest address `ptr` when the call succeeds.
fn with_out(
    g: &mut Guest<'_>,
    ptr: i32,
    shape: (usize, u32),
    call: impl FnOnce(*mut u8) -> i32,
) -> Result<i32, Fault> {
    let at = g.out(ptr, shape)?;
    let mut out = Out::new();
    let e = call(out.ptr());
    if e == 0 {
        g.put(at, &out.0[..shape.0]);
    }
    Ok(e)
}

/// `args_get` / `environ_get`: the pointers to each entry at `list`, the entries at
/// `buf`.
fn write_list(
    g: &mut Guest<'_>,
    entries: &[u8],
    count: u32,
    list: i32,
    buf: i32,
) -> Result<i32, Fault> {
    let list_at = g.range(list, count as usize * 4, 4)?;
    let buf_at = g.range(buf, entries.len(), 1)?;
    g.put(buf_at, entries);
    let mut offset = 0usize;
    for (i, entry) in entries.split_inclusive(|&b| b == 0).enumerate() {
        let ptr = (buf as u32).wrapping_add(offset as u32);
        g.put(list_at + 4 * i, &ptr.to_le_bytes());
        offset += entry.len();
    }
    Ok(0)
}

/// Defines every function of `wasi_snapshot_preview1` in `linker`, forwarding to the
/// outer runtime; `get` finds the [`WasiCtx`] in the store data.
pub fn add_to_linker<T: 'static, G>(linker: &mut Linker<T>, get: G) -> wint::Result<()>
where
    G: Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
{
    // Functions whose arguments are all numbers: forwarded as they are.
    macro_rules! scalar {
        ($( $name:ident ( $($a:ident : $t:ty),* ); )*) => {$(
            linker.func_wrap(MODULE, stringify!($name), move |$($a: $t),*| -> i32 {
                // SAFETY: no pointers cross; the outer runtime checks the numbers.
                unsafe { outer::$name($($a),*) }
            })?;
        )*};
    }
    scalar!(
        fd_advise(fd: i32, offset: i64, len: i64, advice: i32);
        fd_allocate(fd: i32, offset: i64, len: i64);
        fd_close(fd: i32);
        fd_datasync(fd: i32);
        fd_fdstat_set_flags(fd: i32, flags: i32);
        fd_fdstat_set_rights(fd: i32, base: i64, inheriting: i64);
        fd_filestat_set_size(fd: i32, size: i64);
        fd_filestat_set_times(fd: i32, atim: i64, mtim: i64, flags: i32);
        fd_renumber(fd: i32, to: i32);
        fd_sync(fd: i32);
        proc_raise(sig: i32);
        sched_yield();
        sock_shutdown(fd: i32, how: i32);
    );

    // Functions with one fixed-size result after numeric arguments.
    macro_rules! one_out {
        ($( $name:ident ( $($a:ident : $t:ty),* ) -> $shape:expr; )*) => {$(
            linker.func_wrap(
                MODULE,
                stringify!($name),
                move |mut c: Caller<'_, T>, $($a: $t,)* out: i32| {
                    with_guest(&mut c, stringify!($name), |g| {
                        // SAFETY: `p` points to an aligned 64-byte buffer, larger than
                        // the result the outer runtime writes.
                        with_out(g, out, $shape, |p| unsafe { outer::$name($($a,)* p) })
                    })
                },
            )?;
        )*};
    }
    one_out!(
        clock_res_get(id: i32) -> U64;
        clock_time_get(id: i32, precision: i64) -> U64;
        fd_fdstat_get(fd: i32) -> FDSTAT;
        fd_filestat_get(fd: i32) -> FILESTAT;
        fd_prestat_get(fd: i32) -> PRESTAT;
        fd_seek(fd: i32, offset: i64, whence: i32) -> U64;
        fd_tell(fd: i32) -> U64;
        sock_accept(fd: i32, flags: i32) -> U32;
    );

    // Functions whose arguments are a descriptor and one path.
    macro_rules! one_path {
        ($( $name:ident; )*) => {$(
            linker.func_wrap(
                MODULE,
                stringify!($name),
                move |mut c: Caller<'_, T>, fd: i32, path: i32, len: i32| {
                    with_guest(&mut c, stringify!($name), |g| {
                        let (p, n) = g.bytes(path, len)?;
                        // SAFETY: the path is `n` bytes in bounds of guest memory.
                        Ok(unsafe { outer::$name(fd, p, n) })
                    })
                },
            )?;
        )*};
    }
    one_path!(
        path_create_directory;
        path_remove_directory;
        path_unlink_file;
    );

    // Reads and writes through iovecs, with a 32-bit count as result.
    macro_rules! rw {
        ($( $name:ident ( $($a:ident : $t:ty),* ); )*) => {$(
            linker.func_wrap(
                MODULE,
                stringify!($name),
                move |mut c: Caller<'_, T>, fd: i32, iovs: i32, n: i32, $($a: $t,)* out: i32| {
                    with_guest(&mut c, stringify!($name), |g| {
                        let v = g.iovecs(iovs, n)?;
                        // SAFETY: each iovec is a checked range of guest memory; the
                        // count goes to an aligned 64-byte buffer.
                        with_out(g, out, U32, |p| unsafe {
                            outer::$name(fd, v.as_ptr(), v.len(), $($a,)* p)
                        })
                    })
                },
            )?;
        )*};
    }
    rw!(
        fd_read();
        fd_write();
        fd_pread(offset: i64);
        fd_pwrite(offset: i64);
        sock_send(flags: i32);
    );

    linker.func_wrap(
        MODULE,
        "args_sizes_get",
        move |mut c: Caller<'_, T>, count: i32, size: i32| {
            let ctx = get(c.data_mut());
            let (n, len) = (ctx.argc, ctx.args.len() as u32);
            with_guest(&mut c, "args_sizes_get", |g| {
                let (a, b) = (g.out(count, U32)?, g.out(size, U32)?);
                g.put(a, &n.to_le_bytes());
                g.put(b, &len.to_le_bytes());
                Ok(0)
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "environ_sizes_get",
        move |mut c: Caller<'_, T>, count: i32, size: i32| {
            let ctx = get(c.data_mut());
            let (n, len) = (ctx.envc, ctx.env.len() as u32);
            with_guest(&mut c, "environ_sizes_get", |g| {
                let (a, b) = (g.out(count, U32)?, g.out(size, U32)?);
                g.put(a, &n.to_le_bytes());
                g.put(b, &len.to_le_bytes());
                Ok(0)
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "args_get",
        move |mut c: Caller<'_, T>, list: i32, buf: i32| {
            let ctx = core::mem::take(get(c.data_mut()));
            let r = with_guest(&mut c, "args_get", |g| {
                write_list(g, &ctx.args, ctx.argc, list, buf)
            });
            *get(c.data_mut()) = ctx;
            r
        },
    )?;
    linker.func_wrap(
        MODULE,
        "environ_get",
        move |mut c: Caller<'_, T>, list: i32, buf: i32| {
            let ctx = core::mem::take(get(c.data_mut()));
            let r = with_guest(&mut c, "environ_get", |g| {
                write_list(g, &ctx.env, ctx.envc, list, buf)
            });
            *get(c.data_mut()) = ctx;
            r
        },
    )?;
    linker.func_wrap(
        MODULE,
        "fd_prestat_dir_name",
        move |mut c: Caller<'_, T>, fd: i32, path: i32, len: i32| {
            with_guest(&mut c, "fd_prestat_dir_name", |g| {
                let (p, n) = g.bytes(path, len)?;
                // SAFETY: `n` bytes at `p` are guest memory.
                Ok(unsafe { outer::fd_prestat_dir_name(fd, p, n) })
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "fd_readdir",
        move |mut c: Caller<'_, T>, fd: i32, buf: i32, len: i32, cookie: i64, out: i32| {
            with_guest(&mut c, "fd_readdir", |g| {
                let (p, n) = g.bytes(buf, len)?;
                // SAFETY: `n` bytes at `p` are guest memory; the count goes to an
                // aligned buffer.
                with_out(g, out, U32, |o| unsafe {
                    outer::fd_readdir(fd, p, n, cookie, o)
                })
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "path_filestat_get",
        move |mut c: Caller<'_, T>, fd: i32, flags: i32, path: i32, len: i32, out: i32| {
            with_guest(&mut c, "path_filestat_get", |g| {
                let (p, n) = g.bytes(path, len)?;
                // SAFETY: the path is guest memory; the filestat goes to an aligned
                // 64-byte buffer.
                with_out(g, out, FILESTAT, |o| unsafe {
                    outer::path_filestat_get(fd, flags, p, n, o)
                })
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "path_filestat_set_times",
        move |mut c: Caller<'_, T>,
              fd: i32,
              flags: i32,
              path: i32,
              len: i32,
              atim: i64,
              mtim: i64,
              fst: i32| {
            with_guest(&mut c, "path_filestat_set_times", |g| {
                let (p, n) = g.bytes(path, len)?;
                // SAFETY: the path is guest memory.
                Ok(unsafe { outer::path_filestat_set_times(fd, flags, p, n, atim, mtim, fst) })
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "path_link",
        move |mut c: Caller<'_, T>,
              old_fd: i32,
              old_flags: i32,
              old_path: i32,
              old_len: i32,
              new_fd: i32,
              new_path: i32,
              new_len: i32| {
            with_guest(&mut c, "path_link", |g| {
                let (op, on) = g.bytes(old_path, old_len)?;
                let (np, nn) = g.bytes(new_path, new_len)?;
                // SAFETY: both paths are guest memory.
                Ok(unsafe { outer::path_link(old_fd, old_flags, op, on, new_fd, np, nn) })
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "path_open",
        move |mut c: Caller<'_, T>,
              fd: i32,
              dirflags: i32,
              path: i32,
              len: i32,
              oflags: i32,
              base: i64,
              inheriting: i64,
              fdflags: i32,
              out: i32| {
            with_guest(&mut c, "path_open", |g| {
                let (p, n) = g.bytes(path, len)?;
                // SAFETY: the path is guest memory; the new descriptor goes to an
                // aligned buffer.
                with_out(g, out, U32, |o| unsafe {
                    outer::path_open(fd, dirflags, p, n, oflags, base, inheriting, fdflags, o)
                })
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "path_readlink",
        move |mut c: Caller<'_, T>,
              fd: i32,
              path: i32,
              len: i32,
              buf: i32,
              buf_len: i32,
              out: i32| {
            with_guest(&mut c, "path_readlink", |g| {
                let (p, n) = g.bytes(path, len)?;
                let (b, bn) = g.bytes(buf, buf_len)?;
                // SAFETY: path and buffer are guest memory; the length goes to an
                // aligned buffer.
                with_out(g, out, U32, |o| unsafe {
                    outer::path_readlink(fd, p, n, b, bn, o)
                })
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "path_rename",
        move |mut c: Caller<'_, T>,
              fd: i32,
              old_path: i32,
              old_len: i32,
              new_fd: i32,
              new_path: i32,
              new_len: i32| {
            with_guest(&mut c, "path_rename", |g| {
                let (op, on) = g.bytes(old_path, old_len)?;
                let (np, nn) = g.bytes(new_path, new_len)?;
                // SAFETY: both paths are guest memory.
                Ok(unsafe { outer::path_rename(fd, op, on, new_fd, np, nn) })
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "path_symlink",
        move |mut c: Caller<'_, T>,
              old_path: i32,
              old_len: i32,
              fd: i32,
              new_path: i32,
              new_len: i32| {
            with_guest(&mut c, "path_symlink", |g| {
                let (op, on) = g.bytes(old_path, old_len)?;
                let (np, nn) = g.bytes(new_path, new_len)?;
                // SAFETY: both paths are guest memory.
                Ok(unsafe { outer::path_symlink(op, on, fd, np, nn) })
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "poll_oneoff",
        move |mut c: Caller<'_, T>, subs: i32, events: i32, n: i32, out: i32| {
            with_guest(&mut c, "poll_oneoff", |g| {
                let count = n as u32 as usize;
                let too_many = Fault("too many subscriptions");
                let subs_len = count.checked_mul(SUBSCRIPTION.0).ok_or(too_many)?;
                let in_words = g.copy_in(subs, subs_len, SUBSCRIPTION.1)?;
                let events_len = count * EVENT.0;
                let events_at = g.range(events, events_len, EVENT.1)?;
                let out_at = g.out(out, U32)?;
                let mut ev = alloc::vec![0u64; events_len / 8];
                let mut nevents = 0u32;
                // SAFETY: the subscriptions and events are aligned local copies of
                // `count` entries; the count goes to a local u32.
                let e = unsafe {
                    outer::poll_oneoff(
                        in_words.as_ptr().cast(),
                        ev.as_mut_ptr().cast(),
                        count,
                        (&raw mut nevents).cast(),
                    )
                };
                if e == 0 {
                    let used = (nevents as usize).min(count) * EVENT.0;
                    let bytes: Vec<u8> = ev.iter().flat_map(|w| w.to_le_bytes()).collect();
                    g.put(events_at, &bytes[..used]);
                    g.put(out_at, &nevents.to_le_bytes());
                }
                Ok(e)
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "proc_exit",
        // As wasi-common and wasmtime: statuses outside 0..126 are an error, not an exit
        // (they could not reach the outer runtime's `proc_exit` anyway).
        move |code: i32| -> wint::Result<()> {
            if (0..126).contains(&code) {
                Err(Error::exit(code))
            } else {
                Err(Error::host(format!(
                    "{MODULE}::proc_exit: exit with invalid exit status outside of [0..126)"
                )))
            }
        },
    )?;
    linker.func_wrap(
        MODULE,
        "random_get",
        move |mut c: Caller<'_, T>, buf: i32, len: i32| {
            with_guest(&mut c, "random_get", |g| {
                let (p, n) = g.bytes(buf, len)?;
                // SAFETY: `n` bytes at `p` are guest memory.
                Ok(unsafe { outer::random_get(p, n) })
            })
        },
    )?;
    linker.func_wrap(
        MODULE,
        "sock_recv",
        move |mut c: Caller<'_, T>,
              fd: i32,
              iovs: i32,
              n: i32,
              flags: i32,
              out_len: i32,
              out_flags: i32| {
            with_guest(&mut c, "sock_recv", |g| {
                let v = g.iovecs(iovs, n)?;
                let len_at = g.out(out_len, U32)?;
                let flags_at = g.out(out_flags, U16)?;
                let (mut got, mut roflags) = (0u32, 0u16);
                // SAFETY: each iovec is a checked range of guest memory; the results go
                // to locals of their types.
                let e = unsafe {
                    outer::sock_recv(
                        fd,
                        v.as_ptr(),
                        v.len(),
                        flags,
                        (&raw mut got).cast(),
                        (&raw mut roflags).cast(),
                    )
                };
                if e == 0 {
                    g.put(len_at, &got.to_le_bytes());
                    g.put(flags_at, &roflags.to_le_bytes());
                }
                Ok(e)
            })
        },
    )?;
    Ok(())
}
