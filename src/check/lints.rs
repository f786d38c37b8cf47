//! Warnings for likely mistakes that are not type errors: a condition that is always true or
//! always false (L0001), `??` on a value that is never nil (L0002), an unused `let` (L0003), a
//! schema field compared with a value of another type (L0004).
//!
//! Lints only ever add warnings; they never fail compilation, and they stay to clear cases.

use super::naming::noun;
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::types::Type;

/// Syntax trees are searched this deep at most.
const MAX_DEPTH: usize = 256;

impl Checker<'_> {
    /// L0001 on the condition of `?:` / `if`.
    pub(super) fn lint_condition(&mut self, cond: &Expr) {
        if let Some(value) = self.constant_bool(cond) {
            self.warn_constant(cond, value);
        }
    }

    fn warn_constant(&mut self, expr: &Expr, value: bool) {
        let help = if value {
            "the other branch can never be taken: remove the condition, or test what was meant"
        } else {
            "this branch can never be taken: remove the condition, or test what was meant"
        };
        self.push(
            Diagnostic::warning(
                Code::AlwaysSame,
                format!("condition is always {value}"),
                expr.span,
            )
            .with_help(help),
        );
    }

    /// L0001 on the operands of `and`/`or`, L0002 on the left of `??`.
    pub(super) fn lint_binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr) {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                for operand in [left, right] {
                    if let Some(value) = self.constant_bool(operand) {
                        self.warn_operand(op, operand, value);
                    }
                }
            }
            BinaryOp::Coalesce if self.never_nil(left) => self.warn_never_nil(left),
            _ => {}
        }
    }

    fn warn_operand(&mut self, op: BinaryOp, operand: &Expr, value: bool) {
        let decides = (op == BinaryOp::And) != value;
        let help = if decides {
            format!(
                "`{}` is then always {value}: remove it, or test what was meant",
                op.symbol()
            )
        } else {
            "this operand changes nothing: remove it, or test what was meant".to_string()
        };
        self.push(
            Diagnostic::warning(
                Code::AlwaysSame,
                format!("operand of `{}` is always {value}", op.symbol()),
                operand.span,
            )
            .with_help(help),
        );
    }

    fn warn_never_nil(&mut self, left: &Expr) {
        let ty = self.sound(left);
        self.push(
            Diagnostic::warning(
                Code::NeverNil,
                format!(
                    "the left side of `??` is never nil (it is {}), so the default is never used",
                    noun(&ty)
                ),
                left.span,
            )
            .with_help(
                "remove `?? ...`; to replace an empty value, test it: notNullOrEmpty(x) ? x : default",
            ),
        );
    }

    /// L0003: a `let` whose variable the body never mentions (names starting with `_` are
    /// exempt).
    pub(super) fn lint_unused_let(
        &mut self,
        name: &str,
        name_span: crate::syntax::Span,
        body: &Expr,
    ) {
        if name.starts_with('_') || mentions(body, name, 0) {
            return;
        }
        self.push(
            Diagnostic::warning(
                Code::UnusedLet,
                format!("variable `{name}` is never used"),
                name_span,
            )
            .with_help(format!(
                "remove `let {name} = ...;`, or use `{name}` in the expression"
            )),
        );
    }

    /// `==`/`!=` between incomparable types where one side is a schema field: at run time the
    /// comparison is simply false (the field may hold something else), so it is a warning, not
    /// an error. Returns the type (`bool`) when it applies.
    pub(super) fn schema_comparison(
        &mut self,
        op: BinaryOp,
        l: &Type,
        r: &Type,
        left: &Expr,
        right: &Expr,
    ) -> Option<Type> {
        if !self.is_schema_field(left) && !self.is_schema_field(right) {
            return None;
        }
        let span = super::operators::operator_span(op, left, right);
        let outcome = op == BinaryOp::Ne;
        let text_and_number = (l.is_string() && r.is_number()) || (l.is_number() && r.is_string());
        let diagnostic = if text_and_number {
            let fix = if self.is_schema_field(left) == l.is_string() {
                "the field is a string: compare with a string ('123'), or convert: int(field) == 123"
            } else {
                "the field is a number: compare with a number (123), or convert: string(field) == '123'"
            };
            Diagnostic::warning(
                Code::StringNumberCompare,
                format!(
                    "comparing {} with {} is always {outcome}: a string never equals a number",
                    noun(l),
                    noun(r)
                ),
                span,
            )
            .with_help(fix)
        } else {
            Diagnostic::warning(
                Code::AlwaysSame,
                format!(
                    "comparing {} with {} is always {outcome}",
                    noun(l),
                    noun(r)
                ),
                span,
            )
            .with_help("values of different types are never equal; compare with a value of the field's type")
        };
        self.push(diagnostic);
        Some(Type::Bool)
    }

    /// Whether `expr` reads a field of a schema record (`jcUser.email`, `a?.["b"]`).
    pub(super) fn is_schema_field(&self, expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::Chain(inner) => self.is_schema_field(inner),
            ExprKind::Field { base, .. } => self.is_record(base),
            ExprKind::Index { base, index, .. } => {
                matches!(index.kind, ExprKind::Str(_)) && self.is_record(base)
            }
            _ => false,
        }
    }

    fn is_record(&self, base: &Expr) -> bool {
        self.types
            .get(base)
            .is_some_and(|ty| ty.non_nil().is_schema_record())
    }

    /// Whether `expr` can never be nil: a scalar of known type, an array or map literal, or a
    /// schema field that is never absent (the list fields of `jcUser`).
    pub(super) fn never_nil(&self, expr: &Expr) -> bool {
        let sound = self.sound(expr);
        if sound.admits_nil() {
            return false;
        }
        let scalar = matches!(
            sound,
            Type::Bool
                | Type::Int
                | Type::IntOf(_)
                | Type::Float
                | Type::Float32
                | Type::String
                | Type::Time
                | Type::Duration
        );
        scalar
            || matches!(expr.kind, ExprKind::Array(_) | ExprKind::Map(_))
            || self.is_schema_field(expr)
    }

    /// The value of a condition that is known before evaluation: a literal, its negation, a
    /// comparison of two literals, or a comparison with nil of a value that is never nil.
    pub(super) fn constant_bool(&self, expr: &Expr) -> Option<bool> {
        match &expr.kind {
            ExprKind::Bool(value) => Some(*value),
            ExprKind::Unary {
                op: UnaryOp::Not,
                operand,
            } => match operand.kind {
                ExprKind::Bool(value) => Some(!value),
                _ => None,
            },
            ExprKind::Binary { op, left, right } if matches!(op, BinaryOp::Eq | BinaryOp::Ne) => {
                let equal = self.constant_equality(left, right)?;
                Some(equal == (*op == BinaryOp::Eq))
            }
            _ => None,
        }
    }

    fn constant_equality(&self, left: &Expr, right: &Expr) -> Option<bool> {
        if let (Some(a), Some(b)) = (literal(left), literal(right)) {
            return a.equals(&b);
        }
        let nil_and_never =
            |a: &Expr, b: &Expr| matches!(a.kind, ExprKind::Nil) && self.never_nil(b);
        (nil_and_never(left, right) || nil_and_never(right, left)).then_some(false)
    }
}

