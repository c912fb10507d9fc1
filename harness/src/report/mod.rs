//! Reports of a `mynakit run`: one [`RunReport`] holding a [`ScenarioReport`] per scenario,
//! written as JUnit XML for CI, as JSON with a versioned schema, and as one self-contained HTML
//! page a person reads (`docs/reports.md`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mynakit_conformance::{Finding, Level};
use mynakit_fixtures::output::{Folder, WriteError, WriteMode};
use mynakit_protocol::{BeyondRules, Capabilities, RuleSet, RunResult};
use mynakit_timeline::Event;
use serde::{Deserialize, Serialize};

mod apdu_figures;
mod attempts;
mod beyond;
pub mod causes;
pub mod detail;
pub mod diff;
mod expected_fields;
mod facts;
mod flake;
mod github;
mod html;
mod identity;
mod json;
mod junit;
pub mod lang;
mod merge;
pub mod published;
mod run_days;
#[cfg(test)]
mod sample;
pub mod schema;
mod setup_failure;
mod terminal_files;
pub mod untrusted;

pub use apdu_figures::ApduFigures;
pub use attempts::{combine as combine_attempts, Attempt};
pub(crate) use beyond::of_scenario as beyond_rules_of;
pub use beyond::RunBeyondRules;
pub use expected_fields::{Expected, ExpectedFields};
pub use facts::{Ended, Judged, NoteFacts};
pub use flake::Flake;
pub use github::{annotations, in_repository, load_annotations, step_summary, AnnotatedFile};
pub use html::{html, html_with};
pub use identity::{app_of, commit_line, tool, App, TOOL_COMMIT, UNKNOWN_COMMIT};
pub use json::{json, json_with};
pub use junit::{junit_xml, junit_xml_with, Classname};
pub use lang::Lang;
pub use merge::{merge_shards, overlay, MergeError};
pub use run_days::{rule_sets, starts as run_starts, DaySource, RuleSetDays, RunStart};
pub use setup_failure::{MisplacedArgument, SetupFailure, SetupFailureKind, SETUP_STDERR_LINES};
pub use terminal_files::TerminalFile;

/// Where `mynakit run` writes its reports unless `--report-dir` says otherwise.
pub const DEFAULT_REPORT_DIR: &str = "target/mynakit-report";
/// The JUnit XML report's file name in the report directory.
pub const JUNIT_FILE: &str = "report.xml";
/// The JSON report's file name in the report directory.
pub const JSON_FILE: &str = "report.json";
/// The most a report.json read back may hold (`claim check --run`, `report merge`, `run
/// --rerun-failed`), read through the bounded reader (`mynakit_fixtures::input`): far above a
/// run of every bundled scenario (a few MiB), so that a wrong path (`/dev/zero`, a FIFO, a
/// huge file) is refused at this size instead of filling memory (docs/security.md, "Files
/// mynakit reads").
pub const MAX_JSON_BYTES: u64 = 512 << 20;
/// The HTML report's file name in the report directory.
pub const HTML_FILE: &str = "report.html";

/// The version of the JSON report's schema; bumped on any incompatible change. 2: the level
/// `NOT-APPLICABLE`, and the rule set and declared capabilities of the run and of each scenario
/// (`docs/reports.md`).
pub const REPORT_SCHEMA_VERSION: u32 = 2;

