//! Arbitrary bytes as an expression: parsing never panics, and whatever parses prints to text
//! that parses back to the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(ast) = scimap::syntax::parse(source) else {
        return;
    };
    let printed = scimap::syntax::print(&ast);
    match scimap::syntax::parse(&printed) {
        Ok(again) => assert_eq!(ast, again, "{source:?} printed as {printed:?}"),
        Err(error) => panic!("{source:?} printed as {printed:?}, which does not parse: {error}"),
    }
});
