//! Running a test file: the table compiled once per clock, each case mapped and compared.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value as Json;

use super::diff::{self, shown, Change};
use super::path::get_ignore_case;
use super::{Case, ExpectedError, Input, PatchExpectation, TestFile};
use crate::eval::FixedClock;
use crate::mapping::{CompiledTable, Operation, Table, UserError};
use crate::scim::schema::PATCH_OP_URN;
use crate::scim::ResourceKind;
use crate::{Diagnostics, Engine};

/// Why a whole test file could not run (its table is missing or does not compile).
#[derive(Clone, Debug)]
pub struct FileProblem {
    /// What is wrong.
    pub message: String,
    /// The table's diagnostics, when it was read but is not valid.
    pub diagnostics: Option<Diagnostics>,
}

impl FileProblem {
    pub(super) fn new(message: String, diagnostics: Option<Diagnostics>) -> FileProblem {
        FileProblem {
            message,
            diagnostics,
        }
    }
}

/// The results of one test file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The test file.
    pub path: PathBuf,
    /// The table's name (`Namely`), when it loaded.
    pub table: Option<String>,
    /// Why no case could run.
    pub problem: Option<FileProblem>,
    /// One report per case, in file order.
    pub cases: Vec<CaseReport>,
}

impl FileReport {
    /// How many cases passed.
    pub fn passed(&self) -> usize {
        self.cases.iter().filter(|c| c.passed()).count()
    }

    /// How many cases did not pass.
    pub fn failed(&self) -> usize {
        self.cases.len() - self.passed()
    }
}

/// The result of one case.
#[derive(Clone, Debug)]
pub struct CaseReport {
    /// The case's name.
    pub name: String,
    /// Its position in the file (0-based).
    pub index: usize,
    /// Passed, failed (with every failure), or could not run.
    pub outcome: Outcome,
    /// What the table made, for `--update`.
    pub(super) actual: Actual,
}

impl CaseReport {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        matches!(self.outcome, Outcome::Passed)
    }
}

/// What the table made of a case's user.
#[derive(Clone, Debug, Default)]
pub(super) struct Actual {
    pub(super) resource: Option<Json>,
    pub(super) patch: Option<Option<Json>>,
}

/// How a case ended.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Every expectation held.
    Passed,
    /// Some did not; each is listed.
    Failed(Vec<Failure>),
    /// The case could not run: an input cannot be read, or the table cannot be loaded.
    Error(String),
}

/// One expectation that did not hold.
#[derive(Clone, Debug)]
pub enum Failure {
    /// `[case.expect]`: an attribute has another value, or none.
    Attribute {
        /// Which expectation (index in `Case::expect`).
        index: usize,
        /// The path as written.
        path: String,
        /// The expected value.
        expected: Json,
        /// The value the table made (`None`: it wrote nothing there).
        actual: Option<Json>,
    },
    /// The resource differs from its snapshot.
    Snapshot {
        /// The snapshot file.
        file: PathBuf,
        /// The snapshot.
        expected: Json,
        /// The resource.
        actual: Json,
        /// Each attribute that differs.
        changes: Vec<Change>,
    },
    /// A snapshot file is missing (or unreadable).
    MissingSnapshot {
        /// The file.
        file: PathBuf,
        /// Why it could not be read.
        reason: String,
    },
    /// The PATCH request differs from the expected one.
    Patch {
        /// The snapshot file, when the expectation is one.
        file: Option<PathBuf>,
        /// The expected request (`None`: no change).
        expected: Option<Json>,
        /// The request the table made (`None`: no change).
        actual: Option<Json>,
        /// Each attribute that differs.
        changes: Vec<Change>,
    },
    /// The user could not be mapped, and the case expected it would.
    UnexpectedError(UserError),
    /// The case expected an error, and the user was mapped.
    MissingError {
        /// The expected error, described.
        expected: String,
    },
    /// The user failed, but not as expected.
    WrongError {
        /// The expected error, described.
        expected: String,
        /// The failure.
        actual: UserError,
    },
}

impl Failure {
    /// The attribute changes of a snapshot or PATCH mismatch.
    pub fn changes(&self) -> &[Change] {
        match self {
            Failure::Snapshot { changes, .. } | Failure::Patch { changes, .. } => changes,
            _ => &[],
        }
    }

    /// The lines under the failure's one-line summary: each attribute that differs, or each
    /// row that failed.
    pub fn details(&self) -> Vec<String> {
        match self {
            Failure::UnexpectedError(error) | Failure::WrongError { actual: error, .. } => {
                rows(error)
            }
            _ => self.changes().iter().map(ToString::to_string).collect(),
        }
    }
}

