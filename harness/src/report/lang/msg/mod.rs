//! The message catalogue: every phrase mynakit shows people in its reports and in `mynakit
//! run`'s output, with its English and its Japanese side by side, so that a translator reads
//! and mends one file. A phrase is a [`Msg`] constant; a sentence that holds figures is a
//! function of the language here too, so that its word order can follow each language.
//!
//! Terms are used consistently in Japanese (the list is in docs/reports.md, "Japanese"):
//! 判定 (verdict), 合格・不合格・警告・要確認・未実施・対象外 (the levels), 判定項目 (finding),
//! 規則 (a check's rule), 規則の版 (the rule set), 期待値 (an expectation of the scenario),
//! チェック (a conformance check), 免除 (a waiver), 詳細 (a finding's reason).

use std::collections::BTreeMap;

use mynakit_conformance::Level;
use mynakit_protocol::BeyondRules;

use super::Lang;

mod attempts;
pub use attempts::{attempts, flake};
mod claim;
mod diff;
pub use diff::{
    diff_summary, DiffCounts, ADDED, AFTER, BEFORE, CHANGE, COMPARING_REPORTS, DIFF_TITLE, FIXED,
    MOVED, NEW_FAILURE, NO_VERDICT_CHANGED, REMOVED,
};
mod flags;
pub use claim::{claim_consistent, claim_file_read, claim_problem, claim_problems, claim_scope};
mod found;
pub mod help;
mod load;
pub mod timeline;
pub use flags::{flag_error, known_tags, see_help, unknown_defect, unknown_tag, FlagError};
use found::claimed;
pub use found::{judged, note, unclaimed};
pub use load::{load_errors_counted, load_message, scenarios_valid};
mod recap;
pub use recap::{
    cause_label, outcome_cause, recap_cause, recap_heading, recap_more, recap_open, runs,
};
mod setup;
pub mod suites;
pub use setup::{max_failures_reached, setup_failure};
mod tools;
pub use tools::{
    card_failed, cards_exposed, cards_listening, cards_token, ci_file, compare_total, control_line,
    evidence_intact, evidence_not_intact, face_result, fixtures_checked, fixtures_generated,
    fuzz_failed, fuzz_start, fuzz_summary, imported, init_next, init_next_starter, init_pinned,
    init_starter_setup, no_answer_within, not_imported, not_sent, nothing_to_fuzz, pcsc_env,
    pin_card, pin_prompt, reader_empty, reader_pin_pad, reader_state, recorded_apdus, recording,
    relay_exposed, relay_line, replaced_personal_data, serve_running, service_data,
    service_endpoints, step_differs, step_failed, terminal_served, terminal_watching,
    trace_written, vpcd_exposed, wine_root, wrote, wrote_script, CTRL_C_OR_SIGTERM_TO_STOP,
    CTRL_C_TO_STOP, CTRL_C_TO_STOP_AND_WRITE, FUZZ_INTERRUPTED, PERSONA_OR_READER,
    SIGNATURES_OPTIONAL, SIGNATURES_REQUIRED,
};

/// One phrase in both languages.
#[derive(Clone, Copy, Debug)]
pub struct Msg {
    /// The English text (what mynakit printed before it spoke Japanese).
    pub en: &'static str,
    /// The Japanese text.
    pub ja: &'static str,
}

const fn m(en: &'static str, ja: &'static str) -> Msg {
    Msg { en, ja }
}

// The result table of `mynakit run`, and the words the reports share.
/// The app row.
pub const APP: Msg = m("app", "アプリ");
/// A scenario (a column's heading).
pub const SCENARIO: Msg = m("scenario", "シナリオ");
/// A scenario's verdict (a column's heading).
pub const VERDICT: Msg = m("verdict", "判定");
/// The rule set a scenario was judged by (a column's heading).
pub const RULES: Msg = m("rules", "規則の版");
/// The client's result (a column's heading).
pub const OUTCOME: Msg = m("outcome", "結果");
/// The declared capabilities.
pub const CAPABILITIES: Msg = m("capabilities", "宣言された機能");
/// No capabilities were declared before the run.
pub const NONE_DECLARED_BEFORE: Msg = m("none declared before the run", "実行前の宣言なし");
/// A scenario's capabilities: none declared.
pub const NONE_DECLARED: Msg = m("none declared", "宣言なし");
/// The rule set applies to scenarios that name none.
pub const FOR_SCENARIOS_THAT_NAME_NONE: Msg = m(
    "for scenarios that name none",
    "規則の版を指定しないシナリオに適用",
);
/// The dated starts' first days the run judged by (the HTML report's header).
pub const STARTS: Msg = m("dated starts", "開始日");
/// The suite judged by (docs/suites.md).
pub const SUITE: Msg = m("suite", "判定の版 (suite)");
/// The newest suite, in the suite's row.
pub const NEWEST_SUITE: Msg = m("the newest", "最新");

/// A rule set's name, and its first day where that differs (`2021-04-01 (in force from
/// 2021-03-04)`; docs/rules.md, "The rule sets").
pub fn rule_set(lang: Lang, rules: mynakit_protocol::RuleSet) -> String {
    if rules.name() == rules.date() {
        return rules.name().to_owned();
    }
    match lang {
        Lang::En => format!("{} (in force from {})", rules.name(), rules.date()),
        Lang::Ja => format!("{}（{} から施行）", rules.name(), rules.date()),
    }
}

