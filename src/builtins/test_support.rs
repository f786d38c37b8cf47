//! Helpers for the builtin families' unit tests: call a builtin directly and show its result in
//! the conformance corpus encoding (`3` for ints, `3.0` for floats, JSON strings, arrays and
//! objects, `null` for nil and nil arrays).

use super::{FunctionImpl, Outcome};
use crate::eval::{Context, Limits, SystemClock};
use crate::value::{Key, Value};

/// Calls `function` with a fresh context and the default limits.
pub(crate) fn call<'a>(function: FunctionImpl, args: &[Value<'a>]) -> Outcome<'a> {
    let mut ctx = Context::new(Limits::default(), &SystemClock);
    function(&mut ctx, args)
}

/// Calls `function` and shows the result, or `error: <message>`.
pub(crate) fn run(function: FunctionImpl, args: &[Value<'_>]) -> String {
    match call(function, args) {
        Ok(value) => show(&value),
        Err(error) => format!("error: {}", error.message()),
    }
}

/// The message of a failing call (panics if the call succeeds: tests only).
pub(crate) fn error(function: FunctionImpl, args: &[Value<'_>]) -> String {
    match call(function, args) {
        Ok(value) => panic!("expected an error, got {}", show(&value)),
        Err(error) => error.message().to_string(),
    }
}

/// A borrowed string value.
pub(crate) fn s(text: &str) -> Value<'_> {
    Value::Str(text)
}

/// A `[]interface {}` of values.
pub(crate) fn list<'a>(items: &[Value<'a>]) -> Value<'a> {
    Value::array(items.to_vec())
}

/// A `[]interface {}` of ints.
pub(crate) fn ints(items: &[i64]) -> Value<'static> {
    Value::array(items.iter().map(|&i| Value::Int(i)).collect())
}

/// A `map[string]interface {}` in this order.
pub(crate) fn map<'a>(entries: &[(&str, Value<'a>)]) -> Value<'a> {
    Value::map(
        entries
            .iter()
            .map(|(k, v)| (Key::Str((*k).into()), v.clone()))
            .collect(),
    )
}

/// The corpus encoding of a value.
pub(crate) fn show(value: &Value<'_>) -> String {
    match value {
        Value::Nil => "null".into(),
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 => {
            format!("{f:.1}")
        }
        Value::Float(f) => format!("{f}"),
        _ if value.is_nil() => "null".into(),
        _ if value.is_array() => {
            let items: Vec<String> = value
                .array_iter()
                .into_iter()
                .flatten()
                .map(|v| show(&v))
                .collect();
            format!("[{}]", items.join(","))
        }
        _ if value.is_map() => {
            let entries: Vec<String> = value
                .map_entries()
                .unwrap_or_default()
                .iter()
                .map(|(k, v)| format!("{}:{}", show(&k.to_value()), show(v)))
                .collect();
            format!("{{{}}}", entries.join(","))
        }
        other => other.to_json().to_string(),
    }
}

#[test]
fn families_declare_every_builtin_with_docs_and_examples() {
    use super::{array, map as map_family, math, string};
    let expected = [
        "trim",
        "trimPrefix",
        "trimSuffix",
        "upper",
        "lower",
        "split",
        "splitAfter",
        "replace",
        "repeat",
        "join",
        "indexOf",
        "lastIndexOf",
        "hasPrefix",
        "hasSuffix",
        "len",
        "first",
        "last",
        "get",
        "take",
        "reverse",
        "uniq",
        "concat",
        "flatten",
        "sort",
        "keys",
        "values",
        "toPairs",
        "fromPairs",
        "abs",
        "ceil",
        "floor",
        "round",
        "max",
        "min",
        "mean",
        "median",
        "bitand",
        "bitor",
        "bitxor",
        "bitnand",
        "bitshl",
        "bitshr",
        "bitushr",
        "bitnot",
    ];
    let declared: Vec<&super::Builtin> = [
        string::BUILTINS,
        array::BUILTINS,
        map_family::BUILTINS,
        math::BUILTINS,
    ]
    .into_iter()
    .flatten()
    .collect();
    let names: Vec<&str> = declared.iter().map(|b| b.name).collect();
    assert_eq!(names.len(), expected.len());
    for name in expected {
        assert!(names.contains(&name), "{name} is not declared");
    }
    for builtin in declared {
        assert!(!builtin.signatures.is_empty(), "{}", builtin.name);
        assert!(builtin.doc.len() > 20, "{}", builtin.name);
        assert!(!builtin.examples.is_empty(), "{}", builtin.name);
        for example in builtin.examples {
            assert!(example.expr.contains(builtin.name), "{}", example.expr);
            let result = example.result;
            assert!(
                result.starts_with("error: ")
                    || serde_json::from_str::<serde_json::Value>(result).is_ok(),
                "{result}"
            );
        }
    }
}