/// One line saying what did not hold.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Attribute {
                path,
                expected,
                actual,
                ..
            } => write!(
                f,
                "{path}: expected {}, got {}",
                shown(Some(expected)),
                shown(actual.as_ref())
            ),
            Failure::Snapshot { file, changes, .. } => write!(
                f,
                "the resource differs from the snapshot {} in {}",
                file.display(),
                count(changes.len(), "attribute")
            ),
            Failure::MissingSnapshot { file, reason } => write!(
                f,
                "no snapshot {} ({reason}); `scimap test --update` writes it",
                file.display()
            ),
            Failure::Patch {
                file,
                expected,
                actual,
                changes,
            } => {
                let what = file.as_ref().map_or("the expected one".to_string(), |f| {
                    format!("the snapshot {}", f.display())
                });
                match (expected, actual) {
                    (None, Some(_)) => write!(f, "expected no PATCH request, got one"),
                    (Some(_), None) => write!(
                        f,
                        "expected a PATCH request ({what}), got none: the provider is up to date"
                    ),
                    _ => write!(
                        f,
                        "the PATCH request differs from {what} in {}",
                        count(changes.len(), "attribute")
                    ),
                }
            }
            Failure::UnexpectedError(error) => write!(
                f,
                "the user cannot be mapped: {} failed",
                count(error.errors.len(), "row")
            ),
            Failure::MissingError { expected } => {
                write!(f, "expected an error ({expected}), but the user was mapped")
            }
            Failure::WrongError { expected, actual } => write!(
                f,
                "expected an error ({expected}), but {} failed otherwise",
                count(actual.errors.len(), "row")
            ),
        }
    }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `row 1 (userName): message [M0005]`, one per failing row.
fn rows(error: &UserError) -> Vec<String> {
    error
        .errors
        .iter()
        .map(|e| {
            format!(
                "row {} ({}): {} [{}]",
                e.row + 1,
                e.target,
                e.diagnostic.message,
                e.diagnostic.code
            )
        })
        .collect()
}

impl TestFile {
    /// Runs every case.
    pub fn run(&self) -> FileReport {
        let mut report = FileReport {
            path: self.path.clone(),
            table: None,
            problem: None,
            cases: Vec::new(),
        };
        let table = match self.load_table() {
            Ok(table) => table,
            Err(problem) => {
                report.cases = self.not_run(&problem.message);
                report.problem = Some(problem);
                return report;
            }
        };
        report.table = Some(table.name.clone());
        let mut tables = Tables::new(table);
        report.cases = self
            .cases
            .iter()
            .map(|case| {
                let mut actual = Actual::default();
                let outcome = match self.run_case(case, &mut tables, &mut actual) {
                    Ok(failures) if failures.is_empty() => Outcome::Passed,
                    Ok(failures) => Outcome::Failed(failures),
                    Err(message) => Outcome::Error(message),
                };
                CaseReport {
                    name: case.name.value.clone(),
                    index: case.index,
                    outcome,
                    actual,
                }
            })
            .collect();
        if let Some(problem) = tables.problem {
            report.problem = Some(problem);
        }
        report
    }

    fn not_run(&self, why: &str) -> Vec<CaseReport> {
        self.cases
            .iter()
            .map(|case| CaseReport {
                name: case.name.value.clone(),
                index: case.index,
                outcome: Outcome::Error(format!("not run: {why}")),
                actual: Actual::default(),
            })
            .collect()
    }

    fn run_case(
        &self,
        case: &Case,
        tables: &mut Tables,
        actual: &mut Actual,
    ) -> Result<Vec<Failure>, String> {
        let inputs = self.case_inputs(case)?;
        let now = case.now.as_ref().or(self.now.as_ref()).map(|n| n.value);
        let table = tables.get(now)?;
        let table = match inputs.managers {
            Some(map) => {
                table.with_manager_resolver(Arc::new(move |id: &str| map.get(id).cloned()))
            }
            None => table,
        };
        let mut failures = Vec::new();
        let provider = match inputs.operation {
            Operation::Create => None,
            Operation::Update => Some(inputs.provider.unwrap_or_else(empty_object)),
        };
        if let Some(expected) = &case.expect_patch {
            let Some(provider) = &provider else {
                return Err(
                    "expect_patch needs the provider's resource: give `provider`, or a user file with `providerUser`"
                        .to_string(),
                );
            };
            let patch = match case.kind {
                ResourceKind::User => table.user_patch(&inputs.subject, provider),
                ResourceKind::Group => table.group_patch(&inputs.subject, provider),
            };
            match patch {
                Ok(patch) => {
                    failures.extend(self.compare_patch(case, &expected.value, patch.as_ref()));
                    actual.patch = Some(patch);
                }
                Err(error) => failures.push(Failure::UnexpectedError(error)),
            }
        }
        let wants_resource = !case.expect.is_empty()
            || case.snapshot.is_some()
            || case.expect_error.is_some()
            || case.expect_patch.is_none();
        if wants_resource {
            let resource = table.resource(case.kind, &inputs.subject, provider.as_ref());
            failures.extend(self.compare_resource(case, resource, actual));
        }
        Ok(failures)
    }

