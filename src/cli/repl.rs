//! `scimap repl`: an interactive session over a user and a table.
//!
//! On a terminal: a line editor with history (kept in `~/.scimap_history` when `HOME` is set),
//! completion, and multi-line entries (`...> `). Otherwise (a pipe, a file): each entry of the
//! standard input is evaluated in turn, without prompts, and the exit status is 1 if any failed.

mod complete;
mod entry;
mod help;
mod session;

use std::io::{self, BufRead, IsTerminal};
use std::path::PathBuf;

use rustyline::config::{CompletionType, Config};
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::Editor;

use self::complete::ReplHelper;
use self::entry::Entry;
use self::session::{Session, Step};
use super::{usage_error, FINDINGS, OK, USAGE};

/// Arguments of `scimap repl`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The user: `{"jcUser": ..., "providerUser": ...}` or a bare JumpCloud user
    /// [default: the built-in sample user].
    #[arg(long, short, value_name = "FILE")]
    input: Option<PathBuf>,
    /// A table for `:preview`: a built-in name (`namely`, `heap`, `custom-scim`) or a file.
    #[arg(long, short, value_name = "NAME|FILE")]
    table: Option<String>,
}

/// Runs `scimap repl`.
pub fn run(args: &Args) -> u8 {
    let mut session = Session::new();
    if let Some(path) = &args.input {
        if !session.load_user(&path.to_string_lossy()) {
            return USAGE;
        }
    }
    if let Some(spec) = &args.table {
        if let Err(status) = session.load_table(spec) {
            return status;
        }
    }
    if io::stdin().is_terminal() {
        interactive(session)
    } else {
        scripted(session)
    }
}

/// Evaluates the entries of a non-interactive standard input.
fn scripted(mut session: Session) -> u8 {
    let mut entry = Entry::default();
    let mut ok = true;
    for line in io::stdin().lock().lines() {
        let line = match line {
            Ok(line) => line,
            Err(error) => return usage_error(format!("reading standard input: {error}")),
        };
        if let Some(text) = entry.push(&line) {
            match session.handle(&text) {
                Step::Quit => return status(ok),
                Step::Continue(fine) => ok &= fine,
            }
        }
    }
    if let Some(text) = entry.finish() {
        if let Step::Continue(fine) = session.handle(&text) {
            ok &= fine;
        }
    }
    status(ok)
}

fn status(ok: bool) -> u8 {
    if ok {
        OK
    } else {
        FINDINGS
    }
}

/// The line-editor session.
fn interactive(mut session: Session) -> u8 {
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .max_history_size(1000)
        .map(|builder| builder.build())
        .unwrap_or_default();
    let mut editor: Editor<ReplHelper, FileHistory> = match Editor::with_config(config) {
        Ok(editor) => editor,
        Err(error) => return usage_error(format!("cannot start the line editor: {error}")),
    };
    editor.set_helper(Some(ReplHelper::new(session.vocabulary())));
    let history = history_path();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    println!("scimap repl: {}", session.status());
    println!("Type an expression, :help for commands, Ctrl-D to leave.");
    let mut entry = Entry::default();
    loop {
        let prompt = if entry.is_empty() {
            "scimap> "
        } else {
            "...> "
        };
        let text = match editor.readline(prompt) {
            Ok(line) => match entry.push(&line) {
                Some(text) => text,
                None => continue,
            },
            Err(ReadlineError::Interrupted) => {
                entry.clear();
                continue;
            }
            Err(ReadlineError::Eof) => break,
            Err(error) => {
                save_history(&mut editor, history.as_ref());
                return usage_error(format!("reading input: {error}"));
            }
        };
        if !text.trim().is_empty() {
            let _ = editor.add_history_entry(text.as_str());
        }
        if session.handle(&text) == Step::Quit {
            break;
        }
        if let Some(helper) = editor.helper_mut() {
            helper.vocabulary = session.vocabulary();
        }
    }
    save_history(&mut editor, history.as_ref());
    OK
}

/// `~/.scimap_history`, when `HOME` is set.
fn history_path() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    Some(PathBuf::from(home).join(".scimap_history"))
}

fn save_history(editor: &mut Editor<ReplHelper, FileHistory>, path: Option<&PathBuf>) {
    if let Some(path) = path {
        let _ = editor.save_history(path);
    }
}
