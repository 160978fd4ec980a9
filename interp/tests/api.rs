//! The embedding API: host functions, traps, backtraces, exits, fuel, limits, handles.

use wint::*;

fn instantiate<T: 'static>(
    engine: &Engine,
    linker: &Linker<T>,
    store: &mut Store<T>,
    wat: &str,
) -> Instance {
    let module = Module::new(engine, wat).unwrap();
    linker.instantiate(store, &module).unwrap()
}

#[test]
fn host_error_and_trap_carry_backtrace_with_names() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("env", "fail", |x: i32| -> Result<i32> {
            if x > 2 {
                Err(Error::host(format!("too big: {x}")))
            } else {
                Ok(x)
            }
        })
        .unwrap();
    let inst = instantiate(
        &engine,
        &linker,
        &mut store,
        r#"
        (module $demo
          (import "env" "fail" (func $fail (param i32) (result i32)))
          (func $inner (param i32) (result i32) (call $fail (local.get 0)))
          (func $outer (export "outer") (param i32) (result i32) (call $inner (local.get 0)))
          (func $crash (export "crash") (unreachable)))"#,
    );
    let outer = inst.get_typed_func::<i32, i32>(&store, "outer").unwrap();
    assert_eq!(outer.call(&mut store, 2).unwrap(), 2);
    let err = outer.call(&mut store, 7).unwrap_err();
    assert_eq!(err.to_string(), "too big: 7");
    let names: Vec<_> = err
        .backtrace()
        .unwrap()
        .frames
        .iter()
        .map(|f| f.func_name.clone().unwrap())
        .collect();
    assert_eq!(names, ["inner", "outer"]);
    assert_eq!(
        err.backtrace().unwrap().frames[0].module_name.as_deref(),
        Some("demo")
    );

    let crash = inst.get_typed_func::<(), ()>(&store, "crash").unwrap();
    let err = crash.call(&mut store, ()).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::Unreachable));
    assert_eq!(err.to_string(), "unreachable");
    let bt = err.backtrace().unwrap().to_string();
    assert!(bt.contains("demo!crash"), "{bt}");
    // The store is still usable.
    assert_eq!(outer.call(&mut store, 1).unwrap(), 1);
}

#[test]
fn host_can_end_the_run_with_an_exit_code() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, 0u32);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "wasi",
            "proc_exit",
            |mut c: Caller<'_, u32>, code: i32| -> Result<()> {
                *c.data_mut() += 1;
                Err(Error::exit(code))
            },
        )
        .unwrap();
    let inst = instantiate(
        &engine,
        &linker,
        &mut store,
        r#"
        (module (import "wasi" "proc_exit" (func $exit (param i32)))
          (func (export "_start") (call $exit (i32.const 3)) (unreachable)))"#,
    );
    let err = inst
        .get_typed_func::<(), ()>(&store, "_start")
        .unwrap()
        .call(&mut store, ())
        .unwrap_err();
    assert_eq!(err.exit_status(), Some(3));
    assert_eq!(*store.data(), 1);
}