/// A whole run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(title = "mynakit report.json")]
pub struct RunReport {
    /// [`REPORT_SCHEMA_VERSION`].
    pub schema: u32,
    /// `mynakit <version>`.
    pub tool: String,
    /// The git commit the tool was built from (hex), or `unknown` when its build could not tell
    /// (docs/reports.md, "Identity and traceability"); absent in reports of older versions.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tool_commit: String,
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    /// Wall time of the whole run, milliseconds.
    pub duration_ms: u64,
    /// The client command (`reference client (in-process)` for the built-in one).
    pub client: String,
    /// The card transport: `pcscd` or `in-process`.
    pub transport: String,
    /// SHA-256 (hex) over the scenario files run, in id order: id, NUL, file bytes, NUL.
    pub scenario_set_digest: String,
    /// The rule set of scenarios that name none (`--rules`, else the newest the declaration
    /// names, else the newest there is; a declaration in `hello` may change it per scenario).
    #[serde(default)]
    pub rules: RuleSet,
    /// Every rule set mynakit knows: its name, as `rules` writes it, and its first day (the
    /// first set is named `2021-04-01` and in force from 2021-03-04; docs/rules.md). Absent in
    /// reports of older versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_sets: Vec<RuleSetDays>,
    /// Each dated start's first day as the run used it, and where it came from (its own,
    /// `--began`, `MYNAKIT_BEGAN`; docs/rules.md, "Setting a start's day"). Absent in reports of
    /// older versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub starts: Vec<RunStart>,
    /// The client's declared capabilities known before the run (the `--capabilities` file, or
    /// the built-in client's own); absent = none declared before the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Capabilities")]
    pub capabilities: Option<Capabilities>,
    /// The app under test as it names itself in `hello` (the first scenario's, in id order;
    /// a scenario whose `hello` differs shows its own); absent when no client said `hello`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<App>,
    /// The `--expected-failures` file the run applied, as given; absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_failures: Option<String>,
    /// Whether a stale waiver FAILED the scenario (`--strict-waivers`) rather than warned.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict_waivers: bool,
    /// Each scenario file's YAML as run, by the scenario's id (a scenario's runs in several
    /// modes share one entry: `ScenarioReport::scenario`), with the scenario's PINs and
    /// passwords replaced by `<redacted>` (docs/reports.md, "The scenario files").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scenario_yaml: BTreeMap<String, String>,
    /// One entry per scenario, in the order run (sorted by id).
    pub scenarios: Vec<ScenarioReport>,
    /// The scenarios whose day is beyond mynakit's rules (more than a year after the newest rule
    /// it knows; each scenario's `beyond_rules`), summed up: their verdicts may be out of date
    /// (docs/reports.md, "Beyond the newest rule"). Absent when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beyond_rules: Option<RunBeyondRules>,
    /// `mynakit run --as-of DAY`: the day every scenario was moved to, and those that ran on
    /// their own day and why (docs/rules.md, "Running on another day"). Absent: each scenario
    /// ran on its own clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<crate::scenario::as_of::AsOfRun>,
    /// The signal that stopped the run (`SIGINT`, `SIGTERM`), when it was stopped: then
    /// `scenarios` holds only those that started, the ones cut short SKIPPED with a note, and
    /// the run does not pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<String>,
    /// The run's own error when its client could not run at all (docs/client-protocol.md,
    /// "When the client cannot start"): the run stopped, the scenario runs that ended that way
    /// are SKIPPED, and the run does not pass. Absent when the client ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_failure: Option<SetupFailure>,
    /// `--max-failures N`: the run stopped starting scenarios once N had FAILED; the ones not
    /// started are not listed. Absent when the run was not stopped so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_failures: Option<u64>,
    /// `run --json-detail problems`: this report.json is the smaller form (docs/reports.md,
    /// "Sizes"): the runs that PASSED or are NOT-APPLICABLE (and not FLAKY) have an empty
    /// `timeline`, no `terminal_files` or `stderr`, and only the findings worse than SKIPPED
    /// (waived ones) in `expectations` and `checks`; `scenario_yaml` holds only the files of
    /// the other runs. Absent: complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<detail::Detail>,
}

