//! `scimap eval`: evaluate one expression over an input document.

use std::path::PathBuf;

use serde_json::Value as Json;

use super::{print_diagnostics, usage_error, FINDINGS, OK};

/// Arguments of `scimap eval`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  scimap eval \"upper('jdoe')\"
  scimap eval --input user.json \"jcUser.firstname + ' ' + jcUser.lastname\"
  echo '{\"jcUser\": {\"email\": \"a@b.c\"}}' | scimap eval --input - 'jcUser.email'
  scimap eval -- '-1 * 2'                         # an expression that starts with `-`

Exit status: 0 with the value on stdout, 1 when the expression fails (a diagnostic on stderr),
2 on usage or I/O errors.")]
pub struct Args {
    /// A JSON object whose keys are the variables (`{"jcUser": {...}, "providerUser": {...}}`);
    /// `-` reads standard input.
    #[arg(long, short, value_name = "FILE")]
    input: Option<PathBuf>,
    /// The expression (use `--` before one that starts with `-`).
    #[arg(value_name = "EXPR", allow_hyphen_values = false)]
    expr: String,
}

/// Runs `scimap eval`.
pub fn run(args: &Args) -> u8 {
    let env = match read_input(args.input.as_deref()) {
        Ok(env) => env,
        Err(message) => return usage_error(message),
    };
    let engine = super::common::engine();
    let program = match engine.compile_for_json(&args.expr, &env) {
        Ok(program) => program,
        Err(mut diagnostics) => {
            diagnostics.name = "<expr>".to_string();
            print_diagnostics(&diagnostics);
            return FINDINGS;
        }
    };
    let result = program.eval(&env);
    match result {
        Ok(value) => {
            println!("{}", scimap::value::format::output_json_text(&value));
            OK
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            FINDINGS
        }
    }
}

fn read_input(path: Option<&std::path::Path>) -> Result<Json, String> {
    let Some(path) = path else {
        return Ok(Json::Object(serde_json::Map::new()));
    };
    let json = super::common::read_json(path)?;
    if !json.is_object() {
        return Err(format!(
            "{} must hold a JSON object whose keys are the variables",
            super::common::shown(path)
        ));
    }
    Ok(json)
}
