//! `:help`: the commands, or one builtin's signatures, documentation and examples, as the
//! registry declares them.

use scimap::builtins::{Function, Registry, Signature, Ty};

use super::complete::COMMANDS;

/// The list of commands.
pub fn commands() -> String {
    let mut out = String::from("Type an expression to see its value and type. Commands:\n");
    for (name, summary) in COMMANDS {
        out.push_str(&format!("  {name} {summary}\n"));
    }
    out.push_str("A line ending with `\\`, or with a bracket left open, continues on the next.\n");
    out
}

/// A builtin's help, or why there is none.
pub fn function(registry: &Registry, name: &str) -> Result<String, String> {
    let Some(function) = registry.function(name) else {
        let mut similar: Vec<&str> = registry
            .iter()
            .map(|f| &*f.name)
            .filter(|candidate| resembles(candidate, name))
            .collect();
        similar.sort_unstable();
        let hint = match similar.as_slice() {
            [] => String::new(),
            names => format!(" (similar: {})", names.join(", ")),
        };
        return Err(format!("no builtin named `{name}`{hint}"));
    };
    Ok(describe(function))
}

/// Whether `candidate` may be what `typed` meant: one contains the other, or the typed letters
/// appear in order in a name at most two letters longer (`uper` → `upper`).
fn resembles(candidate: &str, typed: &str) -> bool {
    let candidate = candidate.to_lowercase();
    let typed = typed.to_lowercase();
    if candidate.contains(&typed) || typed.contains(&candidate) {
        return true;
    }
    let mut letters = candidate.chars();
    let in_order = typed.chars().all(|c| letters.any(|l| l == c));
    in_order && candidate.chars().count() <= typed.chars().count() + 2
}

fn describe(function: &Function) -> String {
    let mut out = String::new();
    for signature in function.signatures.iter() {
        out.push_str(&format!("{}\n", signature_text(&function.name, signature)));
    }
    out.push('\n');
    out.push_str(function.doc.trim());
    out.push('\n');
    if !function.examples.is_empty() {
        out.push_str("\nExamples:\n");
        for example in function.examples {
            out.push_str(&format!("  {}  =>  {}\n", example.expr, example.result));
        }
    }
    out
}

/// `upper(string) -> string`, `max(number, ...number) -> number`.
fn signature_text(name: &str, signature: &Signature) -> String {
    let mut params: Vec<String> = signature.params.iter().map(|t| ty(*t)).collect();
    if let Some(rest) = signature.rest {
        params.push(format!("...{}", ty(rest)));
    }
    format!("{name}({}) -> {}", params.join(", "), ty(signature.result))
}

fn ty(ty: Ty) -> String {
    match ty {
        Ty::Any => "any",
        Ty::Bool => "bool",
        Ty::Int => "int",
        Ty::Float => "float",
        Ty::Number => "number",
        Ty::String => "string",
        Ty::Array => "array",
        Ty::StringArray => "[]string",
        Ty::Map => "map",
        Ty::Time => "time.Time",
        Ty::Duration => "time.Duration",
        Ty::Location => "*time.Location",
        Ty::Element => "element",
        Ty::SameAsFirst => "same as the first argument",
        Ty::PredicateResult => "predicate result",
        Ty::ArrayOfPredicateResult => "[]predicate result",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_builtin_shows_signatures_doc_and_examples() {
        let registry = Registry::standard();
        let text = function(&registry, "upper").expect("upper is a builtin");
        assert!(text.starts_with("upper(string) -> string\n"), "{text}");
        assert!(text.contains("Examples:"), "{text}");
        let error = function(&registry, "uper").expect_err("no such builtin");
        assert!(error.contains("no builtin named `uper`"), "{error}");
        assert!(error.contains("upper"), "{error}");
    }
}
