//! Compiling a table: every row's target resolved against the SCIM schema, every expression
//! parsed and checked, all problems of the table reported at once with their file positions.

use std::fmt;
use std::sync::Arc;

use serde_json::Value as Json;

use super::environment;
use super::output;
use super::path::SourcePath;
use super::table::{Row, Table};
use crate::builtins::scim::{scim_items, ItemsFn};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::eval::direct::{DirectPlan, FieldSlots};
use crate::scim::{JsonKind, ResourceKind, ResourceLayout, ResourceSchema, TargetPath};
use crate::syntax::Span;
use crate::types::Type;
use crate::{Engine, Program};

/// Resolves a JumpCloud user id (the `manager` field) to the manager's id at the provider.
pub type ManagerResolver = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// A table ready to map users: compile once, evaluate for many users, from many threads
/// (`CompiledTable` is `Send + Sync`; share it by reference or in an `Arc`).
#[derive(Clone)]
pub struct CompiledTable {
    pub(super) name: String,
    pub(super) origin: super::Origin,
    pub(super) user: CompiledRows,
    pub(super) group: CompiledRows,
    pub(super) warnings: Vec<Diagnostic>,
    pub(super) resolver: Option<ManagerResolver>,
}

impl fmt::Debug for CompiledTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompiledTable")
            .field("name", &self.name)
            .field("user_rows", &self.user.rows.len())
            .field("group_rows", &self.group.rows.len())
            .finish_non_exhaustive()
    }
}

/// The compiled rows of one resource kind, with its schema.
#[derive(Clone, Debug)]
pub(super) struct CompiledRows {
    pub(super) schema: ResourceSchema,
    pub(super) rows: Vec<CompiledRow>,
    /// Where each row's value goes in the resource.
    pub(super) layout: ResourceLayout,
    /// Whether any row reads `managerExternalId` (so the resolver runs only when needed).
    pub(super) needs_manager: bool,
    /// The variables' fields that direct rows and paths read, filled once per user.
    pub(super) fields: FieldSlots,
}

/// One compiled row.
#[derive(Clone, Debug)]
pub(super) struct CompiledRow {
    pub(super) index: usize,
    pub(super) target: TargetPath,
    /// Whether the target takes any string (so a string value needs no check).
    pub(super) takes_any_string: bool,
    pub(super) source: CompiledSource,
    pub(super) row: Row,
}

/// A row's compiled source.
#[derive(Clone, Debug)]
pub(super) enum CompiledSource {
    Path(SourcePath),
    /// An expression; `direct`: its plan when it reads fields and falls back through
    /// `notNullOrEmpty` tests and the like (evaluated without the interpreter).
    Expr {
        program: Arc<Program>,
        direct: Option<DirectPlan>,
    },
    /// An expression whose root calls a `toScim*` helper: the helper's items are written to
    /// JSON directly (see `output::items_json`).
    Helper {
        program: Arc<Program>,
        items: ItemsFn,
        /// Whatever the helper returns fits the target (no need to check each value).
        always_fits: bool,
        /// The plan of the helper's arguments, when they are direct reads.
        direct: Option<DirectPlan>,
    },
    Constant(Json),
}

impl Table {
    /// Compiles the table: resolves every target, checks every expression, and reports every
    /// problem of the table at once (errors fail; warnings stay on the compiled table).
    pub fn compile(&self, engine: &Engine) -> Result<CompiledTable, Diagnostics> {
        let mut problems = Vec::new();
        let user = compile_rows(self, ResourceKind::User, &self.user, engine, &mut problems);
        let group = compile_rows(
            self,
            ResourceKind::Group,
            &self.group,
            engine,
            &mut problems,
        );
        problems.sort_by_key(|d| d.span.map_or(0, |s| s.start));
        let diagnostics = Diagnostics {
            name: self.origin.name.clone(),
            source: self.origin.text.clone(),
            items: problems,
        };
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(CompiledTable {
            name: self.name.clone(),
            origin: self.origin.clone(),
            user,
            group,
            warnings: diagnostics.items,
            resolver: None,
        })
    }
}

