//! `mynakit evidence verify DIR --key PUB.pem [--complete]` and `mynakit evidence answer`: flags
//! in, one line per problem out; exit 0 for an intact (and, with `--complete`, complete) bundle,
//! 1 naming each changed, missing or unlisted file and each missing run. The work is in
//! `mynakit_harness::evidence`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use mynakit_fixtures::Fixtures;
use mynakit_harness::evidence::addendum::{self, Answer, NewAnswer};
use mynakit_harness::evidence::certification;
use mynakit_harness::evidence::{self, SigningKey, VerifyingKey};
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::Lang;

/// `mynakit evidence` subcommands.
#[derive(clap::Subcommand)]
pub(crate) enum EvidenceCommand {
    /// Check a bundle: the manifest's signature with the vendor's public key, every file's
    /// SHA-256, and no unlisted file. Exit 0 when intact, 1 naming what is not.
    Verify {
        /// The bundle folder (`mynakit run --evidence DIR`).
        dir: PathBuf,
        /// The vendor's public key (PEM, Ed25519 or ECDSA P-256), obtained from the vendor, not
        /// from the bundle.
        #[arg(long, value_name = "PUB.pem")]
        key: PathBuf,
        /// Also check a certification package is complete (`mynakit certify`): every mandatory
        /// run of its profile in its suite judged, as this mynakit derives them, and every
        /// REVIEW answered (`mynakit docs certification`).
        #[arg(long)]
        complete: bool,
        /// With `--complete`: a file of the client to match against the package's
        /// `client_files` (by its SHA-256); repeatable. A file the package does not list, or
        /// lists with another digest, is named.
        #[arg(long = "client-file", value_name = "FILE", requires = "complete")]
        client_files: Vec<PathBuf>,
    },
    /// Add a person's answer to a REVIEW run of a certification package, signed on its own so
    /// the package's signature stays valid (`mynakit docs certification`, "Answering a REVIEW").
    Answer {
        /// The package folder.
        dir: PathBuf,
        /// The REVIEW run answered (its name in the report: `id` or `id[mode]`).
        #[arg(long, value_name = "RUN")]
        run: String,
        /// What the person found.
        #[arg(long, value_enum)]
        answer: Answer,
        /// Who looked (a name or a role; never a patient's).
        #[arg(long, value_name = "NAME")]
        by: String,
        /// What they saw, in their words.
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        /// A screenshot of what the app showed (at most 64 MiB).
        #[arg(long, value_name = "FILE")]
        screenshot: Option<PathBuf>,
        /// The private key that signs the answer (PEM, as `--evidence-key`).
        #[arg(long, value_name = "KEY.pem")]
        key: PathBuf,
    },
}

pub(crate) fn evidence_command(
    command: EvidenceCommand,
    fixtures: &Fixtures,
    lang: Lang,
) -> anyhow::Result<bool> {
    match command {
        EvidenceCommand::Verify {
            dir,
            key,
            complete,
            client_files,
        } => verify(&dir, &key, (complete, &client_files), fixtures, lang),
        EvidenceCommand::Answer {
            dir,
            run,
            answer,
            by,
            note,
            screenshot,
            key,
        } => {
            let key = SigningKey::from_pem_file(&key)?;
            let package = match certification::read(&dir) {
                Ok(Some(package)) => package,
                Ok(None) => anyhow::bail!(
                    "{}: no {}: only a certification package (`mynakit certify`) takes answers",
                    dir.display(),
                    certification::FILE
                ),
                Err(gap) => anyhow::bail!("{}: {gap}", dir.display()),
            };
            let new = NewAnswer {
                run: &run,
                answer,
                by: &by,
                note: &note,
                screenshot: screenshot.as_deref(),
            };
            let now = time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default();
            let folder = addendum::add(&dir, &package.review, &new, &key, now)?;
            println!(
                "answer: {}",
                mynakit_harness::report::untrusted::terminal(&format!(
                    "{}/{folder}",
                    dir.display()
                ))
            );
            Ok(true)
        }
    }
}

