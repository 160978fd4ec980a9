//! The engine and nothing else: a module the compiler cannot see through is decoded,
//! validated, linked against one host function, instantiated, and its `run` export
//! called, so every part of the engine is kept by the linker. scripts/size.sh
//! subtracts `baseline` from this binary's flash size to get the engine's own.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use core::hint::black_box;
use cortex_m_rt::entry;
use wint::{Engine, FuncType, Linker, Module, Store, Val};
use wint_cortex_m::println;

/// `(module (import "env" "f" (func)) (func (export "run") call 0))`.
static MODULE: [u8; 40] = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type: () -> ()
    0x02, 0x09, 0x01, 0x03, b'e', b'n', b'v', 0x01, b'f', 0x00, 0x00, // import env.f
    0x03, 0x02, 0x01, 0x00, // function 1: type 0
    0x07, 0x07, 0x01, 0x03, b'r', b'u', b'n', 0x00, 0x01, // export "run"
    0x0a, 0x06,
];
static CODE: [u8; 6] = [0x01, 0x04, 0x00, 0x10, 0x00, 0x0b]; // body: call 0; end

fn run(bytes: &[u8]) -> wint::Result<usize> {
    let engine = Engine::default();
    let module = Module::new(&engine, bytes)?;
    let mut linker = Linker::new(&engine);
    linker.func_new("env", "f", FuncType::new([], []), |_, _, _| Ok(()))?;
    let mut store = Store::new(&engine, 0u32);
    let instance = linker.instantiate(&mut store, &module)?;
    let Some(f) = instance.get_func(&store, "run") else {
        return Ok(0);
    };
    let ty = f.ty(&store);
    let params: Vec<Val> = ty.params().iter().map(|t| Val::default_for(*t)).collect();
    let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    f.call(&mut store, &params, &mut results)?;
    Ok(results.len() + 1)
}

#[entry]
fn main() -> ! {
    wint_cortex_m::init();
    let mut bytes = Vec::from(&MODULE[..]);
    bytes.extend_from_slice(&CODE);
    match run(black_box(&bytes)) {
        Ok(n) => {
            println!("engine-only: ran ({n})");
            wint_cortex_m::exit(true)
        }
        Err(e) => {
            println!("engine-only: {:?}", e);
            wint_cortex_m::exit(false)
        }
    }
}
