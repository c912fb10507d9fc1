//! What `UKE-insurer` says: the claim's insurer, insured and confirmation against the visit's
//! answer (`docs/uke.md`, "The claim file in a run").

use mynakit_oqs::ElementName;
use mynakit_timeline::ClaimSummary;
use mynakit_uke::YearMonth;

use crate::reason::Reason;
use crate::uke::Visit;

/// The claim's insurer, insured and confirmation are the answer's.
pub(in crate::uke) const AGREES: (&str, &str) = (
    ": its insurer, insured and confirmation are the answer's",
    ": 保険者・被保険者・資格確認の記載は回答のとおり",
);

/// The 返戻 a wrong insurer, insured or confirmation predicts.
pub(in crate::uke) const RETURNED: &str = "資格関係の誤り";

/// A 点数表 code (the header's, the facility's) as English names it.
fn table_name(code: &str) -> &'static str {
    match code {
        "1" => "医科, header IR",
        "3" => "歯科, header IR",
        "4" => "調剤, header YK",
        _ => "unknown",
    }
}

/// [`table_name`] in Japanese.
fn table_name_ja(code: &str) -> &'static str {
    match code {
        "1" => "医科、ヘッダ IR",
        "3" => "歯科、ヘッダ IR",
        "4" => "調剤、ヘッダ YK",
        _ => "不明",
    }
}

/// The file's header claims on `file`, the facility on `facility`.
pub(in crate::uke) fn wrong_table(visit: &Visit<'_>, file: &str, facility: &str) -> Reason {
    let english =
        format!(
        "{}'s header claims on 点数表 {file} ({}), but the facility is a {} (点数表 {facility} \
         in MYNAKIT_FACILITY_CODE), which claims on 点数表 {facility} ({}) (返戻: 請求先・点数表の\
         誤り, the file is not the facility's)",
        visit.path,
        table_name(file),
        if facility == "4" { "薬局" } else { "医療機関" },
        table_name(facility),
    );
    let japanese = format!(
        "{} のヘッダは点数表 {file} ({}) で請求しているが、施設は{} (MYNAKIT_FACILITY_CODE \
         の点数表 {facility}) で、点数表 {facility} ({}) で請求する (返戻: \
         請求先・点数表の誤り、ファイルがその施設のものではない)",
        visit.path,
        table_name_ja(file),
        if facility == "4" {
            "薬局"
        } else {
            "医療機関"
        },
        table_name_ja(facility),
    );
    Reason::new(english, japanese)
        .message("uke/insurer-wrong-table")
        .code("table", file)
        .code("facility-table", facility)
}

/// The file of a visit the answer does not cover cannot be read (`error`).
pub(in crate::uke) fn unreadable(visit: &Visit<'_>, error: &str) -> Reason {
    Reason::new(
        format!(
            "{} cannot be read: {error} (返戻: the 審査支払機関 refuses a file it cannot read)",
            visit.path
        ),
        format!(
            "{} を読めない: {error} (返戻: 審査支払機関は読めないファイルを受け付けない)",
            visit.path
        ),
    )
    .message("uke/insurer-unreadable")
}

/// The answer does not cover the visit, yet `claim` claims it to the answer's `insurer`.
pub(in crate::uke) fn claimed_uncovered(
    visit: &Visit<'_>,
    claim: &ClaimSummary,
    insurer: &str,
) -> Reason {
    Reason::new(
        format!(
            "the answer {} does not cover the visit (its qualification is lost or absent), yet \
             RE {} ({}) claims it to that insurer {insurer} (返戻: 資格喪失後の受診)",
            visit.answer.path,
            claim.number,
            visit.at_line_of(claim, claim.line)
        ),
        format!(
            "回答 {} は受診の資格を認めていない (資格の喪失または資格なし) のに、RE {} ({}) は\
             その保険者 {insurer} に請求している (返戻: 資格喪失後の受診)",
            visit.answer.path,
            claim.number,
            visit.at_line_of_ja(claim, claim.line)
        ),
    )
    .message("uke/insurer-claimed-uncovered")
    .count("receipt", claim.number)
    .count("line", claim.line)
    .claim_line(visit.claim_line_of(claim, Some("RE"), claim.line))
    .code("insurer", insurer)
}

