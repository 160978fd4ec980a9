//! binary-trees (the classic benchmark): many short-lived boxed nodes, allocation heavy.
use std::hint::black_box;

use wint_bench_guests::{MIX_SEED, mix, report};

struct Node {
    children: Option<(Box<Node>, Box<Node>)>,
}

fn build(depth: u32) -> Box<Node> {
    Box::new(Node {
        children: (depth > 0).then(|| (build(depth - 1), build(depth - 1))),
    })
}

fn check(node: &Node) -> u32 {
    match &node.children {
        Some((l, r)) => 1 + check(l) + check(r),
        None => 1,
    }
}

fn main() {
    let max_depth = black_box(13u32);
    let min_depth = 4;
    let mut h = MIX_SEED;
    h = mix(h, check(&build(max_depth + 1)) as u64);
    let long_lived = build(max_depth);
    let mut depth = min_depth;
    while depth <= max_depth {
        let iterations = 1u32 << (max_depth - depth + min_depth);
        let mut sum = 0u64;
        for _ in 0..iterations {
            sum += check(&build(depth)) as u64;
        }
        h = mix(h, sum);
        depth += 2;
    }
    h = mix(h, check(&long_lived) as u64);
    report(format_args!("{h:016x}"));
}
