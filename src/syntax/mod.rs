//! Syntax: source text to a spanned AST, and back. The only module that sees pest.
//!
//! Parsing runs in three steps, each reporting the first problem as the reference does:
//! a Go-faithful lexical scan (`lexer`: lexical errors, nesting limit), the pest grammar
//! (`grammar/expr.pest`: structure), and the lowering (`lower`: precedence climbing by hand,
//! desugarings, predicate and map-key rules, number conversion, node and depth limits).
//! The printer (`printer`) turns a tree back into source with minimal parentheses.
//!
//! | file | job |
//! |---|---|
//! | `parser.rs` | entry point, limits, the pest derive |
//! | `lexer.rs` | Go's lexer: lexical errors, tokens for messages, nesting estimate |
//! | `literal.rs` | numbers in every radix, string and bytes escapes |
//! | `lower.rs` | pest pairs → AST, Go's precedence climbing |
//! | `error.rs` | pest errors → diagnostics in Go's words with an "expected ..." help |
//! | `printer.rs` | AST → source |
//!
//! ```
//! let ast = scimap::syntax::parse("jcUser.firstname + ' ' + jcUser.lastname").unwrap();
//! assert_eq!(scimap::syntax::print(&ast), "jcUser.firstname + \" \" + jcUser.lastname");
//! ```

mod ast;
mod error;
mod lexer;
mod literal;
mod lower;
mod parser;
mod printer;

pub use ast::*;
pub use parser::{
    parse, parse_with_limits, ParseLimits, MAX_DEPTH, MAX_NESTING, MAX_NODES, MAX_SOURCE_BYTES,
};
pub use printer::print;
