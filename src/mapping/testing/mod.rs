//! Tests that travel with a mapping table: a test file (`namely.tests.toml`) names the table
//! and lists cases, each a user and what the table should make of it. `scimap test` runs them,
//! `scimap check` validates them, `scimap test --update` accepts new output.
//!
//! ```toml
//! table = "namely.toml"            # beside this file; or a built-in table's name (`namely`)
//! now = 2024-05-01T12:00:00Z       # optional: what now() returns, for every case
//! managers = "users/managers.json" # optional: JumpCloud id -> provider id, for managerExternalId
//!
//! [[case]]
//! name = "john keeps his display name"
//! user = "users/john.json"         # a file ({"jcUser": .., "providerUser": ..} or a bare user),
//!                                  # JSON text, or an inline table
//! snapshot = true                  # the whole resource: namely.tests/john-keeps-his-display-name.json
//! [case.expect]                    # SCIM path = value
//! displayName = "Johnny Doe"
//! "name.givenName" = "John"
//! 'emails[type eq "work"].value' = "John.Doe@Example.com"
//! ```
//!
//! A case may also give `provider` (the provider's current resource; by default the user
//! file's `providerUser`), `operation` (`"create"` or `"update"`; by default update when there
//! is a provider), `now` and `managers`; `group = ...` instead of `user` maps a group. Besides
//! `expect` and `snapshot` it may expect the PATCH (`expect_patch = "none"`, `"snapshot"`, JSON
//! text or a table) or an error (`expect_error = { row = 1, target = "userName", message =
//! "no value" }`, each key optional, `code` too). Expectation paths are described in
//! [`ExpectPath`].
//!
//! ```
//! use scimap::mapping::testing::{Outcome, TestFile};
//! let file = TestFile::parse("namely.tests.toml".as_ref(), r#"
//! table = "namely"
//! [[case]]
//! name = "ada"
//! user = { _id = "1", email = "ada@example.com", firstname = "Ada", lastname = "Lovelace" }
//! [case.expect]
//! displayName = "Ada Lovelace"
//! "$enterpriseUser.organization" = "Analytical Engines"
//! "#).unwrap();
//! let report = file.run();
//! let Outcome::Failed(failures) = &report.cases[0].outcome else { panic!() };
//! assert_eq!(
//!     failures[0].to_string(),
//!     r#"$enterpriseUser.organization: expected "Analytical Engines", got nothing"#
//! );
//! ```

mod check;
mod diff;
mod file;
mod path;
mod run;
#[cfg(test)]
mod tests;
mod update;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value as Json;

use super::{builtin, Operation, Table};
use crate::scim::ResourceKind;
use crate::syntax::Span;
use crate::Diagnostics;

pub use check::check_text;
pub use diff::Change;
pub use path::{ExpectPath, PathSyntaxError};
pub use run::{CaseReport, Failure, FileProblem, FileReport, Outcome};
pub use update::UpdateSummary;

/// A value with its place in the test file.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

impl<T> Located<T> {
    fn new(value: T, span: Span) -> Located<T> {
        Located { value, span }
    }
}

/// A JSON document a case reads: a file (relative to the test file), or written inline.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// A path, as written.
    File(PathBuf),
    /// JSON text or a TOML table in the test file.
    Inline(Json),
}

/// A parsed test file.
#[derive(Clone, Debug)]
pub struct TestFile {
    /// Where the file is; relative paths inside are relative to its folder.
    pub path: PathBuf,
    /// The file's text.
    pub text: Arc<str>,
    /// The table under test: a path, or a built-in table's name.
    pub table: Located<String>,
    /// The default `now` of the cases.
    pub now: Option<Located<DateTime<Utc>>>,
    /// The default manager map of the cases.
    pub managers: Option<Located<Input>>,
    /// The cases, in file order.
    pub cases: Vec<Case>,
}

/// One case: a user (or group), how to map it, and what to expect.
#[derive(Clone, Debug)]
pub struct Case {
    /// Position among the file's cases (0-based).
    pub index: usize,
    /// What the case shows.
    pub name: Located<String>,
    /// A user or a group.
    pub kind: ResourceKind,
    /// The JumpCloud user or group.
    pub subject: Located<Input>,
    /// The provider's current resource (overrides the user file's `providerUser`).
    pub provider: Option<Located<Input>>,
    /// Create or update (by default: update when there is a provider).
    pub operation: Option<Located<Operation>>,
    /// What `now()` returns.
    pub now: Option<Located<DateTime<Utc>>>,
    /// JumpCloud user id → provider id, for `managerExternalId`.
    pub managers: Option<Located<Input>>,
    /// Expected values by SCIM path.
    pub expect: Vec<Expectation>,
    /// The whole resource is compared with a snapshot file (`None`: the default file name).
    pub snapshot: Option<Located<Option<PathBuf>>>,
    /// The expected PATCH request.
    pub expect_patch: Option<Located<PatchExpectation>>,
    /// The expected failure.
    pub expect_error: Option<Located<ExpectedError>>,
}