#[test]
fn host_calls_back_into_wasm_and_sees_memory() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, Vec::<u8>::new());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "peek",
            |mut c: Caller<'_, Vec<u8>>, ptr: i32, len: i32| -> Result<i32> {
                let mem = c
                    .get_export("memory")
                    .and_then(Extern::into_memory)
                    .unwrap();
                let mut buf = vec![0; len as usize];
                mem.read(&c, ptr as usize, &mut buf)?;
                c.data_mut().extend_from_slice(&buf);
                // Re-enter the guest from the host.
                let double = c.get_export("double").and_then(Extern::into_func).unwrap();
                let mut out = [Val::I32(0)];
                double.call(&mut c, &[Val::I32(len)], &mut out)?;
                Ok(out[0].i32().unwrap())
            },
        )
        .unwrap();
    let inst = instantiate(
        &engine,
        &linker,
        &mut store,
        r#"
        (module (import "env" "peek" (func $peek (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hello")
          (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
          (func (export "run") (result i32)
            (local $x i32)
            (local.set $x (i32.const 100))
            (i32.add (call $peek (i32.const 16) (i32.const 5)) (local.get $x))))"#,
    );
    let run = inst.get_typed_func::<(), i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 110);
    assert_eq!(store.data(), b"hello");
}

#[test]
#[cfg(feature = "fuel")]
fn fuel_runs_out_and_is_accounted() {
    let mut config = Config::new();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let mut store = Store::new(&engine, ());
    let inst = instantiate(
        &engine,
        &Linker::new(&engine),
        &mut store,
        r#"
        (module (func (export "count") (param $n i32) (result i32)
          (local $i i32)
          (block $done (loop $l
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $l)))
          (local.get $i)))"#,
    );
    let f = inst.get_typed_func::<i32, i32>(&store, "count").unwrap();
    store.set_fuel(1_000_000).unwrap();
    assert_eq!(f.call(&mut store, 1000).unwrap(), 1000);
    let used = 1_000_000 - store.get_fuel().unwrap();
    // One unit per executed wasm instruction: 9 per iteration.
    assert!((9_000..9_100).contains(&used), "used {used}");
    store.set_fuel(100).unwrap();
    let err = f.call(&mut store, 1000).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
    assert_eq!(store.get_fuel().unwrap(), 0);
    let plain = Store::new(&Engine::default(), ());
    assert!(plain.get_fuel().is_err());
}

#[test]
fn eager_translation_and_code_sizes() {
    let mut config = Config::new();
    config.translation(Translation::Eager);
    let engine = Engine::new(&config);
    let module = Module::new(
        &engine,
        r#"(module
        (func (export "a") (result i32) (i32.const 1))
        (func (export "b") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))"#,
    )
    .unwrap();
    let (translated, wasm) = module.code_sizes();
    assert!(translated > 0 && wasm > 0);
    let lazy = Module::new(&Engine::default(), r#"(module (func (export "a")))"#).unwrap();
    assert_eq!(lazy.code_sizes(), (0, 0));
}

#[test]
#[cfg(feature = "validate")]
fn lazy_validation_defers_bodies_to_their_first_call() {
    // Function 1's body is invalid: an alignment hint larger than the access. Only the
    // validator checks that (the translator ignores hints), so the errors below come
    // from validation.
    let wat = r#"(module
        (memory 1)
        (func (export "ok") (result i32) (i32.const 7))
        (func (export "bad") (result i32) (i32.load align=8 (i32.const 0)))
        (func (export "calls_bad") (result i32) (call 1)))"#;
    let wasm = wat::parse_str(wat).unwrap();
    // Eager validation (the default, and eager translation) rejects the module.
    for mode in [Translation::Lazy, Translation::Eager] {
        let mut config = Config::new();
        config.translation(mode);
        let err = Module::new(&Engine::new(&config), &wasm).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::Invalid(_)),
            "{mode:?}: {err}"
        );
        assert!(err.to_string().contains("alignment"), "{err}");
    }
    let mut config = Config::new();
    config.translation(Translation::LazyValidation);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, &wasm).unwrap();
    // Module::validate still checks every body.
    let err = Module::validate(&engine, &wasm).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Invalid(_)), "{err}");
    // Without validation the same module runs "bad" (the hint is ignored).
    let mut unchecked = Config::new();
    unchecked.validate(false);
    let e2 = Engine::new(&unchecked);
    let m2 = Module::new(&e2, &wasm).unwrap();
    let mut s2 = Store::new(&e2, ());
    let i2 = Linker::new(&e2).instantiate(&mut s2, &m2).unwrap();
    let f2 = i2.get_typed_func::<(), i32>(&s2, "bad").unwrap();
    assert_eq!(f2.call(&mut s2, ()).unwrap(), 0);
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let ok = inst.get_typed_func::<(), i32>(&store, "ok").unwrap();
    assert_eq!(ok.call(&mut store, ()).unwrap(), 7);
    // Each call of the invalid body fails with the validator's error, directly or
    // through a call from a valid function; nothing is translated for it.
    for name in ["bad", "calls_bad", "bad"] {
        let f = inst.get_typed_func::<(), i32>(&store, name).unwrap();
        let err = f.call(&mut store, ()).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Invalid(_)), "{name}: {err}");
        assert!(err.to_string().contains("alignment"), "{err}");
    }
    assert_eq!(ok.call(&mut store, ()).unwrap(), 7);
    // Sections other than the code are still validated while loading.
    let bad_export = wat::parse_str(r#"(module (func) (export "f" (func 5)))"#).unwrap();
    assert!(Module::new(&engine, &bad_export).is_err());
}

