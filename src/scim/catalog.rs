//! [`ResourceSchema`]: the schemas one kind of resource is built from (core + extensions).

use std::fmt;
use std::sync::Arc;

use super::path::TargetPath;
use super::schema::{Attribute, Schema, ENTERPRISE_USER, ENTERPRISE_USER_URN, GROUP, USER};

/// Which kind of SCIM resource a table writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    /// A SCIM User (`urn:ietf:params:scim:schemas:core:2.0:User`).
    User,
    /// A SCIM Group (`urn:ietf:params:scim:schemas:core:2.0:Group`).
    Group,
}

/// A schema extension declared for a resource: a built-in one, or a custom URN whose
/// attributes scimap does not know (any attribute under it is accepted, with any type).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Extension {
    /// A schema scimap knows (the Enterprise User extension).
    Known(&'static Schema),
    /// A custom extension, known by its URN only.
    Custom(Arc<str>),
}

impl Extension {
    /// The extension's URN.
    pub fn urn(&self) -> &str {
        match self {
            Extension::Known(schema) => schema.id,
            Extension::Custom(urn) => urn,
        }
    }

    /// The schema, when scimap knows it.
    pub fn schema(&self) -> Option<&'static Schema> {
        match self {
            Extension::Known(schema) => Some(schema),
            Extension::Custom(_) => None,
        }
    }
}

/// Why a custom extension URN cannot be declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExtensionError {
    /// The text is not a URN (`urn:` followed by at least two parts, no spaces or brackets).
    NotAUrn(String),
    /// The URN is the resource's core schema, which is always there.
    CoreSchema(String),
}

impl fmt::Display for ExtensionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtensionError::NotAUrn(text) => write!(
                f,
                "`{text}` is not a schema URN (expected e.g. urn:example:params:scim:schemas:extension:acme:2.0:User)"
            ),
            ExtensionError::CoreSchema(urn) => {
                write!(f, "`{urn}` is the core schema, not an extension")
            }
        }
    }
}

impl std::error::Error for ExtensionError {}

/// The schemas of one resource kind: its core schema and the extensions in declared order.
///
/// ```
/// use scimap::scim::ResourceSchema;
/// let mut schema = ResourceSchema::user(); // core User + Enterprise User
/// schema.declare_extension("urn:acme:scim:schemas:extension:2.0:User").unwrap();
/// assert_eq!(schema.extensions().len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceSchema {
    kind: ResourceKind,
    extensions: Vec<Extension>,
}

impl ResourceSchema {
    /// The User resource: core User schema and the Enterprise User extension.
    pub fn user() -> ResourceSchema {
        ResourceSchema {
            kind: ResourceKind::User,
            extensions: vec![Extension::Known(&ENTERPRISE_USER)],
        }
    }

    /// The Group resource: core Group schema, no extension.
    pub fn group() -> ResourceSchema {
        ResourceSchema {
            kind: ResourceKind::Group,
            extensions: Vec::new(),
        }
    }

    /// The schemas for `kind` ([`ResourceSchema::user`] or [`ResourceSchema::group`]).
    pub fn for_kind(kind: ResourceKind) -> ResourceSchema {
        match kind {
            ResourceKind::User => ResourceSchema::user(),
            ResourceKind::Group => ResourceSchema::group(),
        }
    }

    /// User or Group.
    pub fn kind(&self) -> ResourceKind {
        self.kind
    }

