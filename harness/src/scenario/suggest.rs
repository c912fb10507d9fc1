//! "Did you mean": the known word nearest to a misspelt one (a persona, a check id, a key, an
//! enum value), so an author who wrote `pinn` reads `pin` under the error instead of scanning
//! a list (docs/scenarios.md, "Every mistake of a file at once").
//!
//! Nearness is the Damerau–Levenshtein distance (`strsim`, already in the tree through clap,
//! whose own "did you mean" for flags uses the same crate), compared without case, and a
//! suggestion is made only when few edits separate the words: at most a third of the longer
//! word's characters, and at least one. A word nothing is near gets no suggestion.

/// The candidate nearest to `word`, when it is near enough to be what was meant.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| {
            let distance = strsim::damerau_levenshtein(&word_lower, &c.to_lowercase());
            (distance, c)
        })
        .filter(|(distance, c)| {
            let longer = word.chars().count().max(c.chars().count());
            *distance <= (longer / 3).max(1)
        })
        // Of two as near, the one that starts as the word does: `raport` is `reports`, not
        // `import`.
        .min_by_key(|(distance, c)| (*distance, std::cmp::Reverse(shared_start(&word_lower, c))))
        .map(|(_, c)| c)
}

/// How many characters `word` (lower case) and `candidate` share at their start, case aside.
fn shared_start(word: &str, candidate: &str) -> usize {
    word.chars()
        .zip(candidate.to_lowercase().chars())
        .take_while(|(a, b)| a == b)
        .count()
}

/// The suggestion for one of serde's messages about a word it does not know
/// (``unknown field `operater`, expected one of `id`, …`` or ``unknown variant `pinn`,
/// expected `pin` or `visual` ``): the listed word nearest to the unknown one.
pub(crate) fn for_serde_message(message: &str) -> Option<String> {
    let (_, rest) = message
        .split_once("unknown field `")
        .or_else(|| message.split_once("unknown variant `"))?;
    let (unknown, rest) = rest.split_once('`')?;
    let (_, expected) = rest.split_once("expected ")?;
    let listed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    nearest(unknown, listed).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_near_word_is_suggested_and_a_far_one_is_not() {
        let modes = ["pin", "visual", "face", "insurance-card"];
        assert_eq!(nearest("pinn", modes), Some("pin"));
        assert_eq!(nearest("PIN", modes), Some("pin"));
        assert_eq!(nearest("vsiual", modes), Some("visual"));
        assert_eq!(nearest("insurance_card", modes), Some("insurance-card"));
        assert_eq!(nearest("xyz", modes), None);
        assert_eq!(nearest("raport", ["import", "reports"]), Some("reports"));
        assert_eq!(nearest("pin", modes), None, "a known word is no mistake");
        assert_eq!(
            nearest("employe", ["employee", "elderly-70", "dependent"]),
            Some("employee")
        );
        assert_eq!(
            nearest("PIN-not-loged", ["PIN-not-logged", "PIN-no-auto-retry"]),
            Some("PIN-not-logged")
        );
    }

    #[test]
    fn serde_messages_of_every_list_shape_get_the_listed_word() {
        assert_eq!(
            for_serde_message(
                "unknown field `operater`, expected one of `id`, `title`, `operator`, `expect`"
            )
            .as_deref(),
            Some("operator")
        );
        assert_eq!(
            for_serde_message("modes[0]: unknown variant `pinn`, expected `pin` or `visual`")
                .as_deref(),
            Some("pin")
        );
        assert_eq!(
            for_serde_message("unknown field `a`, expected `name`").as_deref(),
            None
        );
        assert_eq!(
            for_serde_message("unknown field `x`, there are no fields"),
            None
        );
        assert_eq!(
            for_serde_message("invalid type: string \"a\", expected u8"),
            None
        );
    }
}
