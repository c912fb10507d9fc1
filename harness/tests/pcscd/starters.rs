//! `mynakit init --starter LANG` as a vendor uses it: from a copy of the binary outside this
//! checkout, in an empty folder, the starter client is written, the workflow's client command
//! names it, and that command, run as the workflow runs it, passes the mission scenarios over a
//! real pcscd (docs/quick-start.md); and every starter, run on the whole bundled set exactly as
//! `init` prints it, passes every run it claims.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Command;

use common::pcscd_or_skip;

/// `mynakit ARGS` from the copy in `bin`, in `cwd`, with no way to the checkout's data.
fn outside(bin: &Path, cwd: &Path, args: &[&str], env: &[(&str, &Path)]) -> (bool, String) {
    let mut command = Command::new(bin.join("mynakit"));
    command.args(args).current_dir(cwd);
    common::away_from_checkout(&mut command, &cwd.join(".cache"));
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn the_python_starter_passes_the_mission_scenarios_as_its_workflow_runs_it() {
    let dir = tempfile::tempdir().unwrap();
    let bin = common::installed_copy(dir.path());
    let repo = dir.path().join("vendor");
    std::fs::create_dir(&repo).unwrap();

    let (ok, text) = outside(&bin, &repo, &["init", "--starter", "python"], &[]);
    assert!(ok, "{text}");
    assert!(text.contains("mynakit/starter-python/client.py"), "{text}");
    let workflow = std::fs::read_to_string(repo.join(".github/workflows/mynakit.yml")).unwrap();
    let client = step(&workflow, "client: ", "").to_owned();
    assert_eq!(
        client,
        "python3 $GITHUB_WORKSPACE/mynakit/starter-python/client.py"
    );
    let pcsc = std::fs::read_to_string(repo.join("mynakit/starter-python/pcsc.py")).unwrap();
    assert!(
        pcsc.contains("YOUR APP:"),
        "the plug-in places are not marked"
    );

    // GitLab names the repository's root its own way.
    let job = gitlab_job(&bin, dir.path(), "python");
    assert!(
        job.contains("MYNAKIT_CLIENT: python3 $CI_PROJECT_DIR/mynakit/starter-python/client.py"),
        "{job}"
    );

    if !pcscd_or_skip() {
        return;
    }
    let text = run_missions(&bin, &repo, &client);
    assert!(text.contains(" PASSED in "), "{text}");
}

/// Whether the C starter can be built here: a compiler, make, pkg-config and the libraries its
/// Makefile names. Without them the test skips, but in CI (`.ci/run` installs them) it fails.
fn c_toolchain_or_skip() -> bool {
    needed_or_skip(&[
        ("cc", &["--version"][..]),
        ("make", &["--version"][..]),
        (
            "pkg-config",
            &["--exists", "libpcsclite", "libcurl", "jansson", "libcrypto"][..],
        ),
    ])
}

/// Whether `program --version` runs; under `CI` a missing one fails the test.
fn tool_or_skip(program: &str) -> bool {
    needed_or_skip(&[(program, &["--version"][..])])
}

/// Whether each `program args` runs and succeeds here. Without one the test skips, but under
/// `CI` (`.ci/run` installs them all) it fails, naming what failed.
fn needed_or_skip(needed: &[(&str, &[&str])]) -> bool {
    let missing: Vec<String> = needed
        .iter()
        .filter(|(program, args)| {
            !Command::new(program)
                .args(*args)
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(|(program, args)| format!("{program} {}", args.join(" ")))
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs {missing:?} to succeed (.ci/run installs them: apt-get install gcc make \
         pkg-config libpcsclite-dev libcurl4-openssl-dev libjansson-dev libssl-dev nodejs npm)"
    );
    eprintln!("skipped: {missing:?} failed here");
    false
}

/// The value of the workflow step whose `key:` value starts with `start`.
fn step<'w>(workflow: &'w str, key: &str, start: &str) -> &'w str {
    workflow
        .lines()
        .filter_map(|l| l.trim().strip_prefix(key))
        .find(|v| v.starts_with(start))
        .unwrap_or_else(|| panic!("no `{key} {start}…` in {workflow}"))
}

