//! The preview1 functions that need more than a rights check around wasi-common:
//! bookkeeping of dropped rights (`fd_close`, `fd_renumber`, `fd_fdstat_get`,
//! `fd_fdstat_set_rights`, `path_open`), and what wasi-common leaves unsupported
//! although the host can do it (`fd_allocate`, CPU-time clocks, `poll_oneoff` on
//! absolute real-time clocks, `proc_raise`), plus `proc_exit`.

use std::format;
use std::vec;
use std::vec::Vec;

use wasi_common::snapshots::preview_1::types::{Errno, Oflags, Rights};
use wasi_common::snapshots::preview_1::wasi_snapshot_preview1 as p1;
use wiggle::error::Error as EnvError;
use wiggle::{GuestMemory, GuestPtr};
use wint::{Caller, Linker};

use super::{CallCtx, Dropped, WasiCtx, block_on, with_ctx};
use crate::MODULE;

/// A zeroed, 8-byte aligned scratch memory for calls whose results the host reads.
struct Scratch {
    buf: Vec<u8>,
    off: usize,
    len: usize,
}

impl Scratch {
    fn new(len: usize) -> Self {
        let buf = vec![0u8; len + 8];
        let off = buf.as_ptr().align_offset(8).min(8);
        Scratch { buf, off, len }
    }
    fn bytes(&mut self) -> &mut [u8] {
        &mut self.buf[self.off..self.off + self.len]
    }
    fn memory(&mut self) -> GuestMemory<'_> {
        GuestMemory::Unshared(self.bytes())
    }
    fn u16_at(&mut self, at: usize) -> u16 {
        let b = self.bytes();
        u16::from_le_bytes([b[at], b[at + 1]])
    }
    fn u32_at(&mut self, at: usize) -> u32 {
        let b = self.bytes();
        u32::from_le_bytes(b[at..at + 4].try_into().unwrap_or_default())
    }
    fn u64_at(&mut self, at: usize) -> u64 {
        let b = self.bytes();
        u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default())
    }
}

/// What `fd_fdstat_get` says of a descriptor, with dropped rights removed.
struct FdStat {
    filetype: u8,
    base: u64,
    inheriting: u64,
}

/// `fd_fdstat_get` into host memory: the descriptor's state, or the errno.
fn fdstat(ctx: &mut CallCtx, fd: i32) -> Result<Result<FdStat, i32>, EnvError> {
    let mut s = Scratch::new(24);
    let errno = block_on(p1::fd_fdstat_get(&mut ctx.inner, &mut s.memory(), fd, 0))?;
    if errno != 0 {
        return Ok(Err(errno));
    }
    let d = ctx.dropped.get(fd as u32).unwrap_or_default();
    Ok(Ok(FdStat {
        filetype: s.bytes()[0],
        base: s.u64_at(8) & !d.base,
        inheriting: s.u64_at(16) & !d.inheriting,
    }))
}

fn errno(e: Errno) -> i32 {
    e as i32
}

/// Clears bits of the u64 at `ptr` in guest memory.
fn clear_bits(mem: &mut GuestMemory<'_>, ptr: u32, bits: u64) -> Result<(), EnvError> {
    let p = GuestPtr::<u64>::new(ptr);
    let v = mem.read(p)?;
    mem.write(p, v & !bits)?;
    Ok(())
}

/// CPU time of this process or of the interpreting thread, in nanoseconds (or the
/// clock's resolution). `None` for other clocks, which wasi-common handles.
#[cfg(unix)]
fn cpu_clock(id: i32, resolution: bool) -> Option<Result<u64, Errno>> {
    let clock = match id {
        2 => libc::CLOCK_PROCESS_CPUTIME_ID,
        3 => libc::CLOCK_THREAD_CPUTIME_ID,
        _ => return None,
    };
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe {
        if resolution {
            libc::clock_getres(clock, &mut ts)
        } else {
            libc::clock_gettime(clock, &mut ts)
        }
    };
    if rc != 0 {
        return Some(Err(Errno::Inval));
    }
    let ns = u64::try_from(ts.tv_sec)
        .ok()
        .and_then(|s| s.checked_mul(1_000_000_000))
        .and_then(|s| s.checked_add(u64::try_from(ts.tv_nsec).ok()?));
    Some(ns.ok_or(Errno::Overflow))
}

#[cfg(not(unix))]
fn cpu_clock(_id: i32, _resolution: bool) -> Option<Result<u64, Errno>> {
    None
}

