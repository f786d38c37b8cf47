//! Every builtin's name and type rule, as the reference's checker applies them.
//!
//! Go expr checks builtins in three ways, reproduced here by name:
//! * predicate builtins (`map`, `filter`, ...) have hand-written rules (in `calls.rs`);
//! * builtins with a `Validate` function check arity and coarse kinds only ([`Rule::Validate`]);
//! * the rest have Go signatures, tried in order; when none fits, the error of the *last* one
//!   is reported ([`Rule::Overloads`]).
//!
//! The list is static so that the checker knows every name even when the registry is empty;
//! functions registered from Rust that are not listed here are checked against their declared
//! [`crate::builtins::Signature`]s.

use std::sync::Arc;

use super::validate::{
    abs, aggregate, array_to_array, concat, date, first_last, float, from_pairs, int, keys_values,
    len, now, round, take, to_pairs,
};
use crate::types::{FuncType, Type};

/// Where a name comes from, which decides the wording of redeclaration errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// An Expr builtin (`cannot redeclare builtin len`).
    Expr,
    /// A JumpCloud helper, registered like Go's `expr.Function` (`cannot redeclare function`).
    JumpCloud,
}

/// How calls of a builtin are typed.
#[derive(Clone, Copy)]
pub enum Rule {
    /// A predicate builtin: collection, predicate, maybe a third argument.
    Predicate,
    /// `get(base, key)`.
    Get,
    /// Arity and coarse kinds only.
    Validate(Validator),
    /// Go signatures in the order the reference tries them.
    Overloads(&'static [Sig]),
}

/// A Go `Validate` function: the builtin's name and argument types (unknown arguments as
/// `interface {}`, nil as nil) to the result type or the message.
pub type Validator = fn(&str, &[Type]) -> Result<Type, String>;

/// A builtin as the checker knows it.
#[derive(Clone, Copy)]
pub struct Builtin {
    /// Its name.
    pub name: &'static str,
    /// Expr builtin or helper function.
    pub family: Family,
    /// How its calls are typed.
    pub rule: Rule,
}

/// A Go parameter or result type in a builtin signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum P {
    /// `interface {}`
    Any,
    /// `string`
    Str,
    /// `int`
    Int,
    /// `bool`
    Bool,
    /// `[]interface {}`
    Array,
    /// `[]string`
    Strings,
    /// `[]int`
    Ints,
    /// `[]float64`
    Floats,
    /// `time.Duration`
    Duration,
    /// `*time.Location`
    Location,
}

/// One Go signature: parameters, result, and whether an `error` result follows.
#[derive(Clone, Copy, Debug)]
pub struct Sig {
    /// Parameter types.
    pub params: &'static [P],
    /// The (first) result type.
    pub result: P,
    /// Whether the function also returns an `error`.
    pub error: bool,
}

const fn sig(params: &'static [P], result: P) -> Sig {
    Sig {
        params,
        result,
        error: false,
    }
}

const fn sig_err(params: &'static [P], result: P) -> Sig {
    Sig {
        params,
        result,
        error: true,
    }
}

impl P {
    /// The Go type.
    pub fn to_type(self) -> Type {
        match self {
            P::Any => Type::Interface,
            P::Str => Type::String,
            P::Int => Type::Int,
            P::Bool => Type::Bool,
            P::Array => Type::json_array(),
            P::Strings => Type::slice(Type::String),
            P::Ints => Type::slice(Type::Int),
            P::Floats => Type::slice(Type::Float),
            P::Duration => Type::Duration,
            P::Location => Type::Location,
        }
    }
}

impl Sig {
    /// The function type of this signature.
    pub fn to_func(self, name: &str) -> FuncType {
        FuncType {
            params: self.params.iter().map(|p| p.to_type()).collect(),
            variadic: false,
            results: vec![self.result.to_type()],
            returns_error: self.error,
            function: Some(Arc::from(name)),
        }
    }
}

use P::{Any, Array, Bool, Duration, Floats, Int, Ints, Location, Str, Strings};

const STR_STR: &[Sig] = &[sig(&[Str], Str)];
const ANY_STR: &[Sig] = &[sig(&[Any], Str)];
const BIT: &[Sig] = &[sig(&[Int, Int], Int)];
const SPLIT: &[Sig] = &[sig(&[Str, Str], Strings), sig(&[Str, Str, Int], Strings)];
const TRIM_AFFIX: &[Sig] = &[sig(&[Str, Str], Str), sig(&[Str], Str)];
const STR2_INT: &[Sig] = &[sig(&[Str, Str], Int)];
const STR2_BOOL: &[Sig] = &[sig(&[Str, Str], Bool)];

