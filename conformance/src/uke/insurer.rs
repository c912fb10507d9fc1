//! `UKE-insurer`: the claim names the insurer, the insured and how eligibility was confirmed as
//! the visit's answer does, and never claims a visit the answer does not cover.

use mynakit_oqs::{padded_insurer_number, ElementName, PersonalFamily};
use mynakit_timeline::{ClaimSummary, ClaimedConfirmation, Coded, Redacted};
use mynakit_uke::{Confirmation, Insured, PayerKind, Payers};

use super::words::insurer::{self as words, Field};
use super::{against_answer, claim_of, day_of, holds, judge_month, of_patient, Visit};
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::Run;

check! {
    /// `UKE-insurer`: HO, SN and RE agree with the answer.
    Insurer {
        id: "UKE-insurer",
        severity: Failed,
        rule: "A レセコン that writes the claim file (claim-file) claims a covered visit to the \
               insurer of the answer it rests on: HO's 保険者番号 is the answer's InsurerNumber \
               in eight columns (a 6-digit 国保 number after two spaces), HO's 記号 and 番号 are \
               the answer's; the answer's 枝番 is in an SN of 負担者種別 1, which says 確認区分 01 \
               (confirmed at the counter) and, where it writes them, the answer's 保険者番号, 記号 \
               and 番号; RE's レセプト種別 says 本人 or 家族 as PersonalFamilyClassification \
               does, RE's 生年月日 is the answer's Birthdate (in either spelling: a 和暦 date \
               under the wrong 元号 is another day), and RE's 診療年月 is the month of the \
               visit's day (QualificationConfirmationDate). A 医療扶助 visit's SN, where it has one, says 01 and the answer's \
               公費負担者番号 and 受給者番号 where it writes them. Values compare in either \
               character width (全角/半角). RE's レセプト種別 \
               says the file's 点数表 (1st digit) and the payers the claim's records name (2nd \
               and 3rd: 11 HO alone, 1(n+1) HO with n KO, 2n n KO alone), and a 併用 claim \
               lists HO before KO. A visit the answer does not cover (lost or no \
               qualification) is never claimed: no claim of its patient marks its day (JD). \
               Every visit of the month the run holds is judged against its own answer. The file claims on the \
               facility's 点数表 (the 3rd digit of MYNAKIT_FACILITY_CODE): a 薬局 (4) writes \
               the 調剤 layout (header YK, レセプト種別 4xxx), a 医療機関 (1) the 医科 one (IR).",
        rationale: "The 審査支払機関 returns (返戻) a claim whose insurer or insured does not match \
                    the eligibility record: about 30,000 claims a month for eligibility alone \
                    (社保審 医療保険部会, 2025-10-16), the wrong 保険者, 本人家族 or a missing 枝番 \
                    among them, and a visit after the loss of the qualification claimed to the \
                    old insurer. Confirming online exists to stop those returns; a claim that \
                    drops what the answer said brings them back.",
        reference: "厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(医科用, \
                     調剤用: IR/YK, HO, SN 資格確認レコード, 別表 レセプト種別・確認区分); 社会保障審議会医療保険部会 \
                     2025-10-16 資料; docs/uke.md#the-claim-file-in-a-run",
        roles: [ReceiptComputer],
        evaluate: insurer,
    }
}

fn insurer(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    judge_month(e, run, judge_visit)
}

/// One visit's claim against its own answer (every claim of the month is judged: `judge_month`;
/// a station's claims against each of the month's 居宅 confirmations: `UKE-station-insurer`).
pub(crate) fn judge_visit(visit: &Visit<'_>) -> Verdict {
    if !visit.covered {
        return not_covered(visit);
    }
    let claim = match claim_of(visit) {
        Ok(claim) => claim,
        Err(verdict) => return verdict,
    };
    if let Some(wrong) = wrong_table(visit) {
        return Verdict::Fail(wrong);
    }
    let mut problems = if visit.medical_assistance() {
        public_confirmation(visit, claim)
    } else {
        insurance(visit, claim)
    };
    problems.extend(kind_digits(visit, claim));
    problems.extend(birth(visit, claim));
    problems.extend(month(visit, claim));
    against_answer(
        visit,
        claim,
        &problems,
        words::AGREES,
        ("", ""),
        words::RETURNED,
    )
}

