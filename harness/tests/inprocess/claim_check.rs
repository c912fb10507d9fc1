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

/// The synthetic 訪問看護 sample's users and their 記号・番号, never printed.
const STATION_USERS: [&str; 4] = ["テスト 花子", "テスト 次郎", "テストハナコ", "12345"];

#[test]
fn a_station_claim_file_is_read_in_its_own_layout_and_refused_naming_the_place() {
    let sample = repo().join("uke/tests/data/station.UKE");
    let out = mynakit()
        .args(["claim", "check"])
        .arg(&sample)
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("OK "), "{said}");
    assert!(said.contains("訪問看護"), "{said}");
    assert!(said.contains("2 claim(s), 27 record(s)"), "{said}");
    for secret in STATION_USERS {
        assert!(!said.contains(secret), "{secret}: {said}");
    }

    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(&sample).unwrap();
    // 点数表 1 in HM: a header of no layout, refused naming the field.
    let bad_table = dir.path().join("RECEIPTH.UKE");
    std::fs::write(&bad_table, replaced(&bytes, b"HM,1,13,6,", b"HM,1,13,1,")).unwrap();
    let out = mynakit()
        .args(["claim", "check"])
        .arg(&bad_table)
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("line 1: `HM` field 4 (点数表) is not in its code list: `1`"),
        "{said}"
    );
    // HO's 合計金額 not its KA's sum: a problem on its line, exit 1.
    let wrong_total = dir.path().join("total.UKE");
    let total = replaced(&bytes, b",2,11150,", b",2,11100,");
    std::fs::write(&wrong_total, total).unwrap();
    let out = mynakit()
        .args(["claim", "check"])
        .arg(&wrong_total)
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("line 3: claim 1's HO says 合計金額 11100 yen, its KA 金額 add up to 11150"),
        "{said}"
    );
    // Without its end mark: refused at the byte where it should be.
    let cut = dir.path().join("cut.UKE");
    std::fs::write(&cut, &bytes[..bytes.len() - 1]).unwrap();
    let out = mynakit()
        .args(["claim", "check"])
        .arg(&cut)
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    let end = format!("ends at byte {} without the end mark 0x1A", bytes.len() - 1);
    assert!(said.contains(&end), "{said}");
}

