//! Go-compatible operators over [`Value`]s: arithmetic, comparison, equality, membership, string
//! operators, member access and slicing. The interpreter and the builtins share these, so `sum`
//! adds exactly as `+` does and `sort` orders exactly as `<` does.
//!
//! Error messages are the reference's run-time texts (spec §8.4), with Go type names.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::value::{ArrayKind, Key, MapKind, Value, MAX_VALUE_DEPTH};

use super::{RuntimeError, MAX_WALK};

type Outcome<'a> = Result<Value<'a>, RuntimeError>;

fn invalid<'a>(left: &Value<'_>, op: &str, right: &Value<'_>) -> Outcome<'a> {
    Err(RuntimeError::new(format!(
        "invalid operation: {} {} {}",
        left.go_type(),
        op,
        right.go_type()
    )))
}

/// The Go `interface conversion` message for a value that is not of type `wanted`.
pub fn conversion_error(value: &Value<'_>, wanted: &str) -> RuntimeError {
    let actual = match value {
        Value::Nil => "nil",
        other => other.go_type(),
    };
    RuntimeError::new(format!(
        "interface conversion: interface {{}} is {actual}, not {wanted}"
    ))
}

/// Asserts a bool, as conditions, `!` and the left side of `and`/`or` do.
#[inline]
pub fn expect_bool(value: &Value<'_>) -> Result<bool, RuntimeError> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => Err(conversion_error(other, "bool")),
    }
}

/// A number, classified for arithmetic.
#[derive(Clone, Copy)]
enum Number {
    Int(i64),
    Float(f64),
}

#[inline]
fn number(value: &Value<'_>) -> Option<Number> {
    match value {
        Value::Int(i) => Some(Number::Int(*i)),
        Value::Byte(b) => Some(Number::Int(i64::from(*b))),
        Value::Float(f) => Some(Number::Float(*f)),
        _ => None,
    }
}

