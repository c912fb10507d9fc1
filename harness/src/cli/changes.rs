//! `mynakit changes [DAY]`: what each day's suite added or made stricter, by check and by
//! scenario (`mynakit_conformance::suite`, `docs/suites.md`), from the data a run judges by
//! (`mynakit run --suite`), so the list can never disagree with what a suite leaves out.

use std::io::Write;

use mynakit_conformance::suite::{self, Change, ChangeKind, Subject, Suite};

use super::OutputFormat;

/// Lists every day's changes, or one day's (`DAY`, `YYYY-MM-DD`: the changes of the suite of
/// that day, the last day with a change on or before it).
pub(crate) fn changes_command(day: Option<&str>, format: OutputFormat) -> anyhow::Result<bool> {
    let only = match day {
        Some(day) => Some(
            Suite::of(day)
                .map_err(|e| anyhow::anyhow!("changes {e}"))?
                .day(),
        ),
        None => None,
    };
    let chosen: Vec<&Change> = suite::changes()
        .iter()
        .filter(|c| only.is_none_or(|d| c.day == d))
        .collect();
    let mut out = std::io::stdout().lock();
    match format {
        OutputFormat::Text => text(&mut out, &chosen)?,
        OutputFormat::Json => writeln!(out, "{:#}", json(&chosen))?,
    }
    out.flush()?;
    Ok(true)
}

/// The days as text: a heading a day, then each kind's checks and scenarios.
fn text(out: &mut impl Write, chosen: &[&Change]) -> std::io::Result<()> {
    let mut days: Vec<&str> = chosen.iter().map(|c| c.day).collect();
    days.dedup();
    for (n, day) in days.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let suffix = if Some(*day) == suite::days().first().copied() {
            " (the first suite)"
        } else {
            ""
        };
        writeln!(out, "{day}{suffix}")?;
        for kind in [ChangeKind::Added, ChangeKind::Stricter] {
            for subject in [Subject::Check, Subject::Scenario] {
                let ids: Vec<&str> = chosen
                    .iter()
                    .filter(|c| c.day == *day && c.kind == kind && c.subject == subject)
                    .map(|c| c.id)
                    .collect();
                if ids.is_empty() {
                    continue;
                }
                writeln!(
                    out,
                    "  {} {} ({}): {}",
                    kind.as_str(),
                    plural(subject),
                    ids.len(),
                    ids.join(", ")
                )?;
            }
        }
    }
    Ok(())
}

fn plural(subject: Subject) -> &'static str {
    match subject {
        Subject::Check => "checks",
        Subject::Scenario => "scenarios",
    }
}

/// The days as JSON: `{"days": [{"day", "added": {"checks", "scenarios"}, "stricter": {…}}]}`.
fn json(chosen: &[&Change]) -> serde_json::Value {
    let mut days: Vec<&str> = chosen.iter().map(|c| c.day).collect();
    days.dedup();
    let of = |day: &str, kind: ChangeKind, subject: Subject| -> Vec<&str> {
        chosen
            .iter()
            .filter(|c| c.day == day && c.kind == kind && c.subject == subject)
            .map(|c| c.id)
            .collect()
    };
    let days: Vec<serde_json::Value> = days
        .iter()
        .map(|day| {
            serde_json::json!({
                "day": day,
                "added": {
                    "checks": of(day, ChangeKind::Added, Subject::Check),
                    "scenarios": of(day, ChangeKind::Added, Subject::Scenario),
                },
                "stricter": {
                    "checks": of(day, ChangeKind::Stricter, Subject::Check),
                    "scenarios": of(day, ChangeKind::Stricter, Subject::Scenario),
                },
            })
        })
        .collect();
    serde_json::json!({ "latest": Suite::latest().day(), "days": days })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn each_day_lists_what_it_added_and_the_photo_check_is_new_on_the_second() {
        let all: Vec<&Change> = suite::changes().iter().collect();
        let mut out = Vec::new();
        text(&mut out, &all).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with("2026-11-22 (the first suite)\n  added checks ("),
            "{out}"
        );
        let second = out.split("\n\n").nth(1).unwrap();
        assert!(second.starts_with("2026-11-23\n"), "{second}");
        assert!(second.contains("VIS-photo-before-result"), "{second}");
        let value = json(&all);
        let first = &value["days"][0];
        assert_eq!(first["day"], "2026-11-22");
        assert!(first["added"]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "PIN-one-verify"));
    }
}
