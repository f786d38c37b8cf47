//! `scimap diff`: the RFC 7644 PATCH request that brings the provider's copy of a user up to
//! date with what the table maps the JumpCloud user to.

use super::preview::{print_json, print_user_error, Inputs};
use super::{usage_error, FINDINGS, OK};

/// Arguments of `scimap diff`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  scimap diff                                     # the built-in sample user through `namely`
  scimap diff --table namely --user john.json
  scimap diff --table my-table.toml --user john.json --manager-map managers.json

The user file must hold both {\"jcUser\": {...}, \"providerUser\": {...}}: the PATCH goes from
providerUser to what the table maps jcUser to. When nothing changes, stdout stays empty and
`no changes` is written on stderr.
Exit status: 0 (a PATCH or no changes), 1 when the table or the user fails, 2 on usage or I/O
errors (including a user file without providerUser).")]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
}

/// Runs `scimap diff`.
pub fn run(args: &Args) -> u8 {
    let (table, user) = match args.inputs.load() {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let Some(provider_user) = &user.provider_user else {
        return usage_error(format!(
            "{} has no providerUser to compare with; `scimap preview` shows the resource a create would send",
            args.inputs.user_name()
        ));
    };
    match table.user_patch(&user.jc_user, provider_user) {
        Ok(Some(patch)) => {
            print_json(&patch);
            OK
        }
        Ok(None) => {
            eprintln!("no changes");
            OK
        }
        Err(error) => {
            print_user_error(&error, &table);
            FINDINGS
        }
    }
}
