//! `--update`: accept what the table makes now. Snapshot files are rewritten; in the test file,
//! only the text of each failing expected value is replaced, so comments, order and every other
//! case stay byte for byte as they were. Expected errors and attributes the table no longer
//! writes cannot be accepted this way; they are listed for a person to edit.

use std::path::PathBuf;

use serde_json::Value as Json;
use toml_edit::{Array, InlineTable, Value};

use super::run::{Actual, CaseReport, FileReport, Outcome};
use super::{Case, Failure, PatchExpectation, TestFile};
use crate::syntax::Span;

/// What `--update` changed, and what it could not.
#[derive(Clone, Debug, Default)]
pub struct UpdateSummary {
    /// Files written (the test file, snapshot files).
    pub written: Vec<PathBuf>,
    /// The names of the cases whose failures were all accepted.
    pub updated: Vec<String>,
    /// Failures that need a person: (case name, why).
    pub left: Vec<(String, String)>,
}

/// Text replacements in the test file, and files to write.
#[derive(Default)]
struct Plan {
    edits: Vec<(Span, String)>,
    files: Vec<(PathBuf, String)>,
}

impl TestFile {
    /// Accepts the current output of every failing case of `report` (a run of this file).
    pub fn update(&self, report: &FileReport) -> std::io::Result<UpdateSummary> {
        let mut summary = UpdateSummary::default();
        let mut plan = Plan::default();
        for result in &report.cases {
            let Outcome::Failed(failures) = &result.outcome else {
                continue;
            };
            let Some(case) = self.cases.get(result.index) else {
                continue;
            };
            let before = summary.left.len();
            for failure in failures {
                if let Err(why) = self.accept(case, result, failure, &mut plan) {
                    summary.left.push((case.name.value.clone(), why));
                }
            }
            if summary.left.len() == before {
                summary.updated.push(case.name.value.clone());
            }
        }
        for (path, content) in plan.files {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(content.as_str()) {
                if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(folder)?;
                }
                std::fs::write(&path, content)?;
                summary.written.push(path);
            }
        }
        let text = splice(&self.text, plan.edits);
        if text != *self.text {
            std::fs::write(&self.path, text)?;
            summary.written.insert(0, self.path.clone());
        }
        Ok(summary)
    }

    /// Plans how to accept one failure, or says why it cannot be.
    fn accept(
        &self,
        case: &Case,
        result: &CaseReport,
        failure: &Failure,
        plan: &mut Plan,
    ) -> Result<(), String> {
        let actual: &Actual = &result.actual;
        match failure {
            Failure::Attribute {
                index,
                path,
                actual: Some(value),
                ..
            } => {
                let span = case
                    .expect
                    .get(*index)
                    .and_then(|e| e.value_span)
                    .ok_or_else(|| format!("`{path}` is a [table]; edit it by hand"))?;
                let text = toml_text(value)
                    .ok_or_else(|| format!("`{path}` is null, which TOML cannot hold"))?;
                plan.edits.push((span, text));
                Ok(())
            }
            Failure::Attribute { path, .. } => Err(format!(
                "the table writes nothing at `{path}` for this user; remove the expectation or fix the table"
            )),
            Failure::Snapshot { file, .. } | Failure::MissingSnapshot { file, .. } => {
                let content = if Some(file.as_path()) == self.patch_file_of(case).as_deref() {
                    actual
                        .patch
                        .as_ref()
                        .map(|p| p.as_ref().unwrap_or(&Json::Null))
                } else {
                    actual.resource.as_ref()
                };
                let content =
                    content.ok_or("the table made nothing to snapshot (the user failed)")?;
                plan.files.push((file.clone(), pretty(content)));
                Ok(())
            }
            Failure::Patch { actual: patch, .. } => self.accept_patch(case, patch.as_ref(), plan),
            Failure::UnexpectedError(_)
            | Failure::MissingError { .. }
            | Failure::WrongError { .. } => Err(format!("{failure}; edit the case by hand")),
        }
    }

    /// The PATCH snapshot file of a case whose `expect_patch` is `"snapshot"`.
    fn patch_file_of(&self, case: &Case) -> Option<PathBuf> {
        matches!(
            case.expect_patch.as_ref().map(|p| &p.value),
            Some(PatchExpectation::Snapshot)
        )
        .then(|| self.patch_snapshot_file(case))
    }

    fn accept_patch(
        &self,
        case: &Case,
        patch: Option<&Json>,
        plan: &mut Plan,
    ) -> Result<(), String> {
        let Some(expectation) = &case.expect_patch else {
            return Ok(());
        };
        let file = self.patch_snapshot_file(case);
        match (&expectation.value, patch) {
            (PatchExpectation::Snapshot, _) => {
                plan.files
                    .push((file, pretty(patch.unwrap_or(&Json::Null))));
            }
            (_, None) => plan.edits.push((expectation.span, "\"none\"".to_string())),
            (PatchExpectation::NoChange, Some(patch)) => {
                // A request is too long to write inline: it goes to a snapshot file.
                plan.edits
                    .push((expectation.span, "\"snapshot\"".to_string()));
                plan.files.push((file, pretty(patch)));
            }
            (
                PatchExpectation::Inline {
                    value,
                    written_as_json,
                },
                Some(patch),
            ) => {
                let patch = match value {
                    Json::Array(_) => patch.get("Operations").unwrap_or(patch),
                    _ => patch,
                };
                let text = if *written_as_json {
                    json_string(patch)
                } else {
                    toml_text(patch).ok_or("the request holds null, which TOML cannot")?
                };
                plan.edits.push((expectation.span, text));
            }
        }
        Ok(())
    }
}

