//! The dispatch backends never grow the native stack with guest execution.
//!
//! With tail-call threading (release builds on x86_64/aarch64), a handler that lost its
//! sibling call would push a native frame per executed instruction; running a long loop
//! on a small thread stack overflows then. Deep guest recursion must trap with "call
//! stack exhausted" in every build, never overflow the native stack.

use std::thread;
use wint::{Config, Engine, Linker, Module, Store, TrapCode};

const SMALL_STACK: usize = 256 * 1024;

fn on_small_stack<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

const LOOP: &str = r#"
(module
  (memory 1)
  (global $g (mut i64) (i64.const 0))
  (func (export "spin") (param $n i32) (result i64)
    (local $i i32) (local $acc i64) (local $f f64)
    (loop $l
      (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $i))))
      (i32.store (i32.and (local.get $i) (i32.const 1020)) (local.get $i))
      (local.set $f (f64.add (local.get $f) (f64.convert_i32_s (i32.load (i32.const 0)))))
      (global.set $g (i64.add (global.get $g) (i64.const 1)))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i64.add (local.get $acc) (global.get $g))))
"#;

#[test]
fn long_loop_on_small_native_stack() {
    let r = on_small_stack(|| {
        let engine = Engine::default();
        let module = Module::new(&engine, LOOP).unwrap();
        let mut store = Store::new(&engine, ());
        let inst = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let spin = inst.get_typed_func::<i32, i64>(&store, "spin").unwrap();
        spin.call(&mut store, 2_000_000).unwrap()
    });
    let n: i64 = 2_000_000;
    assert_eq!(r, n * (n - 1) / 2 + n);
}

const RECURSE: &str = r#"
(module
  (func $down (export "down") (param i64) (result i64)
    (i64.add (call $down (i64.add (local.get 0) (i64.const 1))) (i64.const 1))))
"#;

#[test]
fn unbounded_recursion_traps_without_native_overflow() {
    for depth in [1_000u32, 100_000] {
        let code = on_small_stack(move || {
            let mut config = Config::new();
            config.max_call_depth(depth);
            let engine = Engine::new(&config);
            let module = Module::new(&engine, RECURSE).unwrap();
            let mut store = Store::new(&engine, ());
            let inst = Linker::new(&engine)
                .instantiate(&mut store, &module)
                .unwrap();
            let f = inst.get_typed_func::<i64, i64>(&store, "down").unwrap();
            let err = f.call(&mut store, 0).unwrap_err();
            assert_eq!(err.to_string(), "call stack exhausted");
            err.trap_code()
        });
        assert_eq!(code, Some(TrapCode::StackOverflow));
    }
}

#[test]
fn value_stack_limit_traps() {
    let mut config = Config::new();
    config.max_stack_bytes(64 * 1024);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, RECURSE).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let f = inst.get_typed_func::<i64, i64>(&store, "down").unwrap();
    let err = f.call(&mut store, 0).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow));
    // The store stays usable after a trap.
    let err2 = f.call(&mut store, 0).unwrap_err();
    assert_eq!(err2.trap_code(), Some(TrapCode::StackOverflow));
}

#[test]
fn release_builds_use_tail_calls_on_x86_64() {
    // build.rs selects tail-call threading at opt-level >= 2 on x86_64/aarch64/riscv64
    // unless WINT_DISPATCH=loop or the `loop-dispatch` feature forces the loop.
    let forced_loop =
        option_env!("WINT_DISPATCH") == Some("loop") || option_env!("WINT_EXPECT_LOOP").is_some();
    if option_env!("WINT_DISPATCH") == Some("match") {
        assert_eq!(wint::DISPATCH, "match");
    } else if cfg!(all(
        not(debug_assertions),
        any(target_arch = "x86_64", target_arch = "aarch64")
    )) && !forced_loop
    {
        assert_eq!(wint::DISPATCH, "tail-call");
    } else if cfg!(debug_assertions) {
        assert_eq!(wint::DISPATCH, "loop");
    }
}
