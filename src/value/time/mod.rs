//! Go-compatible time values: `time.Time` with its location, durations, Go layouts.
//!
//! A [`Time`] is an instant (Unix seconds and nanoseconds, saturating at the `i64` range like
//! Go's arithmetic) plus the [`Zone`] it is shown in. Calendar fields, `Format` and `%v` read
//! the instant in that zone; comparisons read the instant only. The calendar is computed on
//! wide integers, so no year is out of range and nothing panics; chrono-tz provides the IANA
//! zones (instants beyond chrono's range use the offset of the nearest representable one).
//!
//! The process's local zone is UTC for scimap (see [`Zone::Local`]).
//!
//! | module | what |
//! |---|---|
//! | `civil` | days ↔ dates |
//! | `zone` | [`Zone`]: `LoadLocation`, offsets and abbreviations |
//! | `layout` | layout elements, `Format` |
//! | `parse` | `Parse`, `ParseInLocation` with Go's error texts |
//! | `duration` | `Duration.String()`, `ParseDuration`, duration methods |

mod civil;
mod duration;
mod layout;
mod parse;
mod zone;

use std::cmp::Ordering;

pub use self::duration::{
    abs_duration, duration_hours, duration_minutes, duration_seconds, format_duration,
    parse_duration, round_duration, truncate_duration,
};
pub use self::layout::{GO_STRING, RFC1123, RFC3339, RFC3339_NANO, RFC822, RFC850};
pub use self::parse::{parse, parse_in_location};
pub use self::zone::Zone;

use self::civil::{
    civil_from_days, days_from_civil, saturate, weekday_from_days, NANOS_PER_SECOND,
    SECONDS_PER_DAY, ZERO_TO_UNIX,
};

/// A point in time with the zone it is shown in (Go `time.Time`).
#[derive(Clone, Debug, PartialEq)]
pub struct Time {
    /// Seconds since 1970-01-01T00:00:00Z.
    unix: i64,
    /// Nanoseconds within the second, `0..1_000_000_000`.
    nanos: u32,
    /// The zone used for printing and for calendar methods.
    zone: Zone,
}

/// The calendar reading of a time in its zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Civil {
    /// The year (0 is 1 BC, as in Go).
    pub year: i64,
    /// 1 = January.
    pub month: u8,
    /// Day of the month, from 1.
    pub day: u8,
    /// 0..=23.
    pub hour: u8,
    /// 0..=59.
    pub minute: u8,
    /// 0..=59.
    pub second: u8,
    /// 0..=999_999_999.
    pub nanosecond: u32,
    /// 0 = Sunday.
    pub weekday: u8,
    /// Day of the year, from 1.
    pub year_day: u16,
    /// Seconds east of UTC.
    pub offset: i32,
    /// The zone abbreviation (`CET`); empty for an unnamed fixed zone.
    pub abbreviation: String,
}

impl Time {
    /// The time `unix` seconds plus `nanos` nanoseconds after 1970-01-01T00:00:00Z, shown in
    /// `zone` (Go `time.Unix(sec, nsec).In(zone)`; `nanos` may be any value).
    pub fn from_unix(unix: i64, nanos: i64, zone: Zone) -> Time {
        let total = i128::from(unix) * NANOS_PER_SECOND + i128::from(nanos);
        Time::from_total_nanos(total, zone)
    }

    /// A chrono instant, shown in `zone`.
    pub fn from_chrono(instant: chrono::DateTime<chrono::Utc>, zone: Zone) -> Time {
        Time::from_unix(
            instant.timestamp(),
            i64::from(instant.timestamp_subsec_nanos()),
            zone,
        )
    }

    /// Go's zero `time.Time`: 0001-01-01 00:00:00 UTC.
    pub fn zero() -> Time {
        Time::from_unix(-ZERO_TO_UNIX, 0, Zone::Utc)
    }

