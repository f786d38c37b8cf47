//! Builtins: the `array` family (`len`, `first`, `last`, `get`, `take`, `reverse`, `uniq`,
//! `concat`, `flatten`, `sort`).
//!
//! Selecting builtins (`first`, `get`, `take` of a whole array) hand out the elements of the
//! input JSON in place; builtins that build arrays return `[]interface {}` and charge the memory
//! budget as the reference does (`reverse`, `concat`, `flatten` and `sort` by their result's
//! length).

use std::collections::HashSet;

use super::args::{arg, check_arity, Arity};
use super::{gosort, gostr};
use super::{Builtin, Example, Implementation, Outcome, Signature, Ty};
use crate::eval::ops::{self, adjust_index, equal, to_index};
use crate::eval::{Context, RuntimeError};
use crate::value::{ArrayKind, Key, MapKind, Value};

/// Go's `builtin.MaxDepth`: how deeply `flatten`, `max`, `min`, `mean` and `median` follow
/// nested arrays.
pub(crate) const MAX_DEPTH: usize = 10_000;

/// The builtins of this family.
pub static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "len",
        signatures: &[Signature::new(&[Ty::Any], Ty::Int)],
        doc: "The number of elements of an array or entries of a map, or the number of \
              **characters** (Unicode code points) of a string — not bytes, although `indexOf` \
              and slicing count bytes.",
        examples: &[
            Example {
                expr: "len([1, 2, 3])",
                result: "3",
            },
            Example {
                expr: "len('héllo')",
                result: "5",
            },
            Example {
                expr: "len({a: 1})",
                result: "1",
            },
            Example {
                expr: "len(42)",
                result: "error: invalid argument for len (type int)",
            },
        ],
        implementation: Implementation::Function(len),
    },
    Builtin {
        name: "first",
        signatures: &[Signature::new(&[Ty::Array], Ty::Element)],
        doc: "The first element of an array, or `nil` when it is empty. Never fails: anything \
              that has no first element gives `nil`.",
        examples: &[
            Example {
                expr: "first(['primary', 'work'])",
                result: "\"primary\"",
            },
            Example {
                expr: "first([])",
                result: "null",
            },
        ],
        implementation: Implementation::Function(first),
    },
    Builtin {
        name: "last",
        signatures: &[Signature::new(&[Ty::Array], Ty::Element)],
        doc: "The last element of an array, or `nil` when it is empty. Never fails.",
        examples: &[
            Example {
                expr: "last(['a', 'b', 'c'])",
                result: "\"c\"",
            },
            Example {
                expr: "last([])",
                result: "null",
            },
        ],
        implementation: Implementation::Function(last),
    },
    Builtin {
        name: "get",
        signatures: &[Signature::new(&[Ty::Any, Ty::Any], Ty::Any)],
        doc: "`v[key]` without the failures: an index out of range, a missing key or a `nil` \
              base give `nil`. Negative indices count from the end. An index that is not a \
              number, or a map key of the wrong type, is still an error.",
        examples: &[
            Example {
                expr: "get([1, 2, 3], -1)",
                result: "3",
            },
            Example {
                expr: "get([1, 2, 3], 5)",
                result: "null",
            },
            Example {
                expr: "get({a: 1}, 'b')",
                result: "null",
            },
        ],
        implementation: Implementation::Function(get),
    },
    Builtin {
        name: "take",
        signatures: &[Signature::new(&[Ty::Array, Ty::Int], Ty::SameAsFirst)],
        doc: "The first `n` elements of an array (all of them when `n` is larger). `n` must be \
              an integer and not negative.",
        examples: &[
            Example {
                expr: "take([1, 2, 3], 2)",
                result: "[1,2]",
            },
            Example {
                expr: "take([1, 2, 3], 10)",
                result: "[1,2,3]",
            },
            Example {
                expr: "take([1, 2], 1.5)",
                result: "error: cannot take float64 elements",
            },
        ],
        implementation: Implementation::Function(take),
    },
    Builtin {
        name: "reverse",
        signatures: &[Signature::new(&[Ty::Array], Ty::Array)],
        doc: "A new array with the elements in reverse order.",
        examples: &[Example {
            expr: "reverse([1, 2, 3])",
            result: "[3,2,1]",
        }],
        implementation: Implementation::Function(reverse),
    },
    Builtin {
        name: "uniq",
        signatures: &[Signature::new(&[Ty::Array], Ty::Array)],
        doc: "The elements without repetitions, keeping the first occurrence of each. Elements \
              are compared with `==`, so `1` and `1.0` are the same but `1` and `'1'` are not.",
        examples: &[
            Example {
                expr: "uniq(['a', 'b', 'a'])",
                result: "[\"a\",\"b\"]",
            },
            Example {
                expr: "uniq([1, 1.0, '1'])",
                result: "[1,\"1\"]",
            },
        ],
        implementation: Implementation::Function(uniq),
    },
    Builtin {
        name: "concat",
        signatures: &[Signature::variadic(&[Ty::Array], Ty::Array, Ty::Array)],
        doc: "Joins arrays into one. When every array is empty the result is a nil array \
              (`concat([]) == nil`).",
        examples: &[
            Example {
                expr: "concat([1, 2], [3])",
                result: "[1,2,3]",
            },
            Example {
                expr: "concat([], []) == nil",
                result: "true",
            },
            Example {
                expr: "concat([1], 2)",
                result: "error: cannot concat int",
            },
        ],
        implementation: Implementation::Function(concat),
    },
    Builtin {
        name: "flatten",
        signatures: &[Signature::new(&[Ty::Array], Ty::Array)],
        doc: "The elements of nested arrays, at any depth, as one flat array.",
        examples: &[Example {
            expr: "flatten([1, [2, [3, []]], 4])",
            result: "[1,2,3,4]",
        }],
        implementation: Implementation::Function(flatten),
    },
    Builtin {
        name: "sort",
        signatures: &[
            Signature::new(&[Ty::Array, Ty::String], Ty::Array),
            Signature::new(&[Ty::Array], Ty::Array),
        ],
        doc: "A sorted copy of an array of numbers or strings, ascending or with `'desc'` \
              descending. Strings compare byte by byte (`'B' < 'a'`). Like Go's, the sort is not \
              stable for more than 12 elements.",
        examples: &[
            Example {
                expr: "sort([3, 1, 2])",
                result: "[1,2,3]",
            },
            Example {
                expr: "sort(['b', 'a', 'C'], 'desc')",
                result: "[\"b\",\"a\",\"C\"]",
            },
            Example {
                expr: "sort([1, 2], 'up')",
                result: "error: invalid order up, expected asc or desc",
            },
        ],
        implementation: Implementation::Function(sort),
    },
];