    fn compare_resource(
        &self,
        case: &Case,
        resource: Result<Json, UserError>,
        actual: &mut Actual,
    ) -> Vec<Failure> {
        let resource = match (resource, &case.expect_error) {
            (Err(error), Some(expected)) => {
                return match error_matches(&expected.value, &error) {
                    true => Vec::new(),
                    false => vec![Failure::WrongError {
                        expected: describe(&expected.value),
                        actual: error,
                    }],
                }
            }
            (Ok(_), Some(expected)) => {
                return vec![Failure::MissingError {
                    expected: describe(&expected.value),
                }]
            }
            (Err(error), None) => {
                // A PATCH expectation has already reported this failure.
                return match case.expect_patch.is_some() && actual.patch.is_none() {
                    true => Vec::new(),
                    false => vec![Failure::UnexpectedError(error)],
                };
            }
            (Ok(resource), None) => resource,
        };
        let mut failures: Vec<Failure> = case
            .expect
            .iter()
            .enumerate()
            .filter_map(|(index, expectation)| {
                let found = expectation.path.read(&resource);
                (found.as_ref() != Some(&expectation.value)).then(|| Failure::Attribute {
                    index,
                    path: expectation.path.to_string(),
                    expected: expectation.value.clone(),
                    actual: found,
                })
            })
            .collect();
        if case.snapshot.is_some() {
            let file = self.snapshot_file(case);
            match read_snapshot(&file) {
                Ok(expected) if expected == resource => {}
                Ok(expected) => failures.push(Failure::Snapshot {
                    changes: diff::changes(&expected, &resource),
                    file,
                    expected,
                    actual: resource.clone(),
                }),
                Err(reason) => failures.push(Failure::MissingSnapshot { file, reason }),
            }
        }
        actual.resource = Some(resource);
        failures
    }

    fn compare_patch(
        &self,
        case: &Case,
        expectation: &PatchExpectation,
        patch: Option<&Json>,
    ) -> Option<Failure> {
        let (file, expected) = match expectation {
            PatchExpectation::NoChange => (None, None),
            PatchExpectation::Inline { value, .. } => (None, Some(as_patch_request(value))),
            PatchExpectation::Snapshot => {
                let file = self.patch_snapshot_file(case);
                match read_snapshot(&file) {
                    Ok(Json::Null) => (Some(file), None),
                    Ok(expected) => (Some(file), Some(expected)),
                    Err(reason) => return Some(Failure::MissingSnapshot { file, reason }),
                }
            }
        };
        if expected.as_ref() == patch {
            return None;
        }
        let changes = diff::patch_changes(
            expected.as_ref().unwrap_or(&Json::Null),
            patch.unwrap_or(&Json::Null),
        );
        Some(Failure::Patch {
            file,
            expected,
            actual: patch.cloned(),
            changes,
        })
    }

    /// The case's JSON inputs, read and resolved.
    fn case_inputs(&self, case: &Case) -> Result<CaseInputs, String> {
        let document = self.read_input(&case.subject.value)?;
        let (subject_key, provider_key) = match case.kind {
            ResourceKind::User => ("jcUser", "providerUser"),
            ResourceKind::Group => ("jcGroup", "providerGroup"),
        };
        let (subject, mut provider) = split_document(document, subject_key, provider_key);
        if !subject.is_object() {
            return Err(format!(
                "the {} must be a JSON object",
                if subject_key == "jcUser" {
                    "user"
                } else {
                    "group"
                }
            ));
        }
        if let Some(given) = &case.provider {
            let document = self.read_input(&given.value)?;
            provider = match get_ignore_case(&document, provider_key) {
                Some(inner) => Some(inner.clone()),
                None => Some(document),
            };
        }
        let operation = case.operation.as_ref().map_or(
            if provider.is_some() {
                Operation::Update
            } else {
                Operation::Create
            },
            |o| o.value,
        );
        let managers = match case.managers.as_ref().or(self.managers.as_ref()) {
            Some(input) => Some(self.manager_map(&input.value)?),
            None => None,
        };
        Ok(CaseInputs {
            subject,
            provider,
            operation,
            managers,
        })
    }

