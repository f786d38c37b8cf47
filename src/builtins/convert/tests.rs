//! Tests of the `convert` builtins: their declared examples (those whose argument is a JSON
//! literal are evaluated here, without the interpreter), Go edge cases, and the conformance
//! corpus's `fn(<literal>)` cases.

use std::sync::Arc;

use serde_json::Value as Json;

use super::*;
use crate::eval::{Limits, SystemClock};
use crate::value::format::{corpus_equal, corpus_json};
use crate::value::ArrayKind;

fn call(name: &str, args: &[Value<'_>]) -> Result<Json, String> {
    let builtin = BUILTINS
        .iter()
        .find(|b| b.name == name)
        .unwrap_or_else(|| panic!("no builtin {name}"));
    let Implementation::Function(function) = builtin.implementation else {
        panic!("{name} is not a function")
    };
    let clock = SystemClock;
    let mut ctx = Context::new(Limits::default(), &clock);
    function(&mut ctx, args)
        .map(|v| corpus_json(&v))
        .map_err(|e| e.message().to_string())
}

/// `name(literal)` where the literal is JSON once `nil` is read as `null`; `None` otherwise.
fn literal_call(expr: &str) -> Option<(&str, Json)> {
    let open = expr.find('(')?;
    let name = &expr[..open];
    if !name.chars().all(|c| c.is_ascii_alphanumeric()) || !expr.ends_with(')') {
        return None;
    }
    let argument = &expr[open + 1..expr.len() - 1];
    let argument = if argument == "nil" {
        "null".to_string()
    } else if argument == "-0" {
        "0".to_string() // Expr's `-0` is the int 0; JSON's is a float
    } else {
        argument.replace(" nil", " null")
    };
    serde_json::from_str(&argument)
        .ok()
        .map(|json| (name, json))
}

/// Checks an outcome against an expected result in the corpus encoding or `error: text`.
fn check(expr: &str, outcome: Result<Json, String>, expected: &str) {
    match (expected.strip_prefix("error: "), outcome) {
        (Some(message), Err(actual)) => {
            assert!(
                actual.contains(message),
                "{expr}: error {actual:?}, expected {message:?}"
            )
        }
        (None, Ok(actual)) => {
            let expected: Json = serde_json::from_str(expected)
                .unwrap_or_else(|e| panic!("{expr}: bad expected result {expected:?}: {e}"));
            assert!(
                corpus_equal(&expected, &actual),
                "{expr}: got {actual}, expected {expected}"
            );
        }
        (_, outcome) => panic!("{expr}: got {outcome:?}, expected {expected}"),
    }
}

#[test]
fn declared_examples_hold() {
    let mut evaluated = 0;
    for builtin in BUILTINS {
        assert!(
            !builtin.examples.is_empty(),
            "{} has no example",
            builtin.name
        );
        assert!(!builtin.doc.is_empty());
        for example in builtin.examples {
            if !example.result.starts_with("error: ") {
                assert!(
                    serde_json::from_str::<Json>(example.result).is_ok(),
                    "{}: result is not JSON",
                    example.expr
                );
            }
            let Some((name, argument)) = literal_call(example.expr) else {
                continue;
            };
            let outcome = call(name, &[Value::from_json(&argument)]);
            check(example.expr, outcome, example.result);
            evaluated += 1;
        }
    }
    assert!(evaluated >= 35, "only {evaluated} examples evaluated");
}

#[test]
fn corpus_literal_cases() {
    let directory = std::path::Path::new("/work/shared/conformance");
    let Ok(entries) = std::fs::read_dir(directory) else {
        return; // the shared corpus is not on every machine
    };
    let names: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
    let mut checked = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("ndjson") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for line in text.lines() {
            let Ok(case) = serde_json::from_str::<Json>(line) else {
                continue;
            };
            let Some(expr) = case["expr"].as_str() else {
                continue;
            };
            let Some((name, argument)) = literal_call(expr) else {
                continue;
            };
            if !names.contains(&name) || argument.is_object() || argument.is_array() {
                continue;
            }
            let outcome = call(name, &[Value::from_json(&argument)]);
            match (&case["error"], &case["result"]) {
                (Json::String(message), _) => check(expr, outcome, &format!("error: {message}")),
                (_, expected) => check(expr, outcome, &expected.to_string()),
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} corpus cases checked");
}

#[test]
fn string_keeps_bytes_and_borrows() {
    let binary = Value::Binary(Arc::from(&b"h\xc3"[..]));
    let clock = SystemClock;
    let mut ctx = Context::new(Limits::default(), &clock);
    let result = string(&mut ctx, std::slice::from_ref(&binary)).unwrap();
    assert_eq!(result.as_bytes(), Some(&b"h\xc3"[..]));
    let list = Value::array(vec![binary, Value::Float(0.5)]);
    let result = string(&mut ctx, &[list]).unwrap();
    assert_eq!(result.as_bytes(), Some(&b"[h\xc3 0.5]"[..]));
    let text = String::from("borrowed");
    let result = string(&mut ctx, &[Value::Str(&text)]).unwrap();
    assert!(matches!(result, Value::Str(s) if std::ptr::eq(s, text.as_str())));
    assert_eq!(call("string", &[Value::Month(8)]).unwrap(), "August");
}

#[test]
fn type_names() {
    let table: &[(Value<'_>, &str)] = &[
        (Value::Nil, "nil"),
        (Value::Bool(true), "bool"),
        (Value::Byte(1), "uint"),
        (Value::Binary(Arc::from(&b"\xff"[..])), "string"),
        (Value::array_of(ArrayKind::NilAny, vec![]), "array"),
        (Value::Duration(1), "time.Duration"),
        (Value::Month(1), "time.Month"),
    ];
    for (value, name) in table {
        assert_eq!(call("type", std::slice::from_ref(value)).unwrap(), *name);
    }
}

#[test]
fn int_conversions() {
    assert_eq!(call("int", &[Value::Float(-0.5)]).unwrap(), 0);
    assert_eq!(call("int", &[Value::Float(1e19)]).unwrap(), i64::MIN);
    assert_eq!(call("int", &[Value::Float(f64::NAN)]).unwrap(), i64::MIN);
    assert_eq!(
        call("int", &[Value::Float(-(2f64.powi(63)))]).unwrap(),
        i64::MIN
    );
    assert_eq!(call("int", &[Value::Duration(1_500)]).unwrap(), 1_500);
    assert_eq!(call("int", &[Value::Month(8)]).unwrap(), 8);
    assert_eq!(call("int", &[Value::Byte(200)]).unwrap(), 200);
    assert_eq!(call("int", &[Value::Str("-12")]).unwrap(), -12);
    let failures: &[(Value<'_>, &str)] = &[
        (Value::Str("12a"), "invalid operation: int(12a)"),
        (Value::Str("0x10"), "invalid operation: int(0x10)"),
        (Value::Bool(true), "invalid operation: int(bool)"),
        (Value::Nil, "invalid operation: int(<nil>)"),
        (
            Value::array(vec![]),
            "invalid operation: int([]interface {})",
        ),
    ];
    for (value, message) in failures {
        assert_eq!(
            call("int", std::slice::from_ref(value)).unwrap_err(),
            *message
        );
    }
    assert_eq!(
        call("int", &[Value::Int(1), Value::Int(2)]).unwrap_err(),
        "invalid number of arguments (expected 1, got 2)"
    );
}

#[test]
fn float_conversions() {
    assert_eq!(call("float", &[Value::Str("NaN")]).unwrap(), "NaN");
    assert_eq!(call("float", &[Value::Str("+Inf")]).unwrap(), "+Inf");
    assert_eq!(
        call("float", &[Value::Int(-3)]).unwrap().to_string(),
        "-3.0"
    );
    assert_eq!(call("float", &[Value::Byte(7)]).unwrap().to_string(), "7.0");
    let failures: &[(Value<'_>, &str)] = &[
        (Value::Str("1e400"), "invalid operation: float(1e400)"),
        (Value::Str("abc"), "invalid operation: float(abc)"),
        (Value::Nil, "invalid operation: float(<nil>)"),
        (
            Value::Duration(5),
            "invalid operation: float(time.Duration)",
        ),
        (Value::Bool(false), "invalid operation: float(bool)"),
    ];
    for (value, message) in failures {
        assert_eq!(
            call("float", std::slice::from_ref(value)).unwrap_err(),
            *message
        );
    }
}

#[test]
fn string_arguments_are_asserted() {
    assert_eq!(
        call("toBase64", &[Value::Int(1)]).unwrap_err(),
        "interface conversion: interface {} is int, not string"
    );
    assert_eq!(
        call("fromJSON", &[Value::Nil]).unwrap_err(),
        "interface conversion: interface {} is nil, not string"
    );
    assert_eq!(
        call("fromBase64", &[Value::array(vec![])]).unwrap_err(),
        "interface conversion: interface {} is []interface {}, not string"
    );
}

#[test]
fn base64_round_trip_of_binary() {
    let binary = Value::Binary(Arc::from(&[0xffu8, 0x00, 0x80][..]));
    let encoded = call("toBase64", &[binary]).unwrap();
    assert_eq!(encoded, "/wCA");
    let decoded = call("fromBase64", &[Value::Str("/wCA")]).unwrap();
    assert_eq!(decoded, serde_json::json!({"$bytes": [255, 0, 128]}));
    assert_eq!(
        call("fromBase64", &[Value::Str("true")]).unwrap(),
        serde_json::json!({"$bytes": [182, 187, 158]})
    );
}

#[test]
fn from_json_respects_the_depth_limit() {
    let deep = "[".repeat(501) + &"]".repeat(501);
    let error = call("fromJSON", &[Value::Str(&deep)]).unwrap_err();
    assert_eq!(error, "invalid character '[' exceeded max depth");
    let fine = "[".repeat(500) + &"]".repeat(500);
    assert!(call("fromJSON", &[Value::Str(&fine)]).is_ok());
}

#[test]
fn to_json_of_json_input() {
    let input: Json = serde_json::from_str(
        r#"{"type": "work", "number": "+1 (303) 555-0100", "primary": true, "n": 2.0}"#,
    )
    .unwrap();
    assert_eq!(
        call("toJSON", &[Value::from_json(&input)]).unwrap(),
        "{\n  \"n\": 2,\n  \"number\": \"+1 (303) 555-0100\",\n  \"primary\": true,\n  \"type\": \"work\"\n}"
    );
}

/// `fn(variable.path)` cases of the corpus, with the variable read from the case's JSON
/// environment (a missing field is nil, as in Expr).
#[test]
fn corpus_variable_cases() {
    let directory = std::path::Path::new("/work/shared/conformance");
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    let mut checked = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("ndjson") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for line in text.lines() {
            let Ok(case) = serde_json::from_str::<Json>(line) else {
                continue;
            };
            let (Some(expr), Some(env_name)) = (case["expr"].as_str(), case["env"].as_str()) else {
                continue;
            };
            let Some((name, argument)) = expr.strip_suffix(')').and_then(|e| e.split_once('('))
            else {
                continue;
            };
            let is_path = !matches!(argument, "true" | "false" | "nil")
                && argument.split('.').all(|part| {
                    part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                        && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            if !BUILTINS.iter().any(|b| b.name == name) || !(is_path || argument == "$env") {
                continue;
            }
            let env_path = directory.join(format!("env-{env_name}.json"));
            let Ok(env_text) = std::fs::read_to_string(env_path) else {
                continue;
            };
            let env: Json = serde_json::from_str(&env_text).unwrap_or(Json::Null);
            let mut value = Value::from_json(&env);
            if argument != "$env" {
                for part in argument.split('.') {
                    value = value.map_get(part).unwrap_or(Value::Nil);
                }
            }
            let outcome = call(name, &[value]);
            match (&case["error"], &case["result"]) {
                (Json::String(message), _) => check(expr, outcome, &format!("error: {message}")),
                (_, expected) => check(expr, outcome, &expected.to_string()),
            }
            checked += 1;
        }
    }
    assert!(checked >= 90, "only {checked} corpus cases checked");
}