/// A 医科 claim of the `dependent` persona's visit (家族, 枝番 01) in Windows-31J, as a
/// レセコン writes it; `branch` is its SN's 枝番.
fn dependent_claim(branch: &str) -> Vec<u8> {
    let jd: Vec<&str> = (1..=31).map(|d| if d == 1 { "1" } else { "" }).collect();
    let text = format!(
        "IR,1,13,1,9999999,,テスト医療機関,202611,00,\n\
         RE,1,1116,202611,テスト　花子,2,19870920\n\
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
        claim_check_with_run(&file, &reports)
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
    // From a pipe (`<(…)`, a CI step's `|`), read once: the same verdict as the file named.
    let piped = {
        let mut child = mynakit()
            .args(["claim", "check", "/dev/stdin", "--run"])
            .arg(&reports)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        std::io::Write::write_all(&mut stdin, &dependent_claim("")).unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    };
    let piped_said = text(&piped);
    assert_eq!(piped.status.code(), Some(1), "{piped_said}");
    assert!(piped_said.contains("FAILED UKE-insurer"), "{piped_said}");
    assert!(!piped_said.contains("holds no record"), "{piped_said}");
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

/// The month's claim of `terminal-claim-file-subsidy-cap-reached` (three visits of the
/// 指定難病 patient on a ventilator, 上限 1,000 円) with the KO's 負担金額 `paid` and 実日数 `days`.
fn subsidy_claim(paid: &str, days: &str) -> Vec<u8> {
    let marks = |kind: &str| {
        let days: Vec<&str> = (1..=31)
            .map(|d| if [5, 12, 19].contains(&d) { "1" } else { "" })
            .collect();
        format!("JD,{kind},{}", days.join(","))
    };
    let lines = [
        "IR,1,13,1,9999999,,テスト医療機関,202611,00,".to_owned(),
        "RE,1,1122,202611,試験　呼子,2,19750630".to_owned(),
        "HO,06139992,2002,7777,3,441".to_owned(),
        "SN,1,01,06139992,2002,7777,00,".to_owned(),
        format!("KO,54220025,9012345,,{days},441,{paid}"),
        marks("1"),
        marks("2"),
        "GO,1,441,99".to_owned(),
    ];
    let mut writer = mynakit_uke::Writer::new(Vec::new());
    for line in &lines {
        let fields: Vec<String> = line.split(',').map(str::to_owned).collect();
        writer.write_fields(&fields).unwrap();
    }
    writer.finish().unwrap()
}

/// `claim check --run` judges a 医療費助成 KO too (docs/subsidies.md): its 負担金額 against the
/// entry's 自己負担上限額 and its 実日数 against its own JD, as the run did.
#[test]
fn with_a_run_a_subsidy_ko_is_judged_against_its_cap_and_days() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("run");
    let out = mynakit()
        .args(["run", "--report-dir"])
        .arg(&reports)
        .arg(repo().join("scenarios/terminal-claim-file-subsidy-cap-reached.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let judge = |paid: &str, days: &str| {
        let file = dir.path().join(format!("RECEIPTC-{paid}-{days}.UKE"));
        std::fs::write(&file, subsidy_claim(paid, days)).unwrap();
        let out = claim_check_with_run(&file, &reports);
        (out.status.code(), text(&out))
    };
    let (code, said) = judge("1000", "3");
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("PASSED UKE-subsidy-cap"), "{said}");
    assert!(said.contains("PASSED UKE-subsidy-days"), "{said}");
    assert!(said.contains("PASSED UKE-subsidy:"), "{said}");
    // The share of three visits, past the 上限額.
    let (code, said) = judge("1330", "3");
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("FAILED UKE-subsidy-cap"), "{said}");
    assert!(said.contains("1330 yen"), "{said}");
    // 実日数 other than the days its JD marks.
    let (code, said) = judge("1000", "2");
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("FAILED UKE-subsidy-days"), "{said}");
    assert!(
        !said.contains("9012345") && !said.contains("試験　呼子"),
        "{said}"
    );
}

/// `mynakit claim scrub` of the synthetic 医科 sample into `out`.
/// A station's RECEIPTH.UKE of 2026-11-01 for the 本人 (枝番 00) or the 家族 (枝番 01) of
/// `terminal-visiting-nursing-claim-file`, billing the 訪問看護医療ＤＸ情報活用加算.
fn station_claim(branch: &str, birth: &str) -> Vec<u8> {
    station_claim_with(branch, birth, 5600, "")
}

