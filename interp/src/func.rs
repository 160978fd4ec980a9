//! Functions: [`Func`] handles, typed calls, host functions and [`Caller`].

use crate::Arc;
use core::marker::PhantomData;

use crate::error::{Error, Result};
use crate::exec;
use crate::extern_::Extern;
use crate::store::{
    AsContext, AsContextMut, ExternRef, FuncEntity, HostFn, Store, StoreInner, Val,
};
use crate::types::{FuncType, ValType};

/// A function in a store: defined by a module instance or by the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Func {
    pub(crate) store: u32,
    pub(crate) idx: u32,
}

/// Access to the store and to the calling instance from inside a host function.
pub struct Caller<'a, T> {
    pub(crate) store: &'a mut Store<T>,
    pub(crate) instance: Option<u32>,
}

impl<'a, T> Caller<'a, T> {
    /// The host state.
    pub fn data(&self) -> &T {
        self.store.data()
    }
    /// The host state, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        self.store.data_mut()
    }
    /// An export of the calling instance (WASI uses this to find `memory`).
    pub fn get_export(&self, name: &str) -> Option<Extern> {
        let idx = self.instance?;
        crate::instance::Instance {
            store: self.store.inner.id,
            idx,
        }
        .get_export(&*self.store, name)
    }
    /// The engine.
    pub fn engine(&self) -> &crate::Engine {
        self.store.engine()
    }
    /// Fuel left, when metering is on.
    pub fn get_fuel(&self) -> Result<u64> {
        self.store.get_fuel()
    }
}

impl<T> AsContext for Caller<'_, T> {
    type Data = T;
    fn store_inner(&self) -> &StoreInner {
        &self.store.inner
    }
}
impl<T> AsContextMut for Caller<'_, T> {
    fn store_mut(&mut self) -> &mut Store<T> {
        self.store
    }
}

/// Builds the type-erased trampoline for a host closure.
fn erase<T: 'static>(
    f: impl Fn(Caller<'_, T>, &mut [u64]) -> Result<()> + Send + Sync + 'static,
) -> HostFn {
    Arc::new(
        move |store: *mut (), instance: Option<u32>, cells: &mut [u64]| {
            // SAFETY: host functions are only ever created inside a `Store<T>` (directly or
            // through a `Linker<T>`) and called by the executor with that same store, which
            // it reaches only through raw pointers while the host runs.
            let store = unsafe { &mut *(store as *mut Store<T>) };
            f(Caller { store, instance }, cells)
        },
    )
}

pub(crate) fn new_host_func(inner: &mut StoreInner, ty: FuncType, f: HostFn) -> Func {
    let type_id = inner.intern_type(&ty);
    let idx = inner.funcs.len() as u32;
    inner.funcs.push(FuncEntity::Host { type_id, ty, f });
    Func {
        store: inner.id,
        idx,
    }
}

pub(crate) fn dynamic_host<T: 'static>(
    ty: FuncType,
    f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
) -> HostFn {
    erase(move |caller: Caller<'_, T>, cells: &mut [u64]| {
        let id = caller.store.inner.id;
        let mut args: smallvec::SmallVec<[Val; 8]> = smallvec::SmallVec::new();
        let mut off = 0;
        for t in ty.params() {
            args.push(Val::read_cells(&caller.store.inner, *t, &cells[off..]));
            off += t.cells() as usize;
        }
        let mut results: smallvec::SmallVec<[Val; 4]> =
            ty.results().iter().map(|t| Val::default_for(*t)).collect();
        f(caller, &args, &mut results)?;
        let mut off = 0;
        for (r, t) in results.iter().zip(ty.results()) {
            if r.ty() != *t {
                return Err(Error::host(alloc::format!(
                    "host function returned a {} where {t} was expected",
                    r.ty()
                )));
            }
            r.write_cells(id, &mut cells[off..])?;
            off += t.cells() as usize;
        }
        Ok(())
    })
}

impl Func {
    /// A host function with a dynamic signature: it gets and sets [`Val`]s.
    pub fn new<T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Func {
        let hf = dynamic_host(ty.clone(), f);
        new_host_func(&mut store.store_mut().inner, ty, hf)
    }

    /// A host function from a Rust closure with typed parameters and results, e.g.
    /// `|caller: Caller<'_, T>, a: i32, b: i32| a + b` or `|x: f64| -> Result<f64> { .. }`.
    pub fn wrap<T: 'static, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let (ty, hf) = f.into_host();
        new_host_func(&mut store.store_mut().inner, ty, hf)
    }

    /// The function's type.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        let s = store.store_inner();
        s.check(self.store);
        s.func_type(self.idx).clone()
    }

    /// Calls the function with dynamically typed arguments; `results` must have room
    /// for every result.
    pub fn call(
        &self,
        mut store: impl AsContextMut,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let store = store.store_mut();
        store.inner.check(self.store);
        let erased = store as *mut Store<_> as *mut ();
        let inner = &mut store.inner as *mut StoreInner;
        exec::invoke(inner, erased, self.idx, params, results)
    }

    /// A statically typed view of the function; fails if the types differ.
    pub fn typed<P: WasmParams, R: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<P, R>> {
        let ty = self.ty(store);
        let mut ps = TypeList::new();
        P::types(&mut ps);
        let mut rs = TypeList::new();
        R::types(&mut rs);
        if ty.params() != ps.as_slice() || ty.results() != rs.as_slice() {
            return Err(Error::usage(alloc::format!(
                "function has type {ty}, not {}",
                FuncType::new(ps, rs)
            )));
        }
        Ok(TypedFunc {
            func: *self,
            _m: PhantomData,
        })
    }
}

