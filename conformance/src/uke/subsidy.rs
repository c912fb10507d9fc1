//! `UKE-subsidy`: each 医療費助成 KO of a visit's claim names one entry of the visit's answer
//! (`docs/subsidies.md`, "What a レセコン does").

use mynakit_oqs::ElementName;
use mynakit_timeline::{ClaimSummary, ClaimedPublicExpense, ContentFields};

use super::words::subsidy as words;
use super::{judge_month, Visit};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `UKE-subsidy`: a 医療費助成 KO carries the 公費負担者番号 and 受給者番号 of one entry of
    /// the visit's answer.
    Subsidy {
        id: "UKE-subsidy",
        severity: Failed,
        rule: "A レセコン that writes the claim file (claim-file) claims a 医療費助成 (公費) of a \
               covered visit with a KO record whose 公費負担者番号 and 受給者番号 are those of one \
               MedicalSubsidyCertificateInfo of the visit's answer: never a 公費 the answer does \
               not carry (one the patient declined at the face reader, a paper-only 自治体's, \
               one of another patient or another day), nor the 公費負担者番号 of one entry with \
               the 受給者番号 of another.",
        rationale: "The 自治体 pays a 公費 claim by the 受給者番号 it issued under that \
                    公費負担者番号: a KO of numbers that do not belong together, or of a 受給者証 \
                    the patient did not present, comes back (返戻: 公費の記載誤り, \
                    公費受給者番号の誤り). The PMH entries come with the confirmation so that the \
                    レセコン takes them as they are, and only those.",
        reference: "厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(医科用: KO \
                     公費レコード); デジタル庁 PMH (20240325_policies_health_outline_01); \
                     docs/subsidies.md",
        roles: [ReceiptComputer],
        evaluate: subsidy,
    }
}

fn subsidy(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    judge_month(e, run, judge_visit)
}

/// The 医療費助成 KO of `claim` used on the visit's day: every KO but the 医療扶助 one a
/// 医療扶助 answer names (`UKE-public-expense` owns that one), and but one whose own JD (受診日等
/// of its 負担者種別) marks days of the month other than the visit's: a 公費 used on another day
/// of the month (a 受給者証 that ended mid-month, one the patient declined that day) is not
/// claimed for this visit. A KO without a JD of its own is used on every day of its claim.
pub(crate) fn subsidy_kos<'c>(
    visit: &Visit<'_>,
    claim: &'c ClaimSummary,
) -> Vec<&'c ClaimedPublicExpense> {
    let day = visit_day_of_month(visit);
    month_subsidy_kos(visit, claim)
        .into_iter()
        .filter(|ko| ko.days.is_empty() || day.is_none_or(|d| ko.days.contains(&d)))
        .collect()
}

/// Every 医療費助成 KO of `claim`, whatever day of the month it was used on: every KO but the
/// 医療扶助 one a 医療扶助 answer names.
pub(crate) fn month_subsidy_kos<'c>(
    visit: &Visit<'_>,
    claim: &'c ClaimSummary,
) -> Vec<&'c ClaimedPublicExpense> {
    let assistance = visit
        .medical_assistance()
        .then(|| visit.answered(ElementName::InsurerNumber))
        .flatten();
    claim
        .public_expenses
        .iter()
        .filter(|ko| Some(ko.payer.trim()) != assistance)
        .collect()
}

/// The day of the month (1–31) of the visit's answer (`QualificationConfirmationDate`).
fn visit_day_of_month(visit: &Visit<'_>) -> Option<u8> {
    visit
        .answered(ElementName::QualificationConfirmationDate)
        .and_then(|d| d.get(6..8))
        .and_then(|d| d.parse::<u8>().ok())
        .filter(|d| (1..=31).contains(d))
}

/// The entry of the visit's answer whose 公費負担者番号 `ko` claims (the first, where two
/// share it): whose 受給者証 the KO bills, whatever 受給者番号 it wrote.
pub(crate) fn entry_of_payer<'a>(
    visit: &Visit<'a>,
    ko: &ClaimedPublicExpense,
) -> Option<&'a ContentFields> {
    visit
        .answer
        .subsidies
        .iter()
        .find(|entry| of_payer(entry, ko))
}

/// Whether `entry` is of the 公費負担者番号 `ko` claims.
fn of_payer(entry: &ContentFields, ko: &ClaimedPublicExpense) -> bool {
    entry
        .get(ElementName::MedicalSubsidyPayerNumber)
        .map(str::trim)
        == Some(ko.payer.trim())
}

/// The entry of the visit's answer `ko` names: the same 公費負担者番号 and 受給者番号.
pub(crate) fn entry_of<'a>(
    visit: &Visit<'a>,
    ko: &ClaimedPublicExpense,
) -> Option<&'a ContentFields> {
    visit.answer.subsidies.iter().find(|entry| {
        of_payer(entry, ko)
            && entry
                .get(ElementName::MedicalSubsidyRecipientNumber)
                .is_some_and(|r| ko.recipient.iter().any(|c| c == r.trim()))
    })
}

