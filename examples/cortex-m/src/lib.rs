//! Board runtime shared by the firmware binaries: the heap (with a high-water mark),
//! the stack (painted, to measure its high-water mark), semihosting output, exit codes,
//! the panic and hard-fault handlers.
//!
//! RAM layout, from the bottom: `.data` and `.bss` (cortex-m-rt), then the heap up to
//! [`STACK_BYTES`] below the top of RAM, then the main stack, which grows down from the
//! top. Nothing guards the boundary in hardware; [`stack_peak`] reports an overflow of
//! the reserve when the lowest painted word has been overwritten.
#![no_std]

extern crate alloc;

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;
use core::fmt;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use cortex_m::interrupt::Mutex;
use cortex_m_rt::{ExceptionFrame, exception};
use cortex_m_semihosting::debug;
use cortex_m_semihosting::hio::{self, HostStream};
use embedded_alloc::LlffHeap;

/// RAM reserved for the main stack at the top of RAM. The interpreter uses the native
/// stack only for its own frames (wasm frames live on its heap-allocated value stack),
/// so a few KiB suffice; the firmware prints the measured peak.
pub const STACK_BYTES: usize = 8 * 1024;

/// Total RAM given to the firmware by the linker script (see build.rs).
pub const RAM_KIB: &str = env!("WINT_FW_RAM_KIB");

/// Word written over the free stack at start-up; the deepest overwritten one is the
/// stack's high-water mark.
const PAINT: u32 = 0x5EA5_1DE5;

unsafe extern "C" {
    /// First free byte of RAM after `.data`, `.bss` and `.uninit` (cortex-m-rt).
    static __sheap: u8;
    /// Top of the main stack: the end of RAM (cortex-m-rt).
    static _stack_start: u8;
    /// Start of RAM (cortex-m-rt's `.data`).
    static __sdata: u8;
}

/// A first-fit heap (embedded-alloc's linked-list allocator) that also records what
/// the program asked of it: bytes live now, the peak of live bytes, and the highest
/// address ever handed out (which includes the allocator's alignment and
/// fragmentation: the RAM a heap must really have for this program).
pub struct TrackingHeap {
    heap: LlffHeap,
    start: AtomicUsize,
    size: AtomicUsize,
    live: AtomicUsize,
    peak: AtomicUsize,
    phase_peak: AtomicUsize,
    top: AtomicUsize,
}

#[global_allocator]
static HEAP: TrackingHeap = TrackingHeap {
    heap: LlffHeap::empty(),
    start: AtomicUsize::new(0),
    size: AtomicUsize::new(0),
    live: AtomicUsize::new(0),
    peak: AtomicUsize::new(0),
    phase_peak: AtomicUsize::new(0),
    top: AtomicUsize::new(0),
};

/// Deepest stack use seen since the last [`reset_peaks`]; `usize::MAX` after an
/// overflow of the reserve.
static STACK_MAX: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards to embedded-alloc's allocator, which upholds the
// GlobalAlloc contract; the counters are only statistics.
unsafe impl GlobalAlloc for TrackingHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { self.heap.alloc(layout) };
        if !p.is_null() {
            let live = self.live.fetch_add(layout.size(), Relaxed) + layout.size();
            self.peak.fetch_max(live, Relaxed);
            self.phase_peak.fetch_max(live, Relaxed);
            self.top.fetch_max(p as usize + layout.size(), Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { self.heap.dealloc(ptr, layout) };
        self.live.fetch_sub(layout.size(), Relaxed);
    }
}

/// A snapshot of the heap's counters, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct HeapStats {
    /// Size of the heap region.
    pub size: usize,
    /// Bytes allocated and not yet freed.
    pub live: usize,
    /// Peak of `live` since the last [`reset_peaks`].
    pub peak: usize,
    /// Highest byte handed out since the last [`reset_peaks`], as an offset from the
    /// heap's start: what the heap needed, alignment and fragmentation included.
    pub extent: usize,
}

/// The heap's counters now.
pub fn heap_stats() -> HeapStats {
    let start = HEAP.start.load(Relaxed);
    HeapStats {
        size: HEAP.size.load(Relaxed),
        live: HEAP.live.load(Relaxed),
        peak: HEAP.peak.load(Relaxed),
        extent: HEAP.top.load(Relaxed).saturating_sub(start),
    }
}

/// Starts a new measurement: the peaks become what is live now, and the extent is
/// measured afresh when the heap is empty (otherwise live blocks keep it).
pub fn reset_peaks() {
    let live = HEAP.live.load(Relaxed);
    HEAP.peak.store(live, Relaxed);
    HEAP.phase_peak.store(live, Relaxed);
    if live == 0 {
        HEAP.top.store(HEAP.start.load(Relaxed), Relaxed);
    }
    STACK_MAX.store(0, Relaxed);
    paint_stack();
}

/// What one phase of a run needed, in bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct PhaseStats {
    /// Peak of live heap bytes during the phase.
    pub heap_peak: usize,
    /// Live heap bytes at its end.
    pub heap_live: usize,
    /// Deepest native stack use during the phase (`usize::MAX`: overflow).
    pub stack: usize,
}

/// Ends a phase of a run (loading, instantiating, calling, ...): returns what it
/// needed and starts measuring the next one. The overall peaks go on accumulating.
pub fn end_phase() -> PhaseStats {
    let stack = scan_stack();
    STACK_MAX.fetch_max(stack, Relaxed);
    paint_stack();
    let live = HEAP.live.load(Relaxed);
    PhaseStats {
        heap_peak: HEAP.phase_peak.swap(live, Relaxed),
        heap_live: live,
        stack,
    }
}

