//! wint-bench: wint and wasmi 2.0 side by side on Rust workloads built for
//! wasm32-wasip1, plus start-up, memory and fuel measurements (see bench/README.md).

mod bigmod;
mod engines;
mod guests;
mod results;
mod wasi;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use bigmod::Mode;
use engines::{Outcome, PeerError};
use guests::{WORKLOADS, Workload};
use results::{Results, Row};

const USAGE: &str = "\
usage: wint-bench [OPTIONS] [WORKLOAD...]     run the benchmarks (all, or those named;
                                              `startup` names the start-up measurements)
       wint-bench status [--write FILE] RESULTS...
                                              print (and write) the table of saved runs
       wint-bench run-one WORKLOAD [--fuel] [--wasmi]
                                              one run, for profilers (scripts/callgrind.sh)
       wint-bench build-guests | list

options:
  --runs N             runs per engine and workload (default 5)
  --quick              one run each, 3 start-up repetitions
  --no-fuel            skip the fuel-metered wint runs
  --no-startup         skip the start-up measurements
  --peer NAME=COMMAND  also time `COMMAND FILE.wasm` (repeatable), e.g.
                       --peer wasmtime='wasmtime run' --peer wasm3=wasm3
  --no-peers           ignore --peer options given before
  --save FILE          save the results (for `status`)
  --write-status       write the table into docs/STATUS.md (between its bench markers)
  --status-file FILE   write it there instead";

struct Options {
    runs: usize,
    quick: bool,
    fuel: bool,
    startup: bool,
    peers: Vec<(String, String)>,
    save: Option<PathBuf>,
    status: Option<PathBuf>,
    filter: Vec<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let r = match args.first().map(String::as_str) {
        Some("status") => cmd_status(&args[1..]),
        Some("run-one") => cmd_run_one(&args[1..]),
        Some("build-guests") => guests::build(&WORKLOADS.iter().collect::<Vec<_>>()),
        Some("list") => {
            for w in WORKLOADS {
                println!("{:<14} {}", w.name, w.about);
            }
            println!(
                "{:<14} generated {}-function module: start-up, RSS",
                "startup",
                bigmod::FUNCS
            );
            Ok(())
        }
        Some("__startup") => cmd_startup_child(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => parse_options(&args).and_then(bench),
    };
    if let Err(e) = r {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        runs: 5,
        quick: false,
        fuel: true,
        startup: true,
        peers: Vec::new(),
        save: None,
        status: None,
        filter: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |what: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{a} needs {what}"))
        };
        match a.as_str() {
            "--runs" => {
                o.runs = value("a number")?
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or("--runs needs a positive number")?
            }
            "--quick" => {
                o.quick = true;
                o.runs = 1;
            }
            "--no-fuel" => o.fuel = false,
            "--no-startup" => o.startup = false,
            "--peer" => {
                let v = value("NAME=COMMAND")?;
                let (name, cmd) = v.split_once('=').ok_or("--peer needs NAME=COMMAND")?;
                o.peers.push((name.to_string(), cmd.to_string()));
            }
            "--no-peers" => o.peers.clear(),
            "--save" => o.save = Some(value("a file")?.into()),
            "--write-status" => {
                o.status
                    .get_or_insert_with(|| guests::repo_root().join("docs/STATUS.md"));
            }
            "--status-file" => o.status = Some(value("a file")?.into()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}")),
            w => {
                if w != "startup" && !WORKLOADS.iter().any(|x| x.name == w) {
                    return Err(format!("unknown workload {w} (see `wint-bench list`)"));
                }
                o.filter.push(w.to_string());
            }
        }
    }
    Ok(o)
}

fn selected(filter: &[String]) -> Vec<&'static Workload> {
    WORKLOADS
        .iter()
        .filter(|w| filter.is_empty() || filter.iter().any(|f| f == w.name))
        .collect()
}

/// The median of `v`.
fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The median of `v`, in milliseconds.
fn median_ms(v: &[Duration]) -> f64 {
    median(&v.iter().map(|d| d.as_secs_f64() * 1e3).collect::<Vec<_>>())
}

/// What one slot of the alternation runs.
#[derive(Clone, Copy)]
enum Runner {
    Wint,
    Wasmi,
    WintFuel,
    Peer(usize),
}