#[test]
fn memory_and_table_caps() {
    let mut config = Config::new();
    config.max_memory_bytes(2 * 65536).max_table_elements(100);
    let engine = Engine::new(&config);
    let mut store = Store::new(&engine, ());
    let linker = Linker::new(&engine);
    let too_big = Module::new(&engine, "(module (memory 3))").unwrap();
    assert!(linker.instantiate(&mut store, &too_big).is_err());
    let big_table = Module::new(&engine, "(module (table 1000 funcref))").unwrap();
    assert!(linker.instantiate(&mut store, &big_table).is_err());
    let inst = instantiate(
        &engine,
        &linker,
        &mut store,
        r#"(module (memory 1) (table 10 funcref)
        (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
        (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))"#,
    );
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 1).unwrap(), 1);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    let tgrow = inst.get_typed_func::<i32, i32>(&store, "tgrow").unwrap();
    assert_eq!(tgrow.call(&mut store, 90).unwrap(), 10);
    assert_eq!(tgrow.call(&mut store, 1).unwrap(), -1);
}

/// `Config::memory_cap`: a module declaring one 64 KiB page runs in 16 KiB; accesses
/// between the cap and the declared size trap with their own code.
#[test]
fn memory_cap_below_the_declared_size() {
    let mut config = Config::new();
    config.memory_cap(16 << 10);
    let engine = Engine::new(&config);
    let mut store = Store::new(&engine, ());
    let linker = Linker::new(&engine);
    let inst = instantiate(
        &engine,
        &linker,
        &mut store,
        r#"(module (memory (export "mem") 1 4)
        (data (i32.const 16380) "abcd")
        (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
        (func (export "load_off") (param i32) (result i32) (i32.load offset=100 (local.get 0)))
        (func (export "store") (param i32) (i64.store (local.get 0) (i64.const -1)))
        (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 7) (local.get 1)))
        (func (export "size") (result i32) (memory.size))
        (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    );
    let load = inst.get_typed_func::<i32, i32>(&store, "load").unwrap();
    let load_off = inst.get_typed_func::<i32, i32>(&store, "load_off").unwrap();
    let store_ = inst.get_typed_func::<i32, ()>(&store, "store").unwrap();
    let fill = inst
        .get_typed_func::<(i32, i32), ()>(&store, "fill")
        .unwrap();
    let size = inst.get_typed_func::<(), i32>(&store, "size").unwrap();
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    let mem = inst.get_memory(&store, "mem").unwrap();
    // The module still has its page; the host sees the backed part.
    assert_eq!(size.call(&mut store, ()).unwrap(), 1);
    assert_eq!(mem.size(&store), 1);
    assert_eq!(mem.data_size(&store), 16 << 10);
    assert_eq!(load.call(&mut store, 16383).unwrap(), i32::from(b'd'));
    let trap = |r: Result<i32>| r.unwrap_err().trap_code();
    let cap = Some(TrapCode::MemoryCapExceeded);
    let oob = Some(TrapCode::MemoryOutOfBounds);
    assert_eq!(trap(load.call(&mut store, 16384)), cap);
    assert_eq!(trap(load.call(&mut store, 65535)), cap);
    assert_eq!(trap(load.call(&mut store, 65536)), oob);
    assert_eq!(trap(load.call(&mut store, -1)), oob);
    assert_eq!(trap(load_off.call(&mut store, 16300)), cap);
    assert_eq!(trap(load_off.call(&mut store, 65436)), oob);
    assert!(store_.call(&mut store, 16376).is_ok());
    let err = store_.call(&mut store, 16380).unwrap_err();
    assert_eq!(err.trap_code(), cap);
    assert_eq!(
        err.to_string(),
        "memory access beyond the configured memory cap"
    );
    assert!(fill.call(&mut store, (0, 16 << 10)).is_ok());
    assert_eq!(
        fill.call(&mut store, (0, (16 << 10) + 1))
            .unwrap_err()
            .trap_code(),
        cap
    );
    assert_eq!(
        fill.call(&mut store, (0, 65537)).unwrap_err().trap_code(),
        oob
    );
    // Already beyond the cap: it cannot grow.
    assert_eq!(grow.call(&mut store, 0).unwrap(), 1);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);

    // A data segment beyond the cap fails instantiation with the same trap.
    let far = Module::new(
        &engine,
        r#"(module (memory 1) (data (i32.const 20000) "x"))"#,
    )
    .unwrap();
    let err = linker.instantiate(&mut store, &far).unwrap_err();
    assert_eq!(err.trap_code(), cap);

    // Below the cap, memories grow up to it.
    let mut config = Config::new();
    config.memory_cap(2 << 16);
    let engine = Engine::new(&config);
    let mut store = Store::new(&engine, ());
    let inst = instantiate(
        &engine,
        &Linker::new(&engine),
        &mut store,
        r#"(module (memory 0)
        (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    );
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 2).unwrap(), 0);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
}

