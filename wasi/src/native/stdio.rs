//! The guest's stdout and stderr on Unix: this process's descriptors 1 and 2, written
//! directly. (Going through `std::io::Stdout` would line-buffer: every write of the
//! guest would be scanned for newlines and copied, which costs a sixth of the time
//! of a guest streaming data through a pipe.)

use std::any::Any;
use std::boxed::Box;
use std::fs::File;
use std::io::{IoSlice, IsTerminal, Write};
use std::os::fd::{AsFd, BorrowedFd};

use wasi_common::file::{FdFlags, FileType, WasiFile};
use wasi_common::{Error, ErrorExt, SystemTimeSpec};

/// A standard output stream of this process, shared with the host (a duplicate of its
/// descriptor, so that the guest never closes the host's).
pub(super) struct HostOutput {
    file: File,
    tty: bool,
}

impl HostOutput {
    /// A duplicate of `fd`; `None` when it cannot be duplicated (e.g. it is closed), in
    /// which case the caller falls back to wasi-common's streams.
    pub(super) fn boxed(fd: BorrowedFd<'_>) -> Option<Box<dyn WasiFile>> {
        let file = File::from(fd.try_clone_to_owned().ok()?);
        let tty = file.is_terminal();
        Some(Box::new(HostOutput { file, tty }))
    }
}

fn to_std_time(t: Option<SystemTimeSpec>) -> Option<std::time::SystemTime> {
    match t? {
        SystemTimeSpec::SymbolicNow => Some(std::time::SystemTime::now()),
        SystemTimeSpec::Absolute(t) => Some(t.into_std()),
    }
}

#[async_trait::async_trait]
impl WasiFile for HostOutput {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn pollable(&self) -> Option<BorrowedFd<'_>> {
        Some(self.file.as_fd())
    }
    fn isatty(&self) -> bool {
        self.tty
    }
    async fn get_filetype(&self) -> Result<FileType, Error> {
        Ok(if self.tty {
            FileType::CharacterDevice
        } else {
            FileType::Unknown
        })
    }
    async fn get_fdflags(&self) -> Result<FdFlags, Error> {
        Ok(FdFlags::APPEND)
    }
    async fn write_vectored<'a>(&self, bufs: &[IoSlice<'a>]) -> Result<u64, Error> {
        let n = (&self.file).write_vectored(bufs)?;
        Ok(n as u64)
    }
    async fn write_vectored_at<'a>(&self, _bufs: &[IoSlice<'a>], _at: u64) -> Result<u64, Error> {
        Err(Error::seek_pipe())
    }
    async fn seek(&self, _pos: std::io::SeekFrom) -> Result<u64, Error> {
        Err(Error::seek_pipe())
    }
    async fn set_times(
        &self,
        atime: Option<SystemTimeSpec>,
        mtime: Option<SystemTimeSpec>,
    ) -> Result<(), Error> {
        let mut times = std::fs::FileTimes::new();
        if let Some(t) = to_std_time(atime) {
            times = times.set_accessed(t);
        }
        if let Some(t) = to_std_time(mtime) {
            times = times.set_modified(t);
        }
        self.file.set_times(times)?;
        Ok(())
    }
}
