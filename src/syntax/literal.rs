//! Literal conversion with the reference's rules: numbers in every radix (with `_` anywhere),
//! quoted strings with Go's escapes, backtick raw strings, and bytes literals.
//!
//! ```text
//! 0x2A  0o52  0b101010  1_000  .5  1.  1e3  1.e3   numbers
//! "\x41\101\u0041\U00000041\u{41}"                 all "AAAAA"
//! `raw ``quoted`` text`                            raw "raw `quoted` text"
//! b"\xff"                                          one byte
//! ```

/// A converted number literal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Number {
    /// An `int` (always fits an `i64`).
    Int(i64),
    /// A `float`.
    Float(f64),
}

/// Converts the text of a number token as the reference does (`parseSecondary`), or returns the
/// reference's message (`invalid integer literal: strconv.ParseInt: parsing "…": value out of
/// range`).
pub(crate) fn number(text: &str) -> Result<Number, String> {
    let value: String = text.chars().filter(|c| *c != '_').collect();
    let lower = value.to_ascii_lowercase();
    let int = |kind: &str, digits: &str, radix: u32| {
        parse_int(&value, digits, radix)
            .map(Number::Int)
            .map_err(|why| format!("invalid {kind} literal: {why}"))
    };
    if lower.starts_with("0x") {
        int("hex", &value[2..], 16)
    } else if lower.contains(['.', 'e']) {
        parse_float(&value)
            .map(Number::Float)
            .map_err(|why| format!("invalid float literal: {why}"))
    } else if lower.starts_with("0b") {
        int("binary", &value[2..], 2)
    } else if lower.starts_with("0o") {
        int("octal", &value[2..], 8)
    } else {
        int("integer", &value, 10)
    }
}

/// Go's `strconv.ParseInt` (64-bit) over `digits`, with its error text about `whole`.
fn parse_int(whole: &str, digits: &str, radix: u32) -> Result<i64, String> {
    let error = |what: &str| format!("strconv.ParseInt: parsing {}: {what}", quote(whole));
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(error("invalid syntax"));
    }
    i64::from_str_radix(digits, radix).map_err(|_| error("value out of range"))
}

/// Go's `strconv.ParseFloat(s, 64)` for the shapes the lexer lets through.
fn parse_float(value: &str) -> Result<f64, String> {
    let error = |what: &str| format!("strconv.ParseFloat: parsing {}: {what}", quote(value));
    let well_formed = {
        let bytes = value.as_bytes();
        let mut i = 0;
        let mut mantissa_digits = 0;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
            mantissa_digits += 1;
        }
        if i < bytes.len() && bytes[i] == b'.' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
                mantissa_digits += 1;
            }
        }
        let mut ok = mantissa_digits > 0;
        if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
            i += 1;
            if i < bytes.len() && (bytes[i] == b'+' || bytes[i] == b'-') {
                i += 1;
            }
            let exponent_start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            ok &= i > exponent_start;
        }
        ok && i == bytes.len()
    };
    if !well_formed {
        return Err(error("invalid syntax"));
    }
    let parsed: f64 = value.parse().map_err(|_| error("invalid syntax"))?;
    if parsed.is_infinite() {
        return Err(error("value out of range"));
    }
    Ok(parsed)
}

/// Go's `strconv.Quote` for the ASCII texts that appear in number messages.
fn quote(text: &str) -> String {
    super::lexer::go_quote(text)
}

/// Why an escape sequence was rejected by the second (unescaping) stage.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct UnescapeError;

/// Unescapes the body of a `"…"` or `'…'` literal (without the quotes), as the reference's
/// `unescape` does: raw `\r` and `\r\n` become `\n`; `\xHH` and `\NNN` are the code points
/// U+0000..U+00FF; surrogate code points become U+FFFD.
pub(crate) fn unescape_string(body: &str) -> Result<String, UnescapeError> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\\' => {
                let escaped = chars.next().ok_or(UnescapeError)?;
                let value = match simple_escape(escaped) {
                    Some(b) => b as u32,
                    None => code_point_escape(escaped, &mut chars)?,
                };
                out.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Unescapes the body of a `b"…"` literal: simple escapes, `\xHH` and `\NNN` are single bytes;
/// `\u` and `\U` are rejected; other characters are their UTF-8 bytes.
pub(crate) fn unescape_bytes(body: &str) -> Result<Vec<u8>, UnescapeError> {
    let mut out = Vec::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    let mut buffer = [0u8; 4];
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(b'\n');
            }
            '\\' => {
                let escaped = chars.next().ok_or(UnescapeError)?;
                match simple_escape(escaped) {
                    Some(b) => out.push(b),
                    None if matches!(escaped, 'x' | 'X' | '0'..='3') => {
                        let value = code_point_escape(escaped, &mut chars)?;
                        out.push(u8::try_from(value).map_err(|_| UnescapeError)?);
                    }
                    None => return Err(UnescapeError),
                }
            }
            c => out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes()),
        }
    }
    Ok(out)
}

