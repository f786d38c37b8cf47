//! Unary and binary operators (spec 4.1-4.7, 6.3).

use super::Checker;
use crate::diagnostic::Code;
use crate::syntax::{BinaryOp, Expr, Span, UnaryOp};
use crate::types::{Class, Kind, Type};

use Class::{Bool, Duration, Integer, Number, Time};
const STRING: Class = Class::String;

impl Checker<'_> {
    pub(super) fn unary(&mut self, expr: &Expr, op: UnaryOp, operand: &Expr) -> Type {
        let ty = self.visit(operand);
        if op != UnaryOp::Not {
            self.set_number_sound(expr, operand);
        }
        match op {
            UnaryOp::Not if ty.is_bool() || ty.is_unknown() => return Type::Bool,
            UnaryOp::Neg | UnaryOp::Plus if ty.is_number() => return ty,
            UnaryOp::Neg | UnaryOp::Plus if ty.is_unknown() => return Type::Any,
            _ => {}
        }
        let span = Span {
            start: expr.span.start,
            end: operand.span.start.max(expr.span.start.saturating_add(1)),
        };
        let help = match op {
            UnaryOp::Not => "`!` needs a bool: compare explicitly, e.g. x == nil",
            _ => "unary `-` and `+` need a number",
        };
        self.error(
            Code::Mismatch,
            format!("invalid operation: {} (mismatched type {ty})", op.symbol()),
            span,
            help,
        )
    }

    #[inline(never)]
    fn set_number_sound(&mut self, expr: &Expr, operand: &Expr) {
        let sound = self.sound(operand).non_nil();
        let sound = if sound.is_number() { sound } else { Type::Any };
        self.set_sound(expr, sound);
    }

    pub(super) fn binary(&mut self, expr: &Expr, op: BinaryOp, left: &Expr, right: &Expr) -> Type {
        let l = self.visit(left);
        let r = self.visit(right);
        if let Some(ty) = self.binary_extras(expr, op, &l, &r, left, right) {
            return ty;
        }
        self.binary_type(op, l, r, left, right)
    }

    /// The sound type and the lints of `l op r`; `Some` when a schema comparison decides the
    /// type (a warning instead of the reference's error).
    #[inline(never)]
    fn binary_extras(
        &mut self,
        expr: &Expr,
        op: BinaryOp,
        l: &Type,
        r: &Type,
        left: &Expr,
        right: &Expr,
    ) -> Option<Type> {
        let (sound_l, sound_r) = (self.sound(left), self.sound(right));
        if let Some(sound) = super::sound::binary(op, &sound_l, &sound_r) {
            self.set_sound(expr, sound);
        }
        self.lint_binary(op, left, right);
        if matches!(op, BinaryOp::Eq | BinaryOp::Ne) && !l.comparable_to(r) {
            return self.schema_comparison(op, l, r, left, right);
        }
        None
    }

    /// The type of `l op r`, once both operands are typed.
    #[inline(never)]
    fn binary_type(&mut self, op: BinaryOp, l: Type, r: Type, left: &Expr, right: &Expr) -> Type {
        let span = operator_span(op, left, right);
        let positive = op.positive().unwrap_or(op);
        let result = match positive {
            BinaryOp::In => return self.membership(&l, &r, span),
            BinaryOp::Coalesce => return coalesce(l, r),
            BinaryOp::Matches => {
                if let crate::syntax::ExprKind::Str(pattern) = &right.kind {
                    if let Err(message) = compile_regex(pattern) {
                        return self.error(
                            Code::Regex,
                            message,
                            span,
                            "escape special characters: a literal dot is \"\\\\.\" in a quoted string, `\\.` in backquotes",
                        );
                    }
                }
                ((l.is_string() || l.is_byte_slice()) && r.is_string()
                    || l.maybe_compatible(&r, &[STRING]))
                .then_some(Type::Bool)
            }
            _ => arithmetic_or_logic(positive, &l, &r),
        };
        match result {
            Some(ty) => ty,
            None => {
                let help = mismatch_help(positive, &l, &r);
                self.error(
                    Code::Mismatch,
                    format!(
                        "invalid operation: {} (mismatched types {l} and {r})",
                        positive.symbol()
                    ),
                    span,
                    &help,
                )
            }
        }
    }

    fn membership(&mut self, l: &Type, r: &Type, span: Span) -> Type {
        if (l.is_string() || l.is_unknown()) && matches!(r.kind(), Kind::Struct | Kind::Ptr) {
            return Type::Bool;
        }
        if r.is_map() {
            let key = r.key();
            if !l.is_unknown() && !l.assignable_to(&key) {
                self.error(
                    Code::Mismatch,
                    format!("cannot use {l} as type {key} in map key"),
                    span,
                    "`in` on a map tests for a key; keys of this map have another type",
                );
            }
            return Type::Bool;
        }
        if r.is_array() {
            let elem = r.elem();
            if !l.comparable_to(&elem) {
                self.error(
                    Code::Mismatch,
                    format!("cannot use {l} as type {elem} in array"),
                    span,
                    "the value can never equal an element of this array",
                );
            }
            return Type::Bool;
        }
        if (l.is_unknown() && r.is_any_of(&[STRING, Class::Array, Class::Map])) || r.is_unknown() {
            return Type::Bool;
        }
        self.error(
            Code::Mismatch,
            format!("invalid operation: in (mismatched types {l} and {r})"),
            span,
            "`in` tests membership in an array or a map; for substrings use `contains`",
        )
    }
}

