use std::sync::Arc;

use super::*;
use crate::builtins::test_support::{call, error, list, run, s};

fn binary(bytes: &[u8]) -> Value<'static> {
    Value::Binary(Arc::from(bytes))
}

#[test]
fn trim_whitespace_and_cutset() {
    assert_eq!(run(trim, &[s(" \t\u{a0}ada\u{85}\n")]), "\"ada\"");
    assert_eq!(run(trim, &[s("abcba"), s("ab")]), "\"c\"");
    assert_eq!(run(trim, &[s("xx"), s("")]), "\"xx\"");
    assert_eq!(run(trim, &[s("ééaé"), s("é")]), "\"a\"");
}

#[test]
fn trim_borrows_its_input() {
    let text = String::from("  ada  ");
    let Ok(Value::Str(part)) = call(trim, &[s(&text)]) else {
        panic!("expected a borrowed string")
    };
    assert!(std::ptr::eq(part.as_ptr(), text[2..].as_ptr()));
}

#[test]
fn trim_prefix_and_suffix_default_to_one_space() {
    assert_eq!(run(trim_prefix, &[s("  x")]), "\" x\"");
    assert_eq!(run(trim_suffix, &[s("x  ")]), "\"x \"");
    assert_eq!(run(trim_prefix, &[s("urn:x"), s("urn:")]), "\"x\"");
    assert_eq!(run(trim_prefix, &[s("x"), s("urn:")]), "\"x\"");
    assert_eq!(run(trim_suffix, &[s("a.com"), s(".com")]), "\"a\"");
}

#[test]
fn err_trim_prefix_asserts_the_prefix_first() {
    assert_eq!(
        error(trim_prefix, &[Value::Int(1), Value::Nil]),
        "interface conversion: interface {} is nil, not string"
    );
    assert_eq!(
        error(trim_suffix, &[Value::Int(1), s("x")]),
        "interface conversion: interface {} is int, not string"
    );
}

#[test]
fn case_mapping() {
    assert_eq!(run(upper, &[s("héllo")]), "\"HÉLLO\"");
    assert_eq!(run(upper, &[s("straße")]), "\"STRAßE\"");
    assert_eq!(run(lower, &[s("ÀΣΑΣ")]), "\"àσασ\"");
    assert_eq!(run(lower, &[s("İ")]), "\"i\"");
    assert_eq!(run(upper, &[binary(b"a\xff")]), "\"A\u{FFFD}\"");
}

