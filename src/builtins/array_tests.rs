use std::sync::Arc;

use serde_json::{json, Value as Json};

use super::*;
use crate::builtins::test_support::{call, error, ints, list, map, run, s};
use crate::eval::{Limits, SystemClock};

fn json_items(json: &Json) -> Value<'_> {
    match json {
        Json::Array(items) => Value::JsonArray(items),
        Json::Object(map) => Value::JsonMap(map),
        _ => Value::from_json(json),
    }
}

/// `[[[...[leaf]...]]]` nested `depth` levels below the outer array.
fn nested(depth: usize) -> Value<'static> {
    let mut value = ints(&[1]);
    for _ in 0..depth {
        value = list(&[value]);
    }
    value
}

#[test]
fn len_counts_runes_elements_and_entries() {
    assert_eq!(run(len, &[s("héllo")]), "5");
    assert_eq!(
        run(len, &[Value::Binary(Arc::from(&b"\xe2\x82x"[..]))]),
        "3"
    );
    assert_eq!(run(len, &[ints(&[1, 2])]), "2");
    assert_eq!(run(len, &[map(&[("a", Value::Int(1))])]), "1");
    let doc = json!({"a": [1, 2, 3]});
    assert_eq!(run(len, &[json_items(&doc["a"])]), "3");
}

#[test]
fn err_len_of_other_values() {
    assert_eq!(
        error(len, &[Value::Int(1)]),
        "invalid argument for len (type int)"
    );
    assert_eq!(
        error(len, &[Value::Nil]),
        "invalid argument for len (type <nil>)"
    );
    assert_eq!(
        error(len, &[s("a"), s("b")]),
        "invalid number of arguments (expected 1, got 2)"
    );
}

#[test]
fn first_and_last_borrow_and_never_fail() {
    let doc = json!(["a", "b"]);
    let Ok(Value::Str(text)) = call(first, &[json_items(&doc)]) else {
        panic!("expected a borrowed string")
    };
    assert!(std::ptr::eq(text, doc[0].as_str().unwrap()));
    assert_eq!(run(last, &[json_items(&doc)]), "\"b\"");
    assert_eq!(run(first, &[list(&[])]), "null");
    assert_eq!(run(last, &[Value::Nil]), "null");
    assert_eq!(run(first, &[Value::Int(3)]), "null");
    assert_eq!(run(first, &[map(&[("a", Value::Int(1))])]), "null");
    assert_eq!(run(first, &[s("abc")]), "97");
}

#[test]
fn get_is_a_safe_index() {
    let arr = ints(&[1, 2, 3]);
    assert_eq!(run(get, &[arr.clone(), Value::Int(-1)]), "3");
    assert_eq!(run(get, &[arr.clone(), Value::Int(3)]), "null");
    assert_eq!(run(get, &[arr.clone(), Value::Int(-4)]), "null");
    assert_eq!(run(get, &[arr, Value::Float(1.7)]), "2");
    assert_eq!(run(get, &[Value::Nil, s("a")]), "null");
    assert_eq!(run(get, &[Value::Int(1), s("a")]), "null");
    assert_eq!(run(get, &[s("abc"), Value::Int(1)]), "98");
    let doc = json!({"a": {"b": 1}});
    assert_eq!(run(get, &[json_items(&doc), s("a")]), "{\"b\":1}");
    assert_eq!(run(get, &[json_items(&doc), s("z")]), "null");
    let groups = Value::Map(Arc::new(crate::value::Map {
        entries: Default::default(),
        kind: MapKind::GroupBy,
    }));
    assert!(matches!(
        call(get, &[groups, Value::Int(1)]),
        Ok(Value::Nil)
    ));
}

#[test]
fn err_get_with_a_key_of_the_wrong_type() {
    assert_eq!(
        error(get, &[ints(&[1]), s("a")]),
        "invalid operation: int(string)"
    );
    assert_eq!(
        error(get, &[map(&[("a", Value::Int(1))]), Value::Int(1)]),
        "reflect.Value.MapIndex: value of type int is not assignable to type string"
    );
    assert_eq!(
        error(get, &[ints(&[1])]),
        "invalid number of arguments (expected 2, got 1)"
    );
}

