//! The conformance harness: runs every recorded case of the reference implementation
//! (`tests/conformance/*.ndjson`, from github.com/expr-lang/expr, MIT) and compares outcomes.
//!
//! Prints pass/fail counts overall, by file, by tag, and for the cases that call no builtin.
//! Fails when a case fails that is not in `tests/conformance/known-failures.txt`, or when a
//! listed case passes (the list only shrinks). `SCIMAP_UPDATE_KNOWN_FAILURES=1` rewrites the
//! list from the current failures, keeping existing reasons.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value as Json;

const FILES: [&str; 3] = [
    "cases.ndjson",
    "cases-jsonenv-only.ndjson",
    "jumpcloud.ndjson",
];
const KNOWN: &str = "tests/conformance/known-failures.txt";

/// The outcome scimap gave for one case.
enum Outcome {
    Value { kind: String, json: Json },
    CompileError(String),
    RunError(String),
}

struct Case {
    id: String,
    expr: String,
    env: String,
    tags: Vec<String>,
    expected: Json,
}

fn load_cases(dir: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for file in FILES {
        let text = std::fs::read_to_string(dir.join(file)).expect("corpus file");
        for (line, row) in text.lines().enumerate() {
            let row: Json = serde_json::from_str(row).expect("corpus line");
            cases.push(Case {
                id: format!("{file}:{}", line + 1),
                expr: row["expr"].as_str().unwrap_or_default().to_string(),
                env: row["env"].as_str().unwrap_or_default().to_string(),
                tags: row["tags"]
                    .as_array()
                    .map(|t| {
                        t.iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default(),
                expected: row,
            });
        }
    }
    cases
}

fn run(engine: &scimap::Engine, case: &Case, env: &Json) -> Outcome {
    let program = match engine.compile_for_json(&case.expr, env) {
        Ok(program) => program,
        Err(diagnostics) => return Outcome::CompileError(diagnostics.to_string()),
    };
    let result = program.run(env);
    match result {
        Ok(value) => Outcome::Value {
            kind: value.type_name().to_string(),
            json: scimap::value::format::corpus_json(&value),
        },
        Err(error) => Outcome::RunError(error.message().to_string()),
    }
}

/// Whether the outcome matches the reference's; `Err` says how it differs.
fn judge(case: &Case, outcome: &Outcome) -> Result<(), String> {
    let expected = &case.expected;
    if let Some(error) = expected.get("error").and_then(Json::as_str) {
        let phase = expected["phase"].as_str().unwrap_or("run");
        return match (phase, outcome) {
            ("compile", Outcome::CompileError(_)) | ("run", Outcome::RunError(_)) => Ok(()),
            (_, Outcome::Value { json, .. }) => Err(format!(
                "expected {phase} error `{error}`, got value {json}"
            )),
            (_, Outcome::CompileError(message)) => Err(format!(
                "expected run error `{error}`, got compile error `{message}`"
            )),
            (_, Outcome::RunError(message)) => Err(format!(
                "expected compile error `{error}`, got run error `{message}`"
            )),
        };
    }
    let expected_type = expected["type"].as_str().unwrap_or_default();
    match outcome {
        Outcome::Value { kind, json } => {
            if kind != expected_type {
                Err(format!(
                    "expected {expected_type} {}, got {kind} {json}",
                    expected["result"]
                ))
            } else if !scimap::value::format::corpus_equal(&expected["result"], json) {
                Err(format!("expected {}, got {json}", expected["result"]))
            } else {
                Ok(())
            }
        }
        Outcome::CompileError(message) => Err(format!("compile error `{message}`")),
        Outcome::RunError(message) => Err(format!("run error `{message}`")),
    }
}

fn load_known() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(KNOWN).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((id, reason)) => (id.to_string(), reason.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    pass: usize,
    fail: usize,
}

fn main() {
    let dir = Path::new("tests/conformance");
    let cases = load_cases(dir);
    let mut envs: HashMap<String, Json> = HashMap::new();
    for case in &cases {
        envs.entry(case.env.clone()).or_insert_with(|| {
            let text = std::fs::read_to_string(dir.join(format!("env-{}.json", case.env)))
                .expect("env file");
            serde_json::from_str(&text).expect("env json")
        });
    }
    let engine = scimap::Engine::default();
    let known = load_known();
    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    let mut by_file: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_tag: BTreeMap<String, Tally> = BTreeMap::new();
    let mut no_builtin = Tally::default();
    let mut total = Tally::default();
    for case in &cases {
        let outcome = run(&engine, case, &envs[&case.env]);
        let verdict = judge(case, &outcome);
        let passed = verdict.is_ok();
        if let Err(why) = verdict {
            failures.insert(case.id.clone(), format!("{}  => {why}", case.expr));
        }
        let file = case.id.split(':').next().unwrap_or_default();
        let tallies = [by_file.entry(file).or_default(), &mut total];
        for tally in tallies {
            if passed {
                tally.pass += 1
            } else {
                tally.fail += 1
            }
        }
        for tag in &case.tags {
            let tally = by_tag.entry(tag.clone()).or_default();
            if passed {
                tally.pass += 1
            } else {
                tally.fail += 1
            }
        }
        if !case.tags.iter().any(|t| t.starts_with("fn:")) {
            if passed {
                no_builtin.pass += 1
            } else {
                no_builtin.fail += 1
            }
        }
    }
    let mut report = String::new();
    let pct = |t: &Tally| 100.0 * t.pass as f64 / (t.pass + t.fail).max(1) as f64;
    let _ = writeln!(
        report,
        "conformance: {} match, {} differ ({:.2}%)",
        total.pass,
        total.fail,
        pct(&total)
    );
    let _ = writeln!(
        report,
        "  cases calling no builtin: {} match, {} differ ({:.2}%)",
        no_builtin.pass,
        no_builtin.fail,
        pct(&no_builtin)
    );
    for (file, tally) in &by_file {
        let _ = writeln!(
            report,
            "  {file}: {} match, {} differ ({:.2}%)",
            tally.pass,
            tally.fail,
            pct(tally)
        );
    }
    let _ = writeln!(report, "  by tag (failing tags only):");
    for (tag, tally) in by_tag.iter().filter(|(_, t)| t.fail > 0) {
        let _ = writeln!(
            report,
            "    {tag:<24} {:>6} match {:>6} differ",
            tally.pass, tally.fail
        );
    }
    print!("{report}");

    // Every difference, for inspection.
    let dump: String = failures
        .iter()
        .map(|(id, detail)| format!("{id}: {detail}\n"))
        .collect();
    let _ = std::fs::write("target/conformance-failures.txt", dump);

    let unexpected: Vec<_> = failures
        .keys()
        .filter(|id| !known.contains_key(*id))
        .collect();
    let fixed: Vec<_> = known
        .keys()
        .filter(|id| !failures.contains_key(*id))
        .collect();
    if std::env::var_os("SCIMAP_UPDATE_KNOWN_FAILURES").is_some() {
        let mut text = String::from(
            "# Cases scimap does not match yet: `file:line  reason`. This list only shrinks.\n",
        );
        for (id, detail) in &failures {
            let reason = known
                .get(id)
                .cloned()
                .unwrap_or_else(|| format!("unclassified: {detail}"));
            let _ = writeln!(text, "{id}  {}", reason.replace('\n', " "));
        }
        std::fs::write(KNOWN, text).expect("write known failures");
        println!("rewrote {KNOWN} with {} cases", failures.len());
        return;
    }
    for id in unexpected.iter().take(40) {
        println!("NEW FAILURE {id}: {}", failures[*id]);
    }
    for id in fixed.iter().take(40) {
        println!("NOW PASSING (remove from known-failures.txt) {id}");
    }
    if !unexpected.is_empty() || !fixed.is_empty() {
        println!(
            "conformance: {} new failures, {} listed cases now pass",
            unexpected.len(),
            fixed.len()
        );
        std::process::exit(1);
    }
    println!(
        "conformance: {} of {} cases match the reference; the other {} are listed in {KNOWN}",
        total.pass,
        total.pass + total.fail,
        total.fail
    );
}