/// The run's dated starts, `name first_day (where the day came from)`, `; ` between them
/// (docs/reports.md, "The run").
pub fn run_starts(lang: Lang, starts: &[crate::report::run_days::RunStart]) -> String {
    use crate::report::run_days::DaySource;
    let one = |s: &crate::report::run_days::RunStart| {
        let own = s.own_first_day.as_deref().unwrap_or_default();
        let from = match (lang, s.source) {
            (Lang::En, DaySource::Default) => "its own".to_owned(),
            (Lang::En, DaySource::Flag) => format!("--began; its own {own}"),
            (Lang::En, DaySource::Env) => format!("MYNAKIT_BEGAN; its own {own}"),
            (Lang::Ja, DaySource::Default) => "既定".to_owned(),
            (Lang::Ja, DaySource::Flag) => format!("--began で設定、既定は {own}"),
            (Lang::Ja, DaySource::Env) => format!("MYNAKIT_BEGAN で設定、既定は {own}"),
        };
        match lang {
            Lang::En => format!("{} {} ({from})", s.name, s.first_day),
            Lang::Ja => format!("{} {}（{from}）", s.name, s.first_day),
        }
    };
    let sep = match lang {
        Lang::En => "; ",
        Lang::Ja => "、",
    };
    starts.iter().map(one).collect::<Vec<_>>().join(sep)
}

/// Capabilities the client declared in its `hello`.
pub const DECLARED_IN_HELLO: Msg = m("declared in hello", "hello で宣言");
/// The label of a finding's requirement, in Japanese only (English shows the reason alone).
pub const RULE: Msg = m("rule", "規則");
/// The label of a finding's reason where it is shown under its rule: the English evidence.
pub const DETAIL: Msg = m("detail", "詳細 (英語)");
/// The label of a finding's reason under its rule where the harness worded it in the reader's
/// language (an expectation of this run).
pub const DETAIL_TRANSLATED: Msg = m("detail", "詳細");
/// Where a report was written.
pub const REPORT: Msg = m("report", "レポート");
/// A client ended with a protocol error.
pub const PROTOCOL_ERROR: Msg = m("protocol error", "プロトコルエラー");
/// A client crashed.
pub const CRASHED: Msg = m("crashed", "異常終了");
/// How a process ended, when nothing else is known.
pub const ENDED: Msg = m("ended", "終了");
/// The last line of a client's stderr.
pub const LAST_STDERR_LINE: Msg = m("last stderr line", "stderr の最後の行");
/// A client wrote nothing on stderr.
pub const NOTHING_ON_STDERR: Msg = m("nothing on stderr", "stderr への出力なし");

