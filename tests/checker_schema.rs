//! The checker with schema types: the JumpCloud table environment (`TypeEnv::jumpcloud`) and
//! types inferred from sample documents (`TypeEnv::from_sample`).
//!
//! The JumpCloud corpus (`tests/conformance/jumpcloud.ndjson`) is replayed with schema types:
//! every program that gives a value in Go must still compile (schema types may only add
//! warnings there, apart from the listed corner), and its value, over the corpus's sample users
//! normalised as the mapping layer does, must have the inferred type.

use std::collections::HashMap;
use std::path::Path;

use scimap::diagnostic::{Code, Diagnostic};
use scimap::types::{Type, TypeEnv};
use scimap::Engine;
use serde_json::{json, Value as Json};

/// Programs that give a value in Go (whose checker does not know the field is a string) but are
/// rejected with schema types, as Go's typed mode rejects them for a known string.
const REJECTED_WITH_SCHEMA: &[&str] = &["jcUser.firstname[0]"];

/// What the mapping layer does before evaluating: list fields of `jcUser` are arrays, and
/// `providerUser` is an object (empty on create).
fn normalise(env: &Json) -> Json {
    let mut env = env.clone();
    if let Some(user) = env.get_mut("jcUser").and_then(Json::as_object_mut) {
        for list in ["addresses", "phoneNumbers", "attributes"] {
            if !user.get(list).is_some_and(Json::is_array) {
                user.insert(list.to_string(), json!([]));
            }
        }
    }
    if env.get("providerUser").is_none_or(Json::is_null) {
        env["providerUser"] = json!({});
    }
    env
}

fn corpus_dir() -> Option<&'static Path> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/conformance"));
    dir.join("jumpcloud.ndjson").exists().then_some(dir)
}

#[test]
fn jumpcloud_corpus_with_schema_types() {
    let Some(dir) = corpus_dir() else {
        eprintln!("conformance corpus not found; skipping");
        return;
    };
    let text = std::fs::read_to_string(dir.join("jumpcloud.ndjson")).expect("corpus");
    let engine = Engine::default();
    let types = TypeEnv::jumpcloud();
    let mut envs: HashMap<String, Json> = HashMap::new();
    let (mut checked, mut evaluated) = (0, 0);
    let mut problems = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Json = serde_json::from_str(line).expect("corpus line");
        let gave_value = case.get("error").is_none();
        let source = case["expr"].as_str().unwrap_or_default();
        let env_name = case["env"].as_str().unwrap_or_default().to_string();
        let env = envs.entry(env_name.clone()).or_insert_with(|| {
            let path = dir.join(format!("env-{env_name}.json"));
            let text = std::fs::read_to_string(path).expect("env file");
            normalise(&serde_json::from_str(&text).expect("env json"))
        });
        let program = match engine.compile_with_types(source, &types) {
            Ok(program) => program,
            Err(diagnostics) => {
                if gave_value && !REJECTED_WITH_SCHEMA.contains(&source) {
                    problems.push(format!("rejected `{source}`: {diagnostics}"));
                }
                continue;
            }
        };
        checked += 1;
        let outcome = program.run(env);
        if let Ok(value) = &outcome {
            evaluated += 1;
            if !program.result_type().admits(value) {
                problems.push(format!(
                    "[{env_name}] `{source}` typed {} gave {}",
                    program.result_type(),
                    value.to_json()
                ));
            }
        }
    }
    println!("jumpcloud.ndjson with schema types: {checked} compiled, {evaluated} evaluated");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(evaluated > 500);
}

fn diagnostics(source: &str, types: &TypeEnv) -> Vec<Diagnostic> {
    match Engine::default().compile_with_types(source, types) {
        Ok(program) => program.warnings().to_vec(),
        Err(diagnostics) => diagnostics.items,
    }
}

fn codes(source: &str, types: &TypeEnv) -> Vec<Code> {
    diagnostics(source, types).iter().map(|d| d.code).collect()
}

fn result_type(source: &str, types: &TypeEnv) -> String {
    Engine::default()
        .compile_with_types(source, types)
        .map(|p| p.result_type().to_string())
        .unwrap_or_else(|e| format!("error: {e}"))
}

#[test]
fn jumpcloud_fields_have_schema_types() {
    let env = TypeEnv::jumpcloud();
    assert_eq!(result_type("jcUser.unix_uid", &env), "int | nil");
    assert_eq!(result_type("jcUser.displayname ?? ''", &env), "string");
    assert_eq!(result_type("jcUser.addresses", &env), "[]interface {}");
    assert_eq!(
        result_type("find(jcUser.addresses, .type == 'work')?.locality", &env),
        "string | nil"
    );
    assert_eq!(
        result_type("jcUser.managerExternalId", &env),
        "string | nil"
    );
    assert_eq!(result_type("jcUser.id", &env), "string | nil");
    assert_eq!(result_type("providerUser.active", &env), "bool | nil");
    assert_eq!(
        result_type("providerUser.name?.givenName", &env),
        "string | nil"
    );
    assert_eq!(result_type("jcUser.whatever", &env), "interface {}");
}

