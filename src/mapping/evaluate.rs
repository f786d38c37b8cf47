//! Evaluating a compiled table for one user (or group): the SCIM resource, or the PATCH that
//! brings the provider's copy up to date. Failures are per user and per row, never a panic.

use std::fmt;

use serde_json::Value as Json;
use smallvec::SmallVec;

use super::compile::{CompiledRow, CompiledRows, CompiledSource, CompiledTable};
use super::environment::{self, MANAGER_VAR};
use super::output;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::eval::direct::Fields;
use crate::scim::{self, ResourceKind, TargetPath};
use crate::syntax::Span;
use crate::value::Value;

/// Whether the provider already has the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// The provider does not have it yet: rows marked `on = ["create"]` apply.
    Create,
    /// The provider has it: rows marked `on = ["update"]` apply.
    Update,
}

/// One row that failed for one user.
#[derive(Clone, Debug, PartialEq)]
pub struct RowError {
    /// The row's position in its section (0-based).
    pub row: usize,
    /// The row's target as written.
    pub target: String,
    /// What went wrong.
    pub diagnostic: Diagnostic,
}

/// Why a user could not be mapped: every failing row.
#[derive(Clone, Debug, PartialEq)]
pub struct UserError {
    /// The user's id (`_id` or `id`), when it has one.
    pub user_id: Option<String>,
    /// The failing rows.
    pub errors: Vec<RowError>,
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let who = self.user_id.as_deref().unwrap_or("(no id)");
        write!(f, "user {who}: ")?;
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                write!(f, "; ")?;
            }
            write!(
                f,
                "row {} ({}): {}",
                error.row + 1,
                error.target,
                error.diagnostic.message
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for UserError {}

impl UserError {
    /// The failures as diagnostics over the table file, ready to render.
    pub fn to_diagnostics(&self, table: &CompiledTable) -> Diagnostics {
        Diagnostics {
            name: table.origin.name.clone(),
            source: table.origin.text.clone(),
            items: self.errors.iter().map(|e| e.diagnostic.clone()).collect(),
        }
    }
}

/// The values a table produced for one resource, before they are assembled: one slot per
/// compiled row (`None`: the row gave no value or does not apply). Kept on the stack for
/// tables of usual size: a heap block this large costs more to allocate than most rows do.
///
/// Callers keep it in their own frame and [`CompiledTable::evaluate`] fills it in place: at
/// 72 bytes a JSON value, returning it by value would copy a couple of kilobytes per user.
#[derive(Default)]
struct Evaluated {
    values: SmallVec<[Option<Json>; 24]>,
    clear: Vec<TargetPath>,
}

impl CompiledTable {
    /// The SCIM User resource for a JumpCloud user. With `provider_user` (the provider's
    /// current resource) the update rows apply and expressions can read it; without, the
    /// create rows apply and `providerUser` is an empty object.
    pub fn user_resource(
        &self,
        jc_user: &Json,
        provider_user: Option<&Json>,
    ) -> Result<Json, UserError> {
        self.resource(ResourceKind::User, jc_user, provider_user)
    }

    /// The SCIM Group resource for a JumpCloud group (`jcGroup`).
    pub fn group_resource(
        &self,
        jc_group: &Json,
        provider_group: Option<&Json>,
    ) -> Result<Json, UserError> {
        self.resource(ResourceKind::Group, jc_group, provider_group)
    }

    /// The RFC 7644 PATCH request taking `provider_user` to what the table maps `jc_user` to;
    /// `None` when nothing changes.
    pub fn user_patch(
        &self,
        jc_user: &Json,
        provider_user: &Json,
    ) -> Result<Option<Json>, UserError> {
        self.patch(ResourceKind::User, jc_user, provider_user)
    }

    /// The PATCH request for a group.
    pub fn group_patch(
        &self,
        jc_group: &Json,
        provider_group: &Json,
    ) -> Result<Option<Json>, UserError> {
        self.patch(ResourceKind::Group, jc_group, provider_group)
    }

    fn rows(&self, kind: ResourceKind) -> &CompiledRows {
        match kind {
            ResourceKind::User => &self.user,
            ResourceKind::Group => &self.group,
        }
    }

    /// The resource for one source object.
    pub fn resource(
        &self,
        kind: ResourceKind,
        source: &Json,
        provider: Option<&Json>,
    ) -> Result<Json, UserError> {
        let operation = if provider.is_some() {
            Operation::Update
        } else {
            Operation::Create
        };
        let rows = self.rows(kind);
        let mut evaluated = Evaluated::default();
        self.evaluate(kind, source, provider, operation, &mut evaluated)?;
        Ok(rows.layout.assemble(&mut evaluated.values))
    }

    /// Writes the SCIM User for a JumpCloud user to `out` as compact JSON (no newline): the
    /// bytes `serde_json::to_writer` writes for [`CompiledTable::user_resource`]'s value,
    /// without building that value. Batch mapping (one NDJSON line per user) uses it. On error
    /// nothing is written.
    ///
    /// ```
    /// let table = scimap::mapping::builtin::table("namely").unwrap().load().unwrap();
    /// let table = table.compile(&scimap::Engine::default()).unwrap();
    /// let user = serde_json::json!({"email": "ada@example.com", "firstname": "Ada"});
    /// let mut line = Vec::new();
    /// table.write_user_resource(&user, None, &mut line).unwrap();
    /// let resource = table.user_resource(&user, None).unwrap();
    /// assert_eq!(line, serde_json::to_vec(&resource).unwrap());
    /// ```
    pub fn write_user_resource(
        &self,
        jc_user: &Json,
        provider_user: Option<&Json>,
        out: &mut Vec<u8>,
    ) -> Result<(), UserError> {
        self.write_resource(ResourceKind::User, jc_user, provider_user, out)
    }

    /// Writes the resource for one source object as compact JSON (see
    /// [`CompiledTable::write_user_resource`]).
    pub fn write_resource(
        &self,
        kind: ResourceKind,
        source: &Json,
        provider: Option<&Json>,
        out: &mut Vec<u8>,
    ) -> Result<(), UserError> {
        let operation = if provider.is_some() {
            Operation::Update
        } else {
            Operation::Create
        };
        let rows = self.rows(kind);
        let mut evaluated = Evaluated::default();
        self.evaluate(kind, source, provider, operation, &mut evaluated)?;
        rows.layout.write(&mut evaluated.values, out);
        Ok(())
    }

    fn patch(
        &self,
        kind: ResourceKind,
        source: &Json,
        provider: &Json,
    ) -> Result<Option<Json>, UserError> {
        let rows = self.rows(kind);
        let mut evaluated = Evaluated::default();
        self.evaluate(
            kind,
            source,
            Some(provider),
            Operation::Update,
            &mut evaluated,
        )?;
        let desired = rows.layout.assemble(&mut evaluated.values);
        Ok(scim::patch(
            provider,
            &desired,
            &rows.schema,
            &evaluated.clear,
        ))
    }

    fn evaluate(
        &self,
        kind: ResourceKind,
        source: &Json,
        provider: Option<&Json>,
        operation: Operation,
        evaluated: &mut Evaluated,
    ) -> Result<(), UserError> {
        let rows = self.rows(kind);
        let (source_var, provider_var) = environment::variables(kind);
        let manager = self.manager(rows, source);
        let provider_json = provider.unwrap_or_else(|| environment::empty_object());
        let vars = [
            (source_var, Value::from_json(source)),
            (provider_var, Value::from_json(provider_json)),
            (MANAGER_VAR, manager.clone()),
        ];
        let mut fields = Fields::default();
        rows.fields.fill(&vars, &mut fields);
        evaluated.values.reserve(rows.rows.len());
        let mut errors = Vec::new();
        for row in &rows.rows {
            let applies = match operation {
                Operation::Create => row.row.on_create,
                Operation::Update => row.row.on_update,
            };
            if !applies {
                evaluated.values.push(None);
                continue;
            }
            let error = match row_value(row, source, &manager, &vars, &fields) {
                Ok(Json::Null) if row.row.required => {
                    required_missing(row.row.spans.source, &row.row.target)
                }
                Ok(Json::Null) => {
                    if row.row.clear_on_nil {
                        evaluated.clear.push(row.target.clone());
                    }
                    evaluated.values.push(None);
                    continue;
                }
                Ok(value) => {
                    evaluated.values.push(Some(value));
                    continue;
                }
                Err(diagnostic) => *diagnostic,
            };
            evaluated.values.push(None);
            errors.push(RowError {
                row: row.index,
                target: row.row.target.clone(),
                diagnostic: error,
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(UserError {
                user_id: user_id(source),
                errors,
            })
        }
    }

    fn manager<'a>(&self, rows: &CompiledRows, source: &'a Json) -> Value<'a> {
        if !rows.needs_manager {
            return Value::Nil;
        }
        let Some(resolver) = &self.resolver else {
            return Value::Nil;
        };
        let manager = match source {
            Json::Object(object) => crate::value::json_field(object, "manager"),
            _ => None,
        };
        match manager.and_then(Json::as_str) {
            Some(id) => resolver(id).map_or(Value::Nil, Value::from),
            None => Value::Nil,
        }
    }
}

/// One row's value for one user, checked against its target (`null`: no value). The error
/// is boxed: a diagnostic is large, and every row's result passes through the caller.
fn row_value<'a>(
    row: &'a CompiledRow,
    source: &'a Json,
    manager: &Value<'a>,
    vars: &'a [(&'a str, Value<'a>)],
    fields: &Fields<'a>,
) -> Result<Json, Box<Diagnostic>> {
    let definition = row.target.definition();
    let value = match &row.source {
        CompiledSource::Path(path) => path.read_json(source, manager, fields),
        CompiledSource::Constant(value) => value.clone(),
        CompiledSource::Helper {
            program,
            items,
            always_fits,
            direct,
        } => {
            let call = |args: &[Value<'a>]| {
                items(args).map(|items| output::items_json(&items, definition))
            };
            let json = match direct {
                Some(plan) => plan.call(fields, call),
                None => None,
            };
            let json = match json {
                Some(json) => json,
                None => program.run_root_call(vars, call),
            }
            .map_err(|error| run_time_error(row, &error))?;
            if *always_fits || row.target.accepts(&json).is_ok() {
                return Ok(json);
            }
            // Report the mismatch as the helper's value stands, keys in their own order.
            let value = program
                .run_with(vars)
                .map_err(|e| run_time_error(row, &e))?;
            value.to_json()
        }
        CompiledSource::Expr { program, direct } => {
            let mut value = Value::Nil;
            let planned = direct
                .as_ref()
                .is_some_and(|plan| plan.eval_into(fields, &mut value));
            if !planned {
                value = program
                    .run_with(vars)
                    .map_err(|error| run_time_error(row, &error))?;
            }
            let json = output::target_json(&value, definition);
            if (json.is_string() && row.takes_any_string) || row.target.accepts(&json).is_ok() {
                return Ok(json);
            }
            // Report the mismatch as the value stands, keys in their own order.
            value.to_json()
        }
    };
    // No value (the commonest outcome for a sparse user) is made where it is returned:
    // passing a large JSON value on after a check copies it, at a stall.
    if value.is_null() {
        return Ok(Json::Null);
    }
    if value.is_string() && row.takes_any_string {
        return Ok(value);
    }
    match row.target.accepts(&value) {
        Ok(()) => Ok(value),
        Err(mismatch) => Err(Box::new(mismatch.to_diagnostic(row.row.spans.source))),
    }
}

