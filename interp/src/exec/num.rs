//! Scalar numeric operations with exact WebAssembly semantics.
//!
//! Everything here is a pure function over `core` types. Operations that `core` does not
//! offer on stable Rust (`sqrt`, `floor`, `ceil`, `trunc`, `nearest`) have portable
//! bit-exact software versions (`soft_*`); with the `std` feature the public entry points
//! use the host's (usually hardware) implementation instead, which gives identical results.
//!
//! NaN rules (Wasm spec, "NaN propagation"): an operation whose inputs are all non-NaN
//! but whose result is NaN must produce a *canonical* NaN (quiet bit only, either sign);
//! an operation with a NaN input must produce an *arithmetic* NaN (quiet bit set), and a
//! canonical one if every NaN input was canonical. The functions below satisfy this:
//! `min`/`max` always answer the positive canonical NaN, the rounding functions and
//! `sqrt` quiet their NaN input (which keeps a canonical NaN canonical), and
//! `abs`/`neg`/`copysign` are pure bit operations, as the spec requires.
//!
//! Plain arithmetic (`+ - * /`), comparisons, `reinterpret` and int→float conversion need
//! nothing special: Rust's native operations already have the Wasm semantics.

use core::fmt;

/// Why a trapping float→int truncation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConvError {
    /// The truncated value does not fit the target type (trap "integer overflow").
    IntegerOverflow,
    /// The input was NaN (trap "invalid conversion to integer").
    InvalidConversion,
}

impl ConvError {
    /// The trap message used by the official spec test suite.
    #[inline]
    pub const fn message(self) -> &'static str {
        match self {
            ConvError::IntegerOverflow => "integer overflow",
            ConvError::InvalidConversion => "invalid conversion to integer",
        }
    }
}

impl fmt::Display for ConvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// Bits of the positive canonical f32 NaN.
pub const F32_CANONICAL_NAN_BITS: u32 = 0x7fc0_0000;
/// Bits of the positive canonical f64 NaN.
pub const F64_CANONICAL_NAN_BITS: u64 = 0x7ff8_0000_0000_0000;
/// The positive canonical f32 NaN.
pub const F32_CANONICAL_NAN: f32 = f32::from_bits(F32_CANONICAL_NAN_BITS);
/// The positive canonical f64 NaN.
pub const F64_CANONICAL_NAN: f64 = f64::from_bits(F64_CANONICAL_NAN_BITS);

const F32_SIGN: u32 = 0x8000_0000;
const F32_QUIET: u32 = 0x0040_0000;
const F64_SIGN: u64 = 0x8000_0000_0000_0000;
const F64_QUIET: u64 = 0x0008_0000_0000_0000;

/// Sets the quiet bit of an f32 NaN (used by the std paths; the soft paths quiet on bits).
#[cfg(feature = "std")]
#[inline]
fn f32_quiet(x: f32) -> f32 {
    f32::from_bits(x.to_bits() | F32_QUIET)
}

/// Sets the quiet bit of an f64 NaN.
#[cfg(feature = "std")]
#[inline]
fn f64_quiet(x: f64) -> f64 {
    f64::from_bits(x.to_bits() | F64_QUIET)
}

// ---------------------------------------------------------------------------------------
// Sign operations (bitwise, never canonicalize NaNs).
// ---------------------------------------------------------------------------------------

/// `f32.abs`: clears the sign bit (NaN payload kept).
#[inline]
pub fn f32_abs(x: f32) -> f32 {
    f32::from_bits(x.to_bits() & !F32_SIGN)
}

/// `f32.neg`: flips the sign bit (NaN payload kept).
#[inline]
pub fn f32_neg(x: f32) -> f32 {
    f32::from_bits(x.to_bits() ^ F32_SIGN)
}

/// `f32.copysign`: magnitude of `x`, sign of `y`.
#[inline]
pub fn f32_copysign(x: f32, y: f32) -> f32 {
    f32::from_bits((x.to_bits() & !F32_SIGN) | (y.to_bits() & F32_SIGN))
}

/// `f64.abs`: clears the sign bit (NaN payload kept).
#[inline]
pub fn f64_abs(x: f64) -> f64 {
    f64::from_bits(x.to_bits() & !F64_SIGN)
}

/// `f64.neg`: flips the sign bit (NaN payload kept).
#[inline]
pub fn f64_neg(x: f64) -> f64 {
    f64::from_bits(x.to_bits() ^ F64_SIGN)
}

/// `f64.copysign`: magnitude of `x`, sign of `y`.
#[inline]
pub fn f64_copysign(x: f64, y: f64) -> f64 {
    f64::from_bits((x.to_bits() & !F64_SIGN) | (y.to_bits() & F64_SIGN))
}

// ---------------------------------------------------------------------------------------
// min / max
// ---------------------------------------------------------------------------------------

/// `f32.min`: canonical NaN if either input is NaN; `min(-0, +0) = -0`.
#[inline]
pub fn f32_min(a: f32, b: f32) -> f32 {
    if a.is_nan() || b.is_nan() {
        F32_CANONICAL_NAN
    } else if a == b {
        // Equal non-NaN values have equal bits except for ±0, where OR picks -0.
        f32::from_bits(a.to_bits() | b.to_bits())
    } else if a < b {
        a
    } else {
        b
    }
}

/// `f32.max`: canonical NaN if either input is NaN; `max(-0, +0) = +0`.
#[inline]
pub fn f32_max(a: f32, b: f32) -> f32 {
    if a.is_nan() || b.is_nan() {
        F32_CANONICAL_NAN
    } else if a == b {
        // Equal non-NaN values have equal bits except for ±0, where AND picks +0.
        f32::from_bits(a.to_bits() & b.to_bits())
    } else if a > b {
        a
    } else {
        b
    }
}

/// `f64.min`: canonical NaN if either input is NaN; `min(-0, +0) = -0`.
#[inline]
pub fn f64_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        F64_CANONICAL_NAN
    } else if a == b {
        f64::from_bits(a.to_bits() | b.to_bits())
    } else if a < b {
        a
    } else {
        b
    }
}

