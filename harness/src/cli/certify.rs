//! `mynakit certify --profile NAME`: `run` of a profile's mandatory runs that writes a
//! certification package (an evidence bundle with `certification.json`), and `mynakit profiles`,
//! which lists the profiles and their runs (`docs/certification.md`). The work is in
//! `mynakit_harness::evidence::profile` and `mynakit_harness::evidence::certification`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use mynakit_conformance::suite::Suite;
use mynakit_fixtures::Fixtures;
use mynakit_harness::evidence::certification::{self, Plan};
use mynakit_harness::evidence::profile::{self, Profile};
use mynakit_harness::report::Lang;

use super::run::RunArgs;

/// `mynakit certify` flags: `run`'s, and the profile's.
#[derive(clap::Args, Clone)]
pub(crate) struct CertifyArgs {
    /// The kind of app certified (`mynakit profiles` lists them): its mandatory runs are what
    /// runs, and the package says which of them it holds.
    #[arg(long, value_name = "NAME")]
    profile: String,
    /// A file of the client whose SHA-256 goes into the package (its program, its libraries,
    /// its configuration); repeatable. Each is read before the run.
    #[arg(long = "client-file", value_name = "FILE")]
    client_files: Vec<PathBuf>,
    #[command(flatten)]
    run: RunArgs,
}

impl CertifyArgs {
    /// As `run`'s: whether the run starts a program of the user's.
    pub(crate) fn starts_a_program(&self) -> bool {
        self.run.starts_a_program()
    }
}

/// Runs the profile and writes the package; `Ok(true)` when none FAILED and it is complete.
pub(crate) fn certify_command(
    args: CertifyArgs,
    fixtures: Fixtures,
    lang: Lang,
) -> anyhow::Result<bool> {
    let CertifyArgs {
        profile,
        client_files,
        mut run,
    } = args;
    let profile = profile::find(&profile)?;
    let Some(dir) = run.evidence_dir().map(PathBuf::from) else {
        anyhow::bail!(
            "certify writes a package: give its folder and the signing key \
             (--evidence DIR --evidence-key KEY.pem)"
        );
    };
    run.refuse_for_certify()?;
    let suite = run.suite_judged()?;
    // Kept for after the run: they name the declaration that claims a NOT-APPLICABLE run.
    let runs = super::rejudge::bundled_runs(&fixtures, lang)?;
    let mandatory = profile.mandatory(runs.iter(), &suite);
    let client_files = client_files
        .iter()
        .map(|path| certification::client_file(path))
        .collect::<Result<Vec<_>, _>>()?;
    // Whether the suite is frozen, and its sha256 (docs/suites.md, "Frozen suites"), as the
    // package's evidence.json and report say.
    let seal = mynakit_harness::scenario::sealed::seal(suite.day())
        .map(|s| {
            let state = if s.frozen { "frozen" } else { "open" };
            format!(" ({state}, sha256 {})", s.sha256)
        })
        .unwrap_or_default();
    eprintln!(
        "certify: profile {} ({}), {} mandatory runs in the suite of {}{seal}",
        profile.name,
        profile.title_in(lang),
        mandatory.len(),
        suite.day()
    );
    run.certify = Some(Plan {
        profile,
        mandatory,
        client_files,
    });
    let listing = run.lists();
    let passed = super::run::run_command(run, fixtures, lang)?;
    if listing {
        return Ok(passed);
    }
    let written = match certification::read(&dir) {
        Ok(Some(written)) => written,
        Ok(None) => anyhow::bail!(
            "{}: the package has no {}",
            dir.display(),
            certification::FILE
        ),
        Err(gap) => anyhow::bail!("{}: {gap}", dir.display()),
    };
    let judged = written.mandatory.len() - written.missing.len();
    println!(
        "certify: {judged} of {} mandatory runs judged, {} REVIEW to answer",
        written.mandatory.len(),
        written.review.len()
    );
    if let Some(ledger) = &written.ledger {
        println!(
            "certify: ledger: {} requirements judged by this run, {} by checks it did not run, \
             {} declared by the vendor, {} for a person, {} out of scope (`mynakit ledger`)",
            ledger.judged_by_this_run.len(),
            ledger.judged_elsewhere,
            ledger.declared.len(),
            ledger.review.len(),
            ledger.out_of_scope
        );
    }
    // Each missing run with its reason (its verdict in the report and the report's note: a
    // capability the client does not declare, a filter that left it out), as `evidence verify
    // --complete` will name it.
    let mandatory: Vec<String> = written.mandatory.keys().cloned().collect();
    let found = certification::completeness(
        &dir,
        &Default::default(),
        |_, _| Some(mandatory.clone()),
        &runs,
    );
    for gap in found.gaps {
        if matches!(gap, certification::Gap::MissingRun { .. }) {
            println!(
                "certify: {}",
                mynakit_harness::report::untrusted::terminal(&gap.to_string())
            );
        }
    }
    Ok(passed && written.missing.is_empty())
}

