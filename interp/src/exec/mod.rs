//! Execution: the dispatch backends and the run-time half of every instruction.
//!
//! The handlers of every op in [`crate::ops`] are generated twice from the one op list:
//! - [`tail`]: tail-call threading. Each handler ends by calling the next handler with
//!   the same signature, `(ip, fp, mem, len, exec)`; LLVM turns those calls into jumps
//!   (sibling-call optimization), so hot state stays in argument registers.
//! - [`looped`]: a portable loop that calls one handler per instruction, for targets or
//!   builds where tail calls are not guaranteed (debug builds, wasm32, microcontrollers).
//!
//! - [`matched`]: one loop over a `match` on the opcode, every handler an arm: the
//!   default on wasm32 without the tail-call feature (wint running inside another
//!   runtime), where an indirect call per instruction and interpreter registers in
//!   memory cost the most.
//!
//! `build.rs` picks one at build time (cfg `wint_tail_dispatch`, `wint_match_dispatch`).

// Some helpers (the soft float versions) are only used by no_std builds.
#[allow(dead_code)]
pub mod num;
#[cfg(feature = "simd")]
pub mod simd;

use alloc::vec::Vec;

use crate::error::{Error, FrameInfo, Result, TrapCode, WasmBacktrace};
use crate::ir::{HANDLER_UNITS, Slot, Unit};
use crate::store::{FuncEntity, InstanceEntity, StoreInner};
use crate::translate::CompiledFunc;
use crate::types::FuncType;

/// A suspended caller, pushed by a call and popped by a return.
#[derive(Clone, Copy)]
pub(crate) struct Frame {
    pub ret_ip: *const Unit,
    pub fp: *mut u64,
    pub inst: *const InstanceEntity,
    pub func: *const FuncEntity,
}

/// How a run of handlers ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// (Loop backend only) continue with the next instruction.
    #[allow(dead_code)]
    Continue,
    /// The entry frame returned.
    Return,
    /// A trap or host error; the error is in `Exec::error`.
    Trap,
}

/// Execution state that is not hot enough for registers.
pub(crate) struct Exec {
    pub store: *mut StoreInner,
    /// The `Store<T>` behind `store`, type-erased, for host calls.
    pub erased: *mut (),
    pub inst: *const InstanceEntity,
    /// The running function (null in the host's entry frame).
    pub func: *const FuncEntity,
    pub stack_end: *mut u64,
    /// Next free entry of the frame stack (the store's `frames` buffer, which has its
    /// full capacity reserved and never moves during an execution).
    pub frames_top: *mut Frame,
    /// Where the frame stack is full: its capacity or the call depth limit.
    pub frames_limit: *mut Frame,
    /// The call depth limit, in frames from the start of the store's frame stack.
    pub depth_limit: usize,
    pub fuel: u64,
    pub error: Option<Error>,
}

/// The registers of the interpreter, as seen by op bodies.
pub(crate) struct Ctx {
    pub ip: *const Unit,
    /// Address of the next instruction (set before the body runs).
    pub np: *const Unit,
    pub fp: *mut u64,
    pub mem: *mut u8,
    pub len: usize,
    pub x: *mut Exec,
    /// The accumulator: the integer result of the last instruction that wrote one (a
    /// copy of the value also stored in its slot). An instruction reading its operand
    /// from here instead of from the slot takes no store-to-load round trip; the
    /// translator emits such `_x` forms only right after an instruction that set it.
    pub acc: u64,
    /// (Loop backend) why execution stopped.
    #[allow(dead_code)]
    pub exit: Exit,
}

/// A value that lives in 64-bit frame cells.
pub(crate) trait Cell: Copy {
    /// # Safety
    /// `p` must point to a valid frame slot (two for u128).
    unsafe fn load(p: *const u64) -> Self;
    /// # Safety
    /// As for `load`.
    unsafe fn store(self, p: *mut u64);
    /// The accumulator's value for this value: `Some` for integers (the bits a slot
    /// holds), `None` for the types that do not set the accumulator.
    fn acc(self) -> Option<u64> {
        None
    }
}

macro_rules! cell_int {
    ($($t:ty),*) => {$(
        impl Cell for $t {
            #[inline(always)]
            unsafe fn load(p: *const u64) -> Self {
                // SAFETY: forwarded contract: `p` is a valid, aligned cell.
                unsafe { *p as $t }
            }
            #[inline(always)]
            unsafe fn store(self, p: *mut u64) {
                // SAFETY: forwarded contract. Narrow values are zero-extended so that a
                // cell always holds a canonical bit pattern.
                unsafe { *p = self as u64 & (u64::MAX >> (64 - 8 * core::mem::size_of::<$t>())) }
            }
            #[inline(always)]
            fn acc(self) -> Option<u64> {
                Some(self as u64 & (u64::MAX >> (64 - 8 * core::mem::size_of::<$t>())))
            }
        }
    )*};
}
cell_int!(u32, i32, u64, i64);

impl Cell for f32 {
    #[inline(always)]
    unsafe fn load(p: *const u64) -> Self {
        // SAFETY: forwarded contract.
        f32::from_bits(unsafe { *p } as u32)
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut u64) {
        // SAFETY: forwarded contract.
        unsafe { *p = self.to_bits() as u64 }
    }
}
impl Cell for f64 {
    #[inline(always)]
    unsafe fn load(p: *const u64) -> Self {
        // SAFETY: forwarded contract.
        f64::from_bits(unsafe { *p })
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut u64) {
        // SAFETY: forwarded contract.
        unsafe { *p = self.to_bits() }
    }
}
impl Cell for u128 {
    #[inline(always)]
    unsafe fn load(p: *const u64) -> Self {
        // SAFETY: forwarded contract: two consecutive cells.
        unsafe { core::ptr::read_unaligned(p as *const u128) }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut u64) {
        // SAFETY: forwarded contract: two consecutive cells.
        unsafe { core::ptr::write_unaligned(p as *mut u128, self) }
    }
}

impl Ctx {
    /// # Safety
    /// `s` must be a slot of the current frame (guaranteed by the translator, and the
    /// frame's extent is checked against the stack end on every call).
    #[inline(always)]
    pub unsafe fn get<T: Cell>(&self, s: Slot) -> T {
        // SAFETY: see the function's contract.
        unsafe { T::load(self.fp.add(s as usize)) }
    }
    /// # Safety
    /// As for `get`.
    #[inline(always)]
    pub unsafe fn set<T: Cell>(&mut self, s: Slot, v: T) {
        // SAFETY: see the function's contract.
        unsafe { v.store(self.fp.add(s as usize)) }
        if let Some(a) = v.acc() {
            self.acc = a;
        }
    }
    /// The host address of `N` bytes at the address in slot `a` plus offset `o`, if they
    /// lie inside memory 0; the only bounds check of a load or store.
    ///
    /// # Safety
    /// `a` must be a valid slot; `mem`/`len` must describe memory 0.
    #[inline(always)]
    pub unsafe fn ea<const N: usize>(&self, a: Slot, o: u32) -> Option<*mut u8> {
        // SAFETY: `a` is a valid slot per the contract.
        let ea = unsafe { self.get::<u32>(a) } as u64 + o as u64;
        if ea + N as u64 > self.len as u64 {
            None
        } else {
            // SAFETY: ea + N <= len, so the range is inside the memory's allocation.
            Some(unsafe { self.mem.add(ea as usize) })
        }
    }
    /// Records a trap and returns the exit code that ends the dispatch chain.
    #[inline(always)]
    pub fn trap(&self, code: TrapCode) -> Exit {
        trap_at(self.x, code)
    }
    /// Reloads the memory registers from the current instance.
    #[inline(always)]
    pub unsafe fn reload_memory(&mut self) {
        // SAFETY: `inst` points to a live instance; `mem0` is null or a live memory.
        unsafe {
            let inst = (*self.x).inst;
            let m = if inst.is_null() {
                core::ptr::null_mut()
            } else {
                (*inst).mem0
            };
            if m.is_null() {
                self.mem = core::ptr::null_mut();
                self.len = 0;
            } else {
                self.mem = (*m).data.as_mut_ptr();
                self.len = (*m).data.len();
            }
        }
    }
}

