//! The README's session of the program is real: every `$ scimap ...` line in the console blocks
//! of "The program" is run again here, and must print exactly what the README shows.

use std::path::Path;
use std::process::Command;

#[test]
fn the_readme_session_is_real_output() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let section = readme
        .split("\n## The program\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a section `## The program`");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_scimap")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut commands = 0;
    for block in section.split("```console\n").skip(1) {
        let block = block.split("```").next().unwrap_or("");
        for (command, expected) in steps(block) {
            let output = Command::new("bash")
                .arg("-c")
                .arg(format!("{command} 2>&1"))
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .env("COLUMNS", "100")
                .output()
                .expect("bash runs");
            let actual = String::from_utf8_lossy(&output.stdout);
            assert_eq!(actual, expected, "README output of `{command}` is stale");
            commands += 1;
        }
    }
    assert!(
        commands >= 8,
        "only {commands} commands in the README session"
    );
}

/// The commands of a console block (lines starting with `$ `), each with the output below it.
fn steps(block: &str) -> Vec<(String, String)> {
    let mut steps: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        match (line.strip_prefix("$ "), steps.last_mut()) {
            (Some(command), _) => steps.push((command.to_string(), String::new())),
            (None, Some((_, output))) => {
                output.push_str(line);
                output.push('\n');
            }
            (None, None) => panic!("console block starts without a command: {line}"),
        }
    }
    steps
}
