//! The tree-walking interpreter over a resolved program.
//!
//! Values are read from the input JSON in place; the program's own constants are lent out by
//! reference (so a program shared by many threads sees no reference-count traffic for them).

use std::sync::Arc;

use indexmap::IndexMap;
use serde_json::Value as Json;
use smallvec::SmallVec;

use crate::builtins::{FunctionImpl, Implementation, Items, Predicate, PredicateImpl};
use crate::diagnostic::Code;
use crate::syntax::{BinaryOp, Span};
use crate::value::{json_field, ArrayKind, Key, Value};

use super::ir::{Callable, Node};
use super::{ops, Context, RuntimeError};

type Outcome<'a> = Result<Value<'a>, RuntimeError>;

/// Arguments are gathered on the stack for up to this many.
type Args<'a> = SmallVec<[Value<'a>; 4]>;

/// The state of one predicate iteration: the items, the current position, the accumulator.
struct Frame<'a> {
    items: Items<'a>,
    index: usize,
    acc: Option<Value<'a>>,
}

/// The variables of one evaluation: a JSON object whose keys are the variables, or a list of
/// named values (which lets a caller pass borrowed documents without building an object).
#[derive(Clone, Copy, Debug)]
pub enum Bindings<'a> {
    /// `{"jcUser": {...}, "providerUser": {...}}`
    Json(&'a Json),
    /// `[("jcUser", value), ("providerUser", value)]`
    Vars(&'a [(&'a str, Value<'a>)]),
}

impl<'a> Bindings<'a> {
    /// The variable `name`, or nil.
    #[inline]
    pub fn get(&self, name: &str) -> Value<'a> {
        match self {
            Bindings::Json(Json::Object(map)) => {
                json_field(map, name).map_or(Value::Nil, Value::from_json)
            }
            Bindings::Json(_) => Value::Nil,
            Bindings::Vars(vars) => vars
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(Value::Nil, |(_, v)| v.clone()),
        }
    }

    /// `$env`: all variables as one map.
    pub fn env_value(&self) -> Value<'a> {
        match self {
            Bindings::Json(json) => Value::from_json(json),
            Bindings::Vars(vars) => Value::map(
                vars.iter()
                    .map(|(n, v)| (Key::Str(Arc::from(*n)), v.clone()))
                    .collect(),
            ),
        }
    }
}

/// How many levels of `notNullOrEmpty(x) ? x : y` and `??` a direct program may nest (see
/// [`direct_levels`]).
const MAX_DIRECT_LEVELS: u32 = 8;

/// Whether `node` is a direct read: a field of a variable (`jcUser.email`), a scalar constant or
/// `[]`, `notNullOrEmpty(x) ? x : y` of a field and a direct read, `a ?? b` of direct reads
/// (`jcUser.id`, which falls back to `jcUser._id`), `first(a)` and `find(a, p)` of a direct
/// read (evaluated directly when `a` is an array, and for `find` an empty one), nested at most [`MAX_DIRECT_LEVELS`] deep.
/// Each level takes at most two levels of depth and one step, so that under limits of at least
/// [`DIRECT_MIN_LIMIT`] [`eval_direct`] gives what the interpreter gives without a frame, a
/// context or a stack check.
pub(crate) fn direct_levels(node: &Node) -> Option<u32> {
    levels_within(node, MAX_DIRECT_LEVELS)
}

/// [`direct_levels`] of `node`, if at most `room`; recurses no deeper than `room` levels (a
/// long chain such as `a + a + ... + a` is refused without exhausting the stack).
fn levels_within(node: &Node, room: u32) -> Option<u32> {
    let sub = |child: &Node, cost: u32| -> Option<u32> {
        levels_within(child, room.checked_sub(cost)?)?.checked_add(cost)
    };
    let levels = match node {
        Node::GlobalField { .. } => 0,
        Node::Const(Value::Array(array)) => return array.items.is_empty().then_some(0),
        Node::Const(value) => return (!matches!(value, Value::Map(_))).then_some(0),
        Node::Array(items) => return items.is_empty().then_some(0),
        Node::Call {
            function: Callable::Builtin(function),
            args,
            ..
        } if std::ptr::fn_addr_eq(*function, crate::builtins::array::first as FunctionImpl) => {
            match args.as_slice() {
                [arg] => sub(arg, 1)?,
                _ => return None,
            }
        }
        Node::PredicateCall {
            function,
            collection,
            predicate: Some(predicate),
            rest,
            ..
        } if rest.is_empty()
            && std::ptr::fn_addr_eq(
                *function,
                crate::builtins::predicate::find as PredicateImpl,
            ) =>
        {
            // The call, the comparison, the field and the item: three levels.
            let call = if field_equals_string(predicate).is_some() {
                3
            } else {
                1
            };
            sub(collection, call)?
        }
        Node::NonEmptyOr {
            value, otherwise, ..
        } => {
            if !matches!(**value, Node::GlobalField { .. }) {
                return None;
            }
            sub(otherwise, 1)?
        }
        Node::Conditional {
            cond,
            then,
            otherwise,
            ..
        } => {
            non_empty_test_field(cond)?;
            // The test's call and its argument: two levels.
            sub(then, 2)?.max(sub(otherwise, 2)?)
        }
        Node::Coalesce(left, right)
        | Node::Binary {
            op: BinaryOp::Add,
            left,
            right,
            ..
        } => sub(left, 1)?.max(sub(right, 1)?),
        _ => return None,
    };
    (levels <= room).then_some(levels)
}

/// The field name and the string of a predicate `.field == 'constant'`.
fn field_equals_string(predicate: &Node) -> Option<(&str, &str)> {
    match predicate {
        Node::Binary {
            op: BinaryOp::Eq,
            left,
            right,
            ..
        } => match (&**left, &**right) {
            (
                Node::Field {
                    base,
                    name,
                    optional: false,
                    ..
                },
                Node::Const(Value::String(constant)),
            ) if matches!(**base, Node::Element(_)) => Some((name, constant)),
            _ => None,
        },
        _ => None,
    }
}

