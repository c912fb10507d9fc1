//! What a run shows on GitHub Actions (when `GITHUB_ACTIONS=true`): one workflow-command
//! annotation per problem (`::error file=…,line=…,title=…::…`), which GitHub attaches to the
//! scenario file's line in the pull request, and a Markdown step summary appended to the file
//! named by `$GITHUB_STEP_SUMMARY`. Both follow GitHub's documented workflow commands
//! ("Workflow commands for GitHub Actions": `error`, `warning`, `notice`, and "Adding a job
//! summary"); docs/reports.md.

use std::fmt::Write;
use std::path::Path;

use mynakit_conformance::{Finding, Level};

use super::lang::lines::outcome_line_in;
use super::lang::{msg, Lang};
use super::model::{RunReport, ScenarioReport};
use super::text::human_ms;

/// The vendor repository's copy of a scenario file, for an annotation to point at: its path
/// relative to the repository's root (`$GITHUB_WORKSPACE`), and its text when it could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotatedFile {
    /// The repository-relative path (`mynakit/scenarios/ours.yaml`).
    pub path: String,
    /// The file's text, to find the line of the failed expectation or check.
    pub text: Option<String>,
}

/// How many annotations of one kind (`error`, `warning`, `notice`) GitHub shows for a step:
/// "10 warning annotations and 10 error annotations per step" (GitHub Docs, "Workflow commands
/// for GitHub Actions" and the annotation limits of the Checks API); notices are held to the
/// same number. More are dropped by GitHub without a word, so mynakit never prints more.
pub(crate) const ANNOTATIONS_PER_KIND: usize = 10;

/// One annotation before it is printed.
struct Annotation<'a> {
    /// The worst level it reports: its kind.
    level: Level,
    /// The vendor repository's path, when the scenario file is one of its own.
    path: Option<String>,
    line: Option<usize>,
    title: String,
    message: String,
    /// The scenario, for the cut.
    scenario: &'a str,
}

impl Annotation<'_> {
    /// The workflow command of its level (every annotation's level has one).
    fn command(&self) -> &'static str {
        command(self.level).unwrap_or("notice")
    }
}

/// The annotations of a run, one line each (docs/ci.md, "On GitHub Actions"): **one per
/// scenario** that did not pass cleanly, `error` when its worst finding is FAILED (or it FAILED
/// without findings, such as a set-up failure), `warning` for WARNING and `notice` for REVIEW,
/// at the line of its worst finding, its findings joined worst first. The vendor's own files
/// come first, worst first, so that the annotations GitHub shows are those of the pull request;
/// no kind goes beyond [`ANNOTATIONS_PER_KIND`], and when some are cut a last notice counts them
/// and points to the step summary. A client that crashed or timed out is reported once: the
/// required checks that therefore did not apply are counted, not listed. Waived findings and
/// passing scenarios give none. `locate` maps a scenario's file (as the report names it) to the
/// vendor repository's copy. A file it does not map (a bundled scenario, or one outside the
/// repository) gets an annotation with its title alone, because GitHub can only attach a
/// `file=` of the repository to the pull request (docs/reports.md). Titles, level words and
/// notices are in `lang`; check ids and reasons are as in report.json.
pub fn annotations(
    report: &RunReport,
    locate: &dyn Fn(&str) -> Option<AnnotatedFile>,
    lang: Lang,
) -> String {
    let mut all: Vec<Annotation<'_>> = report
        .scenarios
        .iter()
        .filter_map(|s| scenario_annotation(s, locate(&s.file), lang))
        .collect();
    // Stable: within a group, the report's order (by scenario id).
    all.sort_by_key(|a| (a.path.is_none(), std::cmp::Reverse(a.level)));
    let count = |kind: &str| all.iter().filter(|a| a.command() == kind).count();
    // The last notice is the count of those cut, when there is one.
    let cut_any = ["error", "warning", "notice"]
        .iter()
        .any(|k| count(k) > ANNOTATIONS_PER_KIND);
    let mut used: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let mut cut: Vec<&str> = Vec::new();
    let mut out = String::new();
    if let Some(failure) = &report.setup_failure {
        // The run's own error first, beyond the per-kind limit: it explains the rest.
        push(
            &mut out,
            "error",
            None,
            None,
            "mynakit: set-up failure",
            &msg::setup_failure(lang, failure).join("\n"),
        );
    }
    for a in &all {
        let kind = a.command();
        let room = if kind == "notice" && cut_any {
            ANNOTATIONS_PER_KIND - 1
        } else {
            ANNOTATIONS_PER_KIND
        };
        let n = used.entry(kind).or_default();
        if *n < room {
            *n += 1;
            push(
                &mut out,
                kind,
                a.path.as_deref(),
                a.line,
                &a.title,
                &a.message,
            );
        } else {
            cut.push(a.scenario);
        }
    }
    if !cut.is_empty() {
        let message = msg::annotations_cut(lang, cut.len(), ANNOTATIONS_PER_KIND, &cut.join(", "));
        push(
            &mut out,
            "notice",
            None,
            None,
            lang.t(msg::MORE_PROBLEMS),
            &message,
        );
    }
    out
}

