//! Static types: kinds, element types, known fields, unions, and "unknown".
//!
//! A [`Type`] is what the checker knows about a value before evaluation. The reference
//! implementation (Go expr) calls this a *nature*: one concrete Go type, `nil`, or unknown.
//! Every Go nature is a `Type`; [`Type::Union`] and closed maps with known fields are room for
//! what the Go checker cannot express (schema-derived types, see [`TypeEnv`]).
//!
//! Two flavours of "unknown" exist because Go prints them differently: [`Type::Any`] (no static
//! information, printed `unknown`) and [`Type::Interface`] (Go's `interface {}`: the element of a
//! JSON array or map, equally permissive but printed `interface {}` in messages).
//!
//! ```
//! use scimap::types::Type;
//! assert_eq!(Type::Int.to_string(), "int");
//! assert_eq!(Type::json_array().to_string(), "[]interface {}");
//! assert_eq!(Type::array_of(Type::String).elem(), Type::String);
//! assert!(Type::Interface.is_unknown() && !Type::Nil.is_unknown());
//! ```

mod admits;
mod env;
mod methods;
mod sample;
pub mod schema;
mod union;

pub use env::TypeEnv;
pub use methods::{method, method_names};

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// What the checker knows about a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// Nothing is known (Go's unknown nature; `$env`, results of ill-typed expressions).
    Any,
    /// Go's `interface {}`: unknown for every check, but printed `interface {}`.
    Interface,
    /// The `nil` literal, or a variable whose value is `null`.
    Nil,
    /// `bool`
    Bool,
    /// A Go integer type; `int` for literals and arithmetic.
    Int,
    /// A Go integer type other than `int` (`int64` from `t.Unix()`, `uint8` from bytes).
    IntOf(IntKind),
    /// `float64`
    Float,
    /// `float32`
    Float32,
    /// `string`
    String,
    /// A slice.
    Array(Arc<ArrayType>),
    /// A map.
    Map(Arc<MapType>),
    /// `time.Time`
    Time,
    /// `time.Duration`
    Duration,
    /// `time.Month` (from `t.Month()`; a named integer, not comparable with `int`)
    Month,
    /// `time.Weekday` (from `t.Weekday()`)
    Weekday,
    /// `*time.Location` (from `timezone(...)`)
    Location,
    /// A function value: a builtin used as a value, a method, a registered function.
    Func(Arc<FuncType>),
    /// One of several types (schema-derived, e.g. `string | nil`). The Go-parity rules never
    /// produce unions and treat them as unknown; schema-aware rules refine this.
    Union(Arc<[Type]>),
}

/// The Go integer types other than `int`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntKind {
    /// `int8`
    Int8,
    /// `int16`
    Int16,
    /// `int32`
    Int32,
    /// `int64`
    Int64,
    /// `uint`
    Uint,
    /// `uint8` (a byte)
    Uint8,
    /// `uint16`
    Uint16,
    /// `uint32`
    Uint32,
    /// `uint64`
    Uint64,
}

/// A slice type: its Go element type, and optionally a more precise element type.
///
/// Go's checker types `[1, 2]` as `[]interface {}` whose elements are known to be `int`: the
/// printed type is the declared one, [`Type::elem`] gives the refined one.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrayType {
    /// The element type of the Go slice type (`interface {}` for `[]interface {}`).
    pub declared: Type,
    /// What is known about the elements beyond `declared`.
    pub refined: Option<Type>,
}

/// A map type: key and value types, and the fields known to exist.
///
/// Maps from JSON have no known fields (any key is accepted and reads as `interface {}`).
/// Schema-derived records list their `fields`; when `closed`, other keys are errors.
#[derive(Clone, Debug, PartialEq)]
pub struct MapType {
    /// Key type (`string` for JSON objects and map literals).
    pub key: Type,
    /// Type of a value read with a key that is not in `fields`.
    pub value: Type,
    /// Fields known to exist, with their types.
    pub fields: BTreeMap<String, Type>,
    /// Whether keys outside `fields` are errors (Go's `types.StrictMap`).
    pub closed: bool,
    /// Whether reading a key outside `fields` gives an `unknown field` *warning*: records from
    /// a schema or a sample document, which JSON may extend (see [`Type::schema_record`]).
    pub warn_unknown: bool,
}

