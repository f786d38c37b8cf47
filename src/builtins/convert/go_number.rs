//! Go's `strconv.Atoi` and `strconv.ParseFloat(s, 64)`, as `int(s)` and `float(s)` use them.

/// Go `strconv.Atoi`: an optional sign and decimal digits only (no spaces, underscores or
/// prefixes), within the 64-bit range. `None` when Go reports an error.
pub(crate) fn atoi(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    let mut magnitude: i128 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        magnitude = magnitude * 10 + i128::from(c - b'0');
        if magnitude > 1 << 63 {
            return None;
        }
    }
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).ok()
}

/// Go `strconv.ParseFloat(s, 64)`: decimal and hexadecimal (`0x1p-2`) floating-point literals
/// with `_` between digits, `inf`/`infinity`/`nan` in any case (a sign only before `inf`);
/// `None` on a syntax error and on overflow (Go's `ErrRange`; underflow gives 0 as in Go).
pub(crate) fn parse_float(text: &[u8]) -> Option<f64> {
    if let Some((value, consumed)) = special(text) {
        return (consumed == text.len()).then_some(value);
    }
    let reading = read_float(text)?;
    if reading.end != text.len() {
        return None;
    }
    if reading.hex {
        return hex_to_f64(
            reading.mantissa,
            reading.exponent,
            reading.negative,
            reading.truncated,
        );
    }
    let cleaned: String = text
        .iter()
        .filter(|&&c| c != b'_')
        .map(|&c| char::from(c))
        .collect();
    cleaned.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `inf`, `infinity` (optionally signed) and `nan`, case-insensitively: the value and how many
/// bytes it used.
fn special(text: &[u8]) -> Option<(f64, usize)> {
    let first = *text.first()?;
    let common_prefix = |rest: &[u8], word: &[u8]| {
        rest.iter()
            .zip(word)
            .take_while(|(a, b)| a.to_ascii_lowercase() == **b)
            .count()
    };
    let (sign, signed) = match first {
        b'+' => (1.0, true),
        b'-' => (-1.0, true),
        _ => (1.0, false),
    };
    if signed || first.eq_ignore_ascii_case(&b'i') {
        let rest = if signed { &text[1..] } else { text };
        let mut n = common_prefix(rest, b"infinity");
        if 3 < n && n < 8 {
            n = 3;
        }
        let sign_len = usize::from(signed);
        return (n == 3 || n == 8).then_some((sign * f64::INFINITY, sign_len + n));
    }
    if first.eq_ignore_ascii_case(&b'n') && common_prefix(text, b"nan") == 3 {
        return Some((f64::NAN, 3));
    }
    None
}

/// What Go's `readFloat` finds in a literal.
struct Reading {
    mantissa: u64,
    /// Decimal exponent, or binary for hex literals.
    exponent: i64,
    negative: bool,
    truncated: bool,
    hex: bool,
    /// How many bytes form the literal.
    end: usize,
}

/// Go's `readFloat`: the mantissa's first 19 decimal (16 hex) digits, the exponent, whether
/// digits were dropped, and where the literal ends; `None` when it is malformed.
fn read_float(s: &[u8]) -> Option<Reading> {
    let mut i = 0;
    let mut negative = false;
    match s.first()? {
        b'+' => i += 1,
        b'-' => {
            negative = true;
            i += 1;
        }
        _ => {}
    }
    let hex = i + 2 < s.len() && s[i] == b'0' && s[i + 1].eq_ignore_ascii_case(&b'x');
    let (base, max_digits, exponent_char) = if hex { (16, 16, b'p') } else { (10, 19, b'e') };
    if hex {
        i += 2;
    }
    let (mut underscores, mut saw_dot, mut saw_digits, mut truncated) =
        (false, false, false, false);
    let (mut nd, mut nd_mantissa, mut dp, mut mantissa) = (0i64, 0i64, 0i64, 0u64);
    while i < s.len() {
        let c = s[i];
        let digit = match c {
            b'_' => {
                underscores = true;
                i += 1;
                continue;
            }
            b'.' if saw_dot => break,
            b'.' => {
                saw_dot = true;
                dp = nd;
                i += 1;
                continue;
            }
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' | b'A'..=b'F' if hex => c.to_ascii_lowercase() - b'a' + 10,
            _ => break,
        };
        saw_digits = true;
        i += 1;
        if c == b'0' && nd == 0 {
            dp -= 1; // a leading zero
            continue;
        }
        nd += 1;
        if nd_mantissa < max_digits {
            mantissa = mantissa * base + u64::from(digit);
            nd_mantissa += 1;
        } else if digit != 0 {
            truncated = true;
        }
    }
    if !saw_digits {
        return None;
    }
    if !saw_dot {
        dp = nd;
    }
    if hex {
        dp *= 4;
        nd_mantissa *= 4;
    }
    if i < s.len() && s[i].eq_ignore_ascii_case(&exponent_char) {
        i += 1;
        let mut sign = 1;
        match s.get(i)? {
            b'+' => i += 1,
            b'-' => {
                i += 1;
                sign = -1;
            }
            _ => {}
        }
        if !s.get(i)?.is_ascii_digit() {
            return None;
        }
        let mut e = 0i64;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
            if s[i] == b'_' {
                underscores = true;
            } else if e < 10_000 {
                e = e * 10 + i64::from(s[i] - b'0');
            }
            i += 1;
        }
        dp += e * sign;
    } else if hex {
        return None; // a hex literal needs its p exponent
    }
    if underscores && !underscores_ok(&s[..i]) {
        return None;
    }
    let exponent = if mantissa != 0 { dp - nd_mantissa } else { 0 };
    Some(Reading {
        mantissa,
        exponent,
        negative,
        truncated,
        hex,
        end: i,
    })
}

