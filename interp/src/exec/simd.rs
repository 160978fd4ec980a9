//! WebAssembly 2.0 fixed-width SIMD (`v128`) operations as pure, portable functions.
//!
//! A `v128` is a [`V128`] (`u128`) whose lane 0 occupies the least significant bits, so
//! that `u128::from_le_bytes(mem[addr..addr + 16])` is exactly `v128.load`. Functions are
//! named after the instruction with `.` replaced by `_`.
//!
//! Conventions:
//! * Lane indices (`lane: u8`) come from validated immediates; an out-of-range index is
//!   reduced modulo the lane count instead of panicking.
//! * Shift counts (`s: u32`, the `i32` operand reinterpreted) are taken modulo the lane
//!   width, as the spec requires.
//! * Scalar operands follow the stack types: `i8x16`/`i16x8`/`i32x4` splat and
//!   replace_lane take an `i32` (truncated to the lane width), `i64x2` an `i64`; the
//!   narrow extract_lane variants return the sign/zero-extended `i32`.
//! * Float lanes use [`super::num`], so NaN results follow the Wasm NaN rules per lane.
//!
//! Instructions without a function here:
//! * `v128.const`, `v128.load`, `v128.store` are identities on the `u128`
//!   (`from_le_bytes` / `to_le_bytes`).
//! * `v128.loadN_lane` is `iMxK_replace_lane(v, lane, loaded)`, and `v128.storeN_lane`
//!   stores `iMxK_extract_lane[_u](v, lane)` truncated to N bits (N = lane width:
//!   8 → `i8x16`, 16 → `i16x8`, 32 → `i32x4`, 64 → `i64x2`).

use super::num;

/// A 128-bit vector value; lane 0 is in the least significant bits.
pub type V128 = u128;

// ---------------------------------------------------------------------------------------
// Lane views.
// ---------------------------------------------------------------------------------------

macro_rules! int_lanes {
    ($to:ident, $from:ident, $t:ty, $u:ty, $n:expr) => {
        // Through little-endian bytes rather than shifting each lane out of the u128:
        // the simd workload runs 15% fewer instructions (4.57 G -> 3.87 G).
        #[inline]
        fn $to(v: V128) -> [$t; $n] {
            const W: usize = core::mem::size_of::<$u>();
            let b = v.to_le_bytes();
            core::array::from_fn(|i| {
                let mut x = [0u8; W];
                x.copy_from_slice(&b[i * W..(i + 1) * W]);
                <$u>::from_le_bytes(x) as $t
            })
        }

        #[inline]
        fn $from(a: [$t; $n]) -> V128 {
            const W: usize = core::mem::size_of::<$u>();
            let mut b = [0u8; 16];
            for (i, x) in a.iter().enumerate() {
                b[i * W..(i + 1) * W].copy_from_slice(&(*x as $u).to_le_bytes());
            }
            u128::from_le_bytes(b)
        }
    };
}

int_lanes!(u8_lanes, from_u8_lanes, u8, u8, 16);
int_lanes!(i8_lanes, from_i8_lanes, i8, u8, 16);
int_lanes!(u16_lanes, from_u16_lanes, u16, u16, 8);
int_lanes!(i16_lanes, from_i16_lanes, i16, u16, 8);
int_lanes!(u32_lanes, from_u32_lanes, u32, u32, 4);
int_lanes!(i32_lanes, from_i32_lanes, i32, u32, 4);
int_lanes!(u64_lanes, from_u64_lanes, u64, u64, 2);
int_lanes!(i64_lanes, from_i64_lanes, i64, u64, 2);

#[inline]
fn f32_lanes(v: V128) -> [f32; 4] {
    u32_lanes(v).map(f32::from_bits)
}

#[inline]
fn from_f32_lanes(a: [f32; 4]) -> V128 {
    from_u32_lanes(a.map(f32::to_bits))
}

#[inline]
fn f64_lanes(v: V128) -> [f64; 2] {
    u64_lanes(v).map(f64::from_bits)
}

#[inline]
fn from_f64_lanes(a: [f64; 2]) -> V128 {
    from_u64_lanes(a.map(f64::to_bits))
}

/// All-ones lane for `true`, zero for `false` (comparison results).
macro_rules! mask {
    ($c:expr) => {
        if $c { !0 } else { 0 }
    };
}

