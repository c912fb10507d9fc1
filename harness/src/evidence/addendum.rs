//! A person's answer to a REVIEW, added to a signed package afterwards without touching its
//! signature (`mynakit evidence answer`; `docs/certification.md`, "Answering a REVIEW").
//!
//! An answer is its own small bundle in `addenda/<run>/`: `answer.json` (the run, the verdict,
//! who, when, a note, the SHA-256 of the package's manifest it answers), an optional screenshot,
//! and a manifest of those signed with the same kind of key. The package's own manifest does not
//! list `addenda/`, so the vendor's signature stays valid, and the answer cannot be moved to
//! another package: it names this one's manifest.

use std::path::Path;

use mynakit_fixtures::output::{Folder, WriteMode};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{BundleError, SigningKey, ADDENDA, MANIFEST, SIGNATURE};

/// An answer's own file.
pub const ANSWER: &str = "answer.json";
/// The largest screenshot taken into a package.
pub const MAX_SCREENSHOT_BYTES: u64 = 64 << 20;

/// The person's verdict on a REVIEW run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// What the app showed was right.
    Passed,
    /// It was not.
    Failed,
}

/// `answer.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerFile {
    /// The REVIEW run answered.
    pub run: String,
    /// The person's verdict.
    pub answer: Answer,
    /// Who looked.
    pub by: String,
    /// What they saw, in their words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// When they answered (RFC 3339, UTC).
    pub answered_at: String,
    /// The screenshot's file name in the answer's folder, if one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screenshot: Option<String>,
    /// The SHA-256 of the package's `MANIFEST.sha256`: the package this answers.
    pub package_manifest_sha256: String,
}

/// What an answer says, before it is written.
#[derive(Debug)]
pub struct NewAnswer<'a> {
    /// The REVIEW run.
    pub run: &'a str,
    /// The verdict.
    pub answer: Answer,
    /// Who looked.
    pub by: &'a str,
    /// What they saw.
    pub note: &'a str,
    /// A screenshot file, if any.
    pub screenshot: Option<&'a Path>,
}

/// Why an answer could not be added.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerError {
    /// The package has no manifest to answer.
    #[error("{0}: no {MANIFEST}: not an evidence bundle")]
    NoManifest(String),
    /// The run is not a REVIEW run of the package.
    #[error("{run}: not a run whose verdict is REVIEW in this package (REVIEW runs: {review})")]
    NotReview {
        /// The run named.
        run: String,
        /// The package's REVIEW runs, comma-separated, or `none`.
        review: String,
    },
    /// The run already has an answer.
    #[error("{0}: already answered; an answer is never replaced")]
    Answered(String),
    /// The screenshot is not a regular file or too large.
    #[error("{path}: {why}")]
    Screenshot {
        /// The file.
        path: String,
        /// Why.
        why: String,
    },
    /// Writing failed.
    #[error(transparent)]
    Bundle(#[from] BundleError),
}

