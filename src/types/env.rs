//! The type environment: the variables an expression may read, with their types.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::Type;

/// Variables and their types, as the checker sees them.
///
/// Where the types come from:
/// * [`TypeEnv::from_json`]: a sample input, typed the way the reference's typed mode types a
///   map environment (this is how the conformance corpus was run).
/// * [`TypeEnv::jumpcloud`] and [`TypeEnv::jumpcloud_groups`]: the variables of JumpCloud
///   mapping tables, typed from schemas (see [`super::schema`]): unknown fields are warnings
///   with a "did you mean", fields may be nil.
/// * [`TypeEnv::from_sample`]: a sample document typed all the way down.
/// * [`TypeEnv::with`]: any type built in Rust.
///
/// ```
/// use scimap::types::{Type, TypeEnv};
/// let env = TypeEnv::from_json(&serde_json::json!({"i": 1, "f": 1.5, "n": null, "m": {"a": 1}}));
/// assert_eq!(env.get("i"), Some(&Type::Int));
/// assert_eq!(env.get("f"), Some(&Type::Float));
/// assert_eq!(env.get("n"), Some(&Type::Nil));
/// assert_eq!(env.get("m").unwrap().to_string(), "map[string]interface {}");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TypeEnv {
    variables: BTreeMap<String, Type>,
    strict: bool,
}

impl TypeEnv {
    /// An empty, strict environment (every free name is an error, as Go's `expr.Env(nil)`).
    pub fn new() -> TypeEnv {
        TypeEnv {
            variables: BTreeMap::new(),
            strict: true,
        }
    }

    /// Types each top-level key of `json` by its current value's dynamic type, exactly as Go's
    /// typed mode does for a `map[string]any` environment: integers are `int`, other numbers
    /// `float64`, `null` is nil, arrays are `[]interface {}` with unknown elements, objects are
    /// `map[string]interface {}` whose keys are not known. A non-object gives an empty env.
    pub fn from_json(json: &Json) -> TypeEnv {
        let mut env = TypeEnv::new();
        if let Json::Object(map) = json {
            for (name, value) in map {
                env.variables.insert(name.clone(), Type::of_json(value));
            }
        }
        env
    }

    /// The variables of a JumpCloud user table: `jcUser` (the JumpCloud user's JSON Schema, plus
    /// `id` and `managerExternalId`; the list fields never nil) and
    /// `providerUser` (the SCIM User with the enterprise extension; an empty object on create).
    ///
    /// ```
    /// use scimap::types::TypeEnv;
    /// let env = TypeEnv::jumpcloud();
    /// let program = scimap::Engine::default()
    ///     .compile_with_types("jcUser.dispalyname ?? jcUser.email", &env)
    ///     .unwrap();
    /// assert_eq!(program.warnings()[0].help.as_deref(), Some("did you mean `displayname`?"));
    /// ```
    pub fn jumpcloud() -> TypeEnv {
        TypeEnv::new()
            .with("jcUser", super::schema::jumpcloud_user())
            .with("providerUser", super::schema::scim_user())
    }

    /// The variables of a JumpCloud group table: `jcGroup` (a JumpCloud user group) and
    /// `providerGroup` (the SCIM Group).
    pub fn jumpcloud_groups() -> TypeEnv {
        TypeEnv::new()
            .with("jcGroup", super::schema::jumpcloud_group())
            .with("providerGroup", super::schema::scim_group())
    }

    /// Types each top-level key of a sample document from its value, recursively (unlike
    /// [`TypeEnv::from_json`], which follows the reference and types only the top level):
    /// objects are records whose keys are known (reading another key is a warning), arrays have
    /// the join of their elements' types. A non-object gives an empty env.
    ///
    /// ```
    /// use scimap::types::{Type, TypeEnv};
    /// let env = TypeEnv::from_sample(&serde_json::json!({"user": {"name": "Ada", "age": 36}}));
    /// let user = env.get("user").unwrap();
    /// assert_eq!(user.field("age"), Some(Type::Int.nullable()));
    /// ```
    pub fn from_sample(json: &Json) -> TypeEnv {
        let mut env = TypeEnv::new();
        if let Json::Object(map) = json {
            for (name, value) in map {
                env.variables.insert(name.clone(), Type::of_sample(value));
            }
        }
        env
    }

    /// Adds (or replaces) a variable.
    pub fn with(mut self, name: impl Into<String>, ty: Type) -> TypeEnv {
        self.insert(name, ty);
        self
    }

    /// Adds (or replaces) a variable.
    pub fn insert(&mut self, name: impl Into<String>, ty: Type) {
        self.variables.insert(name.into(), ty);
    }

    /// Makes unknown names unknown-typed instead of errors (Go's `AllowUndefinedVariables`).
    pub fn lenient(mut self) -> TypeEnv {
        self.strict = false;
        self
    }

    /// Whether unknown names are errors.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// The type of variable `name`.
    pub fn get(&self, name: &str) -> Option<&Type> {
        self.variables.get(name)
    }

    /// Whether `name` is a variable.
    pub fn contains(&self, name: &str) -> bool {
        self.variables.contains_key(name)
    }

    /// The variables, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Type)> {
        self.variables.iter().map(|(name, ty)| (name.as_str(), ty))
    }
}

impl Default for TypeEnv {
    fn default() -> TypeEnv {
        TypeEnv::new()
    }
}

impl Type {
    /// The type Go's typed mode gives a JSON value held in a map environment (see
    /// [`TypeEnv::from_json`]): only the top level is typed, nested values are unknown.
    pub fn of_json(value: &Json) -> Type {
        match value {
            Json::Null => Type::Nil,
            Json::Bool(_) => Type::Bool,
            Json::Number(number) if number.is_i64() => Type::Int,
            Json::Number(_) => Type::Float,
            Json::String(_) => Type::String,
            Json::Array(_) => Type::json_array(),
            Json::Object(_) => Type::json_map(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_follow_the_corpus_encoding() {
        let env = TypeEnv::from_json(&serde_json::json!({
            "a": 9223372036854775807_i64, "b": 18446744073709551615_u64, "c": 2.0, "d": [1]
        }));
        assert_eq!(env.get("a"), Some(&Type::Int));
        assert_eq!(env.get("b"), Some(&Type::Float));
        assert_eq!(env.get("c"), Some(&Type::Float));
        assert_eq!(env.get("d").unwrap().elem(), Type::Interface);
        assert!(TypeEnv::from_json(&serde_json::json!([1]))
            .get("0")
            .is_none());
    }
}
