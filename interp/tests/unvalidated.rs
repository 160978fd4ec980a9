//! Without validation (`Config::validate(false)`, or a build without the `validate`
//! feature) the decoder and the translator must still reject everything memory safety
//! depends on. Each module below is invalid in a way that would break the engine's
//! assumptions (slot layout, indices, block structure) if it were translated; each must
//! be an error, never a panic. Invalid modules the engine does not depend on being
//! rejected may compile, and then run safely.

use wint::*;

fn engine() -> Engine {
    let mut config = Config::new();
    config.validate(false).translation(Translation::Eager);
    Engine::new(&config)
}

#[track_caller]
fn rejected(what: &str, wat: &str) {
    let bytes = wat::parse_str(wat).unwrap_or_else(|e| panic!("{what}: {e}"));
    match Module::new(&engine(), &bytes) {
        Ok(_) => panic!("{what}: accepted"),
        Err(e) => {
            if std::env::var_os("WINT_SHOW").is_some() {
                println!("{what}: {e}");
            }
            assert!(
                matches!(e.kind(), ErrorKind::Invalid(_) | ErrorKind::Malformed(_)),
                "{what}: {e:?}"
            )
        }
    }
}

#[test]
fn operand_types_and_heights() {
    rejected("result type", "(module (func (result i32) i64.const 0))");
    rejected(
        "v128 read as a scalar",
        "(module (func (param v128) (result i32) local.get 0))",
    );
    rejected(
        "scalar read as a v128",
        "(module (func (param i64 i64) (result v128) local.get 0 local.get 1 i8x16.add))",
    );
    rejected("underflow", "(module (func i32.add drop))");
    rejected(
        "operand of an enclosing block",
        "(module (func i32.const 1 (block (drop))))",
    );
    rejected(
        "values left at the end of a block",
        "(module (func (block i32.const 1)))",
    );
    rejected(
        "too few results",
        "(module (func (result i32 i32) i32.const 1))",
    );
    rejected(
        "select of two types",
        "(module (func (result i32) i32.const 1 i64.const 2 i32.const 0 select))",
    );
    rejected(
        "store value type",
        "(module (memory 1) (func i32.const 0 f32.const 1 i32.store))",
    );
    rejected(
        "if without else changes types",
        "(module (func (result i32) i32.const 1 (if (result i32) (then i32.const 2))))",
    );
    rejected(
        "branch values",
        "(module (func (block (result i64) i32.const 1 br 0) drop))",
    );
    rejected(
        "br_if condition",
        "(module (func (block i64.const 1 br_if 0)))",
    );
    rejected(
        "br_table target values",
        "(module (func (block (result f32) i32.const 0 i32.const 0 br_table 0 0) drop))",
    );
    rejected(
        "call arguments",
        "(module (func $f (param i32)) (func i64.const 1 call $f))",
    );
    rejected(
        "call_indirect arguments",
        "(module (type $t (func (param f64))) (table 1 funcref) \
         (func i32.const 1 i32.const 0 call_indirect (type $t)))",
    );
    rejected(
        "ref.is_null of a number",
        "(module (func (result i32) i32.const 0 ref.is_null))",
    );
    rejected(
        "reinterpret of the wrong type",
        "(module (func (result f32) i64.const 0 f32.reinterpret_i32))",
    );
}

#[test]
fn indices() {
    rejected("local", "(module (func local.get 3 drop))");
    rejected("local.set", "(module (func i32.const 0 local.set 0))");
    rejected("global", "(module (func global.get 0 drop))");
    rejected(
        "immutable global",
        "(module (global i32 (i32.const 0)) (func i32.const 1 global.set 0))",
    );
    rejected("function", "(module (func call 7))");
    rejected("ref.func", "(module (func ref.func 7 drop))");
    rejected("label", "(module (func br 1))");
    rejected("br_table label", "(module (func i32.const 0 br_table 0 5))");
    rejected("type of a block", "(module (func (block (type 9))))");
    rejected("memory", "(module (func i32.const 0 i32.load drop))");
    rejected("memory.size", "(module (func memory.size drop))");
    rejected("data segment", "(module (memory 1) (func data.drop 0))");
    rejected("table", "(module (func i32.const 0 table.get 0 drop))");
    rejected(
        "element segment",
        "(module (table 1 funcref) (func elem.drop 0))",
    );
    rejected(
        "call_indirect on an externref table",
        "(module (table 1 externref) (func i32.const 0 call_indirect))",
    );
    rejected(
        "externref into a funcref table",
        "(module (table 1 funcref) (func (param externref) i32.const 0 local.get 0 table.set 0))",
    );
    rejected(
        "table.copy between element types",
        "(module (table 1 funcref) (table 1 externref) \
         (func i32.const 0 i32.const 0 i32.const 0 table.copy 0 1))",
    );
    rejected(
        "table.init from a segment of another type",
        "(module (table 1 externref) (elem funcref (ref.func 0)) \
         (func i32.const 0 i32.const 0 i32.const 0 table.init 0 0))",
    );
}

