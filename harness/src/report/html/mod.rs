//! The HTML report (`report.html`): one self-contained page a person reads or prints. Inline CSS,
//! a small inline script (print, filter, follow a link to the timeline), nothing fetched.
//!
//! A header (tool, start, client, transport, digest, duration), a summary (counts per level and
//! every scenario, worst first), then a section per scenario (anchored by its id): the verdict,
//! the result, the problems (FAILED, WARNING, REVIEW findings) with reasons, waivers, the rest of
//! the findings collapsed, the timeline made readable, and the client's stderr.

use std::fmt::{self, Write};

use askama::filters::Escaper;

use mynakit_conformance::{Finding, Level, Run};

mod causes;
mod certificate;
mod claim_line;
mod event;
mod findings;
use findings::write_findings;
mod header;
use event::{event_kind, write_event};
mod packed;
use packed::PACK_ABOVE;
use packed::{Fold, Folds};
mod scenario_file;
mod summary;
use summary::write_summary;
mod timeline;
mod yaml_line;
use scenario_file::{write_yaml, yaml_homes, yaml_place, YamlPlace};

use mynakit_protocol::RunResult;

use super::detail::Detail as HtmlDetail;
use super::expected_fields::{Expected, ExpectedFields};
use super::lang::lines::{mode_line_in, outcome_line_in};
use super::lang::{msg, Lang};
use super::model::{level_name, RunReport, ScenarioReport};
use super::text::{human_ms, printable};

/// The run as one self-contained HTML page, in `lang` (headings, labels, level words; a
/// finding's reason stays the English evidence it is, under its rule in Japanese).
pub fn html(report: &RunReport, lang: Lang) -> String {
    html_with(report, lang, HtmlDetail::All)
}

/// [`html`] with `detail`: [`HtmlDetail::Problems`] summarises the sections of the runs that
/// passed or do not apply, which is what keeps the page of a whole run a few MB
/// (docs/reports.md, "Sizes").
/// A page larger than [`PACK_ABOVE`] at [`HtmlDetail::Problems`] is written again with its
/// folds packed (`packed`), which keeps the page of a hundred failed runs under 3 MB.
pub fn html_with(report: &RunReport, lang: Lang, detail: HtmlDetail) -> String {
    let page = |folds| {
        let mut out = String::new();
        // Writing into a String cannot fail.
        write_page(&mut out, report, lang, detail, folds).expect("writing into a String");
        out
    };
    let plain = page(Folds::in_place());
    if detail == HtmlDetail::Problems && plain.len() > PACK_ABOVE {
        return page(Folds::packed());
    }
    plain
}

/// The page's escaper, for its templates (`harness/askama.toml`): every value a template writes
/// goes through it unless the template marks it `safe` (HTML made here). Text is made safe for
/// HTML content and attribute values (both quote kinds); a control character (but newline and
/// tab) or a bidirectional override shown as `\u{..}`, as
/// [`printable`](crate::report::text::printable) shows it, so that a client's text cannot hide or
/// reorder what the page says. Text from outside (a client, a card, the service) is given to the
/// templates through [`printable`] first.
#[derive(Clone, Copy)]
pub(crate) struct Escape;

