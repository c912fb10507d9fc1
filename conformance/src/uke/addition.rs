//! `UKE-addition`: the claim's 加算 SI codes are those of the row in force on the visit's day,
//! read from the one dated table (`mynakit_protocol::ClaimAddition`).

use mynakit_oqs::ElementName;
use mynakit_protocol::{ClaimAddition, Due, FeeSchedule, Tier, VisitFacts, VisitKind};
use mynakit_timeline::{ClaimSummary, ClaimedCode};

use super::words::addition as words;
use super::{billed_on, claim_of, day_of, judge_month, Visit};
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::claim::{by_card, iso_day};
use crate::run::Run;

check! {
    /// `UKE-addition`: the 加算 codes billed are due on the visit's day.
    Addition {
        id: "UKE-addition",
        severity: Failed,
        rule: "A レセコン that writes the claim file (claim-file) bills, among the 加算 that depend \
               on how eligibility was confirmed, only codes of the row in force on the visit's \
               day (the answer's QualificationConfirmationDate) for how it was confirmed (the \
               patient's card or not) and 初診 or 再診 (by the 初診料 111000110 or 再診料 112007410 billed; a claim that bills \
               neither may take the tier of either): never a code of \
               an earlier or later row, nor of a tier the visit did not earn, nor one the same claim \
               billed on an earlier day of the month within its frequency (月1回, 3月に1回; in \
               a claim of several days, the lines marked with the visit's day are its own). \
               In a month's file of several visits (given.earlier_visits) every visit of the \
               month is judged so, each by the rules and the answer of its own day. A \
               薬局's claim \
               (調剤 layout) is judged by the 調剤 rows (from 2024-06-01) and bills no 医科 \
               加算 code. A code the master excludes with the row (明細書発行体制等加算 112015770 \
               with 電子的診療情報連携体制整備加算) is not billed on the same day, and each 加算 \
               line of a claim of several days marks its 算定日 (記録条件仕様). Claiming none is \
               not judged (a facility without the 届出 claims none). Where the row's codes are \
               not public, only codes of other rows are judged, and the verdict says so.",
        rationale: "A code of a 加算 abolished before the visit (a 点数マスター not updated on \
                    2024-06-01 or 2026-06-01) or of the card tier for a keyed-in insurance card \
                    is a claim the 審査支払機関 corrects or returns.",
        reference: "令和6年度診療報酬改定 告示 2024-03-05 (別表第一 医科, 別表第三 調剤); \
                     中医協 総会 第592回 (2024-07-17); 中医協 総-8-3 (2025-01-29); \
                     厚生労働省「令和8年度診療報酬改定の概要」; 支払基金 医科診療行為マスター; \
                     docs/rules.md#claim-additions-by-the-visits-day; \
                     docs/uke.md#the-claim-file-in-a-run",
        roles: [ReceiptComputer],
        evaluate: addition,
    }
}

fn addition(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // A month's file claims the earlier visits too: each by the rules of its own day.
    judge_month(e, run, judge_visit)
}

/// One visit's claim judged by the rules of the visit's own day.
fn judge_visit(visit: &Visit<'_>) -> Verdict {
    if !visit.covered {
        return Verdict::NotApplicable(words::not_covered(visit.answer.path));
    }
    let claim = match claim_of(visit) {
        Ok(claim) => claim,
        Err(verdict) => return verdict,
    };
    let Some(day) = visit
        .answered(ElementName::QualificationConfirmationDate)
        .and_then(iso_day)
    else {
        return Verdict::NotApplicable(words::no_day(visit.answer.path));
    };
    let Some(schedule) = visit.file.table.as_deref().and_then(FeeSchedule::of_table) else {
        return Verdict::NotApplicable(words::other_table(visit.path, visit.file.table.as_deref()));
    };
    let pharmacy = schedule == FeeSchedule::Pharmacy;
    let addition = match ClaimAddition::in_force_on_line(schedule.information_line(), &day) {
        Ok(Some(addition)) => addition,
        // A 薬局 between 2022-04-01 and the 調剤 line's first row (2024-06-01): its 加算 then are
        // not in the table, so only codes of rows of other periods are judged.
        Ok(None) if pharmacy && !matches!(ClaimAddition::in_force_on(&day), Ok(None)) => {
            return none_in_force(visit, claim, schedule, &words::pharmacy_before_rows(&day))
        }
        Ok(None) => return none_in_force(visit, claim, schedule, &words::before_rows(&day)),
        Err(error) => return Verdict::NotApplicable(words::no_rule(&error)),
    };
    judge_day(visit, claim, schedule, addition, &day)
}

