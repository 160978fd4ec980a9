//! The SIMD half of the op list (see `ops/mod.rs`): every 128-bit SIMD instruction.
//!
//! The semantics live in [`crate::exec::simd`]; the bodies here only move operands. A
//! vector occupies two consecutive cells and is accessed as a `u128` (lane 0 in the low
//! bits). Scalar results (extract_lane, any_true, all_true, bitmask) are written with
//! their own type, so they are zero-extended into their cell like every scalar. Lane
//! indices are `u32` immediates (validated; `exec::simd` also reduces them modulo the lane
//! count, so no input can panic); the 16 lane indices of `i8x16.shuffle` are one `u128`
//! immediate, lane 0 in the low byte. Loads and stores address memory 0 only, like the
//! scalar ones, with the same bounds check (`c.ea`).

// Helpers for the op bodies. They are defined before `for_each_simd_op!` so that they are
// in textual scope wherever the list is expanded (`exec::tail`, `exec::looped`).

/// `d = f(a)` on vectors.
macro_rules! vun {
    ($c:ident, $d:ident, $a:ident, $f:expr) => {{
        let f: fn(u128) -> u128 = $f;
        let r = f($c.get::<u128>($a));
        $c.set::<u128>($d, r)
    }};
}

/// `d = f(a, b)` on vectors.
macro_rules! vbin {
    ($c:ident, $d:ident, $a:ident, $b:ident, $f:expr) => {{
        let f: fn(u128, u128) -> u128 = $f;
        let r = f($c.get::<u128>($a), $c.get::<u128>($b));
        $c.set::<u128>($d, r)
    }};
}

/// `d = f(a, s)`: vector `a` shifted by the `i32` in `s`.
macro_rules! vshift {
    ($c:ident, $d:ident, $a:ident, $s:ident, $f:expr) => {{
        let f: fn(u128, u32) -> u128 = $f;
        let r = f($c.get::<u128>($a), $c.get::<u32>($s));
        $c.set::<u128>($d, r)
    }};
}

/// `d = f(a)` as an `i32`, for the tests (`bool`) and bitmasks (`i32`) of a vector.
macro_rules! vtest {
    ($c:ident, $d:ident, $a:ident, $f:expr) => {{
        let r = $f($c.get::<u128>($a)) as u32;
        $c.set::<u32>($d, r)
    }};
}

/// `d = f(a)`: a vector of copies of the scalar `a` of type `$t`.
macro_rules! vsplat {
    ($c:ident, $d:ident, $a:ident, $t:ty, $f:expr) => {{
        let f: fn($t) -> u128 = $f;
        let r = f($c.get::<$t>($a));
        $c.set::<u128>($d, r)
    }};
}

/// `d = f(a, lane)`: a scalar of type `$t` taken from vector `a`.
macro_rules! vextract {
    ($c:ident, $d:ident, $a:ident, $lane:ident, $t:ty, $f:expr) => {{
        let f: fn(u128, u8) -> $t = $f;
        let r = f($c.get::<u128>($a), $lane as u8);
        $c.set::<$t>($d, r)
    }};
}

/// `d = f(a, lane, s)`: vector `a` with one lane replaced by the scalar `s` of type `$t`.
macro_rules! vreplace {
    ($c:ident, $d:ident, $a:ident, $s:ident, $lane:ident, $t:ty, $f:expr) => {{
        let f: fn(u128, u8, $t) -> u128 = $f;
        let r = f($c.get::<u128>($a), $lane as u8, $c.get::<$t>($s));
        $c.set::<u128>($d, r)
    }};
}

/// Loads a `$tm` (little-endian) from memory 0 at address `a` plus offset `o` into `$x`,
/// then sets vector `d` to `$e`; traps when the access is out of bounds.
macro_rules! vload {
    ($c:ident, $d:ident, $a:ident, $o:ident, $tm:ty, |$x:ident| $e:expr) => {{
        const N: usize = core::mem::size_of::<$tm>();
        match $c.ea::<N>($a, $o) {
            Some(p) => {
                let $x = <$tm>::from_le_bytes(core::ptr::read_unaligned(p as *const [u8; N]));
                let r: u128 = $e;
                $c.set::<u128>($d, r)
            }
            None => return exec::mem0_trap($c.x, $c.get::<u32>($a) as u64 + $o as u64, N),
        }
    }};
}

