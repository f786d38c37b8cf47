//! Go layouts: finding the elements of the reference time `Mon Jan 2 15:04:05 MST 2006` in a
//! layout, and formatting a time with them (Go `Time.Format`).

use super::Time;

/// Go's `time.RFC3339`.
pub const RFC3339: &str = "2006-01-02T15:04:05Z07:00";
/// Go's `time.RFC3339Nano`.
pub const RFC3339_NANO: &str = "2006-01-02T15:04:05.999999999Z07:00";
/// Go's `time.RFC822`.
pub const RFC822: &str = "02 Jan 06 15:04 MST";
/// Go's `time.RFC850`.
pub const RFC850: &str = "Monday, 02-Jan-06 15:04:05 MST";
/// Go's `time.RFC1123`.
pub const RFC1123: &str = "Mon, 02 Jan 2006 15:04:05 MST";
/// The layout of Go's `Time.String()` (and so of `%v`).
pub const GO_STRING: &str = "2006-01-02 15:04:05.999999999 -0700 MST";

/// One element of a layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Element {
    /// `January`
    LongMonth,
    /// `Jan`
    Month,
    /// `1`
    NumMonth,
    /// `01`
    ZeroMonth,
    /// `Monday`
    LongWeekDay,
    /// `Mon`
    WeekDay,
    /// `2`
    Day,
    /// `_2`
    UnderDay,
    /// `02`
    ZeroDay,
    /// `__2`
    UnderYearDay,
    /// `002`
    ZeroYearDay,
    /// `15`
    Hour,
    /// `3`
    Hour12,
    /// `03`
    ZeroHour12,
    /// `4`
    Minute,
    /// `04`
    ZeroMinute,
    /// `5`
    Second,
    /// `05`
    ZeroSecond,
    /// `2006`
    LongYear,
    /// `06`
    Year,
    /// `PM`
    UpperPm,
    /// `pm`
    LowerPm,
    /// `MST`
    ZoneName,
    /// A numeric offset (`-0700`, `Z07:00`, ...).
    Offset(OffsetStyle),
    /// `.000` / `,000` (`trim` false) or `.999` / `,999` (`trim` true).
    Fraction {
        /// How many digits the layout shows.
        digits: usize,
        /// `.` or `,`.
        separator: u8,
        /// Whether trailing zeros are dropped (the `9` forms).
        trim: bool,
    },
}

/// How a numeric offset element is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OffsetStyle {
    /// `Z` forms: UTC prints as `Z`.
    pub z: bool,
    /// A colon between the fields.
    pub colon: bool,
    /// Whether minutes are shown (`-07` / `Z07` have only hours).
    pub minutes: bool,
    /// Whether seconds are shown.
    pub seconds: bool,
}

impl OffsetStyle {
    const fn new(z: bool, colon: bool, minutes: bool, seconds: bool) -> OffsetStyle {
        OffsetStyle {
            z,
            colon,
            minutes,
            seconds,
        }
    }

    /// How many bytes of input the offset takes (after the sign).
    pub fn text_len(self) -> usize {
        match (self.minutes, self.seconds, self.colon) {
            (false, _, _) => 3,
            (true, false, false) => 5,
            (true, false, true) => 6,
            (true, true, false) => 7,
            (true, true, true) => 9,
        }
    }
}

/// The offset spellings, longest first within each sign character (Go's order).
const OFFSETS: [(&str, OffsetStyle); 10] = [
    ("-070000", OffsetStyle::new(false, false, true, true)),
    ("-07:00:00", OffsetStyle::new(false, true, true, true)),
    ("-0700", OffsetStyle::new(false, false, true, false)),
    ("-07:00", OffsetStyle::new(false, true, true, false)),
    ("-07", OffsetStyle::new(false, false, false, false)),
    ("Z070000", OffsetStyle::new(true, false, true, true)),
    ("Z07:00:00", OffsetStyle::new(true, true, true, true)),
    ("Z0700", OffsetStyle::new(true, false, true, false)),
    ("Z07:00", OffsetStyle::new(true, true, true, false)),
    ("Z07", OffsetStyle::new(true, false, false, false)),
];

