//! What `UKE-addition` says: the 加算 codes billed against the row in force on the visit's day
//! (`docs/rules.md`, "Claim additions by the visit's day").

use mynakit_protocol::{ClaimAddition, Due, Exclusion, Tier, VisitKind};
use mynakit_timeline::{ClaimSummary, ClaimedCode};

use crate::reason::Reason;
use crate::run::claim::{describe, describe_ja, unconfirmed, unconfirmed_ja};
use crate::uke::Visit;

/// The answer at `answer` does not cover the visit.
pub(in crate::uke) fn not_covered(answer: &str) -> Reason {
    Reason::new(
        format!(
            "the answer {answer} does not cover the visit: no claim to judge (UKE-insurer judges \
             one)"
        ),
        format!("回答 {answer} は受診の資格を認めていない: 判定するレセプトがない (UKE-insurer で判定する)"),
    )
    .message("uke/addition-not-covered")
}

/// The answer at `answer` carries no QualificationConfirmationDate.
pub(in crate::uke) fn no_day(answer: &str) -> Reason {
    Reason::new(
        format!("{answer} carries no QualificationConfirmationDate: the visit's day is unknown"),
        format!("{answer} に QualificationConfirmationDate がない: 受診日がわからない"),
    )
    .message("uke/addition-no-day")
}

/// The file claims on a 点数表 (`table`) whose 加算 are not in the table.
pub(in crate::uke) fn other_table(path: &str, table: Option<&str>) -> Reason {
    let said = Reason::new(
        format!(
            "{path} claims on 点数表 {}: only the 医科 and 調剤 加算 are in the table",
            table.unwrap_or("(unknown)")
        ),
        format!(
            "{path} は点数表 {} で請求している: 表にあるのは医科と調剤の加算だけである",
            table.unwrap_or("(不明)")
        ),
    )
    .message("uke/addition-other-table");
    match table {
        Some(table) => said.code("table", table),
        None => said,
    }
}

/// The rule of the visit's day cannot be found (`error`, English only in its text).
pub(in crate::uke) fn no_rule(error: &dyn std::fmt::Display) -> Reason {
    Reason::new(
        error.to_string(),
        format!("受診日の加算の規則を決められない: {error}"),
    )
    .message("uke/addition-no-rule")
}

/// Why no row is in force: a 調剤 visit of `day` before the 調剤 rows begin.
pub(in crate::uke) fn pharmacy_before_rows(day: &str) -> Reason {
    Reason::new(
        format!(
            "the 調剤 visit of {day} is before 2024-06-01 [unconfirmed: the 調剤 加算 before it \
             are not in the table; only codes of later rows and 医科 codes were judged]"
        ),
        format!(
            "{day} の調剤の受診は 2024-06-01 より前 [未確認: それより前の調剤の加算は\
             表にない。後の行のコードと医科のコードだけを判定した]"
        ),
    )
    .day("day", day)
}

/// Why no row is in force: a visit of `day` before 2022-04-01.
pub(in crate::uke) fn before_rows(day: &str) -> Reason {
    Reason::new(
        format!(
            "the visit of {day} is before 2022-04-01, when no 加算 depended on how the patient \
             was confirmed"
        ),
        format!("{day} の受診は 2022-04-01 より前で、確認の方法に依存する加算はなかった"),
    )
    .day("day", day)
}

/// What is due on the visit's `day`: how the patient was confirmed (`card`), each visit kind
/// with its due, the row's marker, and the codes of a claim of several days that mark no day
/// (`unplaced`).
pub(in crate::uke) fn due_on(
    day: &str,
    card: bool,
    pharmacy: bool,
    dues: &[(VisitKind, Due)],
    addition: ClaimAddition,
    unplaced: usize,
) -> Reason {
    let (described, described_ja): (Vec<String>, Vec<String>) = dues
        .iter()
        .map(|(kind, due)| {
            let kind = if pharmacy { "調剤" } else { kind.label() };
            (
                format!("{kind}: {}", describe(due)),
                format!("{kind}: {}", describe_ja(due)),
            )
        })
        .unzip();
    let (unplaced_en, unplaced_ja) = match unplaced {
        0 => (String::new(), String::new()),
        n => (
            format!(
                " ({n} code(s) of this claim of several days mark no 算定日 and were not judged)"
            ),
            format!(" (複数日のレセプトのうち算定日の記載がないコード {n} 件は判定していない)"),
        ),
    };
    let said = Reason::new(
        format!(
            "the visit's day {day}, {}, {}{}{unplaced_en}",
            if card { "card used" } else { "card not used" },
            described.join("; "),
            unconfirmed(addition)
        ),
        format!(
            "受診日 {day}、{}、{}{}{unplaced_ja}",
            if card {
                "カード利用あり"
            } else {
                "カード利用なし"
            },
            described_ja.join("。"),
            unconfirmed_ja(addition)
        ),
    )
    .day("day", day);
    match unplaced {
        0 => said,
        n => said.count("unplaced", n),
    }
}