#[test]
fn unknown_fields_are_warnings_that_do_not_fail_compilation() {
    let env = TypeEnv::jumpcloud();
    let program = Engine::default()
        .compile_with_types("upper(jcUser.dispalyname ?? '')", &env)
        .expect("warnings do not fail compilation");
    let warning = &program.warnings()[0];
    assert_eq!(warning.code, Code::UnknownField);
    assert!(!warning.is_error());
    assert_eq!(warning.help.as_deref(), Some("did you mean `displayname`?"));
    // Reading a field the schema does not list, on purpose.
    assert!(codes("get(jcUser, 'dispalyname')", &env).is_empty());
}

#[test]
fn enterprise_extension_is_under_its_urn() {
    let env = TypeEnv::jumpcloud();
    let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let source = format!("providerUser['{urn}']?.manager?.value");
    assert!(codes(&source, &env).is_empty());
    assert_eq!(result_type(&source, &env), "string | nil");
    let typo = format!("providerUser['{urn}']?.manager?.vaule");
    assert_eq!(codes(&typo, &env), [Code::UnknownField]);
}

#[test]
fn schema_types_catch_what_go_cannot() {
    let env = TypeEnv::jumpcloud();
    assert_eq!(codes("jcUser.firstname + 1", &env), [Code::Mismatch]);
    assert_eq!(codes("upper(jcUser.addresses)", &env), [Code::ArgumentType]);
    assert_eq!(codes("jcUser.displayname ? 1 : 2", &env), [Code::NotBool]);
    assert_eq!(
        codes("jcUser.employeeIdentifier == 123", &env),
        [Code::StringNumberCompare]
    );
    assert_eq!(codes("jcUser.addresses ?? []", &env), [Code::NeverNil]);
    // The same programs with Go's typing of a sample: nested fields are unknown.
    let go = TypeEnv::from_json(&json!({"jcUser": {"firstname": "a", "addresses": []}}));
    assert!(codes("jcUser.firstname + 1", &go).is_empty());
    assert!(codes("jcUser.addresses ?? []", &go).is_empty());
}

#[test]
fn group_tables_have_their_own_variables() {
    let env = TypeEnv::jumpcloud_groups();
    assert!(codes("jcGroup.name ?? jcGroup.id", &env).is_empty());
    assert_eq!(codes("jcGroup.nmae", &env), [Code::UnknownField]);
    assert_eq!(
        codes("providerGroup.members[0].value", &env),
        Vec::<Code>::new()
    );
    assert_eq!(codes("jcUser.email", &env), [Code::UnknownName]);
}

#[test]
fn sample_types_go_all_the_way_down() {
    let sample = json!({"user": {"name": "Ada", "emails": [{"value": "a@x", "primary": true}]}});
    let env = TypeEnv::from_sample(&sample);
    assert_eq!(codes("user.emails[0].primray", &env), [Code::UnknownField]);
    assert_eq!(codes("user.name + 1", &env), [Code::Mismatch]);
    assert!(codes("user.emails[0].value + '!'", &env).is_empty());
    assert_eq!(
        result_type("user.emails[0].primary", &env),
        Type::Bool.nullable().to_string()
    );
    // Go's typing of the same sample knows only the top level.
    let go = TypeEnv::from_json(&sample);
    assert!(codes("user.name + 1", &go).is_empty());
}

#[test]
fn lints_stay_quiet_on_good_code() {
    let env = TypeEnv::jumpcloud();
    for source in [
        "let name = jcUser.firstname; name ?? ''",
        "let _unused = 1; 2",
        "jcUser.activated && !jcUser.suspended",
        "jcUser.email ?? jcUser.alternateEmail",
        "jcUser.unix_uid == 1000",
        "providerUser.active == nil ? true : providerUser.active",
    ] {
        assert!(
            codes(source, &env).is_empty(),
            "{source}: {:?}",
            codes(source, &env)
        );
    }
}

/// The expressions of the built-in tables check cleanly with schema types: no errors (so the
/// mapping layer can type its variables with `TypeEnv::jumpcloud()`), and no warnings.
#[test]
fn built_in_tables_check_cleanly_with_schema_types() {
    for table in scimap::mapping::builtin::TABLES {
        let document: toml::Value = toml::from_str(table.text).expect("table TOML");
        for (kind, types) in [
            ("user", TypeEnv::jumpcloud()),
            ("group", TypeEnv::jumpcloud_groups()),
        ] {
            let rows = document.get(kind).and_then(toml::Value::as_array);
            for row in rows.into_iter().flatten() {
                let Some(source) = row.get("expr").and_then(toml::Value::as_str) else {
                    continue;
                };
                let found = diagnostics(source, &types);
                assert!(
                    found.is_empty(),
                    "{} {kind} row `{source}`: {:?}",
                    table.name,
                    found.iter().map(|d| &d.message).collect::<Vec<_>>()
                );
            }
        }
    }
}