/// The trap of a load or store on memory 0 of `n` bytes at `addr` that failed its bounds
/// check: "out of bounds", or, when the address is inside the memory's size but beyond
/// the bytes `Config::memory_cap` backs, "memory cap exceeded". Cold and out of line.
#[cold]
#[inline(never)]
pub(crate) fn mem0_trap(x: *mut Exec, addr: u64, n: usize) -> Exit {
    // SAFETY: `x` is the running execution; its instance (when set) and the instance's
    // memory 0 (when not null) are live.
    let code = unsafe {
        let inst = (*x).inst;
        let m = if inst.is_null() {
            core::ptr::null_mut()
        } else {
            (*inst).mem0
        };
        if m.is_null() {
            TrapCode::MemoryOutOfBounds
        } else {
            (*m).oob(addr, n as u64)
        }
    };
    trap_at(x, code)
}

/// Records a trap in `x`. Out of line, and given only the `Exec` pointer, so that the
/// interpreter registers of a handler never have to live in memory.
#[cold]
#[inline(never)]
pub(crate) fn trap_at(x: *mut Exec, code: TrapCode) -> Exit {
    // SAFETY: `x` points to the Exec of the running `invoke` call.
    unsafe { (*x).error = Some(Error::trap(code)) };
    Exit::Trap
}

// ---- helpers used by op bodies ------------------------------------------------------

macro_rules! trap {
    ($c:ident, $code:ident) => {
        return $c.trap(TrapCode::$code)
    };
}
/// The body of a memory64 bulk instruction; without the `memory64` feature the
/// translator never emits one (64-bit memories are rejected) and the body is a trap.
#[cfg(feature = "memory64")]
macro_rules! mem64 {
    ($c:ident, $e:expr) => {
        $e
    };
}
#[cfg(not(feature = "memory64"))]
macro_rules! mem64 {
    ($c:ident, $e:expr) => {
        trap!($c, Unreachable)
    };
}
/// The body of a fused instruction added for speed; without the `fused` feature the
/// translator never emits one and the body is a trap (so the match backend of small
/// builds carries no code for it).
#[cfg(feature = "fused")]
macro_rules! fused {
    ($c:ident, $e:block) => {
        $e
    };
}
#[cfg(not(feature = "fused"))]
macro_rules! fused {
    ($c:ident, $e:block) => {
        trap!($c, Unreachable)
    };
}
macro_rules! bin {
    ($c:ident, $d:ident, $a:ident, $b:ident, $ta:ty => $tr:ty, $f:expr) => {{
        let f: fn($ta, $ta) -> $tr = $f;
        let r = f($c.get::<$ta>($a), $c.get::<$ta>($b));
        $c.set::<$tr>($d, r)
    }};
}
macro_rules! un {
    ($c:ident, $d:ident, $a:ident, $ta:ty => $tr:ty, $f:expr) => {{
        let f: fn($ta) -> $tr = $f;
        let r = f($c.get::<$ta>($a));
        $c.set::<$tr>($d, r)
    }};
}
macro_rules! conv {
    ($c:ident, $d:ident, $a:ident, $ta:ty, $f:expr) => {{
        match $f($c.get::<$ta>($a)) {
            Ok(v) => $c.set($d, v),
            Err(num::ConvError::IntegerOverflow) => trap!($c, IntegerOverflow),
            Err(num::ConvError::InvalidConversion) => trap!($c, BadConversionToInteger),
        }
    }};
}
macro_rules! load {
    ($c:ident, $d:ident, $a:ident, $o:ident, $tm:ty => $tr:ty) => {{
        const N: usize = core::mem::size_of::<$tm>();
        match $c.ea::<N>($a, $o) {
            Some(p) => {
                let v = <$tm>::from_le_bytes(core::ptr::read_unaligned(p as *const [u8; N]));
                $c.set::<$tr>($d, v as $tr)
            }
            None => return exec::mem0_trap($c.x, $c.get::<u32>($a) as u64 + $o as u64, N),
        }
    }};
}
macro_rules! store {
    ($c:ident, $a:ident, $s:ident, $o:ident, $tv:ty => $tm:ty) => {{
        const N: usize = core::mem::size_of::<$tm>();
        match $c.ea::<N>($a, $o) {
            Some(p) => {
                let v = $c.get::<$tv>($s) as $tm;
                core::ptr::write_unaligned(p as *mut [u8; N], v.to_le_bytes())
            }
            None => return exec::mem0_trap($c.x, $c.get::<u32>($a) as u64 + $o as u64, N),
        }
    }};
}
/// A load from the constant effective address `$e` (a constant address plus the offset,
/// below 2^32).
#[allow(unused_macros)] // only fused instructions use it
macro_rules! load_k {
    ($c:ident, $d:ident, $e:ident, $tm:ty => $tr:ty) => {{
        const N: usize = core::mem::size_of::<$tm>();
        if $e as u64 + N as u64 > $c.len as u64 {
            return exec::mem0_trap($c.x, $e as u64, N);
        }
        // SAFETY: e + N <= len, so the range is inside the memory's allocation.
        let p = $c.mem.add($e as usize);
        let v = <$tm>::from_le_bytes(core::ptr::read_unaligned(p as *const [u8; N]));
        $c.set::<$tr>($d, v as $tr)
    }};
}
/// A store to the constant effective address `$e`.
#[allow(unused_macros)] // only fused instructions use it
macro_rules! store_k {
    ($c:ident, $e:ident, $s:ident, $tv:ty => $tm:ty) => {{
        const N: usize = core::mem::size_of::<$tm>();
        if $e as u64 + N as u64 > $c.len as u64 {
            return exec::mem0_trap($c.x, $e as u64, N);
        }
        // SAFETY: e + N <= len, so the range is inside the memory's allocation.
        let p = $c.mem.add($e as usize);
        let v = $c.get::<$tv>($s) as $tm;
        core::ptr::write_unaligned(p as *mut [u8; N], v.to_le_bytes())
    }};
}
/// The u32 at `x + p` in memory 0 (or a trap), for `*_as_ld`.
#[allow(unused_macros)] // only fused instructions use it
macro_rules! index_load {
    ($c:ident, $x:ident, $p:ident) => {{
        match $c.ea::<4>($x, $p) {
            Some(q) => u32::from_le_bytes(core::ptr::read_unaligned(q as *const [u8; 4])),
            None => return exec::mem0_trap($c.x, $c.get::<u32>($x) as u64 + $p as u64, 4),
        }
    }};
}
/// A load from `($v + $k) mod 2^32 + $o`, where `$v` is a value: the address of the
/// accumulator forms, or the one of a slot (`load_ai!`).
#[allow(unused_macros)] // only fused instructions use it
macro_rules! load_v {
    ($c:ident, $d:ident, $v:expr, $k:expr, $o:ident, $tm:ty => $tr:ty) => {{
        const N: usize = core::mem::size_of::<$tm>();
        let ea = ($v as u32).wrapping_add($k) as u64 + $o as u64;
        if ea + N as u64 > $c.len as u64 {
            return exec::mem0_trap($c.x, ea, N);
        }
        // SAFETY: ea + N <= len, so the range is inside the memory's allocation.
        let p = $c.mem.add(ea as usize);
        let v = <$tm>::from_le_bytes(core::ptr::read_unaligned(p as *const [u8; N]));
        $c.set::<$tr>($d, v as $tr)
    }};
}
/// A store of the value `$v` to `($a + $k) mod 2^32 + $o`, where `$a` is a value (the
/// address in a slot) and `$v` the value to store (the accumulator, or a slot's value:
/// `store_ai!`).
#[allow(unused_macros)] // only fused instructions use it
macro_rules! store_v {
    ($c:ident, $a:expr, $k:expr, $o:ident, $v:expr, $tm:ty) => {{
        const N: usize = core::mem::size_of::<$tm>();
        let ea = ($a as u32).wrapping_add($k) as u64 + $o as u64;
        if ea + N as u64 > $c.len as u64 {
            return exec::mem0_trap($c.x, ea, N);
        }
        // SAFETY: ea + N <= len, so the range is inside the memory's allocation.
        let p = $c.mem.add(ea as usize);
        core::ptr::write_unaligned(p as *mut [u8; N], ($v as $tm).to_le_bytes())
    }};
}
/// A load from `(slot a + k) mod 2^32 + o`, wrapping like the separate `i32.add`.
#[allow(unused_macros)] // only fused instructions use it
macro_rules! load_ai {
    ($c:ident, $d:ident, $a:ident, $k:ident, $o:ident, $tm:ty => $tr:ty) => {
        load_v!($c, $d, $c.get::<u32>($a), $k, $o, $tm => $tr)
    };
}
/// A store of slot `s` to `(slot a + k) mod 2^32 + o`.
#[allow(unused_macros)] // only fused instructions use it
macro_rules! store_ai {
    ($c:ident, $a:ident, $k:ident, $s:ident, $o:ident, $tv:ty => $tm:ty) => {
        store_v!($c, $c.get::<u32>($a), $k, $o, $c.get::<$tv>($s), $tm)
    };
}
macro_rules! call {
    ($c:ident, $f:expr, $base:ident) => {{
        let f = $f;
        if let Err(e) = exec::call_func($c, f, $base) {
            return e;
        }
    }};
}
macro_rules! return_from_call {
    ($c:ident) => {{ exec::pop_frame($c) }};
}

