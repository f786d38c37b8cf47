//! Go-compatible printing of values: `string(x)` (Go `%v`) and `toJSON(x)`.
//!
//! (Placeholder; filled in by the formatting work.)

use super::{Key, Value};

/// Go `%v` of a value (placeholder).
pub fn go_string(value: &Value<'_>) -> String {
    format!("{value:?}")
}

/// The text of a non-string map key (placeholder).
pub fn key_text(key: &Key) -> String {
    go_string(&key.to_value())
}

/// The conformance corpus's encoding of a value (placeholder until the formatting work lands).
pub fn corpus_json(value: &Value<'_>) -> serde_json::Value {
    value.to_json()
}

/// Compares two corpus encodings: numbers by value and kind (placeholder).
pub fn corpus_equal(expected: &serde_json::Value, actual: &serde_json::Value) -> bool {
    expected == actual
}

/// What `scimap eval` prints (placeholder until the formatting work lands).
pub fn output_json_text(value: &Value<'_>) -> String {
    serde_json::to_string_pretty(&value.to_json()).unwrap_or_default()
}
