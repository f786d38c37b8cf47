//! Predicate builtins (`map`, `filter`, `all`, `reduce`, ...) and `get`: the builtins whose
//! typing rules are written by hand in the reference rather than as signatures.

use super::Checker;
use crate::diagnostic::Code;
use crate::syntax::{Expr, ExprKind, Span, PREDICATE_BUILTINS};
use crate::types::Type;

impl Checker<'_> {
    /// `all`, `map`, `filter`, `reduce`, ...: the collection must be an array (or unknown);
    /// `#` is its element inside the predicate.
    pub(super) fn predicate_call(
        &mut self,
        call: &Expr,
        name: &str,
        args: &[Expr],
        name_span: Span,
    ) -> Type {
        let (required, optional) = PREDICATE_BUILTINS
            .iter()
            .find(|(n, _, _)| *n == name)
            .map_or((2, 0), |(_, required, optional)| (*required, *optional));
        if args.len() < required || args.len() > required + optional {
            for arg in args {
                self.visit(arg);
            }
            return self.error(
                Code::PredicateSyntax,
                format!("expected at least {required} arguments"),
                name_span,
                "pass the collection and a predicate: map(jcUser.addresses, .locality)",
            );
        }
        let mut collection = self.visit(&args[0]);
        if !collection.is_array() && !collection.is_unknown() {
            self.not_array(name, &collection, &args[0]);
            collection = Type::Any;
        }
        let Some(predicate) = args.get(1) else {
            return self.without_predicate(call, name, collection, &args[0]);
        };
        let body = self.predicate_body(name, &collection, &args[0], predicate);
        self.predicate_rest(call, name, args);
        self.predicate_type(name, collection, body, predicate)
            .non_nil()
    }

    #[inline(never)]
    fn not_array(&mut self, name: &str, collection: &Type, arg: &Expr) {
        self.error(
            Code::ArgumentType,
            format!("builtin {name} takes only array (got {collection})"),
            arg.span,
            "predicate builtins iterate arrays; use keys(m) or values(m) for a map",
        );
    }

    /// `sum(arr)` and the like, without a predicate.
    #[inline(never)]
    fn without_predicate(&mut self, call: &Expr, name: &str, collection: Type, arg: &Expr) -> Type {
        let element = super::sound::element(&self.sound(arg));
        let sound = match name {
            "count" => Type::Int,
            "sum" => sum_sound(&element),
            _ => Type::Any,
        };
        self.set_sound(call, sound);
        match name {
            "count" => Type::Int,
            _ if collection.is_unknown() => Type::Any,
            _ => collection.elem().non_nil(),
        }
    }

    /// Types the predicate with `#` bound to the elements of the collection `arg`.
    #[inline(never)]
    fn predicate_body(
        &mut self,
        name: &str,
        collection: &Type,
        arg: &Expr,
        predicate: &Expr,
    ) -> Type {
        let label = self.owner(arg).path;
        self.predicates.push(super::PredicateScope {
            collection: collection.clone(),
            sound_collection: self.sound(arg),
            label,
            index: matches!(name, "map" | "reduce"),
            acc: name == "reduce",
        });
        let body = match &predicate.kind {
            ExprKind::Predicate(body) => {
                let ty = self.visit(body);
                self.types.insert(predicate, ty.clone());
                let sound = self.sound(body);
                if sound != ty {
                    self.types.insert_sound(predicate, sound);
                }
                ty
            }
            _ => self.visit(predicate),
        };
        self.predicates.pop();
        body
    }

    /// The third argument (`sortBy`'s order, `reduce`'s initial value), and the call's sound
    /// type.
    #[inline(never)]
    fn predicate_rest(&mut self, call: &Expr, name: &str, args: &[Expr]) {
        let mut initial = None;
        if let Some(third) = args.get(2) {
            let order = self.visit(third);
            if name == "sortBy" && !order.is_string() && !order.is_unknown() {
                self.bad_order(&order, third.span);
            }
            initial = Some(self.sound(third));
        }
        let sound = predicate_sound(name, &self.sound(&args[0]), self.sound(&args[1]), initial);
        self.set_sound(call, sound);
    }

    #[inline(never)]
    fn bad_order(&mut self, order: &Type, span: Span) {
        self.error(
            Code::ArgumentType,
            format!("sortBy order argument must be a string (got {order})"),
            span,
            "the order is \"asc\" or \"desc\"",
        );
    }

    /// The type of a predicate builtin's call, once the collection and predicate are typed.
    #[inline(never)]
    fn predicate_type(
        &mut self,
        name: &str,
        collection: Type,
        body: Type,
        predicate: &Expr,
    ) -> Type {
        if body.is_nil() {
            let inputs = if name == "reduce" { "two" } else { "one" };
            return self.error(
                Code::PredicateResult,
                format!("predicate should has {inputs} input and one output param"),
                predicate.span,
                "the predicate must produce a value; nil is not one",
            );
        }
        let out = if body.is_unknown() {
            Type::Interface
        } else {
            body.go_type()
        };
        let element = || {
            if collection.is_unknown() {
                Type::Any
            } else {
                collection.elem()
            }
        };
        let result = match name {
            "map" => return Type::array_of(body),
            "sum" => return out,
            "groupBy" => return Type::map(Type::Interface, Type::json_array()),
            "sortBy" => return collection,
            "reduce" => return body,
            "all" | "none" | "any" | "one" => Type::Bool,
            "count" | "findIndex" | "findLastIndex" => Type::Int,
            "find" | "findLast" => element(),
            _ if collection.is_unknown() => Type::json_array(),
            _ => Type::array_of(collection.elem()),
        };
        if !out.is_bool() && !out.is_unknown() {
            self.error(
                Code::PredicateResult,
                format!("predicate should return boolean (got {out})"),
                predicate.span,
                "compare to get a bool, e.g. .type == \"work\"",
            );
        }
        result
    }

    /// `get(base, key)`: like indexing, but never fails at run time.
    pub(super) fn get_call(&mut self, call: &Expr, args: &[Expr], name_span: Span) -> Type {
        let ty = self.get_type(args, name_span);
        let sound = match (args.first(), args.get(1)) {
            (Some(base), Some(key)) if is_env(base) => match &key.kind {
                ExprKind::Str(name) => self.env.get(name).cloned().unwrap_or(Type::Any),
                _ => Type::Any,
            },
            (Some(base), Some(key)) => {
                let name = match &key.kind {
                    ExprKind::Str(name) => Some(name.as_str()),
                    _ => None,
                };
                super::sound::member(&self.sound(base), name).nullable()
            }
            _ => Type::Any,
        };
        self.set_sound(call, sound);
        ty.non_nil()
    }

    fn get_type(&mut self, args: &[Expr], name_span: Span) -> Type {
        if args.len() != 2 {
            self.visit_all(args);
            return self.error(
                Code::ArgumentCount,
                format!(
                    "invalid number of arguments (expected 2, got {})",
                    args.len()
                ),
                name_span,
                "get takes a collection and a key: get(jcUser.addresses, 0)",
            );
        }
        let base = self.visit(&args[0]);
        let key = self.visit(&args[1]);
        if is_env(&args[0]) {
            if let ExprKind::Str(name) = &args[1].kind {
                if let Some(ty) = self.env.get(name) {
                    return ty.clone();
                }
            }
            return Type::Any;
        }
        if base.is_unknown() {
            return Type::Any;
        }
        match &base {
            Type::Array(_) => {
                if !key.is_integer() && !key.is_unknown() {
                    self.error(
                        Code::BadIndex,
                        format!("non-integer slice index {key}"),
                        args[1].span,
                        "index arrays with an integer",
                    );
                }
                base.elem()
            }
            Type::Map(map) => {
                if !key.assignable_to(&map.key) && !key.is_unknown() {
                    self.error(
                        Code::BadIndex,
                        format!("cannot use {key} to get an element from {base}"),
                        args[1].span,
                        "the key has the wrong type for this map",
                    );
                }
                match &args[1].kind {
                    ExprKind::Str(name) => map.fields.get(name).unwrap_or(&map.value).clone(),
                    _ => map.value.clone(),
                }
            }
            other => self.error(
                Code::BadIndex,
                format!("type {other} does not support indexing"),
                args[0].span,
                "get reads from an array or a map",
            ),
        }
    }
}

