//! Reading JumpCloud's translation-rule JSON (mapping spec §1): an array of
//! `{source, destination, sourceType: PATH|EXPR|CONSTANT|GOLANG_TEMPLATE, direction, appliedOn,
//! required, ...}`, or an object `{"name": ..., "user": [rules], "group": [rules]}`.
//! Only `EXPORT` rules are mapping rows; `IMPORT` rules are skipped.

use std::sync::Arc;

use serde_json::Value as Json;

use super::table::{content_offset, Origin, Row, RowSpans, Source, Table};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::syntax::Span;

/// Reads a table from translation-rule JSON text; `name` names the file in diagnostics.
pub fn read(name: &str, text: &str) -> Result<Table, Diagnostics> {
    let origin = Origin {
        name: name.to_string(),
        text: Arc::from(text),
    };
    let fail = |items| Diagnostics {
        name: name.to_string(),
        source: origin.text.clone(),
        items,
    };
    let json: Json = serde_json::from_str(text).map_err(|error| {
        let offset = offset_of(text, error.line(), error.column());
        fail(vec![Diagnostic::error(
            Code::TableFormat,
            format!("invalid JSON: {error}"),
            Span::new(offset, offset),
        )])
    })?;
    let mut problems = Vec::new();
    let (table_name, user, group) = match &json {
        Json::Array(_) => (None, rules(text, 0, &json, &mut problems), Vec::new()),
        Json::Object(map) => {
            let section = |key: &str, problems: &mut Vec<Diagnostic>| match map.get(key) {
                Some(rules_json) => {
                    let start = key_value_offset(text, 0, key).unwrap_or(0);
                    rules(text, start, rules_json, problems)
                }
                None => Vec::new(),
            };
            let user = section("user", &mut problems);
            let group = section("group", &mut problems);
            (
                map.get("name").and_then(Json::as_str).map(String::from),
                user,
                group,
            )
        }
        _ => {
            problems.push(Diagnostic::error(
                Code::TableFormat,
                "a translation-rule file holds an array of rules, or an object with `user` and `group` arrays",
                Span::new(0, text.len().min(1)),
            ));
            (None, Vec::new(), Vec::new())
        }
    };
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    Ok(Table {
        name: table_name.unwrap_or_else(|| name.to_string()),
        user,
        group,
        extensions: Vec::new(),
        origin,
    })
}

fn rules(text: &str, array_start: usize, json: &Json, problems: &mut Vec<Diagnostic>) -> Vec<Row> {
    let Some(items) = json.as_array() else {
        return Vec::new();
    };
    let spans = element_spans(text, array_start);
    items
        .iter()
        .enumerate()
        .filter_map(|(i, rule)| {
            let span = spans.get(i).copied().unwrap_or_default();
            convert(rule, text, span, problems)
        })
        .collect()
}

fn convert(rule: &Json, text: &str, span: Span, problems: &mut Vec<Diagnostic>) -> Option<Row> {
    let field = |key: &str| rule.get(key).and_then(Json::as_str);
    if field("direction").is_some_and(|d| d.eq_ignore_ascii_case("IMPORT")) {
        return None;
    }
    let Some(target) = field("destination") else {
        problems.push(Diagnostic::error(
            Code::TableFormat,
            "a rule has no `destination`",
            span,
        ));
        return None;
    };
    let source_span = value_span(text, span, "source").unwrap_or(span);
    let kind = field("sourceType").unwrap_or("PATH").to_ascii_uppercase();
    let source = match (kind.as_str(), rule.get("source")) {
        ("PATH", Some(Json::String(path))) => Source::Path(path.clone()),
        ("EXPR", Some(Json::String(expr))) => Source::Expr(expr.clone()),
        ("CONSTANT", Some(value)) => Source::Constant(value.clone()),
        ("GOLANG_TEMPLATE", _) => {
            problems.push(
                Diagnostic::error(
                    Code::TableFormat,
                    format!("the rule for `{target}` is a Go template, which scimap does not run"),
                    source_span,
                )
                .with_help("rewrite it as an EXPR rule"),
            );
            return None;
        }
        (kind, _) => {
            problems.push(Diagnostic::error(
                Code::TableFormat,
                format!("the rule for `{target}` has sourceType `{kind}` without a usable `source`"),
                span,
            ).with_help("sourceType is PATH, EXPR or CONSTANT, with a string `source` for PATH and EXPR"));
            return None;
        }
    };
    let source_offset = match &source {
        Source::Expr(expr) => text
            .get(source_span.range())
            .and_then(|raw| content_offset(raw, expr))
            // Saturating: spans are 32-bit, a table file is not bounded in size.
            .map(|o| {
                source_span
                    .start
                    .saturating_add(u32::try_from(o).unwrap_or(u32::MAX))
            }),
        _ => None,
    };
    let applied: Vec<String> = rule
        .get("appliedOn")
        .and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_ascii_uppercase))
                .collect()
        })
        .unwrap_or_else(|| vec!["CREATE".into(), "UPDATE".into()]);
    Some(Row {
        target: target.to_string(),
        source,
        required: rule
            .get("required")
            .and_then(Json::as_bool)
            .unwrap_or(false),
        on_create: applied.iter().any(|a| a == "CREATE"),
        on_update: applied.iter().any(|a| a == "UPDATE"),
        clear_on_nil: rule.get("clear").and_then(Json::as_bool).unwrap_or(false),
        spans: RowSpans {
            row: span,
            target: value_span(text, span, "destination").unwrap_or(span),
            source: source_span,
            source_offset,
        },
    })
}

