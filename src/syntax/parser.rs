//! The pest parser and the entry point that ties the stages of parsing together:
//! lexical scan (limits, lexical errors) → pest → lowering into the AST.

use pest::Parser as _;

use super::ast::{Expr, Span};
use super::{error, fast, lexer, lower};
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

/// Parses `source` into an AST, or returns the first problem, as the reference does.
pub fn parse(source: &str) -> Result<Expr, Diagnostics> {
    parse_one(source).map_err(|diagnostic| Diagnostics::new(source, vec![diagnostic]))
}

fn parse_one(source: &str) -> Result<Expr, Diagnostic> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(Diagnostic::error(
            Code::TooLarge,
            format!("expression is longer than {MAX_SOURCE_BYTES} bytes"),
            Span::new(0, 0),
        )
        .with_help("split the expression into smaller ones"));
    }
    let scan = lexer::scan(source, true)?;
    let nesting = scan.max_nesting;
    if nesting > MAX_NESTING {
        return Err(too_deep(source));
    }
    // pest recurses once per nesting level (and fails with "stack limit reached" rather than
    // overflow when the stack runs low), and dropping a syntax tree (a rejected one too) recurses
    // once per level, up to one level per token. Give both the stack they need, on a
    // heap-allocated segment when the caller's thread has less left, so that parsing never
    // depends on the caller's stack size. `MAX_NESTING` and `MAX_NODES` bound the segment.
    let levels = scan.tokens.len().min(MAX_NODES);
    let needed = nesting * STACK_PER_LEVEL + levels * DROP_STACK_PER_LEVEL;
    crate::stack::with_stack(needed, || {
        if nesting <= INLINE_NESTING {
            if let Some(expr) = fast::parse(source, &scan.tokens) {
                return Ok(expr);
            }
        }
        parse_scanned(source)
    })
}

/// Nesting up to which the token-level fast path is tried before pest.
const INLINE_NESTING: usize = 40;

/// Stack reserved per nesting level for deeper expressions (debug builds use about 25 KiB).
const STACK_PER_LEVEL: usize = 64 * 1024;

/// Stack reserved per level of a syntax tree, for dropping it.
const DROP_STACK_PER_LEVEL: usize = 512;

/// Parses with the pest grammar only, without the fast path for simple expressions (for tests
/// that check both paths agree, and for benchmarks).
#[doc(hidden)]
pub fn parse_with_grammar(source: &str) -> Result<Expr, Diagnostics> {
    let checked = lexer::scan(source, false).and_then(|scan| {
        if scan.max_nesting > INLINE_NESTING {
            return Err(too_deep(source));
        }
        parse_scanned(source)
    });
    checked.map_err(|diagnostic| Diagnostics::new(source, vec![diagnostic]))
}

fn parse_scanned(source: &str) -> Result<Expr, Diagnostic> {
    let pairs =
        ExprParser::parse(Rule::program, source).map_err(|e| error::from_pest(source, &e))?;
    lower::program(source, pairs)
}

fn too_deep(source: &str) -> Diagnostic {
    let end = source.len().min(1);
    Diagnostic::error(
        Code::TooLarge,
        format!("expression nests too deeply (more than {MAX_NESTING} levels)"),
        Span::new(0, end),
    )
    .with_help("flatten the expression: bind parts with `let`, or split it into several rows")
}
