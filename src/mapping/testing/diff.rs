//! Where two JSON documents differ, attribute by attribute, named by SCIM path
//! (`displayName`, `emails[0].value`, `urn:...:User:manager.value`).

use std::fmt;

use serde_json::Value as Json;

/// One attribute that differs: its path, the expected and the actual value (`None`: absent).
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// The attribute's path.
    pub path: String,
    /// What was expected.
    pub expected: Option<Json>,
    /// What the table made.
    pub actual: Option<Json>,
}

/// `displayName: expected "Johnny Doe", got "John Doe"`.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, got {}",
            self.path,
            shown(self.expected.as_ref()),
            shown(self.actual.as_ref())
        )
    }
}

/// A value as a diff line shows it: compact JSON, or `nothing`.
pub(super) fn shown(value: Option<&Json>) -> String {
    value.map_or_else(|| "nothing".to_string(), Json::to_string)
}

/// Every attribute where `actual` differs from `expected`, in document order.
pub fn changes(expected: &Json, actual: &Json) -> Vec<Change> {
    let mut out = Vec::new();
    compare(&Parent::Root, expected, actual, &mut out);
    out
}

/// Where two PATCH requests differ, operation by operation, each named by its `path`
/// (`displayName: expected {"op":"replace","value":"Johnny Doe"}, got nothing`).
pub fn patch_changes(expected: &Json, actual: &Json) -> Vec<Change> {
    let (want, got) = (operations(expected), operations(actual));
    let mut out = Vec::new();
    for (key, operation) in &want {
        match got.iter().find(|(k, _)| k == key) {
            Some((_, other)) if other == operation => {}
            found => out.push(change(
                key.clone(),
                Some(operation),
                found.map(|(_, other)| other),
            )),
        }
    }
    for (key, operation) in got
        .iter()
        .filter(|(k, _)| !want.iter().any(|(w, _)| w == k))
    {
        out.push(change(key.clone(), None, Some(operation)));
    }
    if out.is_empty() && expected != actual {
        compare(&Parent::Root, expected, actual, &mut out);
    }
    out
}

/// A request's operations by path (a repeated path gets `#2`, ...), each without its path.
fn operations(request: &Json) -> Vec<(String, Json)> {
    let mut out: Vec<(String, Json)> = Vec::new();
    let list = request.get("Operations").and_then(Json::as_array);
    for operation in list.into_iter().flatten() {
        let path = operation
            .get("path")
            .and_then(Json::as_str)
            .unwrap_or("(no path)");
        let mut key = path.to_string();
        let mut n = 1;
        while out.iter().any(|(k, _)| *k == key) {
            n += 1;
            key = format!("{path} #{n}");
        }
        let mut rest = operation.clone();
        if let Some(object) = rest.as_object_mut() {
            object.remove("path");
        }
        out.push((key, rest));
    }
    out
}

/// Where a value sits, for naming its children.
enum Parent<'p> {
    /// The document itself.
    Root,
    /// A top-level extension object (`urn:...:User`): its children follow a `:`.
    Urn(&'p str),
    /// Anything else: children follow a `.`.
    Path(&'p str),
}

impl Parent<'_> {
    fn path(&self) -> &str {
        match self {
            Parent::Root => "",
            Parent::Urn(path) | Parent::Path(path) => path,
        }
    }

    fn child(&self, key: &str) -> String {
        match self {
            Parent::Root => key.to_string(),
            Parent::Urn(urn) => format!("{urn}:{key}"),
            Parent::Path(path) => format!("{path}.{key}"),
        }
    }
}

fn compare(parent: &Parent, expected: &Json, actual: &Json, out: &mut Vec<Change>) {
    match (expected, actual) {
        (Json::Object(want), Json::Object(got)) => {
            for (key, value) in want {
                let child = parent.child(key);
                let next = match parent {
                    Parent::Root if key.starts_with("urn:") => Parent::Urn(&child),
                    _ => Parent::Path(&child),
                };
                match got.get(key) {
                    Some(other) => compare(&next, value, other, out),
                    None => out.push(change(child.clone(), Some(value), None)),
                }
            }
            for (key, value) in got.iter().filter(|(k, _)| !want.contains_key(*k)) {
                out.push(change(parent.child(key), None, Some(value)));
            }
        }
        (Json::Array(want), Json::Array(got)) if want.len() == got.len() => {
            for (i, (value, other)) in want.iter().zip(got).enumerate() {
                let child = format!("{}[{i}]", parent.path());
                compare(&Parent::Path(&child), value, other, out);
            }
        }
        _ if expected != actual => {
            out.push(change(
                parent.path().to_string(),
                Some(expected),
                Some(actual),
            ));
        }
        _ => {}
    }
}

fn change(path: String, expected: Option<&Json>, actual: Option<&Json>) -> Change {
    Change {
        path: if path.is_empty() {
            "(the whole document)".to_string()
        } else {
            path
        },
        expected: expected.cloned(),
        actual: actual.cloned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_name_the_attributes() {
        let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        let expected = json!({
            "displayName": "Johnny Doe",
            "title": "Engineer",
            "emails": [{"value": "a@x", "type": "work"}],
            urn: {"manager": {"value": "m-1"}}
        });
        let actual = json!({
            "displayName": "John Doe",
            "emails": [{"value": "b@x", "type": "work"}],
            urn: {"manager": {"value": "m-2"}},
            "locale": "en-US"
        });
        let lines: Vec<String> = changes(&expected, &actual)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                r#"displayName: expected "Johnny Doe", got "John Doe""#,
                r#"title: expected "Engineer", got nothing"#,
                r#"emails[0].value: expected "a@x", got "b@x""#,
                r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value: expected "m-1", got "m-2""#,
                r#"locale: expected nothing, got "en-US""#,
            ]
        );
    }

    #[test]
    fn patch_changes_are_named_by_operation_path() {
        let expected = json!({"Operations": [
            {"op": "replace", "path": "userName", "value": "a"},
            {"op": "replace", "path": "displayName", "value": "Johnny Doe"}
        ]});
        let actual = json!({"Operations": [
            {"op": "replace", "path": "userName", "value": "a"},
            {"op": "add", "path": "title", "value": "Eng"}
        ]});
        let lines: Vec<String> = patch_changes(&expected, &actual)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                r#"displayName: expected {"op":"replace","value":"Johnny Doe"}, got nothing"#,
                r#"title: expected nothing, got {"op":"add","value":"Eng"}"#,
            ]
        );
    }

    #[test]
    fn lists_of_another_length_differ_as_a_whole() {
        let found = changes(&json!({"a": [1, 2]}), &json!({"a": [1]}));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].to_string(), "a: expected [1,2], got [1]");
        assert!(changes(&json!({"a": [1]}), &json!({"a": [1]})).is_empty());
    }
}
