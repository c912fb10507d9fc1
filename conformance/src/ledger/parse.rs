//! Reading the ledger's data: `sources.tsv` and `items.tsv` (tab-separated, `#` comments, `-` for
//! an empty field), every error naming the file, the line and the field.

use std::fmt;

use sha2::{Digest, Sha256};

use super::{Evidence, Item, Ledger, Source};

/// The data as the binary carries it.
const SOURCES_TSV: &str = include_str!("../../ledger/sources.tsv");
const ITEMS_TSV: &str = include_str!("../../ledger/items.tsv");

/// The held texts, by the file name `sources.tsv` gives them.
const HELD: [(&str, &str); 5] = [
    (
        "sources/SEED000.txt",
        include_str!("../../ledger/sources/SEED000.txt"),
    ),
    (
        "sources/SEED001.txt",
        include_str!("../../ledger/sources/SEED001.txt"),
    ),
    (
        "sources/SEED002.txt",
        include_str!("../../ledger/sources/SEED002.txt"),
    ),
    (
        "sources/SEED003.txt",
        include_str!("../../ledger/sources/SEED003.txt"),
    ),
    (
        "sources/SEED004.txt",
        include_str!("../../ledger/sources/SEED004.txt"),
    ),
];

/// What is wrong with the ledger's data, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LedgerError {
    /// A line has fewer or more fields than its file's columns.
    Fields {
        /// `items.tsv` or `sources.tsv`.
        file: &'static str,
        /// 1-based.
        line: usize,
        /// How many the line has.
        found: usize,
        /// How many the file's lines have.
        expected: usize,
    },
    /// A field holds a value it may not.
    Field {
        /// `items.tsv` or `sources.tsv`.
        file: &'static str,
        /// 1-based.
        line: usize,
        /// The column's name.
        field: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// No source of this id (`mynakit ledger drift --source`).
    NoSource(String),
    /// The source is cited, not held: there is no text to compare.
    NotHeld(String),
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedgerError::Fields {
                file,
                line,
                found,
                expected,
            } => write!(
                f,
                "conformance/ledger/{file}:{line}: {found} tab-separated fields, expected {expected}"
            ),
            LedgerError::Field {
                file,
                line,
                field,
                problem,
            } => write!(f, "conformance/ledger/{file}:{line}: field `{field}`: {problem}"),
            LedgerError::NoSource(id) => write!(f, "no source {id:?} in the ledger"),
            LedgerError::NotHeld(id) => write!(
                f,
                "the source {id:?} is not held (the ledger cites it, stores no text of it): \
                 there is no text to compare"
            ),
        }
    }
}

impl std::error::Error for LedgerError {}

/// The ledger the binary carries.
pub(super) fn bundled() -> Result<Ledger, LedgerError> {
    let sources = parse_sources(SOURCES_TSV, &HELD)?;
    let items = parse_items(ITEMS_TSV, &sources)?;
    Ok(Ledger { sources, items })
}

/// The sha256 of a text, in lower-case hex.
pub(crate) fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The data lines of a TSV file: (1-based line, fields), comments and blank lines left out.
fn rows<'a>(
    file: &'static str,
    text: &'a str,
    columns: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), LedgerError>> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(move |(n, l)| {
            let fields: Vec<&str> = l.split('\t').collect();
            if fields.len() == columns {
                Ok((n + 1, fields))
            } else {
                Err(LedgerError::Fields {
                    file,
                    line: n + 1,
                    found: fields.len(),
                    expected: columns,
                })
            }
        })
}

/// `-` is an empty field.
fn opt(field: &str) -> &str {
    if field == "-" {
        ""
    } else {
        field
    }
}

