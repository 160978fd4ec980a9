//! The guest of the CLI's WASI tests: `guest COMMAND [ARGS]...`, one command per group
//! of preview1 functions. Each prints a transcript, `step: result` per line, that the
//! test compares with what it expects. Functions that std does not reach are called
//! through the raw imports in `sys`.

use std::fs::{self, File, FileTimes, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::wasi::io::{AsRawFd, FromRawFd};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Raw preview1 imports, for what std does not call (or not directly).
mod sys {
    #[repr(C)]
    pub struct Iovec {
        pub buf: *const u8,
        pub len: usize,
    }

    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    unsafe extern "C" {
        pub fn clock_res_get(id: i32, out: *mut u64) -> i32;
        pub fn clock_time_get(id: i32, precision: u64, out: *mut u64) -> i32;
        pub fn fd_advise(fd: i32, offset: u64, len: u64, advice: i32) -> i32;
        pub fn fd_allocate(fd: i32, offset: u64, len: u64) -> i32;
        pub fn fd_close(fd: i32) -> i32;
        pub fn fd_fdstat_get(fd: i32, out: *mut u8) -> i32;
        pub fn fd_fdstat_set_flags(fd: i32, flags: i32) -> i32;
        pub fn fd_fdstat_set_rights(fd: i32, base: u64, inheriting: u64) -> i32;
        pub fn fd_pread(
            fd: i32,
            iovs: *const Iovec,
            n: usize,
            offset: u64,
            nread: *mut usize,
        ) -> i32;
        pub fn fd_prestat_get(fd: i32, out: *mut u32) -> i32;
        pub fn fd_prestat_dir_name(fd: i32, path: *mut u8, len: usize) -> i32;
        pub fn fd_pwrite(
            fd: i32,
            iovs: *const Iovec,
            n: usize,
            offset: u64,
            nwritten: *mut usize,
        ) -> i32;
        pub fn fd_readdir(fd: i32, buf: *mut u8, len: usize, cookie: u64, used: *mut usize) -> i32;
        pub fn fd_renumber(from: i32, to: i32) -> i32;
        pub fn fd_seek(fd: i32, offset: i64, whence: i32, out: *mut u64) -> i32;
        pub fn fd_tell(fd: i32, out: *mut u64) -> i32;
        pub fn fd_write(fd: i32, iovs: *const Iovec, n: usize, nwritten: *mut usize) -> i32;
        pub fn path_filestat_get(
            fd: i32,
            flags: i32,
            path: *const u8,
            len: usize,
            out: *mut u64,
        ) -> i32;
        pub fn path_filestat_set_times(
            fd: i32,
            flags: i32,
            path: *const u8,
            len: usize,
            atim: u64,
            mtim: u64,
            fst: i32,
        ) -> i32;
        pub fn path_link(
            old_fd: i32,
            flags: i32,
            old: *const u8,
            old_len: usize,
            new_fd: i32,
            new: *const u8,
            new_len: usize,
        ) -> i32;
        pub fn path_open(
            fd: i32,
            dirflags: i32,
            path: *const u8,
            len: usize,
            oflags: i32,
            base: u64,
            inheriting: u64,
            fdflags: i32,
            opened: *mut i32,
        ) -> i32;
        pub fn path_create_directory(fd: i32, path: *const u8, len: usize) -> i32;
        pub fn path_readlink(
            fd: i32,
            path: *const u8,
            len: usize,
            buf: *mut u8,
            buf_len: usize,
            used: *mut usize,
        ) -> i32;
        pub fn path_remove_directory(fd: i32, path: *const u8, len: usize) -> i32;
        pub fn path_rename(
            fd: i32,
            old: *const u8,
            old_len: usize,
            new_fd: i32,
            new: *const u8,
            new_len: usize,
        ) -> i32;
        pub fn path_symlink(
            old: *const u8,
            old_len: usize,
            fd: i32,
            new: *const u8,
            new_len: usize,
        ) -> i32;
        pub fn path_unlink_file(fd: i32, path: *const u8, len: usize) -> i32;
        pub fn poll_oneoff(subs: *const u8, events: *mut u8, n: usize, nevents: *mut usize) -> i32;
        pub fn proc_raise(sig: i32) -> i32;
        pub fn random_get(buf: *mut u8, len: usize) -> i32;
        pub fn sched_yield() -> i32;
        pub fn sock_accept(fd: i32, flags: i32, out: *mut i32) -> i32;
        pub fn sock_recv(
            fd: i32,
            iovs: *const Iovec,
            n: usize,
            flags: i32,
            len: *mut usize,
            oflags: *mut u16,
        ) -> i32;
        pub fn sock_send(fd: i32, iovs: *const Iovec, n: usize, flags: i32, len: *mut usize)
        -> i32;
        pub fn sock_shutdown(fd: i32, how: i32) -> i32;
    }
}

// Constants of preview1.
const RIGHT_FD_READ: u64 = 1 << 1;
const RIGHT_FD_WRITE: u64 = 1 << 6;
const ALL_RIGHTS: u64 = (1 << 30) - 1;
const OFLAG_CREAT: i32 = 1;
const OFLAG_TRUNC: i32 = 8;
const FDFLAG_APPEND: i32 = 1;
const FDFLAG_NONBLOCK: i32 = 4;
const LOOKUP_SYMLINK_FOLLOW: i32 = 1;
const FST_MTIM: i32 = 4;
const FST_ATIM: i32 = 1;
const CLOCK_REALTIME: i32 = 0;
const CLOCK_MONOTONIC: i32 = 1;
const CLOCK_PROCESS: i32 = 2;
const CLOCK_THREAD: i32 = 3;
const ENOTCAPABLE: i32 = 76;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cmd = args.get(1).map(String::as_str).unwrap_or("");
    let rest = if args.len() > 2 { &args[2..] } else { &[] };
    match cmd {
        "args" => args.iter().for_each(|a| println!("{a}")),
        "env" => env(),
        "exit" => std::process::exit(rest[0].parse().unwrap()),
        "cat" => cat(),
        "stderr" => eprintln!("to stderr"),
        "fs" => fs_ops(Path::new(&rest[0])),
        "raw" => raw_ops(&rest[0]),
        "clocks" => clocks(rest[0].parse().unwrap()),
        "random" => random(),
        "poll" => poll(),
        "serve" => serve(),
        "sandbox" => sandbox(Path::new(&rest[0])),
        "trap" => a_named_caller(rest.len() as u32),
        "panic" => panic!("boom"),
        "read" => print!("{}", fs::read_to_string(&rest[0]).unwrap()),
        "hello" => hello(&args),
        _ => {
            eprintln!("unknown command `{cmd}`");
            std::process::exit(2);
        }
    }
}