impl Escaper for Escape {
    fn write_escaped_str<W: Write>(&self, mut out: W, s: &str) -> fmt::Result {
        for c in s.chars() {
            match c {
                '&' => out.write_str("&amp;")?,
                '<' => out.write_str("&lt;")?,
                '>' => out.write_str("&gt;")?,
                '"' => out.write_str("&quot;")?,
                '\'' => out.write_str("&#39;")?,
                '\n' | '\t' => out.write_char(c)?,
                c if c.is_control() || crate::report::text::is_bidi_control(c) => {
                    write!(out, "\\u{{{:x}}}", u32::from(c))?;
                }
                c => out.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// Text as the page's templates write it (for tests).
#[cfg(test)]
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    Escape
        .write_escaped_str(&mut out, s)
        .expect("writing into a String");
    out
}

/// `template` written at the end of `out`.
fn render(out: &mut String, template: &impl askama::Template) -> fmt::Result {
    template.render_into(out).map_err(|_| fmt::Error)
}

/// An id as a URL fragment: unreserved characters and a run's mode brackets (`[face]`: a
/// fragment may hold them as they are, and a bad day's page has thousands) kept, everything
/// else percent-encoded.
fn fragment(id: &str) -> String {
    let mut out = String::new();
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~[]".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A level's CSS class: `lv-failed`, ….
fn class(level: Level) -> String {
    format!("lv-{}", level_name(level).to_ascii_lowercase())
}

/// A level's badge (`templates/badge.html`).
#[derive(askama::Template)]
#[template(path = "badge.html")]
struct Badge {
    class: String,
    word: &'static str,
}

/// A level's badge, its word in `lang` (the CSS class is the English name in both).
fn badge(level: Level, lang: Lang) -> String {
    let badge = Badge {
        class: class(level),
        word: lang.level(level),
    };
    // Rendering into a String cannot fail.
    askama::Template::render(&badge).expect("rendering into a String")
}

/// Microseconds as milliseconds with three decimals: `12.250`.
fn ms3(us: u64) -> String {
    format!("{}.{:03}", us / 1000, us % 1000)
}

/// The page's style sheet: screen, and the print view (`@media print`, docs/reports.md,
/// "Printing").
const STYLE: &str = include_str!("style.css");

/// Opens the small folds (HTTP bodies, long hex, a failing run's YAML) before printing; filters
/// the summary; opens the folds around the place a link leads to (an event, a line of the
/// scenario file) and lights up every event a finding cites on its timeline strip;
/// timelines, passed findings and terminal XML stay collapsed on paper, and passing runs have no
/// section there (the print view: `docs/reports.md`, "Printing"), so an all-pass run prints on
/// at most 4 pages plus 1 per 25 verdicts.
const SCRIPT: &str = include_str!("script.js");

/// The page around its parts (`templates/page.html`): its head, the run's header, the parts in
/// order, the way back to the summary and the packed folds.
#[derive(askama::Template)]
#[template(path = "page.html")]
struct Page<'a> {
    lang: &'a str,
    /// "mynakit report", in the page's language.
    title: &'a str,
    /// The run's verdict, a word.
    verdict: &'a str,
    started_at: &'a str,
    /// The run's verdict as a badge (HTML).
    badge: String,
    style: &'a str,
    /// The style of the packed folds' note, when the page packs them (HTML).
    note_style: Option<String>,
    script: &'a str,
    /// What the header says of the run and its identity (HTML).
    header: String,
    /// The causes, the summary, the failures and the sections (HTML).
    body: String,
    back: &'a str,
    /// The packed folds, when the page packs them (HTML).
    folds: String,
}

/// The whole page: its head, the run's header, the summary, the problems of the run, and a
/// section per scenario run.
fn write_page(
    out: &mut String,
    report: &RunReport,
    lang: Lang,
    detail: HtmlDetail,
    mut folds: Folds,
) -> fmt::Result {
    let counts = report.counts();
    let failed = counts.get(&Level::Failed).copied().unwrap_or(0);
    let overall = header::overall(report, failed);
    let mut head = String::new();
    header::write_run_notes(&mut head, report, lang, failed)?;
    header::write_meta(&mut head, report, lang)?;

    // The causes first, on the first screen whatever the run's size: what a reader of a bad
    // day opens the page for (docs/reports.md, "The HTML report").
    let mut body = String::new();
    let rows = super::causes::rows(report);
    let groups = super::causes::across(&rows);
    causes::write_groups(&mut body, &groups, lang)?;
    write_summary(&mut body, report, lang, &counts)?;
    let mut sources = write_all_problems(&mut body, &groups, lang)?;

    // The sections worst first, as the summary: what a reader opens the report for comes
    // first (stable: by id within a level).
    let homes = yaml_homes(report);
    let mut sections: Vec<&ScenarioReport> = report.scenarios.iter().collect();
    sections.sort_by_key(|s| std::cmp::Reverse(s.level));
    for s in sections {
        let full = !detail.summarises(s);
        let yaml = yaml_place(report, s, &homes);
        let caps = report.capabilities.as_ref();
        write_scenario(
            &mut body,
            s,
            yaml,
            lang,
            &mut folds,
            full,
            caps,
            &mut sources,
        )?;
    }
    let note_style = folds.packing().then(|| packed::note_style(lang));
    let mut packed = String::new();
    folds.finish(&mut packed)?;
    // The way back to the summary is written once, kept in a corner of the screen: a link
    // under each of hundreds of sections grew the page with the runs (docs/reports.md, "Sizes").
    let page = Page {
        lang: lang.code(),
        title: lang.t(msg::MYNAKIT_REPORT),
        verdict: lang.level(overall),
        started_at: &report.started_at,
        badge: badge(overall, lang),
        style: STYLE,
        note_style,
        script: SCRIPT,
        header: head,
        body,
        back: lang.t(msg::BACK_TO_SUMMARY),
        folds: packed,
    };
    render(out, &page)
}

/// Every FAILED, WARNING and REVIEW finding of the run in one table right after the summary,
/// worst first, a row per cause (docs/reports.md, "Causes and consequences"): the findings that
/// follow from it folded under it, the modes of a scenario that fail the same way on one row.
/// Each row links to its scenario and to the timeline events the cause cites: on paper the
/// failures come before the scenario sections. A check's source is written once, on its first
/// row (anchored [`source_anchor`]); the checks so written are returned, and a section's
/// finding of one of them points up to it rather than repeat it (a bad day has the same check
/// FAILED in a hundred runs; docs/reports.md, "Sizes").
fn write_all_problems(
    out: &mut String,
    groups: &[super::causes::Across<'_>],
    lang: Lang,
) -> Result<std::collections::BTreeSet<String>, fmt::Error> {
    let mut sources = std::collections::BTreeSet::new();
    // A cause's rows together, in the groups' order (the same cause across scenarios).
    let rows = groups
        .iter()
        .flat_map(|g| g.rows.iter().copied())
        .map(|row| {
            let (s, f) = (row.scenario, row.cause.head);
            let level = row.cause.level();
            ProblemRow {
                class: class(level),
                badge: badge(level, lang),
                anchor: fragment(&s.id),
                name: row.name(),
                modes: (row.modes.len() > 1).then(|| row.modes.join(", ")),
                check: &f.check,
                follows: (!row.cause.follows.is_empty()).then(|| {
                    (
                        msg::follows_from(lang, row.cause.follows.len()),
                        row.cause.follows.iter().map(|f| f.check.as_str()).collect(),
                    )
                }),
                reason: reason_cell(s, f, lang),
                source: source_of(f, lang)
                    .filter(|_| sources.insert(f.check.clone()))
                    .map(|text| (source_anchor(&f.check), text)),
                links: finding_links(s, f),
            }
        })
        .collect();
    let table = AllProblems {
        heading: lang.t(msg::FAILURES_AND_WARNINGS),
        none: (groups.is_empty()).then(|| lang.t(msg::NO_PROBLEM_ANYWHERE)),
        level: lang.t(msg::LEVEL),
        scenario: lang.t(msg::SCENARIO),
        check: lang.t(msg::EXPECTATION_OR_CHECK),
        reason: lang.t(msg::REASON),
        events: lang.t(msg::EVENTS),
        modes: lang.t(msg::MODES),
        source: lang.t(msg::SOURCE),
        rows,
    };
    render(out, &table)?;
    Ok(sources)
}

/// A row of the table of failures: a cause in one scenario.
struct ProblemRow<'a> {
    class: String,
    badge: String,
    anchor: String,
    name: &'a str,
    /// The modes of the scenario that fail the same way, when more than one.
    modes: Option<String>,
    check: &'a str,
    /// What follows from the cause: a line saying how many, and their ids.
    follows: Option<(String, Vec<&'a str>)>,
    /// The reason cell (HTML).
    reason: String,
    /// The check's source, on its first row: its anchor and the source (HTML).
    source: Option<(String, String)>,
    /// The links to the events and claim-file lines the finding cites (HTML).
    links: String,
}

/// The table of failures (`templates/all_problems.html`).
#[derive(askama::Template)]
#[template(path = "all_problems.html")]
struct AllProblems<'a> {
    heading: &'a str,
    /// What the section says when the run has no problem.
    none: Option<&'a str>,
    level: &'a str,
    scenario: &'a str,
    check: &'a str,
    reason: &'a str,
    events: &'a str,
    modes: &'a str,
    source: &'a str,
    rows: Vec<ProblemRow<'a>>,
}

/// The anchor of a check's source in the table of failures: `source-<check>`.
fn source_anchor(check: &str) -> String {
    format!("source-{check}")
}

/// The source of the rule `f` judged, as HTML; none for a check that did not apply (it judged
/// nothing: a run has tens of them in every scenario, and their sources were half of the
/// bundled suite's page) or one mynakit does not know.
fn source_of(f: &Finding, lang: Lang) -> Option<String> {
    mynakit_conformance::find(&f.check)
        .filter(|_| f.level != Level::Skipped)
        .map(|c| reference(lang.sources_of(c)))
}

/// The anchor of a scenario's timeline row: `<id>-ev-<index>` (index from 0, as in JSON).
fn event_anchor(id: &str, index: usize) -> String {
    format!("{id}-ev-{index}")
}

/// A finding's links (`templates/links.html`): to the timeline rows it cites (`#3 #7`), then
/// to the claim-file lines it names.
#[derive(askama::Template)]
#[template(path = "links.html")]
struct Links<'a> {
    /// Each event's index and its row's anchor (a URL fragment).
    events: Vec<(usize, String)>,
    lines: Vec<claim_line::LineLink<'a>>,
}

/// A finding's links: to the timeline rows it cites, then to the claim-file lines it names.
fn finding_links(s: &ScenarioReport, f: &Finding) -> String {
    let links = Links {
        events: f
            .events
            .iter()
            .map(|&i| (i, fragment(&event_anchor(&s.id, i))))
            .collect(),
        lines: claim_line::links(&s.id, &s.timeline, &f.facts.claim_lines),
    };
    // Rendering into a String cannot fail.
    askama::Template::render(&links).expect("rendering into a String")
}

/// The result for the page (`templates/outcome.html`).
#[derive(askama::Template)]
#[template(path = "outcome.html")]
struct OutcomeLine<'a> {
    line: String,
    /// In Japanese, the outcome's id after its name.
    id: Option<&'a str>,
}

/// The result for the page: as the table words it, and in Japanese the outcome's id after its
/// name (`資格有効 (<code>eligible</code>)`), since reasons and report.json speak the id and
/// the search box finds it.
fn outcome_html(result: &RunResult, lang: Lang) -> String {
    let line = OutcomeLine {
        line: outcome_line_in(result, lang),
        id: (lang == Lang::Ja).then(|| result.outcome.as_str()),
    };
    // Rendering into a String cannot fail.
    askama::Template::render(&line).expect("rendering into a String")
}

/// A scenario run's section around its parts (`templates/scenario.html`).
#[derive(askama::Template)]
#[template(path = "scenario.html")]
struct Section<'a> {
    class: String,
    id: &'a str,
    anchor: String,
    badge: String,
    title: &'a str,
    /// A summarised run: the label of its fold, and the fold (HTML).
    summarised: Option<(&'a str, String)>,
    /// A run in full: its parts (HTML).
    body: String,
}

/// A scenario run's section: its title, facts and notes, its result, and unless it is
/// summarised (no `folds`) its findings, scenario file, terminal files, timeline and stderr.
// Each argument is a part of the page this section reads (the run, its file, the folds, the
// run's capabilities, the sources already written).
#[allow(clippy::too_many_arguments)]
fn write_scenario(
    out: &mut String,
    s: &ScenarioReport,
    yaml: YamlPlace<'_>,
    lang: Lang,
    folds: &mut Folds,
    full: bool,
    run_capabilities: Option<&mynakit_protocol::Capabilities>,
    sources: &mut std::collections::BTreeSet<String>,
) -> fmt::Result {
    let mut section = Section {
        class: class(s.level),
        id: &s.id,
        anchor: fragment(&s.id),
        badge: badge(s.level, lang),
        title: s.title_in(lang),
        summarised: None,
        body: String::new(),
    };
    if !full {
        // A summarised run (PASSED, NOT-APPLICABLE): its facts and result folded, packed with
        // the other folds in a large page; its row in the summary says what there is to say.
        let mut inside = String::new();
        write_scenario_meta(&mut inside, s, lang, run_capabilities)?;
        write_scenario_notes(&mut inside, s, lang)?;
        let line = msg::summarised_section(lang, s.findings().count(), s.timeline.len());
        write_result(&mut inside, s, lang, Some(line))?;
        let mut fold = String::new();
        folds.put(&mut fold, Fold::Summary, inside)?;
        section.summarised = Some((lang.t(msg::FACTS_AND_RESULT), fold));
        return render(out, &section);
    }
    let body = &mut String::new();
    write_scenario_meta(body, s, lang, run_capabilities)?;
    write_scenario_notes(body, s, lang)?;
    write_result(body, s, lang, None)?;
    if timeline::drawn(s) {
        let cited = s
            .problems()
            .iter()
            .flat_map(|f| {
                let lines = claim_line::events_of(&s.timeline, &f.facts.claim_lines);
                f.events.iter().copied().chain(lines)
            })
            .collect();
        timeline::write_strip(body, s, &cited, lang)?;
    }
    write_findings(body, s, &yaml, lang, folds, sources)?;
    write_yaml(body, s, yaml, lang)?;
    write_terminal_files(body, s, lang)?;
    write_timeline(body, s, lang, folds)?;
    write_stderr(body, s, lang)?;
    section.body = std::mem::take(body);
    render(out, &section)
}

/// A value of a list of facts (`templates/facts.html`), as it is set.
pub(super) enum Fact<'a> {
    Text(String),
    Code(String),
    Strong(String),
    Muted(&'a str),
    /// A value and a note after it, muted, in brackets.
    Noted(String, std::borrow::Cow<'a, str>),
    /// Code, and text after it.
    CodeThen(String, &'a str),
    /// HTML made here (links).
    Html(String),
}

/// A fact of a list: its label, its value, and whether it is on screen only (`screen-only`:
/// run-wide or bookkeeping, stated once on paper, in the report's header).
pub(super) struct Entry<'a> {
    label: &'a str,
    value: Fact<'a>,
    screen_only: bool,
}

impl<'a> Entry<'a> {
    pub(super) fn new(label: &'a str, value: Fact<'a>) -> Self {
        Entry {
            label,
            value,
            screen_only: false,
        }
    }

    fn screen_only(label: &'a str, value: Fact<'a>) -> Self {
        Entry {
            label,
            value,
            screen_only: true,
        }
    }
}

/// A list of facts (`<dl class="meta">`, `templates/facts.html`).
#[derive(askama::Template)]
#[template(path = "facts.html")]
pub(super) struct Facts<'a> {
    pub(super) facts: Vec<Entry<'a>>,
}

/// A scenario run's facts, under its title: its file, mode, run, rules, app, references,
/// capabilities, duration and how the client ended.
fn write_scenario_meta(
    out: &mut String,
    s: &ScenarioReport,
    lang: Lang,
    run_capabilities: Option<&mynakit_protocol::Capabilities>,
) -> fmt::Result {
    let t = |m| lang.t(m);
    let mut facts = vec![Entry::new(t(msg::FILE), Fact::Code(s.file.clone()))];
    if !s.mode.is_empty() {
        facts.push(Entry::new(t(msg::MODE), Fact::Text(mode_line_in(s, lang))));
    }
    if !s.tags.is_empty() {
        facts.push(Entry::new(t(msg::TAGS), Fact::Text(s.tags.join(", "))));
    }
    // Run-wide or bookkeeping entries are on screen only: the print view states them once, in
    // the report's header, and leaves them out of each scenario to stay short on paper. (A
    // PASSED scenario's section is not printed at all, so no entry is marked for it.)
    facts.push(Entry::screen_only(
        t(msg::RUN),
        Fact::Code(s.run_id.clone()),
    ));
    facts.push(Entry::screen_only(
        t(msg::SEED),
        Fact::Text(s.seed.to_string()),
    ));
    facts.push(Entry::new(
        t(msg::RULES),
        Fact::Text(s.rules.name().to_owned()),
    ));
    if let Some(app) = &s.app {
        facts.push(Entry::screen_only(t(msg::APP), Fact::Text(app.describe())));
    }
    if !s.references.is_empty() {
        let refs: Vec<String> = s.references_in(lang).iter().map(|r| reference(r)).collect();
        facts.push(Entry::new(
            t(msg::REFERENCES),
            Fact::Html(refs.join("<br>")),
        ));
    }
    // The run's capabilities are the header's; a scenario states its own only when they differ
    // (a merged report): a hundred failed runs repeated a 700-byte line.
    if s.capabilities.is_none() || s.capabilities.as_ref() != run_capabilities {
        let capabilities = s.capabilities.as_ref().map_or_else(
            || t(msg::NONE_DECLARED).to_owned(),
            |c| msg::capabilities(lang, c),
        );
        facts.push(Entry::screen_only(
            t(msg::CAPABILITIES),
            Fact::Text(capabilities),
        ));
    }
    facts.push(Entry::new(
        t(msg::DURATION),
        Fact::Text(human_ms(s.duration_ms)),
    ));
    if let Some(exit) = &s.exit {
        facts.push(Entry::new(t(msg::CLIENT_PROCESS), Fact::Text(exit.clone())));
    }
    render(out, &Facts { facts })
}

/// What a section notes of a run before its result (`templates/scenario_notes.html`).
#[derive(askama::Template)]
#[template(path = "scenario_notes.html")]
struct ScenarioNotes {
    note: Option<String>,
    attempts: Option<String>,
    flake: Option<String>,
    beyond_rules: Option<String>,
    apdu: Option<String>,
    /// The WARNING badge (HTML).
    warning: String,
}

/// What the section notes of a run before its result: why it did not run or is
/// NOT-APPLICABLE, its attempts, its flake, that its day is beyond the rules, and its APDU
/// figures.
fn write_scenario_notes(out: &mut String, s: &ScenarioReport, lang: Lang) -> fmt::Result {
    let notes = ScenarioNotes {
        note: s.note_in(lang).map(|n| n.into_owned()),
        attempts: msg::attempts(lang, s),
        flake: msg::flake(lang, s),
        beyond_rules: s
            .beyond_rules
            .as_ref()
            .map(|beyond| msg::beyond_scenario(lang, beyond)),
        apdu: s.apdu.as_ref().map(|apdu| msg::apdu_figures(lang, apdu)),
        warning: badge(Level::Warning, lang),
    };
    render(out, &notes)
}

/// The client's stderr as captured, with its line count (`templates/stderr.html`).
#[derive(askama::Template)]
#[template(path = "stderr.html")]
struct Stderr<'a> {
    heading: &'a str,
    count: usize,
    lines: &'a str,
    /// The stderr, its control characters shown.
    text: String,
}

