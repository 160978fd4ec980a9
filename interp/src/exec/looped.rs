//! Loop dispatch: a loop calls one handler per instruction and each handler returns.
//!
//! Portable to every target: nothing relies on tail calls, so the native stack stays flat
//! in debug builds, on wasm32 without the tail-call feature and on microcontrollers.

#![allow(
    unused_unsafe,
    unused_variables,
    unused_mut,
    clippy::missing_safety_doc
)]

use super::{Ctx, Exec, Exit, num, read_handler, simd};
use crate::error::TrapCode;
use crate::exec;
use crate::ir::{HANDLER_UNITS, Imm, Slot, Unit};

/// The signature shared by all handlers.
pub(crate) type Handler = unsafe fn(&mut Ctx) -> Exit;

macro_rules! gen_loop {
    ($( $name:ident { $($f:ident : $t:ty),* } => $kind:ident |$c:ident| $body:block ; )*) => {
        $(
            #[allow(non_snake_case, unreachable_code)]
            pub(crate) unsafe fn $name(ctx: &mut Ctx) -> Exit {
                // SAFETY: `ctx.ip` points at a `$name` instruction emitted by the
                // translator, so its immediates follow; its slots are inside the frame.
                unsafe {
                    let mut p = ctx.ip.add(HANDLER_UNITS);
                    $( let $f: $t = <$t as Imm>::read_adv(&mut p); )*
                    ctx.np = p;
                    let $c = ctx;
                    gen_loop!(@body $kind, $c, $body);
                    Exit::Continue
                }
            }
        )*
    };
    (@body op, $c:ident, $body:block) => { $body; $c.ip = $c.np; };
    (@body ctl, $c:ident, $body:block) => { $body };
}

for_each_op!(gen_loop);
for_each_simd_op!(gen_loop);

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
    };
    loop {
        // SAFETY: `ctx.ip` always points at the start of an instruction.
        let r = unsafe {
            let h: Handler = core::mem::transmute::<usize, Handler>(read_handler(ctx.ip));
            h(&mut ctx)
        };
        if r != Exit::Continue {
            return r;
        }
    }
}
