//! Instantiation: linking a [`Module`]'s imports, creating its entities in a store,
//! running segment initialization and the start function.

use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;

use crate::error::{Error, Result, TrapCode};
use crate::extern_::{Extern, Global, Memory, Table};
use crate::func::{Func, TypedFunc, WasmParams, WasmResults};
use crate::module::{
    ConstExpr, ConstOp, DataMode, ElemItems, ElemMode, ExportIndex, ImportKind, Module,
};
use crate::store::{
    AsContext, AsContextMut, FuncEntity, GlobalEntity, InstanceEntity, MemoryEntity, StoreInner,
    TableEntity, new_global,
};
use crate::types::{ExternType, MemoryType, TableType};

/// An instantiated module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance {
    pub(crate) store: u32,
    pub(crate) idx: u32,
}

fn limits_match(actual_min: u64, actual_max: Option<u64>, min: u64, max: Option<u64>) -> bool {
    actual_min >= min
        && match max {
            None => true,
            Some(m) => actual_max.is_some_and(|a| a <= m),
        }
}

fn table_matches(actual: &TableType, expected: &TableType) -> bool {
    actual.element == expected.element
        && limits_match(
            actual.minimum,
            actual.maximum,
            expected.minimum,
            expected.maximum,
        )
}

fn memory_matches(actual: &MemoryType, expected: &MemoryType) -> bool {
    actual.memory64 == expected.memory64
        && actual.shared == expected.shared
        && actual.page_size_log2 == expected.page_size_log2
        && limits_match(
            actual.minimum,
            actual.maximum,
            expected.minimum,
            expected.maximum,
        )
}

/// The reference cell of the instance's function `f` (`funcs`: their store indices): the
/// store index plus 1, as 0 is the null reference.
fn func_ref(funcs: &[u32], f: u32) -> u64 {
    funcs[f as usize] as u64 + 1
}

fn eval_const(inst: &InstanceEntity, e: &ConstExpr) -> Result<[u64; 2]> {
    eval_const_with(&inst.funcs, &inst.globals, e)
}

fn eval_const_with(
    funcs: &[u32],
    globals: &[*mut GlobalEntity],
    e: &ConstExpr,
) -> Result<[u64; 2]> {
    let mut stack: smallvec::SmallVec<[u128; 4]> = smallvec::SmallVec::new();
    let pop = |st: &mut smallvec::SmallVec<[u128; 4]>| {
        st.pop()
            .ok_or_else(|| Error::invalid("constant expression underflow"))
    };
    for op in e.0.iter() {
        let v: u128 = match *op {
            ConstOp::I32(v) => v as u32 as u128,
            ConstOp::I64(v) => v as u64 as u128,
            ConstOp::F32(v) => v as u128,
            ConstOp::F64(v) => v as u128,
            #[cfg(feature = "simd")]
            ConstOp::V128(v) => v,
            ConstOp::RefNull => 0,
            ConstOp::RefFunc(f) => func_ref(funcs, f) as u128,
            ConstOp::GlobalGet(g) => {
                // SAFETY: global pointers of an instance point into boxes the store owns.
                let cells = unsafe { (*globals[g as usize]).value };
                cells[0] as u128 | ((cells[1] as u128) << 64)
            }
            ConstOp::I32Add | ConstOp::I32Sub | ConstOp::I32Mul => {
                let b = pop(&mut stack)? as u32;
                let a = pop(&mut stack)? as u32;
                (match op {
                    ConstOp::I32Add => a.wrapping_add(b),
                    ConstOp::I32Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                }) as u128
            }
            ConstOp::I64Add | ConstOp::I64Sub | ConstOp::I64Mul => {
                let b = pop(&mut stack)? as u64;
                let a = pop(&mut stack)? as u64;
                (match op {
                    ConstOp::I64Add => a.wrapping_add(b),
                    ConstOp::I64Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                }) as u128
            }
        };
        stack.push(v);
    }
    let v = pop(&mut stack)?;
    Ok([v as u64, (v >> 64) as u64])
}

