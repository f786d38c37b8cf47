//! Go-compatible printing of values.
//!
//! | function | what | Go |
//! |---|---|---|
//! | [`go_string`], [`go_bytes`] | `string(x)`, the REPL's default printing | `fmt.Sprintf("%v", x)` |
//! | [`to_json_text`] | `toJSON(x)` | `json.MarshalIndent(x, "", "  ")` |
//! | [`corpus_json`], [`corpus_equal`] | the conformance corpus's result encoding | — |
//! | [`output_json_text`] | what `scimap eval` prints | — |
//!
//! Map keys of `%v` follow Go's `internal/fmtsort`: numbers numerically, strings bytewise,
//! `false` before `true`, NaN first among floats, nil first of all. Keys of different Go types
//! (only possible in `groupBy`/`fromPairs` maps) are ordered by Go by the *address* of their type
//! descriptors, which depends on the Go linker; scimap uses a fixed order that matches the
//! linker's usual layout (sorted by size, then type name): nil, `bool`, `float64`, `int`,
//! `string`, `uint8`, `time.Duration`. See [`compare_keys`].

mod corpus;
mod float;
mod json;

use std::cmp::Ordering;
use std::io::Write as _;

use super::time::{format_duration, month_name, weekday_name};
use super::{Key, Value, MAX_VALUE_DEPTH};

pub use self::corpus::{corpus_equal, corpus_json};
pub use self::float::{float_json, float_v};
pub use self::json::to_json_text;

/// Go `%v` of a value, as text. A string that is not valid UTF-8 (anywhere inside the value)
/// is converted lossily; use [`go_bytes`] where the exact bytes matter (`string(x)`).
///
/// `string([1, 2.5, "a b", nil])` is `[1 2.5 a b <nil>]`; `string({b: 1, a: nil})` is
/// `map[a:<nil> b:1]`.
pub fn go_string(value: &Value<'_>) -> String {
    match String::from_utf8(go_bytes(value)) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    }
}

/// Go `%v` of a value, as the exact bytes Go would produce (non-UTF-8 strings kept as they are).
///
/// Output stops a little past [`MAX_TEXT_BYTES`] (values can share parts, so their text can be
/// far longer than their size), and values nested deeper than [`MAX_VALUE_DEPTH`] print `...`
/// there: callers that need the exact text check both (`string(x)` fails on them).
pub fn go_bytes(value: &Value<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    write_value(&mut out, value, 0);
    out
}

/// The most text [`go_bytes`] and [`to_json_text`] write (16 MiB; `toJSON(1..999999)` is 10 MB).
pub const MAX_TEXT_BYTES: usize = 16 << 20;

/// A map key as Go `%v` prints it (`1`, `true`, `<nil>`, `text`).
pub fn key_text(key: &Key) -> String {
    match key {
        Key::Str(text) => text.to_string(),
        other => go_string(&other.to_value()),
    }
}

/// What `scimap eval` prints: the value as pretty JSON (2-space indent), map keys in the value's
/// own order. It is [`Value::to_json`] printed: floats always carry a `.` or an exponent (`2.0`,
/// `1e+21`) so that they stay distinguishable from ints; NaN and infinities are the strings
/// `"NaN"`, `"+Inf"`, `"-Inf"`; times are RFC 3339 strings; durations Go duration strings
/// (`"1h30m0s"`); non-string map keys their `%v` text.
pub fn output_json_text(value: &Value<'_>) -> String {
    serde_json::to_string_pretty(&value.to_json()).unwrap_or_else(|_| "null".to_string())
}

