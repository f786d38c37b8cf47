//! The Namely table per user, beside a hand-written Rust version over `serde_json::Value` in the
//! same binary and the same run, so the figure to quote is the ratio (the machines are shared and
//! noisy; ratios within one run hold, absolute times drift).
//!
//! - `namely/<user>`: the compiled table versus `support::namely::namely` (the same resource,
//!   asserted by `tests/hand_written_namely.rs`); update when the sample has a provider user,
//!   create otherwise, as `scimap map` does.
//! - `end_to_end/<user>`: one NDJSON line in, one SCIM JSON line out (parse, map, serialise).
//! - `compile/namely`: reading and compiling the whole table, beside one user mapped by hand
//!   (so the ratio says how many users a compile costs).
//!
//! Run: `cargo bench --bench table` (shorter: `-- --warm-up-time 1 --measurement-time 3`).

#[path = "support/namely.rs"]
mod namely;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};

use namely::{managers, provider_of, sample, sample_line, scimap_table, USERS};

fn table(c: &mut Criterion) {
    let managers = managers();
    let table = scimap_table(&managers);
    let mut group = c.benchmark_group("namely");
    for name in USERS {
        let document = sample(name);
        let user = &document["jcUser"];
        let provider = provider_of(&document);
        group.bench_function(BenchmarkId::new("scimap", name), |b| {
            b.iter(|| table.user_resource(black_box(user), black_box(provider)))
        });
        group.bench_function(BenchmarkId::new("hand_written", name), |b| {
            b.iter(|| namely::namely(black_box(user), black_box(provider), &managers))
        });
    }
    group.finish();
}

fn end_to_end(c: &mut Criterion) {
    let managers = managers();
    let table = scimap_table(&managers);
    let mut group = c.benchmark_group("end_to_end");
    for name in USERS {
        let line = sample_line(name);
        let mut out = Vec::with_capacity(4096);
        group.bench_function(BenchmarkId::new("scimap", name), |b| {
            b.iter(|| {
                out.clear();
                namely::scimap_line(black_box(&line), &table, &mut out);
            })
        });
        group.bench_function(BenchmarkId::new("hand_written", name), |b| {
            b.iter(|| {
                out.clear();
                namely::hand_written_line(black_box(&line), &managers, &mut out);
            })
        });
    }
    group.finish();
}

fn compile(c: &mut Criterion) {
    let engine = scimap::Engine::default();
    let text = scimap::mapping::builtin::table("namely")
        .expect("built-in")
        .text;
    let managers = managers();
    let john = sample("john");
    let mut group = c.benchmark_group("compile");
    group.bench_function(BenchmarkId::new("scimap", "namely"), |b| {
        b.iter(|| {
            scimap::mapping::Table::from_toml("namely.toml", black_box(text))
                .expect("reads")
                .compile(&engine)
                .expect("compiles")
        })
    });
    group.bench_function(BenchmarkId::new("hand_written_user", "john"), |b| {
        b.iter(|| namely::namely(black_box(&john["jcUser"]), None, &managers))
    });
    group.finish();
}

criterion_group!(benches, table, end_to_end, compile);
criterion_main!(benches);
