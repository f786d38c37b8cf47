//! Hostile input: every case ends in a clear error (its code and message checked) or the correct
//! result, within a time bound, on a thread with a 256 KiB stack (a quarter of what the design
//! allows for), in a debug build.
//!
//! Crashes found by fuzzing are regression tests here too (`fuzz_*`).

use std::time::{Duration, Instant};

use scimap::diagnostic::Code;
use scimap::Engine;
use serde_json::{json, Value as Json};

/// Wall-clock bound for one case (debug build, two shared cores).
const BOUND: Duration = Duration::from_secs(5);

/// Stack of the thread each case runs on.
const SMALL_STACK: usize = 256 * 1024;

/// How an expression ended.
#[derive(Debug, PartialEq)]
enum End {
    /// Compiled and evaluated to this JSON.
    Value(Json),
    /// Failed to compile: the first diagnostic's code and message.
    Compile(Code, String),
    /// Failed at run time.
    Run(Code, String),
}

/// Runs `f` on a thread with a small stack, failing the test if it takes longer than `BOUND`.
fn small_stack<T: Send>(name: &str, f: impl FnOnce() -> T + Send) -> T {
    let start = Instant::now();
    let value = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(SMALL_STACK)
            .spawn_scoped(scope, f)
            .expect("spawn")
            .join()
            .unwrap_or_else(|_| panic!("{name}: panicked"))
    });
    let elapsed = start.elapsed();
    assert!(elapsed < BOUND, "{name}: took {elapsed:?}");
    value
}

fn eval_with(engine: &Engine, source: &str, env: &Json) -> End {
    let program = match engine.compile(source) {
        Ok(program) => program,
        Err(diagnostics) => {
            let first = &diagnostics.items[0];
            return End::Compile(first.code, first.message.clone());
        }
    };
    let result = program.run(env);
    match result {
        Ok(value) => End::Value(value.to_json()),
        Err(error) => End::Run(error.code(), error.message().to_string()),
    }
}

/// Compiles and runs `source` untyped, then typed against `env`; both must end alike (when both
/// compile) and within the bound.
fn eval(source: &str, env: &Json) -> End {
    let name: String = source.chars().take(60).collect();
    small_stack(&name, || {
        let engine = Engine::default();
        let untyped = eval_with(&engine, source, env);
        if let Ok(program) = engine.compile_for_json(source, env) {
            let result = program.run(env);
            let typed = match result {
                Ok(value) => End::Value(value.to_json()),
                Err(error) => End::Run(error.code(), error.message().to_string()),
            };
            assert_eq!(typed, untyped, "{name}: typed and untyped differ");
        }
        untyped
    })
}

fn run(source: &str) -> End {
    eval(source, &json!({}))
}

fn value(source: &str) -> Json {
    match run(source) {
        End::Value(value) => value,
        other => panic!("{source}: expected a value, got {other:?}"),
    }
}

fn compile_error(source: &str) -> (Code, String) {
    match run(source) {
        End::Compile(code, message) => (code, message),
        other => panic!("{source:.60}: expected a compile error, got {other:?}"),
    }
}

fn run_error(source: &str) -> (Code, String) {
    match run(source) {
        End::Run(code, message) => (code, message),
        other => panic!("{source:.60}: expected a run-time error, got {other:?}"),
    }
}

fn assert_too_deep(source: &str) {
    let (code, message) = compile_error(source);
    assert_eq!(code, Code::TooLarge, "{message}");
    assert!(message.contains("nests too deeply"), "{message}");
}

fn budget(source: &str) {
    assert_eq!(
        run_error(source),
        (Code::Limit, "memory budget exceeded".to_string()),
        "{source}"
    );
}

// ---- deep and long sources ----

#[test]
fn ten_thousand_nested_brackets_and_prefixes_are_too_deep() {
    let n = 10_000;
    assert_too_deep(&format!("{}1{}", "(".repeat(n), ")".repeat(n)));
    assert_too_deep(&format!("{}1{}", "[".repeat(n), "]".repeat(n)));
    assert_too_deep(&format!("{}1{}", "{a: ".repeat(n), "}".repeat(n)));
    assert_too_deep(&format!("{}1", "-".repeat(n)));
    assert_too_deep(&format!("{}true", "!".repeat(n)));
    assert_too_deep(&format!("{}true", "not ".repeat(n)));
    assert_too_deep(&format!("{}1", "let x = 1; ".repeat(n)));
    assert_too_deep(&format!("{}1", "true ? 1 : ".repeat(n)));
    assert_too_deep(&format!("{}1{}", "upper(".repeat(n), ")".repeat(n)));
}

