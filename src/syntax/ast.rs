//! scimap's own syntax tree for Expr programs.
//!
//! Every node carries a byte [`Span`] into the source. Spans never take part in equality, so
//! `parse(print(ast)) == ast` compares structure only. The tree mirrors what the Go reference's
//! parser builds (including its desugarings: pipes become calls, relational chains become `&&`,
//! `a not in b` is a negated binary node), so that later stages can follow Go's semantics.

use std::fmt;

/// A half-open byte range `start..end` into the source text.
///
/// Spans are deliberately ignored by `PartialEq`: two trees are equal when their structure is.
#[derive(Clone, Copy, Default, Eq, PartialOrd, Ord)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span as a `Range<usize>`, for slicing the source.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl PartialEq for Span {
    fn eq(&self, _other: &Span) -> bool {
        true
    }
}

/// Consistent with `PartialEq`: every span hashes alike, so spans never split equal trees.
impl std::hash::Hash for Span {
    fn hash<H: std::hash::Hasher>(&self, _state: &mut H) {}
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> miette::SourceSpan {
        (span.start as usize, span.len()).into()
    }
}

/// One expression node: what it is, and where it is in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// The construct.
    pub kind: ExprKind,
    /// The bytes of the source this node was parsed from.
    pub span: Span,
}

impl Expr {
    /// A node of `kind` covering `span`.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    /// Calls `f` on each direct child, in source order (map entries key first).
    pub fn for_each_child<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        use ExprKind::*;
        match &self.kind {
            Nil | Bool(_) | Int(_) | Float(_) | Str(_) | Bytes(_) | Ident(_) | Pointer(_) => {}
            Array(items) | Sequence(items) => items.iter().for_each(f),
            Map(entries) => entries.iter().for_each(|(k, v)| {
                f(k);
                f(v);
            }),
            Unary { operand, .. } => f(operand),
            Binary { left, right, .. } => {
                f(left);
                f(right);
            }
            Field { base, .. } => f(base),
            Index { base, index, .. } => {
                f(base);
                f(index);
            }
            Slice { base, from, to } => {
                f(base);
                from.iter().chain(to.iter()).for_each(|e| f(e));
            }
            Call { callee, args, .. } => {
                f(callee);
                args.iter().for_each(f);
            }
            Predicate(inner) | Chain(inner) => f(inner),
            Conditional {
                cond,
                then,
                otherwise,
                ..
            } => {
                f(cond);
                f(then);
                f(otherwise);
            }
            Let { value, body, .. } => {
                f(value);
                f(body);
            }
        }
    }

    /// The height of the tree (a leaf is 1), computed without recursion.
    pub fn depth(&self) -> usize {
        let mut stack = vec![(self, 1usize)];
        let mut deepest = 0;
        while let Some((expr, depth)) = stack.pop() {
            deepest = deepest.max(depth);
            expr.for_each_child(|child| stack.push((child, depth + 1)));
        }
        deepest
    }
}

