//! What `UKE-subsidy`, `UKE-subsidy-valid`, `UKE-subsidy-cap` and `UKE-subsidy-days` say: a claim's 医療費助成 KO against the
//! entries of the visit's answer (`docs/subsidies.md`).

use crate::reason::Reason;
use crate::uke::Visit;

/// The answer at `answer` is no covered visit.
pub(in crate::uke) fn not_covered(answer: &str) -> Reason {
    Reason::new(
        format!("the answer {answer} is not a covered visit"),
        format!("回答 {answer} は資格のある受診ではない"),
    )
    .message("uke/subsidy-not-covered")
}

/// The claim takes no 医療費助成 of the answer's `entries`.
pub(in crate::uke) fn none_claimed(answer: &str, entries: usize) -> Reason {
    Reason::new(
        format!(
            "the claim of the answer {answer} takes no 医療費助成 ({entries} entry(ies) in the \
             answer): nothing to judge"
        ),
        format!(
            "回答 {answer} の請求は医療費助成を請求していない (回答の受給者証 {entries} 件): \
             判定するものがない"
        ),
    )
    .message("uke/subsidy-none-claimed")
    .count("entries", entries as u64)
}

/// The KO at `line` of `payer` holds the 受給者番号 of no entry of that 公費負担者番号.
pub(in crate::uke) fn other_recipient(visit: &Visit<'_>, line: u64, payer: &str) -> Reason {
    Reason::new(
        format!(
            "KO ({}) of 公費負担者番号 {payer} holds another 受給者番号 than the answer's entry of \
             {payer}: the numbers of another entry, or of none (返戻: 公費受給者番号の誤り)",
            visit.at_line(line)
        ),
        format!(
            "公費負担者番号 {payer} の KO ({}) の受給者番号が、回答の {payer} の受給者証のもの\
             ではない: 別の受給者証の番号か、どれのものでもない (返戻: 公費受給者番号の誤り)",
            visit.at_line_ja(line)
        ),
    )
    .message("uke/subsidy-other-recipient")
    .count("line", line)
    .claim_line(visit.claim_line(Some("KO"), line))
    .code("payer", payer)
}

/// The KO at `line` names a 公費負担者番号 the answer does not carry; `declined`: the patient
/// declined the 医療費助成 at the face reader.
pub(in crate::uke) fn not_in_answer(
    visit: &Visit<'_>,
    line: u64,
    payer: &str,
    declined: bool,
) -> Reason {
    let (why, why_ja) = if declined {
        (
            "the patient declined the 医療費助成 at the face reader (MedicalSubsidyConsFlg 0)",
            "患者は顔認証付きカードリーダーで医療費助成の利用を断った (MedicalSubsidyConsFlg 0)",
        )
    } else {
        (
            "no entry of the answer has it (a 公費 of a paper 受給者証, another patient's or \
             another day's)",
            "回答のどの受給者証にもない (紙の受給者証の公費、別の患者や別の日のもの)",
        )
    };
    Reason::new(
        format!(
            "KO ({}) claims 公費負担者番号 {payer}, which the answer {} does not carry: {why} \
             (返戻: 公費の記載誤り)",
            visit.at_line(line),
            visit.answer.path
        ),
        format!(
            "KO ({}) は公費負担者番号 {payer} を請求しているが、回答 {} はそれを持たない: \
             {why_ja} (返戻: 公費の記載誤り)",
            visit.at_line_ja(line),
            visit.answer.path
        ),
    )
    .message("uke/subsidy-not-in-answer")
    .count("line", line)
    .claim_line(visit.claim_line(Some("KO"), line))
    .code("payer", payer)
}

/// Every 医療費助成 KO names an entry of the answer.
pub(in crate::uke) fn taken(visit: &Visit<'_>, kos: usize) -> Reason {
    Reason::new(
        format!(
            "{kos} KO of 医療費助成 each carry the 公費負担者番号 and 受給者番号 of one entry of the \
             answer {}",
            visit.answer.path
        ),
        format!(
            "医療費助成の KO {kos} 件はそれぞれ回答 {} の受給者証の公費負担者番号と受給者番号を\
             記している",
            visit.answer.path
        ),
    )
    .message("uke/subsidy-taken")
    .count("ko", kos as u64)
}

/// The KO at `line` claims an entry outside its 有効期間 `(from, to)` on `day` (yyyyMMdd).
pub(in crate::uke) fn out_of_period(
    visit: &Visit<'_>,
    line: u64,
    payer: &str,
    (from, to): (&str, &str),
    day: &str,
) -> Reason {
    Reason::new(
        format!(
            "KO ({}) claims the 受給者証 of 公費負担者番号 {payer} for the visit of {day}, outside \
             its 有効期間 {from}–{to} (返戻: 公費の有効期間外)",
            visit.at_line(line)
        ),
        format!(
            "KO ({}) は公費負担者番号 {payer} の受給者証を {day} の受診に請求しているが、その\
             有効期間 {from}–{to} の外 (返戻: 公費の有効期間外)",
            visit.at_line_ja(line)
        ),
    )
    .message("uke/subsidy-out-of-period")
    .count("line", line)
    .claim_line(visit.claim_line(Some("KO"), line))
    .code("payer", payer)
    .code("from", from)
    .code("to", to)
    .code("day", day)
}

