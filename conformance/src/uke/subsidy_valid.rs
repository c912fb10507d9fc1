//! `UKE-subsidy-valid`: a 医療費助成 KO names an entry valid on the visit's day
//! (`docs/subsidies.md`, "What a レセコン does").

use mynakit_oqs::ElementName;

use super::subsidy::{covered_claim, entry_of, entry_of_payer, none_claimed, subsidy_kos};
use super::words::subsidy as words;
use super::{judge_month, Visit};
use crate::check::{Evidence, Verdict};
use crate::run::claim::iso_day;
use crate::run::Run;

check! {
    /// `UKE-subsidy-valid`: the 受給者証 a 医療費助成 KO names is valid on the visit's day.
    SubsidyValid {
        id: "UKE-subsidy-valid",
        severity: Failed,
        rule: "A レセコン that writes the claim file (claim-file) claims a 医療費助成 (公費) only \
               for a visit within its 受給者証's 有効期間 as the answer gives it \
               (MedicalSubsidyValidStartDate to MedicalSubsidyValidEndDate, both days \
               included; no end date: no end): an entry that expired before the visit, or \
               starts after it, still comes with the answer and is not taken.",
        rationale: "The answer carries an expired or not yet valid 受給者証 with its dates; the \
                    自治体 pays nothing outside them, and the claim comes back (返戻: 公費の\
                    有効期間外). Choosing by the day is the レセコン's work.",
        reference: "厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(医科用: KO \
                     公費レコード); docs/subsidies.md",
        roles: [ReceiptComputer],
        evaluate: subsidy_valid,
    }
}

fn subsidy_valid(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    judge_month(e, run, judge_visit)
}

fn judge_visit(visit: &Visit<'_>) -> Verdict {
    let day = visit
        .answered(ElementName::QualificationConfirmationDate)
        .and_then(iso_day)
        .map(|iso| iso.replace('-', ""));
    let (Some(claim), Some(day)) = (covered_claim(visit), day) else {
        return none_claimed(visit);
    };
    let mut judged = 0;
    let kos = subsidy_kos(visit, claim);
    for ko in &kos {
        // The entry of its numbers, else of its 公費負担者番号 (a KO of the wrong 受給者番号 or
        // of no entry is `UKE-subsidy`'s finding).
        let Some(entry) = entry_of(visit, ko).or_else(|| entry_of_payer(visit, ko)) else {
            continue;
        };
        judged += 1;
        let date = |element| {
            entry
                .get(element)
                .map(str::trim)
                .filter(|d: &&str| !d.is_empty())
        };
        let from = date(ElementName::MedicalSubsidyValidStartDate);
        let to = date(ElementName::MedicalSubsidyValidEndDate);
        // yyyyMMdd compares as text.
        let before = from.is_some_and(|from| day.as_str() < from);
        let after = to.is_some_and(|to| day.as_str() > to);
        if before || after {
            return Verdict::Fail(words::out_of_period(
                visit,
                ko.line,
                ko.payer.trim(),
                (from.unwrap_or_default(), to.unwrap_or_default()),
                &day,
            ));
        }
    }
    if kos.is_empty() {
        return none_claimed(visit);
    }
    let entries = visit.answer.subsidies.len();
    if judged == 0 {
        return Verdict::NotApplicable(words::none_of_entries(
            visit.answer.path,
            entries,
            kos.len(),
        ));
    }
    Verdict::Pass(words::within_period(visit, judged, &day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;
    use crate::uke::subsidy::tests::{entry, judged};

    #[test]
    fn a_ko_names_an_entry_valid_on_the_day() {
        let entries = || {
            vec![
                entry("54220017", "4567897", "20260401", "20270331"),
                entry("15220015", "5678905", "20250401", "20261031"),
                entry("21220017", "6789013", "20261201", ""),
            ]
        };
        let (tl, r) = judged(entries(), "1", &["KO,54220017,4567897,,1,291"]);
        pass(&SubsidyValid, &evidence(&tl.events, &r));
        // Expired on 2026-10-31, the visit on 2026-11-05.
        let (tl, r) = judged(entries(), "1", &["KO,15220015,5678905,,1,291"]);
        let text = fail(&SubsidyValid, &evidence(&tl.events, &r));
        assert!(text.contains("20261031"), "{text}");
        assert!(text.ja().unwrap().contains("有効期間"), "{text:?}");
        // Not yet valid.
        let (tl, r) = judged(entries(), "1", &["KO,21220017,6789013,,1,291"]);
        fail(&SubsidyValid, &evidence(&tl.events, &r));
        // A KO of no entry is not this check's.
        let (tl, r) = judged(entries(), "1", &["KO,16190001,3456786,,1,291"]);
        let text = not_applicable(&SubsidyValid, &evidence(&tl.events, &r));
        assert!(text.contains("of its 3 entry(ies)"), "{text}");
        // None taken: the answer's entries are counted, not those judged.
        let (tl, r) = judged(entries(), "1", &[]);
        let text = not_applicable(&SubsidyValid, &evidence(&tl.events, &r));
        assert!(text.contains("(3 entry(ies) in the answer)"), "{text}");
        // A 受給者番号 of another entry: the 受給者証 of its 公費負担者番号 is judged.
        let (tl, r) = judged(entries(), "1", &["KO,54220017,5678905,,1,291"]);
        pass(&SubsidyValid, &evidence(&tl.events, &r));
    }
}
