//! `UKE-public-expense`: a 医療扶助 visit's claim carries the 公費 the answer names, with the
//! 受給者番号.

use mynakit_oqs::ElementName;

use super::words::public_expense as words;
use super::{claim_of, holds, judge_month, Visit};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `UKE-public-expense`: KO names this month's 医療券's 公費負担者番号 and 受給者番号.
    PublicExpense {
        id: "UKE-public-expense",
        severity: Failed,
        rule: "A レセコン that writes the claim file (claim-file) claims a covered 医療扶助 visit \
               with a KO record whose 公費負担者番号 is the answer's InsurerNumber (法別 12) and \
               whose 受給者番号 is the answer's InsuredIdentificationNumber: never a KO without \
               the 受給者番号.",
        rationale: "The 福祉事務所 pays a 医療扶助 claim by its 受給者番号: a claim without it, or \
                    with another 公費, comes back (返戻: 公費受給者番号の記載漏れ). The answer \
                    carries both numbers so that the レセコン need not key them in from the \
                    paper 医療券.",
        reference: "厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(医科用: KO \
                     公費レコード); 厚生労働省 事務連絡 2025-04-15 (医療扶助のオンライン資格確認); \
                     docs/uke.md#the-claim-file-in-a-run",
        roles: [ReceiptComputer],
        evaluate: public_expense,
    }
}

fn public_expense(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    judge_month(e, run, judge_visit)
}

/// One visit's claim against its own 医療扶助 answer (every claim of the month is judged:
/// `judge_month`; a station's against each 医療扶助 user's 居宅 confirmation:
/// `UKE-station-public-expense`).
pub(crate) fn judge_visit(visit: &Visit<'_>) -> Verdict {
    if !visit.medical_assistance() || !visit.covered {
        return Verdict::NotApplicable(words::no_assistance(visit.answer.path));
    }
    let claim = match claim_of(visit) {
        Ok(claim) => claim,
        Err(verdict) => return verdict,
    };
    let payer = visit
        .answered(ElementName::InsurerNumber)
        .unwrap_or_default();
    let Some(ko) = claim
        .public_expenses
        .iter()
        .find(|k| k.payer.trim() == payer)
    else {
        return Verdict::Fail(words::no_ko(visit, claim, payer));
    };
    if ko.recipient.is_empty() {
        return Verdict::Fail(words::no_recipient(visit, ko.line, payer));
    }
    if !holds(
        visit,
        &ko.recipient,
        ElementName::InsuredIdentificationNumber,
    ) {
        return Verdict::Fail(words::other_recipient(visit, ko.line));
    }
    Verdict::Pass(words::carried(visit, ko.line, payer))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const PUSH: &str = "face/OQSsiquc01res_face_1_20261101090000.xml";

    #[test]
    fn a_medical_assistance_claim_carries_the_recipient_number() {
        let judged = |ko: &str| {
            let tl = Tl::new()
                .file(PUSH, "face-written")
                .content(
                    PUSH,
                    "UTF-8",
                    &[
                        ("QualificationValidity", "1"),
                        ("InsuredCardClassification", "A1"),
                        ("InsurerNumber", "12019998"),
                        ("InsuredIdentificationNumber", "1234566"),
                    ],
                    &[],
                )
                .result("medical-assistance")
                .claim_file(&[
                    "RE,1,1212,202611,,1,19651130",
                    ko,
                    "SN,2,01,12019998,,,,1234566",
                    "GO,1,291,99",
                ]);
            (tl, result(Outcome::MedicalAssistance, &[]))
        };
        let (tl, r) = judged("KO,12019998,1234566,,1,291");
        assert!(pass(&PublicExpense, &evidence(&tl.events, &r)).contains("12019998"));
        let (tl, r) = judged("KO,12019998,,,1,291");
        let text = fail(&PublicExpense, &evidence(&tl.events, &r));
        assert!(text.contains("has no 受給者番号"), "{text}");
        assert!(
            text.ja().unwrap().contains("に受給者番号がない"),
            "{text:?}"
        );
        let (tl, r) = judged("KO,12019998,7654321,,1,291");
        let text = fail(&PublicExpense, &evidence(&tl.events, &r));
        assert!(text.contains("受給者番号 is not the answer's"), "{text}");
    }
}
