//! Builtins: the `string` family (Go's `strings` package, byte-exact).
//!
//! Strings are Go strings: byte sequences that are usually UTF-8. Offsets (`indexOf`) are byte
//! offsets; functions that work rune by rune decode invalid bytes one at a time as U+FFFD, as Go
//! does (see `gostr`). Results that are a part of an argument borrow it where they can.

use super::args::{arg, check_arity, check_arity_named, int_arg, string_arg, sub_string, Arity};
use super::gostr::{self, Replaced};
use super::{Builtin, Example, Implementation, Outcome, Signature, Ty};
use crate::diagnostic::Code;
use crate::eval::ops::conversion_error;
use crate::eval::{Context, RuntimeError};
use crate::value::{ArrayKind, Value};

/// The builtins of this family.
pub static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "trim",
        signatures: &[
            Signature::new(&[Ty::String], Ty::String),
            Signature::new(&[Ty::String, Ty::String], Ty::String),
        ],
        doc: "Removes leading and trailing white space (Unicode `White_Space`, as Go's \
              `unicode.IsSpace`: also U+0085 and the no-break space U+00A0), or, with a second \
              argument, every leading and trailing character that occurs in that *cutset*.",
        examples: &[
            Example {
                expr: "trim('  Ada Lovelace \\n')",
                result: "\"Ada Lovelace\"",
            },
            Example {
                expr: "trim('--ada--', '-')",
                result: "\"ada\"",
            },
            Example {
                expr: "trim('abcba', 'ab')",
                result: "\"c\"",
            },
        ],
        implementation: Implementation::Function(trim),
    },
    Builtin {
        name: "trimPrefix",
        signatures: &[
            Signature::new(&[Ty::String, Ty::String], Ty::String),
            Signature::new(&[Ty::String], Ty::String),
        ],
        doc: "Removes the prefix once if the string starts with it; without a prefix argument, \
              removes **one** leading space.",
        examples: &[
            Example {
                expr: "trimPrefix('urn:ietf:params', 'urn:')",
                result: "\"ietf:params\"",
            },
            Example {
                expr: "trimPrefix('  x')",
                result: "\" x\"",
            },
        ],
        implementation: Implementation::Function(trim_prefix),
    },
    Builtin {
        name: "trimSuffix",
        signatures: &[
            Signature::new(&[Ty::String, Ty::String], Ty::String),
            Signature::new(&[Ty::String], Ty::String),
        ],
        doc: "Removes the suffix once if the string ends with it; without a suffix argument, \
              removes **one** trailing space.",
        examples: &[
            Example {
                expr: "trimSuffix('ada@example.com', '.com')",
                result: "\"ada@example\"",
            },
            Example {
                expr: "trimSuffix('x  ')",
                result: "\"x \"",
            },
        ],
        implementation: Implementation::Function(trim_suffix),
    },
    Builtin {
        name: "upper",
        signatures: &[Signature::new(&[Ty::String], Ty::String)],
        doc: "Upper-cases every character with Go's one-to-one Unicode mapping (`ß` stays `ß`).",
        examples: &[Example {
            expr: "upper('héllo')",
            result: "\"HÉLLO\"",
        }],
        implementation: Implementation::Function(upper),
    },
    Builtin {
        name: "lower",
        signatures: &[Signature::new(&[Ty::String], Ty::String)],
        doc: "Lower-cases every character with Go's one-to-one Unicode mapping; handy to \
              normalise e-mail addresses and user names.",
        examples: &[Example {
            expr: "lower('Ada.Lovelace@Example.COM')",
            result: "\"ada.lovelace@example.com\"",
        }],
        implementation: Implementation::Function(lower),
    },
    Builtin {
        name: "split",
        signatures: &[
            Signature::new(&[Ty::String, Ty::String], Ty::StringArray),
            Signature::new(&[Ty::String, Ty::String, Ty::Int], Ty::StringArray),
        ],
        doc: "Splits a string at every separator (Go's `strings.Split`). An empty separator \
              splits into characters. With a count `n`: at most `n` parts, the last holding the \
              rest; `n < 0` means all parts and `n == 0` gives a nil array.",
        examples: &[
            Example {
                expr: "split('a,b,c', ',')",
                result: "[\"a\",\"b\",\"c\"]",
            },
            Example {
                expr: "split('a,b,c', ',', 2)",
                result: "[\"a\",\"b,c\"]",
            },
            Example {
                expr: "split('', ',')",
                result: "[\"\"]",
            },
            Example {
                expr: "split('hé', '')",
                result: "[\"h\",\"é\"]",
            },
        ],
        implementation: Implementation::Function(split),
    },
    Builtin {
        name: "splitAfter",
        signatures: &[
            Signature::new(&[Ty::String, Ty::String], Ty::StringArray),
            Signature::new(&[Ty::String, Ty::String, Ty::Int], Ty::StringArray),
        ],
        doc: "Like `split`, but every part keeps the separator that ends it.",
        examples: &[
            Example {
                expr: "splitAfter('a,b,c', ',')",
                result: "[\"a,\",\"b,\",\"c\"]",
            },
            Example {
                expr: "splitAfter('a,b,c', ',', 2)",
                result: "[\"a,\",\"b,c\"]",
            },
        ],
        implementation: Implementation::Function(split_after),
    },
    Builtin {
        name: "replace",
        signatures: &[
            Signature::new(&[Ty::String, Ty::String, Ty::String, Ty::Int], Ty::String),
            Signature::new(&[Ty::String, Ty::String, Ty::String], Ty::String),
        ],
        doc: "Replaces every occurrence of `old` by `new`, or only the first `n` (`n < 0`: all). \
              An empty `old` inserts `new` before every character and at the end.",
        examples: &[
            Example {
                expr: "replace('ada lovelace', ' ', '.')",
                result: "\"ada.lovelace\"",
            },
            Example {
                expr: "replace('a-b-c', '-', '', 1)",
                result: "\"ab-c\"",
            },
            Example {
                expr: "replace('abc', '', '-')",
                result: "\"-a-b-c-\"",
            },
        ],
        implementation: Implementation::Function(replace),
    },
    Builtin {
        name: "repeat",
        signatures: &[Signature::new(&[Ty::String, Ty::Int], Ty::String)],
        doc: "Repeats a string `n` times. A negative `n` is an error; the result counts against \
              the memory budget (`n` above one million always exceeds it).",
        examples: &[
            Example {
                expr: "repeat('ab', 3)",
                result: "\"ababab\"",
            },
            Example {
                expr: "repeat('x', -1)",
                result: "error: invalid argument for repeat (expected positive integer, got -1)",
            },
        ],
        implementation: Implementation::Function(repeat),
    },
    Builtin {
        name: "join",
        signatures: &[
            Signature::new(&[Ty::StringArray, Ty::String], Ty::String),
            Signature::new(&[Ty::Array, Ty::String], Ty::String),
            Signature::new(&[Ty::Array], Ty::String),
            Signature::new(&[Ty::StringArray, Ty::String], Ty::String),
            Signature::new(&[Ty::StringArray], Ty::String),
        ],
        doc: "Concatenates the strings of an array, with a separator between them (default: \
              none). Every element must be a string: convert numbers with `string()` first.",
        examples: &[
            Example {
                expr: "join(['Ada', 'Lovelace'], ' ')",
                result: "\"Ada Lovelace\"",
            },
            Example {
                expr: "join(['a', 'b'])",
                result: "\"ab\"",
            },
            Example {
                expr: "join([1, 2], ',')",
                result: "error: interface conversion: interface {} is int, not string",
            },
        ],
        implementation: Implementation::Function(join),
    },
    Builtin {
        name: "indexOf",
        signatures: &[Signature::new(&[Ty::String, Ty::String], Ty::Int)],
        doc: "The **byte** offset of the first occurrence of a substring, or `-1`. Offsets count \
              bytes, as string slicing does (`é` is two bytes).",
        examples: &[
            Example {
                expr: "indexOf('ada@example.com', '@')",
                result: "3",
            },
            Example {
                expr: "indexOf('héllo', 'l')",
                result: "3",
            },
            Example {
                expr: "indexOf('ada', 'x')",
                result: "-1",
            },
        ],
        implementation: Implementation::Function(index_of),
    },
    Builtin {
        name: "lastIndexOf",
        signatures: &[Signature::new(&[Ty::String, Ty::String], Ty::Int)],
        doc: "The **byte** offset of the last occurrence of a substring, or `-1`.",
        examples: &[
            Example {
                expr: "lastIndexOf('a.b.c', '.')",
                result: "3",
            },
            Example {
                expr: "lastIndexOf('abc', 'x')",
                result: "-1",
            },
        ],
        implementation: Implementation::Function(last_index_of),
    },
    Builtin {
        name: "hasPrefix",
        signatures: &[Signature::new(&[Ty::String, Ty::String], Ty::Bool)],
        doc: "Whether the string starts with the prefix (like the `startsWith` operator).",
        examples: &[Example {
            expr: "hasPrefix('urn:ietf', 'urn:')",
            result: "true",
        }],
        implementation: Implementation::Function(has_prefix),
    },
    Builtin {
        name: "hasSuffix",
        signatures: &[Signature::new(&[Ty::String, Ty::String], Ty::Bool)],
        doc: "Whether the string ends with the suffix (like the `endsWith` operator).",
        examples: &[Example {
            expr: "hasSuffix('ada@example.com', '@example.com')",
            result: "true",
        }],
        implementation: Implementation::Function(has_suffix),
    },
];

