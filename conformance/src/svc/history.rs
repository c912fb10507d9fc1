//! 閲覧履歴 and the hand-off to a レセコン (`docs/history.md`): a client hands off only a past
//! confirmation its facility's history listed, and shows it as it was sent.

use mynakit_oqs::ElementName;
use mynakit_protocol::service_paths::CONFIRMATIONS;
use mynakit_protocol::{Began, ClientMessage, ConfirmTopic, HarnessMessage};
use std::collections::BTreeMap;

use crate::check::{Evidence, Verdict};
use crate::run::{Exchange, Oqs, Run, Step};
use crate::svc::device::activated_device;
use crate::svc::words::history as words;
use crate::svc::{compare, missing};

/// The ids a history listing answered, with the listing and the entry.
fn listed<'r, 'a>(run: &'r Run<'a>) -> BTreeMap<String, (&'r Exchange<'a>, serde_json::Value)> {
    let mut ids = BTreeMap::new();
    for x in run
        .exchanges()
        .filter(|x| x.is("GET", CONFIRMATIONS) && x.received_with(200))
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
                ids.entry(id.to_owned()).or_insert((x, entry.clone()));
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
               InsuredIdentificationNumber, Name and Birthdate as received. On a day before the \
               app had 閲覧履歴 and the API連携 (2024-10-01, a planned month; docs/rules.md \
               \"What began when\") nothing is listed or handed off.",
        rationale: "閲覧履歴 and the API連携 to a レセコン let a facility transcribe eligibility \
                    without storing it itself. An id that no listing gave (guessed, counted, \
                    another facility's) hands the wrong patient's eligibility to the claim, or \
                    nothing; a hand-off that changes what the service sent puts wrong data on \
                    the 療養費 application.",
        reference: "厚生労働省保険局 令和5年11月「オンライン資格確認（資格確認限定型）の導入が始まります」\
                    (令和5年11月時点更新): 資格確認限定型における資格情報の確認・閲覧について \
                    (API連携機能, 閲覧機能); docs/history.md",
        evaluate: history_hand_off,
    }
}

/// Why a hand-off check does not apply: nothing was handed off.
/// The id of a past confirmation's path (`/v1/confirmations/{id}`).
fn past_id(path: &str) -> Option<&str> {
    path.strip_prefix(CONFIRMATIONS)?.strip_prefix('/')
}

fn history_hand_off(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if let Some(day) = e
        .day
        .filter(|d| e.starts.in_force_on(Began::HistoryHandOff, d) == Ok(false))
    {
        return before_history(run, day);
    }
    let handed: Vec<&Exchange<'_>> = run
        .exchanges()
        .filter(|x| x.method.eq_ignore_ascii_case("GET") && past_id(x.path).is_some())
        .collect();
    let Some(last) = handed.last() else {
        return Verdict::NotApplicable(words::no_hand_off());
    };
    let ids = listed(run);
    for x in &handed {
        let id = past_id(x.path).unwrap_or_default();
        match ids.get(id) {
            Some((listing, _)) if listing.n < x.n => {}
            _ => return Verdict::Fail(words::not_listed_before(x, id)),
        }
        if x.status != 200 {
            return Verdict::Fail(words::refused(x, id));
        }
    }
    let Some(oqs) = last.oqs() else {
        return Verdict::Fail(words::no_result(last));
    };
    let what = words::handed_listed(last);
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
    let shown = shown.join(", ");
    Verdict::Pass(words::shown_as_received(&what, last, &shown))
}

/// `SVC-history-hand-off` on a `day` before the app's 転記 functions
/// ([`Began::HistoryHandOff`]): the app of that day kept nothing to look up or hand off, so a
/// 閲覧履歴 listing or a hand-off is the app of a later day. A logged-in device that asked for
/// neither is the app of its day; without a login there was no history to ask (not applicable,
/// as on any day).
fn before_history(run: &Run<'_>, day: &str) -> Verdict {
    let asked = run.exchanges().find(|x| {
        x.is("GET", CONFIRMATIONS)
            || (x.method.eq_ignore_ascii_case("GET") && past_id(x.path).is_some())
    });
    if let Some(x) = asked {
        return Verdict::Fail(words::history_before_app(x, day));
    }
    match activated_device(run) {
        Some((_, login)) => Verdict::Pass(words::no_history_before_app(login, day)),
        None => Verdict::NotApplicable(words::no_hand_off()),
    }
}

/// Every hand-off (`GET /v1/confirmations/{id}`) of the run, in order.
fn hand_offs<'r, 'a>(run: &'r Run<'a>) -> Vec<&'r Exchange<'a>> {
    run.exchanges()
        .filter(|x| x.method.eq_ignore_ascii_case("GET") && past_id(x.path).is_some())
        .collect()
}

check! {
    /// `SVC-hand-off-confirmed`: each hand-off follows the staff's yes to an ask naming it.
    HandOffConfirmed {
        id: "SVC-hand-off-confirmed",
        severity: Failed,
        rule: "Each hand-off of a past confirmation (GET /v1/confirmations/{id}) follows a \
               `confirm` ask of topic `hand-off` whose text names that id, answered yes by the \
               staff, with no other hand-off in between.",
        rationale: "The hand-off puts a patient's eligibility into the レセコン, where it becomes \
                    the claim: only the staff know which patient is at the counter, so an app \
                    that hands an entry off without their yes, or asks about one entry and hands \
                    off another, writes a claim nobody checked.",
        reference: "厚生労働省保険局 令和5年11月「オンライン資格確認（資格確認限定型）の導入が始まります」\
                    (令和5年11月時点更新): 資格確認限定型における資格情報の確認・閲覧について \
                    (API連携機能); docs/history.md",
        evaluate: hand_off_confirmed,
    }
}