/// `verify`: the signature and files, then, with `complete`, the package's runs.
fn verify(
    dir: &std::path::Path,
    key: &std::path::Path,
    (complete, client_files): (bool, &[PathBuf]),
    fixtures: &Fixtures,
    lang: Lang,
) -> anyhow::Result<bool> {
    let key = VerifyingKey::from_pem_file(key)?;
    let mut verified = evidence::verify(dir, &key)?;
    // People's answers to REVIEW runs, each signed on its own (`mynakit docs certification`).
    let (answers, bad_answers) = addendum::answers(dir, &key);
    verified.problems.extend(bad_answers);
    // A package is someone else's folder: its file names and texts are printed with their
    // control characters escaped (`mynakit_harness::report::untrusted`), as the folder's name is.
    let escaped = |text: &str| mynakit_harness::report::untrusted::terminal(text).into_owned();
    for problem in &verified.problems {
        println!("{}", escaped(&problem.to_string()));
    }
    let shown = escaped(&dir.display().to_string());
    if !verified.problems.is_empty() {
        let problems = verified.problems.len();
        eprintln!("{}", msg::evidence_not_intact(lang, &shown, problems));
        return Ok(false);
    }
    let algorithm = key.algorithm().name();
    let line = msg::evidence_intact(lang, &shown, verified.listed, algorithm, &key.id);
    println!("{line}");
    if !complete {
        return Ok(true);
    }
    let answered: BTreeSet<String> = answers.iter().map(|a| a.run.clone()).collect();
    // Loaded once: the mandatory runs are derived from them, and a NOT-APPLICABLE one is named
    // with the declaration that claims it.
    let runs = super::rejudge::bundled_runs(fixtures, lang).ok();
    let found = certification::completeness(
        dir,
        &answered,
        |name, suite| {
            let profile = mynakit_harness::evidence::profile::find(name).ok()?;
            // A suite that is not a day, or none this mynakit has, is named by `rejudged`.
            let Ok(suite) = mynakit_conformance::suite::Suite::of(suite) else {
                return Some(Vec::new());
            };
            Some(profile.mandatory(runs.as_ref()?.iter(), &suite))
        },
        runs.as_deref().unwrap_or_default(),
    );
    let mut gaps: Vec<String> = found.gaps.iter().map(ToString::to_string).collect();
    if found.profile.is_some() {
        gaps.extend(rejudged(dir, fixtures, lang)?);
        gaps.extend(client_files_differ(dir, client_files)?);
    }
    for gap in &gaps {
        println!("{}", mynakit_harness::report::untrusted::terminal(gap));
    }
    let profile = found.profile.as_deref().unwrap_or("-");
    let profile = mynakit_harness::report::untrusted::terminal(profile);
    if gaps.is_empty() {
        println!(
            "COMPLETE {shown}: profile {profile}, all {} mandatory runs judged, {} REVIEW answered",
            found.mandatory,
            answered.len()
        );
        Ok(true)
    } else {
        eprintln!(
            "mynakit evidence verify: {shown} is not complete for profile {profile}: {} gaps",
            gaps.len()
        );
        Ok(false)
    }
}

/// The package judged again (`mynakit docs certification`, "Re-judged, not read"): each run's
/// differences from its recorded verdict and findings, a ledger coverage that is not what the
/// report's findings give, as lines.
fn rejudged(dir: &std::path::Path, fixtures: &Fixtures, lang: Lang) -> anyhow::Result<Vec<String>> {
    let (Ok(Some(package)), Ok(Some(report))) =
        (certification::read(dir), certification::read_report(dir))
    else {
        // Unreadable: `completeness` has named it.
        return Ok(Vec::new());
    };
    let mut lines = Vec::new();
    let suite = match mynakit_conformance::suite::Suite::of(&package.suite) {
        Ok(suite) => suite,
        Err(e @ mynakit_conformance::suite::SuiteError::NotADay(_)) => {
            lines.push(format!("NOT A DAY {}: suite {e}", certification::FILE));
            return Ok(lines);
        }
        Err(e) => {
            lines.push(format!(
                "UNKNOWN SUITE {}: {e} (`mynakit changes`)",
                certification::FILE
            ));
            return Ok(lines);
        }
    };
    // Every day the report names is one: a start's first day sets what judging again judges by.
    let file = certification::report_file(dir);
    for bad in mynakit_harness::report::not_days(&report) {
        lines.push(format!("NOT A DAY {file}: {bad}"));
    }
    lines.extend(suites_disagree(dir, &package.suite, suite, &report));
    let bundled = super::rejudge::bundled(fixtures, lang)?;
    lines.extend(scenarios_not_bundled(dir, &bundled.digests));
    let started = std::time::Instant::now();
    let (differ, judged) = mynakit_harness::run::rejudge::rejudge(
        &report,
        &bundled.runs,
        suite,
        &super::rejudge::persona_blocked(fixtures),
    );
    for run in &differ {
        for difference in &run.differences {
            lines.push(format!("REJUDGED {}: {difference}", run.run));
        }
    }
    // A frozen suite judges alike in every later build; an open one may have moved within its
    // day (docs/certification.md, "Re-judged, not read").
    let state = match mynakit_harness::scenario::sealed::seal(suite.day()) {
        Ok(seal) if seal.frozen => "frozen",
        Ok(_) => "open",
        Err(_) => "unsealed",
    };
    eprintln!(
        "evidence verify: {judged} runs judged again by the suite of {} ({state}) in {} ms",
        suite.day(),
        started.elapsed().as_millis()
    );
    // The ledger's coverage the package states is the one its own report's findings give.
    let coverage = certification::ledger_coverage(&report, &package.profile);
    if package.ledger.as_ref().is_some_and(|l| *l != coverage) {
        lines.push(format!(
            "LEDGER {}: its coverage is not what the report's findings give by this mynakit's \
             ledger",
            certification::FILE
        ));
    }
    Ok(lines)
}

