//! Go's `time.Duration`: its `String()`, `ParseDuration`, and the arithmetic of its methods.

use super::parse::quote;

/// Nanoseconds in a microsecond, millisecond, second, minute, hour.
const MICROSECOND: u64 = 1_000;
const MILLISECOND: u64 = 1_000_000;
const SECOND: u64 = 1_000_000_000;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;

/// Go's `Duration.String()`: `1h30m0s`, `1.5s`, `300ms`, `1µs`, `0s`, `-2m3.5s`.
///
/// ```
/// use scimap::value::time::format_duration;
/// assert_eq!(format_duration(5_400_000_000_000), "1h30m0s");
/// assert_eq!(format_duration(1_500), "1.5µs");
/// assert_eq!(format_duration(0), "0s");
/// ```
pub fn format_duration(nanos: i64) -> String {
    let mut u = nanos.unsigned_abs();
    let mut out = String::new();
    if nanos < 0 {
        out.push('-');
    }
    if u < SECOND {
        let (unit, precision) = match u {
            0 => return "0s".to_string(),
            _ if u < MICROSECOND => ("ns", 0),
            _ if u < MILLISECOND => ("µs", 3),
            _ => ("ms", 6),
        };
        let fraction = fraction(&mut u, precision);
        out.push_str(&format!("{u}{fraction}{unit}"));
        return out;
    }
    let fraction = fraction(&mut u, 9);
    let (hours, minutes, seconds) = (u / 3600, u / 60 % 60, u % 60);
    if hours > 0 {
        out.push_str(&format!("{hours}h"));
    }
    if u >= 60 {
        out.push_str(&format!("{minutes}m"));
    }
    out.push_str(&format!("{seconds}{fraction}s"));
    out
}

/// Splits the last `precision` decimal digits off `value` as `.ddd` without trailing zeros
/// (empty when they are all zero); `value` keeps the integer part.
fn fraction(value: &mut u64, precision: u32) -> String {
    let scale = 10_u64.pow(precision);
    let digits = *value % scale;
    *value /= scale;
    if digits == 0 {
        return String::new();
    }
    let text = format!("{digits:0width$}", width = precision as usize);
    format!(".{}", text.trim_end_matches('0'))
}

/// Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` with units `ns`, `us`, `µs`,
/// `μs`, `ms`, `s`, `m`, `h`; `"0"` alone needs no unit.
///
/// ```
/// use scimap::value::time::parse_duration;
/// assert_eq!(parse_duration("1h30m"), Ok(5_400_000_000_000));
/// assert_eq!(parse_duration("1d").unwrap_err(), r#"time: unknown unit "d" in duration "1d""#);
/// ```
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", quote(text.as_bytes()));
    let mut s = text.as_bytes();
    let negative = s.first() == Some(&b'-');
    if matches!(s.first(), Some(b'-' | b'+')) {
        s = &s[1..];
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err(invalid());
        }
        let (whole, rest) = leading_int(s).ok_or_else(invalid)?;
        let before = rest.len() != s.len();
        s = rest;
        let (mut fraction, mut scale, mut after) = (0_u64, 1.0_f64, false);
        if s.first() == Some(&b'.') {
            let (f, sc, rest) = leading_fraction(&s[1..]);
            after = rest.len() != s.len() - 1;
            (fraction, scale, s) = (f, sc, rest);
        }
        if !before && !after {
            return Err(invalid());
        }
        let unit_len = s
            .iter()
            .take_while(|&&c| c != b'.' && !c.is_ascii_digit())
            .count();
        if unit_len == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                quote(text.as_bytes())
            ));
        }
        let (unit_text, rest) = s.split_at(unit_len);
        s = rest;
        let unit = unit_nanos(unit_text).ok_or_else(|| {
            format!(
                "time: unknown unit {} in duration {}",
                quote(unit_text),
                quote(text.as_bytes())
            )
        })?;
        if whole > (1 << 63) / unit {
            return Err(invalid());
        }
        let mut value = whole * unit;
        if fraction > 0 {
            // As Go: float64 keeps fractions of hours nanosecond-accurate.
            value += (fraction as f64 * (unit as f64 / scale)) as u64;
            if value > 1 << 63 {
                return Err(invalid());
            }
        }
        total = total.checked_add(value).ok_or_else(invalid)?;
        if total > 1 << 63 {
            return Err(invalid());
        }
    }
    if negative {
        return Ok((total as i64).wrapping_neg());
    }
    i64::try_from(total).map_err(|_| invalid())
}

