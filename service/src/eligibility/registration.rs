//! 保険証利用登録: linking a card's auth certificate to the person's insurance, with consent to a
//! versioned terms text and a PIN-mode proof.
//!
//! At registration the certificate serial becomes the key to the person's 資格 (マイナポータル
//! terms; `docs/service.md`, "Registration"). Registration needs J-LIS live, so it fails during a
//! J-LIS maintenance window. It takes effect after the configured delay.

use time::OffsetDateTime;

use crate::card_proof::proof::{self, Mode, Proof};
use crate::eligibility::answer::{header, message_failure, Query};
use crate::eligibility::context::{EligibilityContext, EligibilitySettings};
use mynakit_oqs::validity::Validity;
use mynakit_oqs::Outcome;
use mynakit_oqs::{MessageBody, XmlMsg};

/// The terms text of `version` (synthetic).
pub(crate) fn terms_text(version: &str) -> String {
    format!(
        "mynakit 試験用 利用規約 (版 {version})。これは模擬サービスの架空の規約です。\
         登録すると、利用者証明用電子証明書のシリアル番号が健康保険の資格情報に紐付けられます。\
         (Synthetic terms of the mock service: registering links your auth certificate serial to \
         your insurance record.)"
    )
}

/// What the client sent besides the proof.
#[derive(Clone, Debug)]
pub(crate) struct Consent {
    /// The terms version consented to.
    pub terms_version: String,
    /// Whether the patient consented.
    pub consent: bool,
}

fn check(
    state: &impl EligibilityContext,
    proof: &Proof,
    consent: &Consent,
    now: OffsetDateTime,
) -> Result<(), Outcome> {
    if proof.mode != Mode::Pin {
        return Err(Outcome::RegistrationNeedsPin);
    }
    let verified = proof::verify(state, proof, now)?;
    if matches!(verified.validity, Validity::Grace { .. }) {
        // The grace period is for eligibility only.
        return Err(Outcome::CertificateExpired);
    }
    let settings = state.settings();
    if consent.terms_version != settings.terms_version() {
        return Err(Outcome::RegistrationTermsOutdated);
    }
    if !consent.consent {
        return Err(Outcome::RegistrationNoConsent);
    }
    if state.jlis_maintenance(now) {
        return Err(Outcome::JlisMaintenance);
    }
    let mut records = state.records();
    let Some((persona, _)) = verified.serial.and_then(|s| records.by_serial(s)) else {
        return Err(Outcome::CardNotRegistered);
    };
    if records.registration_requested(persona) {
        return Err(Outcome::RegistrationAlready);
    }
    let id = persona.id.clone();
    let delay = settings.registration_delay();
    records.register(&id, now.saturating_add(delay));
    Ok(())
}

/// Runs a registration; the answer is an OQS-shaped message without a result list.
pub(crate) fn register(
    state: &impl EligibilityContext,
    proof: &Proof,
    consent: &Consent,
) -> XmlMsg {
    let now = state.now();
    let header = header(&Query::default(), now);
    match check(state, proof, consent, now) {
        Ok(()) => XmlMsg {
            message_header: header,
            message_body: Some(MessageBody {
                processing_result_status: mynakit_oqs::ProcessingResultStatus::Normal
                    .code()
                    .to_owned(),
                processing_result_code: None,
                processing_result_message: None,
                qualification_validity: None,
                result_list: None,
            }),
        },
        Err(outcome) => message_failure(header, state.settings().outcome_text(outcome)),
    }
}