/// `mynakit init gitlab --ci gitlab --starter LANG` in `dir`; the job it wrote.
fn gitlab_job(bin: &Path, dir: &Path, lang: &str) -> String {
    let (ok, text) = outside(
        bin,
        dir,
        &["init", "gitlab", "--ci", "gitlab", "--starter", lang],
        &[],
    );
    assert!(ok, "{text}");
    std::fs::read_to_string(dir.join("gitlab/.gitlab-ci.yml")).unwrap()
}

/// A workflow's `run:` step as its runner's shell runs it, in the repository's root.
fn workflow_step(repo: &Path, command: &str) {
    let out = Command::new("sh")
        .args(["-c", command])
        .current_dir(repo)
        .env("GITHUB_WORKSPACE", repo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{command}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The mission scenarios with the workflow's client over the real pcscd, as the workflow runs
/// them; none FAILED. The terminal's table.
fn run_missions(bin: &Path, repo: &Path, client: &str) -> String {
    let (ok, text) = outside(
        bin,
        repo,
        &[
            "run",
            "bundled",
            "mynakit/scenarios",
            "--filter",
            "tag:mission",
            "--client",
            client,
            "--capabilities",
            "mynakit/capabilities.yaml",
        ],
        &[("GITHUB_WORKSPACE", repo)],
    );
    assert!(ok, "{text}");
    assert!(!text.contains("FAILED"), "{text}");
    text
}

/// The scenarios with a PASSED run in the terminal's table (rows `id` or `id[mode]`, then the
/// verdict).
fn passed_runs(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let run = words.next()?;
            (words.next() == Some("PASSED")).then(|| run.split('[').next().unwrap_or(run))
        })
        .collect()
}

#[test]
fn the_c_starter_passes_the_mission_scenarios_as_its_workflow_runs_it() {
    let dir = tempfile::tempdir().unwrap();
    let bin = common::installed_copy(dir.path());
    let repo = dir.path().join("vendor");
    std::fs::create_dir(&repo).unwrap();

    let (ok, text) = outside(&bin, &repo, &["init", "--starter", "c"], &[]);
    assert!(ok, "{text}");
    assert!(text.contains("make -s -C mynakit/starter-c"), "{text}");
    assert!(text.contains("$PWD/mynakit/starter-c/client"), "{text}");
    let workflow = std::fs::read_to_string(repo.join(".github/workflows/mynakit.yml")).unwrap();
    let client = step(&workflow, "client: ", "").to_owned();
    assert_eq!(client, "$GITHUB_WORKSPACE/mynakit/starter-c/client");
    let packages = step(&workflow, "run: ", "sudo apt-get");
    for library in [
        "libpcsclite-dev",
        "libcurl4-openssl-dev",
        "libjansson-dev",
        "libssl-dev",
    ] {
        assert!(packages.contains(library), "{packages}");
    }
    let build = step(&workflow, "run: ", "make ").to_owned();
    for (file, marked) in [("card.c", true), ("service.c", true), ("base64.c", false)] {
        let source = std::fs::read_to_string(repo.join("mynakit/starter-c").join(file)).unwrap();
        assert_eq!(source.contains("YOUR APP:"), marked, "{file}");
    }

    // GitLab names the repository's root its own way, and builds in the job's script.
    let job = gitlab_job(&bin, dir.path(), "c");
    assert!(
        job.contains("MYNAKIT_CLIENT: $CI_PROJECT_DIR/mynakit/starter-c/client\n"),
        "{job}"
    );
    assert!(job.contains(&format!("    - {build}\n")), "{job}");

    if !c_toolchain_or_skip() || !pcscd_or_skip() {
        return;
    }
    // The build step as the workflow runs it: a shell in the repository's root.
    workflow_step(&repo, &build);

    let (ok, list) = outside(
        &bin,
        &repo,
        &["run", "--list", "--filter", "tag:mission"],
        &[],
    );
    assert!(ok, "{list}");
    // A scenario's line: its run, its rule set's day, its title (the heading's lines start
    // with `rules:`, `capabilities:`, `suite:`).
    let day = |w: &str| w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-';
    let mut missions: Vec<&str> = list
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|words| words.len() > 2 && !words[0].ends_with(':') && day(words[1]))
        .map(|words| words[0].split('[').next().unwrap())
        .collect();
    missions.dedup();
    assert!(missions.len() >= 4, "{list}");

    let text = run_missions(&bin, &repo, &client);
    // Not passed by being not applicable: every mission scenario has a PASSED run.
    let passed = passed_runs(&text);
    for id in &missions {
        assert!(passed.contains(id), "{id} has no PASSED run: {text}");
    }
}

