//! Runs `.wast` scripts (the format of the WebAssembly specification test suite)
//! against `wint`.
//!
//! ```
//! let report = wint_spec_tests::run_wast(
//!     "add.wast",
//!     r#"
//!     (module (func (export "add") (param i32 i32) (result i32)
//!       (i32.add (local.get 0) (local.get 1))))
//!     (assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
//!     "#,
//! );
//! assert_eq!(report.failed, 0, "{:?}", report.failures);
//! assert_eq!(report.passed, 2);
//! ```
//!
//! Every directive of a script counts as one check: a `module` that compiles and
//! instantiates is a pass, an `assert_return` whose results match is a pass, and so on.
//! Whatever goes wrong — a wrong result, an unexpected error, a missing export, even a
//! panic inside the engine — becomes one failure whose message names the file, the
//! line and column, the directive and what was expected against what happened.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

/// The `wast` crate this runner parses scripts with (also handy to turn text modules into
/// binaries).
pub use wast;

use wast::core::{
    AbstractHeapType, HeapType, NanPattern, V128Const, V128Pattern, WastArgCore, WastRetCore,
};
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::token::{Id, Span};
use wast::{QuoteWat, Wast, WastArg, WastDirective, WastExecute, WastInvoke, WastRet, Wat};
use wint::{
    Config, Engine, Error, ExternRef, Global, GlobalType, Instance, Linker, Memory, MemoryType,
    Module, Mutability, Store, Table, TableType, Val, ValType,
};

/// The outcome of running one `.wast` script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WastReport {
    /// The name the script was run under (usually its path).
    pub file: String,
    /// Directives that behaved as the script expects.
    pub passed: u64,
    /// Directives that did not.
    pub failed: u64,
    /// One message per failure, in script order:
    /// `file:line:col: directive: what went wrong`.
    pub failures: Vec<String>,
}

impl WastReport {
    fn new(file: &str) -> Self {
        WastReport {
            file: file.to_string(),
            ..WastReport::default()
        }
    }
    fn pass(&mut self) {
        self.passed += 1;
    }
    fn fail(&mut self, msg: String) {
        self.failed += 1;
        self.failures.push(msg);
    }
}

/// Settings of a run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The engine configuration every module of the script is compiled and run with.
    pub config: Config,
    /// When set, the fuel given to the store before each directive (the engine's
    /// configuration must then have `consume_fuel(true)`): a guard against runaway loops.
    pub fuel: Option<u64>,
    /// For runs without validation (`Config::validate(false)`): an `assert_invalid` or
    /// `assert_malformed` module may then compile, since the engine only promises that
    /// invalid input cannot cause undefined behaviour; it must still not panic.
    pub lenient_rejections: bool,
}

/// Runs the script `text`, reporting failures under the name `name`, with the default
/// engine configuration.
pub fn run_wast(name: &str, text: &str) -> WastReport {
    run_wast_with(name, text, &Options::default())
}

/// Runs the script `text`, reporting failures under the name `name`.
pub fn run_wast_with(name: &str, text: &str, options: &Options) -> WastReport {
    let mut report = WastReport::new(name);
    let render = |mut e: wast::Error| {
        e.set_text(text);
        e.set_path(std::path::Path::new(name));
        format!("{name}: the script does not parse: {}", one_line(&e))
    };
    let buf = match guarded(|| make_buffer(text)) {
        Ok(Ok(buf)) => buf,
        Ok(Err(e)) => {
            report.fail(render(e));
            return report;
        }
        Err(panic) => {
            report.fail(format!("{name}: panic while lexing the script: {panic}"));
            return report;
        }
    };
    let script = match guarded(|| parser::parse::<Wast<'_>>(&buf)) {
        Ok(Ok(script)) => script,
        Ok(Err(e)) => {
            report.fail(render(e));
            return report;
        }
        Err(panic) => {
            report.fail(format!("{name}: panic while parsing the script: {panic}"));
            return report;
        }
    };
    let mut runner = match guarded(|| Runner::new(name, text, options)) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            report.fail(format!(
                "{name}: could not set up the `spectest` module: {e}"
            ));
            return report;
        }
        Err(panic) => {
            report.fail(format!(
                "{name}: panic while setting up the `spectest` module: {panic}"
            ));
            return report;
        }
    };
    runner.report = report;
    for directive in script.directives {
        runner.run_directive(directive);
    }
    runner.report
}

fn make_buffer(text: &str) -> Result<ParseBuffer<'_>, wast::Error> {
    let mut lexer = Lexer::new(text);
    // The test suite deliberately uses look-alike characters in names and strings.
    lexer.allow_confusing_unicode(true);
    ParseBuffer::new_with_lexer(lexer)
}

