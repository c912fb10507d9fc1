//! The result screen of the scenario's day (`docs/rules.md`, "What began when"): a start that
//! changed what the app shows is asked of `mynakit_protocol`'s dated table ([`Began`]), never a
//! date of its own.
//!
//! Before screen E-05-A (事務連絡 2025-04-15) the マイナ資格確認アプリ's 医療扶助 result said only
//! 「医療扶助対象者です／必要な提出書類等により、資格確認を行ってください」: no 裏面記載情報, and a lost
//! record only as not valid. This keeps what every screen of that day showed (the outcome, the
//! 証区分 and the 資格 fields `SVC-medical-assistance` asks of a valid record) and drops what only
//! E-05-A added.

use mynakit_oqs::codes::MEDICAL_ASSISTANCE_CARD;
use mynakit_oqs::ElementName;
use mynakit_protocol::{Began, Outcome, Starts};

use crate::defects::{Defect, Defects};
use crate::screen::Screen;

/// What a lost 医療扶助 record's screen keeps before E-05-A: what every invalid result shows,
/// and the 証区分 that says the lost record was a 医療扶助 one (`medical-assistance-lost`). The
/// recipient and the 福祉事務所 after a loss are E-05-A's (「受給資格の喪失後、新しい資格を取得
/// するまでの間を含む」).
const LOST_KEPT: [ElementName; 4] = [
    ElementName::QualificationValidity,
    ElementName::InsuredCardClassification,
    ElementName::DisqualificationDate,
    ElementName::ReasonOfLoss,
];

/// The day defect `medical-assistance-late` takes for the start of 医療扶助 online eligibility:
/// 2024-04-01, the month many vendors and cities announced (「令和6年4月より対応」), a month after
/// the national start ([`Began::MedicalAssistanceOnline`], 2024-03-01). Only the defect's.
const LATE_MEDICAL_ASSISTANCE_START: &str = "2024-04-01";

/// `today` (`yyyyMMdd`, the client's clock) as `YYYY-MM-DD`, if it is one.
fn iso_day(today: Option<&str>) -> Option<String> {
    today
        .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
        .map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]))
}

/// Whether the app of `today` (`yyyyMMdd`, the client's clock) did not have `began` yet, by the
/// run's days of the starts (`starts`, `MYNAKIT_BEGAN`): a function it offers from that start on
/// (閲覧履歴 and the hand-off, 保険証利用登録) is not offered before it. No clock: the app of
/// today, which has every function.
pub(crate) fn not_yet(began: Began, today: Option<&str>, starts: &Starts) -> bool {
    iso_day(today).is_some_and(|day| starts.in_force_on(began, &day) == Ok(false))
}

