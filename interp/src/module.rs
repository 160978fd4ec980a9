//! Decoding and validation: turning wasm bytes into a [`Module`].
//!
//! One pass over the binary feeds every section to wasmparser's validator (function bodies
//! included, so an invalid module is always rejected here, except with
//! [`Translation::LazyValidation`], which validates each body before its first
//! translation) and records what instantiation and translation need. Function bodies are
//! kept as byte ranges and translated into threaded code on first call (see
//! [`crate::translate`]), or right away in eager mode.

use crate::Arc;
use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::ops::Range;
use core::sync::atomic::{AtomicPtr, Ordering};

use wasmparser::{Parser, Payload};
#[cfg(feature = "validate")]
use wasmparser::{Validator, WasmFeatures};

use crate::engine::{Engine, Translation};
use crate::error::{Error, Result};
use crate::translate::{self, CompiledFunc};
use crate::types::{ExternType, FuncType, GlobalType, MemoryType, TableType, ValType};

/// One operation of a constant expression (global initializers, segment offsets).
#[derive(Debug, Clone, Copy)]
pub(crate) enum ConstOp {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    #[cfg(feature = "simd")]
    V128(u128),
    RefNull,
    RefFunc(u32),
    GlobalGet(u32),
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
}

/// A constant expression.
#[derive(Debug, Clone)]
pub(crate) struct ConstExpr(pub(crate) Box<[ConstOp]>);

impl ConstExpr {
    /// Decodes `expr` and checks that it is a constant expression producing one value of
    /// type `want`, reading only the first `globals` globals and existing functions of
    /// `m` (instantiation relies on both).
    fn parse(
        expr: &wasmparser::ConstExpr<'_>,
        m: &ModuleInner,
        globals: usize,
        want: ValType,
    ) -> Result<Self> {
        use ValType::{I32, I64};
        use wasmparser::Operator as O;
        let mut ops = Vec::new();
        // Types of the values the expression has pushed so far.
        let mut stack: smallvec::SmallVec<[ValType; 4]> = smallvec::SmallVec::new();
        let mut reader = expr.get_operators_reader();
        let mut ended = false;
        while !reader.eof() {
            let op = reader.read().map_err(wp_err)?;
            if ended {
                return Err(Error::invalid(
                    "operators after the end of a constant expression",
                ));
            }
            let (op, ty, pops) = match op {
                O::I32Const { value } => (ConstOp::I32(value), I32, 0),
                O::I64Const { value } => (ConstOp::I64(value), I64, 0),
                O::F32Const { value } => (ConstOp::F32(value.bits()), ValType::F32, 0),
                O::F64Const { value } => (ConstOp::F64(value.bits()), ValType::F64, 0),
                #[cfg(feature = "simd")]
                O::V128Const { value } => {
                    let v = u128::from_le_bytes(*value.bytes());
                    (ConstOp::V128(v), ValType::V128, 0)
                }
                O::RefNull { hty } => {
                    let ty = ref_null_type(hty)?;
                    (ConstOp::RefNull, ty, 0)
                }
                O::RefFunc { function_index } => {
                    if function_index as usize >= m.funcs.len() {
                        return Err(Error::invalid("unknown function in a constant expression"));
                    }
                    (ConstOp::RefFunc(function_index), ValType::FuncRef, 0)
                }
                O::GlobalGet { global_index } => {
                    let g = global_index as usize;
                    if g >= globals {
                        return Err(Error::invalid("unknown global in a constant expression"));
                    }
                    if m.globals[g].ty.mutability != crate::types::Mutability::Const {
                        return Err(Error::invalid("constant expression required"));
                    }
                    (ConstOp::GlobalGet(global_index), m.globals[g].ty.content, 0)
                }
                O::I32Add => (ConstOp::I32Add, I32, 2),
                O::I32Sub => (ConstOp::I32Sub, I32, 2),
                O::I32Mul => (ConstOp::I32Mul, I32, 2),
                O::I64Add => (ConstOp::I64Add, I64, 2),
                O::I64Sub => (ConstOp::I64Sub, I64, 2),
                O::I64Mul => (ConstOp::I64Mul, I64, 2),
                O::End => {
                    ended = true;
                    continue;
                }
                _ => return Err(Error::invalid("constant expression required")),
            };
            for _ in 0..pops {
                if stack.pop() != Some(ty) {
                    return Err(Error::invalid("type mismatch in a constant expression"));
                }
            }
            stack.push(ty);
            ops.push(op);
        }
        if !ended || stack.len() != 1 || stack[0] != want {
            return Err(Error::invalid("type mismatch in a constant expression"));
        }
        Ok(ConstExpr(ops.into()))
    }
}

