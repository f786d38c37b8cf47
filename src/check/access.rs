//! Member access `a.b`, indexing `a[k]` (the same operation), `$env` lookups and slicing.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::{Expr, ExprKind, Span};
use crate::types::{self, Kind, Type};

/// What is read from the base.
enum Property<'e> {
    /// A name known statically: `a.name` or `a["name"]`, and where it is written.
    Name(&'e str, Span),
    /// A computed key: `a[expr]`.
    Key(&'e Expr),
}

impl Checker<'_> {
    pub(super) fn field(
        &mut self,
        expr: &Expr,
        base: &Expr,
        name: &str,
        optional: bool,
        callee: bool,
    ) -> Type {
        let end = expr.span.end;
        let start = (end as usize)
            .saturating_sub(name.len())
            .max(expr.span.start as usize);
        let span = Span::new(start, end as usize);
        let ty = self.member(base, Property::Name(name, span), None, optional, callee);
        self.set_member_sound(expr, base, Some(name));
        ty.non_nil()
    }

    pub(super) fn index(
        &mut self,
        expr: &Expr,
        base: &Expr,
        index: &Expr,
        optional: bool,
        callee: bool,
    ) -> Type {
        let (ty, name) = match &index.kind {
            ExprKind::Str(name) => {
                let property = Property::Name(name, index.span);
                let ty = self.member(base, property, Some(index), optional, callee);
                (ty, Some(name.as_str()))
            }
            _ => (
                self.member(base, Property::Key(index), None, optional, callee),
                None,
            ),
        };
        self.set_member_sound(expr, base, name);
        ty.non_nil()
    }

    /// The sound type of a member read: what the sound type of the base holds there. `$env`
    /// members are variables, typed as such.
    fn set_member_sound(&mut self, expr: &Expr, base: &Expr, name: Option<&str>) {
        if matches!(&base.kind, ExprKind::Ident(n) if n == "$env") {
            let sound = match name.and_then(|name| self.env.get(name)) {
                Some(ty) => ty.clone(),
                None => Type::Any,
            };
            self.set_sound(expr, sound);
            return;
        }
        let sound = super::sound::member(&self.sound(base), name);
        self.set_sound(expr, sound);
    }

    /// Go's member rule. `literal` is the string-literal index node, typed for the table.
    fn member(
        &mut self,
        base: &Expr,
        property: Property<'_>,
        literal: Option<&Expr>,
        optional: bool,
        callee: bool,
    ) -> Type {
        if matches!(&base.kind, ExprKind::Ident(name) if name == "$env") {
            return self.env_member(base, property, literal, optional);
        }
        let base_type = self.visit(base);
        let (key, span) = match property {
            Property::Name(_, span) => {
                if let Some(literal) = literal {
                    self.visit(literal);
                }
                (Type::String, span)
            }
            Property::Key(expr) => (self.visit(expr), expr.span),
        };
        if base_type.is_unknown() {
            return Type::Any;
        }
        let name = match property {
            Property::Name(name, _) => Some(name),
            Property::Key(_) => None,
        };
        let ty = self.member_type(base_type.clone(), key, name, span, callee);
        if let (Some(name), Type::Map(map)) = (name, &base_type) {
            if map.warn_unknown && !map.fields.contains_key(name) {
                self.unknown_schema_field(base, &base_type, name, span);
            }
        }
        ty
    }

    /// The warning for a field a schema record does not list: JSON may carry more than its
    /// schema, so the read is allowed (its type is unknown).
    #[inline(never)]
    fn unknown_schema_field(&mut self, base: &Expr, record: &Type, name: &str, span: Span) {
        let Type::Map(map) = record else {
            return;
        };
        let owner = self.owner(base);
        let message = format!(
            "unknown field `{name}`: {} has no such field in its schema",
            owner.phrase
        );
        let fields = map.fields.keys().map(String::as_str);
        let help = match super::names::closest(name, fields) {
            Some(best) => format!("did you mean `{best}`?"),
            None => unknown_field_help(map, name, owner.path.as_deref()),
        };
        self.push(Diagnostic::warning(Code::UnknownField, message, span).with_help(help));
    }

    /// The type read from `base_type` with `key` (a `name` when known statically).
    #[inline(never)]
    fn member_type(
        &mut self,
        base_type: Type,
        key: Type,
        name: Option<&str>,
        span: Span,
        callee: bool,
    ) -> Type {
        if let Some(name) = name {
            if base_type.is_nil() {
                return self.error(
                    Code::NoField,
                    format!("type nil has no field {name}"),
                    span,
                    "the value is always nil here; guard with ?. or ?? or check it against nil",
                );
            }
            if let Some(method) = types::method(&base_type, name) {
                return method;
            }
        }
        match &base_type {
            Type::Map(map) => {
                if !key.assignable_to(&map.key) && !key.is_unknown() {
                    return self.error(
                        Code::BadIndex,
                        format!("cannot use {key} to get an element from {base_type}"),
                        span,
                        "the key has the wrong type for this map",
                    );
                }
                if let Some(name) = name {
                    if let Some(field) = map.fields.get(name) {
                        return field.clone();
                    }
                    if map.closed {
                        let help = self.field_help(name, map.fields.keys().map(String::as_str));
                        return self.error(
                            Code::UnknownField,
                            format!("unknown field {name}"),
                            span,
                            &help,
                        );
                    }
                }
                return map.value.clone();
            }
            Type::Array(_) => {
                if !key.is_integer() && !key.is_unknown() {
                    return self.error(
                        Code::BadIndex,
                        format!("array elements can only be selected using an integer (got {key})"),
                        span,
                        "index arrays with an integer (arr[0]); map(arr, .field) reads a field of every element",
                    );
                }
                return base_type.elem();
            }
            _ => {}
        }
        let shown = match &base_type {
            Type::Location => "time.Location".to_string(),
            other => other.to_string(),
        };
        match name {
            Some(name) if callee => {
                let help = method_help(&base_type, name);
                self.error(
                    Code::NoField,
                    format!("type {shown} has no method {name}"),
                    span,
                    &help,
                )
            }
            Some(name) => self.error(
                Code::NoField,
                format!("type {shown} has no field {name}"),
                span,
                no_field_help(&base_type),
            ),
            None => self.error(
                Code::NoField,
                format!("type {shown}[{key}] is undefined"),
                span,
                no_field_help(&base_type),
            ),
        }
    }

    /// `$env.x` and `$env["x"]` read variable x (unknown x is an error unless `?.`);
    /// `$env[expr]` is not checked at all, as in the reference.
    fn env_member(
        &mut self,
        base: &Expr,
        property: Property<'_>,
        literal: Option<&Expr>,
        optional: bool,
    ) -> Type {
        self.types_insert(base, Type::Any);
        match property {
            Property::Name(name, span) => {
                if let Some(literal) = literal {
                    self.types_insert(literal, Type::String);
                }
                let strict = self.env.is_strict() && !optional;
                self.resolve(name, span, strict, false)
            }
            Property::Key(_) => Type::Any,
        }
    }

    pub(super) fn slice(
        &mut self,
        expr: &Expr,
        base: &Expr,
        from: Option<&Expr>,
        to: Option<&Expr>,
    ) -> Type {
        let ty = self.visit(base);
        let sound = match self.sound(base).non_nil() {
            sound @ (Type::String | Type::Array(_)) => sound,
            _ => Type::Any,
        };
        self.set_sound(expr, sound);
        if ty.is_unknown() {
            return Type::Any;
        }
        let sliceable = matches!(ty.kind(), Kind::String | Kind::Slice);
        if !sliceable {
            self.error(
                Code::BadIndex,
                format!("cannot slice {ty}"),
                expr.span,
                "only strings and arrays can be sliced",
            );
        }
        for bound in [from, to].into_iter().flatten() {
            let bound_type = self.visit(bound);
            if !bound_type.is_integer() && !bound_type.is_unknown() {
                self.error(
                    Code::BadIndex,
                    format!("non-integer slice index {bound_type}"),
                    bound.span,
                    "slice bounds must be integers; use int(x)",
                );
            }
        }
        if sliceable {
            ty
        } else {
            Type::Any
        }
    }

    fn types_insert(&mut self, expr: &Expr, ty: Type) {
        self.types.insert(expr, ty);
    }

    fn field_help<'a>(&self, name: &str, fields: impl Iterator<Item = &'a str>) -> String {
        match super::names::closest(name, fields) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "this record has no such field".to_string(),
        }
    }
}