/// The file's header claims on another 点数表 than the facility's (a 薬局 writing the 医科
/// layout, say): the claim goes to the wrong 審査 and comes back whole.
fn wrong_table(visit: &Visit<'_>) -> Option<Reason> {
    let facility = visit.file.facility_table.as_ref()?;
    let file = visit.file.table.as_ref()?;
    (facility != file).then(|| words::wrong_table(visit, file, facility))
}

/// A visit the answer does not cover: no claim of its patient to its insurer marks its day (no
/// file at all is right). Judged day by day (docs/uke.md, "One patient"): after a loss in the
/// middle of the month the patient's claim of the days before it names the same insurer and is
/// right, as are other patients' claims to that insurer; the patient's claim whose 受診日等 (JD)
/// marks the uncovered day, or that marks no day at all (a claim of one visit), claims it.
fn not_covered(visit: &Visit<'_>) -> Verdict {
    if let (false, Some(error)) = (visit.file.missing, &visit.file.error) {
        return Verdict::Fail(words::unreadable(visit, error));
    }
    let insurer = visit
        .answered(ElementName::InsurerNumber)
        .unwrap_or_default();
    let day = day_of(&visit.answer);
    let claimed = visit.file.claims.iter().find(|c| {
        !insurer.is_empty()
            && of_patient(c, &visit.answer)
            && match day {
                Some((month, day)) => {
                    c.month.known().is_none_or(|m| m == month)
                        && (c.days.is_empty() || c.days.contains(&day))
                }
                None => true,
            }
    });
    match claimed {
        Some(claim) => Verdict::Fail(words::claimed_uncovered(visit, claim, insurer)),
        None => Verdict::Pass(words::uncovered_unclaimed(visit)),
    }
}

/// What differs between a 医療保険 claim's HO, SN and RE and the answer.
fn insurance(visit: &Visit<'_>, claim: &ClaimSummary) -> Vec<Reason> {
    let mut problems = Vec::new();
    let insurer = visit
        .answered(ElementName::InsurerNumber)
        .unwrap_or_default();
    let same = |claimed: &Redacted, element: ElementName| holds(visit, claimed, element);
    match &claim.insurer {
        None => problems.push(words::no_ho()),
        Some(ho) => {
            let field = padded_insurer_number(insurer);
            if ho.insurer != field {
                problems.push(words::ho_insurer(
                    visit,
                    ho.line,
                    &ho.insurer,
                    insurer,
                    &field,
                ));
            }
            for (claimed, element, field) in [
                (&ho.symbol, ElementName::InsuredCardSymbol, Field::Symbol),
                (
                    &ho.number,
                    ElementName::InsuredIdentificationNumber,
                    Field::Number,
                ),
            ] {
                if !same(claimed, element) {
                    problems.push(words::not_answered(visit, "HO", ho.line, field, element));
                }
            }
        }
    }
    let branch = visit
        .answered(ElementName::InsuredBranchNumber)
        .filter(|b| !b.is_empty());
    match insurance_confirmation(claim) {
        None if branch.is_some() => problems.push(words::no_insurance_sn()),
        None => {}
        Some(sn) => {
            problems.extend(confirmed_at_counter(visit, sn));
            problems.extend(confirmed_values(visit, sn));
            if !same(&sn.branch, ElementName::InsuredBranchNumber) {
                problems.push(words::sn_branch(visit, sn.line, sn.branch.is_empty()));
            }
        }
    }
    problems.extend(family(visit, claim));
    problems
}

/// The first SN of 負担者種別 1.
fn insurance_confirmation(claim: &ClaimSummary) -> Option<&ClaimedConfirmation> {
    claim
        .confirmations
        .iter()
        .find(|sn| sn.payer_kind.known() == Some(PayerKind::Insurance))
}