#[test]
fn handles_and_dynamic_calls() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let g = Global::new(
        &mut store,
        GlobalType::new(ValType::I64, Mutability::Var),
        Val::I64(40),
    )
    .unwrap();
    let t = Table::new(
        &mut store,
        TableType::new(ValType::FuncRef, 2, None),
        Val::FuncRef(None),
    )
    .unwrap();
    let m = Memory::new(&mut store, MemoryType::new(1, Some(2))).unwrap();
    let add = Func::new(
        &mut store,
        FuncType::new([ValType::I32, ValType::I32], [ValType::I32]),
        |_c, args, res| {
            res[0] = Val::I32(args[0].i32().unwrap() + args[1].i32().unwrap());
            Ok(())
        },
    );
    linker
        .define("env", "g", g)
        .unwrap()
        .define("env", "t", t)
        .unwrap()
        .define("env", "m", m)
        .unwrap();
    linker.define("env", "add", add).unwrap();
    assert!(
        linker.define("env", "add", add).is_err(),
        "shadowing is off by default"
    );
    let inst = instantiate(
        &engine,
        &linker,
        &mut store,
        r#"(module
        (import "env" "g" (global $g (mut i64)))
        (import "env" "t" (table 2 funcref))
        (import "env" "m" (memory 1 2))
        (import "env" "add" (func $add (param i32 i32) (result i32)))
        (elem (i32.const 1) $add)
        (func (export "bump") (result i64) (global.set $g (i64.add (global.get $g) (i64.const 2))) (global.get $g))
        (func (export "via_table") (param i32 i32) (result i32)
          (call_indirect (param i32 i32) (result i32) (local.get 0) (local.get 1) (i32.const 1)))
        (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))"#,
    );
    let bump = inst.get_func(&store, "bump").unwrap();
    let mut out = [Val::I64(0)];
    bump.call(&mut store, &[], &mut out).unwrap();
    assert_eq!(out[0].i64(), Some(42));
    assert_eq!(g.get(&store).i64(), Some(42));
    g.set(&mut store, Val::I64(0)).unwrap();
    assert!(g.set(&mut store, Val::I32(0)).is_err());
    assert!(
        bump.call(&mut store, &[Val::I32(1)], &mut out).is_err(),
        "wrong arity is an error"
    );
    let via = inst
        .get_typed_func::<(i32, i32), i32>(&store, "via_table")
        .unwrap();
    assert_eq!(via.call(&mut store, (20, 22)).unwrap(), 42);
    assert!(matches!(t.get(&store, 1), Some(Val::FuncRef(Some(_)))));
    assert!(t.get(&store, 2).is_none());
    let st = inst
        .get_typed_func::<(i32, i32), ()>(&store, "store")
        .unwrap();
    st.call(&mut store, (8, 0x01020304)).unwrap();
    let mut buf = [0u8; 4];
    m.read(&store, 8, &mut buf).unwrap();
    assert_eq!(buf, [4, 3, 2, 1]);
    assert!(m.read(&store, 65535, &mut buf).is_err());
    assert_eq!(m.grow(&mut store, 1).unwrap(), 1);
    assert!(m.grow(&mut store, 1).is_err());
    assert!(
        inst.get_typed_func::<i32, i32>(&store, "store").is_err(),
        "type mismatch is reported"
    );
}

#[test]
fn calls_across_instances_switch_memory() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let a = instantiate(
        &engine,
        &linker,
        &mut store,
        r#"(module
        (memory (export "mem") 1) (data (i32.const 0) "\07")
        (func (export "read0") (result i32) (i32.load8_u (i32.const 0))))"#,
    );
    linker.instance(&mut store, "a", a).unwrap();
    let b = instantiate(
        &engine,
        &linker,
        &mut store,
        r#"(module
        (import "a" "read0" (func $read0 (result i32)))
        (memory 1) (data (i32.const 0) "\05")
        (func (export "sum") (result i32)
          (i32.add (i32.add (i32.load8_u (i32.const 0)) (call $read0)) (i32.load8_u (i32.const 0)))))"#,
    );
    let sum = b.get_typed_func::<(), i32>(&store, "sum").unwrap();
    assert_eq!(sum.call(&mut store, ()).unwrap(), 5 + 7 + 5);
}

