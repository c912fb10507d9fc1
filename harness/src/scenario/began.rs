//! A scenario whose point did not exist yet on its day: NOT-APPLICABLE, naming the start
//! (`docs/rules.md`, "What began when"). A run on another day (`--as-of`) moves a scenario's
//! clock but not what the scenario is about: a phone presented as the マイナ保険証 before phones
//! were one, or screen E-05-A's 裏面記載情報 expected before the update that added it, would be
//! judged against a system that did not do it yet. The starts are read from
//! `mynakit_protocol::Began`, never a date of this crate's.

use mynakit_oqs::ElementName;
use mynakit_persona::CardProfileName;
use mynakit_protocol::{Began, ConfirmTopic, Flow, Mode, Outcome, Role, Starts};

use super::Scenario;

/// A start the scenario rests on that is not in force on its day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotYet {
    /// The start.
    pub began: Began,
    /// The scenario's day, `YYYY-MM-DD`.
    pub day: String,
    /// The start's first day in the run, `YYYY-MM-DD`: its own, or the day `--began` set.
    pub first_day: String,
    /// Whether the run set that day (`--began`).
    pub set_by_run: bool,
    /// `true`: the scenario is about the days *before* the start (it expects what the older
    /// screen showed) and its day is on or after the start's first day, so its point no longer
    /// holds; `false`: it rests on the start, which has not begun on its day.
    pub after: bool,
    /// Whether the client's declaration set that day (`capabilities.began`, where the run
    /// did not): then `set_by_run` is `false`.
    pub declared: bool,
}

/// The starts `scenario` rests on, oldest first: a レセコン's request for 薬剤情報 or 特定健診情報
/// (the mode `drug-info` or `checkup-info`) rests on [`Began::InformationViewing`]; one for
/// 診療情報 (the mode `diagnosis-info`) on [`Began::DiagnosisInfoViewing`]; a card of the
/// profile `face-auth` on [`Began::FaceAuthCard`]; an expected 医療扶助 result (`outcome` or `outcome_or`) on
/// [`Began::MedicalAssistanceOnline`]; the flow `jusei-ahaki` on [`Began::JuseiAhaki`]; the flow
/// `kyotaku` or `online-shinryo` on [`Began::KyotakuConsent`]; the flow `visiting-nursing` on
/// [`Began::VisitingNursing`]; a card app's flow `kenshin` or
/// `bus-kenshin` on [`Began::LimitedTypeCheckup`]; a card
/// that is a phone on [`Began::PhoneCard`]; an expectation that a 裏面記載情報 field is shown, on
/// [`Began::WelfareScreen`]; the flow `history` on [`Began::HistoryHandOff`]; an expected
/// `registered` (`outcome` or `shown_outcomes`) on [`Began::AppRegistration`]. `persona_profile` tells a persona's own card profile, for a card
/// that names none.
///
/// A lost 医療扶助 record (an `ineligible` result) does not rest on the online start: before it
/// the service still said "no qualification" for that card, which is what such a scenario
/// expects. Nor does an unregistered card that ends `not-registered` rest on the app's
/// registration: before it the app showed just that, so such a scenario is judged on either
/// side (`SVC-unregistered-flow` judges the side's rule).
pub fn rests_on(
    scenario: &Scenario,
    persona_profile: impl Fn(&str) -> Option<CardProfileName>,
) -> Vec<Began> {
    let mut starts = Vec::new();
    if matches!(scenario.operator.mode, Mode::DrugInfo | Mode::CheckupInfo) {
        starts.push(Began::InformationViewing);
    }
    if scenario.operator.mode == Mode::DiagnosisInfo {
        starts.push(Began::DiagnosisInfoViewing);
    }
    let profiles: Vec<Option<CardProfileName>> = scenario
        .given
        .cards
        .iter()
        .map(|card| card.profile.or_else(|| persona_profile(&card.persona)))
        .collect();
    if profiles.contains(&Some(CardProfileName::FaceAuth)) {
        starts.push(Began::FaceAuthCard);
    }
    let expect = &scenario.expect;
    let welfare = Outcome::MedicalAssistance;
    if expect.outcome == welfare || expect.outcome_or.contains(&welfare) {
        starts.push(Began::MedicalAssistanceOnline);
    }
    if scenario.flows.contains(&Flow::JuseiAhaki) {
        starts.push(Began::JuseiAhaki);
    }
    if scenario.flows.contains(&Flow::PaperClaims) {
        starts.push(Began::PaperClaims);
    }
    if scenario.flows.contains(&Flow::Kyotaku) || scenario.flows.contains(&Flow::OnlineShinryo) {
        starts.push(Began::KyotakuConsent);
    }
    // A 既存型 institution's レセコン used its 資格確認端末 for a 健診 before the 限定型 began
    // (「引き続き、導入済みのオンライン資格確認を利用」): only the card app rests on it.
    let checkup =
        scenario.flows.contains(&Flow::Kenshin) || scenario.flows.contains(&Flow::BusKenshin);
    if checkup && scenario.role() == Role::CardApp {
        starts.push(Began::LimitedTypeCheckup);
    }
    if scenario.flows.contains(&Flow::VisitingNursing) {
        starts.push(Began::VisitingNursing);
    }
    if scenario.flows.contains(&Flow::Emergency) {
        starts.push(Began::EmergencyViewing);
    }
    if scenario.flows.contains(&Flow::MynaKyukyu) {
        starts.push(Began::MynaKyukyu);
    }
    if scenario.flows.contains(&Flow::History) {
        starts.push(Began::HistoryHandOff);
    }
    let phone = scenario
        .given
        .cards
        .iter()
        .zip(&profiles)
        .any(|(card, profile)| match card.token {
            Some(token) => token.phone_profile().is_some(),
            None => profile.is_some_and(|p| p.is_phone()),
        });
    if phone {
        starts.push(Began::PhoneCard);
    }
    let back = ElementName::BACK_OF_CARD.iter().any(|name| {
        expect.fields.contains_key(name.as_str()) || expect.shown.iter().any(|s| s == name.as_str())
    });
    if back {
        starts.push(Began::WelfareScreen);
    }
    let registered = Outcome::Registered;
    if expect.outcome == registered || expect.shown_outcomes.contains(&registered) {
        starts.push(Began::AppRegistration);
    }
    starts
}

