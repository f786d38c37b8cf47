//! Builtins: the `time` family (`now`, `date`, `duration`, `timezone`), and the Go methods of
//! time values (`t.Year()`, `d.Hours()`, ...), which [`call_method`] dispatches.
//!
//! The local zone is UTC: `now()` and `timezone("Local")` give times and zones that print as
//! UTC (the name of the latter is `Local`), as the reference corpus was recorded with a UTC
//! local zone. Time zones come from chrono-tz's copy of the IANA database.

mod methods;

use std::borrow::Cow;
use std::sync::Arc;

pub use self::methods::{call_method, has_method, method_signature, Method, METHODS};

use super::{Builtin, Example, Implementation, Outcome, Signature, Ty};
use crate::eval::{Context, RuntimeError};
use crate::value::time::{
    parse, parse_duration, parse_in_location, RFC1123, RFC3339, RFC822, RFC850,
};
use crate::value::{Time, Value, Zone};

/// The builtins of this family.
pub static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "now",
        signatures: &[
            Signature::new(&[], Ty::Time),
            Signature::new(&[Ty::Location], Ty::Time),
        ],
        doc: "The current time (Go `time.Now()`), in the local zone, which is UTC for scimap. \
              `now(timezone(\"Europe/Zurich\"))` gives it in that zone. The clock can be fixed \
              by the host for reproducible runs.",
        examples: &[
            Example {
                expr: "type(now())",
                result: r#""time.Time""#,
            },
            Example {
                expr: "now().Location().String()",
                result: r#""Local""#,
            },
        ],
        implementation: Implementation::Function(now),
    },
    Builtin {
        name: "date",
        signatures: &[
            Signature::new(&[Ty::Any], Ty::Time),
            Signature::new(&[Ty::Any, Ty::Any], Ty::Time),
            Signature::new(&[Ty::Any, Ty::Any, Ty::Any], Ty::Time),
            Signature::new(&[Ty::Location, Ty::Any, Ty::Any, Ty::Any], Ty::Time),
        ],
        doc: "Parses a date. `date(s)` tries, in order, the layouts `2006-01-02`, `15:04:05`, \
              `2006-01-02 15:04:05`, RFC 3339 (fractional seconds allowed), RFC 822, RFC 850 \
              and RFC 1123, and fails with `invalid date <s>`; the result is UTC unless the text \
              has a zone. `date(s, layout)` uses a Go layout (the reference time \
              `Mon Jan 2 15:04:05 MST 2006` written the way `s` is), and `date(s, layout, zone)` \
              reads a text without a zone in that IANA zone. A leading location argument \
              (`date(loc, s, ...)`) sets the zone for the other forms. Arguments must be strings.",
        examples: &[
            Example {
                expr: r#"date("2023-08-14")"#,
                result: r#"{"$time":"2023-08-14T00:00:00Z"}"#,
            },
            Example {
                expr: r#"date("2019-12-31T23:30:00.5-05:00")"#,
                result: r#"{"$time":"2019-12-31T23:30:00.5-05:00"}"#,
            },
            Example {
                expr: r#"date("14.08.2023", "02.01.2006")"#,
                result: r#"{"$time":"2023-08-14T00:00:00Z"}"#,
            },
            Example {
                expr: r#"date("2021-03-04 05:06:07", "2006-01-02 15:04:05", "America/Denver").UTC()"#,
                result: r#"{"$time":"2021-03-04T12:06:07Z"}"#,
            },
            Example {
                expr: r#"date("2021-13-01")"#,
                result: "error: invalid date 2021-13-01",
            },
            Example {
                expr: r#"date("14.08.2023", "2006-01-02")"#,
                result: r#"error: parsing time "14.08.2023" as "2006-01-02": cannot parse "8.2023" as "2006""#,
            },
        ],
        implementation: Implementation::Function(date),
    },
    Builtin {
        name: "duration",
        signatures: &[Signature::new(&[Ty::String], Ty::Duration)],
        doc: "Parses a duration (Go `time.ParseDuration`): an optional sign and numbers with \
              units `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h`, fractions allowed (`\"1h30m\"`, \
              `\"1.5h\"`, `\"-90s\"`). There is no day unit: write `\"24h\"`.",
        examples: &[
            Example {
                expr: r#"duration("1h30m")"#,
                result: r#"{"$duration":5400000000000}"#,
            },
            Example {
                expr: r#"duration("36h").Hours()"#,
                result: "36.0",
            },
            Example {
                expr: r#"duration("1d")"#,
                result: r#"error: time: unknown unit "d" in duration "1d""#,
            },
        ],
        implementation: Implementation::Function(duration),
    },
    Builtin {
        name: "timezone",
        signatures: &[Signature::new(&[Ty::String], Ty::Location)],
        doc: "A time zone by IANA name (`\"Europe/Zurich\"`); `\"\"` and `\"UTC\"` are UTC, \
              `\"Local\"` is the local zone (UTC for scimap). Use it with `t.In(zone)` or \
              `now(zone)`. Unknown names fail with `unknown time zone <name>`.",
        examples: &[
            Example {
                expr: r#"timezone("Europe/Zurich")"#,
                result: r#"{"$location":"Europe/Zurich"}"#,
            },
            Example {
                expr: r#"timezone("")"#,
                result: r#"{"$location":"UTC"}"#,
            },
            Example {
                expr: r#"date("2021-03-04T05:06:07Z").In(timezone("Asia/Tokyo")).Hour()"#,
                result: "14",
            },
            Example {
                expr: r#"timezone("Nope/Zone")"#,
                result: "error: unknown time zone Nope/Zone",
            },
        ],
        implementation: Implementation::Function(timezone),
    },
];

