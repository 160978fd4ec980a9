#![cfg(feature = "memory64")]
//! 64-bit linear memories (`Config::wasm_memory64`): the narrowing of i64 addresses to the
//! 32-bit instructions (a memory64 memory never reaches 4 GiB), and i64 sizes.

use wint::*;

fn engine(f: impl FnOnce(&mut Config)) -> Engine {
    let mut config = Config::new();
    config.wasm_memory64(true);
    f(&mut config);
    Engine::new(&config)
}

fn instantiate(engine: &Engine, wat: &str) -> (Store<()>, Instance) {
    let mut store = Store::new(engine, ());
    let module = Module::new(engine, wat).unwrap();
    let inst = Linker::new(engine)
        .instantiate(&mut store, &module)
        .unwrap();
    (store, inst)
}

fn trap<T: std::fmt::Debug>(r: Result<T>) -> Option<TrapCode> {
    r.unwrap_err().trap_code()
}

const OOB: Option<TrapCode> = Some(TrapCode::MemoryOutOfBounds);

#[test]
fn off_by_default_with_a_clear_error() {
    for validate in [cfg!(feature = "validate"), false] {
        let mut config = Config::new();
        config.validate(validate);
        let err = Module::new(&Engine::new(&config), "(module (memory i64 1))").unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::Invalid(_) | ErrorKind::Malformed(_)),
            "{err:?}"
        );
        assert!(err.to_string().contains("memory64"), "{err}");
    }
}

/// Loads and stores on one 64 KiB page: addresses whose low 32 bits are in bounds but
/// whose high bits are not zero must trap, as must offsets of 2^32 and more.
#[test]
fn addresses_and_offsets_beyond_32_bits_trap() {
    for validate in [cfg!(feature = "validate"), false] {
        let engine = engine(|c| {
            c.validate(validate);
        });
        let (mut store, inst) = instantiate(
            &engine,
            r#"(module (memory i64 1 2)
            (data (i64.const 65535) "z")
            (data (i64.const 5) "a")
            (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0)))
            (func (export "load8_k") (result i32) (i32.load8_u (i64.const 0x1_0000_0005)))
            (func (export "load32") (param i64) (result i32) (i32.load (local.get 0)))
            (func (export "load_far") (param i64) (result i32)
              (i32.load8_u offset=0x1_0000_0000 (local.get 0)))
            (func (export "load_max") (param i64) (result i32)
              (i32.load8_u offset=0xffff_ffff (local.get 0)))
            (func (export "store8") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
            (func (export "store_far") (param i64)
              (i64.store offset=0xffff_ffff_ffff_fff0 (local.get 0) (i64.const 1))))"#,
        );
        let load8 = inst.get_typed_func::<i64, i32>(&store, "load8").unwrap();
        let load32 = inst.get_typed_func::<i64, i32>(&store, "load32").unwrap();
        let load_far = inst.get_typed_func::<i64, i32>(&store, "load_far").unwrap();
        let load_max = inst.get_typed_func::<i64, i32>(&store, "load_max").unwrap();
        let load8_k = inst.get_typed_func::<(), i32>(&store, "load8_k").unwrap();
        let store8 = inst
            .get_typed_func::<(i64, i32), ()>(&store, "store8")
            .unwrap();
        let store_far = inst.get_typed_func::<i64, ()>(&store, "store_far").unwrap();

        assert_eq!(load8.call(&mut store, 5).unwrap(), i32::from(b'a'));
        assert_eq!(load8.call(&mut store, 65535).unwrap(), i32::from(b'z'));
        assert_eq!(trap(load8.call(&mut store, 65536)), OOB);
        assert_eq!(trap(load32.call(&mut store, 65533)), OOB);
        assert_eq!(trap(load8.call(&mut store, 0xffff_ffff)), OOB);
        // Truncated to 32 bits these would be address 5.
        assert_eq!(trap(load8.call(&mut store, 0x1_0000_0005)), OOB);
        assert_eq!(trap(load8_k.call(&mut store, ())), OOB);
        assert_eq!(trap(load8.call(&mut store, -1)), OOB);
        assert_eq!(trap(load8.call(&mut store, 1 << 32)), OOB);
        assert_eq!(trap(load_far.call(&mut store, 0)), OOB);
        assert_eq!(trap(load_max.call(&mut store, 0)), OOB);
        assert_eq!(trap(store8.call(&mut store, (0x1_0000_0005, 7))), OOB);
        assert_eq!(trap(store_far.call(&mut store, 0)), OOB);
        assert_eq!(trap(store_far.call(&mut store, 0x20)), OOB);
        // Nothing was written by the trapping stores.
        assert_eq!(load8.call(&mut store, 5).unwrap(), i32::from(b'a'));
        store8.call(&mut store, (5, 9)).unwrap();
        assert_eq!(load8.call(&mut store, 5).unwrap(), 9);
    }
}