/// Where the operator is written: the gap between the operands, less the blanks around it
/// (assumed symmetric, as formatted code has them).
pub(super) fn operator_span(op: BinaryOp, left: &Expr, right: &Expr) -> Span {
    if left.span.end >= right.span.start {
        return left.span.to(right.span);
    }
    let widths: &[u32] = match op {
        BinaryOp::And => &[2, 3],
        BinaryOp::Pow => &[1, 2],
        other => &[other.symbol().len() as u32],
    };
    let longest = widths.iter().copied().max().unwrap_or(1);
    let shortest = widths.iter().copied().min().unwrap_or(1);
    let (mut start, mut end) = (left.span.end, right.span.start);
    while end - start > longest && end - start >= shortest + 2 {
        start += 1;
        end -= 1;
    }
    Span { start, end }
}

/// `??`: the non-nil side's type; the left's when the right is assignable to it.
fn coalesce(l: Type, r: Type) -> Type {
    match (l.is_nil(), r.is_nil()) {
        (true, false) => r,
        (false, true) => l,
        (true, true) => Type::Nil,
        (false, false) if r.assignable_to(&l) => l,
        (false, false) => Type::Any,
    }
}

fn arithmetic_or_logic(op: BinaryOp, l: &Type, r: &Type) -> Option<Type> {
    let numbers = l.is_number() && r.is_number();
    let maybe = |classes: &[Class]| l.maybe_compatible(r, classes);
    match op {
        BinaryOp::Eq | BinaryOp::Ne => l.comparable_to(r).then_some(Type::Bool),
        BinaryOp::And | BinaryOp::Or => {
            (l.is_bool() && r.is_bool() || maybe(&[Bool])).then_some(Type::Bool)
        }
        BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge => (numbers
            || (l.is_string() && r.is_string())
            || (l.is_time() && r.is_time())
            || (l.is_duration() && r.is_duration())
            || maybe(&[Number, STRING, Time, Duration]))
        .then_some(Type::Bool),
        BinaryOp::Add => {
            if numbers {
                Some(l.promote_numeric(r))
            } else if l.is_string() && r.is_string() {
                Some(Type::String)
            } else if (l.is_time() && r.is_duration()) || (l.is_duration() && r.is_time()) {
                Some(Type::Time)
            } else if l.is_duration() && r.is_duration() {
                Some(Type::Duration)
            } else {
                maybe(&[Number, STRING, Time, Duration]).then_some(Type::Any)
            }
        }
        BinaryOp::Sub => {
            if numbers {
                Some(l.promote_numeric(r))
            } else if l.is_time() && r.is_time() {
                Some(Type::Duration)
            } else if l.is_time() && r.is_duration() {
                Some(Type::Time)
            } else if l.is_duration() && r.is_duration() {
                Some(Type::Duration)
            } else {
                maybe(&[Number, Time, Duration]).then_some(Type::Any)
            }
        }
        BinaryOp::Mul => {
            if numbers {
                Some(l.promote_numeric(r))
            } else if (l.is_number() || l.is_duration()) && (r.is_number() || r.is_duration()) {
                Some(Type::Duration)
            } else {
                maybe(&[Number, Duration]).then_some(Type::Any)
            }
        }
        BinaryOp::Div | BinaryOp::Pow => (numbers || maybe(&[Number])).then_some(Type::Float),
        BinaryOp::Mod => {
            (l.is_integer() && r.is_integer() || maybe(&[Integer])).then_some(Type::Int)
        }
        BinaryOp::Contains | BinaryOp::StartsWith | BinaryOp::EndsWith => {
            (l.is_string() && r.is_string() || maybe(&[STRING])).then_some(Type::Bool)
        }
        BinaryOp::Range => (l.is_integer() && r.is_integer() || maybe(&[Integer]))
            .then(|| Type::array_of(Type::Int)),
        _ => None,
    }
}

