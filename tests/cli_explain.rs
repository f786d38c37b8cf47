//! `scimap explain` and `scimap tables`: the registry of codes and the built-in tables.

mod cli_support;

use cli_support::scimap;

#[test]
fn explain_a_code() {
    let run = scimap(&["explain", "T0002"]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn explain_is_case_insensitive() {
    assert_eq!(
        scimap(&["explain", "m0003"]).stdout,
        scimap(&["explain", "M0003"]).stdout
    );
}

#[test]
fn explain_every_code_in_the_list() {
    let list = scimap(&["explain", "--list"]);
    assert_eq!(list.status, 0);
    for line in list.stdout.lines() {
        let code = line.split_whitespace().next().unwrap();
        let run = scimap(&["explain", code]);
        assert_eq!(run.status, 0, "{code}");
        assert!(run.stdout.starts_with(&format!("{code}: ")));
    }
    insta::assert_snapshot!(list.snapshot());
}

#[test]
fn err_explain_a_near_miss_suggests_the_code() {
    let run = scimap(&["explain", "t2"]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn err_explain_an_unknown_code_lists_the_codes() {
    let run = scimap(&["explain", "E0308"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("T0002  condition is not a bool"));
    assert!(run
        .stderr
        .starts_with("error: unknown code `E0308`; the codes are:\n"));
}

#[test]
fn err_explain_without_a_code() {
    let run = scimap(&["explain"]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn tables_lists_the_built_in_tables() {
    let run = scimap(&["tables"]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn tables_show_prints_toml_that_checks_clean() {
    let run = scimap(&["tables", "show", "heap"]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.snapshot());
    for name in ["namely", "heap", "custom-scim"] {
        let shown = scimap(&["tables", "show", name]);
        let checked = cli_support::scimap_with_stdin(&["check", "-"], &shown.stdout);
        assert_eq!(checked.status, 0, "{name}: {}", checked.stderr);
    }
}

#[test]
fn err_tables_show_an_unknown_table() {
    let run = scimap(&["tables", "show", "workday"]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!(run.snapshot());
}
