//! Properties of the SCIM layer: nothing panics on any input, and a PATCH does what it says:
//! applied to the provider's resource, it leaves nothing more to change.

use proptest::prelude::*;
use scimap::scim::{
    patch, patch_operations, validate, PatchOp, PatchOperation, ResourceBuilder, ResourceSchema,
    TargetPath,
};
use serde_json::{Map, Value as Json};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn any_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<f64>().prop_map(Json::from),
        "[a-zA-Z:.$ ]{0,12}".prop_map(Json::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Json::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|members| Json::Object(members.into_iter().collect())),
        ]
    })
}

/// Object keys that often hit SCIM names, in any letter case.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "schemas",
            "userName",
            "USERNAME",
            "name",
            "givenName",
            "emails",
            "value",
            "primary",
            "type",
            "active",
            "meta",
            "id",
            "groups",
            "manager",
            ENTERPRISE,
        ])
        .prop_map(str::to_string),
        "[a-zA-Z$:]{0,8}",
    ]
}

fn target_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z$.:\\[\\] \"]{0,30}",
        "(\\$enterpriseUser|urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:|name|emails)[.a-zA-Z]{0,12}",
    ]
}

proptest! {
    #[test]
    fn nothing_panics_on_arbitrary_input(
        current in any_json(),
        desired in any_json(),
        text in target_text(),
    ) {
        let schema = ResourceSchema::user();
        let _ = validate(&current, &schema);
        let clear: Vec<TargetPath> = TargetPath::parse(&text, &schema).into_iter().collect();
        let _ = patch(&current, &desired, &schema, &clear);
        if let Some(target) = clear.first() {
            let mut builder = ResourceBuilder::new(&schema);
            let _ = builder.set(target, desired.clone());
            let _ = builder.finish();
        }
    }

    #[test]
    fn a_patch_applied_leaves_nothing_to_change(current in user(), desired in user()) {
        let schema = ResourceSchema::user();
        let operations = patch_operations(&current, &desired, &schema, &[]);
        let applied = apply(current, &operations);
        prop_assert_eq!(patch(&applied, &desired, &schema, &[]), None);
        prop_assert_eq!(patch(&desired, &desired, &schema, &[]), None);
    }

    #[test]
    fn built_users_are_valid(user in user()) {
        let schema = ResourceSchema::user();
        let problems = validate(&user, &schema);
        prop_assert!(problems.is_empty(), "{:?}", problems);
    }
}

/// Users built from random rows over a handful of targets.
fn user() -> impl Strategy<Value = Json> {
    let word = || prop::option::of("[a-c]{1,2}");
    let email = (
        "[a-c]{1,2}",
        prop::sample::select(vec!["work", "home"]),
        any::<bool>(),
    );
    (
        "[a-c]{1,2}",
        word(),
        word(),
        prop::option::of(any::<bool>()),
        prop::option::of(prop::collection::vec(email, 0..3)),
        word(),
        word(),
    )
        .prop_map(
            |(user_name, given, title, active, emails, department, manager)| {
                let schema = ResourceSchema::user();
                let mut builder = ResourceBuilder::new(&schema);
                let emails = emails.map(|emails| {
                    let elements = emails.into_iter().map(|(value, kind, primary)| {
                    serde_json::json!({"value": value, "type": kind, "primary": primary})
                });
                    Json::Array(elements.collect())
                });
                let rows = [
                    ("userName", Some(Json::String(user_name))),
                    ("name.givenName", given.map(Json::String)),
                    ("title", title.map(Json::String)),
                    ("active", active.map(Json::Bool)),
                    ("emails", emails),
                    ("$enterpriseUser.department", department.map(Json::String)),
                    ("$enterpriseUser.manager.value", manager.map(Json::String)),
                ];
                let targets: Vec<TargetPath> = rows
                    .iter()
                    .map(|(target, _)| TargetPath::parse(target, &schema).unwrap())
                    .collect();
                for (target, (_, value)) in targets.iter().zip(rows) {
                    builder.set(target, value.unwrap_or(Json::Null)).unwrap();
                }
                builder.finish()
            },
        )
}

/// A small RFC 7644 applier for the operations scimap emits (paths `attr`, `attr.sub`, each
/// optionally URN-prefixed; `add` only where nothing was).
fn apply(resource: Json, operations: &[PatchOperation]) -> Json {
    let mut resource = match resource {
        Json::Object(object) => object,
        _ => Map::new(),
    };
    for operation in operations {
        let (scope, path) = match operation.path.strip_prefix(&format!("{ENTERPRISE}:")) {
            Some(rest) => (Some(ENTERPRISE), rest),
            None => (None, operation.path.as_str()),
        };
        let target = match scope {
            Some(urn) => object_at(&mut resource, urn),
            None => &mut resource,
        };
        let (attribute, sub) = match path.split_once('.') {
            Some((attribute, sub)) => (attribute, Some(sub)),
            None => (path, None),
        };
        let target = match sub {
            Some(_) => object_at(target, attribute),
            None => target,
        };
        let name = sub.unwrap_or(attribute);
        match (operation.op, &operation.value) {
            (PatchOp::Remove, _) => {
                target.remove(name);
            }
            (_, Some(value)) => {
                target.insert(name.to_string(), value.clone());
            }
            (_, None) => panic!("{operation:?} has no value"),
        }
    }
    Json::Object(resource)
}

fn object_at<'a>(object: &'a mut Map<String, Json>, key: &str) -> &'a mut Map<String, Json> {
    let entry = object
        .entry(key.to_string())
        .or_insert_with(|| Json::Object(Map::new()));
    if !entry.is_object() {
        *entry = Json::Object(Map::new());
    }
    entry.as_object_mut().unwrap()
}
