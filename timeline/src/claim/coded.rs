//! A code of the claim file as the claim-file event keeps it ([`Coded`]): the text the client
//! wrote, and the `mynakit-uke` vocabulary's value where that text is one. The JSON line stays
//! the text alone (`docs/timeline.md`, "Claim file"), so a report written before reads, and one
//! written now reads in an older mynakit; a code outside the 別表 keeps its text, for a check
//! to name it.

use std::fmt;
use std::ops::Deref;

use mynakit_oqs::PersonalFamily;
use mynakit_uke::{Confirmation, PayerKind, ProblemKind, ReceiptKind, ScoreTable, YearMonth};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A vocabulary value a claim's code text reads as.
pub trait Code: Sized {
    /// The value `text` spells, or `None` when it spells none.
    fn read(text: &str) -> Option<Self>;
}

impl Code for ReceiptKind {
    fn read(text: &str) -> Option<Self> {
        ReceiptKind::parse(text)
    }
}

impl Code for PayerKind {
    fn read(text: &str) -> Option<Self> {
        PayerKind::from_code(text)
    }
}

impl Code for Confirmation {
    fn read(text: &str) -> Option<Self> {
        Confirmation::from_code(text)
    }
}

impl Code for PersonalFamily {
    fn read(text: &str) -> Option<Self> {
        PersonalFamily::from_code(text)
    }
}

impl Code for ScoreTable {
    fn read(text: &str) -> Option<Self> {
        ScoreTable::from_code(text)
    }
}

impl Code for ProblemKind {
    fn read(text: &str) -> Option<Self> {
        ProblemKind::from_name(text)
    }
}

impl Code for YearMonth {
    fn read(text: &str) -> Option<Self> {
        YearMonth::parse(text)
    }
}

/// A code as written, with its value where the vocabulary knows it.
///
/// ```
/// use mynakit_timeline::Coded;
/// use mynakit_uke::Confirmation;
///
/// let counter: Coded<Confirmation> = "01".into();
/// assert_eq!(counter.known(), Some(Confirmation::Counter));
/// let odd: Coded<Confirmation> = "99".into();
/// assert_eq!((odd.known(), odd.as_str()), (None, "99"));
/// assert_eq!(serde_json::to_string(&odd).unwrap(), "\"99\"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coded<T> {
    text: String,
    known: Option<T>,
}

impl<T: Code> Coded<T> {
    /// The code `text` as written, read by the vocabulary.
    pub fn read(text: impl Into<String>) -> Self {
        let text = text.into();
        let known = T::read(&text);
        Coded { text, known }
    }
}

impl<T: Copy> Coded<T> {
    /// The vocabulary's value, when the text is one.
    pub fn known(&self) -> Option<T> {
        self.known
    }
}

impl<T> Coded<T> {
    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl<T> Default for Coded<T> {
    fn default() -> Self {
        Coded {
            text: String::new(),
            known: None,
        }
    }
}

impl<T> Deref for Coded<T> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl<T> fmt::Display for Coded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<T: Code> From<&str> for Coded<T> {
    fn from(text: &str) -> Self {
        Coded::read(text)
    }
}

impl<T: Code> From<String> for Coded<T> {
    fn from(text: String) -> Self {
        Coded::read(text)
    }
}

impl<T> Serialize for Coded<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de, T: Code> Deserialize<'de> for Coded<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Coded::read)
    }
}

#[cfg(feature = "schema")]
impl<T> schemars::JsonSchema for Coded<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}
