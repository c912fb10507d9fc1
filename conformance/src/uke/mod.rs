//! The claim file's checks (`UKE-`): what a レセコン of the flow `claim-file` wrote in
//! RECEIPTC.UKE, judged against the answer the visit rests on (`docs/uke.md`, "The claim file
//! in a run"). They read the `claim-file` event (the file's claims, personal values redacted as
//! the terminal's content events redact them) and the terminal's answer, so equal values compare
//! equal without either being kept.
//!
//! One module per check; how they find the visit's claim is here.

use mynakit_oqs::codes::MEDICAL_ASSISTANCE_CARD;
use mynakit_oqs::{ElementName, QualificationValidity};
use mynakit_protocol::{ClientMessage, Day};
use mynakit_timeline::{ClaimFile, ClaimSummary, ClaimedCode, Redacted};
use mynakit_uke::YearMonth;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::claim::iso_day;
use crate::run::folder::{own_answer, own_answer_before, Content};
use crate::run::{Run, Step};

pub(crate) mod addition;
pub(crate) mod file;
pub(crate) mod income_class;
pub(crate) mod insurer;
pub(crate) mod public_expense;
pub(crate) mod share;
pub(crate) mod station_addition;
pub(crate) mod station_amounts;
pub(crate) mod station_insurer;
pub(crate) mod station_public_expense;
pub(crate) mod subsidy;
pub(crate) mod subsidy_cap;
pub(crate) mod subsidy_days;
pub(crate) mod subsidy_valid;
pub(crate) mod visits;
mod words;

/// A visit as the claim checks read it.
pub(crate) struct Visit<'a> {
    /// The answer the client's result rests on.
    pub(crate) answer: Content<'a>,
    /// The claim file, as read when the client had ended.
    pub(crate) file: &'a ClaimFile,
    /// Its name in the claim folder.
    pub(crate) path: &'a str,
    /// The claim of this visit: the one whose HO (or KO) names the answer's insurer, else
    /// the file's only claim.
    pub(crate) claim: Option<&'a ClaimSummary>,
    /// Whether the answer says the person is covered on the day (validity 1, or 6 for
    /// 医療扶助): a visit the insurance (or the 医療扶助) pays, so one to claim.
    pub(crate) covered: bool,
}

impl Visit<'_> {
    /// The answer's value of `element` (redacted as the content event keeps it).
    pub(crate) fn answered(&self, element: ElementName) -> Option<&str> {
        self.answer.fields.get(element).map(str::trim)
    }

    /// Whether the answer is 医療扶助: 被保険者証区分 A1 (its InsurerNumber is then the
    /// 公費負担者番号, its InsuredIdentificationNumber the 受給者番号).
    pub(crate) fn medical_assistance(&self) -> bool {
        self.answered(ElementName::InsuredCardClassification) == Some(MEDICAL_ASSISTANCE_CARD)
    }
}

/// Whether a personal value of the claim is the answer's `element`: the answer's digest is
/// one of the claim's (in either character width), or both are empty.
pub(crate) fn holds(visit: &Visit<'_>, claimed: &Redacted, element: ElementName) -> bool {
    holds_in(&visit.answer, claimed, element)
}

/// [`holds`] against any answer.
pub(crate) fn holds_in(answer: &Content<'_>, claimed: &Redacted, element: ElementName) -> bool {
    match answer
        .fields
        .get(element)
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        Some(answered) => claimed.iter().any(|c| c == answered),
        None => claimed.is_empty(),
    }
}

/// Whether `claim` is made to the insurer `answer` names: its HO's 保険者番号, or a KO's
/// 公費負担者番号 (医療扶助), compared without leading spaces.
pub(crate) fn names_insurer(claim: &ClaimSummary, answer: &Content<'_>) -> bool {
    let insurer = answer
        .fields
        .get(ElementName::InsurerNumber)
        .map(str::trim)
        .unwrap_or_default();
    claim
        .insurer
        .as_ref()
        .is_some_and(|h| h.insurer.trim() == insurer)
        || claim
            .public_expenses
            .iter()
            .any(|k| k.payer.trim() == insurer)
}

/// Whether `claim` names the answer's insured number under the answer's insurer: it names the
/// insurer ([`names_insurer`]) and holds the 番号 (HO) or 受給者番号 (KO) the answer gives. A
/// household shares it (本人 and 家族 of one 健保組合 share 記号・番号), so this is not yet one
/// patient: [`of_patient`] is.
pub(crate) fn of_insured(claim: &ClaimSummary, answer: &Content<'_>) -> bool {
    let number = ElementName::InsuredIdentificationNumber;
    names_insurer(claim, answer)
        && (claim
            .insurer
            .as_ref()
            .is_some_and(|h| holds_in(answer, &h.number, number))
            || claim
                .public_expenses
                .iter()
                .any(|k| holds_in(answer, &k.recipient, number)))
}

