//! Conversions of values out of the evaluator: to owned values and to plain JSON.

use std::sync::Arc;

use serde_json::Value as Json;

use super::{Array, Map, Value, MAX_VALUE_DEPTH};

/// Detaches a value from the input's lifetime. Parts nested deeper than [`MAX_VALUE_DEPTH`]
/// become nil (an evaluation never returns such a value: see `Program::run`).
pub(super) fn into_owned(value: Value<'_>) -> Value<'static> {
    owned_at(value, 0)
}

fn owned_at(value: Value<'_>, depth: usize) -> Value<'static> {
    if depth > MAX_VALUE_DEPTH {
        return Value::Nil;
    }
    crate::stack::guard(|| owned_unguarded(value, depth + 1))
}

fn owned_unguarded(value: Value<'_>, depth: usize) -> Value<'static> {
    let into_owned = |value| owned_at(value, depth);
    match value {
        Value::Nil => Value::Nil,
        Value::Bool(b) => Value::Bool(b),
        Value::Int(i) => Value::Int(i),
        Value::Byte(b) => Value::Byte(b),
        Value::Float(f) => Value::Float(f),
        Value::Str(s) => Value::String(Arc::from(s)),
        Value::String(s) => Value::String(s),
        Value::Binary(b) => Value::Binary(b),
        Value::JsonArray(items) => Value::array(
            items
                .iter()
                .map(|j| into_owned(Value::from_json(j)))
                .collect(),
        ),
        Value::JsonMap(map) => Value::map(
            map.iter()
                .map(|(k, v)| {
                    (
                        super::Key::Str(Arc::from(k.as_str())),
                        into_owned(Value::from_json(v)),
                    )
                })
                .collect(),
        ),
        Value::Array(array) => Value::Array(Arc::new(Array {
            items: array.items.iter().cloned().map(into_owned).collect(),
            kind: array.kind,
        })),
        Value::Map(map) => Value::Map(Arc::new(Map {
            entries: map
                .entries
                .iter()
                .map(|(k, v)| (k.clone(), into_owned(v.clone())))
                .collect(),
            kind: map.kind,
        })),
        Value::Time(t) => Value::Time(t),
        Value::Duration(d) => Value::Duration(d),
        Value::Location(z) => Value::Location(z),
        Value::Month(m) => Value::Month(m),
        Value::Weekday(w) => Value::Weekday(w),
    }
}

/// Converts a value to plain JSON for the host (the SCIM mapping layer, `scimap eval`).
///
/// - ints stay JSON integers and floats JSON floats, even when integral (`2.0`), so the kind
///   survives; NaN and infinities, which JSON cannot hold, become `"NaN"`, `"+Inf"`, `"-Inf"`;
/// - a string that is not valid UTF-8 is converted lossily (U+FFFD);
/// - nil arrays are `null`; `[]uint8` arrays are arrays of numbers (Expr sees them as arrays);
/// - maps keep their own key order; a non-string key becomes its `%v` text (`1`, `true`,
///   `<nil>`), and when two keys have the same text the later entry wins;
/// - times are RFC 3339 strings with nanoseconds (`"2024-01-02T03:04:05Z"`), durations Go
///   duration strings (`"1h30m0s"`), locations their name, months and weekdays numbers (as Go's
///   JSON encodes them).
///
/// Parts nested deeper than [`MAX_VALUE_DEPTH`] become `null` (an evaluation never returns such
/// a value: see `Program::run`).
pub(super) fn to_json(value: &Value<'_>) -> Json {
    json_at(value, 0)
}

fn json_at(value: &Value<'_>, depth: usize) -> Json {
    if depth > MAX_VALUE_DEPTH {
        return Json::Null;
    }
    match value {
        // Only containers recurse: scalars need no stack check.
        Value::Array(_) | Value::Map(_) => crate::stack::guard(|| json_unguarded(value, depth + 1)),
        _ => json_unguarded(value, depth + 1),
    }
}

fn json_unguarded(value: &Value<'_>, depth: usize) -> Json {
    let to_json = |value: &Value<'_>| json_at(value, depth);
    match value {
        Value::Nil => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Byte(b) | Value::Month(b) | Value::Weekday(b) => Json::from(*b),
        Value::Float(f) => float(*f),
        Value::Str(s) => Json::String((*s).to_string()),
        Value::String(s) => Json::String(s.to_string()),
        Value::Binary(b) => Json::String(String::from_utf8_lossy(b).into_owned()),
        Value::JsonArray(items) => Json::Array(items.to_vec()),
        Value::JsonMap(map) => Json::Object((*map).clone()),
        Value::Array(_) if value.is_nil() => Json::Null,
        Value::Array(array) => Json::Array(array.items.iter().map(to_json).collect()),
        Value::Map(map) => Json::Object(
            map.entries
                .iter()
                .map(|(k, v)| (super::format::key_text(k), to_json(v)))
                .collect(),
        ),
        Value::Time(time) => Json::String(time.rfc3339_nano()),
        Value::Duration(d) => Json::String(super::time::format_duration(*d)),
        Value::Location(zone) => Json::String(zone.name()),
    }
}

/// A float as JSON: a float number, or the Go text of NaN and the infinities as a string.
fn float(f: f64) -> Json {
    match serde_json::Number::from_f64(f) {
        Some(number) => Json::Number(number),
        None => Json::String(super::format::float_v(f)),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use indexmap::IndexMap;
    use serde_json::json;

    use super::*;
    use crate::value::{ArrayKind, Key, MapKind};

    #[test]
    fn floats_stay_floats() {
        assert_eq!(to_json(&Value::Float(2.0)).to_string(), "2.0");
        assert!(to_json(&Value::Float(2.0)).is_f64());
        assert_eq!(to_json(&Value::Int(2)).to_string(), "2");
        assert_eq!(to_json(&Value::Float(f64::NAN)), json!("NaN"));
        assert_eq!(to_json(&Value::Float(f64::INFINITY)), json!("+Inf"));
        assert_eq!(to_json(&Value::Float(f64::NEG_INFINITY)), json!("-Inf"));
    }

    #[test]
    fn collections() {
        let input = json!({"z": [1, 2.5], "a": "x"});
        assert_eq!(to_json(&Value::from_json(&input)), input);
        assert_eq!(
            to_json(&Value::array_of(ArrayKind::NilString, vec![])),
            Json::Null
        );
        let mut entries = IndexMap::new();
        entries.insert(Key::Int(2), Value::Bool(true));
        entries.insert(Key::Str(Arc::from("a")), Value::Nil);
        let map = Value::Map(Arc::new(Map {
            entries,
            kind: MapKind::Any,
        }));
        assert_eq!(
            serde_json::to_string(&to_json(&map)).unwrap(),
            r#"{"2":true,"a":null}"#
        );
    }
}