/// SN's 保険者番号等, 記号 and 番号 （資格確認）, where written, against the answer. At the
/// counter they may be left empty (HO carries them; `hangilc/myclinic-ts` writes SN with the
/// 枝番 alone); written, they must be the answer's. For a 医療扶助 SN, 番号 is not compared here:
/// its 受給者番号 is.
fn confirmed_values(visit: &Visit<'_>, sn: &ClaimedConfirmation) -> Vec<Reason> {
    let mut problems = Vec::new();
    let insurer = visit
        .answered(ElementName::InsurerNumber)
        .unwrap_or_default();
    if let Some(written) = sn.insurer.as_deref().map(str::trim) {
        if written != insurer {
            problems.push(words::sn_insurer(visit, sn.line, written, insurer));
        }
    }
    let personal = [
        (&sn.symbol, ElementName::InsuredCardSymbol, Field::Symbol),
        (
            &sn.number,
            ElementName::InsuredIdentificationNumber,
            Field::Number,
        ),
    ];
    for (claimed, element, field) in personal {
        if !claimed.is_empty() && !holds(visit, claimed, element) {
            problems.push(words::not_answered(visit, "SN", sn.line, field, element));
        }
    }
    problems
}

/// A レセコン confirms at the counter: 確認区分 01. The others are the 審査支払機関's and the
/// 保険者's after the claim (記録条件仕様 別表 確認区分).
fn confirmed_at_counter(visit: &Visit<'_>, sn: &ClaimedConfirmation) -> Option<Reason> {
    (sn.confirmation.known() != Some(Confirmation::Counter)).then(|| {
        let known = sn.confirmation.known().map(Confirmation::meaning);
        words::not_at_counter(visit, sn.line, sn.confirmation.as_str(), known)
    })
}

/// RE's 本人家族 against PersonalFamilyClassification, for a 医保 claim of a person under 70
/// (`mynakit_uke::ReceiptKind`: 本人, or 家族 and 未就学者); a 高齢受給者's kind says no
/// 本人家族, and a kind outside the list, or a classification outside OQS's, is not judged here.
/// The answer's value is the terminal's content event's (kept in clear since it is a code).
fn family(visit: &Visit<'_>, claim: &ClaimSummary) -> Option<Reason> {
    let insured = claim.kind.known()?.insured.filter(|i| i.under_70())?;
    let answered: Coded<PersonalFamily> = visit
        .answer
        .fields
        .coded(ElementName::PersonalFamilyClassification)?;
    let answered_principal = answered.known()? == PersonalFamily::Principal;
    let claimed_principal = insured == Insured::Principal;
    (claimed_principal != answered_principal).then(|| {
        words::family(
            visit,
            claim,
            claim.kind.as_str(),
            claimed_principal,
            (answered.as_str(), answered_principal),
        )
    })
}

/// RE レセプト種別's first three digits against the file and the claim's own records (the
/// 別表 as `mynakit_uke::ReceiptKind` reads it): the 1st is the 点数表 of the file's header (so
/// of the facility, `wrong_table`); the 2nd and 3rd say who pays, 医保 with as many 公費 as the
/// claim has KO records (1112 HO alone, 1122 HO and one KO: 併用) or 公費 alone (1212, KO
/// without HO). A 併用 claim lists HO before its KO. The 4th digit is judged by `family` and by
/// `UKE-share`; a kind outside the list by `UKE-share`.
fn kind_digits(visit: &Visit<'_>, claim: &ClaimSummary) -> Vec<Reason> {
    let Some(kind) = claim.kind.known() else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    if let Some(table) = &visit.file.table {
        if table.known() != Some(kind.table) {
            problems.push(words::kind_table(visit, claim, table));
        }
    }
    let publics = u8::try_from(claim.public_expenses.len()).unwrap_or(u8::MAX);
    let written = match claim.insurer {
        Some(_) => Payers::Insurance { publics },
        None => Payers::PublicOnly { publics },
    };
    if kind.payers != written {
        problems.push(words::kind_payers(visit, claim, written));
    }
    if let Some(ho) = &claim.insurer {
        if let Some(ko) = claim.public_expenses.iter().find(|k| k.line < ho.line) {
            problems.push(words::ko_before_ho(visit, ko.line, ho.line));
        }
    }
    problems
}