/// The client's stderr as captured, with its line count.
fn write_stderr(out: &mut String, s: &ScenarioReport, lang: Lang) -> fmt::Result {
    if s.stderr.is_empty() {
        return Ok(());
    }
    let stderr = Stderr {
        heading: lang.t(msg::CLIENT_STDERR),
        count: s.stderr.lines().count(),
        lines: lang.t(msg::LINES),
        text: printable(&s.stderr),
    };
    render(out, &stderr)
}

/// A cell of the result's fields: a value from outside (its control characters shown), or a
/// word of the page, muted.
enum Cell<'a> {
    Value(String),
    Muted(&'a str),
}

/// A row of the result's fields: the name, what was shown, and what the scenario expected with
/// the level of that expectation (its class and badge).
struct FieldRow<'a> {
    name: &'a str,
    shown: Cell<'a>,
    expected: Option<(Cell<'a>, String, String)>,
}

/// The result of a run: its outcome (HTML), its fields, its text.
struct ResultPart<'a> {
    outcome: String,
    fields: Vec<FieldRow<'a>>,
    with_expected: bool,
    text: Option<String>,
}

/// A run's result (`templates/result.html`).
#[derive(askama::Template)]
#[template(path = "result.html")]
struct ResultSection<'a> {
    heading: &'a str,
    no_result: &'a str,
    outcome: &'a str,
    field: &'a str,
    shown: &'a str,
    expected: &'a str,
    result: Option<ResultPart<'a>>,
    /// A summarised run: what its section leaves out.
    summarised: Option<String>,
}

