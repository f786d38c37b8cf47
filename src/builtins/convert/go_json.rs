//! `fromJSON`: Go's `json.Unmarshal` into an `interface{}`.
//!
//! Like Go, the text is first checked by a byte-at-a-time scanner whose state names give the
//! error messages (`invalid character 'b' looking for beginning of object key string`,
//! `unexpected end of JSON input`), then decoded: objects become `map[string]interface {}`
//! (keys in document order here, a repeated key keeps its first place and its last value),
//! arrays `[]interface {}`, every number a `float64`, strings with `\u` escapes and invalid
//! UTF-8 resolved as Go does (U+FFFD).

use std::sync::Arc;

use indexmap::IndexMap;

use crate::value::{Key, Value};

/// Go's nesting limit (`maxNestingDepth` of `encoding/json`).
pub(crate) const GO_MAX_DEPTH: usize = 10_000;

/// Parses JSON text as Go's `json.Unmarshal` into `interface{}` does, with at most `max_depth`
/// nested arrays and objects. The error is Go's message.
pub(crate) fn unmarshal(text: &[u8], max_depth: usize) -> Result<Value<'static>, String> {
    let mut scanner = Scanner::new(max_depth);
    for &c in text {
        scanner.step(c)?;
    }
    scanner.finish()?;
    Decoder { text, pos: 0 }.value()
}

// ---------------------------------------------------------------------------------------------
// The scanner: validates and names the first error the way Go's `encoding/json` scanner does.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Container {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

#[derive(Clone, Copy, Debug)]
enum State {
    BeginValue,
    BeginValueOrEmpty,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEscape,
    InUnicodeEscape(u8),
    Negative,
    Zero,
    Digits,
    Dot,
    Fraction,
    Exponent,
    ExponentSign,
    ExponentDigits,
    Literal(&'static str, usize),
}

struct Scanner {
    state: State,
    stack: Vec<Container>,
    end_top: bool,
    max_depth: usize,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// Go's `quoteChar`: how a byte is shown in a syntax error.
pub(crate) fn quote_char(c: u8) -> String {
    match c {
        b'\'' => r"'\''".to_string(),
        b'"' => "'\"'".to_string(),
        b'\\' => r"'\\'".to_string(),
        0x07 => r"'\a'".to_string(),
        0x08 => r"'\b'".to_string(),
        0x0c => r"'\f'".to_string(),
        b'\n' => r"'\n'".to_string(),
        b'\r' => r"'\r'".to_string(),
        b'\t' => r"'\t'".to_string(),
        0x0b => r"'\v'".to_string(),
        0..=0x1f | 0x7f => format!(r"'\x{c:02x}'"),
        0x80..=0xa0 | 0xad => format!(r"'\u{c:04x}'"),
        _ => format!("'{}'", char::from(c)),
    }
}

fn syntax_error(c: u8, context: &str) -> String {
    format!("invalid character {} {context}", quote_char(c))
}

impl Scanner {
    fn new(max_depth: usize) -> Scanner {
        Scanner {
            state: State::BeginValue,
            stack: Vec::new(),
            end_top: false,
            max_depth: max_depth.min(GO_MAX_DEPTH),
        }
    }

    /// Go's `eof`: a final space completes a number; anything still open is an error.
    fn finish(&mut self) -> Result<(), String> {
        if self.end_top {
            return Ok(());
        }
        self.step(b' ')?;
        if self.end_top {
            return Ok(());
        }
        Err("unexpected end of JSON input".to_string())
    }

    fn push(&mut self, c: u8, container: Container) -> Result<(), String> {
        self.stack.push(container);
        if self.stack.len() > self.max_depth {
            return Err(syntax_error(c, "exceeded max depth"));
        }
        Ok(())
    }

    fn pop(&mut self) {
        self.stack.pop();
        if self.stack.is_empty() {
            self.state = State::EndTop;
            self.end_top = true;
        } else {
            self.state = State::EndValue;
        }
    }

