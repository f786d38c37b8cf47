//! Calls: builtins (predicate, `get`, `Validate`-style, overloaded), methods, registered
//! functions, and calls of values whose type is unknown (whose arguments are not checked).

use super::builtins::{self, Builtin, Family, Rule};
use super::Checker;
use crate::builtins::{Function, Ty};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::{Expr, ExprKind, Span, PREDICATE_BUILTINS};
use crate::types::{FuncType, Kind, Type};

impl Checker<'_> {
    pub(super) fn call(
        &mut self,
        expr: &Expr,
        callee: &Expr,
        args: &[Expr],
        force_builtin: bool,
    ) -> Type {
        if let ExprKind::Ident(name) = &callee.kind {
            let shadowed = self.env.contains(name) || self.variables.iter().any(|(n, _)| n == name);
            if let Some(builtin) = builtins::lookup(name) {
                if force_builtin || !shadowed {
                    self.types.insert(callee, builtins::value_type(builtin));
                    return self.builtin_call(builtin, args, callee.span);
                }
            }
        }
        let callee_type = self.visit_as(callee, true);
        if callee_type.is_unknown() {
            // The reference does not look at the arguments of a call it cannot type.
            return Type::Any;
        }
        let name_span = callee_name_span(callee);
        if let Type::Func(func) = &callee_type {
            if let Some(name) = &func.function {
                if let Some(builtin) = builtins::lookup(name) {
                    return self.builtin_call(builtin, args, name_span);
                }
                if let Some(function) = self.registry.function(name) {
                    let function = function.clone();
                    return self.registered_call(&function, args, name_span);
                }
            }
        }
        let name = match &callee.kind {
            ExprKind::Ident(name) => name.as_str(),
            ExprKind::Field { name, .. } => name.as_str(),
            _ => "function",
        };
        match &callee_type {
            Type::Nil => self.error(
                Code::NotCallable,
                format!("{name} is nil; cannot call nil as function"),
                name_span,
                "the value is always nil here",
            ),
            Type::Func(func) => {
                let types = self.visit_all(args);
                match check_arguments(name, func, args, &types, name_span) {
                    Ok(ty) => ty,
                    Err(diagnostic) => {
                        self.push(diagnostic);
                        Type::Any
                    }
                }
            }
            other => self.error(
                Code::NotCallable,
                format!("{other} is not callable"),
                expr.span,
                "remove the parentheses, or call a builtin with the value as argument",
            ),
        }
    }

    fn visit_all(&mut self, args: &[Expr]) -> Vec<Type> {
        args.iter().map(|arg| self.visit(arg)).collect()
    }

    fn builtin_call(&mut self, builtin: &Builtin, args: &[Expr], name_span: Span) -> Type {
        match builtin.rule {
            Rule::Predicate => self.predicate_call(builtin.name, args, name_span),
            Rule::Get => self.get_call(args, name_span),
            Rule::Validate(validate) => {
                let types: Vec<Type> = self
                    .visit_all(args)
                    .into_iter()
                    .map(|ty| if ty.is_unknown() { Type::Interface } else { ty })
                    .collect();
                match validate(builtin.name, &types) {
                    Ok(ty) => ty,
                    Err(message) => {
                        let code = if message.contains("arguments") {
                            Code::ArgumentCount
                        } else {
                            Code::ArgumentType
                        };
                        let help = builtin_help(builtin);
                        self.error(code, message, name_span, &help)
                    }
                }
            }
            Rule::Overloads(signatures) => {
                let types = self.visit_all(args);
                let mut last = None;
                for signature in signatures {
                    let func = signature.to_func(builtin.name);
                    match check_arguments(builtin.name, &func, args, &types, name_span) {
                        Ok(ty) => return ty,
                        Err(diagnostic) => last = Some(diagnostic),
                    }
                }
                if let Some(diagnostic) = last {
                    self.push(diagnostic.with_help(builtin_help(builtin)));
                }
                Type::Any
            }
        }
    }

    /// `all`, `map`, `filter`, `reduce`, ...: the collection must be an array (or unknown);
    /// `#` is its element inside the predicate.
    fn predicate_call(&mut self, name: &str, args: &[Expr], name_span: Span) -> Type {
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
            self.error(
                Code::ArgumentType,
                format!("builtin {name} takes only array (got {collection})"),
                args[0].span,
                "predicate builtins iterate arrays; use keys(m) or values(m) for a map",
            );
            collection = Type::Any;
        }
        let Some(predicate) = args.get(1) else {
            return match name {
                "count" => Type::Int,
                _ if collection.is_unknown() => Type::Any,
                _ => collection.elem(),
            };
        };
        self.predicates.push(super::PredicateScope {
            collection: collection.clone(),
            index: matches!(name, "map" | "reduce"),
            acc: name == "reduce",
        });
        let body = match &predicate.kind {
            ExprKind::Predicate(body) => {
                let ty = self.visit(body);
                self.types.insert(predicate, ty.clone());
                ty
            }
            _ => self.visit(predicate),
        };
        self.predicates.pop();
        if let Some(third) = args.get(2) {
            self.visit(third);
        }
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
    fn get_call(&mut self, args: &[Expr], name_span: Span) -> Type {
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
        if matches!(&args[0].kind, ExprKind::Ident(name) if name == "$env") {
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

    /// A function registered from Rust: its declared signatures, tried in order.
    fn registered_call(&mut self, function: &Function, args: &[Expr], name_span: Span) -> Type {
        let types = self.visit_all(args);
        let name: &str = &function.name;
        let mut last = None;
        for signature in function.signatures.iter() {
            let fixed = signature.params.len();
            let count_error = if args.len() < fixed {
                Some("not enough")
            } else if signature.rest.is_none() && args.len() > fixed {
                Some("too many")
            } else {
                None
            };
            if let Some(which) = count_error {
                last = Some(Diagnostic::error(
                    Code::ArgumentCount,
                    format!("{which} arguments to call {name}"),
                    name_span,
                ));
                continue;
            }
            let mismatch = types.iter().enumerate().find_map(|(i, ty)| {
                let param = signature.params.get(i).copied().or(signature.rest)?;
                (!accepts(param, ty)).then_some((i, param))
            });
            match mismatch {
                Some((i, param)) => {
                    last = Some(Diagnostic::error(
                        Code::ArgumentType,
                        format!(
                            "cannot use {} as argument (type {}) to call {name} ",
                            types[i],
                            ty_name(param)
                        ),
                        args[i].span,
                    ));
                }
                None => return result_type(signature.result, &types),
            }
        }
        if let Some(diagnostic) = last {
            self.push(diagnostic);
        }
        Type::Any
    }
}

/// Where a callee's name is written: an identifier, or the name after the dot of a method.
fn callee_name_span(callee: &Expr) -> Span {
    match &callee.kind {
        ExprKind::Field { name, .. } => {
            let end = callee.span.end as usize;
            Span::new(
                end.saturating_sub(name.len())
                    .max(callee.span.start as usize),
                end,
            )
        }
        _ => callee.span,
    }
}

/// Go's `checkArguments`: arity, then each argument against its parameter.
fn check_arguments(
    name: &str,
    func: &FuncType,
    args: &[Expr],
    types: &[Type],
    name_span: Span,
) -> Result<Type, Diagnostic> {
    let fail = |code, message: String, span| Err(Diagnostic::error(code, message, span));
    match func.num_out() {
        0 => {
            return fail(
                Code::NotCallable,
                format!("func {name} doesn't return value"),
                name_span,
            )
        }
        1 | 2 => {}
        _ => {
            return fail(
                Code::NotCallable,
                format!("func {name} returns more then two values"),
                name_span,
            )
        }
    }
    let count = func.params.len();
    if func.variadic && types.len() + 1 < count || !func.variadic && types.len() < count {
        return fail(
            Code::ArgumentCount,
            format!("not enough arguments to call {name}"),
            name_span,
        );
    }
    if !func.variadic && types.len() > count {
        return fail(
            Code::ArgumentCount,
            format!("too many arguments to call {name}"),
            name_span,
        );
    }
    for (i, (arg, ty)) in args.iter().zip(types).enumerate() {
        let param = if func.variadic && i + 1 >= count {
            func.params[count - 1].elem()
        } else {
            func.params[i].clone()
        };
        if param.is_float() && ty.is_integer() {
            continue;
        }
        if param.is_integer() && ty.is_integer() {
            continue;
        }
        if ty.is_nil() {
            if matches!(param.kind(), Kind::Ptr | Kind::Interface) {
                continue;
            }
            return fail(
                Code::ArgumentType,
                format!("cannot use nil as argument (type {param}) to call {name}"),
                arg.span,
            );
        }
        if !ty.assignable_to(&param) && !ty.is_unknown() {
            return fail(
                Code::ArgumentType,
                format!("cannot use {ty} as argument (type {param}) to call {name} "),
                arg.span,
            );
        }
    }
    Ok(func.out())
}

fn builtin_help(builtin: &Builtin) -> String {
    let kind = match builtin.family {
        Family::Expr => "builtin",
        Family::JumpCloud => "helper",
    };
    match builtin.rule {
        Rule::Overloads(signatures) => {
            let forms: Vec<String> = signatures
                .iter()
                .map(|s| s.to_func(builtin.name).to_string())
                .map(|f| format!("{}{}", builtin.name, f.trim_start_matches("func")))
                .collect();
            let mut unique = Vec::new();
            for form in forms {
                if !unique.contains(&form) {
                    unique.push(form);
                }
            }
            format!("the {kind} {} takes: {}", builtin.name, unique.join(" | "))
        }
        _ => format!("see `:help {}` for what the {kind} accepts", builtin.name),
    }
}

/// Whether a registered function's parameter declared `param` accepts an argument of `ty`.
fn accepts(param: Ty, ty: &Type) -> bool {
    if ty.is_unknown() {
        return true;
    }
    if ty.is_nil() {
        return matches!(
            param,
            Ty::Any | Ty::Array | Ty::StringArray | Ty::Map | Ty::Location
        );
    }
    match param {
        Ty::Bool => ty.is_bool(),
        Ty::Int => ty.is_integer(),
        Ty::Float | Ty::Number => ty.is_number(),
        Ty::String => ty.is_string(),
        Ty::Array => ty.is_array(),
        Ty::StringArray => ty.is_array() && (ty.elem().is_string() || ty.elem().is_unknown()),
        Ty::Map => ty.is_map(),
        Ty::Time => ty.is_time(),
        Ty::Duration => ty.is_duration(),
        Ty::Location => matches!(ty, Type::Location),
        _ => true,
    }
}

fn ty_name(param: Ty) -> &'static str {
    match param {
        Ty::Bool => "bool",
        Ty::Int => "int",
        Ty::Float => "float64",
        Ty::Number => "number",
        Ty::String => "string",
        Ty::Array => "[]interface {}",
        Ty::StringArray => "[]string",
        Ty::Map => "map[string]interface {}",
        Ty::Time => "time.Time",
        Ty::Duration => "time.Duration",
        Ty::Location => "*time.Location",
        _ => "interface {}",
    }
}

/// The result type a registered function declares, given its argument types.
fn result_type(result: Ty, args: &[Type]) -> Type {
    let first = args.first().cloned().unwrap_or(Type::Any);
    match result {
        Ty::Bool => Type::Bool,
        Ty::Int => Type::Int,
        Ty::Float => Type::Float,
        Ty::String => Type::String,
        Ty::Array | Ty::ArrayOfPredicateResult => Type::json_array(),
        Ty::StringArray => Type::slice(Type::String),
        Ty::Map => Type::json_map(),
        Ty::Time => Type::Time,
        Ty::Duration => Type::Duration,
        Ty::Location => Type::Location,
        Ty::Element if first.is_array() => first.elem(),
        Ty::SameAsFirst => first,
        _ => Type::Any,
    }
}
