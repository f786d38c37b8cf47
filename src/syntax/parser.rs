//! The pest parser and the entry point that ties the stages of parsing together:
//! lexical scan (limits, lexical errors) → pest → lowering into the AST.

use pest::Parser as _;

use super::ast::{Expr, Span};
use super::{error, lexer, lower};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};

/// The pest parser generated from `grammar/expr.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/expr.pest"]
pub(crate) struct ExprParser;

/// Longest source accepted, in bytes.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;

/// Deepest nesting accepted: brackets plus constructs that nest without brackets (`?:`, `let`,
/// `if`, prefix operators, `**`). Go has no such limit; it keeps hostile input from exhausting
/// the stack, far above anything a mapping needs.
pub const MAX_NESTING: usize = 256;

/// Most levels in a syntax tree. Go has no such limit (`1 + 1 + ...` with 5,000 terms parses);
/// scimap stops at this depth so that every stage can walk the tree recursively.
pub const MAX_DEPTH: usize = 1000;

/// Most syntax nodes in one expression (Go's `MaxNodes` default).
pub const MAX_NODES: usize = 10_000;

/// What parsing accepts. `Default` is the constants of this module; an [`crate::Engine`] takes
/// its parse limits from its [`crate::eval::Limits`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseLimits {
    /// Longest source, in bytes ([`MAX_SOURCE_BYTES`]).
    pub max_source_len: usize,
    /// Deepest nesting of brackets and nesting constructs ([`MAX_NESTING`]).
    pub max_nesting: usize,
    /// Most syntax nodes ([`MAX_NODES`], Go's `MaxNodes`).
    pub max_nodes: usize,
}

impl Default for ParseLimits {
    fn default() -> ParseLimits {
        ParseLimits {
            max_source_len: MAX_SOURCE_BYTES,
            max_nesting: MAX_NESTING,
            max_nodes: MAX_NODES,
        }
    }
}

/// Parses `source` into an AST, or returns the first problem, as the reference does.
pub fn parse(source: &str) -> Result<Expr, Diagnostics> {
    parse_with_limits(source, &ParseLimits::default())
}

/// [`parse`] with other limits.
pub fn parse_with_limits(source: &str, limits: &ParseLimits) -> Result<Expr, Diagnostics> {
    parse_one(source, limits).map_err(|diagnostic| Diagnostics::new(source, vec![diagnostic]))
}

fn parse_one(source: &str, limits: &ParseLimits) -> Result<Expr, Diagnostic> {
    if source.len() > limits.max_source_len {
        return Err(Diagnostic::error(
            Code::TooLarge,
            format!(
                "expression is longer than {} bytes ({} bytes)",
                limits.max_source_len,
                source.len()
            ),
            Span::new(0, 0),
        )
        .with_help("split the expression into smaller ones"));
    }
    let scan = lexer::scan(source, false)?;
    let nesting = scan.max_nesting;
    if nesting > limits.max_nesting {
        return Err(too_deep(source, limits.max_nesting));
    }
    // pest recurses once per nesting level (and fails with "stack limit reached" rather than
    // overflow when the stack runs low), and dropping a syntax tree (a rejected one too) recurses
    // once per level, up to one level per node. Give both the stack they need, on a
    // heap-allocated segment when the caller's thread has less left, so that parsing never
    // depends on the caller's stack size. The nesting and node limits bound the segment.
    let levels = source.len().min(limits.max_nodes);
    let needed = nesting * STACK_PER_LEVEL + levels * DROP_STACK_PER_LEVEL;
    crate::stack::with_stack(needed, || parse_scanned(source, limits))
}

/// Stack reserved per nesting level (debug builds use about 25 KiB).
const STACK_PER_LEVEL: usize = 64 * 1024;

/// Stack reserved per level of a syntax tree, for dropping it.
const DROP_STACK_PER_LEVEL: usize = 512;

fn parse_scanned(source: &str, limits: &ParseLimits) -> Result<Expr, Diagnostic> {
    let pairs =
        ExprParser::parse(Rule::program, source).map_err(|e| error::from_pest(source, &e))?;
    lower::program(source, pairs, limits)
}

fn too_deep(source: &str, max_nesting: usize) -> Diagnostic {
    let end = source.len().min(1);
    Diagnostic::error(
        Code::TooLarge,
        format!("expression nests too deeply (more than {max_nesting} levels)"),
        Span::new(0, end),
    )
    .with_help("flatten the expression: bind parts with `let`, or split it into several rows")
}
