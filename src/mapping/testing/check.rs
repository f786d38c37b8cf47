//! What `scimap check` says about a test file without running it: a table that cannot be read
//! or does not compile, inputs that cannot be read, expectations that can never hold.

use std::path::Path;
use std::sync::Arc;

use super::path::ExpectPath;
use super::run::{read_snapshot, split_document};
use super::{Case, Located, PatchExpectation, TestFile};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::mapping::compile::CompiledRow;
use crate::mapping::{CompiledTable, Operation};
use crate::scim::ResourceKind;
use crate::syntax::Span;
use crate::Engine;

/// Parses and checks a test file's text: its format problems, and (for what could be read)
/// the problems [`TestFile::check`] finds.
pub fn check_text(path: &Path, text: &str) -> Diagnostics {
    let (file, mut items) = super::file::read_all(path, text);
    if let Some(file) = file {
        items.extend(file.check().items);
    }
    items.sort_by_key(|d| d.span.map_or(0, |s| s.start));
    Diagnostics {
        name: path.display().to_string(),
        source: Arc::from(text),
        items,
    }
}

impl TestFile {
    /// Every problem of the file that shows without running it, pointing into the file: the
    /// table cannot be read or does not compile; a user, provider or manager map cannot be
    /// read; a PATCH is expected without a provider; an expectation names an attribute (or an
    /// error names a row) that the table never writes; a snapshot file does not exist yet
    /// (a warning).
    pub fn check(&self) -> Diagnostics {
        let mut items = Vec::new();
        let table = self.checked_table(&mut items);
        if let Some(managers) = &self.managers {
            if let Err(message) = self.manager_map(&managers.value) {
                items.push(error(message, managers.span));
            }
        }
        for case in &self.cases {
            self.check_case(case, table.as_ref(), &mut items);
        }
        items.sort_by_key(|d| d.span.map_or(0, |s| s.start));
        Diagnostics {
            name: self.path.display().to_string(),
            source: self.text.clone(),
            items,
        }
    }

    fn checked_table(&self, items: &mut Vec<Diagnostic>) -> Option<CompiledTable> {
        let table = match self.load_table() {
            Ok(table) => table,
            Err(problem) => {
                items.push(error(problem.message, self.table.span));
                return None;
            }
        };
        match table.compile(&Engine::default()) {
            Ok(compiled) => Some(compiled),
            Err(diagnostics) => {
                items.push(
                    error(
                        format!(
                            "the table {} does not compile ({} errors)",
                            table.origin.name,
                            diagnostics.errors().count()
                        ),
                        self.table.span,
                    )
                    .with_help(format!("run `scimap check {}`", table.origin.name)),
                );
                None
            }
        }
    }

    fn check_case(&self, case: &Case, table: Option<&CompiledTable>, items: &mut Vec<Diagnostic>) {
        let has_provider = self.check_inputs(case, items);
        if let Some(expected) = &case.expect_patch {
            let operation = case.operation.as_ref().map(|o| o.value);
            let update =
                operation == Some(Operation::Update) || (operation.is_none() && has_provider);
            if !update {
                items.push(
                    error(
                        "expect_patch needs the provider's resource, and this case is a create",
                        expected.span,
                    )
                    .with_help("give `provider = ...`, or a user file with `providerUser`"),
                );
            }
            if expected.value == PatchExpectation::Snapshot {
                self.check_snapshot(&self.patch_snapshot_file(case), expected.span, items);
            }
        }
        if let Some(snapshot) = &case.snapshot {
            self.check_snapshot(&self.snapshot_file(case), snapshot.span, items);
        }
        if let Some(table) = table {
            check_against_table(case, table, items);
        }
    }

