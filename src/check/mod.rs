//! The type checker: infers a type for every node and reports every problem at once.
//!
//! The rules are those of the reference's typed mode (Go expr's checker, spec section 6): what it
//! rejects is rejected here, and — as important — what it accepts is accepted, including its
//! deliberate holes (the key of `$env[expr]`, the arguments of a call whose callee is unknown,
//! the bounds of a slice of an unknown value are not looked at). Unlike the reference, checking
//! does not stop at the first error: an ill-typed node gets [`Type::Any`] and checking goes on.
//!
//! ```
//! use scimap::check::check;
//! use scimap::syntax::{BinaryOp, Expr, ExprKind, Span};
//! use scimap::types::{Type, TypeEnv};
//!
//! let int = Expr::new(ExprKind::Int(1), Span::new(0, 1));
//! let text = Expr::new(ExprKind::Str("a".into()), Span::new(4, 7));
//! let sum = Expr::new(
//!     ExprKind::Binary { op: BinaryOp::Add, left: Box::new(int), right: Box::new(text) },
//!     Span::new(0, 7),
//! );
//! let checked = check(&sum, &TypeEnv::new(), &Default::default());
//! assert_eq!(
//!     checked.diagnostics[0].message,
//!     "invalid operation: + (mismatched types int and string)"
//! );
//! assert_eq!(checked.types.get(&sum), Some(&Type::Any));
//! ```

mod access;
pub mod builtins;
mod calls;
mod fold;
mod lints;
mod names;
mod naming;
mod operators;
mod predicates;
mod sound;
mod validate;

use std::collections::HashMap;

use crate::builtins::Registry;
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::{Expr, ExprKind, Pointer, Span};
use crate::types::{Type, TypeEnv};

/// Deeper nesting than this is not checked (the parser's limits normally stop it first).
const MAX_DEPTH: usize = 1000;

/// The result of checking: every problem found, and the type of every node that was checked.
///
/// Each node has two types. [`TypeTable::get`] is the *checking* type: the nature the reference
/// gives the node (so `ok ? 1 : nil` is `int`), with nil set aside (a schema field `string | nil`
/// checks as `string`). [`TypeTable::sound`] is the type every value of the node has: when
/// evaluation succeeds, the value is admitted by it ([`Type::admits`]).
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// The inferred types of each node (nodes the reference does not check have none).
    pub types: TypeTable,
}

impl Checked {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The inferred type of each node, keyed by the node's address (valid while the AST lives and
/// is not moved).
#[derive(Clone, Debug, Default)]
pub struct TypeTable {
    types: HashMap<usize, Type>,
    /// Sound types, where they differ from the checking type.
    sound: HashMap<usize, Type>,
}

impl TypeTable {
    /// The checking type inferred for `expr` (the reference's nature, nil set aside).
    pub fn get(&self, expr: &Expr) -> Option<&Type> {
        self.types.get(&key(expr))
    }

    /// The type of every value `expr` can have, for nodes that were checked.
    pub fn sound(&self, expr: &Expr) -> Option<&Type> {
        let key = key(expr);
        self.sound.get(&key).or_else(|| self.types.get(&key))
    }

    /// How many nodes have a type.
    pub fn len(&self) -> usize {
        self.types.len()
    }

    /// Whether no node has a type.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    fn insert(&mut self, expr: &Expr, ty: Type) {
        self.types.insert(key(expr), ty);
    }

    fn insert_sound(&mut self, expr: &Expr, ty: Type) {
        self.sound.insert(key(expr), ty);
    }
}

fn key(expr: &Expr) -> usize {
    expr as *const Expr as usize
}