/// `hello FILE [ARGS]...`: the counterpart of the C guest's hello, compared with
/// wasmtime: greets, prints every argument, then FILE (from a pre-opened directory).
fn hello(args: &[String]) {
    println!("hello from Rust");
    for (i, a) in args.iter().enumerate() {
        println!("argv[{i}] = {a}");
    }
    if let Some(path) = args.get(2) {
        match fs::read_to_string(path) {
            Ok(text) => print!("{text}"),
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        }
    }
}

fn line(step: &str, result: impl std::fmt::Display) {
    println!("{step}: {result}");
}

/// `ok`, or `error N` with the WASI errno.
fn res<T>(r: io::Result<T>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => format!("error {}", e.raw_os_error().unwrap_or(-1)),
    }
}

/// `ok` or `errno N` for a raw call's result.
fn errno(e: i32) -> String {
    if e == 0 {
        "ok".into()
    } else {
        format!("errno {e}")
    }
}

fn env() {
    let mut vars: Vec<(String, String)> = std::env::vars().collect();
    vars.sort();
    for (k, v) in vars {
        println!("{k}={v}");
    }
}

/// Copies stdin to stdout in 64 KiB blocks, through the descriptors directly (std's
/// stdout would scan every block for newlines).
fn cat() {
    // SAFETY: descriptors 0 and 1 are open for the whole run; ManuallyDrop keeps them
    // open after the copy.
    let mut stdin = std::mem::ManuallyDrop::new(unsafe { File::from_raw_fd(0) });
    let mut stdout = std::mem::ManuallyDrop::new(unsafe { File::from_raw_fd(1) });
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = stdin.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        stdout.write_all(&buf[..n]).unwrap();
    }
}

