//! `wint`: run WebAssembly modules, validate and inspect them, and run `.wast` scripts.
//!
//! ```text
//! wint [run] [OPTIONS] FILE [ARGS]...
//!     --dir HOST[::GUEST]  --env NAME[=VALUE]  --tcplisten ADDR  --argv0 NAME
//!     --invoke NAME  --fuel N  --max-wasm-stack BYTES  --max-memory BYTES
//! wint wast FILE...
//! wint validate FILE
//! wint inspect FILE
//! ```
//!
//! A module that imports `wasi_snapshot_preview1` (or the older `wasi_unstable`) runs
//! as a WASI command: ARGS are its arguments after `argv[0]` (the file's name without
//! its directory, as in wasmtime, or `--argv0`); it sees the pre-opened directories, the
//! environment variables given with `--env` and this process's stdin, stdout and stderr.
//! Arguments that start with `-` (other than negative numbers) go after `--`, so that
//! they are not taken as options of `wint`.
//!
//! Exit codes: the guest's `proc_exit` status; otherwise 0 on success; 1 when a file
//! cannot be read, loaded, validated or linked, a `.wast` assertion fails, or a host call
//! of the guest fails (a bad pointer given to WASI, an exit status over 125); 134 when
//! the guest traps; 2 for a bad command line. The codes are wasmtime's on Unix.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use wint::{
    Config, Engine, Error, ExternType, Func, Linker, Module, Store, Translation, Val, ValType,
};
#[cfg(feature = "wast")]
use wint_spec_tests::run_wast;
use wint_wasi::{WasiCtx, WasiCtxBuilder};

mod features;

/// A portable threaded-code WebAssembly interpreter.
#[derive(Parser, Debug)]
#[command(name = "wint", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a module (the default command: `wint FILE ...` is `wint run FILE ...`).
    Run(RunArgs),
    /// Run `.wast` scripts and report passed and failed assertions.
    Wast {
        /// The scripts.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Check that a module decodes and validates.
    Validate {
        /// A `.wasm` or `.wat` file.
        file: PathBuf,
    },
    /// Print a module's imports, exports, functions, sections and the features it uses.
    Inspect {
        /// A `.wasm` or `.wat` file.
        file: PathBuf,
    },
}

#[derive(Args, Debug)]
struct RunArgs {
    /// Call this exported function (with ARGS) instead of `_start`.
    #[arg(long, value_name = "NAME")]
    invoke: Option<String>,
    /// Give the guest the host directory HOST, named GUEST (default: HOST as written).
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,
    /// Set an environment variable of the guest; without `=VALUE`, pass this process's.
    #[arg(long = "env", value_name = "NAME[=VALUE]")]
    envs: Vec<String>,
    /// Listen on a TCP address (e.g. 127.0.0.1:8080) and give the guest the socket as a
    /// pre-opened descriptor (3, 4, ... in order; pre-opened directories come after).
    #[arg(long = "tcplisten", value_name = "ADDR")]
    tcplisten: Vec<String>,
    /// The guest's `argv[0]` (default: the last component of FILE's path, as in wasmtime).
    #[arg(long, value_name = "NAME")]
    argv0: Option<String>,
    /// Run with fuel metering: trap after about N executed instructions.
    #[arg(long, value_name = "N")]
    fuel: Option<u64>,
    /// Size of the wasm value stack in bytes.
    #[arg(long, value_name = "BYTES")]
    max_wasm_stack: Option<usize>,
    /// Cap on the size of each linear memory in bytes.
    #[arg(long, value_name = "BYTES")]
    max_memory: Option<u64>,
    /// The module: a `.wasm` binary or a `.wat` text file.
    file: PathBuf,
    /// Arguments of the WASI command, or of the function given with --invoke (parsed by
    /// its parameter types). Negative numbers are accepted as they are; put other values
    /// that start with `-` (`-inf`, `--flag`) after `--`.
    #[arg(allow_negative_numbers = true, value_name = "ARGS")]
    args: Vec<String>,
}

const SUBCOMMANDS: &[&str] = &["run", "wast", "validate", "inspect", "help"];