#[test]
fn nesting_within_the_limit_works_on_a_small_stack() {
    let n = 250;
    assert_eq!(
        value(&format!("{}1{}", "(".repeat(n), ")".repeat(n))),
        json!(1)
    );
    let nested = value(&format!("{}1{}", "[".repeat(n), "]".repeat(n)));
    assert!(nested.is_array());
    let maps = value(&format!("{}1{}", "{a: ".repeat(n), "}".repeat(n)));
    assert!(maps.is_object());
    assert_eq!(value(&format!("{}1", "-".repeat(n))), json!(1));
    assert_eq!(
        value(&format!("{}1{}", "abs(".repeat(n), ")".repeat(n))),
        json!(1)
    );
}

#[test]
fn long_chains_are_too_deep_or_evaluate() {
    // A syntax tree may be at most 1,000 levels deep (Go has no such limit).
    assert_too_deep(&format!("a{}", ".b".repeat(4_000)));
    assert_too_deep(&format!("a{}", "[0]".repeat(4_000)));
    assert_too_deep(&format!("a{}", "?.b".repeat(2_000)));
    assert_too_deep(&format!("1{}", " + 1".repeat(4_999)));
    assert_too_deep(&format!("nil{}", " ?? nil".repeat(4_000)));
    // Go's node limit: 5,000 terms are 9,999 nodes; 5,001 are too many (Go's message).
    assert_eq!(
        compile_error(&format!("1{}", " + 1".repeat(5_000))),
        (
            Code::TooLarge,
            "compilation failed: expression exceeds maximum allowed nodes".to_string()
        )
    );
    // Within the limits: 990 levels compile; the evaluator's depth limit (500) answers.
    assert_eq!(
        value(&format!("true{}", " && true".repeat(990))),
        json!(true)
    );
    assert_eq!(value(&format!("1{}", " + 1".repeat(990))), json!(991));
    assert_eq!(value(&format!("a{}", "?.b".repeat(400))), Json::Null);
    assert_eq!(
        run_error(&format!("a{}", "?.b".repeat(990))),
        (Code::Limit, "evaluation nested too deeply".to_string())
    );
    assert_eq!(
        value(&format!("[1]{}", " | map(# + 1)".repeat(400))),
        json!([401])
    );
}

#[test]
fn five_megabyte_expression_is_too_long() {
    let source = format!("'{}'", "x".repeat(5 << 20));
    let (code, message) = compile_error(&source);
    assert_eq!(code, Code::TooLarge);
    assert!(
        message.starts_with("expression is longer than 1048576 bytes"),
        "{message}"
    );
    // Just under the limit is fine: a 1 MB string literal.
    let source = format!("len('{}')", "x".repeat((1 << 20) - 16));
    assert_eq!(value(&source), json!((1 << 20) - 16));
}

#[test]
fn empty_blank_and_comment_only_sources_are_syntax_errors() {
    for source in ["", "   \n\t ", "// nothing", "/* nothing */", "\u{a0}"] {
        let (code, message) = compile_error(source);
        assert_eq!(code, Code::Syntax, "{source:?}");
        assert_eq!(message, "unexpected token EOF", "{source:?}");
    }
    let (code, message) = compile_error("/* unclosed");
    assert_eq!(code, Code::Lexical);
    assert_eq!(message, "unclosed comment");
}

#[test]
fn fuzz_nested_pipes_of_predicate_builtins_parse_in_linear_time() {
    // The parse fuzzer's timeout: each `| all(` made pest parse its arguments twice.
    let source = include_str!("hostile/parse-timeout-nested-pipes.txt");
    let (code, _) = compile_error(source);
    assert_eq!(code, Code::Syntax);
    let deep = format!("x{}", " | all(x".repeat(40));
    assert_eq!(compile_error(&deep).0, Code::Syntax);
    let forced = format!("{}x", "::all(".repeat(40));
    assert_eq!(compile_error(&forced).0, Code::Syntax);
}

