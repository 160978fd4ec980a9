//! The SIMD half of the op list (see `ops/mod.rs`): every 128-bit SIMD instruction.

/// Calls `$m! { entries }` with the SIMD ops.
macro_rules! for_each_simd_op {
    ($m:ident) => {
        $m! {
            v128_not { d: Slot, a: Slot } => op |c| { let r = simd::v128_not(c.get::<u128>(a)); c.set(d, r) };
        }
    };
}