/// A function type.
#[derive(Clone, Debug, PartialEq)]
pub struct FuncType {
    /// Parameter types (for a variadic function the last one is the slice type).
    pub params: Vec<Type>,
    /// Whether the last parameter is variadic (`...T`).
    pub variadic: bool,
    /// Result types (without a trailing `error`).
    pub results: Vec<Type>,
    /// Whether a trailing `error` result follows `results`.
    pub returns_error: bool,
    /// The builtin or registered function this value stands for, when it is one: calls of it
    /// are checked with that function's rule.
    pub function: Option<Arc<str>>,
}

/// Go's `reflect.Kind` of a type, which some rules compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Kind {
    Invalid,
    Bool,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Float32,
    Float64,
    String,
    Slice,
    Map,
    Struct,
    Ptr,
    Func,
    Interface,
}

/// A coarse class of types, as the operator rules test for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// `bool`
    Bool,
    /// strings
    String,
    /// integer types
    Integer,
    /// integer and float types
    Number,
    /// maps
    Map,
    /// slices
    Array,
    /// `time.Time`
    Time,
    /// `time.Duration`
    Duration,
}

impl Type {
    /// A slice whose Go type is `[]interface {}` and whose elements are known to be `elem`
    /// (array literals, `map(...)`, ranges).
    pub fn array_of(elem: Type) -> Type {
        Type::Array(Arc::new(ArrayType {
            declared: Type::Interface,
            refined: Some(elem),
        }))
    }

    /// The Go slice type `[]declared`, without refinement (`[]string` from `split`).
    pub fn slice(declared: Type) -> Type {
        Type::Array(Arc::new(ArrayType {
            declared,
            refined: None,
        }))
    }

    /// `[]interface {}`: a JSON array, whose elements are unknown.
    pub fn json_array() -> Type {
        Type::slice(Type::Interface)
    }

    /// `map[string]interface {}`: a JSON object or map literal, any key, unknown values.
    pub fn json_map() -> Type {
        Type::map(Type::String, Type::Interface)
    }

    /// The Go map type `map[key]value`, with no known fields.
    pub fn map(key: Type, value: Type) -> Type {
        Type::Map(Arc::new(MapType {
            key,
            value,
            fields: BTreeMap::new(),
            closed: false,
            warn_unknown: false,
        }))
    }

    /// A record with known fields (for schema-derived types): a `map[string]interface {}` whose
    /// listed fields have known types; when `closed`, any other field is an error.
    pub fn record(fields: BTreeMap<String, Type>, closed: bool) -> Type {
        Type::Map(Arc::new(MapType {
            key: Type::String,
            value: Type::Interface,
            fields,
            closed,
            warn_unknown: false,
        }))
    }

    /// A record described by a schema or a sample document: the listed fields have known types,
    /// and reading any other field is allowed (JSON may carry more than its schema says) but
    /// draws an `unknown field` warning with a "did you mean" suggestion.
    ///
    /// ```
    /// use scimap::types::Type;
    /// let user = Type::schema_record([("email".to_string(), Type::String.nullable())].into());
    /// assert_eq!(user.field("email"), Some(Type::String.nullable()));
    /// assert_eq!(user.to_string(), "map[string]interface {}");
    /// ```
    pub fn schema_record(fields: BTreeMap<String, Type>) -> Type {
        Type::Map(Arc::new(MapType {
            key: Type::String,
            value: Type::Interface,
            fields,
            closed: false,
            warn_unknown: true,
        }))
    }

    /// The type of a known field of a record (`None` for other types and unknown fields).
    pub fn field(&self, name: &str) -> Option<Type> {
        match self {
            Type::Map(map) => map.fields.get(name).cloned(),
            _ => None,
        }
    }

    /// Whether this is a record from a schema or sample (unknown fields are warnings).
    pub fn is_schema_record(&self) -> bool {
        matches!(self, Type::Map(map) if map.warn_unknown)
    }

    /// A function type.
    pub fn func(params: Vec<Type>, results: Vec<Type>) -> Type {
        Type::Func(Arc::new(FuncType {
            params,
            variadic: false,
            results,
            returns_error: false,
            function: None,
        }))
    }

