//! Runtime objects: the [`Store`] and the entities it owns (functions, memories, tables,
//! globals, instances, host references), and the handles embedders use to reach them.

use crate::Arc;
use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use core::any::Any;
use core::sync::atomic::{AtomicU32, Ordering};

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::exec::Frame;
use crate::module::Module;
use crate::types::{FuncType, GlobalType, MemoryType, TableType, ValType};

static NEXT_STORE_ID: AtomicU32 = AtomicU32::new(1);

/// A fresh store id (handles carry it, so that one store's handles are refused by
/// another).
fn next_store_id() -> u32 {
    #[cfg(target_has_atomic = "32")]
    return NEXT_STORE_ID.fetch_add(1, Ordering::Relaxed);
    // Without atomic read-modify-write (thumbv6m) stores stay on the thread that made
    // them (`Store` is not `Send` there); a load and a store suffice.
    #[cfg(not(target_has_atomic = "32"))]
    {
        let id = NEXT_STORE_ID.load(Ordering::Relaxed);
        NEXT_STORE_ID.store(id.wrapping_add(1), Ordering::Relaxed);
        id
    }
}

/// A host function after type erasure: it gets the store (as `*mut Store<T>`), the
/// calling instance if any, and the argument cells, which it overwrites with the results.
pub(crate) type HostFn = Arc<dyn Fn(*mut (), Option<u32>, &mut [u64]) -> Result<()> + Send + Sync>;

pub(crate) enum FuncEntity {
    Wasm {
        /// Owning instance (boxed in the store, so the address is stable).
        inst: *const InstanceEntity,
        /// Index among the module's defined functions.
        def: u32,
        type_id: u32,
        /// The function's code slot in the module (kept alive by the instance).
        code: *const crate::module::LazyCode,
    },
    Host {
        type_id: u32,
        ty: FuncType,
        f: HostFn,
    },
}

impl FuncEntity {
    pub(crate) fn sig(&self) -> u32 {
        match self {
            FuncEntity::Wasm { type_id, .. } | FuncEntity::Host { type_id, .. } => *type_id,
        }
    }
}

/// A linear memory.
pub(crate) struct MemoryEntity {
    /// The bytes backing the memory: all of it, or its first `Config::memory_cap` bytes.
    /// Every access is bounds-checked against this length.
    pub data: Vec<u8>,
    pub ty: MemoryType,
    /// Largest size in bytes: from the type's maximum, the address space and the
    /// engine's caps.
    pub max_bytes: u64,
    /// The size in bytes the module sees (`memory.size`). Larger than `data.len()` only
    /// when the memory cap left the end of the declared minimum unbacked; an access
    /// there traps with `TrapCode::MemoryCapExceeded`.
    pub size: u64,
}

impl MemoryEntity {
    /// A memory of type `ty` within the engine's `max_memory_bytes` (`max`, else an
    /// error) and `memory_cap` (`cap`, the most bytes it gets).
    pub(crate) fn new(ty: MemoryType, max: u64, cap: u64) -> Result<Self> {
        let page = ty.page_size();
        let type_max = ty.maximum.unwrap_or(ty.absolute_max_pages());
        let mut max_bytes = type_max.saturating_mul(page).min(max);
        if usize::BITS < 64 {
            max_bytes = max_bytes.min(usize::MAX as u64);
        }
        if ty.memory64 {
            // A 64-bit memory stays below 4 GiB: addresses at or above 2^32 are then out
            // of bounds whatever the size, so loads and stores check that an address
            // fits in 32 bits and run the 32-bit instructions (`addr64`), and
            // `memory.size` fits in 32 bits.
            max_bytes = max_bytes.min((1u64 << 32) - page);
        }
        let min_bytes = ty.minimum.saturating_mul(page);
        if min_bytes > max_bytes {
            return Err(Error::instantiation(alloc::format!(
                "memory minimum of {min_bytes} bytes exceeds the limit of {max_bytes} bytes"
            )));
        }
        // Growth stays within the cap; a memory already above it cannot grow.
        let max_bytes = max_bytes.min(cap.max(min_bytes));
        let backed = min_bytes.min(cap);
        let mut data = Vec::new();
        data.try_reserve_exact(backed as usize)
            .map_err(|_| Error::instantiation("out of memory allocating linear memory"))?;
        data.resize(backed as usize, 0);
        Ok(MemoryEntity {
            data,
            ty,
            max_bytes,
            size: min_bytes,
        })
    }
    pub(crate) fn pages(&self) -> u64 {
        self.size >> self.ty.page_size_log2
    }
    /// Grows by `delta` pages; returns the old size in pages, or None on failure.
    pub(crate) fn grow(&mut self, delta: u64) -> Option<u64> {
        let old = self.pages();
        if delta == 0 {
            return Some(old);
        }
        let new_bytes = old.checked_add(delta)?.checked_mul(self.ty.page_size())?;
        if new_bytes > self.max_bytes {
            return None;
        }
        let extra = new_bytes as usize - self.data.len();
        self.data.try_reserve(extra).ok()?;
        self.data.resize(new_bytes as usize, 0);
        self.size = new_bytes;
        Some(old)
    }
    /// The trap for an access to bytes `start..start + n` that failed its bounds check
    /// against `data`: inside the memory's size, the cap was hit.
    pub(crate) fn oob(&self, start: u64, n: u64) -> crate::TrapCode {
        match start.checked_add(n) {
            Some(end) if end <= self.size => crate::TrapCode::MemoryCapExceeded,
            _ => crate::TrapCode::MemoryOutOfBounds,
        }
    }
}

