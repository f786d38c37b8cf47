//! The checker's rules, one test per mistake (`err_*`) or per permissive corner the reference
//! relies on (`ok_*`). The environment is typed from JSON, as the conformance corpus is.

use scimap::builtins::Registry;
use scimap::check::{check, Checked};
use scimap::diagnostic::Code;
use scimap::syntax::parse;
use scimap::types::{Type, TypeEnv};

fn env() -> TypeEnv {
    TypeEnv::from_json(&serde_json::json!({
        "i": 1, "f": 1.5, "s": "hello", "ok": true, "n": null,
        "arr": [1, 2, 3], "m": {"a": 1, "b": "two"},
        "jcUser": {"email": "a@b.c"}, "providerUser": null
    }))
}

/// Checks `source`; the AST is boxed so that the type table's node addresses stay valid.
fn run(source: &str) -> (Checked, Box<scimap::syntax::Expr>) {
    let ast = Box::new(parse(source).unwrap_or_else(|e| panic!("{source}: {e}")));
    let checked = check(&ast, &env(), &Registry::standard());
    (checked, ast)
}

fn errors(source: &str) -> Vec<String> {
    run(source)
        .0
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect()
}

#[track_caller]
fn rejects(source: &str, message: &str) {
    let found = errors(source);
    assert!(
        found.iter().any(|m| m == message),
        "{source}: expected `{message}`, got {found:?}"
    );
}

#[track_caller]
fn accepts(source: &str) {
    let found = errors(source);
    assert!(found.is_empty(), "{source}: unexpected {found:?}");
}

fn type_of(source: &str) -> String {
    let (checked, ast) = run(source);
    checked.types.get(&ast).map_or("?".into(), Type::to_string)
}

fn code_of(source: &str) -> Code {
    run(source).0.diagnostics[0].code
}

// ---- names ----

#[test]
fn err_unknown_name() {
    rejects("foo + 1", "unknown name foo");
    assert_eq!(code_of("foo"), Code::UnknownName);
}

#[test]
fn err_unknown_name_suggests_a_close_one() {
    let (checked, _) = run("jcuser.email");
    assert_eq!(
        checked.diagnostics[0].help.as_deref(),
        Some("did you mean `jcUser`?")
    );
}

#[test]
fn err_unknown_name_through_env_member() {
    rejects("$env.foo", "unknown name foo");
    rejects("$env[\"foo\"]", "unknown name foo");
}

#[test]
fn ok_optional_env_member_of_unknown_name() {
    accepts("$env?.foo");
    accepts("$env?.[\"foo\"] ?? 1");
}

#[test]
fn ok_env_computed_key_is_not_checked() {
    accepts("$env[foo + 1]");
    accepts("$env?.[undefinedVar]");
    accepts("true ?? $env[foobar ^ foobar:findIndex($env, #index)]");
}

#[test]
fn ok_arguments_of_unknown_callee_are_not_checked() {
    accepts("$env?.foo(bar, 1 + \"a\")");
    accepts("m.a(undefinedName)");
    accepts("$env?.String?.greet(foobar and true)");
}

#[test]
fn ok_slice_bounds_of_unknown_value_are_not_checked() {
    accepts("m.a[foo:bar]");
}

#[test]
fn err_unknown_name_in_index_of_unknown_value() {
    rejects("m.a[undefinedVar]", "unknown name undefinedVar");
}

#[test]
fn err_env_is_not_callable() {
    rejects("$env()", "map[string]interface {} is not callable");
}

// ---- let ----

#[test]
fn err_redeclare_env_variable() {
    rejects("let i = 2; i", "cannot redeclare i");
}

#[test]
fn err_redeclare_builtin() {
    rejects("let len = 2; len", "cannot redeclare builtin len");
}

#[test]
fn err_redeclare_helper_function() {
    rejects(
        "let notNullOrEmpty = 2; 1",
        "cannot redeclare function notNullOrEmpty",
    );
}

#[test]
fn err_redeclare_variable() {
    rejects("let x = 1; let x = 2; x", "cannot redeclare variable x");
}

