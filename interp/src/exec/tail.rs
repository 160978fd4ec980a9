//! Tail-call threading: every handler ends by calling the next one.
//!
//! All handlers share one signature, take the hot interpreter state as arguments and end
//! in a call in tail position with nothing left to drop, so LLVM compiles the call into
//! a jump (this module is only built at opt-level >= 2 on targets where that holds; see
//! `build.rs`). A test runs a long loop on a small thread stack to prove it.

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

/// The signature shared by all handlers.
pub(crate) type Handler = unsafe fn(*const Unit, *mut u64, *mut u8, usize, *mut Exec, u64) -> Exit;

macro_rules! gen_tail {
    ($( $name:ident { $($f:ident : $t:ident),* } => $kind:ident |$c:ident| $body:block ; )*) => {
        $(
            #[allow(non_snake_case, unreachable_code)]
            pub(crate) unsafe fn $name(
                ip: *const Unit, fp: *mut u64, mem: *mut u8, len: usize, x: *mut Exec, acc: u64,
            ) -> Exit {
                // SAFETY: `ip` points at a `$name` instruction emitted by the translator,
                // so its immediates follow; all frame slots it names are inside the frame.
                unsafe {
                    let mut p = ip.add(HANDLER_UNITS);
                    $( let $f: $t = imm_read!($t, &mut p); )*
                    let mut ctx = Ctx { ip, np: p, fp, mem, len, x, acc, exit: Exit::Continue };
                    let $c = &mut ctx;
                    gen_tail!(@body $kind, $c, $body);
                    let h: Handler = core::mem::transmute::<usize, Handler>(read_handler($c.ip));
                    h($c.ip, $c.fp, $c.mem, $c.len, $c.x, $c.acc)
                }
            }
        )*
    };
    (@body op, $c:ident, $body:block) => { $body; $c.ip = $c.np; };
    (@body ctl, $c:ident, $body:block) => { $body };
}

for_each_op!(gen_tail);
for_each_simd_op!(gen_tail);
for_each_acc_op!(gen_tail);

/// Runs handlers from `ip` until the entry frame returns or a trap.
pub(crate) unsafe fn run(
    ip: *const Unit,
    fp: *mut u64,
    mem: *mut u8,
    len: usize,
    x: *mut Exec,
) -> Exit {
    // SAFETY: forwarded contract: `ip` is the start of an instruction.
    unsafe {
        let h: Handler = core::mem::transmute::<usize, Handler>(read_handler(ip));
        h(ip, fp, mem, len, x, 0)
    }
}
