//! The OQS answer of a check: the message header for what the client asked, a whole-message or
//! a person-level failure, and the qualification of a person found (by a card, a consent or a
//! 災害時 lookup), with what the rules and the patient's answers let it carry. It takes the
//! clock's `now` and the rules as values, so the state can seed its history with it.

use mynakit_persona::Persona;
use time::{Date, OffsetDateTime};

use mynakit_oqs::codes::{ProcessingResultStatus, ReferenceClassification, SegmentOfResult};
use mynakit_oqs::dates::{ymd, ymdhms};
use mynakit_oqs::eligibility::{self, RenderOptions};
use mynakit_oqs::CodeText;
use mynakit_oqs::{MessageBody, MessageHeader, ResultList, XmlMsg};

/// What the client asked, besides the proof.
#[derive(Clone, Debug, Default)]
pub struct Query {
    /// `MedicalInstitutionCode` to echo.
    pub medical_institution_code: Option<String>,
    /// `ArbitraryFileIdentifier` to echo.
    pub arbitrary_file_identifier: Option<String>,
    /// The day eligibility is checked for (default: today on the scenario clock).
    pub qualification_confirmation_date: Option<Date>,
    /// The patient's answer about 限度額 information: `Some(true)` consented, `Some(false)`
    /// refused, `None` not asked (the client sent no `limit_application_consent`).
    pub limit_application_consent: Option<bool>,
    /// 資格確認限定型 for a 特定健診・保健指導機関 (`purpose: kenshin`): eligibility data only.
    /// 「受診者の健康・医療情報の閲覧はできません」 (厚生労働省保険局 「特定健診・保健指導に係る
    /// オンライン資格確認（資格確認限定型）の導入等について（周知）」 第1の1), so the answer carries
    /// no 特定疾病 (a disease) and no 限度額 data (`docs/care-settings.md`, "kenshin").
    pub eligibility_only: bool,
}

/// The message header for `query` at `now`.
pub fn header(query: &Query, now: OffsetDateTime) -> MessageHeader {
    MessageHeader {
        process_execution_time: ymdhms(now),
        qualification_confirmation_date: ymd(query
            .qualification_confirmation_date
            .unwrap_or(now.date())),
        medical_institution_code: query.medical_institution_code.clone(),
        arbitrary_file_identifier: query.arbitrary_file_identifier.clone(),
        reference_classification: ReferenceClassification::Card.code().to_owned(),
        segment_of_result: SegmentOfResult::Normal.code().to_owned(),
        error_code: None,
        error_message: None,
        character_code_identifier: mynakit_oqs::UTF8_CHARACTER_CODE.to_owned(),
    }
}

/// A whole-message failure.
pub fn message_failure(mut header: MessageHeader, text: CodeText) -> XmlMsg {
    header.segment_of_result = SegmentOfResult::Failed.code().to_owned();
    header.error_code = Some(text.code);
    header.error_message = Some(text.message);
    XmlMsg {
        message_header: header,
        message_body: None,
    }
}

/// A person-level failure.
pub fn person_failure(header: MessageHeader, text: CodeText) -> XmlMsg {
    XmlMsg {
        message_header: header,
        message_body: Some(MessageBody {
            processing_result_status: ProcessingResultStatus::Error.code().to_owned(),
            processing_result_code: Some(text.code),
            processing_result_message: Some(text.message),
            qualification_validity: None,
            result_list: None,
        }),
    }
}

/// Whether the 限度額 block is released for the patient's answer under `rules`: with consent
/// always; without an answer only when the rule set omits the consent (`2025-05-21`: the
/// マイナ資格確認アプリ omits it, as the face reader's screens do). Under those rules the
/// release is recorded as `LimitApplicationCertificateRelatedConsFlg` 1 with the check's time —
/// how the real service flags a release without a consent screen is not public, so this is
/// mynakit's reading (`docs/rules.md`). An explicit refusal is always honoured.
pub fn limit_released(answer: Option<bool>, rules: mynakit_protocol::RuleSet) -> bool {
    match answer {
        Some(given) => given,
        None => !rules.limit_consent_asked(),
    }
}

/// What of the settings shapes a qualification answer: how non-JIS characters in names are
/// written, and the rules in force.
#[derive(Clone, Copy, Debug)]
pub struct AnswerRules {
    /// How non-JIS characters are written.
    pub non_jis: mynakit_oqs::NonJisMode,
    /// The rules in force.
    pub rules: mynakit_protocol::RuleSet,
}

/// The answer for a person found (by a card, a consent or a 災害時 lookup): their qualification
/// on the day, 限度額 data as the rules and the patient's answer allow, eligibility data only
/// for a 資格確認限定型 check, and an optional warning.
pub fn qualification(
    now: OffsetDateTime,
    settings: AnswerRules,
    persona: &Persona,
    query: &Query,
    header: MessageHeader,
    warning: Option<CodeText>,
) -> XmlMsg {
    let day = query.qualification_confirmation_date.unwrap_or(now.date());
    let options = RenderOptions {
        non_jis: settings.non_jis,
        limit_consent: limit_released(query.limit_application_consent, settings.rules)
            .then_some(now),
        day: Some(day),
    };
    let mut record = eligibility::record(persona, options);
    if query.eligibility_only {
        if let Some(r) = record.as_mut() {
            strip_to_eligibility(r);
        }
    }
    XmlMsg {
        message_header: header,
        message_body: Some(MessageBody {
            processing_result_status: ProcessingResultStatus::Normal.code().to_owned(),
            processing_result_code: warning.as_ref().map(|w| w.code.clone()),
            processing_result_message: warning.map(|w| w.message),
            qualification_validity: Some(
                eligibility::qualification_validity(persona.insurance.as_ref(), day)
                    .code()
                    .to_owned(),
            ),
            result_list: record.map(|r| ResultList {
                result_of_qualification_confirmation: vec![r],
            }),
        }),
    }
}

/// What a 資格確認限定型 answer for 特定健診 leaves out: 特定疾病 data names a disease, and the
/// 限度額 and 医療費助成 data are about paying for treatment, which a 健診 does not give. Whether the real
/// service also withholds 限度額 there is not public: mynakit's reading (`docs/care-settings.md`).
pub fn strip_to_eligibility(record: &mut mynakit_oqs::ResultOfQualificationConfirmation) {
    record.specific_diseases_certificate_list = None;
    record.medical_subsidy_certificate_list = None;
    record.limit_application_certificate_related_info = None;
    record.limit_application_certificate_related_cons_flg = None;
    record.limit_application_certificate_related_cons_time = None;
}
