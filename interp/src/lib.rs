//! # wint — a portable threaded-code WebAssembly interpreter
//!
//! `wint` runs WebAssembly 2.0 modules (SIMD included) without a JIT, on any target
//! Rust supports: native hosts, `wasm32` (wint runs inside other Wasm runtimes) and
//! `no_std` microcontrollers (with `alloc`).
//!
//! The pipeline, one module per stage:
//! - [`module`](Module): decode and validate (wasmparser), keep function bodies for
//!   translation;
//! - `translate`: wasm operators → threaded code over frame slots (`ir`, the op list in
//!   `ops`);
//! - `exec`: the handlers of every op, dispatched by tail calls or by a portable loop;
//! - runtime objects and the embedding API: [`Engine`], [`Store`], [`Linker`],
//!   [`Instance`], [`Func`], [`Memory`], [`Table`], [`Global`].
//!
//! ```
//! use wint::{Engine, Linker, Module, Store, Caller};
//!
//! let engine = Engine::default();
//! let wat = r#"
//!     (module
//!       (import "host" "log" (func $log (param i32)))
//!       (func (export "fib") (param $n i32) (result i32)
//!         (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
//!           (then (local.get $n))
//!           (else (i32.add (call 1 (i32.sub (local.get $n) (i32.const 1)))
//!                          (call 1 (i32.sub (local.get $n) (i32.const 2)))))))
//!       (func (export "run") (param i32) (call $log (call 1 (local.get 0)))))
//! "#;
//! let module = Module::new(&engine, wat)?;
//! let mut store = Store::new(&engine, Vec::new());
//! let mut linker = Linker::new(&engine);
//! linker.func_wrap("host", "log", |mut caller: Caller<'_, Vec<i32>>, v: i32| {
//!     caller.data_mut().push(v);
//! })?;
//! let instance = linker.instantiate(&mut store, &module)?;
//! let fib = instance.get_typed_func::<i32, i32>(&store, "fib")?;
//! assert_eq!(fib.call(&mut store, 20)?, 6765);
//! let run = instance.get_typed_func::<i32, ()>(&store, "run")?;
//! run.call(&mut store, 10)?;
//! assert_eq!(store.data(), &[55]);
//! # Ok::<(), wint::Error>(())
//! ```
//!
//! ## Cargo features
//!
//! Size against features: a microcontroller build can leave out everything but the
//! interpreter itself (`default-features = false`).
//!
//! | feature | default | with it | without it |
//! | --- | --- | --- | --- |
//! | `std` | yes | the host's std: hardware float ops, `std::error::Error` | `no_std` + `alloc` |
//! | `wat` | yes | `Module::new` also accepts the text format (needs `std`) | binaries only |
//! | `validate` | yes | wasmparser's full validator runs before translation ([`Config::validate`]) | the decoder and the translator check what memory safety depends on; invalid input is an error or runs safely, never undefined behaviour |
//! | `simd` | yes | 128-bit SIMD: its decoder, handlers and encoders | modules using `v128` are rejected |
//! | `fuel` | yes | fuel metering ([`Config::consume_fuel`]) | `Store::set_fuel` returns an error |
//! | `fused` | yes | fused instructions: compare-and-branch, constant operands, folded load/store addresses | one instruction per wasm operator: slower, about 5 KB less flash |
//! | `loop-dispatch` | no | forces the portable loop dispatch backend | tail-call threading where it is dependable, the match backend on wasm32 without tail calls and on bare-metal targets, the loop elsewhere |
//! | `match-dispatch` | no | forces the match backend (one loop over a `match` on the opcode) | as above |
#![no_std]
#![warn(missing_docs)]
#![allow(private_interfaces)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

#[cfg(not(target_has_atomic = "ptr"))]
pub(crate) use alloc::rc::Rc as Arc;
/// Shared ownership: `Arc` where the target has atomic compare-and-swap. Targets
/// without it (thumbv6m: Cortex-M0/M0+) get `Rc`: the engine's types are then neither
/// `Send` nor `Sync`, and lazily translated code is installed without compare-and-swap.
#[cfg(target_has_atomic = "ptr")]
pub(crate) use alloc::sync::Arc;

#[macro_use]
mod ops;

mod disasm;
mod engine;
mod error;
mod exec;
mod extern_;
mod func;
mod instance;
mod ir;
mod linker;
mod map;
mod module;
mod store;
mod translate;
mod types;

pub use engine::{Config, Engine, Translation};
pub use error::{Error, ErrorKind, FrameInfo, Result, TrapCode, WasmBacktrace};
pub use exec::DISPATCH;
pub use extern_::{Extern, Global, Memory, Table};
pub use func::{Caller, Func, HostResult, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmTy};
pub use instance::Instance;
pub use linker::Linker;
pub use module::Module;
pub use store::{AsContext, AsContextMut, ExternRef, Store, Val};
pub use types::{ExternType, FuncType, GlobalType, MemoryType, Mutability, TableType, ValType};

/// Encoder methods on `CodeBuilder`, one per op, generated from the op list.
mod emit {
    use crate::ir::{CodeBuilder, Pos, Slot};

    // Every instruction fits the encoding buffer.
    macro_rules! check_units {
        ($( $name:ident { $($f:ident : $t:ident),* } => $kind:ident |$c:ident| $body:block ; )*) => {
            const _: () = {
                $( assert!(crate::ir::HANDLER_UNITS $( + <$t as crate::ir::Imm>::UNITS )* <= crate::ir::MAX_INSTR_UNITS); )*
            };
        };
    }
    for_each_op!(check_units);
    for_each_simd_op!(check_units);
    for_each_acc_op!(check_units);

    macro_rules! gen_emit {
        ($( $name:ident { $($f:ident : $t:ident),* } => $kind:ident |$c:ident| $body:block ; )*) => {
            #[allow(dead_code, clippy::too_many_arguments)]
            impl CodeBuilder {
                $(
                    #[inline(always)]
                    pub(crate) fn $name(&mut self, $($f: $t),*) -> Pos {
                        self.encode(crate::exec::backend::$name as crate::exec::backend::Handler as usize, ($($f,)*))
                    }
                )*
            }
        };
    }
    for_each_op!(gen_emit);
    for_each_simd_op!(gen_emit);
}
