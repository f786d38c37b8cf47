//! Direct evaluation: the commonest shapes of mapping-table expressions (a variable's field,
//! `notNullOrEmpty(x) ? x : y`, `??`, `first`, `find(a, .f == 'c')`, string `+`, and the
//! arguments of a `toScim*` call made of those) evaluated without the interpreter: no frame,
//! no context, no stack check, and no field looked up by name.
//!
//! A program of such a shape compiles to a [`DirectPlan`] whose field reads are slots of a
//! [`FieldSlots`] table shared by every row of a mapping table. For each user the table fills
//! the slots once ([`FieldSlots::fill`]: one pass over the user's keys, each key found in a
//! small hash index of the table's field names), and every read of every row is then an index.
//!
//! A plan gives what the interpreter gives for the same program and variables, or declines
//! (`None`: a field of a variable that is not an object, a concatenation that is not of two
//! strings or would exceed the memory budget, a `find` the step limit might stop), and the
//! interpreter runs and decides. The tests below compare the two over values of every shape.

use std::sync::Arc;

use serde_json::Value as Json;
use smallvec::SmallVec;

use super::ir::{Callable, Node};
use super::ops;
use super::RuntimeError;
use crate::builtins::{FunctionImpl, PredicateImpl};
use crate::syntax::{BinaryOp, Span};
use crate::value::{json_field, Value};

/// How many levels of `notNullOrEmpty(x) ? x : y` and `??` a direct program may nest (see
/// [`direct_levels`]).
const MAX_DIRECT_LEVELS: u32 = 8;