/// The field `x` of a condition `notNullOrEmpty(x)` (the builtin) when `x` is a variable's
/// field.
fn non_empty_test_field(cond: &Node) -> Option<&Node> {
    match cond {
        Node::Call {
            function: Callable::Builtin(function),
            args,
            ..
        } if std::ptr::fn_addr_eq(*function, crate::builtins::scim::NOT_NULL_OR_EMPTY) => {
            match args.as_slice() {
                [field @ Node::GlobalField { .. }] => Some(field),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether `node` is a call whose arguments are all direct reads (`toScimEmails(jcUser.email)`):
/// [`direct_args`] evaluates them.
pub(crate) fn is_direct_call(node: &Node) -> bool {
    match node {
        Node::Call { args, .. } => args.iter().all(|arg| direct_levels(arg).is_some()),
        _ => false,
    }
}

/// The least `max_depth` and `max_steps` under which [`eval_direct`] may stand in for the
/// interpreter (a direct program, or a call of direct arguments, needs at most
/// `4 + 2 * MAX_DIRECT_LEVELS` of either).
pub(crate) const DIRECT_MIN_LIMIT: u64 = 4 * MAX_DIRECT_LEVELS as u64;

/// The memory budget of one direct evaluation: charged as the interpreter's [`Context`] charges
/// it.
pub(crate) struct DirectBudget {
    used: u64,
    budget: u64,
    /// Predicate tests run (each one step of the interpreter's).
    tests: u64,
    max_steps: u64,
}

impl DirectBudget {
    /// A memory budget of `budget` units and a step limit of `max_steps`, none used.
    pub(crate) fn new(budget: u64, max_steps: u64) -> DirectBudget {
        DirectBudget {
            used: 0,
            budget,
            tests: 0,
            max_steps,
        }
    }

    /// Counts `n` predicate tests; `false` unless the interpreter's steps (these tests and at
    /// most one a level besides) surely stay within the step limit.
    #[inline]
    fn test(&mut self, n: usize) -> bool {
        self.tests = self.tests.saturating_add(n as u64);
        self.tests.saturating_add(u64::from(MAX_DIRECT_LEVELS)) <= self.max_steps
    }

    /// Charges a computed string of `len` bytes as [`Context::charge_bytes`] does; `false` when
    /// the interpreter would fail with `memory budget exceeded`.
    #[inline]
    fn charge_bytes(&mut self, len: usize) -> bool {
        match len / super::context::STRING_BYTES_PER_UNIT {
            0 => true,
            units => {
                self.used = self.used.saturating_add(units as u64);
                self.used < self.budget
            }
        }
    }
}

/// Evaluates a node [`direct_levels`] accepts, as the interpreter would; `None` when a field
/// is read from a variable that is not an object, or `a + b` is not of two strings or would
/// exceed the memory budget (the interpreter then reports or converts as its rules say).
pub(crate) fn eval_direct<'a>(
    node: &'a Node,
    env: &Bindings<'a>,
    memory: &mut DirectBudget,
) -> Option<Value<'a>> {
    match node {
        Node::GlobalField { var, name, .. } => match env.get(var) {
            Value::JsonMap(map) => Some(json_field(map, name).map_or(Value::Nil, Value::from_json)),
            _ => None,
        },
        Node::Const(Value::String(s)) => Some(Value::Str(s)),
        Node::Const(value) => Some(value.clone()),
        Node::Array(_) => Some(Value::array(Vec::new())),
        Node::NonEmptyOr {
            value, otherwise, ..
        } => {
            let value = eval_direct(value, env, memory)?;
            if crate::builtins::scim::is_null_or_empty(&value) {
                eval_direct(otherwise, env, memory)
            } else {
                Some(value)
            }
        }
        // `first(a)` of an array (a computed string would be charged: left to the interpreter).
        Node::Call { args, .. } => {
            let base = eval_direct(args.first()?, env, memory)?;
            if !base.is_array() {
                return None;
            }
            let first = base.array_get(0).unwrap_or(Value::Nil);
            (!matches!(first, Value::String(_) | Value::Binary(_))).then_some(first)
        }
        // `find(a, p)` of an empty array: nil, the predicate never runs; `find(a, .f == 'c')`
        // of an array of objects.
        Node::PredicateCall {
            collection,
            predicate,
            ..
        } => {
            let collection = eval_direct(collection, env, memory)?;
            if collection.is_array() && collection.collection_len() == Some(0) {
                return Some(Value::Nil);
            }
            let (name, constant) = field_equals_string(predicate.as_deref()?)?;
            let Value::JsonArray(items) = collection else {
                return None;
            };
            let constant = Value::Str(constant);
            for (index, item) in items.iter().enumerate() {
                let Json::Object(map) = item else {
                    return None;
                };
                let field = json_field(map, name).map_or(Value::Nil, Value::from_json);
                if ops::equal(&field, &constant) {
                    return memory.test(index + 1).then(|| Value::from_json(item));
                }
            }
            memory.test(items.len()).then_some(Value::Nil)
        }
        // `notNullOrEmpty(x) ? a : b` with `x` a field.
        Node::Conditional {
            cond,
            then,
            otherwise,
            ..
        } => {
            let field = eval_direct(non_empty_test_field(cond)?, env, memory)?;
            if crate::builtins::scim::is_null_or_empty(&field) {
                eval_direct(otherwise, env, memory)
            } else {
                eval_direct(then, env, memory)
            }
        }
        // `a + b` of two strings, charged as the interpreter charges it.
        Node::Binary { left, right, .. } => {
            let left = eval_direct(left, env, memory)?;
            let right = eval_direct(right, env, memory)?;
            let (a, b) = (left.as_bytes()?, right.as_bytes()?);
            if !memory.charge_bytes(a.len().saturating_add(b.len())) {
                return None;
            }
            ops::add(&left, &right).ok()
        }
        Node::Coalesce(left, right) => {
            let left = eval_direct(left, env, memory)?;
            if left.is_nil() {
                eval_direct(right, env, memory)
            } else {
                Some(left)
            }
        }
        _ => None,
    }
}

/// The arguments of a call [`is_direct_call`] accepts, evaluated as [`eval_direct`] does, and
/// the call's span; `None` when the interpreter must evaluate them.
pub(crate) fn direct_args<'a>(
    node: &'a Node,
    env: &Bindings<'a>,
    memory: &mut DirectBudget,
) -> Option<(SmallVec<[Value<'a>; 4]>, Span)> {
    let Node::Call { args, span, .. } = node else {
        return None;
    };
    let values = args
        .iter()
        .map(|arg| eval_direct(arg, env, memory))
        .collect::<Option<_>>()?;
    Some((values, *span))
}

/// Levels of evaluation between two stack checks (see [`crate::stack`]).
const GUARD_EVERY: u32 = 4;

/// One evaluation of a program over one environment.
pub(crate) struct Interpreter<'a> {
    env: Bindings<'a>,
    locals: Vec<Value<'a>>,
    /// Predicate frames: rarely more than two deep, so kept inline.
    frames: SmallVec<[Frame<'a>; 2]>,
    depth: u32,
}

impl<'a> Interpreter<'a> {
    /// An interpreter over `env` with `slots` let-variables.
    pub(crate) fn new(env: Bindings<'a>, slots: u32) -> Interpreter<'a> {
        Interpreter {
            env,
            locals: vec![Value::Nil; slots as usize],
            frames: SmallVec::new(),
            depth: 0,
        }
    }

    /// Evaluates `node`.
    pub(crate) fn eval(&mut self, node: &'a Node, ctx: &mut Context<'_>) -> Outcome<'a> {
        self.nested(ctx, |interpreter, ctx| interpreter.eval_node(node, ctx))
    }

    /// Runs one level of recursion: counted against `max_depth`, and on a fresh stack segment
    /// when the thread's stack runs low (checked every few levels: the red zone covers them).
    #[inline]
    fn nested<T>(
        &mut self,
        ctx: &mut Context<'_>,
        f: impl FnOnce(&mut Self, &mut Context<'_>) -> Result<T, RuntimeError>,
    ) -> Result<T, RuntimeError> {
        if self.depth >= ctx.limits.max_depth {
            return Err(too_deep());
        }
        self.depth += 1;
        let result = if self.depth % GUARD_EVERY == 0 {
            crate::stack::guard(|| f(self, ctx))
        } else {
            f(self, ctx)
        };
        self.depth -= 1;
        result
    }

    /// Evaluates a call node as [`Interpreter::eval`] does, with `call` in place of the
    /// function: the same depth, argument order, step and error span. `None` when `node` is
    /// not a plain call.
    pub(crate) fn eval_call_with<T>(
        &mut self,
        node: &'a Node,
        ctx: &mut Context<'_>,
        call: impl FnOnce(&[Value<'a>]) -> Result<T, RuntimeError>,
    ) -> Option<Result<T, RuntimeError>> {
        let Node::Call { args, span, .. } = node else {
            return None;
        };
        Some(self.nested(ctx, |interpreter, ctx| {
            interpreter
                .eval_args(args, ctx)
                .and_then(|args| {
                    ctx.step()?;
                    call(&args)
                })
                .map_err(|e| e.at(*span))
        }))
    }

    fn eval_node(&mut self, node: &'a Node, ctx: &mut Context<'_>) -> Outcome<'a> {
        match node {
            Node::Const(Value::String(s)) => Ok(Value::Str(s)),
            Node::Const(value) => Ok(value.clone()),
            Node::Env => Ok(self.env.env_value()),
            Node::Global(name) => Ok(self.global(name)),
            Node::GlobalField { var, name, span } => self.global_field(var, name, *span, ctx),
            Node::Local(slot) => Ok(self.locals[*slot as usize].clone()),
            Node::Element(span) => self.element().map_err(|e| e.at(*span)),
            Node::ElementIndex => Ok(self
                .frames
                .last()
                .map_or(Value::Nil, |f| Value::Int(f.index as i64))),
            Node::Accumulator => Ok(self
                .frames
                .last()
                .and_then(|f| f.acc.clone())
                .unwrap_or(Value::Nil)),
            Node::Array(items) => self.array(items, ctx),
            Node::Map(pairs, span) => self.map(pairs, *span, ctx),
            Node::Not(operand, span) => {
                let value = self.eval(operand, ctx)?;
                Ok(Value::Bool(
                    !ops::expect_bool(&value).map_err(|e| e.at(*span))?,
                ))
            }
            Node::Neg(operand, span) => {
                ops::neg(&self.eval(operand, ctx)?).map_err(|e| e.at(*span))
            }
            Node::Plus(operand, span) => {
                ops::plus(&self.eval(operand, ctx)?).map_err(|e| e.at(*span))
            }
            Node::Binary {
                op,
                left,
                right,
                span,
            } => {
                let l = self.eval(left, ctx)?;
                let r = self.eval(right, ctx)?;
                binary(*op, &l, &r, ctx).map_err(|e| e.at(*span))
            }
            Node::And(left, right, span) => {
                let l = self.eval(left, ctx)?;
                if ops::expect_bool(&l).map_err(|e| e.at(*span))? {
                    self.eval(right, ctx)
                } else {
                    Ok(Value::Bool(false))
                }
            }
            Node::Or(left, right, span) => {
                let l = self.eval(left, ctx)?;
                if ops::expect_bool(&l).map_err(|e| e.at(*span))? {
                    Ok(Value::Bool(true))
                } else {
                    self.eval(right, ctx)
                }
            }
            Node::Coalesce(left, right) => {
                let l = self.eval(left, ctx)?;
                if l.is_nil() {
                    self.eval(right, ctx)
                } else {
                    Ok(l)
                }
            }
            Node::MatchesConst {
                left,
                regex,
                negated,
                span,
            } => {
                let l = self.eval(left, ctx)?;
                let found = ops::matches_compiled(&l, regex).map_err(|e| e.at(*span))?;
                Ok(Value::Bool(found != *negated))
            }
            Node::InStrings {
                needle,
                set,
                negated,
                span,
            } => {
                let value = self.eval(needle, ctx)?;
                let found = in_strings(&value, set).map_err(|e| e.at(*span))?;
                Ok(Value::Bool(found != *negated))
            }
            Node::Field { .. } | Node::Index { .. } | Node::Slice { .. } | Node::Method { .. } => {
                Ok(self.postfix(node, ctx)?.unwrap_or(Value::Nil))
            }
            // The end of an optional chain turns any nil (a nil array too) into plain nil.
            Node::Chain(inner) => Ok(self
                .postfix(inner, ctx)?
                .filter(|v| !v.is_nil())
                .unwrap_or(Value::Nil)),
            Node::Call {
                function,
                args,
                span,
                ..
            } => self.call(function, args, ctx).map_err(|e| e.at(*span)),
            Node::PredicateCall {
                function,
                collection,
                predicate,
                rest,
                span,
                ..
            } => self.predicate_call(
                *function,
                collection,
                predicate.as_deref(),
                rest,
                *span,
                ctx,
            ),
            Node::FilterMap {
                collection,
                filter,
                map,
                span,
            } => self.filter_map(collection, filter, map, *span, ctx),
            Node::FindStrict {
                collection,
                predicate,
                last,
                span,
            } => self.find_strict(collection, predicate, *last, *span, ctx),
            Node::CallValue { callee, args, span } => {
                for arg in args {
                    self.eval(arg, ctx)?;
                }
                let callee = self.eval(callee, ctx)?;
                Err(not_callable(&callee).at(*span))
            }
            Node::NonEmptyOr {
                value,
                otherwise,
                call_span,
            } => {
                // As the call `notNullOrEmpty(x)` one level down would: its depth check (an
                // error without the call's span), `x` read under it, a step, the call's span.
                let value = self.nested(ctx, |interpreter, ctx| {
                    interpreter
                        .eval(value, ctx)
                        .and_then(|value| ctx.step().map(|()| value))
                        .map_err(|e| e.at(*call_span))
                })?;
                // The `then` branch reads `x` again, one level higher: the same value.
                if crate::builtins::scim::is_null_or_empty(&value) {
                    self.eval(otherwise, ctx)
                } else {
                    Ok(value)
                }
            }
            Node::Conditional {
                cond,
                then,
                otherwise,
                span,
            } => {
                let c = self.eval(cond, ctx)?;
                if ops::expect_bool(&c).map_err(|e| e.at(*span))? {
                    self.eval(then, ctx)
                } else {
                    self.eval(otherwise, ctx)
                }
            }
            Node::Let { slot, value, body } => {
                let v = self.eval(value, ctx)?;
                self.locals[*slot as usize] = v;
                self.eval(body, ctx)
            }
            Node::Sequence(items) => {
                let mut last = Value::Nil;
                for item in items {
                    last = self.eval(item, ctx)?;
                }
                Ok(last)
            }
            Node::Fail(message, span) => Err(RuntimeError::new(message.clone()).at(*span)),
        }
    }

    #[inline]
    fn global(&self, name: &str) -> Value<'a> {
        self.env.get(name)
    }

    /// `var.name`, as a [`Node::Field`] of a [`Node::Global`] reads it: the field's base link
    /// and the variable's read count one level of depth each.
    fn global_field(&self, var: &str, name: &'a str, span: Span, ctx: &Context<'_>) -> Outcome<'a> {
        if self.depth.saturating_add(1) >= ctx.limits.max_depth {
            return Err(too_deep());
        }
        match self.global(var) {
            Value::JsonMap(map) => Ok(json_field(map, name).map_or(Value::Nil, Value::from_json)),
            base => ops::fetch(&base, &Value::Str(name)).map_err(|e| e.at(span)),
        }
    }

    fn element(&self) -> Outcome<'a> {
        match self.frames.last() {
            Some(frame) => frame.items.get(frame.index),
            None => Err(RuntimeError::new("unknown pointer #")),
        }
    }

    fn array(&mut self, items: &'a [Node], ctx: &mut Context<'_>) -> Outcome<'a> {
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            values.push(self.eval(item, ctx)?);
        }
        ctx.charge(values.len())?;
        Ok(Value::array(values))
    }

    fn map(&mut self, pairs: &'a [(Node, Node)], span: Span, ctx: &mut Context<'_>) -> Outcome<'a> {
        let mut entries = IndexMap::with_capacity(pairs.len());
        for (key, value) in pairs {
            let key = match self.eval(key, ctx)? {
                Value::Str(s) => Key::Str(Arc::from(s)),
                Value::String(s) => Key::Str(s),
                other => return Err(ops::conversion_error(&other, "string").at(span)),
            };
            let value = self.eval(value, ctx)?;
            entries.entry(key).or_insert(value);
        }
        ctx.charge(entries.len())?;
        Ok(Value::map(entries))
    }

    /// Evaluates a postfix chain; `None` means an optional link met nil and the chain is nil.
    fn postfix(
        &mut self,
        node: &'a Node,
        ctx: &mut Context<'_>,
    ) -> Result<Option<Value<'a>>, RuntimeError> {
        match node {
            Node::GlobalField { var, name, span } => {
                self.global_field(var, name, *span, ctx).map(Some)
            }
            Node::Field {
                base,
                name,
                optional,
                span,
            } => {
                let Some(base) = self.postfix_base(base, ctx)? else {
                    return Ok(None);
                };
                if *optional && base.is_nil() {
                    return Ok(None);
                }
                if let Value::JsonMap(map) = base {
                    return Ok(Some(
                        json_field(map, name).map_or(Value::Nil, Value::from_json),
                    ));
                }
                ops::fetch(&base, &Value::Str(name))
                    .map(Some)
                    .map_err(|e| e.at(*span))
            }
            Node::Index {
                base,
                index,
                optional,
                span,
            } => {
                let Some(base) = self.postfix_base(base, ctx)? else {
                    return Ok(None);
                };
                if *optional && base.is_nil() {
                    return Ok(None);
                }
                let index = self.eval(index, ctx)?;
                ops::fetch(&base, &index).map(Some).map_err(|e| e.at(*span))
            }
            Node::Slice {
                base,
                from,
                to,
                span,
            } => {
                let Some(base) = self.postfix_base(base, ctx)? else {
                    return Ok(None);
                };
                let from = from.as_ref().map(|e| self.eval(e, ctx)).transpose()?;
                let to = to.as_ref().map(|e| self.eval(e, ctx)).transpose()?;
                ops::slice(&base, from.as_ref(), to.as_ref())
                    .map(Some)
                    .map_err(|e| e.at(*span))
            }
            Node::Method {
                receiver,
                name,
                args,
                optional,
                span,
            } => {
                let args = self.eval_args(args, ctx)?;
                let Some(receiver) = self.postfix_base(receiver, ctx)? else {
                    return Ok(None);
                };
                if *optional && receiver.is_nil() {
                    return Ok(None);
                }
                self.method(&receiver, name, &args, ctx)
                    .map(Some)
                    .map_err(|e| e.at(*span))
            }
            other => self.eval(other, ctx).map(Some),
        }
    }

    /// The base of a postfix link: one level deeper in the chain.
    fn postfix_base(
        &mut self,
        base: &'a Node,
        ctx: &mut Context<'_>,
    ) -> Result<Option<Value<'a>>, RuntimeError> {
        self.nested(ctx, |interpreter, ctx| interpreter.postfix(base, ctx))
    }

    fn method(
        &mut self,
        receiver: &Value<'a>,
        name: &str,
        args: &[Value<'a>],
        ctx: &mut Context<'_>,
    ) -> Outcome<'a> {
        if let Some(outcome) = crate::builtins::time::call_method(ctx, receiver, name, args) {
            return outcome;
        }
        let callee = ops::fetch(receiver, &Value::Str(name))?;
        Err(not_callable(&callee))
    }

    fn eval_args(
        &mut self,
        args: &'a [Node],
        ctx: &mut Context<'_>,
    ) -> Result<Args<'a>, RuntimeError> {
        let mut values = Args::with_capacity(args.len());
        for arg in args {
            values.push(self.eval(arg, ctx)?);
        }
        Ok(values)
    }

    fn call(
        &mut self,
        function: &'a Callable,
        args: &'a [Node],
        ctx: &mut Context<'_>,
    ) -> Outcome<'a> {
        let args = self.eval_args(args, ctx)?;
        ctx.step()?;
        let charged = ctx.memory_used;
        let result = match function {
            Callable::Builtin(f) => f(ctx, &args),
            Callable::Registered(Implementation::Function(f)) => f(ctx, &args),
            Callable::Registered(Implementation::Custom(f)) => f(ctx, &args),
            Callable::Registered(Implementation::Predicate(_)) => Err(RuntimeError::new(
                "a predicate builtin needs a predicate argument",
            )),
        }?;
        // Computed strings count against the memory budget (borrowed ones cost nothing), unless
        // the builtin charged its result itself (`repeat`, as in Go).
        if let (Value::String(_) | Value::Binary(_), true) = (&result, ctx.memory_used == charged) {
            ctx.charge_bytes(result.as_bytes().map_or(0, <[u8]>::len))?;
        }
        Ok(result)
    }

    fn predicate_call(
        &mut self,
        function: crate::builtins::PredicateImpl,
        collection: &'a Node,
        predicate: Option<&'a Node>,
        rest: &'a [Node],
        span: Span,
        ctx: &mut Context<'_>,
    ) -> Outcome<'a> {
        let collection = self.eval(collection, ctx)?;
        let rest = self.eval_args(rest, ctx)?;
        let items = Items::new(collection).map_err(|e| e.at(span))?;
        let result = match predicate {
            Some(body) => self.with_frame(&items, |interpreter| {
                let mut closure = Closure { interpreter, body };
                function(&items, Some(&mut closure), &rest, ctx)
            }),
            None => function(&items, None, &rest, ctx),
        };
        result.map_err(|e| e.at(span))
    }

    fn with_frame<T>(&mut self, items: &Items<'a>, f: impl FnOnce(&mut Self) -> T) -> T {
        self.frames.push(Frame {
            items: items.clone(),
            index: 0,
            acc: None,
        });
        let result = f(self);
        self.frames.pop();
        result
    }

    /// Runs the predicate `body` for item `index` of the innermost frame.
    fn run_predicate(
        &mut self,
        body: &'a Node,
        index: usize,
        acc: Option<&Value<'a>>,
        ctx: &mut Context<'_>,
    ) -> Outcome<'a> {
        if let Some(frame) = self.frames.last_mut() {
            frame.index = index;
            frame.acc = acc.cloned();
        }
        self.eval(body, ctx)
    }

    fn test(
        &mut self,
        body: &'a Node,
        index: usize,
        span: Span,
        ctx: &mut Context<'_>,
    ) -> Result<bool, RuntimeError> {
        ctx.step()?;
        let value = self.run_predicate(body, index, None, ctx)?;
        ops::expect_bool(&value).map_err(|e| e.at(span))
    }

    fn filter_map(
        &mut self,
        collection: &'a Node,
        filter: &'a Node,
        map: &'a Node,
        span: Span,
        ctx: &mut Context<'_>,
    ) -> Outcome<'a> {
        let collection = self.eval(collection, ctx)?;
        let items = Items::new(collection).map_err(|e| e.at(span))?;
        let mapped = self.with_frame(&items, |interpreter| {
            let mut out = Vec::new();
            for index in 0..items.len() {
                if interpreter.test(filter, index, span, ctx)? {
                    out.push(interpreter.run_predicate(map, index, None, ctx)?);
                }
            }
            Ok::<_, RuntimeError>(out)
        })?;
        ctx.charge(mapped.len())?;
        Ok(Value::array(mapped))
    }

    fn find_strict(
        &mut self,
        collection: &'a Node,
        predicate: &'a Node,
        last: bool,
        span: Span,
        ctx: &mut Context<'_>,
    ) -> Outcome<'a> {
        let collection = self.eval(collection, ctx)?;
        let items = Items::new(collection).map_err(|e| e.at(span))?;
        let found = self.with_frame(&items, |interpreter| {
            let mut order: Box<dyn Iterator<Item = usize>> = if last {
                Box::new((0..items.len()).rev())
            } else {
                Box::new(0..items.len())
            };
            order.try_fold(None, |found, index| match found {
                Some(_) => Ok(found),
                None => Ok(interpreter
                    .test(predicate, index, span, ctx)?
                    .then_some(index)),
            })
        })?;
        match found {
            Some(index) => items.get(index).map_err(|e| e.at(span)),
            None => Err(RuntimeError::new("reflect: slice index out of range").at(span)),
        }
    }
}

