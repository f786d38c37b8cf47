//! Lowering: AST to the resolved program, applying the reference's optimizer rewrites that change
//! observable behaviour (spec §7): boolean identities, constant folding, `filter` fusions,
//! `in` over string literals as a set, `sum` of ranges and arrays.
//!
//! The rewrites must be reproduced, not merely tolerated: the conformance corpus holds programs
//! that only succeed because a rewrite removes an evaluation (`!$env && false`).

use std::collections::HashSet;
use std::sync::Arc;

use crate::builtins::{Implementation, Registry};
use crate::syntax::{BinaryOp, ConditionalForm, Expr, ExprKind, Pointer, Span, UnaryOp};
use crate::value::{ArrayKind, Key, Value};

use super::fold;
use super::ir::{Callable, Node};

/// Facts from the type checker that lowering uses.
pub(crate) trait StaticTypes {
    /// Whether the expression is statically an `int`.
    fn is_int(&self, expr: &Expr) -> bool;
}

/// No static types (every rewrite that needs one is skipped).
pub(crate) struct Untyped;

impl StaticTypes for Untyped {
    fn is_int(&self, expr: &Expr) -> bool {
        matches!(expr.kind, ExprKind::Int(_))
    }
}

/// A rule of the environment applied where a field of a variable is read by name: when
/// `var.field` is nil, the value comes from the fallback instead. The mapping layer uses rules for
/// the JumpCloud environment (`jcUser.id` mirrors `_id`, list fields default to `[]`) so that no
/// user document is copied to add them.
#[derive(Clone, Debug)]
pub struct FieldRule {
    /// The variable (`jcUser`).
    pub var: &'static str,
    /// The field (`id`).
    pub field: &'static str,
    /// Where the value comes from when the field is nil.
    pub fallback: Fallback,
}

