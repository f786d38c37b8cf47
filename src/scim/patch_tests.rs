//! Tests of the PATCH diff, over hand-made resources and the sample user John's `providerUser`.

use serde_json::{json, Value as Json};

use super::schema::{ENTERPRISE_USER_URN, PATCH_OP_URN, USER_URN};
use super::{patch, patch_operations, PatchOp, ResourceSchema, TargetPath};

const ENTERPRISE: &str = ENTERPRISE_USER_URN;

fn john() -> Json {
    let sample: Json = serde_json::from_str(include_str!("../../tests/data/users/john.json"))
        .expect("john.json is JSON");
    sample["providerUser"].clone()
}

/// The operations as compact `(op, path, value)` triples.
fn ops(current: &Json, desired: &Json) -> Vec<(&'static str, String, Json)> {
    ops_clearing(current, desired, &[])
}

fn ops_clearing(
    current: &Json,
    desired: &Json,
    clear: &[&str],
) -> Vec<(&'static str, String, Json)> {
    let schema = ResourceSchema::user();
    let clear: Vec<TargetPath> = clear
        .iter()
        .map(|text| TargetPath::parse(text, &schema).unwrap())
        .collect();
    patch_operations(current, desired, &schema, &clear)
        .into_iter()
        .map(|op| (op.op.as_str(), op.path, op.value.unwrap_or(Json::Null)))
        .collect()
}