/// The interpreter seen as the predicate of a predicate builtin.
struct Closure<'i, 'a> {
    interpreter: &'i mut Interpreter<'a>,
    body: &'a Node,
}

impl<'a> Predicate<'a> for Closure<'_, 'a> {
    fn call(
        &mut self,
        ctx: &mut Context<'_>,
        _items: &Items<'a>,
        index: usize,
        acc: Option<&Value<'a>>,
    ) -> Outcome<'a> {
        self.interpreter.run_predicate(self.body, index, acc, ctx)
    }
}

fn not_callable(callee: &Value<'_>) -> RuntimeError {
    if callee.is_nil() {
        RuntimeError::new("invalid operation: cannot call nil")
    } else {
        RuntimeError::new(format!(
            "invalid operation: cannot call non-function of type {}",
            callee.go_type()
        ))
    }
}

fn in_strings(
    needle: &Value<'_>,
    set: &std::collections::HashSet<Key>,
) -> Result<bool, RuntimeError> {
    match needle {
        Value::Nil => Ok(false),
        Value::Str(s) => Ok(set.contains(&Key::Str(Arc::from(*s)))),
        Value::String(s) => Ok(set.contains(&Key::Str(s.clone()))),
        Value::Binary(_) => Ok(Key::from_value(needle).is_some_and(|k| set.contains(&k))),
        other => Err(RuntimeError::new(format!(
            "reflect.Value.MapIndex: value of type {} is not assignable to type string",
            other.go_type()
        ))),
    }
}

