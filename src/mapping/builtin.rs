//! The tables and the sample user built into scimap, so that a newcomer sees output with no
//! files at all: `scimap preview` maps the sample user through the `namely` table.

use super::Table;

/// A table built into the program.
#[derive(Clone, Copy, Debug)]
pub struct BuiltinTable {
    /// The name to select it by (`namely`).
    pub name: &'static str,
    /// One line on what it is.
    pub summary: &'static str,
    /// The TOML text.
    pub text: &'static str,
}

/// The built-in tables.
pub const TABLES: &[BuiltinTable] = &[
    BuiltinTable {
        name: "namely",
        summary: "JumpCloud's Namely connector: its documented default export mapping",
        text: include_str!("tables/namely.toml"),
    },
    BuiltinTable {
        name: "heap",
        summary: "JumpCloud's Heap connector: user names and group display names",
        text: include_str!("tables/heap.toml"),
    },
    BuiltinTable {
        name: "custom-scim",
        summary: "a generic SCIM 2.0 table: userName from email, names, emails, enterprise fields",
        text: include_str!("tables/custom-scim.toml"),
    },
];

/// The built-in sample: `{"jcUser": ..., "providerUser": ...}` (John Doe, an engineer).
pub const SAMPLE_USER: &str = include_str!("tables/sample-user.json");

/// A built-in table by name.
pub fn table(name: &str) -> Option<&'static BuiltinTable> {
    TABLES.iter().find(|t| t.name.eq_ignore_ascii_case(name))
}

impl BuiltinTable {
    /// Reads the table.
    pub fn load(&self) -> Result<Table, crate::Diagnostics> {
        Table::from_toml(&format!("<{}>", self.name), self.text)
    }
}
