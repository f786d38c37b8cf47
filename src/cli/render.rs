//! How diagnostics leave the program: miette reports for people, and JSON, GitHub annotations
//! and SARIF 2.1.0 for machines. Every format is built from the same [`Finding`]s.

use scimap::diagnostic::{line_column, Code, Severity};
use scimap::Diagnostics;
use serde_json::{json, Value as Json};

/// Renders diagnostics as a miette report: colour only when standard error is a terminal and
/// `NO_COLOR` is unset; the width is `COLUMNS` when set, else 100, so output is reproducible.
pub fn graphical(diagnostics: &Diagnostics) -> String {
    let report = scimap::diagnostic::Report::new(diagnostics);
    let handler = miette::GraphicalReportHandler::new_themed(theme()).with_width(width());
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = scimap::diagnostic::render_plain(diagnostics);
    }
    out
}

fn theme() -> miette::GraphicalTheme {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    }
}

fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse::<usize>().ok())
        .filter(|&columns| columns >= 40)
        .unwrap_or(100)
}

/// One diagnostic located in a file: 1-based lines and columns (in characters); the end is
/// exclusive (the column after the last character), as SARIF defines it.
#[derive(Clone, Debug)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub help: Option<String>,
}

impl Finding {
    /// The findings of one file's diagnostics (spans are byte offsets into `source`).
    pub fn all(file: &str, diagnostics: &Diagnostics) -> Vec<Finding> {
        diagnostics
            .items
            .iter()
            .map(|item| {
                let (start, end) = item
                    .span
                    .map_or((0, 0), |s| (s.start as usize, s.end as usize));
                let (line, column) = line_column(&diagnostics.source, start);
                let (end_line, end_column) = line_column(&diagnostics.source, end.max(start));
                Finding {
                    file: file.to_string(),
                    line,
                    column,
                    end_line,
                    end_column,
                    severity: item.severity,
                    code: item.code,
                    message: item.message.clone(),
                    help: item.help.clone(),
                }
            })
            .collect()
    }

    fn level(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// `--format json`: an array of findings.
pub fn json(findings: &[Finding]) -> String {
    let items: Vec<Json> = findings
        .iter()
        .map(|f| {
            json!({
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "end_line": f.end_line,
                "end_column": f.end_column,
                "severity": f.level(),
                "code": f.code.as_str(),
                "message": f.message,
                "help": f.help,
            })
        })
        .collect();
    pretty(&Json::Array(items))
}

/// `--format github`: one workflow command per finding (`::error file=..::message`), which
/// GitHub Actions shows as an annotation on the line.
pub fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            f.level(),
            escape_property(&f.file),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            escape_property(f.code.as_str()),
            escape_data(&message),
        ));
    }
    out
}

/// Escapes a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The schema a SARIF log names.
const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// `--format sarif`: a SARIF 2.1.0 log with one run, its rules taken from the code registry.
pub fn sarif(findings: &[Finding]) -> String {
    let mut codes: Vec<Code> = findings.iter().map(|f| f.code).collect();
    codes.sort();
    codes.dedup();
    let rules: Vec<Json> = codes.iter().map(|&code| sarif_rule(code)).collect();
    let results: Vec<Json> = findings
        .iter()
        .map(|f| sarif_result(f, codes.binary_search(&f.code).unwrap_or(0)))
        .collect();
    let mut driver = json!({
        "name": "scimap",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    let uri = env!("CARGO_PKG_REPOSITORY");
    if !uri.is_empty() {
        driver["informationUri"] = Json::from(uri);
    }
    pretty(&json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }))
}

fn sarif_rule(code: Code) -> Json {
    let explanation = code.explanation();
    let description = explanation.split("\n\n").next().unwrap_or(explanation);
    json!({
        "id": code.as_str(),
        "shortDescription": {"text": code.title()},
        "fullDescription": {"text": description.replace('\n', " ")},
        "help": {"text": explanation},
    })
}

fn sarif_result(f: &Finding, rule_index: usize) -> Json {
    let mut text = f.message.clone();
    if let Some(help) = &f.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    json!({
        "ruleId": f.code.as_str(),
        "ruleIndex": rule_index,
        "level": f.level(),
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": file_uri(&f.file)},
                "region": {
                    "startLine": f.line,
                    "startColumn": f.column,
                    "endLine": f.end_line,
                    "endColumn": f.end_column,
                },
            },
        }],
    })
}

/// A file path as a URI: a relative reference for a relative path (forward slashes, reserved
/// bytes percent-encoded), a `file://` URI for an absolute one.
fn file_uri(path: &str) -> String {
    let mut uri = String::new();
    if path.starts_with('/') {
        uri.push_str("file://");
    }
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(byte as char);
            }
            other => uri.push_str(&format!("%{other:02X}")),
        }
    }
    uri
}

fn pretty(json: &Json) -> String {
    let mut text = serde_json::to_string_pretty(json).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_data_and_properties() {
        assert_eq!(escape_data("50% off\r\nnow"), "50%25 off%0D%0Anow");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn file_uris_are_relative_references() {
        assert_eq!(file_uri("tables/my table.toml"), "tables/my%20table.toml");
        assert_eq!(file_uri(r"tables\namely.toml"), "tables/namely.toml");
        assert_eq!(file_uri("/etc/t.toml"), "file:///etc/t.toml");
    }
}
