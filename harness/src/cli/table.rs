//! The table `mynakit run` prints after a run: a line per scenario with its verdict, and under
//! it the problems that make the verdict, in the language of `--lang` (docs/reports.md,
//! "Japanese"). In Japanese a problem shows its check's rule in Japanese and then the reason,
//! the English evidence, labelled as such; in English the reason alone, as before. Ids, notes and
//! reasons may hold a client's text: their control characters are shown escaped
//! (`report::untrusted`).

use mynakit_conformance::{Finding, Level};
use mynakit_harness::report::causes;
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::untrusted::terminal as shown;
use mynakit_harness::report::{Lang, RunReport, ScenarioReport};

/// Prints the table; with `ci_log` (`run --ci-log`) the NOT-APPLICABLE scenarios are one count
/// line after the rows rather than a row each, since a vendor's CI log is read for what failed
/// and a client that claims few capabilities leaves hundreds out.
pub(crate) fn print_table(report: &RunReport, lang: Lang, ci_log: bool) {
    let t = |m| lang.t(m);
    println!();
    if let Some(app) = &report.app {
        println!("{}: {}", t(msg::APP), app.describe());
    }
    let capabilities = report.capabilities.as_ref().map_or_else(
        || t(msg::NONE_DECLARED_BEFORE).to_owned(),
        |c| msg::capabilities(lang, c),
    );
    println!(
        "{}",
        msg::rules_line(lang, &report.rules.to_string(), &capabilities)
    );
    // The scenario column is as wide as the longest id (at least 34), so every verdict lines up.
    let width = report
        .scenarios
        .iter()
        .map(|s| shown(&s.id).chars().count())
        .max()
        .unwrap_or(0)
        .max(34);
    println!(
        "{} {} {} {} {:>7}",
        pad(t(msg::SCENARIO), width),
        pad(t(msg::VERDICT), 14),
        pad(t(msg::RULES), 10),
        pad(t(msg::OUTCOME), 20),
        "ms"
    );
    // Causes before consequences (docs/reports.md): a run's findings that follow from one act
    // of the client are one line, and a mode failing as an earlier mode did names that one.
    let same_as = causes::same_as_earlier(report);
    let folded = |s: &&ScenarioReport| ci_log && s.level == Level::NotApplicable;
    for s in report.scenarios.iter().filter(|s| !folded(s)) {
        let outcome = s.result.as_ref().map_or("-", |r| lang.outcome(r.outcome));
        println!(
            "{:<width$} {} {:<10} {} {:>7}",
            shown(&s.id),
            crate::cli::color::level(s.level, &pad(lang.level(s.level), 14)),
            s.rules,
            pad(outcome, 20),
            s.duration_ms
        );
        if s.capabilities != report.capabilities {
            if let Some(c) = &s.capabilities {
                println!(
                    "    {}: {}",
                    t(msg::DECLARED_IN_HELLO),
                    shown(&msg::capabilities(lang, c))
                );
            }
        }
        if let Some(note) = s.note_in(lang) {
            println!("    {}", shown(&note));
        }
        if let Some(attempts) = msg::attempts(lang, s) {
            println!("    {attempts}");
        }
        if let Some(flake) = msg::flake(lang, s) {
            println!("    {flake}");
        }
        if let Some(beyond) = &s.beyond_rules {
            println!(
                "    {} {BEYOND_RULES}: {}",
                warning(lang),
                msg::beyond_scenario(lang, beyond)
            );
        }
        if let Some(why) = crash_reason(s, lang) {
            println!("    {}", shown(&why));
        }
        match same_as.get(s.id.as_str()) {
            Some(earlier) => println!("    {}", msg::same_as(lang, earlier)),
            None => {
                for cause in causes::of_scenario(s) {
                    print_finding(s, cause.head, lang);
                    if !cause.follows.is_empty() {
                        let ids: Vec<&str> =
                            cause.follows.iter().map(|f| f.check.as_str()).collect();
                        println!(
                            "        {}: {}",
                            msg::follows_from(lang, cause.follows.len()),
                            ids.join(", ")
                        );
                    }
                }
            }
        }
    }
    let not_applicable = report.scenarios.iter().filter(folded).count();
    if not_applicable > 0 {
        println!(
            "{}",
            crate::cli::color::level(
                Level::NotApplicable,
                &msg::not_applicable_folded(lang, not_applicable)
            )
        );
    }
    println!();
    println!(
        "{}",
        msg::run_line(
            lang,
            &msg::counts(lang, &report.counts()),
            report.duration_ms as f64 / 1000.0,
            report.scenario_set_digest.get(..12).unwrap_or_default()
        )
    );
    if let Some(beyond) = &report.beyond_rules {
        println!(
            "{} {BEYOND_RULES}: {}",
            warning(lang),
            msg::beyond_run(lang, beyond, report.scenarios.len())
        );
    }
    if let Some(as_of) = &report.as_of {
        let lines = msg::as_of_run(lang, as_of);
        for (i, line) in lines.iter().enumerate() {
            let indent = if i == 0 { "" } else { "    kept " };
            println!("{indent}{line}");
        }
    }
}