/// The type of `ref.null hty`: only the abstract `func` and `extern` heap types.
pub(crate) fn ref_null_type(hty: wasmparser::HeapType) -> Result<ValType> {
    use wasmparser::{AbstractHeapType as A, HeapType as H};
    match hty {
        H::Abstract {
            shared: false,
            ty: A::Func,
        } => Ok(ValType::FuncRef),
        H::Abstract {
            shared: false,
            ty: A::Extern,
        } => Ok(ValType::ExternRef),
        _ => Err(Error::invalid("unsupported reference type")),
    }
}

/// What an import expects.
#[derive(Debug, Clone)]
pub(crate) enum ImportKind {
    Func(u32),
    Table(TableType),
    Memory(MemoryType),
    Global(GlobalType),
}

#[derive(Debug, Clone)]
pub(crate) struct Import {
    pub module: String,
    pub name: String,
    pub kind: ImportKind,
}

/// An index into one of the module's index spaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExportIndex {
    Func(u32),
    Table(u32),
    Memory(u32),
    Global(u32),
}

#[derive(Debug, Clone)]
pub(crate) enum ElemMode {
    Passive,
    Active { table: u32, offset: ConstExpr },
    Declared,
}

#[derive(Debug, Clone)]
pub(crate) struct ElemSegment {
    pub mode: ElemMode,
    /// The type of the items (a reference type).
    pub ty: ValType,
    pub items: ElemItems,
}

/// The items of an element segment.
#[derive(Debug, Clone)]
pub(crate) enum ElemItems {
    /// Function indices (the common form: no expression to evaluate or allocate).
    Funcs(Box<[u32]>),
    /// Constant expressions of the segment's type.
    Exprs(Box<[ConstExpr]>),
}

#[derive(Debug, Clone)]
pub(crate) enum DataMode {
    Passive,
    Active { memory: u32, offset: ConstExpr },
}

#[derive(Debug, Clone)]
pub(crate) struct DataSegment {
    pub mode: DataMode,
    pub bytes: Range<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct GlobalDef {
    pub ty: GlobalType,
    pub init: ConstExpr,
}

#[derive(Debug, Clone)]
pub(crate) struct TableDef {
    pub ty: TableType,
    pub init: Option<ConstExpr>,
}

/// Lazily translated code of one function.
pub(crate) struct LazyCode(AtomicPtr<CompiledFunc>);

impl LazyCode {
    fn new() -> Self {
        LazyCode(AtomicPtr::new(core::ptr::null_mut()))
    }
    /// The translated code if it exists.
    #[inline(always)]
    pub(crate) fn get(&self) -> Option<&CompiledFunc> {
        let p = self.0.load(Ordering::Acquire);
        // SAFETY: a non-null pointer was produced by `Box::into_raw` in `set` and is only
        // freed when the module is dropped, which outlives every borrow of `self`.
        unsafe { p.as_ref() }
    }
    /// Installs `code` unless another thread won the race; returns the installed code.
    pub(crate) fn set(&self, code: CompiledFunc) -> &CompiledFunc {
        let new = Box::into_raw(Box::new(code));
        #[cfg(target_has_atomic = "ptr")]
        {
            match self.0.compare_exchange(
                core::ptr::null_mut(),
                new,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => {}
                Err(_) => {
                    // SAFETY: `new` came from Box::into_raw above and was never shared.
                    drop(unsafe { Box::from_raw(new) });
                }
            }
        }
        #[cfg(not(target_has_atomic = "ptr"))]
        {
            // Without compare-and-swap (thumbv6m) modules are shared through `Rc`, so
            // they are neither Send nor Sync: only this thread installs code, and
            // translation runs no code that could have installed it meanwhile. Plain
            // loads and stores suffice, and code once installed is never replaced.
            if self.0.load(Ordering::Acquire).is_null() {
                self.0.store(new, Ordering::Release);
            } else {
                // SAFETY: `new` came from Box::into_raw above and was never shared.
                drop(unsafe { Box::from_raw(new) });
            }
        }
        self.get().expect("code installed")
    }
}

impl Drop for LazyCode {
    fn drop(&mut self) {
        let p = *self.0.get_mut();
        if !p.is_null() {
            // SAFETY: produced by Box::into_raw in `set`; we are the last owner.
            drop(unsafe { Box::from_raw(p) });
        }
    }
}

/// Everything decoded from a module binary.
pub(crate) struct ModuleInner {
    pub engine: Engine,
    pub bytes: Box<[u8]>,
    pub types: Vec<FuncType>,
    pub imports: Vec<Import>,
    /// Type index of every function (imported ones first).
    pub funcs: Vec<u32>,
    pub num_imported_funcs: u32,
    pub tables: Vec<TableDef>,
    pub num_imported_tables: u32,
    pub memories: Vec<MemoryType>,
    pub num_imported_memories: u32,
    pub globals: Vec<GlobalDef>,
    pub num_imported_globals: u32,
    pub exports: Vec<(String, ExportIndex)>,
    pub start: Option<u32>,
    pub elems: Vec<ElemSegment>,
    pub datas: Vec<DataSegment>,
    /// Byte range of each defined function's body within `bytes`.
    pub bodies: Vec<Range<usize>>,
    pub code: Box<[LazyCode]>,
    /// With [`Translation::LazyValidation`]: what validating a body before its first
    /// translation needs.
    #[cfg(feature = "validate")]
    pub deferred: Option<DeferredValidation>,
    pub name: Option<String>,
    /// Function names from the name section: index and where the UTF-8 name lies in
    /// `bytes` (no allocation per name), sorted by index.
    pub func_names: Vec<(u32, Range<u32>)>,
}

impl ModuleInner {
    pub(crate) fn func_type(&self, func: u32) -> &FuncType {
        &self.types[self.funcs[func as usize] as usize]
    }
    pub(crate) fn func_name(&self, func: u32) -> Option<&str> {
        self.func_names
            .binary_search_by_key(&func, |(i, _)| *i)
            .ok()
            .and_then(|i| {
                let r = &self.func_names[i].1;
                // Checked as UTF-8 when the name section was read.
                core::str::from_utf8(self.bytes.get(r.start as usize..r.end as usize)?).ok()
            })
    }
    /// The body of defined function `def`, read from `bytes` with its module offsets.
    pub(crate) fn body(&self, def: u32) -> wasmparser::FunctionBody<'_> {
        let range = self.bodies[def as usize].clone();
        wasmparser::FunctionBody::new(wasmparser::BinaryReader::new(
            &self.bytes[range.clone()],
            range.start as u64,
        ))
    }
    /// The translated code of defined function `def` (index among defined functions),
    /// translating it on first use.
    pub(crate) fn code(&self, def: u32) -> Result<&CompiledFunc> {
        let slot = &self.code[def as usize];
        if let Some(code) = slot.get() {
            return Ok(code);
        }
        #[cfg(feature = "validate")]
        if let Some(d) = &self.deferred {
            d.validate(self, def)?;
        }
        let code = translate::translate(self, def)?;
        Ok(slot.set(code))
    }
}