/// The annotations of scenario files that do not load: one `error` each, at its file and line
/// where the error has one (a YAML error's `line:col`; a semantic error names its key path in
/// the message), capped like [`annotations`]. `locate` as there: a file outside the repository
/// is named in the title alone. Titles are in `lang`; the error is the loader's English.
pub fn load_annotations(
    errors: &crate::scenario::LoadErrors,
    locate: &dyn Fn(&str) -> Option<AnnotatedFile>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    for (i, error) in errors.0.iter().enumerate() {
        let (file, line) = error.place();
        if i + 1 == ANNOTATIONS_PER_KIND && errors.0.len() > ANNOTATIONS_PER_KIND {
            let rest = errors.0.len() - i;
            push(
                &mut out,
                "error",
                None,
                None,
                lang.t(msg::MORE_DO_NOT_LOAD),
                &msg::more_do_not_load(lang, rest),
            );
            break;
        }
        let path = locate(&file).map(|f| f.path);
        let title = format!("{}: {file}", lang.t(msg::DOES_NOT_LOAD));
        push(
            &mut out,
            "error",
            path.as_deref(),
            line,
            &title,
            &error.to_string(),
        );
    }
    out
}

/// The one annotation of a scenario, if it has a problem.
fn scenario_annotation<'a>(
    s: &'a ScenarioReport,
    file: Option<AnnotatedFile>,
    lang: Lang,
) -> Option<Annotation<'a>> {
    let text = file.as_ref().and_then(|f| f.text.as_deref());
    let path = file.as_ref().map(|f| f.path.clone());
    let mut problems = s.problems();
    if problems.is_empty() {
        if s.level != Level::Failed {
            return None;
        }
        return Some(Annotation {
            level: Level::Failed,
            line: text.and_then(|t| key_line(t, "id")),
            path,
            title: s.id.clone(),
            message: s.note_in(lang).map_or_else(
                || lang.level(Level::Failed).to_owned(),
                std::borrow::Cow::into_owned,
            ),
            scenario: &s.id,
        });
    }
    // A client that crashed or timed out leaves every required check unapplied: one cause,
    // reported once.
    let ended_early = s.result.as_ref().is_some_and(|r| r.outcome.harness_only());
    let mut cascade = 0;
    if ended_early {
        let before = problems.len();
        problems.retain(|f| {
            !f.reason
                .starts_with(mynakit_conformance::REQUIRED_NOT_APPLIED)
        });
        cascade = before - problems.len();
    }
    // Worst first, and each of a level an annotation reports (`problems` keeps no other).
    let worst = *problems.first()?;
    let mut lines: Vec<String> = problems.iter().map(|f| described(s, f, lang)).collect();
    if cascade > 0 {
        lines.push(msg::cascade(lang, cascade));
    }
    let more = lines.len().saturating_sub(1);
    // One finding: its check is in the title, its reason is the message, as GitHub lists them.
    let message = if more == 0 {
        s.reason_in(worst, lang)
            .unwrap_or_else(|| worst.reason.clone())
    } else {
        lines.join("\n")
    };
    let title = if more == 0 {
        format!("{}: {}", s.id, worst.check)
    } else {
        format!("{}: {} (+{more})", s.id, worst.check)
    };
    Some(Annotation {
        level: worst.level,
        line: text.and_then(|t| finding_line(t, worst)),
        path,
        title,
        message,
        scenario: &s.id,
    })
}

