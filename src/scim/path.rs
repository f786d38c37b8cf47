//! [`TargetPath`]: the SCIM attribute a mapping row writes, parsed and resolved once.
//!
//! Accepted forms (attribute names are case-insensitive and printed in their canonical case):
//!
//! | written | means |
//! |---|---|
//! | `userName`, `name.givenName`, `emails` | a core attribute or one sub-attribute of a single-valued complex one |
//! | `$enterpriseUser.manager.value` | the Enterprise User extension (users only) |
//! | `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value` | the same, by URN |
//! | `urn:ietf:params:scim:schemas:core:2.0:User:userName` | a core attribute by URN |
//! | `urn:acme:scim:ext:2.0:User:badge.color` | a declared custom extension; any attribute, any type |
//!
//! A path has at most one sub-attribute (RFC 7644 section 3.10). Value filters
//! (`emails[type eq "work"].value`) and sub-attributes of multi-valued attributes are not
//! targets: a row maps the whole list (`toScimEmails(...)`).

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde_json::Value as Json;

use super::catalog::{is_urn, strip_prefix_ignore_case, Extension, ResourceSchema};
use super::schema::{Attribute, Schema, ENTERPRISE_USER_URN};
use super::shape::{self, Location, Mismatch, Shape};
use super::suggest;
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::Span;

/// The shorthand prefix for the Enterprise User extension.
pub const ENTERPRISE_PREFIX: &str = "$enterpriseUser";

/// A resolved target: which schema, which attribute, and optionally which sub-attribute.
///
/// ```
/// use scimap::scim::{ResourceSchema, TargetPath};
/// let schema = ResourceSchema::user();
/// let path = TargetPath::parse("$enterpriseUser.manager.value", &schema).unwrap();
/// assert_eq!(
///     path.to_string(),
///     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
/// );
/// assert!(path.accepts(&serde_json::json!("26118915")).is_ok());
/// ```
#[derive(Clone, Debug)]
pub struct TargetPath {
    urn: Option<Arc<str>>,
    position: Position,
    attribute: Step,
    sub_attribute: Option<Step>,
}

/// One name in a path, with its definition when the schema is known.
#[derive(Clone, Debug)]
struct Step {
    name: String,
    definition: Option<&'static Attribute>,
}

/// Where a path sorts in schema order: schema (0 = core), attribute, sub-attribute.
/// Attributes of custom extensions sort after known ones, by name.
pub(crate) type Position = (usize, usize, usize);

/// Why a target path was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathError {
    /// Not a well-formed path: empty, a bad character, a value filter, an empty name.
    Syntax {
        /// The path as written.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// An extension prefix or URN that is not declared for this resource.
    UnknownExtension {
        /// The prefix or URN as written.
        name: String,
        /// The closest declared one.
        suggestion: Option<String>,
    },
    /// An attribute the schema does not define.
    UnknownAttribute {
        /// The name as written.
        name: String,
        /// The parent attribute or schema name (`name`, `User`).
        parent: String,
        /// The closest known target, written as a mapping target.
        suggestion: Option<String>,
    },
    /// An attribute the service provider owns.
    ReadOnly {
        /// The canonical path.
        path: String,
    },
    /// A sub-attribute of an attribute that has none (`userName.first`) or that is
    /// multi-valued (`emails.value`), or a path deeper than one sub-attribute.
    NotWritable {
        /// The path as written.
        path: String,
        /// Why and what to write instead.
        reason: String,
    },
}

impl PathError {
    /// The diagnostic code the mapping layer reports this under.
    pub fn code(&self) -> Code {
        match self {
            PathError::ReadOnly { .. } => Code::ReadOnlyTarget,
            PathError::Syntax { .. } | PathError::NotWritable { .. } => Code::TargetPath,
            PathError::UnknownExtension { .. } | PathError::UnknownAttribute { .. } => {
                Code::UnknownTarget
            }
        }
    }

