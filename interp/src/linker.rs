//! [`Linker`]: resolves imports by module and field name.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::extern_::Extern;
use crate::func::{Caller, IntoFunc, dynamic_host, new_host_func};
use crate::instance::Instance;
use crate::module::{ImportKind, Module};
use crate::store::{AsContextMut, HostFn, Store, Val};
use crate::types::FuncType;

enum Definition {
    Extern(Extern),
    /// A host function, created in the store on each instantiation.
    HostFunc(FuncType, HostFn),
}

/// Defines names for imports and instantiates modules against them.
///
/// Host functions defined with [`Linker::func_wrap`] or [`Linker::func_new`] are not tied
/// to a store: they are created in the store each module is instantiated into.
pub struct Linker<T> {
    engine: Engine,
    defs: crate::map::VecMap<(String, String), Definition>,
    allow_shadowing: bool,
    _marker: core::marker::PhantomData<fn(T)>,
}

impl<T: 'static> Linker<T> {
    /// An empty linker.
    pub fn new(engine: &Engine) -> Self {
        Linker {
            engine: engine.clone(),
            defs: crate::map::VecMap::new(),
            allow_shadowing: false,
            _marker: core::marker::PhantomData,
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Whether a later definition may replace an earlier one of the same name.
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.allow_shadowing = allow;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition) -> Result<()> {
        if !self.allow_shadowing && self.lookup(module, name).is_some() {
            return Err(Error::link(alloc::format!(
                "import `{module}::{name}` is already defined"
            )));
        }
        let key = (module.to_string(), name.to_string());
        self.defs.insert_by(key, def, |k| by_name(k, module, name));
        Ok(())
    }

    fn lookup(&self, module: &str, name: &str) -> Option<&Definition> {
        self.defs.get_by(|k| by_name(k, module, name))
    }

    /// Defines `module::name` as an existing item.
    pub fn define(
        &mut self,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self> {
        self.insert(module, name, Definition::Extern(item.into()))?;
        Ok(self)
    }

    /// Defines `module::name` as a host function from a typed Rust closure.
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self> {
        let (ty, hf) = f.into_host();
        self.insert(module, name, Definition::HostFunc(ty, hf))?;
        Ok(self)
    }

    /// Defines `module::name` as a host function with a dynamic signature.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        let hf = dynamic_host(ty.clone(), f);
        self.insert(module, name, Definition::HostFunc(ty, hf))?;
        Ok(self)
    }

    /// Defines every export of `instance` under the module name `module`.
    pub fn instance(
        &mut self,
        store: impl AsContextMut<Data = T>,
        module: &str,
        instance: Instance,
    ) -> Result<&mut Self> {
        let exports: Vec<(String, Extern)> = instance
            .exports(&store)
            .map(|(n, e)| (n.to_string(), e))
            .collect();
        for (name, e) in exports {
            self.define(module, &name, e)?;
        }
        Ok(self)
    }

    /// The item defined as `module::name`, created in `store` if it is a host function.
    pub fn get(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Option<Extern> {
        let def = self.lookup(module, name)?;
        Some(Self::materialize(store.store_mut(), def))
    }

    fn materialize(store: &mut Store<T>, def: &Definition) -> Extern {
        match def {
            Definition::Extern(e) => *e,
            Definition::HostFunc(ty, hf) => {
                Extern::Func(new_host_func(&mut store.inner, ty.clone(), hf.clone()))
            }
        }
    }

    /// Resolves the imports of `module`; fails naming the first one that is missing.
    pub fn resolve_imports(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Vec<Extern>> {
        let store = store.store_mut();
        let mut out = Vec::with_capacity(module.inner.imports.len());
        for imp in &module.inner.imports {
            let def = self.lookup(&imp.module, &imp.name).ok_or_else(|| {
                let kind = match imp.kind {
                    ImportKind::Func(_) => "function",
                    ImportKind::Table(_) => "table",
                    ImportKind::Memory(_) => "memory",
                    ImportKind::Global(_) => "global",
                };
                Error::link(alloc::format!(
                    "unknown import: `{}::{}` ({kind}) has not been defined",
                    imp.module,
                    imp.name
                ))
            })?;
            out.push(Self::materialize(store, def));
        }
        Ok(out)
    }

    /// Instantiates `module`, resolving its imports by name, and runs its start function.
    pub fn instantiate(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance> {
        let store = store.store_mut();
        let imports = self.resolve_imports(&mut *store, module)?;
        Instance::new(store, module, &imports)
    }
}

/// Orders a linker key against `module::name`.
fn by_name(k: &(String, String), module: &str, name: &str) -> core::cmp::Ordering {
    (k.0.as_str(), k.1.as_str()).cmp(&(module, name))
}