/// A table of references. Each element is a cell: 0 for null, otherwise a store index + 1.
pub(crate) struct TableEntity {
    pub elems: Vec<u64>,
    pub ty: TableType,
    /// Largest number of elements: the type's maximum and the engine's cap.
    pub max: u64,
}

impl TableEntity {
    /// A table of type `ty` filled with `init`, within the engine's element cap.
    pub(crate) fn new(ty: TableType, init: u64, cap: u64) -> Result<Self> {
        let max = ty
            .maximum
            .unwrap_or(u32::MAX as u64)
            .min(u32::MAX as u64)
            .min(cap);
        if ty.minimum > max {
            return Err(Error::instantiation(alloc::format!(
                "table minimum of {} elements exceeds the limit of {max}",
                ty.minimum
            )));
        }
        let mut elems = Vec::new();
        elems
            .try_reserve_exact(ty.minimum as usize)
            .map_err(|_| Error::instantiation("out of memory allocating a table"))?;
        elems.resize(ty.minimum as usize, init);
        Ok(TableEntity { elems, ty, max })
    }
    pub(crate) fn grow(&mut self, delta: u64, init: u64) -> Option<u64> {
        let old = self.elems.len() as u64;
        let new = old.checked_add(delta)?;
        if new > self.max {
            return None;
        }
        self.elems.try_reserve(delta as usize).ok()?;
        self.elems.resize(new as usize, init);
        Some(old)
    }
}

/// A global: its value cells come first so that the executor can treat a pointer to the
/// entity as a pointer to the value.
#[repr(C)]
pub(crate) struct GlobalEntity {
    pub value: [u64; 2],
    pub ty: GlobalType,
}

/// An instantiated module's view of the store.
pub(crate) struct InstanceEntity {
    /// Index of this instance in the store.
    pub idx: u32,
    pub module: Module,
    pub funcs: Box<[u32]>,
    /// The same functions as pointers to their entities (which never move in the store).
    pub func_ents: Box<[*const FuncEntity]>,
    pub tables: Box<[u32]>,
    pub memories: Box<[u32]>,
    /// Pointers to the instance's globals (boxed in the store).
    pub globals: Box<[*mut GlobalEntity]>,
    /// Store indices of the same globals.
    pub global_ids: Box<[u32]>,
    /// Memory 0 (boxed in the store), or null.
    pub mem0: *mut MemoryEntity,
    /// Store-wide type id of each of the module's types.
    pub type_ids: Box<[u32]>,
    /// Element segments, resolved to reference cells.
    pub elems: Vec<Box<[u64]>>,
    /// Whether each element segment has been dropped.
    pub elem_dropped: Box<[core::cell::Cell<bool>]>,
    /// Whether each data segment has been dropped.
    pub data_dropped: Box<[core::cell::Cell<bool>]>,
}

