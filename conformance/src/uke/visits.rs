//! `UKE-visits`: a month's claim file holds every visit of the month the run confirmed, each
//! on its day, in the one claim of the insurer that covered it that day (`docs/uke.md`,
//! "Several visits in a month").
//!
//! The run's visits are the client's `result` lines (one per visit: `given.earlier_visits`
//! starts the client once per earlier visit, then for the visit judged), each with the answer
//! it rests on.

use mynakit_oqs::{ElementName, QualificationValidity};
use mynakit_timeline::ClaimSummary;
use mynakit_uke::YearMonth;

mod station;

use super::words::visits as words;
use super::{day_of, of_insured, of_patient, patient_key, visit, Visit};
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::folder::{own_answer_before, Content};
use crate::run::{visit_ends, Run};

check! {
    /// `UKE-visits`: each covered visit of the month is claimed once, on its day, to the
    /// insurer that covered it.
    Visits {
        id: "UKE-visits",
        severity: Failed,
        rule: "A レセコン that writes the claim file (claim-file) claims the month's visits in \
               one file: every visit of the file's month the answer covers is in the claim (RE) \
               to the insurer that answer names (HO, or KO for 医療扶助) whose 受診日等レコード \
               (JD) marks its day; a patient's visits to one insurer in one month are one claim; \
               one patient is insurer + 記号・番号 + 枝番 + 生年月日 (公費単独: 公費負担者番号 + \
               受給者番号 + 生年月日), so a household's 本人 and 家族 sharing 記号・番号 are two \
               claims and a household merged into one claim fails; after a change of insurance \
               each visit is under the insurer of its own day (two claims), a visit is claimed in the claim of its own month (RE 診療年月 the month \
               of its day, the judged visit's month being the file's), and a visit no answer \
               covered is claimed to nobody. Judged when the run holds more than one visit \
               (given.earlier_visits). A 訪問看護ステーション's RECEIPTH.UKE (since 2026-11-29): \
               each covered user of its 居宅 consent imports (OQSmuhvq02) whose claim of the \
               import's month the file holds marks the import's day in that claim's JD, the \
               consent having been registered at a visit that day.",
        rationale: "A visit left out of the month's file is never paid (it cannot be claimed \
                    again without a 月遅れ請求); a visit claimed to the insurer of another day is \
                    returned (返戻: 資格喪失後の受診, or 資格取得前の受診); two claims of one \
                    patient to one insurer in one month are returned as 重複請求.",
        reference: "厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(医科用, \
                     調剤用: RE, HO, KO, JD 受診日等レコード); 支払基金「電子レセプトの作成手引き」; \
                     記録条件仕様（訪問看護用） (JD 受診日等レコード, 別表25); \
                     docs/uke.md#several-visits-in-a-month; docs/visiting-nursing.md#a-month-of-imports",
        roles: [ReceiptComputer],
        evaluate: visits,
    }
}

/// A visit of the run: the answer it rests on and its day.
struct Seen<'a> {
    answer: Content<'a>,
    month: YearMonth,
    day: u8,
    covered: bool,
}

impl Seen<'_> {
    /// The visit in words: its day, answer and insurer.
    fn label(&self) -> Reason {
        words::label(
            &self.day_text(),
            self.answer.path,
            self.insurer(),
            &patient_key(&self.answer),
        )
    }

    /// Whether `other` is a visit of this visit's patient (docs/uke.md, "One patient").
    fn same_patient(&self, other: &Seen<'_>) -> bool {
        patient_key(&self.answer) == patient_key(&other.answer)
    }

    /// `2024-06-03`.
    fn day_text(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.month.year, self.month.month, self.day
        )
    }

    /// The answer's 保険者番号, trimmed.
    fn insurer(&self) -> &str {
        self.answer
            .fields
            .get(ElementName::InsurerNumber)
            .map(str::trim)
            .unwrap_or_default()
    }
}

/// Every visit of the run with an answer and a day: one per client `result`.
fn seen<'a>(run: &Run<'a>) -> Vec<Seen<'a>> {
    visit_ends(run)
        .into_iter()
        .filter_map(|i| {
            let answer = own_answer_before(run, i)?;
            let (month, day) = day_of(&answer)?;
            let covered = answer
                .fields
                .get(ElementName::QualificationValidity)
                .and_then(QualificationValidity::from_code)
                .is_some_and(QualificationValidity::covered);
            Some(Seen {
                answer,
                month,
                day,
                covered,
            })
        })
        .collect()
}

