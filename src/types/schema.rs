//! Types from schemas: a JSON Schema document (the JumpCloud user's), the built-in SCIM 2.0
//! schemas (User with the enterprise extension, Group), and the variables of JumpCloud tables.
//!
//! Objects with listed properties become schema records ([`Type::schema_record`]): their
//! fields have known types, and reading another field draws a warning, not an error, since JSON
//! may carry more than its schema says. Every field may be absent or `null` (`T | nil`), except
//! where the environment guarantees a value (the list fields of `jcUser`).
//!
//! ```
//! use scimap::types::{schema, Type};
//! let user = schema::jumpcloud_user();
//! assert_eq!(user.field("displayname"), Some(Type::String.nullable()));
//! assert!(!user.field("addresses").unwrap().admits_nil());
//! let scim = schema::scim_user();
//! let name = scim.field("name").unwrap().non_nil();
//! assert_eq!(name.field("givenName"), Some(Type::String.nullable()));
//! ```

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value as Json;

use super::Type;
use crate::scim::schema::{Attribute, AttributeType, Schema, ENTERPRISE_USER, GROUP, USER};

/// Schemas are followed this deep at most (they may be recursive).
const MAX_DEPTH: usize = 32;

/// At most this many `$ref`s are expanded in one document (recursive schemas could otherwise
/// expand exponentially).
const MAX_REFERENCES: usize = 256;

/// The JSON Schema of the JumpCloud system user (`jcUser`), as shipped with scimap.
pub const JUMPCLOUD_USER_SCHEMA: &str = include_str!("jcuser.schema.json");

/// The list fields JumpCloud always sends (the mapping layer reads a missing one as `[]`; see
/// `crate::mapping::LIST_FIELDS`).
const JUMPCLOUD_LISTS: &[&str] = &["addresses", "phoneNumbers", "attributes", "ssh_keys"];

/// The type described by a JSON Schema document.
///
/// Understood: `type` (a name or a list of names, `"null"` included), `properties`, `items`,
/// `additionalProperties`, `enum`, `const`, `anyOf`, `oneOf`, local `$ref`s (`#/$defs/...`).
/// Anything else is unknown (`Any`). A `number` may be an integer or a float in JSON, so it is
/// `int | float64`.
///
/// ```
/// use scimap::types::{schema, Type};
/// let ty = schema::from_json_schema(&serde_json::json!({
///     "type": "object",
///     "properties": {"n": {"type": ["string", "null"]}, "tags": {"items": {"type": "string"}}}
/// }));
/// assert_eq!(ty.field("n"), Some(Type::String.nullable()));
/// assert_eq!(ty.field("tags").unwrap().non_nil().elem(), Type::String);
/// ```
pub fn from_json_schema(schema: &Json) -> Type {
    let converter = Converter {
        root: schema,
        references: std::cell::Cell::new(0),
    };
    converter.convert(schema, 0)
}

struct Converter<'a> {
    root: &'a Json,
    references: std::cell::Cell<usize>,
}