#[test]
fn fuzz_nested_ternaries_parse_in_linear_time() {
    // The parse fuzzer's second timeout: after a failed `?`, each enclosing `?:` retried the rest.
    let source = include_str!("hostile/parse-timeout-nested-ternaries.txt");
    assert_eq!(compile_error(source).0, Code::Syntax);
    let mixed = format!("a{}", " ?: a ? a".repeat(100));
    assert_eq!(compile_error(&mixed).0, Code::Syntax);
    let fine = format!("a{} : a", " ?: a ? a".repeat(50)) + &" : a".repeat(49);
    assert!(matches!(run(&fine), End::Value(_) | End::Run(..)));
}

#[test]
fn fuzz_nested_elvis_operators_cannot_double_the_tree() {
    // The parse fuzzer's out-of-memory: `a ?: b` is `a ? a : b`, and copying `a` at every level
    // of `((a ?: b) ?: c) ?: ...` doubled the tree each time (217 bytes: minutes, gigabytes).
    let source = include_str!("hostile/parse-oom-nested-elvis.txt");
    let (code, message) = compile_error(source);
    assert_eq!(code, Code::TooLarge);
    assert_eq!(
        message,
        "compilation failed: expression exceeds maximum allowed nodes"
    );
    // A few levels, as people write them, are fine.
    let nested = "((false ?: false) ?: false) ?: 'x'";
    assert_eq!(value(nested), json!("x"));
    let deep = format!("{}true{}", "(".repeat(8), " ?: 2)".repeat(8));
    assert_eq!(value(&deep), json!(true));
    // Chains nest to the right and copy nothing.
    let chain = format!("{} 'x'", "false ?:".repeat(200));
    assert_eq!(value(&chain), json!("x"));
}

#[test]
fn fuzz_pipes_into_literal_words_print_and_parse_back() {
    // `x | nil(y)` parses (an unknown function), but printed as `nil(x, y)` it did not.
    for source in ["v[:he>=nv | nil(fbar)]", "1 | true()", "a; b | false(c, d)"] {
        let ast = scimap::syntax::parse(source).unwrap();
        let printed = scimap::syntax::print(&ast);
        let again = scimap::syntax::parse(&printed)
            .unwrap_or_else(|e| panic!("{source:?} printed as {printed:?}: {e}"));
        assert_eq!(ast, again, "{source:?} printed as {printed:?}");
    }
}

#[test]
fn configured_parse_limits_apply() {
    let limits = scimap::eval::Limits {
        max_source_len: 10,
        max_nesting: 3,
        max_nodes: 5,
        ..Default::default()
    };
    let engine = Engine::default().with_limits(limits);
    let end = |source: &str| eval_with(&engine, source, &json!({}));
    assert!(
        matches!(end("'0123456789'"), End::Compile(Code::TooLarge, m) if m.contains("longer than 10"))
    );
    assert!(
        matches!(end("((((1))))"), End::Compile(Code::TooLarge, m) if m.contains("more than 3 levels"))
    );
    assert!(
        matches!(end("1+1+1+1"), End::Compile(Code::TooLarge, m) if m.contains("maximum allowed nodes"))
    );
    assert_eq!(end("1+1+1"), End::Value(json!(3)));
}

// ---- time and memory ----

#[test]
fn huge_ranges_fail_before_allocating() {
    let start = Instant::now();
    budget("1..1000000000 | map(# * 2)");
    budget("len((-9223372036854775807 - 1)..9223372036854775807)");
    assert!(start.elapsed() < Duration::from_millis(500));
    assert_eq!(value("len(1..999999)"), json!(999_999));
    budget("len(1..1000000)");
}

#[test]
fn string_blow_ups_stop_at_the_budget() {
    budget("repeat('x', 100000000)");
    budget("repeat('ab', 9223372036854775807)");
    budget("let s = repeat('x', 500000); replace(s, 'x', s)");
    // Quadratic concatenation and doubling are charged as they grow.
    budget("reduce(1..5000, #acc + 'xxxxxxxxxx', '')");
    budget("reduce(1..90000, #acc + #acc, 'x')");
    budget("let s = repeat('x', 900000); reduce(1..100, #acc + s, '')");
    budget("join(map(1..100000, repeat('x', 9)), repeat('y', 1000))");
    // Modest string work is free.
    assert_eq!(value("len(reduce(1..1000, #acc + 'x', ''))"), json!(1000));
}