/// The layouts `date(s)` tries, in order.
const DEFAULT_LAYOUTS: [&str; 7] = [
    "2006-01-02",
    "15:04:05",
    "2006-01-02 15:04:05",
    RFC3339,
    RFC822,
    RFC850,
    RFC1123,
];

fn time_value<'a>(time: Time) -> Value<'a> {
    Value::Time(Arc::new(time))
}

/// A string argument, or Go's failed type assertion.
fn string_arg<'v>(value: &'v Value<'_>) -> Result<Cow<'v, str>, RuntimeError> {
    match value {
        Value::Str(s) => Ok(Cow::Borrowed(s)),
        Value::String(s) => Ok(Cow::Borrowed(s)),
        Value::Binary(bytes) => Ok(String::from_utf8_lossy(bytes)),
        Value::Nil => Err(RuntimeError::new(
            "interface conversion: interface {} is nil, not string",
        )),
        other => Err(RuntimeError::new(format!(
            "interface conversion: interface {{}} is {}, not string",
            other.go_type()
        ))),
    }
}

fn arity_error(expected: &str, got: usize) -> RuntimeError {
    RuntimeError::new(format!(
        "invalid number of arguments (expected {expected}, got {got})"
    ))
}

/// `now()`, `now(location)`.
fn now<'a>(ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let current = Time::from_chrono(ctx.clock.now(), Zone::Local);
    match args {
        [] => Ok(time_value(current)),
        [Value::Location(zone)] => Ok(time_value(current.in_zone(Zone::clone(zone)))),
        _ => Err(arity_error("0", args.len())),
    }
}

/// `date(s)`, `date(s, layout)`, `date(s, layout, zoneName)`, each with an optional leading
/// location.
fn date<'a>(_ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let (zone, args) = match args {
        [Value::Location(zone), rest @ ..] => (Some(Zone::clone(zone)), rest),
        _ => (None, args),
    };
    let Some(first) = args.first() else {
        return Err(RuntimeError::new(
            "runtime error: index out of range [0] with length 0",
        ));
    };
    let text = string_arg(first)?;
    let parsed = match args {
        [_] => return parse_default(&text, zone.as_ref()),
        [_, layout] => {
            let layout = string_arg(layout)?;
            match &zone {
                Some(zone) => parse_in_location(&layout, &text, zone),
                None => parse(&layout, &text),
            }
        }
        [_, layout, zone_name] => {
            let layout = string_arg(layout)?;
            let zone = Zone::load(&string_arg(zone_name)?).map_err(RuntimeError::new)?;
            parse_in_location(&layout, &text, &zone)
        }
        _ => return Err(arity_error("at most 3", args.len())),
    };
    parsed.map(time_value).map_err(RuntimeError::new)
}

/// `date(s)` with the default layouts.
fn parse_default<'a>(text: &str, zone: Option<&Zone>) -> Outcome<'a> {
    DEFAULT_LAYOUTS
        .iter()
        .find_map(|layout| {
            match zone {
                Some(zone) => parse_in_location(layout, text, zone),
                None => parse(layout, text),
            }
            .ok()
        })
        .map(time_value)
        .ok_or_else(|| RuntimeError::new(format!("invalid date {text}")))
}

/// `duration(s)`.
fn duration<'a>(_ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let [text] = args else {
        return Err(arity_error("1", args.len()));
    };
    parse_duration(&string_arg(text)?)
        .map(Value::Duration)
        .map_err(RuntimeError::new)
}

/// `timezone(name)`.
fn timezone<'a>(_ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let [name] = args else {
        return Err(arity_error("1", args.len()));
    };
    Zone::load(&string_arg(name)?)
        .map(|zone| Value::Location(Arc::new(zone)))
        .map_err(RuntimeError::new)
}

#[cfg(test)]
mod tests;
