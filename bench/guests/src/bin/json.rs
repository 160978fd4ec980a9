//! JSON parse with serde_json: a generated document of records is parsed into a
//! `serde_json::Value` (`passes` times) and walked.
use std::fmt::Write as _;
use std::hint::black_box;

use serde_json::Value;
use wint_bench_guests::{MIX_SEED, Rng, mix, report};

fn document(records: usize, rng: &mut Rng) -> String {
    let mut s = String::from("[");
    for i in 0..records {
        if i > 0 {
            s.push(',');
        }
        let score = rng.below(1_000_000) as f64 / 1000.0;
        write!(
            s,
            r#"{{"id":{i},"name":"user-{:x}","email":"u{}@example.org","score":{score},"active":{},"tags":["#,
            rng.next_u32(),
            rng.below(100_000),
            rng.below(2) == 1
        )
        .unwrap();
        for t in 0..rng.below(5) {
            if t > 0 {
                s.push(',');
            }
            write!(s, r#""tag{}""#, rng.below(50)).unwrap();
        }
        write!(
            s,
            r#"],"pos":{{"x":{},"y":{},"z":[{},{},{}]}},"note":"line\nwith \"escapes\" \u00e9"}}"#,
            rng.below(10_000) as i32 - 5000,
            rng.below(10_000),
            rng.below(10),
            rng.below(100),
            rng.below(1000)
        )
        .unwrap();
    }
    s.push(']');
    s
}

fn walk(v: &Value, h: u64) -> u64 {
    match v {
        Value::Null => mix(h, 1),
        Value::Bool(b) => mix(h, 2 + *b as u64),
        Value::Number(n) => mix(h, n.as_f64().unwrap_or(0.0).to_bits()),
        Value::String(s) => mix(h, s.len() as u64 ^ s.bytes().map(u64::from).sum::<u64>()),
        Value::Array(a) => a.iter().fold(mix(h, a.len() as u64), |h, v| walk(v, h)),
        Value::Object(o) => o.iter().fold(mix(h, o.len() as u64), |h, (k, v)| {
            walk(v, mix(h, k.len() as u64))
        }),
    }
}

fn main() {
    let records = black_box(20_000);
    let passes = black_box(1);
    let mut rng = Rng::new(0x15011);
    let doc = document(records, &mut rng);
    let mut h = mix(MIX_SEED, doc.len() as u64);
    for _ in 0..passes {
        let v: Value = serde_json::from_str(&doc).expect("parse");
        h = walk(&v, h);
    }
    report(format_args!("{} {h:016x}", doc.len()));
}
