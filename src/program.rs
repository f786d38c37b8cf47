//! The public entry points: an [`Engine`] (builtins, limits, clock) compiles source text into a
//! [`Program`], which evaluates over any number of JSON environments, from any number of threads.

use std::fmt;
use std::sync::Arc;

use serde_json::Value as Json;

use crate::builtins::Registry;
use crate::check;
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::eval::direct::{DirectPlan, FieldSlots};
use crate::eval::interpreter::{Bindings, Interpreter};
use crate::eval::ir::Node;
use crate::eval::lower::{self, FieldRule, StaticTypes, Untyped};
use crate::eval::{Clock, Context, Limits, RuntimeError, SystemClock};
use crate::syntax;
use crate::types::{Type, TypeEnv};
use crate::value::{Value, MAX_VALUE_DEPTH};

/// Compiles expressions: holds the function registry, the evaluation limits and the clock.
///
/// ```
/// let engine = scimap::Engine::default();
/// let program = engine.compile("jcUser.firstname + ' ' + jcUser.lastname").unwrap();
/// let env = serde_json::json!({"jcUser": {"firstname": "Ada", "lastname": "Lovelace"}});
/// assert_eq!(program.eval(&env).unwrap().as_str(), Some("Ada Lovelace"));
/// ```
#[derive(Clone)]
pub struct Engine {
    registry: Arc<Registry>,
    limits: Limits,
    clock: Arc<dyn Clock>,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine {
            registry: Arc::new(Registry::standard()),
            limits: Limits::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine")
            .field("limits", &self.limits)
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// An engine with Expr's builtins and the JumpCloud helpers.
    pub fn new() -> Engine {
        Engine::default()
    }

    /// The function registry.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The function registry, to register functions from Rust.
    pub fn registry_mut(&mut self) -> &mut Registry {
        Arc::make_mut(&mut self.registry)
    }

    /// Sets the limits of parsing and evaluation.
    pub fn with_limits(mut self, limits: Limits) -> Engine {
        self.limits = limits;
        self
    }

    /// Sets the clock `now()` reads.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Engine {
        self.clock = clock;
        self
    }

    /// The limits of parsing and evaluation.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Parses and compiles `source` without static types (every name is accepted; unknown names
    /// are nil at run time).
    pub fn compile(&self, source: &str) -> Result<Program, Diagnostics> {
        let ast = syntax::parse_with_limits(source, &self.limits.parse())?;
        Ok(self.lower(source, &ast, &Untyped, &[], Vec::new()))
    }

    /// Compiles `source` with the types of a sample environment, as the reference's typed mode
    /// (`expr.Compile(src, expr.Env(env))`) does: each top-level key has its value's type.
    pub fn compile_for_json(&self, source: &str, env: &Json) -> Result<Program, Diagnostics> {
        self.compile_with_types(source, &TypeEnv::from_json(env))
    }

    /// Compiles `source` against the variables and types of `env`: the checker reports every
    /// problem at once (errors fail compilation; warnings stay on the program).
    pub fn compile_with_types(&self, source: &str, env: &TypeEnv) -> Result<Program, Diagnostics> {
        self.compile_with_rules(source, env, &[])
    }

    /// Like [`Engine::compile_with_types`], with environment rules for field reads (the mapping
    /// layer's JumpCloud normalisation).
    pub(crate) fn compile_with_rules(
        &self,
        source: &str,
        env: &TypeEnv,
        rules: &[FieldRule],
    ) -> Result<Program, Diagnostics> {
        let ast = syntax::parse_with_limits(source, &self.limits.parse())?;
        let checked = check::check(&ast, env, &self.registry);
        if checked.has_errors() {
            return Err(Diagnostics::new(source, checked.diagnostics));
        }
        Ok(self.typed_program(source, &ast, &checked, rules))
    }

    /// Lowers a checked program, keeping its warnings and its result type.
    fn typed_program(
        &self,
        source: &str,
        ast: &syntax::Expr,
        checked: &check::Checked,
        rules: &[FieldRule],
    ) -> Program {
        let types = Checked(&checked.types);
        let mut program = self.lower(source, ast, &types, rules, checked.diagnostics.clone());
        program.result_type = checked.types.sound(ast).cloned().unwrap_or(Type::Any);
        program
    }

    fn lower(
        &self,
        source: &str,
        ast: &syntax::Expr,
        types: &dyn StaticTypes,
        rules: &[FieldRule],
        warnings: Vec<Diagnostic>,
    ) -> Program {
        let (root, slots) = lower::lower(ast, &self.registry, types, rules);
        Program {
            source: Arc::from(source),
            root,
            slots,
            limits: self.limits,
            clock: self.clock.clone(),
            warnings,
            result_type: Type::Any,
        }
    }
}

