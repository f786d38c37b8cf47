//! The Namely table (`tests/data/tables/namely.toml`, built in as `namely`) written by hand in
//! Rust over `serde_json::Value`: the floor that scimap's compiled table is measured against.
//!
//! It builds the same SCIM User, key order included, as the table does for well-formed
//! JumpCloud users (text fields are strings or absent). `tests/hand_written_namely.rs` asserts
//! that both give identical output for every sample user, on create and on update, and that the
//! two NDJSON pipelines give identical bytes. Shared by that test and `benches/table.rs`.

#![allow(dead_code)] // each includer uses a part

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value as Json};

/// The core User schema.
pub const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The enterprise extension.
pub const ENTERPRISE_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The sample users (`tests/data/users/*.json`), by name.
pub const USERS: [&str; 4] = ["alice", "john", "svc-backup", "zoe"];

/// JumpCloud manager ids to the manager's id at the provider (what `scimap map` reads from a
/// file).
pub type Managers = HashMap<String, String>;

/// The managers the sample users have.
pub fn managers() -> Managers {
    HashMap::from([(
        "5f1b2c3d4e5f6a7b8c9d0e00".to_string(),
        "26118915-6090-4610-87e4-49d8ca9f808d".to_string(),
    )])
}

/// A sample user file: `{"jcUser": ..., "providerUser": ...}`.
pub fn sample(name: &str) -> Json {
    let path = format!(
        "{}/tests/data/users/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A sample user file as one NDJSON line.
pub fn sample_line(name: &str) -> Vec<u8> {
    let mut line = serde_json::to_vec(&sample(name)).expect("serialises");
    line.push(b'\n');
    line
}

/// The provider's resource of a user file: absent, `null` and `{}` mean create.
pub fn provider_of(document: &Json) -> Option<&Json> {
    document
        .get("providerUser")
        .filter(|p| p.as_object().is_some_and(|o| !o.is_empty()))
}

/// The Namely table compiled by scimap, resolving managers from `managers`.
pub fn scimap_table(managers: &Managers) -> scimap::mapping::CompiledTable {
    let managers = managers.clone();
    scimap::mapping::builtin::table("namely")
        .expect("built-in")
        .load()
        .expect("reads")
        .compile(&scimap::Engine::default())
        .expect("compiles")
        .with_manager_resolver(Arc::new(move |id: &str| managers.get(id).cloned()))
}

/// The SCIM User that the Namely table maps `user` to; `Err` when the required `userName`
/// has no value.
pub fn namely(user: &Json, provider: Option<&Json>, managers: &Managers) -> Result<Json, String> {
    let provider = provider.unwrap_or(&Json::Null);
    let email = text(user, "email").ok_or("userName has no value")?;

    let mut enterprise = Map::new();
    copy(
        &mut enterprise,
        "employeeNumber",
        user,
        "employeeIdentifier",
    );
    copy(&mut enterprise, "costCenter", user, "costCenter");
    copy(&mut enterprise, "organization", user, "company");
    copy(&mut enterprise, "department", user, "department");
    let manager = text(user, "manager").and_then(|id| managers.get(id));
    if let Some(manager) = manager {
        let mut value = Map::new();
        value.insert("value".into(), Json::String(manager.clone()));
        enterprise.insert("manager".into(), Json::Object(value));
    }

    let mut resource = Map::new();
    let mut schemas = vec![Json::String(USER_URN.into())];
    if !enterprise.is_empty() {
        schemas.push(Json::String(ENTERPRISE_URN.into()));
    }
    resource.insert("schemas".into(), Json::Array(schemas));
    let external_id = non_empty(text(provider, "externalId"))
        .or_else(|| text(user, "id"))
        .or_else(|| text(user, "_id"));
    put(&mut resource, "externalId", external_id);
    put(&mut resource, "userName", Some(email));
    let mut name = Map::new();
    copy(&mut name, "familyName", user, "lastname");
    copy(&mut name, "givenName", user, "firstname");
    if !name.is_empty() {
        resource.insert("name".into(), Json::Object(name));
    }
    if let Some(display_name) = display_name(user) {
        resource.insert("displayName".into(), Json::String(display_name));
    }
    copy(&mut resource, "title", user, "jobTitle");
    copy(&mut resource, "userType", user, "employeeType");
    let language = non_empty(text(provider, "preferredLanguage")).unwrap_or("en-US");
    put(&mut resource, "preferredLanguage", Some(language));
    let locale = non_empty(text(provider, "locale")).unwrap_or("en-US");
    put(&mut resource, "locale", Some(locale));
    if let Some(email) = non_empty(Some(email.trim())) {
        let mut item = Map::new();
        item.insert("value".into(), Json::String(email.into()));
        item.insert("type".into(), Json::String("work".into()));
        item.insert("primary".into(), Json::Bool(true));
        resource.insert("emails".into(), Json::Array(vec![Json::Object(item)]));
    }
    if let Some(phone) = work_or_first(user, "phoneNumbers").and_then(phone_number) {
        resource.insert("phoneNumbers".into(), Json::Array(vec![phone]));
    }
    if let Some(address) = work_or_first(user, "addresses").and_then(address) {
        resource.insert("addresses".into(), Json::Array(vec![address]));
    }
    if !enterprise.is_empty() {
        resource.insert(ENTERPRISE_URN.into(), Json::Object(enterprise));
    }
    Ok(Json::Object(resource))
}

/// `notNullOrEmpty(displayname) ? displayname : (notNullOrEmpty(lastname) ? firstname + ' ' +
/// lastname : firstname)`
fn display_name(user: &Json) -> Option<String> {
    if let Some(display_name) = non_empty(text(user, "displayname")) {
        return Some(display_name.into());
    }
    let first = text(user, "firstname");
    match non_empty(text(user, "lastname")) {
        Some(last) => Some(format!("{} {last}", first.unwrap_or_default())),
        None => first.map(String::from),
    }
}

/// `find(list, .type == 'work') ?? first(list)`
fn work_or_first<'j>(user: &'j Json, list: &str) -> Option<&'j Json> {
    let items = user.get(list)?.as_array()?;
    items
        .iter()
        .find(|item| text(item, "type") == Some("work"))
        .or_else(|| items.first())
}

