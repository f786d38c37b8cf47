//! The batch pipeline: one reader, `jobs` workers sharing the compiled table, one writer that
//! puts results back in input order.
//!
//! ```text
//! reader ──chunks──▶ workers (×jobs, &CompiledTable) ──results──▶ writer (reorders by sequence)
//!    ▲                                                                │
//!    └──────────────────────── credits (one per written chunk) ───────┘
//! ```
//!
//! Memory is bounded: the reader may only run `2 × jobs` chunks ahead of the writer (each at
//! most 256 lines or about 1 MiB), however slow one chunk is and however long the input.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};
use std::sync::{Arc, Mutex};

use indicatif::ProgressBar;
use scimap::mapping::CompiledTable;

use super::destination::Destination;
use super::input::{Chunk, ChunkReader};
use super::record::{map_line, Outcome};

/// Where the pipeline writes.
pub struct Sink {
    /// One SCIM resource per line.
    pub output: Destination,
    /// One JSON error record per line, or `None` for a human line on standard error.
    pub errors: Option<Destination>,
    /// The table's file name, for human error lines.
    pub table_name: String,
    /// The progress bar, if one is shown.
    pub progress: Option<ProgressBar>,
    /// What has been written so far.
    pub counts: Counts,
}

/// What became of the input's lines.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    /// Lines read.
    pub lines: u64,
    /// Users mapped.
    pub mapped: u64,
    /// Lines that failed (an error record each).
    pub failed: u64,
    /// Blank lines skipped.
    pub blank: u64,
}

/// Why the pipeline stopped before the end of the input.
#[derive(Debug)]
pub enum Stop {
    /// Reading the input failed.
    Read(io::Error),
    /// Writing the output or the error records failed.
    Write(io::Error),
}

/// The results of one chunk.
struct Done {
    sequence: u64,
    bytes: usize,
    outcomes: Vec<Outcome>,
}

/// Maps every line of `reader` through `table` with `jobs` threads, writing in input order.
pub fn run<R: BufRead>(
    mut reader: ChunkReader<R>,
    table: &CompiledTable,
    jobs: usize,
    sink: &mut Sink,
) -> Result<(), Stop> {
    if jobs <= 1 {
        while let Some(chunk) = reader.next_chunk().map_err(Stop::Read)? {
            sink.write(process(table, chunk)).map_err(Stop::Write)?;
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        let (work_sender, work_receiver) = sync_channel::<Chunk>(jobs);
        let work_receiver = Arc::new(Mutex::new(work_receiver));
        let (done_sender, done_receiver) = channel::<Done>();
        let (credit_sender, credit_receiver) = channel::<()>();
        for _ in 0..2 * jobs {
            let _ = credit_sender.send(());
        }
        for _ in 0..jobs {
            let work = Arc::clone(&work_receiver);
            let done = done_sender.clone();
            scope.spawn(move || work_loop(table, &work, &done));
        }
        drop((work_receiver, done_sender));
        let writer = scope.spawn(move || write_in_order(&done_receiver, &credit_sender, sink));
        let read = read_loop(&mut reader, &work_sender, &credit_receiver);
        drop(work_sender);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")));
        read.map_err(Stop::Read)?;
        written.map_err(Stop::Write)
    })
}

fn read_loop<R: BufRead>(
    reader: &mut ChunkReader<R>,
    work: &std::sync::mpsc::SyncSender<Chunk>,
    credits: &Receiver<()>,
) -> io::Result<()> {
    // No credit: the writer stopped (it failed); no receiver: the workers stopped.
    while credits.recv().is_ok() {
        let Some(chunk) = reader.next_chunk()? else {
            break;
        };
        if work.send(chunk).is_err() {
            break;
        }
    }
    Ok(())
}

fn work_loop(table: &CompiledTable, work: &Mutex<Receiver<Chunk>>, done: &Sender<Done>) {
    loop {
        let chunk = match work.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(chunk) = chunk else { return };
        if done.send(process(table, chunk)).is_err() {
            return;
        }
    }
}

fn process(table: &CompiledTable, chunk: Chunk) -> Done {
    let outcomes = chunk
        .lines
        .iter()
        .zip(chunk.first_line..)
        .map(|(raw, line)| map_line(table, line, raw))
        .collect();
    Done {
        sequence: chunk.sequence,
        bytes: chunk.bytes,
        outcomes,
    }
}

fn write_in_order(done: &Receiver<Done>, credits: &Sender<()>, sink: &mut Sink) -> io::Result<()> {
    let mut pending = BTreeMap::new();
    let mut next = 0;
    for result in done {
        pending.insert(result.sequence, result);
        while let Some(done) = pending.remove(&next) {
            sink.write(done)?;
            next += 1;
            let _ = credits.send(());
        }
    }
    if pending.is_empty() {
        Ok(())
    } else {
        Err(io::Error::other(
            "a worker thread stopped before its chunk was written",
        ))
    }
}

impl Sink {
    /// Writes one chunk's outcomes.
    fn write(&mut self, done: Done) -> io::Result<()> {
        for outcome in done.outcomes {
            self.counts.lines += 1;
            match outcome {
                Outcome::Mapped(resource) => {
                    self.counts.mapped += 1;
                    self.output.write_all(resource.as_bytes())?;
                    self.output.write_all(b"\n")?;
                }
                Outcome::Blank => self.counts.blank += 1,
                Outcome::Failed(failure) => {
                    self.counts.failed += 1;
                    match &mut self.errors {
                        Some(errors) => {
                            errors.write_all(failure.to_json_line().as_bytes())?;
                            errors.write_all(b"\n")?;
                        }
                        None => {
                            let text = failure.to_human(&self.table_name);
                            match &self.progress {
                                Some(bar) => bar.suspend(|| eprint!("{text}")),
                                None => eprint!("{text}"),
                            }
                        }
                    }
                }
            }
        }
        if let Some(bar) = &self.progress {
            bar.inc(done.bytes as u64);
            bar.set_message(format!(
                "{} mapped, {} failed",
                self.counts.mapped, self.counts.failed
            ));
        }
        Ok(())
    }
}
