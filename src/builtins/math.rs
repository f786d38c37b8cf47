//! Builtins: the `math` family (`abs`, `ceil`, `floor`, `round`, `max`, `min`, `mean`,
//! `median`, and the `bit*` integer operations).
//!
//! `max`, `min`, `mean` and `median` take numbers and arrays of numbers, arrays flattened at any
//! depth (see `array::walk_nested`). Integer arithmetic wraps as Go's does.

use super::args::{arg, check_arity, check_arity_named, Arity};
use super::array::walk_nested;
use super::{Builtin, Example, Implementation, Outcome, Signature, Ty};
use crate::eval::ops::less;
use crate::eval::{Context, RuntimeError};
use crate::value::Value;

/// The builtins of this family.
pub static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "abs",
        signatures: &[Signature::new(&[Ty::Number], Ty::SameAsFirst)],
        doc: "The absolute value, of the same type as the argument (an int stays an int).",
        examples: &[
            Example {
                expr: "abs(-3)",
                result: "3",
            },
            Example {
                expr: "abs(-2.5)",
                result: "2.5",
            },
        ],
        implementation: Implementation::Function(abs),
    },
    Builtin {
        name: "ceil",
        signatures: &[Signature::new(&[Ty::Number], Ty::Float)],
        doc: "The smallest whole number not below the argument, always as a float.",
        examples: &[
            Example {
                expr: "ceil(1.2)",
                result: "2.0",
            },
            Example {
                expr: "ceil(5)",
                result: "5.0",
            },
        ],
        implementation: Implementation::Function(ceil),
    },
    Builtin {
        name: "floor",
        signatures: &[Signature::new(&[Ty::Number], Ty::Float)],
        doc: "The largest whole number not above the argument, always as a float.",
        examples: &[Example {
            expr: "floor(-1.5)",
            result: "-2.0",
        }],
        implementation: Implementation::Function(floor),
    },
    Builtin {
        name: "round",
        signatures: &[Signature::new(&[Ty::Number], Ty::Float)],
        doc: "The nearest whole number, halves rounded away from zero, always as a float; use \
              `int(round(x))` for an int.",
        examples: &[
            Example {
                expr: "round(2.5)",
                result: "3.0",
            },
            Example {
                expr: "round(-2.5)",
                result: "-3.0",
            },
        ],
        implementation: Implementation::Function(round),
    },
    Builtin {
        name: "max",
        signatures: &[Signature::variadic(&[Ty::Any], Ty::Any, Ty::Any)],
        doc: "The largest of its arguments, which are numbers or arrays of numbers (nested \
              arrays included). The result keeps its type (`max(1, 2.5)` is `2.5`, and of equal \
              values the first wins); with no numbers at all it is `nil`.",
        examples: &[
            Example {
                expr: "max(1, 2.5)",
                result: "2.5",
            },
            Example {
                expr: "max([3, [7, 1]], 5)",
                result: "7",
            },
            Example {
                expr: "max([])",
                result: "null",
            },
            Example {
                expr: "max(1, 'a')",
                result: "error: invalid argument for max (type string)",
            },
        ],
        implementation: Implementation::Function(max),
    },
    Builtin {
        name: "min",
        signatures: &[Signature::variadic(&[Ty::Any], Ty::Any, Ty::Any)],
        doc: "The smallest of its arguments, with the rules of `max`.",
        examples: &[
            Example {
                expr: "min(4, [2, 8])",
                result: "2",
            },
            Example {
                expr: "min(1.0, 1)",
                result: "1.0",
            },
        ],
        implementation: Implementation::Function(min),
    },
    Builtin {
        name: "mean",
        signatures: &[Signature::variadic(&[Ty::Any], Ty::Any, Ty::Float)],
        doc: "The arithmetic mean of the numbers among its arguments (arrays flattened), as a \
              float; `0.0` when there are none.",
        examples: &[
            Example {
                expr: "mean([1, 2, 3, 4])",
                result: "2.5",
            },
            Example {
                expr: "mean([])",
                result: "0.0",
            },
        ],
        implementation: Implementation::Function(mean),
    },
    Builtin {
        name: "median",
        signatures: &[Signature::variadic(&[Ty::Any], Ty::Any, Ty::Float)],
        doc: "The median of the numbers among its arguments (arrays flattened), as a float: \
              the middle value, or the mean of the two middle values; `0.0` when there are none.",
        examples: &[
            Example {
                expr: "median([5, 1, 3])",
                result: "3.0",
            },
            Example {
                expr: "median([1, 2, 3, 4])",
                result: "2.5",
            },
        ],
        implementation: Implementation::Function(median),
    },
    Builtin {
        name: "bitand",
        signatures: &[Signature::new(&[Ty::Int, Ty::Int], Ty::Int)],
        doc: "Bitwise AND of two ints.",
        examples: &[Example {
            expr: "bitand(12, 10)",
            result: "8",
        }],
        implementation: Implementation::Function(bitand),
    },
    Builtin {
        name: "bitor",
        signatures: &[Signature::new(&[Ty::Int, Ty::Int], Ty::Int)],
        doc: "Bitwise OR of two ints.",
        examples: &[Example {
            expr: "bitor(12, 10)",
            result: "14",
        }],
        implementation: Implementation::Function(bitor),
    },
    Builtin {
        name: "bitxor",
        signatures: &[Signature::new(&[Ty::Int, Ty::Int], Ty::Int)],
        doc: "Bitwise exclusive OR of two ints.",
        examples: &[Example {
            expr: "bitxor(12, 10)",
            result: "6",
        }],
        implementation: Implementation::Function(bitxor),
    },
    Builtin {
        name: "bitnand",
        signatures: &[Signature::new(&[Ty::Int, Ty::Int], Ty::Int)],
        doc: "Bit clear (Go's `a &^ b`): the bits of `a` that are not set in `b`.",
        examples: &[Example {
            expr: "bitnand(12, 10)",
            result: "4",
        }],
        implementation: Implementation::Function(bitnand),
    },
    Builtin {
        name: "bitshl",
        signatures: &[Signature::new(&[Ty::Int, Ty::Int], Ty::Int)],
        doc: "Shifts `a` left by `n` bits (bits shifted out are lost; `n >= 64` gives 0). A \
              negative `n` is an error.",
        examples: &[
            Example {
                expr: "bitshl(1, 4)",
                result: "16",
            },
            Example {
                expr: "bitshl(1, -1)",
                result: "error: invalid operation: negative shift count -1 (type int)",
            },
        ],
        implementation: Implementation::Function(bitshl),
    },
    Builtin {
        name: "bitshr",
        signatures: &[Signature::new(&[Ty::Int, Ty::Int], Ty::Int)],
        doc: "Shifts `a` right by `n` bits, keeping the sign (`bitshr(-16, 2)` is `-4`).",
        examples: &[Example {
            expr: "bitshr(-16, 2)",
            result: "-4",
        }],
        implementation: Implementation::Function(bitshr),
    },
    Builtin {
        name: "bitushr",
        signatures: &[Signature::new(&[Ty::Int, Ty::Int], Ty::Int)],
        doc: "Shifts `a` right by `n` bits as an unsigned 64-bit number, filling with zeros.",
        examples: &[Example {
            expr: "bitushr(-1, 60)",
            result: "15",
        }],
        implementation: Implementation::Function(bitushr),
    },
    Builtin {
        name: "bitnot",
        signatures: &[Signature::new(&[Ty::Int], Ty::Int)],
        doc: "Bitwise complement (`-a - 1`).",
        examples: &[Example {
            expr: "bitnot(5)",
            result: "-6",
        }],
        implementation: Implementation::Function(bitnot),
    },
];

