//! What the translator emits: guards for the code-quality claims of docs/ARCHITECTURE.md.

use wint::{Engine, Module};

/// The instructions of function `i` of `module`, without their positions.
fn disasm(module: &Module, i: u32) -> Vec<String> {
    module
        .disassemble(i)
        .unwrap()
        .lines()
        .map(|l| l.split_once(": ").unwrap().1.to_string())
        .collect()
}

fn code(wat: &str) -> Vec<String> {
    disasm(&Module::new(&Engine::default(), wat).unwrap(), 0)
}

/// Whether the translator emits accumulator forms (`_x`): not for the match backend.
#[cfg(feature = "fused")]
fn acc_forms() -> bool {
    wint::DISPATCH != "match"
}

fn names(code: &[String]) -> Vec<&str> {
    code.iter().map(|l| l.split(' ').next().unwrap()).collect()
}

/// A store and an instance of `wat` (no imports), to run what the translator emitted.
fn instance(wat: &str) -> (wint::Store<()>, wint::Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = wint::Store::new(&engine, ());
    let inst = wint::Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    (store, inst)
}

/// Calls export `name` of `inst` with `args`; its one result.
#[cfg(feature = "fused")]
fn call1(
    store: &mut wint::Store<()>,
    inst: &wint::Instance,
    name: &str,
    args: &[wint::Val],
) -> Result<wint::Val, wint::Error> {
    let f = inst.get_func(&*store, name).unwrap();
    let mut out = [wint::Val::I32(0)];
    f.call(store, args, &mut out)?;
    Ok(out[0])
}

#[test]
fn locals_are_operands_and_results_go_to_their_local() {
    let c = code(
        "(module (func (param i32 i32) (local i32)
            (local.set 2 (i32.add (local.get 0) (local.get 1)))))",
    );
    assert_eq!(c[0], "i32_add d=2 a=0 b=1");
    assert_eq!(names(&c), ["i32_add", "ret"]);
}

/// Without fusion, a comparison and its branch stay two instructions.
#[test]
#[cfg(not(feature = "fused"))]
fn without_the_fused_feature_nothing_fuses() {
    let c = code(
        "(module (memory 1) (func (param i32 i32) (result i32)
            (block (br_if 0 (i32.lt_u (local.get 0) (local.get 1))))
            (i32.load offset=8 (i32.add (local.get 0) (i32.const 32)))))",
    );
    assert_eq!(
        names(&c),
        [
            "i32_lt_u", "br_nz", "const32", "i32_add", "i32_load", "ret1"
        ],
        "{c:?}"
    );
}

#[test]
#[cfg(feature = "fused")]
fn constants_become_immediates() {
    let c = code("(module (func (param i32) (result i32) (i32.sub (local.get 0) (i32.const 5))))");
    assert_eq!(c[0], format!("i32_add_i d=1 a=0 k={}", (-5i32) as u32));
    let c = code("(module (func (param i32) (result i32) (i32.mul (i32.const 3) (local.get 0))))");
    assert_eq!(c[0], "i32_mul_i d=1 a=0 k=3");
}

#[test]
#[cfg(feature = "fused")]
fn compare_and_branch_fuse() {
    let c = code(
        "(module (func (param i32 i32)
            (block (br_if 0 (i32.lt_u (local.get 0) (local.get 1)))
                   (br_if 0 (i32.eqz (local.get 0)))
                   (br_if 0 (i32.gt_s (local.get 1) (i32.const 7))))))",
    );
    assert_eq!(names(&c), ["br_i32_lt_u", "br_z", "br_i32_gt_s_i", "ret"]);
    let c = code(
        "(module (func (param i64) (result i32) (if (result i32) (i64.ne (local.get 0) (i64.const -1)) (then (i32.const 1)) (else (i32.const 2)))))",
    );
    assert_eq!(
        names(&c)[0],
        "br_i64_eq_i",
        "an `if` branches on the negation: {c:?}"
    );
}

