//! WASI preview1 for wint. The native backend (wasi-common + cap-std) is tracked by the
//! WASI/CLI issue; this crate currently only reserves its place in the workspace.
#![no_std]