/// A run's result, and for a summarised run (`summarised`) what its section leaves out.
fn write_result(
    out: &mut String,
    s: &ScenarioReport,
    lang: Lang,
    summarised: Option<String>,
) -> fmt::Result {
    let section = ResultSection {
        heading: lang.t(msg::RESULT),
        no_result: lang.t(msg::NO_RESULT),
        outcome: lang.t(msg::OUTCOME),
        field: lang.t(msg::FIELD),
        shown: lang.t(msg::SHOWN),
        expected: lang.t(msg::EXPECTED),
        result: s.result.as_ref().map(|result| ResultPart {
            outcome: outcome_html(result, lang),
            fields: fields(s, result, lang),
            with_expected: !s.expected_fields.is_empty(),
            text: result.text.as_deref().map(printable),
        }),
        summarised,
    };
    render(out, &section)
}

/// The result's fields, and beside each one the scenario named what it expected (with the
/// verdict of that expectation); a field expected but not shown gets its row too, so what is
/// missing shows where it belongs. A field's name is set as code by the style
/// (`table.fields td:first-child`), not a `<code>` each: a failed run shows twenty fields.
fn fields<'a>(s: &'a ScenarioReport, result: &'a RunResult, lang: Lang) -> Vec<FieldRow<'a>> {
    let expected = &s.expected_fields;
    let mut names: Vec<&str> = result
        .fields
        .keys()
        .map(String::as_str)
        .chain(expected.names())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let shown = result.fields.get(name).map_or_else(
                || Cell::Muted(lang.t(msg::NOT_SHOWN)),
                |v| Cell::Value(printable(v)),
            );
            let expected = expected.of(name).map(|want| {
                let id = ExpectedFields::check_id(name, want);
                let level = s
                    .expectations
                    .iter()
                    .find(|f| f.check == id)
                    .map(|f| f.level);
                let want = match want {
                    Expected::Value(v) => Cell::Value(printable(v)),
                    Expected::Shown => Cell::Muted(lang.t(msg::ANY_VALUE)),
                    Expected::Hidden => Cell::Muted(lang.t(msg::NOT_SHOWN)),
                };
                (
                    want,
                    level.map_or_else(String::new, class),
                    level.map_or_else(String::new, |l| badge(l, lang)),
                )
            });
            FieldRow {
                name,
                shown,
                expected,
            }
        })
        .collect()
}

