//! `mynakit evidence verify DIR --key PUB.pem`: the manifest's signature with the vendor's key,
//! then every file against the manifest, and no file that the manifest does not list.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{VerifyingKey, MANIFEST, SIGNATURE};

/// A bundle that could not be checked at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// DIR is missing, a link or not a folder.
    #[error("{0}: not an evidence bundle folder (symbolic links are not followed)")]
    NotAFolder(PathBuf),
}

/// One way a bundle is not intact, naming the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The manifest or its signature is missing, or the signature is not the key's.
    Signature {
        /// The file to blame: the manifest or the signature.
        file: String,
        /// Why.
        why: String,
    },
    /// A listed file's bytes differ from its hash.
    Changed(String),
    /// A listed file is gone (or is not a regular file).
    Missing(String),
    /// A file the manifest does not list.
    Unlisted(String),
    /// An answer in `addenda/` that does not verify or answers another package
    /// (`super::addendum`).
    Addendum {
        /// The answer's folder or file.
        path: String,
        /// Why.
        why: String,
    },
    /// A manifest line that is not `<64 hex>  <path>`.
    BadLine {
        /// 1-based line.
        line: usize,
        /// The text.
        text: String,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Signature { file, why } => write!(f, "BAD SIGNATURE {file}: {why}"),
            Problem::Changed(p) => write!(f, "CHANGED {p}: its SHA-256 is not the manifest's"),
            Problem::Missing(p) => {
                write!(f, "MISSING {p}: listed in the manifest, not in the bundle")
            }
            Problem::Unlisted(p) => write!(f, "UNLISTED {p}: not in the signed manifest"),
            Problem::Addendum { path, why } => write!(f, "BAD ANSWER {path}: {why}"),
            Problem::BadLine { line, text } => {
                write!(
                    f,
                    "BAD LINE {MANIFEST}:{line}: {text:?} is not `<sha256>  <path>`"
                )
            }
        }
    }
}

/// What a check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// Files listed in the manifest.
    pub listed: usize,
    /// Everything wrong; empty = intact.
    pub problems: Vec<Problem>,
}

/// Checks the bundle in `dir` with `key`.
///
/// # Errors
///
/// [`VerifyError`] when `dir` is not a folder.
pub fn verify(dir: &Path, key: &VerifyingKey) -> Result<Verified, VerifyError> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        _ => return Err(VerifyError::NotAFolder(dir.to_path_buf())),
    }
    let mut problems = Vec::new();
    let manifest = read_regular(&dir.join(MANIFEST));
    let signature = read_regular(&dir.join(SIGNATURE));
    match (&manifest, &signature) {
        (None, _) => problems.push(Problem::Signature {
            file: MANIFEST.to_owned(),
            why: "missing".to_owned(),
        }),
        (Some(_), None) => problems.push(Problem::Signature {
            file: SIGNATURE.to_owned(),
            why: "missing".to_owned(),
        }),
        (Some(m), Some(s)) if !key.verify(m, s) => problems.push(Problem::Signature {
            file: format!("{MANIFEST} or {SIGNATURE}"),
            why: format!(
                "the signature is not the {} key {}'s over the manifest: one of them changed, \
                 or another key signed",
                key.algorithm().name(),
                key.id.get(..16).unwrap_or_default()
            ),
        }),
        _ => {}
    }
    let Some(manifest) = manifest else {
        return Ok(Verified {
            listed: 0,
            problems,
        });
    };
    let text = String::from_utf8_lossy(&manifest);
    let mut listed = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let Some((hash, path)) = line.split_once("  ") else {
            problems.push(Problem::BadLine {
                line: i + 1,
                text: line.to_owned(),
            });
            continue;
        };
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) || !safe(path) {
            problems.push(Problem::BadLine {
                line: i + 1,
                text: line.to_owned(),
            });
            continue;
        }
        listed.insert(path.to_owned());
        match read_regular(&dir.join(path)) {
            None => problems.push(Problem::Missing(path.to_owned())),
            Some(bytes) => {
                if !hex::encode(Sha256::digest(&bytes)).eq_ignore_ascii_case(hash) {
                    problems.push(Problem::Changed(path.to_owned()));
                }
            }
        }
    }
    let mut present = Vec::new();
    walk(dir, "", &mut present);
    // People's answers come after the signature, each signed on its own: a real folder
    // `addenda/` at the top is theirs, which `super::addendum::answers` checks (`mynakit evidence
    // verify` always does); a link or a file of that name is not.
    let answers = std::fs::symlink_metadata(dir.join(super::ADDENDA)).is_ok_and(|m| m.is_dir());
    let answer_prefix = format!("{}/", super::ADDENDA);
    present.retain(|path| !(answers && path.starts_with(&answer_prefix)));
    for path in present {
        if path != MANIFEST && path != SIGNATURE && !listed.contains(&path) {
            problems.push(Problem::Unlisted(path));
        }
    }
    Ok(Verified {
        listed: listed.len(),
        problems,
    })
}

/// A relative path that stays inside the bundle.
fn safe(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// A regular file's bytes; `None` for anything else (a link is never followed).
pub(super) fn read_regular(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    std::fs::read(path).ok()
}

/// Every entry under `dir` that is not a folder, as relative `/` paths (links listed, never
/// followed).
fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&entry.path(), &rel, out),
            _ => out.push(rel),
        }
    }
}