/// The claim judged against `addition`, the row in force on the visit's `day`.
fn judge_day(
    visit: &Visit<'_>,
    claim: &ClaimSummary,
    schedule: FeeSchedule,
    addition: ClaimAddition,
    day: &str,
) -> Verdict {
    let pharmacy = schedule == FeeSchedule::Pharmacy;
    let card = by_card(&visit.answer);
    // In a month's claim of several visits, the codes of this visit's day.
    let day_of_month = day_of(&visit.answer).map(|(_, d)| d);
    let (billed, unplaced) = billed_on(claim, day_of_month);
    // 初診 or 再診 by the basic fee billed (初診料, 再診料); a claim that bills neither (a
    // hospital's 外来診療料, another 再診 fee) may take the tier of either.
    let fee = billed.iter().find_map(|p| VisitKind::of_fee(&p.code));
    // A 調剤 tier has no 初診 / 再診: one kind finds it.
    let kinds = match fee {
        _ if pharmacy => vec![VisitKind::First],
        Some(kind) => vec![kind],
        None => vec![VisitKind::First, VisitKind::Return],
    };
    let dues: Vec<(VisitKind, Due)> = kinds
        .iter()
        .map(|&kind| {
            let due = addition.due(&VisitFacts {
                by_card: card,
                visit: kind,
                already_claimed: false,
                facility: None,
            });
            (kind, due)
        })
        .collect();
    let due_codes: Vec<&str> = dues
        .iter()
        .flat_map(|(_, due)| match due {
            Due::Nothing(_) => Vec::new(),
            Due::Tier(t) => t.code.into_iter().collect(),
            Due::OneOf(ts) => ts.iter().filter_map(|t| t.code).collect(),
        })
        .collect();
    let dx_ended = matches!(
        ClaimAddition::in_force_on_line(schedule.dx_line(), day),
        Ok(None)
    );
    let wrong = misbilled(visit, &billed, &due_codes, &line_codes(schedule, dx_ended));
    let due = words::due_on(day, card, pharmacy, &dues, addition, unplaced.len());
    if !wrong.is_empty() {
        return Verdict::Fail(words::not_due(claim, visit, &wrong, &due));
    }
    // Lines a correct line-up of codes may still not hold: a 加算 with a code the master
    // excludes on the same day, a 加算 line of a claim of several days without its 算定日.
    let rows = line_codes(schedule, dx_ended);
    let broken: Vec<Reason> = excluded(visit, &billed, addition)
        .into_iter()
        .chain(without_day(visit, &unplaced, &rows))
        .collect();
    if !broken.is_empty() {
        return Verdict::Fail(words::not_billable(claim, visit, &broken, &due));
    }
    let again = taken_earlier_in(claim, &billed, addition, (day, day_of_month.unwrap_or(0)));
    if !again.is_empty() {
        return Verdict::Fail(words::not_due_again(claim, visit, &again, &due));
    }
    let billed: Vec<&str> = billed
        .iter()
        .map(|p| p.code.as_str())
        .filter(|c| due_codes.contains(c))
        .collect();
    // A tier due without a public code (電子的診療情報連携体制整備加算１ and ３) is not judged.
    let unknown = dues.iter().any(|(_, d)| match d {
        Due::Nothing(_) => false,
        Due::Tier(t) => t.code.is_none(),
        Due::OneOf(ts) => ts.iter().any(|t| t.code.is_none()),
    });
    Verdict::Pass(words::bills_due(claim, visit, &billed, &due, unknown))
}

