//! Match dispatch: one function holds every handler as an arm of a `match` over the
//! instruction's opcode, inside a loop.
//!
//! The default backend on wasm32 without the tail-call feature, i.e. for `wint.wasm`
//! running inside another WebAssembly runtime. There the loop backend pays, per
//! instruction, an indirect call with its prologue and epilogue, and every interpreter
//! register lives in memory (`Ctx`), which the outer runtime checks on each access.
//! Here the registers are locals of one function (registers or frame slots of the outer
//! runtime), the dispatch is one `br_table`, and the body of each op is the same code
//! the other backends run. Instructions start with the opcode (an `Op` discriminant)
//! where the other backends put a handler address; `exec::backend::<op>` is that
//! opcode, so the encoders, the disassembler and the translator's jump threading work
//! unchanged.

#![allow(
    unused_unsafe,
    unused_variables,
    unused_mut,
    non_upper_case_globals,
    clippy::missing_safety_doc
)]

/// What an instruction starts with: its opcode.
pub(crate) type Handler = usize;

pub(crate) use dispatch::run;

/// One instruction: reads its immediates, runs its body; `Err` stops execution.
macro_rules! step {
    ($ip:ident, $fp:ident, $mem:ident, $len:ident, $x:ident,
     $name:ident { $($f:ident : $t:ident),* } => $kind:ident |$c:ident| $body:block) => {{
        #[allow(unreachable_code, clippy::redundant_closure_call)]
        // SAFETY: the instruction's immediates follow its opcode; all frame slots it
        // names are inside the frame.
        unsafe {
            let mut p = $ip.add(HANDLER_UNITS);
            $( let $f: $t = imm_read!($t, &mut p); )*
            let mut ctx = Ctx { ip: $ip, np: p, fp: $fp, mem: $mem, len: $len, x: $x, acc: 0, exit: Exit::Continue };
            // Bodies leave early with `return <Exit>`; the closure keeps that local to
            // the body.
            let exit: Exit = (|$c: &mut Ctx| -> Exit {
                step!(@body $kind, $c, $body);
                Exit::Continue
            })(&mut ctx);
            if exit != Exit::Continue {
                return Err(exit);
            }
            $ip = ctx.ip;
            $fp = ctx.fp;
            $mem = ctx.mem;
            $len = ctx.len;
        }
    }};
    (@body op, $c:ident, $body:block) => { $body; $c.ip = $c.np; };
    (@body ctl, $c:ident, $body:block) => { $body };
}

/// The registers carried from one instruction to the next.
type Regs = (*const crate::ir::Unit, *mut u64, *mut u8, usize);

macro_rules! gen_core {
    ($( $name:ident { $($f:ident : $t:ident),* } => $kind:ident |$c:ident| $body:block ; )*) => {
        /// The core ops, numbered from 0.
        #[allow(non_camel_case_types, dead_code)]
        enum CoreOp { $( $name, )* }

        /// The number of core ops; SIMD opcodes follow (none without the `simd` feature).
        #[allow(dead_code)]
        const CORE_OPS: usize = [$( CoreOp::$name as usize, )*].len();

        $(
            /// The opcode of this op.
            pub(crate) const $name: usize = CoreOp::$name as usize;
        )*
    };
}

macro_rules! gen_core_loop {
    ($( $name:ident { $($f:ident : $t:ident),* } => $kind:ident |$c:ident| $body:block ; )*) => {
        /// Runs instructions from `ip` until the entry frame returns or a trap.
        pub(crate) unsafe fn run(
            ip: *const Unit,
            fp: *mut u64,
            mem: *mut u8,
            len: usize,
            x: *mut Exec,
        ) -> Exit {
            match unsafe { run_regs(ip, fp, mem, len, x) } {
                Ok(never) => match never {},
                Err(exit) => exit,
            }
        }

        /// The dispatch loop; returns only to stop.
        #[allow(unreachable_patterns)]
        unsafe fn run_regs(
            ip: *const Unit,
            fp: *mut u64,
            mem: *mut u8,
            len: usize,
            x: *mut Exec,
        ) -> Result<core::convert::Infallible, Exit> {
            let (mut ip, mut fp, mut mem, mut len) = (ip, fp, mem, len);
            loop {
                // SAFETY: `ip` points at the start of an instruction written by the
                // translator, which starts with an opcode.
                let op = unsafe { read_handler(ip) };
                match op {
                    $( super::$name => step!(ip, fp, mem, len, x, $name { $($f : $t),* } => $kind |$c| $body), )*
                    _ => {
                        // SAFETY: forwarded: `ip` is the start of an instruction.
                        (ip, fp, mem, len) = unsafe { simd_step(op, (ip, fp, mem, len), x)? };
                    }
                }
            }
        }
    };
}

macro_rules! gen_simd {
    ($( $name:ident { $($f:ident : $t:ident),* } => $kind:ident |$c:ident| $body:block ; )*) => {
        /// The SIMD ops, numbered from 0 (their opcodes follow the core ones).
        #[allow(non_camel_case_types, dead_code)]
        enum SimdOp { $( $name, )* }

        $(
            /// The opcode of this op.
            pub(crate) const $name: usize = CORE_OPS + SimdOp::$name as usize;
        )*
    };
}

macro_rules! gen_simd_step {
    ($( $name:ident { $($f:ident : $t:ident),* } => $kind:ident |$c:ident| $body:block ; )*) => {
        /// Runs one SIMD instruction (out of the core loop, which stays small).
        #[inline(never)]
        #[allow(unreachable_patterns, unreachable_code)]
        unsafe fn simd_step(op: usize, regs: Regs, x: *mut Exec) -> Result<Regs, Exit> {
            let (mut ip, mut fp, mut mem, mut len) = regs;
            match op {
                $( super::$name => step!(ip, fp, mem, len, x, $name { $($f : $t),* } => $kind |$c| $body), )*
                _ => {
                    debug_assert!(false, "not an opcode: {op}");
                    // SAFETY: the translator writes only opcodes of this list.
                    unsafe { core::hint::unreachable_unchecked() }
                }
            }
            Ok((ip, fp, mem, len))
        }
    };
}

for_each_op!(gen_core);
for_each_simd_op!(gen_simd);

/// The dispatch loop, apart from the opcodes so that no op name shadows a local of a
/// body.
mod dispatch {
    #[cfg(feature = "simd")]
    use super::super::simd;
    use super::super::{Ctx, Exec, Exit, num, read_handler};
    use super::Regs;
    use crate::error::TrapCode;
    use crate::exec;
    use crate::ir::{HANDLER_UNITS, Slot, Unit, imm_read};

    for_each_op!(gen_core_loop);
    for_each_simd_op!(gen_simd_step);
}
