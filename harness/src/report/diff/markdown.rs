//! A [`ReportDiff`] as Markdown, fit for a CI step summary (`$GITHUB_STEP_SUMMARY`) or a merge
//! request comment: a heading, the summary line and a table of the changed verdicts. Ids and
//! modes come from the reports compared, which anyone may have written: each cell is escaped
//! ([`crate::report::untrusted`]).

use super::ReportDiff;
use crate::report::lang::msg;
use crate::report::lang::Lang;
use crate::report::untrusted::markdown_cell as cell;

/// The Markdown summary of `diff` in `lang`.
pub fn markdown(diff: &ReportDiff, lang: Lang) -> String {
    let t = |m| lang.t(m);
    let mut md = format!(
        "## {}\n\n{}\n",
        t(msg::DIFF_TITLE),
        msg::diff_summary(lang, &diff.counts())
    );
    if diff.changes.is_empty() {
        md.push_str(&format!("\n{}\n", t(msg::NO_VERDICT_CHANGED)));
        return md;
    }
    md.push_str(&format!(
        "\n| {} | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
        t(msg::CHANGE),
        t(msg::SCENARIO),
        t(msg::MODE),
        t(msg::BEFORE),
        t(msg::AFTER)
    ));
    let level = |l: Option<_>| l.map_or("-", |l| lang.level(l));
    for c in &diff.changes {
        md.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            lang.t(c.kind.words()),
            cell(&c.id),
            if c.mode.is_empty() {
                "-".to_owned()
            } else {
                cell(&c.mode)
            },
            level(c.before),
            level(c.after)
        ));
    }
    md
}
