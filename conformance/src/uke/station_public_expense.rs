//! `UKE-station-public-expense`: a 訪問看護ステーション's claim file (RECEIPTH.UKE) claims each
//! 医療扶助 user with the KO of the 公費負担者番号 and 受給者番号 the month's 居宅同意取得型
//! confirmation of that user gave (`docs/uke.md`, "The station's claim in a run").
//!
//! The station's confirmations are the units of its consent import (`OQSmuhvq02`), found and
//! matched to their claims as `UKE-station-insurer` does ([`super::station_insurer::judge_user_days`]:
//! each day a claim marks by the user's import in force on it, so a 医療扶助 that ends within the
//! month is judged on the days before its end); each 医療扶助 unit is judged as `UKE-public-expense` judges a visit's answer
//! ([`super::public_expense::judge_visit`]).

use super::station_insurer::{judge_user_days, verdict, Said};
use super::words::station_public_expense as words;
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `UKE-station-public-expense`: a 医療扶助 user's KO is the confirmation's 公費.
    StationPublicExpense {
        id: "UKE-station-public-expense",
        severity: Failed,
        rule: "A 訪問看護ステーション's レセコン that writes the claim file (claim-file, \
               RECEIPTH.UKE) claims each 医療扶助 user of its 居宅同意取得型 confirmations (a unit \
               of its consent import OQSmuhvq02 with InsuredCardClassification A1) as \
               UKE-public-expense holds a 医科 claim to the visit's answer: with a KO record whose \
               負担者番号 is the unit's InsurerNumber (the 公費負担者番号, 法別 12) and whose \
               受給者番号 is the unit's InsuredIdentificationNumber; never a KO without the \
               受給者番号. The user's claim is found as UKE-station-insurer finds it, and each \
               day it marks is judged by the user's import in force on that day, as \
               UKE-station-insurer judges it (since 2026-11-29: a 医療扶助 that ends within the \
               month is held on the days before its end). A user the file does not claim, and a \
               user of 医療保険, are not judged.",
        rationale: "The 福祉事務所 pays a station's 医療扶助 claim by the 公費負担者番号 and \
                    受給者番号 of the 訪問看護 it authorised, as it pays a 医科 one: a claim \
                    without them, or with another 公費, comes back (返戻: 公費受給者番号の記載漏れ, \
                    公費の記載誤り). The 居宅 confirmation gives both numbers so that the station \
                    need not key them in from the paper 医療券等.",
        reference: "厚生労働省「オンラインによる請求に係る記録条件仕様（訪問看護用）」令和6年6月版 \
                     (公費レコード KO: 負担者番号8桁・受給者番号7桁; 別表4 レセプト種別 6212 公費単独; \
                     bscode-watanabejun/nasreco-visiting-nursing \
                     docs/recept/medical-insurance/R06bt1_5_kiroku_nursing.pdf に収録); 厚生労働省 \
                     事務連絡 2025-04-15 (医療扶助のオンライン資格確認); \
                     docs/uke.md#the-stations-claim-in-a-run",
        roles: [ReceiptComputer],
        evaluate: station_public_expense,
    }
}

