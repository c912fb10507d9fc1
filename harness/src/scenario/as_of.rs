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
//! The world's own dates do not move: the personas' dates and the certificates signed from them
//! are absolute in the fixtures, and so are the dates a scenario writes in `given.service`,
//! `given.terminal` and `faults`. So a scenario moves only when no date of its world lies
//! between its own day and `DAY` (both included): then every such fact stands to the clock as
//! it did (insured since before, a card issued before, a certificate valid, expiring soon or in
//! its grace period as it was), and the patient's age still falls in the band the rules read
//! (under 6, 70 to 74, 75 and over: [`age_thresholds`]). Otherwise it runs on its own day and
//! the report says which date kept it. A scenario whose day is its point
//! (`given.clock.pinned`) is never moved.

use std::collections::BTreeSet;

use mynakit_fixtures::{Fixtures, Persona};
use mynakit_protocol::RuleSet;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::{Date, Month, PrimitiveDateTime};

use super::Scenario;

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
}

/// Why `--as-of` left a scenario on its own day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", tag = "kept")]
pub enum NotMoved {
    /// `given.clock.pinned`: the day is the scenario's point.
    Pinned {
        /// The scenario's reason.
        why: String,
    },
    /// A date of the scenario's world lies between its day and the run's.
    Crossed {
        /// Where the date is written (`persona employee`, `given.service`, ...).
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
    /// Not a date, or before the first rule set (`RuleSet::in_force_on`).
    pub fn parse(day: &str) -> Result<AsOf, AsOfError> {
        RuleSet::in_force_on(day)?;
        let date = parse_dashed(day.as_bytes())
            .ok_or_else(|| mynakit_protocol::RulesError::NotADate(day.to_owned()))?;
        Ok(AsOf { day: date })
    }

    /// The day, `YYYY-MM-DD`.
    pub fn day(&self) -> String {
        dashed(self.day)
    }

    /// Moves `scenario` to the day, or says why it stays: its clock starts on the day at the
    /// same time of day (JST), and when neither the run (`run_rules`) nor the scenario names a
    /// rule set, the scenario names the one in force on the day.
    pub fn place(
        &self,
        scenario: &mut Scenario,
        fixtures: &Fixtures,
        run_rules: Option<RuleSet>,
    ) -> Result<(), NotMoved> {
        let clock = &scenario.given.clock;
        if let Some(why) = &clock.pinned {
            return Err(NotMoved::Pinned { why: why.clone() });
        }
        let jst = mynakit_oqs::clock::to_jst(clock.now);
        if let Some((place, date)) = crossed(scenario, fixtures, jst.date(), self.day) {
            return Err(NotMoved::Crossed {
                place,
                date: dashed(date),
            });
        }
        scenario.given.clock.now =
            PrimitiveDateTime::new(self.day, jst.time()).assume_offset(jst.offset());
        if scenario.rules.is_none() && run_rules.is_none() {
            scenario.rules = RuleSet::in_force_on(&self.day()).ok();
        }
        Ok(())
    }
}

/// The first date of `scenario`'s world between `from` and `to` (both included), with where it
/// is written.
fn crossed(
    scenario: &Scenario,
    fixtures: &Fixtures,
    from: Date,
    to: Date,
) -> Option<(String, Date)> {
    if from == to {
        return None;
    }
    let (low, high) = (from.min(to), from.max(to));
    // The earlier visits (`given.earlier_visits`) run days before the scenario's day and move
    // with it: the world they meet is the span's too.
    let back = scenario
        .given
        .earlier_visits
        .first()
        .map_or(0, |visit| i64::from(visit.days_before));
    let low = low.checked_sub(time::Duration::days(back)).unwrap_or(low);
    let between = |d: &Date| low <= *d && *d <= high;
    world_dates(scenario, fixtures)
        .into_iter()
        .find_map(|(place, dates)| dates.into_iter().find(between).map(|d| (place, d)))
}

/// Every date of `scenario`'s world, by where it is written: the personas the scenario meets
/// (its cards', as `given.service` leaves them; every persona, and the 資格確認端末's example
/// persons, when it [`looks_up_anyone`]), `given.service`, `given.terminal` and `faults`.
fn world_dates(scenario: &Scenario, fixtures: &Fixtures) -> Vec<(String, BTreeSet<Date>)> {
    let anyone = looks_up_anyone(scenario);
    let cards: BTreeSet<String> = scenario
        .given
        .cards_or_default()
        .into_iter()
        .map(|c| c.persona)
        .collect();
    // Personas that do not load are the loader's error, reported there.
    let personas = super::terminal::service_personas(scenario, fixtures).unwrap_or_default();
    let mut world: Vec<(String, BTreeSet<Date>)> = personas
        .iter()
        .filter(|p| anyone || cards.contains(&p.id))
        .map(|p| (format!("persona {}", p.id), persona_dates(p)))
        .collect();
    let terminal = match &scenario.given.terminal {
        Some(_) if anyone => super::terminal::terminal_data(scenario).and_then(|mut data| {
            data.clock = None;
            serde_json::to_string(&data)
        }),
        given => serde_json::to_string(given),
    };
    let written = [
        (
            "given.service",
            serde_json::to_string(&scenario.given.service),
        ),
        ("given.terminal", terminal),
        ("faults", serde_json::to_string(&scenario.faults)),
    ];
    world.extend(
        written
            .into_iter()
            .map(|(place, text)| (place.to_owned(), dates_in(&text.unwrap_or_default()))),
    );
    world
}

/// Whether the scenario can meet a patient other than its cards': the staff key a 保険証 (one
/// or a list), the 資格確認端末 answers a bulk request or imports a list (居宅, オンライン診療,
/// 照会番号, 医療扶助), or a 災害 lookup finds a person by name.
fn looks_up_anyone(scenario: &Scenario) -> bool {
    use mynakit_protocol::{Flow, Mode};
    let operator = &scenario.operator;
    let lists = [
        Flow::Kyotaku,
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

/// Every date of `persona`: those written in its file (its card, certificates, insurance,
/// 限度額, 高齢受給者, 医療券, ...), its certificates' period as the PKI issues it with the
/// days the service's judgement of it changes (expires soon, end of the grace period), and
/// the days its age crosses a threshold the rules read ([`age_thresholds`]).
fn persona_dates(persona: &Persona) -> BTreeSet<Date> {
    let mut dates = dates_in(&serde_json::to_string(persona).unwrap_or_default());
    if let Ok((not_before, not_after)) = persona.certificate_period() {
        let expiry = mynakit_oqs::clock::to_jst(not_after).date();
        dates.insert(mynakit_oqs::clock::to_jst(not_before).date());
        dates.insert(expiry);
        dates.extend(expires_soon_from(expiry));
        dates.insert(mynakit_oqs::validity::grace_end(expiry));
    }
    dates.extend(age_thresholds(persona.identity.birth_date));
    dates
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

/// The days on which a person born on `birth` may change band for the rules that read age:
/// the 6th birthday and the 31 March of that year and of the next (未就学 lasts to the first
/// 31 March on or after the day one reaches 6, which by 年齢計算ニ関スル法律 is the day before
/// the birthday: for a 1 April birthday that is the 31 March just before it); the 70th
/// birthday and the first of the following month (高齢受給者 from the month after the one in
/// which one reaches 70, so from the birthday's own month when born on the 1st); the 75th
/// birthday (後期高齢者医療). A 29 February birthday falls on 1 March in a common year. These
/// are dates the world must not be moved across, not the rules themselves: where a band's first
/// day is in doubt, both candidates are in.
pub fn age_thresholds(birth: Date) -> Vec<Date> {
    let birthday = |age: i32| {
        let year = birth.year() + age;
        Date::from_calendar_date(year, birth.month(), birth.day())
            .or_else(|_| Date::from_calendar_date(year, Month::March, 1))
            .ok()
    };
    let mut days = Vec::new();
    if let Some(sixth) = birthday(6) {
        days.push(sixth);
        for year in [sixth.year(), sixth.year() + 1] {
            days.extend(Date::from_calendar_date(year, Month::March, 31).ok());
        }
    }
    if let Some(seventieth) = birthday(70) {
        days.push(seventieth);
        days.extend(first_of_next_month(seventieth));
    }
    days.extend(birthday(75));
    days
}

fn first_of_next_month(day: Date) -> Option<Date> {
    let (year, month) = match day.month() {
        Month::December => (day.year() + 1, Month::January),
        m => (day.year(), m.next()),
    };
    Date::from_calendar_date(year, month, 1).ok()
}

/// Every date written in `text` as `YYYY-MM-DD` (also the day of a `YYYY-MM-DDTHH:MM` time) or
/// as OQS writes one, eight digits `YYYYMMDD` starting 19 or 20 (a 生年月日, a 資格喪失日).
/// Eight digits that are no calendar day are not dates.
fn dates_in(text: &str) -> BTreeSet<Date> {
    let bytes = text.as_bytes();
    let mut dates = BTreeSet::new();
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if run == 0 {
            i += 1;
            continue;
        }
        let starts = i == 0 || !bytes[i - 1].is_ascii_digit();
        if starts && run == 4 {
            if let Some(d) = bytes.get(i..i + 10).and_then(parse_dashed) {
                dates.insert(d);
            }
        } else if starts && run == 8 && matches!(&bytes[i..i + 2], b"19" | b"20") {
            let digits = &bytes[i..i + 8];
            let field = |r: std::ops::Range<usize>| {
                std::str::from_utf8(&digits[r]).ok()?.parse::<u16>().ok()
            };
            if let (Some(y), Some(m), Some(d)) = (field(0..4), field(4..6), field(6..8)) {
                dates.extend(calendar(y, m, d));
            }
        }
        i += run;
    }
    dates
}

/// `YYYY-MM-DD` as a date.
fn parse_dashed(text: &[u8]) -> Option<Date> {
    if text.len() != 10 || text[4] != b'-' || text[7] != b'-' {
        return None;
    }
    let text = std::str::from_utf8(text).ok()?;
    let (y, m, d) = (
        text[0..4].parse().ok()?,
        text[5..7].parse().ok()?,
        text[8..10].parse().ok()?,
    );
    calendar(y, m, d)
}

fn calendar(year: u16, month: u16, day: u16) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::from(year), month, u8::try_from(day).ok()?).ok()
}

fn dashed(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use time::macros::date;

    use super::*;

    fn bundled(id: &str) -> Scenario {
        let path = crate::scenario::bundled_dir().join(format!("{id}.yaml"));
        crate::scenario::load_file(&path, &Fixtures::bundled()).unwrap()
    }

    #[test]
    fn dates_are_found_in_both_spellings_and_nothing_else_is() {
        let found = dates_in(
            r#"{"a":"2026-04-01","b":"20261001","t":"2024-04-15T10:00:00+09:00",
               "insurer":"06132013","n":"20261399","long":"120261001","x":"2026-13-01"}"#,
        );
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            [
                date!(2024 - 04 - 15),
                date!(2026 - 04 - 01),
                date!(2026 - 10 - 01)
            ]
        );
    }

    #[test]
    fn the_age_bands_turn_on_their_days_also_for_29_february() {
        assert_eq!(
            age_thresholds(date!(1956 - 11 - 02)),
            [
                date!(1962 - 11 - 02),
                date!(1962 - 03 - 31),
                date!(1963 - 03 - 31),
                date!(2026 - 11 - 02),
                date!(2026 - 12 - 01),
                date!(2031 - 11 - 02),
            ]
        );
        let leap = age_thresholds(date!(1956 - 02 - 29));
        assert_eq!(leap[0], date!(1962 - 03 - 01));
        assert_eq!(leap[3], date!(2026 - 03 - 01));
        assert_eq!(leap[4], date!(2026 - 04 - 01));
        assert_eq!(leap[5], date!(2031 - 03 - 01));
        // Born on the 1st: 高齢受給者 from the birthday's month, which is in.
        assert!(age_thresholds(date!(1956 - 04 - 01)).contains(&date!(2026 - 04 - 01)));
    }

    #[test]
    fn a_scenario_moves_with_its_time_of_day_and_takes_the_rules_of_the_day() {
        let fixtures = Fixtures::bundled();
        let mut s = bundled("bus-kenshin-network-lost");
        let as_of = AsOf::parse("2025-05-20").unwrap();
        as_of.place(&mut s, &fixtures, None).unwrap();
        assert_eq!(s.given.clock.day(), "2025-05-20");
        assert_eq!(s.given.clock.now.hour(), 9);
        assert_eq!(s.rules, Some(RuleSet::Oqs2021));
        // The run's --rules wins: the scenario names none.
        let mut s = bundled("bus-kenshin-network-lost");
        as_of
            .place(&mut s, &fixtures, Some(RuleSet::App2025))
            .unwrap();
        assert_eq!(s.rules, None);
    }

    #[test]
    fn a_pinned_scenario_and_one_whose_world_is_crossed_stay() {
        let fixtures = Fixtures::bundled();
        let as_of = AsOf::parse("2024-06-01").unwrap();
        let mut pinned = bundled("terminal-claim-record-2026-06-01");
        let before = pinned.clone();
        assert!(matches!(
            as_of.place(&mut pinned, &fixtures, None),
            Err(NotMoved::Pinned { .. })
        ));
        assert_eq!(pinned, before);
        // The employee's card was issued on 2024-04-15: not before 2024-04-01.
        let mut s = bundled("bus-kenshin-network-lost");
        let err = AsOf::parse("2024-04-01")
            .unwrap()
            .place(&mut s, &fixtures, None)
            .unwrap_err();
        assert_eq!(
            err,
            NotMoved::Crossed {
                place: "persona employee".into(),
                date: "2024-04-15".into()
            }
        );
        assert_eq!(s.given.clock.day(), "2026-11-01");
    }

    #[test]
    fn a_day_before_the_first_rule_set_is_refused() {
        assert!(AsOf::parse("2021-03-31").is_err());
        assert!(AsOf::parse("2025-02-30").is_err());
        assert_eq!(AsOf::parse("2025-12-01").unwrap().day(), "2025-12-01");
    }
}
