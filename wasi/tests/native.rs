//! Tests of the native backend with small text-format guests (no wasm toolchain needed):
//! the glue around wasi-common, and what this crate adds to it.
#![cfg(all(feature = "native", any(unix, windows)))]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use wint::{Engine, Linker, Module, Store};
use wint_wasi::wasi_common::pipe::WritePipe;
use wint_wasi::{WasiCtx, WasiCtxBuilder};

/// Errno values of WASI preview1 used below.
const EINVAL: i32 = 28;
const ENOTCAPABLE: i32 = 76;

/// A fresh empty directory under the system's temporary directory.
fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "wint-wasi-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Outcome {
    result: wint::Result<Vec<i64>>,
    stdout: String,
}

/// Instantiates `wat` with WASI set up by `setup`, calls its export `run` (which
/// returns i64 values) and collects stdout.
fn run(wat: &str, setup: impl FnOnce(&mut WasiCtxBuilder)) -> Outcome {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).expect("valid test module");
    let out = WritePipe::new_in_memory();
    let mut b = WasiCtxBuilder::new();
    b.stdout(Box::new(out.clone()));
    setup(&mut b);
    let wasi = b.build().expect("WASI context");
    let mut linker: Linker<WasiCtx> = Linker::new(&engine);
    wint_wasi::add_to_linker(&mut linker, |c: &mut WasiCtx| c).unwrap();
    let mut store = Store::new(&engine, wasi);
    let result = linker
        .instantiate(&mut store, &module)
        .and_then(|instance| {
            let f = instance.get_func(&store, "run").expect("export `run`");
            let n = f.ty(&store).results().len();
            let mut results = vec![wint::Val::I64(0); n];
            f.call(&mut store, &[], &mut results)?;
            Ok(results.iter().map(|v| v.i64().unwrap()).collect())
        });
    drop(store);
    let stdout = String::from_utf8(
        out.try_into_inner()
            .expect("the store released stdout")
            .into_inner(),
    )
    .unwrap();
    Outcome { result, stdout }
}