#[test]
fn missing_import_is_named() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let module = Module::new(&engine, r#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))))"#).unwrap();
    let err = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap_err();
    assert!(
        err.to_string().contains("wasi_snapshot_preview1::fd_write"),
        "{err}"
    );
    assert!(matches!(err.kind(), ErrorKind::Link(_)));
}

#[test]
fn malformed_and_invalid_modules_are_errors() {
    let engine = Engine::default();
    assert!(matches!(
        Module::new(&engine, b"\0asm\x01\0\0\0\x01")
            .unwrap_err()
            .kind(),
        ErrorKind::Malformed(_)
    ));
    // Without the validator, a body is checked when it is translated: eagerly here.
    let mut config = Config::new();
    config.translation(Translation::Eager);
    let engine = Engine::new(&config);
    let err = Module::new(&engine, "(module (func (result i32) (i64.const 0)))").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Invalid(_)), "{err:?}");
    assert!(Module::new(&engine, "(module (func").is_err());
}

/// `a + (i << k)` folded into one load wraps exactly like the separate instructions,
/// and traps where they would.
#[test]
fn scaled_index_loads_wrap_and_trap_like_separate_instructions() {
    let wat = r#"(module (memory 1)
        (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
        (func (export "l32") (param i32 i32) (result i32)
            (i32.load offset=1 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))))
        (func (export "l64") (param i32 i32) (result i64)
            (i64.load (i32.add (i32.shl (local.get 1) (i32.const 3)) (local.get 0))))
        (func (export "l8") (param i32 i32) (result i32)
            (i32.load8_u (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 33))))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let l32 = instance
        .get_typed_func::<(i32, i32), i32>(&store, "l32")
        .unwrap();
    let l64 = instance
        .get_typed_func::<(i32, i32), i64>(&store, "l64")
        .unwrap();
    let l8 = instance
        .get_typed_func::<(i32, i32), i32>(&store, "l8")
        .unwrap();
    assert_eq!(l32.call(&mut store, (2, 1)).unwrap(), 0x0b0a_0908);
    // 0xffff_fffc + (1 << 2) wraps to 0.
    assert_eq!(l32.call(&mut store, (-4, 1)).unwrap(), 0x0504_0302);
    assert_eq!(l64.call(&mut store, (0, 1)).unwrap(), 0x100f_0e0d_0c0b_0a09);
    // The shift is taken mod 32 (33 -> 1); the index's high bits fall off.
    assert_eq!(l8.call(&mut store, (1, 0x8000_0001u32 as i32)).unwrap(), 4);
    assert!(l32.call(&mut store, (65536 - 4, 0)).is_err());
    assert!(l64.call(&mut store, (1, 8191)).is_err());
    assert_eq!(l64.call(&mut store, (8, 8190)).unwrap(), 0);
}

