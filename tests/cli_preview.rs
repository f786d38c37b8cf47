//! `scimap preview` and `scimap diff`: a user through a table, as a SCIM resource or as the
//! PATCH request for the provider; failing users and malformed files.

mod cli_support;

use cli_support::{scimap, scimap_with_stdin};
use serde_json::Value as Json;

const JOHN: &str = "tests/data/users/john.json";
const ALICE: &str = "tests/data/users/alice.json";
const NO_EMAIL: &str = "tests/data/users/cli/no-email.json";
const CLEAN: &str = "tests/data/tables/clean.toml";

#[test]
fn preview_runs_with_no_files() {
    let run = scimap(&["preview"]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn preview_a_user_file_through_a_table_file() {
    let run = scimap(&["preview", "--table", CLEAN, "--user", ALICE]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn preview_create_or_update_chooses_the_rows() {
    // clean.toml sets `active` on create only, and `title` on update only.
    let create = scimap(&["preview", "--table", CLEAN, "--user", JOHN, "--create"]);
    let update = scimap(&["preview", "--table", CLEAN, "--user", JOHN, "--update"]);
    let default = scimap(&["preview", "--table", CLEAN, "--user", JOHN]);
    assert_eq!((create.status, update.status), (0, 0));
    assert_eq!(
        default.stdout, update.stdout,
        "a file with providerUser is an update"
    );
    let created: Json = serde_json::from_str(&create.stdout).unwrap();
    let updated: Json = serde_json::from_str(&update.stdout).unwrap();
    assert_eq!(
        (&created["active"], created.get("title")),
        (&Json::Bool(true), None)
    );
    assert_eq!(
        (updated.get("active"), &updated["title"]),
        (None, &Json::from("Senior Software Engineer"))
    );
    insta::assert_snapshot!(format!("{}\n{}", create.snapshot(), update.snapshot()));
}

#[test]
fn preview_resolves_managers_from_a_map() {
    let run = scimap(&[
        "preview",
        "--user",
        JOHN,
        "--manager-map",
        "tests/data/users/cli/managers.json",
    ]);
    assert_eq!(run.status, 0);
    let resource: Json = serde_json::from_str(&run.stdout).unwrap();
    let enterprise = &resource["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
    assert_eq!(
        enterprise["manager"]["value"],
        "26118915-6090-4610-87e4-49d8ca9f808d"
    );
}

#[test]
fn preview_reads_a_bare_user_from_standard_input() {
    let run = scimap_with_stdin(
        &["preview", "--table", "heap", "--user", "-"],
        r#"{"username": "ada", "firstname": "Ada", "lastname": "Lovelace"}"#,
    );
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn err_preview_a_user_that_fails_rows() {
    let run = scimap(&["preview", "--table", CLEAN, "--user", NO_EMAIL]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn err_preview_a_table_with_mistakes() {
    let run = scimap(&["preview", "--table", "tests/data/tables/bad-rows.toml"]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn err_preview_invalid_json_user() {
    let run = scimap(&["preview", "--user", "tests/data/users/cli/invalid.json"]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn err_preview_missing_files_and_unknown_tables() {
    let missing_user = scimap(&["preview", "--user", "tests/data/users/nobody.json"]);
    let unknown_table = scimap(&["preview", "--table", "workday"]);
    assert_eq!((missing_user.status, unknown_table.status), (2, 2));
    insta::assert_snapshot!(format!(
        "{}\n{}",
        missing_user.snapshot(),
        unknown_table.snapshot()
    ));
}

#[test]
fn err_preview_bad_manager_map_and_a_user_that_is_not_an_object() {
    let map = scimap_with_stdin(&["preview", "--manager-map", "-"], r#"{"a": 1}"#);
    let user = scimap_with_stdin(&["preview", "--user", "-"], r#"{"jcUser": "jdoe"}"#);
    assert_eq!((map.status, user.status), (2, 2));
    insta::assert_snapshot!(format!("{}\n{}", map.snapshot(), user.snapshot()));
}

#[test]
fn err_preview_create_and_update_conflict() {
    let run = scimap(&["preview", "--create", "--update"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("cannot be used with"));
}

#[test]
fn diff_runs_with_no_files() {
    let run = scimap(&[
        "diff",
        "--manager-map",
        "tests/data/users/cli/managers.json",
    ]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn diff_a_user_file() {
    let run = scimap(&["diff", "--table", "custom-scim", "--user", JOHN]);
    assert_eq!(run.status, 0);
    let patch: Json = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        patch["schemas"][0],
        "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    );
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn diff_with_no_changes_prints_nothing() {
    let run = scimap(&[
        "diff",
        "--table",
        "heap",
        "--user",
        "tests/data/users/cli/in-sync.json",
    ]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn err_diff_needs_a_provider_user() {
    let run = scimap(&["diff", "--user", ALICE]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn err_diff_a_user_that_fails_rows() {
    let run = scimap_with_stdin(
        &["diff", "--table", CLEAN, "--user", "-"],
        r#"{"jcUser": {"_id": "u1", "firstname": "Sam"}, "providerUser": {"userName": "sam"}}"#,
    );
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.snapshot());
}
