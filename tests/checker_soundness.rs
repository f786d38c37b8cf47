//! Checker soundness: when the checker accepts a program and infers type T for it, and the
//! program evaluates without error, the value has type T (`Type::admits`).
//!
//! Random programs over a small JSON environment (literals, arithmetic, comparisons, `??`,
//! conditionals, member access, optional chaining, arrays, maps, `let`, predicates and a set
//! of builtins) are compiled twice, with the reference's typing (`TypeEnv::from_json`) and with
//! types inferred from the whole document (`TypeEnv::from_sample`). Most random programs are
//! ill-typed or fail at run time; the test counts the ones that evaluate and requires enough of
//! them.

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use scimap::types::TypeEnv;
use scimap::Engine;
use serde_json::{json, Value as Json};

fn env() -> Json {
    json!({
        "i": 1, "j": -3, "f": 1.5, "s": "hello", "t": "", "b": true, "n": null,
        "arr": [1, 2, 3], "strs": ["a", "b"], "mixed": [1, "x", null, 2.5], "empty": [],
        "m": {"a": 1, "b": "two", "c": null, "d": {"e": [1, 2]}},
        "users": [
            {"name": "ada", "age": 36, "tags": ["x"]},
            {"name": "bob", "age": null, "admin": true}
        ]
    })
}

const VARIABLES: &[&str] = &[
    "i", "j", "f", "s", "t", "b", "n", "arr", "strs", "mixed", "empty", "m", "users",
];
const FIELDS: &[&str] = &["a", "b", "c", "d", "e", "name", "age", "tags", "admin", "x"];
const LITERALS: &[&str] = &[
    "0",
    "1",
    "2",
    "-1",
    "0.5",
    "2.0",
    "'a'",
    "'hello'",
    "''",
    "true",
    "false",
    "nil",
    "[]",
    "{}",
    "[1, 2]",
    "['a', 'b']",
    "{'a': 1}",
    "1..3",
];
const BINARY: &[&str] = &[
    "+",
    "-",
    "*",
    "/",
    "%",
    "**",
    "==",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "and",
    "or",
    "??",
    "contains",
    "startsWith",
    "in",
    "not in",
    "..",
];
const UNARY_CALLS: &[&str] = &[
    "len",
    "upper",
    "lower",
    "string",
    "int",
    "float",
    "abs",
    "round",
    "first",
    "last",
    "sum",
    "min",
    "keys",
    "values",
    "reverse",
    "uniq",
    "flatten",
    "type",
    "toJSON",
    "fromJSON",
    "notNullOrEmpty",
    "toScimEmails",
    "trim",
    "sort",
];
const BINARY_CALLS: &[&str] = &["get", "max", "concat", "split", "join", "take", "repeat"];
const PREDICATE_CALLS: &[&str] = &[
    "map",
    "filter",
    "find",
    "findLast",
    "findIndex",
    "count",
    "all",
    "any",
    "none",
    "sortBy",
    "groupBy",
    "sum",
];
const POINTERS: &[&str] = &["#", "#", ".name", ".age", "#index", "#.a", "#acc"];

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(options).prop_map(str::to_string)
}

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => pick(VARIABLES),
        2 => pick(LITERALS),
        2 => (pick(VARIABLES), pick(FIELDS)).prop_map(|(v, f)| format!("{v}.{f}")),
        1 => (pick(VARIABLES), 0..3i32).prop_map(|(v, i)| format!("{v}[{i}]")),
    ]
}