/// The current instance's function `f`.
#[inline(always)]
pub(crate) unsafe fn func_ent(c: &Ctx, f: u32) -> *const FuncEntity {
    // SAFETY: the translator only emits indices the validator accepted.
    unsafe {
        let inst = &*(*c.x).inst;
        *inst.func_ents.get_unchecked(f as usize)
    }
}

/// Store index of the current instance's function `f`.
#[inline(always)]
pub(crate) unsafe fn func_of(c: &Ctx, f: u32) -> u32 {
    // SAFETY: the translator only emits indices the validator accepted.
    unsafe {
        let inst = &*(*c.x).inst;
        *inst.funcs.get_unchecked(f as usize)
    }
}

/// Pointer to the value cells of the current instance's global `g`.
#[inline(always)]
pub(crate) unsafe fn global(c: &Ctx, g: u32) -> *mut u64 {
    // SAFETY: validated index; globals are boxed in the store.
    unsafe {
        let inst = &*(*c.x).inst;
        *inst.globals.get_unchecked(g as usize) as *mut u64
    }
}

/// Calls function entity `f` with its arguments at `fp + base`.
#[inline(always)]
pub(crate) unsafe fn call_func(c: &mut Ctx, f: *const FuncEntity, base: Slot) -> Result<(), Exit> {
    // SAFETY: `x.store` is live for the whole execution; `f` points to a function entity
    // boxed in it; `code` points into the module kept alive by the instance; the frame
    // stack has room up to `frames_limit` (reserved by `invoke`).
    unsafe {
        let FuncEntity::Wasm {
            inst, def, code, ..
        } = &*f
        else {
            let (mem, len) = call_host(c.x, c.fp, f, base)?;
            c.mem = mem;
            c.len = len;
            c.ip = c.np;
            return Ok(());
        };
        let inst = *inst;
        let code = match (**code).get() {
            Some(code) => code,
            None => translate_now(c.x, inst, *def)?,
        };
        let x = &mut *c.x;
        let new_fp = c.fp.add(base as usize);
        if new_fp.wrapping_add(code.frame_cells as usize) > x.stack_end {
            return Err(trap_at(c.x, TrapCode::StackOverflow));
        }
        if x.frames_top == x.frames_limit {
            grow_frames(c.x)?;
        }
        x.frames_top.write(Frame {
            ret_ip: c.np,
            fp: c.fp,
            inst: x.inst,
            func: x.func,
        });
        x.frames_top = x.frames_top.add(1);
        let locals = new_fp.add(code.param_cells as usize);
        if code.local_cells <= ZEROED_CELLS {
            // The translator reserves room for this fixed-size store in every frame.
            (locals as *mut [u64; ZEROED_CELLS as usize])
                .write_unaligned([0; ZEROED_CELLS as usize]);
        } else {
            core::ptr::write_bytes(locals, 0, code.local_cells as usize);
        }
        x.func = f;
        c.fp = new_fp;
        c.ip = code.code.as_ptr();
        if !core::ptr::eq(inst, x.inst) {
            x.inst = inst;
            c.reload_memory();
        }
        Ok(())
    }
}

/// Makes room on the frame stack, or traps when the call depth limit is reached.
#[cold]
#[inline(never)]
unsafe fn grow_frames(x: *mut Exec) -> Result<(), Exit> {
    // SAFETY: `x` is the running execution; its frame pointers point into the store's
    // `frames` buffer, which only this function (and nested executions, which restore
    // the length) reallocates; the pointers are re-derived from the new buffer.
    unsafe {
        let x = &mut *x;
        let frames = &mut (*x.store).frames;
        let depth = x.frames_top.offset_from(frames.as_ptr()) as usize;
        if depth >= x.depth_limit {
            return Err(trap_at(x, TrapCode::StackOverflow));
        }
        frames.set_len(depth);
        let want = (depth * 2).clamp(64, x.depth_limit);
        if frames.try_reserve_exact(want - depth).is_err() {
            return Err(trap_at(x, TrapCode::StackOverflow));
        }
        x.frames_top = frames.as_mut_ptr().add(depth);
        x.frames_limit = frames
            .as_mut_ptr()
            .add(frames.capacity().min(x.depth_limit));
        Ok(())
    }
}

/// Functions with at most this many local cells get them zeroed by one fixed-size store.
pub(crate) const ZEROED_CELLS: u32 = 8;

#[cold]
#[inline(never)]
unsafe fn translate_now<'a>(
    x: *mut Exec,
    inst: *const InstanceEntity,
    def: u32,
) -> Result<&'a CompiledFunc, Exit> {
    // SAFETY: the instance (and so its module) outlives the execution.
    unsafe {
        match (*inst).module.inner.code(def) {
            Ok(code) => Ok(&*(code as *const CompiledFunc)),
            Err(e) => {
                (*x).error = Some(e);
                Err(Exit::Trap)
            }
        }
    }
}