/// Adds the answer `new` to the package in `dir`, signed with `key`. Returns the answer's folder,
/// relative to `dir`.
///
/// # Errors
///
/// [`AnswerError`].
pub fn add(
    dir: &Path,
    review_runs: &[String],
    new: &NewAnswer<'_>,
    key: &SigningKey,
    answered_at: String,
) -> Result<String, AnswerError> {
    let manifest = super::verify::read_regular(&dir.join(MANIFEST))
        .ok_or_else(|| AnswerError::NoManifest(dir.display().to_string()))?;
    if !review_runs.iter().any(|r| r == new.run) {
        return Err(AnswerError::NotReview {
            run: new.run.to_owned(),
            review: if review_runs.is_empty() {
                "none".to_owned()
            } else {
                review_runs.join(", ")
            },
        });
    }
    let folder_name = crate::scenario::modes::slug(new.run);
    let rel = format!("{ADDENDA}/{folder_name}");
    if std::fs::symlink_metadata(dir.join(&rel)).is_ok() {
        return Err(AnswerError::Answered(new.run.to_owned()));
    }
    let mut files = std::collections::BTreeMap::new();
    let screenshot = match new.screenshot {
        Some(path) => {
            let (name, bytes) = screenshot(path)?;
            files.insert(name.clone(), bytes);
            Some(name)
        }
        None => None,
    };
    let answer = AnswerFile {
        run: new.run.to_owned(),
        answer: new.answer,
        by: new.by.to_owned(),
        note: new.note.to_owned(),
        answered_at,
        screenshot,
        package_manifest_sha256: hex::encode(Sha256::digest(&manifest)),
    };
    let mut text = serde_json::to_string_pretty(&answer).unwrap_or_default();
    text.push('\n');
    files.insert(ANSWER.to_owned(), text.into_bytes());
    let manifest = super::manifest(&files);
    let folder = Folder::open(dir).map_err(BundleError::from)?;
    for (name, bytes) in &files {
        folder
            .write(&format!("{rel}/{name}"), bytes, WriteMode::New)
            .map_err(BundleError::from)?;
    }
    folder
        .write(
            &format!("{rel}/{MANIFEST}"),
            manifest.as_bytes(),
            WriteMode::New,
        )
        .map_err(BundleError::from)?;
    folder
        .write(
            &format!("{rel}/{SIGNATURE}"),
            &key.sign(manifest.as_bytes()),
            WriteMode::New,
        )
        .map_err(BundleError::from)?;
    Ok(rel)
}

