//! Go's `time.Parse` and `time.ParseInLocation`, with the error texts of the reference
//! (Go 1.19: a failed element reports the input from where its reading stopped).

use super::civil::{days_in_month, is_leap};
use super::layout::{next_chunk, Element, OffsetStyle};
use super::{Time, Zone};

const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
pub(super) const LONG_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub(super) const SHORT_DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
pub(super) const LONG_DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Go's `time.Parse`: a text without a zone is UTC; a zone that matches the local zone (UTC,
/// for scimap) gets the local zone.
///
/// ```
/// use scimap::value::time::parse;
/// let t = parse("2006-01-02", "2023-08-14").unwrap();
/// assert_eq!(t.rfc3339_nano(), "2023-08-14T00:00:00Z");
/// assert_eq!(
///     parse("2006-01-02", "2021-13-01").unwrap_err(),
///     r#"parsing time "2021-13-01": month out of range"#
/// );
/// ```
pub fn parse(layout: &str, value: &str) -> Result<Time, String> {
    parse_with(layout, value, &Zone::Utc, &Zone::Local)
}

/// Go's `time.ParseInLocation`: a text without a zone is read in `zone`, and zone offsets or
/// abbreviations that `zone` uses give times in `zone`.
pub fn parse_in_location(layout: &str, value: &str, zone: &Zone) -> Result<Time, String> {
    parse_with(layout, value, zone, zone)
}

/// The fields read so far.
struct Fields {
    year: i64,
    month: i64,
    day: i64,
    year_day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    nanosecond: i64,
    am: bool,
    pm: bool,
    zone: Option<Zone>,
    zone_offset: Option<i32>,
    zone_name: String,
}

/// What went wrong with one element.
enum Failure {
    /// The text does not fit the element (`cannot parse ... as ...`).
    Bad,
    /// The element's value is out of range (`month out of range`).
    Range(&'static str),
}

/// The error texts, which quote the whole input and layout.
struct Errors<'a> {
    layout: &'a str,
    value: &'a [u8],
}

impl Errors<'_> {
    fn cannot_parse(&self, value_elem: &[u8], layout_elem: &str) -> String {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            quote(self.value),
            quote(self.layout.as_bytes()),
            quote(value_elem),
            quote(layout_elem.as_bytes())
        )
    }

    fn message(&self, message: &str) -> String {
        format!("parsing time {}{message}", quote(self.value))
    }
}

fn parse_with(layout: &str, text: &str, default: &Zone, local: &Zone) -> Result<Time, String> {
    let errors = Errors {
        layout,
        value: text.as_bytes(),
    };
    let mut fields = Fields {
        year: 0,
        month: -1,
        day: -1,
        year_day: -1,
        hour: 0,
        minute: 0,
        second: 0,
        nanosecond: 0,
        am: false,
        pm: false,
        zone: None,
        zone_offset: None,
        zone_name: String::new(),
    };
    let mut value = text.as_bytes();
    let mut layout = layout;
    loop {
        let chunk = next_chunk(layout);
        value = skip(value, chunk.prefix.as_bytes())
            .map_err(|rest| errors.cannot_parse(rest, chunk.prefix))?;
        let Some(element) = chunk.element else {
            if !value.is_empty() {
                return Err(errors.message(&format!(": extra text: {}", quote(value))));
            }
            break;
        };
        layout = chunk.rest;
        match read_element(element, &mut value, layout, &mut fields) {
            Ok(()) => {}
            Err(Failure::Range(what)) => {
                return Err(errors.message(&format!(": {what} out of range")))
            }
            Err(Failure::Bad) => return Err(errors.cannot_parse(value, chunk.text)),
        }
    }
    finish(fields, &errors, default, local)
}