/// Checks `expr` against the variables of `env` and the functions of `registry`.
pub fn check(expr: &Expr, env: &TypeEnv, registry: &Registry) -> Checked {
    let mut checker = Checker {
        env,
        registry,
        diagnostics: Vec::new(),
        types: TypeTable::default(),
        pending_sound: HashMap::new(),
        variables: Vec::new(),
        predicates: Vec::new(),
        depth: 0,
        too_deep: false,
    };
    checker.visit(expr);
    fold::report_divide_by_zero(expr, &mut checker.diagnostics);
    // Overloads and `?:` re-type some nodes; report each problem once, in source order.
    let mut seen = std::collections::HashSet::new();
    let mut diagnostics = checker.diagnostics;
    diagnostics
        .retain(|d| seen.insert((d.code, d.message.clone(), d.span.map(|s| (s.start, s.end)))));
    diagnostics.sort_by_key(|d| d.span.map(|s| s.start));
    Checked {
        diagnostics,
        types: checker.types,
    }
}

/// The innermost predicate: what `#` is, and whether `#index`/`#acc` exist.
struct PredicateScope {
    /// The collection's checking type.
    collection: Type,
    /// The collection's sound type.
    sound_collection: Type,
    /// The collection's path (`jcUser.addresses`), when it has a simple one: `#` is named
    /// "an element of" it in messages.
    label: Option<String>,
    index: bool,
    acc: bool,
}

/// A `let` variable in scope.
struct Variable {
    name: String,
    /// Its value's checking type.
    checking: Type,
    /// Its value's sound type.
    sound: Type,
}

struct Checker<'a> {
    env: &'a TypeEnv,
    registry: &'a Registry,
    diagnostics: Vec<Diagnostic>,
    types: TypeTable,
    /// Sound types set by `infer` for the node being typed, by node address.
    pending_sound: HashMap<usize, Type>,
    /// `let` variables in scope, innermost last.
    variables: Vec<Variable>,
    /// Enclosing predicates, innermost last.
    predicates: Vec<PredicateScope>,
    depth: usize,
    too_deep: bool,
}