/// [`station_claim`] with HO's 合計金額 `total` and the KA `more` (each ending in a newline).
fn station_claim_with(branch: &str, birth: &str, total: u64, more: &str) -> Vec<u8> {
    let text = format!(
        "HM,1,13,6,9999999,試験訪問看護ステーション,202612,\n\
         RE,1,6112,202611,,,1,{birth}\n\
         HO,06139992,1001,2345,1,{total}\n\
         SN,1,01,06139992,1001,2345,{branch},\n\
         JD,1,1,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n\
         HJ,01,20261101,20261130\n\
         KA,20261101,1,510000110,,5550,01\n\
         KA,20261101,1,550002270,,50,\n\
         {more}GO"
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
fn with_a_run_a_station_s_addition_is_judged_against_its_consents() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("run");
    let out = mynakit()
        .args(["run", "--report-dir"])
        .arg(&reports)
        .arg(repo().join("scenarios/terminal-visiting-nursing-claim-file.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let judge = |branch: &str, birth: &str| {
        let file = dir.path().join(format!("RECEIPTH-{branch}.UKE"));
        std::fs::write(&file, station_claim(branch, birth)).unwrap();
        claim_check_with_run(&file, &reports)
    };
    // The 本人 consented to share: the 加算 is due; the 医科 checks do not judge a station.
    let right = judge("00", "19850412");
    let said = text(&right);
    assert_eq!(right.status.code(), Some(0), "{said}");
    assert!(said.contains("PASSED UKE-station-dx-addition"), "{said}");
    assert!(said.contains("PASSED UKE-file-reads"), "{said}");
    assert!(!said.contains("FAILED"), "{said}");
    // The 家族 did not: the 加算 FAILS, naming the claim's KA line and no patient.
    let wrong = judge("01", "19870920");
    let said = text(&wrong);
    assert_eq!(wrong.status.code(), Some(1), "{said}");
    assert!(said.contains("FAILED UKE-station-dx-addition"), "{said}");
    assert!(said.contains("line 8"), "{said}");
    for secret in ["2345", "19870920"] {
        assert!(!said.contains(secret), "{secret}: {said}");
    }

    // The 2026-06 加算 550003270 has no public price: not judged, unless the vendor's table
    // prices it, and then the finding says the price is the table's.
    let linkage = dir.path().join("RECEIPTH-linkage.UKE");
    let more = "KA,20261101,1,550003270,,100,\n";
    std::fs::write(&linkage, station_claim_with("00", "19850412", 5700, more)).unwrap();
    let with_prices = |table: &str| {
        let prices = dir.path().join("prices.tsv");
        std::fs::write(&prices, table).unwrap();
        mynakit()
            .args(["claim", "check"])
            .arg(&linkage)
            .arg("--run")
            .arg(&reports)
            .arg("--station-prices")
            .arg(&prices)
            .output()
            .unwrap()
    };
    let bare = claim_check_with_run(&linkage, &reports);
    let said = text(&bare);
    assert_eq!(bare.status.code(), Some(0), "{said}");
    assert!(said.contains("code(s) 550003270 not judged"), "{said}");
    let priced = with_prices("code\tfrom\tyen\n550003270\t2026-06-01\t100\n");
    let said = text(&priced);
    assert_eq!(priced.status.code(), Some(0), "{said}");
    assert!(
        said.contains("not by a public source: 550003270 (line 2)"),
        "{said}"
    );
    let other = with_prices("550003270\t2026-06-01\t120\n");
    let said = text(&other);
    assert_eq!(other.status.code(), Some(1), "{said}");
    assert!(said.contains("FAILED UKE-station-amounts"), "{said}");
    assert!(
        said.contains("prices.tsv line 1, from 2026-06-01"),
        "{said}"
    );
    // A table that is not one is refused before anything is judged, naming the place.
    let bad = with_prices("550003270\t2026-06-01\t1,000\n");
    let said = text(&bad);
    assert_eq!(bad.status.code(), Some(2), "{said}");
    assert!(
        said.contains("prices.tsv:1:22: `1,000` is not a price in whole yen above 0"),
        "{said}"
    );
}

/// `given.station_prices`: the scenario's own table prices the run's judging, and
/// `claim check --run` reads it back from the report; a row against a public price is refused
/// at its place in the scenario before anything runs.
#[test]
fn a_scenario_s_own_prices_are_the_run_s_and_claim_check_reads_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let source =
        std::fs::read_to_string(repo().join("scenarios/terminal-visiting-nursing-claim-file.yaml"))
            .unwrap();
    let with_rows = |rows: &str| {
        let name = "terminal-visiting-nursing-claim-file.yaml";
        let folder = dir.path().join(format!("s{}", rows.len()));
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join(name);
        let text = source.replacen(
            "\ngiven:\n",
            &format!("\ngiven:\n  station_prices:\n{rows}"),
            1,
        );
        std::fs::write(&path, text).unwrap();
        path
    };
    let row = "    - {code: \"550003270\", from: 2026-06-01, yen: 100}\n";
    let scenario = with_rows(row);
    let reports = dir.path().join("run");
    let out = mynakit()
        .args(["run", "--report-dir"])
        .arg(&reports)
        .arg(&scenario)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let linkage = dir.path().join("RECEIPTH-linkage.UKE");
    let more = "KA,20261101,1,550003270,,100,\n";
    std::fs::write(&linkage, station_claim_with("00", "19850412", 5700, more)).unwrap();
    let checked = claim_check_with_run(&linkage, &reports);
    let said = text(&checked);
    assert_eq!(checked.status.code(), Some(0), "{said}");
    assert!(
        said.contains(
            "priced by the vendor's table terminal-visiting-nursing-claim-file.yaml, not by a \
             public source: 550003270 (line 29)"
        ),
        "{said}"
    );
    // 120 yen against the scenario's 100: FAILED, naming the scenario's row.
    std::fs::write(
        &linkage,
        station_claim_with("00", "19850412", 5720, "KA,20261101,1,550003270,,120,\n"),
    )
    .unwrap();
    let checked = claim_check_with_run(&linkage, &reports);
    let said = text(&checked);
    assert_eq!(checked.status.code(), Some(1), "{said}");
    assert!(
        said.contains("terminal-visiting-nursing-claim-file.yaml line 29, from 2026-06-01"),
        "{said}"
    );

    // A row that changes a public price: the scenario does not load.
    let against = with_rows(&format!(
        "{row}    - {{code: \"510000110\", from: 2024-06-01, yen: 5600}}\n"
    ));
    let out = mynakit()
        .args(["run", "--report-dir"])
        .arg(dir.path().join("refused"))
        .arg(&against)
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains(":30:") && said.contains("given.station_prices[1].yen"),
        "{said}"
    );
    assert!(
        said.contains("priced at 5550 yen by a public source"),
        "{said}"
    );
}