/// One scenario's verdict and everything that explains it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScenarioReport {
    /// The verdict's name: the scenario id, or `id[mode]` for its run in a mode other than its
    /// own (`docs/scenarios.md`, "Modes").
    pub id: String,
    /// The id of the scenario (file) this run comes from; absent in reports written before
    /// runs per mode existed (read as `id`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scenario: String,
    /// The confirmation mode of this run (`pin`, `visual`, `face`, `insurance-card`, `bulk`,
    /// `drug-info`), or `none` for a plain program that speaks no client protocol; absent in
    /// reports written before runs per mode existed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mode: String,
    /// Its title.
    pub title: String,
    /// Its title in Japanese (the scenario's `title_ja`), kept in memory only, as `note_facts`
    /// is: report.html shows it under `--lang ja`; report.json keeps `title` alone, so a report
    /// read back from it (`report merge`) shows the English title.
    #[serde(skip)]
    pub title_ja: Option<String>,
    /// The file it came from (as given on the command line, or relative to the bundled set).
    pub file: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Where the required behaviour comes from (the scenario's `references:`): a `docs/` page,
    /// a seed document, an MHLW notice, a check's public source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// Its references in Japanese (the scenario's `references_ja`), kept in memory only, as
    /// `title_ja` is: report.html shows them under `--lang ja`; report.json keeps `references`
    /// alone.
    #[serde(skip)]
    pub references_ja: Vec<String>,
    /// The app under test as its `hello` named it; absent when the client said no `hello`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<App>,
    /// The verdict: the worst level among `expectations` and `checks` (waived findings
    /// excluded), or SKIPPED when it did not run.
    pub level: Level,
    /// Why it was skipped, could not run (set up failed) or is NOT-APPLICABLE, if so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The facts `note` was written from, when the harness wrote it from facts (why the
    /// scenario is NOT-APPLICABLE, a run cut short), kept in memory only: the table and
    /// report.html word them in the reader's language, while report.json keeps the English
    /// `note` that tools read. Absent in a report read back from report.json (`report merge`),
    /// which then shows `note` as it is.
    #[serde(skip)]
    pub note_facts: Option<NoteFacts>,
    /// The rule set it was judged by (`docs/rules.md`).
    #[serde(default)]
    pub rules: RuleSet,
    /// Set when the scenario's day (`given.clock`) is more than a year after the newest rule
    /// mynakit knows: it was judged by the newest rules all the same, which may be out of date
    /// (docs/reports.md, "Beyond the newest rule"). Absent within a year (the default clock).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beyond_rules: Option<BeyondRules>,
    /// The client's declared capabilities it was judged by (the file, the built-in client's,
    /// or its `hello`); absent = none declared: a card app with the pin, visual and face modes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Capabilities")]
    pub capabilities: Option<Capabilities>,
    /// `faults.seed`.
    pub seed: u64,
    /// The run id (`MYNAKIT_RUN_ID`).
    pub run_id: String,
    /// Wall time, milliseconds.
    pub duration_ms: u64,
    /// The client's final result (absent when it did not run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "RunResult")]
    pub result: Option<RunResult>,
    /// How the client process ended (`exit 0`, `signal 9`, `in-process`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit: Option<String>,
    /// What the scenario expected of the result's fields (`expect.fields`, `expect.shown`,
    /// `expect.hidden`), shown beside the result in the HTML and print views; absent when it
    /// expected nothing of them.
    #[serde(default, skip_serializing_if = "ExpectedFields::is_empty")]
    pub expected_fields: ExpectedFields,
    /// Each `expect` item judged: `expect.outcome`, `expect.fields.Name`,
    /// `expect.cards.employee.pins.auth`, ….
    pub expectations: Vec<Finding>,
    /// The facts each expectation's reason was written from, by its id, kept in memory only
    /// (as `note_facts`): the reports word them in the reader's language, report.json keeps the
    /// English reason.
    #[serde(skip)]
    pub judged: BTreeMap<String, Judged>,
    /// Every conformance check judged (ids from `mynakit_conformance::CHECKS`).
    pub checks: Vec<Finding>,
    /// Waived check ids and the reason: the scenario's `expect.waivers` and the
    /// `--expected-failures` file's entries (their reason ends `[expected-failures]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub waived: BTreeMap<String, String>,
    /// The waived check ids that did not fail: stale waivers, each also a finding in
    /// `expectations` (`expect.waivers.<id>` or `expected-failures.<id>`, reason `stale: …`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stale: Vec<String>,
    /// The timeline: APDUs, reader events, HTTP, files, protocol lines (PINs redacted), each
    /// one of docs/timeline.md's JSON lines; an event's index in this array is what findings'
    /// `events` cite.
    pub timeline: Vec<Event>,
    /// The APDU-efficiency figures of the timeline (docs/reports.md, "APDU efficiency");
    /// absent when it holds no APDU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apdu: Option<ApduFigures>,
    /// For a scenario with a terminal (a レセコン's): each request read and each result and
    /// face file written, as text, secrets redacted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terminal_files: Vec<TerminalFile>,
    /// The client's stderr as captured (truncated at 64 KiB).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stderr: String,
    /// `--repeat N`: every attempt in the order they ran, this report being the worst one's
    /// (docs/reports.md, "Repeated runs and flaky scenarios"); absent when it ran once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attempts: Vec<Attempt>,
    /// Set when its attempts' levels differ: FLAKY. `level` is still the worst attempt's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flaky: bool,
    /// For a FLAKY scenario: where its attempts' timelines part and whose act that was
    /// (docs/reports.md, "Whose flake"). Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flake: Option<Flake>,
    /// The run's problems grouped by the act of the client they follow from, worst first
    /// (docs/reports.md, "Causes and consequences"): each group names the finding that says
    /// what the client did and the findings that follow from it, by check id. Every finding
    /// stays in `expectations` and `checks`; absent when the run has no problems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<causes::CauseGroup>,
    /// The id of an earlier run of the same scenario (another mode) whose causes are the same
    /// checks with the same words: the two fail the same way and the failures table shows them
    /// as one row. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
}

