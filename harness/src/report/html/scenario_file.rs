//! The scenario file in report.html: which run's section shows it (a scenario run in several
//! modes is shown once, with its worst run), its lines anchored, and a finding's link to the
//! line it judged (docs/reports.md, "The timeline strip").

use std::fmt::{self, Write};

use super::super::lang::{msg, Lang};
use super::{esc, esc_raw, fragment, timeline, yaml_line};
use crate::report::model::{RunReport, ScenarioReport};

/// Where a run's scenario file is shown.
pub(super) enum YamlPlace<'a> {
    /// In this run's section.
    Here(&'a str),
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
        (Some(yaml), Some(home)) if home.id == s.id => YamlPlace::Here(yaml),
        (Some(yaml), Some(home)) => YamlPlace::There(&home.id, yaml),
        _ => YamlPlace::Nowhere,
    }
}

/// The scenario file, folded (opened for printing by the page's script; on paper only in the
/// sections that are printed: FAILED, WARNING, REVIEW).
pub(super) fn write_yaml(
    out: &mut String,
    s: &ScenarioReport,
    place: YamlPlace<'_>,
    lang: Lang,
) -> fmt::Result {
    match place {
        YamlPlace::Here(yaml) => writeln!(
            out,
            r#"<details class="yaml"><summary>{} <code>{}</code> <span class="muted">{}</span></summary><pre>{}</pre></details>"#,
            lang.t(msg::SCENARIO_FILE),
            esc(&s.file),
            lang.t(msg::YAML_AS_RUN),
            if timeline::drawn(s) {
                yaml_lines(&s.id, yaml)
            } else {
                esc_raw(yaml)
            }
        ),
        YamlPlace::There(home, _) => writeln!(
            out,
            r##"<p class="muted yaml-ref">{}: {} <a href="#{}"><code>{}</code></a>.</p>"##,
            lang.t(msg::SCENARIO_FILE),
            lang.t(msg::SHOWN_WITH),
            fragment(home),
            esc(home)
        ),
        YamlPlace::Nowhere => Ok(()),
    }
}

/// The anchor of a line of a scenario file shown in the section of `home`: `<home>-L<n>`.
pub(super) fn line_anchor(home: &str, line: usize) -> String {
    format!("{home}-L{line}")
}

/// A scenario file's lines, each anchored (for a finding's link to the line it judged); no
/// class, the style finds them in the file's `pre` (a failed run's file has tens of lines).
pub(super) fn yaml_lines(home: &str, yaml: &str) -> String {
    yaml.lines()
        .enumerate()
        .map(|(n, line)| {
            format!(
                r#"<span id="{}">{}</span>"#,
                esc(&line_anchor(home, n + 1)),
                esc_raw(line)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
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
        YamlPlace::Here(text) => (s.id.as_str(), *text),
        YamlPlace::There(home, text) => (*home, *text),
        YamlPlace::Nowhere => return String::new(),
    };
    let Some(line) =
        yaml_line::expectation_keys(check).and_then(|keys| yaml_line::line_of(text, &keys))
    else {
        return String::new();
    };
    format!(
        r##" <a class="to-line" href="#{}" title="{}">L{line}</a>"##,
        fragment(&line_anchor(home, line)),
        lang.t(msg::timeline::IN_THE_FILE)
    )
}
