//! The HTML report's unit tests, on the synthetic run of `report/sample.rs`: kept beside
//! `mod.rs` so that the page's writer stays under the house limit of 1,200 lines.

#![allow(clippy::unwrap_used)]

use super::super::sample;
use super::*;
use mynakit_apdu::Application;

#[test]
fn escapes_every_text() {
    let mut report = sample::report();
    report.scenarios[0].title = "<script>alert('x')</script> & \"q\"".into();
    let page = html(&report, Lang::En);
    assert!(!page.contains("<script>alert"));
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
    // The model's own markup-looking text, escaped wherever it appears.
    assert!(!page.contains("<redacted>"));
    assert!(page.contains("&lt;redacted&gt;"));
    assert!(!page.contains("<no retry>"));
    assert!(page.contains("stop at 63C0 &lt;no retry&gt; &amp; report"));
    assert!(page.contains("my-app --flag &#39;a&amp;b&#39; &lt;x&gt;"));
    assert!(page.contains(sample::NAME));
    // Only our own script, nothing fetched.
    assert_eq!(page.matches("<script").count(), 1);
    for fetch in ["src=", "href=\"http", "@import", "url("] {
        assert!(!page.contains(fetch), "{fetch}");
    }
}

#[test]
fn failures_come_first_in_the_summary_and_scenarios_have_anchors() {
    let page = html(&sample::report(), Lang::En);
    let summary = &page[page.find(r#"id="summary""#).unwrap()..];
    let order: Vec<usize> = [
        "#pin-lockout",
        "#visual-face",
        "#reader-contactless",
        "#wrong-role-terminal",
        "#eligible-pin",
    ]
    .iter()
    .map(|id| summary.find(&format!("href=\"{id}\"")).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    for id in [
        "eligible-pin",
        "pin-lockout",
        "reader-contactless",
        "visual-face",
    ] {
        assert!(page.contains(&format!(r#"id="{id}""#)), "{id}");
    }
    assert!(page.contains("1 of 5 scenarios FAILED."));
    assert!(page.contains(r#"<span class="badge lv-failed">FAILED 1</span>"#));
    assert!(page.contains(r#"<span class="badge lv-not-applicable">NOT-APPLICABLE 1</span>"#));
    assert!(page.contains(&format!(
        r#"<p class="note">{}</p>"#,
        esc(sample::NOT_APPLICABLE_NOTE)
    )));
    assert!(page.contains(
        "<dt>tool commit</dt><dd><code>0123456789abcdef0123456789abcdef01234567</code></dd>"
    ));
    assert!(page.contains(
        "<dt>rules</dt><dd>2025-05-21 <span class=\"muted\">(for scenarios that name none)</span></dd>"
    ));
    assert!(page.contains(
        "<dt>capabilities</dt><dd>role card-app; modes pin, visual; flows registration, limit-application; rules any</dd>"
    ));
}

#[test]
fn a_failed_scenario_shows_problems_waivers_and_the_rest_collapsed() {
    let page = html(&sample::report(), Lang::En);
    let start = page
        .find(r#"<section class="scenario lv-failed" id="pin-lockout">"#)
        .unwrap();
    let section = &page[start..start + page[start..].find("</section>").unwrap()];
    let problems = &section[section.find("findings problems").unwrap()..];
    let blocked = problems.find("PIN-blocked-stop").unwrap();
    let warning = problems.find("UI-slow-display").unwrap();
    assert!(blocked < warning);
    assert!(section.contains("VERIFY sent after the card answered 63C0 (apdu #5 at 31.000 ms)"));
    let waivers = &section[section.find("<h3>Waivers</h3>").unwrap()..];
    assert!(waivers.contains("SVC-retry-backoff"));
    assert!(waivers.contains("vendor ticket #42: fixed in 2.4 &lt;soon&gt; &amp; tested"));
    assert!(section.contains("<summary>2 passed, 0 skipped</summary>"));
    assert!(section.contains("outcome <strong>pin-incorrect</strong>"));
    assert!(section.contains(
        r#"<p class="apdu"><span class="muted">APDUs:</span> 2 commands in 2 round trips, 18 bytes sent, 4 received; 0 READ BINARYs</p>"#
    ));
    // stderr without colour codes.
    assert!(section.contains(
        "<pre class=\"stderr\">ERROR pin &lt;redacted&gt; rejected &amp; retried\nresult: pin-incorrect\n</pre>"
    ));
    assert!(!page.contains('\u{1b}'));
    // The timeline is open for a failed scenario.
    assert!(section.contains(r#"<details class="timeline-box" open>"#));
}

#[test]
fn the_result_table_puts_what_was_expected_beside_what_was_shown() {
    let mut report = sample::report();
    let s = &mut report.scenarios[0];
    s.level = Level::Failed;
    s.expected_fields
        .values
        .insert("QualificationValidity".into(), "2".into());
    s.expected_fields.shown.push("InsurerNumber".into());
    s.expectations.push(Finding {
        reason_ja: None,
        check: "expect.fields.QualificationValidity".into(),
        level: Level::Failed,
        reason: "expected \"2\", shown \"1\"".into(),
        events: Vec::new(),
        facts: Default::default(),
    });
    let page = html(&report, Lang::En);
    assert!(page.contains("<th>field</th><th>shown</th><th>expected</th>"));
    assert!(page.contains(
        r#"<tr class="expected lv-failed"><td>QualificationValidity</td><td>1</td><td>2 <span class="badge lv-failed">FAILED</span></td></tr>"#
    ), "{page}");
    // Expected but not shown: its row says so, where the field belongs.
    assert!(page.contains(
        r#"<tr class="expected "><td>InsurerNumber</td><td><span class="muted">not shown</span></td><td><span class="muted">any value</span> </td></tr>"#
    ));
    assert!(page.contains(
        r#"<td>LimitApplicationCertificateClassificationFlag</td><td><span class="muted">not shown</span></td><td><span class="muted">not shown</span> <span class="badge lv-passed">PASSED</span></td>"#
    ));
}

#[test]
fn the_timeline_reads_like_a_trace() {
    let page = html(&sample::report(), Lang::En);
    let aid: Vec<String> = Application::Jpki
        .aid()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    let select_jpki = format!(
        "<strong>SELECT JPKI AP</strong> <code>00 A4 04 0C 0A {}</code> → SW <code>9000</code> OK",
        aid.join(" ")
    );
    for expected in [
        "<td class=\"num\">10.250</td>",
        select_jpki.as_str(),
        "<strong>SELECT EF 0018</strong>",
        "<strong>VERIFY (empty: tries)</strong> <code>00 20 00 80</code> → SW <code>63C3</code> 3 tries left",
        "<strong>VERIFY</strong> <code>00 20 00 80 04 ** ** ** **</code> → SW <code>9000</code> OK",
        "<strong>GET CHALLENGE</strong> <code>00 84 00 00 08</code> → <code>01 02 03 04 05 06 07 08</code> SW <code>9000</code>",
        "<strong>SIGN (80 2A)</strong>",
        "<summary>all 256 bytes</summary>",
        "no tries left (blocked)",
        "<strong>POST</strong> <code>/v1/confirmations?mode=pin&amp;x=&lt;1&gt;</code> → <span class=\"http-ok\">200</span> <span class=\"muted\">(12.345 ms)</span>",
        "<summary>request body (",
        "&quot;signature&quot;: &quot;&lt;redacted&gt;&quot;",
        "&quot;Name&quot;: &quot;試験　三郎&quot;",
        "<strong>result-written</strong> <code>res/20261101090000_result.xml</code>",
        "<span class=\"muted\">client →</span> <code>{&quot;type&quot;:&quot;pin&quot;",
        "<span class=\"muted\">← operator</span> <code>{&quot;type&quot;:&quot;pin&quot;,&quot;id&quot;:&quot;p1&quot;,&quot;pin&quot;:&quot;&lt;redacted&gt;&quot;}</code>",
        "staff pressed 確認",
        "<strong>insert</strong> mynakit A 00 00: employee",
    ] {
        assert!(page.contains(expected), "missing: {expected}");
    }
}

#[test]
fn each_scenario_file_is_shown_once_with_its_worst_run() {
    let mut report = sample::report();
    // A second run of eligible-pin, in another mode, that FAILED: it shows the file.
    let mut visual = report.scenarios[0].clone();
    visual.id = "eligible-pin[visual]".to_owned();
    visual.level = Level::Failed;
    visual.expectations[0].level = Level::Failed;
    report.scenarios.insert(1, visual);
    // Its file states the outcome its failed `expect.outcome` finding links to.
    let yaml = format!("{}expect:\n  outcome: eligible\n", sample::YAML);
    report
        .scenario_yaml
        .insert("eligible-pin".to_owned(), yaml.clone());
    let page = html(&report, Lang::En);
    assert_eq!(page.matches(r#"<details class="yaml">"#).count(), 2);
    let section = |id: &str| {
        let start = page.find(&format!(r#" id="{id}">"#)).unwrap();
        &page[start..start + page[start..].find("</section>").unwrap()]
    };
    // A failing run's file, whole; a line anchored only where a finding's link leads to it (the
    // page's script anchors any other line a link asks for: docs/reports.md).
    let shown = section("eligible-pin[visual]");
    let file = &shown[shown.find(r#"<details class="yaml">"#).unwrap()..];
    let pre = &file[file.find("<pre>").unwrap() + 5..file.find("</pre>").unwrap()];
    let ids = |html: &str, before: &str| -> std::collections::BTreeSet<String> {
        html.match_indices(before)
            .map(|(i, _)| {
                let id = &html[i + before.len()..];
                id[..id.find('"').unwrap()].to_owned()
            })
            .filter(|id| id.starts_with("eligible-pin[visual]-L"))
            .collect()
    };
    let anchored = ids(pre, r#"<span id=""#);
    assert_eq!(anchored.len(), 1, "{pre}");
    assert_eq!(anchored, ids(&page, r##"class="to-line" href="#"##));
    let text = pre.replace("</span>", "");
    let text: String = text
        .split(r#"<span id=""#)
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                &part[part.find("\">").unwrap() + 2..]
            }
        })
        .collect();
    let lines: Vec<String> = yaml.lines().map(esc).collect();
    assert_eq!(text, lines.join("\n"));
    assert!(pre.contains(r#"<span id="eligible-pin[visual]-L7">  outcome: eligible</span>"#));
    assert!(section("eligible-pin").contains(
        r##"Scenario file: shown with <a href="#eligible-pin[visual]"><code>eligible-pin[visual]</code></a>."##
    ));
    assert!(section("pin-lockout")
        .contains("<code>scenarios/pin-lockout.yaml</code> <span class=\"muted\">(YAML as run"));
    assert!(!section("visual-face").contains("Scenario file"));
}

#[test]
fn an_empty_run_is_still_a_page() {
    let mut report = sample::report();
    report.scenarios.clear();
    let page = html(&report, Lang::En);
    assert!(page.contains("No scenario failed (0 run)."));
    assert!(page.ends_with("</html>\n"));
}

#[test]
fn a_day_beyond_the_rules_is_a_warning_in_the_header_and_its_section() {
    let mut report = sample::report();
    assert!(!html(&report, Lang::En).contains("beyond-rules"));
    report.scenarios[0].beyond_rules = mynakit_protocol::BeyondRules::on("2028-03-01").unwrap();
    report.beyond_rules = crate::report::model::RunBeyondRules::of(&report.scenarios);
    let page = html(&report, Lang::En);
    let header = &page[..page.find(r#"id="summary""#).unwrap()];
    assert!(
        header.contains(r#"<p class="note beyond-rules lv-warning"><span class="badge lv-warning">WARNING</span> 1 of 5 scenarios ran on days more than 1 year"#),
        "{header}"
    );
    let section = &page[page
        .find(r#"<section class="scenario lv-passed" id="eligible-pin">"#)
        .unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        section.contains("the scenario&#39;s day 2028-03-01 is more than 1 year after"),
        "{section}"
    );
    assert_eq!(page.matches(r#"class="note beyond-rules"#).count(), 2);
}

#[test]
fn in_japanese_the_page_keeps_ids_and_shows_each_rule_above_its_english_reason() {
    let page = html(&sample::report(), Lang::Ja);
    assert!(page.contains(r#"<html lang="ja">"#));
    assert!(page.contains("<h2>概要</h2>"));
    assert!(page.contains("5 件中 1 件のシナリオが不合格です。"));
    assert!(page.contains(r#"<span class="badge lv-failed">不合格 1</span>"#));
    // The filter's values and the rows' levels stay the names `?only=` links use.
    assert!(page.contains(r#"<input type="checkbox" value="failed" checked> 不合格 (1)"#));
    assert!(page.contains(r#"data-level="failed""#));
    assert!(page.contains(r#"<output data-shown="{n} 件を表示">"#));
    let start = page
        .find(r#"<section class="scenario lv-failed" id="pin-lockout">"#)
        .unwrap();
    let section = &page[start..start + page[start..].find("</section>").unwrap()];
    assert!(
        section.contains(
            r#"<code>PIN-blocked-stop</code> <span class="muted">チェック</span></td><td><span class="rule"><strong>規則:</strong> ロックされた暗証番号"#
        ),
        "{section}"
    );
    assert!(section.contains(
        r#"<span class="muted">詳細 (英語):</span> <span lang="en">VERIFY sent after the card answered 63C0 (apdu #5 at 31.000 ms)</span>"#
    ));
    assert!(section.contains("<summary>合格 2、未実施 0</summary>"));
    // No English heading or level badge is left.
    for english in [
        "<h2>Summary</h2>",
        "<h3>Findings</h3>",
        ">FAILED<",
        ">PASSED<",
    ] {
        assert!(!page.contains(english), "{english}");
    }
    // The English page is as it was.
    let english = html(&sample::report(), Lang::En);
    assert!(english.contains(r#"<html lang="en">"#));
    assert!(english.contains(r#"<output data-shown="{n} shown">"#));
    assert!(!english.contains("規則"));
}

/// A passed check's row names the check's public source; a skipped one judged nothing and cites
/// none (tens of them in every scenario of a real run).
#[test]
fn only_a_check_that_judged_cites_its_source() {
    let page = html(&sample::report(), Lang::En);
    let row = |check: &str, level: &str| {
        let start = page
            .find(&format!(
                r#"<tr class="lv-{level}"><td><span class="badge lv-{level}">"#
            ))
            .and_then(|from| {
                let marker = format!("<code>{check}</code>");
                page[from..].find(&marker).map(|at| from + at)
            })
            .unwrap_or_else(|| panic!("no {level} row of {check}"));
        let end = start + page[start..].find("</tr>").unwrap();
        page[start..end].to_owned()
    };
    assert!(row("PIN-one-verify", "passed").contains("source: "));
    assert!(!row("PIN-blocked-stop", "skipped").contains("source: "));
}

/// A page packed (`packed`): every fold's placeholder filled in with its packed HTML gives the
/// page written in place, but for the timelines that start closed (`data-open`, opened by the
/// script); what shows before a fold is opened is in the page as HTML.
#[test]
fn a_packed_page_unpacks_to_the_page_written_in_place() {
    let report = sample::report();
    let lang = Lang::En;
    let mut plain = String::new();
    write_page(
        &mut plain,
        &report,
        lang,
        HtmlDetail::Problems,
        Folds::in_place(),
    )
    .unwrap();
    let mut page = String::new();
    write_page(
        &mut page,
        &report,
        lang,
        HtmlDetail::Problems,
        Folds::packed(),
    )
    .unwrap();
    let folds = packed::unpack(&page);
    assert!(!folds.is_empty(), "the sample has folds");
    let block = &page[page
        .find(r#"<script type="application/octet-stream""#)
        .unwrap()..];
    let block_line = &block[..=block.find('\n').unwrap()];
    let mut filled = page
        .replace(block_line, "")
        .replace(&format!("{}\n", packed::note_style(lang)), "")
        .replace(" data-open>", " open>");
    assert!(page.contains("div.packed::before"), "the note, once");
    for (key, fold) in &folds {
        let placeholder = format!("<div class=\"packed\" data-fold=\"{key}\"></div>\n");
        assert!(filled.contains(&placeholder), "fold {key}");
        filled = filled.replacen(&placeholder, fold, 1);
    }
    assert!(folds.keys().any(|k| k.starts_with("findings-")));
    assert!(folds.keys().any(|k| k.starts_with("timeline-")));
    assert_eq!(filled, plain);
    assert!(page.len() < plain.len());
    assert!(page.contains(r#"<details class="timeline-box" data-open>"#));
    // The problems and the events they cite stay plain.
    assert!(page.contains(r#"<table class="findings problems">"#));
    assert!(page.contains(r#"<tr class="cited">"#));
}

/// A check FAILED in two runs cites its source once, anchored; the other finding links up to it
/// rather than repeat it (a bad day has the same check FAILED in a hundred runs;
/// docs/reports.md, "Sizes").
#[test]
fn a_checks_source_is_written_once_and_linked_after() {
    let mut report = sample::report();
    let failed = report
        .scenarios
        .iter()
        .find(|s| {
            s.problems()
                .iter()
                .any(|f| f.level == Level::Failed && mynakit_conformance::find(&f.check).is_some())
        })
        .unwrap()
        .clone();
    let check = failed
        .problems()
        .iter()
        .find(|f| f.level == Level::Failed && mynakit_conformance::find(&f.check).is_some())
        .unwrap()
        .check
        .clone();
    let mut again = failed.clone();
    again.id = format!("{}-again", failed.id);
    report.scenarios.push(again);
    let page = html(&report, Lang::En);
    assert_eq!(
        page.matches(&format!(r#"id="source-{check}">source: "#))
            .count(),
        1,
        "{page}"
    );
    assert!(page.contains(&format!(
        r##"source: <a href="#source-{check}">as printed above</a>"##
    )));
}

/// The page says whether the suite it was judged by is frozen, with its sha256, as report.json
/// does (docs/suites.md, "Frozen suites"); a report of an older version, with no sha256, names
/// the day alone.
#[test]
fn the_suite_is_said_frozen_or_open_with_its_sha256() {
    let mut report = sample::report();
    let mut suite = crate::report::model::RunSuite {
        day: "2026-11-28".into(),
        latest: false,
        sha256: "ab".repeat(32),
        frozen: true,
        checks_left_out: Vec::new(),
        scenario_runs_left_out: 0,
        stricter_softened: 0,
    };
    report.suite = Some(suite.clone());
    let page = html(&report, Lang::En);
    assert!(
        page.contains(&format!(
            "2026-11-28 <span class=\"muted\">(frozen, sha256 {})</span>",
            "ab".repeat(32)
        )),
        "{page}"
    );
    suite.latest = true;
    suite.frozen = false;
    report.suite = Some(suite.clone());
    let page = html(&report, Lang::Ja);
    assert!(page.contains("(最新; 未凍結, sha256 abab"), "{page}");
    suite.sha256.clear();
    suite.latest = false;
    report.suite = Some(suite);
    let page = html(&report, Lang::En);
    assert!(page.contains("<dd>2026-11-28</dd>"), "{page}");
}
