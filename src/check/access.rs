//! Member access `a.b`, indexing `a[k]` (the same operation), `$env` lookups and slicing.

use super::Checker;
use crate::diagnostic::Code;
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
        self.member(base, Property::Name(name, span), None, optional, callee)
    }

    pub(super) fn index(
        &mut self,
        base: &Expr,
        index: &Expr,
        optional: bool,
        callee: bool,
    ) -> Type {
        match &index.kind {
            ExprKind::Str(name) => {
                let property = Property::Name(name, index.span);
                self.member(base, property, Some(index), optional, callee)
            }
            _ => self.member(base, Property::Key(index), None, optional, callee),
        }
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
        self.member_type(base_type, key, name, span, callee)
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
            Some(name) if callee => self.error(
                Code::NoField,
                format!("type {shown} has no method {name}"),
                span,
                "",
            ),
            Some(name) => self.error(
                Code::NoField,
                format!("type {shown} has no field {name}"),
                span,
                "only maps have fields; arrays and strings are indexed with integers",
            ),
            None => self.error(
                Code::NoField,
                format!("type {shown}[{key}] is undefined"),
                span,
                "this value cannot be indexed",
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