/// Whether `node` is a direct read: a field of a variable (`jcUser.email`), a scalar constant or
/// `[]`, `notNullOrEmpty(x) ? x : y` of a field and a direct read, `a ?? b` of direct reads
/// (`jcUser.id`, which falls back to `jcUser._id`), `first(a)` and `find(a, p)` of a direct
/// read (evaluated directly when `a` is an array, and for `find` an empty one), nested at most
/// [`MAX_DIRECT_LEVELS`] deep. Each level takes at most two levels of depth and one step, so
/// that under limits of at least [`DIRECT_MIN_LIMIT`] a [`DirectPlan`] gives what the
/// interpreter gives without a frame, a context or a stack check.
fn direct_levels(node: &Node) -> Option<u32> {
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
/// a [`DirectPlan`] of the call evaluates them.
fn is_direct_call(node: &Node) -> bool {
    match node {
        Node::Call { args, .. } => args.iter().all(|arg| direct_levels(arg).is_some()),
        _ => false,
    }
}

/// The least `max_depth` and `max_steps` under which a [`DirectPlan`] may stand in for the
/// interpreter (a direct program, or a call of direct arguments, needs at most
/// `4 + 2 * MAX_DIRECT_LEVELS` of either).
const DIRECT_MIN_LIMIT: u64 = 4 * MAX_DIRECT_LEVELS as u64;

/// The memory budget of one direct evaluation: charged as the interpreter's [`super::Context`] charges
/// it.
struct DirectBudget {
    used: u64,
    budget: u64,
    /// Predicate tests run (each one step of the interpreter's).
    tests: u64,
    max_steps: u64,
}

impl DirectBudget {
    /// A memory budget of `budget` units and a step limit of `max_steps`, none used.
    fn new(budget: u64, max_steps: u64) -> DirectBudget {
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

    /// Charges a computed string of `len` bytes as [`super::Context::charge_bytes`] does; `false` when
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

/// Where a plan reads a field: its slot in [`Fields`].
pub(crate) type Slot = u16;

/// The fields a table's plans and paths read, by variable, each given a [`Slot`]: built
/// while the table compiles, then used to fill [`Fields`] for each user.
#[derive(Clone, Debug, Default)]
pub(crate) struct FieldSlots {
    vars: Vec<VarFields>,
    /// Slots given out (the length of [`Fields`]).
    len: usize,
}

/// The fields read of one variable.
#[derive(Clone, Debug)]
struct VarFields {
    var: Box<str>,
    /// (field name, its slot).
    fields: Vec<(Box<str>, Slot)>,
    /// An open-addressing index of `fields`: `0` for an empty bucket, else a position in
    /// `fields` plus one. Its length is a power of two at least twice that of `fields`, so a
    /// probe always ends at an empty bucket; only the table's names are inserted, so a user's
    /// keys cannot lengthen a probe.
    index: Vec<u32>,
}

/// The state of a field slot for one evaluation.
#[derive(Clone, Copy, Debug)]
enum FieldValue<'a> {
    /// The variable is an object without the field (it reads as nil).
    Absent,
    Present(&'a Json),
    /// The variable is not an object (or not bound): the interpreter decides what a read gives.
    NotObject,
}

/// One evaluation's field values, filled by [`FieldSlots::fill`]. Kept by the caller and
/// refilled for each user (tables of usual size keep it on the stack).
#[derive(Debug, Default)]
pub(crate) struct Fields<'a> {
    values: SmallVec<[FieldValue<'a>; 24]>,
}

impl<'a> Fields<'a> {
    /// The JSON at `slot`: `None` when the variable lacks the field or is not an object.
    #[inline]
    pub(crate) fn json(&self, slot: Slot) -> Option<&'a Json> {
        match self.values.get(usize::from(slot)) {
            Some(FieldValue::Present(json)) => Some(json),
            _ => None,
        }
    }

    /// The field at `slot` as a value (nil when absent); `None` when the variable is not an
    /// object.
    #[inline]
    fn value(&self, slot: Slot) -> Option<Value<'a>> {
        match self.values.get(usize::from(slot)) {
            Some(FieldValue::Present(json)) => Some(Value::from_json(json)),
            Some(FieldValue::Absent) => Some(Value::Nil),
            Some(FieldValue::NotObject) | None => None,
        }
    }
}

/// The bucket of a field name in an index of `mask + 1` buckets: the length and three bytes,
/// mixed. Cheap to compute for every key of a user, and the names of one table rarely share
/// a bucket.
#[inline]
fn bucket(name: &[u8], mask: usize) -> usize {
    let byte = |i: usize| name.get(i).copied().map_or(0, u64::from);
    let len = name.len();
    let mixed =
        (len as u64) ^ (byte(0) << 8) ^ (byte(len / 2) << 16) ^ (byte(len.wrapping_sub(1)) << 24);
    let hashed = mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
    hashed as usize & mask
}

impl VarFields {
    /// The slot of `name`, if the table reads it.
    #[inline]
    fn find(&self, name: &str) -> Option<Slot> {
        let mask = self.index.len().wrapping_sub(1);
        let mut at = bucket(name.as_bytes(), mask);
        loop {
            let entry = *self.index.get(at)?;
            let (field, slot) = self.fields.get(entry.checked_sub(1)? as usize)?;
            if **field == *name {
                return Some(*slot);
            }
            at = (at + 1) & mask;
        }
    }

    fn insert(&mut self, name: &str, slot: Slot) {
        self.fields.push((name.into(), slot));
        if self.index.len() < 2 * self.fields.len() {
            // Grow and re-insert everything (compile time only).
            let size = (4 * self.fields.len()).next_power_of_two();
            self.index = vec![0; size];
            for position in 0..self.fields.len() {
                self.place(position);
            }
        } else {
            self.place(self.fields.len() - 1);
        }
    }

    fn place(&mut self, position: usize) {
        let mask = self.index.len() - 1;
        let mut at = bucket(self.fields[position].0.as_bytes(), mask);
        while self.index[at] != 0 {
            at = (at + 1) & mask;
        }
        self.index[at] = position as u32 + 1;
    }
}

impl FieldSlots {
    /// The slot of `var.name`, given out on first use; `None` when the table already reads
    /// more fields than slots can number (the row then runs in the interpreter).
    pub(crate) fn slot(&mut self, var: &str, name: &str) -> Option<Slot> {
        let position = match self.vars.iter().position(|v| *v.var == *var) {
            Some(position) => position,
            None => {
                self.vars.push(VarFields {
                    var: var.into(),
                    fields: Vec::new(),
                    index: Vec::new(),
                });
                self.vars.len() - 1
            }
        };
        let fields = &mut self.vars[position];
        if let Some(slot) = fields.find(name) {
            return Some(slot);
        }
        let slot = Slot::try_from(self.len).ok()?;
        fields.insert(name, slot);
        self.len += 1;
        Some(slot)
    }

    /// Fills `fields` for one evaluation over `vars` (a variable bound twice: the first
    /// binding, as [`super::Bindings::get`] finds it). An object with many more keys than
    /// the table reads is searched field by field instead of key by key.
    pub(crate) fn fill<'a>(&self, vars: &[(&str, Value<'a>)], fields: &mut Fields<'a>) {
        fields.values.clear();
        // A copy of a block of `Absent` when the slots fit in one (`resize` fills one by one).
        const ABSENT: [FieldValue<'static>; 24] = [FieldValue::Absent; 24];
        match ABSENT.get(..self.len) {
            Some(absent) => fields.values.extend_from_slice(absent),
            None => fields.values.resize(self.len, FieldValue::Absent),
        }
        for var in &self.vars {
            let value = vars.iter().find(|(name, _)| **name == *var.var);
            let Some((_, Value::JsonMap(object))) = value else {
                for (_, slot) in &var.fields {
                    fields.values[usize::from(*slot)] = FieldValue::NotObject;
                }
                continue;
            };
            if object.len() <= 2 * var.fields.len() + 16 {
                for (key, json) in object.iter() {
                    if let Some(slot) = var.find(key) {
                        fields.values[usize::from(slot)] = FieldValue::Present(json);
                    }
                }
            } else {
                for (name, slot) in &var.fields {
                    if let Some(json) = json_field(object, name) {
                        fields.values[usize::from(*slot)] = FieldValue::Present(json);
                    }
                }
            }
        }
    }
}

