//! README's first section, "Test your app", as a vendor copies it: the install lines are checked
//! for form (they download), and the rest runs from a copy of the binary outside this checkout,
//! in an empty folder, with the placeholder client replaced by a client written from the docs
//! alone (`examples/python-client`): `mynakit init` writes the starting point and the run line
//! passes its scenario over a real pcscd. The scenario README shows is the one `init` writes.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::process::Command;

use common::{pcscd_or_skip, repo};

/// The text of README's section `heading` (up to the next `## `).
fn section(readme: &str, heading: &str) -> String {
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("README lacks {heading}"));
    let rest = &readme[start + heading.len()..];
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

#[test]
fn the_readme_first_run_works_as_copied() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(
        readme
            .lines()
            .take(80)
            .any(|l| l.starts_with("mynakit init")),
        "README's first 80 lines hold no `mynakit init`"
    );
    let first = section(&readme, "## Test your app");
    let shell = blocks(&first, "sh");
    assert_eq!(shell.len(), 2, "install, then init and run: {shell:#?}");
    for line in shell[0].lines().filter(|l| l.starts_with("curl ")) {
        assert!(
            line.starts_with("curl -fLO \"https://")
                && line.contains("/releases/download/$tag/mynakit-$tag-x86_64-linux.tar.gz"),
            "a download line of another form: {line}"
        );
    }
    assert!(
        shell[0].contains("sha256sum -c "),
        "the download is not verified"
    );
    // A vendor without a client yet starts from a starter.
    assert!(
        first.contains("`mynakit init --starter"),
        "README's first section does not show `init --starter`"
    );
    if !pcscd_or_skip() {
        return;
    }

    let outside = tempfile::tempdir().unwrap();
    let bin = common::installed_copy(outside.path());
    let app = outside.path().join("app");
    std::fs::create_dir(&app).unwrap();
    let client = format!(
        "python3 {}",
        repo().join("examples/python-client/client.py").display()
    );
    let run = shell[1]
        .replace("\"$PWD/your-app --mynakit\"", &format!("'{client}'"))
        .replace(
            "--capabilities mynakit/capabilities.yaml",
            "--capabilities mynakit/capabilities.yaml --filter tag:ours",
        );
    assert_ne!(
        run, shell[1],
        "the run line's placeholder moved: {}",
        shell[1]
    );
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let mut command = Command::new("sh");
    command
        .args(["-ec", &run])
        .current_dir(&app)
        .env("PATH", path);
    common::away_from_checkout(&mut command, &outside.path().join("cache"));
    let out = command.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{run}\n{text}");
    assert!(
        text.contains("our-app-eligible-pin") && text.contains("1 PASSED"),
        "{text}"
    );

    let written =
        std::fs::read_to_string(app.join("mynakit/scenarios/our-app-eligible-pin.yaml")).unwrap();
    let shown = blocks(&first, "yaml");
    assert_eq!(shown.len(), 1);
    assert!(
        written.contains(&shown[0]),
        "README's scenario is not the one `mynakit init` writes:\n{written}"
    );
}
