//! An installed `mynakit` carries its reader driver (`docs/install.md`, `docs/reader.md`, "The
//! mynakit reader driver"): the binary alone, copied out of the workspace and run from another
//! folder with `$MYNAKIT_IFD_DRIVER` unset, serves its managed pcscd's readers through the
//! driver inside it, so a PIN-pad scenario and a pcscd-restart scenario PASS over pcscd (over
//! vpcd's readers both would be NOT-APPLICABLE). Skipped without pcscd, a failure when `CI` is
//! set.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::pcscd_or_skip;

const SCENARIOS: [&str; 2] = ["pin-pad-reader", "pcscd-restart-at-verify"];

#[test]
fn a_copied_binary_run_elsewhere_passes_a_pin_pad_and_a_restart_scenario_over_pcscd() {
    if !pcscd_or_skip() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    for dir in ["bin", "cache", "work", "report"] {
        std::fs::create_dir(root.path().join(dir)).unwrap();
    }
    let exe = root.path().join("bin/mynakit");
    std::fs::copy(env!("CARGO_BIN_EXE_mynakit"), &exe).unwrap();
    // No path of the build: the driver is bytes inside the binary, not a file in the source
    // tree it was built from (the docs it carries name `reader/ifd/`, relative).
    let built = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("reader/ifd/libifdmynakit.so");
    let built = built.to_str().unwrap().as_bytes();
    let binary = std::fs::read(&exe).unwrap();
    assert!(
        !binary.windows(built.len()).any(|w| w == built),
        "the binary names {}",
        String::from_utf8_lossy(built)
    );
    let mut command = std::process::Command::new(&exe);
    command
        .args(["run", "--transport", "pcscd"])
        .args(SCENARIOS.iter().flat_map(|id| ["--filter", id]))
        .arg("--report-dir")
        .arg(root.path().join("report"))
        .current_dir(root.path().join("work"))
        .env("MYNAKIT_CACHE", root.path().join("cache"))
        .env_remove("MYNAKIT_IFD_DRIVER")
        .env_remove("MYNAKIT_FIXTURES")
        .env_remove("MYNAKIT_SCENARIOS")
        .env_remove("CARGO_MANIFEST_DIR");
    common::in_english(&mut command);
    let out = command.output().unwrap();
    let text = common::text(&out);
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root.path().join("report/report.json"))
            .unwrap_or_else(|e| panic!("no report.json ({e}):\n{text}")),
    )
    .unwrap();
    assert!(
        report.get("wanting_driver").is_none(),
        "the run found no driver:\n{text}"
    );
    for id in SCENARIOS {
        let s = report["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("{id} did not run:\n{text}"));
        assert_eq!(s["level"], "PASSED", "{id}: {}\n{text}", s["note"]);
    }
    assert!(out.status.success(), "{text}");
}
