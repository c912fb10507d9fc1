//! What a scenario expected of the result's fields (`expect.fields`, `expect.shown`,
//! `expect.hidden`), kept in each scenario's report so the result table of the HTML and print
//! views shows it beside what the client showed: a reader sees at once which field was wrong and
//! what it should have been, as Playwright's and Hurl's reports put expected beside actual.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The scenario's expectations about the result's fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExpectedFields {
    /// `expect.fields`: each field with the exact value the result must show.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, String>,
    /// `expect.shown`: fields the result must show, with any value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shown: Vec<String>,
    /// `expect.hidden`: fields the result must not show.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden: Vec<String>,
}

/// What one field was expected to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected<'a> {
    /// Exactly this value.
    Value(&'a str),
    /// Shown, with any value.
    Shown,
    /// Not shown.
    Hidden,
}

impl ExpectedFields {
    /// Nothing expected of the fields.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.shown.is_empty() && self.hidden.is_empty()
    }

    /// What `name` was expected to be, if anything.
    pub fn of(&self, name: &str) -> Option<Expected<'_>> {
        if let Some(value) = self.values.get(name) {
            return Some(Expected::Value(value));
        }
        if self.shown.iter().any(|n| n == name) {
            return Some(Expected::Shown);
        }
        self.hidden
            .iter()
            .any(|n| n == name)
            .then_some(Expected::Hidden)
    }

    /// Every field named, each once, in name order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        let mut names: Vec<&str> = self
            .values
            .keys()
            .chain(&self.shown)
            .chain(&self.hidden)
            .map(String::as_str)
            .collect();
        names.sort_unstable();
        names.dedup();
        names.into_iter()
    }

    /// The finding that judged `name`'s expectation (`expect.fields.…`, `expect.shown.…` or
    /// `expect.hidden.…`, as the judge names them).
    pub fn check_id(name: &str, expected: Expected<'_>) -> String {
        let key = match expected {
            Expected::Value(_) => "fields",
            Expected::Shown => "shown",
            Expected::Hidden => "hidden",
        };
        format!("expect.{key}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_expectation_is_told() {
        let expected = ExpectedFields {
            values: BTreeMap::from([("QualificationValidity".to_owned(), "1".to_owned())]),
            shown: vec!["InsurerNumber".to_owned()],
            hidden: vec!["LimitApplicationCertificateClassificationFlag".to_owned()],
        };
        assert_eq!(
            expected.of("QualificationValidity"),
            Some(Expected::Value("1"))
        );
        assert_eq!(expected.of("InsurerNumber"), Some(Expected::Shown));
        assert_eq!(
            expected.of("LimitApplicationCertificateClassificationFlag"),
            Some(Expected::Hidden)
        );
        assert_eq!(expected.of("Name"), None);
        assert_eq!(expected.names().count(), 3);
        assert_eq!(
            ExpectedFields::check_id("InsurerNumber", Expected::Shown),
            "expect.shown.InsurerNumber"
        );
        assert!(ExpectedFields::default().is_empty());
    }
}