/// A layout split at its first element: `(literal prefix, element, rest)`; no element means
/// the whole layout is literal.
pub(crate) struct Chunk<'l> {
    pub prefix: &'l str,
    pub element: Option<Element>,
    /// The element's own text in the layout (`2006`, `.000`).
    pub text: &'l str,
    pub rest: &'l str,
}

/// Finds the first element of `layout` (Go's `nextStdChunk`).
pub(crate) fn next_chunk(layout: &str) -> Chunk<'_> {
    let bytes = layout.as_bytes();
    for i in 0..bytes.len() {
        if let Some((element, len, literal)) = element_at(&bytes[i..]) {
            // `_2006` is a literal `_` followed by the year.
            let start = i + literal;
            return Chunk {
                prefix: &layout[..start],
                element: Some(element),
                text: &layout[start..i + len],
                rest: &layout[i + len..],
            };
        }
    }
    Chunk {
        prefix: layout,
        element: None,
        text: "",
        rest: "",
    }
}

/// The element starting at the beginning of `s`: the element, the bytes it spans (from the
/// start of `s`), and how many leading bytes of that span are literal.
fn element_at(s: &[u8]) -> Option<(Element, usize, usize)> {
    let starts = |p: &str| s.starts_with(p.as_bytes());
    let lower_after = |n: usize| s.get(n).is_some_and(u8::is_ascii_lowercase);
    use Element::*;
    let found = match s[0] {
        b'J' if starts("January") => (LongMonth, 7),
        b'J' if starts("Jan") && !lower_after(3) => (Month, 3),
        b'M' if starts("Monday") => (LongWeekDay, 6),
        b'M' if starts("Mon") && !lower_after(3) => (WeekDay, 3),
        b'M' if starts("MST") => (ZoneName, 3),
        b'0' if s.len() >= 2 && (b'1'..=b'6').contains(&s[1]) => {
            let element = [ZeroMonth, ZeroDay, ZeroHour12, ZeroMinute, ZeroSecond, Year]
                [usize::from(s[1] - b'1')];
            (element, 2)
        }
        b'0' if starts("002") => (ZeroYearDay, 3),
        b'1' if starts("15") => (Hour, 2),
        b'1' => (NumMonth, 1),
        b'2' if starts("2006") => (LongYear, 4),
        b'2' => (Day, 1),
        b'_' if starts("_2006") => return Some((LongYear, 5, 1)),
        b'_' if starts("_2") => (UnderDay, 2),
        b'_' if starts("__2") => (UnderYearDay, 3),
        b'3' => (Hour12, 1),
        b'4' => (Minute, 1),
        b'5' => (Second, 1),
        b'P' if starts("PM") => (UpperPm, 2),
        b'p' if starts("pm") => (LowerPm, 2),
        b'-' | b'Z' => {
            let (text, style) = OFFSETS.iter().find(|(text, _)| starts(text))?;
            (Offset(*style), text.len())
        }
        separator @ (b'.' | b',') if matches!(s.get(1), Some(b'0' | b'9')) => {
            let digit = s[1];
            let digits = s[1..].iter().take_while(|&&c| c == digit).count();
            if s.get(1 + digits).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            let trim = digit == b'9';
            (
                Fraction {
                    digits,
                    separator,
                    trim,
                },
                1 + digits,
            )
        }
        _ => return None,
    };
    Some((found.0, found.1, 0))
}

