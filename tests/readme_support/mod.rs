//! Replaying a README section: every `$ command` line of its ```console blocks runs in bash
//! (with the built `scimap` first on the PATH, no colour, 100 columns) and must print exactly
//! the lines the README shows below it.

use std::path::Path;
use std::process::Command;

/// Replays the console blocks of the README section `## {heading}` in `dir`; returns how many
/// commands ran. Panics on the first command whose output differs from the README's.
pub fn replay_section(heading: &str, dir: &Path) -> usize {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let section = readme
        .split(&format!("\n## {heading}\n"))
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_else(|| panic!("a section `## {heading}`"));
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_scimap"))
        .parent()
        .expect("the binary's folder");
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
                .current_dir(dir)
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
    commands
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
