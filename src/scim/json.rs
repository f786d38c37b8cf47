//! Small JSON helpers shared by the builder, the validator and the PATCH diff.

use serde_json::{Map, Value as Json};

/// The value of `name` in `object`, matched case-insensitively (SCIM names are); an exact
/// match wins over a case-folded one.
pub(crate) fn get_ignore_case<'a>(object: &'a Map<String, Json>, name: &str) -> Option<&'a Json> {
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    })
}

/// `value` unless it is `null` (RFC 7643 section 2.5: null means unassigned).
pub(crate) fn present(value: Option<&Json>) -> Option<&Json> {
    value.filter(|value| !value.is_null())
}

/// Whether a value is unassigned: absent, `null`, or an empty array (RFC 7643 section 2.5).
pub(crate) fn is_unassigned(value: Option<&Json>) -> bool {
    match value {
        None | Some(Json::Null) => true,
        Some(Json::Array(elements)) => elements.iter().all(Json::is_null),
        Some(_) => false,
    }
}

/// Whether `element` is an object with `primary: true`.
pub(crate) fn is_primary(element: &Json) -> bool {
    element
        .as_object()
        .and_then(|object| get_ignore_case(object, "primary"))
        .and_then(Json::as_bool)
        .unwrap_or(false)
}

/// JSON equality with numbers compared by value (`1` equals `1.0`), object keys compared
/// case-insensitively, and `null` members treated as absent.
pub(crate) fn values_equal(left: &Json, right: &Json) -> bool {
    match (left, right) {
        (Json::Number(a), Json::Number(b)) => numbers_equal(a, b),
        (Json::Array(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| values_equal(x, y))
        }
        (Json::Object(a), Json::Object(b)) => contains_all(a, b) && contains_all(b, a),
        _ => left == right,
    }
}

/// Whether every non-null member of `wanted` is in `object` with an equal value.
pub(crate) fn contains_all(wanted: &Map<String, Json>, object: &Map<String, Json>) -> bool {
    wanted
        .iter()
        .filter(|(_, value)| !value.is_null())
        .all(|(key, value)| {
            present(get_ignore_case(object, key)).is_some_and(|found| values_equal(value, found))
        })
}

fn numbers_equal(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) => x == y,
        _ => a.as_f64() == b.as_f64() && a.as_f64().is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equality_is_scim_aware() {
        assert!(values_equal(&json!(1), &json!(1.0)));
        assert!(values_equal(
            &json!({"Value": "a", "x": null}),
            &json!({"value": "a"})
        ));
        assert!(!values_equal(
            &json!({"value": "a"}),
            &json!({"value": "A"})
        ));
        assert!(!values_equal(&json!([1, 2]), &json!([2, 1])));
    }

    #[test]
    fn lookups_ignore_case_and_prefer_exact() {
        let object = json!({"username": "low", "userName": "exact"});
        let object = object.as_object().unwrap();
        assert_eq!(get_ignore_case(object, "userName"), Some(&json!("exact")));
        assert_eq!(get_ignore_case(object, "USERNAME"), Some(&json!("low")));
        assert!(is_unassigned(Some(&json!([null]))));
        assert!(!is_unassigned(Some(&json!(""))));
    }
}
