//! [`patch`]: the RFC 7644 (section 3.5.2) PatchOp that takes the provider's resource to the
//! desired one, for the attributes the desired resource mentions.
//!
//! Decisions:
//! - Only what `desired` mentions is compared; attributes it lacks are left alone (the table
//!   does not manage them). `null` in `desired` also leaves an attribute alone; rows that opt
//!   into clearing pass their targets in `clear`, which become `remove` operations when
//!   `current` has a value there.
//! - Single-valued attributes: `add` when `current` has none, `replace` when it differs.
//!   Complex ones (`name`, `manager`) are compared sub-attribute by sub-attribute, and only the
//!   changed ones are written (`replace` of `name.givenName`), so sub-attributes the table does
//!   not set survive.
//! - Multi-valued attributes are compared as multisets: element order does not matter, and a
//!   desired element matches a current one when every sub-attribute it sets is equal there
//!   (sub-attributes the provider adds, such as `display` or `$ref`, are ignored) and both agree
//!   on `primary` (absent means `false`). Any difference gives one whole-value `replace`
//!   (`add` when `current` has none; `remove` when `desired` is `[]`).
//! - Values compare exactly (strings are case-sensitive, so a change of case is sent); numbers
//!   compare by value. Attribute names and URNs in `current` are matched case-insensitively;
//!   paths are written in canonical case.
//! - Read-only attributes (`id`, `meta`, `groups`, `schemas`, `manager.displayName`) are never
//!   written. Write-only ones (`password`) are skipped too: the provider never returns them, so
//!   a diff cannot tell whether they changed (they are sent on create).
//! - Extension attributes use URN-prefixed paths
//!   (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`); `schemas` itself
//!   is not patched.
//! - Operations come in schema order (core attributes, then extensions in declared order), so
//!   the request is deterministic.

use serde_json::{json, Map, Value as Json};

use super::catalog::{is_urn, ResourceSchema};
use super::json::{get_ignore_case, is_primary, is_unassigned, present, values_equal};
use super::path::TargetPath;
use super::resource::normalize;
use super::schema::{Attribute, AttributeType, Mutability, PATCH_OP_URN};

/// An RFC 7644 PATCH operation name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PatchOp {
    /// Add a value (or elements) where there was none.
    Add,
    /// Remove the value.
    Remove,
    /// Replace the value.
    Replace,
}

impl PatchOp {
    /// `"add"`, `"remove"` or `"replace"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PatchOp::Add => "add",
            PatchOp::Remove => "remove",
            PatchOp::Replace => "replace",
        }
    }
}

/// One operation of a PatchOp request.
#[derive(Clone, Debug, PartialEq)]
pub struct PatchOperation {
    /// What to do.
    pub op: PatchOp,
    /// The SCIM path (`name.givenName`, `urn:...:User:department`).
    pub path: String,
    /// The value, for `add` and `replace`.
    pub value: Option<Json>,
}

impl PatchOperation {
    /// The operation as RFC 7644 writes it: `{"op", "path", "value"}`.
    pub fn to_json(&self) -> Json {
        let mut object = Map::new();
        object.insert("op".to_string(), json!(self.op.as_str()));
        object.insert("path".to_string(), json!(self.path));
        if let Some(value) = &self.value {
            object.insert("value".to_string(), value.clone());
        }
        Json::Object(object)
    }
}

/// The PatchOp request taking `current` to `desired`, or `None` when nothing changes.
/// `clear` lists targets to remove when `current` has a value there (and `desired` none).
///
/// ```
/// use scimap::scim::{patch, ResourceSchema};
/// use serde_json::json;
/// let current = json!({"userName": "ada", "name": {"givenName": "Ada", "familyName": "L"}});
/// let desired = json!({"userName": "ada", "name": {"givenName": "Augusta"}});
/// let request = patch(&current, &desired, &ResourceSchema::user(), &[]).unwrap();
/// assert_eq!(request, json!({
///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
///     "Operations": [{"op": "replace", "path": "name.givenName", "value": "Augusta"}]
/// }));
/// assert_eq!(patch(&current, &current, &ResourceSchema::user(), &[]), None);
/// ```
pub fn patch(
    current: &Json,
    desired: &Json,
    schema: &ResourceSchema,
    clear: &[TargetPath],
) -> Option<Json> {
    let operations = patch_operations(current, desired, schema, clear);
    (!operations.is_empty()).then(|| patch_request(&operations))
}

/// Wraps operations in a PatchOp request.
pub fn patch_request(operations: &[PatchOperation]) -> Json {
    let operations: Vec<Json> = operations.iter().map(PatchOperation::to_json).collect();
    json!({"schemas": [PATCH_OP_URN], "Operations": operations})
}