impl Number {
    fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

/// `a + b`: ints wrap, mixed numbers are floats, strings concatenate, time ± duration.
pub fn add<'a>(left: &Value<'a>, right: &Value<'a>) -> Outcome<'a> {
    match (number(left), number(right)) {
        (Some(Number::Int(a)), Some(Number::Int(b))) => return Ok(Value::Int(a.wrapping_add(b))),
        (Some(a), Some(b)) => return Ok(Value::Float(a.as_f64() + b.as_f64())),
        _ => {}
    }
    match (left, right) {
        (Value::Duration(a), Value::Duration(b)) => Ok(Value::Duration(a.wrapping_add(*b))),
        (Value::Time(t), Value::Duration(d)) | (Value::Duration(d), Value::Time(t)) => {
            Ok(Value::Time(Arc::new(t.add(*d))))
        }
        _ => match (left.as_bytes(), right.as_bytes()) {
            (Some(a), Some(b)) => Ok(concat_strings(a, b)),
            _ => invalid(left, "+", right),
        },
    }
}

fn concat_strings<'a>(a: &[u8], b: &[u8]) -> Value<'a> {
    let mut bytes = Vec::with_capacity(a.len() + b.len());
    bytes.extend_from_slice(a);
    bytes.extend_from_slice(b);
    match String::from_utf8(bytes) {
        Ok(text) => Value::String(Arc::from(text)),
        Err(error) => Value::Binary(Arc::from(error.into_bytes())),
    }
}

/// `a - b`
pub fn sub<'a>(left: &Value<'a>, right: &Value<'a>) -> Outcome<'a> {
    match (number(left), number(right)) {
        (Some(Number::Int(a)), Some(Number::Int(b))) => return Ok(Value::Int(a.wrapping_sub(b))),
        (Some(a), Some(b)) => return Ok(Value::Float(a.as_f64() - b.as_f64())),
        _ => {}
    }
    match (left, right) {
        (Value::Duration(a), Value::Duration(b)) => Ok(Value::Duration(a.wrapping_sub(*b))),
        (Value::Time(t), Value::Duration(d)) => Ok(Value::Time(Arc::new(t.add(d.wrapping_neg())))),
        (Value::Time(a), Value::Time(b)) => Ok(Value::Duration(a.sub(b))),
        _ => invalid(left, "-", right),
    }
}

/// `a * b`; a duration times an int is a duration, times a float a float (as in Go).
pub fn mul<'a>(left: &Value<'a>, right: &Value<'a>) -> Outcome<'a> {
    match (number(left), number(right)) {
        (Some(Number::Int(a)), Some(Number::Int(b))) => return Ok(Value::Int(a.wrapping_mul(b))),
        (Some(a), Some(b)) => return Ok(Value::Float(a.as_f64() * b.as_f64())),
        _ => {}
    }
    match (left, right, number(left), number(right)) {
        (Value::Duration(a), Value::Duration(b), _, _) => Ok(Value::Duration(a.wrapping_mul(*b))),
        (Value::Duration(d), _, _, Some(Number::Int(i)))
        | (_, Value::Duration(d), Some(Number::Int(i)), _) => {
            Ok(Value::Duration(d.wrapping_mul(i)))
        }
        (Value::Duration(d), _, _, Some(Number::Float(f)))
        | (_, Value::Duration(d), Some(Number::Float(f)), _) => Ok(Value::Float(*d as f64 * f)),
        _ => invalid(left, "*", right),
    }
}

/// `a / b`: always a float, never an error for numbers (`1/0` is `+Inf`).
pub fn div<'a>(left: &Value<'a>, right: &Value<'a>) -> Outcome<'a> {
    match (number(left), number(right)) {
        (Some(a), Some(b)) => Ok(Value::Float(a.as_f64() / b.as_f64())),
        _ => invalid(left, "/", right),
    }
}

/// `a % b`: ints only, Go's truncated remainder; `% 0` fails.
pub fn rem<'a>(left: &Value<'a>, right: &Value<'a>) -> Outcome<'a> {
    match (number(left), number(right)) {
        (Some(Number::Int(_)), Some(Number::Int(0))) => {
            Err(RuntimeError::new("runtime error: integer divide by zero"))
        }
        (Some(Number::Int(a)), Some(Number::Int(b))) => Ok(Value::Int(a.wrapping_rem(b))),
        _ => invalid(left, "%", right),
    }
}

/// `a ** b`, `a ^ b`: always a float (`math.Pow`).
pub fn pow<'a>(left: &Value<'a>, right: &Value<'a>) -> Outcome<'a> {
    match (number(left), number(right)) {
        (Some(a), Some(b)) => Ok(Value::Float(a.as_f64().powf(b.as_f64()))),
        _ => invalid(left, "**", right),
    }
}

/// `-x`: same type as `x`; ints wrap.
pub fn neg<'a>(value: &Value<'a>) -> Outcome<'a> {
    match value {
        Value::Int(i) => Ok(Value::Int(i.wrapping_neg())),
        Value::Byte(b) => Ok(Value::Byte(b.wrapping_neg())),
        Value::Float(f) => Ok(Value::Float(-f)),
        Value::Duration(d) => Ok(Value::Duration(d.wrapping_neg())),
        other => Err(RuntimeError::new(format!(
            "invalid operation: - {}",
            other.go_type()
        ))),
    }
}

/// `+x`: numbers unchanged.
pub fn plus<'a>(value: &Value<'a>) -> Outcome<'a> {
    match value {
        Value::Int(_) | Value::Byte(_) | Value::Float(_) | Value::Duration(_) => Ok(value.clone()),
        other => Err(RuntimeError::new(format!(
            "invalid operation: + {}",
            other.go_type()
        ))),
    }
}

/// Go `==` at run time (spec 4.2): numbers numerically across kinds, arrays element-wise with
/// the same rule, maps strictly (`reflect.DeepEqual`), nil equals nil and nil arrays.
///
/// Comparisons of values nested deeper than [`MAX_VALUE_DEPTH`] or visiting more than
/// [`MAX_WALK`] elements stop there and report `false`.
pub fn equal(left: &Value<'_>, right: &Value<'_>) -> bool {
    equal_in(left, right, &mut Walk::default())
}

/// Go's `reflect.DeepEqual` over values: like [`equal`] but types must match exactly
/// (`1` and `1.0` differ, `[]int` and `[]interface {}` differ).
pub fn deep_equal(left: &Value<'_>, right: &Value<'_>) -> bool {
    deep_equal_in(left, right, &mut Walk::default())
}