#[test]
fn nested_loops_stop_at_the_budget_or_the_step_limit() {
    budget("map(1..1000, map(1..1000, #))");
    // Input arrays cost no memory: the step limit stops 300^3 iterations (10,000,000 steps by
    // default; 100,000 here, to keep the debug build quick).
    let env = json!({"arr": (0..300).collect::<Vec<_>>()});
    let limits = scimap::eval::Limits {
        max_steps: 100_000,
        ..Default::default()
    };
    let engine = Engine::default().with_limits(limits);
    let end = small_stack("steps", || {
        eval_with(&engine, "sum(arr, sum(arr, sum(arr, #)))", &env)
    });
    assert_eq!(
        end,
        End::Run(Code::Limit, "evaluation step limit exceeded".to_string())
    );
    budget("sortBy(1..900000, -#)");
}

#[test]
fn values_nested_twenty_thousand_deep_drop_and_fail_to_print() {
    let deep = "reduce(1..20000, [#acc], [])";
    // Building, measuring and dropping it is fine (dropping is iterative).
    assert_eq!(value(&format!("len({deep})")), json!(1));
    assert_eq!(
        value(&format!("let d = {deep}; d == d")),
        json!(false),
        "comparisons stop at 1,000 levels"
    );
    // Printing or returning it is refused.
    let (code, message) = run_error(&format!("toJSON({deep})"));
    assert_eq!(code, Code::Limit);
    assert!(message.contains("nests too deeply"), "{message}");
    let (code, message) = run_error(&format!("string({deep})"));
    assert_eq!(code, Code::Limit);
    assert!(message.contains("nests too deeply"), "{message}");
    let (code, message) = run_error(deep);
    assert_eq!(code, Code::Limit);
    assert_eq!(message, "result nests too deeply (more than 1000 levels)");
    assert_eq!(
        run_error(&format!("flatten({deep})")),
        (Code::Runtime, "recursion depth exceeded".to_string())
    );
}

#[test]
fn values_sharing_parts_cannot_blow_up() {
    // 60 doublings: 2^60 elements, built from 120 charged units.
    let shared = "reduce(1..60, [#acc, #acc], [1])";
    assert_eq!(value(&format!("len({shared})")), json!(2));
    // Printing stops at 16 MiB of text (long leaves get there quickly in a debug build).
    let long = "reduce(1..60, [#acc, #acc], [repeat('x', 1000)])";
    budget(&format!("toJSON({long})"));
    budget(&format!("string({long})"));
    assert_eq!(run_error(&format!("flatten({shared})")).0, Code::Limit);
    let (code, message) = run_error(shared);
    assert_eq!(code, Code::Limit);
    assert!(message.starts_with("result too large"), "{message}");
    // A comparison stops after 10,000,000 elements: `false`, promptly.
    assert_eq!(value(&format!("let s = {shared}; s == s")), json!(false));
}

#[test]
fn large_results_are_refused_not_copied() {
    let env = json!({"jcUser": {"bio": "x".repeat(1000), "tags": (0..50).collect::<Vec<_>>()}});
    let End::Run(code, message) = eval("map(1..100000, jcUser)", &env) else {
        panic!("expected an error");
    };
    assert_eq!(code, Code::Limit);
    assert!(message.starts_with("result too large"), "{message}");
    // The input itself is the caller's, whatever its size.
    assert_eq!(
        eval("jcUser.tags", &env),
        End::Value(env["jcUser"]["tags"].clone())
    );
}

// ---- numbers ----