fn names(dir: &Path) -> String {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    v.sort();
    v.join(" ")
}

fn fs_ops(root: &Path) {
    let a = root.join("a.txt");
    line("write", res(fs::write(&a, "hello world")));
    line("read", fs::read_to_string(&a).unwrap());

    let mut f = OpenOptions::new().read(true).write(true).open(&a).unwrap();
    line("seek-start", f.seek(SeekFrom::Start(6)).unwrap());
    let mut five = [0u8; 5];
    f.read_exact(&mut five).unwrap();
    line("read-at-6", String::from_utf8_lossy(&five));
    line("seek-end", f.seek(SeekFrom::End(-5)).unwrap());
    f.write_all(b"WORLD").unwrap();
    line("position", f.stream_position().unwrap());
    line("rewritten", fs::read_to_string(&a).unwrap());
    line("truncate", res(f.set_len(5)));
    line("after-truncate", fs::read_to_string(&a).unwrap());
    line("extend", res(f.set_len(8)));
    line("sync-all", res(f.sync_all()));
    line("sync-data", res(f.sync_data()));
    let m = f.metadata().unwrap();
    line(
        "stat",
        format!("len={} file={} dir={}", m.len(), m.is_file(), m.is_dir()),
    );

    // Timestamps, through the descriptor and then read back by path.
    let mtime = UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    let atime = UNIX_EPOCH + Duration::from_secs(1_500_000_000) + Duration::from_nanos(7);
    let times = FileTimes::new().set_modified(mtime).set_accessed(atime);
    line("set-times", res(f.set_times(times)));
    let m = fs::metadata(&a).unwrap();
    line("mtime", m.modified().unwrap() == mtime);
    line("atime", m.accessed().unwrap() == atime);
    drop(f);

    let mut app = OpenOptions::new().append(true).open(&a).unwrap();
    app.write_all(b"!").unwrap();
    drop(app);
    line("appended", format!("{:?}", fs::read_to_string(&a).unwrap()));

    let sub = root.join("sub");
    line("mkdir", res(fs::create_dir(&sub)));
    line("mkdir-again", res(fs::create_dir(&sub)));
    line("mkdir-all", res(fs::create_dir_all(sub.join("deep/er"))));
    line("rename", res(fs::rename(&a, sub.join("b.txt"))));
    line("old-gone", !a.exists());
    line(
        "hard-link",
        res(fs::hard_link(sub.join("b.txt"), sub.join("c.txt"))),
    );

    // A symlink (std has no stable call for it on WASI: raw path_symlink).
    let dir = File::open(&sub).unwrap();
    let (target, link) = ("b.txt", "link");
    let e = unsafe {
        sys::path_symlink(
            target.as_ptr(),
            target.len(),
            dir.as_raw_fd(),
            link.as_ptr(),
            link.len(),
        )
    };
    line("symlink", errno(e));
    line(
        "readlink",
        fs::read_link(sub.join("link")).unwrap().display(),
    );
    line(
        "through-link",
        format!("{:?}", fs::read_to_string(sub.join("link")).unwrap()),
    );
    line(
        "is-symlink",
        fs::symlink_metadata(sub.join("link"))
            .unwrap()
            .file_type()
            .is_symlink(),
    );
    line("readdir", names(&sub));
    line("unlink", res(fs::remove_file(sub.join("c.txt"))));
    line("unlink-link", res(fs::remove_file(sub.join("link"))));
    line("rmdir-nonempty", res(fs::remove_dir(&sub)));
    line("rmdir", res(fs::remove_dir(sub.join("deep/er"))));
    line("rmdir-all", res(fs::remove_dir_all(sub.join("deep"))));
    line(
        "copy",
        res(fs::copy(sub.join("b.txt"), root.join("copy.txt"))),
    );
    line("missing", res(File::open(root.join("nope"))));
    line("readdir-root", names(root));
    line("readdir-sub", names(&sub));
}

