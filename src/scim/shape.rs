//! What JSON a SCIM attribute accepts: [`Shape`], [`JsonKind`], and the [`Mismatch`] found when
//! a value does not fit.
//!
//! scimap is as strict as SCIM (RFC 7643 section 2.3): a number is not a string, a string is not
//! a boolean, a float is not an integer, one object is not a multi-valued list. Nothing is
//! converted silently; each mismatch names the conversion to write (`string(...)`,
//! `toScimEmails(...)`). JSON `null` fits every attribute: it means "leave the attribute alone".

use std::fmt;

use serde_json::Value as Json;

use super::schema::{Attribute, AttributeType};
use super::suggest;
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::Span;

/// The JSON kind of a value, as far as SCIM types care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number without a fraction or exponent that fits 64 bits.
    Integer,
    /// Any other number.
    Float,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    /// The kind of `value`.
    pub fn of(value: &Json) -> JsonKind {
        match value {
            Json::Null => JsonKind::Null,
            Json::Bool(_) => JsonKind::Bool,
            Json::Number(n) if n.is_i64() || n.is_u64() => JsonKind::Integer,
            Json::Number(_) => JsonKind::Float,
            Json::String(_) => JsonKind::String,
            Json::Array(_) => JsonKind::Array,
            Json::Object(_) => JsonKind::Object,
        }
    }
}

impl fmt::Display for JsonKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonKind::Null => "null",
            JsonKind::Bool => "a boolean",
            JsonKind::Integer => "an integer",
            JsonKind::Float => "a float",
            JsonKind::String => "a string",
            JsonKind::Array => "an array",
            JsonKind::Object => "an object",
        })
    }
}

/// The JSON a target takes: an attribute type, single or multi-valued.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    /// The SCIM type of the value (or of each element).
    pub kind: AttributeType,
    /// Whether the value is an array of such values.
    pub multi_valued: bool,
}

impl Shape {
    /// A shape that takes anything (custom extension attributes).
    pub const ANY: Shape = Shape {
        kind: AttributeType::Any,
        multi_valued: false,
    };

    /// The shape of an attribute definition.
    pub fn of(attribute: &Attribute) -> Shape {
        Shape {
            kind: attribute.kind,
            multi_valued: attribute.multi_valued,
        }
    }

    /// Whether a value of JSON `kind` can fit (a necessary condition: a string may still be a
    /// malformed dateTime, an array may hold the wrong elements). `null` always fits.
    pub fn admits(&self, kind: JsonKind) -> bool {
        if kind == JsonKind::Null || self.kind == AttributeType::Any {
            return true;
        }
        if self.multi_valued {
            return kind == JsonKind::Array;
        }
        single_admits(self.kind, kind)
    }
}

fn single_admits(expected: AttributeType, kind: JsonKind) -> bool {
    match expected {
        AttributeType::String
        | AttributeType::Reference
        | AttributeType::DateTime
        | AttributeType::Binary => kind == JsonKind::String,
        AttributeType::Boolean => kind == JsonKind::Bool,
        AttributeType::Integer => kind == JsonKind::Integer,
        AttributeType::Decimal => matches!(kind, JsonKind::Integer | JsonKind::Float),
        AttributeType::Complex => kind == JsonKind::Object,
        AttributeType::Any => true,
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (single, plural) = match self.kind {
            AttributeType::String => ("a string", "strings"),
            AttributeType::Boolean => ("a boolean", "booleans"),
            AttributeType::Decimal => ("a number", "numbers"),
            AttributeType::Integer => ("an integer", "integers"),
            AttributeType::DateTime => ("an xsd:dateTime string", "xsd:dateTime strings"),
            AttributeType::Reference => ("a reference (URI string)", "references"),
            AttributeType::Complex => ("an object", "objects"),
            AttributeType::Binary => ("a base64 string", "base64 strings"),
            AttributeType::Any => ("any value", "values"),
        };
        if self.multi_valued {
            write!(f, "an array of {plural}")
        } else {
            f.write_str(single)
        }
    }
}

