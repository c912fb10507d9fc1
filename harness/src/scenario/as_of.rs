//! `mynakit run --as-of DAY`: every scenario on another day (`docs/rules.md`, "Running on
//! another day").
//!
//! A scenario means its world relative to its day (`given.clock`): the employee has been insured
//! for years, the certificate expires in two months. Moving it to `DAY` moves its clock there,
//! at the same time of day in JST, and judges it by the rule set in force on `DAY` unless the
//! run names one (`--rules`) or the scenario does (`rules:`). Everything that follows the clock
//! follows: the service's and the terminal's "now", the visit's day, the claim 加算 and the
//! papers of the day.
//!
//! The world moves with it, by the same whole number of days: the personas it meets (every
//! date, the birth date too, [`mynakit_persona::Persona::shifted`]), the certificates on their
//! cards (issued again with the moved period, `mynakit_fixtures::LoadedFixtures::shifted`), the
//! 資格確認端末's example persons, and the dates the scenario writes in `given.service`,
//! `given.terminal`, `operator`, `faults` and `expect` ([`super::dates`]). So every fact stands
//! to the clock as it did: insured since before, a card issued before, a certificate valid,
//! expiring soon or in its grace period as it was, a patient who turns 70 tomorrow still does.
//!
//! What a move of whole days cannot keep keeps the scenario on its own day ("crossed", the report
//! says which date): a day the rules count in months or years from a date of the world (the age
//! bands of [`age_band_days`], the first day a certificate "expires soon", the end of its grace
//! period) that would fall on the other side of the clock, since the leap days and month lengths
//! of the two spans differ; and a date written where it cannot be moved (beside a secret, which
//! does not read back, or in `given.cards`, `given.readers`, `given.facility`). A scenario whose
//! day is its point (`given.clock.pinned`) is never moved.

use std::collections::BTreeSet;

use mynakit_fixtures::Fixtures;
use mynakit_persona::Persona;
use mynakit_protocol::RuleSet;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::macros::date;
use time::{Date, Month, PrimitiveDateTime};

use super::dates::{dates_in, parse_dashed};
use super::Scenario;

/// The last day `--as-of` takes: 2099-12-31 (`docs/rules.md`, "Running on another day"). The
/// first is that of the first rule set, 2021-03-04.
///
/// Every bundled scenario is swept to this day and its worlds hold there: the test CAs move
/// with each world (`mynakit_fixtures::LoadedFixtures::shifted`), and a person born on the day
/// of the run still has a two-digit era year, which the card writes in its 照合番号B
/// (`docs/card-records.md`, "照合番号"; 令和99 ends on 2117-12-31). A later day is refused rather
/// than run unchecked.
pub const LAST_DAY: Date = date!(2099 - 12 - 31);

/// The day a run moves its scenarios to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsOf {
    day: Date,
}

/// `--as-of` that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AsOfError {
    /// Not `YYYY-MM-DD`, or a day before the first rule set.
    #[error("--as-of: {0}")]
    Rules(#[from] mynakit_protocol::RulesError),
    /// After [`LAST_DAY`].
    #[error(
        "--as-of: {day} is after {last}, the last day mynakit moves scenarios to (`mynakit docs rules`, \"Running on another day\")",
        last = dashed(LAST_DAY)
    )]
    AfterLastDay {
        /// The day asked for, `YYYY-MM-DD`.
        day: String,
    },
}

/// Why `--as-of` left a scenario on its own day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", tag = "kept")]
pub enum NotMoved {
    /// `given.clock.pinned`: the day is the scenario's point.
    Pinned {
        /// The scenario's reason.
        why: String,
        /// The reason in Japanese (`given.clock.pinned_ja`), kept in memory only: report.json
        /// keeps `why` alone.
        #[serde(skip)]
        #[schemars(skip)]
        why_ja: Option<String>,
    },
    /// A date of the scenario's world that moving it by whole days cannot keep: a day the
    /// rules count in months or years from a persona's date that would change side, or a date
    /// written where it cannot be moved (the name is kept from when any date between the two
    /// days kept a scenario).
    Crossed {
        /// Where the date is (`persona employee`, `given.cards`, ...).
        place: String,
        /// The date, `YYYY-MM-DD`.
        date: String,
    },
}

