//! Mapping tables end to end: each sample user through the Namely and Heap tables gives a
//! snapshotted SCIM resource, and against its `providerUser` a snapshotted PATCH; every resource
//! validates against the SCIM schema.

use scimap::mapping::{builtin, CompiledTable, Table};
use scimap::scim::{validate, ResourceSchema};
use serde_json::Value as Json;

const USERS: [&str; 4] = ["alice", "john", "svc-backup", "zoe"];

fn user(name: &str) -> Json {
    let path = format!("tests/data/users/{name}.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("user file")).expect("user json")
}

fn compiled(name: &str) -> CompiledTable {
    let table = builtin::table(name)
        .expect("built-in table")
        .load()
        .expect("table reads");
    let resolver = std::sync::Arc::new(|id: &str| Some(format!("provider-{id}")));
    table
        .compile(&scimap::Engine::default())
        .unwrap_or_else(|d| panic!("{name} compiles: {}", scimap::diagnostic::render_plain(&d)))
        .with_manager_resolver(resolver)
}

#[test]
fn sample_users_through_builtin_tables() {
    for table_name in ["namely", "heap", "custom-scim"] {
        let table = compiled(table_name);
        for name in USERS {
            let sample = user(name);
            let jc_user = &sample["jcUser"];
            let provider = sample.get("providerUser").filter(|p| p.is_object());
            let created = table.user_resource(jc_user, None);
            let updated = provider.map(|p| table.user_resource(jc_user, Some(p)));
            let patch = provider.map(|p| table.user_patch(jc_user, p));
            let show = |r: Result<Json, scimap::mapping::UserError>| match r {
                Ok(json) => json,
                Err(error) => serde_json::json!({ "error": error.to_string() }),
            };
            if let Ok(resource) = &created {
                let problems = validate(resource, &ResourceSchema::user());
                assert!(problems.is_empty(), "{table_name}/{name}: {problems:?}");
            }
            let snapshot = serde_json::json!({
                "create": show(created),
                "update": updated.map(show),
                "patch": patch.map(|p| match p {
                    Ok(p) => p.unwrap_or(Json::Null),
                    Err(error) => serde_json::json!({ "error": error.to_string() }),
                }),
            });
            insta::assert_json_snapshot!(format!("{table_name}__{name}"), snapshot);
        }
    }
}

#[test]
fn namely_maps_john_as_documented() {
    let table = compiled("namely");
    let john = user("john");
    let resource = table.user_resource(&john["jcUser"], None).expect("maps");
    assert_eq!(resource["userName"], john["jcUser"]["email"]);
    assert_eq!(resource["addresses"][0]["type"], "work");
    assert_eq!(resource["addresses"][0]["primary"], true);
    assert_eq!(resource["locale"], "en-US");
    assert_eq!(
        resource["externalId"], john["jcUser"]["_id"],
        "id mirrors _id"
    );
    let enterprise = &resource["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
    assert_eq!(enterprise["department"], john["jcUser"]["department"]);
}

#[test]
fn jumpcloud_json_and_toml_tables_give_identical_output() {
    let toml = Table::from_toml("namely.toml", builtin::table("namely").unwrap().text).unwrap();
    let mut rules = Vec::new();
    for row in &toml.user {
        let (source, kind) = match &row.source {
            scimap::mapping::Source::Path(p) => (Json::from(p.clone()), "PATH"),
            scimap::mapping::Source::Expr(e) => (Json::from(e.clone()), "EXPR"),
            scimap::mapping::Source::Constant(c) => (c.clone(), "CONSTANT"),
        };
        rules.push(serde_json::json!({
            "source": source, "destination": row.target, "sourceType": kind,
            "direction": "EXPORT", "appliedOn": ["CREATE", "UPDATE"], "required": row.required,
        }));
    }
    let text = serde_json::to_string_pretty(&rules).unwrap();
    let json = Table::from_jumpcloud_json("namely.json", &text).unwrap();
    let engine = scimap::Engine::default();
    let (a, b) = (
        toml.compile(&engine).unwrap(),
        json.compile(&engine).unwrap(),
    );
    for name in USERS {
        let sample = user(name);
        let provider = sample.get("providerUser").filter(|p| p.is_object());
        assert_eq!(
            a.user_resource(&sample["jcUser"], provider).ok(),
            b.user_resource(&sample["jcUser"], provider).ok(),
            "{name}"
        );
    }
}

#[test]
fn a_failing_row_fails_only_that_user_and_names_the_row() {
    let table = Table::from_toml(
        "t.toml",
        "[[user]]\ntarget = \"userName\"\npath = \"email\"\nrequired = true\n\n[[user]]\ntarget = \"displayName\"\nexpr = \"jcUser.name.first\"\n",
    )
    .unwrap()
    .compile(&scimap::Engine::default())
    .unwrap();
    let good = serde_json::json!({"_id": "1", "email": "a@b.c", "name": {"first": "A"}});
    let bad = serde_json::json!({"_id": "2", "email": "d@e.f"});
    assert!(table.user_resource(&good, None).is_ok());
    let error = table.user_resource(&bad, None).unwrap_err();
    assert_eq!(error.user_id.as_deref(), Some("2"));
    assert_eq!(error.errors.len(), 1);
    assert_eq!(error.errors[0].target, "displayName");
    assert!(error.errors[0]
        .diagnostic
        .message
        .contains("cannot fetch first from <nil>"));
    let missing = serde_json::json!({"_id": "3"});
    let error = table.user_resource(&missing, None).unwrap_err();
    assert!(error.errors[0]
        .diagnostic
        .message
        .contains("required target `userName`"));
}

#[test]
fn builtin_tables_map_a_user_with_almost_nothing() {
    // Only the fields the built-in tables require (userName comes from email or username).
    let sparse = serde_json::json!({"_id": "u9", "email": "x@example.com", "username": "x"});
    for table in builtin::TABLES {
        let compiled = compiled(table.name);
        let resource = compiled.user_resource(&sparse, None);
        assert!(
            resource.is_ok(),
            "{}: {:?}",
            table.name,
            resource.err().map(|e| e.to_string())
        );
    }
}
