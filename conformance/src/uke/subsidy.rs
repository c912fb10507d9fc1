//! `UKE-subsidy`: each 医療費助成 KO of a visit's claim names one entry of the visit's answer
//! (`docs/subsidies.md`, "What a レセコン does").

use mynakit_oqs::ElementName;
use mynakit_protocol::Flow;
use mynakit_timeline::{ClaimSummary, ClaimedPublicExpense, ContentFields};

use super::words::subsidy as words;
use super::{judge_month, Visit};
use crate::check::{Evidence, Verdict};
use crate::run::claim::iso_day;
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
               the 受給者番号 of another. A レセコン that declares the flow subsidy claims every \
               entry of the answer valid on the visit's day (up to four KO, the 第1 to \
               第4公費) unless the patient declined at the face reader (MedicalSubsidyConsFlg \
               0): a valid entry left out of the claim (one on its last valid day among \
               them) is FAILED too.",
        rationale: "The 自治体 pays a 公費 claim by the 受給者番号 it issued under that \
                    公費負担者番号: a KO of numbers that do not belong together, or of a 受給者証 \
                    the patient did not present, comes back (返戻: 公費の記載誤り, \
                    公費受給者番号の誤り). The PMH entries come with the confirmation so that the \
                    レセコン takes them as they are, and only those; a valid 受給者証 left out \
                    bills the patient the share the 自治体 pays, and the patient who chose to \
                    use it has no other 受給者証 to show.",
        reference: "厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(医科用: KO \
                     公費レコード); デジタル庁 PMH (20240325_policies_health_outline_01); \
                     docs/subsidies.md",
        roles: [ReceiptComputer],
        evaluate: subsidy,
    }
}

fn subsidy(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // Leaving an entry out is judged only of a レセコン that declares it takes them.
    let takes_all = run.declares_flow(Flow::Subsidy);
    judge_month(e, run, |visit| judge_visit(visit, takes_all))
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

fn judge_visit(visit: &Visit<'_>, takes_all: bool) -> Verdict {
    if !visit.covered {
        return Verdict::NotApplicable(words::not_covered(visit.answer.path));
    }
    // No claim for a covered visit is `UKE-insurer`'s finding, not this one's.
    let Some(claim) = visit.claim else {
        return none_claimed(visit);
    };
    let kos = subsidy_kos(visit, claim);
    if kos.is_empty() && declined(visit) {
        // The patient declined at the face reader and the claim takes none for the day.
        return Verdict::Pass(words::declined_none_taken(visit));
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
    if takes_all && !declined(visit) {
        if let Some((entry, day)) = left_out(visit, &kos) {
            let payer = entry
                .get(ElementName::MedicalSubsidyPayerNumber)
                .map(str::trim)
                .unwrap_or_default();
            return Verdict::Fail(words::left_out(visit, payer, &day, kos.len()));
        }
    }
    if kos.is_empty() {
        return none_claimed(visit);
    }
    Verdict::Pass(words::taken(visit, kos.len()))
}

/// The first entry of the answer valid on the visit's day (yyyyMMdd, returned with it) that no
/// KO of the day claims, while the claim has room for it (four 公費 at most: with four KO of
/// the day, which four is the 記録条件仕様's 公費の優先順位, not judged here).
fn left_out<'a>(
    visit: &Visit<'a>,
    kos: &[&ClaimedPublicExpense],
) -> Option<(&'a ContentFields, String)> {
    if kos.len() >= MAX_PUBLICS {
        return None;
    }
    let day = visit
        .answered(ElementName::QualificationConfirmationDate)
        .and_then(iso_day)?
        .replace('-', "");
    let entry = visit.answer.subsidies.iter().find(|entry| {
        valid_on(entry, &day)
            && !kos
                .iter()
                .any(|ko| entry_of(visit, ko).is_some_and(|e| std::ptr::eq(e, *entry)))
    })?;
    Some((entry, day))
}

/// A claim holds the 第1 to 第4公費 (負担者種別 2–5), four 公費 at most.
const MAX_PUBLICS: usize = 4;

/// Whether `entry`'s 有効期間 holds `day` (yyyyMMdd, both ends included; no end: no end).
pub(crate) fn valid_on(entry: &ContentFields, day: &str) -> bool {
    let date = |element| {
        entry
            .get(element)
            .map(str::trim)
            .filter(|d: &&str| !d.is_empty())
    };
    // yyyyMMdd compares as text.
    let started = date(ElementName::MedicalSubsidyValidStartDate).is_none_or(|from| from <= day);
    let ended = date(ElementName::MedicalSubsidyValidEndDate).is_some_and(|to| day > to);
    started && !ended
}

/// The claim of a covered visit: what the 医療費助成 checks judge; `None` for a visit without
/// one (a covered visit left unclaimed is `UKE-insurer`'s finding).
pub(crate) fn covered_claim<'a>(visit: &Visit<'a>) -> Option<&'a ClaimSummary> {
    visit.claim.filter(|_| visit.covered)
}

