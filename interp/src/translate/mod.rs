//! Translation: one function's wasm operators into threaded code.
//!
//! The operand stack is simulated at translation time. Each stack entry has a *natural
//! slot*: the frame cell it would occupy on a real stack (after the parameters and
//! locals). Operands are not copied eagerly: `local.get` and constants stay deferred
//! (`Opd::Local`, `Opd::Const`) and instructions read locals' slots directly or use
//! immediate forms, so `local.get a; local.get b; i32.add; local.set c` becomes a single
//! `i32_add c, a, b`. Deferred entries are materialized into their natural slots where
//! control flow merges (block ends, branches, calls), so every label has one fixed place
//! for its values.

use alloc::vec;
use alloc::vec::Vec;

use wasmparser::{BlockType, Operator};

use crate::error::{Error, Result};
use crate::ir::{CodeBuilder, HANDLER_UNITS, Pos, Slot, Unit};
use crate::module::{ModuleInner, check_index, check_val_type};
use crate::types::ValType;

/// A translated function.
pub(crate) struct CompiledFunc {
    pub code: Vec<Unit>,
    /// Cells of the whole frame: parameters, locals and operand stack.
    pub frame_cells: u32,
    pub param_cells: u32,
    /// Cells of the declared (non-parameter) locals, zeroed on entry.
    pub local_cells: u32,
}

