//! `toJSON(x)`: Go's `json.MarshalIndent(x, "", "  ")`, written directly in indented form.

use std::fmt::Write as _;

use base64::Engine as _;

use super::float_json;
use crate::diagnostic::Code;
use crate::eval::RuntimeError;
use crate::value::{ArrayKind, MapKind, Value};

/// Go `json.MarshalIndent(x, "", "  ")` of a value: objects with keys sorted bytewise, one
/// entry per line, `"key": value`; `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c` etc.;
/// invalid UTF-8 as `\ufffd`; floats as `encoding/json` writes them (`1`, `0.5`, `1e-7`,
/// `1e+21`); nil and nil arrays as `null`; `[]uint8` as base64; times as RFC 3339 with
/// nanoseconds; durations and months as numbers; locations as `{}`.
///
/// Fails as Go does: `json: unsupported value: NaN` (and `+Inf`, `-Inf`), and
/// `json: unsupported type: map[interface {}]interface {}` for `fromPairs`/`groupBy` maps.
pub fn to_json_text(value: &Value<'_>) -> Result<String, RuntimeError> {
    let mut out = String::new();
    write(&mut out, value, 0)?;
    Ok(out)
}

fn write(out: &mut String, value: &Value<'_>, depth: usize) -> Result<(), RuntimeError> {
    if out.len() > super::MAX_TEXT_BYTES {
        return Err(RuntimeError::with_code(
            Code::Limit,
            "memory budget exceeded",
        ));
    }
    if depth > crate::value::MAX_VALUE_DEPTH {
        return Err(RuntimeError::with_code(
            Code::Limit,
            format!(
                "json: value nests too deeply (more than {} levels)",
                crate::value::MAX_VALUE_DEPTH
            ),
        ));
    }
    // The stack is checked every few levels (the red zone covers them).
    if depth % 8 == 0 {
        crate::stack::guard(|| write_unguarded(out, value, depth))
    } else {
        write_unguarded(out, value, depth)
    }
}