/// `expectation`, `check` or `waiver`, in `lang`.
fn kind(f: &Finding, lang: Lang) -> &'static str {
    lang.t(
        if f.check.starts_with("expect.waivers.") || f.check.starts_with("expected-failures.") {
            msg::WAIVER
        } else if f.check.starts_with("expect.") {
            msg::EXPECTATION
        } else {
            msg::CHECK
        },
    )
}

/// A finding's reason cell (`templates/reason.html`).
#[derive(askama::Template)]
#[template(path = "reason.html")]
struct Reason<'a> {
    /// The rule the finding judged, in Japanese.
    rule: Option<String>,
    /// Whether the reason is worded in Japanese (else it is the English detail).
    translated: bool,
    /// The reason, its control characters shown.
    reason: String,
    rule_label: &'a str,
    detail: &'a str,
    detail_translated: &'a str,
}

/// A finding's reason cell: the reason as written (English evidence: APDUs, element names,
/// values); in Japanese under the rule it judged, the reason labelled as the English detail, or
/// worded in Japanese where the harness wrote it from facts (an expectation of this run).
fn reason_cell(s: &ScenarioReport, f: &Finding, lang: Lang) -> String {
    let rule = lang.rule_of(&f.check);
    let translated = rule.as_ref().and_then(|_| s.reason_in(f, lang));
    let cell = Reason {
        translated: translated.is_some(),
        reason: printable(translated.as_deref().unwrap_or(&f.reason)),
        rule,
        rule_label: lang.t(msg::RULE),
        detail: lang.t(msg::DETAIL),
        detail_translated: lang.t(msg::DETAIL_TRANSLATED),
    };
    // Rendering into a String cannot fail.
    askama::Template::render(&cell).expect("rendering into a String")
}

