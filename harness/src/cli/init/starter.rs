//! `mynakit init --starter LANG`: a client that already passes, for a vendor to grow into their
//! app. The Python starter is `examples/python-client`, the client written from the docs alone
//! that passes every bundled scenario over a real pcscd (`harness/tests/pcscd/independent_client.rs`),
//! carried in the binary so that an installed mynakit writes it without a checkout. Its
//! `YOUR APP:` comments mark where a vendor plugs in its own card code, HTTP client and screen.
//! The written workflow runs it as the client command (docs/quick-start.md).
//!
//! The Node starter is `examples/node-client`, written from the docs the same way, for the
//! PIN and 目視 modes and 保険証利用登録; its one package (`@pokusew/pcsclite`, PC/SC through
//! libpcsclite) is built by `npm ci`, which the written workflow runs before the Action.

use std::path::{Path, PathBuf};

use mynakit_harness::report::Lang;

use super::{Ci, FOLDER};

mod node;

/// A language `init --starter` writes a client in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Starter {
    /// Python 3.11, standard library only; PC/SC through libpcsclite (ctypes).
    Python,
    /// Node.js 18 or newer; PC/SC through the npm package @pokusew/pcsclite (built by npm ci).
    Node,
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

impl Starter {
    /// The folder it is written to, in the vendor's repository.
    pub(crate) fn folder(self) -> PathBuf {
        match self {
            Starter::Python => Path::new(FOLDER).join("starter-python"),
            Starter::Node => Path::new(FOLDER).join("starter-node"),
        }
    }

    /// Its files, relative to the repository.
    pub(crate) fn files(self) -> Vec<(PathBuf, String)> {
        let folder = self.folder();
        let (sources, readme) = match self {
            Starter::Python => (PYTHON, Some(PYTHON_README)),
            // The example's own README is the starter's.
            Starter::Node => (node::FILES, None),
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
        let script = match self {
            Starter::Python => ("python3", "client.py"),
            Starter::Node => ("node", "client.js"),
        };
        format!(
            "{} {root}/{}/{}",
            script.0,
            self.folder().to_string_lossy(),
            script.1
        )
    }

    /// What to run once in the repository's root before the client command can run, if
    /// anything: the Node starter's package is built by npm.
    pub(crate) fn install(self) -> Option<String> {
        match self {
            Starter::Python => None,
            Starter::Node => Some(node::install(".")),
        }
    }

    /// The repository's root in `ci`'s jobs, as its runner names it.
    fn ci_root(ci: Ci) -> &'static str {
        match ci {
            Ci::Github => "$GITHUB_WORKSPACE",
            Ci::Gitlab => "$CI_PROJECT_DIR",
        }
    }

    /// `workflow` (written for `ci`, its comments in `lang`) with the starter as its client
    /// command, and the starter's install step, if it has one, before mynakit runs.
    pub(crate) fn in_workflow(self, workflow: &str, ci: Ci, lang: Lang) -> String {
        let workflow = workflow.replace(PLACEHOLDER, &self.command(Self::ci_root(ci)));
        match self {
            Starter::Python => workflow,
            Starter::Node => node::with_install_step(&workflow, ci, lang),
        }
    }
}

/// The client command the workflows hold until the vendor names theirs.
pub(crate) const PLACEHOLDER: &str = "./target/release/our-app --mynakit";

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Python file of the example is in the starter, so that the starter is the client the
    /// independent-client test holds passing, not a part of it.
    #[test]
    fn the_python_starter_is_the_whole_example() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/python-client");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".py"))
            .collect();
        on_disk.sort();
        let mut carried: Vec<&str> = PYTHON.iter().map(|(n, _)| *n).collect();
        carried.sort_unstable();
        assert_eq!(carried, on_disk);
        for (name, text) in PYTHON {
            assert_eq!(*text, std::fs::read_to_string(dir.join(name)).unwrap());
        }
        assert!(PYTHON
            .iter()
            .any(|(n, t)| *n == "pcsc.py" && t.contains("YOUR APP:")));
    }
}