#[test]
#[cfg(feature = "fused")]
fn address_arithmetic_folds_into_loads_and_stores() {
    let c = code(
        "(module (memory 1) (func (param i32) (result i32)
            (i32.store offset=4 (i32.add (local.get 0) (i32.const 16)) (local.get 0))
            (i32.load offset=8 (i32.add (local.get 0) (i32.const 32)))))",
    );
    assert_eq!(c[0], "i32_store_ai a=0 k=16 s=0 o=4");
    assert_eq!(c[1], "i32_load_ai d=1 a=0 k=32 o=8");
}

#[test]
#[cfg(feature = "fused")]
fn base_plus_index_folds_into_loads_and_stores() {
    // `a[i]` as compilers emit it: the sum of two values as the address.
    let c = code(
        "(module (memory 1) (func (param i32 i32 i64) (result i64)
            (i64.store offset=8 (i32.add (local.get 0) (local.get 1)) (local.get 2))
            (i32.store8 (i32.add (local.get 0) (local.get 1)) (local.get 1))
            (i64.load offset=16 (i32.add (local.get 1) (local.get 0)))))",
    );
    assert_eq!(c[0], "i64_store_aa a=0 b=1 s=2 o=8");
    assert_eq!(c[1], "i32_store8_aa a=0 b=1 s=1 o=0");
    assert_eq!(c[2], "i64_load_aa d=3 a=1 b=0 o=16");
    // A value computed after the address keeps the add (the value's code comes after it);
    // the store takes the value from the accumulator.
    let c = code(
        "(module (memory 1) (func (param i32 i32)
            (i32.store (i32.add (local.get 0) (local.get 1)) (i32.mul (local.get 0) (local.get 1)))))",
    );
    let store = if acc_forms() {
        "i32_store_x"
    } else {
        "i32_store"
    };
    assert_eq!(names(&c)[..3], ["i32_add", "i32_mul", store], "{c:?}");
}

#[test]
fn jumps_to_returns_are_threaded() {
    let c = code(
        "(module (func (param i32) (result i32)
            (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2)))))",
    );
    assert!(!names(&c).contains(&"br"), "{c:?}");
    assert_eq!(
        names(&c).iter().filter(|n| **n == "ret1").count(),
        2,
        "{c:?}"
    );
}

#[test]
#[cfg(feature = "fused")]
fn scaled_index_folds_into_loads() {
    // `a[i]` with 8-byte elements (and a register cell read by an interpreter compiled
    // to wasm): the shift and the add become part of the load, index on either side.
    let c = code(
        "(module (memory 1) (func (param i32 i32) (result i64)
            (drop (i32.load offset=4 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
            (drop (i32.load8_u (i32.add (i32.shl (local.get 1) (i32.const 35)) (local.get 0))))
            (i64.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3))))))",
    );
    assert_eq!(c[0], "i32_load_as d=2 a=0 b=1 sh=2 o=4", "{c:?}");
    assert_eq!(c[1], "i32_load8_u_as d=2 a=0 b=1 sh=3 o=0", "{c:?}");
    assert_eq!(c[2], "i64_load_as d=2 a=0 b=1 sh=3 o=0", "{c:?}");
    // The shifted value used by something else than the add keeps both instructions (the
    // load takes the shifted value from the accumulator).
    let c = code(
        "(module (memory 1) (func (param i32 i32) (result i32)
            (local.set 1 (i32.shl (local.get 1) (i32.const 2)))
            (i32.load (i32.add (local.get 0) (local.get 1)))))",
    );
    let load = if acc_forms() {
        "i32_load_aax d=2 a=1 b=0 o=0"
    } else {
        "i32_load_aa d=2 a=0 b=1 o=0"
    };
    assert_eq!(c[1], load, "{c:?}");
}

