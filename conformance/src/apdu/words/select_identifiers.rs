//! `APDU-select-identifiers`: an iOS app selects only the AIDs it lists.

use crate::reason::Reason;

/// Step `step` (from 1) sent a SELECT of an unlisted AID (`detail`, as the relay says it).
pub(in crate::apdu) fn unlisted_select(step: usize, detail: &str) -> Reason {
    Reason::new(
        format!(
            "step {step}: the app sent a SELECT of an AID outside its select-identifiers \
             ({detail}); an iPhone refuses it before the card sees it",
        ),
        format!(
            "ステップ {step}: アプリが select-identifiers にない AID の SELECT を送った \
             ({detail})。iPhone はカードに届く前にそれを拒否する",
        ),
    )
    .message("apdu/unlisted-select")
    .count("step", step)
}

/// No app read the card over the relay as iOS.
pub(in crate::apdu) fn no_ios_app() -> Reason {
    Reason::new(
        "no app read the card over the relay as iOS",
        "リレー経由で iOS としてカードを読んだアプリはなかった",
    )
    .message("apdu/no-ios-app")
}

/// Every SELECT by name (`selects` of them) was of a listed AID.
pub(in crate::apdu) fn listed_selects(selects: usize) -> Reason {
    Reason::new(
        format!("every SELECT by name ({selects}, the system's included) was of a listed AID"),
        format!(
            "名前による SELECT ({selects} 回、システムによるものを含む) はすべて一覧にある AID \
             だった"
        ),
    )
    .message("apdu/listed-selects")
    .count("selects", selects)
}
