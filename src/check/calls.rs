//! Calls: builtins (predicate, `get`, `Validate`-style, overloaded), methods, registered
//! functions, and calls of values whose type is unknown (whose arguments are not checked).

use super::builtins::{self, Builtin, Family, Rule};
use super::Checker;
use crate::builtins::{Function, Ty};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::{Expr, ExprKind, Span};
use crate::types::{FuncType, Kind, Type};

impl Checker<'_> {
    pub(super) fn call(
        &mut self,
        expr: &Expr,
        callee: &Expr,
        args: &[Expr],
        force_builtin: bool,
    ) -> Type {
        match self.called_builtin(callee, force_builtin) {
            Some(builtin) => {
                self.types.insert(callee, builtins::value_type(builtin));
                self.builtin_call(expr, builtin, args, callee.span)
            }
            None => self.value_call(expr, callee, args),
        }
    }

    /// The builtin a call by name means: one of that name, unless a variable overrides it
    /// (`::name(...)` always means the builtin).
    fn called_builtin(&self, callee: &Expr, force_builtin: bool) -> Option<&'static Builtin> {
        let ExprKind::Ident(name) = &callee.kind else {
            return None;
        };
        let builtin = builtins::lookup(name)?;
        let shadowed = self.env.contains(name) || self.variables.iter().any(|v| v.name == *name);
        (force_builtin || !shadowed).then_some(builtin)
    }

    /// A call of a value: a method, a function-valued variable, or something not callable.
    fn value_call(&mut self, expr: &Expr, callee: &Expr, args: &[Expr]) -> Type {
        if matches!(&callee.kind, ExprKind::Ident(name) if name == "$env") {
            return self.not_callable(&Type::json_map(), expr.span);
        }
        let callee_type = self.visit_as(callee, true);
        if callee_type.is_unknown() {
            // The reference does not look at the arguments of a call it cannot type.
            return Type::Any;
        }
        let name_span = callee_name_span(callee);
        let Type::Func(func) = &callee_type else {
            return match callee_type {
                Type::Nil => self.nil_called(callee, name_span),
                other => self.not_callable(&other, expr.span),
            };
        };
        if let Some(name) = &func.function {
            if let Some(builtin) = builtins::lookup(name) {
                return self.builtin_call(expr, builtin, args, name_span);
            }
            if let Some(function) = self.registry.function(name) {
                let function = function.clone();
                return self.registered_call(&function, args, name_span);
            }
        }
        let types = self.visit_all(args);
        let name = callee_name(callee);
        match check_arguments(name, func, args, &types, name_span) {
            Ok(ty) => ty,
            Err(diagnostic) => {
                let help = format!("{name} is a {func}");
                self.push(diagnostic.with_help(help));
                Type::Any
            }
        }
    }

    #[inline(never)]
    fn nil_called(&mut self, callee: &Expr, span: Span) -> Type {
        let name = callee_name(callee);
        self.error(
            Code::NotCallable,
            format!("{name} is nil; cannot call nil as function"),
            span,
            "the value is always nil here",
        )
    }

    #[inline(never)]
    fn not_callable(&mut self, ty: &Type, span: Span) -> Type {
        let help = if ty.is_map() {
            "read a variable with $env.name, or a field with .name"
        } else {
            "remove the parentheses, or call a builtin with the value as argument"
        };
        self.error(
            Code::NotCallable,
            format!("{ty} is not callable"),
            span,
            help,
        )
    }

    pub(super) fn visit_all(&mut self, args: &[Expr]) -> Vec<Type> {
        let mut types = Vec::with_capacity(args.len());
        for arg in args {
            types.push(self.visit(arg));
        }
        types
    }

    fn builtin_call(
        &mut self,
        call: &Expr,
        builtin: &Builtin,
        args: &[Expr],
        name_span: Span,
    ) -> Type {
        let ty = match builtin.rule {
            Rule::Predicate => return self.predicate_call(call, builtin.name, args, name_span),
            Rule::Get => return self.get_call(call, args, name_span),
            Rule::Validate(validate) => self.validate_call(builtin, validate, args, name_span),
            Rule::Overloads(signatures) => {
                let types = self.visit_all(args);
                self.overload_call(builtin, signatures, args, &types, name_span)
            }
        };
        self.set_builtin_sound(call, builtin.name, &ty, args);
        ty
    }

    #[inline(never)]
    fn set_builtin_sound(&mut self, call: &Expr, name: &str, ty: &Type, args: &[Expr]) {
        let sounds: Vec<Type> = args.iter().map(|arg| self.sound(arg)).collect();
        if let Some(sound) = super::sound::builtin(name, ty, &sounds) {
            self.set_sound(call, sound);
        }
    }

    /// A builtin with a Go `Validate` function: arity and coarse kinds only.
    fn validate_call(
        &mut self,
        builtin: &Builtin,
        validate: builtins::Validator,
        args: &[Expr],
        name_span: Span,
    ) -> Type {
        let mut types = self.visit_all(args);
        for ty in &mut types {
            if ty.is_unknown() {
                *ty = Type::Interface;
            }
        }
        match validate(builtin.name, &types) {
            Ok(ty) => ty,
            Err(message) => self.builtin_error(builtin, message, name_span),
        }
    }

    #[inline(never)]
    fn builtin_error(&mut self, builtin: &Builtin, message: String, span: Span) -> Type {
        let code = if message.contains("arguments") {
            Code::ArgumentCount
        } else {
            Code::ArgumentType
        };
        let help = builtin_help(builtin);
        self.error(code, message, span, &help)
    }

    /// A builtin with Go signatures: the first that fits wins; else the last one's error.
    #[inline(never)]
    fn overload_call(
        &mut self,
        builtin: &Builtin,
        signatures: &[builtins::Sig],
        args: &[Expr],
        types: &[Type],
        name_span: Span,
    ) -> Type {
        let mut last = None;
        for signature in signatures {
            let func = signature.to_func(builtin.name);
            match check_arguments(builtin.name, &func, args, types, name_span) {
                Ok(ty) => return ty,
                Err(diagnostic) => last = Some(diagnostic),
            }
        }
        if let Some(diagnostic) = last {
            self.push(diagnostic.with_help(builtin_help(builtin)));
        }
        Type::Any
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
            let help = format!("see `:help {name}` for the arguments {name} takes");
            self.push(diagnostic.with_help(help));
        }
        Type::Any
    }
}