#[test]
#[cfg(feature = "fused")]
fn zero_extending_32_bit_loads_fold_their_address() {
    let c = code(
        "(module (memory 1) (func (param i32 i32) (result i64)
            (drop (i64.load32_u (i32.add (local.get 0) (local.get 1))))
            (i64.load32_u offset=4 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3))))))",
    );
    assert_eq!(c[0], "i64_load32_u_aa d=2 a=0 b=1 o=0", "{c:?}");
    assert_eq!(c[1], "i64_load32_u_as d=2 a=0 b=1 sh=3 o=4", "{c:?}");
}

#[test]
#[cfg(feature = "fused")]
fn float_comparisons_fuse_with_branches() {
    let c = code(
        "(module (func (param f64 f64 f32) (result i32)
            (block (br_if 0 (f64.le (local.get 0) (f64.const 4))))
            (if (f64.lt (local.get 0) (local.get 1)) (then (nop)))
            (block (br_if 0 (f32.ge (local.get 2) (local.get 2))))
            (i32.const 0)))",
    );
    assert!(c[0].ends_with(" a=0 k=4616189618054758400"), "{c:?}"); // 4.0
    assert_eq!(
        names(&c)[..3],
        ["br_f64_le_i", "br_f64_nlt", "br_f32_ge"],
        "{c:?}"
    );
}

#[test]
#[cfg(feature = "fused")]
fn constant_addresses_fold_into_loads_and_stores() {
    // Statics: `i32.const A; i32.load offset=O` reads address A + O directly.
    let c = code(
        "(module (memory 1) (func (param i32) (result i32)
            (i32.store offset=4 (i32.const 1024) (i32.add (local.get 0) (i32.const 1)))
            (i64.store (i32.const 8) (i64.const 5))
            (i32.load offset=16 (i32.const 1000))))",
    );
    assert_eq!(c[0], "i32_add_i d=2 a=0 k=1", "{c:?}");
    let store = if acc_forms() {
        "i32_store_kx"
    } else {
        "i32_store_k"
    };
    assert_eq!(c[1], format!("{store} e=1028 s=2"), "{c:?}");
    assert_eq!(
        names(&c)[2..],
        ["const32", "i64_store_k", "i32_load_k", "ret1"],
        "{c:?}"
    );
    assert_eq!(c[4], "i32_load_k d=1 e=1016", "{c:?}");
    // An address plus offset of 2^32 or more keeps the plain instruction (it traps).
    let c = code(
        "(module (memory 1) (func (result i32)
            (i32.load offset=4294967295 (i32.const 1))))",
    );
    assert_eq!(names(&c), ["const32", "i32_load", "ret1"], "{c:?}");
}