/// NOT-APPLICABLE: the visit's claim takes none of the answer's 医療費助成 entries, or there is
/// no claim of a covered visit to judge.
pub(crate) fn none_claimed(visit: &Visit<'_>) -> Verdict {
    Verdict::NotApplicable(words::none_claimed(
        visit.answer.path,
        visit.answer.subsidies.len(),
    ))
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

    const HELLO: &str = r#"{"type":"hello","protocol":1,"client":"t","capabilities":{"flows":["claim-file","subsidy"]}}"#;

    /// A レセコン that declares the flow `subsidy` claims every entry valid on the day.
    #[test]
    fn a_valid_entry_is_not_left_out() {
        let declared = |entries, kos: &[&str]| {
            let (tl, r) = judged(entries, "1", kos);
            (tl.client(HELLO), r)
        };
        // The 小児慢性特定疾病 受給者証 on its last valid day (the visit is on 2026-11-05).
        let last_day = || {
            vec![
                entry("88190012", "1234574", "20260401", ""),
                entry("52190014", "2345684", "20250401", "20261105"),
            ]
        };
        let (tl, r) = declared(last_day(), &["KO,88190012,1234574,,1,291"]);
        let text = fail(&Subsidy, &evidence(&tl.events, &r));
        assert!(
            text.contains("52190014") && text.contains("20261105"),
            "{text}"
        );
        assert!(text.ja().unwrap().contains("最終日"), "{text:?}");
        // None taken at all is left out too.
        let (tl, r) = declared(last_day(), &[]);
        fail(&Subsidy, &evidence(&tl.events, &r));
        let (tl, r) = declared(
            last_day(),
            &["KO,88190012,1234574,,1,291", "KO,52190014,2345684,,1,291"],
        );
        pass(&Subsidy, &evidence(&tl.events, &r));
        // Expired the day before, or a KO of the entry for another day of the month only: the
        // one is not the day's to claim, the other is left out of the day.
        let ended = vec![entry("52190014", "2345684", "20250401", "20261104")];
        let (tl, r) = declared(ended, &[]);
        not_applicable(&Subsidy, &evidence(&tl.events, &r));
        let mut marks = vec![""; 31];
        marks[11] = "1";
        let jd = format!("JD,3,{}", marks.join(","));
        let (tl, r) = declared(
            last_day(),
            &[
                "KO,88190012,1234574,,1,291",
                "KO,52190014,2345684,,1,291",
                &jd,
            ],
        );
        fail(&Subsidy, &evidence(&tl.events, &r));
        // Four KO: the claim is full, the fifth entry cannot be claimed.
        let five: Vec<ContentFields> = ["81", "82", "83", "84", "85"]
            .iter()
            .map(|p| entry(&format!("{p}190012"), "1234574", "20260401", ""))
            .collect();
        let four: Vec<String> = ["81", "82", "83", "84"]
            .iter()
            .map(|p| format!("KO,{p}190012,1234574,,1,291"))
            .collect();
        let four: Vec<&str> = four.iter().map(String::as_str).collect();
        let (tl, r) = declared(five.clone(), &four);
        pass(&Subsidy, &evidence(&tl.events, &r));
        let (tl, r) = declared(five, &four[..3]);
        fail(&Subsidy, &evidence(&tl.events, &r));
        // A レセコン that does not declare the flow is not judged on what it leaves out.
        let (tl, r) = judged(last_day(), "1", &["KO,88190012,1234574,,1,291"]);
        pass(&Subsidy, &evidence(&tl.events, &r));
    }
}