/// Everything a store owns, independent of the host state type.
///
/// Memories, globals and instances are boxed so that their addresses stay fixed while
/// the vectors grow: the executor keeps raw pointers to them.
#[allow(clippy::vec_box)]
pub(crate) struct StoreInner {
    pub id: u32,
    pub engine: Engine,
    /// Functions, boxed so the executor can keep pointers to them.
    /// Functions; they never move (the executor holds pointers to them).
    pub funcs: crate::map::StableVec<FuncEntity>,
    pub memories: Vec<Box<MemoryEntity>>,
    pub tables: Vec<TableEntity>,
    pub globals: Vec<Box<GlobalEntity>>,
    pub instances: Vec<Box<InstanceEntity>>,
    pub externs: Vec<Box<dyn Any + Send + Sync>>,
    pub types: Vec<FuncType>,
    /// Index of every type in `types`, sorted by the type.
    pub type_map: crate::map::VecMap<FuncType, u32>,
    /// The value stack (allocated on first call; never moves once allocated).
    pub stack: Vec<u64>,
    /// Cells of the value stack in use by active calls (for re-entrant calls from hosts).
    pub stack_top: usize,
    pub frames: Vec<Frame>,
    pub fuel: Option<u64>,
}

impl StoreInner {
    pub(crate) fn intern_type(&mut self, ty: &FuncType) -> u32 {
        let cmp = |t: &FuncType| (t.params(), t.results()).cmp(&(ty.params(), ty.results()));
        if let Some(id) = self.type_map.get_by(cmp) {
            return *id;
        }
        let id = self.types.len() as u32;
        self.types.push(ty.clone());
        self.type_map.insert_by(ty.clone(), id, cmp);
        id
    }
    pub(crate) fn func_type(&self, f: u32) -> &FuncType {
        &self.types[self.func_type_id(f) as usize]
    }
    pub(crate) fn func_type_id(&self, f: u32) -> u32 {
        self.funcs[f as usize].sig()
    }
    /// Allocates the value stack and reserves a first frame stack on first use. The value
    /// stack never moves; the frame stack grows on demand (see `exec::grow_frames`).
    pub(crate) fn ensure_stack(&mut self) {
        if self.stack.is_empty() {
            self.stack = vec![0u64; self.engine.config().max_stack_cells];
            let depth = (self.engine.config().max_call_depth as usize + 1).min(256);
            self.frames.reserve_exact(depth);
        }
    }
    pub(crate) fn check(&self, store: u32) {
        assert_eq!(
            store, self.id,
            "object used with a store it does not belong to"
        );
    }
}

/// All runtime state of a set of instances, plus the host's own state `T`.
///
/// Functions, memories, tables, globals and instances live in a store and are reached
/// through small `Copy` handles that must be used with the same store.
pub struct Store<T> {
    pub(crate) inner: StoreInner,
    data: T,
}

impl<T> Store<T> {
    /// A new store for `engine` holding the host state `data`.
    pub fn new(engine: &Engine, data: T) -> Self {
        Store {
            inner: StoreInner {
                id: next_store_id(),
                engine: engine.clone(),
                funcs: crate::map::StableVec::new(),
                memories: Vec::new(),
                tables: Vec::new(),
                globals: Vec::new(),
                instances: Vec::new(),
                externs: Vec::new(),
                types: Vec::new(),
                type_map: crate::map::VecMap::new(),
                stack: Vec::new(),
                stack_top: 0,
                frames: Vec::new(),
                fuel: if cfg!(feature = "fuel") && engine.config().fuel {
                    Some(0)
                } else {
                    None
                },
            },
            data,
        }
    }
    /// The engine of this store.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }
    /// The host state.
    pub fn data(&self) -> &T {
        &self.data
    }
    /// The host state, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }
    /// Consumes the store, returning the host state.
    pub fn into_data(self) -> T {
        self.data
    }
    /// Sets the fuel budget (requires `Config::consume_fuel(true)`).
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        match &mut self.inner.fuel {
            Some(f) => {
                *f = fuel;
                Ok(())
            }
            None => Err(no_fuel()),
        }
    }
    /// The fuel left (requires `Config::consume_fuel(true)`).
    pub fn get_fuel(&self) -> Result<u64> {
        self.inner.fuel.ok_or_else(no_fuel)
    }
}