/// The operations taking `current` to `desired`, in schema order (see the module docs).
pub fn patch_operations(
    current: &Json,
    desired: &Json,
    schema: &ResourceSchema,
    clear: &[TargetPath],
) -> Vec<PatchOperation> {
    let empty = Map::new();
    let current = current.as_object().unwrap_or(&empty);
    let mut diff = Diff::default();
    if let Json::Object(desired) = desired {
        for (key, value) in desired {
            diff.member(key, value, current, schema);
        }
    }
    for target in clear {
        diff.clear(target, current, desired);
    }
    diff.sorted()
}

/// Operations collected with their schema position.
#[derive(Default)]
struct Diff {
    operations: Vec<((usize, usize, usize), PatchOperation)>,
}

/// Where one attribute sits: its path prefix (a URN and `:`, or nothing) and its position.
struct Place<'a> {
    prefix: &'a str,
    schema: usize,
    index: usize,
}

impl Diff {
    fn push(
        &mut self,
        position: (usize, usize, usize),
        op: PatchOp,
        path: String,
        value: Option<Json>,
    ) {
        self.operations
            .push((position, PatchOperation { op, path, value }));
    }

    fn sorted(mut self) -> Vec<PatchOperation> {
        self.operations.sort_by_key(|(position, _)| *position);
        self.operations.into_iter().map(|(_, op)| op).collect()
    }

    /// One top-level member of `desired`: a core attribute or an extension object.
    fn member(
        &mut self,
        key: &str,
        value: &Json,
        current: &Map<String, Json>,
        schema: &ResourceSchema,
    ) {
        if key.eq_ignore_ascii_case("schemas") {
            return;
        }
        let core = schema.core();
        if let Some(index) = core.attribute_index(key) {
            let place = Place {
                prefix: "",
                schema: 0,
                index,
            };
            let definition = &core.attributes[index];
            let found = get_ignore_case(current, key);
            return self.attribute(&place, definition.name, Some(definition), value, found);
        }
        if is_urn(key) {
            return self.extension(key, value, current, schema);
        }
        let place = Place {
            prefix: "",
            schema: 0,
            index: usize::MAX,
        };
        self.attribute(&place, key, None, value, get_ignore_case(current, key));
    }

    fn extension(
        &mut self,
        key: &str,
        value: &Json,
        current: &Map<String, Json>,
        schema: &ResourceSchema,
    ) {
        let Json::Object(desired) = value else { return };
        let declared = schema.extension(key);
        let urn = declared.map_or(key, |(_, extension)| extension.urn());
        let known = declared.and_then(|(_, extension)| extension.schema());
        let position = declared.map_or(usize::MAX, |(index, _)| index + 1);
        let empty = Map::new();
        let current = present(get_ignore_case(current, urn))
            .and_then(Json::as_object)
            .unwrap_or(&empty);
        let prefix = format!("{urn}:");
        for (name, value) in desired {
            let index = known.and_then(|schema| schema.attribute_index(name));
            let definition = known.zip(index).map(|(schema, i)| &schema.attributes[i]);
            let place = Place {
                prefix: &prefix,
                schema: position,
                index: index.unwrap_or(usize::MAX),
            };
            let name = definition.map_or(name.as_str(), |d| d.name);
            self.attribute(
                &place,
                name,
                definition,
                value,
                get_ignore_case(current, name),
            );
        }
    }

    /// One attribute: dispatches on single, complex or multi-valued. Values are compared as
    /// given and cloned (normalized) only for the operations emitted.
    fn attribute(
        &mut self,
        place: &Place<'_>,
        name: &str,
        definition: Option<&Attribute>,
        desired: &Json,
        current: Option<&Json>,
    ) {
        let writable =
            |d: &Attribute| !matches!(d.mutability, Mutability::ReadOnly | Mutability::WriteOnly);
        if desired.is_null() || !definition.is_none_or(writable) {
            return;
        }
        let position = (place.schema, place.index, 0);
        let multi_valued = definition.map_or(desired.is_array(), |d| d.multi_valued);
        let complex = definition.map_or(desired.is_object(), |d| d.kind == AttributeType::Complex);
        let path = || format!("{}{name}", place.prefix);
        match (desired, present(current)) {
            (Json::Array(wanted), _) if multi_valued => {
                self.multi_valued(position, path(), definition, wanted, current)
            }
            (Json::Object(wanted), Some(Json::Object(found))) if complex && !multi_valued => {
                self.complex(position, &path(), definition, wanted, found)
            }
            (_, Some(found)) if values_equal(desired, found) => {}
            (_, found) => {
                let op = if found.is_some() {
                    PatchOp::Replace
                } else {
                    PatchOp::Add
                };
                if let Some(value) = normalize(definition, desired.clone()) {
                    self.push(position, op, path(), Some(value));
                }
            }
        }
    }

