//! Reading a test file (`namely.tests.toml`): TOML through `toml_edit`, so that every key and
//! value keeps its place in the file for diagnostics, and `--update` can rewrite one value
//! without touching the rest.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use toml_edit::{Document, Item, TableLike, Value};

use super::path::ExpectPath;
use super::{Case, Expectation, ExpectedError, Input, Located, PatchExpectation, TestFile};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::mapping::Operation;
use crate::scim::ResourceKind;
use crate::syntax::Span;

const FILE_KEYS: &[&str] = &["table", "now", "managers", "case"];
const CASE_KEYS: &[&str] = &[
    "name",
    "user",
    "group",
    "provider",
    "operation",
    "now",
    "managers",
    "expect",
    "snapshot",
    "expect_patch",
    "expect_error",
];
const ERROR_KEYS: &[&str] = &["row", "target", "message", "code"];

/// Reads a test file's text; `path` is where it lives (relative paths in it are relative to
/// its folder) and names it in diagnostics. Any problem fails the file.
pub(super) fn read(path: &Path, text: &str) -> Result<TestFile, Diagnostics> {
    match read_all(path, text) {
        (Some(file), problems) if problems.is_empty() => Ok(file),
        (_, problems) => Err(Diagnostics {
            name: path.display().to_string(),
            source: Arc::from(text),
            items: problems,
        }),
    }
}

/// Reads as much of a test file as can be read (the cases without problems), and every
/// problem.
pub(super) fn read_all(path: &Path, text: &str) -> (Option<TestFile>, Vec<Diagnostic>) {
    let document = match Document::parse(text) {
        Ok(document) => document,
        Err(error) => {
            let span = error
                .span()
                .map_or(Span::default(), |r| Span::new(r.start, r.end));
            let problem = Diagnostic::error(Code::TestFile, error.message().trim(), span)
                .with_help("a test file has `table = \"...\"` and `[[case]]` tables");
            return (None, vec![problem]);
        }
    };
    let mut reader = Reader::default();
    let file = reader.file(path, text, document.as_table());
    (file, reader.problems)
}

/// Collects every problem of the file while reading it.
#[derive(Default)]
struct Reader {
    problems: Vec<Diagnostic>,
}

fn span_of(range: Option<std::ops::Range<usize>>) -> Span {
    range.map_or(Span::default(), |r| Span::new(r.start, r.end))
}

fn item_span(item: &Item) -> Span {
    span_of(item.span())
}

impl Reader {
    fn error(&mut self, message: impl Into<String>, span: Span) {
        self.problems
            .push(Diagnostic::error(Code::TestFile, message, span));
    }

    fn error_with_help(&mut self, message: impl Into<String>, span: Span, help: impl Into<String>) {
        self.problems
            .push(Diagnostic::error(Code::TestFile, message, span).with_help(help));
    }

    /// Reports keys that are not among `known`.
    fn unknown_keys(&mut self, table: &dyn TableLike, known: &[&str], what: &str) {
        for (key, _) in table.iter() {
            if !known.contains(&key) {
                let span = span_of(table.key(key).and_then(|k| k.span()));
                self.error_with_help(
                    format!("unknown key `{key}` in {what}"),
                    span,
                    format!("the keys of {what} are: {}", known.join(", ")),
                );
            }
        }
    }

    fn file(&mut self, path: &Path, text: &str, root: &toml_edit::Table) -> Option<TestFile> {
        self.unknown_keys(root, FILE_KEYS, "a test file");
        let table = match root.get("table") {
            Some(item) => self.string(item, "`table`"),
            None => {
                self.error_with_help(
                    "the test file names no table",
                    Span::default(),
                    "add `table = \"namely.toml\"` (a file beside this one) or a built-in name",
                );
                None
            }
        };
        let now = root.get("now").and_then(|item| self.now(item));
        let managers = root.get("managers").and_then(|item| self.input(item));
        let cases = match root.get("case") {
            Some(Item::ArrayOfTables(cases)) => cases
                .iter()
                .enumerate()
                .filter_map(|(index, case)| self.case(index, case))
                .collect(),
            Some(other) => {
                self.error("`case` must be `[[case]]` tables", item_span(other));
                Vec::new()
            }
            None => Vec::new(),
        };
        self.duplicate_names(&cases);
        Some(TestFile {
            path: path.to_path_buf(),
            text: Arc::from(text),
            table: table?,
            now,
            managers,
            cases,
        })
    }

    fn duplicate_names(&mut self, cases: &[Case]) {
        for (i, case) in cases.iter().enumerate() {
            if let Some(earlier) = cases[..i].iter().find(|c| c.slug() == case.slug()) {
                self.problems.push(
                    Diagnostic::error(
                        Code::TestFile,
                        format!(
                            "two cases are named `{}` (snapshot files are named after cases)",
                            case.name.value
                        ),
                        case.name.span,
                    )
                    .with_label(earlier.name.span, "first named here")
                    .with_help("give each case its own name"),
                );
            }
        }
    }