    /// The core schema.
    pub fn core(&self) -> &'static Schema {
        match self.kind {
            ResourceKind::User => &USER,
            ResourceKind::Group => &GROUP,
        }
    }

    /// The extensions, in declared order (the order of `schemas` and of output).
    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }

    /// Declares an extension by URN. Declaring one twice (in any letter case) is harmless; the
    /// Enterprise User URN declares the built-in schema.
    pub fn declare_extension(&mut self, urn: &str) -> Result<(), ExtensionError> {
        let urn = urn.trim();
        if !is_urn(urn) {
            return Err(ExtensionError::NotAUrn(urn.to_string()));
        }
        if urn.eq_ignore_ascii_case(self.core().id) {
            return Err(ExtensionError::CoreSchema(urn.to_string()));
        }
        if self.extension(urn).is_none() {
            self.extensions
                .push(if urn.eq_ignore_ascii_case(ENTERPRISE_USER_URN) {
                    Extension::Known(&ENTERPRISE_USER)
                } else {
                    Extension::Custom(Arc::from(urn))
                });
        }
        Ok(())
    }

    /// The declared extension with this URN (case-insensitive) and its position.
    pub fn extension(&self, urn: &str) -> Option<(usize, &Extension)> {
        self.extensions
            .iter()
            .enumerate()
            .find(|(_, extension)| extension.urn().eq_ignore_ascii_case(urn))
    }

    /// The core URN followed by every extension URN.
    pub fn urns(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.core().id).chain(self.extensions.iter().map(Extension::urn))
    }

    /// The attributes a resource must carry (`userName` for users, `displayName` for groups).
    pub fn required_attributes(&self) -> impl Iterator<Item = &'static Attribute> + '_ {
        let extension_attributes = self
            .extensions
            .iter()
            .filter_map(Extension::schema)
            .flat_map(|schema| schema.attributes.iter());
        self.core()
            .attributes
            .iter()
            .chain(extension_attributes)
            .filter(|attribute| attribute.required)
    }

    /// The required attributes that none of `targets` writes whole, for the mapping layer's
    /// "required attribute not mapped" check.
    pub fn missing_required(&self, targets: &[TargetPath]) -> Vec<&'static Attribute> {
        self.required_attributes()
            .filter(|attribute| {
                !targets.iter().any(|target| {
                    target.sub_attribute_name().is_none()
                        && target
                            .attribute_definition()
                            .is_some_and(|definition| std::ptr::eq(definition, *attribute))
                })
            })
            .collect()
    }
}

/// Whether `text` looks like a URN: `urn:` then at least two non-empty parts, printable ASCII
/// without spaces, quotes or brackets.
pub(crate) fn is_urn(text: &str) -> bool {
    let Some(rest) = strip_prefix_ignore_case(text, "urn:") else {
        return false;
    };
    let parts: Vec<&str> = rest.split(':').collect();
    parts.len() >= 2
        && parts.iter().all(|part| !part.is_empty())
        && rest
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '[' | ']'))
}

/// `text` without `prefix`, compared case-insensitively.
pub(crate) fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_has_the_enterprise_extension_and_requires_user_name() {
        let schema = ResourceSchema::user();
        let urns: Vec<_> = schema.urns().collect();
        assert_eq!(urns, [USER.id, ENTERPRISE_USER_URN]);
        let required: Vec<_> = schema.required_attributes().map(|a| a.name).collect();
        assert_eq!(required, ["userName"]);
        let display = TargetPath::parse("displayName", &schema).unwrap();
        let missing: Vec<_> = schema
            .missing_required(&[display])
            .iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(missing, ["userName"]);
        let user_name = TargetPath::parse("USERNAME", &schema).unwrap();
        assert!(schema.missing_required(&[user_name]).is_empty());
    }

    #[test]
    fn custom_extensions_are_declared_once() {
        let mut schema = ResourceSchema::group();
        schema.declare_extension("urn:acme:ext:1.0:Group").unwrap();
        schema.declare_extension("URN:ACME:EXT:1.0:GROUP").unwrap();
        assert_eq!(schema.extensions().len(), 1);
        assert!(schema.extension("urn:acme:ext:1.0:group").is_some());
    }

    #[test]
    fn bad_extension_urns_are_rejected() {
        let mut schema = ResourceSchema::user();
        assert!(matches!(
            schema.declare_extension("acme:ext"),
            Err(ExtensionError::NotAUrn(_))
        ));
        assert!(matches!(
            schema.declare_extension("urn:a b:c"),
            Err(ExtensionError::NotAUrn(_))
        ));
        assert!(matches!(
            schema.declare_extension(USER.id),
            Err(ExtensionError::CoreSchema(_))
        ));
        schema.declare_extension(ENTERPRISE_USER_URN).unwrap();
        assert_eq!(schema.extensions().len(), 1);
    }
}