/// `mynakit claim check FILE --run REPORTS`: the claim judged against a run's answers.
fn claim_check_with_run(file: &std::path::Path, reports: &std::path::Path) -> std::process::Output {
    mynakit()
        .args(["claim", "check"])
        .arg(file)
        .arg("--run")
        .arg(reports)
        .output()
        .unwrap()
}

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

/// `bytes` with the first `from` replaced by `to` (ASCII patterns of the Windows-31J file).
fn replaced(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .unwrap_or_else(|| panic!("{} not in the file", String::from_utf8_lossy(from)));
    [&bytes[..at], to, &bytes[at + from.len()..]].concat()
}

/// One reading of the file (docs/uke.md, "Checking a claim file"): for every file of a corpus
/// of broken claims, the run's verdict (`UKE-file-reads`, as `claim check --run` judges the
/// file in the run's place) and `claim check`'s exit agree: 0 and PASSED, 1 or 2 and FAILED.
#[test]
fn the_run_and_claim_check_agree_on_every_file_of_a_broken_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("run");
    let out = mynakit()
        .args(["run", "--report-dir"])
        .arg(&reports)
        .arg(repo().join("scenarios/terminal-claim-file-dependent.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let good = dependent_claim("01");
    let body = &good[..good.len() - 1];
    let jd_30: Vec<&str> = (1..=31).map(|d| if d == 30 { "1" } else { "" }).collect();
    let jd_31: Vec<&str> = (1..=31).map(|d| if d == 31 { "1" } else { "" }).collect();
    let on_30 = replaced(
        &good,
        b"JD,1,1,",
        format!("JD,1,{}\r\nX", jd_30.join(",")).as_bytes(),
    );
    let cut_jd = |bytes: Vec<u8>| -> Vec<u8> {
        // The JD written above replaces the 1st's: drop the rest of the old line.
        let at = bytes.windows(3).position(|w| w == b"\r\nX").unwrap() + 2;
        let end = at + bytes[at..].windows(2).position(|w| w == b"\r\n").unwrap() + 2;
        [&bytes[..at], &bytes[end..]].concat()
    };
    let on_30 = cut_jd(on_30);
    let on_31 = replaced(
        &on_30,
        jd_30.join(",").as_bytes(),
        jd_31.join(",").as_bytes(),
    );
    // (name, bytes, claim check's exit, what its output names)
    let corpus: Vec<(&str, Vec<u8>, i32, &str)> = vec![
        ("correct", good.clone(), 0, "OK "),
        ("visit on the 30th", on_30, 0, "OK "),
        ("no end mark", body.to_vec(), 2, "without the end mark 0x1A"),
        (
            "bytes after the end mark",
            [&good[..], b"\r\n"].concat(),
            2,
            "after the end mark",
        ),
        (
            "GO 総件数",
            replaced(&good, b"GO,1,", b"GO,2,"),
            1,
            "GO says 2 claim(s)",
        ),
        (
            "GO 総合計点数",
            replaced(&good, b"GO,1,291", b"GO,1,300"),
            1,
            "GO says 300 point(s)",
        ),
        (
            "no payer",
            replaced(&good, b"HO,06139992,1001,2345,1,291\r\n", b""),
            1,
            "neither HO nor KO",
        ),
        (
            "truncated record",
            replaced(&good, b",291,1\r\nGO,1,291,99\r\n\x1a", b",29"),
            2,
            "ends without CR LF",
        ),
        (
            "LF alone",
            replaced(&good, b"291\r\n", b"291\n"),
            2,
            "without CR",
        ),
        (
            "平成60年 birth",
            replaced(&good, b"19870920", b"4600101"),
            2,
            "outside its era",
        ),
        (
            "2月30日 birth",
            replaced(&good, b"19870920", b"19870230"),
            2,
            "field 7 (生年月日) is not a date",
        ),
        (
            "month 13",
            replaced(&good, b"1116,202611", b"1116,202613"),
            2,
            "field 4 (診療年月) is not a date",
        ),
        ("the 31st of November", on_31, 2, "`JD` field 33"),
    ];
    let (mut agree, mut failed_both, mut passed_both) = (0, 0, 0);
    for (name, bytes, exit, named) in &corpus {
        let file = dir.path().join("RECEIPTC.UKE");
        std::fs::write(&file, bytes).unwrap();
        let plain = mynakit()
            .args(["claim", "check"])
            .arg(&file)
            .output()
            .unwrap();
        let said = text(&plain);
        assert_eq!(plain.status.code(), Some(*exit), "{name}: {said}");
        assert!(said.contains(named), "{name}: {said}");
        let judged = claim_check_with_run(&file, &reports);
        let run_said = text(&judged);
        let passed = run_said.contains("PASSED UKE-file-reads");
        let failed = run_said.contains("FAILED UKE-file-reads");
        assert!(passed != failed, "{name}: one verdict: {run_said}");
        assert_eq!(
            passed,
            *exit == 0,
            "{name}: the run and claim check disagree: {run_said}"
        );
        if *exit == 2 {
            assert_eq!(judged.status.code(), Some(2), "{name}: {run_said}");
        }
        agree += 1;
        if passed {
            passed_both += 1;
        } else {
            failed_both += 1;
        }
    }
    assert_eq!(
        (agree, passed_both, failed_both),
        (corpus.len(), 2, corpus.len() - 2)
    );
    println!("{agree} files: {passed_both} pass both, {failed_both} fail both");
}

/// What a docs page says of the UKE example after it: a whole file that reads, one that must
/// fail naming `fails`, or a fragment.
#[derive(Debug)]
enum Example {
    Whole,
    /// A whole file that passes, and passes too against a run of this bundled scenario.
    PassesIn(String),
    Fails(String),
    Fragment,
}

/// Every fenced block of `page` whose first line is a record (`IR,`, `YK,`, `RE,` …), with the
/// `<!-- uke-example: … -->` comment on the line before its fence, if any.
fn uke_examples(page: &str) -> Vec<(usize, Example, Vec<String>)> {
    let lines: Vec<&str> = page.lines().collect();
    let mut found = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        if !lines[at].starts_with("```") {
            at += 1;
            continue;
        }
        let end = (at + 1..lines.len())
            .find(|&i| lines[i].starts_with("```"))
            .unwrap_or(lines.len());
        let body: Vec<String> = lines[at + 1..end].iter().map(|l| l.to_string()).collect();
        let record = body.first().is_some_and(|l| {
            let b = l.as_bytes();
            b.len() > 3 && b[..2].iter().all(u8::is_ascii_uppercase) && b[2] == b','
        });
        if record {
            let marker = at.checked_sub(1).map(|i| lines[i].trim()).unwrap_or("");
            let kind = match marker.strip_prefix("<!-- uke-example: ") {
                Some(rest) if rest.starts_with("fragment") => Example::Fragment,
                Some(rest) if rest.starts_with("passes in ") => Example::PassesIn(
                    rest.trim_start_matches("passes in ")
                        .trim_end_matches("-->")
                        .trim()
                        .to_owned(),
                ),
                Some(rest) => {
                    let quoted = rest
                        .strip_prefix("fails \"")
                        .and_then(|r| r.split_once("\" -->"));
                    Example::Fails(quoted.expect("fails \"…\" -->").0.to_owned())
                }
                None => Example::Whole,
            };
            found.push((at + 1, kind, body));
        }
        at = end + 1;
    }
    found
}