fn len<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    let value = arg(args, 0);
    let count = match value.as_bytes() {
        Some(bytes) => gostr::rune_count(bytes),
        None => value.collection_len().ok_or_else(|| {
            RuntimeError::new(format!(
                "invalid argument for len (type {})",
                value.go_type()
            ))
        })?,
    };
    Ok(Value::Int(i64::try_from(count).unwrap_or(i64::MAX)))
}

pub(crate) fn first<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    let base = arg(args, 0);
    if base.is_array() {
        // What `fetch` gives, without building its error for an empty array.
        return Ok(base.array_get(0).unwrap_or(Value::Nil));
    }
    Ok(ops::fetch(base, &Value::Int(0)).unwrap_or(Value::Nil))
}

fn last<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    let base = arg(args, 0);
    if let Some(len) = base.collection_len().filter(|_| base.is_array()) {
        let last = len.checked_sub(1).and_then(|index| base.array_get(index));
        return Ok(last.unwrap_or(Value::Nil));
    }
    Ok(ops::fetch(base, &Value::Int(-1)).unwrap_or(Value::Nil))
}

fn get<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(2))?;
    let (base, key) = (arg(args, 0), arg(args, 1));
    match base {
        Value::Map(map) if map.kind == MapKind::GroupBy => match Key::from_value(key) {
            Some(key) => Ok(map.entries.get(&key).cloned().unwrap_or(Value::Nil)),
            None => ops::fetch(base, key),
        },
        Value::JsonMap(_) | Value::Map(_) => ops::fetch(base, key),
        Value::Time(_) if !key.is_string() => Err(ops::conversion_error(key, "string")),
        _ => {
            let Some(len) = base.as_bytes().map(<[u8]>::len).or(base.collection_len()) else {
                return Ok(Value::Nil);
            };
            let index = to_index(key)?;
            Ok(adjust_index(index, len)
                .ok()
                .and_then(|position| element(base, position))
                .unwrap_or(Value::Nil))
        }
    }
}