/// A predicate: `#`, `.name`, `#index` combined with a literal or a variable.
fn predicate() -> impl Strategy<Value = String> {
    let operand = prop_oneof![pick(POINTERS), pick(LITERALS), pick(VARIABLES)];
    prop_oneof![
        pick(POINTERS),
        (pick(POINTERS), pick(BINARY), operand.clone())
            .prop_map(|(p, op, x)| format!("{p} {op} {x}")),
        (pick(UNARY_CALLS), pick(POINTERS)).prop_map(|(f, p)| format!("{f}({p})")),
        (pick(POINTERS), operand.clone(), operand)
            .prop_map(|(p, a, b)| format!("{p} == nil ? {a} : {b}")),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    leaf().prop_recursive(4, 24, 3, |inner| {
        let two = (inner.clone(), inner.clone());
        prop_oneof![
            3 => (inner.clone(), pick(BINARY), inner.clone())
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            1 => (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("({c} ? {a} : {b})")),
            1 => (pick(&["!", "-"]), inner.clone()).prop_map(|(op, a)| format!("({op}{a})")),
            2 => (inner.clone(), pick(FIELDS), any::<bool>()).prop_map(|(a, f, optional)| {
                let dot = if optional { "?." } else { "." };
                format!("({a}){dot}{f}")
            }),
            1 => (inner.clone(), 0..3i32).prop_map(|(a, i)| format!("({a})[{i}]")),
            1 => two.clone().prop_map(|(a, b)| format!("[{a}, {b}]")),
            1 => two.clone().prop_map(|(a, b)| format!("{{x: {a}, y: {b}}}")),
            1 => (inner.clone(), pick(BINARY), inner.clone())
                .prop_map(|(a, op, b)| format!("let v = {a}; v {op} {b}")),
            1 => (inner.clone(), pick(UNARY_CALLS)).prop_map(|(a, f)| format!("let v = {a}; {f}(v)")),
            3 => (pick(UNARY_CALLS), inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            1 => (pick(BINARY_CALLS), two.clone()).prop_map(|(f, (a, b))| format!("{f}({a}, {b})")),
            3 => (pick(PREDICATE_CALLS), inner.clone(), predicate())
                .prop_map(|(f, a, p)| format!("{f}({a}, {p})")),
            1 => (inner.clone(), predicate(), inner)
                .prop_map(|(a, p, b)| format!("reduce({a}, {p}, {b})")),
        ]
    })
}

/// A small deterministic random source for the typed generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.below(options.len())]
    }
}

/// What the typed generator aims at (it may miss: the checker and the run decide).
#[derive(Clone, Copy)]
enum Want {
    Int,
    Float,
    Str,
    Bool,
    Ints,
    Strs,
    Map,
    Mixed,
}

const WANTS: &[Want] = &[
    Want::Int,
    Want::Float,
    Want::Str,
    Want::Bool,
    Want::Ints,
    Want::Strs,
    Want::Map,
    Want::Mixed,
];

/// A program meant to have the type `want`, at most `depth` levels deep.
fn typed(rng: &mut Rng, want: Want, depth: usize) -> String {
    if depth == 0 || rng.below(4) == 0 {
        return typed_leaf(rng, want);
    }
    let d = depth - 1;
    match rng.below(5) {
        0 => {
            let c = typed(rng, Want::Bool, d);
            let (a, b) = (typed(rng, want, d), typed(rng, want, d));
            if rng.below(4) == 0 {
                return format!("({c} ? {a} : nil)");
            }
            return format!("({c} ? {a} : {b})");
        }
        1 => {
            let maybe = typed_leaf(rng, Want::Mixed);
            return format!("({maybe} ?? {})", typed(rng, want, d));
        }
        2 => {
            let value = typed(rng, want, d);
            return format!("let v = {value}; {}", typed_use(rng, want));
        }
        _ => {}
    }
    typed_node(rng, want, d)
}

fn typed_use(rng: &mut Rng, want: Want) -> String {
    match want {
        Want::Int | Want::Float => format!("v {} 2", rng.pick(&["+", "-", "*", "/", "%"])),
        Want::Str => format!("{}(v)", rng.pick(&["upper", "lower", "trim", "len"])),
        Want::Ints | Want::Strs => format!("{}(v)", rng.pick(&["first", "last", "len", "reverse"])),
        _ => "v".to_string(),
    }
}

fn typed_leaf(rng: &mut Rng, want: Want) -> String {
    let options: &[&str] = match want {
        Want::Int => &[
            "i",
            "j",
            "0",
            "7",
            "m.a",
            "users[0].age",
            "users[1].age",
            "arr[1]",
        ],
        Want::Float => &["f", "0.5", "2.5", "mixed[3]"],
        Want::Str => &["s", "t", "'x'", "m.b", "m.c", "users[0].name", "strs[1]"],
        Want::Bool => &["b", "true", "false", "users[1].admin", "users[0].admin"],
        Want::Ints => &["arr", "[1, 2]", "1..3", "m.d.e", "empty", "[]"],
        Want::Strs => &["strs", "['a']", "users[0].tags", "split(s, 'l')"],
        Want::Map => &["m", "users[0]", "{'a': 1}", "m.d", "{}"],
        Want::Mixed => &[
            "mixed",
            "n",
            "m.c",
            "m.zzz",
            "m?.d?.zzz",
            "mixed[2]",
            "users[1].tags",
        ],
    };
    rng.pick(options).to_string()
}

