//! Checking a whole table: a table with sixteen realistic mistakes yields exactly those
//! diagnostics, each pointing at the right line and column of the file.

use scimap::mapping::Table;

/// (code, line, column, a fragment of the message) for every expected diagnostic.
const EXPECTED: &[(&str, usize, usize, &str)] = &[
    ("M0005", 4, 1, "required SCIM attribute `userName`"),
    ("M0001", 5, 10, "no attribute `nmae`"),
    (
        "M0004",
        10,
        12,
        "`emails` takes an array of objects, found a string",
    ),
    ("M0003", 17, 10, "written by two rows"),
    ("S0001", 22, 26, "unexpected token EOF"),
    (
        "T0004",
        26,
        9,
        "invalid number of arguments (expected 1, got 2)",
    ),
    ("M0002", 29, 10, "`id` is read-only"),
    ("N0002", 34, 9, "uppercase"),
    ("N0001", 38, 9, "unknown name jcuser"),
    (
        "T0003",
        42,
        15,
        "cannot use int as argument (type string) to call upper",
    ),
    ("T0008", 46, 22, "error parsing regexp"),
    ("S0005", 50, 31, "coalesce expressions (??) cannot be mixed"),
    ("N0005", 54, 16, "unknown field `middelname`"),
    (
        "T0001",
        58,
        26,
        "invalid operation: + (mismatched types string and int)",
    ),
    (
        "T0002",
        62,
        9,
        "non-bool expression (type string) used as condition",
    ),
    (
        "M0004",
        66,
        9,
        "`phoneNumbers` takes an array of objects, but this expression gives",
    ),
];

fn diagnostics() -> Vec<(String, usize, usize, String)> {
    let text = std::fs::read_to_string("tests/data/tables/mistakes.toml").expect("table");
    let table = Table::from_toml("mistakes.toml", &text).expect("the file itself reads");
    let diagnostics = table
        .compile(&scimap::Engine::default())
        .expect_err("the table has mistakes");
    diagnostics
        .items
        .iter()
        .map(|d| {
            let (line, column) = diagnostics.line_column(d.span.map_or(0, |s| s.start as usize));
            (d.code.as_str().to_string(), line, column, d.message.clone())
        })
        .collect()
}

#[test]
fn every_mistake_is_reported_once_at_its_place() {
    let found = diagnostics();
    assert_eq!(found.len(), EXPECTED.len(), "{found:#?}");
    for ((code, line, column, message), (want_code, want_line, want_column, fragment)) in
        found.iter().zip(EXPECTED)
    {
        assert_eq!(
            (code.as_str(), *line, *column),
            (*want_code, *want_line, *want_column),
            "{message}"
        );
        assert!(
            message.contains(fragment),
            "{message:?} should mention {fragment:?}"
        );
    }
}
