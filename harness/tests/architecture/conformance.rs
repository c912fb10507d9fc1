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
            // `screen.rs` is a vocabulary, not words: its Japanese are the labels screen E-05-A
            // prints and the table `docs/client-protocol.md` prints, which checks compare against.
            || ["reason.rs", "facts.rs", "screen.rs"].contains(&name.as_ref())
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
