//! Realistic months of claims (docs/uke.md, "One patient" and "Every claim judged"): a
//! generator writes months of several patients' visits as scenarios (a household sharing
//! 記号・番号, a change of insurer mid-month, a 75th birthday, a loss mid-month, 医療扶助 alone,
//! a 薬局's 調剤 file), with each patient's visit in turn the one judged. The reference レセコン
//! claims every month with 0 FAILED; a defect in one patient's claim FAILS the check that owns
//! it whichever other patient's visit the scenario judges. In-process, no daemon.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::fmt::Write as _;
use std::path::Path;

use mynakit_conformance::Level;
use mynakit_fixtures::Fixtures;
use mynakit_harness::report::RunReport;
use mynakit_harness::run::{self, ClientSpec, RunConfig, Transport};

use common::explain;

/// One visit's patient: the insurance card the staff key in (insurer, 記号, 番号, 枝番,
/// 生年月日) and what kind of patient it is, for the defects that touch one kind only.
#[derive(Clone, Copy)]
struct Patient {
    card: [&'static str; 5],
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Adult,
    Preschool,
    Elderly,
    LateElderly,
    Assistance,
    /// A visit its answer does not cover (the qualification lost before its day).
    Uncovered,
}

/// The household of the personas `employee`, `dependent` and `preschool` (健保組合 06139992,
/// 記号・番号 1001-2345).
const EMPLOYEE: Patient = Patient {
    card: ["06139992", "1001", "2345", "00", "19850412"],
    kind: Kind::Adult,
};
const DEPENDENT: Patient = Patient {
    card: ["06139992", "1001", "2345", "01", "19870920"],
    kind: Kind::Adult,
};
const PRESCHOOL: Patient = Patient {
    card: ["06139992", "1001", "2345", "03", "20220510"],
    kind: Kind::Preschool,
};
/// The persona `elderly-70`: 国保 高齢受給者 2割.
const ELDERLY: Patient = Patient {
    card: ["089995", "試験０８", "123456", "00", "19540315"],
    kind: Kind::Elderly,
};
/// The persona `late-elderly`: 後期高齢者 1割, no 記号 or 枝番.
const LATE: Patient = Patient {
    card: ["39479993", "", "00012345", "", "19460505"],
    kind: Kind::LateElderly,
};
/// The persona `medical-assistance`: 医療扶助 alone (公費負担者番号, 受給者番号).
const ASSISTANCE: Patient = Patient {
    card: ["12019998", "", "1234566", "", "19651130"],
    kind: Kind::Assistance,
};
/// The data person `changer`: 協会けんぽ until the 15th, a 健保組合 from it.
const CHANGER_OLD: Patient = Patient {
    card: ["01139994", "5005", "4242", "00", "19920707"],
    kind: Kind::Adult,
};
const CHANGER_NEW: Patient = Patient {
    card: ["06139992", "3003", "4343", "00", "19920707"],
    kind: Kind::Adult,
};
/// The data person `leaver`: the 健保組合 06139992 until the 15th, nothing after it.
const LEAVER: Patient = Patient {
    card: ["06139992", "4004", "5151", "00", "19800808"],
    kind: Kind::Adult,
};
const LEAVER_LOST: Patient = Patient {
    kind: Kind::Uncovered,
    ..LEAVER
};
/// The data person `seventy-five`: 国保 高齢受給者 2割 until the day before their 75th
/// birthday (2026-11-12), 後期高齢者 1割 from it.
const SEVENTY_FIVE_OLD: Patient = Patient {
    card: ["139998", "試験市", "654321", "00", "19511112"],
    kind: Kind::Elderly,
};
const SEVENTY_FIVE_NEW: Patient = Patient {
    card: ["39479993", "", "00054321", "", "19511112"],
    kind: Kind::LateElderly,
};

/// The data person `kokuho`: 試験市's 国保, under 70, 3割 (a claim to the 国保連, IR 2).
const KOKUHO: Patient = Patient {
    card: ["139998", "試験市", "777001", "00", "19780303"],
    kind: Kind::Adult,
};

/// The data persons the months use, as `given.terminal.persons`.
const PERSONS: &str = r#"
    persons:
      - id: changer
        name: 試験　替子
        name_kana: シケン　カエコ
        birth_date: 1992-07-07
        sex: female
        address: 東京都千代田区試験町５丁目５番５号
        insurance:
          InsuredCardClassification: "01"
          InsurerNumber: "06139992"
          InsurerName: 試験健康保険組合
          InsuredCardSymbol: "3003"
          InsuredIdentificationNumber: "4343"
          InsuredBranchNumber: "00"
          QualificationDate: 2026-11-15
          InsuredPartialContributionRatio: "030"
        former_insurance:
          - InsuredCardClassification: "01"
            InsurerNumber: "01139994"
            InsurerName: 試験協会けんぽ支部
            InsuredCardSymbol: "5005"
            InsuredIdentificationNumber: "4242"
            InsuredBranchNumber: "00"
            QualificationDate: 2015-04-01
            DisqualificationDate: 2026-11-15
            ReasonOfLoss: "03"
            InsuredPartialContributionRatio: "030"
      - id: leaver
        name: 試験　去男
        name_kana: シケン　サルオ
        birth_date: 1980-08-08
        sex: male
        address: 東京都千代田区試験町６丁目６番６号
        insurance:
          InsuredCardClassification: "01"
          InsurerNumber: "06139992"
          InsurerName: 試験健康保険組合
          InsuredCardSymbol: "4004"
          InsuredIdentificationNumber: "5151"
          InsuredBranchNumber: "00"
          QualificationDate: 2010-04-01
          DisqualificationDate: 2026-11-15
          ReasonOfLoss: "03"
          InsuredPartialContributionRatio: "030"
      - id: kokuho
        name: 試験　国男
        name_kana: シケン　クニオ
        birth_date: 1978-03-03
        sex: male
        address: 東京都清瀬市試験町８丁目８番８号
        insurance:
          InsuredCardClassification: "01"
          InsurerNumber: "139998"
          InsurerName: 試験市国民健康保険
          InsuredCardSymbol: "試験市"
          InsuredIdentificationNumber: "777001"
          InsuredBranchNumber: "00"
          QualificationDate: 2005-04-01
          InsuredPartialContributionRatio: "030"
      - id: seventy-five
        name: 試験　七五郎
        name_kana: シケン　シチゴロウ
        birth_date: 1951-11-12
        sex: male
        address: 東京都清瀬市試験町７丁目７番７号
        insurance:
          InsuredCardClassification: "01"
          InsurerNumber: "39479993"
          InsurerName: 試験後期高齢者医療広域連合
          InsuredIdentificationNumber: "00054321"
          QualificationDate: 2026-11-12
          InsuredPartialContributionRatio: "010"
        former_insurance:
          - InsuredCardClassification: "01"
            InsurerNumber: "139998"
            InsurerName: 試験市国民健康保険
            InsuredCardSymbol: "試験市"
            InsuredIdentificationNumber: "654321"
            InsuredBranchNumber: "00"
            QualificationDate: 2000-04-01
            DisqualificationDate: 2026-11-12
            ReasonOfLoss: "09"
            InsuredPartialContributionRatio: "020"
            ElderlyRecipient:
              CertificateDate: 2021-11-01
              ValidStartDate: 2021-12-01
              ValidEndDate: 2026-11-30
              ContributionRatio: "020"
"#;

/// A month: its facility (医療機関 or 薬局) and its visits, each a day of November 2026 and
/// its patient, in order; the last is the visit judged.
struct Month {
    id: String,
    facility: &'static str,
    visits: Vec<(u8, Patient)>,
}

/// A 医科 clinic of 東京 and a 薬局.
const CLINIC: &str = "1319999999";
const PHARMACY: &str = "1349999999";

/// The months: each template's visits, with each of its patients' visits in turn the one
/// judged where the days allow it (a visit after a loss or change stays on its side of it).
fn months() -> Vec<Month> {
    let mut months = Vec::new();
    // Patients whose visits may fall on any day, rotated so each is judged once.
    let rotated = |name: &str, facility, patients: &[Patient], months: &mut Vec<Month>| {
        let days = [4u8, 9, 13, 18, 24];
        for r in 0..patients.len() {
            let visits = (0..patients.len())
                .map(|i| (days[i], patients[(i + r + 1) % patients.len()]))
                .collect();
            months.push(Month {
                id: format!("{name}-{r}"),
                facility,
                visits,
            });
        }
    };
    rotated(
        "household",
        CLINIC,
        &[DEPENDENT, PRESCHOOL, EMPLOYEE],
        &mut months,
    );
    rotated(
        "elderly",
        CLINIC,
        &[ELDERLY, LATE, ASSISTANCE, EMPLOYEE],
        &mut months,
    );
    // A month of the 国保連 alone: 国保 under 70 and 高齢受給者, and 後期.
    rotated("kokuho", CLINIC, &[KOKUHO, ELDERLY, LATE], &mut months);
    rotated(
        "pharmacy",
        PHARMACY,
        &[EMPLOYEE, PRESCHOOL, ELDERLY],
        &mut months,
    );
    // Return visits: the same patients again later in the month, their 再診 on one claim each.
    months.push(Month {
        id: "return-visits".to_owned(),
        facility: CLINIC,
        visits: vec![
            (4, EMPLOYEE),
            (9, DEPENDENT),
            (13, EMPLOYEE),
            (18, DEPENDENT),
            (24, EMPLOYEE),
        ],
    });
    // A change of insurer, a loss and a 75th birthday, each on its side of the 12th or 15th.
    for (name, visits) in [
        (
            "changes-lost",
            vec![
                (3, CHANGER_OLD),
                (5, LEAVER),
                (10, EMPLOYEE),
                (17, CHANGER_NEW),
                (19, LEAVER_LOST),
            ],
        ),
        (
            "changes-new",
            vec![
                (3, CHANGER_OLD),
                (5, LEAVER),
                (10, DEPENDENT),
                (16, LEAVER_LOST),
                (19, CHANGER_NEW),
            ],
        ),
        (
            "seventy-five-new",
            vec![
                (4, SEVENTY_FIVE_OLD),
                (6, PRESCHOOL),
                (16, ELDERLY),
                (19, SEVENTY_FIVE_NEW),
            ],
        ),
        (
            "seventy-five-other",
            vec![
                (4, SEVENTY_FIVE_OLD),
                (16, SEVENTY_FIVE_NEW),
                (19, DEPENDENT),
            ],
        ),
    ] {
        months.push(Month {
            id: name.to_owned(),
            facility: CLINIC,
            visits,
        });
    }
    months
}

/// The checks every month requires; the others (`UKE-share`, `UKE-income-class`,
/// `UKE-public-expense`, `UKE-addition`) judge it too, where the judged visit or an earlier one
/// gives them a claim, and must not FAIL.
const CHECKS: &str = "[UKE-file-reads, UKE-visits, UKE-insurer]";

/// The insurance card of `p` as a scenario's `insurance_card`, indented by `pad`.
fn card(p: &Patient, pad: &str) -> String {
    let names = [
        "InsurerNumber",
        "InsuredCardSymbol",
        "InsuredIdentificationNumber",
        "InsuredBranchNumber",
        "Birthdate",
    ];
    let mut out = format!("{pad}mode: insurance-card\n{pad}insurance_card:\n");
    for (name, value) in names.iter().zip(p.card) {
        if !value.is_empty() {
            writeln!(out, "{pad}  {name}: \"{value}\"").unwrap();
        }
    }
    out
}

/// The scenario of `month`.
fn scenario(month: &Month) -> String {
    let (judged_day, judged) = *month.visits.last().unwrap();
    let mut yaml = format!(
        "id: claim-month-{id}\ntitle: a generated month of claims ({id})\n\
         tags: [terminal, recon, claim, claim-file]\nflows: [claim-file]\ngiven:\n  \
         facility:\n    medical_institution_code: \"{facility}\"\n  cards:\n    \
         - persona: employee\n  clock:\n    now: 2026-11-{judged_day:02}T09:00:00+09:00\n  \
         earlier_visits:\n",
        id = month.id,
        facility = month.facility,
    );
    for (day, patient) in &month.visits[..month.visits.len() - 1] {
        write!(
            yaml,
            "    - days_before: {}\n      operator:\n{}",
            judged_day - day,
            card(patient, "        ")
        )
        .unwrap();
    }
    write!(
        yaml,
        "  terminal:\n    pickup_delay_ms: 0\n    poll_interval_ms: 20\n    settle_ms: 0\n{PERSONS}\
         operator:\n{}expect:\n  outcome: {}\n  checks: {CHECKS}\n",
        card(&judged, "  "),
        match judged.kind {
            Kind::Uncovered => "ineligible",
            Kind::Assistance => "medical-assistance",
            _ => "eligible",
        },
    )
    .unwrap();
    yaml
}

/// Writes `months` as scenarios into `dir` and runs them with `client`.
fn run_months(dir: &Path, months: &[&Month], client: ClientSpec) -> RunReport {
    let paths: Vec<_> = months
        .iter()
        .map(|m| {
            let path = dir.join(format!("claim-month-{}.yaml", m.id));
            std::fs::write(&path, scenario(m)).unwrap();
            path
        })
        .collect();
    let loaded = run::load(&paths, &Fixtures::bundled()).unwrap();
    let mut config = RunConfig::new(client, Transport::InProcess, Fixtures::bundled());
    config.jobs = 4;
    run::run(&loaded, &config, &|_| {}).unwrap()
}

/// The reference レセコン's correct claim styles (docs/reference-client.md, "Variants"): its
/// default (claims in the order of first visits, each visit's lines after the claim's own), the
/// claims in their patients' order, and a code billed once per claim with its 算定日 marked.
const STYLES: [&str; 3] = ["", "claims-in-patient-order", "one-line-per-code"];

/// Each generated month as `mynakit run` judged it with the reference client playing `style`
/// (`MYNAKIT_VARIANTS`): its scenario id, its checks, and its claim file as report.json
/// summarises it.
fn run_in_style(dir: &Path, months: &[Month], style: &str) -> Vec<Judged> {
    let folder = dir.join(if style.is_empty() { "default" } else { style });
    let reports = folder.join("report");
    std::fs::create_dir_all(&folder).unwrap();
    for m in months {
        std::fs::write(
            folder.join(format!("claim-month-{}.yaml", m.id)),
            scenario(m),
        )
        .unwrap();
    }
    let out = common::mynakit()
        .arg("run")
        .arg(&folder)
        .args([
            "--transport",
            "in-process",
            "--jobs",
            "4",
            "--color",
            "never",
        ])
        .arg("--report-dir")
        .arg(&reports)
        .env(mynakit_reference_client::VARIANTS, style)
        .output()
        .unwrap();
    let report = std::fs::read_to_string(reports.join("report.json"))
        .unwrap_or_else(|e| panic!("{e}: {}", common::text(&out)));
    let report: serde_json::Value = common::report_json_text(&report);
    report["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let checks = s["checks"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| Finding {
                    check: f["check"].as_str().unwrap_or_default().to_owned(),
                    level: f["level"].as_str().unwrap_or_default().to_owned(),
                    reason: f["reason"].as_str().unwrap_or_default().to_owned(),
                })
                .collect();
            Judged {
                id: s["id"].as_str().unwrap().to_owned(),
                checks,
                claims: last_claims(s),
            }
        })
        .collect()
}