fn typed_node(rng: &mut Rng, want: Want, d: usize) -> String {
    let mut t = |w: Want| typed(rng, w, d);
    match want {
        Want::Int => match t(Want::Bool).len() % 8 {
            0 => format!("len({})", t(Want::Strs)),
            1 => format!("({} + {})", t(Want::Int), t(Want::Int)),
            2 => format!("count({}, # > 1)", t(Want::Ints)),
            3 => format!("findIndex({}, # == 2)", t(Want::Ints)),
            4 => format!("find({}, # > 1)", t(Want::Ints)),
            5 => format!("reduce({}, #acc + #, 0)", t(Want::Ints)),
            6 => format!("first({})", t(Want::Ints)),
            _ => format!("get({}, {})", t(Want::Ints), t(Want::Int)),
        },
        Want::Float => match t(Want::Bool).len() % 5 {
            0 => format!("({} / {})", t(Want::Int), t(Want::Int)),
            1 => format!("({} * {})", t(Want::Float), t(Want::Int)),
            2 => format!("float({})", t(Want::Int)),
            3 => format!("max({}, {})", t(Want::Int), t(Want::Float)),
            _ => format!("round({})", t(Want::Float)),
        },
        Want::Str => match t(Want::Bool).len() % 7 {
            0 => format!("upper({})", t(Want::Str)),
            1 => format!("({} + {})", t(Want::Str), t(Want::Str)),
            2 => format!("string({})", t(Want::Mixed)),
            3 => format!("join({}, ',')", t(Want::Strs)),
            4 => format!("type({})", t(Want::Mixed)),
            5 => format!("find({}, # != '')", t(Want::Strs)),
            _ => format!("last({})", t(Want::Strs)),
        },
        Want::Bool => match t(Want::Int).len() % 7 {
            0 => format!("({} == {})", t(Want::Mixed), t(Want::Int)),
            1 => format!("({} < {})", t(Want::Int), t(Want::Float)),
            2 => format!("({} contains {})", t(Want::Str), t(Want::Str)),
            3 => format!("({} and {})", t(Want::Bool), t(Want::Mixed)),
            4 => format!("({} in {})", t(Want::Int), t(Want::Ints)),
            5 => format!("any({}, # > 1)", t(Want::Ints)),
            _ => format!("notNullOrEmpty({})", t(Want::Mixed)),
        },
        Want::Ints => match t(Want::Bool).len() % 6 {
            0 => format!("[{}, {}]", t(Want::Int), t(Want::Int)),
            1 => format!("map({}, # * 2)", t(Want::Ints)),
            2 => format!("filter({}, # > 1)", t(Want::Ints)),
            3 => format!("concat({}, {})", t(Want::Ints), t(Want::Ints)),
            4 => format!("sortBy({}, -#)", t(Want::Ints)),
            _ => "map(users, .age)".to_string(),
        },
        Want::Strs => match t(Want::Bool).len() % 4 {
            0 => format!("split({}, ',')", t(Want::Str)),
            1 => "map(users, .name)".to_string(),
            2 => format!("keys({})", t(Want::Map)),
            _ => format!("[{}, {}]", t(Want::Str), t(Want::Mixed)),
        },
        Want::Map => match t(Want::Bool).len() % 4 {
            0 => format!("{{x: {}, y: {}}}", t(Want::Int), t(Want::Mixed)),
            1 => format!("find(users, .name == {})", t(Want::Str)),
            2 => format!("groupBy({}, # % 2)", t(Want::Ints)),
            _ => format!("fromJSON(toJSON({}))", t(Want::Map)),
        },
        Want::Mixed => {
            let w = WANTS[t(Want::Bool).len() % WANTS.len()];
            match t(Want::Bool).len() % 4 {
                0 => format!("(({}) ? {} : {})", t(Want::Bool), t(w), t(Want::Str)),
                1 => format!("get({}, 'a')", t(Want::Map)),
                2 => format!("({})?.name", t(Want::Map)),
                _ => t(w),
            }
        }
    }
}

