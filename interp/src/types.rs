//! The types of values and of module items, as seen by embedders.

/// The value types of a function type: shared where the target has atomic
/// compare-and-swap, copied on clone elsewhere (thumbv6m), so that `FuncType` stays
/// `Send + Sync` (host closures capture it).
#[cfg(target_has_atomic = "ptr")]
type Shared<T> = alloc::sync::Arc<T>;
#[cfg(not(target_has_atomic = "ptr"))]
type Shared<T> = alloc::boxed::Box<T>;
use alloc::vec::Vec;
use core::fmt;

/// The type of a WebAssembly value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit IEEE float.
    F32,
    /// 64-bit IEEE float.
    F64,
    /// 128-bit SIMD vector.
    V128,
    /// Nullable reference to a function.
    FuncRef,
    /// Nullable reference to a host value.
    ExternRef,
}

impl ValType {
    /// Whether this is a reference type.
    pub fn is_ref(self) -> bool {
        matches!(self, ValType::FuncRef | ValType::ExternRef)
    }
    /// How many 64-bit cells of the value stack a value of this type takes.
    pub(crate) fn cells(self) -> u32 {
        match self {
            ValType::V128 => 2,
            _ => 1,
        }
    }
    pub(crate) fn from_wp(ty: wasmparser::ValType) -> Option<Self> {
        Some(match ty {
            wasmparser::ValType::I32 => ValType::I32,
            wasmparser::ValType::I64 => ValType::I64,
            wasmparser::ValType::F32 => ValType::F32,
            wasmparser::ValType::F64 => ValType::F64,
            wasmparser::ValType::V128 => ValType::V128,
            wasmparser::ValType::Ref(r) => Self::from_wp_ref(r)?,
        })
    }
    pub(crate) fn from_wp_ref(r: wasmparser::RefType) -> Option<Self> {
        if !r.is_nullable() {
            None
        } else if r.is_func_ref() {
            Some(ValType::FuncRef)
        } else if r.is_extern_ref() {
            Some(ValType::ExternRef)
        } else {
            None
        }
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
            ValType::F32 => "f32",
            ValType::F64 => "f64",
            ValType::V128 => "v128",
            ValType::FuncRef => "funcref",
            ValType::ExternRef => "externref",
        })
    }
}

/// The type of a function: parameters and results.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    inner: Shared<[ValType]>,
    num_params: usize,
}

impl FuncType {
    /// A function type from its parameter and result types.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> Self {
        let mut all: Vec<ValType> = params.into_iter().collect();
        let num_params = all.len();
        all.extend(results);
        FuncType {
            inner: all.into(),
            num_params,
        }
    }
    /// The parameter types.
    pub fn params(&self) -> &[ValType] {
        &self.inner[..self.num_params]
    }
    /// The result types.
    pub fn results(&self) -> &[ValType] {
        &self.inner[self.num_params..]
    }
    pub(crate) fn param_cells(&self) -> u32 {
        self.params().iter().map(|t| t.cells()).sum()
    }
    pub(crate) fn result_cells(&self) -> u32 {
        self.results().iter().map(|t| t.cells()).sum()
    }
}

impl fmt::Debug for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(func")?;
        if !self.params().is_empty() {
            f.write_str(" (param")?;
            for p in self.params() {
                write!(f, " {p}")?;
            }
            f.write_str(")")?;
        }
        if !self.results().is_empty() {
            f.write_str(" (result")?;
            for r in self.results() {
                write!(f, " {r}")?;
            }
            f.write_str(")")?;
        }
        f.write_str(")")
    }
}

/// Whether a global can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// Immutable.
    Const,
    /// Mutable.
    Var,
}

/// The type of a global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlobalType {
    /// The type of the value.
    pub content: ValType,
    /// Whether it can be written.
    pub mutability: Mutability,
}

impl GlobalType {
    /// A global type.
    pub fn new(content: ValType, mutability: Mutability) -> Self {
        GlobalType {
            content,
            mutability,
        }
    }
}

/// The type of a linear memory: limits in pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MemoryType {
    /// Minimum size in pages.
    pub minimum: u64,
    /// Maximum size in pages, if any.
    pub maximum: Option<u64>,
    /// Whether addresses are 64-bit (memory64).
    pub memory64: bool,
    /// Whether the memory is shared (threads).
    pub shared: bool,
    /// log2 of the page size (16 for the standard 64 KiB pages).
    pub page_size_log2: u8,
}

impl MemoryType {
    /// A 32-bit memory with 64 KiB pages.
    pub fn new(minimum: u32, maximum: Option<u32>) -> Self {
        MemoryType {
            minimum: minimum.into(),
            maximum: maximum.map(Into::into),
            memory64: false,
            shared: false,
            page_size_log2: 16,
        }
    }
    /// The page size in bytes.
    pub fn page_size(&self) -> u64 {
        1u64 << self.page_size_log2
    }
    pub(crate) fn from_wp(ty: &wasmparser::MemoryType) -> Self {
        MemoryType {
            minimum: ty.initial,
            maximum: ty.maximum,
            memory64: ty.memory64,
            shared: ty.shared,
            page_size_log2: ty.page_size_log2.map(|p| p as u8).unwrap_or(16),
        }
    }
    /// The largest number of pages the address space allows (2^64 - 1 for a 64-bit
    /// memory of 1-byte pages, whose limits are u64s).
    pub(crate) fn absolute_max_pages(&self) -> u64 {
        let bytes: u128 = if self.memory64 {
            1u128 << 64
        } else {
            1u128 << 32
        };
        (bytes >> self.page_size_log2).min(u64::MAX as u128) as u64
    }
}

/// The type of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TableType {
    /// The element type (a reference type).
    pub element: ValType,
    /// Minimum number of elements.
    pub minimum: u64,
    /// Maximum number of elements, if any.
    pub maximum: Option<u64>,
}

impl TableType {
    /// A table type.
    pub fn new(element: ValType, minimum: u32, maximum: Option<u32>) -> Self {
        TableType {
            element,
            minimum: minimum.into(),
            maximum: maximum.map(Into::into),
        }
    }
}

/// The type of an import or export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A global.
    Global(GlobalType),
    /// A table.
    Table(TableType),
    /// A linear memory.
    Memory(MemoryType),
}

impl fmt::Display for ExternType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExternType::Func(t) => write!(f, "{t}"),
            ExternType::Global(g) => match g.mutability {
                Mutability::Const => write!(f, "(global {})", g.content),
                Mutability::Var => write!(f, "(global (mut {}))", g.content),
            },
            ExternType::Table(t) => match t.maximum {
                Some(max) => write!(f, "(table {} {} {})", t.minimum, max, t.element),
                None => write!(f, "(table {} {})", t.minimum, t.element),
            },
            ExternType::Memory(m) => {
                f.write_str(if m.memory64 {
                    "(memory i64 "
                } else {
                    "(memory "
                })?;
                match m.maximum {
                    Some(max) => write!(f, "{} {})", m.minimum, max),
                    None => write!(f, "{})", m.minimum),
                }
            }
        }
    }
}