#[test]
fn err_redeclare_variable_in_nested_predicate() {
    rejects(
        "let x = 1; map(arr, let x = #; x)",
        "cannot redeclare variable x",
    );
}

#[test]
fn ok_sibling_scopes_reuse_a_name() {
    accepts("(let x = 1; x) + (let x = 2; x)");
    accepts("map(arr, let y = #; y) == map(arr, let y = #; y)");
}

#[test]
fn ok_let_variable_keeps_its_type() {
    rejects(
        "let x = \"a\"; x + 1",
        "invalid operation: + (mismatched types string and int)",
    );
}

// ---- operators ----

#[test]
fn err_plus_int_string() {
    rejects(
        "i + \"x\"",
        "invalid operation: + (mismatched types int and string)",
    );
    assert_eq!(code_of("i + \"x\""), Code::Mismatch);
}

#[test]
fn err_plus_arrays() {
    rejects(
        "[1] + [2]",
        "invalid operation: + (mismatched types []interface {} and []interface {})",
    );
}

#[test]
fn err_equal_int_string() {
    rejects(
        "1 == \"1\"",
        "invalid operation: == (mismatched types int and string)",
    );
}

#[test]
fn err_equal_int_array() {
    rejects(
        "1 != arr",
        "invalid operation: != (mismatched types int and []interface {})",
    );
    rejects(
        "1 != arr ?? arr",
        "invalid operation: != (mismatched types int and []interface {})",
    );
}

#[test]
fn ok_equal_unknown_or_nil() {
    accepts("m.a == 1");
    accepts("n == 1");
    accepts("arr == [1, 2]");
    accepts("1 == 1.5");
}

#[test]
fn err_nil_less_than_int() {
    rejects(
        "nil < 1",
        "invalid operation: < (mismatched types unknown and int)",
    );
}

#[test]
fn err_and_non_bool() {
    rejects(
        "ok and arr",
        "invalid operation: && (mismatched types bool and []interface {})",
    );
    rejects(
        "nil and true",
        "invalid operation: && (mismatched types unknown and bool)",
    );
}

#[test]
fn ok_and_unknown_operand() {
    accepts("true and m.a");
    accepts("$env && false");
}

#[test]
fn err_not_int() {
    rejects("!i", "invalid operation: ! (mismatched type int)");
}

#[test]
fn err_negate_string() {
    rejects("-s", "invalid operation: - (mismatched type string)");
}

#[test]
fn err_modulo_float() {
    rejects(
        "1.5 % 2",
        "invalid operation: % (mismatched types float64 and int)",
    );
}

#[test]
fn err_modulo_literal_zero() {
    rejects("7 % 0", "integer divide by zero");
    rejects("7 % (1 - 1)", "integer divide by zero");
    rejects("$env[1 % 0]", "integer divide by zero");
    assert_eq!(code_of("7 % 0"), Code::DivideByZero);
}

#[test]
fn ok_modulo_variable_zero_fails_only_at_run_time() {
    accepts("i % 0");
}

#[test]
fn err_range_of_floats() {
    rejects(
        "1..2.5",
        "invalid operation: .. (mismatched types int and float64)",
    );
}

#[test]
fn err_in_string() {
    rejects(
        "\"o\" in \"John\"",
        "invalid operation: in (mismatched types string and string)",
    );
}

#[test]
fn err_in_nil() {
    rejects(
        "m.a in nil",
        "invalid operation: in (mismatched types interface {} and unknown)",
    );
}

#[test]
fn err_in_array_of_other_type() {
    rejects("\"a\" in [1, 2]", "cannot use string as type int in array");
}

#[test]
fn err_in_map_with_int_key() {
    rejects("1 in m", "cannot use int as type string in map key");
}

#[test]
fn ok_in_unknown() {
    accepts("1 in m.a");
    accepts("m.a in arr");
    accepts("\"x\" in $env");
}

#[test]
fn err_contains_non_string() {
    rejects(
        "arr contains \"a\"",
        "invalid operation: contains (mismatched types []interface {} and string)",
    );
}

