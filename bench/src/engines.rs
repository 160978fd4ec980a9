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
