//! The one compile-time error of the reference's optimizer: `%` of two integer constants
//! whose divisor is zero (`7 % 0`, `1 % (2 - 2)`), reported as `integer divide by zero`.
//!
//! The optimizer folds the whole tree, including parts the checker does not look at (the key
//! of `$env[...]`, the arguments of untyped calls), so this is a separate walk.

use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::{BinaryOp, Expr, ExprKind, UnaryOp};

/// The walk stops descending below this depth (the checker reports the nesting).
const MAX_DEPTH: usize = 1000;

/// Pushes an error for every `a % b` where both fold to integer constants and `b` is zero, and
/// a warning where only `b` does (zero).
pub(super) fn report_divide_by_zero(expr: &Expr, diagnostics: &mut Vec<Diagnostic>) {
    walk(expr, diagnostics, 0);
}

fn walk(expr: &Expr, diagnostics: &mut Vec<Diagnostic>, depth: usize) {
    if depth >= MAX_DEPTH {
        return;
    }
    if let ExprKind::Binary {
        op: BinaryOp::Mod,
        left,
        right,
    } = &expr.kind
    {
        if fold(right, 0) == Some(0) {
            let span = super::operators::operator_span(BinaryOp::Mod, left, right);
            // The reference folds constants only: with a variable on the left, the division
            // fails at run time, every time.
            let diagnostic = if fold(left, 0).is_some() {
                Diagnostic::error(Code::DivideByZero, "integer divide by zero", span)
            } else {
                Diagnostic::warning(
                    Code::DivideByZero,
                    "integer divide by zero: this fails at run time for every input",
                    span,
                )
            };
            diagnostics
                .push(diagnostic.with_help("the divisor is always zero; use a non-zero divisor"));
        }
    }
    for child in children(expr) {
        crate::stack::guard(|| walk(child, diagnostics, depth + 1));
    }
}

/// The value of an integer constant expression, as the reference's optimizer folds it
/// (literals, unary `-`/`+`, and `+ - * %` with wrap-around).
fn fold(expr: &Expr, depth: usize) -> Option<i64> {
    if depth >= MAX_DEPTH {
        return None;
    }
    crate::stack::guard(|| fold_unguarded(expr, depth))
}

fn fold_unguarded(expr: &Expr, depth: usize) -> Option<i64> {
    match &expr.kind {
        ExprKind::Int(value) => Some(*value),
        ExprKind::Unary { op, operand } => {
            let value = fold(operand, depth + 1)?;
            match op {
                UnaryOp::Neg => Some(value.wrapping_neg()),
                UnaryOp::Plus => Some(value),
                UnaryOp::Not => None,
            }
        }
        ExprKind::Binary { op, left, right } => {
            let (a, b) = (fold(left, depth + 1)?, fold(right, depth + 1)?);
            match op {
                BinaryOp::Add => Some(a.wrapping_add(b)),
                BinaryOp::Sub => Some(a.wrapping_sub(b)),
                BinaryOp::Mul => Some(a.wrapping_mul(b)),
                BinaryOp::Mod if b != 0 => Some(a.wrapping_rem(b)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The direct sub-expressions of `expr`.
fn children(expr: &Expr) -> Vec<&Expr> {
    match &expr.kind {
        ExprKind::Nil
        | ExprKind::Bool(_)
        | ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bytes(_)
        | ExprKind::Ident(_)
        | ExprKind::Pointer(_) => Vec::new(),
        ExprKind::Array(items) | ExprKind::Sequence(items) => items.iter().collect(),
        ExprKind::Map(pairs) => pairs.iter().flat_map(|(k, v)| [k, v]).collect(),
        ExprKind::Unary { operand, .. } => vec![operand],
        ExprKind::Binary { left, right, .. } => vec![left, right],
        ExprKind::Field { base, .. } => vec![base],
        ExprKind::Index { base, index, .. } => vec![base, index],
        ExprKind::Slice { base, from, to } => {
            let mut out = vec![&**base];
            out.extend(from.as_deref());
            out.extend(to.as_deref());
            out
        }
        ExprKind::Call { callee, args, .. } => {
            let mut out = vec![&**callee];
            out.extend(args.iter());
            out
        }
        ExprKind::Predicate(body) | ExprKind::Chain(body) => vec![body],
        ExprKind::Conditional {
            cond,
            then,
            otherwise,
            ..
        } => vec![cond, then, otherwise],
        ExprKind::Let { value, body, .. } => vec![value, body],
    }
}