    /// A manager map: `{"<JumpCloud user id>": "<provider id>", ...}`.
    pub(super) fn manager_map(&self, input: &Input) -> Result<HashMap<String, String>, String> {
        let Json::Object(map) = self.read_input(input)? else {
            return Err(
                "a manager map is a JSON object from JumpCloud user ids to provider ids"
                    .to_string(),
            );
        };
        map.into_iter()
            .map(|(id, value)| match value {
                Json::String(provider_id) => Ok((id, provider_id)),
                other => Err(format!(
                    "in the manager map, the provider id for `{id}` must be a string, not {other}"
                )),
            })
            .collect()
    }
}

/// What a case maps.
struct CaseInputs {
    subject: Json,
    provider: Option<Json>,
    operation: Operation,
    managers: Option<HashMap<String, String>>,
}

/// Splits `{"jcUser": ..., "providerUser": ...}` (an empty provider means none); any other
/// document is the subject itself.
pub(super) fn split_document(
    document: Json,
    subject_key: &str,
    provider_key: &str,
) -> (Json, Option<Json>) {
    match document {
        Json::Object(mut map) if map.contains_key(subject_key) => {
            let subject = map.remove(subject_key).unwrap_or(Json::Null);
            let provider = map
                .remove(provider_key)
                .filter(|p| p.as_object().is_some_and(|o| !o.is_empty()));
            (subject, provider)
        }
        other => (other, None),
    }
}

fn empty_object() -> Json {
    Json::Object(serde_json::Map::new())
}

/// A PatchOp, or its `Operations` list wrapped into one.
fn as_patch_request(value: &Json) -> Json {
    match value {
        Json::Array(operations) => serde_json::json!({
            "schemas": [PATCH_OP_URN],
            "Operations": operations,
        }),
        other => other.clone(),
    }
}

pub(super) fn read_snapshot(file: &std::path::Path) -> Result<Json, String> {
    let text = std::fs::read_to_string(file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "it does not exist yet".to_string(),
        _ => e.to_string(),
    })?;
    serde_json::from_str(&text).map_err(|e| format!("it is not valid JSON: {e}"))
}

fn error_matches(expected: &ExpectedError, error: &UserError) -> bool {
    error.errors.iter().any(|row| {
        expected.row.as_ref().is_none_or(|n| n.value == row.row + 1)
            && expected
                .target
                .as_ref()
                .is_none_or(|t| t.value.eq_ignore_ascii_case(&row.target))
            && expected
                .message
                .as_ref()
                .is_none_or(|m| row.diagnostic.message.contains(&m.value))
            && expected
                .code
                .as_ref()
                .is_none_or(|c| c.value.eq_ignore_ascii_case(row.diagnostic.code.as_str()))
    })
}

/// `row 1, target userName, message containing "no value"`.
fn describe(expected: &ExpectedError) -> String {
    let mut parts = Vec::new();
    if let Some(row) = &expected.row {
        parts.push(format!("row {}", row.value));
    }
    if let Some(target) = &expected.target {
        parts.push(format!("target {}", target.value));
    }
    if let Some(code) = &expected.code {
        parts.push(format!("code {}", code.value));
    }
    if let Some(message) = &expected.message {
        parts.push(format!("message containing {:?}", message.value));
    }
    if parts.is_empty() {
        "any row".to_string()
    } else {
        parts.join(", ")
    }
}

/// The table, compiled once for each `now` the cases pin.
struct Tables {
    table: Table,
    compiled: Vec<(Option<DateTime<Utc>>, CompiledTable)>,
    problem: Option<FileProblem>,
}

impl Tables {
    fn new(table: Table) -> Tables {
        Tables {
            table,
            compiled: Vec::new(),
            problem: None,
        }
    }

    fn get(&mut self, now: Option<DateTime<Utc>>) -> Result<CompiledTable, String> {
        if let Some((_, compiled)) = self.compiled.iter().find(|(at, _)| *at == now) {
            return Ok(compiled.clone());
        }
        let engine = match now {
            Some(now) => Engine::default().with_clock(Arc::new(FixedClock(now))),
            None => Engine::default(),
        };
        match self.table.compile(&engine) {
            Ok(compiled) => {
                self.compiled.push((now, compiled.clone()));
                Ok(compiled)
            }
            Err(diagnostics) => {
                let message = format!(
                    "the table {} does not compile ({} errors)",
                    self.table.origin.name,
                    diagnostics.errors().count()
                );
                self.problem = Some(FileProblem::new(message.clone(), Some(diagnostics)));
                Err(message)
            }
        }
    }
}
