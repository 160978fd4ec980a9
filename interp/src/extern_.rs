//! Handles to memories, tables and globals, and [`Extern`], the sum of all importable
//! and exportable items.

use alloc::boxed::Box;

use crate::error::{Error, Result, TrapCode};
use crate::func::Func;
use crate::store::{
    AsContext, AsContextMut, GlobalEntity, MemoryEntity, StoreInner, TableEntity, Val, new_global,
};
use crate::types::{ExternType, GlobalType, MemoryType, Mutability, TableType};

/// A linear memory in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory {
    pub(crate) store: u32,
    pub(crate) idx: u32,
}

impl Memory {
    /// A new memory of type `ty`.
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory> {
        let inner = &mut store.store_mut().inner;
        let config = inner.engine.config();
        let m = MemoryEntity::new(ty, config.max_memory_bytes, config.memory_cap)?;
        let idx = inner.memories.len() as u32;
        inner.memories.push(Box::new(m));
        Ok(Memory {
            store: inner.id,
            idx,
        })
    }
    fn get<'a>(&self, s: &'a StoreInner) -> &'a MemoryEntity {
        s.check(self.store);
        &s.memories[self.idx as usize]
    }
    /// The memory's type (with its current minimum).
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        let m = self.get(store.store_inner());
        MemoryType {
            minimum: m.pages(),
            ..m.ty
        }
    }
    /// Current size in pages.
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.get(store.store_inner()).pages()
    }
    /// Current size in bytes of the memory's data: its size, or the part the engine's
    /// `Config::memory_cap` backs.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        self.get(store.store_inner()).data.len()
    }
    /// The memory's bytes.
    pub fn data<'a, S: AsContext + 'a>(&self, store: &'a S) -> &'a [u8] {
        &self.get(store.store_inner()).data
    }
    /// The memory's bytes, mutably.
    pub fn data_mut<'a, T: 'a>(&self, store: &'a mut impl AsContextMut<Data = T>) -> &'a mut [u8] {
        let inner = &mut store.store_mut().inner;
        inner.check(self.store);
        &mut inner.memories[self.idx as usize].data
    }
    /// Copies `buf.len()` bytes at `offset` into `buf`.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<()> {
        let data = &self.get(store.store_inner()).data;
        let src = offset
            .checked_add(buf.len())
            .and_then(|end| data.get(offset..end))
            .ok_or_else(|| Error::trap(TrapCode::MemoryOutOfBounds))?;
        buf.copy_from_slice(src);
        Ok(())
    }
    /// Copies `buf` into memory at `offset`.
    pub fn write(&self, mut store: impl AsContextMut, offset: usize, buf: &[u8]) -> Result<()> {
        let inner = &mut store.store_mut().inner;
        inner.check(self.store);
        let data = &mut inner.memories[self.idx as usize].data;
        let dst = offset
            .checked_add(buf.len())
            .and_then(|end| data.get_mut(offset..end))
            .ok_or_else(|| Error::trap(TrapCode::MemoryOutOfBounds))?;
        dst.copy_from_slice(buf);
        Ok(())
    }
    /// Grows by `delta` pages, returning the old size in pages.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64> {
        let inner = &mut store.store_mut().inner;
        inner.check(self.store);
        inner.memories[self.idx as usize]
            .grow(delta)
            .ok_or_else(|| Error::usage("failed to grow memory"))
    }
}

/// A table of references in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) store: u32,
    pub(crate) idx: u32,
}

