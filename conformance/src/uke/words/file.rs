//! What `UKE-file-reads` says: the claim file reads whole and agrees with itself, or where it
//! does not (`docs/uke.md`, "Checking a claim file"). The reader's errors and the file's
//! problems are quoted as `mynakit claim check` prints them, in English in both languages
//! (docs/reports.md, "Japanese"); they name lines, bytes, records and fields, never a patient.

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

/// The file at `path` reads but disagrees with itself: `problems`, as `claim check` words them.
pub(in crate::uke) fn inconsistent(path: &str, problems: &[String]) -> Reason {
    let listed = problems.join("; ");
    Reason::new(
        format!(
            "{path} reads but does not agree with itself: {listed} (返戻: a 請求書 (GO) that \
             does not match its レセプト, or a claim without its payer; `mynakit claim check` \
             finds the same)"
        ),
        format!(
            "{path} は読めるが、ファイル自身が整合していない: {listed} (返戻: レセプトと合わない\
             請求書 (GO)、または請求先のないレセプト。`mynakit claim check` も同じ問題を挙げる)"
        ),
    )
    .message("uke/file-inconsistent")
    .count("problems", problems.len())
}

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