/// The validator's view of a module, kept to validate function bodies on first call.
#[cfg(feature = "validate")]
pub(crate) struct DeferredValidation {
    resources: wasmparser::ValidatorResources,
    features: WasmFeatures,
}

#[cfg(feature = "validate")]
impl DeferredValidation {
    /// Validates the body of defined function `def` (which has not been translated yet).
    fn validate(&self, m: &ModuleInner, def: u32) -> Result<()> {
        let index = m.num_imported_funcs + def;
        let func = wasmparser::FuncToValidate {
            resources: self.resources.clone(),
            index,
            ty: m.funcs[index as usize],
            features: self.features,
        };
        func.into_validator(Default::default())
            .validate(&m.body(def))
            .map_err(wp_err)
    }
}

/// A validated WebAssembly module, ready to be instantiated any number of times.
///
/// Cheap to clone; clones share the decoded module and its translated code.
#[derive(Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
}

impl core::fmt::Debug for Module {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Module")
            .field("name", &self.inner.name)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "validate")]
fn features(engine: &Engine) -> WasmFeatures {
    let c = engine.config();
    let mut f = WasmFeatures::WASM2;
    f.set(WasmFeatures::SIMD, c.simd);
    f.set(WasmFeatures::MULTI_MEMORY, c.multi_memory);
    f.set(WasmFeatures::CUSTOM_PAGE_SIZES, c.custom_page_sizes);
    f.set(WasmFeatures::MEMORY64, c.memory64);
    f
}

fn wp_err(e: wasmparser::BinaryReaderError) -> Error {
    // Without the validator, wasmparser only reports decoding failures.
    #[cfg(not(feature = "validate"))]
    return Error::malformed(alloc::format!(
        "{} (at offset {:#x})",
        e.message(),
        e.offset()
    ));
    #[cfg(feature = "validate")]
    wp_classify(e)
}

/// A wasmparser error as "invalid" or "malformed", from its message.
#[cfg(feature = "validate")]
fn wp_classify(e: wasmparser::BinaryReaderError) -> Error {
    let msg = e.message().to_string();
    // wasmparser reports decoding failures and type errors through one type; the
    // validator's messages for invalid modules are the ones below.
    let invalid = [
        "type mismatch",
        "unknown",
        "invalid",
        "constant expression required",
        "duplicate",
        "alignment",
        "immutable",
        "multiple memories",
        "multiple tables",
        "size minimum must not be greater than maximum",
        "must be at most",
        "undeclared",
        "out of bounds",
        "mismatch",
        "exceeds",
    ];
    if invalid.iter().any(|p| msg.contains(p)) && !msg.contains("malformed") {
        Error::invalid(alloc::format!("{msg} (at offset {:#x})", e.offset()))
    } else {
        Error::malformed(alloc::format!("{msg} (at offset {:#x})", e.offset()))
    }
}

