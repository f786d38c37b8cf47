//! [`ExpectPath`]: the SCIM path a test case expects a value at, and reading it from a resource.
//!
//! The subset of RFC 7644 section 3.10 paths that expectations take:
//!
//! | written | reads |
//! |---|---|
//! | `displayName`, `name.givenName` | an attribute, a sub-attribute (names are case-insensitive) |
//! | `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value` | an extension attribute by its URN |
//! | `$enterpriseUser.manager.value` | the same, with the shorthand mapping tables use |
//! | `emails[type eq "work"].value` | a value filter: `eq` on one sub-attribute, with a string, `true`/`false` or a number |
//! | `emails[0].value` | an element by position (scimap's extension; SCIM has no indexes) |
//! | `emails.value` | a sub-attribute of every element: a list |
//!
//! A filter that selects one element reads that element; one that selects several reads the
//! list of them; one that selects none reads nothing. String comparison in filters is exact.

use std::fmt;

use serde_json::Value as Json;

use crate::scim::schema::{ENTERPRISE_USER_URN, GROUP_URN, USER_URN};
use crate::scim::ENTERPRISE_PREFIX;

/// A parsed expectation path.
///
/// ```
/// use scimap::mapping::testing::ExpectPath;
/// let resource = serde_json::json!({
///     "emails": [{"value": "a@home", "type": "home"}, {"value": "a@work", "type": "work"}],
/// });
/// let path = ExpectPath::parse(r#"emails[type eq "work"].value"#).unwrap();
/// assert_eq!(path.read(&resource), Some(serde_json::json!("a@work")));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectPath {
    text: String,
    urn: Option<String>,
    steps: Vec<Step>,
}

/// One attribute name, with an optional filter on its elements.
#[derive(Clone, Debug, PartialEq)]
struct Step {
    name: String,
    filter: Option<Filter>,
}

/// What selects elements of a multi-valued attribute.
#[derive(Clone, Debug, PartialEq)]
enum Filter {
    /// `[type eq "work"]`
    Eq { attribute: String, value: Json },
    /// `[0]`
    Index(usize),
}

/// Why a path could not be read as an expectation path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathSyntaxError {
    /// The path as written.
    pub path: String,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for PathSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a SCIM path: {}", self.path, self.reason)
    }
}

impl std::error::Error for PathSyntaxError {}

impl ExpectPath {
    /// Parses a path (see the module docs for the forms it takes).
    pub fn parse(text: &str) -> Result<ExpectPath, PathSyntaxError> {
        let error = |reason: &str| PathSyntaxError {
            path: text.to_string(),
            reason: reason.to_string(),
        };
        let trimmed = text.trim();
        let (urn, rest) = split_urn(trimmed).map_err(|reason| error(&reason))?;
        if rest.is_empty() {
            return Err(error("an attribute name is missing"));
        }
        let steps = parse_steps(rest).map_err(|reason| error(&reason))?;
        Ok(ExpectPath {
            text: trimmed.to_string(),
            urn,
            steps,
        })
    }

    /// The extension URN the path is in; `None` for a core attribute.
    pub fn urn(&self) -> Option<&str> {
        self.urn.as_deref()
    }

    /// The top-level attribute's name as written (`emails`, `manager`).
    pub fn attribute(&self) -> &str {
        &self.steps[0].name
    }

    /// The sub-attribute's name as written (`givenName`, `value`), when the path has one.
    pub fn sub_attribute(&self) -> Option<&str> {
        self.steps.get(1).map(|step| step.name.as_str())
    }

    /// Reads the path from a resource; `None` when nothing is there.
    pub fn read(&self, resource: &Json) -> Option<Json> {
        let mut current = match &self.urn {
            Some(urn) => get_ignore_case(resource, urn)?.clone(),
            None => resource.clone(),
        };
        for step in &self.steps {
            current = read_step(&current, step)?;
        }
        Some(current)
    }
}