/// Replaces each span of `text` (spans do not overlap).
fn splice(text: &str, mut edits: Vec<(Span, String)>) -> String {
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    let mut out = text.to_string();
    for (span, replacement) in edits {
        out.replace_range(span.start as usize..span.end as usize, &replacement);
    }
    out
}

/// A snapshot file's content: indented JSON and a final newline.
fn pretty(json: &Json) -> String {
    let mut text = serde_json::to_string_pretty(json).unwrap_or_else(|_| json.to_string());
    text.push('\n');
    text
}

/// JSON text as a TOML string: a multi-line literal string when it can be one.
fn json_string(json: &Json) -> String {
    let text = serde_json::to_string_pretty(json).unwrap_or_else(|_| json.to_string());
    if text.contains("'''") {
        Value::from(text).to_string()
    } else {
        format!("'''\n{text}'''")
    }
}

/// A JSON value as TOML text: inline, except that a long list puts each element on a line.
fn toml_text(json: &Json) -> Option<String> {
    let inline = toml_value(json)?.to_string();
    match json {
        Json::Array(items) if items.len() > 1 && inline.len() > 80 => {
            let mut text = String::from("[\n");
            for item in items {
                text.push_str(&format!("    {},\n", toml_value(item)?));
            }
            text.push(']');
            Some(text)
        }
        _ => Some(inline),
    }
}

/// A JSON value as an inline TOML value (`None` for null, which TOML lacks).
fn toml_value(json: &Json) -> Option<Value> {
    Some(match json {
        Json::Null => return None,
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::from(i),
            None => Value::from(n.as_f64()?),
        },
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(items) => {
            let mut array = Array::new();
            for item in items {
                array.push(toml_value(item)?);
            }
            Value::Array(array)
        }
        Json::Object(map) => {
            let mut table = InlineTable::new();
            for (key, value) in map {
                table.insert(key, toml_value(value)?);
            }
            Value::InlineTable(table)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn splicing_replaces_only_the_spans() {
        let text = "a = \"x\"  # keep\nb = [1, 2]\n";
        let edits = vec![
            (Span::new(4, 7), "\"y\"".to_string()),
            (Span::new(20, 26), "[3]".to_string()),
        ];
        assert_eq!(splice(text, edits), "a = \"y\"  # keep\nb = [3]\n");
    }

    #[test]
    fn json_becomes_inline_toml() {
        let value = json!([{"value": "a@x", "type": "work", "primary": true}]);
        assert_eq!(
            toml_value(&value).unwrap().to_string(),
            r#"[{ value = "a@x", type = "work", primary = true }]"#
        );
        assert_eq!(
            toml_value(&json!("two\nlines")).unwrap().to_string(),
            "\"\"\"\ntwo\nlines\"\"\""
        );
        assert!(toml_value(&json!({"a": null})).is_none());
        let long = json!(["a".repeat(40), "b".repeat(40)]);
        let text = toml_text(&long).unwrap();
        assert_eq!(
            text,
            format!(
                "[\n    \"{}\",\n    \"{}\",\n]",
                "a".repeat(40),
                "b".repeat(40)
            )
        );
        toml_edit::Document::parse(format!("x = {text}")).expect("valid TOML");
    }
}
