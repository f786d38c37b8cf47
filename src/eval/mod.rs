//! The tree-walking interpreter over a resolved program, with Go-compatible operators.

mod context;
pub mod ops;

pub use context::{
    Clock, Context, FixedClock, Limits, RuntimeError, SystemClock, DEFAULT_MEMORY_BUDGET,
};
