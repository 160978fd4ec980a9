//! # wint-wasi — WASI preview1 for the wint interpreter
//!
//! This crate gives guests of the [`wint`] engine the `wasi_snapshot_preview1` interface:
//! arguments and environment, clocks, randomness, files and directories under
//! pre-opened directories, `poll_oneoff`, `proc_exit` and sockets on pre-opened
//! listeners.
//!
//! ## One abstraction, one backend per target
//!
//! Every backend exposes the same three items, so an embedder writes the same code
//! whatever the target:
//!
//! - `WasiCtx`: the per-store WASI state (argument and environment lists, the file
//!   descriptor table, clocks, randomness). The embedder keeps it in its store data `T`.
//! - `WasiCtxBuilder`: `new()`, `arg`, `args`, `env`, `inherit_env`, `inherit_env_var`,
//!   `preopened_dir(host, guest)`, `tcp_listen(addr)`, `inherit_stdin`/`stdout`/
//!   `stderr`/`stdio`, each returning `&mut Self`, then
//!   `build() -> Result<WasiCtx, WasiError>`, which reports the first setting that
//!   cannot be honoured (a directory that cannot be opened, an address that cannot be
//!   bound, an argument with a NUL byte).
//! - `add_to_linker(linker, get)`: defines the 46 functions of `wasi_snapshot_preview1`
//!   in a [`wint::Linker<T>`], where `get: Fn(&mut T) -> &mut WasiCtx` finds the state
//!   in the store data.
//!
//! ```no_run
//! # #[cfg(all(feature = "native", any(unix, windows)))]
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use wint::{Engine, Linker, Module, Store};
//! use wint_wasi::{WasiCtx, WasiCtxBuilder};
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, std::fs::read("hello.wasm")?)?;
//! let mut linker: Linker<WasiCtx> = Linker::new(&engine);
//! wint_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx)?;
//! let wasi = WasiCtxBuilder::new()
//!     .arg("hello.wasm")
//!     .inherit_stdio()
//!     .preopened_dir(".", ".")
//!     .build()?;
//! let mut store = Store::new(&engine, wasi);
//! let instance = linker.instantiate(&mut store, &module)?;
//! let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
//! match start.call(&mut store, ()) {
//!     Ok(()) => {}
//!     Err(e) if e.exit_status().is_some() => std::process::exit(e.exit_status().unwrap()),
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(())
//! # }
//! # #[cfg(not(all(feature = "native", any(unix, windows))))]
//! # fn main() {}
//! ```
//!
//! Errors follow the engine's conventions: a WASI error is an errno returned to the
//! guest; `proc_exit(code)` unwinds the guest with [`wint::Error::exit`]; a guest that
//! passes an out-of-bounds or misaligned pointer gets a host error (a trap, with the
//! wasm backtrace). No function panics on guest input: a panic inside the backend is
//! caught and reported as a host error.
//!
//! ### Backends
//!
//! | backend | where | built on |
//! | --- | --- | --- |
//! | `native` | Unix and Windows hosts (feature `native`, on by default) | wasi-common (`sync`), cap-std |
//! | `embedded` | `no_std` microcontrollers (feature `embedded`, module `embedded`) | sinks and callbacks the firmware gives; no file system |
//! | `passthrough` | `wasm32-wasip1`: wint running inside another runtime (feature `passthrough`, on by default, module `passthrough`) | the outer runtime's own preview1 imports, errno unchanged, descriptors one to one |
//!
//! The native backend drives wasi-common's preview1 implementation without wasmtime:
//! wiggle's generated functions get the guest memory as a `wiggle::GuestMemory` over the
//! calling instance's exported `memory`, and their futures, which never wait in the
//! `sync` flavour, are run with `wiggle::run_in_dummy_executor`. wasi-common does not
//! build for `wasm32-wasip1` (cap-std and fs-set-times need nightly there) nor for
//! `no_std`, which is why it sits behind `cfg(any(unix, windows))` and the `native`
//! feature, and never in the engine crate: on other targets the crate is `no_std` and
//! the feature has no effect.
//!
//! The native backend also defines the legacy `wasi_unstable` module (WASI preview0,
//! emitted by old toolchains) with `add_preview0_to_linker`, on the same context.
//!
//! Where wasi-common leaves a function unsupported although the host OS can provide it,
//! the native backend completes it: `fd_allocate` (extends the file), process and
//! thread CPU-time clocks, `poll_oneoff` on absolute real-time clocks,
//! `fd_fdstat_set_rights` (rights can be dropped, and dropped read/write rights are
//! enforced) and `proc_raise` (the signal's default action: terminate or ignore).
//!
//! ### Sandbox
//!
//! A guest sees only its pre-opened directories. Paths are resolved by cap-std
//! relative to a pre-open: `..` that would climb out of it, absolute paths and symbolic
//! links pointing outside fail with `EPERM` (as in wasmtime), never touching the host
//! outside the pre-open. Creating a symbolic link whose target points outside is
//! allowed; following it is not.
#![no_std]
#![warn(missing_docs)]