/// The name Go uses for a callee in messages.
fn callee_name(callee: &Expr) -> &str {
    match &callee.kind {
        ExprKind::Ident(name) | ExprKind::Field { name, .. } => name,
        _ => "function",
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
        let param = match (func.variadic, func.params.get(i)) {
            (true, _) if i + 1 >= count => func.params.last().map_or(Type::Any, Type::elem),
            (_, Some(param)) => param.clone(),
            (_, None) => Type::Any,
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
        _ => match usage(builtin.name) {
            Some(usage) => format!("usage: {usage}"),
            None => format!("see `:help {}` for what the {kind} accepts", builtin.name),
        },
    }
}

/// How the builtins checked by arity and kind only are called.
fn usage(name: &str) -> Option<&'static str> {
    Some(match name {
        "len" => "len(x): the length of a string, array or map",
        "abs" => "abs(number)",
        "ceil" | "floor" | "round" => "round(number), ceil(number), floor(number)",
        "int" | "float" => "int(x), float(x): x a number or a numeric string",
        "max" | "min" | "mean" | "median" => "max(numbers...) or max(array)",
        "now" => "now()",
        "date" => "date(text), date(text, layout), date(text, layout, timezone)",
        "first" | "last" => "first(array), last(array)",
        "take" => "take(array, n)",
        "keys" | "values" => "keys(map), values(map)",
        "toPairs" => "toPairs(map)",
        "fromPairs" => "fromPairs(array of [key, value] pairs)",
        "reverse" | "uniq" | "flatten" => "reverse(array), uniq(array), flatten(array)",
        "concat" => "concat(array, array...)",
        _ => return None,
    })
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