/// Whether `claim` is the answer's patient (docs/uke.md, "One patient"): insurer + 記号・番号 +
/// 枝番 + 生年月日 (for 公費単独, 公費負担者番号 + 受給者番号 + 生年月日). 本人 and 家族 sharing one
/// 記号・番号 are two patients; so are twins of one 記号・番号 (their 枝番). A part the claim or
/// the answer leaves empty does not tell patients apart (a file without SN keeps no 枝番).
pub(crate) fn of_patient(claim: &ClaimSummary, answer: &Content<'_>) -> bool {
    of_insured(claim, answer) && key_distance(claim, answer) == 0
}

/// How many parts of the patient key beyond the insured number (記号, 枝番, 生年月日) the claim
/// writes otherwise than the answer, each compared where both hold it: the claim of a patient
/// written with one wrong part is nearer to that patient than another of the household's.
pub(crate) fn key_distance(claim: &ClaimSummary, answer: &Content<'_>) -> usize {
    let given = |element: ElementName| {
        answer
            .fields
            .get(element)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let differs = |claimed: &Redacted, element: ElementName| {
        given(element).is_some_and(|v| !claimed.is_empty() && !claimed.iter().any(|c| c == v))
    };
    let insurer = given(ElementName::InsurerNumber).unwrap_or_default();
    // 記号 and 枝番 are the insurance's: read where HO names the answer's insurer (a 併用
    // claim's HO names another payer than a 医療扶助 answer).
    let insurance = claim
        .insurer
        .as_ref()
        .filter(|h| h.insurer.trim() == insurer);
    let symbol = insurance.is_some_and(|h| differs(&h.symbol, ElementName::InsuredCardSymbol));
    let branch = insurance.is_some()
        && claim
            .confirmations
            .iter()
            .filter(|sn| sn.payer_kind.known() == Some(mynakit_uke::PayerKind::Insurance))
            .any(|sn| differs(&sn.branch, ElementName::InsuredBranchNumber));
    let birth = claim
        .birth
        .as_deref()
        .is_some_and(|b| given(ElementName::Birthdate).is_some_and(|v| v != b));
    [symbol, branch, birth].into_iter().filter(|d| *d).count()
}

/// The patient of an answer as findings name it ([`Content::patient_key`]).
pub(crate) fn patient_key(answer: &Content<'_>) -> String {
    answer.patient_key()
}

/// The month and the day of the month (1–31) of an answer's `QualificationConfirmationDate`,
/// read by the one day reader (`mynakit_protocol::Day`): the month as the claim's 診療年月 is
/// typed, so the two compare as months, not as text.
pub(crate) fn day_of(answer: &Content<'_>) -> Option<(YearMonth, u8)> {
    let iso = answer
        .fields
        .get(ElementName::QualificationConfirmationDate)
        .and_then(iso_day)?;
    let day = Day::parse(&iso).ok()?;
    Some((
        YearMonth {
            year: day.year,
            month: day.month,
        },
        day.day,
    ))
}

/// What a claim bills for the visit on `day`: every code of a claim of that one day; in a
/// claim of several days (a month's visits, docs/uke.md "Several visits in a month"), the codes
/// whose 算定日 mark `day`. The second list holds the codes of a claim of several days that
/// mark no day at all, which cannot be put on a visit.
pub(crate) fn billed_on(
    claim: &ClaimSummary,
    day: Option<u8>,
) -> (Vec<&ClaimedCode>, Vec<&ClaimedCode>) {
    let several = claim.days.len() > 1
        || claim
            .procedures
            .iter()
            .flat_map(|p| &p.days)
            .any(|d| Some(*d) != day);
    match day {
        Some(day) if several => {
            let (marked, unmarked): (Vec<_>, Vec<_>) =
                claim.procedures.iter().partition(|p| !p.days.is_empty());
            (
                marked
                    .into_iter()
                    .filter(|p| p.days.contains(&day))
                    .collect(),
                unmarked,
            )
        }
        _ => (claim.procedures.iter().collect(), Vec::new()),
    }
}

/// The visit the 医科, 歯科 and 調剤 claim checks judge, or the verdict when there is none to
/// judge: a 訪問看護ステーション's file (点数表 6, judged by `UKE-station-dx-addition`), a
/// station's file whose header could not be read (its one finding is `UKE-file-reads`'s, not
/// a 医科 check's), or none to judge for [`any_visit`].
pub(crate) fn visit<'a>(e: &Evidence<'_>, run: &Run<'a>) -> Result<Visit<'a>, Verdict> {
    let visit = any_visit(e, run)?;
    if visit.file.is_station() {
        return Err(Verdict::NotApplicable(words::visit::station_file(
            visit.path,
        )));
    }
    if unread_station_file(visit.file) {
        return Err(Verdict::NotApplicable(words::visit::station_file_unread(
            visit.path,
        )));
    }
    Ok(visit)
}

/// Whether `file` is a station's that could not be read as far as its header: no 点数表 read,
/// written (not missing) by a facility of 点数表 6 (`MYNAKIT_FACILITY_CODE`).
fn unread_station_file(file: &ClaimFile) -> bool {
    let facility = file.facility_table.as_ref().and_then(|t| t.known());
    file.table.is_none() && !file.missing && facility == Some(mynakit_uke::ScoreTable::Nursing)
}

/// The run's claim file (its name, what the harness read of it), or NOT-APPLICABLE when the run
/// has none (not the flow `claim-file`).
pub(crate) fn claim_file<'a>(run: &Run<'a>) -> Result<(&'a str, &'a ClaimFile), Verdict> {
    run.steps
        .iter()
        .find_map(|s| match s {
            Step::ClaimFile { path, file, .. } => Some((*path, *file)),
            _ => None,
        })
        .ok_or_else(|| Verdict::NotApplicable(words::visit::no_claim_file()))
}