/// One node of a [`DirectPlan`]: the shapes [`direct_levels`] accepts, with field reads
/// resolved to slots.
#[derive(Clone, Debug)]
enum Direct {
    /// `var.name`
    Field(Slot),
    /// A scalar constant (strings are lent out, not copied).
    Const(Value<'static>),
    /// `[]` written as a literal (a new empty array, as the interpreter builds it).
    EmptyArray,
    /// `notNullOrEmpty(x) ? x : y`, `x` read once ([`Node::NonEmptyOr`]).
    NonEmptyOr(Box<Direct>, Box<Direct>),
    /// `notNullOrEmpty(x) ? a : b` with `x` a field.
    IfNonEmpty {
        test: Slot,
        then: Box<Direct>,
        otherwise: Box<Direct>,
    },
    /// `first(a)`
    First(Box<Direct>),
    /// `find(a, p)`: with `.field == 'constant'` for `p`, searched; any other predicate only
    /// over an empty array (which it never runs on).
    Find {
        collection: Box<Direct>,
        field_equals: Option<(Arc<str>, Arc<str>)>,
    },
    /// `a + b` of two strings.
    Concat(Box<Direct>, Box<Direct>),
    /// `a ?? b`
    Coalesce(Box<Direct>, Box<Direct>),
}

impl Direct {
    /// The plan of a node [`direct_levels`] accepts; `None` for a variable not in `vars` or
    /// when the slots run out.
    fn build(node: &Node, slots: &mut FieldSlots, vars: &[&str]) -> Option<Direct> {
        fn sub(node: &Node, slots: &mut FieldSlots, vars: &[&str]) -> Option<Box<Direct>> {
            Direct::build(node, slots, vars).map(Box::new)
        }
        Some(match node {
            Node::GlobalField { var, name, .. } => {
                if !vars.contains(&&**var) {
                    return None;
                }
                Direct::Field(slots.slot(var, name)?)
            }
            Node::Const(value) => Direct::Const(value.clone()),
            Node::Array(_) => Direct::EmptyArray,
            Node::NonEmptyOr {
                value, otherwise, ..
            } => Direct::NonEmptyOr(sub(value, slots, vars)?, sub(otherwise, slots, vars)?),
            Node::Call { args, .. } => Direct::First(sub(args.first()?, slots, vars)?),
            Node::PredicateCall {
                collection,
                predicate,
                ..
            } => Direct::Find {
                collection: sub(collection, slots, vars)?,
                field_equals: predicate
                    .as_deref()
                    .and_then(field_equals_string)
                    .map(|(name, constant)| (Arc::from(name), Arc::from(constant))),
            },
            Node::Conditional {
                cond,
                then,
                otherwise,
                ..
            } => {
                let Node::GlobalField { var, name, .. } = non_empty_test_field(cond)? else {
                    return None;
                };
                if !vars.contains(&&**var) {
                    return None;
                }
                let test = slots.slot(var, name)?;
                Direct::IfNonEmpty {
                    test,
                    then: sub(then, slots, vars)?,
                    otherwise: sub(otherwise, slots, vars)?,
                }
            }
            Node::Binary { left, right, .. } => {
                Direct::Concat(sub(left, slots, vars)?, sub(right, slots, vars)?)
            }
            Node::Coalesce(left, right) => {
                Direct::Coalesce(sub(left, slots, vars)?, sub(right, slots, vars)?)
            }
            _ => return None,
        })
    }

