//! `scimap check` (alias `lint`) run as a CI pipeline runs it: every format, every exit status,
//! and the SARIF log checked against the SARIF 2.1.0 schema's rules.

mod cli_support;

use cli_support::{scimap, scimap_with_stdin};
use serde_json::Value as Json;

const MISTAKES: &str = "tests/data/tables/mistakes.toml";

#[test]
fn mistakes_human() {
    let run = scimap(&["check", MISTAKES]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn mistakes_json() {
    let run = scimap(&["check", "--format", "json", MISTAKES]);
    assert_eq!(run.status, 1);
    let findings: Vec<Json> = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(findings.len(), 16);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn mistakes_github() {
    let run = scimap(&["check", "--format", "github", MISTAKES]);
    assert_eq!(run.status, 1);
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("::error file=tests/data/tables/mistakes.toml,line=")
                || line.starts_with("::warning file="),
            "{line}"
        );
        let (properties, message) = line[2..].split_once("::").expect("a workflow command");
        assert!(properties.contains(",endLine=") && properties.contains(",title="));
        assert!(!message.contains('\n') && !message.is_empty());
    }
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn mistakes_sarif() {
    let run = scimap(&["check", "--format", "sarif", MISTAKES]);
    assert_eq!(run.status, 1);
    let log: Json = serde_json::from_str(&run.stdout).expect("valid JSON");
    let problems = sarif_problems(&log);
    assert!(
        problems.is_empty(),
        "invalid SARIF:\n{}",
        problems.join("\n")
    );
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(16));
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn sarif_of_several_files_and_of_a_clean_table_is_valid() {
    for files in [
        &["tests/data/tables/clean.toml"][..],
        &[
            "tests/data/tables/jumpcloud-rules.json",
            "tests/data/tables/bad-rows.toml",
            "tests/data/tables/malformed.toml",
        ][..],
    ] {
        let mut args = vec!["check", "--format", "sarif"];
        args.extend_from_slice(files);
        let run = scimap(&args);
        let log: Json = serde_json::from_str(&run.stdout).expect("valid JSON");
        let problems = sarif_problems(&log);
        assert!(problems.is_empty(), "{files:?}:\n{}", problems.join("\n"));
    }
}

#[test]
fn clean_tables_exit_0() {
    let run = scimap(&[
        "check",
        "tests/data/tables/clean.toml",
        "tests/data/tables/namely.toml",
        "tests/data/tables/heap.toml",
    ]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn clean_tables_pass_deny_warnings_with_empty_machine_output() {
    for (format, empty) in [("json", "[]\n"), ("github", "")] {
        let run = scimap(&[
            "check",
            "--deny",
            "warnings",
            "--format",
            format,
            "tests/data/tables/clean.toml",
        ]);
        assert_eq!((run.status, run.stdout.as_str()), (0, empty));
    }
}

#[test]
fn jumpcloud_json_points_into_the_json_file() {
    let run = scimap(&["lint", "tests/data/tables/jumpcloud-rules.json"]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn file_format_errors() {
    let run = scimap(&[
        "check",
        "tests/data/tables/bad-rows.toml",
        "tests/data/tables/malformed.toml",
    ]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn a_missing_file_is_an_io_error_and_the_others_are_still_checked() {
    let run = scimap(&[
        "check",
        "--format",
        "github",
        "tests/data/tables/missing.toml",
        "tests/data/tables/malformed.toml",
    ]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn no_files_is_a_usage_error() {
    let run = scimap(&["check"]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn unknown_format_is_a_usage_error() {
    let run = scimap(&["check", "--format", "xml", MISTAKES]);
    assert_eq!(run.status, 2);
    assert!(run
        .stderr
        .contains("possible values: human, json, github, sarif"));
}

#[test]
fn standard_input() {
    let table = "[[user]]\ntarget = \"userName\"\nexpr = \"jcUser.email +\"\n";
    let run = scimap_with_stdin(&["check", "--format", "json", "-"], table);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn help_has_examples_and_exit_statuses() {
    let run = scimap(&["check", "--help"]);
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains("Examples:") && run.stdout.contains("Exit status:"));
}

/// The problems of a SARIF log, by the SARIF 2.1.0 schema: the required properties of each
/// object scimap writes (sarifLog, run, tool, toolComponent, reportingDescriptor, result,
/// message, location, physicalLocation, artifactLocation, region), their types and enums, no
/// property the schema does not define (it forbids additional properties), and references
/// that resolve (`ruleId`/`ruleIndex` to a rule).
fn sarif_problems(log: &Json) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    check_object(
        &mut check,
        "sarifLog",
        log,
        &["version", "runs"],
        &["$schema", "version", "runs"],
    );
    check(
        log["version"] == "2.1.0",
        "sarifLog.version is 2.1.0".into(),
    );
    check(
        log["$schema"]
            .as_str()
            .is_some_and(|s| s.starts_with("https://")),
        "sarifLog.$schema is a URI".into(),
    );
    let runs = log["runs"].as_array().cloned().unwrap_or_default();
    check(runs.len() == 1, "one run".into());
    for run in &runs {
        check_object(
            &mut check,
            "run",
            run,
            &["tool"],
            &["tool", "results", "columnKind"],
        );
        check(
            matches!(
                run["columnKind"].as_str(),
                None | Some("utf16CodeUnits" | "unicodeCodePoints")
            ),
            "run.columnKind".into(),
        );
        check_object(&mut check, "tool", &run["tool"], &["driver"], &["driver"]);
        let driver = &run["tool"]["driver"];
        check_object(
            &mut check,
            "toolComponent",
            driver,
            &["name"],
            &["name", "version", "informationUri", "rules"],
        );
        check(driver["name"] == "scimap", "driver.name".into());
        let rules = driver["rules"].as_array().cloned().unwrap_or_default();
        for rule in &rules {
            check_object(
                &mut check,
                "reportingDescriptor",
                rule,
                &["id"],
                &["id", "shortDescription", "fullDescription", "help"],
            );
            for key in ["shortDescription", "fullDescription", "help"] {
                check_object(
                    &mut check,
                    "multiformatMessageString",
                    &rule[key],
                    &["text"],
                    &["text"],
                );
            }
        }
        let results = run["results"].as_array().cloned().unwrap_or_default();
        for result in &results {
            check_object(
                &mut check,
                "result",
                result,
                &["message"],
                &["ruleId", "ruleIndex", "level", "message", "locations"],
            );
            check(
                matches!(
                    result["level"].as_str(),
                    Some("none" | "note" | "warning" | "error")
                ),
                format!("result.level {}", result["level"]),
            );
            let index = result["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
            check(
                rules
                    .get(index)
                    .is_some_and(|r| r["id"] == result["ruleId"]),
                format!("result.ruleIndex {index} names rule {}", result["ruleId"]),
            );
            check_object(
                &mut check,
                "message",
                &result["message"],
                &["text"],
                &["text"],
            );
            for location in result["locations"].as_array().cloned().unwrap_or_default() {
                check_object(
                    &mut check,
                    "location",
                    &location,
                    &[],
                    &["physicalLocation"],
                );
                let physical = &location["physicalLocation"];
                check_object(
                    &mut check,
                    "physicalLocation",
                    physical,
                    &["artifactLocation"],
                    &["artifactLocation", "region"],
                );
                check_object(
                    &mut check,
                    "artifactLocation",
                    &physical["artifactLocation"],
                    &["uri"],
                    &["uri"],
                );
                let uri = physical["artifactLocation"]["uri"].as_str().unwrap_or(" ");
                check(
                    !uri.contains(' ') && !uri.contains('\\'),
                    format!("artifactLocation.uri `{uri}` is a URI reference"),
                );
                let region = &physical["region"];
                let keys = ["startLine", "startColumn", "endLine", "endColumn"];
                check_object(&mut check, "region", region, &keys, &keys);
                for key in keys {
                    check(
                        region[key].as_u64().is_some_and(|n| n >= 1),
                        format!("region.{key} is an integer >= 1"),
                    );
                }
                let start = (region["startLine"].as_u64(), region["startColumn"].as_u64());
                let end = (region["endLine"].as_u64(), region["endColumn"].as_u64());
                check(start <= end, "region ends after it starts".into());
            }
        }
    }
    problems
}

fn check_object(
    check: &mut impl FnMut(bool, String),
    kind: &str,
    value: &Json,
    required: &[&str],
    allowed: &[&str],
) {
    let Some(object) = value.as_object() else {
        check(false, format!("{kind} is an object: {value}"));
        return;
    };
    for key in required {
        check(object.contains_key(*key), format!("{kind} has `{key}`"));
    }
    for key in object.keys() {
        check(
            allowed.contains(&key.as_str()),
            format!("{kind} has no property `{key}` in the schema"),
        );
    }
}