/// How far a comparison has gone: its depth and the elements it visited.
#[derive(Default)]
struct Walk {
    depth: usize,
    visits: usize,
}

impl Walk {
    /// Compares one level deeper, on a fresh stack segment if needed; `false` past the limits.
    fn nested(&mut self, compare: impl FnOnce(&mut Walk) -> bool) -> bool {
        self.visits += 1;
        if self.depth >= MAX_VALUE_DEPTH || self.visits > MAX_WALK {
            return false;
        }
        self.depth += 1;
        // The stack is checked every few levels (the red zone covers them).
        let same = if self.depth % 8 == 0 {
            crate::stack::guard(|| compare(self))
        } else {
            compare(self)
        };
        self.depth -= 1;
        same
    }
}

fn equal_in(left: &Value<'_>, right: &Value<'_>, walk: &mut Walk) -> bool {
    if let (Some(a), Some(b)) = (number(left), number(right)) {
        return match (a, b) {
            (Number::Int(a), Number::Int(b)) => a == b,
            (a, b) => a.as_f64() == b.as_f64(),
        };
    }
    match (left, right) {
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Duration(a), Value::Duration(b)) => a == b,
        (Value::Month(a), Value::Month(b)) | (Value::Weekday(a), Value::Weekday(b)) => a == b,
        (Value::Time(a), Value::Time(b)) => a.equal(b),
        (Value::Location(a), Value::Location(b)) => a == b,
        _ if left.is_nil() || right.is_nil() => left.is_nil() && right.is_nil(),
        _ if left.is_string() && right.is_string() => left.as_bytes() == right.as_bytes(),
        _ if left.is_array() && right.is_array() => {
            let (Some(mut a), Some(mut b)) = (left.array_iter(), right.array_iter()) else {
                return false;
            };
            a.len() == b.len()
                && a.all(|x| {
                    b.next()
                        .is_some_and(|y| walk.nested(|walk| equal_in(&x, &y, walk)))
                })
        }
        _ if left.is_map() && right.is_map() => deep_equal_in(left, right, walk),
        _ => false,
    }
}

fn deep_equal_in(left: &Value<'_>, right: &Value<'_>, walk: &mut Walk) -> bool {
    if left.go_type() != right.go_type() {
        return false;
    }
    match (left, right) {
        (Value::Float(a), Value::Float(b)) => a == b,
        _ if left.is_array() => {
            let (Some(mut a), Some(mut b)) = (left.array_iter(), right.array_iter()) else {
                return false;
            };
            left.is_nil() == right.is_nil()
                && a.len() == b.len()
                && a.all(|x| {
                    b.next()
                        .is_some_and(|y| walk.nested(|walk| deep_equal_in(&x, &y, walk)))
                })
        }
        _ if left.is_map() => {
            let (Some(a), Some(b)) = (left.map_entries(), right.map_entries()) else {
                return false;
            };
            a.len() == b.len()
                && a.iter().all(|(key, x)| {
                    right
                        .map_get_key(key)
                        .is_some_and(|y| walk.nested(|walk| deep_equal_in(x, &y, walk)))
                })
        }
        _ => equal_in(left, right, walk),
    }
}