/// `f64.max`: canonical NaN if either input is NaN; `max(-0, +0) = +0`.
#[inline]
pub fn f64_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        F64_CANONICAL_NAN
    } else if a == b {
        f64::from_bits(a.to_bits() & b.to_bits())
    } else if a > b {
        a
    } else {
        b
    }
}

// ---------------------------------------------------------------------------------------
// Software rounding and square root (bit-exact, `core` only).
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Rounding {
    Trunc,
    Floor,
    Ceil,
    NearestEven,
}

/// Generates the software rounding function (on raw bits) and the software square root
/// for one float format.
macro_rules! soft_float_impl {
    (
        float = $f:ty, bits = $u:ty, wide = $w:ty, mant = $mant:expr, bias = $bias:expr,
        round = $round:ident, sqrt = $sqrt:ident $(,)?
    ) => {
        /// Rounds the float with bits `bits` to an integral value in the given mode.
        /// NaNs are quieted; infinities, zeros and integral values are returned unchanged.
        fn $round(bits: $u, mode: Rounding) -> $u {
            const MANT: u32 = $mant;
            const BIAS: i32 = $bias;
            const SIGN: $u = 1 << (<$u>::BITS - 1);
            const INF: $u = !SIGN & !((1 << MANT) - 1);
            const ONE: $u = (BIAS as $u) << MANT;
            const HALF: $u = ((BIAS - 1) as $u) << MANT;
            const QUIET: $u = 1 << (MANT - 1);

            let sign = bits & SIGN;
            let abs = bits & !SIGN;
            let exp = (abs >> MANT) as i32 - BIAS;
            if exp >= MANT as i32 {
                // Integral already, infinite, or NaN.
                return if abs > INF { bits | QUIET } else { bits };
            }
            if exp < 0 {
                // |x| < 1 (possibly zero or subnormal): the result is ±0 or ±1.
                if abs == 0 {
                    return bits;
                }
                let away = match mode {
                    Rounding::Trunc => false,
                    Rounding::Floor => sign != 0,
                    Rounding::Ceil => sign == 0,
                    // |x| == 0.5 is a tie and goes to the even neighbour 0.
                    Rounding::NearestEven => abs > HALF,
                };
                return sign | if away { ONE } else { 0 };
            }
            // 1 <= |x| < 2^MANT: the low `MANT - exp` bits are fractional.
            let unit: $u = 1 << (MANT - exp as u32);
            let frac = abs & (unit - 1);
            if frac == 0 {
                return bits;
            }
            let base = abs & !(unit - 1);
            let away = match mode {
                Rounding::Trunc => false,
                Rounding::Floor => sign != 0,
                Rounding::Ceil => sign == 0,
                Rounding::NearestEven => {
                    let half = unit >> 1;
                    // For exp == 0 the units digit is the implicit 1 (odd); the bit at
                    // `unit` is then the exponent's low bit, also 1 because BIAS is odd.
                    frac > half || (frac == half && base & unit != 0)
                }
            };
            // Adding `unit` may carry into the exponent field, which is exactly right
            // (e.g. 1.5 -> 2.0).
            sign | if away { base + unit } else { base }
        }

        /// Correctly rounded (round-to-nearest-even) square root, `core` only.
        /// `sqrt(-0) = -0`, `sqrt(+inf) = +inf`, negative inputs give the canonical NaN,
        /// NaN inputs are quieted.
        pub fn $sqrt(x: $f) -> $f {
            /// Integer square root, digit by digit: smaller code than `isqrt` (this
            /// only runs where the target has no floating-point square root).
            fn isqrt(m: $w) -> $w {
                let (mut rem, mut root) = (m, 0 as $w);
                let mut bit: $w = 1 << (<$w>::BITS - 2);
                while bit > rem {
                    bit >>= 2;
                }
                while bit != 0 {
                    if rem >= root + bit {
                        rem -= root + bit;
                        root = (root >> 1) + bit;
                    } else {
                        root >>= 1;
                    }
                    bit >>= 2;
                }
                root
            }
            const MANT: u32 = $mant;
            const BIAS: i32 = $bias;
            const SIGN: $u = 1 << (<$u>::BITS - 1);
            const INF: $u = !SIGN & !((1 << MANT) - 1);
            const QUIET: $u = 1 << (MANT - 1);
            const CANONICAL: $u = INF | QUIET;

            let bits = x.to_bits();
            let abs = bits & !SIGN;
            if abs == 0 {
                return x;
            }
            if abs > INF {
                return <$f>::from_bits(bits | QUIET);
            }
            if bits & SIGN != 0 {
                return <$f>::from_bits(CANONICAL);
            }
            if abs == INF {
                return x;
            }
            // x = m * 2^e with m an integer.
            let exp_field = (abs >> MANT) as i32;
            let frac = (abs & ((1 << MANT) - 1)) as $w;
            let (mut m, mut e) = if exp_field == 0 {
                (frac, 1 - BIAS - MANT as i32)
            } else {
                (frac | (1 << MANT), exp_field - BIAS - MANT as i32)
            };
            // Normalize so that m is in [2^(2P), 2^(2P+2)) with e even (P = MANT + 1):
            // then isqrt(m) has exactly P + 1 bits, the last being the rounding bit.
            let target = 2 * (MANT + 1);
            let msb = <$w>::BITS - 1 - m.leading_zeros();
            let shift = target - msb;
            m <<= shift;
            e -= shift as i32;
            if e & 1 != 0 {
                m <<= 1;
                e -= 1;
            }
            let r = isqrt(m);
            let sticky = r * r != m;
            let q = (r >> 1) as $u; // P significant bits, leading one at bit MANT
            let round_bit = r & 1 != 0;
            // sqrt(x) ~= r * 2^(e/2) = q * 2^(e/2 + 1); q's leading bit is worth 2^MANT.
            let biased = e / 2 + 1 + MANT as i32 + BIAS;
            // The square root of any finite positive float is a normal float.
            let mut out = ((biased as $u) << MANT) + (q - (1 << MANT));
            if round_bit && (sticky || q & 1 != 0) {
                out += 1; // a carry into the exponent field is correct
            }
            <$f>::from_bits(out)
        }
    };
}