    /// Whether nothing is known: [`Type::Any`], [`Type::Interface`], or a union.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Type::Any | Type::Interface | Type::Union(_))
    }

    /// Whether this is the nil type.
    pub fn is_nil(&self) -> bool {
        matches!(self, Type::Nil)
    }

    /// `bool`
    pub fn is_bool(&self) -> bool {
        matches!(self, Type::Bool)
    }

    /// `string`
    pub fn is_string(&self) -> bool {
        matches!(self, Type::String)
    }

    /// One of Go's builtin integer types (not `time.Duration` or `time.Month`).
    pub fn is_integer(&self) -> bool {
        matches!(self, Type::Int | Type::IntOf(_))
    }

    /// `float64` or `float32`.
    pub fn is_float(&self) -> bool {
        matches!(self, Type::Float | Type::Float32)
    }

    /// An integer or float type.
    pub fn is_number(&self) -> bool {
        self.is_integer() || self.is_float()
    }

    /// `time.Time`
    pub fn is_time(&self) -> bool {
        matches!(self, Type::Time)
    }

    /// `time.Duration`
    pub fn is_duration(&self) -> bool {
        matches!(self, Type::Duration)
    }

    /// A slice.
    pub fn is_array(&self) -> bool {
        matches!(self, Type::Array(_))
    }

    /// A map.
    pub fn is_map(&self) -> bool {
        matches!(self, Type::Map(_))
    }

    /// A function.
    pub fn is_func(&self) -> bool {
        matches!(self, Type::Func(_))
    }

    /// `[]uint8`, the type of a bytes literal.
    pub fn is_byte_slice(&self) -> bool {
        match self {
            Type::Array(array) => array.declared == Type::IntOf(IntKind::Uint8),
            _ => false,
        }
    }

    /// Whether the type is in `class`.
    pub fn is(&self, class: Class) -> bool {
        match class {
            Class::Bool => self.is_bool(),
            Class::String => self.is_string(),
            Class::Integer => self.is_integer(),
            Class::Number => self.is_number(),
            Class::Map => self.is_map(),
            Class::Array => self.is_array(),
            Class::Time => self.is_time(),
            Class::Duration => self.is_duration(),
        }
    }

    /// Whether the type is in any of `classes`.
    pub fn is_any_of(&self, classes: &[Class]) -> bool {
        classes.iter().any(|class| self.is(*class))
    }

    /// Go's `reflect.Kind` (`Invalid` for unknown and nil).
    pub fn kind(&self) -> Kind {
        match self {
            Type::Any | Type::Nil | Type::Union(_) => Kind::Invalid,
            Type::Interface => Kind::Interface,
            Type::Bool => Kind::Bool,
            Type::Int | Type::Month | Type::Weekday => Kind::Int,
            Type::IntOf(kind) => kind.kind(),
            Type::Float => Kind::Float64,
            Type::Float32 => Kind::Float32,
            Type::String => Kind::String,
            Type::Array(_) => Kind::Slice,
            Type::Map(_) => Kind::Map,
            Type::Time => Kind::Struct,
            Type::Duration => Kind::Int64,
            Type::Location => Kind::Ptr,
            Type::Func(_) => Kind::Func,
        }
    }

    /// The element type of a slice (refined when known), the value type of a map, else `Any`.
    pub fn elem(&self) -> Type {
        match self {
            Type::Array(array) => array.refined.clone().unwrap_or(array.declared.clone()),
            Type::Map(map) => map.value.clone(),
            _ => Type::Any,
        }
    }

    /// The key type of a map, else `Any`.
    pub fn key(&self) -> Type {
        match self {
            Type::Map(map) => map.key.clone(),
            _ => Type::Any,
        }
    }

    /// The plain Go type, without refinements or known fields: what Go's checker keeps when a
    /// value passes through a Go signature (`first([1])` is `interface {}`, not `int`).
    pub fn go_type(&self) -> Type {
        match self {
            Type::Array(array) if array.refined.is_some() => Type::slice(array.declared.clone()),
            Type::Map(map) if !map.fields.is_empty() || map.closed => {
                Type::map(map.key.clone(), map.value.clone())
            }
            other => other.clone(),
        }
    }

    /// Whether two types are the same Go type (refinements and fields aside).
    pub fn same_go_type(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::Array(a), Type::Array(b)) => a.declared.same_go_type(&b.declared),
            (Type::Map(a), Type::Map(b)) => {
                a.key.same_go_type(&b.key) && a.value.same_go_type(&b.value)
            }
            (Type::Func(a), Type::Func(b)) => {
                a.variadic == b.variadic
                    && a.returns_error == b.returns_error
                    && same_list(&a.params, &b.params)
                    && same_list(&a.results, &b.results)
            }
            (Type::Any | Type::Nil | Type::Union(_), _)
            | (_, Type::Any | Type::Nil | Type::Union(_)) => false,
            (a, b) => a == b,
        }
    }

    /// Go's assignability of natures: nil to nilable kinds, anything to `interface {}`,
    /// identical types to each other; never for unknown natures.
    pub fn assignable_to(&self, target: &Type) -> bool {
        if self.is_nil() {
            return matches!(
                target.kind(),
                Kind::Ptr | Kind::Interface | Kind::Func | Kind::Map | Kind::Slice
            );
        }
        if self.kind() == Kind::Invalid || target.kind() == Kind::Invalid {
            return false;
        }
        matches!(target, Type::Interface) || self.same_go_type(target)
    }

    /// Whether `==` between the two is allowed: unknown or nil on either side, numbers,
    /// durations, times, arrays with each other, or assignable types.
    pub fn comparable_to(&self, other: &Type) -> bool {
        self.is_unknown()
            || other.is_unknown()
            || self.is_nil()
            || other.is_nil()
            || (self.is_number() && other.is_number())
            || (self.is_duration() && other.is_duration())
            || (self.is_time() && other.is_time())
            || (self.is_array() && other.is_array())
            || self.assignable_to(other)
    }

    /// Go's "maybe compatible": both unknown, or one unknown and the other in `classes`.
    pub fn maybe_compatible(&self, other: &Type, classes: &[Class]) -> bool {
        let (left, right) = (self.is_unknown(), other.is_unknown());
        if left {
            right || other.is_any_of(classes)
        } else {
            right && self.is_any_of(classes)
        }
    }

    /// The result of `+ - *` on two numbers: `float64` if either is a float, else `int`.
    pub fn promote_numeric(&self, other: &Type) -> Type {
        if self.is_unknown() || other.is_unknown() {
            Type::Any
        } else if self.is_float() || other.is_float() {
            Type::Float
        } else {
            Type::Int
        }
    }

    /// The name Go's `Validate` functions print (`%s` of a `reflect.Type`): like `Display`,
    /// but a nil type prints `%!s(<nil>)` and unknown prints `interface {}`.
    pub fn validate_name(&self) -> String {
        match self {
            Type::Nil => "%!s(<nil>)".to_string(),
            Type::Any | Type::Union(_) => "interface {}".to_string(),
            other => other.to_string(),
        }
    }
}

