//! Translation of the 128-bit SIMD operators (`v128.const` is handled with the other
//! constants). Every operator maps to one op of `for_each_simd_op!`; those with a result
//! write it to a fresh temporary named by their first immediate, so `local.set` can
//! retarget it. Relaxed SIMD is not supported.

use wasmparser::{MemArg, Operator};

use super::Translator;
use crate::error::Result;
use crate::ir::{CodeBuilder, Pos, Slot};
use crate::types::ValType;

/// Encoder of an op `{ d, a, o }` (a load) or `{ d, a, lane }` (an extract_lane).
type DstSrcImm = fn(&mut CodeBuilder, Slot, Slot, u32) -> Pos;
/// Encoder of `v128.store { a, s, o }`.
type StoreOp = fn(&mut CodeBuilder, Slot, Slot, u32) -> Pos;
/// Encoder of a lane load `{ d, a, v, o, lane }`.
type LoadLaneOp = fn(&mut CodeBuilder, Slot, Slot, Slot, u32, u32) -> Pos;
/// Encoder of a lane store `{ a, v, o, lane }`.
type StoreLaneOp = fn(&mut CodeBuilder, Slot, Slot, u32, u32) -> Pos;
/// Encoder of a replace_lane `{ d, a, s, lane }`.
type ReplaceOp = fn(&mut CodeBuilder, Slot, Slot, Slot, u32) -> Pos;