/// Inserts `run` when the first argument is neither a subcommand nor a top-level flag,
/// so that `wint foo.wasm --invoke f 1 2` means `wint run foo.wasm --invoke f 1 2`.
fn with_default_subcommand(mut argv: Vec<OsString>) -> Vec<OsString> {
    if let Some(first) = argv.get(1).and_then(|a| a.to_str()) {
        let top_level = matches!(first, "-h" | "--help" | "-V" | "--version");
        if !top_level && !SUBCOMMANDS.contains(&first) {
            argv.insert(1, OsString::from("run"));
        }
    }
    argv
}

/// Writes to stdout, ignoring a closed pipe (`wint inspect x.wasm | head`).
macro_rules! out {
    ($($t:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}

/// Writes to stderr, ignoring errors.
macro_rules! err {
    ($($t:tt)*) => {{
        let _ = writeln!(std::io::stderr().lock(), $($t)*);
    }};
}

/// How a command failed.
enum Failure {
    /// Bad input: a file that cannot be read or loaded, a link error, bad arguments.
    Usage(String),
    /// The guest trapped (or a host function failed while the guest ran).
    Trap(Error),
    /// The guest asked to exit with a status.
    Exit(i32),
}

fn main() -> ExitCode {
    let argv = with_default_subcommand(std::env::args_os().collect());
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    let code = run_on_big_stack(cli);
    // Inside another runtime (wint.wasm) the exit status goes through WASI's
    // `proc_exit`, which takes 0..126 only: a trapped guest makes wint.wasm trap in turn,
    // after the report above, so that the outer runtime exits as for a trap (134).
    #[cfg(target_family = "wasm")]
    if code == 134 {
        let _ = std::io::stdout().flush();
        std::process::abort();
    }
    ExitCode::from(code)
}

/// Runs the command on the main thread where threads are not available
/// (wasm32-wasip1: wint inside another runtime, whose stack size the build sets).
#[cfg(target_family = "wasm")]
fn run_on_big_stack(cli: Cli) -> u8 {
    run_command(cli)
}

/// Deep wasm call chains and deeply nested modules may use the native stack: runs the
/// command on a thread with room (only the touched part is committed).
#[cfg(not(target_family = "wasm"))]
fn run_on_big_stack(cli: Cli) -> u8 {
    let worker = std::thread::Builder::new()
        .name("wint".into())
        .stack_size(256 << 20)
        .spawn(move || run_command(cli));
    match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => {
            err!("Error: internal error: the interpreter panicked");
            101
        }
        Err(e) => {
            err!("Error: cannot start the interpreter thread: {e}");
            1
        }
    }
}

fn run_command(cli: Cli) -> u8 {
    match cli.command {
        #[cfg(feature = "wast")]
        Command::Wast { files } => wast_command(&files),
        #[cfg(not(feature = "wast"))]
        Command::Wast { .. } => {
            err!("Error: this wint was built without `.wast` support (cargo feature `wast`)");
            1
        }
        Command::Validate { file } => report(validate_command(&file)),
        Command::Inspect { file } => report(inspect_command(&file)),
        Command::Run(args) => report(run_module(&args)),
    }
}

/// Frames of a long wasm backtrace printed from its innermost end...
const BACKTRACE_HEAD: usize = 20;
/// ... and from its outermost end.
const BACKTRACE_TAIL: usize = 5;

/// Prints a failure and returns the exit code.
fn report(result: Result<(), Failure>) -> u8 {
    match result {
        Ok(()) => 0,
        Err(Failure::Usage(msg)) => {
            err!("Error: {msg}");
            1
        }
        Err(Failure::Exit(status)) => status.clamp(0, 255) as u8,
        Err(Failure::Trap(e)) => {
            let mut text = format!("Error: {e}");
            if let Some(bt) = e.backtrace()
                && !bt.frames.is_empty()
            {
                text.push_str("\nwasm backtrace:");
                let n = bt.frames.len();
                for (i, frame) in bt.frames.iter().enumerate() {
                    // Deep recursion: the innermost frames, then the outermost ones.
                    if n > BACKTRACE_HEAD + BACKTRACE_TAIL && i == BACKTRACE_HEAD {
                        let _ = write!(
                            text,
                            "\n  ... {} more frames ...",
                            n - BACKTRACE_HEAD - BACKTRACE_TAIL
                        );
                    }
                    if n > BACKTRACE_HEAD + BACKTRACE_TAIL
                        && (BACKTRACE_HEAD..n - BACKTRACE_TAIL).contains(&i)
                    {
                        continue;
                    }
                    let _ = write!(text, "\n  {i:>3}: {}", frame_text(frame));
                }
            }
            err!("{text}");
            // As wasmtime: a wasm trap exits like an abort; a failed host call (which
            // gets the same report) is an ordinary error.
            if matches!(e.kind(), wint::ErrorKind::Host(_)) {
                1
            } else {
                134
            }
        }
    }
}

/// A backtrace frame: `module!function`, with Rust symbol names demangled.
fn frame_text(frame: &wint::FrameInfo) -> String {
    let module = frame.module_name.as_deref().unwrap_or("<module>");
    match &frame.func_name {
        Some(name) => match rustc_demangle::try_demangle(name) {
            Ok(d) => format!("{module}!{d:#}"),
            Err(_) => format!("{module}!{name}"),
        },
        None => format!("{module}!<wasm function {}>", frame.func_index),
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path)
        .map_err(|e| Failure::Usage(format!("cannot read `{}`: {e}", path.display())))
}

/// Runs `f`, catching a panic (without the default hook's report) as its message.
fn guarded<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

/// Runs engine work, turning an engine panic into an error instead of a crash.
fn engine_call<R>(what: &str, f: impl FnOnce() -> R) -> Result<R, Failure> {
    guarded(f).map_err(|panic| {
        Failure::Usage(format!(
            "internal error: the engine panicked while {what}: {panic}"
        ))
    })
}

fn load(engine: &Engine, path: &Path) -> Result<Module, Failure> {
    let bytes = read_file(path)?;
    engine_call("loading the module", || Module::new(engine, &bytes))?
        .map_err(|e| Failure::Usage(format!("failed to load `{}`: {e}", path.display())))
}

// ---------------------------------------------------------------------------------------
// run

/// The store data of `wint run`.
struct Host {
    wasi: WasiCtx,
}

/// The WASI context of a run: arguments, environment, pre-opens, the host's stdio.
fn wasi_context(args: &RunArgs) -> Result<WasiCtx, Failure> {
    let mut b = WasiCtxBuilder::new();
    let argv0 = match &args.argv0 {
        Some(name) => name.clone(),
        // As wasmtime: only the file's name, not the host path leading to it.
        None => args
            .file
            .components()
            .next_back()
            .map_or(args.file.as_os_str(), |c| c.as_os_str())
            .to_string_lossy()
            .into_owned(),
    };
    b.arg(argv0).args(args.args.iter().cloned()).inherit_stdio();
    for spec in &args.envs {
        match spec.split_once('=') {
            Some((name, value)) => b.env(name, value),
            None => b.inherit_env_var(spec),
        };
    }
    for addr in &args.tcplisten {
        b.tcp_listen(addr.as_str());
    }
    for spec in &args.dirs {
        let (host, guest) = spec.split_once("::").unwrap_or((spec, spec));
        if host.is_empty() || guest.is_empty() {
            return Err(Failure::Usage(format!(
                "--dir `{spec}`: expected HOST or HOST::GUEST"
            )));
        }
        b.preopened_dir(host, guest);
    }
    b.build().map_err(|e| Failure::Usage(e.to_string()))
}

fn run_module(args: &RunArgs) -> Result<(), Failure> {
    let mut config = Config::new();
    if args.fuel.is_some() {
        config.consume_fuel(true);
    }
    if let Some(bytes) = args.max_wasm_stack {
        config.max_stack_bytes(bytes);
    }
    if let Some(bytes) = args.max_memory {
        config.max_memory_bytes(bytes);
    }
    let engine = Engine::new(&config);
    let module = load(&engine, &args.file)?;
    let wasi = wasi_context(args)?;
    let mut store = Store::new(&engine, Host { wasi });
    if let Some(fuel) = args.fuel {
        store
            .set_fuel(fuel)
            .map_err(|e| Failure::Usage(e.to_string()))?;
    }
    let mut linker: Linker<Host> = Linker::new(&engine);
    wint_wasi::add_to_linker(&mut linker, |host: &mut Host| &mut host.wasi)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    // The legacy `wasi_unstable` (preview0) comes with the native backend only.
    #[cfg(not(target_family = "wasm"))]
    wint_wasi::add_preview0_to_linker(&mut linker, |host: &mut Host| &mut host.wasi)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let instance = engine_call("instantiating the module", || {
        linker.instantiate(&mut store, &module)
    })?
    .map_err(|e| match classify(e) {
        Failure::Usage(msg) => Failure::Usage(format!("`{}`: {msg}", args.file.display())),
        other => other,
    })?;

    let result = match &args.invoke {
        Some(name) => {
            let func = instance.get_func(&store, name).ok_or_else(|| {
                Failure::Usage(format!(
                    "`{}` exports no function `{name}`",
                    args.file.display()
                ))
            })?;
            // A WASI reactor is initialized before its exports are called.
            if let Some(init) = instance.get_func(&store, "_initialize") {
                call(&mut store, "_initialize", init, &[])?;
            }
            call(&mut store, name, func, &args.args)
        }
        None => match instance.get_func(&store, "_start") {
            Some(start) => call(&mut store, "_start", start, &[]),
            None => Ok(Vec::new()),
        },
    };
    // The guest's output is written unbuffered; flush ours before reporting.
    let _ = std::io::stdout().flush();
    for v in result? {
        out!("{}", format_val(&v));
    }
    Ok(())
}

fn call<T>(
    store: &mut Store<T>,
    name: &str,
    func: Func,
    raw: &[String],
) -> Result<Vec<Val>, Failure> {
    let ty = func.ty(&*store);
    if ty.params().len() != raw.len() {
        let params: Vec<String> = ty.params().iter().map(|t| t.to_string()).collect();
        return Err(Failure::Usage(format!(
            "function `{name}` takes {} argument(s) ({}), but {} given",
            ty.params().len(),
            params.join(" "),
            raw.len()
        )));
    }
    let mut args = Vec::with_capacity(raw.len());
    for (i, (t, s)) in ty.params().iter().zip(raw).enumerate() {
        let v = parse_val(*t, s).ok_or_else(|| {
            Failure::Usage(format!(
                "argument {} of `{name}`: `{s}` is not a valid {t}",
                i + 1
            ))
        })?;
        args.push(v);
    }
    let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    engine_call("running the module", || {
        func.call(&mut *store, &args, &mut results)
    })?
    .map_err(classify)?;
    Ok(results)
}

/// Sorts an engine error into a trap or failed host call (reported with a backtrace),
/// an exit request, or another failure.
fn classify(e: Error) -> Failure {
    if let Some(status) = e.exit_status() {
        return Failure::Exit(status);
    }
    match e.kind() {
        wint::ErrorKind::Trap(_) | wint::ErrorKind::Host(_) => Failure::Trap(e),
        _ => Failure::Usage(e.to_string()),
    }
}

/// Parses an integer written in decimal or `0x` hexadecimal, with an optional sign.
fn parse_int(s: &str) -> Option<i128> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let magnitude = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => u128::from_str_radix(hex, 16).ok()?,
        None => digits.parse::<u128>().ok()?,
    };
    let m = i128::try_from(magnitude).ok()?;
    Some(if neg { -m } else { m })
}

