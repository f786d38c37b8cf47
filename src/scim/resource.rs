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

use std::ops::Range;

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
    /// `{"schemas":[` and the core URN as JSON, the start of every resource
    /// [`ResourceLayout::write`] writes.
    write_prefix: String,
    /// The attributes in output order: the core attributes (the first `core_len`), then those
    /// of each extension in turn (core attributes sort before every extension's).
    attributes: Vec<LayoutAttribute>,
    core_len: usize,
    /// The extensions written, in output order.
    extensions: Vec<LayoutExtension>,
}

/// One extension of a [`ResourceLayout`]: the object under its URN.
#[derive(Clone, Debug)]
struct LayoutExtension {
    urn: String,
    /// The URN as a JSON string, for [`ResourceLayout::write`].
    urn_json: String,
    /// Its attributes: a range of [`ResourceLayout`]'s.
    attributes: Range<usize>,
}

/// One top-level attribute of a [`ResourceLayout`].
#[derive(Clone, Debug)]
struct LayoutAttribute {
    /// The key it is written under.
    name: String,
    /// The key as JSON followed by `:` (`"userName":`), for [`ResourceLayout::write`]: written
    /// for every user, so escaped once.
    key_json: String,
    definition: Option<&'static Attribute>,
    /// The rows writing it, in merge order: (row, sub-attribute name of a sub-attribute row).
    rows: Vec<(usize, Option<String>)>,
    /// Only distinct sub-attribute rows of a known complex attribute, sorted in schema order:
    /// the rows' values make the normalized object as they come.
    presorted: bool,
    /// For a presorted attribute, each row's sub-attribute name as a JSON key followed by `:`,
    /// for [`LayoutAttribute::write_presorted`].
    sub_keys: Vec<String>,
}

/// What [`ResourceLayout::write`] writes for an attribute with a value.
enum Output {
    /// A value, written as it is.
    Value(Json),
    /// A presorted attribute's object, written from its rows' values.
    Presorted,
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
                        name: path.attribute_name().to_string(),
                        key_json: key_json(path.attribute_name()),
                        definition: path.attribute_definition(),
                        rows: vec![(row, sub)],
                        presorted: false,
                        sub_keys: Vec::new(),
                    },
                )),
            }
        }
        // Sorted by schema position, so the core attributes (schema 0, no URN) come first and
        // each extension's attributes are adjacent.
        let mut extensions: Vec<LayoutExtension> = Vec::new();
        for (index, (path, _)) in groups.iter().enumerate() {
            let Some(urn) = path.urn() else { continue };
            match extensions.last_mut() {
                Some(extension) if extension.urn == urn => extension.attributes.end = index + 1,
                _ => extensions.push(LayoutExtension {
                    urn: urn.to_string(),
                    urn_json: json_string(urn),
                    attributes: index..index + 1,
                }),
            }
        }
        let core_len = extensions
            .first()
            .map_or(groups.len(), |extension| extension.attributes.start);
        debug_assert!(groups[..core_len]
            .iter()
            .all(|(path, _)| path.urn().is_none()));
        let attributes = groups
            .into_iter()
            .map(|(_, mut attribute)| {
                attribute.presort(&targets);
                attribute
            })
            .collect();
        ResourceLayout {
            core_urn: schema.core().id,
            write_prefix: format!("{{\"schemas\":[{}", json_string(schema.core().id)),
            attributes,
            core_len,
            extensions,
        }
    }

    /// The resource from the rows' values (`None`: no value), which must fit their targets
    /// (checked with [`TargetPath::accepts`]). Takes the values out of `values`.
    pub(crate) fn assemble(&self, row_values: &mut [Option<Json>]) -> Json {
        // `schemas` is the first key but lists only the extensions with a value: their objects
        // are made first, then each core attribute's value goes straight into the resource.
        let mut objects: SmallVec<[(&str, Map<String, Json>); 2]> = SmallVec::new();
        for extension in &self.extensions {
            let attributes = &self.attributes[extension.attributes.clone()];
            let mut object = None;
            for attribute in attributes {
                if let Some(value) = attribute.value(row_values) {
                    object
                        .get_or_insert_with(|| Map::with_capacity(attributes.len()))
                        .insert(attribute.name.clone(), value);
                }
            }
            if let Some(object) = object {
                objects.push((&extension.urn, object));
            }
        }
        let core = &self.attributes[..self.core_len];
        // Exact unless normalizing leaves an attribute with nothing (a rare `{"x": null}`).
        let core_values = core.iter().filter(|a| a.has_rows(row_values)).count();
        let mut resource = Map::with_capacity(1 + core_values + objects.len());
        let mut schemas = Vec::with_capacity(1 + objects.len());
        schemas.push(Json::String(self.core_urn.to_string()));
        for (urn, _) in &objects {
            schemas.push(Json::String(urn.to_string()));
        }
        resource.insert("schemas".to_string(), Json::Array(schemas));
        for attribute in core {
            if let Some(value) = attribute.value(row_values) {
                resource.insert(attribute.name.clone(), value);
            }
        }
        for (urn, object) in objects {
            resource.insert(urn.to_string(), Json::Object(object));
        }
        Json::Object(resource)
    }

    /// Writes the resource [`ResourceLayout::assemble`] builds as compact JSON, the bytes
    /// `serde_json::to_writer` writes for it, without building the resource's objects.
    pub(crate) fn write(&self, row_values: &mut [Option<Json>], out: &mut Vec<u8>) {
        // As in `assemble`, the extensions' values first (`schemas` lists those with one).
        let extended = &self.attributes[self.core_len..];
        let outputs: SmallVec<[Option<Output>; 8]> = extended
            .iter()
            .map(|attribute| attribute.output(row_values))
            .collect();
        let has_output = |extension: &LayoutExtension| {
            let range = extension.attributes.clone();
            outputs[range.start - self.core_len..range.end - self.core_len]
                .iter()
                .any(Option::is_some)
        };
        out.extend_from_slice(self.write_prefix.as_bytes());
        for extension in self.extensions.iter().filter(|e| has_output(e)) {
            out.push(b',');
            out.extend_from_slice(extension.urn_json.as_bytes());
        }
        out.push(b']');
        for attribute in &self.attributes[..self.core_len] {
            if let Some(output) = attribute.output(row_values) {
                out.push(b',');
                attribute.write(&output, row_values, out);
            }
        }
        for extension in self.extensions.iter().filter(|e| has_output(e)) {
            out.push(b',');
            out.extend_from_slice(extension.urn_json.as_bytes());
            out.extend_from_slice(b":{");
            let mut first = true;
            for index in extension.attributes.clone() {
                let Some(output) = &outputs[index - self.core_len] else {
                    continue;
                };
                if !first {
                    out.push(b',');
                }
                first = false;
                self.attributes[index].write(output, row_values, out);
            }
            out.push(b'}');
        }
        out.push(b'}');
    }
}