/// The order of map keys in Go's `%v` (`internal/fmtsort`), with scimap's fixed order between
/// keys of different Go types (see the module documentation).
pub fn compare_keys(a: &Key, b: &Key) -> Ordering {
    fn rank(key: &Key) -> u8 {
        match key {
            Key::Nil => 0,
            Key::Bool(_) => 1,
            Key::Float(_) => 2,
            Key::Int(_) => 3,
            Key::Str(_) => 4,
            Key::Byte(_) => 5,
            Key::Duration(_) => 6,
        }
    }
    match (a, b) {
        (Key::Bool(x), Key::Bool(y)) => x.cmp(y),
        (Key::Int(x), Key::Int(y)) | (Key::Duration(x), Key::Duration(y)) => x.cmp(y),
        (Key::Byte(x), Key::Byte(y)) => x.cmp(y),
        (Key::Str(x), Key::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Key::Float(x), Key::Float(y)) => compare_floats(f64::from_bits(*x), f64::from_bits(*y)),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// `fmtsort`'s float order: NaN before everything, then by value.
fn compare_floats(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
    }
}

fn write_value(out: &mut Vec<u8>, value: &Value<'_>, depth: usize) {
    if out.len() > MAX_TEXT_BYTES {
        return;
    }
    if depth > MAX_VALUE_DEPTH {
        out.extend_from_slice(b"...");
        return;
    }
    // The stack is checked every few levels (the red zone covers them).
    if depth % 8 == 0 {
        crate::stack::guard(|| write_value_unguarded(out, value, depth + 1));
    } else {
        write_value_unguarded(out, value, depth + 1);
    }
}

fn write_value_unguarded(out: &mut Vec<u8>, value: &Value<'_>, depth: usize) {
    match value {
        Value::Nil => out.extend_from_slice(b"<nil>"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Byte(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Duration(d) => out.extend_from_slice(format_duration(*d).as_bytes()),
        Value::Float(f) => out.extend_from_slice(float_v(*f).as_bytes()),
        Value::Str(s) => out.extend_from_slice(s.as_bytes()),
        Value::String(s) => out.extend_from_slice(s.as_bytes()),
        Value::Binary(b) => out.extend_from_slice(b),
        Value::JsonArray(items) => {
            write_list(out, items.iter().map(Value::from_json), depth);
        }
        Value::Array(array) => write_list(out, array.items.iter().cloned(), depth),
        Value::JsonMap(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.extend_from_slice(b"map[");
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                out.extend_from_slice(key.as_bytes());
                out.push(b':');
                write_value(out, &Value::from_json(item), depth);
            }
            out.push(b']');
        }
        Value::Map(map) => {
            let mut entries: Vec<_> = map.entries.iter().collect();
            entries.sort_by(|a, b| compare_keys(a.0, b.0));
            out.extend_from_slice(b"map[");
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_value(out, &key.to_value(), depth);
                out.push(b':');
                write_value(out, item, depth);
            }
            out.push(b']');
        }
        Value::Time(time) => out.extend_from_slice(time.go_string().as_bytes()),
        Value::Location(zone) => out.extend_from_slice(zone.name().as_bytes()),
        Value::Month(m) => out.extend_from_slice(month_name(*m).as_bytes()),
        Value::Weekday(d) => out.extend_from_slice(weekday_name(*d).as_bytes()),
    }
}

fn write_list<'a>(out: &mut Vec<u8>, items: impl Iterator<Item = Value<'a>>, depth: usize) {
    out.push(b'[');
    for (i, item) in items.enumerate() {
        if out.len() > MAX_TEXT_BYTES {
            break;
        }
        if i > 0 {
            out.push(b' ');
        }
        write_value(out, &item, depth);
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use indexmap::IndexMap;
    use serde_json::json;

    use super::*;
    use crate::value::{ArrayKind, Map, MapKind};

    fn text(json: serde_json::Value) -> String {
        go_string(&Value::from_json(&json))
    }

    fn key(s: &str) -> Key {
        Key::Str(Arc::from(s))
    }

    #[test]
    fn scalars() {
        assert_eq!(go_string(&Value::Nil), "<nil>");
        assert_eq!(go_string(&Value::Bool(true)), "true");
        assert_eq!(go_string(&Value::Int(-42)), "-42");
        assert_eq!(go_string(&Value::Byte(97)), "97");
        assert_eq!(go_string(&Value::Float(1e6)), "1e+06");
        assert_eq!(go_string(&Value::Float(123456.0)), "123456");
        assert_eq!(go_string(&Value::Str("a b")), "a b");
        assert_eq!(go_string(&Value::Month(8)), "August");
        assert_eq!(go_string(&Value::Weekday(0)), "Sunday");
    }

    #[test]
    fn arrays_and_maps() {
        assert_eq!(text(json!(["a b", ""])), "[a b ]");
        assert_eq!(text(json!([1, 2.5, null, [true]])), "[1 2.5 <nil> [true]]");
        assert_eq!(
            text(json!({"b": 1, "a": null, "c": "x y"})),
            "map[a:<nil> b:1 c:x y]"
        );
        assert_eq!(
            text(json!({"B": 1, "a": 2, "10": 3, "2": 4})),
            "map[10:3 2:4 B:1 a:2]"
        );
        assert_eq!(text(json!({})), "map[]");
        assert_eq!(
            text(json!({"foo": {"Bar": "foo"}})),
            "map[foo:map[Bar:foo]]"
        );
        let bytes = Value::array_of(ArrayKind::Bytes, vec![Value::Byte(97), Value::Byte(98)]);
        assert_eq!(go_string(&bytes), "[97 98]");
        assert_eq!(go_string(&Value::array_of(ArrayKind::NilAny, vec![])), "[]");
        let mut entries = IndexMap::new();
        entries.insert(key("b"), Value::Float(0.5));
        entries.insert(key("a"), Value::array(vec![Value::Int(1)]));
        assert_eq!(go_string(&Value::map(entries)), "map[a:[1] b:0.5]");
    }

    #[test]
    fn mixed_keys_follow_fmtsort() {
        let mut entries = IndexMap::new();
        entries.insert(Key::Int(10), Value::Int(1));
        entries.insert(key("x"), Value::Int(2));
        entries.insert(Key::Int(-1), Value::Int(3));
        entries.insert(Key::Bool(true), Value::Int(4));
        entries.insert(Key::Bool(false), Value::Int(5));
        entries.insert(Key::Nil, Value::Int(6));
        entries.insert(Key::Float(f64::NAN.to_bits()), Value::Int(7));
        entries.insert(Key::Float(0.5f64.to_bits()), Value::Int(8));
        let map = Value::Map(Arc::new(Map {
            entries,
            kind: MapKind::Any,
        }));
        assert_eq!(
            go_string(&map),
            "map[<nil>:6 false:5 true:4 NaN:7 0.5:8 -1:3 10:1 x:2]"
        );
    }

    #[test]
    fn binary_strings_keep_their_bytes() {
        let value = Value::Binary(Arc::from(&b"h\xc3"[..]));
        assert_eq!(go_bytes(&value), b"h\xc3");
        assert_eq!(go_string(&value), "h\u{fffd}");
        let nested = Value::array(vec![value, Value::Int(1)]);
        assert_eq!(go_bytes(&nested), b"[h\xc3 1]");
    }

    #[test]
    fn key_texts() {
        assert_eq!(key_text(&key("a b")), "a b");
        assert_eq!(key_text(&Key::Int(3)), "3");
        assert_eq!(key_text(&Key::Float(1e6f64.to_bits())), "1e+06");
        assert_eq!(key_text(&Key::Nil), "<nil>");
    }

    #[test]
    fn output_json_keeps_floats_and_order() {
        let json = json!({"z": 2.0, "a": [1, 1e21]});
        let value = Value::from_json(&json);
        assert_eq!(
            output_json_text(&value),
            "{\n  \"z\": 2.0,\n  \"a\": [\n    1,\n    1e+21\n  ]\n}"
        );
        assert_eq!(output_json_text(&Value::Float(f64::NAN)), "\"NaN\"");
    }
}
