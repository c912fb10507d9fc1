//! `mynakit changes [DAY]`: what each day's suite added or made stricter, by check and by
//! scenario (`mynakit_conformance::suite`, `docs/suites.md`), from the data a run judges by
//! (`mynakit run --suite`), so the list can never disagree with what a suite leaves out; each
//! change with what a client now meets, each suite with its sha256 and whether it is frozen.
//! `--freeze DAY` prints the lines that freeze a suite (`conformance/src/suite/frozen.tsv`).

use std::io::Write;

use mynakit_conformance::suite::{self, Change, ChangeKind, Subject, Suite};
use mynakit_harness::report::lang::msg::suites as words;
use mynakit_harness::report::Lang;
use mynakit_harness::scenario::sealed::{self, Sealed};

use super::OutputFormat;

/// Lists every day's changes, or one day's (`DAY`, `YYYY-MM-DD`: the changes of the suite of
/// that day, the last day with a change on or before it); with `freeze`, prints the lines that
/// freeze that day's suite instead.
pub(crate) fn changes_command(
    day: Option<&str>,
    format: OutputFormat,
    freeze: bool,
    lang: Lang,
) -> anyhow::Result<bool> {
    let only = match day {
        Some(day) => Some(
            Suite::of(day)
                .map_err(|e| anyhow::anyhow!("changes {e}"))?
                .day(),
        ),
        None => None,
    };
    let bundled = sealed::bundled()?;
    let mut out = std::io::stdout().lock();
    if freeze {
        let Some(day) = only else {
            anyhow::bail!("changes --freeze: name the day whose suite to freeze (YYYY-MM-DD)");
        };
        let manifest = sealed::manifest_with(day, &bundled);
        write!(out, "{}", manifest.lines())?;
        out.flush()?;
        return Ok(true);
    }
    let chosen: Vec<&Change> = suite::changes()
        .iter()
        .filter(|c| only.is_none_or(|d| c.day == d))
        .collect();
    let listing = Listing {
        chosen: &chosen,
        bundled: &bundled,
        lang,
    };
    match format {
        OutputFormat::Text => listing.text(&mut out)?,
        OutputFormat::Json => writeln!(out, "{:#}", listing.json())?,
    }
    out.flush()?;
    Ok(true)
}

/// The changes chosen, and what the listing says of each.
struct Listing<'a> {
    chosen: &'a [&'a Change],
    bundled: &'a [Sealed],
    lang: Lang,
}

