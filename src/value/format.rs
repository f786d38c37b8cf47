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