/// `evidence.json` as the package holds it, or why it cannot be read.
fn description(dir: &std::path::Path) -> Result<serde_json::Value, String> {
    let path = dir.join(evidence::DESCRIPTION);
    mynakit_fixtures::input::read(&path, mynakit_harness::report::MAX_JSON_BYTES)
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            serde_json::from_slice::<serde_json::Value>(&bytes).map_err(|e| e.to_string())
        })
}

/// Where the package's files do not name one suite (`mynakit docs certification`, "Re-judged,
/// not read"): `evidence.json`'s `suite` and the report's `suite.day` against
/// `certification.json`'s (`named`, the suite `suite` judged again by), and each `suite_sha256`
/// they state against this mynakit's sha256 of that suite. A package judged by another suite
/// than it names, or by another content of it, is not the evidence of that suite. A file of an
/// older release that states no suite, or no sha256, is not held to one.
fn suites_disagree(
    dir: &std::path::Path,
    named: &str,
    suite: mynakit_conformance::suite::Suite,
    report: &mynakit_harness::report::RunReport,
) -> Vec<String> {
    let mut lines = Vec::new();
    let cert = certification::FILE;
    let seal = mynakit_harness::scenario::sealed::seal(suite.day()).ok();
    let mut compare = |file: &str, day: Option<&str>, sha256: Option<&str>| {
        if let Some(day) = day {
            match mynakit_conformance::suite::Suite::of(day) {
                Ok(other) if other.day() == suite.day() => {}
                Ok(_) | Err(mynakit_conformance::suite::SuiteError::BeforeFirst(_)) => {
                    lines.push(format!(
                        "SUITE {file}: names the suite of {day}, {cert} the suite of {named}: \
                         one package is judged by one suite"
                    ));
                    return;
                }
                Err(e) => {
                    lines.push(format!("NOT A DAY {file}: suite {e}"));
                    return;
                }
            }
        }
        let (Some(sha256), Some(seal)) = (sha256.filter(|s| !s.is_empty()), &seal) else {
            return;
        };
        if sha256 != seal.sha256 {
            let state = if seal.frozen { "frozen" } else { "open" };
            lines.push(format!(
                "SUITE {file}: suite_sha256 {sha256} is not that of the suite of {} it names \
                 ({state}, sha256 {} in this mynakit): judged by other rules than the suite's",
                suite.day(),
                seal.sha256
            ));
        }
    };
    // Unreadable: `scenarios_not_bundled` names it.
    if let Ok(d) = description(dir) {
        compare(
            evidence::DESCRIPTION,
            d["suite"].as_str(),
            d["suite_sha256"].as_str(),
        );
    }
    if let Some(run) = &report.suite {
        let file = certification::report_file(dir);
        compare(&file, Some(&run.day), Some(&run.sha256));
    }
    lines
}

/// Each scenario `evidence.json` lists whose file as run (`original_sha256`) is not this
/// mynakit's bundled one of its id: a package's runs are those of its suite's scenarios.
fn scenarios_not_bundled(
    dir: &std::path::Path,
    digests: &std::collections::BTreeMap<String, String>,
) -> Vec<String> {
    let description = match description(dir) {
        Ok(description) => description,
        Err(why) => return vec![format!("UNREADABLE {}: {why}", evidence::DESCRIPTION)],
    };
    let listed = description["scenarios"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut lines = Vec::new();
    for scenario in listed {
        let id = scenario["id"].as_str().unwrap_or_default();
        let run = scenario["original_sha256"].as_str().unwrap_or_default();
        match digests.get(id) {
            Some(ours) if ours == run => {}
            Some(_) => lines.push(format!(
                "SCENARIO {id}: the file run is not this mynakit's bundled {id} (sha256 {run})"
            )),
            None => lines.push(format!(
                "SCENARIO {id}: not a bundled scenario of this mynakit"
            )),
        }
    }
    lines
}

/// Each `--client-file` given to verify that the package does not list with its digest.
fn client_files_differ(dir: &std::path::Path, files: &[PathBuf]) -> anyhow::Result<Vec<String>> {
    let Ok(Some(package)) = certification::read(dir) else {
        return Ok(Vec::new());
    };
    let mut lines = Vec::new();
    for path in files {
        let file = certification::client_file(path)?;
        let listed = package.client_files.iter().any(|c| c.sha256 == file.sha256);
        if !listed {
            lines.push(format!(
                "CLIENT FILE {}: sha256 {} is not among the package's client files",
                file.path, file.sha256
            ));
        }
    }
    Ok(lines)
}
