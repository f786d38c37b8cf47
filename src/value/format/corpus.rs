//! The conformance corpus's result encoding (`shared/conformance/README.md`) and its equality.

use serde_json::{Map as JsonObject, Value as Json};

use super::compare_keys;
use crate::value::{Key, Value};

/// A value in the corpus's result encoding: ints as JSON integers, floats as JSON floats (an
/// integral float stays a float: `2.0`), NaN and infinities as `"NaN"`, `"+Inf"`, `"-Inf"`,
/// `{"$time": RFC3339Nano}`, `{"$duration": ns}`, `{"$location": name}`, `{"$bytes": [...]}`
/// for a string that is not valid UTF-8, `{"$map": [[k, v], ...]}` for a map with a non-string
/// key (pairs in `%v` key order); object keys sorted; nil arrays `null`; `[]uint8` as an array
/// of numbers; months and weekdays as numbers (the corpus has none).
pub fn corpus_json(value: &Value<'_>) -> Json {
    match value {
        Value::Nil => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Byte(b) | Value::Month(b) | Value::Weekday(b) => Json::from(*b),
        Value::Float(f) => float(*f),
        Value::Str(s) => Json::String((*s).to_string()),
        Value::String(s) => Json::String(s.to_string()),
        Value::Binary(bytes) => tagged("$bytes", Json::from(bytes.to_vec())),
        Value::JsonArray(items) => Json::Array(
            items
                .iter()
                .map(|item| corpus_json(&Value::from_json(item)))
                .collect(),
        ),
        Value::Array(_) if value.is_nil() => Json::Null,
        Value::Array(array) => Json::Array(array.items.iter().map(corpus_json).collect()),
        Value::JsonMap(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Json::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), corpus_json(&Value::from_json(v))))
                    .collect(),
            )
        }
        Value::Map(map) => {
            let mut entries: Vec<_> = map.entries.iter().collect();
            entries.sort_by(|a, b| compare_keys(a.0, b.0));
            if entries.iter().all(|(k, _)| matches!(k, Key::Str(_))) {
                Json::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (super::key_text(k), corpus_json(v)))
                        .collect(),
                )
            } else {
                let pairs = entries
                    .into_iter()
                    .map(|(k, v)| Json::Array(vec![corpus_json(&k.to_value()), corpus_json(v)]))
                    .collect();
                tagged("$map", Json::Array(pairs))
            }
        }
        Value::Time(time) => tagged("$time", Json::String(time.rfc3339_nano())),
        Value::Duration(d) => tagged("$duration", Json::from(*d)),
        Value::Location(zone) => tagged("$location", Json::String(zone.name())),
    }
}

fn float(f: f64) -> Json {
    match serde_json::Number::from_f64(f) {
        Some(number) => Json::Number(number),
        None if f.is_nan() => Json::String("NaN".into()),
        None if f > 0.0 => Json::String("+Inf".into()),
        None => Json::String("-Inf".into()),
    }
}

fn tagged(tag: &str, inner: Json) -> Json {
    let mut object = JsonObject::new();
    object.insert(tag.to_string(), inner);
    Json::Object(object)
}

/// Whether an actual result (in the corpus encoding) matches an expected one.
///
/// Numbers must agree in kind (an int never equals a float) and value; floats are equal when
/// they are the same number or differ by at most `1e-9 × max(1, |expected|)` (a relative
/// tolerance that absorbs last-digit differences of `mean`/`median`-style sums while still
/// telling `0.1` from `0.2`). `{"$map": [...]}` pairs are compared as unordered collections
/// (Go's map order is random). Everything else is compared structurally; object key order does
/// not matter.
pub fn corpus_equal(expected: &Json, actual: &Json) -> bool {
    match (expected, actual) {
        (Json::Null, Json::Null) => true,
        (Json::Bool(a), Json::Bool(b)) => a == b,
        (Json::String(a), Json::String(b)) => a == b,
        (Json::Number(a), Json::Number(b)) => numbers_equal(a, b),
        (Json::Array(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| corpus_equal(x, y))
        }
        (Json::Object(a), Json::Object(b)) => match (map_pairs(a), map_pairs(b)) {
            (Some(x), Some(y)) => pairs_equal(x, y),
            _ => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, x)| b.get(k).is_some_and(|y| corpus_equal(x, y)))
            }
        },
        _ => false,
    }
}