/// Parses a command-line argument as a value of type `ty`. Integers may be given as
/// signed or unsigned values of their width.
fn parse_val(ty: ValType, s: &str) -> Option<Val> {
    match ty {
        ValType::I32 => {
            let v = parse_int(s)?;
            (i128::from(i32::MIN)..=i128::from(u32::MAX))
                .contains(&v)
                .then_some(Val::I32(v as u32 as i32))
        }
        ValType::I64 => {
            let v = parse_int(s)?;
            (i128::from(i64::MIN)..=i128::from(u64::MAX))
                .contains(&v)
                .then_some(Val::I64(v as u64 as i64))
        }
        ValType::F32 => s.parse::<f32>().ok().map(|f| Val::F32(f.to_bits())),
        ValType::F64 => s.parse::<f64>().ok().map(|f| Val::F64(f.to_bits())),
        ValType::V128 => {
            let v = parse_int(s)?;
            (0..).contains(&v).then_some(Val::V128(v as u128))
        }
        ValType::FuncRef => (s == "null").then_some(Val::FuncRef(None)),
        ValType::ExternRef => (s == "null").then_some(Val::ExternRef(None)),
        _ => None,
    }
}

fn format_val(v: &Val) -> String {
    match v {
        Val::I32(x) => x.to_string(),
        Val::I64(x) => x.to_string(),
        Val::F32(b) => f32::from_bits(*b).to_string(),
        Val::F64(b) => f64::from_bits(*b).to_string(),
        Val::V128(x) => format!("0x{x:032x}"),
        Val::FuncRef(None) | Val::ExternRef(None) => "null".to_string(),
        Val::FuncRef(Some(_)) | Val::ExternRef(Some(_)) => "ref".to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// validate and inspect

fn validate_command(path: &Path) -> Result<(), Failure> {
    load(&Engine::default(), path)?;
    out!("ok");
    Ok(())
}

fn inspect_command(path: &Path) -> Result<(), Failure> {
    let mut config = Config::new();
    // Translate every function now, to report the size of the threaded code.
    config.translation(Translation::Eager);
    let engine = Engine::new(&config);
    let bytes = read_file(path)?;
    let module = engine_call("loading the module", || Module::new(&engine, &bytes))?
        .map_err(|e| Failure::Usage(format!("failed to load `{}`: {e}", path.display())))?;
    let binary = if bytes.starts_with(b"\0asm") {
        Some(bytes)
    } else {
        text_to_binary(&bytes)
    };

    let mut s = String::new();
    let _ = writeln!(s, "file: {}", path.display());
    if let Some(name) = module.name() {
        let _ = writeln!(s, "name: {name}");
    }
    let imports: Vec<_> = module.imports().collect();
    let _ = writeln!(s, "imports: {}", imports.len());
    for (m, n, ty) in &imports {
        let _ = writeln!(s, "  {m}::{n}: {ty}");
    }
    let exports: Vec<_> = module.exports().collect();
    let _ = writeln!(s, "exports: {}", exports.len());
    for (n, ty) in &exports {
        let _ = writeln!(s, "  {n}: {ty}");
    }
    let imported_funcs = imports
        .iter()
        .filter(|(_, _, t)| matches!(t, ExternType::Func(_)))
        .count();
    let _ = writeln!(
        s,
        "functions: {} defined, {imported_funcs} imported",
        module.num_defined_funcs()
    );
    let (threaded, wasm) = module.code_sizes();
    let _ = writeln!(
        s,
        "code: {wasm} bytes of wasm function bodies, {threaded} bytes of threaded code"
    );
    if let Some(binary) = binary {
        match sections(&binary) {
            Some(list) => {
                let _ = writeln!(s, "sections: {}", list.len());
                for (name, size) in list {
                    let _ = writeln!(s, "  {name}: {size} bytes");
                }
            }
            None => {
                let _ = writeln!(s, "sections: (could not be listed)");
            }
        }
        match features::used(&binary) {
            Some(list) if list.is_empty() => {
                let _ = writeln!(s, "features: none beyond WebAssembly 1.0");
            }
            Some(list) => {
                let _ = writeln!(s, "features: {}", list.join(" "));
            }
            None => {
                let _ = writeln!(s, "features: (could not be determined)");
            }
        }
    }
    out!("{}", s.trim_end());
    Ok(())
}

/// The binary of a text module, for listing its sections.
fn text_to_binary(bytes: &[u8]) -> Option<Vec<u8>> {
    wat::parse_bytes(bytes).ok().map(|b| b.into_owned())
}

fn read_leb_u32(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    let mut result = 0u64;
    for i in 0..5 {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        result |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return u32::try_from(result).ok();
        }
    }
    None
}

/// (name, payload size) of each section of a binary module.
fn sections(bytes: &[u8]) -> Option<Vec<(String, u32)>> {
    let mut pos = 8;
    let mut out = Vec::new();
    while pos < bytes.len() {
        let id = bytes[pos];
        pos += 1;
        let size = read_leb_u32(bytes, &mut pos)?;
        let end = pos
            .checked_add(size as usize)
            .filter(|&e| e <= bytes.len())?;
        let name = match id {
            0 => {
                let mut p = pos;
                let len = read_leb_u32(bytes, &mut p)? as usize;
                let raw = bytes.get(p..p.checked_add(len)?)?;
                format!("custom \"{}\"", String::from_utf8_lossy(raw))
            }
            1 => "type".into(),
            2 => "import".into(),
            3 => "function".into(),
            4 => "table".into(),
            5 => "memory".into(),
            6 => "global".into(),
            7 => "export".into(),
            8 => "start".into(),
            9 => "element".into(),
            10 => "code".into(),
            11 => "data".into(),
            12 => "datacount".into(),
            13 => "tag".into(),
            other => format!("unknown ({other})"),
        };
        out.push((name, size));
        pos = end;
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------
// wast

/// Failure messages of one file shown on stderr.
#[cfg(feature = "wast")]
const SHOWN_FAILURES: usize = 5;

#[cfg(feature = "wast")]
fn wast_command(files: &[PathBuf]) -> u8 {
    let (mut passed, mut failed) = (0u64, 0u64);
    for path in files {
        let report = match std::fs::read(path) {
            Err(e) => {
                let mut r = wint_spec_tests::WastReport {
                    file: path.display().to_string(),
                    ..Default::default()
                };
                r.failed = 1;
                r.failures
                    .push(format!("{}: cannot read the file: {e}", path.display()));
                r
            }
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => run_wast(&path.display().to_string(), &text),
                Err(_) => {
                    let mut r = wint_spec_tests::WastReport {
                        file: path.display().to_string(),
                        ..Default::default()
                    };
                    r.failed = 1;
                    r.failures
                        .push(format!("{}: the file is not UTF-8 text", path.display()));
                    r
                }
            },
        };
        passed += report.passed;
        failed += report.failed;
        out!(
            "{}: {} passed, {} failed",
            report.file,
            report.passed,
            report.failed
        );
        for f in report.failures.iter().take(SHOWN_FAILURES) {
            err!("  {f}");
        }
        if report.failures.len() > SHOWN_FAILURES {
            err!(
                "  ... and {} more failures in {}",
                report.failures.len() - SHOWN_FAILURES,
                report.file
            );
        }
    }
    out!("{passed} passed, {failed} failed");
    u8::from(failed > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_subcommand() {
        let argv = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            with_default_subcommand(argv(&["wint", "a.wasm"])),
            argv(&["wint", "run", "a.wasm"])
        );
        assert_eq!(
            with_default_subcommand(argv(&["wint", "wast", "a"])),
            argv(&["wint", "wast", "a"])
        );
        assert_eq!(
            with_default_subcommand(argv(&["wint", "--version"])),
            argv(&["wint", "--version"])
        );
        assert_eq!(
            with_default_subcommand(argv(&["wint", "--fuel", "5"])),
            argv(&["wint", "run", "--fuel", "5"])
        );
    }

    #[test]
    fn values() {
        assert!(matches!(parse_val(ValType::I32, "-1"), Some(Val::I32(-1))));
        assert!(matches!(
            parse_val(ValType::I32, "0xffffffff"),
            Some(Val::I32(-1))
        ));
        assert!(parse_val(ValType::I32, "4294967296").is_none());
        assert!(matches!(
            parse_val(ValType::I64, "-0x10"),
            Some(Val::I64(-16))
        ));
        assert!(
            matches!(parse_val(ValType::F32, "nan"), Some(Val::F32(b)) if f32::from_bits(b).is_nan())
        );
        assert!(
            matches!(parse_val(ValType::F64, "-inf"), Some(Val::F64(b)) if f64::from_bits(b) == f64::NEG_INFINITY)
        );
        assert!(parse_val(ValType::I32, "1.5").is_none());
        assert_eq!(format_val(&Val::F64(2.5f64.to_bits())), "2.5");
        assert_eq!(
            format_val(&Val::V128(1)),
            "0x00000000000000000000000000000001"
        );
    }
}