/// Every 医療費助成 KO's entry is valid on `day`.
pub(in crate::uke) fn within_period(visit: &Visit<'_>, kos: usize, day: &str) -> Reason {
    Reason::new(
        format!(
            "the {kos} 受給者証 the KO claim are valid on the visit's day {day} (answer {})",
            visit.answer.path
        ),
        format!(
            "KO が請求する受給者証 {kos} 件は受診日 {day} に有効 (回答 {})",
            visit.answer.path
        ),
    )
    .message("uke/subsidy-within-period")
    .count("ko", kos as u64)
    .code("day", day)
}

/// No KO of the answer's entries writes a 負担金額 against a 上限額.
pub(in crate::uke) fn no_burden(answer: &str) -> Reason {
    Reason::new(
        format!(
            "no 医療費助成 KO of the answer {answer} writes a 負担金額 against its entry's \
             自己負担上限額: nothing to judge"
        ),
        format!(
            "回答 {answer} の医療費助成の KO に、受給者証の自己負担上限額と比べる負担金額の記載が\
             ない: 判定するものがない"
        ),
    )
    .message("uke/subsidy-no-burden")
}

/// The KO at `line` of `payer` says the patient paid `paid` yen, above the entry's `cap`.
pub(in crate::uke) fn over_cap(
    visit: &Visit<'_>,
    line: u64,
    payer: &str,
    paid: u64,
    cap: u64,
) -> Reason {
    Reason::new(
        format!(
            "KO ({}) of 公費負担者番号 {payer} writes a 負担金額 of {paid} yen, above the entry's \
             自己負担上限額 (上限 {cap} yen a month, answer {}): the patient pays at most the \
             上限額 in the month (返戻: 公費負担金額の誤り)",
            visit.at_line(line),
            visit.answer.path
        ),
        format!(
            "公費負担者番号 {payer} の KO ({}) の負担金額 {paid} 円が、受給者証の自己負担上限額 \
             (月額 {cap} 円、回答 {}) を超えている: 患者が月に払うのは上限額まで (返戻: \
             公費負担金額の誤り)",
            visit.at_line_ja(line),
            visit.answer.path
        ),
    )
    .message("uke/subsidy-over-cap")
    .count("line", line)
    .count("paid", paid)
    .count("cap", cap)
    .claim_line(visit.claim_line(Some("KO"), line))
    .code("payer", payer)
}

/// Every 医療費助成 KO's 負担金額 is within its entry's 上限額.
pub(in crate::uke) fn within_cap(visit: &Visit<'_>, kos: usize) -> Reason {
    Reason::new(
        format!(
            "the 負担金額 of {kos} KO of 医療費助成 are each within the 自己負担上限額 of their \
             entry of the answer {}",
            visit.answer.path
        ),
        format!(
            "医療費助成の KO {kos} 件の負担金額は、いずれも回答 {} の受給者証の自己負担上限額の内",
            visit.answer.path
        ),
    )
    .message("uke/subsidy-within-cap")
    .count("ko", kos as u64)
}

/// No 医療費助成 KO writes both its 実日数 and a JD of its own.
pub(in crate::uke) fn no_days(answer: &str) -> Reason {
    Reason::new(
        format!(
            "no 医療費助成 KO of the claim of the answer {answer} writes both its 診療実日数 and a \
             JD of its own, nor a 合計点数 against lines that write 点数: nothing to judge"
        ),
        format!(
            "回答 {answer} の請求の医療費助成の KO に、診療実日数と自身の受診日等レコード (JD) の\
             両方を記すものも、点数を記す行に対する合計点数を記すものもない: 判定するものがない"
        ),
    )
    .message("uke/subsidy-no-days")
}

/// The KO at `line` of `payer` says `said` days where its JD marks `marked`.
pub(in crate::uke) fn days_not_marked(
    visit: &Visit<'_>,
    line: u64,
    payer: &str,
    (said, marked): (u32, u32),
) -> Reason {
    Reason::new(
        format!(
            "KO ({}) of 公費負担者番号 {payer} says 診療実日数 {said}, where the JD of that 公費 \
             marks {marked} day(s): a 公費 counts the days it was used, not the insurance's \
             (返戻: 公費の実日数の誤り)",
            visit.at_line(line)
        ),
        format!(
            "公費負担者番号 {payer} の KO ({}) の診療実日数は {said} だが、その公費の受診日等\
             レコード (JD) が記す日は {marked} 日: 公費は使った日を数え、保険の日数ではない \
             (返戻: 公費の実日数の誤り)",
            visit.at_line_ja(line)
        ),
    )
    .message("uke/subsidy-days-not-marked")
    .count("line", line)
    .count("said", said)
    .count("marked", marked)
    .claim_line(visit.claim_line(Some("KO"), line))
    .code("payer", payer)
}

