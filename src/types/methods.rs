//! Methods of the Go time types, callable as `t.Year()`, `d.Hours()`, `t.Format(layout)`.
//!
//! These are Go's exported value methods of `time.Time`, `time.Duration`, `time.Month`,
//! `time.Weekday` and `*time.Location` in Go 1.19 (the reference's toolchain). The checker
//! checks calls against these signatures, as Go's checker does through reflection.

use std::sync::Arc;

use super::{FuncType, IntKind, Type};

/// The type of method `name` of values of type `receiver` (without the receiver), if it has one.
///
/// ```
/// use scimap::types::{method, Type};
/// assert_eq!(method(&Type::Time, "Year").unwrap().to_string(), "func() int");
/// assert!(method(&Type::Time, "Nope").is_none());
/// ```
pub fn method(receiver: &Type, name: &str) -> Option<Type> {
    let (params, results) = match receiver {
        Type::Time => time_method(name)?,
        Type::Duration => duration_method(name)?,
        Type::Month | Type::Weekday | Type::Location if name == "String" => {
            (vec![], vec![Type::String])
        }
        _ => return None,
    };
    let returns_error = results.last() == Some(&Type::Nil);
    let mut results = results;
    if returns_error {
        results.pop();
    }
    Some(Type::Func(Arc::new(FuncType {
        params,
        variadic: false,
        results,
        returns_error,
        function: None,
    })))
}

/// The names of the methods of values of type `receiver` (empty for types without methods).
///
/// ```
/// use scimap::types::{method_names, Type};
/// assert!(method_names(&Type::Time).contains(&"Year"));
/// assert!(method_names(&Type::Int).is_empty());
/// ```
pub fn method_names(receiver: &Type) -> &'static [&'static str] {
    match receiver {
        Type::Time => TIME_METHODS,
        Type::Duration => DURATION_METHODS,
        Type::Month | Type::Weekday | Type::Location => &["String"],
        _ => &[],
    }
}

const TIME_METHODS: &[&str] = &[
    "Add",
    "AddDate",
    "After",
    "AppendFormat",
    "Before",
    "Clock",
    "Date",
    "Day",
    "Equal",
    "Format",
    "GoString",
    "GobEncode",
    "Hour",
    "ISOWeek",
    "In",
    "IsDST",
    "IsZero",
    "Local",
    "Location",
    "MarshalBinary",
    "MarshalJSON",
    "MarshalText",
    "Minute",
    "Month",
    "Nanosecond",
    "Round",
    "Second",
    "String",
    "Sub",
    "Truncate",
    "UTC",
    "Unix",
    "UnixMicro",
    "UnixMilli",
    "UnixNano",
    "Weekday",
    "Year",
    "YearDay",
    "Zone",
    "ZoneBounds",
];

const DURATION_METHODS: &[&str] = &[
    "Abs",
    "Hours",
    "Microseconds",
    "Milliseconds",
    "Minutes",
    "Nanoseconds",
    "Round",
    "Seconds",
    "String",
    "Truncate",
];

/// `(params, results)`; a trailing `Nil` result stands for Go's `error`.
type Signature = (Vec<Type>, Vec<Type>);

fn bytes() -> Type {
    Type::slice(Type::IntOf(IntKind::Uint8))
}

fn time_method(name: &str) -> Option<Signature> {
    use Type::{Bool, Duration, Int, Location, Month, Nil, String, Time, Weekday};
    let int64 = Type::IntOf(IntKind::Int64);
    Some(match name {
        "Add" => (vec![Duration], vec![Time]),
        "AddDate" => (vec![Int, Int, Int], vec![Time]),
        "After" | "Before" | "Equal" => (vec![Time], vec![Bool]),
        "AppendFormat" => (vec![bytes(), String], vec![bytes()]),
        "Clock" => (vec![], vec![Int, Int, Int]),
        "Date" => (vec![], vec![Int, Month, Int]),
        "Day" | "Hour" | "Minute" | "Nanosecond" | "Second" | "Year" | "YearDay" => {
            (vec![], vec![Int])
        }
        "Format" => (vec![String], vec![String]),
        "GoString" | "String" => (vec![], vec![String]),
        "GobEncode" | "MarshalBinary" | "MarshalJSON" | "MarshalText" => {
            (vec![], vec![bytes(), Nil])
        }
        "ISOWeek" => (vec![], vec![Int, Int]),
        "In" => (vec![Location], vec![Time]),
        "IsDST" | "IsZero" => (vec![], vec![Bool]),
        "Local" | "UTC" => (vec![], vec![Time]),
        "Location" => (vec![], vec![Location]),
        "Month" => (vec![], vec![Month]),
        "Round" | "Truncate" => (vec![Duration], vec![Time]),
        "Sub" => (vec![Time], vec![Duration]),
        "Unix" | "UnixMicro" | "UnixMilli" | "UnixNano" => (vec![], vec![int64]),
        "Weekday" => (vec![], vec![Weekday]),
        "Zone" => (vec![], vec![String, Int]),
        "ZoneBounds" => (vec![], vec![Time, Time]),
        _ => return None,
    })
}

fn duration_method(name: &str) -> Option<Signature> {
    use Type::{Duration, Float, String};
    let int64 = Type::IntOf(IntKind::Int64);
    Some(match name {
        "Abs" => (vec![], vec![Duration]),
        "Hours" | "Minutes" | "Seconds" => (vec![], vec![Float]),
        "Microseconds" | "Milliseconds" | "Nanoseconds" => (vec![], vec![int64]),
        "Round" | "Truncate" => (vec![Duration], vec![Duration]),
        "String" => (vec![], vec![String]),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_print_like_go() {
        let sub = method(&Type::Time, "Sub").unwrap();
        assert_eq!(sub.to_string(), "func(time.Time) time.Duration");
        let json = method(&Type::Time, "MarshalJSON").unwrap();
        assert_eq!(json.to_string(), "func() ([]uint8, error)");
        assert_eq!(
            method(&Type::Duration, "Hours").unwrap().to_string(),
            "func() float64"
        );
        assert!(method(&Type::Duration, "Year").is_none());
        assert!(method(&Type::Int, "String").is_none());
    }

    #[test]
    fn every_listed_name_is_a_method() {
        for receiver in [Type::Time, Type::Duration, Type::Month] {
            for name in method_names(&receiver) {
                assert!(method(&receiver, name).is_some(), "{receiver} {name}");
            }
        }
    }
}