/// The mandatory runs of `profile` in `suite`: every run of the bundled scenarios a client of
/// its kind claims.
pub(crate) fn mandatory_runs(
    profile: &Profile,
    suite: &Suite,
    fixtures: &Fixtures,
    lang: Lang,
) -> anyhow::Result<Vec<String>> {
    let runs = super::rejudge::bundled_runs(fixtures, lang)?;
    Ok(profile.mandatory(runs.iter(), suite))
}

/// `mynakit profiles [NAME]`: the profiles, or one with its mandatory runs.
pub(crate) fn profiles_command(
    name: Option<&str>,
    suite: Option<&str>,
    format: super::OutputFormat,
    fixtures: &Fixtures,
    lang: Lang,
) -> anyhow::Result<bool> {
    let suite = match suite {
        Some(day) => Suite::of(day).map_err(|e| anyhow::anyhow!("--suite {e}"))?,
        None => Suite::latest(),
    };
    let chosen: Vec<&Profile> = match name {
        Some(name) => vec![profile::find(name)?],
        None => profile::profiles().iter().collect(),
    };
    let mut listed = Vec::new();
    for p in chosen {
        let runs = mandatory_runs(p, &suite, fixtures, lang)?;
        listed.push((p, runs));
    }
    match format {
        super::OutputFormat::Json => {
            let json: Vec<_> = listed
                .iter()
                .map(|(p, runs)| {
                    serde_json::json!({
                        "name": p.name,
                        "title": p.title,
                        "title_ja": p.title_ja,
                        "kind": p.kind,
                        "capabilities": p.capabilities,
                        "only_flows": p.only_flows,
                        "suite": suite.day(),
                        "mandatory": runs,
                        "checks": p.checks(),
                        "declarations": p
                            .declarations()
                            .iter()
                            .map(|i| serde_json::json!({"id": i.id, "note": i.note, "quote": i.quote}))
                            .collect::<Vec<_>>(),
                    })
                })
                .collect();
            println!("{:#}", serde_json::Value::from(json));
        }
        super::OutputFormat::Text => {
            for (p, runs) in &listed {
                println!(
                    "{:<22} {:>4} runs  {}",
                    p.name,
                    runs.len(),
                    p.title_in(lang)
                );
                if name.is_some() {
                    println!("\n{}\n", p.kind);
                    let scenarios: BTreeSet<&str> = runs
                        .iter()
                        .map(|r| mynakit_harness::scenario::modes::split_name(r).0)
                        .collect();
                    println!(
                        "{} mandatory runs of {} scenarios (suite {}):",
                        runs.len(),
                        scenarios.len(),
                        suite.day()
                    );
                    for run in runs {
                        println!("  {run}");
                    }
                    let checks = p.checks();
                    println!("\n{} checks of its role and modes:", checks.len());
                    for id in checks {
                        println!("  {id}");
                    }
                    let declared = p.declarations();
                    println!(
                        "\n{} requirements the vendor declares (`mynakit ledger --evidence declared`):",
                        declared.len()
                    );
                    for item in declared {
                        println!("  {}", item.id);
                    }
                }
            }
        }
    }
    Ok(true)
}