/// `sources.tsv`: id, file, sha256, issuer, date, title. A held source's file must be one the
/// binary carries and its text must have the pinned sha256.
pub(super) fn parse_sources(
    text: &str,
    held: &[(&str, &'static str)],
) -> Result<Vec<Source>, LedgerError> {
    const FILE: &str = "sources.tsv";
    let mut out: Vec<Source> = Vec::new();
    for row in rows(FILE, text, 6) {
        let (line, f) = row?;
        let bad = |field, problem: String| LedgerError::Field {
            file: FILE,
            line,
            field,
            problem,
        };
        if !well_formed(f[0]) {
            return Err(bad("id", malformed(f[0])));
        }
        if out.iter().any(|s| s.id == f[0]) {
            return Err(bad("id", format!("{:?} is given twice", f[0])));
        }
        let (text, sha256) = match (opt(f[1]), f[2]) {
            ("", "not held") => (None, None),
            ("", other) => {
                return Err(bad(
                    "sha256",
                    format!("{other:?} for a source with no file: write `not held`"),
                ))
            }
            (file, pinned) => {
                let Some((_, body)) = held.iter().find(|(name, _)| *name == file) else {
                    return Err(bad("file", format!("{file:?} is not a held text")));
                };
                let actual = sha256_hex(body);
                if actual != pinned {
                    return Err(bad(
                        "sha256",
                        format!(
                            "{file} has sha256 {actual}, the ledger pins {pinned}: the text changed; \
                             run `mynakit ledger drift` against the old text and re-pin"
                        ),
                    ));
                }
                (Some(*body), Some(pinned.to_owned()))
            }
        };
        out.push(Source {
            id: f[0].to_owned(),
            text,
            sha256,
            issuer: opt(f[3]).to_owned(),
            date: opt(f[4]).to_owned(),
            title: f[5].to_owned(),
        });
    }
    Ok(out)
}

/// `items.tsv`: id, source, locator, evidence, checks, rules, note, quote.
pub(super) fn parse_items(text: &str, sources: &[Source]) -> Result<Vec<Item>, LedgerError> {
    const FILE: &str = "items.tsv";
    let mut out: Vec<Item> = Vec::new();
    for row in rows(FILE, text, 8) {
        let (line, f) = row?;
        let bad = |field, problem: String| LedgerError::Field {
            file: FILE,
            line,
            field,
            problem,
        };
        if !well_formed(f[0]) {
            return Err(bad("id", malformed(f[0])));
        }
        if out.iter().any(|i| i.id == f[0]) {
            return Err(bad("id", format!("{:?} is given twice", f[0])));
        }
        if !sources.iter().any(|s| s.id == f[1]) {
            return Err(bad(
                "source",
                format!("no source {:?} in sources.tsv", f[1]),
            ));
        }
        let evidence = Evidence::parse(f[3]).ok_or_else(|| {
            bad(
                "evidence",
                format!("{:?}: judged, declared, review or out-of-scope", f[3]),
            )
        })?;
        let list = |field: &str| -> Vec<String> {
            opt(field)
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let item = Item {
            id: f[0].to_owned(),
            source: f[1].to_owned(),
            locator: opt(f[2]).to_owned(),
            evidence,
            checks: list(f[4]),
            rules: list(f[5]),
            note: opt(f[6]).to_owned(),
            quote: opt(f[7]).to_owned(),
        };
        match item.evidence {
            Evidence::Judged if item.checks.is_empty() => {
                return Err(bad("checks", "a judged item names no check".to_owned()))
            }
            Evidence::Declared | Evidence::Review | Evidence::OutOfScope
                if item.note.is_empty() =>
            {
                return Err(bad(
                    "note",
                    format!(
                        "a {} item says nothing (its declaration, procedure or reason)",
                        item.evidence.as_str()
                    ),
                ))
            }
            _ => {}
        }
        out.push(item);
    }
    Ok(out)
}

/// Whether an id is well formed: ASCII letters, digits and `-`, starting with a capital letter.
fn well_formed(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_uppercase())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !id.ends_with('-')
}

/// The problem of an id that is not [`well_formed`].
fn malformed(id: &str) -> String {
    format!("{id:?}: letters, digits and `-`, starting with a capital letter")
}