/// Go `<`-family ordering (spec 4.2): numbers across kinds, strings bytewise, times, durations.
/// `None` for NaN; an error for incomparable operands (the message names `op`).
pub fn compare(
    left: &Value<'_>,
    right: &Value<'_>,
    op: &str,
) -> Result<Option<Ordering>, RuntimeError> {
    if let (Some(a), Some(b)) = (number(left), number(right)) {
        return Ok(match (a, b) {
            (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
            (a, b) => a.as_f64().partial_cmp(&b.as_f64()),
        });
    }
    match (left, right) {
        (Value::Duration(a), Value::Duration(b)) => Ok(Some(a.cmp(b))),
        (Value::Time(a), Value::Time(b)) => Ok(Some(a.cmp_instant(b))),
        _ => match (left.as_bytes(), right.as_bytes()) {
            (Some(a), Some(b)) => Ok(Some(a.cmp(b))),
            _ => Err(RuntimeError::new(format!(
                "invalid operation: {} {} {}",
                left.go_type(),
                op,
                right.go_type()
            ))),
        },
    }
}

/// `a < b` (used by `sort` and `sortBy` too).
pub fn less(left: &Value<'_>, right: &Value<'_>) -> Result<bool, RuntimeError> {
    Ok(compare(left, right, "<")? == Some(Ordering::Less))
}

/// Two string operands as bytes, or `None` when either is nil.
type StringPair<'v> = Option<(&'v [u8], &'v [u8])>;

fn string_operands<'v>(
    left: &'v Value<'_>,
    right: &'v Value<'_>,
    wanted: &str,
) -> Result<StringPair<'v>, RuntimeError> {
    if left.is_nil() || right.is_nil() {
        return Ok(None);
    }
    let a = left
        .as_bytes()
        .ok_or_else(|| conversion_error(left, wanted))?;
    let b = right
        .as_bytes()
        .ok_or_else(|| conversion_error(right, "string"))?;
    Ok(Some((a, b)))
}

/// `a contains b` (false when either side is nil).
pub fn contains(left: &Value<'_>, right: &Value<'_>) -> Result<bool, RuntimeError> {
    Ok(string_operands(left, right, "string")?.is_some_and(|(a, b)| find_bytes(a, b).is_some()))
}

/// `a startsWith b` (false when either side is nil).
pub fn starts_with(left: &Value<'_>, right: &Value<'_>) -> Result<bool, RuntimeError> {
    Ok(string_operands(left, right, "string")?.is_some_and(|(a, b)| a.starts_with(b)))
}

/// `a endsWith b` (false when either side is nil).
pub fn ends_with(left: &Value<'_>, right: &Value<'_>) -> Result<bool, RuntimeError> {
    Ok(string_operands(left, right, "string")?.is_some_and(|(a, b)| a.ends_with(b)))
}

/// `a matches pattern` with a pattern compiled per call (literal patterns are compiled once by
/// the compiler and use [`matches_compiled`]).
pub fn matches(left: &Value<'_>, right: &Value<'_>) -> Result<bool, RuntimeError> {
    let Some((text, pattern)) = string_operands(left, right, "[]uint8")? else {
        return Ok(false);
    };
    let pattern = String::from_utf8_lossy(pattern);
    let regex = super::go_regex::compile(&pattern)
        .map_err(|error| RuntimeError::new(format!("error parsing regexp: {error}")))?;
    Ok(regex.is_match(text))
}

/// `a matches <literal>` with the pattern compiled at compile time.
pub fn matches_compiled(
    left: &Value<'_>,
    regex: &regex::bytes::Regex,
) -> Result<bool, RuntimeError> {
    if left.is_nil() {
        return Ok(false);
    }
    let text = left
        .as_bytes()
        .ok_or_else(|| conversion_error(left, "[]uint8"))?;
    Ok(regex.is_match(text))
}

/// Byte-substring search.
pub fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    // Linear time: a naive window scan is quadratic for long needles.
    memchr::memmem::find(haystack, needle)
}

/// `needle in haystack` (spec 4.5): array search with `==`, map key presence; nil haystack is
/// false; anything else fails.
pub fn member_in(needle: &Value<'_>, haystack: &Value<'_>) -> Result<bool, RuntimeError> {
    match haystack {
        Value::Nil => Ok(false),
        Value::JsonArray(_) | Value::Array(_) => Ok(haystack
            .array_iter()
            .is_some_and(|mut items| items.any(|item| equal(needle, &item)))),
        Value::JsonMap(map) => match needle {
            Value::Nil => Ok(map.contains_key("")),
            _ => match needle.as_bytes() {
                Some(key) => Ok(map.contains_key(String::from_utf8_lossy(key).as_ref())),
                None => Err(not_assignable(needle, "string")),
            },
        },
        Value::Map(map) => match map.kind {
            MapKind::Strings => match needle {
                Value::Nil => Ok(map.entries.contains_key(&Key::Str(Arc::from("")))),
                _ if needle.is_string() => {
                    Ok(Key::from_value(needle).is_some_and(|key| map.entries.contains_key(&key)))
                }
                _ => Err(not_assignable(needle, "string")),
            },
            _ => match Key::from_value(needle) {
                Some(key) => Ok(map.entries.contains_key(&key)),
                None => Err(RuntimeError::new(format!(
                    "runtime error: hash of unhashable type {}",
                    needle.go_type()
                ))),
            },
        },
        other => Err(RuntimeError::new(format!(
            "operator \"in\" not defined on {}",
            other.go_type()
        ))),
    }
}