/// Names of WASI's signals, by number.
const SIGNALS: [&str; 31] = [
    "none",
    "SIGHUP",
    "SIGINT",
    "SIGQUIT",
    "SIGILL",
    "SIGTRAP",
    "SIGABRT",
    "SIGBUS",
    "SIGFPE",
    "SIGKILL",
    "SIGUSR1",
    "SIGSEGV",
    "SIGUSR2",
    "SIGPIPE",
    "SIGALRM",
    "SIGTERM",
    "SIGCHLD",
    "SIGCONT",
    "SIGSTOP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGXCPU",
    "SIGXFSZ",
    "SIGVTALRM",
    "SIGPROF",
    "SIGWINCH",
    "SIGPOLL",
    "SIGPWR",
    "SIGSYS",
];

/// Size of a `subscription` and of an `event` in guest memory.
const SUB_SIZE: u32 = 48;
const EVENT_SIZE: u32 = 32;

/// `poll_oneoff` with absolute real-time clock subscriptions, which wasi-common
/// refuses: each becomes a relative monotonic timeout until the deadline, in a host
/// copy of the subscriptions; the events are copied back. `None` when there is no such
/// subscription (or the pointers are bad, which the plain call reports).
fn poll_realtime_absolute(
    ctx: &mut CallCtx,
    mem: &mut GuestMemory<'_>,
    subs: i32,
    events: i32,
    nsubs: i32,
    nevents: i32,
) -> Result<Option<i32>, EnvError> {
    let n = nsubs as u32;
    // The host copy is addressed with 32-bit offsets like guest memory.
    if n > (u32::MAX - 4) / (SUB_SIZE + EVENT_SIZE) {
        return Ok(None);
    }
    let len = n * SUB_SIZE;
    let Ok(Some(bytes)) = mem.as_slice(GuestPtr::<[u8]>::new((subs as u32, len))) else {
        return Ok(None);
    };
    let mut copy = Scratch::new((n * (SUB_SIZE + EVENT_SIZE) + 4) as usize);
    copy.bytes()[..len as usize].copy_from_slice(bytes);
    let mut rewritten = false;
    for i in 0..n as usize {
        let s = i * SUB_SIZE as usize;
        let is_clock = copy.bytes()[s + 8] == 0;
        let realtime = copy.u32_at(s + 16) == 0;
        let flags = copy.u16_at(s + 40);
        if is_clock && realtime && flags & 1 != 0 {
            let deadline = copy.u64_at(s + 24);
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
                .unwrap_or(0);
            let b = copy.bytes();
            b[s + 16..s + 20].copy_from_slice(&1u32.to_le_bytes());
            b[s + 24..s + 32].copy_from_slice(&deadline.saturating_sub(now).to_le_bytes());
            b[s + 40..s + 42].copy_from_slice(&(flags & !1).to_le_bytes());
            rewritten = true;
        }
    }
    if !rewritten {
        return Ok(None);
    }
    // Check the output pointers as the plain call would, before waiting.
    let out_len = n * EVENT_SIZE;
    mem.as_slice_mut(GuestPtr::<[u8]>::new((events as u32, out_len)))?;
    if !(events as u32).is_multiple_of(8) {
        return Err(EnvError::msg("pointer not aligned"));
    }
    mem.write(GuestPtr::<u32>::new(nevents as u32), 0)?;

    let (ev_off, count_off) = (len, n * (SUB_SIZE + EVENT_SIZE));
    let e = block_on(p1::poll_oneoff(
        &mut ctx.inner,
        &mut copy.memory(),
        0,
        ev_off as i32,
        nsubs,
        count_off as i32,
    ))?;
    if e != 0 {
        return Ok(Some(e));
    }
    let count = copy.u32_at(count_off as usize).min(n);
    let produced = &copy.bytes()[ev_off as usize..(ev_off + count * EVENT_SIZE) as usize];
    mem.copy_from_slice(
        produced,
        GuestPtr::<[u8]>::new((events as u32, count * EVENT_SIZE)),
    )?;
    mem.write(GuestPtr::<u32>::new(nevents as u32), count)?;
    Ok(Some(0))
}

