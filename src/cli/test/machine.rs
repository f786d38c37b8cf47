//! `scimap test --format json`: one document with every file, case and failure.

use scimap::mapping::testing::{Change, Failure, Outcome};
use serde_json::{json, Value as Json};

use super::FileResult;

/// The whole report, as indented JSON.
pub fn report(results: &[FileResult], passed: usize, failed: usize) -> String {
    let files: Vec<Json> = results.iter().map(file).collect();
    let mut text = serde_json::to_string_pretty(&json!({
        "passed": passed,
        "failed": failed,
        "files": files,
    }))
    .unwrap_or_default();
    text.push('\n');
    text
}

fn file(result: &FileResult) -> Json {
    match result {
        FileResult::Invalid {
            path,
            message,
            diagnostics,
        } => json!({
            "file": path.display().to_string(),
            "error": message,
            "diagnostics": diagnostics.as_ref().map(|d| {
                d.items.iter().map(|item| json!({
                    "code": item.code.as_str(),
                    "message": item.message,
                    "line": item.span.map(|s| d.line_column(s.start as usize).0),
                })).collect::<Vec<_>>()
            }),
        }),
        FileResult::Ran { report, update } => {
            let cases: Vec<Json> = report
                .cases
                .iter()
                .map(|case| {
                    let (status, failures, error) = match &case.outcome {
                        Outcome::Passed => ("passed", Vec::new(), None),
                        Outcome::Failed(failures) => {
                            ("failed", failures.iter().map(failure).collect(), None)
                        }
                        Outcome::Error(message) => ("error", Vec::new(), Some(message)),
                    };
                    json!({"name": case.name, "status": status, "failures": failures, "error": error})
                })
                .collect();
            let mut out = json!({
                "file": report.path.display().to_string(),
                "table": report.table,
                "error": report.problem.as_ref().map(|p| &p.message),
                "cases": cases,
            });
            if let Some(update) = update {
                out["update"] = match update {
                    Ok(summary) => json!({
                        "written": summary.written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                        "updated": summary.updated,
                        "left": summary.left.iter().map(|(case, why)| json!({"case": case, "why": why})).collect::<Vec<_>>(),
                    }),
                    Err(message) => json!({"error": message}),
                };
            }
            out
        }
    }
}

fn failure(failure: &Failure) -> Json {
    let kind = match failure {
        Failure::Attribute { .. } => "attribute",
        Failure::Snapshot { .. } => "snapshot",
        Failure::MissingSnapshot { .. } => "missing_snapshot",
        Failure::Patch { .. } => "patch",
        Failure::UnexpectedError(_) => "unexpected_error",
        Failure::MissingError { .. } => "missing_error",
        Failure::WrongError { .. } => "wrong_error",
    };
    let mut out = json!({"kind": kind, "message": failure.to_string()});
    match failure {
        Failure::Attribute {
            path,
            expected,
            actual,
            ..
        } => {
            out["path"] = json!(path);
            out["expected"] = expected.clone();
            out["actual"] = actual.clone().unwrap_or(Json::Null);
        }
        Failure::Snapshot { file, .. } | Failure::MissingSnapshot { file, .. } => {
            out["file"] = json!(file.display().to_string());
        }
        _ => {}
    }
    if !failure.changes().is_empty() {
        out["changes"] = failure.changes().iter().map(change).collect();
    }
    if let Failure::UnexpectedError(error) | Failure::WrongError { actual: error, .. } = failure {
        out["rows"] = failure.details().into();
        out["user"] = error.user_id.clone().into();
    }
    out
}

fn change(change: &Change) -> Json {
    json!({"path": change.path, "expected": change.expected, "actual": change.actual})
}
