//! Golden diagnostics: mistakes a mapping author plausibly makes, each compiled against the
//! JumpCloud environment (`jcUser`, `providerUser`; `jcGroup`, `providerGroup` for group rows)
//! and rendered as plain text (code, message, position, the source line underlined, help).
//!
//! One snapshot per case, in `tests/snapshots/diagnostics__<name>.snap`. Every case must
//! produce at least one diagnostic, and every diagnostic of the checker a span and a help line.

use scimap::diagnostic::{render_plain, Diagnostics};
use scimap::types::TypeEnv;

/// `(snapshot name, expression)` over the JumpCloud user table's variables.
const USER_CASES: &[(&str, &str)] = &[
    // Names and fields.
    ("field_typo", "jcUser.dispalyname"),
    ("field_wrong_case", "jcUser.displayName"),
    ("variable_wrong_case", "jcuser.email"),
    ("nested_field_typo", "jcUser.addresses[0].locallity"),
    (
        "field_in_predicate_typo",
        "map(jcUser.addresses, .postcode)",
    ),
    (
        "custom_attribute_wrong_key",
        "find(jcUser.attributes, .key == 'costCode')?.value",
    ),
    (
        "phone_value_is_number",
        "find(jcUser.phoneNumbers, .type == 'mobile')?.value",
    ),
    (
        "emails_is_not_a_jumpcloud_field",
        "filter(jcUser.emails, #index > 0)",
    ),
    ("scim_field_typo", "providerUser.nmae.givenName"),
    (
        "scim_username_case",
        "providerUser.username ?? jcUser.username",
    ),
    (
        "enterprise_field_typo",
        "providerUser['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'].departmnet",
    ),
    ("manager_is_an_id", "jcUser.manager.displayname"),
    ("array_field_without_index", "jcUser.addresses.locality"),
    (
        "scim_array_field_without_index",
        "providerUser.emails.value",
    ),
    ("array_index_as_string", "jcUser.addresses['0'].locality"),
    ("function_typo", "uppercase(jcUser.email)"),
    ("function_unknown", "capitalize(jcUser.firstname)"),
    ("method_typo", "date(jcUser.created).Yaer()"),
    (
        "index_pointer_in_filter",
        "filter(jcUser.phoneNumbers, #index > 0)",
    ),
    (
        "let_shadows_builtin",
        "let upper = upper(jcUser.firstname); upper + '.'",
    ),
    (
        "let_twice",
        "let name = jcUser.firstname; let name = jcUser.lastname; name",
    ),
    // Types.
    ("string_plus_number", "jcUser.firstname + 1"),
    ("upper_of_array", "upper(jcUser.addresses)"),
    (
        "string_as_condition",
        "jcUser.displayname ? jcUser.displayname : jcUser.username",
    ),
    ("elvis_on_string", "jcUser.displayname ?: jcUser.username"),
    ("not_of_string", "!jcUser.email ? 'none' : jcUser.email"),
    ("and_with_string", "jcUser.suspended and jcUser.state"),
    (
        "arrays_joined_with_plus",
        "jcUser.addresses + jcUser.phoneNumbers",
    ),
    (
        "number_field_compared_with_string",
        "jcUser.unix_uid > '1000'",
    ),
    (
        "time_compared_with_string",
        "date(jcUser.created) > '2020-01-01'",
    ),
    ("time_minus_string", "now() - jcUser.created"),
    ("string_indexed", "upper(jcUser.firstname[0]) + '.'"),
    (
        "predicate_returns_string",
        "filter(jcUser.phoneNumbers, .number)",
    ),
    ("map_over_the_user", "map(jcUser, #)"),
    ("call_a_string", "jcUser.email()"),
    ("bad_regex", "jcUser.email matches '^[a-z+@example.com$'"),
    ("modulo_zero", "jcUser.unix_uid % 0"),
    // Arguments.
    ("len_two_arguments", "len(jcUser.email, 1)"),
    ("helper_without_argument", "notNullOrEmpty()"),
    (
        "helper_extra_argument",
        "toScimEmails(jcUser.email, 'work')",
    ),
    ("split_without_separator", "split(jcUser.email)[0]"),
    (
        "trim_three_arguments",
        "trim(jcUser.firstname, ' ', jcUser.lastname)",
    ),
    // Lints.
    (
        "compare_string_field_with_number",
        "jcUser.employeeIdentifier == 123",
    ),
    (
        "compare_number_field_with_string",
        "jcUser.unix_uid != '1000'",
    ),
    (
        "compare_bool_field_with_string",
        "providerUser.active == 'true' ? 'on' : 'off'",
    ),
    ("coalesce_list_field", "jcUser.addresses ?? []"),
    ("coalesce_builtin_result", "lower(jcUser.email) ?? ''"),
    (
        "coalesce_concatenation",
        "(jcUser.firstname + ' ' + jcUser.lastname) ?? jcUser.username",
    ),
    (
        "condition_always_true",
        "true ? jcUser.email : jcUser.alternateEmail",
    ),
    (
        "list_field_compared_with_nil",
        "jcUser.phoneNumbers == nil ? nil : jcUser.phoneNumbers",
    ),
    ("operand_always_false", "jcUser.activated && false"),
    (
        "unused_let",
        "let full = jcUser.firstname + ' ' + jcUser.lastname; jcUser.displayname",
    ),
    // Syntax.
    (
        "single_equals_in_predicate",
        "find(jcUser.addresses, .type = 'work')",
    ),
    ("unbalanced_parens", "upper(jcUser.firstname"),
    (
        "unterminated_string",
        "jcUser.firstname + ' ' + jcUser.lastname + '",
    ),
    (
        "coalesce_mixed_with_plus",
        "jcUser.middlename ?? jcUser.firstname + ' ' + jcUser.lastname",
    ),
    ("missing_plus", "jcUser.firstname + ' ' jcUser.lastname"),
    (
        "many_problems_at_once",
        "upper(jcUser.frstname) + jcUser.unix_uid + lenght(jcUser.tags)",
    ),
];

