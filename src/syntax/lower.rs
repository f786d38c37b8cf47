//! Lowering: pest pairs into the AST, with the reference's precedence-climbing loop by hand.
//!
//! The grammar keeps binary expressions flat (`operand (operator operand)*`, operands being
//! prefix operators, a primary and its postfix operators). [`Lowering::climb`] walks that flat
//! sequence exactly as Go's `parseExpression(precedence)` walks tokens, which reproduces:
//! `??` binding tightest and refusing to mix, `not in` pushed back to an outer loop when its
//! precedence is too low, relational chaining (`a < b < c`), unary `-` at 90 but `not` at 50,
//! right-associative `**`, and the pipe `a | f(b)` as `f(a, b)` at precedence 0.

use pest::iterators::{Pair, Pairs};

use super::ast::{
    BinaryOp, ConditionalForm, Expr, ExprKind, Pointer, Span, UnaryOp, PREDICATE_BUILTINS,
};
use super::lexer;
use super::literal::{self, Number};
use super::parser::{ParseLimits, Rule, MAX_DEPTH};
use crate::diagnostic::{Code, Diagnostic};

type Result<T> = std::result::Result<T, Diagnostic>;

/// Lowers a successful `program` parse.
pub(crate) fn program(
    source: &str,
    mut pairs: Pairs<'_, Rule>,
    limits: &ParseLimits,
) -> Result<Expr> {
    let mut lowering = Lowering {
        source,
        limits: *limits,
        nodes: 0,
        predicate_depth: 0,
        depth: 0,
    };
    let program = pairs.next().ok_or_else(|| internal(source, 0))?;
    let sequence = program
        .into_inner()
        .next()
        .ok_or_else(|| internal(source, 0))?;
    let expr = lowering.sequence(sequence)?;
    // A tree has at most as many levels as nodes; only big trees need measuring.
    if lowering.nodes > MAX_DEPTH && expr.depth() > MAX_DEPTH {
        return Err(Diagnostic::error(
            Code::TooLarge,
            format!(
                "expression nests too deeply (its syntax tree has more than {MAX_DEPTH} levels)"
            ),
            expr.span,
        )
        .with_help("split long chains of operators into parts bound with `let`"));
    }
    Ok(expr)
}

/// An error for a shape the grammar cannot produce (kept as an error, never a panic).
fn internal(source: &str, at: usize) -> Diagnostic {
    let at = at.min(source.len());
    Diagnostic::error(
        Code::Syntax,
        "internal error: unexpected parse tree",
        Span::new(at, at),
    )
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    Span::new(span.start(), span.end())
}

