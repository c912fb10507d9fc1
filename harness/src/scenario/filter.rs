//! Choosing scenarios by id and tag (`mynakit run --filter`, `--exclude`; `docs/scenarios.md`,
//! "Choosing scenarios").
//!
//! A filter is terms joined by `,`, all of which must hold (AND); a term is `tag:T` (the scenario
//! has tag `T`), `mode:M` (the run is in mode `M`, `docs/scenarios.md`, "Modes") or text the
//! run's name contains, and `!` before a term negates it. Several `--filter`s:
//! any may match (OR). Each `--exclude` is a filter too; a scenario it matches is left out. A
//! selection that leaves nothing is an error naming the filters, never an empty run.

use std::fmt;

use super::Scenario;

/// What a term looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum On {
    /// The run's name (`id`, or `id[mode]`; the run in the scenario's own mode also answers to
    /// `id[mode]`).
    Id,
    /// A tag (`tag:T`).
    Tag,
    /// The run's mode (`mode:M`: `pin`, `visual`, `face`, …, or `none` for a plain program).
    Mode,
}

/// One term: a tag, a mode or an id substring, maybe negated.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Term {
    negated: bool,
    on: On,
    text: String,
}

impl Term {
    fn holds(&self, s: &Scenario) -> bool {
        let found = match self.on {
            On::Tag => s.tags.contains(&self.text),
            On::Mode => s.run_mode_name() == self.text,
            On::Id => {
                s.id.contains(&self.text) || s.aliases().iter().any(|a| a.contains(&self.text))
            }
        };
        found != self.negated
    }
}

/// One `--filter` (or `--exclude`) value: terms that must all hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    written: String,
    terms: Vec<Term>,
}

impl Filter {
    /// Whether every term holds for `s`.
    pub fn matches(&self, s: &Scenario) -> bool {
        self.terms.iter().all(|t| t.holds(s))
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

/// A filter that cannot be read, or a selection that leaves nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// An empty term (`a,,b`, `!`, `tag:`).
    #[error("filter `{filter}`: term {index} is empty (terms are `tag:T`, `mode:M`, id text, or any of them after `!`, joined by `,`)")]
    EmptyTerm {
        /// The filter as written.
        filter: String,
        /// The term's position, from 1.
        index: usize,
    },
    /// Nothing is left.
    #[error(
        "no scenario matches {selection} (of {total} loaded; `mynakit run --list` shows them all)"
    )]
    NothingMatches {
        /// The filters, as on the command line.
        selection: String,
        /// How many scenarios there were to choose from.
        total: usize,
    },
}

impl std::str::FromStr for Filter {
    type Err = FilterError;

    fn from_str(written: &str) -> Result<Filter, FilterError> {
        let mut terms = Vec::new();
        for (i, raw) in written.split(',').enumerate() {
            let raw = raw.trim();
            let (negated, rest) = match raw.strip_prefix('!') {
                Some(rest) => (true, rest.trim_start()),
                None => (false, raw),
            };
            let (on, text) = match (rest.strip_prefix("tag:"), rest.strip_prefix("mode:")) {
                (Some(tag), _) => (On::Tag, tag),
                (_, Some(mode)) => (On::Mode, mode),
                _ => (On::Id, rest),
            };
            if text.is_empty() {
                return Err(FilterError::EmptyTerm {
                    filter: written.to_owned(),
                    index: i + 1,
                });
            }
            terms.push(Term {
                negated,
                on,
                text: text.to_owned(),
            });
        }
        Ok(Filter {
            written: written.to_owned(),
            terms,
        })
    }
}

/// Which scenarios to keep: any of `include` (all when empty), none of `exclude`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// `--filter`s; any may match.
    pub include: Vec<Filter>,
    /// `--exclude`s; none may match.
    pub exclude: Vec<Filter>,
}

impl Selection {
    /// Reads `--filter` and `--exclude` values.
    ///
    /// # Errors
    ///
    /// [`FilterError::EmptyTerm`] for the first filter with an empty term.
    pub fn parse(include: &[String], exclude: &[String]) -> Result<Selection, FilterError> {
        Ok(Selection {
            include: include
                .iter()
                .map(|f| f.parse())
                .collect::<Result<_, _>>()?,
            exclude: exclude
                .iter()
                .map(|f| f.parse())
                .collect::<Result<_, _>>()?,
        })
    }

    /// Whether `s` is chosen.
    pub fn matches(&self, s: &Scenario) -> bool {
        (self.include.is_empty() || self.include.iter().any(|f| f.matches(s)))
            && !self.exclude.iter().any(|f| f.matches(s))
    }

