//! Parse and evaluation of single mapping expressions, each beside a hand-written Rust version of
//! the same expression over `serde_json::Value` in the same run, so the figure to quote is the
//! ratio. Run: `cargo bench --bench expressions`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use serde_json::Value as Json;

/// The expressions, named, as they appear in JumpCloud connector tables.
const EXPRESSIONS: &[(&str, &str)] = &[
    ("path", "jcUser.email"),
    (
        "display_name",
        "jcUser.displayname != nil && jcUser.displayname != '' ? jcUser.displayname : jcUser.firstname + ' ' + jcUser.lastname",
    ),
    (
        "work_locality",
        "(filter(jcUser.addresses, .type == 'work') ?? [])[0]?.locality ?? ''",
    ),
    ("upper_email", "upper(trim(jcUser.email))"),
];

fn john() -> Json {
    serde_json::from_str(include_str!("../tests/data/users/john.json")).expect("john.json")
}

/// Hand-written equivalents over `serde_json::Value`.
fn hand_written(name: &str, env: &Json) -> Json {
    let user = &env["jcUser"];
    match name {
        "path" => user["email"].clone(),
        "display_name" => match user["displayname"].as_str() {
            Some(d) if !d.is_empty() => Json::from(d),
            _ => Json::from(format!(
                "{} {}",
                user["firstname"].as_str().unwrap_or_default(),
                user["lastname"].as_str().unwrap_or_default()
            )),
        },
        "work_locality" => user["addresses"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["type"] == "work"))
            .and_then(|x| x.get("locality").cloned())
            .unwrap_or_else(|| Json::from("")),
        "upper_email" => Json::from(
            user["email"]
                .as_str()
                .unwrap_or_default()
                .trim()
                .to_uppercase(),
        ),
        _ => Json::Null,
    }
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (name, source) in EXPRESSIONS {
        group.bench_with_input(BenchmarkId::from_parameter(name), source, |b, source| {
            b.iter(|| scimap::syntax::parse(black_box(source)))
        });
    }
    group.finish();
}

fn eval(c: &mut Criterion) {
    let env = john();
    let engine = scimap::Engine::default();
    let mut group = c.benchmark_group("eval");
    for (name, source) in EXPRESSIONS {
        let program = engine.compile(source).expect("compiles");
        group.bench_with_input(BenchmarkId::new("scimap", name), &env, |b, env| {
            b.iter(|| program.run(black_box(env)).map(|v| v.to_json()))
        });
        group.bench_with_input(BenchmarkId::new("hand_written", name), &env, |b, env| {
            b.iter(|| hand_written(name, black_box(env)))
        });
    }
    group.finish();
}

criterion_group!(benches, parse, eval);
criterion_main!(benches);
