//! The Go methods of time values that expressions can call: `t.Format("2006")`,
//! `d.Hours()`, `t.Month().String()`.
//!
//! [`METHODS`] declares them (the checker reads it through [`has_method`] and
//! [`method_signature`]); [`call_method`] runs them. Methods of Go that return several values
//! (`Date`, `Clock`, `Zone`, `ISOWeek`) are not offered.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::builtins::{Outcome, Signature, Ty};
use crate::eval::{Context, RuntimeError};
use crate::value::time::{
    abs_duration, duration_hours, duration_minutes, duration_seconds, format_duration, month_name,
    round_duration, truncate_duration, weekday_name,
};
use crate::value::{Time, Value, Zone};

/// One method of a time type.
#[derive(Clone, Copy, Debug)]
pub struct Method {
    /// The receiver's type name, as `type()` gives it (`time.Time`).
    pub receiver: &'static str,
    /// The method's name (`Format`).
    pub name: &'static str,
    /// Parameter types.
    pub params: &'static [Ty],
    /// Result type (`Any` for `time.Month` and `time.Weekday`, which `Ty` does not name).
    pub result: Ty,
    /// What it returns, in one line.
    pub doc: &'static str,
}

const TIME: &str = "time.Time";
const DURATION: &str = "time.Duration";
const LOCATION: &str = "time.Location";
const MONTH: &str = "time.Month";
const WEEKDAY: &str = "time.Weekday";

const fn method(
    receiver: &'static str,
    name: &'static str,
    params: &'static [Ty],
    result: Ty,
    doc: &'static str,
) -> Method {
    Method {
        receiver,
        name,
        params,
        result,
        doc,
    }
}

/// Every method, by receiver type.
pub static METHODS: &[Method] = &[
    method(TIME, "Year", &[], Ty::Int, "the year"),
    method(
        TIME,
        "Month",
        &[],
        Ty::Any,
        "the month (`time.Month`: prints `August`, encodes 8)",
    ),
    method(TIME, "Day", &[], Ty::Int, "the day of the month"),
    method(TIME, "Hour", &[], Ty::Int, "the hour, 0..23"),
    method(TIME, "Minute", &[], Ty::Int, "the minute"),
    method(TIME, "Second", &[], Ty::Int, "the second"),
    method(
        TIME,
        "Nanosecond",
        &[],
        Ty::Int,
        "the nanoseconds within the second",
    ),
    method(
        TIME,
        "Weekday",
        &[],
        Ty::Any,
        "the day of the week (`time.Weekday`: prints `Monday`, encodes 1)",
    ),
    method(TIME, "YearDay", &[], Ty::Int, "the day of the year, 1..366"),
    method(TIME, "Unix", &[], Ty::Int, "seconds since 1970-01-01 UTC"),
    method(
        TIME,
        "UnixMilli",
        &[],
        Ty::Int,
        "milliseconds since 1970-01-01 UTC",
    ),
    method(
        TIME,
        "UnixMicro",
        &[],
        Ty::Int,
        "microseconds since 1970-01-01 UTC",
    ),
    method(
        TIME,
        "UnixNano",
        &[],
        Ty::Int,
        "nanoseconds since 1970-01-01 UTC",
    ),
    method(
        TIME,
        "Format",
        &[Ty::String],
        Ty::String,
        "the time written with a Go layout",
    ),
    method(
        TIME,
        "In",
        &[Ty::Location],
        Ty::Time,
        "the same instant in another zone",
    ),
    method(TIME, "UTC", &[], Ty::Time, "the same instant in UTC"),
    method(
        TIME,
        "Local",
        &[],
        Ty::Time,
        "the same instant in the local zone (UTC)",
    ),
    method(
        TIME,
        "Add",
        &[Ty::Duration],
        Ty::Time,
        "the time plus a duration",
    ),
    method(
        TIME,
        "Sub",
        &[Ty::Time],
        Ty::Duration,
        "the duration since another time",
    ),
    method(
        TIME,
        "AddDate",
        &[Ty::Int, Ty::Int, Ty::Int],
        Ty::Time,
        "the time plus years, months, days (normalized: Jan 31 + 1 month = Mar 3)",
    ),
    method(
        TIME,
        "Before",
        &[Ty::Time],
        Ty::Bool,
        "whether the instant is before another",
    ),
    method(
        TIME,
        "After",
        &[Ty::Time],
        Ty::Bool,
        "whether the instant is after another",
    ),
    method(
        TIME,
        "Equal",
        &[Ty::Time],
        Ty::Bool,
        "whether two times are the same instant",
    ),
    method(
        TIME,
        "Compare",
        &[Ty::Time],
        Ty::Int,
        "-1, 0 or +1 as the instant is before, at or after another",
    ),
    method(TIME, "Location", &[], Ty::Location, "the time's zone"),
    method(
        TIME,
        "IsZero",
        &[],
        Ty::Bool,
        "whether this is Go's zero time (0001-01-01 UTC)",
    ),
    method(
        TIME,
        "IsDST",
        &[],
        Ty::Bool,
        "whether daylight saving time is in effect",
    ),
    method(
        TIME,
        "Truncate",
        &[Ty::Duration],
        Ty::Time,
        "rounded down to a multiple of the duration",
    ),
    method(
        TIME,
        "Round",
        &[Ty::Duration],
        Ty::Time,
        "rounded to the nearest multiple of the duration",
    ),
    method(
        TIME,
        "String",
        &[],
        Ty::String,
        "`2006-01-02 15:04:05.999999999 -0700 MST`",
    ),
    method(DURATION, "Hours", &[], Ty::Float, "the duration in hours"),
    method(
        DURATION,
        "Minutes",
        &[],
        Ty::Float,
        "the duration in minutes",
    ),
    method(
        DURATION,
        "Seconds",
        &[],
        Ty::Float,
        "the duration in seconds",
    ),
    method(DURATION, "Milliseconds", &[], Ty::Int, "whole milliseconds"),
    method(DURATION, "Microseconds", &[], Ty::Int, "whole microseconds"),
    method(DURATION, "Nanoseconds", &[], Ty::Int, "nanoseconds"),
    method(DURATION, "String", &[], Ty::String, "`1h30m0s`"),
    method(
        DURATION,
        "Round",
        &[Ty::Duration],
        Ty::Duration,
        "rounded to a multiple of the argument, halves away from zero",
    ),
    method(
        DURATION,
        "Truncate",
        &[Ty::Duration],
        Ty::Duration,
        "rounded toward zero to a multiple of the argument",
    ),
    method(DURATION, "Abs", &[], Ty::Duration, "the absolute value"),
    method(LOCATION, "String", &[], Ty::String, "the zone's name"),
    method(MONTH, "String", &[], Ty::String, "the month's English name"),
    method(WEEKDAY, "String", &[], Ty::String, "the day's English name"),
];