impl Instance {
    /// Instantiates `module` with `imports` given in the order of the module's imports.
    /// Runs the start function, if any.
    pub fn new(
        mut store: impl AsContextMut,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance> {
        let store = store.store_mut();
        let inst = Self::instantiate_raw(&mut store.inner, module, imports)?;
        if let Some(start) = module.inner.start {
            let f = store.inner.instances[inst.idx as usize].funcs[start as usize];
            Func {
                store: inst.store,
                idx: f,
            }
            .call(&mut *store, &[], &mut [])?;
        }
        Ok(inst)
    }

    fn instantiate_raw(
        s: &mut StoreInner,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance> {
        if !s.engine.same(&module.inner.engine) {
            return Err(Error::usage("module and store belong to different engines"));
        }
        let m = &module.inner;
        if imports.len() != m.imports.len() {
            return Err(Error::link(format!(
                "expected {} imports, found {}",
                m.imports.len(),
                imports.len()
            )));
        }
        let type_ids: Box<[u32]> = m.types.iter().map(|t| s.intern_type(t)).collect();
        let mut funcs = Vec::with_capacity(m.funcs.len());
        let mut tables = Vec::with_capacity(m.tables.len());
        let mut memories = Vec::with_capacity(m.memories.len());
        let mut globals = Vec::with_capacity(m.globals.len());
        for (imp, ext) in m.imports.iter().zip(imports) {
            let incompatible = |what: &str| {
                Error::link(format!(
                    "incompatible import type for `{}::{}`: {what}",
                    imp.module, imp.name
                ))
            };
            match (&imp.kind, ext) {
                (ImportKind::Func(t), Extern::Func(f)) => {
                    s.check(f.store);
                    if s.func_type_id(f.idx) != type_ids[*t as usize] {
                        return Err(incompatible(&format!(
                            "expected {}, found {}",
                            m.types[*t as usize],
                            s.func_type(f.idx)
                        )));
                    }
                    funcs.push(f.idx);
                }
                (ImportKind::Table(t), Extern::Table(tb)) => {
                    s.check(tb.store);
                    let e = &s.tables[tb.idx as usize];
                    let actual = TableType {
                        minimum: e.elems.len() as u64,
                        ..e.ty
                    };
                    if !table_matches(&actual, t) {
                        return Err(incompatible(&format!(
                            "expected {}, found {}",
                            ExternType::Table(*t),
                            ExternType::Table(actual)
                        )));
                    }
                    tables.push(tb.idx);
                }
                (ImportKind::Memory(t), Extern::Memory(mem)) => {
                    s.check(mem.store);
                    let e = &s.memories[mem.idx as usize];
                    let actual = MemoryType {
                        minimum: e.pages(),
                        ..e.ty
                    };
                    if !memory_matches(&actual, t) {
                        return Err(incompatible(&format!(
                            "expected {}, found {}",
                            ExternType::Memory(*t),
                            ExternType::Memory(actual)
                        )));
                    }
                    memories.push(mem.idx);
                }
                (ImportKind::Global(t), Extern::Global(g)) => {
                    s.check(g.store);
                    let e = &s.globals[g.idx as usize];
                    if e.ty != *t {
                        return Err(incompatible(&format!(
                            "expected {}, found {}",
                            ExternType::Global(*t),
                            ExternType::Global(e.ty)
                        )));
                    }
                    globals.push(g.idx);
                }
                (_, other) => {
                    let kind = match other {
                        Extern::Func(_) => "function",
                        Extern::Table(_) => "table",
                        Extern::Memory(_) => "memory",
                        Extern::Global(_) => "global",
                    };
                    return Err(incompatible(&format!("found a {kind}")));
                }
            }
        }

        // Tables and memories defined by the module.
        let (max, cap) = (
            s.engine.config().max_memory_bytes,
            s.engine.config().memory_cap,
        );
        for ty in &m.memories[m.num_imported_memories as usize..] {
            let e = MemoryEntity::new(*ty, max, cap)?;
            memories.push(s.memories.len() as u32);
            s.memories.push(Box::new(e));
        }

        let inst_idx = s.instances.len() as u32;
        let mem0 = match memories.first() {
            Some(&i) => &mut *s.memories[i as usize] as *mut MemoryEntity,
            None => core::ptr::null_mut(),
        };
        let mut entity = Box::new(InstanceEntity {
            idx: inst_idx,
            module: module.clone(),
            funcs: Box::new([]),
            func_ents: Box::new([]),
            tables: Box::new([]),
            memories: memories.into_boxed_slice(),
            globals: Box::new([]),
            global_ids: Box::new([]),
            mem0,
            type_ids,
            elems: Vec::new(),
            elem_dropped: (0..m.elems.len())
                .map(|_| core::cell::Cell::new(false))
                .collect(),
            data_dropped: (0..m.datas.len())
                .map(|_| core::cell::Cell::new(false))
                .collect(),
        });
        let inst_ptr = &*entity as *const InstanceEntity;
        for def in 0..m.bodies.len() as u32 {
            let ty = m.funcs[(m.num_imported_funcs + def) as usize];
            funcs.push(s.funcs.len() as u32);
            s.funcs.push(FuncEntity::Wasm {
                code: &m.code[def as usize] as *const _,
                inst: inst_ptr,
                def,
                type_id: entity.type_ids[ty as usize],
            });
        }
        entity.func_ents = funcs
            .iter()
            .map(|&f| &s.funcs[f as usize] as *const FuncEntity)
            .collect();
        entity.funcs = funcs.into_boxed_slice();

        // Globals: initializers may read imported globals and earlier ones.
        let mut gptrs: Vec<*mut GlobalEntity> = globals
            .iter()
            .map(|&g| &mut *s.globals[g as usize] as *mut _)
            .collect();
        for g in &m.globals[m.num_imported_globals as usize..] {
            let cells = eval_const_with(&entity.funcs, &gptrs, &g.init)?;
            let idx = new_global(s, g.ty, cells);
            globals.push(idx);
            gptrs.push(&mut *s.globals[idx as usize] as *mut _);
        }
        entity.globals = gptrs.into_boxed_slice();
        entity.global_ids = globals.into_boxed_slice();

        for t in &m.tables[m.num_imported_tables as usize..] {
            let init = match &t.init {
                Some(e) => eval_const(&entity, e)?[0],
                None => 0,
            };
            let table = TableEntity::new(t.ty, init, s.engine.config().max_table_elements)?;
            tables.push(s.tables.len() as u32);
            s.tables.push(table);
        }
        entity.tables = tables.into_boxed_slice();

        // Element segments, resolved to reference cells.
        let mut elems = Vec::with_capacity(m.elems.len());
        for seg in &m.elems {
            let cells: Box<[u64]> = match &seg.items {
                ElemItems::Funcs(funcs) => {
                    funcs.iter().map(|&f| func_ref(&entity.funcs, f)).collect()
                }
                ElemItems::Exprs(exprs) => exprs
                    .iter()
                    .map(|e| Ok(eval_const(&entity, e)?[0]))
                    .collect::<Result<_>>()?,
            };
            elems.push(cells);
        }
        entity.elems = elems;

        s.instances.push(entity);
        let inst = Instance {
            store: s.id,
            idx: inst_idx,
        };

        // Active and declarative element segments, then data segments, in order.
        for (i, seg) in m.elems.iter().enumerate() {
            let ent = &s.instances[inst_idx as usize];
            match &seg.mode {
                ElemMode::Active { table, offset } => {
                    let off = eval_const(ent, offset)?[0] as u32 as u64;
                    let t = ent.tables[*table as usize];
                    let items = ent.elems[i].clone();
                    let tab = &mut s.tables[t as usize];
                    let end = off.checked_add(items.len() as u64);
                    match end {
                        Some(end) if end <= tab.elems.len() as u64 => {
                            tab.elems[off as usize..end as usize].copy_from_slice(&items);
                        }
                        _ => return Err(Error::trap(TrapCode::TableOutOfBounds)),
                    }
                    s.instances[inst_idx as usize].elem_dropped[i].set(true);
                }
                ElemMode::Declared => s.instances[inst_idx as usize].elems[i] = Box::new([]),
                ElemMode::Passive => {}
            }
        }
        for (i, seg) in m.datas.iter().enumerate() {
            if let DataMode::Active { memory, offset } = &seg.mode {
                let ent = &s.instances[inst_idx as usize];
                let off = eval_const(ent, offset)?[0];
                let mem_idx = ent.memories[*memory as usize];
                let off = if s.memories[mem_idx as usize].ty.memory64 {
                    off
                } else {
                    off as u32 as u64
                };
                let bytes = &m.bytes[seg.bytes.clone()];
                let mem = &mut s.memories[mem_idx as usize];
                match off.checked_add(bytes.len() as u64) {
                    Some(end) if end <= mem.data.len() as u64 => {
                        mem.data[off as usize..end as usize].copy_from_slice(bytes);
                    }
                    _ => return Err(Error::trap(mem.oob(off, bytes.len() as u64))),
                }
                s.instances[inst_idx as usize].data_dropped[i].set(true);
            }
        }
        Ok(inst)
    }

    fn entity<'a>(&self, s: &'a StoreInner) -> &'a InstanceEntity {
        s.check(self.store);
        &s.instances[self.idx as usize]
    }