impl CompiledFunc {
    pub(crate) fn size_bytes(&self) -> usize {
        self.code.len() * core::mem::size_of::<Unit>()
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Temp,
    Local(u32),
    Const(u128),
}

#[derive(Clone, Copy, Debug)]
struct Opd {
    kind: Kind,
    ty: ValType,
    /// The natural slot of this entry.
    slot: Slot,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CtlKind {
    Func,
    Block,
    Loop,
    If,
    Else,
}

enum Patch {
    Branch(Pos),
    Table { unit: Pos, instr: Pos },
}

struct Ctl {
    kind: CtlKind,
    /// Stack length at entry, below the block's parameters.
    height: usize,
    /// Natural slot of the first parameter/result.
    base: Slot,
    params: Vec<ValType>,
    results: Vec<ValType>,
    loop_start: Pos,
    patches: Vec<Patch>,
    else_patch: Option<Pos>,
    /// Whether the code at the block's entry was reachable.
    entry_reachable: bool,
    /// Whether the code currently being translated in this block is reachable.
    reachable: bool,
}

impl Ctl {
    fn label_types(&self) -> &[ValType] {
        if self.kind == CtlKind::Loop {
            &self.params
        } else {
            &self.results
        }
    }
}

struct Translator<'m> {
    m: &'m ModuleInner,
    b: CodeBuilder,
    locals: Vec<(Slot, ValType)>,
    locals_end: Slot,
    stack: Vec<Opd>,
    local_refs: Vec<u32>,
    ctl: Vec<Ctl>,
    max_cells: u32,
    results: Vec<ValType>,
    /// The last instruction that wrote a fresh temporary: (position, slot, code length
    /// right after it). `local.set` may redirect its destination.
    last_result: Option<(Pos, Slot, usize)>,
    fuel: Option<Pos>,
    fuel_enabled: bool,
    /// The last comparison, while its result is still only on top of the stack: a
    /// `br_if` or `if` on it becomes one compare-and-branch instruction.
    pending_cmp: Option<PendingCmp>,
    /// The last `i32.add` of a constant (`pos`, `end`, `d`, `a`, `k`): a load or store
    /// whose address it computed folds it in.
    pending_addi: Option<(Pos, usize, Slot, Slot, u32)>,
    /// The last `i32.add` of two slots (`pos`, `end`, `d`, `a`, `b`): an `i32`/`i64` load or
    /// store whose address it computed folds it in (`*_aa` forms).
    pending_add: Option<(Pos, usize, Slot, Slot, Slot)>,
    /// The last `i32.shl` by a constant (`pos`, `end`, `d`, `a`, `k`), for `pending_adds`.
    pending_shli: Option<(Pos, usize, Slot, Slot, u32)>,
    /// The last `i32.add` of a slot and such a shift (`pos` of the shift, `end`, `d`,
    /// base `a`, index `b`, shift `k`): an `i32`/`i64` load from `a + (b << k)` folds
    /// both in (`*_as` forms).
    pending_adds: Option<(Pos, usize, Slot, Slot, Slot, u32)>,
    /// The last plain `i32_load` from memory 0 (`pos`, `end`, address slot `a`, offset
    /// `o`; its destination is read back from the code, where `local.set` may have
    /// redirected it): a `br_table` on its result folds it in (`br_table_ld`).
    pending_load: Option<(Pos, usize, Slot, u32)>,
    /// The last `f64_mul` (`pos`, `end`; its slots are read back from the code): an
    /// `f64.add` or `f64.sub` of its result folds it in (`f64_mul_add` and kin).
    pending_fmul: Option<(Pos, usize)>,
    /// What the accumulator holds when the instruction at `end` starts: the value of
    /// `slot`, written by the instruction that ends at `end` (see `accumulate`).
    acc: Option<(Slot, usize)>,
    /// `acc` as it was before the last instruction that changed it, for `cut`.
    acc_prev: Option<(Slot, usize)>,
    /// Every unconditional `br` emitted, for jump threading once the code is complete.
    jumps: Vec<Pos>,
}

#[derive(Clone, Copy)]
struct PendingCmp {
    pos: Pos,
    end: usize,
    d: Slot,
    cond: Cond,
}

/// Right operand of a comparison.
#[derive(Clone, Copy)]
enum Rhs {
    Slot(Slot),
    Imm(i32),
}

/// A branch condition.
#[derive(Clone, Copy)]
enum Cond {
    /// An i32 in a slot, true when non-zero.
    Slot(Slot),
    /// `a <op> b` on i32 (`wide` false) or i64; `op` indexes `CMP_NAMES` order:
    /// eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u.
    Cmp {
        wide: bool,
        op: usize,
        a: Slot,
        b: Rhs,
    },
    /// `x == 0` on an i32 (`wide` false) or i64 slot.
    Eqz { wide: bool, a: Slot },
    /// `a <op> b` on f32 (`wide` false) or f64; `op` indexes `BR_F32`/`BR_F64`: eq ne lt
    /// gt le ge (and their negations nlt ngt nle nge, for branches taken when false).
    FCmp {
        wide: bool,
        op: usize,
        a: Slot,
        b: FRhs,
    },
}

/// Right operand of a float comparison: a slot or a constant's bits.
#[derive(Clone, Copy)]
enum FRhs {
    Slot(Slot),
    Imm(u64),
}

type BrF = fn(&mut CodeBuilder, i32, Slot, Slot) -> Pos;
type BrF32I = fn(&mut CodeBuilder, i32, Slot, u32) -> Pos;
type BrF64I = fn(&mut CodeBuilder, i32, Slot, u64) -> Pos;
/// The negation of each float comparison (by index): eq<->ne, lt<->nlt, gt<->ngt,
/// le<->nle, ge<->nge.
const FCMP_NEGATE: [usize; 10] = [1, 0, 6, 7, 8, 9, 2, 3, 4, 5];
const BR_F32: [BrF; 10] = [
    CodeBuilder::br_f32_eq,
    CodeBuilder::br_f32_ne,
    CodeBuilder::br_f32_lt,
    CodeBuilder::br_f32_gt,
    CodeBuilder::br_f32_le,
    CodeBuilder::br_f32_ge,
    CodeBuilder::br_f32_nlt,
    CodeBuilder::br_f32_ngt,
    CodeBuilder::br_f32_nle,
    CodeBuilder::br_f32_nge,
];
const BR_F32_IMM: [BrF32I; 10] = [
    CodeBuilder::br_f32_eq_i,
    CodeBuilder::br_f32_ne_i,
    CodeBuilder::br_f32_lt_i,
    CodeBuilder::br_f32_gt_i,
    CodeBuilder::br_f32_le_i,
    CodeBuilder::br_f32_ge_i,
    CodeBuilder::br_f32_nlt_i,
    CodeBuilder::br_f32_ngt_i,
    CodeBuilder::br_f32_nle_i,
    CodeBuilder::br_f32_nge_i,
];
const BR_F64: [BrF; 10] = [
    CodeBuilder::br_f64_eq,
    CodeBuilder::br_f64_ne,
    CodeBuilder::br_f64_lt,
    CodeBuilder::br_f64_gt,
    CodeBuilder::br_f64_le,
    CodeBuilder::br_f64_ge,
    CodeBuilder::br_f64_nlt,
    CodeBuilder::br_f64_ngt,
    CodeBuilder::br_f64_nle,
    CodeBuilder::br_f64_nge,
];
const BR_F64_IMM: [BrF64I; 10] = [
    CodeBuilder::br_f64_eq_i,
    CodeBuilder::br_f64_ne_i,
    CodeBuilder::br_f64_lt_i,
    CodeBuilder::br_f64_gt_i,
    CodeBuilder::br_f64_le_i,
    CodeBuilder::br_f64_ge_i,
    CodeBuilder::br_f64_nlt_i,
    CodeBuilder::br_f64_ngt_i,
    CodeBuilder::br_f64_nle_i,
    CodeBuilder::br_f64_nge_i,
];

type Emit3 = fn(&mut CodeBuilder, Slot, Slot, Slot) -> Pos;
type Emit3U = fn(&mut CodeBuilder, Slot, Slot, u32) -> Pos;
type Emit3I = fn(&mut CodeBuilder, Slot, Slot, i32) -> Pos;
type Br3 = fn(&mut CodeBuilder, i32, Slot, Slot) -> Pos;
type Br3U = fn(&mut CodeBuilder, i32, Slot, u32) -> Pos;
type Br3I = fn(&mut CodeBuilder, i32, Slot, i32) -> Pos;

/// The negation of each comparison (by index): eq<->ne, lt<->ge, gt<->le.
const CMP_NEGATE: [usize; 10] = [1, 0, 8, 9, 6, 7, 4, 5, 2, 3];
const I32_CMP: [Emit3; 10] = [
    CodeBuilder::i32_eq,
    CodeBuilder::i32_ne,
    CodeBuilder::i32_lt_s,
    CodeBuilder::i32_lt_u,
    CodeBuilder::i32_gt_s,
    CodeBuilder::i32_gt_u,
    CodeBuilder::i32_le_s,
    CodeBuilder::i32_le_u,
    CodeBuilder::i32_ge_s,
    CodeBuilder::i32_ge_u,
];
const I64_CMP: [Emit3; 10] = [
    CodeBuilder::i64_eq,
    CodeBuilder::i64_ne,
    CodeBuilder::i64_lt_s,
    CodeBuilder::i64_lt_u,
    CodeBuilder::i64_gt_s,
    CodeBuilder::i64_gt_u,
    CodeBuilder::i64_le_s,
    CodeBuilder::i64_le_u,
    CodeBuilder::i64_ge_s,
    CodeBuilder::i64_ge_u,
];
/// i32 comparisons with a constant (u32 or i32 immediate by signedness).
enum ImmCmp {
    U(Emit3U),
    I(Emit3I),
}
const I32_CMP_IMM: [ImmCmp; 10] = [
    ImmCmp::U(CodeBuilder::i32_eq_i),
    ImmCmp::U(CodeBuilder::i32_ne_i),
    ImmCmp::I(CodeBuilder::i32_lt_s_i),
    ImmCmp::U(CodeBuilder::i32_lt_u_i),
    ImmCmp::I(CodeBuilder::i32_gt_s_i),
    ImmCmp::U(CodeBuilder::i32_gt_u_i),
    ImmCmp::I(CodeBuilder::i32_le_s_i),
    ImmCmp::U(CodeBuilder::i32_le_u_i),
    ImmCmp::I(CodeBuilder::i32_ge_s_i),
    ImmCmp::U(CodeBuilder::i32_ge_u_i),
];
const I64_CMP_IMM: [Option<Emit3I>; 10] = [
    Some(CodeBuilder::i64_eq_i),
    Some(CodeBuilder::i64_ne_i),
    Some(CodeBuilder::i64_lt_s_i),
    None,
    Some(CodeBuilder::i64_gt_s_i),
    None,
    None,
    None,
    None,
    None,
];
const BR_I32: [Br3; 10] = [
    CodeBuilder::br_i32_eq,
    CodeBuilder::br_i32_ne,
    CodeBuilder::br_i32_lt_s,
    CodeBuilder::br_i32_lt_u,
    CodeBuilder::br_i32_gt_s,
    CodeBuilder::br_i32_gt_u,
    CodeBuilder::br_i32_le_s,
    CodeBuilder::br_i32_le_u,
    CodeBuilder::br_i32_ge_s,
    CodeBuilder::br_i32_ge_u,
];
enum BrImm {
    U(Br3U),
    I(Br3I),
}
const BR_I32_IMM: [BrImm; 10] = [
    BrImm::U(CodeBuilder::br_i32_eq_i),
    BrImm::U(CodeBuilder::br_i32_ne_i),
    BrImm::I(CodeBuilder::br_i32_lt_s_i),
    BrImm::U(CodeBuilder::br_i32_lt_u_i),
    BrImm::I(CodeBuilder::br_i32_gt_s_i),
    BrImm::U(CodeBuilder::br_i32_gt_u_i),
    BrImm::I(CodeBuilder::br_i32_le_s_i),
    BrImm::U(CodeBuilder::br_i32_le_u_i),
    BrImm::I(CodeBuilder::br_i32_ge_s_i),
    BrImm::U(CodeBuilder::br_i32_ge_u_i),
];
const BR_I64: [Br3; 10] = [
    CodeBuilder::br_i64_eq,
    CodeBuilder::br_i64_ne,
    CodeBuilder::br_i64_lt_s,
    CodeBuilder::br_i64_lt_u,
    CodeBuilder::br_i64_gt_s,
    CodeBuilder::br_i64_gt_u,
    CodeBuilder::br_i64_le_s,
    CodeBuilder::br_i64_le_u,
    CodeBuilder::br_i64_ge_s,
    CodeBuilder::br_i64_ge_u,
];
const BR_I64_IMM: [Br3I; 10] = [
    CodeBuilder::br_i64_eq_i,
    CodeBuilder::br_i64_ne_i,
    CodeBuilder::br_i64_lt_s_i,
    CodeBuilder::br_i64_lt_u_i,
    CodeBuilder::br_i64_gt_s_i,
    CodeBuilder::br_i64_gt_u_i,
    CodeBuilder::br_i64_le_s_i,
    CodeBuilder::br_i64_le_u_i,
    CodeBuilder::br_i64_ge_s_i,
    CodeBuilder::br_i64_ge_u_i,
];

/// Whether to emit fused instructions (the cargo feature `fused`): compare-and-branch,
/// constant operands, loads and stores with a folded address. Without them every wasm
/// operator maps to its plain instruction: more dispatches, less code (the translator's
/// fusion logic is compiled out; with the loop backend, the unused handlers too).
const FUSE: bool = cfg!(feature = "fused");
/// Whether instructions read the result of the one before from the accumulator
/// (`Translator::acc`): with `fused`, except on the match backend (`for_each_acc_op!`).
const ACC: bool = FUSE && !cfg!(wint_match_dispatch);

/// Most locals a function may declare (parameters included), as in wasmparser.
const MAX_LOCALS: usize = 50_000;

/// An operator the engine does not implement (or whose proposal is not compiled in).
fn unsupported() -> Error {
    Error::invalid("unsupported operator")
}

fn internal(msg: &str) -> Error {
    Error::invalid(alloc::format!("internal translation error: {msg}"))
}

/// Translates defined function `def` of module `m`.
pub(crate) fn translate(m: &ModuleInner, def: u32) -> Result<CompiledFunc> {
    let func_index = m.num_imported_funcs + def;
    let ty = m.func_type(func_index).clone();
    let body = m.body(def);
    let body_len = m.bodies[def as usize].len();
    let mut locals = Vec::new();
    let mut next: Slot = 0;
    for p in ty.params() {
        locals.push((next, *p));
        next += p.cells();
    }
    let param_cells = next;
    let map = |e: wasmparser::BinaryReaderError| {
        // A SIMD opcode (prefix 0xfd) the decoder was built without.
        let simd = m.bytes.get(e.offset() as usize) == Some(&0xfd);
        let hint = if !cfg!(feature = "simd") && simd {
            " (SIMD is not compiled in: cargo feature `simd`)"
        } else {
            ""
        };
        Error::malformed(alloc::format!(
            "{}{hint} (at offset {:#x})",
            e.message(),
            e.offset()
        ))
    };
    for l in body.get_locals_reader().map_err(map)? {
        let (n, t) = l.map_err(map)?;
        let t = ValType::from_wp(t).ok_or_else(|| Error::invalid("unsupported value type"))?;
        check_val_type(&m.engine, t)?;
        if n as usize > MAX_LOCALS - locals.len() {
            return Err(Error::invalid("too many locals"));
        }
        for _ in 0..n {
            locals.push((next, t));
            next = next
                .checked_add(t.cells())
                .ok_or_else(|| internal("too many locals"))?;
        }
    }
    let mut t = Translator {
        m,
        // About one unit of threaded code per byte of wasm (docs/STATUS.md: code/wasm
        // 3.3–3.5 in bytes), reserved up front instead of grown by doubling (eager
        // translation of a 7 MB module: 1.3% fewer instructions, 5% less time). Not
        // without `std` (microcontrollers): their modules are small, so the copies cost
        // little, and the reserve-then-shrink left gaps in the heap (scripts/size.sh,
        // full feature set: 16,448 B beyond linear memory with it, 16,128 B without).
        b: CodeBuilder::with_capacity(if cfg!(feature = "std") {
            body_len + 16
        } else {
            0
        }),
        local_refs: vec![0; locals.len()],
        locals,
        locals_end: next,
        stack: Vec::new(),
        ctl: Vec::new(),
        max_cells: next.max(ty.result_cells()),
        results: ty.results().to_vec(),
        last_result: None,
        fuel: None,
        fuel_enabled: cfg!(feature = "fuel") && m.engine.config().fuel,
        pending_cmp: None,
        pending_addi: None,
        pending_add: None,
        pending_shli: None,
        pending_adds: None,
        pending_load: None,
        pending_fmul: None,
        acc: None,
        acc_prev: None,
        jumps: Vec::new(),
    };
    t.ctl.push(Ctl {
        kind: CtlKind::Func,
        height: 0,
        base: next,
        params: Vec::new(),
        results: ty.results().to_vec(),
        loop_start: 0,
        patches: Vec::new(),
        else_patch: None,
        entry_reachable: true,
        reachable: true,
    });
    t.start_fuel_block();
    let mut ops = body.get_operators_reader().map_err(map)?;
    while !ops.eof() {
        let at = ops.original_position();
        let op = ops.read().map_err(map)?;
        t.op(op).map_err(|e| e.at_offset(at))?;
        if t.ctl.is_empty() {
            break;
        }
    }
    // The code must end with the function's `end` (which emitted its return): running
    // off the end of the threaded code is impossible.
    if !t.ctl.is_empty() || !ops.eof() {
        return Err(Error::malformed(alloc::format!(
            "function body must end with its `end` (at offset {:#x})",
            ops.original_position()
        )));
    }
    // Frames stay far below what 32-bit slot immediates can address.
    if t.max_cells.max(t.locals_end) >= crate::ir::MAX_FRAME_CELLS {
        return Err(Error::invalid(alloc::format!(
            "function {func_index} needs a frame of more than {} cells",
            crate::ir::MAX_FRAME_CELLS
        )));
    }
    t.thread_jumps();
    // Give back the unused part of the reservation (in place: a shrinking `realloc`).
    t.b.code.shrink_to_fit();
    let code = CompiledFunc {
        code: t.b.code,
        // Room for the fixed-size zeroing of locals on entry (see `exec::call_func`).
        frame_cells: (t.max_cells + 2).max(param_cells + crate::exec::ZEROED_CELLS),
        param_cells,
        local_cells: t.locals_end - param_cells,
    };
    #[cfg(debug_assertions)]
    if let Err(e) = crate::disasm::verify(&code.code, code.frame_cells) {
        panic!("translation of function {func_index} produced bad code: {e}");
    }
    Ok(code)
}

macro_rules! bin {
    ($t:ident, $op:ident, $a:ident => $r:ident) => {{
        $t.bin(ValType::$a, ValType::$r, CodeBuilder::$op)?;
    }};
}
macro_rules! un {
    ($t:ident, $op:ident, $a:ident => $r:ident) => {{
        $t.un(ValType::$a, ValType::$r, CodeBuilder::$op)?;
    }};
}
/// A load: the plain instruction, or for memory 0 the forms with a folded address
/// (`$op_ai`, and `$op_aa` when given); other memories use `load_m`. On a 64-bit memory,
/// an `addr64` range check of the address, then the plain instruction (no folding).
macro_rules! load {
    ($t:ident, $memarg:ident, $op:ident, $op_ai:ident, $op_aa:ident, $op_as:ident, $op_k:ident, $ty:ident, $kind:expr) => {{
        let m = $t.mem_target(&$memarg)?;
        if $t.is_mem64(m) {
            load!(@64 $t, $memarg, m, $op, $ty, $kind);
        } else {
            let (m, o) = $t.mem_arg(&$memarg)?;
            $t.check_top(&[ValType::I32])?;
            if m == 0
                && let Some(e) = $t.const_addr(0, o)
            {
                $t.pop()?;
                let d = $t.push_temp(ValType::$ty);
                let pos = $t.b.$op_k(d, e);
                $t.set_last(pos, d);
                $t.accumulate(pos);
            } else if m == 0
                && let Some((a, b, k)) = $t.take_adds()
            {
                let d = $t.push_temp(ValType::$ty);
                // An index that the `i32_load` just before loaded: fold it too.
                let wide = stringify!($op_as) == "i64_load_as";
                let idx = if wide || stringify!($op_as) == "i32_load_as" {
                    $t.take_index_load(b)
                } else {
                    None
                };
                let pos = match idx {
                    Some((x, p)) if wide => $t.b.i64_load_as_ld(d, a, x, p, k, o),
                    Some((x, p)) => $t.b.i32_load_as_ld(d, a, x, p, k, o),
                    None => $t.b.$op_as(d, a, b, k, o),
                };
                $t.set_last(pos, d);
                $t.accumulate(pos);
            } else if m == 0
                && let Some((a, b)) = $t.take_add()
            {
                let d = $t.push_temp(ValType::$ty);
                let pos = $t.b.$op_aa(d, a, b, o);
                $t.set_last(pos, d);
                $t.accumulate(pos);
            } else {
                load!(@32 $t, $memarg, $op, $op_ai, $ty, $kind);
            }
        }
    }};
    ($t:ident, $memarg:ident, $op:ident, $op_ai:ident, $ty:ident, $kind:expr) => {{
        let m = $t.mem_target(&$memarg)?;
        if $t.is_mem64(m) {
            load!(@64 $t, $memarg, m, $op, $ty, $kind);
        } else {
            load!(@32 $t, $memarg, $op, $op_ai, $ty, $kind);
        }
    }};
    (@64 $t:ident, $memarg:ident, $m:ident, $op:ident, $ty:ident, $kind:expr) => {{
        let (a, o) = $t.pop_addr($m, $memarg.offset)?;
        let d = $t.push_temp(ValType::$ty);
        let pos = if $m != 0 {
            $t.b.load_m(d, a, o, $m, $kind)
        } else {
            $t.b.$op(d, a, o)
        };
        $t.set_last(pos, d);
                $t.accumulate(pos);
    }};
    (@32 $t:ident, $memarg:ident, $op:ident, $op_ai:ident, $ty:ident, $kind:expr) => {{
        let (m, o) = $t.mem_arg(&$memarg)?;
        let pos;
        let d;
        $t.check_top(&[ValType::I32])?;
        if m != 0 {
            let a = $t.pop_slot(ValType::I32)?;
            d = $t.push_temp(ValType::$ty);
            pos = $t.b.load_m(d, a, o, m, $kind);
        } else if let Some((a, k)) = $t.take_addi() {
            d = $t.push_temp(ValType::$ty);
            pos = $t.b.$op_ai(d, a, k, o);
        } else {
            let a = $t.pop_slot(ValType::I32)?;
            d = $t.push_temp(ValType::$ty);
            pos = $t.b.$op(d, a, o);
            if FUSE && stringify!($op) == "i32_load" {
                $t.pending_load = Some((pos, $t.b.pos(), a, o));
            }
        }
        $t.set_last(pos, d);
                $t.accumulate(pos);
    }};
}
/// A store, as `load!`.
macro_rules! store {
    ($t:ident, $memarg:ident, $op:ident, $op_ai:ident, $op_aa:ident, $op_k:ident, $ty:ident, $size:expr) => {{
        let m = $t.mem_target(&$memarg)?;
        if $t.is_mem64(m) {
            store!(@64 $t, $memarg, m, $op, $ty, $size);
        } else {
            let (m, o) = $t.mem_arg(&$memarg)?;
            $t.check_top(&[ValType::I32, ValType::$ty])?;
            // A constant address: the value's code (if any) cannot change it.
            if m == 0
                && let Some(e) = $t.const_addr(1, o)
            {
                let v = $t.pop_slot(ValType::$ty)?;
                $t.pop()?;
                let pos = $t.b.$op_k(e, v);
                $t.acc_keep(pos);
            } else if m == 0 && matches!($t.stack.last().map(|o| o.kind), Some(Kind::Local(_))) {
                // The value is on top of the address: the address's `i32.add` can be
                // fused only when the value is a local (no code was emitted after the
                // add, and reading the value needs none).
                let v = $t.pop()?;
                match $t.take_add() {
                    Some((a, b)) => {
                        let s = $t.slot_of(v);
                        let pos = $t.b.$op_aa(a, b, s, o);
                        $t.acc_keep(pos);
                    }
                    None => {
                        // Put the value back as it was.
                        if let Kind::Local(i) = v.kind {
                            $t.local_refs[i as usize] += 1;
                        }
                        $t.stack.push(v);
                        store!(@32 $t, $memarg, $op, $op_ai, $ty, $size);
                    }
                }
            } else {
                store!(@32 $t, $memarg, $op, $op_ai, $ty, $size);
            }
        }
    }};
    ($t:ident, $memarg:ident, $op:ident, $op_ai:ident, $ty:ident, $size:expr) => {{
        let m = $t.mem_target(&$memarg)?;
        if $t.is_mem64(m) {
            store!(@64 $t, $memarg, m, $op, $ty, $size);
        } else {
            store!(@32 $t, $memarg, $op, $op_ai, $ty, $size);
        }
    }};
    (@64 $t:ident, $memarg:ident, $m:ident, $op:ident, $ty:ident, $size:expr) => {{
        $t.check_top(&[ValType::I64, ValType::$ty])?;
        let v = $t.pop_slot(ValType::$ty)?;
        let (a, o) = $t.pop_addr($m, $memarg.offset)?;
        if $m != 0 {
            $t.b.store_m(a, v, o, $m, $size);
        } else {
            $t.b.$op(a, v, o);
        }
    }};
    (@32 $t:ident, $memarg:ident, $op:ident, $op_ai:ident, $ty:ident, $size:expr) => {{
        let (m, o) = $t.mem_arg(&$memarg)?;
        $t.check_top(&[ValType::I32, ValType::$ty])?;
        let v = $t.pop_slot(ValType::$ty)?;
        if m != 0 {
            let a = $t.pop_slot(ValType::I32)?;
            $t.b.store_m(a, v, o, m, $size);
        } else if let Some((a, k)) = $t.take_addi() {
            let pos = $t.b.$op_ai(a, k, v, o);
            $t.acc_keep(pos);
        } else {
            let a = $t.pop_slot(ValType::I32)?;
            let pos = $t.b.$op(a, v, o);
            $t.acc_keep(pos);
        }
    }};
}

impl<'m> Translator<'m> {
    // ---- the simulated operand stack -----------------------------------------------

