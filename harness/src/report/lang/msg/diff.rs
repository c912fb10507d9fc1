//! The words of `mynakit report diff` (docs/reports.md, "Comparing two runs").

use super::{m, Msg};
use crate::report::diff::{ChangeKind, ReportDiff};
use crate::report::Lang;

/// The Markdown summary's heading.
pub const DIFF_TITLE: Msg = m(
    "mynakit: changes since the previous report",
    "mynakit: 前回のレポートからの変化",
);
/// How a verdict changed (a column's heading).
pub const CHANGE: Msg = m("change", "変化");
/// The old report's level (a column's heading).
pub const BEFORE: Msg = m("before", "前回");
/// The new report's level (a column's heading).
pub const AFTER: Msg = m("after", "今回");
/// Nothing changed.
pub const NO_VERDICT_CHANGED: Msg = m("No verdict changed.", "判定の変化はありません。");
/// The error heading when a report cannot be compared.
pub const COMPARING_REPORTS: Msg = m("comparing the reports", "レポートを比較できません");

/// A kind of change, as a table cell.
pub fn change_kind(lang: Lang, kind: ChangeKind) -> &'static str {
    let msg = match kind {
        ChangeKind::NewFailure => m("new failure", "新たな不合格"),
        ChangeKind::Fixed => m("fixed", "解消"),
        ChangeKind::Moved => m("moved", "判定が変化"),
        ChangeKind::Added => m("added", "追加"),
        ChangeKind::Removed => m("removed", "削除"),
    };
    lang.t(msg)
}

/// The summary line: how many of each kind, and how many verdicts each report holds.
pub fn diff_summary(lang: Lang, diff: &ReportDiff) -> String {
    let n = |k| diff.count(k);
    match lang {
        Lang::En => format!(
            "{} new failure(s), {} fixed, {} moved, {} added, {} removed ({} verdict(s) before, {} now).",
            n(ChangeKind::NewFailure),
            n(ChangeKind::Fixed),
            n(ChangeKind::Moved),
            n(ChangeKind::Added),
            n(ChangeKind::Removed),
            diff.before,
            diff.after
        ),
        Lang::Ja => format!(
            "新たな不合格 {} 件、解消 {} 件、判定が変化 {} 件、追加 {} 件、削除 {} 件 (判定は前回 {} 件、今回 {} 件)。",
            n(ChangeKind::NewFailure),
            n(ChangeKind::Fixed),
            n(ChangeKind::Moved),
            n(ChangeKind::Added),
            n(ChangeKind::Removed),
            diff.before,
            diff.after
        ),
    }
}
