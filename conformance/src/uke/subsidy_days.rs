//! `UKE-subsidy-days`: a 医療費助成 KO's 診療実日数 counts the days its 公費 was used, as its
//! own JD marks them (`docs/subsidies.md`, "What a レセコン does").

use super::subsidy::month_subsidy_kos;
use super::words::subsidy as words;
use super::{judge_month, Visit};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `UKE-subsidy-days`: a 医療費助成 KO's 診療実日数 is the number of days its JD marks.
    SubsidyDays {
        id: "UKE-subsidy-days",
        severity: Failed,
        rule: "A レセコン that writes the claim file (claim-file) counts in a 医療費助成 KO's \
               診療実日数 (調剤: 処方箋受付回数) the days of the month the 公費 was used, the days \
               the JD of its 負担者種別 (第n公費: n+1) marks, not every day of the claim: a \
               受給者証 that ended mid-month, or a 公費 the patient declined on a later visit, \
               counts only its own days. Judged where the claim writes both.",
        rationale: "The 自治体 pays for the days its 受給者証 was used: a KO that counts the days \
                    of the insurance, HO's 実日数 copied, claims it for days outside its \
                    有効期間 or after the patient declined it (返戻: 公費の実日数の誤り).",
        reference: "厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(医科用: KO \
                     公費レコード 診療実日数; JD 受診日等レコード, 負担者種別); docs/subsidies.md",
        roles: [ReceiptComputer],
        evaluate: subsidy_days,
    }
}

fn subsidy_days(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    judge_month(e, run, judge_visit)
}

fn judge_visit(visit: &Visit<'_>) -> Verdict {
    let (Some(claim), true) = (visit.claim, visit.covered) else {
        return Verdict::NotApplicable(words::none_claimed(visit.answer.path, 0));
    };
    let mut judged = 0;
    for ko in month_subsidy_kos(visit, claim) {
        let (Some(said), false) = (ko.actual_days, ko.days.is_empty()) else {
            continue;
        };
        judged += 1;
        let marked = u32::try_from(ko.days.len()).unwrap_or(u32::MAX);
        if said != marked {
            return Verdict::Fail(words::days_not_marked(
                visit,
                ko.line,
                ko.payer.trim(),
                (said, marked),
            ));
        }
    }
    if judged == 0 {
        return Verdict::NotApplicable(words::no_days(visit.answer.path));
    }
    Verdict::Pass(words::days_marked(visit, judged))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;
    use crate::uke::subsidy::tests::{entry, judged};

    fn jd(kind: &str, days: &[usize]) -> String {
        let marks: Vec<&str> = (1..=31)
            .map(|d| if days.contains(&d) { "1" } else { "" })
            .collect();
        format!("JD,{kind},{}", marks.join(","))
    }

    #[test]
    fn a_ko_counts_the_days_its_jd_marks() {
        let entries = || vec![entry("54220017", "4567897", "20260401", "20270331")];
        let (insurance, public) = (jd("1", &[1, 5]), jd("2", &[5]));
        let (tl, r) = judged(
            entries(),
            "1",
            &["KO,54220017,4567897,,1,291", &insurance, &public],
        );
        let text = pass(&SubsidyDays, &evidence(&tl.events, &r));
        assert!(text.contains("1 KO"), "{text}");
        // HO's two days copied into the KO, whose JD marks one.
        let (tl, r) = judged(
            entries(),
            "1",
            &["KO,54220017,4567897,,2,366", &insurance, &public],
        );
        let text = fail(&SubsidyDays, &evidence(&tl.events, &r));
        assert!(text.contains("実日数 2"), "{text}");
        assert!(text.ja().unwrap().contains("受診日等"), "{text:?}");
        // No JD of the 公費: nothing to judge.
        let (tl, r) = judged(entries(), "1", &["KO,54220017,4567897,,2,366", &insurance]);
        not_applicable(&SubsidyDays, &evidence(&tl.events, &r));
    }
}