/// The first start `scenario` rests on that is not in force on its day, if any, by the run's
/// days of the starts (`starts`: each start's own unless `--began` set it).
pub fn not_yet(
    scenario: &Scenario,
    starts: &Starts,
    persona_profile: impl Fn(&str) -> Option<CardProfileName>,
) -> Option<NotYet> {
    let day = scenario.given.clock.day();
    rests_on(scenario, &persona_profile)
        .into_iter()
        .find(|b| starts.in_force_on(*b, &day) == Ok(false))
        .map(|began| (began, false))
        .or_else(|| {
            before(scenario, &persona_profile)
                .into_iter()
                .find(|b| starts.in_force_on(*b, &day) == Ok(true))
                .map(|began| (began, true))
        })
        .map(|(began, after)| NotYet {
            declared: false,
            first_day: starts.first_day(began),
            set_by_run: starts.is_set(began),
            began,
            day,
            after,
        })
}

/// The starts `scenario` is about the days before, which a run whose starts put on or before
/// its day leaves NOT-APPLICABLE rather than judging the older app on a day the run says the
/// newer one was right (`docs/rules.md`, "What began when"), whichever way the start was set:
/// - an expectation that a 裏面記載情報 field is hidden (`expect.hidden`) is the screen before
///   [`Began::WelfareScreen`] (`medical-assistance-before-e05a`, pinned to its last day);
/// - a scenario that plays what a start brought (the flow `registration` or a `register`
///   confirmation: [`Began::AppRegistration`]; the flow `history` or a `history` or `hand-off`
///   confirmation: [`Began::HistoryHandOff`]) on a day before the start's own first day, without
///   resting on it, expects the app of the days before (`registration-before-app`,
///   `history-before-app`).
fn before(
    scenario: &Scenario,
    persona_profile: impl Fn(&str) -> Option<CardProfileName>,
) -> Vec<Began> {
    let mut starts = Vec::new();
    let hidden = ElementName::BACK_OF_CARD
        .iter()
        .any(|name| scenario.expect.hidden.iter().any(|h| h == name.as_str()));
    if hidden {
        starts.push(Began::WelfareScreen);
    }
    let confirms = |topic: ConfirmTopic| scenario.operator.confirm.contains_key(&topic);
    let registration =
        scenario.flows.contains(&Flow::Registration) || confirms(ConfirmTopic::Register);
    let history = scenario.flows.contains(&Flow::History)
        || confirms(ConfirmTopic::History)
        || confirms(ConfirmTopic::HandOff);
    let day = scenario.given.clock.day();
    let rests = rests_on(scenario, persona_profile);
    for (plays, began) in [
        (registration, Began::AppRegistration),
        (history, Began::HistoryHandOff),
    ] {
        if plays && !rests.contains(&began) && began.in_force_on(&day) == Ok(false) {
            starts.push(began);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn scenario(text: &str) -> Scenario {
        crate::scenario::load_str(text, "t.yaml", &mynakit_fixtures::Fixtures::bundled()).unwrap()
    }

    fn own_profile(id: &str) -> Option<CardProfileName> {
        (id == "face-auth").then_some(CardProfileName::FaceAuth)
    }

    #[test]
    fn a_face_auth_card_and_the_jusei_ahaki_flow_are_not_yet_before_their_days() {
        let face = scenario(
            "id: t\ntitle: T\ngiven:\n  clock: { now: \"2023-12-14T09:00:00+09:00\", pinned: \"its day\" }\n  cards:\n    \
             - persona: face-auth\noperator:\n  mode: face\nexpect:\n  outcome: eligible\n",
        );
        assert_eq!(rests_on(&face, own_profile), vec![Began::FaceAuthCard]);
        assert_eq!(
            not_yet(&face, &Starts::default(), own_profile)
                .unwrap()
                .began,
            Began::FaceAuthCard
        );
        assert_eq!(rests_on(&face, |_| None), vec![]);
        let jusei = scenario(
            "id: t\ntitle: T\nflows: [jusei-ahaki]\ngiven:\n  clock: { now: \"2024-03-31T09:00:00+09:00\", pinned: \"its day\" }\n  \
             cards:\n    - persona: employee\noperator:\n  mode: pin\n  pins: [\"1234\"]\nexpect:\n  \
             outcome: eligible\n",
        );
        assert_eq!(
            not_yet(&jusei, &Starts::default(), own_profile)
                .unwrap()
                .began,
            Began::JuseiAhaki
        );
        let on_the_day = scenario(
            "id: t\ntitle: T\nflows: [jusei-ahaki]\ngiven:\n  clock: { now: \"2024-04-01T09:00:00+09:00\", pinned: \"its day\" }\n  \
             cards:\n    - persona: employee\noperator:\n  mode: pin\n  pins: [\"1234\"]\nexpect:\n  \
             outcome: eligible\n",
        );
        assert_eq!(not_yet(&on_the_day, &Starts::default(), own_profile), None);
        for (flows, outcome, began, before, first) in [
            (
                "device-setup, history",
                "eligible",
                Some(Began::HistoryHandOff),
                "2024-09-30",
                "2024-10-01",
            ),
            (
                "registration",
                "registered",
                Some(Began::AppRegistration),
                "2025-04-14",
                "2025-04-15",
            ),
            // Shown as not registered: the app of either side does that.
            (
                "registration",
                "not-registered",
                None,
                "2025-04-14",
                "2025-04-15",
            ),
        ] {
            let on = |day: &str| {
                scenario(&format!(
                    "id: t\ntitle: T\nflows: [{flows}]\ngiven:\n  clock: {{ now: \"{day}T09:00:00+09:00\", pinned: \"its day\" }}\n  \
                     cards:\n    - persona: unregistered\noperator:\n  mode: pin\n  pins: [\"1234\"]\nexpect:\n  \
                     outcome: {outcome}\n"
                ))
            };
            assert_eq!(
                not_yet(&on(before), &Starts::default(), own_profile).map(|n| n.began),
                began,
                "{flows}"
            );
            assert_eq!(
                not_yet(&on(first), &Starts::default(), own_profile),
                None,
                "{flows}"
            );
        }
    }

    #[test]
    fn the_kyotaku_flow_is_not_yet_before_its_day() {
        let at = |day: &str| {
            scenario(&format!(
                "id: t\ntitle: T\nflows: [kyotaku]\ngiven:\n  clock: {{ now: \"{day}T09:00:00+09:00\", pinned: \"its day\" }}\n  \
                 cards:\n    - persona: employee\noperator:\n  mode: pin\n  pins: [\"1234\"]\nexpect:\n  \
                 outcome: eligible\n"
            ))
        };
        let before = at("2024-03-31");
        assert_eq!(rests_on(&before, own_profile), vec![Began::KyotakuConsent]);
        assert_eq!(
            not_yet(&before, &Starts::default(), own_profile)
                .unwrap()
                .began,
            Began::KyotakuConsent
        );
        assert_eq!(
            not_yet(&at("2024-04-01"), &Starts::default(), own_profile),
            None
        );
        // A run that sets the start a month later leaves 2024-04-01 before it.
        let later = Starts::parse_all(["kyotaku=2024-05-01"]).unwrap();
        let n = not_yet(&at("2024-04-01"), &later, own_profile).unwrap();
        assert_eq!((n.first_day.as_str(), n.set_by_run), ("2024-05-01", true));
        assert_eq!(not_yet(&at("2024-05-01"), &later, own_profile), None);
    }

    #[test]
    fn a_card_apps_checkup_flows_are_not_yet_before_the_limited_type() {
        let at = |flows: &str, day: &str, terminal: &str| {
            scenario(&format!(
                "id: t\ntitle: T\nflows: [{flows}]\ngiven:\n  clock: {{ now: \"{day}T09:00:00+09:00\", pinned: \"its day\" }}\n  \
                 cards:\n    - persona: employee\n{terminal}operator:\n  mode: pin\n  pins: [\"1234\"]\nexpect:\n  \
                 outcome: eligible\n"
            ))
        };
        for flows in ["kenshin", "bus-kenshin"] {
            let before = at(flows, "2024-03-31", "");
            assert_eq!(
                rests_on(&before, own_profile),
                vec![Began::LimitedTypeCheckup]
            );
            assert_eq!(
                not_yet(&before, &Starts::default(), own_profile).map(|n| n.began),
                Some(Began::LimitedTypeCheckup),
                "{flows}"
            );
            assert_eq!(
                not_yet(
                    &at(flows, "2024-04-01", ""),
                    &Starts::default(),
                    own_profile
                ),
                None
            );
            let later = Starts::parse_all(["kenshin=2024-06-01"]).unwrap();
            let n = not_yet(&at(flows, "2024-05-31", ""), &later, own_profile).unwrap();
            assert_eq!((n.first_day.as_str(), n.set_by_run), ("2024-06-01", true));
        }
        // The 既存型 terminal's 健診 existed before: judged on either side.
        let terminal = at("kenshin", "2024-03-31", "  terminal: {}\n");
        assert_eq!(rests_on(&terminal, own_profile), vec![]);
    }

    #[test]
    fn viewing_and_online_consultation_are_not_yet_before_their_days() {
        let drug = scenario(
            "id: t\ntitle: T\ngiven:\n  clock: { now: \"2021-10-19T09:00:00+09:00\", pinned: \"its day\" }\n  \
             cards:\n    - persona: employee\n  terminal: {}\noperator:\n  mode: drug-info\n  insurance_card:\n    InsurerNumber: \"06139992\"\n    InsuredCardSymbol: \"1001\"\n    InsuredIdentificationNumber: \"2345\"\n    InsuredBranchNumber: \"00\"\n    Birthdate: \"19850412\"\nexpect:\n  outcome: eligible\n",
        );
        assert_eq!(
            rests_on(&drug, own_profile),
            vec![Began::InformationViewing]
        );
        let diagnosis_on = |day: &str| {
            scenario(&format!(
                "id: t\ntitle: T\ngiven:\n  clock: {{ now: \"{day}T09:00:00+09:00\", pinned: \"its day\" }}\n  \
                 cards:\n    - persona: employee\n  terminal: {{}}\noperator:\n  mode: diagnosis-info\n  insurance_card:\n    InsurerNumber: \"06139992\"\n    InsuredCardSymbol: \"1001\"\n    InsuredIdentificationNumber: \"2345\"\n    InsuredBranchNumber: \"00\"\n    Birthdate: \"19850412\"\nexpect:\n  outcome: eligible\n",
            ))
        };
        assert_eq!(
            not_yet(&diagnosis_on("2022-09-10"), &Starts::default(), own_profile).map(|n| n.began),
            Some(Began::DiagnosisInfoViewing)
        );
        assert_eq!(
            not_yet(&diagnosis_on("2022-09-11"), &Starts::default(), own_profile),
            None
        );
        let later = Starts::parse_all(["diagnosis-info-viewing=2022-10-01"]).unwrap();
        let n = not_yet(&diagnosis_on("2022-09-30"), &later, own_profile).unwrap();
        assert_eq!(
            (n.began, n.first_day.as_str(), n.set_by_run),
            (Began::DiagnosisInfoViewing, "2022-10-01", true)
        );
        let online = scenario(
            "id: t\ntitle: T\nflows: [online-shinryo]\ngiven:\n  clock: { now: \"2024-03-31T09:00:00+09:00\", pinned: \"its day\" }\n  \
             cards:\n    - persona: employee\noperator:\n  mode: pin\n  pins: [\"1234\"]\nexpect:\n  outcome: eligible\n",
        );
        assert_eq!(
            not_yet(&online, &Starts::default(), own_profile).map(|n| n.began),
            Some(Began::KyotakuConsent)
        );
    }

    #[test]
    fn the_apps_days_before_registration_and_history_obey_a_start_the_run_moves() {
        for (id, key, began) in [
            (
                "registration-before-app",
                "app-registration",
                Began::AppRegistration,
            ),
            (
                "history-before-app",
                "history-hand-off",
                Began::HistoryHandOff,
            ),
        ] {
            let path = crate::scenario::bundled_dir().join(format!("{id}.yaml"));
            let before =
                crate::scenario::load_file(&path, &mynakit_fixtures::Fixtures::bundled()).unwrap();
            // Its own days: judged, as the app of the day before.
            assert_eq!(
                not_yet(&before, &Starts::default(), own_profile),
                None,
                "{id}"
            );
            let earlier = Starts::parse_all([format!("{key}=2024-01-01").as_str()]).unwrap();
            let n = not_yet(&before, &earlier, own_profile).unwrap();
            assert_eq!(
                (n.began, n.after, n.set_by_run),
                (began, true, true),
                "{id}"
            );
            // A start the run puts after its day leaves it judged.
            let later = Starts::parse_all([format!("{key}=2026-01-01").as_str()]).unwrap();
            assert_eq!(not_yet(&before, &later, own_profile), None, "{id}");
        }
    }

    #[test]
    fn the_older_screen_is_not_judged_on_a_day_the_run_puts_after_its_end() {
        let older = scenario(
            "id: t\ntitle: T\ngiven:\n  clock: { now: \"2025-04-14T09:00:00+09:00\", pinned: \"its day\" }\n  \
             cards:\n    - persona: employee\noperator:\n  mode: pin\n  pins: [\"1234\"]\nexpect:\n  \
             outcome: eligible\n  hidden: [NameOfOther]\n",
        );
        assert_eq!(not_yet(&older, &Starts::default(), own_profile), None);
        let earlier = Starts::parse_all(["welfare-screen=2025-04-10"]).unwrap();
        let n = not_yet(&older, &earlier, own_profile).unwrap();
        assert_eq!(
            (n.began, n.after, n.set_by_run),
            (Began::WelfareScreen, true, true)
        );
    }
}
