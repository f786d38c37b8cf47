//! Go's text for `float64`: `%v` (`strconv.FormatFloat(f, 'g', -1, 64)` with the exponent
//! threshold of `fmt`) and `encoding/json`'s choice between plain and exponent notation.
//!
//! Both start from the shortest decimal digits that round-trip, which Rust's `{:e}` already
//! produces; only the layout differs.

/// The shortest round-trip decimal digits of a finite, non-zero `|f|` and the decimal exponent
/// of the first digit: `1234.5` → (`"12345"`, 3).
fn shortest_digits(f: f64) -> (String, i32) {
    let text = format!("{:e}", f.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text.as_str(), "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (digits, exponent.parse().unwrap_or(0))
}

/// Plain notation of `digits × 10^(exponent+1−len)`: `("12345", 1)` → `12.345`.
fn plain(out: &mut String, digits: &str, exponent: i32) {
    let point = exponent + 1; // digits before the decimal point
    let len = digits.len() as i32;
    if point <= 0 {
        out.push_str("0.");
        for _ in 0..-point {
            out.push('0');
        }
        out.push_str(digits);
    } else if point >= len {
        out.push_str(digits);
        for _ in 0..point - len {
            out.push('0');
        }
    } else {
        let (int, frac) = digits.split_at(point as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    }
}

/// Exponent notation `d.ddde±XX` with at least `min_exp_digits` exponent digits.
fn scientific(out: &mut String, digits: &str, exponent: i32, min_exp_digits: usize) {
    let (first, rest) = digits.split_at(1.min(digits.len()));
    out.push_str(first);
    if !rest.is_empty() {
        out.push('.');
        out.push_str(rest);
    }
    out.push('e');
    out.push(if exponent < 0 { '-' } else { '+' });
    let magnitude = exponent.unsigned_abs().to_string();
    for _ in magnitude.len()..min_exp_digits {
        out.push('0');
    }
    out.push_str(&magnitude);
}

/// Go's `%v` of a `float64`: shortest digits, plain notation iff the decimal exponent is in
/// −4..=5, otherwise `1e+06` / `1.234567e+06` / `1e-05`; `-0`, `+Inf`, `-Inf`, `NaN`.
pub fn float_v(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    let mut out = String::new();
    if f < 0.0 {
        out.push('-');
    }
    let (digits, exponent) = shortest_digits(f);
    if (-4..6).contains(&exponent) {
        plain(&mut out, &digits, exponent);
    } else {
        scientific(&mut out, &digits, exponent, 2);
    }
    out
}

/// `encoding/json`'s text of a `float64`, or `None` for NaN and infinities (which Go refuses):
/// plain notation when `1e-6 ≤ |f| < 1e21` (or zero), otherwise exponent notation with the
/// fewest exponent digits (`1e-7`, `1e+21`).
pub fn float_json(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some(if f.is_sign_negative() { "-0" } else { "0" }.to_string());
    }
    let mut out = String::new();
    if f < 0.0 {
        out.push('-');
    }
    let (digits, exponent) = shortest_digits(f);
    let magnitude = f.abs();
    if (1e-6..1e21).contains(&magnitude) {
        plain(&mut out, &digits, exponent);
    } else {
        scientific(&mut out, &digits, exponent, 1);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_v_matches_go() {
        let table: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (-1.0, "-1"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (-0.5, "-0.5"),
            (123456.0, "123456"),
            (999999.0, "999999"),
            (1000000.0, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (0.000123, "0.000123"),
            (1e21, "1e+21"),
            (1e100, "1e+100"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (0.1 + 0.2, "0.30000000000000004"),
            (2.5e-7, "2.5e-07"),
            (f64::INFINITY, "+Inf"),
            (f64::NEG_INFINITY, "-Inf"),
            (f64::NAN, "NaN"),
        ];
        for (input, expected) in table {
            assert_eq!(float_v(*input), *expected, "%v of {input:e}");
        }
    }

    #[test]
    fn json_matches_go() {
        let table: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (0.1, "0.1"),
            (-0.5, "-0.5"),
            (1000000.0, "1000000"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (0.000001, "0.000001"),
            (0.0000001, "1e-7"),
            (1.25e-8, "1.25e-8"),
            (1e-10, "1e-10"),
            (5e-324, "5e-324"),
            (123456789.125, "123456789.125"),
        ];
        for (input, expected) in table {
            assert_eq!(float_json(*input).as_deref(), Some(*expected), "{input:e}");
        }
        assert_eq!(float_json(f64::NAN), None);
        assert_eq!(float_json(f64::INFINITY), None);
    }
}
