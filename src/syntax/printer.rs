//! The printer: an AST back to source that parses to an equal AST, with as few parentheses as
//! the reference's parser allows.
//!
//! Parentheses follow the precedence table in [`BinaryOp::precedence`] plus the parser's
//! quirks: a `??` on the left of another operator is wrapped (they cannot mix), a relational
//! comparison on the left of another one is wrapped (`(a < b) < c` would otherwise chain), and a
//! prefix operator is wrapped when the operator after it binds at least as tightly as it does
//! (`(-a) ** b`, `(!a) * b`), since its operand would otherwise swallow that operator.

use std::fmt::Write;

use super::ast::{BinaryOp, ConditionalForm, Expr, ExprKind, Pointer, UnaryOp};

/// Prints an AST back as source text that parses to an equal AST.
///
/// ```
/// use scimap::syntax::{parse, print};
/// let ast = parse("(a ?? b) + -c ** 2").unwrap();
/// assert_eq!(print(&ast), "(a ?? b) + -c ** 2");
/// ```
pub fn print(expr: &Expr) -> String {
    let mut printer = Printer { out: String::new() };
    printer.statement(expr);
    printer.out
}

struct Printer {
    out: String,
}

/// Whether a node must be parenthesised wherever an operand is expected.
fn is_lowest(expr: &Expr) -> bool {
    matches!(
        expr.kind,
        ExprKind::Sequence(_) | ExprKind::Let { .. } | ExprKind::Conditional { .. }
    )
}

fn is_relational(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge
    )
}

/// Whether postfix operators may follow the node directly (`x.y`, `"s"[0]`), as in Go.
fn takes_postfix(expr: &Expr) -> bool {
    matches!(
        expr.kind,
        ExprKind::Ident(_)
            | ExprKind::Str(_)
            | ExprKind::Bytes(_)
            | ExprKind::Pointer(_)
            | ExprKind::Array(_)
            | ExprKind::Map(_)
            | ExprKind::Field { .. }
            | ExprKind::Index { .. }
            | ExprKind::Slice { .. }
            | ExprKind::Call { .. }
            | ExprKind::Chain(_)
    )
}