/// The visit of a claim file of any 点数表, or the verdict when there is none to judge: no
/// claim-file event (not the flow), no result, no answer of the terminal.
pub(crate) fn any_visit<'a>(e: &Evidence<'_>, run: &Run<'a>) -> Result<Visit<'a>, Verdict> {
    let (path, file) = claim_file(run)?;
    if e.result.outcome.harness_only() {
        return Err(Verdict::NotApplicable(words::visit::no_result(
            &e.result.outcome.to_string(),
        )));
    }
    let Some(answer) = own_answer(run) else {
        return Err(Verdict::NotApplicable(words::visit::no_answer()));
    };
    Ok(visit_of(answer, file, path))
}

/// The visit resting on `answer`, claimed in `file` (named `path`).
pub(crate) fn visit_of<'a>(answer: Content<'a>, file: &'a ClaimFile, path: &'a str) -> Visit<'a> {
    let covered = answer
        .fields
        .get(ElementName::QualificationValidity)
        .and_then(QualificationValidity::from_code)
        .is_some_and(QualificationValidity::covered);
    // Of the claims to the answer's insurer, the patient's (docs/uke.md, "One patient"): the
    // claim of the answer's insured number whose key is nearest the answer's (a household's
    // claims share 記号・番号; one of the patient's written with a wrong 枝番 is still nearer
    // than another member's), then the one whose 受診日 (JD) mark the visit's day (a month's
    // file may hold a claim per insurer, docs/uke.md "Several visits in a month"). Without
    // one, a claim to the insurer that day: a hospital's month holds other patients of the
    // same insurer (docs/uke.md, "A month's file in a run").
    let day = day_of(&answer).map(|(_, day)| day);
    let on_day = |c: &&ClaimSummary| day.is_some_and(|d| c.days.contains(&d));
    let to_insurer = || file.claims.iter().filter(|c| names_insurer(c, &answer));
    let claim = file
        .claims
        .iter()
        .filter(|c| of_insured(c, &answer))
        .min_by_key(|c| (key_distance(c, &answer), !on_day(c)))
        .or_else(|| to_insurer().find(on_day))
        .or_else(|| to_insurer().next())
        .or(match file.claims.as_slice() {
            [only] if file.count() == 1 => Some(only),
            _ => None,
        });
    Visit {
        answer,
        file,
        path,
        claim,
        covered,
    }
}

/// The run's earlier visits (`given.earlier_visits`: a client `result` before the judged one)
/// of the judged visit's month, each as the claim checks read it, in the same file: a month's
/// file claims them all, and each is judged by the rules of its own day (docs/uke.md, "Several
/// visits in a month").
pub(crate) fn earlier_visits<'a>(run: &Run<'a>, judged: &Visit<'a>) -> Vec<Visit<'a>> {
    let month = day_of(&judged.answer).map(|(m, _)| m);
    run.steps
        .iter()
        .enumerate()
        .take(run.result_at)
        .filter(|(_, s)| {
            matches!(
                s,
                Step::Client {
                    message: ClientMessage::Result { .. },
                    ..
                }
            )
        })
        .filter_map(|(i, _)| own_answer_before(run, i))
        .filter(|answer| answer.path != judged.answer.path)
        .filter(|answer| month.is_some() && day_of(answer).map(|(m, _)| m) == month)
        .map(|answer| visit_of(answer, judged.file, judged.path))
        .collect()
}