    /// Evaluates the node as the interpreter would, into `out`; `false` when the interpreter
    /// must decide (`out` then holds anything). Every node writes its result where its
    /// parent's ends up: a value returned through each level would be copied at each level,
    /// and each such copy reads back, wider, what the callee has just stored piecewise, which
    /// the CPU cannot forward (a stall of a dozen cycles a level, most of the time a plan
    /// took).
    fn eval_into<'a>(
        &'a self,
        fields: &Fields<'a>,
        memory: &mut DirectBudget,
        out: &mut Value<'a>,
    ) -> bool {
        match self {
            Direct::Field(slot) => match fields.value(*slot) {
                Some(value) => {
                    *out = value;
                    true
                }
                None => false,
            },
            Direct::Const(Value::String(s)) => {
                *out = Value::Str(s);
                true
            }
            Direct::Const(value) => {
                *out = value.clone();
                true
            }
            Direct::EmptyArray => {
                *out = Value::array(Vec::new());
                true
            }
            Direct::NonEmptyOr(value, otherwise) => {
                if !value.eval_into(fields, memory, out) {
                    return false;
                }
                if crate::builtins::scim::is_null_or_empty(out) {
                    otherwise.eval_into(fields, memory, out)
                } else {
                    true
                }
            }
            Direct::IfNonEmpty {
                test,
                then,
                otherwise,
            } => {
                let Some(test) = fields.value(*test) else {
                    return false;
                };
                if crate::builtins::scim::is_null_or_empty(&test) {
                    otherwise.eval_into(fields, memory, out)
                } else {
                    then.eval_into(fields, memory, out)
                }
            }
            // A computed string would be charged: left to the interpreter.
            Direct::First(array) => {
                if !array.eval_into(fields, memory, out) || !out.is_array() {
                    return false;
                }
                let first = out.array_get(0).unwrap_or(Value::Nil);
                if matches!(first, Value::String(_) | Value::Binary(_)) {
                    return false;
                }
                *out = first;
                true
            }
            Direct::Find {
                collection,
                field_equals,
            } => {
                if !collection.eval_into(fields, memory, out) {
                    return false;
                }
                if out.is_array() && out.collection_len() == Some(0) {
                    *out = Value::Nil;
                    return true;
                }
                let (Some((name, constant)), Value::JsonArray(items)) = (field_equals, &*out)
                else {
                    return false;
                };
                match find_field_equals(items, name, constant, memory) {
                    Some(found) => {
                        *out = found;
                        true
                    }
                    None => false,
                }
            }
            // Charged as the interpreter charges it.
            Direct::Concat(left, right) => {
                let mut right_value = Value::Nil;
                if !left.eval_into(fields, memory, out)
                    || !right.eval_into(fields, memory, &mut right_value)
                {
                    return false;
                }
                match concat(out, &right_value, memory) {
                    Some(joined) => {
                        *out = joined;
                        true
                    }
                    None => false,
                }
            }
            Direct::Coalesce(left, right) => {
                if !left.eval_into(fields, memory, out) {
                    return false;
                }
                if out.is_nil() {
                    right.eval_into(fields, memory, out)
                } else {
                    true
                }
            }
        }
    }
}

/// `find(items, .name == 'constant')` over JSON items; `None` for an item that is not an
/// object or when the step limit might stop the interpreter. Kept out of [`Direct::eval_into`]
/// (as is [`concat`]) so that its frame stays small for the commoner nodes.
#[inline(never)]
fn find_field_equals<'a>(
    items: &'a [Json],
    name: &str,
    constant: &str,
    memory: &mut DirectBudget,
) -> Option<Value<'a>> {
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