extern crate alloc;

#[cfg(any(
    all(feature = "native", any(unix, windows)),
    all(feature = "passthrough", target_os = "wasi", target_env = "p1")
))]
extern crate std;

use alloc::string::String;
use core::fmt;

#[cfg(all(feature = "native", any(unix, windows)))]
mod native;

#[cfg(all(feature = "native", any(unix, windows)))]
pub use native::{WasiCtx, WasiCtxBuilder, add_preview0_to_linker, add_to_linker};

#[cfg(all(feature = "passthrough", target_os = "wasi", target_env = "p1"))]
pub mod passthrough;
#[cfg(all(feature = "passthrough", target_os = "wasi", target_env = "p1"))]
pub use passthrough::{WasiCtx, WasiCtxBuilder, add_to_linker};

#[cfg(feature = "embedded")]
pub mod embedded;
#[cfg(all(
    feature = "embedded",
    not(all(feature = "native", any(unix, windows))),
    not(all(feature = "passthrough", target_os = "wasi", target_env = "p1"))
))]
pub use embedded::{WasiCtx, WasiCtxBuilder, add_to_linker};

/// wasi-common, for embedders of the native backend that need its own types (pipes,
/// `WasiFile` implementations).
#[cfg(all(feature = "native", any(unix, windows)))]
pub use wasi_common;

/// The module name of WASI preview1 imports.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// The functions of `wasi_snapshot_preview1`, in the order of the specification's
/// witx file. Every backend defines all of them.
pub const FUNCTIONS: [&str; 46] = [
    "args_get",
    "args_sizes_get",
    "environ_get",
    "environ_sizes_get",
    "clock_res_get",
    "clock_time_get",
    "fd_advise",
    "fd_allocate",
    "fd_close",
    "fd_datasync",
    "fd_fdstat_get",
    "fd_fdstat_set_flags",
    "fd_fdstat_set_rights",
    "fd_filestat_get",
    "fd_filestat_set_size",
    "fd_filestat_set_times",
    "fd_pread",
    "fd_prestat_get",
    "fd_prestat_dir_name",
    "fd_pwrite",
    "fd_read",
    "fd_readdir",
    "fd_renumber",
    "fd_seek",
    "fd_sync",
    "fd_tell",
    "fd_write",
    "path_create_directory",
    "path_filestat_get",
    "path_filestat_set_times",
    "path_link",
    "path_open",
    "path_readlink",
    "path_remove_directory",
    "path_rename",
    "path_symlink",
    "path_unlink_file",
    "poll_oneoff",
    "proc_exit",
    "proc_raise",
    "sched_yield",
    "random_get",
    "sock_accept",
    "sock_recv",
    "sock_send",
    "sock_shutdown",
];

/// Whether a module imports anything from WASI preview1.
pub fn imports_wasi(module: &wint::Module) -> bool {
    module.imports().any(|(m, _, _)| m == MODULE)
}

/// A failure while setting up a WASI context: a directory that cannot be opened, an
/// address that cannot be bound, an argument that cannot be passed to the guest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasiError {
    message: String,
}

impl WasiError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        WasiError {
            message: message.into(),
        }
    }
    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for WasiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl core::error::Error for WasiError {}

impl From<WasiError> for wint::Error {
    fn from(e: WasiError) -> Self {
        wint::Error::host(e.message)
    }
}
