//! Property: `parse(print(ast)) == ast` for generated trees.
//!
//! The generator builds only trees the parser can produce: optional chains are assembled the
//! way Go's parser assembles them, predicates appear only as arguments of predicate builtins,
//! `#` only inside predicates, map keys are strings or computed expressions, and numbers are
//! non-negative (a minus sign is a unary node).

use proptest::prelude::*;
use scimap::syntax::{
    parse, print, BinaryOp, ConditionalForm, Expr, ExprKind, Pointer, Span, UnaryOp,
    PREDICATE_BUILTINS,
};

fn node(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

fn boxed(expr: Expr) -> Box<Expr> {
    Box::new(expr)
}

const NAMES: &[&str] = &["a", "b", "jcUser", "$env", "x1", "é", "_y", "foo$"];
const FIELDS: &[&str] = &[
    "a", "email", "in", "not", "if", "true", "nil", "matches", "x_1",
];
const FUNCTIONS: &[&str] = &["f", "upper", "len", "join", "greet"];
const BINARY: &[BinaryOp] = &[
    BinaryOp::Or,
    BinaryOp::And,
    BinaryOp::Eq,
    BinaryOp::Ne,
    BinaryOp::Lt,
    BinaryOp::Gt,
    BinaryOp::Le,
    BinaryOp::Ge,
    BinaryOp::In,
    BinaryOp::NotIn,
    BinaryOp::Matches,
    BinaryOp::NotMatches,
    BinaryOp::Contains,
    BinaryOp::NotContains,
    BinaryOp::StartsWith,
    BinaryOp::NotStartsWith,
    BinaryOp::EndsWith,
    BinaryOp::NotEndsWith,
    BinaryOp::Range,
    BinaryOp::Add,
    BinaryOp::Sub,
    BinaryOp::Mul,
    BinaryOp::Div,
    BinaryOp::Mod,
    BinaryOp::Pow,
    BinaryOp::Coalesce,
];

/// `base.name` / `base?.name` (with optional call arguments), built as Go's parser builds it:
/// a chain is unwrapped, extended, and wrapped again.
fn member(base: Expr, name: &str, optional: bool, args: Option<Vec<Expr>>) -> Expr {
    let (base, was_chain) = match base.kind {
        ExprKind::Chain(inner) => (*inner, true),
        _ => (base, false),
    };
    let mut expr = node(ExprKind::Field {
        base: boxed(base),
        name: name.to_string(),
        optional,
    });
    if let Some(args) = args {
        expr = node(ExprKind::Call {
            callee: boxed(expr),
            args,
            force_builtin: false,
        });
    }
    if was_chain || optional {
        expr = node(ExprKind::Chain(boxed(expr)));
    }
    expr
}

/// `base[index]` / `base?.[index]`: an index does not continue a chain.
fn index(base: Expr, index: Expr, optional: bool) -> Expr {
    let expr = node(ExprKind::Index {
        base: boxed(base),
        index: boxed(index),
        optional,
    });
    if optional {
        node(ExprKind::Chain(boxed(expr)))
    } else {
        expr
    }
}

fn leaf(in_predicate: bool) -> BoxedStrategy<Expr> {
    let mut leaves = vec![
        Just(node(ExprKind::Nil)).boxed(),
        any::<bool>().prop_map(|b| node(ExprKind::Bool(b))).boxed(),
        (0..=i64::MAX).prop_map(|i| node(ExprKind::Int(i))).boxed(),
        (0u8..10)
            .prop_map(|i| node(ExprKind::Int(i64::from(i))))
            .boxed(),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| node(ExprKind::Float(f.abs())))
            .boxed(),
        any::<String>().prop_map(|s| node(ExprKind::Str(s))).boxed(),
        prop::collection::vec(any::<u8>(), 0..6)
            .prop_map(|b| node(ExprKind::Bytes(b)))
            .boxed(),
        prop::sample::select(NAMES)
            .prop_map(|n| node(ExprKind::Ident(n.to_string())))
            .boxed(),
    ];
    if in_predicate {
        leaves.push(
            prop_oneof![
                Just(Pointer::Element),
                Just(Pointer::Index),
                Just(Pointer::Acc),
                Just(Pointer::Other("foo".into())),
                Just(Pointer::Other("1".into())),
            ]
            .prop_map(|p| node(ExprKind::Pointer(p)))
            .boxed(),
        );
    }
    prop::strategy::Union::new(leaves).boxed()
}