/// One element of a flat binary expression, as the climbing loop sees it.
enum Item<'i> {
    /// `-`, `+`, `!`, `not` before an operand.
    Prefix(UnaryOp, Span),
    /// A literal or primary.
    Atom(Pair<'i, Rule>),
    /// `.name`, `?.name`, `[i]`, `?.[i]` after an atom.
    Postfix(Pair<'i, Rule>),
    /// A postfix operator after a literal with a prefix operator: it applies to the innermost
    /// unary node (`-1 .x` is `(-1).x`).
    UnaryPostfix(Pair<'i, Rule>),
    /// A postfix operator after a literal without a prefix operator: an error, as in Go.
    BadPostfix(Pair<'i, Rule>),
    /// A binary operator; `token` is the operator token Go reports errors at (for `not in`,
    /// the `in`).
    Infix {
        op: BinaryOp,
        span: Span,
        token: Span,
    },
    /// `| name(args)`.
    Pipe(Pair<'i, Rule>),
}

/// Walks the children of a `binary` pair, opening operands, with one item of lookahead.
struct Cursor<'i> {
    outer: Pairs<'i, Rule>,
    inner: Option<Pairs<'i, Rule>>,
    peeked: Option<Item<'i>>,
    /// Prefix operators seen in the current operand.
    prefixes: usize,
    /// Whether the current operand's atom is a number, bool or nil literal.
    literal: bool,
}

impl<'i> Cursor<'i> {
    fn new(binary: Pair<'i, Rule>) -> Cursor<'i> {
        Cursor {
            outer: binary.into_inner(),
            inner: None,
            peeked: None,
            prefixes: 0,
            literal: false,
        }
    }

    fn next(&mut self) -> Option<Item<'i>> {
        if let Some(item) = self.peeked.take() {
            return Some(item);
        }
        loop {
            if let Some(pair) = self.inner.as_mut().and_then(Iterator::next) {
                return Some(self.inner_item(pair));
            }
            self.inner = None;
            let pair = self.outer.next()?;
            match pair.as_rule() {
                Rule::operand => {
                    self.inner = Some(pair.into_inner());
                    self.prefixes = 0;
                    self.literal = false;
                }
                Rule::infix => return Some(infix_item(pair)),
                _ => return Some(Item::Pipe(pair)),
            }
        }
    }

    fn peek(&mut self) -> Option<&Item<'i>> {
        if self.peeked.is_none() {
            self.peeked = self.next();
        }
        self.peeked.as_ref()
    }

    fn inner_item(&mut self, pair: Pair<'i, Rule>) -> Item<'i> {
        match pair.as_rule() {
            Rule::prefix => {
                self.prefixes += 1;
                let op = match pair.as_str() {
                    "-" => UnaryOp::Neg,
                    "+" => UnaryOp::Plus,
                    _ => UnaryOp::Not,
                };
                Item::Prefix(op, span_of(&pair))
            }
            Rule::member | Rule::bracket | Rule::optional_bracket => match self.literal {
                false => Item::Postfix(pair),
                true if self.prefixes > 0 => Item::UnaryPostfix(pair),
                true => Item::BadPostfix(pair),
            },
            _ => {
                self.literal = is_literal(&pair);
                Item::Atom(pair)
            }
        }
    }
}

/// Numbers and the names `true`, `false`, `nil` (not called): Go takes no postfix after them.
fn is_literal(pair: &Pair<'_, Rule>) -> bool {
    match pair.as_rule() {
        Rule::number => true,
        Rule::literal_word => true,
        Rule::name_or_call => matches!(pair.as_str(), "true" | "false" | "nil"),
        _ => false,
    }
}

fn infix_item(pair: Pair<'_, Rule>) -> Item<'_> {
    let span = span_of(&pair);
    let mut token = span;
    let op = match pair.into_inner().next() {
        Some(inner) if inner.as_rule() == Rule::not_op => {
            let suffix = inner.into_inner().nth(1);
            let text = suffix.as_ref().map_or("in", |s| s.as_str());
            if let Some(suffix) = &suffix {
                token = span_of(suffix);
            }
            match text {
                "matches" => BinaryOp::NotMatches,
                "contains" => BinaryOp::NotContains,
                "startsWith" => BinaryOp::NotStartsWith,
                "endsWith" => BinaryOp::NotEndsWith,
                _ => BinaryOp::NotIn,
            }
        }
        Some(inner) => binary_op(inner.as_str()),
        None => BinaryOp::Or,
    };
    Item::Infix { op, span, token }
}

fn binary_op(text: &str) -> BinaryOp {
    use BinaryOp::*;
    match text {
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
        _ => EndsWith,
    }
}

/// `< > <= >=`: the operators that chain (`a < b < c` is `a < b && b < c`).
fn is_relational(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge
    )
}

struct Lowering<'s> {
    source: &'s str,
    /// Nodes created so far, counted about as Go counts them (member names and map entries
    /// count too).
    nodes: usize,
    /// How many predicates enclose the current position (`#` and `.x` need at least one).
    predicate_depth: usize,
    /// Recursion depth, a second guard behind the nesting pre-scan.
    depth: usize,
    /// The node and nesting limits.
    limits: ParseLimits,
}

impl<'s> Lowering<'s> {
    fn text(&self, span: Span) -> &'s str {
        self.source.get(span.range()).unwrap_or("")
    }

    /// Creates a node, counting it against the node limit.
    fn node(&mut self, kind: ExprKind, span: Span) -> Result<Expr> {
        self.count(1, span)?;
        Ok(Expr::new(kind, span))
    }

    fn count(&mut self, nodes: usize, span: Span) -> Result<()> {
        self.nodes += nodes;
        if self.nodes > self.limits.max_nodes {
            return Err(Diagnostic::error(
                Code::TooLarge,
                "compilation failed: expression exceeds maximum allowed nodes",
                span,
            )
            .with_help(format!(
                "an expression may have at most {} syntax nodes; split it into smaller ones",
                self.limits.max_nodes
            )));
        }
        Ok(())
    }

    fn enter(&mut self, span: Span) -> Result<()> {
        self.depth += 1;
        if self.depth > self.limits.max_nesting.saturating_mul(4) {
            return Err(Diagnostic::error(
                Code::TooLarge,
                format!(
                    "expression nests too deeply (more than {} levels)",
                    self.limits.max_nesting
                ),
                span,
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// An `unexpected token X` error at the token starting at or after `at`.
    fn unexpected(&self, at: usize) -> Diagnostic {
        let tokens = lexer::tokens(self.source);
        match lexer::token_at(&tokens, at) {
            Some(token) => Diagnostic::error(
                Code::Syntax,
                format!("unexpected token {}", lexer::describe(self.source, token)),
                token.span,
            ),
            None => internal(self.source, at),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Sequences and expressions at precedence 0

    fn sequence(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        let mut items = Vec::new();
        for expr in pair.into_inner() {
            items.push(self.expr(expr)?);
        }
        match items.len() {
            1 => items
                .pop()
                .ok_or_else(|| internal(self.source, span.start as usize)),
            0 => Err(internal(self.source, span.start as usize)),
            _ => {
                let span = items[0].span.to(items[items.len() - 1].span);
                self.node(ExprKind::Sequence(items), span)
            }
        }
    }

    fn expr(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        crate::stack::guard(|| self.expr_unguarded(pair))
    }

    fn expr_unguarded(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        self.enter(span)?;
        let mut inner = pair.into_inner();
        let first = inner
            .next()
            .ok_or_else(|| internal(self.source, span.start as usize))?;
        let mut node = match first.as_rule() {
            Rule::let_expr => self.let_expr(first)?,
            Rule::if_expr => self.if_expr(first)?,
            _ => self.binary(first)?,
        };
        for ternary in inner {
            node = self.ternary(node, ternary)?;
        }
        self.leave();
        Ok(node)
    }

    fn let_expr(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        let mut inner = pair.into_inner().skip(1); // `let`
        let mut next = || {
            inner
                .next()
                .ok_or_else(|| internal(self.source, span.start as usize))
        };
        let name = next()?;
        let _assign = next()?;
        let value = next()?;
        let body = next()?;
        let name_span = span_of(&name);
        let name = name.as_str().to_string();
        let value = self.expr(value)?;
        let body = self.sequence(body)?;
        let kind = ExprKind::Let {
            name,
            name_span,
            value: Box::new(value),
            body: Box::new(body),
        };
        self.node(kind, span)
    }

    fn if_expr(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        let mut parts = pair
            .into_inner()
            .filter(|p| !matches!(p.as_rule(), Rule::kw_if | Rule::kw_else));
        let mut next = || {
            parts
                .next()
                .ok_or_else(|| internal(self.source, span.start as usize))
        };
        let cond = next()?;
        let then = next()?;
        let otherwise = next()?;
        let cond = self.expr(cond)?;
        let then = self.block(then)?;
        let otherwise = match otherwise.as_rule() {
            Rule::if_expr => self.if_expr(otherwise)?,
            _ => self.block(otherwise)?,
        };
        let kind = ExprKind::Conditional {
            cond: Box::new(cond),
            then: Box::new(then),
            otherwise: Box::new(otherwise),
            form: ConditionalForm::If,
        };
        self.node(kind, span)
    }

    fn block(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        let sequence = pair
            .into_inner()
            .next()
            .ok_or_else(|| internal(self.source, span.start as usize))?;
        self.sequence(sequence)
    }

    fn ternary(&mut self, cond: Expr, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        let mut inner = pair.into_inner().skip(1); // `?`
        let first = inner
            .next()
            .ok_or_else(|| internal(self.source, span.start as usize))?;
        let (then, otherwise, form) = if first.as_rule() == Rule::elvis {
            let value = first
                .into_inner()
                .nth(1)
                .ok_or_else(|| internal(self.source, span.start as usize))?;
            let otherwise = self.expr(value)?;
            // `a ?: b` is `a ? a : b`: the copy of `a` counts against the node limit, so that
            // nested Elvis operators cannot double the tree at every level (found by fuzzing:
            // 217 bytes took minutes and gigabytes).
            let room = self.limits.max_nodes.saturating_sub(self.nodes);
            self.count(nodes_up_to(&cond, room.saturating_add(1)), cond.span)?;
            (cond.clone(), otherwise, ConditionalForm::Elvis)
        } else {
            let then = self.expr(first)?;
            let otherwise = inner
                .nth(1)
                .ok_or_else(|| internal(self.source, span.start as usize))?;
            (then, self.expr(otherwise)?, ConditionalForm::Ternary)
        };
        let span = cond.span.to(otherwise.span);
        let kind = ExprKind::Conditional {
            cond: Box::new(cond),
            then: Box::new(then),
            otherwise: Box::new(otherwise),
            form,
        };
        self.node(kind, span)
    }

    // -----------------------------------------------------------------------------------------
    // Binary expressions: Go's precedence climbing over the flat sequence

    fn binary(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let mut cursor = Cursor::new(pair);
        let node = self.climb(&mut cursor, 0)?;
        match cursor.next() {
            None => Ok(node),
            Some(Item::BadPostfix(pair) | Item::UnaryPostfix(pair)) => {
                Err(self.unexpected(pair.as_span().start()))
            }
            Some(_) => Err(internal(self.source, node.span.end as usize)),
        }
    }

    /// Go's `parseExpression(precedence)` without `let`, `if` and the ternary suffix.
    fn climb(&mut self, cursor: &mut Cursor<'_>, precedence: u16) -> Result<Expr> {
        crate::stack::guard(|| self.climb_unguarded(cursor, precedence))
    }

    fn climb_unguarded(&mut self, cursor: &mut Cursor<'_>, precedence: u16) -> Result<Expr> {
        let mut left = self.primary(cursor)?;
        self.enter(left.span)?;
        let mut previous: Option<BinaryOp> = None;
        loop {
            match cursor.peek() {
                Some(&Item::Infix { op, span, token }) if op.precedence() >= precedence => {
                    cursor.next();
                    if previous == Some(BinaryOp::Coalesce) && op != BinaryOp::Coalesce {
                        let word = self.text(token);
                        return Err(Diagnostic::error(
                            Code::CoalesceMix,
                            format!("Operator ({word}) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses."),
                            token,
                        )
                        .with_help("add parentheses around the `??` expression or around the other operand"));
                    }
                    left = if is_relational(op) {
                        self.comparison(cursor, left, op, span)?
                    } else {
                        let next = if op.is_right_associative() {
                            op.precedence()
                        } else {
                            op.precedence() + 1
                        };
                        let right = self.climb(cursor, next)?;
                        let span = left.span.to(right.span);
                        self.binary_node(op, left, right, span)?
                    };
                    previous = Some(op);
                }
                Some(Item::Pipe(_)) if precedence == 0 => {
                    let Some(Item::Pipe(pipe)) = cursor.next() else {
                        return Err(internal(self.source, left.span.end as usize));
                    };
                    left = self.pipe(left, pipe)?;
                    previous = None;
                }
                _ => break,
            }
        }
        self.leave();
        Ok(left)
    }

    fn binary_node(&mut self, op: BinaryOp, left: Expr, right: Expr, span: Span) -> Result<Expr> {
        let kind = ExprKind::Binary {
            op,
            left: Box::new(left),
            right: Box::new(right),
        };
        self.node(kind, span)
    }

    /// Go's `parseComparison`: `a < b <= c` is `(a < b) && (b <= c)`, `b` cloned.
    fn comparison(
        &mut self,
        cursor: &mut Cursor<'_>,
        mut left: Expr,
        mut op: BinaryOp,
        _span: Span,
    ) -> Result<Expr> {
        let mut root: Option<Expr> = None;
        loop {
            let right = self.climb(cursor, op.precedence() + 1)?;
            let next = match cursor.peek() {
                Some(&Item::Infix { op: next, .. }) if is_relational(next) => Some(next),
                _ => None,
            };
            let (compared, carried) = match next {
                Some(_) => (right.clone(), Some(right)),
                None => (right, None),
            };
            let span = left.span.to(compared.span);
            let comparison = self.binary_node(op, left, compared, span)?;
            root = Some(match root {
                None => comparison,
                Some(root) => {
                    let span = root.span.to(comparison.span);
                    self.binary_node(BinaryOp::And, root, comparison, span)?
                }
            });
            match (next, carried) {
                (Some(next), Some(carried)) => {
                    cursor.next();
                    op = next;
                    left = carried;
                }
                _ => break,
            }
        }
        root.ok_or_else(|| internal(self.source, 0))
    }

    /// Go's `parsePrimary` for the flat sequence: a prefix operator and its operand, or an atom
    /// with its postfix operators.
    fn primary(&mut self, cursor: &mut Cursor<'_>) -> Result<Expr> {
        match cursor.next() {
            Some(Item::Prefix(op, span)) => {
                let operand = self.climb(cursor, op.precedence())?;
                let full = span.to(operand.span);
                let kind = ExprKind::Unary {
                    op,
                    operand: Box::new(operand),
                };
                let mut node = self.node(kind, full)?;
                while let Some(Item::UnaryPostfix(_)) = cursor.peek() {
                    if let Some(Item::UnaryPostfix(pair)) = cursor.next() {
                        node = self.postfix(node, pair)?;
                    }
                }
                Ok(node)
            }
            Some(Item::Atom(pair)) => {
                let mut node = self.atom(pair)?;
                while let Some(Item::Postfix(_)) = cursor.peek() {
                    if let Some(Item::Postfix(pair)) = cursor.next() {
                        node = self.postfix(node, pair)?;
                    }
                }
                Ok(node)
            }
            _ => Err(internal(self.source, 0)),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Atoms

    fn atom(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        let text = pair.as_str();
        match pair.as_rule() {
            Rule::number => self.number(text, span),
            Rule::name_or_call => self.name_or_call(pair),
            Rule::literal_word => match text {
                "true" => self.node(ExprKind::Bool(true), span),
                "false" => self.node(ExprKind::Bool(false), span),
                _ => self.node(ExprKind::Nil, span),
            },
            Rule::string => {
                let value = literal::string_value(text)
                    .ok_or_else(|| internal(self.source, span.start as usize))?;
                self.node(ExprKind::Str(value), span)
            }
            Rule::bytes => {
                let body = text.get(2..text.len() - 1).unwrap_or("");
                let value = literal::unescape_bytes(body)
                    .map_err(|_| internal(self.source, span.start as usize))?;
                self.node(ExprKind::Bytes(value), span)
            }
            Rule::paren => {
                let sequence = pair
                    .into_inner()
                    .next()
                    .ok_or_else(|| internal(self.source, span.start as usize))?;
                let mut node = self.sequence(sequence)?;
                node.span = span;
                Ok(node)
            }
            Rule::pointer => self.pointer(pair),
            Rule::shorthand => {
                if self.predicate_depth == 0 {
                    return Err(self.unexpected(span.start as usize));
                }
                self.node(ExprKind::Pointer(Pointer::Element), span)
            }
            Rule::force_call => self.call(pair, true),
            Rule::pred_call => self.call(pair, false),
            Rule::array => {
                let mut items = Vec::new();
                for item in pair.into_inner() {
                    items.push(self.expr(item)?);
                }
                self.node(ExprKind::Array(items), span)
            }
            Rule::map => self.map(pair),
            _ => Err(internal(self.source, span.start as usize)),
        }
    }

    /// A name (`true`, `false`, `nil` are literals) or a call of it.
    fn name_or_call(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let name = inner
            .next()
            .ok_or_else(|| internal(self.source, span.start as usize))?;
        let name_span = span_of(&name);
        let literal = match name.as_str() {
            "true" => Some(ExprKind::Bool(true)),
            "false" => Some(ExprKind::Bool(false)),
            "nil" => Some(ExprKind::Nil),
            _ => None,
        };
        match (literal, inner.next()) {
            (Some(kind), None) => self.node(kind, name_span),
            (Some(_), Some(args)) => Err(self.unexpected(args.as_span().start())),
            (None, None) => self.node(ExprKind::Ident(name.as_str().to_string()), name_span),
            (None, Some(args)) => {
                let callee = self.node(ExprKind::Ident(name.as_str().to_string()), name_span)?;
                let args = self.call_args(Vec::new(), args)?;
                self.call_node(callee, args, false, span)
            }
        }
    }

    fn number(&mut self, text: &str, span: Span) -> Result<Expr> {
        match literal::number(text) {
            Ok(Number::Int(value)) => self.node(ExprKind::Int(value), span),
            Ok(Number::Float(value)) => self.node(ExprKind::Float(value), span),
            Err(message) => {
                // Go reports literal conversion errors at the token after the number.
                let tokens = lexer::tokens(self.source);
                let at = lexer::token_at(&tokens, span.end as usize).map_or(span, |t| t.span);
                let help = if message.contains("out of range") && !message.contains("float") {
                    "integers are 64-bit (at most 9223372036854775807); write larger numbers as floats (9.3e18)"
                } else if message.contains("out of range") {
                    "floats are 64-bit (at most about 1.8e308)"
                } else {
                    "complete the number: digits after the prefix (0x1F) or the exponent (1e3)"
                };
                Err(Diagnostic::error(Code::NumberLiteral, message, at)
                    .with_label(span, "this literal")
                    .with_help(help))
            }
        }
    }

    fn pointer(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        if self.predicate_depth == 0 {
            return Err(self.unexpected(span.start as usize));
        }
        let pointer = match pair.into_inner().next().map(|p| p.as_str()) {
            None => Pointer::Element,
            Some("index") => Pointer::Index,
            Some("acc") => Pointer::Acc,
            Some(other) => Pointer::Other(other.to_string()),
        };
        self.node(ExprKind::Pointer(pointer), span)
    }

    fn map(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        let mut entries = Vec::new();
        for entry in pair.into_inner() {
            let entry_span = span_of(&entry);
            let mut parts = entry.into_inner();
            let (Some(key), Some(_colon), Some(value)) = (parts.next(), parts.next(), parts.next())
            else {
                return Err(internal(self.source, entry_span.start as usize));
            };
            let key = self.map_key(key)?;
            let value = self.expr(value)?;
            self.count(1, entry_span)?;
            entries.push((key, value));
        }
        self.node(ExprKind::Map(entries), span)
    }

    /// A bare name or number key is its source text; a string key its value; `(e)` is `e`.
    fn map_key(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        let key = pair
            .into_inner()
            .next()
            .ok_or_else(|| internal(self.source, span.start as usize))?;
        let text = key.as_str();
        match key.as_rule() {
            Rule::number | Rule::ident => self.node(ExprKind::Str(text.to_string()), span),
            Rule::string => {
                let value = literal::string_value(text)
                    .ok_or_else(|| internal(self.source, span.start as usize))?;
                self.node(ExprKind::Str(value), span)
            }
            _ => self.expr(key),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Calls and predicates

    /// `name(args)`, `::name(args)`, and predicate builtins.
    fn call(&mut self, pair: Pair<'_, Rule>, force_builtin: bool) -> Result<Expr> {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        if force_builtin {
            inner.next(); // `::`
        }
        let (Some(name), Some(args)) = (inner.next(), inner.next()) else {
            return Err(internal(self.source, span.start as usize));
        };
        let callee = self.node(ExprKind::Ident(name.as_str().to_string()), span_of(&name))?;
        let args = if name.as_rule() == Rule::pred_name {
            self.predicate_args(name.as_str(), Vec::new(), args)?
        } else {
            self.call_args(Vec::new(), args)?
        };
        self.call_node(callee, args, force_builtin, span)
    }

    fn call_node(
        &mut self,
        callee: Expr,
        args: Vec<Expr>,
        force_builtin: bool,
        span: Span,
    ) -> Result<Expr> {
        let kind = ExprKind::Call {
            callee: Box::new(callee),
            args,
            force_builtin,
        };
        self.node(kind, span)
    }

    fn call_args(&mut self, mut args: Vec<Expr>, pair: Pair<'_, Rule>) -> Result<Vec<Expr>> {
        for arg in pair.into_inner() {
            args.push(self.expr(arg)?);
        }
        Ok(args)
    }

    /// `lhs | name(args)`: a call with `lhs` as the first argument.
    fn pipe(&mut self, left: Expr, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = left.span.to(span_of(&pair));
        let mut inner = pair.into_inner().skip(1); // `|`
        let (Some(name), Some(args)) = (inner.next(), inner.next()) else {
            return Err(internal(self.source, span.start as usize));
        };
        let callee = self.node(ExprKind::Ident(name.as_str().to_string()), span_of(&name))?;
        let args = if name.as_rule() == Rule::pred_name {
            self.predicate_args(name.as_str(), vec![left], args)?
        } else {
            self.call_args(vec![left], args)?
        };
        self.call_node(callee, args, false, span)
    }

    /// The arguments of a predicate builtin, checked slot by slot as Go's `parseCall` does.
    fn predicate_args(
        &mut self,
        name: &str,
        mut args: Vec<Expr>,
        pair: Pair<'_, Rule>,
    ) -> Result<Vec<Expr>> {
        let (required, optional) = PREDICATE_BUILTINS
            .iter()
            .find(|(n, _, _)| *n == name)
            .map_or((2, 0), |(_, r, o)| (*r, *o));
        let slots = required + optional - args.len();
        let required = required - args.len();
        let span = span_of(&pair);
        let close = span.end as usize - 1;
        let close_span = Span::new(close, close + 1);
        let mut parts = pair.into_inner();
        if parts.peek().is_some_and(|p| p.as_rule() == Rule::pred_args) {
            parts = parts.next().map(Pair::into_inner).unwrap_or(parts);
        }
        let mut parsed = 0;
        let mut trailing_comma = false;
        for part in parts {
            match part.as_rule() {
                Rule::trailing_comma => trailing_comma = true,
                _ if parsed >= slots => return Err(self.unexpected(part.as_span().start())),
                Rule::predicate => {
                    args.push(self.predicate(part)?);
                    parsed += 1;
                }
                _ => {
                    args.push(self.expr(part)?);
                    parsed += 1;
                }
            }
        }
        if parsed < slots && trailing_comma {
            return Err(self.unexpected(close));
        }
        if parsed < required {
            return Err(Diagnostic::error(
                Code::PredicateSyntax,
                format!("expected at least {slots} arguments"),
                close_span,
            )
            .with_help(format!(
                "{name} takes a collection and a predicate: {name}(collection, {{ # ... }})"
            )));
        }
        Ok(args)
    }

    fn predicate(&mut self, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        let inner = pair
            .into_inner()
            .next()
            .ok_or_else(|| internal(self.source, span.start as usize))?;
        self.predicate_depth += 1;
        let body = match inner.as_rule() {
            Rule::block_predicate => self.block(inner),
            _ => {
                let expr = inner.into_inner().next();
                match expr {
                    Some(expr) => self.expr(expr),
                    None => Err(internal(self.source, span.start as usize)),
                }
            }
        };
        self.predicate_depth -= 1;
        self.node(ExprKind::Predicate(Box::new(body?)), span)
    }

    // -----------------------------------------------------------------------------------------
    // Postfix operators

    fn postfix(&mut self, base: Expr, pair: Pair<'_, Rule>) -> Result<Expr> {
        match pair.as_rule() {
            Rule::member => self.member(base, pair),
            Rule::optional_bracket => {
                let span = span_of(&pair);
                let bracket = pair
                    .into_inner()
                    .next()
                    .ok_or_else(|| internal(self.source, span.start as usize))?;
                self.bracket(base, bracket, true)
            }
            _ => self.bracket(base, pair, false),
        }
    }

    /// `.name`, `?.name`, `.name(args)`: a chain continues through member steps (Go unwraps
    /// the `ChainNode`, adds the member, and wraps it again).
    fn member(&mut self, base: Expr, pair: Pair<'_, Rule>) -> Result<Expr> {
        let span = span_of(&pair);
        let mut inner = pair.into_inner();
        let (Some(dot), Some(name)) = (inner.next(), inner.next()) else {
            return Err(internal(self.source, span.start as usize));
        };
        let optional = dot.as_str() == "?.";
        let (base, was_chain) = match base.kind {
            ExprKind::Chain(inner) => (*inner, true),
            _ => (base, false),
        };
        let name_span = span_of(&name);
        let field_span = base.span.to(name_span);
        self.count(1, name_span)?; // Go's property StringNode
        let field = ExprKind::Field {
            base: Box::new(base),
            name: name.as_str().to_string(),
            optional,
        };
        let mut node = self.node(field, field_span)?;
        if let Some(args) = inner.next() {
            let full = node.span.to(span_of(&args));
            let args = self.call_args(Vec::new(), args)?;
            node = self.call_node(node, args, false, full)?;
        }
        if was_chain || optional {
            let span = node.span;
            node = self.node(ExprKind::Chain(Box::new(node)), span)?;
        }
        Ok(node)
    }

    /// `[i]`, `[a:b]`, and (with `optional`) `?.[i]`. An index does not continue a chain: as in
    /// Go, `a?.b[0]` indexes the chain's result.
    fn bracket(&mut self, base: Expr, pair: Pair<'_, Rule>, optional: bool) -> Result<Expr> {
        let span = base.span.to(span_of(&pair));
        let mut from = None;
        let mut to = None;
        let mut slice = false;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::slice_colon => slice = true,
                _ if slice => to = Some(Box::new(self.expr(part)?)),
                _ => from = Some(Box::new(self.expr(part)?)),
            }
        }
        if slice {
            let kind = ExprKind::Slice {
                base: Box::new(base),
                from,
                to,
            };
            return self.node(kind, span);
        }
        let index = from.ok_or_else(|| internal(self.source, span.start as usize))?;
        let kind = ExprKind::Index {
            base: Box::new(base),
            index,
            optional,
        };
        let node = self.node(kind, span)?;
        if optional {
            return self.node(ExprKind::Chain(Box::new(node)), span);
        }
        Ok(node)
    }
}

/// The number of nodes in `expr`, counting no further than `limit`.
fn nodes_up_to(expr: &Expr, limit: usize) -> usize {
    let mut pending = vec![expr];
    let mut nodes = 0;
    while let Some(expr) = pending.pop() {
        nodes += 1;
        if nodes >= limit {
            break;
        }
        expr.for_each_child(|child| pending.push(child));
    }
    nodes
}