impl Module {
    /// Decodes and validates a module from its binary form (or, with the `wat` feature,
    /// from the text format).
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let bytes = bytes.as_ref();
        #[cfg(feature = "wat")]
        {
            if !bytes.starts_with(b"\0asm") {
                let text = core::str::from_utf8(bytes)
                    .map_err(|_| Error::malformed("neither a wasm binary nor UTF-8 text"))?;
                let wasm = wat::parse_str(text).map_err(|e| Error::malformed(e.to_string()))?;
                return Self::from_binary(engine, &wasm);
            }
        }
        Self::from_binary(engine, bytes)
    }

    /// Decodes and validates a module from its binary form only.
    pub fn from_binary(engine: &Engine, bytes: &[u8]) -> Result<Module> {
        let mut m = ModuleInner {
            engine: engine.clone(),
            bytes: bytes.to_owned().into_boxed_slice(),
            types: Vec::new(),
            imports: Vec::new(),
            funcs: Vec::new(),
            num_imported_funcs: 0,
            tables: Vec::new(),
            num_imported_tables: 0,
            memories: Vec::new(),
            num_imported_memories: 0,
            globals: Vec::new(),
            num_imported_globals: 0,
            exports: Vec::new(),
            start: None,
            elems: Vec::new(),
            datas: Vec::new(),
            bodies: Vec::new(),
            code: Box::new([]),
            #[cfg(feature = "validate")]
            deferred: None,
            name: None,
            func_names: Vec::new(),
        };
        #[cfg(feature = "validate")]
        let mut validator = engine
            .config()
            .validate
            .then(|| Validator::new_with_features(features(engine)));
        #[cfg(feature = "validate")]
        let mut allocs = wasmparser::FuncValidatorAllocations::default();
        #[cfg(not(feature = "validate"))]
        if engine.config().validate {
            return Err(no_validator());
        }
        #[cfg_attr(not(feature = "validate"), allow(unused_mut))]
        let mut parser = Parser::new(0);
        #[cfg(feature = "validate")]
        if validator.is_some() {
            parser.set_features(features(engine));
        }
        for payload in parser.parse_all(bytes) {
            let payload = payload.map_err(wp_err)?;
            #[cfg(feature = "validate")]
            let valid = match &mut validator {
                Some(v) => Some(v.payload(&payload).map_err(wp_err)?),
                None => None,
            };
            match payload {
                Payload::Version { encoding, .. } => {
                    if encoding != wasmparser::Encoding::Module {
                        return Err(Error::malformed("not a core WebAssembly module"));
                    }
                }
                Payload::TypeSection(r) => {
                    // The section's bytes, from its item count on.
                    let (start, end) = (r.range().start as usize, r.range().end as usize);
                    read_types(engine, &bytes[start..end], start, &mut m)?;
                }
                Payload::ImportSection(r) => {
                    for imp in r.into_imports() {
                        let imp = imp.map_err(wp_err)?;
                        let kind = match imp.ty {
                            wasmparser::TypeRef::Func(t) => {
                                check_index(t, m.types.len(), "type")?;
                                m.funcs.push(t);
                                m.num_imported_funcs += 1;
                                ImportKind::Func(t)
                            }
                            wasmparser::TypeRef::Table(t) => {
                                let ty = table_type(&t)?;
                                m.tables.push(TableDef { ty, init: None });
                                m.num_imported_tables += 1;
                                ImportKind::Table(ty)
                            }
                            wasmparser::TypeRef::Memory(t) => {
                                let ty = memory_type(engine, &t)?;
                                m.memories.push(ty);
                                m.num_imported_memories += 1;
                                ImportKind::Memory(ty)
                            }
                            wasmparser::TypeRef::Global(g) => {
                                let ty = global_type(engine, &g)?;
                                m.globals.push(GlobalDef {
                                    ty,
                                    init: ConstExpr(Box::new([])),
                                });
                                m.num_imported_globals += 1;
                                ImportKind::Global(ty)
                            }
                            _ => return Err(Error::invalid("unsupported import kind")),
                        };
                        m.imports.push(Import {
                            module: imp.module.to_string(),
                            name: imp.name.to_string(),
                            kind,
                        });
                    }
                }
                Payload::FunctionSection(r) => {
                    m.funcs
                        .reserve(capacity(r.count(), r.range().end - r.range().start));
                    for t in r {
                        let t = t.map_err(wp_err)?;
                        check_index(t, m.types.len(), "type")?;
                        m.funcs.push(t);
                    }
                }
                Payload::TableSection(r) => {
                    for t in r {
                        let t = t.map_err(wp_err)?;
                        let ty = table_type(&t.ty)?;
                        let init = match &t.init {
                            wasmparser::TableInit::RefNull => None,
                            wasmparser::TableInit::Expr(e) => {
                                Some(ConstExpr::parse(e, &m, m.globals.len(), ty.element)?)
                            }
                        };
                        m.tables.push(TableDef { ty, init });
                    }
                }
                Payload::MemorySection(r) => {
                    for t in r {
                        let ty = memory_type(engine, &t.map_err(wp_err)?)?;
                        m.memories.push(ty);
                    }
                }
                Payload::GlobalSection(r) => {
                    for g in r {
                        let g = g.map_err(wp_err)?;
                        let ty = global_type(engine, &g.ty)?;
                        // Initializers read imported and earlier globals only.
                        let init = ConstExpr::parse(&g.init_expr, &m, m.globals.len(), ty.content)?;
                        m.globals.push(GlobalDef { ty, init });
                    }
                }
                Payload::ExportSection(r) => {
                    for e in r {
                        let e = e.map_err(wp_err)?;
                        let (idx, n) = match e.kind {
                            wasmparser::ExternalKind::Func => {
                                (ExportIndex::Func(e.index), m.funcs.len())
                            }
                            wasmparser::ExternalKind::Table => {
                                (ExportIndex::Table(e.index), m.tables.len())
                            }
                            wasmparser::ExternalKind::Memory => {
                                (ExportIndex::Memory(e.index), m.memories.len())
                            }
                            wasmparser::ExternalKind::Global => {
                                (ExportIndex::Global(e.index), m.globals.len())
                            }
                            _ => return Err(Error::invalid("unsupported export kind")),
                        };
                        check_index(e.index, n, "exported item")?;
                        m.exports.push((e.name.to_string(), idx));
                    }
                }
                Payload::StartSection { func, .. } => {
                    check_index(func, m.funcs.len(), "start function")?;
                    let ty = m.func_type(func);
                    if !ty.params().is_empty() || !ty.results().is_empty() {
                        return Err(Error::invalid(
                            "the start function must take and return nothing",
                        ));
                    }
                    m.start = Some(func);
                }
                Payload::ElementSection(r) => {
                    let section_len = r.range().end - r.range().start;
                    for e in r {
                        let e = e.map_err(wp_err)?;
                        let (ty, items) = match e.items {
                            wasmparser::ElementItems::Functions(r) => {
                                let mut funcs =
                                    Vec::with_capacity(capacity(r.count(), section_len));
                                for f in r {
                                    let f = f.map_err(wp_err)?;
                                    check_index(f, m.funcs.len(), "function")?;
                                    funcs.push(f);
                                }
                                (ValType::FuncRef, ElemItems::Funcs(funcs.into_boxed_slice()))
                            }
                            wasmparser::ElementItems::Expressions(ty, r) => {
                                let ty = ValType::from_wp_ref(ty).ok_or_else(unsupported_type)?;
                                let mut exprs = Vec::new();
                                for x in r {
                                    let x = x.map_err(wp_err)?;
                                    exprs.push(ConstExpr::parse(&x, &m, m.globals.len(), ty)?);
                                }
                                (ty, ElemItems::Exprs(exprs.into_boxed_slice()))
                            }
                        };
                        let mode = match e.kind {
                            wasmparser::ElementKind::Passive => ElemMode::Passive,
                            wasmparser::ElementKind::Declared => ElemMode::Declared,
                            wasmparser::ElementKind::Active {
                                table_index,
                                offset_expr,
                            } => {
                                let table = table_index.unwrap_or(0);
                                check_index(table, m.tables.len(), "table")?;
                                if m.tables[table as usize].ty.element != ty {
                                    return Err(Error::invalid(
                                        "type mismatch: element segment and table",
                                    ));
                                }
                                let offset = ConstExpr::parse(
                                    &offset_expr,
                                    &m,
                                    m.globals.len(),
                                    ValType::I32,
                                )?;
                                ElemMode::Active { table, offset }
                            }
                        };
                        m.elems.push(ElemSegment { mode, ty, items });
                    }
                }
                Payload::DataSection(r) => {
                    for d in r {
                        let d = d.map_err(wp_err)?;
                        let mode = match d.kind {
                            wasmparser::DataKind::Passive => DataMode::Passive,
                            wasmparser::DataKind::Active {
                                memory_index,
                                offset_expr,
                            } => {
                                check_index(memory_index, m.memories.len(), "memory")?;
                                // The offset has the memory's address type.
                                let at = if m.memories[memory_index as usize].memory64 {
                                    ValType::I64
                                } else {
                                    ValType::I32
                                };
                                let offset =
                                    ConstExpr::parse(&offset_expr, &m, m.globals.len(), at)?;
                                DataMode::Active {
                                    memory: memory_index,
                                    offset,
                                }
                            }
                        };
                        let end = d.range.end as usize;
                        m.datas.push(DataSegment {
                            mode,
                            bytes: end - d.data.len()..end,
                        });
                    }
                }
                Payload::CodeSectionEntry(body) => {
                    #[cfg(feature = "validate")]
                    if let Some(wasmparser::ValidPayload::Func(func, body)) = valid {
                        if engine.config().translation == Translation::LazyValidation {
                            // Validated on first call (see `ModuleInner::code`).
                            m.deferred.get_or_insert(DeferredValidation {
                                resources: func.resources,
                                features: func.features,
                            });
                        } else {
                            let mut fv = func.into_validator(core::mem::take(&mut allocs));
                            fv.validate(&body).map_err(wp_err)?;
                            allocs = fv.into_allocations();
                        }
                    }
                    let r = body.range();
                    m.bodies.push(r.start as usize..r.end as usize);
                }
                // A malformed name section is ignored, as the spec requires.
                Payload::CustomSection(c) => {
                    if c.name() == "name" {
                        let _ = parse_names(c.data(), c.data_offset(), &mut m);
                    }
                }
                Payload::CodeSectionStart { count, size, .. } => {
                    m.bodies.reserve(capacity(count, u64::from(size)));
                }
                Payload::DataCountSection { .. } | Payload::End(_) => {}
                _ => return Err(Error::invalid("unsupported section")),
            }
        }
        if m.funcs.len() != m.num_imported_funcs as usize + m.bodies.len() {
            return Err(Error::malformed(
                "function and code section have inconsistent lengths",
            ));
        }
        if m.memories.len() > 1 && !engine.config().multi_memory {
            return Err(Error::invalid("multiple memories"));
        }
        // Name sections list functions in order; sort only when one does not.
        if !m.func_names.is_sorted_by_key(|(i, _)| *i) {
            sort_names(&mut m.func_names);
        }
        m.func_names.dedup_by_key(|(i, _)| *i);
        m.code = (0..m.bodies.len()).map(|_| LazyCode::new()).collect();
        let module = Module { inner: Arc::new(m) };
        if engine.config().translation == Translation::Eager {
            for def in 0..module.inner.bodies.len() as u32 {
                module.inner.code(def)?;
            }
        }
        Ok(module)
    }

    /// Checks that `bytes` is a valid module without keeping it. Without validation
    /// (see [`Config::validate`](crate::Config::validate)), decodes the module and
    /// translates every function, which runs the engine's own checks.
    pub fn validate(engine: &Engine, bytes: &[u8]) -> Result<()> {
        #[cfg(feature = "validate")]
        if engine.config().validate {
            let mut v = Validator::new_with_features(features(engine));
            v.validate_all(bytes).map_err(wp_err)?;
            return Ok(());
        }
        let module = Module::from_binary(engine, bytes)?;
        for def in 0..module.inner.bodies.len() as u32 {
            module.inner.code(def)?;
        }
        Ok(())
    }

    /// The engine this module belongs to.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The module's name from its name section, if any.
    pub fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// The imports, in order: (module, name, type).
    pub fn imports(&self) -> impl ExactSizeIterator<Item = (&str, &str, ExternType)> + '_ {
        self.inner.imports.iter().map(|i| {
            let ty = match &i.kind {
                ImportKind::Func(t) => ExternType::Func(self.inner.types[*t as usize].clone()),
                ImportKind::Table(t) => ExternType::Table(*t),
                ImportKind::Memory(t) => ExternType::Memory(*t),
                ImportKind::Global(t) => ExternType::Global(*t),
            };
            (i.module.as_str(), i.name.as_str(), ty)
        })
    }

    /// The exports, in order: (name, type).
    pub fn exports(&self) -> impl ExactSizeIterator<Item = (&str, ExternType)> + '_ {
        self.inner
            .exports
            .iter()
            .map(|(name, idx)| (name.as_str(), self.export_type(*idx)))
    }

    fn export_type(&self, idx: ExportIndex) -> ExternType {
        let m = &self.inner;
        match idx {
            ExportIndex::Func(f) => ExternType::Func(m.func_type(f).clone()),
            ExportIndex::Table(t) => ExternType::Table(m.tables[t as usize].ty),
            ExportIndex::Memory(i) => ExternType::Memory(m.memories[i as usize]),
            ExportIndex::Global(g) => ExternType::Global(m.globals[g as usize].ty),
        }
    }

    /// Number of functions defined (not imported) by the module.
    pub fn num_defined_funcs(&self) -> usize {
        self.inner.bodies.len()
    }

    /// The threaded code of function `func` (module function index), one instruction per
    /// line; translates the function if needed. For debugging and tests.
    #[doc(hidden)]
    pub fn disassemble(&self, func: u32) -> Result<String> {
        let m = &self.inner;
        let def = func
            .checked_sub(m.num_imported_funcs)
            .filter(|d| (*d as usize) < m.bodies.len())
            .ok_or_else(|| Error::usage("not a defined function"))?;
        Ok(crate::disasm::disassemble(&m.code(def)?.code))
    }

    /// Bytes of threaded code produced so far by translation, and bytes of wasm code
    /// (function bodies) they came from.
    pub fn code_sizes(&self) -> (usize, usize) {
        let m = &self.inner;
        let mut translated = 0;
        let mut wasm = 0;
        for (i, body) in m.bodies.iter().enumerate() {
            if let Some(code) = m.code[i].get() {
                translated += code.size_bytes();
                wasm += body.len();
            }
        }
        (translated, wasm)
    }
}

