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

use serde_json::{Map, Value as Json};
use smallvec::SmallVec;

use super::catalog::ResourceSchema;
use super::path::TargetPath;
use super::schema::{Attribute, AttributeType};
use super::shape::Mismatch;

/// Collects (target, value) pairs in table order and writes the resource in schema order.
///
/// ```
/// use scimap::scim::{ResourceBuilder, ResourceSchema, TargetPath};
/// use serde_json::json;
/// let schema = ResourceSchema::user();
/// // Targets are parsed once, when the table is compiled ...
/// let [department, given_name, user_name] = ["$enterpriseUser.department", "name.givenName", "userName"]
///     .map(|text| TargetPath::parse(text, &schema).unwrap());
/// // ... and a builder borrows them for each user.
/// let mut builder = ResourceBuilder::new(&schema);
/// builder.set(&department, json!("R&D")).unwrap();
/// builder.set(&given_name, json!("Ada")).unwrap();
/// builder.set(&user_name, json!("ada@example.com")).unwrap();
/// assert_eq!(builder.finish(), json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
///                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
///     "userName": "ada@example.com",
///     "name": {"givenName": "Ada"},
///     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "R&D"}
/// }));
/// ```
#[derive(Clone, Debug)]
pub struct ResourceBuilder<'s, 't> {
    schema: &'s ResourceSchema,
    entries: Vec<(&'t TargetPath, Json)>,
}

impl<'s, 't> ResourceBuilder<'s, 't> {
    /// An empty resource of `schema`'s kind. Targets must be parsed against the same schema.
    pub fn new(schema: &'s ResourceSchema) -> ResourceBuilder<'s, 't> {
        ResourceBuilder {
            schema,
            entries: Vec::new(),
        }
    }

    /// Sets `target` to `value` after checking that the value fits. `null` is accepted and
    /// skipped (the row leaves the attribute alone).
    pub fn set(&mut self, target: &'t TargetPath, value: Json) -> Result<(), Mismatch> {
        if value.is_null() {
            return Ok(());
        }
        target.accepts(&value)?;
        self.entries.push((target, value));
        Ok(())
    }

    /// Whether no value was set.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The resource: `schemas` first, then attributes in schema order.
    pub fn finish(self) -> Json {
        let schema = self.schema;
        let attributes = self.assemble();
        let mut resource = Map::new();
        resource.insert("schemas".to_string(), schemas_value(schema, &attributes));
        for (path, value) in attributes {
            let name = path.attribute_name().to_string();
            let Some(urn) = path.urn() else {
                resource.insert(name, value);
                continue;
            };
            let extension = resource
                .entry(urn.to_string())
                .or_insert_with(|| Json::Object(Map::new()));
            if let Json::Object(extension) = extension {
                extension.insert(name, value);
            }
        }
        Json::Object(resource)
    }