/// Cases over the JumpCloud group table's variables.
const GROUP_CASES: &[(&str, &str)] = &[
    ("group_field_typo", "jcGroup.nmae"),
    ("group_user_variable", "jcUser.email"),
    (
        "group_scim_field_typo",
        "providerGroup.displayname ?? jcGroup.name",
    ),
];

/// Renders every diagnostic compiling `source` in `env` gives, errors or warnings.
fn render(source: &str, env: &TypeEnv) -> (String, Diagnostics) {
    let engine = scimap::Engine::default();
    let diagnostics = match engine.compile_with_types(source, env) {
        Ok(program) => Diagnostics::new(source, program.warnings().to_vec()),
        Err(diagnostics) => diagnostics,
    };
    (render_plain(&diagnostics), diagnostics)
}

fn snapshot_all(cases: &[(&str, &str)], env: &TypeEnv) -> usize {
    let mut count = 0;
    for (name, source) in cases {
        let (text, diagnostics) = render(source, env);
        assert!(
            !diagnostics.items.is_empty(),
            "{name}: no diagnostic for {source}"
        );
        for item in &diagnostics.items {
            assert!(
                item.span.is_some(),
                "{name}: `{}` has no span",
                item.message
            );
            // The lexer's and parser's messages (S codes) come from `src/syntax`; some have
            // no help line yet.
            let syntax = item.code.as_str().starts_with('S');
            assert!(
                syntax || item.help.is_some(),
                "{name}: `{}` has no help",
                item.message
            );
        }
        count += diagnostics.items.len();
        insta::assert_snapshot!(*name, format!("{source}\n---\n{text}"));
    }
    count
}

#[test]
fn golden_diagnostics() {
    let users = snapshot_all(USER_CASES, &TypeEnv::jumpcloud());
    let groups = snapshot_all(GROUP_CASES, &TypeEnv::jumpcloud_groups());
    assert!(users + groups >= 40, "only {} diagnostics", users + groups);
}

#[test]
fn correct_mappings_have_no_diagnostics() {
    const GOOD: &[&str] = &[
        "jcUser.firstname + ' ' + jcUser.lastname",
        "notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : jcUser.username",
        "providerUser.name?.givenName ?? jcUser.firstname",
        "find(jcUser.attributes, .name == 'costCode')?.value",
        "toScimPhoneNumbers(jcUser.phoneNumbers)",
        "toScimAddresses(jcUser.addresses)",
        "toScimEmails(jcUser.email)",
        "jcUser.managerExternalId",
        "jcUser.id ?? jcUser._id",
        "filter(jcUser.phoneNumbers, .type == 'work')",
        "map(jcUser.addresses, #index > 0 ? .locality : upper(.locality))",
        "jcUser.suspended ? false : jcUser.activated",
        "int(jcUser.employeeIdentifier) > 1000",
        "date(jcUser.created).Year() > 2020",
        "providerUser['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']?.manager?.value",
        "let given = jcUser.firstname ?? ''; upper(given[:1]) + lower(given[1:])",
        "len(jcUser.tags ?? []) > 0",
        "jcUser.unix_uid in 1000..2000",
        "get(jcUser, 'customField') ?? 'none'",
    ];
    for source in GOOD {
        let (text, _) = render(source, &TypeEnv::jumpcloud());
        assert!(text.is_empty(), "{source}:\n{text}");
    }
}
