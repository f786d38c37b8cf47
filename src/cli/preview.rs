//! `scimap preview`: the SCIM resource a table makes of one user. Also the inputs that
//! `scimap diff` shares (a table, a user file, a manager map).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use scimap::mapping::CompiledTable;
use scimap::Diagnostics;
use serde_json::Value as Json;

use super::common::{self, UserFile};
use super::{print_diagnostics, usage_error, FINDINGS, OK};

/// Arguments of `scimap preview`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  scimap preview                                  # the built-in sample user through `namely`
  scimap preview --table heap --user alice.json
  scimap preview --table my-table.toml --user john.json --create
  scimap preview --user john.json --manager-map managers.json

A user file holds {\"jcUser\": {...}, \"providerUser\": {...}}, or a bare JumpCloud user.
Exit status: 0 with the resource on stdout, 1 when the table or the user fails (diagnostics on
stderr), 2 on usage or I/O errors.")]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Map as a create: rows marked `on = ["create"]` apply and `providerUser` is empty
    /// (default when the file has no providerUser).
    #[arg(long, conflicts_with = "update")]
    create: bool,
    /// Map as an update: rows marked `on = ["update"]` apply (default when the file has a
    /// providerUser).
    #[arg(long)]
    update: bool,
}

/// What `preview` and `diff` read: a table, a user, and how to resolve managers.
#[derive(Debug, clap::Args)]
pub struct Inputs {
    /// A built-in table (`scimap tables` lists them) or a table file (TOML or JumpCloud JSON).
    #[arg(long, short, value_name = "NAME|FILE", default_value = "namely")]
    table: String,
    /// A user file; `-` reads standard input [default: the built-in sample user].
    #[arg(long, short, value_name = "FILE")]
    user: Option<PathBuf>,
    /// A JSON object mapping JumpCloud user ids to the managers' ids at the provider, for
    /// `managerExternalId`.
    #[arg(long, value_name = "FILE")]
    manager_map: Option<PathBuf>,
}

/// Runs `scimap preview`.
pub fn run(args: &Args) -> u8 {
    let (table, user) = match args.inputs.load() {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let empty = Json::Object(serde_json::Map::new());
    let provider = if args.create {
        None
    } else if args.update {
        Some(user.provider_user.as_ref().unwrap_or(&empty))
    } else {
        user.provider_user.as_ref()
    };
    match table.user_resource(&user.jc_user, provider) {
        Ok(resource) => {
            print_json(&resource);
            OK
        }
        Err(error) => {
            print_user_error(&error, &table);
            FINDINGS
        }
    }
}

impl Inputs {
    /// Loads the table (printing its warnings) and the user; on failure, prints why and
    /// returns the exit status.
    pub fn load(&self) -> Result<(CompiledTable, UserFile), u8> {
        let table = load_table(&self.table)?;
        let table = match &self.manager_map {
            Some(path) => {
                let map = manager_map(path).map_err(usage_error)?;
                table.with_manager_resolver(Arc::new(move |id: &str| map.get(id).cloned()))
            }
            None => table,
        };
        let user = match &self.user {
            Some(path) => read_user(path).map_err(usage_error)?,
            None => common::sample_user(),
        };
        Ok((table, user))
    }

    /// The user file's name, for messages.
    pub fn user_name(&self) -> String {
        self.user
            .as_ref()
            .map_or("the sample user".to_string(), |p| common::shown(p))
    }
}

/// Reads and compiles a table; errors are printed (exit 1, or 2 when it cannot be read),
/// warnings are printed and the table is used.
fn load_table(spec: &str) -> Result<CompiledTable, u8> {
    let table = common::compile_table(spec).map_err(table_error)?;
    if !table.warnings().is_empty() {
        print_diagnostics(&Diagnostics {
            name: table.origin().name.clone(),
            source: table.origin().text.clone(),
            items: table.warnings().to_vec(),
        });
    }
    Ok(table)
}

fn table_error(error: common::TableError) -> u8 {
    match error {
        common::TableError::Io(message) => usage_error(message),
        common::TableError::Invalid(diagnostics) => {
            print_diagnostics(&diagnostics);
            FINDINGS
        }
    }
}

fn read_user(path: &Path) -> Result<UserFile, String> {
    let user = common::user_file(common::read_json(path)?);
    if !user.jc_user.is_object() {
        return Err(format!(
            "{}: the JumpCloud user must be a JSON object (a user file holds {{\"jcUser\": {{...}}, \"providerUser\": {{...}}}})",
            common::shown(path)
        ));
    }
    Ok(user)
}

/// Reads a manager map: `{"<JumpCloud user id>": "<provider id>", ...}`.
fn manager_map(path: &Path) -> Result<HashMap<String, String>, String> {
    let Json::Object(map) = common::read_json(path)? else {
        return Err(format!(
            "{}: a manager map is a JSON object from JumpCloud user ids to provider ids",
            common::shown(path)
        ));
    };
    map.into_iter()
        .map(|(id, value)| match value {
            Json::String(provider_id) => Ok((id, provider_id)),
            other => Err(format!(
                "{}: the provider id for `{id}` must be a string, not {other}",
                common::shown(path)
            )),
        })
        .collect()
}

/// Prints why a user could not be mapped: every failing row, pointing into the table.
pub fn print_user_error(error: &scimap::mapping::UserError, table: &CompiledTable) {
    let who = error.user_id.as_deref().unwrap_or("without an id");
    let rows = error.errors.len();
    eprintln!(
        "error: user {who} cannot be mapped: {rows} row{} of {} failed\n",
        if rows == 1 { "" } else { "s" },
        table.origin().name
    );
    print_diagnostics(&error.to_diagnostics(table));
}

/// Prints JSON, indented, on standard output.
pub fn print_json(json: &Json) {
    println!(
        "{}",
        serde_json::to_string_pretty(json).unwrap_or_else(|_| json.to_string())
    );
}
