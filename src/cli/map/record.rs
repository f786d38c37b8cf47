//! One input line to one outcome: a SCIM resource, or an error record naming the line, the user,
//! and each failing row with its position in the table file.

use std::panic::{catch_unwind, AssertUnwindSafe};

use scimap::mapping::{CompiledTable, UserError};
use serde::Serialize;
use serde_json::Value as Json;

use super::input::{RawLine, MAX_LINE_BYTES};
use crate::cli::common::user_file;

/// What became of one line.
#[derive(Debug)]
pub enum Outcome {
    /// The SCIM resource, as one line of compact JSON.
    Mapped(String),
    /// The line could not be mapped.
    Failed(Failure),
    /// The line was empty or only whitespace: skipped, and counted in the summary.
    Blank,
}

/// An error record: `{"line": 7, "user_id": "...", "errors": [...]}`.
#[derive(Debug, Serialize)]
pub struct Failure {
    /// The input line (1-based).
    pub line: u64,
    /// The user's id (`_id` or `id`), when the line got as far as holding a user.
    pub user_id: Option<String>,
    /// What went wrong: one item per failing row, or one for a line that is not a user.
    pub errors: Vec<Problem>,
}

/// One problem of a failed line.
#[derive(Debug, Serialize)]
pub struct Problem {
    /// The failing row, 1-based within the table's user rows (absent for input problems).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// The row's SCIM target as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The diagnostic code (`R0003`); absent for input problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// What went wrong.
    pub message: String,
    /// Where in the table file (1-based line), for a row's problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Where in the table file (1-based column, in characters), for a row's problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Problem {
    fn input(message: impl Into<String>) -> Problem {
        Problem {
            row: None,
            target: None,
            code: None,
            message: message.into(),
            line: None,
            column: None,
        }
    }
}

/// Maps one line; never panics (a panic inside the library becomes this line's error record).
pub fn map_line(table: &CompiledTable, line: u64, raw: &RawLine) -> Outcome {
    catch_unwind(AssertUnwindSafe(|| map_raw(table, line, raw))).unwrap_or_else(|_| {
        input_failure(
            line,
            None,
            "internal error: scimap panicked while mapping this line (please report it)",
        )
    })
}

fn map_raw(table: &CompiledTable, line: u64, raw: &RawLine) -> Outcome {
    let bytes = match raw {
        RawLine::Bytes(bytes) => bytes,
        RawLine::TooLong(length) => {
            return input_failure(
                line,
                None,
                format!("line too long: {length} bytes (at most {MAX_LINE_BYTES})"),
            )
        }
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            return input_failure(
                line,
                None,
                format!(
                    "not valid UTF-8 (invalid byte at column {})",
                    error.valid_up_to() + 1
                ),
            )
        }
    };
    if text.trim().is_empty() {
        return Outcome::Blank;
    }
    let json: Json = match serde_json::from_str(text) {
        Ok(json) => json,
        Err(error) => return input_failure(line, None, json_error(&error)),
    };
    if !json.is_object() {
        return input_failure(
            line,
            None,
            format!(
                "expected a JSON object (a JumpCloud user, or {{\"jcUser\": ..., \"providerUser\": ...}}), found {}",
                kind(&json)
            ),
        );
    }
    let user = user_file(json);
    if !user.jc_user.is_object() {
        return input_failure(
            line,
            None,
            format!("`jcUser` must be an object, found {}", kind(&user.jc_user)),
        );
    }
    match table.user_resource(&user.jc_user, user.provider_user.as_ref()) {
        Ok(resource) => Outcome::Mapped(resource.to_string()),
        Err(error) => Outcome::Failed(row_failure(table, line, error)),
    }
}

fn input_failure(line: u64, user_id: Option<String>, message: impl Into<String>) -> Outcome {
    Outcome::Failed(Failure {
        line,
        user_id,
        errors: vec![Problem::input(message)],
    })
}

fn row_failure(table: &CompiledTable, line: u64, error: UserError) -> Failure {
    let text = &table.origin().text;
    let errors = error
        .errors
        .into_iter()
        .map(|row| {
            let position = row
                .diagnostic
                .span
                .map(|span| scimap::diagnostic::line_column(text, span.start as usize));
            Problem {
                row: Some(row.row + 1),
                target: Some(row.target),
                code: Some(row.diagnostic.code.as_str()),
                message: row.diagnostic.message,
                line: position.map(|(line, _)| line),
                column: position.map(|(_, column)| column),
            }
        })
        .collect();
    Failure {
        line,
        user_id: error.user_id,
        errors,
    }
}

/// serde_json's message without its position (always "line 1"), with the column first.
fn json_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    format!("invalid JSON at column {}: {message}", error.column())
}

fn kind(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

impl Failure {
    /// The record as one line of JSON.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| format!("{{\"line\":{}}}", self.line))
    }

    /// The record for a person: one line per problem.
    pub fn to_human(&self, table_name: &str) -> String {
        let who = match &self.user_id {
            Some(id) => format!("line {} (user {id})", self.line),
            None => format!("line {}", self.line),
        };
        let mut out = String::new();
        for problem in &self.errors {
            out.push_str("error: ");
            out.push_str(&who);
            if let (Some(row), Some(target)) = (problem.row, &problem.target) {
                out.push_str(&format!(": row {row} `{target}`"));
                if let (Some(line), Some(column)) = (problem.line, problem.column) {
                    out.push_str(&format!(" ({table_name}:{line}:{column})"));
                }
            }
            out.push_str(": ");
            if let Some(code) = problem.code {
                out.push_str(&format!("[{code}] "));
            }
            out.push_str(&problem.message);
            out.push('\n');
        }
        out
    }
}