/// The scenarios of a run that stayed on their own day, for the reports.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AsOfRun {
    /// The run's `--as-of` day, `YYYY-MM-DD`.
    pub day: String,
    /// Each scenario that ran on its own day, by id, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_moved: Vec<NotMovedScenario>,
}

/// One scenario that ran on its own day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NotMovedScenario {
    /// The scenario's id.
    pub id: String,
    /// Its own day, `YYYY-MM-DD`.
    pub day: String,
    /// Why it stayed.
    #[serde(flatten)]
    pub why: NotMoved,
}

impl AsOf {
    /// `day` (`YYYY-MM-DD`, JST) as a run's `--as-of`.
    ///
    /// # Errors
    ///
    /// Not a date, before the first rule set (`RuleSet::in_force_on`), or after [`LAST_DAY`].
    pub fn parse(day: &str) -> Result<AsOf, AsOfError> {
        RuleSet::in_force_on(day)?;
        let date = parse_dashed(day.as_bytes())
            .ok_or_else(|| mynakit_protocol::RulesError::NotADate(day.to_owned()))?;
        AsOf::within_range(date)
    }

    /// `day` as a run's `--as-of`, if it is no later than [`LAST_DAY`].
    fn within_range(day: Date) -> Result<AsOf, AsOfError> {
        if day > LAST_DAY {
            return Err(AsOfError::AfterLastDay { day: dashed(day) });
        }
        Ok(AsOf { day })
    }

    /// The day, `YYYY-MM-DD`.
    pub fn day(&self) -> String {
        dashed(self.day)
    }

    /// Moves `scenario` and its world to the day, or says why it stays: its clock starts on the
    /// day at the same time of day (JST), its world moves by as many days
    /// (`given.clock.world_moved_days`, the dates it writes moved here), and when neither the
    /// run (`run_rules`) nor the scenario names a rule set, the scenario names the one in force
    /// on the day.
    pub fn place(
        &self,
        scenario: &mut Scenario,
        fixtures: &Fixtures,
        run_rules: Option<RuleSet>,
    ) -> Result<(), NotMoved> {
        let clock = &scenario.given.clock;
        if let Some(why) = &clock.pinned {
            return Err(NotMoved::Pinned {
                why: why.clone(),
                why_ja: clock.pinned_ja.clone(),
            });
        }
        let jst = mynakit_oqs::clock::to_jst(clock.now);
        let days = (self.day - jst.date()).whole_days();
        if days != 0 {
            let crossed = |(place, date): (String, Date)| NotMoved::Crossed {
                place,
                date: dashed(date),
            };
            if let Some(found) = crossed_by_counting(scenario, fixtures, jst.date(), days) {
                return Err(crossed(found));
            }
            *scenario = moved(scenario, days).map_err(crossed)?;
        }
        scenario.given.clock.now =
            PrimitiveDateTime::new(self.day, jst.time()).assume_offset(jst.offset());
        scenario.given.clock.world_moved_days = days;
        if scenario.rules.is_none() && run_rules.is_none() {
            scenario.rules = RuleSet::in_force_on(&self.day()).ok();
        }
        Ok(())
    }
}

