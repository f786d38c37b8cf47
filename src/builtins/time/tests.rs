//! The time builtins and methods over the reference corpus's date cases, and the declared
//! examples (those that only call this family and methods) run through a tiny evaluator.

use serde_json::{json, Value as Json};

use super::*;
use crate::eval::{FixedClock, Limits};

fn clock() -> FixedClock {
    FixedClock(chrono::DateTime::from_timestamp(1_692_000_000, 123).unwrap())
}

/// Calls a builtin of this family by name.
fn call<'a>(name: &str, args: &[Value<'a>]) -> Outcome<'a> {
    let builtin = BUILTINS.iter().find(|b| b.name == name).unwrap();
    let Implementation::Function(function) = builtin.implementation else {
        panic!("{name} is not a plain function");
    };
    let clock = clock();
    let mut ctx = Context::new(Limits::default(), &clock);
    function(&mut ctx, args)
}

fn method<'a>(receiver: &Value<'a>, name: &str, args: &[Value<'a>]) -> Outcome<'a> {
    let clock = clock();
    let mut ctx = Context::new(Limits::default(), &clock);
    call_method(&mut ctx, receiver, name, args)
        .unwrap_or_else(|| panic!("{} has no method {name}", receiver.type_name()))
}

/// The corpus encoding of a result.
fn encode(value: &Value<'_>) -> Json {
    match value {
        Value::Time(t) => json!({ "$time": t.rfc3339_nano() }),
        Value::Duration(d) => json!({ "$duration": d }),
        Value::Location(zone) => json!({ "$location": zone.name() }),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Bool(b) => json!(b),
        Value::Month(m) => json!(m),
        Value::Weekday(w) => json!(w),
        Value::Str(s) => json!(s),
        Value::String(s) => json!(&**s),
        other => panic!("unexpected result {other:?}"),
    }
}

fn date_of(text: &str) -> Value<'static> {
    call("date", &[Value::string(text)]).unwrap()
}

