//! `mynakit-conformance`'s layout: a check's file under its id prefix's folder, its modules
//! in layers, and its words in each family's `words` module (docs/architecture.md).

use super::*;

/// The non-test source files of `mynakit-conformance`, each with its path below `src/`.
fn conformance_sources() -> Vec<(PathBuf, String)> {
    let src = root().join("conformance/src");
    let sources = sources();
    let tests = test_modules(&sources);
    sources
        .into_iter()
        .filter(|p| p.starts_with(&src) && !tests.iter().any(|t| p.starts_with(t)))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p.strip_prefix(&src).unwrap().to_path_buf(), text))
        })
        .collect()
}

#[test]
fn a_checks_file_lies_under_its_id_prefixs_folder() {
    let mut declared = 0;
    let mut misplaced = Vec::new();
    for (path, text) in conformance_sources() {
        for line in code_part(&text).lines() {
            let Some(id) = line.trim_start().strip_prefix("id: \"") else {
                continue;
            };
            let id = id.trim_end_matches([',', '"']);
            let Some((prefix, _)) = id.split_once('-') else {
                continue;
            };
            declared += 1;
            if !path.starts_with(prefix.to_lowercase()) {
                misplaced.push(format!("{id} in conformance/src/{}", path.display()));
            }
        }
    }
    assert_eq!(
        declared,
        mynakit_conformance::CHECKS.len(),
        "every check's `id:` line found"
    );
    assert!(
        misplaced.is_empty(),
        "a check's file lies under its id prefix's folder, lower case (docs/architecture.md): \
         {misplaced:#?}"
    );
}

/// The top-level modules of `mynakit-conformance` in layers, bottom first (docs/architecture.md):
/// what a check says (`reason`, both languages), the decoded run and what reads no check, the checks' vocabulary, the rules two families judge
/// alike (`checkup`), the families, the registry,
/// the detection matrix, the suite versions (the day each check came, over the registry), the
/// requirement ledger (the items each check judges, with the matrix's scenarios). A module
/// reads its own layer's other modules no more than those above: a family reads no other family.
const CONFORMANCE_LAYERS: [&[&str]; 10] = [
    &["facts"],
    &["reason"],
    &["run", "screen", "words"],
    &["check"],
    &["checkup"],
    &["apdu", "data", "pin", "rp", "svc", "uke", "vis", "xml"],
    &["catalogue"],
    &["matrix"],
    &["suite"],
    &["ledger"],
];

fn conformance_layer(module: &str) -> Option<usize> {
    CONFORMANCE_LAYERS
        .iter()
        .position(|layer| layer.contains(&module))
}