    fn case(&mut self, index: usize, table: &toml_edit::Table) -> Option<Case> {
        let header = span_of(table.span());
        self.unknown_keys(table, CASE_KEYS, "a case");
        let name = match table.get("name") {
            Some(item) => self.string(item, "`name`"),
            None => {
                self.error_with_help(
                    format!("case {} has no name", index + 1),
                    header,
                    "add `name = \"what this case shows\"`",
                );
                None
            }
        };
        let subject = self.subject(table, header);
        let provider = table.get("provider").and_then(|item| self.input(item));
        let operation = table.get("operation").and_then(|item| self.operation(item));
        let now = table.get("now").and_then(|item| self.now(item));
        let managers = table.get("managers").and_then(|item| self.input(item));
        let expect = match table.get("expect") {
            Some(item) => self.expectations(item),
            None => Vec::new(),
        };
        let snapshot = table.get("snapshot").and_then(|item| self.snapshot(item));
        let expect_patch = table
            .get("expect_patch")
            .and_then(|item| self.expect_patch(item));
        let expect_error = table
            .get("expect_error")
            .and_then(|item| self.expect_error(item));
        if let Some(error) = &expect_error {
            if !expect.is_empty() || snapshot.is_some() || expect_patch.is_some() {
                self.error_with_help(
                    "a case that expects an error cannot expect a resource or a patch too",
                    error.span,
                    "split it into two cases",
                );
            }
        }
        let (kind, subject) = subject?;
        Some(Case {
            index,
            name: name?,
            kind,
            subject,
            provider,
            operation,
            now,
            managers,
            expect,
            snapshot,
            expect_patch,
            expect_error,
        })
    }

    /// `user = ...` or `group = ...`, exactly one.
    fn subject(
        &mut self,
        table: &toml_edit::Table,
        header: Span,
    ) -> Option<(ResourceKind, Located<Input>)> {
        match (table.get("user"), table.get("group")) {
            (Some(user), None) => Some((ResourceKind::User, self.input(user)?)),
            (None, Some(group)) => Some((ResourceKind::Group, self.input(group)?)),
            (Some(_), Some(group)) => {
                self.error("a case maps a user or a group, not both", item_span(group));
                None
            }
            (None, None) => {
                self.error_with_help(
                    "the case has no user",
                    header,
                    "add `user = \"users/john.json\"` (a file) or an inline table",
                );
                None
            }
        }
    }

    fn string(&mut self, item: &Item, what: &str) -> Option<Located<String>> {
        match item.as_str() {
            Some(text) => Some(Located::new(text.to_string(), item_span(item))),
            None => {
                self.error(format!("{what} must be a string"), item_span(item));
                None
            }
        }
    }

    /// A JSON document: a path (relative to the test file), JSON text, or a TOML table.
    fn input(&mut self, item: &Item) -> Option<Located<Input>> {
        let span = item_span(item);
        if let Some(text) = item.as_str() {
            if text.trim_start().starts_with(['{', '[']) {
                return match serde_json::from_str(text) {
                    Ok(json) => Some(Located::new(Input::Inline(json), span)),
                    Err(error) => {
                        self.error(format!("inline JSON is not valid: {error}"), span);
                        None
                    }
                };
            }
            return Some(Located::new(Input::File(PathBuf::from(text)), span));
        }
        if item.is_table_like() {
            return Some(Located::new(Input::Inline(to_json(item)), span));
        }
        self.error("expected a file path, JSON text or a table", span);
        None
    }

    fn operation(&mut self, item: &Item) -> Option<Located<Operation>> {
        let span = item_span(item);
        match item.as_str() {
            Some("create") => Some(Located::new(Operation::Create, span)),
            Some("update") => Some(Located::new(Operation::Update, span)),
            _ => {
                self.error("`operation` is \"create\" or \"update\"", span);
                None
            }
        }
    }

    /// `now`: a TOML date-time or an RFC 3339 string.
    fn now(&mut self, item: &Item) -> Option<Located<DateTime<Utc>>> {
        let span = item_span(item);
        let text = match item.as_value() {
            Some(Value::String(text)) => text.value().clone(),
            Some(Value::Datetime(datetime)) => datetime.value().to_string(),
            _ => String::new(),
        };
        match DateTime::parse_from_rfc3339(&text) {
            Ok(time) => Some(Located::new(time.with_timezone(&Utc), span)),
            Err(_) => {
                self.error_with_help(
                    "`now` must be an RFC 3339 date-time with an offset",
                    span,
                    "write e.g. now = 2024-05-01T12:00:00Z",
                );
                None
            }
        }
    }

