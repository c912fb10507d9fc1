//! From an OQS result to what the screen shows: the outcome and the fields.
//!
//! The rules, in the order they are applied (`docs/client-protocol.md`, "Outcomes";
//! `docs/service.md`, "Result codes"):
//!
//! 1. `SegmentOfResult` other than `1` (`9`: the whole message failed): the header's `ErrorCode`
//!    decides. A refused certificate (unknown CA, not yet valid, expired past the grace period,
//!    revoked, unsupported, a signature that does not verify) is the card's problem:
//!    `card-error`. Anything else (challenge, J-LIS maintenance, registration refusals) is
//!    `service-error`.
//! 2. `ProcessingResultStatus` `2`: the person could not be confirmed. Not registered for
//!    insurance use (`MOCK-E201`) is `not-registered`; anything else (a renewed card not yet
//!    re-linked) is `ineligible`.
//! 3. Otherwise `QualificationValidity`: `1` is `eligible` — or `medical-assistance` for a
//!    医療扶助 record (`InsuredCardClassification` `A1`, also with `6` 有効（未登録）); `2`, `3`,
//!    `4`, `5` are `ineligible`. Anything else is not trusted: `service-error`.
//!
//! A service that could not be used at all (no answer, a certificate error, a refused device) is
//! `service-error` too ([`service_error`]).
//!
//! The fields are the screen's, named like the OQS elements, values exactly as received, and
//! only those the screen shows. 限度額 data is shown only when the patient consented, whatever
//! the answer carries.

use mynakit_oqs::ElementName;
use std::collections::BTreeMap;

use mynakit_oqs::codes::{
    ProcessingResultStatus, QualificationValidity as Validity, SegmentOfResult,
    MEDICAL_ASSISTANCE_CARD,
};
use mynakit_oqs::Outcome as ResultOutcome;
use mynakit_protocol::Outcome;

use crate::defects::{Defect, Defects};
use crate::oqs::OqsMessage;
use crate::screen::Screen;
use crate::service::HttpFailure;

/// The code of a card not registered for insurance use (保険証利用登録). The real list
/// (別紙6-1) is not public; the documented synthetic codes (`docs/service.md`, "Result codes")
/// are its stand-in.
fn not_registered(code: &str) -> bool {
    ResultOutcome::of_default_code(code) == Some(ResultOutcome::CardNotRegistered)
}

/// Whether `code` is that of a refused certificate or card signature: the card must be renewed
/// or checked, so the outcome is `card-error` (`docs/service.md`, "Result codes").
fn card_refused(code: &str) -> bool {
    ResultOutcome::of_default_code(code).is_some_and(ResultOutcome::card_refused)
}

/// What the screen shows of a valid qualification (besides `QualificationValidity`), with the
/// 高齢受給者証 and 特定疾病 data ([`copy_qualification`]).
const ELIGIBLE_FIELDS: &[ElementName] = &[
    ElementName::InsuredCardClassification,
    ElementName::InsurerNumber,
    ElementName::InsurerName,
    ElementName::InsuredCardSymbol,
    ElementName::InsuredIdentificationNumber,
    ElementName::InsuredBranchNumber,
    ElementName::PersonalFamilyClassification,
    ElementName::Name,
    ElementName::NameKana,
    ElementName::Sex1,
    ElementName::Birthdate,
    ElementName::Address,
    ElementName::QualificationDate,
    ElementName::InsuredPartialContributionRatio,
    ElementName::PreschoolClassification,
    ElementName::LimitApplicationCertificateRelatedConsFlg,
    ElementName::ReferenceNumber,
];

/// Screen E-05-A (医療扶助): 証区分, 公費負担者番号, 福祉事務所名, 受給者番号, 氏名, 氏名カナ,
/// 生年月日, 性別.
const MEDICAL_ASSISTANCE_FIELDS: &[ElementName] = &[
    ElementName::InsuredCardClassification,
    ElementName::InsurerNumber,
    ElementName::InsurerName,
    ElementName::InsuredIdentificationNumber,
    ElementName::Name,
    ElementName::NameKana,
    ElementName::Birthdate,
    ElementName::Sex1,
];

