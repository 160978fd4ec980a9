//! The WebAssembly features a module uses, for `wint inspect`: the proposal of every
//! instruction in its code, plus what its types, memories, tables and tags need.

use std::collections::BTreeSet;

use wasmparser::{BlockType, CompositeInnerType, Operator, Parser, Payload, TypeRef, ValType};

/// The proposal an instruction comes from, as named by wasmparser's operator list
/// (`mvp` for the original instruction set).
fn proposal(op: &Operator<'_>) -> &'static str {
    macro_rules! proposal_of {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
            match op {
                $( Operator::$op { .. } => stringify!($proposal), )*
                _ => "unknown",
            }
        };
    }
    wasmparser::for_each_operator!(proposal_of)
}

/// The usual name of a feature, from wasmparser's proposal identifier.
fn feature_name(proposal: &str) -> String {
    match proposal {
        "saturating_float_to_int" => "nontrapping-float-to-int".to_string(),
        "tail_call" => "tail-call".to_string(),
        other => other.replace('_', "-"),
    }
}

fn value_type_features(t: &ValType, out: &mut BTreeSet<String>) {
    match t {
        ValType::V128 => {
            out.insert("simd".into());
        }
        ValType::Ref(r) if !r.is_func_ref() || !r.is_nullable() => {
            out.insert("reference-types".into());
        }
        _ => {}
    }
}

/// The features `bytes` (a binary module) uses beyond WebAssembly 1.0, sorted; `None`
/// when the module cannot be read.
pub fn used(bytes: &[u8]) -> Option<Vec<String>> {
    let mut out = BTreeSet::new();
    let (mut memories, mut tables) = (0usize, 0usize);
    let mut memory = |m: &wasmparser::MemoryType, out: &mut BTreeSet<String>| {
        memories += 1;
        if m.memory64 {
            out.insert("memory64".into());
        }
        if m.shared {
            out.insert("threads".into());
        }
    };
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.ok()? {
            Payload::TypeSection(r) => {
                for group in r {
                    for sub in group.ok()?.types() {
                        match &sub.composite_type.inner {
                            CompositeInnerType::Func(ft) => {
                                if ft.results().len() > 1 {
                                    out.insert("multi-value".into());
                                }
                                for t in ft.params().iter().chain(ft.results()) {
                                    value_type_features(t, &mut out);
                                }
                            }
                            _ => {
                                out.insert("gc".into());
                            }
                        }
                    }
                }
            }
            Payload::ImportSection(r) => {
                for import in r.into_imports() {
                    match import.ok()?.ty {
                        TypeRef::Memory(m) => memory(&m, &mut out),
                        TypeRef::Table(_) => tables += 1,
                        TypeRef::Global(g) => {
                            if g.mutable {
                                out.insert("mutable-globals".into());
                            }
                            value_type_features(&g.content_type, &mut out);
                        }
                        TypeRef::Tag(_) => {
                            out.insert("exceptions".into());
                        }
                        _ => {}
                    }
                }
            }
            Payload::MemorySection(r) => {
                for m in r {
                    memory(&m.ok()?, &mut out);
                }
            }
            Payload::TableSection(r) => {
                for t in r {
                    tables += 1;
                    let t = t.ok()?;
                    value_type_features(&ValType::Ref(t.ty.element_type), &mut out);
                }
            }
            Payload::GlobalSection(r) => {
                for g in r {
                    value_type_features(&g.ok()?.ty.content_type, &mut out);
                }
            }
            Payload::TagSection(_) => {
                out.insert("exceptions".into());
            }
            Payload::CodeSectionEntry(body) => {
                let mut ops = body.get_operators_reader().ok()?;
                while !ops.eof() {
                    let op = ops.read().ok()?;
                    if let Operator::Block { blockty }
                    | Operator::Loop { blockty }
                    | Operator::If { blockty } = &op
                        && matches!(blockty, BlockType::FuncType(_))
                    {
                        out.insert("multi-value".into());
                    }
                    match proposal(&op) {
                        "mvp" => {}
                        p => {
                            out.insert(feature_name(p));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if memories > 1 {
        out.insert("multi-memory".into());
    }
    if tables > 1 {
        out.insert("reference-types".into());
    }
    Some(out.into_iter().collect())
}