/// The answer does not cover the visit, and the file claims nothing to its insurer.
pub(in crate::uke) fn uncovered_unclaimed(visit: &Visit<'_>) -> Reason {
    Reason::new(
        format!(
            "the answer {} does not cover the visit, and {} claims nothing to its insurer",
            visit.answer.path, visit.path
        ),
        format!(
            "回答 {} は受診の資格を認めておらず、{} はその保険者に何も請求していない",
            visit.answer.path, visit.path
        ),
    )
    .message("uke/insurer-uncovered-unclaimed")
}

/// The claim has no HO record.
pub(in crate::uke) fn no_ho() -> Reason {
    Reason::new("it has no HO record", "HO レコードがない").message("uke/insurer-no-ho")
}

/// HO's 保険者番号 (`written`) is not the answer's `insurer` in eight columns (`field`).
pub(in crate::uke) fn ho_insurer(
    visit: &Visit<'_>,
    line: u64,
    written: &str,
    insurer: &str,
    field: &str,
) -> Reason {
    Reason::new(
        format!(
            "HO ({}) 保険者番号 is {written:?}, not {insurer:?} in eight columns ({field:?})",
            visit.at_line(line),
        ),
        format!(
            "HO ({}) の保険者番号は {written:?} で、{insurer:?} を 8 桁にしたもの ({field:?}) \
             ではない",
            visit.at_line_ja(line),
        ),
    )
    .message("uke/insurer-ho-insurer")
    .count("line", line)
    .claim_line(visit.claim_line(Some("HO"), line))
    .code("written", written)
    .code("insurer", insurer)
}

/// Which personal field of a record the claim gets wrong.
#[derive(Clone, Copy)]
pub(in crate::uke) enum Field {
    /// 記号.
    Symbol,
    /// 番号.
    Number,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Symbol => "記号",
            Field::Number => "番号",
        }
    }
}

/// `record`'s (HO, SN) `field` is not the answer's `element`.
pub(in crate::uke) fn not_answered(
    visit: &Visit<'_>,
    record: &'static str,
    line: u64,
    field: Field,
    element: ElementName,
) -> Reason {
    let name = field.name();
    Reason::new(
        format!(
            "{record} ({}) {name} is not the answer's {}",
            visit.at_line(line),
            element.as_str()
        ),
        format!(
            "{record} ({}) の{name}が回答の {} ではない",
            visit.at_line_ja(line),
            element.as_str()
        ),
    )
    .message("uke/insurer-not-answered")
    .code("record", record)
    .count("line", line)
    .claim_line(visit.claim_line(Some(record), line))
    .code("element", element.as_str())
}

/// No SN of 負担者種別 1 to hold the answer's 枝番.
pub(in crate::uke) fn no_insurance_sn() -> Reason {
    Reason::new(
        "it has no SN record of 負担者種別 1 (保険), so the answer's 枝番 is not in the claim",
        "負担者種別 1 (保険) の SN レコードがなく、回答の枝番がレセプトにない",
    )
    .message("uke/insurer-no-insurance-sn")
}

/// SN's 枝番 (empty or not) is not the answer's.
pub(in crate::uke) fn sn_branch(visit: &Visit<'_>, line: u64, empty: bool) -> Reason {
    let (missing, missing_ja) = if empty {
        (" (empty)", " (空)")
    } else {
        ("", "")
    };
    Reason::new(
        format!(
            "SN ({}) 枝番{missing} is not the answer's InsuredBranchNumber",
            visit.at_line(line)
        ),
        format!(
            "SN ({}) の枝番{missing_ja}が回答の InsuredBranchNumber ではない",
            visit.at_line_ja(line)
        ),
    )
    .message("uke/insurer-sn-branch")
    .count("line", line)
    .claim_line(visit.claim_line(Some("SN"), line))
}

