//! The threaded-code format.
//!
//! A translated function is a sequence of 32-bit units. Each instruction starts with the
//! address of its handler (one unit on 32-bit targets, two on 64-bit ones) followed by its
//! immediates: operand slots (offsets of 64-bit cells from the frame pointer), constants,
//! branch offsets. The op list in [`crate::ops`] declares every instruction once; the
//! encoder methods of [`CodeBuilder`] and the handlers of both dispatch backends are
//! generated from it.

use alloc::vec::Vec;

/// One unit of threaded code.
pub(crate) type Unit = u32;
/// A frame slot: index of a 64-bit cell relative to the frame pointer.
pub(crate) type Slot = u32;

/// The largest frame a function may have, in cells.
pub(crate) const MAX_FRAME_CELLS: u32 = 1 << 26;

/// Writes immediate `$v` of op-list type `$t` into the instruction buffer `$buf` at unit
/// `$n` and advances `$n`. (Storing slots as byte offsets was measured and dropped: LLVM
/// kept a mask per operand, 9 -> 12 instructions for `i32_add`, deflate 2.8x slower.)
macro_rules! imm_write {
    ($t:ident, $v:expr, $buf:expr, $n:expr) => {
        $n = <$t as $crate::ir::Imm>::put($v, $buf, $n)
    };
}
pub(crate) use imm_write;

/// The most units one instruction takes (handler and immediates).
pub(crate) const MAX_INSTR_UNITS: usize = 16;
/// One instruction being encoded.
pub(crate) type InstrBuf = [Unit; MAX_INSTR_UNITS];

/// Reads an immediate of op-list type `$t` at `$p` and advances `$p`. Unsafe: `$p` must
/// point at such an immediate written by [`imm_write`].
macro_rules! imm_read {
    ($t:ident, $p:expr) => {
        <$t as $crate::ir::Imm>::read_adv($p)
    };
}
pub(crate) use imm_read;

/// Units taken by a handler address.
pub(crate) const HANDLER_UNITS: usize = core::mem::size_of::<usize>() / 4;

/// An immediate operand that can be stored in the code stream.
pub(crate) trait Imm: Copy {
    /// Units this immediate takes in the code.
    const UNITS: usize;
    /// Reads the immediate at `*p` and advances `*p`.
    ///
    /// # Safety
    /// `*p` must point into a code buffer with at least `UNITS` units left.
    unsafe fn read_adv(p: &mut *const Unit) -> Self;
    /// Writes the immediate at unit `n` of `buf`; returns the unit after it.
    fn put(self, buf: &mut InstrBuf, n: usize) -> usize;
}

impl Imm for u32 {
    const UNITS: usize = 1;
    #[inline(always)]
    unsafe fn read_adv(p: &mut *const Unit) -> Self {
        // SAFETY: the caller guarantees one unit is readable; units are 4-byte aligned.
        unsafe {
            let v = **p;
            *p = p.add(1);
            v
        }
    }
    #[inline(always)]
    fn put(self, buf: &mut InstrBuf, n: usize) -> usize {
        buf[n] = self;
        n + 1
    }
}

impl Imm for i32 {
    const UNITS: usize = 1;
    #[inline(always)]
    unsafe fn read_adv(p: &mut *const Unit) -> Self {
        // SAFETY: forwarded to u32's contract.
        unsafe { u32::read_adv(p) as i32 }
    }
    #[inline(always)]
    fn put(self, buf: &mut InstrBuf, n: usize) -> usize {
        buf[n] = self as u32;
        n + 1
    }
}

impl Imm for u64 {
    const UNITS: usize = 2;
    #[inline(always)]
    unsafe fn read_adv(p: &mut *const Unit) -> Self {
        // SAFETY: the caller guarantees two units are readable.
        unsafe {
            let v = core::ptr::read_unaligned(*p as *const u64);
            *p = p.add(2);
            v
        }
    }
    #[inline(always)]
    fn put(self, buf: &mut InstrBuf, n: usize) -> usize {
        buf[n] = self as u32;
        buf[n + 1] = (self >> 32) as u32;
        n + 2
    }
}

impl Imm for u128 {
    const UNITS: usize = 4;
    #[inline(always)]
    unsafe fn read_adv(p: &mut *const Unit) -> Self {
        // SAFETY: the caller guarantees four units are readable.
        unsafe {
            let v = core::ptr::read_unaligned(*p as *const u128);
            *p = p.add(4);
            v
        }
    }
    #[inline(always)]
    fn put(self, buf: &mut InstrBuf, n: usize) -> usize {
        let n = (self as u64).put(buf, n);
        ((self >> 64) as u64).put(buf, n)
    }
}

/// Writes threaded code. Its per-instruction methods are generated from the op list.
pub(crate) struct CodeBuilder {
    pub(crate) code: Vec<Unit>,
}

/// Position of an instruction in the code (in units).
pub(crate) type Pos = usize;

impl CodeBuilder {
    /// A builder with room for `units` units of code.
    pub(crate) fn with_capacity(units: usize) -> Self {
        CodeBuilder {
            code: Vec::with_capacity(units),
        }
    }
    #[inline]
    pub(crate) fn pos(&self) -> Pos {
        self.code.len()
    }
    /// Starts encoding an instruction with handler `h`: the buffer and the units used.
    #[inline(always)]
    pub(crate) fn start(h: usize) -> (InstrBuf, usize) {
        let mut buf = [0; MAX_INSTR_UNITS];
        let n = if HANDLER_UNITS == 2 {
            (h as u64).put(&mut buf, 0)
        } else {
            (h as u32).put(&mut buf, 0)
        };
        (buf, n)
    }
    /// Appends an encoded instruction; returns its position. One out-of-line function
    /// for every encoder keeps each encoder a few stores and a call (the encoders were
    /// about 110 KB of wint.wasm when each pushed its units one by one).
    #[inline(never)]
    pub(crate) fn emit(&mut self, units: &[Unit]) -> Pos {
        let pos = self.code.len();
        self.code.extend_from_slice(units);
        pos
    }
    /// Patches the branch offset of the branch instruction at `instr`. By convention the
    /// offset is the first immediate of every branch instruction, relative to the start
    /// of the instruction.
    pub(crate) fn patch_branch(&mut self, instr: Pos, target: Pos) {
        let off = target as i64 - instr as i64;
        self.code[instr + HANDLER_UNITS] = off as i32 as u32;
    }
    /// Writes a raw unit (used for the trailing targets of `br_table`).
    pub(crate) fn push_unit(&mut self, u: Unit) -> Pos {
        self.code.push(u);
        self.code.len() - 1
    }
    pub(crate) fn set_unit(&mut self, at: Pos, u: Unit) {
        self.code[at] = u;
    }
}