/// Go's `underscoreOK`: underscores only between digits (a base prefix counts as a digit).
fn underscores_ok(s: &[u8]) -> bool {
    let s = match s.first() {
        Some(b'+' | b'-') => &s[1..],
        _ => s,
    };
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if s.len() >= 2 && s[0] == b'0' && matches!(s[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = s[1].eq_ignore_ascii_case(&b'x');
    }
    for &c in &s[i..] {
        if c.is_ascii_digit() || hex && c.is_ascii_hexdigit() {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
    }
    saw != b'_'
}

/// Go's `atofHex`: `mantissa × 2^exponent` correctly rounded (half to even, with the dropped
/// digits as a sticky bit); `None` on overflow.
fn hex_to_f64(mut mantissa: u64, exponent: i64, negative: bool, truncated: bool) -> Option<f64> {
    const MANTISSA_BITS: u32 = 52;
    const BIAS: i64 = -1023;
    const MAX_EXPONENT: i64 = 1023;
    const MIN_EXPONENT: i64 = -1022;
    let mut exponent = exponent + i64::from(MANTISSA_BITS);
    while mantissa != 0 && mantissa >> (MANTISSA_BITS + 2) == 0 {
        mantissa <<= 1;
        exponent -= 1;
    }
    if truncated {
        mantissa |= 1;
    }
    while mantissa >> (MANTISSA_BITS + 3) != 0 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exponent += 1;
    }
    while mantissa > 1 && exponent < MIN_EXPONENT - 2 {
        mantissa = (mantissa >> 1) | (mantissa & 1);
        exponent += 1;
    }
    let mut round = mantissa & 3;
    mantissa >>= 2;
    round |= mantissa & 1;
    exponent += 2;
    if round == 3 {
        mantissa += 1;
        if mantissa == 1 << (MANTISSA_BITS + 1) {
            mantissa >>= 1;
            exponent += 1;
        }
    }
    if mantissa >> MANTISSA_BITS == 0 {
        exponent = BIAS; // denormal or zero
    }
    if exponent > MAX_EXPONENT {
        return None;
    }
    let mut bits = mantissa & ((1 << MANTISSA_BITS) - 1);
    bits |= (((exponent - BIAS) & 0x7ff) as u64) << MANTISSA_BITS;
    if negative {
        bits |= 1 << 63;
    }
    Some(f64::from_bits(bits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoi_is_strict() {
        assert_eq!(atoi(b"42"), Some(42));
        assert_eq!(atoi(b"+7"), Some(7));
        assert_eq!(atoi(b"-0"), Some(0));
        assert_eq!(atoi(b"007"), Some(7));
        assert_eq!(atoi(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(atoi(b"9223372036854775807"), Some(i64::MAX));
        for bad in [
            &b""[..],
            b"+",
            b"-",
            b" 42",
            b"42 ",
            b"4.2",
            b"0x10",
            b"1_000",
            b"9223372036854775808",
            b"-9223372036854775809",
            b"99999999999999999999999",
        ] {
            assert_eq!(atoi(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn parse_float_accepts_go_syntax() {
        let table: &[(&str, f64)] = &[
            ("1e3", 1000.0),
            ("1E3", 1000.0),
            ("-2.5", -2.5),
            ("+.5", 0.5),
            ("5.", 5.0),
            ("007", 7.0),
            ("1_000.5", 1000.5),
            ("1_0e1_0", 1e11),
            ("0x1p-2", 0.25),
            ("0X1P+2", 4.0),
            ("0x1.8p1", 3.0),
            ("0x_1p0", 1.0),
            ("-0x10p0", -16.0),
            ("0x.8p0", 0.5),
            ("0x1p-1074", 5e-324),
            ("0x1.fffffffffffff7p1023", f64::MAX),
            ("1e-400", 0.0),
            ("inf", f64::INFINITY),
            ("+Inf", f64::INFINITY),
            ("-infinity", f64::NEG_INFINITY),
            ("INFINITY", f64::INFINITY),
            ("0.1", 0.1),
            ("123456789012345678901234567890", 1.2345678901234568e29),
        ];
        for (text, expected) in table {
            let got = parse_float(text.as_bytes());
            assert_eq!(got, Some(*expected), "{text}");
        }
        assert!(parse_float(b"NaN").is_some_and(f64::is_nan));
        assert!(parse_float(b"nan").is_some_and(f64::is_nan));
        assert_eq!(parse_float(b"-0").map(f64::is_sign_negative), Some(true));
    }

    #[test]
    fn parse_float_rejects_what_go_rejects() {
        for bad in [
            "",
            " 1",
            "1 ",
            "+",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "1_",
            "_1",
            "1__0",
            "1_.5",
            "0x",
            "0x1",
            "0x1.8",
            "0xp1",
            "+nan",
            "-NaN",
            "infx",
            "infin",
            "1e400",
            "-1e400",
            "0x1p1024",
            "0x1.fffffffffffff8p1023",
            "1,5",
            "١",
        ] {
            assert_eq!(parse_float(bad.as_bytes()), None, "{bad:?}");
        }
    }
}
