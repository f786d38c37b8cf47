//! Properties of evaluation over generated expressions and JSON environments: compiling and
//! evaluating never panics, and a compiled program (or table) gives the same result on every
//! run and from several threads at once.
//!
//! Expressions are generated as text from a small grammar of the language (literals with
//! extreme values, the environment's variables, operators, builtins, predicates, members,
//! indexes, slices, `let`, `?:`, pipes), so that most of them compile and evaluation is what
//! gets exercised.
//!
//! A second grammar generates the row shapes a table evaluates without the interpreter (field
//! reads, `notNullOrEmpty` fallbacks, `??`, `first`, `find`, `+`, `toScim*` of those): a
//! table of such rows maps generated users exactly as the same rows forced through the
//! interpreter do.

use proptest::prelude::*;
use scimap::Engine;
use serde_json::{json, Value as Json};

const VARIABLES: &[&str] = &["a", "b", "s", "arr", "m", "jcUser", "missing"];

const LITERALS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "9223372036854775807",
    "(-9223372036854775807 - 1)",
    "0.5",
    "1e308",
    "-0.0",
    "'é'",
    "'a,b'",
    "''",
    "'\\u0000'",
    "\"ǅ\"",
    "`raw`",
    "b'\\xff'",
    "true",
    "false",
    "nil",
    "[]",
    "{}",
    "1..3",
    "fromBase64('/wCA')",
    "$env",
];

const UNARY: &[&str] = &["-", "!", "not ", "+"];

const BINARY: &[&str] = &[
    "+",
    "-",
    "*",
    "/",
    "%",
    "**",
    "^",
    "==",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "&&",
    "||",
    "and",
    "or",
    "??",
    "in",
    "not in",
    "contains",
    "startsWith",
    "endsWith",
    "matches",
    "..",
];

const FUNCTIONS: &[&str] = &[
    "len",
    "upper",
    "lower",
    "trim",
    "string",
    "int",
    "float",
    "abs",
    "first",
    "last",
    "reverse",
    "sort",
    "uniq",
    "flatten",
    "keys",
    "values",
    "toPairs",
    "toJSON",
    "fromJSON",
    "toBase64",
    "type",
    "max",
    "min",
    "sum",
    "mean",
    "median",
    "ceil",
    "floor",
    "round",
    "concat",
    "join",
    "split",
    "repeat",
    "replace",
    "indexOf",
    "take",
    "get",
    "trimPrefix",
    "bitand",
    "bitshl",
];

const PREDICATES: &[&str] = &[
    "map",
    "filter",
    "all",
    "any",
    "none",
    "one",
    "count",
    "find",
    "findIndex",
    "findLast",
    "sortBy",
    "groupBy",
    "sum",
];

fn leaf(in_predicate: bool) -> BoxedStrategy<String> {
    let mut leaves = vec![
        prop::sample::select(LITERALS)
            .prop_map(str::to_string)
            .boxed(),
        prop::sample::select(VARIABLES)
            .prop_map(str::to_string)
            .boxed(),
        (0i64..5).prop_map(|i| i.to_string()).boxed(),
        (0i64..5).prop_map(|i| i.to_string()).boxed(),
        "[a-zé ,.]{0,6}".prop_map(|s| format!("{s:?}")).boxed(),
    ];
    if in_predicate {
        leaves.push(
            prop::sample::select(&["#", "#index", "#acc", ".a", "# ?? 0"][..])
                .prop_map(str::to_string)
                .boxed(),
        );
    }
    prop::strategy::Union::new(leaves).boxed()
}

