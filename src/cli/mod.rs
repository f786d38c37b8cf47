//! The command line: one program, `scimap`, with subcommands.

mod check;
mod common;
mod diff;
mod eval;
mod explain;
mod map;
mod preview;
mod render;
mod repl;
mod tables;
mod test;

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
    #[command(flatten)]
    limits: LimitArgs,
}

/// Evaluation limits (`scimap::eval::Limits`), for every command that compiles expressions.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Limits")]
struct LimitArgs {
    /// Evaluation steps per expression: calls and predicate iterations [default: 10000000]
    #[arg(long, global = true, value_name = "N")]
    max_steps: Option<u64>,
    /// Units of collection and string growth per evaluation (Go's budget) [default: 1000000]
    #[arg(long, global = true, value_name = "N")]
    memory_budget: Option<u64>,
    /// Nesting depth of evaluation [default: 500]
    #[arg(long, global = true, value_name = "N")]
    max_depth: Option<u32>,
    /// Longest expression, in bytes [default: 1048576]
    #[arg(long, global = true, value_name = "BYTES")]
    max_source_len: Option<usize>,
    /// Deepest nesting of brackets and nesting constructs in an expression [default: 256]
    #[arg(long, global = true, value_name = "N")]
    max_nesting: Option<usize>,
    /// Most syntax nodes in one expression [default: 10000]
    #[arg(long, global = true, value_name = "N")]
    max_nodes: Option<usize>,
}

impl LimitArgs {
    fn limits(&self) -> scimap::eval::Limits {
        let default = scimap::eval::Limits::default();
        scimap::eval::Limits {
            memory_budget: self.memory_budget.unwrap_or(default.memory_budget),
            max_steps: self.max_steps.unwrap_or(default.max_steps),
            max_depth: self.max_depth.unwrap_or(default.max_depth),
            max_source_len: self.max_source_len.unwrap_or(default.max_source_len),
            max_nesting: self.max_nesting.unwrap_or(default.max_nesting),
            max_nodes: self.max_nodes.unwrap_or(default.max_nodes),
        }
    }
}

const EXAMPLES: &str = "\
Examples:
  scimap eval \"upper('jdoe')\"
  scimap eval --input user.json \"jcUser.firstname + ' ' + jcUser.lastname\"
  echo '{\"jcUser\": {\"email\": \"a@b.c\"}}' | scimap eval --input - 'jcUser.email'
  scimap check --format github tables/*.toml
  scimap preview --table namely --user john.json
  scimap explain T0002
  scimap test examples/

Exit status: 0 success, 1 findings (a failing expression, table or user), 2 usage or I/O error.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Evaluate one expression and print its value as JSON.
    Eval(eval::Args),
    /// Check mapping tables (TOML or JumpCloud JSON) and report every problem.
    #[command(visible_alias = "lint")]
    Check(check::Args),
    /// Print the SCIM resource a table makes of one user.
    Preview(preview::Args),
    /// Print the RFC 7644 PATCH request that brings the provider's copy of a user up to date.
    Diff(diff::Args),
    /// Explain a diagnostic code (`scimap explain T0002`).
    Explain(explain::Args),
    /// List the built-in tables; `tables show NAME` prints one as TOML.
    Tables(tables::Args),
    /// Map NDJSON users through a table into SCIM resources, one per line, in parallel.
    Map(map::Args),
    /// An interactive session: expressions with their value and type, completion, :preview.
    Repl(repl::Args),
    /// Run the tests of mapping tables (`*.tests.toml`): each case's user through its table.
    Test(test::Args),
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
    common::set_limits(cli.limits.limits());
    let status = match cli.command {
        Command::Eval(args) => eval::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Preview(args) => preview::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Tables(args) => tables::run(&args),
        Command::Map(args) => map::run(&args),
        Command::Repl(args) => repl::run(&args),
        Command::Test(args) => test::run(&args),
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
    eprint!("{}", render::graphical(diagnostics));
}