/// Returns from the current function to the frame on top of the frame stack.
#[inline(always)]
pub(crate) unsafe fn pop_frame(c: &mut Ctx) {
    // SAFETY: every execution pushes an entry frame first, so the frame stack is not
    // empty while a wasm function runs.
    unsafe {
        let x = &mut *c.x;
        x.frames_top = x.frames_top.sub(1);
        let fr = x.frames_top.read();
        c.ip = fr.ret_ip;
        c.fp = fr.fp;
        x.func = fr.func;
        if !core::ptr::eq(fr.inst, x.inst) {
            x.inst = fr.inst;
            c.reload_memory();
        }
    }
}

#[cold]
#[inline(never)]
unsafe fn call_host(
    x: *mut Exec,
    fp: *mut u64,
    f: *const FuncEntity,
    base: Slot,
) -> Result<(*mut u8, usize), Exit> {
    // SAFETY: see `call_func`; the host gets the erased store, and the executor holds no
    // references into the store across the call (only raw pointers, re-read after it).
    unsafe {
        let FuncEntity::Host { ty, f: hf, .. } = &*f else {
            unreachable_unchecked_debug()
        };
        let n = ty.param_cells().max(ty.result_cells()) as usize;
        let args = fp.add(base as usize);
        if args.wrapping_add(n) > (*x).stack_end {
            return Err(trap_at(x, TrapCode::StackOverflow));
        }
        let hf = hf.clone();
        let store = (*x).store;
        let caller_inst = if (*x).inst.is_null() {
            None
        } else {
            Some((*(*x).inst).idx)
        };
        // Re-entrant calls from the host start above what this execution uses.
        let saved_top = (*store).stack_top;
        (*store).stack_top = args.add(n).offset_from((*store).stack.as_ptr()) as usize;
        let depth = (*x).frames_top.offset_from((*store).frames.as_ptr()) as usize;
        (*store).frames.set_len(depth);
        let cells = core::slice::from_raw_parts_mut(args, n);
        let r = hf((*x).erased, caller_inst, cells);
        (*store).stack_top = saved_top;
        // A re-entrant call may have grown (moved) the frame stack.
        let frames = &mut (*store).frames;
        (*x).frames_top = frames.as_mut_ptr().add(depth);
        (*x).frames_limit = frames
            .as_mut_ptr()
            .add(frames.capacity().min((*x).depth_limit));
        match r {
            Ok(()) => {
                let inst = (*x).inst;
                let m = if inst.is_null() {
                    core::ptr::null_mut()
                } else {
                    (*inst).mem0
                };
                Ok(if m.is_null() {
                    (core::ptr::null_mut(), 0)
                } else {
                    ((*m).data.as_mut_ptr(), (*m).data.len())
                })
            }
            Err(e) => {
                (*x).error = Some(e);
                Err(Exit::Trap)
            }
        }
    }
}

#[inline(always)]
unsafe fn unreachable_unchecked_debug() -> ! {
    debug_assert!(false, "unreachable");
    // SAFETY: callers only reach this on impossible paths.
    unsafe { core::hint::unreachable_unchecked() }
}

/// Resolves the target of `call_indirect`.
#[inline(always)]
pub(crate) unsafe fn indirect_target(
    c: &Ctx,
    ty: u32,
    table: u32,
    i: Slot,
) -> Result<*const FuncEntity, TrapCode> {
    // SAFETY: validated indices; entities are live.
    unsafe {
        let x = &*c.x;
        let inst = &*x.inst;
        let store = &*x.store;
        let t = &store.tables[*inst.tables.get_unchecked(table as usize) as usize];
        let idx = c.get::<u32>(i) as usize;
        let Some(&cell) = t.elems.get(idx) else {
            return Err(TrapCode::UndefinedElement);
        };
        if cell == 0 {
            return Err(TrapCode::IndirectCallToNull);
        }
        let Some(f) = store.funcs.get((cell - 1) as usize) else {
            return Err(TrapCode::IndirectCallToNull);
        };
        if f.sig() != *inst.type_ids.get_unchecked(ty as usize) {
            return Err(TrapCode::BadSignature);
        }
        Ok(f)
    }
}

// ---- out-of-line bodies of the bulk memory and table instructions ---------------------

fn mem_of(c: &mut Ctx, m: u32) -> &mut crate::store::MemoryEntity {
    // SAFETY: validated memory index of the current instance; memories are boxed.
    unsafe {
        let x = &*c.x;
        let idx = (*x.inst).memories[m as usize];
        &mut (&mut (*x.store).memories)[idx as usize]
    }
}

/// Access size and extension of `load_m` / `store_m`: bits 0..5 the size in bytes,
/// then flags.
pub(crate) struct MemKind;
impl MemKind {
    pub const SIGNED: u32 = 1 << 8;
    pub const TO_I64: u32 = 1 << 9;
}

pub(crate) unsafe fn load_m(
    c: &mut Ctx,
    d: Slot,
    a: Slot,
    o: u32,
    m: u32,
    k: u32,
) -> Result<(), TrapCode> {
    let size = (k & 0x1f) as usize;
    // SAFETY: valid slot.
    let addr = unsafe { c.get::<u32>(a) } as u64 + o as u64;
    let mem = mem_of(c, m);
    let r = mem_range(mem, addr, size as u64)?;
    let mut buf = [0u8; 16];
    buf[..size].copy_from_slice(&mem.data[r]);
    let raw = u128::from_le_bytes(buf);
    // SAFETY: valid slot (two cells for 16-byte loads).
    unsafe {
        if size == 16 {
            c.set::<u128>(d, raw);
        } else if k & MemKind::SIGNED != 0 {
            let shift = 128 - 8 * size as u32;
            let v = ((raw << shift) as i128 >> shift) as i64;
            if k & MemKind::TO_I64 != 0 {
                c.set::<i64>(d, v)
            } else {
                c.set::<i32>(d, v as i32)
            }
        } else if k & MemKind::TO_I64 != 0 || size == 8 {
            c.set::<u64>(d, raw as u64);
        } else {
            c.set::<u32>(d, raw as u32);
        }
    }
    Ok(())
}

pub(crate) unsafe fn store_m(
    c: &mut Ctx,
    a: Slot,
    s: Slot,
    o: u32,
    m: u32,
    k: u32,
) -> Result<(), TrapCode> {
    let size = (k & 0x1f) as usize;
    // SAFETY: valid slots.
    let (addr, v) = unsafe { (c.get::<u32>(a) as u64 + o as u64, c.get::<u128>(s)) };
    let mem = mem_of(c, m);
    let r = mem_range(mem, addr, size as u64)?;
    // Only the low `size` bytes of the value are meaningful (a scalar's second cell is
    // never read).
    mem.data[r].copy_from_slice(&v.to_le_bytes()[..size]);
    Ok(())
}

pub(crate) unsafe fn memory_size(c: &mut Ctx, d: Slot, m: u32) {
    let pages = mem_of(c, m).pages();
    // SAFETY: valid slot.
    unsafe { c.set::<u32>(d, pages as u32) }
}

