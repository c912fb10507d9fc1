//! The birth date of a かざし (flow `pin-less`, `docs/relying-party.md`): the relying party's
//! server opens the card's 券面事項確認AP with the account's birth date, which works there as a
//! PIN does, and its own output must never hold it (`RP-birth-date-not-logged`). The harness
//! alone sees the client's stderr, so it looks for the date there and in the protocol lines,
//! as it does for typed PINs ([`crate::run::secrets::scrub::Secrets::leaks_of`]), and records
//! each place as a client fact ([`Fact::BirthDateLeak`]), never the date.

use mynakit_timeline::{Event, Fact};

use crate::run::secrets::scrub::Secrets;

/// The written forms of a `YYYYMMDD` birth date searched for: itself, `YYYY-MM-DD`,
/// `YYYY/MM/DD`, and the 券面事項確認AP's key (the era's year, month and day, `YYMMDD`:
/// 1985-04-12 is `600412`, `docs/relying-party.md`), each also as the hex of its bytes.
fn forms(birth_date: &str) -> Vec<String> {
    let Some(date) = mynakit_uke::Date::parse(birth_date).filter(|_| birth_date.len() == 8) else {
        return Vec::new();
    };
    let (y, m, d) = (date.year, date.month, date.day);
    let mut forms = vec![
        birth_date.to_owned(),
        format!("{y:04}-{m:02}-{d:02}"),
        format!("{y:04}/{m:02}/{d:02}"),
    ];
    if let Some((_, year)) = date.era_year() {
        forms.push(format!("{year:02}{m:02}{d:02}"));
    }
    forms
}

/// The facts of each place in the client's own output (`stderr`, its protocol lines among
/// `events`) that held `birth_date` (`YYYYMMDD`).
pub(crate) fn leaks(birth_date: &str, stderr: &str, events: &[Event]) -> Vec<Fact> {
    let forms = forms(birth_date);
    Secrets::new(forms.iter().map(String::as_str), [])
        .leaks_of("the birth date", stderr, events)
        .into_iter()
        .map(Fact::BirthDateLeak)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_birth_date_is_found_in_each_form_it_is_written() {
        assert_eq!(
            forms("19850412"),
            ["19850412", "1985-04-12", "1985/04/12", "600412"]
        );
        let facts = leaks(
            "19850412",
            "opening the AP\n> 00 20 00 80 06 36 30 30 34 31 32\nkey 600412\n",
            &[],
        );
        assert_eq!(
            facts,
            [
                Fact::BirthDateLeak("stderr line 2: the birth date as APDU hex".into()),
                Fact::BirthDateLeak("stderr line 3: the birth date in clear".into()),
            ]
        );
        assert!(leaks("19850412", "took 600 ms\n", &[]).is_empty());
        assert!(forms("1985041").is_empty());
    }
}