/// A strict binary operator over two evaluated operands.
fn binary<'a>(op: BinaryOp, l: &Value<'a>, r: &Value<'a>, ctx: &mut Context<'_>) -> Outcome<'a> {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let ordering = |symbol| ops::compare(l, r, symbol);
    Ok(match op {
        BinaryOp::Add => {
            if let (Some(a), Some(b)) = (l.as_bytes(), r.as_bytes()) {
                ctx.charge_bytes(a.len().saturating_add(b.len()))?;
            }
            return ops::add(l, r);
        }
        BinaryOp::Sub => return ops::sub(l, r),
        BinaryOp::Mul => return ops::mul(l, r),
        BinaryOp::Div => return ops::div(l, r),
        BinaryOp::Mod => return ops::rem(l, r),
        BinaryOp::Pow => return ops::pow(l, r),
        BinaryOp::Eq => Value::Bool(ops::equal(l, r)),
        BinaryOp::Ne => Value::Bool(!ops::equal(l, r)),
        BinaryOp::Lt => Value::Bool(ordering("<")? == Some(Less)),
        BinaryOp::Gt => Value::Bool(ordering(">")? == Some(Greater)),
        BinaryOp::Le => Value::Bool(matches!(ordering("<=")?, Some(Less | Equal))),
        BinaryOp::Ge => Value::Bool(matches!(ordering(">=")?, Some(Greater | Equal))),
        BinaryOp::In => Value::Bool(ops::member_in(l, r)?),
        BinaryOp::NotIn => Value::Bool(!ops::member_in(l, r)?),
        BinaryOp::Contains => Value::Bool(ops::contains(l, r)?),
        BinaryOp::NotContains => Value::Bool(!ops::contains(l, r)?),
        BinaryOp::StartsWith => Value::Bool(ops::starts_with(l, r)?),
        BinaryOp::NotStartsWith => Value::Bool(!ops::starts_with(l, r)?),
        BinaryOp::EndsWith => Value::Bool(ops::ends_with(l, r)?),
        BinaryOp::NotEndsWith => Value::Bool(!ops::ends_with(l, r)?),
        BinaryOp::Matches => Value::Bool(ops::matches(l, r)?),
        BinaryOp::NotMatches => Value::Bool(!ops::matches(l, r)?),
        BinaryOp::Range => return range(l, r, ctx),
        BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce => {
            return Err(RuntimeError::new(
                "internal: lazy operator evaluated strictly",
            ))
        }
    })
}

