//! An expression's result as the JSON its target takes.
//!
//! A map computed for a complex attribute (`toScimAddresses(...)` gives
//! `{type, streetAddress, ..., formatted, primary}`) is written straight in the attribute's
//! canonical order when it already is canonical in all but order: every key an exact, writable
//! sub-attribute name. The resource then needs no reordering pass, which would build every
//! object a second time. Anything else converts as [`Value::to_json`] does and is normalized
//! when the resource is assembled; both ways give the same resource.

use serde_json::{Map as JsonMap, Value as Json};
use smallvec::SmallVec;

use crate::scim::{Attribute, AttributeType};
use crate::value::{Key, Map, Value};

/// `value` as JSON for a target whose definition is `attribute`: [`Value::to_json`], with
/// computed maps for a complex attribute in its canonical key order and without null keys.
///
/// Null keys are dropped and keys reordered, nothing else, so [`crate::scim::TargetPath::accepts`]
/// finds a mismatch in this JSON exactly when it finds one in `value.to_json()`.
pub(super) fn target_json(value: &Value<'_>, attribute: Option<&Attribute>) -> Json {
    let Some(attribute) = attribute.filter(|a| a.kind == AttributeType::Complex) else {
        return value.to_json();
    };
    if !attribute.multi_valued {
        return complex_json(value, attribute);
    }
    match value.array_iter() {
        Some(items) if !value.is_nil() => {
            Json::Array(items.map(|item| complex_json(&item, attribute)).collect())
        }
        _ => value.to_json(),
    }
}

/// One complex value: in canonical order when it can be, else as it is.
fn complex_json(value: &Value<'_>, attribute: &Attribute) -> Json {
    match value {
        Value::Map(map) => canonical(map, attribute).unwrap_or_else(|| value.to_json()),
        _ => value.to_json(),
    }
}

/// The map's non-null entries in the order of `attribute`'s sub-attributes, when every key
/// names a writable sub-attribute exactly (`None` otherwise).
fn canonical(map: &Map<'_>, attribute: &Attribute) -> Option<Json> {
    let subs = attribute.sub_attributes;
    let mut slots: SmallVec<[Option<&Value<'_>>; 12]> = SmallVec::from_elem(None, subs.len());
    for (key, value) in &map.entries {
        let Key::Str(name) = key else {
            return None;
        };
        let index = subs.iter().position(|sub| sub.name == &**name)?;
        if subs[index].is_read_only() {
            return None;
        }
        slots[index] = Some(value);
    }
    let mut object = JsonMap::with_capacity(map.entries.len());
    for (sub, value) in subs.iter().zip(slots) {
        let Some(value) = value else { continue };
        let json = value.to_json();
        if !json.is_null() {
            object.insert(sub.name.to_string(), json);
        }
    }
    Some(Json::Object(object))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::scim::{ResourceSchema, TargetPath};

    fn evaluated(source: &str) -> Value<'static> {
        let program = crate::Engine::default().compile(source).unwrap();
        program.run(&json!({})).unwrap().into_owned()
    }

    fn keys(json: &Json) -> Vec<&str> {
        json.as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn helper_results_come_out_in_schema_order() {
        let schema = ResourceSchema::user();
        let addresses = TargetPath::parse("addresses", &schema).unwrap();
        let value = evaluated(
            "toScimAddresses({type: 'work', streetAddress: '1 Main St', locality: 'Boulder'})",
        );
        let json = target_json(&value, addresses.definition());
        assert_eq!(
            keys(&json[0]),
            ["formatted", "streetAddress", "locality", "type", "primary"]
        );
        assert_eq!(json, value.to_json(), "same content as a plain conversion");
    }

    #[test]
    fn anything_not_canonical_but_for_order_converts_as_it_is() {
        let schema = ResourceSchema::user();
        let name = TargetPath::parse("name", &schema).unwrap();
        for source in [
            "{GivenName: 'Ada', familyName: 'L'}",
            "{givenName: 'Ada', nickname: 'x'}",
            "'Ada'",
            "nil",
        ] {
            let value = evaluated(source);
            assert_eq!(
                target_json(&value, name.definition()),
                value.to_json(),
                "{source}"
            );
        }
        let ordered = target_json(
            &evaluated("{givenName: 'Ada', familyName: nil, formatted: 'Ada L'}"),
            name.definition(),
        );
        assert_eq!(ordered, json!({"formatted": "Ada L", "givenName": "Ada"}));
        assert_eq!(keys(&ordered), ["formatted", "givenName"]);
    }

    #[test]
    fn read_only_sub_attributes_are_left_to_normalizing() {
        let schema = ResourceSchema::user();
        let manager = TargetPath::parse("$enterpriseUser.manager", &schema).unwrap();
        let value = evaluated("{displayName: 'Boss', value: 'm'}");
        assert_eq!(
            keys(&target_json(&value, manager.definition())),
            ["displayName", "value"]
        );
    }
}