/// The fallback of a [`FieldRule`].
#[derive(Clone, Debug)]
pub enum Fallback {
    /// Another field of the same variable (`_id`).
    Field(&'static str),
    /// A constant (`[]`).
    Const(Value<'static>),
    /// Another variable (one the caller binds, such as `$managerExternalId`).
    Var(&'static str),
}

/// `base.name`: a [`Node::GlobalField`] when `base` is a top-level variable.
fn field_node(base: Node, name: Arc<str>, optional: bool, span: Span) -> Node {
    match base {
        Node::Global(var) if !optional => Node::GlobalField { var, name, span },
        base => Node::Field {
            base: Box::new(base),
            name,
            optional,
            span,
        },
    }
}

/// The span of `cond` when it is the builtin `notNullOrEmpty(x)` and `then` is the same field
/// read `x` (see [`Node::NonEmptyOr`]); `None` otherwise (a registered function of that name
/// included).
fn non_empty_test_of(cond: &Node, then: &Node) -> Option<Span> {
    let Node::Call {
        function: Callable::Builtin(function),
        args,
        span,
    } = cond
    else {
        return None;
    };
    let is_builtin = std::ptr::fn_addr_eq(*function, crate::builtins::scim::NOT_NULL_OR_EMPTY);
    match (args.as_slice(), then) {
        (
            [Node::GlobalField { var, name, .. }],
            Node::GlobalField {
                var: then_var,
                name: then_name,
                ..
            },
        ) if is_builtin && var == then_var && name == then_name => Some(*span),
        _ => None,
    }
}

/// Lowers `expr`; returns the program root and the number of `let` slots it needs.
pub(crate) fn lower(
    expr: &Expr,
    registry: &Registry,
    types: &dyn StaticTypes,
    rules: &[FieldRule],
) -> (Node, u32) {
    let mut lowerer = Lowerer {
        registry,
        types,
        rules,
        scopes: Vec::new(),
        slots: 0,
    };
    let node = lowerer.lower(expr);
    (node, lowerer.slots)
}

struct Lowerer<'r> {
    registry: &'r Registry,
    types: &'r dyn StaticTypes,
    rules: &'r [FieldRule],
    scopes: Vec<(String, u32)>,
    slots: u32,
}

impl Lowerer<'_> {
    fn lower(&mut self, expr: &Expr) -> Node {
        crate::stack::guard(|| self.lower_unguarded(expr))
    }

    fn lower_unguarded(&mut self, expr: &Expr) -> Node {
        let span = expr.span;
        match &expr.kind {
            ExprKind::Nil => Node::Const(Value::Nil),
            ExprKind::Bool(b) => Node::Const(Value::Bool(*b)),
            ExprKind::Int(i) => Node::Const(Value::Int(*i)),
            ExprKind::Float(f) => Node::Const(Value::Float(*f)),
            ExprKind::Str(s) => Node::Const(Value::String(Arc::from(s.as_str()))),
            ExprKind::Bytes(bytes) => Node::Const(Value::array_of(
                ArrayKind::Bytes,
                bytes.iter().map(|b| Value::Byte(*b)).collect(),
            )),
            ExprKind::Ident(name) => self.lower_ident(name),
            ExprKind::Pointer(pointer) => match pointer {
                Pointer::Element => Node::Element(span),
                Pointer::Index => Node::ElementIndex,
                Pointer::Acc => Node::Accumulator,
                Pointer::Other(name) => {
                    Node::Fail(Arc::from(format!("unknown pointer #{name}")), span)
                }
            },
            ExprKind::Array(items) => self.lower_array(items),
            ExprKind::Map(pairs) => Node::Map(
                pairs
                    .iter()
                    .map(|(k, v)| (self.lower(k), self.lower(v)))
                    .collect(),
                span,
            ),
            ExprKind::Unary { op, operand } => self.lower_unary(*op, operand, span),
            ExprKind::Binary { op, left, right } => self.lower_binary(*op, left, right, span),
            ExprKind::Field {
                base,
                name,
                optional,
            } => {
                let node = field_node(self.lower(base), Arc::from(name.as_str()), *optional, span);
                self.apply_rule(base, name, node, span)
            }
            ExprKind::Index {
                base,
                index,
                optional,
            } => self.lower_index(base, index, *optional, span),
            ExprKind::Slice { base, from, to } => Node::Slice {
                base: Box::new(self.lower(base)),
                from: from.as_ref().map(|e| Box::new(self.lower(e))),
                to: to.as_ref().map(|e| Box::new(self.lower(e))),
                span,
            },
            ExprKind::Call {
                callee,
                args,
                force_builtin,
            } => self.lower_call(callee, args, *force_builtin, span),
            ExprKind::Predicate(body) => self.lower(body),
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
                form,
            } => self.lower_conditional(cond, then, otherwise, *form, span),
            ExprKind::Let {
                name, value, body, ..
            } => {
                let value = self.lower(value);
                let slot = self.slots;
                self.slots += 1;
                self.scopes.push((name.clone(), slot));
                let body = self.lower(body);
                self.scopes.pop();
                Node::Let {
                    slot,
                    value: Box::new(value),
                    body: Box::new(body),
                }
            }
            ExprKind::Sequence(items) => {
                let mut nodes: Vec<Node> = items.iter().map(|e| self.lower(e)).collect();
                if nodes.len() == 1 {
                    nodes.pop().unwrap_or(Node::Const(Value::Nil))
                } else {
                    Node::Sequence(nodes)
                }
            }
            ExprKind::Chain(inner) => Node::Chain(Box::new(self.lower(inner))),
        }
    }

    /// Wraps a read of `base.field` in its environment rule, if one applies.
    fn apply_rule(&self, base: &Expr, field: &str, node: Node, span: Span) -> Node {
        let ExprKind::Ident(var) = &base.kind else {
            return node;
        };
        if self.scopes.iter().any(|(n, _)| n == var) {
            return node;
        }
        let Some(rule) = self.rules.iter().find(|r| r.var == var && r.field == field) else {
            return node;
        };
        let fallback = match &rule.fallback {
            Fallback::Field(other) => field_node(
                Node::Global(Arc::from(rule.var)),
                Arc::from(*other),
                false,
                span,
            ),
            Fallback::Const(value) => Node::Const(value.clone()),
            Fallback::Var(name) => Node::Global(Arc::from(*name)),
        };
        Node::Coalesce(Box::new(node), Box::new(fallback))
    }

    fn lower_ident(&self, name: &str) -> Node {
        if let Some((_, slot)) = self.scopes.iter().rev().find(|(n, _)| n == name) {
            return Node::Local(*slot);
        }
        if name == "$env" {
            return Node::Env;
        }
        Node::Global(Arc::from(name))
    }