fn expression(in_predicate: bool, predicates: u32) -> BoxedStrategy<String> {
    let body = (predicates > 0).then(|| expression(true, predicates - 1));
    leaf(in_predicate)
        .prop_recursive(3, 24, 3, move |inner| {
            let list = prop::collection::vec(inner.clone(), 0..3);
            let mut options = vec![
                (prop::sample::select(UNARY), inner.clone())
                    .prop_map(|(op, e)| format!("{op}({e})"))
                    .boxed(),
                (inner.clone(), prop::sample::select(BINARY), inner.clone())
                    .prop_map(|(l, op, r)| format!("({l}) {op} ({r})"))
                    .boxed(),
                (prop::sample::select(FUNCTIONS), list.clone())
                    .prop_map(|(f, args)| format!("{f}({})", args.join(", ")))
                    .boxed(),
                list.clone()
                    .prop_map(|items| format!("[{}]", items.join(", ")))
                    .boxed(),
                (inner.clone(), inner.clone())
                    .prop_map(|(k, v)| format!("{{({k}): {v}, b: 1}}"))
                    .boxed(),
                (
                    inner.clone(),
                    prop::sample::select(&["a", "b", "email", "Bar"][..]),
                )
                    .prop_map(|(e, f)| format!("({e})?.{f}"))
                    .boxed(),
                (inner.clone(), inner.clone())
                    .prop_map(|(e, i)| format!("({e})[{i}]"))
                    .boxed(),
                (inner.clone(), inner.clone(), inner.clone())
                    .prop_map(|(e, i, j)| format!("({e})[{i}:{j}]"))
                    .boxed(),
                (inner.clone(), inner.clone(), inner.clone())
                    .prop_map(|(c, t, f)| format!("({c}) ? ({t}) : ({f})"))
                    .boxed(),
                (inner.clone(), inner.clone())
                    .prop_map(|(v, b)| format!("let v = {v}; ({b}) ?? v"))
                    .boxed(),
            ];
            if let Some(body) = body.clone() {
                options.push(
                    (
                        prop::sample::select(PREDICATES),
                        inner.clone(),
                        body.clone(),
                    )
                        .prop_map(|(f, c, p)| format!("{f}({c}, {p})"))
                        .boxed(),
                );
                options.push(
                    (inner.clone(), body.clone(), inner.clone())
                        .prop_map(|(c, p, i)| format!("reduce({c}, {p}, {i})"))
                        .boxed(),
                );
                options.push(
                    (inner.clone(), prop::sample::select(PREDICATES), body)
                        .prop_map(|(c, f, p)| format!("({c}) | {f}({p})"))
                        .boxed(),
                );
            }
            prop::strategy::Union::new(options)
        })
        .boxed()
}

fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::from),
        any::<i64>().prop_map(Json::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number)),
        "[a-zA-Zé ,.@0-9]{0,8}".prop_map(Json::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::from),
            prop::collection::btree_map("[a-z]{1,3}", inner, 0..4)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

/// `a` an int, `b` a float, `s` a string, `arr` an array, `m` anything; `missing` is absent.
fn environment() -> impl Strategy<Value = Json> {
    (
        any::<i64>(),
        any::<f64>(),
        "[a-zA-Zé ,.@0-9]{0,8}",
        prop::collection::vec(
            prop_oneof![(-3i64..10).prop_map(Json::from), json_value()],
            0..5,
        ),
        json_value(),
    )
        .prop_map(|(a, b, s, arr, m)| {
            json!({
                "a": a,
                "b": serde_json::Number::from_f64(b).map_or(Json::Null, Json::Number),
                "s": s,
                "arr": arr,
                "m": m,
                "jcUser": {"email": "ada@example.com", "a": [1, 2], "b": {"a": "x"}},
            })
        })
}

/// What one evaluation gave, comparable across runs.
fn outcome(program: &scimap::Program, env: &Json) -> Result<Json, String> {
    let result = program.run(env);
    result
        .map(|v| v.to_json())
        .map_err(|e| e.message().to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn evaluation_never_panics_and_repeats(source in expression(false, 2), env in environment()) {
        let engine = Engine::default();
        if let Ok(program) = engine.compile(&source) {
            let first = outcome(&program, &env);
            prop_assert_eq!(&first, &outcome(&program, &env), "{}", source);
        }
        if let Ok(program) = engine.compile_for_json(&source, &env) {
            let first = outcome(&program, &env);
            prop_assert_eq!(&first, &outcome(&program, &env), "{}", source);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_program_gives_the_same_result_on_four_threads(source in expression(false, 2), env in environment()) {
        let engine = Engine::default();
        if let Ok(program) = engine.compile_for_json(&source, &env) {
            let expected = outcome(&program, &env);
            let results: Vec<_> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..4)
                    .map(|_| scope.spawn(|| (0..3).map(|_| outcome(&program, &env)).collect::<Vec<_>>()))
                    .collect();
                handles.into_iter().flat_map(|h| h.join().expect("no panic")).collect()
            });
            for result in results {
                prop_assert_eq!(&result, &expected, "{}", source);
            }
        }
    }
}

/// JumpCloud fields the direct-shape grammar reads: plain ones, `id` (falls back to `_id`), a
/// list field (reads as `[]` when absent) and one no generated user has.
const FIELDS: &[&str] = &["f", "g", "id", "_id", "addresses", "none"];