#[test]
fn integer_overflow_wraps_as_in_go() {
    assert_eq!(value("9223372036854775807 * 2"), json!(-2));
    assert_eq!(value("9223372036854775807 + 1"), json!(i64::MIN));
    assert_eq!(value("-9223372036854775807 - 1"), json!(i64::MIN));
    assert_eq!(value("(-9223372036854775807 - 1) * -1"), json!(i64::MIN));
    assert_eq!(value("-(-9223372036854775807 - 1)"), json!(i64::MIN));
    assert_eq!(value("(-9223372036854775807 - 1) % -1"), json!(0));
    assert_eq!(value("abs(-9223372036854775807 - 1)"), json!(i64::MIN));
    assert_eq!(
        value("(-9223372036854775807 - 1) / -1"),
        json!(9.223372036854776e18)
    );
    assert_eq!(value("bitshl(1, 64)"), json!(0));
    assert_eq!(value("bitshr(-1, 100)"), json!(-1));
    assert_eq!(value("int(1e300)"), json!(i64::MIN));
    assert_eq!(
        value("len(9223372036854775806..9223372036854775807)"),
        json!(2)
    );
}

#[test]
fn enormous_number_literals_are_errors() {
    let (code, message) = compile_error("-9223372036854775808");
    assert_eq!(code, Code::NumberLiteral);
    assert!(message.contains("value out of range"), "{message}");
    let (code, message) = compile_error("1e309");
    assert_eq!(code, Code::NumberLiteral);
    assert!(message.contains("value out of range"), "{message}");
    assert_eq!(compile_error(&"9".repeat(10_000)).0, Code::NumberLiteral);
    assert_eq!(value("2 ** 1024"), json!("+Inf"));
    assert_eq!(value("let z = 0; 5 / z"), json!("+Inf"));
    assert_eq!(
        run_error("let z = 0; 5 % z"),
        (
            Code::Runtime,
            "runtime error: integer divide by zero".to_string()
        )
    );
}

#[test]
fn extreme_indexes_and_slices() {
    assert_eq!(value("[1, 2, 3][9223372036854775807:]"), json!([]));
    assert_eq!(
        value("[1, 2, 3][(-9223372036854775807 - 1):]"),
        json!([1, 2, 3])
    );
    assert_eq!(value("'abc'[9223372036854775807:]"), json!(""));
    assert_eq!(value("take([1, 2], 9223372036854775807)"), json!([1, 2]));
    let (code, message) = run_error("[1, 2, 3][-9223372036854775807 - 1]");
    assert_eq!(code, Code::IndexOutOfRange);
    assert!(message.starts_with("index out of range"), "{message}");
    assert_eq!(
        run_error("bitshl(1, -1)"),
        (
            Code::Runtime,
            "invalid operation: negative shift count -1 (type int)".to_string()
        )
    );
}

// ---- strings ----

#[test]
fn nul_bytes_and_invalid_utf8_are_ordinary_bytes() {
    assert_eq!(value("len('a\\u0000b')"), json!(3));
    assert_eq!(value("'a\\x00b' + 'c'"), json!("a\u{0}bc"));
    // fromBase64 makes a string that is not UTF-8: string builtins work on its bytes.
    assert_eq!(value("len(fromBase64('/wCA'))"), json!(3));
    assert_eq!(
        value("upper(fromBase64('/wCA')) + 'x'"),
        json!("\u{fffd}\u{0}\u{fffd}x")
    );
    assert_eq!(
        value("toJSON(fromBase64('/wCA'))"),
        json!("\"\\ufffd\\u0000\\ufffd\"")
    );
    assert_eq!(value("len(split(fromBase64('/wCA'), ''))"), json!(3));
    assert_eq!(value("toBase64(fromBase64('/wCA'))"), json!("/wCA"));
    assert_eq!(
        value("fromBase64('/wCA')[0:1] == fromBase64('/w==')"),
        json!(true)
    );
}

#[test]
fn unicode_names_and_case_mapping() {
    let env = json!({"jcUser": {"naïve": 1, "имя": "Ада", "名前": "エイダ"}});
    assert_eq!(eval("jcUser['naïve']", &env), End::Value(json!(1)));
    // A decomposed ï (i + U+0308) is another key: no normalisation, as in Go.
    assert_eq!(eval("jcUser['nai\u{308}ve']", &env), End::Value(Json::Null));
    assert_eq!(
        eval("jcUser.имя + jcUser.名前", &env),
        End::Value(json!("Адаエイダ"))
    );
    assert_eq!(value("upper('ǅ')"), json!("Ǆ"));
    assert_eq!(value("lower('ǅ')"), json!("ǆ"));
    assert_eq!(value("upper('straße')"), json!("STRAßE"));
    // `len` counts runes, as Expr's does: a combining mark is a rune of its own.
    assert_eq!(value("len('é')"), json!(1));
    assert_eq!(value("len('e\u{301}')"), json!(2));
}

