//! Results of one harness run (one wint build), saved as text, and the Markdown table
//! that combines the runs of both dispatch backends into docs/STATUS.md.

use std::fmt::Write as _;
use std::path::Path;

use crate::bigmod::Mode;

/// Medians of one workload.
pub struct Row {
    /// Workload name.
    pub name: String,
    /// wint, fuel metering off (ms).
    pub wint_ms: f64,
    /// wasmi (ms).
    pub wasmi_ms: f64,
    /// wint with fuel metering on (ms).
    pub fuel_ms: Option<f64>,
    /// Executed wasm instructions (fuel consumed).
    pub instrs: Option<u64>,
    /// wint's translated bytes and the wasm bytes they came from.
    pub code: Option<(usize, usize)>,
    /// External runtimes: name and median (ms), `None` when it failed.
    pub peers: Vec<(String, Option<f64>)>,
}

/// Everything one harness run measured.
#[derive(Default)]
pub struct Results {
    /// `wint::DISPATCH` of the measured build.
    pub dispatch: String,
    /// Runs per engine and workload.
    pub runs: usize,
    /// Commit of the work tree (with `+dirty` when interp/ had changes).
    pub commit: String,
    /// UTC date of the run.
    pub date: String,
    /// CPU model and core count.
    pub machine: String,
    /// One row per workload.
    pub rows: Vec<Row>,
    /// Start-up measurements: key and value (see `render`).
    pub startup: Vec<(String, f64)>,
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

impl Results {
    /// The value of a start-up key.
    pub fn get(&self, key: &str) -> Option<f64> {
        self.startup.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// Line-based text: `key<TAB>value...`.
    pub fn to_text(&self) -> String {
        let mut s = String::from("wint-bench results 1\n");
        for (k, v) in [
            ("dispatch", &self.dispatch),
            ("commit", &self.commit),
            ("date", &self.date),
            ("machine", &self.machine),
        ] {
            writeln!(s, "{k}\t{v}").unwrap();
        }
        writeln!(s, "runs\t{}", self.runs).unwrap();
        for r in &self.rows {
            writeln!(
                s,
                "row\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                r.name,
                r.wint_ms,
                r.wasmi_ms,
                opt(r.fuel_ms),
                opt(r.instrs),
                opt(r.code.map(|c| c.0)),
                opt(r.code.map(|c| c.1)),
            )
            .unwrap();
            for (p, ms) in &r.peers {
                writeln!(s, "peer\t{}\t{p}\t{}", r.name, opt(*ms)).unwrap();
            }
        }
        for (k, v) in &self.startup {
            writeln!(s, "startup\t{k}\t{v}").unwrap();
        }
        s
    }

    /// Parses [`Results::to_text`].
    pub fn from_text(text: &str) -> Result<Results, String> {
        let mut lines = text.lines();
        if lines.next() != Some("wint-bench results 1") {
            return Err("not a wint-bench results file".into());
        }
        let mut r = Results::default();
        for line in lines {
            let f: Vec<&str> = line.split('\t').collect();
            let num = |i: usize| -> Result<Option<f64>, String> {
                match f.get(i) {
                    Some(&"-") => Ok(None),
                    Some(v) => v
                        .parse()
                        .map(Some)
                        .map_err(|_| format!("bad number in {line:?}")),
                    None => Err(format!("short line {line:?}")),
                }
            };
            match f[0] {
                "dispatch" => r.dispatch = f[1].to_string(),
                "commit" => r.commit = f[1].to_string(),
                "date" => r.date = f[1].to_string(),
                "machine" => r.machine = f[1].to_string(),
                "runs" => r.runs = f[1].parse().map_err(|_| "bad runs")?,
                "row" => r.rows.push(Row {
                    name: f[1].to_string(),
                    wint_ms: num(2)?.unwrap_or(f64::NAN),
                    wasmi_ms: num(3)?.unwrap_or(f64::NAN),
                    fuel_ms: num(4)?,
                    instrs: num(5)?.map(|v| v as u64),
                    code: num(6)?.zip(num(7)?).map(|(a, b)| (a as usize, b as usize)),
                    peers: Vec::new(),
                }),
                "peer" => {
                    let ms = num(3)?;
                    let row = r
                        .rows
                        .iter_mut()
                        .find(|row| row.name == f[1])
                        .ok_or_else(|| format!("peer line before its row: {line:?}"))?;
                    row.peers.push((f[2].to_string(), ms));
                }
                "startup" => r
                    .startup
                    .push((f[1].to_string(), num(2)?.unwrap_or(f64::NAN))),
                _ => return Err(format!("unknown line {line:?}")),
            }
        }
        Ok(r)
    }
}

/// Geometric mean of the finite positive values.
pub fn geomean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0);
    for v in values {
        if v.is_finite() && v > 0.0 {
            sum += v.ln();
            n += 1;
        }
    }
    (n > 0).then(|| (sum / n as f64).exp())
}

