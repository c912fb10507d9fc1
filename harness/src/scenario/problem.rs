//! A problem the semantic checks find in a scenario ([`Problem`]: its key path, and what is
//! wrong in English and in Japanese), and the list each section's check adds to
//! ([`Problems`]). Below the checks of every section (`model`, `operator`, `faults`, …) and the
//! walk over a scenario that runs them (`validate`).

/// One problem found by the semantic checks: where (a key path) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The key path, e.g. `given.cards[0].pins.auth.tries_left`.
    pub path: String,
    /// What is wrong, in lowercase English (`mynakit scenario check --format json` keeps it).
    pub message: String,
    /// The same in Japanese, for a reader of `--lang ja`. Required: [`Problems::add`] takes
    /// both, so no problem is written without its Japanese.
    pub message_ja: String,
    /// The 1-based line and column of the key path in the file, once the loader has found it
    /// (`mynakit_fixtures::yaml::place_of`); `None` for a key the file does not have.
    pub place: Option<(usize, usize)>,
    /// The known word nearest to a misspelt one the problem is about (a persona, a check id),
    /// shown as "did you mean" under it; `None` when nothing is near.
    pub suggestion: Option<String>,
}

impl Problem {
    /// The message in both languages, for the reader's [`super::Word`].
    pub fn said(&self) -> super::said::Said<'_> {
        super::said::Said {
            en: &self.message,
            ja: Some(&self.message_ja),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.path, self.message)
    }
}

/// Collects problems with their paths.
#[derive(Default)]
pub(crate) struct Problems(pub(crate) Vec<Problem>);

impl Problems {
    /// A problem at `path`: what is wrong in English (`en`) and in Japanese (`ja`).
    pub(crate) fn add(
        &mut self,
        path: impl Into<String>,
        en: impl Into<String>,
        ja: impl Into<String>,
    ) {
        self.0.push(Problem {
            path: path.into(),
            message: en.into(),
            message_ja: ja.into(),
            place: None,
            suggestion: None,
        });
    }

    /// The problem added last gets `suggestion` as its "did you mean".
    pub(crate) fn suggest(&mut self, suggestion: Option<&str>) {
        if let Some(last) = self.0.last_mut() {
            last.suggestion = suggestion.map(str::to_owned);
        }
    }
}

/// Ids for a problem's text, as `a, b, c`.
pub(crate) fn joined(ids: &std::collections::BTreeSet<String>) -> String {
    ids.iter().cloned().collect::<Vec<_>>().join(", ")
}
