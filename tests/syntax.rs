//! Syntax: the reference's parse quirks as named cases, the print/parse round trip, and the
//! corpus of expressions the reference parses (or rejects).

use scimap::syntax::{parse, print};

/// `SCIMAP_EXPR='...' cargo test --test syntax explore -- --ignored --nocapture`
#[test]
#[ignore]
fn explore() {
    let source = std::env::var("SCIMAP_EXPR").unwrap_or_default();
    for line in source.split('\n') {
        match parse(line) {
            Ok(ast) => println!("{line}\n  => {ast:?}\n  print: {}", print(&ast)),
            Err(e) => println!(
                "{line}\n  !! {}",
                scimap::diagnostic::render_plain(&e).replace('\n', "\n     ")
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Corpus: every expression the reference parses must parse, every parse error must be rejected,
// and every parsed expression must survive print → parse.

/// Messages of the reference's lexer and parser (spec 6.6): a compile error with one of these
/// means the expression does not parse.
const PARSE_ERRORS: &[&str] = &[
    "unexpected token",
    "unrecognized character",
    "literal not terminated",
    "invalid char escape",
    "bad number syntax",
    "cannot be mixed",
    "expected at least",
    "wrap predicate",
    "a map key must be",
    "expected name",
    "invalid hex literal",
    "invalid float literal",
    "invalid binary literal",
    "invalid octal literal",
    "invalid integer literal",
    "unclosed comment",
    "unable to unescape",
    "maximum allowed nodes",
];

#[derive(Default, Debug)]
struct CorpusReport {
    should_parse: usize,
    parsed: usize,
    should_reject: usize,
    rejected: usize,
    round_trips: usize,
    failures: Vec<String>,
}

fn check_corpus(dir: &std::path::Path) -> Option<CorpusReport> {
    let mut report = CorpusReport::default();
    let mut seen = std::collections::HashSet::new();
    for file in [
        "cases.ndjson",
        "cases-jsonenv-only.ndjson",
        "jumpcloud.ndjson",
    ] {
        let text = std::fs::read_to_string(dir.join(file)).ok()?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let case: serde_json::Value = serde_json::from_str(line).expect("corpus line is JSON");
            let source = case["expr"].as_str().unwrap_or_default().to_string();
            if !seen.insert(source.clone()) {
                continue;
            }
            let parse_error = case["phase"] == "compile"
                && case["error"]
                    .as_str()
                    .is_some_and(|e| PARSE_ERRORS.iter().any(|p| e.contains(p)));
            match (parse_error, parse(&source)) {
                (false, Ok(ast)) => {
                    report.should_parse += 1;
                    report.parsed += 1;
                    let printed = print(&ast);
                    match parse(&printed) {
                        Ok(again) if again == ast => report.round_trips += 1,
                        Ok(_) => report.failures.push(format!(
                            "round trip changed: {source}\n   printed: {printed}"
                        )),
                        Err(e) => report.failures.push(format!(
                            "printed does not parse: {source}\n   printed: {printed}\n   {e}"
                        )),
                    }
                }
                (false, Err(e)) => {
                    report.should_parse += 1;
                    report
                        .failures
                        .push(format!("should parse: {source}\n   {e}"));
                }
                (true, Err(_)) => {
                    report.should_reject += 1;
                    report.rejected += 1;
                }
                (true, Ok(_)) => {
                    report.should_reject += 1;
                    report.failures.push(format!(
                        "should be rejected: {source}\n   Go: {}",
                        case["error"]
                    ));
                }
            }
        }
    }
    Some(report)
}

fn assert_corpus(dir: &std::path::Path) {
    let Some(report) = check_corpus(dir) else {
        println!("note: no corpus in {}; skipped", dir.display());
        return;
    };
    println!(
        "parsed {}/{}, rejected {}/{}, round trips {}/{}",
        report.parsed,
        report.should_parse,
        report.rejected,
        report.should_reject,
        report.round_trips,
        report.parsed
    );
    for failure in report.failures.iter().take(60) {
        println!("{failure}");
    }
    assert!(
        report.failures.is_empty(),
        "{} corpus failures",
        report.failures.len()
    );
}

#[test]
fn corpus_vendored() {
    assert_corpus(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance"));
}

/// Measures against the shared corpus (outside the repository).
#[test]
#[ignore]
fn corpus_shared() {
    assert_corpus(std::path::Path::new("/work/shared/conformance"));
}

// ---------------------------------------------------------------------------------------------
// Named cases: the reference's parse quirks (spec sections 1 and 2).

use scimap::diagnostic::Code;
use scimap::syntax::{ConditionalForm, Expr, ExprKind};

/// A compact S-expression of the tree, to state expected shapes in one line.
fn shape(expr: &Expr) -> String {
    use ExprKind::*;
    let list = |items: &[Expr]| items.iter().map(shape).collect::<Vec<_>>().join(" ");
    match &expr.kind {
        Nil => "nil".into(),
        Bool(b) => b.to_string(),
        Int(i) => i.to_string(),
        Float(f) => format!("{f:?}"),
        Str(s) => format!("{s:?}"),
        Bytes(b) => format!("b{b:?}"),
        Ident(name) => name.clone(),
        Pointer(scimap::syntax::Pointer::Element) => "#".into(),
        Pointer(scimap::syntax::Pointer::Index) => "#index".into(),
        Pointer(scimap::syntax::Pointer::Acc) => "#acc".into(),
        Pointer(scimap::syntax::Pointer::Other(name)) => format!("#{name}?"),
        Array(items) => format!("[{}]", list(items)),
        Map(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", shape(k), shape(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Unary { op, operand } => format!("({} {})", op.symbol(), shape(operand)),
        Binary { op, left, right } => {
            format!("({} {} {})", op.symbol(), shape(left), shape(right))
        }
        Field {
            base,
            name,
            optional,
        } => format!(
            "({} {} {name})",
            if *optional { "?." } else { "." },
            shape(base)
        ),
        Index {
            base,
            index,
            optional,
        } => format!(
            "({} {} {})",
            if *optional { "?.[]" } else { "[]" },
            shape(base),
            shape(index)
        ),
        Slice { base, from, to } => format!(
            "([:] {} {} {})",
            shape(base),
            from.as_deref().map_or("_".into(), shape),
            to.as_deref().map_or("_".into(), shape)
        ),
        Call {
            callee,
            args,
            force_builtin,
        } => {
            let call = if *force_builtin { "::call" } else { "call" };
            if args.is_empty() {
                format!("({call} {})", shape(callee))
            } else {
                format!("({call} {} {})", shape(callee), list(args))
            }
        }
        Predicate(body) => format!("{{{}}}", shape(body)),
        Conditional {
            cond,
            then,
            otherwise,
            form,
        } => match form {
            ConditionalForm::Ternary => {
                format!("(? {} {} {})", shape(cond), shape(then), shape(otherwise))
            }
            ConditionalForm::Elvis => format!("(?: {} {})", shape(cond), shape(otherwise)),
            ConditionalForm::If => {
                format!("(if {} {} {})", shape(cond), shape(then), shape(otherwise))
            }
        },
        Let {
            name, value, body, ..
        } => format!("(let {name} {} {})", shape(value), shape(body)),
        Sequence(items) => format!("(; {})", list(items)),
        Chain(inner) => format!("(chain {})", shape(inner)),
    }
}

/// Parses, checks the shape, and checks that printing round-trips.
#[track_caller]
fn parses_as(source: &str, expected: &str) {
    let ast = match parse(source) {
        Ok(ast) => ast,
        Err(e) => panic!("{source:?} should parse: {e}"),
    };
    assert_eq!(shape(&ast), expected, "shape of {source:?}");
    let printed = print(&ast);
    assert_eq!(
        parse(&printed).ok().as_ref(),
        Some(&ast),
        "round trip of {source:?} via {printed:?}"
    );
}

/// Fails with `message` at the byte span `at` (`start..end`).
#[track_caller]
fn fails(source: &str, message: &str, at: std::ops::Range<usize>) -> Code {
    let diagnostics = match parse(source) {
        Ok(ast) => panic!("{source:?} should fail, parsed as {}", shape(&ast)),
        Err(d) => d,
    };
    let first = diagnostics.first_error().expect("an error");
    assert_eq!(first.message, message, "message for {source:?}");
    let span = first.span.expect("a span");
    assert_eq!(span.range(), at, "span for {source:?}");
    first.code
}

#[test]
fn precedence_table() {
    parses_as("1 + 2 * 3", "(+ 1 (* 2 3))");
    parses_as("1 * 2 + 3", "(+ (* 1 2) 3)");
    parses_as("a or b and c", "(|| a (&& b c))");
    parses_as("a || b && c == d", "(|| a (&& b (== c d)))");
    parses_as("1 + 2 .. 3 + 1", "(.. (+ 1 2) (+ 3 1))");
    parses_as("1 - 2 - 3", "(- (- 1 2) 3)");
    parses_as("8 / 4 % 3", "(% (/ 8 4) 3)");
    parses_as("a == b != c", "(!= (== a b) c)");
}

#[test]
fn power_is_right_associative_and_binds_tighter_than_unary_minus() {
    parses_as("2 ** 3 ** 2", "(** 2 (** 3 2))");
    parses_as("2 ^ 3 ^ 2", "(** 2 (** 3 2))");
    parses_as("-2 ** 2", "(- (** 2 2))");
    parses_as("-i ** 2", "(- (** i 2))");
    parses_as("-a * b", "(* (- a) b)");
    parses_as("- -a", "(- (- a))");
    parses_as("+a", "(+ a)");
}

#[test]
fn not_binds_looser_than_arithmetic() {
    parses_as("not a == b", "(== (! a) b)");
    parses_as("!a == b", "(== (! a) b)");
    parses_as("not 1 in [2]", "(in (! 1) [2])");
    parses_as("!a * b", "(! (* a b))");
    parses_as("!!ok", "(! (! ok))");
    parses_as("a and not b in c", "(&& a (in (! b) c))");
}

#[test]
fn coalesce_binds_tightest() {
    parses_as("-n ?? 1", "(- (?? n 1))");
    parses_as("1 + n ?? 2", "(+ 1 (?? n 2))");
    parses_as("2 ** n ?? 3", "(** 2 (?? n 3))");
    parses_as("a ?? b ?? c", "(?? (?? a b) c)");
    parses_as("!n ?? true", "(! (?? n true))");
}

#[test]
fn coalesce_cannot_be_mixed() {
    let mixed =
        "Operator (+) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.";
    assert_eq!(fails("n ?? 2 + 1", mixed, 7..8), Code::CoalesceMix);
    parses_as("1 + n ?? 2 + 3", "(+ (+ 1 (?? n 2)) 3)");
    fails(
        "1 + n ?? 2 * 3",
        "Operator (*) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.",
        11..12,
    );
    fails(
        "a ?? b not in c",
        "Operator (in) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.",
        11..13,
    );
    parses_as("n ?? 2 | string()", "(call string (?? n 2))");
    parses_as("n ?? true ? 1 : 2", "(? (?? n true) 1 2)");
    parses_as("(a ?? b) + c", "(+ (?? a b) c)");
    parses_as("a ?? (b + c)", "(?? a (+ b c))");
}

#[test]
fn relational_operators_chain() {
    parses_as("a < b < c", "(&& (< a b) (< b c))");
    parses_as("a < b <= c > d", "(&& (&& (< a b) (<= b c)) (> c d))");
    parses_as("3 > 2 < 4", "(&& (> 3 2) (< 2 4))");
    parses_as("1 == 1 == true", "(== (== 1 1) true)");
    parses_as("1 < 2 == true", "(== (< 1 2) true)");
    parses_as("a < b + 1 < c", "(&& (< a (+ b 1)) (< (+ b 1) c))");
}

#[test]
fn not_forms_and_push_back() {
    parses_as("a not in b", "(not in a b)");
    parses_as("a not matches b", "(not matches a b)");
    parses_as("a not contains b", "(not contains a b)");
    parses_as("a not startsWith b", "(not startsWith a b)");
    parses_as("a not endsWith b", "(not endsWith a b)");
    parses_as("1 + 2 not in [3]", "(not in (+ 1 2) [3])");
    parses_as("a not /* c */ in b", "(not in a b)");
    parses_as("a in b or c", "(|| (in a b) c)");
    fails("a not b", "unexpected token Identifier(\"b\")", 6..7);
}

#[test]
fn operator_words_are_member_names() {
    parses_as("a.in", "(. a in)");
    parses_as("{\"in\": 1}.in", "(. {\"in\": 1} in)");
    parses_as("a.not", "(. a not)");
    parses_as("a.not in b", "(in (. a not) b)");
    parses_as(
        "a.if + a.let + a.true",
        "(+ (+ (. a if) (. a let)) (. a true))",
    );
    parses_as("a.matches(1)", "(call (. a matches) 1)");
    fails("jcUser.(", "expected name", 7..8);
    fails("a.", "expected name", 1..2);
}

#[test]
fn literals_true_false_nil() {
    parses_as("let true = 1; true", "(let true 1 true)");
    parses_as("[true, false, nil]", "[true false nil]");
    parses_as("True", "True");
    parses_as("trueish", "trueish");
    fails("true.x", "unexpected token Operator(\".\")", 4..5);
    fails("nil?.x", "unexpected token Operator(\"?.\")", 3..5);
    fails("1[0]", "unexpected token Bracket(\"[\")", 1..2);
    // After a prefix operator, postfix operators apply to the unary node (Go quirk).
    parses_as("-1 .x", "(. (- 1) x)");
}

#[test]
fn map_keys() {
    parses_as(
        "{0x10: 1, 1.5: 2, a: 3, \"s\": 4, (k): 5}",
        "{\"0x10\": 1, \"1.5\": 2, \"a\": 3, \"s\": 4, k: 5}",
    );
    parses_as(
        "{true: 1, nil: 2, `raw`: 3}",
        "{\"true\": 1, \"nil\": 2, \"raw\": 3}",
    );
    parses_as("{1_0: 1}", "{\"1_0\": 1}");
    parses_as("{a: 1, a: 2}", "{\"a\": 1, \"a\": 2}");
    parses_as("{a: 1,}", "{\"a\": 1}");
    parses_as("{}", "{}");
    parses_as("{(a) + b: 1}", "{(+ a b): 1}");
    let key = "a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses";
    fails(
        "{in: 1}",
        &format!("{key} (unexpected token Operator(\"in\"))"),
        1..3,
    );
    fails(
        "{-1: 1}",
        &format!("{key} (unexpected token Operator(\"-\"))"),
        1..2,
    );
    fails(
        "{[1]: 1}",
        &format!("{key} (unexpected token Bracket(\"[\"))"),
        1..2,
    );
    fails("{a}", "unexpected token Bracket(\"}\")", 2..3);
    fails("{a: 1,,}", "unexpected token Operator(\",\")", 6..7);
}

#[test]
fn number_literals() {
    parses_as("0x2A + 0o52 + 0b101010", "(+ (+ 42 42) 42)");
    parses_as("1_000 + 0x_1F + 1_ + 1__0", "(+ (+ (+ 1000 31) 1) 10)");
    parses_as("052 + 09", "(+ 52 9)");
    parses_as(
        "[.5, 1., 1e3, 1.e3, .5e1, 1e-400]",
        "[0.5 1.0 1000.0 1000.0 5.0 0.0]",
    );
    parses_as("0x1e3", "483");
    parses_as("1..3", "(.. 1 3)");
    parses_as("1...3", "(.. 1 0.3)");
    parses_as("9223372036854775807", "9223372036854775807");
    parses_as("-9223372036854775807 - 1", "(- (- 9223372036854775807) 1)");
    let code = fails(
        "9223372036854775808 + 1",
        "invalid integer literal: strconv.ParseInt: parsing \"9223372036854775808\": value out of range",
        20..21,
    );
    assert_eq!(code, Code::NumberLiteral);
    fails(
        "0x8000000000000000",
        "invalid hex literal: strconv.ParseInt: parsing \"0x8000000000000000\": value out of range",
        17..18,
    );
    fails(
        "1.e",
        "invalid float literal: strconv.ParseFloat: parsing \"1.e\": invalid syntax",
        2..3,
    );
    fails(
        "1e400",
        "invalid float literal: strconv.ParseFloat: parsing \"1e400\": value out of range",
        4..5,
    );
    fails(
        "0b",
        "invalid binary literal: strconv.ParseInt: parsing \"0b\": invalid syntax",
        1..2,
    );
    fails("1abc", "bad number syntax: \"1a\"", 1..2);
    fails("0b2", "bad number syntax: \"0b2\"", 2..3);
    fails("0x1p3", "bad number syntax: \"0x1p\"", 3..4);
    fails("1.x", "bad number syntax: \"1.x\"", 2..3);
    fails("a.0", "unexpected token Number(\".0\")", 1..3);
}

#[test]
fn string_escapes() {
    parses_as(r#""\x41\101\u0041\U00000041\u{41}""#, "\"AAAAA\"");
    parses_as(r#""\xff" == "ÿ""#, "(== \"ÿ\" \"ÿ\")");
    parses_as(r#""\uD800""#, "\"\u{fffd}\"");
    parses_as(r#""\u{1F600}""#, "\"😀\"");
    parses_as(
        r#""\a\b\f\n\r\t\v\\\"""#,
        "\"\\u{7}\\u{8}\\u{c}\\n\\r\\t\\u{b}\\\\\\\"\"",
    );
    parses_as(r"'\''", "\"'\"");
    parses_as("'a\rb'", "\"a\\nb\"");
    parses_as("`a``b`", "\"a`b\"");
    parses_as("`line\nbreak \\n`", "\"line\\nbreak \\\\n\"");
    parses_as(r#"b"\xff\101ÿ""#, "b[255, 65, 195, 191]");
    parses_as("B'ab'", "b[97, 98]");
    fails(r#""\'""#, "invalid char escape", 2..3);
    fails(r#""\q""#, "invalid char escape", 2..3);
    fails(r#""\0""#, "invalid char escape", 3..4);
    fails(r#""\x4g""#, "invalid char escape", 4..5);
    fails(r#""\u{}""#, "invalid char escape", 4..5);
    fails(r#""\400""#, "unable to unescape string", 5..6);
    fails(r#""\U00110000""#, "unable to unescape string", 11..12);
    fails(r#"b"\u0041""#, "unable to unescape string", 8..9);
    fails("\"ab\ncd\"", "literal not terminated", 3..4);
    fails("\"abc", "literal not terminated", 4..4);
    fails("`abc", "literal not terminated", 4..4);
    fails("\"\\", "invalid char escape", 2..2);
    fails("'it''s'", "unexpected token String(\"s\")", 4..7);
}

#[test]
fn comments_and_whitespace() {
    parses_as("1 /* c */ + // x\n 2", "(+ 1 2)");
    parses_as("1\u{a0}+\u{2003}2", "(+ 1 2)");
    assert_eq!(fails("/* x", "unclosed comment", 4..4), Code::Lexical);
    fails("// only", "unexpected token EOF", 6..7);
    fails("", "unexpected token EOF", 0..0);
    fails("   ", "unexpected token EOF", 2..3);
}

#[test]
fn identifiers() {
    parses_as(
        "$x + a$b + é + _x + $env",
        "(+ (+ (+ (+ $x a$b) é) _x) $env)",
    );
    parses_as(
        "$env.x + $env?.[\"y\"]",
        "(+ (. $env x) (chain (?.[] $env \"y\")))",
    );
    let code = fails("√", "unrecognized character: U+221A '√'", 0..3);
    assert_eq!(code, Code::Lexical);
    fails("a @ b", "unrecognized character: U+0040 '@'", 2..3);
    fails("let if = 1; 2", "unexpected token Operator(\"if\")", 4..6);
}

#[test]
fn optional_chains() {
    parses_as("a?.b", "(chain (?. a b))");
    parses_as("a.b?.c.d", "(chain (. (?. (. a b) c) d))");
    parses_as("a?.b?.c", "(chain (?. (?. a b) c))");
    parses_as("a?.b()", "(chain (call (?. a b)))");
    parses_as("a?.b().c", "(chain (. (call (?. a b)) c))");
    parses_as("a?.[0]", "(chain (?.[] a 0))");
    parses_as("a?.b?.[0]", "(chain (?.[] (chain (?. a b)) 0))");
    // An index or a slice ends the chain, as in Go's parser.
    parses_as("a?.b[0]", "([] (chain (?. a b)) 0)");
    parses_as("a?.b[0].c", "(. ([] (chain (?. a b)) 0) c)");
    parses_as("a?.[1:2]", "([:] a 1 2)");
    // Member steps continue a chain even across parentheses (Go unwraps the chain node).
    parses_as("(a?.b).c", "(chain (. (?. a b) c))");
    fails("true ?.5 : 1", "unexpected token Operator(\"?.\")", 5..7);
    fails("[b ?.5 : 1]", "expected name", 5..6);
    fails("a?.(1)", "expected name", 3..4);
}

#[test]
fn indexes_slices_and_calls() {
    parses_as("a[1:2]", "([:] a 1 2)");
    parses_as("a[:2]", "([:] a _ 2)");
    parses_as("a[1:]", "([:] a 1 _)");
    parses_as("a[:]", "([:] a _ _)");
    parses_as("\"abc\"[0]", "([] \"abc\" 0)");
    parses_as("f(1,)", "(call f 1)");
    parses_as("f()", "(call f)");
    parses_as("::len(\"abc\")", "(::call len \"abc\")");
    parses_as("a.b(1, 2)", "(call (. a b) 1 2)");
    parses_as("[1, 2,]", "[1 2]");
    fails("f(,)", "unexpected token Operator(\",\")", 2..3);
    fails("f(1,,)", "unexpected token Operator(\",\")", 4..5);
    fails("[1,,2]", "unexpected token Operator(\",\")", 3..4);
    fails("f(1)(2)", "unexpected token Bracket(\"(\")", 4..5);
}

#[test]
fn pipes() {
    parses_as("s | upper()", "(call upper s)");
    parses_as("s | replace(\"a\", \"b\")", "(call replace s \"a\" \"b\")");
    parses_as("\"x\" + s | upper()", "(call upper (+ \"x\" s))");
    parses_as("s | upper() + \"!\"", "(+ (call upper s) \"!\")");
    parses_as(
        "arr | len() > 3 ? \"big\" : \"small\"",
        "(? (> (call len arr) 3) \"big\" \"small\")",
    );
    parses_as("arr | filter(# > 2)", "(call filter arr {(> # 2)})");
    parses_as(
        "arr | filter(# > 2) | map(.a)",
        "(call map (call filter arr {(> # 2)}) {(. # a)})",
    );
    parses_as("arr | count()", "(call count arr)");
    parses_as(
        "arr | sortBy(.x, \"desc\")",
        "(call sortBy arr {(. # x)} \"desc\")",
    );
    fails("arr | map()", "expected at least 1 arguments", 10..11);
    fails("s | upper", "unexpected token EOF", 8..9);
    fails("s | ::upper()", "unexpected token Operator(\"::\")", 4..6);
}

#[test]
fn predicates() {
    parses_as("map(a, # * 2)", "(call map a {(* # 2)})");
    parses_as("map(a, {# * 2})", "(call map a {(* # 2)})");
    parses_as("map(a, {#; 1})", "(call map a {(; # 1)})");
    parses_as("map(a, {{a: #}})", "(call map a {{\"a\": #}})");
    parses_as("map(a, .x)", "(call map a {(. # x)})");
    parses_as("map(a, #.x?.y)", "(call map a {(chain (?. (. # x) y))})");
    parses_as(
        "map(a, #index + # index)",
        "(call map a {(+ #index #index)})",
    );
    parses_as("reduce(a, #acc + #, 0)", "(call reduce a {(+ #acc #)} 0)");
    parses_as("map(a, #foo)", "(call map a {#foo?})");
    parses_as("count(a)", "(call count a)");
    parses_as("count(a, #)", "(call count a {#})");
    parses_as(
        "sortBy(a, .x, \"desc\",)",
        "(call sortBy a {(. # x)} \"desc\")",
    );
    parses_as("map(a, #,)", "(call map a {#})");
    parses_as("::map(a, #)", "(::call map a {#})");
    parses_as("filter(a, f(#))", "(call filter a {(call f #)})");
    parses_as(
        "map(1..3, {let o = #index; map(1..2, o)})",
        "(call map (.. 1 3) {(let o #index (call map (.. 1 2) {o}))})",
    );
    parses_as("map", "map");
    parses_as("a.map(b)", "(call (. a map) b)");
    fails("map(arr)", "expected at least 2 arguments", 7..8);
    fails("sortBy(arr)", "expected at least 3 arguments", 10..11);
    assert_eq!(
        fails("map()", "expected at least 2 arguments", 4..5),
        Code::PredicateSyntax
    );
    fails("map(a,)", "unexpected token Bracket(\")\")", 6..7);
    fails("count(a,)", "unexpected token Bracket(\")\")", 8..9);
    fails("sortBy(a, #,)", "unexpected token Bracket(\")\")", 12..13);
    fails("map(a, #, b)", "unexpected token Identifier(\"b\")", 10..11);
    fails("map(,)", "unexpected token Operator(\",\")", 4..5);
    let code = fails("map(a, #; 1)", "wrap predicate with brackets { and }", 8..9);
    assert_eq!(code, Code::PredicateSyntax);
    fails(
        "map(arr, {a: #})",
        "unexpected token Operator(\":\")",
        11..12,
    );
    fails("# > 1", "unexpected token Operator(\"#\")", 0..1);
    fails(".x", "unexpected token Operator(\".\")", 0..1);
    fails("f(#)", "unexpected token Operator(\"#\")", 2..3);
    fails("a.map(#)", "unexpected token Operator(\"#\")", 6..7);
}

#[test]
fn if_else_placement() {
    parses_as("if a { 1 } else { 2 }", "(if a 1 2)");
    parses_as("if a {1} else if b {2} else {3}", "(if a 1 (if b 2 3))");
    parses_as(
        "if a { let x = 1; x } else { 2; 3 }",
        "(if a (let x 1 x) (; 2 3))",
    );
    parses_as("(if a {1} else {2}) + \"c\"", "(+ (if a 1 2) \"c\")");
    parses_as("[if a {1} else {2}]", "[(if a 1 2)]");
    parses_as("f(if a {1} else {2}, 3)", "(call f (if a 1 2) 3)");
    parses_as("if a {1} else {2}; 3", "(; (if a 1 2) 3)");
    parses_as("c ? if a {1} else {2} : 3", "(? c (if a 1 2) 3)");
    parses_as("let x = if a {1} else {2}; x", "(let x (if a 1 2) x)");
    fails("if true { 1 }", "unexpected token EOF", 12..13);
    fails(
        "1 + if a {1} else {2}",
        "unexpected token Operator(\"if\")",
        4..6,
    );
    fails(
        "if a {1} else {2} + \"c\"",
        "unexpected token Operator(\"+\")",
        18..19,
    );
    fails(
        "if a {1} else {2} ? 3 : 4",
        "unexpected token Operator(\"?\")",
        18..19,
    );
    fails("if a {} else {2}", "unexpected token Bracket(\"}\")", 6..7);
}

#[test]
fn let_and_sequences() {
    parses_as("let x = 1; x", "(let x 1 x)");
    parses_as("let x = 1; x;", "(let x 1 x)");
    parses_as("1; 2;", "(; 1 2)");
    parses_as("1; let x = 2; x; 3", "(; 1 (let x 2 (; x 3)))");
    parses_as("(let x = 2; x * 3)", "(let x 2 (* x 3))");
    parses_as(
        "let $y = 1; let é = 2; $y + é",
        "(let $y 1 (let é 2 (+ $y é)))",
    );
    fails("let x = 1;", "unexpected token EOF", 9..10);
    fails(
        "let x = 1; x = 2",
        "unexpected token Operator(\"=\")",
        13..14,
    );
    fails("let x == 1; x", "unexpected token Operator(\"==\")", 6..8);
    fails(";", "unexpected token Operator(\";\")", 0..1);
    fails("(1;)", "unexpected token Bracket(\")\")", 3..4);
    fails("1;;", "unexpected token Operator(\";\")", 2..3);
    fails(
        "1 + let x = 1; x",
        "unexpected token Operator(\"let\")",
        4..7,
    );
}

#[test]
fn ternaries() {
    parses_as("false ? 1 : true ? 2 : 3", "(? false 1 (? true 2 3))");
    parses_as("true ? false ? 1 : 2 : 3", "(? true (? false 1 2) 3)");
    parses_as("a ? b : c ? d : e", "(? a b (? c d e))");
    parses_as("b ?: 5", "(?: b 5)");
    parses_as("a ?: b ?: c", "(?: a (?: b c))");
    parses_as("c ? .5 : 1", "(? c 0.5 1)");
    let ast = parse("x + 1 ?: 2").unwrap();
    let ExprKind::Conditional {
        cond, then, form, ..
    } = &ast.kind
    else {
        panic!("not a conditional")
    };
    assert_eq!((cond, form), (then, &ConditionalForm::Elvis));
}

#[test]
fn spans_are_bytes() {
    let ast = parse("é + f(ü)").unwrap();
    assert_eq!(ast.span.range(), 0..10);
    let ExprKind::Binary { left, right, .. } = &ast.kind else {
        panic!("not binary")
    };
    assert_eq!(left.span.range(), 0..2);
    assert_eq!(right.span.range(), 5..10);
    fails("é +", "unexpected token EOF", 3..4);
    fails("\"é\" + ü ü", "unexpected token Identifier(\"ü\")", 10..12);
}

#[test]
fn node_limit() {
    let ok = format!("[{}]", vec!["1"; 9_999].join(","));
    assert!(parse(&ok).is_ok());
    let over = format!("[{}]", vec!["1"; 10_000].join(","));
    let diagnostics = parse(&over).unwrap_err();
    let first = diagnostics.first_error().unwrap();
    assert_eq!(
        first.message,
        "compilation failed: expression exceeds maximum allowed nodes"
    );
    assert_eq!(first.code, Code::TooLarge);
}

#[test]
fn hostile_input_is_a_diagnostic_not_a_crash() {
    let too_large = |source: String| {
        let diagnostics = parse(&source).expect_err("rejected");
        assert_eq!(diagnostics.first_error().unwrap().code, Code::TooLarge);
    };
    too_large("(".repeat(10_000) + "1" + &")".repeat(10_000));
    too_large("(".repeat(10_000));
    too_large("[".repeat(100_000));
    too_large("-".repeat(100_000) + "1");
    too_large("a ? b : ".repeat(1_000) + "c");
    too_large(vec!["1"; 5_001].join("+"));
    too_large("a".to_string() + &".b".repeat(3_000));
    too_large("x".repeat(2 << 20));
    // Deep but within the limits: parsed on a thread with enough stack.
    for source in [
        "(".repeat(250) + "1" + &")".repeat(250),
        "a ? b : ".repeat(200) + "c",
        "-".repeat(200) + "1",
        "map(a, ".repeat(100) + "#" + &")".repeat(100),
        (0..200)
            .map(|i| format!("let x{i} = {i}; "))
            .collect::<String>()
            + "1",
    ] {
        let ast = parse(&source).expect("deep but allowed");
        assert_eq!(parse(&print(&ast)).ok(), Some(ast));
    }
}
