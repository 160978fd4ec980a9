//! A map kept as a vector sorted by key.
//!
//! Binary search to find, insertion in place: logarithmic lookups, with far less code
//! than a hash map (hashbrown and its hasher cost about 6 KB of flash on a
//! microcontroller). Used for the linker's names and the store's function types, which
//! are built once and then looked up.

use alloc::vec::Vec;
use core::cmp::Ordering;

pub(crate) struct VecMap<K, V>(Vec<(K, V)>);

impl<K, V> VecMap<K, V> {
    pub(crate) const fn new() -> Self {
        VecMap(Vec::new())
    }
    /// Where the key that `cmp` compares against lies: `Ok(index)` if present,
    /// `Err(index)` where it would be inserted. `cmp(k)` orders `k` against the key
    /// looked for.
    fn search(&self, cmp: impl Fn(&K) -> Ordering) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| cmp(k))
    }
    /// The value of the key that `cmp` compares equal to.
    pub(crate) fn get_by(&self, cmp: impl Fn(&K) -> Ordering) -> Option<&V> {
        self.search(cmp).ok().map(|i| &self.0[i].1)
    }
    /// Inserts `key` (located by `cmp`), replacing its value if present.
    pub(crate) fn insert_by(&mut self, key: K, value: V, cmp: impl Fn(&K) -> Ordering) {
        match self.search(cmp) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }
}
