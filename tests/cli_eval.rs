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

#[test]
fn err_a_huge_range_fails_fast_with_the_limit_and_how_to_raise_it() {
    let started = std::time::Instant::now();
    let run = scimap(&["eval", "1..1000000000 | map(# * 2)"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn limits_are_options_of_every_command() {
    // Within the default limits...
    let run = scimap(&["eval", "len(1..100 | map(# * 2))"]);
    assert_eq!((run.status, run.stdout.as_str()), (0, "100\n"));
    // ...and past lowered ones, whichever limit is lowered.
    for option in [
        &["--max-steps", "50"][..],
        &["--memory-budget", "10"],
        &["--max-nesting", "1"],
        &["--max-nodes", "3"],
        &["--max-source-len", "8"],
    ] {
        let mut args = vec!["eval", "len(1..100 | map((# * 2)))"];
        args.extend_from_slice(option);
        let run = scimap(&args);
        assert_eq!(run.status, 1, "{option:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("R0004") || run.stderr.contains("S0006"),
            "{option:?}: {}",
            run.stderr
        );
    }
    // The options are global: a table command takes them too.
    let run = scimap(&["preview", "--max-steps", "1", "--table", "namely"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("evaluation step limit exceeded"),
        "{}",
        run.stderr
    );
}
