//! Builtins: the `predicate` family (`all`, `map`, `filter`, `sortBy`, `reduce`, ...).
//!
//! Each builtin receives the collection's [`Items`] (Go's iteration rules), the predicate (absent
//! only for `count(arr)` and `sum(arr)`), and the remaining evaluated arguments (`sortBy`'s order,
//! `reduce`'s initial value). Semantics follow the reference (spec §5.1, §4.12, §4.14, §4.15):
//!
//! * `all`, `any`, `none`, `find*` stop at the first decisive item; `one` and `count` scan all.
//! * Predicates that test must return a bool; anything else fails with Go's
//!   `interface conversion: interface {} is string, not bool`.
//! * `map` and `filter` results charge their length against the memory budget, as does `sortBy`.
//! * Every iteration counts one evaluation step ([`Context::step`]).
//!
//! Declared signatures put the predicate in the second parameter slot, typed by what its body
//! must produce: [`Ty::Bool`] for tests, [`Ty::Any`] where any value goes (`map`, `sum`,
//! `groupBy`, `sortBy`, `reduce`).
//!
//! `sortBy` sorts with a port of Go's `sort.Sort` (`super::gosort`), so elements with equal
//! keys come out in exactly the reference's order (its sort is unstable above 12 elements, but
//! deterministic).

use std::sync::Arc;

use indexmap::IndexMap;

use super::{Builtin, Example, Implementation, Items, Outcome, Predicate, Signature, Ty};
use crate::eval::ops::{add, expect_bool, less};
use crate::eval::{Context, RuntimeError};
use crate::value::{Key, Map, MapKind, Value};

/// An example, briefly.
const fn example(expr: &'static str, result: &'static str) -> Example {
    Example { expr, result }
}

