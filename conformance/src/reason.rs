//! What a check says it saw ([`Reason`]), in English and, where its family has written it, in
//! Japanese: the people who read the reports at vendors, clinics and QA teams read Japanese
//! (`docs/reports.md`, "Languages"), and the English stays the reason `report.json` and the
//! JUnit report keep under `reason`. Beside the words a reason carries its [`Facts`]: the
//! words entry that wrote it, the places it cites and the figures it names, so that reports
//! link and group findings by what they say, never by how they say it.
//!
//! A family's words live in its `words` module, one function per thing said, in both
//! languages side by side; the checks call those functions and hold no sentence of their own
//! (`harness/tests/architecture/`).
//!
//! ```
//! use mynakit_conformance::Reason;
//!
//! let n = 2;
//! let said = Reason::new(format!("{n} VERIFYs"), format!("VERIFY {n} 回"));
//! assert_eq!(said.en(), "2 VERIFYs");
//! assert_eq!(said.ja(), Some("VERIFY 2 回"));
//! // Not yet written in Japanese: the English only.
//! assert_eq!(Reason::from("3 PINs").ja(), None);
//! ```

use std::fmt;
use std::ops::Deref;

use crate::facts::{Cite, ClaimLine, Facts, Value};

/// A check's words for one run: English always, Japanese where written.
///
/// It reads as its English text (`Deref<Target = str>`, `Display`), so a test asks
/// `reason.contains("VERIFY")` as of a string, and the timeline citations (`APDU 14`,
/// `request 3`) are found in the English.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reason {
    en: String,
    ja: Option<String>,
    // Boxed: a verdict carries its reason by value, and checks return it as the error of a
    // `Result` (clippy's `result_large_err`), so the reason stays small as its facts grow.
    facts: Box<Facts>,
}

impl Reason {
    /// The same fact in both languages.
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Self {
        Reason {
            en: en.into(),
            ja: Some(ja.into()),
            facts: Box::default(),
        }
    }

    /// The reason as said by the words entry `id` (`family/name`).
    pub fn message(mut self, id: &'static str) -> Self {
        self.facts.message = Some(id.to_owned());
        self
    }

    /// The reason citing one more place of the run.
    pub fn cite(mut self, place: impl Into<Cite>) -> Self {
        self.facts.cites.push(place.into());
        self
    }

    /// The reason citing the places `places`, in order.
    pub fn citing(mut self, places: impl IntoIterator<Item = Cite>) -> Self {
        self.facts.cites.extend(places);
        self
    }

    /// The reason naming one more line of the claim file.
    pub fn claim_line(mut self, place: ClaimLine) -> Self {
        self.facts.claim_lines.push(place);
        self
    }

    /// The reason naming a figure.
    pub fn count(self, name: &'static str, n: impl TryInto<u64>) -> Self {
        let n = n.try_into().unwrap_or(u64::MAX);
        self.value(name, Value::Count(n))
    }

    /// The reason naming a code (a status word, an OQS or UKE code, an outcome id).
    pub fn code(self, name: &'static str, code: impl Into<String>) -> Self {
        self.value(name, Value::Code(code.into()))
    }

    /// The reason naming a day (`YYYY-MM-DD`) or a month (`YYYY-MM`).
    pub fn day(self, name: &'static str, day: impl Into<String>) -> Self {
        self.value(name, Value::Day(day.into()))
    }

    /// The reason with the facts of `part`, a reason its text quotes, after its own (its
    /// message stays this one's): a sentence built around another keeps what that one cites.
    pub(crate) fn quoting(mut self, part: &Reason) -> Self {
        self.facts.merge((*part.facts).clone());
        self
    }

    fn value(mut self, name: &'static str, value: Value) -> Self {
        self.facts.values.insert(name.to_owned(), value);
        self
    }

    /// What the reason says as data.
    pub fn facts(&self) -> &Facts {
        &self.facts
    }

    /// The English text.
    pub fn en(&self) -> &str {
        &self.en
    }

    /// The Japanese text, when the check has written one.
    pub fn ja(&self) -> Option<&str> {
        self.ja.as_deref()
    }

    /// The reason with `en` and `ja` set before it (a fact that qualifies the whole): the
    /// Japanese stays unwritten when this reason's is.
    pub fn after(self, en: &str, ja: &str) -> Self {
        Reason {
            en: format!("{en}{}", self.en),
            ja: self.ja.map(|text| format!("{ja}{text}")),
            facts: self.facts,
        }
    }

    /// The reason with `en` and `ja` set after it.
    pub fn before(self, en: &str, ja: &str) -> Self {
        Reason {
            en: format!("{}{en}", self.en),
            ja: self.ja.map(|text| format!("{text}{ja}")),
            facts: self.facts,
        }
    }

    /// Several reasons as one, each language joined by its own separator; Japanese only when
    /// every part has it (a half-translated sentence would hide what is left in English). The
    /// facts are the parts' together (the first part's message).
    pub fn join<'a>(parts: impl IntoIterator<Item = &'a Reason>, en: &str, ja: &str) -> Self {
        let parts: Vec<&Reason> = parts.into_iter().collect();
        let english: Vec<&str> = parts.iter().map(|r| r.en.as_str()).collect();
        let japanese: Option<Vec<&str>> = parts.iter().map(|r| r.ja()).collect();
        let mut facts = Facts::default();
        for part in &parts {
            facts.merge((*part.facts).clone());
        }
        Reason {
            en: english.join(en),
            ja: japanese.map(|texts| texts.join(ja)),
            facts: Box::new(facts),
        }
    }
}

impl From<String> for Reason {
    /// A reason written in English only.
    fn from(en: String) -> Self {
        Reason {
            en,
            ja: None,
            facts: Box::default(),
        }
    }
}

impl From<&str> for Reason {
    /// A reason written in English only.
    fn from(en: &str) -> Self {
        Reason::from(en.to_owned())
    }
}

impl Deref for Reason {
    type Target = str;

    fn deref(&self) -> &str {
        &self.en
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

impl PartialEq<str> for Reason {
    fn eq(&self, other: &str) -> bool {
        self.en == other
    }
}

impl PartialEq<String> for Reason {
    fn eq(&self, other: &String) -> bool {
        self.en == *other
    }
}

impl PartialEq<&str> for Reason {
    fn eq(&self, other: &&str) -> bool {
        self.en == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_reasons_are_japanese_only_when_every_part_is() {
        let a = Reason::new("a", "ア");
        let b = Reason::new("b", "イ");
        let c = Reason::from("c");
        let both = Reason::join([&a, &b], "; ", "、");
        assert_eq!((both.en(), both.ja()), ("a; b", Some("ア、イ")));
        let half = Reason::join([&a, &c], "; ", "、");
        assert_eq!((half.en(), half.ja()), ("a; c", None));
    }

    #[test]
    fn a_qualifier_keeps_an_unwritten_japanese_unwritten() {
        let written = Reason::new("seen", "確認").after("APDU 3: ", "APDU 3: ");
        assert_eq!(written.ja(), Some("APDU 3: 確認"));
        let unwritten = Reason::from("seen").before(" (t=1s)", "(t=1s)");
        assert_eq!((unwritten.en(), unwritten.ja()), ("seen (t=1s)", None));
    }
}