/// Defines the `spectest` module that the test suite imports from, as the reference
/// interpreter does: printing functions that do nothing, four immutable globals, a
/// table and a memory.
pub fn spectest_linker<T: 'static>(store: &mut Store<T>) -> wint::Result<Linker<T>> {
    let mut linker = Linker::new(store.engine());
    linker.allow_shadowing(true);
    linker.func_wrap("spectest", "print", || {})?;
    linker.func_wrap("spectest", "print_i32", |_: i32| {})?;
    linker.func_wrap("spectest", "print_i64", |_: i64| {})?;
    linker.func_wrap("spectest", "print_f32", |_: f32| {})?;
    linker.func_wrap("spectest", "print_f64", |_: f64| {})?;
    linker.func_wrap("spectest", "print_i32_f32", |_: i32, _: f32| {})?;
    linker.func_wrap("spectest", "print_f64_f64", |_: f64, _: f64| {})?;
    let globals = [
        ("global_i32", ValType::I32, Val::I32(666)),
        ("global_i64", ValType::I64, Val::I64(666)),
        ("global_f32", ValType::F32, Val::F32(666.6f32.to_bits())),
        ("global_f64", ValType::F64, Val::F64(666.6f64.to_bits())),
    ];
    for (name, ty, val) in globals {
        let g = Global::new(&mut *store, GlobalType::new(ty, Mutability::Const), val)?;
        linker.define("spectest", name, g)?;
    }
    let table = Table::new(
        &mut *store,
        TableType::new(ValType::FuncRef, 10, Some(20)),
        Val::FuncRef(None),
    )?;
    linker.define("spectest", "table", table)?;
    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2)))?;
    linker.define("spectest", "memory", memory)?;
    Ok(linker)
}

// ---------------------------------------------------------------------------------------
// Panics

thread_local! {
    /// Whether panics on this thread are being caught by [`guarded`] (and so must not
    /// be printed by the panic hook).
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
    /// Message and location of the last panic caught on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "<non-string panic payload>".to_string()
    }
}

fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let capturing = CAPTURING.try_with(Cell::get).unwrap_or(false);
            if capturing {
                let mut msg = payload_message(info.payload());
                if let Some(loc) = info.location() {
                    let _ = write!(msg, " (at {}:{}:{})", loc.file(), loc.line(), loc.column());
                }
                let _ = LAST_PANIC.try_with(|p| *p.borrow_mut() = Some(msg));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `Err(message)` with the panic's location; the panic is
/// not printed. Other threads' panics are printed as usual.
pub fn guarded<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    install_hook();
    let was = CAPTURING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CAPTURING.with(|c| c.set(was));
    result.map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| payload_message(&*payload))
    })
}

// ---------------------------------------------------------------------------------------
// The runner

/// Why an execution did not produce values.
enum ExecError {
    /// The engine reported an error (a trap, a link error, ...): what some assertions want.
    Engine(Error),
    /// The script could not be carried out (unknown module or export, unsupported value):
    /// always a failure.
    Harness(String),
}

struct Runner<'a> {
    name: &'a str,
    text: &'a str,
    options: &'a Options,
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    /// The last module instantiated, the target of directives that name no module.
    current: Option<Instance>,
    named: HashMap<String, Instance>,
    definitions: HashMap<String, Module>,
    last_definition: Option<Module>,
    /// One `ExternRef` per `ref.extern N`, so that a reference passed in and returned
    /// compares equal.
    externs: HashMap<u32, ExternRef>,
    report: WastReport,
}

fn id_name(id: Option<Id<'_>>) -> Option<String> {
    id.map(|id| id.name().to_string())
}

impl<'a> Runner<'a> {
    fn new(name: &'a str, text: &'a str, options: &'a Options) -> wint::Result<Self> {
        let engine = Engine::new(&options.config);
        let mut store = Store::new(&engine, ());
        let linker = spectest_linker(&mut store)?;
        Ok(Runner {
            name,
            text,
            options,
            engine,
            store,
            linker,
            current: None,
            named: HashMap::new(),
            definitions: HashMap::new(),
            last_definition: None,
            externs: HashMap::new(),
            report: WastReport::default(),
        })
    }

    fn location(&self, span: Span) -> String {
        let (line, col) = span.linecol_in(self.text);
        format!("{}:{}:{}", self.name, line + 1, col + 1)
    }

    fn run_directive(&mut self, directive: WastDirective<'_>) {
        let span = directive.span();
        let what = describe_directive(&directive);
        if let Some(fuel) = self.options.fuel {
            let _ = self.store.set_fuel(fuel);
        }
        let outcome = guarded(|| self.directive(directive));
        let result = match outcome {
            Ok(r) => r,
            Err(panic) => Err(format!("engine panicked: {panic}")),
        };
        match result {
            Ok(()) => self.report.pass(),
            Err(msg) => {
                let loc = self.location(span);
                self.report.fail(format!("{loc}: {what}: {msg}"));
            }
        }
    }

