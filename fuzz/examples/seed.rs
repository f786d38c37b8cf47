//! Writes the seed corpora: `cargo run --manifest-path fuzz/Cargo.toml --example seed` (from the
//! repository root) fills `fuzz/corpus/{parse,eval,table}/` with the conformance corpus's
//! expressions and the built-in mapping tables, one file per distinct input. The corpora are not
//! committed; this program is.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = root.join("fuzz/corpus");
    let mut expressions = HashSet::new();
    for entry in fs::read_dir(root.join("tests/conformance"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "ndjson") {
            for line in fs::read_to_string(&path)?.lines() {
                let Ok(case) = serde_json::from_str::<serde_json::Value>(line) else {
                    continue;
                };
                if let Some(expr) = case.get("expr").and_then(|e| e.as_str()) {
                    expressions.insert(expr.to_string());
                }
            }
        }
    }
    let parse = write_all(&corpus.join("parse"), expressions.iter().map(String::as_bytes))?;
    let eval = write_all(&corpus.join("eval"), expressions.iter().map(String::as_bytes))?;
    let mut tables = Vec::new();
    for entry in fs::read_dir(root.join("src/mapping/tables"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml" || e == "json") {
            tables.push(fs::read(&path)?);
        }
    }
    let table = write_all(&corpus.join("table"), tables.iter().map(Vec::as_slice))?;
    println!("seeds: parse {parse}, eval {eval}, table {table}");
    Ok(())
}

fn write_all<'a>(dir: &PathBuf, inputs: impl Iterator<Item = &'a [u8]>) -> std::io::Result<usize> {
    fs::create_dir_all(dir)?;
    let mut count = 0;
    for input in inputs {
        fs::write(dir.join(format!("seed-{:016x}", fnv(input))), input)?;
        count += 1;
    }
    Ok(count)
}

/// FNV-1a: a stable file name per input.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