/// One month's run.
struct Judged {
    id: String,
    checks: Vec<Finding>,
    /// The claims of the claim file the run read last: each one's insurer, and the most days
    /// one of its billed lines marks.
    claims: Vec<(String, usize)>,
}

/// The last claim-file summary (`claims`, each with its `insurer` and `procedures`) in a
/// scenario of report.json.
fn last_claims(scenario: &serde_json::Value) -> Vec<(String, usize)> {
    fn walk<'a>(v: &'a serde_json::Value, found: &mut Option<&'a Vec<serde_json::Value>>) {
        match v {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match value.as_array() {
                        Some(list)
                            if key == "claims"
                                && list.iter().all(|c| c["procedures"].is_array()) =>
                        {
                            *found = Some(list);
                        }
                        _ => walk(value, found),
                    }
                }
            }
            serde_json::Value::Array(list) => list.iter().for_each(|x| walk(x, found)),
            _ => {}
        }
    }
    let mut found = None;
    walk(scenario, &mut found);
    found
        .into_iter()
        .flatten()
        .map(|c| {
            let insurer = c["insurer"]["insurer"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let days = c["procedures"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| p["days"].as_array().map_or(0, Vec::len))
                .max()
                .unwrap_or(0);
            (insurer, days)
        })
        .collect()
}

