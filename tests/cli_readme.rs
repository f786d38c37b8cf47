//! The README's session of the program is real: every `$ scimap ...` line in the console blocks
//! of "The program" is run again here, and must print exactly what the README shows.

mod readme_support;

#[test]
fn the_readme_session_is_real_output() {
    let commands = readme_support::replay_section(
        "The program",
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    assert!(
        commands >= 8,
        "only {commands} commands in the README session"
    );
}
