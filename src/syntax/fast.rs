//! A fast path for the common simple expressions of mapping tables.
//!
//! pest pays a fixed cost for every rule it tries, which makes a typical mapping row
//! (`jcUser.firstname + " " + jcUser.lastname`, `providerUser?.name?.givenName ?? jcUser.email`)
//! cost microseconds. This module parses a subset of the language directly from the lexer's
//! tokens, following Go's `parseExpression` / `parsePrimary` / `parsePostfixExpression` exactly
//! as `lower.rs` does: names, literals, arrays, maps, calls, member access, `?.`, indexing,
//! prefix operators, every binary operator except the `not` forms, pipes, ternaries, and
//! predicate builtins with `#`, `#index`, `.field`. Not here: `let`, `if`, sequences, slices,
//! `::name(...)`, bytes, computed map keys, `not in` and friends.
//!
//! It never reports an error: anything outside the subset, or anything wrong, returns `None`
//! and the pest grammar parses the source (and produces the diagnostic). Tests check that both
//! paths build identical trees, spans included, over the whole conformance corpus.

use super::ast::{
    BinaryOp, ConditionalForm, Expr, ExprKind, Pointer, Span, UnaryOp, PREDICATE_BUILTINS,
};
use super::lexer::{Token, TokenKind};
use super::literal::{self, Number};

/// Sources with more tokens than this go to pest, which enforces the node and depth limits.
const MAX_TOKENS: usize = 512;

/// Parses `source` if it is in the fast subset. `tokens` are the lexer's, ending with `Eof`.
pub(crate) fn parse(source: &str, tokens: &[Token]) -> Option<Expr> {
    if tokens.len() > MAX_TOKENS {
        return None;
    }
    let mut parser = Fast {
        source,
        tokens,
        pos: 0,
        predicates: 0,
    };
    let expr = parser.expression(0)?;
    (parser.kind() == TokenKind::Eof).then_some(expr)
}

struct Fast<'s, 't> {
    source: &'s str,
    tokens: &'t [Token],
    pos: usize,
    /// Enclosing predicates (`#` and `.field` need one).
    predicates: usize,
}

fn is_relational(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge
    )
}

fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    let span = left.span.to(right.span);
    let kind = ExprKind::Binary {
        op,
        left: Box::new(left),
        right: Box::new(right),
    };
    Expr::new(kind, span)
}