/// What the screen shows when there is no valid qualification.
const INELIGIBLE_FIELDS: &[ElementName] =
    &[ElementName::DisqualificationDate, ElementName::ReasonOfLoss];

/// What the result's `outcome` is and what is shown with it.
///
/// `limit_consent` is whether the patient consented to 限度額 data.
pub(crate) fn screen_of(msg: &OqsMessage, limit_consent: bool, defects: &Defects) -> Screen {
    if !normal_segment(msg) {
        if defects.has(Defect::ResultFileIsSuccess) {
            return Screen::outcome(Outcome::Eligible, "資格が確認できました");
        }
        let mut screen = message_failure(msg);
        if defects.has(Defect::HideErrorCode) {
            screen.fields.remove(ElementName::ErrorCode.as_str());
        }
        return screen;
    }
    let Some(body) = &msg.body else {
        return Screen::outcome(Outcome::ServiceError, "照会結果に本文がありません");
    };
    let status = body
        .get(ElementName::ProcessingResultStatus.as_str())
        .map(String::as_str);
    let code = body
        .get(ElementName::ProcessingResultCode.as_str())
        .cloned();
    let message = body
        .get(ElementName::ProcessingResultMessage.as_str())
        .cloned();
    match status.and_then(ProcessingResultStatus::from_code) {
        Some(ProcessingResultStatus::Error) => return person_failure(code, message),
        Some(ProcessingResultStatus::Normal) => {}
        None => {
            return Screen::outcome(
                Outcome::ServiceError,
                format!("照会結果を解釈できません (ProcessingResultStatus {status:?})"),
            )
        }
    }
    let empty = BTreeMap::new();
    let record = msg.record().unwrap_or(&empty);
    let validity = body
        .get(ElementName::QualificationValidity.as_str())
        .map(String::as_str);
    let assistance = record
        .get(ElementName::InsuredCardClassification.as_str())
        .map(String::as_str)
        == Some(MEDICAL_ASSISTANCE_CARD);
    let not_valid = |v: Validity| v.lost_or_none() || v == Validity::Several;
    let mut screen = match (validity.and_then(Validity::from_code), assistance) {
        (Some(v), true) if v.covered() => {
            let mut screen = Screen::outcome(
                Outcome::MedicalAssistance,
                "医療扶助の資格を確認しました（医療券・調剤券の内容を確認してください）",
            );
            copy(&mut screen, record, MEDICAL_ASSISTANCE_FIELDS);
            if !defects.has(Defect::DropBackOfCard) {
                copy(&mut screen, record, &ElementName::BACK_OF_CARD);
            }
            if defects.has(Defect::DropMedicalAssistanceFields) {
                for name in [
                    ElementName::InsurerName.as_str(),
                    ElementName::NameKana.as_str(),
                    ElementName::Sex1.as_str(),
                ] {
                    screen.fields.remove(name);
                }
            }
            screen
        }
        // A 医療扶助 record that was lost: not valid, but screen E-05-A still shows who the
        // recipient is and which 福祉事務所, until a new qualification is acquired (「受給資格の
        // 喪失後、新しい資格を取得するまでの間を含む」, MHLW 事務連絡 2025-04-15).
        (Some(v), true) if not_valid(v) && !defects.has(Defect::ShowLostAsValid) => {
            let mut screen = Screen::outcome(Outcome::Ineligible, ineligible_text(v));
            copy(&mut screen, record, INELIGIBLE_FIELDS);
            if !defects.has(Defect::DropBackOfCard) {
                copy(&mut screen, record, MEDICAL_ASSISTANCE_FIELDS);
                copy(&mut screen, record, &ElementName::BACK_OF_CARD);
            }
            screen
        }
        (Some(Validity::Valid), false) => {
            let mut screen = eligible(record, limit_consent);
            if defects.has(Defect::HideMedicalInformation) {
                screen
                    .fields
                    .retain(|name, _| !name.starts_with("SpecificDiseases"));
            }
            screen
        }
        (Some(v), _) if not_valid(v) && defects.has(Defect::ShowLostAsValid) => {
            eligible(record, limit_consent)
        }
        (Some(v), _) if not_valid(v) => {
            let mut screen = Screen::outcome(Outcome::Ineligible, ineligible_text(v));
            copy(&mut screen, record, INELIGIBLE_FIELDS);
            // The defect claims the visit from the patient's old insurance, as a レセコン that
            // keeps it in its patient master does: the old record is at hand.
            if defects.has(Defect::ClaimFileAfterLoss) {
                copy_qualification(&mut screen, record);
            }
            screen
        }
        _ => Screen::outcome(
            Outcome::ServiceError,
            format!("照会結果を解釈できません (QualificationValidity {validity:?})"),
        ),
    };
    if let Some(v) = validity {
        screen = screen.with_field(ElementName::QualificationValidity.as_str(), v);
    }
    // The 医療費助成 entries the answer carries (none when the patient declined them at the
    // face reader): the claim takes them (`claim_file`), the screen does not show them.
    screen.subsidies = msg.subsidies.clone();
    for name in [
        ElementName::PrescriptionIssueSelect.as_str(),
        ElementName::ReferenceNumber.as_str(),
    ] {
        if let Some(value) = body.get(name).filter(|v| !v.is_empty()) {
            screen = screen.with_field(name, value.as_str());
        }
    }
    misread(&mut screen, defects);
    // A warning on a normal result (e.g. the certificate expires within 3 months) is shown
    // with the result, code and text.
    if let Some(code) = code.filter(|_| !defects.has(Defect::HideWarning)) {
        screen = screen.with_field(ElementName::ProcessingResultCode.as_str(), code);
        if let Some(message) = message {
            screen.text = Some(format!("{}（{message}）", screen.text.unwrap_or_default()));
        }
    }
    screen
}