/// Appends `value` in decimal, zero-padded to `width` digits (the sign comes first).
pub(crate) fn push_int(out: &mut String, value: i64, width: usize) {
    if value < 0 {
        out.push('-');
    }
    let digits = value.unsigned_abs().to_string();
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

/// Go's `Time.Format`.
pub(crate) fn format(time: &Time, layout: &str) -> String {
    let civil = time.civil();
    let mut out = String::with_capacity(layout.len() + 10);
    let mut layout = layout;
    loop {
        let chunk = next_chunk(layout);
        out.push_str(chunk.prefix);
        let Some(element) = chunk.element else {
            return out;
        };
        layout = chunk.rest;
        let hour12 = match civil.hour % 12 {
            0 => 12,
            h => h,
        };
        use Element::*;
        match element {
            Year => push_int(&mut out, (civil.year.unsigned_abs() % 100) as i64, 2),
            LongYear => push_int(&mut out, civil.year, 4),
            Month => out.push_str(&super::month_name(civil.month)[..3]),
            LongMonth => out.push_str(&super::month_name(civil.month)),
            NumMonth => push_int(&mut out, i64::from(civil.month), 0),
            ZeroMonth => push_int(&mut out, i64::from(civil.month), 2),
            WeekDay => out.push_str(super::parse::SHORT_DAYS[usize::from(civil.weekday % 7)]),
            LongWeekDay => out.push_str(&super::weekday_name(civil.weekday)),
            Day => push_int(&mut out, i64::from(civil.day), 0),
            UnderDay => {
                if civil.day < 10 {
                    out.push(' ');
                }
                push_int(&mut out, i64::from(civil.day), 0);
            }
            ZeroDay => push_int(&mut out, i64::from(civil.day), 2),
            UnderYearDay => {
                let pad = if civil.year_day < 10 {
                    "  "
                } else if civil.year_day < 100 {
                    " "
                } else {
                    ""
                };
                out.push_str(pad);
                push_int(&mut out, i64::from(civil.year_day), 0);
            }
            ZeroYearDay => push_int(&mut out, i64::from(civil.year_day), 3),
            Hour => push_int(&mut out, i64::from(civil.hour), 2),
            Hour12 => push_int(&mut out, i64::from(hour12), 0),
            ZeroHour12 => push_int(&mut out, i64::from(hour12), 2),
            Minute => push_int(&mut out, i64::from(civil.minute), 0),
            ZeroMinute => push_int(&mut out, i64::from(civil.minute), 2),
            Second => push_int(&mut out, i64::from(civil.second), 0),
            ZeroSecond => push_int(&mut out, i64::from(civil.second), 2),
            UpperPm => out.push_str(if civil.hour >= 12 { "PM" } else { "AM" }),
            LowerPm => out.push_str(if civil.hour >= 12 { "pm" } else { "am" }),
            Offset(style) => push_offset(&mut out, civil.offset, style),
            ZoneName if !civil.abbreviation.is_empty() => out.push_str(&civil.abbreviation),
            ZoneName => push_offset(&mut out, civil.offset, OFFSETS[2].1),
            Fraction {
                digits,
                separator,
                trim,
            } => push_fraction(&mut out, civil.nanosecond, digits, separator, trim),
        }
    }
}

/// Appends a numeric offset in the given style.
fn push_offset(out: &mut String, offset: i32, style: OffsetStyle) {
    if offset == 0 && style.z {
        out.push('Z');
        return;
    }
    // Go takes the sign from the offset in whole minutes.
    out.push(if offset / 60 < 0 { '-' } else { '+' });
    let seconds = i64::from(offset.unsigned_abs());
    let minutes = seconds / 60;
    push_int(out, minutes / 60, 2);
    if style.colon {
        out.push(':');
    }
    if style.minutes {
        push_int(out, minutes % 60, 2);
    }
    if style.seconds {
        if style.colon {
            out.push(':');
        }
        push_int(out, seconds % 60, 2);
    }
}

/// Appends a fractional second (Go's `appendNano`).
fn push_fraction(out: &mut String, nanos: u32, digits: usize, separator: u8, trim: bool) {
    if trim && (digits == 0 || nanos == 0) {
        return;
    }
    let all = format!("{nanos:09}");
    let mut shown = &all[..digits.min(9)];
    if trim {
        shown = shown.trim_end_matches('0');
        if shown.is_empty() {
            return;
        }
    }
    out.push(char::from(separator));
    out.push_str(shown);
}
