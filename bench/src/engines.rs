//! One run of a guest on each engine: wint, wasmi, or an external runtime.
//!
//! In-process runs time `Module::new` + instantiation + `_start`, i.e. decoding,
//! validation, (lazy) translation and execution, and capture what the guest printed.
//! External runtimes are timed as whole processes.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::wasi::{Host, wasmi_linker, wint_linker};

/// Fuel budget for metered runs: large enough never to run out.
pub const FUEL: u64 = 1 << 62;

/// What one run produced.
pub struct Outcome {
    /// Wall time of the measured part.
    pub time: Duration,
    /// What the guest wrote to stdout.
    pub stdout: Vec<u8>,
    /// Fuel consumed (wint with metering on): the number of wasm instructions executed.
    pub fuel: Option<u64>,
    /// `Module::code_sizes()` after the run (wint): (translated bytes, wasm bytes).
    pub code: Option<(usize, usize)>,
}

fn finish(what: &str, r: Result<(), String>, host: &Host) -> Result<(), String> {
    r.map_err(|e| {
        format!(
            "{what}: {e}\nguest stderr: {}",
            String::from_utf8_lossy(&host.stderr)
        )
    })
}

/// Runs `_start` of `wasm` on wint (fuel metering on or off).
pub fn wint(wasm: &[u8], fuel: bool) -> Result<Outcome, String> {
    let mut config = wint::Config::new();
    config.consume_fuel(fuel);
    let engine = wint::Engine::new(&config);
    let linker = wint_linker(&engine);
    let mut store = wint::Store::new(&engine, Host::new());
    if fuel {
        store.set_fuel(FUEL).map_err(|e| e.to_string())?;
    }
    let t = Instant::now();
    let module = wint::Module::new(&engine, wasm).map_err(|e| format!("wint: load: {e}"))?;
    let r = (|| {
        let instance = linker.instantiate(&mut store, &module)?;
        let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
        match start.call(&mut store, ()) {
            Err(e) if e.exit_status() == Some(0) => Ok(()),
            r => r,
        }
    })();
    let time = t.elapsed();
    finish("wint", r.map_err(|e| e.to_string()), store.data())?;
    let fuel = if fuel {
        Some(FUEL - store.get_fuel().map_err(|e| e.to_string())?)
    } else {
        None
    };
    Ok(Outcome {
        time,
        code: Some(module.code_sizes()),
        fuel,
        stdout: store.into_data().stdout,
    })
}

/// Runs `_start` of `wasm` on wasmi (default configuration: lazy translation).
pub fn wasmi(wasm: &[u8]) -> Result<Outcome, String> {
    let engine = wasmi::Engine::default();
    let linker = wasmi_linker(&engine);
    let mut store = wasmi::Store::new(&engine, Host::new());
    let t = Instant::now();
    let module = wasmi::Module::new(&engine, wasm).map_err(|e| format!("wasmi: load: {e}"))?;
    let r = (|| {
        let instance = linker.instantiate_and_start(&mut store, &module)?;
        let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
        match start.call(&mut store, ()) {
            Err(e) if e.i32_exit_status() == Some(0) => Ok(()),
            r => r,
        }
    })();
    let time = t.elapsed();
    finish("wasmi", r.map_err(|e| e.to_string()), store.data())?;
    Ok(Outcome {
        time,
        code: None,
        fuel: None,
        stdout: store.into_data().stdout,
    })
}

/// Why an external runtime produced no time.
pub enum PeerError {
    /// The program is not installed (spawning it found nothing).
    Missing,
    /// It ran and failed.
    Failed(String),
}

/// Runs `command FILE` (`command` split at whitespace) and times the whole process.
pub fn peer(command: &str, wasm: &Path) -> Result<Outcome, PeerError> {
    let mut words = command.split_whitespace();
    let program = words.next().ok_or(PeerError::Missing)?;
    let t = Instant::now();
    let out = Command::new(program)
        .args(words)
        .arg(wasm)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => PeerError::Missing,
            _ => PeerError::Failed(e.to_string()),
        })?;
    let time = t.elapsed();
    if !out.status.success() {
        return Err(PeerError::Failed(format!(
            "{}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(Outcome {
        time,
        stdout: out.stdout,
        fuel: None,
        code: None,
    })
}

/// The text after `checksum: ` on the last line that has it.
pub fn checksum(stdout: &[u8]) -> Option<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("checksum: ").map(|s| s.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A WASI command in the text format: asks for its argument and environment
    /// sizes, prints them and a checksum line, then exits with status 0.
    const GUEST: &str = r#"(module
      (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (data (i32.const 100) "checksum: 0123456789abcdef\n")
      (func (export "_start")
        (i32.store (i32.const 0) (i32.const 77))
        (i32.store (i32.const 4) (i32.const 77))
        (drop (call $args (i32.const 0) (i32.const 4)))
        (drop (call $env (i32.const 8) (i32.const 12)))
        ;; the sizes (all zero) are added to the first digit
        (i32.store8 (i32.const 110)
          (i32.add (i32.load8_u (i32.const 110))
            (i32.add (i32.add (i32.load (i32.const 0)) (i32.load (i32.const 4)))
                     (i32.add (i32.load (i32.const 8)) (i32.load (i32.const 12))))))
        (drop (call $random (i32.const 200) (i32.const 8)))
        ;; iovec at 16: "checksum: 0123456789abcdef\n" in two pieces
        (i32.store (i32.const 16) (i32.const 100))
        (i32.store (i32.const 20) (i32.const 10))
        (i32.store (i32.const 24) (i32.const 110))
        (i32.store (i32.const 28) (i32.const 17))
        (if (call $write (i32.const 1) (i32.const 16) (i32.const 2) (i32.const 32))
          (then unreachable))
        (if (i32.ne (i32.load (i32.const 32)) (i32.const 27)) (then unreachable))
        (if (i32.ne (call $write (i32.const 9) (i32.const 16) (i32.const 2) (i32.const 32))
                    (i32.const 8))
          (then unreachable))
        (call $exit (i32.const 0))
        unreachable))"#;

    #[test]
    fn both_hosts_do_the_same() {
        // Both engines accept the text format (wint's feature `wat`, wasmi's default).
        let wasm = GUEST.as_bytes();
        let a = wint(wasm, false).unwrap();
        let b = wasmi(wasm).unwrap();
        let c = wint(wasm, true).unwrap();
        assert_eq!(a.stdout, b"checksum: 0123456789abcdef\n");
        assert_eq!(a.stdout, b.stdout);
        assert_eq!(a.stdout, c.stdout);
        assert_eq!(checksum(&a.stdout).as_deref(), Some("0123456789abcdef"));
        assert!(c.fuel.unwrap() > 20);
        assert!(a.code.unwrap().0 > 0);
    }

    #[test]
    fn exit_status_and_traps_are_errors() {
        let exit3 = GUEST.replace("(call $exit (i32.const 0))", "(call $exit (i32.const 3))");
        assert!(wint(exit3.as_bytes(), false).is_err());
        assert!(wasmi(exit3.as_bytes()).is_err());
        let trap = GUEST.replace("(call $exit (i32.const 0))", "unreachable");
        assert!(wint(trap.as_bytes(), false).is_err());
        assert!(wasmi(trap.as_bytes()).is_err());
    }

    #[test]
    fn checksum_line() {
        assert_eq!(
            checksum(b"x\nchecksum: 1\nchecksum: 2 3\n").as_deref(),
            Some("2 3")
        );
        assert_eq!(checksum(b"nothing"), None);
    }
}
