//! docs/relying-party.md's first hour as a bank's engineer copies it: every command block of
//! the section runs from a copy of the binary outside this checkout, in an empty folder, and
//! prints what the section shows (the starter's run over a real pcscd, the finding of the
//! reference client's defect, the test CA from `mynakit fixtures --path`). No command block of
//! the page names a path of mynakit's source tree; those outside the first hour that need a run
//! or a vendor's own client are named here, with why they are not run.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{pcscd_or_skip, repo};

/// The page's text of section `heading` (up to the next `## `).
fn section(page: &str, heading: &str) -> String {
    let start = page
        .find(heading)
        .unwrap_or_else(|| panic!("the page lacks {heading}"));
    let rest = &page[start + heading.len()..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_owned()
}

/// The fenced blocks of `text` in `lang`, in order.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let fence = format!("```{lang}\n");
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(&fence) {
        let body = &rest[at + fence.len()..];
        let end = body.find("```").unwrap();
        found.push(body[..end].to_owned());
        rest = &body[end + 3..];
    }
    found
}

/// `block` run by `sh -c` in `dir`, the installed copy in `bin` first on PATH, away from the
/// checkout: whether it succeeded, and what it printed.
fn shell(bin: &Path, dir: &Path, block: &str) -> (bool, String) {
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let mut command = Command::new("sh");
    command
        .args(["-c", block])
        .current_dir(dir)
        .env("PATH", path);
    common::away_from_checkout(&mut command, &dir.join(".cache"));
    let out = command.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// Paths into mynakit's source tree, which a user of the binary does not have.
const CHECKOUT_PATHS: [&str; 6] = [
    "fixtures/",
    "examples/",
    "harness/",
    "docs/",
    "reference-client/",
    "target/debug",
];

#[test]
fn the_first_hour_runs_as_written_outside_a_checkout() {
    let page = std::fs::read_to_string(repo().join("docs/relying-party.md")).unwrap();
    let opening = &page[..page.find("\n## ").unwrap_or(page.len())];
    assert!(
        page.find("\n## The first hour").unwrap() == opening.len(),
        "the page does not open with its first hour"
    );
    // No command example of the page needs the source tree.
    let every = blocks(&page, "sh");
    for block in &every {
        for path in CHECKOUT_PATHS {
            assert!(
                !block
                    .split_whitespace()
                    .any(|w| w.trim_start_matches(['"', '\'']).starts_with(path)),
                "a command example names the checkout's {path}: {block}"
            );
        }
    }
    let first = section(&page, "## The first hour");
    let shell_blocks = blocks(&first, "sh");
    let shown = blocks(&first, "text");
    assert_eq!(
        shell_blocks.len(),
        4,
        "init, one run, a finding, the test CA: {shell_blocks:#?}"
    );
    assert_eq!(shown.len(), 2, "the run's line, the finding: {shown:#?}");
    // The page's other command examples, each with why it is not run here.
    let not_run: Vec<&String> = every.iter().filter(|b| !shell_blocks.contains(b)).collect();
    for block in &not_run {
        let why = if block.contains("\"$MYNAKIT_NONCE_URL\"") {
            "the nonce service exists inside a run only"
        } else if block.contains("--client \"$PWD/my-rp --test\"") {
            "certify runs the vendor's own client, which plays every flow of the profile"
        } else {
            panic!("a command example neither run nor explained: {block}")
        };
        eprintln!("not run ({why}): {block}");
    }
    let ready = pcscd_or_skip()
        && Command::new("python3")
            .args(["-c", "import cryptography.x509.ocsp"])
            .output()
            .is_ok_and(|o| o.status.success());
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs python3-cryptography (.ci/run installs it)"
        );
        eprintln!("skipped: pcscd or python3-cryptography missing");
        return;
    }

    let outside = tempfile::tempdir().unwrap();
    let bin = common::installed_copy(outside.path());
    let bank = outside.path().join("bank");
    std::fs::create_dir(&bank).unwrap();
    let contains_shown = |text: &str, shown: &str| {
        for line in shown.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(text.contains(line), "{line:?} is not printed:\n{text}");
        }
    };

    // The starter.
    let (ok, text) = shell(&bin, &bank, &shell_blocks[0]);
    assert!(ok, "{}\n{text}", shell_blocks[0]);
    assert!(
        bank.join("mynakit/starter-relying-party/client.py")
            .is_file(),
        "{text}"
    );
    // One run: the line `init` printed, with one scenario.
    let printed = text
        .lines()
        .find_map(|l| l.strip_prefix("next: run the starter here: "))
        .unwrap();
    assert!(
        shell_blocks[1]
            .replace("\\\n    ", "")
            .starts_with(&format!("{printed} --filter ")),
        "the page's run is not the one `init` prints: {printed}"
    );
    let (ok, text) = shell(&bin, &bank, &shell_blocks[1]);
    assert!(ok, "{}\n{text}", shell_blocks[1]);
    contains_shown(&text, &shown[0]);
    assert!(text.contains("1 PASSED in "), "{text}");
    // A finding: FAILED, as shown, and the check explained.
    let (ok, text) = shell(&bin, &bank, &shell_blocks[2]);
    assert!(ok || text.contains("1 FAILED in "), "{text}");
    contains_shown(&text, &shown[1]);
    assert!(text.contains("proven by:"), "{text}");
    // The test CA from the fixtures' folder.
    let (ok, text) = shell(&bin, &bank, &shell_blocks[3]);
    assert!(ok, "{}\n{text}", shell_blocks[3]);
    assert!(
        text.contains("O=JPKI-TEST") || text.contains("O = JPKI-TEST"),
        "{text}"
    );
}