fn stack_bottom() -> usize {
    (&raw const _stack_start) as usize - STACK_BYTES
}

/// Paints the free part of the stack reserve, below the current stack pointer.
fn paint_stack() {
    let sp = cortex_m::register::msp::read() as usize;
    let mut p = stack_bottom();
    // Leave the words just below the stack pointer alone: this function's own frame
    // and whatever the compiler keeps there.
    while p + 256 < sp {
        // SAFETY: [stack_bottom, sp) is RAM owned by the stack reserve and not in use
        // (nothing runs below the current stack pointer: no interrupts are enabled).
        unsafe { core::ptr::write_volatile(p as *mut u32, PAINT) };
        p += 4;
    }
}

/// Deepest stack use since the last paint, in bytes from the top of RAM;
/// `usize::MAX` if the lowest word of the reserve was overwritten (the stack may have
/// run into the heap).
fn scan_stack() -> usize {
    let top = (&raw const _stack_start) as usize;
    let mut p = stack_bottom();
    // SAFETY: reads of RAM inside the stack reserve.
    if unsafe { core::ptr::read_volatile(p as *const u32) } != PAINT {
        return usize::MAX;
    }
    // SAFETY: as above; the scan stops at the first word that is not paint.
    while p < top && unsafe { core::ptr::read_volatile(p as *const u32) } == PAINT {
        p += 4;
    }
    top - p
}

/// Bytes of the main stack in use where this is called (top of RAM minus the stack
/// pointer): subtracted from a peak, it leaves what the code called from here used.
#[inline(always)]
pub fn stack_depth() -> usize {
    (&raw const _stack_start) as usize - cortex_m::register::msp::read() as usize
}

/// Deepest use of the main stack since the last [`reset_peaks`], in bytes from the top
/// of RAM; `Err` with the reserve's size if the stack overflowed the reserve.
pub fn stack_peak() -> Result<usize, usize> {
    let now = scan_stack();
    let peak = STACK_MAX.fetch_max(now, Relaxed).max(now);
    if peak == usize::MAX {
        Err(STACK_BYTES)
    } else {
        Ok(peak)
    }
}

/// Where RAM went: statics, heap and stack reserve, in bytes.
#[derive(Debug, Clone, Copy)]
pub struct RamLayout {
    /// `.data` + `.bss` (including the allocator's own state).
    pub statics: usize,
    /// The heap region.
    pub heap: usize,
    /// The stack reserve.
    pub stack: usize,
}

impl fmt::Display for RamLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RAM {RAM_KIB} KiB = statics {} B + heap {} B + stack {} B",
            self.statics, self.heap, self.stack
        )
    }
}

/// Sets up the heap between the statics and the stack reserve and paints the stack.
/// Call once, first thing in `main`.
pub fn init() -> RamLayout {
    let ram = (&raw const __sdata) as usize;
    let start = ((&raw const __sheap) as usize + 7) & !7;
    let end = stack_bottom();
    assert!(
        end > start + 1024,
        "RAM too small: statics end at {start:#x}, stack reserve starts at {end:#x}"
    );
    HEAP.start.store(start, Relaxed);
    HEAP.size.store(end - start, Relaxed);
    HEAP.top.store(start, Relaxed);
    // SAFETY: called once, before any allocation, over RAM that nothing else uses:
    // above the statics and below the stack reserve.
    unsafe { HEAP.heap.init(start, end - start) };
    paint_stack();
    RamLayout {
        statics: start - ram,
        heap: end - start,
        stack: STACK_BYTES,
    }
}

/// Ends the program: QEMU exits with status 0 (`ok`) or 1.
pub fn exit(ok: bool) -> ! {
    debug::exit(if ok {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // Only reached when no debugger or emulator listens to semihosting.
    loop {
        cortex_m::asm::wfi();
    }
}

/// Host streams for stdout and stderr, opened on first use.
static STREAMS: Mutex<Cell<[Option<HostStream>; 2]>> = Mutex::new(Cell::new([None; 2]));

/// Writes raw bytes to the host's stdout (fd 1) or stderr (any other fd); false if
/// the host refused them.
pub fn write_host(fd: u32, bytes: &[u8]) -> bool {
    let i = usize::from(fd != 1);
    cortex_m::interrupt::free(|cs| {
        let cell = STREAMS.borrow(cs);
        let mut streams = cell.get();
        if streams[i].is_none() {
            streams[i] = if i == 0 {
                hio::hstdout()
            } else {
                hio::hstderr()
            }
            .ok();
            cell.set(streams);
        }
        match streams[i] {
            Some(mut s) => s.write_all(bytes).is_ok(),
            None => false,
        }
    })
}

/// `fmt::Write` over [`write_host`] on stdout.
struct HostOut;

impl fmt::Write for HostOut {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if write_host(1, s.as_bytes()) {
            Ok(())
        } else {
            Err(fmt::Error)
        }
    }
}

/// Prints formatted text to the host's stdout (used by [`println!`]).
pub fn print_fmt(args: fmt::Arguments<'_>) {
    let _ = fmt::Write::write_fmt(&mut HostOut, args);
}

/// `println!` for the firmware: a line on the host's stdout through semihosting.
#[macro_export]
macro_rules! println {
    ($($arg:tt)*) => {
        $crate::print_fmt(format_args!("{}\n", format_args!($($arg)*)))
    };
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    println!("panic: {}", info);
    exit(false)
}

#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    println!("hard fault at pc {:#010x}", frame.pc());
    exit(false)
}
