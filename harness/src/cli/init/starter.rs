//! `mynakit init --starter LANG`: a client that already passes, for a vendor to grow into their
//! app. The Python starter is `examples/python-client`, the client written from the docs alone
//! that passes every bundled scenario over a real pcscd (`harness/tests/pcscd/independent_client.rs`),
//! carried in the binary so that an installed mynakit writes it without a checkout. Its
//! `YOUR APP:` comments mark where a vendor plugs in its own card code, HTTP client and screen.
//! The written workflow runs it as the client command (docs/quick-start.md).
//!
//! The C starter is `examples/c-client` and the Node starter `examples/node-client`, written
//! from the docs the same way for the PIN and 目視 modes and 保険証利用登録, carried the same
//! way. Each needs a set-up first ([`Starter::setup`]): the C client is built by `make`, the
//! Node client's one package (`@pokusew/pcsclite`, PC/SC through libpcsclite) by `npm ci`; the
//! written workflow runs it in steps of its own just before mynakit runs the client.
//!
//! The relying-party starter is `examples/python-relying-party` (with the Python example's
//! `pcsc.py`): a minimal relying party for a bank's or a phone shop's engineer
//! (docs/relying-party.md, "The first hour"). It plays another role than the card-app
//! starters, so `init` writes it the capabilities and the scenario of that role
//! ([`Starter::capabilities`]); its set-up is python3-cryptography, which its server verifies with.

use std::path::{Path, PathBuf};

use mynakit_harness::report::Lang;

use super::{Ci, FOLDER};

mod node;
mod relying_party;

/// A language `init --starter` writes a client in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Starter {
    /// Python 3.11, standard library only; PC/SC through libpcsclite (ctypes).
    Python,
    /// C11, built with `make`: needs gcc, pkg-config and libpcsclite, libcurl, Jansson, libcrypto.
    C,
    /// Node.js 18 or newer; PC/SC through the npm package @pokusew/pcsclite (built by npm ci).
    Node,
    /// A relying party (eKYC app and server, counter app): Python 3.11 and python3-cryptography.
    RelyingParty,
}

/// The Python starter's files, as `examples/python-client` holds them.
const PYTHON: &[(&str, &str)] = &[
    (
        "client.py",
        include_str!("../../../../examples/python-client/client.py"),
    ),
    (
        "care.py",
        include_str!("../../../../examples/python-client/care.py"),
    ),
    (
        "claim_file.py",
        include_str!("../../../../examples/python-client/claim_file.py"),
    ),
    (
        "device.py",
        include_str!("../../../../examples/python-client/device.py"),
    ),
    (
        "flow.py",
        include_str!("../../../../examples/python-client/flow.py"),
    ),
    (
        "jpki.py",
        include_str!("../../../../examples/python-client/jpki.py"),
    ),
    (
        "pcsc.py",
        include_str!("../../../../examples/python-client/pcsc.py"),
    ),
    (
        "recon.py",
        include_str!("../../../../examples/python-client/recon.py"),
    ),
    (
        "results.py",
        include_str!("../../../../examples/python-client/results.py"),
    ),
    (
        "service.py",
        include_str!("../../../../examples/python-client/service.py"),
    ),
];

/// The starter's own README: what it is and where to begin (the example's README links into a
/// checkout's docs/, which a vendor's repository does not have).
const PYTHON_README: &str = "\
# A starter client (Python)

Written by `mynakit init --starter python`: mynakit's example client, written from mynakit's
docs alone, which passes every bundled scenario over a real pcscd. Grow it into your app, or
keep it beside your app as the adapter that drives it. The places to plug in your own code are
marked `YOUR APP:` (`grep -n 'YOUR APP' *.py`): the card (`pcsc.py`), the HTTP client
(`service.py`), the screen (`display` in `client.py`) and the name and version every report
shows (`CLIENT`, `VERSION`).

Run it locally (Python 3.11 or newer; `apt-get install pcscd vsmartcard-vpcd iproute2`), from the
repository's root:

    mynakit run bundled mynakit/scenarios --client \"python3 $PWD/mynakit/starter-python/client.py\" \\
        --capabilities mynakit/capabilities.yaml

`mynakit docs quick-start` walks the protocol; `mynakit docs client-protocol` is the reference.
";