/// `scenario` with the dates it writes moved by `days`, or the first date that cannot be, with
/// where it is written.
fn moved(scenario: &Scenario, days: i64) -> Result<Scenario, (String, Date)> {
    let mut s = scenario.clone();
    // Where a date is written that no move reaches.
    let fixed = [
        ("given.cards", serde_json::to_string(&s.given.cards)),
        ("given.readers", serde_json::to_string(&s.given.readers)),
        ("given.facility", serde_json::to_string(&s.given.facility)),
    ];
    for (place, text) in fixed {
        if let Some(date) = dates_in(&text.unwrap_or_default()).into_iter().next() {
            return Err((place.to_owned(), date));
        }
    }
    move_part("given.service", &mut s.given.service, days)?;
    move_part("given.terminal", &mut s.given.terminal, days)?;
    move_operator("operator", &mut s.operator, days)?;
    for (i, visit) in s.given.earlier_visits.iter_mut().enumerate() {
        if let Some(operator) = &mut visit.operator {
            move_operator(
                &format!("given.earlier_visits[{i}].operator"),
                operator,
                days,
            )?;
        }
    }
    move_part("faults", &mut s.faults, days)?;
    move_part("expect", &mut s.expect, days)?;
    Ok(s)
}

/// Moves the dates of the data the staff key in (`insurance_card`, `insurance_cards`,
/// `face_reader`); the rest of `operator` holds the secrets typed, which do not read back, and
/// is kept with a date of its own.
fn move_operator(
    place: &str,
    operator: &mut super::operator::Operator,
    days: i64,
) -> Result<(), (String, Date)> {
    let at = |part: &str| format!("{place}.{part}");
    move_part(&at("insurance_card"), &mut operator.insurance_card, days)?;
    move_part(&at("insurance_cards"), &mut operator.insurance_cards, days)?;
    move_part(&at("face_reader"), &mut operator.face_reader, days)?;
    let mut rest = operator.clone();
    rest.insurance_card = None;
    rest.insurance_cards.clear();
    rest.face_reader = None;
    let text = serde_json::to_string(&rest).unwrap_or_default();
    match dates_in(&text).into_iter().next() {
        Some(date) => Err((place.to_owned(), date)),
        None => Ok(()),
    }
}

/// Moves the dates of `part` by `days`: untouched when it writes none; kept, with its first
/// date, when it also holds a secret (which is written back redacted, so cannot be read back)
/// or does not read back.
fn move_part<T: Serialize + serde::de::DeserializeOwned>(
    place: &str,
    part: &mut T,
    days: i64,
) -> Result<(), (String, Date)> {
    let text = serde_json::to_string(part).unwrap_or_default();
    let Some(first) = dates_in(&text).into_iter().next() else {
        return Ok(());
    };
    let kept = |why: &str| (format!("{place} ({why})"), first);
    if text.contains(mynakit_protocol::REDACTED) {
        return Err(kept("beside a secret"));
    }
    *part = super::dates::shift_value(part, days).map_err(|e| kept(&e.to_string()))?;
    Ok(())
}

/// The first day counted in months or years from a date of `scenario`'s world (a persona's
/// [`counted_days`]) that a move of `days` puts on the other side of the clock: on the
/// scenario's day or its first earlier visit, such a day was reached before the move and not
/// after, or the reverse. With where it comes from.
fn crossed_by_counting(
    scenario: &Scenario,
    fixtures: &Fixtures,
    day: Date,
    days: i64,
) -> Option<(String, Date)> {
    // The earlier visits (`given.earlier_visits`) run days before the scenario's day and move
    // with it.
    let back = scenario
        .given
        .earlier_visits
        .first()
        .map_or(0, |visit| i64::from(visit.days_before));
    let first = day.checked_sub(time::Duration::days(back)).unwrap_or(day);
    let personas = world_personas(scenario, fixtures)
        .into_iter()
        .find_map(|p| {
            flipped(&p, [first, day], days).map(|date| (format!("persona {}", p.id), date))
        });
    // The 資格確認端末's persons without a card (its example's and `given.terminal`'s), whom a
    // scenario that looks up anyone may meet: their birth dates move too.
    let terminal = || {
        if !looks_up_anyone(scenario) {
            return None;
        }
        let data = scenario
            .given
            .terminal
            .as_ref()
            .and_then(|_| super::terminal::terminal_data(scenario).ok())?;
        data.persons.iter().find_map(|person| {
            let birth = person.birth_date;
            let moved = mynakit_persona::shift_date(birth, days)
                .map(age_band_days)
                .unwrap_or_default();
            let date = band_flipped(&age_band_days(birth), &moved, [first, day], days)?;
            Some((format!("given.terminal person {}", person.id), date))
        })
    };
    personas.or_else(terminal)
}

