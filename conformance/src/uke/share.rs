//! `UKE-share`: the claim states the patient's share as the answer gives it: a 高齢受給者's or a
//! 後期高齢者's claim is of a 高齢受給者 kind of the right class, a younger patient's is not, and
//! a 国保 claim's 給付割合 is what the insurer pays.

use mynakit_oqs::{elderly_share, insurer_scheme, ElementName, InsurerScheme};
use mynakit_timeline::ClaimSummary;
use mynakit_uke::{benefit_ratio, Insured, Payers, ScoreTable};

use super::station_insurer::{judge_user_days, verdict, Said};
use super::words::share as words;
use super::{against_answer, claim_of, judge_month, Visit};
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::Run;

check! {
    /// `UKE-share`: RE's レセプト種別 and 給付割合 agree with the answer's share.
    Share {
        id: "UKE-share",
        severity: Failed,
        rule: "A レセコン that writes the claim file (claim-file) states a covered 医療保険 \
               visit's share as the answer gives it: when the answer gives a share for a \
               patient of 70 or over (ElderlyRecipientContributionRatio, or a 後期高齢者医療 \
               insurer's InsuredPartialContributionRatio), RE's レセプト種別 is a 高齢受給者 \
               kind, 7割 (現役並み) at 030 and 一般・低所得者 below; when it gives none, RE's \
               kind is not a 高齢受給者 kind. A child before school age (PreschoolClassification \
               1, 2割) is claimed with a 未就学者 kind, and only such a child. RE's 給付割合, where written, is 100 less the \
               answer's share; a 国保 claim (a 6-digit insurer) of a patient whose share the \
               answer gives writes it. A 訪問看護ステーション's RECEIPTH.UKE is judged so for \
               each user of its consent imports (OQSmuhvq02 units) the file claims, each day \
               the claim marks against the user's import in force on it (since 2026-11-29, \
               as UKE-station-insurer), by the \
               訪問看護 別表4, where a 後期高齢者医療 claim is of its own kind (63…: 6318 \
               一般・低所得者, 6310 7割) and only it (since 2026-11-29).",
        rationale: "The share decides what the insurer pays: a claim of a 高齢受給者 as 本人 \
                    (a 3割 claim for a 2割 patient), of a 7割 patient as 一般, or a 国保 \
                    claim with the wrong 給付割合 is returned (返戻) or re-examined (査定) as \
                    a 資格関係の誤り. The 高齢受給者証 and the 後期 share come with the \
                    answer; a レセコン that claims from its own patient master instead \
                    brings the error back.",
        reference: "厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(医科用: RE \
                     レセプト種別, 給付割合; 別表 レセプト種別コード); OQS \
                     ElderlyRecipientContributionRatio, InsuredPartialContributionRatio; \
                     記録条件仕様（訪問看護用）令和6年6月版 別表4; \
                     docs/uke.md#the-claim-file-in-a-run",
        roles: [ReceiptComputer],
        evaluate: share,
    }
}

fn share(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // A station's file (RECEIPTH.UKE): each user of its consent imports, as the 医科 claim of a
    // visit (since 2026-11-29; NOT-APPLICABLE before, as every 医科 check to a station file).
    if let Ok((_, file)) = super::claim_file(run) {
        if file.is_station() {
            // A unit that carries no 負担割合 (one a run recorded before the import's units
            // kept it) says nothing of the share: not judged.
            let judge = |visit: &Visit<'_>| match visit
                .answered(ElementName::InsuredPartialContributionRatio)
            {
                None if !visit.medical_assistance() => {
                    Verdict::NotApplicable(words::station_no_share(visit.answer.path))
                }
                _ => judge_visit(visit),
            };
            return verdict(
                judge_user_days(run, judge),
                Said {
                    no_user: words::station_no_user,
                    agree: words::station_agree,
                    disagree: words::station_disagree,
                },
            );
        }
    }
    judge_month(e, run, judge_visit)
}

/// One visit's claim against its own answer's share (every claim of the month is judged: `judge_month`).
fn judge_visit(visit: &Visit<'_>) -> Verdict {
    if !visit.covered || visit.medical_assistance() {
        return Verdict::NotApplicable(words::no_insurance(visit.answer.path));
    }
    let claim = match claim_of(visit) {
        Ok(claim) => claim,
        Err(verdict) => return verdict,
    };
    let insurer = visit
        .answered(ElementName::InsurerNumber)
        .unwrap_or_default();
    let share = elderly_share(
        insurer,
        visit.answered(ElementName::ElderlyRecipientContributionRatio),
        visit.answered(ElementName::InsuredPartialContributionRatio),
    );
    let mut problems: Vec<Reason> = kind(visit, claim, share).into_iter().collect();
    problems.extend(preschool(visit, claim));
    problems.extend(benefit(visit, claim, insurer, share));
    let said = words::answered(share);
    let states = words::states(&said);
    let context = words::context(&said);
    against_answer(
        visit,
        claim,
        &problems,
        (&states.0, &states.1),
        (&context.0, &context.1),
        words::RETURNED,
    )
}

