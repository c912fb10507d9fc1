//! What `UKE-file-reads` says: the claim file reads whole and agrees with itself, or where it
//! does not (`docs/uke.md`, "Checking a claim file"). The reader's errors and the file's
//! problems are quoted as `mynakit claim check` prints them, in English in both languages
//! (docs/reports.md, "Japanese"); they name lines, bytes, records and fields, never a patient.

use mynakit_timeline::Coded;
use mynakit_uke::ProblemKind;

use crate::reason::Reason;

/// The client wrote no claim file at `path`: nothing to read.
pub(in crate::uke) fn not_written(path: &str) -> Reason {
    Reason::new(
        format!("no claim file to read ({path} was not written)"),
        format!("読む請求ファイルがない ({path} は書かれていない)"),
    )
    .message("uke/file-not-written")
}

/// The file at `path` does not read: the reader's `error`.
pub(in crate::uke) fn unreadable(path: &str, error: &str) -> Reason {
    Reason::new(
        format!(
            "{path} does not read whole: {error} (返戻: the 審査支払機関 refuses a file it \
             cannot read, every claim in it; `mynakit claim check` refuses it too)"
        ),
        format!(
            "{path} を最後まで読めない: {error} (返戻: 審査支払機関は読めないファイルを、中の\
             レセプトごと受け付けない。`mynakit claim check` も同じファイルを拒む)"
        ),
    )
    .message("uke/file-unreadable")
}

/// The file at `path` reads but disagrees with itself: `problems`, as `claim check` words them,
/// with what the 審査支払機関 returns them for, by `kinds` (each problem's kind, as the event keeps
/// them since 2026-11-29): each kind of a station's file its own 返戻 ([`returned`]), every other
/// problem as a 請求書 (GO) that does not match its レセプト or a claim without its payer (a report
/// written before keeps no kinds: that).
pub(in crate::uke) fn inconsistent(
    path: &str,
    problems: &[String],
    kinds: &[Coded<ProblemKind>],
) -> Reason {
    let listed = problems.join("; ");
    let mut said: Vec<(&str, &str)> = ProblemKind::ALL
        .into_iter()
        .filter(|kind| kinds.iter().any(|k| k.known() == Some(*kind)))
        .filter_map(returned)
        .collect();
    let of_own = (0..problems.len())
        .filter(|&i| {
            kinds
                .get(i)
                .and_then(Coded::known)
                .and_then(returned)
                .is_some()
        })
        .count();
    if of_own < problems.len() {
        said.push(STATEMENT);
    }
    let en = said.iter().map(|w| w.0).collect::<Vec<_>>().join("; ");
    let ja = said.iter().map(|w| w.1).collect::<Vec<_>>().join("。");
    Reason::new(
        format!(
            "{path} reads but does not agree with itself: {listed} (返戻: {en}; `mynakit claim \
             check` finds the same)"
        ),
        format!(
            "{path} は読めるが、ファイル自身が整合していない: {listed} (返戻: {ja}。\
             `mynakit claim check` も同じ問題を挙げる)"
        ),
    )
    .message("uke/file-inconsistent")
    .count("problems", problems.len())
}

/// What a file's problems other than those of [`returned`] are returned for.
const STATEMENT: (&str, &str) = (
    "a 請求書 (GO) that does not match its レセプト, or a claim without its payer",
    "レセプトと合わない請求書 (GO)、または請求先のないレセプト",
);

/// What the 審査支払機関 returns a claim of a station's file for, by the problem's kind, in its
/// own words (docs/uke.md, "訪問看護: RECEIPTH.UKE"), each with the public rule it rests on;
/// `None` for the kinds said together as [`STATEMENT`].
fn returned(kind: ProblemKind) -> Option<(&'static str, &'static str)> {
    match kind {
        ProblemKind::PayerOfInsurer => Some(PAYER),
        ProblemKind::DaysCounted => Some(DAYS),
        ProblemKind::ClaimedBeforeMonthEnds => Some(BEFORE_MONTH_ENDS),
        ProblemKind::RecipientWidth => Some(RECIPIENT),
        ProblemKind::DuplicateClaim => Some(DUPLICATE),
        _ => None,
    }
}