#[cfg(not(feature = "validate"))]
fn no_validator() -> Error {
    Error::usage(
        "validation is not compiled in (cargo feature `validate`): use Config::validate(false)",
    )
}

fn table_type(t: &wasmparser::TableType) -> Result<TableType> {
    if t.table64 || t.shared {
        return Err(Error::invalid("64-bit and shared tables are not supported"));
    }
    if t.maximum.is_some_and(|max| max < t.initial) {
        return Err(Error::invalid(
            "size minimum must not be greater than maximum",
        ));
    }
    if t.initial > u32::MAX as u64 || t.maximum.is_some_and(|max| max > u32::MAX as u64) {
        return Err(Error::invalid("table size must be at most 2^32-1"));
    }
    Ok(TableType {
        element: ValType::from_wp_ref(t.element_type).ok_or_else(unsupported_type)?,
        minimum: t.initial,
        maximum: t.maximum,
    })
}

fn memory_type(engine: &Engine, t: &wasmparser::MemoryType) -> Result<MemoryType> {
    if t.shared {
        return Err(Error::invalid("shared memories are not supported"));
    }
    if t.memory64 && !(cfg!(feature = "memory64") && engine.config().memory64) {
        return Err(Error::invalid(
            "64-bit memories need the memory64 feature (Config::wasm_memory64)",
        ));
    }
    let custom = engine.config().custom_page_sizes;
    match t.page_size_log2 {
        None | Some(16) => {}
        Some(0) if custom => {}
        _ => return Err(Error::invalid("invalid custom page size")),
    }
    let ty = MemoryType::from_wp(t);
    let limit = ty.absolute_max_pages();
    if ty.minimum > limit || ty.maximum.is_some_and(|max| max > limit) {
        return Err(Error::invalid("memory size must be at most 4 GiB"));
    }
    if ty.maximum.is_some_and(|max| max < ty.minimum) {
        return Err(Error::invalid(
            "size minimum must not be greater than maximum",
        ));
    }
    Ok(ty)
}