// The HTML report and its print view.
/// The page's title and heading.
pub const MYNAKIT_REPORT: Msg = m("mynakit report", "mynakit 試験レポート");
/// No client said `hello`.
pub const NO_HELLO: Msg = m("no client said hello", "hello を送ったクライアントなし");
/// Header rows.
pub const TOOL: Msg = m("tool", "ツール");
/// Header row: the tool's commit.
pub const TOOL_COMMIT: Msg = m("tool commit", "ツールのコミット");
/// Header row: when the run started.
pub const STARTED_AT: Msg = m("started at", "開始日時");
/// Header row, and a column: how long it took.
pub const DURATION: Msg = m("duration", "所要時間");
/// Header row: the client command.
pub const CLIENT: Msg = m("client", "クライアント");
/// Header row: the card transport.
pub const TRANSPORT: Msg = m("transport", "カードの接続");
/// Header row: the digest of the scenario files.
pub const SCENARIO_SET: Msg = m("scenario set", "シナリオ一式");
/// Header row: the schema version of report.json.
pub const REPORT_SCHEMA: Msg = m("report schema", "レポートのスキーマ");
/// Header row: the expected-failures file.
pub const EXPECTED_FAILURES: Msg = m("expected failures", "既知の不合格");
/// With `--strict-waivers`.
pub const STRICT_WAIVERS: Msg = m(
    " (stale waivers FAIL: --strict-waivers)",
    " (古い免除は不合格: --strict-waivers)",
);
/// The summary's heading.
pub const SUMMARY: Msg = m("Summary", "概要");
/// The explanation beside the counts.
pub const COUNTS_NOTE: Msg = m(
    "REVIEW: needs a person's look. A scenario's verdict is the worst level of its findings.",
    "要確認: 人による確認が必要。シナリオの判定は、その判定項目のうち最も悪いもの。",
);
/// The summary's search box.
pub const SEARCH_PLACEHOLDER: Msg = m(
    "search scenarios, checks, outcomes",
    "シナリオ・チェック・結果を検索",
);
/// The search box's accessible name.
pub const SEARCH: Msg = m("search", "検索");
/// How many rows the filter shows; `{n}` is the number (filled in by the page's script).
pub const N_SHOWN: Msg = m("{n} shown", "{n} 件を表示");
/// Summary column: a scenario's title.
pub const TITLE: Msg = m("title", "表題");
/// Summary column: its problems.
pub const PROBLEMS: Msg = m("problems", "問題点");
/// Waived checks, after their number.
pub const WAIVED: Msg = m("waived", "件免除");
/// The section of every problem of the run.
pub const FAILURES_AND_WARNINGS: Msg = m("Failures and warnings", "不合格・警告・要確認の一覧");
/// No problem anywhere.
pub const NO_PROBLEM_ANYWHERE: Msg = m(
    "No FAILED, WARNING or REVIEW finding in any scenario.",
    "どのシナリオにも不合格・警告・要確認の判定項目はありません。",
);
/// No problem in a scenario.
pub const NO_PROBLEM: Msg = m(
    "No FAILED, WARNING or REVIEW finding.",
    "不合格・警告・要確認の判定項目はありません。",
);
/// A finding's level (a column).
pub const LEVEL: Msg = m("level", "判定");
/// What a finding judged (a column).
pub const EXPECTATION_OR_CHECK: Msg = m("expectation / check", "期待値 / チェック");
/// A finding's reason (a column).
pub const REASON: Msg = m("reason", "理由");
/// The events a finding cites (a column).
pub const EVENTS: Msg = m("events", "イベント");
/// A finding of an expectation.
pub const EXPECTATION: Msg = m("expectation", "期待値");
/// A finding of a conformance check.
pub const CHECK: Msg = m("check", "チェック");
/// A finding of a stale waiver.
pub const WAIVER: Msg = m("waiver", "免除");
/// The public source of a check.
pub const SOURCE: Msg = m("source", "出典");
/// A cited event printed above.
pub const AS_PRINTED_ABOVE: Msg = m("as printed above", "上に記載");
/// A scenario's rows.
pub const FILE: Msg = m("file", "ファイル");
/// The run's mode.
pub const MODE: Msg = m("mode", "モード");
/// The scenario's tags.
pub const TAGS: Msg = m("tags", "タグ");
/// The run id.
pub const RUN: Msg = m("run", "実行ID");
/// The seed of the faults.
pub const SEED: Msg = m("seed", "シード");
/// The scenario's references.
pub const REFERENCES: Msg = m("references", "参照");
/// How the client process ended.
pub const CLIENT_PROCESS: Msg = m("client process", "クライアントの終了");
/// The client's stderr.
pub const CLIENT_STDERR: Msg = m("Client stderr", "クライアントの stderr");
/// Lines, after their number.
pub const LINES: Msg = m("lines", "行");
/// Back to the summary.
pub const BACK_TO_SUMMARY: Msg = m("↑ summary", "↑ 概要へ");
/// The result's heading.
pub const RESULT: Msg = m("Result", "結果");
/// The client did not run.
pub const NO_RESULT: Msg = m(
    "No result: the client did not run.",
    "結果なし: クライアントは実行されませんでした。",
);
/// The result's fields: columns.
pub const FIELD: Msg = m("field", "項目");
/// What the client showed.
pub const SHOWN: Msg = m("shown", "表示");
/// What the scenario expected.
pub const EXPECTED: Msg = m("expected", "期待値");
/// A field the client did not show.
pub const NOT_SHOWN: Msg = m("not shown", "表示なし");
/// Any value is expected.
pub const ANY_VALUE: Msg = m("any value", "任意の値");
/// The findings' heading.
pub const FINDINGS: Msg = m("Findings", "判定項目");
/// The waivers' heading.
pub const WAIVERS: Msg = m("Waivers", "免除");
/// What was found, for a waived check.
pub const FOUND: Msg = m("found", "判定");
/// Why a waiver is accepted.
pub const WHY_ACCEPTED: Msg = m("the reason it is accepted", "免除の理由");
/// A waived check that was not judged.
pub const NOT_JUDGED: Msg = m("not judged", "判定なし");
/// A stale waiver.
pub const STALE: Msg = m("stale", "古い免除");
/// The scenario file's fold.
pub const SCENARIO_FILE: Msg = m("Scenario file", "シナリオファイル");
/// What the scenario file is.
pub const YAML_AS_RUN: Msg = m(
    "(YAML as run, PINs and passwords redacted)",
    "(実行したYAML、暗証番号とパスワードは伏せ字)",
);
/// The scenario file is shown in another section.
pub const SHOWN_WITH: Msg = m("shown with", "掲載先:");
/// The terminal files' heading.
pub const TERMINAL_FILES: Msg = m("Terminal files", "端末のファイル");
/// The timeline's heading.
pub const TIMELINE: Msg = m("Timeline", "タイムライン");
/// The timeline is not printed.
pub const TIMELINE_NOT_PRINTED: Msg = m(
    " — not printed; every event is in report.json and on screen",
    " — 印刷しません。すべてのイベントは report.json と画面にあります",
);
/// A fold packed into the page, read without scripts (docs/reports.md, "Sizes").
pub const PACKED_FOLD: Msg = m(
    "Packed into this page to keep it small: a browser with scripts on shows it here; report.json holds every finding and event.",
    "ページを小さく保つため、この内容はページ内に圧縮されています。スクリプトを有効にしたブラウザではここに表示されます。すべての所見とイベントは report.json にあります。",
);
/// The heading of the failures' causes across scenarios.
pub const BY_CAUSE: Msg = m("By cause", "原因ごと");
/// The fold of a summarised run's facts and result in report.html.
pub const FACTS_AND_RESULT: Msg = m("Facts and result", "実行の情報と結果");
/// The column of how many scenarios a cause fails.
pub const SCENARIOS: Msg = m("scenarios", "シナリオ数");
/// Timeline columns.
pub const EVENT_SOURCE: Msg = m("source", "発生元");
/// The event column.
pub const EVENT: Msg = m("event", "イベント");

// `mynakit run`'s messages and the command line's errors.
/// Before the error of a failed command.
pub const ERROR: Msg = m("error", "エラー");
/// No scenario matches the filters.
pub const NO_SCENARIO_MATCHES: Msg = m("no scenario matches", "条件に合うシナリオがありません");
/// Writing the reports failed.
pub const WRITING_REPORTS_TO: Msg = m("writing reports to", "レポートを書き込めません:");
/// A report.json that cannot be read.
pub const READING_THE_REPORT: Msg = m("reading the report", "レポートを読めません:");
/// `--rerun-failed` without the last report.
pub const RERUN_NEEDS_REPORT: Msg = m(
    "--rerun-failed needs the last report:",
    "--rerun-failed には前回のレポートが必要です:",
);
/// `--pcscd none` with `mynakit run`.
pub const PCSCD_NONE: Msg = m(
    "--pcscd none: without PC/SC, use --transport in-process (the built-in reference client only)",
    "--pcscd none: PC/SC を使わないときは --transport in-process を指定してください (組み込みのリファレンスクライアントのみ)",
);
/// `--windows` with the in-process transport.
pub const WINDOWS_NEEDS_PCSCD: Msg = m(
    "--windows needs the pcscd transport: a Windows program reaches the cards through WinSCard",
    "--windows には pcscd の接続が必要です: Windows のプログラムは WinSCard を通してカードを使います",
);

