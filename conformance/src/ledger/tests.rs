//! The two-way lint of the ledger against the catalogue, the calendar and the held texts, and
//! the drift of a synthetic re-issue.

use super::parse::{parse_items, parse_sources};
use super::*;
use crate::CHECKS;

#[test]
fn bundled_data_parses() {
    if let Err(e) = parse::bundled() {
        panic!("{e}");
    }
    assert!(items().len() >= 300, "{} items", items().len());
}

#[test]
fn every_check_names_an_item() {
    let bare: Vec<&str> = CHECKS
        .iter()
        .map(|c| c.id())
        .filter(|id| items_for_check(id).is_empty())
        .collect();
    assert!(bare.is_empty(), "checks no ledger item names: {bare:?}");
}

#[test]
fn every_dated_rule_names_an_item() {
    let named: Vec<&str> = items()
        .iter()
        .flat_map(|i| i.rules.iter().map(String::as_str))
        .collect();
    let bare: Vec<String> = mynakit_protocol::calendar()
        .iter()
        .map(rule_key)
        .filter(|k| !named.contains(&k.as_str()))
        .collect();
    assert!(bare.is_empty(), "calendar rows no item names: {bare:?}");
    let keys: Vec<String> = mynakit_protocol::calendar().iter().map(rule_key).collect();
    let stale: Vec<&&str> = named
        .iter()
        .filter(|k| !keys.iter().any(|r| r == *k))
        .collect();
    assert!(
        stale.is_empty(),
        "items name rows the calendar lacks: {stale:?}"
    );
}

#[test]
fn judged_items_name_checks_that_exist() {
    for item in items() {
        assert_eq!(
            item.evidence == Evidence::Judged,
            !item.checks.is_empty(),
            "{}: a judged item names checks, any other none",
            item.id
        );
        for check in &item.checks {
            assert!(
                crate::find(check).is_some(),
                "{} names {check}, which is no check",
                item.id
            );
        }
    }
}

#[test]
fn quotes_of_held_sources_are_in_their_text() {
    for item in items() {
        let source = source(&item.source).expect("parsing checked the source");
        let Some(text) = source.text else { continue };
        assert!(
            !item.quote.is_empty(),
            "{} quotes nothing of {}",
            item.id,
            source.id
        );
        assert!(
            drift::Located::new(text).find(&item.quote).is_some(),
            "{}: its quote is not in {} (whitespace ignored): {}",
            item.id,
            source.id,
            item.quote
        );
    }
}