/// `pub fn name(a) -> V128` applying `body` to each lane.
macro_rules! unop {
    ($(#[$m:meta])* $name:ident, $to:ident, $from:ident, |$x:ident| $body:expr) => {
        $(#[$m])*
        #[inline]
        pub fn $name(a: V128) -> V128 {
            $from($to(a).map(|$x| $body))
        }
    };
}

/// `pub fn name(a, b) -> V128` applying `body` to each pair of lanes.
macro_rules! binop {
    ($(#[$m:meta])* $name:ident, $to:ident, $from:ident, |$x:ident, $y:ident| $body:expr) => {
        $(#[$m])*
        #[inline]
        pub fn $name(a: V128, b: V128) -> V128 {
            let a = $to(a);
            let b = $to(b);
            $from(core::array::from_fn(|i| {
                let ($x, $y) = (a[i], b[i]);
                $body
            }))
        }
    };
}

/// `pub fn name(a, s: u32) -> V128`; `wrapping_sh*` reduces `s` modulo the lane width.
macro_rules! shiftop {
    ($(#[$m:meta])* $name:ident, $to:ident, $from:ident, $op:ident) => {
        $(#[$m])*
        #[inline]
        pub fn $name(a: V128, s: u32) -> V128 {
            $from($to(a).map(|x| x.$op(s)))
        }
    };
}

// ---------------------------------------------------------------------------------------
// Bitwise operations.
// ---------------------------------------------------------------------------------------

/// `v128.not`.
#[inline]
pub fn v128_not(a: V128) -> V128 {
    !a
}

/// `v128.and`.
#[inline]
pub fn v128_and(a: V128, b: V128) -> V128 {
    a & b
}

/// `v128.andnot`: `a & !b`.
#[inline]
pub fn v128_andnot(a: V128, b: V128) -> V128 {
    a & !b
}

/// `v128.or`.
#[inline]
pub fn v128_or(a: V128, b: V128) -> V128 {
    a | b
}

/// `v128.xor`.
#[inline]
pub fn v128_xor(a: V128, b: V128) -> V128 {
    a ^ b
}

/// `v128.bitselect`: bits of `a` where `c` is 1, bits of `b` where `c` is 0.
#[inline]
pub fn v128_bitselect(a: V128, b: V128, c: V128) -> V128 {
    (a & c) | (b & !c)
}

/// `v128.any_true`: whether any bit is set.
#[inline]
pub fn v128_any_true(a: V128) -> bool {
    a != 0
}

// ---------------------------------------------------------------------------------------
// Splat, extract_lane, replace_lane.
// ---------------------------------------------------------------------------------------

/// `i8x16.splat` (the operand is truncated to 8 bits).
#[inline]
pub fn i8x16_splat(x: i32) -> V128 {
    from_u8_lanes([x as u8; 16])
}

/// `i16x8.splat` (the operand is truncated to 16 bits).
#[inline]
pub fn i16x8_splat(x: i32) -> V128 {
    from_u16_lanes([x as u16; 8])
}

/// `i32x4.splat`.
#[inline]
pub fn i32x4_splat(x: i32) -> V128 {
    from_i32_lanes([x; 4])
}

/// `i64x2.splat`.
#[inline]
pub fn i64x2_splat(x: i64) -> V128 {
    from_i64_lanes([x; 2])
}

/// `f32x4.splat` (bit-exact, NaN payloads kept).
#[inline]
pub fn f32x4_splat(x: f32) -> V128 {
    from_u32_lanes([x.to_bits(); 4])
}

/// `f64x2.splat` (bit-exact, NaN payloads kept).
#[inline]
pub fn f64x2_splat(x: f64) -> V128 {
    from_u64_lanes([x.to_bits(); 2])
}

/// Bit offset of lane `lane` (taken modulo `count`) of `width`-bit lanes.
#[inline]
fn lane_shift(lane: u8, count: u8, width: u32) -> u32 {
    u32::from(lane % count) * width
}

/// Replaces the `width`-bit lane at bit offset `shift` with the low bits of `x`.
#[inline]
fn replace_bits(a: V128, shift: u32, width: u32, x: u128) -> V128 {
    let mask = (u128::MAX >> (128 - width)) << shift;
    (a & !mask) | ((x << shift) & mask)
}

/// `i8x16.extract_lane_s`: the lane sign-extended to i32.
#[inline]
pub fn i8x16_extract_lane_s(a: V128, lane: u8) -> i32 {
    i32::from((a >> lane_shift(lane, 16, 8)) as i8)
}

/// `i8x16.extract_lane_u`: the lane zero-extended to i32.
#[inline]
pub fn i8x16_extract_lane_u(a: V128, lane: u8) -> i32 {
    i32::from((a >> lane_shift(lane, 16, 8)) as u8)
}

/// `i16x8.extract_lane_s`: the lane sign-extended to i32.
#[inline]
pub fn i16x8_extract_lane_s(a: V128, lane: u8) -> i32 {
    i32::from((a >> lane_shift(lane, 8, 16)) as i16)
}

/// `i16x8.extract_lane_u`: the lane zero-extended to i32.
#[inline]
pub fn i16x8_extract_lane_u(a: V128, lane: u8) -> i32 {
    i32::from((a >> lane_shift(lane, 8, 16)) as u16)
}

/// `i32x4.extract_lane`.
#[inline]
pub fn i32x4_extract_lane(a: V128, lane: u8) -> i32 {
    (a >> lane_shift(lane, 4, 32)) as i32
}

/// `i64x2.extract_lane`.
#[inline]
pub fn i64x2_extract_lane(a: V128, lane: u8) -> i64 {
    (a >> lane_shift(lane, 2, 64)) as i64
}

/// `f32x4.extract_lane` (bit-exact).
#[inline]
pub fn f32x4_extract_lane(a: V128, lane: u8) -> f32 {
    f32::from_bits((a >> lane_shift(lane, 4, 32)) as u32)
}

/// `f64x2.extract_lane` (bit-exact).
#[inline]
pub fn f64x2_extract_lane(a: V128, lane: u8) -> f64 {
    f64::from_bits((a >> lane_shift(lane, 2, 64)) as u64)
}

/// `i8x16.replace_lane` (the operand is truncated to 8 bits).
#[inline]
pub fn i8x16_replace_lane(a: V128, lane: u8, x: i32) -> V128 {
    replace_bits(a, lane_shift(lane, 16, 8), 8, u128::from(x as u8))
}

/// `i16x8.replace_lane` (the operand is truncated to 16 bits).
#[inline]
pub fn i16x8_replace_lane(a: V128, lane: u8, x: i32) -> V128 {
    replace_bits(a, lane_shift(lane, 8, 16), 16, u128::from(x as u16))
}

/// `i32x4.replace_lane`.
#[inline]
pub fn i32x4_replace_lane(a: V128, lane: u8, x: i32) -> V128 {
    replace_bits(a, lane_shift(lane, 4, 32), 32, u128::from(x as u32))
}

/// `i64x2.replace_lane`.
#[inline]
pub fn i64x2_replace_lane(a: V128, lane: u8, x: i64) -> V128 {
    replace_bits(a, lane_shift(lane, 2, 64), 64, u128::from(x as u64))
}

/// `f32x4.replace_lane` (bit-exact).
#[inline]
pub fn f32x4_replace_lane(a: V128, lane: u8, x: f32) -> V128 {
    replace_bits(a, lane_shift(lane, 4, 32), 32, u128::from(x.to_bits()))
}

/// `f64x2.replace_lane` (bit-exact).
#[inline]
pub fn f64x2_replace_lane(a: V128, lane: u8, x: f64) -> V128 {
    replace_bits(a, lane_shift(lane, 2, 64), 64, u128::from(x.to_bits()))
}

// ---------------------------------------------------------------------------------------
// Shuffle and swizzle.
// ---------------------------------------------------------------------------------------

/// `i8x16.shuffle`: lane `i` of the result is byte `lanes[i]` of the 32-byte
/// concatenation `a ++ b` (indices are validated `< 32`; taken modulo 32 here).
#[inline]
pub fn i8x16_shuffle(a: V128, b: V128, lanes: &[u8; 16]) -> V128 {
    let a = u8_lanes(a);
    let b = u8_lanes(b);
    from_u8_lanes(core::array::from_fn(|i| {
        let l = usize::from(lanes[i] & 31);
        if l < 16 { a[l] } else { b[l - 16] }
    }))
}

/// `i8x16.swizzle`: lane `i` is `a[s[i]]`, or 0 when `s[i] >= 16`.
#[inline]
pub fn i8x16_swizzle(a: V128, s: V128) -> V128 {
    let a = u8_lanes(a);
    from_u8_lanes(u8_lanes(s).map(|l| a.get(usize::from(l)).copied().unwrap_or(0)))
}

// ---------------------------------------------------------------------------------------
// Integer comparisons (all-ones lane for true).
// ---------------------------------------------------------------------------------------

binop!(/** `i8x16.eq` */ i8x16_eq, u8_lanes, from_u8_lanes, |x, y| mask!(x == y));
binop!(/** `i8x16.ne` */ i8x16_ne, u8_lanes, from_u8_lanes, |x, y| mask!(x != y));
binop!(/** `i8x16.lt_s` */ i8x16_lt_s, i8_lanes, from_i8_lanes, |x, y| mask!(x < y));
binop!(/** `i8x16.lt_u` */ i8x16_lt_u, u8_lanes, from_u8_lanes, |x, y| mask!(x < y));
binop!(/** `i8x16.gt_s` */ i8x16_gt_s, i8_lanes, from_i8_lanes, |x, y| mask!(x > y));
binop!(/** `i8x16.gt_u` */ i8x16_gt_u, u8_lanes, from_u8_lanes, |x, y| mask!(x > y));
binop!(/** `i8x16.le_s` */ i8x16_le_s, i8_lanes, from_i8_lanes, |x, y| mask!(x <= y));
binop!(/** `i8x16.le_u` */ i8x16_le_u, u8_lanes, from_u8_lanes, |x, y| mask!(x <= y));
binop!(/** `i8x16.ge_s` */ i8x16_ge_s, i8_lanes, from_i8_lanes, |x, y| mask!(x >= y));
binop!(/** `i8x16.ge_u` */ i8x16_ge_u, u8_lanes, from_u8_lanes, |x, y| mask!(x >= y));

binop!(/** `i16x8.eq` */ i16x8_eq, u16_lanes, from_u16_lanes, |x, y| mask!(x == y));
binop!(/** `i16x8.ne` */ i16x8_ne, u16_lanes, from_u16_lanes, |x, y| mask!(x != y));
binop!(/** `i16x8.lt_s` */ i16x8_lt_s, i16_lanes, from_i16_lanes, |x, y| mask!(x < y));
binop!(/** `i16x8.lt_u` */ i16x8_lt_u, u16_lanes, from_u16_lanes, |x, y| mask!(x < y));
binop!(/** `i16x8.gt_s` */ i16x8_gt_s, i16_lanes, from_i16_lanes, |x, y| mask!(x > y));
binop!(/** `i16x8.gt_u` */ i16x8_gt_u, u16_lanes, from_u16_lanes, |x, y| mask!(x > y));
binop!(/** `i16x8.le_s` */ i16x8_le_s, i16_lanes, from_i16_lanes, |x, y| mask!(x <= y));
binop!(/** `i16x8.le_u` */ i16x8_le_u, u16_lanes, from_u16_lanes, |x, y| mask!(x <= y));
binop!(/** `i16x8.ge_s` */ i16x8_ge_s, i16_lanes, from_i16_lanes, |x, y| mask!(x >= y));
binop!(/** `i16x8.ge_u` */ i16x8_ge_u, u16_lanes, from_u16_lanes, |x, y| mask!(x >= y));

binop!(/** `i32x4.eq` */ i32x4_eq, u32_lanes, from_u32_lanes, |x, y| mask!(x == y));
binop!(/** `i32x4.ne` */ i32x4_ne, u32_lanes, from_u32_lanes, |x, y| mask!(x != y));
binop!(/** `i32x4.lt_s` */ i32x4_lt_s, i32_lanes, from_i32_lanes, |x, y| mask!(x < y));
binop!(/** `i32x4.lt_u` */ i32x4_lt_u, u32_lanes, from_u32_lanes, |x, y| mask!(x < y));
binop!(/** `i32x4.gt_s` */ i32x4_gt_s, i32_lanes, from_i32_lanes, |x, y| mask!(x > y));
binop!(/** `i32x4.gt_u` */ i32x4_gt_u, u32_lanes, from_u32_lanes, |x, y| mask!(x > y));
binop!(/** `i32x4.le_s` */ i32x4_le_s, i32_lanes, from_i32_lanes, |x, y| mask!(x <= y));
binop!(/** `i32x4.le_u` */ i32x4_le_u, u32_lanes, from_u32_lanes, |x, y| mask!(x <= y));
binop!(/** `i32x4.ge_s` */ i32x4_ge_s, i32_lanes, from_i32_lanes, |x, y| mask!(x >= y));
binop!(/** `i32x4.ge_u` */ i32x4_ge_u, u32_lanes, from_u32_lanes, |x, y| mask!(x >= y));

binop!(/** `i64x2.eq` */ i64x2_eq, u64_lanes, from_u64_lanes, |x, y| mask!(x == y));
binop!(/** `i64x2.ne` */ i64x2_ne, u64_lanes, from_u64_lanes, |x, y| mask!(x != y));
binop!(/** `i64x2.lt_s` */ i64x2_lt_s, i64_lanes, from_i64_lanes, |x, y| mask!(x < y));
binop!(/** `i64x2.gt_s` */ i64x2_gt_s, i64_lanes, from_i64_lanes, |x, y| mask!(x > y));
binop!(/** `i64x2.le_s` */ i64x2_le_s, i64_lanes, from_i64_lanes, |x, y| mask!(x <= y));
binop!(/** `i64x2.ge_s` */ i64x2_ge_s, i64_lanes, from_i64_lanes, |x, y| mask!(x >= y));

// ---------------------------------------------------------------------------------------
// Float comparisons (IEEE: any comparison with NaN is false, except `ne`).
// ---------------------------------------------------------------------------------------

binop!(/** `f32x4.eq` */ f32x4_eq, f32_lanes, from_u32_lanes, |x, y| mask!(x == y));
binop!(/** `f32x4.ne` */ f32x4_ne, f32_lanes, from_u32_lanes, |x, y| mask!(x != y));
binop!(/** `f32x4.lt` */ f32x4_lt, f32_lanes, from_u32_lanes, |x, y| mask!(x < y));
binop!(/** `f32x4.gt` */ f32x4_gt, f32_lanes, from_u32_lanes, |x, y| mask!(x > y));
binop!(/** `f32x4.le` */ f32x4_le, f32_lanes, from_u32_lanes, |x, y| mask!(x <= y));
binop!(/** `f32x4.ge` */ f32x4_ge, f32_lanes, from_u32_lanes, |x, y| mask!(x >= y));

binop!(/** `f64x2.eq` */ f64x2_eq, f64_lanes, from_u64_lanes, |x, y| mask!(x == y));
binop!(/** `f64x2.ne` */ f64x2_ne, f64_lanes, from_u64_lanes, |x, y| mask!(x != y));
binop!(/** `f64x2.lt` */ f64x2_lt, f64_lanes, from_u64_lanes, |x, y| mask!(x < y));
binop!(/** `f64x2.gt` */ f64x2_gt, f64_lanes, from_u64_lanes, |x, y| mask!(x > y));
binop!(/** `f64x2.le` */ f64x2_le, f64_lanes, from_u64_lanes, |x, y| mask!(x <= y));
binop!(/** `f64x2.ge` */ f64x2_ge, f64_lanes, from_u64_lanes, |x, y| mask!(x >= y));

// ---------------------------------------------------------------------------------------
// Integer arithmetic.
// ---------------------------------------------------------------------------------------

unop!(/** `i8x16.abs` (`abs(-128) = -128`) */ i8x16_abs, i8_lanes, from_i8_lanes, |x| x.wrapping_abs());
unop!(/** `i16x8.abs` (wrapping) */ i16x8_abs, i16_lanes, from_i16_lanes, |x| x.wrapping_abs());
unop!(/** `i32x4.abs` (wrapping) */ i32x4_abs, i32_lanes, from_i32_lanes, |x| x.wrapping_abs());
unop!(/** `i64x2.abs` (wrapping) */ i64x2_abs, i64_lanes, from_i64_lanes, |x| x.wrapping_abs());

unop!(/** `i8x16.neg` (wrapping) */ i8x16_neg, i8_lanes, from_i8_lanes, |x| x.wrapping_neg());
unop!(/** `i16x8.neg` (wrapping) */ i16x8_neg, i16_lanes, from_i16_lanes, |x| x.wrapping_neg());
unop!(/** `i32x4.neg` (wrapping) */ i32x4_neg, i32_lanes, from_i32_lanes, |x| x.wrapping_neg());
unop!(/** `i64x2.neg` (wrapping) */ i64x2_neg, i64_lanes, from_i64_lanes, |x| x.wrapping_neg());

unop!(/** `i8x16.popcnt` */ i8x16_popcnt, u8_lanes, from_u8_lanes, |x| x.count_ones() as u8);

binop!(/** `i8x16.add` */ i8x16_add, u8_lanes, from_u8_lanes, |x, y| x.wrapping_add(y));
binop!(/** `i16x8.add` */ i16x8_add, u16_lanes, from_u16_lanes, |x, y| x.wrapping_add(y));
binop!(/** `i32x4.add` */ i32x4_add, u32_lanes, from_u32_lanes, |x, y| x.wrapping_add(y));
binop!(/** `i64x2.add` */ i64x2_add, u64_lanes, from_u64_lanes, |x, y| x.wrapping_add(y));

binop!(/** `i8x16.sub` */ i8x16_sub, u8_lanes, from_u8_lanes, |x, y| x.wrapping_sub(y));
binop!(/** `i16x8.sub` */ i16x8_sub, u16_lanes, from_u16_lanes, |x, y| x.wrapping_sub(y));
binop!(/** `i32x4.sub` */ i32x4_sub, u32_lanes, from_u32_lanes, |x, y| x.wrapping_sub(y));
binop!(/** `i64x2.sub` */ i64x2_sub, u64_lanes, from_u64_lanes, |x, y| x.wrapping_sub(y));

binop!(/** `i16x8.mul` */ i16x8_mul, u16_lanes, from_u16_lanes, |x, y| x.wrapping_mul(y));
binop!(/** `i32x4.mul` */ i32x4_mul, u32_lanes, from_u32_lanes, |x, y| x.wrapping_mul(y));
binop!(/** `i64x2.mul` */ i64x2_mul, u64_lanes, from_u64_lanes, |x, y| x.wrapping_mul(y));

binop!(/** `i8x16.add_sat_s` */ i8x16_add_sat_s, i8_lanes, from_i8_lanes, |x, y| x.saturating_add(y));
binop!(/** `i8x16.sub_sat_s` */ i8x16_sub_sat_s, i8_lanes, from_i8_lanes, |x, y| x.saturating_sub(y));
binop!(/** `i16x8.add_sat_s` */ i16x8_add_sat_s, i16_lanes, from_i16_lanes, |x, y| x.saturating_add(y));
binop!(/** `i16x8.sub_sat_s` */ i16x8_sub_sat_s, i16_lanes, from_i16_lanes, |x, y| x.saturating_sub(y));

// Unsigned saturating add and subtract work on each 64-bit half as packed lanes (SWAR):
// LLVM leaves the lane-by-lane form scalar, 16 or 8 lane operations each. `tops` holds
// the top bit of every lane; the low bits are added or subtracted with the top bits
// cleared or set, so no carry or borrow crosses a lane, then the top bits are fixed
// and lanes that overflowed are saturated.

/// The top bit of every `bits`-wide lane of a u64.
const fn tops(bits: u32) -> u64 {
    (u64::MAX / ((1u64 << bits) - 1)) << (bits - 1)
}

/// Every lane whose top bit is set in `top` all ones, the others zero.
#[inline(always)]
fn swar_mask(top: u64, bits: u32) -> u64 {
    (top >> (bits - 1)) * ((1u64 << bits) - 1)
}

/// Lanes of `x + y`, saturated at the lanes' maximum: the sum without carries across
/// lanes, then lanes that carried out set to all ones.
#[inline(always)]
fn add_sat_u(x: u64, y: u64, bits: u32) -> u64 {
    let h = tops(bits);
    let s = ((x & !h) + (y & !h)) ^ ((x ^ y) & h);
    let carry = ((x & y) | ((x | y) & !s)) & h;
    s | swar_mask(carry, bits)
}

/// Lanes of `x - y`, saturated at zero: the difference without borrows across lanes,
/// then lanes that borrowed set to zero.
#[inline(always)]
fn sub_sat_u(x: u64, y: u64, bits: u32) -> u64 {
    let h = tops(bits);
    let d = ((x | h) - (y & !h)) ^ ((x ^ !y) & h);
    let borrow = ((!x & y) | (!(x ^ y) & d)) & h;
    d & !swar_mask(borrow, bits)
}

/// `f` on the low and on the high 64 bits of `a` and `b`.
#[inline(always)]
fn halves(f: impl Fn(u64, u64) -> u64, a: V128, b: V128) -> V128 {
    let lo = f(a as u64, b as u64);
    let hi = f((a >> 64) as u64, (b >> 64) as u64);
    (hi as u128) << 64 | lo as u128
}

/// `i8x16.add_sat_u`
#[inline]
pub fn i8x16_add_sat_u(a: V128, b: V128) -> V128 {
    halves(|x, y| add_sat_u(x, y, 8), a, b)
}
/// `i8x16.sub_sat_u`
#[inline]
pub fn i8x16_sub_sat_u(a: V128, b: V128) -> V128 {
    halves(|x, y| sub_sat_u(x, y, 8), a, b)
}
/// `i16x8.add_sat_u`
#[inline]
pub fn i16x8_add_sat_u(a: V128, b: V128) -> V128 {
    halves(|x, y| add_sat_u(x, y, 16), a, b)
}
/// `i16x8.sub_sat_u`
#[inline]
pub fn i16x8_sub_sat_u(a: V128, b: V128) -> V128 {
    halves(|x, y| sub_sat_u(x, y, 16), a, b)
}

binop!(/** `i8x16.min_s` */ i8x16_min_s, i8_lanes, from_i8_lanes, |x, y| x.min(y));
binop!(/** `i8x16.min_u` */ i8x16_min_u, u8_lanes, from_u8_lanes, |x, y| x.min(y));
binop!(/** `i8x16.max_s` */ i8x16_max_s, i8_lanes, from_i8_lanes, |x, y| x.max(y));
binop!(/** `i8x16.max_u` */ i8x16_max_u, u8_lanes, from_u8_lanes, |x, y| x.max(y));
binop!(/** `i16x8.min_s` */ i16x8_min_s, i16_lanes, from_i16_lanes, |x, y| x.min(y));
binop!(/** `i16x8.min_u` */ i16x8_min_u, u16_lanes, from_u16_lanes, |x, y| x.min(y));
binop!(/** `i16x8.max_s` */ i16x8_max_s, i16_lanes, from_i16_lanes, |x, y| x.max(y));
binop!(/** `i16x8.max_u` */ i16x8_max_u, u16_lanes, from_u16_lanes, |x, y| x.max(y));
binop!(/** `i32x4.min_s` */ i32x4_min_s, i32_lanes, from_i32_lanes, |x, y| x.min(y));
binop!(/** `i32x4.min_u` */ i32x4_min_u, u32_lanes, from_u32_lanes, |x, y| x.min(y));
binop!(/** `i32x4.max_s` */ i32x4_max_s, i32_lanes, from_i32_lanes, |x, y| x.max(y));
binop!(/** `i32x4.max_u` */ i32x4_max_u, u32_lanes, from_u32_lanes, |x, y| x.max(y));

binop!(
    /// `i8x16.avgr_u`: `(x + y + 1) / 2` without overflow.
    i8x16_avgr_u, u8_lanes, from_u8_lanes, |x, y| ((u16::from(x) + u16::from(y) + 1) >> 1) as u8
);
binop!(
    /// `i16x8.avgr_u`: `(x + y + 1) / 2` without overflow.
    i16x8_avgr_u, u16_lanes, from_u16_lanes, |x, y| ((u32::from(x) + u32::from(y) + 1) >> 1) as u16
);

binop!(
    /// `i16x8.q15mulr_sat_s`: `sat16((x * y + 0x4000) >> 15)`
    /// (only `-32768 * -32768` saturates, to 32767).
    i16x8_q15mulr_sat_s, i16_lanes, from_i16_lanes,
    |x, y| ((i32::from(x) * i32::from(y) + 0x4000) >> 15).clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
);

/// `i32x4.dot_i16x8_s`: `a[2i]*b[2i] + a[2i+1]*b[2i+1]` (wrapping: only
/// `2 * (-32768)^2` overflows, to `i32::MIN`).
#[inline]
pub fn i32x4_dot_i16x8_s(a: V128, b: V128) -> V128 {
    let a = i16_lanes(a);
    let b = i16_lanes(b);
    from_i32_lanes(core::array::from_fn(|i| {
        let lo = i32::from(a[2 * i]) * i32::from(b[2 * i]);
        let hi = i32::from(a[2 * i + 1]) * i32::from(b[2 * i + 1]);
        lo.wrapping_add(hi)
    }))
}

// ---------------------------------------------------------------------------------------
// Shifts (count modulo the lane width).
// ---------------------------------------------------------------------------------------

shiftop!(/** `i8x16.shl` */ i8x16_shl, u8_lanes, from_u8_lanes, wrapping_shl);
shiftop!(/** `i8x16.shr_s` */ i8x16_shr_s, i8_lanes, from_i8_lanes, wrapping_shr);
shiftop!(/** `i8x16.shr_u` */ i8x16_shr_u, u8_lanes, from_u8_lanes, wrapping_shr);
shiftop!(/** `i16x8.shl` */ i16x8_shl, u16_lanes, from_u16_lanes, wrapping_shl);
shiftop!(/** `i16x8.shr_s` */ i16x8_shr_s, i16_lanes, from_i16_lanes, wrapping_shr);
shiftop!(/** `i16x8.shr_u` */ i16x8_shr_u, u16_lanes, from_u16_lanes, wrapping_shr);
shiftop!(/** `i32x4.shl` */ i32x4_shl, u32_lanes, from_u32_lanes, wrapping_shl);
shiftop!(/** `i32x4.shr_s` */ i32x4_shr_s, i32_lanes, from_i32_lanes, wrapping_shr);
shiftop!(/** `i32x4.shr_u` */ i32x4_shr_u, u32_lanes, from_u32_lanes, wrapping_shr);
shiftop!(/** `i64x2.shl` */ i64x2_shl, u64_lanes, from_u64_lanes, wrapping_shl);
shiftop!(/** `i64x2.shr_s` */ i64x2_shr_s, i64_lanes, from_i64_lanes, wrapping_shr);
shiftop!(/** `i64x2.shr_u` */ i64x2_shr_u, u64_lanes, from_u64_lanes, wrapping_shr);

// ---------------------------------------------------------------------------------------
// Reductions: all_true, bitmask.
// ---------------------------------------------------------------------------------------

/// `i8x16.all_true`: whether every lane is non-zero.
#[inline]
pub fn i8x16_all_true(a: V128) -> bool {
    u8_lanes(a).iter().all(|&x| x != 0)
}

/// `i16x8.all_true`: whether every lane is non-zero.
#[inline]
pub fn i16x8_all_true(a: V128) -> bool {
    u16_lanes(a).iter().all(|&x| x != 0)
}

/// `i32x4.all_true`: whether every lane is non-zero.
#[inline]
pub fn i32x4_all_true(a: V128) -> bool {
    u32_lanes(a).iter().all(|&x| x != 0)
}

/// `i64x2.all_true`: whether every lane is non-zero.
#[inline]
pub fn i64x2_all_true(a: V128) -> bool {
    u64_lanes(a).iter().all(|&x| x != 0)
}

/// Collects the top bit of each `width`-bit lane into bit `i` of the result.
#[inline]
fn bitmask(a: V128, width: u32) -> i32 {
    let count = 128 / width;
    (0..count).fold(0, |acc, i| {
        acc | ((((a >> (i * width + width - 1)) & 1) as i32) << i)
    })
}

/// `i8x16.bitmask`: bit `i` is the sign bit of lane `i`.
#[inline]
pub fn i8x16_bitmask(a: V128) -> i32 {
    bitmask(a, 8)
}

/// `i16x8.bitmask`: bit `i` is the sign bit of lane `i`.
#[inline]
pub fn i16x8_bitmask(a: V128) -> i32 {
    bitmask(a, 16)
}

/// `i32x4.bitmask`: bit `i` is the sign bit of lane `i`.
#[inline]
pub fn i32x4_bitmask(a: V128) -> i32 {
    bitmask(a, 32)
}

/// `i64x2.bitmask`: bit `i` is the sign bit of lane `i`.
#[inline]
pub fn i64x2_bitmask(a: V128) -> i32 {
    bitmask(a, 64)
}

// ---------------------------------------------------------------------------------------
// Narrowing (saturating; the inputs are always read as signed), extension,
// pairwise addition and extended multiplication.
// ---------------------------------------------------------------------------------------

/// `i8x16.narrow_i16x8_s`: lanes of `a` then `b`, each saturated to i8.
#[inline]
pub fn i8x16_narrow_i16x8_s(a: V128, b: V128) -> V128 {
    let (a, b) = (i16_lanes(a), i16_lanes(b));
    from_i8_lanes(core::array::from_fn(|i| {
        let x = if i < 8 { a[i] } else { b[i - 8] };
        x.clamp(i16::from(i8::MIN), i16::from(i8::MAX)) as i8
    }))
}

/// `i8x16.narrow_i16x8_u`: signed lanes of `a` then `b`, each saturated to `0..=255`.
#[inline]
pub fn i8x16_narrow_i16x8_u(a: V128, b: V128) -> V128 {
    let (a, b) = (i16_lanes(a), i16_lanes(b));
    from_u8_lanes(core::array::from_fn(|i| {
        let x = if i < 8 { a[i] } else { b[i - 8] };
        x.clamp(0, i16::from(u8::MAX)) as u8
    }))
}

/// `i16x8.narrow_i32x4_s`: lanes of `a` then `b`, each saturated to i16.
#[inline]
pub fn i16x8_narrow_i32x4_s(a: V128, b: V128) -> V128 {
    let (a, b) = (i32_lanes(a), i32_lanes(b));
    from_i16_lanes(core::array::from_fn(|i| {
        let x = if i < 4 { a[i] } else { b[i - 4] };
        x.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
    }))
}

/// `i16x8.narrow_i32x4_u`: signed lanes of `a` then `b`, each saturated to `0..=65535`.
#[inline]
pub fn i16x8_narrow_i32x4_u(a: V128, b: V128) -> V128 {
    let (a, b) = (i32_lanes(a), i32_lanes(b));
    from_u16_lanes(core::array::from_fn(|i| {
        let x = if i < 4 { a[i] } else { b[i - 4] };
        x.clamp(0, i32::from(u16::MAX)) as u16
    }))
}

/// Generates `pub fn name(a) -> V128` widening the lanes `offset..offset + N` of `a`.
macro_rules! extend {
    ($(#[$m:meta])* $name:ident, $to:ident, $from:ident, $wide:ty, $offset:expr) => {
        $(#[$m])*
        #[inline]
        pub fn $name(a: V128) -> V128 {
            let a = $to(a);
            $from(core::array::from_fn(|i| <$wide>::from(a[$offset + i])))
        }
    };
}

extend!(/** `i16x8.extend_low_i8x16_s` */ i16x8_extend_low_i8x16_s, i8_lanes, from_i16_lanes, i16, 0);
extend!(/** `i16x8.extend_high_i8x16_s` */ i16x8_extend_high_i8x16_s, i8_lanes, from_i16_lanes, i16, 8);
extend!(/** `i16x8.extend_low_i8x16_u` */ i16x8_extend_low_i8x16_u, u8_lanes, from_u16_lanes, u16, 0);
extend!(/** `i16x8.extend_high_i8x16_u` */ i16x8_extend_high_i8x16_u, u8_lanes, from_u16_lanes, u16, 8);
extend!(/** `i32x4.extend_low_i16x8_s` */ i32x4_extend_low_i16x8_s, i16_lanes, from_i32_lanes, i32, 0);
extend!(/** `i32x4.extend_high_i16x8_s` */ i32x4_extend_high_i16x8_s, i16_lanes, from_i32_lanes, i32, 4);
extend!(/** `i32x4.extend_low_i16x8_u` */ i32x4_extend_low_i16x8_u, u16_lanes, from_u32_lanes, u32, 0);
extend!(/** `i32x4.extend_high_i16x8_u` */ i32x4_extend_high_i16x8_u, u16_lanes, from_u32_lanes, u32, 4);
extend!(/** `i64x2.extend_low_i32x4_s` */ i64x2_extend_low_i32x4_s, i32_lanes, from_i64_lanes, i64, 0);
extend!(/** `i64x2.extend_high_i32x4_s` */ i64x2_extend_high_i32x4_s, i32_lanes, from_i64_lanes, i64, 2);
extend!(/** `i64x2.extend_low_i32x4_u` */ i64x2_extend_low_i32x4_u, u32_lanes, from_u64_lanes, u64, 0);
extend!(/** `i64x2.extend_high_i32x4_u` */ i64x2_extend_high_i32x4_u, u32_lanes, from_u64_lanes, u64, 2);

/// Generates `pub fn name(a) -> V128` adding adjacent lane pairs into wider lanes.
macro_rules! extadd_pairwise {
    ($(#[$m:meta])* $name:ident, $to:ident, $from:ident, $wide:ty) => {
        $(#[$m])*
        #[inline]
        pub fn $name(a: V128) -> V128 {
            let a = $to(a);
            // The sum of two extended lanes always fits the wider lane.
            $from(core::array::from_fn(|i| <$wide>::from(a[2 * i]) + <$wide>::from(a[2 * i + 1])))
        }
    };
}

extadd_pairwise!(/** `i16x8.extadd_pairwise_i8x16_s` */ i16x8_extadd_pairwise_i8x16_s, i8_lanes, from_i16_lanes, i16);
/// `i16x8.extadd_pairwise_i8x16_u`: even lanes plus odd lanes, on the whole vector at
/// once (a sum of two bytes fits its 16-bit lane).
#[inline]
pub fn i16x8_extadd_pairwise_i8x16_u(a: V128) -> V128 {
    const M: u128 = 0x00ff_00ff_00ff_00ff_00ff_00ff_00ff_00ff;
    (a & M) + ((a >> 8) & M)
}
extadd_pairwise!(/** `i32x4.extadd_pairwise_i16x8_s` */ i32x4_extadd_pairwise_i16x8_s, i16_lanes, from_i32_lanes, i32);
/// `i32x4.extadd_pairwise_i16x8_u`: as the 8-bit form, two 16-bit lanes per 32-bit one.
#[inline]
pub fn i32x4_extadd_pairwise_i16x8_u(a: V128) -> V128 {
    const M: u128 = 0x0000_ffff_0000_ffff_0000_ffff_0000_ffff;
    (a & M) + ((a >> 16) & M)
}

/// Generates `pub fn name(a, b) -> V128` multiplying the widened lanes
/// `offset..offset + N` of `a` and `b`.
macro_rules! extmul {
    ($(#[$m:meta])* $name:ident, $to:ident, $from:ident, $wide:ty, $offset:expr) => {
        $(#[$m])*
        #[inline]
        pub fn $name(a: V128, b: V128) -> V128 {
            let (a, b) = ($to(a), $to(b));
            // The product of two extended lanes always fits the wider lane.
            $from(core::array::from_fn(|i| <$wide>::from(a[$offset + i]) * <$wide>::from(b[$offset + i])))
        }
    };
}

extmul!(/** `i16x8.extmul_low_i8x16_s` */ i16x8_extmul_low_i8x16_s, i8_lanes, from_i16_lanes, i16, 0);
extmul!(/** `i16x8.extmul_high_i8x16_s` */ i16x8_extmul_high_i8x16_s, i8_lanes, from_i16_lanes, i16, 8);
extmul!(/** `i16x8.extmul_low_i8x16_u` */ i16x8_extmul_low_i8x16_u, u8_lanes, from_u16_lanes, u16, 0);
extmul!(/** `i16x8.extmul_high_i8x16_u` */ i16x8_extmul_high_i8x16_u, u8_lanes, from_u16_lanes, u16, 8);
extmul!(/** `i32x4.extmul_low_i16x8_s` */ i32x4_extmul_low_i16x8_s, i16_lanes, from_i32_lanes, i32, 0);
extmul!(/** `i32x4.extmul_high_i16x8_s` */ i32x4_extmul_high_i16x8_s, i16_lanes, from_i32_lanes, i32, 4);
extmul!(/** `i32x4.extmul_low_i16x8_u` */ i32x4_extmul_low_i16x8_u, u16_lanes, from_u32_lanes, u32, 0);
extmul!(/** `i32x4.extmul_high_i16x8_u` */ i32x4_extmul_high_i16x8_u, u16_lanes, from_u32_lanes, u32, 4);
extmul!(/** `i64x2.extmul_low_i32x4_s` */ i64x2_extmul_low_i32x4_s, i32_lanes, from_i64_lanes, i64, 0);
extmul!(/** `i64x2.extmul_high_i32x4_s` */ i64x2_extmul_high_i32x4_s, i32_lanes, from_i64_lanes, i64, 2);
extmul!(/** `i64x2.extmul_low_i32x4_u` */ i64x2_extmul_low_i32x4_u, u32_lanes, from_u64_lanes, u64, 0);
extmul!(/** `i64x2.extmul_high_i32x4_u` */ i64x2_extmul_high_i32x4_u, u32_lanes, from_u64_lanes, u64, 2);

// ---------------------------------------------------------------------------------------
// Float arithmetic. Native `+ - * /` already yield Wasm-conforming NaNs; the rest goes
// through `num`.
// ---------------------------------------------------------------------------------------

unop!(/** `f32x4.abs` (bitwise) */ f32x4_abs, f32_lanes, from_f32_lanes, |x| num::f32_abs(x));
unop!(/** `f32x4.neg` (bitwise) */ f32x4_neg, f32_lanes, from_f32_lanes, |x| num::f32_neg(x));
unop!(/** `f32x4.sqrt` */ f32x4_sqrt, f32_lanes, from_f32_lanes, |x| num::f32_sqrt(x));
unop!(/** `f32x4.ceil` */ f32x4_ceil, f32_lanes, from_f32_lanes, |x| num::f32_ceil(x));
unop!(/** `f32x4.floor` */ f32x4_floor, f32_lanes, from_f32_lanes, |x| num::f32_floor(x));
unop!(/** `f32x4.trunc` */ f32x4_trunc, f32_lanes, from_f32_lanes, |x| num::f32_trunc(x));
unop!(/** `f32x4.nearest` */ f32x4_nearest, f32_lanes, from_f32_lanes, |x| num::f32_nearest(x));

unop!(/** `f64x2.abs` (bitwise) */ f64x2_abs, f64_lanes, from_f64_lanes, |x| num::f64_abs(x));
unop!(/** `f64x2.neg` (bitwise) */ f64x2_neg, f64_lanes, from_f64_lanes, |x| num::f64_neg(x));
unop!(/** `f64x2.sqrt` */ f64x2_sqrt, f64_lanes, from_f64_lanes, |x| num::f64_sqrt(x));
unop!(/** `f64x2.ceil` */ f64x2_ceil, f64_lanes, from_f64_lanes, |x| num::f64_ceil(x));
unop!(/** `f64x2.floor` */ f64x2_floor, f64_lanes, from_f64_lanes, |x| num::f64_floor(x));
unop!(/** `f64x2.trunc` */ f64x2_trunc, f64_lanes, from_f64_lanes, |x| num::f64_trunc(x));
unop!(/** `f64x2.nearest` */ f64x2_nearest, f64_lanes, from_f64_lanes, |x| num::f64_nearest(x));

binop!(/** `f32x4.add` */ f32x4_add, f32_lanes, from_f32_lanes, |x, y| x + y);
binop!(/** `f32x4.sub` */ f32x4_sub, f32_lanes, from_f32_lanes, |x, y| x - y);
binop!(/** `f32x4.mul` */ f32x4_mul, f32_lanes, from_f32_lanes, |x, y| x * y);
binop!(/** `f32x4.div` */ f32x4_div, f32_lanes, from_f32_lanes, |x, y| x / y);
binop!(/** `f32x4.min` (scalar `f32.min` per lane) */ f32x4_min, f32_lanes, from_f32_lanes, |x, y| num::f32_min(x, y));
binop!(/** `f32x4.max` (scalar `f32.max` per lane) */ f32x4_max, f32_lanes, from_f32_lanes, |x, y| num::f32_max(x, y));
binop!(
    /// `f32x4.pmin`: `b < a ? b : a` per lane (returns an operand's exact bits).
    f32x4_pmin, f32_lanes, from_f32_lanes, |x, y| if y < x { y } else { x }
);
binop!(
    /// `f32x4.pmax`: `a < b ? b : a` per lane (returns an operand's exact bits).
    f32x4_pmax, f32_lanes, from_f32_lanes, |x, y| if x < y { y } else { x }
);

binop!(/** `f64x2.add` */ f64x2_add, f64_lanes, from_f64_lanes, |x, y| x + y);
binop!(/** `f64x2.sub` */ f64x2_sub, f64_lanes, from_f64_lanes, |x, y| x - y);
binop!(/** `f64x2.mul` */ f64x2_mul, f64_lanes, from_f64_lanes, |x, y| x * y);
binop!(/** `f64x2.div` */ f64x2_div, f64_lanes, from_f64_lanes, |x, y| x / y);
binop!(/** `f64x2.min` (scalar `f64.min` per lane) */ f64x2_min, f64_lanes, from_f64_lanes, |x, y| num::f64_min(x, y));
binop!(/** `f64x2.max` (scalar `f64.max` per lane) */ f64x2_max, f64_lanes, from_f64_lanes, |x, y| num::f64_max(x, y));
binop!(
    /// `f64x2.pmin`: `b < a ? b : a` per lane (returns an operand's exact bits).
    f64x2_pmin, f64_lanes, from_f64_lanes, |x, y| if y < x { y } else { x }
);
binop!(
    /// `f64x2.pmax`: `a < b ? b : a` per lane (returns an operand's exact bits).
    f64x2_pmax, f64_lanes, from_f64_lanes, |x, y| if x < y { y } else { x }
);

// ---------------------------------------------------------------------------------------
// Conversions.
// ---------------------------------------------------------------------------------------

unop!(
    /// `i32x4.trunc_sat_f32x4_s` (saturating, NaN → 0).
    i32x4_trunc_sat_f32x4_s, f32_lanes, from_i32_lanes, |x| num::i32_trunc_sat_f32_s(x)
);
unop!(
    /// `i32x4.trunc_sat_f32x4_u` (saturating, NaN → 0).
    i32x4_trunc_sat_f32x4_u, f32_lanes, from_u32_lanes, |x| num::i32_trunc_sat_f32_u(x)
);
unop!(
    /// `f32x4.convert_i32x4_s` (round to nearest even).
    f32x4_convert_i32x4_s, i32_lanes, from_f32_lanes, |x| num::f32_convert_i32_s(x)
);
unop!(
    /// `f32x4.convert_i32x4_u` (round to nearest even).
    f32x4_convert_i32x4_u, u32_lanes, from_f32_lanes, |x| num::f32_convert_i32_u(x)
);

/// `i32x4.trunc_sat_f64x2_s_zero`: both f64 lanes truncated (saturating, NaN → 0) into
/// lanes 0 and 1; lanes 2 and 3 are zero.
#[inline]
pub fn i32x4_trunc_sat_f64x2_s_zero(a: V128) -> V128 {
    let a = f64_lanes(a);
    from_i32_lanes([
        num::i32_trunc_sat_f64_s(a[0]),
        num::i32_trunc_sat_f64_s(a[1]),
        0,
        0,
    ])
}

/// `i32x4.trunc_sat_f64x2_u_zero`: both f64 lanes truncated (saturating, NaN → 0) into
/// lanes 0 and 1; lanes 2 and 3 are zero.
#[inline]
pub fn i32x4_trunc_sat_f64x2_u_zero(a: V128) -> V128 {
    let a = f64_lanes(a);
    from_u32_lanes([
        num::i32_trunc_sat_f64_u(a[0]),
        num::i32_trunc_sat_f64_u(a[1]),
        0,
        0,
    ])
}

/// `f64x2.convert_low_i32x4_s`: lanes 0 and 1 converted exactly.
#[inline]
pub fn f64x2_convert_low_i32x4_s(a: V128) -> V128 {
    let a = i32_lanes(a);
    from_f64_lanes([num::f64_convert_i32_s(a[0]), num::f64_convert_i32_s(a[1])])
}

/// `f64x2.convert_low_i32x4_u`: lanes 0 and 1 converted exactly.
#[inline]
pub fn f64x2_convert_low_i32x4_u(a: V128) -> V128 {
    let a = u32_lanes(a);
    from_f64_lanes([num::f64_convert_i32_u(a[0]), num::f64_convert_i32_u(a[1])])
}

/// `f32x4.demote_f64x2_zero`: both f64 lanes demoted into lanes 0 and 1; lanes 2 and 3
/// are +0.0.
#[inline]
pub fn f32x4_demote_f64x2_zero(a: V128) -> V128 {
    let a = f64_lanes(a);
    from_u32_lanes([
        num::f32_demote_f64(a[0]).to_bits(),
        num::f32_demote_f64(a[1]).to_bits(),
        0,
        0,
    ])
}

/// `f64x2.promote_low_f32x4`: lanes 0 and 1 promoted exactly.
#[inline]
pub fn f64x2_promote_low_f32x4(a: V128) -> V128 {
    let a = f32_lanes(a);
    from_f64_lanes([num::f64_promote_f32(a[0]), num::f64_promote_f32(a[1])])
}

// ---------------------------------------------------------------------------------------
// Memory transforms: the interpreter performs the (little-endian) load and passes the
// loaded bits here.
// ---------------------------------------------------------------------------------------

/// `v128.load8x8_s`: the 8 bytes of `bits` (little-endian) sign-extended to i16 lanes.
#[inline]
pub fn v128_load8x8_s(bits: u64) -> V128 {
    i16x8_extend_low_i8x16_s(u128::from(bits))
}

/// `v128.load8x8_u`: the 8 bytes of `bits` (little-endian) zero-extended to i16 lanes.
#[inline]
pub fn v128_load8x8_u(bits: u64) -> V128 {
    i16x8_extend_low_i8x16_u(u128::from(bits))
}

/// `v128.load16x4_s`: the 4 halfwords of `bits` sign-extended to i32 lanes.
#[inline]
pub fn v128_load16x4_s(bits: u64) -> V128 {
    i32x4_extend_low_i16x8_s(u128::from(bits))
}

/// `v128.load16x4_u`: the 4 halfwords of `bits` zero-extended to i32 lanes.
#[inline]
pub fn v128_load16x4_u(bits: u64) -> V128 {
    i32x4_extend_low_i16x8_u(u128::from(bits))
}

/// `v128.load32x2_s`: the 2 words of `bits` sign-extended to i64 lanes.
#[inline]
pub fn v128_load32x2_s(bits: u64) -> V128 {
    i64x2_extend_low_i32x4_s(u128::from(bits))
}

/// `v128.load32x2_u`: the 2 words of `bits` zero-extended to i64 lanes.
#[inline]
pub fn v128_load32x2_u(bits: u64) -> V128 {
    i64x2_extend_low_i32x4_u(u128::from(bits))
}

/// `v128.load8_splat`.
#[inline]
pub fn v128_load8_splat(x: u8) -> V128 {
    from_u8_lanes([x; 16])
}

/// `v128.load16_splat`.
#[inline]
pub fn v128_load16_splat(x: u16) -> V128 {
    from_u16_lanes([x; 8])
}

/// `v128.load32_splat`.
#[inline]
pub fn v128_load32_splat(x: u32) -> V128 {
    from_u32_lanes([x; 4])
}

/// `v128.load64_splat`.
#[inline]
pub fn v128_load64_splat(x: u64) -> V128 {
    from_u64_lanes([x; 2])
}

/// `v128.load32_zero`: `x` in lane 0, all other bits zero.
#[inline]
pub fn v128_load32_zero(x: u32) -> V128 {
    u128::from(x)
}

/// `v128.load64_zero`: `x` in lane 0, all other bits zero.
#[inline]
pub fn v128_load64_zero(x: u64) -> V128 {
    u128::from(x)
}

#[cfg(test)]
mod tests {
    #[test]
    fn packed_unsigned_saturation_matches_lane_by_lane() {
        let mut x: u64 = 0x1234_5678_9abc_def1;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let edge = [0u8, 1, 0x7f, 0x80, 0x81, 0xfe, 0xff];
        for i in 0..20_000 {
            let (a, b) = if i < 49 {
                // every pair of edge values, in every lane
                let (p, q) = (edge[i % 7], edge[i / 7]);
                (u128::from_le_bytes([p; 16]), u128::from_le_bytes([q; 16]))
            } else {
                (
                    (next() as u128) << 64 | next() as u128,
                    (next() as u128) << 64 | next() as u128,
                )
            };
            let (ua, ub) = (u8_lanes(a), u8_lanes(b));
            let want: [u8; 16] = core::array::from_fn(|k| ua[k].saturating_add(ub[k]));
            assert_eq!(u8_lanes(i8x16_add_sat_u(a, b)), want, "{a:#x} {b:#x}");
            let want: [u8; 16] = core::array::from_fn(|k| ua[k].saturating_sub(ub[k]));
            assert_eq!(u8_lanes(i8x16_sub_sat_u(a, b)), want, "{a:#x} {b:#x}");
            let (ua, ub) = (u16_lanes(a), u16_lanes(b));
            let want: [u16; 8] = core::array::from_fn(|k| ua[k].saturating_add(ub[k]));
            assert_eq!(u16_lanes(i16x8_add_sat_u(a, b)), want, "{a:#x} {b:#x}");
            let want: [u16; 8] = core::array::from_fn(|k| ua[k].saturating_sub(ub[k]));
            assert_eq!(u16_lanes(i16x8_sub_sat_u(a, b)), want, "{a:#x} {b:#x}");
            let ua = u8_lanes(a);
            let want: [u16; 8] = core::array::from_fn(|k| ua[2 * k] as u16 + ua[2 * k + 1] as u16);
            assert_eq!(u16_lanes(i16x8_extadd_pairwise_i8x16_u(a)), want, "{a:#x}");
            let ua = u16_lanes(a);
            let want: [u32; 4] = core::array::from_fn(|k| ua[2 * k] as u32 + ua[2 * k + 1] as u32);
            assert_eq!(u32_lanes(i32x4_extadd_pairwise_i16x8_u(a)), want, "{a:#x}");
        }
    }

    use super::*;

    fn i8v(a: [i8; 16]) -> V128 {
        from_i8_lanes(a)
    }
    fn u8v(a: [u8; 16]) -> V128 {
        from_u8_lanes(a)
    }
    fn i16v(a: [i16; 8]) -> V128 {
        from_i16_lanes(a)
    }
    fn u16v(a: [u16; 8]) -> V128 {
        from_u16_lanes(a)
    }
    fn i32v(a: [i32; 4]) -> V128 {
        from_i32_lanes(a)
    }
    fn u32v(a: [u32; 4]) -> V128 {
        from_u32_lanes(a)
    }
    fn i64v(a: [i64; 2]) -> V128 {
        from_i64_lanes(a)
    }
    fn f32v(a: [f32; 4]) -> V128 {
        from_f32_lanes(a)
    }
    fn f64v(a: [f64; 2]) -> V128 {
        from_f64_lanes(a)
    }

    const T32: i32 = -1;
    const T64: i64 = -1;
    const F32_CANON: u32 = num::F32_CANONICAL_NAN_BITS;
    const F64_CANON: u64 = num::F64_CANONICAL_NAN_BITS;

    #[test]
    fn lane_layout_is_little_endian() {
        let bytes: [u8; 16] = core::array::from_fn(|i| i as u8);
        let v = u128::from_le_bytes(bytes);
        assert_eq!(u8_lanes(v), bytes);
        assert_eq!(u16_lanes(v)[0], 0x0100);
        assert_eq!(u16_lanes(v)[7], 0x0f0e);
        assert_eq!(u32_lanes(v)[1], 0x0706_0504);
        assert_eq!(u64_lanes(v)[1], 0x0f0e_0d0c_0b0a_0908);
        assert_eq!(i32x4_extract_lane(v, 3), 0x0f0e_0d0c);
        assert_eq!(from_i8_lanes(i8_lanes(v)), v);
        assert_eq!(from_i16_lanes(i16_lanes(!v)), !v);
        assert_eq!(from_i32_lanes(i32_lanes(!v)), !v);
        assert_eq!(from_i64_lanes(i64_lanes(!v)), !v);
        assert_eq!(from_u64_lanes(u64_lanes(v)), v);
        assert_eq!(from_f32_lanes(f32_lanes(v)), v);
        assert_eq!(from_f64_lanes(f64_lanes(v)), v);
    }

    #[test]
    fn bitwise() {
        let a = 0xff00_ff00_1234_5678_9abc_def0_0f0f_f0f0u128;
        let b = 0x0ff0_0ff0_ffff_0000_0000_ffff_5555_aaaau128;
        assert_eq!(v128_not(a), !a);
        assert_eq!(v128_and(a, b), a & b);
        assert_eq!(v128_andnot(a, b), a & !b);
        assert_eq!(v128_or(a, b), a | b);
        assert_eq!(v128_xor(a, b), a ^ b);
        let c = 0xffff_0000_ffff_0000_ffff_0000_ffff_0000u128;
        assert_eq!(
            v128_bitselect(a, b, c),
            0xff00_0ff0_1234_0000_9abc_ffff_0f0f_aaaau128
        );
        assert!(v128_any_true(1 << 127));
        assert!(!v128_any_true(0));
    }

    #[test]
    fn splat_extract_replace() {
        assert_eq!(i8x16_splat(0x1ff), u8v([0xff; 16]));
        assert_eq!(i16x8_splat(0x12345), u16v([0x2345; 8]));
        assert_eq!(i32x4_splat(-2), i32v([-2; 4]));
        assert_eq!(i64x2_splat(i64::MIN), i64v([i64::MIN; 2]));
        assert_eq!(f32x4_splat(1.5), u32v([0x3fc0_0000; 4]));
        let snan = f32::from_bits(0x7f80_0001);
        assert_eq!(f32x4_splat(snan), u32v([0x7f80_0001; 4]));
        assert_eq!(f64x2_splat(-0.0), 0x8000_0000_0000_0000_8000_0000_0000_0000);

        let v = i8v([0, -1, 2, -128, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 127]);
        assert_eq!(i8x16_extract_lane_s(v, 1), -1);
        assert_eq!(i8x16_extract_lane_u(v, 1), 255);
        assert_eq!(i8x16_extract_lane_s(v, 3), -128);
        assert_eq!(i8x16_extract_lane_u(v, 3), 128);
        assert_eq!(i8x16_extract_lane_s(v, 15), 127);
        let w = i8x16_replace_lane(v, 15, 0x180);
        assert_eq!(i8x16_extract_lane_s(w, 15), -128);
        assert_eq!(w & !(0xffu128 << 120), v & !(0xffu128 << 120));

        let h = i16v([0, -2, 0, 0, 0, 0, 0, 0x7fff]);
        assert_eq!(i16x8_extract_lane_s(h, 1), -2);
        assert_eq!(i16x8_extract_lane_u(h, 1), 0xfffe);
        assert_eq!(i16x8_extract_lane_s(h, 7), 0x7fff);
        assert_eq!(
            i16x8_replace_lane(h, 0, -1),
            i16v([-1, -2, 0, 0, 0, 0, 0, 0x7fff])
        );

        let s = i32v([1, 2, 3, 4]);
        assert_eq!(i32x4_replace_lane(s, 2, -3), i32v([1, 2, -3, 4]));
        assert_eq!(i32x4_extract_lane(s, 0), 1);

        let d = i64v([10, -20]);
        assert_eq!(i64x2_extract_lane(d, 1), -20);
        assert_eq!(i64x2_replace_lane(d, 0, i64::MAX), i64v([i64::MAX, -20]));

        let f = f32v([1.0, 2.0, 3.0, 4.0]);
        assert_eq!(f32x4_extract_lane(f, 2), 3.0);
        let g = f32x4_replace_lane(f, 1, snan);
        assert_eq!(f32x4_extract_lane(g, 1).to_bits(), 0x7f80_0001);
        assert_eq!(
            u32_lanes(g),
            [
                1.0f32.to_bits(),
                0x7f80_0001,
                3.0f32.to_bits(),
                4.0f32.to_bits()
            ]
        );

        let e = f64v([1.0, -2.0]);
        assert_eq!(f64x2_extract_lane(e, 1), -2.0);
        assert_eq!(f64x2_replace_lane(e, 1, 0.5), f64v([1.0, 0.5]));
    }

    #[test]
    fn shuffle_and_swizzle() {
        let a = u8v(core::array::from_fn(|i| i as u8));
        let b = u8v(core::array::from_fn(|i| 0x10 + i as u8));
        let lanes = [31, 0, 16, 15, 1, 17, 2, 18, 3, 19, 30, 14, 29, 13, 28, 12];
        assert_eq!(
            u8_lanes(i8x16_shuffle(a, b, &lanes)),
            [
                0x1f, 0, 0x10, 15, 1, 0x11, 2, 0x12, 3, 0x13, 0x1e, 14, 0x1d, 13, 0x1c, 12
            ]
        );
        let ident: [u8; 16] = core::array::from_fn(|i| i as u8);
        assert_eq!(i8x16_shuffle(a, b, &ident), a);

        let t = u8v(core::array::from_fn(|i| 0xa0 + i as u8));
        let idx = u8v([0, 15, 16, 17, 255, 128, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x7f]);
        assert_eq!(
            u8_lanes(i8x16_swizzle(t, idx)),
            [
                0xa0, 0xaf, 0, 0, 0, 0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0
            ]
        );
    }

    #[test]
    fn int_comparisons() {
        let a = i8v([0, 1, -1, -128, 127, 5, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0]);
        let b = i8v([0, 2, 1, 127, -128, 5, 4, 6, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(i8_lanes(i8x16_eq(a, b))[..8], [-1, 0, 0, 0, 0, -1, 0, 0]);
        assert_eq!(
            i8_lanes(i8x16_ne(a, b))[..8],
            [0, -1, -1, -1, -1, 0, -1, -1]
        );
        assert_eq!(
            i8_lanes(i8x16_lt_s(a, b))[..8],
            [0, -1, -1, -1, 0, 0, 0, -1]
        );
        assert_eq!(i8_lanes(i8x16_lt_u(a, b))[..8], [0, -1, 0, 0, -1, 0, 0, -1]);
        assert_eq!(i8_lanes(i8x16_gt_s(a, b))[..8], [0, 0, 0, 0, -1, 0, -1, 0]);
        assert_eq!(i8_lanes(i8x16_gt_u(a, b))[..8], [0, 0, -1, -1, 0, 0, -1, 0]);
        assert_eq!(
            i8_lanes(i8x16_le_s(a, b))[..8],
            [-1, -1, -1, -1, 0, -1, 0, -1]
        );
        assert_eq!(
            i8_lanes(i8x16_le_u(a, b))[..8],
            [-1, -1, 0, 0, -1, -1, 0, -1]
        );
        assert_eq!(
            i8_lanes(i8x16_ge_s(a, b))[..8],
            [-1, 0, 0, 0, -1, -1, -1, 0]
        );
        assert_eq!(
            i8_lanes(i8x16_ge_u(a, b))[..8],
            [-1, 0, -1, -1, 0, -1, -1, 0]
        );
        assert_eq!(i8_lanes(i8x16_eq(a, b))[8..], [-1; 8]);

        let a = i16v([-1, 1, i16::MIN, 0, 3, 3, 0, 0]);
        let b = i16v([1, -1, i16::MAX, 0, 2, 4, 0, 0]);
        assert_eq!(i16_lanes(i16x8_eq(a, b)), [0, 0, 0, -1, 0, 0, -1, -1]);
        assert_eq!(i16_lanes(i16x8_ne(a, b)), [-1, -1, -1, 0, -1, -1, 0, 0]);
        assert_eq!(i16_lanes(i16x8_lt_s(a, b)), [-1, 0, -1, 0, 0, -1, 0, 0]);
        assert_eq!(i16_lanes(i16x8_lt_u(a, b)), [0, -1, 0, 0, 0, -1, 0, 0]);
        assert_eq!(i16_lanes(i16x8_gt_s(a, b)), [0, -1, 0, 0, -1, 0, 0, 0]);
        assert_eq!(i16_lanes(i16x8_gt_u(a, b)), [-1, 0, -1, 0, -1, 0, 0, 0]);
        assert_eq!(i16_lanes(i16x8_le_s(a, b)), [-1, 0, -1, -1, 0, -1, -1, -1]);
        assert_eq!(i16_lanes(i16x8_le_u(a, b)), [0, -1, 0, -1, 0, -1, -1, -1]);
        assert_eq!(i16_lanes(i16x8_ge_s(a, b)), [0, -1, 0, -1, -1, 0, -1, -1]);
        assert_eq!(i16_lanes(i16x8_ge_u(a, b)), [-1, 0, -1, -1, -1, 0, -1, -1]);

        let a = i32v([-1, i32::MIN, 7, 0]);
        let b = i32v([1, i32::MAX, 7, 1]);
        assert_eq!(i32_lanes(i32x4_eq(a, b)), [0, 0, T32, 0]);
        assert_eq!(i32_lanes(i32x4_ne(a, b)), [T32, T32, 0, T32]);
        assert_eq!(i32_lanes(i32x4_lt_s(a, b)), [T32, T32, 0, T32]);
        assert_eq!(i32_lanes(i32x4_lt_u(a, b)), [0, 0, 0, T32]);
        assert_eq!(i32_lanes(i32x4_gt_s(a, b)), [0, 0, 0, 0]);
        assert_eq!(i32_lanes(i32x4_gt_u(a, b)), [T32, T32, 0, 0]);
        assert_eq!(i32_lanes(i32x4_le_s(a, b)), [T32, T32, T32, T32]);
        assert_eq!(i32_lanes(i32x4_le_u(a, b)), [0, 0, T32, T32]);
        assert_eq!(i32_lanes(i32x4_ge_s(a, b)), [0, 0, T32, 0]);
        assert_eq!(i32_lanes(i32x4_ge_u(a, b)), [T32, T32, T32, 0]);

        let a = i64v([-1, 5]);
        let b = i64v([1, 5]);
        assert_eq!(i64_lanes(i64x2_eq(a, b)), [0, T64]);
        assert_eq!(i64_lanes(i64x2_ne(a, b)), [T64, 0]);
        assert_eq!(i64_lanes(i64x2_lt_s(a, b)), [T64, 0]);
        assert_eq!(i64_lanes(i64x2_gt_s(a, b)), [0, 0]);
        assert_eq!(i64_lanes(i64x2_le_s(a, b)), [T64, T64]);
        assert_eq!(i64_lanes(i64x2_ge_s(a, b)), [0, T64]);
        assert_eq!(
            i64_lanes(i64x2_gt_s(i64v([i64::MAX, 0]), i64v([i64::MIN, -1]))),
            [T64, T64]
        );
    }

    #[test]
    fn float_comparisons() {
        let nan = f32::NAN;
        let a = f32v([1.0, nan, -0.0, 2.0]);
        let b = f32v([1.0, nan, 0.0, 1.0]);
        assert_eq!(i32_lanes(f32x4_eq(a, b)), [T32, 0, T32, 0]);
        assert_eq!(i32_lanes(f32x4_ne(a, b)), [0, T32, 0, T32]);
        assert_eq!(i32_lanes(f32x4_lt(a, b)), [0, 0, 0, 0]);
        assert_eq!(i32_lanes(f32x4_gt(a, b)), [0, 0, 0, T32]);
        assert_eq!(i32_lanes(f32x4_le(a, b)), [T32, 0, T32, 0]);
        assert_eq!(i32_lanes(f32x4_ge(a, b)), [T32, 0, T32, T32]);

        let a = f64v([f64::NAN, -1.0]);
        let b = f64v([0.0, f64::INFINITY]);
        assert_eq!(i64_lanes(f64x2_eq(a, b)), [0, 0]);
        assert_eq!(i64_lanes(f64x2_ne(a, b)), [T64, T64]);
        assert_eq!(i64_lanes(f64x2_lt(a, b)), [0, T64]);
        assert_eq!(i64_lanes(f64x2_gt(a, b)), [0, 0]);
        assert_eq!(i64_lanes(f64x2_le(a, b)), [0, T64]);
        assert_eq!(i64_lanes(f64x2_ge(a, b)), [0, 0]);
    }

    #[test]
    fn int_arith_wrapping() {
        let a = i8v([
            i8::MIN,
            -1,
            0,
            1,
            i8::MAX,
            100,
            -100,
            3,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
        ]);
        assert_eq!(
            i8_lanes(i8x16_abs(a))[..8],
            [i8::MIN, 1, 0, 1, 127, 100, 100, 3]
        );
        assert_eq!(
            i8_lanes(i8x16_neg(a))[..8],
            [i8::MIN, 1, 0, -1, -127, -100, 100, -3]
        );
        let b = i8v([1, 1, 1, 1, 1, 100, -100, -4, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            i8_lanes(i8x16_add(a, b))[..8],
            [-127, 0, 1, 2, i8::MIN, -56, 56, -1]
        );
        assert_eq!(
            i8_lanes(i8x16_sub(a, b))[..8],
            [i8::MAX, -2, -1, 0, 126, 0, 0, 7]
        );
        assert_eq!(
            i16_lanes(i16x8_abs(i16v([i16::MIN, -5, 5, 0, 0, 0, 0, 0])))[..3],
            [i16::MIN, 5, 5]
        );
        assert_eq!(
            i32_lanes(i32x4_abs(i32v([i32::MIN, -5, 5, 0]))),
            [i32::MIN, 5, 5, 0]
        );
        assert_eq!(i64_lanes(i64x2_abs(i64v([i64::MIN, -5]))), [i64::MIN, 5]);
        assert_eq!(i64_lanes(i64x2_neg(i64v([i64::MIN, -5]))), [i64::MIN, 5]);
        assert_eq!(
            i32_lanes(i32x4_neg(i32v([i32::MIN, -5, 5, 0]))),
            [i32::MIN, 5, -5, 0]
        );
        assert_eq!(
            i16_lanes(i16x8_neg(i16v([i16::MIN, 1, 0, 0, 0, 0, 0, 0])))[..2],
            [i16::MIN, -1]
        );

        assert_eq!(
            i16_lanes(i16x8_add(
                i16v([i16::MAX, -1, 0, 0, 0, 0, 0, 0]),
                i16v([1, 1, 0, 0, 0, 0, 0, 0])
            ))[..2],
            [i16::MIN, 0]
        );
        assert_eq!(
            i16_lanes(i16x8_sub(
                i16v([i16::MIN, 0, 0, 0, 0, 0, 0, 0]),
                i16v([1, 1, 0, 0, 0, 0, 0, 0])
            ))[..2],
            [i16::MAX, -1]
        );
        assert_eq!(
            i16_lanes(i16x8_mul(
                i16v([0x100, -3, 0, 0, 0, 0, 0, 0]),
                i16v([0x100, 7, 0, 0, 0, 0, 0, 0])
            ))[..2],
            [0, -21]
        );
        assert_eq!(
            i32_lanes(i32x4_add(i32v([i32::MAX, 1, 2, 3]), i32v([1, 1, 1, 1]))),
            [i32::MIN, 2, 3, 4]
        );
        assert_eq!(
            i32_lanes(i32x4_sub(i32v([i32::MIN, 1, 2, 3]), i32v([1, 1, 1, 1]))),
            [i32::MAX, 0, 1, 2]
        );
        assert_eq!(
            i32_lanes(i32x4_mul(
                i32v([0x10000, -3, i32::MAX, 0]),
                i32v([0x10000, 7, 2, 9])
            )),
            [0, -21, -2, 0]
        );
        assert_eq!(
            i64_lanes(i64x2_add(i64v([i64::MAX, 1]), i64v([1, 1]))),
            [i64::MIN, 2]
        );
        assert_eq!(
            i64_lanes(i64x2_sub(i64v([i64::MIN, 1]), i64v([1, 1]))),
            [i64::MAX, 0]
        );
        assert_eq!(
            i64_lanes(i64x2_mul(i64v([1 << 32, -3]), i64v([1 << 32, 7]))),
            [0, -21]
        );

        let p = u8v([
            0, 1, 3, 0x7f, 0x80, 0xff, 0xaa, 0x55, 0x0f, 0xf0, 2, 4, 8, 16, 32, 64,
        ]);
        assert_eq!(
            u8_lanes(i8x16_popcnt(p)),
            [0, 1, 2, 7, 1, 8, 4, 4, 4, 4, 1, 1, 1, 1, 1, 1]
        );
    }

    #[test]
    fn saturating_arith() {
        let a = i8v([120, -120, 100, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let b = i8v([10, -10, -100, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(i8_lanes(i8x16_add_sat_s(a, b))[..4], [127, -128, 0, 0]);
        assert_eq!(i8_lanes(i8x16_sub_sat_s(a, b))[..4], [110, -110, 127, -2]);
        let a = u8v([250, 10, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let b = u8v([10, 20, 1, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(u8_lanes(i8x16_add_sat_u(a, b))[..4], [255, 30, 1, 255]);
        assert_eq!(u8_lanes(i8x16_sub_sat_u(a, b))[..4], [240, 0, 0, 0]);
        let a = i16v([32000, -32000, i16::MIN, 5, 0, 0, 0, 0]);
        let b = i16v([1000, 1000, 1, -5, 0, 0, 0, 0]);
        assert_eq!(
            i16_lanes(i16x8_add_sat_s(a, b))[..4],
            [i16::MAX, -31000, -32767, 0]
        );
        assert_eq!(
            i16_lanes(i16x8_sub_sat_s(a, b))[..4],
            [31000, i16::MIN, i16::MIN, 10]
        );
        let a = u16v([65000, 5, 0xffff, 0, 0, 0, 0, 0]);
        let b = u16v([1000, 6, 0xffff, 0, 0, 0, 0, 0]);
        assert_eq!(u16_lanes(i16x8_add_sat_u(a, b))[..3], [0xffff, 11, 0xffff]);
        assert_eq!(u16_lanes(i16x8_sub_sat_u(a, b))[..3], [64000, 0, 0]);
    }

    #[test]
    fn min_max_avgr() {
        let a = u8v([0x80, 0x7f, 1, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let b = u8v([0x7f, 0x80, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(u8_lanes(i8x16_min_s(a, b))[..4], [0x80, 0x80, 1, 0xff]);
        assert_eq!(u8_lanes(i8x16_max_s(a, b))[..4], [0x7f, 0x7f, 2, 0]);
        assert_eq!(u8_lanes(i8x16_min_u(a, b))[..4], [0x7f, 0x7f, 1, 0]);
        assert_eq!(u8_lanes(i8x16_max_u(a, b))[..4], [0x80, 0x80, 2, 0xff]);
        assert_eq!(u8_lanes(i8x16_avgr_u(a, b))[..4], [0x80, 0x80, 2, 0x80]);
        assert_eq!(
            u8_lanes(i8x16_avgr_u(u8v([0xff; 16]), u8v([0xff; 16]))),
            [0xff; 16]
        );

        let a = u16v([0x8000, 0x7fff, 1, 0xffff, 0, 0, 0, 0]);
        let b = u16v([0x7fff, 0x8000, 2, 0, 0, 0, 0, 0]);
        assert_eq!(
            u16_lanes(i16x8_min_s(a, b))[..4],
            [0x8000, 0x8000, 1, 0xffff]
        );
        assert_eq!(u16_lanes(i16x8_max_s(a, b))[..4], [0x7fff, 0x7fff, 2, 0]);
        assert_eq!(u16_lanes(i16x8_min_u(a, b))[..4], [0x7fff, 0x7fff, 1, 0]);
        assert_eq!(
            u16_lanes(i16x8_max_u(a, b))[..4],
            [0x8000, 0x8000, 2, 0xffff]
        );
        assert_eq!(
            u16_lanes(i16x8_avgr_u(a, b))[..4],
            [0x8000, 0x8000, 2, 0x8000]
        );
        assert_eq!(
            u16_lanes(i16x8_avgr_u(u16v([0xffff; 8]), u16v([0xfffe; 8])))[0],
            0xffff
        );

        let a = u32v([0x8000_0000, 0x7fff_ffff, 1, u32::MAX]);
        let b = u32v([0x7fff_ffff, 0x8000_0000, 2, 0]);
        assert_eq!(
            u32_lanes(i32x4_min_s(a, b)),
            [0x8000_0000, 0x8000_0000, 1, u32::MAX]
        );
        assert_eq!(
            u32_lanes(i32x4_max_s(a, b)),
            [0x7fff_ffff, 0x7fff_ffff, 2, 0]
        );
        assert_eq!(
            u32_lanes(i32x4_min_u(a, b)),
            [0x7fff_ffff, 0x7fff_ffff, 1, 0]
        );
        assert_eq!(
            u32_lanes(i32x4_max_u(a, b)),
            [0x8000_0000, 0x8000_0000, 2, u32::MAX]
        );
    }

    #[test]
    fn q15mulr_and_dot() {
        let a = i16v([i16::MIN, i16::MIN, 0x4000, -0x4000, 1, -1, 0x7fff, 3]);
        let b = i16v([
            i16::MIN,
            i16::MAX,
            0x4000,
            0x4000,
            0x4000,
            0x4000,
            0x7fff,
            0x2aab,
        ]);
        // 0x8000*0x8000: (2^30 + 2^14) >> 15 = 32768 -> saturates.
        // 0x8000*0x7fff: (-2^30 + 2^15 + 2^14) >> 15 = -32767 (floor of -32766.5).
        // 1*0x4000 = 2^14; + 2^14 = 2^15 -> 1 (round half up). -1*0x4000 -> 0.
        // 0x7fff^2 = 0x3fff0001; + 0x4000 = 0x3fff4001 >> 15 = 0x7ffe.
        // 3*0x2aab = 32769; + 16384 = 49153 >> 15 = 1.
        assert_eq!(
            i16_lanes(i16x8_q15mulr_sat_s(a, b)),
            [i16::MAX, -32767, 0x2000, -0x2000, 1, 0, 0x7ffe, 1]
        );

        let a = i16v([i16::MIN, i16::MIN, 1, 2, -3, 4, i16::MAX, i16::MAX]);
        let b = i16v([i16::MIN, i16::MIN, 5, 6, 7, -8, i16::MAX, i16::MAX]);
        assert_eq!(
            i32_lanes(i32x4_dot_i16x8_s(a, b)),
            [i32::MIN, 17, -53, 2_147_352_578]
        );
    }

    #[test]
    fn shifts() {
        let a = i8v([1, -128, -1, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(i8_lanes(i8x16_shl(a, 1))[..4], [2, 0, -2, -128]);
        assert_eq!(i8_lanes(i8x16_shl(a, 9))[..4], [2, 0, -2, -128]);
        assert_eq!(i8_lanes(i8x16_shr_s(a, 7))[..4], [0, -1, -1, 0]);
        assert_eq!(i8_lanes(i8x16_shr_u(a, 7))[..4], [0, 1, 1, 0]);
        assert_eq!(i8x16_shr_u(a, 8), a);
        assert_eq!(i8x16_shl(a, u32::MAX), i8x16_shl(a, 7));
        let a = i16v([1, i16::MIN, -1, 0x4000, 0, 0, 0, 0]);
        assert_eq!(i16_lanes(i16x8_shl(a, 17))[..4], [2, 0, -2, i16::MIN]);
        assert_eq!(i16_lanes(i16x8_shr_s(a, 15))[..4], [0, -1, -1, 0]);
        assert_eq!(i16_lanes(i16x8_shr_u(a, 15))[..4], [0, 1, 1, 0]);
        assert_eq!(i16x8_shr_s(a, 16), a);
        let a = i32v([1, i32::MIN, -1, 0x4000_0000]);
        assert_eq!(i32_lanes(i32x4_shl(a, 33)), [2, 0, -2, i32::MIN]);
        assert_eq!(i32_lanes(i32x4_shr_s(a, 31)), [0, -1, -1, 0]);
        assert_eq!(i32_lanes(i32x4_shr_u(a, 31)), [0, 1, 1, 0]);
        assert_eq!(i32x4_shl(a, 32), a);
        let a = i64v([i64::MIN, 3]);
        assert_eq!(i64_lanes(i64x2_shl(a, 65)), [0, 6]);
        assert_eq!(i64_lanes(i64x2_shr_s(a, 63)), [-1, 0]);
        assert_eq!(i64_lanes(i64x2_shr_u(a, 63)), [1, 0]);
        assert_eq!(i64_lanes(i64x2_shr_s(a, 64)), [i64::MIN, 3]);
    }

    #[test]
    fn all_true_and_bitmask() {
        assert!(i8x16_all_true(u8v([1; 16])));
        let mut v = [1u8; 16];
        v[15] = 0;
        assert!(!i8x16_all_true(u8v(v)));
        assert!(i16x8_all_true(u16v([0x100; 8])));
        assert!(!i16x8_all_true(u16v([0x100, 0x100, 0, 1, 1, 1, 1, 1])));
        assert!(i32x4_all_true(u32v([1, 0x8000_0000, 0x100, 0x10000])));
        assert!(!i32x4_all_true(u32v([1, 1, 1, 0])));
        assert!(i64x2_all_true(i64v([1 << 63, 1])));
        assert!(!i64x2_all_true(i64v([0, -1])));
        // A vector with every byte non-zero in one i64 lane but zero in the other.
        assert!(!i64x2_all_true(0xffff_ffff_ffff_ffff));
        assert!(i8x16_all_true(0x0101_0101_0101_0101_0101_0101_0101_0101));
        assert!(!i16x8_all_true(0x0101_0101_0101_0101_0101_0101_0101_0000));

        let v = i8v([-1, 0, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1]);
        assert_eq!(i8x16_bitmask(v), 0b1000_0000_0000_0101);
        assert_eq!(i8x16_bitmask(u128::MAX), 0xffff);
        assert_eq!(
            i16x8_bitmask(i16v([-1, 1, -1, 1, 0, 0, 0, i16::MIN])),
            0b1000_0101
        );
        assert_eq!(i32x4_bitmask(i32v([0, -1, 0, i32::MIN])), 0b1010);
        assert_eq!(i64x2_bitmask(i64v([-1, 0])), 0b01);
        assert_eq!(i64x2_bitmask(i64v([0, i64::MIN])), 0b10);
        assert_eq!(i64x2_bitmask(0), 0);
    }

    #[test]
    fn narrowing() {
        let a = i16v([0, 127, 128, -128, -129, 300, -300, 1]);
        let b = i16v([i16::MAX, i16::MIN, 255, 256, -1, 5, -5, 0x80]);
        assert_eq!(
            i8_lanes(i8x16_narrow_i16x8_s(a, b)),
            [
                0, 127, 127, -128, -128, 127, -128, 1, 127, -128, 127, 127, -1, 5, -5, 127
            ]
        );
        assert_eq!(
            u8_lanes(i8x16_narrow_i16x8_u(a, b)),
            [0, 127, 128, 0, 0, 255, 0, 1, 255, 0, 255, 255, 0, 5, 0, 128]
        );
        let a = i32v([0, 32767, 32768, -32769]);
        let b = i32v([i32::MAX, i32::MIN, 65535, 65536]);
        assert_eq!(
            i16_lanes(i16x8_narrow_i32x4_s(a, b)),
            [0, 32767, 32767, -32768, 32767, -32768, 32767, 32767]
        );
        assert_eq!(
            u16_lanes(i16x8_narrow_i32x4_u(a, b)),
            [0, 32767, 32768, 0, 65535, 0, 65535, 65535]
        );
    }

    #[test]
    fn extend_extadd_extmul() {
        let a = i8v([
            -1, 2, -128, 127, 5, -6, 7, -8, 9, -10, 11, -12, -128, -128, 127, 127,
        ]);
        assert_eq!(
            i16_lanes(i16x8_extend_low_i8x16_s(a)),
            [-1, 2, -128, 127, 5, -6, 7, -8]
        );
        assert_eq!(
            i16_lanes(i16x8_extend_high_i8x16_s(a)),
            [9, -10, 11, -12, -128, -128, 127, 127]
        );
        assert_eq!(
            u16_lanes(i16x8_extend_low_i8x16_u(a)),
            [255, 2, 128, 127, 5, 250, 7, 248]
        );
        assert_eq!(
            u16_lanes(i16x8_extend_high_i8x16_u(a)),
            [9, 246, 11, 244, 128, 128, 127, 127]
        );
        assert_eq!(
            i16_lanes(i16x8_extadd_pairwise_i8x16_s(a)),
            [1, -1, -1, -1, -1, -1, -256, 254]
        );
        assert_eq!(
            u16_lanes(i16x8_extadd_pairwise_i8x16_u(a)),
            [257, 255, 255, 255, 255, 255, 256, 254]
        );
        assert_eq!(
            u16_lanes(i16x8_extadd_pairwise_i8x16_u(u128::MAX)),
            [510; 8]
        );

        let h = i16v([-1, 2, i16::MIN, i16::MAX, 5, -6, i16::MIN, i16::MIN]);
        assert_eq!(
            i32_lanes(i32x4_extend_low_i16x8_s(h)),
            [-1, 2, -32768, 32767]
        );
        assert_eq!(
            i32_lanes(i32x4_extend_high_i16x8_s(h)),
            [5, -6, -32768, -32768]
        );
        assert_eq!(
            u32_lanes(i32x4_extend_low_i16x8_u(h)),
            [65535, 2, 32768, 32767]
        );
        assert_eq!(
            u32_lanes(i32x4_extend_high_i16x8_u(h)),
            [5, 65530, 32768, 32768]
        );
        assert_eq!(
            i32_lanes(i32x4_extadd_pairwise_i16x8_s(h)),
            [1, -1, -1, -65536]
        );
        assert_eq!(
            u32_lanes(i32x4_extadd_pairwise_i16x8_u(h)),
            [65537, 65535, 65535, 65536]
        );

        let w = i32v([-1, i32::MIN, 3, -4]);
        assert_eq!(
            i64_lanes(i64x2_extend_low_i32x4_s(w)),
            [-1, i64::from(i32::MIN)]
        );
        assert_eq!(i64_lanes(i64x2_extend_high_i32x4_s(w)), [3, -4]);
        assert_eq!(
            u64_lanes(i64x2_extend_low_i32x4_u(w)),
            [0xffff_ffff, 0x8000_0000]
        );
        assert_eq!(u64_lanes(i64x2_extend_high_i32x4_u(w)), [3, 0xffff_fffc]);

        let a = i8v([-128, 127, -1, 2, 0, 0, 0, 0, -128, -128, 3, -3, 0, 0, 0, 0]);
        let b = i8v([-128, 127, -1, -2, 0, 0, 0, 0, 127, -1, 3, 3, 0, 0, 0, 0]);
        assert_eq!(
            i16_lanes(i16x8_extmul_low_i8x16_s(a, b))[..4],
            [16384, 16129, 1, -4]
        );
        assert_eq!(
            i16_lanes(i16x8_extmul_high_i8x16_s(a, b))[..4],
            [-16256, 128, 9, -9]
        );
        assert_eq!(
            u16_lanes(i16x8_extmul_low_i8x16_u(a, b))[..4],
            [16384, 16129, 65025, 508]
        );
        assert_eq!(
            u16_lanes(i16x8_extmul_high_i8x16_u(a, b))[..4],
            [16256, 32640, 9, 759]
        );

        let a = i16v([i16::MIN, -1, 2, 3, i16::MIN, i16::MAX, -1, 0]);
        let b = i16v([i16::MIN, -1, -2, 3, i16::MAX, i16::MAX, -1, 0]);
        assert_eq!(
            i32_lanes(i32x4_extmul_low_i16x8_s(a, b)),
            [1 << 30, 1, -4, 9]
        );
        assert_eq!(
            i32_lanes(i32x4_extmul_high_i16x8_s(a, b)),
            [-1_073_709_056, 1_073_676_289, 1, 0]
        );
        assert_eq!(
            u32_lanes(i32x4_extmul_low_i16x8_u(a, b)),
            [1 << 30, 4_294_836_225, 131_068, 9]
        );
        assert_eq!(
            u32_lanes(i32x4_extmul_high_i16x8_u(a, b)),
            [1_073_709_056, 1_073_676_289, 4_294_836_225, 0]
        );

        let a = i32v([i32::MIN, -1, i32::MAX, 7]);
        let b = i32v([i32::MIN, -1, i32::MIN, -7]);
        assert_eq!(i64_lanes(i64x2_extmul_low_i32x4_s(a, b)), [1 << 62, 1]);
        assert_eq!(
            i64_lanes(i64x2_extmul_high_i32x4_s(a, b)),
            [-4_611_686_016_279_904_256, -49]
        );
        assert_eq!(
            u64_lanes(i64x2_extmul_low_i32x4_u(a, b)),
            [1 << 62, 0xffff_fffe_0000_0001]
        );
        assert_eq!(
            u64_lanes(i64x2_extmul_high_i32x4_u(a, b)),
            [0x3fff_ffff_8000_0000, 0x0000_0006_ffff_ffcf]
        );
    }

    #[test]
    fn float_arith() {
        let a = f32v([1.0, -2.5, f32::INFINITY, 0.0]);
        let b = f32v([2.0, 0.5, f32::INFINITY, -0.0]);
        assert_eq!(f32_lanes(f32x4_add(a, b))[..2], [3.0, -2.0]);
        assert!(f32_lanes(f32x4_sub(a, b))[2].is_nan());
        assert_eq!(u32_lanes(f32x4_sub(a, b))[3], 0);
        assert_eq!(f32_lanes(f32x4_mul(a, b))[..3], [2.0, -1.25, f32::INFINITY]);
        assert_eq!(f32_lanes(f32x4_div(a, b))[..2], [0.5, -5.0]);
        assert!(f32_lanes(f32x4_div(a, b))[3].is_nan());
        // inf - inf produces a canonical NaN (either sign).
        assert_eq!(u32_lanes(f32x4_sub(a, b))[2] & 0x7fff_ffff, F32_CANON);
        // Arithmetic on a NaN input gives a quiet NaN.
        let snan = f32v([f32::from_bits(0x7f80_0001); 4]);
        assert!(
            u32_lanes(f32x4_add(snan, a))
                .iter()
                .all(|&x| x & 0x7fc0_0000 == 0x7fc0_0000)
        );

        let a = f64v([1.0, f64::NEG_INFINITY]);
        let b = f64v([3.0, 2.0]);
        assert_eq!(f64_lanes(f64x2_add(a, b)), [4.0, f64::NEG_INFINITY]);
        assert_eq!(f64_lanes(f64x2_sub(a, b)), [-2.0, f64::NEG_INFINITY]);
        assert_eq!(f64_lanes(f64x2_mul(a, b)), [3.0, f64::NEG_INFINITY]);
        assert_eq!(f64_lanes(f64x2_div(a, b)), [1.0 / 3.0, f64::NEG_INFINITY]);

        let v = u32v([0x7f80_0001, 0xffc0_0000, 0x8000_0000, 0x3f80_0000]);
        assert_eq!(
            u32_lanes(f32x4_abs(v)),
            [0x7f80_0001, 0x7fc0_0000, 0, 0x3f80_0000]
        );
        assert_eq!(
            u32_lanes(f32x4_neg(v)),
            [0xff80_0001, 0x7fc0_0000, 0, 0xbf80_0000]
        );
        let v = (0x8000_0000_0000_0000u128 << 64) | 0x7ff0_0000_0000_0001;
        assert_eq!(f64x2_abs(v), 0x7ff0_0000_0000_0001);
        assert_eq!(f64x2_neg(v), 0xfff0_0000_0000_0001);

        let r = f32x4_sqrt(f32v([4.0, -1.0, 2.0, -0.0]));
        assert_eq!(f32_lanes(r)[0], 2.0);
        assert_eq!(u32_lanes(r)[1] & 0x7fff_ffff, F32_CANON);
        assert_eq!(f32_lanes(r)[2], core::f32::consts::SQRT_2);
        assert_eq!(u32_lanes(r)[3], 0x8000_0000);
        let r = f64x2_sqrt(f64v([9.0, f64::INFINITY]));
        assert_eq!(f64_lanes(r), [3.0, f64::INFINITY]);
    }

    #[test]
    fn float_rounding() {
        let v = f32v([-1.5, 2.5, -0.5, 0.7]);
        assert_eq!(f32_lanes(f32x4_ceil(v)), [-1.0, 3.0, -0.0, 1.0]);
        assert_eq!(u32_lanes(f32x4_ceil(v))[2], 0x8000_0000);
        assert_eq!(f32_lanes(f32x4_floor(v)), [-2.0, 2.0, -1.0, 0.0]);
        assert_eq!(f32_lanes(f32x4_trunc(v)), [-1.0, 2.0, -0.0, 0.0]);
        assert_eq!(f32_lanes(f32x4_nearest(v)), [-2.0, 2.0, -0.0, 1.0]);
        assert_eq!(u32_lanes(f32x4_nearest(v))[2], 0x8000_0000);
        let n = u32v([0x7fa0_0000, F32_CANON, 0xff80_0001, 0]);
        assert_eq!(
            u32_lanes(f32x4_floor(n)),
            [0x7fe0_0000, F32_CANON, 0xffc0_0001, 0]
        );

        let v = f64v([-2.5, 4_503_599_627_370_495.5]);
        assert_eq!(f64_lanes(f64x2_ceil(v)), [-2.0, 4_503_599_627_370_496.0]);
        assert_eq!(f64_lanes(f64x2_floor(v)), [-3.0, 4_503_599_627_370_495.0]);
        assert_eq!(f64_lanes(f64x2_trunc(v)), [-2.0, 4_503_599_627_370_495.0]);
        assert_eq!(f64_lanes(f64x2_nearest(v)), [-2.0, 4_503_599_627_370_496.0]);
        assert_eq!(
            u64_lanes(f64x2_trunc(f64v([f64::NAN, -0.1]))),
            [F64_CANON, 0x8000_0000_0000_0000]
        );
    }

    #[test]
    fn float_min_max_pmin_pmax() {
        let a = f32v([-0.0, 0.0, f32::NAN, 1.0]);
        let b = f32v([0.0, -0.0, 1.0, f32::from_bits(0x7f80_0001)]);
        assert_eq!(
            u32_lanes(f32x4_min(a, b)),
            [0x8000_0000, 0x8000_0000, F32_CANON, F32_CANON]
        );
        assert_eq!(u32_lanes(f32x4_max(a, b)), [0, 0, F32_CANON, F32_CANON]);
        // pmin/pmax: NaN comparisons are false, so the first operand is returned as-is.
        assert_eq!(
            u32_lanes(f32x4_pmin(a, b)),
            [0x8000_0000, 0, f32::NAN.to_bits(), 1.0f32.to_bits()]
        );
        assert_eq!(
            u32_lanes(f32x4_pmax(a, b)),
            [0x8000_0000, 0, f32::NAN.to_bits(), 1.0f32.to_bits()]
        );
        let c = f32v([1.0, 2.0, -3.0, f32::NEG_INFINITY]);
        let d = f32v([2.0, 1.0, 3.0, f32::INFINITY]);
        assert_eq!(
            f32_lanes(f32x4_pmin(c, d)),
            [1.0, 1.0, -3.0, f32::NEG_INFINITY]
        );
        assert_eq!(f32_lanes(f32x4_pmax(c, d)), [2.0, 2.0, 3.0, f32::INFINITY]);
        assert_eq!(
            f32_lanes(f32x4_min(c, d)),
            [1.0, 1.0, -3.0, f32::NEG_INFINITY]
        );
        assert_eq!(f32_lanes(f32x4_max(c, d)), [2.0, 2.0, 3.0, f32::INFINITY]);
        // pmin with a NaN second operand returns the first.
        assert_eq!(f32_lanes(f32x4_pmin(c, f32v([f32::NAN; 4]))), f32_lanes(c));

        let a = f64v([-0.0, f64::NAN]);
        let b = f64v([0.0, 5.0]);
        assert_eq!(
            u64_lanes(f64x2_min(a, b)),
            [0x8000_0000_0000_0000, F64_CANON]
        );
        assert_eq!(u64_lanes(f64x2_max(a, b)), [0, F64_CANON]);
        assert_eq!(
            u64_lanes(f64x2_pmin(a, b)),
            [0x8000_0000_0000_0000, f64::NAN.to_bits()]
        );
        assert_eq!(u64_lanes(f64x2_pmax(b, a)), [0, 5.0f64.to_bits()]);
        assert_eq!(
            f64_lanes(f64x2_pmin(f64v([3.0, -1.0]), f64v([2.0, 1.0]))),
            [2.0, -1.0]
        );
        assert_eq!(
            f64_lanes(f64x2_pmax(f64v([3.0, -1.0]), f64v([2.0, 1.0]))),
            [3.0, 1.0]
        );
    }

    #[test]
    fn conversions() {
        let v = f32v([f32::NAN, -1.5, 3e9, -3e9]);
        assert_eq!(
            i32_lanes(i32x4_trunc_sat_f32x4_s(v)),
            [0, -1, i32::MAX, i32::MIN]
        );
        assert_eq!(
            u32_lanes(i32x4_trunc_sat_f32x4_u(v)),
            [0, 0, 3_000_000_000, 0]
        );
        assert_eq!(
            u32_lanes(i32x4_trunc_sat_f32x4_u(f32v([
                5e9,
                1.9,
                -0.0,
                f32::INFINITY
            ]))),
            [u32::MAX, 1, 0, u32::MAX]
        );

        let d = f64v([f64::NAN, -2_147_483_648.9]);
        assert_eq!(
            i32_lanes(i32x4_trunc_sat_f64x2_s_zero(d)),
            [0, i32::MIN, 0, 0]
        );
        let d = f64v([4_294_967_295.5, -1.0]);
        assert_eq!(
            u32_lanes(i32x4_trunc_sat_f64x2_u_zero(d)),
            [u32::MAX, 0, 0, 0]
        );
        assert_eq!(
            i32_lanes(i32x4_trunc_sat_f64x2_s_zero(f64v([1e10, -7.9]))),
            [i32::MAX, -7, 0, 0]
        );

        let i = i32v([16_777_217, -1, i32::MIN, i32::MAX]);
        assert_eq!(
            f32_lanes(f32x4_convert_i32x4_s(i)),
            [16_777_216.0, -1.0, -2_147_483_648.0, 2_147_483_648.0]
        );
        assert_eq!(
            f32_lanes(f32x4_convert_i32x4_u(i)),
            [
                16_777_216.0,
                4_294_967_296.0,
                2_147_483_648.0,
                2_147_483_648.0
            ]
        );
        // The f32 ulp at 2^28 is 32: +16 ties to even (down), +48 ties to even (up),
        // +17 is above the tie (up).
        assert_eq!(
            f32_lanes(f32x4_convert_i32x4_u(u32v([
                0x1000_0010,
                0x1000_0030,
                0x1000_0011,
                0
            ]))),
            [268_435_456.0, 268_435_520.0, 268_435_488.0, 0.0]
        );
        assert_eq!(
            f64_lanes(f64x2_convert_low_i32x4_s(i)),
            [16_777_217.0, -1.0]
        );
        assert_eq!(
            f64_lanes(f64x2_convert_low_i32x4_u(i)),
            [16_777_217.0, 4_294_967_295.0]
        );

        let d = f64v([0.1, f64::from_bits(0x7ff4_0000_0000_0000)]);
        let r = f32x4_demote_f64x2_zero(d);
        assert_eq!(u32_lanes(r), [0.1f32.to_bits(), 0x7fe0_0000, 0, 0]);
        assert_eq!(
            u32_lanes(f32x4_demote_f64x2_zero(f64v([1e300, f64::NAN]))),
            [0x7f80_0000, F32_CANON, 0, 0]
        );
        let f = u32v([0.5f32.to_bits(), F32_CANON, 0xdead_beef, 0xffff_ffff]);
        assert_eq!(
            u64_lanes(f64x2_promote_low_f32x4(f)),
            [0.5f64.to_bits(), F64_CANON]
        );
        assert_eq!(
            u64_lanes(f64x2_promote_low_f32x4(u32v([0xff80_0001, 1, 0, 0]))),
            [0xfff8_0000_2000_0000, 2f64.powi(-149).to_bits()]
        );
    }

    #[test]
    fn memory_transforms() {
        let bits = u64::from_le_bytes([0x80, 0x7f, 0xff, 0x01, 0x00, 0xfe, 0x81, 0x02]);
        assert_eq!(
            i16_lanes(v128_load8x8_s(bits)),
            [-128, 127, -1, 1, 0, -2, -127, 2]
        );
        assert_eq!(
            u16_lanes(v128_load8x8_u(bits)),
            [128, 127, 255, 1, 0, 254, 129, 2]
        );
        assert_eq!(
            i32_lanes(v128_load16x4_s(bits)),
            [0x7f80, 0x01ff, -512, 0x0281]
        );
        assert_eq!(
            u32_lanes(v128_load16x4_u(bits)),
            [0x7f80, 0x01ff, 0xfe00, 0x0281]
        );
        assert_eq!(i64_lanes(v128_load32x2_s(bits)), [0x01ff_7f80, 0x0281_fe00]);
        let bits = 0x8000_0000_ffff_ffffu64;
        assert_eq!(i64_lanes(v128_load32x2_s(bits)), [-1, -2_147_483_648]);
        assert_eq!(u64_lanes(v128_load32x2_u(bits)), [0xffff_ffff, 0x8000_0000]);

        assert_eq!(v128_load8_splat(0xab), u8v([0xab; 16]));
        assert_eq!(v128_load16_splat(0xabcd), u16v([0xabcd; 8]));
        assert_eq!(v128_load32_splat(0xdead_beef), u32v([0xdead_beef; 4]));
        assert_eq!(
            v128_load64_splat(0x0123_4567_89ab_cdef),
            0x0123_4567_89ab_cdef_0123_4567_89ab_cdef
        );
        assert_eq!(v128_load32_zero(0xffff_ffff), 0xffff_ffff);
        assert_eq!(v128_load64_zero(u64::MAX), u128::from(u64::MAX));

        // Lane loads/stores via replace/extract lane.
        let v = u128::from_le_bytes([0; 16]);
        let v = i8x16_replace_lane(v, 5, i32::from(0xccu8));
        assert_eq!(v.to_le_bytes()[5], 0xcc);
        assert_eq!(i8x16_extract_lane_u(v, 5) as u8, 0xcc);
        let v = i64x2_replace_lane(v, 1, 0x1122_3344_5566_7788);
        assert_eq!(v.to_le_bytes()[8..], 0x1122_3344_5566_7788u64.to_le_bytes());
    }
}
