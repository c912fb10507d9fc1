//! How a repeated scenario's attempts are said (`--repeat N`, docs/reports.md, "Repeated runs
//! and flaky scenarios").

use crate::report::{Lang, ScenarioReport};

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
