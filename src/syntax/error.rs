//! pest errors as diagnostics in the reference's words, with an "expected one of ..." help.
//!
//! pest reports the furthest position it reached and the rules it tried there. The grammar fails
//! where Go's parser fails, so the token at that position is the one Go names
//! (`unexpected token Operator("+")`); a few rules tried there select Go's special messages
//! (`expected name`, `a map key must be ...`, `wrap predicate with brackets { and }`).

use pest::error::{Error, ErrorVariant, InputLocation};

use super::ast::Span;
use super::lexer::{self, TokenKind};
use super::parser::Rule;
use crate::diagnostic::{Code, Diagnostic};

/// Converts a pest failure over `source` (which passed the lexical scan) into a diagnostic.
pub(crate) fn from_pest(source: &str, error: &Error<Rule>) -> Diagnostic {
    let position = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((start, _)) => start,
    };
    let (positives, negatives): (&[Rule], &[Rule]) = match &error.variant {
        ErrorVariant::ParsingError {
            positives,
            negatives,
        } => (positives, negatives),
        ErrorVariant::CustomError { message } => {
            return Diagnostic::error(Code::TooLarge, message.clone(), Span::new(0, 0))
                .with_help("the expression nests too deeply; simplify it");
        }
    };
    let tokens = lexer::tokens(source);
    let Some(token) = lexer::token_at(&tokens, position) else {
        return Diagnostic::error(Code::Syntax, "unexpected token EOF", Span::new(0, 0));
    };
    let described = lexer::describe(source, token);
    let text = source.get(token.span.range()).unwrap_or("");
    let help = expected_help(
        positives,
        innermost_bracket(source, &tokens, token.span.start),
    );
    let diagnostic = if negatives.contains(&Rule::predicate_semicolon) {
        Diagnostic::error(
            Code::PredicateSyntax,
            "wrap predicate with brackets { and }",
            token.span,
        )
        .with_help("a predicate with `;` must be a block: map(xs, { let y = #; y + 1 })")
    } else if positives.contains(&Rule::name) {
        Diagnostic::error(Code::Syntax, "expected name", token.span)
            .with_help("write a field or method name after `.`: jcUser.email")
    } else if positives.contains(&Rule::map_key) && text != "," {
        Diagnostic::error(
            Code::Syntax,
            format!("a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses (unexpected token {described})"),
            token.span,
        )
        .with_help("write the key as \"name\", name, 1, or (expression)")
    } else {
        let mut diagnostic = Diagnostic::error(
            Code::Syntax,
            format!("unexpected token {described}"),
            token.span,
        );
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        diagnostic
    };
    if token.kind == TokenKind::Eof && diagnostic.help.is_none() {
        return diagnostic.with_help("the expression ends too early");
    }
    diagnostic
}

/// The innermost bracket still open before byte `before`: `(`, `[`, `{`, or `c` for the
/// parenthesis of a call.
fn innermost_bracket(source: &str, tokens: &[lexer::Token], before: u32) -> Option<char> {
    let mut open = Vec::new();
    let mut previous = None;
    for token in tokens.iter().take_while(|t| t.span.start < before) {
        let after_name = previous == Some(TokenKind::Identifier);
        previous = Some(token.kind);
        if token.kind != TokenKind::Bracket {
            continue;
        }
        match source.get(token.span.range()) {
            Some("(") if after_name => open.push('c'),
            Some("(") => open.push('('),
            Some("[") => open.push('['),
            Some("{") => open.push('{'),
            Some(_) => {
                open.pop();
            }
            None => {}
        }
    }
    open.pop()
}

/// "expected one of: an operator, `,`, `)`, ..." from the rules pest tried (pest does not
/// record punctuation, so the closers of the innermost open bracket are added).
fn expected_help(positives: &[Rule], bracket: Option<char>) -> Option<String> {
    let mut names: Vec<&str> = Vec::new();
    for rule in positives {
        if let Some(name) = describe_rule(*rule) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    let operand_ended = names.iter().any(|n| n.starts_with("an operator"));
    if operand_ended {
        let closers: &[&str] = match bracket {
            Some('c') => &["`,`", "`)`"],
            Some('(') => &["`)`"],
            Some('[') => &["`,`", "`]`"],
            Some('{') => &["`,`", "`}`"],
            _ => &["`;`", "the end of the expression"],
        };
        for closer in closers {
            if !names.contains(closer) {
                names.push(closer);
            }
        }
    }
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("expected {one}")),
        _ => Some(format!("expected one of: {}", names.join(", "))),
    }
}

/// A rule in human terms (`None` for rules that add nothing to the list).
fn describe_rule(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::expr | Rule::sequence | Rule::binary | Rule::operand | Rule::bare_predicate => {
            "an expression"
        }
        Rule::prefix => "an expression",
        Rule::infix | Rule::operator | Rule::not_op => "an operator (+, ==, and, in, ...)",
        Rule::pipe | Rule::pipe_bar => "`|`",
        Rule::ternary | Rule::question => "`?`",
        Rule::member | Rule::dot => "`.field`",
        Rule::bracket | Rule::optional_bracket => "`[index]`",
        Rule::call_args | Rule::pred_args_paren | Rule::pred_args_piped => "`(arguments)`",
        Rule::colon | Rule::elvis => "`:`",
        Rule::slice_colon => "`:`",
        Rule::assign => "`=`",
        Rule::ident | Rule::name_or_call => "a name",
        Rule::literal_word => "a literal",
        Rule::name => "a field name",
        Rule::number => "a number",
        Rule::string => "a string",
        Rule::map_key => "a map key",
        Rule::pair => "a key: value pair",
        Rule::predicate | Rule::block_predicate => "a predicate",
        Rule::block => "`{`",
        Rule::kw_else => "`else`",
        Rule::EOI => "the end of the expression",
        Rule::trailing_comma => "`,`",
        _ => return None,
    })
}