fn iov(b: &[u8]) -> sys::Iovec {
    sys::Iovec {
        buf: b.as_ptr(),
        len: b.len(),
    }
}

fn raw_open(dir: i32, path: &str, oflags: i32, rights: u64) -> Result<i32, i32> {
    let mut fd = -1;
    let e = unsafe {
        sys::path_open(
            dir,
            LOOKUP_SYMLINK_FOLLOW,
            path.as_ptr(),
            path.len(),
            oflags,
            rights,
            rights,
            0,
            &mut fd,
        )
    };
    if e == 0 { Ok(fd) } else { Err(e) }
}

fn tell(fd: i32) -> String {
    let mut pos = 0;
    match unsafe { sys::fd_tell(fd, &mut pos) } {
        0 => pos.to_string(),
        e => format!("errno {e}"),
    }
}

fn fdstat(fd: i32) -> (u8, u16, u64) {
    let mut st = [0u64; 3];
    let e = unsafe { sys::fd_fdstat_get(fd, st.as_mut_ptr().cast()) };
    assert_eq!(e, 0);
    let b = st[0].to_le_bytes();
    (b[0], u16::from_le_bytes([b[2], b[3]]), st[1])
}

/// The preview1 functions std does not call, on the pre-open named `root`.
fn raw_ops(root: &str) {
    // Pre-opens: fd 3 is the only one here.
    let mut pre = [0u32; 2];
    line(
        "prestat",
        errno(unsafe { sys::fd_prestat_get(3, pre.as_mut_ptr()) }),
    );
    let mut name = vec![0u8; pre[1] as usize];
    let e = unsafe { sys::fd_prestat_dir_name(3, name.as_mut_ptr(), name.len()) };
    line(
        "prestat-name",
        format!("{} {}", errno(e), String::from_utf8_lossy(&name) == root),
    );
    line(
        "prestat-4",
        errno(unsafe { sys::fd_prestat_get(4, pre.as_mut_ptr()) }),
    );

    let fd = raw_open(3, "r.bin", OFLAG_CREAT | OFLAG_TRUNC, ALL_RIGHTS).unwrap();
    let (ft, _, rights) = fdstat(fd);
    line(
        "fdstat",
        format!(
            "type={ft} read={} write={}",
            rights & RIGHT_FD_READ != 0,
            rights & RIGHT_FD_WRITE != 0
        ),
    );
    line("advise", errno(unsafe { sys::fd_advise(fd, 0, 100, 2) }));
    line("allocate", errno(unsafe { sys::fd_allocate(fd, 0, 4096) }));
    let mut st = [0u64; 8];
    unsafe { sys::path_filestat_get(3, 0, "r.bin".as_ptr(), 5, st.as_mut_ptr()) };
    line("size", st[4]);

    let mut n = 0;
    let e = unsafe { sys::fd_pwrite(fd, &iov(b"XYZ"), 1, 10, &mut n) };
    line("pwrite", format!("{} {n}", errno(e)));
    let mut back = [0u8; 3];
    let io = sys::Iovec {
        buf: back.as_mut_ptr(),
        len: 3,
    };
    let e = unsafe { sys::fd_pread(fd, &io, 1, 10, &mut n) };
    line(
        "pread",
        format!("{} {n} {}", errno(e), String::from_utf8_lossy(&back)),
    );
    line("tell-after-pread", tell(fd));
    let mut pos = 0;
    line("seek", errno(unsafe { sys::fd_seek(fd, 5, 0, &mut pos) }));
    line("tell", tell(fd));

    line(
        "set-flags",
        errno(unsafe { sys::fd_fdstat_set_flags(fd, FDFLAG_APPEND) }),
    );
    line("append-flag", fdstat(fd).1 & FDFLAG_APPEND as u16 != 0);
    let e = unsafe { sys::fd_write(fd, &iov(b"END"), 1, &mut n) };
    line("write-appends", format!("{} {}", errno(e), tell(fd)));
    line(
        "set-nonblock",
        errno(unsafe { sys::fd_fdstat_set_flags(fd, FDFLAG_NONBLOCK) }),
    );

    // Renumber onto another open file.
    let other = raw_open(3, "other.bin", OFLAG_CREAT, ALL_RIGHTS).unwrap();
    line("renumber", errno(unsafe { sys::fd_renumber(fd, other) }));
    line("old-fd", tell(fd));
    line("new-fd", tell(other));

    // Rights: keep reading only.
    line(
        "set-rights",
        errno(unsafe { sys::fd_fdstat_set_rights(other, RIGHT_FD_READ, 0) }),
    );
    let e = unsafe { sys::fd_write(other, &iov(b"no"), 1, &mut n) };
    line("write-without-right", errno(e));
    line("rights-now", fdstat(other).2);
    line(
        "regain-right",
        errno(unsafe { sys::fd_fdstat_set_rights(other, RIGHT_FD_WRITE, 0) }),
    );

    // Times by path, and symlinks examined without following them.
    let e = unsafe {
        sys::path_filestat_set_times(
            3,
            0,
            "r.bin".as_ptr(),
            5,
            3_000_000_000,
            4_000_000_000,
            FST_ATIM | FST_MTIM,
        )
    };
    line("path-set-times", errno(e));
    unsafe { sys::path_filestat_get(3, 0, "r.bin".as_ptr(), 5, st.as_mut_ptr()) };
    line("path-times", format!("atim={} mtim={}", st[5], st[6]));
    let e = unsafe { sys::path_symlink("r.bin".as_ptr(), 5, 3, "l".as_ptr(), 1) };
    line("symlink", errno(e));
    unsafe { sys::path_filestat_get(3, 0, "l".as_ptr(), 1, st.as_mut_ptr()) };
    line("lstat-type", st[2] & 0xff);
    unsafe { sys::path_filestat_get(3, LOOKUP_SYMLINK_FOLLOW, "l".as_ptr(), 1, st.as_mut_ptr()) };
    line("stat-type", st[2] & 0xff);
    let mut buf = [0u8; 32];
    let e = unsafe { sys::path_readlink(3, "l".as_ptr(), 1, buf.as_mut_ptr(), 32, &mut n) };
    line(
        "readlink",
        format!("{} {}", errno(e), String::from_utf8_lossy(&buf[..n])),
    );

    // fd_readdir with a cookie: read the first entry, then resume after it.
    let d = raw_open(3, ".", 0, ALL_RIGHTS & !RIGHT_FD_WRITE).unwrap();
    let mut all = Vec::new();
    let mut cookie = 0u64;
    loop {
        // Room for one entry at a time: the header (24 bytes) and a short name.
        let mut buf = [0u64; 8];
        let mut used = 0;
        let e = unsafe { sys::fd_readdir(d, buf.as_mut_ptr().cast(), 64, cookie, &mut used) };
        assert_eq!(e, 0);
        if used < 24 {
            break;
        }
        let bytes: Vec<u8> = buf.iter().flat_map(|w| w.to_le_bytes()).collect();
        cookie = u64::from_le_bytes(bytes[0..8].try_into().unwrap());
        let namlen = u32::from_le_bytes(bytes[16..20].try_into().unwrap()) as usize;
        all.push(String::from_utf8_lossy(&bytes[24..24 + namlen.min(40)]).into_owned());
    }
    all.sort();
    line("readdir-cookies", all.join(" "));

    line("sched-yield", errno(unsafe { sys::sched_yield() }));
    line("raise-ignored", errno(unsafe { sys::proc_raise(16) }));
    line("close", errno(unsafe { sys::fd_close(other) }));
    line("close-again", errno(unsafe { sys::fd_close(other) }));
    line("close-dir", errno(unsafe { sys::fd_close(d) }));
}