/// The builtins of this family.
pub static BUILTINS: &[Builtin] = &[
    Builtin {
        name: "all",
        signatures: &[Signature::new(&[Ty::Array, Ty::Bool], Ty::Bool)],
        doc: "Whether every element satisfies the predicate. Stops at the first element that does \
              not; `true` for an empty collection.",
        examples: &[
            example("all([1, 2, 3], # > 0)", "true"),
            example("all([], # > 0)", "true"),
        ],
        implementation: Implementation::Predicate(all),
    },
    Builtin {
        name: "any",
        signatures: &[Signature::new(&[Ty::Array, Ty::Bool], Ty::Bool)],
        doc: "Whether some element satisfies the predicate. Stops at the first element that \
              does; `false` for an empty collection.",
        examples: &[
            example("any([1, 2, 3], # > 2)", "true"),
            example("any([], # > 0)", "false"),
        ],
        implementation: Implementation::Predicate(any),
    },
    Builtin {
        name: "one",
        signatures: &[Signature::new(&[Ty::Array, Ty::Bool], Ty::Bool)],
        doc: "Whether exactly one element satisfies the predicate. Scans every element; `false` \
              for an empty collection.",
        examples: &[
            example("one([1, 2, 3], # > 2)", "true"),
            example("one([1, 2, 3], # > 1)", "false"),
        ],
        implementation: Implementation::Predicate(one),
    },
    Builtin {
        name: "none",
        signatures: &[Signature::new(&[Ty::Array, Ty::Bool], Ty::Bool)],
        doc: "Whether no element satisfies the predicate. Stops at the first element that does; \
              `true` for an empty collection.",
        examples: &[
            example("none([1, 2, 3], # > 3)", "true"),
            example("none([1, 2, 3], # == 2)", "false"),
        ],
        implementation: Implementation::Predicate(none),
    },
    Builtin {
        name: "filter",
        signatures: &[Signature::new(&[Ty::Array, Ty::Bool], Ty::SameAsFirst)],
        doc: "The elements that satisfy the predicate, in order, as a new `[]interface {}`. The \
              result's length is charged against the memory budget.",
        examples: &[
            example("filter(['a', ''], # != '')", "[\"a\"]"),
            example("filter(1..6, # % 2 == 0)", "[2, 4, 6]"),
        ],
        implementation: Implementation::Predicate(filter),
    },
    Builtin {
        name: "map",
        signatures: &[Signature::new(
            &[Ty::Array, Ty::Any],
            Ty::ArrayOfPredicateResult,
        )],
        doc: "The predicate's value for each element, in order, as a new `[]interface {}`; \
              `#index` is the element's position. The result's length is charged against the \
              memory budget.",
        examples: &[
            example("map([1, 2], # * 2)", "[2, 4]"),
            example("map(['a', 'b'], #index)", "[0, 1]"),
            example("map([1, 2], # / 2)", "[0.5, 1.0]"),
        ],
        implementation: Implementation::Predicate(map),
    },
    Builtin {
        name: "find",
        signatures: &[Signature::new(&[Ty::Array, Ty::Bool], Ty::Element)],
        doc: "The first element that satisfies the predicate, or `nil` when none does. Stops at \
              the first match.",
        examples: &[
            example("find([1, 2, 3, 4], # > 2)", "3"),
            example("find([1, 2], # > 5)", "null"),
        ],
        implementation: Implementation::Predicate(find),
    },
    Builtin {
        name: "findIndex",
        signatures: &[Signature::new(&[Ty::Array, Ty::Bool], Ty::Int)],
        doc: "The index of the first element that satisfies the predicate, or `nil` (not -1) \
              when none does.",
        examples: &[
            example("findIndex([1, 2, 3], # > 1)", "1"),
            example("findIndex([1], # > 1)", "null"),
        ],
        implementation: Implementation::Predicate(find_index),
    },
    Builtin {
        name: "findLast",
        signatures: &[Signature::new(&[Ty::Array, Ty::Bool], Ty::Element)],
        doc: "The last element that satisfies the predicate (scanning from the end), or `nil` \
              when none does.",
        examples: &[
            example("findLast([1, 2, 3, 4], # > 2)", "4"),
            example("findLast([1, 2], # > 5)", "null"),
        ],
        implementation: Implementation::Predicate(find_last),
    },
    Builtin {
        name: "findLastIndex",
        signatures: &[Signature::new(&[Ty::Array, Ty::Bool], Ty::Int)],
        doc: "The index of the last element that satisfies the predicate (scanning from the \
              end), or `nil` when none does.",
        examples: &[
            example("findLastIndex([1, 2, 3, 4], # > 2)", "3"),
            example("findLastIndex([1], # > 1)", "null"),
        ],
        implementation: Implementation::Predicate(find_last_index),
    },
    Builtin {
        name: "count",
        signatures: &[
            Signature::new(&[Ty::Array], Ty::Int),
            Signature::new(&[Ty::Array, Ty::Bool], Ty::Int),
        ],
        doc: "The number of elements that satisfy the predicate. Without a predicate, the number \
              of elements that are `true` (the elements must be bools).",
        examples: &[
            example("count([1, 2, 3], # > 1)", "2"),
            example("count([true, false, true])", "2"),
            example(
                "count([1])",
                "error: interface conversion: interface {} is int, not bool",
            ),
        ],
        implementation: Implementation::Predicate(count),
    },
    Builtin {
        name: "sum",
        signatures: &[
            Signature::new(&[Ty::Array], Ty::Element),
            Signature::new(&[Ty::Array, Ty::Any], Ty::PredicateResult),
        ],
        doc: "Adds the elements (or the predicate's values) with `+`, starting from the int `0`: \
              ints stay ints, any float makes the sum a float, and strings fail \
              (`invalid operation: string + int`).",
        examples: &[
            example("sum([1, 2, 3])", "6"),
            example("sum([1, 2.5])", "3.5"),
            example("sum(['a', 'bc'], len(#))", "3"),
            example("sum([])", "0"),
            example("sum(['a'])", "error: invalid operation: string + int"),
        ],
        implementation: Implementation::Predicate(sum),
    },
    Builtin {
        name: "groupBy",
        signatures: &[Signature::new(&[Ty::Array, Ty::Any], Ty::Map)],
        doc: "Groups the elements by the predicate's value: a map from each key to the array of \
              elements with that key, in order. Keys may be any comparable value (an array or \
              map key fails). The map (Go `map[interface {}][]interface {}`) cannot be encoded \
              as JSON; scimap keeps its keys in first-seen order.",
        examples: &[
            example("groupBy([1, 2, 3, 4], # % 2)[0]", "[2, 4]"),
            example("groupBy(['ab', 'c', 'de'], len(#))[2]", "[\"ab\", \"de\"]"),
            example(
                "groupBy([[1]], #)",
                "error: cannot use []interface {} as a key for groupBy: type is not comparable",
            ),
        ],
        implementation: Implementation::Predicate(group_by),
    },
    Builtin {
        name: "sortBy",
        signatures: &[
            Signature::new(&[Ty::Array, Ty::Any], Ty::SameAsFirst),
            Signature::new(&[Ty::Array, Ty::Any, Ty::String], Ty::SameAsFirst),
        ],
        doc: "The elements sorted by the predicate's value with `<` (numbers across int and \
              float, strings bytewise, times), `\"asc\"` (the default) or `\"desc\"`. The keys \
              are computed once per element, before sorting. Elements with equal keys keep the \
              order Go's (unstable) sort gives them. The result's length is charged against \
              the memory budget.",
        examples: &[
            example("sortBy([3, 1, 2], #)", "[1, 2, 3]"),
            example(
                "sortBy(['bb', 'a', 'ccc'], len(#), 'desc')",
                "[\"ccc\", \"bb\", \"a\"]",
            ),
            example(
                "sortBy([1, 2], #, 'up')",
                "error: unknown order, use asc or desc",
            ),
            example(
                "sortBy(['a', 1], #)",
                "error: invalid operation: int < string",
            ),
        ],
        implementation: Implementation::Predicate(sort_by),
    },
    Builtin {
        name: "reduce",
        signatures: &[
            Signature::new(&[Ty::Array, Ty::Any], Ty::PredicateResult),
            Signature::new(&[Ty::Array, Ty::Any, Ty::Any], Ty::PredicateResult),
        ],
        doc: "Folds the elements with the predicate, `#acc` holding the value so far. With an \
              initial value the fold starts there and visits every element; without one, `#acc` \
              starts as the first element and the fold starts at index 1 (an empty collection \
              then fails).",
        examples: &[
            example("reduce([1, 2, 3], # + #acc)", "6"),
            example("reduce([1, 2, 3], #acc + #, 10)", "16"),
            example("reduce([], # + #acc, 'init')", "\"init\""),
            example(
                "reduce([], # + #acc)",
                "error: reduce of empty array with no initial value",
            ),
        ],
        implementation: Implementation::Predicate(reduce),
    },
];

