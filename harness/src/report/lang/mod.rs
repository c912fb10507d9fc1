//! The language people read mynakit in: English, or Japanese for the vendors' and clinics'
//! staff who read the reports (`docs/reports.md`, "Japanese"). `--lang ja|en` chooses it;
//! without the flag the locale does (`LC_ALL`, else `LC_MESSAGES`, else `LANG`, as POSIX orders
//! them), and anything but a `ja…` locale in UTF-8 is English (a terminal in EUC-JP or Shift_JIS
//! shows English, not mojibake), so a machine with no locale, `C` or
//! `C.UTF-8` prints what it printed before.
//!
//! Every phrase is in one catalogue, [`msg`], with its English and its Japanese side by side;
//! each check's rule in Japanese is in [`checks`], keyed by check id. The language changes only
//! what people read: check ids, `report.json` and `report.xml` are the same in both, and so are
//! the reasons of the conformance checks' findings, which stay the English evidence they were
//! written as (APDUs, element names, values), shown in Japanese under the check's Japanese rule.
//! What the harness itself says of a scenario (why it is NOT-APPLICABLE, what an expectation
//! found) is kept as facts beside its English (`report::facts`) and worded here in each language.
//!
//! It lives in `report` because the reports are what it translates first; the command line's
//! own messages use the same catalogue, so that a phrase is translated once.

pub mod apdu;
mod checks;
#[cfg(test)]
pub(crate) mod english;
pub(crate) mod lines;
pub mod msg;
pub mod notes;
mod outcomes;
mod reading;
mod sources;

use mynakit_conformance::{Check, Level};
use mynakit_protocol::Outcome;

/// A language mynakit prints in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Japanese (日本語).
    Ja,
}

impl Lang {
    /// The language the locale asks for: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is
    /// set and not empty ([`Lang::from_locale`]).
    pub fn from_env() -> Lang {
        let var = |name| std::env::var(name).ok();
        Lang::from_locale(
            var("LC_ALL").as_deref(),
            var("LC_MESSAGES").as_deref(),
            var("LANG").as_deref(),
        )
    }

    /// The language of a locale, given the values of `LC_ALL`, `LC_MESSAGES` and `LANG`: the
    /// first one set and not empty decides (POSIX: an empty variable counts as unset), and it is
    /// Japanese when it starts with `ja` (`ja`, `ja_JP`, `ja_JP.UTF-8`) and names no codeset
    /// but UTF-8, English otherwise. mynakit writes UTF-8 only, so a terminal in `ja_JP.eucJP`
    /// or `ja_JP.SJIS` would show its Japanese as mojibake; English it can show
    /// (`docs/reports.md`, "Japanese").
    pub fn from_locale(
        lc_all: Option<&str>,
        lc_messages: Option<&str>,
        lang: Option<&str>,
    ) -> Lang {
        match [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.is_empty())
        {
            Some(locale) if locale.starts_with("ja") && utf8_or_unnamed(locale) => Lang::Ja,
            _ => Lang::En,
        }
    }

    /// The catalogue's text of `m` in this language.
    pub fn t(self, m: msg::Msg) -> &'static str {
        match self {
            Lang::En => m.en,
            Lang::Ja => m.ja,
        }
    }

    /// The HTML `lang` attribute: `en` or `ja`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// A level as people read it: `FAILED` (the JSON spelling) in English, `不合格` in Japanese
    /// (the words are listed in docs/reports.md, "Japanese").
    pub fn level(self, level: Level) -> &'static str {
        match self {
            Lang::En => super::model::level_name(level),
            Lang::Ja => match level {
                Level::Passed => "合格",
                Level::NotApplicable => "対象外",
                Level::Skipped => "未実施",
                Level::Review => "要確認",
                Level::Warning => "警告",
                Level::Failed => "不合格",
            },
        }
    }

    /// An outcome as people read it: its id in English (`service-error`, the protocol's word),
    /// its name in Japanese (`サービスエラー`); report.json and report.xml keep the id in both.
    pub fn outcome(self, outcome: Outcome) -> &'static str {
        match self {
            Lang::En => outcome.as_str(),
            Lang::Ja => outcomes::outcome_ja(outcome),
        }
    }

    /// A check's sources as people read them: the catalogue's in English; in Japanese the same
    /// citations with the words around them in Japanese ([`sources`]), or the catalogue's
    /// where those are citations only.
    pub fn sources_of(self, check: &dyn Check) -> &'static str {
        match self {
            Lang::En => check.reference(),
            Lang::Ja => sources::sources_ja(check.id()).unwrap_or(check.reference()),
        }
    }

    /// What a finding requires, in Japanese (`None` in English, where the reason alone is
    /// shown, as before): a check's rule from [`checks`], or what an expectation of the scenario
    /// asked (`expect.outcome`, `expect.fields.Name`, a stale waiver).
    pub fn rule_of(self, check: &str) -> Option<String> {
        match self {
            Lang::En => None,
            Lang::Ja => checks::rule_ja(check)
                .map(str::to_owned)
                .or_else(|| msg::expectation_ja(check)),
        }
    }
}

