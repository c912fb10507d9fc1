//! Embeds the bundled scenarios (docs/install.md), and names the commit mynakit is built from
//! (`MYNAKIT_BUILD_COMMIT`, which every report names: docs/reports.md, "Identity and
//! traceability").

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
    println!("cargo:rustc-env=MYNAKIT_BUILD_COMMIT={}", commit(&base));
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
