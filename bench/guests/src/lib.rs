//! Shared helpers of the benchmark guests: a deterministic PRNG, a checksum mixer and
//! the one line of output the harness verifies.

/// xorshift64*: fast, deterministic, good enough for generating inputs.
pub struct Rng(u64);

impl Rng {
    /// A generator from a non-zero seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }
    /// A value in `0..n`.
    pub fn below(&mut self, n: u32) -> u32 {
        ((self.next_u32() as u64 * n as u64) >> 32) as u32
    }
}

/// Folds `v` into the running checksum `h` (FNV-1a over the 8 bytes of `v`).
pub fn mix(h: u64, v: u64) -> u64 {
    let mut h = h;
    for b in v.to_le_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Starting value for [`mix`].
pub const MIX_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// Prints the line the harness checks: `checksum: <text>`.
pub fn report(value: impl core::fmt::Display) {
    println!("checksum: {value}");
}
