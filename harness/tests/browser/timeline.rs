//! The timeline strip and the printout of a failing run, as a person uses them
//! (docs/reports.md, "The timeline strip" and "Printing"): the reference client with a
//! deliberate defect (`show-lost-as-valid`) fails `expired-eligibility`; a click on a finding's
//! link in Chromium lights up and scrolls to the event it cites; the page printed to PDF reads
//! check ids, event numbers and the Japanese event column whole, and certificates by their digest.
//!
//! Needs `chromium` and `pdftotext` (poppler-utils) with a Japanese font (fonts-noto-cjk), as
//! `.ci/run` installs them. Without them the tests fail when `CI` is set and are skipped, with a
//! message, otherwise.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common;

/// `Some(())` when `program --version` runs; a failure under `CI`, a skip otherwise.
fn needs(program: &str) -> Option<()> {
    let ok = Command::new(program)
        .arg(if program == "pdftotext" {
            "-v"
        } else {
            "--version"
        })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return Some(());
    }
    if std::env::var_os("CI").is_some() {
        panic!("CI is set, and this test needs `{program}`");
    }
    eprintln!("skipped: `{program}` cannot be run (with CI set this test fails)");
    None
}

/// The failing run's reports in `lang` (`en`, `ja`), written into `dir`: the report folder.
fn failing_run(dir: &Path, lang: &str) -> PathBuf {
    let reports = dir.join(lang);
    let out = common::mynakit()
        .arg("run")
        .arg(common::repo().join("scenarios/expired-eligibility.yaml"))
        .args([
            "--defect",
            "show-lost-as-valid",
            "--transport",
            "in-process",
            "--lang",
            lang,
            "--report-dir",
        ])
        .arg(&reports)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", common::text(&out));
    reports
}

/// A page that loads the report in a frame, clicks the first problem's link to the strip as a
/// person would, and writes what the report then shows (as JSON) into `<pre id="out">`.
const CLICKER: &str = r#"<!DOCTYPE html><html><body>
<iframe id="f" src="report.html" style="width:1200px;height:700px"></iframe><pre id="out">waiting</pre>
<script>
const out = t => { document.getElementById("out").textContent = t; };
document.getElementById("f").addEventListener("load", () => {
  const w = document.getElementById("f").contentWindow, doc = w.document;
  const link = doc.querySelector("section.lv-failed table.problems a.to-strip");
  if (!link) { out("no link to the strip"); return; }
  w.scrollTo(0, 0);
  link.click();
  setTimeout(() => {
    const id = decodeURIComponent(w.location.hash.slice(1));
    const mark = doc.getElementById(id);
    if (!mark) { out("no element " + id); return; }
    const r = mark.getBoundingClientRect();
    const row = doc.getElementById(mark.getAttribute("href").slice(1));
    out(JSON.stringify({ cites: link.dataset.ev, target: id, targeted: mark.matches(":target"),
      lit: [...doc.querySelectorAll(".mark.on")].map(m => m.id), hit: mark.classList.contains("hit"),
      shown: r.top >= 0 && r.bottom <= w.innerHeight && r.width > 0, scrolled: w.scrollY,
      row: row ? row.id : null }));
  }, 300);
});
</script></body></html>"#;

#[test]
fn clicking_a_finding_lights_up_and_scrolls_to_its_event_on_the_strip() {
    if needs("chromium").is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let reports = failing_run(tmp.path(), "en");
    let page = reports.join("click.html");
    std::fs::write(&page, CLICKER).unwrap();
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-extensions",
            // The frame's document is read from the clicker's script: both are files.
            "--allow-file-access-from-files",
            "--virtual-time-budget=5000",
            "--window-size=1280,900",
        ])
        .arg(format!(
            "--user-data-dir={}",
            tmp.path().join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let json = dom
        .split(r#"<pre id="out">"#)
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("no result in the DOM: {dom}"));
    let seen: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|_| panic!("the clicker says: {json}"));
    let first = seen["cites"].as_str().unwrap().split(' ').next().unwrap();
    let mark = format!("expired-eligibility-tl-{first}");
    assert_eq!(seen["target"], mark.as_str(), "{seen}");
    assert_eq!(seen["targeted"], true, "{seen}");
    assert_eq!(seen["hit"], true, "the cited event is marked: {seen}");
    assert!(
        seen["lit"]
            .as_array()
            .unwrap()
            .contains(&mark.as_str().into()),
        "{seen}"
    );
    assert_eq!(
        seen["shown"], true,
        "the event is scrolled into view: {seen}"
    );
    assert!(seen["scrolled"].as_f64().unwrap() > 0.0, "{seen}");
    assert_eq!(
        seen["row"],
        format!("expired-eligibility-ev-{first}").as_str(),
        "the mark leads to its line in the timeline table: {seen}"
    );
}

/// The text of a PDF as `pdftotext -raw` reads it, line breaks kept.
fn pdf_lines(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `what` is on paper, and never cut in two at a line's end (`expect.fields.Disq|ualificationDate`,
/// `#3|4`): no two neighbouring words make it that neither holds.
fn assert_whole(words: &[&str], what: &str, lang: &str) {
    assert!(
        words.iter().any(|w| w.contains(what)),
        "{lang}: `{what}` is not in the printout: {words:?}"
    );
    for pair in words.windows(2) {
        let joined = format!("{}{}", pair[0], pair[1]);
        assert!(
            !joined.contains(what) || pair[0].contains(what) || pair[1].contains(what),
            "{lang}: `{what}` is cut in two on paper: `{}` | `{}`",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn the_printout_reads_ids_event_numbers_and_certificates_whole() {
    if needs("chromium").is_none() || needs("pdftotext").is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for lang in ["en", "ja"] {
        let reports = failing_run(tmp.path(), lang);
        let pdf = tmp.path().join(format!("{lang}.pdf"));
        common::print_to_pdf(
            &reports.join("report.html"),
            &pdf,
            &tmp.path().join("profile"),
        )
        .unwrap();
        let text = pdf_lines(&pdf);
        let words: Vec<&str> = text.split_whitespace().collect();
        let report: serde_json::Value = common::report_json(&reports.join("report.json"));
        for scenario in report["scenarios"].as_array().unwrap() {
            let expectations = scenario["expectations"].as_array().into_iter().flatten();
            let checks = scenario["checks"].as_array().into_iter().flatten();
            for finding in expectations.chain(checks) {
                if finding["level"] != "FAILED" {
                    continue;
                }
                // Each failing check's id is one word on paper, never cut at a line's end.
                let id = finding["check"].as_str().unwrap();
                assert_whole(&words, id, lang);
                for event in finding["events"].as_array().into_iter().flatten() {
                    assert_whole(&words, &format!("#{event}"), lang);
                }
            }
        }
        if lang == "ja" {
            assert!(
                text.contains("イベント") && !text.contains("イベン\n"),
                "the Japanese event column is split:\n{text}"
            );
        }
        assert!(
            !text.contains("MII"),
            "{lang}: a certificate is printed as base64:\n{text}"
        );
        assert!(
            text.contains("certificate SHA-256"),
            "{lang}: no certificate named by its digest:\n{text}"
        );
    }
}