impl fmt::Display for ExpectPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Splits off the schema: `$enterpriseUser.`, a URN and `:` (a core URN means no URN), or
/// nothing.
fn split_urn(text: &str) -> Result<(Option<String>, &str), String> {
    if let Some(rest) = strip_prefix_ignore_case(text, ENTERPRISE_PREFIX) {
        return match rest.strip_prefix('.') {
            Some(rest) => Ok((Some(ENTERPRISE_USER_URN.to_string()), rest)),
            None => Err(format!("write `{ENTERPRISE_PREFIX}.<attribute>`")),
        };
    }
    if strip_prefix_ignore_case(text, "urn:").is_none() {
        return Ok((None, text));
    }
    // The URN ends at the last `:` before any filter (a filter value may hold a colon).
    let head = &text[..text.find(['[', '"']).unwrap_or(text.len())];
    let Some(colon) = head.rfind(':') else {
        return Err("a URN path is `<urn>:<attribute>`".to_string());
    };
    let (urn, rest) = (&text[..colon], &text[colon + 1..]);
    let is_core = [USER_URN, GROUP_URN]
        .iter()
        .any(|core| core.eq_ignore_ascii_case(urn));
    Ok(((!is_core).then(|| urn.to_string()), rest))
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// `name[filter].name...`
fn parse_steps(mut rest: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    loop {
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let name = &rest[..end];
        if !is_attribute_name(name) {
            return Err(if name.is_empty() {
                "an attribute name is missing".to_string()
            } else {
                format!("`{name}` is not an attribute name (letters, digits, `-`, `_`)")
            });
        }
        rest = &rest[end..];
        let mut filter = None;
        if let Some(inside) = rest.strip_prefix('[') {
            let close = closing_bracket(inside).ok_or("a `[` is not closed")?;
            filter = Some(parse_filter(&inside[..close])?);
            rest = &inside[close + 1..];
        }
        steps.push(Step {
            name: name.to_string(),
            filter,
        });
        if rest.is_empty() {
            return Ok(steps);
        }
        rest = rest
            .strip_prefix('.')
            .ok_or("expected `.` after a filter")?;
    }
}

/// RFC 7643 ATTRNAME (`ALPHA *(nameChar)`), or `$ref`.
fn is_attribute_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    name == "$ref" || (first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
}

/// The position of the `]` that closes a filter, skipping quoted strings.
fn closing_bracket(inside: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in inside.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            ']' if !in_string => return Some(i),
            _ => {}
        }
    }
    None
}

fn parse_filter(text: &str) -> Result<Filter, String> {
    let text = text.trim();
    if let Ok(index) = text.parse::<usize>() {
        return Ok(Filter::Index(index));
    }
    let mut parts = text.splitn(3, char::is_whitespace);
    let (Some(attribute), Some(operator), Some(value)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(format!(
            "the filter `[{text}]` is not `[attribute eq value]` or `[index]`"
        ));
    };
    if !operator.eq_ignore_ascii_case("eq") {
        return Err(format!(
            "the filter operator `{operator}` is not supported (only `eq`)"
        ));
    }
    if !is_attribute_name(attribute) {
        return Err(format!("`{attribute}` is not an attribute name"));
    }
    let value = value.trim();
    let value = match value {
        "true" | "false" | "null" => serde_json::from_str(value).ok(),
        _ if value.starts_with('"') => serde_json::from_str::<Json>(value).ok(),
        _ => serde_json::from_str::<Json>(value)
            .ok()
            .filter(Json::is_number),
    }
    .ok_or_else(|| {
        format!("the filter value `{value}` is not a \"string\", true, false or a number")
    })?;
    Ok(Filter::Eq {
        attribute: attribute.to_string(),
        value,
    })
}

/// One step: the attribute (of an object, or of every element of a list), then the filter.
fn read_step(current: &Json, step: &Step) -> Option<Json> {
    let value = match current {
        Json::Array(items) => {
            let found: Vec<Json> = items
                .iter()
                .filter_map(|item| get_ignore_case(item, &step.name).cloned())
                .collect();
            (!found.is_empty()).then_some(Json::Array(found))?
        }
        _ => get_ignore_case(current, &step.name)?.clone(),
    };
    match &step.filter {
        None => Some(value),
        Some(filter) => apply_filter(value, filter),
    }
}