/// A scalar literal, for constant comparisons.
enum Literal<'a> {
    Nil,
    Bool(bool),
    Number(f64),
    Str(&'a str),
}

fn literal(expr: &Expr) -> Option<Literal<'_>> {
    Some(match &expr.kind {
        ExprKind::Nil => Literal::Nil,
        ExprKind::Bool(b) => Literal::Bool(*b),
        ExprKind::Int(i) => Literal::Number(*i as f64),
        ExprKind::Float(f) => Literal::Number(*f),
        ExprKind::Str(s) => Literal::Str(s),
        _ => return None,
    })
}

impl Literal<'_> {
    /// `==` of two literals (`None` where NaN makes it unclear).
    fn equals(&self, other: &Literal<'_>) -> Option<bool> {
        Some(match (self, other) {
            (Literal::Nil, Literal::Nil) => true,
            (Literal::Bool(a), Literal::Bool(b)) => a == b,
            (Literal::Number(a), Literal::Number(b)) if a.is_nan() || b.is_nan() => return None,
            (Literal::Number(a), Literal::Number(b)) => a == b,
            (Literal::Str(a), Literal::Str(b)) => a == b,
            _ => false,
        })
    }
}

/// Whether the identifier `name` occurs in `expr`.
fn mentions(expr: &Expr, name: &str, depth: usize) -> bool {
    if depth >= MAX_DEPTH {
        return true;
    }
    let found = |e: &Expr| mentions(e, name, depth + 1);
    match &expr.kind {
        ExprKind::Ident(ident) => ident == name,
        ExprKind::Nil
        | ExprKind::Bool(_)
        | ExprKind::Int(_)
        | ExprKind::Float(_)
        | ExprKind::Str(_)
        | ExprKind::Bytes(_)
        | ExprKind::Pointer(_) => false,
        ExprKind::Array(items) | ExprKind::Sequence(items) => items.iter().any(found),
        ExprKind::Map(pairs) => pairs.iter().any(|(k, v)| found(k) || found(v)),
        ExprKind::Unary { operand, .. } => found(operand),
        ExprKind::Binary { left, right, .. } => found(left) || found(right),
        ExprKind::Field { base, .. } => found(base),
        ExprKind::Index { base, index, .. } => found(base) || found(index),
        ExprKind::Slice { base, from, to } => {
            found(base) || from.as_deref().is_some_and(found) || to.as_deref().is_some_and(found)
        }
        ExprKind::Call { callee, args, .. } => found(callee) || args.iter().any(found),
        ExprKind::Predicate(body) | ExprKind::Chain(body) => found(body),
        ExprKind::Conditional {
            cond,
            then,
            otherwise,
            ..
        } => found(cond) || found(then) || found(otherwise),
        ExprKind::Let { value, body, .. } => found(value) || found(body),
    }
}