    fn step(&mut self, c: u8) -> Result<(), String> {
        match self.state {
            State::BeginValue => self.begin_value(c),
            State::BeginValueOrEmpty => {
                if is_space(c) {
                    Ok(())
                } else if c == b']' {
                    self.end_value(c)
                } else {
                    self.begin_value(c)
                }
            }
            State::BeginStringOrEmpty => {
                if is_space(c) {
                    Ok(())
                } else if c == b'}' {
                    if let Some(top) = self.stack.last_mut() {
                        *top = Container::ObjectValue;
                    }
                    self.end_value(c)
                } else {
                    self.begin_string(c)
                }
            }
            State::BeginString => self.begin_string(c),
            State::EndValue => self.end_value(c),
            State::EndTop => {
                if is_space(c) {
                    Ok(())
                } else {
                    Err(syntax_error(c, "after top-level value"))
                }
            }
            State::InString => {
                match c {
                    b'"' => self.state = State::EndValue,
                    b'\\' => self.state = State::InStringEscape,
                    0..=0x1f => return Err(syntax_error(c, "in string literal")),
                    _ => {}
                }
                Ok(())
            }
            State::InStringEscape => match c {
                b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => {
                    self.state = State::InString;
                    Ok(())
                }
                b'u' => {
                    self.state = State::InUnicodeEscape(0);
                    Ok(())
                }
                _ => Err(syntax_error(c, "in string escape code")),
            },
            State::InUnicodeEscape(seen) => {
                if !c.is_ascii_hexdigit() {
                    return Err(syntax_error(c, "in \\u hexadecimal character escape"));
                }
                self.state = if seen == 3 {
                    State::InString
                } else {
                    State::InUnicodeEscape(seen + 1)
                };
                Ok(())
            }
            State::Negative => match c {
                b'0' => {
                    self.state = State::Zero;
                    Ok(())
                }
                b'1'..=b'9' => {
                    self.state = State::Digits;
                    Ok(())
                }
                _ => Err(syntax_error(c, "in numeric literal")),
            },
            State::Digits if c.is_ascii_digit() => Ok(()),
            State::Digits | State::Zero => match c {
                b'.' => {
                    self.state = State::Dot;
                    Ok(())
                }
                b'e' | b'E' => {
                    self.state = State::Exponent;
                    Ok(())
                }
                _ => self.end_value(c),
            },
            State::Dot => {
                if !c.is_ascii_digit() {
                    return Err(syntax_error(c, "after decimal point in numeric literal"));
                }
                self.state = State::Fraction;
                Ok(())
            }
            State::Fraction => match c {
                b'0'..=b'9' => Ok(()),
                b'e' | b'E' => {
                    self.state = State::Exponent;
                    Ok(())
                }
                _ => self.end_value(c),
            },
            State::Exponent if matches!(c, b'+' | b'-') => {
                self.state = State::ExponentSign;
                Ok(())
            }
            State::Exponent | State::ExponentSign => {
                if !c.is_ascii_digit() {
                    return Err(syntax_error(c, "in exponent of numeric literal"));
                }
                self.state = State::ExponentDigits;
                Ok(())
            }
            State::ExponentDigits if c.is_ascii_digit() => Ok(()),
            State::ExponentDigits => self.end_value(c),
            State::Literal(word, next) => {
                let expected = word.as_bytes()[next];
                if c != expected {
                    return Err(syntax_error(
                        c,
                        &format!("in literal {word} (expecting {})", quote_char(expected)),
                    ));
                }
                self.state = if next + 1 == word.len() {
                    State::EndValue
                } else {
                    State::Literal(word, next + 1)
                };
                Ok(())
            }
        }
    }

    fn begin_value(&mut self, c: u8) -> Result<(), String> {
        self.state = match c {
            _ if is_space(c) => return Ok(()),
            b'{' => {
                self.state = State::BeginStringOrEmpty;
                return self.push(c, Container::ObjectKey);
            }
            b'[' => {
                self.state = State::BeginValueOrEmpty;
                return self.push(c, Container::ArrayValue);
            }
            b'"' => State::InString,
            b'-' => State::Negative,
            b'0' => State::Zero,
            b'1'..=b'9' => State::Digits,
            b't' => State::Literal("true", 1),
            b'f' => State::Literal("false", 1),
            b'n' => State::Literal("null", 1),
            _ => return Err(syntax_error(c, "looking for beginning of value")),
        };
        Ok(())
    }

    fn begin_string(&mut self, c: u8) -> Result<(), String> {
        match c {
            _ if is_space(c) => Ok(()),
            b'"' => {
                self.state = State::InString;
                Ok(())
            }
            _ => Err(syntax_error(
                c,
                "looking for beginning of object key string",
            )),
        }
    }