    fn next_slot(&self) -> Slot {
        match self.stack.last() {
            Some(o) => o.slot + o.ty.cells(),
            None => self.locals_end,
        }
    }

    fn push(&mut self, kind: Kind, ty: ValType) -> Slot {
        let slot = self.next_slot();
        if let Kind::Local(i) = kind {
            self.local_refs[i as usize] += 1;
        }
        self.stack.push(Opd { kind, ty, slot });
        self.max_cells = self.max_cells.max(slot + ty.cells());
        slot
    }

    fn push_temp(&mut self, ty: ValType) -> Slot {
        self.push(Kind::Temp, ty)
    }

    /// Stack length at the start of the current block: operands below it belong to
    /// enclosing blocks.
    fn height(&self) -> usize {
        self.ctl.last().map_or(0, |c| c.height)
    }

    /// Pops an operand of the current block, of any type.
    fn pop(&mut self) -> Result<Opd> {
        if self.stack.len() <= self.height() {
            return Err(type_mismatch());
        }
        let Some(o) = self.stack.pop() else {
            return Err(type_mismatch());
        };
        if let Kind::Local(i) = o.kind {
            self.local_refs[i as usize] -= 1;
        }
        Ok(o)
    }

    /// Pops an operand of type `ty`.
    fn pop_t(&mut self, ty: ValType) -> Result<Opd> {
        self.check_top(&[ty])?;
        self.pop()
    }

    /// Checks that the operands of the current block end with values of types `tys`.
    fn check_top(&self, tys: &[ValType]) -> Result<()> {
        self.check_below(tys, 0)
    }

    /// As `check_top`, for the values below the top `skip` operands.
    fn check_below(&self, tys: &[ValType], skip: usize) -> Result<()> {
        let len = self.stack.len();
        let n = tys.len() + skip;
        if len < self.height() + n {
            return Err(type_mismatch());
        }
        let found = self.stack[len - n..len - skip].iter().map(|o| o.ty);
        if found.ne(tys.iter().copied()) {
            return Err(type_mismatch());
        }
        Ok(())
    }

    /// Checks that the operands of the current block are exactly values of types `tys`
    /// (at the end of a block or function).
    fn check_exact(&self, tys: &[ValType]) -> Result<()> {
        if self.stack.len() != self.height() + tys.len() {
            return Err(type_mismatch());
        }
        self.check_top(tys)
    }

    /// Emits code that writes the constant `v` of type `ty` into `slot`.
    fn emit_const(&mut self, slot: Slot, ty: ValType, v: u128) {
        match ty {
            ValType::V128 => {
                self.b.const128(slot, v);
            }
            ValType::I64 | ValType::F64 | ValType::FuncRef | ValType::ExternRef
                if v > u32::MAX as u128 =>
            {
                self.b.const64(slot, v as u64);
            }
            _ => {
                self.b.const32(slot, v as u32);
            }
        }
    }

    fn emit_copy(&mut self, dst: Slot, src: Slot, ty: ValType) {
        if dst == src {
            return;
        }
        if ty == ValType::V128 {
            self.b.copy2(dst, src);
        } else {
            let pos = self.b.copy(dst, src);
            self.accumulate(pos);
        }
    }

    /// Writes operand `o` into `dst`.
    fn emit_move(&mut self, dst: Slot, o: Opd) {
        match o.kind {
            Kind::Temp => self.emit_copy(dst, o.slot, o.ty),
            Kind::Local(i) => {
                let src = self.locals[i as usize].0;
                self.emit_copy(dst, src, o.ty)
            }
            Kind::Const(v) => self.emit_const(dst, o.ty, v),
        }
    }

    /// The slot to read operand `o` from (constants are written to their natural slot).
    fn slot_of(&mut self, o: Opd) -> Slot {
        match o.kind {
            Kind::Temp => o.slot,
            Kind::Local(i) => self.locals[i as usize].0,
            Kind::Const(v) => {
                self.emit_const(o.slot, o.ty, v);
                o.slot
            }
        }
    }

    /// Pops an operand of type `ty` and returns the slot to read it from.
    fn pop_slot(&mut self, ty: ValType) -> Result<Slot> {
        let o = self.pop_t(ty)?;
        Ok(self.slot_of(o))
    }

    /// Makes stack entry `i` a temporary in its natural slot.
    fn materialize(&mut self, i: usize) {
        let o = self.stack[i];
        if o.kind == Kind::Temp {
            return;
        }
        self.emit_move(o.slot, o);
        if let Kind::Local(l) = o.kind {
            self.local_refs[l as usize] -= 1;
        }
        self.stack[i].kind = Kind::Temp;
    }

    fn materialize_top(&mut self, n: usize) {
        let len = self.stack.len();
        for i in len - n..len {
            self.materialize(i);
        }
    }

    fn materialize_locals(&mut self) {
        for i in 0..self.stack.len() {
            if matches!(self.stack[i].kind, Kind::Local(_)) {
                self.materialize(i);
            }
        }
    }

    /// Before local `l` is written: copy out deferred reads of it.
    fn preserve_local(&mut self, l: u32) {
        if self.local_refs[l as usize] == 0 {
            return;
        }
        for i in 0..self.stack.len() {
            if self.stack[i].kind == Kind::Local(l) {
                self.materialize(i);
            }
        }
    }

    fn truncate(&mut self, len: usize) {
        while self.stack.len() > len {
            if let Some(o) = self.stack.pop()
                && let Kind::Local(i) = o.kind
            {
                self.local_refs[i as usize] -= 1;
            }
        }
    }

    fn set_last(&mut self, pos: Pos, d: Slot) {
        self.last_result = Some((pos, d, self.b.pos()));
    }

    /// A branch target is placed at the current position (the end of a block, an `else`,
    /// the start of a loop): no instruction before it may be rewritten or folded into
    /// one after it, since branches land between them.
    fn label_here(&mut self) {
        self.last_result = None;
        self.pending_cmp = None;
        self.pending_addi = None;
        self.pending_add = None;
        self.pending_shli = None;
        self.pending_adds = None;
        self.pending_load = None;
        self.pending_fmul = None;
        self.acc = None;
        self.acc_prev = None;
    }

    /// Removes the code from `pos` on.
    fn cut(&mut self, pos: Pos) {
        self.b.code.truncate(pos);
        if self.acc.is_some_and(|(_, end)| end > pos) {
            // What the accumulator held before the removed instruction, if that ended
            // exactly here (a comparison removed to fuse with its branch).
            self.acc = self.acc_prev.filter(|&(_, end)| end == pos);
        }
        self.acc_prev = None;
    }

    /// If the instruction just emitted at `pos` reads the slot whose value the
    /// accumulator holds (in the immediate that its accumulator form reads, or the one
    /// after it for a commutative op, whose operands are then swapped), switches it to
    /// that form (`exec::acc_form`), which reads the accumulator instead.
    #[inline]
    fn acc_read(&mut self, pos: Pos) {
        if !ACC {
            return;
        }
        let Some((slot, end)) = self.acc else {
            return;
        };
        // Every form reads the accumulator in place of immediate 1 or 2.
        let at = pos + HANDLER_UNITS;
        let code = &self.b.code;
        if end == pos && (code.get(at + 1) == Some(&slot) || code.get(at + 2) == Some(&slot)) {
            self.acc_switch(pos, slot);
        }
    }

    #[inline(never)]
    fn acc_switch(&mut self, pos: Pos, slot: Slot) {
        if let Some((hx, i, swapped)) = crate::exec::acc_form(self.b.handler_at(pos)) {
            let at = pos + HANDLER_UNITS + i;
            let code = &mut self.b.code;
            let hx = if code[at] == slot {
                Some(hx)
            } else if let Some(hs) = swapped
                && code[at + 1] == slot
            {
                code.swap(at, at + 1);
                Some(hs)
            } else {
                None
            };
            if let Some(hx) = hx {
                self.b.set_handler(pos, hx);
            }
        }
    }

    /// The instruction just emitted at `pos` writes its integer result to its first
    /// immediate `d` with `Ctx::set`, which copies it to the accumulator: after
    /// `acc_read`, the accumulator holds `d`.
    fn accumulate(&mut self, pos: Pos) {
        if !ACC {
            return;
        }
        self.acc_read(pos);
        self.acc_prev = self.acc;
        self.acc = Some((self.b.code[pos + HANDLER_UNITS], self.b.pos()));
    }

    /// The instruction just emitted at `pos` writes no slot and leaves the accumulator
    /// as it is (a store, `global.set`): after `acc_read`, it still holds what it held.
    fn acc_keep(&mut self, pos: Pos) {
        if !ACC {
            return;
        }
        let kept = self.acc.filter(|&(_, end)| end == pos);
        self.acc_read(pos);
        self.acc_prev = self.acc;
        self.acc = kept.map(|(s, _)| (s, self.b.pos()));
    }

    /// A binary operator on two operands of type `aty` with a result of type `rty`.
    fn bin(
        &mut self,
        aty: ValType,
        rty: ValType,
        f: fn(&mut CodeBuilder, Slot, Slot, Slot) -> Pos,
    ) -> Result<()> {
        let b = self.pop_slot(aty)?;
        let a = self.pop_slot(aty)?;
        let d = self.push_temp(rty);
        let pos = f(&mut self.b, d, a, b);
        self.set_last(pos, d);
        if matches!(rty, ValType::I32 | ValType::I64) {
            self.accumulate(pos);
        }
        Ok(())
    }

    /// A unary operator from `aty` to `rty`.
    fn un(
        &mut self,
        aty: ValType,
        rty: ValType,
        f: fn(&mut CodeBuilder, Slot, Slot) -> Pos,
    ) -> Result<()> {
        let a = self.pop_slot(aty)?;
        let d = self.push_temp(rty);
        let pos = f(&mut self.b, d, a);
        self.set_last(pos, d);
        if matches!(rty, ValType::I32 | ValType::I64) {
            self.accumulate(pos);
        }
        Ok(())
    }

    /// Jump threading: a `br` to a `br` goes straight to the final target, and a `br` to
    /// a `ret1` becomes that `ret1` (both instructions have the same size).
    fn thread_jumps(&mut self) {
        // (`Handler` is already `usize` with the match backend.)
        #[allow(clippy::unnecessary_cast)]
        let br = crate::exec::backend::br as crate::exec::backend::Handler as usize;
        #[allow(clippy::unnecessary_cast)]
        let ret1 = crate::exec::backend::ret1 as crate::exec::backend::Handler as usize;
        let target = |code: &[Unit], pos: usize| {
            (pos as i64 + code[pos + HANDLER_UNITS] as i32 as i64) as usize
        };
        for &pos in &self.jumps {
            let code = &self.b.code;
            let mut t = target(code, pos);
            let mut hops = 0;
            while self.b.handler_at(t) == br && hops < 8 && t != pos {
                t = target(code, t);
                hops += 1;
            }
            if self.b.handler_at(t) == ret1 {
                let s = code[t + HANDLER_UNITS];
                let mut patched = CodeBuilder { code: Vec::new() };
                patched.ret1(s);
                self.b.code[pos..pos + HANDLER_UNITS + 1].copy_from_slice(&patched.code);
            } else {
                self.b.patch_branch(pos, t);
            }
        }
    }

