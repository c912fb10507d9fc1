//! What every `UKE-` check says of the visit it judges: no claim file, no result, no answer,
//! no claim for the visit, and a claim's verdict against the answer (`docs/uke.md`, "The claim
//! file in a run").

use mynakit_timeline::ClaimSummary;

use crate::facts::{Cite, ClaimLine};
use crate::reason::Reason;
use crate::run::at;
use crate::uke::Visit;

/// No claim-file event: the scenario is not of the flow.
pub(in crate::uke) fn no_claim_file() -> Reason {
    Reason::new(
        "no claim file was read (the scenario is not of the flow claim-file)",
        "請求ファイルは読まれていない (シナリオが flow claim-file のものではない)",
    )
    .message("uke/no-claim-file")
}

/// The file at `path` is a 訪問看護ステーション's (点数表 6): not judged by this check.
pub(in crate::uke) fn station_file(path: &str) -> Reason {
    Reason::new(
        format!(
            "{path} is a 訪問看護ステーション's claim file (点数表 6): UKE-file-reads, UKE-share, \
             UKE-station-dx-addition, UKE-station-insurer, UKE-station-public-expense and \
             UKE-station-amounts judge it"
        ),
        format!(
            "{path} は訪問看護ステーションの請求ファイル (点数表 6): UKE-file-reads、UKE-share、\
             UKE-station-dx-addition、UKE-station-insurer、UKE-station-public-expense と \
             UKE-station-amounts が判定する"
        ),
    )
    .message("uke/station-file")
}

/// The file at `path` is a 訪問看護ステーション's (the facility's 点数表 6) that could not be read
/// far enough to say so itself: `UKE-file-reads` says why, and no 医科 check judges it.
pub(in crate::uke) fn station_file_unread(path: &str) -> Reason {
    Reason::new(
        format!(
            "{path} is the claim file of a 訪問看護ステーション (the facility's 点数表 6) and could \
             not be read: UKE-file-reads says why"
        ),
        format!(
            "{path} は訪問看護ステーション (施設の点数表 6) の請求ファイルで、読めなかった: \
             理由は UKE-file-reads が示す"
        ),
    )
    .message("uke/station-file-unread")
}

/// The client gave no result (`outcome`).
pub(in crate::uke) fn no_result(outcome: &str) -> Reason {
    Reason::new(
        format!("the client gave no result ({outcome}): no visit to claim"),
        format!("クライアントが結果を返していない ({outcome}): 請求する受診がない"),
    )
    .message("uke/no-result")
    .code("outcome", outcome)
}

/// The visit rests on no answer of the terminal.
pub(in crate::uke) fn no_answer() -> Reason {
    Reason::new(
        "the visit rests on no answer of the terminal (no result of the client's own \
         request, no face push)",
        "受診が端末の回答に基づいていない (クライアント自身の要求の結果も、顔認証の通知もない)",
    )
    .message("uke/no-answer")
}

/// The client wrote no claim file for a covered visit.
pub(in crate::uke) fn no_file(visit: &Visit<'_>) -> Reason {
    let (answer, t) = (visit.answer.path, at(visit.answer.t_us));
    Reason::new(
        format!(
            "the client wrote no claim file ({} in MYNAKIT_CLAIM_DIR) for a visit the answer \
             covers ({answer} at {t}): the visit is not claimed",
            visit.path,
        ),
        format!(
            "回答が資格を認める受診 ({answer}、{t}) について、クライアントは請求ファイル \
             (MYNAKIT_CLAIM_DIR の {}) を書いていない: 受診が請求されていない",
            visit.path,
        ),
    )
    .message("uke/no-file")
    .cite(Cite::at(visit.answer.t_us))
}

/// The claim file cannot be read (`error`).
pub(in crate::uke) fn unreadable(visit: &Visit<'_>, error: &str) -> Reason {
    let (answer, t) = (visit.answer.path, at(visit.answer.t_us));
    Reason::new(
        format!(
            "{} cannot be read, so the visit (answer {answer} at {t}) is not claimed: {error} \
             (返戻: the 審査支払機関 refuses a file it cannot read)",
            visit.path,
        ),
        format!(
            "{} を読めないので、受診 (回答 {answer}、{t}) は請求されていない: {error} (返戻: \
             審査支払機関は読めないファイルを受け付けない)",
            visit.path,
        ),
    )
    .message("uke/unreadable")
    .cite(Cite::at(visit.answer.t_us))
}

/// The claim file holds no claim for the visit.
pub(in crate::uke) fn no_claim(visit: &Visit<'_>) -> Reason {
    let (answer, t) = (visit.answer.path, at(visit.answer.t_us));
    Reason::new(
        format!(
            "{} holds {} claims and none for the visit (answer {answer} at {t})",
            visit.path,
            visit.file.count(),
        ),
        format!(
            "{} のレセプト {} 件に、この受診 (回答 {answer}、{t}) のものがない",
            visit.path,
            visit.file.count(),
        ),
    )
    .message("uke/no-claim")
    .count("claims", visit.file.count())
    .cite(Cite::at(visit.answer.t_us))
}