/// A function with a statically known signature; `P` and `R` are Rust types (a single
/// type, or a tuple) of the parameters and results.
pub struct TypedFunc<P, R> {
    func: Func,
    _m: PhantomData<fn(P) -> R>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P, R> Copy for TypedFunc<P, R> {}

impl<P: WasmParams, R: WasmResults> TypedFunc<P, R> {
    /// Calls the function.
    pub fn call(&self, mut store: impl AsContextMut, params: P) -> Result<R> {
        let store = store.store_mut();
        let id = store.inner.id;
        let mut args: smallvec::SmallVec<[Val; 8]> = smallvec::SmallVec::new();
        params.into_vals(id, &mut args);
        let mut results: smallvec::SmallVec<[Val; 4]> = smallvec::SmallVec::new();
        let mut rt = TypeList::new();
        R::types(&mut rt);
        results.extend(rt.iter().map(|t| Val::default_for(*t)));
        self.func.call(&mut *store, &args, &mut results)?;
        Ok(R::from_vals(&results))
    }
    /// The underlying function.
    pub fn func(&self) -> Func {
        self.func
    }
}

/// A short list of value types (no allocation for up to 8).
#[doc(hidden)]
pub type TypeList = smallvec::SmallVec<[ValType; 8]>;

/// A Rust type that corresponds to a WebAssembly value type.
pub trait WasmTy: Sized + 'static {
    #[doc(hidden)]
    fn valtype() -> ValType;
    #[doc(hidden)]
    fn to_val(self, store: u32) -> Val;
    #[doc(hidden)]
    fn from_val(v: &Val) -> Self;
}

macro_rules! wasm_ty {
    ($t:ty, $vt:ident, |$x:ident| $to:expr, |$v:ident| $from:expr) => {
        impl WasmTy for $t {
            fn valtype() -> ValType {
                ValType::$vt
            }
            fn to_val(self, _store: u32) -> Val {
                let $x = self;
                $to
            }
            fn from_val(v: &Val) -> Self {
                let $v = v;
                $from
            }
        }
    };
}
wasm_ty!(i32, I32, |x| Val::I32(x), |v| v.i32().unwrap_or_default());
wasm_ty!(
    u32,
    I32,
    |x| Val::I32(x as i32),
    |v| v.i32().unwrap_or_default() as u32
);
wasm_ty!(i64, I64, |x| Val::I64(x), |v| v.i64().unwrap_or_default());
wasm_ty!(
    u64,
    I64,
    |x| Val::I64(x as i64),
    |v| v.i64().unwrap_or_default() as u64
);
wasm_ty!(f32, F32, |x| Val::F32(x.to_bits()), |v| v
    .f32()
    .unwrap_or_default());
wasm_ty!(f64, F64, |x| Val::F64(x.to_bits()), |v| v
    .f64()
    .unwrap_or_default());
wasm_ty!(u128, V128, |x| Val::V128(x), |v| if let Val::V128(x) = v {
    *x
} else {
    0
});
wasm_ty!(
    Option<Func>,
    FuncRef,
    |x| Val::FuncRef(x),
    |v| if let Val::FuncRef(f) = v { *f } else { None }
);
wasm_ty!(
    Option<ExternRef>,
    ExternRef,
    |x| Val::ExternRef(x),
    |v| if let Val::ExternRef(r) = v { *r } else { None }
);

/// Parameters of a typed call: `()`, a [`WasmTy`] or a tuple of them.
pub trait WasmParams: Sized {
    #[doc(hidden)]
    fn types(out: &mut TypeList);
    #[doc(hidden)]
    fn into_vals(self, store: u32, out: &mut smallvec::SmallVec<[Val; 8]>);
    #[doc(hidden)]
    fn from_vals(v: &[Val]) -> Self;
}

/// Results of a typed call: `()`, a [`WasmTy`] or a tuple of them.
pub trait WasmResults: WasmParams {}
impl<T: WasmParams> WasmResults for T {}

impl<A: WasmTy> WasmParams for A {
    fn types(out: &mut TypeList) {
        out.push(A::valtype());
    }
    fn into_vals(self, store: u32, out: &mut smallvec::SmallVec<[Val; 8]>) {
        out.push(self.to_val(store));
    }
    fn from_vals(v: &[Val]) -> Self {
        A::from_val(&v[0])
    }
}