    /// The export called `name`.
    pub fn get_export(&self, store: impl AsContext, name: &str) -> Option<Extern> {
        let s = store.store_inner();
        let e = self.entity(s);
        let (_, idx) = e.module.inner.exports.iter().find(|(n, _)| n == name)?;
        Some(self.resolve(e, *idx))
    }

    fn resolve(&self, e: &InstanceEntity, idx: ExportIndex) -> Extern {
        let store = self.store;
        match idx {
            ExportIndex::Func(i) => Extern::Func(Func {
                store,
                idx: e.funcs[i as usize],
            }),
            ExportIndex::Table(i) => Extern::Table(Table {
                store,
                idx: e.tables[i as usize],
            }),
            ExportIndex::Memory(i) => Extern::Memory(Memory {
                store,
                idx: e.memories[i as usize],
            }),
            ExportIndex::Global(i) => Extern::Global(Global {
                store,
                idx: e.global_ids[i as usize],
            }),
        }
    }

    /// All exports, in order: (name, item).
    pub fn exports<'a>(
        &self,
        store: &'a impl AsContext,
    ) -> impl Iterator<Item = (&'a str, Extern)> + 'a {
        let s = store.store_inner();
        let e = self.entity(s);
        let this = *self;
        e.module
            .inner
            .exports
            .iter()
            .map(move |(n, idx)| (n.as_str(), this.resolve(e, *idx)))
    }

    /// The exported function `name`.
    pub fn get_func(&self, store: impl AsContext, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }
    /// The exported function `name`, statically typed.
    pub fn get_typed_func<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
        name: &str,
    ) -> Result<TypedFunc<P, R>> {
        let s = store.store_inner();
        let f = self
            .get_func(s_ref(s), name)
            .ok_or_else(|| Error::usage(format!("no exported function `{name}`")))?;
        f.typed(s_ref(s))
    }
    /// The exported memory `name`.
    pub fn get_memory(&self, store: impl AsContext, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }
    /// The exported global `name`.
    pub fn get_global(&self, store: impl AsContext, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }
    /// The exported table `name`.
    pub fn get_table(&self, store: impl AsContext, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }
    /// The module this instance was created from.
    pub fn module(&self, store: impl AsContext) -> Module {
        self.entity(store.store_inner()).module.clone()
    }
}

/// A read-only view of a store's internals for methods that take `impl AsContext`.
struct InnerRef<'a>(&'a StoreInner);
impl AsContext for InnerRef<'_> {
    type Data = ();
    fn store_inner(&self) -> &StoreInner {
        self.0
    }
}
fn s_ref(s: &StoreInner) -> InnerRef<'_> {
    InnerRef(s)
}
