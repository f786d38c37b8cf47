//! Builtins: the `map` family.

use super::Builtin;

/// The builtins of this family.
pub static BUILTINS: &[Builtin] = &[];
