//! Names: `let` variables, `$env`, environment variables, builtins used as values, and the
//! rules against redeclaring any of them.

use std::sync::Arc;

use super::builtins::{self, Family};
use super::Checker;
use crate::diagnostic::Code;
use crate::syntax::Span;
use crate::types::{FuncType, Type};

impl Checker<'_> {
    /// Resolution order: enclosing `let`s (innermost first), `$env`, then the environment,
    /// functions and builtins.
    pub(super) fn identifier(&mut self, name: &str, span: Span) -> Type {
        if let Some((_, ty)) = self.variables.iter().rev().find(|(n, _)| n == name) {
            return ty.clone();
        }
        if name == "$env" {
            return Type::Any;
        }
        self.resolve(name, span, self.env.is_strict(), true)
    }

    /// Looks `name` up in the environment (and, with `functions`, among builtins and registered
    /// functions); an unknown name is an error when `strict`, else `Any`.
    pub(super) fn resolve(
        &mut self,
        name: &str,
        span: Span,
        strict: bool,
        functions: bool,
    ) -> Type {
        if let Some(ty) = self.env.get(name) {
            return ty.clone();
        }
        if functions {
            if let Some(builtin) = builtins::lookup(name) {
                return builtins::value_type(builtin);
            }
            if self.registry.lookup(name).is_some() {
                return registered_function_type(name);
            }
        }
        if !strict {
            return Type::Any;
        }
        let help = self.name_help(name);
        self.error(
            Code::UnknownName,
            format!("unknown name {name}"),
            span,
            &help,
        )
    }

    /// `let` may not reuse the name of a variable, function, builtin or enclosing `let`.
    pub(super) fn check_redeclaration(&mut self, name: &str, span: Span) {
        let message = if self.env.contains(name) {
            format!("cannot redeclare {name}")
        } else if let Some(builtin) = builtins::lookup(name) {
            match builtin.family {
                Family::JumpCloud => format!("cannot redeclare function {name}"),
                Family::Expr => format!("cannot redeclare builtin {name}"),
            }
        } else if self.registry.lookup(name).is_some() {
            format!("cannot redeclare function {name}")
        } else if self.variables.iter().any(|(n, _)| n == name) {
            format!("cannot redeclare variable {name}")
        } else {
            return;
        };
        self.error(
            Code::Redeclared,
            message,
            span,
            "names cannot be shadowed in Expr: choose another name",
        );
    }

    fn name_help(&self, name: &str) -> String {
        let candidates = self
            .variables
            .iter()
            .map(|(n, _)| n.as_str())
            .chain(self.env.iter().map(|(n, _)| n))
            .chain(builtins::BUILTINS.iter().map(|b| b.name));
        if let Some(best) = closest(name, candidates) {
            return format!("did you mean `{best}`?");
        }
        let known: Vec<&str> = self.env.iter().map(|(n, _)| n).take(8).collect();
        if known.is_empty() {
            format!("bind it first: let {name} = ...; ...")
        } else {
            format!(
                "the environment defines {}; use $env?.{name} for an optional variable",
                known.join(", ")
            )
        }
    }
}

/// The type of a function registered from Rust, used as a value.
fn registered_function_type(name: &str) -> Type {
    Type::Func(Arc::new(FuncType {
        params: vec![Type::json_array()],
        variadic: true,
        results: vec![Type::Interface],
        returns_error: true,
        function: Some(Arc::from(name)),
    }))
}

/// The candidate closest to `name` (same letters ignoring case, or at most a third of the
/// letters edited), for "did you mean" help.
pub(super) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .filter(|candidate| *candidate != name)
        .map(|candidate| {
            let distance = if candidate.to_lowercase() == lower {
                0
            } else {
                edit_distance(&lower, &candidate.to_lowercase())
            };
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let names = ["jcUser", "providerUser", "upper"];
        assert_eq!(closest("jcuser", names.into_iter()), Some("jcUser"));
        assert_eq!(closest("uper", names.into_iter()), Some("upper"));
        assert_eq!(closest("zzz", names.into_iter()), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