/// One check's finding, as report.json gives it.
struct Finding {
    check: String,
    level: String,
    reason: String,
}

#[test]
fn the_reference_claims_every_generated_month_in_every_style_with_no_failure() {
    let dir = tempfile::tempdir().unwrap();
    let months = months();
    // The styles side by side: each run is mostly its months' clocks.
    let runs: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = STYLES
            .iter()
            .map(|style| {
                let (dir, months) = (dir.path(), &months);
                (
                    *style,
                    scope.spawn(move || run_in_style(dir, months, style)),
                )
            })
            .collect();
        handles
            .into_iter()
            .map(|(style, h)| (style, h.join().unwrap()))
            .collect()
    });
    let default = &runs[0].1;
    for (style, scenarios) in &runs {
        let style = if style.is_empty() { "default" } else { style };
        assert_eq!(scenarios.len(), months.len(), "{style}");
        // Not vacuous: each style writes its months another way than the default.
        let lines_joined = scenarios.iter().any(|j| j.claims.iter().any(|c| c.1 > 1));
        let reordered = scenarios.iter().zip(default).any(|(j, d)| {
            let insurers =
                |c: &[(String, usize)]| c.iter().map(|c| c.0.clone()).collect::<Vec<_>>();
            insurers(&j.claims) != insurers(&d.claims)
        });
        match style {
            "one-line-per-code" => assert!(lines_joined && !reordered, "{style}"),
            "claims-in-patient-order" => assert!(reordered && !lines_joined, "{style}"),
            _ => assert!(!lines_joined, "{style}"),
        }
        for Judged { id, checks, claims } in scenarios {
            assert!(!claims.is_empty(), "{style}: {id}: no claim file read");
            let failed: Vec<String> = checks
                .iter()
                .filter(|f| f.level == "FAILED" || f.level == "ERROR")
                .map(|f| format!("{} {}", f.check, f.reason))
                .collect();
            assert!(failed.is_empty(), "{style}: {id}: {failed:?}");
            // Not vacuous: every month's visits are judged by UKE-visits and UKE-insurer.
            for check in ["UKE-visits", "UKE-insurer"] {
                let level = checks.iter().find(|f| f.check == check).map(|f| &f.level);
                assert_eq!(
                    level.map(String::as_str),
                    Some("PASSED"),
                    "{style}: {id}: {check}"
                );
            }
        }
    }
}