fn no_fuel() -> Error {
    Error::usage(if cfg!(feature = "fuel") {
        "fuel metering is not enabled in the engine's Config"
    } else {
        "fuel metering is not compiled in (cargo feature `fuel`)"
    })
}

impl<T: core::fmt::Debug> core::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Store")
            .field("data", &self.data)
            .finish_non_exhaustive()
    }
}

/// Read access to a store, through a `Store<T>`, a `&mut Store<T>` or a `Caller`.
#[allow(private_interfaces)]
pub trait AsContext {
    /// The host state type.
    type Data;
    #[doc(hidden)]
    fn store_inner(&self) -> &StoreInner;
}

/// Write access to a store.
#[allow(private_interfaces)]
pub trait AsContextMut: AsContext {
    #[doc(hidden)]
    fn store_mut(&mut self) -> &mut Store<Self::Data>;
}

impl<T> AsContext for Store<T> {
    type Data = T;
    fn store_inner(&self) -> &StoreInner {
        &self.inner
    }
}
impl<T> AsContextMut for Store<T> {
    fn store_mut(&mut self) -> &mut Store<T> {
        self
    }
}
impl<S: AsContext + ?Sized> AsContext for &S {
    type Data = S::Data;
    fn store_inner(&self) -> &StoreInner {
        (**self).store_inner()
    }
}
impl<S: AsContext + ?Sized> AsContext for &mut S {
    type Data = S::Data;
    fn store_inner(&self) -> &StoreInner {
        (**self).store_inner()
    }
}
impl<S: AsContextMut + ?Sized> AsContextMut for &mut S {
    fn store_mut(&mut self) -> &mut Store<S::Data> {
        (**self).store_mut()
    }
}

/// A reference to a host value, usable as an `externref`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExternRef {
    pub(crate) store: u32,
    pub(crate) idx: u32,
}

impl ExternRef {
    /// Wraps a host value into a new reference owned by the store.
    pub fn new<T: Any + Send + Sync>(mut store: impl AsContextMut, value: T) -> ExternRef {
        let inner = &mut store.store_mut().inner;
        let idx = inner.externs.len() as u32;
        inner.externs.push(Box::new(value));
        ExternRef {
            store: inner.id,
            idx,
        }
    }
    /// The host value, or `None` if this reference belongs to another store.
    pub fn data<'a, S: AsContext + 'a>(&self, store: &'a S) -> Option<&'a (dyn Any + Send + Sync)> {
        let inner = store.store_inner();
        if inner.id != self.store {
            return None;
        }
        inner.externs.get(self.idx as usize).map(|b| &**b)
    }
    pub(crate) fn to_cell(self) -> u64 {
        self.idx as u64 + 1
    }
}

/// A WebAssembly value.
#[derive(Debug, Clone, Copy)]
pub enum Val {
    /// 32-bit integer.
    I32(i32),
    /// 64-bit integer.
    I64(i64),
    /// 32-bit float, as its bit pattern.
    F32(u32),
    /// 64-bit float, as its bit pattern.
    F64(u64),
    /// 128-bit vector.
    V128(u128),
    /// A function reference or null.
    FuncRef(Option<crate::Func>),
    /// A host reference or null.
    ExternRef(Option<ExternRef>),
}

impl Val {
    /// The value's type.
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(_) => ValType::FuncRef,
            Val::ExternRef(_) => ValType::ExternRef,
        }
    }
    /// The default (zero or null) value of a type.
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0),
            ValType::FuncRef => Val::FuncRef(None),
            ValType::ExternRef => Val::ExternRef(None),
        }
    }
    /// The i32, if this is one.
    pub fn i32(&self) -> Option<i32> {
        if let Val::I32(v) = self {
            Some(*v)
        } else {
            None
        }
    }
    /// The i64, if this is one.
    pub fn i64(&self) -> Option<i64> {
        if let Val::I64(v) = self {
            Some(*v)
        } else {
            None
        }
    }
    /// The f32, if this is one.
    pub fn f32(&self) -> Option<f32> {
        if let Val::F32(v) = self {
            Some(f32::from_bits(*v))
        } else {
            None
        }
    }
    /// The f64, if this is one.
    pub fn f64(&self) -> Option<f64> {
        if let Val::F64(v) = self {
            Some(f64::from_bits(*v))
        } else {
            None
        }
    }

    /// Writes the value into cells (1, or 2 for v128).
    pub(crate) fn write_cells(&self, store_id: u32, out: &mut [u64]) -> Result<()> {
        match *self {
            Val::I32(v) => out[0] = v as u32 as u64,
            Val::I64(v) => out[0] = v as u64,
            Val::F32(v) => out[0] = v as u64,
            Val::F64(v) => out[0] = v,
            Val::V128(v) => {
                out[0] = v as u64;
                out[1] = (v >> 64) as u64;
            }
            Val::FuncRef(f) => {
                out[0] = match f {
                    None => 0,
                    Some(f) => {
                        if f.store != store_id {
                            return Err(Error::usage("function reference from another store"));
                        }
                        f.idx as u64 + 1
                    }
                }
            }
            Val::ExternRef(r) => {
                out[0] = match r {
                    None => 0,
                    Some(r) => {
                        if r.store != store_id {
                            return Err(Error::usage("extern reference from another store"));
                        }
                        r.to_cell()
                    }
                }
            }
        }
        Ok(())
    }

    /// Reads a value of type `ty` from cells.
    pub(crate) fn read_cells(store: &StoreInner, ty: ValType, cells: &[u64]) -> Val {
        match ty {
            ValType::I32 => Val::I32(cells[0] as u32 as i32),
            ValType::I64 => Val::I64(cells[0] as i64),
            ValType::F32 => Val::F32(cells[0] as u32),
            ValType::F64 => Val::F64(cells[0]),
            ValType::V128 => Val::V128(cells[0] as u128 | ((cells[1] as u128) << 64)),
            ValType::FuncRef => Val::FuncRef(match cells[0] {
                0 => None,
                n => Some(crate::Func {
                    store: store.id,
                    idx: (n - 1) as u32,
                }),
            }),
            ValType::ExternRef => Val::ExternRef(match cells[0] {
                0 => None,
                n => Some(ExternRef {
                    store: store.id,
                    idx: (n - 1) as u32,
                }),
            }),
        }
    }
}

