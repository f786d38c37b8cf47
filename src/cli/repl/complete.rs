//! Tab completion: `:commands`, variables, builtins and keywords, field names after a `.` (from
//! the loaded document and, for `jcUser` and `providerUser`, from their schemas), built-in table
//! names and file names after `:table` and `:load`.

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};
use serde_json::Value as Json;

use scimap::mapping::{builtin, MANAGER_FIELD};
use scimap::scim::ResourceSchema;

/// The REPL's commands, as completed and listed by `:help`.
pub const COMMANDS: &[(&str, &str)] = &[
    (
        ":help",
        "[NAME]      a builtin's signatures, documentation and examples; or this list",
    ),
    (
        ":type",
        "EXPR        the inferred type of EXPR, without evaluating it",
    ),
    (
        ":load",
        "FILE        load a user file ({\"jcUser\": ..., \"providerUser\": ...} or a user)",
    ),
    (
        ":table",
        "[NAME|FILE] show the table, or load one (built-in or a file)",
    ),
    (
        ":preview",
        "           the SCIM resource the table makes of the loaded user",
    ),
    (":quit", "              leave (Ctrl-D too)"),
];

/// The JumpCloud user's fields (mapping spec section 3), completed even when the loaded user
/// lacks them.
const JUMPCLOUD_FIELDS: &[&str] = &[
    "_id",
    "id",
    "username",
    "email",
    "firstname",
    "middlename",
    "lastname",
    "displayname",
    "alternateEmail",
    "jobTitle",
    "department",
    "company",
    "costCenter",
    "employeeType",
    "employeeIdentifier",
    "location",
    "description",
    "manager",
    "state",
    "activated",
    "suspended",
    "account_locked",
    "created",
    "addresses",
    "phoneNumbers",
    "attributes",
    MANAGER_FIELD,
];

const KEYWORDS: &[&str] = &[
    "let",
    "true",
    "false",
    "nil",
    "not",
    "and",
    "or",
    "in",
    "matches",
    "contains",
    "startsWith",
    "endsWith",
];

/// What can be completed: the session's variables and the builtin names.
#[derive(Default)]
pub struct Vocabulary {
    /// The environment: `{"jcUser": ..., "providerUser": ...}`.
    pub env: Json,
    /// Builtin function names, sorted.
    pub builtins: Vec<String>,
}

impl Vocabulary {
    /// Where the word under the cursor starts, and what it may become.
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let before = &line[..pos];
        if let Some(rest) = before.strip_prefix(':') {
            return match rest.split_once(char::is_whitespace) {
                None => (0, matching(COMMANDS.iter().map(|(name, _)| *name), before)),
                Some(("help", word)) => {
                    let word = word.trim_start();
                    (pos - word.len(), matching(self.builtins.iter(), word))
                }
                Some(("table", word)) => {
                    let word = word.trim_start();
                    let tables = builtin::TABLES.iter().map(|t| t.name);
                    (pos - word.len(), matching(tables, word))
                }
                Some(_) => (pos, Vec::new()),
            };
        }
        let start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | '?'))
            .last()
            .map_or(pos, |(i, _)| i);
        let word = &before[start..];
        match word.rsplit_once('.') {
            None => (start, self.names(word)),
            Some((path, partial)) => (pos - partial.len(), self.fields(path, partial)),
        }
    }

    fn names(&self, prefix: &str) -> Vec<String> {
        let variables = self.env.as_object().into_iter().flat_map(|m| m.keys());
        let words = variables
            .map(String::as_str)
            .chain(self.builtins.iter().map(String::as_str))
            .chain(KEYWORDS.iter().copied());
        matching(words, prefix)
    }

    /// Fields of the object at `path` (`jcUser`, `jcUser.mfa`, `jcUser?.mfa`).
    fn fields(&self, path: &str, prefix: &str) -> Vec<String> {
        let segments: Vec<&str> = path.split('.').map(|s| s.trim_end_matches('?')).collect();
        let mut value = Some(&self.env);
        for segment in &segments {
            value = value.and_then(|v| v.get(segment));
        }
        let mut names: Vec<String> = value
            .and_then(Json::as_object)
            .map(|object| object.keys().cloned().collect())
            .unwrap_or_default();
        match segments.as_slice() {
            ["jcUser"] => names.extend(JUMPCLOUD_FIELDS.iter().map(|s| s.to_string())),
            ["providerUser"] => {
                let schema = ResourceSchema::user();
                names.extend(schema.core().attributes.iter().map(|a| a.name.to_string()));
            }
            _ => {}
        }
        let identifiers = names.iter().filter(|name| is_identifier(name));
        matching(identifiers, prefix)
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// The words starting with `prefix`, sorted, once each.
fn matching<S: AsRef<str>>(words: impl Iterator<Item = S>, prefix: &str) -> Vec<String> {
    let mut found: Vec<String> = words
        .filter(|w| w.as_ref().starts_with(prefix))
        .map(|w| w.as_ref().to_string())
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The line editor's helper: completion only (no hints, no colours, no validation: multi-line
/// entries are collected by the loop, with a `...>` prompt).
pub struct ReplHelper {
    /// What can be completed.
    pub vocabulary: Vocabulary,
    files: FilenameCompleter,
}

impl ReplHelper {
    /// A helper completing from `vocabulary`.
    pub fn new(vocabulary: Vocabulary) -> ReplHelper {
        ReplHelper {
            vocabulary,
            files: FilenameCompleter::new(),
        }
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let (start, words) = self.vocabulary.complete(line, pos);
        let wants_file = line.starts_with(":load ") || line.starts_with(":table ");
        if words.is_empty() && wants_file {
            return self.files.complete(line, pos, ctx);
        }
        let pairs = words
            .into_iter()
            .map(|word| Pair {
                display: word.clone(),
                replacement: word,
            })
            .collect();
        Ok((start, pairs))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {}

impl Validator for ReplHelper {}

impl Helper for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary {
            env: serde_json::json!({
                "jcUser": {"firstname": "Ada", "mfa": {"configured": true}, "weird-key": 1},
                "providerUser": {}
            }),
            builtins: vec!["first".into(), "upper".into(), "lower".into()],
        }
    }

    fn complete(line: &str) -> (usize, Vec<String>) {
        vocabulary().complete(line, line.len())
    }

    #[test]
    fn fields_after_a_dot() {
        assert_eq!(complete("jcUser.first"), (7, vec!["firstname".to_string()]));
        assert_eq!(
            complete("upper(jcUser?.mfa.c"),
            (18, vec!["configured".into()])
        );
        assert!(complete("jcUser.")
            .1
            .contains(&"managerExternalId".to_string()));
        assert!(!complete("jcUser.").1.contains(&"weird-key".to_string()));
        assert!(complete("providerUser.user")
            .1
            .contains(&"userName".to_string()));
    }

    #[test]
    fn names_commands_and_arguments() {
        assert_eq!(complete("1 + jc"), (4, vec!["jcUser".to_string()]));
        assert_eq!(complete("fir"), (0, vec!["first".to_string()]));
        assert_eq!(complete(":he"), (0, vec![":help".to_string()]));
        assert_eq!(complete(":help up"), (6, vec!["upper".to_string()]));
        assert_eq!(complete(":table na"), (7, vec!["namely".to_string()]));
    }
}