/// The predicate, or an error for a builtin that needs one (the parser normally guarantees it).
fn required<'a, 'p>(
    predicate: Option<&'p mut dyn Predicate<'a>>,
    name: &str,
) -> Result<&'p mut dyn Predicate<'a>, RuntimeError> {
    predicate.ok_or_else(|| RuntimeError::new(format!("builtin {name} needs a predicate")))
}

/// Evaluates the predicate for item `index` (one step) and asserts a bool.
fn test<'a>(
    predicate: &mut dyn Predicate<'a>,
    ctx: &mut Context<'_>,
    items: &Items<'a>,
    index: usize,
) -> Result<bool, RuntimeError> {
    ctx.step()?;
    expect_bool(&predicate.call(ctx, items, index, None)?)
}

/// The index of the first item (in `order`) that satisfies the predicate.
fn position<'a>(
    items: &Items<'a>,
    predicate: &mut dyn Predicate<'a>,
    ctx: &mut Context<'_>,
    order: impl Iterator<Item = usize>,
) -> Result<Option<usize>, RuntimeError> {
    for index in order {
        if test(predicate, ctx, items, index)? {
            return Ok(Some(index));
        }
    }
    Ok(None)
}

/// `all(arr, p)`
fn all<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "all")?;
    for index in 0..items.len() {
        if !test(predicate, ctx, items, index)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// `any(arr, p)`
fn any<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "any")?;
    let found = position(items, predicate, ctx, 0..items.len())?;
    Ok(Value::Bool(found.is_some()))
}

/// `none(arr, p)`
fn none<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "none")?;
    let found = position(items, predicate, ctx, 0..items.len())?;
    Ok(Value::Bool(found.is_none()))
}

/// Counts the items that satisfy the predicate (all of them are visited).
fn count_matches<'a>(
    items: &Items<'a>,
    predicate: &mut dyn Predicate<'a>,
    ctx: &mut Context<'_>,
) -> Result<usize, RuntimeError> {
    let mut matches = 0;
    for index in 0..items.len() {
        if test(predicate, ctx, items, index)? {
            matches += 1;
        }
    }
    Ok(matches)
}

/// `one(arr, p)`
fn one<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "one")?;
    Ok(Value::Bool(count_matches(items, predicate, ctx)? == 1))
}

/// `count(arr)`: the items that are `true` (each must be a bool).
fn count_true(items: &Items<'_>, ctx: &mut Context<'_>) -> Result<usize, RuntimeError> {
    let mut matches = 0;
    for index in 0..items.len() {
        ctx.step()?;
        if expect_bool(&items.get(index)?)? {
            matches += 1;
        }
    }
    Ok(matches)
}

/// `count(arr[, p])`
fn count<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let matches = match predicate {
        Some(predicate) => count_matches(items, predicate, ctx)?,
        None => count_true(items, ctx)?,
    };
    Ok(Value::Int(i64::try_from(matches).unwrap_or(i64::MAX)))
}