fn same_list(a: &[Type], b: &[Type]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_go_type(y))
}

impl IntKind {
    /// Go's kind for this integer type.
    pub fn kind(self) -> Kind {
        match self {
            IntKind::Int8 => Kind::Int8,
            IntKind::Int16 => Kind::Int16,
            IntKind::Int32 => Kind::Int32,
            IntKind::Int64 => Kind::Int64,
            IntKind::Uint => Kind::Uint,
            IntKind::Uint8 => Kind::Uint8,
            IntKind::Uint16 => Kind::Uint16,
            IntKind::Uint32 => Kind::Uint32,
            IntKind::Uint64 => Kind::Uint64,
        }
    }

    /// Go's name for this integer type.
    pub fn name(self) -> &'static str {
        match self {
            IntKind::Int8 => "int8",
            IntKind::Int16 => "int16",
            IntKind::Int32 => "int32",
            IntKind::Int64 => "int64",
            IntKind::Uint => "uint",
            IntKind::Uint8 => "uint8",
            IntKind::Uint16 => "uint16",
            IntKind::Uint32 => "uint32",
            IntKind::Uint64 => "uint64",
        }
    }
}

impl Kind {
    /// Whether this kind is one of Go's signed integer kinds.
    pub fn is_signed_int(self) -> bool {
        matches!(
            self,
            Kind::Int | Kind::Int8 | Kind::Int16 | Kind::Int32 | Kind::Int64
        )
    }

    /// Whether this kind is any of Go's integer or float kinds.
    pub fn is_numeric(self) -> bool {
        self.is_signed_int()
            || matches!(
                self,
                Kind::Uint
                    | Kind::Uint8
                    | Kind::Uint16
                    | Kind::Uint32
                    | Kind::Uint64
                    | Kind::Float32
                    | Kind::Float64
            )
    }
}