/// A string as JSON, escaped as `serde_json` escapes it (strings and map keys alike).
fn json_string(text: &str) -> String {
    let mut json = Vec::with_capacity(text.len() + 2);
    write_json(&mut json, text);
    String::from_utf8(json).unwrap_or_default()
}

/// A map key as JSON followed by `:`, as `serde_json` writes it.
fn key_json(key: &str) -> String {
    let mut json = json_string(key);
    json.push(':');
    json
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
        if distinct {
            let subs = self.rows.iter().filter_map(|(_, sub)| sub.as_deref());
            self.sub_keys = subs.map(key_json).collect();
        }
    }

    /// Whether any of its rows has a value.
    fn has_rows(&self, values: &[Option<Json>]) -> bool {
        self.rows.iter().any(|(row, _)| values[*row].is_some())
    }

    /// What [`ResourceLayout::write`] writes for it, `None` when it has no value. A presorted
    /// object is written from its rows' values as they stand: building the object only to
    /// serialize it costs more.
    fn output(&self, values: &mut [Option<Json>]) -> Option<Output> {
        if self.presorted {
            self.has_rows(values).then_some(Output::Presorted)
        } else {
            self.value(values).map(Output::Value)
        }
    }

    /// Writes `"name":` and its output as compact JSON.
    fn write(&self, output: &Output, values: &[Option<Json>], out: &mut Vec<u8>) {
        out.extend_from_slice(self.key_json.as_bytes());
        match output {
            Output::Value(value) => write_json(out, value),
            Output::Presorted => self.write_presorted(values, out),
        }
    }

    /// Writes the object [`LayoutAttribute::value`] builds for a presorted attribute with a
    /// value, as `serde_json::to_writer` writes it.
    fn write_presorted(&self, values: &[Option<Json>], out: &mut Vec<u8>) {
        out.push(b'{');
        let mut first = true;
        for ((row, _), key) in self.rows.iter().zip(&self.sub_keys) {
            if let Some(value) = &values[*row] {
                if !first {
                    out.push(b',');
                }
                first = false;
                out.extend_from_slice(key.as_bytes());
                write_json(out, value);
            }
        }
        out.push(b'}');
    }

    /// The attribute's value for one user: its rows' values merged and normalized.
    fn value(&self, values: &mut [Option<Json>]) -> Option<Json> {
        // One whole-value row (most attributes): nothing to merge.
        if let [(row, None)] = self.rows[..] {
            // Moved straight out of the slot, leaving `Some(null)`: each attribute's rows are
            // read once, after `has_rows` (see `take` for why not `None`).
            let value = std::mem::take(values.get_mut(row)?.as_mut()?);
            return normalize(self.definition, value);
        }
        if self.presorted {
            // No object is made (nor allocated) unless some row has a value.
            let first = self
                .rows
                .iter()
                .position(|(row, _)| values[*row].is_some())?;
            let rows = &self.rows[first..];
            let mut object = Map::with_capacity(rows.len());
            for (row, sub) in rows {
                if let (Some(value), Some(sub)) = (take(&mut values[*row]), sub) {
                    object.insert(sub.clone(), value);
                }
            }
            return Some(Json::Object(object));
        }
        let mut slot = None;
        for (row, sub) in &self.rows {
            if let Some(value) = take(&mut values[*row]) {
                merge_value(&mut slot, sub.as_deref(), value);
            }
        }
        normalize(self.definition, slot?)
    }
}

