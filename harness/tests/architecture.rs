//! The structure docs/architecture.md promises, checked on the code itself: which crate may pull
//! which, how long a file may grow, what the CLI crate's library exposes, that OQS element
//! names are spelled once, in `mynakit-oqs`, that no crate's modules form a circle
//! (`module_circles`), that `mynakit-conformance` is laid out by family: a check's file lies
//! under its id prefix's folder, and no `crate::` path inside it runs up its layers, and that the
//! converted crates' errors are types, never strings (`anyhow` only in the harness's CLI), and
//! that no library crate re-exports another mynakit crate's items.
//!
//! These are the rules a reader relies on when they open the code for the first time; a change
//! that breaks one must change docs/architecture.md too, and this test with it.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use mynakit_oqs::ElementName;
use serde_json::Value;

mod module_circles;

/// The workspace root (the harness crate sits one level below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the harness crate sits inside the workspace")
        .to_path_buf()
}

/// `cargo metadata` of the workspace, for this machine's platform.
fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // This machine's platform only: the Windows-only crates of the lock file need no download.
    let host = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    let host = String::from_utf8_lossy(&host.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc -vV names the host");
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
            &host,
        ])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

/// `cargo metadata`'s resolved graph: package name → names of its normal (run-time) dependencies.
fn normal_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let metadata = metadata();
    let names: BTreeMap<&str, &str> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let mut graph = BTreeMap::new();
    for node in metadata["resolve"]["nodes"].as_array().expect("resolve") {
        let name = names[node["id"].as_str().unwrap()].to_owned();
        let deps = node["deps"]
            .as_array()
            .expect("deps")
            .iter()
            .filter(|d| {
                d["dep_kinds"]
                    .as_array()
                    .expect("dep_kinds")
                    .iter()
                    .any(|k| k["kind"].is_null())
            })
            .map(|d| names[d["pkg"].as_str().unwrap()].to_owned())
            .collect();
        graph.insert(name, deps);
    }
    graph
}

/// The layer of each workspace crate: one above the highest workspace crate it depends on.
fn layers(graph: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, usize> {
    fn layer(
        graph: &BTreeMap<String, BTreeSet<String>>,
        name: &str,
        done: &mut BTreeMap<String, usize>,
    ) -> usize {
        if let Some(&l) = done.get(name) {
            return l;
        }
        let ours = graph[name].iter().filter(|d| d.starts_with("mynakit"));
        let l = ours.map(|d| layer(graph, d, done) + 1).max().unwrap_or(0);
        done.insert(name.to_owned(), l);
        l
    }
    let mut done = BTreeMap::new();
    for name in graph.keys().filter(|n| n.starts_with("mynakit")) {
        layer(graph, name, &mut done);
    }
    done
}

/// The layer picture of a page: its lines that start with a space and a layer number, then the
/// crates of that layer (`harness` is the `mynakit` crate; a word in parentheses is a comment).
fn pictured_layers(page: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for line in page.lines() {
        let mut words = line.split_whitespace();
        let Some(Ok(layer)) = words.next().map(str::parse::<usize>) else {
            continue;
        };
        if !line.starts_with(' ') {
            continue;
        }
        for word in words.filter(|w| !w.starts_with('(')) {
            let name = if word == "harness" {
                "mynakit".to_owned()
            } else {
                format!("mynakit-{word}")
            };
            out.insert(name, layer);
        }
    }
    out
}

#[test]
fn the_layer_pictures_are_what_cargo_finds() {
    let found = layers(&normal_dependencies());
    for page in ["docs/architecture.md", "DEVELOPERS.md"] {
        let text = std::fs::read_to_string(root().join(page)).unwrap();
        assert_eq!(pictured_layers(&text), found, "{page}'s layer picture");
    }
}

/// Every package `package` pulls in at run time, itself excluded.
fn closure(graph: &BTreeMap<String, BTreeSet<String>>, package: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![package.to_owned()];
    while let Some(next) = todo.pop() {
        for dep in graph.get(&next).into_iter().flatten() {
            if seen.insert(dep.clone()) {
                todo.push(dep.clone());
            }
        }
    }
    seen
}

#[test]
fn judges_and_the_vocabulary_do_not_pull_the_pki_generator() {
    let graph = normal_dependencies();
    let generator = [
        "mynakit-fixtures",
        "rcgen",
        "rsa",
        "p384",
        "toml",
        "serde_yaml_ng",
    ];
    for package in [
        "mynakit-conformance",
        "mynakit-oqs",
        "mynakit-timeline",
        "mynakit-persona",
    ] {
        let pulled = closure(&graph, package);
        let found: Vec<_> = generator.iter().filter(|g| pulled.contains(**g)).collect();
        assert!(
            found.is_empty(),
            "{package} pulls {found:?} (docs/architecture.md)"
        );
    }
}

/// Source files of the workspace's crates, tests and benches included, generated files not.
fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if name != "target" && !name.to_string_lossy().starts_with('.') {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root(), &mut out);
    out
}