/// A level's count and word, in the order of `counts` (best first): `2 PASSED, 1 FAILED`, or
/// `合格 2、不合格 1`.
pub fn counts(lang: Lang, counts: &BTreeMap<Level, usize>) -> String {
    let parts = counts.iter().map(|(&level, n)| match lang {
        Lang::En => format!("{n} {}", lang.level(level)),
        Lang::Ja => format!("{} {n}", lang.level(level)),
    });
    match lang {
        Lang::En => parts.collect::<Vec<_>>().join(", "),
        Lang::Ja => parts.collect::<Vec<_>>().join("、"),
    }
}

/// The table's first line: the run's rule set and the capabilities declared before it.
pub fn rules_line(lang: Lang, rules: &str, capabilities: &str) -> String {
    match lang {
        Lang::En => {
            format!("rules: {rules} for scenarios that name none; capabilities: {capabilities}")
        }
        Lang::Ja => format!(
            "規則の版: {rules} (規則の版を指定しないシナリオに適用)、宣言された機能: {capabilities}"
        ),
    }
}

/// The table's last line: the counts, the time and the scenario set.
pub fn run_line(lang: Lang, counts_line: &str, seconds: f64, digest: &str) -> String {
    match lang {
        Lang::En => format!("{counts_line} in {seconds:.1} s ({digest})"),
        Lang::Ja => format!("{counts_line} ({seconds:.1} 秒、シナリオ一式 {digest})"),
    }
}

/// The run's verdict in the HTML header.
pub fn run_verdict(lang: Lang, failed: usize, total: usize) -> String {
    match (lang, failed) {
        (Lang::En, 0) => format!("No scenario failed ({total} run)."),
        (Lang::En, _) => format!("{failed} of {total} scenarios FAILED."),
        (Lang::Ja, 0) => format!("不合格のシナリオはありません ({total} 件を実行)。"),
        (Lang::Ja, _) => format!("{total} 件中 {failed} 件のシナリオが不合格です。"),
    }
}

/// A run stopped by a signal, in the HTML header.
pub fn interrupted(lang: Lang, signal: &str) -> String {
    match lang {
        Lang::En => format!(
            "Interrupted by {signal}: only the scenarios that started are listed; the run does not pass."
        ),
        Lang::Ja => format!(
            "{signal} で中断しました。開始したシナリオだけを載せています。この実行は合格になりません。"
        ),
    }
}

/// `passed` and `skipped` findings, folded.
pub fn passed_skipped(lang: Lang, passed: usize, skipped: usize) -> String {
    match lang {
        Lang::En => format!("{passed} passed, {skipped} skipped"),
        Lang::Ja => format!("合格 {passed}、未実施 {skipped}"),
    }
}

/// A timeline's size: `12 events`.
pub fn events(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("{n} events"),
        Lang::Ja => format!("イベント {n} 件"),
    }
}

/// A cited event the timeline does not hold.
pub fn not_in_timeline(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("not in the timeline ({n} events)"),
        Lang::Ja => format!("タイムラインにありません (イベント {n} 件)"),
    }
}

/// How many terminal files a scenario holds.
pub fn terminal_files(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("{n} read and written; secrets redacted"),
        Lang::Ja => format!("読み書きした {n} 件、秘密は伏せ字"),
    }
}

/// A terminal file's size and encoding, and whether only its start is kept.
pub fn terminal_file(lang: Lang, size: usize, encoding: &str, truncated: bool) -> String {
    match (lang, truncated) {
        (Lang::En, false) => format!("{size} bytes, {encoding}"),
        (Lang::En, true) => format!("{size} bytes, {encoding}, first 256 KiB"),
        (Lang::Ja, false) => format!("{size} バイト、{encoding}"),
        (Lang::Ja, true) => format!("{size} バイト、{encoding}、先頭の 256 KiB"),
    }
}

/// A scenario day beyond mynakit's rules (docs/rules.md, "Beyond the newest rule").
pub fn beyond_scenario(lang: Lang, beyond: &BeyondRules) -> String {
    match lang {
        Lang::En => beyond.line(),
        Lang::Ja => format!(
            "シナリオの日 {} は、mynakit が知る最新の規則 ({}) から{}年より後です。その後に定められた規則を知らないため、この判定は古いおそれがあります (`mynakit docs rules`, \"Beyond the newest rule\")",
            beyond.day,
            beyond.newest_rule,
            mynakit_protocol::HORIZON_YEARS
        ),
    }
}

/// The scenarios of a run beyond mynakit's rules, summed up.
pub fn beyond_run(
    lang: Lang,
    beyond: &crate::report::model::RunBeyondRules,
    total: usize,
) -> String {
    match lang {
        Lang::En => beyond.line(total),
        Lang::Ja => format!(
            "{total} 件中 {} 件のシナリオが、mynakit が知る最新の規則 ({}) から{}年より後の日 (最も遅い日 {}) に実行されました。その判定は古いおそれがあります (`mynakit docs rules`, \"Beyond the newest rule\")",
            beyond.scenarios.len(),
            beyond.newest_rule,
            mynakit_protocol::HORIZON_YEARS,
            beyond.latest_day
        ),
    }
}

/// The scenarios of a run NOT-APPLICABLE for want of mynakit's reader driver, counted
/// (`RunReport::wanting_driver`): said at the top of the run and of report.html.
pub fn wanting_driver(lang: Lang, scenarios: usize) -> String {
    match lang {
        Lang::En => format!(
            "{scenarios} scenario(s) will be NOT-APPLICABLE for want of mynakit's reader driver: \
             this pcscd's readers are vpcd's, which cannot show their stack faults, because \
             $MYNAKIT_IFD_DRIVER names a driver that is not there. Unset it to judge them with \
             the driver inside mynakit (`mynakit docs reader`, \
             \"Which transport shows which stack fault\")"
        ),
        Lang::Ja => format!(
            "{scenarios} 件のシナリオは mynakit の読取機ドライバがないため判定対象外 (NOT-APPLICABLE) \
             になります: この pcscd の読取機は vpcd のもので、その障害を再現できません。\
             $MYNAKIT_IFD_DRIVER が存在しないドライバを指しています。これを外すと mynakit 内蔵の\
             ドライバで判定できます (`mynakit docs reader` の \
             \"Which transport shows which stack fault\")"
        ),
    }
}

