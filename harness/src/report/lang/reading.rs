//! The report's model as people read it in a language: a scenario's title, references, note
//! and a finding's reason in English or Japanese. The model holds facts and English; choosing
//! the words for a language is this layer's (docs/reports.md, "Japanese").

use std::borrow::Cow;

use mynakit_conformance::Finding;

use super::{msg, Lang};
use crate::report::facts::NoteFacts;
use crate::report::model::ScenarioReport;

impl ScenarioReport {
    /// Sets the note from its facts: report.json's `note` in English, the facts kept for the
    /// reports' language ([`ScenarioReport::note_in`]).
    pub fn set_note(&mut self, facts: NoteFacts) {
        self.note = Some(msg::note(Lang::En, &facts));
        self.note_facts = Some(facts);
    }

    /// The title as people read it in `lang`: `title_ja` in Japanese when the scenario has
    /// one, `title` otherwise.
    pub fn title_in(&self, lang: Lang) -> &str {
        match (lang, &self.title_ja) {
            (Lang::Ja, Some(title)) => title,
            _ => &self.title,
        }
    }

    /// The references as people read them in `lang`: `references_ja` in Japanese when the
    /// scenario has them, `references` otherwise.
    pub fn references_in(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Ja if !self.references_ja.is_empty() => &self.references_ja,
            _ => &self.references,
        }
    }

    /// The note as people read it in `lang`: worded from its facts when they are known,
    /// otherwise `note` as written (a cause from elsewhere, or a report read back from JSON).
    pub fn note_in(&self, lang: Lang) -> Option<Cow<'_, str>> {
        match (&self.note_facts, lang) {
            (Some(facts), Lang::Ja) => Some(msg::note(lang, facts).into()),
            _ => self.note.as_deref().map(Into::into),
        }
    }

    /// A finding's reason in `lang` when `lang` is not English: worded from its facts when they
    /// are known (an expectation of this run), else the check's own Japanese (`reason_ja`,
    /// kept in `report.json`, so a merged report reads alike); `None` otherwise: the reason as
    /// written.
    pub fn reason_in(&self, f: &Finding, lang: Lang) -> Option<String> {
        match lang {
            Lang::En => None,
            Lang::Ja => self
                .judged
                .get(&f.check)
                .map(|j| msg::judged(lang, j))
                .or_else(|| f.reason_ja.clone()),
        }
    }
}