/// Moves a row's value out of its slot, leaving `None`. `Option::take` on a value this large
/// builds the `None` in a temporary and copies the whole of it into the slot, reading back
/// words the CPU cannot forward from the one just stored: a stall on every value taken, a
/// large part of `assemble`'s time in a profile. Taking the JSON out (leaving `null`, one
/// byte written in place) does not.
#[inline]
fn take(slot: &mut Option<Json>) -> Option<Json> {
    let value = slot.as_mut().map(std::mem::take);
    if value.is_some() {
        *slot = None;
    }
    value
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
#[inline]
pub(crate) fn normalize(attribute: Option<&Attribute>, value: Json) -> Option<Json> {
    match value {
        Json::Null | Json::Array(_) | Json::Object(_) => normalize_structured(attribute, value),
        // Text, numbers and booleans are canonical as they are: most values, so this is
        // decided without a call.
        scalar => Some(scalar),
    }
}

/// [`normalize`] for `null`, arrays and objects.
fn normalize_structured(attribute: Option<&Attribute>, mut value: Json) -> Option<Json> {
    let Some(attribute) = attribute else {
        return (!value.is_null()).then_some(value);
    };
    match &mut value {
        Json::Array(elements) if attribute.multi_valued => {
            // In place: the elements are usually canonical already (a `toScim*` helper's).
            elements.retain_mut(|element| normalize_element(attribute, element));
            keep_first_primary(elements);
        }
        single => {
            if !normalize_element(attribute, single) {
                return None;
            }
        }
    }
    Some(value)
}

/// Puts one value of `attribute` in canonical form in place; `false` when nothing is left
/// (`null`, or an object without a writable, non-null sub-attribute).
fn normalize_element(attribute: &Attribute, element: &mut Json) -> bool {
    match element {
        Json::Null => false,
        Json::Object(object) if attribute.kind == AttributeType::Complex => {
            if !is_canonical(attribute, object) {
                *object = order_sub_attributes(attribute, std::mem::take(object));
            }
            !object.is_empty()
        }
        _ => true,
    }
}

/// The writable, non-null sub-attributes in schema order and canonical case, then any
/// unknown keys as they were. Of keys that differ only in case, the exact spelling wins.
fn order_sub_attributes(attribute: &Attribute, mut object: Map<String, Json>) -> Map<String, Json> {
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
        if let Some(primary) = primary_of(element) {
            if *primary == Json::Bool(true) {
                if seen {
                    *primary = Json::Bool(false);
                }
                seen = true;
            }
        }
    }
}

