//! How messages name values: by their path in the source (`jcUser.addresses[0]`), or by what
//! they are ("an element of `jcUser.phoneNumbers`", "a string").

use super::Checker;
use crate::syntax::{Expr, ExprKind, Pointer};
use crate::types::Type;

/// Paths are followed this deep at most.
const MAX_DEPTH: usize = 16;

/// A value as messages name it.
pub(super) struct Owner {
    /// Source text that reads the value (`jcUser.addresses[0]`, `#`), when there is one.
    pub path: Option<String>,
    /// The value in a sentence: "`jcUser`", "an element of `jcUser.addresses`", "this value".
    pub phrase: String,
}

impl Checker<'_> {
    /// How to name the value of `expr` in a message.
    pub(super) fn owner(&self, expr: &Expr) -> Owner {
        let element = self.predicates.last().and_then(|p| p.label.as_deref());
        let path = path(expr, 0);
        let phrase = match (&path, element) {
            (Some(path), Some(collection)) if path == "#" => {
                format!("an element of `{collection}`")
            }
            (Some(path), _) => format!("`{path}`"),
            (None, _) => match element_of(expr) {
                Some(collection) => format!("an element of `{collection}`"),
                None => "this value".to_string(),
            },
        };
        Owner { path, phrase }
    }
}

/// `jcUser`, `jcUser.addresses[0]`, `#.type`: the source text of a simple path.
fn path(expr: &Expr, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    match &expr.kind {
        ExprKind::Ident(name) => Some(name.clone()),
        ExprKind::Pointer(Pointer::Element) => Some("#".to_string()),
        ExprKind::Chain(inner) => path(inner, depth + 1),
        ExprKind::Field { base, name, .. } => {
            let base = path(base, depth + 1)?;
            Some(format!("{base}.{name}"))
        }
        ExprKind::Index { base, index, .. } => {
            let base = path(base, depth + 1)?;
            match &index.kind {
                ExprKind::Int(i) => Some(format!("{base}[{i}]")),
                ExprKind::Str(key) => Some(format!("{base}[{key:?}]")),
                _ => None,
            }
        }
        _ => None,
    }
}

/// For `find(coll, ...)`, `first(coll)` and the like: the path of `coll`.
fn element_of(expr: &Expr) -> Option<String> {
    let expr = match &expr.kind {
        ExprKind::Chain(inner) => inner,
        _ => expr,
    };
    let ExprKind::Call { callee, args, .. } = &expr.kind else {
        return None;
    };
    let ExprKind::Ident(name) = &callee.kind else {
        return None;
    };
    let picks_one = matches!(
        name.as_str(),
        "find" | "findLast" | "first" | "last" | "get"
    );
    picks_one
        .then(|| args.first().and_then(|arg| path(arg, 0)))
        .flatten()
}

/// A type as a noun with its article: "a string", "an array", "a map".
pub(super) fn noun(ty: &Type) -> String {
    match ty {
        Type::String => "a string".into(),
        Type::Bool => "a bool".into(),
        Type::Int | Type::IntOf(_) => "an integer".into(),
        Type::Float | Type::Float32 => "a float".into(),
        Type::Array(_) => "an array".into(),
        Type::Map(_) => "a map".into(),
        Type::Time => "a time".into(),
        Type::Duration => "a duration".into(),
        other => format!("a {other}"),
    }
}