soft_float_impl!(
    float = f32,
    bits = u32,
    wide = u64,
    mant = 23,
    bias = 127,
    round = f32_round_bits,
    sqrt = soft_f32_sqrt
);
soft_float_impl!(
    float = f64,
    bits = u64,
    wide = u128,
    mant = 52,
    bias = 1023,
    round = f64_round_bits,
    sqrt = soft_f64_sqrt
);

/// Software `f32.floor` (bit-exact, `core` only).
#[inline]
pub fn soft_f32_floor(x: f32) -> f32 {
    f32::from_bits(f32_round_bits(x.to_bits(), Rounding::Floor))
}

/// Software `f32.ceil` (bit-exact, `core` only).
#[inline]
pub fn soft_f32_ceil(x: f32) -> f32 {
    f32::from_bits(f32_round_bits(x.to_bits(), Rounding::Ceil))
}

/// Software `f32.trunc` (bit-exact, `core` only).
#[inline]
pub fn soft_f32_trunc(x: f32) -> f32 {
    f32::from_bits(f32_round_bits(x.to_bits(), Rounding::Trunc))
}

/// Software `f32.nearest` (round half to even; bit-exact, `core` only).
#[inline]
pub fn soft_f32_nearest(x: f32) -> f32 {
    f32::from_bits(f32_round_bits(x.to_bits(), Rounding::NearestEven))
}

/// Software `f64.floor` (bit-exact, `core` only).
#[inline]
pub fn soft_f64_floor(x: f64) -> f64 {
    f64::from_bits(f64_round_bits(x.to_bits(), Rounding::Floor))
}

/// Software `f64.ceil` (bit-exact, `core` only).
#[inline]
pub fn soft_f64_ceil(x: f64) -> f64 {
    f64::from_bits(f64_round_bits(x.to_bits(), Rounding::Ceil))
}

/// Software `f64.trunc` (bit-exact, `core` only).
#[inline]
pub fn soft_f64_trunc(x: f64) -> f64 {
    f64::from_bits(f64_round_bits(x.to_bits(), Rounding::Trunc))
}

/// Software `f64.nearest` (round half to even; bit-exact, `core` only).
#[inline]
pub fn soft_f64_nearest(x: f64) -> f64 {
    f64::from_bits(f64_round_bits(x.to_bits(), Rounding::NearestEven))
}

// ---------------------------------------------------------------------------------------
// Public rounding / sqrt entry points: std (hardware) when available, else software.
// The std paths quiet NaN inputs explicitly so the result never depends on a libm.
// ---------------------------------------------------------------------------------------