/// A row expression of the shapes direct plans take (and a few near them that they decline).
fn direct_shape() -> BoxedStrategy<String> {
    let field = (
        prop::sample::select(&["jcUser", "providerUser"][..]),
        prop::sample::select(FIELDS),
    )
        .prop_map(|(var, field)| format!("{var}.{field}"));
    let leaf = prop_oneof![
        4 => field.clone(),
        1 => prop::sample::select(&["'w'", "''", "nil", "1", "[]", "true"][..]).prop_map(String::from),
    ];
    leaf.prop_recursive(4, 24, 3, move |inner| {
        prop_oneof![
            (field.clone(), inner.clone())
                .prop_map(|(f, d)| format!("(notNullOrEmpty({f}) ? {f} : {d})")),
            (field.clone(), inner.clone(), inner.clone())
                .prop_map(|(f, a, b)| format!("(notNullOrEmpty({f}) ? {a} : {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} ?? {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
            inner.clone().prop_map(|d| format!("first({d})")),
            inner
                .clone()
                .prop_map(|d| format!("find({d}, .type == 'w')")),
            inner.clone().prop_map(|d| format!("find({d}, # == 1)")),
        ]
    })
    .boxed()
}

/// A user whose fields take values of every shape, lists of typed objects among them.
fn direct_user() -> impl Strategy<Value = Json> {
    let typed = prop::collection::vec(
        prop_oneof![
            prop::sample::select(&["w", "h", ""][..]).prop_map(|t| json!({"type": t, "n": 1})),
            json_value(),
        ],
        0..4,
    )
    .prop_map(Json::from);
    let value = prop_oneof![2 => json_value(), 1 => typed];
    prop::collection::btree_map(prop::sample::select(FIELDS), value, 0..6).prop_map(|fields| {
        Json::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    })
}

/// A table of the generated rows, as written or each wrapped in a `let` (which no direct plan
/// takes); `None` when it does not compile.
fn direct_table(rows: &[String], wrap: bool) -> Option<scimap::mapping::CompiledTable> {
    const TARGETS: &[&str] = &["title", "nickName", "displayName", "profileUrl", "userType"];
    let mut text = String::from("[[user]]\ntarget = \"userName\"\nexpr = \"'u'\"\n");
    for (row, target) in rows.iter().zip(TARGETS) {
        let source = if wrap {
            format!("let v = {row}; v")
        } else {
            row.clone()
        };
        text += &format!("[[user]]\ntarget = {target:?}\nexpr = {source:?}\n");
    }
    let helper = &rows[rows.len() - 1];
    let helper = if wrap {
        format!("let v = toScimEmails({helper}); v")
    } else {
        format!("toScimEmails({helper})")
    };
    text += &format!("[[user]]\ntarget = \"emails\"\nexpr = {helper:?}\n");
    let table = scimap::mapping::Table::from_toml("t.toml", &text).ok()?;
    table.compile(&Engine::default()).ok()
}

/// A resource as JSON text, or each failing row's target and message.
fn mapped(table: &scimap::mapping::CompiledTable, user: &Json, provider: Option<&Json>) -> String {
    match table.user_resource(user, provider) {
        Ok(resource) => resource.to_string(),
        Err(error) => error
            .errors
            .iter()
            .map(|e| format!("{}: {}\n", e.target, e.diagnostic.message))
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn direct_rows_map_as_the_interpreter_does(
        rows in prop::collection::vec(direct_shape(), 1..5),
        users in prop::collection::vec(direct_user(), 1..4),
        provider in direct_user(),
    ) {
        let direct = direct_table(&rows, false);
        let interpreted = direct_table(&rows, true);
        prop_assert_eq!(direct.is_some(), interpreted.is_some(), "{:?}", rows);
        let (Some(direct), Some(interpreted)) = (direct, interpreted) else {
            return Ok(());
        };
        for user in &users {
            for provider in [None, Some(&provider)] {
                prop_assert_eq!(
                    mapped(&direct, user, provider),
                    mapped(&interpreted, user, provider),
                    "{:?} {} {:?}", rows, user, provider
                );
            }
        }
    }
}

#[test]
fn a_compiled_table_gives_the_same_resource_on_every_run_and_thread() {
    let engine = Engine::default();
    let sample: Json = serde_json::from_str(scimap::mapping::builtin::SAMPLE_USER).unwrap();
    let user = &sample["jcUser"];
    for builtin in scimap::mapping::builtin::TABLES {
        let table = builtin.load().unwrap().compile(&engine).unwrap();
        let expected = table
            .user_resource(user, None)
            .map_err(|e| format!("{e:?}"));
        let results: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        (0..25)
                            .map(|_| {
                                table
                                    .user_resource(user, None)
                                    .map_err(|e| format!("{e:?}"))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        assert_eq!(results.len(), 100);
        for result in results {
            assert_eq!(result, expected, "{}", builtin.name);
        }
    }
}

#[test]
#[ignore]
fn generator_statistics() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::default();
    let (mut compiled, mut typed, mut values, mut total) = (0, 0, 0, 0);
    for _ in 0..500 {
        let source = expression(false, 2)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let env = environment().new_tree(&mut runner).unwrap().current();
        total += 1;
        let engine = Engine::default();
        if let Ok(p) = engine.compile(&source) {
            compiled += 1;
            if outcome(&p, &env).is_ok() {
                values += 1;
            }
        }
        if engine.compile_for_json(&source, &env).is_ok() {
            typed += 1;
        }
        if total < 8 {
            println!("{source}");
        }
    }
    println!("total {total} compiled {compiled} typed {typed} values {values}");
}
