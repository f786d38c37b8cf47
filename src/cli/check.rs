//! `scimap check` (alias `lint`): check mapping tables and report every problem at once.

use std::path::PathBuf;

use scimap::diagnostic::Severity;
use scimap::mapping::Table;
use scimap::Diagnostics;

use super::render::{self, Finding};
use super::{FINDINGS, OK, USAGE};

/// Arguments of `scimap check`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  scimap check tables/namely.toml
  scimap check --format github tables/*.toml      # annotations in a GitHub Actions log
  scimap check --format sarif tables/*.toml > scimap.sarif
  scimap check --deny warnings exported-rules.json
  scimap check examples/namely.tests.toml         # a table's tests: table, users, expectations

Exit status: 0 when clean, 1 when there are findings, 2 on usage or I/O errors.")]
pub struct Args {
    /// Table files (TOML, or JumpCloud translation-rule JSON; `-` reads standard input), and
    /// table test files (`*.tests.toml`).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// How to report problems.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Count warnings as findings too (exit 1 when there are any).
    #[arg(long, value_enum, value_name = "WHAT")]
    deny: Option<Deny>,
}

/// Output formats of `scimap check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Rendered reports on standard error, with a summary line.
    Human,
    /// A JSON array of findings on standard output.
    Json,
    /// GitHub Actions workflow commands (annotations) on standard output.
    Github,
    /// A SARIF 2.1.0 log on standard output (code scanning).
    Sarif,
}

/// What `--deny` turns into findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    /// Warnings fail the check like errors.
    Warnings,
}

/// Runs `scimap check`.
pub fn run(args: &Args) -> u8 {
    let outcomes: Vec<Result<Diagnostics, String>> = args
        .files
        .iter()
        .map(|path| read(path).map(|(name, text)| check_text(&name, &text)))
        .collect();
    let checked: Vec<&Diagnostics> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
    let findings: Vec<Finding> = checked
        .iter()
        .flat_map(|d| Finding::all(&d.name, d))
        .collect();
    let machine = match args.format {
        Format::Human => None,
        Format::Json => Some(render::json(&findings)),
        Format::Github => Some(render::github(&findings)),
        Format::Sarif => Some(render::sarif(&findings)),
    };
    match machine {
        None => report_human(&outcomes),
        Some(report) => {
            for message in outcomes.iter().filter_map(|o| o.as_ref().err()) {
                eprintln!("error: {message}");
            }
            print!("{report}");
        }
    }
    let unreadable = checked.len() < outcomes.len();
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    status(
        unreadable,
        count(Severity::Error),
        count(Severity::Warning),
        args.deny,
    )
}

/// The exit status: 2 when a file could not be read, 1 for findings (errors; warnings too
/// under `--deny warnings`), else 0.
fn status(unreadable: bool, errors: usize, warnings: usize, deny: Option<Deny>) -> u8 {
    if unreadable {
        USAGE
    } else if errors > 0 || (warnings > 0 && deny == Some(Deny::Warnings)) {
        FINDINGS
    } else {
        OK
    }
}

/// Reads a file as text; the name is the path as given (`<stdin>` for `-`).
fn read(path: &std::path::Path) -> Result<(String, String), String> {
    if path.as_os_str() == "-" {
        let text = std::io::read_to_string(std::io::stdin())
            .map_err(|e| format!("reading standard input: {e}"))?;
        return Ok(("<stdin>".to_string(), text));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok((path.display().to_string(), text))
}

/// Every problem of one table file: file format errors, or compile errors and warnings. A
/// test file (`*.tests.toml`) is checked as one: its table, inputs and expectations.
fn check_text(name: &str, text: &str) -> Diagnostics {
    if name.ends_with(".tests.toml") {
        return scimap::mapping::testing::check_text(std::path::Path::new(name), text);
    }
    let table = match Table::from_text(name, text) {
        Ok(table) => table,
        Err(diagnostics) => return diagnostics,
    };
    match table.compile(&super::common::engine()) {
        Ok(compiled) => Diagnostics {
            name: name.to_string(),
            source: table.origin.text.clone(),
            items: compiled.warnings().to_vec(),
        },
        Err(diagnostics) => diagnostics,
    }
}

fn report_human(outcomes: &[Result<Diagnostics, String>]) {
    let (mut errors, mut warnings, mut files, mut unreadable) = (0, 0, 0, 0);
    for outcome in outcomes {
        match outcome {
            Ok(diagnostics) => {
                files += 1;
                errors += diagnostics.errors().count();
                warnings += diagnostics.warnings().count();
                if !diagnostics.items.is_empty() {
                    eprintln!("{}", render::graphical(diagnostics));
                }
            }
            Err(message) => {
                unreadable += 1;
                eprintln!("error: {message}\n");
            }
        }
    }
    let mut summary = format!(
        "{}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files, "file")
    );
    if unreadable > 0 {
        summary.push_str(&format!(
            "; {} could not be read",
            plural(unreadable, "file")
        ));
    }
    eprintln!("{summary}");
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_findings_only_when_denied() {
        assert_eq!(status(false, 0, 0, None), OK);
        assert_eq!(status(false, 0, 3, None), OK);
        assert_eq!(status(false, 0, 3, Some(Deny::Warnings)), FINDINGS);
        assert_eq!(status(false, 1, 0, None), FINDINGS);
        assert_eq!(status(true, 1, 0, None), USAGE);
    }
}