const fn predicate(name: &'static str) -> Builtin {
    Builtin {
        name,
        family: Family::Expr,
        rule: Rule::Predicate,
    }
}

const fn validate(name: &'static str, check: Validator) -> Builtin {
    Builtin {
        name,
        family: Family::Expr,
        rule: Rule::Validate(check),
    }
}

const fn overloads(name: &'static str, sigs: &'static [Sig]) -> Builtin {
    Builtin {
        name,
        family: Family::Expr,
        rule: Rule::Overloads(sigs),
    }
}

const fn helper(name: &'static str, sigs: &'static [Sig]) -> Builtin {
    Builtin {
        name,
        family: Family::JumpCloud,
        rule: Rule::Overloads(sigs),
    }
}

/// Every builtin and helper the checker knows, in the reference's order.
pub const BUILTINS: &[Builtin] = &[
    predicate("all"),
    predicate("none"),
    predicate("any"),
    predicate("one"),
    predicate("filter"),
    predicate("map"),
    predicate("find"),
    predicate("findIndex"),
    predicate("findLast"),
    predicate("findLastIndex"),
    predicate("count"),
    predicate("sum"),
    predicate("groupBy"),
    predicate("sortBy"),
    predicate("reduce"),
    validate("len", len),
    overloads("type", ANY_STR),
    validate("abs", abs),
    validate("ceil", round),
    validate("floor", round),
    validate("round", round),
    validate("int", int),
    validate("float", float),
    overloads("string", ANY_STR),
    overloads("trim", &[sig(&[Str], Str), sig(&[Str, Str], Str)]),
    overloads("trimPrefix", TRIM_AFFIX),
    overloads("trimSuffix", TRIM_AFFIX),
    overloads("upper", STR_STR),
    overloads("lower", STR_STR),
    overloads("split", SPLIT),
    overloads("splitAfter", SPLIT),
    overloads(
        "replace",
        &[sig(&[Str, Str, Str, Int], Str), sig(&[Str, Str, Str], Str)],
    ),
    overloads("repeat", &[sig(&[Str, Int], Str)]),
    overloads(
        "join",
        &[
            sig(&[Strings, Str], Str),
            sig(&[Array, Str], Str),
            sig(&[Array], Str),
            sig(&[Strings, Str], Str),
            sig(&[Strings], Str),
        ],
    ),
    overloads("indexOf", STR2_INT),
    overloads("lastIndexOf", STR2_INT),
    overloads("hasPrefix", STR2_BOOL),
    overloads("hasSuffix", STR2_BOOL),
    validate("max", aggregate),
    validate("min", aggregate),
    validate("mean", aggregate),
    validate("median", aggregate),
    overloads("toJSON", ANY_STR),
    overloads("fromJSON", &[sig(&[Str], Any)]),
    overloads("toBase64", STR_STR),
    overloads("fromBase64", STR_STR),
    validate("now", now),
    overloads("duration", &[sig_err(&[Str], Duration)]),
    validate("date", date),
    overloads("timezone", &[sig_err(&[Str], Location)]),
    validate("first", first_last),
    validate("last", first_last),
    Builtin {
        name: "get",
        family: Family::Expr,
        rule: Rule::Get,
    },
    validate("take", take),
    validate("keys", keys_values),
    validate("values", keys_values),
    validate("toPairs", to_pairs),
    validate("fromPairs", from_pairs),
    validate("reverse", array_to_array),
    validate("uniq", array_to_array),
    validate("concat", concat),
    validate("flatten", array_to_array),
    overloads(
        "sort",
        &[
            sig(&[Array, Str], Array),
            sig(&[Ints, Str], Array),
            sig(&[Floats, Str], Array),
            sig(&[Strings, Str], Array),
            sig(&[Array], Array),
            sig(&[Floats], Array),
            sig(&[Strings], Array),
            sig(&[Ints], Array),
        ],
    ),
    overloads("bitand", BIT),
    overloads("bitor", BIT),
    overloads("bitxor", BIT),
    overloads("bitnand", BIT),
    overloads("bitshl", BIT),
    overloads("bitshr", BIT),
    overloads("bitushr", BIT),
    overloads("bitnot", &[sig(&[Int], Int)]),
    helper("notNullOrEmpty", &[sig(&[Any], Bool)]),
    helper("toScimEmails", &[sig(&[Any], Array)]),
    helper("toScimAddresses", &[sig(&[Any], Array)]),
    helper("toScimPhoneNumbers", &[sig(&[Any], Array)]),
];