const IMPORTS: &str = r#"
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "proc_raise" (func $proc_raise (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_res_get" (func $clock_res_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_allocate" (func $fd_allocate (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (param i32 i32) (result i32)))
"#;

fn module(body: &str) -> String {
    format!("(module {IMPORTS} (memory (export \"memory\") 1) {body})")
}

#[test]
fn defines_every_preview1_function() {
    let engine = Engine::default();
    let mut linker: Linker<WasiCtx> = Linker::new(&engine);
    wint_wasi::add_to_linker(&mut linker, |c: &mut WasiCtx| c).unwrap();
    let mut store = Store::new(&engine, WasiCtxBuilder::new().build().unwrap());
    for name in wint_wasi::FUNCTIONS {
        assert!(
            linker.get(&mut store, wint_wasi::MODULE, name).is_some(),
            "{name} is not defined"
        );
    }
}

#[test]
fn write_to_stdout_and_sizes_of_args_and_env() {
    let wat = module(
        r#"(data (i32.const 100) "hi\n")
        (func (export "run") (result i64 i64 i64 i64 i64)
          (i32.store (i32.const 0) (i32.const 100))
          (i32.store (i32.const 4) (i32.const 3))
          (i64.extend_i32_u (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
          (i64.load32_u (i32.const 8))
          (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
          (i64.load32_u (i32.const 16))
          (i64.load32_u (i32.const 20))
          (drop (call $environ_sizes_get (i32.const 16) (i32.const 20)))
          (i64.load32_u (i32.const 16)))"#,
    );
    let o = run(&wat, |b| {
        b.arg("prog").arg("x").env("A", "1").env("B", "22");
    });
    // errno 0, 3 bytes written; 2 args of 5+2 bytes (NULs included); 2 variables.
    assert_eq!(o.result.unwrap(), [0, 3, 2, 7, 2]);
    assert_eq!(o.stdout, "hi\n");
}

#[test]
fn proc_exit_unwinds_with_the_status() {
    let wat = module(r#"(func (export "run") (call $proc_exit (i32.const 3)) unreachable)"#);
    let e = run(&wat, |_| {}).result.unwrap_err();
    assert_eq!(e.exit_status(), Some(3));
}

#[test]
fn proc_raise_follows_default_actions() {
    let wat = module(
        r#"(func (export "run") (result i64 i64 i64)
          (i64.extend_i32_u (call $proc_raise (i32.const 16)))
          (i64.extend_i32_u (call $proc_raise (i32.const 0)))
          (i64.extend_i32_u (call $proc_raise (i32.const 99))))"#,
    );
    // SIGCHLD is ignored, 0 is no signal, 99 is no signal number.
    assert_eq!(run(&wat, |_| {}).result.unwrap(), [0, 0, EINVAL as i64]);

    let wat = module(
        r#"(func (export "run") (result i64)
          (i64.extend_i32_u (call $proc_raise (i32.const 15))))"#,
    );
    let e = run(&wat, |_| {}).result.unwrap_err();
    assert!(matches!(e.kind(), wint::ErrorKind::Host(_)), "{e:?}");
    assert!(e.to_string().contains("SIGTERM"), "{e}");
}

#[test]
fn bad_pointers_are_errors_not_panics() {
    // Out of bounds.
    let wat = module(
        r#"(func (export "run") (result i64)
          (i64.extend_i32_u (call $fd_write (i32.const 1) (i32.const 65530) (i32.const 1) (i32.const 8))))"#,
    );
    let e = run(&wat, |_| {}).result.unwrap_err();
    assert!(matches!(e.kind(), wint::ErrorKind::Host(_)), "{e:?}");
    assert!(e.to_string().contains("fd_write"), "{e}");
    assert!(e.backtrace().is_some(), "{e:?}");

    // A module without memory.
    let wat = format!(
        r#"(module {IMPORTS}
          (func (export "run") (result i64)
            (i64.extend_i32_u (call $args_sizes_get (i32.const 0) (i32.const 4)))))"#
    );
    let e = run(&wat, |_| {}).result.unwrap_err();
    assert!(e.to_string().contains("args_sizes_get"), "{e}");

    // But functions without pointers work without memory.
    let wat = format!(
        r#"(module {IMPORTS}
          (func (export "run") (result i64)
            (i64.extend_i32_u (call $fd_close (i32.const 77)))))"#
    );
    assert_eq!(run(&wat, |_| {}).result.unwrap(), [8]); // EBADF
}

#[test]
fn cpu_time_clocks() {
    let wat = module(
        r#"(func $spin (param $n i32)
          (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
        (func (export "run") (result i64 i64 i64 i64)
          (call $spin (i32.const 1000000))
          (i64.extend_i32_u (call $clock_time_get (i32.const 2) (i64.const 1) (i32.const 0)))
          (i64.load (i32.const 0))
          (i64.extend_i32_u (call $clock_time_get (i32.const 3) (i64.const 1) (i32.const 8)))
          (i64.extend_i32_u (call $clock_res_get (i32.const 3) (i32.const 16))))"#,
    );
    let r = run(&wat, |_| {}).result.unwrap();
    if cfg!(unix) {
        assert_eq!((r[0], r[2], r[3]), (0, 0, 0));
        assert!(r[1] > 0, "process CPU time {}", r[1]);
    }
}

#[test]
fn poll_on_an_absolute_realtime_deadline() {
    // One subscription: realtime clock, absolute deadline = now + 30ms.
    let wat = module(
        r#"(func (export "run") (result i64 i64 i64 i64)
          (local $now i64)
          (drop (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 0)))
          (local.set $now (i64.load (i32.const 0)))
          (i64.store (i32.const 64) (i64.const 42))          ;; userdata
          (i32.store8 (i32.const 72) (i32.const 0))          ;; tag: clock
          (i32.store (i32.const 80) (i32.const 0))           ;; realtime
          (i64.store (i32.const 88) (i64.add (local.get $now) (i64.const 30000000)))
          (i64.store (i32.const 96) (i64.const 0))           ;; precision
          (i32.store16 (i32.const 104) (i32.const 1))        ;; abstime
          (i64.extend_i32_u (call $poll_oneoff (i32.const 64) (i32.const 128) (i32.const 1) (i32.const 200)))
          (i64.load32_u (i32.const 200))
          (i64.load (i32.const 128))
          (drop (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 0)))
          (i64.sub (i64.load (i32.const 0)) (local.get $now)))"#,
    );
    let r = run(&wat, |_| {}).result.unwrap();
    assert_eq!(&r[..3], &[0, 1, 42]);
    assert!(r[3] >= 29_000_000, "woke after {} ns", r[3]);
}

