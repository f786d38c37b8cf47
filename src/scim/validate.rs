//! [`validate`]: every way a SCIM resource breaks its schemas, all at once.
//!
//! Checked: the resource is an object; `schemas` is an array of strings with the core URN and
//! every extension used; attribute names are known (a declared custom extension's are not
//! checked) and not repeated in another letter case; values have their schema types; required
//! attributes are present; multi-valued attributes have at most one `primary: true`.
//! `null` counts as absent (RFC 7643 section 2.5). Read-only attributes (`id`, `meta`) are
//! fine: provider resources carry them.

use std::collections::HashSet;
use std::fmt;

use serde_json::{Map, Value as Json};

use super::catalog::{is_urn, Extension, ResourceSchema};
use super::json::{get_ignore_case, is_primary, present};
use super::schema::{Attribute, Schema};
use super::shape::{self, Location, Mismatch, MismatchKind};
use super::suggest;
use crate::diagnostic::Code;

/// What kind of problem [`validate`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The resource is not a JSON object.
    NotAnObject,
    /// `schemas` is missing, lacks the core URN or an extension used, or lists an unknown one.
    Schemas,
    /// A required attribute is absent or `null`.
    MissingRequired,
    /// An attribute or sub-attribute the schema does not define.
    UnknownAttribute,
    /// A value of the wrong type or format.
    Type,
    /// More than one element with `primary: true`.
    MultiplePrimary,
    /// One attribute written twice in different letter cases.
    DuplicateAttribute,
}

/// One problem in a resource: where, what, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The attribute path (`emails[1].primary`, `urn:...:User:manager`), or `""` for the
    /// resource itself.
    pub location: String,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// One line naming the problem.
    pub message: String,
    /// How to fix it, when known.
    pub help: Option<String>,
}