fn find(type_name: &str, name: &str) -> Option<&'static Method> {
    METHODS
        .iter()
        .find(|m| m.receiver == type_name && m.name == name)
}

/// Whether values of `type_name` (`time.Time`, `time.Duration`, `time.Location`,
/// `time.Month`, `time.Weekday`) have a method `name`.
pub fn has_method(type_name: &str, name: &str) -> bool {
    find(type_name, name).is_some()
}

/// The parameters and result of a method, for the checker.
pub fn method_signature(type_name: &str, name: &str) -> Option<Signature> {
    find(type_name, name).map(|m| Signature::new(m.params, m.result))
}

/// Calls method `name` of `receiver`; `None` when the receiver's type has no such method (the
/// interpreter then reports `type time.Time has no method X`).
pub fn call_method<'a>(
    _ctx: &mut Context<'_>,
    receiver: &Value<'a>,
    name: &str,
    args: &[Value<'a>],
) -> Option<Result<Value<'a>, RuntimeError>> {
    let method = find(receiver.type_name(), name)?;
    if let Err(error) = check_arity(method, args) {
        return Some(Err(error));
    }
    Some(match receiver {
        Value::Time(time) => time_method(time, name, args),
        Value::Duration(d) => duration_method(*d, name, args),
        Value::Location(zone) => Ok(Value::string(zone.name())),
        Value::Month(m) => Ok(Value::string(month_name(*m))),
        Value::Weekday(w) => Ok(Value::string(weekday_name(*w))),
        _ => return None,
    })
}

