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
/// with what the 審査支払機関 returns them for (by `kinds`, each problem's kind, as the event
/// keeps them since 2026-11-29): a claim in the file of another 審査支払機関 (`PayerOfInsurer`)
/// is returned as that office's error; every other problem as a 請求書 (GO) that does not match
/// its レセプト or a claim without its payer (a report written before keeps no kinds: that).
pub(in crate::uke) fn inconsistent(
    path: &str,
    problems: &[String],
    kinds: &[Coded<ProblemKind>],
) -> Reason {
    let listed = problems.join("; ");
    let payer = |k: &Coded<ProblemKind>| k.known() == Some(ProblemKind::PayerOfInsurer);
    let of_payer = kinds.iter().filter(|k| payer(k)).count();
    let (en, ja) = match (of_payer, problems.len().saturating_sub(of_payer)) {
        (0, _) => (STATEMENT.0.to_owned(), STATEMENT.1.to_owned()),
        (_, 0) => (PAYER.0.to_owned(), PAYER.1.to_owned()),
        _ => (
            format!("{}; {}", PAYER.0, STATEMENT.0),
            format!("{}。{}", PAYER.1, STATEMENT.1),
        ),
    };
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

/// What a file's problems other than [`PAYER`]'s are returned for.
const STATEMENT: (&str, &str) = (
    "a 請求書 (GO) that does not match its レセプト, or a claim without its payer",
    "レセプトと合わない請求書 (GO)、または請求先のないレセプト",
);

/// What a claim in the file of another 審査支払機関 (`PayerOfInsurer`) is returned for.
const PAYER: (&str, &str) = (
    "審査支払機関の誤り: a claim to an insurer whose claims go to another 審査支払機関 than the \
     one the file's HM is for is not this office's to pay; the station claims it in that \
     office's file",
    "審査支払機関の誤り: HM の審査支払機関とは別の審査支払機関に請求する保険者のレセプトは、\
     この機関が支払うものではない。ステーションはその機関あてのファイルで請求する",
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
