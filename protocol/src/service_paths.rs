//! The mock eligibility service's HTTP paths, once (`docs/service.md`, "API"): the service
//! routes them and the conformance checks recognise a client's requests by them. A client
//! reaches the service at `MYNAKIT_SERVICE_URL` plus these paths.

/// `GET`: the service is up.
pub const HEALTH: &str = "/v1/health";
/// `POST`: a challenge for the card to sign.
pub const CHALLENGES: &str = "/v1/challenges";
/// `POST`: a 資格確認 (card-check) confirmation; `GET`: the confirmations so far.
pub const CONFIRMATIONS: &str = "/v1/confirmations";
/// `GET`: one past confirmation (`/v1/confirmations/{id}`), the route's pattern.
pub const CONFIRMATION: &str = "/v1/confirmations/{id}";
/// `GET`: the terms a registration accepts.
pub const TERMS: &str = "/v1/terms";
/// `POST`: a health-insurance registration (利用登録).
pub const REGISTRATIONS: &str = "/v1/registrations";
/// `POST`: a device activation (`docs/device-setup.md`).
pub const ACTIVATIONS: &str = "/v1/activations";
/// `GET`: the disaster designation in force.
pub const DISASTER_DESIGNATION: &str = "/v1/disaster-designation";
/// `POST`: a disaster-time view of a patient's information.
pub const DISASTER_VIEWS: &str = "/v1/disaster-views";
/// `GET`: whether the institution may use 救急時医療情報閲覧 now (`docs/emergency.md`).
pub const EMERGENCY_VIEWING: &str = "/v1/emergency-viewing";
/// `POST`: a 救急時医療情報閲覧 view of a patient who cannot consent (`docs/emergency.md`).
pub const EMERGENCY_VIEWS: &str = "/v1/emergency-views";
/// `POST`: a care consent (居宅 / オンライン診療).
pub const CARE_CONSENTS: &str = "/v1/care-consents";
/// `POST`: withdrawing a care consent, the route's pattern.
pub const CARE_CONSENT_WITHDRAW: &str = "/v1/care-consents/{id}/withdraw";
/// `POST`: a care check (訪問診療等 / オンライン診療).
pub const CARE_CHECKS: &str = "/v1/care-checks";
/// `GET`: the OpenAPI description of the service.
pub const OPENAPI: &str = "/openapi.json";

/// The path of one past confirmation.
pub fn confirmation(id: &str) -> String {
    format!("{CONFIRMATIONS}/{id}")
}
