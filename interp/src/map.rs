//! Two small collections of the store and linker.
//!
//! [`VecMap`]: a map kept as a vector sorted by key.
//! Binary search to find, insertion in place: logarithmic lookups, with far less code
//! than a hash map (hashbrown and its hasher cost about 6 KB of flash on a
//! microcontroller). Used for the linker's names and the store's function types, which
//! are built once and then looked up.
//!
//! [`StableVec`]: a growable sequence whose elements never move, for the store's
//! functions, which the executor reaches through raw pointers.

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

/// A growable sequence whose elements never move once pushed: chunks of doubling
/// capacity (16, 32, 64, ...), each allocated once at its full size. Instantiating a
/// module with 10,000 functions makes 10 allocations instead of 10,000 boxes.
pub(crate) struct StableVec<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> StableVec<T> {
    /// Capacity of the first chunk (a power of two).
    const FIRST: usize = 16;

    pub(crate) const fn new() -> Self {
        StableVec {
            chunks: Vec::new(),
            len: 0,
        }
    }
    /// Chunk and offset of element `i`: chunk `c` holds elements `FIRST * (2^c - 1)`
    /// onwards.
    #[inline(always)]
    fn locate(i: usize) -> (usize, usize) {
        let j = i + Self::FIRST;
        let k = j.ilog2();
        ((k - Self::FIRST.ilog2()) as usize, j - (1usize << k))
    }
    pub(crate) fn len(&self) -> usize {
        self.len
    }
    pub(crate) fn push(&mut self, value: T) {
        let (c, _) = Self::locate(self.len);
        if c == self.chunks.len() {
            self.chunks.push(Vec::with_capacity(Self::FIRST << c));
        }
        // The chunk has room: it was allocated with the capacity `locate` assumes, and
        // only ever receives that many elements, so it never reallocates.
        debug_assert!(self.chunks[c].len() < self.chunks[c].capacity());
        self.chunks[c].push(value);
        self.len += 1;
    }
    /// Element `i`; `None` past the end (the chunks hold exactly the pushed elements).
    #[inline(always)]
    pub(crate) fn get(&self, i: usize) -> Option<&T> {
        let (c, o) = Self::locate(i);
        self.chunks.get(c)?.get(o)
    }
}

impl<T> core::ops::Index<usize> for StableVec<T> {
    type Output = T;
    #[inline(always)]
    fn index(&self, i: usize) -> &T {
        match self.get(i) {
            Some(v) => v,
            None => panic!("index {i} out of range for length {}", self.len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::StableVec;
    use alloc::vec::Vec;

    #[test]
    fn stable_vec_keeps_addresses_and_order() {
        let mut v = StableVec::new();
        let mut addrs = Vec::new();
        for i in 0..5000u32 {
            v.push(i * 3);
            addrs.push(&v[i as usize] as *const u32);
        }
        assert_eq!(v.len(), 5000);
        for i in 0..5000usize {
            assert_eq!(v[i], i as u32 * 3);
            assert_eq!(&v[i] as *const u32, addrs[i], "element {i} moved");
        }
        assert!(v.get(5000).is_none());
        // 16 + 32 + ... + 4096 = 8176 >= 5000: nine chunks.
        assert_eq!(v.chunks.len(), 9);
    }
}