    /// The error as a diagnostic at `span` (the target's place in the table file).
    pub fn to_diagnostic(&self, span: Span) -> Diagnostic {
        let diagnostic = Diagnostic::error(self.code(), self.to_string(), span);
        match self.help() {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    }

    /// The "did you mean" or fix text, if any.
    pub fn help(&self) -> Option<String> {
        match self {
            PathError::UnknownExtension {
                suggestion: Some(suggestion),
                ..
            }
            | PathError::UnknownAttribute {
                suggestion: Some(suggestion),
                ..
            } => Some(format!("did you mean `{suggestion}`?")),
            PathError::UnknownExtension { .. } => {
                Some("declare the extension's URN in the table".to_string())
            }
            PathError::ReadOnly { .. } => {
                Some("the service provider sets it; remove the row".to_string())
            }
            _ => None,
        }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::Syntax { path, reason } => {
                write!(f, "invalid target `{path}`: {reason}")
            }
            PathError::UnknownExtension { name, .. } => {
                write!(f, "unknown schema extension `{name}`")
            }
            PathError::UnknownAttribute { name, parent, .. } => {
                write!(f, "`{parent}` has no attribute `{name}`")
            }
            PathError::ReadOnly { path } => write!(f, "`{path}` is read-only"),
            PathError::NotWritable { path, reason } => {
                write!(f, "cannot write `{path}`: {reason}")
            }
        }
    }
}

impl std::error::Error for PathError {}

impl TargetPath {
    /// Parses `text` and resolves it against `schema`.
    pub fn parse(text: &str, schema: &ResourceSchema) -> Result<TargetPath, PathError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(syntax(text, "the target is empty"));
        }
        let (scope, rest) = split_scope(text, schema)?;
        let names = split_names(text, rest)?;
        match scope {
            Scope::Core => resolve_known(text, None, 0, schema.core(), &names, schema),
            Scope::Extension(position, Extension::Known(known)) => {
                resolve_known(text, Some(known.id), position, known, &names, schema)
            }
            Scope::Extension(position, Extension::Custom(urn)) => {
                Ok(resolve_custom(urn, position, &names))
            }
        }
    }

    /// The extension URN, or `None` for a core attribute.
    pub fn urn(&self) -> Option<&str> {
        self.urn.as_deref()
    }

    /// The top-level attribute's canonical name (`name`, `manager`).
    pub fn attribute_name(&self) -> &str {
        &self.attribute.name
    }

    /// The sub-attribute's canonical name (`givenName`), if the path has one.
    pub fn sub_attribute_name(&self) -> Option<&str> {
        self.sub_attribute.as_ref().map(|step| step.name.as_str())
    }

    /// The definition of the attribute written (the sub-attribute's when there is one);
    /// `None` for a custom extension.
    pub fn definition(&self) -> Option<&'static Attribute> {
        match &self.sub_attribute {
            Some(step) => step.definition,
            None => self.attribute.definition,
        }
    }

    /// The top-level attribute's definition; `None` for a custom extension.
    pub fn attribute_definition(&self) -> Option<&'static Attribute> {
        self.attribute.definition
    }

    /// The JSON the target takes, for checking a row's static result type.
    pub fn shape(&self) -> Shape {
        self.definition().map_or(Shape::ANY, Shape::of)
    }

    /// Whether the attribute is required (`userName`; `displayName` for groups).
    pub fn is_required(&self) -> bool {
        self.sub_attribute.is_none() && self.definition().is_some_and(|d| d.required)
    }

    /// Checks a run-time value against the target. `null` always fits (it means "leave the
    /// attribute alone"); otherwise the first mismatch is returned.
    pub fn accepts(&self, value: &Json) -> Result<(), Mismatch> {
        // No value fits every target (the commonest case: a field the user lacks).
        if value.is_null() {
            return Ok(());
        }
        self.mismatches(value)
            .into_iter()
            .next()
            .map_or(Ok(()), Err)
    }

    /// Every way `value` does not fit the target.
    pub fn mismatches(&self, value: &Json) -> Vec<Mismatch> {
        let mut out = Vec::new();
        shape::check(self.definition(), value, Location::Root(self), &mut out);
        out
    }

    /// Whether two targets write the same data: equal paths, or an attribute and one of its
    /// sub-attributes (`name` and `name.givenName`). The mapping layer reports such rows as
    /// duplicates.
    pub fn overlaps(&self, other: &TargetPath) -> bool {
        let same_attribute = self.position.0 == other.position.0
            && self
                .attribute
                .name
                .eq_ignore_ascii_case(&other.attribute.name);
        same_attribute
            && match (&self.sub_attribute, &other.sub_attribute) {
                (Some(mine), Some(theirs)) => mine.name.eq_ignore_ascii_case(&theirs.name),
                _ => true,
            }
    }

    /// The path inside the resource's attribute object (`manager.value`), without the URN.
    pub fn relative(&self) -> String {
        match &self.sub_attribute {
            Some(sub) => format!("{}.{}", self.attribute.name, sub.name),
            None => self.attribute.name.clone(),
        }
    }

    pub(crate) fn position(&self) -> Position {
        self.position
    }
}

