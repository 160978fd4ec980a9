//! [`Engine`] and its [`Config`].

use crate::Arc;

/// When function bodies are translated into threaded code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Translation {
    /// On a function's first call (the default). Validation stays eager, so an invalid
    /// module is still rejected by `Module::new`.
    Lazy,
    /// Like [`Translation::Lazy`], and each function body is also validated on its first
    /// call rather than in `Module::new` (what wasmi calls `CompilationMode::Lazy`).
    /// Loading a large module then costs little more than decoding its sections.
    /// `Module::new` still validates everything outside function bodies; an invalid body
    /// is reported by the first call that reaches it, with the error `Module::new` would
    /// have returned, so a module that is never fully run may be accepted although it is
    /// invalid. [`Module::validate`](crate::Module::validate)
    /// checks everything in every mode. Without validation (see [`Config::validate`]) it
    /// is the same as `Lazy`.
    LazyValidation,
    /// Every function while the module is loaded.
    Eager,
}

/// Settings shared by every module and store created from an [`Engine`].
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) max_call_depth: u32,
    pub(crate) max_stack_cells: usize,
    pub(crate) max_memory_bytes: u64,
    pub(crate) memory_cap: u64,
    pub(crate) max_table_elements: u64,
    pub(crate) fuel: bool,
    pub(crate) translation: Translation,
    pub(crate) simd: bool,
    pub(crate) multi_memory: bool,
    pub(crate) custom_page_sizes: bool,
    pub(crate) memory64: bool,
    pub(crate) validate: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_call_depth: 100_000,
            max_stack_cells: if cfg!(target_pointer_width = "64") {
                1 << 20
            } else {
                1 << 17
            },
            max_memory_bytes: u64::MAX,
            memory_cap: u64::MAX,
            max_table_elements: 10_000_000,
            fuel: false,
            translation: Translation::Lazy,
            simd: true,
            multi_memory: false,
            custom_page_sizes: false,
            memory64: false,
            validate: cfg!(feature = "validate"),
        }
    }
}