/// The C starter's files, as `examples/c-client` holds them (its README written for both).
const C: &[(&str, &str)] = &[
    (
        "client.c",
        include_str!("../../../../examples/c-client/client.c"),
    ),
    (
        "answer.c",
        include_str!("../../../../examples/c-client/answer.c"),
    ),
    (
        "answer.h",
        include_str!("../../../../examples/c-client/answer.h"),
    ),
    (
        "base64.c",
        include_str!("../../../../examples/c-client/base64.c"),
    ),
    (
        "base64.h",
        include_str!("../../../../examples/c-client/base64.h"),
    ),
    (
        "card.c",
        include_str!("../../../../examples/c-client/card.c"),
    ),
    (
        "card.h",
        include_str!("../../../../examples/c-client/card.h"),
    ),
    (
        "protocol.c",
        include_str!("../../../../examples/c-client/protocol.c"),
    ),
    (
        "protocol.h",
        include_str!("../../../../examples/c-client/protocol.h"),
    ),
    (
        "service.c",
        include_str!("../../../../examples/c-client/service.c"),
    ),
    (
        "service.h",
        include_str!("../../../../examples/c-client/service.h"),
    ),
    (
        "Makefile",
        include_str!("../../../../examples/c-client/Makefile"),
    ),
    (
        ".gitignore",
        include_str!("../../../../examples/c-client/.gitignore"),
    ),
    (
        "README.md",
        include_str!("../../../../examples/c-client/README.md"),
    ),
];

/// What the C starter is built with, as Debian 12 and Ubuntu 24.04 name the packages
/// (examples/c-client/Makefile says the same).
const C_PACKAGES: &str =
    "gcc make pkg-config libpcsclite-dev libcurl4-openssl-dev libjansson-dev libssl-dev";

impl Starter {
    /// The folder it is written to, in the vendor's repository.
    pub(crate) fn folder(self) -> PathBuf {
        match self {
            Starter::Python => Path::new(FOLDER).join("starter-python"),
            Starter::C => Path::new(FOLDER).join("starter-c"),
            Starter::Node => Path::new(FOLDER).join("starter-node"),
            Starter::RelyingParty => Path::new(FOLDER).join("starter-relying-party"),
        }
    }

    /// Its files, relative to the repository.
    pub(crate) fn files(self) -> Vec<(PathBuf, String)> {
        let folder = self.folder();
        let (sources, readme) = match self {
            Starter::Python => (PYTHON, Some(PYTHON_README)),
            Starter::C => (C, None),
            Starter::Node => (node::FILES, None),
            Starter::RelyingParty => (relying_party::FILES, None),
        };
        sources
            .iter()
            .map(|(name, text)| (folder.join(name), (*text).to_owned()))
            .chain(readme.map(|readme| (folder.join("README.md"), readme.to_owned())))
            .collect()
    }

    /// The client command with the repository's root as `root` (a shell word: the harness
    /// starts the client in a fresh folder, so the script is named by absolute path).
    pub(crate) fn command(self, root: &str) -> String {
        let folder = self.folder();
        let folder = folder.to_string_lossy();
        match self {
            Starter::Python | Starter::RelyingParty => {
                format!("python3 {root}/{folder}/client.py")
            }
            Starter::C => format!("{root}/{folder}/client"),
            Starter::Node => format!("node {root}/{folder}/client.js"),
        }
    }

    /// What to run once, from the repository's root, before the client command can run, and
    /// the packages that needs; none for the Python starter.
    pub(crate) fn setup(self) -> Option<Setup> {
        match self {
            Starter::Python => None,
            Starter::C => Some(Setup {
                command: format!("make -s -C {}", self.folder().to_string_lossy()),
                packages: C_PACKAGES,
            }),
            Starter::Node => Some(Setup {
                command: node::install("."),
                packages: node::PACKAGES,
            }),
            Starter::RelyingParty => Some(relying_party::setup()),
        }
    }

    /// The capabilities and the own scenario `init` writes with the starter, in `lang`, when
    /// they are not the card app's of [`super::files`]: a relying party declares its role and
    /// its flows, and its first scenario is one of them.
    pub(crate) fn capabilities(self, lang: Lang) -> Option<(&'static str, &'static str)> {
        match self {
            Starter::RelyingParty => Some(relying_party::capabilities(lang)),
            Starter::Python | Starter::C | Starter::Node => None,
        }
    }

