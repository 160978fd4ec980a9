//! Errors and traps.
//!
//! Every failure the engine can report is an [`Error`]: decoding, validation, linking and
//! instantiation failures, and traps raised while executing guest code. Traps carry a
//! [`TrapCode`] with the message the WebAssembly specification uses and a wasm backtrace.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// The reason a WebAssembly computation trapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrapCode {
    /// `unreachable` was executed.
    Unreachable,
    /// A load or store, or a bulk memory operation, went out of the memory's bounds.
    MemoryOutOfBounds,
    /// A table access or bulk table operation went out of the table's bounds.
    TableOutOfBounds,
    /// `call_indirect` found a null entry.
    IndirectCallToNull,
    /// `call_indirect` with an index outside the table.
    UndefinedElement,
    /// `call_indirect` found a function of another type.
    BadSignature,
    /// Signed division overflow (`INT_MIN / -1`) or float-to-int overflow.
    IntegerOverflow,
    /// Division or remainder by zero.
    IntegerDivisionByZero,
    /// Float-to-int conversion of a NaN.
    BadConversionToInteger,
    /// The call stack or the value stack limit was reached.
    StackOverflow,
    /// The fuel budget ran out.
    OutOfFuel,
    /// A null reference was dereferenced.
    NullReference,
    /// An access inside a memory's declared size but beyond the bytes the engine backs it
    /// with (see [`Config::memory_cap`](crate::Config::memory_cap)).
    MemoryCapExceeded,
}

impl TrapCode {
    /// The message the WebAssembly specification's test suite uses for this trap.
    pub fn message(self) -> &'static str {
        match self {
            TrapCode::Unreachable => "unreachable",
            TrapCode::MemoryOutOfBounds => "out of bounds memory access",
            TrapCode::TableOutOfBounds => "out of bounds table access",
            TrapCode::IndirectCallToNull => "uninitialized element",
            TrapCode::UndefinedElement => "undefined element",
            TrapCode::BadSignature => "indirect call type mismatch",
            TrapCode::IntegerOverflow => "integer overflow",
            TrapCode::IntegerDivisionByZero => "integer divide by zero",
            TrapCode::BadConversionToInteger => "invalid conversion to integer",
            TrapCode::StackOverflow => "call stack exhausted",
            TrapCode::OutOfFuel => "all fuel consumed",
            TrapCode::NullReference => "null reference",
            TrapCode::MemoryCapExceeded => "memory access beyond the configured memory cap",
        }
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// One frame of a wasm backtrace, innermost first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameInfo {
    /// Index of the function in its module's function index space.
    pub func_index: u32,
    /// Name from the module's name section, if any.
    pub func_name: Option<String>,
    /// Name of the module from the name section, if any.
    pub module_name: Option<String>,
}

impl fmt::Display for FrameInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let module = self.module_name.as_deref().unwrap_or("<module>");
        match &self.func_name {
            Some(name) => write!(f, "{module}!{name}"),
            None => write!(f, "{module}!<wasm function {}>", self.func_index),
        }
    }
}

/// A wasm backtrace: the wasm frames active when a trap happened, innermost first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WasmBacktrace {
    /// The frames, innermost first.
    pub frames: Vec<FrameInfo>,
}

impl fmt::Display for WasmBacktrace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "wasm backtrace:")?;
        for (i, frame) in self.frames.iter().enumerate() {
            writeln!(f, "  {i:>3}: {frame}")?;
        }
        Ok(())
    }
}

/// What kind of failure an [`Error`] is.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The binary could not be decoded (the spec's "malformed").
    Malformed(String),
    /// The module is well-formed but fails validation (the spec's "invalid").
    Invalid(String),
    /// An import could not be satisfied (the spec's "unlinkable").
    Link(String),
    /// Instantiation failed outside of a trap (e.g. resource limits).
    Instantiation(String),
    /// Guest code trapped.
    Trap(TrapCode),
    /// The guest asked to exit with a status code (WASI `proc_exit`).
    Exit(i32),
    /// A host function failed with this message.
    Host(String),
    /// Misuse of the embedding API (wrong types or arity of arguments, foreign store, ...).
    Usage(String),
}

/// The error type of every fallible operation of the engine.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    backtrace: Option<WasmBacktrace>,
}

/// Shorthand for `core::result::Result<T, wint::Error>`.
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    fn new(kind: ErrorKind) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                backtrace: None,
            }),
        }
    }
    /// A trap with the given code.
    pub fn trap(code: TrapCode) -> Self {
        Self::new(ErrorKind::Trap(code))
    }
    /// A request from the guest to exit with `status` (used by WASI's `proc_exit`).
    pub fn exit(status: i32) -> Self {
        Self::new(ErrorKind::Exit(status))
    }
    /// A failure of a host function, with a message.
    pub fn host(msg: impl Into<String>) -> Self {
        Self::new(ErrorKind::Host(msg.into()))
    }
    pub(crate) fn malformed(msg: impl Into<String>) -> Self {
        Self::new(ErrorKind::Malformed(msg.into()))
    }
    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid(msg.into()))
    }
    pub(crate) fn link(msg: impl Into<String>) -> Self {
        Self::new(ErrorKind::Link(msg.into()))
    }
    pub(crate) fn instantiation(msg: impl Into<String>) -> Self {
        Self::new(ErrorKind::Instantiation(msg.into()))
    }
    pub(crate) fn usage(msg: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage(msg.into()))
    }
    /// Adds the binary offset of the offending code to a decoding or validation error
    /// (one whose message does not name an offset yet).
    pub(crate) fn at_offset(mut self, offset: u64) -> Self {
        if let ErrorKind::Malformed(m) | ErrorKind::Invalid(m) = &mut self.inner.kind {
            use core::fmt::Write as _;
            let _ = write!(m, " (at offset {offset:#x})");
        }
        self
    }
    /// What kind of error this is.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }
    /// The trap code, if this error is a trap.
    pub fn trap_code(&self) -> Option<TrapCode> {
        match self.inner.kind {
            ErrorKind::Trap(code) => Some(code),
            _ => None,
        }
    }
    /// The exit status, if the guest asked to exit.
    pub fn exit_status(&self) -> Option<i32> {
        match self.inner.kind {
            ErrorKind::Exit(code) => Some(code),
            _ => None,
        }
    }
    /// The wasm backtrace recorded when a trap or host error unwound guest frames.
    pub fn backtrace(&self) -> Option<&WasmBacktrace> {
        self.inner.backtrace.as_ref()
    }
    pub(crate) fn set_backtrace(&mut self, bt: WasmBacktrace) {
        if self.inner.backtrace.is_none() {
            self.inner.backtrace = Some(bt);
        }
    }
}

impl From<TrapCode> for Error {
    fn from(code: TrapCode) -> Self {
        Error::trap(code)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            ErrorKind::Malformed(m) => write!(f, "malformed module: {m}"),
            ErrorKind::Invalid(m) => write!(f, "invalid module: {m}"),
            ErrorKind::Link(m) => write!(f, "{m}"),
            ErrorKind::Instantiation(m) => write!(f, "instantiation failed: {m}"),
            ErrorKind::Trap(code) => write!(f, "{}", code.message()),
            ErrorKind::Exit(code) => write!(f, "exited with status {code}"),
            ErrorKind::Host(m) => write!(f, "{m}"),
            ErrorKind::Usage(m) => write!(f, "{m}"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")?;
        if let Some(bt) = &self.inner.backtrace {
            write!(f, "\n{bt}")?;
        }
        Ok(())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}