/// A claim check over the month's file (docs/uke.md, "Every claim judged"): `judge` on the
/// judged visit, then on each earlier visit of its month whose claim the file holds (or that
/// the answer does not cover, whose day must stay unclaimed), each against its own patient's
/// answer. A defect in any patient's claim fails the check; the verdict names each failing
/// visit's day, answer and patient (masked, [`patient_key`]). Without one, the judged visit's
/// verdict. A covered visit the file holds no claim for is `UKE-visits`'s to judge.
pub(crate) fn judge_month(
    e: &Evidence<'_>,
    run: &Run<'_>,
    judge: impl Fn(&Visit<'_>) -> Verdict,
) -> Verdict {
    let visit = match visit(e, run) {
        Ok(visit) => visit,
        Err(verdict) => return verdict,
    };
    let verdict = judge(&visit);
    let earlier: Vec<(String, &str, String, Reason)> = earlier_visits(run, &visit)
        .iter()
        .filter(|v| v.claim.is_some() || !v.covered)
        .filter_map(|v| match judge(v) {
            Verdict::Fail(reason) => Some((
                v.answered(ElementName::QualificationConfirmationDate)
                    .and_then(iso_day)
                    .unwrap_or_default(),
                v.answer.path,
                patient_key(&v.answer),
                reason,
            )),
            _ => None,
        })
        .collect();
    match (verdict, earlier.is_empty()) {
        (verdict, true) => verdict,
        (Verdict::Fail(judged), false) => {
            Verdict::Fail(words::visit::with_earlier_visits(Some(&judged), &earlier))
        }
        (_, false) => Verdict::Fail(words::visit::with_earlier_visits(None, &earlier)),
    }
}

/// A claim's verdict from what it gets wrong against the visit's answer: PASS saying what
/// `holds`, or FAIL listing the `problems` (after `context`) with the 返戻 they predict.
/// `holds` and `context` are each in English and Japanese.
pub(crate) fn against_answer(
    visit: &Visit<'_>,
    claim: &ClaimSummary,
    problems: &[Reason],
    holds: (&str, &str),
    context: (&str, &str),
    returned: &str,
) -> Verdict {
    match problems {
        [] => Verdict::Pass(words::visit::agrees(visit, claim, holds)),
        _ => Verdict::Fail(words::visit::disagrees(
            visit, claim, problems, context, returned,
        )),
    }
}

/// The claim of a covered visit, or the verdict when there is none: the file could not be
/// read, or holds no claim for the visit.
pub(crate) fn claim_of<'v>(visit: &'v Visit<'_>) -> Result<&'v ClaimSummary, Verdict> {
    if let Some(claim) = visit.claim {
        return Ok(claim);
    }
    Err(Verdict::Fail(match &visit.file.error {
        Some(_) if visit.file.missing => words::visit::no_file(visit),
        Some(error) => words::visit::unreadable(visit, error),
        None => words::visit::no_claim(visit),
    }))
}

/// A face push's answer and a one-claim file of a patient, for the tests of the checks that
/// judge a claim against the answer's share (`share`, `income_class`).
#[cfg(test)]
pub(crate) mod test_claim {
    use mynakit_protocol::{Outcome, RunResult};

    use crate::testkit::{result, Tl};

    const PUSH: &str = "face/OQSsiquc01res_face_1_20261101090000.xml";

    /// The run: the face push holding `answer` (a valid qualification, 枝番 00), then the result,
    /// then a claim file of `re` with HO and SN of the answer's insurer.
    pub(crate) fn judged(answer: &[(&str, &str)], re: &str) -> (Tl, RunResult) {
        let mut fields = vec![
            ("QualificationValidity", "1"),
            ("InsuredBranchNumber", "00"),
        ];
        fields.extend_from_slice(answer);
        let insurer = answer
            .iter()
            .find(|(k, _)| *k == "InsurerNumber")
            .map_or("", |(_, v)| *v);
        let lines = [
            re.to_owned(),
            format!("HO,{insurer:>8},,123,1,291"),
            "SN,1,01,,,,00".to_owned(),
            "GO,1,291,99".to_owned(),
        ];
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let tl = Tl::new()
            .file(PUSH, "face-written")
            .content(PUSH, "UTF-8", &fields, &[])
            .result("eligible")
            .claim_file(&lines);
        (tl, result(Outcome::Eligible, &[]))
    }
}