#[test]
fn err_regex_literal() {
    let found = errors("s matches \"(\"");
    assert!(found[0].starts_with("error parsing regexp:"), "{found:?}");
    assert_eq!(code_of("s matches \"[\""), Code::Regex);
}

#[test]
fn ok_coalesce_types() {
    assert_eq!(type_of("n ?? 1"), "int");
    assert_eq!(type_of("arr ?? arr"), "[]interface {}");
    accepts("$env?.nope ?? \"d\"");
}

// ---- conditionals ----

#[test]
fn err_non_bool_condition() {
    rejects(
        "i ? 1 : 2",
        "non-bool expression (type int) used as condition",
    );
    rejects(
        "if s { 1 } else { 2 }",
        "non-bool expression (type string) used as condition",
    );
    rejects("i ?: 2", "non-bool expression (type int) used as condition");
    rejects(
        "n ? 1 : 2",
        "non-bool expression (type unknown) used as condition",
    );
    assert_eq!(code_of("i ? 1 : 2"), Code::NotBool);
}

#[test]
fn ok_conditional_types() {
    assert_eq!(type_of("ok ? 1 : nil"), "int");
    assert_eq!(type_of("ok ? 1 : m.a"), "int");
    assert_eq!(type_of("ok ? m.a : 1"), "unknown");
    accepts("(ok ? 1 : \"a\") + 1");
}

// ---- access ----

#[test]
fn err_field_of_nil() {
    rejects("providerUser.userName", "type nil has no field userName");
    rejects(
        "providerUser?.name?.givenName",
        "type nil has no field name",
    );
    rejects(
        "$env?.providerUser?.userName",
        "type nil has no field userName",
    );
    rejects(
        "let p = providerUser; p?.userName",
        "type nil has no field userName",
    );
    rejects(
        "providerUser != nil ? providerUser.userName : jcUser.email",
        "type nil has no field userName",
    );
}

#[test]
fn ok_missing_key_of_json_map() {
    accepts("jcUser.nope.deeper");
    accepts("m.zzz ?? \"d\"");
}

#[test]
fn err_array_indexed_with_string() {
    rejects(
        "arr[\"0\"]",
        "array elements can only be selected using an integer (got string)",
    );
    rejects(
        "arr.foo",
        "array elements can only be selected using an integer (got string)",
    );
}

#[test]
fn err_field_of_string() {
    rejects("s.foo", "type string has no field foo");
    rejects("s[0]", "type string[int] is undefined");
}

#[test]
fn err_slice_int() {
    rejects("i[1:2]", "cannot slice int");
}

#[test]
fn err_slice_bound_float() {
    rejects("arr[1.5:]", "non-integer slice index float64");
}

#[test]
fn ok_array_literal_takes_last_element_type() {
    rejects(
        "[[1], [\"a\"]][0][0] + 1",
        "invalid operation: + (mismatched types string and int)",
    );
    accepts("[1, 2.5][0] + \"a\"");
    accepts("{a: 1}.a + \"x\"");
}

// ---- calls and builtins ----

#[test]
fn err_call_int() {
    rejects("i()", "int is not callable");
}

#[test]
fn err_call_nil() {
    rejects("n()", "n is nil; cannot call nil as function");
}

#[test]
fn err_upper_int() {
    rejects(
        "upper(1)",
        "cannot use int as argument (type string) to call upper ",
    );
    assert_eq!(code_of("upper(1)"), Code::ArgumentType);
}

#[test]
fn err_upper_nil() {
    rejects(
        "upper(n)",
        "cannot use nil as argument (type string) to call upper",
    );
}

#[test]
fn err_trim_without_argument() {
    rejects("trim()", "not enough arguments to call trim");
    assert_eq!(code_of("trim()"), Code::ArgumentCount);
}

#[test]
fn err_join_string_reports_last_overload() {
    rejects(
        "join(\"abc\")",
        "cannot use string as argument (type []string) to call join ",
    );
}

#[test]
fn ok_overloads() {
    accepts("join(arr)");
    accepts("join(split(s, \",\"), \"-\")");
    accepts("trim(s, \" \")");
    assert_eq!(type_of("split(s, \",\")"), "[]string");
    assert_eq!(type_of("first(split(s, \",\"))"), "string");
}

