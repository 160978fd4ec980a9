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

/// The most units one instruction takes (handler and immediates).
pub(crate) const MAX_INSTR_UNITS: usize = 16;
/// The immediates of one instruction being encoded.
pub(crate) type InstrBuf = [Unit; MAX_INSTR_UNITS];
/// Instructions with immediates of at most this many units are encoded by one shared
/// function taking them as scalar arguments (see [`CodeBuilder::encode`]).
const REG_UNITS: usize = 6;

/// Reads an immediate of op-list type `$t` at `$p` and advances `$p`. Unsafe: `$p` must
/// point at such an immediate written by [`Imm::put`].
macro_rules! imm_read {
    ($t:ident, $p:expr) => {
        <$t as $crate::ir::Imm>::read_adv($p)
    };
}
pub(crate) use imm_read;

/// Units taken by a handler address.
pub(crate) const HANDLER_UNITS: usize = core::mem::size_of::<usize>() / 4;

/// An immediate operand that can be stored in the code stream. (Storing slots as byte
/// offsets was measured and dropped: LLVM kept a mask per operand, 9 -> 12 instructions
/// for `i32_add`, deflate 2.8x slower.)
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

/// The immediates of one instruction, as a tuple of [`Imm`]s: the encoder of every op
/// passes its immediates as such a tuple to [`CodeBuilder::encode`].
pub(crate) trait Imms: Copy {
    /// Writes the immediates from unit `n` of `buf` on; returns the unit after them.
    fn put_all(self, buf: &mut InstrBuf, n: usize) -> usize;
}

macro_rules! imms_tuple {
    ($($v:ident : $t:ident),*) => {
        impl<$($t: Imm),*> Imms for ($($t,)*) {
            #[inline(always)]
            #[allow(unused_mut)]
            fn put_all(self, buf: &mut InstrBuf, mut n: usize) -> usize {
                let _ = buf;
                let ($($v,)*) = self;
                $( n = $v.put(buf, n); )*
                n
            }
        }
    };
}
imms_tuple!();
imms_tuple!(a: A);
imms_tuple!(a: A, b: B);
imms_tuple!(a: A, b: B, c: C);
imms_tuple!(a: A, b: B, c: C, d: D);
imms_tuple!(a: A, b: B, c: C, d: D, e: E);
imms_tuple!(a: A, b: B, c: C, d: D, e: E, f: F);
imms_tuple!(a: A, b: B, c: C, d: D, e: E, f: F, g: G);
imms_tuple!(a: A, b: B, c: C, d: D, e: E, f: F, g: G, h: H);

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
    /// Appends the instruction with handler `h` and immediates `imms`; returns its
    /// position. Every per-op encoder (generated from the op list) is this function
    /// inlined: its immediates become units at compile time, and those of up to
    /// [`REG_UNITS`] units (all ops but `i8x16.shuffle`) go to one shared function as
    /// scalar arguments. The 444 encoders were 55 KB of wint.wasm when each built its
    /// instruction in a buffer; now the translator calls most of them inline, and those
    /// taken as function pointers are about 30 B each (wint.wasm 1,614,905 B ->
    /// 1,554,639 B).
    #[inline(always)]
    pub(crate) fn encode<I: Imms>(&mut self, h: usize, imms: I) -> Pos {
        let mut u = [0; MAX_INSTR_UNITS];
        let n = imms.put_all(&mut u, 0);
        if n <= REG_UNITS {
            self.emit_units(h, n, u[0], u[1], u[2], u[3], u[4], u[5])
        } else {
            self.emit_long(h, &u[..n])
        }
    }
    /// Appends an instruction of handler `h` and the first `n` of the units `u*`.
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn emit_units(
        &mut self,
        h: usize,
        n: usize,
        u0: Unit,
        u1: Unit,
        u2: Unit,
        u3: Unit,
        u4: Unit,
        u5: Unit,
    ) -> Pos {
        let pos = self.code.len();
        let mut buf = [0; HANDLER_UNITS + REG_UNITS];
        buf[0] = h as u32;
        if HANDLER_UNITS == 2 {
            buf[HANDLER_UNITS - 1] = (h as u64 >> 32) as u32;
        }
        buf[HANDLER_UNITS..].copy_from_slice(&[u0, u1, u2, u3, u4, u5]);
        // A copy of constant length, then the length cut back: eager translation of the
        // 7 MB start-up module runs 2,007 M instructions (as with an encoder per op), 2,051 M
        // with a copy of `n` units.
        self.code.extend_from_slice(&buf);
        self.code.truncate(pos + HANDLER_UNITS + n);
        pos
    }
    /// Appends an instruction of handler `h` and immediates `units`.
    #[inline(never)]
    fn emit_long(&mut self, h: usize, units: &[Unit]) -> Pos {
        let pos = self.code.len();
        if HANDLER_UNITS == 2 {
            let h = h as u64;
            self.code.extend_from_slice(&[h as u32, (h >> 32) as u32]);
        } else {
            self.code.push(h as u32);
        }
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
    /// The handler of the instruction at `pos`.
    pub(crate) fn handler_at(&self, pos: Pos) -> usize {
        let mut h = 0usize;
        for i in 0..HANDLER_UNITS {
            h |= (self.code[pos + i] as usize) << (32 * i);
        }
        h
    }
    /// Replaces the handler of the instruction at `pos` (its immediates stay).
    pub(crate) fn set_handler(&mut self, pos: Pos, h: usize) {
        for i in 0..HANDLER_UNITS {
            self.code[pos + i] = (h as u64 >> (32 * i)) as u32;
        }
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
