//! The words of `mynakit changes` (docs/suites.md): the suites, their seals and each change.

use super::{m, Msg};

/// A suite's heading's note: the first day.
pub const FIRST_SUITE: Msg = m("the first suite", "最初のスイート");
/// A suite whose content the repository pins.
pub const FROZEN: Msg = m("frozen", "凍結済み");
/// The newest suite, which the day's work may still move.
pub const OPEN: Msg = m("open", "未凍結");
/// A change's kind: added.
pub const ADDED: Msg = m("added", "追加");
/// A change's kind: made stricter.
pub const STRICTER: Msg = m("stricter", "厳格化");
/// A change's kind: made milder.
pub const MILDER: Msg = m("milder", "緩和");
/// A change's kind: reworded.
pub const REWORDED: Msg = m("reworded", "文言変更");
/// A check, in a change's line.
pub const CHECK: Msg = m("check", "チェック");
/// A scenario, in a change's line.
pub const SCENARIO: Msg = m("scenario", "シナリオ");
/// What a client now meets, when the data says nothing of it.
pub const NO_WORDS: Msg = m(
    "(no description: not a bundled scenario of this build)",
    "(説明なし: このビルドの同梱シナリオにありません)",
);
