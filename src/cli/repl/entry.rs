//! Multi-line entries: a line ending with `\`, or with a bracket, string or comment still open,
//! continues on the next line.

/// Collects physical lines into one entry.
#[derive(Debug, Default)]
pub struct Entry {
    text: String,
}

impl Entry {
    /// Whether no line has been added yet.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Adds a line; returns the whole entry when it is complete.
    pub fn push(&mut self, line: &str) -> Option<String> {
        let line = line.trim_end_matches(['\r', '\n']);
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        if let Some(continued) = line.strip_suffix('\\') {
            self.text.push_str(continued);
            return None;
        }
        self.text.push_str(line);
        if self.text.starts_with(':') || is_complete(&self.text) {
            Some(std::mem::take(&mut self.text))
        } else {
            None
        }
    }

    /// Ends the entry as it is (at the end of the input).
    pub fn finish(&mut self) -> Option<String> {
        let text = std::mem::take(&mut self.text);
        (!text.trim().is_empty()).then_some(text)
    }

    /// Forgets a half-typed entry (Ctrl-C).
    pub fn clear(&mut self) {
        self.text.clear();
    }
}

/// Whether every bracket, string and block comment opened in `text` is closed. Surplus closing
/// brackets count as complete: the parser reports them.
pub fn is_complete(text: &str) -> bool {
    let mut depth = 0_i64;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            // Skips a string (backquoted ones are raw); a closed one falls through to `_`.
            '\'' | '"' | '`' if !skip_string(&mut chars, c, c != '`') => return false,
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                let mut closed = false;
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        closed = true;
                        break;
                    }
                    previous = c;
                }
                if !closed {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth <= 0
}

/// Skips to the closing `quote`; false when the text ends first.
fn skip_string(chars: &mut impl Iterator<Item = char>, quote: char, escapes: bool) -> bool {
    let mut escaped = false;
    for c in chars {
        if escaped {
            escaped = false;
        } else if escapes && c == '\\' {
            escaped = true;
        } else if c == quote {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_brackets_strings_and_comments_continue() {
        assert!(is_complete("upper(jcUser.firstname)"));
        assert!(is_complete("a) + (b"));
        assert!(!is_complete("upper("));
        assert!(!is_complete("[1, {a: 2"));
        assert!(!is_complete("'it\\'s"));
        assert!(is_complete("'(' + \"[\""));
        assert!(!is_complete("`raw"));
        assert!(!is_complete("1 /* note"));
        assert!(is_complete("1 // (note"));
    }

    #[test]
    fn lines_join_into_one_entry() {
        let mut entry = Entry::default();
        assert_eq!(entry.push("let x = 1; \\"), None);
        assert_eq!(entry.push("map([1,"), None);
        assert_eq!(
            entry.push("2], # + x)").as_deref(),
            Some("let x = 1; \nmap([1,\n2], # + x)")
        );
        assert!(entry.is_empty());
        assert_eq!(entry.push(":help upper(").as_deref(), Some(":help upper("));
        assert_eq!(entry.push("(").as_deref(), None);
        assert_eq!(entry.finish().as_deref(), Some("("));
    }
}