#[test]
fn huge_strings_in_the_input() {
    let big = "x".repeat(10 << 20);
    let env = json!({"jcUser": {"bio": big}});
    assert_eq!(eval("len(jcUser.bio)", &env), End::Value(json!(10 << 20)));
    assert_eq!(
        eval("len(upper(jcUser.bio))", &env),
        End::Value(json!(10 << 20))
    );
    assert_eq!(
        eval("len(jcUser.bio + jcUser.bio)", &env),
        End::Value(json!(20 << 20))
    );
    assert_eq!(
        eval("jcUser.bio contains 'y'", &env),
        End::Value(json!(false))
    );
    assert_eq!(
        eval("indexOf(jcUser.bio, repeat('x', 100000) + 'y')", &env),
        End::Value(json!(-1))
    );
    let End::Run(code, _) = eval("repeat(jcUser.bio, 10)", &env) else {
        panic!("repeat of 10 MB");
    };
    assert_eq!(code, Code::Limit);
    let End::Run(code, _) = eval("join(map(1..1000, jcUser.bio))", &env) else {
        panic!("join of 10 GB");
    };
    assert_eq!(code, Code::Limit);
    let End::Run(code, _) = eval("len(split(jcUser.bio, ''))", &env) else {
        panic!("split into 10 M strings");
    };
    assert_eq!(code, Code::Limit);
}

#[test]
fn substring_search_is_linear() {
    // Counting and splitting re-validated the rest of the string at every match (quadratic).
    assert_eq!(
        value("len(split(repeat('a,', 200000), ','))"),
        json!(200_001)
    );
    assert_eq!(
        value("let s = repeat('a', 500000); indexOf(s + 'b', s + 'b')"),
        json!(0)
    );
    assert_eq!(
        value("let s = repeat('a', 400000); s contains repeat('a', 200000) + 'b'"),
        json!(false)
    );
}

// ---- JSON input ----

#[test]
fn deeply_nested_json_input_is_refused_by_the_json_reader() {
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let error = serde_json::from_str::<Json>(&deep).unwrap_err();
    assert!(
        error.to_string().contains("recursion limit exceeded"),
        "{error}"
    );
    // 100 levels are read, and the evaluator walks them.
    let ok = format!("{{\"x\": {}1{}}}", "[".repeat(100), "]".repeat(100));
    let env: Json = serde_json::from_str(&ok).unwrap();
    assert_eq!(eval("len(flatten(x))", &env), End::Value(json!(1)));
    assert_eq!(
        eval(&format!("x{}", "[0]".repeat(100)), &env),
        End::Value(json!(1))
    );
}

