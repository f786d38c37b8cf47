//! Go (RE2) regular expressions on Rust's `regex` crate.
//!
//! The two dialects agree except where Rust's is richer: inside a class, Rust reads `[` as a
//! nested class and `&&`/`~~`/`--` as set operations, where RE2 reads plain characters; and a `{`
//! that does not start a repetition (`{a}`) is a literal in RE2 but an error in Rust. `\Q…\E`
//! quotes are RE2 only. [`translate`] rewrites a Go pattern into a Rust one that matches the same
//! strings, so `matches` behaves as the reference does.

use regex::bytes::Regex;

/// Compiles a Go regular expression.
pub fn compile(pattern: &str) -> Result<Regex, String> {
    regex::bytes::RegexBuilder::new(&translate(pattern))
        .octal(true)
        .build()
        .map_err(|error| match error {
            regex::Error::Syntax(text) => text
                .lines()
                .last()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string(),
            other => other.to_string(),
        })
}

/// Rewrites a Go (RE2) pattern into Rust `regex` syntax with the same meaning.
pub fn translate(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1) == Some(&'Q') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '\\' && chars.get(i + 1) == Some(&'E')) {
                    out.push_str(&regex::escape(&chars[i].to_string()));
                    i += 1;
                }
                i += 2;
                continue;
            }
            '\\' => {
                out.push(c);
                if let Some(next) = chars.get(i + 1) {
                    out.push(*next);
                }
                i += 2;
                // `\p{Greek}`: copy the braces with the escape.
                if matches!(chars.get(i - 1), Some('p' | 'P')) && chars.get(i) == Some(&'{') {
                    while i < chars.len() {
                        out.push(chars[i]);
                        i += 1;
                        if chars[i - 1] == '}' {
                            break;
                        }
                    }
                }
                continue;
            }
            '[' if in_class => {
                if chars.get(i + 1) == Some(&':') {
                    // A POSIX class `[:alpha:]`: copy it whole.
                    let end = (i + 2..chars.len().saturating_sub(1))
                        .find(|&j| chars[j] == ':' && chars[j + 1] == ']');
                    if let Some(end) = end {
                        out.extend(&chars[i..end + 2]);
                        i = end + 2;
                        continue;
                    }
                }
                out.push_str("\\[");
            }
            '[' => {
                in_class = true;
                out.push('[');
                // `[]a]` and `[^]a]`: a `]` first in the class is literal.
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i + 1) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '-' if in_class && chars.get(i + 1) == Some(&'-') => out.push_str("\\-"),
            '{' if !in_class => match repetition_length(&chars[i..]) {
                Some(len) => {
                    out.extend(&chars[i..i + len]);
                    i += len;
                    continue;
                }
                None => out.push_str("\\{"),
            },
            '}' if !in_class => out.push_str("\\}"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// When `chars` (starting at `{`) is a repetition `{n}`, `{n,}` or `{n,m}`: its length.
fn repetition_length(chars: &[char]) -> Option<usize> {
    let end = chars.iter().position(|&c| c == '}')?;
    let body: String = chars[1..end].iter().collect();
    let mut parts = body.splitn(2, ',');
    let first = parts.next().unwrap_or_default();
    let valid = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let ok = valid(first)
        && parts
            .next()
            .is_none_or(|second| second.is_empty() || valid(second));
    ok.then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        compile(pattern).unwrap().is_match(text.as_bytes())
    }

    #[test]
    fn brackets_inside_a_class_are_literal() {
        assert!(!matches("[map[Bar:bar] map[Bar:baz]]", "bool"));
        assert!(matches("[a[]x", "[x"));
        assert!(matches("[[:digit:]]", "7"));
        assert!(matches("[]a]", "]"));
    }

    #[test]
    fn braces_that_are_not_repetitions_are_literal() {
        assert!(matches(
            "{\n  \"Bar\": \"foo\"\n}",
            "{\n  \"Bar\": \"foo\"\n}"
        ));
        assert!(matches("a{2}", "aa"));
        assert!(matches("a{2,}", "aaa"));
        assert!(!matches("^a{2,3}$", "a"));
        assert!(matches("^a{2}$", "aa"));
        assert!(matches(r"^\p{Lu}", "Élan"));
        assert!(matches("x}", "x}"));
    }

    #[test]
    fn quoted_sections() {
        assert!(matches(r"\Q.*\E", ".*"));
        assert!(!matches(r"\Q.*\E", "abc"));
    }

    #[test]
    fn err_invalid_patterns_still_fail() {
        assert!(compile("[").is_err());
        assert!(compile("(a").is_err());
    }
}
