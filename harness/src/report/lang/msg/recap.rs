//! The run's last lines when something FAILED (`mynakit run`; docs/reports.md, "The terminal"):
//! each cause, how many scenarios it failed, a few of them, and where the page is.

use super::Lang;

/// The recap's heading: `FAILED, by cause:`.
pub fn recap_heading(lang: Lang, level: &str) -> String {
    match lang {
        Lang::En => format!("{level}, by cause:"),
        Lang::Ja => format!("{level} の原因:"),
    }
}

/// A cause's line: its check, how many scenarios, the first few (`…` when there are more).
pub fn recap_cause(lang: Lang, check: &str, scenarios: usize, names: &str) -> String {
    match (lang, scenarios) {
        (Lang::En, 1) => format!("  {check} in 1 scenario: {names}"),
        (Lang::En, n) => format!("  {check} in {n} scenarios: {names}"),
        (Lang::Ja, n) => format!("  {check}: シナリオ {n} 件 ({names})"),
    }
}

/// The causes the recap leaves out.
pub fn recap_more(lang: Lang, causes: usize) -> String {
    match (lang, causes) {
        (Lang::En, 1) => "  and 1 more cause: report.html lists every one".to_owned(),
        (Lang::En, n) => format!("  and {n} more causes: report.html lists every one"),
        (Lang::Ja, n) => format!("  ほか {n} 件の原因 (すべて report.html にあります)"),
    }
}

/// Where the page is, the recap's last line.
pub fn recap_open(lang: Lang, path: &str) -> String {
    match lang {
        Lang::En => format!("read: {path}"),
        Lang::Ja => format!("詳細: {path}"),
    }
}

/// How many runs a row of report.html folds (the NOT-APPLICABLE runs of one reason).
pub fn runs(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::En, 1) => "1 run".to_owned(),
        (Lang::En, n) => format!("{n} runs"),
        (Lang::Ja, n) => format!("{n} 件の実行"),
    }
}

/// A cause as the recap and report.html name it: its check, and for `expect.outcome` the
/// outcomes it is about ([`outcome_cause`]).
pub fn cause_label(lang: Lang, check: &str, outcome: Option<&(String, String)>) -> String {
    match outcome {
        Some((expected, reported)) => outcome_cause(lang, check, expected, reported),
        None => check.to_owned(),
    }
}

/// `expect.outcome` as a cause: the outcome the scenarios expected and the one the client
/// reported, which is what makes two runs' `expect.outcome` one cause (docs/reports.md,
/// "Causes and consequences").
pub fn outcome_cause(lang: Lang, check: &str, expected: &str, reported: &str) -> String {
    match lang {
        Lang::En => format!("{check} (expected {expected}, reported {reported})"),
        Lang::Ja => format!("{check} (期待 {expected}、報告 {reported})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expect_outcome_is_named_with_its_outcomes_in_each_language() {
        let pair = ("eligible".to_owned(), "card-error".to_owned());
        assert_eq!(
            cause_label(Lang::En, "expect.outcome", Some(&pair)),
            "expect.outcome (expected eligible, reported card-error)"
        );
        assert_eq!(
            cause_label(Lang::Ja, "expect.outcome", Some(&pair)),
            "expect.outcome (期待 eligible、報告 card-error)"
        );
        assert_eq!(
            cause_label(Lang::En, "PIN-one-verify", None),
            "PIN-one-verify"
        );
    }
}
