//! How a repeated scenario's attempts are said (`--repeat N`, docs/reports.md, "Repeated runs
//! and flaky scenarios").

use mynakit_timeline::divergence::{How, Whose};

use crate::report::lang::Lang;
use crate::report::model::Flake;
use crate::report::model::ScenarioReport;

/// `FLAKY: 2 of 3 attempts passed (PASSED, FAILED, PASSED)` for a flaky scenario, `3 of 3
/// attempts passed` for a steady one; `None` when it ran once.
pub fn attempts(lang: Lang, s: &ScenarioReport) -> Option<String> {
    let (passed, of) = s.pass_rate()?;
    let levels: Vec<&str> = s.attempts.iter().map(|a| lang.level(a.level)).collect();
    let levels = levels.join(", ");
    Some(match (lang, s.flaky) {
        (Lang::En, true) => format!("FLAKY: {passed} of {of} attempts passed ({levels})"),
        (Lang::En, false) => format!("{passed} of {of} attempts passed"),
        (Lang::Ja, true) => format!("FLAKY (不安定): {of} 回中 {passed} 回合格 ({levels})"),
        (Lang::Ja, false) => format!("{of} 回中 {passed} 回合格"),
    })
}

/// Whose flake a FLAKY scenario is, one line (docs/reports.md, "Whose flake"); `None` for any
/// other scenario.
pub fn flake(lang: Lang, s: &ScenarioReport) -> Option<String> {
    s.flake.as_ref().map(|f| f.line(lang))
}

impl Flake {
    /// One line for the table, the HTML and JUnit: whose, how, and the two acts.
    pub fn line(&self, lang: Lang) -> String {
        let whose = match (lang, self.whose) {
            (Lang::En, Whose::Client) => "the client's",
            (Lang::En, Whose::Mynakit) => "mynakit's (a bug of the tool: please report it)",
            (Lang::Ja, Whose::Client) => "クライアント側",
            (Lang::Ja, Whose::Mynakit) => "mynakit 側（ツールの不具合です。報告してください）",
        };
        let [a, b] = self.attempts;
        if self.how == How::Judging {
            return match lang {
                Lang::En => {
                    format!("flake: {whose}: attempts {a} and {b} did the same, judged differently")
                }
                Lang::Ja => {
                    format!("不安定の原因: {whose}: 試行 {a} と {b} は同じ動作で判定だけが違う")
                }
            };
        }
        let act = |i: usize| self.acts[i].as_deref().unwrap_or("-").to_owned();
        let event = self
            .event
            .map(|e| format!(" (timeline event {e})"))
            .unwrap_or_default();
        let how = how_word(self.how);
        let (lead, attempt) = match lang {
            Lang::En => ("flake", "attempt"),
            Lang::Ja => ("不安定の原因", "試行"),
        };
        format!(
            "{lead}: {whose}, {how}{event}: {attempt} {a} `{}`, {attempt} {b} `{}`",
            act(0),
            act(1)
        )
    }
}

/// How the attempts part, as the line says it (the field's value in report.json).
fn how_word(how: How) -> &'static str {
    match how {
        How::Content => "content",
        How::Order => "order",
        How::Timing => "timing",
        How::Missing => "missing",
        How::Judging => "judging",
    }
}