    /// `i32.add` (or `i32.sub` when `neg`) with a constant operand becomes `i32_add_i`,
    /// remembered for folding into a following load or store.
    fn i32_add(&mut self, neg: bool) -> Result<()> {
        self.check_top(&[ValType::I32, ValType::I32])?;
        if !FUSE {
            let f = if neg {
                CodeBuilder::i32_sub
            } else {
                CodeBuilder::i32_add
            };
            return self.bin(ValType::I32, ValType::I32, f);
        }
        let konst = |o: Option<&Opd>| match o {
            Some(Opd {
                kind: Kind::Const(v),
                ..
            }) => Some(*v as u32),
            _ => None,
        };
        let len = self.stack.len();
        let (a, k) = if let Some(k) = konst(self.stack.last()) {
            self.pop()?;
            (
                self.pop_slot(ValType::I32)?,
                if neg { k.wrapping_neg() } else { k },
            )
        } else if let (false, Some(k)) = (neg, konst(self.stack.get(len.wrapping_sub(2)))) {
            let b = self.pop_slot(ValType::I32)?;
            self.pop()?;
            (b, k)
        } else if neg {
            return self.bin(ValType::I32, ValType::I32, CodeBuilder::i32_sub);
        } else {
            // An operand that is the shift emitted just before (still a temporary on
            // the stack): a load may fold both (`*_as`).
            let shifted = match self.pending_shli.take() {
                Some((spos, send, sd, sa, sk)) if FUSE && send == self.b.pos() => {
                    let is =
                        |o: Option<&Opd>| o.is_some_and(|o| o.kind == Kind::Temp && o.slot == sd);
                    if is(self.stack.last()) {
                        Some((spos, sa, sk, true))
                    } else if is(self.stack.get(len.wrapping_sub(2))) {
                        Some((spos, sa, sk, false))
                    } else {
                        None
                    }
                }
                _ => None,
            };
            let b = self.pop_slot(ValType::I32)?;
            let a = self.pop_slot(ValType::I32)?;
            let d = self.push_temp(ValType::I32);
            if let Some((spos, sa, sk, top)) = shifted {
                // The shift and the add become one `i32_add_shl` (a load or store of the
                // address may still fold both: `*_as`).
                let base = if top { a } else { b };
                self.cut(spos);
                let pos = self.b.i32_add_shl(d, base, sa, sk);
                self.set_last(pos, d);
                self.pending_adds = Some((spos, self.b.pos(), d, base, sa, sk));
                return Ok(());
            }
            let pos = self.b.i32_add(d, a, b);
            self.set_last(pos, d);
            self.accumulate(pos);
            self.pending_add = Some((pos, self.b.pos(), d, a, b));
            return Ok(());
        };
        let d = self.push_temp(ValType::I32);
        let pos = self.b.i32_add_i(d, a, k as i32);
        self.set_last(pos, d);
        self.accumulate(pos);
        self.pending_addi = Some((pos, self.b.pos(), d, a, k));
        Ok(())
    }

    /// `f64.add` (`sub` false) or `f64.sub`: one `f64_mul_add`, `f64_mul_sub` or
    /// `f64_sub_mul` when an operand is the result of the `f64_mul` just emitted (a
    /// temporary, read by nothing else), which is then removed; else the plain op.
    fn f64_add_sub(&mut self, sub: bool) -> Result<()> {
        let plain = if sub {
            CodeBuilder::f64_sub
        } else {
            CodeBuilder::f64_add
        };
        let Some((pos, end)) = self.pending_fmul.take().filter(|_| FUSE) else {
            return self.bin(ValType::F64, ValType::F64, plain);
        };
        let len = self.stack.len();
        let md = self.b.code[pos + HANDLER_UNITS];
        let is_mul = |o: Option<&Opd>| {
            o.is_some_and(|o| o.kind == Kind::Temp && o.slot == md && o.ty == ValType::F64)
        };
        let top = is_mul(self.stack.last());
        if end != self.b.pos() || !(top || is_mul(self.stack.get(len.wrapping_sub(2)))) {
            return self.bin(ValType::F64, ValType::F64, plain);
        }
        let y = self.pop_slot(ValType::F64)?;
        let x = self.pop_slot(ValType::F64)?;
        let d = self.push_temp(ValType::F64);
        if end != self.b.pos() {
            // Popping wrote a constant operand to its slot after the `f64_mul`.
            let p = plain(&mut self.b, d, x, y);
            self.set_last(p, d);
            return Ok(());
        }
        let (ma, mb) = (
            self.b.code[pos + HANDLER_UNITS + 1],
            self.b.code[pos + HANDLER_UNITS + 2],
        );
        self.cut(pos);
        let p = match (sub, top) {
            (false, true) => self.b.f64_mul_add(d, ma, mb, x),
            (false, false) => self.b.f64_mul_add(d, ma, mb, y),
            (true, true) => self.b.f64_sub_mul(d, x, ma, mb),
            (true, false) => self.b.f64_mul_sub(d, ma, mb, y),
        };
        self.set_last(p, d);
        Ok(())
    }

    /// The address operand on top of the stack as `(slot, k)` if it is the result of the
    /// `i32_add_i` just emitted, which is then removed.
    fn take_addi(&mut self) -> Option<(Slot, u32)> {
        if !FUSE {
            return None;
        }
        let (pos, end, d, a, k) = self.pending_addi.take()?;
        let top = *self.stack.last()?;
        if top.kind != Kind::Temp
            || top.slot != d
            || end != self.b.pos()
            || self.check_top(&[ValType::I32]).is_err()
        {
            return None;
        }
        self.pop().ok()?;
        self.cut(pos);
        self.last_result = None;
        Some((a, k))
    }

    /// The address operand on top of the stack as `(a, b, k)` if it is the result of the
    /// `i32_shl_i t, b, k; i32_add d, a, t` just emitted, which are then removed.
    fn take_adds(&mut self) -> Option<(Slot, Slot, u32)> {
        if !FUSE {
            return None;
        }
        let (pos, end, d, a, b, k) = self.pending_adds.take()?;
        let top = *self.stack.last()?;
        if top.kind != Kind::Temp
            || top.slot != d
            || end != self.b.pos()
            || self.check_top(&[ValType::I32]).is_err()
        {
            return None;
        }
        self.pop().ok()?;
        self.cut(pos);
        self.last_result = None;
        self.pending_add = None;
        Some((a, b, k))
    }

    /// The plain `i32_load d, a, o` that ends the code, as `(pos, d, a, o)`, if its
    /// result went to slot `d` (its destination is read back from the code, where
    /// `local.set` may have redirected it); it stays in the code.
    fn take_last_load(&mut self, d: Slot) -> Option<(Pos, Slot, u32)> {
        let (pos, end, a, o) = self.pending_load.take()?;
        (FUSE && end == self.b.pos() && self.b.code[pos + HANDLER_UNITS] == d)
            .then_some((pos, a, o))
    }

    /// `(x, p)` if temporary `b` is the result of the plain `i32_load b, x, p` emitted
    /// just before the current end of the code, which is then removed (`b` is read by
    /// nothing else: a temporary is consumed once).
    fn take_index_load(&mut self, b: Slot) -> Option<(Slot, u32)> {
        if b < self.locals_end {
            return None;
        }
        let (pos, x, p) = self.take_last_load(b)?;
        self.cut(pos);
        Some((x, p))
    }

    /// The address operand on top of the stack as `(a, b)` if it is the result of the
    /// `i32_add d, a, b` just emitted, which is then removed.
    fn take_add(&mut self) -> Option<(Slot, Slot)> {
        if !FUSE {
            return None;
        }
        let (pos, end, d, a, b) = self.pending_add.take()?;
        let top = *self.stack.last()?;
        if top.kind != Kind::Temp
            || top.slot != d
            || end != self.b.pos()
            || self.check_top(&[ValType::I32]).is_err()
        {
            return None;
        }
        self.pop().ok()?;
        self.cut(pos);
        self.last_result = None;
        Some((a, b))
    }

    /// A commutative binary operator: a constant on either side uses the immediate form.
    fn bin_imm_comm<K>(
        &mut self,
        rty: ValType,
        f: fn(&mut CodeBuilder, Slot, Slot, Slot) -> Pos,
        fi: fn(&mut CodeBuilder, Slot, Slot, K) -> Pos,
        k: impl Fn(u128) -> Option<K>,
    ) -> Result<()> {
        self.check_top(&[rty, rty])?;
        if !FUSE {
            return self.bin(rty, rty, f);
        }
        let len = self.stack.len();
        if !matches!(self.stack[len - 1].kind, Kind::Const(_))
            && let Kind::Const(v) = self.stack[len - 2].kind
            && let Some(imm) = k(v)
        {
            let b = self.pop_slot(rty)?;
            self.pop()?;
            let d = self.push_temp(rty);
            let pos = fi(&mut self.b, d, b, imm);
            self.set_last(pos, d);
            self.accumulate(pos);
            return Ok(());
        }
        self.bin_imm(rty, f, fi, k)
    }

    /// A binary operator with an immediate form for a constant right operand.
    fn bin_imm<K>(
        &mut self,
        rty: ValType,
        f: fn(&mut CodeBuilder, Slot, Slot, Slot) -> Pos,
        fi: fn(&mut CodeBuilder, Slot, Slot, K) -> Pos,
        k: impl Fn(u128) -> Option<K>,
    ) -> Result<()> {
        self.check_top(&[rty, rty])?;
        if !FUSE {
            return self.bin(rty, rty, f);
        }
        if let Some(Opd {
            kind: Kind::Const(v),
            ..
        }) = self.stack.last().copied()
            && let Some(imm) = k(v)
        {
            self.pop()?;
            let a = self.pop_slot(rty)?;
            let d = self.push_temp(rty);
            let pos = fi(&mut self.b, d, a, imm);
            self.set_last(pos, d);
            self.accumulate(pos);
            return Ok(());
        }
        self.bin(rty, rty, f)
    }

    /// Emits comparison `op` (see `Cond::Cmp`) of the two top operands and remembers it
    /// for fusion with a following branch.
    fn cmp(&mut self, wide: bool, op: usize) -> Result<()> {
        let ty = if wide { ValType::I64 } else { ValType::I32 };
        self.check_top(&[ty, ty])?;
        let mut rhs = None;
        if FUSE
            && let Some(Opd {
                kind: Kind::Const(v),
                ..
            }) = self.stack.last().copied()
        {
            let imm = if wide {
                imm_i64(v)
            } else {
                Some(v as u32 as i32)
            };
            if let Some(k) = imm
                && (!wide || I64_CMP_IMM[op].is_some())
            {
                self.pop()?;
                rhs = Some(Rhs::Imm(k));
            }
        }
        let b = match rhs {
            Some(r) => r,
            None => Rhs::Slot(self.pop_slot(ty)?),
        };
        let a = self.pop_slot(ty)?;
        let d = self.push_temp(ValType::I32);
        let pos = match (wide, b) {
            (false, Rhs::Slot(b)) => I32_CMP[op](&mut self.b, d, a, b),
            (true, Rhs::Slot(b)) => I64_CMP[op](&mut self.b, d, a, b),
            (false, Rhs::Imm(k)) => match I32_CMP_IMM[op] {
                ImmCmp::U(f) => f(&mut self.b, d, a, k as u32),
                ImmCmp::I(f) => f(&mut self.b, d, a, k),
            },
            (true, Rhs::Imm(k)) => match I64_CMP_IMM[op] {
                Some(f) => f(&mut self.b, d, a, k),
                None => return Err(internal("i64 comparison immediate")),
            },
        };
        self.set_last(pos, d);
        self.accumulate(pos);
        if !FUSE {
            return Ok(());
        }
        self.pending_cmp = Some(PendingCmp {
            pos,
            end: self.b.pos(),
            d,
            cond: Cond::Cmp { wide, op, a, b },
        });
        Ok(())
    }

