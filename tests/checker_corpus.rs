//! The checker against the conformance corpus (recorded from Go expr, typed mode).
//!
//! For every case that parses: the environment is typed with `TypeEnv::from_json` (as the
//! corpus was run) and the expression is checked. Two figures matter:
//! * **false rejections**: the reference compiled it (it succeeded, or failed only at run time)
//!   but the checker reports an error. Must be zero, apart from `tests/checker_known.txt`
//!   (one `env<TAB>expr<TAB>reason` per line), which may only shrink.
//! * **caught**: the reference rejected it at compile time with a checker (not parser) message,
//!   and so does the checker. At least 95% of those in `jumpcloud.ndjson`.
//!
//! The corpus is read from `tests/conformance/` if vendored there, else from
//! `/work/shared/conformance/`; without either the test reports that and passes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use scimap::builtins::Registry;
use scimap::check::check;
use scimap::types::TypeEnv;
use serde_json::Value;

const FILES: &[&str] = &[
    "cases.ndjson",
    "cases-jsonenv-only.ndjson",
    "jumpcloud.ndjson",
];

/// Go's lexer and parser messages: a compile error with one of these is not the checker's.
const PARSER_MESSAGES: &[&str] = &[
    "unexpected token",
    "expected name",
    "invalid integer literal",
    "invalid float literal",
    "invalid hex literal",
    "invalid octal literal",
    "invalid binary literal",
    "unrecognized character",
    "bad number syntax",
    "literal not terminated",
    "unclosed comment",
    "invalid char escape",
    "unable to unescape",
    "Operator (",
    "expected at least",
    "wrap predicate",
    "a map key must be",
    "compilation failed",
];

fn corpus_dir() -> Option<PathBuf> {
    let vendored = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    [vendored, PathBuf::from("/work/shared/conformance")]
        .into_iter()
        .find(|dir| dir.join("jumpcloud.ndjson").exists())
}

#[derive(Default)]
struct Tally {
    cases: usize,
    unparsed: usize,
    accepted_by_go: usize,
    false_rejections: Vec<String>,
    known: usize,
    checker_errors: usize,
    caught: usize,
    missed: Vec<String>,
}

fn known_failures() -> HashMap<(String, String), String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/checker_known.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            let env = parts.next()?.to_string();
            let expr = parts.next()?.replace("\\n", "\n");
            let reason = parts.next().unwrap_or("").to_string();
            Some(((env, expr), reason))
        })
        .collect()
}

#[test]
fn checker_against_the_corpus() {
    let Some(dir) = corpus_dir() else {
        eprintln!("conformance corpus not found; skipping");
        return;
    };
    let registry = Registry::standard();
    let known = known_failures();
    let mut known_seen = HashSet::new();
    let mut envs: HashMap<String, TypeEnv> = HashMap::new();
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for file in FILES {
        let text = std::fs::read_to_string(dir.join(file)).expect("corpus file");
        let tally = tallies.entry(file).or_default();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let case: Value = serde_json::from_str(line).expect("corpus line");
            let source = case["expr"].as_str().unwrap_or_default();
            let env_name = case["env"].as_str().unwrap_or_default().to_string();
            let env = envs.entry(env_name.clone()).or_insert_with(|| {
                let path = dir.join(format!("env-{env_name}.json"));
                let json = std::fs::read_to_string(path).expect("env file");
                TypeEnv::from_json(&serde_json::from_str(&json).expect("env json"))
            });
            tally.cases += 1;
            let Ok(ast) = scimap::syntax::parse(source) else {
                tally.unparsed += 1;
                continue;
            };
            let checked = check(&ast, env, &registry);
            let rejected = checked.has_errors();
            let first = checked
                .diagnostics
                .iter()
                .find(|d| d.is_error())
                .map(|d| d.message.clone())
                .unwrap_or_default();
            let error = case["error"].as_str();
            let compile_error = case["phase"].as_str() == Some("compile");
            match error {
                Some(message) if compile_error => {
                    if PARSER_MESSAGES.iter().any(|p| message.starts_with(p)) {
                        continue;
                    }
                    tally.checker_errors += 1;
                    if rejected {
                        tally.caught += 1;
                    } else {
                        tally
                            .missed
                            .push(format!("[{env_name}] {source}  -- Go: {message}"));
                    }
                }
                _ => {
                    tally.accepted_by_go += 1;
                    if rejected {
                        let key = (env_name.clone(), source.to_string());
                        if known.contains_key(&key) {
                            tally.known += 1;
                            known_seen.insert(key);
                        } else {
                            tally
                                .false_rejections
                                .push(format!("[{env_name}] {source}  -- checker: {first}"));
                        }
                    }
                }
            }
        }
    }

    let mut false_rejections = 0;
    for (file, tally) in &tallies {
        println!(
            "{file}: {} cases ({} not parsed); accepted by Go: {}, falsely rejected: {} (+{} known); \
             checker errors in Go: {}, caught: {} ({:.1}%)",
            tally.cases,
            tally.unparsed,
            tally.accepted_by_go,
            tally.false_rejections.len(),
            tally.known,
            tally.checker_errors,
            tally.caught,
            100.0 * tally.caught as f64 / tally.checker_errors.max(1) as f64,
        );
        for example in tally.false_rejections.iter().take(15) {
            println!("  false rejection: {example}");
        }
        for example in tally.missed.iter().take(15) {
            println!("  missed: {example}");
        }
        false_rejections += tally.false_rejections.len();
    }
    let stale: Vec<_> = known.keys().filter(|k| !known_seen.contains(*k)).collect();
    for (env, expr) in &stale {
        println!("  stale entry in checker_known.txt: [{env}] {expr}");
    }
    assert_eq!(
        false_rejections, 0,
        "the checker rejects programs Go accepts"
    );
    assert!(
        stale.is_empty(),
        "remove fixed entries from checker_known.txt"
    );
    let jumpcloud = &tallies["jumpcloud.ndjson"];
    if jumpcloud.unparsed < jumpcloud.cases {
        assert!(
            jumpcloud.caught * 100 >= jumpcloud.checker_errors * 95,
            "caught {} of {} checker errors in jumpcloud.ndjson",
            jumpcloud.caught,
            jumpcloud.checker_errors
        );
    }
}