pub(crate) unsafe fn memory_grow(c: &mut Ctx, d: Slot, n: Slot, m: u32) {
    // SAFETY: valid slots.
    unsafe {
        let delta = c.get::<u32>(n) as u64;
        let r = mem_of(c, m)
            .grow(delta)
            .map(|old| old as u32)
            .unwrap_or(u32::MAX);
        c.set::<u32>(d, r);
        c.reload_memory();
    }
}

#[cfg(feature = "memory64")]
/// `memory.grow` on a 64-bit memory: an i64 delta, an i64 result (-1 on failure).
pub(crate) unsafe fn memory_grow64(c: &mut Ctx, d: Slot, n: Slot, m: u32) {
    // SAFETY: valid slots.
    unsafe {
        let delta = c.get::<u64>(n);
        let r = mem_of(c, m).grow(delta).unwrap_or(u64::MAX);
        c.set::<u64>(d, r);
        c.reload_memory();
    }
}

/// `start..start + n` inside memory `mem`'s backed bytes, or its trap.
fn mem_range(
    mem: &crate::store::MemoryEntity,
    start: u64,
    n: u64,
) -> Result<core::ops::Range<usize>, TrapCode> {
    range(start, n, mem.data.len()).map_err(|_| mem.oob(start, n))
}

fn range(start: u64, n: u64, len: usize) -> Result<core::ops::Range<usize>, TrapCode> {
    match start.checked_add(n) {
        Some(end) if end <= len as u64 => Ok(start as usize..end as usize),
        _ => Err(TrapCode::MemoryOutOfBounds),
    }
}

pub(crate) unsafe fn memory_fill(
    c: &mut Ctx,
    m: u32,
    dst: Slot,
    v: Slot,
    n: Slot,
) -> Result<(), TrapCode> {
    // SAFETY: valid slots.
    let (d, v, n) = unsafe {
        (
            c.get::<u32>(dst) as u64,
            c.get::<u32>(v) as u8,
            c.get::<u32>(n) as u64,
        )
    };
    fill_at(c, m, d, v, n)
}

#[cfg(feature = "memory64")]
/// `memory.fill` on a 64-bit memory: i64 address and length.
pub(crate) unsafe fn memory_fill64(
    c: &mut Ctx,
    m: u32,
    dst: Slot,
    v: Slot,
    n: Slot,
) -> Result<(), TrapCode> {
    // SAFETY: valid slots.
    let (d, v, n) = unsafe { (c.get::<u64>(dst), c.get::<u32>(v) as u8, c.get::<u64>(n)) };
    fill_at(c, m, d, v, n)
}

fn fill_at(c: &mut Ctx, m: u32, d: u64, v: u8, n: u64) -> Result<(), TrapCode> {
    let mem = mem_of(c, m);
    let r = mem_range(mem, d, n)?;
    mem.data[r].fill(v);
    Ok(())
}

pub(crate) unsafe fn memory_copy(
    c: &mut Ctx,
    dm: u32,
    sm: u32,
    dst: Slot,
    src: Slot,
    n: Slot,
) -> Result<(), TrapCode> {
    // SAFETY: valid slots.
    let (d, s, n) = unsafe {
        (
            c.get::<u32>(dst) as u64,
            c.get::<u32>(src) as u64,
            c.get::<u32>(n) as u64,
        )
    };
    copy_at(c, dm, sm, d, s, n)
}

#[cfg(feature = "memory64")]
/// `memory.copy` involving a 64-bit memory: `w` bit 0 says the destination address is an
/// i64, bit 1 the source address; the length is an i64 when both are.
pub(crate) unsafe fn memory_copy64(
    c: &mut Ctx,
    dm: u32,
    sm: u32,
    dst: Slot,
    src: Slot,
    n: Slot,
    w: u32,
) -> Result<(), TrapCode> {
    // SAFETY: valid slots.
    let (d, s, n) = unsafe {
        let get = |s: Slot, wide: bool| {
            if wide {
                c.get::<u64>(s)
            } else {
                c.get::<u32>(s) as u64
            }
        };
        (get(dst, w & 1 != 0), get(src, w & 2 != 0), get(n, w == 3))
    };
    copy_at(c, dm, sm, d, s, n)
}

fn copy_at(c: &mut Ctx, dm: u32, sm: u32, d: u64, s: u64, n: u64) -> Result<(), TrapCode> {
    if dm == sm {
        let mem = mem_of(c, dm);
        let rs = mem_range(mem, s, n)?;
        let rd = mem_range(mem, d, n)?;
        mem.data.copy_within(rs, rd.start);
    } else {
        let src_mem: *const crate::store::MemoryEntity = mem_of(c, sm);
        let dst_mem = mem_of(c, dm);
        // SAFETY: distinct memories (dm != sm index different boxed entities... unless
        // both indices alias one imported memory, handled by copy_within below).
        let src_data = unsafe { &(*src_mem).data };
        // SAFETY: as above.
        let rs = mem_range(unsafe { &*src_mem }, s, n)?;
        let rd = mem_range(dst_mem, d, n)?;
        if core::ptr::eq(src_data.as_ptr(), dst_mem.data.as_ptr()) {
            dst_mem.data.copy_within(rs, rd.start);
        } else {
            let tmp: Vec<u8> = src_data[rs].to_vec();
            dst_mem.data[rd].copy_from_slice(&tmp);
        }
    }
    Ok(())
}

pub(crate) unsafe fn memory_init(
    c: &mut Ctx,
    m: u32,
    seg: u32,
    dst: Slot,
    src: Slot,
    n: Slot,
) -> Result<(), TrapCode> {
    // SAFETY: valid slots.
    let (d, s, n) = unsafe {
        (
            c.get::<u32>(dst) as u64,
            c.get::<u32>(src) as u64,
            c.get::<u32>(n) as u64,
        )
    };
    // SAFETY: as the function's.
    unsafe { init_at(c, m, seg, d, s, n) }
}

#[cfg(feature = "memory64")]
/// `memory.init` on a 64-bit memory: an i64 destination address (segment offset and
/// length stay i32).
pub(crate) unsafe fn memory_init64(
    c: &mut Ctx,
    m: u32,
    seg: u32,
    dst: Slot,
    src: Slot,
    n: Slot,
) -> Result<(), TrapCode> {
    // SAFETY: valid slots.
    let (d, s, n) = unsafe {
        (
            c.get::<u64>(dst),
            c.get::<u32>(src) as u64,
            c.get::<u32>(n) as u64,
        )
    };
    // SAFETY: as the function's.
    unsafe { init_at(c, m, seg, d, s, n) }
}

/// # Safety
/// `seg` and `m` are valid indices of the running instance.
unsafe fn init_at(c: &mut Ctx, m: u32, seg: u32, d: u64, s: u64, n: u64) -> Result<(), TrapCode> {
    // SAFETY: the instance is live.
    unsafe {
        let inst = &*(*c.x).inst;
        let data: &[u8] = if inst.data_dropped[seg as usize].get() {
            &[]
        } else {
            let r = inst.module.inner.datas[seg as usize].bytes.clone();
            &inst.module.inner.bytes[r]
        };
        let rs = range(s, n, data.len())?;
        let mem = mem_of(c, m);
        let rd = mem_range(mem, d, n)?;
        mem.data[rd].copy_from_slice(&data[rs]);
        Ok(())
    }
}

pub(crate) unsafe fn data_drop(c: &mut Ctx, seg: u32) {
    // SAFETY: the instance is live and owned by the store.
    unsafe { (&(*(*c.x).inst).data_dropped)[seg as usize].set(true) }
}