/// Reads one element from the front of `value`, leaving `value` where reading stopped.
fn read_element(
    element: Element,
    value: &mut &[u8],
    rest_of_layout: &str,
    f: &mut Fields,
) -> Result<(), Failure> {
    use Element::*;
    match element {
        Year => {
            let digits = take(value, 2).ok_or(Failure::Bad)?;
            let year = atoi(digits).ok_or(Failure::Bad)?;
            f.year = if year >= 69 { year + 1900 } else { year + 2000 };
        }
        LongYear => {
            if value.len() < 4 || !is_digit(value, 0) {
                return Err(Failure::Bad);
            }
            let digits = take(value, 4).ok_or(Failure::Bad)?;
            f.year = atoi(digits).ok_or(Failure::Bad)?;
        }
        Month => f.month = lookup(&SHORT_MONTHS, value)? + 1,
        LongMonth => f.month = lookup(&LONG_MONTHS, value)? + 1,
        NumMonth | ZeroMonth => {
            f.month = getnum(value, element == ZeroMonth)?;
            if !(1..=12).contains(&f.month) {
                return Err(Failure::Range("month"));
            }
        }
        WeekDay => {
            lookup(&SHORT_DAYS, value)?;
        }
        LongWeekDay => {
            lookup(&LONG_DAYS, value)?;
        }
        Day | UnderDay | ZeroDay => {
            if element == UnderDay && value.first() == Some(&b' ') {
                *value = &value[1..];
            }
            f.day = getnum(value, element == ZeroDay)?;
        }
        UnderYearDay | ZeroYearDay => {
            for _ in 0..2 {
                if element == UnderYearDay && value.first() == Some(&b' ') {
                    *value = &value[1..];
                }
            }
            f.year_day = getnum3(value, element == ZeroYearDay)?;
        }
        Hour => {
            f.hour = getnum(value, false)?;
            if f.hour >= 24 {
                return Err(Failure::Range("hour"));
            }
        }
        Hour12 | ZeroHour12 => {
            f.hour = getnum(value, element == ZeroHour12)?;
            if f.hour > 12 {
                return Err(Failure::Range("hour"));
            }
        }
        Minute | ZeroMinute => {
            f.minute = getnum(value, element == ZeroMinute)?;
            if f.minute >= 60 {
                return Err(Failure::Range("minute"));
            }
        }
        Second | ZeroSecond => {
            f.second = getnum(value, element == ZeroSecond)?;
            if f.second >= 60 {
                return Err(Failure::Range("second"));
            }
            read_unannounced_fraction(value, rest_of_layout, f)?;
        }
        UpperPm | LowerPm => {
            let mark = take(value, 2).ok_or(Failure::Bad)?;
            let (pm, am): (&[u8], &[u8]) = if element == UpperPm {
                (b"PM", b"AM")
            } else {
                (b"pm", b"am")
            };
            if mark == pm {
                f.pm = true;
            } else if mark == am {
                f.am = true;
            } else {
                return Err(Failure::Bad);
            }
        }
        Offset(style) => {
            if style.z && value.first() == Some(&b'Z') {
                *value = &value[1..];
                f.zone = Some(Zone::Utc);
            } else {
                f.zone_offset = Some(read_offset(value, style)?);
            }
        }
        ZoneName => {
            if value.starts_with(b"UTC") {
                *value = &value[3..];
                f.zone = Some(Zone::Utc);
            } else {
                let len = zone_name_len(value).ok_or(Failure::Bad)?;
                f.zone_name = String::from_utf8_lossy(&value[..len]).into_owned();
                *value = &value[len..];
            }
        }
        Fraction { digits, trim, .. } => {
            if !trim {
                let len = 1 + digits;
                if value.len() < len {
                    return Err(Failure::Bad);
                }
                let result = nanoseconds(value, len);
                *value = &value[len..];
                f.nanosecond = result?;
            } else if value.len() >= 2 && is_separator(value[0]) && is_digit(value, 1) {
                let len = 1 + value[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                let result = nanoseconds(value, len);
                *value = &value[len..];
                f.nanosecond = result?;
            }
        }
    }
    Ok(())
}

/// After the seconds, a fraction the layout does not show is read anyway.
fn read_unannounced_fraction(
    value: &mut &[u8],
    rest_of_layout: &str,
    f: &mut Fields,
) -> Result<(), Failure> {
    if value.len() < 2 || !is_separator(value[0]) || !is_digit(value, 1) {
        return Ok(());
    }
    if let Some(Element::Fraction { .. }) = next_chunk(rest_of_layout).element {
        return Ok(());
    }
    let len = 2 + value[2..].iter().take_while(|c| c.is_ascii_digit()).count();
    let result = nanoseconds(value, len);
    *value = &value[len..];
    f.nanosecond = result?;
    Ok(())
}

/// Reads a numeric offset (`-0700`, `+05:30`, ...) in seconds east of UTC.
fn read_offset(value: &mut &[u8], style: OffsetStyle) -> Result<i32, Failure> {
    let len = style.text_len();
    if value.len() < len
        || (style.colon && (value[3] != b':' || (style.seconds && value[6] != b':')))
    {
        return Err(Failure::Bad);
    }
    let text = &value[..len];
    *value = &value[len..];
    let (minutes_at, seconds_at) = if style.colon { (4, 7) } else { (3, 5) };
    let fields = [
        (1, true),
        (minutes_at, style.minutes),
        (seconds_at, style.seconds),
    ];
    // Hours, minutes, seconds; reading stops at the first bad field, as in Go.
    let mut parts = [0_i64; 3];
    let mut bad = false;
    for (part, (at, shown)) in parts.iter_mut().zip(fields) {
        if !shown {
            continue;
        }
        match getnum(&mut &text[at..at + 2], true) {
            Ok(number) => *part = number,
            Err(_) => {
                bad = true;
                break;
            }
        }
    }
    let [hours, minutes, seconds] = parts;
    // Go checks the ranges (with `>`: offsets of 24 hours occur) before the digits; the last
    // field out of range is the one reported.
    if seconds > 60 {
        return Err(Failure::Range("time zone offset second"));
    }
    if minutes > 60 {
        return Err(Failure::Range("time zone offset minute"));
    }
    if hours > 24 {
        return Err(Failure::Range("time zone offset hour"));
    }
    // At most 24*3600 + 60*60 + 60 seconds: fits an i32.
    let offset = ((hours * 60 + minutes) * 60 + seconds) as i32;
    match text[0] {
        _ if bad => Err(Failure::Bad),
        b'+' => Ok(offset),
        b'-' => Ok(-offset),
        _ => Err(Failure::Bad),
    }
}

/// Turns the fields into a time (the end of Go's `parse`).
fn finish(
    mut f: Fields,
    errors: &Errors<'_>,
    default: &Zone,
    local: &Zone,
) -> Result<Time, String> {
    if f.pm && f.hour < 12 {
        f.hour += 12;
    } else if f.am && f.hour == 12 {
        f.hour = 0;
    }
    if f.year_day >= 0 {
        let (month, day) = month_day_of_year(f.year, f.year_day)
            .ok_or_else(|| errors.message(": day-of-year out of range"))?;
        if f.month >= 0 && f.month != month {
            return Err(errors.message(": day-of-year does not match month"));
        }
        if f.day >= 0 && f.day != day {
            return Err(errors.message(": day-of-year does not match day"));
        }
        f.month = month;
        f.day = day;
    } else {
        if f.month < 0 {
            f.month = 1;
        }
        if f.day < 0 {
            f.day = 1;
        }
    }
    let month_days = u8::try_from(f.month)
        .map(|m| days_in_month(m, i128::from(f.year)))
        .unwrap_or(0);
    if f.day < 1 || f.day > i64::from(month_days) {
        return Err(errors.message(": day out of range"));
    }
    let parsed_zone = f.zone.take();
    let at = |zone: Zone| {
        Time::date(
            f.year,
            f.month,
            f.day,
            f.hour,
            f.minute,
            f.second,
            f.nanosecond,
            zone,
        )
    };
    if let Some(zone) = parsed_zone {
        return Ok(at(zone));
    }
    if let Some(offset) = f.zone_offset {
        let t = at(Zone::Utc).add_seconds(-i64::from(offset));
        let (name, local_offset) = local.lookup(t.unix());
        if local_offset == offset && (f.zone_name.is_empty() || name == f.zone_name) {
            return Ok(t.in_zone(local.clone()));
        }
        return Ok(t.in_zone(Zone::fixed(&f.zone_name, offset)));
    }
    if !f.zone_name.is_empty() {
        let t = at(Zone::Utc);
        if let Some(offset) = local.lookup_name(&f.zone_name, t.unix()) {
            return Ok(t.add_seconds(-i64::from(offset)).in_zone(local.clone()));
        }
        let mut offset = 0;
        if let Some(hours) = f.zone_name.strip_prefix("GMT").filter(|h| !h.is_empty()) {
            offset = atoi(hours.as_bytes()).map_or(0, |h| h * 3600) as i32;
        }
        return Ok(t.in_zone(Zone::fixed(&f.zone_name, offset)));
    }
    Ok(at(default.clone()))
}

/// The month and day of day-of-year `year_day` (1-based), or `None` when out of range.
fn month_day_of_year(year: i64, year_day: i64) -> Option<(i64, i64)> {
    const BEFORE: [i64; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
    let mut year_day = year_day;
    if is_leap(i128::from(year)) {
        if year_day == 31 + 29 {
            return Some((2, 29));
        }
        if year_day > 31 + 29 {
            year_day -= 1;
        }
    }
    if !(1..=365).contains(&year_day) {
        return None;
    }
    let mut month = (year_day - 1) / 31 + 1;
    if BEFORE[month as usize] < year_day {
        month += 1;
    }
    Some((month, year_day - BEFORE[month as usize - 1]))
}

/// Removes `prefix` from `value`, a run of spaces matching any run of spaces. On failure,
/// returns where the input stopped matching.
fn skip<'v>(mut value: &'v [u8], mut prefix: &[u8]) -> Result<&'v [u8], &'v [u8]> {
    let trim = |s: &'v [u8]| &s[s.iter().take_while(|&&c| c == b' ').count()..];
    while let Some(&first) = prefix.first() {
        if first == b' ' {
            if value.first().is_some_and(|&c| c != b' ') {
                return Err(value);
            }
            prefix = &prefix[prefix.iter().take_while(|&&c| c == b' ').count()..];
            value = trim(value);
            continue;
        }
        if value.first() != Some(&first) {
            return Err(value);
        }
        prefix = &prefix[1..];
        value = &value[1..];
    }
    Ok(value)
}

/// Splits `n` bytes off the front of `value`.
fn take<'v>(value: &mut &'v [u8], n: usize) -> Option<&'v [u8]> {
    if value.len() < n {
        return None;
    }
    let (head, tail) = value.split_at(n);
    *value = tail;
    Some(head)
}

