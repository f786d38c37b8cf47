//! The data model of a mapping table: rows of (source → SCIM target), as read from a file.

use std::sync::Arc;

use serde_json::Value as Json;

use crate::syntax::Span;

/// A mapping table as written: its name, user rows, group rows and declared extensions.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The connector's name (`Namely`).
    pub name: String,
    /// Rows producing the SCIM User.
    pub user: Vec<Row>,
    /// Rows producing the SCIM Group.
    pub group: Vec<Row>,
    /// Custom extension schema URNs the table may write to.
    pub extensions: Vec<String>,
    /// Where the table came from (file name and text), for diagnostics.
    pub origin: Origin,
}

/// The text a table was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    /// The file name as given (`namely.toml`, or `<namely>` for a built-in table).
    pub name: String,
    /// The whole file.
    pub text: Arc<str>,
}

/// One row: a source, a SCIM target, and when it applies.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The SCIM target as written (`name.givenName`, `$enterpriseUser.department`, a URN path).
    pub target: String,
    /// Where the value comes from.
    pub source: Source,
    /// A required row that yields nil fails the user.
    pub required: bool,
    /// Applies on create.
    pub on_create: bool,
    /// Applies on update.
    pub on_update: bool,
    /// When the value is nil, clear the target (instead of leaving it alone).
    pub clear_on_nil: bool,
    /// Positions in the file.
    pub spans: RowSpans,
}

/// Where a row's value comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A dotted path into the source object (`email`, `addresses.0.locality`).
    Path(String),
    /// An Expr program.
    Expr(String),
    /// The same JSON value for every user.
    Constant(Json),
}

impl Source {
    /// The kind, as JumpCloud names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Path(_) => "PATH",
            Source::Expr(_) => "EXPR",
            Source::Constant(_) => "CONSTANT",
        }
    }
}

/// Byte positions of a row's parts in its file.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RowSpans {
    /// The whole row (a `[[user]]` table, a JSON object).
    pub row: Span,
    /// The target value.
    pub target: Span,
    /// The source value (for an expression: where its text begins, see `source_offset`).
    pub source: Span,
    /// Byte offset in the file of the expression's first byte, when the expression text appears
    /// in the file unchanged (no escapes), so spans inside the expression map into the file.
    pub source_offset: Option<u32>,
}

impl RowSpans {
    /// Maps a span inside the row's expression to a span in the file (falling back to the
    /// whole source value when the expression was written with escapes).
    pub fn in_file(&self, inner: Span) -> Span {
        match self.source_offset {
            Some(offset) => Span {
                start: offset + inner.start,
                end: offset + inner.end,
            },
            None => self.source,
        }
    }
}

/// Finds where `value` (a decoded string) stands in `raw` (the file text of the quoted value),
/// when it appears unchanged: the offset of its first byte inside `raw`.
pub(crate) fn content_offset(raw: &str, value: &str) -> Option<usize> {
    for quote in ["\"\"\"", "'''", "\"", "'"] {
        if let Some(inner) = raw
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            let trimmed = inner.strip_prefix('\n').unwrap_or(inner);
            if trimmed == value {
                return Some(quote.len() + (inner.len() - trimmed.len()));
            }
            return None;
        }
    }
    None
}
