use serde_json::{json, Value as Json};

use super::*;
use crate::builtins::test_support::{call, error, ints, list, map, run, s, show};

fn object(json: &Json) -> Value<'_> {
    match json {
        Json::Object(map) => Value::JsonMap(map),
        _ => Value::Nil,
    }
}

#[test]
fn keys_and_values_follow_document_order() {
    let doc = json!({"b": 1, "a": [2], "c": null});
    assert_eq!(run(keys, &[object(&doc)]), r#"["b","a","c"]"#);
    assert_eq!(run(values, &[object(&doc)]), "[1,[2],null]");
    let built = map(&[("z", Value::Int(1)), ("y", Value::Int(2))]);
    assert_eq!(run(keys, std::slice::from_ref(&built)), r#"["z","y"]"#);
    assert_eq!(call(keys, &[built]).unwrap().go_type(), "[]interface {}");
}

#[test]
fn keys_borrow_the_input() {
    let doc = json!({"name": "x"});
    let result = call(keys, &[object(&doc)]).unwrap();
    assert!(matches!(result.array_get(0), Some(Value::Str("name"))));
    let result = call(values, &[object(&doc)]).unwrap();
    assert!(matches!(result.array_get(0), Some(Value::Str("x"))));
}

#[test]
fn err_keys_values_pairs_of_non_maps() {
    assert_eq!(error(keys, &[ints(&[1])]), "cannot get keys from slice");
    assert_eq!(error(keys, &[Value::Nil]), "cannot get keys from invalid");
    assert_eq!(error(values, &[s("a")]), "cannot get values from string");
    assert_eq!(
        error(to_pairs, &[ints(&[])]),
        "cannot transform slice to pairs"
    );
    assert_eq!(
        error(keys, &[]),
        "invalid number of arguments (expected 1, got 0)"
    );
}

#[test]
fn to_pairs_gives_two_element_arrays() {
    let doc = json!({"a": 1, "b": "x"});
    let pairs = call(to_pairs, &[object(&doc)]).unwrap();
    assert_eq!(show(&pairs), r#"[["a",1],["b","x"]]"#);
    assert_eq!(pairs.go_type(), "[][2]interface {}");
}

#[test]
fn from_pairs_later_duplicates_win() {
    let pairs = list(&[
        list(&[s("a"), Value::Int(1)]),
        list(&[Value::Int(2), s("two")]),
        list(&[s("a"), Value::Int(3)]),
    ]);
    let result = call(from_pairs, &[pairs]).unwrap();
    assert_eq!(show(&result), r#"{"a":3,2:"two"}"#);
    assert_eq!(result.go_type(), "map[interface {}]interface {}");
    let doc = json!([["k", null]]);
    let Json::Array(items) = &doc else {
        unreachable!()
    };
    assert_eq!(run(from_pairs, &[Value::JsonArray(items)]), r#"{"k":null}"#);
}

#[test]
fn from_pairs_round_trips_to_pairs() {
    let original = map(&[("a", Value::Int(1)), ("b", Value::Int(2))]);
    let pairs = call(to_pairs, &[original]).unwrap();
    assert_eq!(run(from_pairs, &[pairs]), r#"{"a":1,"b":2}"#);
}

#[test]
fn err_from_pairs_messages() {
    assert_eq!(
        error(from_pairs, &[s("x")]),
        "cannot transform x from pairs"
    );
    assert_eq!(
        error(from_pairs, &[Value::Nil]),
        "cannot transform <invalid reflect.Value> from pairs"
    );
    // `invalid pair 1`, `invalid pair length [a]`: the value is printed with Go's `%v`.
    assert!(error(from_pairs, &[ints(&[1])]).starts_with("invalid pair "));
    assert!(error(from_pairs, &[list(&[list(&[s("a")])])]).starts_with("invalid pair length "));
    assert_eq!(
        error(from_pairs, &[list(&[list(&[ints(&[1]), Value::Int(1)])])]),
        "runtime error: hash of unhashable type []interface {}"
    );
}