/// A finding in one line of text: `FAILED PIN-blocked-stop: VERIFY sent after …` (in Japanese
/// `不合格 PIN-blocked-stop: …`, the reason in Japanese where the harness wrote it from facts).
fn described(s: &ScenarioReport, f: &Finding, lang: Lang) -> String {
    let reason = s.reason_in(f, lang);
    let reason = reason.as_deref().unwrap_or(&f.reason);
    format!("{} {}: {reason}", lang.level(f.level), f.check)
}

/// The vendor repository's copy of `file` for [`annotations`], when it has one: a file under
/// `workspace` (GitHub's checkout, `$GITHUB_WORKSPACE`) is named by its path relative to it and
/// read. Anything else (the bundled scenarios unpacked by an installed binary or inside the
/// Action's own checkout, a file in /tmp) is not in the repository, so GitHub could not attach
/// it to the pull request.
pub fn in_repository(file: &str, workspace: &Path) -> Option<AnnotatedFile> {
    let absolute = std::fs::canonicalize(file).ok()?;
    let root = std::fs::canonicalize(workspace).ok()?;
    let relative = absolute.strip_prefix(&root).ok()?;
    let path = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Some(AnnotatedFile {
        path,
        text: std::fs::read_to_string(&absolute).ok(),
    })
}

/// The workflow command for a finding's level, if it gets one.
fn command(level: Level) -> Option<&'static str> {
    match level {
        Level::Failed => Some("error"),
        Level::Warning => Some("warning"),
        Level::Review => Some("notice"),
        Level::Passed | Level::NotApplicable | Level::Skipped => None,
    }
}

fn push(
    out: &mut String,
    command: &str,
    file: Option<&str>,
    line: Option<usize>,
    title: &str,
    msg: &str,
) {
    let mut properties = Vec::new();
    if let Some(file) = file {
        properties.push(format!("file={}", property(file)));
        if let Some(line) = line {
            properties.push(format!("line={line}"));
        }
    }
    properties.push(format!("title={}", property(title)));
    out.push_str(&format!(
        "::{command} {}::{}\n",
        properties.join(","),
        data(msg)
    ));
}

/// A message escaped as GitHub's runner unescapes it (`%`, CR, LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as [`data`], and `:` and `,` too, which end a value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The 1-based line a finding points at in the scenario file: an expectation
/// (`expect.outcome`, `expect.fields.Name`) at its key under `expect:`, a check at the first line
/// naming it (its `expect.checks` or `waive` entry), else the scenario's `id:`.
fn finding_line(text: &str, f: &Finding) -> Option<usize> {
    if let Some(path) = f.check.strip_prefix("expect.") {
        let key = path.split('.').next().unwrap_or(path);
        return expect_key_line(text, key).or_else(|| key_line(text, "expect"));
    }
    text.lines()
        .position(|l| !l.trim_start().starts_with('#') && names(l, &f.check))
        .map(|i| i + 1)
        .or_else(|| key_line(text, "id"))
}

/// Whether `line` names `id` as a whole word (check ids contain `-`).
fn names(line: &str, id: &str) -> bool {
    line.match_indices(id).any(|(at, _)| {
        let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        let before = line[..at].chars().next_back().is_none_or(|c| !word(c));
        let after = line[at + id.len()..]
            .chars()
            .next()
            .is_none_or(|c| !word(c));
        before && after
    })
}

/// The line of a top-level key (`id:`, `expect:`).
fn key_line(text: &str, key: &str) -> Option<usize> {
    let prefix = format!("{key}:");
    text.lines()
        .position(|l| l.starts_with(&prefix))
        .map(|i| i + 1)
}

/// The line of `key:` directly inside the top-level `expect:` block.
fn expect_key_line(text: &str, key: &str) -> Option<usize> {
    let start = key_line(text, "expect")?;
    let prefix = format!("{key}:");
    for (i, line) in text.lines().enumerate().skip(start) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.len() == line.len() {
            // The next top-level key: the block ended.
            return None;
        }
        if trimmed.starts_with(&prefix) {
            return Some(i + 1);
        }
    }
    None
}