fn invalid_argument(name: &str, value: &Value<'_>) -> RuntimeError {
    RuntimeError::new(format!(
        "invalid argument for {name} (type {})",
        value.go_type()
    ))
}

/// Go's `abs`: `-x` for negatives (ints wrap: `abs(min int)` is `min int`; `-0.0` stays).
fn abs<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    match arg(args, 0) {
        Value::Int(i) if *i < 0 => Ok(Value::Int(i.wrapping_neg())),
        Value::Float(f) if *f < 0.0 => Ok(Value::Float(-f)),
        value @ (Value::Int(_) | Value::Byte(_) | Value::Float(_)) => Ok(value.clone()),
        other => Err(invalid_argument("abs", other)),
    }
}

/// A rounding builtin: floats through `op`, ints converted to float unchanged.
fn rounding<'a>(args: &[Value<'a>], name: &str, op: fn(f64) -> f64) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    match arg(args, 0) {
        Value::Float(f) => Ok(Value::Float(op(*f))),
        value @ (Value::Int(_) | Value::Byte(_)) => Ok(Value::Float(value.as_f64().unwrap_or(0.0))),
        other => Err(invalid_argument(name, other)),
    }
}

fn ceil<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    rounding(args, "ceil", f64::ceil)
}

fn floor<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    rounding(args, "floor", f64::floor)
}

/// Go's `math.Round` rounds halves away from zero, as Rust's `f64::round` does.
fn round<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    rounding(args, "round", f64::round)
}