    /// The C starter's steps that install what it is built with and build it (the relying-party
    /// starter's: install python3-cryptography and check that Python finds it), as `ci`'s jobs
    /// write them: GitHub's runner is a user with `sudo`, GitLab's jobs run in an image as root.
    fn build_steps(self, ci: Ci) -> Option<String> {
        let Setup {
            command: build,
            packages,
        } = self.setup()?;
        // The steps' names on GitHub: what is installed, and what the set-up does.
        let (install, set_up) = match self {
            Starter::RelyingParty => (
                "The starter's Python packages",
                "Check the starter's packages",
            ),
            _ => ("The starter's compiler and libraries", "Build the starter"),
        };
        Some(match ci {
            Ci::Github => format!(
                "      - name: {install}\n        \
                 run: sudo apt-get update -qq && sudo apt-get install -y -qq \
                 --no-install-recommends {packages}\n      \
                 - name: {set_up}\n        run: {build}\n"
            ),
            Ci::Gitlab => format!(
                "    - apt-get update -qq && apt-get install -y -qq --no-install-recommends \
                 {packages}\n    - {build}\n"
            ),
        })
    }

    /// The repository's root in `ci`'s jobs, as its runner names it.
    fn ci_root(ci: Ci) -> &'static str {
        match ci {
            Ci::Github => "$GITHUB_WORKSPACE",
            Ci::Gitlab => "$CI_PROJECT_DIR",
        }
    }

    /// `workflow` (written for `ci`, its comments in `lang`) with the starter as its client
    /// command, and its set-up steps, if it has any, just before the step that runs mynakit.
    pub(crate) fn in_workflow(self, workflow: &str, ci: Ci, lang: Lang) -> String {
        let workflow = workflow.replace(PLACEHOLDER, &self.command(Self::ci_root(ci)));
        let steps = match self {
            Starter::Python => None,
            Starter::C | Starter::RelyingParty => self.build_steps(ci),
            Starter::Node => Some(node::install_step(ci, lang)),
        };
        match steps {
            Some(steps) => before_mynakit(&workflow, ci, &steps),
            None => workflow,
        }
    }
}

/// What a starter needs once before its client command runs ([`Starter::setup`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Setup {
    /// The command, run from the repository's root: a build or an install.
    pub(crate) command: String,
    /// The Debian and Ubuntu packages it needs (`apt-get install`).
    pub(crate) packages: &'static str,
}

/// `workflow` (written for `ci`) with `steps` just before the step that runs mynakit (GitHub:
/// the Action's `uses:`; GitLab: the steps script's `run`), or last if it has none (every
/// template has it: a test holds it).
fn before_mynakit(workflow: &str, ci: Ci, steps: &str) -> String {
    let action = mynakit_harness::report::published::ACTION;
    let runs_mynakit = |line: &str| match ci {
        Ci::Github => line.trim_start().starts_with(&format!("- uses: {action}@")),
        Ci::Gitlab => line.trim_start().starts_with("- ") && line.ends_with("steps.sh run"),
    };
    let lines: Vec<&str> = workflow.lines().collect();
    let at = lines
        .iter()
        .rposition(|l| runs_mynakit(l))
        .unwrap_or(lines.len());
    let mut out = String::with_capacity(workflow.len() + steps.len());
    for (i, line) in lines.iter().enumerate() {
        if i == at {
            out.push_str(steps);
        }
        out.push_str(line);
        out.push('\n');
    }
    if at == lines.len() {
        out.push_str(steps);
    }
    out
}

/// The client command the workflows hold until the vendor names theirs.
pub(crate) const PLACEHOLDER: &str = "./target/release/our-app --mynakit";

#[cfg(test)]
mod tests {
    use super::*;

    /// `examples/NAME` in the checkout.
    fn example(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples")
            .join(name)
    }

