//! Time zones: Go's `*time.Location` over chrono-tz.

use std::sync::Arc;

use chrono::{Offset, TimeZone};
use chrono_tz::{OffsetComponents, OffsetName, Tz, TzOffset};

/// A time zone (Go `*time.Location`).
///
/// `Local` stands for the process's local zone. scimap treats it as UTC (the reference corpus
/// was recorded with a UTC local zone, and a mapping should not depend on the host), but keeps
/// its name: `timezone("Local").String()` is `Local`, as in Go.
#[derive(Clone, Debug, PartialEq)]
pub enum Zone {
    /// UTC.
    Utc,
    /// The process's local zone (scimap treats it as UTC).
    Local,
    /// A fixed offset east of UTC in seconds, with the zone abbreviation if one was parsed.
    Fixed {
        /// Seconds east of UTC.
        offset: i32,
        /// The abbreviation (`MST`), or `None` to print the offset.
        name: Option<Arc<str>>,
    },
    /// An IANA zone.
    Named(Tz),
}

impl Zone {
    /// Go's `time.LoadLocation`: `""` and `"UTC"` are UTC, `"Local"` the local zone, anything
    /// else an IANA name (case-sensitive).
    ///
    /// ```
    /// use scimap::value::Zone;
    /// assert_eq!(Zone::load("Europe/Zurich").unwrap().name(), "Europe/Zurich");
    /// assert_eq!(Zone::load("Nope/Zone").unwrap_err(), "unknown time zone Nope/Zone");
    /// ```
    pub fn load(name: &str) -> Result<Zone, String> {
        match name {
            "" | "UTC" => return Ok(Zone::Utc),
            "Local" => return Ok(Zone::Local),
            _ => {}
        }
        if name.contains("..") || name.starts_with('/') || name.starts_with('\\') {
            return Err("time: invalid location name".to_string());
        }
        name.parse::<Tz>()
            .map(Zone::Named)
            .map_err(|_| format!("unknown time zone {name}"))
    }

    /// A fixed zone (Go `time.FixedZone`); an empty name prints as the offset.
    pub fn fixed(name: &str, offset: i32) -> Zone {
        Zone::Fixed {
            offset,
            name: (!name.is_empty()).then(|| Arc::from(name)),
        }
    }

    /// The zone's name as Go's `Location.String()` gives it.
    pub fn name(&self) -> String {
        match self {
            Zone::Utc => "UTC".to_string(),
            Zone::Local => "Local".to_string(),
            Zone::Fixed { name, .. } => name.as_deref().unwrap_or("").to_string(),
            Zone::Named(tz) => tz.name().to_string(),
        }
    }

    /// The abbreviation and the offset east of UTC (seconds) in effect at Unix second `unix`.
    /// An unnamed fixed zone has an empty abbreviation (Go prints its offset instead).
    pub fn lookup(&self, unix: i64) -> (String, i32) {
        match self {
            Zone::Utc | Zone::Local => ("UTC".to_string(), 0),
            Zone::Fixed { offset, name } => (name.as_deref().unwrap_or("").to_string(), *offset),
            Zone::Named(tz) => named_lookup(*tz, unix),
        }
    }

    /// The offset in effect at `unix`.
    pub fn offset_at(&self, unix: i64) -> i32 {
        match self {
            Zone::Utc | Zone::Local => 0,
            Zone::Fixed { offset, .. } => *offset,
            Zone::Named(tz) => named_lookup(*tz, unix).1,
        }
    }

    /// Whether daylight saving time is in effect at `unix` (Go `Time.IsDST`).
    pub fn is_dst(&self, unix: i64) -> bool {
        match self {
            Zone::Named(tz) => tz_offset(*tz, unix)
                .is_some_and(|offset| offset.dst_offset() != chrono::TimeDelta::zero()),
            _ => false,
        }
    }