fn write_unguarded(out: &mut String, value: &Value<'_>, depth: usize) -> Result<(), RuntimeError> {
    match value {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Duration(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Byte(b) | Value::Month(b) | Value::Weekday(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Float(f) => match float_json(*f) {
            Some(text) => out.push_str(&text),
            None => {
                return Err(RuntimeError::new(format!(
                    "json: unsupported value: {}",
                    super::float_v(*f)
                )))
            }
        },
        Value::Str(s) => write_string(out, s.as_bytes()),
        Value::String(s) => write_string(out, s.as_bytes()),
        Value::Binary(b) => write_string(out, b),
        Value::JsonArray(items) => {
            write_array(out, items.iter().map(Value::from_json), items.len(), depth)?;
        }
        Value::Array(array) => match array.kind {
            ArrayKind::NilAny | ArrayKind::NilString => out.push_str("null"),
            ArrayKind::Bytes => {
                let bytes: Vec<u8> = array.items.iter().map(byte_of).collect();
                out.push('"');
                out.push_str(&base64::engine::general_purpose::STANDARD.encode(bytes));
                out.push('"');
            }
            _ => write_array(out, array.items.iter().cloned(), array.items.len(), depth)?,
        },
        Value::JsonMap(map) => {
            let mut entries: Vec<(&str, Value<'_>)> = map
                .iter()
                .map(|(k, v)| (k.as_str(), Value::from_json(v)))
                .collect();
            write_object(out, &mut entries, depth)?;
        }
        Value::Map(map) => match map.kind {
            MapKind::GroupBy => return Err(unsupported_type(value)),
            MapKind::Any => return Err(unsupported_type(value)),
            MapKind::Strings => {
                let texts: Vec<String> = map.entries.keys().map(super::key_text).collect();
                let mut entries: Vec<(&str, Value<'_>)> = texts
                    .iter()
                    .map(String::as_str)
                    .zip(map.entries.values().cloned())
                    .collect();
                write_object(out, &mut entries, depth)?;
            }
        },
        Value::Time(time) => {
            let text = time.rfc3339_nano();
            let year_ok = text.len() > 4
                && text.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && text.as_bytes()[4] == b'-';
            if !year_ok {
                return Err(RuntimeError::new(
                    "json: error calling MarshalJSON for type time.Time: \
                     Time.MarshalJSON: year outside of range [0,9999]",
                ));
            }
            write_string(out, text.as_bytes());
        }
        Value::Location(_) => out.push_str("{}"),
    }
    Ok(())
}

fn unsupported_type(value: &Value<'_>) -> RuntimeError {
    RuntimeError::new(format!("json: unsupported type: {}", value.go_type()))
}

fn byte_of(value: &Value<'_>) -> u8 {
    match value {
        Value::Byte(b) => *b,
        Value::Int(i) => *i as u8,
        _ => 0,
    }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_array<'a>(
    out: &mut String,
    items: impl Iterator<Item = Value<'a>>,
    len: usize,
    depth: usize,
) -> Result<(), RuntimeError> {
    if len == 0 {
        out.push_str("[]");
        return Ok(());
    }
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, depth + 1);
        write(out, &item, depth + 1)?;
    }
    newline(out, depth);
    out.push(']');
    Ok(())
}

fn write_object(
    out: &mut String,
    entries: &mut [(&str, Value<'_>)],
    depth: usize,
) -> Result<(), RuntimeError> {
    if entries.is_empty() {
        out.push_str("{}");
        return Ok(());
    }
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    out.push('{');
    for (i, (key, item)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, depth + 1);
        write_string(out, key.as_bytes());
        out.push_str(": ");
        write(out, item, depth + 1)?;
    }
    newline(out, depth);
    out.push('}');
    Ok(())
}

/// A JSON string as Go's encoder writes it with HTML escaping on.
fn write_string(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{0}'..='\u{1f}' | '<' | '>' | '&' => {
                    let b = c as u8;
                    out.push_str("\\u00");
                    out.push(char::from(HEX[usize::from(b >> 4)]));
                    out.push(char::from(HEX[usize::from(b & 0xf)]));
                }
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                other => out.push(other),
            }
        }
        for _ in chunk.invalid() {
            out.push_str("\\ufffd");
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use indexmap::IndexMap;
    use serde_json::json;

    use super::*;
    use crate::value::{Key, Map};

    fn json_text(json: serde_json::Value) -> String {
        to_json_text(&Value::from_json(&json)).unwrap()
    }

    #[test]
    fn layout() {
        assert_eq!(json_text(json!([1, 2])), "[\n  1,\n  2\n]");
        assert_eq!(json_text(json!([])), "[]");
        assert_eq!(json_text(json!({})), "{}");
        assert_eq!(json_text(json!(null)), "null");
        assert_eq!(json_text(json!("John")), "\"John\"");
        assert_eq!(
            json_text(json!({"b": [], "a": {"y": 1, "x": [true, null]}})),
            "{\n  \"a\": {\n    \"x\": [\n      true,\n      null\n    ],\n    \"y\": 1\n  },\n  \"b\": []\n}"
        );
    }

    #[test]
    fn keys_are_sorted_bytewise() {
        assert_eq!(
            json_text(json!({"a": 3, "B": 4, "2": 2, "10": 1})),
            "{\n  \"10\": 1,\n  \"2\": 2,\n  \"B\": 4,\n  \"a\": 3\n}"
        );
    }

    #[test]
    fn strings_are_escaped_like_go() {
        assert_eq!(
            json_text(json!("<a href=\"x\">&</a>")),
            r#""\u003ca href=\"x\"\u003e\u0026\u003c/a\u003e""#
        );
        assert_eq!(
            json_text(json!("tab\tnl\ncr\r\u{1}\u{7f}é\u{2028}\u{2029}\\")),
            "\"tab\\tnl\\ncr\\r\\u0001\u{7f}é\\u2028\\u2029\\\\\""
        );
        let binary = Value::Binary(Arc::from(&b"a\xff\xe2\x82b"[..]));
        assert_eq!(to_json_text(&binary).unwrap(), r#""a\ufffd\ufffd\ufffdb""#);
    }

    #[test]
    fn numbers() {
        assert_eq!(to_json_text(&Value::Float(1.0)).unwrap(), "1");
        assert_eq!(to_json_text(&Value::Float(-0.0)).unwrap(), "-0");
        assert_eq!(to_json_text(&Value::Float(1e-7)).unwrap(), "1e-7");
        assert_eq!(to_json_text(&Value::Float(1e21)).unwrap(), "1e+21");
        assert_eq!(to_json_text(&Value::Float(1e6)).unwrap(), "1000000");
        assert_eq!(to_json_text(&Value::Int(-3)).unwrap(), "-3");
        assert_eq!(to_json_text(&Value::Duration(1_000)).unwrap(), "1000");
        assert_eq!(to_json_text(&Value::Month(8)).unwrap(), "8");
        for (f, text) in [
            (f64::NAN, "NaN"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
        ] {
            let error = to_json_text(&Value::array(vec![Value::Float(f)])).unwrap_err();
            assert_eq!(error.message(), format!("json: unsupported value: {text}"));
        }
    }

    #[test]
    fn typed_arrays() {
        let nil = Value::array_of(ArrayKind::NilString, vec![]);
        assert_eq!(to_json_text(&nil).unwrap(), "null");
        let bytes = Value::array_of(ArrayKind::Bytes, vec![Value::Byte(b'h'), Value::Byte(b'i')]);
        assert_eq!(to_json_text(&bytes).unwrap(), "\"aGk=\"");
        let pairs = Value::array_of(
            ArrayKind::Pairs,
            vec![Value::array(vec![Value::Str("a"), Value::Int(1)])],
        );
        assert_eq!(
            to_json_text(&pairs).unwrap(),
            "[\n  [\n    \"a\",\n    1\n  ]\n]"
        );
    }

    #[test]
    fn maps() {
        let mut entries = IndexMap::new();
        entries.insert(Key::Str(Arc::from("b")), Value::Int(1));
        entries.insert(Key::Str(Arc::from("a")), Value::Nil);
        assert_eq!(
            to_json_text(&Value::map(entries.clone())).unwrap(),
            "{\n  \"a\": null,\n  \"b\": 1\n}"
        );
        for (kind, message) in [
            (
                MapKind::GroupBy,
                "json: unsupported type: map[interface {}][]interface {}",
            ),
            (
                MapKind::Any,
                "json: unsupported type: map[interface {}]interface {}",
            ),
        ] {
            let map = Value::Map(Arc::new(Map {
                entries: entries.clone(),
                kind,
            }));
            assert_eq!(to_json_text(&map).unwrap_err().message(), message);
        }
    }
}
