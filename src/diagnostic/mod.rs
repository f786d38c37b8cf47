//! Diagnostics: every problem scimap reports, from any stage, with a stable code, a span and help.
//!
//! A [`Diagnostic`] is plain data (code, severity, message, labelled spans, help). A set of them
//! over one source is a [`Diagnostics`], which implements [`miette::Diagnostic`] with each problem
//! as a `related` item, so one report shows every problem at once. The stable codes and their long
//! explanations live in one registry, [`codes`].

pub mod codes;

use std::fmt;
use std::sync::Arc;

pub use codes::Code;

use crate::syntax::Span;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A likely mistake that does not stop compilation.
    Warning,
    /// The program is rejected (or, at run time, evaluation failed).
    Error,
}

/// Which stage found the problem, in Go terms: the corpus distinguishes compile from run errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Found before evaluation (syntax or checker).
    Compile,
    /// Found while evaluating.
    Run,
}

/// A secondary span with its own message.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One problem: a code, a message naming the problem, where it is, and how to fix it.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Stable code (see [`codes`]).
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// Compile or run.
    pub phase: Phase,
    /// One line saying what is wrong.
    pub message: String,
    /// The primary location, if there is one.
    pub span: Option<Span>,
    /// Further locations.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error of `code` at `span`.
    pub fn error(code: Code, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            phase: Phase::Compile,
            message: message.into(),
            span: Some(span),
            labels: Vec::new(),
            help: None,
        }
    }

    /// A warning of `code` at `span`.
    pub fn warning(code: Code, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, span)
        }
    }

    /// Adds help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Marks the diagnostic as found at run time.
    pub fn at_run_time(mut self) -> Diagnostic {
        self.phase = Phase::Run;
        self
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

/// The diagnostics of one source text, renderable with miette as one report.
#[derive(Clone, Debug)]
pub struct Diagnostics {
    /// A name for the source (a file name, `<expr>`, or `table.toml:12`).
    pub name: String,
    /// The source text the spans point into.
    pub source: Arc<str>,
    /// The problems, in source order.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Diagnostics over `source`.
    pub fn new(source: impl Into<Arc<str>>, items: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics {
            name: "<expr>".to_string(),
            source: source.into(),
            items,
        }
    }

    /// Whether any item is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The first error, if any.
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.items.iter().find(|d| d.is_error())
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    /// The 1-based line and column (in characters) of a byte offset in the source.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        line_column(&self.source, offset)
    }
}

/// The 1-based line and column (counted in characters, as editors do) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.items.as_slice() {
            [] => write!(f, "no problems"),
            [one] => write!(f, "{}", one.message),
            [first, rest @ ..] => write!(f, "{} (and {} more)", first.message, rest.len()),
        }
    }
}

impl std::error::Error for Diagnostics {}

/// One diagnostic with the source it points into, as miette renders it.
#[derive(Debug)]
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    source: NamedSource<'a>,
}

/// A source text with its name, so that a rendered report says where it points
/// (`╭─[namely.toml:12:9]`).
#[derive(Debug)]
struct NamedSource<'a> {
    name: &'a str,
    text: &'a str,
}

impl miette::SourceCode for NamedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        let contents = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.diagnostic.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let source = self.source.text;
        let primary = self
            .diagnostic
            .span
            .map(|span| miette::LabeledSpan::new_primary_with_span(None, clamp(span, source)));
        let secondary = self.diagnostic.labels.iter().map(|label| {
            miette::LabeledSpan::new_with_span(
                Some(label.message.clone()),
                clamp(label.span, source),
            )
        });
        Some(Box::new(primary.into_iter().chain(secondary)))
    }
}

/// Keeps a span inside the source so that miette never panics on a stale span.
fn clamp(span: Span, source: &str) -> miette::SourceSpan {
    let start = (span.start as usize).min(source.len());
    let end = (span.end as usize).clamp(start, source.len());
    (start, end - start).into()
}

/// A report of several diagnostics: the first is the headline, all are `related`.
#[derive(Debug)]
pub struct Report<'a> {
    diagnostics: &'a Diagnostics,
    rendered: Vec<Rendered<'a>>,
}

impl<'a> Report<'a> {
    /// A renderable view of `diagnostics`.
    pub fn new(diagnostics: &'a Diagnostics) -> Report<'a> {
        let rendered = diagnostics
            .items
            .iter()
            .map(|diagnostic| Rendered {
                diagnostic,
                source: NamedSource {
                    name: &diagnostics.name,
                    text: &diagnostics.source,
                },
            })
            .collect();
        Report {
            diagnostics,
            rendered,
        }
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.diagnostics.errors().count();
        let warnings = self.diagnostics.warnings().count();
        write!(
            f,
            "{}: {} error{}, {} warning{}",
            self.diagnostics.name,
            errors,
            if errors == 1 { "" } else { "s" },
            warnings,
            if warnings == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        Some(Box::new(
            self.rendered.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

/// Renders diagnostics as plain text (no colour, no terminal), the way logs and tests show them:
///
/// ```text
/// error[T0201]: invalid operation: + (mismatched types int and string)
///  --> <expr>:1:3
///   |
/// 1 | i + "x"
///   |   ^ mismatched types
///   = help: convert one side with string(...) or int(...)
/// ```
pub fn render_plain(diagnostics: &Diagnostics) -> String {
    let mut out = String::new();
    for item in &diagnostics.items {
        render_one(&mut out, &diagnostics.name, &diagnostics.source, item);
    }
    out
}

fn render_one(out: &mut String, name: &str, source: &str, item: &Diagnostic) {
    use std::fmt::Write;
    let severity = match item.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{severity}[{}]: {}", item.code.as_str(), item.message);
    if let Some(span) = item.span {
        let start = (span.start as usize).min(source.len());
        let (line, column) = line_column(source, start);
        let _ = writeln!(out, " --> {name}:{line}:{column}");
        let text = source.lines().nth(line - 1).unwrap_or("");
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{line} | {}", text.replace('\t', " "));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = line_start + text.len();
        let end = (span.end as usize).clamp(start, line_end.max(start));
        let width = source
            .get(start..end)
            .map_or(1, |s| s.chars().count())
            .max(1);
        let _ = writeln!(
            out,
            "{pad} | {}{}",
            " ".repeat(column - 1),
            "^".repeat(width)
        );
    }
    for label in &item.labels {
        let (line, column) = line_column(source, label.span.start as usize);
        let _ = writeln!(out, "  = note: {}:{line}:{column}: {}", name, label.message);
    }
    if let Some(help) = &item.help {
        let _ = writeln!(out, "  = help: {help}");
    }
}
