//! Constant folding and the boolean identities of the reference's optimizer (spec §7.2), plus
//! the `sum`/`reduce` of literal ranges computed at compile time (§7.9).

use crate::syntax::{BinaryOp, Expr, ExprKind, Pointer, UnaryOp};
use crate::value::Value;

use super::ir::Node;
use super::ops;

/// Folds one node whose children are already folded.
pub(crate) fn fold(node: Node) -> Node {
    match node {
        Node::Not(operand, span) => match operand.as_bool() {
            Some(b) => Node::Const(Value::Bool(!b)),
            None => Node::Not(operand, span),
        },
        Node::Neg(operand, span) => match operand.as_const() {
            Some(value @ (Value::Int(_) | Value::Float(_))) => {
                ops::neg(value).map_or(Node::Neg(operand, span), Node::Const)
            }
            _ => Node::Neg(operand, span),
        },
        Node::Plus(operand, span) => match operand.as_const() {
            Some(Value::Int(_) | Value::Float(_)) => *operand,
            _ => Node::Plus(operand, span),
        },
        Node::And(left, right, span) => match (left.as_bool(), right.as_bool()) {
            (_, Some(true)) => *left,
            (_, Some(false)) | (Some(false), _) => Node::Const(Value::Bool(false)),
            (Some(true), _) => *right,
            _ => Node::And(left, right, span),
        },
        Node::Or(left, right, span) => match (left.as_bool(), right.as_bool()) {
            (_, Some(false)) => *left,
            (_, Some(true)) | (Some(true), _) => Node::Const(Value::Bool(true)),
            (Some(false), _) => *right,
            _ => Node::Or(left, right, span),
        },
        Node::Binary {
            op,
            left,
            right,
            span,
        } => match fold_binary(op, &left, &right) {
            Some(value) => Node::Const(value),
            None => Node::Binary {
                op,
                left,
                right,
                span,
            },
        },
        other => other,
    }
}

fn fold_binary(op: BinaryOp, left: &Node, right: &Node) -> Option<Value<'static>> {
    let (a, b) = (left.as_const()?, right.as_const()?);
    let numbers = a.is_number() && b.is_number();
    match op {
        BinaryOp::Add if numbers || (a.is_string() && b.is_string()) => ops::add(a, b).ok(),
        BinaryOp::Sub if numbers => ops::sub(a, b).ok(),
        BinaryOp::Mul if numbers => ops::mul(a, b).ok(),
        BinaryOp::Div if numbers => ops::div(a, b).ok(),
        BinaryOp::Pow if numbers => ops::pow(a, b).ok(),
        BinaryOp::Mod => match (a, b) {
            (Value::Int(_), Value::Int(d)) if *d != 0 => ops::rem(a, b).ok(),
            _ => None,
        },
        BinaryOp::Eq => match (a, b) {
            (Value::Int(_), Value::Int(_))
            | (Value::String(_), Value::String(_))
            | (Value::Bool(_), Value::Bool(_)) => Some(Value::Bool(ops::equal(a, b))),
            _ => None,
        },
        _ => None,
    }
}

/// An int literal, allowing a leading minus.
fn int_literal(expr: &Expr) -> Option<i64> {
    match &expr.kind {
        ExprKind::Int(i) => Some(*i),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
        } => match operand.kind {
            ExprKind::Int(i) => Some(i.wrapping_neg()),
            _ => None,
        },
        _ => None,
    }
}

/// `m..n` with literal bounds.
fn literal_range(expr: &Expr) -> Option<(i64, i64)> {
    match &expr.kind {
        ExprKind::Binary {
            op: BinaryOp::Range,
            left,
            right,
        } => Some((int_literal(left)?, int_literal(right)?)),
        _ => None,
    }
}

fn is_element(expr: &Expr) -> bool {
    matches!(expr.kind, ExprKind::Pointer(Pointer::Element))
}

/// The sum `m + ... + n` and the count of the range, in Go's wrapping `int` arithmetic, as the
/// reference's `sumRange` computes them (`count * (m + n) / 2`, the product wrapping before the
/// halving): `sum(0..4294967296)` is 2147483648 there, not the exact sum wrapped.
fn series(from: i64, to: i64) -> (i64, i64) {
    if to < from {
        return (0, 0);
    }
    let count = to.wrapping_sub(from).wrapping_add(1);
    (count.wrapping_mul(from.wrapping_add(to)) / 2, count)
}

fn wrap(value: i64) -> Node {
    Node::Const(Value::Int(value))
}

/// `sum(m..n)` and `sum(m..n, # op k)` with literal bounds, computed now.
pub(crate) fn sum_range(arg: &Expr, predicate: Option<&Expr>) -> Option<Node> {
    let (from, to) = literal_range(arg)?;
    let (total, count) = series(from, to);
    let Some(predicate) = predicate else {
        return Some(wrap(total));
    };
    if is_element(predicate) {
        return Some(wrap(total));
    }
    let ExprKind::Binary { op, left, right } = &predicate.kind else {
        return None;
    };
    let (k, element_left) = match (is_element(left), is_element(right)) {
        (true, false) => (int_literal(right)?, true),
        (false, true) => (int_literal(left)?, false),
        _ => return None,
    };
    let value = match (op, element_left) {
        (BinaryOp::Mul, _) => k.wrapping_mul(total),
        (BinaryOp::Add, _) => total.wrapping_add(count.wrapping_mul(k)),
        (BinaryOp::Sub, true) => total.wrapping_sub(count.wrapping_mul(k)),
        (BinaryOp::Sub, false) => count.wrapping_mul(k).wrapping_sub(total),
        _ => return None,
    };
    Some(wrap(value))
}

/// `reduce(m..n, # + #acc[, k])` with literal bounds, computed now.
pub(crate) fn reduce_range(arg: &Expr, predicate: &Expr, init: Option<&Expr>) -> Option<Node> {
    let (from, to) = literal_range(arg)?;
    if to < from {
        return None;
    }
    let ExprKind::Binary {
        op: BinaryOp::Add,
        left,
        right,
    } = &predicate.kind
    else {
        return None;
    };
    let acc = |e: &Expr| matches!(e.kind, ExprKind::Pointer(Pointer::Acc));
    if !((is_element(left) && acc(right)) || (acc(left) && is_element(right))) {
        return None;
    }
    let (total, _) = series(from, to);
    let init = match init {
        Some(expr) => int_literal(expr)?,
        None => 0,
    };
    Some(wrap(init.wrapping_add(total)))
}