fn is_digit(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(u8::is_ascii_digit)
}

fn is_separator(c: u8) -> bool {
    c == b'.' || c == b','
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(value: &mut &[u8], fixed: bool) -> Result<i64, Failure> {
    if !is_digit(value, 0) {
        return Err(Failure::Bad);
    }
    let first = i64::from(value[0] - b'0');
    if !is_digit(value, 1) {
        if fixed {
            return Err(Failure::Bad);
        }
        *value = &value[1..];
        return Ok(first);
    }
    let number = first * 10 + i64::from(value[1] - b'0');
    *value = &value[2..];
    Ok(number)
}

/// Go's `getnum3`: one to three digits (exactly three when `fixed`).
fn getnum3(value: &mut &[u8], fixed: bool) -> Result<i64, Failure> {
    let count = value
        .iter()
        .take(3)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if count == 0 || (fixed && count != 3) {
        return Err(Failure::Bad);
    }
    let number = value[..count]
        .iter()
        .fold(0, |n, c| n * 10 + i64::from(c - b'0'));
    *value = &value[count..];
    Ok(number)
}

/// Go's `atoi`: an optional sign and digits only (the empty string is 0).
fn atoi(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let mut number: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        number = number.checked_mul(10)?.checked_add(i64::from(c - b'0'))?;
    }
    Some(if negative { -number } else { number })
}