/// `mynakit run --as-of DAY`: the day, how many scenarios stayed on their own, then one line
/// for each that stayed and why (docs/rules.md, "Running on another day").
pub fn as_of_run(lang: Lang, as_of: &crate::scenario::as_of::AsOfRun) -> Vec<String> {
    use crate::scenario::as_of::NotMoved;
    let kept = as_of.not_moved.len();
    let mut lines = vec![match lang {
        Lang::En => format!(
            "as-of {}: every scenario ran on that day, judged by its rules, except {kept} that \
             ran on their own day (`mynakit docs rules`, \"Running on another day\")",
            as_of.day
        ),
        Lang::Ja => format!(
            "as-of {}: すべてのシナリオをその日に移し、その日の規則で判定しました。ただし {kept} 件は\
             シナリオ自身の日に実行しました (`mynakit docs rules`, \"Running on another day\")",
            as_of.day
        ),
    }];
    lines.extend(as_of.not_moved.iter().map(|n| {
        let why = match (&n.why, lang) {
            (NotMoved::Pinned { why, .. }, Lang::En) => format!("pinned: {why}"),
            (NotMoved::Pinned { why, why_ja }, Lang::Ja) => {
                format!("日付が要点のシナリオ: {}", why_ja.as_ref().unwrap_or(why))
            }
            (NotMoved::Crossed { place, date }, Lang::En) => {
                format!("{place} holds {date}, which moving its world cannot keep")
            }
            (NotMoved::Crossed { place, date }, Lang::Ja) => {
                format!("{place} の日付 {date} は世界ごと移すと保てません")
            }
        };
        format!("{} ({}): {why}", n.id, n.day)
    }));
    lines
}

/// `mynakit run`'s first line: how many scenarios, which client, which transport.
pub fn run_start(lang: Lang, scenarios: usize, client: &str, transport: &str) -> String {
    match lang {
        Lang::En => format!(
            "mynakit run: {scenarios} scenario(s), client: {client}, transport: {transport}"
        ),
        Lang::Ja => format!(
            "mynakit run: シナリオ {scenarios} 件、クライアント: {client}、カードの接続: {transport}"
        ),
    }
}

/// `and N more`: the scenarios a row folds.
pub fn and_more(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("and {n} more"),
        Lang::Ja => format!("ほか {n} 件"),
    }
}

/// Under a cause in the failures tables: how many findings follow from it (docs/reports.md,
/// "Causes and consequences").
pub fn follows_from(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("and {n} more that follow from it"),
        Lang::Ja => format!("ほか {n} 件はこれに起因します"),
    }
}

/// In the table, for a run of a scenario that fails as an earlier mode of it did.
pub fn same_as(lang: Lang, id: &str) -> String {
    match lang {
        Lang::En => format!("the same causes as {id} (listed there)"),
        Lang::Ja => format!("{id} と同じ原因です (そちらに記載)"),
    }
}

/// The modes of a failures table's row, when the row stands for several.
pub const MODES: Msg = m("modes", "モード");

/// The CI log's one line for the NOT-APPLICABLE scenarios (`run --ci-log`), in place of a row
/// each.
pub fn not_applicable_folded(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!(
            "NOT-APPLICABLE: {n} scenario(s) the client does not claim (listed in report.html and report.json)"
        ),
        Lang::Ja => format!(
            "対象外: クライアントが宣言していないシナリオ {n} 件 (report.html と report.json に一覧があります)"
        ),
    }
}

/// The line of a section report.html summarises (docs/reports.md, "Sizes"): what it leaves out
/// and where the whole is.
pub fn summarised_section(lang: Lang, findings: usize, events: usize) -> String {
    match lang {
        Lang::En => format!(
            "Summarised: {findings} finding(s) and {events} timeline event(s) left out here; a complete report.json has them, and `mynakit run --html-detail all` shows them."
        ),
        Lang::Ja => format!(
            "要約: 判定 {findings} 件とタイムラインのイベント {events} 件はここでは省略しています。完全な report.json にあり、`mynakit run --html-detail all` で表示します。"
        ),
    }
}

/// `mynakit report merge`'s line: how many scenarios from how many reports, and their counts.
pub fn merged(lang: Lang, scenarios: usize, reports: usize, counts_line: &str) -> String {
    match lang {
        Lang::En => format!("{scenarios} scenario(s) from {reports} report(s): {counts_line}"),
        Lang::Ja => format!("レポート {reports} 件からシナリオ {scenarios} 件: {counts_line}"),
    }
}

/// An error line on stderr: `mynakit: …` as it always was in English; in Japanese labelled
/// エラー, since the cause may be a library's English (docs/reports.md, "Japanese").
pub fn error_line(lang: Lang, who: &str, error: &str) -> String {
    match lang {
        Lang::En => format!("{who}: {error}"),
        Lang::Ja => format!("{who}: {}: {error}", lang.t(ERROR)),
    }
}

/// A run's APDU figures for people (`docs/reports.md`, "APDU efficiency"): in English
/// [`ApduFigures::line`](crate::report::apdu_figures::ApduFigures::line), in Japanese the same figures.
pub fn apdu_figures(lang: Lang, f: &crate::report::apdu_figures::ApduFigures) -> String {
    match lang {
        Lang::En => f.line(),
        Lang::Ja => {
            let mut line = format!(
                "コマンド {} 個 (往復 {} 回)、送信 {} バイト、受信 {} バイト、READ BINARY {} 回",
                f.commands, f.round_trips, f.bytes_sent, f.bytes_received, f.reads
            );
            if f.mergeable_runs > 0 {
                line.push_str(&format!(
                    "、うち {} 回は {} 回にまとめられた",
                    f.mergeable_reads, f.mergeable_runs
                ));
            }
            line
        }
    }
}

