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
    let scan = lexer::scan(source, false)?;
    let nesting = scan.max_depth + scan.nesting_tokens.min(MAX_NESTING + 1);
    if scan.max_depth > MAX_NESTING || nesting > MAX_NESTING {
        return Err(too_deep(source));
    }
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
