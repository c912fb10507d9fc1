//! A scenario loader's message in the reader's language: the message as its writer gave it
//! ([`Said`]: English, and Japanese where written) and the function that picks the words
//! ([`Word`]). Below the loader, the checker and the caret renderer, which all speak of it.

/// A loader message as written: its English, and its own Japanese where its writer gave one (a
/// semantic problem of the scenario checker, [`super::Problem`]). serde's messages have only
/// English; the catalogue words them from their templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Said<'a> {
    /// The English, as `mynakit scenario check --format json` keeps it.
    pub en: &'a str,
    /// The same in Japanese, if written.
    pub ja: Option<&'a str>,
}

impl<'a> Said<'a> {
    /// A message with only its English (serde's).
    pub fn english(en: &'a str) -> Self {
        Self { en, ja: None }
    }
}

/// A loader message as the reader reads it.
pub type Word<'a> = &'a dyn Fn(Said<'_>) -> String;

/// The [`Word`] that keeps each message as written (English).
pub fn as_written(said: Said<'_>) -> String {
    said.en.to_owned()
}