fn global_type(engine: &Engine, g: &wasmparser::GlobalType) -> Result<GlobalType> {
    if g.shared {
        return Err(Error::invalid("shared globals are not supported"));
    }
    let content = ValType::from_wp(g.content_type).ok_or_else(unsupported_type)?;
    check_val_type(engine, content)?;
    Ok(GlobalType {
        content,
        mutability: if g.mutable {
            crate::types::Mutability::Var
        } else {
            crate::types::Mutability::Const
        },
    })
}

/// Rejects `v128` when SIMD is not compiled in or not enabled.
pub(crate) fn check_val_type(engine: &Engine, t: ValType) -> Result<()> {
    if t == ValType::V128 && !(cfg!(feature = "simd") && engine.config().simd) {
        return Err(Error::invalid(if cfg!(feature = "simd") {
            "SIMD (v128) is disabled in the engine's Config"
        } else {
            "SIMD (v128) is not compiled in (cargo feature `simd`)"
        }));
    }
    Ok(())
}

fn unsupported_type() -> Error {
    Error::invalid("unsupported value type")
}

/// `index` must be below `len`; `what` names the index space in the error.
pub(crate) fn check_index(index: u32, len: usize, what: &str) -> Result<()> {
    if (index as usize) < len {
        Ok(())
    } else {
        Err(Error::invalid(alloc::format!("unknown {what} {index}")))
    }
}