#[test]
fn err_len_of_nil_and_int() {
    rejects("len(nil)", "invalid argument for len (type %!s(<nil>))");
    rejects("len(1)", "invalid argument for len (type int)");
    rejects(
        "len(s, 1)",
        "invalid number of arguments (expected 1, got 2)",
    );
}

#[test]
fn err_first_of_float() {
    rejects("first(1.5)", "cannot get first element from float64");
    rejects("last(ok ? f : 0.5)", "cannot get last element from float64");
}

#[test]
fn err_max_of_string() {
    rejects("max(\"a\")", "invalid argument for max (type string)");
    rejects("max()", "not enough arguments to call max");
    accepts("max(arr, \"a\")");
}

#[test]
fn err_get_from_float() {
    rejects("get(1.5, 0)", "type float64 does not support indexing");
    rejects("get(arr, \"a\")", "non-integer slice index string");
    rejects(
        "get($env, \"providerUser\")?.userName",
        "type nil has no field userName",
    );
    rejects("get(s)", "invalid number of arguments (expected 2, got 1)");
}

#[test]
fn err_bitand_float() {
    rejects(
        "bitand(1.5, 1)",
        "cannot use float64 as argument (type int) to call bitand ",
    );
}

#[test]
fn ok_helpers() {
    accepts("notNullOrEmpty(jcUser.email) ? 1 : 2");
    rejects(
        "notNullOrEmpty()",
        "not enough arguments to call notNullOrEmpty",
    );
    assert_eq!(type_of("toScimEmails(jcUser.email)"), "[]interface {}");
}

// ---- predicates ----

#[test]
fn err_map_over_map() {
    rejects(
        "map(m, #)",
        "builtin map takes only array (got map[string]interface {})",
    );
}

#[test]
fn ok_predicate_over_unknown() {
    accepts("map($env, 1)");
    accepts("filter(m.a, # > 1)");
}

#[test]
fn err_index_pointer_outside_map() {
    rejects("filter(arr, #index > 0)", "unknown pointer #index");
    rejects(
        "map(arr, filter(arr, #index > 0))",
        "unknown pointer #index",
    );
    rejects("map(arr, #acc)", "unknown pointer #acc");
    assert_eq!(code_of("all(arr, #index > 0)"), Code::UnknownPointer);
}

#[test]
fn ok_index_and_acc_pointers() {
    accepts("map(arr, #index)");
    accepts("reduce(arr, #acc + # + #index, 0)");
}

#[test]
fn err_predicate_not_bool() {
    rejects(
        "filter(arr, \"x\")",
        "predicate should return boolean (got string)",
    );
    rejects("all(arr, 1)", "predicate should return boolean (got int)");
}

#[test]
fn err_predicate_nil() {
    rejects(
        "map(arr, nil)",
        "predicate should has one input and one output param",
    );
}

#[test]
fn err_sort_by_order_int() {
    rejects(
        "sortBy(arr, #, 1)",
        "sortBy order argument must be a string (got int)",
    );
}

#[test]
fn ok_predicate_result_types() {
    assert_eq!(type_of("map([1, 2], # * 2)"), "[]interface {}");
    rejects(
        "map([1, 2], # * 2)[0] + \"a\"",
        "invalid operation: + (mismatched types int and string)",
    );
    rejects(
        "find([\"a\"], # == \"a\") + 1",
        "invalid operation: + (mismatched types string and int)",
    );
    assert_eq!(
        type_of("groupBy(arr, #)"),
        "map[interface {}][]interface {}"
    );
    assert_eq!(type_of("count(arr, # > 1)"), "int");
}

#[test]
fn ok_field_shorthand_in_predicate() {
    accepts("map(jcUser.addresses, .locality)");
    accepts("filter(jcUser.emails, .primary == true)");
}

// ---- time ----

