//! What `UKE-station-amounts` says: a station claim's KA 金額 against its code's price × 数量,
//! and its HO and KO 合計金額 against the KA 金額 each payer bears (`docs/uke.md`, "The
//! station's amounts").

use mynakit_protocol::{PriceSource, Priced};
use mynakit_timeline::{ClaimSummary, ClaimedCode};

use crate::facts::ClaimLine;
use crate::reason::Reason;

/// The 返戻 a wrong amount predicts, in both languages.
const RETURNED: (&str, &str) = ("返戻: 金額の誤り", "返戻: 金額の誤り");

/// No claim of `path` that the run kept bills a KA (`unreadable`: the file did not read whole,
/// which `UKE-file-reads` judges).
pub(in crate::uke) fn nothing_billed(path: &str, unreadable: bool) -> Reason {
    let (en, ja) = if unreadable {
        (
            " (of the claims read before its error: UKE-file-reads judges the file)",
            " (エラーより前に読めた請求のうち: ファイルは UKE-file-reads が判定する)",
        )
    } else {
        ("", "")
    };
    Reason::new(
        format!("no claim of {path} bills a KA 訪問看護療養費{en}"),
        format!("{path} に KA 訪問看護療養費を算定する請求はない{ja}"),
    )
    .message("uke/station-amounts-nothing-billed")
}

/// Every amount judged agrees: `priced` KA against their price, the 合計金額 of `totals` HO and
/// KO records of `claims` claims.
pub(in crate::uke) fn agree(path: &str, claims: usize, priced: usize, totals: usize) -> Reason {
    Reason::new(
        format!(
            "{claims} claim(s) of {path}: {priced} KA 金額 are their code's price × 数量 on \
             their day, and {totals} HO/KO 合計金額 are the sum of the KA 金額 each payer bears"
        ),
        format!(
            "{path} の {claims} 件の請求: {priced} 件の KA 金額がそのコードのその日の価格 × 数量に一致し、\
             {totals} 件の HO・KO 合計金額が各負担者の負担する KA 金額の合計に一致する"
        ),
    )
    .message("uke/station-amounts-agree")
    .count("claims", claims)
    .count("priced", priced)
    .count("totals", totals)
}

/// The codes billed whose price on their day no public source here gives: not judged, said.
pub(in crate::uke) fn unpriced(codes: &[String]) -> Reason {
    let list = codes.join(", ");
    Reason::new(
        format!(
            "{} KA of code(s) {list} not judged against a price: no public source here gives \
             their price on their day, nor a price table given by --station-prices (docs/uke.md)",
            codes.len()
        ),
        format!(
            "コード {list} の KA {} 件は価格と照合していない: その日の価格を示す公開資料も \
             --station-prices の価格表もない (docs/uke.md)",
            codes.len()
        ),
    )
    .message("uke/station-amounts-unpriced")
    .count("unpriced", codes.len())
}

/// The `items` KA of codes (each with the revision's first day) whose public price ended before
/// their KA's day and which the vendor's table does not price: the newest notice wins, so the
/// older price is not known to be in force, and the KA is not judged.
pub(in crate::uke) fn ended(items: usize, codes: &[(String, &str)]) -> Reason {
    let list = codes
        .iter()
        .map(|(code, from)| format!("{code} (from {from})"))
        .collect::<Vec<_>>()
        .join(", ");
    let ja = codes
        .iter()
        .map(|(code, from)| format!("{code} ({from} から)"))
        .collect::<Vec<_>>()
        .join(", ");
    Reason::new(
        format!(
            "{items} KA of code(s) {list} not judged against a price: the price is not known from \
             that day, when a 診療報酬改定 revised the 訪問看護療養費 (the price before it ended the \
             day before and no public source here gives the new one), and no price table given \
             by --station-prices prices it (docs/uke.md)",
        ),
        format!(
            "コード {ja} の KA {items} 件は価格と照合していない: その日からの価格は分からない \
             (診療報酬改定で訪問看護療養費が改定され、改定前の価格は前日で終わり、新しい価格を示す\
             公開資料はない)。--station-prices の価格表もその価格を示さない (docs/uke.md)",
        ),
    )
    .message("uke/station-amounts-price-ended")
    .count("ended", items)
}

/// The rows of the vendor's table `file` (code, line) that priced a KA: those prices are the
/// vendor's, not a public source's.
pub(in crate::uke) fn from_table(file: &str, rows: &[(String, usize)]) -> Reason {
    let list = rows
        .iter()
        .map(|(code, line)| format!("{code} (line {line})"))
        .collect::<Vec<_>>()
        .join(", ");
    Reason::new(
        format!(
            "priced by the vendor's table {file}, not by a public source: {list} \
             (--station-prices, docs/rules.md)"
        ),
        format!(
            "公開資料ではなくベンダーの価格表 {file} の価格で照合した: {list} \
             (--station-prices, docs/rules.md)"
        ),
    )
    .message("uke/station-amounts-from-table")
    .count("rows", rows.len())
}

/// Where `price` was read, in both languages.
fn price_source(price: &Priced) -> (String, String) {
    match &price.source {
        PriceSource::Public => (
            format!("from {}", price.from),
            format!("{} からの価格", price.from),
        ),
        PriceSource::Table { file, line } => (
            format!("the vendor's table {file} line {line}, from {}", price.from),
            format!("ベンダーの価格表 {file} {line} 行目、{} から", price.from),
        ),
    }
}

