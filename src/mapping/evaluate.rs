//! Evaluating a compiled table for one user (or group): the SCIM resource, or the PATCH that
//! brings the provider's copy up to date. Failures are per user and per row, never a panic.

use std::fmt;

use serde_json::Value as Json;

use super::compile::{CompiledRows, CompiledSource, CompiledTable};
use super::environment::{self, MANAGER_VAR};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::scim::{self, ResourceBuilder, ResourceKind, TargetPath};
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

/// The values a table produced for one resource, before they are assembled.
struct Evaluated<'t> {
    values: Vec<(&'t TargetPath, Json)>,
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
        let evaluated = self.evaluate(kind, source, provider, operation)?;
        let mut builder = ResourceBuilder::new(&rows.schema);
        for (target, value) in evaluated.values {
            // Values were checked against their targets in `evaluate`.
            let _ = builder.set(target, value);
        }
        Ok(builder.finish())
    }

    fn patch(
        &self,
        kind: ResourceKind,
        source: &Json,
        provider: &Json,
    ) -> Result<Option<Json>, UserError> {
        let rows = self.rows(kind);
        let evaluated = self.evaluate(kind, source, Some(provider), Operation::Update)?;
        let mut builder = ResourceBuilder::new(&rows.schema);
        for (target, value) in evaluated.values {
            let _ = builder.set(target, value);
        }
        let desired = builder.finish();
        Ok(scim::patch(
            provider,
            &desired,
            &rows.schema,
            &evaluated.clear,
        ))
    }

    fn evaluate<'t>(
        &'t self,
        kind: ResourceKind,
        source: &Json,
        provider: Option<&Json>,
        operation: Operation,
    ) -> Result<Evaluated<'t>, UserError> {
        let rows = self.rows(kind);
        let (source_var, provider_var) = environment::variables(kind);
        let manager = self.manager(rows, source);
        let provider_json = provider.unwrap_or_else(|| environment::empty_object());
        let vars = [
            (source_var, Value::from_json(source)),
            (provider_var, Value::from_json(provider_json)),
            (MANAGER_VAR, manager.clone()),
        ];
        let mut evaluated = Evaluated {
            values: Vec::with_capacity(rows.rows.len()),
            clear: Vec::new(),
        };
        let mut errors = Vec::new();
        for row in &rows.rows {
            let applies = match operation {
                Operation::Create => row.row.on_create,
                Operation::Update => row.row.on_update,
            };
            if !applies {
                continue;
            }
            let value = match &row.source {
                CompiledSource::Path(path) => Ok(path.read(source, &manager).to_json()),
                CompiledSource::Constant(value) => Ok(value.clone()),
                CompiledSource::Expr(program) => program
                    .run_with(&vars)
                    .map(|v| v.to_json())
                    .map_err(|error| {
                        let mut diagnostic = error.to_diagnostic();
                        diagnostic.span = Some(
                            error
                                .span()
                                .map_or(row.row.spans.source, |s| row.row.spans.in_file(s)),
                        );
                        diagnostic
                    }),
            };
            let failure = match value {
                Err(diagnostic) => Some(diagnostic),
                Ok(Json::Null) if row.row.required => {
                    Some(required_missing(row.row.spans.source, &row.row.target))
                }
                Ok(Json::Null) => {
                    if row.row.clear_on_nil {
                        evaluated.clear.push(row.target.clone());
                    }
                    None
                }
                Ok(value) => match row.target.accepts(&value) {
                    Ok(()) => {
                        evaluated.values.push((&row.target, value));
                        None
                    }
                    Err(mismatch) => Some(mismatch.to_diagnostic(row.row.spans.source)),
                },
            };
            if let Some(diagnostic) = failure {
                errors.push(RowError {
                    row: row.index,
                    target: row.row.target.clone(),
                    diagnostic,
                });
            }
        }
        if errors.is_empty() {
            Ok(evaluated)
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
        match source.get("manager").and_then(Json::as_str) {
            Some(id) => resolver(id).map_or(Value::Nil, Value::from),
            None => Value::Nil,
        }
    }
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