fn verify(
    w: &Workload,
    who: &str,
    out: &Outcome,
    reference: &mut Option<String>,
) -> Result<(), String> {
    let got = engines::checksum(&out.stdout).ok_or_else(|| {
        format!(
            "{}: {who} printed no checksum line; stdout: {:?}",
            w.name,
            String::from_utf8_lossy(&out.stdout)
        )
    })?;
    if !w.expect.is_empty() && got != w.expect {
        return Err(format!(
            "{}: {who} printed checksum {got}, expected {}",
            w.name, w.expect
        ));
    }
    match reference {
        Some(r) if *r != got => Err(format!(
            "{}: {who} printed checksum {got}, the first run printed {r}",
            w.name
        )),
        Some(_) => Ok(()),
        None => {
            *reference = Some(got);
            Ok(())
        }
    }
}

fn bench_workload(w: &Workload, o: &Options, missing: &mut Vec<String>) -> Result<Row, String> {
    let path = guests::wasm_path(w);
    let wasm = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut slots = vec![Runner::Wint, Runner::Wasmi];
    if o.fuel {
        slots.push(Runner::WintFuel);
    }
    for (i, (name, _)) in o.peers.iter().enumerate() {
        if !missing.contains(name) {
            slots.push(Runner::Peer(i));
        }
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); 3 + o.peers.len()];
    let mut peer_failed = vec![false; o.peers.len()];
    let (mut instrs, mut code) = (None, None);
    let mut reference = None;
    for run in 0..o.runs {
        // Alternate, rotating the order each run so no engine always goes first.
        let mut order = slots.clone();
        order.rotate_left(run % slots.len());
        for slot in order {
            match slot {
                Runner::Wint => {
                    let out = engines::wint(&wasm, false)?;
                    verify(w, "wint", &out, &mut reference)?;
                    code = out.code;
                    times[0].push(out.time);
                }
                Runner::Wasmi => {
                    let out = engines::wasmi(&wasm)?;
                    verify(w, "wasmi", &out, &mut reference)?;
                    times[1].push(out.time);
                }
                Runner::WintFuel => {
                    let out = engines::wint(&wasm, true)?;
                    verify(w, "wint (fuel)", &out, &mut reference)?;
                    instrs = out.fuel;
                    times[2].push(out.time);
                }
                Runner::Peer(i) => {
                    let (name, cmd) = &o.peers[i];
                    if peer_failed[i] || missing.contains(name) {
                        continue;
                    }
                    match engines::peer(cmd, &path) {
                        Ok(out) => match verify(w, name, &out, &mut reference) {
                            Ok(()) => times[3 + i].push(out.time),
                            Err(e) => {
                                eprintln!("warning: {e}");
                                peer_failed[i] = true;
                            }
                        },
                        Err(PeerError::Missing) => {
                            eprintln!("note: peer {name} ({cmd}) is not installed; skipped");
                            missing.push(name.clone());
                        }
                        Err(PeerError::Failed(e)) => {
                            eprintln!("warning: peer {name} failed on {}: {e}", w.name);
                            peer_failed[i] = true;
                        }
                    }
                }
            }
        }
    }
    let peers = o
        .peers
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let t = &times[3 + i];
            let ok = !peer_failed[i] && t.len() == o.runs;
            (name.clone(), ok.then(|| median_ms(t)))
        })
        .collect();
    Ok(Row {
        name: w.name.to_string(),
        wint_ms: median_ms(&times[0]),
        wasmi_ms: median_ms(&times[1]),
        fuel_ms: o.fuel.then(|| median_ms(&times[2])),
        instrs,
        code,
        peers,
    })
}

fn print_row(row: &Row) {
    let mut line = format!(
        "{:<13} wint {:>8.1} ms  wasmi {:>8.1} ms  wint/wasmi {:.2}",
        row.name,
        row.wint_ms,
        row.wasmi_ms,
        row.wint_ms / row.wasmi_ms
    );
    if let Some(f) = row.fuel_ms {
        line += &format!("  fuel {:.2}", f / row.wint_ms);
    }
    if let Some(n) = row.instrs {
        line += &format!("  {:.2} ns/instr", row.wint_ms * 1e6 / n as f64);
    }
    for (p, t) in &row.peers {
        match t {
            Some(t) => line += &format!("  {p} {t:.1} ms"),
            None => line += &format!("  {p} -"),
        }
    }
    println!("{line}");
}

