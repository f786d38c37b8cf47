//! `scimap map`: maps a stream of JumpCloud users (NDJSON) through a table into SCIM resources,
//! in parallel, in input order, accounting for every input line.
//!
//! * Each line is a JumpCloud user, or `{"jcUser": ..., "providerUser": ...}`.
//! * A mapped line gives one SCIM resource (compact JSON) on the output, in input order.
//! * A failed line (not UTF-8, not JSON, not an object, too long, a row that fails) gives one error
//!   record: JSON lines in `--errors FILE`, or else a human line on standard error.
//! * A blank line (empty or only whitespace) is skipped and counted in the summary.
//! * `--output` and `--errors` files appear whole at the end (temporary file, then rename).

mod destination;
mod input;
mod pipeline;
mod record;

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use scimap::mapping::{CompiledTable, ManagerResolver};
use serde_json::Value as Json;

use self::destination::Destination;
use self::input::ChunkReader;
use self::pipeline::{Counts, Sink, Stop};
use super::common::{compile_table, read_json, TableError};
use super::{print_diagnostics, usage_error, FINDINGS, OK};

/// Arguments of `scimap map`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The table: a built-in name (`namely`, `heap`, `custom-scim`) or a file (TOML or JSON).
    #[arg(long, short, value_name = "NAME|FILE")]
    table: String,
    /// NDJSON input: one JumpCloud user per line, or `{"jcUser": ..., "providerUser": ...}`;
    /// `-` or nothing reads standard input.
    #[arg(value_name = "INPUT")]
    input: Option<PathBuf>,
    /// Write the SCIM resources here (whole at the end) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write one JSON error record per failed line here, instead of a message on standard error.
    #[arg(long, short, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Worker threads [default: the number of cores].
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    jobs: Option<u16>,
    /// A JSON object mapping JumpCloud user ids to the provider's ids, for `managerExternalId`.
    #[arg(long, value_name = "FILE")]
    manager_map: Option<PathBuf>,
    /// No progress bar, no summary, no table warnings (failures are still reported).
    #[arg(long, short)]
    quiet: bool,
}

/// Runs `scimap map`.
pub fn run(args: &Args) -> u8 {
    let table = match load_table(args) {
        Ok(table) => table,
        Err(status) => return status,
    };
    let (reader, length) = match open_input(args.input.as_deref()) {
        Ok(input) => input,
        Err(message) => return usage_error(message),
    };
    let mut sink = match open_sink(args, &table, length) {
        Ok(sink) => sink,
        Err(message) => return usage_error(message),
    };
    let jobs = args.jobs.map_or_else(default_jobs, usize::from);
    let started = Instant::now();
    let result = pipeline::run(ChunkReader::new(reader), &table, jobs, &mut sink);
    let elapsed = started.elapsed();
    if let Some(bar) = sink.progress.take() {
        bar.finish_and_clear();
    }
    let counts = sink.counts;
    if let Err(stop) = result {
        // Dropping the sink removes the temporary files.
        return usage_error(match stop {
            Stop::Read(error) => format!("reading the input: {error}"),
            Stop::Write(error) => format!("writing the output: {error}"),
        });
    }
    if let Err(error) = finish(sink) {
        return usage_error(format!("writing the output: {error}"));
    }
    if !args.quiet {
        eprintln!("{}", summary(&counts, elapsed));
    }
    if counts.failed > 0 {
        FINDINGS
    } else {
        OK
    }
}

fn load_table(args: &Args) -> Result<CompiledTable, u8> {
    let table = match compile_table(&args.table) {
        Ok(table) => table,
        Err(TableError::Io(message)) => return Err(usage_error(message)),
        Err(TableError::Invalid(diagnostics)) => {
            print_diagnostics(&diagnostics);
            return Err(FINDINGS);
        }
    };
    if !table.has_user_rows() {
        return Err(usage_error(format!(
            "table `{}` has no user rows",
            table.origin().name
        )));
    }
    if !args.quiet && !table.warnings().is_empty() {
        print_diagnostics(&scimap::Diagnostics {
            name: table.origin().name.clone(),
            source: table.origin().text.clone(),
            items: table.warnings().to_vec(),
        });
    }
    match &args.manager_map {
        Some(path) => Ok(table.with_manager_resolver(manager_map(path).map_err(usage_error)?)),
        None => Ok(table),
    }
}

/// Reads `{"<JumpCloud id>": "<provider id>", ...}` into a resolver.
fn manager_map(path: &Path) -> Result<ManagerResolver, String> {
    let Json::Object(map) = read_json(path)? else {
        return Err(format!(
            "{} must hold a JSON object of JumpCloud ids to provider ids",
            path.display()
        ));
    };
    let mut ids = HashMap::with_capacity(map.len());
    for (jumpcloud, provider) in map {
        let Json::String(provider) = provider else {
            return Err(format!(
                "{}: the provider id of `{jumpcloud}` must be a string",
                path.display()
            ));
        };
        ids.insert(jumpcloud, provider);
    }
    Ok(Arc::new(move |id: &str| ids.get(id).cloned()))
}

/// The input and its length in bytes when known (for the progress bar).
fn open_input(path: Option<&Path>) -> Result<(Box<dyn BufRead>, Option<u64>), String> {
    match path {
        None => Ok((Box::new(io::stdin().lock()), None)),
        Some(path) if path.as_os_str() == "-" => Ok((Box::new(io::stdin().lock()), None)),
        Some(path) => {
            let file = std::fs::File::open(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let length = file.metadata().ok().map(|m| m.len());
            Ok((Box::new(BufReader::with_capacity(1 << 16, file)), length))
        }
    }
}

fn open_sink(args: &Args, table: &CompiledTable, length: Option<u64>) -> Result<Sink, String> {
    let create = |path: &Path| {
        Destination::file(path).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let output = match &args.output {
        Some(path) => create(path)?,
        None => Destination::stdout(),
    };
    let errors = args.errors.as_deref().map(create).transpose()?;
    Ok(Sink {
        output,
        errors,
        table_name: table.origin().name.clone(),
        progress: progress_bar(args.quiet, length),
        counts: Counts::default(),
    })
}

/// Flushes standard output, or moves the finished files into place.
fn finish(sink: Sink) -> io::Result<()> {
    sink.output.finish()?;
    sink.errors.map_or(Ok(()), Destination::finish)
}

/// A progress bar on standard error, only when it is a terminal and the run is not quiet.
fn progress_bar(quiet: bool, length: Option<u64>) -> Option<ProgressBar> {
    if quiet || !io::stderr().is_terminal() {
        return None;
    }
    let bar = match length {
        Some(length) => ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let template = if length.is_some() {
        "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} ({eta}) {msg}"
    } else {
        "{spinner} [{elapsed_precise}] {binary_bytes} read ({binary_bytes_per_sec}) {msg}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// `mapped 998 users, 2 failed (1001 lines, 1 blank) in 0.42 s (2381 users/s)`.
fn summary(counts: &Counts, elapsed: Duration) -> String {
    let blank = match counts.blank {
        0 => String::new(),
        n => format!(", {n} blank"),
    };
    let users = counts.mapped + counts.failed;
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        format!(" ({:.0} users/s)", users as f64 / seconds)
    } else {
        String::new()
    };
    format!(
        "mapped {} {}, {} failed ({} {}{blank}) in {seconds:.2} s{rate}",
        counts.mapped,
        plural(counts.mapped, "user", "users"),
        counts.failed,
        counts.lines,
        plural(counts.lines, "line", "lines"),
    )
}

fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}