fn not_assignable(value: &Value<'_>, to: &str) -> RuntimeError {
    RuntimeError::new(format!(
        "reflect.Value.MapIndex: value of type {} is not assignable to type {to}",
        value.go_type()
    ))
}

/// Reads an integer index: ints as they are, floats truncated toward zero (as Go's run time
/// does), anything else is `invalid operation: int(T)`.
pub fn to_index(value: &Value<'_>) -> Result<i64, RuntimeError> {
    match value {
        Value::Int(i) => Ok(*i),
        Value::Byte(b) => Ok(i64::from(*b)),
        Value::Float(f) => Ok(float_to_int(*f)),
        other => Err(RuntimeError::new(format!(
            "invalid operation: int({})",
            other.go_type()
        ))),
    }
}

/// Go's float-to-int conversion on amd64: truncation, with out-of-range values (and NaN) giving
/// the minimum int.
pub fn float_to_int(f: f64) -> i64 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
    if !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// `base.name` / `base[key]` (spec 4.9): maps by key (missing is nil), arrays and strings by
/// integer index (negative from the end; a string yields a byte), nil fails.
pub fn fetch<'a>(base: &Value<'a>, key: &Value<'a>) -> Outcome<'a> {
    match base {
        Value::JsonMap(map) => match key.as_str() {
            Some(name) => {
                Ok(crate::value::json_field(map, name).map_or(Value::Nil, Value::from_json))
            }
            None => match key {
                Value::Binary(b) => Ok(map
                    .get(String::from_utf8_lossy(b).as_ref())
                    .map_or(Value::Nil, Value::from_json)),
                Value::Nil => Ok(map.get("").map_or(Value::Nil, Value::from_json)),
                _ => Err(not_assignable(key, "string")),
            },
        },
        Value::Map(map) => {
            // A missing key gives the element type's zero value: a nil `[]any` for `groupBy`.
            let missing = || match map.kind {
                MapKind::GroupBy => Value::array_of(ArrayKind::NilAny, Vec::new()),
                _ => Value::Nil,
            };
            match (map.kind, Key::from_value(key)) {
                (MapKind::Strings, Some(Key::Str(name))) => Ok(map
                    .entries
                    .get(&Key::Str(name))
                    .cloned()
                    .unwrap_or(Value::Nil)),
                (MapKind::Strings, Some(Key::Nil)) => Ok(map
                    .entries
                    .get(&Key::Str(Arc::from("")))
                    .cloned()
                    .unwrap_or(Value::Nil)),
                (MapKind::Strings, _) => Err(not_assignable(key, "string")),
                (_, Some(k)) => Ok(map.entries.get(&k).cloned().unwrap_or_else(missing)),
                (_, None) => Err(RuntimeError::new(format!(
                    "runtime error: hash of unhashable type {}",
                    key.go_type()
                ))),
            }
        }
        Value::JsonArray(_) | Value::Array(_) => {
            let index = to_index(key)?;
            let len = base.collection_len().unwrap_or(0);
            let position = adjust_index(index, len)?;
            Ok(base.array_get(position).unwrap_or(Value::Nil))
        }
        Value::Str(_) | Value::String(_) | Value::Binary(_) => {
            let bytes = base.as_bytes().unwrap_or_default();
            let index = to_index(key)?;
            let position = adjust_index(index, bytes.len())?;
            // `adjust_index` checked `position < len`.
            Ok(bytes.get(position).map_or(Value::Nil, |b| Value::Byte(*b)))
        }
        other => Err(RuntimeError::with_code(
            if other.is_nil() {
                crate::diagnostic::Code::FetchFromNil
            } else {
                crate::diagnostic::Code::Runtime
            },
            format!("cannot fetch {} from {}", display(key), other.go_type()),
        )),
    }
}

