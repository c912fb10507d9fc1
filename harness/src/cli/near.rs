//! Names near one that is not there: `mynakit checks verify` and `mynakit docs report` answer an
//! unknown name with the names the user may have meant, found the two ways a name is missed:
//! a part of it (`verify` in `PIN-one-verify`, `report` in `reports`) or a slip of the keys
//! (`PIN-not-loged`), judged as a scenario file's misspellings are
//! ([`mynakit_harness::scenario::nearest`]).

use mynakit_harness::report::Lang;
use mynakit_harness::scenario::nearest;

/// How many near names an error lists at most: enough for a family's ids, short enough to read.
const MOST: usize = 8;

/// The names that contain `wanted` or that it contains (case aside), then the one a slip of the
/// keys away, each once.
pub(crate) fn near<'a>(wanted: &str, names: &[&'a str]) -> Vec<&'a str> {
    let key = wanted.to_lowercase();
    let mut found: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| {
            let name = name.to_lowercase();
            !key.is_empty() && (name.contains(&key) || key.contains(&name))
        })
        .take(MOST)
        .collect();
    if let Some(slip) = nearest(wanted, names.iter().copied()) {
        if !found.contains(&slip) && found.len() < MOST {
            found.push(slip);
        }
    }
    found
}

/// `text`, followed by the near names when there are any.
pub(crate) fn with_near(mut text: String, near: &[&str], lang: Lang) -> String {
    if !near.is_empty() {
        text.push_str(match lang {
            Lang::En => " (did you mean: ",
            Lang::Ja => " (候補: ",
        });
        text.push_str(&near.join(", "));
        text.push(')');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_or_a_slip_finds_the_name_and_nothing_else_does() {
        let ids = ["PIN-one-verify", "APDU-sign-after-verify", "PIN-not-logged"];
        assert_eq!(
            near("verify", &ids),
            ["PIN-one-verify", "APDU-sign-after-verify"]
        );
        assert_eq!(near("pin-not-loged", &ids), ["PIN-not-logged"]);
        assert_eq!(near("PIN-not-logged-x", &ids), ["PIN-not-logged"]);
        assert!(near("zzz", &ids).is_empty());
        assert!(near("", &ids).is_empty());
    }

    #[test]
    fn the_near_names_follow_the_message_in_its_language() {
        assert_eq!(with_near("no page".into(), &[], Lang::En), "no page");
        assert_eq!(
            with_near("no page".into(), &["reports"], Lang::En),
            "no page (did you mean: reports)"
        );
        assert_eq!(
            with_near("ない".into(), &["reports", "ci"], Lang::Ja),
            "ない (候補: reports, ci)"
        );
    }
}