/// A defect that touches one kind of patient's claim, caught by the check that owns it in
/// every month where that patient's visit is an earlier one (the judged visit's claim right).
#[test]
fn a_defect_in_another_patient_s_claim_fails_the_check_that_owns_it() {
    let dir = tempfile::tempdir().unwrap();
    let months = months();
    for (defect, check, kind) in [
        (
            "claim-file-preschool-as-family",
            "UKE-share",
            Kind::Preschool,
        ),
        (
            "claim-file-elderly-share-ignored",
            "UKE-share",
            Kind::Elderly,
        ),
        (
            "claim-file-no-income-class",
            "UKE-income-class",
            Kind::Elderly,
        ),
        (
            "claim-file-no-recipient",
            "UKE-public-expense",
            Kind::Assistance,
        ),
        ("claim-file-after-loss", "UKE-insurer", Kind::Uncovered),
    ] {
        let earlier_only: Vec<&Month> = months
            .iter()
            .filter(|m| {
                let (last, earlier) = m.visits.split_last().unwrap();
                last.1.kind != kind && earlier.iter().any(|(_, p)| p.kind == kind)
            })
            .collect();
        assert!(!earlier_only.is_empty(), "no month for {defect}");
        let report = run_months(
            dir.path(),
            &earlier_only,
            ClientSpec::Reference {
                defects: vec![defect.to_owned()],
            },
        );
        for s in &report.scenarios {
            let finding = s.checks.iter().find(|f| f.check == check);
            assert_eq!(
                finding.map(|f| f.level),
                Some(Level::Failed),
                "{}: --defect {defect} must fail {check}: {}",
                s.id,
                explain(&report)
            );
            // By the check's own judgement of the other patient's claim.
            let reason = &finding.unwrap().reason;
            assert!(
                !reason.starts_with(mynakit_conformance::REQUIRED_NOT_APPLIED)
                    && reason.contains("earlier visit(s) of the month"),
                "{}: --defect {defect}: {check}: {reason}",
                s.id
            );
        }
    }
}