#[test]
fn module_level() {
    rejected(
        "global initializer type",
        "(module (global i32 (i64.const 0)))",
    );
    rejected(
        "global initializer reads a later global",
        "(module (global i32 (global.get 1)) (global i32 (i32.const 0)))",
    );
    rejected(
        "global initializer reads a mutable global",
        "(module (global (import \"m\" \"g\") (mut i32)) (global i32 (global.get 0)))",
    );
    rejected(
        "not a constant",
        "(module (global i32 (i32.const 1) (i32.const 2) (i32.add) (drop)))",
    );
    rejected(
        "segment offset type",
        "(module (memory 1) (data (i64.const 0) \"x\"))",
    );
    rejected(
        "element type against its table",
        "(module (table 1 externref) (func) (elem (table 0) (i32.const 0) func 0))",
    );
    rejected(
        "unknown table of a segment",
        "(module (func) (elem (table 3) (i32.const 0) func 0))",
    );
    rejected(
        "unknown memory of a segment",
        "(module (data (i32.const 0) \"x\"))",
    );
    rejected(
        "unknown function in a segment",
        "(module (table 1 funcref) (elem (i32.const 0) 4))",
    );
    rejected("export", "(module (export \"f\" (func 3)))");
    rejected(
        "start function type",
        "(module (func (param i32)) (start 0))",
    );
    rejected("unknown start function", "(module (start 0))");
    rejected("memory limits", "(module (memory 2 1))");
    rejected("memory too large", "(module (memory 65537))");
    rejected("table limits", "(module (table 2 1 funcref))");
    rejected("two memories", "(module (memory 1) (memory 1))");
    rejected("custom page size", "(module (memory 1 (pagesize 1)))");
}

#[test]
fn binary_structure() {
    let engine = engine();
    // A body that ends without its `end`: the threaded code would run off its end.
    let body_without_end: &[u8] = &[
        0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // header
        1, 4, 1, 0x60, 0, 0, // type () -> ()
        3, 2, 1, 0, // one function
        10, 5, 1, 3, 0, 0x01, 0x01, // body: nop nop (no end)
    ];
    assert!(Module::new(&engine, body_without_end).is_err());
    // `else` inside a `block`.
    let else_in_block: &[u8] = &[
        0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, //
        10, 8, 1, 6, 0, 0x02, 0x40, 0x05, 0x0b, 0x0b, // block else end end
    ];
    assert!(Module::new(&engine, else_in_block).is_err());
    // A function section without the code section.
    let no_code: &[u8] = &[
        0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0,
    ];
    assert!(Module::new(&engine, no_code).is_err());
    // Too many locals.
    let many_locals: &[u8] = &[
        0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, //
        10, 9, 1, 7, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, // 2^32-1 i32 locals
    ];
    assert!(Module::new(&engine, many_locals).is_err());
}

/// What the engine does not depend on may pass without validation, and then runs.
#[test]
fn accepted_invalid_modules_run_safely() {
    let engine = engine();
    let wat = r#"(module
      (memory 1)
      (func (export "dead") (result i32)
        unreachable
        i64.const 1 f32.add)                    ;; type error in unreachable code
      (func (export "align") (result i32)
        i32.const 0 i32.load align=64))          ;; alignment hint above the natural one"#;
    let bytes = wat::parse_str(wat).unwrap();
    assert!(Module::validate(&Engine::default(), &bytes).is_err() || !cfg!(feature = "validate"));
    let module = Module::new(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let dead = inst.get_typed_func::<(), i32>(&store, "dead").unwrap();
    assert_eq!(
        dead.call(&mut store, ()).unwrap_err().trap_code(),
        Some(TrapCode::Unreachable)
    );
    let align = inst.get_typed_func::<(), i32>(&store, "align").unwrap();
    assert_eq!(align.call(&mut store, ()).unwrap(), 0);
}

/// Lazy translation (the default) checks a body at its first call.
#[test]
fn lazy_translation_reports_at_the_first_call() {
    let mut config = Config::new();
    config.validate(false);
    let engine = Engine::new(&config);
    let module = Module::new(
        &engine,
        wat::parse_str("(module (func (export \"f\") (result i32) i64.const 0))").unwrap(),
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = inst.get_typed_func::<(), i32>(&store, "f").unwrap();
    let err = f.call(&mut store, ()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Invalid(_)), "{err:?}");
}

#[cfg(not(feature = "validate"))]
#[test]
fn validation_cannot_be_asked_for_without_the_feature() {
    let mut config = Config::new();
    config.validate(true);
    let err = Module::new(&Engine::new(&config), b"\0asm\x01\0\0\0").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Usage(_)), "{err:?}");
}

#[cfg(not(feature = "simd"))]
#[test]
fn simd_is_rejected_without_the_feature() {
    let mut config = Config::new();
    config.translation(Translation::Eager);
    let engine = Engine::new(&config);
    let bytes = wat::parse_str("(module (func (param v128)))").unwrap();
    let err = Module::new(&engine, &bytes).unwrap_err();
    assert!(err.to_string().contains("cargo feature `simd`"), "{err}");
    let bytes = wat::parse_str("(module (func i32.const 0 i8x16.splat drop))").unwrap();
    let err = Module::new(&engine, &bytes).unwrap_err();
    assert!(err.to_string().contains("SIMD"), "{err}");
}