/// The step summary: the run's verdict and counts, then a table of every scenario that did not
/// pass cleanly (worst first) with its problems, and where the full reports are; in `lang`,
/// check ids and reasons as in report.json.
pub fn step_summary(report: &RunReport, lang: Lang) -> String {
    let mut md = String::new();
    let verdict = match (lang, report.passed()) {
        (Lang::En, true) => "passed",
        (Lang::En, false) => "FAILED",
        (Lang::Ja, passed) => lang.level(if passed { Level::Passed } else { Level::Failed }),
    };
    let _ = writeln!(md, "## mynakit: {verdict}\n");
    let counts = report.counts();
    let line: Vec<String> = super::model::LEVELS_WORST_FIRST
        .iter()
        .filter_map(|level| counts.get(level).map(|&n| msg::count(lang, *level, n)))
        .collect();
    let _ = writeln!(
        md,
        "{}\n",
        msg::summary_line(
            lang,
            report.scenarios.len(),
            &human_ms(report.duration_ms),
            &line,
            &cell(&report.client),
            &report.transport,
            &report.rules.to_string(),
        )
    );
    if let Some(signal) = &report.interrupted {
        let _ = writeln!(md, "{}\n", msg::summary_interrupted(lang, signal));
    }
    if let Some(failure) = &report.setup_failure {
        let _ = writeln!(
            md,
            "```text\n{}\n```\n",
            msg::setup_failure(lang, failure)
                .join("\n")
                .replace("```", "'''")
        );
    }
    if let Some(max) = report.max_failures {
        let _ = writeln!(md, "{}\n", msg::max_failures_reached(lang, max));
    }
    if let Some(beyond) = &report.beyond_rules {
        let _ = writeln!(
            md,
            "**{}** beyond-rules: {}.\n",
            lang.level(Level::Warning),
            msg::beyond_run(lang, beyond, report.scenarios.len())
        );
    }
    let mut shown: Vec<&ScenarioReport> = report
        .scenarios
        .iter()
        .filter(|s| s.level != Level::Passed)
        .collect();
    shown.sort_by_key(|s| std::cmp::Reverse(s.level));
    if !shown.is_empty() {
        let _ = writeln!(md, "{}", msg::summary_table_head(lang));
        let _ = writeln!(md, "|---|---|---|---|");
        for s in shown {
            let outcome = s
                .result
                .as_ref()
                .map_or("-".to_owned(), |r| outcome_line_in(r, lang));
            let mut why: Vec<String> = s.problems().iter().map(|f| described(s, f, lang)).collect();
            if let Some(note) = s.note_in(lang) {
                why.insert(0, note.into_owned());
            }
            let _ = writeln!(
                md,
                "| {} | `{}` ({}) | {} | {} |",
                lang.level(s.level),
                cell(&s.id),
                cell(&s.file),
                cell(&outcome),
                why.iter().map(|w| cell(w)).collect::<Vec<_>>().join("<br>"),
            );
        }
        md.push('\n');
    }
    let _ = writeln!(md, "{}", msg::summary_details(lang));
    md
}

