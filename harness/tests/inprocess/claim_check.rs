//! `mynakit claim check RECEIPTC.UKE` as a QA team runs it on a claim file: exit 0 and one OK
//! line for a consistent file, 1 with a line per problem, 2 with the place for a file that does
//! not read; never a patient's name or number in what it prints (docs/uke.md, "Checking a
//! claim file"). No daemon.
#![allow(clippy::unwrap_used)]

use crate::common;

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

/// A 医科 claim of the `dependent` persona's visit (家族, 枝番 01) in Windows-31J, as a
/// レセコン writes it; `branch` is its SN's 枝番.
fn dependent_claim(branch: &str) -> Vec<u8> {
    let jd: Vec<&str> = (1..=31).map(|d| if d == 1 { "1" } else { "" }).collect();
    let text = format!(
        "IR,1,13,1,9999999,,テスト医療機関,202611,00,\n\
         RE,1,1116,202611,テスト　花子,2,19900101\n\
         HO,06139992,1001,2345,1,291\n\
         SN,1,01,06139992,1001,2345,{branch},\n\
         JD,1,{}\n\
         SI,11,1,111000110,,291,1\n\
         GO,1,291,99",
        jd.join(",")
    );
    let mut bytes = Vec::new();
    for line in text.lines() {
        let (encoded, _, bad) = encoding_rs::SHIFT_JIS.encode(line);
        assert!(!bad);
        bytes.extend_from_slice(&encoded);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.push(0x1a);
    bytes
}

#[test]
fn with_a_run_the_claim_is_judged_against_its_answers() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("run");
    let out = mynakit()
        .args(["run", "--report-dir"])
        .arg(&reports)
        .arg(repo().join("scenarios/terminal-claim-file-dependent.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let judge = |branch: &str| {
        let file = dir.path().join(format!("RECEIPTC-{branch}.UKE"));
        std::fs::write(&file, dependent_claim(branch)).unwrap();
        mynakit()
            .args(["claim", "check"])
            .arg(&file)
            .arg("--run")
            .arg(&reports)
            .output()
            .unwrap()
    };
    let right = judge("01");
    let said = text(&right);
    assert_eq!(right.status.code(), Some(0), "{said}");
    assert!(said.contains("PASSED UKE-insurer"), "{said}");
    assert!(
        said.contains("the answers of terminal-claim-file-dependent"),
        "{said}"
    );
    // The 枝番 lost between systems: the claim would come back.
    let dropped = judge("");
    let said = text(&dropped);
    assert_eq!(dropped.status.code(), Some(1), "{said}");
    assert!(said.contains("FAILED UKE-insurer"), "{said}");
    assert!(said.contains("枝番 (empty)"), "{said}");
    // In Japanese: the level word, the check's own Japanese and the last line.
    let file = dir.path().join("RECEIPTC-ja.UKE");
    std::fs::write(&file, dependent_claim("")).unwrap();
    let ja = mynakit()
        .args(["--lang", "ja", "claim", "check"])
        .arg(&file)
        .arg("--run")
        .arg(&reports)
        .output()
        .unwrap();
    let ja_said = text(&ja);
    assert_eq!(ja.status.code(), Some(1), "{ja_said}");
    assert!(ja_said.contains("不合格 UKE-insurer: "), "{ja_said}");
    assert!(
        ja_said.contains("問題 1 件 (ファイル自身と terminal-claim-file-dependent"),
        "{ja_said}"
    );
    assert!(!ja_said.contains("FAILED"), "{ja_said}");
    // The 番号 as a value of its own: a file name's time stamp (…_20261126023453.xml) may hold
    // the same digits without naming anyone.
    let values: Vec<&str> = said.split(|c: char| !c.is_alphanumeric()).collect();
    assert!(
        !said.contains("テスト　花子") && !values.contains(&"2345"),
        "{said}"
    );
}

/// `mynakit claim scrub` of the synthetic 医科 sample into `out`.
fn scrub_sample(out: &std::path::Path, force: bool) -> std::process::Output {
    let mut command = mynakit();
    command
        .args(["claim", "scrub"])
        .arg(repo().join("uke/tests/data/medical.UKE"))
        .arg("-o")
        .arg(out);
    if force {
        command.arg("--force");
    }
    command.output().unwrap()
}

#[test]
fn a_scrubbed_claim_names_no_patient_still_reads_the_same_and_never_follows_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shared.UKE");
    let scrubbed = scrub_sample(&out, false);
    let said = text(&scrubbed);
    assert_eq!(scrubbed.status.code(), Some(0), "{said}");
    assert!(said.contains("3 claim(s): replaced 6 name(s)"), "{said}");
    let written = std::fs::read(&out).unwrap();
    let (decoded, _, _) = encoding_rs::SHIFT_JIS.decode(&written);
    for secret in PATIENT {
        assert!(!said.contains(secret), "{secret}: {said}");
        assert!(
            !decoded.contains(secret),
            "{secret} in the copy:\n{decoded}"
        );
    }
    // The copy reads as the original did: the same claims and records, consistent.
    let checked = mynakit()
        .args(["claim", "check"])
        .arg(&out)
        .output()
        .unwrap();
    let said = text(&checked);
    assert_eq!(checked.status.code(), Some(0), "{said}");
    assert!(
        said.contains("3 claim(s), 24 record(s): consistent"),
        "{said}"
    );

    // An existing output needs --force; a link is never written through.
    let again = scrub_sample(&out, false);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    let target = dir.path().join("elsewhere.txt");
    std::fs::write(&target, "keep").unwrap();
    let link = dir.path().join("link.UKE");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let through = scrub_sample(&link, true);
    assert_ne!(through.status.code(), Some(0), "{}", text(&through));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
}