/// The Node starter as a vendor gets it: written from the installed binary, its package
/// installed by the command the workflow runs before mynakit, then the workflow's client command
/// over the real pcscd, with at least one PASSED run of each mission scenario and none FAILED.
#[test]
fn the_node_starter_passes_the_mission_scenarios_as_its_workflow_runs_it() {
    let dir = tempfile::tempdir().unwrap();
    let bin = common::installed_copy(dir.path());
    let repo = dir.path().join("vendor");
    std::fs::create_dir(&repo).unwrap();

    let (ok, text) = outside(&bin, &repo, &["init", "--starter", "node"], &[]);
    assert!(ok, "{text}");
    assert!(
        text.contains("npm ci --prefix mynakit/starter-node"),
        "{text}"
    );
    assert!(text.contains("mynakit/starter-node/client.js"), "{text}");
    let workflow = std::fs::read_to_string(repo.join(".github/workflows/mynakit.yml")).unwrap();
    let client = step(&workflow, "client: ", "").to_owned();
    assert_eq!(
        client,
        "node $GITHUB_WORKSPACE/mynakit/starter-node/client.js"
    );
    let install = workflow
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("npm ci "))
        .unwrap()
        .to_owned();
    assert_eq!(
        install,
        "npm ci --prefix \"$GITHUB_WORKSPACE/mynakit/starter-node\""
    );
    let card = std::fs::read_to_string(repo.join("mynakit/starter-node/card.js")).unwrap();
    assert!(
        card.contains("YOUR APP:"),
        "the plug-in places are not marked"
    );

    // GitLab names the repository's root its own way, and installs Node.js itself.
    let job = gitlab_job(&bin, dir.path(), "node");
    assert!(
        job.contains("MYNAKIT_CLIENT: node $CI_PROJECT_DIR/mynakit/starter-node/client.js"),
        "{job}"
    );
    assert!(
        job.contains("- npm ci --prefix \"$CI_PROJECT_DIR/mynakit/starter-node\"\n"),
        "{job}"
    );

    if !pcscd_or_skip() || !tool_or_skip("node") || !tool_or_skip("npm") {
        return;
    }
    // The workflow's install step, as its runner's shell runs it (the npm registry is reached).
    workflow_step(&repo, &install);
    let text = run_missions(&bin, &repo, &client);
    let passed = passed_runs(&text);
    for mission in [
        "expired-eligibility",
        "medical-assistance",
        "pin-lockout",
        "unregistered-registration",
    ] {
        assert!(
            passed.contains(&mission),
            "{mission} has no PASSED run: {text}"
        );
    }
}