fn eligible(record: &BTreeMap<String, String>, limit_consent: bool) -> Screen {
    let mut screen = Screen::outcome(Outcome::Eligible, "資格が確認できました");
    copy_qualification(&mut screen, record);
    // 限度額 data and the time of the consent: shown only with the patient's consent.
    if limit_consent {
        copy(
            &mut screen,
            record,
            &[ElementName::LimitApplicationCertificateRelatedConsTime],
        );
        copy(&mut screen, record, ElementName::LIMIT_APPLICATION_DATA);
    }
    screen
}

/// The display defects that drop or change what the answer said (`docs/reference-client.md`,
/// "Defects"); nothing without them.
fn misread(screen: &mut Screen, defects: &Defects) {
    let fields = &mut screen.fields;
    if defects.has(Defect::DropLossDate) {
        fields.remove(ElementName::DisqualificationDate.as_str());
        fields.remove(ElementName::ReasonOfLoss.as_str());
    }
    if defects.has(Defect::SwapSexCode) {
        if let Some(sex) = fields.get_mut(ElementName::Sex1.as_str()) {
            *sex = match sex.as_str() {
                "1" => "2".to_owned(),
                "2" => "1".to_owned(),
                other => other.to_owned(),
            };
        }
    }
    if defects.has(Defect::DropLimitClass) {
        fields.remove(ElementName::LimitApplicationCertificateClassificationFlag.as_str());
    }
    if defects.has(Defect::DropElderlyCertificate) {
        fields.retain(|name, _| {
            !ElementName::ELDERLY_RECIPIENT_DATA
                .iter()
                .any(|e| e.is(name))
        });
    }
}

fn ineligible_text(validity: Validity) -> &'static str {
    match validity {
        Validity::Invalid => {
            "資格が無効です（資格喪失）。保険証・資格確認書をお持ちか確認してください"
        }
        Validity::NewerExists => "この資格は無効です。新しい資格があります",
        Validity::Several => "複数の資格が該当しました。保険証の情報を確認してください",
        _ => "該当する資格がありません",
    }
}