/// A branch target between two instructions keeps them apart: a value computed before
/// the end of a block, an `else` or the start of a loop is not folded into the
/// instruction after it, where branches land (they would land inside it).
#[test]
fn no_fusion_across_a_branch_target() {
    let wat = r#"(module (memory 1)
        (data (i32.const 4) "\07\00\00\00")
        (data (i32.const 100) "\09\00\00\00")
        ;; an address computed before a block's end, loaded after it
        (func (export "addi") (param i32 i32) (result i32)
          (block (result i32)
            (br_if 0 (i32.const 100) (local.get 1))
            drop
            (i32.add (local.get 0) (i32.const 4)))
          i32.load)
        (func (export "add") (param i32 i32) (result i32)
          (block (result i32)
            (br_if 0 (i32.const 100) (local.get 1))
            drop
            (i32.add (local.get 0) (local.get 0)))
          i32.load)
        (func (export "adds") (param i32 i32) (result i32)
          (block (result i32)
            (br_if 0 (i32.const 100) (local.get 1))
            drop
            (i32.add (i32.const 4) (i32.shl (local.get 0) (i32.const 2))))
          i32.load)
        ;; a comparison before a block's end, branched on after it
        (func (export "cmp") (param i32 i32) (result i32)
          (block
            (block (result i32)
              (br_if 0 (i32.const 1) (local.get 1))
              drop
              (i32.lt_s (local.get 0) (i32.const 5)))
            br_if 0
            (return (i32.const 10)))
          (i32.const 20))
        ;; an address computed before a loop, loaded at its start
        (func (export "loop") (param i32) (result i32) (local i32)
          (i32.add (local.get 0) (i32.const 4))
          (loop (param i32) (result i32)
            i32.load
            (local.set 1 (i32.add (local.get 1) (i32.const 1)))
            (br_if 0 (i32.const 100) (i32.lt_u (local.get 1) (i32.const 2)))
            drop))
        )"#;
    let (mut store, inst) = instance(wat);
    // (each computes address 4 from its first argument)
    for (name, x) in [("addi", 0), ("add", 2), ("adds", 0)] {
        let f = inst
            .get_typed_func::<(i32, i32), i32>(&store, name)
            .unwrap();
        assert_eq!(f.call(&mut store, (x, 1)).unwrap(), 9, "{name} taken");
        assert_eq!(f.call(&mut store, (x, 0)).unwrap(), 7, "{name} not taken");
    }
    let f = inst
        .get_typed_func::<(i32, i32), i32>(&store, "cmp")
        .unwrap();
    assert_eq!(f.call(&mut store, (9, 1)).unwrap(), 20);
    assert_eq!(f.call(&mut store, (9, 0)).unwrap(), 10);
    assert_eq!(f.call(&mut store, (1, 0)).unwrap(), 20);
    let f = inst.get_typed_func::<i32, i32>(&store, "loop").unwrap();
    assert_eq!(f.call(&mut store, 0).unwrap(), 9);
}

/// A branch to the function's label is a return: its values are moved once, from where
/// they are, even when the block's own result slots overlap them (found by
/// spec-tests/tests/smith.rs, seed 1406).
#[test]
#[cfg(feature = "simd")]
fn branch_out_of_the_function_returns_the_values_it_carries() {
    use wint::Val;
    let wat = r#"(module
        (func $w (param i32) (result f64 f32 v128)
          (f64.const 1) (f32.const 2) (v128.const i64x2 3 4))
        (func (export "r") (param i32) (result f64 f32 v128)
          (local f32 v128 v128 v128)
          (f32.const 9)
          (block (result i32)
            (f32.const 8)
            (local.tee 0 (i32.const 16))
            (call $w)
            (br 1))
          unreachable))"#;
    let (mut store, inst) = instance(wat);
    let f = inst.get_func(&store, "r").unwrap();
    let mut out = [Val::I32(0), Val::I32(0), Val::I32(0)];
    f.call(&mut store, &[Val::I32(0)], &mut out).unwrap();
    assert!(
        matches!(out[0], Val::F64(x) if x == 1f64.to_bits()),
        "{out:?}"
    );
    assert!(
        matches!(out[1], Val::F32(x) if x == 2f32.to_bits()),
        "{out:?}"
    );
    assert!(
        matches!(out[2], Val::V128(x) if x == (4u128 << 64 | 3)),
        "{out:?}"
    );
}

