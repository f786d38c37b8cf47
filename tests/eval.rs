//! Evaluation semantics that a re-implementation of Expr most easily gets wrong (spec §11), each
//! checked against the reference's verified result. The conformance corpus covers the rest.

use serde_json::{json, Value as Json};

fn env() -> Json {
    json!({
        "i": 1,
        "s": "hello",
        "arr": [1, 2, 3],
        "m": {"a": 1, "b": "two"},
        "n": null,
        "jcUser": {
            "firstname": "John",
            "lastname": "Doe",
            "displayname": "",
            "addresses": [
                {"type": "home", "locality": "Denver"},
                {"type": "work", "locality": "Boulder"}
            ]
        }
    })
}

/// Evaluates with the types of `env()` and returns the corpus encoding of the value.
fn eval(source: &str) -> Json {
    let env = env();
    let engine = scimap::Engine::default();
    let program = engine
        .compile_for_json(source, &env)
        .unwrap_or_else(|d| panic!("{source}: does not compile: {d}"));
    let value = program
        .run(&env)
        .unwrap_or_else(|e| panic!("{source}: fails: {e}"));
    let mut encoded = scimap::value::format::corpus_json(&value);
    if let Json::Number(n) = &encoded {
        if n.is_f64() {
            // Tag floats so tests can tell 5 from 5.0.
            encoded = json!({ "float": n });
        }
    }
    encoded
}

fn run_error(source: &str) -> String {
    let env = env();
    let engine = scimap::Engine::default();
    let program = engine
        .compile_for_json(source, &env)
        .unwrap_or_else(|d| panic!("{source}: does not compile: {d}"));
    let result = program.run(&env);
    match result {
        Ok(value) => panic!("{source}: expected a run-time error, got {value:?}"),
        Err(error) => error.message().to_string(),
    }
}

fn compile_error(source: &str) -> String {
    let env = env();
    match scimap::Engine::default().compile_for_json(source, &env) {
        Ok(_) => panic!("{source}: expected a compile error"),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

#[test]
fn division_and_power_are_always_float() {
    assert_eq!(eval("10 / 2"), json!({"float": 5.0}));
    assert_eq!(eval("10 / 4"), json!({"float": 2.5}));
    assert_eq!(eval("2 ** 3"), json!({"float": 8.0}));
    assert_eq!(eval("1 / 0"), json!("+Inf"));
    assert_eq!(eval("-2 ** 2"), json!({"float": -4.0}));
    assert_eq!(eval("2 ** 3 ** 2"), json!({"float": 512.0}));
}

#[test]
fn int_arithmetic_wraps() {
    assert_eq!(
        eval("9223372036854775807 + 1"),
        json!(-9223372036854775808i64)
    );
    assert_eq!(eval("-7 % 3"), json!(-1));
    assert_eq!(eval("7 % -3"), json!(1));
}

#[test]
fn err_modulo_by_zero_at_run_time() {
    assert_eq!(
        run_error("i % (i - 1)"),
        "runtime error: integer divide by zero"
    );
}

#[test]
fn coalesce_binds_tightest_and_tests_only_nil() {
    assert_eq!(eval("1 + n ?? 2"), json!(3));
    assert_eq!(eval("false ?? 1"), json!(false));
    assert_eq!(eval("'' ?? 1"), json!(""));
    assert_eq!(eval("m.zzz ?? 'd'"), json!("d"));
    assert_eq!(eval("1 + n ?? 2 + 3"), json!(6));
}

#[test]
fn err_coalesce_mixed_with_other_operator() {
    let message = compile_error("n ?? 2 + 1");
    assert!(message.contains("cannot be mixed"), "{message}");
}

#[test]
fn strict_conditions_lenient_right_operand() {
    assert_eq!(eval("true and m.a"), json!(1));
    assert_eq!(eval("m.a && true"), json!(1));
    assert_eq!(eval("false ?: 5"), json!(5));
    assert!(run_error("m.a ? 1 : 2").contains("interface conversion"));
}

#[test]
fn optional_chaining_stops_at_nil_only() {
    assert_eq!(eval("m.zzz?.x.y.z"), Json::Null);
    assert_eq!(run_error("m?.zzz.x"), "cannot fetch x from <nil>");
    assert_eq!(run_error("(m?.zzz).x"), "cannot fetch x from <nil>");
    assert_eq!(eval("(m?.zzz)?.x"), Json::Null);
}

#[test]
fn strings_are_bytes_except_for_len() {
    assert_eq!(eval("len('héllo')"), json!(5));
    assert_eq!(eval("'héllo'[0:2]"), json!({"$bytes": [104, 195]}));
    assert_eq!(eval("indexOf('héllo', 'l')"), json!(3));
}

#[test]
fn indices_and_slices() {
    assert_eq!(eval("arr[-1]"), json!(3));
    assert_eq!(
        run_error("arr[5]"),
        "index out of range: 5 (array length is 3)"
    );
    assert_eq!(
        run_error("arr[-6]"),
        "index out of range: -3 (array length is 3)"
    );
    assert_eq!(eval("arr[3:1]"), json!([]));
    assert_eq!(eval("arr[-100:100]"), json!([1, 2, 3]));
    assert_eq!(eval("findIndex(arr, # > 5)"), Json::Null);
}

#[test]
fn map_literal_keys() {
    assert_eq!(eval("{0x10: 1}"), json!({"0x10": 1}));
    assert_eq!(eval("{a: 1, a: 2}"), json!({"a": 1}));
    assert_eq!(eval("[1] == [1.0]"), json!(true));
    assert_eq!(eval("{a: 1} == {a: 1.0}"), json!(false));
}

#[test]
fn optimizer_rewrites_are_observable() {
    assert_eq!(
        run_error("filter(arr, # > 9)[0]"),
        "reflect: slice index out of range"
    );
    assert_eq!(eval("first(filter(arr, # > 9))"), Json::Null);
    assert_eq!(eval("sum([s, s])"), json!("hellohello"));
    assert_eq!(eval("!$env && false"), json!(false));
}

#[test]
fn pipes_and_predicates() {
    assert_eq!(eval("arr | map(# * 2)"), json!([2, 4, 6]));
    assert_eq!(eval("s | upper() + '!'"), json!("HELLO!"));
    assert_eq!(
        eval("find(jcUser.addresses, .type == 'work')?.locality"),
        json!("Boulder")
    );
    assert_eq!(
        eval("map(1..3, {let o = #index; map(1..2, o)})"),
        json!([[0, 0], [1, 1], [2, 2]])
    );
}

#[test]
fn jumpcloud_display_name() {
    assert_eq!(
        eval("jcUser.displayname != '' ? jcUser.displayname : jcUser.firstname + ' ' + jcUser.lastname"),
        json!("John Doe")
    );
}

#[test]
fn memory_budget_stops_huge_ranges() {
    assert_eq!(run_error("len(1..1000000)"), "memory budget exceeded");
    assert_eq!(eval("len(1..999999)"), json!(999999));
}