macro_rules! tuple_params {
    ($($n:ident $i:tt),*) => {
        impl<$($n: WasmTy),*> WasmParams for ($($n,)*) {
            fn types(_out: &mut TypeList) {
                $(_out.push($n::valtype());)*
            }
            #[allow(unused_variables)]
            fn into_vals(self, store: u32, _out: &mut smallvec::SmallVec<[Val; 8]>) {
                $(_out.push(self.$i.to_val(store));)*
            }
            #[allow(clippy::unused_unit)]
            fn from_vals(_v: &[Val]) -> Self {
                ($($n::from_val(&_v[$i]),)*)
            }
        }
    };
}
tuple_params!();
tuple_params!(A 0);
tuple_params!(A 0, B 1);
tuple_params!(A 0, B 1, C 2);
tuple_params!(A 0, B 1, C 2, D 3);
tuple_params!(A 0, B 1, C 2, D 3, E 4);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
tuple_params!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);

/// What a typed host function may return: results, or `Result` of results.
pub trait HostResult {
    #[doc(hidden)]
    type Results: WasmParams;
    #[doc(hidden)]
    fn into_result(self) -> Result<Self::Results>;
}
impl<R: WasmParams> HostResult for R {
    type Results = R;
    fn into_result(self) -> Result<R> {
        Ok(self)
    }
}
impl<R: WasmParams> HostResult for Result<R> {
    type Results = R;
    fn into_result(self) -> Result<R> {
        self
    }
}

/// A Rust closure usable as a host function (see [`Func::wrap`]).
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    #[doc(hidden)]
    fn into_host(self) -> (FuncType, HostFn);
}

fn read_args<P: WasmParams>(store: &StoreInner, cells: &[u64]) -> P {
    let mut tys = TypeList::new();
    P::types(&mut tys);
    let mut vals: smallvec::SmallVec<[Val; 8]> = smallvec::SmallVec::new();
    let mut off = 0;
    for t in &tys {
        vals.push(Val::read_cells(store, *t, &cells[off..]));
        off += t.cells() as usize;
    }
    P::from_vals(&vals)
}

fn write_results<R: WasmParams>(id: u32, r: R, cells: &mut [u64]) -> Result<()> {
    let mut vals: smallvec::SmallVec<[Val; 8]> = smallvec::SmallVec::new();
    r.into_vals(id, &mut vals);
    let mut off = 0;
    for v in &vals {
        v.write_cells(id, &mut cells[off..])?;
        off += v.ty().cells() as usize;
    }
    Ok(())
}

fn func_type<P: WasmParams, R: WasmParams>() -> FuncType {
    let mut ps = TypeList::new();
    P::types(&mut ps);
    let mut rs = TypeList::new();
    R::types(&mut rs);
    FuncType::new(ps, rs)
}

macro_rules! into_func {
    ($($n:ident),*) => {
        #[allow(non_snake_case)]
        impl<T: 'static, F, R, $($n: WasmTy),*> IntoFunc<T, (Caller<'static, T>, $($n,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($n),*) -> R + Send + Sync + 'static,
            R: HostResult,
        {
            fn into_host(self) -> (FuncType, HostFn) {
                let ty = func_type::<($($n,)*), R::Results>();
                let hf = erase(move |caller: Caller<'_, T>, cells: &mut [u64]| {
                    let id = caller.store.inner.id;
                    let ($($n,)*) = read_args::<($($n,)*)>(&caller.store.inner, cells);
                    let r = (self)(caller, $($n),*).into_result()?;
                    write_results(id, r, cells)
                });
                (ty, hf)
            }
        }
        #[allow(non_snake_case)]
        impl<T: 'static, F, R, $($n: WasmTy),*> IntoFunc<T, ($($n,)*), R> for F
        where
            F: Fn($($n),*) -> R + Send + Sync + 'static,
            R: HostResult,
        {
            fn into_host(self) -> (FuncType, HostFn) {
                let ty = func_type::<($($n,)*), R::Results>();
                let hf = erase(move |caller: Caller<'_, T>, cells: &mut [u64]| {
                    let id = caller.store.inner.id;
                    let ($($n,)*) = read_args::<($($n,)*)>(&caller.store.inner, cells);
                    let r = (self)($($n),*).into_result()?;
                    write_results(id, r, cells)
                });
                (ty, hf)
            }
        }
    };
}
into_func!();
into_func!(A1);
into_func!(A1, A2);
into_func!(A1, A2, A3);
into_func!(A1, A2, A3, A4);
into_func!(A1, A2, A3, A4, A5);
into_func!(A1, A2, A3, A4, A5, A6);
into_func!(A1, A2, A3, A4, A5, A6, A7);
into_func!(A1, A2, A3, A4, A5, A6, A7, A8);
into_func!(A1, A2, A3, A4, A5, A6, A7, A8, A9);
into_func!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10);
