//! Recursion that cannot overflow the stack.
//!
//! Every recursive walk over input (syntax trees, programs, types, values) is bounded in depth by
//! a limit, and runs its steps through [`guard`]: when less than [`RED_ZONE`] of the thread's
//! stack is left, the walk continues on a fresh heap-allocated segment. The limits bound time and
//! memory; the guard makes the outcome independent of the calling thread's stack size, so a
//! 256 KiB worker thread computes what the 8 MiB main thread does, and neither overflows.
//!
//! On targets where the stack bounds cannot be read, [`guard`] only calls its closure; the depth
//! limits still hold there.

/// Stack that must be left before a guarded step runs in place; covers the deepest chain of
/// frames between two guarded calls (debug builds included).
pub(crate) const RED_ZONE: usize = 128 * 1024;

/// Size of each extra stack segment.
pub(crate) const SEGMENT: usize = 1024 * 1024;

/// Runs `f`, on a new stack segment if the current one is nearly spent.
#[inline]
pub(crate) fn guard<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}

/// Runs `f` with at least `needed` bytes of stack (for code that recurses without guards, such
/// as the pest parser and the drop of a deep tree), on a new segment if the current one has less.
pub(crate) fn with_stack<R>(needed: usize, f: impl FnOnce() -> R) -> R {
    let needed = needed.saturating_add(RED_ZONE);
    stacker::maybe_grow(needed, needed, f)
}
