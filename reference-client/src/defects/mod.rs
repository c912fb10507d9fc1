//! Deliberate defects: switches that make this client wrong on purpose.
//!
//! **None of them is ever on by default, and none belongs in a real product.** They exist to test
//! mynakit itself: a conformance check is only worth something if it fails a client that breaks
//! its rule, so the harness's own tests run this client with one defect at a time and expect the
//! matching check (or scenario expectation) to fail. Each defect is a bug seen in the field or an
//! easy mistake, reproduced in the smallest way (`docs/reference-client.md`, "Defects").

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// Declares [`Defect`] from its one table: each row is a variant with its doc, its name on the
/// command line and its one-line description, and [`Defect::ALL`], [`Defect::name`] and
/// [`Defect::description`] are all read from it, so a defect is written once (the names are
/// what vendors' scripts pass to `--defect NAME`: never rename one).
macro_rules! defects {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal, $description:literal;)*) => {
        /// One deliberate bug.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Defect {
            $(
                #[doc = concat!("`", $name, "`: ")]
                $(#[doc = $doc])*
                $variant,
            )*
        }

        impl Defect {
            /// Every defect, in the table's order (the order of `--list-defects`).
            pub const ALL: [Defect; [$($name),*].len()] = [$(Defect::$variant),*];

            /// The name used on the command line (`--defect NAME`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Defect::$variant => $name,)*
                }
            }

            /// One line: what goes wrong.
            pub fn description(self) -> &'static str {
                match self {
                    $(Defect::$variant => $description,)*
                }
            }
        }
    };
}

mod table;

pub use table::Defect;

impl fmt::Display for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A defect name that does not exist.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no defect {0:?} (known: {known})", known = Defect::ALL.map(Defect::name).join(", "))]
pub struct UnknownDefect(pub String);

impl FromStr for Defect {
    type Err = UnknownDefect;

    fn from_str(name: &str) -> Result<Defect, UnknownDefect> {
        Defect::ALL
            .into_iter()
            .find(|d| d.name() == name)
            .ok_or_else(|| UnknownDefect(name.to_owned()))
    }
}

/// The defects switched on for one run; empty (a correct client) by default.
///
/// ```
/// use mynakit_reference_client::{Defect, Defects};
///
/// let defects: Defects = ["auto-retry-pin".parse::<Defect>().unwrap()].into_iter().collect();
/// assert!(defects.has(Defect::AutoRetryPin));
/// assert!(Defects::none().is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Defects(BTreeSet<Defect>);

impl Defects {
    /// No defect: the correct client.
    pub fn none() -> Defects {
        Defects::default()
    }

    /// These defects plus `defect`.
    #[must_use]
    pub fn with(mut self, defect: Defect) -> Defects {
        self.0.insert(defect);
        self
    }

    /// Switches `defect` on.
    pub fn insert(&mut self, defect: Defect) {
        self.0.insert(defect);
    }

    /// Whether `defect` is on.
    pub fn has(&self, defect: Defect) -> bool {
        self.0.contains(&defect)
    }

    /// Whether no defect is on.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The defects named, e.g. from `--defect` arguments.
    ///
    /// # Errors
    ///
    /// [`UnknownDefect`] for the first name that is no defect.
    pub fn from_names<I, S>(names: I) -> Result<Defects, UnknownDefect>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        names.into_iter().map(|n| n.as_ref().parse()).collect()
    }

    /// The defects that are on, in documentation order.
    pub fn iter(&self) -> impl Iterator<Item = Defect> + '_ {
        self.0.iter().copied()
    }
}

impl FromIterator<Defect> for Defects {
    fn from_iter<I: IntoIterator<Item = Defect>>(iter: I) -> Defects {
        Defects(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for d in Defect::ALL {
            assert_eq!(d.name().parse::<Defect>(), Ok(d));
        }
        let err = "show-everything".parse::<Defect>().unwrap_err();
        assert!(err.to_string().contains("auto-retry-pin"), "{err}");
    }

    /// The table of `docs/reference-client.md` ("Defects") lists every defect of [`Defect::ALL`]
    /// once and nothing else. Its second column is the longer story of each and is not compared
    /// with [`Defect::description`], the one line of `--list-defects`.
    #[test]
    fn the_docs_table_lists_every_defect_once() {
        let docs = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../docs/reference-client.md"
        ))
        .unwrap();
        let section = docs
            .split_once("\n## Defects\n")
            .expect("docs/reference-client.md has a Defects section")
            .1;
        let section = section.split_once("\n## ").map_or(section, |(s, _)| s);
        let mut listed: Vec<&str> = section
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|row| row.split_once('`').map(|(name, _)| name))
            .collect();
        listed.sort_unstable();
        let mut known: Vec<&str> = Defect::ALL.map(Defect::name).to_vec();
        known.sort_unstable();
        assert_eq!(listed, known);
    }
}
