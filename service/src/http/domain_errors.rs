//! What a domain's refusal answers: its HTTP status, problem type, title and field
//! (`docs/service.md`, "Result codes", "Devices and accounts", and `docs/care-settings.md`).
//! The domains say what went wrong in their own error enums and know nothing of HTTP;
//! `problem`'s `ApiError` carries those errors and answers them with the parts given here.

use crate::care::settings::CareError;
use crate::devices::activation::ActivationError;
use crate::signatures::content_digest;
use crate::signatures::device_auth::SignatureError;
use crate::signatures::httpsig::{self, HeaderError};

/// `(status, slug, title, field)` of a problem answer.
pub(crate) type Parts = (u16, &'static str, &'static str, &'static str);

/// A device signature refused (`signatures::device_auth`).
pub(crate) fn signature(e: &SignatureError) -> Parts {
    use SignatureError as E;
    let input = httpsig::SIGNATURE_INPUT;
    match e {
        E::Missing(h) => (401, "signature-missing", "request not signed", h),
        E::Header(HeaderError::Malformed { header, .. }) => (
            401,
            "signature-malformed",
            "malformed signature header",
            header,
        ),
        E::Header(HeaderError::NoSignature(_)) => (
            401,
            "signature-malformed",
            "malformed signature header",
            httpsig::SIGNATURE,
        ),
        E::Header(_) => (401, "signature-unsupported", "unsupported signature", input),
        E::NotCovered(_) | E::ComponentAbsent(_) => (
            401,
            "signature-incomplete",
            "signature covers too little",
            input,
        ),
        E::ParamMissing(_) => (
            401,
            "signature-incomplete",
            "signature parameter missing",
            input,
        ),
        E::Algorithm(_) => (401, "signature-unsupported", "unsupported signature", input),
        E::Stale { .. } | E::Expired(_) => (401, "signature-stale", "stale signature", input),
        E::Replayed => (
            401,
            "signature-replayed",
            "signature replayed",
            httpsig::SIGNATURE,
        ),
        E::NonceReused => (401, "signature-replayed", "signature replayed", input),
        E::UnknownKey(_) => (401, "signature-unknown-key", "unknown device key", input),
        E::DeviceInvalidated(_) => (403, "device-invalidated", "device invalidated", input),
        E::FacilityWithdrawn(_) => (
            403,
            "facility-withdrawn",
            "the facility has withdrawn from オンライン資格確認",
            input,
        ),
        E::AlternativeFlowOff(_) => (
            403,
            "alternative-flow-disabled",
            "外来診療等(通常とは異なる動線)機能 is off at this facility",
            input,
        ),
        E::Digest(_) => (
            401,
            "content-digest-invalid",
            "content-digest does not match",
            content_digest::HEADER,
        ),
        E::Invalid(_) => (
            401,
            "signature-invalid",
            "signature does not verify",
            httpsig::SIGNATURE,
        ),
    }
}

/// A device activation or activation-code change refused (`devices`).
pub(crate) fn activation(e: &ActivationError) -> Parts {
    match e {
        ActivationError::CodeUnknown(_) => (
            403,
            "activation-code-unknown",
            "activation code not issued by this facility",
            "activation_code",
        ),
        ActivationError::CodeInvalidated(_) => (
            403,
            "activation-code-invalidated",
            "activation code invalidated",
            "activation_code",
        ),
        ActivationError::CodeUsed(..) => (
            409,
            "activation-code-used",
            "activation code already used",
            "activation_code",
        ),
        ActivationError::CodeNotYetUsable(..) => (
            403,
            "activation-code-not-yet-usable",
            "activation code not usable yet",
            "activation_code",
        ),
        ActivationError::AccountUnknown(..) => {
            (403, "account-unknown", "no such account", "user_id")
        }
        ActivationError::WrongPassword(_) => (403, "wrong-password", "wrong password", "password"),
        ActivationError::AccountNotStarted(..) => (
            403,
            "account-not-started",
            "account not in use yet",
            "user_id",
        ),
        ActivationError::AccountNeverLoggedIn(_) => (
            403,
            "account-never-logged-in",
            "account never logged in to the terminal",
            "user_id",
        ),
        ActivationError::AdminAccount(_) => (
            403,
            "admin-account",
            "管理アカウント is the 資格確認端末's administrator account, not an app account",
            "user_id",
        ),
        ActivationError::AlternativeFlowOff(_) => (
            403,
            "alternative-flow-disabled",
            "外来診療等(通常とは異なる動線)機能 is off at this facility",
            "medical_institution_code",
        ),
        ActivationError::AccountLocked(_) => (403, "account-locked", "account locked", "user_id"),
        ActivationError::FacilityWithdrawn(_) => (
            403,
            "facility-withdrawn",
            "the facility has withdrawn from オンライン資格確認",
            "medical_institution_code",
        ),
        ActivationError::FacilityUsesPortal(_) => (
            403,
            "facility-uses-portal",
            "the facility registers its devices through the portal",
            "activation_code",
        ),
        ActivationError::FacilityUsesTerminal(_) => (
            403,
            "facility-uses-terminal",
            "the facility registers its devices on its 資格確認端末",
            "portal_account",
        ),
        ActivationError::PortalAccountUnknown(..) => (
            403,
            "portal-account-unknown",
            "no such device account",
            "portal_account",
        ),
        ActivationError::PortalUnderReview(_) => (
            403,
            "portal-application-under-review",
            "the device's application is under review",
            "portal_account",
        ),
        ActivationError::PortalRejected(_) => (
            403,
            "portal-application-rejected",
            "the device's application was rejected",
            "portal_account",
        ),
        ActivationError::PortalAccountUsed(..) => (
            409,
            "portal-account-used",
            "device account already registered to a device",
            "portal_account",
        ),
        ActivationError::PortalAccountLocked(_) => {
            (403, "account-locked", "account locked", "portal_account")
        }
        ActivationError::CodeExists(_) => (
            409,
            "activation-code-exists",
            "activation code already exists",
            "code",
        ),
    }
}

/// A care-setting request refused (`care`, `docs/care-settings.md`).
pub(crate) fn care(e: &CareError) -> Parts {
    match e {
        CareError::NotDesignated => (
            403,
            "not-designated",
            "no 災害時 designation covers this institution now",
            "medical_institution_code",
        ),
        CareError::ConsentRequired => (
            400,
            "consent-required",
            "the patient's consent is required",
            "consent",
        ),
        CareError::NoSuchPatient => (
            404,
            "no-such-patient",
            "no person matches",
            "insurance_card",
        ),
        CareError::EligibilityOnly => (
            403,
            "eligibility-only",
            "資格確認限定型: eligibility data only",
            "purpose",
        ),
        CareError::NoConsent => (404, "no-consent", "no consent", "kind"),
        CareError::OutOfScope => (
            403,
            "consent-out-of-scope",
            "the consent names another institution",
            "medical_institution_code",
        ),
        CareError::Withdrawn => (
            403,
            "consent-withdrawn",
            "the consent was withdrawn",
            "kind",
        ),
        CareError::Expired => (403, "consent-expired", "the consent has expired", "kind"),
        CareError::NotThisVisit => (
            403,
            "consent-not-for-this-visit",
            "オンライン診療 needs a consent at each visit",
            "consent_id",
        ),
        CareError::NeedsPin => (400, "pin-required", "a consent needs the PIN", "mode"),
        CareError::LookupNotOffered { field, .. } => (
            400,
            "lookup-not-offered",
            "the 災害時 lookup used is not the one this service offers",
            field,
        ),
        CareError::SeveralPatients => (
            409,
            "several-patients",
            "several persons match the name and birth date",
            "patient",
        ),
        CareError::EmergencyNotStarted => (
            403,
            "emergency-not-started",
            "救急時医療情報閲覧 has not started on this day",
            "medical_institution_code",
        ),
        CareError::NoEmergencyRole => (
            403,
            "no-emergency-role",
            "the institution does not hold the 救急時医療情報閲覧 role",
            "medical_institution_code",
        ),
        CareError::ConsentPossible => (
            400,
            "consent-possible",
            "the patient can consent: view with the card and the patient's consent",
            "patient_can_consent",
        ),
        CareError::OutsideScope { .. } => (
            400,
            "outside-scope",
            "救急時医療情報閲覧 shows 薬剤・診療・特定健診 information only",
            "scope",
        ),
    }
}
