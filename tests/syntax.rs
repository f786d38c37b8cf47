//! Syntax: the reference's parse quirks as named cases, the print/parse round trip, and the
//! corpus of expressions the reference parses (or rejects).

use scimap::syntax::{parse, print};

/// `SCIMAP_EXPR='...' cargo test --test syntax explore -- --ignored --nocapture`
#[test]
#[ignore]
fn explore() {
    let source = std::env::var("SCIMAP_EXPR").unwrap_or_default();
    for line in source.split('\n') {
        match parse(line) {
            Ok(ast) => println!("{line}\n  => {ast:?}\n  print: {}", print(&ast)),
            Err(e) => println!(
                "{line}\n  !! {}",
                scimap::diagnostic::render_plain(&e).replace('\n', "\n     ")
            ),
        }
    }
}