/// The first of `persona`'s [`counted_days`] that a move of `days` puts on the other side of
/// one of the `span`'s days (reached on it before the move and not after, or the reverse); a
/// persona that cannot be moved so far gives its birth date.
fn flipped(persona: &Persona, span: [Date; 2], days: i64) -> Option<Date> {
    let Ok(moved) = persona.shifted(days) else {
        return Some(persona.identity.birth_date);
    };
    band_flipped(&counted_days(persona), &counted_days(&moved), span, days)
}

/// The first of `before` whose side of one of the `span`'s days differs from that of its
/// counterpart in `after` on that day moved by `days`. A day missing from `after` has flipped.
fn band_flipped(before: &[Date], after: &[Date], span: [Date; 2], days: i64) -> Option<Date> {
    let on = |d: Date| d.checked_add(time::Duration::days(days));
    before.iter().enumerate().find_map(|(i, b)| {
        let Some(a) = after.get(i) else {
            return Some(*b);
        };
        span.iter()
            .any(|d| (*b <= *d) != on(*d).is_some_and(|moved_day| *a <= moved_day))
            .then_some(*b)
    })
}

/// The personas `scenario` meets: its cards', as `given.service` leaves them; every persona
/// when it [`looks_up_anyone`].
fn world_personas(scenario: &Scenario, fixtures: &Fixtures) -> Vec<Persona> {
    let anyone = looks_up_anyone(scenario);
    let cards: BTreeSet<String> = scenario
        .given
        .cards_or_default()
        .into_iter()
        .map(|c| c.persona)
        .collect();
    // Personas that do not load are the loader's error, reported there.
    super::terminal::service_personas(scenario, fixtures)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| anyone || cards.contains(&p.id))
        .collect()
}

/// The days of `persona` the rules count in months or years from one of its dates, always the
/// same number in the same order: the first days of the age bands ([`age_band_days`]), and from its
/// certificates' expiry the first day it expires soon and the end of its grace period (none:
/// the expiry itself, which moves by whole days).
fn counted_days(persona: &Persona) -> Vec<Date> {
    let mut days = age_band_days(persona.identity.birth_date);
    if let Ok((_, not_after)) = persona.certificate_period() {
        let expiry = mynakit_oqs::clock::to_jst(not_after).date();
        days.push(expires_soon_from(expiry).unwrap_or(expiry));
        days.push(mynakit_oqs::validity::grace_end(expiry));
    }
    days
}

/// Whether the scenario can meet a patient other than its cards': the staff key a 保険証 (one
/// or a list), the 資格確認端末 answers a bulk request or imports a list (居宅, オンライン診療,
/// 照会番号, 医療扶助), or a 災害 lookup finds a person by name.
fn looks_up_anyone(scenario: &Scenario) -> bool {
    use mynakit_protocol::{Flow, Mode};
    let operator = &scenario.operator;
    let lists = [
        Flow::Kyotaku,
        Flow::VisitingNursing,
        Flow::OnlineShinryo,
        Flow::ReferenceNumber,
        Flow::MedicalAssistanceImport,
        Flow::Disaster,
    ];
    operator.insurance_card.is_some()
        || !operator.insurance_cards.is_empty()
        || matches!(operator.mode, Mode::Bulk | Mode::InsuranceCard)
        || scenario.flows.iter().any(|f| lists.contains(f))
}

/// The first day on which a certificate that expires on `expiry` "expires soon" (within 3
/// months, `mynakit_oqs::validity::classify`).
fn expires_soon_from(expiry: Date) -> Option<Date> {
    let mut day = expiry.checked_sub(time::Duration::days(100))?;
    while mynakit_oqs::validity::add_months(day, 3) < expiry {
        day = day.next_day()?;
    }
    Some(day)
}