fn trim<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity_named(args, "trim", Arity::Either(1, 2))?;
    let text = string_arg(args, 0)?;
    let range = if args.len() == 1 {
        gostr::trim_space(text)
    } else {
        gostr::trim_cutset(text, string_arg(args, 1)?)
    };
    Ok(sub_string(arg(args, 0), range))
}

/// The affix argument of `trimPrefix`/`trimSuffix` (asserted before the string, as Go does).
fn affix<'v>(args: &'v [Value<'_>]) -> Result<&'v [u8], RuntimeError> {
    check_arity(args, Arity::Either(1, 2))?;
    if args.len() == 2 {
        string_arg(args, 1)
    } else {
        Ok(b" ")
    }
}

fn trim_prefix<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let prefix = affix(args)?;
    let text = string_arg(args, 0)?;
    let start = if text.starts_with(prefix) {
        prefix.len()
    } else {
        0
    };
    Ok(sub_string(arg(args, 0), start..text.len()))
}

fn trim_suffix<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let suffix = affix(args)?;
    let text = string_arg(args, 0)?;
    let end = text.len()
        - if text.ends_with(suffix) {
            suffix.len()
        } else {
            0
        };
    Ok(sub_string(arg(args, 0), 0..end))
}

fn upper<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    let text = string_arg(args, 0)?;
    if text.is_ascii() {
        if !text.iter().any(u8::is_ascii_lowercase) {
            return Ok(arg(args, 0).clone());
        }
        return Ok(Value::from_bytes(&text.to_ascii_uppercase()));
    }
    Ok(Value::from(gostr::map_runes(text, gostr::simple_upper)))
}