/// A part of a reference as the page shows it.
enum RefPart<'a> {
    Text(&'a str),
    /// `mynakit docs PAGE`: a command to type, not prose.
    Command(&'a str),
    Link(&'a str),
}

/// A reference (`templates/reference.html`).
#[derive(askama::Template)]
#[template(path = "reference.html")]
struct Reference<'a> {
    parts: Vec<RefPart<'a>>,
}

/// A reference as written, its first `https://` URL (up to a space) made a link, mynakit's own
/// pages cited as `mynakit docs PAGE` ([`docs_cited`](super::text::docs_cited)), a command
/// shown as code.
fn reference(text: &str) -> String {
    let text = &super::text::docs_cited(text);
    let mut parts = Vec::new();
    match text.find("https://") {
        None => commands(text, &mut parts),
        Some(at) => {
            let end = text[at..]
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
                .map_or(text.len(), |n| at + n);
            let url = text[at..end].trim_end_matches(['.', ',', ';', ':']);
            let end = at + url.len();
            commands(&text[..at], &mut parts);
            parts.push(RefPart::Link(url));
            commands(&text[end..], &mut parts);
        }
    }
    // Rendering into a String cannot fail.
    askama::Template::render(&Reference { parts }).expect("rendering into a String")
}

/// `text` in parts, each `mynakit docs PAGE` a [`RefPart::Command`].
fn commands<'a>(text: &'a str, parts: &mut Vec<RefPart<'a>>) {
    const COMMAND: &str = "mynakit docs ";
    let mut rest = text;
    while let Some(at) = rest.find(COMMAND) {
        let after = &rest[at + COMMAND.len()..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(after.len());
        parts.push(RefPart::Text(&rest[..at]));
        parts.push(RefPart::Command(&rest[at..at + COMMAND.len() + len]));
        rest = &after[len..];
    }
    parts.push(RefPart::Text(rest));
}

/// A terminal file of a run: its path, a line of what it is, and its text (their control
/// characters shown).
struct TerminalFile {
    path: String,
    about: String,
    text: String,
}

/// A レセコン scenario's terminal files (`templates/terminal_files.html`).
#[derive(askama::Template)]
#[template(path = "terminal_files.html")]
struct TerminalFiles<'a> {
    heading: &'a str,
    count: String,
    /// Open on screen: the run is not PASSED.
    open: bool,
    files: Vec<TerminalFile>,
}

