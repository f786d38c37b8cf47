//! Tests of target paths: the accepted forms, suggestions, read-only and unwritable targets.

use super::catalog::ResourceSchema;
use super::path::{PathError, TargetPath};
use super::schema::AttributeType;
use super::schema::ENTERPRISE_USER_URN;
use super::shape::Shape;
use crate::diagnostic::Code;
use crate::syntax::Span;
use serde_json::json;
use serde_json::Value as Json;

fn user(text: &str) -> Result<TargetPath, PathError> {
    TargetPath::parse(text, &ResourceSchema::user())
}

#[test]
fn core_paths_resolve_case_insensitively() {
    let path = user("name.GIVENNAME").unwrap();
    assert_eq!(path.to_string(), "name.givenName");
    assert_eq!(path.urn(), None);
    assert_eq!(path.shape().kind, AttributeType::String);
    let emails = user("emails").unwrap();
    assert!(emails.shape().multi_valued);
    assert!(user("userName").unwrap().is_required());
    assert!(user(" active ").is_ok());
}

#[test]
fn enterprise_shorthand_and_urn_forms_are_the_same_target() {
    let short = user("$enterpriseUser.manager.value").unwrap();
    let long =
        user("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value").unwrap();
    assert_eq!(short, long);
    assert_eq!(short.urn(), Some(ENTERPRISE_USER_URN));
    assert_eq!(short.relative(), "manager.value");
    let core = user("urn:ietf:params:scim:schemas:core:2.0:User:userName").unwrap();
    assert_eq!(core.to_string(), "userName");
}

#[test]
fn unknown_attributes_suggest_a_target() {
    let error = user("usrName").unwrap_err();
    assert_eq!(error.code(), Code::UnknownTarget);
    assert_eq!(error.help().as_deref(), Some("did you mean `userName`?"));
    assert_eq!(error.to_string(), "`User` has no attribute `usrName`");
    let error = user("department").unwrap_err();
    assert_eq!(
        error.help().as_deref(),
        Some("did you mean `$enterpriseUser.department`?")
    );
    let error = user("name.givenNmae").unwrap_err();
    assert_eq!(
        error.help().as_deref(),
        Some("did you mean `name.givenName`?")
    );
    let error = user("$enterpriseUser.departmnt").unwrap_err();
    assert_eq!(error.help().as_deref(), Some("did you mean `department`?"));
}

#[test]
fn read_only_targets_are_rejected() {
    for text in [
        "id",
        "meta",
        "meta.created",
        "groups",
        "schemas",
        "groups.value",
    ] {
        let error = user(text).unwrap_err();
        assert_eq!(error.code(), Code::ReadOnlyTarget, "{text}: {error}");
    }
    let error = user("$enterpriseUser.manager.displayName").unwrap_err();
    assert_eq!(
        error.to_string(),
        "`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName` is read-only"
    );
}

#[test]
fn extensions_must_be_declared() {
    let error = user("$enterpriseUsr.department").unwrap_err();
    assert_eq!(
        error.help().as_deref(),
        Some("did you mean `$enterpriseUser`?")
    );
    let error = user("urn:acme:ext:2.0:User:badge").unwrap_err();
    assert_eq!(
        error,
        PathError::UnknownExtension {
            name: "urn:acme:ext:2.0:User".into(),
            suggestion: None
        }
    );
    let group = ResourceSchema::group();
    assert!(TargetPath::parse("$enterpriseUser.department", &group).is_err());
}

#[test]
fn custom_extensions_take_any_attribute() {
    let mut schema = ResourceSchema::user();
    schema.declare_extension("urn:acme:ext:2.0:User").unwrap();
    let path = TargetPath::parse("urn:acme:ext:2.0:User:badge.color", &schema).unwrap();
    assert_eq!(path.to_string(), "urn:acme:ext:2.0:User:badge.color");
    assert_eq!(path.shape(), Shape::ANY);
    assert!(path.accepts(&json!({"any": [1, 2]})).is_ok());
    assert!(TargetPath::parse("urn:acme:ext:2.0:User:a.b.c", &schema).is_err());
}

#[test]
fn malformed_and_unwritable_paths() {
    for text in [
        ENTERPRISE_USER_URN,
        "$enterpriseUser",
        "urn:ietf:params:scim:schemas:core:2.0:User:",
        "nàme",
        "",
        "name.",
        ".name",
        "emails[type eq \"work\"].value",
        "na me",
    ] {
        assert_eq!(user(text).unwrap_err().code(), Code::TargetPath, "{text}");
    }
    for text in ["emails.value", "userName.first", "name.givenName.x"] {
        assert!(
            matches!(user(text), Err(PathError::NotWritable { .. })),
            "{text}"
        );
    }
}

#[test]
fn errors_become_diagnostics_with_help() {
    let diagnostic = user("usrName").unwrap_err().to_diagnostic(Span::new(9, 16));
    assert_eq!(diagnostic.code, Code::UnknownTarget);
    assert_eq!(diagnostic.span, Some(Span::new(9, 16)));
    assert_eq!(diagnostic.help.as_deref(), Some("did you mean `userName`?"));
    let mismatch = user("active").unwrap().accepts(&json!("yes")).unwrap_err();
    let diagnostic = mismatch.to_diagnostic(Span::new(0, 5));
    assert_eq!(diagnostic.code, Code::TargetType);
    assert_eq!(
        diagnostic.message,
        "`active` takes a boolean, found a string"
    );
}

#[test]
fn compiled_targets_can_be_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<TargetPath>();
    shared::<ResourceSchema>();
}

#[test]
fn overlapping_targets() {
    let name = user("name").unwrap();
    let given = user("name.givenName").unwrap();
    let family = user("name.familyName").unwrap();
    assert!(name.overlaps(&given) && given.overlaps(&name));
    assert!(!given.overlaps(&family));
    assert!(!user("displayName").unwrap().overlaps(&name));
}

#[test]
fn accepts_checks_values() {
    let emails = user("emails").unwrap();
    assert!(emails.accepts(&json!("a@b.c")).is_err());
    assert!(emails.accepts(&json!([{"value": "a@b.c"}])).is_ok());
    assert!(emails.accepts(&Json::Null).is_ok());
    let number = user("$enterpriseUser.employeeNumber").unwrap();
    let mismatch = number.accepts(&json!(7)).unwrap_err();
    assert_eq!(
        mismatch.location,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"
    );
}