/// KA on a day that also bills a KA of 金額 0 (a 加算 priced as a rate, whose amount the spec
/// adds into the item it raises): their price is not judged.
pub(in crate::uke) fn folded(items: usize) -> Reason {
    Reason::new(
        format!(
            "{items} KA on days with a KA of 金額 0 (a 加算 by rate, added into the item it \
             raises) not judged against a price"
        ),
        format!(
            "金額 0 の KA (割合による加算: 金額は加算対象の療養費に合算される) と同じ日の KA {items} \
             件は価格と照合していない"
        ),
    )
    .message("uke/station-amounts-folded")
    .count("folded", items)
}

/// A claim whose KA 負担区分 is outside 別表22: its 合計金額 are not judged.
pub(in crate::uke) fn unknown_burden(path: &str, claim: &ClaimSummary) -> Reason {
    // A station's month of two files: the claim's own file, where its lines are.
    let path = claim.file.as_deref().unwrap_or(path);
    Reason::new(
        format!(
            "RE {} ({path} line {}): a KA 負担区分 outside 別表22, so which payer bears it is not \
             known and its HO/KO 合計金額 are not judged",
            claim.number, claim.line
        ),
        format!(
            "RE {} ({path} {} 行目): KA の負担区分が別表22 にないため負担者が分からず、HO・KO 合計金額は\
             判定しない",
            claim.number, claim.line
        ),
    )
    .message("uke/station-amounts-unknown-burden")
    .count("receipt", claim.number)
}

/// A KA whose 金額 is not its code's price × 数量 on its day.
pub(in crate::uke) fn wrong_amount(
    path: &str,
    claim: &ClaimSummary,
    ka: &ClaimedCode,
    day: &str,
    price: &Priced,
    quantity: u64,
) -> Reason {
    // A station's month of two files: the claim's own file, where its lines are.
    let path = claim.file.as_deref().unwrap_or(path);
    let said = ka.amount.unwrap_or_default();
    let yen = price.yen;
    let due = yen.saturating_mul(quantity);
    let (source_en, source_ja) = price_source(price);
    Reason::new(
        format!(
            "RE {} ({path} line {}): KA at line {} (field 5 金額) bills {} on {day} for {said} \
             yen, but its price that day is {yen} yen ({source_en}) × 数量 {quantity} = {due} \
             ({})",
            claim.number, claim.line, ka.line, ka.code, RETURNED.0
        ),
        format!(
            "RE {} ({path} {} 行目): {} 行目の KA (項目5 金額) が {day} の {} を {said} 円としているが、\
             その日の価格は {yen} 円 ({source_ja}) × 数量 {quantity} = {due} 円である ({})",
            claim.number, claim.line, ka.line, ka.code, RETURNED.1
        ),
    )
    .message("uke/station-amounts-wrong-amount")
    .count("receipt", claim.number)
    .count("line", ka.line)
    .count("said", said)
    .count("due", due)
    .code("code", ka.code.clone())
    .day("day", day)
    .claim_line(ClaimLine {
        file: path.to_owned(),
        line: ka.line,
        record: Some("KA".to_owned()),
    })
}

/// An HO or KO (`record`, at `line`) whose 合計金額 is not the sum of the KA its payer bears.
pub(in crate::uke) fn wrong_total(
    path: &str,
    claim: &ClaimSummary,
    record: &'static str,
    line: u64,
    said: u64,
    borne: u64,
) -> Reason {
    // A station's month of two files: the claim's own file, where its lines are.
    let path = claim.file.as_deref().unwrap_or(path);
    Reason::new(
        format!(
            "RE {} ({path} line {}): {record} at line {line} (field 5 合計金額) says {said} yen, \
             but the KA 金額 its payer bears (負担区分, 別表22) add up to {borne} ({})",
            claim.number, claim.line, RETURNED.0
        ),
        format!(
            "RE {} ({path} {} 行目): {line} 行目の {record} (項目5 合計金額) が {said} 円としているが、\
             その負担者が負担する KA 金額 (負担区分, 別表22) の合計は {borne} 円である ({})",
            claim.number, claim.line, RETURNED.1
        ),
    )
    .message("uke/station-amounts-wrong-total")
    .count("receipt", claim.number)
    .count("line", line)
    .count("said", said)
    .count("borne", borne)
    .claim_line(ClaimLine {
        file: path.to_owned(),
        line,
        record: Some(record.to_owned()),
    })
}

/// The run's bound of kept entries cut the file: `omitted` of its claims were read and
/// counted, not kept, so their amounts were not judged (`docs/uke.md`, "A month's file in a
/// run"); `kept` were.
pub(in crate::uke) fn cut(path: &str, kept: usize, omitted: u64) -> Reason {
    Reason::new(
        format!(
            "only the {kept} claim(s) of {path} the run kept were judged: {omitted} more were \
             read and counted past the run's bound of kept entries, their amounts not judged \
             (`mynakit claim check` reads every claim's own totals; docs/uke.md)"
        ),
        format!(
            "{path} のうち実行が保持した {kept} 件の請求だけを判定した: ほかの {omitted} 件は\
             保持する項目数の上限を超えたため読んで数えただけで、金額は判定していない \
             (`mynakit claim check` はすべての請求の合計を読む。docs/uke.md)"
        ),
    )
    .message("uke/station-amounts-cut")
    .count("kept", kept)
    .count("omitted", omitted)
}

/// Findings said one after another (the claims' own, then the notes).
pub(in crate::uke) fn each(said: &[&Reason]) -> Reason {
    Reason::join(said.iter().copied(), "; ", "；")
}