#[test]
fn no_file_is_over_1200_lines() {
    let long: Vec<_> = sources()
        .into_iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(&path).ok()?.lines().count();
            (lines > 1200).then(|| format!("{} ({lines} lines)", path.display()))
        })
        .collect();
    assert!(long.is_empty(), "split by concept: {long:#?}");
}

#[test]
fn the_cli_crate_exposes_a_curated_library() {
    let lib = std::fs::read_to_string(root().join("harness/src/lib.rs")).unwrap();
    let public: Vec<_> = lib
        .lines()
        .filter(|l| l.starts_with("pub mod ") || l.starts_with("pub use "))
        .collect();
    assert!(public.len() <= 8, "harness/src/lib.rs exposes {public:#?}");
    let architecture = std::fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    for line in &public {
        let name = line
            .trim_start_matches("pub mod ")
            .trim_start_matches("pub use ")
            .trim_end_matches(';');
        // `pub use a::b as c;` is named `c`; `pub use a::b;` is named `b`.
        let name = name.rsplit(" as ").next().unwrap_or(name);
        let name = name
            .rsplit("::")
            .next()
            .unwrap_or(name)
            .trim_matches(|c| c == '{' || c == '}');
        assert!(
            architecture.contains(&format!("`{name}`")),
            "docs/architecture.md does not name harness's `{name}`"
        );
    }
}

/// The part of a source file that is not its unit tests (what follows `#[cfg(test)]`).
fn code_part(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |at| &text[..at])
}

/// Test-only modules, as files and folders: declared as `mod name;` right after `#[cfg(test)]`.
fn test_modules(sources: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for path in sources {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let dir = path.parent().unwrap_or(Path::new("."));
        // A module's children sit beside it (lib.rs, main.rs, mod.rs) or in a folder named after it.
        let children = if ["lib", "main", "mod"].contains(&stem) {
            dir.to_path_buf()
        } else {
            dir.join(stem)
        };
        let lines: Vec<_> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        for pair in lines.windows(2) {
            let Some(name) = pair[1]
                .strip_prefix("mod ")
                .and_then(|n| n.strip_suffix(';'))
            else {
                continue;
            };
            if pair[0] == "#[cfg(test)]" {
                // The module's file, or its folder and everything in it.
                out.insert(children.join(format!("{name}.rs")));
                out.insert(children.join(name));
            }
        }
    }
    out
}