/// The nanoseconds of a unit's name.
fn unit_nanos(unit: &[u8]) -> Option<u64> {
    Some(match unit {
        b"ns" => 1,
        b"us" | b"\xc2\xb5s" | b"\xce\xbcs" => MICROSECOND, // us, µs (U+00B5), μs (U+03BC)
        b"ms" => MILLISECOND,
        b"s" => SECOND,
        b"m" => MINUTE,
        b"h" => HOUR,
        _ => return None,
    })
}

/// Go's `leadingInt`: the leading digits as a number (at most 2^63), and the rest.
fn leading_int(s: &[u8]) -> Option<(u64, &[u8])> {
    let digits = s.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut number: u64 = 0;
    for &c in &s[..digits] {
        number = number.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
        if number > 1 << 63 {
            return None;
        }
    }
    Some((number, &s[digits..]))
}

/// Go's `leadingFraction`: the leading digits, the power of ten they are scaled by, and the
/// rest; digits beyond what fits are skipped, not an error.
fn leading_fraction(s: &[u8]) -> (u64, f64, &[u8]) {
    let digits = s.iter().take_while(|c| c.is_ascii_digit()).count();
    let (mut number, mut scale) = (0_u64, 1.0_f64);
    let mut overflow = false;
    for &c in &s[..digits] {
        if overflow {
            continue;
        }
        match number
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(c - b'0')))
        {
            Some(next) if next <= 1 << 63 && number <= (i64::MAX as u64) / 10 => {
                number = next;
                scale *= 10.0;
            }
            _ => overflow = true,
        }
    }
    (number, scale, &s[digits..])
}

/// Go's `Duration.Truncate`: toward zero to a multiple of `m` (unchanged when `m <= 0`).
pub fn truncate_duration(d: i64, m: i64) -> i64 {
    if m <= 0 {
        return d;
    }
    d - d % m
}

/// Go's `Duration.Round`: to the nearest multiple of `m`, halves away from zero, saturating.
pub fn round_duration(d: i64, m: i64) -> i64 {
    if m <= 0 {
        return d;
    }
    let less_than_half = |r: i64| (r as u64).wrapping_add(r as u64) < m as u64;
    let r = d % m;
    if d < 0 {
        let r = -r;
        if less_than_half(r) {
            return d + r;
        }
        return d.checked_sub(m - r).unwrap_or(i64::MIN);
    }
    if less_than_half(r) {
        return d - r;
    }
    d.checked_add(m - r).unwrap_or(i64::MAX)
}

/// Go's `Duration.Abs` (the minimum duration saturates to the maximum).
pub fn abs_duration(d: i64) -> i64 {
    d.checked_abs().unwrap_or(i64::MAX)
}

/// Go's `Duration.Hours()`.
pub fn duration_hours(d: i64) -> f64 {
    split_float(d, HOUR)
}

/// Go's `Duration.Minutes()`.
pub fn duration_minutes(d: i64) -> f64 {
    split_float(d, MINUTE)
}

/// Go's `Duration.Seconds()`.
pub fn duration_seconds(d: i64) -> f64 {
    split_float(d, SECOND)
}