#[test]
fn ok_time_methods() {
    assert_eq!(type_of("date(\"2021-03-04\").Year()"), "int");
    assert_eq!(type_of("(now() - date(\"2021-03-04\")).Hours()"), "float64");
    accepts("date(\"2021-03-04\").Format(\"2006\")");
    accepts("date(\"2021-03-04\").In(timezone(\"UTC\")).Unix() + 1");
}

#[test]
fn err_month_compared_with_int() {
    rejects(
        "now().Month() == 1",
        "invalid operation: == (mismatched types time.Month and int)",
    );
}

#[test]
fn err_unknown_time_method() {
    rejects("now().Nope()", "type time.Time has no method Nope");
    rejects("now().Nope", "type time.Time has no field Nope");
}

#[test]
fn err_time_method_arguments() {
    rejects(
        "now().Format(1)",
        "cannot use int as argument (type string) to call Format ",
    );
    rejects("now().Year(1)", "too many arguments to call Year");
}

#[test]
fn err_time_package_is_not_a_name() {
    rejects(
        "date(\"2021-03-04\", \"2006-01-02\", \"Europe/Zurich\").Format(time.RFC3339)",
        "unknown name time",
    );
}

// ---- recovery and the type table ----

#[test]
fn every_problem_is_reported() {
    let found = errors("foo + 1; upper(1); i + \"x\"");
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn type_table_has_every_checked_node() {
    let (checked, ast) = run("i + 1");
    assert_eq!(checked.types.get(&ast), Some(&Type::Int));
    assert_eq!(checked.types.len(), 3);
}

#[test]
fn deep_nesting_is_cut_off_without_overflow() {
    use scimap::syntax::{Expr, ExprKind, Span, UnaryOp};
    let mut expr = Expr::new(ExprKind::Bool(true), Span::new(0, 1));
    for _ in 0..5000 {
        expr = Expr::new(
            ExprKind::Unary {
                op: UnaryOp::Not,
                operand: Box::new(expr),
            },
            Span::new(0, 1),
        );
    }
    let handle = std::thread::Builder::new()
        .stack_size(4 * 1024 * 1024)
        .spawn(move || {
            let checked = check(&expr, &TypeEnv::new(), &Registry::standard());
            let code = checked.diagnostics[0].code;
            // Dropping a deep AST recurses too; keep it out of the measured thread.
            std::mem::forget(expr);
            code
        })
        .unwrap();
    assert_eq!(handle.join().unwrap(), Code::TooLarge);
}

#[test]
fn deep_mixed_nesting_is_cut_off_without_overflow() {
    use scimap::syntax::{BinaryOp, ConditionalForm, Expr, ExprKind, Span, UnaryOp};
    let span = Span::new(0, 1);
    let leaf = |kind| Box::new(Expr::new(kind, span));
    let mut expr = Expr::new(ExprKind::Str("a".into()), span);
    for i in 0..6000 {
        let inner = Box::new(expr);
        let kind = match i % 9 {
            0 => ExprKind::Unary {
                op: UnaryOp::Not,
                operand: inner,
            },
            1 => ExprKind::Binary {
                op: BinaryOp::Add,
                left: inner,
                right: leaf(ExprKind::Int(1)),
            },
            2 => ExprKind::Call {
                callee: leaf(ExprKind::Ident("upper".into())),
                args: vec![*inner],
                force_builtin: false,
            },
            3 => ExprKind::Index {
                base: leaf(ExprKind::Ident("m".into())),
                index: inner,
                optional: false,
            },
            4 => ExprKind::Conditional {
                cond: leaf(ExprKind::Bool(true)),
                then: inner,
                otherwise: leaf(ExprKind::Nil),
                form: ConditionalForm::Ternary,
            },
            5 => ExprKind::Let {
                name: format!("v{i}"),
                name_span: span,
                value: leaf(ExprKind::Int(1)),
                body: inner,
            },
            6 => ExprKind::Call {
                callee: leaf(ExprKind::Ident("map".into())),
                args: vec![
                    Expr::new(ExprKind::Ident("arr".into()), span),
                    Expr::new(ExprKind::Predicate(inner), span),
                ],
                force_builtin: false,
            },
            7 => ExprKind::Array(vec![*inner]),
            _ => ExprKind::Field {
                base: inner,
                name: "x".into(),
                optional: false,
            },
        };
        expr = Expr::new(kind, span);
    }
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let env = TypeEnv::from_json(&serde_json::json!({"m": {}, "arr": []}));
            let checked = check(&expr, &env, &Registry::standard());
            let found = checked.diagnostics.iter().any(|d| d.code == Code::TooLarge);
            // Dropping a deep AST recurses too; keep it out of the measured thread.
            std::mem::forget(expr);
            found
        })
        .unwrap();
    assert!(handle.join().unwrap());
}