/// What is wrong with a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MismatchKind {
    /// The JSON kind does not fit the attribute.
    Type {
        /// What the attribute takes.
        expected: Shape,
        /// What the value is.
        found: JsonKind,
    },
    /// A string that is not in the attribute's format (dateTime, base64).
    Format {
        /// `DateTime` or `Binary`.
        expected: AttributeType,
    },
    /// An object key that is not a sub-attribute of the complex attribute.
    UnknownSubAttribute {
        /// The key as written.
        name: String,
        /// The closest sub-attribute name.
        suggestion: Option<&'static str>,
    },
}

/// A value that does not fit its attribute, with where inside the value and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// Where: the SCIM path of the attribute, with element indexes (`emails[0].primary`).
    pub location: String,
    /// What is wrong.
    pub kind: MismatchKind,
    /// How to fix it, when there is a standard fix (`convert with string(...)`).
    pub help: Option<String>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let location = &self.location;
        match &self.kind {
            MismatchKind::Type { expected, found } => {
                write!(f, "`{location}` takes {expected}, found {found}")
            }
            MismatchKind::Format { expected } => {
                let format = match expected {
                    AttributeType::Binary => "base64",
                    _ => "xsd:dateTime",
                };
                write!(
                    f,
                    "`{location}` takes an {format} string; this string is not one"
                )
            }
            MismatchKind::UnknownSubAttribute { name, .. } => {
                write!(f, "`{location}` has no sub-attribute `{name}`")
            }
        }
    }
}

impl std::error::Error for Mismatch {}

impl Mismatch {
    /// The diagnostic code a mismatch is reported under ([`Code::TargetType`]).
    pub fn code(&self) -> Code {
        Code::TargetType
    }

    /// The mismatch as a diagnostic at `span` (the row's expression), marked as found at run
    /// time; the mapping layer adds the user and the row.
    pub fn to_diagnostic(&self, span: Span) -> Diagnostic {
        let diagnostic = Diagnostic::error(self.code(), self.to_string(), span).at_run_time();
        match &self.help {
            Some(help) => diagnostic.with_help(help.clone()),
            None => diagnostic,
        }
    }
}

/// Where a checked value sits, formatted only when a mismatch is reported.
#[derive(Clone, Copy)]
pub(crate) enum Location<'a> {
    /// The attribute itself (a target path or a resource key).
    Root(&'a dyn fmt::Display),
    /// An element of a multi-valued attribute.
    Index(&'a Location<'a>, usize),
    /// A sub-attribute.
    Key(&'a Location<'a>, &'a str),
}

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Root(root) => write!(f, "{root}"),
            Location::Index(parent, index) => write!(f, "{parent}[{index}]"),
            Location::Key(parent, key) => write!(f, "{parent}.{key}"),
        }
    }
}

/// Checks `value` against `attribute` (`None`: any value), collecting every mismatch.
pub(crate) fn check(
    attribute: Option<&Attribute>,
    value: &Json,
    location: Location<'_>,
    out: &mut Vec<Mismatch>,
) {
    let Some(attribute) = attribute else { return };
    if value.is_null() || attribute.kind == AttributeType::Any {
        return;
    }
    if !attribute.multi_valued {
        return check_single(attribute, value, location, out);
    }
    match value {
        Json::Array(elements) => {
            for (index, element) in elements.iter().enumerate() {
                if !element.is_null() {
                    check_single(attribute, element, Location::Index(&location, index), out);
                }
            }
        }
        _ => out.push(type_mismatch(
            attribute,
            Shape::of(attribute),
            value,
            location,
        )),
    }
}