/// A block with parameters inside unreachable code does not take its parameters from
/// the enclosing frame's values (found by spec-tests/tests/smith.rs, seed 37: a valid
/// module was rejected with "type mismatch").
#[test]
fn blocks_with_parameters_in_unreachable_code() {
    let wat = r#"(module
        (type $t (func (param i32) (result i32)))
        (func (export "f") (param i32) (result f64 i64)
          (f64.const 1.5)
          (if (result i64) (local.get 0)
            (then
              (br 0 (i64.const 7))
              (block (type $t) (i32.const 1) (i32.add))
              drop
              (i64.const 8))
            (else (i64.const 9)))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    assert!(module.disassemble(0).is_ok());
}

/// A `br_table` on a loaded value folds the load (`br_table_ld`), which also writes the
/// local the value was teed to; an out-of-bounds load still traps.
#[test]
#[cfg(feature = "fused")]
fn br_table_on_a_load_fuses() {
    let wat = r#"(module (memory 1)
        (data (i32.const 0) "\02\00\00\00\00\00\00\00\05\00\00\00")
        (func (export "f") (param i32) (result i32) (local i32)
          (block (block (block (block
            (br_table 0 1 2 3 (local.tee 1 (i32.load (local.get 0)))))
            (return (i32.const 10)))
            (return (i32.const 11)))
            (return (i32.add (local.get 1) (i32.const 100))))
          (i32.add (local.get 1) (i32.const 200))))"#;
    let c = code(wat);
    assert!(names(&c).contains(&"br_table_ld"), "{c:?}");
    assert!(!names(&c).contains(&"i32_load"), "{c:?}");
    let (mut store, inst) = instance(wat);
    let f = inst.get_typed_func::<i32, i32>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, 0).unwrap(), 102); // 2: the third target
    assert_eq!(f.call(&mut store, 4).unwrap(), 10); // 0
    assert_eq!(f.call(&mut store, 8).unwrap(), 205); // 5: the default
    let e = f.call(&mut store, 65534).unwrap_err();
    assert!(e.to_string().contains("out of bounds"), "{e}");
}

/// An `i32.add` of a shift by a constant is one `i32_add_shl` (a load of the address
/// still folds both into `*_as`).
#[test]
#[cfg(feature = "fused")]
fn add_of_a_shift_fuses() {
    let c = code(
        "(module (func (param i32 i32) (result i32)
            (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3)))))",
    );
    assert_eq!(c[0], "i32_add_shl d=2 a=0 b=1 k=3", "{c:?}");
    let c = code(
        "(module (memory 1) (func (param i32 i32) (result i32)
            (i32.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))))))",
    );
    assert_eq!(names(&c), ["i32_load_as", "ret1"], "{c:?}");
}

/// A scaled-index load whose index was itself just loaded (an interpreter's operand
/// fetch: `regs[code[ip + 8]]`) is one instruction, `*_as_ld`; an index the code reads
/// again (teed to a local) is not folded.
#[test]
#[cfg(feature = "fused")]
fn load_of_a_loaded_index_fuses() {
    let wat = r#"(module (memory 1)
        (data (i32.const 0) "\00\00\00\00\00\00\00\00\03\00\00\00")
        (data (i32.const 64) "\01\00\00\00\00\00\00\00\02\00\00\00\00\00\00\00\2a\00\00\00\00\00\00\00\2b\00\00\00\00\00\00\00")
        (func (export "f") (param i32 i32) (result i64)
          (i64.load (i32.add (local.get 1)
            (i32.shl (i32.load offset=8 (local.get 0)) (i32.const 3)))))
        (func (export "g") (param i32 i32) (result i32) (local i32)
          (i32.load (i32.add (local.get 1)
            (i32.shl (local.tee 2 (i32.load offset=8 (local.get 0))) (i32.const 3))))
          (local.get 2)
          i32.add))"#;
    let c = code(wat);
    assert_eq!(c[0], "i64_load_as_ld d=2 a=1 x=0 p=8 sh=3 o=0", "{c:?}");
    let g = Module::new(&Engine::default(), wat)
        .unwrap()
        .disassemble(1)
        .unwrap();
    assert!(!g.contains("_as_ld"), "{g}");
    let (mut store, inst) = instance(wat);
    let f = inst.get_typed_func::<(i32, i32), i64>(&store, "f").unwrap();
    assert_eq!(f.call(&mut store, (0, 64)).unwrap(), 0x2b);
    let e = f.call(&mut store, (65530, 64)).unwrap_err();
    assert!(e.to_string().contains("out of bounds"), "{e}");
    let g = inst.get_typed_func::<(i32, i32), i32>(&store, "g").unwrap();
    assert_eq!(g.call(&mut store, (0, 64)).unwrap(), 0x2b + 3);
}

