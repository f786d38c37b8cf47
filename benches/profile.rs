//! A loop to profile, not a benchmark: maps one sample user through the Namely table many
//! times, with no timing machinery around it, so that a profiler's report shows only the work.
//!
//! ```text
//! cargo bench --bench profile --no-run        # prints the binary's path
//! valgrind --tool=callgrind <binary> scimap john 2000
//! perf record -g <binary> end_to_end zoe 200000
//! ```
//!
//! Modes: `scimap`, `hand_written` (one resource), `scimap_line`, `hand_written_line` (NDJSON
//! in, JSON out), `compile` (the whole table). Instruction counts (callgrind) are stable on a
//! busy machine where times are not.

#[path = "support/namely.rs"]
mod namely;

use std::hint::black_box;

fn main() {
    // `cargo bench` passes `--bench`; skip flags.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let mode = args.first().map_or("scimap", String::as_str);
    let user = args.get(1).map_or("john", String::as_str);
    let times: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1000);

    let managers = namely::managers();
    let table = namely::scimap_table(&managers);
    let document = namely::sample(user);
    let jc_user = &document["jcUser"];
    let provider = namely::provider_of(&document);
    let line = namely::sample_line(user);
    let mut out = Vec::with_capacity(4096);
    let text = scimap::mapping::builtin::table("namely")
        .expect("built-in")
        .text;
    let engine = scimap::Engine::default();
    for _ in 0..times {
        out.clear();
        match mode {
            "scimap" => drop(black_box(table.user_resource(black_box(jc_user), provider))),
            "hand_written" => drop(black_box(namely::namely(
                black_box(jc_user),
                provider,
                &managers,
            ))),
            "scimap_line" => namely::scimap_line(black_box(&line), &table, &mut out),
            "hand_written_line" => namely::hand_written_line(black_box(&line), &managers, &mut out),
            "compile" => drop(black_box(
                scimap::mapping::Table::from_toml("namely.toml", black_box(text))
                    .and_then(|t| t.compile(&engine)),
            )),
            other => panic!("unknown mode {other}"),
        }
    }
    black_box(&out);
}
