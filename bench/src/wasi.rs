//! The minimal `wasi_snapshot_preview1` host shared by both engines.
//!
//! The guests (Rust std on wasm32-wasip1, panic=abort) import only `fd_write`,
//! `environ_sizes_get`, `environ_get` and `proc_exit`; the others below are cheap
//! stand-ins so that slightly different guests still link. The same macro text defines
//! the functions for wint and for wasmi, so the two hosts do exactly the same work:
//! every call looks up the `memory` export, reads its arguments from linear memory, then
//! updates the host state and writes its results back (two phases, because wint's
//! `Memory` has no `data_and_store_mut`).

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The import module of WASI preview 1.
pub const WASI: &str = "wasi_snapshot_preview1";

const ERRNO_SUCCESS: i32 = 0;
const ERRNO_BADF: i32 = 8;
const ERRNO_FAULT: i32 = 21;
const ERRNO_INVAL: i32 = 28;
const ERRNO_SPIPE: i32 = 70;

/// The state of one guest run: what it printed, and the deterministic random stream.
pub struct Host {
    /// Bytes written to fd 1.
    pub stdout: Vec<u8>,
    /// Bytes written to fd 2.
    pub stderr: Vec<u8>,
    rng: u64,
}

impl Host {
    /// Fresh state; `random_get` always yields the same stream.
    pub fn new() -> Host {
        Host {
            stdout: Vec::new(),
            stderr: Vec::new(),
            rng: 0x9e37_79b9_7f4a_7c15,
        }
    }

    fn write(&mut self, fd: i32, bytes: &[u8]) -> i32 {
        match fd {
            1 => self.stdout.extend_from_slice(bytes),
            2 => self.stderr.extend_from_slice(bytes),
            _ => return ERRNO_BADF,
        }
        ERRNO_SUCCESS
    }

    fn random(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            // splitmix64
            self.rng = self.rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.rng;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
        }
        out.truncate(len);
        out
    }
}

impl Default for Host {
    fn default() -> Self {
        Host::new()
    }
}

/// The bytes of `len` iovecs at `iovs`, concatenated.
fn gather(mem: &[u8], iovs: i32, len: i32) -> Result<Vec<u8>, i32> {
    let mut out = Vec::new();
    for i in 0..len as u32 {
        let at = (iovs as u32).wrapping_add(i * 8);
        let ptr = get_u32(mem, at)?;
        let n = get_u32(mem, at.wrapping_add(4))?;
        let bytes = mem
            .get(ptr as usize..ptr as usize + n as usize)
            .ok_or(ERRNO_FAULT)?;
        out.extend_from_slice(bytes);
    }
    Ok(out)
}

fn get_u32(mem: &[u8], at: u32) -> Result<u32, i32> {
    let b = mem.get(at as usize..at as usize + 4).ok_or(ERRNO_FAULT)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn put(mem: &mut [u8], at: i32, bytes: &[u8]) -> i32 {
    let at = at as u32 as usize;
    match mem.get_mut(at..at + bytes.len()) {
        Some(dst) => {
            dst.copy_from_slice(bytes);
            ERRNO_SUCCESS
        }
        None => ERRNO_FAULT,
    }
}

/// `clock_time_get`: realtime (0) from the system clock, the others monotonic since
/// the first call.
fn clock_ns(id: i32) -> Result<u64, i32> {
    static START: OnceLock<Instant> = OnceLock::new();
    match id {
        0 => Ok(SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)),
        1..=3 => Ok(START.get_or_init(Instant::now).elapsed().as_nanos() as u64),
        _ => Err(ERRNO_INVAL),
    }
}

/// An `fdstat` for the standard streams: a character device with read/write rights.
fn fdstat() -> [u8; 24] {
    let mut s = [0u8; 24];
    s[0] = 2; // filetype: character_device
    let rights: u64 = (1 << 1) | (1 << 6); // fd_read | fd_write
    s[8..16].copy_from_slice(&rights.to_le_bytes());
    s
}