impl Problem {
    fn new(location: impl Into<String>, kind: ProblemKind, message: impl Into<String>) -> Problem {
        Problem {
            location: location.into(),
            kind,
            message: message.into(),
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic code this problem is reported under.
    pub fn code(&self) -> Code {
        match self.kind {
            ProblemKind::MissingRequired => Code::MissingRequired,
            ProblemKind::UnknownAttribute => Code::UnknownTarget,
            ProblemKind::Type => Code::TargetType,
            ProblemKind::NotAnObject
            | ProblemKind::Schemas
            | ProblemKind::MultiplePrimary
            | ProblemKind::DuplicateAttribute => Code::InvalidResource,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<Mismatch> for Problem {
    fn from(mismatch: Mismatch) -> Problem {
        let kind = match mismatch.kind {
            MismatchKind::UnknownSubAttribute { .. } => ProblemKind::UnknownAttribute,
            _ => ProblemKind::Type,
        };
        Problem {
            message: mismatch.to_string(),
            location: mismatch.location,
            kind,
            help: mismatch.help,
        }
    }
}

/// Every problem of `resource` against `schema`; empty when the resource is valid.
///
/// ```
/// use scimap::scim::{validate, ProblemKind, ResourceSchema};
/// let problems = validate(&serde_json::json!({"userName": 7}), &ResourceSchema::user());
/// let kinds: Vec<_> = problems.iter().map(|p| p.kind).collect();
/// assert_eq!(kinds, [ProblemKind::Schemas, ProblemKind::Type]);
/// ```
pub fn validate(resource: &Json, schema: &ResourceSchema) -> Vec<Problem> {
    let Json::Object(object) = resource else {
        let message = "a SCIM resource must be a JSON object";
        return vec![Problem::new("", ProblemKind::NotAnObject, message)];
    };
    let mut problems = Vec::new();
    let listed = check_schemas_list(object, schema, &mut problems);
    check_duplicates(object, &mut problems);
    for (key, value) in object {
        if !key.eq_ignore_ascii_case("schemas") {
            check_member(key, value, schema, listed.as_ref(), &mut problems);
        }
    }
    check_attributes_present(object, schema.core(), "", &mut problems);
    problems
}

/// Checks `schemas`; returns the listed URNs (lower-cased) when it is a list of strings.
fn check_schemas_list(
    object: &Map<String, Json>,
    schema: &ResourceSchema,
    problems: &mut Vec<Problem>,
) -> Option<HashSet<String>> {
    let core = schema.core().id;
    let Some(value) = present(get_ignore_case(object, "schemas")) else {
        let problem = Problem::new("schemas", ProblemKind::Schemas, "`schemas` is missing")
            .with_help(format!("list the core schema: [\"{core}\"]"));
        problems.push(problem);
        return None;
    };
    let Some(urns) = string_list(value) else {
        let message = "`schemas` must be an array of URN strings";
        problems.push(Problem::new("schemas", ProblemKind::Type, message));
        return None;
    };
    if !urns.contains(&core.to_ascii_lowercase()) {
        let message = format!("`schemas` does not list the core schema `{core}`");
        problems.push(Problem::new("schemas", ProblemKind::Schemas, message));
    }
    let declared: HashSet<String> = schema.urns().map(str::to_ascii_lowercase).collect();
    for urn in value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
    {
        if !declared.contains(&urn.to_ascii_lowercase()) {
            let message = format!("`schemas` lists `{urn}`, which is not declared");
            let problem = Problem::new("schemas", ProblemKind::Schemas, message);
            problems.push(match suggest::closest(urn, schema.urns()) {
                Some(near) => problem.with_help(format!("did you mean `{near}`?")),
                None => problem,
            });
        }
    }
    Some(urns)
}

fn string_list(value: &Json) -> Option<HashSet<String>> {
    value
        .as_array()?
        .iter()
        .map(|urn| urn.as_str().map(str::to_ascii_lowercase))
        .collect()
}

fn check_duplicates(object: &Map<String, Json>, problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for key in object.keys() {
        if !seen.insert(key.to_ascii_lowercase()) {
            let message = format!("`{key}` appears twice (SCIM names ignore case)");
            problems.push(Problem::new(
                key.clone(),
                ProblemKind::DuplicateAttribute,
                message,
            ));
        }
    }
}

/// Checks one top-level member: a core attribute, an extension object, or an unknown key.
fn check_member(
    key: &str,
    value: &Json,
    schema: &ResourceSchema,
    listed: Option<&HashSet<String>>,
    problems: &mut Vec<Problem>,
) {
    if let Some(attribute) = schema.core().attribute(key) {
        return check_attribute(attribute, value, key, problems);
    }
    if let Some((_, extension)) = schema.extension(key) {
        if listed.is_some_and(|urns| !urns.contains(&key.to_ascii_lowercase())) && !value.is_null()
        {
            let message = format!("the extension `{key}` is used but not listed in `schemas`");
            problems.push(Problem::new(key, ProblemKind::Schemas, message));
        }
        return check_extension(extension, key, value, problems);
    }
    problems.push(unknown_member(key, schema));
}

fn unknown_member(key: &str, schema: &ResourceSchema) -> Problem {
    if is_urn(key) {
        let message = format!("`{key}` is not a declared schema extension");
        return Problem::new(key, ProblemKind::Schemas, message);
    }
    let names = schema.core().attributes.iter().map(|a| a.name);
    let message = format!("`{}` has no attribute `{key}`", schema.core().name);
    let problem = Problem::new(key, ProblemKind::UnknownAttribute, message);
    match suggest::closest(key, names) {
        Some(near) => problem.with_help(format!("did you mean `{near}`?")),
        None => problem,
    }
}

fn check_extension(extension: &Extension, urn: &str, value: &Json, problems: &mut Vec<Problem>) {
    let Some(known) = extension.schema() else {
        return;
    };
    let object = match value {
        Json::Null => return,
        Json::Object(object) => object,
        _ => {
            let message = format!("the extension `{urn}` must be an object of attributes");
            return problems.push(Problem::new(urn, ProblemKind::Type, message));
        }
    };
    for (key, value) in object {
        let location = format!("{urn}:{key}");
        match known.attribute(key) {
            Some(attribute) => check_attribute(attribute, value, &location, problems),
            None => problems.push(unknown_extension_attribute(known, key, location)),
        }
    }
    check_attributes_present(object, known, &format!("{urn}:"), problems);
}

fn unknown_extension_attribute(known: &Schema, key: &str, location: String) -> Problem {
    let message = format!("`{}` has no attribute `{key}`", known.name);
    let problem = Problem::new(location, ProblemKind::UnknownAttribute, message);
    match suggest::closest(key, known.attributes.iter().map(|a| a.name)) {
        Some(near) => problem.with_help(format!("did you mean `{near}`?")),
        None => problem,
    }
}

/// Type-checks one attribute value and its primaries.
fn check_attribute(attribute: &Attribute, value: &Json, location: &str, out: &mut Vec<Problem>) {
    let mut mismatches = Vec::new();
    shape::check(
        Some(attribute),
        value,
        Location::Root(&location),
        &mut mismatches,
    );
    out.extend(mismatches.into_iter().map(Problem::from));
    if let (true, Json::Array(elements)) = (attribute.multi_valued, value) {
        if elements.iter().filter(|e| is_primary(e)).count() > 1 {
            let message = format!("`{location}` has more than one element with `primary: true`");
            let problem = Problem::new(location, ProblemKind::MultiplePrimary, message)
                .with_help("mark one element primary");
            out.push(problem);
        }
    }
}

/// Reports required attributes of `schema` that `object` lacks.
fn check_attributes_present(
    object: &Map<String, Json>,
    schema: &Schema,
    prefix: &str,
    problems: &mut Vec<Problem>,
) {
    for attribute in schema.attributes.iter().filter(|a| a.required) {
        if present(get_ignore_case(object, attribute.name)).is_none() {
            let location = format!("{prefix}{}", attribute.name);
            let message = format!("the required attribute `{location}` is missing");
            problems.push(Problem::new(
                location,
                ProblemKind::MissingRequired,
                message,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim::schema::{ENTERPRISE_USER_URN, GROUP_URN, USER_URN};
    use serde_json::json;

    fn kinds(resource: Json, schema: &ResourceSchema) -> Vec<(String, ProblemKind)> {
        validate(&resource, schema)
            .into_iter()
            .map(|p| (p.location, p.kind))
            .collect()
    }

    fn user(resource: Json) -> Vec<(String, ProblemKind)> {
        kinds(resource, &ResourceSchema::user())
    }

    #[test]
    fn a_minimal_user_is_valid() {
        assert!(user(json!({"schemas": [USER_URN], "userName": "a"})).is_empty());
    }

    #[test]
    fn required_and_schemas_problems() {
        assert_eq!(
            user(json!({"displayName": "A"})),
            [
                ("schemas".into(), ProblemKind::Schemas),
                ("userName".into(), ProblemKind::MissingRequired)
            ]
        );
        assert_eq!(
            user(json!({"schemas": [USER_URN], "userName": null})),
            [("userName".into(), ProblemKind::MissingRequired)]
        );
        assert_eq!(
            user(json!({"schemas": "x", "userName": "a"})),
            [("schemas".into(), ProblemKind::Type)]
        );
        assert_eq!(user(json!([])), [(String::new(), ProblemKind::NotAnObject)]);
    }

    #[test]
    fn extensions_must_be_listed_and_declared() {
        let used = json!({
            "schemas": [USER_URN],
            "userName": "a",
            ENTERPRISE_USER_URN: {"department": "R&D"},
            "urn:acme:x:1.0:User": {"a": 1}
        });
        assert_eq!(
            user(used),
            [
                (ENTERPRISE_USER_URN.into(), ProblemKind::Schemas),
                ("urn:acme:x:1.0:User".into(), ProblemKind::Schemas)
            ]
        );
        let listed = json!({"schemas": [USER_URN, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:Usr"], "userName": "a"});
        let problems = validate(&listed, &ResourceSchema::user());
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`?")
        );
    }

    #[test]
    fn unknown_names_types_primaries_and_duplicates() {
        let resource = json!({
            "schemas": [USER_URN, ENTERPRISE_USER_URN],
            "userName": "a",
            "UserName": "b",
            "nickname": "ok, names ignore case",
            "activ": true,
            "emails": [{"value": "a@x", "primary": true}, {"value": "b@x", "primary": true}],
            ENTERPRISE_USER_URN: {"employeeNumber": 7, "dept": "x"}
        });
        assert_eq!(
            user(resource),
            [
                ("UserName".into(), ProblemKind::DuplicateAttribute),
                ("activ".into(), ProblemKind::UnknownAttribute),
                ("emails".into(), ProblemKind::MultiplePrimary),
                (
                    format!("{ENTERPRISE_USER_URN}:employeeNumber"),
                    ProblemKind::Type
                ),
                (
                    format!("{ENTERPRISE_USER_URN}:dept"),
                    ProblemKind::UnknownAttribute
                ),
            ]
        );
    }

    #[test]
    fn groups_require_display_name() {
        let schema = ResourceSchema::group();
        assert_eq!(
            kinds(json!({"schemas": [GROUP_URN]}), &schema),
            [("displayName".into(), ProblemKind::MissingRequired)]
        );
        let group = json!({"schemas": [GROUP_URN], "displayName": "G", "members": [{"value": "u1", "type": "User"}]});
        assert!(kinds(group, &schema).is_empty());
    }

    #[test]
    fn problems_carry_codes() {
        let problems = validate(&json!({"userName": 1}), &ResourceSchema::user());
        let codes: Vec<_> = problems.iter().map(Problem::code).collect();
        assert_eq!(codes, [Code::InvalidResource, Code::TargetType]);
        assert_eq!(
            problems[1].help.as_deref(),
            Some("convert with string(...)")
        );
    }
}
