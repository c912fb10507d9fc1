//! Stack faults a transport cannot show are NOT-APPLICABLE there (`docs/reader.md`, "Which
//! transport shows which stack fault"): over a managed pcscd whose readers are vpcd's (mynakit's
//! reader driver not found), a command that fails in transit and a reader unavailable for a
//! while are NOT-APPLICABLE, their note naming vpcd and the section; an unplugged reader (its
//! closest form) and a second reader still run and pass the reference client.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::{mynakit, pcscd_or_skip};

#[test]
fn over_vpcd_the_faults_it_cannot_show_are_not_applicable_naming_it() {
    if !pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = mynakit()
        .args(["run", "--transport", "pcscd"])
        .args(["--filter", "reader-transport-error-at-verify"])
        .args(["--filter", "reader-unavailable-at-verify"])
        .args(["--filter", "reader-unplugged-mid-flow"])
        .args(["--filter", "second-reader-empty-first"])
        .arg("--report-dir")
        .arg(dir.path())
        // No driver there: the managed pcscd's readers are vpcd's.
        .env("MYNAKIT_IFD_DRIVER", dir.path().join("no-driver.so"))
        .output()
        .unwrap();
    let text = common::text(&out);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    let level = |id: &str| {
        let s = report["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("{id} did not run:\n{text}"));
        (
            s["level"].as_str().unwrap().to_owned(),
            s["note"].as_str().unwrap_or_default().to_owned(),
        )
    };
    for (id, fault, section) in [
        (
            "reader-transport-error-at-verify",
            "`transport-error`",
            "Commands that fail in transit",
        ),
        (
            "reader-unavailable-at-verify",
            "`unavailable`",
            "A reader unavailable for a while",
        ),
    ] {
        let (level, note) = level(id);
        assert_eq!(level, "NOT-APPLICABLE", "{id}: {note}\n{text}");
        assert!(
            note.starts_with("not applicable over the managed pcscd with vpcd"),
            "{id}: {note}"
        );
        assert!(note.contains(fault), "{id}: {note}");
        assert!(note.contains(section), "{id}: {note}");
    }
    for id in ["reader-unplugged-mid-flow", "second-reader-empty-first"] {
        let (level, note) = level(id);
        assert_eq!(level, "PASSED", "{id}: {note}\n{text}");
    }
}
