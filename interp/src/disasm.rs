//! A disassembler for threaded code, generated from the op list: for tests, debugging
//! and the documentation of what the translator emits.

use alloc::string::String;
use core::fmt::Write as _;

use crate::ir::{HANDLER_UNITS, Imm, Slot, Unit};

/// Name and immediates (name, units) of the op whose handler is at `h`.
fn describe(h: usize) -> Option<(&'static str, &'static [(&'static str, usize)])> {
    macro_rules! gen_describe {
        ($( $name:ident { $($f:ident : $t:ty),* } => $kind:ident |$c:ident| $body:block ; )*) => {
            $(
                if h == crate::exec::backend::$name as crate::exec::backend::Handler as usize {
                    const IMMS: &[(&str, usize)] = &[$((stringify!($f), <$t as Imm>::UNITS)),*];
                    return Some((stringify!($name), IMMS));
                }
            )*
        };
    }
    for_each_op!(gen_describe);
    for_each_simd_op!(gen_describe);
    let _: Option<Slot> = None;
    None
}

/// Renders `code` one instruction per line: `pos: name imm=value ...`.
pub(crate) fn disassemble(code: &[Unit]) -> String {
    let mut out = String::new();
    let mut pos = 0;
    while pos + HANDLER_UNITS <= code.len() {
        let mut h: usize = 0;
        for i in 0..HANDLER_UNITS {
            h |= (code[pos + i] as usize) << (32 * i);
        }
        let Some((name, imms)) = describe(h) else {
            let _ = writeln!(out, "{pos:5}: <unknown handler {h:#x}>");
            break;
        };
        let _ = write!(out, "{pos:5}: {name}");
        let mut p = pos + HANDLER_UNITS;
        let mut trailing = 0;
        for (imm, units) in imms {
            let mut v: u128 = 0;
            for i in 0..*units {
                v |= (*code.get(p + i).unwrap_or(&0) as u128) << (32 * i);
            }
            if *imm == "off" {
                let _ = write!(out, " {imm}=->{}", pos as i64 + v as u32 as i32 as i64);
            } else {
                let _ = write!(out, " {imm}={v}");
            }
            if name == "br_table" && *imm == "n" {
                trailing = v as usize + 1;
            }
            p += units;
        }
        for k in 0..trailing {
            let off = *code.get(p + k).unwrap_or(&0) as i32 as i64;
            let _ = write!(out, " ->{}", pos as i64 + off);
        }
        p += trailing;
        out.push('\n');
        pos = p;
    }
    out
}