impl Listing<'_> {
    fn days(&self) -> Vec<&'static str> {
        let mut days: Vec<&'static str> = self.chosen.iter().map(|c| c.day).collect();
        days.dedup();
        days
    }

    /// What a client now meets through `change`, in the listing's language: the line's own
    /// note, else the check's rule or the scenario's title.
    fn meets(&self, change: &Change, lang: Lang) -> String {
        let note = match lang {
            Lang::En => change.note,
            Lang::Ja => change.note_ja,
        };
        if let Some(note) = note {
            return note.to_owned();
        }
        match change.subject {
            Subject::Check => match mynakit_conformance::find(change.id) {
                Some(check) => lang
                    .rule_of(check.id())
                    .unwrap_or_else(|| check.rule().to_owned()),
                None => lang.t(words::NO_WORDS).to_owned(),
            },
            Subject::Scenario => {
                let found = self.bundled.iter().find(|s| s.id == change.id);
                let title = found.and_then(|s| match lang {
                    Lang::Ja => s.title_ja.clone().or_else(|| s.title.clone()),
                    Lang::En => s.title.clone(),
                });
                title.unwrap_or_else(|| lang.t(words::NO_WORDS).to_owned())
            }
        }
    }

    /// The days as text: a heading a day with its seal, then each kind's checks and scenarios,
    /// one line a change with what a client now meets.
    fn text(&self, out: &mut impl Write) -> std::io::Result<()> {
        let t = |m| self.lang.t(m);
        for (n, day) in self.days().iter().enumerate() {
            if n > 0 {
                writeln!(out)?;
            }
            let first = if Some(*day) == suite::days().first().copied() {
                format!("{}; ", t(words::FIRST_SUITE))
            } else {
                String::new()
            };
            let sealed::Seal {
                sha256,
                frozen: is_frozen,
            } = sealed::seal_with(day, self.bundled);
            let state = t(if is_frozen {
                words::FROZEN
            } else {
                words::OPEN
            });
            writeln!(out, "{day} ({first}{state}, sha256 {sha256})")?;
            for kind in KINDS {
                for subject in [Subject::Check, Subject::Scenario] {
                    let of: Vec<&&Change> = self
                        .chosen
                        .iter()
                        .filter(|c| c.day == *day && c.kind == kind && c.subject == subject)
                        .collect();
                    if of.is_empty() {
                        continue;
                    }
                    writeln!(
                        out,
                        "  {} {} ({}):",
                        t(kind_word(kind)),
                        plural(subject, self.lang),
                        of.len()
                    )?;
                    for change in of {
                        writeln!(out, "    {}: {}", change.id, self.meets(change, self.lang))?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The days as JSON: `{"latest", "days": [{"day", "sha256", "frozen", "added": {"checks",
    /// "scenarios"}, "stricter": {…}, "milder": {…}, "reworded": {…}, "changes": [{"kind",
    /// "what", "id", "meets", "meets_ja"}]}]}`.
    fn json(&self) -> serde_json::Value {
        let of = |day: &str, kind: ChangeKind, subject: Subject| -> Vec<&str> {
            self.chosen
                .iter()
                .filter(|c| c.day == day && c.kind == kind && c.subject == subject)
                .map(|c| c.id)
                .collect()
        };
        let days: Vec<serde_json::Value> = self
            .days()
            .iter()
            .map(|day| {
                let sealed::Seal {
                    sha256,
                    frozen: is_frozen,
                } = sealed::seal_with(day, self.bundled);
                let mut entry = serde_json::json!({
                    "day": day,
                    "sha256": sha256,
                    "frozen": is_frozen,
                });
                for kind in KINDS {
                    entry[kind.as_str()] = serde_json::json!({
                        "checks": of(day, kind, Subject::Check),
                        "scenarios": of(day, kind, Subject::Scenario),
                    });
                }
                entry["changes"] = self
                    .chosen
                    .iter()
                    .filter(|c| c.day == *day)
                    .map(|c| {
                        serde_json::json!({
                            "kind": c.kind.as_str(),
                            "what": c.subject.as_str(),
                            "id": c.id,
                            "meets": self.meets(c, Lang::En),
                            "meets_ja": self.meets(c, Lang::Ja),
                        })
                    })
                    .collect();
                entry
            })
            .collect();
        serde_json::json!({ "latest": Suite::latest().day(), "days": days })
    }
}

/// The kinds of change, in the order the listing gives them.
const KINDS: [ChangeKind; 4] = [
    ChangeKind::Added,
    ChangeKind::Stricter,
    ChangeKind::Milder,
    ChangeKind::Reworded,
];

fn kind_word(kind: ChangeKind) -> mynakit_harness::report::lang::msg::Msg {
    match kind {
        ChangeKind::Added => words::ADDED,
        ChangeKind::Stricter => words::STRICTER,
        ChangeKind::Milder => words::MILDER,
        ChangeKind::Reworded => words::REWORDED,
    }
}

fn plural(subject: Subject, lang: Lang) -> &'static str {
    match (subject, lang) {
        (Subject::Check, Lang::En) => "checks",
        (Subject::Scenario, Lang::En) => "scenarios",
        (Subject::Check, Lang::Ja) => lang.t(words::CHECK),
        (Subject::Scenario, Lang::Ja) => lang.t(words::SCENARIO),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_conformance::suite::frozen;

    use super::*;

    #[test]
    fn each_day_lists_what_it_added_and_the_photo_check_is_new_on_the_second() {
        let all: Vec<&Change> = suite::changes().iter().collect();
        let bundled = sealed::bundled().unwrap();
        let listing = Listing {
            chosen: &all,
            bundled: &bundled,
            lang: Lang::En,
        };
        let mut out = Vec::new();
        listing.text(&mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with("2026-11-22 (the first suite; frozen, sha256 "),
            "{out}"
        );
        assert!(out.contains("\n  added checks ("), "{out}");
        let second = out.split("\n\n").nth(1).unwrap();
        assert!(
            second.starts_with("2026-11-23 (frozen, sha256 "),
            "{second}"
        );
        // Each change says what a client now meets: the check's rule.
        let photo = mynakit_conformance::find("VIS-photo-before-result").unwrap();
        assert!(
            second.contains(&format!("    VIS-photo-before-result: {}\n", photo.rule())),
            "{second}"
        );
        let value = listing.json();
        let first = &value["days"][0];
        assert_eq!(first["day"], "2026-11-22");
        assert_eq!(first["frozen"], true);
        assert_eq!(
            first["sha256"],
            frozen::frozen().get("2026-11-22").unwrap().sha256
        );
        assert!(first["added"]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "PIN-one-verify"));
        let change = first["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "PIN-one-verify")
            .unwrap();
        assert_eq!(change["kind"], "added");
        assert!(!change["meets_ja"].as_str().unwrap().is_empty());
    }

    /// The languages in which `change` has no words of its own to say what a client now meets:
    /// a `stricter`, `milder` or `reworded` line needs its note (a rule or a title says what is
    /// judged, not what moved); an `added` one its note, or else the check's rule in that
    /// language or the scenario's title (`title_ja` in Japanese, not the English one it falls
    /// back to).
    fn lacks_words(listing: &Listing<'_>, change: &Change) -> Vec<Lang> {
        [Lang::En, Lang::Ja]
            .into_iter()
            .filter(|lang| {
                let note = match lang {
                    Lang::En => change.note,
                    Lang::Ja => change.note_ja,
                };
                if note.is_some() {
                    return false;
                }
                if change.kind != ChangeKind::Added {
                    return true;
                }
                match change.subject {
                    Subject::Check => match (mynakit_conformance::find(change.id), lang) {
                        (None, _) => true,
                        (Some(_), Lang::En) => false,
                        (Some(check), Lang::Ja) => lang.rule_of(check.id()).is_none(),
                    },
                    Subject::Scenario => {
                        let found = listing.bundled.iter().find(|s| s.id == change.id);
                        found
                            .map(|s| match lang {
                                Lang::En => &s.title,
                                Lang::Ja => &s.title_ja,
                            })
                            .is_none_or(|t| t.as_deref().is_none_or(|t| t.trim().is_empty()))
                    }
                }
            })
            .collect()
    }

    /// `mynakit changes` says, per change, what a client now meets, in English and in
    /// Japanese: every line of days.tsv has its words in both, named here when one lacks them
    /// (a `stricter` line its two note columns; an `added` one a Japanese rule or `title_ja`).
    #[test]
    fn every_change_says_what_a_client_now_meets_in_both_languages() {
        let all: Vec<&Change> = suite::changes().iter().collect();
        let bundled = sealed::bundled().unwrap();
        let listing = Listing {
            chosen: &all,
            bundled: &bundled,
            lang: Lang::En,
        };
        let missing: Vec<String> = all
            .iter()
            .filter_map(|c| {
                let lacks = lacks_words(&listing, c);
                (!lacks.is_empty()).then(|| {
                    let langs: Vec<&str> = lacks
                        .iter()
                        .map(|l| match l {
                            Lang::En => "English",
                            Lang::Ja => "Japanese",
                        })
                        .collect();
                    format!(
                        "  {} {} {} {}: nothing in {}",
                        c.day,
                        c.kind.as_str(),
                        c.subject.as_str(),
                        c.id,
                        langs.join(" or ")
                    )
                })
            })
            .collect();
        assert!(
            missing.is_empty(),
            "changes in conformance/src/suite/days.tsv that `mynakit changes` cannot say in both \
             languages; give a `stricter`, `milder` or `reworded` line two more tab-separated \
             columns, what a client now meets and why in English, then in Japanese; an `added` \
             check its Japanese rule (harness/src/report/lang/checks.rs), an `added` scenario \
             its `title` and `title_ja`:\n{}",
            missing.join("\n")
        );
        // What the test reads is what the listing prints: no change falls back to "no words".
        let mut out = Vec::new();
        for lang in [Lang::En, Lang::Ja] {
            Listing { lang, ..listing }.text(&mut out).unwrap();
        }
        let out = String::from_utf8(out).unwrap();
        for lang in [Lang::En, Lang::Ja] {
            assert!(!out.contains(lang.t(words::NO_WORDS)), "{out}");
        }
        // A `stricter` line without its notes is found (made here, not read from the data).
        let bare = Change {
            note: None,
            note_ja: None,
            ..**all.iter().find(|c| c.kind == ChangeKind::Stricter).unwrap()
        };
        assert_eq!(lacks_words(&listing, &bare), vec![Lang::En, Lang::Ja]);
    }

    #[test]
    fn in_japanese_a_change_says_the_japanese_rule() {
        let all: Vec<&Change> = suite::changes()
            .iter()
            .filter(|c| c.id == "PIN-one-verify")
            .collect();
        let bundled = sealed::bundled().unwrap();
        let listing = Listing {
            chosen: &all,
            bundled: &bundled,
            lang: Lang::Ja,
        };
        let mut out = Vec::new();
        listing.text(&mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let rule = Lang::Ja.rule_of("PIN-one-verify").unwrap();
        assert!(out.contains(&rule), "{out}");
        assert!(out.contains("凍結済み"), "{out}");
    }
}