/// Programs from the typed generator (seeded), which mostly check and evaluate.
fn typed_expression() -> impl Strategy<Value = String> {
    (any::<u64>(), 0..WANTS.len()).prop_map(|(seed, want)| {
        let mut rng = Rng(seed | 1);
        typed(&mut rng, WANTS[want], 4)
    })
}

/// Half structural (any combination), half typed (aimed at programs that evaluate).
fn program() -> impl Strategy<Value = String> {
    prop_oneof![expression(), typed_expression()]
}

/// Compiles `source` with `types`; when it evaluates, its value must have the inferred type.
/// Returns whether it evaluated.
fn check_sound(source: &str, types: &TypeEnv, mode: &str) -> Result<bool, TestCaseError> {
    let engine = Engine::default();
    let env = env();
    let Ok(program) = engine.compile_with_types(source, types) else {
        return Ok(false);
    };
    let Ok(value) = program.run(&env) else {
        return Ok(false);
    };
    prop_assert!(
        program.result_type().admits(&value),
        "{mode}: `{source}` was typed {} but gave {} ({})",
        program.result_type(),
        value.to_json(),
        value.go_type()
    );
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 3000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn inferred_types_admit_the_values(source in program()) {
        let env = env();
        check_sound(&source, &TypeEnv::from_json(&env), "from_json")?;
        check_sound(&source, &TypeEnv::from_sample(&env), "from_sample")?;
    }
}

/// Programs where the reference's nature is not the value's type, checked by hand.
#[test]
fn known_corners_are_sound() {
    const CORNERS: &[&str] = &[
        "find(arr, # > 5)",
        "findLast(users, .name == 'zed')",
        "first(empty)",
        "last(split(t, ',', 0))",
        "get(arr, 10)",
        "get(m, 'zzz')",
        "b ? 1 : nil",
        "b ? 1 : m.b",
        "true and m.a",
        "m.a && true",
        "false or m.b",
        "max(1, 2.5)",
        "mean([1, 2])",
        "median([1, 2])",
        "m?.zzz?.e",
        "users[1].age",
        "users[1]?.age ?? 0",
        "m.d.e[0] + 1",
        "reduce(empty, #acc + #, 'x')",
        "toScimEmails(nil)",
        "let v = find(arr, # > 5); v",
        "[find(arr, # > 5), 1][0]",
        "map(users, .age)",
        "sum(arr)",
        "abs(m.a)",
        "-m.a",
        "sortBy(users, .name)[0].name",
    ];
    let env = env();
    let engine = Engine::default();
    for source in CORNERS {
        for (mode, types) in [
            ("from_json", TypeEnv::from_json(&env)),
            ("from_sample", TypeEnv::from_sample(&env)),
        ] {
            // The reference's typing accepts them all; whole-document types may know better.
            let program = match engine.compile_with_types(source, &types) {
                Ok(program) => program,
                Err(_) if mode == "from_sample" => continue,
                Err(error) => panic!("{mode}: `{source}` rejected: {error}"),
            };
            let value = program
                .run(&env)
                .unwrap_or_else(|e| panic!("{source}: {e:?}"));
            assert!(
                program.result_type().admits(&value),
                "{mode}: `{source}` was typed {} but gave {}",
                program.result_type(),
                value.to_json()
            );
        }
    }
}

/// The property test is only worth something if many programs get through the checker and
/// evaluate: the same generator, counted.
#[test]
fn enough_programs_evaluate() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 1000,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let evaluated = AtomicUsize::new(0);
    let result = runner.run(&program(), |source| {
        let env = env();
        for (mode, types) in [
            ("from_json", TypeEnv::from_json(&env)),
            ("from_sample", TypeEnv::from_sample(&env)),
        ] {
            if check_sound(&source, &types, mode)? {
                evaluated.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    let evaluated = evaluated.into_inner();
    println!("evaluated: {evaluated}");
    assert!(
        evaluated >= 500,
        "only {evaluated} of 2000 compilations evaluated"
    );
}
