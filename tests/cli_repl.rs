//! `scimap repl` through the real binary: in a pseudo-terminal (value and type, completion, a
//! diagnostic, multi-line entries, history), and with a piped standard input (snapshots).

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use rexpect::reader::Options;
use rexpect::session::{spawn_with_options, PtySession};

/// A fresh directory for one test (the session's `HOME`).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_repl")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn spawn(home: &Path, args: &[&str]) -> PtySession {
    let mut command = Command::cargo_bin("scimap").expect("the scimap binary");
    command
        .arg("repl")
        .args(args)
        .env("HOME", home)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let options = Options::new()
        .timeout_ms(Some(20_000))
        .strip_ansi_escape_codes(true);
    spawn_with_options(command, options).expect("scimap repl starts in a pty")
}

#[test]
fn a_terminal_session_shows_values_types_completions_and_diagnostics() {
    let home = scratch("session");
    let mut repl = spawn(&home, &[]);
    repl.exp_string("built-in sample user").unwrap();
    repl.exp_string("scimap> ").unwrap();

    repl.send_line("1 + 2").unwrap();
    repl.exp_string("3").unwrap();
    repl.exp_string(": int").unwrap();
    repl.exp_string("scimap> ").unwrap();

    // TAB completes the only field of the sample user starting with `first`.
    repl.send("jcUser.first").unwrap();
    repl.send("\t").unwrap();
    repl.flush().unwrap();
    repl.exp_string("jcUser.firstname").unwrap();
    repl.send_line("").unwrap();
    repl.exp_string("\"John\"").unwrap();
    repl.exp_string("string at run time").unwrap();
    repl.exp_string("scimap> ").unwrap();

    repl.send_line("upper(1)").unwrap();
    repl.exp_string("T0003").unwrap();
    repl.exp_string("cannot use int as argument (type string) to call upper")
        .unwrap();
    repl.exp_string("scimap> ").unwrap();

    // An open bracket continues the entry.
    repl.send_line("map([1,").unwrap();
    repl.exp_string("...> ").unwrap();
    repl.send_line("2], # * 10)").unwrap();
    repl.exp_string("20").unwrap();
    repl.exp_string(": []interface {}").unwrap();
    repl.exp_string("scimap> ").unwrap();

    repl.send_line(":type jcUser.addresses").unwrap();
    repl.exp_string(": interface {}").unwrap();
    repl.exp_string("scimap> ").unwrap();

    repl.send_line(":quit").unwrap();
    repl.exp_eof().unwrap();
    let history = std::fs::read_to_string(home.join(".scimap_history")).expect("history saved");
    assert!(history.contains("1 + 2"), "{history}");
    assert!(history.contains("jcUser.firstname"), "{history}");
}

#[test]
fn a_terminal_session_previews_the_table_and_ends_on_ctrl_d() {
    let home = scratch("preview");
    let mut repl = spawn(
        &home,
        &[
            "--table",
            "namely",
            "--input",
            "tests/data/users/alice.json",
        ],
    );
    repl.exp_string("tests/data/users/alice.json; table <namely>")
        .unwrap();
    repl.exp_string("scimap> ").unwrap();
    repl.send(":he").unwrap();
    repl.send("\t").unwrap();
    repl.flush().unwrap();
    repl.exp_string(":help").unwrap();
    repl.send_line(" toScimEmails").unwrap();
    repl.exp_string("toScimEmails(any) -> array").unwrap();
    repl.exp_string("scimap> ").unwrap();
    repl.send_line(":preview").unwrap();
    repl.exp_string("\"userName\"").unwrap();
    repl.exp_string("scimap> ").unwrap();
    repl.send_control('d').unwrap();
    repl.exp_eof().unwrap();
}

/// What a piped session printed and returned.
fn piped(args: &[&str], stdin: &str) -> String {
    let output = assert_cmd::Command::cargo_bin("scimap")
        .expect("the scimap binary")
        .arg("repl")
        .args(args)
        .env("NO_COLOR", "1")
        .write_stdin(stdin)
        .output()
        .expect("scimap runs");
    let report = format!(
        "status: {}\n--- stdout\n{}--- stderr\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    report.replace("(os error 2)", "(os error N)")
}

#[test]
fn piped_entries_are_evaluated_in_turn() {
    let script = "\
1 + 2
upper(jcUser.firstname) + ' ' + jcUser.lastname
let n = len(jcUser.addresses); \\
n * 2
filter(jcUser.phoneNumbers, {
  .type == 'mobile'
})[0].number
:type jcUser.firstname
:type trim('x')
nil
";
    let report = piped(&[], script);
    assert!(report.starts_with("status: 0\n"), "{report}");
    insta::assert_snapshot!("piped_values", report);
}

#[test]
fn piped_diagnostics_and_commands() {
    let script = "\
upper(1)
jcUser.nofield.x
1 +
:help upper
:help uper
:bogus
:load tests/data/users/zoe.json
jcUser.firstname
:preview
:table heap
:preview
:load no-such-file.json
:quit
1 + 1
";
    let report = piped(&[], script);
    assert!(report.starts_with("status: 1\n"), "{report}");
    assert!(!report.contains("\n2\n"), "nothing runs after :quit");
    insta::assert_snapshot!("piped_diagnostics", report);
}

#[test]
fn bad_arguments_and_malformed_files_are_reported() {
    let dir = scratch("malformed");
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"jcUser\": {\"firstname\": ").expect("write");
    let list = dir.join("list.json");
    std::fs::write(&list, "[1, 2]").expect("write");
    let hide = |report: String| report.replace(dir.to_str().unwrap(), "[dir]");
    insta::assert_snapshot!(
        "missing_input",
        piped(&["--input", "no-such-user.json"], "")
    );
    insta::assert_snapshot!("missing_table", piped(&["--table", "no-such-table"], ""));
    insta::assert_snapshot!(
        "malformed_input",
        hide(piped(&["--input", broken.to_str().unwrap()], ""))
    );
    let script = format!(
        ":load {}\n:load {}\njcUser.firstname\n",
        broken.display(),
        list.display()
    );
    insta::assert_snapshot!("malformed_load", hide(piped(&[], &script)));
}