/// `d / unit` as a float, computed as Go does (whole part plus remainder) for precision.
fn split_float(d: i64, unit: u64) -> f64 {
    let unit = unit as i64;
    (d / unit) as f64 + (d % unit) as f64 / unit as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_go() {
        let table: &[(i64, &str)] = &[
            (0, "0s"),
            (1, "1ns"),
            (1_100, "1.1µs"),
            (2_200_000, "2.2ms"),
            (3_300_000_000, "3.3s"),
            (4 * 60 * 1_000_000_000 + 5_000_000_000, "4m5s"),
            (4 * 60 * 1_000_000_000 + 5_001_000_000, "4m5.001s"),
            (
                5 * 3_600_000_000_000 + 6 * 60_000_000_000 + 7_001_000_000,
                "5h6m7.001s",
            ),
            (8 * 60_000_000_000 + 1, "8m0.000000001s"),
            (36 * 3_600_000_000_000, "36h0m0s"),
            (5_400_000_000_000, "1h30m0s"),
            (300_000_000, "300ms"),
            (1_000, "1µs"),
            (1_500_000_000, "1.5s"),
            (-1, "-1ns"),
            (-5_400_000_000_000, "-1h30m0s"),
            (i64::MAX, "2562047h47m16.854775807s"),
            (i64::MIN, "-2562047h47m16.854775808s"),
        ];
        for &(nanos, text) in table {
            assert_eq!(format_duration(nanos), text, "{nanos}");
        }
    }

    #[test]
    fn parses_like_go() {
        let ok: &[(&str, i64)] = &[
            ("0", 0),
            ("5s", 5 * SECOND as i64),
            ("30s", 30 * SECOND as i64),
            ("1478s", 1478 * SECOND as i64),
            ("-5s", -5 * SECOND as i64),
            ("+5s", 5 * SECOND as i64),
            ("-0", 0),
            ("+0", 0),
            ("5.0s", 5 * SECOND as i64),
            ("5.6s", 5_600_000_000),
            ("5.s", 5 * SECOND as i64),
            (".5s", 500_000_000),
            ("1.0s", SECOND as i64),
            ("1.00s", SECOND as i64),
            ("1.004s", 1_004_000_000),
            ("100.00100s", 100_001_000_000),
            ("10ns", 10),
            ("11us", 11_000),
            ("12µs", 12_000),
            ("12μs", 12_000),
            ("13ms", 13_000_000),
            ("14s", 14 * SECOND as i64),
            ("15m", 15 * MINUTE as i64),
            ("16h", 16 * HOUR as i64),
            ("3h30m", 3 * HOUR as i64 + 30 * MINUTE as i64),
            ("10.5s4m", 4 * MINUTE as i64 + 10_500_000_000),
            ("-2m3.4s", -(2 * MINUTE as i64 + 3_400_000_000)),
            ("1h2m3s4ms5us6ns", 3_723_004_005_006),
            ("39h9m14.425s", 140_954_425_000_000),
            ("52763797000ns", 52_763_797_000),
            ("0.3333333333333333333h", 20 * MINUTE as i64),
            ("9007199254740993ns", 9_007_199_254_740_993),
            ("9223372036854775807ns", i64::MAX),
            ("9223372036.854775807s", i64::MAX),
            ("-9223372036854775808ns", i64::MIN),
            ("-9223372036.854775808s", i64::MIN),
            ("0.100000000000000000000h", 6 * MINUTE as i64),
            (
                "0.830103483285477580700h",
                49 * MINUTE as i64 + 48_372_539_827,
            ),
            ("90m", 5_400_000_000_000),
            ("720h", 2_592_000_000_000_000),
            ("100ms", 100_000_000),
            ("-1h30m", -5_400_000_000_000),
        ];
        for &(text, nanos) in ok {
            assert_eq!(parse_duration(text), Ok(nanos), "{text}");
        }
        let bad: &[(&str, &str)] = &[
            ("", r#"time: invalid duration """#),
            ("3", r#"time: missing unit in duration "3""#),
            ("1", r#"time: missing unit in duration "1""#),
            ("-", r#"time: invalid duration "-""#),
            ("s", r#"time: invalid duration "s""#),
            (".", r#"time: invalid duration ".""#),
            ("-.", r#"time: invalid duration "-.""#),
            (".s", r#"time: invalid duration ".s""#),
            ("+.s", r#"time: invalid duration "+.s""#),
            ("x", r#"time: invalid duration "x""#),
            ("1d", r#"time: unknown unit "d" in duration "1d""#),
            ("3000000h", r#"time: invalid duration "3000000h""#),
            (
                "9223372036854775808ns",
                r#"time: invalid duration "9223372036854775808ns""#,
            ),
            (
                "9223372036854775.808us",
                r#"time: invalid duration "9223372036854775.808us""#,
            ),
            (
                "9223372036854ms775us808ns",
                r#"time: invalid duration "9223372036854ms775us808ns""#,
            ),
            (
                "-9223372036854775809ns",
                r#"time: invalid duration "-9223372036854775809ns""#,
            ),
            (
                "1é",
                r#"time: unknown unit "\xc3\xa9" in duration "1\xc3\xa9""#,
            ),
        ];
        for &(text, message) in bad {
            assert_eq!(parse_duration(text), Err(message.to_string()), "{text}");
        }
    }

    #[test]
    fn duration_methods() {
        let d = 5_400_000_000_000;
        assert_eq!(duration_hours(d), 1.5);
        assert_eq!(duration_minutes(d), 90.0);
        assert_eq!(duration_seconds(1_500_000_000), 1.5);
        assert_eq!(
            truncate_duration(1_500_000_000, SECOND as i64),
            1_000_000_000
        );
        assert_eq!(
            truncate_duration(-1_500_000_000, SECOND as i64),
            -1_000_000_000
        );
        assert_eq!(round_duration(1_500_000_000, SECOND as i64), 2_000_000_000);
        assert_eq!(
            round_duration(-1_500_000_000, SECOND as i64),
            -2_000_000_000
        );
        assert_eq!(round_duration(1_499_999_999, SECOND as i64), 1_000_000_000);
        assert_eq!(round_duration(i64::MAX, HOUR as i64), i64::MAX);
        assert_eq!(round_duration(i64::MIN, HOUR as i64), i64::MIN);
        assert_eq!(round_duration(7, 0), 7);
        assert_eq!(abs_duration(i64::MIN), i64::MAX);
        assert_eq!(abs_duration(-3), 3);
    }
}