fn lower<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    let text = string_arg(args, 0)?;
    if text.is_ascii() {
        if !text.iter().any(u8::is_ascii_uppercase) {
            return Ok(arg(args, 0).clone());
        }
        return Ok(Value::from_bytes(&text.to_ascii_lowercase()));
    }
    Ok(Value::from(gostr::map_runes(text, gostr::simple_lower)))
}

fn split_with<'a>(args: &[Value<'a>], name: &str, keep_separator: bool) -> Outcome<'a> {
    check_arity_named(args, name, Arity::Either(2, 3))?;
    let text = string_arg(args, 0)?;
    let separator = string_arg(args, 1)?;
    let n = if args.len() == 3 {
        int_arg(args, 2)?
    } else {
        -1
    };
    Ok(match gostr::split(text, separator, keep_separator, n) {
        None => Value::array_of(ArrayKind::NilString, Vec::new()),
        Some(ranges) => {
            let source = arg(args, 0);
            let parts = ranges.into_iter().map(|r| sub_string(source, r)).collect();
            Value::array_of(ArrayKind::String, parts)
        }
    })
}

fn split<'a>(ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    charge_parts(ctx, args)?;
    split_with(args, "split", false)
}

fn split_after<'a>(ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    charge_parts(ctx, args)?;
    split_with(args, "splitAfter", true)
}

/// Charges the parts of a split, before making them, like any other array (Go does not: a
/// 10 MB string split by `""` would be ten million strings).
fn charge_parts(ctx: &mut Context<'_>, args: &[Value<'_>]) -> Result<(), RuntimeError> {
    let (Ok(text), Ok(separator)) = (string_arg(args, 0), string_arg(args, 1)) else {
        return Ok(());
    };
    let n = if args.len() == 3 {
        int_arg(args, 2).unwrap_or(-1)
    } else {
        -1
    };
    let parts = gostr::count(text, separator).saturating_add(1);
    ctx.charge(match usize::try_from(n) {
        Ok(n) => parts.min(n),
        Err(_) => parts,
    })
}