fn s(text: &'static str) -> Value<'static> {
    Value::Str(text)
}

#[test]
fn corpus_created_dates() {
    // jcUser.created of the four environments, with what the reference computed from it.
    struct Case {
        created: &'static str,
        weekday: &'static str,
        hour: i64,
        days_to_2024: i64,
        plus_720h: &'static str,
        next_month: &'static str,
        since_2021: i64,
        equals_full: bool,
        json: &'static str,
        go_string: &'static str,
    }
    let cases = [
        Case {
            created: "2021-03-04T05:06:07Z",
            weekday: "Thursday",
            hour: 5,
            days_to_2024: 1032,
            plus_720h: "2021-04-03T05:06:07Z",
            next_month: "2021-04-04T05:06:07Z",
            since_2021: 5_375_167_000_000_000,
            equals_full: true,
            json: "2021-03-04T05:06:07Z",
            go_string: "2021-03-04 05:06:07 +0000 UTC",
        },
        Case {
            created: "2023-07-01T00:00:00Z",
            weekday: "Saturday",
            hour: 0,
            days_to_2024: 184,
            plus_720h: "2023-07-31T00:00:00Z",
            next_month: "2023-08-01T00:00:00Z",
            since_2021: 78_710_400_000_000_000,
            equals_full: false,
            json: "2023-07-01T00:00:00Z",
            go_string: "2023-07-01 00:00:00 +0000 UTC",
        },
        Case {
            created: "2019-12-31T23:30:00.5-05:00",
            weekday: "Tuesday",
            hour: 23,
            days_to_2024: 1460,
            plus_720h: "2020-01-30T23:30:00.5-05:00",
            next_month: "2020-01-31T23:30:00.5-05:00",
            since_2021: -31_606_199_500_000_000,
            equals_full: false,
            json: "2019-12-31T23:30:00.5-05:00",
            go_string: "2019-12-31 23:30:00.5 -0500 -0500",
        },
    ];
    let new_year = date_of("2024-01-01T00:00:00Z");
    let Value::Time(new_year) = new_year else {
        unreachable!()
    };
    for case in cases {
        let t = date_of(case.created);
        let Value::Time(time) = &t else {
            unreachable!()
        };
        assert_eq!(encode(&t), json!({ "$time": case.json }));
        assert_eq!(time.go_string(), case.go_string);
        let weekday = method(&t, "Weekday", &[]).unwrap();
        assert_eq!(
            encode(&method(&weekday, "String", &[]).unwrap()),
            json!(case.weekday)
        );
        assert_eq!(
            encode(&method(&t, "Format", &[s("Monday")]).unwrap()),
            json!(case.weekday)
        );
        assert_eq!(encode(&method(&t, "Hour", &[]).unwrap()), json!(case.hour));
        let Value::Float(hours) =
            method(&Value::Duration(new_year.sub(time)), "Hours", &[]).unwrap()
        else {
            unreachable!()
        };
        assert_eq!((hours / 24.0) as i64, case.days_to_2024);
        let Value::Duration(month) = call("duration", &[s("720h")]).unwrap() else {
            unreachable!()
        };
        assert_eq!(time.add(month).rfc3339_nano(), case.plus_720h);
        let next = method(
            &t,
            "AddDate",
            &[Value::Int(0), Value::Int(1), Value::Int(0)],
        );
        assert_eq!(encode(&next.unwrap()), json!({ "$time": case.next_month }));
        let since = method(&t, "Sub", &[date_of("2021-01-01")]).unwrap();
        assert_eq!(encode(&since), json!({ "$duration": case.since_2021 }));
        let equal = method(&t, "Equal", &[date_of("2021-03-04T00:06:07-05:00")]).unwrap();
        assert_eq!(encode(&equal), json!(case.equals_full));
        assert_eq!(time.sub(time), 0);
    }
    // jc_min has `created: ""`.
    let error = call("date", &[s("")]).unwrap_err();
    assert_eq!(error.message(), "invalid date ");
}

#[test]
fn corpus_date_calls() {
    let ok: &[(&[&str], &str)] = &[
        (&["01/02/2020", "01/02/2006"], "2020-01-02T00:00:00Z"),
        (
            &["2021-03-04T05:06:07", "2006-01-02T15:04:05"],
            "2021-03-04T05:06:07Z",
        ),
        (&["20210304", "20060102"], "2021-03-04T00:00:00Z"),
        (&["2023-11-20T16:45:00-07:00"], "2023-11-20T16:45:00-07:00"),
        (&["2024-12-31T23:59:59.000Z"], "2024-12-31T23:59:59Z"),
        (&["2099-01-01"], "2099-01-01T00:00:00Z"),
        (&["str", "str"], "0000-01-01T00:00:00Z"),
        (&["15:04:05"], "0000-01-01T15:04:05Z"),
        (&["2021-03-04 05:06:07"], "2021-03-04T05:06:07Z"),
        (&["04 Mar 21 05:06 UTC"], "2021-03-04T05:06:00Z"),
        (
            &["Thursday, 04-Mar-21 05:06:07 UTC"],
            "2021-03-04T05:06:07Z",
        ),
        (&["Thu, 04 Mar 2021 05:06:07 UTC"], "2021-03-04T05:06:07Z"),
        (
            &["2021-03-04", "2006-01-02", "Europe/Zurich"],
            "2021-03-04T00:00:00+01:00",
        ),
    ];
    for (args, expected) in ok {
        let args: Vec<Value<'_>> = args.iter().map(|a| Value::Str(a)).collect();
        let result = call("date", &args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert_eq!(encode(&result), json!({ "$time": expected }), "{args:?}");
    }
    let utc = method(&date_of("2021-03-04T05:06:07+05:30"), "UTC", &[]).unwrap();
    assert_eq!(encode(&utc), json!({ "$time": "2021-03-03T23:36:07Z" }));
    let denver = call(
        "date",
        &[
            s("2021-03-04 05:06:07"),
            s("2006-01-02 15:04:05"),
            s("America/Denver"),
        ],
    )
    .unwrap();
    let utc = method(&denver, "UTC", &[]).unwrap();
    assert_eq!(encode(&utc), json!({ "$time": "2021-03-04T12:06:07Z" }));
    let (Value::Time(a), Value::Time(b)) =
        (date_of("2024-12-31T23:59:59.000Z"), date_of("2025-01-01"))
    else {
        unreachable!()
    };
    assert!(a.cmp_instant(&b).is_lt());

    let errors: &[(Vec<Value<'_>>, &str)] = &[
        (vec![s("2021-13-01")], "invalid date 2021-13-01"),
        (vec![s("")], "invalid date "),
        (
            vec![s("Mon, 14 Aug 2023 10:00:00 +0200")],
            "invalid date Mon, 14 Aug 2023 10:00:00 +0200",
        ),
        (
            vec![Value::Nil],
            "interface conversion: interface {} is nil, not string",
        ),
        (
            vec![Value::Int(1_614_834_367)],
            "interface conversion: interface {} is int, not string",
        ),
        (
            vec![s("x"), s("2006"), s("Nope/Zone")],
            "unknown time zone Nope/Zone",
        ),
        (
            vec![s("14.08.2023"), s("2006-01-02")],
            r#"parsing time "14.08.2023" as "2006-01-02": cannot parse "8.2023" as "2006""#,
        ),
        (
            vec![],
            "runtime error: index out of range [0] with length 0",
        ),
        (
            vec![s("a"), s("b"), s("c"), s("d")],
            "invalid number of arguments (expected at most 3, got 4)",
        ),
    ];
    for (args, message) in errors {
        assert_eq!(
            call("date", args).unwrap_err().message(),
            *message,
            "{args:?}"
        );
    }
}

#[test]
fn date_with_a_leading_location() {
    let zurich = call("timezone", &[s("Europe/Zurich")]).unwrap();
    let t = call("date", &[zurich.clone(), s("2021-03-04 05:06:07")]).unwrap();
    assert_eq!(encode(&t), json!({ "$time": "2021-03-04T05:06:07+01:00" }));
    let t = call("date", &[zurich.clone(), s("04.03.2021"), s("02.01.2006")]).unwrap();
    assert_eq!(encode(&t), json!({ "$time": "2021-03-04T00:00:00+01:00" }));
    let t = call(
        "date",
        &[zurich, s("04.03.2021"), s("02.01.2006"), s("UTC")],
    )
    .unwrap();
    assert_eq!(encode(&t), json!({ "$time": "2021-03-04T00:00:00Z" }));
}

#[test]
fn corpus_durations() {
    let ok = [
        ("90m", 5_400_000_000_000_i64),
        ("36h", 129_600_000_000_000),
        ("-1h30m", -5_400_000_000_000),
        ("100ms", 100_000_000),
        ("720h", 2_592_000_000_000_000),
        ("0", 0),
    ];
    for (text, nanos) in ok {
        let d = call("duration", &[s(text)]).unwrap();
        assert_eq!(encode(&d), json!({ "$duration": nanos }));
    }
    let d = call("duration", &[s("36h")]).unwrap();
    assert_eq!(encode(&method(&d, "Hours", &[]).unwrap()), json!(36.0));
    assert_eq!(
        encode(&method(&d, "String", &[]).unwrap()),
        json!("36h0m0s")
    );
    let error = call("duration", &[s("1")]).unwrap_err();
    assert_eq!(error.message(), r#"time: missing unit in duration "1""#);
    let error = call("duration", &[Value::Int(0)]).unwrap_err();
    assert_eq!(
        error.message(),
        "interface conversion: interface {} is int, not string"
    );
}

#[test]
fn timezones_and_now() {
    assert_eq!(
        encode(&call("timezone", &[s("")]).unwrap()),
        json!({ "$location": "UTC" })
    );
    assert_eq!(
        encode(&call("timezone", &[s("UTC")]).unwrap()),
        json!({ "$location": "UTC" })
    );
    let local = call("timezone", &[s("Local")]).unwrap();
    assert_eq!(encode(&local), json!({ "$location": "Local" }));
    let error = call("timezone", &[s("Nope/Zone")]).unwrap_err();
    assert_eq!(error.message(), "unknown time zone Nope/Zone");

    let now = call("now", &[]).unwrap();
    assert_eq!(
        encode(&now),
        json!({ "$time": "2023-08-14T08:00:00.000000123Z" })
    );
    let Value::Time(t) = &now else { unreachable!() };
    assert_eq!(t.go_string(), "2023-08-14 08:00:00.000000123 +0000 UTC");
    let tokyo = call("timezone", &[s("Asia/Tokyo")]).unwrap();
    let there = call("now", std::slice::from_ref(&tokyo)).unwrap();
    assert_eq!(encode(&method(&there, "Hour", &[]).unwrap()), json!(17));
    let location = method(&there, "Location", &[]).unwrap();
    assert_eq!(
        encode(&method(&location, "String", &[]).unwrap()),
        json!("Asia/Tokyo")
    );
    let error = call("now", &[s("Asia/Tokyo")]).unwrap_err();
    assert_eq!(
        error.message(),
        "invalid number of arguments (expected 0, got 1)"
    );
}

#[test]
fn time_methods() {
    let t = date_of("2019-12-31T23:30:00.5-05:00");
    let expect = [
        ("Year", json!(2019)),
        ("Month", json!(12)),
        ("Day", json!(31)),
        ("Hour", json!(23)),
        ("Minute", json!(30)),
        ("Second", json!(0)),
        ("Nanosecond", json!(500_000_000)),
        ("Weekday", json!(2)),
        ("YearDay", json!(365)),
        ("Unix", json!(1_577_853_000)),
        ("UnixMilli", json!(1_577_853_000_500_i64)),
        ("UnixMicro", json!(1_577_853_000_500_000_i64)),
        ("UnixNano", json!(1_577_853_000_500_000_000_i64)),
        ("UTC", json!({ "$time": "2020-01-01T04:30:00.5Z" })),
        ("Local", json!({ "$time": "2020-01-01T04:30:00.5Z" })),
        ("Location", json!({ "$location": "" })),
        ("IsZero", json!(false)),
        ("IsDST", json!(false)),
        ("String", json!("2019-12-31 23:30:00.5 -0500 -0500")),
    ];
    for (name, expected) in expect {
        assert_eq!(encode(&method(&t, name, &[]).unwrap()), expected, "{name}");
    }
    let month = method(&t, "Month", &[]).unwrap();
    assert_eq!(
        encode(&method(&month, "String", &[]).unwrap()),
        json!("December")
    );
    let hour = Value::Duration(3_600_000_000_000);
    let with_args: &[(&str, Vec<Value<'_>>, Json)] = &[
        (
            "Format",
            vec![s("2006-01-02 3PM MST")],
            json!("2019-12-31 11PM -0500"),
        ),
        (
            "Add",
            vec![hour.clone()],
            json!({ "$time": "2020-01-01T00:30:00.5-05:00" }),
        ),
        (
            "Add",
            vec![Value::Int(500_000_000)],
            json!({ "$time": "2019-12-31T23:30:01-05:00" }),
        ),
        (
            "Truncate",
            vec![hour.clone()],
            json!({ "$time": "2019-12-31T23:00:00-05:00" }),
        ),
        (
            "Round",
            vec![hour.clone()],
            json!({ "$time": "2020-01-01T00:00:00-05:00" }),
        ),
        ("Before", vec![date_of("2020-01-01")], json!(false)),
        ("After", vec![date_of("2020-01-01")], json!(true)),
        ("Compare", vec![date_of("2020-01-01")], json!(1)),
        ("Compare", vec![t.clone()], json!(0)),
        (
            "Equal",
            vec![date_of("2020-01-01T04:30:00.5Z")],
            json!(true),
        ),
        (
            "Sub",
            vec![date_of("2020-01-01")],
            json!({ "$duration": 16_200_500_000_000_i64 }),
        ),
    ];
    for (name, args, expected) in with_args {
        assert_eq!(
            encode(&method(&t, name, args).unwrap()),
            *expected,
            "{name}"
        );
    }
    let tokyo = call("timezone", &[s("Asia/Tokyo")]).unwrap();
    let there = method(&t, "In", &[tokyo]).unwrap();
    assert_eq!(
        encode(&there),
        json!({ "$time": "2020-01-01T13:30:00.5+09:00" })
    );
    let summer = call(
        "date",
        &[
            s("2021-07-01 12:00"),
            s("2006-01-02 15:04"),
            s("Europe/Zurich"),
        ],
    );
    assert_eq!(
        encode(&method(&summer.unwrap(), "IsDST", &[]).unwrap()),
        json!(true)
    );
    assert_eq!(
        encode(&method(&Value::Time(Arc::new(Time::zero())), "IsZero", &[]).unwrap()),
        json!(true)
    );
}

#[test]
fn duration_methods() {
    let d = Value::Duration(-5_400_123_456_789);
    let expect = [
        ("Hours", json!(-1.5000342935525)),
        ("Minutes", json!(-90.00205761315)),
        ("Seconds", json!(-5400.123456789)),
        ("Milliseconds", json!(-5_400_123)),
        ("Microseconds", json!(-5_400_123_456_i64)),
        ("Nanoseconds", json!(-5_400_123_456_789_i64)),
        ("String", json!("-1h30m0.123456789s")),
        ("Abs", json!({ "$duration": 5_400_123_456_789_i64 })),
    ];
    for (name, expected) in expect {
        assert_eq!(encode(&method(&d, name, &[]).unwrap()), expected, "{name}");
    }
    let second = Value::Duration(1_000_000_000);
    assert_eq!(
        encode(&method(&d, "Round", std::slice::from_ref(&second)).unwrap()),
        json!({ "$duration": -5_400_000_000_000_i64 })
    );
    assert_eq!(
        encode(&method(&d, "Truncate", &[Value::Int(60_000_000_000)]).unwrap()),
        json!({ "$duration": -5_400_000_000_000_i64 })
    );
}

#[test]
fn method_lookup_and_errors() {
    assert!(has_method("time.Time", "Format"));
    assert!(has_method("time.Duration", "Hours"));
    assert!(has_method("time.Location", "String"));
    assert!(has_method("time.Month", "String"));
    assert!(has_method("time.Weekday", "String"));
    assert!(!has_method("time.Time", "Hours"));
    assert!(!has_method("time.Time", "Date"));
    let signature = method_signature("time.Time", "AddDate").unwrap();
    assert_eq!(signature.params, &[Ty::Int, Ty::Int, Ty::Int]);
    assert_eq!(signature.result, Ty::Time);

    let clock = clock();
    let mut ctx = Context::new(Limits::default(), &clock);
    let t = date_of("2021-03-04");
    assert!(call_method(&mut ctx, &t, "Nope", &[]).is_none());
    assert!(call_method(&mut ctx, &Value::Int(1), "Year", &[]).is_none());
    let message =
        |name: &str, args: &[Value<'_>]| method(&t, name, args).unwrap_err().message().to_string();
    assert_eq!(message("Add", &[]), "not enough arguments to call Add");
    assert_eq!(
        message("Year", &[Value::Int(1)]),
        "too many arguments to call Year"
    );
    assert_eq!(
        message("Add", &[Value::Float(1.5)]),
        "reflect: Call using float64 as type time.Duration"
    );
    assert_eq!(
        message("Sub", &[s("x")]),
        "reflect: Call using string as type time.Time"
    );
    assert_eq!(
        message("In", &[s("UTC")]),
        "reflect: Call using string as type *time.Location"
    );
    assert_eq!(
        message("Format", &[Value::Int(1)]),
        "reflect: Call using int as type string"
    );
}

/// A tiny evaluator for examples made of this family's calls, string and integer literals,
/// and method calls: enough to check that the declared examples are true.
mod mini {
    use super::*;

    pub struct Parser<'s> {
        pub text: &'s str,
    }

    impl<'s> Parser<'s> {
        fn eat(&mut self, token: &str) -> bool {
            self.text = self.text.trim_start();
            match self.text.strip_prefix(token) {
                Some(rest) => {
                    self.text = rest;
                    true
                }
                None => false,
            }
        }

        fn ident(&mut self) -> Option<&'s str> {
            self.text = self.text.trim_start();
            let len = self
                .text
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(self.text.len());
            let (ident, rest) = self.text.split_at(len);
            self.text = rest;
            (!ident.is_empty()).then_some(ident)
        }

        /// `None` when the expression is outside the mini language.
        pub fn expr(&mut self) -> Option<Outcome<'static>> {
            let mut value = self.atom()?;
            while self.eat(".") {
                let name = self.ident()?;
                let args = self.args()?;
                value = match (value, args) {
                    (Ok(receiver), Ok(args)) => method(&receiver, name, &args),
                    (Err(e), _) | (_, Err(e)) => Err(e),
                };
            }
            Some(value)
        }

        fn atom(&mut self) -> Option<Outcome<'static>> {
            self.text = self.text.trim_start();
            if self.eat("\"") {
                let end = self.text.find('"')?;
                let literal = self.text[..end].to_string();
                self.text = &self.text[end + 1..];
                return Some(Ok(Value::string(literal)));
            }
            if self
                .text
                .starts_with(|c: char| c.is_ascii_digit() || c == '-')
            {
                let len = 1 + self.text[1..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(self.text.len() - 1);
                let number = self.text[..len].parse().ok()?;
                self.text = &self.text[len..];
                return Some(Ok(Value::Int(number)));
            }
            let name = self.ident()?;
            BUILTINS.iter().find(|b| b.name == name)?;
            let args = self.args()?;
            Some(args.and_then(|args| call(name, &args)))
        }

        fn args(&mut self) -> Option<Result<Vec<Value<'static>>, RuntimeError>> {
            if !self.eat("(") {
                return None;
            }
            let mut args = Vec::new();
            if self.eat(")") {
                return Some(Ok(args));
            }
            loop {
                match self.expr()? {
                    Ok(value) => args.push(value),
                    Err(error) => return Some(Err(error)),
                }
                if self.eat(")") {
                    return Some(Ok(args));
                }
                if !self.eat(",") {
                    return None;
                }
            }
        }
    }
}

#[test]
fn examples_are_true() {
    let mut checked = 0;
    for builtin in BUILTINS {
        assert!(
            !builtin.examples.is_empty(),
            "{} has no example",
            builtin.name
        );
        for example in builtin.examples {
            let mut parser = mini::Parser { text: example.expr };
            let Some(outcome) = parser.expr() else {
                continue;
            };
            if !parser.text.trim().is_empty() {
                continue;
            }
            checked += 1;
            match (outcome, example.result.strip_prefix("error: ")) {
                (Ok(value), None) => {
                    let expected: Json = serde_json::from_str(example.result).unwrap();
                    assert_eq!(encode(&value), expected, "{}", example.expr);
                }
                (Err(error), Some(message)) => {
                    assert!(
                        error.message().contains(message),
                        "{}: {error}",
                        example.expr
                    );
                }
                (outcome, _) => panic!(
                    "{}: got {outcome:?}, expected {}",
                    example.expr, example.result
                ),
            }
        }
    }
    assert!(checked >= 12, "only {checked} examples checked");
}