#[test]
fn nothing_changed_gives_none() {
    let schema = ResourceSchema::user();
    let current = john();
    assert_eq!(patch(&current, &current, &schema, &[]), None);
    let desired = json!({
        "schemas": [USER_URN, ENTERPRISE],
        "userName": "john.doe@example.com",
        "name": {"givenName": "John", "familyName": "Doe"},
        "emails": [
            {"value": "jd@home.example.org", "type": "home"},
            {"value": "john.doe@example.com", "type": "work", "primary": true}
        ],
        ENTERPRISE: {"department": "Engineering", "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}}
    });
    assert_eq!(patch(&current, &desired, &schema, &[]), None);
}

#[test]
fn a_changed_single_value_is_replaced_and_a_new_one_added() {
    let desired =
        json!({"displayName": "Johnny Doe", "title": "Sr. Engineer", "userType": "Employee"});
    assert_eq!(
        ops(&john(), &desired),
        [
            ("replace", "displayName".into(), json!("Johnny Doe")),
            ("add", "userType".into(), json!("Employee")),
        ]
    );
}

#[test]
fn the_request_has_the_patch_op_envelope() {
    let desired = json!({"active": false});
    let request = patch(&john(), &desired, &ResourceSchema::user(), &[]).unwrap();
    assert_eq!(
        request,
        json!({
            "schemas": [PATCH_OP_URN],
            "Operations": [{"op": "replace", "path": "active", "value": false}]
        })
    );
}

#[test]
fn only_changed_sub_attributes_are_written() {
    let desired =
        json!({"name": {"givenName": "Jon", "familyName": "Doe", "honorificSuffix": "Jr."}});
    assert_eq!(
        ops(&john(), &desired),
        [
            ("replace", "name.givenName".into(), json!("Jon")),
            ("add", "name.honorificSuffix".into(), json!("Jr.")),
        ]
    );
    let without_name = json!({"userName": "a"});
    assert_eq!(
        ops(&without_name, &desired),
        [(
            "add",
            "name".into(),
            json!({"familyName": "Doe", "givenName": "Jon", "honorificSuffix": "Jr."})
        )]
    );
}

#[test]
fn extension_attributes_use_urn_paths() {
    let desired = json!({ENTERPRISE: {
        "department": "Platform",
        "organization": "Acme",
        "manager": {"value": "m-2", "displayName": "ignored: read-only"}
    }});
    assert_eq!(
        ops(&john(), &desired),
        [
            ("add", format!("{ENTERPRISE}:organization"), json!("Acme")),
            (
                "replace",
                format!("{ENTERPRISE}:department"),
                json!("Platform")
            ),
            (
                "replace",
                format!("{ENTERPRISE}:manager.value"),
                json!("m-2")
            ),
        ]
    );
    let without_extension = json!({"userName": "a"});
    assert_eq!(
        ops(&without_extension, &desired)[2],
        (
            "add",
            format!("{ENTERPRISE}:manager"),
            json!({"value": "m-2"})
        )
    );
}

#[test]
fn multi_valued_attributes_compare_as_sets_and_are_replaced_whole() {
    let current = john();
    let reordered = json!({"emails": [
        {"value": "jd@home.example.org", "type": "home", "primary": false},
        {"value": "john.doe@example.com", "type": "work", "primary": true}
    ]});
    assert!(ops(&current, &reordered).is_empty());
    let changed =
        json!({"emails": [{"value": "john@new.example.com", "type": "work", "primary": true}]});
    assert_eq!(
        ops(&current, &changed),
        [("replace", "emails".into(), changed["emails"].clone())]
    );
    let primary_moved = json!({"emails": [
        {"value": "john.doe@example.com", "type": "work"},
        {"value": "jd@home.example.org", "type": "home", "primary": true}
    ]});
    assert_eq!(ops(&current, &primary_moved)[0].0, "replace");
}

#[test]
fn provider_added_sub_attributes_do_not_count_as_changes() {
    let current =
        json!({"phoneNumbers": [{"value": "555-0100", "type": "work", "display": "+1 555 0100"}]});
    let desired = json!({"phoneNumbers": [{"value": "555-0100", "type": "work"}]});
    assert!(ops(&current, &desired).is_empty());
}

#[test]
fn multi_valued_add_and_empty_list_remove() {
    let addresses = json!([{"locality": "Paris", "type": "work", "primary": true}]);
    assert_eq!(
        ops(&john(), &json!({"addresses": addresses})),
        [("add", "addresses".into(), addresses.clone())]
    );
    assert_eq!(
        ops(&john(), &json!({"phoneNumbers": []})),
        [("remove", "phoneNumbers".into(), Json::Null)]
    );
    assert!(ops(&json!({"emails": []}), &json!({"emails": []})).is_empty());
}

#[test]
fn cleared_targets_are_removed_when_present() {
    let desired = json!({"userName": "john.doe@example.com"});
    assert_eq!(
        ops_clearing(
            &john(),
            &desired,
            &[
                "title",
                "$enterpriseUser.costCenter",
                "nickName",
                "name.middleName"
            ]
        ),
        [
            ("remove", "name.middleName".into(), Json::Null),
            ("remove", "title".into(), Json::Null),
            ("remove", format!("{ENTERPRISE}:costCenter"), Json::Null),
        ]
    );
    let still_wanted = json!({"title": "Boss"});
    assert_eq!(
        ops_clearing(&john(), &still_wanted, &["title"]),
        [("replace", "title".into(), json!("Boss"))]
    );
}

#[test]
fn current_names_are_matched_case_insensitively() {
    let current = json!({
        "USERNAME": "a",
        "Name": {"GivenName": "A"},
        "EMAILS": [{"Value": "a@x", "TYPE": "work", "Primary": true}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": {"Department": "D"}
    });
    let desired = json!({
        "userName": "a",
        "name": {"givenName": "A"},
        "emails": [{"value": "a@x", "type": "work", "primary": true}],
        ENTERPRISE: {"department": "D"}
    });
    assert!(ops(&current, &desired).is_empty());
}

#[test]
fn read_only_and_write_only_attributes_are_never_patched() {
    let desired = json!({
        "schemas": [USER_URN],
        "id": "other",
        "meta": {"version": "W/\"x\""},
        "groups": [{"value": "g9"}],
        "password": "secret"
    });
    assert!(ops(&john(), &desired).is_empty());
}

#[test]
fn operations_follow_schema_order() {
    let desired = json!({
        ENTERPRISE: {"employeeNumber": "999"},
        "emails": [{"value": "x@y"}],
        "active": false,
        "externalId": "E-9",
        "name": {"middleName": "Q", "formatted": "John Q Doe"}
    });
    let paths: Vec<String> = ops(&john(), &desired)
        .into_iter()
        .map(|(_, path, _)| path)
        .collect();
    assert_eq!(
        paths,
        [
            "externalId",
            "name.formatted",
            "name.middleName",
            "active",
            "emails",
            &format!("{ENTERPRISE}:employeeNumber")
        ]
    );
}

#[test]
fn a_user_not_yet_at_the_provider_gets_adds_only() {
    let desired =
        json!({"userName": "a", "name": {"givenName": "A"}, "emails": [{"value": "a@x"}]});
    let found = patch_operations(&Json::Null, &desired, &ResourceSchema::user(), &[]);
    assert!(found.iter().all(|op| op.op == PatchOp::Add));
    assert_eq!(found.len(), 3);
}

#[test]
fn numbers_compare_by_value_and_strings_exactly() {
    let current = json!({ENTERPRISE: {"employeeNumber": 7}});
    let desired = json!({ENTERPRISE: {"employeeNumber": "7"}});
    assert_eq!(ops(&current, &desired)[0].0, "replace");
    let case_change = json!({"userName": "JOHN.DOE@example.com"});
    assert_eq!(ops(&john(), &case_change)[0].0, "replace");
}

#[test]
fn custom_extension_attributes_are_diffed_by_value() {
    let mut schema = ResourceSchema::user();
    schema.declare_extension("urn:acme:ext:2.0:User").unwrap();
    let current = json!({"urn:acme:ext:2.0:User": {"badge": {"color": "red"}, "tags": ["a", "b"]}});
    let desired = json!({"urn:acme:ext:2.0:User": {"badge": {"color": "blue"}, "tags": ["b", "a"], "level": 2}});
    let found: Vec<(PatchOp, String)> = patch_operations(&current, &desired, &schema, &[])
        .into_iter()
        .map(|op| (op.op, op.path))
        .collect();
    assert_eq!(
        found,
        [
            (
                PatchOp::Replace,
                "urn:acme:ext:2.0:User:badge.color".to_string()
            ),
            (PatchOp::Add, "urn:acme:ext:2.0:User:level".to_string()),
        ]
    );
}

#[test]
fn desired_names_are_written_in_canonical_case() {
    let desired = json!({"NAME": {"GIVENNAME": "Jon"}, "DisplayName": "Jon"});
    assert_eq!(
        ops(&john(), &desired),
        [
            ("replace", "name.givenName".into(), json!("Jon")),
            ("replace", "displayName".into(), json!("Jon")),
        ]
    );
}

#[test]
fn group_members_ignore_read_only_display() {
    let schema = ResourceSchema::group();
    let current = json!({"displayName": "Eng", "members": [{"value": "u1", "type": "User"}]});
    let same = json!({"displayName": "Eng", "members": [{"value": "u1", "display": "Ann"}]});
    assert_eq!(patch(&current, &same, &schema, &[]), None);
    let renamed = json!({"displayName": "Engineering"});
    let found = patch_operations(&current, &renamed, &schema, &[]);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].to_json(),
        json!({"op": "replace", "path": "displayName", "value": "Engineering"})
    );
}
