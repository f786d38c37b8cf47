//! Mapping tables: files, rows, targets; compile once, evaluate per user.

mod jumpcloud;
mod table;
mod toml_file;

pub use table::{Origin, Row, RowSpans, Source, Table};

impl Table {
    /// Reads a table from TOML text (`name` names the file in diagnostics).
    pub fn from_toml(name: &str, text: &str) -> Result<Table, crate::Diagnostics> {
        toml_file::read(name, text)
    }
}

impl Table {
    /// Reads a table from JumpCloud translation-rule JSON (`name` names the file).
    pub fn from_jumpcloud_json(name: &str, text: &str) -> Result<Table, crate::Diagnostics> {
        jumpcloud::read(name, text)
    }
}