/// Defines the WASI functions in `$linker`, an engine's linker over [`Host`]. `$e` is the
/// engine crate (`wint` or `wasmi`) and `$exit` turns an exit status into its error.
macro_rules! define_wasi {
    ($e:ident, $linker:expr, $exit:expr) => {{
        use $crate::wasi::*;
        let l = $linker;
        fn memory(c: &$e::Caller<'_, Host>) -> Option<$e::Memory> {
            c.get_export("memory").and_then($e::Extern::into_memory)
        }
        l.func_wrap(WASI, "fd_write", move |mut c: $e::Caller<'_, Host>, fd: i32, iovs: i32, len: i32, nwritten: i32| -> i32 {
            let Some(mem) = memory(&c) else { return ERRNO_INVAL };
            let bytes = match gather(mem.data(&c), iovs, len) {
                Ok(b) => b,
                Err(errno) => return errno,
            };
            match c.data_mut().write(fd, &bytes) {
                ERRNO_SUCCESS => put(mem.data_mut(&mut c), nwritten, &(bytes.len() as u32).to_le_bytes()),
                errno => errno,
            }
        })
        .expect("define fd_write");
        for (args, sizes) in [("args_get", "args_sizes_get"), ("environ_get", "environ_sizes_get")] {
            l.func_wrap(WASI, sizes, move |mut c: $e::Caller<'_, Host>, count: i32, buf_size: i32| -> i32 {
                let Some(mem) = memory(&c) else { return ERRNO_INVAL };
                let data = mem.data_mut(&mut c);
                match put(data, count, &0u32.to_le_bytes()) {
                    ERRNO_SUCCESS => put(data, buf_size, &0u32.to_le_bytes()),
                    errno => errno,
                }
            })
            .expect("define *_sizes_get");
            l.func_wrap(WASI, args, |_: i32, _: i32| -> i32 { ERRNO_SUCCESS })
                .expect("define *_get");
        }
        l.func_wrap(WASI, "clock_time_get", move |mut c: $e::Caller<'_, Host>, id: i32, _precision: i64, out: i32| -> i32 {
            let Some(mem) = memory(&c) else { return ERRNO_INVAL };
            match clock_ns(id) {
                Ok(ns) => put(mem.data_mut(&mut c), out, &ns.to_le_bytes()),
                Err(errno) => errno,
            }
        })
        .expect("define clock_time_get");
        l.func_wrap(WASI, "random_get", move |mut c: $e::Caller<'_, Host>, buf: i32, len: i32| -> i32 {
            let Some(mem) = memory(&c) else { return ERRNO_INVAL };
            let bytes = c.data_mut().random(len as u32 as usize);
            put(mem.data_mut(&mut c), buf, &bytes)
        })
        .expect("define random_get");
        l.func_wrap(WASI, "fd_fdstat_get", move |mut c: $e::Caller<'_, Host>, fd: i32, out: i32| -> i32 {
            let Some(mem) = memory(&c) else { return ERRNO_INVAL };
            if !(0..=2).contains(&fd) {
                return ERRNO_BADF;
            }
            put(mem.data_mut(&mut c), out, &fdstat())
        })
        .expect("define fd_fdstat_get");
        l.func_wrap(WASI, "fd_seek", |fd: i32, _offset: i64, _whence: i32, _out: i32| -> i32 {
            if (0..=2).contains(&fd) { ERRNO_SPIPE } else { ERRNO_BADF }
        })
        .expect("define fd_seek");
        l.func_wrap(WASI, "fd_close", |fd: i32| -> i32 {
            if (0..=2).contains(&fd) { ERRNO_SUCCESS } else { ERRNO_BADF }
        })
        .expect("define fd_close");
        l.func_wrap(WASI, "fd_prestat_get", |_fd: i32, _out: i32| -> i32 { ERRNO_BADF })
            .expect("define fd_prestat_get");
        l.func_wrap(WASI, "proc_exit", move |code: i32| -> Result<(), $e::Error> { Err($exit(code)) })
            .expect("define proc_exit");
    }};
}

/// A wint linker with the WASI host functions.
pub fn wint_linker(engine: &wint::Engine) -> wint::Linker<Host> {
    let mut linker = wint::Linker::new(engine);
    define_wasi!(wint, &mut linker, wint::Error::exit);
    linker
}

/// A wasmi linker with the same WASI host functions.
pub fn wasmi_linker(engine: &wasmi::Engine) -> wasmi::Linker<Host> {
    let mut linker = wasmi::Linker::new(engine);
    define_wasi!(wasmi, &mut linker, wasmi::Error::i32_exit);
    linker
}