/// `filter(arr, p)`
fn filter<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "filter")?;
    let mut kept = Vec::new();
    for index in 0..items.len() {
        if test(predicate, ctx, items, index)? {
            kept.push(items.get(index)?);
        }
    }
    ctx.charge(kept.len())?;
    Ok(Value::array(kept))
}

/// `map(arr, p)`
fn map<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "map")?;
    let mut mapped = Vec::with_capacity(items.len());
    for index in 0..items.len() {
        ctx.step()?;
        mapped.push(predicate.call(ctx, items, index, None)?);
    }
    ctx.charge(mapped.len())?;
    Ok(Value::array(mapped))
}

/// The item at a found position, or nil.
fn item_at<'a>(items: &Items<'a>, found: Option<usize>) -> Outcome<'a> {
    found.map_or(Ok(Value::Nil), |index| items.get(index))
}

/// A found position as an int, or nil.
fn index_value<'a>(found: Option<usize>) -> Value<'a> {
    found.map_or(Value::Nil, |index| {
        Value::Int(i64::try_from(index).unwrap_or(i64::MAX))
    })
}

/// `find(arr, p)`
pub(crate) fn find<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "find")?;
    let found = position(items, predicate, ctx, 0..items.len())?;
    item_at(items, found)
}

/// `findIndex(arr, p)`
fn find_index<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "findIndex")?;
    Ok(index_value(position(
        items,
        predicate,
        ctx,
        0..items.len(),
    )?))
}

/// `findLast(arr, p)`
fn find_last<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "findLast")?;
    let found = position(items, predicate, ctx, (0..items.len()).rev())?;
    item_at(items, found)
}

/// `findLastIndex(arr, p)`
fn find_last_index<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "findLastIndex")?;
    let found = position(items, predicate, ctx, (0..items.len()).rev())?;
    Ok(index_value(found))
}

/// `sum(arr[, p])`: `acc = add(x, acc)` from the int 0, exactly as the reference compiles it.
fn sum<'a>(
    items: &Items<'a>,
    mut predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let mut acc = Value::Int(0);
    for index in 0..items.len() {
        ctx.step()?;
        let term = match predicate.as_deref_mut() {
            Some(predicate) => predicate.call(ctx, items, index, None)?,
            None => items.get(index)?,
        };
        acc = add(&term, &acc)?;
    }
    Ok(acc)
}

/// `groupBy(arr, p)`
fn group_by<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    _args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "groupBy")?;
    let mut groups: IndexMap<Key, Vec<Value<'a>>> = IndexMap::new();
    for index in 0..items.len() {
        ctx.step()?;
        let key = predicate.call(ctx, items, index, None)?;
        let key = Key::from_value(&key).ok_or_else(|| {
            RuntimeError::new(format!(
                "cannot use {} as a key for groupBy: type is not comparable",
                key.go_type()
            ))
        })?;
        groups.entry(key).or_default().push(items.get(index)?);
    }
    let entries = groups
        .into_iter()
        .map(|(key, group)| (key, Value::array(group)))
        .collect();
    Ok(Value::Map(Arc::new(Map {
        entries,
        kind: MapKind::GroupBy,
    })))
}

/// Reads `sortBy`'s order argument: `true` for descending.
fn sort_order(order: Option<&Value<'_>>) -> Result<bool, RuntimeError> {
    let Some(order) = order else {
        return Ok(false);
    };
    match order.as_bytes() {
        Some(b"asc") => Ok(false),
        Some(b"desc") => Ok(true),
        Some(_) => Err(RuntimeError::new("unknown order, use asc or desc")),
        None => Err(RuntimeError::new("sortBy order argument must be a string")),
    }
}

/// `sortBy(arr, p[, order])`: validates the order, computes every key, then sorts stably.
fn sort_by<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "sortBy")?;
    let descending = sort_order(args.first())?;
    let mut keyed = Vec::with_capacity(items.len());
    for index in 0..items.len() {
        ctx.step()?;
        let key = predicate.call(ctx, items, index, None)?;
        keyed.push((key, items.get(index)?));
    }
    super::gosort::sort_by(
        &mut keyed,
        |(a, _), (b, _)| {
            if descending {
                less(b, a)
            } else {
                less(a, b)
            }
        },
    )?;
    ctx.charge(keyed.len())?;
    Ok(Value::array(
        keyed.into_iter().map(|(_, item)| item).collect(),
    ))
}