    fn lower_array(&mut self, items: &[Expr]) -> Node {
        let nodes: Vec<Node> = items.iter().map(|e| self.lower(e)).collect();
        // The reference pre-builds arrays of scalar literals (and does not charge them).
        let all_scalar = nodes.iter().all(|n| {
            matches!(
                n.as_const(),
                Some(Value::Int(_) | Value::Float(_) | Value::String(_) | Value::Bool(_))
            )
        });
        if all_scalar && !nodes.is_empty() {
            let values = nodes.into_iter().filter_map(|n| n.as_const().cloned());
            return Node::Const(Value::array(values.collect()));
        }
        Node::Array(nodes)
    }

    fn lower_unary(&mut self, op: UnaryOp, operand: &Expr, span: Span) -> Node {
        let operand = Box::new(self.lower(operand));
        let node = match op {
            UnaryOp::Not => Node::Not(operand, span),
            UnaryOp::Neg => Node::Neg(operand, span),
            UnaryOp::Plus => Node::Plus(operand, span),
        };
        fold::fold(node)
    }

    fn lower_binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr, span: Span) -> Node {
        if let Some(node) = self.combine_predicates(op, left, right, span) {
            return node;
        }
        if let Some(node) = self.lower_membership(op, left, right, span) {
            return node;
        }
        if let Some(node) = self.count_as_any(op, left, right, span) {
            return node;
        }
        let l = Box::new(self.lower(left));
        let r = Box::new(self.lower(right));
        let node = match op {
            BinaryOp::And => Node::And(l, r, span),
            BinaryOp::Or => Node::Or(l, r, span),
            BinaryOp::Coalesce => Node::Coalesce(l, r),
            BinaryOp::Matches | BinaryOp::NotMatches => {
                match r.as_const().and_then(Value::as_str) {
                    Some(pattern) => match super::go_regex::compile(pattern) {
                        Ok(regex) => Node::MatchesConst {
                            left: l,
                            regex: Arc::new(regex),
                            negated: op == BinaryOp::NotMatches,
                            span,
                        },
                        Err(error) => {
                            Node::Fail(Arc::from(format!("error parsing regexp: {error}")), span)
                        }
                    },
                    None => Node::Binary {
                        op,
                        left: l,
                        right: r,
                        span,
                    },
                }
            }
            _ => Node::Binary {
                op,
                left: l,
                right: r,
                span,
            },
        };
        fold::fold(node)
    }

    /// `all(x, p) && all(x, q)` → `all(x, p && q)`; `any(x,p) || any(x,q)` → `any(x, p || q)`;
    /// `none(x,p) && none(x,q)` → `none(x, p || q)` (the reference's `predicateCombination`).
    fn combine_predicates(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        span: Span,
    ) -> Option<Node> {
        let (name, a, p) = predicate_call(left)?;
        let (name2, b, q) = predicate_call(right)?;
        let combined_op = match (op, name) {
            (BinaryOp::And, "all") => BinaryOp::And,
            (BinaryOp::Or, "any") => BinaryOp::Or,
            (BinaryOp::And, "none") => BinaryOp::Or,
            _ => return None,
        };
        if name != name2 || a != b {
            return None;
        }
        let body = Expr::new(
            ExprKind::Binary {
                op: combined_op,
                left: Box::new(p.clone()),
                right: Box::new(q.clone()),
            },
            span,
        );
        let call = Expr::new(
            ExprKind::Call {
                callee: Box::new(Expr::new(ExprKind::Ident(name.to_string()), span)),
                args: vec![
                    a.clone(),
                    Expr::new(ExprKind::Predicate(Box::new(body)), span),
                ],
                force_builtin: true,
            },
            span,
        );
        Some(self.lower(&call))
    }

    /// `x in ["a", "b"]` becomes a set lookup; `x in 1..9` (x an int) becomes `x >= 1 && x <= 9`.
    fn lower_membership(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        span: Span,
    ) -> Option<Node> {
        let negated = match op {
            BinaryOp::In => false,
            BinaryOp::NotIn => true,
            _ => return None,
        };
        if let ExprKind::Array(items) = &right.kind {
            let strings: Option<HashSet<Key>> = items
                .iter()
                .map(|item| match &item.kind {
                    ExprKind::Str(s) => Some(Key::Str(Arc::from(s.as_str()))),
                    _ => None,
                })
                .collect();
            if let Some(set) = strings.filter(|_| !items.is_empty()) {
                return Some(Node::InStrings {
                    needle: Box::new(self.lower(left)),
                    set: Arc::new(set),
                    negated,
                    span,
                });
            }
        }
        if let ExprKind::Binary {
            op: BinaryOp::Range,
            left: from,
            right: to,
        } = &right.kind
        {
            if let (ExprKind::Int(a), ExprKind::Int(b)) = (&from.kind, &to.kind) {
                if self.types.is_int(left) {
                    let needle = self.lower(left);
                    let ge = Node::Binary {
                        op: BinaryOp::Ge,
                        left: Box::new(needle.clone()),
                        right: Box::new(Node::Const(Value::Int(*a))),
                        span,
                    };
                    let le = Node::Binary {
                        op: BinaryOp::Le,
                        left: Box::new(needle),
                        right: Box::new(Node::Const(Value::Int(*b))),
                        span,
                    };
                    let both = Node::And(Box::new(ge), Box::new(le), span);
                    return Some(if negated {
                        Node::Not(Box::new(both), span)
                    } else {
                        both
                    });
                }
            }
        }
        None
    }

    /// `count(a, p) > 0` and `count(a, p) >= 1` become `any(a, p)`.
    fn count_as_any(
        &mut self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        span: Span,
    ) -> Option<Node> {
        let threshold = matches!(
            (&right.kind, op),
            (ExprKind::Int(0), BinaryOp::Gt) | (ExprKind::Int(1), BinaryOp::Ge)
        );
        if !threshold {
            return None;
        }
        let (name, collection, predicate) = predicate_call(left)?;
        if name != "count" {
            return None;
        }
        let any = self.registry.function("any")?.implementation.clone();
        let Implementation::Predicate(function) = any else {
            return None;
        };
        Some(Node::PredicateCall {
            name: Arc::from("any"),
            function,
            collection: Box::new(self.lower(collection)),
            predicate: Some(Box::new(self.lower(predicate))),
            rest: Vec::new(),
            span,
        })
    }

    fn lower_index(&mut self, base: &Expr, index: &Expr, optional: bool, span: Span) -> Node {
        // `filter(a, p)[0]` / `[-1]` → strict find / findLast.
        if !optional {
            let last = match &index.kind {
                ExprKind::Int(0) => Some(false),
                ExprKind::Unary {
                    op: UnaryOp::Neg,
                    operand,
                } if matches!(operand.kind, ExprKind::Int(1)) => Some(true),
                _ => None,
            };
            let base_node = self.lower(base);
            return match (last, base_node) {
                (
                    Some(last),
                    Node::PredicateCall {
                        name,
                        collection,
                        predicate: Some(predicate),
                        ..
                    },
                ) if &*name == "filter" => Node::FindStrict {
                    collection,
                    predicate,
                    last,
                    span,
                },
                (_, base_node) => Node::Index {
                    base: Box::new(base_node),
                    index: Box::new(self.lower(index)),
                    optional,
                    span,
                },
            };
        }
        let node = Node::Index {
            base: Box::new(self.lower(base)),
            index: Box::new(self.lower(index)),
            optional,
            span,
        };
        match &index.kind {
            ExprKind::Str(field) => self.apply_rule(base, field, node, span),
            _ => node,
        }
    }

    fn lower_conditional(
        &mut self,
        cond: &Expr,
        then: &Expr,
        otherwise: &Expr,
        _form: ConditionalForm,
        span: Span,
    ) -> Node {
        let cond = self.lower(cond);
        let then = self.lower(then);
        let otherwise = self.lower(otherwise);
        if let Some(call_span) = non_empty_test_of(&cond, &then) {
            return Node::NonEmptyOr {
                value: Box::new(then),
                otherwise: Box::new(otherwise),
                call_span,
            };
        }
        Node::Conditional {
            cond: Box::new(cond),
            then: Box::new(then),
            otherwise: Box::new(otherwise),
            span,
        }
    }

    fn lower_call(&mut self, callee: &Expr, args: &[Expr], force: bool, span: Span) -> Node {
        match &callee.kind {
            ExprKind::Ident(name) => {
                let shadowed = !force && self.scopes.iter().any(|(n, _)| n == name);
                match self.registry.function(name) {
                    Some(function) if !shadowed => {
                        let implementation = function.implementation.clone();
                        self.lower_function(name, implementation, args, span)
                    }
                    _ => Node::CallValue {
                        callee: Box::new(self.lower_ident(name)),
                        args: self.lower_args(args),
                        span,
                    },
                }
            }
            ExprKind::Field {
                base,
                name,
                optional,
            } => Node::Method {
                receiver: Box::new(self.lower(base)),
                name: Arc::from(name.as_str()),
                args: self.lower_args(args),
                optional: *optional,
                span,
            },
            _ => Node::CallValue {
                callee: Box::new(self.lower(callee)),
                args: self.lower_args(args),
                span,
            },
        }
    }

    fn lower_args(&mut self, args: &[Expr]) -> Vec<Node> {
        args.iter().map(|a| self.lower(a)).collect()
    }

    fn lower_function(
        &mut self,
        name: &str,
        implementation: Implementation,
        args: &[Expr],
        span: Span,
    ) -> Node {
        if let Some(node) = self.rewrite_call(name, args, span) {
            return node;
        }
        match implementation {
            Implementation::Predicate(function) => {
                self.lower_predicate_call(name, function, args, span)
            }
            Implementation::Function(function) => Node::Call {
                function: Callable::Builtin(function),
                args: self.lower_args(args),
                span,
            },
            other => Node::Call {
                function: Callable::Registered(other),
                args: self.lower_args(args),
                span,
            },
        }
    }

    fn lower_predicate_call(
        &mut self,
        name: &str,
        function: crate::builtins::PredicateImpl,
        args: &[Expr],
        span: Span,
    ) -> Node {
        let Some((collection, rest)) = args.split_first() else {
            return Node::Fail(
                Arc::from(format!("expected at least 1 arguments to {name}")),
                span,
            );
        };
        let (predicate, rest) = match rest.split_first() {
            Some((first, tail)) if matches!(first.kind, ExprKind::Predicate(_)) => {
                (Some(first), tail)
            }
            _ => (None, rest),
        };
        // filter(filter(a, p), q) → filter(a, p && q)
        if name == "filter" {
            if let (Some(("filter", inner, p)), Some(q)) = (predicate_call(collection), predicate) {
                let body = Expr::new(
                    ExprKind::Binary {
                        op: BinaryOp::And,
                        left: Box::new(p.clone()),
                        right: Box::new(unwrap_predicate(q).clone()),
                    },
                    span,
                );
                let predicate = self.lower(&body);
                return Node::PredicateCall {
                    name: Arc::from(name),
                    function,
                    collection: Box::new(self.lower(inner)),
                    predicate: Some(Box::new(predicate)),
                    rest: Vec::new(),
                    span,
                };
            }
        }
        let collection_node = self.lower(collection);
        let predicate_node = predicate.map(|p| Box::new(self.lower(p)));
        // map(filter(a, p), q) → one fused pass (unless q reads #index).
        if name == "map" {
            if let (
                Node::PredicateCall {
                    name: inner_name,
                    collection: inner_collection,
                    predicate: Some(filter),
                    ..
                },
                Some(map),
                Some(q),
            ) = (&collection_node, &predicate_node, predicate)
            {
                if &**inner_name == "filter" && !uses_index(q) {
                    return Node::FilterMap {
                        collection: inner_collection.clone(),
                        filter: filter.clone(),
                        map: map.clone(),
                        span,
                    };
                }
            }
        }
        Node::PredicateCall {
            name: Arc::from(name),
            function,
            collection: Box::new(collection_node),
            predicate: predicate_node,
            rest: self.lower_args(rest),
            span,
        }
    }

    /// Call rewrites of the reference's optimizer that replace one builtin with another.
    fn rewrite_call(&mut self, name: &str, args: &[Expr], span: Span) -> Option<Node> {
        match (name, args) {
            // len(filter(a, p)) → count(a, p)
            ("len", [arg]) => {
                let (inner, collection, predicate) = predicate_call(arg)?;
                (inner == "filter")
                    .then(|| self.predicate_builtin("count", collection, predicate, span))?
            }
            // first(filter(a, p)) → find(a, p); last(filter(a, p)) → findLast(a, p)
            ("first" | "last", [arg]) => {
                let (inner, collection, predicate) = predicate_call(arg)?;
                let target = if name == "first" { "find" } else { "findLast" };
                (inner == "filter")
                    .then(|| self.predicate_builtin(target, collection, predicate, span))?
            }
            ("sum", [arg]) => self.rewrite_sum(arg, span),
            ("sum", [arg, predicate]) => fold::sum_range(arg, Some(unwrap_predicate(predicate))),
            ("reduce", [arg, predicate, rest @ ..]) if rest.len() <= 1 => {
                fold::reduce_range(arg, unwrap_predicate(predicate), rest.first())
            }
            _ => None,
        }
    }

    /// `sum(m..n)` → constant; `sum([a, b, ...])` → `a + b + ...`; `sum(map(a, p))` → `sum(a, p)`.
    fn rewrite_sum(&mut self, arg: &Expr, span: Span) -> Option<Node> {
        if let Some(node) = fold::sum_range(arg, None) {
            return Some(node);
        }
        if let ExprKind::Array(items) = &arg.kind {
            if items.len() >= 2 {
                let nodes: Vec<Node> = items.iter().map(|e| self.lower(e)).collect();
                let all_scalar = nodes.iter().all(|n| {
                    matches!(
                        n.as_const(),
                        Some(Value::Int(_) | Value::Float(_) | Value::String(_) | Value::Bool(_))
                    )
                });
                if !all_scalar {
                    return nodes.into_iter().reduce(|acc, next| Node::Binary {
                        op: BinaryOp::Add,
                        left: Box::new(acc),
                        right: Box::new(next),
                        span,
                    });
                }
            }
        }
        let (inner, collection, predicate) = predicate_call(arg)?;
        (inner == "map").then(|| self.predicate_builtin("sum", collection, predicate, span))?
    }

    fn predicate_builtin(
        &mut self,
        name: &str,
        collection: &Expr,
        predicate: &Expr,
        span: Span,
    ) -> Option<Node> {
        let Implementation::Predicate(function) = self.registry.function(name)?.implementation
        else {
            return None;
        };
        Some(Node::PredicateCall {
            name: Arc::from(name),
            function,
            collection: Box::new(self.lower(collection)),
            predicate: Some(Box::new(self.lower(predicate))),
            rest: Vec::new(),
            span,
        })
    }
}