/// The line above the errors of scenario files that do not load (the errors stay English).
pub fn files_do_not_load(lang: Lang, errors: &crate::scenario::LoadErrors) -> String {
    match lang {
        Lang::En => errors.heading(),
        Lang::Ja => format!("シナリオファイル {} 件を読み込めません:", errors.0.len()),
    }
}

/// After a scenario path that is not there: `mynakit init` writes the folder the docs' commands
/// name (docs/install.md), and `mynakit run` alone needs none.
pub const MISSING_SCENARIOS_HINT: Msg = m(
    "hint: `mynakit init` writes mynakit/ here (capabilities.yaml and a first scenario in mynakit/scenarios); `mynakit run` with no path runs the bundled scenarios alone",
    "ヒント: `mynakit init` がここに mynakit/ (capabilities.yaml と mynakit/scenarios の最初のシナリオ) を書きます。パスなしの `mynakit run` は同梱シナリオだけを実行します",
);

/// A `--filter` or `--exclude` that cannot be read, or that leaves nothing; the filters are
/// quoted as written.
pub fn filter_error(lang: Lang, error: &crate::scenario::filter::FilterError) -> String {
    use crate::scenario::filter::FilterError;
    match (lang, error) {
        (Lang::En, _) => error.to_string(),
        (Lang::Ja, FilterError::EmptyTerm { filter, index }) => format!(
            "フィルタ `{filter}`: {index} 番目の条件が空です (条件は `tag:T`、`mode:M`、ID の一部、またはその前に `!` を付けたもので、`,` で区切ります)"
        ),
        (Lang::Ja, FilterError::NothingMatches { selection, total }) => format!(
            "{selection} に合うシナリオがありません (読み込んだ {total} 件中。`mynakit run --list` ですべてを表示します)"
        ),
    }
}

/// `--watch` waits for changes.
pub fn watching(lang: Lang, paths: &str) -> String {
    match lang {
        Lang::En => format!("mynakit run --watch: watching {paths} for changes (Ctrl-C ends)"),
        Lang::Ja => format!("mynakit run --watch: {paths} の変更を監視しています (Ctrl-C で終了)"),
    }
}

/// `--watch` saw a file change.
pub fn watched_changed(lang: Lang, file: &str) -> String {
    match lang {
        Lang::En => format!("mynakit run --watch: {file} changed"),
        Lang::Ja => format!("mynakit run --watch: {file} が変更されました"),
    }
}

/// `--rerun-failed` with nothing FAILED in the last report.
pub fn nothing_to_rerun(lang: Lang, report: &str) -> String {
    match lang {
        Lang::En => format!("--rerun-failed: no scenario FAILED in {report}; nothing to rerun"),
        Lang::Ja => format!(
            "--rerun-failed: {report} に不合格のシナリオはありません。再実行するものはありません"
        ),
    }
}

/// An `--expected-failures` entry for a scenario that is not in the run.
pub fn expected_failures_unknown(lang: Lang, file: &str, id: &str) -> String {
    match lang {
        Lang::En => format!(
            "mynakit run: {file}: scenario {id} is not in this run (a typo, or left out by --filter); its entries are not applied"
        ),
        Lang::Ja => format!(
            "mynakit run: {file}: シナリオ {id} はこの実行にありません (誤記、または --filter で除外)。その項目は適用しません"
        ),
    }
}

/// Manual mode: the world's variables follow.
pub const MANUAL_WORLD: Msg = m(
    "Point the app at this world:",
    "アプリをこの環境に向けてください:",
);
/// Manual mode: the steps follow.
pub const MANUAL_STEPS: Msg = m(
    "Then, as the staff and the patient:",
    "続いて、職員と患者として次の操作をしてください:",
);
/// Manual mode: wait for the app's last screen.
pub const MANUAL_ENTER: Msg = m(
    "Press Enter when the app shows its final screen. ",
    "アプリが最後の画面を表示したら Enter を押してください。",
);
/// Manual mode: which outcome the app showed.
pub const MANUAL_WHAT_SHOWN: Msg = m(
    "What did the app show? (number) ",
    "アプリの表示はどれでしたか (番号): ",
);

/// Manual mode: an answer that is no number of the list.
pub fn manual_number(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("a number from 1 to {n}"),
        Lang::Ja => format!("1 から {n} までの番号を入力してください"),
    }
}

/// Manual mode: a field's value as the app showed it.
pub fn manual_field(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("{name} as shown (empty = not shown): "),
        Lang::Ja => format!("{name} の表示 (表示なしは空欄): "),
    }
}

/// A run stopped by a signal, on stderr.
pub fn run_interrupted(lang: Lang, signal: &str) -> String {
    match lang {
        Lang::En => {
            format!("mynakit run: interrupted by {signal}; the report holds what finished")
        }
        Lang::Ja => format!(
            "mynakit run: {signal} で中断しました。レポートには終わったシナリオだけがあります"
        ),
    }
}

/// Declared capabilities summed up: `role card-app; modes pin, visual; flows …; rules any`
/// (the English of `Capabilities::summary`), or `役割 card-app、モード pin, visual、…`.
pub fn capabilities(lang: Lang, c: &mynakit_protocol::Capabilities) -> String {
    let Lang::Ja = lang else {
        return c.summary();
    };
    let strings = |items: Vec<String>| claimed(lang, &items);
    let rules = match c.rule_sets() {
        r if r.is_empty() => "すべて".to_owned(),
        r => strings(r.iter().map(ToString::to_string).collect()),
    };
    let mut line = format!(
        "役割 {}、モード {}、業務フロー {}、規則の版 {rules}",
        strings(c.roles().iter().map(ToString::to_string).collect()),
        strings(c.modes().iter().map(|m| m.as_str().to_owned()).collect()),
        strings(c.flows().iter().map(ToString::to_string).collect()),
    );
    if let Some(t) = c
        .transport
        .filter(|&t| t != mynakit_protocol::Transport::Pcsc)
    {
        line.push_str(&format!("、カードの接続 {t}"));
    }
    if let Some(kept) = c.keeps.as_deref().filter(|k| !k.is_empty()) {
        line.push_str(&format!("、保持するもの {}", kept.join(", ")));
    }
    line
}

