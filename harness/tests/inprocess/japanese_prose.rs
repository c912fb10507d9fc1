//! The whole Japanese report.html has no English-only prose (docs/reports.md, "Japanese"): a
//! run with failures, a lost qualification shown as valid and a card pulled mid-read reported
//! as cancelled, written with `--html-detail all`, read as a person reads it. What stays as
//! it is in every language is left out first: ids, code, element and file names, paths, URLs
//! and the quoted titles of sources; what remains may not hold three English words in a row.
#![allow(clippy::unwrap_used)]

use super::japanese::failing_run;
use crate::common;

/// The text of an HTML page a person reads: no `<style>`, `<script>`, `<code>` or `<pre>`
/// (code, ids, hex, the scenario file), no tags or attributes, entities decoded; each element
/// on a line of its own, so that two cells never join into one sentence.
fn readable_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        rest = &rest[open..];
        let name: String = rest[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let skipped = ["style", "script", "code", "pre"].contains(&name.as_str());
        let close = format!("</{name}>");
        // Only a skipped element's end is looked for: looking for every tag's (`</>` for a
        // closing tag, never there) would read the rest of a 35 MB page once per tag.
        let end = match skipped.then(|| rest.find(&close)).flatten() {
            Some(at) => at + close.len(),
            None => rest.find('>').map_or(rest.len(), |at| at + 1),
        };
        rest = &rest[end..];
        text.push('\n');
    }
    text.push_str(rest);
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text without what is the same in every language: URLs, paths (`docs/card.md#pins`,
/// `/tmp/…`) and anything quoted (a source's title, `"Exponential Backoff and Jitter"`, or a
/// wire value).
fn without_citations(text: &str) -> String {
    let mut out = String::new();
    let mut quoted: Option<char> = None;
    for c in text.chars() {
        match (quoted, c) {
            (None, '"') => quoted = Some('"'),
            (None, '“') => quoted = Some('”'),
            (None, '「') => quoted = Some('」'),
            (None, '『') => quoted = Some('』'),
            (Some(end), c) if c == end || c == '\n' => {
                quoted = None;
                out.push(' ');
            }
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    out.split(' ')
        .filter(|w| !(w.contains('/') || w.contains("://")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs of at least three English words in a row, in text without code and citations: words
/// of ASCII letters (`the`, `Tag`, `card's`), spaces between them. An all-capitals word
/// (`PIN`, `READ BINARY`) and a word with a capital inside (`QualificationValidity`) are wire
/// names; a word with a digit, `-`, `_` or `.` inside is an id; punctuation ends a run, so a
/// list (`pin, visual, face`) is a list of ids, not a sentence.
fn english_runs(text: &str) -> Vec<String> {
    let word = |w: &str| {
        let w = w.strip_suffix("'s").unwrap_or(w);
        let mut letters = w.chars();
        letters.next().is_some_and(|c| c.is_ascii_alphabetic())
            && letters.all(|c| c.is_ascii_lowercase())
    };
    let mut runs = Vec::new();
    for segment in without_citations(text).split(|c: char| {
        c == '\n' || ",;:()（）、。!?".contains(c) || (!c.is_ascii() && !c.is_whitespace())
    }) {
        let mut run: Vec<&str> = Vec::new();
        for w in segment.split_whitespace() {
            let w = w.trim_end_matches('.');
            if word(w) && !(w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase())) {
                run.push(w);
                continue;
            }
            if run.len() >= 3 {
                runs.push(run.join(" "));
            }
            run.clear();
        }
        if run.len() >= 3 {
            runs.push(run.join(" "));
        }
    }
    runs
}

#[test]
fn english_runs_are_three_words_of_prose_outside_code_ids_and_citations() {
    assert_eq!(
        english_runs("見つかった: the client reported"),
        ["the client reported"]
    );
    assert!(english_runs(&readable_text("<code>the client reported</code> です")).is_empty());
    for kept in [
        "READ BINARY の応答は PIN OK",
        "QualificationValidity が 2",
        "モード pin, visual, face",
        "docs/card.md#select (OpenSC #801)",
        "AWS \"Exponential Backoff and Jitter\"",
        "厚生労働省「Some English Title Here」",
        "https://example.org/a/b/c the",
        "service-error は card-error ではない",
    ] {
        assert!(english_runs(kept).is_empty(), "{kept}");
    }
    assert_eq!(
        english_runs("(OpenSC #801: path forms fail)"),
        ["path forms fail"]
    );
}

/// A Japanese report.html of a run with failures, every run's section in full: no English-only
/// prose anywhere a person reads.
#[test]
fn the_whole_japanese_report_has_no_english_prose() {
    let dir = tempfile::tempdir().unwrap();
    failing_run(
        "ja_JP.UTF-8",
        &[
            "--filter",
            "card-removed-while-reading",
            "--defect",
            "card-loss-as-cancel",
            "--html-detail",
            "all",
        ],
        dir.path(),
    );
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    // The run did fail both ways, and the page is the Japanese one.
    assert!(html.contains("<html lang=\"ja\">"));
    for check in ["SVC-invalid-shown", "APDU-removal"] {
        assert!(html.contains(&format!("<code>{check}</code>")), "{check}");
    }
    assert_no_english_prose(&html);
}

/// The Japanese report.html of the whole bundled run with the reference client, every run's
/// section in full: every bundled scenario's title, references, notes and timeline, every
/// check judged and its sources, read as a person reads them.
#[test]
fn the_bundled_runs_japanese_report_has_no_english_prose() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::mynakit()
        .args(["run", "--transport", "in-process", "--lang", "ja"])
        .args(["--html-detail", "all", "--report-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"ja\">"));
    // The page holds what the bundled run is known to word in Japanese: references, a check's
    // sources, the terminal's notes, a reader's latency, a missing claim file.
    for shown in [
        "スリーブに入れたカードは検知されない",
        "デーモンがソケットを閉じると",
        "に移動した",
        "オンライン資格確認等システムに接続できない",
        "コマンドごとに",
        "RECEIPTC.UKE を書き出していません",
    ] {
        assert!(html.contains(shown), "{shown}");
    }
    assert_no_english_prose(&html);
}

fn assert_no_english_prose(html: &str) {
    let runs = english_runs(&readable_text(html));
    let mut distinct: Vec<&String> = runs.iter().collect();
    distinct.sort();
    distinct.dedup();
    assert!(
        runs.is_empty(),
        "{} runs of English prose, {} distinct: {distinct:#?}",
        runs.len(),
        distinct.len()
    );
}