/// Docs that hold: every UKE example in docs/ is read by `claim check` (Windows-31J, CR LF, the
/// end mark, as the page says they are written): a whole file passes, one marked to fail fails
/// with the error it names, and only a block that is no whole file may be marked a fragment.
#[test]
fn every_uke_example_in_the_docs_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let (mut whole, mut failing, mut fragments) = (0, 0, 0);
    let mut pages: Vec<_> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    pages.sort();
    for page in pages {
        let text_of = std::fs::read_to_string(&page).unwrap();
        for (line, kind, body) in uke_examples(&text_of) {
            let place = format!("{}:{line}", page.display());
            let header = ["IR,", "YK,", "HM,"].iter().any(|h| body[0].starts_with(h));
            if let Example::Fragment = kind {
                assert!(!header, "{place}: a whole file marked a fragment");
                fragments += 1;
                continue;
            }
            assert!(header, "{place}: not a whole file: mark it a fragment");
            let mut bytes = Vec::new();
            for record in &body {
                let (encoded, _, bad) = encoding_rs::SHIFT_JIS.encode(record);
                assert!(!bad, "{place}: not Windows-31J");
                bytes.extend_from_slice(&encoded);
                bytes.extend_from_slice(b"\r\n");
            }
            bytes.push(0x1a);
            let file = dir.path().join("RECEIPTC.UKE");
            std::fs::write(&file, &bytes).unwrap();
            let out = mynakit()
                .args(["claim", "check"])
                .arg(&file)
                .output()
                .unwrap();
            let said = text(&out);
            match kind {
                Example::Whole => {
                    assert_eq!(out.status.code(), Some(0), "{place}: {said}");
                    whole += 1;
                }
                Example::PassesIn(scenario) => {
                    assert_eq!(out.status.code(), Some(0), "{place}: {said}");
                    let reports = dir.path().join(&scenario);
                    let ran = mynakit()
                        .args(["run", "--report-dir"])
                        .arg(&reports)
                        .arg(repo().join(format!("scenarios/{scenario}.yaml")))
                        .output()
                        .unwrap();
                    assert_eq!(ran.status.code(), Some(0), "{place}: {}", text(&ran));
                    let judged = claim_check_with_run(&file, &reports);
                    let said = text(&judged);
                    assert_eq!(
                        judged.status.code(),
                        Some(0),
                        "{place} in {scenario}: {said}"
                    );
                    assert!(!said.contains("FAILED"), "{place} in {scenario}: {said}");
                    whole += 1;
                }
                Example::Fails(named) => {
                    assert_ne!(out.status.code(), Some(0), "{place}: {said}");
                    assert!(
                        said.contains(&named),
                        "{place}: does not name {named}: {said}"
                    );
                    failing += 1;
                }
                Example::Fragment => unreachable!(),
            }
        }
    }
    // docs/uke.md: the 医科 and 調剤 claims, the JD of the 31st of November, a month's fragment.
    assert!(
        whole >= 2 && failing >= 1 && fragments >= 1,
        "{whole} {failing} {fragments}"
    );
}