/// `a..b`: the ints from a to b (floats truncated), charged to the memory budget.
fn range<'a>(l: &Value<'a>, r: &Value<'a>, ctx: &mut Context<'_>) -> Outcome<'a> {
    let (Some(from), Some(to)) = (number_to_int(l), number_to_int(r)) else {
        return Err(RuntimeError::new(format!(
            "invalid operation: {} .. {}",
            l.go_type(),
            r.go_type()
        )));
    };
    let len = if to < from {
        0
    } else {
        (i128::from(to) - i128::from(from) + 1).min(u64::MAX as i128) as u64
    };
    ctx.charge(usize::try_from(len).unwrap_or(usize::MAX))?;
    let items = (from..=to).map(Value::Int).collect();
    Ok(Value::array_of(ArrayKind::Int, items))
}

/// The error of an evaluation nested deeper than `Limits::max_depth`.
fn too_deep() -> RuntimeError {
    RuntimeError::with_code(Code::Limit, "evaluation nested too deeply")
        .with_help("the limit is Limits::max_depth; flatten the expression")
}

fn number_to_int(value: &Value<'_>) -> Option<i64> {
    match value {
        Value::Int(i) => Some(*i),
        Value::Byte(b) => Some(i64::from(*b)),
        Value::Float(f) => Some(ops::float_to_int(*f)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::eval::Limits;

    /// Field values of every JSON shape, for comparing the direct reads with the interpreter.
    fn field_values() -> Vec<serde_json::Value> {
        vec![
            json!(null),
            json!(""),
            json!("x"),
            json!([]),
            json!([1]),
            json!({}),
            json!({"k": 1}),
            json!(0),
            json!(false),
            json!(1.5),
            json!("é"),
            json!(["x"]),
        ]
    }

    /// The smallest depth limit under which `source` evaluates.
    fn depth_needed(source: &str) -> u32 {
        let env = json!({"jcUser": {"a": [1]}});
        (1..20)
            .find(|&max_depth| {
                let limits = Limits {
                    max_depth,
                    ..Limits::default()
                };
                let engine = crate::Engine::default().with_limits(limits);
                engine.compile(source).unwrap().run(&env).is_ok()
            })
            .unwrap()
    }

    /// Direct reads give what the interpreter gives; anything else is not direct.
    #[test]
    fn direct_reads_agree_with_the_interpreter() {
        let engine = crate::Engine::default();
        let direct = [
            "jcUser.a",
            "'c'",
            "notNullOrEmpty(jcUser.a) ? jcUser.a : 'y'",
            "notNullOrEmpty(providerUser.a) ? providerUser.a : jcUser.b",
            "notNullOrEmpty(jcUser.a) ? jcUser.a : (notNullOrEmpty(jcUser.b) ? jcUser.b : 3)",
            "jcUser.a ?? 'x'",
            "notNullOrEmpty(providerUser.a) ? providerUser.a : jcUser.a ?? jcUser.b ?? nil",
            "first(jcUser.a)",
            "find(jcUser.a, .type == 'work') ?? first(jcUser.a ?? [])",
            "find(jcUser.b ?? [], # > 1) ?? first(jcUser.a) ?? 'z'",
            "jcUser.a ?? []",
            "jcUser.a + ' ' + jcUser.b",
            "notNullOrEmpty(providerUser.a) ? providerUser.a : jcUser.a + ' ' + jcUser.b",
            "(jcUser.a ?? 'n') + (first(jcUser.b) ?? 'f')",
            "jcUser.a + 1",
            "notNullOrEmpty(jcUser.b) ? jcUser.a + ' ' + jcUser.b : jcUser.a",
            "notNullOrEmpty(providerUser.a) ? jcUser.b : (notNullOrEmpty(jcUser.b) ? first(jcUser.a) : jcUser.a ?? 'n')",
            "find(jcUser.a, .type == 'work')",
            "find(jcUser.a, .type == jcUser.b)",
            "find(jcUser.a, .type?.x == 'w')",
            "find(jcUser.a, 'work' == .type)",
            "find(jcUser.a, .type == 'work') ?? find(jcUser.b, .k == 'v') ?? first(jcUser.a)",
        ];
        let values = field_values();
        let mut users: Vec<_> = values.iter().map(|a| json!({"a": a, "b": a})).collect();
        users.extend([
            json!({"a": [{"type": "home"}, {"type": "work"}], "b": [3]}),
            json!({"a": ["x", 2], "b": []}),
            json!({"a": [], "b": [1, 2]}),
            json!({"a": [{"type": "work", "n": 1}, {"type": "work", "n": 2}], "b": [{"k": "v"}]}),
            json!({"a": [{"type": "home"}, {"k": "work"}], "b": [{"k": "w"}, {"k": 1}, {"k": null}]}),
            json!({"a": [{"type": "home"}, "work", {"type": "work"}], "b": [{"k": ["v"]}]}),
            json!({"a": [{"type": 1}, null, {"type": "work"}], "b": [{}, {"k": "v"}]}),
            json!({"a": [{"type": "work"}, 3], "b": [[], {"k": "v"}]}),
        ]);
        users.extend([json!({}), json!("s"), json!(null), json!({"b": "z"})]);
        for source in direct {
            let program = engine.compile(source).unwrap();
            assert!(program.is_direct(), "{source}");
            for user in &users {
                for provider in [json!({}), json!({"a": "p"}), json!([])] {
                    let vars = [
                        ("jcUser", crate::Value::from_json(user)),
                        ("providerUser", crate::Value::from_json(&provider)),
                    ];
                    let interpreted = program.run_with(&vars).map(|value| value.to_json());
                    let direct = program.run_direct(&vars).map(|value| value.to_json());
                    if let Some(value) = direct {
                        assert_eq!(Ok(value), interpreted, "{source} {user} {provider}");
                    }
                }
            }
        }
        for source in [
            "jcUser.a.b",
            "[jcUser.a]",
            "notNullOrEmpty(jcUser.a) ? jcUser.a : upper('y')",
            "jcUser.a ?? [1]",
            "last(jcUser.a)",
            "findLast(jcUser.a, .type == 'work')",
            "filter(jcUser.a, .type == 'work')",
            "(jcUser.a ?? jcUser.b).c",
            "notNullOrEmpty(jcUser.a.b) ? jcUser.a : 'x'",
            "notNullOrEmpty('x') ? jcUser.a : 'x'",
            "notEmpty(jcUser.a) ? jcUser.a : 'x'",
            "jcUser.a - jcUser.b",
        ] {
            assert!(!engine.compile(source).unwrap().is_direct(), "{source}");
        }
        let tight = crate::Engine::default().with_limits(Limits {
            max_depth: 3,
            ..Limits::default()
        });
        assert!(!tight.compile("jcUser.a").unwrap().is_direct());
        // Eight levels are direct, nine are not, and a long chain is refused level by level.
        let chain = |n: usize| vec!["jcUser.a"; n + 1].join(" + ");
        assert!(engine.compile(&chain(8)).unwrap().is_direct());
        assert!(!engine.compile(&chain(9)).unwrap().is_direct());
        assert!(!engine.compile(&chain(300)).unwrap().is_direct());
    }

    /// Direct `find(a, .f == 'c')` runs no more predicate tests than the interpreter's step
    /// limit allows: near the limit it declines (and the interpreter decides).
    #[test]
    fn direct_find_keeps_to_the_step_limit() {
        let (mut answered, mut declined) = (0, 0);
        for max_steps in [32, 33, 40, 41, 50, 60, 100] {
            let engine = crate::Engine::default().with_limits(Limits {
                max_steps,
                ..Limits::default()
            });
            for source in [
                "find(jcUser.a, .type == 'work')",
                "find(jcUser.a, .type == 'x') ?? find(jcUser.a, .type == 'work') ?? 'none'",
            ] {
                let program = engine.compile(source).unwrap();
                assert!(program.is_direct(), "{source}");
                for len in [1, 20, 23, 24, 25, 31, 32, 33, 45, 60] {
                    for at in [0, len / 2, len - 1, len] {
                        let items: Vec<_> = (0..len)
                            .map(|i| json!({"type": if i == at { "work" } else { "home" }, "i": i}))
                            .collect();
                        let user = json!({ "a": items });
                        let vars = [("jcUser", crate::Value::from_json(&user))];
                        let interpreted = program.run_with(&vars).map(|value| value.to_json());
                        match program.run_direct(&vars).map(|value| value.to_json()) {
                            Some(value) => {
                                answered += 1;
                                assert_eq!(
                                    Ok(value),
                                    interpreted,
                                    "{source} {max_steps} {len} {at}"
                                );
                            }
                            None => declined += 1,
                        }
                    }
                }
            }
        }
        assert!(answered > 0 && declined > 0, "{answered} {declined}");
    }

    /// Direct concatenations charge the memory budget as the interpreter does: where the
    /// interpreter runs out, the direct read declines (and the interpreter reports it).
    #[test]
    fn direct_concatenation_charges_the_memory_budget() {
        let sources = [
            "jcUser.a + ' ' + jcUser.b",
            "jcUser.a + (jcUser.b + jcUser.a)",
            "notNullOrEmpty(jcUser.c) ? jcUser.c : jcUser.a + jcUser.b",
            "notNullOrEmpty(jcUser.b) ? jcUser.a + ' ' + jcUser.b : jcUser.a",
        ];
        let (mut answered, mut declined) = (0, 0);
        for budget in 30..=80 {
            let engine = crate::Engine::default().with_limits(Limits {
                memory_budget: budget,
                ..Limits::default()
            });
            for source in sources {
                let program = engine.compile(source).unwrap();
                assert_eq!(program.is_direct(), budget >= 32, "{source} {budget}");
                for (a, b) in [(63, 1), (64, 0), (700, 1300), (1000, 1100), (2000, 63)] {
                    let user = json!({"a": "a".repeat(a), "b": "b".repeat(b)});
                    let vars = [("jcUser", crate::Value::from_json(&user))];
                    let interpreted = program.run_with(&vars).map(|value| value.to_json());
                    match program.run_direct(&vars).map(|value| value.to_json()) {
                        Some(value) => {
                            answered += 1;
                            assert_eq!(Ok(value), interpreted, "{source} {budget} {a} {b}");
                        }
                        None => {
                            declined += 1;
                            let error = interpreted.expect_err(source);
                            assert_eq!(error.to_string(), "memory budget exceeded");
                        }
                    }
                }
            }
        }
        assert!(answered > 0 && declined > 0, "{answered} {declined}");
    }

    /// `notNullOrEmpty(x) ? x : y` (read once, [`super::Node::NonEmptyOr`]) gives what the
    /// plain conditional gives (`jcUser?.a` in the branch is not fused), errors and the depth
    /// needed included.
    #[test]
    fn a_fused_non_empty_test_agrees_with_the_conditional() {
        let fused = "notNullOrEmpty(jcUser.a) ? jcUser.a : 'y'";
        let plain = "notNullOrEmpty(jcUser.a) ? jcUser?.a : 'y'";
        let engine = crate::Engine::default();
        let (fused_program, plain_program) = (
            engine.compile(fused).unwrap(),
            engine.compile(plain).unwrap(),
        );
        assert!(matches!(
            fused_program.root(),
            super::Node::NonEmptyOr { .. }
        ));
        assert!(matches!(
            plain_program.root(),
            super::Node::Conditional { .. }
        ));
        let values = field_values();
        let mut envs: Vec<_> = values.iter().map(|a| json!({"jcUser": {"a": a}})).collect();
        envs.extend([json!({"jcUser": {}}), json!({"jcUser": "s"}), json!({})]);
        for env in &envs {
            let outcome = |program: &crate::Program| match program.run(env) {
                Ok(value) => Ok(value.to_json()),
                Err(error) => Err((error.to_string(), error.span())),
            };
            assert_eq!(outcome(&fused_program), outcome(&plain_program), "{env}");
        }
        assert_eq!(depth_needed(fused), depth_needed(plain));
        assert_eq!(
            depth_needed(&format!("[{fused}]")),
            depth_needed(&format!("[{plain}]"))
        );
    }

    #[test]
    fn a_variable_field_read_in_one_step_counts_the_depth_of_a_field_of_a_variable() {
        // `jcUser.a` is read in one step (GlobalField) but counts the levels of the chain it
        // stands for: those of `jcUser['a']` (a link of the same shape, not fused).
        let program = crate::Engine::default().compile("jcUser.a").unwrap();
        assert!(matches!(program.root(), super::Node::GlobalField { .. }));
        for (fused, plain) in [
            ("jcUser.a", "jcUser['a']"),
            ("jcUser.a", "jcUser?.a"),
            ("jcUser.a[0]", "jcUser['a'][0]"),
            ("jcUser.a[0:1]", "jcUser['a'][0:1]"),
            ("[jcUser.a]", "[jcUser['a']]"),
            ("len(jcUser.a)", "len(jcUser['a'])"),
        ] {
            assert_eq!(depth_needed(fused), depth_needed(plain), "{fused}");
        }
    }
}