fn clock(id: i32) -> Result<u64, i32> {
    let mut t = 0;
    match unsafe { sys::clock_time_get(id, 1, &mut t) } {
        0 => Ok(t),
        e => Err(e),
    }
}

fn clocks(host_now: u64) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    line("realtime-close-to-host", now.abs_diff(host_now) < 120);
    let raw = clock(CLOCK_REALTIME).unwrap() / 1_000_000_000;
    line("raw-realtime-agrees", raw.abs_diff(now) <= 1);
    let t0 = Instant::now();
    let m0 = clock(CLOCK_MONOTONIC).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    let m1 = clock(CLOCK_MONOTONIC).unwrap();
    line("sleep-50ms", t0.elapsed() >= Duration::from_millis(50));
    line("monotonic-advanced", m1 - m0 >= 50_000_000);
    for (name, id) in [
        ("realtime", CLOCK_REALTIME),
        ("monotonic", CLOCK_MONOTONIC),
        ("process", CLOCK_PROCESS),
        ("thread", CLOCK_THREAD),
    ] {
        let mut r = 0;
        let e = unsafe { sys::clock_res_get(id, &mut r) };
        line(
            &format!("res-{name}"),
            format!("{} {}", errno(e), (1..=1_000_000_000).contains(&r)),
        );
    }
    // Burn some CPU: the process clock moves.
    let c0 = clock(CLOCK_PROCESS).unwrap();
    let mut x = 0u64;
    for i in 0..2_000_000u64 {
        x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
    }
    let c1 = clock(CLOCK_PROCESS).unwrap();
    line("process-cpu-advanced", c1 > c0);
    line("thread-cpu", clock(CLOCK_THREAD).is_ok());
}