/// `path_open(fd 3, "f", CREAT, rights)` leaves the new descriptor at 300.
const OPEN_F: &str = r#"(data (i32.const 500) "f")
    (func $open (param $rights i64) (result i32)
      (call $path_open (i32.const 3) (i32.const 0) (i32.const 500) (i32.const 1)
        (i32.const 1) (local.get $rights) (i64.const 0x3fffffff) (i32.const 0) (i32.const 300)))"#;

#[test]
fn fd_allocate_extends_a_file() {
    let dir = temp_dir("alloc");
    let wat = module(&format!(
        r#"{OPEN_F}
        (func (export "run") (result i64 i64 i64 i64 i64)
          (i64.extend_i32_u (call $open (i64.const 0x3fffffff)))
          (i64.extend_i32_u (call $fd_allocate (i32.load (i32.const 300)) (i64.const 10) (i64.const 90)))
          (drop (call $fd_filestat_get (i32.load (i32.const 300)) (i32.const 0)))
          (i64.load (i32.const 32))
          ;; a smaller range keeps the size; zero length is invalid
          (i64.extend_i32_u (call $fd_allocate (i32.load (i32.const 300)) (i64.const 0) (i64.const 5)))
          (i64.extend_i32_u (call $fd_allocate (i32.load (i32.const 300)) (i64.const 0) (i64.const 0))))"#
    ));
    let r = run(&wat, |b| {
        b.preopened_dir(&dir, "/");
    })
    .result
    .unwrap();
    assert_eq!(r, [0, 0, 100, 0, EINVAL as i64]);
    assert_eq!(std::fs::metadata(dir.join("f")).unwrap().len(), 100);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn dropped_rights_are_reported_and_enforced() {
    let dir = temp_dir("rights");
    let fd_write_bit = 1i64 << 6;
    let wat = module(&format!(
        r#"{OPEN_F}
        (data (i32.const 400) "x")
        (func (export "run") (result i64 i64 i64 i64 i64 i64 i64 i64)
          (local $fd i32)
          (drop (call $open (i64.const 0x3fffffff)))
          (local.set $fd (i32.load (i32.const 300)))
          (i32.store (i32.const 0) (i32.const 400))
          (i32.store (i32.const 4) (i32.const 1))
          ;; writable at first
          (i64.extend_i32_u (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))
          ;; drop every right but FD_READ
          (i64.extend_i32_u (call $fd_fdstat_set_rights (local.get $fd) (i64.const 2) (i64.const 0)))
          (i64.extend_i32_u (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))
          (drop (call $fd_fdstat_get (local.get $fd) (i32.const 16)))
          (i64.load (i32.const 24))
          ;; rights cannot come back
          (i64.extend_i32_u (call $fd_fdstat_set_rights (local.get $fd) (i64.const {fd_write_bit}) (i64.const 0)))
          ;; renumbering carries the restriction, closing forgets it
          (i64.extend_i32_u (call $fd_renumber (local.get $fd) (i32.const 3)))
          (i64.extend_i32_u (call $fd_write (i32.const 3) (i32.const 0) (i32.const 1) (i32.const 8)))
          (i64.extend_i32_u (call $fd_close (i32.const 3))))"#
    ));
    let r = run(&wat, |b| {
        b.preopened_dir(&dir, ".");
    })
    .result
    .unwrap();
    let e = ENOTCAPABLE as i64;
    assert_eq!(r, [0, 0, e, 2, e, 0, e, 0]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn builder_reports_what_it_cannot_do() {
    let missing = temp_dir("missing").join("nope");
    let e = WasiCtxBuilder::new()
        .preopened_dir(&missing, "x")
        .build()
        .err()
        .unwrap();
    assert!(e.message().contains("nope"), "{e}");

    let e = WasiCtxBuilder::new().arg("a\0b").build().err().unwrap();
    assert!(e.message().contains("argument"), "{e}");

    let e = WasiCtxBuilder::new().env("A=B", "c").build().err().unwrap();
    assert!(e.message().contains("A=B"), "{e}");

    let e = WasiCtxBuilder::new()
        .tcp_listen("not an address")
        .build()
        .err()
        .unwrap();
    assert!(e.message().contains("not an address"), "{e}");
}

/// Calls every preview1 function with assorted arguments over memories of assorted
/// contents: each call must return an errno or a clean error, never a panic (which the
/// backend would report as an "internal error").
#[test]
fn no_function_panics_on_odd_arguments() {
    let engine = Engine::default();
    let mut linker: Linker<WasiCtx> = Linker::new(&engine);
    wint_wasi::add_to_linker(&mut linker, |c: &mut WasiCtx| c).unwrap();

    // A module importing every function and exporting a wrapper `call_<name>`.
    let mut probe = Store::new(&engine, WasiCtxBuilder::new().build().unwrap());
    let (mut imports, mut wrappers) = (String::new(), String::new());
    let mut sigs = Vec::new();
    for name in wint_wasi::FUNCTIONS {
        let f = linker
            .get(&mut probe, wint_wasi::MODULE, name)
            .and_then(|e| e.into_func())
            .unwrap();
        let ty = f.ty(&probe);
        let params: Vec<String> = ty.params().iter().map(|t| t.to_string()).collect();
        let results: Vec<String> = ty.results().iter().map(|t| t.to_string()).collect();
        let sig = format!(
            "(param {}) (result {})",
            params.join(" "),
            results.join(" ")
        );
        imports.push_str(&format!(
            "(import \"wasi_snapshot_preview1\" \"{name}\" (func ${name} {sig}))\n"
        ));
        let gets: String = (0..params.len())
            .map(|i| format!("(local.get {i}) "))
            .collect();
        wrappers.push_str(&format!(
            "(func (export \"call_{name}\") {sig} {gets} (call ${name}))\n"
        ));
        sigs.push((name, ty.params().to_vec()));
    }
    let wat = format!("(module {imports} {wrappers} (memory (export \"memory\") 1))");
    let module = Module::new(&engine, &wat).unwrap();

    let (mut calls, mut errors) = (0, 0);
    let small = [
        0i64,
        1,
        3,
        8,
        64,
        4096,
        65528,
        65535,
        65536,
        -1,
        i32::MIN as i64,
    ];
    // Memory patterns whose clock subscriptions never wait long.
    for fill in [0u8, 0xff, 0x80] {
        for (round, arg) in small.iter().enumerate() {
            let dir = temp_dir("odd");
            let mut b = WasiCtxBuilder::new();
            b.preopened_dir(&dir, "/d").arg("x").env("K", "V");
            let mut store = Store::new(&engine, b.build().unwrap());
            let instance = linker.instantiate(&mut store, &module).unwrap();
            let memory = instance.get_memory(&store, "memory").unwrap();
            memory.data_mut(&mut store).fill(fill);
            for (name, params) in &sigs {
                // proc_exit ends the run; skip it beyond one check.
                if *name == "proc_exit" && round > 0 {
                    continue;
                }
                let args: Vec<wint::Val> = params
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let v = small[(round + i) % small.len()].wrapping_add(*arg * i as i64);
                        match t {
                            wint::ValType::I64 => wint::Val::I64(v),
                            _ => wint::Val::I32(v as i32),
                        }
                    })
                    .collect();
                let f = instance.get_func(&store, &format!("call_{name}")).unwrap();
                let mut results = vec![wint::Val::I32(0); f.ty(&store).results().len()];
                calls += 1;
                if let Err(e) = f.call(&mut store, &args, &mut results) {
                    errors += 1;
                    assert!(
                        !e.to_string().contains("internal error"),
                        "{name}{args:?} with memory filled with {fill:#x}: {e}"
                    );
                }
            }
            let _ = std::fs::remove_dir_all(dir);
        }
    }
    // Most calls return an errno; bad pointers and enum values are errors (traps).
    eprintln!("{calls} calls, {errors} errors");
    assert!(
        calls > 1000 && errors > 0 && errors < calls,
        "{calls} calls, {errors} errors"
    );
}