#[test]
fn split_follows_go() {
    assert_eq!(run(split, &[s("a,b,c"), s(",")]), r#"["a","b","c"]"#);
    assert_eq!(
        run(split, &[s("a,b,c"), s(","), Value::Int(2)]),
        r#"["a","b,c"]"#
    );
    assert_eq!(
        run(split, &[s("a,b,c"), s(","), Value::Int(-1)]),
        r#"["a","b","c"]"#
    );
    assert_eq!(run(split, &[s(""), s(",")]), r#"[""]"#);
    assert_eq!(run(split, &[s(""), s("")]), "[]");
    assert_eq!(
        run(split, &[s("héllo"), s(""), Value::Int(2)]),
        r#"["h","éllo"]"#
    );
    assert_eq!(run(split_after, &[s("a,b"), s(",")]), r#"["a,","b"]"#);
    assert_eq!(
        run(split, &[s("a,b"), s(","), Value::Float(1.9)]),
        r#"["a,b"]"#
    );
}

#[test]
fn split_with_zero_count_is_a_nil_string_array() {
    let value = call(split, &[s("a,b"), s(","), Value::Int(0)]).unwrap();
    assert!(value.is_nil());
    assert_eq!(value.go_type(), "[]string");
    let value = call(split, &[s("a"), s(",")]).unwrap();
    assert_eq!(value.go_type(), "[]string");
}

#[test]
fn split_of_invalid_utf8_keeps_the_bytes() {
    let value = call(split, &[binary(b"a\xffb"), s("")]).unwrap();
    let parts: Vec<Vec<u8>> = value
        .array_iter()
        .unwrap()
        .map(|v| v.as_bytes().unwrap().to_vec())
        .collect();
    assert_eq!(parts, [b"a".to_vec(), b"\xff".to_vec(), b"b".to_vec()]);
}

#[test]
fn err_split_arity_and_types() {
    assert_eq!(
        error(split, &[s("a")]),
        "invalid number of arguments for split (expected 2 or 3, got 1)"
    );
    assert_eq!(
        error(split, &[s("a"), Value::Int(1)]),
        "interface conversion: interface {} is int, not string"
    );
    assert_eq!(
        error(split, &[s("a"), s(""), s("1")]),
        "invalid operation: int(string)"
    );
}

#[test]
fn replace_follows_go() {
    assert_eq!(run(replace, &[s("abc"), s(""), s("-")]), "\"-a-b-c-\"");
    assert_eq!(
        run(replace, &[s("aaa"), s("a"), s("b"), Value::Int(2)]),
        "\"bba\""
    );
    assert_eq!(
        run(replace, &[s("aaa"), s("a"), s("b"), Value::Int(-1)]),
        "\"bbb\""
    );
    assert_eq!(
        run(replace, &[s("aaa"), s("a"), s("b"), Value::Int(0)]),
        "\"aaa\""
    );
}

#[test]
fn err_replace_that_explodes() {
    let big = "x".repeat(2000);
    assert_eq!(
        error(replace, &[s(&big), s(""), s(&big)]),
        "memory budget exceeded"
    );
}

#[test]
fn repeat_charges_the_budget() {
    assert_eq!(run(repeat, &[s("ab"), Value::Int(3)]), "\"ababab\"");
    assert_eq!(run(repeat, &[s("ab"), Value::Int(0)]), "\"\"");
    let mut ctx = Context::new(crate::eval::Limits::default(), &crate::eval::SystemClock);
    repeat(&mut ctx, &[s("ab"), Value::Int(1000)]).unwrap();
    assert_eq!(ctx.memory_used, 2000);
}

#[test]
fn err_repeat_limits() {
    assert_eq!(
        error(repeat, &[s("x"), Value::Int(-1)]),
        "invalid argument for repeat (expected positive integer, got -1)"
    );
    assert_eq!(
        error(repeat, &[s("x"), Value::Int(1_000_001)]),
        "memory budget exceeded"
    );
    assert_eq!(
        error(repeat, &[s("xx"), Value::Int(500_000)]),
        "memory budget exceeded"
    );
}

#[test]
fn join_strings() {
    assert_eq!(run(join, &[list(&[s("a"), s("b")]), s(", ")]), "\"a, b\"");
    assert_eq!(run(join, &[list(&[s("a"), s("b")])]), "\"ab\"");
    assert_eq!(run(join, &[list(&[])]), "\"\"");
    let parts = call(split, &[s("a,b"), s(",")]).unwrap();
    assert_eq!(run(join, &[parts, s("+")]), "\"a+b\"");
}

#[test]
fn err_join_messages() {
    assert_eq!(
        error(join, &[list(&[s("a"), Value::Int(1)])]),
        "interface conversion: interface {} is int, not string"
    );
    assert_eq!(
        error(join, &[list(&[Value::Nil])]),
        "interface conversion: interface {} is nil, not string"
    );
    assert_eq!(
        error(join, &[s("abc")]),
        "invalid argument for join (type string)"
    );
    assert_eq!(
        error(join, &[Value::Nil]),
        "invalid argument for join (type %!s(<nil>))"
    );
    let range = Value::array_of(ArrayKind::Int, vec![Value::Int(1)]);
    assert_eq!(
        error(join, &[range]),
        "invalid argument for join (type []int)"
    );
    assert_eq!(
        error(join, &[list(&[]), Value::Int(1)]),
        "interface conversion: interface {} is int, not string"
    );
}

#[test]
fn offsets_are_bytes() {
    assert_eq!(run(index_of, &[s("héllo"), s("l")]), "3");
    assert_eq!(run(index_of, &[s("abc"), s("")]), "0");
    assert_eq!(run(index_of, &[s("abc"), s("x")]), "-1");
    assert_eq!(run(last_index_of, &[s("héllo"), s("l")]), "4");
    assert_eq!(run(last_index_of, &[s("abc"), s("")]), "3");
    assert_eq!(run(index_of, &[binary(b"\xffab"), s("a")]), "1");
    assert_eq!(run(last_index_of, &[binary(b"\xff"), s("")]), "1");
}

#[test]
fn prefixes_and_suffixes() {
    assert_eq!(run(has_prefix, &[s("abc"), s("ab")]), "true");
    assert_eq!(run(has_prefix, &[s("abc"), s("")]), "true");
    assert_eq!(run(has_suffix, &[s("abc"), s("b")]), "false");
}

#[test]
fn err_fixed_arity() {
    assert_eq!(
        error(upper, &[s("a"), s("b")]),
        "invalid number of arguments (expected 1, got 2)"
    );
    assert_eq!(
        error(index_of, &[s("a")]),
        "invalid number of arguments (expected 2, got 1)"
    );
    assert_eq!(
        error(trim, &[]),
        "invalid number of arguments for trim (expected 1 or 2, got 0)"
    );
    assert_eq!(
        error(upper, &[Value::Int(1)]),
        "interface conversion: interface {} is int, not string"
    );
}