/// Every 医療費助成 KO counts the days its JD marks.
pub(in crate::uke) fn days_marked(visit: &Visit<'_>, kos: usize) -> Reason {
    Reason::new(
        format!(
            "{kos} KO of 医療費助成 each count the days the JD of their 公費 marks, and bear no \
             more points than those days bill (answer {})",
            visit.answer.path
        ),
        format!(
            "医療費助成の KO {kos} 件はいずれも、その公費の受診日等レコード (JD) が記す日数を\
             診療実日数とし、その日に算定した点数を超える合計点数を記していない (回答 {})",
            visit.answer.path
        ),
    )
    .message("uke/subsidy-days-marked")
    .count("ko", kos as u64)
}

/// The patient declined the 医療費助成 at the face reader, and the claim takes none for the day.
pub(in crate::uke) fn declined_none_taken(visit: &Visit<'_>) -> Reason {
    Reason::new(
        format!(
            "the patient declined the 医療費助成 at the face reader (MedicalSubsidyConsFlg 0, \
             answer {}) and the claim takes no KO of 医療費助成 for the day",
            visit.answer.path
        ),
        format!(
            "患者は顔認証付きカードリーダーで医療費助成の利用を断り (MedicalSubsidyConsFlg 0、回答 \
             {})、請求はその日の医療費助成の KO を持たない",
            visit.answer.path
        ),
    )
    .message("uke/subsidy-declined-none-taken")
}

/// The entry of `payer`, valid on `day` (yyyyMMdd), has no KO of the day while the claim holds
/// `kos` KO of 医療費助成 (fewer than four).
pub(in crate::uke) fn left_out(visit: &Visit<'_>, payer: &str, day: &str, kos: usize) -> Reason {
    Reason::new(
        format!(
            "the answer {} carries the 受給者証 of 公費負担者番号 {payer}, valid on the visit's day \
             {day}, and the patient did not decline it, but the claim has no KO of it for the day \
             ({kos} KO of 医療費助成): a valid entry is claimed (its last valid day included), and \
             the patient is billed the share the 自治体 pays",
            visit.answer.path
        ),
        format!(
            "回答 {} は受診日 {day} に有効な公費負担者番号 {payer} の受給者証を持ち、患者は利用を\
             断っていないが、請求にはその日のその KO がない (医療費助成の KO {kos} 件): 有効な\
             受給者証は請求する (有効期間の最終日も含む)。さもないと自治体の負担分を患者に請求する\
             ことになる",
            visit.answer.path
        ),
    )
    .message("uke/subsidy-left-out")
    .count("ko", kos as u64)
    .code("payer", payer)
    .code("day", day)
}

/// The claim's `kos` KO of 医療費助成 of the day name no 公費負担者番号 of the answer's `entries`
/// entries (`UKE-subsidy`'s finding): no 受給者証 to hold the day against.
pub(in crate::uke) fn none_of_entries(answer: &str, entries: usize, kos: usize) -> Reason {
    Reason::new(
        format!(
            "the {kos} KO of 医療費助成 of the claim of the answer {answer} name no 公費負担者番号 \
             of its {entries} entry(ies) (UKE-subsidy's finding): no 受給者証 to judge"
        ),
        format!(
            "回答 {answer} の請求の医療費助成の KO {kos} 件は、回答の受給者証 {entries} 件の\
             どの公費負担者番号でもない (UKE-subsidy の指摘): 判定する受給者証がない"
        ),
    )
    .message("uke/subsidy-none-of-entries")
    .count("entries", entries as u64)
    .count("ko", kos as u64)
}

/// The KO at `line` of `payer` says 合計点数 `said`, more than the `most` points the claim bills
/// on the days its 公費 was used.
pub(in crate::uke) fn points_beyond_days(
    visit: &Visit<'_>,
    line: u64,
    payer: &str,
    (said, most): (u64, u64),
) -> Reason {
    Reason::new(
        format!(
            "KO ({}) of 公費負担者番号 {payer} says 合計点数 {said}, more than the {most} point(s) \
             the claim's lines bill on the days the JD of that 公費 marks: a 公費 bears the points \
             of the days it was used, not the insurance's (HO's) of the month (返戻: 公費の合計\
             点数の誤り)",
            visit.at_line(line)
        ),
        format!(
            "公費負担者番号 {payer} の KO ({}) の合計点数は {said} だが、その公費の受診日等\
             レコード (JD) が記す日に請求の行が算定した点数は {most} 点: 公費が負担するのは使った\
             日の点数で、保険 (HO) の月の点数ではない (返戻: 公費の合計点数の誤り)",
            visit.at_line_ja(line)
        ),
    )
    .message("uke/subsidy-points-beyond-days")
    .count("line", line)
    .count("said", said)
    .count("most", most)
    .claim_line(visit.claim_line(Some("KO"), line))
    .code("payer", payer)
}
