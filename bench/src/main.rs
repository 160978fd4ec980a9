//! Side-by-side benchmarks: wint and wasmi 2.0 run the same modules in one process,
//! alternating runs; the medians and the ratio wint/wasmi are printed per workload.
//!
//! `cargo run --release -p wint-bench -- [--runs N] [WORKLOAD...]`

use std::time::{Duration, Instant};

struct Workload {
    name: &'static str,
    wat: &'static str,
    export: &'static str,
    arg: i32,
    expect: i32,
}

const WORKLOADS: &[Workload] = &[
    Workload {
        name: "fib(35)",
        wat: include_str!("../wat/fib.wat"),
        export: "fib",
        arg: 35,
        expect: 9227465,
    },
    Workload {
        name: "loop(100M)",
        wat: include_str!("../wat/loop.wat"),
        export: "run",
        arg: 100_000_000,
        expect: 0,
    },
];

fn run_wint(wasm: &[u8], export: &str, arg: i32) -> (i32, Duration) {
    let engine = wint::Engine::default();
    let module = wint::Module::new(&engine, wasm).expect("wint: load");
    let mut store = wint::Store::new(&engine, ());
    let inst = wint::Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("wint: instantiate");
    let f = inst
        .get_typed_func::<i32, i32>(&store, export)
        .expect("wint: export");
    let t = Instant::now();
    let r = f.call(&mut store, arg).expect("wint: call");
    (r, t.elapsed())
}

fn run_wasmi(wasm: &[u8], export: &str, arg: i32) -> (i32, Duration) {
    let engine = wasmi::Engine::default();
    let module = wasmi::Module::new(&engine, wasm).expect("wasmi: load");
    let mut store = wasmi::Store::new(&engine, ());
    let linker = wasmi::Linker::<()>::new(&engine);
    let inst = linker
        .instantiate_and_start(&mut store, &module)
        .expect("wasmi: instantiate");
    let f = inst
        .get_typed_func::<i32, i32>(&store, export)
        .expect("wasmi: export");
    let t = Instant::now();
    let r = f.call(&mut store, arg).expect("wasmi: call");
    (r, t.elapsed())
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let mut runs = 5usize;
    let mut filter = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| fail("--runs needs a number"))
            }
            "-h" | "--help" => {
                println!("usage: wint-bench [--runs N] [WORKLOAD...]");
                return;
            }
            w => filter.push(w.to_string()),
        }
    }
    println!("wint dispatch backend: {}", wint::DISPATCH);
    println!(
        "{:<14} {:>12} {:>12} {:>10}",
        "workload", "wint", "wasmi", "wint/wasmi"
    );
    let mut log_sum = 0.0;
    let mut count = 0;
    for w in WORKLOADS {
        if !filter.is_empty() && !filter.iter().any(|f| w.name.starts_with(f.as_str())) {
            continue;
        }
        let wasm = wat::parse_str(w.wat).unwrap_or_else(|e| fail(&format!("{}: {e}", w.name)));
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let mut expected = None;
        for _ in 0..runs {
            let (r1, t1) = run_wint(&wasm, w.export, w.arg);
            let (r2, t2) = run_wasmi(&wasm, w.export, w.arg);
            if r1 != r2 || (w.expect != 0 && r1 != w.expect) {
                fail(&format!(
                    "{}: checksum mismatch: wint {r1}, wasmi {r2}, expected {}",
                    w.name, w.expect
                ));
            }
            expected = Some(r1);
            a.push(t1);
            b.push(t2);
        }
        let _ = expected;
        let (ma, mb) = (median(&mut a), median(&mut b));
        let ratio = ma.as_secs_f64() / mb.as_secs_f64();
        log_sum += ratio.ln();
        count += 1;
        println!(
            "{:<14} {:>10.1}ms {:>10.1}ms {:>10.2}",
            w.name,
            ma.as_secs_f64() * 1e3,
            mb.as_secs_f64() * 1e3,
            ratio
        );
    }
    if count > 0 {
        println!(
            "geometric mean wint/wasmi: {:.2}",
            (log_sum / count as f64).exp()
        );
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}