fn random() {
    let mut a = [0u8; 32];
    let mut b = [0u8; 32];
    let ea = unsafe { sys::random_get(a.as_mut_ptr(), a.len()) };
    let eb = unsafe { sys::random_get(b.as_mut_ptr(), b.len()) };
    line("random-get", format!("{} {}", errno(ea), errno(eb)));
    line("differ", a != b);
    line("nonzero", a.iter().any(|&x| x != 0));
    // std's HashMap seeds itself from random_get as well.
    let mut m = std::collections::HashMap::new();
    m.insert(1, 2);
    line("hashmap", m[&1]);
}

/// A `subscription`: 48 bytes.
fn clock_sub(userdata: u64, id: u32, timeout: u64, abstime: bool) -> [u8; 48] {
    let mut s = [0u8; 48];
    s[0..8].copy_from_slice(&userdata.to_le_bytes());
    s[8] = 0; // clock
    s[16..20].copy_from_slice(&id.to_le_bytes());
    s[24..32].copy_from_slice(&timeout.to_le_bytes());
    s[40..42].copy_from_slice(&(abstime as u16).to_le_bytes());
    s
}

fn fd_sub(userdata: u64, read: bool, fd: u32) -> [u8; 48] {
    let mut s = [0u8; 48];
    s[0..8].copy_from_slice(&userdata.to_le_bytes());
    s[8] = if read { 1 } else { 2 };
    s[16..20].copy_from_slice(&fd.to_le_bytes());
    s
}

/// Polls; returns (userdata, error, type, nbytes) of each event.
fn poll_subs(subs: &[[u8; 48]]) -> Vec<(u64, u16, u8, u64)> {
    let mut input = vec![0u64; subs.len() * 6];
    for (i, s) in subs.iter().enumerate() {
        for w in 0..6 {
            input[i * 6 + w] = u64::from_le_bytes(s[w * 8..w * 8 + 8].try_into().unwrap());
        }
    }
    let mut out = vec![0u64; subs.len() * 4];
    let mut n = 0;
    let e = unsafe {
        sys::poll_oneoff(
            input.as_ptr().cast(),
            out.as_mut_ptr().cast(),
            subs.len(),
            &mut n,
        )
    };
    assert_eq!(e, 0, "poll_oneoff");
    (0..n)
        .map(|i| {
            let ev = &out[i * 4..i * 4 + 4];
            let b = ev[1].to_le_bytes();
            (ev[0], u16::from_le_bytes([b[0], b[1]]), b[2], ev[2])
        })
        .collect()
}