    /// A starter carries exactly the files of `examples/NAME` that `keep` keeps (by file name),
    /// each byte for byte.
    pub(super) fn assert_is_the_example(
        name: &str,
        files: &[(&str, &str)],
        keep: impl Fn(&str) -> bool,
    ) {
        let dir = example(name);
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| dir.join(n).is_file() && keep(n))
            .collect();
        on_disk.sort();
        let mut carried: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
        carried.sort_unstable();
        assert_eq!(carried, on_disk, "{name}");
        for (file, text) in files {
            assert_eq!(
                *text,
                std::fs::read_to_string(dir.join(file)).unwrap(),
                "{file}"
            );
        }
    }

    /// Every Python file of the example is in the starter, so that the starter is the client the
    /// independent-client test holds passing, not a part of it.
    #[test]
    fn the_python_starter_is_the_whole_example() {
        assert_is_the_example("python-client", PYTHON, |name| name.ends_with(".py"));
        assert!(PYTHON
            .iter()
            .any(|(n, t)| *n == "pcsc.py" && t.contains("YOUR APP:")));
    }

    /// The C starter is every file of `examples/c-client` but what its `.gitignore` names (the
    /// built client), byte for byte.
    #[test]
    fn the_c_starter_is_the_whole_example() {
        let ignored = std::fs::read_to_string(example("c-client").join(".gitignore")).unwrap();
        assert_is_the_example("c-client", C, |name| !ignored.lines().any(|l| l == name));
        for plugged in ["card.c", "service.c", "protocol.c", "client.c"] {
            assert!(
                C.iter()
                    .any(|(n, t)| *n == plugged && t.contains("YOUR APP:")),
                "{plugged} marks no place for the vendor's code"
            );
        }
        let makefile = C.iter().find(|(n, _)| *n == "Makefile").unwrap().1;
        assert!(makefile.contains("-Wall -Wextra -Werror"), "{makefile}");
    }

    /// No starter's README quotes a count of runs or verdicts, which goes stale as scenarios are
    /// added (issue 105): what it passes is said in words, and the tests hold it.
    #[test]
    fn the_starters_readmes_carry_no_counts() {
        let counted = [
            "PASSED",
            "FAILED",
            "NOT-APPLICABLE",
            "scenarios",
            "scenario",
            "runs",
            "bundled",
            "checks",
            "verdicts",
        ];
        for starter in [
            Starter::Python,
            Starter::C,
            Starter::Node,
            Starter::RelyingParty,
        ] {
            for (path, text) in starter.files() {
                if path.file_name().is_none_or(|n| n != "README.md") {
                    continue;
                }
                let words: Vec<&str> = text.split_whitespace().collect();
                for pair in words.windows(2) {
                    let number = pair[0].trim_start_matches(['(', '`']);
                    let is_count = !number.is_empty()
                        && number.chars().all(|c| c.is_ascii_digit() || c == ',');
                    assert!(
                        !(is_count && counted.contains(&pair[1].trim_end_matches([',', '.', ')']))),
                        "{}: `{} {}` is a count that goes stale",
                        path.display(),
                        pair[0],
                        pair[1]
                    );
                }
            }
        }
    }

    /// In every workflow `init` writes, the C starter's client command replaces the placeholder
    /// and its build steps come just before the step that runs mynakit.
    #[test]
    fn the_c_starter_is_built_before_mynakit_runs_it() {
        use crate::cli::init::{files, Install};
        let installs = [
            Install::Source,
            Install::Release {
                tag: "v1.2.3".to_owned(),
                sha256: None,
            },
            Install::Image("r.example/m:1".to_owned()),
        ];
        for install in &installs {
            for ci in [Ci::Github, Ci::Gitlab] {
                if ci == Ci::Github && matches!(install, Install::Image(_)) {
                    continue;
                }
                for lang in [Lang::En, Lang::Ja] {
                    let template = files("{}", false, ci, install, lang).pop().unwrap().1;
                    let workflow = Starter::C.in_workflow(&template, ci, lang);
                    assert!(!workflow.contains(PLACEHOLDER), "{workflow}");
                    let root = Starter::ci_root(ci);
                    assert!(
                        workflow.contains(&format!(" {root}/mynakit/starter-c/client\n")),
                        "{workflow}"
                    );
                    let line = |needle: &str| {
                        workflow
                            .lines()
                            .position(|l| l.contains(needle))
                            .unwrap_or_else(|| panic!("no {needle:?} in {workflow}"))
                    };
                    let packages = line("libjansson-dev");
                    let build = line("make -s -C mynakit/starter-c");
                    let run = match ci {
                        Ci::Github => line(&format!(
                            "uses: {}@",
                            mynakit_harness::report::published::ACTION
                        )),
                        Ci::Gitlab => line("steps.sh run"),
                    };
                    assert!(packages < build && build + 1 == run, "{workflow}");
                    assert_eq!(
                        workflow.len(),
                        template.len()
                            + Starter::C.build_steps(ci).unwrap().len()
                            + Starter::C.command(root).len()
                            - PLACEHOLDER.len()
                    );
                }
            }
        }
        assert_eq!(Starter::Python.setup(), None);
        assert_eq!(Starter::Python.build_steps(Ci::Github), None);
    }
}