impl Converter<'_> {
    fn convert(&self, schema: &Json, depth: usize) -> Type {
        if depth >= MAX_DEPTH {
            return Type::Any;
        }
        let Json::Object(object) = schema else {
            return Type::Any;
        };
        if let Some(Json::String(reference)) = object.get("$ref") {
            return self.reference(reference, depth);
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(Json::Array(choices)) = object.get(key) {
                return self.join_all(choices.iter().map(|c| self.convert(c, depth + 1)));
            }
        }
        match object.get("type") {
            Some(Json::String(name)) => self.named(name, schema, depth),
            Some(Json::Array(names)) => self.join_all(
                names
                    .iter()
                    .filter_map(Json::as_str)
                    .map(|name| self.named(name, schema, depth)),
            ),
            _ => self.untyped(schema, depth),
        }
    }

    /// A schema without `type`: its shape says what it is.
    fn untyped(&self, schema: &Json, depth: usize) -> Type {
        if schema.get("properties").is_some() {
            return self.object(schema, depth);
        }
        if schema.get("items").is_some() {
            return self.array(schema, depth);
        }
        if let Some(value) = schema.get("const") {
            return Type::of_json(value);
        }
        match schema.get("enum") {
            Some(Json::Array(values)) => self.join_all(values.iter().map(Type::of_json)),
            _ => Type::Any,
        }
    }

    fn named(&self, name: &str, schema: &Json, depth: usize) -> Type {
        match name {
            "object" => self.object(schema, depth),
            "array" => self.array(schema, depth),
            "string" => Type::String,
            "boolean" => Type::Bool,
            "integer" => Type::Int,
            "number" => Type::Int.join(&Type::Float),
            "null" => Type::Nil,
            _ => Type::Any,
        }
    }

    fn object(&self, schema: &Json, depth: usize) -> Type {
        match schema.get("properties") {
            Some(Json::Object(properties)) => {
                let fields = properties
                    .iter()
                    .map(|(name, property)| {
                        let ty = self.convert(property, depth + 1).nullable();
                        (name.clone(), ty)
                    })
                    .collect();
                Type::schema_record(fields)
            }
            _ => match schema.get("additionalProperties") {
                Some(values @ Json::Object(_)) => {
                    Type::map(Type::String, self.convert(values, depth + 1).nullable())
                }
                _ => Type::json_map(),
            },
        }
    }

    fn array(&self, schema: &Json, depth: usize) -> Type {
        match schema.get("items") {
            Some(Json::Array(tuple)) => {
                Type::array_of(self.join_all(tuple.iter().map(|s| self.convert(s, depth + 1))))
            }
            Some(items @ Json::Object(_)) => Type::array_of(self.convert(items, depth + 1)),
            _ => Type::json_array(),
        }
    }

    /// A local reference (`#/$defs/address`); others are unknown.
    fn reference(&self, reference: &str, depth: usize) -> Type {
        let expanded = self.references.get() + 1;
        self.references.set(expanded);
        if expanded > MAX_REFERENCES {
            return Type::Any;
        }
        let target = reference
            .strip_prefix('#')
            .and_then(|pointer| self.root.pointer(pointer));
        match target {
            Some(target) => self.convert(target, depth + 1),
            None => Type::Any,
        }
    }

    fn join_all(&self, types: impl Iterator<Item = Type>) -> Type {
        types.reduce(|a, b| a.join(&b)).unwrap_or(Type::Any)
    }
}

/// The type of a SCIM resource of `schema` with `extensions` (each under its URN key), as a
/// provider returns it: every attribute may be absent; complex attributes are records,
/// multi-valued ones arrays of them; `schemas` is a list of strings.
pub fn scim_resource(schema: &Schema, extensions: &[&Schema]) -> Type {
    let mut fields = attribute_fields(schema.attributes);
    fields.insert(
        "schemas".to_string(),
        Type::array_of(Type::String).nullable(),
    );
    for extension in extensions {
        let record = Type::schema_record(attribute_fields(extension.attributes));
        fields.insert(extension.id.to_string(), record.nullable());
    }
    Type::schema_record(fields)
}

fn attribute_fields(attributes: &[Attribute]) -> BTreeMap<String, Type> {
    attributes
        .iter()
        .map(|attribute| {
            let ty = scim_attribute(attribute).nullable();
            (attribute.name.to_string(), ty)
        })
        .collect()
}

fn scim_attribute(attribute: &Attribute) -> Type {
    let single = match attribute.kind {
        AttributeType::String
        | AttributeType::DateTime
        | AttributeType::Reference
        | AttributeType::Binary => Type::String,
        AttributeType::Boolean => Type::Bool,
        AttributeType::Integer => Type::Int,
        AttributeType::Decimal => Type::Int.join(&Type::Float),
        AttributeType::Complex => Type::schema_record(attribute_fields(attribute.sub_attributes)),
        AttributeType::Any => Type::Any,
    };
    if attribute.multi_valued {
        Type::array_of(single)
    } else {
        single
    }
}

/// The SCIM User with the enterprise extension (`providerUser`).
pub fn scim_user() -> Type {
    static USER_TYPE: OnceLock<Type> = OnceLock::new();
    USER_TYPE
        .get_or_init(|| scim_resource(&USER, &[&ENTERPRISE_USER]))
        .clone()
}