/// `reduce(arr, p[, init])`
fn reduce<'a>(
    items: &Items<'a>,
    predicate: Option<&mut dyn Predicate<'a>>,
    args: &[Value<'a>],
    ctx: &mut Context<'_>,
) -> Outcome<'a> {
    let predicate = required(predicate, "reduce")?;
    let (mut acc, start) = match args.first() {
        Some(init) => (init.clone(), 0),
        None if items.is_empty() => {
            return Err(RuntimeError::new(
                "reduce of empty array with no initial value",
            ))
        }
        None => (items.get(0)?, 1),
    };
    for index in start..items.len() {
        ctx.step()?;
        acc = predicate.call(ctx, items, index, Some(&acc))?;
    }
    Ok(acc)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value as Json};

    use super::*;
    use crate::eval::{Limits, SystemClock};

    /// A stand-in for the interpreter's predicate: a closure over (`#`, `#index`, `#acc`).
    /// `#` is read only when `reads_element` is set, like the real one reads it lazily.
    struct Fake<F> {
        body: F,
        reads_element: bool,
        calls: usize,
    }

    fn fake<'a, F>(body: F) -> Fake<F>
    where
        F: FnMut(Value<'a>, usize, Option<Value<'a>>) -> Outcome<'a>,
    {
        Fake {
            body,
            reads_element: true,
            calls: 0,
        }
    }

    impl<'a, F> Predicate<'a> for Fake<F>
    where
        F: FnMut(Value<'a>, usize, Option<Value<'a>>) -> Outcome<'a>,
    {
        fn call(
            &mut self,
            _ctx: &mut Context<'_>,
            items: &Items<'a>,
            index: usize,
            acc: Option<&Value<'a>>,
        ) -> Outcome<'a> {
            self.calls += 1;
            let element = if self.reads_element {
                items.get(index)?
            } else {
                Value::Nil
            };
            (self.body)(element, index, acc.cloned())
        }
    }

    fn implementation(name: &str) -> super::super::PredicateImpl {
        match BUILTINS
            .iter()
            .find(|b| b.name == name)
            .map(|b| &b.implementation)
        {
            Some(Implementation::Predicate(f)) => *f,
            _ => panic!("no predicate builtin {name}"),
        }
    }

    fn run_in<'a>(
        ctx: &mut Context<'_>,
        name: &str,
        collection: &'a Json,
        predicate: Option<&mut dyn Predicate<'a>>,
        args: &[Value<'a>],
    ) -> Outcome<'a> {
        let items = Items::new(Value::from_json(collection))?;
        implementation(name)(&items, predicate, args, ctx)
    }

    fn run<'a>(
        name: &str,
        collection: &'a Json,
        predicate: Option<&mut dyn Predicate<'a>>,
        args: &[Value<'a>],
    ) -> Result<Json, String> {
        let mut ctx = Context::new(Limits::default(), &SystemClock);
        run_in(&mut ctx, name, collection, predicate, args)
            .map(|value| value.to_json())
            .map_err(|error| error.message().to_string())
    }

    fn gt<'a>(n: i64) -> impl FnMut(Value<'a>, usize, Option<Value<'a>>) -> Outcome<'a> {
        move |x, _, _| less(&Value::Int(n), &x).map(Value::Bool)
    }

    fn identity<'a>() -> impl FnMut(Value<'a>, usize, Option<Value<'a>>) -> Outcome<'a> {
        |x, _, _| Ok(x)
    }

    fn length<'a>() -> impl FnMut(Value<'a>, usize, Option<Value<'a>>) -> Outcome<'a> {
        |x, _, _| Ok(Value::Int(x.as_bytes().map_or(0, |b| b.len() as i64)))
    }

    const NOT_BOOL: &str = "interface conversion: interface {} is string, not bool";

    #[test]
    fn all_stops_at_the_first_false() {
        let data = json!([1, 0, 2, 3]);
        let mut p = fake(gt(0));
        assert_eq!(run("all", &data, Some(&mut p), &[]), Ok(json!(false)));
        assert_eq!(p.calls, 2);
        let mut p = fake(gt(-1));
        assert_eq!(run("all", &data, Some(&mut p), &[]), Ok(json!(true)));
        assert_eq!(
            run("all", &json!([]), Some(&mut fake(gt(0))), &[]),
            Ok(json!(true))
        );
    }

    #[test]
    fn any_and_none_stop_at_the_first_true() {
        let data = json!([1, 5, 2, 7]);
        let mut p = fake(gt(4));
        assert_eq!(run("any", &data, Some(&mut p), &[]), Ok(json!(true)));
        assert_eq!(p.calls, 2);
        let mut p = fake(gt(4));
        assert_eq!(run("none", &data, Some(&mut p), &[]), Ok(json!(false)));
        assert_eq!(p.calls, 2);
        assert_eq!(
            run("any", &json!([]), Some(&mut fake(gt(0))), &[]),
            Ok(json!(false))
        );
        assert_eq!(
            run("none", &json!([]), Some(&mut fake(gt(0))), &[]),
            Ok(json!(true))
        );
    }

    #[test]
    fn one_scans_everything() {
        let data = json!([5, 6, 1]);
        let mut p = fake(gt(4));
        assert_eq!(run("one", &data, Some(&mut p), &[]), Ok(json!(false)));
        assert_eq!(p.calls, 3);
        assert_eq!(
            run("one", &data, Some(&mut fake(gt(5))), &[]),
            Ok(json!(true))
        );
        assert_eq!(
            run("one", &json!([]), Some(&mut fake(gt(5))), &[]),
            Ok(json!(false))
        );
    }

    #[test]
    fn tests_must_return_bools() {
        let data = json!(["a"]);
        for name in [
            "all",
            "any",
            "one",
            "none",
            "filter",
            "find",
            "findIndex",
            "count",
        ] {
            let mut p = fake(identity());
            assert_eq!(
                run(name, &data, Some(&mut p), &[]),
                Err(NOT_BOOL.into()),
                "{name}"
            );
        }
    }

    #[test]
    fn filter_keeps_matches_in_order_and_charges_memory() {
        let data = json!(["a", "", "b"]);
        let mut p = fake(|x, _, _| Ok(Value::Bool(x.as_bytes() != Some(b""))));
        let mut ctx = Context::new(Limits::default(), &SystemClock);
        let value = run_in(&mut ctx, "filter", &data, Some(&mut p), &[]).unwrap();
        assert_eq!(value.to_json(), json!(["a", "b"]));
        assert_eq!(value.go_type(), "[]interface {}");
        assert_eq!(ctx.memory_used, 2);
        let one = json!([1]);
        let mut p = fake(gt(9));
        assert_eq!(run("filter", &one, Some(&mut p), &[]), Ok(json!([])));
    }

    #[test]
    fn map_applies_the_predicate_with_the_index() {
        let data = json!([10, 20]);
        let mut p = fake(|x, i, _| add(&x, &Value::Int(i as i64)));
        let mut ctx = Context::new(Limits::default(), &SystemClock);
        let value = run_in(&mut ctx, "map", &data, Some(&mut p), &[]).unwrap();
        assert_eq!(value.to_json(), json!([10, 21]));
        assert_eq!(value.go_type(), "[]interface {}");
        assert_eq!(ctx.memory_used, 2);
        assert_eq!(
            run("map", &json!([]), Some(&mut fake(identity())), &[]),
            Ok(json!([]))
        );
    }

    #[test]
    fn strings_iterate_by_byte_and_maps_only_without_reading_the_element() {
        let text = json!("hé");
        let mut p = fake(identity());
        let mut ctx = Context::new(Limits::default(), &SystemClock);
        let value = run_in(&mut ctx, "map", &text, Some(&mut p), &[]).unwrap();
        assert_eq!(value.to_json(), json!([104, 195, 169]));
        assert!(matches!(value.array_get(0), Some(Value::Byte(104))));

        let object = json!({"a": 1, "b": 2});
        let mut p = fake(|_, i, _| Ok(Value::Int(i as i64)));
        p.reads_element = false;
        assert_eq!(run("map", &object, Some(&mut p), &[]), Ok(json!([0, 1])));
        let mut p = fake(|_, _, _| Ok(Value::Bool(true)));
        p.reads_element = false;
        assert_eq!(
            run("filter", &object, Some(&mut p), &[]),
            Err("reflect: call of reflect.Value.Index on map Value".into())
        );
    }

    #[test]
    fn find_family_returns_items_indices_or_nil() {
        let data = json!([1, 5, 2, 7, 3]);
        let cases = [
            ("find", json!(5)),
            ("findIndex", json!(1)),
            ("findLast", json!(7)),
            ("findLastIndex", json!(3)),
        ];
        for (name, expected) in cases {
            let mut p = fake(gt(4));
            assert_eq!(run(name, &data, Some(&mut p), &[]), Ok(expected), "{name}");
            let mut p = fake(gt(9));
            assert_eq!(
                run(name, &data, Some(&mut p), &[]),
                Ok(Json::Null),
                "{name}"
            );
        }
        let mut p = fake(gt(4));
        run("findLast", &data, Some(&mut p), &[]).unwrap();
        assert_eq!(p.calls, 2, "findLast scans from the end and stops");
    }

    #[test]
    fn count_with_and_without_a_predicate() {
        let data = json!([1, 5, 2, 7]);
        assert_eq!(
            run("count", &data, Some(&mut fake(gt(1))), &[]),
            Ok(json!(3))
        );
        assert_eq!(
            run("count", &json!([true, false, true]), None, &[]),
            Ok(json!(2))
        );
        assert_eq!(run("count", &json!([]), None, &[]), Ok(json!(0)));
        assert_eq!(
            run("count", &json!([1]), None, &[]),
            Err("interface conversion: interface {} is int, not bool".into())
        );
    }

    #[test]
    fn sum_adds_like_plus_from_int_zero() {
        assert_eq!(run("sum", &json!([1, 2, 3]), None, &[]), Ok(json!(6)));
        assert_eq!(run("sum", &json!([1, 2.5]), None, &[]), Ok(json!(3.5)));
        assert_eq!(run("sum", &json!([1.0, 2.0]), None, &[]), Ok(json!(3.0)));
        assert_eq!(run("sum", &json!([]), None, &[]), Ok(json!(0)));
        assert_eq!(
            run("sum", &json!(["a"]), None, &[]),
            Err("invalid operation: string + int".into())
        );
        let mut p = fake(|x, _, _| add(&x, &x));
        assert_eq!(run("sum", &json!([1, 2]), Some(&mut p), &[]), Ok(json!(6)));
    }

    #[test]
    fn group_by_keeps_groups_in_order() {
        let data = json!([1, 2, 3, 4, 1.0]);
        let mut p = fake(|x, _, _| match x {
            Value::Int(i) => Ok(Value::Int(i % 2)),
            other => Ok(other),
        });
        let mut ctx = Context::new(Limits::default(), &SystemClock);
        let value = run_in(&mut ctx, "groupBy", &data, Some(&mut p), &[]).unwrap();
        assert_eq!(value.go_type(), "map[interface {}][]interface {}");
        let Value::Map(groups) = &value else {
            panic!("not a map")
        };
        let keys: Vec<_> = groups.entries.keys().cloned().collect();
        assert_eq!(keys, [Key::Int(1), Key::Int(0), Key::Float(1f64.to_bits())]);
        let odd = value.map_get_key(&Key::Int(1)).unwrap();
        assert_eq!(odd.to_json(), json!([1, 3]));
        assert_eq!(odd.go_type(), "[]interface {}");
    }

    #[test]
    fn group_by_rejects_incomparable_keys() {
        let data = json!([[1], {"a": 1}]);
        assert_eq!(
            run("groupBy", &data, Some(&mut fake(identity())), &[]),
            Err("cannot use []interface {} as a key for groupBy: type is not comparable".into())
        );
    }

    #[test]
    fn sort_by_orders_by_key() {
        let data = json!(["bb", "a", "ccc"]);
        let mut ctx = Context::new(Limits::default(), &SystemClock);
        let value = run_in(&mut ctx, "sortBy", &data, Some(&mut fake(length())), &[]).unwrap();
        assert_eq!(value.to_json(), json!(["a", "bb", "ccc"]));
        assert_eq!(ctx.memory_used, 3);
        let desc = [Value::Str("desc")];
        let sorted = run("sortBy", &data, Some(&mut fake(length())), &desc);
        assert_eq!(sorted, Ok(json!(["ccc", "bb", "a"])));
        let asc = [Value::Str("asc")];
        let sorted = run(
            "sortBy",
            &json!([2, 1.5, 1]),
            Some(&mut fake(identity())),
            &asc,
        );
        assert_eq!(sorted, Ok(json!([1, 1.5, 2])));
    }

    #[test]
    fn sort_by_checks_the_order_before_computing_keys() {
        let data = json!([2, 1]);
        let mut p = fake(identity());
        let up = [Value::Str("up")];
        let error = run("sortBy", &data, Some(&mut p), &up);
        assert_eq!(error, Err("unknown order, use asc or desc".into()));
        assert_eq!(p.calls, 0);
        let error = run(
            "sortBy",
            &data,
            Some(&mut fake(identity())),
            &[Value::Int(1)],
        );
        assert_eq!(error, Err("sortBy order argument must be a string".into()));
    }

    #[test]
    fn sort_by_orders_keys_above_twelve_elements_deterministically() {
        // Go's pdqsort is not stable, but it is deterministic: scimap runs the same algorithm.
        let data = Json::Array((0..40).map(|i| json!(i)).collect());
        let key = |x: &Value<'_>| x.as_i64().unwrap_or(0) % 3;
        let mut p = fake(move |x, _, _| Ok(Value::Int(key(&x))));
        let first = run("sortBy", &data, Some(&mut p), &[]).unwrap();
        let keys: Vec<i64> = first
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap() % 3)
            .collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
        let mut p = fake(move |x, _, _| Ok(Value::Int(key(&x))));
        assert_eq!(run("sortBy", &data, Some(&mut p), &[]).unwrap(), first);
    }

    #[test]
    fn sort_by_reports_incomparable_keys_like_go() {
        let error = run("sortBy", &json!(["a", 1]), Some(&mut fake(identity())), &[]);
        assert_eq!(error, Err("invalid operation: int < string".into()));
        let mut big: Vec<Json> = (0..30).map(|i| json!(i)).collect();
        big.push(json!("x"));
        let error = run(
            "sortBy",
            &Json::Array(big),
            Some(&mut fake(identity())),
            &[],
        );
        assert!(error.unwrap_err().starts_with("invalid operation:"));
    }

    #[test]
    fn sort_never_panics_on_inconsistent_keys() {
        let data = Json::Array((0..50).map(|i| json!(i)).collect());
        let mut p = fake(|x, _, _| {
            let i = x.as_i64().unwrap_or(0);
            Ok(Value::Float(if i % 4 == 0 {
                f64::NAN
            } else {
                (i % 7) as f64
            }))
        });
        let sorted = run("sortBy", &data, Some(&mut p), &[]).unwrap();
        assert_eq!(sorted.as_array().map(Vec::len), Some(50));
    }

    #[test]
    fn reduce_folds_with_and_without_an_initial_value() {
        let data = json!([1, 2, 3]);
        let mut seen = Vec::new();
        let mut p = fake(|x, i, acc| {
            seen.push(i);
            add(&acc.unwrap_or(Value::Nil), &x)
        });
        assert_eq!(run("reduce", &data, Some(&mut p), &[]), Ok(json!(6)));
        assert_eq!(p.calls, 2);
        assert_eq!(seen, [1, 2], "#index starts at 1 without an initial value");
        let mut p = fake(|x, _, acc| add(&acc.unwrap_or(Value::Nil), &x));
        assert_eq!(
            run("reduce", &data, Some(&mut p), &[Value::Int(10)]),
            Ok(json!(16))
        );
        let empty = json!([]);
        let mut p = fake(identity());
        assert_eq!(
            run("reduce", &empty, Some(&mut p), &[Value::Str("init")]),
            Ok(json!("init"))
        );
        assert_eq!(
            run("reduce", &json!([]), Some(&mut fake(identity())), &[]),
            Err("reduce of empty array with no initial value".into())
        );
    }

    #[test]
    fn limits_apply() {
        let data = Json::Array((0..10).map(|i| json!(i)).collect());
        let limits = Limits {
            memory_budget: 15,
            ..Limits::default()
        };
        let mut ctx = Context::new(limits, &SystemClock);
        run_in(&mut ctx, "map", &data, Some(&mut fake(identity())), &[]).unwrap();
        let error = run_in(&mut ctx, "map", &data, Some(&mut fake(identity())), &[]).unwrap_err();
        assert_eq!(error.message(), "memory budget exceeded");

        let limits = Limits {
            max_steps: 5,
            ..Limits::default()
        };
        let mut ctx = Context::new(limits, &SystemClock);
        let error = run_in(&mut ctx, "count", &data, Some(&mut fake(gt(0))), &[]).unwrap_err();
        assert_eq!(error.message(), "evaluation step limit exceeded");
    }

    #[test]
    fn missing_predicates_are_errors_not_panics() {
        for builtin in BUILTINS
            .iter()
            .filter(|b| !matches!(b.name, "count" | "sum"))
        {
            assert!(
                run(builtin.name, &json!([1]), None, &[]).is_err(),
                "{}",
                builtin.name
            );
        }
    }

    #[test]
    fn examples_are_json_or_expected_errors() {
        for builtin in BUILTINS {
            assert!(
                !builtin.doc.is_empty() && !builtin.examples.is_empty(),
                "{}",
                builtin.name
            );
            for example in builtin.examples {
                let well_formed = example.result.starts_with("error: ")
                    || serde_json::from_str::<Json>(example.result).is_ok();
                assert!(well_formed, "{}: {}", example.expr, example.result);
            }
        }
    }
}