/// A code billed of a tier not due: `p` bills `tier` of `row`.
pub(in crate::uke) fn misbilled(
    visit: &Visit<'_>,
    p: &ClaimedCode,
    row: ClaimAddition,
    tier: &Tier,
) -> Reason {
    Reason::new(
        format!(
            "{} ({}) bills {} {}点 of {} (from {})",
            p.code,
            visit.at_line(p.line),
            tier.name,
            tier.points,
            row.name(),
            row.date()
        ),
        format!(
            "{} ({}) は {} ({} から) の {} {}点 を請求している",
            p.code,
            visit.at_line_ja(p.line),
            row.name(),
            row.date(),
            tier.name,
            tier.points
        ),
    )
    .message("uke/addition-misbilled")
    .code("code", p.code.as_str())
    .count("line", p.line)
    .claim_line(visit.claim_line(None, p.line))
    .count("points", tier.points)
    .day("from", row.date())
}

/// A code billed again within its frequency: `p` on `day`, after `earlier` on `earlier_day`.
pub(in crate::uke) fn taken_earlier(
    tier: &Tier,
    p: &ClaimedCode,
    (earlier_day, earlier): (&str, &ClaimedCode),
    day: &str,
) -> Reason {
    Reason::new(
        format!(
            "{} {} ({}) was billed on {} (line {}) and again on {day} (line {})",
            tier.name,
            tier.frequency.label(),
            p.code,
            earlier_day,
            earlier.line,
            p.line
        ),
        format!(
            "{} {} ({}) は {} ({} 行目) に請求され、{day} ({} 行目) にも請求されている",
            tier.name,
            tier.frequency.label(),
            p.code,
            earlier_day,
            earlier.line,
            p.line
        ),
    )
    .message("uke/addition-taken-earlier")
    .code("code", p.code.as_str())
    .day("earlier", earlier_day)
    .count("earlier-line", earlier.line)
    .day("day", day)
    .count("line", p.line)
}

/// `p`, a tier of `row`, is billed on the same day as `other` (`excluded`), which the master
/// holds as not billed with it.
pub(in crate::uke) fn excluded_with(
    visit: &Visit<'_>,
    p: &ClaimedCode,
    row: ClaimAddition,
    (other, excluded): (&ClaimedCode, &Exclusion),
) -> Reason {
    Reason::new(
        format!(
            "{} ({}) of {} is billed with {} {} ({}), which may not be billed with it",
            p.code,
            visit.at_line(p.line),
            row.name(),
            excluded.code,
            excluded.name,
            visit.at_line(other.line)
        ),
        format!(
            "{} ({}) の{}は {} {} ({}) と併せて請求されているが、併算定できない",
            p.code,
            visit.at_line_ja(p.line),
            row.name(),
            excluded.code,
            excluded.name,
            visit.at_line_ja(other.line)
        ),
    )
    .message("uke/addition-excluded-with")
    .code("code", p.code.as_str())
    .count("line", p.line)
    .claim_line(visit.claim_line(None, p.line))
    .code("excluded", excluded.code)
    .count("excluded-line", other.line)
}

/// `p`, a 加算 code, marks no 算定日 in a claim of several days: the 記録条件仕様 requires the
/// day, and the code cannot be put on a visit.
pub(in crate::uke) fn without_day(visit: &Visit<'_>, p: &ClaimedCode) -> Reason {
    Reason::new(
        format!(
            "{} ({}) marks no 算定日 in a claim of several days (the 記録条件仕様 requires it)",
            p.code,
            visit.at_line(p.line)
        ),
        format!(
            "{} ({}) は複数日のレセプトで算定日を記録していない (記録条件仕様で必須)",
            p.code,
            visit.at_line_ja(p.line)
        ),
    )
    .message("uke/addition-without-day")
    .code("code", p.code.as_str())
    .count("line", p.line)
    .claim_line(visit.claim_line(None, p.line))
}

/// The `wrong` lines break the claim's rules (`why`, in English and Japanese) on the day.
pub(in crate::uke) fn not_billable(
    claim: &ClaimSummary,
    visit: &Visit<'_>,
    wrong: &[Reason],
    due: &Reason,
) -> Reason {
    on_claim(
        claim,
        visit,
        wrong,
        (
            &format!(" (返戻), on {due}"),
            &format!(" (返戻)。{}", due.ja().unwrap_or_default()),
        ),
    )
    .message("uke/addition-not-billable")
    .quoting(due)
}

