//! `scimap test`: the shipped example tests pass; a deliberate change to a table fails exactly
//! the cases it should, with diffs naming the attributes; `--update` accepts the change and
//! touches nothing else; JUnit and JSON reports are well-formed; `scimap check` validates
//! test files.

#[allow(dead_code)]
mod cli_support;
mod readme_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cli_support::{scimap, Run};
use serde_json::Value as Json;

/// The cases of the built-in Namely table's tests that show John's display name.
const DISPLAY_NAME_CASES: [&str; 4] = [
    "john keeps his display name",
    "john as a new user",
    "john's update",
    "a service account has empty names",
];

#[test]
fn the_shipped_examples_pass() {
    let run = scimap(&["test", "examples/"]);
    assert_eq!(run.status, 0, "{}", run.snapshot());
    assert!(run.stdout.ends_with("\n14 passed, 0 failed\n"));
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn a_deliberate_change_fails_exactly_the_cases_that_show_it() {
    let dir = changed_examples();
    let run = scimap_in(dir.path(), &["test"]);
    assert_eq!(run.status, 1);
    assert_eq!(failing_cases(&run.stdout), set(&DISPLAY_NAME_CASES));
    for block in run.stdout.split("\n✗ ").skip(1) {
        assert!(block.contains("displayName: expected"), "{block}");
    }
    assert!(run.stdout.ends_with("\n10 passed, 4 failed\n"));
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn update_accepts_the_change_and_leaves_every_other_case_untouched() {
    let dir = changed_examples();
    let before = files(dir.path());
    let update = scimap_in(dir.path(), &["test", "--update"]);
    assert_eq!(update.status, 0, "{}", update.snapshot());
    assert!(update.stdout.ends_with("\n14 passed, 0 failed\n"));
    let after = scimap_in(dir.path(), &["test"]);
    assert_eq!(after.status, 0, "{}", after.snapshot());

    let changed: Vec<String> = files(dir.path())
        .into_iter()
        .filter(|(path, text)| before.get(path) != Some(text))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        changed,
        [
            "namely.tests.toml",
            "namely.tests/a-service-account-has-empty-names.json",
            "namely.tests/john-as-a-new-user.json",
            "namely.tests/johns-update.patch.json",
        ]
    );
    // In the test file, only the one failing value was rewritten.
    let old = &before["namely.tests.toml"];
    let new = std::fs::read_to_string(dir.path().join("namely.tests.toml")).unwrap();
    let differing: Vec<(&str, &str)> = old
        .lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        differing,
        [("displayName = \"Johnny Doe\"", "displayName = \"John Doe\"")]
    );
    assert_eq!(old.lines().count(), new.lines().count());
    insta::assert_snapshot!(update.snapshot());
}

#[test]
fn junit_names_each_case_and_each_failure() {
    let dir = changed_examples();
    let run = scimap_in(dir.path(), &["test", "--format", "junit"]);
    assert_eq!(run.status, 1);
    let xml = roxmltree::Document::parse(&run.stdout).expect("well-formed XML");
    let root = xml.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(
        (root.attribute("tests"), root.attribute("failures")),
        (Some("14"), Some("4"))
    );
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<_> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(names, ["heap.tests.toml", "namely.tests.toml"]);
    let cases: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 14);
    let failed: BTreeSet<String> = cases
        .iter()
        .filter(|case| case.children().any(|n| n.has_tag_name("failure")))
        .map(|case| case.attribute("name").unwrap().to_string())
        .collect();
    assert_eq!(failed, set(&DISPLAY_NAME_CASES));
    for failure in xml.descendants().filter(|n| n.has_tag_name("failure")) {
        assert!(failure.attribute("message").is_some());
        assert!(failure.text().unwrap_or("").contains("displayName"));
    }
    assert!(cases
        .iter()
        .all(|c| c.attribute("classname").is_some_and(|n| !n.is_empty())));
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_reports_every_case_and_failure() {
    let dir = changed_examples();
    let run = scimap_in(
        dir.path(),
        &["test", "--format", "json", "namely.tests.toml"],
    );
    assert_eq!(run.status, 1);
    let report: Json = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(
        (report["passed"].as_u64(), report["failed"].as_u64()),
        (Some(5), Some(4))
    );
    let cases = report["files"][0]["cases"].as_array().unwrap();
    let john = &cases[0];
    assert_eq!(john["status"], "failed");
    assert_eq!(
        john["failures"][0],
        serde_json::json!({
            "kind": "attribute",
            "message": "displayName: expected \"Johnny Doe\", got \"John Doe\"",
            "path": "displayName",
            "expected": "Johnny Doe",
            "actual": "John Doe",
        })
    );
}

