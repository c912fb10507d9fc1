//! The scenario file in report.html: which run's section shows it (a scenario run in several
//! modes is shown once, with its worst run), its lines anchored, and a finding's link to the
//! line it judged (docs/reports.md, "The timeline strip").

use std::fmt;

use super::super::lang::{msg, Lang};
use super::{fragment, timeline, yaml_line};
use crate::report::model::{RunReport, ScenarioReport};
use crate::report::text::printable;

/// Where a run's scenario file is shown.
pub(super) enum YamlPlace<'a> {
    /// In this run's section (the file's text, and the lines a finding links to).
    Here(&'a str, std::collections::BTreeSet<usize>),
    /// In the section of the run with this id (and the file's text).
    There(&'a str, &'a str),
    /// Nowhere: the report holds no YAML for it.
    Nowhere,
}

/// The run whose section shows each scenario file: its worst run (the first of them in the
/// report's order), so that a failing scenario's YAML is printed with its findings while a
/// passing one's stays on screen (a scenario run in several modes is shown once).
pub(super) fn yaml_homes(report: &RunReport) -> std::collections::BTreeMap<&str, &ScenarioReport> {
    let mut homes: std::collections::BTreeMap<&str, &ScenarioReport> =
        std::collections::BTreeMap::new();
    for s in &report.scenarios {
        let home = homes.entry(s.scenario_id()).or_insert(s);
        if s.level > home.level {
            *home = s;
        }
    }
    homes
}

pub(super) fn yaml_place<'a>(
    report: &'a RunReport,
    s: &ScenarioReport,
    homes: &std::collections::BTreeMap<&str, &'a ScenarioReport>,
) -> YamlPlace<'a> {
    match (
        report.scenario_yaml.get(s.scenario_id()),
        homes.get(s.scenario_id()),
    ) {
        (Some(yaml), Some(home)) if home.id == s.id => {
            YamlPlace::Here(yaml, linked_lines(report, s.scenario_id(), yaml))
        }
        (Some(yaml), Some(home)) => YamlPlace::There(&home.id, yaml),
        _ => YamlPlace::Nowhere,
    }
}

/// The lines of a scenario file that a finding of one of its runs links to ([`yaml_link`]):
/// the only lines anchored in the page. An anchor on every line was 108 KB of a bad day's
/// Japanese page (2,051 lines in 121 failed runs, 167 of them linked); the page's script
/// anchors any other line when a link leads to it (docs/reports.md, "Sizes").
fn linked_lines(
    report: &RunReport,
    scenario: &str,
    yaml: &str,
) -> std::collections::BTreeSet<usize> {
    report
        .scenarios
        .iter()
        .filter(|s| s.scenario_id() == scenario)
        .flat_map(|s| s.findings())
        .filter_map(|f| {
            yaml_line::expectation_keys(&f.check).and_then(|keys| yaml_line::line_of(yaml, &keys))
        })
        .collect()
}

/// A scenario file's text as its section shows it.
enum YamlText {
    /// Each line, its anchor if a finding links to it, and its text (control characters shown).
    Lines(Vec<(Option<String>, String)>),
    /// As it is (control characters shown).
    Plain(String),
}

/// The scenario file, or the line pointing to the section that shows it
/// (`templates/scenario_file.html`).
#[derive(askama::Template)]
#[template(path = "scenario_file.html")]
struct ScenarioFile<'a> {
    label: &'a str,
    /// Here: the file's name, and its text.
    here: Option<(&'a str, YamlText)>,
    as_run: &'a str,
    /// There: the run whose section shows it, as a URL fragment and as it is.
    there: Option<(String, &'a str)>,
    shown_with: &'a str,
}

/// The scenario file, folded (opened for printing by the page's script; on paper only in the
/// sections that are printed: FAILED, WARNING, REVIEW).
pub(super) fn write_yaml(
    out: &mut String,
    s: &ScenarioReport,
    place: YamlPlace<'_>,
    lang: Lang,
) -> fmt::Result {
    let (here, there) = match place {
        YamlPlace::Here(yaml, linked) => {
            let text = if timeline::drawn(s) {
                YamlText::Lines(yaml_lines(&s.id, yaml, &linked))
            } else {
                YamlText::Plain(printable(yaml))
            };
            (Some((s.file.as_str(), text)), None)
        }
        YamlPlace::There(home, _) => (None, Some((fragment(home), home))),
        YamlPlace::Nowhere => return Ok(()),
    };
    let file = ScenarioFile {
        label: lang.t(msg::SCENARIO_FILE),
        here,
        as_run: lang.t(msg::YAML_AS_RUN),
        there,
        shown_with: lang.t(msg::SHOWN_WITH),
    };
    super::render(out, &file)
}

/// The anchor of a line of a scenario file shown in the section of `home`: `<home>-L<n>`.
pub(super) fn line_anchor(home: &str, line: usize) -> String {
    format!("{home}-L{line}")
}

/// A scenario file's lines, each a finding links to with its anchor (the line it judged); no
/// class, the style finds them in the file's `pre` (a failed run's file has tens of lines).
fn yaml_lines(
    home: &str,
    yaml: &str,
    linked: &std::collections::BTreeSet<usize>,
) -> Vec<(Option<String>, String)> {
    yaml.lines()
        .enumerate()
        .map(|(n, line)| {
            let anchor = linked.contains(&(n + 1)).then(|| line_anchor(home, n + 1));
            (anchor, printable(line))
        })
        .collect()
}

/// A finding's link to a line of the scenario file (`templates/line_link.html`).
#[derive(askama::Template)]
#[template(path = "line_link.html")]
struct LineLink<'a> {
    anchor: String,
    title: &'a str,
    line: usize,
}

/// A finding's link to the line of the scenario file it judged: an expectation's key, where
/// the file is in the report and the key found (`L12`).
pub(super) fn yaml_link(
    s: &ScenarioReport,
    yaml: &YamlPlace<'_>,
    check: &str,
    lang: Lang,
) -> String {
    let (home, text) = match yaml {
        YamlPlace::Here(text, _) => (s.id.as_str(), *text),
        YamlPlace::There(home, text) => (*home, *text),
        YamlPlace::Nowhere => return String::new(),
    };
    let Some(line) =
        yaml_line::expectation_keys(check).and_then(|keys| yaml_line::line_of(text, &keys))
    else {
        return String::new();
    };
    let link = LineLink {
        anchor: fragment(&line_anchor(home, line)),
        title: lang.t(msg::timeline::IN_THE_FILE),
        line,
    };
    // Rendering into a String cannot fail.
    askama::Template::render(&link).expect("rendering into a String")
}