/// A run-time error of a row's expression, placed in the table file.
fn run_time_error(row: &CompiledRow, error: &crate::eval::RuntimeError) -> Box<Diagnostic> {
    let mut diagnostic = error.to_diagnostic();
    diagnostic.span = Some(
        error
            .span()
            .map_or(row.row.spans.source, |s| row.row.spans.in_file(s)),
    );
    Box::new(diagnostic)
}

fn required_missing(span: Span, target: &str) -> Diagnostic {
    Diagnostic::error(
        Code::MissingRequired,
        format!("the required target `{target}` has no value for this user"),
        span,
    )
    .at_run_time()
    .with_help("give the row a fallback with `??`, or fix the user's data")
}

fn user_id(source: &Json) -> Option<String> {
    ["_id", "id"]
        .iter()
        .find_map(|key| source.get(key).and_then(Json::as_str))
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::mapping::compile::CompiledSource;
    use crate::mapping::Table;

    #[test]
    fn written_resources_are_the_built_ones_serialized() {
        let engine = crate::Engine::default();
        for builtin in crate::mapping::builtin::TABLES {
            let table = builtin.load().unwrap().compile(&engine).unwrap();
            for name in ["alice", "john", "svc-backup", "zoe"] {
                let path = format!(
                    "{}/tests/data/users/{name}.json",
                    env!("CARGO_MANIFEST_DIR")
                );
                let sample: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
                let provider = sample.get("providerUser").filter(|p| p.is_object());
                for provider in [None, provider] {
                    let built = table.user_resource(&sample["jcUser"], provider);
                    let mut written = b"x".to_vec();
                    let result =
                        table.write_user_resource(&sample["jcUser"], provider, &mut written);
                    match built {
                        Ok(resource) => {
                            result.unwrap();
                            assert_eq!(written[1..], serde_json::to_vec(&resource).unwrap());
                        }
                        Err(error) => {
                            assert_eq!(result.unwrap_err(), error);
                            assert_eq!(written, b"x", "nothing written on error");
                        }
                    }
                }
            }
        }
    }

    /// The same rows, once as bare helper calls (written straight to JSON) and once wrapped so
    /// that the interpreter builds the helper's value: the results and errors agree.
    #[test]
    fn helper_rows_agree_with_helper_values() {
        let good = [
            ("emails", "toScimEmails(jcUser.email)"),
            ("addresses", "toScimAddresses(jcUser.addresses)"),
            ("phoneNumbers", "toScimPhoneNumbers(jcUser.phoneNumbers)"),
        ];
        // Lists of objects, as the targets take (anything else is a compile-time error), whose
        // items do not fit: binary values, sub-attributes the target lacks.
        let bad = [
            ("x509Certificates", "toScimEmails(jcUser.email)"),
            ("emails", "toScimAddresses(jcUser.addresses)"),
            ("ims", "toScimPhoneNumbers(jcUser.phoneNumbers)"),
        ];
        assert_eq!(compare(&good), 0, "the good rows fit");
        assert!(compare(&bad) > 0, "the bad rows fail for some user");
    }

    /// A table whose rows read overlapping fields through one set of slots gives what the
    /// same rows give in the interpreter (each wrapped in a `let`, which no plan takes), for
    /// users of every shape, on create and on update.
    #[test]
    fn direct_rows_agree_with_interpreted_rows() {
        let rows = [
            ("userName", "path", "email"),
            ("displayName", "expr", "notNullOrEmpty(jcUser.displayname) ? jcUser.displayname : (notNullOrEmpty(jcUser.lastname) ? jcUser.firstname + ' ' + jcUser.lastname : jcUser.firstname)"),
            ("title", "expr", "jcUser.jobTitle ?? jcUser.email"),
            ("externalId", "expr", "notNullOrEmpty(providerUser.externalId) ? providerUser.externalId : jcUser.id"),
            ("nickName", "path", "id"),
            ("profileUrl", "expr", "jcUser._id"),
            ("locale", "expr", "notNullOrEmpty(providerUser.locale) ? providerUser.locale : 'en-US'"),
            ("addresses", "expr", "toScimAddresses(find(jcUser.addresses, .type == 'work') ?? first(jcUser.addresses))"),
            ("phoneNumbers", "expr", "toScimPhoneNumbers(first(jcUser.phoneNumbers))"),
            ("emails", "expr", "toScimEmails(jcUser.email)"),
            ("name.givenName", "path", "firstname"),
            ("name.familyName", "expr", "jcUser.lastname ?? providerUser.name"),
        ];
        let table = |wrap: bool| {
            table_of(rows.iter().map(|&(target, kind, source)| {
                let source = if wrap && kind == "expr" {
                    format!("let v = {source}; v")
                } else {
                    source.to_string()
                };
                (target, kind, source)
            }))
        };
        let (direct, interpreted) = (table(false), table(true));
        let planned = |table: &crate::mapping::CompiledTable| {
            table
                .user
                .rows
                .iter()
                .filter(|row| {
                    matches!(
                        &row.source,
                        CompiledSource::Expr {
                            direct: Some(_),
                            ..
                        } | CompiledSource::Helper {
                            direct: Some(_),
                            ..
                        }
                    )
                })
                .count()
        };
        assert_eq!((planned(&direct), planned(&interpreted)), (9, 0));
        let mut users = vec![
            json!({}),
            json!("not an object"),
            json!([]),
            json!({"_id": "u1", "email": "a@x.org", "firstname": "Ada", "lastname": "L",
                   "addresses": [{"type": "home", "locality": "Paris"}, {"type": "work", "locality": "Oslo"}],
                   "phoneNumbers": [{"type": "mobile", "number": "555"}]}),
            json!({"id": "", "_id": "u2", "email": "", "displayname": "D", "jobTitle": null,
                   "addresses": "x", "phoneNumbers": [[]]}),
        ];
        for value in crate::eval::direct::tests::field_values() {
            users.push(
                json!({"email": value, "firstname": value, "lastname": value,
                              "displayname": value, "id": value, "_id": value, "jobTitle": value,
                              "addresses": value, "phoneNumbers": value}),
            );
        }
        let providers = [
            None,
            Some(json!({})),
            Some(json!({"externalId": "p1", "locale": "fr", "name": "N"})),
            Some(json!({"externalId": 5, "locale": ""})),
        ];
        for user in &users {
            for provider in &providers {
                assert_eq!(
                    outcome(&direct, user, provider.as_ref()),
                    outcome(&interpreted, user, provider.as_ref()),
                    "{user} {provider:?}"
                );
            }
        }
    }

    /// Compares the outcomes for a few users; returns how many users failed.
    fn compare(rows: &[(&str, &str)]) -> usize {
        let table = |wrap: bool| {
            let user_name = ("userName", "path", "email".to_string());
            table_of(
                std::iter::once(user_name).chain(rows.iter().map(|&(target, expr)| {
                    let expr = if wrap {
                        format!("{expr} ?? nil")
                    } else {
                        expr.to_string()
                    };
                    (target, "expr", expr)
                })),
            )
        };
        let (direct, wrapped) = (table(false), table(true));
        let users = [
            json!({"email": " a@x.org ", "addresses": [{"type": "home", "locality": "Paris"}],
                   "phoneNumbers": [{"type": "work", "number": "555"}]}),
            json!({"email": "", "addresses": [], "phoneNumbers": null}),
            json!({"email": "a@x.org", "addresses": [{"country": "FR"}, {"region": ""}]}),
        ];
        let mut failures = 0;
        for user in users {
            let (written, built) = (
                outcome(&direct, &user, None),
                outcome(&wrapped, &user, None),
            );
            assert_eq!(written, built, "{user}");
            failures += usize::from(!written.starts_with('{'));
        }
        failures
    }

    /// A table of `(target, "path" | "expr", source)` user rows.
    fn table_of<'r>(
        rows: impl IntoIterator<Item = (&'r str, &'r str, String)>,
    ) -> crate::mapping::CompiledTable {
        let text: String = rows
            .into_iter()
            .map(|(target, kind, source)| {
                format!("[[user]]\ntarget = {target:?}\n{kind} = {source:?}\n")
            })
            .collect();
        Table::from_toml("t.toml", &text)
            .unwrap()
            .compile(&crate::Engine::default())
            .unwrap()
    }

    /// A user's resource as JSON text, or its failing rows (`target: message` lines).
    fn outcome(
        table: &crate::mapping::CompiledTable,
        user: &serde_json::Value,
        provider: Option<&serde_json::Value>,
    ) -> String {
        match table.user_resource(user, provider) {
            Ok(resource) => serde_json::to_string(&resource).unwrap(),
            Err(error) => error
                .errors
                .iter()
                .map(|e| format!("{}: {}\n", e.target, e.diagnostic.message))
                .collect(),
        }
    }
}