    fn directive(&mut self, directive: WastDirective<'_>) -> Result<(), String> {
        match directive {
            WastDirective::Module(mut module) => {
                let name = id_name(module.name());
                // A module that fails leaves no current module behind, so that later
                // directives report that rather than running against an older module.
                self.current = None;
                if let Some(n) = &name {
                    self.named.remove(n);
                }
                let compiled = self.compile(&mut module)?;
                let instance = self
                    .linker
                    .instantiate(&mut self.store, &compiled)
                    .map_err(|e| format!("instantiation failed: {}", one_line(&e)))?;
                self.current = Some(instance);
                if let Some(n) = name {
                    self.named.insert(n, instance);
                }
                Ok(())
            }
            WastDirective::ModuleDefinition(mut module) => {
                let name = id_name(module.name());
                let compiled = self.compile(&mut module)?;
                if let Some(n) = name {
                    self.definitions.insert(n, compiled.clone());
                }
                self.last_definition = Some(compiled);
                Ok(())
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                let def = match id_name(module) {
                    Some(n) => self
                        .definitions
                        .get(&n)
                        .cloned()
                        .ok_or_else(|| format!("unknown module definition `${n}`"))?,
                    None => self
                        .last_definition
                        .clone()
                        .ok_or("no module definition to instantiate")?,
                };
                let inst_name = id_name(instance);
                self.current = None;
                let inst = self
                    .linker
                    .instantiate(&mut self.store, &def)
                    .map_err(|e| format!("instantiation failed: {}", one_line(&e)))?;
                self.current = Some(inst);
                if let Some(n) = inst_name {
                    self.named.insert(n, inst);
                }
                Ok(())
            }
            WastDirective::Register { name, module, .. } => {
                let inst = self.instance(module)?;
                self.linker
                    .instance(&mut self.store, name, inst)
                    .map_err(|e| format!("register failed: {}", one_line(&e)))?;
                Ok(())
            }
            WastDirective::Invoke(invoke) => match self.invoke(&invoke) {
                Ok(_) => Ok(()),
                Err(ExecError::Engine(e)) => Err(format!("unexpected error: {}", one_line(&e))),
                Err(ExecError::Harness(m)) => Err(m),
            },
            WastDirective::AssertReturn { exec, results, .. } => {
                let expected = results
                    .iter()
                    .map(|r| match r {
                        WastRet::Core(c) => Ok(c),
                        _ => Err("component-model results are not supported".to_string()),
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                let actual = match self.execute(exec) {
                    Ok(v) => v,
                    Err(ExecError::Engine(e)) => {
                        return Err(format!(
                            "expected {}, got error: {}",
                            fmt_rets(&expected),
                            one_line(&e)
                        ));
                    }
                    Err(ExecError::Harness(m)) => return Err(m),
                };
                let ok = actual.len() == expected.len()
                    && actual
                        .iter()
                        .zip(&expected)
                        .all(|(a, e)| self.matches(a, e));
                if ok {
                    Ok(())
                } else {
                    Err(format!(
                        "expected {}, got {}",
                        fmt_rets(&expected),
                        self.fmt_vals(&actual, &expected)
                    ))
                }
            }
            WastDirective::AssertTrap { exec, message, .. } => match self.execute(exec) {
                Ok(v) => Err(format!(
                    "expected trap \"{message}\", got {}",
                    self.fmt_vals(&v, &[])
                )),
                Err(ExecError::Engine(e)) => check_message("trap", message, &e),
                Err(ExecError::Harness(m)) => Err(m),
            },
            WastDirective::AssertExhaustion { call, message, .. } => match self.invoke(&call) {
                Ok(v) => Err(format!(
                    "expected \"{message}\", got {}",
                    self.fmt_vals(&v, &[])
                )),
                Err(ExecError::Engine(e)) => check_message("exhaustion", message, &e),
                Err(ExecError::Harness(m)) => Err(m),
            },
            WastDirective::AssertInvalid {
                module, message, ..
            } => self.assert_rejected(module, "invalid", message),
            WastDirective::AssertMalformed {
                module, message, ..
            } => self.assert_rejected(module, "malformed", message),
            WastDirective::AssertUnlinkable {
                mut module,
                message,
                ..
            } => {
                let bytes = module
                    .encode()
                    .map_err(|e| format!("the module does not encode: {}", one_line(&e)))?;
                let compiled = Module::new(&self.engine, &bytes)
                    .map_err(|e| format!("the module should compile but: {}", one_line(&e)))?;
                match self.linker.instantiate(&mut self.store, &compiled) {
                    Ok(_) => Err(format!(
                        "expected instantiation to fail with \"{message}\", but it succeeded"
                    )),
                    Err(_) => Ok(()),
                }
            }
            WastDirective::AssertInvalidCustom { .. }
            | WastDirective::AssertMalformedCustom { .. } => {
                Err("custom-section annotations are not supported by this runner".to_string())
            }
            WastDirective::AssertException { .. } | WastDirective::AssertSuspension { .. } => {
                Err("exceptions and stack switching are not supported by this runner".to_string())
            }
            WastDirective::Thread(_) | WastDirective::Wait { .. } => {
                Err("threads are not supported by this runner".to_string())
            }
        }
    }

    /// Encodes a module of the script and compiles it.
    fn compile(&mut self, module: &mut QuoteWat<'_>) -> Result<Module, String> {
        if let QuoteWat::Wat(Wat::Component(_)) | QuoteWat::QuoteComponent(..) = module {
            return Err("components are not supported".to_string());
        }
        let bytes = module
            .encode()
            .map_err(|e| format!("the module does not encode: {}", one_line(&e)))?;
        Module::new(&self.engine, &bytes)
            .map_err(|e| format!("compilation failed: {}", one_line(&e)))
    }

    /// `assert_invalid` and `assert_malformed`: the module must be rejected, either by
    /// the text format (a `quote` module that does not parse) or by `Module::new`.
    fn assert_rejected(
        &mut self,
        mut module: QuoteWat<'_>,
        kind: &str,
        message: &str,
    ) -> Result<(), String> {
        let Ok(bytes) = module.encode() else {
            return Ok(());
        };
        match Module::new(&self.engine, &bytes) {
            Ok(_) if self.options.lenient_rejections => Ok(()),
            Ok(_) => Err(format!(
                "expected the module to be rejected as {kind} (\"{message}\"), but it compiled"
            )),
            Err(_) => Ok(()),
        }
    }

    fn instance(&self, module: Option<Id<'_>>) -> Result<Instance, String> {
        match module {
            Some(id) => self
                .named
                .get(id.name())
                .copied()
                .ok_or_else(|| format!("unknown module `${}`", id.name())),
            None => self
                .current
                .ok_or_else(|| "no module is instantiated (the last module failed?)".to_string()),
        }
    }

    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Vec<Val>, ExecError> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Get { module, global, .. } => {
                let inst = self.instance(module).map_err(ExecError::Harness)?;
                let g = inst.get_global(&self.store, global).ok_or_else(|| {
                    ExecError::Harness(format!("no exported global \"{global}\""))
                })?;
                Ok(vec![g.get(&self.store)])
            }
            WastExecute::Wat(wat) => {
                let mut module = QuoteWat::Wat(wat);
                let compiled = self.compile(&mut module).map_err(ExecError::Harness)?;
                self.linker
                    .instantiate(&mut self.store, &compiled)
                    .map_err(ExecError::Engine)?;
                Ok(Vec::new())
            }
        }
    }

    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Vec<Val>, ExecError> {
        let inst = self.instance(invoke.module).map_err(ExecError::Harness)?;
        let func = inst.get_func(&self.store, invoke.name).ok_or_else(|| {
            ExecError::Harness(format!("no exported function \"{}\"", invoke.name))
        })?;
        let mut args = Vec::with_capacity(invoke.args.len());
        for arg in &invoke.args {
            args.push(self.arg(arg).map_err(ExecError::Harness)?);
        }
        let ty = func.ty(&self.store);
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        func.call(&mut self.store, &args, &mut results)
            .map_err(ExecError::Engine)?;
        Ok(results)
    }

