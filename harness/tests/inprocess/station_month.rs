//! A month of a station's claims as another correct レセコン writes it, judged against a run of
//! `terminal-visiting-nursing-month` by `mynakit claim check RECEIPTH.UKE --run` (docs/uke.md,
//! "The station's claim in a run"; docs/visiting-nursing.md, "A month of imports"). The file
//! is written here from docs/uke.md's layout alone, in shapes the reference レセコン never
//! takes: GO right after HM, the claims in another order, a 公費単独 user first, a user's KA
//! lines newest first, SN without the numbers it may omit, no HJ for some users, IH and JS for
//! others, 30 users the run's imports never saw (the 加算 for some of them, two born on an
//! imported user's day), and one imported user not claimed (a 介護保険 user). Every station
//! check PASSES it; one wrong variant per check FAILS that check. The month is two files, one
//! per 審査支払機関 (the 国保 and 後期 users' claims the 国保連's, the rest the 支払基金's),
//! each checked against the run; the whole month in the 支払基金's file FAILS `UKE-file-reads`.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Output;

use crate::common;

use common::{mynakit, repo, text};

/// One claim's lines; `$D` and `$T` in HO or KO are the days its KA hold and the sum of their
/// 金額, filled in when the file is written.
type Claim = Vec<String>;

/// A JD of 負担者種別 `payer` marking `days`.
fn jd(payer: &str, days: &[u8]) -> String {
    let marks: Vec<&str> = (1..=31u8)
        .map(|d| if days.contains(&d) { "1" } else { "" })
        .collect();
    format!("JD,{payer},{}", marks.join(","))
}

/// A KA of 2026-11-`day`: 負担区分, code, 金額, 職種等.
fn ka(day: u8, burden: &str, code: &str, yen: u64, staff: &str) -> String {
    format!("KA,202611{day:02},{burden},{code},,{yen},{staff}")
}

/// The 生活保護 recipient of the 16th, to the 公費 alone (6212, KO, SN and JD of 第1公費).
fn recipient() -> Claim {
    vec![
        "RE,0,6212,202611,試験　三郎,シケン　サブロウ,1,19651130".to_owned(),
        "KO,12019998,1234566,,$D,$T,".to_owned(),
        "SN,2,01".to_owned(),
        jd("2", &[16]),
        "HJ,01,20261101,20261130".to_owned(),
        ka(16, "5", "510000110", 5550, "01"),
    ]
}

/// The 家族 (枝番 01) of the 2nd and the 16th, who consented to share on the 16th: one claim,
/// its KA newest first, SN without the numbers, IH and JS.
fn family() -> Claim {
    vec![
        "RE,0,6116,202611,試験　花子,シケン　ハナコ,2,19870920,,,70".to_owned(),
        "HO,06139992,1001,2345,$D,$T".to_owned(),
        "SN,1,01,,,,01".to_owned(),
        jd("1", &[2, 16]),
        "IH,13,1,1319999,試験医院,試験　医師,20261020".to_owned(),
        "HJ,01,20261101,20261130".to_owned(),
        "JS,試験用の記載".to_owned(),
        ka(16, "1", "550002270", 50, ""),
        ka(16, "1", "510000110", 5550, "01"),
        ka(2, "1", "510000110", 5550, "01"),
    ]
}

/// The 本人 of the 2nd, who consented to share: no HJ, the claim last in the file.
fn employee(insurer: &str) -> Claim {
    vec![
        "RE,0,6112,202611,試験　太郎,シケン　タロウ,1,19850412,,,70".to_owned(),
        format!("HO,{insurer},1001,2345,$D,$T"),
        format!("SN,1,01,{insurer},1001,2345,00"),
        jd("1", &[2]),
        ka(2, "1", "510000110", 5550, "01"),
        ka(2, "1", "550002270", 50, ""),
    ]
}