/// Stores the `$tm` value `$e` (little-endian) to memory 0 at address `a` plus offset `o`;
/// traps when the access is out of bounds.
macro_rules! vstore {
    ($c:ident, $a:ident, $o:ident, $tm:ty, $e:expr) => {{
        const N: usize = core::mem::size_of::<$tm>();
        match $c.ea::<N>($a, $o) {
            Some(p) => {
                let val: $tm = $e;
                core::ptr::write_unaligned(p as *mut [u8; N], val.to_le_bytes())
            }
            None => return exec::mem0_trap($c.x, $c.get::<u32>($a) as u64 + $o as u64, N),
        }
    }};
}

/// Calls `$m! { entries }` with the SIMD ops.
///
/// Operand slots: `d` the result, `a`/`b` the operands in stack order, `m` the mask of
/// `v128.bitselect`, `s` a scalar operand (shift count, replacement lane, stored vector),
/// `v` the vector of a lane load/store; `o` is a memory offset.
macro_rules! for_each_simd_op {
    ($m:ident) => {
        $m! {
            // ---- memory 0 (loads, stores, lane loads and stores) -------------------------
            v128_load { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u128, |x| x) };
            v128_load8x8_s { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u64, |x| simd::v128_load8x8_s(x)) };
            v128_load8x8_u { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u64, |x| simd::v128_load8x8_u(x)) };
            v128_load16x4_s { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u64, |x| simd::v128_load16x4_s(x)) };
            v128_load16x4_u { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u64, |x| simd::v128_load16x4_u(x)) };
            v128_load32x2_s { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u64, |x| simd::v128_load32x2_s(x)) };
            v128_load32x2_u { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u64, |x| simd::v128_load32x2_u(x)) };
            v128_load8_splat { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u8, |x| simd::v128_load8_splat(x)) };
            v128_load16_splat { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u16, |x| simd::v128_load16_splat(x)) };
            v128_load32_splat { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u32, |x| simd::v128_load32_splat(x)) };
            v128_load64_splat { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u64, |x| simd::v128_load64_splat(x)) };
            v128_load32_zero { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u32, |x| simd::v128_load32_zero(x)) };
            v128_load64_zero { d: Slot, a: Slot, o: u32 } => op |c| { vload!(c, d, a, o, u64, |x| simd::v128_load64_zero(x)) };
            v128_store { a: Slot, s: Slot, o: u32 } => op |c| { vstore!(c, a, o, u128, c.get(s)) };
            v128_load8_lane { d: Slot, a: Slot, v: Slot, o: u32, lane: u32 } => op |c| {
                vload!(c, d, a, o, u8, |x| simd::i8x16_replace_lane(c.get(v), lane as u8, x as i32))
            };
            v128_load16_lane { d: Slot, a: Slot, v: Slot, o: u32, lane: u32 } => op |c| {
                vload!(c, d, a, o, u16, |x| simd::i16x8_replace_lane(c.get(v), lane as u8, x as i32))
            };
            v128_load32_lane { d: Slot, a: Slot, v: Slot, o: u32, lane: u32 } => op |c| {
                vload!(c, d, a, o, u32, |x| simd::i32x4_replace_lane(c.get(v), lane as u8, x as i32))
            };
            v128_load64_lane { d: Slot, a: Slot, v: Slot, o: u32, lane: u32 } => op |c| {
                vload!(c, d, a, o, u64, |x| simd::i64x2_replace_lane(c.get(v), lane as u8, x as i64))
            };
            v128_store8_lane { a: Slot, v: Slot, o: u32, lane: u32 } => op |c| {
                vstore!(c, a, o, u8, simd::i8x16_extract_lane_u(c.get(v), lane as u8) as u8)
            };
            v128_store16_lane { a: Slot, v: Slot, o: u32, lane: u32 } => op |c| {
                vstore!(c, a, o, u16, simd::i16x8_extract_lane_u(c.get(v), lane as u8) as u16)
            };
            v128_store32_lane { a: Slot, v: Slot, o: u32, lane: u32 } => op |c| {
                vstore!(c, a, o, u32, simd::i32x4_extract_lane(c.get(v), lane as u8) as u32)
            };
            v128_store64_lane { a: Slot, v: Slot, o: u32, lane: u32 } => op |c| {
                vstore!(c, a, o, u64, simd::i64x2_extract_lane(c.get(v), lane as u8) as u64)
            };

            // ---- shuffle, lanes, splat ---------------------------------------------------
            i8x16_shuffle { d: Slot, a: Slot, b: Slot, lanes: u128 } => op |c| {
                let r = simd::i8x16_shuffle(c.get(a), c.get(b), &lanes.to_le_bytes());
                c.set::<u128>(d, r)
            };
            i8x16_extract_lane_s { d: Slot, a: Slot, lane: u32 } => op |c| { vextract!(c, d, a, lane, i32, simd::i8x16_extract_lane_s) };
            i8x16_extract_lane_u { d: Slot, a: Slot, lane: u32 } => op |c| { vextract!(c, d, a, lane, i32, simd::i8x16_extract_lane_u) };
            i8x16_replace_lane { d: Slot, a: Slot, s: Slot, lane: u32 } => op |c| { vreplace!(c, d, a, s, lane, i32, simd::i8x16_replace_lane) };
            i16x8_extract_lane_s { d: Slot, a: Slot, lane: u32 } => op |c| { vextract!(c, d, a, lane, i32, simd::i16x8_extract_lane_s) };
            i16x8_extract_lane_u { d: Slot, a: Slot, lane: u32 } => op |c| { vextract!(c, d, a, lane, i32, simd::i16x8_extract_lane_u) };
            i16x8_replace_lane { d: Slot, a: Slot, s: Slot, lane: u32 } => op |c| { vreplace!(c, d, a, s, lane, i32, simd::i16x8_replace_lane) };
            i32x4_extract_lane { d: Slot, a: Slot, lane: u32 } => op |c| { vextract!(c, d, a, lane, i32, simd::i32x4_extract_lane) };
            i32x4_replace_lane { d: Slot, a: Slot, s: Slot, lane: u32 } => op |c| { vreplace!(c, d, a, s, lane, i32, simd::i32x4_replace_lane) };
            i64x2_extract_lane { d: Slot, a: Slot, lane: u32 } => op |c| { vextract!(c, d, a, lane, i64, simd::i64x2_extract_lane) };
            i64x2_replace_lane { d: Slot, a: Slot, s: Slot, lane: u32 } => op |c| { vreplace!(c, d, a, s, lane, i64, simd::i64x2_replace_lane) };
            f32x4_extract_lane { d: Slot, a: Slot, lane: u32 } => op |c| { vextract!(c, d, a, lane, f32, simd::f32x4_extract_lane) };
            f32x4_replace_lane { d: Slot, a: Slot, s: Slot, lane: u32 } => op |c| { vreplace!(c, d, a, s, lane, f32, simd::f32x4_replace_lane) };
            f64x2_extract_lane { d: Slot, a: Slot, lane: u32 } => op |c| { vextract!(c, d, a, lane, f64, simd::f64x2_extract_lane) };
            f64x2_replace_lane { d: Slot, a: Slot, s: Slot, lane: u32 } => op |c| { vreplace!(c, d, a, s, lane, f64, simd::f64x2_replace_lane) };
            i8x16_swizzle { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_swizzle) };
            i8x16_splat { d: Slot, a: Slot } => op |c| { vsplat!(c, d, a, i32, simd::i8x16_splat) };
            i16x8_splat { d: Slot, a: Slot } => op |c| { vsplat!(c, d, a, i32, simd::i16x8_splat) };
            i32x4_splat { d: Slot, a: Slot } => op |c| { vsplat!(c, d, a, i32, simd::i32x4_splat) };
            i64x2_splat { d: Slot, a: Slot } => op |c| { vsplat!(c, d, a, i64, simd::i64x2_splat) };
            f32x4_splat { d: Slot, a: Slot } => op |c| { vsplat!(c, d, a, f32, simd::f32x4_splat) };
            f64x2_splat { d: Slot, a: Slot } => op |c| { vsplat!(c, d, a, f64, simd::f64x2_splat) };

            // ---- comparisons (all-ones lane for true) ------------------------------------
            i8x16_eq { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_eq) };
            i8x16_ne { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_ne) };
            i8x16_lt_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_lt_s) };
            i8x16_lt_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_lt_u) };
            i8x16_gt_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_gt_s) };
            i8x16_gt_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_gt_u) };
            i8x16_le_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_le_s) };
            i8x16_le_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_le_u) };
            i8x16_ge_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_ge_s) };
            i8x16_ge_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_ge_u) };
            i16x8_eq { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_eq) };
            i16x8_ne { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_ne) };
            i16x8_lt_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_lt_s) };
            i16x8_lt_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_lt_u) };
            i16x8_gt_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_gt_s) };
            i16x8_gt_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_gt_u) };
            i16x8_le_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_le_s) };
            i16x8_le_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_le_u) };
            i16x8_ge_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_ge_s) };
            i16x8_ge_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_ge_u) };
            i32x4_eq { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_eq) };
            i32x4_ne { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_ne) };
            i32x4_lt_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_lt_s) };
            i32x4_lt_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_lt_u) };
            i32x4_gt_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_gt_s) };
            i32x4_gt_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_gt_u) };
            i32x4_le_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_le_s) };
            i32x4_le_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_le_u) };
            i32x4_ge_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_ge_s) };
            i32x4_ge_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_ge_u) };
            i64x2_eq { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_eq) };
            i64x2_ne { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_ne) };
            i64x2_lt_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_lt_s) };
            i64x2_gt_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_gt_s) };
            i64x2_le_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_le_s) };
            i64x2_ge_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_ge_s) };
            f32x4_eq { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_eq) };
            f32x4_ne { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_ne) };
            f32x4_lt { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_lt) };
            f32x4_gt { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_gt) };
            f32x4_le { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_le) };
            f32x4_ge { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_ge) };
            f64x2_eq { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_eq) };
            f64x2_ne { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_ne) };
            f64x2_lt { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_lt) };
            f64x2_gt { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_gt) };
            f64x2_le { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_le) };
            f64x2_ge { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_ge) };

            // ---- bitwise -----------------------------------------------------------------
            v128_not { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::v128_not) };
            v128_and { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::v128_and) };
            v128_andnot { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::v128_andnot) };
            v128_or { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::v128_or) };
            v128_xor { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::v128_xor) };
            v128_bitselect { d: Slot, a: Slot, b: Slot, m: Slot } => op |c| {
                let r = simd::v128_bitselect(c.get(a), c.get(b), c.get(m));
                c.set::<u128>(d, r)
            };
            v128_any_true { d: Slot, a: Slot } => op |c| { vtest!(c, d, a, simd::v128_any_true) };

            // ---- i8x16 arithmetic --------------------------------------------------------
            i8x16_abs { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i8x16_abs) };
            i8x16_neg { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i8x16_neg) };
            i8x16_popcnt { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i8x16_popcnt) };
            i8x16_all_true { d: Slot, a: Slot } => op |c| { vtest!(c, d, a, simd::i8x16_all_true) };
            i8x16_bitmask { d: Slot, a: Slot } => op |c| { vtest!(c, d, a, simd::i8x16_bitmask) };
            i8x16_narrow_i16x8_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_narrow_i16x8_s) };
            i8x16_narrow_i16x8_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_narrow_i16x8_u) };
            i8x16_shl { d: Slot, a: Slot, s: Slot } => op |c| { vshift!(c, d, a, s, simd::i8x16_shl) };
            i8x16_shr_s { d: Slot, a: Slot, s: Slot } => op |c| { vshift!(c, d, a, s, simd::i8x16_shr_s) };
            i8x16_shr_u { d: Slot, a: Slot, s: Slot } => op |c| { vshift!(c, d, a, s, simd::i8x16_shr_u) };
            i8x16_add { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_add) };
            i8x16_add_sat_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_add_sat_s) };
            i8x16_add_sat_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_add_sat_u) };
            i8x16_sub { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_sub) };
            i8x16_sub_sat_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_sub_sat_s) };
            i8x16_sub_sat_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_sub_sat_u) };
            i8x16_min_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_min_s) };
            i8x16_min_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_min_u) };
            i8x16_max_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_max_s) };
            i8x16_max_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_max_u) };
            i8x16_avgr_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i8x16_avgr_u) };

            // ---- i16x8 arithmetic --------------------------------------------------------
            i16x8_extadd_pairwise_i8x16_s { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i16x8_extadd_pairwise_i8x16_s) };
            i16x8_extadd_pairwise_i8x16_u { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i16x8_extadd_pairwise_i8x16_u) };
            i16x8_abs { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i16x8_abs) };
            i16x8_neg { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i16x8_neg) };
            i16x8_q15mulr_sat_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_q15mulr_sat_s) };
            i16x8_all_true { d: Slot, a: Slot } => op |c| { vtest!(c, d, a, simd::i16x8_all_true) };
            i16x8_bitmask { d: Slot, a: Slot } => op |c| { vtest!(c, d, a, simd::i16x8_bitmask) };
            i16x8_narrow_i32x4_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_narrow_i32x4_s) };
            i16x8_narrow_i32x4_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_narrow_i32x4_u) };
            i16x8_extend_low_i8x16_s { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i16x8_extend_low_i8x16_s) };
            i16x8_extend_high_i8x16_s { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i16x8_extend_high_i8x16_s) };
            i16x8_extend_low_i8x16_u { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i16x8_extend_low_i8x16_u) };
            i16x8_extend_high_i8x16_u { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i16x8_extend_high_i8x16_u) };
            i16x8_shl { d: Slot, a: Slot, s: Slot } => op |c| { vshift!(c, d, a, s, simd::i16x8_shl) };
            i16x8_shr_s { d: Slot, a: Slot, s: Slot } => op |c| { vshift!(c, d, a, s, simd::i16x8_shr_s) };
            i16x8_shr_u { d: Slot, a: Slot, s: Slot } => op |c| { vshift!(c, d, a, s, simd::i16x8_shr_u) };
            i16x8_add { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_add) };
            i16x8_add_sat_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_add_sat_s) };
            i16x8_add_sat_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_add_sat_u) };
            i16x8_sub { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_sub) };
            i16x8_sub_sat_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_sub_sat_s) };
            i16x8_sub_sat_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_sub_sat_u) };
            i16x8_mul { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_mul) };
            i16x8_min_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_min_s) };
            i16x8_min_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_min_u) };
            i16x8_max_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_max_s) };
            i16x8_max_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_max_u) };
            i16x8_avgr_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_avgr_u) };
            i16x8_extmul_low_i8x16_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_extmul_low_i8x16_s) };
            i16x8_extmul_high_i8x16_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_extmul_high_i8x16_s) };
            i16x8_extmul_low_i8x16_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_extmul_low_i8x16_u) };
            i16x8_extmul_high_i8x16_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i16x8_extmul_high_i8x16_u) };

            // ---- i32x4 arithmetic --------------------------------------------------------
            i32x4_extadd_pairwise_i16x8_s { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i32x4_extadd_pairwise_i16x8_s) };
            i32x4_extadd_pairwise_i16x8_u { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i32x4_extadd_pairwise_i16x8_u) };
            i32x4_abs { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i32x4_abs) };
            i32x4_neg { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i32x4_neg) };
            i32x4_all_true { d: Slot, a: Slot } => op |c| { vtest!(c, d, a, simd::i32x4_all_true) };
            i32x4_bitmask { d: Slot, a: Slot } => op |c| { vtest!(c, d, a, simd::i32x4_bitmask) };
            i32x4_extend_low_i16x8_s { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i32x4_extend_low_i16x8_s) };
            i32x4_extend_high_i16x8_s { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i32x4_extend_high_i16x8_s) };
            i32x4_extend_low_i16x8_u { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i32x4_extend_low_i16x8_u) };
            i32x4_extend_high_i16x8_u { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i32x4_extend_high_i16x8_u) };
            i32x4_shl { d: Slot, a: Slot, s: Slot } => op |c| { vshift!(c, d, a, s, simd::i32x4_shl) };
            i32x4_shr_s { d: Slot, a: Slot, s: Slot } => op |c| { vshift!(c, d, a, s, simd::i32x4_shr_s) };
            i32x4_shr_u { d: Slot, a: Slot, s: Slot } => op |c| { vshift!(c, d, a, s, simd::i32x4_shr_u) };
            i32x4_add { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_add) };
            i32x4_sub { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_sub) };
            i32x4_mul { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_mul) };
            i32x4_min_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_min_s) };
            i32x4_min_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_min_u) };
            i32x4_max_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_max_s) };
            i32x4_max_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_max_u) };
            i32x4_dot_i16x8_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_dot_i16x8_s) };
            i32x4_extmul_low_i16x8_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_extmul_low_i16x8_s) };
            i32x4_extmul_high_i16x8_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_extmul_high_i16x8_s) };
            i32x4_extmul_low_i16x8_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_extmul_low_i16x8_u) };
            i32x4_extmul_high_i16x8_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i32x4_extmul_high_i16x8_u) };

            // ---- i64x2 arithmetic --------------------------------------------------------
            i64x2_abs { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i64x2_abs) };
            i64x2_neg { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i64x2_neg) };
            i64x2_all_true { d: Slot, a: Slot } => op |c| { vtest!(c, d, a, simd::i64x2_all_true) };
            i64x2_bitmask { d: Slot, a: Slot } => op |c| { vtest!(c, d, a, simd::i64x2_bitmask) };
            i64x2_extend_low_i32x4_s { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i64x2_extend_low_i32x4_s) };
            i64x2_extend_high_i32x4_s { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i64x2_extend_high_i32x4_s) };
            i64x2_extend_low_i32x4_u { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i64x2_extend_low_i32x4_u) };
            i64x2_extend_high_i32x4_u { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i64x2_extend_high_i32x4_u) };
            i64x2_shl { d: Slot, a: Slot, s: Slot } => op |c| { vshift!(c, d, a, s, simd::i64x2_shl) };
            i64x2_shr_s { d: Slot, a: Slot, s: Slot } => op |c| { vshift!(c, d, a, s, simd::i64x2_shr_s) };
            i64x2_shr_u { d: Slot, a: Slot, s: Slot } => op |c| { vshift!(c, d, a, s, simd::i64x2_shr_u) };
            i64x2_add { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_add) };
            i64x2_sub { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_sub) };
            i64x2_mul { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_mul) };
            i64x2_extmul_low_i32x4_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_extmul_low_i32x4_s) };
            i64x2_extmul_high_i32x4_s { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_extmul_high_i32x4_s) };
            i64x2_extmul_low_i32x4_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_extmul_low_i32x4_u) };
            i64x2_extmul_high_i32x4_u { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::i64x2_extmul_high_i32x4_u) };

            // ---- f32x4 arithmetic --------------------------------------------------------
            f32x4_ceil { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f32x4_ceil) };
            f32x4_floor { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f32x4_floor) };
            f32x4_trunc { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f32x4_trunc) };
            f32x4_nearest { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f32x4_nearest) };
            f32x4_abs { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f32x4_abs) };
            f32x4_neg { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f32x4_neg) };
            f32x4_sqrt { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f32x4_sqrt) };
            f32x4_add { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_add) };
            f32x4_sub { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_sub) };
            f32x4_mul { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_mul) };
            f32x4_div { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_div) };
            f32x4_min { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_min) };
            f32x4_max { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_max) };
            f32x4_pmin { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_pmin) };
            f32x4_pmax { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f32x4_pmax) };

            // ---- f64x2 arithmetic --------------------------------------------------------
            f64x2_ceil { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f64x2_ceil) };
            f64x2_floor { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f64x2_floor) };
            f64x2_trunc { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f64x2_trunc) };
            f64x2_nearest { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f64x2_nearest) };
            f64x2_abs { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f64x2_abs) };
            f64x2_neg { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f64x2_neg) };
            f64x2_sqrt { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f64x2_sqrt) };
            f64x2_add { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_add) };
            f64x2_sub { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_sub) };
            f64x2_mul { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_mul) };
            f64x2_div { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_div) };
            f64x2_min { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_min) };
            f64x2_max { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_max) };
            f64x2_pmin { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_pmin) };
            f64x2_pmax { d: Slot, a: Slot, b: Slot } => op |c| { vbin!(c, d, a, b, simd::f64x2_pmax) };

            // ---- conversions -------------------------------------------------------------
            i32x4_trunc_sat_f32x4_s { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i32x4_trunc_sat_f32x4_s) };
            i32x4_trunc_sat_f32x4_u { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i32x4_trunc_sat_f32x4_u) };
            f32x4_convert_i32x4_s { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f32x4_convert_i32x4_s) };
            f32x4_convert_i32x4_u { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f32x4_convert_i32x4_u) };
            i32x4_trunc_sat_f64x2_s_zero { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i32x4_trunc_sat_f64x2_s_zero) };
            i32x4_trunc_sat_f64x2_u_zero { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::i32x4_trunc_sat_f64x2_u_zero) };
            f64x2_convert_low_i32x4_s { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f64x2_convert_low_i32x4_s) };
            f64x2_convert_low_i32x4_u { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f64x2_convert_low_i32x4_u) };
            f32x4_demote_f64x2_zero { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f32x4_demote_f64x2_zero) };
            f64x2_promote_low_f32x4 { d: Slot, a: Slot } => op |c| { vun!(c, d, a, simd::f64x2_promote_low_f32x4) };
        }
    };
}
