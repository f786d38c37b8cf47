//! The variables an expression sees in a mapping table (mapping spec §3), and the JumpCloud
//! rules: `jcUser.id` mirrors `_id`, list fields that are absent or null read as `[]`, and
//! `jcUser.managerExternalId` comes from the caller's resolver.
//!
//! The rules apply where a field is read by name (`jcUser.id`, `jcUser["addresses"]`, a `path`
//! row); the object itself (`toJSON(jcUser)`) is the user exactly as given. Applying them at
//! compile time means no user document is ever copied.

use std::sync::OnceLock;

use serde_json::Value as Json;

use crate::eval::lower::{Fallback, FieldRule};
use crate::scim::ResourceKind;
use crate::types::{Type, TypeEnv};
use crate::value::Value;

/// The computed field the resolver fills in.
pub const MANAGER_FIELD: &str = "managerExternalId";

/// The variable the mapping layer binds to the resolved manager id.
pub(super) const MANAGER_VAR: &str = "$managerExternalId";

/// JumpCloud list fields: the API always sends them as arrays.
pub const LIST_FIELDS: [&str; 4] = ["addresses", "phoneNumbers", "attributes", "ssh_keys"];

/// The rules for a resource kind.
pub(crate) fn rules(kind: ResourceKind) -> &'static [FieldRule] {
    static USER: OnceLock<Vec<FieldRule>> = OnceLock::new();
    static GROUP: OnceLock<Vec<FieldRule>> = OnceLock::new();
    match kind {
        ResourceKind::User => USER.get_or_init(|| {
            let mut rules = vec![
                FieldRule {
                    var: "jcUser",
                    field: "id",
                    fallback: Fallback::Field("_id"),
                },
                FieldRule {
                    var: "jcUser",
                    field: MANAGER_FIELD,
                    fallback: Fallback::Var(MANAGER_VAR),
                },
            ];
            rules.extend(LIST_FIELDS.iter().map(|field| FieldRule {
                var: "jcUser",
                field,
                fallback: Fallback::Const(Value::array(Vec::new())),
            }));
            rules
        }),
        ResourceKind::Group => GROUP.get_or_init(|| {
            vec![FieldRule {
                var: "jcGroup",
                field: "id",
                fallback: Fallback::Field("_id"),
            }]
        }),
    }
}

/// The variables' types for a resource kind: `jcUser` from the JumpCloud user's JSON Schema,
/// `providerUser` from the SCIM User schema (with the enterprise extension), and likewise for
/// groups.
pub(crate) fn type_env(kind: ResourceKind) -> TypeEnv {
    match kind {
        ResourceKind::User => TypeEnv::jumpcloud().with(MANAGER_VAR, Type::String.nullable()),
        ResourceKind::Group => TypeEnv::jumpcloud_groups(),
    }
}

/// The variable names for a resource kind: (source object, provider object).
pub(crate) fn variables(kind: ResourceKind) -> (&'static str, &'static str) {
    match kind {
        ResourceKind::User => ("jcUser", "providerUser"),
        ResourceKind::Group => ("jcGroup", "providerGroup"),
    }
}

/// An empty JSON object, for `providerUser` on create.
pub(crate) fn empty_object() -> &'static Json {
    static EMPTY: OnceLock<Json> = OnceLock::new();
    EMPTY.get_or_init(|| Json::Object(serde_json::Map::new()))
}