/// `%v` of a value for a message (strings raw).
fn display(value: &Value<'_>) -> String {
    match value.as_bytes() {
        Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        None => crate::value::format::go_string(value),
    }
}

/// Turns a possibly negative index into a position, or Go's out-of-range error (which shows
/// the adjusted index).
pub fn adjust_index(index: i64, len: usize) -> Result<usize, RuntimeError> {
    let adjusted = if index < 0 {
        index.wrapping_add(len as i64)
    } else {
        index
    };
    if adjusted < 0 || adjusted >= len as i64 {
        return Err(RuntimeError::with_code(
            crate::diagnostic::Code::IndexOutOfRange,
            format!("index out of range: {adjusted} (array length is {len})"),
        ));
    }
    Ok(adjusted as usize)
}

/// Clamps slice bounds the way Expr does: negative bounds add the length, then clamp into
/// `0..=len` with `from <= to`.
pub fn slice_bounds(from: Option<i64>, to: Option<i64>, len: usize) -> (usize, usize) {
    let len_i = len as i64;
    let adjust = |bound: i64| {
        if bound < 0 {
            bound.wrapping_add(len_i)
        } else {
            bound
        }
    };
    let mut a = from.map_or(0, adjust).clamp(0, len_i);
    let b = to.map_or(len_i, adjust).clamp(0, len_i);
    if a > b {
        a = b;
    }
    (a as usize, b as usize)
}

