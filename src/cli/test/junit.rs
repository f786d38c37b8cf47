//! `scimap test --format junit`: JUnit XML, the test report format CI systems read. One
//! `testsuite` per test file, one `testcase` per case, a `failure` with every mismatch, an
//! `error` for a case that could not run.

use std::fmt::Write;

use scimap::mapping::testing::Outcome;

use super::FileResult;

/// The whole report.
pub fn report(results: &[FileResult]) -> String {
    let suites: Vec<String> = results.iter().map(suite).collect();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for result in results {
        let (t, f, e) = counts(result);
        tests += t;
        failures += f;
        errors += e;
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"scimap test\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    );
    for suite in suites {
        out.push_str(&suite);
    }
    out.push_str("</testsuites>\n");
    out
}

/// (tests, failures, errors) of one file.
fn counts(result: &FileResult) -> (usize, usize, usize) {
    match result {
        FileResult::Invalid { .. } => (1, 0, 1),
        FileResult::Ran { report, .. } => {
            let outcomes = report.cases.iter().map(|c| &c.outcome);
            let failed = outcomes
                .clone()
                .filter(|o| matches!(o, Outcome::Failed(_)))
                .count();
            let errors = outcomes.filter(|o| matches!(o, Outcome::Error(_))).count();
            (report.cases.len(), failed, errors)
        }
    }
}

fn suite(result: &FileResult) -> String {
    let (tests, failures, errors) = counts(result);
    let mut out = String::new();
    match result {
        FileResult::Invalid { path, message, .. } => {
            let name = path.display().to_string();
            let _ = writeln!(
                out,
                "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">",
                escape(&name)
            );
            let _ = writeln!(
                out,
                "    <testcase name=\"(test file)\" classname=\"{}\">\n      <error message=\"{}\"/>\n    </testcase>",
                escape(&class_name(&name)),
                escape(message)
            );
        }
        FileResult::Ran { report, .. } => {
            let name = report.path.display().to_string();
            let class = class_name(&name);
            let _ = writeln!(
                out,
                "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">",
                escape(&name)
            );
            for case in &report.cases {
                let open = format!(
                    "    <testcase name=\"{}\" classname=\"{}\"",
                    escape(&case.name),
                    escape(&class)
                );
                match &case.outcome {
                    Outcome::Passed => {
                        let _ = writeln!(out, "{open}/>");
                    }
                    Outcome::Failed(failures) => {
                        let lines: Vec<String> = failures
                            .iter()
                            .flat_map(|f| {
                                std::iter::once(f.to_string())
                                    .chain(f.details().into_iter().map(|line| format!("  {line}")))
                            })
                            .collect();
                        let message = failures
                            .first()
                            .map(ToString::to_string)
                            .unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "{open}>\n      <failure message=\"{}\" type=\"mismatch\">{}</failure>\n    </testcase>",
                            escape(&message),
                            escape_text(&lines.join("\n"))
                        );
                    }
                    Outcome::Error(message) => {
                        let _ = writeln!(
                            out,
                            "{open}>\n      <error message=\"{}\"/>\n    </testcase>",
                            escape(message)
                        );
                    }
                }
            }
        }
    }
    out.push_str("  </testsuite>\n");
    out
}

/// `examples/namely.tests.toml` → `examples.namely`: the dotted name CI tools group by.
fn class_name(path: &str) -> String {
    let stem = path
        .strip_suffix(".tests.toml")
        .or_else(|| path.strip_suffix(".toml"))
        .unwrap_or(path);
    stem.trim_start_matches("./").replace(['/', '\\'], ".")
}

/// Escapes an element's text: as [`escape`], but line breaks and tabs stay as they are.
fn escape_text(text: &str) -> String {
    escape(text)
        .replace("&#10;", "\n")
        .replace("&#13;", "\r")
        .replace("&#9;", "\t")
}

/// Escapes text for an XML attribute value; characters XML 1.0 cannot hold at all
/// (control characters other than tab, newline, carriage return) become U+FFFD.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_xml_well_formed() {
        assert_eq!(
            escape("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;\u{fffd}"
        );
        assert_eq!(
            class_name("./examples/namely.tests.toml"),
            "examples.namely"
        );
    }
}
