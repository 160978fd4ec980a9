//! A CoreMark-like mix (written for wint-bench, not EEMBC's code): linked-list work,
//! matrix arithmetic, a number-recognizing state machine and CRC-16, each iteration
//! feeding its CRC into the next one's inputs.
use std::hint::black_box;

use wint_bench_guests::{Rng, report};

fn crc16_byte(mut crc: u16, byte: u8) -> u16 {
    crc ^= (byte as u16) << 8;
    for _ in 0..8 {
        crc = if crc & 0x8000 != 0 {
            (crc << 1) ^ 0x1021
        } else {
            crc << 1
        };
    }
    crc
}

fn crc16(crc: u16, v: u32) -> u16 {
    v.to_le_bytes().iter().fold(crc, |c, &b| crc16_byte(c, b))
}

// ---- linked list: nodes in an arena, links are indices (NIL ends a list) ----
const NIL: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Node {
    next: u32,
    value: i16,
    idx: u16,
}

struct List {
    nodes: Vec<Node>,
    head: u32,
}

impl List {
    fn new(len: usize, seed: u16) -> List {
        let nodes = (0..len)
            .map(|i| Node {
                next: if i + 1 < len { i as u32 + 1 } else { NIL },
                value: ((i as u16).wrapping_mul(0x3d) ^ seed) as i16 & 0x7fff,
                idx: i as u16,
            })
            .collect();
        List { nodes, head: 0 }
    }

    fn reverse(&mut self) {
        let (mut prev, mut cur) = (NIL, self.head);
        while cur != NIL {
            let next = self.nodes[cur as usize].next;
            self.nodes[cur as usize].next = prev;
            prev = cur;
            cur = next;
        }
        self.head = prev;
    }

    fn find(&self, value: i16) -> Option<u16> {
        let mut cur = self.head;
        while cur != NIL {
            let n = &self.nodes[cur as usize];
            if n.value == value {
                return Some(n.idx);
            }
            cur = n.next;
        }
        None
    }

    /// Bottom-up merge sort of the links by `key` (stable, no allocation).
    fn sort(&mut self, key: impl Fn(&Node) -> i32) {
        let mut width = 1;
        loop {
            let mut p = self.head;
            let (mut head, mut tail) = (NIL, NIL);
            let mut merges = 0;
            while p != NIL {
                merges += 1;
                let mut q = p;
                let mut psize = 0;
                while psize < width && q != NIL {
                    psize += 1;
                    q = self.nodes[q as usize].next;
                }
                let mut qsize = width;
                while psize > 0 || (qsize > 0 && q != NIL) {
                    let take_p = if psize == 0 {
                        false
                    } else if qsize == 0 || q == NIL {
                        true
                    } else {
                        key(&self.nodes[p as usize]) <= key(&self.nodes[q as usize])
                    };
                    let e = if take_p {
                        let e = p;
                        p = self.nodes[p as usize].next;
                        psize -= 1;
                        e
                    } else {
                        let e = q;
                        q = self.nodes[q as usize].next;
                        qsize -= 1;
                        e
                    };
                    if tail == NIL {
                        head = e;
                    } else {
                        self.nodes[tail as usize].next = e;
                    }
                    tail = e;
                }
                p = q;
            }
            self.nodes[tail as usize].next = NIL;
            self.head = head;
            if merges <= 1 {
                return;
            }
            width *= 2;
        }
    }

    fn work(&mut self, seed: u16) -> u16 {
        let mut crc = 0;
        for i in 0..32i16 {
            let target = ((seed as i16) ^ i.wrapping_mul(101)) & 0x7fff;
            crc = crc16(crc, self.find(target).map_or(0xffff, |x| x as u32));
            if i % 8 == 0 {
                self.reverse();
            }
        }
        self.sort(|n| n.value as i32);
        let mut cur = self.head;
        let mut n = 0u32;
        while cur != NIL && n < 64 {
            crc = crc16(crc, self.nodes[cur as usize].value as u32);
            cur = self.nodes[cur as usize].next;
            n += 1;
        }
        self.sort(|n| n.idx as i32);
        crc
    }
}

// ---- matrix arithmetic on n x n i16 inputs with i32 results ----
struct Matrices {
    n: usize,
    a: Vec<i16>,
    b: Vec<i16>,
    c: Vec<i32>,
}

impl Matrices {
    fn new(n: usize, rng: &mut Rng) -> Matrices {
        let mut gen_ = || {
            (0..n * n)
                .map(|_| (rng.below(512) as i16) - 256)
                .collect::<Vec<_>>()
        };
        let (a, b) = (gen_(), gen_());
        Matrices {
            n,
            a,
            b,
            c: vec![0; n * n],
        }
    }