/// A user of the month the run's imports never saw (confirmed by the app's 再照会 within an
/// older consent): `n` picks the insurer, the days and whether the 加算 is billed. Users 0 and
/// 1 share the 生年月日 of the 本人 and of the unclaimed user of 70, under other 番号.
fn stranger(n: u8) -> Claim {
    let insurers = ["01130012", "  138057", "39131014", "06139999"];
    let insurer = insurers[usize::from(n) % insurers.len()];
    let birth = match n {
        0 => "19850412".to_owned(),
        1 => "19540315".to_owned(),
        _ => format!("{}{:02}{:02}", 1930 + u16::from(n), n % 12 + 1, n % 27 + 1),
    };
    let first = n % 5 + 1;
    let days = [first, first + 7, first + 14];
    let mut lines = vec![
        format!(
            "RE,0,6112,202611,試験　利用者,シケン　リヨウシャ,{},{birth}",
            n % 2 + 1
        ),
        format!("HO,{insurer},,{},$D,$T", 7000 + u32::from(n)),
        format!("SN,1,01,{},,{},00", insurer.trim(), 7000 + u32::from(n)),
        jd("1", &days),
    ];
    if !n.is_multiple_of(3) {
        lines.push("HJ,01,20261015,20270414".to_owned());
    }
    // 管理療養費: the month's first day, then the later days; 基本療養費 each day.
    lines.push(ka(days[0], "1", "550000410", 7670, ""));
    for day in days {
        lines.push(ka(day, "1", "510000110", 5550, "01"));
    }
    lines.push(ka(days[1], "1", "550000510", 3000, ""));
    lines.push(ka(days[2], "1", "550000510", 3000, ""));
    if n % 4 == 1 {
        lines.push(ka(days[0], "1", "550002270", 50, ""));
    }
    lines
}

/// A user the imports never saw who holds a 受給者証 beside her insurance (特定医療費 of 難病,
/// 法別 54): 医保と公費の併用 (6122), HO then KO; the visits both bear are 負担区分 2, the
/// 管理療養費 this writer leaves to the insurance alone is 1, and KO's 合計金額 is the sum of
/// the items of 2 alone.
fn combined() -> Claim {
    let days = [4, 11, 18];
    let mut lines = vec![
        "RE,0,6122,202611,試験　併用,シケン　ヘイヨウ,2,19480707".to_owned(),
        "HO,06139999,,8100,$D,$T".to_owned(),
        format!("KO,54136015,0000810,,$D,{}", 5550 * days.len()),
        "SN,1,01,06139999,,8100,00".to_owned(),
        "SN,2,01".to_owned(),
        jd("1", &days),
        jd("2", &days),
        "HJ,01,20261101,20261130".to_owned(),
        ka(days[0], "1", "550000410", 7670, ""),
    ];
    lines.extend(days.map(|day| ka(day, "2", "510000110", 5550, "01")));
    lines
}

/// The month's claims in this writer's order.
fn month() -> Vec<Claim> {
    let mut claims = vec![recipient()];
    claims.extend((0..15).map(stranger));
    claims.push(family());
    claims.push(combined());
    claims.extend((15..30).map(stranger));
    claims.push(employee("06139992"));
    claims
}