fn judge_visit(visit: &Visit<'_>) -> Verdict {
    if !visit.covered {
        return Verdict::NotApplicable(words::not_covered(visit.answer.path));
    }
    // No claim for a covered visit is `UKE-insurer`'s finding, not this one's.
    let Some(claim) = visit.claim else {
        return Verdict::NotApplicable(words::none_claimed(visit.answer.path, 0));
    };
    let kos = subsidy_kos(visit, claim);
    if kos.is_empty() && declined(visit) {
        // The patient declined at the face reader and the claim takes none for the day.
        return Verdict::Pass(words::declined_none_taken(visit));
    }
    if kos.is_empty() {
        return Verdict::NotApplicable(words::none_claimed(
            visit.answer.path,
            visit.answer.subsidies.len(),
        ));
    }
    for ko in &kos {
        if entry_of(visit, ko).is_some() {
            continue;
        }
        let payer_known = entry_of_payer(visit, ko).is_some();
        return Verdict::Fail(if payer_known {
            words::other_recipient(visit, ko.line, ko.payer.trim())
        } else {
            words::not_in_answer(visit, ko.line, ko.payer.trim(), declined(visit))
        });
    }
    Verdict::Pass(words::taken(visit, kos.len()))
}

/// Whether the patient declined the 医療費助成 at the face reader (`MedicalSubsidyConsFlg` 0 in
/// the answer: **mynakit's model**, `docs/subsidies.md`, "The patient's choice").
pub(crate) fn declined(visit: &Visit<'_>) -> bool {
    visit.answered(ElementName::MedicalSubsidyConsFlg) == Some("0")
}

#[cfg(test)]
pub(crate) mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::{content_value, ContentFields, EventKind};

    use super::*;
    use crate::testkit::*;

    const PUSH: &str = "face/OQSsiquc01res_face_1_20261105090000.xml";

    /// An entry as the terminal keeps it: 制度, 公費負担者番号, 受給者番号 and 有効期間.
    pub(crate) fn entry(payer: &str, recipient: &str, from: &str, to: &str) -> ContentFields {
        [
            (ElementName::MedicalSubsidyScheme, "04"),
            (ElementName::MedicalSubsidyPayerNumber, payer),
            (ElementName::MedicalSubsidyRecipientNumber, recipient),
            (ElementName::MedicalSubsidyValidStartDate, from),
            (ElementName::MedicalSubsidyValidEndDate, to),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, content_value(k, v)))
        .collect()
    }

    /// A face push of 2026-11-05 of an insured patient carrying `entries` (`flag`: the answer
    /// to the question), and a claim whose KO lines are `kos`.
    pub(crate) fn judged(
        entries: Vec<ContentFields>,
        flag: &str,
        kos: &[&str],
    ) -> (Tl, mynakit_protocol::RunResult) {
        let mut fields = vec![
            ("QualificationValidity", "1"),
            ("InsurerNumber", "06139992"),
            ("InsuredIdentificationNumber", "2345"),
            ("QualificationConfirmationDate", "20261105"),
        ];
        if !flag.is_empty() {
            fields.push(("MedicalSubsidyConsFlg", flag));
        }
        let mut tl = Tl::new()
            .file(PUSH, "face-written")
            .content(PUSH, "UTF-8", &fields, &[]);
        if let Some(event) = tl.events.last_mut() {
            if let EventKind::Content { subsidies, .. } = &mut event.kind {
                *subsidies = entries;
            }
        }
        let mut lines = vec!["RE,1,1132,202611,,1,20200101", "HO,06139992,,2345,1,291"];
        lines.extend_from_slice(kos);
        lines.push("GO,1,291,99");
        let tl = tl.result("eligible").claim_file(&lines);
        (tl, result(Outcome::Eligible, &[]))
    }

    fn two() -> Vec<ContentFields> {
        vec![
            entry("88190012", "1234574", "20260401", ""),
            entry("52190014", "2345684", "20260401", "20270331"),
        ]
    }

    #[test]
    fn a_ko_names_one_entry_of_the_answer() {
        let (tl, r) = judged(
            two(),
            "1",
            &["KO,88190012,1234574,,1,291", "KO,52190014,2345684,,1,291"],
        );
        let text = pass(&Subsidy, &evidence(&tl.events, &r));
        assert!(text.contains("2 KO"), "{text}");
        // The numbers of two entries crossed.
        let (tl, r) = judged(two(), "1", &["KO,88190012,2345684,,1,291"]);
        let text = fail(&Subsidy, &evidence(&tl.events, &r));
        assert!(text.contains("another entry"), "{text}");
        assert!(text.ja().unwrap().contains("受給者番号"), "{text:?}");
        // A 公費 the answer does not carry (a paper-only 自治体's).
        let (tl, r) = judged(two(), "1", &["KO,16190001,3456786,,1,291"]);
        let text = fail(&Subsidy, &evidence(&tl.events, &r));
        assert!(text.contains("16190001"), "{text}");
        // Declined at the face reader: the answer carries none, and says so.
        let (tl, r) = judged(Vec::new(), "0", &["KO,88190012,1234574,,1,291"]);
        let text = fail(&Subsidy, &evidence(&tl.events, &r));
        assert!(text.contains("declined"), "{text}");
        assert!(text.ja().unwrap().contains("断った"), "{text:?}");
        // Taking none is not judged here, but where the patient declined: then it is right.
        let (tl, r) = judged(two(), "1", &[]);
        not_applicable(&Subsidy, &evidence(&tl.events, &r));
        let (tl, r) = judged(Vec::new(), "0", &[]);
        let text = pass(&Subsidy, &evidence(&tl.events, &r));
        assert!(text.contains("declined"), "{text}");
    }
}