impl RunReport {
    /// How many scenarios ended at each level.
    pub fn counts(&self) -> BTreeMap<Level, usize> {
        let mut counts = BTreeMap::new();
        for s in &self.scenarios {
            *counts.entry(s.level).or_insert(0) += 1;
        }
        counts
    }

    /// Whether the run passes: it was not interrupted, its client could start, and no scenario
    /// FAILED. (WARNING and REVIEW do not fail a run; SKIPPED and NOT-APPLICABLE do not either,
    /// but are shown and never count as PASSED.)
    pub fn passed(&self) -> bool {
        self.interrupted.is_none()
            && self.setup_failure.is_none()
            && self.scenarios.iter().all(|s| s.level != Level::Failed)
    }
}

/// A run's mode as reports write it: `visual`, or for a plain program `none (a plain program
/// that speaks no client protocol)`.
pub(crate) fn mode_line(s: &ScenarioReport) -> String {
    mode_line_in(s, Lang::En)
}

/// [`mode_line`] in `lang` (the mode's name is the scenario format's word in both).
pub(crate) fn mode_line_in(s: &ScenarioReport, lang: Lang) -> String {
    if s.mode == crate::scenario::modes::NO_MODE {
        let what = match lang {
            Lang::En => "a plain program that speaks no client protocol",
            Lang::Ja => "クライアントプロトコルを使わない単独のプログラム",
        };
        format!("{} ({what})", s.mode)
    } else {
        s.mode.clone()
    }
}

impl ScenarioReport {
    /// The id of the scenario file this run comes from: `scenario`, or `id` in reports written
    /// before runs per mode existed.
    pub fn scenario_id(&self) -> &str {
        if self.scenario.is_empty() {
            &self.id
        } else {
            &self.scenario
        }
    }

    /// Sets the note from its facts: report.json's `note` in English, the facts kept for the
    /// reports' language ([`ScenarioReport::note_in`]).
    pub fn set_note(&mut self, facts: NoteFacts) {
        self.note = Some(lang::msg::note(Lang::En, &facts));
        self.note_facts = Some(facts);
    }

    /// The title as people read it in `lang`: `title_ja` in Japanese when the scenario has
    /// one, `title` otherwise.
    pub fn title_in(&self, lang: Lang) -> &str {
        match (lang, &self.title_ja) {
            (Lang::Ja, Some(title)) => title,
            _ => &self.title,
        }
    }

    /// The references as people read them in `lang`: `references_ja` in Japanese when the
    /// scenario has them, `references` otherwise.
    pub fn references_in(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Ja if !self.references_ja.is_empty() => &self.references_ja,
            _ => &self.references,
        }
    }

    /// The note as people read it in `lang`: worded from its facts when they are known,
    /// otherwise `note` as written (a cause from elsewhere, or a report read back from JSON).
    pub fn note_in(&self, lang: Lang) -> Option<std::borrow::Cow<'_, str>> {
        match (&self.note_facts, lang) {
            (Some(facts), Lang::Ja) => Some(lang::msg::note(lang, facts).into()),
            _ => self.note.as_deref().map(Into::into),
        }
    }

    /// A finding's reason in `lang` when `lang` is not English: worded from its facts when they
    /// are known (an expectation of this run), else the check's own Japanese (`reason_ja`,
    /// kept in `report.json`, so a merged report reads alike); `None` otherwise: the reason as
    /// written.
    pub fn reason_in(&self, f: &Finding, lang: Lang) -> Option<String> {
        match lang {
            Lang::En => None,
            Lang::Ja => self
                .judged
                .get(&f.check)
                .map(|j| lang::msg::judged(lang, j))
                .or_else(|| f.reason_ja.clone()),
        }
    }

    /// Whether the scenario waives check (or expectation) `id`.
    pub fn is_waived(&self, id: &str) -> bool {
        self.waived.contains_key(id)
    }

    /// Every finding, expectations first, then checks.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.expectations.iter().chain(&self.checks)
    }

    /// The findings that make the verdict: not waived and worse than SKIPPED (FAILED, WARNING,
    /// REVIEW), worst first, expectations before checks within a level.
    pub fn problems(&self) -> Vec<&Finding> {
        let mut problems: Vec<&Finding> = self
            .findings()
            .filter(|f| f.level > Level::Skipped && !self.is_waived(&f.check))
            .collect();
        problems.sort_by_key(|f| std::cmp::Reverse(f.level));
        problems
    }
}