fn is_env(expr: &Expr) -> bool {
    matches!(&expr.kind, ExprKind::Ident(name) if name == "$env")
}

/// The sound type of a predicate builtin's call, from the collection's and the predicate's
/// sound types (and the initial value of `reduce`).
fn predicate_sound(name: &str, collection: &Type, body: Type, initial: Option<Type>) -> Type {
    let element = super::sound::element(collection);
    match name {
        "map" => Type::array_of(body),
        "filter" => Type::array_of(element),
        "find" | "findLast" => element.nullable(),
        "sortBy" => match collection.non_nil() {
            array @ Type::Array(_) => array,
            _ => Type::json_array(),
        },
        "reduce" => match initial {
            Some(initial) => body.join(&initial),
            None => body.join(&element),
        },
        "sum" => sum_sound(&body),
        "groupBy" => Type::map(Type::Interface, Type::json_array()),
        "all" | "none" | "any" | "one" => Type::Bool,
        // Nothing found is nil, not -1.
        "findIndex" | "findLastIndex" => Type::Int.nullable(),
        _ => Type::Int,
    }
}

/// The sum of an empty array is the integer 0; otherwise the sum has the addends' type (and
/// fails at run time for other than numbers).
fn sum_sound(addend: &Type) -> Type {
    let addend = addend.non_nil();
    if addend.is_integer() {
        Type::Int
    } else if addend.is_float() {
        Type::Int.join(&addend)
    } else {
        Type::Int.join(&Type::Float)
    }
}
