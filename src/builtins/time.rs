//! Builtins: the `time` family.

use super::Builtin;

/// The builtins of this family.
pub static BUILTINS: &[Builtin] = &[];

/// Calls a method of a time value (`t.Year()`), or `None` when the value has no such method
/// (placeholder until the time family lands).
pub fn call_method<'a>(
    _ctx: &mut crate::eval::Context<'_>,
    _receiver: &crate::value::Value<'a>,
    _name: &str,
    _args: &[crate::value::Value<'a>],
) -> Option<super::Outcome<'a>> {
    None
}
