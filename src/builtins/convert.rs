//! Builtins: the `convert` family — `string`, `type`, `toJSON`, `fromJSON`, `toBase64`,
//! `fromBase64`, `int`, `float`.
//!
//! Each follows the reference's implementation (expr `builtin/lib.go`, `builtin/builtin.go`):
//! Go's `fmt`, `encoding/json`, `encoding/base64` and `strconv` behaviour, and its error texts.

mod go_base64;
mod go_json;
mod go_number;

use base64::Engine as _;

use super::{Builtin, Example, Implementation, Outcome, Signature, Ty};
use crate::eval::{Context, RuntimeError};
use crate::value::format;
use crate::value::Value;

/// The builtins of this family.
pub static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "string",
        signatures: &[Signature::new(&[Ty::Any], Ty::String)],
        doc: "Formats any value as Go's `%v` does: strings as they are, `nil` as `<nil>`, \
              floats with the shortest digits (`1e+06` from a million up, `1e-05` below \
              0.0001), arrays as `[a b]`, maps as `map[k:v]` with sorted keys, times as \
              `2024-01-02 03:04:05 +0000 UTC`, durations as `1h30m0s`.",
        examples: &[
            Example {
                expr: "string(1.5)",
                result: r#""1.5""#,
            },
            Example {
                expr: "string(1000000.0)",
                result: r#""1e+06""#,
            },
            Example {
                expr: "string(42)",
                result: r#""42""#,
            },
            Example {
                expr: r#"string([1, "a b", nil])"#,
                result: r#""[1 a b <nil>]""#,
            },
            Example {
                expr: r#"string({"b": 1, "a": 2.5})"#,
                result: r#""map[a:2.5 b:1]""#,
            },
            Example {
                expr: "string(nil)",
                result: r#""<nil>""#,
            },
        ],
        implementation: Implementation::Function(string),
    },
    Builtin {
        name: "type",
        signatures: &[Signature::new(&[Ty::Any], Ty::String)],
        doc: "The name of the value's type: `nil`, `bool`, `int`, `uint` (a byte), `float`, \
              `string`, `array`, `map`, or a Go type name for time values (`time.Time`, \
              `time.Duration`, `time.Location`, `time.Month`, `time.Weekday`).",
        examples: &[
            Example {
                expr: "type(1)",
                result: r#""int""#,
            },
            Example {
                expr: "type(1.0)",
                result: r#""float""#,
            },
            Example {
                expr: r#"type("a")"#,
                result: r#""string""#,
            },
            Example {
                expr: "type(nil)",
                result: r#""nil""#,
            },
            Example {
                expr: "type([1])",
                result: r#""array""#,
            },
            Example {
                expr: r#"type({"a": 1})"#,
                result: r#""map""#,
            },
            Example {
                expr: r#"type(duration("1h"))"#,
                result: r#""time.Duration""#,
            },
        ],
        implementation: Implementation::Function(type_of),
    },
    Builtin {
        name: "toJSON",
        signatures: &[Signature::new(&[Ty::Any], Ty::String)],
        doc: "Encodes a value as JSON the way Go's `json.MarshalIndent(x, \"\", \"  \")` does: \
              2-space indentation, object keys sorted, `<`, `>` and `&` escaped as `\\u003c` \
              etc., integral floats without a fraction (`1`), times as RFC 3339 strings, \
              durations as nanoseconds. NaN and infinities fail, and so do the maps made by \
              `groupBy` and `fromPairs` (Go cannot encode `map[interface {}]...`).",
        examples: &[
            Example {
                expr: "toJSON([1, 2])",
                result: r#""[\n  1,\n  2\n]""#,
            },
            Example {
                expr: r#"toJSON({"b": "<x>", "a": 1.0})"#,
                result: r#""{\n  \"a\": 1,\n  \"b\": \"\\u003cx\\u003e\"\n}""#,
            },
            Example {
                expr: r#"toJSON("Zoë")"#,
                result: r#""\"Zoë\"""#,
            },
            Example {
                expr: "toJSON(nil)",
                result: r#""null""#,
            },
            Example {
                expr: "toJSON(1 / 0)",
                result: "error: json: unsupported value: +Inf",
            },
            Example {
                expr: "toJSON(fromPairs([[1, 2]]))",
                result: "error: json: unsupported type: map[interface {}]interface {}",
            },
        ],
        implementation: Implementation::Function(to_json),
    },
    Builtin {
        name: "fromJSON",
        signatures: &[Signature::new(&[Ty::String], Ty::Any)],
        doc: "Parses JSON text as Go's `json.Unmarshal` does: objects become maps, arrays \
              arrays, **every number a float**, `null` nil. Invalid text fails with Go's \
              message (`unexpected end of JSON input`, `invalid character 'b' looking for \
              beginning of object key string`). Nesting deeper than the evaluation depth \
              limit (500 by default) fails too.",
        examples: &[
            Example {
                expr: r#"fromJSON("{\"a\": 1, \"b\": [1, 2.5]}")"#,
                result: r#"{"a": 1.0, "b": [1.0, 2.5]}"#,
            },
            Example {
                expr: r#"fromJSON("[1, \"x\", null]")"#,
                result: r#"[1.0, "x", null]"#,
            },
            Example {
                expr: r#"fromJSON("[1, 2")"#,
                result: "error: unexpected end of JSON input",
            },
            Example {
                expr: r#"fromJSON("{bad}")"#,
                result: "error: invalid character 'b' looking for beginning of object key string",
            },
            Example {
                expr: r#"fromJSON("1 2")"#,
                result: "error: invalid character '2' after top-level value",
            },
        ],
        implementation: Implementation::Function(from_json),
    },
    Builtin {
        name: "toBase64",
        signatures: &[Signature::new(&[Ty::String], Ty::String)],
        doc: "Encodes the bytes of a string as standard base64, with padding.",
        examples: &[
            Example {
                expr: r#"toBase64("jdoe")"#,
                result: r#""amRvZQ==""#,
            },
            Example {
                expr: r#"toBase64("héllo")"#,
                result: r#""aMOpbGxv""#,
            },
        ],
        implementation: Implementation::Function(to_base64),
    },
    Builtin {
        name: "fromBase64",
        signatures: &[Signature::new(&[Ty::String], Ty::String)],
        doc: "Decodes standard base64 (padding required; line breaks are skipped) into a \
              string, which may hold bytes that are not UTF-8. Invalid input fails with Go's \
              `illegal base64 data at input byte N`.",
        examples: &[
            Example {
                expr: r#"fromBase64("amRvZQ==")"#,
                result: r#""jdoe""#,
            },
            Example {
                expr: r#"fromBase64("/w==")"#,
                result: r#"{"$bytes": [255]}"#,
            },
            Example {
                expr: r#"fromBase64("amRvZQ")"#,
                result: "error: illegal base64 data at input byte 4",
            },
        ],
        implementation: Implementation::Function(from_base64),
    },
    Builtin {
        name: "int",
        signatures: &[
            Signature::new(&[Ty::Number], Ty::Int),
            Signature::new(&[Ty::String], Ty::Int),
            Signature::new(&[Ty::Duration], Ty::Int),
        ],
        doc: "Converts to an int: floats are truncated toward zero, durations give \
              nanoseconds, months and weekdays their number, and strings must be a plain \
              decimal integer with an optional sign (no spaces, fractions or prefixes: \
              `int(\"4.2\")` fails with `invalid operation: int(4.2)`).",
        examples: &[
            Example {
                expr: r#"int("42")"#,
                result: "42",
            },
            Example {
                expr: "int(-3.7)",
                result: "-3",
            },
            Example {
                expr: "int(4.9)",
                result: "4",
            },
            Example {
                expr: r#"int("4.2")"#,
                result: "error: invalid operation: int(4.2)",
            },
            Example {
                expr: r#"int(" 42")"#,
                result: "error: invalid operation: int( 42)",
            },
        ],
        implementation: Implementation::Function(int),
    },
    Builtin {
        name: "float",
        signatures: &[
            Signature::new(&[Ty::Number], Ty::Float),
            Signature::new(&[Ty::String], Ty::Float),
            Signature::new(&[Ty::Duration], Ty::Float),
        ],
        doc: "Converts a number or a string to a float. Strings are read as Go's `ParseFloat` \
              reads them: `1e3`, `1_000.5`, hexadecimal `0x1p-2`, `inf`, `NaN`; spaces and \
              out-of-range values fail (`invalid operation: float( 1)`). As in Expr, the \
              checker accepts a duration but the conversion fails at run time.",
        examples: &[
            Example {
                expr: r#"float("1e3")"#,
                result: "1000.0",
            },
            Example {
                expr: "float(2)",
                result: "2.0",
            },
            Example {
                expr: r#"float("0x1p-2")"#,
                result: "0.25",
            },
            Example {
                expr: r#"float("1_000.5")"#,
                result: "1000.5",
            },
            Example {
                expr: r#"float("-inf")"#,
                result: r#""-Inf""#,
            },
            Example {
                expr: r#"float(" 1")"#,
                result: "error: invalid operation: float( 1)",
            },
        ],
        implementation: Implementation::Function(float),
    },
];

