//! A disassembler for threaded code, generated from the op list: for tests, debugging
//! and the documentation of what the translator emits.

use alloc::string::String;
use core::fmt::Write as _;

use crate::ir::{HANDLER_UNITS, Imm, Slot, Unit};

/// An immediate of an op: its name, its size in units and its type's name.
type ImmInfo = (&'static str, usize, &'static str);

/// Name and immediates of the op whose handler is at `h`.
fn describe(h: usize) -> Option<(&'static str, &'static [ImmInfo])> {
    macro_rules! gen_describe {
        ($( $name:ident { $($f:ident : $t:ident),* } => $kind:ident |$c:ident| $body:block ; )*) => {
            $(
                if h == crate::exec::backend::$name as crate::exec::backend::Handler as usize {
                    const IMMS: &[ImmInfo] =
                        &[$((stringify!($f), <$t as Imm>::UNITS, stringify!($t))),*];
                    return Some((stringify!($name), IMMS));
                }
            )*
        };
    }
    for_each_op!(gen_describe);
    for_each_simd_op!(gen_describe);
    for_each_acc_op!(gen_describe);
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
        for (imm, units, _) in imms {
            let mut v: u128 = 0;
            for i in 0..*units {
                v |= (*code.get(p + i).unwrap_or(&0) as u128) << (32 * i);
            }
            if *imm == "off" {
                let _ = write!(out, " {imm}=->{}", pos as i64 + v as u32 as i32 as i64);
            } else {
                let _ = write!(out, " {imm}={v}");
            }
            if matches!(name, "br_table" | "br_table_ld") && *imm == "n" {
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

/// Checks the shape of translated code (run on every function translated by debug
/// builds, so the test suites check it for every module they compile, invalid modules
/// run without validation included): every instruction starts with a known handler and
/// its immediates lie inside the code, every frame slot (and the cell after it, for
/// vectors) inside a frame of `frame_cells` cells, every branch lands on the start of an
/// instruction, and the last instruction never falls through past the end.
#[cfg(debug_assertions)]
pub(crate) fn verify(code: &[Unit], frame_cells: u32) -> Result<(), String> {
    let mut starts = alloc::vec![false; code.len()];
    let mut targets = alloc::vec::Vec::new();
    let mut pos = 0;
    let mut last = "";
    let unit = |p: usize| {
        code.get(p)
            .copied()
            .ok_or("an immediate past the end of the code")
    };
    while pos < code.len() {
        let mut h: usize = 0;
        for i in 0..HANDLER_UNITS {
            h |= (unit(pos + i)? as usize) << (32 * i);
        }
        let (name, imms) = describe(h).ok_or(alloc::format!("{pos}: unknown handler {h:#x}"))?;
        starts[pos] = true;
        let mut p = pos + HANDLER_UNITS;
        let mut n = 0;
        for (imm, units, ty) in imms {
            let v = unit(p)?;
            if *ty == "Slot" && v as u64 + 2 > frame_cells as u64 {
                return Err(alloc::format!(
                    "{pos}: {name}: slot {imm}={v} outside the frame"
                ));
            }
            if *imm == "off" {
                targets.push((pos, pos as i64 + v as i32 as i64));
            }
            if *imm == "n" {
                n = v as usize;
            }
            p += units;
        }
        if matches!(name, "br_table" | "br_table_ld") {
            for k in 0..=n {
                targets.push((pos, pos as i64 + unit(p + k)? as i32 as i64));
            }
            p += n + 1;
        }
        last = name;
        pos = p;
    }
    if !matches!(
        last,
        "br" | "br_table" | "br_table_ld" | "ret" | "ret1" | "unreachable"
    ) {
        return Err(alloc::format!(
            "the code ends with `{last}`, which falls through"
        ));
    }
    for (from, to) in targets {
        if !usize::try_from(to).is_ok_and(|t| starts.get(t) == Some(&true)) {
            return Err(alloc::format!("{from}: branch to {to}, not an instruction"));
        }
    }
    Ok(())
}