fn compile_rows(
    table: &Table,
    kind: ResourceKind,
    rows: &[Row],
    engine: &Engine,
    problems: &mut Vec<Diagnostic>,
) -> CompiledRows {
    let mut schema = ResourceSchema::for_kind(kind);
    for urn in &table.extensions {
        if let Err(error) = schema.declare_extension(urn) {
            problems.push(Diagnostic::error(
                Code::TableFormat,
                format!("cannot declare extension `{urn}`: {error}"),
                Span::default(),
            ));
        }
    }
    let types = environment::type_env(kind);
    let mut fields = FieldSlots::default();
    let compiled: Vec<CompiledRow> = rows
        .iter()
        .enumerate()
        .filter_map(|(index, row)| {
            let context = RowContext {
                schema: &schema,
                kind,
                types: &types,
                engine,
            };
            compile_row(index, row, &context, &mut fields, problems)
        })
        .collect();
    check_duplicates(&compiled, problems);
    // A section without rows is not used (a users-only table has no group rows); a table with no
    // rows at all maps nothing, which is a mistake: its users would lack `userName`.
    let empty_table = table.user.is_empty() && table.group.is_empty();
    if !rows.is_empty() || (empty_table && kind == ResourceKind::User) {
        check_required(&schema, &compiled, kind, table, problems);
    }
    let needs_manager = rows.iter().any(|row| match &row.source {
        super::Source::Path(path) => path.starts_with(environment::MANAGER_FIELD),
        super::Source::Expr(expr) => expr.contains(environment::MANAGER_FIELD),
        super::Source::Constant(_) => false,
    });
    let layout = ResourceLayout::new(&schema, compiled.iter().map(|row| &row.target));
    CompiledRows {
        schema,
        rows: compiled,
        layout,
        needs_manager,
        fields,
    }
}

/// What every row of one section is compiled against.
struct RowContext<'c> {
    schema: &'c ResourceSchema,
    kind: ResourceKind,
    types: &'c crate::types::TypeEnv,
    engine: &'c Engine,
}

fn compile_row(
    index: usize,
    row: &Row,
    context: &RowContext<'_>,
    fields: &mut FieldSlots,
    problems: &mut Vec<Diagnostic>,
) -> Option<CompiledRow> {
    let RowContext {
        schema,
        kind,
        types,
        engine,
    } = *context;
    let (source_var, provider_var) = environment::variables(kind);
    let vars = [source_var, provider_var];
    let target = TargetPath::parse(&row.target, schema)
        .map_err(|error| problems.push(error.to_diagnostic(row.spans.target)))
        .ok();
    let source = match &row.source {
        super::Source::Path(path) => match SourcePath::parse(path) {
            Ok(mut path) => {
                path.resolve(fields, source_var);
                Some(CompiledSource::Path(path))
            }
            Err(message) => {
                problems.push(Diagnostic::error(
                    Code::TableFormat,
                    message,
                    row.spans.source,
                ));
                None
            }
        },
        super::Source::Expr(expr) => {
            match engine.compile_with_rules(expr, types, environment::rules(kind)) {
                Ok(program) => {
                    problems.extend(program.warnings().iter().map(|d| in_file(d, row)));
                    if let Some(target) = &target {
                        problems.extend(static_fit(&program, target, row));
                    }
                    let helper = program.root_builtin().and_then(scim_items);
                    let program = Arc::new(program);
                    Some(match helper {
                        Some(helper) => CompiledSource::Helper {
                            direct: program.direct_plan(true, fields, &vars),
                            program,
                            items: helper.items,
                            always_fits: target.as_ref().is_some_and(|target| {
                                output::always_fits(&helper, target.definition())
                            }),
                        },
                        None => CompiledSource::Expr {
                            direct: program.direct_plan(false, fields, &vars),
                            program,
                        },
                    })
                }
                Err(diagnostics) => {
                    problems.extend(diagnostics.items.iter().map(|d| in_file(d, row)));
                    None
                }
            }
        }
        super::Source::Constant(value) => {
            if let Some(target) = &target {
                if let Err(mismatch) = target.accepts(value) {
                    let mut diagnostic = mismatch.to_diagnostic(row.spans.source);
                    diagnostic.phase = crate::diagnostic::Phase::Compile;
                    problems.push(diagnostic);
                }
            }
            Some(CompiledSource::Constant(value.clone()))
        }
    };
    let target = target?;
    Some(CompiledRow {
        index,
        takes_any_string: output::takes_any_string(target.definition()),
        target,
        source: source?,
        row: row.clone(),
    })
}

/// The JSON kinds a value of type `ty` can take when converted to output, or `None` when the
/// type is not known.
fn json_kinds(ty: &Type) -> Option<Vec<JsonKind>> {
    Some(match ty {
        Type::Any | Type::Interface | Type::Func(_) => return None,
        Type::Union(members) => {
            let mut kinds = Vec::new();
            for member in members.iter() {
                kinds.extend(json_kinds(member)?);
            }
            kinds
        }
        Type::Nil => vec![JsonKind::Null],
        Type::Bool => vec![JsonKind::Bool],
        Type::Int | Type::IntOf(_) | Type::Month | Type::Weekday => vec![JsonKind::Integer],
        Type::Float | Type::Float32 => vec![JsonKind::Float],
        Type::String | Type::Time | Type::Duration | Type::Location => vec![JsonKind::String],
        Type::Array(_) => vec![JsonKind::Array],
        Type::Map(_) => vec![JsonKind::Object],
    })
}