impl Config {
    /// The default configuration.
    pub fn new() -> Self {
        Self::default()
    }
    /// Deepest nesting of wasm calls before a "call stack exhausted" trap (default 100,000).
    pub fn max_call_depth(&mut self, depth: u32) -> &mut Self {
        self.max_call_depth = depth.max(1);
        self
    }
    /// Size of the value stack in bytes (default 8 MiB on 64-bit hosts, 1 MiB elsewhere).
    /// Locals and operands of all active wasm frames live there; running out traps with
    /// "call stack exhausted". Only the touched part is committed by the OS.
    pub fn max_stack_bytes(&mut self, bytes: usize) -> &mut Self {
        self.max_stack_cells = (bytes / 8).max(64);
        self
    }
    /// Cap on the size of every linear memory, in bytes. A module whose minimum size is
    /// above the cap fails to instantiate; `memory.grow` beyond it returns -1.
    pub fn max_memory_bytes(&mut self, bytes: u64) -> &mut Self {
        self.max_memory_bytes = bytes;
        self
    }
    /// Most bytes of RAM a linear memory gets (default: no cap), for small devices
    /// running modules that declare more memory than they use: a module declaring one
    /// 64 KiB page runs with 16 KiB under `memory_cap(16 << 10)`.
    ///
    /// Unlike `max_memory_bytes`, a module whose minimum is above the cap still
    /// instantiates, with only the first `bytes` bytes of each memory backed. The module
    /// keeps seeing its declared size (`memory.size`, and the spec's bounds: an access
    /// beyond the declared size traps with "out of bounds memory access"); an access to
    /// an address it legitimately has but that lies at or beyond the cap traps with
    /// [`TrapCode::MemoryCapExceeded`](crate::TrapCode::MemoryCapExceeded) ("memory
    /// access beyond the configured memory cap"), as do data segments reaching there at
    /// instantiation. `memory.grow` fails (returns -1) beyond the cap, so a memory whose
    /// declared size is already above it cannot grow. The host's `Memory::data` is the
    /// backed part.
    pub fn memory_cap(&mut self, bytes: u64) -> &mut Self {
        self.memory_cap = bytes;
        self
    }
    /// Cap on the number of elements of every table (default 10,000,000). A module whose
    /// table minimum is above it fails to instantiate; `table.grow` beyond it returns -1.
    pub fn max_table_elements(&mut self, n: u64) -> &mut Self {
        self.max_table_elements = n;
        self
    }
    /// Enable fuel metering: every executed instruction costs fuel and running out traps.
    /// Set the budget with `Store::set_fuel`. Needs the cargo feature `fuel` (default);
    /// without it the setting is ignored and `Store::set_fuel` returns an error.
    pub fn consume_fuel(&mut self, enable: bool) -> &mut Self {
        self.fuel = enable;
        self
    }
    /// When function bodies are translated (and validated): on first call (default),
    /// on first call with validation deferred too, or while the module is loaded.
    pub fn translation(&mut self, mode: Translation) -> &mut Self {
        self.translation = mode;
        self
    }
    /// Accept modules with several memories (the Wasm 3.0 multi-memory feature; default
    /// false, as in Wasm 2.0).
    pub fn wasm_multi_memory(&mut self, enable: bool) -> &mut Self {
        self.multi_memory = enable;
        self
    }
    /// Accept memories with a custom page size (the custom-page-sizes proposal: page size
    /// 1 byte, for small devices; default false).
    pub fn wasm_custom_page_sizes(&mut self, enable: bool) -> &mut Self {
        self.custom_page_sizes = enable;
        self
    }
    /// Accept 64-bit linear memories (the memory64 proposal, part of Wasm 3.0; default
    /// false). Addresses, sizes and data segment offsets of such a memory are `i64`; the
    /// memory's type may declare up to 2^64 bytes, but the engine backs at most
    /// 4 GiB - 1 page of it (`memory.grow` fails beyond; a minimum above it fails to
    /// instantiate), so every address at or above 2^32 traps "out of bounds". 64-bit
    /// tables (table64) are not supported. Builds without the cargo feature `memory64`
    /// reject 64-bit memories whatever this says.
    pub fn wasm_memory64(&mut self, enable: bool) -> &mut Self {
        self.memory64 = enable;
        self
    }
    /// Accept modules that use 128-bit SIMD (default true). Builds without the cargo
    /// feature `simd` reject such modules whatever this says.
    pub fn wasm_simd(&mut self, enable: bool) -> &mut Self {
        self.simd = enable;
        self
    }
    /// Run wasmparser's full validator over every module before it is used (default: true
    /// when built with the cargo feature `validate`, the default; it cannot be enabled
    /// without that feature: `Module::new` then fails with a usage error).
    ///
    /// Without validation the decoder and the translator still check everything memory
    /// safety depends on (indices, operand types and stack heights, block and branch
    /// arities, constant expressions, call signatures), so invalid input is an error or
    /// a module that runs safely, never undefined behaviour. They do not check what the
    /// engine does not depend on (e.g. code after `unreachable`, alignment hints,
    /// duplicate export names), and a function body is checked when it is translated: at
    /// its first call, or in `Module::new` with [`Translation::Eager`].
    pub fn validate(&mut self, enable: bool) -> &mut Self {
        self.validate = enable;
        self
    }
}

/// The compilation environment: configuration shared by modules and stores.
///
/// Cheap to clone; clones share the same configuration.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    config: Arc<Config>,
}

impl Engine {
    /// An engine with the given configuration.
    pub fn new(config: &Config) -> Self {
        Engine {
            config: Arc::new(config.clone()),
        }
    }
    /// The engine's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }
    pub(crate) fn same(&self, other: &Engine) -> bool {
        Arc::ptr_eq(&self.config, &other.config)
    }
}