/// Prints Go's type names, as the reference's checker messages show them.
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Any | Type::Nil => f.write_str("unknown"),
            Type::Interface => f.write_str("interface {}"),
            Type::Bool => f.write_str("bool"),
            Type::Int => f.write_str("int"),
            Type::IntOf(kind) => f.write_str(kind.name()),
            Type::Float => f.write_str("float64"),
            Type::Float32 => f.write_str("float32"),
            Type::String => f.write_str("string"),
            Type::Array(array) => write!(f, "[]{}", array.declared),
            Type::Map(map) => write!(f, "map[{}]{}", map.key, map.value),
            Type::Time => f.write_str("time.Time"),
            Type::Duration => f.write_str("time.Duration"),
            Type::Month => f.write_str("time.Month"),
            Type::Weekday => f.write_str("time.Weekday"),
            Type::Location => f.write_str("*time.Location"),
            Type::Func(func) => func.fmt(f),
            Type::Union(members) => {
                for (i, member) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" | ")?;
                    }
                    match member {
                        Type::Nil => f.write_str("nil")?,
                        other => other.fmt(f)?,
                    }
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("func(")?;
        for (i, param) in self.params.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            if self.variadic && i + 1 == self.params.len() {
                write!(f, "...{}", param.elem())?;
            } else {
                write!(f, "{param}")?;
            }
        }
        f.write_str(")")?;
        let mut results: Vec<String> = self.results.iter().map(Type::to_string).collect();
        if self.returns_error {
            results.push("error".to_string());
        }
        match results.as_slice() {
            [] => Ok(()),
            [one] => write!(f, " {one}"),
            many => write!(f, " ({})", many.join(", ")),
        }
    }
}

impl FuncType {
    /// The number of results, counting a trailing `error`.
    pub fn num_out(&self) -> usize {
        self.results.len() + usize::from(self.returns_error)
    }

    /// The first result (`Any` when there is none).
    pub fn out(&self) -> Type {
        self.results.first().cloned().unwrap_or(Type::Any)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_names() {
        assert_eq!(Type::json_map().to_string(), "map[string]interface {}");
        assert_eq!(Type::slice(Type::String).to_string(), "[]string");
        assert_eq!(Type::array_of(Type::Int).to_string(), "[]interface {}");
        assert_eq!(
            Type::map(Type::Interface, Type::json_array()).to_string(),
            "map[interface {}][]interface {}"
        );
        assert_eq!(Type::Nil.to_string(), "unknown");
        assert_eq!(Type::Nil.validate_name(), "%!s(<nil>)");
        let parse = FuncType {
            params: vec![Type::String],
            variadic: false,
            results: vec![Type::Duration],
            returns_error: true,
            function: None,
        };
        assert_eq!(parse.to_string(), "func(string) (time.Duration, error)");
        let variadic = FuncType {
            params: vec![Type::json_array()],
            variadic: true,
            results: vec![Type::Interface],
            returns_error: true,
            function: None,
        };
        assert_eq!(
            variadic.to_string(),
            "func(...interface {}) (interface {}, error)"
        );
    }

    #[test]
    fn assignability_follows_go() {
        assert!(Type::Int.assignable_to(&Type::Interface));
        assert!(!Type::Interface.assignable_to(&Type::Int));
        assert!(!Type::Any.assignable_to(&Type::Any));
        assert!(Type::Nil.assignable_to(&Type::json_map()));
        assert!(!Type::Nil.assignable_to(&Type::String));
        assert!(Type::array_of(Type::Int).assignable_to(&Type::json_array()));
        assert!(!Type::slice(Type::String).assignable_to(&Type::json_array()));
        assert!(!Type::Month.assignable_to(&Type::Int));
    }

    #[test]
    fn comparability_follows_go() {
        assert!(Type::Int.comparable_to(&Type::Float));
        assert!(!Type::Int.comparable_to(&Type::String));
        assert!(!Type::Int.comparable_to(&Type::json_array()));
        assert!(Type::json_array().comparable_to(&Type::slice(Type::String)));
        assert!(Type::Nil.comparable_to(&Type::Bool));
        assert!(!Type::Month.comparable_to(&Type::Int));
    }
}
