//! A Go-faithful lexical scan of the source, used before and around the pest parse.
//!
//! The reference lexes the whole input before parsing, so a lexical error anywhere wins over any
//! syntax error. This scanner mirrors its state machine (`parser/lexer/state.go`) closely enough to
//! report the same errors at the same places (`literal not terminated`, `invalid char escape`,
//! `bad number syntax: "1a"`, `unrecognized character: U+0040 '@'`, `unclosed comment`), to
//! measure bracket nesting before pest recurses, and to name the token at a pest failure position
//! the way Go prints it (`Operator("+")`, `Bracket(")")`, `EOF`).

use super::ast::Span;
use super::literal;
use crate::diagnostic::{Code, Diagnostic};

/// The token kinds of the reference lexer, as they appear in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Identifier,
    Number,
    String,
    Bytes,
    Operator,
    Bracket,
    Eof,
}

/// One token: its kind and its byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// Words the reference lexes as operators rather than identifiers.
pub(crate) const OPERATOR_WORDS: &[&str] = &[
    "not",
    "in",
    "or",
    "and",
    "matches",
    "contains",
    "startsWith",
    "endsWith",
    "let",
    "if",
    "else",
];

/// Go's `IsAlphaNumeric`: alphabetic or a Unicode decimal digit (category Nd).
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_' || c == '$';
    }
    pest::unicode::LETTER(c) || pest::unicode::DECIMAL_NUMBER(c)
}

/// Go's `unicode.IsSpace` (the Unicode `White_Space` property, as the grammar's `WHITE_SPACE`).
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// The outcome of a scan: the tokens (when asked for) and the deepest bracket nesting.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Tokens in source order, ending with `Eof` (only filled when requested).
    pub tokens: Vec<Token>,
    /// An upper bound on how deeply the parser will recurse: open brackets, plus the constructs
    /// that nest without brackets (`?:`, `let`, `if`, `**` inside the innermost brackets, and a
    /// run of prefix operators).
    pub max_nesting: usize,
}

/// The reference lexer's state, over bytes with char decoding where needed.
struct Lexer<'s> {
    source: &'s str,
    bytes: &'s [u8],
    pos: usize,
    keep_tokens: bool,
    scan: Scan,
    /// Nesting constructs seen in each open bracket (the first entry is the top level).
    levels: Vec<usize>,
    /// Sum of `levels`.
    persistent: usize,
    /// Consecutive prefix operators just seen.
    prefix_run: usize,
    /// Whether the previous token ends an operand (so `-`/`+`/`!`/`not` after it are binary).
    after_operand: bool,
}

/// Scans `source`. `keep_tokens` collects the tokens (for diagnostics); parsing only
/// validates and measures.
pub(crate) fn scan(source: &str, keep_tokens: bool) -> Result<Scan, Diagnostic> {
    let mut lexer = Lexer {
        source,
        bytes: source.as_bytes(),
        pos: 0,
        keep_tokens,
        scan: Scan::default(),
        levels: vec![0],
        persistent: 0,
        prefix_run: 0,
        after_operand: false,
    };
    lexer.run()?;
    Ok(lexer.scan)
}

/// The tokens of a source that scanned without error (empty if it did not).
pub(crate) fn tokens(source: &str) -> Vec<Token> {
    scan(source, true).map(|s| s.tokens).unwrap_or_default()
}

impl<'s> Lexer<'s> {
    fn peek_char(&self) -> Option<char> {
        self.source[self.pos..].chars().next()
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.source.get(at..).and_then(|s| s.chars().next())
    }