/// The first day of each age band the rules read for a person born on `birth`, always five and
/// in this order (a day off the calendar stays `birth`, the same before and after a move): the
/// 6th birthday; the first day after 未就学, the day after the first 31 March on or after the
/// day one reaches 6 (年齢計算ニ関スル法律: the day before the birthday); the 70th birthday; the
/// first day of 高齢受給者, the 1st of the month after the one in which one reaches 70 (so the
/// birthday itself when born on the 1st, reaching 70 the day before, in the month before); the
/// 75th birthday. A 29 February birthday falls on 1 March in a common year.
fn age_band_days(birth: Date) -> Vec<Date> {
    let birthday = |age: i32| {
        let year = birth.year() + age;
        Date::from_calendar_date(year, birth.month(), birth.day())
            .or_else(|_| Date::from_calendar_date(year, Month::March, 1))
            .ok()
    };
    let school = birthday(6).and_then(|sixth| {
        let reached = sixth.previous_day()?;
        let march = Date::from_calendar_date(reached.year(), Month::March, 31).ok()?;
        let end = if reached <= march {
            march
        } else {
            Date::from_calendar_date(reached.year() + 1, Month::March, 31).ok()?
        };
        end.next_day()
    });
    let elderly = birthday(70)
        .and_then(|b| b.previous_day())
        .and_then(first_of_next_month);
    [birthday(6), school, birthday(70), elderly, birthday(75)]
        .into_iter()
        .map(|d| d.unwrap_or(birth))
        .collect()
}

fn first_of_next_month(day: Date) -> Option<Date> {
    let (year, month) = match day.month() {
        Month::December => (day.year() + 1, Month::January),
        m => (day.year(), m.next()),
    };
    Date::from_calendar_date(year, month, 1).ok()
}