impl Printer {
    fn push(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A position where a sequence may stand unparenthesised (top level, parentheses, blocks).
    fn statement(&mut self, expr: &Expr) {
        crate::stack::guard(|| self.statement_unguarded(expr))
    }

    fn statement_unguarded(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.push("; ");
                    }
                    let last = i + 1 == items.len();
                    let wrap = matches!(item.kind, ExprKind::Sequence(_))
                        || matches!(item.kind, ExprKind::Let { .. }) && !last;
                    self.wrapped(item, wrap, |p, e| p.statement(e));
                }
            }
            _ => self.value(expr),
        }
    }

    /// An expression at precedence 0 that is not a statement (arguments, elements, ...).
    fn value(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Sequence(_) => self.parenthesised(expr),
            ExprKind::Let {
                name, value, body, ..
            } => {
                let _ = write!(self.out, "let {name} = ");
                let wrap = matches!(value.kind, ExprKind::Let { .. } | ExprKind::Sequence(_));
                self.wrapped(value, wrap, |p, e| p.statement(e));
                self.push("; ");
                self.statement(body);
            }
            ExprKind::Conditional { .. } => self.conditional(expr),
            _ => self.operand(expr, None),
        }
    }

    fn parenthesised(&mut self, expr: &Expr) {
        self.push("(");
        self.statement(expr);
        self.push(")");
    }

    fn wrapped(&mut self, expr: &Expr, wrap: bool, print: impl FnOnce(&mut Printer, &Expr)) {
        if wrap {
            self.parenthesised(expr);
        } else {
            print(self, expr);
        }
    }

    fn conditional(&mut self, expr: &Expr) {
        let ExprKind::Conditional {
            cond,
            then,
            otherwise,
            form,
        } = &expr.kind
        else {
            return;
        };
        let branch = |p: &mut Printer, e: &Expr| {
            let wrap = matches!(e.kind, ExprKind::Let { .. } | ExprKind::Sequence(_));
            p.wrapped(e, wrap, |p, e| p.value(e));
        };
        match form {
            ConditionalForm::If => {
                self.push("if ");
                self.wrapped(cond, is_lowest(cond), |p, e| p.value(e));
                self.push(" { ");
                self.statement(then);
                self.push(" } else ");
                if matches!(
                    otherwise.kind,
                    ExprKind::Conditional {
                        form: ConditionalForm::If,
                        ..
                    }
                ) {
                    self.conditional(otherwise);
                } else {
                    self.push("{ ");
                    self.statement(otherwise);
                    self.push(" }");
                }
            }
            ConditionalForm::Elvis if then == cond => {
                self.wrapped(cond, is_lowest(cond), |p, e| p.value(e));
                self.push(" ?: ");
                branch(self, otherwise);
            }
            _ => {
                self.wrapped(cond, is_lowest(cond), |p, e| p.value(e));
                self.push(" ? ");
                branch(self, then);
                self.push(" : ");
                branch(self, otherwise);
            }
        }
    }

    /// An operand; `follow` is the precedence of the binary operator printed right after it.
    fn operand(&mut self, expr: &Expr, follow: Option<u16>) {
        crate::stack::guard(|| self.operand_unguarded(expr, follow))
    }

    fn operand_unguarded(&mut self, expr: &Expr, follow: Option<u16>) {
        match &expr.kind {
            _ if is_lowest(expr) => self.parenthesised(expr),
            ExprKind::Binary { op, left, right } => self.binary(*op, left, right, follow),
            ExprKind::Unary { op, operand } => {
                if follow.is_some_and(|f| f >= op.precedence()) {
                    self.push("(");
                    self.unary(*op, operand, None);
                    self.push(")");
                } else {
                    self.unary(*op, operand, follow);
                }
            }
            _ => self.postfix(expr),
        }
    }

    fn unary(&mut self, op: UnaryOp, operand: &Expr, follow: Option<u16>) {
        self.push(op.symbol());
        let wrap = match &operand.kind {
            ExprKind::Binary { op: inner, .. } => inner.precedence() < op.precedence(),
            _ => is_lowest(operand),
        };
        if wrap {
            self.parenthesised(operand);
        } else {
            self.operand(operand, follow);
        }
    }

    fn binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr, follow: Option<u16>) {
        let precedence = op.precedence();
        let wrap_left = match &left.kind {
            ExprKind::Binary { op: inner, .. } => {
                inner.precedence() < precedence
                    || inner.precedence() == precedence && op.is_right_associative()
                    || is_relational(op) && is_relational(*inner)
                    || *inner == BinaryOp::Coalesce && op != BinaryOp::Coalesce
            }
            _ => false,
        };
        if wrap_left {
            self.parenthesised(left);
        } else {
            self.operand(left, Some(precedence));
        }
        self.push(" ");
        self.push(op.symbol());
        self.push(" ");
        let wrap_right = match &right.kind {
            ExprKind::Binary { op: inner, .. } => {
                inner.precedence() < precedence
                    || inner.precedence() == precedence && !op.is_right_associative()
            }
            _ => false,
        };
        if wrap_right {
            self.parenthesised(right);
        } else {
            self.operand(right, follow);
        }
    }

    /// A primary and its postfix operators.
    fn postfix(&mut self, expr: &Expr) {
        crate::stack::guard(|| self.postfix_unguarded(expr))
    }

    fn postfix_unguarded(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Nil => self.push("nil"),
            ExprKind::Bool(b) => self.push(if *b { "true" } else { "false" }),
            ExprKind::Int(i) => {
                let _ = write!(self.out, "{i}");
            }
            ExprKind::Float(f) => self.float(*f),
            ExprKind::Str(s) => self.string(s),
            ExprKind::Bytes(b) => self.bytes(b),
            ExprKind::Ident(name) => self.push(name),
            ExprKind::Pointer(pointer) => match pointer {
                Pointer::Element => self.push("#"),
                Pointer::Index => self.push("#index"),
                Pointer::Acc => self.push("#acc"),
                Pointer::Other(name) => {
                    self.push("#");
                    self.push(name);
                }
            },
            ExprKind::Array(items) => {
                self.push("[");
                self.list(items);
                self.push("]");
            }
            ExprKind::Map(entries) => {
                self.push("{");
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    match &key.kind {
                        ExprKind::Str(s) => self.string(s),
                        _ => self.parenthesised(key),
                    }
                    self.push(": ");
                    self.value(value);
                }
                self.push("}");
            }
            ExprKind::Field {
                base,
                name,
                optional,
            } => {
                self.base(base);
                self.push(if *optional { "?." } else { "." });
                self.push(name);
            }
            ExprKind::Index {
                base,
                index,
                optional,
            } => {
                self.base(base);
                self.push(if *optional { "?.[" } else { "[" });
                self.value(index);
                self.push("]");
            }
            ExprKind::Slice { base, from, to } => {
                self.base(base);
                self.push("[");
                if let Some(from) = from {
                    self.value(from);
                }
                self.push(":");
                if let Some(to) = to {
                    let mark = self.out.len();
                    self.value(to);
                    // `[:::f()]` would lex as `::` `:`; keep the colons apart.
                    if self.out[mark..].starts_with(':') {
                        self.out.insert(mark, ' ');
                    }
                }
                self.push("]");
            }
            ExprKind::Call {
                callee,
                args,
                force_builtin,
            } => {
                if *force_builtin {
                    self.push("::");
                }
                // `x | nil(y)` parses (a pipe takes any name), `nil(x, y)` does not: print
                // calls of the literal words in pipe form (found by fuzzing).
                if let (ExprKind::Ident(name), false, [first, rest @ ..]) =
                    (&callee.kind, *force_builtin, args.as_slice())
                {
                    if matches!(name.as_str(), "nil" | "true" | "false") {
                        self.push("(");
                        self.parenthesised(first);
                        self.push(" | ");
                        self.push(name);
                        self.push("(");
                        self.list(rest);
                        self.push("))");
                        return;
                    }
                }
                match &callee.kind {
                    ExprKind::Ident(name) => self.push(name),
                    _ => self.base(callee),
                }
                self.push("(");
                self.list(args);
                self.push(")");
            }
            ExprKind::Predicate(body) => {
                self.push("{");
                self.statement(body);
                self.push("}");
            }
            ExprKind::Chain(inner) => self.postfix(inner),
            _ => self.parenthesised(expr),
        }
    }

    /// The base of a postfix operator: parenthesised unless Go allows a postfix right after it.
    fn base(&mut self, base: &Expr) {
        if takes_postfix(base) {
            self.postfix(base);
        } else {
            self.parenthesised(base);
        }
    }

    fn list(&mut self, items: &[Expr]) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.value(item);
        }
    }

    /// Shortest text that reads back as the same `f64`, always with `.` or an exponent.
    fn float(&mut self, value: f64) {
        let text = format!("{value:?}");
        self.push(&text);
    }

    fn string(&mut self, text: &str) {
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.push("\\\""),
                '\\' => self.push("\\\\"),
                '\n' => self.push("\\n"),
                '\r' => self.push("\\r"),
                '\t' => self.push("\\t"),
                c if (c as u32) < 0x20 || c == '\u{7f}' => {
                    let _ = write!(self.out, "\\x{:02x}", c as u32);
                }
                c if c.is_control() => {
                    let _ = write!(self.out, "\\u{:04x}", c as u32);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.push("b\"");
        for &b in bytes {
            match b {
                b'"' => self.push("\\\""),
                b'\\' => self.push("\\\\"),
                0x20..=0x7e => self.out.push(b as char),
                _ => {
                    let _ = write!(self.out, "\\x{b:02x}");
                }
            }
        }
        self.out.push('"');
    }
}