fn ms(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn ratio(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite())
        .map_or_else(|| "-".to_string(), |v| format!("{v:.2}"))
}

/// The Markdown section for docs/STATUS.md from one or more runs (the first run gives
/// the wasmi, peer and start-up columns; each run adds a wint column and its ratio).
pub fn render(runs: &[Results]) -> String {
    let first = &runs[0];
    let mut s = String::new();
    writeln!(s, "## Benchmarks\n").unwrap();
    writeln!(
        s,
        "Generated by `bash scripts/bench.sh --write-status` (`wint-bench`, see bench/README.md). \
         Medians of {} alternating runs per engine; times in ms for decoding, validation, \
         translation and execution of `_start` in one process; ratio = wint time / wasmi \
         time (below 1: wint is faster; the target is at most 0.71). Every run's checksum \
         was verified.\n",
        first.runs
    )
    .unwrap();
    for r in runs {
        writeln!(
            s,
            "- `{}` dispatch: commit {}, {}, {}",
            r.dispatch, r.commit, r.date, r.machine
        )
        .unwrap();
    }
    s.push('\n');

    if !first.rows.is_empty() {
        render_execution(&mut s, runs);
    }
    render_startup(&mut s, first);
    s
}

fn render_execution(s: &mut String, runs: &[Results]) {
    let first = &runs[0];
    let mut head = String::from("| workload | wasm instrs | wasmi 2.0 |");
    let mut rule = String::from("|---|---:|---:|");
    for r in runs {
        write!(head, " wint {} | wint/wasmi |", r.dispatch).unwrap();
        rule.push_str("---:|---:|");
    }
    // Every other backend against the first (the default): one column each.
    for r in &runs[1..] {
        write!(head, " {}/{} (via wasmi) |", r.dispatch, runs[0].dispatch).unwrap();
        rule.push_str("---:|");
    }
    head.push_str(" fuel on/off | ns/instr | code/wasm |");
    rule.push_str("---:|---:|---:|");
    let peers: Vec<String> = first
        .rows
        .first()
        .map(|r| r.peers.iter().map(|(p, _)| p.clone()).collect())
        .unwrap_or_default();
    for p in &peers {
        write!(head, " {p} (process) | wint/{p} |").unwrap();
        rule.push_str("---:|---:|");
    }
    writeln!(s, "{head}\n{rule}").unwrap();
    let mut cols: Vec<Vec<f64>> = Vec::new();
    let mut push = |i: usize, v: Option<f64>| {
        if cols.len() <= i {
            cols.resize(i + 1, Vec::new());
        }
        if let Some(v) = v {
            cols[i].push(v);
        }
    };
    for row in &first.rows {
        let instrs = row
            .instrs
            .map_or("-".into(), |n| format!("{:.2} G", n as f64 / 1e9));
        let mut line = format!("| {} | {instrs} | {} |", row.name, ms(row.wasmi_ms));
        let mut col = 0;
        let mut vs_wasmi = Vec::new();
        for r in runs {
            let other = r.rows.iter().find(|o| o.name == row.name);
            let t = other.map(|o| o.wint_ms);
            let q = other.map(|o| o.wint_ms / o.wasmi_ms);
            write!(line, " {} | {} |", t.map_or("-".into(), ms), ratio(q)).unwrap();
            push(col, q);
            col += 1;
            vs_wasmi.push(q);
        }
        for other in &vs_wasmi[1..] {
            // The builds run minutes apart: comparing their ratios to the wasmi runs
            // alternated with each cancels drift in the machine's load.
            let q = other.zip(vs_wasmi[0]).map(|(a, b)| a / b);
            write!(line, " {} |", ratio(q)).unwrap();
            push(col, q);
            col += 1;
        }
        let fuel = row.fuel_ms.map(|f| f / row.wint_ms);
        let ns = row.instrs.map(|n| row.wint_ms * 1e6 / n as f64);
        let code = row.code.map(|(t, w)| t as f64 / w as f64);
        write!(line, " {} | {} | {} |", ratio(fuel), ratio(ns), ratio(code)).unwrap();
        push(col, fuel);
        push(col + 1, ns);
        push(col + 2, code);
        col += 3;
        for p in &peers {
            let t = row.peers.iter().find(|(n, _)| n == p).and_then(|(_, t)| *t);
            let q = t.map(|t| row.wint_ms / t);
            write!(line, " {} | {} |", t.map_or("-".into(), ms), ratio(q)).unwrap();
            push(col + 1, q);
            col += 2;
        }
        writeln!(s, "{line}").unwrap();
    }
    let mut line = String::from("| **geometric mean** | | |");
    let g = |i: usize| ratio(cols.get(i).and_then(|c| geomean(c.iter().copied())));
    let mut col = 0;
    for _ in runs {
        write!(line, " | **{}** |", g(col)).unwrap();
        col += 1;
    }
    for _ in &runs[1..] {
        write!(line, " **{}** |", g(col)).unwrap();
        col += 1;
    }
    write!(line, " **{}** | {} | {} |", g(col), g(col + 1), g(col + 2)).unwrap();
    col += 3;
    for _ in &peers {
        write!(line, " | **{}** |", g(col + 1)).unwrap();
        col += 2;
    }
    writeln!(s, "{line}\n").unwrap();
    for r in &runs[1..] {
        writeln!(
            s,
            "- {}/{}: the ratio of the two wint/wasmi columns, i.e. the backends' times relative \
             to the wasmi runs alternated with each (the builds run minutes apart; the target \
             for the portable backend is at most 1.5).",
            r.dispatch, runs[0].dispatch
        )
        .unwrap();
    }
    writeln!(
        s,
        "- wasm instrs: executed wasm instructions (wint's fuel consumed, one unit per \
         instruction).\n- fuel on/off: wint's time with `consume_fuel(true)` over its time \
         without (target at most 1.15).\n- ns/instr: wint's time per executed wasm \
         instruction.\n- code/wasm: bytes of threaded code over bytes of wasm code of the \
         functions the run translated (`Module::code_sizes`; target at most 2).\n- External \
         runtimes are timed as whole processes (start-up and their own compilation \
         included).\n"
    )
    .unwrap();
}