/// Go's `lookup`: a case-insensitive name from `table` at the front of `value`.
fn lookup(table: &[&str], value: &mut &[u8]) -> Result<i64, Failure> {
    for (index, name) in table.iter().enumerate() {
        let name = name.as_bytes();
        if value.len() >= name.len() && value[..name.len()].eq_ignore_ascii_case(name) {
            *value = &value[name.len()..];
            return Ok(index as i64);
        }
    }
    Err(Failure::Bad)
}

/// Go's `parseNanoseconds`: `len` bytes of `value`, a separator then digits.
fn nanoseconds(value: &[u8], len: usize) -> Result<i64, Failure> {
    if !value.first().copied().is_some_and(is_separator) {
        return Err(Failure::Bad);
    }
    let len = len.min(10);
    let number = atoi(&value[1..len]).ok_or(Failure::Bad)?;
    if number < 0 {
        return Err(Failure::Range("fractional second"));
    }
    Ok(number * 10_i64.pow((10 - len) as u32))
}

/// Go's `parseTimeZone`: how long the zone abbreviation at the front of `value` is.
fn zone_name_len(value: &[u8]) -> Option<usize> {
    if value.len() < 3 {
        return None;
    }
    if value.starts_with(b"ChST") || value.starts_with(b"MeST") {
        return Some(4);
    }
    if value.starts_with(b"GMT") {
        return Some(3 + signed_offset_len(&value[3..]));
    }
    if value[0] == b'+' || value[0] == b'-' {
        return Some(signed_offset_len(value)).filter(|&n| n > 0);
    }
    let upper = value
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    match upper {
        5 if value[4] == b'T' => Some(5),
        4 if value[3] == b'T' || value.starts_with(b"WITA") => Some(4),
        3 => Some(3),
        _ => None,
    }
}

/// Go's `parseSignedOffset`: the length of `+h`/`-hh` (hours up to 23), or 0.
fn signed_offset_len(value: &[u8]) -> usize {
    if !matches!(value.first(), Some(b'+' | b'-')) {
        return 0;
    }
    let digits = value[1..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return 0;
    }
    match atoi(&value[1..1 + digits]) {
        Some(hours) if hours <= 23 => 1 + digits,
        _ => 0,
    }
}

/// Go's `quote` for error messages: printable ASCII as is, other bytes as `\xNN`.
pub(crate) fn quote(text: &[u8]) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for &c in text {
        match c {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(c));
            }
            b' '..=0x7e => out.push(char::from(c)),
            _ => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push('"');
    out
}
