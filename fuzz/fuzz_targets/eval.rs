//! An expression and a JSON environment: compiling (untyped, and typed against the
//! environment) and evaluating with the default limits never panics, and a typed program gives
//! the same result on a second run.
//!
//! Input layout: the expression's bytes, then optionally a NUL and bytes from which
//! `arbitrary` builds the environment (a base environment from the conformance corpus, chosen
//! by the first byte, plus up to four generated variables). Seeds are plain expressions.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value as Json};

const BASES: [&str; 3] = [
    include_str!("../../tests/conformance/env-fuzz.json"),
    include_str!("../../tests/conformance/env-gen.json"),
    include_str!("../../tests/conformance/env-jc_full.json"),
];

const NAMES: [&str; 8] = ["ok", "i", "f64", "array", "foo", "s", "jcUser", "m"];

fn json(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Json> {
    let choice = if depth >= 4 { u.int_in_range(0..=4)? } else { u.int_in_range(0..=6)? };
    Ok(match choice {
        0 => Json::Null,
        1 => Json::Bool(bool::arbitrary(u)?),
        2 => Json::from(i64::arbitrary(u)?),
        3 => serde_json::Number::from_f64(f64::arbitrary(u)?).map_or(Json::Null, Json::Number),
        4 => Json::String(String::arbitrary(u)?),
        5 => {
            let len = u.int_in_range(0..=4)?;
            Json::Array((0..len).map(|_| json(u, depth + 1)).collect::<Result<_, _>>()?)
        }
        _ => {
            let len = u.int_in_range(0..=4)?;
            let mut map = Map::new();
            for _ in 0..len {
                map.insert(String::arbitrary(u)?, json(u, depth + 1)?);
            }
            Json::Object(map)
        }
    })
}

fn environment(bytes: &[u8]) -> Json {
    let mut u = Unstructured::new(bytes);
    let base = BASES[usize::from(u8::arbitrary(&mut u).unwrap_or(0)) % BASES.len()];
    let mut env: Json = serde_json::from_str(base).unwrap_or_default();
    if let Json::Object(map) = &mut env {
        for _ in 0..u.int_in_range(0..=4).unwrap_or(0) {
            let Ok(name) = u.choose(&NAMES) else { break };
            let Ok(value) = json(&mut u, 0) else { break };
            map.insert((*name).to_string(), value);
        }
    }
    env
}

fuzz_target!(|data: &[u8]| {
    let (expr, rest) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let Ok(source) = std::str::from_utf8(expr) else {
        return;
    };
    let env = environment(rest);
    let engine = scimap::Engine::default();
    if let Ok(program) = engine.compile(source) {
        let _ = program.run(&env).map(|value| value.to_json());
    }
    if let Ok(program) = engine.compile_for_json(source, &env) {
        let first = program.run(&env).map(|value| value.to_json());
        let second = program.run(&env).map(|value| value.to_json());
        // `now()` differs between runs; everything else must not.
        if !source.contains("now") && !source.contains("date") {
            match (&first, &second) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{source:?}"),
                (Err(a), Err(b)) => assert_eq!(a.message(), b.message(), "{source:?}"),
                _ => panic!("{source:?}: {first:?} then {second:?}"),
            }
        }
    }
});