fn station_public_expense(_: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    verdict(
        judge_user_days(run, super::public_expense::judge_visit),
        Said {
            no_user: words::no_user,
            agree: words::agree,
            disagree: words::disagree,
        },
    )
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    /// A 生活保護 recipient (公費負担者番号 12019998, 受給者番号 1234566) as the import's unit
    /// names her, and a user of a 健保組合.
    const SABURO: &[(&str, &str)] = &[
        ("InsuredCardClassification", "A1"),
        ("InsurerNumber", "12019998"),
        ("InsuredIdentificationNumber", "1234566"),
        ("Birthdate", "19651130"),
    ];
    const TARO: &[(&str, &str)] = &[
        ("InsurerNumber", "06139992"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredBranchNumber", "00"),
        ("Birthdate", "19850412"),
    ];

    /// Her claim of 2026-11, 公費単独 (6212), with `ko` as its KO record.
    fn assistance(n: u32, ko: &str) -> Vec<String> {
        vec![
            format!("RE,{n},6212,202611,,,1,19651130"),
            ko.to_owned(),
            "SN,2,01,,,,,,".to_owned(),
            "KA,20261101,5,510000110,,5550,01".to_owned(),
        ]
    }

    fn insured(n: u32) -> Vec<String> {
        vec![
            format!("RE,{n},6112,202611,,,1,19850412"),
            "HO,06139992,,2345,1,5550".to_owned(),
            "SN,1,01,,,,00".to_owned(),
            "KA,20261101,1,510000110,,5550,01".to_owned(),
        ]
    }

    fn verdict(units: &[&[(&str, &str)]], claims: &[Vec<String>]) -> Verdict {
        let tl = station_import_and_claim("20261101", units, claims);
        let r = result(Outcome::Eligible, &[]);
        judge(&StationPublicExpense, &evidence(&tl.events, &r))
    }

    #[test]
    fn a_medical_assistance_user_claimed_with_the_confirmation_s_ko_passes() {
        let judged = verdict(
            &[TARO, SABURO],
            &[insured(1), assistance(2, "KO,12019998,1234566,,1,5550")],
        );
        let Verdict::Pass(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(
            reason.en().contains("1 医療扶助 user(s)"),
            "{}",
            reason.en()
        );
    }

    /// No 受給者番号, another one, no KO at all: each FAILS naming the record and line, never
    /// the numbers themselves.
    #[test]
    fn a_claim_that_drops_the_recipient_or_the_ko_fails() {
        for (ko, finding) in [
            ("KO,12019998,,,1,5550", "has no 受給者番号"),
            (
                "KO,12019998,7654321,,1,5550",
                "受給者番号 is not the answer's",
            ),
            (
                "KO,12139998,1234566,,1,5550",
                "has no KO record of the answer's",
            ),
        ] {
            let judged = verdict(&[TARO, SABURO], &[insured(1), assistance(2, ko)]);
            let Verdict::Fail(reason) = judged else {
                panic!("{ko}: {judged:?}")
            };
            let en = reason.en();
            assert!(en.contains(finding) && en.contains(".UKE line"), "{en}");
            assert!(!en.contains("1234566") && !en.contains("19651130"), "{en}");
            assert!(reason.ja().unwrap().contains("利用者"), "{reason:?}");
        }
    }

    /// Only 医療扶助 users are judged: a run of insured users alone, or a 医療扶助 user the file
    /// does not claim, is NOT-APPLICABLE.
    #[test]
    fn not_applicable_without_a_claimed_medical_assistance_user() {
        let judged = verdict(&[TARO], &[insured(1)]);
        assert!(matches!(judged, Verdict::NotApplicable(_)), "{judged:?}");
        let judged = verdict(&[TARO, SABURO], &[insured(1)]);
        assert!(matches!(judged, Verdict::NotApplicable(_)), "{judged:?}");
    }

    /// SABURO's claim of 2026-11 whose JD marks `days`, with `ko`.
    fn assistance_days(ko: &str, days: &[u8]) -> Vec<String> {
        let jd: Vec<&str> = (1..=31u8)
            .map(|d| if days.contains(&d) { "1" } else { "" })
            .collect();
        let mut lines = vec![
            "RE,1,6212,202611,,,1,19651130".to_owned(),
            ko.to_owned(),
            "SN,2,01,,,,,,".to_owned(),
            format!("JD,2,{}", jd.join(",")),
        ];
        lines.extend(
            days.iter()
                .map(|d| format!("KA,202611{d:02},1,510000110,,5550,05")),
        );
        lines
    }

    /// SABURO imported on the 2nd with his 医療扶助 and on the 16th after it ended (生活保護
    /// 廃止 on the 12th: the unit without a qualification): the claim of the 2nd is judged by
    /// the 2nd's unit (the latest import alone judged nothing), its KO held to that unit.
    #[test]
    fn a_medical_assistance_that_ends_mid_month_is_judged_on_the_days_before() {
        let covered: Vec<(&str, &str)> = [("QualificationValidity", "1")]
            .into_iter()
            .chain(SABURO.iter().copied())
            .collect();
        let ended: Vec<(&str, &str)> = [("QualificationValidity", "3")]
            .into_iter()
            .chain(SABURO.iter().copied())
            .collect();
        let judge_days = |ko: &str| {
            let imports: [(&str, &[Unit<'_>]); 2] =
                [("20261102", &[&covered]), ("20261116", &[&ended])];
            let tl = station_imports_and_claim(&imports, &[assistance_days(ko, &[2, 9])]);
            let r = result(Outcome::Eligible, &[]);
            judge(&StationPublicExpense, &evidence(&tl.events, &r))
        };
        let judged = judge_days("KO,12019998,1234566,,2,5550");
        let Verdict::Pass(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(
            reason.en().contains("1 医療扶助 user(s)"),
            "{}",
            reason.en()
        );
        let judged = judge_days("KO,12019998,,,2,5550");
        assert!(matches!(judged, Verdict::Fail(_)), "{judged:?}");
    }
}