/// The relying-party starter as a vendor gets it: written from the installed binary with the
/// capabilities of its role and a first scenario it plays, its workflow installing
/// python3-cryptography before mynakit runs it (its runs: the whole-set test below, and
/// `relying_party_first_hour.rs`, docs/relying-party.md's first hour as written).
#[test]
fn the_relying_party_starter_is_written_for_its_role_with_its_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let bin = common::installed_copy(dir.path());
    let repo = dir.path().join("bank");
    std::fs::create_dir(&repo).unwrap();

    let (ok, text) = outside(&bin, &repo, &["init", "--starter", "relying-party"], &[]);
    assert!(ok, "{text}");
    assert!(
        text.contains("first, once, here: python3 -c \"import cryptography.x509.ocsp\""),
        "{text}"
    );
    assert!(
        text.contains("mynakit/starter-relying-party/client.py"),
        "{text}"
    );
    let capabilities = std::fs::read_to_string(repo.join("mynakit/capabilities.yaml")).unwrap();
    assert!(
        capabilities.contains("role: relying-party\n"),
        "{capabilities}"
    );
    assert!(!repo
        .join("mynakit/scenarios/our-app-eligible-pin.yaml")
        .exists());
    let own =
        std::fs::read_to_string(repo.join("mynakit/scenarios/our-app-identity-accepted.yaml"))
            .unwrap();
    assert!(own.contains("role: relying-party\n"), "{own}");
    let workflow = std::fs::read_to_string(repo.join(".github/workflows/mynakit.yml")).unwrap();
    let client = step(&workflow, "client: ", "").to_owned();
    assert_eq!(
        client,
        "python3 $GITHUB_WORKSPACE/mynakit/starter-relying-party/client.py"
    );
    assert!(step(&workflow, "run: ", "sudo apt-get").contains("python3-cryptography"));
    let check = step(&workflow, "run: ", "python3 -c").to_owned();
    for file in ["client.py", "card.py", "server.py"] {
        let source =
            std::fs::read_to_string(repo.join("mynakit/starter-relying-party").join(file)).unwrap();
        assert!(source.contains("YOUR APP:"), "{file}");
    }
    let job = gitlab_job(&bin, dir.path(), "relying-party");
    assert!(
        job.contains(
            "MYNAKIT_CLIENT: python3 $CI_PROJECT_DIR/mynakit/starter-relying-party/client.py"
        ),
        "{job}"
    );
    assert!(job.contains("python3-cryptography"), "{job}");

    // The workflow's check of the package, as its runner's shell runs it.
    if starter_tools_or_skip("relying-party") {
        workflow_step(&repo, &check);
    }
}

/// The starters `init --starter` offers, as its help lists them (`- NAME: …` under
/// "Possible values"), so that a starter added later is held to the same as these.
fn starters_offered(bin: &Path, cwd: &Path) -> Vec<String> {
    let (ok, help) = outside(bin, cwd, &["init", "--help"], &[]);
    assert!(ok, "{help}");
    let at = help
        .find("--starter <")
        .expect("init --help has no --starter");
    let mut offered = Vec::new();
    for line in help[at..].lines().skip(1) {
        let line = line.trim();
        if line.starts_with('-') && !line.starts_with("- ") {
            break; // the next option
        }
        if let Some(value) = line.strip_prefix("- ") {
            if let Some((name, _)) = value.split_once(':') {
                offered.push(name.trim().to_owned());
            }
        }
    }
    assert!(offered.contains(&"python".to_owned()), "{help}");
    offered
}

/// What the starter `name` needs here beyond pcscd: without it the test skips, under `CI` it
/// fails (`.ci/run` installs them all). A starter not named here needs only what its own
/// set-up line runs.
fn starter_tools_or_skip(name: &str) -> bool {
    match name {
        "python" => tool_or_skip("python3"),
        "c" => c_toolchain_or_skip(),
        "node" => tool_or_skip("node") && tool_or_skip("npm"),
        "relying-party" => {
            needed_or_skip(&[("python3", &["-c", "import cryptography.x509.ocsp"][..])])
        }
        _ => true,
    }
}

/// The text after `label` on the line of `printed` that holds it, up to `end` when given.
fn printed_after<'t>(printed: &'t str, label: &str, end: Option<&str>) -> Option<&'t str> {
    let line = printed.lines().find(|l| l.contains(label))?;
    let rest = &line[line.find(label)? + label.len()..];
    Some(match end.and_then(|end| rest.find(end)) {
        Some(at) => &rest[..at],
        None => rest,
    })
}

