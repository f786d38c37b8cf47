//! Argument checks shared by the builtin families, with the reference's messages.
//!
//! The interpreter does not check arity before calling a builtin (a program that type-checks
//! never gets it wrong, and `Eval`-style untyped programs must fail like the reference), so each
//! builtin checks its own arguments here.

use std::ops::Range;

use crate::eval::ops::conversion_error;
use crate::eval::RuntimeError;
use crate::value::Value;

/// How many arguments a builtin accepts.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Arity {
    /// Exactly this many.
    Exactly(usize),
    /// Either of two counts.
    Either(usize, usize),
    /// At least this many.
    AtLeast(usize),
}

impl Arity {
    fn accepts(self, count: usize) -> bool {
        match self {
            Arity::Exactly(n) => count == n,
            Arity::Either(a, b) => count == a || count == b,
            Arity::AtLeast(n) => count >= n,
        }
    }

    fn expected(self) -> String {
        match self {
            Arity::Exactly(n) => n.to_string(),
            Arity::Either(a, b) => format!("{a} or {b}"),
            Arity::AtLeast(n) => format!("at least {n}"),
        }
    }
}

/// Fails with `invalid number of arguments (expected 1, got 2)` unless `arity` accepts `args`.
pub(crate) fn check_arity(args: &[Value<'_>], arity: Arity) -> Result<(), RuntimeError> {
    if arity.accepts(args.len()) {
        return Ok(());
    }
    Err(RuntimeError::new(format!(
        "invalid number of arguments (expected {}, got {})",
        arity.expected(),
        args.len()
    )))
}

/// Like [`check_arity`] with the message of builtins that name themselves
/// (`invalid number of arguments for trim (expected 1 or 2, got 3)`).
pub(crate) fn check_arity_named(
    args: &[Value<'_>],
    name: &str,
    arity: Arity,
) -> Result<(), RuntimeError> {
    if arity.accepts(args.len()) {
        return Ok(());
    }
    Err(RuntimeError::new(format!(
        "invalid number of arguments for {name} (expected {}, got {})",
        arity.expected(),
        args.len()
    )))
}

/// Argument `index`, or nil when absent (arity is checked first; this keeps lookups panic-free).
pub(crate) fn arg<'v, 'a>(args: &'v [Value<'a>], index: usize) -> &'v Value<'a> {
    const NIL: &Value<'static> = &Value::Nil;
    args.get(index).unwrap_or(NIL)
}

/// The part `range` of a string value, borrowed from the input where it can be: a `Str` stays a
/// `Str` slice (no copy), the whole string is the value itself, and other parts are copied.
pub(crate) fn sub_string<'a>(value: &Value<'a>, range: Range<usize>) -> Value<'a> {
    let bytes = value.as_bytes().unwrap_or_default();
    if range.start == 0 && range.end == bytes.len() {
        return value.clone();
    }
    if let Value::Str(text) = value {
        let text: &'a str = text;
        if let Some(part) = text.get(range.clone()) {
            return Value::Str(part);
        }
    }
    Value::from_bytes(bytes.get(range).unwrap_or_default())
}

/// Argument `index` asserted to be a string (Go's `args[i].(string)`): its bytes, or
/// `interface conversion: interface {} is int, not string`.
pub(crate) fn string_arg<'v>(
    args: &'v [Value<'_>],
    index: usize,
) -> Result<&'v [u8], RuntimeError> {
    let value = arg(args, index);
    value
        .as_bytes()
        .ok_or_else(|| conversion_error(value, "string"))
}

/// Argument `index` converted with Go's `runtime.ToInt` (numbers, floats truncated), or
/// `invalid operation: int(string)`.
pub(crate) fn int_arg(args: &[Value<'_>], index: usize) -> Result<i64, RuntimeError> {
    crate::eval::ops::to_index(arg(args, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn err_arity_messages() {
        let args = [Value::Int(1), Value::Int(2)];
        let error = check_arity(&args, Arity::Exactly(1)).unwrap_err();
        assert_eq!(
            error.message(),
            "invalid number of arguments (expected 1, got 2)"
        );
        let error = check_arity_named(&args[..0], "trim", Arity::Either(1, 2)).unwrap_err();
        assert_eq!(
            error.message(),
            "invalid number of arguments for trim (expected 1 or 2, got 0)"
        );
        let error = check_arity(&[], Arity::AtLeast(1)).unwrap_err();
        assert_eq!(
            error.message(),
            "invalid number of arguments (expected at least 1, got 0)"
        );
        assert!(check_arity(&args, Arity::Either(1, 2)).is_ok());
    }

    #[test]
    fn err_string_assertion() {
        let args = [Value::Int(1), Value::Nil];
        assert_eq!(
            string_arg(&args, 0).unwrap_err().message(),
            "interface conversion: interface {} is int, not string"
        );
        assert_eq!(
            string_arg(&args, 1).unwrap_err().message(),
            "interface conversion: interface {} is nil, not string"
        );
    }
}