/// "did you mean" over the methods of `receiver`, or what has methods.
fn method_help(receiver: &Type, name: &str) -> String {
    let names = types::method_names(receiver);
    match super::names::closest(name, names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if names.is_empty() => {
            "only times and durations have methods (date(x).Year(), duration(x).Hours())".into()
        }
        None if names.len() > 8 => format!("the methods include {}, ...", names[..8].join(", ")),
        None => format!("the methods are {}", names.join(", ")),
    }
}

/// Help for an unknown field without a close match: the known fields of a small record, and
/// how to read a field the schema does not list.
fn unknown_field_help(map: &crate::types::MapType, name: &str, path: Option<&str>) -> String {
    let read = match path {
        Some(path) => format!("if the field is real, read it with get({path}, \"{name}\")"),
        None => format!("if the field is real, read it with get(<the value>, \"{name}\")"),
    };
    if map.fields.len() <= 12 {
        let known: Vec<&str> = map.fields.keys().map(String::as_str).collect();
        format!("the known fields are {}; {read}", known.join(", "))
    } else {
        format!("check the spelling; {read}")
    }
}

/// Why a value of `ty` has no fields, and what to do instead.
fn no_field_help(ty: &Type) -> &'static str {
    match ty {
        Type::String => {
            "a string has no fields and cannot be indexed: take part of it with s[0:1] or split(s, sep)"
        }
        Type::Time => "a time has methods, not fields: date(x).Year(), date(x).Format(layout)",
        _ => "only maps have fields, and only maps and arrays can be indexed",
    }
}