pub(super) fn add<T: 'static, G>(linker: &mut Linker<T>, get: G) -> wint::Result<()>
where
    G: Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
{
    linker.func_wrap(
        MODULE,
        "fd_close",
        move |mut caller: Caller<'_, T>, fd: i32| -> wint::Result<i32> {
            with_ctx(
                &mut caller,
                get,
                "wasi_snapshot_preview1::fd_close",
                |ctx, mem| {
                    let e = block_on(p1::fd_close(&mut ctx.inner, mem, fd))?;
                    if e == 0 {
                        ctx.dropped.set(fd as u32, None);
                    }
                    Ok(e)
                },
            )
        },
    )?;

    linker.func_wrap(
        MODULE,
        "fd_renumber",
        move |mut caller: Caller<'_, T>, from: i32, to: i32| -> wint::Result<i32> {
            with_ctx(
                &mut caller,
                get,
                "wasi_snapshot_preview1::fd_renumber",
                |ctx, mem| {
                    let e = block_on(p1::fd_renumber(&mut ctx.inner, mem, from, to))?;
                    if e == 0 && from != to {
                        let moved = ctx.dropped.get(from as u32);
                        ctx.dropped.set(from as u32, None);
                        ctx.dropped.set(to as u32, moved);
                    }
                    Ok(e)
                },
            )
        },
    )?;

    linker.func_wrap(
        MODULE,
        "fd_fdstat_get",
        move |mut caller: Caller<'_, T>, fd: i32, buf: i32| -> wint::Result<i32> {
            with_ctx(
                &mut caller,
                get,
                "wasi_snapshot_preview1::fd_fdstat_get",
                |ctx, mem| {
                    let e = block_on(p1::fd_fdstat_get(&mut ctx.inner, mem, fd, buf))?;
                    if e == 0
                        && let Some(d) = ctx.dropped.get(fd as u32)
                    {
                        let buf = buf as u32;
                        clear_bits(mem, buf.wrapping_add(8), d.base)?;
                        clear_bits(mem, buf.wrapping_add(16), d.inheriting)?;
                    }
                    Ok(e)
                },
            )
        },
    )?;

    linker.func_wrap(
        MODULE,
        "fd_fdstat_set_rights",
        move |mut caller: Caller<'_, T>, fd: i32, base: i64, inh: i64| -> wint::Result<i32> {
            with_ctx(
                &mut caller,
                get,
                "wasi_snapshot_preview1::fd_fdstat_set_rights",
                |ctx, _mem| {
                    let st = match fdstat(ctx, fd)? {
                        Ok(st) => st,
                        Err(e) => return Ok(e),
                    };
                    let (base, inh) = (base as u64, inh as u64);
                    // Rights can only be dropped, never added.
                    if base & !st.base != 0 || inh & !st.inheriting != 0 {
                        return Ok(errno(Errno::Notcapable));
                    }
                    let old = ctx.dropped.get(fd as u32).unwrap_or_default();
                    ctx.dropped.set(
                        fd as u32,
                        Some(Dropped {
                            base: old.base | (st.base & !base),
                            inheriting: old.inheriting | (st.inheriting & !inh),
                        }),
                    );
                    Ok(0)
                },
            )
        },
    )?;

    linker.func_wrap(
        MODULE,
        "path_open",
        move |mut caller: Caller<'_, T>,
              fd: i32,
              dirflags: i32,
              path: i32,
              path_len: i32,
              oflags: i32,
              base: i64,
              inh: i64,
              fdflags: i32,
              opened: i32|
              -> wint::Result<i32> {
            with_ctx(
                &mut caller,
                get,
                "wasi_snapshot_preview1::path_open",
                |ctx, mem| {
                    let dropped = ctx.dropped.get(fd as u32);
                    let (mut base, mut inh) = (base as u64, inh as u64);
                    if let Some(d) = dropped {
                        let mut need = Rights::PATH_OPEN;
                        if oflags as u16 & Oflags::CREAT.bits() != 0 {
                            need |= Rights::PATH_CREATE_FILE;
                        }
                        if oflags as u16 & Oflags::TRUNC.bits() != 0 {
                            need |= Rights::PATH_FILESTAT_SET_SIZE;
                        }
                        if d.base & need.bits() != 0 {
                            return Ok(errno(Errno::Notcapable));
                        }
                        // A descriptor opened here gets at most the inheritable rights.
                        base &= !d.inheriting;
                        inh &= !d.inheriting;
                    }
                    let e = block_on(p1::path_open(
                        &mut ctx.inner,
                        mem,
                        fd,
                        dirflags,
                        path,
                        path_len,
                        oflags,
                        base as i64,
                        inh as i64,
                        fdflags,
                        opened,
                    ))?;
                    if e == 0
                        && let Some(d) = dropped
                    {
                        let new_fd = mem.read(GuestPtr::<u32>::new(opened as u32))?;
                        ctx.dropped.set(
                            new_fd,
                            Some(Dropped {
                                base: d.inheriting,
                                inheriting: d.inheriting,
                            }),
                        );
                    }
                    Ok(e)
                },
            )
        },
    )?;

    linker.func_wrap(
        MODULE,
        "fd_allocate",
        move |mut caller: Caller<'_, T>, fd: i32, offset: i64, len: i64| -> wint::Result<i32> {
            with_ctx(
                &mut caller,
                get,
                "wasi_snapshot_preview1::fd_allocate",
                |ctx, _mem| {
                    if let Some(e) = ctx.lacks(fd, Rights::FD_ALLOCATE) {
                        return Ok(e);
                    }
                    let st = match fdstat(ctx, fd)? {
                        Ok(st) => st,
                        Err(e) => return Ok(e),
                    };
                    match st.filetype {
                        4 => {}                              // regular file
                        3 => return Ok(errno(Errno::Badf)),  // directory
                        0 => return Ok(errno(Errno::Spipe)), // pipe or unknown
                        _ => return Ok(errno(Errno::Nodev)), // device, socket
                    }
                    if st.base & Rights::FD_WRITE.bits() == 0 {
                        return Ok(errno(Errno::Badf));
                    }
                    let (offset, len) = (offset as u64, len as u64);
                    if len == 0 || offset > i64::MAX as u64 || len > i64::MAX as u64 {
                        return Ok(errno(Errno::Inval));
                    }
                    let Some(end) = offset.checked_add(len).filter(|&e| e <= i64::MAX as u64)
                    else {
                        return Ok(errno(Errno::Fbig));
                    };
                    let mut s = Scratch::new(64);
                    let e = block_on(p1::fd_filestat_get(&mut ctx.inner, &mut s.memory(), fd, 0))?;
                    if e != 0 {
                        return Ok(e);
                    }
                    if end <= s.u64_at(32) {
                        return Ok(0);
                    }
                    block_on(p1::fd_filestat_set_size(
                        &mut ctx.inner,
                        &mut s.memory(),
                        fd,
                        end as i64,
                    ))
                },
            )
        },
    )?;

    linker.func_wrap(
        MODULE,
        "clock_res_get",
        move |mut caller: Caller<'_, T>, id: i32, out: i32| -> wint::Result<i32> {
            with_ctx(
                &mut caller,
                get,
                "clock_res_get",
                |ctx, mem| match cpu_clock(id, true) {
                    None => block_on(p1::clock_res_get(&mut ctx.inner, mem, id, out)),
                    Some(Err(e)) => Ok(errno(e)),
                    Some(Ok(ns)) => {
                        mem.write(GuestPtr::<u64>::new(out as u32), ns)?;
                        Ok(0)
                    }
                },
            )
        },
    )?;

    linker.func_wrap(
        MODULE,
        "clock_time_get",
        move |mut caller: Caller<'_, T>, id: i32, precision: i64, out: i32| -> wint::Result<i32> {
            with_ctx(
                &mut caller,
                get,
                "clock_time_get",
                |ctx, mem| match cpu_clock(id, false) {
                    None => block_on(p1::clock_time_get(&mut ctx.inner, mem, id, precision, out)),
                    Some(Err(e)) => Ok(errno(e)),
                    Some(Ok(ns)) => {
                        mem.write(GuestPtr::<u64>::new(out as u32), ns)?;
                        Ok(0)
                    }
                },
            )
        },
    )?;

    linker.func_wrap(
        MODULE,
        "poll_oneoff",
        move |mut caller: Caller<'_, T>,
              subs: i32,
              events: i32,
              nsubs: i32,
              nevents: i32|
              -> wint::Result<i32> {
            with_ctx(
                &mut caller,
                get,
                "wasi_snapshot_preview1::poll_oneoff",
                |ctx, mem| {
                    if let Some(e) = poll_realtime_absolute(ctx, mem, subs, events, nsubs, nevents)?
                    {
                        return Ok(e);
                    }
                    block_on(p1::poll_oneoff(
                        &mut ctx.inner,
                        mem,
                        subs,
                        events,
                        nsubs,
                        nevents,
                    ))
                },
            )
        },
    )?;

    linker.func_wrap(
        MODULE,
        "proc_exit",
        move |mut caller: Caller<'_, T>, code: i32| -> wint::Result<()> {
            with_ctx(
                &mut caller,
                get,
                "wasi_snapshot_preview1::proc_exit",
                |ctx, mem| block_on(p1::proc_exit(&mut ctx.inner, mem, code)),
            )?;
            // wasi-common never returns from `proc_exit`; should it, exit all the same.
            Err(wint::Error::exit(code))
        },
    )?;

    linker.func_wrap(MODULE, "proc_raise", move |sig: i32| -> wint::Result<i32> {
        let name = usize::try_from(sig).ok().and_then(|i| SIGNALS.get(i));
        match (sig, name) {
            // No signal, or one whose default action is to be ignored (or to stop
            // or continue the process, which has no meaning for a guest).
            (0 | 16..=22 | 27, Some(_)) => Ok(0),
            (_, Some(name)) => Err(wint::Error::host(format!(
                "{MODULE}::proc_raise: the guest raised {name}, which terminates it"
            ))),
            (_, None) => Ok(errno(Errno::Inval)),
        }
    })?;
    Ok(())
}