    fn externref(&mut self, n: u32) -> ExternRef {
        let store = &mut self.store;
        *self
            .externs
            .entry(n)
            .or_insert_with(|| ExternRef::new(store, n))
    }

    fn arg(&mut self, arg: &WastArg<'_>) -> Result<Val, String> {
        let WastArg::Core(arg) = arg else {
            return Err("component-model arguments are not supported".to_string());
        };
        Ok(match arg {
            WastArgCore::I32(v) => Val::I32(*v),
            WastArgCore::I64(v) => Val::I64(*v),
            WastArgCore::F32(v) => Val::F32(v.bits),
            WastArgCore::F64(v) => Val::F64(v.bits),
            WastArgCore::V128(v) => Val::V128(v128_bits(v)),
            WastArgCore::RefNull(HeapType::Abstract {
                ty: AbstractHeapType::Func,
                ..
            }) => Val::FuncRef(None),
            WastArgCore::RefNull(HeapType::Abstract {
                ty: AbstractHeapType::Extern,
                ..
            }) => Val::ExternRef(None),
            WastArgCore::RefNull(other) => {
                return Err(format!("unsupported null reference type {other:?}"));
            }
            WastArgCore::RefExtern(n) => Val::ExternRef(Some(self.externref(*n))),
            WastArgCore::RefHost(_) => {
                return Err("`ref.host` arguments are not supported".to_string());
            }
        })
    }

    fn extern_number(&self, r: ExternRef) -> Option<u32> {
        r.data(&self.store)?.downcast_ref::<u32>().copied()
    }

    fn matches(&self, actual: &Val, expected: &WastRetCore<'_>) -> bool {
        match (expected, actual) {
            (WastRetCore::I32(e), Val::I32(a)) => e == a,
            (WastRetCore::I64(e), Val::I64(a)) => e == a,
            (WastRetCore::F32(e), Val::F32(a)) => f32_matches(e, *a),
            (WastRetCore::F64(e), Val::F64(a)) => f64_matches(e, *a),
            (WastRetCore::V128(e), Val::V128(a)) => v128_matches(e, *a),
            (WastRetCore::RefNull(ty), Val::FuncRef(None)) => {
                matches!(
                    ty,
                    None | Some(HeapType::Abstract {
                        ty: AbstractHeapType::Func | AbstractHeapType::NoFunc,
                        ..
                    })
                )
            }
            (WastRetCore::RefNull(ty), Val::ExternRef(None)) => matches!(
                ty,
                None | Some(HeapType::Abstract {
                    ty: AbstractHeapType::Extern | AbstractHeapType::NoExtern,
                    ..
                })
            ),
            (WastRetCore::RefExtern(None), Val::ExternRef(Some(_))) => true,
            (WastRetCore::RefExtern(Some(n)), Val::ExternRef(Some(r))) => {
                self.extern_number(*r) == Some(*n)
            }
            (WastRetCore::RefFunc(_), Val::FuncRef(Some(_))) => true,
            (WastRetCore::Either(options), a) => options.iter().any(|e| self.matches(a, e)),
            _ => false,
        }
    }