/// RE's レセプト種別 against the share: a 高齢受給者 kind of the share's class, or none.
fn kind(visit: &Visit<'_>, claim: &ClaimSummary, share: Option<u8>) -> Option<Reason> {
    let at = (visit.at_line(claim.line), visit.at_line_ja(claim.line));
    let at = (at.0.as_str(), at.1.as_str());
    let Some(kind) = claim.kind.known() else {
        return Some(words::unknown_kind(at, claim.kind.as_str()));
    };
    let Payers::Insurance { .. } = kind.payers else {
        return Some(words::public_alone(at, claim.kind.as_str()));
    };
    let late = visit
        .answered(ElementName::InsurerNumber)
        .is_some_and(|insurer| insurer_scheme(insurer) == InsurerScheme::LateElderly);
    if kind.table == ScoreTable::Nursing {
        // 訪問看護's 別表4: a 後期高齢者医療 claim is of its own kinds (63…), and only it.
        if kind.late_elderly != late {
            return Some(words::station_late_kind(
                at,
                claim.kind.as_str(),
                kind.late_elderly,
            ));
        }
    } else if kind.late_elderly && !late {
        // The other lists' 後期 kinds (13…, 33…, 43…) are a 後期高齢者医療 claim's only; a 後期
        // patient's claim under `1` (11…8) is still taken (uke::receipt_kind).
        return Some(words::station_late_kind(at, claim.kind.as_str(), true));
    }
    let claimed = kind.insured?;
    match share {
        Some(percent) if claimed != Insured::elderly(percent) => Some(words::other_class(
            at,
            claim.kind.as_str(),
            claimed,
            percent,
        )),
        None if !claimed.under_70() => Some(words::not_elderly(at, claim.kind.as_str(), claimed)),
        _ => None,
    }
}

/// RE's 未就学者 kind against the answer's PreschoolClassification, for a claim of a patient
/// under 70: a child before school age (`1`) pays 2割, so the claim is of a 未就学者 kind (…4,
/// 入院 …3), not of a 家族 (…6, 3割); and only such a child's claim is.
fn preschool(visit: &Visit<'_>, claim: &ClaimSummary) -> Option<Reason> {
    let claimed = claim.kind.known()?.insured.filter(|i| i.under_70())?;
    let child = visit.answered(ElementName::PreschoolClassification) == Some(PRESCHOOL);
    let at = (visit.at_line(claim.line), visit.at_line_ja(claim.line));
    let at = (at.0.as_str(), at.1.as_str());
    match (child, claimed == Insured::Preschool) {
        (true, false) => Some(words::not_preschool(at, claim.kind.as_str())),
        (false, true) => Some(words::preschool(at, claim.kind.as_str())),
        _ => None,
    }
}

/// PreschoolClassification of a child before school age.
const PRESCHOOL: &str = "1";

