//! The tree-walking interpreter over a resolved program, with Go-compatible operators.

mod context;
mod fold;
pub(crate) mod interpreter;
pub(crate) mod ir;
pub(crate) mod lower;
pub mod ops;

pub use context::{
    Clock, Context, FixedClock, Limits, RuntimeError, SystemClock, DEFAULT_MEMORY_BUDGET,
};

pub use interpreter::Bindings;