fn numbers_equal(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    if a.is_f64() != b.is_f64() {
        return false;
    }
    if !a.is_f64() {
        let int = |n: &serde_json::Number| {
            n.as_i64()
                .map(i128::from)
                .or_else(|| n.as_u64().map(i128::from))
        };
        return int(a) == int(b);
    }
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y || (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        _ => false,
    }
}

fn map_pairs(object: &JsonObject<String, Json>) -> Option<&Vec<Json>> {
    match (object.len(), object.get("$map")) {
        (1, Some(Json::Array(pairs))) => Some(pairs),
        _ => None,
    }
}

/// Unordered comparison: every expected pair matches a distinct actual pair.
fn pairs_equal(expected: &[Json], actual: &[Json]) -> bool {
    if expected.len() != actual.len() {
        return false;
    }
    let mut used = vec![false; actual.len()];
    expected.iter().all(|pair| {
        let found = actual
            .iter()
            .enumerate()
            .find(|(i, candidate)| !used[*i] && corpus_equal(pair, candidate));
        match found {
            Some((i, _)) => {
                used[i] = true;
                true
            }
            None => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use indexmap::IndexMap;
    use serde_json::json;

    use super::*;
    use crate::value::{Map, MapKind};

    fn parse(text: &str) -> Json {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn encodes_like_the_corpus() {
        assert_eq!(corpus_json(&Value::Float(2.0)).to_string(), "2.0");
        assert_eq!(corpus_json(&Value::Int(2)).to_string(), "2");
        assert_eq!(corpus_json(&Value::Float(f64::NAN)), json!("NaN"));
        assert_eq!(corpus_json(&Value::Float(f64::NEG_INFINITY)), json!("-Inf"));
        assert_eq!(
            corpus_json(&Value::Binary(Arc::from(&[182u8, 187, 158][..]))),
            json!({"$bytes": [182, 187, 158]})
        );
        assert_eq!(corpus_json(&Value::Duration(5)), json!({"$duration": 5}));
        let input = json!({"b": [1, 2.5], "a": null});
        assert_eq!(
            corpus_json(&Value::from_json(&input)).to_string(),
            r#"{"a":null,"b":[1,2.5]}"#
        );
    }

    #[test]
    fn maps_with_other_keys_are_tagged() {
        let mut entries = IndexMap::new();
        entries.insert(
            Key::Float(0.5f64.to_bits()),
            Value::array(vec![Value::Int(0)]),
        );
        let map = Value::Map(Arc::new(Map {
            entries: entries.clone(),
            kind: MapKind::GroupBy,
        }));
        assert_eq!(corpus_json(&map).to_string(), r#"{"$map":[[0.5,[0]]]}"#);
        let mut strings = IndexMap::new();
        strings.insert(Key::Str(Arc::from("k")), Value::Int(1));
        let map = Value::Map(Arc::new(Map {
            entries: strings,
            kind: MapKind::Any,
        }));
        assert_eq!(corpus_json(&map), json!({"k": 1}));
    }

    #[test]
    fn equality() {
        assert!(corpus_equal(&parse("2.0"), &parse("2.0")));
        assert!(!corpus_equal(&parse("2.0"), &parse("2")));
        assert!(!corpus_equal(&parse("2"), &parse("2.0")));
        assert!(corpus_equal(&parse("0.30000000000000004"), &parse("0.3")));
        assert!(!corpus_equal(&parse("0.1"), &parse("0.2")));
        assert!(corpus_equal(&parse("-0.0"), &parse("0.0")));
        assert!(corpus_equal(&parse(r#""NaN""#), &parse(r#""NaN""#)));
        assert!(corpus_equal(
            &parse(r#"{"a": 1, "b": [1.0]}"#),
            &parse(r#"{"b": [1.0], "a": 1}"#)
        ));
        assert!(!corpus_equal(
            &parse(r#"{"a": 1}"#),
            &parse(r#"{"a": 1, "b": 2}"#)
        ));
        assert!(corpus_equal(
            &parse(r#"{"$map": [[1, [0]], [true, [1]]]}"#),
            &parse(r#"{"$map": [[true, [1]], [1, [0]]]}"#)
        ));
        assert!(!corpus_equal(
            &parse(r#"{"$map": [[1, [0]], [1, [0]]]}"#),
            &parse(r#"{"$map": [[1, [0]], [2, [0]]]}"#)
        ));
        assert!(corpus_equal(
            &parse("18446744073709551615"),
            &parse("18446744073709551615")
        ));
    }
}
