//! What an evaluation carries besides the program: limits, the clock, and the run-time error.

use std::fmt;
use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::Span;

/// The reference's default memory budget: units of collection growth per evaluation.
pub const DEFAULT_MEMORY_BUDGET: u64 = 1_000_000;

/// Bytes of computed string that cost one unit of the memory budget. Go charges `repeat` a unit
/// per byte and nothing else that builds strings; scimap also charges string concatenation and
/// the strings builtins return, at this rate, so that `reduce(1..n, #acc + #acc, 'x')` or a
/// quadratic concatenation loop stops at the budget (64 MB of string growth by default)
/// instead of exhausting memory or time.
pub const STRING_BYTES_PER_UNIT: usize = 64;

/// Most elements a walk over a value visits (`flatten`, `max`, `==`, the check of a result):
/// values can share parts, so what a walk visits is not bounded by what was charged.
pub const MAX_WALK: usize = 4_000_000;

/// The error of a walk that visited [`MAX_WALK`] elements.
pub fn walk_too_large() -> RuntimeError {
    RuntimeError::with_code(
        Code::Limit,
        format!("value too large to walk (more than {MAX_WALK} elements)"),
    )
}

/// Where `now()` gets the time from. Inject a fixed clock to make `now()` testable.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> chrono::DateTime<chrono::Utc>;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
    }
}

/// A clock stopped at one instant.
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub chrono::DateTime<chrono::Utc>);

impl Clock for FixedClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.0
    }
}

/// The help of a run-time limit error that carries none of its own.
const LIMIT_HELP: &str = "evaluation is bounded so that no input can exhaust time or memory; \
    compute less, or raise the limit for trusted input (`Limits` in the library; \
    --memory-budget, --max-steps, --max-depth on the command line)";

/// What an [`crate::Engine`] accepts and how far one evaluation may go: one place for every
/// limit, set with [`crate::Engine::with_limits`]. Every limit fails with a diagnostic (code
/// `TooLarge` when compiling, `Limit` when running), never a crash.
///
/// ```
/// let limits = scimap::eval::Limits { max_steps: 1_000, ..Default::default() };
/// let engine = scimap::Engine::default().with_limits(limits);
/// let program = engine.compile("len(filter(1..200, len(filter(1..200, # > 0)) > 0))").unwrap();
/// let env = serde_json::json!({});
/// let error = program.run(&env).unwrap_err();
/// assert_eq!(error.message(), "evaluation step limit exceeded");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Units of collection growth (array and map sizes, range lengths, repeated strings, and a
    /// unit per [`STRING_BYTES_PER_UNIT`] bytes of computed string). Default 1,000,000, as Go's.
    pub memory_budget: u64,
    /// Evaluation steps (calls, predicate iterations). Default 10,000,000.
    pub max_steps: u64,
    /// Nesting depth of evaluation (and of `fromJSON` input). Default 500.
    pub max_depth: u32,
    /// Longest expression source, in bytes. Default 1 MiB.
    pub max_source_len: usize,
    /// Deepest nesting of brackets, prefix operators, `?:`, `let` and `if` in a source. Default
    /// 256.
    pub max_nesting: usize,
    /// Most syntax nodes in one expression. Default 10,000 (Go's `MaxNodes`).
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        let parse = crate::syntax::ParseLimits::default();
        Limits {
            memory_budget: DEFAULT_MEMORY_BUDGET,
            max_steps: 10_000_000,
            max_depth: 500,
            max_source_len: parse.max_source_len,
            max_nesting: parse.max_nesting,
            max_nodes: parse.max_nodes,
        }
    }
}

impl Limits {
    /// The limits that apply to parsing.
    pub fn parse(&self) -> crate::syntax::ParseLimits {
        crate::syntax::ParseLimits {
            max_source_len: self.max_source_len,
            max_nesting: self.max_nesting,
            max_nodes: self.max_nodes,
        }
    }
}

/// The mutable state of one evaluation that builtins can see.
#[derive(Debug)]
pub struct Context<'c> {
    /// The limits in force.
    pub limits: Limits,
    /// Memory units used so far.
    pub memory_used: u64,
    /// Steps taken so far.
    pub steps: u64,
    /// The clock for `now()`.
    pub clock: &'c dyn Clock,
}