/// What a rule set changed, as `--list` says it: `RuleSet::changes` in English, its Japanese
/// here (a new rule set does not compile until it has its words).
pub fn rule_changes(lang: Lang, rules: mynakit_protocol::RuleSet) -> String {
    use mynakit_protocol::RuleSet;
    match (lang, rules) {
        (Lang::En, _) => rules.changes().join("; "),
        (Lang::Ja, RuleSet::Oqs2021) => "限度額情報は患者の同意があるときだけ提供される: クライアントが同意を確認し (consent topic limit-application)、limit_application_consent: true を送る".to_owned(),
        (Lang::Ja, RuleSet::App2025) => "限度額情報の同意取得は省略: クライアントが limit_application_consent: false を送らない限りサービスは限度額情報を提供し、クライアントは確認せずに表示してよい".to_owned(),
    }
}

/// `--list`'s first line (on stderr): the rule set of scenarios that name none and what it
/// changed (in English: the rules' own record).
pub fn list_rules(lang: Lang, rules: &str, changes: &str) -> String {
    match lang {
        Lang::En => format!("rules: {rules} ({changes}) for scenarios that name none"),
        Lang::Ja => {
            format!("規則の版: {rules} ({changes}) (規則の版を指定しないシナリオに適用)")
        }
    }
}

/// `--list`'s line of the suite judged by (docs/suites.md).
pub fn list_suite(lang: Lang, day: &str, latest: bool) -> String {
    match (lang, latest) {
        (Lang::En, true) => {
            format!("suite: {day} (the newest; `--suite DATE` judges by an earlier one)")
        }
        (Lang::En, false) => format!(
            "suite: {day} (checks and scenarios added after it are left out; `mynakit changes`)"
        ),
        (Lang::Ja, true) => {
            format!("判定の版 (suite): {day} (最新。`--suite DATE` で以前の版で判定)")
        }
        (Lang::Ja, false) => format!(
            "判定の版 (suite): {day} (これより後に加わった検査とシナリオは除く。`mynakit changes`)"
        ),
    }
}

/// `--list`'s second line: the capabilities declared before the run, or that none were (the
/// defaults, unless the client declares in `hello`).
pub fn list_capabilities(lang: Lang, declared: Option<&mynakit_protocol::Capabilities>) -> String {
    match (lang, declared) {
        (Lang::En, Some(c)) => format!("capabilities: {}", c.summary()),
        (Lang::En, None) => format!(
            "capabilities: none declared before the run ({}, unless the client declares in hello)",
            mynakit_protocol::Capabilities::default().summary()
        ),
        (Lang::Ja, Some(c)) => format!("宣言された機能: {}", capabilities(lang, c)),
        (Lang::Ja, None) => format!(
            "宣言された機能: 実行前の宣言なし ({}。クライアントが hello で宣言すればそれに従う)",
            capabilities(lang, &mynakit_protocol::Capabilities::default())
        ),
    }
}

// GitHub Actions: the annotations and the step summary (`report::github`).
/// The title of the notice that counts the annotations GitHub would not show.
pub const MORE_PROBLEMS: Msg = m("mynakit: more problems", "mynakit: その他の問題");

/// The title of a scenario file's annotation when it does not load (the file follows).
pub const DOES_NOT_LOAD: Msg = m(
    "scenario file does not load",
    "シナリオファイルを読み込めません",
);
/// The title of the last annotation when more files do not load than GitHub shows.
pub const MORE_DO_NOT_LOAD: Msg = m(
    "mynakit: more scenario files do not load",
    "mynakit: ほかにも読み込めないシナリオファイルがあります",
);

/// How many more files do not load, beyond the annotations.
pub fn more_do_not_load(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("{n} more: see the step's log"),
        Lang::Ja => format!("ほかに {n} 件。ステップのログを見てください"),
    }
}

/// The notice of the scenarios left unannotated: how many, GitHub's limit, and their ids.
pub fn annotations_cut(lang: Lang, n: usize, limit: usize, ids: &str) -> String {
    match lang {
        Lang::En => format!(
            "{n} more scenario(s) with problems are in the step summary and report.html, not \
             annotated here (GitHub shows {limit} of each kind per step): {ids}"
        ),
        Lang::Ja => format!(
            "問題のあるシナリオがほかに {n} 件あり、ここには注釈していません (GitHub が表示するのは種類ごとに 1 ステップ {limit} 件まで)。ステップの概要と report.html にあります: {ids}"
        ),
    }
}

/// The required checks left unapplied because the client ended early, counted.
pub fn cascade(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => {
            format!("and {n} required check(s) that could not apply after the client ended")
        }
        Lang::Ja => {
            format!("ほかに、クライアントの終了により適用できなかった必須のチェック {n} 件")
        }
    }
}

/// A level's count, worst first in the step summary: `1 FAILED`, or `不合格 1`.
pub fn count(lang: Lang, level: Level, n: usize) -> String {
    match lang {
        Lang::En => format!("{n} {}", lang.level(level)),
        Lang::Ja => format!("{} {n}", lang.level(level)),
    }
}