    /// The tags the `--filter`s name (`tag:T`, negated or not), each once, in order: what a
    /// selection that leaves nothing is checked against, for a tag that no scenario has.
    pub fn tags(&self) -> Vec<&str> {
        let mut tags: Vec<&str> = Vec::new();
        for term in self.include.iter().flat_map(|f| &f.terms) {
            if term.on == On::Tag && !tags.contains(&term.text.as_str()) {
                tags.push(&term.text);
            }
        }
        tags
    }

    /// Whether any filter was given.
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// Keeps the chosen items of `all` (`scenario` reads each one's scenario).
    ///
    /// # Errors
    ///
    /// [`FilterError::NothingMatches`] when filters were given and nothing is left.
    pub fn apply<T>(
        &self,
        all: Vec<T>,
        scenario: impl Fn(&T) -> &Scenario,
    ) -> Result<Vec<T>, FilterError> {
        if self.is_empty() {
            return Ok(all);
        }
        let total = all.len();
        let kept: Vec<T> = all
            .into_iter()
            .filter(|t| self.matches(scenario(t)))
            .collect();
        if kept.is_empty() {
            return Err(FilterError::NothingMatches {
                selection: self.to_string(),
                total,
            });
        }
        Ok(kept)
    }
}

impl fmt::Display for Selection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted = |flag: &str, filters: &[Filter]| {
            filters
                .iter()
                .map(|x| format!("{flag} '{x}'"))
                .collect::<Vec<_>>()
        };
        let mut parts = quoted("--filter", &self.include);
        parts.extend(quoted("--exclude", &self.exclude));
        f.write_str(&parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn bundled() -> Vec<Scenario> {
        crate::scenario::bundled_for_tests()
    }

    fn ids(include: &[&str], exclude: &[&str]) -> Result<Vec<String>, FilterError> {
        let own = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let selection = Selection::parse(&own(include), &own(exclude))?;
        Ok(selection
            .apply(bundled(), |s| s)?
            .into_iter()
            .map(|s| s.id)
            .collect())
    }

    #[test]
    fn and_not_or_and_exclude() {
        let all = bundled();
        // Every `terminal-*` scenario, and only those, carries the tag (at least the 6 of the
        // first release): counted from the files, so a new terminal scenario needs no edit here.
        let tagged = all
            .iter()
            .filter(|s| s.tags.iter().any(|t| t == "terminal"))
            .count();
        assert!(tagged >= 6, "{tagged}");
        let terminal = ids(&["tag:terminal"], &[]).unwrap();
        assert_eq!(terminal.len(), tagged, "{terminal:?}");
        assert!(terminal.iter().all(|id| id.starts_with("terminal-")));
        let not_terminal = ids(&["!tag:terminal"], &[]).unwrap();
        assert_eq!(not_terminal.len(), all.len() - tagged);
        assert!(not_terminal.iter().all(|id| !id.starts_with("terminal-")));
        assert_eq!(
            ids(&["tag:terminal"], &["tag:terminal"]).unwrap_err(),
            FilterError::NothingMatches {
                selection: "--filter 'tag:terminal' --exclude 'tag:terminal'".into(),
                total: all.len()
            }
        );
        let pin_not_lockout = ids(&["tag:pin,!lockout"], &[]).unwrap();
        assert!(pin_not_lockout.contains(&"pin-one-try-left".to_owned()));
        assert!(!pin_not_lockout.contains(&"pin-lockout".to_owned()));
        let either = ids(&["pin-lockout", "visual-mode"], &[]).unwrap();
        assert_eq!(either, ["pin-lockout", "visual-mode"]);
        let excluded = ids(&[], &["tag:terminal", "pin"]).unwrap();
        assert!(excluded
            .iter()
            .all(|id| !id.starts_with("terminal-") && !id.contains("pin")));
    }

    #[test]
    fn bad_and_empty_selections_are_errors() {
        assert_eq!(
            ids(&["tag:pin,,x"], &[]).unwrap_err(),
            FilterError::EmptyTerm {
                filter: "tag:pin,,x".into(),
                index: 2
            }
        );
        assert!(matches!(
            ids(&["!tag:"], &[]),
            Err(FilterError::EmptyTerm { index: 1, .. })
        ));
        let selection = Selection::parse(
            &["tag:pin,!tag:lockout,tag:pin".into(), "visual".into()],
            &["tag:terminal".into()],
        )
        .unwrap();
        assert_eq!(
            selection.tags(),
            ["pin", "lockout"],
            "an exclude names no wanted tag"
        );
        let err = ids(&["tag:no-such-tag"], &[]).unwrap_err().to_string();
        assert!(
            err.starts_with("no scenario matches --filter 'tag:no-such-tag' (of "),
            "{err}"
        );
    }
}