impl<'c> Context<'c> {
    /// A fresh context.
    pub fn new(limits: Limits, clock: &'c dyn Clock) -> Context<'c> {
        Context {
            limits,
            memory_used: 0,
            steps: 0,
            clock,
        }
    }

    /// Charges `units` against the memory budget; fails with `memory budget exceeded` when the
    /// running total reaches the budget (as the reference does).
    #[inline]
    pub fn charge(&mut self, units: usize) -> Result<(), RuntimeError> {
        self.memory_used = self.memory_used.saturating_add(units as u64);
        if self.memory_used >= self.limits.memory_budget {
            return Err(RuntimeError::with_code(
                Code::Limit,
                "memory budget exceeded",
            ));
        }
        Ok(())
    }

    /// Charges a computed string of `len` bytes (see [`STRING_BYTES_PER_UNIT`]).
    #[inline]
    pub fn charge_bytes(&mut self, len: usize) -> Result<(), RuntimeError> {
        match len / STRING_BYTES_PER_UNIT {
            0 => Ok(()),
            units => self.charge(units),
        }
    }

    /// Fails, without charging, if a string of `len` bytes would exceed the memory budget (to
    /// check before building a string that is charged once built).
    pub fn check_bytes(&self, len: usize) -> Result<(), RuntimeError> {
        let units = (len / STRING_BYTES_PER_UNIT) as u64;
        if self.memory_used.saturating_add(units) >= self.limits.memory_budget {
            return Err(RuntimeError::with_code(
                Code::Limit,
                "memory budget exceeded",
            ));
        }
        Ok(())
    }

    /// Counts one evaluation step; fails when the step budget is spent.
    #[inline]
    pub fn step(&mut self) -> Result<(), RuntimeError> {
        self.steps = self.steps.saturating_add(1);
        if self.steps > self.limits.max_steps {
            return Err(RuntimeError::with_code(
                Code::Limit,
                "evaluation step limit exceeded",
            ));
        }
        Ok(())
    }
}

/// An evaluation failure: the message (Go's text where the reference defines one), a code, and
/// the span of the node that failed.
#[derive(Clone, PartialEq)]
pub struct RuntimeError(Box<Inner>);

#[derive(Clone, Debug, PartialEq)]
struct Inner {
    code: Code,
    message: Arc<str>,
    span: Option<Span>,
    help: Option<String>,
}

impl RuntimeError {
    /// A failure with the general run-time code.
    pub fn new(message: impl Into<Arc<str>>) -> RuntimeError {
        RuntimeError::with_code(Code::Runtime, message)
    }

    /// A failure with a specific code.
    pub fn with_code(code: Code, message: impl Into<Arc<str>>) -> RuntimeError {
        RuntimeError(Box::new(Inner {
            code,
            message: message.into(),
            span: None,
            help: None,
        }))
    }

    /// Sets the span if none is set yet (the innermost node that knows its span wins).
    #[inline]
    pub fn at(mut self, span: Span) -> RuntimeError {
        if self.0.span.is_none() {
            self.0.span = Some(span);
        }
        self
    }

    /// Adds help text.
    pub fn with_help(mut self, help: impl Into<String>) -> RuntimeError {
        self.0.help = Some(help.into());
        self
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The code.
    pub fn code(&self) -> Code {
        self.0.code
    }

    /// The span of the failing node, if known.
    pub fn span(&self) -> Option<Span> {
        self.0.span
    }

    /// As a diagnostic (phase: run).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut diagnostic = Diagnostic::error(
            self.0.code,
            self.0.message.to_string(),
            self.0.span.unwrap_or_default(),
        )
        .at_run_time();
        if self.0.span.is_none() {
            diagnostic.span = None;
        }
        diagnostic.help = self.0.help.clone();
        if diagnostic.help.is_none() && self.0.code == Code::Limit {
            diagnostic.help = Some(LIMIT_HELP.into());
        }
        diagnostic
    }
}

impl fmt::Debug for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RuntimeError({:?} at {:?})", self.0.message, self.0.span)
    }
}

impl fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for RuntimeError {}
