//! Test files read, run and updated without the command line: inline users, pinned clocks,
//! expected errors, groups, PATCH lists, and `--update` rewriting only what failed.

use std::path::Path;

use serde_json::json;

use super::{Failure, Outcome, TestFile};

const TABLE: &str = r#"
name = "Tiny"

[[user]]
target = "userName"
path = "email"
required = true

[[user]]
target = "displayName"
expr = "jcUser.firstname + ' ' + jcUser.lastname"

[[user]]
target = "title"
expr = "now().Year() >= 2030 ? 'veteran' : 'newcomer'"

[[group]]
target = "displayName"
path = "name"
required = true
"#;

/// A folder holding `tiny.toml` and a test file with `cases`.
fn folder(cases: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tiny.toml"), TABLE).unwrap();
    let path = dir.path().join("tiny.tests.toml");
    std::fs::write(&path, format!("table = \"tiny.toml\"\n{cases}")).unwrap();
    (dir, path)
}

fn outcomes(path: &Path) -> Vec<Outcome> {
    let file = TestFile::open(path).unwrap_or_else(|_| panic!("{} opens", path.display()));
    file.run().cases.into_iter().map(|c| c.outcome).collect()
}

fn failures(outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::Failed(failures) => failures.iter().map(ToString::to_string).collect(),
        other => panic!("expected failures, got {other:?}"),
    }
}

#[test]
fn dotted_keys_are_paths_and_a_pinned_clock_is_what_now_returns() {
    let (_dir, path) = folder(
        r#"
now = 2031-01-01T00:00:00Z

[[case]]
name = "ada"
user = '{"email": "ada@x", "firstname": "Ada", "lastname": "Lovelace"}'
[case.expect]
name.givenName = "never written"
displayName = "Ada Lovelace"
title = "veteran"

[[case]]
name = "ada, earlier"
now = "2024-01-01T00:00:00+02:00"
user = { email = "ada@x", firstname = "Ada", lastname = "Lovelace" }
[case.expect]
title = "newcomer"
"#,
    );
    let outcomes = outcomes(&path);
    assert_eq!(
        failures(&outcomes[0]),
        [r#"name.givenName: expected "never written", got nothing"#]
    );
    assert!(matches!(outcomes[1], Outcome::Passed), "{:?}", outcomes[1]);
}

#[test]
fn expected_errors_match_on_every_key_given() {
    let (_dir, path) = folder(
        r#"
[[case]]
name = "no email"
user = { firstname = "Ada", lastname = "L" }
expect_error = { row = 1, target = "USERNAME", message = "has no value", code = "M0005" }

[[case]]
name = "no email, wrong row"
user = { firstname = "Ada", lastname = "L" }
expect_error = { row = 2 }
"#,
    );
    let outcomes = outcomes(&path);
    assert!(matches!(outcomes[0], Outcome::Passed), "{:?}", outcomes[0]);
    assert_eq!(
        failures(&outcomes[1]),
        ["expected an error (row 2), but 1 row failed otherwise"]
    );
}

#[test]
fn groups_and_patch_lists() {
    let (_dir, path) = folder(
        r#"
[[case]]
name = "a group"
group = { name = "Engineering" }
[case.expect]
displayName = "Engineering"

[[case]]
name = "a rename"
user = { email = "ada@x", firstname = "Ada", lastname = "Byron" }
provider = { userName = "ada@x", displayName = "Ada Lovelace", title = "veteran" }
now = 2031-01-01T00:00:00Z
expect_patch = [{ op = "replace", path = "displayName", value = "Ada Byron" }]
"#,
    );
    let outcomes = outcomes(&path);
    assert!(matches!(outcomes[0], Outcome::Passed), "{:?}", outcomes[0]);
    assert!(matches!(outcomes[1], Outcome::Passed), "{:?}", outcomes[1]);
}

#[test]
fn an_input_that_cannot_be_read_is_an_error_of_that_case() {
    let (_dir, path) = folder(
        r#"
[[case]]
name = "nobody"
user = "users/nobody.json"
"#,
    );
    match &outcomes(&path)[0] {
        Outcome::Error(message) => assert!(message.contains("users/nobody.json"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn format_problems_are_all_reported_with_their_places() {
    let text = r#"
table = "tiny.toml"
[[case]]
name = "both"
user = {}
group = {}
expekt = {}
[[case]]
user = {}
operation = "upsert"
"#;
    let diagnostics = TestFile::parse(Path::new("t.tests.toml"), text).unwrap_err();
    let messages: Vec<&str> = diagnostics
        .items
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "unknown key `expekt` in a case",
            "a case maps a user or a group, not both",
            "case 2 has no name",
            "`operation` is \"create\" or \"update\"",
        ]
    );
    assert!(diagnostics.items.iter().all(|d| d.span.is_some()));
}

#[test]
fn update_rewrites_only_the_failing_values_and_snapshots() {
    let (dir, path) = folder(
        r#"
# A comment that stays.
[[case]]
name = "ada"
user = { email = "ada@x", firstname = "Ada", lastname = "Lovelace" }
snapshot = true
[case.expect]
displayName   =   "Ada L."   # stays too
userName = "ada@x"

[[case]]
name = "a new user has no patch"
user = { email = "ada@x", firstname = "Ada", lastname = "Lovelace" }
operation = "update"
expect_patch = "none"
"#,
    );
    let file = TestFile::open(&path).unwrap();
    let report = file.run();
    assert_eq!(report.failed(), 2);
    let summary = file.update(&report).unwrap();
    assert_eq!(summary.updated, ["ada", "a new user has no patch"]);
    assert!(summary.left.is_empty());

    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("displayName   =   \"Ada Lovelace\"   # stays too\n"));
    assert!(text.contains("expect_patch = \"snapshot\"\n"));
    assert!(text.contains("# A comment that stays.\n"));
    let snapshot = dir.path().join("tiny.tests/ada.json");
    let resource: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(snapshot).unwrap()).unwrap();
    assert_eq!(resource["displayName"], json!("Ada Lovelace"));
    assert!(dir
        .path()
        .join("tiny.tests/a-new-user-has-no-patch.patch.json")
        .exists());

    let again = TestFile::open(&path).unwrap().run();
    assert_eq!((again.passed(), again.failed()), (2, 0));
    // A second update changes nothing.
    let file = TestFile::open(&path).unwrap();
    assert!(file.update(&file.run()).unwrap().written.is_empty());
}

#[test]
fn a_missing_snapshot_names_its_file() {
    let (_dir, path) = folder(
        r#"
[[case]]
name = "Ada's first day!"
user = { email = "ada@x", firstname = "Ada", lastname = "L" }
snapshot = true
"#,
    );
    let file = TestFile::open(&path).unwrap();
    let report = file.run();
    let Outcome::Failed(failures) = &report.cases[0].outcome else {
        panic!()
    };
    match &failures[0] {
        Failure::MissingSnapshot { file, .. } => {
            assert!(file.ends_with("tiny.tests/adas-first-day.json"), "{file:?}")
        }
        other => panic!("{other:?}"),
    }
}