fn visits(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // A station's visits are its imports' units, not the client's results.
    if super::claim_file(run).is_ok_and(|(_, file)| file.is_station()) {
        return station::visits(run);
    }
    // The file and the judged visit as every claim check finds them.
    let judged = match visit(e, run) {
        Ok(visit) => visit,
        Err(verdict) => return verdict,
    };
    let all = seen(run);
    if all.len() < 2 {
        return Verdict::NotApplicable(words::one_visit());
    }
    let file = judged.file;
    if file.missing || (file.error.is_some() && file.count() == 0) {
        return Verdict::NotApplicable(words::none_read());
    }
    // The month judged: the judged visit's (its day's), so a file whose claims say another
    // 診療年月 is held against the visits it should hold; the file's first claim's when the
    // visit's day cannot be read.
    let Some(month) = day_of(&judged.answer)
        .map(|(m, _)| m)
        .or_else(|| file.claims.first().and_then(|c| c.month.known()))
    else {
        return Verdict::NotApplicable(words::no_month());
    };
    let of_month: Vec<&Seen<'_>> = all.iter().filter(|v| v.month == month).collect();
    let mut problems: Vec<Reason> = of_month
        .iter()
        .filter_map(|v| problem(&judged, v, &of_month))
        .collect();
    // A problem of several visits is said once.
    problems.dedup();
    let covered = of_month.iter().filter(|v| v.covered).count();
    if problems.is_empty() {
        Verdict::Pass(words::all_claimed(&judged, &month.to_string(), covered))
    } else {
        Verdict::Fail(words::against_visits(
            &judged,
            &month.to_string(),
            of_month.len(),
            &problems,
        ))
    }
}