/// Every quote of a held source is re-read from the text at its locator: it begins on that
/// line, and it is one whole sentence (or one whole heading, screen line or table cell), not
/// cut at a line end and not run together with the next (`sentence::misquoted`).
#[test]
fn quotes_are_whole_sentences_at_their_locators() {
    let mut wrong: Vec<String> = Vec::new();
    for item in items() {
        let source = source(&item.source).expect("parsing checked the source");
        let Some(text) = source.text else { continue };
        let line = item
            .locator
            .strip_prefix("line ")
            .and_then(|n| n.parse::<usize>().ok());
        let Some(line) = line else {
            wrong.push(format!(
                "{}: locator {:?} is not `line N`",
                item.id, item.locator
            ));
            continue;
        };
        if let Some(problem) = sentence::misquoted(text, &item.quote, line) {
            wrong.push(format!(
                "{} (line {line}): {problem}: {}",
                item.id, item.quote
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A `judged` item's note is empty when its checks judge all the sentence says, and says
/// which part they judge ("in part: …") when they judge only some of it (docs/ledger.md).
#[test]
fn a_judged_note_says_which_part() {
    for item in items() {
        if item.evidence == Evidence::Judged && !item.note.is_empty() {
            assert!(
                item.note.starts_with("in part: "),
                "{}: a judged item's note begins `in part: `: {}",
                item.id,
                item.note
            );
        }
    }
}

#[test]
fn most_items_quote_their_source() {
    let quoting = items().iter().filter(|i| !i.quote.is_empty()).count();
    assert!(
        quoting * 5 >= items().len() * 4,
        "{quoting} of {} items quote a sentence",
        items().len()
    );
}

#[test]
fn ids_are_unique_and_well_formed() {
    let mut ids: Vec<&str> = items().iter().map(|i| i.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len());
    let bad = parse_items("X-1\tNOPE\t-\tjudged\tPIN-one-verify\t-\t-\t-\n", sources());
    assert_eq!(
        bad.unwrap_err().to_string(),
        "conformance/ledger/items.tsv:1: field `source`: no source \"NOPE\" in sources.tsv"
    );
    let bad = parse_items("# c\nx-1\tSEED000\n", sources());
    assert_eq!(
        bad.unwrap_err().to_string(),
        "conformance/ledger/items.tsv:2: 2 tab-separated fields, expected 8"
    );
    let bad = parse_items(
        "x-1\tSEED000\t-\tjudged\tPIN-one-verify\t-\t-\t-\n",
        sources(),
    );
    assert!(bad.unwrap_err().to_string().contains(":1: field `id`"));
    let bad = parse_items("X-1\tSEED000\t-\tmaybe\t-\t-\t-\t-\n", sources());
    assert!(bad
        .unwrap_err()
        .to_string()
        .contains(":1: field `evidence`"));
    let bad = parse_items("X-1\tSEED000\t-\treview\t-\t-\t-\t-\n", sources());
    assert!(bad.unwrap_err().to_string().contains(":1: field `note`"));
}

#[test]
fn a_changed_held_text_fails_its_pin() {
    let held = [("sources/A.txt", "one。\ntwo。\n")];
    let pinned = format!(
        "A\tsources/A.txt\t{}\t-\t-\tA\n",
        parse::sha256_hex(held[0].1)
    );
    assert!(parse_sources(&pinned, &held).is_ok());
    let changed = [("sources/A.txt", "one。\nthree。\n")];
    let e = parse_sources(&pinned, &changed).unwrap_err().to_string();
    assert!(
        e.starts_with("conformance/ledger/sources.tsv:1: field `sha256`"),
        "{e}"
    );
}

#[test]
fn api_answers_by_id_check_and_evidence() {
    let first = &items()[0];
    assert_eq!(item(&first.id), Some(first));
    assert!(item("NO-SUCH-ITEM").is_none());
    assert!(items_for_check("VIS-no-pin").len() > 1);
    let counted: usize = coverage().iter().map(|(_, n)| n).sum();
    assert_eq!(counted, items().len());
    assert!(review_items().iter().all(|i| !i.note.is_empty()));
}

/// A re-issue of the 2025-04-15 notice with one sentence reworded and one moved to the end:
/// drift names those two items, and nothing else, with the checks resting on them and the new
/// wording.
#[test]
fn drift_of_a_synthetic_reissue() {
    let source = source("SEED002").expect("held");
    let text = source.text.expect("held");
    let changed =
        "また、医療扶助対象者におきましては、資格確認結果画面に福祉事務所名等が表示されます。";
    let moved = "マイナンバーカードを保険証として利用するための登録が必要です。";
    let changed_item = items()
        .iter()
        .find(|i| i.source == "SEED002" && i.quote == changed)
        .expect("an item quotes the sentence");
    let moved_item = items()
        .iter()
        .find(|i| i.source == "SEED002" && i.quote == moved)
        .expect("an item quotes the sentence");
    let reissue = text
        .replace(
            changed,
            "また、医療扶助対象者には、資格確認結果画面に福祉事務所名を表示します。",
        )
        .replace(moved, "")
        + "\n"
        + moved
        + "\n";
    let d = drift("SEED002", &reissue).expect("held source");
    assert_ne!(d.pinned_sha256, d.new_sha256);
    let ids: Vec<&str> = d.drifted.iter().map(|x| x.item.id.as_str()).collect();
    let mut expected = vec![changed_item.id.as_str(), moved_item.id.as_str()];
    expected.sort_unstable();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected, "{:#?}", d.drifted);
    for x in &d.drifted {
        if x.item.id == changed_item.id {
            assert_eq!(
                x.kind,
                DriftKind::Reworded {
                    from_line: 18,
                    to_line: 18,
                    now: "また、医療扶助対象者には、資格確認結果画面に福祉事務所名を表示します。"
                        .to_owned()
                }
            );
            assert!(x.checks.iter().any(|c| c == "SVC-welfare-screen"));
            assert!(!x.scenarios.is_empty());
        } else {
            assert!(matches!(x.kind, DriftKind::Moved { to_line, .. } if to_line > 60));
        }
    }
    // The held text itself drifts nowhere.
    assert!(drift("SEED002", text).expect("held").drifted.is_empty());
    assert_eq!(
        drift("ISO7816", "x"),
        Err(LedgerError::NotHeld("ISO7816".to_owned()))
    );
    assert_eq!(
        drift("SEED999", "x"),
        Err(LedgerError::NoSource("SEED999".to_owned()))
    );
}

/// A re-issue of the 特定健診 notice, a PDF's text whose sentences wrap over several lines: one
/// sentence reworded in place (マイナポータル allowed from a day, not 本日), one removed (the
/// 人間ドック's identity rule), one paragraph moved to the end (the bus tour's check), and a
/// paragraph inserted at the top, which shifts every line but moves no sentence. Drift names
/// exactly those three items, each with what happened to it.
#[test]
fn drift_of_a_reissued_pdf_text() {
    let text = source("SEED004").and_then(|s| s.text).expect("held");
    let lines: Vec<&str> = text.lines().collect();
    let quoted = |id: &str| item(id).expect("an item of SEED004");
    let reworded = quoted("SEED004-022");
    let removed = quoted("SEED004-026");
    let moved = quoted("SEED004-024");
    // Lines are 1-based in locators: the removed sentence is lines 461 to 463, the moved one
    // 435 to 437.
    let mut reissue = String::from("（追記）本通知は令和７年に改めて周知するものです。\n\n");
    for (n, line) in lines.iter().enumerate().map(|(i, l)| (i + 1, l)) {
        if (461..=463).contains(&n) || (435..=437).contains(&n) {
            continue;
        }
        reissue.push_str(&line.replace(
            "本日から可能とします。",
            "令和６年４月１日から可能とします。",
        ));
        reissue.push('\n');
    }
    for line in &lines[434..437] {
        reissue.push_str(line);
        reissue.push('\n');
    }
    let d = drift("SEED004", &reissue).expect("held source");
    let found: Vec<(&str, &DriftKind)> = d
        .drifted
        .iter()
        .map(|x| (x.item.id.as_str(), &x.kind))
        .collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    let kind = |id: &str| {
        found
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, k)| (*k).clone())
            .unwrap_or_else(|| panic!("{id} did not drift: {found:#?}"))
    };
    match kind(&reworded.id) {
        DriftKind::Reworded { from_line, now, .. } => {
            assert_eq!(from_line, 406);
            assert!(now.ends_with("令和６年４月１日から可能とします。"), "{now}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(kind(&removed.id), DriftKind::Vanished);
    assert!(matches!(
        kind(&moved.id),
        DriftKind::Moved { from_line: 435, to_line } if to_line > 500
    ));
    let removed_checks = &d
        .drifted
        .iter()
        .find(|x| x.item.id == removed.id)
        .expect("drifted")
        .checks;
    assert!(
        removed_checks.iter().any(|c| c == "SVC-dock-purpose"),
        "{removed_checks:?}"
    );
}