    /// Formats actual values; a v128 is shown in the lane shape of the matching expected
    /// value when there is one.
    fn fmt_vals(&self, vals: &[Val], expected: &[&WastRetCore<'_>]) -> String {
        let items: Vec<String> = vals
            .iter()
            .enumerate()
            .map(|(i, v)| self.fmt_val(v, expected.get(i).copied()))
            .collect();
        format!("[{}]", items.join(", "))
    }

    fn fmt_val(&self, v: &Val, expected: Option<&WastRetCore<'_>>) -> String {
        match v {
            Val::I32(x) => format!("i32:{x}"),
            Val::I64(x) => format!("i64:{x}"),
            Val::F32(b) => format!("f32:{} (0x{b:08x})", f32::from_bits(*b)),
            Val::F64(b) => format!("f64:{} (0x{b:016x})", f64::from_bits(*b)),
            Val::V128(b) => match expected {
                Some(WastRetCore::V128(p)) => format!("v128:{} (0x{b:032x})", lanes_of(p, *b)),
                _ => format!("v128:0x{b:032x}"),
            },
            Val::FuncRef(None) => "ref.null func".to_string(),
            Val::FuncRef(Some(_)) => "ref.func".to_string(),
            Val::ExternRef(None) => "ref.null extern".to_string(),
            Val::ExternRef(Some(r)) => match self.extern_number(*r) {
                Some(n) => format!("ref.extern {n}"),
                None => "ref.extern <not a script value>".to_string(),
            },
        }
    }
}

// ---------------------------------------------------------------------------------------
// Values and patterns

fn v128_bits(v: &V128Const) -> u128 {
    u128::from_le_bytes(v.to_le_bytes())
}

fn f32_matches(e: &NanPattern<wast::token::F32>, a: u32) -> bool {
    match e {
        // Canonical NaN: either sign, quiet bit only.
        NanPattern::CanonicalNan => a & 0x7fff_ffff == 0x7fc0_0000,
        // Arithmetic NaN: either sign, quiet bit set, any payload.
        NanPattern::ArithmeticNan => a & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(v) => v.bits == a,
    }
}

fn f64_matches(e: &NanPattern<wast::token::F64>, a: u64) -> bool {
    match e {
        NanPattern::CanonicalNan => a & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => a & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
        NanPattern::Value(v) => v.bits == a,
    }
}

/// Lane `i` of width `bits` of a v128 (lane 0 is the least significant).
fn lane(v: u128, bits: u32, i: usize) -> u128 {
    (v >> (bits as usize * i)) & ((1u128 << bits) - 1)
}

fn v128_matches(e: &V128Pattern, a: u128) -> bool {
    match e {
        V128Pattern::I8x16(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| lane(a, 8, i) == *x as u8 as u128),
        V128Pattern::I16x8(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| lane(a, 16, i) == *x as u16 as u128),
        V128Pattern::I32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| lane(a, 32, i) == *x as u32 as u128),
        V128Pattern::I64x2(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| lane(a, 64, i) == *x as u64 as u128),
        V128Pattern::F32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| f32_matches(x, lane(a, 32, i) as u32)),
        V128Pattern::F64x2(l) => l
            .iter()
            .enumerate()
            .all(|(i, x)| f64_matches(x, lane(a, 64, i) as u64)),
    }
}

/// The lanes of `v` in the shape of the pattern `p`.
fn lanes_of(p: &V128Pattern, v: u128) -> String {
    let (shape, items): (&str, Vec<String>) = match p {
        V128Pattern::I8x16(_) => (
            "i8x16",
            (0..16)
                .map(|i| (lane(v, 8, i) as u8 as i8).to_string())
                .collect(),
        ),
        V128Pattern::I16x8(_) => (
            "i16x8",
            (0..8)
                .map(|i| (lane(v, 16, i) as u16 as i16).to_string())
                .collect(),
        ),
        V128Pattern::I32x4(_) => (
            "i32x4",
            (0..4)
                .map(|i| (lane(v, 32, i) as u32 as i32).to_string())
                .collect(),
        ),
        V128Pattern::I64x2(_) => (
            "i64x2",
            (0..2)
                .map(|i| (lane(v, 64, i) as u64 as i64).to_string())
                .collect(),
        ),
        V128Pattern::F32x4(_) => (
            "f32x4",
            (0..4)
                .map(|i| f32::from_bits(lane(v, 32, i) as u32).to_string())
                .collect(),
        ),
        V128Pattern::F64x2(_) => (
            "f64x2",
            (0..2)
                .map(|i| f64::from_bits(lane(v, 64, i) as u64).to_string())
                .collect(),
        ),
    };
    format!("{shape} [{}]", items.join(" "))
}

