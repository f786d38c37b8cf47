//! Builtins: the `map` family (`keys`, `values`, `toPairs`, `fromPairs`).
//!
//! **Order.** Go iterates maps in a random order, so the reference's `keys`, `values` and
//! `toPairs` have no defined order. scimap uses the map's own order instead: document order for
//! maps read from JSON input, insertion order for maps built by the expression. Programs that
//! work with the reference keep working; programs that relied on an order were already wrong.

use super::args::{arg, check_arity, Arity};
use super::{Builtin, Example, Implementation, Outcome, Signature, Ty};
use crate::eval::{Context, RuntimeError};
use crate::value::format::go_string;
use crate::value::{ArrayKind, Key, Map, MapKind, Value};

/// The builtins of this family.
pub static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "keys",
        signatures: &[Signature::new(&[Ty::Map], Ty::Array)],
        doc: "The keys of a map, as an array. Go gives them in a random order; scimap in the \
              map's own order (document order for input JSON, insertion order otherwise).",
        examples: &[Example {
            expr: "keys({givenName: 'Ada', familyName: 'Lovelace'})",
            result: "[\"givenName\",\"familyName\"]",
        }],
        implementation: Implementation::Function(keys),
    },
    Builtin {
        name: "values",
        signatures: &[Signature::new(&[Ty::Map], Ty::Array)],
        doc: "The values of a map, as an array, in the order of `keys`.",
        examples: &[Example {
            expr: "values({a: 1, b: 2})",
            result: "[1,2]",
        }],
        implementation: Implementation::Function(values),
    },
    Builtin {
        name: "toPairs",
        signatures: &[Signature::new(&[Ty::Map], Ty::Array)],
        doc: "The entries of a map as `[key, value]` pairs, in the order of `keys`.",
        examples: &[Example {
            expr: "toPairs({a: 1, b: 2})",
            result: "[[\"a\",1],[\"b\",2]]",
        }],
        implementation: Implementation::Function(to_pairs),
    },
    Builtin {
        name: "fromPairs",
        signatures: &[Signature::new(&[Ty::Array], Ty::Map)],
        doc: "A map built from `[key, value]` pairs; a later pair with the same key wins. Keys \
              may be any comparable value, so (as in Go) the result cannot be passed to \
              `toJSON`; read it with `.key`, `[key]` or `get`.",
        examples: &[
            Example {
                expr: "fromPairs([['a', 1], ['b', 2], ['a', 3]]).a",
                result: "3",
            },
            Example {
                expr: "fromPairs([['a']])",
                result: "error: invalid pair length",
            },
            Example {
                expr: "fromPairs([1])",
                result: "error: invalid pair 1",
            },
        ],
        implementation: Implementation::Function(from_pairs),
    },
];

/// The entries of a map argument, borrowing input JSON, or `<what> <kind>`.
fn entries<'a>(
    value: &Value<'a>,
    what: &str,
    after: &str,
) -> Result<Vec<(Value<'a>, Value<'a>)>, RuntimeError> {
    match value {
        Value::JsonMap(map) => {
            let map: &'a crate::value::JsonObject = map;
            Ok(map
                .iter()
                .map(|(k, v)| (Value::Str(k.as_str()), Value::from_json(v)))
                .collect())
        }
        Value::Map(map) => Ok(map
            .entries
            .iter()
            .map(|(k, v)| (k.to_value(), v.clone()))
            .collect()),
        other => Err(RuntimeError::new(format!(
            "{what} {}{after}",
            other.go_kind()
        ))),
    }
}

fn keys<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    let pairs = entries(arg(args, 0), "cannot get keys from", "")?;
    Ok(Value::array(pairs.into_iter().map(|(k, _)| k).collect()))
}

fn values<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    let pairs = entries(arg(args, 0), "cannot get values from", "")?;
    Ok(Value::array(pairs.into_iter().map(|(_, v)| v).collect()))
}

fn to_pairs<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    let pairs = entries(arg(args, 0), "cannot transform", " to pairs")?;
    let items = pairs
        .into_iter()
        .map(|(k, v)| Value::array(vec![k, v]))
        .collect();
    Ok(Value::array_of(ArrayKind::Pairs, items))
}

fn from_pairs<'a>(_: &mut Context<'_>, args: &[Value<'a>]) -> Outcome<'a> {
    check_arity(args, Arity::Exactly(1))?;
    let list = arg(args, 0);
    let items = list.array_iter().ok_or_else(|| {
        RuntimeError::new(format!("cannot transform {} from pairs", reflect_s(list)))
    })?;
    let mut map = Map {
        entries: Default::default(),
        kind: MapKind::Any,
    };
    for pair in items {
        let (key, value) = key_and_value(&pair)?;
        map.entries.insert(key, value);
    }
    Ok(Value::Map(std::sync::Arc::new(map)))
}

/// The key and value of one pair, with the reference's errors.
fn key_and_value<'a>(pair: &Value<'a>) -> Result<(Key, Value<'a>), RuntimeError> {
    let len = match pair {
        Value::JsonArray(_) | Value::Array(_) => pair.collection_len().unwrap_or(0),
        other => {
            return Err(RuntimeError::new(format!(
                "invalid pair {}",
                go_string(other)
            )))
        }
    };
    if len != 2 {
        return Err(RuntimeError::new(format!(
            "invalid pair length {}",
            go_string(pair)
        )));
    }
    let first = pair.array_get(0).unwrap_or(Value::Nil);
    let key = Key::from_value(&first).ok_or_else(|| {
        RuntimeError::new(format!(
            "runtime error: hash of unhashable type {}",
            first.go_type()
        ))
    })?;
    Ok((key, pair.array_get(1).unwrap_or(Value::Nil)))
}

/// Go's `%s` of a `reflect.Value`: strings as they are, other scalars as `%!s(int=1)`, an absent
/// value as `<invalid reflect.Value>`.
fn reflect_s(value: &Value<'_>) -> String {
    match value {
        Value::Nil => "<invalid reflect.Value>".into(),
        Value::Int(_) | Value::Byte(_) | Value::Float(_) | Value::Bool(_) => {
            format!("%!s({}={})", value.go_type(), go_string(value))
        }
        other => match other.as_bytes() {
            Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            None => go_string(other),
        },
    }
}

#[cfg(test)]
#[path = "map_tests.rs"]
mod tests;
