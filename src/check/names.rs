//! Names: `let` variables, `$env`, environment variables, builtins used as values, and the
//! rules against redeclaring any of them.

use std::sync::Arc;

use super::builtins::{self, Family};
use super::Checker;
use crate::diagnostic::Code;
use crate::syntax::{Expr, Span};
use crate::types::{FuncType, Type};

impl Checker<'_> {
    /// Resolution order: enclosing `let`s (innermost first), `$env`, then the environment,
    /// functions and builtins.
    pub(super) fn identifier(&mut self, expr: &Expr, name: &str, callee: bool) -> Type {
        if let Some(variable) = self.variables.iter().rev().find(|v| v.name == name) {
            let (checking, sound) = (variable.checking.clone(), variable.sound.clone());
            self.set_sound(expr, sound);
            return checking;
        }
        if name == "$env" {
            return Type::Any;
        }
        if callee {
            return self.resolve_callee(name, expr.span);
        }
        self.resolve(name, expr.span, self.env.is_strict(), true)
    }

    /// A called name: like any name, but an unknown one is an unknown function.
    fn resolve_callee(&mut self, name: &str, span: Span) -> Type {
        let known = self.env.contains(name)
            || builtins::lookup(name).is_some()
            || self.registry.lookup(name).is_some()
            || !self.env.is_strict();
        if known {
            return self.resolve(name, span, self.env.is_strict(), true);
        }
        let candidates = builtins::BUILTINS
            .iter()
            .map(|b| b.name)
            .chain(self.registry.iter().map(|f| &*f.name))
            .chain(self.env.iter().map(|(n, _)| n));
        let help = match closest(name, candidates) {
            Some(best) => format!("`{name}` is not a builtin or helper; did you mean `{best}`?"),
            None => format!(
                "`{name}` is not a builtin or helper; `:help` in the REPL lists them all, or register it from Rust"
            ),
        };
        self.error(
            Code::UnknownFunction,
            format!("unknown name {name}"),
            span,
            &help,
        )
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

    /// `let` may not reuse the name of a variable, function, builtin or enclosing `let`;
    /// returns whether it does (the error is reported).
    pub(super) fn check_redeclaration(&mut self, name: &str, span: Span) -> bool {
        let message = if self.env.contains(name) {
            format!("cannot redeclare {name}")
        } else if let Some(builtin) = builtins::lookup(name) {
            match builtin.family {
                Family::JumpCloud => format!("cannot redeclare function {name}"),
                Family::Expr => format!("cannot redeclare builtin {name}"),
            }
        } else if self.registry.lookup(name).is_some() {
            format!("cannot redeclare function {name}")
        } else if self.variables.iter().any(|v| v.name == name) {
            format!("cannot redeclare variable {name}")
        } else {
            return false;
        };
        self.error(
            Code::Redeclared,
            message,
            span,
            "names cannot be shadowed in Expr: choose another name",
        );
        true
    }

    fn name_help(&self, name: &str) -> String {
        let candidates = self
            .variables
            .iter()
            .map(|v| v.name.as_str())
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

/// The candidate closest to `name`, for "did you mean" help: the same letters ignoring case,
/// else the fewest edits (a swap of two neighbours counts as one) within about a third of the
/// letters, else the longest candidate that starts the name (`uppercase` → `upper`).
pub(super) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let length = lower.chars().count();
    let limit = (name.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    let mut prefix: Option<&str> = None;
    for candidate in candidates.filter(|candidate| *candidate != name) {
        let other = candidate.to_lowercase();
        // The distance is at least the difference in length: skip the quadratic table when
        // that is already too far (a megabyte-long unknown name meets only short candidates).
        let distance = if other == lower {
            0
        } else if length.abs_diff(other.chars().count()) > limit {
            usize::MAX
        } else {
            edit_distance(&lower, &other)
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
        let starts = other.chars().count() >= 3 && lower.starts_with(&other);
        if starts && prefix.is_none_or(|p| p.len() < candidate.len()) {
            prefix = Some(candidate);
        }
    }
    best.map(|(_, candidate)| candidate).or(prefix)
}

/// The optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// two adjacent letters each count one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in table.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        table[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (table[(i - 1) * width + j] + 1)
                .min(table[i * width + j - 1] + 1)
                .min(table[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(table[(i - 2) * width + j - 2] + 1);
            }
            table[i * width + j] = best;
        }
    }
    table[a.len() * width + b.len()]
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
        assert_eq!(closest("uppercase", names.into_iter()), Some("upper"));
        assert_eq!(
            closest("providerUsr", names.into_iter()),
            Some("providerUser")
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("nmae", "name"), 1);
        assert_eq!(edit_distance("dispalyname", "displayname"), 1);
    }
}