/// RECEIPTH.UKE of `claims` for the 審査支払機関 `payer` (HM's `1` or `2`): HM, GO (bare, right
/// after HM, as one public writer puts it), each claim numbered in order with its HO/KO days and
/// total, in Windows-31J with CR LF and 0x1A.
fn file(payer: &str, claims: &[Claim]) -> Vec<u8> {
    let mut lines = vec![
        format!("HM,{payer},13,6,9999999,試験訪問看護ステーション,202612,"),
        "GO".to_owned(),
    ];
    for (n, claim) in claims.iter().enumerate() {
        let items = claim.iter().filter(|l| l.starts_with("KA,"));
        let fields = |l: &String| l.split(',').map(str::to_owned).collect::<Vec<_>>();
        let total: u64 = items
            .clone()
            .map(|l| fields(l)[5].parse::<u64>().unwrap())
            .sum();
        let mut days: Vec<String> = items.map(|l| fields(l)[1].clone()).collect();
        days.sort();
        days.dedup();
        for line in claim {
            let line = match line.strip_prefix("RE,0,") {
                Some(rest) => format!("RE,{},{rest}", n + 1),
                None => line
                    .replace("$D", &days.len().to_string())
                    .replace("$T", &total.to_string()),
            };
            lines.push(line);
        }
    }
    let mut bytes = Vec::new();
    for line in lines {
        let (encoded, _, bad) = encoding_rs::SHIFT_JIS.encode(&line);
        assert!(!bad, "{line}");
        bytes.extend_from_slice(&encoded);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.push(0x1a);
    bytes
}

/// Whether `claim` goes to the 国保連: its HO insurer a 6-digit 国保 or a 後期 (法別 39), as
/// docs/uke.md says a station's two files divide its users; a 公費単独 claim goes to the
/// 支払基金.
fn to_kokuho(claim: &Claim) -> bool {
    claim.iter().any(|l| {
        l.strip_prefix("HO,")
            .and_then(|rest| rest.split(',').next())
            .is_some_and(|insurer| insurer.trim().len() == 6 || insurer.starts_with("39"))
    })
}

/// `mynakit claim check` of `claims` against the run in `reports`: the month in two files, one
/// per 審査支払機関 (or, `one_file`, every claim in the 支払基金's), each checked; the worst
/// exit status and both outputs.
fn judge(
    dir: &Path,
    reports: &Path,
    name: &str,
    claims: &[Claim],
    one_file: bool,
) -> (i32, String) {
    let mut status = 0;
    let mut said = String::new();
    for (payer, kokuho) in [("1", false), ("2", true)] {
        let own: Vec<Claim> = claims
            .iter()
            .filter(|c| {
                if one_file {
                    !kokuho
                } else {
                    to_kokuho(c) == kokuho
                }
            })
            .cloned()
            .collect();
        if own.is_empty() {
            continue;
        }
        let path = dir.join(format!("{name}-{payer}.UKE"));
        std::fs::write(&path, file(payer, &own)).unwrap();
        let out: Output = mynakit()
            .args(["claim", "check"])
            .arg(&path)
            .arg("--run")
            .arg(reports)
            .output()
            .unwrap();
        status = status.max(out.status.code().unwrap_or(2));
        said.push_str(&text(&out));
    }
    (status, said)
}

const STATION_CHECKS: [&str; 5] = [
    "UKE-file-reads",
    "UKE-station-dx-addition",
    "UKE-station-insurer",
    "UKE-station-public-expense",
    "UKE-station-amounts",
];

#[test]
fn another_writer_s_month_passes_every_station_check_and_each_wrong_variant_fails_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("run");
    let out = mynakit()
        .args(["run", "--report-dir"])
        .arg(&reports)
        .arg(repo().join("scenarios/terminal-visiting-nursing-month.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let (status, said) = judge(dir.path(), &reports, "right", &month(), false);
    assert_eq!(status, 0, "{said}");
    for check in STATION_CHECKS {
        assert!(said.contains(&format!("PASSED {check}")), "{check}: {said}");
    }
    assert!(!said.contains("FAILED"), "{said}");
    // The strangers' 加算 (users 1, 5, … 29: 8 claims) are named, not judged.
    assert!(
        said.contains("8 claim(s) bill it for a user in no import"),
        "{said}"
    );
    assert!(
        !said.contains("試験　太郎") && !said.contains("1234566"),
        "{said}"
    );

    // One wrong variant per check, each FAILING that check alone.
    let mut variants: Vec<(&str, Vec<Claim>, bool)> = Vec::new();
    // The 加算 for the recipient, whose confirmation carries no consent to share.
    let mut claims = month();
    claims[0].push(ka(16, "5", "550002270", 50, ""));
    variants.push(("UKE-station-dx-addition", claims, false));
    // The 本人 claimed to his former insurer.
    let mut claims = month();
    *claims.last_mut().unwrap() = employee("06139984");
    variants.push(("UKE-station-insurer", claims, false));
    // The recipient's KO without the 受給者番号.
    let mut claims = month();
    claims[0][1] = "KO,12019998,,,$D,$T,".to_owned();
    variants.push(("UKE-station-public-expense", claims, false));
    // A stranger's 加算 a yen too dear (HO still the sum of the KA). The 加算 keeps its public
    // price of 2024-06-01 in November 2026; the 基本療養費's ended with the 令和8年度改定, so
    // no run given no price table judges it then (docs/uke.md, "The station's amounts").
    let mut claims = month();
    let line = claims[2]
        .iter()
        .position(|l| l.contains(",550002270,"))
        .unwrap();
    claims[2][line] = claims[2][line].replace(",50,", ",51,");
    variants.push(("UKE-station-amounts", claims, false));
    // The recipient's visit of 負担区分 2 (医保 and the 第1公費) in a claim without HO: an item
    // billed to an insurance the claim does not name (the KO still its sum).
    let mut claims = month();
    claims[0][5] = ka(16, "2", "510000110", 5550, "01");
    variants.push(("UKE-file-reads", claims, false));
    // The 国保 and 後期 users' claims in the 支払基金's file.
    variants.push(("UKE-file-reads", month(), true));
    for (n, (check, claims, one_file)) in variants.into_iter().enumerate() {
        let (status, said) = judge(
            dir.path(),
            &reports,
            &format!("wrong-{n}"),
            &claims,
            one_file,
        );
        assert_eq!(status, 1, "{check}: {said}");
        for other in STATION_CHECKS {
            assert_eq!(
                said.contains(&format!("FAILED {other}")),
                other == check,
                "{check} / {other}: {said}"
            );
        }
    }
}