    /// A single-valued complex attribute present on both sides: one operation per changed
    /// writable sub-attribute, named in canonical case.
    fn complex(
        &mut self,
        position: (usize, usize, usize),
        path: &str,
        definition: Option<&Attribute>,
        desired: &Map<String, Json>,
        current: &Map<String, Json>,
    ) {
        // Sub-attributes of custom attributes keep their order of appearance; unknown ones of
        // known attributes come last.
        let unknown = if position.1 == usize::MAX {
            0
        } else {
            usize::MAX
        };
        for (name, value) in desired.iter().filter(|(_, value)| !value.is_null()) {
            let sub_index = definition.and_then(|d| d.sub_attribute_index(name));
            let sub = definition.zip(sub_index).map(|(d, i)| &d.sub_attributes[i]);
            if sub.is_some_and(Attribute::is_read_only) {
                continue;
            }
            let name = sub.map_or(name.as_str(), |sub| sub.name);
            let position = (position.0, position.1, sub_index.map_or(unknown, |i| i + 1));
            let op = match present(get_ignore_case(current, name)) {
                None => PatchOp::Add,
                Some(found) if !values_equal(value, found) => PatchOp::Replace,
                Some(_) => continue,
            };
            self.push(position, op, format!("{path}.{name}"), Some(value.clone()));
        }
    }

    /// A multi-valued attribute: compared as a multiset, written whole.
    fn multi_valued(
        &mut self,
        position: (usize, usize, usize),
        path: String,
        definition: Option<&Attribute>,
        wanted: &[Json],
        current: Option<&Json>,
    ) {
        let wanted_none = wanted.iter().all(Json::is_null);
        let current_unassigned = is_unassigned(current);
        let op = match (wanted_none, current_unassigned) {
            (true, true) => return,
            (true, false) => return self.push(position, PatchOp::Remove, path, None),
            (false, true) => PatchOp::Add,
            (false, false) if same_elements(definition, wanted, current) => return,
            (false, false) => PatchOp::Replace,
        };
        let value = normalize(definition, Json::Array(wanted.to_vec()));
        self.push(position, op, path, value);
    }

    /// A row that opted into clearing: `remove` when `current` has a value and `desired` none.
    fn clear(&mut self, target: &TargetPath, current: &Map<String, Json>, desired: &Json) {
        let wanted = desired
            .as_object()
            .and_then(|desired| lookup(desired, target));
        if !is_unassigned(wanted) || is_unassigned(lookup(current, target)) {
            return;
        }
        let position = target.position();
        self.push(position, PatchOp::Remove, target.to_string(), None);
    }
}

/// The value at `target` in a resource, matching names case-insensitively.
fn lookup<'a>(resource: &'a Map<String, Json>, target: &TargetPath) -> Option<&'a Json> {
    let scope = match target.urn() {
        Some(urn) => present(get_ignore_case(resource, urn))?.as_object()?,
        None => resource,
    };
    let value = present(get_ignore_case(scope, target.attribute_name()))?;
    match target.sub_attribute_name() {
        Some(sub) => present(get_ignore_case(value.as_object()?, sub)),
        None => Some(value),
    }
}

/// Whether the desired elements match the current ones one to one, in any order.
fn same_elements(definition: Option<&Attribute>, wanted: &[Json], current: Option<&Json>) -> bool {
    let Some(Json::Array(current)) = current else {
        return false;
    };
    let wanted: Vec<&Json> = wanted.iter().filter(|e| !e.is_null()).collect();
    let current: Vec<&Json> = current.iter().filter(|e| !e.is_null()).collect();
    if current.len() != wanted.len() {
        return false;
    }
    let mut used = vec![false; current.len()];
    wanted.iter().all(|element| {
        let found = (0..current.len())
            .find(|&i| !used[i] && element_matches(definition, element, current[i]));
        found.map(|i| used[i] = true).is_some()
    })
}

/// Whether a current element holds every writable sub-attribute a desired element sets, and
/// both agree on `primary`.
fn element_matches(definition: Option<&Attribute>, wanted: &Json, found: &Json) -> bool {
    let (Json::Object(wanted_object), Json::Object(found_object)) = (wanted, found) else {
        return values_equal(wanted, found);
    };
    let compared = |key: &str| {
        !key.eq_ignore_ascii_case("primary")
            && !definition
                .and_then(|d| d.sub_attribute(key))
                .is_some_and(Attribute::is_read_only)
    };
    let subs_match = wanted_object
        .iter()
        .filter(|(key, value)| !value.is_null() && compared(key))
        .all(|(key, value)| {
            present(get_ignore_case(found_object, key)).is_some_and(|f| values_equal(value, f))
        });
    subs_match && is_primary(wanted) == is_primary(found)
}
