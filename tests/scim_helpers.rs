//! Golden tests of the JumpCloud helpers over the sample users in `tests/data/users/`.
//!
//! Each user (`{"jcUser": ..., "providerUser": ...}`) gets one JSON snapshot with what the
//! helpers return for the arguments the default mapping tables pass them. The interpreter is
//! not involved: arguments such as `find(jcUser.addresses, .type == 'work') ??
//! first(jcUser.addresses)` are computed here in Rust, and list fields that are `null` or
//! missing are read as `[]`, as the mapping layer normalises them.

use std::fs;
use std::path::{Path, PathBuf};

use scimap::builtins::{Implementation, Registry};
use scimap::eval::{Context, Limits, SystemClock};
use scimap::Value;
use serde_json::{json, Value as Json};

/// The sample users, by file stem, in name order.
fn users() -> Vec<(String, Json)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/users");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/data/users exists")
        .map(|entry| entry.expect("readable directory").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).expect("readable sample");
            (stem, serde_json::from_str(&text).expect("valid JSON"))
        })
        .collect()
}

/// Calls a helper through the standard registry, as the interpreter will.
fn call(registry: &Registry, name: &str, arg: &Json) -> Json {
    let function = registry.function(name).expect("registered helper");
    let Implementation::Function(implementation) = function.implementation else {
        panic!("{name} is not a plain function")
    };
    let mut ctx = Context::new(Limits::default(), &SystemClock);
    match implementation(&mut ctx, &[Value::from_json(arg)]) {
        Ok(value) => value.to_json(),
        Err(error) => json!({ "error": error.message() }),
    }
}

/// A list field of `jcUser`, `[]` when null or missing.
fn list<'j>(user: &'j Json, field: &str) -> &'j [Json] {
    user[field].as_array().map_or(&[], Vec::as_slice)
}

/// `find(items, .type == 'work') ?? first(items)`
fn work_or_first(items: &[Json]) -> Json {
    items
        .iter()
        .find(|item| item["type"] == "work")
        .or_else(|| items.first())
        .cloned()
        .unwrap_or(Json::Null)
}

/// What the helpers make of one sample user.
fn helpers_of(registry: &Registry, sample: &Json) -> Json {
    let jc_user = &sample["jcUser"];
    let provider_user = &sample["providerUser"];
    let addresses = list(jc_user, "addresses");
    let phones = list(jc_user, "phoneNumbers");
    let check = |value: &Json| call(registry, "notNullOrEmpty", value);
    json!({
        "toScimEmails(jcUser.email)": call(registry, "toScimEmails", &jc_user["email"]),
        "toScimEmails([jcUser.email, jcUser.alternateEmail])": call(
            registry,
            "toScimEmails",
            &json!([jc_user["email"], jc_user["alternateEmail"]]),
        ),
        "toScimEmails(providerUser.emails)":
            call(registry, "toScimEmails", &provider_user["emails"]),
        "toScimAddresses(find(jcUser.addresses, .type == 'work') ?? first(jcUser.addresses))":
            call(registry, "toScimAddresses", &work_or_first(addresses)),
        "toScimAddresses(jcUser.addresses)":
            call(registry, "toScimAddresses", &json!(addresses)),
        "toScimPhoneNumbers(find(jcUser.phoneNumbers, .type == 'work') ?? first(jcUser.phoneNumbers))":
            call(registry, "toScimPhoneNumbers", &work_or_first(phones)),
        "toScimPhoneNumbers(jcUser.phoneNumbers)":
            call(registry, "toScimPhoneNumbers", &json!(phones)),
        "toScimPhoneNumbers(providerUser.phoneNumbers)":
            call(registry, "toScimPhoneNumbers", &provider_user["phoneNumbers"]),
        "notNullOrEmpty": {
            "jcUser.displayname": check(&jc_user["displayname"]),
            "jcUser.lastname": check(&jc_user["lastname"]),
            "jcUser.addresses": check(&jc_user["addresses"]),
            "providerUser.locale": check(&provider_user["locale"]),
            "providerUser.externalId": check(&provider_user["externalId"]),
            "providerUser.emails": check(&provider_user["emails"]),
        },
    })
}

#[test]
fn helpers_over_sample_users() {
    let registry = Registry::standard();
    let users = users();
    assert!(users.len() >= 4, "the sample users are missing");
    for (name, sample) in &users {
        insta::assert_json_snapshot!(name.as_str(), helpers_of(&registry, sample));
    }
}

/// Every list a helper returns for a sample user has exactly one `primary: true`.
#[test]
fn every_list_has_exactly_one_primary() {
    let registry = Registry::standard();
    for (name, sample) in users() {
        let results = helpers_of(&registry, &sample);
        for (call, result) in results.as_object().unwrap() {
            let Some(items) = result.as_array() else {
                continue;
            };
            let primaries = items.iter().filter(|item| item["primary"] == true).count();
            assert_eq!(primaries, 1, "{name}: {call}");
        }
    }
}
