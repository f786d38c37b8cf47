//! `scimap map` through the real binary: every input line is accounted for (a resource, an error
//! record, or a counted blank line), output keeps input order whatever `--jobs`, output files
//! appear whole, and malformed input never stops the batch.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const MIXED: &str = "tests/data/ndjson/mixed.ndjson";

/// What a run printed and returned.
struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The run as one text for a snapshot.
    fn report(&self) -> String {
        format!(
            "status: {}\n--- stdout\n{}--- stderr\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

fn scimap(args: &[&str], stdin: &[u8]) -> Run {
    let output = Command::cargo_bin("scimap")
        .expect("the scimap binary")
        .args(args)
        .env("NO_COLOR", "1")
        .write_stdin(stdin.to_vec())
        .output()
        .expect("scimap runs");
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Snapshots with the run's timing replaced (it differs from run to run).
macro_rules! assert_run_snapshot {
    ($name:expr, $run:expr) => {
        insta::with_settings!({filters => vec![
            (r"in \d+\.\d+ s( \(\d+ users/s\))?", "in [time]"),
            (r"\.tmp-\d+", ".tmp-[pid]"),
        ]}, {
            insta::assert_snapshot!($name, $run.report());
        })
    };
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_map")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("directory")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn line_count(text: &str) -> usize {
    text.lines().count()
}

#[test]
fn every_line_of_a_mixed_file_is_accounted_for() {
    let run = scimap(&["map", "--table", "namely", MIXED], b"");
    assert_eq!(run.status, 1, "a failed line makes the exit status 1");
    let input = std::fs::read_to_string(MIXED).expect("input");
    let blank = input.lines().filter(|l| l.trim().is_empty()).count();
    let failed = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .count();
    assert_eq!(line_count(&run.stdout) + failed + blank, line_count(&input));
    assert!(run
        .stderr
        .contains("mapped 3 users, 4 failed (8 lines, 1 blank)"));
    assert_run_snapshot!("mixed_human", run);
}

#[test]
fn error_records_and_output_go_to_files_that_appear_whole() {
    let dir = scratch("files");
    let output = dir.join("users.ndjson");
    let errors = dir.join("errors.ndjson");
    let run = scimap(
        &[
            "map",
            "-t",
            "namely",
            MIXED,
            "--output",
            output.to_str().unwrap(),
            "--errors",
            errors.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(run.status, 1);
    assert_eq!(run.stdout, "", "resources go to --output");
    assert_eq!(
        files_in(&dir),
        ["errors.ndjson", "users.ndjson"],
        "no temporary file is left"
    );
    let resources = std::fs::read_to_string(&output).expect("output");
    let records = std::fs::read_to_string(&errors).expect("errors");
    assert_eq!(line_count(&resources), 3);
    for record in records.lines() {
        let record: serde_json::Value = serde_json::from_str(record).expect("a JSON record");
        assert!(record["line"].is_u64() && record["errors"].is_array());
    }
    insta::assert_snapshot!("mixed_error_records", records);
    assert_run_snapshot!("mixed_files", run);
}

#[test]
fn hostile_lines_become_error_records() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"_id\": \"u-1\", \"email\": \"caf\xe9@example.com\"}\n");
    input.extend_from_slice(b"{\"jcUser\": 5}\n");
    input.extend_from_slice(b"   \t \n");
    input.extend_from_slice(&b"[".repeat(5000));
    input.extend_from_slice(b"\n\"just a string\"\n");
    input.extend_from_slice(b"{\"_id\": \"u-6\", \"email\": \"crlf@example.com\", \"firstname\": \"C\", \"lastname\": \"R\"}\r\n");
    input.extend_from_slice(b"{\"_id\": \"u-7\", \"email\": 42}\n");
    input.extend_from_slice(b"{\"_id\": \"u-8\", \"email\": \"last@example.com\", \"firstname\": \"L\", \"lastname\": \"L\"}");
    let run = scimap(&["map", "--table", "custom-scim", "-"], &input);
    assert_eq!(run.status, 1);
    assert_eq!(line_count(&run.stdout), 2, "lines 6 and 8 map");
    assert!(run.stderr.contains("(8 lines, 1 blank)"), "{}", run.stderr);
    assert_run_snapshot!("hostile", run);
}

#[test]
fn jobs_do_not_change_the_output() {
    let mut input = String::new();
    for i in 0..3000 {
        let line = match i % 97 {
            13 => "{\"truncated\": ".to_string(),
            41 => String::new(),
            60 => format!("{{\"_id\": \"u-{i}\", \"firstname\": \"No email\"}}"),
            _ => format!(
                "{{\"_id\": \"u-{i}\", \"email\": \"user{i}@example.com\", \"firstname\": \"F{i}\", \"lastname\": \"L{i}\", \"department\": \"D{}\"}}",
                i % 7
            ),
        };
        input.push_str(&line);
        input.push('\n');
    }
    let one = scimap(
        &["map", "--table", "namely", "--jobs", "1"],
        input.as_bytes(),
    );
    let four = scimap(
        &["map", "--table", "namely", "--jobs", "4"],
        input.as_bytes(),
    );
    assert_eq!(one.status, 1);
    assert_eq!(one.stdout, four.stdout, "output in input order");
    let without_timing = |text: &str| text.rsplit_once(" in ").map(|(a, _)| a.to_string());
    assert_eq!(without_timing(&one.stderr), without_timing(&four.stderr));
    let failed = 3000_usize.div_ceil(97) * 2;
    assert_eq!(line_count(&one.stdout), 3000 - failed - 31);
    assert!(one.stderr.contains(&format!(
        "mapped 2907 users, {failed} failed (3000 lines, 31 blank)"
    )));
    for (i, line) in one.stdout.lines().take(3).enumerate() {
        assert!(line.contains(&format!("user{i}@example.com")), "{line}");
    }
}

#[test]
fn the_manager_map_resolves_manager_external_ids() {
    let dir = scratch("manager");
    let map = dir.join("managers.json");
    std::fs::write(&map, r#"{"5f1b2c3d4e5f6a7b8c9d0e00": "namely-42"}"#).expect("write");
    let john = std::fs::read_to_string("tests/data/users/john.json").expect("john");
    let line =
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&john).unwrap()).unwrap();
    let args = [
        "map",
        "-t",
        "namely",
        "--manager-map",
        map.to_str().unwrap(),
        "-q",
    ];
    let run = scimap(&args, line.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "--quiet prints no summary");
    let resource: serde_json::Value = serde_json::from_str(&run.stdout).expect("one resource");
    let enterprise = &resource["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
    assert_eq!(enterprise["manager"]["value"], "namely-42");
}

#[test]
fn all_good_input_exits_zero() {
    let input = "{\"username\": \"ada\", \"firstname\": \"Ada\"}\n{\"username\": \"grace\"}\n";
    let run = scimap(&["map", "--table", "heap"], input.as_bytes());
    assert_eq!(run.status, 0);
    assert_run_snapshot!("all_good", run);
}

#[test]
fn usage_problems_exit_two() {
    let dir = scratch("usage");
    let missing_dir = dir.join("no-such-dir").join("out.ndjson");
    let cases: [(&str, Vec<&str>); 5] = [
        (
            "missing_input",
            vec!["map", "-t", "namely", "no-such-file.ndjson"],
        ),
        (
            "missing_table",
            vec!["map", "-t", "no-such-table.toml", MIXED],
        ),
        (
            "zero_jobs",
            vec!["map", "-t", "namely", "--jobs", "0", MIXED],
        ),
        (
            "unwritable_output",
            vec![
                "map",
                "-t",
                "namely",
                MIXED,
                "-o",
                missing_dir.to_str().unwrap(),
            ],
        ),
        ("no_table", vec!["map", MIXED]),
    ];
    for (name, args) in cases {
        let run = scimap(&args, b"");
        assert_eq!(run.status, 2, "{name}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{name}");
        let stderr = run.stderr.replace(dir.to_str().unwrap(), "[dir]");
        insta::with_settings!({filters => vec![(r"\(os error \d+\)", "(os error N)")]}, {
            insta::assert_snapshot!(format!("usage_{name}"), stderr);
        });
    }
}

#[test]
fn a_read_error_leaves_no_output_file() {
    let dir = scratch("read-error");
    let output = dir.join("out.ndjson");
    // A directory opens but cannot be read.
    let run = scimap(
        &[
            "map",
            "-t",
            "namely",
            dir.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("reading the input"), "{}", run.stderr);
    assert!(files_in(&dir).is_empty(), "{:?}", files_in(&dir));
}

#[test]
fn an_invalid_table_is_reported_with_its_diagnostics() {
    let dir = scratch("bad-table");
    let table = dir.join("bad.toml");
    std::fs::write(
        &table,
        "[[user]]\ntarget = \"userName\"\nexpr = \"upper(jcUser.email\"\n",
    )
    .expect("write");
    let run = scimap(&["map", "-t", table.to_str().unwrap(), MIXED], b"");
    assert_eq!(run.status, 1);
    assert_eq!(run.stdout, "");
    let stderr = run.stderr.replace(dir.to_str().unwrap(), "[dir]");
    insta::assert_snapshot!("bad_table", stderr);
}

#[test]
fn every_truncation_of_a_user_line_gives_exactly_one_record() {
    // A user line cut at every byte, as a transfer that stops part way leaves it: each cut line
    // is either a user that maps (cut after the object closed) or one error record, cuts inside
    // `ü` (lines that are not UTF-8) included.
    let user = r#"{"_id": "u-1", "email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace", "addresses": [{"type": "work", "locality": "Zürich"}]}"#;
    let mut input = Vec::new();
    let mut lines = 0;
    for cut in 1..=user.len() {
        let piece = &user.as_bytes()[..cut];
        if piece.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        input.extend_from_slice(piece);
        input.push(b'\n');
        lines += 1;
    }
    let dir = scratch("truncated");
    let errors = dir.join("errors.ndjson");
    let run = scimap(
        &[
            "map",
            "-t",
            "custom-scim",
            "-",
            "--jobs",
            "2",
            "--errors",
            errors.to_str().unwrap(),
        ],
        &input,
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    let records = std::fs::read_to_string(&errors).expect("error records");
    let mapped = line_count(&run.stdout);
    assert_eq!(mapped, 1, "only the whole line maps");
    assert_eq!(mapped + line_count(&records), lines);
    // Every error record names its own line, once.
    let mut numbers: Vec<u64> = records
        .lines()
        .map(|r| {
            serde_json::from_str::<serde_json::Value>(r).expect("JSON")["line"]
                .as_u64()
                .expect("line")
        })
        .collect();
    numbers.dedup();
    assert_eq!(numbers, (1..lines as u64).collect::<Vec<_>>());
}
