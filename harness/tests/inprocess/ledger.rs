//! `mynakit ledger` (docs/ledger.md): the listing and its filters, one item, the `ledger` ids
//! `mynakit checks --format json` gains, and `drift` on a synthetic re-issue of a held notice,
//! with its exit codes.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::{mynakit, text};

fn json_of(args: &[&str]) -> serde_json::Value {
    let out = mynakit().args(args).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_ledger_lists_every_item_with_its_evidence() {
    let all = json_of(&["ledger", "--format", "json"]);
    let items = all["items"].as_array().unwrap();
    assert!(items.len() >= 300, "{} items", items.len());
    let checks = json_of(&["checks", "--format", "json"]);
    let ids: Vec<&str> = checks["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for item in items {
        let evidence = item["evidence"].as_str().unwrap();
        assert!(
            ["judged", "declared", "review", "out-of-scope"].contains(&evidence),
            "{item}"
        );
        if evidence == "judged" {
            let named = item["checks"].as_array().unwrap();
            assert!(!named.is_empty(), "{item}");
            assert!(
                named.iter().all(|c| ids.contains(&c.as_str().unwrap())),
                "{item}"
            );
        }
    }
    // Every check names the items that name it, and names at least one.
    for check in checks["checks"].as_array().unwrap() {
        let ledger = check["ledger"].as_array().unwrap();
        assert!(!ledger.is_empty(), "{}", check["id"]);
    }
    let review = json_of(&["ledger", "--evidence", "review", "--format", "json"]);
    assert!(review["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["evidence"] == "review" && !i["note"].as_str().unwrap().is_empty()));
    let one_check = json_of(&["ledger", "--check", "VIS-no-pin", "--format", "json"]);
    assert!(!one_check["items"].as_array().unwrap().is_empty());
    let uncovered = json_of(&[
        "ledger",
        "--uncovered",
        "--source",
        "SEED003",
        "--format",
        "json",
    ]);
    assert!(uncovered["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["evidence"] != "judged" && i["source"] == "SEED003"));
}

#[test]
fn one_item_shows_in_english_and_japanese() {
    let out = mynakit()
        .args(["ledger", "show", "SEED002-003"])
        .output()
        .unwrap();
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("福祉事務所名等が表示されます"), "{said}");
    assert!(said.contains("SVC-welfare-screen"), "{said}");
    let out = mynakit()
        .args(["--lang", "ja", "ledger", "show", "SEED002-003"])
        .output()
        .unwrap();
    assert!(text(&out).contains("証拠: 判定"), "{}", text(&out));
    let out = mynakit()
        .args(["ledger", "show", "SEED999-001"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("SEED999-001"), "{}", text(&out));
    let out = mynakit()
        .args(["ledger", "--evidence", "maybe"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn drift_names_what_a_reissue_moves_or_loses() {
    let dir = tempfile::tempdir().unwrap();
    let held = json_of(&["ledger", "show", "SEED002-003", "--format", "json"]);
    let sentence = held["quote"].as_str().unwrap();
    let original = include_str!("../../../conformance/ledger/sources/SEED002.txt");
    let same = dir.path().join("same.txt");
    std::fs::write(&same, original).unwrap();
    let out = mynakit()
        .args(["ledger", "drift", "--source", "SEED002", "--text"])
        .arg(&same)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let reissue = dir.path().join("reissue.txt");
    std::fs::write(
        &reissue,
        original.replace(sentence, "福祉事務所名を表示します。"),
    )
    .unwrap();
    let out = mynakit()
        .args([
            "ledger", "drift", "--source", "SEED002", "--format", "json", "--text",
        ])
        .arg(&reissue)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let drifted = d["drifted"].as_array().unwrap();
    assert_eq!(drifted.len(), 1, "{d}");
    assert_eq!(drifted[0]["item"], "SEED002-003");
    assert_eq!(drifted[0]["kind"], "vanished");
    assert!(
        !drifted[0]["scenarios"].as_array().unwrap().is_empty(),
        "{d}"
    );

    let out = mynakit()
        .args(["ledger", "drift", "--source", "ISO7816", "--text"])
        .arg(&same)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("is not held"), "{}", text(&out));
    let out = mynakit()
        .args([
            "--lang", "ja", "ledger", "drift", "--source", "SEED002", "--text",
        ])
        .arg(&reissue)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("SEED002-003 消えた"), "{}", text(&out));
    assert!(
        text(&out).contains("チェック: SVC-welfare-screen"),
        "{}",
        text(&out)
    );
}

/// A re-issue of the 特定健診 notice (a PDF's text, its sentences wrapped over lines): one
/// sentence reworded, one removed, one moved to the end. `drift` names each item with what
/// happened to it, in JSON (`change`, `now`) and in words.
#[test]
fn drift_tells_reworded_removed_and_moved_apart() {
    let dir = tempfile::tempdir().unwrap();
    let original = include_str!("../../../conformance/ledger/sources/SEED004.txt");
    let lines: Vec<&str> = original.lines().collect();
    let mut new_text = String::new();
    // Lines 461-463: the 人間ドック's identity rule (SEED004-026), removed; lines 435-437: the
    // bus tour's check (SEED004-024), moved to the end.
    for (n, line) in lines.iter().enumerate().map(|(i, l)| (i + 1, l)) {
        if !(461..=463).contains(&n) && !(435..=437).contains(&n) {
            new_text.push_str(&line.replace(
                "本日から可能とします。",
                "令和６年４月１日から可能とします。",
            ));
            new_text.push('\n');
        }
    }
    new_text.push_str(&lines[434..437].join("\n"));
    let reissue = dir.path().join("seed004-reissue.txt");
    std::fs::write(&reissue, &new_text).unwrap();
    let out = mynakit()
        .args([
            "ledger", "drift", "--source", "SEED004", "--format", "json", "--text",
        ])
        .arg(&reissue)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let drifted = d["drifted"].as_array().unwrap();
    let change = |id: &str| {
        drifted
            .iter()
            .find(|x| x["item"] == id)
            .unwrap_or_else(|| panic!("{id} not in {d}"))
    };
    assert_eq!(drifted.len(), 3, "{d}");
    let reworded = change("SEED004-022");
    assert_eq!(reworded["kind"], "vanished");
    assert_eq!(reworded["change"], "reworded");
    assert!(
        reworded["now"]
            .as_str()
            .unwrap()
            .contains("令和６年４月１日から可能とします。"),
        "{d}"
    );
    assert_eq!(change("SEED004-026")["change"], "removed");
    assert_eq!(change("SEED004-026")["kind"], "vanished");
    assert_eq!(change("SEED004-024")["change"], "moved");
    assert_eq!(change("SEED004-024")["from_line"], 435);

    let out = mynakit()
        .args(["ledger", "drift", "--source", "SEED004", "--text"])
        .arg(&reissue)
        .output()
        .unwrap();
    let said = text(&out);
    assert!(said.contains("SEED004-022 vanished: "), "{said}");
    assert!(said.contains("  reworded, now at line "), "{said}");
    assert!(
        said.contains("  removed: nothing like it where it stood"),
        "{said}"
    );
    assert!(
        said.contains("SEED004-024 moved from line 435 to line "),
        "{said}"
    );
    assert!(said.contains("SEED004: 3 of "), "{said}");
}

#[test]
fn drift_reads_its_text_through_the_bounded_input() {
    let dir = tempfile::tempdir().unwrap();
    let drift = |text: &std::path::Path| {
        mynakit()
            .args(["ledger", "drift", "--source", "SEED002", "--text"])
            .arg(text)
            .output()
            .unwrap()
    };
    // A file name with control characters is printed escaped.
    let out = drift(&dir.path().join("bad\x1b[31mname"));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(!out.stderr.contains(&0x1b), "{}", text(&out));
    assert!(text(&out).contains("bad\\u{1b}[31mname"), "{}", text(&out));
    // A device that never ends is refused, not read.
    let out = drift(std::path::Path::new("/dev/zero"));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("/dev/zero: cannot read: is a character device, not a file"),
        "{}",
        text(&out)
    );
    // A sparse file larger than any text: refused after the limit, never read whole.
    let sparse = dir.path().join("sparse.txt");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(1 << 40)
        .unwrap();
    let out = drift(&sparse);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("larger than the limit of"),
        "{}",
        text(&out)
    );
    // Not UTF-8: placed by line and column.
    let latin = dir.path().join("latin.txt");
    std::fs::write(&latin, b"ok\ncaf\xe9\n").unwrap();
    let out = drift(&latin);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("2:4: not UTF-8"), "{}", text(&out));
}