/// The first argument (extras are ignored, as the reference's builtins do at run time), or
/// the reference's arity error.
fn single<'v, 'a>(args: &'v [Value<'a>]) -> Result<&'v Value<'a>, RuntimeError> {
    match args {
        [value, ..] => Ok(value),
        [] => Err(RuntimeError::new(format!(
            "invalid number of arguments (expected 1, got {})",
            args.len()
        ))),
    }
}

/// The bytes of a string argument, or Go's failed type assertion `args[0].(string)`.
fn string_argument<'v>(value: &'v Value<'_>) -> Result<&'v [u8], RuntimeError> {
    value.as_bytes().ok_or_else(|| {
        let actual = match value {
            Value::Nil => "nil",
            other => other.go_type(),
        };
        RuntimeError::new(format!(
            "interface conversion: interface {{}} is {actual}, not string"
        ))
    })
}

fn string<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let value = single(args)?;
    Ok(match value {
        Value::Str(_) | Value::String(_) | Value::Binary(_) => value.clone(),
        Value::Int(i) => Value::string(i.to_string()),
        other => {
            let text = format::go_bytes(other);
            if text.len() > format::MAX_TEXT_BYTES {
                return Err(RuntimeError::with_code(
                    crate::diagnostic::Code::Limit,
                    "memory budget exceeded",
                ));
            }
            if crate::value::nests_deeper_than(other, crate::value::MAX_VALUE_DEPTH) {
                return Err(RuntimeError::with_code(
                    crate::diagnostic::Code::Limit,
                    format!(
                        "value nests too deeply to print (more than {} levels)",
                        crate::value::MAX_VALUE_DEPTH
                    ),
                ));
            }
            Value::from_bytes(&text)
        }
    })
}