    /// `[case.expect]`: SCIM path → expected value. Dotted keys (`name.givenName = ...`,
    /// unquoted) are read as the path they spell.
    fn expectations(&mut self, item: &Item) -> Vec<Expectation> {
        let Some(table) = item.as_table_like() else {
            self.error(
                "`expect` must be a table of SCIM path = value",
                item_span(item),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        self.flatten(table, "", &mut out);
        out
    }

    fn flatten(&mut self, table: &dyn TableLike, prefix: &str, out: &mut Vec<Expectation>) {
        for (key, item) in table.iter() {
            let path_text = if prefix.is_empty() {
                key.to_string()
            } else {
                format!("{prefix}.{key}")
            };
            if let Some(inner) = item.as_table_like().filter(|t| t.is_dotted()) {
                self.flatten(inner, &path_text, out);
                continue;
            }
            let key_span = span_of(table.key(key).and_then(|k| k.span()));
            let path = match ExpectPath::parse(&path_text) {
                Ok(path) => path,
                Err(error) => {
                    self.error(error.to_string(), key_span);
                    continue;
                }
            };
            out.push(Expectation {
                path,
                value: to_json(item),
                key_span,
                value_span: item.as_value().map(|v| span_of(v.span())),
            });
        }
    }

    /// `snapshot = true` (a file named after the case) or `snapshot = "file.json"`.
    fn snapshot(&mut self, item: &Item) -> Option<Located<Option<PathBuf>>> {
        let span = item_span(item);
        match item.as_value() {
            Some(Value::Boolean(yes)) if *yes.value() => Some(Located::new(None, span)),
            Some(Value::Boolean(_)) => None,
            Some(Value::String(path)) => {
                Some(Located::new(Some(PathBuf::from(path.value())), span))
            }
            _ => {
                self.error("`snapshot` is `true` or the path of a JSON file", span);
                None
            }
        }
    }

    fn expect_patch(&mut self, item: &Item) -> Option<Located<PatchExpectation>> {
        let span = item_span(item);
        let expectation = match item.as_str() {
            Some("none") => PatchExpectation::NoChange,
            Some("snapshot") => PatchExpectation::Snapshot,
            Some(text) => match serde_json::from_str(text) {
                Ok(json) => PatchExpectation::Inline {
                    value: json,
                    written_as_json: true,
                },
                Err(error) => {
                    self.error_with_help(
                        format!("`expect_patch` is not valid JSON: {error}"),
                        span,
                        "write \"none\", \"snapshot\", the PatchOp as JSON text, or a table",
                    );
                    return None;
                }
            },
            None if item.is_table_like() || item.is_array() => PatchExpectation::Inline {
                value: to_json(item),
                written_as_json: false,
            },
            None => {
                self.error(
                    "`expect_patch` is \"none\", \"snapshot\", JSON text or a table",
                    span,
                );
                return None;
            }
        };
        Some(Located::new(expectation, span))
    }

    fn expect_error(&mut self, item: &Item) -> Option<Located<ExpectedError>> {
        let span = item_span(item);
        let Some(table) = item.as_table_like() else {
            self.error(
                "`expect_error` is a table: { row = 1, target = \"...\", message = \"...\" }",
                span,
            );
            return None;
        };
        self.unknown_keys(table, ERROR_KEYS, "`expect_error`");
        let mut expected = ExpectedError::default();
        if let Some(row) = table.get("row") {
            match row.as_integer().filter(|&n| n >= 1) {
                Some(n) => expected.row = Some(Located::new(n as usize, item_span(row))),
                None => self.error("`row` is a row number, from 1", item_span(row)),
            }
        }
        for (key, slot) in [
            ("target", &mut expected.target),
            ("message", &mut expected.message),
            ("code", &mut expected.code),
        ] {
            if let Some(value) = table.get(key) {
                *slot = self.string(value, &format!("`{key}`"));
            }
        }
        Some(Located::new(expected, span))
    }
}

/// A TOML item as JSON: date-times become their RFC 3339 text.
pub(super) fn to_json(item: &Item) -> Json {
    match item {
        Item::None => Json::Null,
        Item::Value(value) => value_to_json(value),
        Item::Table(table) => table_to_json(table),
        Item::ArrayOfTables(tables) => {
            Json::Array(tables.iter().map(|t| table_to_json(t)).collect())
        }
    }
}

fn table_to_json(table: &dyn TableLike) -> Json {
    Json::Object(
        table
            .iter()
            .map(|(key, item)| (key.to_string(), to_json(item)))
            .collect(),
    )
}

fn value_to_json(value: &Value) -> Json {
    match value {
        Value::String(s) => Json::from(s.value().as_str()),
        Value::Integer(i) => Json::from(*i.value()),
        Value::Float(f) => {
            serde_json::Number::from_f64(*f.value()).map_or(Json::Null, Json::Number)
        }
        Value::Boolean(b) => Json::Bool(*b.value()),
        Value::Datetime(d) => Json::from(d.value().to_string()),
        Value::Array(array) => Json::Array(array.iter().map(value_to_json).collect()),
        Value::InlineTable(table) => table_to_json(table),
    }
}