/// RE's 生年月日 against the answer's Birthdate, both as digests of the Gregorian day (the
/// claim's read from either spelling). A 和暦 date under another 元号 (平成 for 昭和) is a
/// plausible day that is not the patient's: the 審査支払機関 finds no such insured (資格関係の
/// 誤り). Not judged when either is missing (a report written before the claim kept it).
fn birth(visit: &Visit<'_>, claim: &ClaimSummary) -> Option<Reason> {
    let claimed = claim.birth.as_deref()?;
    let answered = visit.answered(ElementName::Birthdate)?;
    (!answered.is_empty() && claimed != answered).then(|| words::birth(visit, claim))
}

/// RE's 診療年月 against the month of the visit's day: a claim of 202612 for a visit of
/// 2026-11 is a claim of a month the patient did not come in (返戻), and the visit itself goes
/// unclaimed. Not judged when either cannot be read as a month.
fn month(visit: &Visit<'_>, claim: &ClaimSummary) -> Option<Reason> {
    let claimed = claim.month.known()?;
    let (visited, _) = day_of(&visit.answer)?;
    (claimed != visited).then(|| words::month(visit, claim, visited))
}

/// What differs between a 医療扶助 claim's SN, where it has one, and the answer: 確認区分 01,
/// and the 公費負担者番号 and 受給者番号 where written (KO carries them: `UKE-public-expense`).
fn public_confirmation(visit: &Visit<'_>, claim: &ClaimSummary) -> Vec<Reason> {
    let Some(sn) = claim
        .confirmations
        .iter()
        .find(|sn| sn.payer_kind.known() != Some(PayerKind::Insurance))
    else {
        return Vec::new();
    };
    let mut problems: Vec<Reason> = confirmed_at_counter(visit, sn).into_iter().collect();
    problems.extend(confirmed_values(visit, sn));
    if !sn.recipient.is_empty()
        && !holds(
            visit,
            &sn.recipient,
            ElementName::InsuredIdentificationNumber,
        )
    {
        problems.push(words::sn_recipient(visit, sn.line));
    }
    problems
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::{Outcome, RunResult};

    use super::*;
    use crate::testkit::*;

    const PUSH: &str = "face/OQSsiquc01res_face_1_20261101090000.xml";

    /// A face push answering a 家族 of a 6-digit 国保 insurer born 1990-01-01, valid.
    fn answered(validity: &str) -> Tl {
        Tl::new().file(PUSH, "face-written").content(
            PUSH,
            "UTF-8",
            &[
                ("QualificationValidity", validity),
                ("InsurerNumber", "138156"),
                ("InsuredCardSymbol", "12"),
                ("InsuredIdentificationNumber", "345"),
                ("InsuredBranchNumber", "02"),
                ("PersonalFamilyClassification", "2"),
                ("Birthdate", "19900101"),
                ("QualificationConfirmationDate", "20261101"),
            ],
            &[],
        )
    }

    fn claim(kind: &str, ho: &str, sn: &str) -> Vec<String> {
        vec![
            format!("RE,1,{kind},202611,,2,19900101"),
            format!("HO,{ho},12,345,1,291"),
            format!("SN,1,{sn},,"),
            "GO,1,291,99".to_owned(),
        ]
    }

    fn judged(validity: &str, lines: &[String]) -> (Tl, RunResult) {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let tl = answered(validity).result("eligible").claim_file(&lines);
        (tl, result(Outcome::Eligible, &[]))
    }

    #[test]
    fn the_claim_names_the_answer_s_insurer_insured_and_branch() {
        let right = claim("1116", "  138156", "01,138156,12,345,02");
        let (tl, r) = judged("1", &right);
        assert!(pass(&Insurer, &evidence(&tl.events, &r)).contains("RE 1"));

        // The 国保 number not padded to eight columns.
        let (tl, r) = judged("1", &claim("1116", "138156", "01,138156,12,345,02"));
        let text = fail(&Insurer, &evidence(&tl.events, &r));
        assert!(
            text.contains("HO (RECEIPTC.UKE line 3) 保険者番号"),
            "{text}"
        );
        // The 枝番 lost, a 確認区分 of the 審査支払機関, 本人 for a 家族.
        let (tl, r) = judged("1", &claim("1112", "  138156", "02,138156,12,345,"));
        let text = fail(&Insurer, &evidence(&tl.events, &r));
        assert!(text.contains("枝番 (empty)"), "{text}");
        assert!(text.contains("確認区分 is 02"), "{text}");
        assert!(text.contains("レセプト種別 1112 says 本人"), "{text}");
        let ja = text.ja().unwrap();
        assert!(ja.contains("の枝番 (空)が回答の"), "{ja}");
        assert!(ja.contains("のレセプト種別 1112 は本人だが"), "{ja}");
        // 記号 and 番号 written 全角 (a 漢字 field) are the answer's 半角 ones.
        let (tl, r) = judged("1", &claim("1116", "  138156", "01,138156,１２,３４５,02"));
        pass(&Insurer, &evidence(&tl.events, &r));
        // SN with the 枝番 alone, as myclinic-ts writes it at the counter: HO carries the rest.
        let (tl, r) = judged("1", &claim("1116", "  138156", "01,,,,02"));
        pass(&Insurer, &evidence(&tl.events, &r));
        // Written, SN's 保険者番号等 must be the answer's.
        let (tl, r) = judged("1", &claim("1116", "  138156", "01,06139992,,,02"));
        let text = fail(&Insurer, &evidence(&tl.events, &r));
        assert!(text.contains("保険者番号等 06139992"), "{text}");
        // No SN at all loses the answer's 枝番.
        let no_sn = vec![
            "RE,1,1116,202611,,2,19900101".to_owned(),
            "HO,  138156,12,345,1,291".to_owned(),
            "GO,1,291,99".to_owned(),
        ];
        let (tl, r) = judged("1", &no_sn);
        let text = fail(&Insurer, &evidence(&tl.events, &r));
        assert!(text.contains("no SN record"), "{text}");
        // A 高齢受給者's kind says no 本人家族: not judged on it.
        let (tl, r) = judged("1", &claim("1118", "  138156", "01,138156,12,345,02"));
        pass(&Insurer, &evidence(&tl.events, &r));
    }

    /// レセプト種別's 点数表 and payer digits are the file's and the claim's records'.
    #[test]
    fn the_kind_s_table_and_payer_digits_are_the_claim_s() {
        // 調剤 kind in a 医科 file; a 併用 kind (1126) with HO alone; 公費単独 (1216) with HO.
        for (kind, finding) in [
            ("4116", "of another 点数表 than the file's (1"),
            ("1126", "which are 医保単独 (HO alone)"),
            ("1212", "which are 医保単独 (HO alone)"),
        ] {
            let (tl, r) = judged("1", &claim(kind, "  138156", "01,138156,12,345,02"));
            let text = fail(&Insurer, &evidence(&tl.events, &r));
            assert!(text.contains(finding), "{kind}: {text}");
        }
        // A 併用 of a 医療扶助 (KO after HO) is 1126 for a 家族; KO before HO is out of order.
        let combined = |first: &str, second: &str, kind: &str| {
            let lines = [
                format!("RE,1,{kind},202611,,2,19900101"),
                first.to_owned(),
                second.to_owned(),
                "SN,1,01,138156,12,345,02".to_owned(),
                "GO,1,291,99".to_owned(),
            ];
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            let tl = answered("1").result("eligible").claim_file(&lines);
            judge(
                &Insurer,
                &evidence(&tl.events, &result(Outcome::Eligible, &[])),
            )
        };
        const HO: &str = "HO,  138156,12,345,1,291";
        const KO: &str = "KO,12136017,1234567,,1,291";
        assert!(matches!(combined(HO, KO, "1126"), Verdict::Pass(_)));
        let Verdict::Fail(text) = combined(HO, KO, "1116") else {
            panic!("a 併用 claimed as 医保単独 passed");
        };
        assert!(text.contains("医保と公費の併用 (HO and 1 KO)"), "{text}");
        let Verdict::Fail(text) = combined(KO, HO, "1126") else {
            panic!("KO before HO passed");
        };
        assert!(text.contains("comes before HO"), "{text}");
    }

    /// The answer of [`answered`] with the patient's Birthdate, claimed with `birth` as RE's
    /// 生年月日 and `month` as its 診療年月.
    fn judged_with(birth: &str, month: &str) -> Verdict {
        let lines = [
            format!("RE,1,1116,{month},,2,{birth}"),
            "HO,  138156,12,345,1,291".to_owned(),
            "SN,1,01,138156,12,345,02".to_owned(),
            "GO,1,291,99".to_owned(),
        ];
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let tl = answered("1").result("eligible").claim_file(&lines);
        judge(
            &Insurer,
            &evidence(&tl.events, &result(Outcome::Eligible, &[])),
        )
    }

    #[test]
    fn the_claim_s_birth_date_and_month_are_the_answer_s() {
        assert!(matches!(
            judged_with("19900101", "202611"),
            Verdict::Pass(_)
        ));
        // 平成2年1月1日 is the same day written 和暦.
        assert!(matches!(judged_with("4020101", "202611"), Verdict::Pass(_)));
        // 昭和2年1月1日: a plausible day under the wrong 元号, another person.
        let Verdict::Fail(text) = judged_with("3020101", "202611") else {
            panic!("a wrong 元号 passed");
        };
        assert!(
            text.contains("生年月日 is not the answer's Birthdate"),
            "{text}"
        );
        assert!(
            !text.contains("19900101") && !text.contains("3020101"),
            "{text}"
        );
        assert!(text
            .ja()
            .unwrap()
            .contains("の生年月日が回答の Birthdate ではない"));
        // The month before and after the visit's (2026-11-01).
        for month in ["202510", "202612"] {
            let Verdict::Fail(text) = judged_with("19900101", month) else {
                panic!("診療年月 {month} passed");
            };
            assert!(
                text.contains(&format!("診療年月 {month} is not 202611")),
                "{text}"
            );
        }
    }

    /// 本人/家族 is judged from the answer's typed classification: a 家族 claimed 本人 and a
    /// 本人 claimed 家族 fail; a classification outside OQS's is not judged.
    #[test]
    fn principal_or_family_is_the_answer_s() {
        let judged_as = |kind: &str, family: &str| {
            let lines = claim(kind, "  138156", "01,138156,12,345,02");
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            let tl = Tl::new()
                .file(PUSH, "face-written")
                .content(
                    PUSH,
                    "UTF-8",
                    &[
                        ("QualificationValidity", "1"),
                        ("InsurerNumber", "138156"),
                        ("InsuredCardSymbol", "12"),
                        ("InsuredIdentificationNumber", "345"),
                        ("InsuredBranchNumber", "02"),
                        ("PersonalFamilyClassification", family),
                        ("QualificationConfirmationDate", "20261101"),
                    ],
                    &[],
                )
                .result("eligible")
                .claim_file(&lines);
            judge(
                &Insurer,
                &evidence(&tl.events, &result(Outcome::Eligible, &[])),
            )
        };
        assert!(matches!(judged_as("1112", "1"), Verdict::Pass(_)));
        assert!(matches!(judged_as("1116", "2"), Verdict::Pass(_)));
        let Verdict::Fail(text) = judged_as("1116", "1") else {
            panic!("a 本人 claimed as 家族 passed");
        };
        assert!(text.contains("レセプト種別 1116 says 家族"), "{text}");
        assert!(matches!(judged_as("1112", "2"), Verdict::Fail(_)));
        assert!(matches!(judged_as("1112", "9"), Verdict::Pass(_)));
    }

    #[test]
    fn a_pharmacy_claims_on_the_pharmacy_layout() {
        let judged_as = |header: &str, kind: &str, facility: Option<&str>| {
            let lines = claim(kind, "  138156", "01,138156,12,345,02");
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            let tl = answered("1")
                .result("eligible")
                .claim_file_of(header, facility, &lines);
            judge(
                &Insurer,
                &evidence(&tl.events, &result(Outcome::Eligible, &[])),
            )
        };
        const YK: &str = "YK,1,13,4,9999999,,202611,00,";
        const IR: &str = "IR,1,13,1,9999999,,,202611,00";
        // A 薬局's 調剤 claim: HO, SN and RE judged as a 医科 one (4116: 調剤 家族).
        assert!(matches!(judged_as(YK, "4116", Some("4")), Verdict::Pass(_)));
        // A 薬局 writing the 医科 layout, and a 医療機関 the 調剤 one.
        let Verdict::Fail(text) = judged_as(IR, "1116", Some("4")) else {
            panic!("a 医科 file from a 薬局 passed");
        };
        assert!(text.contains("点数表 1 (医科, header IR)"), "{text}");
        assert!(
            text.ja().unwrap().contains("点数表 1 (医科、ヘッダ IR)"),
            "{text:?}"
        );
        assert!(text.contains("薬局"), "{text}");
        assert!(matches!(judged_as(YK, "4116", Some("1")), Verdict::Fail(_)));
        // The facility not known (`claim check --run` of an older run): not judged.
        assert!(matches!(judged_as(IR, "1116", None), Verdict::Pass(_)));
    }

    /// A month of visits: each a face push of `fields` with `validity` on its day, then the
    /// claim file `lines`; the last visit is the one judged.
    /// A visit of [`month`]: its day, its QualificationValidity and its answer's fields.
    type MonthVisit<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

    fn month(visits: &[MonthVisit<'_>], lines: &[&str]) -> Verdict {
        let mut tl = Tl::new();
        for (i, (day, validity, fields)) in visits.iter().enumerate() {
            let push = format!("face/OQSsiquc01res_face_{i}_{day}090000.xml");
            let mut all = vec![
                ("QualificationValidity", *validity),
                ("QualificationConfirmationDate", *day),
            ];
            all.extend_from_slice(fields);
            tl = tl
                .file(&push, "face-written")
                .content(&push, "UTF-8", &all, &[])
                .result("eligible");
        }
        let tl = tl.claim_file(lines);
        judge(
            &Insurer,
            &evidence(&tl.events, &result(Outcome::Eligible, &[])),
        )
    }

    /// A 家族 of a 国保, and a 本人 of a 健保組合 household (same 記号・番号 as its 家族).
    const KOKUHO: &[(&str, &str)] = &[
        ("InsurerNumber", "138156"),
        ("InsuredCardSymbol", "12"),
        ("InsuredIdentificationNumber", "345"),
        ("InsuredBranchNumber", "02"),
        ("PersonalFamilyClassification", "2"),
        ("Birthdate", "19900101"),
    ];
    const PRINCIPAL: &[(&str, &str)] = &[
        ("InsurerNumber", "06139992"),
        ("InsuredCardSymbol", "1001"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredBranchNumber", "00"),
        ("PersonalFamilyClassification", "1"),
        ("Birthdate", "19850412"),
    ];
    const FAMILY: &[(&str, &str)] = &[
        ("InsurerNumber", "06139992"),
        ("InsuredCardSymbol", "1001"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredBranchNumber", "01"),
        ("PersonalFamilyClassification", "2"),
        ("Birthdate", "19900101"),
    ];

    /// A loss in the middle of the month is judged day by day: the patient's claim of the days
    /// before it, and other patients' claims to the same insurer, do not claim the lost day.
    #[test]
    fn a_loss_mid_month_is_judged_by_the_jd_days() {
        let visits: [MonthVisit<'_>; 3] = [
            ("20261105", "1", KOKUHO),
            ("20261110", "1", PRINCIPAL),
            ("20261119", "2", KOKUHO),
        ];
        let before = jd(&[5]);
        let other = jd(&[10, 19]);
        let right = [
            "RE,1,1116,202611,,2,19900101",
            "HO,  138156,12,345,1,291",
            "SN,1,01,,,,02",
            before.as_str(),
            "RE,2,1112,202611,,1,19850412",
            "HO,06139992,1001,2345,2,364",
            "SN,1,01,,,,00",
            other.as_str(),
            "GO,2,655,99",
        ];
        let verdict = month(&visits, &right);
        assert!(matches!(verdict, Verdict::Pass(_)), "{verdict:?}");
        // Another patient of the same 国保 claimed on the lost day: not this patient's claim.
        let neighbour = [
            "RE,1,1116,202611,,2,19900101",
            "HO,  138156,12,345,1,291",
            "SN,1,01,,,,02",
            before.as_str(),
            "RE,2,1112,202611,,1,19700101",
            "HO,  138156,12,999,1,291",
            "SN,1,01,,,,00",
            other.as_str(),
            "GO,2,582,99",
        ];
        let verdict = month(&visits, &neighbour);
        assert!(matches!(verdict, Verdict::Pass(_)), "{verdict:?}");
        // The patient's claim marks the lost day too: 資格喪失後の受診.
        let both = jd(&[5, 19]);
        let wrong = [
            "RE,1,1116,202611,,2,19900101",
            "HO,  138156,12,345,2,364",
            "SN,1,01,,,,02",
            both.as_str(),
            "GO,1,364,99",
        ];
        assert!(matches!(month(&visits, &wrong), Verdict::Fail(_)));
    }

    /// Every claim of the month is judged against its own patient's answer, not only the
    /// judged visit's: a wrong 枝番 or 本人/家族 in the household's other claim fails.
    #[test]
    fn every_claim_of_the_month_is_judged_against_its_own_patient() {
        let visits: [MonthVisit<'_>; 2] = [("20261105", "1", FAMILY), ("20261112", "1", PRINCIPAL)];
        let claims = |family_kind: &str, family_branch: &str| {
            vec![
                format!("RE,1,{family_kind},202611,,2,19900101"),
                "HO,06139992,1001,2345,1,291".to_owned(),
                format!("SN,1,01,,,,{family_branch}"),
                jd(&[5]),
                "RE,2,1112,202611,,1,19850412".to_owned(),
                "HO,06139992,1001,2345,1,291".to_owned(),
                "SN,1,01,,,,00".to_owned(),
                jd(&[12]),
                "GO,2,582,99".to_owned(),
            ]
        };
        let judged = |lines: Vec<String>| {
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            month(&visits, &lines)
        };
        assert!(matches!(judged(claims("1116", "01")), Verdict::Pass(_)));
        for (kind, branch, finding) in [
            ("1116", "00", "枝番"),
            ("1112", "01", "レセプト種別 1112 says 本人"),
        ] {
            let Verdict::Fail(text) = judged(claims(kind, branch)) else {
                panic!("the 家族's wrong claim ({kind}, {branch}) passed");
            };
            assert!(
                text.contains("1 earlier visit(s) of the month")
                    && text.contains("2026-11-05")
                    && text.contains("RE 1 (RECEIPTC.UKE line 2)")
                    && text.contains("patient 06139992/")
                    && text.contains(finding),
                "{text}"
            );
            assert!(
                !text.contains("19900101") && !text.contains("2345"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_visit_the_answer_does_not_cover_is_not_claimed_to_its_insurer() {
        let (tl, r) = judged("2", &claim("1116", "  138156", "01,138156,12,345,02"));
        let text = fail(&Insurer, &evidence(&tl.events, &r));
        assert!(text.contains("資格喪失後の受診"), "{text}");
        let (tl, r) = judged("2", &[]);
        let text = fail(&Insurer, &evidence(&tl.events, &r));
        assert!(text.contains("cannot be read"), "{text}");
        assert!(text.ja().unwrap().contains("を読めない: "), "{text:?}");
        // A covered visit and a file that cannot be read: the visit is not claimed.
        let (tl, r) = judged("1", &[]);
        let text = fail(&Insurer, &evidence(&tl.events, &r));
        assert!(
            text.ja()
                .unwrap()
                .contains("を読めないので、受診 (回答 face/"),
            "{text:?}"
        );
    }
}