/// Prints the SCIM path, URN-prefixed for extensions (as PATCH `path` takes it).
impl fmt::Display for TargetPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(urn) = &self.urn {
            write!(f, "{urn}:")?;
        }
        f.write_str(&self.relative())
    }
}

impl PartialEq for TargetPath {
    fn eq(&self, other: &TargetPath) -> bool {
        self.to_string().eq_ignore_ascii_case(&other.to_string())
    }
}

impl Eq for TargetPath {}

impl Hash for TargetPath {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.to_string().to_ascii_lowercase().hash(state);
    }
}

/// Which schema a path is in.
enum Scope<'s> {
    Core,
    Extension(usize, &'s Extension),
}

fn syntax(path: &str, reason: &str) -> PathError {
    PathError::Syntax {
        path: path.to_string(),
        reason: reason.to_string(),
    }
}

/// Splits off the schema part: `$enterpriseUser.`, a URN and `:`, or nothing (core).
fn split_scope<'t, 's>(
    text: &'t str,
    schema: &'s ResourceSchema,
) -> Result<(Scope<'s>, &'t str), PathError> {
    if text.starts_with('$') {
        return split_shorthand(text, schema);
    }
    if strip_prefix_ignore_case(text, "urn:").is_none() {
        return Ok((Scope::Core, text));
    }
    if schema.urns().any(|urn| urn.eq_ignore_ascii_case(text)) {
        let reason = format!("name an attribute after the URN, e.g. `{text}:<attribute>`");
        return Err(syntax(text, &reason));
    }
    if let Some(rest) = strip_urn(text, schema.core().id) {
        return Ok((Scope::Core, rest));
    }
    let declared = schema.extensions().iter().enumerate().find_map(|(i, ext)| {
        strip_urn(text, ext.urn()).map(|rest| (Scope::Extension(i + 1, ext), rest))
    });
    declared.ok_or_else(|| unknown_urn(text, schema))
}

fn strip_urn<'t>(text: &'t str, urn: &str) -> Option<&'t str> {
    strip_prefix_ignore_case(text, urn)?.strip_prefix(':')
}

fn split_shorthand<'t, 's>(
    text: &'t str,
    schema: &'s ResourceSchema,
) -> Result<(Scope<'s>, &'t str), PathError> {
    let (prefix, rest) = text.split_once('.').unwrap_or((text, ""));
    let enterprise = schema.extension(ENTERPRISE_USER_URN);
    match enterprise {
        Some((index, extension)) if prefix.eq_ignore_ascii_case(ENTERPRISE_PREFIX) => {
            Ok((Scope::Extension(index + 1, extension), rest))
        }
        _ => Err(PathError::UnknownExtension {
            name: prefix.to_string(),
            suggestion: enterprise
                .and_then(|_| suggest::closest(prefix, [ENTERPRISE_PREFIX]))
                .map(str::to_string),
        }),
    }
}

fn unknown_urn(text: &str, schema: &ResourceSchema) -> PathError {
    let urn = text.rsplit_once(':').map_or(text, |(urn, _)| urn);
    let name = if is_urn(urn) { urn } else { text };
    PathError::UnknownExtension {
        name: name.to_string(),
        suggestion: suggest::closest(name, schema.urns()).map(str::to_string),
    }
}

/// The attribute names after the schema part: one or two valid names.
fn split_names<'t>(text: &str, rest: &'t str) -> Result<Vec<&'t str>, PathError> {
    if rest.contains(['[', ']']) {
        return Err(syntax(
            text,
            "value filters are not targets; map the whole multi-valued attribute",
        ));
    }
    let names: Vec<&str> = rest.split('.').collect();
    if let Some(bad) = names.iter().find(|name| !is_attribute_name(name)) {
        let reason = if bad.is_empty() {
            "an attribute name is missing".to_string()
        } else {
            format!("`{bad}` is not an attribute name (letters, digits, `-`, `_`)")
        };
        return Err(PathError::Syntax {
            path: text.to_string(),
            reason,
        });
    }
    if names.len() > 2 {
        return Err(PathError::NotWritable {
            path: text.to_string(),
            reason: "SCIM paths go at most one sub-attribute deep".to_string(),
        });
    }
    Ok(names)
}

