//! The words of `mynakit report diff` (docs/reports.md, "Comparing two runs").

use super::{m, Msg};
use crate::report::lang::Lang;

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

/// A verdict newly FAILED (`ChangeKind::NewFailure`).
pub const NEW_FAILURE: Msg = m("new failure", "新たな不合格");
/// A verdict FAILED before and not now.
pub const FIXED: Msg = m("fixed", "解消");
/// A verdict at another level, FAILED in neither report.
pub const MOVED: Msg = m("moved", "判定が変化");
/// A verdict only in the new report.
pub const ADDED: Msg = m("added", "追加");
/// A verdict only in the old report.
pub const REMOVED: Msg = m("removed", "削除");

/// How many verdicts changed in each way, and how many each report holds: the summary line's
/// figures.
#[derive(Clone, Copy, Debug)]
pub struct DiffCounts {
    /// Newly FAILED.
    pub new_failures: usize,
    /// FAILED before, not now.
    pub fixed: usize,
    /// Another level, FAILED in neither.
    pub moved: usize,
    /// Only in the new report.
    pub added: usize,
    /// Only in the old report.
    pub removed: usize,
    /// Verdicts in the old report.
    pub before: usize,
    /// Verdicts in the new report.
    pub after: usize,
}

/// The summary line: how many of each kind, and how many verdicts each report holds.
pub fn diff_summary(lang: Lang, c: &DiffCounts) -> String {
    match lang {
        Lang::En => format!(
            "{} new failure(s), {} fixed, {} moved, {} added, {} removed ({} verdict(s) before, {} now).",
            c.new_failures, c.fixed, c.moved, c.added, c.removed, c.before, c.after
        ),
        Lang::Ja => format!(
            "新たな不合格 {} 件、解消 {} 件、判定が変化 {} 件、追加 {} 件、削除 {} 件 (判定は前回 {} 件、今回 {} 件)。",
            c.new_failures, c.fixed, c.moved, c.added, c.removed, c.before, c.after
        ),
    }
}
