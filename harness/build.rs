//! Embeds the bundled scenarios (docs/install.md).

include!("../fixtures/build/embed.rs");

fn main() {
    let base =
        std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir"))
            .join("..");
    write_embedded(
        &base,
        &["scenarios"],
        "mynakit_fixtures",
        "SCENARIOS",
        "embedded_scenarios.rs",
    );
}
