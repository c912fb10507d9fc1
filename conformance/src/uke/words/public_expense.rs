//! What `UKE-public-expense` says: KO's 公費負担者番号 and 受給者番号 against a 医療扶助
//! answer (`docs/uke.md`, "The claim file in a run").

use mynakit_timeline::ClaimSummary;

use crate::reason::Reason;
use crate::uke::Visit;

/// The answer at `answer` is no covered 医療扶助 visit.
pub(in crate::uke) fn no_assistance(answer: &str) -> Reason {
    Reason::new(
        format!("the answer {answer} is not a covered 医療扶助 visit"),
        format!("回答 {answer} は資格のある医療扶助の受診ではない"),
    )
    .message("uke/public-expense-no-assistance")
}

/// The claim has no KO of the answer's 公費負担者番号 `payer`.
pub(in crate::uke) fn no_ko(visit: &Visit<'_>, claim: &ClaimSummary, payer: &str) -> Reason {
    Reason::new(
        format!(
            "RE {} ({}) has no KO record of the answer's 公費負担者番号 {payer} (返戻: 公費の\
             記載誤り)",
            claim.number,
            visit.at_line(claim.line)
        ),
        format!(
            "RE {} ({}) に回答の公費負担者番号 {payer} の KO レコードがない (返戻: \
             公費の記載誤り)",
            claim.number,
            visit.at_line_ja(claim.line)
        ),
    )
    .message("uke/public-expense-no-ko")
    .count("receipt", claim.number)
    .count("line", claim.line)
    .claim_line(visit.claim_line(Some("RE"), claim.line))
    .code("payer", payer)
}

/// The KO at `line` of `payer` has no 受給者番号.
pub(in crate::uke) fn no_recipient(visit: &Visit<'_>, line: u64, payer: &str) -> Reason {
    Reason::new(
        format!(
            "KO ({}) of {payer} has no 受給者番号 (返戻: 公費受給者番号の記載漏れ)",
            visit.at_line(line)
        ),
        format!(
            "{payer} の KO ({}) に受給者番号がない (返戻: 公費受給者番号の記載漏れ)",
            visit.at_line_ja(line)
        ),
    )
    .message("uke/public-expense-no-recipient")
    .count("line", line)
    .claim_line(visit.claim_line(Some("KO"), line))
    .code("payer", payer)
}

/// The KO at `line` holds another 受給者番号 than the answer's.
pub(in crate::uke) fn other_recipient(visit: &Visit<'_>, line: u64) -> Reason {
    Reason::new(
        format!(
            "KO ({}) 受給者番号 is not the answer's InsuredIdentificationNumber (返戻: 公費受給者\
             番号の誤り)",
            visit.at_line(line)
        ),
        format!(
            "KO ({}) の受給者番号が回答の InsuredIdentificationNumber ではない (返戻: 公費受給者\
             番号の誤り)",
            visit.at_line_ja(line)
        ),
    )
    .message("uke/public-expense-other-recipient")
    .count("line", line)
    .claim_line(visit.claim_line(Some("KO"), line))
}

/// The KO at `line` carries the answer's numbers.
pub(in crate::uke) fn carried(visit: &Visit<'_>, line: u64, payer: &str) -> Reason {
    Reason::new(
        format!(
            "KO ({}) carries the answer's 公費負担者番号 {payer} and 受給者番号",
            visit.at_line(line)
        ),
        format!(
            "KO ({}) は回答の公費負担者番号 {payer} と受給者番号を記している",
            visit.at_line_ja(line)
        ),
    )
    .message("uke/public-expense-carried")
    .count("line", line)
    .claim_line(visit.claim_line(Some("KO"), line))
    .code("payer", payer)
}