/// A レセコン scenario's requests and results, each file folded (open on screen for a
/// scenario that is not PASSED; collapsed on paper).
fn write_terminal_files(out: &mut String, s: &ScenarioReport, lang: Lang) -> fmt::Result {
    if s.terminal_files.is_empty() {
        return Ok(());
    }
    let files = TerminalFiles {
        heading: lang.t(msg::TERMINAL_FILES),
        count: msg::terminal_files(lang, s.terminal_files.len()),
        open: s.level > Level::Skipped,
        files: s
            .terminal_files
            .iter()
            .map(|f| TerminalFile {
                path: printable(&f.path),
                about: msg::terminal_file(lang, f.size, &f.encoding, f.truncated),
                text: printable(&f.text),
            })
            .collect(),
    };
    render(out, &files)
}

/// A run's timeline, folded (`templates/timeline_box.html`).
#[derive(askama::Template)]
#[template(path = "timeline_box.html")]
struct TimelineBox<'a> {
    /// ` open`, ` data-open` (packed: the script opens it) or nothing.
    open: &'a str,
    heading: &'a str,
    count: String,
    not_printed: &'a str,
    /// The table, or its placeholder when packed (HTML).
    fold: String,
}

fn write_timeline(
    out: &mut String,
    s: &ScenarioReport,
    lang: Lang,
    folds: &mut Folds,
) -> fmt::Result {
    if s.timeline.is_empty() {
        return Ok(());
    }
    // Open where a person will want to read it; collapsed for passing scenarios. Packed, it
    // starts closed (without scripts it holds only a note) and the script opens it.
    let open = match (s.level > Level::Skipped, folds.packing()) {
        (false, _) => "",
        (true, false) => " open",
        (true, true) => " data-open",
    };
    let mut fold = String::new();
    folds.put(&mut fold, Fold::Timeline, timeline_table(s, lang)?)?;
    let timeline = TimelineBox {
        open,
        heading: lang.t(msg::TIMELINE),
        count: msg::events(lang, s.timeline.len()),
        not_printed: lang.t(msg::TIMELINE_NOT_PRINTED),
        fold,
    };
    render(out, &timeline)
}