/// The screenshot's name in the answer (`screenshot.png`) and bytes.
fn screenshot(path: &Path) -> Result<(String, Vec<u8>), AnswerError> {
    let refuse = |why: String| AnswerError::Screenshot {
        path: path.display().to_string(),
        why,
    };
    let meta = std::fs::metadata(path).map_err(|e| refuse(e.to_string()))?;
    if !meta.is_file() {
        return Err(refuse("not a regular file".into()));
    }
    if meta.len() > MAX_SCREENSHOT_BYTES {
        return Err(refuse(format!(
            "{} bytes, more than the {MAX_SCREENSHOT_BYTES} a screenshot may have",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| refuse(e.to_string()))?;
    // Only a plain extension is kept: the name is the package's, not the sender's.
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .filter(|e| !e.is_empty() && e.len() <= 8 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(str::to_ascii_lowercase)
        .unwrap_or_else(|| "bin".to_owned());
    Ok((format!("screenshot.{ext}"), bytes))
}

/// The answers of the package in `dir` that verify with `key` and answer this package, by run;
/// and a problem line for each that does not.
pub fn answers(dir: &Path, key: &super::VerifyingKey) -> (Vec<AnswerFile>, Vec<super::Problem>) {
    let mut good = Vec::new();
    let mut problems = Vec::new();
    let root = dir.join(ADDENDA);
    let Ok(entries) = std::fs::read_dir(&root) else {
        return (good, problems);
    };
    let package = super::verify::read_regular(&dir.join(MANIFEST))
        .map(|m| hex::encode(Sha256::digest(m)))
        .unwrap_or_default();
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let rel = format!("{ADDENDA}/{name}");
        let Ok(verified) = super::verify(&root.join(&name), key) else {
            problems.push(super::Problem::Addendum {
                path: rel,
                why: "not a folder (an answer is a folder; links are not followed)".into(),
            });
            continue;
        };
        if !verified.problems.is_empty() {
            for problem in verified.problems {
                problems.push(super::Problem::Addendum {
                    path: rel.clone(),
                    why: problem.to_string(),
                });
            }
            continue;
        }
        let answer = super::verify::read_regular(&root.join(&name).join(ANSWER))
            .and_then(|bytes| serde_json::from_slice::<AnswerFile>(&bytes).ok());
        match answer {
            // When the person answered is a time of the calendar (`2026-02-30T09:00:00Z` is
            // not): a signed answer naming no real moment is named, never taken.
            Some(answer) if !is_time(&answer.answered_at) => {
                problems.push(super::Problem::Addendum {
                    path: format!("{rel}/{ANSWER}"),
                    why: format!(
                        "answered_at `{}` is not a day and time (RFC 3339, 2026-11-27T09:00:00Z)",
                        answer.answered_at
                    ),
                });
            }
            Some(answer) if answer.package_manifest_sha256 == package => good.push(answer),
            Some(_) => problems.push(super::Problem::Addendum {
                path: format!("{rel}/{ANSWER}"),
                why: "answers another package (its package_manifest_sha256 is not this \
                      package's manifest)"
                    .into(),
            }),
            None => problems.push(super::Problem::Addendum {
                path: format!("{rel}/{ANSWER}"),
                why: "missing or not an answer".into(),
            }),
        }
    }
    (good, problems)
}

/// Whether `text` is a moment written in RFC 3339 (`answered_at`), its day a real one.
fn is_time(text: &str) -> bool {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).is_ok()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::evidence::certification::{self, Gap};
    use crate::evidence::{write_bundle, BundleInput, VerifyingKey};

    /// A package of the sample run (one REVIEW run, `visual-face`) signed with a fresh key made
    /// by openssl, as vendors make theirs.
    fn package(dir: &Path) -> (SigningKey, VerifyingKey) {
        let key_file = dir.join("key.pem");
        let made = std::process::Command::new("openssl")
            .args(["genpkey", "-algorithm", "ed25519", "-out"])
            .arg(&key_file)
            .status()
            .expect("openssl runs");
        assert!(made.success());
        let key = SigningKey::from_pem_file(&key_file).unwrap();
        let public = VerifyingKey::from_pem("key", &key.public_pem()).unwrap();
        let report = crate::report::sample::report();
        let mandatory = ["eligible-pin".to_owned(), "visual-face".to_owned()];
        let record = certification::record("pc-card-app-limited", &mandatory, &report, vec![]);
        let extra = BTreeMap::from([(
            certification::FILE.to_owned(),
            serde_json::to_vec_pretty(&record).unwrap(),
        )]);
        let input = BundleInput {
            scenarios: &[],
            expected_failures: None,
            key: &key,
            extra,
            lang: crate::report::Lang::En,
        };
        write_bundle(&dir.join("pkg"), &report, &input).unwrap();
        (key, public)
    }

    fn gaps(dir: &Path, answered: &BTreeSet<String>) -> Vec<Gap> {
        certification::completeness(
            dir,
            answered,
            |_, _| Some(vec!["eligible-pin".to_owned(), "pin-lockout".to_owned()]),
            &[],
        )
        .gaps
    }

    #[test]
    fn a_review_answered_afterwards_completes_the_package_and_keeps_its_signature() {
        let tmp = tempfile::tempdir().unwrap();
        let (key, public) = package(tmp.path());
        let pkg = tmp.path().join("pkg");
        let verified = crate::evidence::verify(&pkg, &public).unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
        // Before: the REVIEW is open, and a mandatory run the verifier derives (`visual-face`
        // from the package's own list, `pin-lockout` from the verifier's) is judged.
        assert_eq!(
            gaps(&pkg, &BTreeSet::new()),
            vec![Gap::UnansweredReview("visual-face".into())]
        );
        let review = vec!["visual-face".to_owned()];
        let shot = tmp.path().join("shot.PNG");
        std::fs::write(&shot, b"\x89PNG fake").unwrap();
        let new = NewAnswer {
            run: "visual-face",
            answer: Answer::Passed,
            by: "QA lead",
            note: "the photo was shown before the result",
            screenshot: Some(&shot),
        };
        let at = "2026-11-27T09:00:00Z".to_owned();
        let folder = add(&pkg, &review, &new, &key, at.clone()).unwrap();
        assert_eq!(folder, "addenda/visual-face");
        assert!(pkg.join("addenda/visual-face/screenshot.png").is_file());
        let verified = crate::evidence::verify(&pkg, &public).unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
        let (answers, problems) = super::answers(&pkg, &public);
        assert!(problems.is_empty(), "{problems:?}");
        let answered: BTreeSet<String> = answers.iter().map(|a| a.run.clone()).collect();
        assert_eq!(gaps(&pkg, &answered), vec![]);
        // An answer is never replaced, and only a REVIEW run takes one.
        assert!(matches!(
            add(&pkg, &review, &new, &key, at.clone()),
            Err(AnswerError::Answered(_))
        ));
        let other = NewAnswer {
            run: "eligible-pin",
            ..new
        };
        assert!(matches!(
            add(&pkg, &review, &other, &key, at),
            Err(AnswerError::NotReview { .. })
        ));
        // A changed answer no longer verifies, and counts for nothing.
        let answer = pkg.join("addenda/visual-face/answer.json");
        let text = std::fs::read_to_string(&answer).unwrap();
        std::fs::write(&answer, text.replace("passed", "failed")).unwrap();
        let (answers, problems) = super::answers(&pkg, &public);
        assert!(answers.is_empty());
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            said.iter()
                .any(|p| p.starts_with("BAD ANSWER addenda/visual-face")),
            "{said:?}"
        );
    }

    /// `answered_at` is read as a time of the calendar: an answer signed with a day that is
    /// not one (or none at all) is named with its file and counts for nothing; the far ends of
    /// the calendar are times.
    #[test]
    fn an_answer_whose_time_is_not_a_day_is_named() {
        for (at, taken) in [
            ("2026-02-30T09:00:00Z", false),
            ("0000-00-01T00:00:00Z", false),
            ("yesterday", false),
            ("", false),
            ("9999-12-31T23:59:59Z", true),
            ("0000-01-01T00:00:00Z", true),
        ] {
            let tmp = tempfile::tempdir().unwrap();
            let (key, public) = package(tmp.path());
            let pkg = tmp.path().join("pkg");
            let new = NewAnswer {
                run: "visual-face",
                answer: Answer::Passed,
                by: "QA lead",
                note: "",
                screenshot: None,
            };
            add(&pkg, &["visual-face".to_owned()], &new, &key, at.to_owned()).unwrap();
            let (answers, problems) = super::answers(&pkg, &public);
            let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
            if taken {
                assert_eq!((answers.len(), said.len()), (1, 0), "{at}: {said:?}");
            } else {
                assert!(answers.is_empty(), "{at}");
                assert_eq!(
                    said,
                    vec![format!(
                        "BAD ANSWER addenda/visual-face/answer.json: answered_at `{at}` is not a \
                         day and time (RFC 3339, 2026-11-27T09:00:00Z)"
                    )],
                    "{at}"
                );
            }
        }
    }

    #[test]
    fn a_package_without_a_mandatory_run_names_it() {
        let tmp = tempfile::tempdir().unwrap();
        package(tmp.path());
        let pkg = tmp.path().join("pkg");
        let found = certification::completeness(
            &pkg,
            &BTreeSet::new(),
            |_, _| Some(vec!["eligible-pin".to_owned(), "gone-run".to_owned()]),
            &[],
        );
        assert!(found.gaps.contains(&Gap::MissingRun {
            run: "gone-run".into(),
            found: None,
            declare: None,
        }));
        // SKIPPED is no verdict: the run did not run.
        let found = certification::completeness(
            &pkg,
            &BTreeSet::new(),
            |_, _| Some(vec!["reader-contactless".to_owned()]),
            &[],
        );
        assert!(
            found
                .gaps
                .iter()
                .any(|g| matches!(g, Gap::MissingRun { run, found: Some(f), .. }
                if run == "reader-contactless" && f.starts_with("SKIPPED"))),
            "{:?}",
            found.gaps
        );
        // A bundle of a plain run is no package.
        std::fs::remove_file(pkg.join(certification::FILE)).unwrap();
        let found = certification::completeness(&pkg, &BTreeSet::new(), |_, _| Some(vec![]), &[]);
        assert_eq!(found.gaps, vec![Gap::NotAPackage]);
    }
}
