//! Running the real `scimap` binary the way a user's shell does, reproducibly: from the
//! package root, without colour (`NO_COLOR`), at a fixed width (`COLUMNS`).

use assert_cmd::Command;

/// What one run of the program printed, and how it exited.
pub struct Run {
    pub command: String,
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `scimap ARGS...`.
pub fn scimap(args: &[&str]) -> Run {
    run(args, None)
}

/// Runs `scimap ARGS...` with `stdin` as standard input.
pub fn scimap_with_stdin(args: &[&str], stdin: &str) -> Run {
    run(args, Some(stdin))
}

fn run(args: &[&str], stdin: Option<&str>) -> Run {
    let mut command = Command::cargo_bin("scimap").expect("the scimap binary is built");
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE");
    if let Some(stdin) = stdin {
        command.write_stdin(stdin);
    }
    let output = command.output().expect("scimap runs");
    Run {
        command: shell_words(args),
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn shell_words(args: &[&str]) -> String {
    let quoted: Vec<String> = args
        .iter()
        .map(|arg| {
            if !arg.is_empty()
                && arg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:@".contains(c))
            {
                arg.to_string()
            } else if arg.contains('\'') && !arg.contains(['"', '$', '`', '\\', '!']) {
                format!("\"{arg}\"")
            } else {
                format!("'{}'", arg.replace('\'', r"'\''"))
            }
        })
        .collect();
    format!("scimap {}", quoted.join(" "))
}

impl Run {
    /// The command, its exit status, stdout and stderr, as one snapshot.
    pub fn snapshot(&self) -> String {
        format!(
            "$ {}\nexit status: {}\n--- stdout\n{}--- stderr\n{}",
            self.command, self.status, self.stdout, self.stderr
        )
    }
}
