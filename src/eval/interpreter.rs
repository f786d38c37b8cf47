//! The tree-walking interpreter over a resolved program.
//!
//! Values are read from the input JSON in place; the program's own constants are lent out by
//! reference (so a program shared by many threads sees no reference-count traffic for them).

use std::sync::Arc;

use indexmap::IndexMap;
use serde_json::Value as Json;
use smallvec::SmallVec;

use crate::builtins::{Implementation, Items, Predicate};
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
        let values = crate::eval::direct::tests::field_values();
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