    fn end_value(&mut self, c: u8) -> Result<(), String> {
        let Some(&top) = self.stack.last() else {
            self.state = State::EndTop;
            self.end_top = true;
            return self.step(c);
        };
        if is_space(c) {
            self.state = State::EndValue;
            return Ok(());
        }
        match (top, c) {
            (Container::ObjectKey, b':') => {
                self.set_top(Container::ObjectValue);
                self.state = State::BeginValue;
            }
            (Container::ObjectKey, _) => return Err(syntax_error(c, "after object key")),
            (Container::ObjectValue, b',') => {
                self.set_top(Container::ObjectKey);
                self.state = State::BeginString;
            }
            (Container::ObjectValue, b'}') | (Container::ArrayValue, b']') => self.pop(),
            (Container::ObjectValue, _) => {
                return Err(syntax_error(c, "after object key:value pair"))
            }
            (Container::ArrayValue, b',') => self.state = State::BeginValue,
            (Container::ArrayValue, _) => return Err(syntax_error(c, "after array element")),
        }
        Ok(())
    }

    fn set_top(&mut self, container: Container) {
        if let Some(top) = self.stack.last_mut() {
            *top = container;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The decoder: builds values from text the scanner accepted (without recursion).

enum Frame {
    Array(Vec<Value<'static>>),
    Object(IndexMap<Key, Value<'static>>, Arc<str>),
}

struct Decoder<'t> {
    text: &'t [u8],
    pos: usize,
}

const MALFORMED: &str = "unexpected end of JSON input";

impl Decoder<'_> {
    fn skip_space(&mut self) {
        while self.text.get(self.pos).copied().is_some_and(is_space) {
            self.pos += 1;
        }
    }

    /// The next non-space byte, consumed.
    fn next(&mut self) -> Result<u8, String> {
        self.skip_space();
        let c = *self.text.get(self.pos).ok_or(MALFORMED)?;
        self.pos += 1;
        Ok(c)
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.text.get(self.pos).copied()
    }

    fn value(mut self) -> Result<Value<'static>, String> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            let mut value = match self.next()? {
                b'{' if self.peek() == Some(b'}') => {
                    self.pos += 1;
                    Value::map(IndexMap::new())
                }
                b'{' => {
                    let key = self.key()?;
                    stack.push(Frame::Object(IndexMap::new(), key));
                    continue;
                }
                b'[' if self.peek() == Some(b']') => {
                    self.pos += 1;
                    Value::array(Vec::new())
                }
                b'[' => {
                    stack.push(Frame::Array(Vec::new()));
                    continue;
                }
                b'"' => Value::String(Arc::from(self.string()?)),
                b't' => self.literal(3, Value::Bool(true)),
                b'f' => self.literal(4, Value::Bool(false)),
                b'n' => self.literal(3, Value::Nil),
                _ => self.number()?,
            };
            // Attach the value to its container, closing containers as they end.
            loop {
                match stack.last_mut() {
                    None => return Ok(value),
                    Some(Frame::Array(items)) => {
                        items.push(value);
                        if self.next()? == b',' {
                            break;
                        }
                        let Some(Frame::Array(items)) = stack.pop() else {
                            return Err(MALFORMED.into());
                        };
                        value = Value::array(items);
                    }
                    Some(Frame::Object(entries, key)) => {
                        entries.insert(Key::Str(key.clone()), value);
                        if self.next()? == b',' {
                            *key = self.key()?;
                            break;
                        }
                        let Some(Frame::Object(entries, _)) = stack.pop() else {
                            return Err(MALFORMED.into());
                        };
                        value = Value::map(entries);
                    }
                }
            }
        }
    }

    fn literal(&mut self, rest: usize, value: Value<'static>) -> Value<'static> {
        self.pos += rest;
        value
    }

    /// An object key and its colon.
    fn key(&mut self) -> Result<Arc<str>, String> {
        if self.next()? != b'"' {
            return Err(MALFORMED.into());
        }
        let key = Arc::from(self.string()?);
        if self.next()? != b':' {
            return Err(MALFORMED.into());
        }
        Ok(key)
    }

    fn number(&mut self) -> Result<Value<'static>, String> {
        let start = self.pos - 1;
        while self
            .text
            .get(self.pos)
            .is_some_and(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
        {
            self.pos += 1;
        }
        let literal = std::str::from_utf8(&self.text[start..self.pos]).map_err(|_| MALFORMED)?;
        match literal.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::Float(f)),
            _ => Err(format!(
                "json: cannot unmarshal number {literal} into Go value of type float64"
            )),
        }
    }