/// An error when the expression's static type can never fit its target (a string into
/// `emails`); nothing when it may fit or its type is not known.
fn static_fit(program: &Program, target: &TargetPath, row: &Row) -> Option<Diagnostic> {
    let kinds = json_kinds(program.result_type())?;
    let shape = target.shape();
    let values: Vec<JsonKind> = kinds.into_iter().filter(|k| *k != JsonKind::Null).collect();
    if values.is_empty() || values.iter().any(|kind| shape.admits(*kind)) {
        return None;
    }
    let span = row
        .spans
        .in_file(crate::syntax::Span::new(0, program.source().len()));
    Some(
        Diagnostic::error(
            Code::TargetType,
            format!(
                "`{}` takes {shape}, but this expression gives {}",
                row.target,
                program.result_type()
            ),
            span,
        )
        .with_help(match shape.kind {
            crate::scim::AttributeType::Complex if shape.multi_valued => {
                "build the list: toScimEmails(...), toScimPhoneNumbers(...), toScimAddresses(...), or [{...}]".to_string()
            }
            crate::scim::AttributeType::String => "convert it: string(...)".to_string(),
            _ => format!("make the expression give {shape}"),
        }),
    )
}

/// A diagnostic about a row's expression, moved to the row's position in the file.
fn in_file(diagnostic: &Diagnostic, row: &Row) -> Diagnostic {
    let mut moved = diagnostic.clone();
    moved.span = Some(
        diagnostic
            .span
            .map_or(row.spans.source, |s| row.spans.in_file(s)),
    );
    for label in &mut moved.labels {
        label.span = row.spans.in_file(label.span);
    }
    moved
}

fn check_duplicates(rows: &[CompiledRow], problems: &mut Vec<Diagnostic>) {
    for (i, later) in rows.iter().enumerate() {
        if let Some(earlier) = rows[..i].iter().find(|r| r.target.overlaps(&later.target)) {
            problems.push(
                Diagnostic::error(
                    Code::DuplicateTarget,
                    format!(
                        "`{}` is written by two rows (also `{}`)",
                        later.row.target, earlier.row.target
                    ),
                    later.row.spans.target,
                )
                .with_label(earlier.row.spans.target, "first written here")
                .with_help("remove one row, or combine them into one expression"),
            );
        }
    }
}

fn check_required(
    schema: &ResourceSchema,
    rows: &[CompiledRow],
    kind: ResourceKind,
    table: &Table,
    problems: &mut Vec<Diagnostic>,
) {
    let targets: Vec<TargetPath> = rows.iter().map(|r| r.target.clone()).collect();
    for attribute in schema.missing_required(&targets) {
        let section = match kind {
            ResourceKind::User => "user",
            ResourceKind::Group => "group",
        };
        problems.push(
            Diagnostic::error(
                Code::MissingRequired,
                format!(
                    "no {section} row maps the required SCIM attribute `{}`",
                    attribute.name
                ),
                first_row_span(table, kind),
            )
            .with_help(format!(
                "add a row: [[{section}]] target = \"{}\" with a path, expr or constant",
                attribute.name
            )),
        );
    }
}

fn first_row_span(table: &Table, kind: ResourceKind) -> Span {
    let rows = match kind {
        ResourceKind::User => &table.user,
        ResourceKind::Group => &table.group,
    };
    rows.first().map_or(Span::default(), |r| r.spans.row)
}

impl CompiledTable {
    /// The table's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file the table was read from (name and text), which diagnostics point into.
    pub fn origin(&self) -> &super::Origin {
        &self.origin
    }

    /// Warnings found while compiling (every error fails compilation).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Sets how `managerExternalId` is resolved from `jcUser.manager`.
    pub fn with_manager_resolver(mut self, resolver: ManagerResolver) -> CompiledTable {
        self.resolver = Some(resolver);
        self
    }

    /// Whether the table has user rows.
    pub fn has_user_rows(&self) -> bool {
        !self.user.rows.is_empty()
    }

    /// Whether the table has group rows.
    pub fn has_group_rows(&self) -> bool {
        !self.group.rows.is_empty()
    }
}

// Batch mapping shares one compiled table across threads (architecture decision 7).
const _: () = {
    const fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<CompiledTable>();
};