    fn sum(&self, clip: i32) -> u16 {
        let (mut acc, mut prev, mut ret) = (0i32, 0i32, 0u16);
        for &v in &self.c {
            acc = acc.wrapping_add(v);
            if acc > clip {
                ret = ret.wrapping_add(10);
                acc = 0;
            } else {
                ret = ret.wrapping_add(if v > prev { 1 } else { 0 });
            }
            prev = v;
        }
        ret
    }

    fn work(&mut self, k: i16) -> u16 {
        let n = self.n;
        let mut crc = 0;
        for v in &mut self.a {
            *v = v.wrapping_add(k);
        }
        for i in 0..n * n {
            self.c[i] = self.a[i] as i32 * k as i32;
        }
        crc = crc16(crc, self.sum(0x7fff) as u32);
        for i in 0..n {
            let mut acc = 0i32;
            for j in 0..n {
                acc = acc.wrapping_add(self.a[i * n + j] as i32 * self.b[j] as i32);
            }
            self.c[i] = acc;
        }
        crc = crc16(crc, self.sum(0xfff) as u32);
        for i in 0..n {
            for j in 0..n {
                let mut acc = 0i32;
                for x in 0..n {
                    acc = acc.wrapping_add(self.a[i * n + x] as i32 * self.b[x * n + j] as i32);
                }
                self.c[i * n + j] = acc;
            }
        }
        crc = crc16(crc, self.sum(0xffff) as u32);
        for i in 0..n {
            for j in 0..n {
                let mut acc = 0i32;
                for x in 0..n {
                    let t = self.a[i * n + x] as i32 * self.b[x * n + j] as i32;
                    acc = acc.wrapping_add(((t >> 2) & 0xf) * ((t >> 5) & 0x7f));
                }
                self.c[i * n + j] = acc;
            }
        }
        crc = crc16(crc, self.sum(0x3ffff) as u32);
        for v in &mut self.a {
            *v = v.wrapping_sub(k);
        }
        crc
    }
}

// ---- state machine recognizing integers, decimals and scientific numbers ----
#[derive(Clone, Copy, PartialEq)]
enum State {
    Start,
    Invalid,
    Sign,
    Int,
    Dot,
    Float,
    Exp,
    ExpSign,
    Scientific,
}

fn step(s: State, c: u8) -> State {
    use State::*;
    match (s, c) {
        (Invalid, _) => Invalid,
        (Start, b'+' | b'-') => Sign,
        (Start | Sign | Int, b'0'..=b'9') => Int,
        (Start | Sign | Int, b'.') => Dot,
        (Dot | Float, b'0'..=b'9') => Float,
        (Int | Float, b'e' | b'E') => Exp,
        (Exp, b'+' | b'-') => ExpSign,
        (Exp | ExpSign | Scientific, b'0'..=b'9') => Scientific,
        _ => Invalid,
    }
}

fn scan(input: &[u8]) -> [u32; 9] {
    let mut counts = [0u32; 9];
    for token in input.split(|&c| c == b',') {
        let mut s = State::Start;
        for &c in token {
            let next = step(s, c);
            if next != s {
                counts[next as usize] += 1;
            }
            s = next;
            if s == State::Invalid {
                break;
            }
        }
        counts[s as usize] += 1;
    }
    counts
}

fn tokens(count: usize, rng: &mut Rng) -> Vec<u8> {
    const PATTERNS: &[&str] = &[
        "5012", "1234", "-874", "+122", "35.54400", ".1234500", "-110.700", "+0.64400", "5.500e+3",
        "-.123e-2", "-87e+832", "+0.6e-12", "T0.3e-1F", "-T.T++Tq", "1T3.4e4z", "34.0e-T^",
    ];
    let mut out = Vec::new();
    for i in 0..count {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(PATTERNS[rng.below(PATTERNS.len() as u32) as usize].as_bytes());
    }
    out
}

fn main() {
    let iterations = black_box(500);
    let mut rng = Rng::new(0xc0de);
    let mut list = List::new(400, 0x1234);
    let mut mats = Matrices::new(24, &mut rng);
    let mut input = tokens(200, &mut rng);
    let mut crc = 0u16;
    for it in 0..iterations {
        let seed = crc ^ it as u16;
        crc = crc16(crc, list.work(seed) as u32);
        crc = crc16(crc, mats.work((seed & 0xff) as i16) as u32);
        for c in scan(&input) {
            crc = crc16(crc, c);
        }
        let pos = crc as usize % input.len();
        if input[pos].is_ascii_digit() {
            input[pos] = b'0' + (input[pos] - b'0' + 1) % 10;
        }
    }
    report(format_args!("{crc:04x}"));
}