/// One `path = value` line of `[case.expect]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    /// The SCIM path.
    pub path: ExpectPath,
    /// The expected value.
    pub value: Json,
    /// Where the path is written.
    pub key_span: Span,
    /// Where the value is written (`None` for a `[table]` section, which `--update` leaves).
    pub value_span: Option<Span>,
}

/// What a case expects of the PATCH request.
#[derive(Clone, Debug, PartialEq)]
pub enum PatchExpectation {
    /// `"none"`: the provider is up to date.
    NoChange,
    /// `"snapshot"`: the request is in a snapshot file (`null` there means no change).
    Snapshot,
    /// The request, written in the test file (a PatchOp, or its `Operations` list).
    Inline {
        /// The request.
        value: Json,
        /// Written as JSON text (rather than a TOML table).
        written_as_json: bool,
    },
}

/// What a case expects of a user that cannot be mapped; every key given must match one of
/// the failing rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExpectedError {
    /// The row, counted from 1 in its section.
    pub row: Option<Located<usize>>,
    /// The row's target as written in the table.
    pub target: Option<Located<String>>,
    /// Part of the message.
    pub message: Option<Located<String>>,
    /// The diagnostic code (`M0005`).
    pub code: Option<Located<String>>,
}

/// Why a test file could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// The file cannot be read.
    Io(String),
    /// The file is not a valid test file.
    Invalid(Diagnostics),
}

impl TestFile {
    /// Reads and parses a test file.
    pub fn open(path: &Path) -> Result<TestFile, OpenError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| OpenError::Io(format!("cannot read {}: {e}", path.display())))?;
        TestFile::parse(path, &text).map_err(OpenError::Invalid)
    }

    /// Parses a test file's text; `path` says where it lives (relative paths in it are
    /// relative to its folder) and names it in diagnostics.
    pub fn parse(path: &Path, text: &str) -> Result<TestFile, Diagnostics> {
        file::read(path, text)
    }

    /// The folder relative paths are resolved in.
    pub fn folder(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// A path written in the file, resolved against its folder.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        self.folder().join(path)
    }

    /// Reads the table under test: the file `table` names (relative to the test file), or,
    /// when there is no such file, the built-in table of that name.
    pub fn load_table(&self) -> Result<Table, FileProblem> {
        let spec = &self.table.value;
        let path = self.resolve(Path::new(spec));
        match std::fs::read_to_string(&path) {
            Ok(text) => Table::from_text(&path.display().to_string(), &text).map_err(|d| {
                FileProblem::new(
                    format!("the table {} is not valid", path.display()),
                    Some(d),
                )
            }),
            Err(error) => match builtin::table(spec) {
                Some(table) => table
                    .load()
                    .map_err(|d| FileProblem::new(spec.clone(), Some(d))),
                None => {
                    let names: Vec<&str> = builtin::TABLES.iter().map(|t| t.name).collect();
                    let file = match error.kind() {
                        std::io::ErrorKind::NotFound => format!("no file {}", path.display()),
                        _ => format!("{} cannot be read ({error})", path.display()),
                    };
                    Err(FileProblem::new(
                        format!(
                            "there is no table `{spec}`: {file}, and no built-in table of that name (built-in: {})",
                            names.join(", ")
                        ),
                        None,
                    ))
                }
            },
        }
    }

    /// The folder of snapshot files: the test file's path without `.toml`
    /// (`namely.tests.toml` → `namely.tests/`).
    pub fn snapshot_folder(&self) -> PathBuf {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = name.strip_suffix(".toml").unwrap_or(&name);
        self.folder().join(stem)
    }

    /// The resource snapshot file of a case.
    pub fn snapshot_file(&self, case: &Case) -> PathBuf {
        match case.snapshot.as_ref().and_then(|s| s.value.as_ref()) {
            Some(path) => self.resolve(path),
            None => self.snapshot_folder().join(format!("{}.json", case.slug())),
        }
    }

    /// The PATCH snapshot file of a case.
    pub fn patch_snapshot_file(&self, case: &Case) -> PathBuf {
        self.snapshot_folder()
            .join(format!("{}.patch.json", case.slug()))
    }

    /// Reads a JSON input of the file.
    pub fn read_input(&self, input: &Input) -> Result<Json, String> {
        match input {
            Input::Inline(json) => Ok(json.clone()),
            Input::File(path) => {
                let resolved = self.resolve(path);
                let text = std::fs::read_to_string(&resolved)
                    .map_err(|e| format!("cannot read {}: {e}", resolved.display()))?;
                serde_json::from_str(&text)
                    .map_err(|e| format!("{} is not valid JSON: {e}", resolved.display()))
            }
        }
    }
}

impl Case {
    /// The case's name as a file name: lower case letters and digits, apostrophes dropped,
    /// runs of other characters as one `-` (`john's update` → `johns-update`).
    pub fn slug(&self) -> String {
        let mut slug = String::new();
        for c in self.name.value.chars() {
            if c == '\'' || c == '\u{2019}' {
                continue;
            } else if c.is_alphanumeric() {
                slug.extend(c.to_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        if slug.is_empty() {
            format!("case-{}", self.index + 1)
        } else {
            slug.to_string()
        }
    }
}