#[test]
fn oqs_element_names_are_spelled_once() {
    let oqs = root().join("oqs");
    let sources = sources();
    let tests = test_modules(&sources);
    let mut found = Vec::new();
    for path in sources {
        let in_src = path.components().any(|c| c.as_os_str() == "src");
        let in_tests = tests.iter().any(|t| path.starts_with(t));
        if path.starts_with(&oqs) || !in_src || in_tests {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (number, line) in code_part(&text).lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for name in ElementName::ALL {
                if line.contains(&format!("\"{}\"", name.as_str())) {
                    found.push(format!(
                        "{}:{}: {}",
                        path.display(),
                        number + 1,
                        name.as_str()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "name these through mynakit_oqs::ElementName: {found:#?}"
    );
}

/// The root file of every target of the workspace's own packages, with its kinds (`lib`,
/// `bin`, `test`, …), as `cargo metadata` lists them.
fn member_targets() -> Vec<(Vec<String>, PathBuf)> {
    let metadata = metadata();
    let members: BTreeSet<&str> = metadata["workspace_members"]
        .as_array()
        .expect("workspace_members")
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let mut out = Vec::new();
    for package in metadata["packages"].as_array().expect("packages") {
        if !members.contains(package["id"].as_str().unwrap()) {
            continue;
        }
        for target in package["targets"].as_array().expect("targets") {
            let kinds = target["kind"].as_array().expect("kind");
            let kinds = kinds
                .iter()
                .map(|k| k.as_str().unwrap().to_owned())
                .collect();
            out.push((kinds, PathBuf::from(target["src_path"].as_str().unwrap())));
        }
    }
    out
}

/// The root files of the workspace's crates (libraries and binaries; tests, examples and benches
/// are crates of their own that nothing depends on).
fn crate_roots() -> Vec<PathBuf> {
    member_targets()
        .into_iter()
        .filter(|(kinds, _)| {
            kinds
                .iter()
                .any(|k| ["lib", "bin", "proc-macro"].contains(&k.as_str()))
        })
        .map(|(_, root)| root)
        .collect()
}

#[test]
fn no_crate_has_a_module_circle() {
    let roots = crate_roots();
    assert!(roots.len() >= 17, "every workspace crate: {roots:#?}");
    let mut found = Vec::new();
    for root in roots {
        let circles = module_circles::module_circles(&module_circles::Disk, &root)
            .unwrap_or_else(|e| panic!("{e}"));
        found.extend(
            circles
                .into_iter()
                .map(|c| format!("{}: {c}", root.display())),
        );
    }
    assert!(
        found.is_empty(),
        "module circles (docs/architecture.md, \"No circles inside a crate either\"): {found:#?}"
    );
}

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
/// the detection matrix. A module reads its own layer's other modules no more than those above:
/// a family reads no other family.
const CONFORMANCE_LAYERS: [&[&str]; 8] = [
    &["facts"],
    &["reason"],
    &["run", "cite", "screen", "words"],
    &["check"],
    &["checkup"],
    &["apdu", "data", "pin", "svc", "uke", "vis", "xml"],
    &["catalogue"],
    &["matrix"],
];

fn conformance_layer(module: &str) -> Option<usize> {
    CONFORMANCE_LAYERS
        .iter()
        .position(|layer| layer.contains(&module))
}

/// The first names of the paths `crate::…` on a line: `crate::a::b` gives `a`,
/// `crate::{a, b::c}` gives `a` and `b`.
fn crate_paths(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let names = match rest.strip_prefix('{') {
            Some(group) => {
                let mut depth = 0;
                let end = group
                    .char_indices()
                    .find(|&(_, c)| {
                        match c {
                            '{' => depth += 1,
                            '}' if depth == 0 => return true,
                            '}' => depth -= 1,
                            _ => {}
                        }
                        false
                    })
                    .map_or(group.len(), |(i, _)| i);
                let mut names = Vec::new();
                let mut depth = 0;
                let mut start = 0;
                for (i, c) in group[..end].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            names.push(&group[start..i]);
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
                names.push(&group[start..end]);
                names
            }
            None => vec![rest],
        };
        for name in names {
            let name: String = name
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
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

/// Crates whose library code is held to typed errors (issue 51, "errors are enums"): no
/// `Result<_, String>`, no `type Error = String`, no `Box<dyn Error>` in a public item: every
/// library crate, and the harness outside `cli/` (which prints errors as text). In the harness,
/// `anyhow` is named only in `cli/` and `main.rs`.
const TYPED_ERROR_CRATES: [&str; 18] = [
    "apdu",
    "capture",
    "conformance",
    "emulator",
    "fixtures",
    "harness",
    "listener",
    "load-cards",
    "oqs",
    "persona",
    "protocol",
    "reader",
    "reference-client",
    "service",
    "terminal",
    "terminal-share",
    "timeline",
    "uke",
];

/// The end of the generic arguments opened just before `from` (the `<` already read), skipping
/// the `>` of `->`.
fn generic_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 1;
    for at in from..bytes.len() {
        match bytes[at] {
            b'<' => depth += 1,
            b'>' if at > 0 && bytes[at - 1] == b'-' => {}
            b'>' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            b';' | b'{' => return None,
            _ => {}
        }
    }
    None
}

/// The byte offsets in `code` (comments already blanked) where an error is a string or a
/// boxed `dyn Error` in a public item.
fn string_errors_in(code: &str) -> Vec<usize> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("Result<") {
        let open = at + "Result<".len();
        let Some(close) = generic_end(code, open) else {
            continue;
        };
        // The top-level arguments (a trailing comma ends none); the error is the second.
        let arguments = &code[open..close];
        let mut depth = 0;
        let mut start = 0;
        let mut split = Vec::new();
        for (i, c) in arguments.char_indices() {
            match c {
                '<' | '(' | '[' => depth += 1,
                '>' if i > 0 && arguments.as_bytes()[i - 1] == b'-' => {}
                '>' | ')' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    split.push(arguments[start..i].trim());
                    start = i + 1;
                }
                _ => {}
            }
        }
        split.push(arguments[start..].trim());
        split.retain(|a| !a.is_empty());
        if split.len() == 2 && split[1] == "String" {
            found.push(at);
        }
    }
    for pattern in ["type Error = String", "type Error=String"] {
        found.extend(code.match_indices(pattern).map(|(at, _)| at));
    }
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let item = line.trim_start();
        if item.starts_with("pub ") && item.contains("Box<dyn ") && item.contains("Error") {
            found.push(offset);
        }
        offset += line.len();
    }
    found.sort_unstable();
    found
}

/// `text` with its comments (line comments and `//!`/`///` docs) blanked, lines kept.
fn without_comments(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| match line.find("//") {
            // A `//` inside a string literal (a URL) is rare in these crates; blanking past it
            // can only hide a finding on that line, never make one.
            Some(at) => format!(
                "{}{}",
                &line[..at],
                if line.ends_with('\n') { "\n" } else { "" }
            ),
            None => line.to_owned(),
        })
        .collect()
}

#[test]
fn the_string_error_finder_finds_them() {
    let code = "fn a() -> Result<Vec<u8>, String> {}\nfn b() -> io::Result<String> {}\n\
                fn c() -> Result<\n    Vec<(u8, u8)>,\n    String,\n> {}\n\
                fn d() -> Result<Box<dyn Fn() -> u8>, Error> {}\n\
                impl TryFrom<u8> for X {\n    type Error = String;\n}\n\
                pub fn e() -> Box<dyn std::error::Error> {}\n\
                pub(crate) type BoxError = Box<dyn std::error::Error>;\n\
                fn f() -> Result<String, Problem> {}\n";
    let lines: Vec<usize> = string_errors_in(code)
        .into_iter()
        .map(|at| code[..at].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [1, 3, 9, 11]);
    assert!(string_errors_in(&without_comments("/// Result<u8, String>\n")).is_empty());
}

#[test]
fn converted_crates_have_typed_errors() {
    let sources = sources();
    let tests = test_modules(&sources);
    let mut found = Vec::new();
    let mut files = 0;
    for krate in TYPED_ERROR_CRATES {
        let src = root().join(krate).join("src");
        assert!(src.is_dir(), "{} is no crate's src/", src.display());
        for path in sources.iter().filter(|p| p.starts_with(&src)) {
            // The harness's CLI prints errors as text; its library does not (issue 51).
            if tests.iter().any(|t| path.starts_with(t)) || path.starts_with(src.join("cli")) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            files += 1;
            let code = without_comments(code_part(&text));
            for at in string_errors_in(&code) {
                let line = code[..at].matches('\n').count() + 1;
                let shown = code[at..].lines().next().unwrap_or_default().trim();
                found.push(format!(
                    "{}:{line}: {shown}",
                    path.strip_prefix(root()).unwrap_or(path).display()
                ));
            }
        }
    }
    assert!(files > 100, "only {files} files read");
    // `anyhow` is the binary's: its `main.rs` and `cli/` print errors as text; the library
    // returns types (unit tests included, so that none leans on it).
    let src = root().join("harness/src");
    let mut harness_files = 0;
    for path in sources.iter().filter(|p| p.starts_with(&src)) {
        if path.starts_with(src.join("cli")) || *path == src.join("main.rs") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        harness_files += 1;
        let code = without_comments(&text);
        for at in anyhow_uses_in(&code) {
            let line = code[..at].matches('\n').count() + 1;
            let shown = code[at..].lines().next().unwrap_or_default().trim();
            found.push(format!(
                "{}:{line}: `anyhow` outside harness/src/cli/ and main.rs: {shown}",
                path.strip_prefix(root()).unwrap_or(path).display()
            ));
        }
    }
    assert!(
        harness_files > 50,
        "only {harness_files} harness files read"
    );
    assert!(
        found.is_empty(),
        "errors are enums naming the place (issue 51; docs/architecture.md): {found:#?}"
    );
}

/// The byte offsets in `code` (comments already blanked) where `anyhow` is named.
fn anyhow_uses_in(code: &str) -> Vec<usize> {
    code.match_indices("anyhow").map(|(at, _)| at).collect()
}

#[test]
fn the_anyhow_finder_finds_it() {
    let code = "use anyhow::Context;\nfn a() -> Result<(), Problem> {}\n\
                fn b() -> anyhow::Result<()> {}\n// anyhow in a comment\n\
                fn c() { anyhow::bail!(\"no\") }\n";
    let code = without_comments(code);
    let lines: Vec<usize> = anyhow_uses_in(&code)
        .into_iter()
        .map(|at| code[..at].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [1, 3, 5]);
}

/// Re-exports of another mynakit crate's items a library keeps on purpose, each with its reason
/// (`no_library_reexports_another_crate`): the file below the workspace root and the line as
/// written.
const KEPT_REEXPORTS: [(&str, &str); 1] = [
    // The harness library's `protocol` module (docs/architecture.md, "The harness", and the
    // crate docs name it among its eight public modules; the CLI reads the protocol through it):
    // the client protocol, whole, for Rust code built on the harness.
    (
        "harness/src/lib.rs",
        "pub use mynakit_protocol as protocol;",
    ),
];

/// The byte offsets in `code` (comments already blanked) where an item of a mynakit crate is
/// re-exported: a `pub use` whose path starts with a `mynakit_` crate. A `pub(crate) use` is a
/// name inside the crate, not a re-export.
fn reexports_in(code: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let item = line.trim_start();
        if let Some(path) = item.strip_prefix("pub use ") {
            let path = path.trim_start().trim_start_matches("::");
            if path.starts_with("mynakit_") {
                found.push(offset + (line.len() - item.len()));
            }
        }
        offset += line.len();
    }
    found
}

#[test]
fn the_reexport_finder_finds_them() {
    let code = "pub use mynakit_oqs::MessageKind;\nuse mynakit_apdu::Sw;\n\
                pub(crate) use mynakit_apdu::Application as AppKind;\n\
                pub use mynakit_protocol::{\n    Secret,\n};\n\
                pub use crate::names::ElementName;\n// pub use mynakit_persona::Persona;\n\
                pub use ::mynakit_persona::Persona;\npub use mynakit_protocol as protocol;\n\
                mod inner {\n    pub use mynakit_apdu::Sw;\n}\npub use serde_json::Value;\n";
    let code = without_comments(code);
    let lines: Vec<usize> = reexports_in(&code)
        .into_iter()
        .map(|at| code[..at].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [1, 4, 9, 10, 12]);
}

/// The source folders of the workspace's library crates (`lib` targets), below the root.
fn library_folders() -> Vec<PathBuf> {
    member_targets()
        .into_iter()
        .filter(|(kinds, _)| kinds.iter().any(|k| k == "lib"))
        .map(|(_, root)| {
            root.parent()
                .expect("a crate root has a folder")
                .to_path_buf()
        })
        .collect()
}

/// Issue 51: a caller imports a type from the crate that owns it, so a crate's API is what it
/// defines and the layer picture is what the imports say; no library passes on another mynakit
/// crate's items under its own name, except [`KEPT_REEXPORTS`].
#[test]
fn no_library_reexports_another_crate() {
    let folders = library_folders();
    assert!(folders.len() >= 17, "every library crate: {folders:#?}");
    let sources = sources();
    let tests = test_modules(&sources);
    let mut found = Vec::new();
    let mut kept = Vec::new();
    let mut files = 0;
    for path in sources
        .iter()
        .filter(|p| folders.iter().any(|f| p.starts_with(f)))
    {
        if tests.iter().any(|t| path.starts_with(t)) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        files += 1;
        let code = without_comments(code_part(&text));
        let file = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        for at in reexports_in(&code) {
            let shown = code[at..].lines().next().unwrap_or_default().trim();
            if KEPT_REEXPORTS.contains(&(file.as_str(), shown)) {
                kept.push((file.clone(), shown.to_owned()));
                continue;
            }
            let line = code[..at].matches('\n').count() + 1;
            found.push(format!("{file}:{line}: {shown}"));
        }
    }
    assert!(files > 100, "only {files} files read");
    assert_eq!(
        kept.len(),
        KEPT_REEXPORTS.len(),
        "every kept re-export is still there (else drop it from KEPT_REEXPORTS): {kept:#?}"
    );
    assert!(
        found.is_empty(),
        "import these from the crate that owns them, not through a re-export (issue 51; \
         docs/architecture.md): {found:#?}"
    );
}

/// Files of `mynakit-conformance` whose words are not yet in their family's `words` module
/// (issue 70, "findings as data"): each is taken off as its family's words move; the test fails
/// when a file listed here is already clean, so the list only shrinks.
const WORDS_NOT_YET_MOVED: &[&str] = &[
    "run/claim.rs",
    "svc/benefits.rs",
    "svc/care/mod.rs",
    "svc/device.rs",
    "svc/dock.rs",
    "svc/error_shown.rs",
    "svc/fallback_papers.rs",
    "svc/fields.rs",
    "svc/history.rs",
    "svc/limit.rs",
    "svc/medical_ticket_prompt.rs",
    "svc/portal_login.rs",
    "svc/pre_tour.rs",
    "svc/registration.rs",
    "svc/requests.rs",
    "svc/rests.rs",
    "svc/shown.rs",
    "svc/transcription.rs",
    "svc/treatment_ticket.rs",
    "svc/unregistered.rs",
    "uke/addition.rs",
    "uke/income_class.rs",
    "uke/insurer.rs",
    "uke/mod.rs",
    "uke/public_expense.rs",
    "uke/share.rs",
    "uke/visits.rs",
    "xml/atomic_write.rs",
    "xml/checkup.rs",
    "xml/claim_record.rs",
    "xml/complete_read.rs",
    "xml/consent_import.rs",
    "xml/encoding.rs",
    "xml/face_consume.rs",
    "xml/gaiji.rs",
    "xml/info_pdf.rs",
    "xml/insurer_padding.rs",
    "xml/match_by_name.rs",
    "xml/medical_assistance_import.rs",
    "xml/processing_poll.rs",
    "xml/reference_number.rs",
    "xml/reference_number/bulk.rs",
    "xml/request_kept.rs",
    "xml/share_writes.rs",
    "xml/sharing_consent.rs",
    "xml/terminal.rs",
];

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
        // `screen.rs` is a vocabulary, not words: its Japanese are the labels screen E-05-A
        // prints and the table `docs/client-protocol.md` prints, which checks compare against.
        name.ends_with("words.rs")
            || name.contains("words/")
            || ["reason.rs", "facts.rs", "screen.rs"].contains(&name.as_ref())
    };
    let mut own_words = Vec::new();
    let mut clean_but_listed = Vec::new();
    for (path, text) in conformance_sources() {
        if kept_apart(&path) {
            continue;
        }
        let name = path.to_string_lossy().replace('\\', "/");
        let listed = WORDS_NOT_YET_MOVED.contains(&name.as_str());
        match (says_words_of_its_own(&text), listed) {
            (true, false) => own_words.push(name),
            (false, true) => clean_but_listed.push(name),
            _ => {}
        }
    }
    assert!(
        own_words.is_empty(),
        "a check's words (English and Japanese) live in its family's `words` module, one \
         function per thing said (docs/architecture.md, \"Findings as data\"): {own_words:#?}"
    );
    assert!(
        clean_but_listed.is_empty(),
        "take these off WORDS_NOT_YET_MOVED, their words have moved: {clean_but_listed:#?}"
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