impl Checker<'_> {
    /// Types `expr` (and everything the reference checks below it), recording the result.
    fn visit(&mut self, expr: &Expr) -> Type {
        self.visit_as(expr, false)
    }

    /// Like `visit`; `callee` marks the callee of a call (for "has no method" messages).
    ///
    /// `infer` returns the node's type; unless it also set a sound type for the node
    /// (`set_sound`), that type is the sound one and its non-nil part the checking one (a field
    /// `string | nil` checks as `string`). Returns the checking type.
    fn visit_as(&mut self, expr: &Expr, callee: bool) -> Type {
        if self.depth >= MAX_DEPTH {
            return self.too_deep(expr.span);
        }
        self.depth += 1;
        let ty = self.infer(expr, callee);
        self.depth -= 1;
        self.record(expr, ty)
    }

    /// Records the types of `expr`, whose `infer` returned `ty`; returns the checking type.
    #[inline(never)]
    fn record(&mut self, expr: &Expr, ty: Type) -> Type {
        let (checking, sound) = match self.pending_sound.remove(&key(expr)) {
            Some(sound) => (ty, sound),
            None => (ty.non_nil(), ty),
        };
        if sound != checking {
            self.types.insert_sound(expr, sound);
        }
        self.types.insert(expr, checking.clone());
        checking
    }

    /// Sets the sound type of `expr`, which is being typed (see `visit_as`).
    fn set_sound(&mut self, expr: &Expr, sound: Type) {
        self.pending_sound.insert(key(expr), sound);
    }

    /// Sets the sound type of `expr` to that of `other`, already visited.
    #[inline(never)]
    fn set_sound_of(&mut self, expr: &Expr, other: &Expr) {
        let sound = self.sound(other);
        self.set_sound(expr, sound);
    }

    /// The sound type of a node already visited (`Any` for one that was not).
    fn sound(&self, expr: &Expr) -> Type {
        self.types.sound(expr).cloned().unwrap_or(Type::Any)
    }

    #[inline(never)]
    fn too_deep(&mut self, span: Span) -> Type {
        if !self.too_deep {
            self.too_deep = true;
            self.error(
                Code::TooLarge,
                "expression is nested too deeply to be checked",
                span,
                "split the expression, or bind parts of it with `let`",
            );
        }
        Type::Any
    }

    fn infer(&mut self, expr: &Expr, callee: bool) -> Type {
        crate::stack::guard(|| self.infer_unguarded(expr, callee))
    }

    fn infer_unguarded(&mut self, expr: &Expr, callee: bool) -> Type {
        match &expr.kind {
            ExprKind::Nil => Type::Nil,
            ExprKind::Bool(_) => Type::Bool,
            ExprKind::Int(_) => Type::Int,
            ExprKind::Float(_) => Type::Float,
            ExprKind::Str(_) => Type::String,
            ExprKind::Bytes(_) => Type::slice(Type::IntOf(crate::types::IntKind::Uint8)),
            ExprKind::Ident(name) => self.identifier(expr, name, callee),
            ExprKind::Pointer(pointer) => self.pointer(expr, pointer),
            ExprKind::Array(items) => self.array(expr, items),
            ExprKind::Map(pairs) => self.map_literal(pairs),
            ExprKind::Unary { op, operand } => self.unary(expr, *op, operand),
            ExprKind::Binary { op, left, right } => self.binary(expr, *op, left, right),
            ExprKind::Field {
                base,
                name,
                optional,
            } => self.field(expr, base, name, *optional, callee),
            ExprKind::Index {
                base,
                index,
                optional,
            } => self.index(expr, base, index, *optional, callee),
            ExprKind::Slice { base, from, to } => {
                self.slice(expr, base, from.as_deref(), to.as_deref())
            }
            ExprKind::Call {
                callee,
                args,
                force_builtin,
            } => self.call(expr, callee, args, *force_builtin),
            ExprKind::Predicate(body) => self.sequence(expr, std::slice::from_ref(body)),
            ExprKind::Conditional {
                cond,
                then,
                otherwise,
                ..
            } => self.conditional(expr, cond, then, otherwise),
            ExprKind::Let {
                name,
                name_span,
                value,
                body,
            } => self.let_binding(expr, name, *name_span, value, body),
            ExprKind::Sequence(items) => self.sequence(expr, items),
            ExprKind::Chain(inner) => self.chain(expr, inner, callee),
        }
    }

    /// Records an error; returns `Any`, the type of an ill-typed node.
    fn error(&mut self, code: Code, message: impl Into<String>, span: Span, help: &str) -> Type {
        let mut diagnostic = Diagnostic::error(code, message, span);
        if !help.is_empty() {
            diagnostic = diagnostic.with_help(help);
        }
        self.diagnostics.push(diagnostic);
        Type::Any
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn pointer(&mut self, expr: &Expr, pointer: &Pointer) -> Type {
        let span = expr.span;
        let Some(scope) = self.predicates.last() else {
            return self.error(
                Code::PredicateSyntax,
                "cannot use pointer accessor outside predicate",
                span,
                "`#` and `.field` are only available inside the predicate of map, filter, ...",
            );
        };
        match pointer {
            Pointer::Element => {
                if scope.collection.is_unknown() || scope.collection.is_array() {
                    let sound = sound::element(&scope.sound_collection);
                    let checking = scope.collection.elem().non_nil();
                    self.set_sound(expr, sound);
                    checking
                } else {
                    let message = format!("cannot use {} as array", scope.collection);
                    let help =
                        "`#` is an element of the collection being iterated, which is not an array";
                    self.error(Code::ArgumentType, message, span, help)
                }
            }
            Pointer::Index if scope.index => Type::Int,
            Pointer::Acc if scope.acc => Type::Any,
            Pointer::Index => self.unknown_pointer("index", span),
            Pointer::Acc => self.unknown_pointer("acc", span),
            Pointer::Other(name) => self.unknown_pointer(name, span),
        }
    }

    fn unknown_pointer(&mut self, name: &str, span: Span) -> Type {
        let help = match name {
            "index" => "#index is only available inside map(...) and reduce(...)",
            "acc" => "#acc is only available inside reduce(...)",
            _ => "the pointers are #, #index (in map and reduce) and #acc (in reduce)",
        };
        self.error(
            Code::UnknownPointer,
            format!("unknown pointer #{name}"),
            span,
            help,
        )
    }

    fn map_literal(&mut self, pairs: &[(Expr, Expr)]) -> Type {
        for (key, value) in pairs {
            self.visit(key);
            self.visit(value);
        }
        Type::json_map()
    }

    fn sequence(&mut self, expr: &Expr, items: &[Expr]) -> Type {
        let mut last = Type::Any;
        for item in items {
            last = self.visit(item);
        }
        if let Some(item) = items.last() {
            self.set_sound_of(expr, item);
        }
        last
    }

    /// An array literal: the reference types it by its last element when all elements have
    /// one kind; its elements are known to have the join of their types.
    fn array(&mut self, expr: &Expr, items: &[Expr]) -> Type {
        let mut last = Type::Any;
        let mut same_kind = true;
        let mut elements: Option<Type> = None;
        for (i, item) in items.iter().enumerate() {
            let ty = self.visit(item);
            if i > 0 && ty.kind() != last.kind() {
                same_kind = false;
            }
            last = ty;
            elements = Some(self.join_sound(elements, item));
        }
        self.set_sound(expr, Type::array_of(elements.unwrap_or(Type::Any)));
        if same_kind {
            Type::array_of(last)
        } else {
            Type::json_array()
        }
    }

    /// `known` joined with the sound type of `item`.
    #[inline(never)]
    fn join_sound(&self, known: Option<Type>, item: &Expr) -> Type {
        let sound = self.sound(item);
        match known {
            Some(known) => known.join(&sound),
            None => sound,
        }
    }

    /// A postfix chain with `?.`: nil when a base before a `?.` is nil.
    fn chain(&mut self, expr: &Expr, inner: &Expr, callee: bool) -> Type {
        let ty = self.visit_as(inner, callee);
        self.set_chain_sound(expr, inner);
        ty
    }

    #[inline(never)]
    fn set_chain_sound(&mut self, expr: &Expr, inner: &Expr) {
        let mut sound = self.sound(inner);
        if sound::chain_may_stop(inner, &self.types) {
            sound = sound.nullable();
        }
        self.set_sound(expr, sound);
    }

    fn conditional(&mut self, expr: &Expr, cond: &Expr, then: &Expr, otherwise: &Expr) -> Type {
        let condition = self.visit(cond);
        self.lint_condition(cond);
        if !condition.is_bool() && !condition.is_unknown() {
            self.error(
                Code::NotBool,
                format!("non-bool expression (type {condition}) used as condition"),
                cond.span,
                "Expr has no truthiness: compare explicitly (x != nil, x != \"\", notNullOrEmpty(x))",
            );
        }
        let first = self.visit(then);
        let second = self.visit(otherwise);
        self.set_joined_sound(expr, then, otherwise);
        match (first.is_nil(), second.is_nil()) {
            (true, false) => second,
            (false, true) => first,
            (true, true) => Type::Nil,
            (false, false) if first.assignable_to(&second) => {
                if first.is_array() && second.is_array() {
                    let (a, b) = (first.elem(), second.elem());
                    if !a.assignable_to(&b) || !b.assignable_to(&a) {
                        return Type::json_array();
                    }
                }
                first
            }
            (false, false) => Type::Any,
        }
    }

    /// Sets the sound type of `expr` to the join of two branches'.
    #[inline(never)]
    fn set_joined_sound(&mut self, expr: &Expr, a: &Expr, b: &Expr) {
        let sound = self.sound(a).join(&self.sound(b));
        self.set_sound(expr, sound);
    }

    #[inline(never)]
    fn push_variable(&mut self, name: &str, checking: Type, value: &Expr) {
        let sound = self.sound(value);
        self.variables.push(Variable {
            name: name.to_string(),
            checking,
            sound,
        });
    }

    fn let_binding(
        &mut self,
        expr: &Expr,
        name: &str,
        name_span: Span,
        value: &Expr,
        body: &Expr,
    ) -> Type {
        let redeclared = self.check_redeclaration(name, name_span);
        let checking = self.visit(value);
        self.push_variable(name, checking, value);
        let result = self.visit(body);
        self.variables.pop();
        if !redeclared {
            self.lint_unused_let(name, name_span, body);
        }
        self.set_sound_of(expr, body);
        result
    }
}