#[test]
fn every_kind_of_failure_reads_clearly() {
    let run = scimap(&["test", "tests/data/testing/failing.tests.toml"]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn update_leaves_what_it_cannot_accept_to_a_person() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("tests/data/testing"), &dir.path().join("testing"));
    copy_dir(Path::new("tests/data/users"), &dir.path().join("users"));
    copy_dir(Path::new("tests/data/tables"), &dir.path().join("tables"));
    let update = scimap_in(
        dir.path(),
        &["test", "--update", "testing/failing.tests.toml"],
    );
    assert_eq!(update.status, 1);
    let again = scimap_in(dir.path(), &["test", "testing/failing.tests.toml"]);
    assert_eq!(failing_cases(&update.stdout), failing_cases(&again.stdout));
    insta::assert_snapshot!(update.snapshot());
}

#[test]
fn cases_can_pin_the_clock() {
    let run = scimap(&["test", "tests/data/testing/tenure.tests.toml"]);
    assert_eq!(run.status, 0, "{}", run.snapshot());
    assert!(run.stdout.ends_with("\n2 passed, 0 failed\n"));
}

#[test]
fn check_validates_test_files() {
    let run = scimap(&[
        "check",
        "tests/data/testing/mistakes.tests.toml",
        "tests/data/testing/unknown-table.tests.toml",
        "examples/namely.tests.toml",
    ]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn check_finds_the_examples_clean() {
    let run = scimap(&[
        "check",
        "--deny",
        "warnings",
        "examples/namely.tests.toml",
        "examples/heap.tests.toml",
    ]);
    assert_eq!(run.status, 0, "{}", run.snapshot());
}

#[test]
fn err_no_test_files_is_a_usage_error() {
    let none = scimap(&["test", "tests/data/tables"]);
    let missing = scimap(&["test", "tests/data/nowhere"]);
    assert_eq!((none.status, missing.status), (2, 2));
    insta::assert_snapshot!(format!("{}\n{}", none.snapshot(), missing.snapshot()));
}

#[test]
fn err_an_invalid_test_file_fails_with_its_diagnostics() {
    let run = scimap(&["test", "tests/data/testing/mistakes.tests.toml"]);
    assert_eq!(run.status, 1);
    assert!(run.stdout.ends_with("\n0 passed, 1 failed\n"));
    assert!(run.stdout.contains("unknown key `tabel`"));
}

/// The README's section "Testing a table" is real: its console blocks run, in order, in a
/// temporary folder holding a copy of `examples/`, and print exactly what the README shows.
#[test]
fn the_readme_workflow_is_real_output() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("examples"), &dir.path().join("examples"));
    let commands = readme_support::replay_section("Testing a table", dir.path());
    assert!(commands >= 8, "only {commands} commands in the section");
}

/// The examples, copied to a temporary folder, with the built-in Namely table written beside
/// them as `namely.toml` and its display name row changed to always join first and last name.
fn changed_examples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("examples"), dir.path());
    let table = scimap::mapping::builtin::table("namely").unwrap().text;
    let display_name = "notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : (notNullOrEmpty(jcUser.lastname) ? jcUser.firstname + ' ' + jcUser.lastname : jcUser.firstname)";
    assert!(table.contains(display_name));
    let changed = table.replace(display_name, "jcUser.firstname + ' ' + jcUser.lastname");
    std::fs::write(dir.path().join("namely.toml"), changed).unwrap();
    let tests = dir.path().join("namely.tests.toml");
    let text = std::fs::read_to_string(&tests).unwrap();
    let text = text.replace("table = \"namely\"", "table = \"namely.toml\"");
    std::fs::write(&tests, text).unwrap();
    dir
}

/// Runs `scimap ARGS...` in `dir`, the way `cli_support::scimap` runs it in the package root.
fn scimap_in(dir: &Path, args: &[&str]) -> Run {
    let output = assert_cmd::Command::cargo_bin("scimap")
        .unwrap()
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("scimap runs");
    Run {
        command: format!("scimap {}", args.join(" ")),
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The names of the cases a human report marks ✗.
fn failing_cases(stdout: &str) -> BTreeSet<String> {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix("  ✗ "))
        .map(String::from)
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// Every file under `dir`, by relative path (`/`-separated), with its text.
fn files(dir: &Path) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap();
                let name = relative.to_string_lossy().replace('\\', "/");
                out.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}