/// Checks one value (or one element of a multi-valued attribute) against its type.
fn check_single(
    attribute: &Attribute,
    value: &Json,
    location: Location<'_>,
    out: &mut Vec<Mismatch>,
) {
    let kind = JsonKind::of(value);
    if !single_admits(attribute.kind, kind) {
        let shape = Shape {
            kind: attribute.kind,
            multi_valued: false,
        };
        return out.push(type_mismatch(attribute, shape, value, location));
    }
    match (attribute.kind, value) {
        (AttributeType::Complex, Json::Object(object)) => {
            check_object(attribute, object, location, out)
        }
        (AttributeType::DateTime, Json::String(text)) if !is_date_time(text) => {
            out.push(format_mismatch(AttributeType::DateTime, location))
        }
        (AttributeType::Binary, Json::String(text)) if !is_base64(text) => {
            out.push(format_mismatch(AttributeType::Binary, location))
        }
        _ => {}
    }
}

fn check_object(
    attribute: &Attribute,
    object: &serde_json::Map<String, Json>,
    location: Location<'_>,
    out: &mut Vec<Mismatch>,
) {
    for (key, value) in object {
        match attribute.sub_attribute(key) {
            Some(sub) => check(Some(sub), value, Location::Key(&location, key), out),
            None => out.push(unknown_sub_attribute(attribute, key, location)),
        }
    }
}

fn unknown_sub_attribute(attribute: &Attribute, key: &str, location: Location<'_>) -> Mismatch {
    let suggestion = suggest::closest(key, attribute.sub_attributes.iter().map(|s| s.name));
    let names: Vec<&str> = attribute.sub_attributes.iter().map(|s| s.name).collect();
    let help = match suggestion {
        Some(name) => format!("did you mean `{name}`?"),
        None => format!("`{}` has {}", attribute.name, names.join(", ")),
    };
    Mismatch {
        location: location.to_string(),
        kind: MismatchKind::UnknownSubAttribute {
            name: key.to_string(),
            suggestion,
        },
        help: Some(help),
    }
}

fn format_mismatch(expected: AttributeType, location: Location<'_>) -> Mismatch {
    let help = match expected {
        AttributeType::Binary => "encode the bytes with toBase64(...)",
        _ => "write a date and time such as 2024-05-01T09:30:00Z",
    };
    Mismatch {
        location: location.to_string(),
        kind: MismatchKind::Format { expected },
        help: Some(help.to_string()),
    }
}

fn type_mismatch(
    attribute: &Attribute,
    expected: Shape,
    value: &Json,
    location: Location<'_>,
) -> Mismatch {
    let found = JsonKind::of(value);
    Mismatch {
        location: location.to_string(),
        kind: MismatchKind::Type { expected, found },
        help: conversion_help(attribute, expected, found),
    }
}

/// The standard fix for putting a `found` value where `expected` is needed.
fn conversion_help(attribute: &Attribute, expected: Shape, found: JsonKind) -> Option<String> {
    if expected.multi_valued {
        return Some(list_help(attribute, found));
    }
    let help = match (expected.kind, found) {
        (AttributeType::String | AttributeType::Reference, _) => "convert with string(...)",
        (AttributeType::Boolean, JsonKind::String) => "compare instead, e.g. x == 'true'",
        (AttributeType::Integer, JsonKind::String | JsonKind::Float) => "convert with int(...)",
        (AttributeType::Decimal, JsonKind::String) => "convert with float(...)",
        (AttributeType::DateTime, _) => "write a date and time such as 2024-05-01T09:30:00Z",
        (AttributeType::Complex, _) => return Some(complex_help(attribute)),
        _ => return None,
    };
    Some(help.to_string())
}

fn list_help(attribute: &Attribute, found: JsonKind) -> String {
    let builder = match attribute.name {
        "emails" => Some("toScimEmails"),
        "phoneNumbers" => Some("toScimPhoneNumbers"),
        "addresses" => Some("toScimAddresses"),
        _ => None,
    };
    match (builder, found) {
        (Some(builder), _) => format!("build the list with {builder}(...)"),
        (None, JsonKind::Object) => "wrap the element in a list: [ ... ]".to_string(),
        (None, _) => format!("give a list of objects with {}", sub_names(attribute)),
    }
}