/// Whether the header says the whole message was processed (`SegmentOfResult` 1).
pub(crate) fn normal_segment(msg: &OqsMessage) -> bool {
    msg.header(ElementName::SegmentOfResult.as_str())
        .and_then(SegmentOfResult::from_code)
        == Some(SegmentOfResult::Normal)
}

/// What the screen shows of a qualification: [`ELIGIBLE_FIELDS`], the 高齢受給者証 data
/// (`ElementName::ELDERLY_RECIPIENT_DATA`) and the 特定疾病 data
/// (`ElementName::SPECIFIC_DISEASE_DATA`).
fn copy_qualification(screen: &mut Screen, record: &BTreeMap<String, String>) {
    copy(screen, record, ELIGIBLE_FIELDS);
    copy(screen, record, &ElementName::ELDERLY_RECIPIENT_DATA);
    copy(screen, record, &ElementName::SPECIFIC_DISEASE_DATA);
}

fn copy(screen: &mut Screen, record: &BTreeMap<String, String>, names: &[ElementName]) {
    for name in names.iter().map(|n| n.as_str()) {
        if let Some(value) = record.get(name).filter(|v| !v.is_empty()) {
            screen.fields.insert(name.to_owned(), value.clone());
        }
    }
}

/// `SegmentOfResult` 9: the header's error decides card or service.
fn message_failure(msg: &OqsMessage) -> Screen {
    let code = msg
        .header(ElementName::ErrorCode.as_str())
        .unwrap_or_default();
    let message = msg
        .header(ElementName::ErrorMessage.as_str())
        .unwrap_or("照会できませんでした");
    let outcome = if card_refused(code) {
        Outcome::CardError
    } else {
        Outcome::ServiceError
    };
    let screen = Screen::outcome(outcome, message);
    if code.is_empty() {
        screen
    } else {
        screen.with_field(ElementName::ErrorCode.as_str(), code)
    }
}

/// `ProcessingResultStatus` 2: the person could not be confirmed.
fn person_failure(code: Option<String>, message: Option<String>) -> Screen {
    let (outcome, default_text) = if code.as_deref().is_some_and(not_registered) {
        (
            Outcome::NotRegistered,
            "このカードは保険証として利用登録されていません",
        )
    } else {
        (Outcome::Ineligible, "資格を確認できませんでした")
    };
    let screen = Screen::outcome(outcome, message.unwrap_or_else(|| default_text.to_owned()));
    match code {
        Some(code) => screen.with_field(ElementName::ProcessingResultCode.as_str(), code),
        None => screen,
    }
}

/// The answer to `POST /v1/registrations`: `registered`, or why not.
pub(crate) fn registration_of(msg: &OqsMessage) -> Screen {
    if !normal_segment(msg) {
        return message_failure(msg);
    }
    match msg
        .body(ElementName::ProcessingResultStatus.as_str())
        .and_then(ProcessingResultStatus::from_code)
    {
        Some(ProcessingResultStatus::Normal) => {
            Screen::outcome(Outcome::Registered, "保険証利用登録が完了しました")
        }
        _ => person_failure(
            msg.body(ElementName::ProcessingResultCode.as_str())
                .map(str::to_owned),
            msg.body(ElementName::ProcessingResultMessage.as_str())
                .map(str::to_owned),
        ),
    }
}

/// The answer to a 照会番号 registration (`OQSsiimm01res`): `None` when the number was
/// registered (`ProcessingResultStatus` 1), else the screen of the refusal, with its
/// `ProcessingResultCode` (`docs/client-protocol.md`, "照会番号 registration").
pub(crate) fn reference_refusal(msg: &OqsMessage) -> Option<Screen> {
    if !normal_segment(msg) {
        return Some(message_failure(msg));
    }
    match msg
        .body(ElementName::ProcessingResultStatus.as_str())
        .and_then(ProcessingResultStatus::from_code)
    {
        Some(ProcessingResultStatus::Normal) => None,
        _ => {
            let mut screen = person_failure(
                msg.body(ElementName::ProcessingResultCode.as_str())
                    .map(str::to_owned),
                msg.body(ElementName::ProcessingResultMessage.as_str())
                    .map(str::to_owned),
            );
            screen.text = Some(format!(
                "照会番号を登録できませんでした: {}",
                screen.text.as_deref().unwrap_or_default()
            ));
            Some(screen)
        }
    }
}