/// `left + right` of two strings, charged as the interpreter charges it; `None` otherwise.
#[inline(never)]
fn concat<'a>(left: &Value<'a>, right: &Value<'a>, memory: &mut DirectBudget) -> Option<Value<'a>> {
    let (a, b) = (left.as_bytes()?, right.as_bytes()?);
    if !memory.charge_bytes(a.len().saturating_add(b.len())) {
        return None;
    }
    ops::add(left, right).ok()
}

/// A program (or the arguments of its root call) compiled for direct evaluation, with the
/// program's limits.
#[derive(Clone, Debug)]
pub(crate) struct DirectPlan {
    /// The root, or the root call's arguments.
    nodes: Vec<Direct>,
    /// The root call's span (errors of the call are placed there).
    span: Span,
    memory_budget: u64,
    max_steps: u64,
}

impl DirectPlan {
    /// The plan of `root` when [`direct_levels`] accepts it (`call`: of its arguments, when
    /// [`is_direct_call`] does) and the limits leave a direct read room to run.
    pub(crate) fn build(
        root: &Node,
        call: bool,
        limits: &super::Limits,
        slots: &mut FieldSlots,
        vars: &[&str],
    ) -> Option<DirectPlan> {
        let room = u64::from(limits.max_depth) >= DIRECT_MIN_LIMIT
            && limits.max_steps >= DIRECT_MIN_LIMIT
            && limits.memory_budget >= DIRECT_MIN_LIMIT;
        if !room {
            return None;
        }
        let (nodes, span) = if call {
            let Node::Call { args, span, .. } = root else {
                return None;
            };
            if !is_direct_call(root) {
                return None;
            }
            (args.iter().collect::<Vec<_>>(), *span)
        } else {
            direct_levels(root)?;
            (vec![root], Span::default())
        };
        Some(DirectPlan {
            nodes: nodes
                .into_iter()
                .map(|node| Direct::build(node, slots, vars))
                .collect::<Option<_>>()?,
            span,
            memory_budget: limits.memory_budget,
            max_steps: limits.max_steps,
        })
    }