/// `base[from:to]` (spec 4.9): arrays and strings (by bytes), bounds clamped, never a range
/// error; nil fails with `cannot slice <from>`.
pub fn slice<'a>(
    base: &Value<'a>,
    from: Option<&Value<'a>>,
    to: Option<&Value<'a>>,
) -> Outcome<'a> {
    let from_index = from.map(to_index).transpose()?;
    let to_index_value = to.map(to_index).transpose()?;
    match base {
        Value::Str(text) => {
            let (a, b) = slice_bounds(from_index, to_index_value, text.len());
            match text.get(a..b) {
                Some(part) => Ok(Value::Str(part)),
                None => Ok(Value::from_bytes(
                    text.as_bytes().get(a..b).unwrap_or_default(),
                )),
            }
        }
        Value::String(_) | Value::Binary(_) => {
            let bytes = base.as_bytes().unwrap_or_default();
            let (a, b) = slice_bounds(from_index, to_index_value, bytes.len());
            Ok(Value::from_bytes(bytes.get(a..b).unwrap_or_default()))
        }
        Value::JsonArray(items) => {
            let (a, b) = slice_bounds(from_index, to_index_value, items.len());
            Ok(Value::array(
                items
                    .get(a..b)
                    .unwrap_or_default()
                    .iter()
                    .map(Value::from_json)
                    .collect(),
            ))
        }
        Value::Array(array) => {
            let (a, b) = slice_bounds(from_index, to_index_value, array.items.len());
            let kind = match array.kind {
                ArrayKind::NilAny => ArrayKind::Any,
                ArrayKind::NilString => ArrayKind::String,
                kind => kind,
            };
            let items = array.items.get(a..b).unwrap_or_default();
            Ok(Value::array_of(kind, items.to_vec()))
        }
        Value::Nil => Err(RuntimeError::new(format!(
            "cannot slice {}",
            from.map_or_else(|| "0".to_string(), display)
        ))),
        other => Err(RuntimeError::new(format!(
            "cannot slice {}",
            other.go_type()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value<'_> {
        Value::Str(text)
    }

    #[test]
    fn int_arithmetic_wraps_and_division_is_float() {
        assert!(matches!(
            add(&Value::Int(i64::MAX), &Value::Int(1)),
            Ok(Value::Int(i64::MIN))
        ));
        assert!(matches!(
            mul(&Value::Int(i64::MAX), &Value::Int(2)),
            Ok(Value::Int(-2))
        ));
        assert!(matches!(div(&Value::Int(10), &Value::Int(4)), Ok(Value::Float(f)) if f == 2.5));
        assert!(
            matches!(div(&Value::Int(1), &Value::Int(0)), Ok(Value::Float(f)) if f == f64::INFINITY)
        );
        assert!(matches!(
            rem(&Value::Int(-7), &Value::Int(3)),
            Ok(Value::Int(-1))
        ));
        assert!(matches!(
            rem(&Value::Int(7), &Value::Int(-3)),
            Ok(Value::Int(1))
        ));
        assert!(matches!(
            rem(&Value::Int(i64::MIN), &Value::Int(-1)),
            Ok(Value::Int(0))
        ));
        assert_eq!(
            rem(&Value::Int(1), &Value::Int(0)).unwrap_err().message(),
            "runtime error: integer divide by zero"
        );
        assert!(matches!(pow(&Value::Int(2), &Value::Int(3)), Ok(Value::Float(f)) if f == 8.0));
    }

    #[test]
    fn mismatched_operands_name_go_types() {
        let error = add(&Value::Int(1), &s("a")).unwrap_err();
        assert_eq!(error.message(), "invalid operation: int + string");
        let error = add(&Value::Nil, &Value::Int(1)).unwrap_err();
        assert_eq!(error.message(), "invalid operation: <nil> + int");
    }

    #[test]
    fn equality_follows_go() {
        assert!(equal(&Value::Int(1), &Value::Float(1.0)));
        assert!(!equal(&Value::Int(1), &s("1")));
        assert!(equal(
            &Value::Nil,
            &Value::array_of(ArrayKind::NilAny, vec![])
        ));
        assert!(!equal(&Value::Nil, &Value::array(vec![])));
        let a = Value::array(vec![Value::Int(1), Value::Int(2)]);
        let b = Value::array(vec![Value::Int(1), Value::Float(2.0)]);
        assert!(equal(&a, &b));
        let mut m1 = indexmap::IndexMap::new();
        m1.insert(Key::Str(Arc::from("a")), Value::Int(1));
        let mut m2 = indexmap::IndexMap::new();
        m2.insert(Key::Str(Arc::from("a")), Value::Float(1.0));
        assert!(!equal(&Value::map(m1.clone()), &Value::map(m2)));
        assert!(equal(&Value::map(m1.clone()), &Value::map(m1)));
    }

    #[test]
    fn strings_compare_bytewise() {
        assert!(less(&s("B"), &s("a")).unwrap());
        assert!(less(&s("z"), &s("é")).unwrap());
        assert!(less(&s("a"), &Value::Int(1)).is_err());
    }

    #[test]
    fn index_and_slice() {
        let arr = Value::array(vec![Value::Int(1), Value::Int(2), Value::Int(3)]);
        assert!(matches!(fetch(&arr, &Value::Int(-1)), Ok(Value::Int(3))));
        assert_eq!(
            fetch(&arr, &Value::Int(-6)).unwrap_err().message(),
            "index out of range: -3 (array length is 3)"
        );
        assert!(matches!(
            fetch(&s("abc"), &Value::Int(0)),
            Ok(Value::Byte(97))
        ));
        let sliced = slice(&arr, Some(&Value::Int(3)), Some(&Value::Int(1))).unwrap();
        assert_eq!(sliced.collection_len(), Some(0));
        let part = slice(&s("héllo"), Some(&Value::Int(0)), Some(&Value::Int(2))).unwrap();
        assert_eq!(part.as_bytes(), Some(&b"h\xc3"[..]));
        assert_eq!(
            fetch(&Value::Nil, &s("x")).unwrap_err().message(),
            "cannot fetch x from <nil>"
        );
    }

    #[test]
    fn membership() {
        let arr = Value::array(vec![Value::Int(1), Value::Nil]);
        assert!(member_in(&Value::Float(1.0), &arr).unwrap());
        assert!(member_in(&Value::Nil, &arr).unwrap());
        assert!(!member_in(&Value::Int(1), &Value::Nil).unwrap());
        assert!(member_in(&s("a"), &s("abc")).is_err());
    }

    #[test]
    fn nil_tolerant_string_operators() {
        assert!(!contains(&Value::Nil, &s("w")).unwrap());
        assert!(contains(&s("abc"), &s("")).unwrap());
        assert!(contains(&Value::Int(1), &s("a")).is_err());
        assert!(matches(&s("abc"), &s("b")).unwrap());
        assert!(!matches(&s("abc"), &Value::Nil).unwrap());
    }
}