#[test]
fn duplicate_json_keys_keep_the_last_value() {
    // serde_json (as Go's encoding/json) keeps the last of duplicate keys.
    let env: Json = serde_json::from_str(r#"{"jcUser": {"a": 1, "a": 2}}"#).unwrap();
    assert_eq!(eval("jcUser.a", &env), End::Value(json!(2)));
    assert_eq!(eval("len(keys(jcUser))", &env), End::Value(json!(1)));
    // In a map literal the first wins, as in the reference.
    assert_eq!(value("{a: 1, a: 2}.a"), json!(1));
}

#[test]
fn invalid_json_input_is_refused_by_the_json_reader() {
    assert!(serde_json::from_slice::<Json>(b"{\"a\": \"\xff\"}").is_err());
    assert!(serde_json::from_str::<Json>(r#"{"a": "\ud800"}"#).is_err());
    assert_eq!(
        value(r#"fromJSON('{"a": "\ud800"}').a"#),
        json!("\u{fffd}"),
        "fromJSON follows Go: a lone surrogate becomes U+FFFD"
    );
}

#[test]
fn from_json_depth_and_size() {
    let deep = format!("fromJSON('{}1{}')", "[".repeat(10_000), "]".repeat(10_000));
    let (code, message) = run_error(&deep);
    assert_eq!(code, Code::Runtime);
    assert!(message.contains("exceeded max depth"), "{message}");
    let fine = format!("len(fromJSON('{}1{}'))", "[".repeat(400), "]".repeat(400));
    assert_eq!(value(&fine), json!(1));
}

// ---- mapping tables ----

/// Reads and compiles a table, returning the codes of its diagnostics on failure.
fn table(name: &str, text: &str) -> Result<scimap::mapping::CompiledTable, Vec<String>> {
    let text = text.to_string();
    let name = name.to_string();
    small_stack(&name.clone(), move || {
        let table = scimap::mapping::Table::from_text(&name, &text).map_err(|d| {
            d.items
                .iter()
                .map(|i| format!("{}", i.code))
                .collect::<Vec<_>>()
        })?;
        table
            .compile(&Engine::default())
            .map_err(|d| d.items.iter().map(|i| format!("{}", i.code)).collect())
    })
}

#[test]
fn empty_and_blank_table_files_are_errors() {
    // An empty TOML file is a valid TOML document with no rows: the table maps nothing, so its
    // users would lack `userName`. An empty JSON file is not JSON.
    for name in ["empty.toml", "blank.toml"] {
        assert_eq!(
            table(name, "\n \n").err(),
            Some(vec!["M0005".to_string()]),
            "{name}"
        );
    }
    assert_eq!(
        table("empty.json", "").err(),
        Some(vec!["M0006".to_string()])
    );
    assert_eq!(
        table("obj.json", "{}").err(),
        Some(vec!["M0005".to_string()])
    );
}

#[test]
fn nul_and_control_characters_in_a_table() {
    // TOML forbids a raw NUL in a string: the file is invalid, with a diagnostic.
    let raw = "[[user]]\ntarget = \"userName\"\nexpr = \"'\0'\"\n";
    assert_eq!(
        table("nul.toml", raw).err(),
        Some(vec!["M0006".to_string()])
    );
    // Escaped, it is an ordinary character of the expression's string.
    let escaped = "[[user]]\ntarget = \"userName\"\nexpr = \"'a\\u0000b'\"\n";
    let compiled = table("escaped.toml", escaped).expect("compiles");
    let resource = compiled.user_resource(&json!({}), None).expect("maps");
    assert_eq!(resource["userName"], json!("a\u{0}b"));
}

#[test]
fn tables_with_thousands_of_rows_or_terms_end_within_the_bound() {
    let mut text = String::from("[[user]]\ntarget = \"userName\"\npath = \"email\"\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "[[user]]\ntarget = \"urn:example:params:scim:schemas:extension:acme:2.0:User:f{i}\"\nexpr = \"upper(jcUser.email ?? '') + '{i}'\"\n"
        ));
    }
    // Extension attributes outside the known schemas: every row is reported, each with its own
    // diagnostic, at once.
    let codes = table("big.toml", &text).expect_err("unknown extension");
    assert_eq!(codes.len(), 3000, "one diagnostic per row");
    assert!(codes.iter().all(|c| c == "M0001"), "{codes:?}");
    // A row with a long expression (400 terms) maps; at 900 terms it compiles, and evaluation
    // stops at its depth limit with an error for that row.
    let long = |terms: usize| {
        let sum = vec!["jcUser.email"; terms].join(" + ");
        table(
            "long.toml",
            &format!("[[user]]\ntarget = \"userName\"\nexpr = \"{sum}\"\n"),
        )
        .expect("compiles")
    };
    let user = json!({"email": "a@b"});
    let resource = long(400).user_resource(&user, None).expect("maps");
    assert_eq!(resource["userName"].as_str().map(str::len), Some(3 * 400));
    let error = long(900).user_resource(&user, None).expect_err("too deep");
    assert_eq!(error.errors.len(), 1);
    assert_eq!(error.errors[0].diagnostic.code, Code::Limit);
    // Thousands of rows that all write the same target: every duplicate is reported.
    let mut text = String::new();
    for _ in 0..2000 {
        text.push_str("[[user]]\ntarget = \"userName\"\npath = \"email\"\n");
    }
    let codes = table("duplicates.toml", &text).expect_err("duplicates are errors");
    assert_eq!(codes.len(), 1999);
    assert!(codes.iter().all(|c| c == "M0003"), "{codes:?}");
}
