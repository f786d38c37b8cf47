//! Output destinations. A file appears whole or not at all: written to `FILE.tmp-<pid>` beside it,
//! synced, then renamed over `FILE`. Dropped without [`AtomicFile::commit`], the temporary file
//! is removed, so a failed run leaves neither half a file nor litter.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written under a temporary name.
pub struct AtomicFile {
    target: PathBuf,
    temporary: PathBuf,
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Creates the temporary file beside `target` (same directory, so the rename is atomic).
    pub fn create(target: &Path) -> io::Result<AtomicFile> {
        let mut name = target.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".tmp-{}", std::process::id()));
        let temporary = target.with_file_name(name);
        let file = File::create(&temporary)?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temporary,
            file: Some(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    /// Flushes, syncs and renames the file into place (on failure the temporary file goes).
    pub fn commit(mut self) -> io::Result<()> {
        let Some(writer) = self.file.take() else {
            return Ok(());
        };
        let result = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .and_then(|file| file.sync_all())
            .and_then(|()| std::fs::rename(&self.temporary, &self.target));
        if result.is_err() {
            let _ = std::fs::remove_file(&self.temporary);
        }
        result
    }

    fn writer(&mut self) -> io::Result<&mut BufWriter<File>> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("the file was already committed"))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.writer()?.write(bytes)
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.writer()?.write_all(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Where a stream of records goes: standard output, or a file that appears whole at the end.
pub enum Destination {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A file.
    File(AtomicFile),
}

impl Destination {
    /// Standard output, buffered.
    pub fn stdout() -> Destination {
        Destination::Stdout(BufWriter::with_capacity(1 << 16, io::stdout()))
    }

    /// A file beside which a temporary file is written first.
    pub fn file(path: &Path) -> io::Result<Destination> {
        AtomicFile::create(path).map(Destination::File)
    }

    /// Flushes standard output, or moves the finished file into place.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Destination::Stdout(mut stdout) => stdout.flush(),
            Destination::File(file) => file.commit(),
        }
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Destination::Stdout(stdout) => stdout,
            Destination::File(file) => file,
        }
    }
}

impl Write for Destination {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.writer().write(bytes)
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.writer().write_all(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}