    /// Go's `Location.lookupName`: the offset of the zone abbreviated `abbreviation` around
    /// `unix` (a local time read as UTC), if this zone uses that abbreviation. chrono-tz cannot
    /// list a zone's abbreviations, so this probes the year around `unix`.
    pub(crate) fn lookup_name(&self, abbreviation: &str, unix: i64) -> Option<i32> {
        let Zone::Named(tz) = self else {
            return None;
        };
        const MONTH: i64 = 30 * 86_400;
        let seen: Vec<i32> = (-12..=12)
            .map(|k| named_lookup(*tz, unix.saturating_add(k * MONTH)))
            .filter(|(name, _)| name == abbreviation)
            .map(|(_, offset)| offset)
            .collect();
        for &offset in &seen {
            let (name, actual) = named_lookup(*tz, unix.saturating_sub(i64::from(offset)));
            if name == abbreviation {
                return Some(actual);
            }
        }
        seen.first().copied()
    }
}

/// The offset of an IANA zone at `unix` (clamped into chrono's range).
fn tz_offset(tz: Tz, unix: i64) -> Option<TzOffset> {
    let min = chrono::DateTime::<chrono::Utc>::MIN_UTC.timestamp();
    let max = chrono::DateTime::<chrono::Utc>::MAX_UTC.timestamp();
    let instant = chrono::DateTime::from_timestamp(unix.clamp(min, max), 0)?;
    Some(tz.offset_from_utc_datetime(&instant.naive_utc()))
}

/// The abbreviation and offset of an IANA zone at `unix`.
fn named_lookup(tz: Tz, unix: i64) -> (String, i32) {
    let Some(offset) = tz_offset(tz, unix) else {
        return ("UTC".to_string(), 0);
    };
    let seconds = offset.fix().local_minus_utc();
    let name = offset
        .abbreviation()
        .map_or_else(|| numeric_abbreviation(seconds), str::to_string);
    (name, seconds)
}

/// The tzdata spelling of an unnamed offset: `+04`, `-03`, `+0545`.
fn numeric_abbreviation(offset: i32) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.unsigned_abs() / 60;
    let (hours, minutes) = (minutes / 60, minutes % 60);
    if minutes == 0 {
        format!("{sign}{hours:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_like_go() {
        assert_eq!(Zone::load(""), Ok(Zone::Utc));
        assert_eq!(Zone::load("UTC"), Ok(Zone::Utc));
        assert_eq!(Zone::load("Local"), Ok(Zone::Local));
        assert_eq!(
            Zone::load("America/Denver").map(|z| z.name()),
            Ok("America/Denver".into())
        );
        assert_eq!(
            Zone::load("europe/zurich"),
            Err("unknown time zone europe/zurich".into())
        );
        assert_eq!(
            Zone::load("../etc"),
            Err("time: invalid location name".into())
        );
        assert_eq!(
            Zone::load("/etc/passwd"),
            Err("time: invalid location name".into())
        );
    }

    #[test]
    fn looks_up_abbreviations() {
        let zurich = Zone::load("Europe/Zurich").unwrap();
        assert_eq!(zurich.lookup(1_614_834_367), ("CET".to_string(), 3600));
        assert_eq!(zurich.lookup(1_625_000_000), ("CEST".to_string(), 7200));
        let sao_paulo = Zone::load("America/Sao_Paulo").unwrap();
        assert_eq!(
            sao_paulo.lookup(1_700_000_000),
            ("-03".to_string(), -10_800)
        );
        assert_eq!(zurich.lookup_name("CEST", 1_614_834_367), Some(7200));
        assert_eq!(zurich.lookup_name("EST", 1_614_834_367), None);
        assert_eq!(numeric_abbreviation(20_700), "+0545");
        // Instants beyond chrono's range use the nearest representable one.
        assert!([3600, 7200].contains(&zurich.lookup(i64::MAX).1));
        assert_eq!(zurich.lookup(i64::MIN).0, "LMT");
    }
}
