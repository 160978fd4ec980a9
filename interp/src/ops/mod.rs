//! The op list: every threaded-code instruction, declared once.
//!
//! Each entry is `name { immediates } => kind |c| body`. `kind` is `op` for instructions
//! that fall through to the next one and `ctl` for instructions whose body sets `c.ip`
//! itself (branches, calls, returns). Bodies use the [`crate::exec::Ctx`] API: `c.get`,
//! `c.set` on frame slots, `c.ea` for bounds-checked memory addresses, `trap!` to stop
//! with a trap. From this list [`for_each_op!`] feeds generators for:
//! - the encoder methods on `CodeBuilder` (used by the translator),
//! - the handlers of the tail-call backend and of the loop backend (`crate::exec`).
//!
//! The SIMD ops are listed in [`simd`] (`for_each_simd_op!`) and fed to the same
//! generators.

#[cfg(feature = "simd")]
#[macro_use]
pub(crate) mod simd;

/// Without the cargo feature `simd` the SIMD half of the op list is empty: no handlers,
/// no encoders.
#[cfg(not(feature = "simd"))]
macro_rules! for_each_simd_op {
    ($m:ident) => {
        $m! {}
    };
}

/// Calls `$m! { entries }` with the whole op list.
macro_rules! for_each_op {
    ($m:ident) => {
        $m! {
            // ---- control -------------------------------------------------------------
            unreachable {} => ctl |c| { trap!(c, Unreachable) };
            br { off: i32 } => ctl |c| { c.ip = c.ip.offset(off as isize) };
            br_nz { off: i32, s: Slot } => ctl |c| {
                c.ip = if c.get::<u32>(s) != 0 { c.ip.offset(off as isize) } else { c.np };
            };
            br_z { off: i32, s: Slot } => ctl |c| {
                c.ip = if c.get::<u32>(s) == 0 { c.ip.offset(off as isize) } else { c.np };
            };
            // Followed by `n + 1` branch offsets (relative to this instruction); the last
            // one is the default target.
            br_table { s: Slot, n: u32 } => ctl |c| {
                let i = c.get::<u32>(s).min(n);
                let off = *c.np.add(i as usize) as i32;
                c.ip = c.ip.offset(off as isize);
            };
            // `br_table` on an i32 loaded from memory 0 at `a + o`, which is also written to
            // `d`: the dispatch on a loaded opcode of interpreters and decoders compiled to
            // wasm. The same trailing offsets as `br_table`.
            br_table_ld { d: Slot, a: Slot, o: u32, n: u32 } => ctl |c| { fused!(c, {
                load!(c, d, a, o, u32 => u32);
                let i = c.get::<u32>(d).min(n);
                let off = *c.np.add(i as usize) as i32;
                c.ip = c.ip.offset(off as isize);
            }) };
            // ---- fused compare-and-branch (offset first, as for every branch) -------
            br_i32_eq { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<u32>(a) == c.get::<u32>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_ne { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<u32>(a) != c.get::<u32>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_lt_s { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<i32>(a) < c.get::<i32>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_lt_u { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<u32>(a) < c.get::<u32>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_gt_s { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<i32>(a) > c.get::<i32>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_gt_u { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<u32>(a) > c.get::<u32>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_le_s { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<i32>(a) <= c.get::<i32>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_le_u { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<u32>(a) <= c.get::<u32>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_ge_s { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<i32>(a) >= c.get::<i32>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_ge_u { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<u32>(a) >= c.get::<u32>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            // ---- fused float compare-and-branch (`n*`: branch when the comparison is
            // false, which with NaN operands is not the opposite comparison) -------------
            br_f32_eq { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), c.get::<f32>(b)); c.ip = if x == y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_ne { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), c.get::<f32>(b)); c.ip = if x != y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_lt { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), c.get::<f32>(b)); c.ip = if x < y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_gt { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), c.get::<f32>(b)); c.ip = if x > y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_le { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), c.get::<f32>(b)); c.ip = if x <= y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_ge { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), c.get::<f32>(b)); c.ip = if x >= y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_nlt { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), c.get::<f32>(b)); c.ip = if num::nlt(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_ngt { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), c.get::<f32>(b)); c.ip = if num::ngt(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_nle { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), c.get::<f32>(b)); c.ip = if num::nle(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_nge { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), c.get::<f32>(b)); c.ip = if num::nge(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_eq_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), f32::from_bits(k)); c.ip = if x == y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_ne_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), f32::from_bits(k)); c.ip = if x != y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_lt_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), f32::from_bits(k)); c.ip = if x < y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_gt_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), f32::from_bits(k)); c.ip = if x > y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_le_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), f32::from_bits(k)); c.ip = if x <= y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_ge_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), f32::from_bits(k)); c.ip = if x >= y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_nlt_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), f32::from_bits(k)); c.ip = if num::nlt(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_ngt_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), f32::from_bits(k)); c.ip = if num::ngt(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_nle_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), f32::from_bits(k)); c.ip = if num::nle(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f32_nge_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f32>(a), f32::from_bits(k)); c.ip = if num::nge(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_eq { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), c.get::<f64>(b)); c.ip = if x == y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_ne { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), c.get::<f64>(b)); c.ip = if x != y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_lt { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), c.get::<f64>(b)); c.ip = if x < y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_gt { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), c.get::<f64>(b)); c.ip = if x > y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_le { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), c.get::<f64>(b)); c.ip = if x <= y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_ge { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), c.get::<f64>(b)); c.ip = if x >= y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_nlt { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), c.get::<f64>(b)); c.ip = if num::nlt(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_ngt { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), c.get::<f64>(b)); c.ip = if num::ngt(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_nle { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), c.get::<f64>(b)); c.ip = if num::nle(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_nge { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), c.get::<f64>(b)); c.ip = if num::nge(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_eq_i { off: i32, a: Slot, k: u64 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), f64::from_bits(k)); c.ip = if x == y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_ne_i { off: i32, a: Slot, k: u64 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), f64::from_bits(k)); c.ip = if x != y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_lt_i { off: i32, a: Slot, k: u64 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), f64::from_bits(k)); c.ip = if x < y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_gt_i { off: i32, a: Slot, k: u64 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), f64::from_bits(k)); c.ip = if x > y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_le_i { off: i32, a: Slot, k: u64 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), f64::from_bits(k)); c.ip = if x <= y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_ge_i { off: i32, a: Slot, k: u64 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), f64::from_bits(k)); c.ip = if x >= y { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_nlt_i { off: i32, a: Slot, k: u64 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), f64::from_bits(k)); c.ip = if num::nlt(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_ngt_i { off: i32, a: Slot, k: u64 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), f64::from_bits(k)); c.ip = if num::ngt(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_nle_i { off: i32, a: Slot, k: u64 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), f64::from_bits(k)); c.ip = if num::nle(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_f64_nge_i { off: i32, a: Slot, k: u64 } => ctl |c| { fused!(c, { let (x, y) = (c.get::<f64>(a), f64::from_bits(k)); c.ip = if num::nge(x, y) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_eq_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { c.ip = if c.get::<u32>(a) == (k as u32) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_ne_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { c.ip = if c.get::<u32>(a) != (k as u32) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_lt_s_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<i32>(a) < (k as i32) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_lt_u_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { c.ip = if c.get::<u32>(a) < (k as u32) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_gt_s_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<i32>(a) > (k as i32) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_gt_u_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { c.ip = if c.get::<u32>(a) > (k as u32) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_le_s_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<i32>(a) <= (k as i32) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_le_u_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { c.ip = if c.get::<u32>(a) <= (k as u32) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_ge_s_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<i32>(a) >= (k as i32) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i32_ge_u_i { off: i32, a: Slot, k: u32 } => ctl |c| { fused!(c, { c.ip = if c.get::<u32>(a) >= (k as u32) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_eq { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<u64>(a) == c.get::<u64>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_ne { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<u64>(a) != c.get::<u64>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_lt_s { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<i64>(a) < c.get::<i64>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_lt_u { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<u64>(a) < c.get::<u64>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_gt_s { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<i64>(a) > c.get::<i64>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_gt_u { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<u64>(a) > c.get::<u64>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_le_s { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<i64>(a) <= c.get::<i64>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_le_u { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<u64>(a) <= c.get::<u64>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_ge_s { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<i64>(a) >= c.get::<i64>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_ge_u { off: i32, a: Slot, b: Slot } => ctl |c| { fused!(c, { c.ip = if c.get::<u64>(a) >= c.get::<u64>(b) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_eq_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<u64>(a) == (k as i64 as u64) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_ne_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<u64>(a) != (k as i64 as u64) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_lt_s_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<i64>(a) < (k as i64 as i64) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_lt_u_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<u64>(a) < (k as i64 as u64) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_gt_s_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<i64>(a) > (k as i64 as i64) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_gt_u_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<u64>(a) > (k as i64 as u64) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_le_s_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<i64>(a) <= (k as i64 as i64) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_le_u_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<u64>(a) <= (k as i64 as u64) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_ge_s_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<i64>(a) >= (k as i64 as i64) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_ge_u_i { off: i32, a: Slot, k: i32 } => ctl |c| { fused!(c, { c.ip = if c.get::<u64>(a) >= (k as i64 as u64) { c.ip.offset(off as isize) } else { c.np } }) };
            br_i64_z { off: i32, s: Slot } => ctl |c| { c.ip = if c.get::<u64>(s) == 0 { c.ip.offset(off as isize) } else { c.np } };
            br_i64_nz { off: i32, s: Slot } => ctl |c| { c.ip = if c.get::<u64>(s) != 0 { c.ip.offset(off as isize) } else { c.np } };
            ret {} => ctl |c| { return_from_call!(c) };
            ret1 { s: Slot } => ctl |c| { let v = c.get::<u64>(s); c.set::<u64>(0, v); return_from_call!(c) };
            call { f: u32, base: Slot } => ctl |c| { call!(c, exec::func_ent(c, f), base) };
            call_indirect { ty: u32, table: u32, i: Slot, base: Slot } => ctl |c| {
                match exec::indirect_target(c, ty, table, i) {
                    Ok(f) => call!(c, f, base),
                    Err(code) => return c.trap(code),
                }
            };
            // Stops execution: the return address of the host's entry frame.
            exit {} => ctl |c| { return Exit::Return };
            // Charges fuel for the basic block that follows.
            fuel { n: u32 } => op |c| {
                let x = &mut *c.x;
                if x.fuel < n as u64 { x.fuel = 0; trap!(c, OutOfFuel) }
                x.fuel -= n as u64;
            };

            // ---- moves and constants -------------------------------------------------
            copy { d: Slot, s: Slot } => op |c| { let v = c.get::<u64>(s); c.set(d, v) };
            copy2 { d: Slot, s: Slot } => op |c| { let v = c.get::<u128>(s); c.set(d, v) };
            const32 { d: Slot, v: u32 } => op |c| { c.set(d, v) };
            const64 { d: Slot, v: u64 } => op |c| { c.set(d, v) };
            const128 { d: Slot, v: u128 } => op |c| { c.set(d, v) };
            // Both operands are read (volatile: otherwise the compiler reads only the
            // chosen slot, so the condition's read, the choice of slot and the value's
            // read become one chain) and the condition picks one of the two values.
            select { d: Slot, s: Slot, a: Slot, b: Slot } => op |c| {
                let x = c.fp.add(a as usize).read_volatile();
                let y = c.fp.add(b as usize).read_volatile();
                c.set(d, if c.get::<u32>(s) != 0 { x } else { y })
            };
            select2 { d: Slot, s: Slot, a: Slot, b: Slot } => op |c| {
                let v = if c.get::<u32>(s) != 0 { c.get::<u128>(a) } else { c.get::<u128>(b) };
                c.set(d, v)
            };
            global_get { d: Slot, g: u32 } => op |c| { let v = *exec::global(c, g); c.set(d, v) };
            global_set { g: u32, s: Slot } => op |c| { *exec::global(c, g) = c.get::<u64>(s) };
            global_get2 { d: Slot, g: u32 } => op |c| {
                let v = core::ptr::read_unaligned(exec::global(c, g) as *const u128); c.set(d, v)
            };
            global_set2 { g: u32, s: Slot } => op |c| {
                core::ptr::write_unaligned(exec::global(c, g) as *mut u128, c.get::<u128>(s))
            };
            ref_func { d: Slot, f: u32 } => op |c| { let r = exec::func_of(c, f) as u64 + 1; c.set(d, r) };

            // ---- i32 ------------------------------------------------------------------
            i32_eqz { d: Slot, a: Slot } => op |c| { un!(c, d, a, i32 => u32, |x| (x == 0) as u32) };
            i32_clz { d: Slot, a: Slot } => op |c| { un!(c, d, a, u32 => u32, |x: u32| x.leading_zeros()) };
            i32_ctz { d: Slot, a: Slot } => op |c| { un!(c, d, a, u32 => u32, |x: u32| x.trailing_zeros()) };
            i32_popcnt { d: Slot, a: Slot } => op |c| { un!(c, d, a, u32 => u32, |x: u32| x.count_ones()) };
            i32_extend8_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, i32 => i32, |x| x as i8 as i32) };
            i32_extend16_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, i32 => i32, |x| x as i16 as i32) };
            i32_add { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i32 => i32, |x: i32, y| x.wrapping_add(y)) };
            i32_sub { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i32 => i32, |x: i32, y| x.wrapping_sub(y)) };
            i32_mul { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i32 => i32, |x: i32, y| x.wrapping_mul(y)) };
            i32_div_s { d: Slot, a: Slot, b: Slot } => op |c| {
                let (x, y) = (c.get::<i32>(a), c.get::<i32>(b));
                if y == 0 { trap!(c, IntegerDivisionByZero) }
                if x == i32::MIN && y == -1 { trap!(c, IntegerOverflow) }
                c.set(d, x / y)
            };
            i32_div_u { d: Slot, a: Slot, b: Slot } => op |c| {
                let (x, y) = (c.get::<u32>(a), c.get::<u32>(b));
                if y == 0 { trap!(c, IntegerDivisionByZero) }
                c.set(d, x / y)
            };
            i32_rem_s { d: Slot, a: Slot, b: Slot } => op |c| {
                let (x, y) = (c.get::<i32>(a), c.get::<i32>(b));
                if y == 0 { trap!(c, IntegerDivisionByZero) }
                c.set(d, x.wrapping_rem(y))
            };
            i32_rem_u { d: Slot, a: Slot, b: Slot } => op |c| {
                let (x, y) = (c.get::<u32>(a), c.get::<u32>(b));
                if y == 0 { trap!(c, IntegerDivisionByZero) }
                c.set(d, x % y)
            };
            i32_and { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x, y| x & y) };
            i32_or { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x, y| x | y) };
            i32_xor { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x, y| x ^ y) };
            i32_shl { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x: u32, y| x.wrapping_shl(y)) };
            i32_shr_s { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i32 => i32, |x: i32, y| x.wrapping_shr(y as u32)) };
            i32_shr_u { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x: u32, y| x.wrapping_shr(y)) };
            i32_rotl { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x: u32, y| x.rotate_left(y)) };
            i32_rotr { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x: u32, y| x.rotate_right(y)) };
            i32_eq { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x, y| (x == y) as u32) };
            i32_ne { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x, y| (x != y) as u32) };
            i32_lt_s { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i32 => u32, |x, y| (x < y) as u32) };
            i32_lt_u { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x, y| (x < y) as u32) };
            i32_gt_s { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i32 => u32, |x, y| (x > y) as u32) };
            i32_gt_u { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x, y| (x > y) as u32) };
            i32_le_s { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i32 => u32, |x, y| (x <= y) as u32) };
            i32_le_u { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x, y| (x <= y) as u32) };
            i32_ge_s { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i32 => u32, |x, y| (x >= y) as u32) };
            i32_ge_u { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x, y| (x >= y) as u32) };
            // i32 with a constant right-hand side
            i32_add_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, c.get::<i32>(a).wrapping_add(k)) };
            i32_mul_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, c.get::<i32>(a).wrapping_mul(k)) };
            i32_and_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u32>(a) & k) };
            i32_or_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u32>(a) | k) };
            i32_xor_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u32>(a) ^ k) };
            i32_shl_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u32>(a).wrapping_shl(k)) };
            // `a + (b << k)`: an `i32.add` of a shift by a constant (an element address).
            i32_add_shl { d: Slot, a: Slot, b: Slot, k: u32 } => op |c| { fused!(c, { c.set(d, c.get::<u32>(a).wrapping_add(c.get::<u32>(b).wrapping_shl(k))) }) };
            i32_shr_s_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<i32>(a).wrapping_shr(k)) };
            i32_shr_u_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u32>(a).wrapping_shr(k)) };
            i32_rotl_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u32>(a).rotate_left(k)) };
            i32_rotr_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u32>(a).rotate_right(k)) };
            // The translator only emits these with a non-zero divisor.
            i32_div_u_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u32>(a) / k) };
            i32_rem_u_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u32>(a) % k) };
            i32_eq_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, (c.get::<u32>(a) == k) as u32) };
            i32_ne_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, (c.get::<u32>(a) != k) as u32) };
            i32_lt_s_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, (c.get::<i32>(a) < k) as u32) };
            i32_lt_u_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, (c.get::<u32>(a) < k) as u32) };
            i32_gt_s_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, (c.get::<i32>(a) > k) as u32) };
            i32_gt_u_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, (c.get::<u32>(a) > k) as u32) };
            i32_le_s_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, (c.get::<i32>(a) <= k) as u32) };
            i32_le_u_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, (c.get::<u32>(a) <= k) as u32) };
            i32_ge_s_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, (c.get::<i32>(a) >= k) as u32) };
            i32_ge_u_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, (c.get::<u32>(a) >= k) as u32) };

            // ---- i64 ------------------------------------------------------------------
            i64_eqz { d: Slot, a: Slot } => op |c| { un!(c, d, a, u64 => u32, |x| (x == 0) as u32) };
            i64_clz { d: Slot, a: Slot } => op |c| { un!(c, d, a, u64 => u64, |x: u64| x.leading_zeros() as u64) };
            i64_ctz { d: Slot, a: Slot } => op |c| { un!(c, d, a, u64 => u64, |x: u64| x.trailing_zeros() as u64) };
            i64_popcnt { d: Slot, a: Slot } => op |c| { un!(c, d, a, u64 => u64, |x: u64| x.count_ones() as u64) };
            i64_extend8_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, i64 => i64, |x| x as i8 as i64) };
            i64_extend16_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, i64 => i64, |x| x as i16 as i64) };
            i64_extend32_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, i64 => i64, |x| x as i32 as i64) };
            i64_add { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i64 => i64, |x: i64, y| x.wrapping_add(y)) };
            i64_sub { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i64 => i64, |x: i64, y| x.wrapping_sub(y)) };
            i64_mul { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i64 => i64, |x: i64, y| x.wrapping_mul(y)) };
            i64_div_s { d: Slot, a: Slot, b: Slot } => op |c| {
                let (x, y) = (c.get::<i64>(a), c.get::<i64>(b));
                if y == 0 { trap!(c, IntegerDivisionByZero) }
                if x == i64::MIN && y == -1 { trap!(c, IntegerOverflow) }
                c.set(d, x / y)
            };
            i64_div_u { d: Slot, a: Slot, b: Slot } => op |c| {
                let (x, y) = (c.get::<u64>(a), c.get::<u64>(b));
                if y == 0 { trap!(c, IntegerDivisionByZero) }
                c.set(d, x / y)
            };
            i64_rem_s { d: Slot, a: Slot, b: Slot } => op |c| {
                let (x, y) = (c.get::<i64>(a), c.get::<i64>(b));
                if y == 0 { trap!(c, IntegerDivisionByZero) }
                c.set(d, x.wrapping_rem(y))
            };
            i64_rem_u { d: Slot, a: Slot, b: Slot } => op |c| {
                let (x, y) = (c.get::<u64>(a), c.get::<u64>(b));
                if y == 0 { trap!(c, IntegerDivisionByZero) }
                c.set(d, x % y)
            };
            i64_and { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u64, |x, y| x & y) };
            i64_or { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u64, |x, y| x | y) };
            i64_xor { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u64, |x, y| x ^ y) };
            i64_shl { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u64, |x: u64, y| x.wrapping_shl(y as u32)) };
            i64_shr_s { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i64 => i64, |x: i64, y| x.wrapping_shr(y as u32)) };
            i64_shr_u { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u64, |x: u64, y| x.wrapping_shr(y as u32)) };
            i64_rotl { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u64, |x: u64, y| x.rotate_left(y as u32)) };
            i64_rotr { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u64, |x: u64, y| x.rotate_right(y as u32)) };
            i64_eq { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u32, |x, y| (x == y) as u32) };
            i64_ne { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u32, |x, y| (x != y) as u32) };
            i64_lt_s { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i64 => u32, |x, y| (x < y) as u32) };
            i64_lt_u { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u32, |x, y| (x < y) as u32) };
            i64_gt_s { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i64 => u32, |x, y| (x > y) as u32) };
            i64_gt_u { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u32, |x, y| (x > y) as u32) };
            i64_le_s { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i64 => u32, |x, y| (x <= y) as u32) };
            i64_le_u { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u32, |x, y| (x <= y) as u32) };
            i64_ge_s { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, i64 => u32, |x, y| (x >= y) as u32) };
            i64_ge_u { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u64 => u32, |x, y| (x >= y) as u32) };
            i64_add_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, c.get::<i64>(a).wrapping_add(k as i64)) };
            i64_and_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, c.get::<i64>(a) & (k as i64)) };
            i64_or_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, c.get::<i64>(a) | (k as i64)) };
            i64_xor_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, c.get::<i64>(a) ^ (k as i64)) };
            i64_mul_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, c.get::<i64>(a).wrapping_mul(k as i64)) };
            i64_rotl_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u64>(a).rotate_left(k)) };
            i64_rotr_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u64>(a).rotate_right(k)) };
            i64_shl_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u64>(a).wrapping_shl(k)) };
            i64_shr_s_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<i64>(a).wrapping_shr(k)) };
            i64_shr_u_i { d: Slot, a: Slot, k: u32 } => op |c| { c.set(d, c.get::<u64>(a).wrapping_shr(k)) };
            i64_eq_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, (c.get::<i64>(a) == k as i64) as u32) };
            i64_ne_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, (c.get::<i64>(a) != k as i64) as u32) };
            i64_lt_s_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, (c.get::<i64>(a) < k as i64) as u32) };
            i64_gt_s_i { d: Slot, a: Slot, k: i32 } => op |c| { c.set(d, (c.get::<i64>(a) > k as i64) as u32) };

            // ---- f32 / f64 ------------------------------------------------------------
            f32_abs { d: Slot, a: Slot } => op |c| { un!(c, d, a, u32 => u32, |x| x & 0x7fff_ffff) };
            f32_neg { d: Slot, a: Slot } => op |c| { un!(c, d, a, u32 => u32, |x| x ^ 0x8000_0000) };
            f32_ceil { d: Slot, a: Slot } => op |c| { un!(c, d, a, f32 => f32, num::f32_ceil) };
            f32_floor { d: Slot, a: Slot } => op |c| { un!(c, d, a, f32 => f32, num::f32_floor) };
            f32_trunc { d: Slot, a: Slot } => op |c| { un!(c, d, a, f32 => f32, num::f32_trunc) };
            f32_nearest { d: Slot, a: Slot } => op |c| { un!(c, d, a, f32 => f32, num::f32_nearest) };
            f32_sqrt { d: Slot, a: Slot } => op |c| { un!(c, d, a, f32 => f32, num::f32_sqrt) };
            f32_add { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f32 => f32, |x, y| x + y) };
            f32_sub { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f32 => f32, |x, y| x - y) };
            f32_mul { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f32 => f32, |x, y| x * y) };
            f32_div { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f32 => f32, |x, y| x / y) };
            f32_min { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f32 => f32, num::f32_min) };
            f32_max { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f32 => f32, num::f32_max) };
            f32_copysign { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, u32 => u32, |x, y| (x & 0x7fff_ffff) | (y & 0x8000_0000)) };
            f32_eq { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f32 => u32, |x, y| (x == y) as u32) };
            f32_ne { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f32 => u32, |x, y| (x != y) as u32) };
            f32_lt { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f32 => u32, |x, y| (x < y) as u32) };
            f32_gt { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f32 => u32, |x, y| (x > y) as u32) };
            f32_le { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f32 => u32, |x, y| (x <= y) as u32) };
            f32_ge { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f32 => u32, |x, y| (x >= y) as u32) };
            f64_abs { d: Slot, a: Slot } => op |c| { un!(c, d, a, u64 => u64, |x| x & 0x7fff_ffff_ffff_ffff) };
            f64_neg { d: Slot, a: Slot } => op |c| { un!(c, d, a, u64 => u64, |x| x ^ 0x8000_0000_0000_0000) };
            f64_ceil { d: Slot, a: Slot } => op |c| { un!(c, d, a, f64 => f64, num::f64_ceil) };
            f64_floor { d: Slot, a: Slot } => op |c| { un!(c, d, a, f64 => f64, num::f64_floor) };
            f64_trunc { d: Slot, a: Slot } => op |c| { un!(c, d, a, f64 => f64, num::f64_trunc) };
            f64_nearest { d: Slot, a: Slot } => op |c| { un!(c, d, a, f64 => f64, num::f64_nearest) };
            f64_sqrt { d: Slot, a: Slot } => op |c| { un!(c, d, a, f64 => f64, num::f64_sqrt) };
            f64_add { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f64 => f64, |x, y| x + y) };
            f64_sub { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f64 => f64, |x, y| x - y) };
            f64_mul { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f64 => f64, |x, y| x * y) };
            f64_div { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f64 => f64, |x, y| x / y) };
            f64_min { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f64 => f64, num::f64_min) };
            f64_max { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f64 => f64, num::f64_max) };
            f64_copysign { d: Slot, a: Slot, b: Slot } => op |c| {
                bin!(c, d, a, b, u64 => u64, |x, y| (x & 0x7fff_ffff_ffff_ffff) | (y & 0x8000_0000_0000_0000))
            };
            f64_eq { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f64 => u32, |x, y| (x == y) as u32) };
            f64_ne { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f64 => u32, |x, y| (x != y) as u32) };
            f64_lt { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f64 => u32, |x, y| (x < y) as u32) };
            f64_gt { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f64 => u32, |x, y| (x > y) as u32) };
            f64_le { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f64 => u32, |x, y| (x <= y) as u32) };
            f64_ge { d: Slot, a: Slot, b: Slot } => op |c| { bin!(c, d, a, b, f64 => u32, |x, y| (x >= y) as u32) };

            // ---- conversions ------------------------------------------------------------
            i32_wrap_i64 { d: Slot, a: Slot } => op |c| { un!(c, d, a, u64 => u32, |x| x as u32) };
            i64_extend_i32_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, i32 => i64, |x| x as i64) };
            i64_extend_i32_u { d: Slot, a: Slot } => op |c| { un!(c, d, a, u32 => u64, |x| x as u64) };
            i32_trunc_f32_s { d: Slot, a: Slot } => op |c| { conv!(c, d, a, f32, num::i32_trunc_f32_s) };
            i32_trunc_f32_u { d: Slot, a: Slot } => op |c| { conv!(c, d, a, f32, num::i32_trunc_f32_u) };
            i32_trunc_f64_s { d: Slot, a: Slot } => op |c| { conv!(c, d, a, f64, num::i32_trunc_f64_s) };
            i32_trunc_f64_u { d: Slot, a: Slot } => op |c| { conv!(c, d, a, f64, num::i32_trunc_f64_u) };
            i64_trunc_f32_s { d: Slot, a: Slot } => op |c| { conv!(c, d, a, f32, num::i64_trunc_f32_s) };
            i64_trunc_f32_u { d: Slot, a: Slot } => op |c| { conv!(c, d, a, f32, num::i64_trunc_f32_u) };
            i64_trunc_f64_s { d: Slot, a: Slot } => op |c| { conv!(c, d, a, f64, num::i64_trunc_f64_s) };
            i64_trunc_f64_u { d: Slot, a: Slot } => op |c| { conv!(c, d, a, f64, num::i64_trunc_f64_u) };
            i32_trunc_sat_f32_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, f32 => i32, |x| x as i32) };
            i32_trunc_sat_f32_u { d: Slot, a: Slot } => op |c| { un!(c, d, a, f32 => u32, |x| x as u32) };
            i32_trunc_sat_f64_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, f64 => i32, |x| x as i32) };
            i32_trunc_sat_f64_u { d: Slot, a: Slot } => op |c| { un!(c, d, a, f64 => u32, |x| x as u32) };
            i64_trunc_sat_f32_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, f32 => i64, |x| x as i64) };
            i64_trunc_sat_f32_u { d: Slot, a: Slot } => op |c| { un!(c, d, a, f32 => u64, |x| x as u64) };
            i64_trunc_sat_f64_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, f64 => i64, |x| x as i64) };
            i64_trunc_sat_f64_u { d: Slot, a: Slot } => op |c| { un!(c, d, a, f64 => u64, |x| x as u64) };
            f32_convert_i32_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, i32 => f32, |x| x as f32) };
            f32_convert_i32_u { d: Slot, a: Slot } => op |c| { un!(c, d, a, u32 => f32, |x| x as f32) };
            f32_convert_i64_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, i64 => f32, |x| x as f32) };
            f32_convert_i64_u { d: Slot, a: Slot } => op |c| { un!(c, d, a, u64 => f32, |x| x as f32) };
            f64_convert_i32_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, i32 => f64, |x| x as f64) };
            f64_convert_i32_u { d: Slot, a: Slot } => op |c| { un!(c, d, a, u32 => f64, |x| x as f64) };
            f64_convert_i64_s { d: Slot, a: Slot } => op |c| { un!(c, d, a, i64 => f64, |x| x as f64) };
            f64_convert_i64_u { d: Slot, a: Slot } => op |c| { un!(c, d, a, u64 => f64, |x| x as f64) };
            f32_demote_f64 { d: Slot, a: Slot } => op |c| { un!(c, d, a, f64 => f32, num::f32_demote_f64) };
            f64_promote_f32 { d: Slot, a: Slot } => op |c| { un!(c, d, a, f32 => f64, num::f64_promote_f32) };

            // ---- linear memory 0 --------------------------------------------------------
            i32_load { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, u32 => u32) };
            i64_load { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, u64 => u64) };
            f32_load { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, u32 => u32) };
            f64_load { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, u64 => u64) };
            i32_load8_s { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, i8 => i32) };
            i32_load8_u { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, u8 => u32) };
            i32_load16_s { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, i16 => i32) };
            i32_load16_u { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, u16 => u32) };
            i64_load8_s { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, i8 => i64) };
            i64_load8_u { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, u8 => u64) };
            i64_load16_s { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, i16 => i64) };
            i64_load16_u { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, u16 => u64) };
            i64_load32_s { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, i32 => i64) };
            i64_load32_u { d: Slot, a: Slot, o: u32 } => op |c| { load!(c, d, a, o, u32 => u64) };
            i32_store { a: Slot, s: Slot, o: u32 } => op |c| { store!(c, a, s, o, u32 => u32) };
            i64_store { a: Slot, s: Slot, o: u32 } => op |c| { store!(c, a, s, o, u64 => u64) };
            i32_store8 { a: Slot, s: Slot, o: u32 } => op |c| { store!(c, a, s, o, u32 => u8) };
            i32_store16 { a: Slot, s: Slot, o: u32 } => op |c| { store!(c, a, s, o, u32 => u16) };
            i64_store8 { a: Slot, s: Slot, o: u32 } => op |c| { store!(c, a, s, o, u64 => u8) };
            i64_store16 { a: Slot, s: Slot, o: u32 } => op |c| { store!(c, a, s, o, u64 => u16) };
            i64_store32 { a: Slot, s: Slot, o: u32 } => op |c| { store!(c, a, s, o, u64 => u32) };
            // Loads and stores whose address is `slot + k` (an `i32.add` with a constant fused in;
            // the sum wraps at 32 bits exactly as the separate `i32.add` would).
            i32_load_ai { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { fused!(c, { load_ai!(c, d, a, k, o, u32 => u32) }) };
            i64_load_ai { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { fused!(c, { load_ai!(c, d, a, k, o, u64 => u64) }) };
            i32_load8_s_ai { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { fused!(c, { load_ai!(c, d, a, k, o, i8 => i32) }) };
            i32_load8_u_ai { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { fused!(c, { load_ai!(c, d, a, k, o, u8 => u32) }) };
            i32_load16_s_ai { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { fused!(c, { load_ai!(c, d, a, k, o, i16 => i32) }) };
            i32_load16_u_ai { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { fused!(c, { load_ai!(c, d, a, k, o, u16 => u32) }) };
            i64_load8_s_ai { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { fused!(c, { load_ai!(c, d, a, k, o, i8 => i64) }) };
            i64_load8_u_ai { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { fused!(c, { load_ai!(c, d, a, k, o, u8 => u64) }) };
            i64_load16_s_ai { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { fused!(c, { load_ai!(c, d, a, k, o, i16 => i64) }) };
            i64_load16_u_ai { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { fused!(c, { load_ai!(c, d, a, k, o, u16 => u64) }) };
            i64_load32_s_ai { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { fused!(c, { load_ai!(c, d, a, k, o, i32 => i64) }) };
            i64_load32_u_ai { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { fused!(c, { load_ai!(c, d, a, k, o, u32 => u64) }) };
            // Loads and stores whose address is the sum of two slots (`base + index`,
            // wrapping like the separate `i32.add`).
            i32_load_aa { d: Slot, a: Slot, b: Slot, o: u32 } => op |c| { fused!(c, { let k = c.get::<u32>(b); load_ai!(c, d, a, k, o, u32 => u32) }) };
            i64_load_aa { d: Slot, a: Slot, b: Slot, o: u32 } => op |c| { fused!(c, { let k = c.get::<u32>(b); load_ai!(c, d, a, k, o, u64 => u64) }) };
            i32_load8_u_aa { d: Slot, a: Slot, b: Slot, o: u32 } => op |c| { fused!(c, { let k = c.get::<u32>(b); load_ai!(c, d, a, k, o, u8 => u32) }) };
            // Scaled index: the address is `a + (b << sh)` (wrapping like the separate
            // `i32.shl` and `i32.add`), e.g. an array element or, in an interpreter
            // compiled to wasm, a register cell.
            i32_load_as { d: Slot, a: Slot, b: Slot, sh: u32, o: u32 } => op |c| { fused!(c, { let k = c.get::<u32>(b) << (sh & 31); load_ai!(c, d, a, k, o, u32 => u32) }) };
            i64_load_as { d: Slot, a: Slot, b: Slot, sh: u32, o: u32 } => op |c| { fused!(c, { let k = c.get::<u32>(b) << (sh & 31); load_ai!(c, d, a, k, o, u64 => u64) }) };
            // `*_as` whose index is itself loaded from memory 0 at `x + p`: an operand
            // fetch of an interpreter compiled to wasm (a register number read from its
            // code, then the register).
            i32_load_as_ld { d: Slot, a: Slot, x: Slot, p: u32, sh: u32, o: u32 } => op |c| { fused!(c, { let k = index_load!(c, x, p) << (sh & 31); load_ai!(c, d, a, k, o, u32 => u32) }) };
            i64_load_as_ld { d: Slot, a: Slot, x: Slot, p: u32, sh: u32, o: u32 } => op |c| { fused!(c, { let k = index_load!(c, x, p) << (sh & 31); load_ai!(c, d, a, k, o, u64 => u64) }) };
            i64_load32_u_as { d: Slot, a: Slot, b: Slot, sh: u32, o: u32 } => op |c| { fused!(c, { let k = c.get::<u32>(b) << (sh & 31); load_ai!(c, d, a, k, o, u32 => u64) }) };
            i32_load8_u_as { d: Slot, a: Slot, b: Slot, sh: u32, o: u32 } => op |c| { fused!(c, { let k = c.get::<u32>(b) << (sh & 31); load_ai!(c, d, a, k, o, u8 => u32) }) };
            i64_load32_u_aa { d: Slot, a: Slot, b: Slot, o: u32 } => op |c| { fused!(c, { let k = c.get::<u32>(b); load_ai!(c, d, a, k, o, u32 => u64) }) };
            // A constant address (statics, globals of C programs): `e` is the address plus
            // the offset, below 2^32.
            i32_load_k { d: Slot, e: u32 } => op |c| { fused!(c, { load_k!(c, d, e, u32 => u32) }) };
            i64_load_k { d: Slot, e: u32 } => op |c| { fused!(c, { load_k!(c, d, e, u64 => u64) }) };
            i32_load8_u_k { d: Slot, e: u32 } => op |c| { fused!(c, { load_k!(c, d, e, u8 => u32) }) };
            i64_load32_u_k { d: Slot, e: u32 } => op |c| { fused!(c, { load_k!(c, d, e, u32 => u64) }) };
            i32_store_k { e: u32, s: Slot } => op |c| { fused!(c, { store_k!(c, e, s, u32 => u32) }) };
            i64_store_k { e: u32, s: Slot } => op |c| { fused!(c, { store_k!(c, e, s, u64 => u64) }) };
            i32_store8_k { e: u32, s: Slot } => op |c| { fused!(c, { store_k!(c, e, s, u32 => u8) }) };
            i32_store_aa { a: Slot, b: Slot, s: Slot, o: u32 } => op |c| { fused!(c, { let k = c.get::<u32>(b); store_ai!(c, a, k, s, o, u32 => u32) }) };
            i64_store_aa { a: Slot, b: Slot, s: Slot, o: u32 } => op |c| { fused!(c, { let k = c.get::<u32>(b); store_ai!(c, a, k, s, o, u64 => u64) }) };
            i32_store8_aa { a: Slot, b: Slot, s: Slot, o: u32 } => op |c| { fused!(c, { let k = c.get::<u32>(b); store_ai!(c, a, k, s, o, u32 => u8) }) };
            i32_store_ai { a: Slot, k: u32, s: Slot, o: u32 } => op |c| { fused!(c, { store_ai!(c, a, k, s, o, u32 => u32) }) };
            i64_store_ai { a: Slot, k: u32, s: Slot, o: u32 } => op |c| { fused!(c, { store_ai!(c, a, k, s, o, u64 => u64) }) };
            i32_store8_ai { a: Slot, k: u32, s: Slot, o: u32 } => op |c| { fused!(c, { store_ai!(c, a, k, s, o, u32 => u8) }) };
            i32_store16_ai { a: Slot, k: u32, s: Slot, o: u32 } => op |c| { fused!(c, { store_ai!(c, a, k, s, o, u32 => u16) }) };
            i64_store8_ai { a: Slot, k: u32, s: Slot, o: u32 } => op |c| { fused!(c, { store_ai!(c, a, k, s, o, u64 => u8) }) };
            i64_store16_ai { a: Slot, k: u32, s: Slot, o: u32 } => op |c| { fused!(c, { store_ai!(c, a, k, s, o, u64 => u16) }) };
            i64_store32_ai { a: Slot, k: u32, s: Slot, o: u32 } => op |c| { fused!(c, { store_ai!(c, a, k, s, o, u64 => u32) }) };
            // Loads and stores on any memory (multi-memory); `k` is a `exec::MemKind`.
            load_m { d: Slot, a: Slot, o: u32, m: u32, k: u32 } => op |c| {
                if let Err(t) = exec::load_m(c, d, a, o, m, k) { return c.trap(t) }
            };
            store_m { a: Slot, s: Slot, o: u32, m: u32, k: u32 } => op |c| {
                if let Err(t) = exec::store_m(c, a, s, o, m, k) { return c.trap(t) }
            };
            memory_size { d: Slot, m: u32 } => op |c| { exec::memory_size(c, d, m) };
            memory_grow { d: Slot, n: Slot, m: u32 } => op |c| { exec::memory_grow(c, d, n, m) };
            memory_fill { m: u32, dst: Slot, v: Slot, n: Slot } => op |c| {
                if let Err(t) = exec::memory_fill(c, m, dst, v, n) { return c.trap(t) }
            };
            memory_copy { dm: u32, sm: u32, dst: Slot, src: Slot, n: Slot } => op |c| {
                if let Err(t) = exec::memory_copy(c, dm, sm, dst, src, n) { return c.trap(t) }
            };
            memory_init { m: u32, seg: u32, dst: Slot, src: Slot, n: Slot } => op |c| {
                if let Err(t) = exec::memory_init(c, m, seg, dst, src, n) { return c.trap(t) }
            };
            data_drop { seg: u32 } => op |c| { exec::data_drop(c, seg) };
            // ---- 64-bit memories (memory64) -------------------------------------------
            // A 64-bit memory stays below 4 GiB, so an address above u32::MAX is out of
            // bounds; below, the 32-bit load or store that follows reads the address's low
            // half (a cell holds it zero-extended) and does the exact bounds check.
            addr64 { a: Slot } => op |c| {
                if c.get::<u64>(a) > u32::MAX as u64 { trap!(c, MemoryOutOfBounds) }
            };
            // A load or store whose static offset is 2^32 or more: always out of bounds.
            mem_oob {} => op |c| { trap!(c, MemoryOutOfBounds) };
            memory_grow64 { d: Slot, n: Slot, m: u32 } => op |c| { mem64!(c, exec::memory_grow64(c, d, n, m)) };
            memory_fill64 { m: u32, dst: Slot, v: Slot, n: Slot } => op |c| {
                mem64!(c, if let Err(t) = exec::memory_fill64(c, m, dst, v, n) { return c.trap(t) })
            };
            // `w`: bit 0, the destination address is an i64; bit 1, the source address;
            // the length is an i64 when both are.
            memory_copy64 { dm: u32, sm: u32, dst: Slot, src: Slot, n: Slot, w: u32 } => op |c| {
                mem64!(c, if let Err(t) = exec::memory_copy64(c, dm, sm, dst, src, n, w) { return c.trap(t) })
            };
            memory_init64 { m: u32, seg: u32, dst: Slot, src: Slot, n: Slot } => op |c| {
                mem64!(c, if let Err(t) = exec::memory_init64(c, m, seg, dst, src, n) { return c.trap(t) })
            };

            // ---- tables -------------------------------------------------------------------
            table_get { d: Slot, t: u32, i: Slot } => op |c| {
                match exec::table_get(c, t, c.get::<u32>(i)) { Ok(v) => c.set(d, v), Err(e) => return c.trap(e) }
            };
            table_set { t: u32, i: Slot, v: Slot } => op |c| {
                if let Err(e) = exec::table_set(c, t, c.get::<u32>(i), c.get::<u64>(v)) { return c.trap(e) }
            };
            table_size { d: Slot, t: u32 } => op |c| { let n = exec::table_size(c, t); c.set(d, n) };
            table_grow { d: Slot, t: u32, v: Slot, n: Slot } => op |c| {
                let r = exec::table_grow(c, t, c.get::<u64>(v), c.get::<u32>(n)); c.set(d, r)
            };
            table_fill { t: u32, i: Slot, v: Slot, n: Slot } => op |c| {
                if let Err(e) = exec::table_fill(c, t, i, v, n) { return c.trap(e) }
            };
            table_copy { dt: u32, st: u32, dst: Slot, src: Slot, n: Slot } => op |c| {
                if let Err(e) = exec::table_copy(c, dt, st, dst, src, n) { return c.trap(e) }
            };
            table_init { t: u32, seg: u32, dst: Slot, src: Slot, n: Slot } => op |c| {
                if let Err(e) = exec::table_init(c, t, seg, dst, src, n) { return c.trap(e) }
            };
            elem_drop { seg: u32 } => op |c| { exec::elem_drop(c, seg) };

            // ---- fused multiply-add: `f64.mul` and then `f64.add`/`f64.sub` on its
            // result, with the same two roundings (not an FMA); Rust never contracts
            // `x * y + z` (n-body). At the end of the list: in wint.wasm the op list's
            // order is the order of the match backend's arms, and Cranelift (wasmtime)
            // allocated registers worse with these three among the float ops (fib nested
            // on wasmtime 0.84 s instead of 0.49 s) ----------------------------------------
            f64_mul_add { d: Slot, a: Slot, b: Slot, e: Slot } => op |c| { fused!(c, { let p = c.get::<f64>(a) * c.get::<f64>(b); c.set(d, p + c.get::<f64>(e)) }) };
            f64_mul_sub { d: Slot, a: Slot, b: Slot, e: Slot } => op |c| { fused!(c, { let p = c.get::<f64>(a) * c.get::<f64>(b); c.set(d, p - c.get::<f64>(e)) }) };
            f64_sub_mul { d: Slot, e: Slot, a: Slot, b: Slot } => op |c| { fused!(c, { let p = c.get::<f64>(a) * c.get::<f64>(b); c.set(d, c.get::<f64>(e) - p) }) };
        }
    };
}

/// Calls `$m! { entries }` with the accumulator forms (see `Ctx::acc` and
/// docs/ARCHITECTURE.md): each reads one operand from the accumulator, the result of the
/// instruction just before, instead of from its slot, which stays in the code unread so
/// that the translator switches an instruction to its form by rewriting its handler
/// (`exec::acc_form`). They exist with handler addresses (tail-call and loop backends)
/// and `fused`; the match backend does not carry the accumulator: in wint.wasm nested on
/// wasmtime it took fib from 0.53 s to 0.83 s (Cranelift's register allocation of the
/// one big function) and gained nothing nested on wint.
#[cfg(all(feature = "fused", not(wint_match_dispatch)))]
macro_rules! for_each_acc_op {
    ($m:ident) => {
        $m! {
            i32_add_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc as u32, c.get::<u32>(b)); c.set::<u32>(d, x.wrapping_add(y)) };
            i32_sub_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc as u32, c.get::<u32>(b)); c.set::<u32>(d, x.wrapping_sub(y)) };
            i32_mul_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc as u32, c.get::<u32>(b)); c.set::<u32>(d, x.wrapping_mul(y)) };
            i32_and_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc as u32, c.get::<u32>(b)); c.set::<u32>(d, x & y) };
            i32_or_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc as u32, c.get::<u32>(b)); c.set::<u32>(d, x | y) };
            i32_xor_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc as u32, c.get::<u32>(b)); c.set::<u32>(d, x ^ y) };
            i32_shl_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc as u32, c.get::<u32>(b)); c.set::<u32>(d, x.wrapping_shl(y)) };
            i32_shr_u_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc as u32, c.get::<u32>(b)); c.set::<u32>(d, x.wrapping_shr(y)) };
            i32_shr_s_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc as u32, c.get::<u32>(b)); c.set::<u32>(d, ((x as i32).wrapping_shr(y)) as u32) };
            i32_rotl_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc as u32, c.get::<u32>(b)); c.set::<u32>(d, x.rotate_left(y)) };
            i32_rotr_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc as u32, c.get::<u32>(b)); c.set::<u32>(d, x.rotate_right(y)) };
            i32_add_ix { d: Slot, a: Slot, k: i32 } => op |c| { let (x, k) = (c.acc as u32, k as u32); c.set::<u32>(d, x.wrapping_add(k)) };
            i32_mul_ix { d: Slot, a: Slot, k: i32 } => op |c| { let (x, k) = (c.acc as u32, k as u32); c.set::<u32>(d, x.wrapping_mul(k)) };
            i32_and_ix { d: Slot, a: Slot, k: u32 } => op |c| { let (x, k) = (c.acc as u32, k); c.set::<u32>(d, x & k) };
            i32_or_ix { d: Slot, a: Slot, k: u32 } => op |c| { let (x, k) = (c.acc as u32, k); c.set::<u32>(d, x | k) };
            i32_xor_ix { d: Slot, a: Slot, k: u32 } => op |c| { let (x, k) = (c.acc as u32, k); c.set::<u32>(d, x ^ k) };
            i32_shl_ix { d: Slot, a: Slot, k: u32 } => op |c| { let (x, k) = (c.acc as u32, k); c.set::<u32>(d, x.wrapping_shl(k)) };
            i32_shr_u_ix { d: Slot, a: Slot, k: u32 } => op |c| { let (x, k) = (c.acc as u32, k); c.set::<u32>(d, x.wrapping_shr(k)) };
            i32_shr_s_ix { d: Slot, a: Slot, k: u32 } => op |c| { let (x, k) = (c.acc as u32, k); c.set::<u32>(d, ((x as i32).wrapping_shr(k)) as u32) };
            i32_rotl_ix { d: Slot, a: Slot, k: u32 } => op |c| { let (x, k) = (c.acc as u32, k); c.set::<u32>(d, x.rotate_left(k)) };
            i32_rotr_ix { d: Slot, a: Slot, k: u32 } => op |c| { let (x, k) = (c.acc as u32, k); c.set::<u32>(d, x.rotate_right(k)) };
            i64_add_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc, c.get::<u64>(b)); c.set::<u64>(d, x.wrapping_add(y)) };
            i64_sub_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc, c.get::<u64>(b)); c.set::<u64>(d, x.wrapping_sub(y)) };
            i64_mul_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc, c.get::<u64>(b)); c.set::<u64>(d, x.wrapping_mul(y)) };
            i64_and_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc, c.get::<u64>(b)); c.set::<u64>(d, x & y) };
            i64_or_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc, c.get::<u64>(b)); c.set::<u64>(d, x | y) };
            i64_xor_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc, c.get::<u64>(b)); c.set::<u64>(d, x ^ y) };
            i64_shl_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc, c.get::<u64>(b)); c.set::<u64>(d, x.wrapping_shl(y as u32)) };
            i64_shr_u_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc, c.get::<u64>(b)); c.set::<u64>(d, x.wrapping_shr(y as u32)) };
            i64_shr_s_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc, c.get::<u64>(b)); c.set::<u64>(d, ((x as i64).wrapping_shr(y as u32)) as u64) };
            i64_rotl_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc, c.get::<u64>(b)); c.set::<u64>(d, x.rotate_left(y as u32)) };
            i64_rotr_x { d: Slot, a: Slot, b: Slot } => op |c| { let (x, y) = (c.acc, c.get::<u64>(b)); c.set::<u64>(d, x.rotate_right(y as u32)) };
            i64_add_ix { d: Slot, a: Slot, k: i32 } => op |c| { let x = c.acc; c.set::<u64>(d, x.wrapping_add(k as i64 as u64)) };
            i64_mul_ix { d: Slot, a: Slot, k: i32 } => op |c| { let x = c.acc; c.set::<u64>(d, x.wrapping_mul(k as i64 as u64)) };
            i64_and_ix { d: Slot, a: Slot, k: i32 } => op |c| { let x = c.acc; c.set::<u64>(d, x & (k as i64 as u64)) };
            i64_or_ix { d: Slot, a: Slot, k: i32 } => op |c| { let x = c.acc; c.set::<u64>(d, x | (k as i64 as u64)) };
            i64_xor_ix { d: Slot, a: Slot, k: i32 } => op |c| { let x = c.acc; c.set::<u64>(d, x ^ (k as i64 as u64)) };
            i64_shl_ix { d: Slot, a: Slot, k: u32 } => op |c| { let x = c.acc; c.set::<u64>(d, x.wrapping_shl(k)) };
            i64_shr_u_ix { d: Slot, a: Slot, k: u32 } => op |c| { let x = c.acc; c.set::<u64>(d, x.wrapping_shr(k)) };
            i64_shr_s_ix { d: Slot, a: Slot, k: u32 } => op |c| { let x = c.acc; c.set::<u64>(d, ((x as i64).wrapping_shr(k)) as u64) };
            i64_rotl_ix { d: Slot, a: Slot, k: u32 } => op |c| { let x = c.acc; c.set::<u64>(d, x.rotate_left(k)) };
            i64_rotr_ix { d: Slot, a: Slot, k: u32 } => op |c| { let x = c.acc; c.set::<u64>(d, x.rotate_right(k)) };
            // loads whose address (`a`, or `a + k`, or `a + b`) has `a` in the accumulator
            i32_load_x { d: Slot, a: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, 0, o, u32 => u32) };
            i64_load_x { d: Slot, a: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, 0, o, u64 => u64) };
            f32_load_x { d: Slot, a: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, 0, o, u32 => u32) };
            f64_load_x { d: Slot, a: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, 0, o, u64 => u64) };
            i32_load8_s_x { d: Slot, a: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, 0, o, i8 => i32) };
            i32_load8_u_x { d: Slot, a: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, 0, o, u8 => u32) };
            i32_load16_s_x { d: Slot, a: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, 0, o, i16 => i32) };
            i32_load16_u_x { d: Slot, a: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, 0, o, u16 => u32) };
            i64_load8_u_x { d: Slot, a: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, 0, o, u8 => u64) };
            i64_load32_s_x { d: Slot, a: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, 0, o, i32 => i64) };
            i64_load32_u_x { d: Slot, a: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, 0, o, u32 => u64) };
            i32_load_aix { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { load_v!(c, d, c.acc, k, o, u32 => u32) };
            i64_load_aix { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { load_v!(c, d, c.acc, k, o, u64 => u64) };
            i32_load8_u_aix { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { load_v!(c, d, c.acc, k, o, u8 => u32) };
            i32_load16_u_aix { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { load_v!(c, d, c.acc, k, o, u16 => u32) };
            i64_load32_u_aix { d: Slot, a: Slot, k: u32, o: u32 } => op |c| { load_v!(c, d, c.acc, k, o, u32 => u64) };
            i32_load_aax { d: Slot, a: Slot, b: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, c.get::<u32>(b), o, u32 => u32) };
            i64_load_aax { d: Slot, a: Slot, b: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, c.get::<u32>(b), o, u64 => u64) };
            i32_load8_u_aax { d: Slot, a: Slot, b: Slot, o: u32 } => op |c| { load_v!(c, d, c.acc, c.get::<u32>(b), o, u8 => u32) };
            // stores of the accumulator; `select` on it; copies and global writes of it
            i32_store_x { a: Slot, s: Slot, o: u32 } => op |c| { store_v!(c, c.get::<u32>(a), 0, o, c.acc, u32) };
            i64_store_x { a: Slot, s: Slot, o: u32 } => op |c| { store_v!(c, c.get::<u32>(a), 0, o, c.acc, u64) };
            i32_store8_x { a: Slot, s: Slot, o: u32 } => op |c| { store_v!(c, c.get::<u32>(a), 0, o, c.acc, u8) };
            i32_store16_x { a: Slot, s: Slot, o: u32 } => op |c| { store_v!(c, c.get::<u32>(a), 0, o, c.acc, u16) };
            i64_store32_x { a: Slot, s: Slot, o: u32 } => op |c| { store_v!(c, c.get::<u32>(a), 0, o, c.acc, u32) };
            i32_store_kx { e: u32, s: Slot } => op |c| { let o = 0u32; store_v!(c, e, 0, o, c.acc, u32) };
            i64_store_kx { e: u32, s: Slot } => op |c| { let o = 0u32; store_v!(c, e, 0, o, c.acc, u64) };
            i32_store8_kx { e: u32, s: Slot } => op |c| { let o = 0u32; store_v!(c, e, 0, o, c.acc, u8) };
            i32_store_aix { a: Slot, k: u32, s: Slot, o: u32 } => op |c| { store_v!(c, c.get::<u32>(a), k, o, c.acc, u32) };
            i64_store_aix { a: Slot, k: u32, s: Slot, o: u32 } => op |c| { store_v!(c, c.get::<u32>(a), k, o, c.acc, u64) };
            i32_store8_aix { a: Slot, k: u32, s: Slot, o: u32 } => op |c| { store_v!(c, c.get::<u32>(a), k, o, c.acc, u8) };
            i32_store16_aix { a: Slot, k: u32, s: Slot, o: u32 } => op |c| { store_v!(c, c.get::<u32>(a), k, o, c.acc, u16) };
            i32_store_aax { a: Slot, b: Slot, s: Slot, o: u32 } => op |c| { store_v!(c, c.get::<u32>(a), c.get::<u32>(b), o, c.acc, u32) };
            i64_store_aax { a: Slot, b: Slot, s: Slot, o: u32 } => op |c| { store_v!(c, c.get::<u32>(a), c.get::<u32>(b), o, c.acc, u64) };
            // (`select_unpredictable`: with the condition in a register the compiler
            // otherwise branches on it, and the locals loop of `loops` ran 25% slower.)
            select_x { d: Slot, s: Slot, a: Slot, b: Slot } => op |c| {
                let x = c.fp.add(a as usize).read_volatile();
                let y = c.fp.add(b as usize).read_volatile();
                c.set(d, core::hint::select_unpredictable(c.acc as u32 != 0, x, y))
            };
            copy_x { d: Slot, s: Slot } => op |c| { let v = c.acc; c.set(d, v) };
            global_set_x { g: u32, s: Slot } => op |c| { *exec::global(c, g) = c.acc };
            // conversions and branches on the accumulator
            i32_wrap_i64_x { d: Slot, a: Slot } => op |c| { c.set::<u32>(d, c.acc as u32) };
            i64_extend_i32_s_x { d: Slot, a: Slot } => op |c| { c.set::<i64>(d, c.acc as u32 as i32 as i64) };
            i64_extend_i32_u_x { d: Slot, a: Slot } => op |c| { c.set::<u64>(d, c.acc as u32 as u64) };
            br_nz_x { off: i32, s: Slot } => ctl |c| { c.ip = if c.acc as u32 != 0 { c.ip.offset(off as isize) } else { c.np } };
            br_z_x { off: i32, s: Slot } => ctl |c| { c.ip = if c.acc as u32 == 0 { c.ip.offset(off as isize) } else { c.np } };
            br_i32_eq_x { off: i32, a: Slot, b: Slot } => ctl |c| { c.ip = if (c.acc as u32 as u32) == c.get::<u32>(b) { c.ip.offset(off as isize) } else { c.np } };
            br_i32_ne_x { off: i32, a: Slot, b: Slot } => ctl |c| { c.ip = if (c.acc as u32 as u32) != c.get::<u32>(b) { c.ip.offset(off as isize) } else { c.np } };
            br_i32_lt_s_x { off: i32, a: Slot, b: Slot } => ctl |c| { c.ip = if (c.acc as u32 as i32) < c.get::<i32>(b) { c.ip.offset(off as isize) } else { c.np } };
            br_i32_lt_u_x { off: i32, a: Slot, b: Slot } => ctl |c| { c.ip = if (c.acc as u32 as u32) < c.get::<u32>(b) { c.ip.offset(off as isize) } else { c.np } };
            br_i32_gt_s_x { off: i32, a: Slot, b: Slot } => ctl |c| { c.ip = if (c.acc as u32 as i32) > c.get::<i32>(b) { c.ip.offset(off as isize) } else { c.np } };
            br_i32_gt_u_x { off: i32, a: Slot, b: Slot } => ctl |c| { c.ip = if (c.acc as u32 as u32) > c.get::<u32>(b) { c.ip.offset(off as isize) } else { c.np } };
            br_i32_le_s_x { off: i32, a: Slot, b: Slot } => ctl |c| { c.ip = if (c.acc as u32 as i32) <= c.get::<i32>(b) { c.ip.offset(off as isize) } else { c.np } };
            br_i32_le_u_x { off: i32, a: Slot, b: Slot } => ctl |c| { c.ip = if (c.acc as u32 as u32) <= c.get::<u32>(b) { c.ip.offset(off as isize) } else { c.np } };
            br_i32_ge_s_x { off: i32, a: Slot, b: Slot } => ctl |c| { c.ip = if (c.acc as u32 as i32) >= c.get::<i32>(b) { c.ip.offset(off as isize) } else { c.np } };
            br_i32_ge_u_x { off: i32, a: Slot, b: Slot } => ctl |c| { c.ip = if (c.acc as u32 as u32) >= c.get::<u32>(b) { c.ip.offset(off as isize) } else { c.np } };
            br_i32_eq_ix { off: i32, a: Slot, k: u32 } => ctl |c| { c.ip = if (c.acc as u32 as u32) == k { c.ip.offset(off as isize) } else { c.np } };
            br_i32_ne_ix { off: i32, a: Slot, k: u32 } => ctl |c| { c.ip = if (c.acc as u32 as u32) != k { c.ip.offset(off as isize) } else { c.np } };
            br_i32_lt_s_ix { off: i32, a: Slot, k: i32 } => ctl |c| { c.ip = if (c.acc as u32 as i32) < k { c.ip.offset(off as isize) } else { c.np } };
            br_i32_lt_u_ix { off: i32, a: Slot, k: u32 } => ctl |c| { c.ip = if (c.acc as u32 as u32) < k { c.ip.offset(off as isize) } else { c.np } };
            br_i32_gt_s_ix { off: i32, a: Slot, k: i32 } => ctl |c| { c.ip = if (c.acc as u32 as i32) > k { c.ip.offset(off as isize) } else { c.np } };
            br_i32_gt_u_ix { off: i32, a: Slot, k: u32 } => ctl |c| { c.ip = if (c.acc as u32 as u32) > k { c.ip.offset(off as isize) } else { c.np } };
            br_i32_le_s_ix { off: i32, a: Slot, k: i32 } => ctl |c| { c.ip = if (c.acc as u32 as i32) <= k { c.ip.offset(off as isize) } else { c.np } };
            br_i32_le_u_ix { off: i32, a: Slot, k: u32 } => ctl |c| { c.ip = if (c.acc as u32 as u32) <= k { c.ip.offset(off as isize) } else { c.np } };
            br_i32_ge_s_ix { off: i32, a: Slot, k: i32 } => ctl |c| { c.ip = if (c.acc as u32 as i32) >= k { c.ip.offset(off as isize) } else { c.np } };
            br_i32_ge_u_ix { off: i32, a: Slot, k: u32 } => ctl |c| { c.ip = if (c.acc as u32 as u32) >= k { c.ip.offset(off as isize) } else { c.np } };
        }
    };
}
#[cfg(not(all(feature = "fused", not(wint_match_dispatch))))]
macro_rules! for_each_acc_op {
    ($m:ident) => {
        $m! {}
    };
}
