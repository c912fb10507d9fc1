//! Embeds the bundled scenarios (docs/install.md) and the `docs/*.md` pages (`mynakit docs`),
//! names the commit mynakit is built from (`MYNAKIT_BUILD_COMMIT`, which every report names: docs/reports.md, "Identity and
//! traceability"), and derives from the one setting of the project's address, the workspace's
//! `repository`, where its Action and its docs are (`MYNAKIT_ACTION`, `MYNAKIT_DOCS_URL`;
//! docs/ci.md, "Where mynakit is published").

include!("../fixtures/build/embed.rs");

fn main() {
    let base =
        std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir"))
            .join("..");
    write_embedded(
        &base,
        &["scenarios"],
        "mynakit_fixtures",
        "SCENARIOS",
        "embedded_scenarios.rs",
    );
    write_docs(&base);
    println!("cargo:rustc-env=MYNAKIT_BUILD_COMMIT={}", commit(&base));
    let repository = std::env::var("CARGO_PKG_REPOSITORY").unwrap_or_default();
    let (action, docs) = published(&repository).unwrap_or_else(|| {
        panic!(
            "the workspace's `repository` ({repository:?}) is not a https://github.com/OWNER/NAME \
             or https://gitlab.com/OWNER/NAME address (docs/ci.md, \"Where mynakit is published\")"
        )
    });
    println!("cargo:rustc-env=MYNAKIT_ACTION={action}");
    println!("cargo:rustc-env=MYNAKIT_DOCS_URL={docs}");
    println!("cargo:rustc-env=MYNAKIT_BUILD_RELEASE={}", release());
}

/// Writes `$OUT_DIR/embedded_docs.rs`: every `docs/*.md` page as `(name, text)`, sorted by name,
/// so that the binary alone can print them (`mynakit docs`; the release tarball and the image
/// hold no `docs/` folder).
fn write_docs(base: &std::path::Path) {
    let mut pages: Vec<(String, String)> = embedded_files(base, &["docs"])
        .into_iter()
        .filter_map(|(rel, path)| {
            let name = rel.strip_prefix("docs/")?.strip_suffix(".md")?;
            (!name.contains('/')).then(|| (name.to_owned(), path.display().to_string()))
        })
        .collect();
    // By name (`card` before `card-records`), as `mynakit docs` lists them.
    pages.sort();
    let mut list = String::new();
    for (name, path) in pages {
        list.push_str(&format!("    ({name:?}, include_str!({path:?})),\n"));
    }
    let code = format!("pub(crate) static PAGES: &[(&str, &str)] = &[\n{list}];\n");
    let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out_dir.join("embedded_docs.rs"), code).expect("write the docs list");
}

/// The release tag a release build is made for (`$MYNAKIT_RELEASE`, which action/release.sh
/// sets from the tag), so that `mynakit init` pins the release it is: empty for any other build.
fn release() -> String {
    println!("cargo:rerun-if-env-changed=MYNAKIT_RELEASE");
    let tag = std::env::var("MYNAKIT_RELEASE").unwrap_or_default();
    let tag = tag.trim();
    let plain = tag
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'+'));
    assert!(
        plain,
        "MYNAKIT_RELEASE {tag:?} is not a release tag (letters, digits, - _ . +)"
    );
    tag.to_owned()
}

/// The Action's `OWNER/NAME` and the docs' base address of a repository address: GitHub Pages
/// (`https://OWNER.github.io/NAME/docs/`) or GitLab Pages (`https://OWNER.gitlab.io/NAME/docs/`),
/// where the project's `docs/` are published.
fn published(repository: &str) -> Option<(String, String)> {
    let (host, path) = repository
        .strip_prefix("https://")?
        .trim_end_matches('/')
        .split_once('/')?;
    let pages = match host {
        "github.com" => "github.io",
        "gitlab.com" => "gitlab.io",
        _ => return None,
    };
    let (owner, name) = path.split_once('/')?;
    let plain = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    (plain(owner) && plain(name)).then(|| {
        (
            format!("{owner}/{name}"),
            format!(
                "https://{}.{pages}/{name}/docs/",
                owner.to_ascii_lowercase()
            ),
        )
    })
}

/// The commit the source is, as a certifier needs it to reproduce a run: `git rev-parse HEAD`
/// when the workspace is a git checkout (its own `.git`: a `cargo install` from a tarball or from
/// crates.io has none, and a folder inside someone else's repository must not take that
/// repository's commit), else `$MYNAKIT_COMMIT` as a release build sets it (action/release.sh),
/// else `unknown`: never a guess.
fn commit(base: &std::path::Path) -> String {
    println!("cargo:rerun-if-env-changed=MYNAKIT_COMMIT");
    if base.join(".git").exists() {
        if let Some(hash) = git(base, &["rev-parse", "HEAD"]).filter(|h| is_commit(h)) {
            // Rebuilt when HEAD moves: HEAD itself (a checkout), the branch it points to (a
            // commit) and packed-refs (a `git gc`). A worktree's HEAD lives in its own git dir,
            // its branches in the common one.
            for (dir, file) in [
                (&["rev-parse", "--git-dir"][..], "HEAD".to_owned()),
                (
                    &["rev-parse", "--git-common-dir"][..],
                    "packed-refs".to_owned(),
                ),
                (
                    &["rev-parse", "--git-common-dir"][..],
                    git(base, &["symbolic-ref", "-q", "HEAD"]).unwrap_or_default(),
                ),
            ] {
                if let (Some(dir), false) = (git(base, dir), file.is_empty()) {
                    let path = base.join(dir).join(file);
                    if path.exists() {
                        println!("cargo:rerun-if-changed={}", path.display());
                    }
                }
            }
            return hash;
        }
    }
    match std::env::var("MYNAKIT_COMMIT") {
        Ok(hash) if is_commit(hash.trim()) => hash.trim().to_ascii_lowercase(),
        _ => "unknown".to_owned(),
    }
}

/// A git object name: 40 (SHA-1) or 64 (SHA-256) hex digits.
fn is_commit(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `git ARGS` run in `dir`: its first line of output, when it succeeded.
fn git(dir: &std::path::Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let line = text.lines().next()?.trim().to_owned();
    (out.status.success() && !line.is_empty()).then_some(line)
}
