//! A scenario folder that is not there, as a vendor meets it copying README's run line before
//! `mynakit init`: the error names the path and says how to make it (docs/quick-start.md).
#![allow(clippy::unwrap_used)]

use crate::common;

use common::mynakit;

#[test]
fn a_missing_scenario_folder_points_to_init() {
    let dir = tempfile::tempdir().unwrap();
    let out = mynakit()
        .current_dir(dir.path())
        .args([
            "run",
            "bundled",
            "mynakit/scenarios",
            "--filter",
            "tag:mission",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mynakit/scenarios: cannot read"), "{err}");
    assert!(err.contains("`mynakit init` writes mynakit/"), "{err}");

    // A file that exists but is not a scenario is another mistake: no hint to run init.
    std::fs::write(dir.path().join("bad.yaml"), "id: [").unwrap();
    let out = mynakit()
        .current_dir(dir.path())
        .args(["run", "bad.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("mynakit init"), "{err}");
}