/// SN's 保険者番号等 `written` is not the answer's `insurer`.
pub(in crate::uke) fn sn_insurer(
    visit: &Visit<'_>,
    line: u64,
    written: &str,
    insurer: &str,
) -> Reason {
    Reason::new(
        format!(
            "SN ({}) 保険者番号等 {written} is not the answer's {insurer}",
            visit.at_line(line)
        ),
        format!(
            "SN ({}) の保険者番号等 {written} が回答の {insurer} ではない",
            visit.at_line_ja(line)
        ),
    )
    .message("uke/insurer-sn-insurer")
    .count("line", line)
    .claim_line(visit.claim_line(Some("SN"), line))
    .code("written", written)
    .code("insurer", insurer)
}

/// SN's 確認区分 `code` (meaning `known`, if a 確認区分) is not 01.
pub(in crate::uke) fn not_at_counter(
    visit: &Visit<'_>,
    line: u64,
    code: &str,
    known: Option<&str>,
) -> Reason {
    let meaning = known.unwrap_or("not a 確認区分");
    let meaning_ja = known.unwrap_or("確認区分ではない");
    Reason::new(
        format!(
            "SN ({}) 確認区分 is {code} ({meaning}), not 01: a レセコン confirms at the counter",
            visit.at_line(line),
        ),
        format!(
            "SN ({}) の確認区分が {code} ({meaning_ja}) で、01 ではない: レセコンは窓口で確認する",
            visit.at_line_ja(line),
        ),
    )
    .message("uke/insurer-not-at-counter")
    .count("line", line)
    .claim_line(visit.claim_line(Some("SN"), line))
    .code("confirmation", code)
}

/// RE's レセプト種別 `kind` says 本人 or 家族 (`claimed`), PersonalFamilyClassification
/// `answered` the other (`answered_principal`).
pub(in crate::uke) fn family(
    visit: &Visit<'_>,
    claim: &ClaimSummary,
    kind: &str,
    claimed_principal: bool,
    (answered, answered_principal): (&str, bool),
) -> Reason {
    let says = |principal: bool| if principal { "本人" } else { "家族" };
    Reason::new(
        format!(
            "RE ({}) レセプト種別 {kind} says {}, but PersonalFamilyClassification is {answered} \
             ({})",
            visit.at_line(claim.line),
            says(claimed_principal),
            says(answered_principal)
        ),
        format!(
            "RE ({}) のレセプト種別 {kind} は{}だが、PersonalFamilyClassification は {answered} \
             ({})",
            visit.at_line_ja(claim.line),
            says(claimed_principal),
            says(answered_principal)
        ),
    )
    .message("uke/insurer-family")
    .count("line", claim.line)
    .claim_line(visit.claim_line(Some("RE"), claim.line))
    .code("kind", kind)
    .code("classification", answered)
}

/// RE's 生年月日 is not the answer's Birthdate (neither named: a patient's value).
pub(in crate::uke) fn birth(visit: &Visit<'_>, claim: &ClaimSummary) -> Reason {
    Reason::new(
        format!(
            "RE ({}) 生年月日 is not the answer's Birthdate (a 和暦 date under the wrong 元号 \
             is another day)",
            visit.at_line(claim.line)
        ),
        format!(
            "RE ({}) の生年月日が回答の Birthdate ではない (和暦の元号を誤ると別の日になる)",
            visit.at_line_ja(claim.line)
        ),
    )
    .message("uke/insurer-birth")
    .count("line", claim.line)
    .claim_line(visit.claim_line(Some("RE"), claim.line))
}

/// RE's 診療年月 is not `visited`, the month of the visit's day.
pub(in crate::uke) fn month(visit: &Visit<'_>, claim: &ClaimSummary, visited: YearMonth) -> Reason {
    let claimed = claim.month.as_str();
    Reason::new(
        format!(
            "RE ({}) 診療年月 {claimed} is not {visited}, the month of the visit's day \
             (QualificationConfirmationDate): the visit is claimed in a month it was not in",
            visit.at_line(claim.line)
        ),
        format!(
            "RE ({}) の診療年月 {claimed} が受診日 (QualificationConfirmationDate) の月 \
             {visited} ではない: 受診していない月に請求している",
            visit.at_line_ja(claim.line)
        ),
    )
    .message("uke/insurer-month")
    .count("line", claim.line)
    .claim_line(visit.claim_line(Some("RE"), claim.line))
    .code("claimed", claimed)
    .day("month", format!("{:04}-{:02}", visited.year, visited.month))
}