// ---- room for schema-derived types and registered functions ----

fn check_in(env: &TypeEnv, registry: &Registry, source: &str) -> Checked {
    check(&parse(source).unwrap(), env, registry)
}

fn record_env(closed: bool) -> TypeEnv {
    let fields = std::collections::BTreeMap::from([
        ("email".to_string(), Type::String),
        ("displayname".to_string(), Type::String),
        ("addresses".to_string(), Type::array_of(Type::json_map())),
    ]);
    TypeEnv::new().with("jcUser", Type::record(fields, closed))
}

#[test]
fn err_unknown_field_of_closed_record() {
    let checked = check_in(
        &record_env(true),
        &Registry::standard(),
        "jcUser.dispalyname",
    );
    let diagnostic = &checked.diagnostics[0];
    assert_eq!(diagnostic.message, "unknown field dispalyname");
    assert_eq!(diagnostic.code, Code::UnknownField);
    assert_eq!(
        diagnostic.help.as_deref(),
        Some("did you mean `displayname`?")
    );
}

#[test]
fn err_known_field_type_is_used() {
    let checked = check_in(
        &record_env(false),
        &Registry::standard(),
        "jcUser.email + 1",
    );
    assert_eq!(
        checked.diagnostics[0].message,
        "invalid operation: + (mismatched types string and int)"
    );
    let checked = check_in(
        &record_env(false),
        &Registry::standard(),
        "jcUser.other + 1",
    );
    assert!(!checked.has_errors(), "open records accept other fields");
    let checked = check_in(
        &record_env(true),
        &Registry::standard(),
        "map(jcUser.addresses, .x)",
    );
    assert!(!checked.has_errors());
}

#[test]
fn err_nullable_union_checks_as_its_type() {
    // `string | nil` (a schema field that may be absent) checks as `string`: nil is a run-time
    // concern; a union of several types is unknown.
    let union = Type::Union(vec![Type::String, Type::Nil].into());
    let env = TypeEnv::new().with("x", union);
    assert!(check_in(&env, &Registry::standard(), "x + 1").has_errors());
    assert!(!check_in(&env, &Registry::standard(), "upper(x)").has_errors());
    let env = TypeEnv::new().with("x", Type::String.join(&Type::Int));
    assert!(!check_in(&env, &Registry::standard(), "x + 1").has_errors());
}

#[test]
fn err_registered_function_arguments() {
    use scimap::builtins::{Function, Implementation, Signature, Ty};
    use std::sync::Arc;
    let mut registry = Registry::empty();
    registry.insert(Function {
        name: Arc::from("initials"),
        signatures: Arc::from(vec![Signature::new(&[Ty::String, Ty::Int], Ty::String)]),
        doc: Arc::from("initials"),
        examples: &[],
        implementation: Implementation::Custom(Arc::new(|_, _| Ok(scimap::Value::Nil))),
    });
    let env = TypeEnv::from_json(&serde_json::json!({"s": "a"}));
    let messages = |source| {
        check_in(&env, &registry, source)
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(messages("initials(s, 1) + \"\""), Vec::<String>::new());
    assert_eq!(
        messages("initials(s)"),
        ["not enough arguments to call initials"]
    );
    assert_eq!(
        messages("initials(1, 1)"),
        ["cannot use int as argument (type string) to call initials "]
    );
    assert_eq!(
        messages("initials(s, 1) + 1"),
        ["invalid operation: + (mismatched types string and int)"]
    );
    assert_eq!(
        messages("let initials = 1; 2"),
        ["cannot redeclare function initials"]
    );
}