fn not_enough(args: &[Value<'_>], name: &str) -> Result<(), RuntimeError> {
    if args.is_empty() {
        return Err(RuntimeError::new(format!(
            "not enough arguments to call {name}"
        )));
    }
    Ok(())
}

/// Go's `minMax`: the element for which no later one is `better`, keeping its type.
fn extreme<'a>(
    args: &[Value<'a>],
    name: &str,
    better: fn(&Value<'_>, &Value<'_>) -> bool,
) -> Outcome<'a> {
    not_enough(args, name)?;
    let mut best: Option<Value<'a>> = None;
    let mut consider = |value: Value<'a>| {
        if !value.is_number() {
            return Err(invalid_argument(name, &value));
        }
        match &best {
            Some(current) if !better(&value, current) => {}
            _ => best = Some(value),
        }
        Ok(())
    };
    for value in args {
        if value.is_array() {
            walk_nested(value, &mut consider)?;
        } else if value.is_number() {
            consider(value.clone())?;
        } else if args.len() == 1 {
            return Ok(value.clone());
        } else {
            return Err(invalid_argument(name, value));
        }
    }
    Ok(best.unwrap_or(Value::Nil))
}

fn max<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    extreme(args, "max", |candidate, current| {
        less(current, candidate).unwrap_or(false)
    })
}

fn min<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    extreme(args, "min", |candidate, current| {
        less(candidate, current).unwrap_or(false)
    })
}

/// The numbers among `args` (arrays flattened) as floats, in order; anything else is
/// `invalid argument for <name> (type T)`.
fn numbers(args: &[Value<'_>], name: &str) -> Result<Vec<f64>, RuntimeError> {
    not_enough(args, name)?;
    let mut out = Vec::new();
    let mut push = |value: Value<'_>| {
        let number = value
            .as_f64()
            .ok_or_else(|| invalid_argument(name, &value))?;
        out.push(number);
        Ok(())
    };
    for value in args {
        if value.is_array() {
            walk_nested(value, &mut push)?;
        } else {
            push(value.clone())?;
        }
    }
    Ok(out)
}

fn mean<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let values = numbers(args, "mean")?;
    if values.is_empty() {
        return Ok(Value::Float(0.0));
    }
    let total: f64 = values.iter().sum();
    Ok(Value::Float(total / values.len() as f64))
}

fn median<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    let mut values = numbers(args, "median")?;
    // Go's `sort.Float64s`: NaNs first, then ascending (a consistent order: cannot panic).
    values.sort_by(|a, b| match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Less,
        (false, true) => std::cmp::Ordering::Greater,
        (false, false) => a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal),
    });
    let n = values.len();
    let middle = |i: usize| values.get(i).copied().unwrap_or(0.0);
    Ok(Value::Float(match n {
        0 => 0.0,
        _ if n % 2 == 1 => middle(n / 2),
        _ => (middle(n / 2 - 1) + middle(n / 2)) / 2.0,
    }))
}

/// Go's `toInt` for the bit functions: ints only.
fn bit_operand(value: &Value<'_>, name: &str) -> Result<i64, RuntimeError> {
    value.as_i64().ok_or_else(|| {
        RuntimeError::new(format!(
            "cannot use {} as argument (type int) to call {name}",
            value.go_type()
        ))
    })
}

/// Applies a two-int bit function with the reference's argument checks.
fn bit_function<'a>(
    args: &[Value<'a>],
    name: &str,
    op: fn(i64, i64) -> Result<i64, RuntimeError>,
) -> Outcome<'a> {
    check_arity_named(args, name, Arity::Exactly(2))?;
    let a = bit_operand(arg(args, 0), name)?;
    let b = bit_operand(arg(args, 1), name)?;
    op(a, b).map(Value::Int)
}

/// The shift count, or Go's error for a negative one.
fn shift_count(n: i64) -> Result<Option<u32>, RuntimeError> {
    if n < 0 {
        return Err(RuntimeError::new(format!(
            "invalid operation: negative shift count {n} (type int)"
        )));
    }
    Ok(u32::try_from(n).ok().filter(|&n| n < 64))
}

fn bitand<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    bit_function(args, "bitand", |a, b| Ok(a & b))
}

fn bitor<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    bit_function(args, "bitor", |a, b| Ok(a | b))
}

fn bitxor<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    bit_function(args, "bitxor", |a, b| Ok(a ^ b))
}

fn bitnand<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    bit_function(args, "bitnand", |a, b| Ok(a & !b))
}

fn bitshl<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    bit_function(args, "bitshl", |a, n| {
        Ok(shift_count(n)?.map_or(0, |n| a.wrapping_shl(n)))
    })
}

fn bitshr<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    bit_function(args, "bitshr", |a, n| {
        Ok(shift_count(n)?.map_or(if a < 0 { -1 } else { 0 }, |n| a >> n))
    })
}

fn bitushr<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    bit_function(args, "bitushr", |a, n| {
        Ok(shift_count(n)?.map_or(0, |n| ((a as u64) >> n) as i64))
    })
}

fn bitnot<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity_named(args, "bitnot", Arity::Exactly(1))?;
    Ok(Value::Int(!bit_operand(arg(args, 0), "bitnot")?))
}

#[cfg(test)]
#[path = "math_tests.rs"]
mod tests;