macro_rules! val_from {
    ($($t:ty => $v:ident $(as $c:ty)?),*) => {$(
        impl From<$t> for Val {
            fn from(x: $t) -> Val { Val::$v(x $(as $c)?) }
        }
    )*};
}
val_from!(i32 => I32, i64 => I64, u32 => I32 as i32, u64 => I64 as i64, u128 => V128);
impl From<f32> for Val {
    fn from(x: f32) -> Val {
        Val::F32(x.to_bits())
    }
}
impl From<f64> for Val {
    fn from(x: f64) -> Val {
        Val::F64(x.to_bits())
    }
}

#[cfg(target_has_atomic = "ptr")]
pub(crate) fn _assert_send_sync() {
    fn ok<X: Send + Sync>() {}
    ok::<Module>();
}

// SAFETY: the raw pointers inside a store point into boxes the store itself owns; a
// store is used by one thread at a time (it is not Sync-shared by the engine), so
// moving it to another thread is sound when the host state is Send.
// (Targets without atomic compare-and-swap share modules and host functions through
// `Rc`, so there a store stays on its thread.)
#[cfg(target_has_atomic = "ptr")]
unsafe impl<T: Send> Send for Store<T> {}

// Make `Module` Send + Sync: its lazily translated code is published through atomics.
// SAFETY: ModuleInner contains only immutable data and `LazyCode` (atomic pointers to
// immutable code), so sharing it between threads is sound.
#[cfg(target_has_atomic = "ptr")]
unsafe impl Send for crate::module::ModuleInner {}
// SAFETY: see above.
#[cfg(target_has_atomic = "ptr")]
unsafe impl Sync for crate::module::ModuleInner {}

pub(crate) fn new_global(inner: &mut StoreInner, ty: GlobalType, cells: [u64; 2]) -> u32 {
    let idx = inner.globals.len() as u32;
    inner
        .globals
        .push(Box::new(GlobalEntity { value: cells, ty }));
    idx
}