macro_rules! dispatch_unary {
    ($(#[$doc:meta])* $name:ident, $f:ty, $quiet:ident, $method:ident, $soft:ident) => {
        $(#[$doc])*
        #[inline]
        pub fn $name(x: $f) -> $f {
            #[cfg(feature = "std")]
            {
                if x.is_nan() { $quiet(x) } else { x.$method() }
            }
            #[cfg(not(feature = "std"))]
            {
                $soft(x)
            }
        }
    };
}

dispatch_unary!(
    /// `f32.floor`.
    f32_floor, f32, f32_quiet, floor, soft_f32_floor
);
dispatch_unary!(
    /// `f32.ceil`.
    f32_ceil, f32, f32_quiet, ceil, soft_f32_ceil
);
dispatch_unary!(
    /// `f32.trunc`.
    f32_trunc, f32, f32_quiet, trunc, soft_f32_trunc
);
dispatch_unary!(
    /// `f32.nearest` (round half to even).
    f32_nearest, f32, f32_quiet, round_ties_even, soft_f32_nearest
);
dispatch_unary!(
    /// `f32.sqrt` (correctly rounded; negative non-zero inputs give a canonical NaN).
    f32_sqrt, f32, f32_quiet, sqrt, soft_f32_sqrt
);
dispatch_unary!(
    /// `f64.floor`.
    f64_floor, f64, f64_quiet, floor, soft_f64_floor
);
dispatch_unary!(
    /// `f64.ceil`.
    f64_ceil, f64, f64_quiet, ceil, soft_f64_ceil
);
dispatch_unary!(
    /// `f64.trunc`.
    f64_trunc, f64, f64_quiet, trunc, soft_f64_trunc
);
dispatch_unary!(
    /// `f64.nearest` (round half to even).
    f64_nearest, f64, f64_quiet, round_ties_even, soft_f64_nearest
);
dispatch_unary!(
    /// `f64.sqrt` (correctly rounded; negative non-zero inputs give a canonical NaN).
    f64_sqrt, f64, f64_quiet, sqrt, soft_f64_sqrt
);

// ---------------------------------------------------------------------------------------
// Trapping float -> int truncation.
//
// Every f32 converts to f64 exactly, so the f32 variants defer to the f64 ones.
// The range checks compare against exactly representable bounds: a value is in range
// iff its truncation toward zero fits, i.e. `MIN - 1 < x < MAX + 1`.
// ---------------------------------------------------------------------------------------

/// `i32.trunc_f64_s`.
#[inline]
pub fn i32_trunc_f64_s(x: f64) -> Result<i32, ConvError> {
    if x.is_nan() {
        Err(ConvError::InvalidConversion)
    } else if x > -2_147_483_649.0 && x < 2_147_483_648.0 {
        Ok(x as i32)
    } else {
        Err(ConvError::IntegerOverflow)
    }
}

/// `i32.trunc_f64_u` (result is the unsigned value; reinterpret as i32 for the stack).
#[inline]
pub fn i32_trunc_f64_u(x: f64) -> Result<u32, ConvError> {
    if x.is_nan() {
        Err(ConvError::InvalidConversion)
    } else if x > -1.0 && x < 4_294_967_296.0 {
        Ok(x as u32)
    } else {
        Err(ConvError::IntegerOverflow)
    }
}

/// `i64.trunc_f64_s`.
#[inline]
pub fn i64_trunc_f64_s(x: f64) -> Result<i64, ConvError> {
    if x.is_nan() {
        Err(ConvError::InvalidConversion)
    } else if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&x) {
        // -2^63 - 1 is not representable: the next f64 below -2^63 already overflows.
        Ok(x as i64)
    } else {
        Err(ConvError::IntegerOverflow)
    }
}

/// `i64.trunc_f64_u` (result is the unsigned value; reinterpret as i64 for the stack).
#[inline]
pub fn i64_trunc_f64_u(x: f64) -> Result<u64, ConvError> {
    if x.is_nan() {
        Err(ConvError::InvalidConversion)
    } else if x > -1.0 && x < 18_446_744_073_709_551_616.0 {
        Ok(x as u64)
    } else {
        Err(ConvError::IntegerOverflow)
    }
}

/// `i32.trunc_f32_s`.
#[inline]
pub fn i32_trunc_f32_s(x: f32) -> Result<i32, ConvError> {
    i32_trunc_f64_s(f64::from(x))
}

/// `i32.trunc_f32_u` (result is the unsigned value; reinterpret as i32 for the stack).
#[inline]
pub fn i32_trunc_f32_u(x: f32) -> Result<u32, ConvError> {
    i32_trunc_f64_u(f64::from(x))
}

/// `i64.trunc_f32_s`.
#[inline]
pub fn i64_trunc_f32_s(x: f32) -> Result<i64, ConvError> {
    i64_trunc_f64_s(f64::from(x))
}

/// `i64.trunc_f32_u` (result is the unsigned value; reinterpret as i64 for the stack).
#[inline]
pub fn i64_trunc_f32_u(x: f32) -> Result<u64, ConvError> {
    i64_trunc_f64_u(f64::from(x))
}

// ---------------------------------------------------------------------------------------
// Saturating float -> int truncation: Rust `as` saturates and maps NaN to 0, exactly the
// semantics of `trunc_sat`.
// ---------------------------------------------------------------------------------------

/// `i32.trunc_sat_f32_s`.
#[inline]
pub fn i32_trunc_sat_f32_s(x: f32) -> i32 {
    x as i32
}

/// `i32.trunc_sat_f32_u` (unsigned result).
#[inline]
pub fn i32_trunc_sat_f32_u(x: f32) -> u32 {
    x as u32
}

/// `i32.trunc_sat_f64_s`.
#[inline]
pub fn i32_trunc_sat_f64_s(x: f64) -> i32 {
    x as i32
}

/// `i32.trunc_sat_f64_u` (unsigned result).
#[inline]
pub fn i32_trunc_sat_f64_u(x: f64) -> u32 {
    x as u32
}

/// `i64.trunc_sat_f32_s`.
#[inline]
pub fn i64_trunc_sat_f32_s(x: f32) -> i64 {
    x as i64
}

/// `i64.trunc_sat_f32_u` (unsigned result).
#[inline]
pub fn i64_trunc_sat_f32_u(x: f32) -> u64 {
    x as u64
}

/// `i64.trunc_sat_f64_s`.
#[inline]
pub fn i64_trunc_sat_f64_s(x: f64) -> i64 {
    x as i64
}

/// `i64.trunc_sat_f64_u` (unsigned result).
#[inline]
pub fn i64_trunc_sat_f64_u(x: f64) -> u64 {
    x as u64
}

// ---------------------------------------------------------------------------------------
// int -> float conversion (Rust `as` rounds to nearest, ties to even), demote, promote.
// ---------------------------------------------------------------------------------------

/// `f32.convert_i32_s`.
#[inline]
pub fn f32_convert_i32_s(x: i32) -> f32 {
    x as f32
}

/// `f32.convert_i32_u` (takes the operand reinterpreted as unsigned).
#[inline]
pub fn f32_convert_i32_u(x: u32) -> f32 {
    x as f32
}

/// `f32.convert_i64_s`.
#[inline]
pub fn f32_convert_i64_s(x: i64) -> f32 {
    x as f32
}

/// `f32.convert_i64_u` (takes the operand reinterpreted as unsigned).
#[inline]
pub fn f32_convert_i64_u(x: u64) -> f32 {
    x as f32
}

/// `f64.convert_i32_s`.
#[inline]
pub fn f64_convert_i32_s(x: i32) -> f64 {
    f64::from(x)
}

/// `f64.convert_i32_u` (takes the operand reinterpreted as unsigned).
#[inline]
pub fn f64_convert_i32_u(x: u32) -> f64 {
    f64::from(x)
}

/// `f64.convert_i64_s`.
#[inline]
pub fn f64_convert_i64_s(x: i64) -> f64 {
    x as f64
}

/// `f64.convert_i64_u` (takes the operand reinterpreted as unsigned).
#[inline]
pub fn f64_convert_i64_u(x: u64) -> f64 {
    x as f64
}

/// `f32.demote_f64`: round to nearest; a NaN keeps its sign and the top of its payload
/// and is quieted (so a canonical NaN stays canonical).
#[inline]
pub fn f32_demote_f64(x: f64) -> f32 {
    if x.is_nan() {
        let b = x.to_bits();
        let sign = ((b >> 63) as u32) << 31;
        let payload = ((b >> 29) as u32) & 0x007f_ffff;
        f32::from_bits(sign | 0x7f80_0000 | F32_QUIET | payload)
    } else {
        x as f32
    }
}

/// `f64.promote_f32`: exact; a NaN keeps its sign and payload and is quieted.
#[inline]
pub fn f64_promote_f32(x: f32) -> f64 {
    if x.is_nan() {
        let b = x.to_bits();
        let sign = u64::from(b >> 31) << 63;
        let payload = u64::from(b & 0x007f_ffff) << 29;
        f64::from_bits(sign | 0x7ff0_0000_0000_0000 | F64_QUIET | payload)
    } else {
        f64::from(x)
    }
}

/// `!(x < y)` (true when either operand is NaN), for branches taken when a float
/// comparison is false.
#[inline(always)]
#[allow(clippy::neg_cmp_op_on_partial_ord)]
pub(crate) fn nlt<T: PartialOrd>(x: T, y: T) -> bool {
    !(x < y)
}
/// `!(x > y)`.
#[inline(always)]
#[allow(clippy::neg_cmp_op_on_partial_ord)]
pub(crate) fn ngt<T: PartialOrd>(x: T, y: T) -> bool {
    !(x > y)
}
/// `!(x <= y)`.
#[inline(always)]
#[allow(clippy::neg_cmp_op_on_partial_ord)]
pub(crate) fn nle<T: PartialOrd>(x: T, y: T) -> bool {
    !(x <= y)
}
/// `!(x >= y)`.
#[inline(always)]
#[allow(clippy::neg_cmp_op_on_partial_ord)]
pub(crate) fn nge<T: PartialOrd>(x: T, y: T) -> bool {
    !(x >= y)
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    /// SplitMix64: a tiny deterministic PRNG.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
    }

    const SAMPLES: usize = 100_000;

    fn f32_edges() -> std::vec::Vec<f32> {
        let mut v = std::vec![
            0.0,
            -0.0,
            0.25,
            0.5,
            0.75,
            1.0,
            1.5,
            2.5,
            3.5,
            -0.25,
            -0.5,
            -0.75,
            -1.0,
            -1.5,
            -2.5,
            -3.5,
            0.499_999_97,
            -0.499_999_97,
            0.500_000_06,
            8_388_607.5,
            -8_388_607.5,
            8_388_608.0,
            8_388_609.0,
            4_194_303.5,
            4_194_304.5,
            16_777_215.0,
            16_777_216.0,
            f32::MIN_POSITIVE,
            -f32::MIN_POSITIVE,
            f32::from_bits(1),
            f32::from_bits(0x8000_0001),
            f32::from_bits(0x007f_ffff),
            f32::MAX,
            f32::MIN,
            f32::EPSILON,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            f32::from_bits(0x7fa0_0000),
            f32::from_bits(0xffc0_0001),
            2.0,
            4.0,
            0.1,
            1e30,
            1e-30,
        ];
        // Every power of two (subnormal and normal), its neighbours, both signs.
        let powers = (0..23).map(|j| 1u32 << j).chain((1..255).map(|e| e << 23));
        for p in powers {
            for b in [
                p,
                p + 1,
                p - 1,
                p | F32_SIGN,
                (p + 1) | F32_SIGN,
                (p - 1) | F32_SIGN,
            ] {
                v.push(f32::from_bits(b));
            }
        }
        v
    }

    fn f64_edges() -> std::vec::Vec<f64> {
        let mut v = std::vec![
            0.0,
            -0.0,
            0.25,
            0.5,
            0.75,
            1.0,
            1.5,
            2.5,
            3.5,
            -0.25,
            -0.5,
            -0.75,
            -1.0,
            -1.5,
            -2.5,
            -3.5,
            0.499_999_999_999_999_94,
            -0.499_999_999_999_999_94,
            4_503_599_627_370_495.5,
            -4_503_599_627_370_495.5,
            4_503_599_627_370_496.0,
            4_503_599_627_370_497.0,
            2_251_799_813_685_247.5,
            2_251_799_813_685_248.5,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::from_bits(1),
            f64::from_bits(0x8000_0000_0000_0001),
            f64::from_bits(0x000f_ffff_ffff_ffff),
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::from_bits(0x7ff4_0000_0000_0000),
            f64::from_bits(0xfff8_0000_0000_0001),
            2.0,
            4.0,
            0.1,
            1e300,
            1e-300,
        ];
        // Every power of two (subnormal and normal), its neighbours, both signs.
        let powers = (0..52).map(|j| 1u64 << j).chain((1..2047).map(|e| e << 52));
        for p in powers {
            for b in [
                p,
                p + 1,
                p - 1,
                p | F64_SIGN,
                (p + 1) | F64_SIGN,
                (p - 1) | F64_SIGN,
            ] {
                v.push(f64::from_bits(b));
            }
        }
        v
    }

    /// Random f32s: half uniform bit patterns, half with an exponent near the integer
    /// boundary so the rounding functions see interesting fractions.
    fn f32_random(rng: &mut Rng) -> f32 {
        let r = rng.next();
        if r & 1 == 0 {
            f32::from_bits((r >> 32) as u32)
        } else {
            let exp = 127 - 4 + ((r >> 8) % 32) as u32; // 2^-4 .. 2^27
            let bits = ((r >> 32) as u32 & 0x807f_ffff) | (exp << 23);
            f32::from_bits(bits)
        }
    }

    fn f64_random(rng: &mut Rng) -> f64 {
        let r = rng.next();
        if r & 1 == 0 {
            f64::from_bits(rng.next())
        } else {
            let exp = 1023 - 4 + (r >> 8) % 64; // 2^-4 .. 2^59
            let bits = (rng.next() & 0x800f_ffff_ffff_ffff) | (exp << 52);
            f64::from_bits(bits)
        }
    }

    fn check32(name: &str, x: f32, soft: f32, reference: f32) {
        if reference.is_nan() {
            assert!(
                soft.is_nan(),
                "{name}({x:e} / {:#x}): soft {soft:e}, want NaN",
                x.to_bits()
            );
            assert!(soft.to_bits() & F32_QUIET != 0, "{name}: NaN not quiet");
            if !x.is_nan() {
                assert_eq!(
                    soft.to_bits() & !F32_SIGN,
                    F32_CANONICAL_NAN_BITS,
                    "{name}: NaN not canonical"
                );
            }
        } else {
            assert_eq!(
                soft.to_bits(),
                reference.to_bits(),
                "{name}({x:e} / {:#x}): soft {soft:e}, want {reference:e}",
                x.to_bits()
            );
        }
    }

    fn check64(name: &str, x: f64, soft: f64, reference: f64) {
        if reference.is_nan() {
            assert!(
                soft.is_nan(),
                "{name}({x:e} / {:#x}): soft {soft:e}, want NaN",
                x.to_bits()
            );
            assert!(soft.to_bits() & F64_QUIET != 0, "{name}: NaN not quiet");
            if !x.is_nan() {
                assert_eq!(
                    soft.to_bits() & !F64_SIGN,
                    F64_CANONICAL_NAN_BITS,
                    "{name}: NaN not canonical"
                );
            }
        } else {
            assert_eq!(
                soft.to_bits(),
                reference.to_bits(),
                "{name}({x:e} / {:#x}): soft {soft:e}, want {reference:e}",
                x.to_bits()
            );
        }
    }

    type F32Pair = (&'static str, fn(f32) -> f32, fn(f32) -> f32);
    type F64Pair = (&'static str, fn(f64) -> f64, fn(f64) -> f64);

    const F32_FNS: [F32Pair; 5] = [
        ("sqrt", soft_f32_sqrt, f32::sqrt),
        ("floor", soft_f32_floor, f32::floor),
        ("ceil", soft_f32_ceil, f32::ceil),
        ("trunc", soft_f32_trunc, f32::trunc),
        ("nearest", soft_f32_nearest, f32::round_ties_even),
    ];
    const F64_FNS: [F64Pair; 5] = [
        ("sqrt", soft_f64_sqrt, f64::sqrt),
        ("floor", soft_f64_floor, f64::floor),
        ("ceil", soft_f64_ceil, f64::ceil),
        ("trunc", soft_f64_trunc, f64::trunc),
        ("nearest", soft_f64_nearest, f64::round_ties_even),
    ];

    #[test]
    fn soft_f32_matches_std_on_edges() {
        for (name, soft, reference) in F32_FNS {
            for x in f32_edges() {
                check32(name, x, soft(x), reference(x));
            }
        }
    }

    #[test]
    fn soft_f64_matches_std_on_edges() {
        for (name, soft, reference) in F64_FNS {
            for x in f64_edges() {
                check64(name, x, soft(x), reference(x));
            }
        }
    }

    #[test]
    fn soft_f32_matches_std_random() {
        for (i, (name, soft, reference)) in F32_FNS.into_iter().enumerate() {
            let mut rng = Rng(0x1234_5678 + i as u64);
            for _ in 0..SAMPLES {
                let x = f32_random(&mut rng);
                check32(name, x, soft(x), reference(x));
            }
        }
    }

    #[test]
    fn soft_f64_matches_std_random() {
        for (i, (name, soft, reference)) in F64_FNS.into_iter().enumerate() {
            let mut rng = Rng(0x8765_4321 + i as u64);
            for _ in 0..SAMPLES {
                let x = f64_random(&mut rng);
                check64(name, x, soft(x), reference(x));
            }
        }
    }

    #[test]
    fn soft_sqrt_exhaustive_on_f32_mantissas_near_one() {
        // Every f32 in [1, 4): checks all rounding situations of sqrt's significand.
        let start = 1.0f32.to_bits();
        let end = 4.0f32.to_bits();
        for bits in (start..end).step_by(7) {
            let x = f32::from_bits(bits);
            check32("sqrt", x, soft_f32_sqrt(x), x.sqrt());
        }
    }

    #[test]
    fn soft_sqrt_specials() {
        assert_eq!(soft_f32_sqrt(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(soft_f64_sqrt(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(soft_f32_sqrt(-1.0).to_bits(), F32_CANONICAL_NAN_BITS);
        assert_eq!(
            soft_f64_sqrt(f64::NEG_INFINITY).to_bits(),
            F64_CANONICAL_NAN_BITS
        );
        assert_eq!(soft_f32_sqrt(f32::INFINITY), f32::INFINITY);
        assert_eq!(soft_f64_sqrt(4.0), 2.0);
        // A signalling NaN comes out quiet with its payload.
        assert_eq!(
            soft_f32_sqrt(f32::from_bits(0xff80_0001)).to_bits(),
            0xffc0_0001
        );
        assert_eq!(f32_sqrt(f32::from_bits(0x7f80_0001)).to_bits(), 0x7fc0_0001);
        assert_eq!(
            f64_sqrt(f64::from_bits(0x7ff0_0000_0000_0001)).to_bits(),
            0x7ff8_0000_0000_0001
        );
    }

    #[test]
    fn rounding_hand_checked() {
        assert_eq!(soft_f32_nearest(0.5).to_bits(), 0.0f32.to_bits());
        assert_eq!(soft_f32_nearest(-0.5).to_bits(), (-0.0f32).to_bits());
        assert_eq!(soft_f32_nearest(1.5), 2.0);
        assert_eq!(soft_f32_nearest(2.5), 2.0);
        assert_eq!(soft_f32_nearest(-3.5), -4.0);
        assert_eq!(
            soft_f64_nearest(4_503_599_627_370_495.5),
            4_503_599_627_370_496.0
        );
        assert_eq!(soft_f64_nearest(-0.75), -1.0);
        assert_eq!(soft_f32_floor(-0.5), -1.0);
        assert_eq!(soft_f32_floor(0.5).to_bits(), 0.0f32.to_bits());
        assert_eq!(soft_f32_ceil(-0.5).to_bits(), (-0.0f32).to_bits());
        assert_eq!(soft_f32_ceil(0.5), 1.0);
        assert_eq!(soft_f64_trunc(-1.9), -1.0);
        assert_eq!(soft_f64_trunc(-0.9).to_bits(), (-0.0f64).to_bits());
        assert_eq!(soft_f64_floor(-1.0), -1.0);
        assert_eq!(soft_f64_ceil(f64::from_bits(1)), 1.0);
        assert_eq!(soft_f64_floor(-f64::from_bits(1)), -1.0);
        // NaN inputs are quieted, payload and sign kept.
        assert_eq!(
            soft_f32_floor(f32::from_bits(0xff80_0001)).to_bits(),
            0xffc0_0001
        );
        assert_eq!(
            f64_nearest(f64::from_bits(0x7ff0_0000_0000_0001)).to_bits(),
            0x7ff8_0000_0000_0001
        );
        assert_eq!(
            f32_trunc(f32::from_bits(0x7f80_0001)).to_bits(),
            0x7fc0_0001
        );
        assert_eq!(
            f32_ceil(F32_CANONICAL_NAN).to_bits(),
            F32_CANONICAL_NAN_BITS
        );
    }

    #[test]
    fn public_entry_points_match_soft() {
        let mut rng = Rng(99);
        for _ in 0..10_000 {
            let x = f32_random(&mut rng);
            check32("f32_sqrt", x, f32_sqrt(x), soft_f32_sqrt(x));
            check32("f32_floor", x, f32_floor(x), soft_f32_floor(x));
            check32("f32_ceil", x, f32_ceil(x), soft_f32_ceil(x));
            check32("f32_trunc", x, f32_trunc(x), soft_f32_trunc(x));
            check32("f32_nearest", x, f32_nearest(x), soft_f32_nearest(x));
            let y = f64_random(&mut rng);
            check64("f64_sqrt", y, f64_sqrt(y), soft_f64_sqrt(y));
            check64("f64_floor", y, f64_floor(y), soft_f64_floor(y));
            check64("f64_ceil", y, f64_ceil(y), soft_f64_ceil(y));
            check64("f64_trunc", y, f64_trunc(y), soft_f64_trunc(y));
            check64("f64_nearest", y, f64_nearest(y), soft_f64_nearest(y));
        }
    }

    #[test]
    fn min_max() {
        assert_eq!(f32_min(-0.0, 0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(f32_min(0.0, -0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(f32_max(-0.0, 0.0).to_bits(), 0.0f32.to_bits());
        assert_eq!(f32_max(0.0, -0.0).to_bits(), 0.0f32.to_bits());
        assert_eq!(f64_min(-0.0, 0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(f64_max(0.0, -0.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(f64_max(-0.0, -0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(f32_min(1.0, 2.0), 1.0);
        assert_eq!(f32_max(1.0, 2.0), 2.0);
        assert_eq!(f64_min(f64::NEG_INFINITY, 2.0), f64::NEG_INFINITY);
        assert_eq!(f64_max(f64::NEG_INFINITY, f64::INFINITY), f64::INFINITY);
        assert_eq!(f32_min(f32::NAN, 1.0).to_bits(), F32_CANONICAL_NAN_BITS);
        assert_eq!(
            f32_max(1.0, f32::from_bits(0xff80_0001)).to_bits(),
            F32_CANONICAL_NAN_BITS
        );
        assert_eq!(f64_min(0.0, f64::NAN).to_bits(), F64_CANONICAL_NAN_BITS);
        assert_eq!(
            f64_max(f64::NAN, f64::INFINITY).to_bits(),
            F64_CANONICAL_NAN_BITS
        );
    }

    #[test]
    fn sign_ops_are_bitwise() {
        let snan = f32::from_bits(0x7f80_0001);
        assert_eq!(f32_neg(snan).to_bits(), 0xff80_0001);
        assert_eq!(f32_abs(f32::from_bits(0xff80_0001)).to_bits(), 0x7f80_0001);
        assert_eq!(f32_copysign(snan, -1.0).to_bits(), 0xff80_0001);
        assert_eq!(f32_copysign(-2.0, 0.0), 2.0);
        assert_eq!(f32_neg(0.0).to_bits(), 0x8000_0000);
        assert_eq!(
            f64_neg(f64::from_bits(0x7ff0_0000_0000_0001)).to_bits(),
            0xfff0_0000_0000_0001
        );
        assert_eq!(f64_abs(-0.0).to_bits(), 0);
        assert_eq!(f64_copysign(1.0, -f64::NAN), -1.0);
    }

    #[test]
    fn trapping_truncation_boundaries() {
        use ConvError::*;
        // i32 from f32
        assert_eq!(i32_trunc_f32_s(-2_147_483_648.0), Ok(i32::MIN));
        assert_eq!(i32_trunc_f32_s(2_147_483_520.0), Ok(2_147_483_520));
        assert_eq!(i32_trunc_f32_s(2_147_483_648.0), Err(IntegerOverflow));
        assert_eq!(i32_trunc_f32_s(-2_147_483_904.0), Err(IntegerOverflow));
        assert_eq!(i32_trunc_f32_s(-1.9), Ok(-1));
        assert_eq!(i32_trunc_f32_s(-0.0), Ok(0));
        assert_eq!(i32_trunc_f32_s(f32::NAN), Err(InvalidConversion));
        assert_eq!(i32_trunc_f32_s(f32::INFINITY), Err(IntegerOverflow));
        assert_eq!(i32_trunc_f32_u(-0.9), Ok(0));
        assert_eq!(i32_trunc_f32_u(-1.0), Err(IntegerOverflow));
        assert_eq!(i32_trunc_f32_u(4_294_967_040.0), Ok(4_294_967_040));
        assert_eq!(i32_trunc_f32_u(4_294_967_296.0), Err(IntegerOverflow));
        assert_eq!(i32_trunc_f32_u(-f32::NAN), Err(InvalidConversion));
        // i32 from f64
        assert_eq!(i32_trunc_f64_s(2_147_483_647.0), Ok(i32::MAX));
        assert_eq!(i32_trunc_f64_s(2_147_483_647.9), Ok(i32::MAX));
        assert_eq!(i32_trunc_f64_s(2_147_483_648.0), Err(IntegerOverflow));
        assert_eq!(i32_trunc_f64_s(-2_147_483_648.9), Ok(i32::MIN));
        assert_eq!(i32_trunc_f64_s(-2_147_483_649.0), Err(IntegerOverflow));
        assert_eq!(i32_trunc_f64_u(4_294_967_295.9), Ok(u32::MAX));
        assert_eq!(i32_trunc_f64_u(4_294_967_296.0), Err(IntegerOverflow));
        assert_eq!(i32_trunc_f64_u(-0.999_999_9), Ok(0));
        assert_eq!(i32_trunc_f64_u(-1.0), Err(IntegerOverflow));
        assert_eq!(i32_trunc_f64_u(f64::NEG_INFINITY), Err(IntegerOverflow));
        assert_eq!(i32_trunc_f64_u(f64::NAN), Err(InvalidConversion));
        // i64 from f32
        assert_eq!(i64_trunc_f32_s(-9_223_372_036_854_775_808.0), Ok(i64::MIN));
        assert_eq!(
            i64_trunc_f32_s(9_223_371_487_098_961_920.0),
            Ok(9_223_371_487_098_961_920)
        );
        assert_eq!(
            i64_trunc_f32_s(9_223_372_036_854_775_808.0),
            Err(IntegerOverflow)
        );
        assert_eq!(
            i64_trunc_f32_s(-9_223_373_136_366_403_584.0),
            Err(IntegerOverflow)
        );
        assert_eq!(
            i64_trunc_f32_u(18_446_742_974_197_923_840.0),
            Ok(18_446_742_974_197_923_840)
        );
        assert_eq!(
            i64_trunc_f32_u(18_446_744_073_709_551_616.0),
            Err(IntegerOverflow)
        );
        assert_eq!(i64_trunc_f32_u(-0.9), Ok(0));
        assert_eq!(i64_trunc_f32_u(-1.0), Err(IntegerOverflow));
        assert_eq!(i64_trunc_f32_s(f32::NAN), Err(InvalidConversion));
        // i64 from f64
        assert_eq!(i64_trunc_f64_s(-9_223_372_036_854_775_808.0), Ok(i64::MIN));
        assert_eq!(
            i64_trunc_f64_s(9_223_372_036_854_774_784.0),
            Ok(9_223_372_036_854_774_784)
        );
        assert_eq!(
            i64_trunc_f64_s(9_223_372_036_854_775_808.0),
            Err(IntegerOverflow)
        );
        assert_eq!(
            i64_trunc_f64_s(-9_223_372_036_854_777_856.0),
            Err(IntegerOverflow)
        );
        assert_eq!(
            i64_trunc_f64_u(18_446_744_073_709_549_568.0),
            Ok(18_446_744_073_709_549_568)
        );
        assert_eq!(
            i64_trunc_f64_u(18_446_744_073_709_551_616.0),
            Err(IntegerOverflow)
        );
        assert_eq!(i64_trunc_f64_u(-0.9), Ok(0));
        assert_eq!(i64_trunc_f64_u(-1.0), Err(IntegerOverflow));
        assert_eq!(i64_trunc_f64_u(f64::NAN), Err(InvalidConversion));
        assert_eq!(i64_trunc_f64_s(1e300), Err(IntegerOverflow));
    }

    #[test]
    fn saturating_truncation() {
        assert_eq!(i32_trunc_sat_f32_s(f32::NAN), 0);
        assert_eq!(i32_trunc_sat_f32_s(3e9), i32::MAX);
        assert_eq!(i32_trunc_sat_f32_s(-3e9), i32::MIN);
        assert_eq!(i32_trunc_sat_f32_u(-1.0), 0);
        assert_eq!(i32_trunc_sat_f32_u(5e9), u32::MAX);
        assert_eq!(i32_trunc_sat_f64_s(-2_147_483_648.9), i32::MIN);
        assert_eq!(i32_trunc_sat_f64_u(f64::INFINITY), u32::MAX);
        assert_eq!(i32_trunc_sat_f64_u(f64::NAN), 0);
        assert_eq!(i64_trunc_sat_f32_s(f32::NEG_INFINITY), i64::MIN);
        assert_eq!(i64_trunc_sat_f32_u(-f32::NAN), 0);
        assert_eq!(i64_trunc_sat_f64_s(1e19), i64::MAX);
        assert_eq!(i64_trunc_sat_f64_u(1e20), u64::MAX);
        assert_eq!(i64_trunc_sat_f64_u(-0.5), 0);
    }

    #[test]
    fn conversions() {
        assert_eq!(f32_convert_i32_s(16_777_217), 16_777_216.0);
        assert_eq!(f32_convert_i32_u(u32::MAX), 4_294_967_296.0);
        assert_eq!(f32_convert_i64_s(i64::MIN), -9_223_372_036_854_775_808.0);
        // Round to nearest, ties to even (a classic double-rounding trap).
        assert_eq!(
            f32_convert_i64_u(0x0020_0000_2000_0001),
            9_007_200_328_482_816.0
        );
        assert_eq!(
            f64_convert_i64_s(9_007_199_254_740_993),
            9_007_199_254_740_992.0
        );
        assert_eq!(f64_convert_i64_u(u64::MAX), 18_446_744_073_709_551_616.0);
        assert_eq!(f64_convert_i32_u(u32::MAX), 4_294_967_295.0);
        assert_eq!(f64_convert_i32_s(-1), -1.0);
    }

    #[test]
    fn demote_promote() {
        assert_eq!(
            f32_demote_f64(F64_CANONICAL_NAN).to_bits(),
            F32_CANONICAL_NAN_BITS
        );
        assert_eq!(f32_demote_f64(-F64_CANONICAL_NAN).to_bits(), 0xffc0_0000);
        // Signalling NaN: quieted, top of payload kept.
        assert_eq!(
            f32_demote_f64(f64::from_bits(0x7ff4_0000_2000_0000)).to_bits(),
            0x7fe0_0001
        );
        assert_eq!(
            f32_demote_f64(f64::from_bits(0x7ff0_0000_0000_0001)).to_bits(),
            0x7fc0_0000
        );
        assert_eq!(f32_demote_f64(1e300), f32::INFINITY);
        assert_eq!(f32_demote_f64(-1e300), f32::NEG_INFINITY);
        assert_eq!(f32_demote_f64(1e-300).to_bits(), 0);
        assert_eq!(f32_demote_f64(-1e-300).to_bits(), 0x8000_0000);
        assert_eq!(f32_demote_f64(0.1), 0.1f32);
        // Round to nearest even at the f32 ulp.
        assert_eq!(f32_demote_f64(1.0 + f64::from(f32::EPSILON) / 2.0), 1.0);
        // f32::MAX + half an ulp is a tie; MAX's significand is odd, so it rounds to inf.
        assert_eq!(
            f32_demote_f64(f64::from(f32::MAX) + 2f64.powi(103)),
            f32::INFINITY
        );
        assert_eq!(
            f32_demote_f64(f64::from(f32::MAX) + 2f64.powi(102)),
            f32::MAX
        );
        assert_eq!(
            f64_promote_f32(F32_CANONICAL_NAN).to_bits(),
            F64_CANONICAL_NAN_BITS
        );
        assert_eq!(
            f64_promote_f32(f32::from_bits(0xff80_0001)).to_bits(),
            0xfff8_0000_2000_0000
        );
        assert_eq!(f64_promote_f32(f32::from_bits(1)), 2f64.powi(-149));
        assert_eq!(f64_promote_f32(-0.0).to_bits(), 0x8000_0000_0000_0000);
    }

    #[test]
    fn conv_error_messages() {
        use std::string::ToString;
        assert_eq!(ConvError::IntegerOverflow.to_string(), "integer overflow");
        assert_eq!(
            ConvError::InvalidConversion.to_string(),
            "invalid conversion to integer"
        );
    }
}
