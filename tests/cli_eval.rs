//! `scimap eval`: values on stdout, diagnostics on stderr, exit statuses scripts rely on.

mod cli_support;

use cli_support::{scimap, scimap_with_stdin};

const JOHN: &str = "tests/data/users/john.json";

#[test]
fn a_value_prints_as_json() {
    let run = scimap(&["eval", "upper('jdoe') + '@' + lower('EXAMPLE.COM')"]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn an_input_file_defines_the_variables() {
    let run = scimap(&[
        "eval",
        "--input",
        JOHN,
        "toScimAddresses(find(jcUser.addresses, .type == 'work') ?? first(jcUser.addresses))",
    ]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn input_from_standard_input() {
    let run = scimap_with_stdin(
        &["eval", "--input", "-", "split(jcUser.email, '@')"],
        r#"{"jcUser": {"email": "ada@example.com"}}"#,
    );
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn double_dash_before_an_expression_that_starts_with_a_dash() {
    let run = scimap(&["eval", "--", "-2 * 21"]);
    assert_eq!((run.status, run.stdout.as_str()), (0, "-42\n"));
}

#[test]
fn err_compile_error_is_a_diagnostic_and_exit_1() {
    let run = scimap(&[
        "eval",
        "--input",
        JOHN,
        "upper(jcUser.firstname, 1) + len(jcUser)",
    ]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn err_run_time_error_is_a_diagnostic_and_exit_1() {
    let run = scimap(&["eval", "--input", JOHN, "jcUser.addresses[5].locality"]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn err_missing_input_file_exits_2() {
    let run = scimap(&["eval", "--input", "tests/data/users/nobody.json", "1"]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn err_invalid_json_input_exits_2() {
    let run = scimap(&["eval", "--input", "tests/data/users/cli/invalid.json", "1"]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn err_input_that_is_not_an_object_exits_2() {
    let run = scimap_with_stdin(&["eval", "--input", "-", "1"], "[1, 2]");
    assert_eq!(run.status, 2);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn err_no_expression_is_a_usage_error() {
    let run = scimap(&["eval"]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!(run.snapshot());
}