fn fmt_f32_pattern(p: &NanPattern<wast::token::F32>) -> String {
    match p {
        NanPattern::CanonicalNan => "nan:canonical".to_string(),
        NanPattern::ArithmeticNan => "nan:arithmetic".to_string(),
        NanPattern::Value(v) => format!("{}", f32::from_bits(v.bits)),
    }
}

fn fmt_f64_pattern(p: &NanPattern<wast::token::F64>) -> String {
    match p {
        NanPattern::CanonicalNan => "nan:canonical".to_string(),
        NanPattern::ArithmeticNan => "nan:arithmetic".to_string(),
        NanPattern::Value(v) => format!("{}", f64::from_bits(v.bits)),
    }
}

fn fmt_ret(r: &WastRetCore<'_>) -> String {
    match r {
        WastRetCore::I32(x) => format!("i32:{x}"),
        WastRetCore::I64(x) => format!("i64:{x}"),
        WastRetCore::F32(NanPattern::Value(v)) => {
            format!("f32:{} (0x{:08x})", f32::from_bits(v.bits), v.bits)
        }
        WastRetCore::F32(p) => format!("f32:{}", fmt_f32_pattern(p)),
        WastRetCore::F64(NanPattern::Value(v)) => {
            format!("f64:{} (0x{:016x})", f64::from_bits(v.bits), v.bits)
        }
        WastRetCore::F64(p) => format!("f64:{}", fmt_f64_pattern(p)),
        WastRetCore::V128(p) => {
            let (shape, items): (&str, Vec<String>) = match p {
                V128Pattern::I8x16(l) => ("i8x16", l.iter().map(|x| x.to_string()).collect()),
                V128Pattern::I16x8(l) => ("i16x8", l.iter().map(|x| x.to_string()).collect()),
                V128Pattern::I32x4(l) => ("i32x4", l.iter().map(|x| x.to_string()).collect()),
                V128Pattern::I64x2(l) => ("i64x2", l.iter().map(|x| x.to_string()).collect()),
                V128Pattern::F32x4(l) => ("f32x4", l.iter().map(fmt_f32_pattern).collect()),
                V128Pattern::F64x2(l) => ("f64x2", l.iter().map(fmt_f64_pattern).collect()),
            };
            format!("v128:{shape} [{}]", items.join(" "))
        }
        WastRetCore::RefNull(_) => "ref.null".to_string(),
        WastRetCore::RefExtern(None) => "ref.extern".to_string(),
        WastRetCore::RefExtern(Some(n)) => format!("ref.extern {n}"),
        WastRetCore::RefFunc(_) => "ref.func".to_string(),
        WastRetCore::Either(options) => {
            let alts: Vec<String> = options.iter().map(fmt_ret).collect();
            format!("either({})", alts.join(" | "))
        }
        other => format!("{other:?}"),
    }
}