    /// The rest of a string after its opening quote, unescaped as Go's `unquote` does.
    fn string(&mut self) -> Result<String, String> {
        let mut bytes = Vec::new();
        loop {
            let c = *self.text.get(self.pos).ok_or(MALFORMED)?;
            self.pos += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let escape = *self.text.get(self.pos).ok_or(MALFORMED)?;
                    self.pos += 1;
                    let simple = match escape {
                        b'b' => Some(0x08),
                        b'f' => Some(0x0c),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        other => Some(other),
                    };
                    match simple {
                        Some(b) => bytes.push(b),
                        None => {
                            let c = self.unicode_escape()?;
                            let mut buffer = [0; 4];
                            bytes.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
                        }
                    }
                }
                _ => bytes.push(c),
            }
        }
        Ok(go_lossy(&bytes))
    }

    /// `\uXXXX` (the `\u` consumed), joining a surrogate pair; a lone surrogate is U+FFFD.
    fn unicode_escape(&mut self) -> Result<char, String> {
        let first = self.hex4(self.pos).ok_or(MALFORMED)?;
        self.pos += 4;
        if !(0xd800..0xe000).contains(&first) {
            return Ok(char::from_u32(first).unwrap_or('\u{fffd}'));
        }
        if (0xd800..0xdc00).contains(&first)
            && self.text.get(self.pos..self.pos + 2) == Some(b"\\u")
        {
            if let Some(second) = self.hex4(self.pos + 2) {
                if (0xdc00..0xe000).contains(&second) {
                    self.pos += 6;
                    let c = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                    return Ok(char::from_u32(c).unwrap_or('\u{fffd}'));
                }
            }
        }
        Ok('\u{fffd}')
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.text.get(at..at + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        u32::from_str_radix(text, 16).ok()
    }
}