    /// The program's value over `fields`, into `out`; `false` when the interpreter must run.
    #[inline]
    pub(crate) fn eval_into<'a>(&'a self, fields: &Fields<'a>, out: &mut Value<'a>) -> bool {
        let mut memory = DirectBudget::new(self.memory_budget, self.max_steps);
        self.nodes
            .first()
            .is_some_and(|node| node.eval_into(fields, &mut memory, out))
    }

    /// Calls `call` with the root call's arguments read over `fields` (its errors placed at
    /// the call); `None` when the interpreter must evaluate them.
    #[inline]
    pub(crate) fn call<'a, T>(
        &'a self,
        fields: &Fields<'a>,
        call: impl FnOnce(&[Value<'a>]) -> Result<T, RuntimeError>,
    ) -> Option<Result<T, RuntimeError>> {
        let mut memory = DirectBudget::new(self.memory_budget, self.max_steps);
        let mut args: SmallVec<[Value<'a>; 4]> = smallvec::smallvec![Value::Nil; self.nodes.len()];
        for (node, arg) in self.nodes.iter().zip(args.iter_mut()) {
            if !node.eval_into(fields, &mut memory, arg) {
                return None;
            }
        }
        Some(call(&args).map_err(|e| e.at(self.span)))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use serde_json::json;

    use super::{FieldSlots, Fields};
    use crate::eval::Limits;
    use crate::value::{json_field, Value};

    /// Field values of every JSON shape, for comparing the direct reads with the interpreter.
    pub(crate) fn field_values() -> Vec<serde_json::Value> {
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
                    let direct = program.run_direct(&vars);
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
                        match program.run_direct(&vars) {
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
                if !program.is_direct() {
                    continue;
                }
                for (a, b) in [(63, 1), (64, 0), (700, 1300), (1000, 1100), (2000, 63)] {
                    let user = json!({"a": "a".repeat(a), "b": "b".repeat(b)});
                    let vars = [("jcUser", crate::Value::from_json(&user))];
                    let interpreted = program.run_with(&vars).map(|value| value.to_json());
                    match program.run_direct(&vars) {
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

    /// Names that share lengths, first, middle and last bytes (the bucket's inputs), so that
    /// the index has collisions to resolve.
    fn awkward_names() -> Vec<String> {
        let mut names: Vec<String> = ["", "a", "b", "ab", "ba", "aa", "aXa", "aYa", "id", "_id"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for i in 0..200 {
            names.push(format!("f{i}x"));
            names.push(format!("k{}", "é".repeat(i % 7)));
        }
        names.sort();
        names.dedup();
        names
    }

    /// Every name the table reads gets one slot, found again on each request; filling finds
    /// every key a table reads, and only those, whether it scans the object's keys or looks
    /// the table's names up in a large object.
    #[test]
    fn slots_are_stable_and_fill_finds_what_a_lookup_finds() {
        let names = awkward_names();
        for read in [3, 20, names.len()] {
            let mut slots = FieldSlots::default();
            let given: Vec<_> = names[..read]
                .iter()
                .map(|name| slots.slot("jcUser", name).unwrap())
                .collect();
            let mut distinct = given.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), read, "one slot a name");
            for (name, slot) in names[..read].iter().zip(&given) {
                assert_eq!(slots.slot("jcUser", name), Some(*slot), "{name}");
            }
            // Objects smaller and much larger than the names read (both ways of filling).
            for keys in [0, 5, names.len() / 2, names.len()] {
                let object: serde_json::Map<String, serde_json::Value> = names
                    .iter()
                    .rev()
                    .take(keys)
                    .cloned()
                    .chain(["other".to_string(), "zz".to_string()])
                    .enumerate()
                    .map(|(i, name)| (name, json!(i)))
                    .collect();
                let user = serde_json::Value::Object(object.clone());
                let mut fields = Fields::default();
                slots.fill(&[("jcUser", Value::from_json(&user))], &mut fields);
                for (name, slot) in names[..read].iter().zip(&given) {
                    assert_eq!(
                        fields.json(*slot),
                        json_field(&object, name),
                        "{read} {keys} {name}"
                    );
                }
            }
        }
    }

    /// A variable that is not an object, or not bound, makes every read of it decline (the
    /// interpreter decides); a variable bound twice reads from its first binding.
    #[test]
    fn fill_follows_the_bindings() {
        let mut slots = FieldSlots::default();
        let a = slots.slot("jcUser", "a").unwrap();
        let b = slots.slot("providerUser", "a").unwrap();
        assert_ne!(a, b, "the same name of two variables");
        let (user, other) = (json!({"a": 1}), json!({"a": 2}));
        for (vars, expected) in [
            (
                vec![("jcUser", Value::from_json(&user))],
                [Some(Some(1)), None],
            ),
            (
                vec![
                    ("jcUser", Value::Str("s")),
                    ("providerUser", Value::from_json(&user)),
                ],
                [None, Some(Some(1))],
            ),
            (
                vec![
                    ("providerUser", Value::from_json(&json!({}))),
                    ("jcUser", Value::from_json(&user)),
                    ("jcUser", Value::from_json(&other)),
                ],
                [Some(Some(1)), Some(None)],
            ),
        ] {
            let mut fields = Fields::default();
            slots.fill(&vars, &mut fields);
            let read = |slot| fields.value(slot).map(|value| value.to_json().as_i64());
            assert_eq!([read(a), read(b)], expected, "{vars:?}");
        }
    }

    /// When the slots run out, the rows asking for more run in the interpreter.
    #[test]
    fn slots_run_out_without_harm() {
        let mut slots = FieldSlots::default();
        for i in 0..=usize::from(super::Slot::MAX) {
            assert!(slots.slot("jcUser", &i.to_string()).is_some());
        }
        assert_eq!(slots.slot("jcUser", "one more"), None);
        assert!(
            slots.slot("jcUser", "7").is_some(),
            "given names keep their slots"
        );
        let program = crate::Engine::default().compile("jcUser.x ?? 'y'").unwrap();
        assert!(program
            .direct_plan(false, &mut slots, &["jcUser"])
            .is_none());
        assert!(program
            .direct_plan(false, &mut FieldSlots::default(), &["jcUser"])
            .is_some());
    }
}