fn table_of(c: &mut Ctx, t: u32) -> &mut crate::store::TableEntity {
    // SAFETY: validated table index.
    unsafe {
        let x = &*c.x;
        let idx = (*x.inst).tables[t as usize];
        &mut (&mut (*x.store).tables)[idx as usize]
    }
}

pub(crate) unsafe fn table_get(c: &mut Ctx, t: u32, i: u32) -> Result<u64, TrapCode> {
    table_of(c, t)
        .elems
        .get(i as usize)
        .copied()
        .ok_or(TrapCode::TableOutOfBounds)
}
pub(crate) unsafe fn table_set(c: &mut Ctx, t: u32, i: u32, v: u64) -> Result<(), TrapCode> {
    let e = table_of(c, t)
        .elems
        .get_mut(i as usize)
        .ok_or(TrapCode::TableOutOfBounds)?;
    *e = v;
    Ok(())
}
pub(crate) unsafe fn table_size(c: &mut Ctx, t: u32) -> u32 {
    table_of(c, t).elems.len() as u32
}
pub(crate) unsafe fn table_grow(c: &mut Ctx, t: u32, v: u64, n: u32) -> u32 {
    table_of(c, t)
        .grow(n as u64, v)
        .map(|o| o as u32)
        .unwrap_or(u32::MAX)
}
fn trange(start: u64, n: u64, len: usize) -> Result<core::ops::Range<usize>, TrapCode> {
    range(start, n, len).map_err(|_| TrapCode::TableOutOfBounds)
}
pub(crate) unsafe fn table_fill(
    c: &mut Ctx,
    t: u32,
    i: Slot,
    v: Slot,
    n: Slot,
) -> Result<(), TrapCode> {
    // SAFETY: valid slots.
    let (i, v, n) = unsafe {
        (
            c.get::<u32>(i) as u64,
            c.get::<u64>(v),
            c.get::<u32>(n) as u64,
        )
    };
    let tab = table_of(c, t);
    let r = trange(i, n, tab.elems.len())?;
    tab.elems[r].fill(v);
    Ok(())
}
pub(crate) unsafe fn table_copy(
    c: &mut Ctx,
    dt: u32,
    st: u32,
    dst: Slot,
    src: Slot,
    n: Slot,
) -> Result<(), TrapCode> {
    // SAFETY: valid slots.
    let (d, s, n) = unsafe {
        (
            c.get::<u32>(dst) as u64,
            c.get::<u32>(src) as u64,
            c.get::<u32>(n) as u64,
        )
    };
    // SAFETY: validated indices.
    let (di, si) = unsafe {
        (
            (*(*c.x).inst).tables[dt as usize],
            (*(*c.x).inst).tables[st as usize],
        )
    };
    // SAFETY: the store is live.
    let tables = unsafe { &mut (*(*c.x).store).tables };
    let rs = trange(s, n, tables[si as usize].elems.len())?;
    let rd = trange(d, n, tables[di as usize].elems.len())?;
    if di == si {
        tables[di as usize].elems.copy_within(rs, rd.start);
    } else {
        let tmp: Vec<u64> = tables[si as usize].elems[rs].to_vec();
        tables[di as usize].elems[rd].copy_from_slice(&tmp);
    }
    Ok(())
}
pub(crate) unsafe fn table_init(
    c: &mut Ctx,
    t: u32,
    seg: u32,
    dst: Slot,
    src: Slot,
    n: Slot,
) -> Result<(), TrapCode> {
    // SAFETY: valid slots, live instance.
    unsafe {
        let (d, s, n) = (
            c.get::<u32>(dst) as u64,
            c.get::<u32>(src) as u64,
            c.get::<u32>(n) as u64,
        );
        let inst = &*(*c.x).inst;
        let elems: &[u64] = if inst.elem_dropped[seg as usize].get() {
            &[]
        } else {
            &inst.elems[seg as usize]
        };
        let rs = trange(s, n, elems.len())?;
        let tab = table_of(c, t);
        let rd = trange(d, n, tab.elems.len())?;
        tab.elems[rd].copy_from_slice(&elems[rs]);
        Ok(())
    }
}
pub(crate) unsafe fn elem_drop(c: &mut Ctx, seg: u32) {
    // SAFETY: the instance is live and owned by the store.
    unsafe { (&(*(*c.x).inst).elem_dropped)[seg as usize].set(true) }
}

// ---- the backends ---------------------------------------------------------------------

#[cfg(wint_tail_dispatch)]
pub(crate) mod tail;
#[cfg(wint_tail_dispatch)]
pub(crate) use tail as backend;

#[cfg(wint_match_dispatch)]
pub(crate) mod matched;
#[cfg(wint_match_dispatch)]
pub(crate) use matched as backend;

#[cfg(not(any(wint_tail_dispatch, wint_match_dispatch)))]
pub(crate) mod looped;
#[cfg(not(any(wint_tail_dispatch, wint_match_dispatch)))]
pub(crate) use looped as backend;

/// Name of the dispatch backend compiled into this build.
pub const DISPATCH: &str = if cfg!(wint_tail_dispatch) {
    "tail-call"
} else if cfg!(wint_match_dispatch) {
    "match"
} else {
    "loop"
};

/// The accumulator form of the instruction with handler `h` (see `Ctx::acc`): its
/// handler, the immediate (counted from 0) that it reads from the accumulator instead
/// of from its slot, and the handler to use, if any, when the next immediate is the one
/// in the accumulator and the two are swapped (the same form for a commutative op; for
/// a comparison, the mirrored one: `a < b` is `b > a`).
///
/// A hash table built on first use finds it (a scan of the list made eager translation
/// of the 7 MB start-up module 9% slower). The match backend has none
/// (`for_each_acc_op!`).
#[cfg_attr(not(feature = "fused"), allow(dead_code))]
pub(crate) fn acc_form(h: usize) -> Option<AccForm> {
    #[cfg(all(target_has_atomic = "ptr", feature = "fused", not(wint_match_dispatch)))]
    {
        acc_index::get(h)
    }
    #[cfg(all(
        not(target_has_atomic = "ptr"),
        feature = "fused",
        not(wint_match_dispatch)
    ))]
    {
        acc_form_scan(h)
    }
    #[cfg(not(all(feature = "fused", not(wint_match_dispatch))))]
    {
        let _ = h;
        None
    }
}

/// An accumulator form: handler, immediate read from the accumulator, handler when
/// swapped (see [`acc_form`]).
pub(crate) type AccForm = (usize, usize, Option<usize>);

#[cfg(all(target_has_atomic = "ptr", feature = "fused", not(wint_match_dispatch)))]
mod acc_index {
    use super::{AccForm, acc_form_keys, acc_form_scan};
    use alloc::boxed::Box;
    use core::sync::atomic::{AtomicPtr, Ordering};

    const SLOTS: usize = 256;
    /// Open addressing: `(handler, its form)`, a zero handler marks an empty slot.
    struct Index([(usize, AccForm); SLOTS]);
    static INDEX: AtomicPtr<Index> = AtomicPtr::new(core::ptr::null_mut());

