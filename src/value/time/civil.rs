//! The proleptic Gregorian calendar on wide integers, so that no year overflows.
//!
//! Days count from 1970-01-01 (day 0); the algorithms are Howard Hinnant's `days_from_civil`
//! and `civil_from_days`, computed in `i128` so that every `i64` second has a date.

/// Seconds in a day.
pub const SECONDS_PER_DAY: i128 = 86_400;

/// Nanoseconds in a second.
pub const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// Seconds from 0001-01-01 (Go's zero time) to 1970-01-01.
pub const ZERO_TO_UNIX: i64 = 62_135_596_800;

/// Days since 1970-01-01 of `year-month-day` (`month` 1..=12, `day` 1..=31).
pub fn days_from_civil(year: i128, month: u8, day: u8) -> i128 {
    let month = i128::from(month);
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + i128::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The `(year, month, day)` of a day counted from 1970-01-01.
pub fn civil_from_days(days: i128) -> (i128, u8, u8) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i128::from(month <= 2);
    // month is 1..=12 and day 1..=31 by construction.
    (year, month as u8, day as u8)
}

/// Whether `year` is a leap year.
pub fn is_leap(year: i128) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days of `month` (1..=12) in `year`.
pub fn days_in_month(month: u8, year: i128) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The weekday (0 = Sunday) of a day counted from 1970-01-01 (a Thursday).
pub fn weekday_from_days(days: i128) -> u8 {
    (days + 4).rem_euclid(7) as u8
}

/// Clamps a wide integer into `i64`.
pub fn saturate(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(-719_528), (0, 1, 1));
        assert_eq!(
            days_from_civil(1, 1, 1) * SECONDS_PER_DAY,
            -i128::from(ZERO_TO_UNIX)
        );
        for days in (-1_000_000..1_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn weekdays_and_leap_years() {
        assert_eq!(weekday_from_days(0), 4);
        assert_eq!(weekday_from_days(days_from_civil(2006, 1, 2)), 1);
        assert!(is_leap(2000) && is_leap(2024) && !is_leap(1900) && is_leap(0));
        assert_eq!(days_in_month(2, 2023), 28);
    }

    #[test]
    fn extreme_days_do_not_overflow() {
        let days = i128::from(i64::MAX) / SECONDS_PER_DAY + 1;
        let (y, m, d) = civil_from_days(days);
        assert_eq!(days_from_civil(y, m, d), days);
        let (y, m, d) = civil_from_days(-days);
        assert_eq!(days_from_civil(y, m, d), -days);
    }
}
