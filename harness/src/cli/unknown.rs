//! A name on `mynakit run`'s command line that names nothing (a `--defect`, a `tag:` of a
//! `--filter`), said with the names near it, as `mynakit checks` and `mynakit docs` say an
//! unknown id: a typo must not be answered with a list of 144 names or only "no scenario
//! matches".

use mynakit_harness::report::lang::msg;
use mynakit_harness::report::Lang;
use mynakit_harness::scenario::filter::Selection;
use mynakit_harness::scenario::Scenario;
use mynakit_reference_client::Defect;

use super::near::{near, with_near};

/// The first of `defects` that the reference client does not have, worded in `lang` with the
/// defects near it; `None` when all exist.
pub(crate) fn defect(defects: &[String], lang: Lang) -> Option<String> {
    let names = Defect::ALL.map(Defect::name);
    let unknown = defects.iter().find(|d| d.parse::<Defect>().is_err())?;
    let text = msg::unknown_defect(lang, unknown, names.len());
    Some(with_near(text, &near(unknown, &names), lang))
}

/// For a selection that left nothing: a line per `tag:` it names that none of `scenarios`
/// carries, with the tags near it.
pub(crate) fn tags<'a>(
    selection: &Selection,
    scenarios: impl Iterator<Item = &'a Scenario>,
    lang: Lang,
) -> Vec<String> {
    let mut known: Vec<&str> = scenarios
        .flat_map(|s| s.tags.iter().map(String::as_str))
        .collect();
    known.sort_unstable();
    known.dedup();
    selection
        .tags()
        .into_iter()
        .filter(|tag| !known.contains(tag))
        .map(|tag| match near(tag, &known).as_slice() {
            // Nothing near it: the tags there are, so the next try can be one of them.
            [] => format!(
                "{} ({})",
                msg::unknown_tag(lang, tag),
                msg::known_tags(lang, &known)
            ),
            near => with_near(msg::unknown_tag(lang, tag), near, lang),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_defect_typo_is_answered_with_the_defect_meant() {
        let said = defect(&["verify-in-visul".into()], Lang::En).unwrap();
        assert!(said.starts_with("no defect \"verify-in-visul\""), "{said}");
        assert!(said.contains("did you mean: verify-in-visual"), "{said}");
        assert!(!said.contains("auto-retry-pin"), "not every name: {said}");
        let ja = defect(&["verify-in-visul".into()], Lang::Ja).unwrap();
        assert!(ja.contains("欠陥 \"verify-in-visul\" はありません"), "{ja}");
        assert!(ja.contains("候補: verify-in-visual"), "{ja}");
        assert_eq!(defect(&["verify-in-visual".into()], Lang::En), None);
    }

    #[test]
    fn a_tag_typo_is_answered_with_the_tag_meant() {
        use mynakit_harness::scenario::{bundled_dir, load_paths};
        let fixtures = mynakit_fixtures::Fixtures::bundled();
        let bundled: Vec<Scenario> = load_paths(&[bundled_dir()], &fixtures)
            .unwrap()
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        let selection = Selection::parse(&["tag:misson,tag:pin".into()], &[]).unwrap();
        let said = tags(&selection, bundled.iter(), Lang::En);
        assert_eq!(said.len(), 1, "pin is a tag: {said:?}");
        assert!(said[0].contains("`misson`"), "{said:?}");
        assert!(said[0].contains("did you mean: mission"), "{said:?}");
        // Nothing near: every tag the scenarios have.
        let selection = Selection::parse(&["tag:zzzz".into()], &[]).unwrap();
        let said = tags(&selection, bundled.iter(), Lang::En);
        assert!(said[0].contains("`zzzz`"), "{said:?}");
        assert!(said[0].contains("tags there are: "), "{said:?}");
        assert!(
            said[0].contains("mission") && said[0].contains("pin"),
            "{said:?}"
        );
        let ja = tags(&selection, bundled.iter(), Lang::Ja);
        assert!(ja[0].contains("あるタグ: "), "{ja:?}");
    }
}
