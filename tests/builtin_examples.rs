//! Every builtin's documented examples run as tests: the registry's declarations are what the
//! REPL's `:help` and the docs show, so they must be true.
//!
//! Examples evaluate with John (`tests/data/users/john.json`) as `jcUser`/`providerUser`.

use serde_json::Value as Json;

fn env() -> Json {
    serde_json::from_str(include_str!("data/users/john.json")).expect("john.json")
}

#[test]
fn every_builtin_has_documentation_and_an_example() {
    let engine = scimap::Engine::default();
    let missing: Vec<_> = engine
        .registry()
        .iter()
        .filter(|f| f.doc.trim().is_empty() || f.examples.is_empty())
        .map(|f| f.name.to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "builtins without doc or example: {missing:?}"
    );
}

#[test]
fn every_example_gives_its_documented_result() {
    let engine = scimap::Engine::default().with_clock(std::sync::Arc::new(
        scimap::eval::FixedClock("2024-01-02T03:04:05Z".parse().expect("time")),
    ));
    let env = env();
    let mut failures = Vec::new();
    let mut count = 0;
    for function in engine.registry().iter() {
        for example in function.examples {
            count += 1;
            let outcome = engine
                .compile_for_json(example.expr, &env)
                .map_err(|d| d.to_string())
                .and_then(|program| {
                    program
                        .run(&env)
                        .map(|v| scimap::value::format::corpus_json(&v))
                        .map_err(|e| e.message().to_string())
                });
            let ok = match (example.result.strip_prefix("error:"), &outcome) {
                (Some(wanted), Err(message)) => message.contains(wanted.trim()),
                (None, Ok(value)) => serde_json::from_str::<Json>(example.result)
                    .is_ok_and(|expected| scimap::value::format::corpus_equal(&expected, value)),
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{}: `{}` should give {}, gave {:?}",
                    function.name, example.expr, example.result, outcome
                ));
            }
        }
    }
    assert!(count > 100, "only {count} examples");
    assert!(
        failures.is_empty(),
        "{} of {count} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