/// RFC 7643 ATTRNAME (`ALPHA *(nameChar)`), or `$ref`.
fn is_attribute_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    name == "$ref" || (first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
}

fn resolve_known(
    text: &str,
    urn: Option<&'static str>,
    schema_position: usize,
    known: &'static Schema,
    names: &[&str],
    resources: &ResourceSchema,
) -> Result<TargetPath, PathError> {
    let name = names[0];
    let Some(index) = known.attribute_index(name) else {
        return Err(unknown_attribute(name, known, urn.is_none(), resources));
    };
    let attribute = &known.attributes[index];
    let mut path = TargetPath {
        urn: urn.map(Arc::from),
        position: (schema_position, index, 0),
        attribute: Step {
            name: attribute.name.to_string(),
            definition: Some(attribute),
        },
        sub_attribute: None,
    };
    if let Some(sub_name) = names.get(1) {
        let (sub_index, sub) = resolve_sub(text, attribute, sub_name)?;
        path.position.2 = sub_index + 1;
        path.sub_attribute = Some(Step {
            name: sub.name.to_string(),
            definition: Some(sub),
        });
    }
    if path.definition().is_some_and(Attribute::is_read_only) || attribute.is_read_only() {
        return Err(PathError::ReadOnly {
            path: path.to_string(),
        });
    }
    Ok(path)
}

fn resolve_sub(
    text: &str,
    attribute: &'static Attribute,
    sub_name: &str,
) -> Result<(usize, &'static Attribute), PathError> {
    if attribute.sub_attributes.is_empty() {
        return Err(PathError::NotWritable {
            path: text.to_string(),
            reason: format!("`{}` has no sub-attributes", attribute.name),
        });
    }
    let Some(index) = attribute.sub_attribute_index(sub_name) else {
        let names = attribute.sub_attributes.iter().map(|s| s.name);
        return Err(PathError::UnknownAttribute {
            name: sub_name.to_string(),
            parent: attribute.name.to_string(),
            suggestion: suggest::closest(sub_name, names)
                .map(|sub| format!("{}.{sub}", attribute.name)),
        });
    };
    if attribute.multi_valued && !attribute.is_read_only() {
        return Err(PathError::NotWritable {
            path: text.to_string(),
            reason: format!(
                "`{}` is multi-valued; map the whole list (e.g. toScimEmails(...) for emails)",
                attribute.name
            ),
        });
    }
    Ok((index, &attribute.sub_attributes[index]))
}

/// An unknown attribute, with the closest target: in the same schema, or (for a core name)
/// an enterprise attribute written with `$enterpriseUser.`.
fn unknown_attribute(
    name: &str,
    known: &'static Schema,
    is_core: bool,
    resources: &ResourceSchema,
) -> PathError {
    let mut candidates: Vec<String> = known
        .attributes
        .iter()
        .filter(|a| !a.is_read_only())
        .map(|a| a.name.to_string())
        .collect();
    if is_core {
        candidates.push("schemas".to_string());
    }
    if is_core && name.eq_ignore_ascii_case("schemas") {
        return PathError::ReadOnly {
            path: "schemas".to_string(),
        };
    }
    let mut suggestion =
        suggest::closest(name, candidates.iter().map(String::as_str)).map(str::to_string);
    if suggestion.is_none() && is_core {
        suggestion = enterprise_suggestion(name, resources);
    }
    PathError::UnknownAttribute {
        name: name.to_string(),
        parent: known.name.to_string(),
        suggestion,
    }
}

fn enterprise_suggestion(name: &str, resources: &ResourceSchema) -> Option<String> {
    let (_, extension) = resources.extension(ENTERPRISE_USER_URN)?;
    let names = extension.schema()?.attributes.iter().map(|a| a.name);
    suggest::closest(name, names).map(|found| format!("{ENTERPRISE_PREFIX}.{found}"))
}

fn resolve_custom(urn: &str, schema_position: usize, names: &[&str]) -> TargetPath {
    TargetPath {
        urn: Some(Arc::from(urn)),
        position: (schema_position, usize::MAX, 0),
        attribute: Step {
            name: names[0].to_string(),
            definition: None,
        },
        sub_attribute: names.get(1).map(|name| Step {
            name: name.to_string(),
            definition: None,
        }),
    }
}
