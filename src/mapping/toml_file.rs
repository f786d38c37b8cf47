//! Reading a table from TOML, the native format (mapping spec §7).

use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value as Json;
use toml::Spanned;

use super::table::{content_offset, Origin, Row, RowSpans, Source, Table};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::syntax::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: Option<String>,
    #[serde(default)]
    extensions: Vec<String>,
    #[serde(default)]
    user: Vec<Spanned<RawRow>>,
    #[serde(default)]
    group: Vec<Spanned<RawRow>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    target: Spanned<String>,
    path: Option<Spanned<String>>,
    expr: Option<Spanned<String>>,
    constant: Option<Spanned<toml::Value>>,
    #[serde(default)]
    required: bool,
    on: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    clear: bool,
    #[allow(dead_code)]
    description: Option<String>,
}

fn span_of<T>(spanned: &Spanned<T>) -> Span {
    let range = spanned.span();
    Span::new(range.start, range.end)
}

/// Reads a table from TOML text; `name` names the file in diagnostics.
pub fn read(name: &str, text: &str) -> Result<Table, Diagnostics> {
    let origin = Origin {
        name: name.to_string(),
        text: Arc::from(text),
    };
    let diagnostics = |items| Diagnostics {
        name: name.to_string(),
        source: origin.text.clone(),
        items,
    };
    let file: File = toml::from_str(text).map_err(|error| {
        let span = error
            .span()
            .map_or(Span::default(), |r| Span::new(r.start, r.end));
        let message = error.message().to_string();
        diagnostics(vec![Diagnostic::error(Code::TableFormat, message, span)
            .with_help("a table has `name`, `extensions`, and `[[user]]`/`[[group]]` rows with `target` and one of `path`, `expr`, `constant`")])
    })?;
    let mut problems = Vec::new();
    let user = rows(&file.user, text, &mut problems);
    let group = rows(&file.group, text, &mut problems);
    if !problems.is_empty() {
        return Err(diagnostics(problems));
    }
    Ok(Table {
        name: file.name.unwrap_or_else(|| name.to_string()),
        user,
        group,
        extensions: file.extensions,
        origin,
    })
}

fn rows(raw: &[Spanned<RawRow>], text: &str, problems: &mut Vec<Diagnostic>) -> Vec<Row> {
    raw.iter()
        .filter_map(|row| convert(row, text, problems))
        .collect()
}

fn convert(spanned: &Spanned<RawRow>, text: &str, problems: &mut Vec<Diagnostic>) -> Option<Row> {
    let raw = spanned.as_ref();
    let row_span = span_of(spanned);
    let sources: Vec<(Source, Span, Option<u32>)> = [
        raw.path
            .as_ref()
            .map(|p| (Source::Path(p.get_ref().clone()), span_of(p), None)),
        raw.expr.as_ref().map(|e| {
            let span = span_of(e);
            let offset = text
                .get(span.range())
                .and_then(|r| content_offset(r, e.get_ref()))
                .map(|o| span.start + o as u32);
            (Source::Expr(e.get_ref().clone()), span, offset)
        }),
        raw.constant
            .as_ref()
            .map(|c| (Source::Constant(to_json(c.get_ref())), span_of(c), None)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let (source, source_span, source_offset) = match sources.len() {
        1 => sources.into_iter().next()?,
        0 => {
            problems.push(
                Diagnostic::error(
                    Code::TableFormat,
                    format!("the row for `{}` has no source", raw.target.get_ref()),
                    row_span,
                )
                .with_help("add one of `path = \"...\"`, `expr = \"...\"`, `constant = ...`"),
            );
            return None;
        }
        _ => {
            problems.push(
                Diagnostic::error(
                    Code::TableFormat,
                    format!(
                        "the row for `{}` has more than one source",
                        raw.target.get_ref()
                    ),
                    row_span,
                )
                .with_help("keep exactly one of `path`, `expr`, `constant`"),
            );
            return None;
        }
    };
    let (on_create, on_update) = applies_on(raw.on.as_ref(), problems);
    Some(Row {
        target: raw.target.get_ref().clone(),
        source,
        required: raw.required,
        on_create,
        on_update,
        clear_on_nil: raw.clear,
        spans: RowSpans {
            row: row_span,
            target: span_of(&raw.target),
            source: source_span,
            source_offset,
        },
    })
}

/// Reads `on = ["create", "update"]` (both when absent).
fn applies_on(on: Option<&Spanned<Vec<String>>>, problems: &mut Vec<Diagnostic>) -> (bool, bool) {
    let Some(on) = on else {
        return (true, true);
    };
    let (mut create, mut update) = (false, false);
    for word in on.get_ref() {
        match word.to_ascii_lowercase().as_str() {
            "create" => create = true,
            "update" => update = true,
            other => problems.push(
                Diagnostic::error(
                    Code::TableFormat,
                    format!("unknown `on` value `{other}`"),
                    span_of(on),
                )
                .with_help("use \"create\", \"update\", or both"),
            ),
        }
    }
    (create, update)
}

/// A TOML value as JSON (datetimes as their RFC 3339 text).
pub(crate) fn to_json(value: &toml::Value) -> Json {
    match value {
        toml::Value::String(s) => Json::String(s.clone()),
        toml::Value::Integer(i) => Json::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        toml::Value::Boolean(b) => Json::Bool(*b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            Json::Object(table.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_with_positions() {
        let text =
            "name = \"T\"\n[[user]]\ntarget = \"displayName\"\nexpr = \"upper(jcUser.email)\"\n";
        let table = read("t.toml", text).unwrap();
        let row = &table.user[0];
        assert_eq!(row.source, Source::Expr("upper(jcUser.email)".into()));
        let offset = row.spans.source_offset.unwrap() as usize;
        assert_eq!(&text[offset..offset + 5], "upper");
        assert!(row.on_create && row.on_update);
    }

    #[test]
    fn err_row_without_source_and_bad_on() {
        let text = "[[user]]\ntarget = \"a\"\n[[user]]\ntarget = \"b\"\npath = \"x\"\non = [\"sometimes\"]\n";
        let error = read("t.toml", text).unwrap_err();
        assert_eq!(error.items.len(), 2);
        assert!(error.items[0].message.contains("no source"));
        assert!(error.items[1].message.contains("sometimes"));
    }

    #[test]
    fn err_malformed_toml_points_at_the_problem() {
        let error = read("t.toml", "[[user]\ntarget = 1").unwrap_err();
        assert_eq!(error.items[0].code, Code::TableFormat);
        assert!(error.items[0].span.is_some());
    }
}