/// Whether a locale's codeset (`language[_territory][.codeset][@modifier]`, POSIX) is UTF-8
/// in any of its spellings (`UTF-8`, `utf8`), or not named at all (`ja`, `ja_JP`).
fn utf8_or_unnamed(locale: &str) -> bool {
    let locale = locale.split('@').next().unwrap_or(locale);
    match locale.split_once('.') {
        None => true,
        Some((_, codeset)) => codeset
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .eq_ignore_ascii_case("utf8"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_chooses_in_posix_order_and_only_ja_is_japanese() {
        let ja = Some("ja_JP.UTF-8");
        let c = Some("C.UTF-8");
        assert_eq!(Lang::from_locale(None, None, None), Lang::En);
        assert_eq!(Lang::from_locale(None, None, ja), Lang::Ja);
        assert_eq!(Lang::from_locale(None, None, Some("ja")), Lang::Ja);
        assert_eq!(Lang::from_locale(None, None, c), Lang::En);
        assert_eq!(Lang::from_locale(None, None, Some("en_US.UTF-8")), Lang::En);
        // LC_MESSAGES before LANG, LC_ALL before both.
        assert_eq!(Lang::from_locale(None, ja, c), Lang::Ja);
        assert_eq!(Lang::from_locale(None, c, ja), Lang::En);
        assert_eq!(Lang::from_locale(c, ja, ja), Lang::En);
        assert_eq!(Lang::from_locale(ja, c, c), Lang::Ja);
        // An empty variable is unset.
        assert_eq!(Lang::from_locale(Some(""), Some(""), ja), Lang::Ja);
        assert_eq!(Lang::from_locale(Some(""), c, ja), Lang::En);
    }

    #[test]
    fn a_japanese_locale_in_another_codeset_than_utf8_is_english() {
        for japanese in [
            "ja_JP.UTF-8",
            "ja_JP.utf8",
            "ja_JP.UTF8",
            "ja_JP.utf-8@cjknarrow",
            "ja",
            "ja_JP",
        ] {
            assert_eq!(
                Lang::from_locale(None, None, Some(japanese)),
                Lang::Ja,
                "{japanese}"
            );
        }
        for other in [
            "ja_JP.eucJP",
            "ja_JP.EUC-JP",
            "ja_JP.SJIS",
            "ja_JP.sjis",
            "ja_JP.Shift_JIS",
            "ja_JP.PCK",
            "ja_JP.ujis",
        ] {
            assert_eq!(
                Lang::from_locale(None, None, Some(other)),
                Lang::En,
                "{other}"
            );
            assert_eq!(
                Lang::from_locale(Some(other), None, Some("ja_JP.UTF-8")),
                Lang::En,
                "{other}"
            );
        }
    }

    #[test]
    fn every_outcome_has_a_japanese_name_of_its_own_and_its_id_in_english() {
        let names: std::collections::BTreeSet<&str> =
            Outcome::ALL.iter().map(|&o| Lang::Ja.outcome(o)).collect();
        assert_eq!(names.len(), Outcome::ALL.len());
        for outcome in Outcome::ALL {
            assert_eq!(Lang::En.outcome(outcome), outcome.to_string());
            assert!(!Lang::Ja.outcome(outcome).is_ascii());
        }
    }

    #[test]
    fn every_level_has_a_japanese_word_of_its_own() {
        let words: std::collections::BTreeSet<&str> = crate::report::model::LEVELS_WORST_FIRST
            .iter()
            .map(|&l| Lang::Ja.level(l))
            .collect();
        assert_eq!(words.len(), crate::report::model::LEVELS_WORST_FIRST.len());
        for level in crate::report::model::LEVELS_WORST_FIRST {
            assert_eq!(
                Lang::En.level(level),
                crate::report::model::level_name(level)
            );
            assert!(!Lang::Ja.level(level).is_ascii());
        }
    }
}