/// The claim agrees with the answer: it `holds` (English, Japanese).
pub(in crate::uke) fn agrees(
    visit: &Visit<'_>,
    claim: &ClaimSummary,
    (holds, holds_ja): (&str, &str),
) -> Reason {
    let (at, at_ja) = (visit.at_line(claim.line), visit.at_line_ja(claim.line));
    Reason::new(
        format!("RE {} ({at}){holds} ({})", claim.number, visit.answer.path),
        format!(
            "RE {} ({at_ja}){holds_ja} ({})",
            claim.number, visit.answer.path
        ),
    )
    .message("uke/agrees")
    .count("receipt", claim.number)
    .count("line", claim.line)
    .claim_line(visit.claim_line(Some("RE"), claim.line))
}

/// The claim's `problems` against the answer (after `context`), with the 返戻 they predict.
pub(in crate::uke) fn disagrees(
    visit: &Visit<'_>,
    claim: &ClaimSummary,
    problems: &[Reason],
    (context, context_ja): (&str, &str),
    returned: &str,
) -> Reason {
    let (at, at_ja) = (visit.at_line(claim.line), visit.at_line_ja(claim.line));
    Reason::join(problems, "; ", "、")
        .after(
            &format!(
                "RE {} ({at}) against the answer {}{context}: ",
                claim.number, visit.answer.path
            ),
            &format!(
                "RE {} ({at_ja}) を回答 {}{context_ja} と比べると: ",
                claim.number, visit.answer.path
            ),
        )
        .before(
            &format!(" (返戻: {returned})"),
            &format!(" (返戻: {returned})"),
        )
        .message("uke/disagrees")
        .count("receipt", claim.number)
        .count("line", claim.line)
        .claim_line(visit.claim_line(Some("RE"), claim.line))
}

impl Visit<'_> {
    /// Where `record` (`RE`, `HO`; `None` for a billed code) is, as a finding's data: the
    /// file and line its text names with [`Visit::at_line`].
    pub(crate) fn claim_line(&self, record: Option<&str>, line: u64) -> ClaimLine {
        ClaimLine {
            file: self.file_of_lines().to_owned(),
            line,
            record: record.map(str::to_owned),
        }
    }

    /// [`Visit::claim_line`] of a line of `claim` (which need not be the visit's own).
    pub(crate) fn claim_line_of(
        &self,
        claim: &ClaimSummary,
        record: Option<&str>,
        line: u64,
    ) -> ClaimLine {
        ClaimLine {
            file: claim.file.as_deref().unwrap_or(self.path).to_owned(),
            line,
            record: record.map(str::to_owned),
        }
    }

    /// Where a record is, for a finding: the file and line.
    pub(crate) fn at_line(&self, line: u64) -> String {
        format!("{} line {line}", self.file_of_lines())
    }

    /// [`Visit::at_line`] of a line of `claim` (which need not be the visit's own): in its file.
    pub(crate) fn at_line_of(&self, claim: &ClaimSummary, line: u64) -> String {
        format!("{} line {line}", claim.file.as_deref().unwrap_or(self.path))
    }

    /// [`Visit::at_line_of`] in Japanese.
    pub(crate) fn at_line_of_ja(&self, claim: &ClaimSummary, line: u64) -> String {
        format!("{} {line} 行目", claim.file.as_deref().unwrap_or(self.path))
    }

    /// The file the lines a finding names are in: the visit's claim's own file where the claim
    /// names one (a station's month of two files, one per 審査支払機関, read as one event), else
    /// the claim file's name.
    fn file_of_lines(&self) -> &str {
        self.claim
            .and_then(|c| c.file.as_deref())
            .unwrap_or(self.path)
    }

    /// [`Visit::at_line`] in Japanese: the file and `3 行目`.
    pub(crate) fn at_line_ja(&self, line: u64) -> String {
        format!("{} {line} 行目", self.file_of_lines())
    }
}

/// The month's file claims earlier visits wrongly: `failed` holds each such visit's day
/// (`YYYY-MM-DD`), its answer's path, its patient's masked key and its finding, each judged
/// against that visit's own answer and day; after the `judged` visit's own finding, if any.
pub(in crate::uke) fn with_earlier_visits(
    judged: Option<&Reason>,
    failed: &[(String, &str, String, Reason)],
) -> Reason {
    let each: Vec<Reason> = failed
        .iter()
        .map(|(day, answer, patient, finding)| {
            finding
                .clone()
                .after(
                    &format!("the visit of {day} (answer {answer}, patient {patient}): "),
                    &format!("{day} の受診 (回答 {answer}、患者 {patient}): "),
                )
                .day("visit", day.as_str())
        })
        .collect();
    let earlier = Reason::join(&each, "; ", "、")
        .after(
            &format!(
                "{} earlier visit(s) of the month, each against its own patient's answer and \
                 by the rules of its own day: ",
                failed.len()
            ),
            &format!(
                "この月の先の受診 {} 件 (それぞれ自身の患者の回答と、その日の規則で判定): ",
                failed.len()
            ),
        )
        .count("visits", failed.len());
    match judged {
        Some(judged) => {
            Reason::join(&[judged.clone(), earlier], "; ", "。").message("uke/earlier-visits")
        }
        None => earlier.message("uke/earlier-visits"),
    }
}