    /// Emits float comparison `op` (eq ne lt gt le ge, see `Cond::FCmp`) of the two top
    /// operands and remembers it for fusion with a following branch, a constant right
    /// operand as an immediate.
    fn fcmp(&mut self, wide: bool, op: usize, f: Emit3) -> Result<()> {
        let ty = if wide { ValType::F64 } else { ValType::F32 };
        self.check_top(&[ty, ty])?;
        let konst = match self.stack.last() {
            Some(Opd {
                kind: Kind::Const(v),
                ..
            }) => Some(*v as u64),
            _ => None,
        };
        let start = self.b.pos();
        let b = self.pop_slot(ty)?;
        let b_end = self.b.pos();
        let a = self.pop_slot(ty)?;
        let d = self.push_temp(ValType::I32);
        // A constant `b` is materialized (so the plain comparison can read it) unless the
        // comparison fuses with a branch; that needs `a` to have emitted no code.
        let (pos, rhs) = match konst {
            Some(k) if b_end == self.b.pos() => (start, FRhs::Imm(k)),
            _ => (self.b.pos(), FRhs::Slot(b)),
        };
        let at = f(&mut self.b, d, a, b);
        self.set_last(at, d);
        if !FUSE {
            return Ok(());
        }
        self.pending_cmp = Some(PendingCmp {
            pos,
            end: self.b.pos(),
            d,
            cond: Cond::FCmp {
                wide,
                op,
                a,
                b: rhs,
            },
        });
        Ok(())
    }

    fn eqz(&mut self, wide: bool) -> Result<()> {
        let a = self.pop_slot(if wide { ValType::I64 } else { ValType::I32 })?;
        let d = self.push_temp(ValType::I32);
        let pos = if wide {
            self.b.i64_eqz(d, a)
        } else {
            self.b.i32_eqz(d, a)
        };
        self.set_last(pos, d);
        self.accumulate(pos);
        if !FUSE {
            return Ok(());
        }
        self.pending_cmp = Some(PendingCmp {
            pos,
            end: self.b.pos(),
            d,
            cond: Cond::Eqz { wide, a },
        });
        Ok(())
    }

    /// Pops a branch condition, fusing with the comparison that computed it if that was
    /// the last instruction emitted.
    fn pop_cond(&mut self) -> Result<Cond> {
        self.check_top(&[ValType::I32])?;
        let top = self.stack[self.stack.len() - 1];
        if let Some(pc) = self.pending_cmp.take()
            && top.kind == Kind::Temp
            && top.slot == pc.d
            && pc.end == self.b.pos()
        {
            self.pop()?;
            self.cut(pc.pos);
            self.last_result = None;
            return Ok(pc.cond);
        }
        Ok(Cond::Slot(self.pop_slot(ValType::I32)?))
    }

    /// Emits a branch taken when `cond` is `when`; returns it for patching.
    fn emit_cond_branch(&mut self, cond: Cond, when: bool) -> Pos {
        let b = &mut self.b;
        match cond {
            Cond::Slot(s) => {
                if when {
                    b.br_nz(0, s)
                } else {
                    b.br_z(0, s)
                }
            }
            Cond::Eqz { wide: false, a } => {
                if when {
                    b.br_z(0, a)
                } else {
                    b.br_nz(0, a)
                }
            }
            Cond::Eqz { wide: true, a } => {
                if when {
                    b.br_i64_z(0, a)
                } else {
                    b.br_i64_nz(0, a)
                }
            }
            Cond::Cmp {
                wide,
                op,
                a,
                b: rhs,
            } => {
                let op = if when { op } else { CMP_NEGATE[op] };
                match (wide, rhs) {
                    (false, Rhs::Slot(r)) => BR_I32[op](b, 0, a, r),
                    (true, Rhs::Slot(r)) => BR_I64[op](b, 0, a, r),
                    (false, Rhs::Imm(k)) => match BR_I32_IMM[op] {
                        BrImm::U(f) => f(b, 0, a, k as u32),
                        BrImm::I(f) => f(b, 0, a, k),
                    },
                    (true, Rhs::Imm(k)) => BR_I64_IMM[op](b, 0, a, k),
                }
            }
            Cond::FCmp {
                wide,
                op,
                a,
                b: rhs,
            } => {
                let op = if when { op } else { FCMP_NEGATE[op] };
                match (wide, rhs) {
                    (false, FRhs::Slot(r)) => BR_F32[op](b, 0, a, r),
                    (true, FRhs::Slot(r)) => BR_F64[op](b, 0, a, r),
                    (false, FRhs::Imm(k)) => BR_F32_IMM[op](b, 0, a, k as u32),
                    (true, FRhs::Imm(k)) => BR_F64_IMM[op](b, 0, a, k),
                }
            }
        }
    }

    /// A reinterpretation: the top operand's bits, of type `from`, become type `to`.
    fn retype_top(&mut self, from: ValType, to: ValType) -> Result<()> {
        self.check_top(&[from])?;
        if let Some(o) = self.stack.last_mut() {
            o.ty = to;
        }
        Ok(())
    }

    /// Checks a memory index.
    fn memory(&self, m: u32) -> Result<u32> {
        check_index(m, self.m.memories.len(), "memory")?;
        Ok(m)
    }

    /// Checks a table index; returns the table's element type.
    fn table(&self, t: u32) -> Result<ValType> {
        check_index(t, self.m.tables.len(), "table")?;
        Ok(self.m.tables[t as usize].ty.element)
    }

    /// The memory of a load or store (checked).
    fn mem_target(&self, memarg: &wasmparser::MemArg) -> Result<u32> {
        let wasmparser::MemArgTarget::Memory(m) = memarg.target else {
            return Err(Error::invalid("unsupported memory argument"));
        };
        self.memory(m)
    }

    /// The effective address of a memory-0 access at offset `o` whose address is the
    /// constant `depth` entries below the top of the stack, if it is one and the sum is
    /// below 2^32 (else the plain instruction traps when it runs).
    fn const_addr(&self, depth: usize, o: u32) -> Option<u32> {
        if !FUSE {
            return None;
        }
        let len = self.stack.len();
        match self.stack.get(len.checked_sub(depth + 1)?) {
            Some(Opd {
                kind: Kind::Const(v),
                ty: ValType::I32,
                ..
            }) => u32::try_from(*v as u32 as u64 + o as u64).ok(),
            _ => None,
        }
    }

    /// Whether memory `m` (a checked index) is a 64-bit memory.
    fn is_mem64(&self, m: u32) -> bool {
        cfg!(feature = "memory64") && self.m.memories[m as usize].memory64
    }

    /// The address type of memory `m` (a checked index).
    fn addr_type(&self, m: u32) -> ValType {
        if self.is_mem64(m) {
            ValType::I64
        } else {
            ValType::I32
        }
    }

    /// Pops the address of a load or store on memory `m` with static offset `offset`;
    /// returns the slot the 32-bit instruction reads it from and its 32-bit offset. On a
    /// 64-bit memory (never 4 GiB or more, see `MemoryEntity::new`) emits `addr64`,
    /// which traps "out of bounds" unless the address fits in 32 bits; the instruction
    /// then reads its low half. An offset of 2^32 or more is out of bounds whatever the
    /// address: `mem_oob` traps and the instruction that follows (offset 0) never runs.
    fn pop_addr(&mut self, m: u32, offset: u64) -> Result<(Slot, u32)> {
        if !self.is_mem64(m) {
            let o =
                u32::try_from(offset).map_err(|_| Error::invalid("memory offset out of range"))?;
            return Ok((self.pop_slot(ValType::I32)?, o));
        }
        let a = self.pop_slot(ValType::I64)?;
        match u32::try_from(offset) {
            Ok(o) => {
                self.b.addr64(a);
                Ok((a, o))
            }
            Err(_) => {
                self.b.mem_oob();
                Ok((a, 0))
            }
        }
    }

    /// Memory index and offset of a load or store on a 32-bit memory.
    fn mem_arg(&self, memarg: &wasmparser::MemArg) -> Result<(u32, u32)> {
        let wasmparser::MemArgTarget::Memory(m) = memarg.target else {
            return Err(Error::invalid("unsupported memory argument"));
        };
        let o = u32::try_from(memarg.offset)
            .map_err(|_| Error::invalid("memory offset out of range"))?;
        Ok((self.memory(m)?, o))
    }

    /// Pops the address of a SIMD load or store (memory 0 only), as `pop_addr`.
    #[cfg(feature = "simd")]
    fn pop_addr0(&mut self, memarg: &wasmparser::MemArg) -> Result<(Slot, u32)> {
        match memarg.target {
            wasmparser::MemArgTarget::Memory(0) => self.memory(0)?,
            _ => {
                return Err(Error::invalid(
                    "only memory 0 is supported by SIMD loads and stores",
                ));
            }
        };
        self.pop_addr(0, memarg.offset)
    }

    fn start_fuel_block(&mut self) {
        if self.fuel_enabled {
            self.fuel = Some(self.b.fuel(0));
        }
    }

    fn charge_fuel(&mut self) {
        if let Some(pos) = self.fuel {
            let at = pos + HANDLER_UNITS;
            let n = self.b.code[at];
            self.b.set_unit(at, n.saturating_add(1));
        }
    }

    fn reachable(&self) -> bool {
        self.ctl.last().is_some_and(|c| c.reachable)
    }

    fn set_unreachable(&mut self) {
        let Some(c) = self.ctl.last_mut() else {
            return;
        };
        c.reachable = false;
        let h = c.height;
        self.truncate(h);
        self.last_result = None;
    }

    fn block_type(&self, bt: BlockType) -> Result<(Vec<ValType>, Vec<ValType>)> {
        Ok(match bt {
            BlockType::Empty => (Vec::new(), Vec::new()),
            BlockType::Type(t) => {
                let t =
                    ValType::from_wp(t).ok_or_else(|| Error::invalid("unsupported value type"))?;
                check_val_type(&self.m.engine, t)?;
                (Vec::new(), vec![t])
            }
            BlockType::FuncType(i) => {
                check_index(i, self.m.types.len(), "type")?;
                let ft = &self.m.types[i as usize];
                (ft.params().to_vec(), ft.results().to_vec())
            }
        })
    }

    /// Enters a block; in reachable code its parameters must be on the stack.
    fn push_ctl(&mut self, kind: CtlKind, bt: BlockType) -> Result<()> {
        let (params, results) = self.block_type(bt)?;
        let reachable = self.reachable();
        if reachable {
            self.check_top(&params)?;
        }
        // In unreachable code the parameters are not on the stack (nothing is): the
        // frame starts at the current height, never below the enclosing frame's.
        let height = if reachable {
            self.stack.len() - params.len()
        } else {
            self.stack.len()
        };
        let base = if reachable {
            self.stack
                .get(height)
                .map(|o| o.slot)
                .unwrap_or_else(|| self.next_slot())
        } else {
            self.next_slot()
        };
        self.ctl.push(Ctl {
            kind,
            height,
            base,
            params,
            results,
            loop_start: 0,
            patches: Vec::new(),
            else_patch: None,
            entry_reachable: reachable,
            reachable,
        });
        Ok(())
    }

    /// The control frame of label `depth`, whose values must be on top of the stack
    /// (below `skip` other operands).
    fn label(&self, depth: u32, skip: usize) -> Result<usize> {
        let n = self.ctl.len();
        if depth as usize >= n {
            return Err(Error::invalid("unknown label"));
        }
        let ci = n - 1 - depth as usize;
        self.check_below(self.ctl[ci].label_types(), skip)?;
        Ok(ci)
    }

    /// Copies the top values into the slots of label `depth` (without popping them).
    fn emit_label_moves(&mut self, depth: u32) {
        let ci = self.ctl.len() - 1 - depth as usize;
        // A branch to the function's label is a return: `emit_return` moves the values
        // from where the (unchanged) simulated stack says they are. Moving them here
        // first could overwrite some before it reads them.
        if self.ctl[ci].kind == CtlKind::Func {
            return;
        }
        let types: Vec<ValType> = self.ctl[ci].label_types().to_vec();
        let mut dst = self.ctl[ci].base;
        let n = types.len();
        let len = self.stack.len();
        for (i, ty) in types.iter().enumerate() {
            let o = self.stack[len - n + i];
            if !(o.kind == Kind::Temp && o.slot == dst) {
                self.emit_move(dst, o);
            }
            dst += ty.cells();
        }
    }

    fn label_needs_moves(&self, depth: u32) -> bool {
        let ci = self.ctl.len() - 1 - depth as usize;
        let c = &self.ctl[ci];
        let types = c.label_types();
        let mut dst = c.base;
        let len = self.stack.len();
        let n = types.len();
        for (i, ty) in types.iter().enumerate() {
            let o = self.stack[len - n + i];
            if !(o.kind == Kind::Temp && o.slot == dst) {
                return true;
            }
            dst += ty.cells();
        }
        false
    }

    /// Emits an unconditional jump to label `depth` (values must already be in place).
    fn emit_jump(&mut self, depth: u32) {
        let ci = self.ctl.len() - 1 - depth as usize;
        if self.ctl[ci].kind == CtlKind::Func {
            self.emit_return();
            return;
        }
        let pos = self.b.br(0);
        self.jumps.push(pos);
        self.link(ci, Patch::Branch(pos));
    }

    fn link(&mut self, ci: usize, patch: Patch) {
        let c = &mut self.ctl[ci];
        if c.kind == CtlKind::Loop {
            let target = c.loop_start;
            self.apply(patch, target);
        } else {
            c.patches.push(patch);
        }
    }