/// What is wrong with how the file (of the judged `visit`) claims the visit `v`, if anything,
/// among the visits `all` of the month. The visit's claims are those of its patient (insurer,
/// 記号・番号, 枝番, 生年月日: docs/uke.md, "One patient") and of its own month (RE 診療年月):
/// one of another month holds it in a month it was not in. A claim of the visit's insured
/// number that is no other visit's patient is taken for its own when no claim carries its
/// whole key (a wrong 枝番 is `UKE-insurer`'s to judge); one that is another patient's, marking
/// the visit's day, holds two patients of a household in one claim.
fn problem(visit: &Visit<'_>, v: &Seen<'_>, all: &[&Seen<'_>]) -> Option<Reason> {
    let file = visit.file;
    let others = |c: &ClaimSummary| {
        all.iter()
            .any(|o| !o.same_patient(v) && of_patient(c, &o.answer))
    };
    let mut own: Vec<&ClaimSummary> = file
        .claims
        .iter()
        .filter(|c| of_patient(c, &v.answer))
        .collect();
    if own.is_empty() {
        own = file
            .claims
            .iter()
            .filter(|c| of_insured(c, &v.answer) && !others(c))
            .collect();
    }
    let (own, other_month): (Vec<&ClaimSummary>, Vec<&ClaimSummary>) = own
        .into_iter()
        .partition(|c| c.month.known() == Some(v.month));
    if !v.covered {
        let claim = own.iter().find(|c| c.days.contains(&v.day))?;
        return Some(words::uncovered_claimed(&v.label(), visit, claim));
    }
    let merged = || {
        file.claims
            .iter()
            .find(|c| of_insured(c, &v.answer) && others(c) && c.days.contains(&v.day))
    };
    match own.as_slice() {
        [] => Some(
            match (
                other_month.first(),
                merged(),
                file.claims.iter().find(|c| c.days.contains(&v.day)),
            ) {
                (Some(wrong), _, _) => words::other_month(&v.label(), visit, wrong),
                (None, Some(other), _) => words::merged(&v.label(), visit, other),
                (None, None, Some(other)) => words::other_insurer(&v.label(), visit, other),
                (None, None, None) => words::unclaimed(&v.label()),
            },
        ),
        [one] if !one.days.is_empty() && !one.days.contains(&v.day) => {
            Some(words::day_unmarked(&v.label(), visit, one, v.day))
        }
        [_] => None,
        several => Some(words::several_claims(&v.label(), visit, several)),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    /// A run of visits, each a face push answering `insurer` and `number` on its day, then
    /// the claim file `claims`.
    fn run_of(visits: &[(&str, &str, &str)], claims: &[String]) -> Tl {
        let mut tl = Tl::new();
        for (i, (day, insurer, number)) in visits.iter().enumerate() {
            let push = format!("face/OQSsiquc01res_face_{i}_{day}090000.xml");
            tl = tl
                .file(&push, "face-written")
                .content(
                    &push,
                    "UTF-8",
                    &[
                        ("QualificationValidity", "1"),
                        ("QualificationConfirmationDate", day),
                        ("InsurerNumber", insurer),
                        ("InsuredIdentificationNumber", number),
                    ],
                    &[],
                )
                .result("eligible");
        }
        let lines: Vec<&str> = claims.iter().map(String::as_str).collect();
        tl.claim_file(&lines)
    }

    macro_rules! lines {
        ($($line:expr),* $(,)?) => { [$($line.to_string()),*] };
    }

    #[test]
    fn a_month_of_visits_is_one_claim_per_insurer_on_their_days() {
        let r = result(Outcome::Eligible, &[]);
        let visits = [
            ("20261105", "06139992", "2345"),
            ("20261112", "06139992", "2345"),
        ];
        let one = run_of(
            &visits,
            &lines![
                "RE,1,1112,202611,,1,19850412",
                "HO,06139992,1001,2345,2,373",
                jd(&[5, 12]),
                "GO,1,373,99",
            ],
        );
        let text = pass(&Visits, &evidence(&one.events, &r));
        assert!(text.contains("2 covered visit(s)"), "{text}");

        // The file of the last visit only: the 5th is never paid.
        let last_only = run_of(
            &visits,
            &lines![
                "RE,1,1112,202611,,1,19850412",
                "HO,06139992,1001,2345,1,73",
                jd(&[12]),
                "GO,1,73,99",
            ],
        );
        let text = fail(&Visits, &evidence(&last_only.events, &r));
        assert!(
            text.contains("2026-11-05") && text.contains("marks no day 5"),
            "{text}"
        );

        // The month's visits claimed under another 診療年月: the month after, the year before.
        for wrong in ["202612", "202511"] {
            let other_month = run_of(
                &visits,
                &lines![
                    format!("RE,1,1112,{wrong},,1,19850412"),
                    "HO,06139992,1001,2345,2,373",
                    jd(&[5, 12]),
                    "GO,1,373,99",
                ],
            );
            let text = fail(&Visits, &evidence(&other_month.events, &r));
            assert!(
                text.contains("visit(s) of 202611")
                    && text.contains(&format!("whose 診療年月 is {wrong}")),
                "{text}"
            );
        }

        // Two claims of one patient to one insurer.
        let twice = run_of(
            &visits,
            &lines![
                "RE,1,1112,202611,,1,19850412",
                "HO,06139992,1001,2345,1,291",
                jd(&[5]),
                "RE,2,1112,202611,,1,19850412",
                "HO,06139992,1001,2345,1,73",
                jd(&[12]),
                "GO,2,364,99",
            ],
        );
        let text = fail(&Visits, &evidence(&twice.events, &r));
        assert!(text.contains("重複請求"), "{text}");
        assert!(
            text.ja().unwrap().contains("同じ月のレセプトが 2 件ある"),
            "{text:?}"
        );
    }

    #[test]
    fn after_a_change_of_insurance_each_visit_is_under_its_own_insurer() {
        let r = result(Outcome::Eligible, &[]);
        let visits = [
            ("20261105", "06139992", "2345"),
            ("20261119", "138156", "7777"),
        ];
        let right = run_of(
            &visits,
            &lines![
                "RE,1,1112,202611,,1,19850412",
                "HO,06139992,1001,2345,1,291",
                jd(&[5]),
                "RE,2,1112,202611,,1,19850412,70",
                "HO,  138156,12,7777,1,291",
                jd(&[19]),
                "GO,2,582,99",
            ],
        );
        assert!(pass(&Visits, &evidence(&right.events, &r)).contains("2 claim(s)"));

        // Both days under the new insurer: the 5th was the old one's.
        let newest = run_of(
            &visits,
            &lines![
                "RE,1,1112,202611,,1,19850412,70",
                "HO,  138156,12,7777,2,364",
                jd(&[5, 19]),
                "GO,1,364,99",
            ],
        );
        let text = fail(&Visits, &evidence(&newest.events, &r));
        assert!(
            text.contains("2026-11-05") && text.contains("under another insurer"),
            "{text}"
        );
    }

    /// A run of visits, each a face push of `fields` (plus a valid qualification) on its day,
    /// then the claim file `claims`.
    fn run_of_patients(visits: &[(&str, &[(&str, &str)])], claims: &[String]) -> Tl {
        let mut tl = Tl::new();
        for (i, (day, fields)) in visits.iter().enumerate() {
            let push = format!("face/OQSsiquc01res_face_{i}_{day}090000.xml");
            let mut all = vec![
                ("QualificationValidity", "1"),
                ("QualificationConfirmationDate", *day),
            ];
            all.extend_from_slice(fields);
            tl = tl
                .file(&push, "face-written")
                .content(&push, "UTF-8", &all, &[])
                .result("eligible");
        }
        let lines: Vec<&str> = claims.iter().map(String::as_str).collect();
        tl.claim_file(&lines)
    }

    /// A 健保組合 household: 本人 and 家族 share insurer, 記号 and 番号; 枝番 and 生年月日 tell
    /// them apart.
    const PRINCIPAL: &[(&str, &str)] = &[
        ("InsurerNumber", "06139992"),
        ("InsuredCardSymbol", "1001"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredBranchNumber", "00"),
        ("Birthdate", "19850412"),
    ];
    const FAMILY: &[(&str, &str)] = &[
        ("InsurerNumber", "06139992"),
        ("InsuredCardSymbol", "1001"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredBranchNumber", "01"),
        ("Birthdate", "19900101"),
    ];

    #[test]
    fn a_household_is_several_patients() {
        let r = result(Outcome::Eligible, &[]);
        let visits = [("20261105", PRINCIPAL), ("20261112", FAMILY)];
        let separate = run_of_patients(
            &visits,
            &lines![
                "RE,1,1112,202611,,1,19850412",
                "HO,06139992,1001,2345,1,291",
                "SN,1,01,,,,00",
                jd(&[5]),
                "RE,2,1116,202611,,2,19900101",
                "HO,06139992,1001,2345,1,291",
                "SN,1,01,,,,01",
                jd(&[12]),
                "GO,2,582,99",
            ],
        );
        // Two patients sharing 記号・番号: two claims, no 重複請求.
        let text = pass(&Visits, &evidence(&separate.events, &r));
        assert!(text.contains("2 covered visit(s)"), "{text}");
        // And in either order of judging: the 家族 judged, the 本人 earlier.
        let reversed = run_of_patients(
            &[("20261105", FAMILY), ("20261112", PRINCIPAL)],
            &lines![
                "RE,1,1116,202611,,2,19900101",
                "HO,06139992,1001,2345,1,291",
                "SN,1,01,,,,01",
                jd(&[5]),
                "RE,2,1112,202611,,1,19850412",
                "HO,06139992,1001,2345,1,291",
                "SN,1,01,,,,00",
                jd(&[12]),
                "GO,2,582,99",
            ],
        );
        pass(&Visits, &evidence(&reversed.events, &r));

        // The household merged into the 本人's one claim: the 家族's visit has no claim.
        let merged = run_of_patients(
            &visits,
            &lines![
                "RE,1,1112,202611,,1,19850412",
                "HO,06139992,1001,2345,2,582",
                "SN,1,01,,,,00",
                jd(&[5, 12]),
                "GO,1,582,99",
            ],
        );
        let text = fail(&Visits, &evidence(&merged.events, &r));
        assert!(
            text.contains("2026-11-12") && text.contains("no claim of its own patient"),
            "{text}"
        );
        // The patient is named by a masked key, never in clear.
        assert!(text.contains("patient 06139992/"), "{text}");
        for clear in ["2345", "1001", "19900101", "19850412"] {
            assert!(!text.contains(clear), "{clear} in {text}");
        }
        // The 家族 claimed twice in the month is still 重複請求.
        let twice = run_of_patients(
            &[("20261105", FAMILY), ("20261112", FAMILY)],
            &lines![
                "RE,1,1116,202611,,2,19900101",
                "HO,06139992,1001,2345,1,291",
                "SN,1,01,,,,01",
                jd(&[5]),
                "RE,2,1116,202611,,2,19900101",
                "HO,06139992,1001,2345,1,73",
                "SN,1,01,,,,01",
                jd(&[12]),
                "GO,2,364,99",
            ],
        );
        assert!(fail(&Visits, &evidence(&twice.events, &r)).contains("重複請求"));
    }

    #[test]
    fn one_visit_is_left_to_uke_insurer() {
        let r = result(Outcome::Eligible, &[]);
        let tl = run_of(
            &[("20261105", "06139992", "2345")],
            &lines![
                "RE,1,1112,202611,,1,19850412",
                "HO,06139992,1001,2345,1,291",
                "GO,1,291,99"
            ],
        );
        assert!(not_applicable(&Visits, &evidence(&tl.events, &r)).contains("one visit"));
    }
}