fn render_startup(s: &mut String, r: &Results) {
    let (Some(bytes), Some(funcs)) = (r.get("module_bytes"), r.get("module_funcs")) else {
        return;
    };
    let mb = bytes / 1e6;
    writeln!(
        s,
        "### Start-up and memory (`{}` build)\n\nA generated module: {mb:.1} MB, {funcs:.0} \
         functions (arithmetic, memory, globals, branches, loops, `br_table`, direct and \
         indirect calls), a table, a name section. Medians of {} loads, each in a fresh process.\n",
        r.dispatch,
        r.get("reps").unwrap_or(0.0)
    )
    .unwrap();
    writeln!(
        s,
        "| mode | load (ms) | load + instantiate + first call (ms) | eager MB/s | peak RSS (MiB) |"
    )
    .unwrap();
    writeln!(s, "|---|---:|---:|---:|---:|").unwrap();
    let label = |m: Mode| match m {
        Mode::WintLazy => "wint Lazy (default; eager validation)",
        Mode::WintLazyValidation => "wint LazyValidation (lazy validation)",
        Mode::WasmiLazyTranslation => "wasmi LazyTranslation (default; eager validation)",
        Mode::WasmiLazy => "wasmi Lazy (lazy validation)",
        Mode::WintEager => "wint eager",
        Mode::WasmiEager => "wasmi Eager",
    };
    for m in Mode::ALL {
        let k = m.key();
        let load = r.get(&format!("load_ms.{k}"));
        let first = r.get(&format!("first_ms.{k}"));
        let rss = r.get(&format!("rss_kib.{k}"));
        writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            label(m),
            load.map_or("-".into(), |v| format!("{v:.1}")),
            first.map_or("-".into(), |v| format!("{v:.1}")),
            load.filter(|_| matches!(m, Mode::WintEager | Mode::WasmiEager))
                .map_or("-".into(), |v| format!("{:.1}", mb / (v / 1e3))),
            rss.map_or("-".into(), |v| format!("{:.1}", v / 1024.0)),
        )
        .unwrap();
    }
    let q = |a: &str, b: &str| r.get(a).zip(r.get(b)).map(|(a, b)| a / b);
    writeln!(s).unwrap();
    writeln!(
        s,
        "- time to first instruction (load + instantiate + first call), same validation \
         timing: wint Lazy / wasmi LazyTranslation **{}**, wint LazyValidation / wasmi Lazy \
         **{}** (target at most 1)",
        ratio(q("first_ms.wint-lazy", "first_ms.wasmi-lazytranslation")),
        ratio(q("first_ms.wint-lazyvalidation", "first_ms.wasmi-lazy")),
    )
    .unwrap();
    writeln!(
        s,
        "- eager translate+validate throughput, wint / wasmi: **{}** (target at least 1)",
        ratio(q("load_ms.wasmi-eager", "load_ms.wint-eager")),
    )
    .unwrap();
    writeln!(
        s,
        "- peak RSS, wint / wasmi: lazy **{}**, eager **{}** (target at most 1; `VmHWM` \
         after the first call; the same process reading the file \
         and doing nothing else peaks at {:.1} MiB)",
        ratio(q("rss_kib.wint-lazy", "rss_kib.wasmi-lazytranslation")),
        ratio(q("rss_kib.wint-eager", "rss_kib.wasmi-eager")),
        r.get("rss_kib.baseline").unwrap_or(f64::NAN) / 1024.0,
    )
    .unwrap();
    if let Some((t, w)) = r.get("code_translated").zip(r.get("code_wasm")) {
        writeln!(
            s,
            "- translated code, eager, all functions: {:.1} MB from {:.1} MB of wasm code: \
             **{:.2}x** (target at most 2)",
            t / 1e6,
            w / 1e6,
            t / w
        )
        .unwrap();
    }
    writeln!(s).unwrap();
}