/// `screen` as the app of `today` (`yyyyMMdd`, the client's clock) showed it, by the run's days
/// of the starts (`starts`, `MYNAKIT_BEGAN`); `None` (no clock) keeps it.
pub(crate) fn screen_of_day(
    mut screen: Screen,
    today: Option<&str>,
    starts: &Starts,
    defects: &Defects,
) -> Screen {
    let Some(day) = iso_day(today) else {
        return screen;
    };
    let welfare = screen
        .fields
        .get(ElementName::InsuredCardClassification.as_str())
        .is_some_and(|c| c == MEDICAL_ASSISTANCE_CARD);
    if welfare
        && screen.outcome == Some(Outcome::MedicalAssistance)
        && defects.has(Defect::MedicalAssistanceLate)
        && day.as_str() < LATE_MEDICAL_ASSISTANCE_START
    {
        // The app of before the start: a 医療扶助 answer is no 医療保険 qualification.
        screen.outcome = Some(Outcome::Ineligible);
        screen.text = Some("資格がありません".into());
        return screen;
    }
    if !welfare
        || defects.has(Defect::WelfareScreenEarly)
        || starts.in_force_on(Began::WelfareScreen, &day) != Ok(false)
    {
        return screen;
    }
    match screen.outcome {
        Some(Outcome::MedicalAssistance) => {
            for name in ElementName::BACK_OF_CARD {
                screen.fields.remove(name.as_str());
            }
            screen.text =
                Some("医療扶助対象者です　必要な提出書類等により、資格確認を行ってください".into());
        }
        Some(Outcome::Ineligible) => {
            screen
                .fields
                .retain(|name, _| LOST_KEPT.iter().any(|k| k.as_str() == name));
        }
        _ => {}
    }
    screen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn welfare(outcome: Outcome) -> Screen {
        Screen::outcome(outcome, "x")
            .with_field("InsuredCardClassification", "A1")
            .with_field("InsurerName", "試験市福祉事務所")
            .with_field("NameOfOther", "他資格　三郎")
            .with_field("Sex2", "1")
            .with_field("QualificationValidity", "2")
    }

    #[test]
    fn before_e05a_the_screen_has_no_back_of_card() {
        let none = Defects::none();
        let before = screen_of_day(
            welfare(Outcome::MedicalAssistance),
            Some("20250414"),
            &Starts::default(),
            &none,
        );
        assert!(!before.fields.contains_key("NameOfOther"));
        assert!(before.fields.contains_key("InsurerName"));
        let on = screen_of_day(
            welfare(Outcome::MedicalAssistance),
            Some("20250415"),
            &Starts::default(),
            &none,
        );
        assert!(on.fields.contains_key("NameOfOther"));
        let lost = screen_of_day(
            welfare(Outcome::Ineligible),
            Some("20240603"),
            &Starts::default(),
            &none,
        );
        assert_eq!(
            lost.fields.keys().collect::<Vec<_>>(),
            ["InsuredCardClassification", "QualificationValidity"]
        );
        let early = Defects::none().with(Defect::WelfareScreenEarly);
        let shown = screen_of_day(
            welfare(Outcome::MedicalAssistance),
            Some("20240603"),
            &Starts::default(),
            &early,
        );
        assert!(shown.fields.contains_key("NameOfOther"));
        let late = Defects::none().with(Defect::MedicalAssistanceLate);
        for (day, outcome) in [
            ("20240301", Outcome::Ineligible),
            ("20240401", Outcome::MedicalAssistance),
        ] {
            let shown = screen_of_day(
                welfare(Outcome::MedicalAssistance),
                Some(day),
                &Starts::default(),
                &late,
            );
            assert_eq!(shown.outcome, Some(outcome), "{day}");
        }
        let right = screen_of_day(
            welfare(Outcome::MedicalAssistance),
            Some("20240301"),
            &Starts::default(),
            &none,
        );
        assert_eq!(right.outcome, Some(Outcome::MedicalAssistance));
        // A run that sets E-05-A a month later: the older screen up to the day before it.
        let later = Starts::parse_all(["welfare-screen=2025-05-15"]).unwrap();
        let before = screen_of_day(
            welfare(Outcome::MedicalAssistance),
            Some("20250514"),
            &later,
            &none,
        );
        assert!(!before.fields.contains_key("NameOfOther"));
        let on = screen_of_day(
            welfare(Outcome::MedicalAssistance),
            Some("20250515"),
            &later,
            &none,
        );
        assert!(on.fields.contains_key("NameOfOther"));
    }

    #[test]
    fn a_function_is_not_yet_before_its_start_and_always_without_a_clock() {
        assert!(not_yet(
            Began::AppRegistration,
            Some("20250414"),
            &Starts::default()
        ));
        assert!(!not_yet(
            Began::AppRegistration,
            Some("20250415"),
            &Starts::default()
        ));
        assert!(not_yet(
            Began::HistoryHandOff,
            Some("20240930"),
            &Starts::default()
        ));
        assert!(!not_yet(
            Began::HistoryHandOff,
            Some("20241001"),
            &Starts::default()
        ));
        assert!(!not_yet(Began::HistoryHandOff, None, &Starts::default()));
        assert!(!not_yet(
            Began::HistoryHandOff,
            Some("tomorrow"),
            &Starts::default()
        ));
    }
}
