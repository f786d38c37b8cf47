//! [`ResourceBuilder`]: the SCIM User or Group a mapping table produces for one user.
//!
//! Decisions, in the spirit of RFC 7643:
//! - `null` means "leave the attribute alone": it is skipped, and so are `null` sub-attributes
//!   and `null` elements; a complex value left empty by that is skipped too.
//! - Keys follow schema order whatever the row order: `schemas`, then the core attributes, then
//!   each extension used (declared order) under its URN, its attributes in schema order too
//!   (attributes of custom extensions in row order). Sub-attribute names are written in their
//!   canonical case (`givenname` becomes `givenName`).
//! - Rows writing one attribute merge in row order: a whole value, then sub-attribute rows
//!   (`name.givenName`) set their key in it; a later whole value replaces what came before.
//! - Multi-valued attributes keep at most one `primary: true`: the first; later ones become
//!   `primary: false` (the key is kept so the element reads the same as the row wrote it).
//! - Read-only sub-attributes in a value (`manager.displayName`) are dropped: the provider owns
//!   them and would ignore them.

use indexmap::IndexMap;
use serde_json::{Map, Value as Json};

use super::catalog::ResourceSchema;
use super::json::get_ignore_case;
use super::path::TargetPath;
use super::schema::{Attribute, AttributeType};
use super::shape::Mismatch;

/// Collects (target, value) pairs in table order and writes the resource in schema order.
///
/// ```
/// use scimap::scim::{ResourceBuilder, ResourceSchema, TargetPath};
/// use serde_json::json;
/// let schema = ResourceSchema::user();
/// let target = |text| TargetPath::parse(text, &schema).unwrap();
/// let mut builder = ResourceBuilder::new(&schema);
/// builder.set(&target("$enterpriseUser.department"), json!("R&D")).unwrap();
/// builder.set(&target("name.givenName"), json!("Ada")).unwrap();
/// builder.set(&target("userName"), json!("ada@example.com")).unwrap();
/// assert_eq!(builder.finish(), json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
///                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
///     "userName": "ada@example.com",
///     "name": {"givenName": "Ada"},
///     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "R&D"}
/// }));
/// ```
#[derive(Clone, Debug)]
pub struct ResourceBuilder<'s> {
    schema: &'s ResourceSchema,
    entries: Vec<(TargetPath, Json)>,
}

/// The entries that write one top-level attribute, in row order.
type Group<'e> = Vec<&'e (TargetPath, Json)>;

impl<'s> ResourceBuilder<'s> {
    /// An empty resource of `schema`'s kind. Targets must be parsed against the same schema.
    pub fn new(schema: &'s ResourceSchema) -> ResourceBuilder<'s> {
        ResourceBuilder {
            schema,
            entries: Vec::new(),
        }
    }

    /// Sets `target` to `value` after checking that the value fits. `null` is accepted and
    /// skipped (the row leaves the attribute alone).
    pub fn set(&mut self, target: &TargetPath, value: Json) -> Result<(), Mismatch> {
        if value.is_null() {
            return Ok(());
        }
        target.accepts(&value)?;
        self.entries.push((target.clone(), value));
        Ok(())
    }

    /// Whether no value was set.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The resource: `schemas` first, then attributes in schema order.
    pub fn finish(self) -> Json {
        let groups = self.groups();
        let mut resource = Map::new();
        resource.insert("schemas".to_string(), self.schemas_value(&groups));
        for group in groups.values() {
            let Some(value) = assemble(group) else {
                continue;
            };
            let name = group[0].0.attribute_name().to_string();
            match group[0].0.urn() {
                None => {
                    resource.insert(name, value);
                }
                Some(urn) => {
                    let extension = resource
                        .entry(urn.to_string())
                        .or_insert_with(|| Json::Object(Map::new()));
                    if let Json::Object(extension) = extension {
                        extension.insert(name, value);
                    }
                }
            }
        }
        Json::Object(resource)
    }

    /// Entries grouped by top-level attribute, groups in schema order.
    fn groups(&self) -> IndexMap<(usize, String), Group<'_>> {
        let mut sorted: Vec<&(TargetPath, Json)> = self.entries.iter().collect();
        sorted.sort_by_key(|(path, _)| (path.position().0, path.position().1));
        let mut groups: IndexMap<(usize, String), Group<'_>> = IndexMap::new();
        for entry in sorted {
            let key = (
                entry.0.position().0,
                entry.0.attribute_name().to_ascii_lowercase(),
            );
            groups.entry(key).or_default().push(entry);
        }
        groups
    }