/// Element `position` of an array, or byte `position` of a string.
fn element<'a>(base: &Value<'a>, position: usize) -> Option<Value<'a>> {
    match base.as_bytes() {
        Some(bytes) => bytes.get(position).map(|b| Value::Byte(*b)),
        None => base.array_get(position),
    }
}

fn take<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(2))?;
    let list = arg(args, 0);
    let len = array_len(list, "cannot take from")?;
    let count = match arg(args, 1) {
        Value::Int(n) | Value::Duration(n) => *n,
        Value::Month(n) | Value::Weekday(n) => i64::from(*n),
        other => {
            return Err(RuntimeError::new(format!(
                "cannot take {} elements",
                other.go_kind()
            )))
        }
    };
    let Ok(count) = usize::try_from(count) else {
        return Err(RuntimeError::new(
            "reflect.Value.Slice: slice index out of bounds",
        ));
    };
    if count >= len {
        return Ok(list.clone());
    }
    Ok(match list {
        Value::Array(array) => Value::array_of(
            array.kind,
            array.items.iter().take(count).cloned().collect(),
        ),
        _ => Value::array(
            list.array_iter()
                .into_iter()
                .flatten()
                .take(count)
                .collect(),
        ),
    })
}

/// The length of an array argument, or `<what> <kind>` (`cannot reverse string`).
fn array_len(value: &Value<'_>, what: &str) -> Result<usize, RuntimeError> {
    match value {
        Value::JsonArray(_) | Value::Array(_) => Ok(value.collection_len().unwrap_or(0)),
        other => Err(RuntimeError::new(format!("{what} {}", other.go_kind()))),
    }
}

fn reverse<'a>(ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    let list = arg(args, 0);
    let len = array_len(list, "cannot reverse")?;
    ctx.charge(len)?;
    let items = list.array_iter().into_iter().flatten().rev().collect();
    Ok(Value::array(items))
}

fn uniq<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    let list = arg(args, 0);
    array_len(list, "cannot uniq")?;
    let items = list.to_vec().unwrap_or_default();
    Ok(Value::array(distinct(items)))
}

/// The items without later duplicates under Go `==`. Values that `==` compares like plain keys
/// (nil, bools, strings, and numbers that an `f64` holds exactly) are looked up in a hash set;
/// the others (arrays, maps, times, huge ints) are compared one by one, as the reference does.
fn distinct(items: Vec<Value<'_>>) -> Vec<Value<'_>> {
    let mut seen: HashSet<EqKey> = HashSet::new();
    let mut kept: Vec<Value<'_>> = Vec::new();
    let mut unhashed: Vec<usize> = Vec::new();
    for item in items {
        let key = eq_key(&item);
        let equal_to_unhashed = || {
            unhashed
                .iter()
                .any(|&i| kept.get(i).is_some_and(|k| equal(k, &item)))
        };
        let duplicate = match &key {
            Some(Some(key)) => seen.contains(key) || equal_to_unhashed(),
            Some(None) => false,
            None => kept.iter().any(|k| equal(k, &item)),
        };
        if duplicate {
            continue;
        }
        match key {
            Some(Some(key)) => {
                seen.insert(key);
            }
            Some(None) => {}
            None => unhashed.push(kept.len()),
        }
        kept.push(item);
    }
    kept
}

/// A hashable stand-in for Go `==` on simple values.
#[derive(Hash, PartialEq, Eq)]
enum EqKey {
    Nil,
    Bool(bool),
    Number(u64),
    Text(Vec<u8>),
}

/// `Some(Some(key))` for a hashable value, `Some(None)` for NaN (equal to nothing, not even
/// itself), `None` for values that need a one-by-one comparison.
fn eq_key(value: &Value<'_>) -> Option<Option<EqKey>> {
    const EXACT: i64 = 1 << 53;
    let number = |f: f64| Some((!f.is_nan()).then(|| EqKey::Number((f + 0.0).to_bits())));
    match value {
        Value::Nil => Some(Some(EqKey::Nil)),
        Value::Bool(b) => Some(Some(EqKey::Bool(*b))),
        Value::Int(i) if (-EXACT..=EXACT).contains(i) => number(*i as f64),
        Value::Byte(b) => number(f64::from(*b)),
        Value::Float(f) if f.is_nan() || f.abs() <= EXACT as f64 => number(*f),
        _ if value.is_string() => Some(Some(EqKey::Text(
            value.as_bytes().unwrap_or_default().to_vec(),
        ))),
        _ => None,
    }
}

fn concat<'a>(ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::AtLeast(1))?;
    let mut total = 0usize;
    for list in args {
        total = total.saturating_add(array_len(list, "cannot concat")?);
    }
    ctx.charge(total)?;
    if total == 0 {
        return Ok(Value::array_of(ArrayKind::NilAny, Vec::new()));
    }
    let mut items = Vec::with_capacity(total);
    for list in args {
        items.extend(list.array_iter().into_iter().flatten());
    }
    Ok(Value::array(items))
}