/// The one-character escapes: `\a \b \f \n \r \t \v \\ \' \" \` \?`.
fn simple_escape(c: char) -> Option<u8> {
    Some(match c {
        'a' => 0x07,
        'b' => 0x08,
        'f' => 0x0c,
        'n' => b'\n',
        'r' => b'\r',
        't' => b'\t',
        'v' => 0x0b,
        '\\' => b'\\',
        '\'' => b'\'',
        '"' => b'"',
        '`' => b'`',
        '?' => b'?',
        _ => return None,
    })
}

/// `\xHH`, `\uHHHH`, `\UHHHHHHHH`, `\u{H…}` and `\NNN`: the code point value.
fn code_point_escape(
    escaped: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
) -> Result<u32, UnescapeError> {
    fn take(
        chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
        count: usize,
        radix: u32,
    ) -> Result<u32, UnescapeError> {
        let mut value = 0u32;
        for _ in 0..count {
            let digit = chars.next().and_then(|c| c.to_digit(radix));
            value = value * radix + digit.ok_or(UnescapeError)?;
        }
        Ok(value)
    }
    let value = match escaped {
        'x' | 'X' => take(chars, 2, 16)?,
        'U' => take(chars, 8, 16)?,
        'u' if chars.peek() == Some(&'{') => {
            chars.next();
            let mut value = 0u32;
            let mut count = 0;
            loop {
                match chars.next() {
                    Some('}') if count > 0 => break,
                    Some(c) if count < 6 => {
                        value = value * 16 + c.to_digit(16).ok_or(UnescapeError)?;
                        count += 1;
                    }
                    _ => return Err(UnescapeError),
                }
            }
            value
        }
        'u' => take(chars, 4, 16)?,
        '0'..='3' => (escaped as u32 - '0' as u32) * 64 + take(chars, 2, 8)?,
        _ => return Err(UnescapeError),
    };
    if value > 0x10FFFF {
        return Err(UnescapeError);
    }
    Ok(value)
}

/// The value of a string token's source text: `"…"`, `'…'` or `` `…` ``.
pub(crate) fn string_value(text: &str) -> Option<String> {
    let quote = text.chars().next()?;
    let body = text.get(1..text.len().checked_sub(1)?)?;
    match quote {
        '`' => Some(body.replace("``", "`")),
        '"' | '\'' => unescape_string(body).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_every_radix() {
        assert_eq!(number("0x2A"), Ok(Number::Int(42)));
        assert_eq!(number("0X_2a"), Ok(Number::Int(42)));
        assert_eq!(number("0o52"), Ok(Number::Int(42)));
        assert_eq!(number("0b101010"), Ok(Number::Int(42)));
        assert_eq!(number("4_2"), Ok(Number::Int(42)));
        assert_eq!(number("052"), Ok(Number::Int(52)));
        assert_eq!(number("1__0_"), Ok(Number::Int(10)));
        assert_eq!(number("0x1e3"), Ok(Number::Int(483)));
        assert_eq!(number(".5"), Ok(Number::Float(0.5)));
        assert_eq!(number("1."), Ok(Number::Float(1.0)));
        assert_eq!(number("1.e3"), Ok(Number::Float(1000.0)));
        assert_eq!(number(".5e1"), Ok(Number::Float(5.0)));
        assert_eq!(number("1e-400"), Ok(Number::Float(0.0)));
        assert_eq!(number("9223372036854775807"), Ok(Number::Int(i64::MAX)));
    }

    #[test]
    fn number_errors_use_go_words() {
        assert_eq!(
            number("9223372036854775808"),
            Err("invalid integer literal: strconv.ParseInt: parsing \"9223372036854775808\": value out of range".into())
        );
        assert_eq!(
            number("0x8000000000000000"),
            Err("invalid hex literal: strconv.ParseInt: parsing \"0x8000000000000000\": value out of range".into())
        );
        assert_eq!(
            number("1e"),
            Err("invalid float literal: strconv.ParseFloat: parsing \"1e\": invalid syntax".into())
        );
        assert_eq!(
            number("1e400"),
            Err(
                "invalid float literal: strconv.ParseFloat: parsing \"1e400\": value out of range"
                    .into()
            )
        );
        assert!(number("0x").is_err());
        assert!(number("0b").is_err());
        assert!(number("0b1.1").is_err());
    }

    #[test]
    fn escapes() {
        assert_eq!(
            unescape_string(r"\x41\101\u0041\U00000041\u{41}"),
            Ok("AAAAA".into())
        );
        assert_eq!(unescape_string(r"\xff"), Ok("\u{ff}".into()));
        assert_eq!(unescape_string(r"\uD800"), Ok("\u{FFFD}".into()));
        assert_eq!(unescape_string(r"\u{1F600}"), Ok("😀".into()));
        assert_eq!(unescape_string("a\rb\r\nc"), Ok("a\nb\nc".into()));
        assert_eq!(unescape_string(r"\400"), Err(UnescapeError));
        assert_eq!(unescape_string(r"\U00110000"), Err(UnescapeError));
        assert_eq!(
            unescape_bytes(r"\xff\101ÿ"),
            Ok(vec![0xff, 0x41, 0xc3, 0xbf])
        );
        assert_eq!(unescape_bytes(r"\u0041"), Err(UnescapeError));
        assert_eq!(string_value("`a``b`"), Some("a`b".into()));
    }
}