/// `f64.add`/`f64.sub` of the `f64.mul` just before it is one instruction with the same
/// two roundings; a product also written to a local (`local.tee`) or a constant operand
/// keeps the two instructions.
#[test]
#[cfg(feature = "fused")]
fn multiply_and_add_fuse() {
    let wat = r#"(module
        (func (export "add_r") (param f64 f64 f64) (result f64)
          (f64.add (local.get 2) (f64.mul (local.get 0) (local.get 1))))
        (func (export "add_l") (param f64 f64 f64) (result f64)
          (f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
        (func (export "sub_r") (param f64 f64 f64) (result f64)
          (f64.sub (local.get 2) (f64.mul (local.get 0) (local.get 1))))
        (func (export "sub_l") (param f64 f64 f64) (result f64)
          (f64.sub (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
        (func (export "tee") (param f64 f64 f64) (result f64) (local f64)
          (f64.add (local.tee 3 (f64.mul (local.get 0) (local.get 1))) (local.get 2))
          (local.get 3)
          f64.add)
        (func (export "konst") (param f64 f64) (result f64)
          (f64.sub (f64.mul (local.get 0) (local.get 1)) (f64.const 0.5))))"#;
    let module = Module::new(&Engine::default(), wat).unwrap();
    let dis = |i| disasm(&module, i);
    assert_eq!(dis(0)[0], "f64_mul_add d=3 a=0 b=1 e=2", "{:?}", dis(0));
    assert_eq!(dis(1)[0], "f64_mul_add d=3 a=0 b=1 e=2", "{:?}", dis(1));
    assert_eq!(dis(2)[0], "f64_sub_mul d=3 e=2 a=0 b=1", "{:?}", dis(2));
    assert_eq!(dis(3)[0], "f64_mul_sub d=3 a=0 b=1 e=2", "{:?}", dis(3));
    assert_eq!(names(&dis(4))[..2], ["f64_mul", "f64_add"], "{:?}", dis(4));
    assert_eq!(
        names(&dis(5))[..3],
        ["f64_mul", "const64", "f64_sub"],
        "{:?}",
        dis(5)
    );

    let (mut store, inst) = instance(wat);
    let call = |store: &mut wint::Store<()>, name: &str, args: &[f64]| -> f64 {
        let f = inst.get_func(&*store, name).unwrap();
        let args: Vec<wint::Val> = args.iter().map(|&x| wint::Val::F64(x.to_bits())).collect();
        let mut out = [wint::Val::F64(0)];
        f.call(&mut *store, &args, &mut out).unwrap();
        match out[0] {
            wint::Val::F64(x) => f64::from_bits(x),
            ref v => panic!("{v:?}"),
        }
    };
    // Two roundings: 0.1 * 3.0 rounds up before the add (an FMA would give
    // 5.551115123125783e-17 for `0.1 * 3.0 - 0.3`).
    for (a, b, c) in [
        (0.1, 3.0, 0.3),
        (1e308, 10.0, -1e308),
        (1.5, -2.0, 0.25),
        (f64::INFINITY, 0.0, 1.0),
    ] {
        let p = a * b;
        let same = |x: f64, y: f64| x == y || (x.is_nan() && y.is_nan());
        assert!(same(call(&mut store, "add_r", &[a, b, c]), c + p));
        assert!(same(call(&mut store, "add_l", &[a, b, c]), p + c));
        assert!(same(call(&mut store, "sub_r", &[a, b, c]), c - p));
        assert!(same(call(&mut store, "sub_l", &[a, b, c]), p - c));
        assert!(same(call(&mut store, "tee", &[a, b, c]), (p + c) + p));
        assert!(same(call(&mut store, "konst", &[a, b]), p - 0.5));
    }
    assert_eq!(call(&mut store, "sub_l", &[0.1, 3.0, 0.3]), 0.1 * 3.0 - 0.3);
    assert_ne!(
        call(&mut store, "sub_l", &[0.1, 3.0, 0.3]),
        0.1f64.mul_add(3.0, -0.3)
    );
}

#[test]
#[cfg(feature = "fused")]
fn accumulator_forms_read_the_result_just_computed() {
    let wat = r#"(module
        (memory 1)
        (data (i32.const 16) "\14\00\00\00\2a\00\00\00\ff\ff\ff\ff")
        (func (export "chain") (param i32 i32) (result i32)
          (i32.xor (i32.add (local.get 0) (local.get 1)) (i32.const 5)))
        (func (export "swap") (param i32 i32 i32) (result i32)
          (i32.add (local.get 0) (i32.mul (local.get 1) (local.get 2))))
        (func (export "sub") (param i32 i32 i32) (result i32)
          (i32.sub (local.get 0) (i32.mul (local.get 1) (local.get 2))))
        (func (export "float") (param f32 i32) (result i32)
          (i32.add (i32.reinterpret_f32 (f32.add (local.get 0) (local.get 0))) (local.get 1)))
        (func (export "loads") (param i32) (result i32)
          (i32.load offset=4 (i32.load (local.get 0))))
        (func (export "loop") (param i32 i32) (result i32)
          (local.set 1 (i32.add (local.get 1) (local.get 0)))
          (loop $l
            (local.set 1 (i32.xor (local.get 1) (i32.const 3)))
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (br_if $l (local.get 0)))
          (local.get 1))
        (func (export "wide") (param i64 i64) (result i64)
          (i64.rotl (i64.mul (local.get 0) (local.get 1)) (i64.const 7))))"#;
    let module = Module::new(&Engine::default(), wat).unwrap();
    let dis = |i| disasm(&module, i);
    // (The match backend has no accumulator; the results below are checked anyway.)
    if acc_forms() {
        assert_eq!(
            names(&dis(0))[..2],
            ["i32_add", "i32_xor_ix"],
            "{:?}",
            dis(0)
        );
        // A commutative op swaps its operands to read the accumulator; `i32.sub` cannot.
        assert_eq!(dis(1)[1], "i32_add_x d=3 a=4 b=0", "{:?}", dis(1));
        assert_eq!(names(&dis(2))[..2], ["i32_mul", "i32_sub"], "{:?}", dis(2));
        // Float results do not go through the accumulator.
        assert_eq!(names(&dis(3))[..2], ["f32_add", "i32_add"], "{:?}", dis(3));
        assert_eq!(
            names(&dis(4))[..2],
            ["i32_load", "i32_load_x"],
            "{:?}",
            dis(4)
        );
        // The loop's start is a branch target: its first instruction reads the slot.
        let l = dis(5);
        assert_eq!(names(&l)[..2], ["i32_add", "i32_xor_i"], "{l:?}");
        assert_eq!(
            names(&dis(6))[..2],
            ["i64_mul", "i64_rotl_ix"],
            "{:?}",
            dis(6)
        );
    }

    let (mut store, inst) = instance(wat);
    let mut call = |name: &str, args: &[wint::Val]| call1(&mut store, &inst, name, args);
    use wint::Val::{F32, I32, I64};
    let i32v = |v: wint::Val| match v {
        I32(x) => x,
        v => panic!("{v:?}"),
    };
    assert_eq!(i32v(call("chain", &[I32(40), I32(2)]).unwrap()), 42 ^ 5);
    assert_eq!(i32v(call("swap", &[I32(1), I32(6), I32(7)]).unwrap()), 43);
    assert_eq!(i32v(call("sub", &[I32(50), I32(6), I32(7)]).unwrap()), 8);
    assert_eq!(
        i32v(call("float", &[F32(1.5f32.to_bits()), I32(1)]).unwrap()),
        3.0f32.to_bits() as i32 + 1
    );
    assert_eq!(i32v(call("loads", &[I32(16)]).unwrap()), -1);
    // mem[16] = 20, mem[24] = -1; mem[20] = 42 (mem[46] = 0); mem[24] + 4 is past 4 GiB.
    assert_eq!(i32v(call("loads", &[I32(20)]).unwrap()), 0);
    let e = call("loads", &[I32(24)]).unwrap_err();
    assert!(e.to_string().contains("out of bounds"), "{e}");
    // (7 + n) xored with 3 n times.
    assert_eq!(i32v(call("loop", &[I32(5), I32(7)]).unwrap()), 12 ^ 3);
    assert_eq!(i32v(call("loop", &[I32(4), I32(7)]).unwrap()), 11);
    match call("wide", &[I64(-3), I64(0x1234_5678_9abc)]).unwrap() {
        I64(x) => assert_eq!(x, (-3i64).wrapping_mul(0x1234_5678_9abc).rotate_left(7)),
        v => panic!("{v:?}"),
    }
}

#[test]
#[cfg(feature = "fused")]
fn accumulator_feeds_stores_branches_and_select() {
    let wat = r#"(module
        (memory 1)
        (global $g (mut i32) (i32.const 0))
        (func (export "br") (param i32 i32) (result i32)
          (block $b
            (br_if $b (i32.lt_u (local.get 1) (i32.add (local.get 0) (i32.const 1))))
            (return (i32.const 1)))
          (i32.const 0))
        (func (export "store") (param i32 i32) (result i32) (local i32)
          (i32.store (local.get 0) (local.tee 2 (i32.mul (local.get 1) (local.get 1))))
          (i32.add (local.get 2) (i32.const 7))
          (global.set $g (i32.xor (global.get $g) (i32.const 3)))
          (i32.add (i32.load (local.get 0))))
        (func (export "select") (param i32 i32 i32) (result i32)
          (select (local.get 0) (local.get 1) (i32.and (local.get 2) (i32.const 1))))
        (func (export "g") (result i32) (global.get $g)))"#;
    let module = Module::new(&Engine::default(), wat).unwrap();
    let dis = |i| disasm(&module, i);
    if acc_forms() {
        // The comparison folds into the branch, which reads the sum from the accumulator:
        // `a < sum` is `sum > a`.
        assert_eq!(dis(0)[1], "br_i32_gt_u_x off=->17 a=3 b=1", "{:?}", dis(0));
        // A store leaves the accumulator as it was: the add after it reads it too.
        assert_eq!(
            names(&dis(1))[..7],
            [
                "i32_mul",
                "i32_store_x",
                "i32_add_ix",
                "global_get",
                "i32_xor_ix",
                "global_set_x",
                "i32_load"
            ],
            "{:?}",
            dis(1)
        );
        assert_eq!(
            names(&dis(2))[..2],
            ["i32_and_i", "select_x"],
            "{:?}",
            dis(2)
        );
    }

    let (mut store, inst) = instance(wat);
    let mut call = |name: &str, args: &[i32]| -> i32 {
        let args: Vec<wint::Val> = args.iter().map(|&x| wint::Val::I32(x)).collect();
        match call1(&mut store, &inst, name, &args).unwrap() {
            wint::Val::I32(x) => x,
            v => panic!("{v:?}"),
        }
    };
    for (a, b) in [(0, 0), (5, 10), (5, 6), (5, 5), (-1, 3)] {
        let sum = (a as u32).wrapping_add(1);
        assert_eq!(call("br", &[a, b]), ((b as u32) >= sum) as i32, "{a} {b}");
    }
    assert_eq!(call("store", &[64, 9]), 81 + 7 + 81);
    assert_eq!(call("g", &[]), 3);
    assert_eq!(call("store", &[64, -3]), 9 + 7 + 9);
    assert_eq!(call("g", &[]), 0);
    assert_eq!(call("select", &[10, 20, 3]), 10);
    assert_eq!(call("select", &[10, 20, 2]), 20);
}
