//! Direct `path` rows: a dotted path into the source object (`email`, `addresses.0.locality`),
//! read without the interpreter. Missing steps give nil, as field reads do in expressions.

use serde_json::Value as Json;

use super::environment::{LIST_FIELDS, MANAGER_FIELD};
use crate::eval::direct::{FieldSlots, Fields, Slot};
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
    /// The slots of the first step's key (and of `_id`, which `id` falls back to), once the
    /// table has given them ([`SourcePath::resolve`]): the key is then read from the
    /// per-user [`Fields`] instead of being looked up by name.
    slots: Option<(Slot, Option<Slot>)>,
    /// The JumpCloud rule for the first step's key, worked out once.
    rule: Rule,
}

/// What a missing (nil) first step falls back to: the JumpCloud rules.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Rule {
    None,
    /// `id` falls back to `_id`.
    Id,
    /// `managerExternalId` is the resolved manager.
    Manager,
    /// List fields read as `[]`.
    EmptyList,
}

impl Rule {
    fn of(key: &str) -> Rule {
        match key {
            "id" => Rule::Id,
            MANAGER_FIELD => Rule::Manager,
            _ if LIST_FIELDS.contains(&key) => Rule::EmptyList,
            _ => Rule::None,
        }
    }

    /// The first step's `value` with the rule applied (`id`: the `_id` field).
    #[inline]
    fn apply<'a>(
        self,
        value: Value<'a>,
        id: impl FnOnce() -> Value<'a>,
        manager: &Value<'a>,
    ) -> Value<'a> {
        if !value.is_nil() {
            return value;
        }
        match self {
            Rule::None => Value::Nil,
            Rule::Id => id(),
            Rule::Manager => manager.clone(),
            Rule::EmptyList => Value::array(Vec::new()),
        }
    }
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
            .collect::<Result<Vec<_>, _>>()?;
        let rule = match steps.first() {
            Some(Step::Key(key)) => Rule::of(key),
            _ => Rule::None,
        };
        Ok(SourcePath {
            steps,
            slots: None,
            rule,
        })
    }

    /// Gives the first step's key a slot of `var` (the source object's variable) in `slots`.
    /// Without slots to spare, the key stays read by name.
    pub(crate) fn resolve(&mut self, slots: &mut FieldSlots, var: &str) {
        let Some(Step::Key(key)) = self.steps.first() else {
            return;
        };
        let id = if self.rule == Rule::Id {
            match slots.slot(var, "_id") {
                Some(slot) => Some(slot),
                None => return,
            }
        } else {
            None
        };
        self.slots = slots.slot(var, key).map(|slot| (slot, id));
    }

    /// Reads the path from `object` (whose fields the table's slots hold in `fields`, when
    /// the path is resolved), with the JumpCloud rules for the first step.
    pub(crate) fn read<'a>(
        &self,
        object: &'a Json,
        manager: &Value<'a>,
        fields: &Fields<'a>,
    ) -> Value<'a> {
        let Some((first, rest)) = self.steps.split_first() else {
            return Value::Nil;
        };
        let start = match first {
            Step::Key(key) => match self.slots {
                Some((slot, id)) => {
                    let field = |slot: Option<Slot>| {
                        slot.and_then(|slot| fields.json(slot))
                            .map_or(Value::Nil, Value::from_json)
                    };
                    self.rule.apply(field(Some(slot)), || field(id), manager)
                }
                None => {
                    let field = |key| match object {
                        Json::Object(map) => {
                            json_field(map, key).map_or(Value::Nil, Value::from_json)
                        }
                        _ => Value::Nil,
                    };
                    self.rule.apply(field(key), || field("_id"), manager)
                }
            },
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
    pub(crate) fn read_json<'a>(
        &self,
        object: &'a Json,
        manager: &Value<'a>,
        fields: &Fields<'a>,
    ) -> Json {
        if let [Step::Key(key)] = self.steps.as_slice() {
            let json = match (self.slots, object) {
                (Some((slot, _)), _) => fields.json(slot),
                (None, Json::Object(map)) => json_field(map, key),
                (None, _) => None,
            };
            match json {
                Some(json @ (Json::String(_) | Json::Bool(_))) => return json.clone(),
                // Missing (or null) without a JumpCloud rule: null, without building a value.
                None | Some(Json::Null) if self.rule == Rule::None => return Json::Null,
                _ => {}
            }
        }
        self.read(object, manager, fields).to_json()
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
                .read(&user, &Value::Nil, &Fields::default())
                .to_json()
        };
        assert_eq!(read("email"), json!("a@b.c"));
        assert_eq!(read("addresses.0.locality"), json!("Boulder"));
        assert_eq!(read("addresses.5.locality"), Json::Null);
        assert_eq!(read("id"), json!("u1"));
        assert_eq!(read("phoneNumbers"), json!([]));
        assert_eq!(read("missing.deep"), Json::Null);
    }

    /// Paths read the same by name and by slot, as values and as JSON.
    #[test]
    fn json_and_slot_reads_agree_with_value_reads() {
        let users = [
            json!({"_id": "u1", "email": "a@b.c", "t": true, "n": 1, "e": "", "l": [1], "o": {"a": 1}, "z": null}),
            json!({"email": null, "id": "", "phoneNumbers": "x", "managerExternalId": ""}),
            json!({"id": "u2", "_id": "u3", "manager": "m1"}),
            json!({}),
            json!("s"),
            json!([{"email": "x"}]),
        ];
        let manager = Value::Str("m");
        let paths = [
            "email",
            "t",
            "n",
            "e",
            "l",
            "o",
            "z",
            "id",
            "_id",
            "phoneNumbers",
            "addresses",
            "missing",
            "manager",
            "managerExternalId",
            "0",
            "l.0",
            "o.a",
            "id.0",
        ];
        let mut slots = FieldSlots::default();
        let resolved: Vec<SourcePath> = paths
            .iter()
            .map(|text| {
                let mut path = SourcePath::parse(text).unwrap();
                path.resolve(&mut slots, "jcUser");
                path
            })
            .collect();
        for user in &users {
            let mut fields = Fields::default();
            slots.fill(&[("jcUser", Value::from_json(user))], &mut fields);
            for (text, resolved) in paths.iter().zip(&resolved) {
                let by_name = SourcePath::parse(text).unwrap();
                let value = by_name.read(user, &manager, &fields).to_json();
                assert_eq!(
                    by_name.read_json(user, &manager, &fields),
                    value,
                    "{text} {user}"
                );
                assert_eq!(
                    resolved.read(user, &manager, &fields).to_json(),
                    value,
                    "{text} {user}"
                );
                assert_eq!(
                    resolved.read_json(user, &manager, &fields),
                    value,
                    "{text} {user}"
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