fn bench(o: Options) -> Result<(), String> {
    let workloads = selected(&o.filter);
    let want_startup =
        o.startup && (o.filter.is_empty() || o.filter.iter().any(|f| f == "startup"));
    let mut res = Results {
        dispatch: wint::DISPATCH.to_string(),
        runs: o.runs,
        commit: commit(),
        date: today(),
        machine: machine(),
        ..Results::default()
    };
    println!(
        "wint-bench: wint ({} dispatch, commit {}) vs wasmi 2.0, {} run(s) each",
        res.dispatch, res.commit, o.runs
    );
    if !workloads.is_empty() {
        guests::build(&workloads)?;
    }
    let mut missing = Vec::new();
    for w in &workloads {
        let row = bench_workload(w, &o, &mut missing)?;
        print_row(&row);
        res.rows.push(row);
    }
    for row in &mut res.rows {
        row.peers.retain(|(name, _)| !missing.contains(name));
    }
    if want_startup {
        startup(&o, &mut res)?;
    }
    let table = results::render(std::slice::from_ref(&res));
    println!("\n{table}");
    if let Some(path) = &o.save {
        std::fs::write(path, res.to_text()).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("results saved to {}", path.display());
    }
    if let Some(path) = &o.status {
        results::write_status(path, &table)?;
        println!("table written to {}", path.display());
    }
    Ok(())
}

fn startup(o: &Options, res: &mut Results) -> Result<(), String> {
    let bytes = bigmod::generate();
    let path = guests::target_dir().join("big.wasm");
    std::fs::create_dir_all(guests::target_dir()).map_err(|e| e.to_string())?;
    std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let reps = if o.quick { 3 } else { 11 };
    println!(
        "start-up: {} ({:.1} MB, {} functions), {reps} repetitions per mode",
        path.display(),
        bytes.len() as f64 / 1e6,
        bigmod::FUNCS
    );
    res.startup
        .push(("module_bytes".into(), bytes.len() as f64));
    res.startup
        .push(("module_funcs".into(), bigmod::FUNCS as f64));
    res.startup.push(("reps".into(), reps as f64));
    // Every load runs in a fresh child process, as a command-line run would: each
    // engine starts from an empty heap, not from what the previous mode left behind.
    let mut loads: Vec<Vec<f64>> = vec![Vec::new(); Mode::ALL.len()];
    let mut firsts = loads.clone();
    let mut rsss = loads.clone();
    for _ in 0..reps {
        for (i, m) in Mode::ALL.into_iter().enumerate() {
            let c = child(Some(m), &path)?;
            loads[i].push(c.load_ms);
            firsts[i].push(c.first_ms);
            rsss[i].push(c.rss_kib as f64);
            if let Some((t, w)) = c.code.filter(|_| m == Mode::WintEager) {
                res.startup
                    .retain(|(k, _)| k != "code_translated" && k != "code_wasm");
                res.startup.push(("code_translated".into(), t as f64));
                res.startup.push(("code_wasm".into(), w as f64));
            }
        }
    }
    for (i, m) in Mode::ALL.into_iter().enumerate() {
        let (load, first) = (median(&loads[i]), median(&firsts[i]));
        let rss = median(&rsss[i]);
        res.startup.push((format!("load_ms.{}", m.key()), load));
        res.startup.push((format!("first_ms.{}", m.key()), first));
        res.startup.push((format!("rss_kib.{}", m.key()), rss));
        println!(
            "  {:<22} load {load:>7.1} ms  first call {first:>7.1} ms  peak RSS {:>6.1} MiB",
            m.key(),
            rss / 1024.0
        );
    }
    let base = child(None, &path)?.rss_kib;
    res.startup.push(("rss_kib.baseline".into(), base as f64));
    Ok(())
}

/// What a start-up child process measured.
struct ChildStartup {
    /// Peak RSS (`VmHWM`) after the first call.
    rss_kib: u64,
    load_ms: f64,
    first_ms: f64,
    /// wint's translated and wasm code sizes.
    code: Option<(usize, usize)>,
}