/// A problem as the table prints it: its level, id and reason (in Japanese, its rule and then
/// the reason, labelled as evidence).
fn print_finding(s: &ScenarioReport, f: &Finding, lang: Lang) {
    let t = |m| lang.t(m);
    let level = crate::cli::color::level(f.level, lang.level(f.level));
    let translated = s.reason_in(f, lang);
    match lang.rule_of(&f.check) {
        None => println!(
            "    {level} {}: {}",
            f.check,
            shown(translated.as_deref().unwrap_or(&f.reason))
        ),
        Some(rule) => {
            println!("    {level} {}: {}", f.check, rule);
            match translated {
                Some(reason) => {
                    println!("        {}: {}", t(msg::DETAIL_TRANSLATED), shown(&reason))
                }
                None => println!("        {}: {}", t(msg::DETAIL), shown(&f.reason)),
            }
        }
    }
}

/// `text` padded with spaces to `width` terminal columns. A Japanese word takes two columns a
/// character; `{:<14}` counts characters and would leave the columns after it out of line. The
/// padded cells hold ASCII (ids, dates, outcomes) or the catalogue's full-width Japanese only,
/// so a character outside ASCII counts two.
pub(crate) fn pad(text: &str, width: usize) -> String {
    let columns: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(columns)))
}

/// The label of a table's warning that a day is beyond mynakit's rules (docs/rules.md, "Beyond
/// the newest rule"): a warning about the judge, not a finding about the client, so it changes
/// no verdict.
const BEYOND_RULES: &str = "beyond-rules";

/// `WARNING` (or `警告`), coloured as the level is.
fn warning(lang: Lang) -> String {
    let level = mynakit_conformance::Level::Warning;
    crate::cli::color::level(level, lang.level(level))
}

/// Why a client `crashed`, for the table: how it ended (exit code or signal, or the protocol
/// error) and the last line of its stderr (scrubbed of secrets like the rest of the report).
fn crash_reason(s: &ScenarioReport, lang: Lang) -> Option<String> {
    use mynakit_harness::protocol::{Outcome, ResultOrigin};
    let t = |m| lang.t(m);
    let result = s.result.as_ref()?;
    if result.outcome != Outcome::Crashed {
        return None;
    }
    let how = match &result.origin {
        ResultOrigin::ProtocolError { error } => format!("{}: {error}", t(msg::PROTOCOL_ERROR)),
        _ => format!(
            "{}: {}",
            t(msg::CRASHED),
            s.exit.as_deref().unwrap_or(t(msg::ENDED))
        ),
    };
    let last = s
        .stderr
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && *l != "[truncated]");
    Some(match last {
        Some(line) => {
            let line: String = line.chars().take(160).collect();
            format!("{how}; {}: {line}", t(msg::LAST_STDERR_LINE))
        }
        None => format!("{how}; {}", t(msg::NOTHING_ON_STDERR)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_words_take_two_columns() {
        assert_eq!(pad("FAILED", 8), "FAILED  ");
        assert_eq!(pad("不合格", 8), "不合格  ");
        assert_eq!(pad("対象外のもの", 8), "対象外のもの");
    }
}
