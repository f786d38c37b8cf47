//! The hand-written Namely function that `benches/table.rs` measures scimap against builds the
//! very resource the compiled table builds (key order included), for every sample user, on
//! create and on update, and the two NDJSON pipelines write the same bytes. A benchmark against
//! a baseline that does less work would flatter scimap; this test keeps the comparison honest.

#[path = "../benches/support/namely.rs"]
mod namely;

use namely::{managers, namely, sample, sample_line, scimap_table, USERS};

#[test]
fn hand_written_namely_builds_the_same_resource_as_the_table() {
    let managers = managers();
    let table = scimap_table(&managers);
    for name in USERS {
        let document = sample(name);
        let user = &document["jcUser"];
        let mut providers = vec![None];
        if let Some(provider) = namely::provider_of(&document) {
            providers.push(Some(provider));
        }
        for provider in providers {
            let expected = table.user_resource(user, provider).expect("scimap maps");
            let actual = namely(user, provider, &managers).expect("hand-written maps");
            let mode = if provider.is_some() {
                "update"
            } else {
                "create"
            };
            // Compare the serialised text so that key order counts.
            assert_eq!(
                serde_json::to_string_pretty(&actual).unwrap(),
                serde_json::to_string_pretty(&expected).unwrap(),
                "{name} ({mode})"
            );
        }
    }
}

#[test]
fn the_two_pipelines_write_the_same_lines() {
    let managers = managers();
    let table = scimap_table(&managers);
    for name in USERS {
        let line = sample_line(name);
        let (mut by_hand, mut by_scimap) = (Vec::new(), Vec::new());
        namely::hand_written_line(&line, &managers, &mut by_hand);
        namely::scimap_line(&line, &table, &mut by_scimap);
        assert_eq!(
            String::from_utf8(by_hand).unwrap(),
            String::from_utf8(by_scimap).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn the_samples_cover_a_manager_and_both_operations() {
    let managers = managers();
    let table = scimap_table(&managers);
    let john = sample("john");
    let resource = table.user_resource(&john["jcUser"], None).unwrap();
    assert_eq!(
        resource[namely::ENTERPRISE_URN]["manager"]["value"],
        "26118915-6090-4610-87e4-49d8ca9f808d"
    );
    let updates = USERS
        .iter()
        .filter(|name| namely::provider_of(&sample(name)).is_some())
        .count();
    assert!(updates >= 2 && updates < USERS.len());
}