/// Replaces the text between the bench markers of `path` (appending the markers when
/// they are missing, creating the file when it is), leaving the rest untouched.
pub fn write_status(path: &Path, section: &str) -> Result<(), String> {
    const START: &str = "<!-- bench:start -->";
    const END: &str = "<!-- bench:end -->";
    let old = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let block = format!("{START}\n{}\n{END}", section.trim_end());
    let new = match (old.find(START), old.find(END)) {
        (Some(a), Some(b)) if a < b => format!("{}{block}{}", &old[..a], &old[b + END.len()..]),
        (None, None) => {
            let sep = if old.is_empty() || old.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            format!("{old}{sep}{block}\n")
        }
        _ => return Err(format!("{}: unbalanced bench markers", path.display())),
    };
    std::fs::write(path, new).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(dispatch: &str, wint_ms: f64) -> Results {
        Results {
            dispatch: dispatch.into(),
            runs: 3,
            commit: "abc".into(),
            date: "2026-01-02".into(),
            machine: "cpu, 2 cores".into(),
            rows: vec![Row {
                name: "fib".into(),
                wint_ms,
                wasmi_ms: 200.0,
                fuel_ms: Some(110.0),
                instrs: Some(1_000_000),
                code: Some((400, 100)),
                peers: vec![("node".into(), Some(50.0)), ("wasm3".into(), None)],
            }],
            startup: vec![
                ("module_bytes".into(), 7e6),
                ("first_ms.wint-lazy".into(), 12.5),
            ],
        }
    }

    #[test]
    fn text_round_trip() {
        let r = sample("tail-call", 100.0);
        let back = Results::from_text(&r.to_text()).unwrap();
        assert_eq!(back.to_text(), r.to_text());
        assert_eq!(back.rows[0].peers[1], ("wasm3".to_string(), None));
        assert_eq!(back.get("first_ms.wint-lazy"), Some(12.5));
        assert!(Results::from_text("something else").is_err());
    }

    #[test]
    fn table_has_both_backends_and_ratios() {
        let t = render(&[sample("tail-call", 100.0), sample("loop", 150.0)]);
        assert!(t.contains("| wint tail-call | wint/wasmi | wint loop | wint/wasmi |"));
        assert!(t.contains("| fib | 0.00 G | 200 | 100 | 0.50 | 150 | 0.75 | 1.50 | 1.10 |"));
        assert!(t.contains("| node (process) | wint/node |"));
        assert!(!t.contains("wasm3 (process)") || t.contains("| - | - |"));
    }

    #[test]
    fn each_backend_is_compared_with_the_first() {
        let t = render(&[
            sample("tail-call", 100.0),
            sample("loop", 150.0),
            sample("match", 250.0),
        ]);
        assert!(t.contains("| loop/tail-call (via wasmi) | match/tail-call (via wasmi) |"));
        assert!(t.contains("| 150 | 0.75 | 250 | 1.25 | 1.50 | 2.50 | 1.10 |"));
        assert!(t.contains("- match/tail-call: the ratio"));
    }

    #[test]
    fn status_markers() {
        let path =
            std::env::temp_dir().join(format!("wint-bench-status-{}.md", std::process::id()));
        std::fs::write(&path, "# title\n<!-- spec:start -->\nx\n<!-- spec:end -->").unwrap();
        write_status(&path, "first\n\n").unwrap();
        let once = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            once,
            "# title\n<!-- spec:start -->\nx\n<!-- spec:end -->\n\
             <!-- bench:start -->\nfirst\n<!-- bench:end -->\n"
        );
        std::fs::write(&path, once.replace("# title", "# title\nkept")).unwrap();
        write_status(&path, "second\n").unwrap();
        let twice = std::fs::read_to_string(&path).unwrap();
        assert!(twice.starts_with("# title\nkept\n<!-- spec:start -->"));
        assert!(twice.contains("<!-- bench:start -->\nsecond\n<!-- bench:end -->\n"));
        assert!(!twice.contains("first"));
        std::fs::write(&path, "<!-- bench:end --> <!-- bench:start -->").unwrap();
        assert!(write_status(&path, "x").is_err());
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn geometric_mean() {
        assert_eq!(geomean([2.0, 8.0]), Some(4.0));
        assert_eq!(geomean([f64::NAN]), None);
    }
}