    /// One value per top-level attribute, merged from its rows and normalized, in schema
    /// order (attributes of custom extensions in row order).
    fn assemble(self) -> Vec<(&'t TargetPath, Json)> {
        let mut entries = self.entries;
        entries.sort_by_key(|(path, _)| (path.position().0, path.position().1));
        let mut merged: Vec<(&'t TargetPath, Option<Json>)> = Vec::new();
        for (path, value) in entries {
            match merged
                .iter()
                .rposition(|(first, _)| same_attribute(first, path))
            {
                Some(index) => merge(&mut merged[index].1, path, value),
                None => {
                    let mut slot = None;
                    merge(&mut slot, path, value);
                    merged.push((path, slot));
                }
            }
        }
        merged
            .into_iter()
            .filter_map(|(path, value)| {
                normalize(path.attribute_definition(), value?).map(|value| (path, value))
            })
            .collect()
    }
}

/// Where each row of a table goes in the resource, worked out once when the table is compiled:
/// the attributes in output order, each with the rows that write it in the order they merge.
/// Assembling one user's resource from it places values without sorting, searching or checking
/// them again, and gives exactly what [`ResourceBuilder`] gives for the same (target, value)
/// pairs.
#[derive(Clone, Debug)]
pub(crate) struct ResourceLayout {
    core_urn: &'static str,
    attributes: Vec<LayoutAttribute>,
}

/// One top-level attribute of a [`ResourceLayout`].
#[derive(Clone, Debug)]
struct LayoutAttribute {
    /// The extension it sits under, or `None` for a core attribute.
    urn: Option<String>,
    /// The key it is written under.
    name: String,
    definition: Option<&'static Attribute>,
    /// The rows writing it, in merge order: (row, sub-attribute name of a sub-attribute row).
    rows: Vec<(usize, Option<String>)>,
    /// How many attributes of the layout share its extension (to size the extension object).
    extension_size: usize,
    /// Only distinct sub-attribute rows of a known complex attribute, sorted in schema order:
    /// the rows' values make the normalized object as they come.
    presorted: bool,
}

impl ResourceLayout {
    /// The layout of a table whose rows write `targets` (in row order; value `i` of
    /// [`ResourceLayout::assemble`] belongs to `targets[i]`).
    pub(crate) fn new<'t>(
        schema: &ResourceSchema,
        targets: impl IntoIterator<Item = &'t TargetPath>,
    ) -> ResourceLayout {
        let targets: Vec<&TargetPath> = targets.into_iter().collect();
        // The same order and grouping as `ResourceBuilder::assemble`, on row numbers.
        let mut order: Vec<usize> = (0..targets.len()).collect();
        order.sort_by_key(|&row| (targets[row].position().0, targets[row].position().1));
        let mut groups: Vec<(&TargetPath, LayoutAttribute)> = Vec::new();
        for row in order {
            let path = targets[row];
            let sub = path.sub_attribute_name().map(str::to_string);
            match groups
                .iter()
                .rposition(|(first, _)| same_attribute(first, path))
            {
                Some(index) => groups[index].1.rows.push((row, sub)),
                None => groups.push((
                    path,
                    LayoutAttribute {
                        urn: path.urn().map(str::to_string),
                        name: path.attribute_name().to_string(),
                        definition: path.attribute_definition(),
                        rows: vec![(row, sub)],
                        extension_size: 0,
                        presorted: false,
                    },
                )),
            }
        }
        let mut attributes: Vec<LayoutAttribute> = groups
            .into_iter()
            .map(|(_, mut attribute)| {
                attribute.presort(&targets);
                attribute
            })
            .collect();
        let urns: Vec<Option<String>> = attributes.iter().map(|a| a.urn.clone()).collect();
        for attribute in &mut attributes {
            attribute.extension_size = urns.iter().filter(|urn| **urn == attribute.urn).count();
        }
        ResourceLayout {
            core_urn: schema.core().id,
            attributes,
        }
    }

    /// The resource from the rows' values (`None`: no value), which must fit their targets
    /// (checked with [`TargetPath::accepts`]). Takes the values out of `values`.
    pub(crate) fn assemble(&self, row_values: &mut [Option<Json>]) -> Json {
        let mut values = SmallVec::new();
        self.attribute_values(row_values, &mut values);
        let schemas: Vec<Json> = self
            .schemas(values.iter().map(Option::is_some))
            .map(|urn| Json::String(urn.to_string()))
            .collect();
        let core_values = self
            .attributes
            .iter()
            .zip(&values)
            .filter(|(attribute, value)| attribute.urn.is_none() && value.is_some())
            .count();
        let mut resource = Map::with_capacity(schemas.len() + core_values);
        resource.insert("schemas".to_string(), Json::Array(schemas));
        let mut extension: Option<(&str, Map<String, Json>)> = None;
        for (attribute, value) in self.attributes.iter().zip(values) {
            let Some(value) = value else {
                continue;
            };
            let Some(urn) = attribute.urn.as_deref() else {
                resource.insert(attribute.name.clone(), value);
                continue;
            };
            // Attributes of one extension are adjacent: fill its object, then move on.
            match &mut extension {
                Some((current, object)) if *current == urn => {
                    object.insert(attribute.name.clone(), value);
                }
                _ => {
                    flush_extension(&mut resource, extension.take());
                    let mut object = Map::with_capacity(attribute.extension_size);
                    object.insert(attribute.name.clone(), value);
                    extension = Some((urn, object));
                }
            }
        }
        flush_extension(&mut resource, extension);
        Json::Object(resource)
    }