/// The codes of `billed` (the visit's, on `day`: `YYYY-MM-DD` and its day of the month) that
/// the same claim already billed on an earlier day of its month within the tier's frequency
/// (月1回: a month's claim holds it once), in words. The frequency's reading is the rules
/// module's (`mynakit_protocol::Frequency::covers`).
fn taken_earlier_in(
    claim: &ClaimSummary,
    billed: &[&ClaimedCode],
    addition: ClaimAddition,
    (day, day_of_month): (&str, u8),
) -> Vec<Reason> {
    let month = claim.month.known();
    billed
        .iter()
        .filter_map(|p| {
            let tier = addition.tiers().iter().find(|t| t.code == Some(&p.code))?;
            let (earlier, on) = claim
                .procedures
                .iter()
                .filter(|q| q.code == p.code)
                .flat_map(|q| q.days.iter().map(move |d| (q, *d)))
                .filter(|(_, d)| *d < day_of_month)
                .min_by_key(|(_, d)| *d)
                .and_then(|(q, d)| {
                    let month = month?;
                    let on = format!("{:04}-{:02}-{d:02}", month.year, month.month);
                    tier.frequency.covers(&on, day).ok()?.then_some((q, on))
                })?;
            Some(words::taken_earlier(tier, p, (&on, earlier), day))
        })
        .collect()
}

/// Each of `billed` that is a tier of `addition` billed on the same day as a code the master
/// excludes with it (`ClaimAddition::exclusions`), in words.
fn excluded(visit: &Visit<'_>, billed: &[&ClaimedCode], addition: ClaimAddition) -> Vec<Reason> {
    billed
        .iter()
        .filter(|p| addition.tiers().iter().any(|t| t.code == Some(&p.code)))
        .flat_map(|p| {
            addition.exclusions().iter().filter_map(move |x| {
                let other = billed.iter().find(|q| q.code == x.code)?;
                Some(words::excluded_with(visit, p, addition, (other, x)))
            })
        })
        .collect()
}

