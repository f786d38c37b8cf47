//! Unions: "may be nil" (`string | nil`, the type of a schema field that may be absent) and the
//! join of two types (what a value is when it comes from either of two places).
//!
//! The checker reasons with two types per expression: the *checking* type, which follows the
//! reference's rules (nil aside: `string | nil` is checked as `string`), and the *sound* type,
//! which every value of the expression has. Joins build sound types.
//!
//! ```
//! use scimap::types::Type;
//! let field = Type::String.nullable();
//! assert_eq!(field.to_string(), "string | nil");
//! assert_eq!(field.non_nil(), Type::String);
//! assert!(field.admits_nil() && !Type::String.admits_nil());
//! assert_eq!(Type::Int.join(&Type::Nil), Type::Int.nullable());
//! assert_eq!(Type::Int.join(&Type::Interface), Type::Any);
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{ArrayType, MapType, Type};

/// More members than this and a union is not worth tracking: it becomes `Any`.
const MAX_MEMBERS: usize = 6;

impl Type {
    /// `self | nil` (unchanged when the type already admits nil).
    pub fn nullable(self) -> Type {
        if self.admits_nil() {
            self
        } else {
            Type::Union(Arc::from(vec![self, Type::Nil]))
        }
    }

    /// The type without its nil member: `string | nil` is `string`; other types are unchanged
    /// (a union of several non-nil types stays a union, which checks as unknown).
    pub fn non_nil(&self) -> Type {
        let Type::Union(members) = self else {
            return self.clone();
        };
        let rest: Vec<Type> = members.iter().filter(|m| !m.is_nil()).cloned().collect();
        match rest.len() {
            0 => Type::Nil,
            1 => rest.into_iter().next().unwrap_or(Type::Nil),
            _ => Type::Union(Arc::from(rest)),
        }
    }

    /// Whether a value of this type may be nil: unknown types, `nil`, and unions with nil.
    pub fn admits_nil(&self) -> bool {
        match self {
            Type::Any | Type::Interface | Type::Nil => true,
            Type::Union(members) => members.iter().any(Type::admits_nil),
            _ => false,
        }
    }

    /// Whether this is `T | nil` for some known `T` (a field that may be absent).
    pub fn is_nullable(&self) -> bool {
        matches!(self, Type::Union(members) if members.iter().any(Type::is_nil))
    }

    /// The type of a value that comes from either `self` or `other`.
    pub fn join(&self, other: &Type) -> Type {
        if self == other {
            return self.clone();
        }
        match (self, other) {
            (Type::Any | Type::Interface, _) | (_, Type::Any | Type::Interface) => Type::Any,
            (Type::Nil, t) | (t, Type::Nil) => t.clone().nullable(),
            (Type::Array(a), Type::Array(b)) => join_arrays(a, b),
            (Type::Map(a), Type::Map(b)) if a.warn_unknown && b.warn_unknown => join_records(a, b),
            _ => union_of(self, other),
        }
    }
}

fn members(ty: &Type) -> Vec<Type> {
    match ty {
        Type::Union(members) => members.to_vec(),
        other => vec![other.clone()],
    }
}

/// The union of the members of both, each kept once (arrays and records merged).
fn union_of(a: &Type, b: &Type) -> Type {
    let mut out: Vec<Type> = members(a);
    for member in members(b) {
        if member.is_unknown() && !matches!(member, Type::Union(_)) {
            return Type::Any;
        }
        match out.iter().position(|m| mergeable(m, &member)) {
            Some(i) => out[i] = out[i].join(&member),
            None => out.push(member),
        }
    }
    if out.len() > MAX_MEMBERS {
        return Type::Any;
    }
    // Keep nil last, so that `T | nil` reads naturally.
    out.sort_by_key(Type::is_nil);
    if out.len() == 1 {
        return out.pop().unwrap_or(Type::Any);
    }
    Type::Union(Arc::from(out))
}

fn mergeable(a: &Type, b: &Type) -> bool {
    a == b
        || matches!((a, b), (Type::Array(_), Type::Array(_)))
        || matches!((a, b), (Type::Map(x), Type::Map(y)) if x.warn_unknown && y.warn_unknown)
}

fn join_arrays(a: &ArrayType, b: &ArrayType) -> Type {
    let elem_a = a.refined.clone().unwrap_or(a.declared.clone());
    let elem_b = b.refined.clone().unwrap_or(b.declared.clone());
    let declared = if a.declared == b.declared {
        a.declared.clone()
    } else {
        Type::Interface
    };
    Type::Array(Arc::new(ArrayType {
        declared,
        refined: Some(elem_a.join(&elem_b)),
    }))
}

/// Two records merged: fields of both; a field only one has may be absent (`| nil`).
fn join_records(a: &MapType, b: &MapType) -> Type {
    let mut fields = BTreeMap::new();
    for (name, ty) in &a.fields {
        let joined = match b.fields.get(name) {
            Some(other) => ty.join(other),
            None => ty.clone().nullable(),
        };
        fields.insert(name.clone(), joined);
    }
    for (name, ty) in &b.fields {
        if !a.fields.contains_key(name) {
            fields.insert(name.clone(), ty.clone().nullable());
        }
    }
    Type::schema_record(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins() {
        let s = Type::String;
        assert_eq!(s.join(&Type::Int).to_string(), "string | int");
        assert_eq!(
            s.join(&Type::Int).join(&Type::Nil).to_string(),
            "string | int | nil"
        );
        assert_eq!(s.clone().nullable().join(&s), s.clone().nullable());
        assert_eq!(s.clone().nullable().non_nil(), s);
        assert_eq!(Type::Nil.non_nil(), Type::Nil);
        let ints = Type::array_of(Type::Int);
        let strings = Type::array_of(Type::String);
        assert_eq!(ints.join(&strings).elem().to_string(), "int | string");
        let a = Type::schema_record([("a".to_string(), Type::Int)].into());
        let b = Type::schema_record([("b".to_string(), Type::String)].into());
        let both = a.join(&b);
        assert_eq!(both.field("a"), Some(Type::Int.nullable()));
        assert_eq!(both.field("b"), Some(Type::String.nullable()));
        assert!(both.is_schema_record());
    }

    #[test]
    fn nil_admission() {
        assert!(Type::Any.admits_nil());
        assert!(!Type::json_array().admits_nil());
        assert!(Type::Int.nullable().is_nullable());
        assert!(!Type::Any.is_nullable());
    }
}