/// The byte offset of 1-based (line, column) as serde_json reports them.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// Skips a JSON string starting at `i` (on its opening quote); returns the index after it.
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The spans of the elements of the first array at or after `from`.
fn element_spans(text: &str, from: usize) -> Vec<Span> {
    let bytes = text.as_bytes();
    let Some(open) = text.get(from..).and_then(|t| t.find('[')).map(|o| o + from) else {
        return Vec::new();
    };
    let (mut spans, mut depth, mut start) = (Vec::new(), 0usize, None);
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                start.get_or_insert(i);
                i = skip_string(bytes, i);
                continue;
            }
            b'{' | b'[' => {
                if depth == 0 {
                    start = Some(i);
                }
                depth += 1;
            }
            b'}' | b']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    spans.push(Span::new(start.take().unwrap_or(i), i + 1));
                }
            }
            b']' => break,
            _ => {}
        }
        i += 1;
    }
    spans
}

/// The offset just after `"key":` at the top level of the object starting in `within`.
fn key_value_offset(text: &str, from: usize, key: &str) -> Option<usize> {
    let needle = format!("\"{key}\"");
    let at = text.get(from..)?.find(&needle)? + from + needle.len();
    let colon = text.get(at..)?.find(':')? + at + 1;
    Some(colon)
}

/// The span of the value of `key` inside the object spanning `within`.
fn value_span(text: &str, within: Span, key: &str) -> Option<Span> {
    let object = text.get(within.range())?;
    let after = key_value_offset(object, 0, key)?;
    let rest = &object[after..];
    let start = after + (rest.len() - rest.trim_start().len());
    let bytes = object.as_bytes();
    let end = if bytes.get(start) == Some(&b'"') {
        skip_string(bytes, start)
    } else {
        start
            + object[start..]
                .find([',', '}'])
                .unwrap_or(object.len() - start)
    };
    Some(Span::new(
        within.start as usize + start,
        within.start as usize + end,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rules_with_positions() {
        let text = r#"[
  {"source": "email", "destination": "userName", "sourceType": "PATH", "required": true},
  {"source": "upper(jcUser.firstname)", "destination": "name.givenName", "sourceType": "EXPR", "appliedOn": ["CREATE"]},
  {"source": "x", "destination": "y", "direction": "IMPORT"}
]"#;
        let table = read("rules.json", text).unwrap();
        assert_eq!(table.user.len(), 2);
        assert_eq!(table.user[0].source, Source::Path("email".into()));
        assert!(table.user[0].required);
        let row = &table.user[1];
        assert!(row.on_create && !row.on_update);
        let offset = row.spans.source_offset.unwrap() as usize;
        assert_eq!(&text[offset..offset + 5], "upper");
        assert_eq!(&text[row.spans.target.range()], "\"name.givenName\"");
    }

    #[test]
    fn err_template_rules_and_missing_destination() {
        let text = r#"[{"source": "{{.x}}", "destination": "a", "sourceType": "GOLANG_TEMPLATE"}, {"source": "x"}]"#;
        let error = read("rules.json", text).unwrap_err();
        assert_eq!(error.items.len(), 2);
    }

    #[test]
    fn err_invalid_json_points_at_the_error() {
        let error = read("rules.json", "[{\"source\": }]").unwrap_err();
        assert!(error.items[0].message.starts_with("invalid JSON"));
    }
}