    fn byte_at(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    fn emit(&mut self, kind: TokenKind, start: usize) {
        self.after_operand = matches!(
            kind,
            TokenKind::Identifier | TokenKind::Number | TokenKind::String | TokenKind::Bytes
        );
        let nesting = self.levels.len() - 1 + self.persistent + self.prefix_run;
        self.scan.max_nesting = self.scan.max_nesting.max(nesting);
        if self.after_operand {
            self.prefix_run = 0;
        }
        if self.keep_tokens {
            self.scan.tokens.push(Token {
                kind,
                span: Span::new(start, self.pos),
            });
        }
    }

    /// An error at the character starting at `at` (or at the end of input).
    fn error_at(&self, code: Code, message: impl Into<String>, at: usize) -> Diagnostic {
        let end = self.char_at(at).map_or(at, |c| at + c.len_utf8());
        let message = message.into();
        let help = lexical_help(&message);
        Diagnostic::error(code, message, Span::new(at, end)).with_help(help)
    }

    fn run(&mut self) -> Result<(), Diagnostic> {
        loop {
            let Some(c) = self.peek_char() else {
                let end = self.source.len();
                let start = self.source[..end]
                    .chars()
                    .next_back()
                    .map_or(0, |c| end - c.len_utf8());
                if self.keep_tokens {
                    self.scan.tokens.push(Token {
                        kind: TokenKind::Eof,
                        span: Span::new(start, end),
                    });
                }
                return Ok(());
            };
            let start = self.pos;
            if is_space(c) {
                self.pos += c.len_utf8();
                continue;
            }
            match c {
                '"' | '\'' => {
                    self.pos += 1;
                    self.scan_quoted(c, start)?;
                    self.emit(TokenKind::String, start);
                }
                '`' => {
                    self.pos += 1;
                    self.scan_raw(start)?;
                    self.emit(TokenKind::String, start);
                }
                'b' | 'B' if matches!(self.byte_at(start + 1), Some(b'"' | b'\'')) => {
                    let quote = self.bytes[start + 1] as char;
                    self.pos += 2;
                    self.scan_quoted(quote, start)?;
                    self.emit(TokenKind::Bytes, start);
                }
                '0'..='9' => {
                    self.scan_number(start)?;
                    self.emit(TokenKind::Number, start);
                }
                '.' => {
                    if self.byte_at(start + 1).is_some_and(|b| b.is_ascii_digit()) {
                        self.scan_number(start)?;
                        self.emit(TokenKind::Number, start);
                    } else {
                        self.pos += if self.byte_at(start + 1) == Some(b'.') {
                            2
                        } else {
                            1
                        };
                        self.operator(start);
                    }
                }
                '?' => {
                    self.pos += 1;
                    if matches!(self.byte_at(self.pos), Some(b'.' | b'?')) {
                        self.pos += 1;
                    }
                    if self.pos - start == 1 {
                        self.nests();
                    }
                    self.operator(start);
                }
                '/' => match self.byte_at(start + 1) {
                    Some(b'/') => {
                        self.pos = self.source[start..]
                            .find('\n')
                            .map_or(self.source.len(), |i| start + i + 1);
                    }
                    Some(b'*') => match self.source[start + 2..].find("*/") {
                        Some(i) => self.pos = start + 2 + i + 2,
                        None => {
                            return Err(self.error_at(
                                Code::Lexical,
                                "unclosed comment",
                                self.source.len(),
                            ))
                        }
                    },
                    _ => {
                        self.pos += 1;
                        self.operator(start);
                    }
                },
                '#' => {
                    self.pos += 1;
                    if self.byte_at(self.pos) == Some(b'#') {
                        self.pos += 1;
                    }
                    self.operator(start);
                    let word_start = self.pos;
                    self.skip_word();
                    if self.pos > word_start {
                        self.emit(TokenKind::Identifier, word_start);
                    }
                }
                '|' | ':' => {
                    self.pos += 1;
                    if self.byte_at(self.pos) == Some(c as u8) {
                        self.pos += 1;
                    }
                    self.operator(start);
                }
                '(' | '[' | '{' => {
                    self.pos += 1;
                    self.levels.push(0);
                    self.prefix_run = 0;
                    self.emit(TokenKind::Bracket, start);
                }
                ')' | ']' | '}' => {
                    self.pos += 1;
                    if self.levels.len() > 1 {
                        self.persistent -= self.levels.pop().unwrap_or(0);
                    }
                    self.emit(TokenKind::Bracket, start);
                    self.after_operand = true;
                }
                ',' | ';' | '%' | '+' | '-' | '^' => {
                    self.pos += 1;
                    if c == '^' {
                        self.nests();
                    } else if !self.after_operand && matches!(c, '+' | '-') {
                        self.prefix_run += 1;
                    }
                    self.operator(start);
                }
                '&' | '!' | '=' | '*' | '<' | '>' => {
                    self.pos += 1;
                    if matches!(self.byte_at(self.pos), Some(b'&' | b'=' | b'*')) {
                        self.pos += 1;
                    }
                    match &self.source[start..self.pos] {
                        "!" => self.prefix_run += 1,
                        "**" => self.nests(),
                        _ => {}
                    }
                    self.operator(start);
                }
                c if is_alphanumeric(c) => {
                    self.skip_word();
                    let word = &self.source[start..self.pos];
                    if OPERATOR_WORDS.contains(&word) {
                        match word {
                            "not" if !self.after_operand => self.prefix_run += 1,
                            "let" | "if" => self.nests(),
                            _ => {}
                        }
                        self.operator(start);
                    } else {
                        self.emit(TokenKind::Identifier, start);
                    }
                }
                c => {
                    return Err(self.error_at(
                        Code::Lexical,
                        format!("unrecognized character: {}", go_unicode(c)),
                        start,
                    ))
                }
            }
        }
    }

    /// A construct that nests what follows it, up to the end of the enclosing bracket.
    fn nests(&mut self) {
        if let Some(level) = self.levels.last_mut() {
            *level += 1;
        }
        self.persistent += 1;
    }

    fn operator(&mut self, start: usize) {
        self.emit(TokenKind::Operator, start);
    }

    fn skip_word(&mut self) {
        while let Some(c) = self.peek_char() {
            if !is_alphanumeric(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    fn accept_run(&mut self, digits: &[u8]) {
        while self.byte_at(self.pos).is_some_and(|b| digits.contains(&b)) {
            self.pos += 1;
        }
    }

    fn accept(&mut self, options: &[u8]) -> bool {
        if self.byte_at(self.pos).is_some_and(|b| options.contains(&b)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// `scanNumber`: the digits of the base, an optional fraction (not before `..`), an optional
    /// exponent, and no alphanumeric character right after.
    fn scan_number(&mut self, start: usize) -> Result<(), Diagnostic> {
        let mut digits: &[u8] = b"0123456789_";
        if self.accept(b"0") {
            if self.accept(b"xX") {
                digits = b"0123456789abcdefABCDEF_";
            } else if self.accept(b"oO") {
                digits = b"01234567_";
            } else if self.accept(b"bB") {
                digits = b"01_";
            }
        }
        self.accept_run(digits);
        let before_dot = self.pos;
        if self.accept(b".") {
            if self.byte_at(self.pos) == Some(b'.') {
                self.pos = before_dot;
                return Ok(());
            }
            self.accept_run(digits);
        }
        if self.accept(b"eE") {
            self.accept(b"+-");
            self.accept_run(digits);
        }
        if let Some(c) = self.peek_char().filter(|c| is_alphanumeric(*c)) {
            let bad = self.pos;
            self.pos += c.len_utf8();
            let word = &self.source[start..self.pos];
            return Err(self.error_at(
                Code::NumberLiteral,
                format!("bad number syntax: {}", go_quote(word)),
                bad,
            ));
        }
        Ok(())
    }

    /// `scanString` + `unescape`: a quoted string (or the body of a bytes literal).
    fn scan_quoted(&mut self, quote: char, start: usize) -> Result<(), Diagnostic> {
        loop {
            let at = self.pos;
            let Some(c) = self.peek_char() else {
                return Err(self.error_at(Code::Lexical, "literal not terminated", at));
            };
            if c == quote {
                self.pos += 1;
                break;
            }
            if c == '\n' {
                return Err(self.error_at(Code::Lexical, "literal not terminated", at));
            }
            self.pos += c.len_utf8();
            if c == '\\' {
                self.scan_escape(quote)?;
            }
        }
        // Second stage: the unescaper must accept what the scanner let through.
        let bytes = self.bytes[start] != quote as u8;
        let body_start = if bytes { start + 2 } else { start + 1 };
        let body = &self.source[body_start..self.pos - 1];
        let ok = if bytes {
            literal::unescape_bytes(body).is_ok()
        } else {
            literal::unescape_string(body).is_ok()
        };
        if !ok {
            return Err(self.error_at(Code::Lexical, "unable to unescape string", self.pos - 1));
        }
        Ok(())
    }

    /// `scanEscape`, after the backslash.
    fn scan_escape(&mut self, quote: char) -> Result<(), Diagnostic> {
        let at = self.pos;
        let Some(c) = self.peek_char() else {
            return Err(self.error_at(Code::Lexical, "invalid char escape", at));
        };
        self.pos += c.len_utf8();
        match c {
            'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\' => Ok(()),
            c if c == quote => Ok(()),
            '0'..='7' => self.scan_digits(8, 2),
            'x' => self.scan_digits(16, 2),
            'U' => self.scan_digits(16, 8),
            'u' if self.byte_at(self.pos) == Some(b'{') => {
                self.pos += 1;
                let digits_start = self.pos;
                while self
                    .byte_at(self.pos)
                    .is_some_and(|b| b.is_ascii_hexdigit())
                {
                    self.pos += 1;
                }
                let count = self.pos - digits_start;
                if count == 0 || count > 6 || self.byte_at(self.pos) != Some(b'}') {
                    return Err(self.error_at(Code::Lexical, "invalid char escape", self.pos));
                }
                self.pos += 1;
                Ok(())
            }
            'u' => self.scan_digits(16, 4),
            _ => Err(self.error_at(Code::Lexical, "invalid char escape", at)),
        }
    }

    fn scan_digits(&mut self, base: u32, count: usize) -> Result<(), Diagnostic> {
        for _ in 0..count {
            match self.peek_char() {
                Some(c) if c.is_digit(base) => self.pos += 1,
                _ => return Err(self.error_at(Code::Lexical, "invalid char escape", self.pos)),
            }
        }
        Ok(())
    }

    /// A backtick raw string: no escapes, a doubled backtick is one backtick.
    fn scan_raw(&mut self, _start: usize) -> Result<(), Diagnostic> {
        loop {
            let at = self.pos;
            let Some(c) = self.peek_char() else {
                return Err(self.error_at(Code::Lexical, "literal not terminated", at));
            };
            self.pos += c.len_utf8();
            if c == '`' {
                if self.byte_at(self.pos) == Some(b'`') {
                    self.pos += 1;
                } else {
                    return Ok(());
                }
            }
        }
    }
}

/// How to fix a lexical error, by its message.
fn lexical_help(message: &str) -> &'static str {
    match message {
        "literal not terminated" => {
            "close the string with the quote it starts with; a quoted string cannot span lines (use `...` for that)"
        }
        "invalid char escape" | "unable to unescape string" => {
            "valid escapes: \\n \\t \\r \\\\ \\\" \\' \\xHH \\uHHHH \\u{H...} \\NNN (octal, at most \\377); write a backslash as \\\\"
        }
        "unclosed comment" => "close the comment with */",
        m if m.starts_with("bad number syntax") => {
            "a number cannot run into a letter: add a space or an operator after it"
        }
        _ => "remove the character, or put it inside a string",
    }
}

/// Go's `%#U`: `U+0040 '@'` (the character only when printable).
fn go_unicode(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{}'", c as u32, c)
    }
}

/// Go's `%q` / `%#v` of a string: double-quoted with Go escapes.
pub(crate) fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// How the reference prints a token in `unexpected token ...`.
pub(crate) fn describe(source: &str, token: &Token) -> String {
    let text = source.get(token.span.range()).unwrap_or("");
    let value = match token.kind {
        TokenKind::Eof => return "EOF".to_string(),
        TokenKind::String => literal::string_value(text).unwrap_or_else(|| text.to_string()),
        TokenKind::Bytes => text
            .get(2..text.len().saturating_sub(1))
            .and_then(|body| literal::unescape_bytes(body).ok())
            .map_or_else(
                || text.to_string(),
                |b| String::from_utf8_lossy(&b).into_owned(),
            ),
        _ => text.to_string(),
    };
    let kind = match token.kind {
        TokenKind::Identifier => "Identifier",
        TokenKind::Number => "Number",
        TokenKind::String => "String",
        TokenKind::Bytes => "Bytes",
        TokenKind::Operator => "Operator",
        TokenKind::Bracket => "Bracket",
        TokenKind::Eof => "EOF",
    };
    format!("{kind}({})", go_quote(&value))
}

/// The token that starts at or covers byte `pos`, or the next one after it.
pub(crate) fn token_at(tokens: &[Token], pos: usize) -> Option<&Token> {
    tokens
        .iter()
        .find(|t| t.span.end as usize > pos || t.kind == TokenKind::Eof)
}