/// A starter's whole run: the counts of its summary line (`137 PASSED, 287 NOT-APPLICABLE in …`),
/// and the terminal's text.
struct WholeRun {
    name: String,
    /// The role its capabilities declare (`role:` in `mynakit/capabilities.yaml`).
    role: String,
    /// Its repository.
    repo: std::path::PathBuf,
    counts: Vec<(String, usize)>,
    text: String,
}

impl WholeRun {
    fn count(&self, verdict: &str) -> usize {
        self.counts
            .iter()
            .filter(|(v, _)| v == verdict)
            .map(|(_, n)| n)
            .sum()
    }

    /// The runs the starter claims: every run but those NOT-APPLICABLE to its capabilities.
    fn claimed(&self) -> usize {
        self.counts
            .iter()
            .filter(|(v, _)| v != "NOT-APPLICABLE")
            .map(|(_, n)| n)
            .sum()
    }
}

/// The verdict counts of the run's summary line, the one that ends ` in N s (suite)`.
fn summary_counts(text: &str) -> Vec<(String, usize)> {
    let line = text
        .lines()
        .find(|l| {
            l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(" in ") && l.ends_with(')')
        })
        .unwrap_or_else(|| panic!("no summary line in {text}"));
    let counts = &line[..line.find(" in ").unwrap()];
    counts
        .split(", ")
        .map(|part| {
            let (n, verdict) = part.split_once(' ').unwrap();
            (verdict.to_owned(), n.parse().unwrap())
        })
        .collect()
}

/// `mynakit init --starter NAME` in a fresh repository under `dir`; its set-up line (`first,
/// once, here: …`), then its run line (`next: run the starter here: …`), each run exactly as
/// printed by a shell in the repository with the installed copy first on PATH. The workflow
/// `init` wrote runs the same client, capabilities and scenarios.
fn whole_run(bin: &Path, dir: &Path, name: &str) -> WholeRun {
    let repo = dir.join(name);
    std::fs::create_dir(&repo).unwrap();
    let (ok, printed) = outside(bin, &repo, &["init", "--starter", name], &[]);
    assert!(ok, "{printed}");
    let shell = |line: &str| {
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = Command::new("sh");
        command
            .args(["-c", line])
            .current_dir(&repo)
            .env("PATH", path);
        common::away_from_checkout(&mut command, &repo.join(".cache"));
        let out = command.output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    };
    if let Some(setup) = printed_after(&printed, "first, once, here: ", Some(" (it needs")) {
        let (ok, text) = shell(setup);
        assert!(ok, "{name}: {setup}: {text}");
    }
    let run = printed_after(&printed, "run the starter here: ", None)
        .unwrap_or_else(|| panic!("{name}: no run line in {printed}"));
    assert!(run.starts_with("mynakit run "), "{run}");

    let workflow = std::fs::read_to_string(repo.join(".github/workflows/mynakit.yml")).unwrap();
    let client = step(&workflow, "client: ", "").replace("$GITHUB_WORKSPACE", "$PWD");
    let expected = format!(
        "mynakit run {} --client \"{client}\" --capabilities {}",
        step(&workflow, "scenarios: ", ""),
        step(&workflow, "capabilities: ", "")
    );
    assert_eq!(run, expected, "{name}: the workflow runs another command");

    let (_, text) = shell(run);
    let capabilities = std::fs::read_to_string(repo.join("mynakit/capabilities.yaml")).unwrap();
    let role = capabilities
        .lines()
        .find_map(|l| l.strip_prefix("role: "))
        .unwrap_or_else(|| panic!("{name}: no role in {capabilities}"))
        .to_owned();
    WholeRun {
        name: name.to_owned(),
        role,
        repo,
        counts: summary_counts(&text),
        text,
    }
}

/// The flows a minimal relying party plays (docs/relying-party.md, "The first hour"): the
/// 身元確認 and the 当人認証 (a signature, a nonce, a chain, a revocation each) and the counter
/// read. かざし and 現況確認 need the server's accounts, which a minimal one has not.
const MINIMAL_RELYING_PARTY_FLOWS: &str =
    "identity-by-signature, authentication-by-nonce, counter-read";