    /// Go's `time.Date`: the time of a calendar reading in `zone`. Out-of-range fields
    /// normalize (month 13 is January of the next year, day 0 the last day of the previous
    /// month); a wall time skipped or repeated by a zone transition resolves as Go does.
    #[allow(clippy::too_many_arguments)]
    pub fn date(
        year: i64,
        month: i64,
        day: i64,
        hour: i64,
        minute: i64,
        second: i64,
        nanosecond: i64,
        zone: Zone,
    ) -> Time {
        let month0 = i128::from(month) - 1;
        let year = i128::from(year) + month0.div_euclid(12);
        let month = (month0.rem_euclid(12) + 1) as u8;
        let days = days_from_civil(year, month, 1) + i128::from(day) - 1;
        let seconds = days * SECONDS_PER_DAY
            + i128::from(hour) * 3600
            + i128::from(minute) * 60
            + i128::from(second);
        let total = seconds * NANOS_PER_SECOND + i128::from(nanosecond);
        let local = total.div_euclid(NANOS_PER_SECOND);
        let nanos = total.rem_euclid(NANOS_PER_SECOND);
        // Go: take the offset in effect at the wall time read as UTC; if the instant it
        // gives falls outside that offset's period, take the offset in effect there.
        let mut offset = zone.offset_at(saturate(local));
        if offset != 0 {
            offset = zone.offset_at(saturate(local - i128::from(offset)));
        }
        let unix = local - i128::from(offset);
        Time::from_total_nanos(unix * NANOS_PER_SECOND + nanos, zone)
    }

    /// A time from nanoseconds since the Unix epoch, saturating at the representable range.
    fn from_total_nanos(total: i128, zone: Zone) -> Time {
        let unix = total.div_euclid(NANOS_PER_SECOND);
        match i64::try_from(unix) {
            Ok(unix) => Time {
                unix,
                nanos: total.rem_euclid(NANOS_PER_SECOND) as u32,
                zone,
            },
            Err(_) if unix < 0 => Time {
                unix: i64::MIN,
                nanos: 0,
                zone,
            },
            Err(_) => Time {
                unix: i64::MAX,
                nanos: 999_999_999,
                zone,
            },
        }
    }

    /// Nanoseconds since the Unix epoch, exactly.
    fn total_nanos(&self) -> i128 {
        i128::from(self.unix) * NANOS_PER_SECOND + i128::from(self.nanos)
    }

    /// Seconds since 1970-01-01T00:00:00Z (Go `Unix()`).
    pub fn unix(&self) -> i64 {
        self.unix
    }

    /// Go `UnixMilli()` (wraps on overflow, as Go).
    pub fn unix_milli(&self) -> i64 {
        self.unix
            .wrapping_mul(1_000)
            .wrapping_add(i64::from(self.nanos / 1_000_000))
    }

    /// Go `UnixMicro()` (wraps on overflow, as Go).
    pub fn unix_micro(&self) -> i64 {
        self.unix
            .wrapping_mul(1_000_000)
            .wrapping_add(i64::from(self.nanos / 1_000))
    }

    /// Go `UnixNano()` (wraps on overflow, as Go).
    pub fn unix_nano(&self) -> i64 {
        self.unix
            .wrapping_mul(1_000_000_000)
            .wrapping_add(i64::from(self.nanos))
    }

    /// The nanoseconds within the second (Go `Nanosecond()`).
    pub fn nanosecond(&self) -> u32 {
        self.nanos
    }

    /// The zone the time is shown in (Go `Location()`).
    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// The same instant shown in `zone` (Go `In`, `UTC`, `Local`).
    pub fn in_zone(&self, zone: Zone) -> Time {
        Time { zone, ..*self }
    }