    /// Reports inputs that cannot be read; says whether the case has a provider resource.
    fn check_inputs(&self, case: &Case, items: &mut Vec<Diagnostic>) -> bool {
        let (subject_key, provider_key) = match case.kind {
            ResourceKind::User => ("jcUser", "providerUser"),
            ResourceKind::Group => ("jcGroup", "providerGroup"),
        };
        let mut has_provider = false;
        match self.read_input(&case.subject.value) {
            Ok(document) => {
                let (subject, provider) = split_document(document, subject_key, provider_key);
                if !subject.is_object() {
                    items.push(error(
                        format!("the {} is not a JSON object", kind_name(case.kind)),
                        case.subject.span,
                    ));
                }
                has_provider = provider.is_some();
            }
            Err(message) => items.push(error(message, case.subject.span)),
        }
        if let Some(provider) = &case.provider {
            match self.read_input(&provider.value) {
                Ok(_) => has_provider = true,
                Err(message) => items.push(error(message, provider.span)),
            }
        }
        if let Some(managers) = &case.managers {
            if let Err(message) = self.manager_map(&managers.value) {
                items.push(error(message, managers.span));
            }
        }
        has_provider
    }

    fn check_snapshot(&self, file: &Path, span: Span, items: &mut Vec<Diagnostic>) {
        if let Err(reason) = read_snapshot(file) {
            items.push(
                Diagnostic::warning(
                    Code::TestFile,
                    format!("the snapshot {} cannot be used: {reason}", file.display()),
                    span,
                )
                .with_help("`scimap test --update` writes it from the table's output"),
            );
        }
    }
}

fn error(message: impl Into<String>, span: Span) -> Diagnostic {
    Diagnostic::error(Code::TestFile, message, span)
}

fn kind_name(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::User => "user",
        ResourceKind::Group => "group",
    }
}

/// Expectations on attributes no row writes, and expected errors at rows that do not exist.
fn check_against_table(case: &Case, table: &CompiledTable, items: &mut Vec<Diagnostic>) {
    let rows = match case.kind {
        ResourceKind::User => &table.user.rows,
        ResourceKind::Group => &table.group.rows,
    };
    let kind = kind_name(case.kind);
    if rows.is_empty() {
        items.push(Diagnostic::error(
            Code::NeverWritten,
            format!("the table {} has no {kind} rows", table.origin.name),
            case.subject.span,
        ));
        return;
    }
    for expectation in &case.expect {
        if !writes(rows, &expectation.path) {
            items.push(
                Diagnostic::error(
                    Code::NeverWritten,
                    format!("no {kind} row of the table writes `{}`", expectation.path),
                    expectation.key_span,
                )
                .with_help(format!("the table writes: {}", targets(rows))),
            );
        }
    }
    let Some(expected) = &case.expect_error else {
        return;
    };
    if let Some(Located { value: row, span }) = &expected.value.row {
        if *row > rows.len() {
            items.push(Diagnostic::error(
                Code::NeverWritten,
                format!("the table has {} {kind} rows, not {row}", rows.len()),
                *span,
            ));
        }
    }
    if let Some(target) = &expected.value.target {
        let known = rows.iter().any(|r| {
            r.row.target.eq_ignore_ascii_case(&target.value)
                || r.target.to_string().eq_ignore_ascii_case(&target.value)
        });
        if !known {
            items.push(
                Diagnostic::error(
                    Code::NeverWritten,
                    format!(
                        "no {kind} row of the table has the target `{}`",
                        target.value
                    ),
                    target.span,
                )
                .with_help(format!("the table writes: {}", targets(rows))),
            );
        }
    }
}

/// Whether some row writes the attribute a path reads (or a part of it, or all of it).
fn writes(rows: &[CompiledRow], path: &ExpectPath) -> bool {
    if path.urn().is_none() && path.attribute().eq_ignore_ascii_case("schemas") {
        return true;
    }
    rows.iter().any(|row| {
        let target = &row.target;
        let same_schema = match (path.urn(), target.urn()) {
            (None, None) => true,
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        };
        same_schema
            && target
                .attribute_name()
                .eq_ignore_ascii_case(path.attribute())
            && match (target.sub_attribute_name(), path.sub_attribute()) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => true,
            }
    })
}

fn targets(rows: &[CompiledRow]) -> String {
    let names: Vec<&str> = rows.iter().map(|r| r.row.target.as_str()).collect();
    names.join(", ")
}
