//! Where mynakit is published is one setting, the workspace's `repository` in Cargo.toml
//! (docs/ci.md, "Where mynakit is published"): no code, script or template of the repository
//! spells the address again. The docs and the generated schemas may name it; they follow it.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::{Path, PathBuf};

use common::repo;

/// The files that run or are written by mynakit: code, scripts, templates and manifests.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | ".git" | "node_modules" | "docs") {
                files(&path, out);
            }
        } else if [
            ".rs", ".sh", ".yml", ".yaml", ".toml", ".py", ".ts", ".js", ".kt", ".java",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
            || std::fs::read(&path).is_ok_and(|b| b.starts_with(b"#!"))
        {
            out.push(path);
        }
    }
}

#[test]
fn the_address_is_written_once() {
    let root = repo();
    let setting = root.join("Cargo.toml");
    let address = std::fs::read_to_string(&setting)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("repository = \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap()
        .to_owned();
    let (owner, name) = address
        .strip_prefix("https://github.com/")
        .unwrap()
        .split_once('/')
        .unwrap();
    let spellings = [
        format!("github.com/{owner}/{name}"),
        format!("{owner}.github.io/{name}"),
        format!("{owner}/{name}@"),
    ];
    let mut all = Vec::new();
    files(&root, &mut all);
    assert!(all.len() > 100, "{} files", all.len());
    let again: Vec<String> = all
        .iter()
        .filter(|p| **p != setting)
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let hit = spellings.iter().find(|s| text.contains(s.as_str()))?;
            Some(format!(
                "{}: {hit}",
                p.strip_prefix(&root).unwrap().display()
            ))
        })
        .collect();
    assert!(again.is_empty(), "the address again: {again:#?}");
}

/// README.md gives the address to clone, and it is the one setting's: a fork that changes
/// `repository` sees this test tell it to change README's commands too. The build's
/// prerequisites are named where a newcomer reads first.
#[test]
fn the_readme_clones_from_the_setting_and_names_the_build_prerequisites() {
    let root = repo();
    let address = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("repository = \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap()
        .to_owned();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("git clone {address} ")),
        "README.md does not clone {address}"
    );
    for line in readme.lines().filter(|l| l.contains("releases/download/")) {
        assert!(
            line.contains(&format!("{address}/releases/download/")),
            "{line}"
        );
    }
    for package in ["pkg-config", "libpcsclite-dev", "libssl-dev"] {
        assert!(
            readme.contains(package),
            "README.md does not name {package}"
        );
    }
}