/// A timeline's row: its index, its kind, its anchor (`<id>-ev-<index>`) as an id and as a
/// URL fragment, and its cells (HTML).
struct EventRow {
    index: usize,
    kind: &'static str,
    anchor: String,
    fragment: String,
    cells: String,
}

/// A timeline's table (`templates/timeline_table.html`).
#[derive(askama::Template)]
#[template(path = "timeline_table.html")]
struct TimelineTable<'a> {
    source: &'a str,
    event: &'a str,
    rows: Vec<EventRow>,
}

/// The timeline's table: a row per event, anchored (`<id>-ev-<index>`).
fn timeline_table(s: &ScenarioReport, lang: Lang) -> Result<String, fmt::Error> {
    let run = Run::new(&s.timeline);
    let mut rows = Vec::with_capacity(run.events.len());
    for (index, (event, step)) in run.events.iter().zip(&run.steps).enumerate() {
        let anchor = event_anchor(&s.id, index);
        let mut cells = String::new();
        write_event(&mut cells, event, step, lang, Some(&anchor))?;
        rows.push(EventRow {
            index,
            kind: event_kind(&event.kind),
            fragment: fragment(&anchor),
            anchor,
            cells,
        });
    }
    let table = TimelineTable {
        source: lang.t(msg::EVENT_SOURCE),
        event: lang.t(msg::EVENT),
        rows,
    };
    let mut out = String::new();
    render(&mut out, &table)?;
    Ok(out)
}

#[cfg(test)]
mod tests;
