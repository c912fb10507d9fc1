//! `UKE-subsidy-cap`: a 医療費助成 KO's 負担金額 is within the 自己負担上限額 of its entry
//! (`docs/subsidies.md`, "What a レセコン does").

use mynakit_oqs::ElementName;

use super::subsidy::{covered_claim, entry_of, entry_of_payer, none_claimed, subsidy_kos};
use super::words::subsidy as words;
use super::{judge_month, Visit};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `UKE-subsidy-cap`: what a 医療費助成 KO says the patient paid is within the entry's
    /// 自己負担上限額 (月額).
    SubsidyCap {
        id: "UKE-subsidy-cap",
        severity: Failed,
        rule: "A レセコン that writes the claim file (claim-file) writes a 医療費助成 KO's \
               負担金額 (医科 KO field 6, the spec's 項番 7; 調剤 KO 一部負担金額), where it \
               writes one, no higher than the MedicalSubsidySelfPayLimit of the entry of the \
               visit's answer the KO claims: the patient's payment under that 公費 in the month, which the 上限額 (月額) \
               caps; 0 where the entry's 上限額 is 0. Once the month's visits reach the 上限額, \
               later visits add nothing to it.",
        rationale: "The 自己負担上限額 is what the patient pays at most in the month under the \
                    受給者証; the 自治体 pays the rest. A claim that says the patient paid more \
                    than the 上限額 asks the 自治体 for too little and the patient for too much, \
                    and comes back (返戻: 公費負担金額の誤り). The 上限額 comes with the \
                    confirmation so that the レセコン applies it.",
        reference: "厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(医科用: KO \
                     公費レコード 負担金額); デジタル庁 PMH (20240325_policies_health_outline_01: \
                     自己負担上限額); docs/subsidies.md",
        roles: [ReceiptComputer],
        evaluate: subsidy_cap,
    }
}

fn subsidy_cap(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    judge_month(e, run, judge_visit)
}

fn judge_visit(visit: &Visit<'_>) -> Verdict {
    let Some(claim) = covered_claim(visit) else {
        return none_claimed(visit);
    };
    let mut judged = 0;
    for ko in subsidy_kos(visit, claim) {
        // The entry of its numbers, else of its 公費負担者番号 (a KO of the wrong 受給者番号 or
        // of no entry is `UKE-subsidy`'s finding).
        let Some(entry) = entry_of(visit, ko).or_else(|| entry_of_payer(visit, ko)) else {
            continue;
        };
        let cap = entry
            .get(ElementName::MedicalSubsidySelfPayLimit)
            .and_then(|c| c.trim().parse::<u64>().ok());
        let (Some(cap), Some(paid)) = (cap, ko.burden) else {
            continue;
        };
        judged += 1;
        if paid > cap {
            return Verdict::Fail(words::over_cap(visit, ko.line, ko.payer.trim(), paid, cap));
        }
    }
    if judged == 0 {
        return Verdict::NotApplicable(words::no_burden(visit.answer.path));
    }
    Verdict::Pass(words::within_cap(visit, judged))
}

#[cfg(test)]
mod tests {
    use mynakit_timeline::{content_value, ContentFields};

    use super::*;
    use crate::testkit::*;
    use crate::uke::subsidy::tests::{entry, judged};

    fn capped(payer: &str, recipient: &str, cap: &str) -> ContentFields {
        let mut e = entry(payer, recipient, "20260401", "20270331");
        e.insert(
            ElementName::MedicalSubsidySelfPayLimit,
            content_value(ElementName::MedicalSubsidySelfPayLimit, cap),
        );
        e
    }

    #[test]
    fn a_ko_pays_within_its_cap() {
        let entries = || {
            vec![
                capped("54220017", "4567897", "10000"),
                capped("80220015", "5678917", "0"),
            ]
        };
        let (tl, r) = judged(
            entries(),
            "1",
            &[
                "KO,54220017,4567897,,1,291,870",
                "KO,80220015,5678917,,1,291,0",
            ],
        );
        let text = pass(&SubsidyCap, &evidence(&tl.events, &r));
        assert!(text.contains("2 KO"), "{text}");
        // At the cap: within it.
        let (tl, r) = judged(entries(), "1", &["KO,54220017,4567897,,1,291,10000"]);
        pass(&SubsidyCap, &evidence(&tl.events, &r));
        // Above a cap of 0.
        let (tl, r) = judged(entries(), "1", &["KO,80220015,5678917,,1,291,870"]);
        let text = fail(&SubsidyCap, &evidence(&tl.events, &r));
        assert!(text.contains("870") && text.contains("上限"), "{text}");
        assert!(text.ja().unwrap().contains("自己負担上限額"), "{text:?}");
        // Above 10,000.
        let (tl, r) = judged(entries(), "1", &["KO,54220017,4567897,,1,291,10010"]);
        fail(&SubsidyCap, &evidence(&tl.events, &r));
        // No 負担金額 written: nothing to judge; nor a KO of no entry.
        let (tl, r) = judged(entries(), "1", &["KO,54220017,4567897,,1,291"]);
        not_applicable(&SubsidyCap, &evidence(&tl.events, &r));
        let (tl, r) = judged(entries(), "1", &["KO,16190001,3456786,,1,291,99999"]);
        not_applicable(&SubsidyCap, &evidence(&tl.events, &r));
    }

    /// A KO whose own JD (負担者種別 2) marks another day of the month is not this visit's.
    #[test]
    fn a_ko_of_another_day_is_not_this_visits() {
        let mut marks = vec![""; 31];
        marks[11] = "1";
        let jd = format!("JD,2,{}", marks.join(","));
        let (tl, r) = judged(
            vec![capped("80220015", "5678917", "0")],
            "1",
            &["KO,80220015,5678917,,1,291,870", &jd],
        );
        not_applicable(&SubsidyCap, &evidence(&tl.events, &r));
        marks[11] = "";
        marks[4] = "1";
        let jd = format!("JD,2,{}", marks.join(","));
        let (tl, r) = judged(
            vec![capped("80220015", "5678917", "0")],
            "1",
            &["KO,80220015,5678917,,1,291,870", &jd],
        );
        fail(&SubsidyCap, &evidence(&tl.events, &r));
    }
}