/// The builtin or helper called `name`.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|builtin| builtin.name == name)
}

/// The type of a builtin used as a value (`type(len)`): its first signature, or Go's generic
/// `func(...interface {}) (interface {}, error)` for the others.
pub fn value_type(builtin: &Builtin) -> Type {
    let func = match builtin.rule {
        Rule::Overloads(sigs) if !sigs.is_empty() => sigs[0].to_func(builtin.name),
        _ => FuncType {
            params: vec![Type::json_array()],
            variadic: true,
            results: vec![Type::Interface],
            returns_error: true,
            function: Some(Arc::from(builtin.name)),
        },
    };
    Type::Func(Arc::new(func))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = BUILTINS.iter().map(|b| b.name).collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count);
    }

    #[test]
    fn names_match_the_spec_table_and_the_ast_predicates() {
        for (name, _, _) in crate::syntax::PREDICATE_BUILTINS {
            assert!(matches!(lookup(name).unwrap().rule, Rule::Predicate));
        }
        // The names of the spec's builtins.tsv.
        const SPEC_NAMES: &[&str] = &[
            "all",
            "any",
            "one",
            "none",
            "filter",
            "map",
            "find",
            "findIndex",
            "findLast",
            "findLastIndex",
            "count",
            "sum",
            "groupBy",
            "sortBy",
            "reduce",
            "len",
            "type",
            "abs",
            "ceil",
            "floor",
            "round",
            "int",
            "float",
            "string",
            "trim",
            "trimPrefix",
            "trimSuffix",
            "upper",
            "lower",
            "split",
            "splitAfter",
            "replace",
            "repeat",
            "join",
            "indexOf",
            "lastIndexOf",
            "hasPrefix",
            "hasSuffix",
            "max",
            "min",
            "mean",
            "median",
            "toJSON",
            "fromJSON",
            "toBase64",
            "fromBase64",
            "now",
            "duration",
            "date",
            "timezone",
            "first",
            "last",
            "get",
            "take",
            "keys",
            "values",
            "toPairs",
            "fromPairs",
            "reverse",
            "uniq",
            "concat",
            "flatten",
            "sort",
            "bitand",
            "bitor",
            "bitxor",
            "bitnand",
            "bitshl",
            "bitshr",
            "bitushr",
            "bitnot",
        ];
        for name in SPEC_NAMES {
            assert!(lookup(name).is_some(), "{name} missing");
        }
        assert_eq!(SPEC_NAMES.len() + 4, BUILTINS.len());
    }

    #[test]
    fn registry_functions_are_known_to_the_checker() {
        let registry = crate::builtins::Registry::standard();
        for function in registry.iter() {
            assert!(
                lookup(&function.name).is_some(),
                "registry function {} unknown to the checker",
                function.name
            );
        }
    }

    #[test]
    fn checker_builtins_are_in_the_registry() {
        let registry = crate::builtins::Registry::standard();
        for builtin in BUILTINS {
            assert!(
                registry.lookup(builtin.name).is_some(),
                "{} missing from the registry",
                builtin.name
            );
        }
    }

    #[test]
    fn overloads_match_the_registry_declarations() {
        // Where a family declares a builtin with Go signatures, it must accept the same numbers
        // of arguments (its `Ty`s are coarser: `sort`'s []int/[]float64/[]string overloads are
        // one `Array` there).
        let registry = crate::builtins::Registry::standard();
        for builtin in BUILTINS {
            let (Rule::Overloads(sigs), Some(function)) =
                (builtin.rule, registry.function(builtin.name))
            else {
                continue;
            };
            let arities = |counts: Vec<usize>| {
                let mut counts = counts;
                counts.sort_unstable();
                counts.dedup();
                counts
            };
            let ours = arities(sigs.iter().map(|s| s.params.len()).collect());
            let theirs = arities(function.signatures.iter().map(|s| s.params.len()).collect());
            assert_eq!(ours, theirs, "arities of {}", builtin.name);
        }
    }

    #[test]
    fn validate_messages_follow_go() {
        assert_eq!(
            len("len", &[Type::Nil]).unwrap_err(),
            "invalid argument for len (type %!s(<nil>))"
        );
        assert_eq!(
            first_last("last", &[Type::Float]).unwrap_err(),
            "cannot get last element from float64"
        );
        assert_eq!(
            aggregate("max", &[Type::json_array(), Type::String]),
            Ok(Type::Interface)
        );
        assert_eq!(
            array_to_array("uniq", &[Type::String]).unwrap_err(),
            "cannot uniq string"
        );
    }
}
