//! The command line: one program, `scimap`, with subcommands.

mod common;
mod eval;
mod map;
mod repl;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status: success.
pub const OK: u8 = 0;
/// Exit status: the input had problems (an expression failed, a table has findings).
pub const FINDINGS: u8 = 1;
/// Exit status: usage or I/O error.
pub const USAGE: u8 = 2;

/// scimap: attribute-mapping expressions (the Expr language) for SCIM 2.0 provisioning.
#[derive(Debug, Parser)]
#[command(name = "scimap", version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  scimap eval \"upper('jdoe')\"
  scimap eval --input user.json \"jcUser.firstname + ' ' + jcUser.lastname\"
  echo '{\"jcUser\": {\"email\": \"a@b.c\"}}' | scimap eval --input - 'jcUser.email'";

#[derive(Debug, Subcommand)]
enum Command {
    /// Evaluate one expression and print its value as JSON.
    Eval(eval::Args),
    /// Map NDJSON users through a table into SCIM resources, one per line, in parallel.
    Map(map::Args),
    /// An interactive session: expressions with their value and type, completion, :preview.
    Repl(repl::Args),
}

/// Runs the program.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { USAGE } else { OK });
        }
    };
    let status = match cli.command {
        Command::Eval(args) => eval::run(&args),
        Command::Map(args) => map::run(&args),
        Command::Repl(args) => repl::run(&args),
    };
    let _ = std::io::stdout().flush();
    ExitCode::from(status)
}

/// Prints an error message for a usage or I/O problem and returns the usage status.
pub fn usage_error(message: impl std::fmt::Display) -> u8 {
    eprintln!("error: {message}");
    USAGE
}

/// Renders diagnostics on standard error (colour only on a terminal, `NO_COLOR` honoured).
pub fn print_diagnostics(diagnostics: &scimap::Diagnostics) {
    let report = scimap::diagnostic::Report::new(diagnostics);
    let handler = miette::GraphicalReportHandler::new_themed(theme());
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = scimap::diagnostic::render_plain(diagnostics);
    }
    eprint!("{out}");
}

fn theme() -> miette::GraphicalTheme {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    }
}