fn fmt_rets(rets: &[&WastRetCore<'_>]) -> String {
    let items: Vec<String> = rets.iter().map(|r| fmt_ret(r)).collect();
    format!("[{}]", items.join(", "))
}

fn fmt_arg(arg: &WastArg<'_>) -> String {
    match arg {
        WastArg::Core(WastArgCore::I32(x)) => format!("i32:{x}"),
        WastArg::Core(WastArgCore::I64(x)) => format!("i64:{x}"),
        WastArg::Core(WastArgCore::F32(v)) => format!("f32:{}", f32::from_bits(v.bits)),
        WastArg::Core(WastArgCore::F64(v)) => format!("f64:{}", f64::from_bits(v.bits)),
        WastArg::Core(WastArgCore::V128(v)) => format!("v128:0x{:032x}", v128_bits(v)),
        WastArg::Core(WastArgCore::RefNull(_)) => "ref.null".to_string(),
        WastArg::Core(WastArgCore::RefExtern(n)) => format!("ref.extern {n}"),
        WastArg::Core(WastArgCore::RefHost(n)) => format!("ref.host {n}"),
        _ => "<component value>".to_string(),
    }
}

fn describe_invoke(i: &WastInvoke<'_>) -> String {
    let module = i
        .module
        .map(|m| format!("${} ", m.name()))
        .unwrap_or_default();
    let args: Vec<String> = i.args.iter().map(fmt_arg).collect();
    if args.is_empty() {
        format!("invoke {module}\"{}\"", i.name)
    } else {
        format!("invoke {module}\"{}\" ({})", i.name, args.join(", "))
    }
}

fn describe_exec(e: &WastExecute<'_>) -> String {
    match e {
        WastExecute::Invoke(i) => describe_invoke(i),
        WastExecute::Get { module, global, .. } => {
            let module = module
                .map(|m| format!("${} ", m.name()))
                .unwrap_or_default();
            format!("get {module}\"{global}\"")
        }
        WastExecute::Wat(_) => "module".to_string(),
    }
}

fn describe_module(m: &QuoteWat<'_>) -> String {
    let kind = match m {
        QuoteWat::Wat(Wat::Module(module)) => match module.kind {
            wast::core::ModuleKind::Binary(_) => "module binary",
            wast::core::ModuleKind::Text(_) => "module",
        },
        QuoteWat::QuoteModule(..) => "module quote",
        _ => "component",
    };
    match m.name() {
        Some(id) => format!("{kind} ${}", id.name()),
        None => kind.to_string(),
    }
}

fn describe_directive(d: &WastDirective<'_>) -> String {
    match d {
        WastDirective::Module(m) => describe_module(m),
        WastDirective::ModuleDefinition(m) => format!("{} definition", describe_module(m)),
        WastDirective::ModuleInstance { .. } => "module instance".to_string(),
        WastDirective::AssertMalformed {
            module, message, ..
        } => {
            format!(
                "assert_malformed({}, \"{message}\")",
                describe_module(module)
            )
        }
        WastDirective::AssertInvalid {
            module, message, ..
        } => {
            format!("assert_invalid({}, \"{message}\")", describe_module(module))
        }
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom".to_string(),
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom".to_string(),
        WastDirective::Register { name, .. } => format!("register \"{name}\""),
        WastDirective::Invoke(i) => describe_invoke(i),
        WastDirective::AssertTrap { exec, message, .. } => {
            format!("assert_trap({}, \"{message}\")", describe_exec(exec))
        }
        WastDirective::AssertReturn { exec, .. } => {
            format!("assert_return({})", describe_exec(exec))
        }
        WastDirective::AssertExhaustion { call, message, .. } => {
            format!(
                "assert_exhaustion({}, \"{message}\")",
                describe_invoke(call)
            )
        }
        WastDirective::AssertUnlinkable { message, .. } => {
            format!("assert_unlinkable(module, \"{message}\")")
        }
        WastDirective::AssertException { .. } => "assert_exception".to_string(),
        WastDirective::AssertSuspension { .. } => "assert_suspension".to_string(),
        WastDirective::Thread(_) => "thread".to_string(),
        WastDirective::Wait { .. } => "wait".to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Errors and messages

fn one_line(e: &impl std::fmt::Display) -> String {
    let s = e.to_string();
    let mut lines = s.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut out = lines.next().unwrap_or("").to_string();
    for l in lines {
        out.push_str(" | ");
        out.push_str(l);
    }
    out
}

/// Whether the engine's message `actual` is the spec's message `expected`. Spec versions
/// differ slightly (`"uninitialized element 2"`, `"undefined element"`), so a prefix of
/// either counts, and the two element messages are one family.
pub fn message_matches(expected: &str, actual: &str) -> bool {
    let expected = expected.trim();
    let actual = actual.trim();
    if expected.is_empty() {
        return true;
    }
    if actual.contains(expected) || (!actual.is_empty() && expected.starts_with(actual)) {
        return true;
    }
    let element = |s: &str| s.contains("undefined element") || s.contains("uninitialized element");
    element(expected) && element(actual)
}

fn check_message(what: &str, expected: &str, e: &Error) -> Result<(), String> {
    let actual = e.to_string();
    if message_matches(expected, &actual) {
        Ok(())
    } else {
        Err(format!(
            "expected {what} \"{expected}\", got error \"{}\" ({:?})",
            one_line(&actual),
            kind_name(e)
        ))
    }
}

fn kind_name(e: &Error) -> &'static str {
    match e.kind() {
        wint::ErrorKind::Malformed(_) => "malformed",
        wint::ErrorKind::Invalid(_) => "invalid",
        wint::ErrorKind::Link(_) => "link",
        wint::ErrorKind::Instantiation(_) => "instantiation",
        wint::ErrorKind::Trap(_) => "trap",
        wint::ErrorKind::Exit(_) => "exit",
        wint::ErrorKind::Host(_) => "host",
        wint::ErrorKind::Usage(_) => "usage",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages() {
        assert!(message_matches(
            "uninitialized element 2",
            "uninitialized element"
        ));
        assert!(message_matches(
            "undefined element",
            "uninitialized element"
        ));
        assert!(message_matches(
            "out of bounds memory access",
            "out of bounds memory access"
        ));
        assert!(!message_matches(
            "integer overflow",
            "integer divide by zero"
        ));
        assert!(!message_matches("unreachable", ""));
    }

    #[test]
    fn nan_patterns() {
        let canon = NanPattern::<wast::token::F32>::CanonicalNan;
        let arith = NanPattern::<wast::token::F32>::ArithmeticNan;
        assert!(f32_matches(&canon, 0x7fc0_0000));
        assert!(f32_matches(&canon, 0xffc0_0000));
        assert!(!f32_matches(&canon, 0x7fc0_0001));
        assert!(f32_matches(&arith, 0x7fc0_0001));
        assert!(!f32_matches(&arith, 0x7f80_0001));
        assert!(f64_matches(
            &NanPattern::CanonicalNan,
            0xfff8_0000_0000_0000
        ));
        assert!(!f64_matches(
            &NanPattern::ArithmeticNan,
            0x7ff0_0000_0000_0001
        ));
    }

    #[test]
    fn failures_are_located() {
        let r = run_wast(
            "t.wast",
            "(module (func (export \"f\") (result i32) (i32.const 1)))\n\
             (assert_return (invoke \"f\") (i32.const 2))\n\
             (assert_return (invoke \"g\") (i32.const 2))\n\
             (assert_trap (invoke \"f\") \"unreachable\")\n",
        );
        assert_eq!((r.passed, r.failed), (1, 3), "{:?}", r.failures);
        assert!(
            r.failures[0].starts_with(
                "t.wast:2:2: assert_return(invoke \"f\"): expected [i32:2], got [i32:1]"
            )
        );
        assert!(r.failures[1].contains("no exported function \"g\""));
        assert!(r.failures[2].contains("expected trap \"unreachable\""));
    }

    #[test]
    fn wrong_expectations_fail() {
        let r = run_wast(
            "w.wast",
            r#"(module
                 (func (export "nan") (result f32) (f32.const nan:0x200001))
                 (func (export "v") (result v128) (v128.const i32x4 1 2 3 4))
                 (func (export "vf") (result v128) (v128.const f32x4 nan:0x200001 1 2 3))
                 (func (export "f") (result funcref) (ref.func 0))
                 (func (export "x") (param externref) (result externref) (local.get 0))
                 (func (export "two") (result i32 i64) (i32.const 1) (i64.const 2))
                 (global (export "g") i32 (i32.const 7)))
               (assert_return (invoke "nan") (f32.const nan:canonical))
               (assert_return (invoke "nan") (f32.const nan:0x200000))
               (assert_return (invoke "v") (v128.const i32x4 1 2 3 5))
               (assert_return (invoke "v") (v128.const i64x2 1 2))
               (assert_return (invoke "vf") (v128.const f32x4 nan:canonical 1 2 3))
               (assert_return (invoke "f") (ref.null func))
               (assert_return (invoke "x" (ref.extern 1)) (ref.extern 2))
               (assert_return (invoke "x" (ref.extern 1)) (ref.null extern))
               (assert_return (invoke "two") (i32.const 1))
               (assert_return (get "g") (i32.const 8))
               (assert_trap (invoke "two") "unreachable")
               (assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
               (assert_malformed (module binary "\00asm" "\01\00\00\00") "unexpected end")
               (assert_unlinkable (module (func)) "unknown import")
            "#,
        );
        assert_eq!((r.passed, r.failed), (1, 14), "{:#?}", r.failures);

        let ok = run_wast(
            "ok.wast",
            r#"(module $first
                 (func (export "nan") (result f32) (f32.const nan:0x600001))
                 (func (export "vf") (result v128) (v128.const f32x4 nan:0x600001 -nan 2 3))
                 (func (export "f") (result funcref) (ref.func 0))
                 (func (export "x") (param externref) (result externref) (local.get 0))
                 (global (export "g") i32 (i32.const 7)))
               (register "m")
               (module $second (import "m" "g" (global i32)))
               (assert_return (invoke $first "nan") (f32.const nan:arithmetic))
               (assert_return (get $first "g") (i32.const 7))
               (assert_return (invoke $first "vf") (v128.const f32x4 nan:arithmetic nan:canonical 2 3))
               (assert_return (invoke $first "f") (ref.func))
               (assert_return (invoke $first "x" (ref.extern 1)) (ref.extern 1))
               (assert_return (invoke $first "x" (ref.extern 1)) (ref.extern))
               (assert_unlinkable (module (import "m" "nope" (func))) "unknown import")
               (assert_malformed (module quote "(func (i32.const))") "unexpected token")
            "#,
        );
        assert_eq!(ok.failed, 0, "{:#?}", ok.failures);
    }

    #[test]
    fn parse_error_is_one_failure() {
        let r = run_wast("bad.wast", "(module (func (i32.const)))) (assert_return");
        assert_eq!((r.passed, r.failed), (0, 1));
        assert!(r.failures[0].starts_with("bad.wast"));
    }

    #[test]
    fn panics_are_caught_with_their_location() {
        let r: Result<(), String> = guarded(|| panic!("boom {}", 1));
        let msg = r.unwrap_err();
        assert!(msg.starts_with("boom 1 (at "), "{msg}");
        assert!(msg.contains("lib.rs"), "{msg}");
    }

    #[test]
    fn externrefs_round_trip() {
        let r = run_wast(
            "e.wast",
            "(module (func (export \"id\") (param externref) (result externref) (local.get 0)))\n\
             (assert_return (invoke \"id\" (ref.extern 7)) (ref.extern 7))\n\
             (assert_return (invoke \"id\" (ref.null extern)) (ref.null extern))\n",
        );
        assert_eq!(r.failed, 0, "{:?}", r.failures);
    }
}
