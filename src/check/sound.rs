//! Sound types: the type every value of an expression has, where the reference's nature is not
//! one (`ok ? 1 : nil` is an `int` to the reference, but may be nil; `find` may find nothing;
//! `true and m.a` yields `m.a` as it is).
//!
//! These rules never report anything; they only widen types (to `T | nil`, to a join, to
//! `Any`), so that `Program::result_type` can promise what evaluation returns.

use super::TypeTable;
use crate::syntax::{BinaryOp, Expr, ExprKind};
use crate::types::{self, Type};

/// The elements of a collection whose sound type is `collection`.
pub(super) fn element(collection: &Type) -> Type {
    match collection.non_nil() {
        array @ Type::Array(_) => array.elem(),
        _ => Type::Any,
    }
}

/// What reading `name` (or an unknown key) from a value of sound type `base` gives.
pub(super) fn member(base: &Type, name: Option<&str>) -> Type {
    let base = base.non_nil();
    if let Some(method) = name.and_then(|name| types::method(&base, name)) {
        return method;
    }
    match &base {
        // A missing key reads as nil.
        Type::Map(map) => match name.and_then(|name| map.fields.get(name)) {
            Some(field) => field.clone(),
            None => map.value.clone().nullable(),
        },
        Type::Array(_) => base.elem(),
        _ => Type::Any,
    }
}

/// Whether a `?.` in the postfix chain `inner` may stop it (its base may be nil).
pub(super) fn chain_may_stop(inner: &Expr, types: &TypeTable) -> bool {
    let mut node = inner;
    for _ in 0..super::MAX_DEPTH {
        let (base, optional) = match &node.kind {
            ExprKind::Field { base, optional, .. } | ExprKind::Index { base, optional, .. } => {
                (&**base, *optional)
            }
            ExprKind::Call { callee, .. } => (&**callee, false),
            ExprKind::Slice { base, .. } => (&**base, false),
            _ => return false,
        };
        if optional && types.sound(base).is_none_or(Type::admits_nil) {
            return true;
        }
        node = base;
    }
    true
}

/// The sound type of `l op r` given the operands' sound types, for the operators whose result
/// depends on them (arithmetic, `and`/`or`, `??`); `None` for the others (always `bool`).
pub(super) fn binary(op: BinaryOp, l: &Type, r: &Type) -> Option<Type> {
    match op {
        // The optimizer folds `x and true` to `x`, and the right operand is returned as is.
        BinaryOp::And | BinaryOp::Or => Some(Type::Bool.join(l).join(r)),
        BinaryOp::Coalesce => Some(coalesce(l, r)),
        BinaryOp::Add
        | BinaryOp::Sub
        | BinaryOp::Mul
        | BinaryOp::Div
        | BinaryOp::Pow
        | BinaryOp::Mod
        | BinaryOp::Range => Some(arithmetic(op, &l.non_nil(), &r.non_nil())),
        _ => None,
    }
}

fn coalesce(l: &Type, r: &Type) -> Type {
    if l.is_nil() {
        r.clone()
    } else if l.admits_nil() {
        l.non_nil().join(r)
    } else {
        l.clone()
    }
}

fn arithmetic(op: BinaryOp, l: &Type, r: &Type) -> Type {
    if l.is_unknown() || r.is_unknown() {
        return match op {
            BinaryOp::Div | BinaryOp::Pow => Type::Float,
            BinaryOp::Range => Type::array_of(Type::Int),
            _ => Type::Any,
        };
    }
    let numbers = l.is_number() && r.is_number();
    match op {
        BinaryOp::Div | BinaryOp::Pow => Type::Float,
        BinaryOp::Mod => Type::Int,
        BinaryOp::Range => Type::array_of(Type::Int),
        _ if numbers => l.promote_numeric(r),
        BinaryOp::Add if l.is_string() && r.is_string() => Type::String,
        BinaryOp::Mul if l.is_float() || r.is_float() => Type::Float,
        _ if l.is_time() || r.is_time() => {
            if op == BinaryOp::Sub && l.is_time() && r.is_time() {
                Type::Duration
            } else {
                Type::Time
            }
        }
        _ if l.is_duration() || r.is_duration() => Type::Duration,
        _ => Type::Any,
    }
}

/// The sound type of a call of builtin `name`, from its checking type and the arguments'
/// sound types; `None` when the checking type is sound.
pub(super) fn builtin(name: &str, checking: &Type, args: &[Type]) -> Option<Type> {
    let first = args.first().cloned().unwrap_or(Type::Any);
    let sound = match name {
        "first" | "last" => element(&first).nullable(),
        "get" => member(&first, None).nullable(),
        "toScimEmails" | "toScimAddresses" | "toScimPhoneNumbers" => {
            Type::array_of(Type::json_map()).nullable()
        }
        "max" | "min" => aggregate(args),
        "mean" => Type::Float,
        "median" => Type::Int.join(&Type::Float),
        "abs" => number_or_any(&first),
        "take" => match first.non_nil() {
            array @ Type::Array(_) => array,
            _ => Type::json_array(),
        },
        _ => return None,
    };
    (sound != *checking).then_some(sound)
}

fn number_or_any(ty: &Type) -> Type {
    let ty = ty.non_nil();
    if ty.is_number() {
        ty
    } else {
        Type::Any
    }
}

/// `max`/`min` return one of their numeric arguments, or an element of an array argument.
fn aggregate(args: &[Type]) -> Type {
    args.iter()
        .map(|arg| match arg.non_nil() {
            array @ Type::Array(_) => number_or_any(&array.elem()),
            other => number_or_any(&other),
        })
        .reduce(|a, b| a.join(&b))
        .unwrap_or(Type::Any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators() {
        let any = Type::Any;
        assert_eq!(
            binary(BinaryOp::And, &Type::Bool, &Type::Bool),
            Some(Type::Bool)
        );
        assert_eq!(binary(BinaryOp::And, &Type::Bool, &any), Some(Type::Any));
        assert_eq!(
            binary(BinaryOp::Coalesce, &Type::Int.nullable(), &Type::Int),
            Some(Type::Int)
        );
        assert_eq!(
            binary(BinaryOp::Mul, &Type::Duration, &Type::Float),
            Some(Type::Float)
        );
        assert_eq!(binary(BinaryOp::Eq, &any, &any), None);
    }
}
