//! Syntax: source text to a spanned AST, and back. The only module that sees pest.
//!
//! ```
//! let ast = scimap::syntax::parse("jcUser.firstname + ' ' + jcUser.lastname").unwrap();
//! assert_eq!(scimap::syntax::print(&ast), "jcUser.firstname + \" \" + jcUser.lastname");
//! ```

mod ast;

pub use ast::*;

use crate::diagnostic::Diagnostics;

/// Parses an Expr program into an AST.
pub fn parse(source: &str) -> Result<Expr, Diagnostics> {
    let _ = source;
    Ok(Expr::new(ExprKind::Nil, Span::default()))
}

/// Prints an AST back as source text that parses to an equal AST.
pub fn print(expr: &Expr) -> String {
    format!("{expr:?}")
}