/// Expr's messages for a call with the wrong number of arguments.
fn check_arity(method: &Method, args: &[Value<'_>]) -> Result<(), RuntimeError> {
    let name = method.name;
    match args.len().cmp(&method.params.len()) {
        Ordering::Less => Err(RuntimeError::new(format!(
            "not enough arguments to call {name}"
        ))),
        Ordering::Greater => Err(RuntimeError::new(format!(
            "too many arguments to call {name}"
        ))),
        Ordering::Equal => Ok(()),
    }
}

/// Go reflect's message for an argument of the wrong type.
fn wrong_type(value: &Value<'_>, expected: &str) -> RuntimeError {
    RuntimeError::new(format!(
        "reflect: Call using {} as type {expected}",
        value.go_type()
    ))
}

/// A `time.Duration` argument; integers convert (as Go's checker converts integer literals).
fn duration_arg(value: &Value<'_>) -> Result<i64, RuntimeError> {
    match value {
        Value::Duration(d) => Ok(*d),
        Value::Int(i) => Ok(*i),
        Value::Byte(b) => Ok(i64::from(*b)),
        other => Err(wrong_type(other, "time.Duration")),
    }
}

fn int_arg(value: &Value<'_>) -> Result<i64, RuntimeError> {
    match value {
        Value::Int(i) => Ok(*i),
        Value::Byte(b) => Ok(i64::from(*b)),
        other => Err(wrong_type(other, "int")),
    }
}

fn time_arg<'v>(value: &'v Value<'_>) -> Result<&'v Time, RuntimeError> {
    match value {
        Value::Time(t) => Ok(t),
        other => Err(wrong_type(other, "time.Time")),
    }
}

fn time_value<'a>(time: Time) -> Value<'a> {
    Value::Time(Arc::new(time))
}

/// The methods of `time.Time` (arity already checked).
fn time_method<'a>(t: &Time, name: &str, args: &[Value<'a>]) -> Outcome<'a> {
    let int = |n: i64| Ok(Value::Int(n));
    let arg = || &args[0];
    match name {
        "Year" => int(t.civil().year),
        "Month" => Ok(Value::Month(t.civil().month)),
        "Day" => int(t.civil().day.into()),
        "Hour" => int(t.civil().hour.into()),
        "Minute" => int(t.civil().minute.into()),
        "Second" => int(t.civil().second.into()),
        "Nanosecond" => int(t.nanosecond().into()),
        "Weekday" => Ok(Value::Weekday(t.civil().weekday)),
        "YearDay" => int(t.civil().year_day.into()),
        "Unix" => int(t.unix()),
        "UnixMilli" => int(t.unix_milli()),
        "UnixMicro" => int(t.unix_micro()),
        "UnixNano" => int(t.unix_nano()),
        "Format" => match arg().as_bytes() {
            Some(layout) => Ok(Value::string(t.format(&String::from_utf8_lossy(layout)))),
            None => Err(wrong_type(arg(), "string")),
        },
        "In" => match arg() {
            Value::Location(zone) => Ok(time_value(t.in_zone(Zone::clone(zone)))),
            other => Err(wrong_type(other, "*time.Location")),
        },
        "UTC" => Ok(time_value(t.in_zone(Zone::Utc))),
        "Local" => Ok(time_value(t.in_zone(Zone::Local))),
        "Add" => Ok(time_value(t.add(duration_arg(arg())?))),
        "Sub" => Ok(Value::Duration(t.sub(time_arg(arg())?))),
        "AddDate" => {
            let (years, months, days) =
                (int_arg(&args[0])?, int_arg(&args[1])?, int_arg(&args[2])?);
            Ok(time_value(t.add_date(years, months, days)))
        }
        "Before" => Ok(Value::Bool(t.cmp_instant(time_arg(arg())?).is_lt())),
        "After" => Ok(Value::Bool(t.cmp_instant(time_arg(arg())?).is_gt())),
        "Equal" => Ok(Value::Bool(t.equal(time_arg(arg())?))),
        "Compare" => int(t.cmp_instant(time_arg(arg())?) as i64),
        "Location" => Ok(Value::Location(Arc::new(t.zone().clone()))),
        "IsZero" => Ok(Value::Bool(t.is_zero())),
        "IsDST" => Ok(Value::Bool(t.zone().is_dst(t.unix()))),
        "Truncate" => Ok(time_value(t.truncate(duration_arg(arg())?))),
        "Round" => Ok(time_value(t.round(duration_arg(arg())?))),
        "String" => Ok(Value::string(t.go_string())),
        _ => Err(RuntimeError::new(format!(
            "type time.Time has no method {name}"
        ))),
    }
}

/// The methods of `time.Duration` (arity already checked).
fn duration_method<'a>(d: i64, name: &str, args: &[Value<'a>]) -> Outcome<'a> {
    match name {
        "Hours" => Ok(Value::Float(duration_hours(d))),
        "Minutes" => Ok(Value::Float(duration_minutes(d))),
        "Seconds" => Ok(Value::Float(duration_seconds(d))),
        "Milliseconds" => Ok(Value::Int(d / 1_000_000)),
        "Microseconds" => Ok(Value::Int(d / 1_000)),
        "Nanoseconds" => Ok(Value::Int(d)),
        "String" => Ok(Value::string(format_duration(d))),
        "Round" => Ok(Value::Duration(round_duration(d, duration_arg(&args[0])?))),
        "Truncate" => Ok(Value::Duration(truncate_duration(
            d,
            duration_arg(&args[0])?,
        ))),
        "Abs" => Ok(Value::Duration(abs_duration(d))),
        _ => Err(RuntimeError::new(format!(
            "type time.Duration has no method {name}"
        ))),
    }
}
