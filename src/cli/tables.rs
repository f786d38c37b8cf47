//! `scimap tables`: the tables built into the program; `scimap tables show NAME` prints one.

use scimap::mapping::builtin;

use super::{usage_error, OK};

/// Arguments of `scimap tables`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  scimap tables
  scimap tables show namely > namely.toml     # a starting point for your own table")]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Print a built-in table as TOML.
    Show {
        /// The table's name (see `scimap tables`).
        name: String,
    },
}

/// Runs `scimap tables`.
pub fn run(args: &Args) -> u8 {
    match &args.action {
        None => {
            let width = builtin::TABLES
                .iter()
                .map(|t| t.name.len())
                .max()
                .unwrap_or(0);
            for table in builtin::TABLES {
                println!("{:width$}  {}", table.name, table.summary);
            }
            OK
        }
        Some(Action::Show { name }) => match builtin::table(name) {
            Some(table) => {
                print!("{}", table.text);
                OK
            }
            None => usage_error(format!(
                "no built-in table `{name}`; the tables are: {}",
                names()
            )),
        },
    }
}

fn names() -> String {
    let names: Vec<&str> = builtin::TABLES.iter().map(|t| t.name).collect();
    names.join(", ")
}