    fn apply(&mut self, patch: Patch, target: Pos) {
        match patch {
            Patch::Branch(pos) => self.b.patch_branch(pos, target),
            Patch::Table { unit, instr } => {
                let off = target as i64 - instr as i64;
                self.b.set_unit(unit, off as i32 as u32);
            }
        }
    }

    /// Moves the function's results into place and returns.
    fn emit_return(&mut self) {
        let n = self.results.len();
        let len = self.stack.len();
        if n == 1 && self.results[0] != ValType::V128 {
            let o = self.stack[len - 1];
            let s = match o.kind {
                Kind::Temp => o.slot,
                Kind::Local(i) => self.locals[i as usize].0,
                Kind::Const(v) => {
                    self.emit_const(o.slot, o.ty, v);
                    o.slot
                }
            };
            self.b.ret1(s);
            return;
        }
        // Results go to the start of the frame, which may overlap locals that are still
        // to be read: copy deferred locals out first.
        let total: u32 = self.results.iter().map(|t| t.cells()).sum();
        let clobbers = (len - n..len).any(|i| match self.stack[i].kind {
            Kind::Local(l) => self.locals[l as usize].0 < total,
            _ => false,
        });
        // (This may run on a conditional path, e.g. `br_if` to the function's label, so
        // the simulated stack itself is left unchanged.)
        let mut srcs: Vec<Opd> = self.stack[len - n..].to_vec();
        if clobbers {
            for o in srcs.iter_mut() {
                if let Kind::Local(_) = o.kind {
                    self.emit_move(o.slot, *o);
                    o.kind = Kind::Temp;
                }
            }
        }
        let mut dst = 0;
        for o in srcs {
            self.emit_move(dst, o);
            dst += o.ty.cells();
        }
        self.b.ret();
    }

    /// Pops call arguments of types `params` into place; returns their base slot.
    fn call_args(&mut self, params: &[ValType]) -> Result<Slot> {
        self.check_top(params)?;
        let n = params.len();
        self.materialize_top(n);
        let base = if n == 0 {
            self.next_slot()
        } else {
            self.stack[self.stack.len() - n].slot
        };
        self.truncate(self.stack.len() - n);
        Ok(base)
    }

    fn push_results(&mut self, tys: &[ValType]) {
        for t in tys {
            self.push_temp(*t);
        }
    }

    // ---- one operator ---------------------------------------------------------------

