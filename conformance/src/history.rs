//! 閲覧履歴 and the hand-off to a レセコン (`docs/history.md`): a client hands off only a past
//! confirmation its facility's history listed, and shows it as it was sent.

use mynakit_oqs::ElementName;
use mynakit_protocol::service_paths::CONFIRMATIONS;
use std::collections::BTreeMap;

use crate::events::{Exchange, Run};
use crate::service::{compare, missing};
use crate::{Evidence, Verdict};

/// The ids a history listing answered, with the listing.
fn listed<'r, 'a>(run: &'r Run<'a>) -> BTreeMap<String, &'r Exchange<'a>> {
    let mut ids = BTreeMap::new();
    for x in run
        .exchanges()
        .filter(|x| x.is("GET", CONFIRMATIONS) && x.status == 200)
    {
        let Some(body) = x
            .response_body
            .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
        else {
            continue;
        };
        for entry in body
            .get("confirmations")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            if let Some(id) = entry.get("id").and_then(|v| v.as_str()) {
                ids.entry(id.to_owned()).or_insert(x);
            }
        }
    }
    ids
}

/// The fields of a handed-off record the result must show as received, when it shows any.
const HANDED_FIELDS: [ElementName; 6] = [
    ElementName::QualificationValidity,
    ElementName::InsuredCardClassification,
    ElementName::InsurerNumber,
    ElementName::InsuredIdentificationNumber,
    ElementName::Name,
    ElementName::Birthdate,
];

check! {
    /// `SVC-history-hand-off`: only a listed confirmation is handed off, as it was sent.
    HistoryHandOff {
        id: "SVC-history-hand-off",
        severity: Failed,
        rule: "A past confirmation is handed off (GET /v1/confirmations/{id}) only with an id an \
               earlier 閲覧履歴 listing (GET /v1/confirmations) of this run answered; the service \
               answers it (200); and the result the client reports after it shows the handed-off \
               record's QualificationValidity, InsuredCardClassification, InsurerNumber, \
               InsuredIdentificationNumber, Name and Birthdate as received.",
        rationale: "閲覧履歴 and the API連携 to a レセコン let a facility transcribe eligibility \
                    without storing it itself. An id that no listing gave (guessed, counted, \
                    another facility's) hands the wrong patient's eligibility to the claim, or \
                    nothing; a hand-off that changes what the service sent puts wrong data on \
                    the 療養費 application.",
        reference: "厚生労働省保険局 2021-04-01「オンライン資格確認（資格確認限定型）の導入が始まります」\
                    (令和5年11月時点更新): 資格確認限定型における資格情報の確認・閲覧について \
                    (API連携機能, 閲覧機能); docs/history.md",
        evaluate: history_hand_off,
    }
}

/// The id of a past confirmation's path (`/v1/confirmations/{id}`).
fn past_id(path: &str) -> Option<&str> {
    path.strip_prefix(CONFIRMATIONS)?.strip_prefix('/')
}

fn history_hand_off(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let handed: Vec<&Exchange<'_>> = run
        .exchanges()
        .filter(|x| x.method.eq_ignore_ascii_case("GET") && past_id(x.path).is_some())
        .collect();
    let Some(last) = handed.last() else {
        return Verdict::NotApplicable("no past confirmation was handed off".to_owned());
    };
    let ids = listed(run);
    for x in &handed {
        let id = past_id(x.path).unwrap_or_default();
        match ids.get(id) {
            Some(listing) if listing.n < x.n => {}
            _ => {
                return Verdict::Fail(format!(
                    "{} handed off confirmation `{id}`, which no earlier 閲覧履歴 listing \
                     (GET {CONFIRMATIONS}) answered",
                    x.describe()
                ))
            }
        }
        if x.status != 200 {
            return Verdict::Fail(format!(
                "{} handed off confirmation `{id}`, but the service answered {}",
                x.describe(),
                x.status
            ));
        }
    }
    let Some(oqs) = last.oqs() else {
        return Verdict::Fail(format!("{} answered no OQS result", last.describe()));
    };
    let what = format!("{} handed off a listed confirmation", last.describe());
    let mut problems = Vec::new();
    let mut shown = Vec::new();
    for name in HANDED_FIELDS {
        let Some(want) = oqs.get(name) else { continue };
        match compare(e, name.as_str(), Some(&want)) {
            Some(problem) => problems.push(problem),
            None => shown.push(name.as_str()),
        }
    }
    if !problems.is_empty() {
        return missing(e, what, &problems);
    }
    Verdict::Pass(format!("{what}, shown as received ({})", shown.join(", ")))
}