impl<'s> Fast<'s, '_> {
    fn token(&self) -> Token {
        let last = self.tokens.len().saturating_sub(1);
        self.tokens
            .get(self.pos.min(last))
            .copied()
            .unwrap_or(Token {
                kind: TokenKind::Eof,
                span: Span::default(),
            })
    }

    fn kind(&self) -> TokenKind {
        self.token().kind
    }

    fn text(&self) -> &'s str {
        self.source.get(self.token().span.range()).unwrap_or("")
    }

    fn is(&self, kind: TokenKind, text: &str) -> bool {
        self.kind() == kind && self.text() == text
    }

    fn next(&mut self) {
        self.pos += 1;
    }

    /// Consumes the bracket `text` and returns its span.
    fn expect(&mut self, text: &str) -> Option<Span> {
        let token = self.token();
        if !self.is(TokenKind::Bracket, text) {
            return None;
        }
        self.next();
        Some(token.span)
    }

    /// The binary operator of the current token, if it is one the fast path handles.
    fn binary_op(&self) -> Option<BinaryOp> {
        use BinaryOp::*;
        if self.kind() != TokenKind::Operator {
            return None;
        }
        Some(match self.text() {
            "??" => Coalesce,
            "||" | "or" => Or,
            "&&" | "and" => And,
            "==" => Eq,
            "!=" => Ne,
            "<=" => Le,
            ">=" => Ge,
            "<" => Lt,
            ">" => Gt,
            "**" | "^" => Pow,
            ".." => Range,
            "+" => Add,
            "-" => Sub,
            "*" => Mul,
            "/" => Div,
            "%" => Mod,
            "in" => In,
            "matches" => Matches,
            "contains" => Contains,
            "startsWith" => StartsWith,
            "endsWith" => EndsWith,
            _ => return None,
        })
    }

    /// Go's `parseExpression` for the subset (no `let`, `if`, ternary, pipe, `not` forms).
    fn expression(&mut self, precedence: u16) -> Option<Expr> {
        let mut left = self.primary()?;
        let mut previous = None;
        loop {
            if self.is(TokenKind::Operator, "not") {
                return None;
            }
            if precedence == 0 && self.is(TokenKind::Operator, "|") {
                left = self.pipe(left)?;
                previous = None;
                continue;
            }
            let Some(op) = self.binary_op() else { break };
            if op.precedence() < precedence {
                break;
            }
            self.next();
            if previous == Some(BinaryOp::Coalesce) && op != BinaryOp::Coalesce {
                return None;
            }
            left = if is_relational(op) {
                self.comparison(left, op)?
            } else {
                let next = if op.is_right_associative() {
                    op.precedence()
                } else {
                    op.precedence() + 1
                };
                let right = self.expression(next)?;
                binary(op, left, right)
            };
            previous = Some(op);
        }
        if precedence == 0 {
            return self.conditional(left);
        }
        Some(left)
    }

    /// Go's `parseConditional`: `c ? a : b` and `c ?: b`.
    fn conditional(&mut self, mut node: Expr) -> Option<Expr> {
        while self.is(TokenKind::Operator, "?") {
            self.next();
            let (then, otherwise, form) = if self.is(TokenKind::Operator, ":") {
                self.next();
                let otherwise = self.expression(0)?;
                (node.clone(), otherwise, ConditionalForm::Elvis)
            } else {
                let then = self.expression(0)?;
                if !self.is(TokenKind::Operator, ":") {
                    return None;
                }
                self.next();
                (then, self.expression(0)?, ConditionalForm::Ternary)
            };
            let span = node.span.to(otherwise.span);
            let kind = ExprKind::Conditional {
                cond: Box::new(node),
                then: Box::new(then),
                otherwise: Box::new(otherwise),
                form,
            };
            node = Expr::new(kind, span);
        }
        Some(node)
    }

    /// `left | name(args)`: a call with `left` as the first argument.
    fn pipe(&mut self, left: Expr) -> Option<Expr> {
        self.next();
        let name = self.token();
        if name.kind != TokenKind::Identifier {
            return None;
        }
        self.next();
        self.call(name, vec![left])
    }

    /// Go's `parseCall` after the name: predicate builtins slot by slot, others plainly.
    /// The call's span runs from the first argument given (`left` of a pipe) or the name.
    fn call(&mut self, name: Token, mut args: Vec<Expr>) -> Option<Expr> {
        let text = self.source.get(name.span.range()).unwrap_or("");
        let start = args.first().map_or(name.span, |first| first.span);
        let callee = Expr::new(ExprKind::Ident(text.to_string()), name.span);
        let close = match PREDICATE_BUILTINS.iter().find(|(n, _, _)| *n == text) {
            Some(&(_, required, optional)) => {
                self.predicate_arguments(&mut args, required, optional)?
            }
            None => {
                let (more, close) = self.arguments()?;
                args.extend(more);
                close
            }
        };
        let kind = ExprKind::Call {
            callee: Box::new(callee),
            args,
            force_builtin: false,
        };
        Some(Expr::new(kind, start.to(close)))
    }

    /// The slots of a predicate builtin (`E, P`, `E, P?`, `E, P, E?`); any arity problem is
    /// left to pest, which reports it.
    fn predicate_arguments(
        &mut self,
        args: &mut Vec<Expr>,
        required: usize,
        optional: usize,
    ) -> Option<Span> {
        self.expect("(")?;
        let first = args.len();
        for slot in first..required + optional {
            if self.is(TokenKind::Bracket, ")") {
                if slot < required {
                    return None;
                }
                break;
            }
            if slot > first {
                self.comma()?;
            }
            let arg = if slot == 1 {
                self.predicate()?
            } else {
                self.expression(0)?
            };
            args.push(arg);
        }
        if self.is(TokenKind::Operator, ",") {
            self.next();
        }
        self.expect(")")
    }

    /// Go's `parsePredicate`: `{ expr }` or a bare expression (no `;` in either, here).
    fn predicate(&mut self) -> Option<Expr> {
        let open = self.token();
        let block = self.is(TokenKind::Bracket, "{");
        if block {
            self.next();
        }
        self.predicates += 1;
        let body = self.expression(0)?;
        self.predicates -= 1;
        let span = if block {
            open.span.to(self.expect("}")?)
        } else {
            if self.is(TokenKind::Operator, ";") {
                return None;
            }
            body.span
        };
        Some(Expr::new(ExprKind::Predicate(Box::new(body)), span))
    }

    /// Go's `parseComparison`: `a < b <= c` is `(a < b) && (b <= c)`.
    fn comparison(&mut self, mut left: Expr, mut op: BinaryOp) -> Option<Expr> {
        let mut root: Option<Expr> = None;
        loop {
            let right = self.expression(op.precedence() + 1)?;
            let next = self.binary_op().filter(|next| is_relational(*next));
            let (compared, carried) = match next {
                Some(_) => (right.clone(), Some(right)),
                None => (right, None),
            };
            let comparison = binary(op, left, compared);
            root = Some(match root {
                None => comparison,
                Some(root) => binary(BinaryOp::And, root, comparison),
            });
            match (next, carried) {
                (Some(next), Some(carried)) => {
                    self.next();
                    op = next;
                    left = carried;
                }
                _ => return root,
            }
        }
    }

    /// Go's `parsePrimary` for the subset.
    fn primary(&mut self) -> Option<Expr> {
        let token = self.token();
        let unary = match (token.kind, self.text()) {
            (TokenKind::Operator, "!" | "not") => Some(UnaryOp::Not),
            (TokenKind::Operator, "-") => Some(UnaryOp::Neg),
            (TokenKind::Operator, "+") => Some(UnaryOp::Plus),
            _ => None,
        };
        if let Some(op) = unary {
            self.next();
            let operand = self.expression(op.precedence())?;
            let span = token.span.to(operand.span);
            let kind = ExprKind::Unary {
                op,
                operand: Box::new(operand),
            };
            return self.postfix(Expr::new(kind, span));
        }
        if self.predicates > 0 && self.is(TokenKind::Operator, "#") {
            self.next();
            let mut span = token.span;
            let pointer = if self.kind() == TokenKind::Identifier {
                span = span.to(self.token().span);
                let name = self.text();
                self.next();
                match name {
                    "index" => Pointer::Index,
                    "acc" => Pointer::Acc,
                    other => Pointer::Other(other.to_string()),
                }
            } else {
                Pointer::Element
            };
            return self.postfix(Expr::new(ExprKind::Pointer(pointer), span));
        }
        if self.predicates > 0 && self.is(TokenKind::Operator, ".") {
            let at = token.span.start as usize;
            let element = Expr::new(ExprKind::Pointer(Pointer::Element), Span::new(at, at));
            return self.postfix(element);
        }
        if self.is(TokenKind::Bracket, "(") {
            self.next();
            let mut inner = self.expression(0)?;
            let close = self.expect(")")?;
            inner.span = token.span.to(close);
            return self.postfix(inner);
        }
        self.secondary()
    }

    /// Go's `parseSecondary` for the subset.
    fn secondary(&mut self) -> Option<Expr> {
        let token = self.token();
        let text = self.text();
        match token.kind {
            TokenKind::Identifier => {
                self.next();
                let literal = match text {
                    "true" => Some(ExprKind::Bool(true)),
                    "false" => Some(ExprKind::Bool(false)),
                    "nil" => Some(ExprKind::Nil),
                    _ => None,
                };
                if let Some(kind) = literal {
                    return Some(Expr::new(kind, token.span));
                }
                let node = if self.is(TokenKind::Bracket, "(") {
                    self.call(token, Vec::new())?
                } else {
                    Expr::new(ExprKind::Ident(text.to_string()), token.span)
                };
                self.postfix(node)
            }
            TokenKind::Number => {
                self.next();
                let kind = match literal::number(text).ok()? {
                    Number::Int(i) => ExprKind::Int(i),
                    Number::Float(f) => ExprKind::Float(f),
                };
                Some(Expr::new(kind, token.span))
            }
            TokenKind::String => {
                self.next();
                let value = literal::string_value(text)?;
                self.postfix(Expr::new(ExprKind::Str(value), token.span))
            }
            TokenKind::Bracket if text == "[" => {
                self.next();
                let mut items = Vec::new();
                while !self.is(TokenKind::Bracket, "]") {
                    if !items.is_empty() {
                        self.comma()?;
                        if self.is(TokenKind::Bracket, "]") {
                            break;
                        }
                    }
                    items.push(self.expression(0)?);
                }
                let close = self.expect("]")?;
                self.postfix(Expr::new(ExprKind::Array(items), token.span.to(close)))
            }
            TokenKind::Bracket if text == "{" => {
                self.next();
                let mut entries = Vec::new();
                while !self.is(TokenKind::Bracket, "}") {
                    if !entries.is_empty() {
                        self.comma()?;
                        if self.is(TokenKind::Bracket, "}") {
                            break;
                        }
                    }
                    entries.push(self.map_entry()?);
                }
                let close = self.expect("}")?;
                self.postfix(Expr::new(ExprKind::Map(entries), token.span.to(close)))
            }
            _ => None,
        }
    }

    /// `key: value` with a name, number or string key (computed keys go to pest).
    fn map_entry(&mut self) -> Option<(Expr, Expr)> {
        let key = self.token();
        let text = self.text();
        let name = match key.kind {
            TokenKind::Identifier | TokenKind::Number => text.to_string(),
            TokenKind::String => literal::string_value(text)?,
            _ => return None,
        };
        self.next();
        if !self.is(TokenKind::Operator, ":") {
            return None;
        }
        self.next();
        let value = self.expression(0)?;
        Some((Expr::new(ExprKind::Str(name), key.span), value))
    }

    fn comma(&mut self) -> Option<()> {
        if !self.is(TokenKind::Operator, ",") {
            return None;
        }
        self.next();
        Some(())
    }

    /// Go's `parseArguments`: `(a, b,)`, returning the arguments and the span of `)`.
    fn arguments(&mut self) -> Option<(Vec<Expr>, Span)> {
        self.expect("(")?;
        let mut args = Vec::new();
        while !self.is(TokenKind::Bracket, ")") {
            if !args.is_empty() {
                self.comma()?;
                if self.is(TokenKind::Bracket, ")") {
                    break;
                }
            }
            args.push(self.expression(0)?);
        }
        let close = self.expect(")")?;
        Some((args, close))
    }

    /// Go's `parsePostfixExpression` for `.name`, `?.name`, `.name(args)`, `[i]`, `?.[i]`.
    fn postfix(&mut self, mut node: Expr) -> Option<Expr> {
        loop {
            let token = self.token();
            let text = self.text();
            match (token.kind, text) {
                (TokenKind::Operator, "." | "?.") => {
                    self.next();
                    let optional = text == "?.";
                    if optional && self.is(TokenKind::Bracket, "[") {
                        node = self.index(node, true)?;
                        continue;
                    }
                    let name = self.token();
                    let valid = match name.kind {
                        TokenKind::Identifier => true,
                        TokenKind::Operator => self.text().chars().all(char::is_alphabetic),
                        _ => false,
                    };
                    if !valid || self.text().is_empty() {
                        return None;
                    }
                    let name_text = self.text().to_string();
                    self.next();
                    let (base, was_chain) = match node.kind {
                        ExprKind::Chain(inner) => (*inner, true),
                        _ => (node, false),
                    };
                    let span = base.span.to(name.span);
                    let field = ExprKind::Field {
                        base: Box::new(base),
                        name: name_text,
                        optional,
                    };
                    node = Expr::new(field, span);
                    if self.is(TokenKind::Bracket, "(") {
                        let (args, close) = self.arguments()?;
                        let span = node.span.to(close);
                        let kind = ExprKind::Call {
                            callee: Box::new(node),
                            args,
                            force_builtin: false,
                        };
                        node = Expr::new(kind, span);
                    }
                    if was_chain || optional {
                        let span = node.span;
                        node = Expr::new(ExprKind::Chain(Box::new(node)), span);
                    }
                }
                (TokenKind::Bracket, "[") => node = self.index(node, false)?,
                _ => return Some(node),
            }
        }
    }

    /// `[i]` or (after `?.`) `?.[i]`; slices go to pest.
    fn index(&mut self, base: Expr, optional: bool) -> Option<Expr> {
        self.expect("[")?;
        if self.is(TokenKind::Operator, ":") {
            return None;
        }
        let index = self.expression(0)?;
        let close = self.expect("]")?;
        let span = base.span.to(close);
        let kind = ExprKind::Index {
            base: Box::new(base),
            index: Box::new(index),
            optional,
        };
        let node = Expr::new(kind, span);
        if optional {
            return Some(Expr::new(ExprKind::Chain(Box::new(node)), span));
        }
        Some(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::lexer;

    fn fast(source: &str) -> Option<Expr> {
        let scan = lexer::scan(source, true).ok()?;
        parse(source, &scan.tokens)
    }

    #[test]
    fn common_mapping_rows_take_the_fast_path() {
        for source in [
            "jcUser.email",
            "jcUser.firstname + ' ' + jcUser.lastname",
            "providerUser?.name?.givenName ?? jcUser.firstname",
            "jcUser.addresses[0]?.locality",
            "lower(trim(jcUser.email))",
            "jcUser.department == 'IT' ? 'tech' : 'other'",
            "jcUser.manager ?: 'none'",
            "[{\"value\": jcUser.email, \"type\": \"work\", \"primary\": true}]",
            "filter(jcUser.addresses, .type == 'work') | map(.locality) | first() ?? 'unknown'",
            "map(jcUser.phoneNumbers, {#.number})",
            "count(jcUser.emails, # contains '@') > 0",
            "reduce(1..3, #acc + #index, 0)",
            "-1 .x",
        ] {
            assert!(fast(source).is_some(), "{source}");
        }
        for source in [
            "let x = 1; x",
            "a not in b",
            "a[1:2]",
            "map(a)",
            "# > 1",
            "1;",
        ] {
            assert!(fast(source).is_none(), "{source}");
        }
    }
}