impl Table {
    /// A new table of type `ty` with every element set to `init`.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Table> {
        let inner = &mut store.store_mut().inner;
        if init.ty() != ty.element {
            return Err(Error::usage("table initializer has the wrong type"));
        }
        let mut cell = [0u64; 2];
        init.write_cells(inner.id, &mut cell)?;
        let t = TableEntity::new(ty, cell[0], inner.engine.config().max_table_elements)?;
        let idx = inner.tables.len() as u32;
        inner.tables.push(t);
        Ok(Table {
            store: inner.id,
            idx,
        })
    }
    fn get_entity<'a>(&self, s: &'a StoreInner) -> &'a TableEntity {
        s.check(self.store);
        &s.tables[self.idx as usize]
    }
    /// The table's type (with its current minimum).
    pub fn ty(&self, store: impl AsContext) -> TableType {
        let t = self.get_entity(store.store_inner());
        TableType {
            minimum: t.elems.len() as u64,
            ..t.ty
        }
    }
    /// Number of elements.
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.get_entity(store.store_inner()).elems.len() as u64
    }
    /// The element at `index`, if in bounds.
    pub fn get(&self, store: impl AsContext, index: u64) -> Option<Val> {
        let s = store.store_inner();
        let t = self.get_entity(s);
        let cell = *t.elems.get(usize::try_from(index).ok()?)?;
        Some(Val::read_cells(s, t.ty.element, &[cell]))
    }
    /// Sets the element at `index`.
    pub fn set(&self, mut store: impl AsContextMut, index: u64, val: Val) -> Result<()> {
        let inner = &mut store.store_mut().inner;
        inner.check(self.store);
        let mut cell = [0u64; 2];
        val.write_cells(inner.id, &mut cell)?;
        let t = &mut inner.tables[self.idx as usize];
        if val.ty() != t.ty.element {
            return Err(Error::usage("value has the wrong type for this table"));
        }
        let e = usize::try_from(index)
            .ok()
            .and_then(|i| t.elems.get_mut(i))
            .ok_or_else(|| Error::trap(TrapCode::TableOutOfBounds))?;
        *e = cell[0];
        Ok(())
    }
    /// Grows by `delta` elements set to `init`, returning the old size.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64, init: Val) -> Result<u64> {
        let inner = &mut store.store_mut().inner;
        inner.check(self.store);
        let mut cell = [0u64; 2];
        init.write_cells(inner.id, &mut cell)?;
        inner.tables[self.idx as usize]
            .grow(delta, cell[0])
            .ok_or_else(|| Error::usage("failed to grow table"))
    }
}

/// A global variable in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global {
    pub(crate) store: u32,
    pub(crate) idx: u32,
}

impl Global {
    /// A new global of type `ty` holding `val`.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, val: Val) -> Result<Global> {
        let inner = &mut store.store_mut().inner;
        if val.ty() != ty.content {
            return Err(Error::usage("global initializer has the wrong type"));
        }
        let mut cells = [0u64; 2];
        val.write_cells(inner.id, &mut cells)?;
        let idx = new_global(inner, ty, cells);
        Ok(Global {
            store: inner.id,
            idx,
        })
    }
    fn entity<'a>(&self, s: &'a StoreInner) -> &'a GlobalEntity {
        s.check(self.store);
        &s.globals[self.idx as usize]
    }
    /// The global's type.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        self.entity(store.store_inner()).ty
    }
    /// The current value.
    pub fn get(&self, store: impl AsContext) -> Val {
        let s = store.store_inner();
        let g = self.entity(s);
        Val::read_cells(s, g.ty.content, &g.value)
    }
    /// Sets the value of a mutable global.
    pub fn set(&self, mut store: impl AsContextMut, val: Val) -> Result<()> {
        let inner = &mut store.store_mut().inner;
        inner.check(self.store);
        let id = inner.id;
        let g = &mut inner.globals[self.idx as usize];
        if g.ty.mutability != Mutability::Var {
            return Err(Error::usage("cannot set an immutable global"));
        }
        if val.ty() != g.ty.content {
            return Err(Error::usage("value has the wrong type for this global"));
        }
        val.write_cells(id, &mut g.value)
    }
}

/// Any item that can be imported or exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A table.
    Table(Table),
    /// A linear memory.
    Memory(Memory),
    /// A global.
    Global(Global),
}

impl Extern {
    /// The function, if this is one.
    pub fn into_func(self) -> Option<Func> {
        if let Extern::Func(f) = self {
            Some(f)
        } else {
            None
        }
    }
    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<Memory> {
        if let Extern::Memory(m) = self {
            Some(m)
        } else {
            None
        }
    }
    /// The table, if this is one.
    pub fn into_table(self) -> Option<Table> {
        if let Extern::Table(t) = self {
            Some(t)
        } else {
            None
        }
    }
    /// The global, if this is one.
    pub fn into_global(self) -> Option<Global> {
        if let Extern::Global(g) = self {
            Some(g)
        } else {
            None
        }
    }
    /// The item's type.
    pub fn ty(&self, store: impl AsContext) -> ExternType {
        match self {
            Extern::Func(f) => ExternType::Func(f.ty(store)),
            Extern::Table(t) => ExternType::Table(t.ty(store)),
            Extern::Memory(m) => ExternType::Memory(m.ty(store)),
            Extern::Global(g) => ExternType::Global(g.ty(store)),
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Self {
        Extern::Func(f)
    }
}
impl From<Memory> for Extern {
    fn from(m: Memory) -> Self {
        Extern::Memory(m)
    }
}
impl From<Table> for Extern {
    fn from(t: Table) -> Self {
        Extern::Table(t)
    }
}
impl From<Global> for Extern {
    fn from(g: Global) -> Self {
        Extern::Global(g)
    }
}