/// A compiled expression: evaluate it over JSON environments as often as needed.
/// `Program` is `Send + Sync`; share it across threads.
pub struct Program {
    source: Arc<str>,
    root: Node,
    slots: u32,
    limits: Limits,
    clock: Arc<dyn Clock>,
    warnings: Vec<Diagnostic>,
    result_type: Type,
}

impl fmt::Debug for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Program")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl Program {
    /// The source text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Warnings found while compiling.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The type of every value the program can return, as the checker inferred it (`Any` for
    /// a program compiled without types): when evaluation succeeds, the value is admitted by it.
    ///
    /// ```
    /// use scimap::types::{Type, TypeEnv};
    /// let engine = scimap::Engine::default();
    /// let program = engine
    ///     .compile_with_types("jcUser.firstname ?? 'none'", &TypeEnv::jumpcloud())
    ///     .unwrap();
    /// assert_eq!(program.result_type(), &Type::String);
    /// ```
    pub fn result_type(&self) -> &Type {
        &self.result_type
    }

    /// Evaluates over `env` (a JSON object whose keys are the variables); a failure comes back
    /// as diagnostics over the source, ready to render.
    pub fn eval<'a>(&'a self, env: &'a Json) -> Result<Value<'a>, Diagnostics> {
        self.run(env).map_err(|error| self.diagnostics(&error))
    }

    /// Evaluates over `env`, returning the bare run-time error on failure (cheaper than
    /// [`Program::eval`] when the caller reports errors its own way).
    pub fn run<'a>(&'a self, env: &'a Json) -> Result<Value<'a>, RuntimeError> {
        let mut ctx = Context::new(self.limits, &*self.clock);
        self.run_in(Bindings::Json(env), &mut ctx)
    }

    /// Evaluates with the variables given as named values, e.g. borrowed documents:
    /// `program.run_with(&[("jcUser", Value::from_json(&user))])`.
    pub fn run_with<'a>(
        &'a self,
        vars: &'a [(&'a str, Value<'a>)],
    ) -> Result<Value<'a>, RuntimeError> {
        let mut ctx = Context::new(self.limits, &*self.clock);
        self.run_in(Bindings::Vars(vars), &mut ctx)
    }

    /// Evaluates with a caller-provided context (shared budget, custom clock).
    pub fn run_in<'a>(
        &'a self,
        env: Bindings<'a>,
        ctx: &mut Context<'_>,
    ) -> Result<Value<'a>, RuntimeError> {
        let mut interpreter = Interpreter::new(env, self.slots);
        let value = interpreter.eval(&self.root, ctx)?;
        check_result(&value, ctx.limits.memory_budget)?;
        Ok(value)
    }

    /// The program compiled for direct evaluation (see [`crate::eval::direct`]), its field
    /// reads given slots in `slots`: of the whole program, or with `call` of its root call's
    /// arguments (see [`Program::run_root_call`]). `None` when the program is not of a direct
    /// shape, reads a variable not in `vars`, or its limits leave a direct read no room.
    pub(crate) fn direct_plan(
        &self,
        call: bool,
        slots: &mut FieldSlots,
        vars: &[&str],
    ) -> Option<DirectPlan> {
        DirectPlan::build(&self.root, call, &self.limits, slots, vars)
    }

    /// Whether the program has a direct plan over `jcUser` and `providerUser`.
    #[cfg(test)]
    pub(crate) fn is_direct(&self) -> bool {
        self.direct_plan(
            false,
            &mut FieldSlots::default(),
            &["jcUser", "providerUser"],
        )
        .is_some()
    }

    /// What the program's direct plan gives over `vars`, as JSON; `None` when the program has
    /// no plan or the plan declines.
    #[cfg(test)]
    pub(crate) fn run_direct(&self, vars: &[(&str, Value<'_>)]) -> Option<serde_json::Value> {
        let names: Vec<&str> = vars.iter().map(|(name, _)| *name).collect();
        let mut slots = FieldSlots::default();
        let plan = self.direct_plan(false, &mut slots, &names)?;
        let mut fields = crate::eval::direct::Fields::default();
        slots.fill(vars, &mut fields);
        let mut value = Value::Nil;
        plan.eval_into(&fields, &mut value).then(|| value.to_json())
    }

    /// What `call` gives of the root call's arguments read by the program's direct plan of
    /// them over `vars`; `None` when there is no such plan or it declines.
    #[cfg(test)]
    pub(crate) fn run_direct_call<T>(
        &self,
        vars: &[(&str, Value<'_>)],
        call: impl for<'b> FnOnce(&[Value<'b>]) -> Result<T, RuntimeError>,
    ) -> Option<Result<T, RuntimeError>> {
        let names: Vec<&str> = vars.iter().map(|(name, _)| *name).collect();
        let mut slots = FieldSlots::default();
        let plan = self.direct_plan(true, &mut slots, &names)?;
        let mut fields = crate::eval::direct::Fields::default();
        slots.fill(vars, &mut fields);
        plan.call(&fields, call)
    }

    /// The program's root node (tests look at what lowering made).
    #[cfg(test)]
    pub(crate) fn root(&self) -> &Node {
        &self.root
    }

    /// The builtin the program's root calls (`toScimEmails(...)`), if the root is such a call.
    pub(crate) fn root_builtin(&self) -> Option<crate::builtins::FunctionImpl> {
        match &self.root {
            Node::Call {
                function: crate::eval::ir::Callable::Builtin(function),
                ..
            } => Some(*function),
            _ => None,
        }
    }

    /// Evaluates a program whose root is a call (see [`Program::root_builtin`]) with `call` in
    /// place of the function, given the evaluated arguments: the same limits, steps and error
    /// spans as [`Program::run_with`]. (A [`DirectPlan`] of the call does the same without the
    /// interpreter, when the arguments are direct reads.)
    pub(crate) fn run_root_call<'a, T>(
        &'a self,
        vars: &'a [(&'a str, Value<'a>)],
        call: impl FnOnce(&[Value<'a>]) -> Result<T, RuntimeError>,
    ) -> Result<T, RuntimeError> {
        let mut ctx = Context::new(self.limits, &*self.clock);
        let mut interpreter = Interpreter::new(Bindings::Vars(vars), self.slots);
        interpreter
            .eval_call_with(&self.root, &mut ctx, call)
            .unwrap_or_else(|| Err(RuntimeError::new("internal: the root is not a call")))
    }

    /// A run-time error as diagnostics over this program's source.
    pub fn diagnostics(&self, error: &RuntimeError) -> Diagnostics {
        Diagnostics::new(self.source.clone(), vec![error.to_diagnostic()])
    }
}

/// Checks that a result can be handed out: converting it ([`Value::to_json`],
/// [`Value::into_owned`]), printing and dropping it stay bounded. Its computed parts may nest at
/// most [`MAX_VALUE_DEPTH`] levels and, expanded (parts can be shared, so that a small value can
/// stand for an enormous tree: `reduce(1..60, [#acc, #acc], [])`), hold at most `max_nodes`
/// elements, input JSON inside them included. A result that is input JSON itself is the caller's.
fn check_result(value: &Value<'_>, max_nodes: u64) -> Result<(), RuntimeError> {
    let mut pending: Vec<(Value<'_>, usize)> = match value {
        Value::Array(_) | Value::Map(_) => vec![(value.clone(), 1)],
        _ => return Ok(()),
    };
    let max_nodes = usize::try_from(max_nodes).unwrap_or(usize::MAX);
    let mut nodes: usize = 0;
    while let Some((value, depth)) = pending.pop() {
        let before = pending.len();
        match &value {
            Value::Array(array) => {
                pending.extend(array.items.iter().map(|v| (v.clone(), depth + 1)))
            }
            Value::Map(map) => pending.extend(map.entries.values().map(|v| (v.clone(), depth + 1))),
            Value::JsonArray(items) => {
                pending.extend(items.iter().map(|j| (Value::from_json(j), depth + 1)));
            }
            Value::JsonMap(map) => {
                pending.extend(map.values().map(|j| (Value::from_json(j), depth + 1)));
            }
            _ => continue,
        }
        nodes = nodes.saturating_add(pending.len() - before + 1);
        if nodes > max_nodes {
            return Err(RuntimeError::with_code(
                Code::Limit,
                format!("result too large (more than {max_nodes} elements)"),
            )
            .with_help("the limit is Limits::memory_budget; return a smaller value"));
        }
        if depth > MAX_VALUE_DEPTH {
            return Err(RuntimeError::with_code(
                Code::Limit,
                format!("result nests too deeply (more than {MAX_VALUE_DEPTH} levels)"),
            ));
        }
    }
    Ok(())
}

/// The checker's types, as lowering asks for them.
struct Checked<'t>(&'t check::TypeTable);

impl StaticTypes for Checked<'_> {
    /// An `int` to the reference that cannot be nil (a schema field `int | nil` is not).
    fn is_int(&self, expr: &syntax::Expr) -> bool {
        self.0.get(expr).is_some_and(Type::is_integer)
            && !self.0.sound(expr).is_some_and(Type::admits_nil)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Program>();
        assert_send_sync::<Engine>();
    }
}