fn type_of<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    Ok(Value::Str(single(args)?.type_name()))
}

fn to_json<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    format::to_json_text(single(args)?).map(Value::string)
}

fn from_json<'a>(ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let text = string_argument(single(args)?)?;
    let max_depth = usize::try_from(ctx.limits.max_depth).unwrap_or(usize::MAX);
    go_json::unmarshal(text, max_depth).map_err(RuntimeError::new)
}

fn to_base64<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let bytes = string_argument(single(args)?)?;
    Ok(Value::string(
        base64::engine::general_purpose::STANDARD.encode(bytes),
    ))
}

fn from_base64<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let text = string_argument(single(args)?)?;
    match go_base64::decode(text) {
        Ok(bytes) => Ok(Value::from_bytes(&bytes)),
        Err(offset) => Err(RuntimeError::new(format!(
            "illegal base64 data at input byte {offset}"
        ))),
    }
}

/// Go's `int(f)` on amd64: truncation, and the "integer indefinite" value (the smallest int)
/// for NaN and out-of-range floats.
fn float_to_int(f: f64) -> i64 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
    if f.is_nan() || !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

fn int<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let value = single(args)?;
    let result = match value {
        Value::Int(i) | Value::Duration(i) => *i,
        Value::Byte(b) | Value::Month(b) | Value::Weekday(b) => i64::from(*b),
        Value::Float(f) => float_to_int(*f),
        Value::Str(_) | Value::String(_) | Value::Binary(_) => {
            let bytes = value.as_bytes().unwrap_or_default();
            go_number::atoi(bytes).ok_or_else(|| invalid("int", bytes))?
        }
        other => return Err(invalid("int", other.go_type().as_bytes())),
    };
    Ok(Value::Int(result))
}

fn float<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let value = single(args)?;
    let result = match value {
        Value::Float(f) => *f,
        Value::Int(i) => *i as f64,
        Value::Byte(b) => f64::from(*b),
        Value::Str(_) | Value::String(_) | Value::Binary(_) => {
            let bytes = value.as_bytes().unwrap_or_default();
            go_number::parse_float(bytes).ok_or_else(|| invalid("float", bytes))?
        }
        other => return Err(invalid("float", other.go_type().as_bytes())),
    };
    Ok(Value::Float(result))
}

/// `invalid operation: int(<text>)`: the reference prints the raw string or the Go type.
fn invalid(function: &str, shown: &[u8]) -> RuntimeError {
    RuntimeError::new(format!(
        "invalid operation: {function}({})",
        String::from_utf8_lossy(shown)
    ))
}

#[cfg(test)]
mod tests;