/// The SCIM Group (`providerGroup`).
pub fn scim_group() -> Type {
    scim_resource(&GROUP, &[])
}

/// The JumpCloud system user (`jcUser`): the shipped JSON Schema, plus `id` (which mirrors
/// `_id`) and the computed `managerExternalId`; the list fields (`addresses`, `phoneNumbers`,
/// `attributes`, `ssh_keys`) are never nil.
pub fn jumpcloud_user() -> Type {
    static JC_USER: OnceLock<Type> = OnceLock::new();
    JC_USER.get_or_init(build_jumpcloud_user).clone()
}

fn build_jumpcloud_user() -> Type {
    let schema: Json = serde_json::from_str(JUMPCLOUD_USER_SCHEMA).unwrap_or(Json::Null);
    let Type::Map(map) = from_json_schema(&schema) else {
        return Type::Any;
    };
    let mut fields = map.fields.clone();
    for name in ["id", "managerExternalId"] {
        fields.insert(name.to_string(), Type::String.nullable());
    }
    for name in JUMPCLOUD_LISTS {
        if let Some(list) = fields.get_mut(*name) {
            *list = list.non_nil();
        }
    }
    Type::schema_record(fields)
}

/// A JumpCloud user group (`jcGroup` in group tables).
pub fn jumpcloud_group() -> Type {
    let text = Type::String.nullable();
    let fields = BTreeMap::from([
        ("_id".to_string(), text.clone()),
        ("id".to_string(), text.clone()),
        ("name".to_string(), text.clone()),
        ("description".to_string(), text.clone()),
        ("email".to_string(), text.clone()),
        ("type".to_string(), text.clone()),
        ("membershipMethod".to_string(), text),
        ("attributes".to_string(), Type::json_map().nullable()),
    ]);
    Type::schema_record(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_schema_constructs() {
        let ty = from_json_schema(&serde_json::json!({
            "$defs": {"phone": {"type": "object", "properties": {"number": {"type": "string"}}}},
            "type": "object",
            "properties": {
                "phones": {"type": "array", "items": {"$ref": "#/$defs/phone"}},
                "n": {"type": "number"},
                "e": {"enum": ["a", "b"]},
                "o": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                "loop": {"$ref": "#"},
                "free": {"type": "object"}
            }
        }));
        let phones = ty.field("phones").unwrap().non_nil();
        let phone = phones.elem();
        assert_eq!(phone.field("number"), Some(Type::String.nullable()));
        assert_eq!(ty.field("n").unwrap().to_string(), "int | float64 | nil");
        assert_eq!(ty.field("e"), Some(Type::String.nullable()));
        assert_eq!(ty.field("o").unwrap().to_string(), "string | int | nil");
        assert!(ty.field("loop").unwrap().non_nil().is_schema_record());
        assert_eq!(ty.field("free").unwrap().non_nil(), Type::json_map());
    }

    #[test]
    fn jumpcloud_user_fields() {
        let user = jumpcloud_user();
        assert_eq!(user.field("unix_uid"), Some(Type::Int.nullable()));
        assert_eq!(
            user.field("managerExternalId"),
            Some(Type::String.nullable())
        );
        let addresses = user.field("addresses").unwrap();
        assert_eq!(
            addresses.elem().field("locality"),
            Some(Type::String.nullable())
        );
        assert!(user.field("tags").unwrap().is_nullable());
        for list in crate::mapping::LIST_FIELDS {
            let ty = user.field(list).unwrap();
            assert!(ty.is_array() && !ty.admits_nil(), "{list}");
        }
    }

    #[test]
    fn scim_user_has_the_enterprise_extension() {
        let user = scim_user();
        let enterprise = user
            .field(crate::scim::schema::ENTERPRISE_USER_URN)
            .unwrap()
            .non_nil();
        assert!(enterprise.field("department").is_some());
        let emails = user.field("emails").unwrap().non_nil();
        assert_eq!(emails.elem().field("primary"), Some(Type::Bool.nullable()));
        assert!(scim_group().field("members").is_some());
    }
}