fn complex_help(attribute: &Attribute) -> String {
    match attribute.sub_attributes.first() {
        Some(sub) => format!(
            "give an object with {}, or write one sub-attribute, e.g. `{}.{}`",
            sub_names(attribute),
            attribute.name,
            sub.name
        ),
        None => "give an object".to_string(),
    }
}

fn sub_names(attribute: &Attribute) -> String {
    let names: Vec<&str> = attribute.sub_attributes.iter().map(|s| s.name).collect();
    names.join(", ")
}

/// Whether `text` is an `xsd:dateTime`: RFC 3339, or a date and time without a zone.
pub(crate) fn is_date_time(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
        || chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
}

fn is_base64(text: &str) -> bool {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim::schema::{ENTERPRISE_USER, USER};
    use serde_json::json;

    fn mismatches(attribute: &str, value: Json) -> Vec<Mismatch> {
        let definition = USER
            .attribute(attribute)
            .or_else(|| ENTERPRISE_USER.attribute(attribute));
        let mut out = Vec::new();
        check(definition, &value, Location::Root(&attribute), &mut out);
        out
    }

    #[test]
    fn shapes_admit_the_matching_json_kinds() {
        let emails = Shape::of(USER.attribute("emails").unwrap());
        assert!(emails.admits(JsonKind::Array) && emails.admits(JsonKind::Null));
        assert!(!emails.admits(JsonKind::String));
        let active = Shape::of(USER.attribute("active").unwrap());
        assert!(active.admits(JsonKind::Bool) && !active.admits(JsonKind::String));
        assert!(Shape::ANY.admits(JsonKind::Object));
        assert_eq!(emails.to_string(), "an array of objects");
    }

    #[test]
    fn a_string_into_emails_suggests_to_scim_emails() {
        let [mismatch] = mismatches("emails", json!("a@b.c")).try_into().unwrap();
        assert_eq!(
            mismatch.to_string(),
            "`emails` takes an array of objects, found a string"
        );
        assert_eq!(
            mismatch.help.as_deref(),
            Some("build the list with toScimEmails(...)")
        );
    }

    #[test]
    fn an_integer_into_a_string_suggests_string() {
        let [mismatch] = mismatches("employeeNumber", json!(7)).try_into().unwrap();
        assert_eq!(mismatch.help.as_deref(), Some("convert with string(...)"));
    }

    #[test]
    fn elements_and_sub_attributes_are_checked() {
        let found = mismatches(
            "emails",
            json!([{"value": "a@b.c", "primary": "yes"}, {"valeu": "x"}, null]),
        );
        let locations: Vec<_> = found.iter().map(|m| m.location.as_str()).collect();
        assert_eq!(locations, ["emails[0].primary", "emails[1]"]);
        assert_eq!(found[1].help.as_deref(), Some("did you mean `value`?"));
    }

    #[test]
    fn formats_are_checked() {
        let meta = json!({"created": "yesterday", "lastModified": "2023-11-20T16:45:00-07:00"});
        let found = mismatches("meta", meta);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].kind,
            MismatchKind::Format {
                expected: AttributeType::DateTime
            }
        );
        assert!(mismatches("x509Certificates", json!([{"value": "TUlJ"}])).is_empty());
        assert_eq!(
            mismatches("x509Certificates", json!([{"value": "*"}])).len(),
            1
        );
    }

    #[test]
    fn strictness_for_numbers_and_booleans() {
        assert_eq!(mismatches("active", json!("true")).len(), 1);
        assert!(mismatches("active", json!(false)).is_empty());
        assert!(mismatches("name", json!({"givenName": "A", "familyName": null})).is_empty());
        let [name] = mismatches("name", json!("Alice")).try_into().unwrap();
        assert!(name.help.unwrap().contains("`name.formatted`"));
    }
}
