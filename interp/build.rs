//! Chooses the dispatch backend at build time.
//!
//! Tail-call threading (each handler ends by calling the next one) relies on LLVM's
//! sibling-call optimization, which stable Rust does not guarantee. It is dependable on
//! x86_64, aarch64 and riscv64 at opt-level >= 2. On wasm32 without the `tail-call`
//! target feature and on bare-metal targets (microcontrollers) the match backend (one
//! loop over a `match` on the opcode) is used; everywhere else (debug builds, other
//! hosts) the portable loop backend. The features `loop-dispatch` and
//! `match-dispatch` (or `WINT_DISPATCH=loop|match`) force a backend.
use std::env;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(wint_tail_dispatch)");
    println!("cargo::rustc-check-cfg=cfg(wint_match_dispatch)");
    println!("cargo::rerun-if-env-changed=WINT_DISPATCH");
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let features = env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let opt = env::var("OPT_LEVEL").unwrap_or_default();
    let forced_loop = env::var_os("CARGO_FEATURE_LOOP_DISPATCH").is_some()
        || env::var("WINT_DISPATCH").as_deref() == Ok("loop");
    let optimized = matches!(opt.as_str(), "2" | "3");
    let arch_ok = match arch.as_str() {
        "x86_64" | "aarch64" | "riscv64" => true,
        "wasm32" | "wasm64" => features.split(',').any(|f| f == "tail-call"),
        _ => false,
    };
    let forced_match = env::var_os("CARGO_FEATURE_MATCH_DISPATCH").is_some()
        || env::var("WINT_DISPATCH").as_deref() == Ok("match");
    let wasm = matches!(arch.as_str(), "wasm32" | "wasm64");
    // Bare-metal targets (microcontrollers: thumbv6m/v7em, riscv32imac, ...).
    let bare_metal = env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("none");
    if forced_match {
        println!("cargo::rustc-cfg=wint_match_dispatch");
    } else if !forced_loop && optimized && arch_ok {
        println!("cargo::rustc-cfg=wint_tail_dispatch");
    } else if !forced_loop && (wasm || bare_metal) {
        // wasm32 without tail calls: one `br_table` loop beats an indirect call per
        // instruction when wint itself runs inside another runtime. Microcontrollers:
        // the interpreter's registers stay in registers, and one function with a jump
        // table is smaller than a function per handler (4.6 KB less flash on a
        // Cortex-M4F).
        println!("cargo::rustc-cfg=wint_match_dispatch");
    }
}
