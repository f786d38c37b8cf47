//! Syntax: source text to a spanned AST, and back. The only module that sees pest.
//!
//! Parsing runs in three steps, each reporting the first problem as the reference does:
//! a Go-faithful lexical scan (`lexer`: lexical errors, nesting limit), the pest grammar
//! (`grammar/expr.pest`: structure), and the lowering (`lower`: precedence climbing by hand,
//! desugarings, predicate and map-key rules, number conversion, node limit).
//!
//! ```
//! let ast = scimap::syntax::parse("jcUser.firstname + ' ' + jcUser.lastname").unwrap();
//! assert_eq!(scimap::syntax::print(&ast), "jcUser.firstname + \" \" + jcUser.lastname");
//! ```

mod ast;
mod error;
mod fast;
mod lexer;
mod literal;
mod lower;
mod parser;
mod printer;

pub use ast::*;
pub use parser::{parse, parse_with_grammar, MAX_DEPTH, MAX_NESTING, MAX_NODES, MAX_SOURCE_BYTES};
pub use printer::print;