impl Translator<'_> {
    pub(super) fn simd_op(&mut self, op: Operator<'_>) -> Result<()> {
        use CodeBuilder as B;
        use Operator as O;
        use ValType::{F32, F64, I32, I64, V128};
        if !self.m.engine.config().simd {
            return Err(super::unsupported());
        }
        match op {
            O::V128Load { memarg } => self.simd_load(&memarg, B::v128_load)?,
            O::V128Load8x8S { memarg } => self.simd_load(&memarg, B::v128_load8x8_s)?,
            O::V128Load8x8U { memarg } => self.simd_load(&memarg, B::v128_load8x8_u)?,
            O::V128Load16x4S { memarg } => self.simd_load(&memarg, B::v128_load16x4_s)?,
            O::V128Load16x4U { memarg } => self.simd_load(&memarg, B::v128_load16x4_u)?,
            O::V128Load32x2S { memarg } => self.simd_load(&memarg, B::v128_load32x2_s)?,
            O::V128Load32x2U { memarg } => self.simd_load(&memarg, B::v128_load32x2_u)?,
            O::V128Load8Splat { memarg } => self.simd_load(&memarg, B::v128_load8_splat)?,
            O::V128Load16Splat { memarg } => self.simd_load(&memarg, B::v128_load16_splat)?,
            O::V128Load32Splat { memarg } => self.simd_load(&memarg, B::v128_load32_splat)?,
            O::V128Load64Splat { memarg } => self.simd_load(&memarg, B::v128_load64_splat)?,
            O::V128Load32Zero { memarg } => self.simd_load(&memarg, B::v128_load32_zero)?,
            O::V128Load64Zero { memarg } => self.simd_load(&memarg, B::v128_load64_zero)?,
            O::V128Store { memarg } => self.simd_store(&memarg, B::v128_store)?,
            O::V128Load8Lane { memarg, lane } => {
                self.simd_load_lane(&memarg, lane, B::v128_load8_lane)?
            }
            O::V128Load16Lane { memarg, lane } => {
                self.simd_load_lane(&memarg, lane, B::v128_load16_lane)?
            }
            O::V128Load32Lane { memarg, lane } => {
                self.simd_load_lane(&memarg, lane, B::v128_load32_lane)?
            }
            O::V128Load64Lane { memarg, lane } => {
                self.simd_load_lane(&memarg, lane, B::v128_load64_lane)?
            }
            O::V128Store8Lane { memarg, lane } => {
                self.simd_store_lane(&memarg, lane, B::v128_store8_lane)?
            }
            O::V128Store16Lane { memarg, lane } => {
                self.simd_store_lane(&memarg, lane, B::v128_store16_lane)?
            }
            O::V128Store32Lane { memarg, lane } => {
                self.simd_store_lane(&memarg, lane, B::v128_store32_lane)?
            }
            O::V128Store64Lane { memarg, lane } => {
                self.simd_store_lane(&memarg, lane, B::v128_store64_lane)?
            }
            O::I8x16Shuffle { lanes } => self.simd_shuffle(lanes)?,
            O::I8x16ExtractLaneS { lane } => {
                self.simd_extract(lane, I32, B::i8x16_extract_lane_s)?
            }
            O::I8x16ExtractLaneU { lane } => {
                self.simd_extract(lane, I32, B::i8x16_extract_lane_u)?
            }
            O::I8x16ReplaceLane { lane } => self.simd_replace(lane, I32, B::i8x16_replace_lane)?,
            O::I16x8ExtractLaneS { lane } => {
                self.simd_extract(lane, I32, B::i16x8_extract_lane_s)?
            }
            O::I16x8ExtractLaneU { lane } => {
                self.simd_extract(lane, I32, B::i16x8_extract_lane_u)?
            }
            O::I16x8ReplaceLane { lane } => self.simd_replace(lane, I32, B::i16x8_replace_lane)?,
            O::I32x4ExtractLane { lane } => self.simd_extract(lane, I32, B::i32x4_extract_lane)?,
            O::I32x4ReplaceLane { lane } => self.simd_replace(lane, I32, B::i32x4_replace_lane)?,
            O::I64x2ExtractLane { lane } => self.simd_extract(lane, I64, B::i64x2_extract_lane)?,
            O::I64x2ReplaceLane { lane } => self.simd_replace(lane, I64, B::i64x2_replace_lane)?,
            O::F32x4ExtractLane { lane } => self.simd_extract(lane, F32, B::f32x4_extract_lane)?,
            O::F32x4ReplaceLane { lane } => self.simd_replace(lane, F32, B::f32x4_replace_lane)?,
            O::F64x2ExtractLane { lane } => self.simd_extract(lane, F64, B::f64x2_extract_lane)?,
            O::F64x2ReplaceLane { lane } => self.simd_replace(lane, F64, B::f64x2_replace_lane)?,
            O::I8x16Swizzle => self.bin(V128, V128, B::i8x16_swizzle)?,
            O::I8x16Splat => self.un(I32, V128, B::i8x16_splat)?,
            O::I16x8Splat => self.un(I32, V128, B::i16x8_splat)?,
            O::I32x4Splat => self.un(I32, V128, B::i32x4_splat)?,
            O::I64x2Splat => self.un(I64, V128, B::i64x2_splat)?,
            O::F32x4Splat => self.un(F32, V128, B::f32x4_splat)?,
            O::F64x2Splat => self.un(F64, V128, B::f64x2_splat)?,
            O::I8x16Eq => self.bin(V128, V128, B::i8x16_eq)?,
            O::I8x16Ne => self.bin(V128, V128, B::i8x16_ne)?,
            O::I8x16LtS => self.bin(V128, V128, B::i8x16_lt_s)?,
            O::I8x16LtU => self.bin(V128, V128, B::i8x16_lt_u)?,
            O::I8x16GtS => self.bin(V128, V128, B::i8x16_gt_s)?,
            O::I8x16GtU => self.bin(V128, V128, B::i8x16_gt_u)?,
            O::I8x16LeS => self.bin(V128, V128, B::i8x16_le_s)?,
            O::I8x16LeU => self.bin(V128, V128, B::i8x16_le_u)?,
            O::I8x16GeS => self.bin(V128, V128, B::i8x16_ge_s)?,
            O::I8x16GeU => self.bin(V128, V128, B::i8x16_ge_u)?,
            O::I16x8Eq => self.bin(V128, V128, B::i16x8_eq)?,
            O::I16x8Ne => self.bin(V128, V128, B::i16x8_ne)?,
            O::I16x8LtS => self.bin(V128, V128, B::i16x8_lt_s)?,
            O::I16x8LtU => self.bin(V128, V128, B::i16x8_lt_u)?,
            O::I16x8GtS => self.bin(V128, V128, B::i16x8_gt_s)?,
            O::I16x8GtU => self.bin(V128, V128, B::i16x8_gt_u)?,
            O::I16x8LeS => self.bin(V128, V128, B::i16x8_le_s)?,
            O::I16x8LeU => self.bin(V128, V128, B::i16x8_le_u)?,
            O::I16x8GeS => self.bin(V128, V128, B::i16x8_ge_s)?,
            O::I16x8GeU => self.bin(V128, V128, B::i16x8_ge_u)?,
            O::I32x4Eq => self.bin(V128, V128, B::i32x4_eq)?,
            O::I32x4Ne => self.bin(V128, V128, B::i32x4_ne)?,
            O::I32x4LtS => self.bin(V128, V128, B::i32x4_lt_s)?,
            O::I32x4LtU => self.bin(V128, V128, B::i32x4_lt_u)?,
            O::I32x4GtS => self.bin(V128, V128, B::i32x4_gt_s)?,
            O::I32x4GtU => self.bin(V128, V128, B::i32x4_gt_u)?,
            O::I32x4LeS => self.bin(V128, V128, B::i32x4_le_s)?,
            O::I32x4LeU => self.bin(V128, V128, B::i32x4_le_u)?,
            O::I32x4GeS => self.bin(V128, V128, B::i32x4_ge_s)?,
            O::I32x4GeU => self.bin(V128, V128, B::i32x4_ge_u)?,
            O::I64x2Eq => self.bin(V128, V128, B::i64x2_eq)?,
            O::I64x2Ne => self.bin(V128, V128, B::i64x2_ne)?,
            O::I64x2LtS => self.bin(V128, V128, B::i64x2_lt_s)?,
            O::I64x2GtS => self.bin(V128, V128, B::i64x2_gt_s)?,
            O::I64x2LeS => self.bin(V128, V128, B::i64x2_le_s)?,
            O::I64x2GeS => self.bin(V128, V128, B::i64x2_ge_s)?,
            O::F32x4Eq => self.bin(V128, V128, B::f32x4_eq)?,
            O::F32x4Ne => self.bin(V128, V128, B::f32x4_ne)?,
            O::F32x4Lt => self.bin(V128, V128, B::f32x4_lt)?,
            O::F32x4Gt => self.bin(V128, V128, B::f32x4_gt)?,
            O::F32x4Le => self.bin(V128, V128, B::f32x4_le)?,
            O::F32x4Ge => self.bin(V128, V128, B::f32x4_ge)?,
            O::F64x2Eq => self.bin(V128, V128, B::f64x2_eq)?,
            O::F64x2Ne => self.bin(V128, V128, B::f64x2_ne)?,
            O::F64x2Lt => self.bin(V128, V128, B::f64x2_lt)?,
            O::F64x2Gt => self.bin(V128, V128, B::f64x2_gt)?,
            O::F64x2Le => self.bin(V128, V128, B::f64x2_le)?,
            O::F64x2Ge => self.bin(V128, V128, B::f64x2_ge)?,
            O::V128Not => self.un(V128, V128, B::v128_not)?,
            O::V128And => self.bin(V128, V128, B::v128_and)?,
            O::V128AndNot => self.bin(V128, V128, B::v128_andnot)?,
            O::V128Or => self.bin(V128, V128, B::v128_or)?,
            O::V128Xor => self.bin(V128, V128, B::v128_xor)?,
            O::V128Bitselect => self.simd_bitselect()?,
            O::V128AnyTrue => self.un(V128, I32, B::v128_any_true)?,
            O::I8x16Abs => self.un(V128, V128, B::i8x16_abs)?,
            O::I8x16Neg => self.un(V128, V128, B::i8x16_neg)?,
            O::I8x16Popcnt => self.un(V128, V128, B::i8x16_popcnt)?,
            O::I8x16AllTrue => self.un(V128, I32, B::i8x16_all_true)?,
            O::I8x16Bitmask => self.un(V128, I32, B::i8x16_bitmask)?,
            O::I8x16NarrowI16x8S => self.bin(V128, V128, B::i8x16_narrow_i16x8_s)?,
            O::I8x16NarrowI16x8U => self.bin(V128, V128, B::i8x16_narrow_i16x8_u)?,
            O::I8x16Shl => self.vshift(B::i8x16_shl)?,
            O::I8x16ShrS => self.vshift(B::i8x16_shr_s)?,
            O::I8x16ShrU => self.vshift(B::i8x16_shr_u)?,
            O::I8x16Add => self.bin(V128, V128, B::i8x16_add)?,
            O::I8x16AddSatS => self.bin(V128, V128, B::i8x16_add_sat_s)?,
            O::I8x16AddSatU => self.bin(V128, V128, B::i8x16_add_sat_u)?,
            O::I8x16Sub => self.bin(V128, V128, B::i8x16_sub)?,
            O::I8x16SubSatS => self.bin(V128, V128, B::i8x16_sub_sat_s)?,
            O::I8x16SubSatU => self.bin(V128, V128, B::i8x16_sub_sat_u)?,
            O::I8x16MinS => self.bin(V128, V128, B::i8x16_min_s)?,
            O::I8x16MinU => self.bin(V128, V128, B::i8x16_min_u)?,
            O::I8x16MaxS => self.bin(V128, V128, B::i8x16_max_s)?,
            O::I8x16MaxU => self.bin(V128, V128, B::i8x16_max_u)?,
            O::I8x16AvgrU => self.bin(V128, V128, B::i8x16_avgr_u)?,
            O::I16x8ExtAddPairwiseI8x16S => {
                self.un(V128, V128, B::i16x8_extadd_pairwise_i8x16_s)?
            }
            O::I16x8ExtAddPairwiseI8x16U => {
                self.un(V128, V128, B::i16x8_extadd_pairwise_i8x16_u)?
            }
            O::I16x8Abs => self.un(V128, V128, B::i16x8_abs)?,
            O::I16x8Neg => self.un(V128, V128, B::i16x8_neg)?,
            O::I16x8Q15MulrSatS => self.bin(V128, V128, B::i16x8_q15mulr_sat_s)?,
            O::I16x8AllTrue => self.un(V128, I32, B::i16x8_all_true)?,
            O::I16x8Bitmask => self.un(V128, I32, B::i16x8_bitmask)?,
            O::I16x8NarrowI32x4S => self.bin(V128, V128, B::i16x8_narrow_i32x4_s)?,
            O::I16x8NarrowI32x4U => self.bin(V128, V128, B::i16x8_narrow_i32x4_u)?,
            O::I16x8ExtendLowI8x16S => self.un(V128, V128, B::i16x8_extend_low_i8x16_s)?,
            O::I16x8ExtendHighI8x16S => self.un(V128, V128, B::i16x8_extend_high_i8x16_s)?,
            O::I16x8ExtendLowI8x16U => self.un(V128, V128, B::i16x8_extend_low_i8x16_u)?,
            O::I16x8ExtendHighI8x16U => self.un(V128, V128, B::i16x8_extend_high_i8x16_u)?,
            O::I16x8Shl => self.vshift(B::i16x8_shl)?,
            O::I16x8ShrS => self.vshift(B::i16x8_shr_s)?,
            O::I16x8ShrU => self.vshift(B::i16x8_shr_u)?,
            O::I16x8Add => self.bin(V128, V128, B::i16x8_add)?,
            O::I16x8AddSatS => self.bin(V128, V128, B::i16x8_add_sat_s)?,
            O::I16x8AddSatU => self.bin(V128, V128, B::i16x8_add_sat_u)?,
            O::I16x8Sub => self.bin(V128, V128, B::i16x8_sub)?,
            O::I16x8SubSatS => self.bin(V128, V128, B::i16x8_sub_sat_s)?,
            O::I16x8SubSatU => self.bin(V128, V128, B::i16x8_sub_sat_u)?,
            O::I16x8Mul => self.bin(V128, V128, B::i16x8_mul)?,
            O::I16x8MinS => self.bin(V128, V128, B::i16x8_min_s)?,
            O::I16x8MinU => self.bin(V128, V128, B::i16x8_min_u)?,
            O::I16x8MaxS => self.bin(V128, V128, B::i16x8_max_s)?,
            O::I16x8MaxU => self.bin(V128, V128, B::i16x8_max_u)?,
            O::I16x8AvgrU => self.bin(V128, V128, B::i16x8_avgr_u)?,
            O::I16x8ExtMulLowI8x16S => self.bin(V128, V128, B::i16x8_extmul_low_i8x16_s)?,
            O::I16x8ExtMulHighI8x16S => self.bin(V128, V128, B::i16x8_extmul_high_i8x16_s)?,
            O::I16x8ExtMulLowI8x16U => self.bin(V128, V128, B::i16x8_extmul_low_i8x16_u)?,
            O::I16x8ExtMulHighI8x16U => self.bin(V128, V128, B::i16x8_extmul_high_i8x16_u)?,
            O::I32x4ExtAddPairwiseI16x8S => {
                self.un(V128, V128, B::i32x4_extadd_pairwise_i16x8_s)?
            }
            O::I32x4ExtAddPairwiseI16x8U => {
                self.un(V128, V128, B::i32x4_extadd_pairwise_i16x8_u)?
            }
            O::I32x4Abs => self.un(V128, V128, B::i32x4_abs)?,
            O::I32x4Neg => self.un(V128, V128, B::i32x4_neg)?,
            O::I32x4AllTrue => self.un(V128, I32, B::i32x4_all_true)?,
            O::I32x4Bitmask => self.un(V128, I32, B::i32x4_bitmask)?,
            O::I32x4ExtendLowI16x8S => self.un(V128, V128, B::i32x4_extend_low_i16x8_s)?,
            O::I32x4ExtendHighI16x8S => self.un(V128, V128, B::i32x4_extend_high_i16x8_s)?,
            O::I32x4ExtendLowI16x8U => self.un(V128, V128, B::i32x4_extend_low_i16x8_u)?,
            O::I32x4ExtendHighI16x8U => self.un(V128, V128, B::i32x4_extend_high_i16x8_u)?,
            O::I32x4Shl => self.vshift(B::i32x4_shl)?,
            O::I32x4ShrS => self.vshift(B::i32x4_shr_s)?,
            O::I32x4ShrU => self.vshift(B::i32x4_shr_u)?,
            O::I32x4Add => self.bin(V128, V128, B::i32x4_add)?,
            O::I32x4Sub => self.bin(V128, V128, B::i32x4_sub)?,
            O::I32x4Mul => self.bin(V128, V128, B::i32x4_mul)?,
            O::I32x4MinS => self.bin(V128, V128, B::i32x4_min_s)?,
            O::I32x4MinU => self.bin(V128, V128, B::i32x4_min_u)?,
            O::I32x4MaxS => self.bin(V128, V128, B::i32x4_max_s)?,
            O::I32x4MaxU => self.bin(V128, V128, B::i32x4_max_u)?,
            O::I32x4DotI16x8S => self.bin(V128, V128, B::i32x4_dot_i16x8_s)?,
            O::I32x4ExtMulLowI16x8S => self.bin(V128, V128, B::i32x4_extmul_low_i16x8_s)?,
            O::I32x4ExtMulHighI16x8S => self.bin(V128, V128, B::i32x4_extmul_high_i16x8_s)?,
            O::I32x4ExtMulLowI16x8U => self.bin(V128, V128, B::i32x4_extmul_low_i16x8_u)?,
            O::I32x4ExtMulHighI16x8U => self.bin(V128, V128, B::i32x4_extmul_high_i16x8_u)?,
            O::I64x2Abs => self.un(V128, V128, B::i64x2_abs)?,
            O::I64x2Neg => self.un(V128, V128, B::i64x2_neg)?,
            O::I64x2AllTrue => self.un(V128, I32, B::i64x2_all_true)?,
            O::I64x2Bitmask => self.un(V128, I32, B::i64x2_bitmask)?,
            O::I64x2ExtendLowI32x4S => self.un(V128, V128, B::i64x2_extend_low_i32x4_s)?,
            O::I64x2ExtendHighI32x4S => self.un(V128, V128, B::i64x2_extend_high_i32x4_s)?,
            O::I64x2ExtendLowI32x4U => self.un(V128, V128, B::i64x2_extend_low_i32x4_u)?,
            O::I64x2ExtendHighI32x4U => self.un(V128, V128, B::i64x2_extend_high_i32x4_u)?,
            O::I64x2Shl => self.vshift(B::i64x2_shl)?,
            O::I64x2ShrS => self.vshift(B::i64x2_shr_s)?,
            O::I64x2ShrU => self.vshift(B::i64x2_shr_u)?,
            O::I64x2Add => self.bin(V128, V128, B::i64x2_add)?,
            O::I64x2Sub => self.bin(V128, V128, B::i64x2_sub)?,
            O::I64x2Mul => self.bin(V128, V128, B::i64x2_mul)?,
            O::I64x2ExtMulLowI32x4S => self.bin(V128, V128, B::i64x2_extmul_low_i32x4_s)?,
            O::I64x2ExtMulHighI32x4S => self.bin(V128, V128, B::i64x2_extmul_high_i32x4_s)?,
            O::I64x2ExtMulLowI32x4U => self.bin(V128, V128, B::i64x2_extmul_low_i32x4_u)?,
            O::I64x2ExtMulHighI32x4U => self.bin(V128, V128, B::i64x2_extmul_high_i32x4_u)?,
            O::F32x4Ceil => self.un(V128, V128, B::f32x4_ceil)?,
            O::F32x4Floor => self.un(V128, V128, B::f32x4_floor)?,
            O::F32x4Trunc => self.un(V128, V128, B::f32x4_trunc)?,
            O::F32x4Nearest => self.un(V128, V128, B::f32x4_nearest)?,
            O::F32x4Abs => self.un(V128, V128, B::f32x4_abs)?,
            O::F32x4Neg => self.un(V128, V128, B::f32x4_neg)?,
            O::F32x4Sqrt => self.un(V128, V128, B::f32x4_sqrt)?,
            O::F32x4Add => self.bin(V128, V128, B::f32x4_add)?,
            O::F32x4Sub => self.bin(V128, V128, B::f32x4_sub)?,
            O::F32x4Mul => self.bin(V128, V128, B::f32x4_mul)?,
            O::F32x4Div => self.bin(V128, V128, B::f32x4_div)?,
            O::F32x4Min => self.bin(V128, V128, B::f32x4_min)?,
            O::F32x4Max => self.bin(V128, V128, B::f32x4_max)?,
            O::F32x4PMin => self.bin(V128, V128, B::f32x4_pmin)?,
            O::F32x4PMax => self.bin(V128, V128, B::f32x4_pmax)?,
            O::F64x2Ceil => self.un(V128, V128, B::f64x2_ceil)?,
            O::F64x2Floor => self.un(V128, V128, B::f64x2_floor)?,
            O::F64x2Trunc => self.un(V128, V128, B::f64x2_trunc)?,
            O::F64x2Nearest => self.un(V128, V128, B::f64x2_nearest)?,
            O::F64x2Abs => self.un(V128, V128, B::f64x2_abs)?,
            O::F64x2Neg => self.un(V128, V128, B::f64x2_neg)?,
            O::F64x2Sqrt => self.un(V128, V128, B::f64x2_sqrt)?,
            O::F64x2Add => self.bin(V128, V128, B::f64x2_add)?,
            O::F64x2Sub => self.bin(V128, V128, B::f64x2_sub)?,
            O::F64x2Mul => self.bin(V128, V128, B::f64x2_mul)?,
            O::F64x2Div => self.bin(V128, V128, B::f64x2_div)?,
            O::F64x2Min => self.bin(V128, V128, B::f64x2_min)?,
            O::F64x2Max => self.bin(V128, V128, B::f64x2_max)?,
            O::F64x2PMin => self.bin(V128, V128, B::f64x2_pmin)?,
            O::F64x2PMax => self.bin(V128, V128, B::f64x2_pmax)?,
            O::I32x4TruncSatF32x4S => self.un(V128, V128, B::i32x4_trunc_sat_f32x4_s)?,
            O::I32x4TruncSatF32x4U => self.un(V128, V128, B::i32x4_trunc_sat_f32x4_u)?,
            O::F32x4ConvertI32x4S => self.un(V128, V128, B::f32x4_convert_i32x4_s)?,
            O::F32x4ConvertI32x4U => self.un(V128, V128, B::f32x4_convert_i32x4_u)?,
            O::I32x4TruncSatF64x2SZero => self.un(V128, V128, B::i32x4_trunc_sat_f64x2_s_zero)?,
            O::I32x4TruncSatF64x2UZero => self.un(V128, V128, B::i32x4_trunc_sat_f64x2_u_zero)?,
            O::F64x2ConvertLowI32x4S => self.un(V128, V128, B::f64x2_convert_low_i32x4_s)?,
            O::F64x2ConvertLowI32x4U => self.un(V128, V128, B::f64x2_convert_low_i32x4_u)?,
            O::F32x4DemoteF64x2Zero => self.un(V128, V128, B::f32x4_demote_f64x2_zero)?,
            O::F64x2PromoteLowF32x4 => self.un(V128, V128, B::f64x2_promote_low_f32x4)?,
            _ => return Err(super::unsupported()),
        }
        Ok(())
    }

    /// A load into a vector: pops the address.
    fn simd_load(&mut self, memarg: &MemArg, f: DstSrcImm) -> Result<()> {
        let (a, o) = self.pop_addr0(memarg)?;
        let d = self.push_temp(ValType::V128);
        let pos = f(&mut self.b, d, a, o);
        self.set_last(pos, d);
        Ok(())
    }

    /// `v128.store`: pops the value, then the address.
    fn simd_store(&mut self, memarg: &MemArg, f: StoreOp) -> Result<()> {
        let s = self.pop_slot(ValType::V128)?;
        let (a, o) = self.pop_addr0(memarg)?;
        f(&mut self.b, a, s, o);
        Ok(())
    }

    /// `v128.loadN_lane`: pops the vector, then the address.
    fn simd_load_lane(&mut self, memarg: &MemArg, lane: u8, f: LoadLaneOp) -> Result<()> {
        let v = self.pop_slot(ValType::V128)?;
        let (a, o) = self.pop_addr0(memarg)?;
        let d = self.push_temp(ValType::V128);
        let pos = f(&mut self.b, d, a, v, o, u32::from(lane));
        self.set_last(pos, d);
        Ok(())
    }

    /// `v128.storeN_lane`: pops the vector, then the address.
    fn simd_store_lane(&mut self, memarg: &MemArg, lane: u8, f: StoreLaneOp) -> Result<()> {
        let v = self.pop_slot(ValType::V128)?;
        let (a, o) = self.pop_addr0(memarg)?;
        f(&mut self.b, a, v, o, u32::from(lane));
        Ok(())
    }

    /// An extract_lane with a scalar result of type `ty`.
    fn simd_extract(&mut self, lane: u8, ty: ValType, f: DstSrcImm) -> Result<()> {
        let a = self.pop_slot(ValType::V128)?;
        let d = self.push_temp(ty);
        let pos = f(&mut self.b, d, a, u32::from(lane));
        self.set_last(pos, d);
        Ok(())
    }

    /// A replace_lane with a scalar of type `ty`: pops the scalar, then the vector.
    fn simd_replace(&mut self, lane: u8, ty: ValType, f: ReplaceOp) -> Result<()> {
        let s = self.pop_slot(ty)?;
        let a = self.pop_slot(ValType::V128)?;
        let d = self.push_temp(ValType::V128);
        let pos = f(&mut self.b, d, a, s, u32::from(lane));
        self.set_last(pos, d);
        Ok(())
    }

    /// A shift: pops the i32 amount, then the vector.
    fn vshift(&mut self, f: fn(&mut CodeBuilder, Slot, Slot, Slot) -> Pos) -> Result<()> {
        let n = self.pop_slot(ValType::I32)?;
        let a = self.pop_slot(ValType::V128)?;
        let d = self.push_temp(ValType::V128);
        let pos = f(&mut self.b, d, a, n);
        self.set_last(pos, d);
        Ok(())
    }

    fn simd_shuffle(&mut self, lanes: [u8; 16]) -> Result<()> {
        let b = self.pop_slot(ValType::V128)?;
        let a = self.pop_slot(ValType::V128)?;
        let d = self.push_temp(ValType::V128);
        let pos = self.b.i8x16_shuffle(d, a, b, u128::from_le_bytes(lanes));
        self.set_last(pos, d);
        Ok(())
    }

    /// `v128.bitselect a b m`: pops the mask, then `b`, then `a`.
    fn simd_bitselect(&mut self) -> Result<()> {
        let m = self.pop_slot(ValType::V128)?;
        let b = self.pop_slot(ValType::V128)?;
        let a = self.pop_slot(ValType::V128)?;
        let d = self.push_temp(ValType::V128);
        let pos = self.b.v128_bitselect(d, a, b, m);
        self.set_last(pos, d);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use alloc::vec;
    use alloc::vec::Vec;

    use crate::{Config, Engine, Instance, Linker, Module, Store, Translation, TrapCode, Val};

    fn inst(wat: &str) -> (Store<()>, Instance) {
        let mut cfg = Config::new();
        cfg.translation(Translation::Eager);
        let engine = Engine::new(&cfg);
        let module = Module::new(&engine, wat).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        (store, instance)
    }

    fn call(
        store: &mut Store<()>,
        i: &Instance,
        name: &str,
        args: &[Val],
        n: usize,
    ) -> crate::Result<Vec<Val>> {
        let f = i.get_func(&*store, name).unwrap();
        let mut out = vec![Val::I32(0); n];
        f.call(&mut *store, args, &mut out)?;
        Ok(out)
    }

    fn v128(v: &Val) -> u128 {
        match v {
            Val::V128(x) => *x,
            other => panic!("not a v128: {other:?}"),
        }
    }

    /// Lanes `x[0], x[1], ...` as a v128 (lane 0 in the low bits).
    fn u32x4(x: [u32; 4]) -> u128 {
        x.iter().rev().fold(0, |acc, &l| (acc << 32) | l as u128)
    }

    fn bytes(x: [u8; 16]) -> u128 {
        u128::from_le_bytes(x)
    }

    const PATTERN: u128 = 0x0f0e_0d0c_0b0a_0908_0706_0504_0302_0100;

    #[test]
    fn simd_arith_shift_and_constants() {
        let (mut s, i) = inst(
            r#"(module
              (func (export "add") (param v128 v128) (result v128)
                (i32x4.add (local.get 0) (local.get 1)))
              (func (export "add_const") (param v128) (result v128)
                (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 -1)))
              (func (export "shl") (param v128 i32) (result v128)
                (i16x8.shl (local.get 0) (local.get 1)))
              (func (export "shr_s") (param v128) (result v128)
                (i32x4.shr_s (local.get 0) (i32.const 33)))
              (func (export "fmul") (param v128 v128) (result v128)
                (f32x4.mul (local.get 0) (local.get 1)))
              (func (export "bitselect") (param v128 v128 v128) (result v128)
                (v128.bitselect (local.get 0) (local.get 1) (local.get 2)))
              (func (export "narrow") (param v128 v128) (result v128)
                (i8x16.narrow_i16x8_s (local.get 0) (local.get 1))))"#,
        );
        let add = i.get_typed_func::<(u128, u128), u128>(&s, "add").unwrap();
        let r = add
            .call(&mut s, (u32x4([1, 2, u32::MAX, 7]), u32x4([10, 20, 1, 0])))
            .unwrap();
        assert_eq!(r, u32x4([11, 22, 0, 7]));
        let r = call(
            &mut s,
            &i,
            "add_const",
            &[Val::V128(u32x4([5, 5, 5, 5]))],
            1,
        )
        .unwrap();
        assert_eq!(v128(&r[0]), u32x4([6, 7, 8, 4]));
        let shl = i.get_typed_func::<(u128, i32), u128>(&s, "shl").unwrap();
        // 17 is taken modulo 16.
        assert_eq!(
            shl.call(&mut s, (0x8001_0003u128, 17)).unwrap(),
            0x0002_0006
        );
        let shr = i.get_typed_func::<u128, u128>(&s, "shr_s").unwrap();
        assert_eq!(
            shr.call(&mut s, u32x4([0x8000_0000, 4, 0, 0])).unwrap(),
            u32x4([0xc000_0000, 2, 0, 0])
        );
        let fmul = i.get_typed_func::<(u128, u128), u128>(&s, "fmul").unwrap();
        let f = |x: [f32; 4]| u32x4(x.map(f32::to_bits));
        assert_eq!(
            fmul.call(&mut s, (f([1.5, -2.0, 0.0, 3.0]), f([2.0, 2.0, 5.0, -1.0])))
                .unwrap(),
            f([3.0, -4.0, 0.0, -3.0])
        );
        let bs = i
            .get_typed_func::<(u128, u128, u128), u128>(&s, "bitselect")
            .unwrap();
        assert_eq!(bs.call(&mut s, (u128::MAX, 0, 0xff00)).unwrap(), 0xff00);
        let narrow = i
            .get_typed_func::<(u128, u128), u128>(&s, "narrow")
            .unwrap();
        assert_eq!(
            narrow.call(&mut s, (0x0000_ff80_7fff_0100, 0)).unwrap() & 0xffff_ffff,
            0x00_80_7f_7f
        );
    }

    #[test]
    fn simd_lanes_shuffle_splat() {
        let (mut s, i) = inst(
            r#"(module
              (func (export "ext_s") (param v128) (result i32) (i8x16.extract_lane_s 15 (local.get 0)))
              (func (export "ext_u") (param v128) (result i32) (i16x8.extract_lane_u 7 (local.get 0)))
              (func (export "ext_i64") (param v128) (result i64) (i64x2.extract_lane 1 (local.get 0)))
              (func (export "ext_f32") (param v128) (result f32) (f32x4.extract_lane 2 (local.get 0)))
              (func (export "ext_f64") (param v128) (result f64) (f64x2.extract_lane 0 (local.get 0)))
              (func (export "ext_u_wide") (param v128) (result i64)
                (i64.extend_i32_u (i8x16.extract_lane_u 3 (local.get 0))))
              (func (export "rep8") (param v128 i32) (result v128) (i8x16.replace_lane 1 (local.get 0) (local.get 1)))
              (func (export "rep64") (param v128 i64) (result v128) (i64x2.replace_lane 1 (local.get 0) (local.get 1)))
              (func (export "repf64") (param v128 f64) (result v128) (f64x2.replace_lane 0 (local.get 0) (local.get 1)))
              (func (export "shuffle") (param v128 v128) (result v128)
                (i8x16.shuffle 31 0 16 1 17 2 18 3 19 4 20 5 21 6 22 15 (local.get 0) (local.get 1)))
              (func (export "swizzle") (param v128 v128) (result v128) (i8x16.swizzle (local.get 0) (local.get 1)))
              (func (export "splat8") (param i32) (result v128) (i8x16.splat (local.get 0)))
              (func (export "splat_f64") (param f64) (result v128) (f64x2.splat (local.get 0)))
              (func (export "splat_i64") (param i64) (result v128) (i64x2.splat (local.get 0))))"#,
        );
        let mut b = PATTERN.to_le_bytes();
        b[15] = 0x80;
        b[14] = 0xfe;
        b[3] = 0xff;
        let v = Val::V128(bytes(b));
        let c =
            |s: &mut Store<()>, name: &str, a: &[Val]| call(s, &i, name, a, 1).unwrap().remove(0);
        assert_eq!(c(&mut s, "ext_s", &[v]).i32(), Some(-128));
        assert_eq!(c(&mut s, "ext_u", &[v]).i32(), Some(0x80fe));
        assert_eq!(
            c(&mut s, "ext_i64", &[v]).i64(),
            Some(0x80fe_0d0c_0b0a_0908u64 as i64)
        );
        assert_eq!(c(&mut s, "ext_u_wide", &[v]).i64(), Some(0xff));
        let f = Val::V128(u32x4([0, 0, 2.5f32.to_bits(), 0]));
        assert_eq!(c(&mut s, "ext_f32", &[f]).f32(), Some(2.5));
        assert_eq!(
            c(
                &mut s,
                "ext_f64",
                &[Val::V128((-0.75f64).to_bits() as u128)]
            )
            .f64(),
            Some(-0.75)
        );
        let r = c(&mut s, "rep8", &[Val::V128(0), Val::I32(0x1234)]);
        assert_eq!(v128(&r), 0x3400);
        let r = c(&mut s, "rep64", &[Val::V128(7), Val::I64(-1)]);
        assert_eq!(v128(&r), (u64::MAX as u128) << 64 | 7);
        let r = c(
            &mut s,
            "repf64",
            &[Val::V128(u128::MAX), Val::F64(1.0f64.to_bits())],
        );
        assert_eq!(
            v128(&r),
            (u64::MAX as u128) << 64 | 1.0f64.to_bits() as u128
        );
        let a = bytes(core::array::from_fn(|k| k as u8));
        let bb = bytes(core::array::from_fn(|k| 0x10 + k as u8));
        let r = c(&mut s, "shuffle", &[Val::V128(a), Val::V128(bb)]);
        assert_eq!(
            v128(&r).to_le_bytes(),
            [
                0x1f, 0, 0x10, 1, 0x11, 2, 0x12, 3, 0x13, 4, 0x14, 5, 0x15, 6, 0x16, 15
            ]
        );
        let idx = bytes([15, 0, 16, 255, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        let r = c(&mut s, "swizzle", &[Val::V128(bb), Val::V128(idx)]);
        assert_eq!(v128(&r).to_le_bytes()[..4], [0x1f, 0x10, 0, 0]);
        assert_eq!(
            v128(&c(&mut s, "splat8", &[Val::I32(0x1ab)])),
            u128::from_le_bytes([0xab; 16])
        );
        let r = c(&mut s, "splat_f64", &[Val::F64(2.0f64.to_bits())]);
        assert_eq!(v128(&r), (2.0f64.to_bits() as u128) * ((1u128 << 64) + 1));
        let r = c(&mut s, "splat_i64", &[Val::I64(-2)]);
        assert_eq!(v128(&r), u128::MAX - 1 - (1u128 << 64));
    }

    #[test]
    fn simd_tests_and_bitmask() {
        let (mut s, i) = inst(
            r#"(module
              (func (export "any") (param v128) (result i32) (v128.any_true (local.get 0)))
              (func (export "all8") (param v128) (result i32) (i8x16.all_true (local.get 0)))
              (func (export "all64") (param v128) (result i32) (i64x2.all_true (local.get 0)))
              (func (export "mask8") (param v128) (result i32) (i8x16.bitmask (local.get 0)))
              (func (export "mask32") (param v128) (result i32) (i32x4.bitmask (local.get 0)))
              (func (export "mask_wide") (param v128) (result i64)
                (i64.extend_i32_u (i8x16.bitmask (local.get 0)))))"#,
        );
        let t = |s: &mut Store<()>, name: &str, v: u128| {
            let f = i.get_typed_func::<u128, i32>(&*s, name).unwrap();
            f.call(s, v).unwrap()
        };
        assert_eq!(t(&mut s, "any", 0), 0);
        assert_eq!(t(&mut s, "any", 1 << 100), 1);
        assert_eq!(t(&mut s, "all8", PATTERN), 0);
        assert_eq!(t(&mut s, "all8", PATTERN | 1), 1);
        assert_eq!(t(&mut s, "all64", 1 | 1 << 64), 1);
        assert_eq!(t(&mut s, "all64", 1), 0);
        let v = bytes([0x80, 0, 0xff, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x90]);
        assert_eq!(t(&mut s, "mask8", v), 0b1000_0000_0000_0101);
        assert_eq!(
            t(&mut s, "mask32", u32x4([0x8000_0000, 1, 0, 0xffff_ffff])),
            0b1001
        );
        let f = i.get_typed_func::<u128, i64>(&s, "mask_wide").unwrap();
        assert_eq!(f.call(&mut s, u128::MAX).unwrap(), 0xffff);
    }

    #[test]
    fn simd_memory() {
        let (mut s, i) = inst(
            r#"(module
              (memory (export "mem") 1)
              (func (export "store") (param i32 v128) (v128.store offset=3 (local.get 0) (local.get 1)))
              (func (export "load") (param i32) (result v128) (v128.load offset=3 (local.get 0)))
              (func (export "load_unaligned") (param i32) (result v128) (v128.load align=1 (local.get 0)))
              (func (export "load8x8_s") (param i32) (result v128) (v128.load8x8_s (local.get 0)))
              (func (export "load32x2_u") (param i32) (result v128) (v128.load32x2_u offset=8 (local.get 0)))
              (func (export "load16_splat") (param i32) (result v128) (v128.load16_splat (local.get 0)))
              (func (export "load64_zero") (param i32) (result v128) (v128.load64_zero (local.get 0)))
              (func (export "load8_lane") (param i32 v128) (result v128)
                (v128.load8_lane offset=1 5 (local.get 0) (local.get 1)))
              (func (export "load64_lane") (param i32 v128) (result v128)
                (v128.load64_lane 1 (local.get 0) (local.get 1)))
              (func (export "store16_lane") (param i32 v128)
                (v128.store16_lane offset=2 7 (local.get 0) (local.get 1)))
              (func (export "store64_lane") (param i32 v128)
                (v128.store64_lane 0 (local.get 0) (local.get 1))))"#,
        );
        let mem = i.get_memory(&s, "mem").unwrap();
        let c = |s: &mut Store<()>, name: &str, a: &[Val]| {
            call(s, &i, name, a, 1).map(|mut r| r.remove(0))
        };
        let run = |s: &mut Store<()>, name: &str, a: &[Val]| call(s, &i, name, a, 0).map(|_| ());
        run(&mut s, "store", &[Val::I32(100), Val::V128(PATTERN)]).unwrap();
        assert_eq!(&mem.data(&s)[103..119], &PATTERN.to_le_bytes());
        assert_eq!(mem.data(&s)[102], 0);
        assert_eq!(mem.data(&s)[119], 0);
        assert_eq!(v128(&c(&mut s, "load", &[Val::I32(100)]).unwrap()), PATTERN);
        assert_eq!(
            v128(&c(&mut s, "load_unaligned", &[Val::I32(104)]).unwrap()),
            PATTERN >> 8
        );
        // Sign extension of bytes 0x80 and 0xff.
        mem.data_mut(&mut s)[0..8].copy_from_slice(&[0x80, 0xff, 1, 2, 3, 4, 5, 6]);
        let r = v128(&c(&mut s, "load8x8_s", &[Val::I32(0)]).unwrap());
        assert_eq!(r & 0xffff_ffff, 0xffff_ff80);
        let r = v128(&c(&mut s, "load32x2_u", &[Val::I32(95)]).unwrap());
        assert_eq!(
            r,
            PATTERN as u32 as u128 | ((PATTERN >> 32) as u32 as u128) << 64
        );
        let r = v128(&c(&mut s, "load16_splat", &[Val::I32(0)]).unwrap());
        assert_eq!(
            r,
            u128::from_le_bytes([0x80, 0xff].repeat(8).try_into().unwrap())
        );
        let r = v128(&c(&mut s, "load64_zero", &[Val::I32(103)]).unwrap());
        assert_eq!(r, PATTERN as u64 as u128);
        let r = v128(&c(&mut s, "load8_lane", &[Val::I32(102), Val::V128(u128::MAX)]).unwrap());
        assert_eq!(r, !(0xff_u128 << 40));
        let r = v128(&c(&mut s, "load64_lane", &[Val::I32(103), Val::V128(5)]).unwrap());
        assert_eq!(r, 5 | (PATTERN as u64 as u128) << 64);
        run(&mut s, "store16_lane", &[Val::I32(200), Val::V128(PATTERN)]).unwrap();
        assert_eq!(&mem.data(&s)[201..205], &[0, 0x0e, 0x0f, 0]);
        run(&mut s, "store64_lane", &[Val::I32(300), Val::V128(PATTERN)]).unwrap();
        assert_eq!(&mem.data(&s)[300..309], &[0, 1, 2, 3, 4, 5, 6, 7, 0]);

        // Bounds checks: the last full access is fine, one byte further traps.
        fn trap<T: core::fmt::Debug>(r: crate::Result<T>) -> Option<TrapCode> {
            r.unwrap_err().trap_code()
        }
        assert!(c(&mut s, "load_unaligned", &[Val::I32(65536 - 16)]).is_ok());
        assert_eq!(
            trap(c(&mut s, "load_unaligned", &[Val::I32(65536 - 15)])),
            Some(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(
            trap(c(&mut s, "load", &[Val::I32(-1)])),
            Some(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(
            trap(run(&mut s, "store", &[Val::I32(65536 - 18), Val::V128(1)])),
            Some(TrapCode::MemoryOutOfBounds)
        );
        assert!(c(&mut s, "load8_lane", &[Val::I32(65534), Val::V128(0)]).is_ok());
        assert_eq!(
            trap(c(&mut s, "load8_lane", &[Val::I32(65535), Val::V128(0)])),
            Some(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(
            trap(run(
                &mut s,
                "store64_lane",
                &[Val::I32(65529), Val::V128(0)]
            )),
            Some(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(
            trap(c(&mut s, "load16_splat", &[Val::I32(65535)])),
            Some(TrapCode::MemoryOutOfBounds)
        );
        // A trapping store writes nothing.
        assert_eq!(mem.data(&s)[65536 - 18..], [0; 18]);
    }

    #[test]
    fn simd_locals_and_control() {
        let (mut s, i) = inst(
            r#"(module
              (global $g (mut v128) (v128.const i64x2 0 0))
              (func (export "roundtrip") (param v128) (result v128)
                (local $t v128) (local $u v128)
                (local.set $t (local.get 0))
                (local.set $u (i8x16.add (local.get $t) (local.get $t)))
                (local.set $t (i8x16.sub (local.get $u) (local.get $t)))
                (local.get $t))
              (func (export "accumulate") (param v128 i32) (result v128)
                (local $acc v128)
                (block (loop
                  (br_if 1 (i32.eqz (local.get 1)))
                  (local.set $acc (i32x4.add (local.get $acc) (local.get 0)))
                  (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
                  (br 0)))
                (local.get $acc))
              (func (export "select") (param v128 v128 i32) (result v128)
                (select (local.get 0) (local.get 1) (local.get 2)))
              (func (export "via_global") (param v128) (result v128)
                (global.set $g (i64x2.neg (local.get 0)))
                (global.get $g))
              (func $pair (param v128 i32) (result v128 i32)
                (local.get 0) (local.get 1))
              (func (export "call") (param v128) (result i32)
                (i32x4.extract_lane 3 (block (result v128) (drop (call $pair (local.get 0) (i32.const 9))))))
              (func (export "tee") (param v128) (result v128) (local $t v128)
                (i16x8.mul (local.tee $t (i16x8.abs (local.get 0))) (local.get $t))))"#,
        );
        let f = |s: &mut Store<()>, name: &str| i.get_typed_func::<u128, u128>(&*s, name).unwrap();
        let rt = f(&mut s, "roundtrip");
        assert_eq!(rt.call(&mut s, PATTERN).unwrap(), PATTERN);
        let acc = i
            .get_typed_func::<(u128, i32), u128>(&s, "accumulate")
            .unwrap();
        assert_eq!(
            acc.call(&mut s, (u32x4([1, 2, 3, u32::MAX]), 10)).unwrap(),
            u32x4([10, 20, 30, u32::MAX - 9])
        );
        let sel = i
            .get_typed_func::<(u128, u128, i32), u128>(&s, "select")
            .unwrap();
        assert_eq!(sel.call(&mut s, (PATTERN, 7, 1)).unwrap(), PATTERN);
        assert_eq!(sel.call(&mut s, (PATTERN, 7, 0)).unwrap(), 7);
        let g = f(&mut s, "via_global");
        assert_eq!(
            g.call(&mut s, 1 | 2 << 64).unwrap(),
            (u64::MAX as u128) | ((-2i64 as u64 as u128) << 64)
        );
        let c = i.get_typed_func::<u128, i32>(&s, "call").unwrap();
        assert_eq!(c.call(&mut s, u32x4([0, 0, 0, 42])).unwrap(), 42);
        let tee = f(&mut s, "tee");
        let r = tee.call(&mut s, 0x0003_fffe).unwrap();
        assert_eq!(r, 0x0009_0004);
    }

    #[test]
    fn simd_with_fuel_and_lazy_translation() {
        let mut cfg = Config::new();
        cfg.consume_fuel(true);
        let engine = Engine::new(&cfg);
        let wat = r#"(module (func (export "f") (param v128) (result v128)
            (f64x2.sqrt (f64x2.promote_low_f32x4 (local.get 0)))))"#;
        let module = Module::new(&engine, wat).unwrap();
        let mut store = Store::new(&engine, ());
        store.set_fuel(100).unwrap();
        let i = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let f = i.get_typed_func::<u128, u128>(&store, "f").unwrap();
        let r = f
            .call(
                &mut store,
                u32x4([4.0f32.to_bits(), 9.0f32.to_bits(), 0, 0]),
            )
            .unwrap();
        assert_eq!(
            r,
            2.0f64.to_bits() as u128 | (3.0f64.to_bits() as u128) << 64
        );
        assert!(store.get_fuel().unwrap() < 100);
    }

    /// Every handler shape in a long loop on a small native stack: with tail-call
    /// dispatch, a handler that lost its sibling call would overflow it.
    #[test]
    fn simd_long_loop_on_small_stack() {
        let r = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let (mut s, i) = inst(
                    r#"(module
                      (memory 1)
                      (func (export "spin") (param $n i32) (result i32)
                        (local $v v128) (local $w v128) (local $i i32)
                        (loop $l
                          (local.set $v (i32x4.add (local.get $v) (i32x4.splat (local.get $i))))
                          (local.set $w (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31
                            (local.get $v) (v128.load offset=16 (i32.const 0))))
                          (v128.store (i32.const 16) (v128.bitselect (local.get $w) (local.get $v)
                            (i64x2.shl (local.get $v) (local.get $i))))
                          (v128.store8_lane 3 (i32.const 40) (v128.load8_lane 2 (i32.const 7) (local.get $w)))
                          (local.set $w (f32x4.replace_lane 1 (i8x16.abs (local.get $w))
                            (f32x4.extract_lane 0 (v128.load64_zero (i32.const 8)))))
                          (i32.store (i32.const 48)
                            (i32.add (i8x16.bitmask (local.get $w)) (v128.any_true (local.get $v))))
                          (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
                        (i32x4.extract_lane 0 (local.get $v))))"#,
                );
                let f = i.get_typed_func::<i32, i32>(&s, "spin").unwrap();
                f.call(&mut s, 1_000_000).unwrap()
            })
            .unwrap()
            .join()
            .unwrap();
        // Lane 0 accumulates 0 + 1 + ... + (n - 1), wrapping.
        assert_eq!(
            r,
            (0..1_000_000u32).fold(0u32, |a, k| a.wrapping_add(k)) as i32
        );
    }

    #[test]
    fn simd_relaxed_is_rejected() {
        let engine = Engine::default();
        let wat = r#"(module (func (param v128) (result v128)
            (f32x4.relaxed_madd (local.get 0) (local.get 0) (local.get 0))))"#;
        assert!(Module::new(&engine, wat).is_err());
    }
}