#[test]
fn zero_extending_loads_with_folded_addresses() {
    let wat = r#"(module (memory 1)
        (data (i32.const 8) "\f1\f2\f3\f4")
        (func (export "aa") (param i32 i32) (result i64)
            (i64.load32_u (i32.add (local.get 0) (local.get 1))))
        (func (export "as") (param i32 i32) (result i64)
            (i64.load32_u (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let aa = instance
        .get_typed_func::<(i32, i32), i64>(&store, "aa")
        .unwrap();
    let as_ = instance
        .get_typed_func::<(i32, i32), i64>(&store, "as")
        .unwrap();
    assert_eq!(aa.call(&mut store, (4, 4)).unwrap(), 0xf4f3_f2f1);
    assert_eq!(as_.call(&mut store, (4, 1)).unwrap(), 0xf4f3_f2f1);
    assert!(aa.call(&mut store, (65533, 0)).is_err());
    assert!(as_.call(&mut store, (1, 16383)).is_err());
}

/// Fused float compare-and-branch: `br_if` on a comparison and `if` (which branches on
/// its negation) agree with the plain comparison for every operator, including NaN
/// operands, with the right operand in a slot or a constant.
#[test]
fn float_compare_and_branch_agree_with_the_comparison() {
    let ops = ["eq", "ne", "lt", "gt", "le", "ge"];
    let mut funcs = String::new();
    for t in ["f32", "f64"] {
        for op in ops {
            // br_if, slot operand; if, slot operand; br_if and if against constants.
            funcs += &format!(
                "(func (export \"{t}_{op}_br\") (param {t} {t}) (result i32)
                    (block (br_if 0 ({t}.{op} (local.get 0) (local.get 1))) (return (i32.const 0)))
                    (i32.const 1))
                 (func (export \"{t}_{op}_if\") (param {t} {t}) (result i32)
                    (if (result i32) ({t}.{op} (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))
                 (func (export \"{t}_{op}_brk\") (param {t}) (result i32)
                    (block (br_if 0 ({t}.{op} (local.get 0) ({t}.const 1.5))) (return (i32.const 0)))
                    (i32.const 1))
                 (func (export \"{t}_{op}_ifk\") (param {t}) (result i32)
                    (if (result i32) ({t}.{op} (local.get 0) ({t}.const nan)) (then (i32.const 1)) (else (i32.const 0))))
                 (func (export \"{t}_{op}_plain\") (param {t} {t}) (result i32)
                    ({t}.{op} (local.get 0) (local.get 1)))\n"
            );
        }
    }
    let engine = Engine::default();
    let module = Module::new(&engine, format!("(module {funcs})")).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let values = [-1.0f64, 0.0, 1.5, 2.0, f64::NAN, f64::INFINITY];
    for t in ["f32", "f64"] {
        for op in ops {
            let call = |store: &mut Store<()>, name: &str, args: &[Val]| {
                let f = instance
                    .get_func(&*store, &format!("{t}_{op}_{name}"))
                    .unwrap();
                let mut out = [Val::I32(0)];
                f.call(store, args, &mut out).unwrap();
                match out[0] {
                    Val::I32(v) => v,
                    _ => unreachable!(),
                }
            };
            let val = |x: f64| {
                if t == "f32" {
                    Val::F32((x as f32).to_bits())
                } else {
                    Val::F64(x.to_bits())
                }
            };
            let expect = |x: f64, y: f64| -> i32 {
                (match op {
                    "eq" => x == y,
                    "ne" => x != y,
                    "lt" => x < y,
                    "gt" => x > y,
                    "le" => x <= y,
                    _ => x >= y,
                }) as i32
            };
            for x in values {
                for y in values {
                    let args = [val(x), val(y)];
                    let e = expect(x, y);
                    assert_eq!(call(&mut store, "plain", &args), e, "{t}.{op} {x} {y}");
                    assert_eq!(call(&mut store, "br", &args), e, "br_if {t}.{op} {x} {y}");
                    assert_eq!(call(&mut store, "if", &args), e, "if {t}.{op} {x} {y}");
                }
                let e = expect(x, 1.5);
                assert_eq!(
                    call(&mut store, "brk", &[val(x)]),
                    e,
                    "br_if {t}.{op} {x} 1.5"
                );
                let e = expect(x, f64::NAN);
                assert_eq!(call(&mut store, "ifk", &[val(x)]), e, "if {t}.{op} {x} nan");
            }
        }
    }
}

#[test]
fn constant_address_loads_and_stores_check_bounds() {
    let wat = r#"(module (memory 1)
        (func (export "rw") (param i64) (result i64)
            (i64.store offset=8 (i32.const 65520) (local.get 0))
            (i32.store8 (i32.const 3) (i32.const 0x1ff))
            (i64.add (i64.load (i32.const 65528)) (i64.load32_u (i32.const 0))))
        (func (export "load_oob") (result i32) (i32.load offset=1 (i32.const 65532)))
        (func (export "store_oob") (i32.store8 (i32.const 65536) (i32.const 1)))
        (func (export "wraps_not") (result i32) (i32.load offset=4294967295 (i32.const 1))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let rw = instance.get_typed_func::<i64, i64>(&store, "rw").unwrap();
    assert_eq!(rw.call(&mut store, 40).unwrap(), 40 + 0xff00_0000);
    for name in ["load_oob", "wraps_not"] {
        let f = instance.get_typed_func::<(), i32>(&store, name).unwrap();
        let e = f.call(&mut store, ()).unwrap_err();
        assert_eq!(e.trap_code(), Some(TrapCode::MemoryOutOfBounds), "{name}");
    }
    let f = instance
        .get_typed_func::<(), ()>(&store, "store_oob")
        .unwrap();
    assert_eq!(
        f.call(&mut store, ()).unwrap_err().trap_code(),
        Some(TrapCode::MemoryOutOfBounds)
    );
}