/// The screen for a service that could not be used.
pub(crate) fn service_error(failure: &HttpFailure) -> Screen {
    let text = match (failure, failure.problem()) {
        (HttpFailure::Tls(_), _) => "照会先のサーバーを確認できませんでした（証明書エラー）",
        // The device itself was refused (無効化する, the facility switch, the facility's
        // withdrawal): trying again later cannot help; the staff go to the administrator
        // (docs/device-setup.md).
        (
            _,
            Some(
                problem @ ("device-invalidated"
                | "alternative-flow-disabled"
                | "facility-withdrawn"),
            ),
        ) => crate::device::refusal_text(Some(problem)),
        _ => "資格情報を照会できませんでした。しばらくしてからやり直してください",
    };
    Screen::outcome(
        Outcome::ServiceError,
        format!("{text} ({})", failure.describe()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(header: &[(&str, &str)], body: &[(&str, &str)], record: &[(&str, &str)]) -> OqsMessage {
        let map = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<BTreeMap<_, _>>()
        };
        OqsMessage {
            header: map(header),
            header_deep: map(header),
            body: (!body.is_empty()).then(|| map(body)),
            records: vec![map(record)],
            subsidies: Vec::new(),
        }
    }

    #[test]
    fn outcomes() {
        let ok = [("SegmentOfResult", "1")];
        let none = Defects::none();
        let lost = msg(
            &ok,
            &[
                ("ProcessingResultStatus", "1"),
                ("QualificationValidity", "2"),
            ],
            &[("DisqualificationDate", "20261001"), ("Name", "試験　次郎")],
        );
        let screen = screen_of(&lost, false, &none);
        assert_eq!(screen.outcome, Some(Outcome::Ineligible));
        assert_eq!(screen.fields["DisqualificationDate"], "20261001");
        assert!(!screen.fields.contains_key("Name"));
        let defect = Defects::none().with(Defect::ShowLostAsValid);
        assert_eq!(
            screen_of(&lost, false, &defect).outcome,
            Some(Outcome::Eligible)
        );
        let expired = msg(
            &[("SegmentOfResult", "9"), ("ErrorCode", "MOCK-E113")],
            &[],
            &[],
        );
        assert_eq!(
            screen_of(&expired, false, &none).outcome,
            Some(Outcome::CardError)
        );
        let maintenance = msg(
            &[("SegmentOfResult", "9"), ("ErrorCode", "MOCK-E301")],
            &[],
            &[],
        );
        let screen = screen_of(&maintenance, false, &none);
        assert_eq!(screen.outcome, Some(Outcome::ServiceError));
        assert_eq!(screen.fields["ErrorCode"], "MOCK-E301");
        let unregistered = msg(
            &ok,
            &[
                ("ProcessingResultStatus", "2"),
                ("ProcessingResultCode", "MOCK-E201"),
            ],
            &[],
        );
        assert_eq!(
            screen_of(&unregistered, false, &none).outcome,
            Some(Outcome::NotRegistered)
        );
    }

    #[test]
    fn limit_data_needs_consent() {
        let m = msg(
            &[("SegmentOfResult", "1")],
            &[
                ("ProcessingResultStatus", "1"),
                ("QualificationValidity", "1"),
            ],
            &[
                ("LimitApplicationCertificateRelatedConsFlg", "1"),
                ("LimitApplicationCertificateClassificationFlag", "A03"),
            ],
        );
        let none = Defects::none();
        assert!(!screen_of(&m, false, &none)
            .fields
            .contains_key("LimitApplicationCertificateClassificationFlag"));
        assert_eq!(
            screen_of(&m, true, &none).fields["LimitApplicationCertificateClassificationFlag"],
            "A03"
        );
    }
}