/// Go would build any result; we refuse one that grows the string by more than the memory
/// budget (in bytes), so that `replace(s, "", s)` on a large `s` cannot exhaust memory.
fn replace<'a>(ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity_named(args, "replace", Arity::Either(3, 4))?;
    let text = string_arg(args, 0)?;
    let old = string_arg(args, 1)?;
    let new = string_arg(args, 2)?;
    let n = if args.len() == 4 {
        int_arg(args, 3)?
    } else {
        -1
    };
    let budget = usize::try_from(ctx.limits.memory_budget).unwrap_or(usize::MAX);
    match gostr::replace(text, old, new, n, text.len().saturating_add(budget)) {
        Replaced::Unchanged => Ok(arg(args, 0).clone()),
        Replaced::TooLong => Err(budget_exceeded()),
        Replaced::Bytes(bytes) => Ok(Value::from_bytes(&bytes)),
    }
}

fn budget_exceeded() -> RuntimeError {
    RuntimeError::with_code(Code::Limit, "memory budget exceeded")
}

fn repeat<'a>(ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(2))?;
    let text = string_arg(args, 0)?;
    let n = int_arg(args, 1)?;
    if n < 0 {
        return Err(RuntimeError::new(format!(
            "invalid argument for repeat (expected positive integer, got {n})"
        )));
    }
    if n > 1_000_000 {
        return Err(budget_exceeded());
    }
    let times = usize::try_from(n).unwrap_or(usize::MAX);
    ctx.charge(text.len().saturating_mul(times))?;
    Ok(Value::from_bytes(&text.repeat(times)))
}

fn join<'a>(ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Either(1, 2))?;
    let glue = if args.len() == 2 {
        string_arg(args, 1)?
    } else {
        b""
    };
    let list = arg(args, 0);
    let joinable = match list {
        Value::JsonArray(_) => true,
        Value::Array(array) => matches!(
            array.kind,
            ArrayKind::Any | ArrayKind::NilAny | ArrayKind::String | ArrayKind::NilString
        ),
        _ => false,
    };
    let items = list.array_iter().filter(|_| joinable).ok_or_else(|| {
        RuntimeError::new(format!(
            "invalid argument for join (type {})",
            type_of(list)
        ))
    })?;
    let mut out = Vec::new();
    for (i, item) in items.enumerate() {
        let bytes = item
            .as_bytes()
            .ok_or_else(|| conversion_error(&item, "string"))?;
        // The result is charged once built; refuse to build one over the budget.
        ctx.check_bytes(
            out.len()
                .saturating_add(glue.len())
                .saturating_add(bytes.len()),
        )?;
        if i > 0 {
            out.extend_from_slice(glue);
        }
        out.extend_from_slice(bytes);
    }
    Ok(Value::from_bytes(&out))
}

/// Go's `%s` of `reflect.TypeOf(x)`: the type name, and `%!s(<nil>)` for nil.
fn type_of(value: &Value<'_>) -> &'static str {
    match value {
        Value::Nil => "%!s(<nil>)",
        other => other.go_type(),
    }
}

fn two_strings<'v>(args: &'v [Value<'_>]) -> Result<(&'v [u8], &'v [u8]), RuntimeError> {
    check_arity(args, Arity::Exactly(2))?;
    Ok((string_arg(args, 0)?, string_arg(args, 1)?))
}

fn offset(found: Option<usize>) -> Value<'static> {
    found
        .and_then(|i| i64::try_from(i).ok())
        .map_or(Value::Int(-1), Value::Int)
}

fn index_of<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let (text, needle) = two_strings(args)?;
    Ok(offset(gostr::index(text, needle)))
}

fn last_index_of<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let (text, needle) = two_strings(args)?;
    Ok(offset(gostr::last_index(text, needle)))
}

fn has_prefix<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let (text, prefix) = two_strings(args)?;
    Ok(Value::Bool(text.starts_with(prefix)))
}

fn has_suffix<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let (text, suffix) = two_strings(args)?;
    Ok(Value::Bool(text.ends_with(suffix)))
}

#[cfg(test)]
#[path = "string_tests.rs"]
mod tests;
