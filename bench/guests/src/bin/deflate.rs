//! Deflate round trip with miniz_oxide: compress generated text-like data, inflate it
//! again and compare.
use std::hint::black_box;

use miniz_oxide::{deflate::compress_to_vec, inflate::decompress_to_vec};
use wint_bench_guests::{MIX_SEED, Rng, mix, report};

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "interpreter",
    "webassembly",
    "module",
    "function",
    "memory",
    "table",
    "global",
    "stack",
    "frame",
    "branch",
    "loop",
    "block",
    "call",
    "return",
    "value",
    "local",
    "instruction",
    "handler",
    "dispatch",
    "translate",
    "validate",
    "trap",
    "fuel",
    "store",
    "instance",
    "linker",
    "export",
    "import",
    "benchmark",
    "checksum",
];

fn text(bytes: usize, rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes + 32);
    while out.len() < bytes {
        let w = WORDS[rng.below(WORDS.len() as u32) as usize];
        out.extend_from_slice(w.as_bytes());
        match rng.below(16) {
            0 => out.extend_from_slice(b".\n"),
            1 => out.extend_from_slice(b", "),
            2 => out.extend_from_slice(format!(" {} ", rng.below(1000)).as_bytes()),
            _ => out.push(b' '),
        }
    }
    out.truncate(bytes);
    out
}

fn main() {
    let size = black_box(1 << 20);
    let mut rng = Rng::new(0xdef1a7e);
    let data = text(size, &mut rng);
    let packed = compress_to_vec(&data, 6);
    let unpacked = decompress_to_vec(&packed).expect("inflate");
    assert!(unpacked == data, "round trip changed the data");
    let mut h = mix(MIX_SEED, packed.len() as u64);
    for c in packed.chunks(8) {
        let mut w = [0u8; 8];
        w[..c.len()].copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(w));
    }
    report(format_args!("{} {} {h:016x}", data.len(), packed.len()));
}
