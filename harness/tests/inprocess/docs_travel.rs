//! The docs travel with the binary (docs/install.md, "The docs in the binary"): `mynakit checks`
//! lists and explains every conformance check, `mynakit docs` lists and prints every page of
//! `docs/`, and no `--help` text points at a file that the binary alone (the release tarball,
//! the container image) cannot reach.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::{mynakit, repo, text};
use mynakit_conformance::matrix::{self, Proof};

#[test]
fn every_check_is_listed_and_explained() {
    let out = mynakit().arg("checks").output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let list = String::from_utf8(out.stdout).unwrap();
    for check in mynakit_conformance::CHECKS {
        let line = list
            .lines()
            .find(|l| l.split_whitespace().next() == Some(check.id()))
            .unwrap_or_else(|| panic!("{} is not listed:\n{list}", check.id()));
        assert!(line.contains(check.severity().as_str()), "{line}");
        assert!(list.contains(check.rule()), "{}'s rule", check.id());
    }
    assert!(
        list.contains(&format!("{} checks.", mynakit_conformance::CHECKS.len())),
        "{list}"
    );

    for check in mynakit_conformance::CHECKS {
        let out = mynakit().args(["checks", check.id()]).output().unwrap();
        let said = text(&out);
        assert!(out.status.success(), "{said}");
        for field in [check.rule(), check.rationale(), check.reference()] {
            assert!(
                said.contains(field),
                "{}: {field:?} missing:\n{said}",
                check.id()
            );
        }
        let rows: Vec<_> = matrix::rows(check.id()).collect();
        assert!(!rows.is_empty(), "{} has no proof", check.id());
        for row in rows {
            let needed = match row.proof {
                Proof::Caught { scenario, defect }
                | Proof::CaughtOverShare { scenario, defect } => {
                    format!("--filter {scenario} --defect {defect}")
                }
                Proof::ByDesign(why) => why.to_owned(),
            };
            assert!(
                said.contains(&needed),
                "{}: {needed:?} missing:\n{said}",
                check.id()
            );
        }
    }
}

#[test]
fn the_checks_as_json_hold_every_field_and_a_family_lists_its_checks() {
    let out = mynakit()
        .args(["checks", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let checks = doc["checks"].as_array().unwrap();
    assert_eq!(checks.len(), mynakit_conformance::CHECKS.len());
    for (json, check) in checks.iter().zip(mynakit_conformance::CHECKS) {
        assert_eq!(json["id"], check.id());
        assert_eq!(json["severity"], check.severity().as_str());
        assert_eq!(json["rationale"], check.rationale());
        assert_eq!(json["sources"], check.reference());
        assert!(json["rule_ja"].is_string(), "{json}");
        assert!(json["sources_ja"].is_string(), "{json}");
        let roles: Vec<&str> = check.roles().iter().map(|r| r.as_str()).collect();
        assert_eq!(json["roles"], serde_json::json!(roles));
        assert!(!json["proofs"].as_array().unwrap().is_empty(), "{json}");
    }

    let out = mynakit().args(["checks", "vis"]).output().unwrap();
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("VIS-no-pin") && !said.contains("PIN-one-verify"),
        "{said}"
    );

    let out = mynakit()
        .args(["--lang", "ja", "checks", "PIN-one-verify"])
        .output()
        .unwrap();
    let said = text(&out);
    assert!(
        said.contains("規則:") && said.contains("暗証番号"),
        "{said}"
    );

    let out = mynakit().args(["checks", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("PIN-one-verify"), "{}", text(&out));
}

/// The `.md` pages of `docs/`, by name.
fn pages_on_disk() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".md").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_docs_page_is_listed_and_printed_as_it_is() {
    let out = mynakit().arg("docs").output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let list = String::from_utf8(out.stdout).unwrap();
    let listed: Vec<&str> = list
        .lines()
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(listed, pages_on_disk());
    for name in pages_on_disk() {
        let file = std::fs::read(repo().join(format!("docs/{name}.md"))).unwrap();
        for asked in [name.clone(), format!("docs/{name}.md")] {
            let out = mynakit().args(["docs", &asked]).output().unwrap();
            assert!(out.status.success(), "{asked}: {}", text(&out));
            assert!(
                out.stdout == file,
                "mynakit docs {asked} is not docs/{name}.md"
            );
        }
    }
    // A wrong fixtures folder is no reason not to read the page that explains it.
    let out = mynakit()
        .args(["docs", "install", "--format", "json"])
        .env("MYNAKIT_FIXTURES", "/nonexistent")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["name"], "install");
    let out = mynakit().args(["docs", "report"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("did you mean: reports"),
        "{}",
        text(&out)
    );
}

#[test]
fn help_texts_point_to_the_binary_not_to_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = mynakit()
        .args(["man", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let pages = pages_on_disk();
    let mut read = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        // roff escapes `-` as `\-`.
        let page = std::fs::read_to_string(&path).unwrap().replace("\\-", "-");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for (at, _) in page.match_indices("docs/") {
            let rest = &page[at..];
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == ',')
                .unwrap_or(rest.len());
            let word = &rest[..end];
            assert!(
                !(word.contains(".md") || word.contains(".json")),
                "{name} points at the file {word}: say `mynakit docs PAGE`"
            );
        }
        for (at, _) in page.match_indices("mynakit docs ") {
            let named: String = page[at + "mynakit docs ".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            assert!(
                named == "PAGE" || pages.contains(&named),
                "{name} names `mynakit docs {named}`, which is no page"
            );
        }
        read += 1;
    }
    assert!(read > 40, "{read} manual pages");
}

/// The `docs/NAME.md` paths `text` names: a vendor's machine has the binary, not mynakit's
/// repository, so a report cites `mynakit docs NAME` instead (issue 105).
fn doc_files_named(text: &str) -> Vec<String> {
    text.match_indices("docs/")
        .filter_map(|(at, _)| {
            let rest = &text[at + 5..];
            let name = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            rest[name..]
                .starts_with(".md")
                .then(|| format!("docs/{}.md", &rest[..name]))
        })
        .collect()
}

/// A run's terminal text and its JUnit report cite mynakit's pages as `mynakit docs PAGE`:
/// a scenario's references and the warning of a day beyond the rules among them.
#[test]
fn a_runs_terminal_text_and_junit_report_cite_pages_not_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = mynakit()
        .args([
            "run",
            "--filter",
            "counter-read-expired-card",
            "--filter",
            "pin-lockout",
            "--report-dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let said = text(&out);
    assert!(said.contains("beyond-rules"), "{said}");
    assert!(said.contains("`mynakit docs rules`"), "{said}");
    assert_eq!(doc_files_named(&said), Vec::<String>::new(), "{said}");
    let junit = std::fs::read_to_string(dir.path().join("report.xml")).unwrap();
    assert!(junit.contains("\nreferences: mynakit docs "), "{junit}");
    assert_eq!(doc_files_named(&junit), Vec::<String>::new());
}