/// Bytes as text, each byte of an invalid UTF-8 sequence replaced by U+FFFD (Go's rule).
fn go_lossy(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for _ in chunk.invalid() {
            text.push('\u{fffd}');
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::format::corpus_json;

    fn parse(text: &str) -> Result<String, String> {
        unmarshal(text.as_bytes(), GO_MAX_DEPTH).map(|v| corpus_json(&v).to_string())
    }

    fn error(text: &str) -> String {
        unmarshal(text.as_bytes(), GO_MAX_DEPTH).unwrap_err()
    }

    #[test]
    fn values() {
        assert_eq!(
            parse(r#"{"a": 1, "b": [1, 2.5]}"#).unwrap(),
            r#"{"a":1.0,"b":[1.0,2.5]}"#
        );
        assert_eq!(parse(r#"[1, "x", null]"#).unwrap(), r#"[1.0,"x",null]"#);
        assert_eq!(parse(" true ").unwrap(), "true");
        assert_eq!(parse("-0").unwrap(), "-0.0");
        assert_eq!(parse("1e-400").unwrap(), "0.0");
        assert_eq!(parse("[[], {}, [[]]]").unwrap(), "[[],{},[[]]]");
        assert_eq!(parse(r#"{"a":1,"a":2}"#).unwrap(), r#"{"a":2.0}"#);
        let value = unmarshal(br#"{"z": 1, "a": 2}"#, GO_MAX_DEPTH).unwrap();
        let keys: Vec<_> = value
            .map_entries()
            .unwrap()
            .into_iter()
            .map(|(k, _)| k.as_str().unwrap().to_string())
            .collect();
        assert_eq!(keys, ["z", "a"]);
    }

    #[test]
    fn strings() {
        assert_eq!(
            parse(r#""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#).unwrap(),
            "\"a\\\"\\\\/\\b\\f\\n\\r\\té😀\""
        );
        assert_eq!(parse(r#""\ud800x""#).unwrap(), "\"\u{fffd}x\"");
        assert_eq!(parse(r#""\ud800\u0041""#).unwrap(), "\"\u{fffd}A\"");
        assert_eq!(parse(r#""\udc00""#).unwrap(), "\"\u{fffd}\"");
        let invalid = unmarshal(b"\"a\xff\xe2\x82b\"", GO_MAX_DEPTH).unwrap();
        assert_eq!(invalid.as_str(), Some("a\u{fffd}\u{fffd}\u{fffd}b"));
    }

    #[test]
    fn go_error_messages() {
        let table = [
            ("", "unexpected end of JSON input"),
            ("   ", "unexpected end of JSON input"),
            ("[1, 2", "unexpected end of JSON input"),
            ("{\"a\"", "unexpected end of JSON input"),
            ("\"abc", "unexpected end of JSON input"),
            (
                "{bad}",
                "invalid character 'b' looking for beginning of object key string",
            ),
            ("1 2", "invalid character '2' after top-level value"),
            (
                "5e2482",
                "json: cannot unmarshal number 5e2482 into Go value of type float64",
            ),
            (
                "[1e999, x]",
                "invalid character 'x' looking for beginning of value",
            ),
            (
                "[-1e999]",
                "json: cannot unmarshal number -1e999 into Go value of type float64",
            ),
            (
                "str",
                "invalid character 's' looking for beginning of value",
            ),
            ("{\"a\" 1}", "invalid character '1' after object key"),
            (
                "{\"a\":1 \"b\"}",
                "invalid character '\"' after object key:value pair",
            ),
            ("[1 2]", "invalid character '2' after array element"),
            (
                "[1,]",
                "invalid character ']' looking for beginning of value",
            ),
            (
                "{\"a\":1,}",
                "invalid character '}' looking for beginning of object key string",
            ),
            ("\"a\nb\"", "invalid character '\\n' in string literal"),
            ("\"\\x\"", "invalid character 'x' in string escape code"),
            (
                "\"\\u12g4\"",
                "invalid character 'g' in \\u hexadecimal character escape",
            ),
            ("-", "invalid character ' ' in numeric literal"),
            ("-a", "invalid character 'a' in numeric literal"),
            (
                "1.",
                "invalid character ' ' after decimal point in numeric literal",
            ),
            (
                "1.e5",
                "invalid character 'e' after decimal point in numeric literal",
            ),
            ("1e", "invalid character ' ' in exponent of numeric literal"),
            (
                "1e+x",
                "invalid character 'x' in exponent of numeric literal",
            ),
            ("01", "invalid character '1' after top-level value"),
            (
                "tru",
                "invalid character ' ' in literal true (expecting 'e')",
            ),
            (
                "trUe",
                "invalid character 'U' in literal true (expecting 'u')",
            ),
            (
                "nul",
                "invalid character ' ' in literal null (expecting 'l')",
            ),
            (
                "fals3",
                "invalid character '3' in literal false (expecting 'e')",
            ),
            (
                "'a'",
                "invalid character '\\'' looking for beginning of value",
            ),
            (
                "\u{e9}",
                "invalid character 'Ã' looking for beginning of value",
            ),
            (
                "\u{a0}1",
                "invalid character 'Â' looking for beginning of value",
            ),
            (
                "\x01",
                "invalid character '\\x01' looking for beginning of value",
            ),
            (
                "\\",
                "invalid character '\\\\' looking for beginning of value",
            ),
            (
                "nil",
                "invalid character 'i' in literal null (expecting 'u')",
            ),
        ];
        for (input, message) in table {
            assert_eq!(error(input), message, "{input:?}");
        }
        assert_eq!(quote_char(0x80), "'\\u0080'");
        assert_eq!(quote_char(0xad), "'\\u00ad'");
        assert_eq!(quote_char(0xff), "'ÿ'");
    }

    #[test]
    fn depth_is_limited() {
        let deep = "[".repeat(11) + &"]".repeat(11);
        assert_eq!(
            unmarshal(deep.as_bytes(), 10).unwrap_err(),
            "invalid character '[' exceeded max depth"
        );
        assert!(unmarshal(deep.as_bytes(), 11).is_ok());
        let deeper = "[".repeat(500) + &"]".repeat(500);
        assert!(unmarshal(deeper.as_bytes(), GO_MAX_DEPTH).is_ok_and(|v| v.is_array()));
    }
}
