//! Go-compatible time values: `time.Time` with its location, durations, Go layouts.
//!
//! (Placeholder shape; the time builtins fill this module in.)

use std::sync::Arc;

/// A time zone (Go `*time.Location`).
#[derive(Clone, Debug, PartialEq)]
pub enum Zone {
    /// UTC.
    Utc,
    /// The process's local zone (scimap treats it as UTC unless configured).
    Local,
    /// A fixed offset east of UTC in seconds, with the zone abbreviation if one was parsed.
    Fixed {
        /// Seconds east of UTC.
        offset: i32,
        /// The abbreviation (`MST`), or `None` to print the offset.
        name: Option<Arc<str>>,
    },
    /// An IANA zone.
    Named(chrono_tz::Tz),
}

/// A point in time with the zone it is shown in (Go `time.Time`).
#[derive(Clone, Debug, PartialEq)]
pub struct Time {
    /// The instant, in UTC.
    pub utc: chrono::NaiveDateTime,
    /// The zone used for printing and for calendar methods.
    pub zone: Zone,
}

impl Time {
    /// Go's `%v` of a time: `2024-01-02 03:04:05 +0000 UTC` (placeholder).
    pub fn go_string(&self) -> String {
        format!("{} +0000 UTC", self.utc.format("%Y-%m-%d %H:%M:%S"))
    }

    /// RFC 3339 with nanoseconds as Go's JSON encoding writes it (placeholder).
    pub fn rfc3339_nano(&self) -> String {
        format!("{}Z", self.utc.format("%Y-%m-%dT%H:%M:%S%.f"))
    }
}

impl Zone {
    /// The zone's name as Go's `Location.String()` gives it (placeholder).
    pub fn name(&self) -> String {
        match self {
            Zone::Utc => "UTC".to_string(),
            Zone::Local => "Local".to_string(),
            Zone::Fixed { name, .. } => name.as_deref().unwrap_or("").to_string(),
            Zone::Named(tz) => tz.name().to_string(),
        }
    }
}

/// Go's `Duration.String()`: `1h30m0s`, `300ms`, `0s` (placeholder).
pub fn format_duration(nanos: i64) -> String {
    format!("{nanos}ns")
}

/// English month name, 1 = January (Go `time.Month.String()`).
pub fn month_name(month: u8) -> String {
    const NAMES: [&str; 12] = [
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
    NAMES
        .get(usize::from(month).wrapping_sub(1))
        .map_or_else(|| format!("%!Month({month})"), |n| (*n).to_string())
}

/// English weekday name, 0 = Sunday (Go `time.Weekday.String()`).
pub fn weekday_name(day: u8) -> String {
    const NAMES: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    NAMES
        .get(usize::from(day))
        .map_or_else(|| format!("%!Weekday({day})"), |n| (*n).to_string())
}

impl Time {
    /// This time plus `nanos` nanoseconds (placeholder).
    pub fn add(&self, nanos: i64) -> Time {
        Time {
            utc: self.utc + chrono::Duration::nanoseconds(nanos),
            zone: self.zone.clone(),
        }
    }

    /// `self - other` in nanoseconds, saturating (placeholder).
    pub fn sub(&self, other: &Time) -> i64 {
        (self.utc - other.utc).num_nanoseconds().unwrap_or(i64::MAX)
    }

    /// Orders two times by instant (placeholder).
    pub fn cmp_instant(&self, other: &Time) -> std::cmp::Ordering {
        self.utc.cmp(&other.utc)
    }
}