#[test]
fn take_keeps_the_array_type() {
    assert_eq!(run(take, &[ints(&[1, 2, 3]), Value::Int(2)]), "[1,2]");
    assert_eq!(run(take, &[ints(&[1, 2, 3]), Value::Int(0)]), "[]");
    let words = Value::array_of(ArrayKind::String, vec![s("a"), s("b")]);
    let taken = call(take, &[words, Value::Int(1)]).unwrap();
    assert_eq!(taken.go_type(), "[]string");
    let doc = json!([1, 2]);
    assert!(matches!(
        call(take, &[json_items(&doc), Value::Int(5)]),
        Ok(Value::JsonArray(_))
    ));
    let nil = Value::array_of(ArrayKind::NilAny, Vec::new());
    assert!(call(take, &[nil, Value::Int(0)]).unwrap().is_nil());
}

#[test]
fn err_take_messages() {
    assert_eq!(
        error(take, &[ints(&[1]), Value::Float(1.0)]),
        "cannot take float64 elements"
    );
    assert_eq!(
        error(take, &[ints(&[1]), Value::Byte(1)]),
        "cannot take uint8 elements"
    );
    assert_eq!(
        error(take, &[ints(&[1]), Value::Int(-1)]),
        "reflect.Value.Slice: slice index out of bounds"
    );
    assert_eq!(
        error(take, &[s("abc"), Value::Int(1)]),
        "cannot take from string"
    );
    assert_eq!(
        error(take, &[Value::Nil, Value::Int(1)]),
        "cannot take from invalid"
    );
}

#[test]
fn reverse_builds_an_any_array_and_charges() {
    let mut ctx = Context::new(Limits::default(), &SystemClock);
    let reversed = reverse(&mut ctx, &[ints(&[1, 2, 3])]).unwrap();
    assert_eq!(crate::builtins::test_support::show(&reversed), "[3,2,1]");
    assert_eq!(ctx.memory_used, 3);
    let nil = Value::array_of(ArrayKind::NilAny, Vec::new());
    let reversed = call(reverse, &[nil]).unwrap();
    assert!(!reversed.is_nil());
}

#[test]
fn err_not_an_array() {
    assert_eq!(error(reverse, &[s("abc")]), "cannot reverse string");
    assert_eq!(error(uniq, &[Value::Int(1)]), "cannot uniq int");
    assert_eq!(error(flatten, &[Value::Nil]), "cannot flatten invalid");
    assert_eq!(
        error(concat, &[ints(&[1]), Value::Int(2)]),
        "cannot concat int"
    );
    assert_eq!(error(concat, &[map(&[])]), "cannot concat map");
}

#[test]
fn uniq_uses_go_equality() {
    let mixed = list(&[Value::Int(1), Value::Float(1.0), s("1"), Value::Int(1)]);
    assert_eq!(run(uniq, &[mixed]), "[1,\"1\"]");
    let nan = list(&[Value::Float(f64::NAN), Value::Float(f64::NAN)]);
    assert_eq!(call(uniq, &[nan]).unwrap().collection_len(), Some(2));
    let zeros = list(&[Value::Float(-0.0), Value::Int(0)]);
    assert_eq!(call(uniq, &[zeros]).unwrap().collection_len(), Some(1));
    let nils = list(&[
        Value::array_of(ArrayKind::NilAny, Vec::new()),
        Value::Nil,
        list(&[]),
    ]);
    assert_eq!(run(uniq, &[nils]), "[null,[]]");
    let nested = list(&[ints(&[1, 2]), list(&[Value::Int(1), Value::Float(2.0)])]);
    assert_eq!(run(uniq, &[nested]), "[[1,2]]");
    let huge = list(&[
        Value::Int(1 << 53),
        Value::Int((1 << 53) + 1),
        Value::Float(9007199254740992.0),
    ]);
    assert_eq!(run(uniq, &[huge]), "[9007199254740992,9007199254740993]");
    let big_float_first = list(&[Value::Float(9007199254740992.0), Value::Int((1 << 53) + 1)]);
    assert_eq!(
        call(uniq, &[big_float_first]).unwrap().collection_len(),
        Some(1)
    );
}