    fn hash(h: usize) -> usize {
        h.wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as usize) >> (usize::BITS - 8)
    }

    fn build() -> Box<Index> {
        let mut ix = Box::new(Index([(0, (0, 0, None)); SLOTS]));
        for k in acc_form_keys() {
            let Some(f) = acc_form_scan(k) else { continue };
            let mut i = hash(k);
            while ix.0[i].0 != 0 {
                i = (i + 1) % SLOTS;
            }
            ix.0[i] = (k, f);
        }
        ix
    }

    pub(super) fn get(h: usize) -> Option<AccForm> {
        let mut p = INDEX.load(Ordering::Acquire);
        if p.is_null() {
            let new = Box::into_raw(build());
            p = match INDEX.compare_exchange(
                core::ptr::null_mut(),
                new,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => new,
                Err(other) => {
                    // SAFETY: `new` came from `Box::into_raw` above and was not published.
                    drop(unsafe { Box::from_raw(new) });
                    other
                }
            };
        }
        // SAFETY: a published index is never freed or written again.
        let ix = unsafe { &*p };
        let mut i = hash(h);
        loop {
            let (k, f) = ix.0[i];
            if k == h {
                return Some(f);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) % SLOTS;
        }
    }
}

/// The accumulator forms: `op => its form, the immediate read from the accumulator,
/// the form to use with the operands swapped (`false`: none; `true`: the same)`.
#[cfg(all(feature = "fused", not(wint_match_dispatch)))]
macro_rules! acc_form_list {
    ($m:ident) => {
        $m! {
            i32_add => i32_add_x, 1, true; i32_sub => i32_sub_x, 1, false; i32_mul => i32_mul_x, 1, true;
            i32_and => i32_and_x, 1, true; i32_or => i32_or_x, 1, true; i32_xor => i32_xor_x, 1, true;
            i32_shl => i32_shl_x, 1, false; i32_shr_u => i32_shr_u_x, 1, false; i32_shr_s => i32_shr_s_x, 1, false;
            i32_rotl => i32_rotl_x, 1, false; i32_rotr => i32_rotr_x, 1, false;
            i32_add_i => i32_add_ix, 1, false; i32_mul_i => i32_mul_ix, 1, false; i32_and_i => i32_and_ix, 1, false;
            i32_or_i => i32_or_ix, 1, false; i32_xor_i => i32_xor_ix, 1, false; i32_shl_i => i32_shl_ix, 1, false;
            i32_shr_u_i => i32_shr_u_ix, 1, false; i32_shr_s_i => i32_shr_s_ix, 1, false;
            i32_rotl_i => i32_rotl_ix, 1, false; i32_rotr_i => i32_rotr_ix, 1, false;
            i64_add => i64_add_x, 1, true; i64_sub => i64_sub_x, 1, false; i64_mul => i64_mul_x, 1, true;
            i64_and => i64_and_x, 1, true; i64_or => i64_or_x, 1, true; i64_xor => i64_xor_x, 1, true;
            i64_shl => i64_shl_x, 1, false; i64_shr_u => i64_shr_u_x, 1, false; i64_shr_s => i64_shr_s_x, 1, false;
            i64_rotl => i64_rotl_x, 1, false; i64_rotr => i64_rotr_x, 1, false;
            i64_add_i => i64_add_ix, 1, false; i64_mul_i => i64_mul_ix, 1, false; i64_and_i => i64_and_ix, 1, false;
            i64_or_i => i64_or_ix, 1, false; i64_xor_i => i64_xor_ix, 1, false; i64_shl_i => i64_shl_ix, 1, false;
            i64_shr_u_i => i64_shr_u_ix, 1, false; i64_shr_s_i => i64_shr_s_ix, 1, false;
            i64_rotl_i => i64_rotl_ix, 1, false; i64_rotr_i => i64_rotr_ix, 1, false;
            i32_load => i32_load_x, 1, false; i64_load => i64_load_x, 1, false;
            f32_load => f32_load_x, 1, false; f64_load => f64_load_x, 1, false;
            i32_load8_s => i32_load8_s_x, 1, false; i32_load8_u => i32_load8_u_x, 1, false;
            i32_load16_s => i32_load16_s_x, 1, false; i32_load16_u => i32_load16_u_x, 1, false;
            i64_load8_u => i64_load8_u_x, 1, false; i64_load32_s => i64_load32_s_x, 1, false;
            i64_load32_u => i64_load32_u_x, 1, false;
            i32_load_ai => i32_load_aix, 1, false; i64_load_ai => i64_load_aix, 1, false;
            i32_load8_u_ai => i32_load8_u_aix, 1, false; i32_load16_u_ai => i32_load16_u_aix, 1, false;
            i64_load32_u_ai => i64_load32_u_aix, 1, false;
            i32_load_aa => i32_load_aax, 1, true; i64_load_aa => i64_load_aax, 1, true;
            i32_load8_u_aa => i32_load8_u_aax, 1, true;
            i32_store => i32_store_x, 1, false; i64_store => i64_store_x, 1, false;
            i32_store8 => i32_store8_x, 1, false; i32_store16 => i32_store16_x, 1, false;
            i64_store32 => i64_store32_x, 1, false;
            i32_store_k => i32_store_kx, 1, false; i64_store_k => i64_store_kx, 1, false;
            i32_store8_k => i32_store8_kx, 1, false;
            i32_store_ai => i32_store_aix, 2, false; i64_store_ai => i64_store_aix, 2, false;
            i32_store8_ai => i32_store8_aix, 2, false; i32_store16_ai => i32_store16_aix, 2, false;
            i32_store_aa => i32_store_aax, 2, false; i64_store_aa => i64_store_aax, 2, false;
            i32_wrap_i64 => i32_wrap_i64_x, 1, false; i64_extend_i32_s => i64_extend_i32_s_x, 1, false;
            i64_extend_i32_u => i64_extend_i32_u_x, 1, false;
            br_nz => br_nz_x, 1, false; br_z => br_z_x, 1, false;
            br_i32_eq => br_i32_eq_x, 1, br_i32_eq_x;
            br_i32_ne => br_i32_ne_x, 1, br_i32_ne_x;
            br_i32_lt_s => br_i32_lt_s_x, 1, br_i32_gt_s_x;
            br_i32_lt_u => br_i32_lt_u_x, 1, br_i32_gt_u_x;
            br_i32_gt_s => br_i32_gt_s_x, 1, br_i32_lt_s_x;
            br_i32_gt_u => br_i32_gt_u_x, 1, br_i32_lt_u_x;
            br_i32_le_s => br_i32_le_s_x, 1, br_i32_ge_s_x;
            br_i32_le_u => br_i32_le_u_x, 1, br_i32_ge_u_x;
            br_i32_ge_s => br_i32_ge_s_x, 1, br_i32_le_s_x;
            br_i32_ge_u => br_i32_ge_u_x, 1, br_i32_le_u_x;
            br_i32_eq_i => br_i32_eq_ix, 1, false;
            br_i32_ne_i => br_i32_ne_ix, 1, false;
            br_i32_lt_s_i => br_i32_lt_s_ix, 1, false;
            br_i32_lt_u_i => br_i32_lt_u_ix, 1, false;
            br_i32_gt_s_i => br_i32_gt_s_ix, 1, false;
            br_i32_gt_u_i => br_i32_gt_u_ix, 1, false;
            br_i32_le_s_i => br_i32_le_s_ix, 1, false;
            br_i32_le_u_i => br_i32_le_u_ix, 1, false;
            br_i32_ge_s_i => br_i32_ge_s_ix, 1, false;
            br_i32_ge_u_i => br_i32_ge_u_ix, 1, false;
            select => select_x, 1, false; copy => copy_x, 1, false; global_set => global_set_x, 1, false;
        }
    };
}