fn poll() {
    // Two timers: the shorter one fires.
    let t = Instant::now();
    let ev = poll_subs(&[
        clock_sub(1, CLOCK_MONOTONIC as u32, 2_000_000_000, false),
        clock_sub(2, CLOCK_MONOTONIC as u32, 20_000_000, false),
    ]);
    line(
        "two-timers",
        format!("{:?}", ev.iter().map(|e| e.0).collect::<Vec<_>>()),
    );
    line("waited", t.elapsed() >= Duration::from_millis(20));

    // An absolute monotonic deadline 10ms from now, and an absolute realtime one.
    let now = clock(CLOCK_MONOTONIC).unwrap();
    let ev = poll_subs(&[clock_sub(3, CLOCK_MONOTONIC as u32, now + 10_000_000, true)]);
    line("monotonic-abstime", ev[0].0);
    let t = Instant::now();
    let now = clock(CLOCK_REALTIME).unwrap();
    let ev = poll_subs(&[clock_sub(4, CLOCK_REALTIME as u32, now + 30_000_000, true)]);
    line(
        "realtime-abstime",
        format!("{} {}", ev[0].0, t.elapsed() >= Duration::from_millis(25)),
    );

    // stdin (a pipe with data from the test) is readable before a long timer fires;
    // stdout is writable.
    let ev = poll_subs(&[
        fd_sub(5, true, 0),
        clock_sub(6, CLOCK_MONOTONIC as u32, 5_000_000_000, false),
    ]);
    line(
        "stdin-readable",
        format!(
            "{:?}",
            ev.iter().map(|e| (e.0, e.1, e.2)).collect::<Vec<_>>()
        ),
    );
    let ev = poll_subs(&[fd_sub(7, false, 1)]);
    line("stdout-writable", format!("{} {}", ev[0].0, ev[0].2));
    // A bad descriptor is an error of the call.
    let subs = fd_sub(8, true, 99);
    let mut out = [0u64; 4];
    let mut n = 0;
    let e = unsafe { sys::poll_oneoff(subs.as_ptr(), out.as_mut_ptr().cast(), 1, &mut n) };
    line("bad-fd", errno(e));
}

/// Accepts one connection on the pre-opened listener (fd 3), answers `pong: <data>`
/// to what it reads, and shuts the connection down.
fn serve() {
    // The listener is non-blocking: wait for a connection with poll_oneoff.
    let ev = poll_subs(&[
        fd_sub(1, true, 3),
        clock_sub(2, CLOCK_MONOTONIC as u32, 20_000_000_000, false),
    ]);
    line("listener-ready", ev[0].0);
    let mut conn = -1;
    let e = unsafe { sys::sock_accept(3, 0, &mut conn) };
    line("accept", errno(e));
    let mut buf = [0u8; 64];
    let mut got = Vec::new();
    while !got.ends_with(b"\n") {
        let io = sys::Iovec {
            buf: buf.as_mut_ptr(),
            len: buf.len(),
        };
        let (mut n, mut flags) = (0, 0);
        let e = unsafe { sys::sock_recv(conn, &io, 1, 0, &mut n, &mut flags) };
        assert_eq!(e, 0, "sock_recv");
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
    }
    line("received", String::from_utf8_lossy(&got).trim_end());
    let reply = format!("pong: {}", String::from_utf8_lossy(&got));
    let mut n = 0;
    let e = unsafe { sys::sock_send(conn, &iov(reply.as_bytes()), 1, 0, &mut n) };
    line("send", format!("{} {}", errno(e), n == reply.len()));
    line("shutdown", errno(unsafe { sys::sock_shutdown(conn, 2) }));
    // The listener is not a stream: sock_recv on it fails.
    let io = sys::Iovec {
        buf: buf.as_mut_ptr(),
        len: buf.len(),
    };
    let (mut n, mut flags) = (0, 0);
    let e = unsafe { sys::sock_recv(3, &io, 1, 0, &mut n, &mut flags) };
    line("recv-on-listener-fails", e != 0);
    // std's TcpStream over the same kind of descriptor works too.
    let stream = unsafe { std::net::TcpStream::from_raw_fd(conn) };
    drop(stream);
}