/// An element's `primary` value, if it is an object with one. Found by a scan from the end
/// rather than a hash lookup (which hashes the key): an element has a few keys, and `primary`
/// comes after the others in schema order. (Keys are distinct, so the scan finds what a
/// lookup would.)
fn primary_of(element: &mut Json) -> Option<&mut Json> {
    let Json::Object(object) = element else {
        return None;
    };
    object
        .iter_mut()
        .rev()
        .find(|(key, _)| *key == "primary")
        .map(|(_, value)| value)
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

    /// Targets of every kind: whole and sub-attribute rows of core, enterprise and custom
    /// attributes, some of them writing the same attribute. (Not two spellings of one custom
    /// attribute: a layout names it after its first row, a builder after its first row with a
    /// value.)
    const TARGETS: [&str; 15] = [
        "userName",
        "name",
        "name.givenName",
        "name.familyName",
        "name.formatted",
        "emails",
        "addresses",
        "active",
        "title",
        "$enterpriseUser.department",
        "$enterpriseUser.manager",
        "$enterpriseUser.manager.value",
        "urn:acme:ext:2.0:User:badge.color",
        "urn:acme:ext:2.0:User:badge",
        "urn:acme:ext:2.0:User:level",
    ];

    fn any_value() -> impl proptest::strategy::Strategy<Value = Json> {
        use proptest::prelude::*;
        let key = prop::sample::select(vec![
            "value",
            "VALUE",
            "primary",
            "type",
            "givenName",
            "GIVENNAME",
            "familyName",
            "formatted",
            "displayName",
            "color",
            "x",
        ])
        .prop_map(str::to_string);
        let leaf = prop_oneof![
            Just(Json::Null),
            any::<bool>().prop_map(Json::Bool),
            (0..3_i64).prop_map(Json::from),
            "[a-z ]{0,3}".prop_map(Json::String),
        ];
        leaf.prop_recursive(3, 24, 4, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
                prop::collection::vec((key.clone(), inner), 0..4)
                    .prop_map(|members| Json::Object(members.into_iter().collect())),
            ]
        })
    }

    /// Lists of SCIM-like elements: objects of `primary`, `value`, `type` ... in any order,
    /// often several primaries, nulls among them.
    fn elements() -> impl proptest::strategy::Strategy<Value = Json> {
        use proptest::prelude::*;
        let key = prop::sample::select(vec![
            "primary", "primary", "value", "type", "Primary", "display", "x",
        ])
        .prop_map(str::to_string);
        let leaf = prop_oneof![
            3 => Just(Json::Bool(true)),
            1 => Just(Json::Null),
            1 => Just(Json::Bool(false)),
            1 => "[a-z]{0,2}".prop_map(Json::String),
        ];
        let element = prop_oneof![
            4 => prop::collection::vec((key, leaf), 0..5)
                .prop_map(|members| Json::Object(members.into_iter().collect())),
            1 => Just(Json::Null),
        ];
        prop::collection::vec(element, 0..6).prop_map(Json::Array)
    }

    /// [`normalize`] as first written (a new vector of elements, a hash lookup of `primary`),
    /// which the in-place version must match.
    fn reference_normalize(attribute: Option<&Attribute>, value: Json) -> Option<Json> {
        fn single(attribute: &Attribute, value: Json) -> Option<Json> {
            match value {
                Json::Null => None,
                Json::Object(object) if attribute.kind == AttributeType::Complex => {
                    let object = if is_canonical(attribute, &object) {
                        object
                    } else {
                        order_sub_attributes(attribute, object)
                    };
                    (!object.is_empty()).then_some(Json::Object(object))
                }
                other => Some(other),
            }
        }
        let Some(attribute) = attribute else {
            return (!value.is_null()).then_some(value);
        };
        match value {
            Json::Null => None,
            Json::Array(elements) if attribute.multi_valued => {
                let mut elements: Vec<Json> = elements
                    .into_iter()
                    .filter_map(|element| single(attribute, element))
                    .collect();
                let mut seen = false;
                for element in &mut elements {
                    if let Some(primary) = element.get_mut("primary") {
                        if *primary == Json::Bool(true) {
                            if seen {
                                *primary = Json::Bool(false);
                            }
                            seen = true;
                        }
                    }
                }
                Some(Json::Array(elements))
            }
            other => single(attribute, other),
        }
    }

    proptest::proptest! {
        /// Normalizing gives what it gave as first written, key order included.
        #[test]
        fn normalizing_matches_the_reference(
            target in 0..TARGETS.len(),
            value in proptest::prop_oneof![any_value(), elements()],
            multi_valued in proptest::bool::ANY,
        ) {
            // Half the cases for multi-valued attributes.
            let target = if multi_valued {
                ["emails", "addresses"][target % 2]
            } else {
                TARGETS[target]
            };
            let mut schema = ResourceSchema::user();
            schema.declare_extension("urn:acme:ext:2.0:User").unwrap();
            let path = TargetPath::parse(target, &schema).unwrap();
            for definition in [path.attribute_definition(), path.definition()] {
                let expected = reference_normalize(definition, value.clone());
                let normalized = normalize(definition, value.clone());
                proptest::prop_assert_eq!(
                    serde_json::to_string(&normalized).unwrap(),
                    serde_json::to_string(&expected).unwrap()
                );
            }
        }

        /// A layout assembles and writes exactly what the builder builds, whatever the rows.
        #[test]
        fn layouts_give_what_the_builder_gives(
            rows in proptest::collection::vec((0..TARGETS.len(), any_value()), 0..12)
        ) {
            let mut schema = ResourceSchema::user();
            schema.declare_extension("urn:acme:ext:2.0:User").unwrap();
            let rows: Vec<(&str, Json)> = rows
                .into_iter()
                .map(|(target, value)| (TARGETS[target], value))
                .filter(|(text, value)| {
                    TargetPath::parse(text, &schema).unwrap().accepts(value).is_ok()
                })
                .collect();
            build(&schema, &rows);
        }
    }
}
