//! Builtins: the `array` family.

use super::Builtin;

/// The builtins of this family.
pub static BUILTINS: &[Builtin] = &[];