/// `toScimPhoneNumbers` of one phone number.
fn phone_number(phone: &Json) -> Option<Json> {
    let value = part(phone, "number").or_else(|| part(phone, "value"))?;
    let mut item = Map::new();
    item.insert("value".into(), Json::String(value));
    if let Some(kind) = part(phone, "type") {
        let kind = match kind.to_ascii_lowercase().as_str() {
            "work" => "work",
            "mobile" | "work_mobile" => "mobile",
            "home" => "home",
            "fax" | "work_fax" => "fax",
            "pager" => "pager",
            _ => "other",
        };
        item.insert("type".into(), Json::String(kind.into()));
    }
    item.insert("primary".into(), Json::Bool(true));
    Some(Json::Object(item))
}

/// `toScimAddresses` of one address, in SCIM's sub-attribute order.
fn address(address: &Json) -> Option<Json> {
    let po_box = part(address, "poBox").map(|po_box| {
        if po_box.chars().any(char::is_alphabetic) {
            po_box
        } else {
            format!("PO Box {po_box}")
        }
    });
    let street: Vec<String> = [
        part(address, "streetAddress"),
        part(address, "extendedAddress"),
        po_box,
    ]
    .into_iter()
    .flatten()
    .collect();
    let locality = part(address, "locality");
    let region = part(address, "region");
    let postal_code = part(address, "postalCode");
    let country = part(address, "country");

    let region_line = join([region.as_deref(), postal_code.as_deref()], " ");
    let city_line = join([locality.as_deref(), region_line.as_deref()], ", ");
    let lines = street.iter().map(|line| Some(line.as_str()));
    let formatted = join(
        lines.chain([city_line.as_deref(), country.as_deref()]),
        "\n",
    )?;

    let mut item = Map::new();
    item.insert("formatted".into(), Json::String(formatted));
    if let Some(street) = join(street.iter().map(|line| Some(line.as_str())), "\n") {
        item.insert("streetAddress".into(), Json::String(street));
    }
    for (key, value) in [
        ("locality", locality),
        ("region", region),
        ("postalCode", postal_code),
        ("country", country),
    ] {
        if let Some(value) = value {
            item.insert(key.into(), Json::String(value));
        }
    }
    if let Some(kind) = part(address, "type") {
        let kind = match kind.to_ascii_lowercase().as_str() {
            "work" => "work",
            "home" => "home",
            _ => "other",
        };
        item.insert("type".into(), Json::String(kind.into()));
    }
    item.insert("primary".into(), Json::Bool(true));
    Some(Json::Object(item))
}

/// The present parts joined with `separator`; `None` when none is present.
fn join<'p>(parts: impl IntoIterator<Item = Option<&'p str>>, separator: &str) -> Option<String> {
    let mut joined = String::new();
    for part in parts.into_iter().flatten() {
        if !joined.is_empty() {
            joined.push_str(separator);
        }
        joined.push_str(part);
    }
    (!joined.is_empty()).then_some(joined)
}

/// A trimmed, non-empty text part of a helper's input (integers written in decimal).
fn part(object: &Json, key: &str) -> Option<String> {
    match object.get(key)? {
        Json::String(s) => non_empty(Some(s.trim())).map(String::from),
        Json::Number(n) if n.is_i64() => Some(n.to_string()),
        _ => None,
    }
}

/// A string field.
fn text<'j>(object: &'j Json, key: &str) -> Option<&'j str> {
    object.get(key)?.as_str()
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.filter(|s| !s.is_empty())
}

/// Sets `key` to the text, when there is one.
fn put(object: &mut Map<String, Json>, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        object.insert(key.into(), Json::String(value.into()));
    }
}

/// Copies the string field `from` of `user` to `key`.
fn copy(object: &mut Map<String, Json>, key: &str, user: &Json, from: &str) {
    put(object, key, text(user, from));
}

/// One NDJSON user line in, one SCIM JSON line out, by hand: parse, map, serialise.
pub fn hand_written_line(line: &[u8], managers: &Managers, out: &mut Vec<u8>) {
    let document: Json = match serde_json::from_slice(line) {
        Ok(document) => document,
        Err(error) => return error_line(out, &error.to_string()),
    };
    match namely(&document["jcUser"], provider_of(&document), managers) {
        Ok(resource) => write_line(out, &resource),
        Err(error) => error_line(out, &error),
    }
}

/// The same pipeline with scimap's compiled table in place of the hand-written function.
pub fn scimap_line(line: &[u8], table: &scimap::mapping::CompiledTable, out: &mut Vec<u8>) {
    let document: Json = match serde_json::from_slice(line) {
        Ok(document) => document,
        Err(error) => return error_line(out, &error.to_string()),
    };
    match table.write_user_resource(&document["jcUser"], provider_of(&document), out) {
        Ok(()) => out.push(b'\n'),
        Err(error) => error_line(out, &error.to_string()),
    }
}

fn write_line(out: &mut Vec<u8>, value: &Json) {
    serde_json::to_writer(&mut *out, value).expect("writes to a vector");
    out.push(b'\n');
}

fn error_line(out: &mut Vec<u8>, message: &str) {
    let mut record = Map::new();
    record.insert("error".into(), Json::String(message.into()));
    write_line(out, &Json::Object(record));
}
