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
        EvidenceCommand::Verify { dir, key, complete } => {
            verify(&dir, &key, complete, fixtures, lang)
        }
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
            println!("answer: {}/{folder}", dir.display());
            Ok(true)
        }
    }
}

/// `verify`: the signature and files, then, with `complete`, the package's runs.
fn verify(
    dir: &std::path::Path,
    key: &std::path::Path,
    complete: bool,
    fixtures: &Fixtures,
    lang: Lang,
) -> anyhow::Result<bool> {
    let key = VerifyingKey::from_pem_file(key)?;
    let mut verified = evidence::verify(dir, &key)?;
    // People's answers to REVIEW runs, each signed on its own (`mynakit docs certification`).
    let (answers, bad_answers) = addendum::answers(dir, &key);
    verified.problems.extend(bad_answers);
    for problem in &verified.problems {
        println!("{problem}");
    }
    let shown = dir.display().to_string();
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
    let found = certification::completeness(dir, &answered, |name, suite| {
        let profile = mynakit_harness::evidence::profile::find(name).ok()?;
        let suite = mynakit_conformance::suite::Suite::of(suite).ok()?;
        super::certify::mandatory_runs(profile, &suite, fixtures, lang).ok()
    });
    for gap in &found.gaps {
        println!("{gap}");
    }
    let profile = found.profile.as_deref().unwrap_or("-");
    if found.gaps.is_empty() {
        println!(
            "COMPLETE {shown}: profile {profile}, all {} mandatory runs judged, {} REVIEW answered",
            found.mandatory,
            answered.len()
        );
        Ok(true)
    } else {
        eprintln!(
            "mynakit evidence verify: {shown} is not complete for profile {profile}: {} gaps",
            found.gaps.len()
        );
        Ok(false)
    }
}