/// The constructs of the Expr language.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `nil`
    Nil,
    /// `true`, `false`
    Bool(bool),
    /// `42`, `0x2A`, `1_000` (always fits an `i64`; `-` is a separate unary node)
    Int(i64),
    /// `1.5`, `.5`, `1e3`
    Float(f64),
    /// `"text"`, `'text'`, `` `raw` `` (already unescaped)
    Str(String),
    /// `b"\xff"`: a byte array
    Bytes(Vec<u8>),
    /// A name: `jcUser`, `$env`, a `let` variable, or a function name used as a value.
    Ident(String),
    /// `#`, `#index`, `#acc` or an unknown `#name` (the checker rejects those).
    Pointer(Pointer),
    /// `[a, b, c]`
    Array(Vec<Expr>),
    /// `{a: 1, "b": 2, (key): 3}`: keys are expressions; bare names and numbers are
    /// already turned into string literals, as Go does (`{1: x}` has the key `"1"`).
    Map(Vec<(Expr, Expr)>),
    /// `-x`, `+x`, `!x`, `not x`
    Unary {
        /// The operator.
        op: UnaryOp,
        /// Its operand.
        operand: Box<Expr>,
    },
    /// `a + b`, `a in b`, `a not in b`, `a ?? b`, `a..b`, ...
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `a.name` or `a?.name`: the name may be any identifier or operator word (`a.in`).
    Field {
        /// The value the field is read from.
        base: Box<Expr>,
        /// The field name.
        name: String,
        /// `?.`: when `base` is nil, the whole enclosing [`ExprKind::Chain`] is nil.
        optional: bool,
    },
    /// `a[i]` or `a?.[i]`
    Index {
        /// The indexed value.
        base: Box<Expr>,
        /// The index or key.
        index: Box<Expr>,
        /// `?.[`: when `base` is nil, the whole enclosing [`ExprKind::Chain`] is nil.
        optional: bool,
    },
    /// `a[from:to]`, `a[:to]`, `a[from:]`, `a[:]`
    Slice {
        /// The sliced value.
        base: Box<Expr>,
        /// Lower bound, 0 when absent.
        from: Option<Box<Expr>>,
        /// Upper bound, the length when absent.
        to: Option<Box<Expr>>,
    },
    /// `f(a, b)`, `::len(x)`, `t.Format(layout)`; a pipe `a | f(b)` is parsed as `f(a, b)`.
    Call {
        /// `Ident` for a function or builtin; `Field` for a method call.
        callee: Box<Expr>,
        /// Arguments, with predicates as [`ExprKind::Predicate`] nodes.
        args: Vec<Expr>,
        /// `::name(...)`: always the builtin, never an environment function of that name.
        force_builtin: bool,
    },
    /// The predicate argument of `all`, `map`, `filter`, ...: `{ # > 1 }` or `# > 1`.
    Predicate(Box<Expr>),
    /// `c ? a : b`, `c ?: b`, `if c { a } else { b }`
    Conditional {
        /// The condition (must be a bool).
        cond: Box<Expr>,
        /// Value when true (for `?:`, the condition itself).
        then: Box<Expr>,
        /// Value when false.
        otherwise: Box<Expr>,
        /// Which syntax was used (affects printing and error positions only).
        form: ConditionalForm,
    },
    /// `let name = value; body`
    Let {
        /// The new variable.
        name: String,
        /// Span of the name, for "unused variable" and redeclaration messages.
        name_span: Span,
        /// Its value.
        value: Box<Expr>,
        /// The rest of the sequence, where `name` is in scope.
        body: Box<Expr>,
    },
    /// `a; b; c`: evaluates all, yields the last.
    Sequence(Vec<Expr>),
    /// A postfix chain containing `?.`: the boundary where optional chaining stops.
    ///
    /// Built as Go's parser builds it: a member step (`.x`, `?.x`, `.m()`) after a chain
    /// continues it (even after parentheses: `(a?.b).c` is `a?.b.c`), `?.[i]` wraps a new chain
    /// around the index, and a plain `[i]` or a slice after a chain applies to its result
    /// (`a?.b[0]` is `Index(Chain(a?.b), 0)`, so it fails when `a` is nil, as in Go).
    Chain(Box<Expr>),
}

/// The names a `#` pointer can have.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Pointer {
    /// `#`: the current element.
    Element,
    /// `#index`: the current position (legal in `map` and `reduce`).
    Index,
    /// `#acc`: the accumulator of `reduce`.
    Acc,
    /// `#anything_else`: a syntax the checker reports as `unknown pointer`.
    Other(String),
}

/// Prefix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `!x`, `not x`
    Not,
    /// `-x`
    Neg,
    /// `+x`
    Plus,
}

/// Infix operators, in the order of the precedence table (loosest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `or`, `||`
    Or,
    /// `and`, `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `matches`
    Matches,
    /// `not matches`
    NotMatches,
    /// `contains`
    Contains,
    /// `not contains`
    NotContains,
    /// `startsWith`
    StartsWith,
    /// `not startsWith`
    NotStartsWith,
    /// `endsWith`
    EndsWith,
    /// `not endsWith`
    NotEndsWith,
    /// `..`
    Range,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `**`, `^`
    Pow,
    /// `??`
    Coalesce,
}