fn dashed(date: Date) -> String {
    super::dates::dashed_date(date)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn bundled(id: &str) -> Scenario {
        let path = crate::scenario::bundled_dir().join(format!("{id}.yaml"));
        crate::scenario::load_file(&path, &Fixtures::bundled()).unwrap()
    }

    #[test]
    fn the_age_bands_begin_on_their_days() {
        assert_eq!(
            age_band_days(date!(1956 - 11 - 02)),
            [
                date!(1962 - 11 - 02),
                date!(1963 - 04 - 01),
                date!(2026 - 11 - 02),
                date!(2026 - 12 - 01),
                date!(2031 - 11 - 02),
            ]
        );
        // Born on 1 April: 6 on 31 March, 就学 that day's next; 70 on 31 March, 高齢受給者 from
        // 1 April.
        assert_eq!(
            age_band_days(date!(1956 - 04 - 01)),
            [
                date!(1962 - 04 - 01),
                date!(1962 - 04 - 01),
                date!(2026 - 04 - 01),
                date!(2026 - 04 - 01),
                date!(2031 - 04 - 01),
            ]
        );
        // 29 February: the birthday of a common year is 1 March; one reaches 70 the day
        // before, 28 February, so 高齢受給者 begins on 1 March too.
        assert_eq!(
            age_band_days(date!(1956 - 02 - 29))[2..4],
            [date!(2026 - 03 - 01), date!(2026 - 03 - 01)]
        );
    }

    #[test]
    fn a_scenario_moves_with_its_time_of_day_and_takes_the_rules_of_the_day() {
        let fixtures = Fixtures::bundled();
        let mut s = bundled("bus-kenshin-network-lost");
        let as_of = AsOf::parse("2025-05-20").unwrap();
        as_of.place(&mut s, &fixtures, None).unwrap();
        assert_eq!(s.given.clock.day(), "2025-05-20");
        assert_eq!(s.given.clock.now.hour(), 9);
        assert_eq!(s.given.clock.world_moved_days, -530);
        assert_eq!(s.rules, Some(RuleSet::Oqs2021));
        // The run's --rules wins: the scenario names none.
        let mut s = bundled("bus-kenshin-network-lost");
        as_of
            .place(&mut s, &fixtures, Some(RuleSet::App2025))
            .unwrap();
        assert_eq!(s.rules, None);
    }

    #[test]
    fn a_pinned_scenario_stays_and_a_moved_one_moves_the_dates_it_writes() {
        let fixtures = Fixtures::bundled();
        let as_of = AsOf::parse("2024-06-01").unwrap();
        let mut pinned = bundled("terminal-claim-record-2026-06-01");
        let before = pinned.clone();
        assert!(matches!(
            as_of.place(&mut pinned, &fixtures, None),
            Err(NotMoved::Pinned { .. })
        ));
        assert_eq!(pinned, before);
        // 2026-11-01 to 2024-06-01: 883 days earlier, the 保険証's 生年月日 the staff key in
        // with them (1985-04-12, in OQS's spelling).
        let mut s = bundled("kenshin-checkup-ticket");
        as_of.place(&mut s, &fixtures, None).unwrap();
        assert_eq!(s.given.clock.world_moved_days, -883);
        let card = s.operator.insurance_card.as_ref().unwrap();
        assert_eq!(serde_json::to_value(card).unwrap()["Birthdate"], "19821111");
        // Its PINs are still there (secrets are never read back from a redacted text).
        assert_eq!(s.operator.pins, before_pins("kenshin-checkup-ticket"));
    }

    fn before_pins(id: &str) -> Vec<mynakit_protocol::Secret> {
        bundled(id).operator.pins
    }

    #[test]
    fn a_persona_keeps_its_age_band_and_one_whose_band_would_flip_is_not_moved() {
        let fixtures = Fixtures::bundled();
        let mut p = fixtures.persona("employee").unwrap();
        let day = date!(2026 - 11 - 01);
        let days = (date!(2024 - 06 - 01) - day).whole_days();
        assert_eq!(flipped(&p, [day, day], days), None);
        // Born on 29 February: every day moves alike, so the band holds across a leap day.
        p.identity.birth_date = date!(1956 - 02 - 29);
        assert_eq!(flipped(&p, [day, day], days), None);
        let moved = p.shifted(days).unwrap();
        assert_eq!(moved.identity.birth_date, date!(1953 - 09 - 29));
        // Turned 70 ten days ago, 高齢受給者 from 1 November: on 2024-06-10 the same ten days
        // would make the patient one already (from 1 June), so the scenario stays.
        p.identity.birth_date = date!(1956 - 10 - 10);
        let day = date!(2026 - 10 - 20);
        let days = (date!(2024 - 06 - 10) - day).whole_days();
        assert_eq!(flipped(&p, [day, day], days), Some(date!(2026 - 11 - 01)));
    }

    #[test]
    fn a_day_before_the_first_rule_set_is_refused() {
        assert!(AsOf::parse("2021-03-03").is_err());
        assert!(AsOf::parse("2025-02-30").is_err());
        assert_eq!(AsOf::parse("2025-12-01").unwrap().day(), "2025-12-01");
    }

    #[test]
    fn the_last_day_is_taken_and_the_next_refused_by_name() {
        assert_eq!(AsOf::parse("2099-12-31").unwrap().day(), "2099-12-31");
        for day in ["2100-01-01", "9999-12-31"] {
            let refused = AsOf::parse(day).unwrap_err().to_string();
            assert_eq!(
                refused,
                format!(
                    "--as-of: {day} is after 2099-12-31, the last day mynakit moves scenarios \
                     to (`mynakit docs rules`, \"Running on another day\")"
                )
            );
        }
    }

    /// The card's 照合番号B holds the birth date in a two-digit era year: a person born on the
    /// last day has one ([`LAST_DAY`]'s reason).
    #[test]
    fn one_born_on_the_last_day_has_a_two_digit_era_year() {
        let (_, year) = mynakit_fixtures::era_year(LAST_DAY).unwrap();
        assert!(year <= 99, "{year}");
    }
}