/// `name(collection, predicate)` with exactly those two arguments: its parts.
fn predicate_call(expr: &Expr) -> Option<(&str, &Expr, &Expr)> {
    let ExprKind::Call { callee, args, .. } = &expr.kind else {
        return None;
    };
    let ExprKind::Ident(name) = &callee.kind else {
        return None;
    };
    match args.as_slice() {
        [collection, predicate] if matches!(predicate.kind, ExprKind::Predicate(_)) => {
            Some((name.as_str(), collection, unwrap_predicate(predicate)))
        }
        _ => None,
    }
}

fn unwrap_predicate(expr: &Expr) -> &Expr {
    match &expr.kind {
        ExprKind::Predicate(body) => body,
        _ => expr,
    }
}

/// Whether `#index` occurs in the expression (not inside nested predicates' own scopes, which
/// the reference does not distinguish either).
fn uses_index(expr: &Expr) -> bool {
    let mut found = false;
    visit(expr, &mut |e| {
        if matches!(e.kind, ExprKind::Pointer(Pointer::Index)) {
            found = true;
        }
    });
    found
}

/// Calls `f` on every node, depth first.
pub(crate) fn visit(expr: &Expr, f: &mut dyn FnMut(&Expr)) {
    crate::stack::guard(|| visit_unguarded(expr, f));
}

