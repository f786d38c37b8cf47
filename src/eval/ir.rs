//! The resolved program the interpreter walks: names resolved to slots, builtins to function
//! pointers, literal patterns compiled, constants folded. Built from the AST by `lower`.

use std::collections::HashSet;
use std::sync::Arc;

use crate::builtins::{FunctionImpl, Implementation, PredicateImpl};
use crate::syntax::{BinaryOp, Span};
use crate::value::{Key, Value};

/// One node of a resolved program.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    /// A constant (literal or folded).
    Const(Value<'static>),
    /// `$env`: the whole environment.
    Env,
    /// A top-level variable of the environment.
    Global(Arc<str>),
    /// A `let` variable, by slot.
    Local(u32),
    /// `#`
    Element(Span),
    /// `#index`
    ElementIndex,
    /// `#acc`
    Accumulator,
    /// `[a, b]` (charges its length to the memory budget)
    Array(Vec<Node>),
    /// `{k: v}` (charges its size; the first of duplicate keys wins)
    Map(Vec<(Node, Node)>, Span),
    /// `!x`
    Not(Box<Node>, Span),
    /// `-x`
    Neg(Box<Node>, Span),
    /// `+x`
    Plus(Box<Node>, Span),
    /// Strict binary operators (both sides evaluated).
    Binary {
        op: BinaryOp,
        left: Box<Node>,
        right: Box<Node>,
        span: Span,
    },
    /// `a && b`: the left must be a bool; the right is returned as it is.
    And(Box<Node>, Box<Node>, Span),
    /// `a || b`
    Or(Box<Node>, Box<Node>, Span),
    /// `a ?? b`
    Coalesce(Box<Node>, Box<Node>),
    /// `a matches "literal"` with the pattern compiled once.
    MatchesConst {
        left: Box<Node>,
        regex: Arc<regex::bytes::Regex>,
        negated: bool,
        span: Span,
    },
    /// `x in ["a", "b"]`: a set lookup (the reference's `inArray` rewrite: the needle must be a
    /// string).
    InStrings {
        needle: Box<Node>,
        set: Arc<HashSet<Key>>,
        negated: bool,
        span: Span,
    },
    /// `a.name`
    Field {
        base: Box<Node>,
        name: Arc<str>,
        optional: bool,
        span: Span,
    },
    /// `var.name` of a top-level variable (`jcUser.email`, the commonest read of a mapping
    /// table): a [`Node::Field`] of a [`Node::Global`], read in one step.
    GlobalField {
        var: Arc<str>,
        name: Arc<str>,
        span: Span,
    },
    /// `a[i]`
    Index {
        base: Box<Node>,
        index: Box<Node>,
        optional: bool,
        span: Span,
    },
    /// `a[i:j]`
    Slice {
        base: Box<Node>,
        from: Option<Box<Node>>,
        to: Option<Box<Node>>,
        span: Span,
    },
    /// A builtin or registered function call.
    Call {
        function: Callable,
        args: Vec<Node>,
        span: Span,
    },
    /// A predicate builtin call.
    PredicateCall {
        name: Arc<str>,
        function: PredicateImpl,
        collection: Box<Node>,
        predicate: Option<Box<Node>>,
        rest: Vec<Node>,
        span: Span,
    },
    /// `map(filter(a, p), q)` fused (the reference's `filterMap`): `q` runs on the items that
    /// pass `p`, with `#` read lazily.
    FilterMap {
        collection: Box<Node>,
        filter: Box<Node>,
        map: Box<Node>,
        span: Span,
    },
    /// `filter(a, p)[0]` / `[-1]` (the reference's `filterFirst`/`filterLast`): the first or last
    /// match, failing with `reflect: slice index out of range` when nothing matches.
    FindStrict {
        collection: Box<Node>,
        predicate: Box<Node>,
        last: bool,
        span: Span,
    },
    /// `receiver.name(args)`
    Method {
        receiver: Box<Node>,
        name: Arc<str>,
        args: Vec<Node>,
        optional: bool,
        span: Span,
    },
    /// Calling a value that is not a known function (fails at run time, as in Go).
    CallValue {
        callee: Box<Node>,
        args: Vec<Node>,
        span: Span,
    },
    /// `notNullOrEmpty(x) ? x : y` where `x` is a variable's field (`jcUser.displayname`, the
    /// commonest conditional of mapping tables): `x` is read once. Depth, steps and error spans
    /// are those of the conditional it stands for.
    NonEmptyOr {
        value: Box<Node>,
        otherwise: Box<Node>,
        /// The span of the `notNullOrEmpty(x)` call.
        call_span: Span,
    },
    /// `c ? a : b`, `if c {a} else {b}`
    Conditional {
        cond: Box<Node>,
        then: Box<Node>,
        otherwise: Box<Node>,
        span: Span,
    },
    /// `let x = v; body`
    Let {
        slot: u32,
        value: Box<Node>,
        body: Box<Node>,
    },
    /// `a; b; c`
    Sequence(Vec<Node>),
    /// The boundary of an optional chain: a `?.` on nil inside makes the whole chain nil.
    Chain(Box<Node>),
    /// A construct that always fails when evaluated (the checker reports it before).
    Fail(Arc<str>, Span),
}

/// What a plain call invokes.
#[derive(Clone, Debug)]
pub(crate) enum Callable {
    /// A static builtin.
    Builtin(FunctionImpl),
    /// A registered function or anything else the registry holds.
    Registered(Implementation),
}

impl Node {
    /// The constant value, if this is a constant.
    pub(crate) fn as_const(&self) -> Option<&Value<'static>> {
        match self {
            Node::Const(value) => Some(value),
            _ => None,
        }
    }

    /// A constant bool, if this is one.
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Node::Const(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }
}