    /// The core URN, then each extension URN that has a value, in declared order.
    fn schemas_value(&self, groups: &IndexMap<(usize, String), Group<'_>>) -> Json {
        let mut urns = vec![Json::String(self.schema.core().id.to_string())];
        for group in groups.values() {
            let urn = group[0].0.urn();
            let is_new = urn.is_some_and(|urn| !urns.iter().any(|u| u == urn));
            if let (Some(urn), true) = (urn, is_new && assemble(group).is_some()) {
                urns.push(Json::String(urn.to_string()));
            }
        }
        Json::Array(urns)
    }
}

/// Builds a resource from (target, value) pairs in table order, or every mismatch found.
pub fn build_resource<'t>(
    schema: &ResourceSchema,
    entries: impl IntoIterator<Item = (&'t TargetPath, Json)>,
) -> Result<Json, Vec<Mismatch>> {
    let mut builder = ResourceBuilder::new(schema);
    let mut mismatches = Vec::new();
    for (target, value) in entries {
        if let Err(mismatch) = builder.set(target, value) {
            mismatches.push(mismatch);
        }
    }
    if mismatches.is_empty() {
        Ok(builder.finish())
    } else {
        Err(mismatches)
    }
}

/// Merges the rows of one attribute into its value, normalized; `None` when nothing is left.
fn assemble(group: &Group<'_>) -> Option<Json> {
    let mut value: Option<Json> = None;
    for (path, row_value) in group {
        match path.sub_attribute_name() {
            None => value = Some(row_value.clone()),
            Some(sub) => {
                if !matches!(value, Some(Json::Object(_))) {
                    value = Some(Json::Object(Map::new()));
                }
                if let Some(Json::Object(object)) = &mut value {
                    object.insert(sub.to_string(), row_value.clone());
                }
            }
        }
    }
    normalize(group[0].0.attribute_definition(), value?)
}

/// Puts a value in canonical form (see the module docs); `None` when nothing is left.
pub(crate) fn normalize(attribute: Option<&Attribute>, value: Json) -> Option<Json> {
    let Some(attribute) = attribute else {
        return (!value.is_null()).then_some(value);
    };
    match value {
        Json::Null => None,
        Json::Array(elements) if attribute.multi_valued => {
            let mut elements: Vec<Json> = elements
                .into_iter()
                .filter_map(|element| normalize_single(attribute, element))
                .collect();
            keep_first_primary(&mut elements);
            Some(Json::Array(elements))
        }
        other => normalize_single(attribute, other),
    }
}

fn normalize_single(attribute: &Attribute, value: Json) -> Option<Json> {
    match value {
        Json::Null => None,
        Json::Object(object) if attribute.kind == AttributeType::Complex => {
            let object = order_sub_attributes(attribute, &object);
            (!object.is_empty()).then_some(Json::Object(object))
        }
        other => Some(other),
    }
}

/// The writable, non-null sub-attributes in schema order and canonical case, then any
/// unknown keys as they were.
fn order_sub_attributes(attribute: &Attribute, object: &Map<String, Json>) -> Map<String, Json> {
    let mut ordered = Map::new();
    for sub in attribute.sub_attributes {
        match get_ignore_case(object, sub.name) {
            Some(value) if !value.is_null() && !sub.is_read_only() => {
                ordered.insert(sub.name.to_string(), value.clone());
            }
            _ => {}
        }
    }
    for (key, value) in object {
        if attribute.sub_attribute(key).is_none() && !value.is_null() {
            ordered.insert(key.clone(), value.clone());
        }
    }
    ordered
}