/// Every way out of the pre-opened directory `root` (fd 3) must fail.
fn sandbox(root: &Path) {
    let out = |p: &str| -> PathBuf { root.join(p) };
    // Through std, which resolves paths against the pre-opens.
    line("dotdot-read", res(fs::read(out("../secret.txt"))));
    line("dotdot-deep", res(fs::read(out("sub/../../secret.txt"))));
    line("absolute-read", res(fs::read("/etc/passwd")));
    line("symlink-out-read", res(fs::read(out("up/secret.txt"))));
    line("symlink-abs-read", res(fs::read(out("abs"))));
    line("dotdot-write", res(fs::write(out("../planted.txt"), "x")));
    line("dotdot-mkdir", res(fs::create_dir(out("../planted-dir"))));
    line(
        "dotdot-rename",
        res(fs::rename(out("inside.txt"), out("../moved.txt"))),
    );
    line(
        "dotdot-link",
        res(fs::hard_link(out("inside.txt"), out("../linked.txt"))),
    );
    line("dotdot-unlink", res(fs::remove_file(out("../secret.txt"))));
    line("dotdot-stat", res(fs::metadata(out("../secret.txt"))));
    line("symlink-dir-stat", res(fs::metadata(out("up/secret.txt"))));
    line(
        "symlink-out-write",
        res(fs::write(out("up/planted.txt"), "x")),
    );
    line("inside-still-works", res(fs::read(out("inside.txt"))));

    // Straight to the preview1 functions, on fd 3.
    let raw = |what: &str, p: &str| {
        let r = raw_open(3, p, 0, ALL_RIGHTS);
        if let Ok(fd) = r {
            unsafe { sys::fd_close(fd) };
        }
        line(
            what,
            match r {
                Ok(_) => "opened".to_string(),
                Err(e) => format!("errno {e}"),
            },
        );
    };
    raw("raw-absolute", "/etc/passwd");
    raw("raw-dotdot", "../secret.txt");
    raw("raw-dot-dotdot", "./sub/../../secret.txt");
    raw("raw-symlink-rel", "up/secret.txt");
    raw("raw-symlink-abs", "abs");
    let e = unsafe { sys::path_create_directory(3, "../x".as_ptr(), 4) };
    line("raw-mkdir", errno(e));
    let e = unsafe { sys::path_unlink_file(3, "../secret.txt".as_ptr(), 13) };
    line("raw-unlink", errno(e));
    let e = unsafe { sys::path_remove_directory(3, "..".as_ptr(), 2) };
    line("raw-rmdir", errno(e));
    let e =
        unsafe { sys::path_rename(3, "inside.txt".as_ptr(), 10, 3, "../moved.txt".as_ptr(), 12) };
    line("raw-rename", errno(e));
    let e = unsafe { sys::path_link(3, 0, "inside.txt".as_ptr(), 10, 3, "/tmp/x".as_ptr(), 6) };
    line("raw-link", errno(e));
    let e =
        unsafe { sys::path_filestat_set_times(3, 0, "../secret.txt".as_ptr(), 13, 0, 0, FST_MTIM) };
    line("raw-set-times", errno(e));
    // A symlink pointing out may be created, but not followed.
    let e = unsafe { sys::path_symlink("../secret.txt".as_ptr(), 13, 3, "made".as_ptr(), 4) };
    line("raw-symlink-create", errno(e));
    raw("raw-symlink-made", "made");
    let mut st = [0u64; 8];
    let e = unsafe {
        sys::path_filestat_get(
            3,
            LOOKUP_SYMLINK_FOLLOW,
            "made".as_ptr(),
            4,
            st.as_mut_ptr(),
        )
    };
    line("raw-stat-made", errno(e));
    line("notcapable-is", ENOTCAPABLE);
}

#[inline(never)]
fn deliberately_trap(n: u32) -> u32 {
    if std::hint::black_box(n) < 100 {
        core::arch::wasm32::unreachable()
    }
    n
}

#[inline(never)]
fn a_named_caller(n: u32) {
    let r = deliberately_trap(std::hint::black_box(n));
    println!("not reached {r}");
}
