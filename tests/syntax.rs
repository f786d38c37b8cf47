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