/// A 64-bit memory of 1-byte pages at the largest size the engine allows (2^32 - 1
/// bytes), backed by 64 KiB only (`memory_cap`), so nothing large is allocated.
#[test]
fn the_last_byte_below_4_gib() {
    let engine = engine(|c| {
        c.wasm_custom_page_sizes(true).memory_cap(64 << 10);
    });
    let (mut store, inst) = instantiate(
        &engine,
        r#"(module (memory i64 0xffff_ffff (pagesize 1))
        (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0)))
        (func (export "size") (result i64) (memory.size))
        (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
        (func (export "fill") (param i64 i64) (memory.fill (local.get 0) (i32.const 1) (local.get 1))))"#,
    );
    let load8 = inst.get_typed_func::<i64, i32>(&store, "load8").unwrap();
    let size = inst.get_typed_func::<(), i64>(&store, "size").unwrap();
    let grow = inst.get_typed_func::<i64, i64>(&store, "grow").unwrap();
    let fill = inst
        .get_typed_func::<(i64, i64), ()>(&store, "fill")
        .unwrap();
    // memory.size is an i64, zero-extended: not -1.
    assert_eq!(size.call(&mut store, ()).unwrap(), 0xffff_ffff);
    let cap = Some(TrapCode::MemoryCapExceeded);
    assert_eq!(load8.call(&mut store, 0xffff).unwrap(), 0);
    assert_eq!(trap(load8.call(&mut store, 0xffff_fffe)), cap);
    assert_eq!(trap(load8.call(&mut store, 0xffff_ffff)), OOB);
    assert_eq!(trap(load8.call(&mut store, 1 << 32)), OOB);
    // (A length of 0 at the end of memory is in bounds: see `size_grow_fill_copy_init`;
    // here the end lies beyond the memory cap.) One byte further is out of bounds.
    assert_eq!(trap(fill.call(&mut store, (1 << 32, 0))), OOB);
    assert_eq!(trap(fill.call(&mut store, (0, 1 << 32))), OOB);
    assert_eq!(trap(fill.call(&mut store, (0xffff_ffff, 1))), OOB);
    // Growing fails with -1 as an i64; growing by 0 returns the size.
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 0).unwrap(), 0xffff_ffff);
    assert_eq!(grow.call(&mut store, 1 << 32).unwrap(), -1);
    assert_eq!(grow.call(&mut store, -1).unwrap(), -1);

    // 2^32 bytes are declared valid but cannot be instantiated: a clear error.
    let module = Module::new(&engine, "(module (memory i64 0x1_0000_0000 (pagesize 1)))").unwrap();
    let err = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_err();
    assert!(err.to_string().contains("exceeds the limit"), "{err}");
}