/// What a claim in the file of another 審査支払機関 (`PayerOfInsurer`) is returned for.
const PAYER: (&str, &str) = (
    "審査支払機関の誤り: a claim to an insurer whose claims go to another 審査支払機関 than the \
     one the file's HM is for is not this office's to pay; the station claims it in that \
     office's file",
    "審査支払機関の誤り: HM の審査支払機関とは別の審査支払機関に請求する保険者のレセプトは、\
     この機関が支払うものではない。ステーションはその機関あてのファイルで請求する",
);

/// What an HO's or KO's 実日数 other than its JD's days (`DaysCounted`) is returned for.
const DAYS: (&str, &str) = (
    "実日数の誤り: the 審査支払機関 returns a claim whose HO or KO 実日数 is not the days its \
     payer's JD counts, since the 記録条件仕様（訪問看護用） has the 実日数 be the days visited \
     (別表25 実日数計上区分 1 「実日数に計上する」) and the payer pays the visits by them",
    "実日数の誤り: HO・KO の実日数がその負担者の JD の数える日数でないレセプトは返戻となる。\
     記録条件仕様（訪問看護用）では実日数は訪問した日数 (別表25 実日数計上区分 1「実日数に計上する」) \
     であり、負担者はその日数で訪問を支払うため",
);

/// What a month claimed before it ends (`ClaimedBeforeMonthEnds`) is returned for.
const BEFORE_MONTH_ENDS: (&str, &str) = (
    "請求年月の誤り: the 審査支払機関 returns a claim of a month not yet ended, since a station \
     claims a month's visits from the month after (訪問看護療養費及び公費負担医療に関する費用の\
     請求に関する命令, 平成4年厚生省令第5号, 第1条: 翌月10日までに), so HM's 請求年月 comes after \
     the claim's 指定訪問看護年月",
    "請求年月の誤り: 終わっていない月のレセプトは返戻となる。ステーションは月の訪問を翌月に請求し \
     (訪問看護療養費及び公費負担医療に関する費用の請求に関する命令 (平成4年厚生省令第5号) 第1条: \
     翌月10日までに)、HM の請求年月はレセプトの指定訪問看護年月より後であるため",
);

/// What a KO 受給者番号 not in seven digits (`RecipientWidth`) is returned for.
const RECIPIENT: (&str, &str) = (
    "公費受給者番号の誤り: the 審査支払機関 returns a claim whose KO 受給者番号 is not the seven \
     digits of the 記録条件仕様（訪問看護用）'s 公費レコード (zero-filled from the left), since \
     the 公費's payer cannot match it to its 受給者",
    "公費受給者番号の誤り: KO の受給者番号が記録条件仕様（訪問看護用）の公費レコードの 7 桁 \
     (左ゼロ埋め) でないレセプトは返戻となる。公費の負担者がその受給者と突き合わせられないため",
);

/// What a second claim of one user, payer and month (`DuplicateClaim`) is returned for.
const DUPLICATE: (&str, &str) = (
    "重複請求: the 審査支払機関 returns the second claim of one user to one payer for one month, \
     since a user's month is one レセプト to each payer (記録条件仕様（訪問看護用）: a レセプト is \
     a user's 指定訪問看護年月, its days in JD) and a second would bill the visits twice",
    "重複請求: 同じ利用者・同じ負担者・同じ月の二つ目のレセプトは返戻となる。利用者の一月は負担者\
     ごとに一つのレセプトであり (記録条件仕様（訪問看護用）: レセプトは利用者の指定訪問看護年月の\
     もので、その日々を JD に記す)、二つ目は訪問を二重に請求するため",
);

/// The file at `path` reads whole, `claims` claims, GO's totals its own.
pub(in crate::uke) fn reads(path: &str, claims: u64) -> Reason {
    Reason::new(
        format!(
            "{path} reads whole: {claims} claim(s), each with its payer, GO's 総件数 and \
             総合計点数 those of the claims, the end mark last"
        ),
        format!(
            "{path} は最後まで読める: レセプト {claims} 件、どれも請求先があり、GO の総件数と\
             総合計点数はレセプトのもの、終端は EOF (0x1A)"
        ),
    )
    .message("uke/file-reads")
    .count("claims", claims)
}
