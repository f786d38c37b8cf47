//! What several commands share: loading tables (built-in by name, or a file) and user files.

use std::path::Path;
use std::sync::OnceLock;

use scimap::mapping::{builtin, CompiledTable, Table};
use serde_json::Value as Json;

static LIMITS: OnceLock<scimap::eval::Limits> = OnceLock::new();

/// Sets the evaluation limits of the command line's options (once, before any command runs).
pub fn set_limits(limits: scimap::eval::Limits) {
    let _ = LIMITS.set(limits);
}

/// An engine with the command line's limits.
pub fn engine() -> scimap::Engine {
    scimap::Engine::default().with_limits(LIMITS.get().copied().unwrap_or_default())
}

/// Reads a table given as a built-in name (`namely`) or a file path (TOML or JSON).
pub fn read_table(spec: &str) -> Result<Table, TableError> {
    if let Some(table) = builtin::table(spec) {
        return table.load().map_err(TableError::Invalid);
    }
    let text = std::fs::read_to_string(spec).map_err(|e| {
        let names: Vec<&str> = builtin::TABLES.iter().map(|t| t.name).collect();
        TableError::Io(format!(
            "cannot read table `{spec}`: {e} (built-in tables: {})",
            names.join(", ")
        ))
    })?;
    Table::from_text(spec, &text).map_err(TableError::Invalid)
}

/// Reads and compiles a table.
pub fn compile_table(spec: &str) -> Result<CompiledTable, TableError> {
    read_table(spec)?
        .compile(&engine())
        .map_err(TableError::Invalid)
}

/// Why a table could not be used.
#[derive(Debug)]
pub enum TableError {
    /// The file could not be read (usage / I/O: exit 2).
    Io(String),
    /// The table has problems (findings: exit 1).
    Invalid(scimap::Diagnostics),
}

/// Reads a JSON file (`-` is standard input).
pub fn read_json(path: &Path) -> Result<Json, String> {
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| format!("reading standard input: {e}"))?
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?
    };
    serde_json::from_str(&text).map_err(|e| format!("{} is not valid JSON: {e}", shown(path)))
}

/// A path as messages name it (`-` is standard input).
pub fn shown(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

/// A user file: `{"jcUser": ..., "providerUser": ...}`, or a bare JumpCloud user.
pub struct UserFile {
    /// The JumpCloud user.
    pub jc_user: Json,
    /// The provider's current resource, when the file has one (not null, not empty).
    pub provider_user: Option<Json>,
}

/// Splits a document into the JumpCloud user and the provider's resource.
pub fn user_file(json: Json) -> UserFile {
    match json {
        Json::Object(mut map) if map.contains_key("jcUser") => {
            let jc_user = map.remove("jcUser").unwrap_or(Json::Null);
            let provider_user = map
                .remove("providerUser")
                .filter(|p| p.as_object().is_some_and(|o| !o.is_empty()));
            UserFile {
                jc_user,
                provider_user,
            }
        }
        other => UserFile {
            jc_user: other,
            provider_user: None,
        },
    }
}

/// The built-in sample user.
pub fn sample_user() -> UserFile {
    user_file(serde_json::from_str(builtin::SAMPLE_USER).unwrap_or(Json::Null))
}