/// Text fit for one Markdown table cell ([`super::untrusted::markdown_cell`]).
fn cell(s: &str) -> String {
    super::untrusted::markdown_cell(s)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::super::sample;
    use super::*;
    use mynakit_protocol::RunResult;

    const PIN_LOCKOUT: &str = "# yaml-language-server: $schema=x\nid: pin-lockout\n\
        title: t\ngiven:\n  cards:\n    - persona: employee\nexpect:\n  \
        # the lock\n  outcome: pin-locked\n  checks: [PIN-blocked-stop, PIN-blocked-stop-x]\n\
        waive:\n  SVC-retry-backoff: ticket\n";

    /// The annotations in English, as before `--lang`.
    fn annotations_en(
        report: &RunReport,
        locate: &dyn Fn(&str) -> Option<AnnotatedFile>,
    ) -> String {
        annotations(report, locate, Lang::En)
    }

    fn source(file: &str) -> Option<AnnotatedFile> {
        Some(AnnotatedFile {
            path: file.to_owned(),
            text: (file == "scenarios/pin-lockout.yaml").then(|| PIN_LOCKOUT.to_owned()),
        })
    }

    #[test]
    fn files_are_named_relative_to_the_repository_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join("mynakit/scenarios")).unwrap();
        let own = repo.join("mynakit/scenarios/ours.yaml");
        std::fs::write(&own, "id: ours\n").unwrap();
        let bundled = dir.path().join("unpacked/scenarios/pin-lockout.yaml");
        std::fs::create_dir_all(bundled.parent().unwrap()).unwrap();
        std::fs::write(&bundled, "id: pin-lockout\n").unwrap();
        let found = in_repository(own.to_str().unwrap(), &repo).unwrap();
        assert_eq!(found.path, "mynakit/scenarios/ours.yaml");
        assert_eq!(found.text.as_deref(), Some("id: ours\n"));
        assert_eq!(in_repository(bundled.to_str().unwrap(), &repo), None);
        assert_eq!(in_repository("no/such/file.yaml", &repo), None);
    }

    #[test]
    fn a_file_outside_the_repository_is_named_by_its_title_alone() {
        let out = annotations_en(&sample::report(), &|_| None);
        assert!(
            out.contains("::error title=pin-lockout%3A expect.outcome (+2)::FAILED expect.outcome"),
            "{out}"
        );
        assert!(!out.contains("file="), "{out}");
    }

    #[test]
    fn problems_are_annotations_at_their_lines() {
        let out = annotations_en(&sample::report(), &source);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "::error file=scenarios/pin-lockout.yaml,line=9,title=pin-lockout%3A expect.outcome (+2)::FAILED expect.outcome: pin-incorrect, expected pin-locked%0AFAILED PIN-blocked-stop: VERIFY sent after the card answered 63C0 (apdu #5 at 31.000 ms)%0AWARNING UI-slow-display: no display for 2.5 s after the PIN",
                "::notice file=scenarios/visual-face.yaml,title=visual-face%3A UI-face-shown::a person must compare the face shown with the card",
            ],
            "{out}"
        );
    }

    /// A silent client over many scenarios: one error each, the vendor's own files first, never
    /// more than GitHub shows, and the rest counted in a last notice.
    #[test]
    fn the_vendors_files_come_first_and_no_kind_goes_beyond_what_github_shows() {
        let mut report = sample::report();
        let failing = report.scenarios[1].clone();
        report.scenarios = (0..15)
            .map(|i| {
                let mut s = failing.clone();
                s.id = format!("bundled-{i:02}");
                s.file = format!("scenarios/{}.yaml", s.id);
                if i == 7 || i == 12 {
                    s.id = format!("ours-{i:02}");
                    s.file = format!("mynakit/{}.yaml", s.id);
                }
                s
            })
            .collect();
        let out = annotations_en(&report, &|file| {
            file.starts_with("mynakit/").then(|| AnnotatedFile {
                path: file.to_owned(),
                text: None,
            })
        });
        let lines: Vec<&str> = out.lines().collect();
        let errors: Vec<&&str> = lines.iter().filter(|l| l.starts_with("::error")).collect();
        assert_eq!(errors.len(), ANNOTATIONS_PER_KIND, "{out}");
        assert!(errors[0].contains("file=mynakit/ours-07.yaml"), "{out}");
        assert!(errors[1].contains("file=mynakit/ours-12.yaml"), "{out}");
        let last = lines.last().unwrap();
        assert!(
            last.starts_with("::notice title=mynakit%3A more problems::5 more scenario(s)"),
            "{out}"
        );
        assert!(
            last.ends_with("bundled-10, bundled-11, bundled-13, bundled-14"),
            "{out}"
        );
        assert_eq!(lines.len(), ANNOTATIONS_PER_KIND + 1, "{out}");
    }

    /// A client that crashed: its crash once, the required checks it left unapplied counted.
    #[test]
    fn a_crash_is_reported_once_without_its_cascade() {
        let mut report = sample::report();
        let s = &mut report.scenarios[1];
        s.result = Some(RunResult::exited(Some(101), None));
        s.checks = vec![
            Finding {
                reason_ja: None,
                check: "PIN-blocked-stop".into(),
                level: Level::Failed,
                reason: format!("{}: no VERIFY", mynakit_conformance::REQUIRED_NOT_APPLIED),
                events: Vec::new(),
                facts: Default::default(),
            };
            6
        ];
        s.expectations.truncate(1);
        let out = annotations_en(&report, &|_| None);
        let crash: Vec<&str> = out.lines().filter(|l| l.contains("pin-lockout")).collect();
        assert_eq!(crash.len(), 1, "{out}");
        assert!(
            crash[0].ends_with(
                "%0Aand 6 required check(s) that could not apply after the client ended"
            ),
            "{out}"
        );
        assert!(!crash[0].contains("no VERIFY"), "{out}");
    }

    #[test]
    fn newlines_and_percent_are_escaped_and_set_up_failures_annotated() {
        let mut report = sample::report();
        report.scenarios[1].checks[1].reason = "100% wrong\nsecond, line".into();
        let s = &mut report.scenarios[2];
        s.level = Level::Failed;
        s.note = Some("set up failed: pcscd did not start".into());
        let out = annotations_en(&report, &|file| {
            Some(AnnotatedFile {
                path: file.to_owned(),
                text: None,
            })
        });
        assert!(
            out.contains("%0AFAILED PIN-blocked-stop: 100%25 wrong%0Asecond, line%0AWARNING"),
            "{out}"
        );
        assert!(
            out.contains("::error file=scenarios/reader-contactless.yaml,title=reader-contactless::set up failed: pcscd did not start\n"),
            "{out}"
        );
        // One line per annotation: no raw newline inside any.
        assert_eq!(out.lines().filter(|l| l.starts_with("::")).count(), 3);
    }

    #[test]
    fn summary_lists_what_did_not_pass_worst_first() {
        let md = step_summary(&sample::report(), Lang::En);
        assert!(md.starts_with("## mynakit: FAILED\n"), "{md}");
        assert!(
            md.contains("5 scenario(s) in 6.789 s: 1 FAILED, 1 REVIEW, 1 SKIPPED, 1 NOT-APPLICABLE, 1 PASSED."),
            "{md}"
        );
        assert!(
            md.contains("Client: `my-app --flag 'a&amp;b' &lt;x&gt;`"),
            "{md}"
        );
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
        assert_eq!(rows[0], "| verdict | scenario | outcome | why |");
        assert!(
            rows[1].starts_with(
                "| FAILED | `pin-lockout` (scenarios/pin-lockout.yaml) | pin-incorrect |"
            ),
            "{md}"
        );
        assert!(
            rows[1].contains("FAILED PIN-blocked-stop: VERIFY sent"),
            "{md}"
        );
        assert!(rows[1].contains("<br>WARNING UI-slow-display"), "{md}");
        assert!(!rows[1].contains("SVC-retry-backoff"), "waived: {md}");
        assert!(rows[2].starts_with("| REVIEW | `visual-face`"), "{md}");
        assert!(
            rows[3].starts_with("| SKIPPED | `reader-contactless`"),
            "{md}"
        );
        assert!(
            rows[4].starts_with("| NOT-APPLICABLE | `wrong-role-terminal`"),
            "{md}"
        );
        assert_eq!(rows.len(), 5, "{md}");
        assert!(!md.contains("eligible-pin"), "{md}");
        assert!(!md.contains("beyond-rules"), "{md}");
    }

    #[test]
    fn a_run_beyond_the_rules_says_so_in_the_summary() {
        let mut report = sample::report();
        report.scenarios[0].beyond_rules = mynakit_protocol::BeyondRules::on("2028-03-01").unwrap();
        report.beyond_rules = crate::report::model::RunBeyondRules::of(&report.scenarios);
        let md = step_summary(&report, Lang::En);
        assert!(
            md.contains("**WARNING** beyond-rules: 1 of 5 scenarios ran on days more than 1 year"),
            "{md}"
        );
    }

    #[test]
    fn a_reason_cannot_break_the_table() {
        let mut report = sample::report();
        report.scenarios[1].checks[1].reason = "a | b\n<script>".into();
        let md = step_summary(&report, Lang::En);
        assert!(md.contains("a \\| b<br>&lt;script&gt;"), "{md}");
    }
}
