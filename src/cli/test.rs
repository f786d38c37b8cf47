//! `scimap test`: run the tests that travel with mapping tables (`*.tests.toml`), report each
//! case, and with `--update` accept the tables' current output.

mod human;
mod junit;
mod machine;

use std::path::{Path, PathBuf};

use scimap::mapping::testing::{FileReport, OpenError, TestFile, UpdateSummary};
use scimap::Diagnostics;

use super::{usage_error, FINDINGS, OK};

/// Arguments of `scimap test`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  scimap test                                 # every *.tests.toml under the current folder
  scimap test examples/namely.tests.toml
  scimap test --format junit tables/ > scimap-tests.xml
  scimap test --update                        # accept the tables' current output

A test file names a table (a file beside it, or a built-in table) and lists cases: a user and
what to expect of the SCIM resource ([case.expect] by attribute, a snapshot, the PATCH, or an
error). The README's section `Testing a table` describes the format.
Exit status: 0 when every case passes, 1 when some fail, 2 on usage or I/O errors.")]
pub struct Args {
    /// Test files, or folders searched for `*.tests.toml` [default: the current folder].
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// How to report.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Accept the current output: rewrite snapshot files and the failing expected values in
    /// the test files (nothing else in them changes). Expected errors are left to edit.
    #[arg(long)]
    update: bool,
}

/// Output formats of `scimap test`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Each case with ✓ or ✗, a diff for each failure, and `N passed, M failed`.
    Human,
    /// One JSON document with every case and failure.
    Json,
    /// JUnit XML, which CI systems show as test results.
    Junit,
}

/// One test file's results.
pub enum FileResult {
    /// The file was read and its cases ran.
    Ran {
        /// The cases' results.
        report: FileReport,
        /// What `--update` did.
        update: Option<Result<UpdateSummary, String>>,
    },
    /// The file could not be read or is not a valid test file.
    Invalid {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
        /// Its diagnostics, when it was read.
        diagnostics: Option<Diagnostics>,
    },
}

impl FileResult {
    /// (passed, failed) cases; an invalid file counts as one failure, and with `--update` a
    /// case whose failures were all accepted counts as passed.
    pub fn counts(&self) -> (usize, usize) {
        match self {
            FileResult::Ran { report, update } => {
                let updated = match update {
                    Some(Ok(summary)) => summary.updated.len(),
                    _ => 0,
                };
                (report.passed() + updated, report.failed() - updated)
            }
            FileResult::Invalid { .. } => (0, 1),
        }
    }
}

/// Runs `scimap test`.
pub fn run(args: &Args) -> u8 {
    let files = match discover(&args.paths) {
        Ok(files) => files,
        Err(message) => return usage_error(message),
    };
    let results: Vec<FileResult> = files
        .iter()
        .map(|path| run_file(path, args.update))
        .collect();
    let (passed, failed) = results.iter().fold((0, 0), |(p, f), result| {
        let (passed, failed) = result.counts();
        (p + passed, f + failed)
    });
    let output = match args.format {
        Format::Human => human::report(&results, passed, failed),
        Format::Json => machine::report(&results, passed, failed),
        Format::Junit => junit::report(&results),
    };
    print!("{output}");
    if failed == 0 {
        OK
    } else {
        FINDINGS
    }
}

fn run_file(path: &Path, update: bool) -> FileResult {
    let file = match TestFile::open(path) {
        Ok(file) => file,
        Err(OpenError::Io(message)) => {
            return FileResult::Invalid {
                path: path.to_path_buf(),
                message,
                diagnostics: None,
            }
        }
        Err(OpenError::Invalid(diagnostics)) => {
            return FileResult::Invalid {
                path: path.to_path_buf(),
                message: format!("{} is not a valid test file", path.display()),
                diagnostics: Some(diagnostics),
            }
        }
    };
    let report = file.run();
    let update = update.then(|| {
        file.update(&report)
            .map_err(|e| format!("cannot update {}: {e}", path.display()))
    });
    FileResult::Ran { report, update }
}

/// The test files: each file given, and every `*.tests.toml` under each folder given (hidden
/// folders and `target` skipped), in path order.
fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            walk(path, &mut files).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            files[before..].sort();
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(format!("{} does not exist", path.display()));
        }
    }
    if files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(format!(
            "no test files (*.tests.toml) under {}",
            shown.join(", ")
        ));
    }
    Ok(files)
}

fn walk(folder: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let path = path
            .strip_prefix("./")
            .map(Path::to_path_buf)
            .unwrap_or(path);
        if entry.file_type()?.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk(&path, files)?;
            }
        } else if name.ends_with(".tests.toml") {
            files.push(path);
        }
    }
    Ok(())
}

/// `1 case` / `2 cases`.
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
