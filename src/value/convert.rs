//! Conversions of values out of the evaluator: to owned values and to plain JSON.

use std::sync::Arc;

use serde_json::Value as Json;

use super::{Array, Map, Value};

/// Detaches a value from the input's lifetime.
pub(super) fn into_owned(value: Value<'_>) -> Value<'static> {
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

/// Converts a value to plain JSON for output (placeholder; the formatting work completes it).
pub(super) fn to_json(value: &Value<'_>) -> Json {
    match value {
        Value::Nil => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Byte(b) => Json::from(*b),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or_else(
            || {
                Json::String(if f.is_nan() {
                    "NaN".into()
                } else if *f > 0.0 {
                    "+Inf".into()
                } else {
                    "-Inf".into()
                })
            },
            Json::Number,
        ),
        Value::Str(s) => Json::String((*s).to_string()),
        Value::String(s) => Json::String(s.to_string()),
        Value::Binary(b) => Json::String(String::from_utf8_lossy(b).into_owned()),
        Value::JsonArray(items) => Json::Array(items.to_vec()),
        Value::JsonMap(map) => Json::Object((*map).clone()),
        Value::Array(array) => {
            if value.is_nil() {
                Json::Null
            } else {
                Json::Array(array.items.iter().map(to_json).collect())
            }
        }
        Value::Map(map) => Json::Object(
            map.entries
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        super::Key::Str(s) => s.to_string(),
                        other => super::format::key_text(other),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        Value::Duration(d) => Json::from(*d),
        Value::Month(m) => Json::from(*m),
        Value::Weekday(w) => Json::from(*w),
        Value::Time(_) | Value::Location(_) => Json::String(super::format::go_string(value)),
    }
}
