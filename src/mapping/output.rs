//! An expression's result as the JSON its target takes.
//!
//! A map computed for a complex attribute (`toScimAddresses(...)` gives
//! `{type, streetAddress, ..., formatted, primary}`) is written straight in the attribute's
//! canonical order when it already is canonical in all but order: every key an exact, writable
//! sub-attribute name. The resource then needs no reordering pass, which would build every
//! object a second time. Anything else converts as [`Value::to_json`] does and is normalized
//! when the resource is assembled; both ways give the same resource.
//!
//! A row whose expression is a call of a `toScim*` helper skips the helper's `Value` altogether:
//! [`items_json`] writes the helper's items as that value would be written.

use serde_json::{Map as JsonMap, Value as Json};
use smallvec::SmallVec;

use crate::builtins::scim::{Fields, ScimItems};
use crate::scim::{Attribute, AttributeType};
use crate::value::Value;

/// `value` as JSON for a target whose definition is `attribute`: [`Value::to_json`], with
/// computed maps for a complex attribute in its canonical key order and without null keys.
///
/// Null keys are dropped and keys reordered, nothing else, so [`crate::scim::TargetPath::accepts`]
/// finds a mismatch in this JSON exactly when it finds one in `value.to_json()`.
pub(super) fn target_json(value: &Value<'_>, attribute: Option<&Attribute>) -> Json {
    let Some(attribute) = complex(attribute) else {
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

/// What [`target_json`] gives for the value of a `toScim*` helper that returned `items`.
pub(super) fn items_json(items: &[Fields<'_>], attribute: Option<&Attribute>) -> Json {
    if items.is_empty() {
        return Json::Null;
    }
    let ordered = complex(attribute).filter(|a| a.multi_valued);
    let item_json = |fields: &Fields<'_>| {
        let entries = fields.iter().map(|(name, value)| (Some(*name), value));
        ordered
            .and_then(|attribute| canonical(entries, attribute))
            .unwrap_or_else(|| {
                let plain = fields
                    .iter()
                    .map(|(name, v)| (name.to_string(), v.to_json()));
                Json::Object(plain.collect())
            })
    };
    Json::Array(items.iter().map(item_json).collect())
}

/// Whether every result of the helper fits a target whose definition is `attribute`: an array
/// of objects whose keys are all sub-attributes taking a string, and `primary` a bool (which
/// is what [`crate::scim::TargetPath::accepts`] would find for each value).
pub(super) fn always_fits(helper: &ScimItems, attribute: Option<&Attribute>) -> bool {
    let Some(attribute) = complex(attribute).filter(|a| a.multi_valued) else {
        return false;
    };
    let takes = |name: &str, kinds: &[AttributeType]| {
        attribute
            .sub_attribute(name)
            .is_some_and(|sub| !sub.multi_valued && kinds.contains(&sub.kind))
    };
    let text = [
        AttributeType::String,
        AttributeType::Reference,
        AttributeType::Any,
    ];
    helper.text_fields.iter().all(|name| takes(name, &text))
        && takes("primary", &[AttributeType::Boolean, AttributeType::Any])
}

/// Whether a target whose definition is `attribute` takes any string, as
/// [`crate::scim::TargetPath::accepts`] judges it: strings, references, custom and `any`
/// attributes (not dateTime and binary, whose format is checked).
pub(super) fn takes_any_string(attribute: Option<&Attribute>) -> bool {
    attribute.is_none_or(|attribute| match attribute.kind {
        AttributeType::Any => true,
        AttributeType::String | AttributeType::Reference => !attribute.multi_valued,
        _ => false,
    })
}

fn complex(attribute: Option<&Attribute>) -> Option<&Attribute> {
    attribute.filter(|a| a.kind == AttributeType::Complex)
}

/// One complex value: in canonical order when it can be, else as it is.
fn complex_json(value: &Value<'_>, attribute: &Attribute) -> Json {
    let Value::Map(map) = value else {
        return value.to_json();
    };
    let entries = map.entries.iter().map(|(key, value)| (key.as_str(), value));
    canonical(entries, attribute).unwrap_or_else(|| value.to_json())
}

/// The non-null entries in the order of `attribute`'s sub-attributes, when every key (`None`:
/// not a string) names a writable sub-attribute exactly; `None` otherwise.
fn canonical<'v, 'a: 'v>(
    entries: impl Iterator<Item = (Option<&'v str>, &'v Value<'a>)>,
    attribute: &Attribute,
) -> Option<Json> {
    let subs = attribute.sub_attributes;
    let mut slots: SmallVec<[Option<&Value<'_>>; 12]> = SmallVec::from_elem(None, subs.len());
    let mut count = 0;
    for (name, value) in entries {
        let name = name?;
        let index = subs.iter().position(|sub| sub.name == name)?;
        if subs[index].is_read_only() {
            return None;
        }
        slots[index] = Some(value);
        count += 1;
    }
    let mut object = JsonMap::with_capacity(count);
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
    fn helper_items_give_what_the_helper_value_gives() {
        let schema = ResourceSchema::user();
        let mut custom = ResourceSchema::user();
        custom.declare_extension("urn:acme:2.0:User").unwrap();
        let targets = [
            TargetPath::parse("emails", &schema).unwrap(),
            TargetPath::parse("addresses", &schema).unwrap(),
            TargetPath::parse("phoneNumbers", &schema).unwrap(),
            TargetPath::parse("title", &schema).unwrap(),
            TargetPath::parse("name", &schema).unwrap(),
            TargetPath::parse("urn:acme:2.0:User:list", &custom).unwrap(),
        ];
        let env = json!({"a": [
            {"type": "Work", "streetAddress": " 1 Main St ", "poBox": 12, "country": "US"},
            {"type": "home", "locality": "Paris", "primary": true},
            {"region": ""}
        ]});
        for source in [
            "toScimEmails(['a@x.org', {value: 'b@x.org', type: 'home', primary: true}])",
            "toScimEmails('')",
            "toScimAddresses(a)",
            "toScimAddresses(a[2])",
            "toScimPhoneNumbers([{type: 'work_fax', number: 5550100}, {value: '555'}])",
        ] {
            let program = crate::Engine::default().compile(source).unwrap();
            let helper = program
                .root_builtin()
                .and_then(crate::builtins::scim::scim_items)
                .expect("a toScim* helper is recognised");
            let value = program.run(&env).unwrap();
            let vars = [("a", Value::from_json(&env["a"]))];
            for target in &targets {
                let items = program.run_root_call(&vars, helper.items).unwrap();
                let direct = program.run_direct_call(&vars, |args| {
                    (helper.items)(args).map(|items| {
                        serde_json::to_string(&items_json(&items, target.definition())).unwrap()
                    })
                });
                if let Some(direct) = direct {
                    assert_eq!(
                        direct.unwrap(),
                        serde_json::to_string(&items_json(&items, target.definition())).unwrap(),
                    );
                }
                if always_fits(&helper, target.definition()) {
                    assert!(target.accepts(&value.to_json()).is_ok(), "{target}");
                }
                let direct = items_json(&items, target.definition());
                let through_value = target_json(&value, target.definition());
                assert_eq!(
                    serde_json::to_string(&direct).unwrap(),
                    serde_json::to_string(&through_value).unwrap(),
                    "{source} for {target}"
                );
            }
        }
        let upper = crate::Engine::default().compile("upper('x')").unwrap();
        assert!(upper
            .root_builtin()
            .and_then(crate::builtins::scim::scim_items)
            .is_none());
    }

    #[test]
    fn helpers_always_fit_their_own_attributes_only() {
        let schema = ResourceSchema::user();
        for (helper, fits, misfits) in [
            ("toScimEmails", "emails", "addresses"),
            ("toScimAddresses", "addresses", "emails"),
            ("toScimPhoneNumbers", "phoneNumbers", "title"),
        ] {
            let program = crate::Engine::default()
                .compile(&format!("{helper}(nil)"))
                .unwrap();
            let helper = program
                .root_builtin()
                .and_then(crate::builtins::scim::scim_items)
                .unwrap();
            let target = |text| TargetPath::parse(text, &schema).unwrap();
            assert!(always_fits(&helper, target(fits).definition()), "{fits}");
            assert!(
                !always_fits(&helper, target(misfits).definition()),
                "{misfits}"
            );
        }
    }

    #[test]
    fn targets_that_take_any_string_accept_every_string() {
        let mut schema = ResourceSchema::user();
        schema.declare_extension("urn:acme:2.0:User").unwrap();
        let strings = [
            json!(""),
            json!("x"),
            json!("2024-01-02T03:04:05Z"),
            json!("not base64!"),
        ];
        for text in [
            "userName",
            "name.givenName",
            "profileUrl",
            "emails",
            "active",
            "x509Certificates",
            "$enterpriseUser.manager.value",
            "urn:acme:2.0:User:anything",
        ] {
            let target = TargetPath::parse(text, &schema).unwrap();
            if takes_any_string(target.definition()) {
                for string in &strings {
                    assert!(target.accepts(string).is_ok(), "{text} {string}");
                }
            }
        }
        let user_name = TargetPath::parse("userName", &schema).unwrap();
        assert!(takes_any_string(user_name.definition()));
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