/// Writes the three reports into `dir` (created if missing): [`JUNIT_FILE`] ([`junit_xml`]),
/// [`JSON_FILE`] ([`json()`]) and [`HTML_FILE`] ([`html()`], in `lang`: the JSON and the JUnit
/// XML are for tools and the same in every language). Returns their paths in that order.
/// Written as every file mynakit writes ([`mynakit_fixtures::output`]): a symlink planted at
/// `dir` or at a report's name is refused, and what it points to is left alone.
///
/// # Errors
///
/// [`WriteError`] naming the path.
pub fn write_all(report: &RunReport, dir: &Path, lang: Lang) -> Result<Vec<PathBuf>, WriteError> {
    write_all_with(report, dir, lang, WriteOptions::default())
}

/// How [`write_all_with`] shapes the reports (`run --html-detail`, `--json-detail`,
/// `--junit-classname`; docs/reports.md, "Sizes").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteOptions {
    /// report.html's detail: the runs that passed summarised by default.
    pub html: detail::Detail,
    /// report.json's detail: complete by default.
    pub json: detail::Detail,
    /// report.xml's test case classnames: `mynakit.scenarios` by default.
    pub junit_classname: Classname,
}

impl Default for WriteOptions {
    fn default() -> WriteOptions {
        WriteOptions {
            html: detail::HTML_DEFAULT,
            json: detail::JSON_DEFAULT,
            junit_classname: Classname::Scenarios,
        }
    }
}

/// [`write_all`] shaped by `options`.
///
/// # Errors
///
/// [`WriteError`] naming the path.
pub fn write_all_with(
    report: &RunReport,
    dir: &Path,
    lang: Lang,
    options: WriteOptions,
) -> Result<Vec<PathBuf>, WriteError> {
    let folder = Folder::create(dir)?;
    let files = [
        (JUNIT_FILE, junit_xml_with(report, options.junit_classname)),
        (JSON_FILE, json_with(report, options.json)),
        (HTML_FILE, html_with(report, lang, options.html)),
    ];
    let mut paths = Vec::with_capacity(files.len());
    for (name, text) in files {
        paths.push(folder.write(name, text.as_bytes(), WriteMode::Replace)?);
    }
    Ok(paths)
}

/// Checks, before a run, that [`write_all`] can write into `dir`: creates it if missing,
/// refuses a symlink (or anything but a file) at its place or at a report's name, and makes
/// (and removes) a file in it, so that a read-only folder is said before the first scenario.
///
/// # Errors
///
/// [`WriteError`] naming the path.
pub fn check_target(dir: &Path) -> Result<(), WriteError> {
    let folder = Folder::create(dir)?;
    for name in [JUNIT_FILE, JSON_FILE, HTML_FILE] {
        folder.check_file(name)?;
    }
    folder.check_writable()
}

/// A level as reports spell it: `PASSED`, `FAILED`, … (the JSON spelling).
pub fn level_name(level: Level) -> &'static str {
    match level {
        Level::Passed => "PASSED",
        Level::NotApplicable => "NOT-APPLICABLE",
        Level::Skipped => "SKIPPED",
        Level::Review => "REVIEW",
        Level::Warning => "WARNING",
        Level::Failed => "FAILED",
    }
}

/// The result in one line for people: `pin-incorrect`, `timeout (no result within 60000 ms)`,
/// `crashed (exited with code 1 without a result)`, ….
pub(crate) fn outcome_line(result: &RunResult) -> String {
    outcome_line_in(result, Lang::En)
}

