//! Arithmetic-overflow and panic review (issue 8): each test is a bug the review found, run in a
//! debug build (overflow checks on) so a panic fails it. Integer arithmetic that Go wraps wraps
//! here too; what Go reports as an error is that error.

use std::time::{Duration, Instant};

use scimap::scim::{validate, ResourceSchema};
use scimap::Engine;
use serde_json::{json, Value as Json};

fn value(source: &str) -> Json {
    let program = Engine::default()
        .compile(source)
        .unwrap_or_else(|d| panic!("{source}: {:?}", d.items[0].message));
    let env = json!({});
    let result = program.run(&env);
    match result {
        Ok(value) => value.to_json(),
        Err(error) => panic!("{source}: {}", error.message()),
    }
}

// ---- sum(m..n) folded at compile time ----

/// The reference folds `sum(m..n)` with literal bounds into `count * (m + n) / 2` computed in
/// Go's `int`: the product wraps before the halving. The fold computed the exact sum and
/// wrapped only the result, so a range whose product overflows gave another number.
#[test]
fn literal_range_sums_wrap_as_go_computes_them() {
    assert_eq!(value("sum(0..4294967296)"), json!(2_147_483_648_i64));
    assert_eq!(value("sum(1..4294967296)"), json!(2_147_483_648_i64));
    assert_eq!(value("sum(0..4294967296, #)"), json!(2_147_483_648_i64));
    assert_eq!(value("sum(0..4294967296, # + 1)"), json!(6_442_450_945_i64));
    assert_eq!(value("sum(0..4294967296, 1 + #)"), json!(6_442_450_945_i64));
    assert_eq!(
        value("sum(0..4294967296, # - 1)"),
        json!(-2_147_483_649_i64)
    );
    assert_eq!(
        value("sum(0..4294967296, 3 - #)"),
        json!(10_737_418_243_i64)
    );
    assert_eq!(value("sum(0..4294967296, # * 3)"), json!(6_442_450_944_i64));
    assert_eq!(
        value("reduce(0..4294967296, # + #acc)"),
        json!(2_147_483_648_i64)
    );
    assert_eq!(
        value("reduce(0..4294967296, #acc + #, 5)"),
        json!(2_147_483_653_i64)
    );
    // Where nothing overflows the fold is the plain sum, as evaluation would give.
    assert_eq!(value("sum(1..100)"), json!(5050));
    assert_eq!(value("sum(-3..3, # * 9223372036854775807)"), json!(0));
    // The extremes wrap without a panic.
    assert_eq!(
        value("sum(0..9223372036854775807)"),
        json!(-4_611_686_018_427_387_904_i64)
    );
    assert_eq!(
        value("sum(-9223372036854775807..9223372036854775807, # + 9223372036854775807)"),
        json!(-9_223_372_036_854_775_807_i64)
    );
    assert_eq!(
        value("sum(-9223372036854775807..9223372036854775807, -9223372036854775807 - #)"),
        json!(9_223_372_036_854_775_807_i64)
    );
}

// ---- "did you mean" on enormous names ----

/// A misspelt name is compared with every candidate by an edit-distance table of
/// `len(name) × len(candidate)` cells: a megabyte-long unknown variable made the checker build
/// tables of megabytes for each of the hundreds of builtins. Candidates whose length alone puts
/// them out of reach are now skipped.
#[test]
fn an_enormous_unknown_name_is_reported_quickly() {
    let name = "x".repeat(1_000_000);
    let env = json!({"user": {"name": "a"}});
    let start = Instant::now();
    let result = Engine::default().compile_for_json(&name, &env);
    let elapsed = start.elapsed();
    let Err(diagnostics) = result else {
        panic!("an unknown name is a compile error");
    };
    assert!(
        diagnostics.items[0]
            .message
            .starts_with("unknown name xxxx"),
        "{}",
        diagnostics.items[0].message
    );
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

/// The same for SCIM attribute names: a resource with a megabyte-long key.
#[test]
fn an_enormous_unknown_scim_attribute_is_reported_quickly() {
    let key = "u".repeat(1_000_000);
    let resource = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "a",
        key: 1,
    });
    let start = Instant::now();
    let problems = validate(&resource, &ResourceSchema::user());
    let elapsed = start.elapsed();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}