/// RE's 給付割合 against the share: 100 less it where written, written for 国保.
fn benefit(
    visit: &Visit<'_>,
    claim: &ClaimSummary,
    insurer: &str,
    share: Option<u8>,
) -> Option<Reason> {
    let at = (visit.at_line(claim.line), visit.at_line_ja(claim.line));
    let at = (at.0.as_str(), at.1.as_str());
    let percent = share.or_else(|| {
        visit
            .answered(ElementName::InsuredPartialContributionRatio)
            .and_then(mynakit_oqs::contribution_percent)
    })?;
    let due = benefit_ratio(percent);
    match claim.benefit_ratio {
        Some(written) if written != due => Some(words::other_ratio(at, written, percent, due)),
        None if share.is_some() && insurer_scheme(insurer) == InsurerScheme::NationalHealth => {
            Some(words::no_ratio(at, percent, due))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;

    use crate::uke::test_claim::judged;

    const ELDERLY_NATIONAL: &[(&str, &str)] = &[
        ("InsurerNumber", "089995"),
        ("InsuredPartialContributionRatio", "020"),
        ("ElderlyRecipientContributionRatio", "020"),
    ];
    const LATE: &[(&str, &str)] = &[
        ("InsurerNumber", "39479993"),
        ("InsuredPartialContributionRatio", "010"),
    ];
    const EMPLOYEE: &[(&str, &str)] = &[("InsurerNumber", "06139992")];

    #[test]
    fn an_elderly_patient_is_claimed_in_the_kind_and_ratio_of_the_share() {
        let (tl, r) = judged(ELDERLY_NATIONAL, "RE,1,1118,202611,,1,19540315,80");
        pass(&Share, &evidence(&tl.events, &r));
        // 本人 for a 高齢受給者, and the 3割 ratio of a younger 国保 patient.
        let (tl, r) = judged(ELDERLY_NATIONAL, "RE,1,1112,202611,,1,19540315,70");
        let text = fail(&Share, &evidence(&tl.events, &r));
        assert!(text.contains("says 本人・家族 (under 70)"), "{text}");
        assert!(text.contains("給付割合 is 70"), "{text}");
        assert!(
            text.ja()
                .unwrap()
                .contains("の給付割合は 70 だが、回答の負担 20 % なら 80 である"),
            "{text:?}"
        );
        assert!(text.ja().unwrap().contains(" と比べると: "), "{text:?}");
        // A 国保 claim without its 給付割合.
        let (tl, r) = judged(ELDERLY_NATIONAL, "RE,1,1118,202611,,1,19540315");
        let text = fail(&Share, &evidence(&tl.events, &r));
        assert!(text.contains("no 給付割合"), "{text}");
        // 7割 for a 2割 patient.
        let (tl, r) = judged(ELDERLY_NATIONAL, "RE,1,1110,202611,,1,19540315,80");
        let text = fail(&Share, &evidence(&tl.events, &r));
        assert!(text.contains("高齢受給者 7割"), "{text}");
    }

    #[test]
    fn a_late_elderly_claim_needs_no_ratio_and_a_younger_one_no_elderly_kind() {
        let (tl, r) = judged(LATE, "RE,1,1118,202611,,2,19460505");
        pass(&Share, &evidence(&tl.events, &r));
        let (tl, r) = judged(LATE, "RE,1,1112,202611,,2,19460505");
        fail(&Share, &evidence(&tl.events, &r));
        let (tl, r) = judged(EMPLOYEE, "RE,1,1112,202611,,1,19900101");
        pass(&Share, &evidence(&tl.events, &r));
        let (tl, r) = judged(EMPLOYEE, "RE,1,1118,202611,,1,19900101");
        let text = fail(&Share, &evidence(&tl.events, &r));
        assert!(text.contains("no 高齢受給者 or 後期 share"), "{text}");
    }

    /// A station's users, each claimed with `kind` to the unit's insurer.
    fn station(units: &[&[(&str, &str)]], kinds: &[&str]) -> Verdict {
        let claims: Vec<Vec<String>> = units
            .iter()
            .zip(kinds)
            .enumerate()
            .map(|(n, (unit, kind))| {
                let field = |name: &str| {
                    unit.iter()
                        .find(|(k, _)| *k == name)
                        .map_or("", |(_, v)| *v)
                };
                let insurer = field("InsurerNumber");
                vec![
                    format!("RE,{},{kind},202611,,,1,{}", n + 1, field("Birthdate")),
                    format!(
                        "HO,{insurer:>8},,{},1,5550",
                        field("InsuredIdentificationNumber")
                    ),
                    "KA,20261101,1,510000110,,5550,01".to_owned(),
                ]
            })
            .collect();
        let tl = station_import_and_claim("20261101", units, &claims);
        let r = result(mynakit_protocol::Outcome::Eligible, &[]);
        judge(&Share, &evidence(&tl.events, &r))
    }

    const STATION_LATE: &[(&str, &str)] = &[
        ("QualificationValidity", "1"),
        ("InsurerNumber", "39479993"),
        ("InsuredIdentificationNumber", "7777"),
        ("InsuredPartialContributionRatio", "010"),
        ("Birthdate", "19460505"),
    ];
    const STATION_EMPLOYEE: &[(&str, &str)] = &[
        ("QualificationValidity", "1"),
        ("InsurerNumber", "06139992"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredPartialContributionRatio", "030"),
        ("PersonalFamilyClassification", "1"),
        ("Birthdate", "19850412"),
    ];

    #[test]
    fn a_station_claims_a_late_elderly_user_with_the_late_kind_of_its_list() {
        let both = [STATION_LATE, STATION_EMPLOYEE];
        assert!(matches!(
            station(&both, &["6318", "6112"]),
            Verdict::Pass(_)
        ));
        // The 医科 reading (後期 under 医保) and a 後期 kind for an employee.
        for kinds in [["6118", "6112"], ["6318", "6318"]] {
            let Verdict::Fail(reason) = station(&both, &kinds) else {
                panic!("{kinds:?} passed");
            };
            assert!(reason.to_string().contains("後期"), "{reason}");
        }
        // A unit without its 負担割合 (recorded before the units kept it) is not judged.
        let bare: &[(&str, &str)] = &STATION_LATE[..3];
        assert!(matches!(
            station(&[bare], &["6118"]),
            Verdict::NotApplicable(_)
        ));
    }

    /// A 国保 高齢受給者 imported on the 2nd at 2割 and on the 16th at 3割 (the insurer's 負担割合
    /// changed between the imports), and claimed for the 2nd at 一般 (6118, 給付割合 80).
    const NATIONAL_20: &[(&str, &str)] = &[
        ("QualificationValidity", "1"),
        ("InsurerNumber", "138998"),
        ("InsuredIdentificationNumber", "5151"),
        ("InsuredPartialContributionRatio", "020"),
        ("ElderlyRecipientContributionRatio", "020"),
        ("Birthdate", "19550808"),
    ];
    const NATIONAL_30: &[(&str, &str)] = &[
        ("QualificationValidity", "1"),
        ("InsurerNumber", "138998"),
        ("InsuredIdentificationNumber", "5151"),
        ("InsuredPartialContributionRatio", "030"),
        ("ElderlyRecipientContributionRatio", "030"),
        ("Birthdate", "19550808"),
    ];

    /// The claim of 2026-11 of NATIONAL_* in `kind` and `ratio`, its JD marking `days`.
    fn national_claim(kind: &str, ratio: u8, days: &[u8]) -> Vec<String> {
        let jd: Vec<&str> = (1..=31u8)
            .map(|d| if days.contains(&d) { "1" } else { "" })
            .collect();
        let mut lines = vec![
            format!("RE,1,{kind},202611,,,1,19550808,,,{ratio}"),
            format!("HO,  138998,,5151,{},5550", days.len()),
            format!("JD,1,{}", jd.join(",")),
        ];
        lines.extend(
            days.iter()
                .map(|d| format!("KA,202611{d:02},1,510000110,,5550,01")),
        );
        lines
    }

    fn station_days(second: &[(&str, &str)], claim: Vec<String>) -> Verdict {
        let imports: [(&str, &[Unit<'_>]); 2] =
            [("20261102", &[NATIONAL_20]), ("20261116", &[second])];
        let tl = station_imports_and_claim(&imports, &[claim]);
        let r = result(mynakit_protocol::Outcome::Eligible, &[]);
        judge(&Share, &evidence(&tl.events, &r))
    }

    /// Each claimed day is judged by the import in force on it: the claim of the 2nd at the
    /// 2nd's 2割 PASSES though the 16th's import says 3割 (the month's latest import alone
    /// FAILED it); a claim that also marks the 16th is held to the 16th's 3割 and FAILS.
    #[test]
    fn a_station_claim_is_judged_by_the_share_in_force_on_each_claimed_day() {
        let judged = station_days(NATIONAL_30, national_claim("6118", 80, &[2, 9]));
        assert!(matches!(judged, Verdict::Pass(_)), "{judged:?}");
        let judged = station_days(NATIONAL_30, national_claim("6118", 80, &[2, 16]));
        let Verdict::Fail(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(reason.en().contains("7割"), "{}", reason.en());
    }

    /// A user imported covered on the 2nd and without a qualification on the 16th is judged by
    /// the 2nd's share on the days it is in force (the latest import alone, which has no
    /// share, judged nothing): a 本人 kind for the 高齢受給者 FAILS.
    #[test]
    fn a_station_user_who_lost_the_qualification_is_judged_by_the_earlier_share() {
        let lost: Vec<(&str, &str)> = [("QualificationValidity", "3")]
            .into_iter()
            .chain(NATIONAL_20.iter().copied().skip(1))
            .collect();
        let judged = station_days(&lost, national_claim("6118", 80, &[2]));
        assert!(matches!(judged, Verdict::Pass(_)), "{judged:?}");
        let judged = station_days(&lost, national_claim("6112", 70, &[2]));
        assert!(matches!(judged, Verdict::Fail(_)), "{judged:?}");
    }
}
