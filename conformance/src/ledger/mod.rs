//! The requirement ledger: one item per normative sentence of the documents mynakit judges by
//! (the government notices first, then every source the checks and the dated rules cite), each
//! with its evidence type and the checks that judge it (`docs/ledger.md`).
//!
//! The data lives beside the crate (`conformance/ledger/items.tsv`, `sources.tsv`, the held
//! texts under `sources/`) and is compiled into the binary; it is parsed once, on first use.
//! The two-way lint (every check names an item, every `judged` item names checks that exist,
//! every quote is found in its held source) is this module's tests, so a ledger that disagrees
//! with the catalogue never builds a release.

mod drift;
mod parse;
mod rules;
// The lint's reading of a quote at its locator: only the tests use it.
#[cfg(test)]
mod sentence;
#[cfg(test)]
mod tests;

use std::sync::OnceLock;

pub use drift::{drift, Drift, DriftKind, Drifted};
pub use parse::LedgerError;
pub use rules::rule_key;

/// How an item is shown to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Evidence {
    /// A run proves it: the checks named judge it.
    Judged,
    /// The vendor states it (a capability in `hello`, or a written declaration).
    Declared,
    /// A person checks it by the item's procedure.
    Review,
    /// Not a behaviour of client software; the item says why.
    OutOfScope,
}

impl Evidence {
    /// Every type, in the order coverage counts are printed.
    pub const ALL: [Evidence; 4] = [
        Evidence::Judged,
        Evidence::Declared,
        Evidence::Review,
        Evidence::OutOfScope,
    ];

    /// Its word in the data, the JSON and the CLI's `--evidence`.
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Judged => "judged",
            Evidence::Declared => "declared",
            Evidence::Review => "review",
            Evidence::OutOfScope => "out-of-scope",
        }
    }

    /// Its word in Japanese.
    pub fn as_ja(self) -> &'static str {
        match self {
            Evidence::Judged => "判定",
            Evidence::Declared => "申告",
            Evidence::Review => "人による確認",
            Evidence::OutOfScope => "対象外",
        }
    }

    /// The type named `word` ([`Evidence::as_str`]).
    pub fn parse(word: &str) -> Option<Evidence> {
        Evidence::ALL.into_iter().find(|e| e.as_str() == word)
    }
}

/// A document the ledger quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// `SEED002`, `ISO7816`, …
    pub id: String,
    /// The held text (stored in the repository and pinned by `sha256`); `None`: not held.
    pub text: Option<&'static str>,
    /// The sha256 of the held text as the ledger pinned it; `None`: not held.
    pub sha256: Option<String>,
    /// Who issued it.
    pub issuer: String,
    /// Its date or version.
    pub date: String,
    /// Its title.
    pub title: String,
}

impl Source {
    /// Whether the project holds its text.
    pub fn held(&self) -> bool {
        self.text.is_some()
    }
}

/// One requirement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Stable: `SEED002-014`; a re-issued sentence gets a revision suffix (`-r2`).
    pub id: String,
    /// The id of its [`Source`].
    pub source: String,
    /// Where in the source: `line 42` of a held text, else the page, section or 別表 as cited.
    pub locator: String,
    /// How it is shown to hold.
    pub evidence: Evidence,
    /// The checks that judge it (a `judged` item names at least one).
    pub checks: Vec<String>,
    /// The dated rules it stands for ([`rule_key`] of a calendar row).
    pub rules: Vec<String>,
    /// The procedure of a `review` item, the reason of an `out-of-scope` one, what the vendor
    /// states for a `declared` one; empty for a `judged` one.
    pub note: String,
    /// The sentence as written in the source; empty when the source is cited, not quoted.
    pub quote: String,
}

impl Item {
    /// The bundled scenarios that prove its checks fail a client that breaks it (the detection
    /// matrix, `docs/conformance.md`).
    pub fn scenarios(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = self
            .checks
            .iter()
            .flat_map(|c| crate::matrix::rows(c))
            .filter_map(|row| match row.proof {
                crate::matrix::Proof::Caught { scenario, .. }
                | crate::matrix::Proof::CaughtOverShare { scenario, .. } => Some(scenario),
                crate::matrix::Proof::ByDesign(_) => None,
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The ledger: its sources and items, as the binary carries them.
#[derive(Debug)]
pub struct Ledger {
    /// Every source, in the data's order.
    pub sources: Vec<Source>,
    /// Every item, in the data's order.
    pub items: Vec<Item>,
}

/// The items of the ledger (parsed once).
pub fn items() -> &'static [Item] {
    &ledger().items
}

/// The sources of the ledger.
pub fn sources() -> &'static [Source] {
    &ledger().sources
}

/// The item of this id.
pub fn item(id: &str) -> Option<&'static Item> {
    items().iter().find(|i| i.id == id)
}

/// The source of this id.
pub fn source(id: &str) -> Option<&'static Source> {
    sources().iter().find(|s| s.id == id)
}

/// The items that name this check.
pub fn items_for_check(check: &str) -> Vec<&'static Item> {
    items()
        .iter()
        .filter(|i| i.checks.iter().any(|c| c == check))
        .collect()
}

/// How many items each evidence type holds, in [`Evidence::ALL`]'s order.
pub fn coverage() -> Vec<(Evidence, usize)> {
    Evidence::ALL
        .into_iter()
        .map(|e| (e, items().iter().filter(|i| i.evidence == e).count()))
        .collect()
}

/// The items a person must answer, each with its procedure ([`Item::note`]).
pub fn review_items() -> Vec<&'static Item> {
    items()
        .iter()
        .filter(|i| i.evidence == Evidence::Review)
        .collect()
}

/// The ledger the binary carries. The data is checked by this module's tests, so a release
/// never fails here; should it, the error names the file, line and field.
fn ledger() -> &'static Ledger {
    static LEDGER: OnceLock<Ledger> = OnceLock::new();
    LEDGER.get_or_init(|| match parse::bundled() {
        Ok(ledger) => ledger,
        // The data is a constant of the build, held valid by `tests::bundled_data_parses`.
        Err(e) => panic!("the bundled ledger is invalid: {e}"),
    })
}