#[test]
fn no_crate_import_runs_up_inside_conformance() {
    let mut found = Vec::new();
    let mut paths = 0;
    for (path, text) in conformance_sources() {
        let Some(std::path::Component::Normal(first)) = path.components().next() else {
            continue;
        };
        let module = first.to_string_lossy();
        let module = module.trim_end_matches(".rs");
        if module == "lib" {
            continue;
        }
        let Some(layer) = conformance_layer(module) else {
            found.push(format!(
                "conformance/src/{}: module `{module}` has no layer here",
                path.display()
            ));
            continue;
        };
        for (number, line) in code_part(&text).lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for name in crate_paths(line) {
                paths += 1;
                let place = format!("conformance/src/{}:{}", path.display(), number + 1);
                match conformance_layer(&name) {
                    None => found.push(format!(
                        "{place}: `crate::{name}` names the crate root; name the module that \
                         holds it"
                    )),
                    Some(to) if to > layer => found.push(format!(
                        "{place}: `{module}` reads `crate::{name}`, a layer above it"
                    )),
                    Some(to) if to == layer && name != module => found.push(format!(
                        "{place}: `{module}` reads `crate::{name}`, another module of its layer \
                         (a family reads no other family)"
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    assert!(paths > 100, "only {paths} `crate::` paths found");
    assert!(
        found.is_empty(),
        "conformance's layers (docs/architecture.md): {found:#?}"
    );
}

/// Whether `c` is Japanese: kana, the unified ideographs, the full-width forms.
fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// `code` without its `check! { … }` declarations: a check's rule, rationale and reference are
/// the catalogue's, which quotes its Japanese sources.
fn without_check_declarations(code: &str) -> String {
    let mut kept = String::new();
    let mut inside = false;
    for line in code.split_inclusive('\n') {
        if line.starts_with("check! {") {
            inside = true;
        }
        if !inside {
            kept.push_str(line);
        }
        if inside && line.trim_end() == "}" {
            inside = false;
        }
    }
    kept
}

/// Whether the code of a conformance file (its comments, its checks' declarations and its unit
/// tests aside) says something in words of its own: a Japanese literal, or a `Reason::new`.
fn says_words_of_its_own(text: &str) -> bool {
    let code = without_check_declarations(&without_comments(code_part(text)));
    code.chars().any(is_japanese) || code.contains("Reason::new(")
}

#[test]
fn a_checks_words_live_in_its_familys_words_module() {
    let kept_apart = |path: &Path| {
        let name = path.to_string_lossy();
        name.ends_with("words.rs")
            || name.contains("words/")
            // `screen/mod.rs` is a vocabulary, not words: its Japanese are the labels screen
            // E-05-A prints and the table `docs/client-protocol.md` prints, which checks compare
            // against.
            || ["reason.rs", "facts.rs", "screen/mod.rs"].contains(&name.as_ref())
    };
    let own_words: Vec<String> = conformance_sources()
        .into_iter()
        .filter(|(path, text)| !kept_apart(path) && says_words_of_its_own(text))
        .map(|(path, _)| path.to_string_lossy().replace('\\', "/"))
        .collect();
    assert!(
        own_words.is_empty(),
        "a check's words (English and Japanese) live in its family's `words` module, one \
         function per thing said (docs/architecture.md, \"Findings as data\"): {own_words:#?}"
    );
}

/// At most this many lines of conformance's code outside its `words` modules hold a Japanese
/// literal or a `Reason::new` (the vocabularies `reason`, `facts` and `screen` included; issue
/// 102 found 31).
const JAPANESE_LINES_OUTSIDE_WORDS: usize = 30;

/// The lines of a conformance file's code (its comments, its checks' declarations and its unit
/// tests aside) that hold a Japanese literal or a `Reason::new`.
fn lines_of_own_words(text: &str) -> usize {
    without_check_declarations(&without_comments(code_part(text)))
        .lines()
        .filter(|line| line.chars().any(is_japanese) || line.contains("Reason::new("))
        .count()
}

#[test]
fn conformance_logic_holds_few_lines_of_words_of_its_own() {
    let counted: Vec<(String, usize)> = conformance_sources()
        .into_iter()
        .map(|(path, text)| (path.to_string_lossy().replace('\\', "/"), text))
        .filter(|(name, _)| !name.ends_with("words.rs") && !name.contains("words/"))
        .map(|(name, text)| (name, lines_of_own_words(&text)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let total: usize = counted.iter().map(|(_, n)| n).sum();
    assert!(
        total <= JAPANESE_LINES_OUTSIDE_WORDS,
        "{total} lines of conformance's code outside its `words` modules hold Japanese or a \
         `Reason::new`, more than {JAPANESE_LINES_OUTSIDE_WORDS}: move them into the family's \
         words: {counted:#?}"
    );
}

/// The longest a `words` file of conformance may be (issue 102: the relying party's was 1,147
/// lines; the other families' longest 749).
const MAX_WORDS_FILE_LINES: usize = 800;

#[test]
fn no_words_file_is_over_800_lines() {
    let mut words_files = 0;
    let mut long = Vec::new();
    for (path, text) in conformance_sources() {
        let name = path.to_string_lossy().replace('\\', "/");
        if !(name.ends_with("words.rs") || name.contains("words/")) {
            continue;
        }
        words_files += 1;
        let lines = text.lines().count();
        if lines > MAX_WORDS_FILE_LINES {
            long.push(format!("conformance/src/{name}: {lines} lines"));
        }
    }
    assert!(words_files > 50, "only {words_files} words files found");
    assert!(
        long.is_empty(),
        "a family's words are split per check, one file each, at most {MAX_WORDS_FILE_LINES} \
         lines (docs/architecture.md, \"Findings as data\"): {long:#?}"
    );
}

/// The longest a file of `conformance/src/run` (the decoded run) may be: one concept a file.
const MAX_RUN_FILE_LINES: usize = 400;

#[test]
fn the_decoded_runs_files_are_at_most_400_lines() {
    let mut files = 0;
    let mut long = Vec::new();
    for (path, text) in conformance_sources() {
        if !path.starts_with("run") {
            continue;
        }
        files += 1;
        let lines = text.lines().count();
        if lines > MAX_RUN_FILE_LINES {
            long.push(format!("conformance/src/{}: {lines} lines", path.display()));
        }
    }
    assert!(
        files > 10,
        "only {files} files of conformance/src/run found"
    );
    assert!(
        long.is_empty(),
        "split by concept, at most {MAX_RUN_FILE_LINES} lines a file: {long:#?}"
    );
}

/// The words of the relying party's revocation vocabulary ([`mynakit_protocol::CertStatus`],
/// [`mynakit_protocol::AnsweredBy`], [`mynakit_protocol::CardCertificate`],
/// [`mynakit_protocol::RevocationFault`]), as string literals: `"revoked"`, `"OCSP"`, `"down"`.
fn revocation_words() -> Vec<String> {
    use mynakit_protocol::{AnsweredBy, CardCertificate, CertStatus, RevocationFault};
    let mut words: Vec<&str> = CertStatus::ALL.iter().map(|s| s.as_str()).collect();
    words.extend(AnsweredBy::ALL.iter().map(|b| b.as_str()));
    words.extend(CardCertificate::ALL.iter().map(|c| c.as_str()));
    words.extend(RevocationFault::ALL.iter().map(|f| f.as_str()));
    words.into_iter().map(|w| format!("\"{w}\"")).collect()
}

/// Where `code` compares a vocabulary word (one of `words`, quoted) as a string, or spells
/// one, or the 点数表 as its code, outside a `words` module: `== "revoked"`, `"good" =>`,
/// `ScoreTable::Nursing.code()`. A words module may print a word (`"unknown"` for a status it
/// cannot name) but not compare it.
fn string_compares(code: &str, words: &[String], in_words: bool) -> Vec<String> {
    let mut found = Vec::new();
    for (number, line) in code.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.contains("ScoreTable::") && trimmed.contains(".code()") && !in_words {
            found.push(format!("{}: {trimmed}", number + 1));
            continue;
        }
        for word in words {
            let mut rest = line;
            while let Some(at) = rest.find(word.as_str()) {
                let before = rest[..at].trim_end();
                let after = rest[at + word.len()..].trim_start();
                let compared = before.ends_with("==")
                    || before.ends_with("!=")
                    || after.starts_with("==")
                    || after.starts_with("!=")
                    || after.starts_with("=>")
                    || after.starts_with('|');
                if compared || !in_words {
                    found.push(format!("{}: {trimmed}", number + 1));
                }
                rest = &rest[at + word.len()..];
            }
        }
    }
    found
}

#[test]
fn no_status_or_fault_word_is_compared_as_a_string() {
    let words = revocation_words();
    assert!(words.contains(&"\"revoked\"".to_owned()) && words.contains(&"\"down\"".to_owned()));
    let mut found = Vec::new();
    for (path, text) in conformance_sources() {
        let name = path.to_string_lossy().replace('\\', "/");
        let in_words = name.ends_with("words.rs") || name.contains("words/");
        let code = without_check_declarations(&without_comments(code_part(&text)));
        for place in string_compares(&code, &words, in_words) {
            found.push(format!("conformance/src/{name}:{place}"));
        }
    }
    assert!(
        found.is_empty(),
        "a revocation status, way, certificate or fault, and a 点数表, are compared as the \
         vocabulary's enums (mynakit_protocol, mynakit_uke), never as strings: {found:#?}"
    );
}

#[test]
fn the_string_compare_finder_finds_them() {
    let words = revocation_words();
    for code in [
        "if a.status == \"revoked\" {",
        "if \"good\" != a.status {",
        "    \"down\" => true,",
        "    \"OCSP\" | \"CRL\" => 1,",
        "file.table.as_deref() == Some(ScoreTable::Nursing.code())",
    ] {
        assert!(!string_compares(code, &words, false).is_empty(), "{code}");
        let in_words = string_compares(code, &words, true);
        assert_eq!(in_words.is_empty(), code.contains("ScoreTable"), "{code}");
    }
    // A logic file spells no word at all; a words file may print one.
    assert_eq!(
        string_compares("let w = \"unknown\";", &words, false).len(),
        1
    );
    assert!(string_compares("_ => \"unknown\".to_owned(),", &words, true).is_empty());
    assert!(string_compares("a.status == CertStatus::Revoked", &words, false).is_empty());
}

#[test]
fn the_words_finder_finds_them() {
    assert!(says_words_of_its_own("fn f() { x(\"確認\") }"));
    assert!(says_words_of_its_own("fn f() { Reason::new(a, b) }"));
    assert!(!says_words_of_its_own(
        "/// 確認\nfn f() {}\n#[cfg(test)]\nmod t { \"確認\" }"
    ));
    assert!(!says_words_of_its_own(
        "check! {\n    X {\n        rule: \"確認\",\n    }\n}\n"
    ));
    assert!(says_words_of_its_own(
        "check! {\n    X {}\n}\nfn f() { \"確認\" }"
    ));
}

// ---------------------------------------------------------------------------------------------
// Issue 70, item 4: one vocabulary a file. Functions short enough to read at first reading, and a
// protocol crate root that only declares (`shape`; `harness/src` joined SHORT_FUNCTION_FOLDERS
// in issue 90).
// ---------------------------------------------------------------------------------------------