fn hand_off_confirmed(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if hand_offs(run).is_empty() {
        return Verdict::NotApplicable(words::no_hand_off());
    }
    // The open `hand-off` ask (its id and text), and the text of the one the staff said yes to.
    let mut asked: Option<(&str, &str)> = None;
    let mut approved: Option<&str> = None;
    let mut count = 0;
    for step in &run.steps {
        match step {
            Step::Client {
                message:
                    ClientMessage::Confirm {
                        id,
                        topic: ConfirmTopic::HandOff,
                        text,
                    },
                ..
            } => asked = Some((id, text.as_deref().unwrap_or_default())),
            Step::Operator {
                message: HarnessMessage::Confirm { id, yes },
                ..
            } => {
                if let Some((asked_id, text)) = asked {
                    if asked_id == id {
                        approved = yes.then_some(text);
                        asked = None;
                    }
                }
            }
            Step::Http(x) if x.method.eq_ignore_ascii_case("GET") => {
                let Some(id) = past_id(x.path) else { continue };
                match approved.take() {
                    Some(text) if text.contains(id) => count += 1,
                    Some(text) => return Verdict::Fail(words::yes_to_another(x, id, text)),
                    None => return Verdict::Fail(words::without_yes(x, id)),
                }
            }
            _ => {}
        }
    }
    Verdict::Pass(words::all_confirmed(count))
}

/// The elements that say whose confirmation an entry is.
const PATIENT_IDENTITY: [ElementName; 5] = [
    ElementName::InsurerNumber,
    ElementName::InsuredCardSymbol,
    ElementName::InsuredIdentificationNumber,
    ElementName::InsuredBranchNumber,
    ElementName::Birthdate,
];

check! {
    /// `SVC-hand-off-own-entry`: the entry handed off is this patient's, made by this device.
    HandOffOwnEntry {
        id: "SVC-hand-off-own-entry",
        severity: Failed,
        rule: "The entry handed off (GET /v1/confirmations/{id}) is one the 閲覧履歴 listing shows \
               with this device's device_id (the activation's), and its result is this run's \
               patient: its InsurerNumber, InsuredCardSymbol, InsuredIdentificationNumber, \
               InsuredBranchNumber and Birthdate are those of the run's own card check \
               (POST /v1/confirmations) before it.",
        rationale: "閲覧履歴 lists every confirmation of the facility: the patients before this \
                    one and other devices' patients. Handing the wrong entry to the レセコン \
                    bills the visit against another person's insurance; the entry's own \
                    device and patient are the only facts that tell it apart, whatever name the \
                    screen shows.",
        reference: "厚生労働省保険局 令和5年11月「オンライン資格確認（資格確認限定型）の導入が始まります」\
                    (令和5年11月時点更新): 資格確認限定型における資格情報の確認・閲覧について \
                    (API連携機能, 閲覧機能); docs/history.md",
        evaluate: hand_off_own_entry,
    }
}

fn hand_off_own_entry(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let handed = hand_offs(run);
    if handed.is_empty() {
        return Verdict::NotApplicable(words::no_hand_off());
    }
    let device = activated_device(run).map(|(id, _)| id);
    let ids = listed(run);
    for x in &handed {
        let id = past_id(x.path).unwrap_or_default();
        let Some((_, entry)) = ids.get(id) else {
            return Verdict::Fail(words::never_listed(x, id));
        };
        let made_by = entry.get("device_id").and_then(|v| v.as_str());
        if made_by != device.as_deref() {
            return Verdict::Fail(words::other_device(x, id, made_by, device.as_deref()));
        }
        let own = run
            .exchanges()
            .filter(|c| c.n < x.n && c.is("POST", CONFIRMATIONS))
            .filter_map(|c| c.oqs().filter(|o| o.succeeded()).map(|o| (c, o)))
            .last();
        let Some((check, own)) = own else {
            return Verdict::Fail(words::no_own_check(x, id));
        };
        let Some(past) = entry.get("result").map(|r| Oqs::Json(r.clone())) else {
            return Verdict::Fail(words::entry_without_result(x, id));
        };
        for name in PATIENT_IDENTITY {
            let (theirs, ours) = (past.get(name), own.get(name));
            if theirs != ours {
                let (theirs, ours) = (theirs.unwrap_or_default(), ours.unwrap_or_default());
                return Verdict::Fail(words::another_patient(
                    x,
                    id,
                    name.as_str(),
                    (&theirs, &ours),
                    check,
                ));
            }
        }
    }
    Verdict::Pass(words::all_own(handed.len()))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    #[test]
    fn a_hand_off_nobody_listed_or_approved_says_so_in_japanese_too() {
        let eligible = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .http("GET", "/v1/confirmations/C1", 200, 5, None, Some("{}"))
            .result("eligible");
        let text = fail(&HistoryHandOff, &evidence(&tl.events, &eligible));
        assert!(
            text.ja().is_some_and(|ja| ja.contains(
                "閲覧履歴 (GET /v1/confirmations) が返していない資格確認 `C1` を引き継いだ"
            )),
            "{text:?}"
        );
        let text = fail(&HandOffConfirmed, &evidence(&tl.events, &eligible));
        assert!(
            text.ja()
                .is_some_and(|ja| ja.contains("`hand-off` の確認なしに資格確認 `C1` を引き継いだ")),
            "{text:?}"
        );
        let quiet = Tl::new().result("eligible");
        assert_eq!(
            not_applicable(&HandOffOwnEntry, &evidence(&quiet.events, &eligible)).ja(),
            Some("過去の資格確認の引き継ぎがなかった")
        );
    }
}