/// Trees of bounded size; `predicates` bounds how deeply predicate builtins nest.
fn expr(in_predicate: bool, predicates: u32) -> BoxedStrategy<Expr> {
    let body = if predicates > 0 {
        Some(expr(true, predicates - 1))
    } else {
        None
    };
    leaf(in_predicate)
        .prop_recursive(5, 48, 4, move |inner| {
            let list = prop::collection::vec(inner.clone(), 0..3);
            let mut options = vec![
                (
                    prop::sample::select(&[UnaryOp::Not, UnaryOp::Neg, UnaryOp::Plus][..]),
                    inner.clone(),
                )
                    .prop_map(|(op, e)| {
                        node(ExprKind::Unary {
                            op,
                            operand: boxed(e),
                        })
                    })
                    .boxed(),
                (prop::sample::select(BINARY), inner.clone(), inner.clone())
                    .prop_map(|(op, l, r)| {
                        node(ExprKind::Binary {
                            op,
                            left: boxed(l),
                            right: boxed(r),
                        })
                    })
                    .boxed(),
                (prop::sample::select(BINARY), inner.clone(), inner.clone())
                    .prop_map(|(op, l, r)| {
                        node(ExprKind::Binary {
                            op,
                            left: boxed(l),
                            right: boxed(r),
                        })
                    })
                    .boxed(),
                (
                    inner.clone(),
                    prop::sample::select(FIELDS),
                    any::<bool>(),
                    prop::option::of(list.clone()),
                )
                    .prop_map(|(b, n, o, args)| member(b, n, o, args))
                    .boxed(),
                (inner.clone(), inner.clone(), any::<bool>())
                    .prop_map(|(b, i, o)| index(b, i, o))
                    .boxed(),
                (
                    inner.clone(),
                    prop::option::of(inner.clone()),
                    prop::option::of(inner.clone()),
                )
                    .prop_map(|(b, from, to)| {
                        node(ExprKind::Slice {
                            base: boxed(b),
                            from: from.map(boxed),
                            to: to.map(boxed),
                        })
                    })
                    .boxed(),
                (prop::sample::select(FUNCTIONS), list.clone(), any::<bool>())
                    .prop_map(|(f, args, force)| {
                        node(ExprKind::Call {
                            callee: boxed(node(ExprKind::Ident(f.to_string()))),
                            args,
                            force_builtin: force,
                        })
                    })
                    .boxed(),
                list.clone()
                    .prop_map(|items| node(ExprKind::Array(items)))
                    .boxed(),
                prop::collection::vec(
                    (
                        prop_oneof![
                            any::<String>().prop_map(|s| node(ExprKind::Str(s))),
                            inner.clone()
                        ],
                        inner.clone(),
                    ),
                    0..3,
                )
                .prop_map(|entries| node(ExprKind::Map(entries)))
                .boxed(),
                (inner.clone(), inner.clone(), inner.clone(), 0..3u8)
                    .prop_map(|(c, a, b, form)| {
                        let (then, form) = match form {
                            0 => (a, ConditionalForm::Ternary),
                            1 => (c.clone(), ConditionalForm::Elvis),
                            _ => (a, ConditionalForm::If),
                        };
                        node(ExprKind::Conditional {
                            cond: boxed(c),
                            then: boxed(then),
                            otherwise: boxed(b),
                            form,
                        })
                    })
                    .boxed(),
                (
                    prop::sample::select(&["x", "true", "$y"][..]),
                    inner.clone(),
                    inner.clone(),
                )
                    .prop_map(|(name, value, body)| {
                        node(ExprKind::Let {
                            name: name.to_string(),
                            name_span: Span::default(),
                            value: boxed(value),
                            body: boxed(body),
                        })
                    })
                    .boxed(),
                prop::collection::vec(inner.clone(), 2..4)
                    .prop_map(|items| node(ExprKind::Sequence(items)))
                    .boxed(),
            ];
            if let Some(body) = &body {
                options.push(
                    (
                        prop::sample::select(PREDICATE_BUILTINS),
                        inner.clone(),
                        body.clone(),
                        prop::option::of(inner.clone()),
                        any::<bool>(),
                    )
                        .prop_map(
                            |((name, required, optional), collection, body, extra, force)| {
                                let mut args =
                                    vec![collection, node(ExprKind::Predicate(boxed(body)))];
                                if required == 1 && extra.is_none() && force {
                                    args.pop();
                                }
                                if let (Some(extra), true) = (extra, required + optional > 2) {
                                    args.push(extra);
                                }
                                node(ExprKind::Call {
                                    callee: boxed(node(ExprKind::Ident(name.to_string()))),
                                    args,
                                    force_builtin: force,
                                })
                            },
                        )
                        .boxed(),
                );
            }
            prop::strategy::Union::new(options)
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn print_then_parse_gives_the_same_tree(ast in expr(false, 2)) {
        let printed = print(&ast);
        match parse(&printed) {
            Ok(again) => prop_assert_eq!(&again, &ast, "printed as {}", printed),
            Err(e) => prop_assert!(false, "printed {:?} does not parse: {}", printed, e),
        }
    }
}

/// Token soup: fragments of the language in random order, to reach the error paths.
fn soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(
        &[
            "a",
            "b",
            "jcUser",
            ".",
            "?.",
            "x",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            ",",
            ";",
            ":",
            "?",
            "??",
            "|",
            "||",
            "&&",
            "!",
            "not",
            "in",
            "not in",
            "+",
            "-",
            "*",
            "**",
            "/",
            "%",
            "==",
            "<",
            "<=",
            "..",
            "1",
            "0x1F",
            "1.5",
            "9223372036854775808",
            "'s'",
            "\"t\"",
            "`r`",
            "b\"y\"",
            "#",
            "#index",
            "map",
            "filter",
            "sortBy",
            "count",
            "let",
            "=",
            "if",
            "else",
            "true",
            "nil",
            "::",
            " ",
            "\n",
            "// c\n",
            "/* c */",
            "é",
            "$env",
        ][..],
    );
    prop::collection::vec(pieces, 0..14).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any mix of the language's tokens gives a tree that prints and parses back to itself, or
    /// diagnostics with a span inside the source (never a panic).
    #[test]
    fn token_soup_parses_or_reports(source in soup()) {
        match parse(&source) {
            Ok(ast) => prop_assert_eq!(parse(&print(&ast)).ok(), Some(ast), "{:?}", source),
            Err(diagnostics) => {
                for item in &diagnostics.items {
                    let span = item.span.unwrap_or_default();
                    prop_assert!(span.end as usize <= source.len(), "{:?}: span {:?}", source, span);
                }
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(source in any::<String>()) {
        let _ = parse(&source);
    }
}