/// The codes of `claim` that break the rule (`wrong`), under the claim's RE and line, then
/// `tail`.
fn on_claim(
    claim: &ClaimSummary,
    visit: &Visit<'_>,
    wrong: &[Reason],
    tail: (&str, &str),
) -> Reason {
    Reason::join(wrong, "; ", "、")
        .after(
            &format!("RE {} ({}): ", claim.number, visit.at_line(claim.line)),
            &format!("RE {} ({}): ", claim.number, visit.at_line_ja(claim.line)),
        )
        .before(tail.0, tail.1)
        .count("receipt", claim.number)
}

/// The `wrong` codes are not due on the day (`due`).
pub(in crate::uke) fn not_due(
    claim: &ClaimSummary,
    visit: &Visit<'_>,
    wrong: &[Reason],
    due: &Reason,
) -> Reason {
    on_claim(
        claim,
        visit,
        wrong,
        (
            &format!(", not due on {due}"),
            &format!(" は、{} では算定できない", due.ja().unwrap_or_default()),
        ),
    )
    .message("uke/addition-not-due")
    .quoting(due)
}

/// The `again` codes were taken within their frequency and are not due again on the day (`due`).
pub(in crate::uke) fn not_due_again(
    claim: &ClaimSummary,
    visit: &Visit<'_>,
    again: &[Reason],
    due: &Reason,
) -> Reason {
    on_claim(
        claim,
        visit,
        again,
        (
            &format!(
                ": already taken within its frequency, so not due again on {due} (返戻: 算定回数超過)"
            ),
            &format!(
                ": 算定の頻度の内ですでに算定しており、{} では再び算定できない (返戻: 算定回数超過)",
                due.ja().unwrap_or_default()
            ),
        ),
    )
    .message("uke/addition-not-due-again")
    .quoting(due)
}

/// The claim bills `billed` of the line (none: no 加算), as due on the day (`due`); `unknown`
/// where the row's codes are not public.
pub(in crate::uke) fn bills_due(
    claim: &ClaimSummary,
    visit: &Visit<'_>,
    billed: &[&str],
    due: &Reason,
    unknown: bool,
) -> Reason {
    let (unknown, unknown_ja) = if unknown {
        (
            " [unconfirmed: the codes of this row are not public; only codes of other rows \
             were judged]",
            " [未確認: この行のコードは公開されていない。他の行のコードだけを判定した]",
        )
    } else {
        ("", "")
    };
    Reason::new(
        format!(
            "RE {} ({}) bills {} of this line, as due on {due}{unknown}",
            claim.number,
            visit.at_line(claim.line),
            if billed.is_empty() {
                "no 加算".to_owned()
            } else {
                billed.join(", ")
            }
        ),
        format!(
            "RE {} ({}) はこの系統の{}、{} の算定のとおりである{unknown_ja}",
            claim.number,
            visit.at_line_ja(claim.line),
            if billed.is_empty() {
                "加算を請求しておらず".to_owned()
            } else {
                format!(" {} を請求しており", billed.join(", "))
            },
            due.ja().unwrap_or_default()
        ),
    )
    .message("uke/addition-bills-due")
    .count("receipt", claim.number)
    .count("line", claim.line)
    .claim_line(visit.claim_line(Some("RE"), claim.line))
    .quoting(due)
}

/// No row is in force (`when` says why) and the claim bills no 加算 of the line.
pub(in crate::uke) fn bills_none(claim: &ClaimSummary, visit: &Visit<'_>, when: &Reason) -> Reason {
    Reason::new(
        format!(
            "RE {} ({}) bills no 加算 of this line: {when}",
            claim.number,
            visit.at_line(claim.line)
        ),
        format!(
            "RE {} ({}) はこの系統の加算を請求していない: {}",
            claim.number,
            visit.at_line_ja(claim.line),
            when.ja().unwrap_or_default()
        ),
    )
    .message("uke/addition-bills-none")
    .count("receipt", claim.number)
    .count("line", claim.line)
    .claim_line(visit.claim_line(Some("RE"), claim.line))
    .quoting(when)
}

/// No row is in force (`when` says why), yet the claim bills the `wrong` codes.
pub(in crate::uke) fn none_due(
    claim: &ClaimSummary,
    visit: &Visit<'_>,
    wrong: &[Reason],
    when: &Reason,
) -> Reason {
    on_claim(
        claim,
        visit,
        wrong,
        (
            &format!(", not due: {when}"),
            &format!(" は算定できない: {}", when.ja().unwrap_or_default()),
        ),
    )
    .message("uke/addition-none-due")
    .quoting(when)
}