    /// Writes the resource [`ResourceLayout::assemble`] builds as compact JSON, the bytes
    /// `serde_json::to_writer` writes for it, without building the resource's objects.
    pub(crate) fn write(&self, row_values: &mut [Option<Json>], out: &mut Vec<u8>) {
        // Presorted objects (`name` from `name.givenName`, ...) are written from their rows'
        // values as they stand: building the object only to serialize it costs more.
        let mut values: SmallVec<[Option<Json>; 24]> = SmallVec::new();
        values.extend(self.attributes.iter().map(|attribute| {
            if attribute.presorted {
                None
            } else {
                attribute.value(row_values)
            }
        }));
        let present: SmallVec<[bool; 24]> = self
            .attributes
            .iter()
            .zip(&values)
            .map(|(attribute, value)| {
                value.is_some()
                    || (attribute.presorted
                        && attribute
                            .rows
                            .iter()
                            .any(|(row, _)| row_values[*row].is_some()))
            })
            .collect();
        out.extend_from_slice(b"{\"schemas\":[");
        for (index, urn) in self.schemas(present.iter().copied()).enumerate() {
            if index > 0 {
                out.push(b',');
            }
            write_json(out, urn);
        }
        out.push(b']');
        let mut open: Option<&str> = None;
        for ((attribute, value), present) in self.attributes.iter().zip(&values).zip(present) {
            if !present {
                continue;
            }
            let urn = attribute.urn.as_deref();
            if urn.is_some() && urn == open {
                out.push(b',');
            } else if let Some(urn) = urn {
                if open.is_some() {
                    out.push(b'}');
                }
                out.push(b',');
                write_json(out, urn);
                out.extend_from_slice(b":{");
                open = Some(urn);
            } else {
                out.push(b',');
            }
            write_json(out, &attribute.name);
            out.push(b':');
            match value {
                Some(value) => write_json(out, value),
                None => attribute.write_presorted(row_values, out),
            }
        }
        if open.is_some() {
            out.push(b'}');
        }
        out.push(b'}');
    }

    /// Each attribute's value for one user (merged and normalized), in layout order.
    /// (Filled in the caller's frame: returned by value, kilobytes would be copied per user.)
    fn attribute_values(
        &self,
        values: &mut [Option<Json>],
        into: &mut SmallVec<[Option<Json>; 24]>,
    ) {
        into.extend(
            self.attributes
                .iter()
                .map(|attribute| attribute.value(values)),
        );
    }

    /// The `schemas` list: the core URN, then each extension that has a value, in order.
    fn schemas<'l>(
        &'l self,
        present: impl Iterator<Item = bool> + 'l,
    ) -> impl Iterator<Item = &'l str> + 'l {
        let mut last = None;
        let extensions = self
            .attributes
            .iter()
            .zip(present)
            .filter(|(_, present)| *present)
            .filter_map(move |(attribute, _)| {
                let urn = attribute.urn.as_deref()?;
                (last.replace(urn) != Some(urn)).then_some(urn)
            });
        std::iter::once(self.core_urn).chain(extensions)
    }
}

/// Writes a value as compact JSON. Serializing JSON into a vector cannot fail; were it to,
/// the value would be written as `null` rather than panic.
fn write_json(out: &mut Vec<u8>, value: &(impl serde::Serialize + ?Sized)) {
    let start = out.len();
    if serde_json::to_writer(&mut *out, value).is_err() {
        out.truncate(start);
        out.extend_from_slice(b"null");
    }
}

/// Puts a filled extension object under its URN.
fn flush_extension(resource: &mut Map<String, Json>, extension: Option<(&str, Map<String, Json>)>) {
    if let Some((urn, object)) = extension {
        resource.insert(urn.to_string(), Json::Object(object));
    }
}

impl LayoutAttribute {
    /// Sorts distinct sub-attribute rows of a known, single-valued complex attribute into
    /// schema order, so that their values need no normalizing.
    fn presort(&mut self, targets: &[&TargetPath]) {
        let Some(definition) = self.definition else {
            return;
        };
        let all_writable_subs = self.rows.iter().all(|(row, sub)| {
            sub.is_some()
                && targets[*row]
                    .definition()
                    .is_some_and(|d| !d.is_read_only())
        });
        if definition.kind != AttributeType::Complex
            || definition.multi_valued
            || !all_writable_subs
        {
            return;
        }
        self.rows.sort_by_key(|(row, _)| targets[*row].position().2);
        let distinct = self
            .rows
            .windows(2)
            .all(|pair| targets[pair[0].0].position().2 != targets[pair[1].0].position().2);
        self.presorted = distinct;
    }

    /// Writes the object [`LayoutAttribute::value`] builds for a presorted attribute with a
    /// value, as `serde_json::to_writer` writes it.
    fn write_presorted(&self, values: &[Option<Json>], out: &mut Vec<u8>) {
        out.push(b'{');
        let mut first = true;
        for (row, sub) in &self.rows {
            if let (Some(value), Some(sub)) = (&values[*row], sub) {
                if !first {
                    out.push(b',');
                }
                first = false;
                write_json(out, sub);
                out.push(b':');
                write_json(out, value);
            }
        }
        out.push(b'}');
    }

    /// The attribute's value for one user: its rows' values merged and normalized.
    fn value(&self, values: &mut [Option<Json>]) -> Option<Json> {
        if self.presorted {
            let mut object = Map::with_capacity(self.rows.len());
            for (row, sub) in &self.rows {
                if let (Some(value), Some(sub)) = (values[*row].take(), sub) {
                    object.insert(sub.clone(), value);
                }
            }
            return (!object.is_empty()).then_some(Json::Object(object));
        }
        let mut slot = None;
        for (row, sub) in &self.rows {
            if let Some(value) = values[*row].take() {
                merge_value(&mut slot, sub.as_deref(), value);
            }
        }
        normalize(self.definition, slot?)
    }
}