/// SN's 受給者番号 is not the answer's.
pub(in crate::uke) fn sn_recipient(visit: &Visit<'_>, line: u64) -> Reason {
    Reason::new(
        format!(
            "SN ({}) 受給者番号 is not the answer's InsuredIdentificationNumber",
            visit.at_line(line)
        ),
        format!(
            "SN ({}) の受給者番号が回答の InsuredIdentificationNumber ではない",
            visit.at_line_ja(line)
        ),
    )
    .message("uke/insurer-sn-recipient")
    .count("line", line)
    .claim_line(visit.claim_line(Some("SN"), line))
}

/// RE's レセプト種別 says another 点数表 (its 1st digit) than the file's header `table`.
pub(in crate::uke) fn kind_table(visit: &Visit<'_>, claim: &ClaimSummary, table: &str) -> Reason {
    let kind = claim.kind.as_str();
    Reason::new(
        format!(
            "RE ({}) レセプト種別 {kind} is of another 点数表 than the file's ({table}: {})",
            visit.at_line(claim.line),
            table_name(table)
        ),
        format!(
            "RE ({}) のレセプト種別 {kind} はファイルの点数表 ({table}: {}) のものではない",
            visit.at_line_ja(claim.line),
            table_name_ja(table)
        ),
    )
    .message("uke/insurer-kind-table")
    .count("line", claim.line)
    .claim_line(visit.claim_line(Some("RE"), claim.line))
    .code("kind", kind)
    .code("table", table)
}

/// Who pays as `written` in words: 医保単独, 医保と公費 n 種の併用, 公費単独 (n 種).
fn payers_name(written: mynakit_uke::Payers) -> (String, String) {
    match written {
        mynakit_uke::Payers::Insurance { publics: 0 } => (
            "医保単独 (HO alone)".to_owned(),
            "医保単独 (HO のみ)".to_owned(),
        ),
        mynakit_uke::Payers::Insurance { publics } => (
            format!("医保と公費の併用 (HO and {publics} KO)"),
            format!("医保と公費の併用 (HO と KO {publics} 件)"),
        ),
        mynakit_uke::Payers::PublicOnly { publics } => (
            format!("公費単独 ({publics} KO, no HO)"),
            format!("公費単独 (KO {publics} 件、HO なし)"),
        ),
    }
}

/// RE's レセプト種別 says other payers (its 2nd and 3rd digits) than the claim's records.
pub(in crate::uke) fn kind_payers(
    visit: &Visit<'_>,
    claim: &ClaimSummary,
    written: mynakit_uke::Payers,
) -> Reason {
    let kind = claim.kind.as_str();
    let (name, name_ja) = payers_name(written);
    Reason::new(
        format!(
            "RE ({}) レセプト種別 {kind} says other payers than its records, which are {name}",
            visit.at_line(claim.line)
        ),
        format!(
            "RE ({}) のレセプト種別 {kind} はレコードの負担者と合わない (レコードは{name_ja})",
            visit.at_line_ja(claim.line)
        ),
    )
    .message("uke/insurer-kind-payers")
    .count("line", claim.line)
    .claim_line(visit.claim_line(Some("RE"), claim.line))
    .code("kind", kind)
}

/// A 併用 claim's KO (`ko`) comes before its HO (`ho`).
pub(in crate::uke) fn ko_before_ho(visit: &Visit<'_>, ko: u64, ho: u64) -> Reason {
    Reason::new(
        format!(
            "KO ({}) comes before HO ({}): a 併用 claim lists the insurance first, then each 公費",
            visit.at_line(ko),
            visit.at_line(ho)
        ),
        format!(
            "KO ({}) が HO ({}) より前にある: 併用のレセプトは保険を先に、次に公費を記録する",
            visit.at_line_ja(ko),
            visit.at_line_ja(ho)
        ),
    )
    .message("uke/insurer-ko-before-ho")
    .count("line", ko)
    .claim_line(visit.claim_line(Some("KO"), ko))
}
