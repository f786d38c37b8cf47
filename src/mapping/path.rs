//! Direct `path` rows: a dotted path into the source object (`email`, `addresses.0.locality`),
//! read without the interpreter. Missing steps give nil, as field reads do in expressions.

use serde_json::Value as Json;

use super::environment::{LIST_FIELDS, MANAGER_FIELD};
use crate::value::{json_field, Value};

/// One step of a path.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A parsed `path` source.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SourcePath {
    steps: Vec<Step>,
}

impl SourcePath {
    /// Parses `a.b.0.c`.
    pub(crate) fn parse(text: &str) -> Result<SourcePath, String> {
        if text.trim().is_empty() {
            return Err("a path row needs a field name, e.g. path = \"email\"".to_string());
        }
        let steps = text
            .split('.')
            .map(|part| {
                if part.is_empty() {
                    return Err(format!("the path `{text}` has an empty step"));
                }
                Ok(match part.parse::<usize>() {
                    Ok(index) => Step::Index(index),
                    Err(_) => Step::Key(part.to_string()),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(SourcePath { steps })
    }

    /// Reads the path from `object`, with the JumpCloud rules for the first step.
    pub(crate) fn read<'a>(&self, object: &'a Json, manager: &Value<'a>) -> Value<'a> {
        let Some((first, rest)) = self.steps.split_first() else {
            return Value::Nil;
        };
        let start = match first {
            Step::Key(key) => first_step(object, key, manager),
            Step::Index(index) => object.get(index).map_or(Value::Nil, Value::from_json),
        };
        rest.iter().fold(start, |value, step| match (value, step) {
            (Value::JsonMap(map), Step::Key(key)) => {
                json_field(map, key).map_or(Value::Nil, Value::from_json)
            }
            (Value::JsonArray(items), Step::Index(index)) => {
                items.get(*index).map_or(Value::Nil, Value::from_json)
            }
            _ => Value::Nil,
        })
    }

    /// [`SourcePath::read`] as JSON: a single-key path to a string or a bool is copied
    /// straight from `object` (what the round trip through [`Value`] gives); anything else
    /// takes the round trip.
    #[inline]
    pub(crate) fn read_json(&self, object: &Json, manager: &Value<'_>) -> Json {
        if let ([Step::Key(key)], Json::Object(map)) = (self.steps.as_slice(), object) {
            if let Some(json @ (Json::String(_) | Json::Bool(_))) = json_field(map, key) {
                return json.clone();
            }
        }
        self.read(object, manager).to_json()
    }
}

fn first_step<'a>(object: &'a Json, key: &str, manager: &Value<'a>) -> Value<'a> {
    let field = |key| match object {
        Json::Object(map) => json_field(map, key).map_or(Value::Nil, Value::from_json),
        _ => Value::Nil,
    };
    let value = field(key);
    if !value.is_nil() {
        return value;
    }
    match key {
        "id" => field("_id"),
        MANAGER_FIELD => manager.clone(),
        _ if LIST_FIELDS.contains(&key) => Value::array(Vec::new()),
        _ => Value::Nil,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_nested_paths_and_jumpcloud_rules() {
        let user = json!({"_id": "u1", "email": "a@b.c", "addresses": [{"locality": "Boulder"}]});
        let read = |p: &str| {
            SourcePath::parse(p)
                .unwrap()
                .read(&user, &Value::Nil)
                .to_json()
        };
        assert_eq!(read("email"), json!("a@b.c"));
        assert_eq!(read("addresses.0.locality"), json!("Boulder"));
        assert_eq!(read("addresses.5.locality"), Json::Null);
        assert_eq!(read("id"), json!("u1"));
        assert_eq!(read("phoneNumbers"), json!([]));
        assert_eq!(read("missing.deep"), Json::Null);
    }

    #[test]
    fn json_reads_agree_with_value_reads() {
        let users = [
            json!({"_id": "u1", "email": "a@b.c", "t": true, "n": 1, "e": "", "l": [1], "o": {"a": 1}, "z": null}),
            json!({"email": null, "id": "", "phoneNumbers": "x", "managerExternalId": ""}),
            json!("s"),
            json!([{"email": "x"}]),
        ];
        let manager = Value::Str("m");
        for user in &users {
            for path in [
                "email",
                "t",
                "n",
                "e",
                "l",
                "o",
                "z",
                "id",
                "phoneNumbers",
                "missing",
                "manager",
                "0",
                "l.0",
                "o.a",
            ] {
                let path = SourcePath::parse(path).unwrap();
                assert_eq!(
                    path.read_json(user, &manager),
                    path.read(user, &manager).to_json(),
                    "{path:?} {user}"
                );
            }
        }
    }

    #[test]
    fn err_empty_paths() {
        assert!(SourcePath::parse("").is_err());
        assert!(SourcePath::parse("a..b").is_err());
    }
}