/// Runs a fresh child process that loads `path` in `mode` and calls `first` (or, with no
/// mode, only reads the file), and returns what it measured.
fn child(mode: Option<Mode>, path: &Path) -> Result<ChildStartup, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .arg("__startup")
        .arg(mode.map_or("none", Mode::key))
        .arg(path)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "start-up child failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let f: Vec<&str> = text.split_whitespace().collect();
    let num = |i: usize| -> Result<f64, String> {
        f.get(i).and_then(|s| s.parse().ok()).ok_or_else(|| {
            format!("start-up child printed {text:?} (is /proc/self/status readable?)")
        })
    };
    let code = match (num(3), num(4)) {
        (Ok(t), Ok(w)) => Some((t as usize, w as usize)),
        _ => None,
    };
    Ok(ChildStartup {
        rss_kib: num(0)? as u64,
        load_ms: num(1)?,
        first_ms: num(2)?,
        code,
    })
}

/// The child of [`child`]: prints peak RSS (KiB), load and first-call times (ms) and,
/// for wint, its translated and wasm code sizes.
fn cmd_startup_child(args: &[String]) -> Result<(), String> {
    let [mode, path] = args else {
        return Err("usage: wint-bench __startup MODE FILE".into());
    };
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let line = if mode == "none" {
        " 0 0".to_string()
    } else {
        let m = Mode::from_key(mode).ok_or_else(|| format!("unknown mode {mode}"))?;
        let s = bigmod::startup(&bytes, m)?;
        let code = s.code.map_or(String::new(), |(t, w)| format!(" {t} {w}"));
        format!(
            " {} {}{code}",
            s.load.as_secs_f64() * 1e3,
            s.first_call.as_secs_f64() * 1e3
        )
    };
    std::hint::black_box(&bytes);
    let rss = bigmod::peak_rss_kib().ok_or("no VmHWM in /proc/self/status")?;
    println!("{rss}{line}");
    Ok(())
}

fn cmd_status(args: &[String]) -> Result<(), String> {
    let mut write = None;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--write" {
            write = Some(PathBuf::from(it.next().ok_or("--write needs a file")?));
        } else {
            files.push(a);
        }
    }
    if files.is_empty() {
        return Err("usage: wint-bench status [--write FILE] RESULTS...".into());
    }
    let runs = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?;
            Results::from_text(&text).map_err(|e| format!("{f}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let table = results::render(&runs);
    println!("{table}");
    if let Some(path) = write {
        results::write_status(&path, &table)?;
        println!("table written to {}", path.display());
    }
    Ok(())
}

/// One run of one workload on one engine, for profilers: prints the time, the checksum
/// and (with `--fuel`) the number of executed wasm instructions.
fn cmd_run_one(args: &[String]) -> Result<(), String> {
    let name = args
        .first()
        .ok_or("usage: wint-bench run-one WORKLOAD [--fuel] [--wasmi]")?;
    let w = WORKLOADS
        .iter()
        .find(|w| w.name == name)
        .ok_or_else(|| format!("unknown workload {name}"))?;
    let fuel = args.iter().any(|a| a == "--fuel");
    let path = guests::wasm_path(w);
    let wasm = std::fs::read(&path).map_err(|e| {
        format!(
            "{}: {e} (run `wint-bench build-guests` first)",
            path.display()
        )
    })?;
    let out = if args.iter().any(|a| a == "--wasmi") {
        println!("engine: wasmi");
        engines::wasmi(&wasm)?
    } else {
        println!("engine: wint\ndispatch: {}", wint::DISPATCH);
        execute(&wasm, fuel)?
    };
    let mut reference = None;
    verify(w, "this run", &out, &mut reference)?;
    println!("time: {:.1} ms", out.time.as_secs_f64() * 1e3);
    println!("checksum: {}", reference.unwrap_or_default());
    if let Some(n) = out.fuel {
        println!("wasm instructions executed: {n}");
    }
    Ok(())
}

/// The wint run of `run-one`, a separate symbol so that callgrind can collect it alone
/// (`--toggle-collect=*execute*`).
#[inline(never)]
fn execute(wasm: &[u8], fuel: bool) -> Result<Outcome, String> {
    engines::wint(wasm, fuel)
}

fn commit() -> String {
    let root = guests::repo_root();
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(&root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let Some(head) = git(&["rev-parse", "--short=10", "HEAD"]) else {
        return "unknown".into();
    };
    match git(&["status", "--porcelain", "--", "interp"]) {
        Some(s) if !s.is_empty() => format!("{head}+dirty"),
        _ => head,
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {cores} cores")
}

/// Today's UTC date, `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