fn apply_filter(value: Json, filter: &Filter) -> Option<Json> {
    let items = match value {
        Json::Array(items) => items,
        single => vec![single],
    };
    match filter {
        Filter::Index(index) => items.into_iter().nth(*index),
        Filter::Eq { attribute, value } => {
            let mut matches: Vec<Json> = items
                .into_iter()
                .filter(|item| get_ignore_case(item, attribute).is_some_and(|v| v == value))
                .collect();
            match matches.len() {
                0 => None,
                1 => matches.pop(),
                _ => Some(Json::Array(matches)),
            }
        }
    }
}

/// An object's member by name, ignoring ASCII case (SCIM attribute names are
/// case-insensitive); an exact match wins.
pub(super) fn get_ignore_case<'j>(json: &'j Json, name: &str) -> Option<&'j Json> {
    let object = json.as_object()?;
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn john() -> Json {
        json!({
            "schemas": [USER_URN, ENTERPRISE_USER_URN],
            "userName": "jdoe",
            "name": {"givenName": "John", "familyName": "Doe"},
            "emails": [
                {"value": "j@work", "type": "work", "primary": true},
                {"value": "j@home", "type": "home"},
                {"value": "j@other", "type": "home"}
            ],
            ENTERPRISE_USER_URN: {"manager": {"value": "m-1"}, "department": "Eng"}
        })
    }

    fn read(path: &str) -> Option<Json> {
        ExpectPath::parse(path).unwrap().read(&john())
    }

    #[test]
    fn attributes_and_sub_attributes_ignore_case() {
        assert_eq!(read("userName"), Some(json!("jdoe")));
        assert_eq!(read("NAME.givenname"), Some(json!("John")));
        assert_eq!(read("nickName"), None);
        assert_eq!(read("name.middleName"), None);
    }

    #[test]
    fn extension_paths_by_urn_or_shorthand() {
        let urn = format!("{ENTERPRISE_USER_URN}:manager.value");
        assert_eq!(read(&urn), Some(json!("m-1")));
        assert_eq!(read("$enterpriseUser.department"), Some(json!("Eng")));
        let core = format!("{USER_URN}:userName");
        assert_eq!(read(&core), Some(json!("jdoe")));
        let path = ExpectPath::parse(&urn).unwrap();
        assert_eq!(
            (path.urn(), path.attribute(), path.sub_attribute()),
            (Some(ENTERPRISE_USER_URN), "manager", Some("value"))
        );
    }

    #[test]
    fn filters_select_one_element_several_or_none() {
        assert_eq!(
            read(r#"emails[type eq "work"].value"#),
            Some(json!("j@work"))
        );
        assert_eq!(
            read(r#"emails[type eq "home"].value"#),
            Some(json!(["j@home", "j@other"]))
        );
        assert_eq!(read(r#"emails[primary eq true].type"#), Some(json!("work")));
        assert_eq!(read(r#"emails[type eq "fax"].value"#), None);
        assert_eq!(read("emails[1].value"), Some(json!("j@home")));
        assert_eq!(read("emails.type"), Some(json!(["work", "home", "home"])));
    }

    #[test]
    fn malformed_paths_say_why() {
        for (path, reason) in [
            ("", "missing"),
            ("name..givenName", "missing"),
            ("emails[type ne \"work\"]", "only `eq`"),
            ("emails[type eq work]", "not a \"string\""),
            ("emails[type eq \"work\"", "not closed"),
            ("$enterpriseUser", "$enterpriseUser.<attribute>"),
            ("9lives", "not an attribute name"),
        ] {
            let error = ExpectPath::parse(path).unwrap_err();
            assert!(error.reason.contains(reason), "{path}: {error}");
        }
    }

    #[test]
    fn a_filter_value_may_hold_a_colon() {
        let resource = json!({"emails": [{"value": "urn:x:y", "type": "work"}]});
        let path = ExpectPath::parse(r#"emails[value eq "urn:x:y"].type"#).unwrap();
        assert_eq!(path.read(&resource), Some(json!("work")));
    }
}