    fn op(&mut self, op: Operator<'_>) -> Result<()> {
        use Operator as O;
        if !self.reachable() {
            return self.op_unreachable(op);
        }
        self.charge_fuel();
        match op {
            O::Nop => {}
            O::Unreachable => {
                self.b.unreachable();
                self.set_unreachable();
            }
            O::Block { blockty } => {
                self.materialize_locals();
                self.last_result = None;
                self.push_ctl(CtlKind::Block, blockty)?;
            }
            O::Loop { blockty } => {
                let (params, _) = self.block_type(blockty)?;
                self.check_top(&params)?;
                self.materialize_locals();
                self.materialize_top(params.len());
                self.push_ctl(CtlKind::Loop, blockty)?;
                self.label_here();
                self.start_fuel_block();
                let start = self.fuel.unwrap_or_else(|| self.b.pos());
                if let Some(c) = self.ctl.last_mut() {
                    c.loop_start = start;
                }
            }
            O::If { blockty } => {
                let (params, _) = self.block_type(blockty)?;
                self.check_below(&params, 1)?;
                let cond = self.pop_cond()?;
                self.materialize_locals();
                self.materialize_top(params.len());
                let pos = self.emit_cond_branch(cond, false);
                self.acc_keep(pos);
                self.push_ctl(CtlKind::If, blockty)?;
                if let Some(c) = self.ctl.last_mut() {
                    c.else_patch = Some(pos);
                }
                self.last_result = None;
                self.start_fuel_block();
            }
            O::Else => self.op_else()?,
            O::End => self.op_end()?,
            O::Br { relative_depth } => {
                self.label(relative_depth, 0)?;
                self.emit_label_moves(relative_depth);
                self.emit_jump(relative_depth);
                self.set_unreachable();
            }
            O::BrIf { relative_depth } => {
                let ci = self.label(relative_depth, 1)?;
                let cond = self.pop_cond()?;
                if self.ctl[ci].kind != CtlKind::Func && !self.label_needs_moves(relative_depth) {
                    let pos = self.emit_cond_branch(cond, true);
                    self.acc_keep(pos);
                    self.link(ci, Patch::Branch(pos));
                } else {
                    let skip = self.emit_cond_branch(cond, false);
                    self.acc_keep(skip);
                    self.emit_label_moves(relative_depth);
                    self.emit_jump(relative_depth);
                    let here = self.b.pos();
                    self.b.patch_branch(skip, here);
                }
                self.last_result = None;
                self.start_fuel_block();
            }
            O::BrTable { targets } => {
                let s = self.pop_slot(ValType::I32)?;
                // The selector loaded by the `i32_load` just emitted: fold the load in.
                let load = self.take_last_load(s);
                let mut depths: Vec<u32> = Vec::with_capacity(targets.len() as usize + 1);
                for t in targets.targets() {
                    let depth = t.map_err(|e| internal(e.message()))?;
                    self.label(depth, 0)?;
                    depths.push(depth);
                }
                self.label(targets.default(), 0)?;
                depths.push(targets.default());
                let n = depths.len() as u32 - 1;
                let instr = match load {
                    Some((pos, a, o)) => {
                        self.cut(pos);
                        self.last_result = None;
                        self.b.br_table_ld(s, a, o, n)
                    }
                    None => self.b.br_table(s, n),
                };
                let first_unit = self.b.pos();
                for _ in 0..=n {
                    self.b.push_unit(0);
                }
                for (k, &depth) in depths.iter().enumerate() {
                    let unit = first_unit + k;
                    let ci = self.ctl.len() - 1 - depth as usize;
                    if self.ctl[ci].kind != CtlKind::Func && !self.label_needs_moves(depth) {
                        self.link(ci, Patch::Table { unit, instr });
                    } else {
                        let stub = self.b.pos();
                        self.apply(Patch::Table { unit, instr }, stub);
                        self.emit_label_moves(depth);
                        self.emit_jump(depth);
                    }
                }
                self.set_unreachable();
            }
            O::Return => {
                self.check_top(&self.results)?;
                self.emit_return();
                self.set_unreachable();
            }
            O::Call { function_index } => {
                check_index(function_index, self.m.funcs.len(), "function")?;
                let ty = self.m.func_type(function_index).clone();
                let base = self.call_args(ty.params())?;
                self.b.call(function_index, base);
                self.push_results(ty.results());
                self.last_result = None;
                self.start_fuel_block();
            }
            O::CallIndirect {
                type_index,
                table_index,
            } => {
                check_index(type_index, self.m.types.len(), "type")?;
                if self.table(table_index)? != ValType::FuncRef {
                    return Err(type_mismatch());
                }
                let i = self.pop_slot(ValType::I32)?;
                let ty = self.m.types[type_index as usize].clone();
                // The index operand sits above the arguments; read it before they move.
                let base = self.call_args(ty.params())?;
                self.b.call_indirect(type_index, table_index, i, base);
                self.push_results(ty.results());
                self.last_result = None;
                self.start_fuel_block();
            }
            O::Drop => {
                self.pop()?;
            }
            O::Select | O::TypedSelect { .. } => {
                let c = self.pop_slot(ValType::I32)?;
                let bo = self.pop()?;
                let ty = bo.ty;
                let b = self.slot_of(bo);
                let ao = self.pop_t(ty)?;
                if let O::TypedSelect { ty: t } = op {
                    if ValType::from_wp(t) != Some(ty) {
                        return Err(type_mismatch());
                    }
                } else if ty.is_ref() {
                    return Err(type_mismatch());
                }
                let a = self.slot_of(ao);
                let d = self.push_temp(ty);
                if ty == ValType::V128 {
                    let pos = self.b.select2(d, c, a, b);
                    self.set_last(pos, d);
                } else {
                    let pos = self.b.select(d, c, a, b);
                    self.set_last(pos, d);
                    self.accumulate(pos);
                }
            }
            O::LocalGet { local_index } => {
                check_index(local_index, self.locals.len(), "local")?;
                let ty = self.locals[local_index as usize].1;
                self.push(Kind::Local(local_index), ty);
            }
            O::LocalSet { local_index } => self.local_set(local_index, false)?,
            O::LocalTee { local_index } => self.local_set(local_index, true)?,
            O::GlobalGet { global_index } => {
                check_index(global_index, self.m.globals.len(), "global")?;
                let ty = self.m.globals[global_index as usize].ty.content;
                let d = self.push_temp(ty);
                if ty == ValType::V128 {
                    let pos = self.b.global_get2(d, global_index);
                    self.set_last(pos, d);
                } else {
                    let pos = self.b.global_get(d, global_index);
                    self.set_last(pos, d);
                    self.accumulate(pos);
                }
            }
            O::GlobalSet { global_index } => {
                check_index(global_index, self.m.globals.len(), "global")?;
                let gt = self.m.globals[global_index as usize].ty;
                if gt.mutability != crate::types::Mutability::Var {
                    return Err(Error::invalid("global is immutable"));
                }
                let o = self.pop_t(gt.content)?;
                let s = self.slot_of(o);
                if o.ty == ValType::V128 {
                    self.b.global_set2(global_index, s);
                } else {
                    let pos = self.b.global_set(global_index, s);
                    self.acc_keep(pos);
                }
            }
            O::I32Load { memarg } => {
                load!(
                    self,
                    memarg,
                    i32_load,
                    i32_load_ai,
                    i32_load_aa,
                    i32_load_as,
                    i32_load_k,
                    I32,
                    4
                )
            }
            O::I64Load { memarg } => {
                load!(
                    self,
                    memarg,
                    i64_load,
                    i64_load_ai,
                    i64_load_aa,
                    i64_load_as,
                    i64_load_k,
                    I64,
                    8
                )
            }
            O::F32Load { memarg } => {
                load!(
                    self,
                    memarg,
                    f32_load,
                    i32_load_ai,
                    i32_load_aa,
                    i32_load_as,
                    i32_load_k,
                    F32,
                    4
                )
            }
            O::F64Load { memarg } => {
                load!(
                    self,
                    memarg,
                    f64_load,
                    i64_load_ai,
                    i64_load_aa,
                    i64_load_as,
                    i64_load_k,
                    F64,
                    8
                )
            }
            O::I32Load8S { memarg } => load!(
                self,
                memarg,
                i32_load8_s,
                i32_load8_s_ai,
                I32,
                1 | crate::exec::MemKind::SIGNED
            ),
            O::I32Load8U { memarg } => {
                load!(
                    self,
                    memarg,
                    i32_load8_u,
                    i32_load8_u_ai,
                    i32_load8_u_aa,
                    i32_load8_u_as,
                    i32_load8_u_k,
                    I32,
                    1
                )
            }
            O::I32Load16S { memarg } => load!(
                self,
                memarg,
                i32_load16_s,
                i32_load16_s_ai,
                I32,
                2 | crate::exec::MemKind::SIGNED
            ),
            O::I32Load16U { memarg } => load!(self, memarg, i32_load16_u, i32_load16_u_ai, I32, 2),
            O::I64Load8S { memarg } => load!(
                self,
                memarg,
                i64_load8_s,
                i64_load8_s_ai,
                I64,
                1 | crate::exec::MemKind::SIGNED | crate::exec::MemKind::TO_I64
            ),
            O::I64Load8U { memarg } => load!(
                self,
                memarg,
                i64_load8_u,
                i64_load8_u_ai,
                I64,
                1 | crate::exec::MemKind::TO_I64
            ),
            O::I64Load16S { memarg } => load!(
                self,
                memarg,
                i64_load16_s,
                i64_load16_s_ai,
                I64,
                2 | crate::exec::MemKind::SIGNED | crate::exec::MemKind::TO_I64
            ),
            O::I64Load16U { memarg } => load!(
                self,
                memarg,
                i64_load16_u,
                i64_load16_u_ai,
                I64,
                2 | crate::exec::MemKind::TO_I64
            ),
            O::I64Load32S { memarg } => load!(
                self,
                memarg,
                i64_load32_s,
                i64_load32_s_ai,
                I64,
                4 | crate::exec::MemKind::SIGNED | crate::exec::MemKind::TO_I64
            ),
            O::I64Load32U { memarg } => load!(
                self,
                memarg,
                i64_load32_u,
                i64_load32_u_ai,
                i64_load32_u_aa,
                i64_load32_u_as,
                i64_load32_u_k,
                I64,
                4 | crate::exec::MemKind::TO_I64
            ),
            O::I32Store { memarg } => {
                store!(
                    self,
                    memarg,
                    i32_store,
                    i32_store_ai,
                    i32_store_aa,
                    i32_store_k,
                    I32,
                    4
                )
            }
            O::F32Store { memarg } => {
                store!(
                    self,
                    memarg,
                    i32_store,
                    i32_store_ai,
                    i32_store_aa,
                    i32_store_k,
                    F32,
                    4
                )
            }
            O::I64Store { memarg } => {
                store!(
                    self,
                    memarg,
                    i64_store,
                    i64_store_ai,
                    i64_store_aa,
                    i64_store_k,
                    I64,
                    8
                )
            }
            O::F64Store { memarg } => {
                store!(
                    self,
                    memarg,
                    i64_store,
                    i64_store_ai,
                    i64_store_aa,
                    i64_store_k,
                    F64,
                    8
                )
            }
            O::I32Store8 { memarg } => {
                store!(
                    self,
                    memarg,
                    i32_store8,
                    i32_store8_ai,
                    i32_store8_aa,
                    i32_store8_k,
                    I32,
                    1
                )
            }
            O::I32Store16 { memarg } => {
                store!(self, memarg, i32_store16, i32_store16_ai, I32, 2)
            }
            O::I64Store8 { memarg } => store!(self, memarg, i64_store8, i64_store8_ai, I64, 1),
            O::I64Store16 { memarg } => {
                store!(self, memarg, i64_store16, i64_store16_ai, I64, 2)
            }
            O::I64Store32 { memarg } => {
                store!(self, memarg, i64_store32, i64_store32_ai, I64, 4)
            }
            // On a 64-bit memory the sizes, addresses and lengths are i64 (64-bit memories
            // stay below 4 GiB, so `memory_size`'s zero-extended u32 is the i64 result).
            O::MemorySize { mem } => {
                self.memory(mem)?;
                let d = self.push_temp(self.addr_type(mem));
                self.b.memory_size(d, mem);
            }
            O::MemoryGrow { mem } => {
                self.memory(mem)?;
                let at = self.addr_type(mem);
                let n = self.pop_slot(at)?;
                let d = self.push_temp(at);
                if at == ValType::I64 {
                    self.b.memory_grow64(d, n, mem);
                } else {
                    self.b.memory_grow(d, n, mem);
                }
            }
            O::MemoryFill { mem } => {
                self.memory(mem)?;
                let at = self.addr_type(mem);
                let n = self.pop_slot(at)?;
                let v = self.pop_slot(ValType::I32)?;
                let d = self.pop_slot(at)?;
                if at == ValType::I64 {
                    self.b.memory_fill64(mem, d, v, n);
                } else {
                    self.b.memory_fill(mem, d, v, n);
                }
            }
            O::MemoryCopy { dst_mem, src_mem } => {
                self.memory(dst_mem)?;
                self.memory(src_mem)?;
                let (dt, st) = (self.addr_type(dst_mem), self.addr_type(src_mem));
                // The length has the smaller of the two address types.
                let nt = if dt == ValType::I64 && st == ValType::I64 {
                    ValType::I64
                } else {
                    ValType::I32
                };
                let n = self.pop_slot(nt)?;
                let s = self.pop_slot(st)?;
                let d = self.pop_slot(dt)?;
                let w = u32::from(dt == ValType::I64) | u32::from(st == ValType::I64) << 1;
                if w == 0 {
                    self.b.memory_copy(dst_mem, src_mem, d, s, n);
                } else {
                    self.b.memory_copy64(dst_mem, src_mem, d, s, n, w);
                }
            }
            O::MemoryInit { data_index, mem } => {
                self.memory(mem)?;
                check_index(data_index, self.m.datas.len(), "data segment")?;
                let at = self.addr_type(mem);
                let n = self.pop_slot(ValType::I32)?;
                let s = self.pop_slot(ValType::I32)?;
                let d = self.pop_slot(at)?;
                if at == ValType::I64 {
                    self.b.memory_init64(mem, data_index, d, s, n);
                } else {
                    self.b.memory_init(mem, data_index, d, s, n);
                }
            }
            O::DataDrop { data_index } => {
                check_index(data_index, self.m.datas.len(), "data segment")?;
                self.b.data_drop(data_index);
            }
            O::TableGet { table } => {
                let ty = self.table(table)?;
                let i = self.pop_slot(ValType::I32)?;
                let d = self.push_temp(ty);
                self.b.table_get(d, table, i);
            }
            O::TableSet { table } => {
                let ty = self.table(table)?;
                let v = self.pop_slot(ty)?;
                let i = self.pop_slot(ValType::I32)?;
                self.b.table_set(table, i, v);
            }
            O::TableSize { table } => {
                self.table(table)?;
                let d = self.push_temp(ValType::I32);
                self.b.table_size(d, table);
            }
            O::TableGrow { table } => {
                let ty = self.table(table)?;
                let n = self.pop_slot(ValType::I32)?;
                let v = self.pop_slot(ty)?;
                let d = self.push_temp(ValType::I32);
                self.b.table_grow(d, table, v, n);
            }
            O::TableFill { table } => {
                let ty = self.table(table)?;
                let [i, v, n] = self.pop3(ty)?;
                self.b.table_fill(table, i, v, n);
            }
            O::TableCopy {
                dst_table,
                src_table,
            } => {
                if self.table(dst_table)? != self.table(src_table)? {
                    return Err(type_mismatch());
                }
                let [d, s, n] = self.pop3(ValType::I32)?;
                self.b.table_copy(dst_table, src_table, d, s, n);
            }
            O::TableInit { elem_index, table } => {
                let ty = self.table(table)?;
                check_index(elem_index, self.m.elems.len(), "element segment")?;
                if self.m.elems[elem_index as usize].ty != ty {
                    return Err(type_mismatch());
                }
                let [d, s, n] = self.pop3(ValType::I32)?;
                self.b.table_init(table, elem_index, d, s, n);
            }
            O::ElemDrop { elem_index } => {
                check_index(elem_index, self.m.elems.len(), "element segment")?;
                self.b.elem_drop(elem_index);
            }
            O::RefNull { hty } => {
                let ty = crate::module::ref_null_type(hty)?;
                self.push(Kind::Const(0), ty);
            }
            O::RefIsNull => {
                let ty = self.stack.last().map(|o| o.ty).filter(|t| t.is_ref());
                self.un(
                    ty.ok_or_else(type_mismatch)?,
                    ValType::I32,
                    CodeBuilder::i64_eqz,
                )?
            }
            O::RefFunc { function_index } => {
                check_index(function_index, self.m.funcs.len(), "function")?;
                let d = self.push_temp(ValType::FuncRef);
                self.b.ref_func(d, function_index);
            }
            O::I32Const { value } => {
                self.push(Kind::Const(value as u32 as u128), ValType::I32);
            }
            O::I64Const { value } => {
                self.push(Kind::Const(value as u64 as u128), ValType::I64);
            }
            O::F32Const { value } => {
                self.push(Kind::Const(value.bits() as u128), ValType::F32);
            }
            O::F64Const { value } => {
                self.push(Kind::Const(value.bits() as u128), ValType::F64);
            }
            #[cfg(feature = "simd")]
            O::V128Const { value } => {
                self.push(
                    Kind::Const(u128::from_le_bytes(*value.bytes())),
                    ValType::V128,
                );
            }
            O::I32Eqz => self.eqz(false)?,
            O::I32Eq => self.cmp(false, 0)?,
            O::I32Ne => self.cmp(false, 1)?,
            O::I32LtS => self.cmp(false, 2)?,
            O::I32LtU => self.cmp(false, 3)?,
            O::I32GtS => self.cmp(false, 4)?,
            O::I32GtU => self.cmp(false, 5)?,
            O::I32LeS => self.cmp(false, 6)?,
            O::I32LeU => self.cmp(false, 7)?,
            O::I32GeS => self.cmp(false, 8)?,
            O::I32GeU => self.cmp(false, 9)?,
            O::I64Eqz => self.eqz(true)?,
            O::I64Eq => self.cmp(true, 0)?,
            O::I64Ne => self.cmp(true, 1)?,
            O::I64LtS => self.cmp(true, 2)?,
            O::I64LtU => self.cmp(true, 3)?,
            O::I64GtS => self.cmp(true, 4)?,
            O::I64GtU => self.cmp(true, 5)?,
            O::I64LeS => self.cmp(true, 6)?,
            O::I64LeU => self.cmp(true, 7)?,
            O::I64GeS => self.cmp(true, 8)?,
            O::I64GeU => self.cmp(true, 9)?,
            O::F32Eq => self.fcmp(false, 0, CodeBuilder::f32_eq)?,
            O::F32Ne => self.fcmp(false, 1, CodeBuilder::f32_ne)?,
            O::F32Lt => self.fcmp(false, 2, CodeBuilder::f32_lt)?,
            O::F32Gt => self.fcmp(false, 3, CodeBuilder::f32_gt)?,
            O::F32Le => self.fcmp(false, 4, CodeBuilder::f32_le)?,
            O::F32Ge => self.fcmp(false, 5, CodeBuilder::f32_ge)?,
            O::F64Eq => self.fcmp(true, 0, CodeBuilder::f64_eq)?,
            O::F64Ne => self.fcmp(true, 1, CodeBuilder::f64_ne)?,
            O::F64Lt => self.fcmp(true, 2, CodeBuilder::f64_lt)?,
            O::F64Gt => self.fcmp(true, 3, CodeBuilder::f64_gt)?,
            O::F64Le => self.fcmp(true, 4, CodeBuilder::f64_le)?,
            O::F64Ge => self.fcmp(true, 5, CodeBuilder::f64_ge)?,
            O::I32Clz => un!(self, i32_clz, I32 => I32),
            O::I32Ctz => un!(self, i32_ctz, I32 => I32),
            O::I32Popcnt => un!(self, i32_popcnt, I32 => I32),
            O::I32Add => self.i32_add(false)?,
            O::I32Sub => self.i32_add(true)?,
            O::I32Mul => self.bin_imm_comm(
                ValType::I32,
                CodeBuilder::i32_mul,
                CodeBuilder::i32_mul_i,
                |v| Some(v as u32 as i32),
            )?,
            O::I32DivS => bin!(self, i32_div_s, I32 => I32),
            O::I32DivU => self.bin_imm(
                ValType::I32,
                CodeBuilder::i32_div_u,
                CodeBuilder::i32_div_u_i,
                |v| Some(v as u32).filter(|k| *k != 0),
            )?,
            O::I32RemS => bin!(self, i32_rem_s, I32 => I32),
            O::I32RemU => self.bin_imm(
                ValType::I32,
                CodeBuilder::i32_rem_u,
                CodeBuilder::i32_rem_u_i,
                |v| Some(v as u32).filter(|k| *k != 0),
            )?,
            O::I32And => self.bin_imm_comm(
                ValType::I32,
                CodeBuilder::i32_and,
                CodeBuilder::i32_and_i,
                |v| Some(v as u32),
            )?,
            O::I32Or => self.bin_imm_comm(
                ValType::I32,
                CodeBuilder::i32_or,
                CodeBuilder::i32_or_i,
                |v| Some(v as u32),
            )?,
            O::I32Xor => self.bin_imm_comm(
                ValType::I32,
                CodeBuilder::i32_xor,
                CodeBuilder::i32_xor_i,
                |v| Some(v as u32),
            )?,
            O::I32Shl => {
                // A shift by a constant is remembered for `*_as` loads.
                if FUSE
                    && let Some(Opd {
                        kind: Kind::Const(v),
                        ..
                    }) = self.stack.last().copied()
                {
                    self.check_top(&[ValType::I32, ValType::I32])?;
                    self.pop()?;
                    let a = self.pop_slot(ValType::I32)?;
                    let d = self.push_temp(ValType::I32);
                    let k = v as u32 & 31;
                    let pos = self.b.i32_shl_i(d, a, k);
                    self.set_last(pos, d);
                    self.accumulate(pos);
                    self.pending_shli = Some((pos, self.b.pos(), d, a, k));
                } else {
                    self.bin(ValType::I32, ValType::I32, CodeBuilder::i32_shl)?;
                }
            }
            O::I32ShrS => self.bin_imm(
                ValType::I32,
                CodeBuilder::i32_shr_s,
                CodeBuilder::i32_shr_s_i,
                |v| Some(v as u32 & 31),
            )?,
            O::I32ShrU => self.bin_imm(
                ValType::I32,
                CodeBuilder::i32_shr_u,
                CodeBuilder::i32_shr_u_i,
                |v| Some(v as u32 & 31),
            )?,
            O::I32Rotl => self.bin_imm(
                ValType::I32,
                CodeBuilder::i32_rotl,
                CodeBuilder::i32_rotl_i,
                |v| Some(v as u32 & 31),
            )?,
            O::I32Rotr => self.bin_imm(
                ValType::I32,
                CodeBuilder::i32_rotr,
                CodeBuilder::i32_rotr_i,
                |v| Some(v as u32 & 31),
            )?,
            O::I64Clz => un!(self, i64_clz, I64 => I64),
            O::I64Ctz => un!(self, i64_ctz, I64 => I64),
            O::I64Popcnt => un!(self, i64_popcnt, I64 => I64),
            O::I64Add => self.bin_imm_comm(
                ValType::I64,
                CodeBuilder::i64_add,
                CodeBuilder::i64_add_i,
                imm_i64,
            )?,
            O::I64Sub => self.bin_imm(
                ValType::I64,
                CodeBuilder::i64_sub,
                CodeBuilder::i64_add_i,
                |v| imm_i64(v).and_then(|k| k.checked_neg()),
            )?,
            O::I64Mul => self.bin_imm_comm(
                ValType::I64,
                CodeBuilder::i64_mul,
                CodeBuilder::i64_mul_i,
                imm_i64,
            )?,
            O::I64DivS => bin!(self, i64_div_s, I64 => I64),
            O::I64DivU => bin!(self, i64_div_u, I64 => I64),
            O::I64RemS => bin!(self, i64_rem_s, I64 => I64),
            O::I64RemU => bin!(self, i64_rem_u, I64 => I64),
            O::I64And => self.bin_imm_comm(
                ValType::I64,
                CodeBuilder::i64_and,
                CodeBuilder::i64_and_i,
                imm_i64,
            )?,
            O::I64Or => self.bin_imm_comm(
                ValType::I64,
                CodeBuilder::i64_or,
                CodeBuilder::i64_or_i,
                imm_i64,
            )?,
            O::I64Xor => self.bin_imm_comm(
                ValType::I64,
                CodeBuilder::i64_xor,
                CodeBuilder::i64_xor_i,
                imm_i64,
            )?,
            O::I64Shl => self.bin_imm(
                ValType::I64,
                CodeBuilder::i64_shl,
                CodeBuilder::i64_shl_i,
                |v| Some(v as u32 & 63),
            )?,
            O::I64ShrS => self.bin_imm(
                ValType::I64,
                CodeBuilder::i64_shr_s,
                CodeBuilder::i64_shr_s_i,
                |v| Some(v as u32 & 63),
            )?,
            O::I64ShrU => self.bin_imm(
                ValType::I64,
                CodeBuilder::i64_shr_u,
                CodeBuilder::i64_shr_u_i,
                |v| Some(v as u32 & 63),
            )?,
            O::I64Rotl => self.bin_imm(
                ValType::I64,
                CodeBuilder::i64_rotl,
                CodeBuilder::i64_rotl_i,
                |v| Some(v as u32 & 63),
            )?,
            O::I64Rotr => self.bin_imm(
                ValType::I64,
                CodeBuilder::i64_rotr,
                CodeBuilder::i64_rotr_i,
                |v| Some(v as u32 & 63),
            )?,
            O::F32Abs => un!(self, f32_abs, F32 => F32),
            O::F32Neg => un!(self, f32_neg, F32 => F32),
            O::F32Ceil => un!(self, f32_ceil, F32 => F32),
            O::F32Floor => un!(self, f32_floor, F32 => F32),
            O::F32Trunc => un!(self, f32_trunc, F32 => F32),
            O::F32Nearest => un!(self, f32_nearest, F32 => F32),
            O::F32Sqrt => un!(self, f32_sqrt, F32 => F32),
            O::F32Add => bin!(self, f32_add, F32 => F32),
            O::F32Sub => bin!(self, f32_sub, F32 => F32),
            O::F32Mul => bin!(self, f32_mul, F32 => F32),
            O::F32Div => bin!(self, f32_div, F32 => F32),
            O::F32Min => bin!(self, f32_min, F32 => F32),
            O::F32Max => bin!(self, f32_max, F32 => F32),
            O::F32Copysign => bin!(self, f32_copysign, F32 => F32),
            O::F64Abs => un!(self, f64_abs, F64 => F64),
            O::F64Neg => un!(self, f64_neg, F64 => F64),
            O::F64Ceil => un!(self, f64_ceil, F64 => F64),
            O::F64Floor => un!(self, f64_floor, F64 => F64),
            O::F64Trunc => un!(self, f64_trunc, F64 => F64),
            O::F64Nearest => un!(self, f64_nearest, F64 => F64),
            O::F64Sqrt => un!(self, f64_sqrt, F64 => F64),
            O::F64Add => self.f64_add_sub(false)?,
            O::F64Sub => self.f64_add_sub(true)?,
            O::F64Mul => {
                bin!(self, f64_mul, F64 => F64);
                if let Some((pos, _, end)) = self.last_result {
                    self.pending_fmul = Some((pos, end));
                }
            }
            O::F64Div => bin!(self, f64_div, F64 => F64),
            O::F64Min => bin!(self, f64_min, F64 => F64),
            O::F64Max => bin!(self, f64_max, F64 => F64),
            O::F64Copysign => bin!(self, f64_copysign, F64 => F64),
            O::I32WrapI64 => un!(self, i32_wrap_i64, I64 => I32),
            O::I32TruncF32S => un!(self, i32_trunc_f32_s, F32 => I32),
            O::I32TruncF32U => un!(self, i32_trunc_f32_u, F32 => I32),
            O::I32TruncF64S => un!(self, i32_trunc_f64_s, F64 => I32),
            O::I32TruncF64U => un!(self, i32_trunc_f64_u, F64 => I32),
            O::I64ExtendI32S => un!(self, i64_extend_i32_s, I32 => I64),
            O::I64ExtendI32U => un!(self, i64_extend_i32_u, I32 => I64),
            O::I64TruncF32S => un!(self, i64_trunc_f32_s, F32 => I64),
            O::I64TruncF32U => un!(self, i64_trunc_f32_u, F32 => I64),
            O::I64TruncF64S => un!(self, i64_trunc_f64_s, F64 => I64),
            O::I64TruncF64U => un!(self, i64_trunc_f64_u, F64 => I64),
            O::F32ConvertI32S => un!(self, f32_convert_i32_s, I32 => F32),
            O::F32ConvertI32U => un!(self, f32_convert_i32_u, I32 => F32),
            O::F32ConvertI64S => un!(self, f32_convert_i64_s, I64 => F32),
            O::F32ConvertI64U => un!(self, f32_convert_i64_u, I64 => F32),
            O::F32DemoteF64 => un!(self, f32_demote_f64, F64 => F32),
            O::F64ConvertI32S => un!(self, f64_convert_i32_s, I32 => F64),
            O::F64ConvertI32U => un!(self, f64_convert_i32_u, I32 => F64),
            O::F64ConvertI64S => un!(self, f64_convert_i64_s, I64 => F64),
            O::F64ConvertI64U => un!(self, f64_convert_i64_u, I64 => F64),
            O::F64PromoteF32 => un!(self, f64_promote_f32, F32 => F64),
            O::I32ReinterpretF32 => self.retype_top(ValType::F32, ValType::I32)?,
            O::I64ReinterpretF64 => self.retype_top(ValType::F64, ValType::I64)?,
            O::F32ReinterpretI32 => self.retype_top(ValType::I32, ValType::F32)?,
            O::F64ReinterpretI64 => self.retype_top(ValType::I64, ValType::F64)?,
            O::I32Extend8S => un!(self, i32_extend8_s, I32 => I32),
            O::I32Extend16S => un!(self, i32_extend16_s, I32 => I32),
            O::I64Extend8S => un!(self, i64_extend8_s, I64 => I64),
            O::I64Extend16S => un!(self, i64_extend16_s, I64 => I64),
            O::I64Extend32S => un!(self, i64_extend32_s, I64 => I64),
            O::I32TruncSatF32S => un!(self, i32_trunc_sat_f32_s, F32 => I32),
            O::I32TruncSatF32U => un!(self, i32_trunc_sat_f32_u, F32 => I32),
            O::I32TruncSatF64S => un!(self, i32_trunc_sat_f64_s, F64 => I32),
            O::I32TruncSatF64U => un!(self, i32_trunc_sat_f64_u, F64 => I32),
            O::I64TruncSatF32S => un!(self, i64_trunc_sat_f32_s, F32 => I64),
            O::I64TruncSatF32U => un!(self, i64_trunc_sat_f32_u, F32 => I64),
            O::I64TruncSatF64S => un!(self, i64_trunc_sat_f64_s, F64 => I64),
            O::I64TruncSatF64U => un!(self, i64_trunc_sat_f64_u, F64 => I64),
            #[cfg(feature = "simd")]
            other => return self.simd_op(other),
            #[cfg(not(feature = "simd"))]
            _ => return Err(unsupported()),
        }
        Ok(())
    }