#[test]
fn concat_returns_nil_when_everything_is_empty() {
    let empty = call(concat, &[list(&[]), list(&[])]).unwrap();
    assert!(empty.is_nil());
    assert_eq!(empty.go_type(), "[]interface {}");
    let doc = json!(["x"]);
    let joined = call(concat, &[ints(&[1]), json_items(&doc)]).unwrap();
    assert_eq!(crate::builtins::test_support::show(&joined), "[1,\"x\"]");
    assert_eq!(joined.go_type(), "[]interface {}");
}

#[test]
fn err_concat_without_arguments() {
    assert_eq!(
        error(concat, &[]),
        "invalid number of arguments (expected at least 1, got 0)"
    );
}

#[test]
fn flatten_is_recursive_and_not_nil() {
    let deep = list(&[Value::Int(1), list(&[ints(&[2]), list(&[])]), s("x")]);
    assert_eq!(run(flatten, &[deep]), "[1,2,\"x\"]");
    let empty = call(flatten, &[list(&[])]).unwrap();
    assert!(!empty.is_nil());
    let bytes = Value::array_of(ArrayKind::Bytes, vec![Value::Byte(1)]);
    assert_eq!(run(flatten, &[list(&[bytes])]), "[1]");
}

/// Runs `test` on a thread with a large stack: *dropping* a value nested 10,000 levels deep
/// recurses (`Value` has no iterative `Drop`), even though the builtins themselves do not.
fn with_big_stack(test: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(test)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn flatten_follows_go_depth_limit_without_recursing() {
    with_big_stack(|| {
        assert_eq!(run(flatten, &[nested(MAX_DEPTH)]), "[1]");
        assert_eq!(
            error(flatten, &[nested(MAX_DEPTH + 1)]),
            "recursion depth exceeded"
        );
    });
}

#[test]
fn err_flatten_charges_the_budget() {
    let limits = Limits {
        memory_budget: 3,
        ..Limits::default()
    };
    let mut ctx = Context::new(limits, &SystemClock);
    let error = flatten(&mut ctx, &[list(&[ints(&[1, 2]), ints(&[3])])]).unwrap_err();
    assert_eq!(error.message(), "memory budget exceeded");
}

#[test]
fn sort_orders_like_go() {
    assert_eq!(run(sort, &[ints(&[3, 1, 2])]), "[1,2,3]");
    let words = list(&[s("b"), s("a"), s("B"), s("é")]);
    assert_eq!(
        run(sort, std::slice::from_ref(&words)),
        "[\"B\",\"a\",\"b\",\"é\"]"
    );
    assert_eq!(run(sort, &[words, s("desc")]), "[\"é\",\"b\",\"a\",\"B\"]");
    let mixed = list(&[Value::Float(2.5), Value::Int(1), Value::Int(3)]);
    assert_eq!(run(sort, &[mixed]), "[1,2.5,3]");
    let many: Vec<i64> = (0..40).map(|i| (i * 17) % 40).collect();
    let sorted = call(sort, &[ints(&many)]).unwrap();
    let expected: Vec<i64> = (0..40).collect();
    assert_eq!(
        crate::builtins::test_support::show(&sorted),
        crate::builtins::test_support::show(&ints(&expected))
    );
}

#[test]
fn sort_of_other_element_types_is_nil() {
    let pairs = Value::array_of(ArrayKind::Pairs, vec![ints(&[1, 2])]);
    assert!(call(sort, &[pairs]).unwrap().is_nil());
    assert!(call(sort, &[s("abc")]).unwrap().is_nil());
}

#[test]
fn err_sort_messages() {
    assert_eq!(
        error(sort, &[list(&[s("a"), Value::Int(1)])]),
        "invalid operation: int < string"
    );
    assert_eq!(
        error(sort, &[ints(&[1]), s("up")]),
        "invalid order up, expected asc or desc"
    );
    assert_eq!(
        error(sort, &[ints(&[1]), Value::Int(1)]),
        "sort order argument must be a string (got int)"
    );
    assert_eq!(
        error(sort, &[]),
        "invalid number of arguments (expected 1 or 2, got 0)"
    );
}