/// The runs of `repo`'s scenarios (the bundled ones and its own, as its workflow runs them)
/// that a relying party of [`MINIMAL_RELYING_PARTY_FLOWS`] claims, as `run --list` tells them
/// (a run's line, not followed by its NOT-APPLICABLE line).
fn minimal_relying_party_runs(bin: &Path, repo: &Path) -> usize {
    let minimal = repo.join("minimal-relying-party.yaml");
    std::fs::write(
        &minimal,
        format!("role: relying-party\nmodes: [pin]\nflows: [{MINIMAL_RELYING_PARTY_FLOWS}]\n"),
    )
    .unwrap();
    let (ok, list) = outside(
        bin,
        repo,
        &[
            "run",
            "--list",
            "bundled",
            "mynakit/scenarios",
            "--capabilities",
            &minimal.to_string_lossy(),
        ],
        &[],
    );
    assert!(ok, "{list}");
    let day = |w: &str| w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-';
    let lines: Vec<&str> = list.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(i, l)| {
            let words: Vec<&str> = l.split_whitespace().collect();
            !l.starts_with(' ')
                && words.len() > 2
                && !words[0].ends_with(':')
                && day(words[1])
                && !lines
                    .get(i + 1)
                    .is_some_and(|next| next.trim_start().starts_with("NOT-APPLICABLE"))
        })
        .count()
}

/// Every starter `init` offers, run on the whole bundled set exactly as `init` prints it (its
/// set-up, then its run line, which is what its workflow runs), passes every run it claims,
/// and claims no fewer runs than the Python starter (issue 105) — within its role: a card
/// app's starter no fewer than the Python one, a relying party's (which claims none of a card
/// app's runs, nor the Python starter any of its) no fewer than every run of the flows a
/// minimal relying party plays ([`MINIMAL_RELYING_PARTY_FLOWS`]). The starters run side by side,
/// each with its own managed pcscd; none can use the in-process transport (each is a PC/SC
/// program), so this takes about as long as the slowest starter's run (the Python one's).
#[test]
fn every_starter_passes_every_run_it_claims_on_the_whole_bundled_set() {
    let dir = tempfile::tempdir().unwrap();
    let bin = common::installed_copy(dir.path());
    let offered = starters_offered(&bin, dir.path());
    // The PIN-pad scenarios need mynakit's reader driver, every starter pcscd.
    if !pcscd_or_skip() || !common::driver_or_skip() {
        return;
    }
    if !offered.iter().all(|name| starter_tools_or_skip(name)) {
        return;
    }
    let runs: Vec<WholeRun> = std::thread::scope(|scope| {
        let running: Vec<_> = offered
            .iter()
            .map(|name| scope.spawn(|| whole_run(&bin, dir.path(), name)))
            .collect();
        running.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let python = runs.iter().find(|r| r.name == "python").unwrap();
    let mut problems = Vec::new();
    for run in &runs {
        eprintln!("{}: {:?}, {} claimed", run.name, run.counts, run.claimed());
        let passed = run.count("PASSED");
        if passed == 0 || passed != run.claimed() {
            let tail: Vec<&str> = run.text.lines().rev().take(40).collect();
            problems.push(format!(
                "{}: {passed} PASSED of {} claimed runs: {:?}\n{}",
                run.name,
                run.claimed(),
                run.counts,
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            ));
        }
        // The floor of its role: a card app's, the Python starter's claim; a relying party's,
        // every run of the minimal flows.
        let (floor, of) = match run.role.as_str() {
            "relying-party" => (
                minimal_relying_party_runs(&bin, &run.repo),
                "every run of a minimal relying party's flows",
            ),
            _ => (python.claimed(), "the Python starter's"),
        };
        if run.claimed() < floor {
            problems.push(format!(
                "{} ({}) claims {} runs, fewer than {of}: {floor}",
                run.name,
                run.role,
                run.claimed(),
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