fn flatten<'a>(ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    let list = arg(args, 0);
    array_len(list, "cannot flatten")?;
    let mut items = Vec::new();
    walk_nested(list, |item| {
        ctx.charge(1)?;
        items.push(item);
        Ok(())
    })?;
    Ok(Value::array(items))
}

/// Calls `leaf` for every element of `array` that is not itself an array, depth first and in
/// order, descending into nested arrays (Go's recursive `flatten`, without the recursion: an
/// explicit stack, so that no nesting can overflow ours). An array nested more than
/// [`MAX_DEPTH`] levels deep fails with `recursion depth exceeded`, as in the reference.
pub(crate) fn walk_nested<'a>(
    array: &Value<'a>,
    mut leaf: impl FnMut(Value<'a>) -> Result<(), RuntimeError>,
) -> Result<(), RuntimeError> {
    let mut stack: Vec<(Value<'a>, usize)> = vec![(array.clone(), 0)];
    // Arrays can share elements (`reduce(1..60, [#acc, #acc], [])` holds 2^60 of them): bound
    // the walk by what it visits, not by what the memory budget charged.
    let mut visits: usize = 0;
    while let Some((current, index)) = stack.last_mut() {
        visits += 1;
        if visits > crate::eval::MAX_WALK {
            return Err(crate::eval::walk_too_large());
        }
        let next = current.array_get(*index);
        *index += 1;
        match next {
            None => {
                stack.pop();
            }
            Some(item) if item.is_array() => {
                if stack.len() > MAX_DEPTH {
                    return Err(RuntimeError::new("recursion depth exceeded"));
                }
                stack.push((item, 0));
            }
            Some(item) => leaf(item)?,
        }
    }
    Ok(())
}

fn sort<'a>(ctx: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Either(1, 2))?;
    let list = arg(args, 0);
    let sortable = match list {
        Value::JsonArray(_) => true,
        Value::Array(array) => !matches!(array.kind, ArrayKind::Bytes | ArrayKind::Pairs),
        _ => false,
    };
    let descending = args.len() == 2 && sort_order(arg(args, 1))?;
    if !sortable {
        return Ok(Value::array_of(ArrayKind::NilAny, Vec::new()));
    }
    let mut items = list.to_vec().unwrap_or_default();
    gosort::sort_by(&mut items, |a, b| {
        if descending {
            ops::less(b, a)
        } else {
            ops::less(a, b)
        }
    })?;
    ctx.charge(items.len())?;
    Ok(Value::array(items))
}

/// Whether the order argument asks for a descending sort.
fn sort_order(order: &Value<'_>) -> Result<bool, RuntimeError> {
    match order.as_bytes() {
        Some(b"asc") => Ok(false),
        Some(b"desc") => Ok(true),
        Some(other) => Err(RuntimeError::new(format!(
            "invalid order {}, expected asc or desc",
            String::from_utf8_lossy(other)
        ))),
        None => Err(RuntimeError::new(format!(
            "sort order argument must be a string (got {})",
            order.go_type()
        ))),
    }
}

#[cfg(test)]
#[path = "array_tests.rs"]
mod tests;
