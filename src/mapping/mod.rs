//! Mapping tables: files, rows, targets; compile once, evaluate per user.
//!
//! ```
//! let table = scimap::mapping::Table::from_toml("t.toml", r#"
//! [[user]]
//! target = "userName"
//! path = "email"
//! required = true
//!
//! [[user]]
//! target = "displayName"
//! expr = "jcUser.firstname + ' ' + jcUser.lastname"
//! "#).unwrap();
//! let table = table.compile(&scimap::Engine::default()).unwrap();
//! let user = serde_json::json!({"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace"});
//! let resource = table.user_resource(&user, None).unwrap();
//! assert_eq!(resource["displayName"], "Ada Lovelace");
//! assert_eq!(resource["schemas"][0], "urn:ietf:params:scim:schemas:core:2.0:User");
//! ```

pub mod builtin;
mod compile;
mod environment;
mod evaluate;
mod jumpcloud;
mod path;
mod table;
pub mod testing;
mod toml_file;

pub use compile::{CompiledTable, ManagerResolver};
pub use environment::{LIST_FIELDS, MANAGER_FIELD};
pub use evaluate::{Operation, RowError, UserError};
pub use table::{Origin, Row, RowSpans, Source, Table};

impl Table {
    /// Reads a table from TOML text (`name` names the file in diagnostics).
    pub fn from_toml(name: &str, text: &str) -> Result<Table, crate::Diagnostics> {
        toml_file::read(name, text)
    }

    /// Reads a table from JumpCloud translation-rule JSON (`name` names the file).
    pub fn from_jumpcloud_json(name: &str, text: &str) -> Result<Table, crate::Diagnostics> {
        jumpcloud::read(name, text)
    }

    /// Reads a table file: JSON by its `.json` extension or its content (an array of rule
    /// objects, or an object), TOML otherwise.
    pub fn from_text(name: &str, text: &str) -> Result<Table, crate::Diagnostics> {
        if name.ends_with(".json") || looks_like_json(text) {
            Table::from_jumpcloud_json(name, text)
        } else {
            Table::from_toml(name, text)
        }
    }
}

fn looks_like_json(text: &str) -> bool {
    let mut significant = text.chars().filter(|c| !c.is_whitespace());
    matches!(
        (significant.next(), significant.next()),
        (Some('{'), _) | (Some('['), Some('{' | ']'))
    )
}