impl BinaryOp {
    /// The operator as written in source (the canonical spelling).
    pub fn symbol(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Or => "||",
            And => "&&",
            Eq => "==",
            Ne => "!=",
            Lt => "<",
            Gt => ">",
            Le => "<=",
            Ge => ">=",
            In => "in",
            NotIn => "not in",
            Matches => "matches",
            NotMatches => "not matches",
            Contains => "contains",
            NotContains => "not contains",
            StartsWith => "startsWith",
            NotStartsWith => "not startsWith",
            EndsWith => "endsWith",
            NotEndsWith => "not endsWith",
            Range => "..",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Mod => "%",
            Pow => "**",
            Coalesce => "??",
        }
    }

    /// Binding strength from the precedence table (spec 2.2); higher binds tighter.
    pub fn precedence(self) -> u16 {
        use BinaryOp::*;
        match self {
            Or => 10,
            And => 15,
            Eq | Ne | Lt | Gt | Le | Ge | In | NotIn | Matches | NotMatches | Contains
            | NotContains | StartsWith | NotStartsWith | EndsWith | NotEndsWith => 20,
            Range => 25,
            Add | Sub => 30,
            Mul | Div | Mod => 60,
            Pow => 100,
            Coalesce => 500,
        }
    }

    /// `**` and `^` group to the right; everything else to the left.
    pub fn is_right_associative(self) -> bool {
        matches!(self, BinaryOp::Pow)
    }

    /// For the negated forms (`not in`, ...), the positive operator.
    pub fn positive(self) -> Option<BinaryOp> {
        use BinaryOp::*;
        Some(match self {
            NotIn => In,
            NotMatches => Matches,
            NotContains => Contains,
            NotStartsWith => StartsWith,
            NotEndsWith => EndsWith,
            _ => return None,
        })
    }
}

impl UnaryOp {
    /// The operator as written in source.
    pub fn symbol(self) -> &'static str {
        match self {
            UnaryOp::Not => "!",
            UnaryOp::Neg => "-",
            UnaryOp::Plus => "+",
        }
    }

    /// Binding strength (spec 2.2): `-`/`+` 90, `!`/`not` 50.
    pub fn precedence(self) -> u16 {
        match self {
            UnaryOp::Not => 50,
            UnaryOp::Neg | UnaryOp::Plus => 90,
        }
    }
}

/// Which conditional syntax produced a [`ExprKind::Conditional`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConditionalForm {
    /// `c ? a : b`
    Ternary,
    /// `c ?: b` (then-branch is a copy of the condition)
    Elvis,
    /// `if c { a } else { b }`
    If,
}

/// The builtins whose arguments are parsed with predicates (spec 2.5), with the number of
/// required and optional arguments after the collection... as `(required, optional)` slots
/// counting the collection: `(2, 0)` for `filter(arr, p)`, `(1, 1)` for `count(arr[, p])`,
/// `(2, 1)` for `sortBy(arr, p[, order])` and `reduce(arr, p[, init])`.
pub const PREDICATE_BUILTINS: &[(&str, usize, usize)] = &[
    ("all", 2, 0),
    ("none", 2, 0),
    ("any", 2, 0),
    ("one", 2, 0),
    ("filter", 2, 0),
    ("map", 2, 0),
    ("count", 1, 1),
    ("sum", 1, 1),
    ("find", 2, 0),
    ("findIndex", 2, 0),
    ("findLast", 2, 0),
    ("findLastIndex", 2, 0),
    ("groupBy", 2, 0),
    ("sortBy", 2, 1),
    ("reduce", 2, 1),
];

/// Whether `name` is a builtin whose second argument is a predicate.
pub fn is_predicate_builtin(name: &str) -> bool {
    PREDICATE_BUILTINS.iter().any(|(n, _, _)| *n == name)
}
