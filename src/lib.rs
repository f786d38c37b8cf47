#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod builtins;
pub mod check;
pub mod diagnostic;
pub mod eval;
pub mod mapping;
mod program;
pub mod scim;
mod stack;
pub mod syntax;
pub mod types;
pub mod value;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use program::{Engine, Program};
pub use value::Value;