fn mismatch_help(op: BinaryOp, l: &Type, r: &Type) -> String {
    let text_and_number = (l.is_string() && r.is_number()) || (l.is_number() && r.is_string());
    let time_and_text = (l.is_time() && r.is_string()) || (l.is_string() && r.is_time());
    match op {
        _ if time_and_text => {
            "the string is not a time: convert it with date(x) (or date(x, layout)) first".into()
        }
        BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge if text_and_number => {
            "compare values of one type: convert with int(x), float(x) or string(x)".into()
        }
        BinaryOp::Add if text_and_number => {
            "convert one side: string(x) to concatenate, int(x) or float(x) to add".into()
        }
        BinaryOp::Add if l.is_array() && r.is_array() => "use concat(a, b) to join arrays".into(),
        BinaryOp::Eq | BinaryOp::Ne if text_and_number => {
            "compare values of one type: string(x) or int(x)".into()
        }
        BinaryOp::Eq | BinaryOp::Ne => "these values can never be equal".into(),
        BinaryOp::And | BinaryOp::Or => {
            "both sides must be bool: compare explicitly, e.g. x != nil".into()
        }
        BinaryOp::Mod => "`%` needs integers; use int(x)".into(),
        BinaryOp::Range => "`..` needs integers; use int(x)".into(),
        BinaryOp::Contains | BinaryOp::StartsWith | BinaryOp::EndsWith | BinaryOp::Matches => {
            "this operator works on strings; use string(x), or `in` for arrays".into()
        }
        _ => format!("`{}` cannot combine {l} and {r}", op.symbol()),
    }
}

/// Compiles a literal `matches` pattern as Go's RE2 reads it, returning Go-style text on
/// failure.
fn compile_regex(pattern: &str) -> Result<(), String> {
    crate::eval::go_regex::compile(pattern)
        .map(|_| ())
        .map_err(|reason| format!("error parsing regexp: {reason}: `{pattern}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_messages() {
        assert_eq!(
            compile_regex("(").unwrap_err(),
            "error parsing regexp: unclosed group: `(`"
        );
        assert!(compile_regex("[").is_err());
        assert!(compile_regex("^[a-z]+@example\\.com$").is_ok());
        assert!(compile_regex("\\101").is_ok());
        assert!(
            compile_regex("[[]").is_ok(),
            "RE2 accepts a literal [ in a class"
        );
        assert!(compile_regex("\\Qa.b\\E").is_ok());
    }
}
