//! Loop dispatch: a loop calls one handler per instruction and each handler returns the
//! address of the next instruction.
//!
//! Portable to every target: nothing relies on tail calls, so the native stack stays flat
//! in debug builds, on wasm32 without the tail-call feature and on microcontrollers. The
//! instruction pointer travels in registers (argument and return value); the frame and
//! memory registers live in the `Ctx` the loop owns.

#![allow(
    unused_unsafe,
    unused_variables,
    unused_mut,
    clippy::missing_safety_doc
)]

#[cfg(feature = "simd")]
use super::simd;
use super::{Ctx, Exec, Exit, num, read_handler};
use crate::error::TrapCode;
use crate::exec;
use crate::ir::{HANDLER_UNITS, Slot, Unit, imm_read};

/// The signature shared by all handlers: the instruction and the registers in, the next
/// instruction out (null when execution stops; the reason is in `Ctx::exit`).
pub(crate) type Handler = unsafe fn(*const Unit, &mut Ctx) -> *const Unit;

macro_rules! gen_loop {
    ($( $name:ident { $($f:ident : $t:ident),* } => $kind:ident |$c:ident| $body:block ; )*) => {
        $(
            #[allow(non_snake_case, unreachable_code, clippy::redundant_closure_call)]
            pub(crate) unsafe fn $name(ip: *const Unit, ctx: &mut Ctx) -> *const Unit {
                // SAFETY: `ip` points at a `$name` instruction emitted by the translator,
                // so its immediates follow; its slots are inside the frame.
                unsafe {
                    let mut p = ip.add(HANDLER_UNITS);
                    $( let $f: $t = imm_read!($t, &mut p); )*
                    ctx.ip = ip;
                    ctx.np = p;
                    // Bodies leave early with `return <Exit>`; the closure keeps that
                    // local to the body.
                    let exit: Exit = (|$c: &mut Ctx| -> Exit {
                        gen_loop!(@body $kind, $c, $body);
                        Exit::Continue
                    })(ctx);
                    if exit == Exit::Continue {
                        ctx.ip
                    } else {
                        ctx.exit = exit;
                        core::ptr::null()
                    }
                }
            }
        )*
    };
    (@body op, $c:ident, $body:block) => { $body; $c.ip = $c.np; };
    (@body ctl, $c:ident, $body:block) => { $body };
}

for_each_op!(gen_loop);
for_each_simd_op!(gen_loop);
for_each_acc_op!(gen_loop);

/// Runs handlers from `ip` until the entry frame returns or a trap.
pub(crate) unsafe fn run(
    ip: *const Unit,
    fp: *mut u64,
    mem: *mut u8,
    len: usize,
    x: *mut Exec,
) -> Exit {
    let mut ctx = Ctx {
        ip,
        np: ip,
        fp,
        mem,
        len,
        x,
        acc: 0,
        exit: Exit::Continue,
    };
    let mut ip = ip;
    // The dispatch is unrolled to two indirect call sites. On an AMD EPYC (Zen) one
    // site shared by every instruction mispredicts on tight loops (perf: stalls at
    // handler entry): two sites took mandelbrot from 2.75 s to 1.50 s and loops from
    // 1.82 s to 1.23 s, while json (0.70 -> 0.79 s) and deflate (0.77 -> 0.90 s) lost a
    // little. Eight sites gained more on the loops (1.37 s, 1.08 s) but cost json and
    // deflate far more (1.38 s, 1.05 s).
    macro_rules! step {
        () => {
            // SAFETY: `ip` always points at the start of an instruction.
            ip = unsafe {
                let h: Handler = core::mem::transmute::<usize, Handler>(read_handler(ip));
                h(ip, &mut ctx)
            };
            if ip.is_null() {
                break;
            }
        };
    }
    loop {
        step!();
        step!();
    }
    ctx.exit
}
