//! The tree-walking interpreter over a resolved program, with Go-compatible operators.

mod context;
pub(crate) mod direct;
mod fold;
pub mod go_regex;
pub(crate) mod interpreter;
pub(crate) mod ir;
pub(crate) mod lower;
pub mod ops;

pub use context::{
    walk_too_large, Clock, Context, FixedClock, Limits, RuntimeError, SystemClock,
    DEFAULT_MEMORY_BUDGET, MAX_WALK, STRING_BYTES_PER_UNIT,
};

pub use interpreter::Bindings;
