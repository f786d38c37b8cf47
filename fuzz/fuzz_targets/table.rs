//! Arbitrary text as a mapping table file (TOML or JumpCloud JSON): reading, compiling and
//! evaluating it for the sample user (create, then a PATCH against the created resource) never
//! panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SAMPLE_USER: &str = include_str!("../../src/mapping/tables/sample-user.json");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let engine = scimap::Engine::default();
    for name in ["fuzz.toml", "fuzz.json"] {
        let Ok(table) = scimap::mapping::Table::from_text(name, text) else {
            continue;
        };
        let Ok(table) = table.compile(&engine) else {
            continue;
        };
        let Ok(sample) = serde_json::from_str::<serde_json::Value>(SAMPLE_USER) else {
            return;
        };
        let user = &sample["jcUser"];
        if let Ok(resource) = table.user_resource(user, None) {
            let _ = table.user_patch(user, &resource);
        }
        let _ = table.group_resource(user, None);
    }
});