fn visit_unguarded(expr: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(expr);
    match &expr.kind {
        ExprKind::Array(items) | ExprKind::Sequence(items) => {
            items.iter().for_each(|e| visit(e, f));
        }
        ExprKind::Map(pairs) => pairs.iter().for_each(|(k, v)| {
            visit(k, f);
            visit(v, f);
        }),
        ExprKind::Unary { operand, .. } => visit(operand, f),
        ExprKind::Binary { left, right, .. } => {
            visit(left, f);
            visit(right, f);
        }
        ExprKind::Field { base, .. } => visit(base, f),
        ExprKind::Index { base, index, .. } => {
            visit(base, f);
            visit(index, f);
        }
        ExprKind::Slice { base, from, to } => {
            visit(base, f);
            from.iter().chain(to.iter()).for_each(|e| visit(e, f));
        }
        ExprKind::Call { callee, args, .. } => {
            visit(callee, f);
            args.iter().for_each(|e| visit(e, f));
        }
        ExprKind::Predicate(body) | ExprKind::Chain(body) => visit(body, f),
        ExprKind::Conditional {
            cond,
            then,
            otherwise,
            ..
        } => {
            visit(cond, f);
            visit(then, f);
            visit(otherwise, f);
        }
        ExprKind::Let { value, body, .. } => {
            visit(value, f);
            visit(body, f);
        }
        _ => {}
    }
}