/// Reads a type section's function types (`bytes` is the section's content, at `offset`
/// in the module). A small reader for what the engine supports: function types over
/// numeric, vector and the two nullable reference types (wasmparser's decodes the GC
/// proposal's recursive types too).
fn read_types(engine: &Engine, bytes: &[u8], offset: usize, m: &mut ModuleInner) -> Result<()> {
    let mut r = wasmparser::BinaryReader::new(bytes, offset as u64);
    let count = r.read_var_u32().map_err(wp_err)?;
    for _ in 0..count {
        if r.read_u8().map_err(wp_err)? != 0x60 {
            return Err(Error::invalid(
                "unsupported type (only function types are supported)",
            ));
        }
        let mut tys = [Vec::new(), Vec::new()];
        for list in &mut tys {
            for _ in 0..r.read_var_u32().map_err(wp_err)? {
                let t = match r.read_u8().map_err(wp_err)? {
                    0x7f => ValType::I32,
                    0x7e => ValType::I64,
                    0x7d => ValType::F32,
                    0x7c => ValType::F64,
                    0x7b => ValType::V128,
                    0x70 => ValType::FuncRef,
                    0x6f => ValType::ExternRef,
                    _ => return Err(unsupported_type()),
                };
                check_val_type(engine, t)?;
                list.push(t);
            }
        }
        let [params, results] = tys;
        m.types.push(FuncType::new(params, results));
    }
    if !r.eof() {
        return Err(Error::malformed(alloc::format!(
            "section size mismatch: unexpected data at the end of the type section (at offset {:#x})",
            r.original_position()
        )));
    }
    Ok(())
}