/// The core URN, then each extension URN that has a value, in declared order.
fn schemas_value(schema: &ResourceSchema, attributes: &[(&TargetPath, Json)]) -> Json {
    let mut urns = vec![Json::String(schema.core().id.to_string())];
    for urn in attributes.iter().filter_map(|(path, _)| path.urn()) {
        if !urns.iter().any(|listed| listed == urn) {
            urns.push(Json::String(urn.to_string()));
        }
    }
    Json::Array(urns)
}

fn same_attribute(left: &TargetPath, right: &TargetPath) -> bool {
    left.position().0 == right.position().0
        && left.position().1 == right.position().1
        && left
            .attribute_name()
            .eq_ignore_ascii_case(right.attribute_name())
}

/// Adds one row's value to its attribute's: a whole value replaces, a sub-attribute sets its key.
fn merge(slot: &mut Option<Json>, path: &TargetPath, value: Json) {
    merge_value(slot, path.sub_attribute_name(), value);
}

fn merge_value(slot: &mut Option<Json>, sub: Option<&str>, value: Json) {
    let Some(sub) = sub else {
        *slot = Some(value);
        return;
    };
    if !matches!(slot, Some(Json::Object(_))) {
        *slot = Some(Json::Object(Map::new()));
    }
    if let Some(Json::Object(object)) = slot {
        object.insert(sub.to_string(), value);
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
            let object = order_sub_attributes(attribute, object);
            (!object.is_empty()).then_some(Json::Object(object))
        }
        other => Some(other),
    }
}

/// The writable, non-null sub-attributes in schema order and canonical case, then any
/// unknown keys as they were. Of keys that differ only in case, the exact spelling wins.
fn order_sub_attributes(attribute: &Attribute, mut object: Map<String, Json>) -> Map<String, Json> {
    if is_canonical(attribute, &object) {
        return object;
    }
    let mut ordered = Map::new();
    for sub in attribute.sub_attributes {
        match take_ignore_case(&mut object, sub.name) {
            Some(value) if !value.is_null() && !sub.is_read_only() => {
                ordered.insert(sub.name.to_string(), value);
            }
            _ => {}
        }
    }
    ordered.extend(object.into_iter().filter(|(_, value)| !value.is_null()));
    ordered
}

/// Whether `object` is already in canonical form: writable sub-attributes only, spelled
/// exactly, in schema order, none null (so that putting it in order would change nothing).
fn is_canonical(attribute: &Attribute, object: &Map<String, Json>) -> bool {
    let mut subs = attribute.sub_attributes.iter();
    object.iter().all(|(key, value)| {
        !value.is_null()
            && subs
                .find(|sub| sub.name == key)
                .is_some_and(|sub| !sub.is_read_only())
    })
}

/// Removes every key equal to `name` ignoring case; returns the exact one's value, or else the
/// first.
fn take_ignore_case(object: &mut Map<String, Json>, name: &str) -> Option<Json> {
    let value = object.shift_remove(name).or_else(|| {
        let key = object
            .keys()
            .find(|key| key.eq_ignore_ascii_case(name))?
            .clone();
        object.shift_remove(&key)
    });
    object.retain(|key, _| !key.eq_ignore_ascii_case(name));
    value
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
        let built = build_resource(schema, entries).unwrap();
        // A compiled table's layout assembles the very same resource, key order included.
        let layout = ResourceLayout::new(schema, &paths);
        let mut values: Vec<Option<Json>> = rows
            .iter()
            .map(|(_, v)| Some(v.clone()).filter(|v| !v.is_null()))
            .collect();
        let mut for_writing = values.clone();
        let assembled = layout.assemble(&mut values);
        let text = serde_json::to_string(&built).unwrap();
        assert_eq!(serde_json::to_string(&assembled).unwrap(), text);
        let mut written = Vec::new();
        layout.write(&mut for_writing, &mut written);
        assert_eq!(String::from_utf8(written).unwrap(), text);
        built
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
                (
                    "name",
                    json!({"GIVENNAME": "A", "givenName": "C", "familyName": null}),
                ),
                ("name.familyName", json!("B")),
                (
                    "$enterpriseUser.manager",
                    json!({"displayName": "Boss", "value": "m"}),
                ),
            ],
        );
        assert_eq!(user["name"], json!({"familyName": "B", "givenName": "C"}));
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