    fn local_set(&mut self, l: u32, tee: bool) -> Result<()> {
        check_index(l, self.locals.len(), "local")?;
        let (ls, lty) = self.locals[l as usize];
        self.check_top(&[lty])?;
        self.preserve_local(l);
        let o = self.stack[self.stack.len() - 1];
        let relink = match (o.kind, self.last_result) {
            // (`local.tee` keeps the value on the stack as a read of the local, so the
            // redirect is right for it too.)
            (Kind::Temp, Some((_, slot, end))) => slot == o.slot && end == self.b.pos(),
            _ => false,
        };
        self.pop()?;
        match self.last_result.take() {
            Some((pos, _, end)) if relink => {
                self.b.set_unit(pos + HANDLER_UNITS, ls);
                if self.acc == Some((o.slot, end)) {
                    self.acc = Some((ls, end));
                }
            }
            _ => self.emit_move(ls, o),
        }
        if tee {
            self.push(Kind::Local(l), lty);
        }
        Ok(())
    }

    /// Pops the three operands of a bulk memory or table instruction, `[i32, mid, i32]`;
    /// returns their slots in operand order.
    fn pop3(&mut self, mid: ValType) -> Result<[Slot; 3]> {
        let n = self.pop_slot(ValType::I32)?;
        let v = self.pop_slot(mid)?;
        let d = self.pop_slot(ValType::I32)?;
        Ok([d, v, n])
    }

    fn op_else(&mut self) -> Result<()> {
        let ci = self.ctl.len() - 1;
        if self.ctl[ci].kind != CtlKind::If {
            return Err(Error::invalid("else without if"));
        }
        if self.ctl[ci].reachable {
            self.check_exact(&self.ctl[ci].results)?;
            let n = self.ctl[ci].results.len();
            self.materialize_top(n);
            let pos = self.b.br(0);
            self.jumps.push(pos);
            self.ctl[ci].patches.push(Patch::Branch(pos));
        }
        let height = self.ctl[ci].height;
        self.truncate(height);
        if let Some(p) = self.ctl[ci].else_patch.take() {
            let here = self.b.pos();
            self.b.patch_branch(p, here);
        }
        let params = self.ctl[ci].params.clone();
        for t in &params {
            self.push_temp(*t);
        }
        let c = &mut self.ctl[ci];
        c.kind = CtlKind::Else;
        c.reachable = c.entry_reachable;
        self.label_here();
        if self.ctl[ci].reachable {
            self.start_fuel_block();
        }
        Ok(())
    }

    fn op_end(&mut self) -> Result<()> {
        let ci = self.ctl.len() - 1;
        let reachable = self.ctl[ci].reachable;
        if reachable {
            self.check_exact(&self.ctl[ci].results)?;
        }
        if self.ctl[ci].kind == CtlKind::Func {
            if reachable {
                self.emit_return();
            }
            self.ctl.pop();
            return Ok(());
        }
        if reachable {
            let n = self.ctl[ci].results.len();
            self.materialize_top(n);
        }
        let Some(c) = self.ctl.pop() else {
            return Err(internal("control stack"));
        };
        let here = self.b.pos();
        let mut end_reachable = reachable || !c.patches.is_empty();
        if let Some(p) = c.else_patch {
            // `if` without `else`: the false path falls through to the end with the
            // parameters where the results go.
            if c.params != c.results {
                return Err(type_mismatch());
            }
            self.b.patch_branch(p, here);
            end_reachable |= c.entry_reachable;
        }
        for patch in c.patches {
            self.apply(patch, here);
        }
        self.truncate(c.height);
        if end_reachable {
            for t in &c.results {
                self.push_temp(*t);
            }
        }
        if let Some(parent) = self.ctl.last_mut() {
            parent.reachable = end_reachable;
        }
        self.label_here();
        if end_reachable {
            self.start_fuel_block();
        }
        Ok(())
    }

    /// Operators in unreachable code: only block structure matters (nothing is emitted,
    /// so nothing else needs checking).
    fn op_unreachable(&mut self, op: Operator<'_>) -> Result<()> {
        use Operator as O;
        match op {
            O::Block { blockty } | O::Loop { blockty } => self.push_ctl(CtlKind::Block, blockty)?,
            O::If { blockty } => self.push_ctl(CtlKind::If, blockty)?,
            O::Else => self.op_else()?,
            O::End => self.op_end()?,
            _ => {}
        }
        Ok(())
    }
}

fn type_mismatch() -> Error {
    Error::invalid("type mismatch")
}

fn imm_i64(v: u128) -> Option<i32> {
    let v = v as u64 as i64;
    i32::try_from(v).ok()
}

#[cfg(feature = "simd")]
mod simd;
