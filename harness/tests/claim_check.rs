//! `mynakit claim check RECEIPTC.UKE` as a QA team runs it on a claim file: exit 0 and one OK
//! line for a consistent file, 1 with a line per problem, 2 with the place for a file that does
//! not read; never a patient's name or number in what it prints (docs/uke.md, "Checking a
//! claim file"). No daemon.
#![allow(clippy::unwrap_used)]

mod common;

use common::{mynakit, repo, text};

/// The synthetic 医科 sample's patient name and 被保険者証 number, which must never be printed.
const PATIENT: [&str; 2] = ["テスト 太郎", "12345"];

#[test]
fn a_consistent_file_is_ok_and_names_no_patient() {
    let out = mynakit()
        .args(["claim", "check"])
        .arg(repo().join("uke/tests/data/medical.UKE"))
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("OK "), "{said}");
    assert!(said.contains("3 claim(s)"), "{said}");
    assert!(said.contains("checked against itself only"), "{said}");
    for secret in PATIENT {
        assert!(!said.contains(secret), "{secret}: {said}");
    }
}

#[test]
fn problems_exit_1_each_on_its_line_and_an_unreadable_file_exits_2_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let inconsistent = dir.path().join("RECEIPTC.UKE");
    std::fs::write(
        &inconsistent,
        b"IR,1,13,1,1234567,,,202406,00\r\nRE,1,1112,202406,,1,19800101\r\nGO,2,0,99\r\n\x1a",
    )
    .unwrap();
    let out = mynakit()
        .args(["claim", "check"])
        .arg(&inconsistent)
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("line 2: claim 1 has neither HO nor KO"),
        "{said}"
    );
    assert!(
        said.contains("GO says 2 claim(s), the file holds 1"),
        "{said}"
    );

    let cut = dir.path().join("cut.UKE");
    std::fs::write(&cut, b"IR,1,13,1,1234567,,,202406,00\r\nRE,1,1112,202406").unwrap();
    let out = mynakit()
        .args(["claim", "check"])
        .arg(&cut)
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("line 2 (from byte 31) ends without CR LF"),
        "{said}"
    );
}
