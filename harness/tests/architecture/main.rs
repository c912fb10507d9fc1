//! The structure docs/architecture.md promises, checked on the code itself: which crate may pull
//! which, how long a file may grow, what the CLI crate's library exposes, that OQS element
//! names are spelled once, in `mynakit-oqs`, that no crate's modules form a circle
//! (`module_circles`), that `mynakit-conformance` is laid out by family: a check's file lies
//! under its id prefix's folder, and no `crate::` path inside it runs up its layers, and that the
//! converted crates' errors are types, never strings (`anyhow` only in the harness's CLI), that
//! the service's folders are layers (no two import each other; its domain folders import
//! neither `http` nor `state`), that no library crate re-exports another mynakit crate's items,
//! and that the scenario runner keeps its shape (`runner`: a short `run/mod.rs`, no
//! `too_many_arguments`, no import back up).
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
            // Test code whatever its visibility (`pub(crate) mod sample;` lends a test module's
            // data to other modules' tests).
            let declared = ["mod ", "pub(crate) mod ", "pub(super) mod ", "pub mod "]
                .iter()
                .find_map(|prefix| pair[1].strip_prefix(prefix));
            let Some(name) = declared.and_then(|n| n.strip_suffix(';')) else {
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

mod conformance;
mod errors;
mod report;
mod runner;
mod service;
mod shape;
mod shared_process;
