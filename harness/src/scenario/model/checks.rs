//! The checks of the top level and of `given`'s own sections, next to their types
//! ([`super`]): what each says about itself. What a section names elsewhere (a reader's card,
//! a card's persona) is checked with the scenario (`super::super::validate`).

use super::super::problem::Problems;
use super::{Clock, ReaderGiven, ReaderProfile, Scenario};

/// Lowercase words joined by `-` (`pin-lockout`): a scenario id, a tag.
fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

impl Scenario {
    /// What is wrong with the scenario's own keys: `id` (a slug, the file's stem), `title`
    /// (one line), `tags`, `references` and `timeout_secs`.
    pub(crate) fn check_header(&self, file_stem: Option<&str>, p: &mut Problems) {
        if !is_slug(&self.id) {
            p.add(
                "id",
                format!("{:?} is not lowercase words joined by `-`", self.id),
                format!("{:?} は `-` でつないだ小文字の語ではない", self.id),
            );
        }
        if let Some(stem) = file_stem {
            if stem != self.id {
                p.add(
                    "id",
                    format!("{:?} differs from the file name {stem:?}", self.id),
                    format!("{:?} がファイル名 {stem:?} と違う", self.id),
                );
            }
        }
        if self.title.trim().is_empty() || self.title.contains('\n') {
            p.add(
                "title",
                "must be one non-empty line",
                "空でない 1 行でなければならない",
            );
        }
        for (i, t) in self.tags.iter().enumerate() {
            if !is_slug(t) {
                p.add(
                    format!("tags[{i}]"),
                    format!("{t:?} is not lowercase words joined by `-`"),
                    format!("{t:?} は `-` でつないだ小文字の語ではない"),
                );
            }
        }
        for (i, r) in self.references.iter().enumerate() {
            if r.trim().is_empty() {
                p.add(format!("references[{i}]"), "is empty", "空である");
            }
        }
        if self.timeout_secs == Some(0) {
            p.add(
                "timeout_secs",
                "must be at least 1",
                "1 以上でなければならない",
            );
        }
    }
}

impl Clock {
    /// What is wrong with the clock, at `at` (`given.clock`): a `pinned` says in one line why.
    pub(crate) fn check(&self, at: &str, p: &mut Problems) {
        let pinned = self.pinned.as_deref();
        if pinned.is_some_and(|why| why.trim().is_empty() || why.contains('\n')) {
            p.add(
                format!("{at}.pinned"),
                "must say in one line why the day is the point",
                "その日付がなぜ要点なのかを 1 行で書かなければならない",
            );
        }
    }
}

impl ReaderGiven {
    /// What is wrong with the reader itself, at `at` (`given.readers[i]`): only a contactless
    /// reader synthesises an ATR (its hex and size were checked as it was read,
    /// `super::super::hex::ReaderAtrHex`).
    pub(crate) fn check(&self, at: &str, p: &mut Problems) {
        if self.atr.is_some() && self.profile != ReaderProfile::Contactless {
            p.add(
                format!("{at}.atr"),
                "only a contactless reader synthesises an ATR",
                "ATR を合成するのは非接触リーダーだけだ",
            );
        }
    }
}