    /// The calendar reading in the time's zone.
    pub fn civil(&self) -> Civil {
        let (abbreviation, offset) = self.zone.lookup(self.unix);
        let local = i128::from(self.unix) + i128::from(offset);
        let days = local.div_euclid(SECONDS_PER_DAY);
        let second_of_day = local.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year: saturate(year),
            month,
            day,
            hour: (second_of_day / 3600) as u8,
            minute: (second_of_day / 60 % 60) as u8,
            second: (second_of_day % 60) as u8,
            nanosecond: self.nanos,
            weekday: weekday_from_days(days),
            year_day: (days - days_from_civil(year, 1, 1) + 1) as u16,
            offset,
            abbreviation,
        }
    }

    /// The time `nanos` later (Go `Add`; saturates at the representable range).
    pub fn add(&self, nanos: i64) -> Time {
        Time::from_total_nanos(self.total_nanos() + i128::from(nanos), self.zone.clone())
    }

    /// The time `seconds` later.
    pub(crate) fn add_seconds(&self, seconds: i64) -> Time {
        let total = self.total_nanos() + i128::from(seconds) * NANOS_PER_SECOND;
        Time::from_total_nanos(total, self.zone.clone())
    }

    /// `self - other` in nanoseconds (Go `Sub`; saturates at the `Duration` range).
    pub fn sub(&self, other: &Time) -> i64 {
        saturate(self.total_nanos() - other.total_nanos())
    }

    /// Orders two times by instant, ignoring zones (Go `Compare`, `Before`, `After`).
    pub fn cmp_instant(&self, other: &Time) -> Ordering {
        (self.unix, self.nanos).cmp(&(other.unix, other.nanos))
    }

    /// Whether two times are the same instant, whatever their zones (Go `Equal`, and Expr's
    /// `==` on times).
    pub fn equal(&self, other: &Time) -> bool {
        self.cmp_instant(other) == Ordering::Equal
    }

    /// Whether this is Go's zero time, 0001-01-01 00:00:00 UTC (Go `IsZero`).
    pub fn is_zero(&self) -> bool {
        self.unix == -ZERO_TO_UNIX && self.nanos == 0
    }

    /// Go `AddDate`: adds years, months and days to the calendar reading, then normalizes
    /// (2023-01-31 plus one month is 2023-03-03).
    pub fn add_date(&self, years: i64, months: i64, days: i64) -> Time {
        let c = self.civil();
        let wide = |a: i64, b: i64| saturate(i128::from(a) + i128::from(b));
        Time::date(
            wide(c.year, years),
            wide(i64::from(c.month), months),
            wide(i64::from(c.day), days),
            i64::from(c.hour),
            i64::from(c.minute),
            i64::from(c.second),
            i64::from(c.nanosecond),
            self.zone.clone(),
        )
    }

    /// The remainder of the time since Go's zero time modulo `d` (`d > 0`), in `0..d`.
    fn since_zero_modulo(&self, d: i64) -> i128 {
        let since_zero = self.total_nanos() + i128::from(ZERO_TO_UNIX) * NANOS_PER_SECOND;
        since_zero.rem_euclid(i128::from(d))
    }

    /// Go `Truncate`: rounds down to a multiple of `d` since the zero time (unchanged when
    /// `d <= 0`).
    pub fn truncate(&self, d: i64) -> Time {
        if d <= 0 {
            return self.clone();
        }
        let r = self.since_zero_modulo(d);
        Time::from_total_nanos(self.total_nanos() - r, self.zone.clone())
    }

    /// Go `Round`: rounds to the nearest multiple of `d` since the zero time, halves up
    /// (unchanged when `d <= 0`).
    pub fn round(&self, d: i64) -> Time {
        if d <= 0 {
            return self.clone();
        }
        let r = self.since_zero_modulo(d);
        let total = if r + r < i128::from(d) {
            self.total_nanos() - r
        } else {
            self.total_nanos() + i128::from(d) - r
        };
        Time::from_total_nanos(total, self.zone.clone())
    }

    /// Go `Format` with a reference-time layout.
    ///
    /// ```
    /// use scimap::value::time::parse;
    /// let t = parse(scimap::value::time::RFC3339, "2021-03-04T05:06:07-05:00").unwrap();
    /// assert_eq!(t.format("Monday, January 2, 2006 3:04PM MST"), "Thursday, March 4, 2021 5:06AM -0500");
    /// ```
    pub fn format(&self, layout: &str) -> String {
        layout::format(self, layout)
    }

    /// Go's `%v` of a time (`Time.String()` without the monotonic clock):
    /// `2024-01-02 03:04:05 +0000 UTC`; a fixed offset without a name prints
    /// `2019-12-31 23:30:00.5 -0500 -0500`.
    pub fn go_string(&self) -> String {
        self.format(GO_STRING)
    }

    /// RFC 3339 with nanoseconds, trailing zeros trimmed, `Z` for UTC: what Go's JSON
    /// encoding writes (`2019-12-31T23:30:00.5-05:00`). Years outside 0..=9999, which Go's
    /// JSON encoder rejects, print with as many digits as they need.
    pub fn rfc3339_nano(&self) -> String {
        self.format(RFC3339_NANO)
    }
}

/// English month name, 1 = January (Go `time.Month.String()`).
pub fn month_name(month: u8) -> String {
    parse::LONG_MONTHS
        .get(usize::from(month).wrapping_sub(1))
        .map_or_else(|| format!("%!Month({month})"), |n| (*n).to_string())
}

/// English weekday name, 0 = Sunday (Go `time.Weekday.String()`).
pub fn weekday_name(day: u8) -> String {
    parse::LONG_DAYS
        .get(usize::from(day))
        .map_or_else(|| format!("%!Weekday({day})"), |n| (*n).to_string())
}

#[cfg(test)]
mod tests;