/// [`outcome_line`] in `lang`: the outcome is the protocol's word in English (`eligible`) and
/// its name in Japanese (`資格有効`, [`Lang::outcome`]); what the harness says of how it came
/// is translated.
pub(crate) fn outcome_line_in(result: &RunResult, lang: Lang) -> String {
    use mynakit_protocol::ResultOrigin;
    let outcome = lang.outcome(result.outcome);
    let how = match (&result.origin, lang) {
        (ResultOrigin::Client, _) => return outcome.to_owned(),
        (ResultOrigin::Manual, Lang::En) => "reported by a person".to_owned(),
        (ResultOrigin::Manual, Lang::Ja) => "人が報告".to_owned(),
        (ResultOrigin::Timeout { after_ms }, Lang::En) => {
            format!("no result within {after_ms} ms")
        }
        (ResultOrigin::Timeout { after_ms }, Lang::Ja) => format!("{after_ms} ms 以内に結果なし"),
        (ResultOrigin::Exited { code, signal }, Lang::En) => match (code, signal) {
            (_, Some(signal)) => format!("killed by signal {signal} without a result"),
            (Some(code), None) => format!("exited with code {code} without a result"),
            (None, None) => "exited without a result".to_owned(),
        },
        (ResultOrigin::Exited { code, signal }, Lang::Ja) => match (code, signal) {
            (_, Some(signal)) => format!("結果なしにシグナル {signal} で終了"),
            (Some(code), None) => format!("結果なしに終了コード {code} で終了"),
            (None, None) => "結果なしに終了".to_owned(),
        },
        (ResultOrigin::ProtocolError { error }, Lang::En) => format!("protocol error: {error}"),
        (ResultOrigin::ProtocolError { error }, Lang::Ja) => {
            format!("プロトコルエラー: {error}")
        }
    };
    format!("{outcome} ({how})")
}

/// Levels worst first: the order reports list them in.
pub(crate) const LEVELS_WORST_FIRST: [Level; 6] = [
    Level::Failed,
    Level::Warning,
    Level::Review,
    Level::Skipped,
    Level::NotApplicable,
    Level::Passed,
];

/// A duration in milliseconds for people: `850 ms`, `12.345 s`.
pub(crate) fn human_ms(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{}.{:03} s", ms / 1000, ms % 1000)
    }
}

/// Text a client wrote for a terminal, made fit for a document: ANSI escape sequences (colours,
/// cursor moves) removed, `\r\n` made `\n`, and other control characters except tab and newline
/// shown as `\u{..}` (XML 1.0 cannot carry them at all), as are bidirectional overrides.
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // CSI: ESC [ parameters… final byte (0x40..=0x7E); other escapes: ESC + one char.
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for c in chars.by_ref() {
                        if ('\u{40}'..='\u{7e}').contains(&c) {
                            break;
                        }
                    }
                } else {
                    chars.next();
                }
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\t' | '\n' => out.push(c),
            // U+FFFE and U+FFFF are not XML characters either; a bidirectional override
            // would reorder what is read (`untrusted`).
            c if c.is_control()
                || c == '\u{fffe}'
                || c == '\u{ffff}'
                || untrusted::is_bidi_control(c) =>
            {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn write_all_writes_the_three_reports_into_a_new_directory() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a").join("b");
        let report = sample::report();
        let paths = write_all(&report, &target, Lang::En).unwrap();
        let names: Vec<_> = paths
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["report.xml", "report.json", "report.html"]);
        for path in &paths {
            assert!(path.starts_with(&target));
            assert!(std::fs::metadata(path).unwrap().len() > 100, "{path:?}");
        }
        let back: RunReport =
            serde_json::from_str(&std::fs::read_to_string(&paths[1]).unwrap()).unwrap();
        // Complete, with the grouping worked out as it was written.
        assert_eq!(back, causes::annotated(&report));
    }

    #[test]
    fn problems_leave_out_waived_and_passed_findings_worst_first() {
        let report = sample::report();
        let failed = &report.scenarios[1];
        let ids: Vec<_> = failed.problems().iter().map(|f| f.check.as_str()).collect();
        assert_eq!(
            ids,
            ["expect.outcome", "PIN-blocked-stop", "UI-slow-display"]
        );
    }

    #[test]
    fn printable_drops_colours_and_shows_other_controls() {
        assert_eq!(
            printable("\u{1b}[31merror\u{1b}[0m: bad\r\nnext\u{7}\tend"),
            "error: bad\nnext\\u{7}\tend"
        );
        assert_eq!(printable("試験　三郎 <&>"), "試験　三郎 <&>");
    }

    #[test]
    fn levels_are_named_as_in_json() {
        for level in LEVELS_WORST_FIRST {
            assert_eq!(
                serde_json::to_value(level).unwrap(),
                serde_json::Value::from(level_name(level))
            );
        }
    }
}