/// Turns every `primary: true` after the first into `primary: false`.
fn keep_first_primary(elements: &mut [Json]) {
    let mut seen = false;
    for element in elements {
        if let Some(primary) = element.get_mut("primary") {
            if *primary == Json::Bool(true) {
                if seen {
                    *primary = Json::Bool(false);
                }
                seen = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scim::schema::{ENTERPRISE_USER_URN, USER_URN};
    use serde_json::json;

    fn build(schema: &ResourceSchema, rows: &[(&str, Json)]) -> Json {
        let paths: Vec<TargetPath> = rows
            .iter()
            .map(|(text, _)| TargetPath::parse(text, schema).unwrap())
            .collect();
        let entries = paths.iter().zip(rows.iter().map(|(_, v)| v.clone()));
        build_resource(schema, entries).unwrap()
    }

    fn keys(value: &Json) -> Vec<&str> {
        value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn keys_follow_schema_order_not_row_order() {
        let schema = ResourceSchema::user();
        let user = build(
            &schema,
            &[
                ("$enterpriseUser.manager.value", json!("m-1")),
                ("emails", json!([{"primary": true, "value": "a@b.c"}])),
                ("name.givenName", json!("Ada")),
                ("active", json!(true)),
                ("name.familyName", json!("Lovelace")),
                ("userName", json!("ada")),
                ("$enterpriseUser.department", json!("R&D")),
                ("externalId", json!("E-1")),
            ],
        );
        assert_eq!(
            keys(&user),
            [
                "schemas",
                "externalId",
                "userName",
                "name",
                "active",
                "emails",
                ENTERPRISE_USER_URN
            ]
        );
        assert_eq!(keys(&user["name"]), ["familyName", "givenName"]);
        assert_eq!(keys(&user["emails"][0]), ["value", "primary"]);
        assert_eq!(keys(&user[ENTERPRISE_USER_URN]), ["department", "manager"]);
        assert_eq!(user["schemas"], json!([USER_URN, ENTERPRISE_USER_URN]));
    }

    #[test]
    fn schemas_lists_only_extensions_used() {
        let schema = ResourceSchema::user();
        let user = build(
            &schema,
            &[
                ("userName", json!("ada")),
                ("$enterpriseUser.department", Json::Null),
            ],
        );
        assert_eq!(user, json!({"schemas": [USER_URN], "userName": "ada"}));
    }

    #[test]
    fn custom_extensions_sit_under_their_urn_in_declared_order() {
        let mut schema = ResourceSchema::user();
        schema.declare_extension("urn:acme:ext:2.0:User").unwrap();
        let user = build(
            &schema,
            &[
                ("urn:acme:ext:2.0:User:badge.color", json!("red")),
                ("urn:acme:ext:2.0:User:level", json!(3)),
                ("$enterpriseUser.costCenter", json!("CC")),
                ("urn:acme:ext:2.0:User:badge.size", json!("L")),
            ],
        );
        assert_eq!(
            user["schemas"],
            json!([USER_URN, ENTERPRISE_USER_URN, "urn:acme:ext:2.0:User"])
        );
        assert_eq!(
            user["urn:acme:ext:2.0:User"],
            json!({"badge": {"color": "red", "size": "L"}, "level": 3})
        );
    }

    #[test]
    fn only_the_first_primary_stays_primary() {
        let schema = ResourceSchema::user();
        let emails = json!([
            {"value": "a@x", "primary": false},
            {"value": "b@x", "primary": true},
            {"value": "c@x", "primary": true},
            null
        ]);
        let user = build(&schema, &[("emails", emails)]);
        let primaries: Vec<_> = user["emails"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["primary"].clone())
            .collect();
        assert_eq!(primaries, [json!(false), json!(true), json!(false)]);
    }

    #[test]
    fn whole_values_are_normalized_and_merged_with_sub_rows() {
        let schema = ResourceSchema::user();
        let user = build(
            &schema,
            &[
                ("name", json!({"GIVENNAME": "A", "familyName": null})),
                ("name.familyName", json!("B")),
                (
                    "$enterpriseUser.manager",
                    json!({"displayName": "Boss", "value": "m"}),
                ),
            ],
        );
        assert_eq!(user["name"], json!({"familyName": "B", "givenName": "A"}));
        assert_eq!(keys(&user["name"]), ["familyName", "givenName"]);
        assert_eq!(user[ENTERPRISE_USER_URN]["manager"], json!({"value": "m"}));
    }

    #[test]
    fn empty_complex_values_and_nulls_are_skipped() {
        let schema = ResourceSchema::user();
        let user = build(
            &schema,
            &[("name", json!({"givenName": null})), ("title", json!(""))],
        );
        assert_eq!(user, json!({"schemas": [USER_URN], "title": ""}));
    }

    #[test]
    fn mismatched_values_are_refused() {
        let schema = ResourceSchema::user();
        let emails = TargetPath::parse("emails", &schema).unwrap();
        let active = TargetPath::parse("active", &schema).unwrap();
        let result = build_resource(
            &schema,
            [(&emails, json!("a@b.c")), (&active, json!("yes"))],
        );
        let locations: Vec<_> = result
            .unwrap_err()
            .into_iter()
            .map(|m| m.location)
            .collect();
        assert_eq!(locations, ["emails", "active"]);
    }

    #[test]
    fn groups_use_the_group_schema() {
        let schema = ResourceSchema::group();
        let group = build(&schema, &[("displayName", json!("Engineering"))]);
        assert_eq!(
            group,
            json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Engineering"})
        );
    }
}
