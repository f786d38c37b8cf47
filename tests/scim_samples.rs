//! The SCIM layer over the sample users: validating each `providerUser`, building the payload
//! JumpCloud's Namely table gives for John, and the PATCH from his provider resource to it.
//! Payloads and requests are golden files in `tests/data/scim/snapshots/`.

use std::fs;

use scimap::scim::{build_resource, patch, validate, ProblemKind, ResourceSchema, TargetPath};
use serde_json::{json, Value as Json};

fn sample(name: &str) -> Json {
    let path = format!(
        "{}/tests/data/users/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn provider_user(name: &str) -> Json {
    sample(name)["providerUser"].clone()
}

fn problems(resource: &Json) -> Vec<(String, ProblemKind)> {
    validate(resource, &ResourceSchema::user())
        .into_iter()
        .map(|problem| (problem.location, problem.kind))
        .collect()
}

macro_rules! golden {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => "data/scim/snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_json_snapshot!($name, $value);
        })
    };
}

#[test]
fn johns_provider_user_is_a_valid_scim_user() {
    assert_eq!(problems(&provider_user("john")), []);
}

#[test]
fn zoes_provider_user_lacks_schemas_and_has_a_numeric_employee_number() {
    let employee_number =
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber";
    assert_eq!(
        problems(&provider_user("zoe")),
        [
            ("schemas".to_string(), ProblemKind::Schemas),
            (employee_number.to_string(), ProblemKind::Type),
        ]
    );
}

#[test]
fn empty_and_missing_provider_users_are_reported() {
    assert_eq!(
        problems(&provider_user("svc-backup")),
        [
            ("schemas".to_string(), ProblemKind::Schemas),
            ("userName".to_string(), ProblemKind::MissingRequired),
        ]
    );
    assert_eq!(
        problems(&provider_user("alice")),
        [(String::new(), ProblemKind::NotAnObject)]
    );
}

/// What the rows of JumpCloud's Namely table evaluate to for John (jcUser in john.json),
/// in the table's order, as the expression engine would hand them over.
fn namely_rows_for_john() -> Vec<(&'static str, Json)> {
    vec![
        ("userName", json!("John.Doe@Example.com")),
        ("displayName", json!("Johnny Doe")),
        ("title", json!("Senior Software Engineer")),
        ("userType", json!("Full-Time")),
        ("$enterpriseUser.organization", json!("Acme Corp")),
        ("$enterpriseUser.costCenter", json!("CC-1042")),
        ("$enterpriseUser.department", json!("Engineering")),
        ("$enterpriseUser.employeeNumber", json!("E-000123")),
        (
            "addresses",
            json!([{
                "type": "work",
                "streetAddress": "3333 Walnut St\nSuite 200",
                "locality": "Boulder",
                "region": "CO",
                "postalCode": "80301",
                "country": "US",
                "formatted": "3333 Walnut St\nSuite 200\nBoulder, CO 80301\nUS",
                "primary": true
            }]),
        ),
        ("locale", json!("en-US")),
        ("name.familyName", json!("Doe")),
        ("name.givenName", json!("John")),
        (
            "phoneNumbers",
            json!([{"value": "+1 (303) 555-0100", "type": "work", "primary": true}]),
        ),
        (
            "emails",
            json!([{"value": "John.Doe@Example.com", "type": "work", "primary": true}]),
        ),
        ("externalId", json!("E-000123")),
        ("preferredLanguage", json!("en-US")),
        (
            "$enterpriseUser.manager.value",
            json!("26118915-6090-4610-87e4-49d8ca9f808d"),
        ),
    ]
}

fn johns_desired_resource(schema: &ResourceSchema) -> Json {
    let rows = namely_rows_for_john();
    let targets: Vec<TargetPath> = rows
        .iter()
        .map(|(target, _)| TargetPath::parse(target, schema).expect(target))
        .collect();
    let values = rows.into_iter().map(|(_, value)| value);
    build_resource(schema, targets.iter().zip(values)).expect("every value fits")
}

#[test]
fn the_namely_table_builds_a_valid_user_in_schema_order() {
    let schema = ResourceSchema::user();
    let resource = johns_desired_resource(&schema);
    assert_eq!(problems(&resource), []);
    golden!("john_namely_resource", resource);
}

#[test]
fn the_namely_table_patches_johns_provider_user() {
    let schema = ResourceSchema::user();
    let desired = johns_desired_resource(&schema);
    let current = provider_user("john");
    let request = patch(&current, &desired, &schema, &[]).expect("John changed");
    golden!("john_namely_patch", request);
    assert_eq!(patch(&desired, &desired, &schema, &[]), None);
}

#[test]
fn the_namely_table_patches_zoes_partial_provider_user() {
    let schema = ResourceSchema::user();
    let desired = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "userName": "Zoë.Núñez@Example.COM",
        "name": {"familyName": "Núñez-García", "givenName": "Zoë"},
        "emails": [{"value": "Zoë.Núñez@Example.COM", "type": "work", "primary": true}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "7"}
    });
    let clear = [TargetPath::parse("active", &schema).unwrap()];
    let request = patch(&provider_user("zoe"), &desired, &schema, &clear).expect("Zoë changed");
    golden!("zoe_patch", request);
}