/// The handlers that have an accumulator form.
#[cfg(all(target_has_atomic = "ptr", feature = "fused", not(wint_match_dispatch)))]
fn acc_form_keys() -> Vec<usize> {
    macro_rules! keys {
        ($($op:ident => $x:ident, $i:expr, $swap:tt;)*) => {
            alloc::vec![$(backend::$op as backend::Handler as usize),*]
        };
    }
    acc_form_list!(keys)
}

/// The list behind [`acc_form`], scanned.
#[cfg(all(feature = "fused", not(wint_match_dispatch)))]
fn acc_form_scan(h: usize) -> Option<AccForm> {
    macro_rules! forms {
        ($($op:ident => $x:ident, $i:expr, $swap:tt;)*) => {
            $(
                // (`Handler` is already `usize` with the match backend.)
                #[allow(clippy::unnecessary_cast)]
                if h == backend::$op as backend::Handler as usize {
                    #[allow(clippy::unnecessary_cast)]
                    return Some((backend::$x as backend::Handler as usize, $i, forms!(@swap $x $swap)));
                }
            )*
        };
        (@swap $x:ident false) => { None };
        (@swap $x:ident true) => { Some(backend::$x as backend::Handler as usize) };
        (@swap $x:ident $m:ident) => { Some(backend::$m as backend::Handler as usize) };
    }
    acc_form_list!(forms);
    None
}

/// Reads the handler address at `ip`.
#[inline(always)]
pub(crate) unsafe fn read_handler(ip: *const Unit) -> usize {
    // SAFETY: `ip` points at the start of an instruction, which begins with a handler.
    unsafe { core::ptr::read_unaligned(ip as *const usize) }
}
const _: () = assert!(HANDLER_UNITS * 4 == core::mem::size_of::<usize>());

// ---- entry from the host ----------------------------------------------------------------

/// Runs store function `f` with `args`, writing `results`. `erased` is the `Store<T>`
/// that owns `store`.
pub(crate) fn invoke(
    store: *mut StoreInner,
    erased: *mut (),
    f: u32,
    args: &[crate::Val],
    results: &mut [crate::Val],
) -> Result<()> {
    // SAFETY: the caller passes exclusive access to the store (through `erased`, from a
    // `&mut Store<T>`); `store` points inside it.
    unsafe {
        let s = &mut *store;
        let ty: FuncType = s.func_type(f).clone();
        check_args(s, &ty, args, results)?;
        s.ensure_stack();
        let base = s.stack_top;
        let n = ty.param_cells().max(ty.result_cells()) as usize;
        if base + n + 2 > s.stack.len() {
            return Err(Error::trap(TrapCode::StackOverflow));
        }
        let mut off = base;
        for a in args {
            let cells = a.ty().cells() as usize;
            a.write_cells(s.id, &mut s.stack[off..off + cells])?;
            off += cells;
        }
        let stack_ptr = s.stack.as_mut_ptr();
        let fp = stack_ptr.add(base);
        let depth = s.frames.len();
        let mut exit_code = [0 as Unit; HANDLER_UNITS];
        {
            // (`Handler` is already `usize` with the match backend.)
            #[allow(clippy::unnecessary_cast)]
            let h = backend::exit as backend::Handler as usize;
            if HANDLER_UNITS == 2 {
                exit_code[0] = h as u32;
                exit_code[HANDLER_UNITS - 1] = ((h as u64) >> 32) as u32;
            } else {
                exit_code[0] = h as u32;
            }
        }
        let mut x = Exec {
            store,
            erased,
            inst: core::ptr::null(),
            func: core::ptr::null(),
            stack_end: stack_ptr.add(s.stack.len()),
            frames_top: s.frames.as_mut_ptr().add(depth),
            frames_limit: s
                .frames
                .as_mut_ptr()
                .add((depth + s.engine.config().max_call_depth as usize).min(s.frames.capacity())),
            depth_limit: depth + s.engine.config().max_call_depth as usize,
            fuel: s.fuel.unwrap_or(u64::MAX),
            error: None,
        };
        let mut c = Ctx {
            ip: exit_code.as_ptr(),
            np: exit_code.as_ptr(),
            fp,
            mem: core::ptr::null_mut(),
            len: 0,
            x: &mut x,
            acc: 0,
            exit: Exit::Continue,
        };
        let entity: *const FuncEntity = &s.funcs[f as usize];
        let outcome = match call_func(&mut c, entity, 0) {
            Err(e) => e,
            Ok(()) => {
                if core::ptr::eq(c.ip, exit_code.as_ptr()) {
                    // A host function ran to completion.
                    Exit::Return
                } else {
                    backend::run(c.ip, c.fp, c.mem, c.len, &mut x)
                }
            }
        };
        let s = &mut *store;
        s.frames
            .set_len(x.frames_top.offset_from(s.frames.as_ptr()) as usize);
        if let Some(fuel) = &mut s.fuel {
            *fuel = x.fuel;
        }
        match outcome {
            Exit::Return => {
                let mut off = base;
                for (r, t) in results.iter_mut().zip(ty.results()) {
                    *r = crate::Val::read_cells(s, *t, &s.stack[off..]);
                    off += t.cells() as usize;
                }
                Ok(())
            }
            _ => {
                let mut err = x
                    .error
                    .take()
                    .unwrap_or_else(|| Error::trap(TrapCode::Unreachable));
                err.set_backtrace(backtrace(s, x.func, depth));
                s.frames.truncate(depth);
                Err(err)
            }
        }
    }
}

fn check_args(
    s: &StoreInner,
    ty: &FuncType,
    args: &[crate::Val],
    results: &[crate::Val],
) -> Result<()> {
    if args.len() != ty.params().len() {
        return Err(Error::usage(alloc::format!(
            "expected {} arguments, got {}",
            ty.params().len(),
            args.len()
        )));
    }
    for (i, (a, t)) in args.iter().zip(ty.params()).enumerate() {
        if a.ty() != *t {
            return Err(Error::usage(alloc::format!(
                "argument {i} has type {}, expected {t}",
                a.ty()
            )));
        }
        if let crate::Val::FuncRef(Some(f)) = a
            && f.store != s.id
        {
            return Err(Error::usage("function reference from another store"));
        }
    }
    if results.len() != ty.results().len() {
        return Err(Error::usage(alloc::format!(
            "expected room for {} results, got {}",
            ty.results().len(),
            results.len()
        )));
    }
    Ok(())
}

fn backtrace(s: &StoreInner, current: *const FuncEntity, depth: usize) -> WasmBacktrace {
    let mut frames = Vec::new();
    let mut push = |f: *const FuncEntity| {
        if f.is_null() {
            return;
        }
        // SAFETY: non-null function pointers in frames point to entities boxed in the store.
        if let FuncEntity::Wasm { inst, def, .. } = unsafe { &*f } {
            // SAFETY: instances are owned by the store and live as long as it.
            let m = unsafe { &(**inst).module.inner };
            let index = m.num_imported_funcs + def;
            frames.push(FrameInfo {
                func_index: index,
                func_name: m.func_name(index).map(Into::into),
                module_name: m.name.clone(),
            });
        }
    };
    push(current);
    for fr in s.frames[depth.min(s.frames.len())..].iter().rev() {
        push(fr.func);
    }
    WasmBacktrace { frames }
}