/// The step summary's first line: how many scenarios, how long, their counts, and the run's
/// client, transport and rule set.
pub fn summary_line(
    lang: Lang,
    scenarios: usize,
    duration: &str,
    counts: &[String],
    client: &str,
    transport: &str,
    rules: &str,
) -> String {
    match lang {
        Lang::En => format!(
            "{scenarios} scenario(s) in {duration}: {}. Client: `{client}`, transport: {transport}, rules: {rules}.",
            counts.join(", ")
        ),
        Lang::Ja => format!(
            "シナリオ {scenarios} 件 ({duration}): {}。クライアント: `{client}`、カードの接続: {transport}、規則の版: {rules}。",
            counts.join("、")
        ),
    }
}

/// The step summary of an interrupted run.
pub fn summary_interrupted(lang: Lang, signal: &str) -> String {
    match lang {
        Lang::En => format!("Interrupted by {signal}: the report holds what finished."),
        Lang::Ja => {
            format!("{signal} で中断しました。レポートには終わったシナリオだけがあります。")
        }
    }
}

/// The head of the step summary's table.
pub fn summary_table_head(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "| verdict | scenario | outcome | why |",
        Lang::Ja => "| 判定 | シナリオ | 結果 | 理由 |",
    }
}

/// The step summary's last line: where the full reports are.
pub fn summary_details(lang: Lang) -> String {
    let html = crate::report::files::HTML_FILE;
    match lang {
        Lang::En => {
            format!("Details of each scenario: the run's `{html}` (and report.xml, report.json).")
        }
        Lang::Ja => {
            format!("各シナリオの詳細: この実行の `{html}` (ほかに report.xml、report.json)。")
        }
    }
}

/// What an expectation of the scenario asked, in Japanese (`expect.outcome`, `expect.fields.
/// Name`, a stale waiver…); `None` for an id of no known kind (its reason alone is shown).
pub(super) fn expectation_ja(id: &str) -> Option<String> {
    let stale = id
        .strip_prefix("expect.waivers.")
        .or_else(|| id.strip_prefix("expected-failures."));
    if let Some(check) = stale {
        return Some(format!(
            "免除 ({check}) は、そのチェックが不合格のときにだけ残す (不合格でなくなった免除は古いので取り除く)。"
        ));
    }
    if id.starts_with("faults.card[") {
        return Some(format!(
            "シナリオのカードの障害 ({id}) が実行中に発生すること (expect.faults_fire)。"
        ));
    }
    if let Some(visit) = id
        .strip_prefix("given.earlier_visits[")
        .and_then(|rest| rest.strip_suffix("].outcome"))
    {
        return Some(format!(
            "以前の受診 (given.earlier_visits[{visit}]) でのクライアントの結果が、シナリオの期待する結果であること。"
        ));
    }
    let rest = id.strip_prefix("expect.")?;
    let (key, name) = rest.split_once('.').unwrap_or((rest, ""));
    Some(match key {
        "outcome" | "outcome_or" => {
            "クライアントの結果が、シナリオの期待する結果であること。".to_owned()
        }
        "shown_outcomes" => {
            "クライアントが表示した結果が、シナリオの期待する結果を含むこと。".to_owned()
        }
        "exit_code" => "クライアントの終了コードが、シナリオの期待する値であること。".to_owned(),
        "fields" => format!("項目 {name} の表示が、シナリオの期待する値であること。"),
        "shown" => format!("項目 {name} を表示すること。"),
        "hidden" => format!("項目 {name} を表示しないこと。"),
        "cards" => {
            format!("実行後のカードの状態 ({name}) が、シナリオの期待するとおりであること。")
        }
        "checks" => format!("シナリオが求めるチェック ({name}) が判定されること。"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_in_each_language() {
        let counts = BTreeMap::from([(Level::Passed, 2), (Level::Failed, 1)]);
        assert_eq!(super::counts(Lang::En, &counts), "2 PASSED, 1 FAILED");
        assert_eq!(super::counts(Lang::Ja, &counts), "合格 2、不合格 1");
    }

    #[test]
    fn a_day_beyond_the_rules_is_said_in_each_language_with_the_same_dates() {
        let beyond = BeyondRules::on("2028-03-01").unwrap().unwrap();
        assert_eq!(beyond_scenario(Lang::En, &beyond), beyond.line());
        let ja = beyond_scenario(Lang::Ja, &beyond);
        assert!(ja.starts_with("シナリオの日 2028-03-01 は、"), "{ja}");
        assert!(ja.contains(&beyond.newest_rule), "{ja}");
        assert!(ja.contains("1年より後"), "{ja}");
    }

    #[test]
    fn expectations_have_their_japanese_rule() {
        assert!(expectation_ja("expect.outcome").unwrap().contains("結果"));
        assert!(expectation_ja("expect.fields.Name")
            .unwrap()
            .contains("項目 Name"));
        assert!(expectation_ja("expected-failures.PIN-one-verify")
            .unwrap()
            .contains("PIN-one-verify"));
        assert!(expectation_ja("faults.card[0]")
            .unwrap()
            .contains("faults.card[0]"));
        assert!(expectation_ja("given.earlier_visits[1].outcome")
            .unwrap()
            .contains("given.earlier_visits[1]"));
        assert_eq!(expectation_ja("PIN-one-verify"), None);
        assert_eq!(expectation_ja("expect.nonsense"), None);
    }

    #[test]
    fn apdu_figures_read_in_japanese() {
        let f = crate::report::apdu_figures::ApduFigures {
            commands: 9,
            round_trips: 9,
            bytes_sent: 120,
            bytes_received: 2134,
            reads: 6,
            mergeable_reads: 5,
            mergeable_runs: 1,
        };
        assert_eq!(
            apdu_figures(Lang::Ja, &f),
            "コマンド 9 個 (往復 9 回)、送信 120 バイト、受信 2134 バイト、READ BINARY 6 回、うち 5 回は 1 回にまとめられた"
        );
        assert_eq!(apdu_figures(Lang::En, &f), f.line());
    }
}