#[test]
fn size_grow_fill_copy_init() {
    let engine = engine(|c| {
        c.wasm_multi_memory(true);
    });
    let (mut store, inst) = instantiate(
        &engine,
        r#"(module
        (memory $m64 i64 1 3)
        (memory $m32 1)
        (data $d "hello")
        (func (export "size") (result i64) (memory.size $m64))
        (func (export "grow") (param i64) (result i64) (memory.grow $m64 (local.get 0)))
        (func (export "load8") (param i64) (result i32) (i32.load8_u $m64 (local.get 0)))
        (func (export "load8_32") (param i32) (result i32) (i32.load8_u $m32 (local.get 0)))
        (func (export "init") (param i64 i32 i32) (memory.init $m64 $d (local.get 0) (local.get 1) (local.get 2)))
        (func (export "copy_to_32") (param i32 i64 i32) (memory.copy $m32 $m64 (local.get 0) (local.get 1) (local.get 2)))
        (func (export "copy_from_32") (param i64 i32 i32) (memory.copy $m64 $m32 (local.get 0) (local.get 1) (local.get 2)))
        (func (export "fill") (param i64 i32 i64) (memory.fill $m64 (local.get 0) (local.get 1) (local.get 2)))
        (func (export "copy") (param i64 i64 i64) (memory.copy $m64 $m64 (local.get 0) (local.get 1) (local.get 2))))"#,
    );
    let size = inst.get_typed_func::<(), i64>(&store, "size").unwrap();
    let grow = inst.get_typed_func::<i64, i64>(&store, "grow").unwrap();
    let load8 = inst.get_typed_func::<i64, i32>(&store, "load8").unwrap();
    let load8_32 = inst.get_typed_func::<i32, i32>(&store, "load8_32").unwrap();
    let init = inst
        .get_typed_func::<(i64, i32, i32), ()>(&store, "init")
        .unwrap();
    let copy_to_32 = inst
        .get_typed_func::<(i32, i64, i32), ()>(&store, "copy_to_32")
        .unwrap();
    let copy_from_32 = inst
        .get_typed_func::<(i64, i32, i32), ()>(&store, "copy_from_32")
        .unwrap();
    let copy = inst
        .get_typed_func::<(i64, i64, i64), ()>(&store, "copy")
        .unwrap();

    assert_eq!(size.call(&mut store, ()).unwrap(), 1);
    assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
    assert_eq!(size.call(&mut store, ()).unwrap(), 2);
    assert_eq!(grow.call(&mut store, 2).unwrap(), -1);
    assert_eq!(grow.call(&mut store, 1 << 32).unwrap(), -1);
    assert_eq!(size.call(&mut store, ()).unwrap(), 2);

    init.call(&mut store, (0x1_fffb, 0, 5)).unwrap();
    assert_eq!(load8.call(&mut store, 0x1_ffff).unwrap(), i32::from(b'o'));
    assert_eq!(trap(init.call(&mut store, (0x1_fffc, 0, 5))), OOB);
    assert_eq!(trap(init.call(&mut store, (1 << 32, 0, 0))), OOB);
    init.call(&mut store, (0x2_0000, 0, 0)).unwrap();

    copy_to_32.call(&mut store, (10, 0x1_fffb, 5)).unwrap();
    assert_eq!(load8_32.call(&mut store, 14).unwrap(), i32::from(b'o'));
    assert_eq!(
        trap(copy_to_32.call(&mut store, (0, 0x1_0000_0000, 1))),
        OOB
    );
    copy_from_32.call(&mut store, (100, 10, 5)).unwrap();
    assert_eq!(load8.call(&mut store, 100).unwrap(), i32::from(b'h'));
    assert_eq!(
        trap(copy_from_32.call(&mut store, (0x1_0000_0064, 10, 1))),
        OOB
    );

    copy.call(&mut store, (200, 100, 5)).unwrap();
    assert_eq!(load8.call(&mut store, 204).unwrap(), i32::from(b'o'));
    copy.call(&mut store, (0x2_0000, 0, 0)).unwrap();
    assert_eq!(trap(copy.call(&mut store, (0, 0, 1 << 32))), OOB);
    assert_eq!(trap(copy.call(&mut store, (0x2_0001, 0, 0))), OOB);
    assert_eq!(trap(copy.call(&mut store, (0, -1, 0))), OOB);

    let fill = inst
        .get_typed_func::<(i64, i32, i64), ()>(&store, "fill")
        .unwrap();
    fill.call(&mut store, (0x1_fffe, 7, 2)).unwrap();
    assert_eq!(load8.call(&mut store, 0x1_ffff).unwrap(), 7);
    fill.call(&mut store, (0x2_0000, 7, 0)).unwrap();
    assert_eq!(trap(fill.call(&mut store, (0x2_0001, 7, 0))), OOB);
    assert_eq!(trap(fill.call(&mut store, (0x1_fffe, 7, 3))), OOB);
    assert_eq!(trap(fill.call(&mut store, (0, 7, 1 << 32))), OOB);
    assert_eq!(trap(fill.call(&mut store, (0x1_0000_0000, 7, 0))), OOB);
}

/// Without validation the translator's own type checks keep i32 and i64 addresses
/// apart.
#[test]
fn address_types_are_checked_without_validation() {
    let engine = engine(|c| {
        c.validate(false).translation(Translation::Eager);
    });
    for wat in [
        "(module (memory i64 1) (func (drop (i32.load (i32.const 0)))))",
        "(module (memory 1) (func (drop (i32.load (i64.const 0)))))",
        "(module (memory i64 1) (func (i32.store (i32.const 0) (i32.const 0))))",
        "(module (memory i64 1) (func (result i32) (memory.size)))",
        "(module (memory i64 1) (func (result i32) (memory.grow (i64.const 0))))",
        "(module (memory i64 1) (func (memory.fill (i64.const 0) (i32.const 0) (i32.const 0))))",
        "(module (memory i64 1) (data (i32.const 0) \"x\"))",
    ] {
        let bytes = wat::parse_str(wat).unwrap();
        let err = Module::new(&engine, &bytes).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::Invalid(_)),
            "{wat}: {err:?}"
        );
    }
}

/// A load or store on a 64-bit memory is a range check of the address then the plain
/// 32-bit instruction: the address's `i64.add` is never folded into it.
#[test]
fn translation_is_a_check_then_the_32_bit_instruction() {
    let module = Module::new(
        &engine(|_| {}),
        "(module (memory i64 1) (func (param i64) (result i32)
            (i32.store offset=4 (i64.add (local.get 0) (i64.const 8)) (i32.const 1))
            (i32.load offset=8 (i64.add (local.get 0) (i64.const 32)))))",
    )
    .unwrap();
    let code = module.disassemble(0).unwrap();
    let names: Vec<&str> = code
        .lines()
        .map(|l| l.split_once(": ").unwrap().1.split(' ').next().unwrap())
        .collect();
    let at = |n: &str| names.iter().position(|x| *x == n).unwrap();
    assert_eq!(
        names.iter().filter(|n| **n == "addr64").count(),
        2,
        "{code}"
    );
    assert_eq!(names[at("i32_store") - 1], "addr64", "{code}");
    assert_eq!(names[at("i32_load") - 1], "addr64", "{code}");
    assert!(!code.contains("_ai") && !code.contains("_aa"), "{code}");
}