/// What to reserve for `count` items that a section of `bytes` bytes declares: each item
/// takes at least one byte, so a forged count cannot make a huge allocation.
fn capacity(count: u32, bytes: u64) -> usize {
    u64::from(count).min(bytes) as usize
}

/// Reads the module's name and the function names from the name section (the other
/// subsections are skipped; this small reader replaces wasmparser's, which decodes all
/// of them). Stops at the first malformed byte, keeping what it read.
fn parse_names(data: &[u8], offset: u64, m: &mut ModuleInner) -> Option<()> {
    use wasmparser::BinaryReader;
    let mut r = BinaryReader::new(data, offset);
    while !r.eof() {
        let id = r.read_u8().ok()?;
        let size = r.read_var_u32().ok()? as usize;
        let start = r.original_position();
        let mut s = BinaryReader::new(r.read_bytes(size).ok()?, start);
        match id {
            0 => m.name = Some(s.read_string().ok()?.to_string()),
            1 => {
                for _ in 0..s.read_var_u32().ok()? {
                    let index = s.read_var_u32().ok()?;
                    let len = s.read_string().ok()?.len();
                    let end = u32::try_from(s.original_position()).ok()?;
                    m.func_names.push((index, end - len as u32..end));
                }
            }
            _ => {}
        }
    }
    Some(())
}

/// Sorts function names by index: a heapsort, for its small code and its bounded time
/// on any input (name sections normally come sorted; this runs only when one does not).
fn sort_names<T>(v: &mut [(u32, T)]) {
    fn sift<T>(v: &mut [(u32, T)], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && v[child].0 < v[child + 1].0 {
                child += 1;
            }
            if v[root].0 >= v[child].0 {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;

    #[test]
    fn sort_names_sorts_any_order() {
        let mut x = 0x1234_5678u32;
        for n in 0..64 {
            let mut v: Vec<(u32, String)> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    (x % 16, x.to_string())
                })
                .collect();
            super::sort_names(&mut v);
            assert!(v.is_sorted_by_key(|(i, _)| *i), "{v:?}");
        }
    }

    /// The translator reserves code by the body's size and gives back what it did not
    /// use: translated code holds no spare capacity (which `code_sizes` would not show).
    #[cfg(feature = "wat")]
    #[test]
    fn translated_code_keeps_no_spare_capacity() {
        let wasm = wat::parse_str(
            r#"(module
                (func (param i32) (result i32) local.get 0 i32.const 1 i32.add)
                (func (param i32 i32) (result i32)
                  (local i32 i32 i32 i32)
                  (block (loop
                    (local.set 2 (i32.add (local.get 2) (i32.mul (local.get 0) (local.get 1))))
                    (local.set 3 (i32.xor (local.get 3) (local.get 2)))
                    (br_if 1 (i32.eqz (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                    (br 0)))
                  (i32.add (local.get 2) (local.get 3))))"#,
        )
        .unwrap();
        let engine = crate::Engine::default();
        let m = crate::Module::new(&engine, &wasm).unwrap();
        for def in 0..2 {
            let code = &m.inner.code(def).unwrap().code;
            assert!(!code.is_empty());
            assert_eq!(code.capacity(), code.len(), "function {def}");
        }
    }
}
