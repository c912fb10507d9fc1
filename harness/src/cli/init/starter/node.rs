//! The Node starter: `examples/node-client` carried in the binary, and the step its workflow
//! needs before mynakit runs it. Its one package, `@pokusew/pcsclite` (pinned in its
//! `package.json` and `package-lock.json`), is a native addon over libpcsclite: `npm ci` builds
//! it with node-gyp, which needs libpcsclite's headers and a C++ compiler
//! (docs/quick-start.md).

use mynakit_harness::report::Lang;

use super::{Ci, Starter};

/// The starter's files, as `examples/node-client` holds them (its README included).
pub(super) const FILES: &[(&str, &str)] = &[
    (
        "client.js",
        include_str!("../../../../../examples/node-client/client.js"),
    ),
    (
        "card.js",
        include_str!("../../../../../examples/node-client/card.js"),
    ),
    (
        "service.js",
        include_str!("../../../../../examples/node-client/service.js"),
    ),
    (
        "results.js",
        include_str!("../../../../../examples/node-client/results.js"),
    ),
    (
        "package.json",
        include_str!("../../../../../examples/node-client/package.json"),
    ),
    (
        "package-lock.json",
        include_str!("../../../../../examples/node-client/package-lock.json"),
    ),
    (
        "README.md",
        include_str!("../../../../../examples/node-client/README.md"),
    ),
];

/// The command that installs the package, exactly as the lock file pins it, with the
/// repository's root as `root`.
pub(super) fn install(root: &str) -> String {
    let folder = Starter::Node.folder();
    if root == "." {
        format!("npm ci --prefix {}", folder.to_string_lossy())
    } else {
        format!("npm ci --prefix \"{root}/{}\"", folder.to_string_lossy())
    }
}

/// What the starter is built with on a developer's machine: Node.js and npm, and what npm
/// builds its package with (a C++ compiler, make, Python for node-gyp, libpcsclite's headers).
pub(super) const PACKAGES: &str = "nodejs npm g++ make python3 libpcsclite-dev";

/// The workflow's step that installs the package: GitHub's runner has
/// Node.js and a C++ compiler, not libpcsclite's headers; GitLab's Debian image has none of
/// them, and the job has already run `apt-get update` (action/steps.sh `packages`, which also
/// installs libpcsclite-dev).
pub(super) fn install_step(ci: Ci, lang: Lang) -> String {
    let npm = install(Starter::ci_root(ci));
    // The workflow's comments are in the language of `init`; its YAML is the same in both.
    let comment = match (ci, lang) {
        (Ci::Github, Lang::En) => {
            "The Node starter's PC/SC package, built by npm against libpcsclite's headers."
        }
        (Ci::Github, Lang::Ja) => {
            "Node スターターの PC/SC パッケージを、libpcsclite のヘッダーに対して npm でビルドします。"
        }
        (Ci::Gitlab, Lang::En) => {
            "The Node starter's PC/SC package: Debian's Node.js and a C++ compiler, then npm."
        }
        (Ci::Gitlab, Lang::Ja) => {
            "Node スターターの PC/SC パッケージ: Debian の Node.js と C++ コンパイラーを入れ、npm でビルドします。"
        }
    };
    match ci {
        Ci::Github => format!(
            "      # {comment}\n\
             \x20     - name: Install the Node starter's package\n\
             \x20       run: |\n\
             \x20         sudo apt-get update -qq\n\
             \x20         sudo apt-get install -y -qq --no-install-recommends libpcsclite-dev\n\
             \x20         {npm}\n"
        ),
        Ci::Gitlab => format!(
            "    # {comment}\n\
             \x20   - apt-get install -y -qq --no-install-recommends nodejs npm g++ make python3 >/dev/null\n\
             \x20   - {npm}\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of the example is in the starter, as it is on disk (a copy of the client the
    /// starters' test holds passing), with the places for the vendor's own code marked.
    #[test]
    fn the_node_starter_is_the_whole_example() {
        super::super::tests::assert_is_the_example("node-client", FILES, |_| true);
        for plugged in ["card.js", "service.js", "client.js"] {
            assert!(FILES
                .iter()
                .any(|(n, t)| *n == plugged && t.contains("YOUR APP:")));
        }
    }

    /// The install step comes once, right before the step that runs mynakit, in every
    /// workflow `init` writes for it, and the same YAML in both languages.
    #[test]
    fn the_install_step_comes_before_mynakit_runs() {
        use super::super::super::{files, Install};
        let installs = [
            Install::Source,
            Install::Release {
                tag: "v1.2.3".to_owned(),
                sha256: None,
            },
        ];
        for install in &installs {
            for ci in [Ci::Github, Ci::Gitlab] {
                let yaml = |lang| {
                    let workflow = files("{}", false, ci, install, lang).pop().unwrap().1;
                    Starter::Node.in_workflow(&workflow, ci, lang)
                };
                let (en, ja) = (yaml(Lang::En), yaml(Lang::Ja));
                let npm = install_line(ci);
                assert_eq!(en.matches(&npm).count(), 1, "{en}");
                let at = en.find(&npm).unwrap();
                let action = mynakit_harness::report::published::ACTION;
                let runs = match ci {
                    Ci::Github => en.find(&format!("- uses: {action}@")).unwrap(),
                    Ci::Gitlab => en.find("steps.sh run").unwrap(),
                };
                assert!(at < runs, "{en}");
                let uncommented = |text: &str| -> Vec<String> {
                    text.lines()
                        .filter(|l| !l.trim_start().starts_with('#'))
                        .map(|l| l.split_once(" # ").map_or(l, |(y, _)| y).to_owned())
                        .collect()
                };
                assert_eq!(uncommented(&en), uncommented(&ja));
                assert!(en.contains(&Starter::Node.command(Starter::ci_root(ci))));
            }
        }
    }

    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        init: super::super::super::InitArgs,
    }

    /// mynakit's image has no Node.js: `--image` with the Node starter is refused, and nothing
    /// is written.
    #[test]
    fn the_node_starter_is_refused_in_the_image_job() {
        use clap::Parser;
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("vendor");
        let args = [
            "init",
            repo.to_str().unwrap(),
            "--ci",
            "gitlab",
            "--image",
            "r.example/m:1",
            "--starter",
            "node",
        ];
        let cli = Cli::try_parse_from(args).unwrap();
        let fixtures = mynakit_fixtures::Fixtures::bundled();
        let err = super::super::super::init_command(&cli.init, &fixtures, Lang::En).unwrap_err();
        assert!(err.to_string().contains("--starter node --image"), "{err}");
        assert!(!repo.exists());
    }

    fn install_line(ci: Ci) -> String {
        install(Starter::ci_root(ci))
    }
}
