//! `scimap test` for people: each case with ✓ or ✗, then each failure with a diff by
//! attribute (and a line diff of a snapshot), then the summary line `N passed, M failed`.

use std::fmt::Write;

use scimap::mapping::testing::{CaseReport, Failure, FileReport, Outcome, UpdateSummary};
use serde_json::Value as Json;

use super::{plural, FileResult};
use crate::cli::render;

/// The whole report.
pub fn report(results: &[FileResult], passed: usize, failed: usize) -> String {
    let mut out = String::new();
    for result in results {
        list(result, &mut out);
    }
    let blocks: Vec<(bool, String)> = results.iter().flat_map(details).collect();
    for (heading, accepted) in [("accepted by --update", true), ("failures", false)] {
        let mut chosen = blocks.iter().filter(|(a, _)| *a == accepted).peekable();
        if chosen.peek().is_some() {
            let _ = writeln!(out, "\n{heading}:");
        }
        for (_, block) in chosen {
            out.push('\n');
            out.push_str(block);
        }
    }
    let updates: String = results.iter().map(updates).collect();
    if !updates.is_empty() {
        out.push('\n');
        out.push_str(&updates);
    }
    let _ = writeln!(out, "\n{passed} passed, {failed} failed");
    out
}

/// The file's line and one line per case.
fn list(result: &FileResult, out: &mut String) {
    match result {
        FileResult::Ran { report, update } => {
            let table = report.table.as_deref().unwrap_or("?");
            let _ = writeln!(
                out,
                "{} (table {table}): {}",
                report.path.display(),
                plural(report.cases.len(), "case")
            );
            for case in &report.cases {
                if case.passed() {
                    let _ = writeln!(out, "  ✓ {}", case.name);
                } else if accepted(update, case) {
                    let _ = writeln!(out, "  ✓ {} (updated)", case.name);
                } else {
                    let _ = writeln!(out, "  ✗ {}", case.name);
                }
            }
        }
        FileResult::Invalid { path, .. } => {
            let _ = writeln!(out, "{}: not a valid test file", path.display());
        }
    }
}

/// Whether `--update` accepted all of a case's failures.
fn accepted(update: &Option<Result<UpdateSummary, String>>, case: &CaseReport) -> bool {
    matches!(update, Some(Ok(summary)) if summary.updated.contains(&case.name))
}

/// One block per failing case (or invalid file), and whether `--update` accepted it.
fn details(result: &FileResult) -> Vec<(bool, String)> {
    match result {
        FileResult::Invalid {
            message,
            diagnostics,
            ..
        } => {
            let mut block = format!("✗ {message}\n");
            if let Some(diagnostics) = diagnostics {
                block.push_str(&render::graphical(diagnostics));
            }
            vec![(false, block)]
        }
        FileResult::Ran { report, update } => {
            let mut blocks: Vec<(bool, String)> = Vec::new();
            if let Some(problem) = &report.problem {
                let mut block = format!("✗ {}: {}\n", report.path.display(), problem.message);
                if let Some(diagnostics) = &problem.diagnostics {
                    block.push_str(&render::graphical(diagnostics));
                }
                blocks.push((false, block));
            }
            let cases = report.cases.iter().filter(|c| !c.passed());
            blocks.extend(cases.filter_map(|case| {
                let accepted = accepted(update, case);
                case_block(report, case, accepted).map(|block| (accepted, block))
            }));
            blocks
        }
    }
}

fn case_block(report: &FileReport, case: &CaseReport, accepted: bool) -> Option<String> {
    let mark = if accepted { '↻' } else { '✗' };
    let mut block = format!("{mark} {}: {}\n", report.path.display(), case.name);
    match &case.outcome {
        Outcome::Passed => return None,
        // The file's problem (its table) is shown once, above.
        Outcome::Error(_) if report.problem.is_some() => return None,
        Outcome::Error(message) => {
            let _ = writeln!(block, "    {message}");
        }
        Outcome::Failed(failures) => {
            for failure in failures {
                failure_lines(failure, &mut block);
            }
        }
    }
    Some(block)
}

fn failure_lines(failure: &Failure, out: &mut String) {
    let _ = writeln!(out, "    {failure}");
    for line in failure.details() {
        let _ = writeln!(out, "      {line}");
    }
    match failure {
        Failure::Snapshot {
            expected, actual, ..
        } => line_diff(expected, actual, out),
        Failure::Patch {
            expected: Some(expected),
            actual: Some(actual),
            ..
        } => line_diff(expected, actual, out),
        _ => {}
    }
}

/// A unified diff of the two documents as indented JSON, two lines of context.
fn line_diff(expected: &Json, actual: &Json, out: &mut String) {
    let text = |json: &Json| {
        let mut text = serde_json::to_string_pretty(json).unwrap_or_default();
        text.push('\n');
        text
    };
    let (old, new) = (text(expected), text(actual));
    let diff = similar::TextDiff::from_lines(&old, &new);
    let mut unified = diff.unified_diff();
    unified.context_radius(2);
    for hunk in unified.iter_hunks() {
        for line in hunk.to_string().lines() {
            let _ = writeln!(out, "      {line}");
        }
    }
}

/// What `--update` wrote, and what it left.
fn updates(result: &FileResult) -> String {
    let mut out = String::new();
    let FileResult::Ran {
        update: Some(update),
        ..
    } = result
    else {
        return out;
    };
    match update {
        Ok(UpdateSummary { written, left, .. }) => {
            for path in written {
                let _ = writeln!(out, "updated {}", path.display());
            }
            for (case, why) in left {
                let _ = writeln!(out, "not updated: {case}: {why}");
            }
        }
        Err(message) => {
            let _ = writeln!(out, "error: {message}");
        }
    }
    out
}