/// Each of `unplaced` (the lines of a claim of several days that mark no 算定日) that is a
/// 加算 of `rows`, in words: the 記録条件仕様 requires the day, and without it the line is
/// no visit's (`docs/uke.md`).
fn without_day(
    visit: &Visit<'_>,
    unplaced: &[&ClaimedCode],
    rows: &[(ClaimAddition, &'static Tier)],
) -> Vec<Reason> {
    unplaced
        .iter()
        .filter(|p| rows.iter().any(|(_, t)| t.code == Some(&p.code)))
        .map(|p| words::without_day(visit, p))
        .collect()
}

/// A visit on a day when no row of its line is in force (`when` says why): a code of any row
/// billed on the visit's day is wrong (each began later, or is 医科 in a 調剤 claim), and a claim
/// that bills none passes.
fn none_in_force(
    visit: &Visit<'_>,
    claim: &ClaimSummary,
    schedule: FeeSchedule,
    when: &Reason,
) -> Verdict {
    let day_of_month = day_of(&visit.answer).map(|(_, d)| d);
    let (billed, _) = billed_on(claim, day_of_month);
    let wrong = misbilled(visit, &billed, &[], &line_codes(schedule, true));
    if wrong.is_empty() {
        return Verdict::Pass(words::bills_none(claim, visit, when));
    }
    Verdict::Fail(words::none_due(claim, visit, &wrong, when))
}

/// Each of `billed` that is a tier of `rows` and not among `due`, described with its line and
/// the row it belongs to.
fn misbilled(
    visit: &Visit<'_>,
    billed: &[&ClaimedCode],
    due: &[&str],
    rows: &[(ClaimAddition, &'static Tier)],
) -> Vec<Reason> {
    billed
        .iter()
        .filter(|p| !due.contains(&p.code.as_str()))
        .filter_map(|p| {
            let (row, tier) = rows.iter().find(|(_, t)| t.code == Some(&p.code))?;
            Some(words::misbilled(visit, p, *row, tier))
        })
        .collect()
}

/// Every tier of the 加算 line judged here, with its row: a code billed is looked up in it.
/// With `dx_ended` (no 医療DX推進体制整備加算 in force on the day: before 2024-06-01 or from
/// 2026-06-01), that line's tiers too, as none of them is due. A 調剤 claim is also judged on
/// every 医科 tier: a 薬局 bills none of them.
fn line_codes(schedule: FeeSchedule, dx_ended: bool) -> Vec<(ClaimAddition, &'static Tier)> {
    ClaimAddition::ALL
        .into_iter()
        .filter(|a| {
            let line = a.line();
            line == schedule.information_line()
                || (dx_ended && line == schedule.dx_line())
                || (schedule == FeeSchedule::Pharmacy && line.schedule() == FeeSchedule::Medical)
        })
        .flat_map(|a| a.tiers().iter().map(move |t| (a, t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const PUSH: &str = "face/OQSsiquc01res_face_1_20240601090000.xml";

    /// A visit confirmed with the card on `day`, claimed with `codes` billed.
    fn billed(day: &str, codes: &[&str]) -> Verdict {
        let mut lines = vec![
            "RE,1,1112,202406,,1,19800101".to_owned(),
            "HO,06139992,1001,2345,1,291".to_owned(),
        ];
        lines.extend(codes.iter().map(|c| format!("SI,11,1,{c},,1,1")));
        lines.push("GO,1,291,99".to_owned());
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let tl = pushed_on(day).result("eligible").claim_file(&lines);
        let r = result(Outcome::Eligible, &[]);
        judge(&Addition, &evidence(&tl.events, &r))
    }

    /// A 再診 on 2025-03-19 in a month's claim of the 5th (初診), the 12th and the 19th, whose
    /// 再診 lines bill `twelfth` on the 12th and `nineteenth` on the 19th.
    fn month_billed(twelfth: &[&str], nineteenth: &[&str]) -> Verdict {
        let si = |code: &str, day: usize| {
            let mut f: Vec<String> = format!("SI,,1,{code},,1,1")
                .split(',')
                .map(str::to_owned)
                .collect();
            f.resize(13 + 31, String::new());
            f[13 + day - 1] = "1".to_owned();
            f.join(",")
        };
        let jd = {
            let marks: Vec<&str> = (1..=31)
                .map(|d| if [5, 12, 19].contains(&d) { "1" } else { "" })
                .collect();
            format!("JD,1,{}", marks.join(","))
        };
        let mut lines = vec![
            "RE,1,1112,202503,,1,19800101".to_owned(),
            "HO,06139992,1001,2345,3,443".to_owned(),
            jd,
            si("111000110", 5),
            si("111703270", 5),
            si("112007410", 12),
        ];
        lines.extend(twelfth.iter().map(|c| si(c, 12)));
        lines.push(si("112007410", 19));
        lines.extend(nineteenth.iter().map(|c| si(c, 19)));
        lines.push("GO,1,443,99".to_owned());
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let tl = pushed_on("20250319").result("eligible").claim_file(&lines);
        let r = result(Outcome::Eligible, &[]);
        judge(&Addition, &evidence(&tl.events, &r))
    }

    #[test]
    fn from_2026_06_01_the_code_is_judged_and_its_exclusion_held() {
        // 電子的診療情報連携体制整備加算２（初診） 111704170: due (the tier not declared).
        match billed("20260601", &["111000110", "111704170"]) {
            Verdict::Pass(text) => assert!(text.contains("111704170"), "{text}"),
            other => panic!("{other:?}"),
        }
        // The 再診 code with a 初診料: not due.
        match billed("20260601", &["111000110", "112709570"]) {
            Verdict::Fail(text) => assert!(text.contains("112709570"), "{text}"),
            other => panic!("{other:?}"),
        }
        // With 明細書発行体制等加算 the same day: the master excludes it.
        match billed("20260601", &["111000110", "111704170", "112015770"]) {
            Verdict::Fail(text) => {
                assert!(text.contains("112015770 明細書発行体制等加算"), "{text}");
                assert!(text.ja().unwrap().contains("併算定できない"), "{text:?}");
            }
            other => panic!("{other:?}"),
        }
        // The day before, 112015770 is no 加算 of the line and passes.
        assert!(matches!(
            billed("20260531", &["111000110", "111703270", "112015770"]),
            Verdict::Pass(_)
        ));
    }

    #[test]
    fn a_addition_line_without_its_day_in_a_claim_of_several_days_fails() {
        // The 12th's 再診 tier written with no 算定日: no visit's, and a finding.
        let jd = {
            let marks: Vec<&str> = (1..=31)
                .map(|d| if [5, 19].contains(&d) { "1" } else { "" })
                .collect();
            format!("JD,1,{}", marks.join(","))
        };
        let si = |code: &str, day: Option<usize>| {
            let mut f: Vec<String> = format!("SI,,1,{code},,1,1")
                .split(',')
                .map(str::to_owned)
                .collect();
            f.resize(13 + 31, String::new());
            if let Some(day) = day {
                f[13 + day - 1] = "1".to_owned();
            }
            f.join(",")
        };
        let lines = [
            "RE,1,1112,202503,,1,19800101".to_owned(),
            "HO,06139992,1001,2345,2,368".to_owned(),
            jd,
            si("111000110", Some(5)),
            si("112007410", Some(19)),
            si("112708970", None),
            "GO,1,368,99".to_owned(),
        ];
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let tl = pushed_on("20250319").result("eligible").claim_file(&lines);
        let r = result(Outcome::Eligible, &[]);
        match judge(&Addition, &evidence(&tl.events, &r)) {
            Verdict::Fail(text) => assert!(
                text.contains("112708970") && text.contains("算定日"),
                "{text}"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn before_2022_04_01_no_addition_is_due_and_a_later_one_billed_fails() {
        match billed("20220331", &["111000110"]) {
            Verdict::Pass(text) => assert!(text.contains("bills no 加算"), "{text}"),
            other => panic!("{other:?}"),
        }
        match billed("20220331", &["111000110", "111703270"]) {
            Verdict::Fail(text) => {
                assert!(text.contains("111703270"), "{text}");
                assert!(text.contains("(from 2024-06-01)"), "{text}");
                let ja = text.ja().unwrap();
                assert!(ja.contains("(2024-06-01 から)"), "{ja}");
                assert!(ja.contains("2022-04-01 より前"), "{ja}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_month_s_claim_bills_a_tier_once_within_its_frequency() {
        // The 再診 tier (112708970, 3月に1回) taken on the 12th: none on the 19th.
        let right = month_billed(&["112708970"], &[]);
        assert!(matches!(right, Verdict::Pass(_)), "{right:?}");
        let Verdict::Fail(text) = month_billed(&["112708970"], &["112708970"]) else {
            panic!("billed twice must fail");
        };
        assert!(
            text.contains("2025-03-12") && text.contains("3月に1回") && text.contains("line 8"),
            "{text}"
        );
        assert!(
            text.ja().unwrap().contains("(8 行目) に請求され"),
            "{text:?}"
        );
        // The 19th's own lines are judged, not the 5th's 初診 tier.
        let only_later = month_billed(&[], &["112708970"]);
        assert!(matches!(only_later, Verdict::Pass(_)), "{only_later:?}");
    }

    /// Each visit of a month's file is judged by the rules of its own day: a code abolished on
    /// 2026-06-01 billed on the 5th of November fails though the 12th (the visit the scenario
    /// judges) bills none.
    #[test]
    fn every_visit_of_the_month_s_file_is_judged_on_its_own_day() {
        let si = |code: &str, day: usize| {
            let mut f: Vec<String> = format!("SI,,1,{code},,1,1")
                .split(',')
                .map(str::to_owned)
                .collect();
            f.resize(13 + 31, String::new());
            f[13 + day - 1] = "1".to_owned();
            f.join(",")
        };
        let marks: Vec<&str> = (1..=31)
            .map(|d| if [5, 12].contains(&d) { "1" } else { "" })
            .collect();
        let judged = |fifth: &[&str]| {
            let mut lines = vec![
                "RE,1,1112,202611,,1,19800101".to_owned(),
                "HO,06139992,1001,2345,2,368".to_owned(),
                format!("JD,1,{}", marks.join(",")),
                si("111000110", 5),
            ];
            lines.extend(fifth.iter().map(|c| si(c, 5)));
            lines.push(si("112007410", 12));
            lines.push("GO,1,368,99".to_owned());
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            let push = |path: &str, day: &str, tl: Tl| {
                tl.file(path, "face-written").content(
                    path,
                    "UTF-8",
                    &[
                        ("QualificationValidity", "1"),
                        ("ReferenceClassification", "1"),
                        ("InsurerNumber", "06139992"),
                        ("QualificationConfirmationDate", day),
                    ],
                    &[],
                )
            };
            let tl = push("face/a_20261105.xml", "20261105", Tl::new()).result("eligible");
            let tl = push("face/b_20261112.xml", "20261112", tl)
                .result("eligible")
                .claim_file(&lines);
            judge(
                &Addition,
                &evidence(&tl.events, &result(Outcome::Eligible, &[])),
            )
        };
        assert!(matches!(judged(&[]), Verdict::Pass(_)));
        let Verdict::Fail(text) = judged(&["111703270"]) else {
            panic!("an abolished code on an earlier visit passed");
        };
        assert!(
            text.contains("1 earlier visit(s) of the month") && text.contains("111703270"),
            "{text}"
        );
        assert!(text.contains("face/a_20261105.xml"), "{text}");
        assert!(
            text.ja().unwrap().contains("この月の先の受診 1 件"),
            "{text:?}"
        );
    }

    /// The card's face push of a visit on `day`, to the employee's insurer.
    fn pushed_on(day: &str) -> Tl {
        Tl::new().file(PUSH, "face-written").content(
            PUSH,
            "UTF-8",
            &[
                ("QualificationValidity", "1"),
                ("ReferenceClassification", "1"),
                ("InsurerNumber", "06139992"),
                ("QualificationConfirmationDate", day),
            ],
            &[],
        )
    }

    /// A 薬局's visit confirmed with the card on `day`, its 調剤 claim's KI billing `codes`
    /// as 調剤基本料加算.
    fn pharmacy_billed(day: &str, codes: &[&str]) -> Verdict {
        let mut ki = vec!["KI".to_owned(), day.to_owned(), "1".to_owned()];
        ki.resize(69, String::new());
        for code in codes {
            ki.extend([
                String::new(),
                (*code).to_owned(),
                "1".to_owned(),
                "1".to_owned(),
            ]);
        }
        let ki = ki.join(",");
        // The claim's month is the visit's: a 算定日 outside 診療年月 does not read.
        let month = &day[..6];
        let re = format!("RE,1,4112,{month},,1,19800101");
        let yk = format!("YK,1,13,4,9999999,,{month},00,");
        let lines = [
            re.as_str(),
            "HO,06139992,1001,2345,1,60",
            ki.as_str(),
            "GO,1,60,99",
        ];
        let tl = pushed_on(day)
            .result("eligible")
            .claim_file_of(&yk, Some("4"), &lines);
        let r = result(Outcome::Eligible, &[]);
        judge(&Addition, &evidence(&tl.events, &r))
    }

    #[test]
    fn a_pharmacy_s_claim_bills_no_medical_addition() {
        // No 調剤 code is public: a claim billing only its own codes passes, unconfirmed.
        let Verdict::Pass(text) = pharmacy_billed("20240601", &["410000110"]) else {
            panic!("a 調剤 claim without 医科 codes failed");
        };
        assert!(text.contains("医療情報取得加算２（調剤） 1点"), "{text}");
        assert!(
            text.contains("[unconfirmed: the codes of this row"),
            "{text}"
        );
        // The 医科 医療情報取得加算２ and 医療DX推進体制整備加算 written into a 調剤 claim.
        for medical in ["111703270", "111703370"] {
            let Verdict::Fail(text) = pharmacy_billed("20240601", &[medical]) else {
                panic!("{medical} passed in a 調剤 claim");
            };
            assert!(text.contains(medical), "{text}");
        }
        // Before the 調剤 rows begin (their earlier 加算 are not in the table): a 医科 code still
        // fails, and a claim without one passes, marked unconfirmed.
        assert!(matches!(
            pharmacy_billed("20240531", &["111703270"]),
            Verdict::Fail(_)
        ));
        let Verdict::Pass(text) = pharmacy_billed("20240531", &[]) else {
            panic!("a 調剤 claim of 2024-05-31 without 加算 codes did not pass");
        };
        assert!(text.contains("[unconfirmed"), "{text}");
        // From 2026-06-01 the 医科 電子的診療情報連携体制整備加算 row has no code either; the
        // abolished 医科 codes still fail.
        assert!(matches!(
            pharmacy_billed("20260601", &["111703270"]),
            Verdict::Fail(_)
        ));
    }

    #[test]
    fn only_the_codes_of_the_day_s_row_are_billed() {
        // 2024-06-01, card used, 初診: 医療情報取得加算２ (111703270).
        assert!(matches!(
            billed("20240601", &["111000110", "111703270"]),
            Verdict::Pass(_)
        ));
        assert!(matches!(
            billed("20240601", &["111000110"]),
            Verdict::Pass(_)
        ));
        // The 2022-10 加算 a day after it ended, and the tier for a keyed-in card.
        for wrong in ["111016070", "111703170"] {
            let Verdict::Fail(text) = billed("20240601", &["111000110", wrong]) else {
                panic!("{wrong} passed");
            };
            assert!(text.contains(wrong), "{text}");
        }
        // 再診料 billed makes it a 再診: 加算４ (112708970), not the 初診 tier.
        assert!(matches!(
            billed("20240601", &["112007410", "112708970"]),
            Verdict::Pass(_)
        ));
        assert!(matches!(
            billed("20240601", &["112007410", "111703270"]),
            Verdict::Fail(_)
        ));
        // Neither fee billed (a hospital's 外来診療料): the tier of either kind, nothing else.
        assert!(matches!(
            billed("20240601", &["112011010", "112708970"]),
            Verdict::Pass(_)
        ));
        assert!(matches!(
            billed("20240601", &["112011010", "111703170"]),
            Verdict::Fail(_)
        ));
        // From 2026-06-01: the abolished 医療情報取得加算 and 医療DX推進体制整備加算 FAIL; the
        // codes of the new row's 加算１ and ３ are not public and the verdict says so.
        assert!(matches!(
            billed("20260601", &["111703270"]),
            Verdict::Fail(_)
        ));
        assert!(matches!(
            billed("20260601", &["111703370"]),
            Verdict::Fail(_)
        ));
        let Verdict::Pass(text) = billed("20260601", &["111000110"]) else {
            panic!("no 加算 billed");
        };
        assert!(
            text.contains("[unconfirmed: the codes of this row"),
            "{text}"
        );
    }
}
