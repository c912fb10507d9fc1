//! The eligibility routes of the public API: challenges, card checks, the facility's past
//! confirmations, the terms and 保険証利用登録. The rules live in `eligibility` and `card_proof`;
//! handlers only translate: JSON in (via [`parse_json`], so every bad input is a problem+json
//! naming the field), an OQS message out as JSON or, for `Accept: application/xml`, as OQS-shaped
//! XML (`docs/service.md`).

use axum::body::Bytes;
use axum::extract::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine as _;
use mynakit_protocol::service_paths as paths;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

use crate::eligibility::confirm::{self, Query as CheckQuery};
use crate::eligibility::history::Viewer;
use crate::eligibility::registration::{self, Consent};
use crate::http::problem::{bad, digits, parse_json, ApiError};
use crate::http::proof_request::proof_request;
use crate::http::routes::Routes;
use crate::signatures::device_auth::SignedBy;
use crate::state::app::AppState;
use crate::state::config;
use mynakit_oqs::clock::JST;
use mynakit_oqs::to_xml;
use mynakit_oqs::XmlMsg;

/// The response header carrying a confirmation's history id.
pub const CONFIRMATION_ID_HEADER: &str = "x-mynakit-confirmation-id";

/// The header of a confirmation answer that says which kind of token's certificate passed the
/// card check: `card`, `android` or `iphone` (`docs/service.md`, "Smartphone certificates").
/// Absent when the proof itself failed.
pub const TOKEN_HEADER: &str = "x-mynakit-token";

/// The eligibility routes (merged into `api::routes`).
pub(crate) fn public_routes() -> Routes<AppState> {
    Routes::default()
        .add(Method::POST, paths::CHALLENGES, issue_challenge)
        .add(Method::POST, paths::CONFIRMATIONS, confirm)
        .add(Method::GET, paths::CONFIRMATIONS, list_confirmations)
        .add(Method::GET, paths::CONFIRMATION, get_confirmation)
        .add(Method::GET, paths::TERMS, terms)
        .add(Method::POST, paths::REGISTRATIONS, register)
}

/// `POST /v1/challenges` answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct ChallengeResponse {
    /// Id to send back with the proof.
    pub challenge_id: String,
    /// The bytes to sign, standard base64.
    pub challenge: String,
    /// Expiry on the scenario clock, RFC 3339.
    pub expires_at: String,
    /// What the card must compute over `challenge`.
    pub algorithm: String,
}

async fn issue_challenge(State(state): State<AppState>) -> Result<Response, ApiError> {
    let ttl = config::secs(state.settings().challenge_ttl_secs);
    let challenge = state.challenges().issue(state.clock().now(), ttl);
    let body = ChallengeResponse {
        challenge_id: challenge.id,
        challenge: base64::engine::general_purpose::STANDARD.encode(challenge.bytes),
        expires_at: challenge
            .expires_at
            .format(&Rfc3339)
            .map_err(|e| ApiError::Internal(e.to_string()))?,
        algorithm: "RSASSA-PKCS1-v1_5-SHA256".to_owned(),
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

proof_request! {
    /// `POST /v1/confirmations` body.
    struct ConfirmationRequest {
        ..proof,
        #[serde(default)]
        medical_institution_code: Option<String>,
        #[serde(default)]
        arbitrary_file_identifier: Option<String>,
        #[serde(default)]
        qualification_confirmation_date: Option<String>,
        /// Absent and `false` differ when the rules omit the 限度額 consent (`docs/rules.md`).
        #[serde(default)]
        limit_application_consent: Option<bool>,
        /// Ask for the medical information the role allows (here: 特定疾病); a device of the role
        /// 一般利用者 is refused (`docs/viewing.md`).
        #[serde(default)]
        include_medical_information: Option<bool>,
        /// `kenshin`: a 資格確認限定型 check for 特定健診, eligibility data only
        /// (`docs/care-settings.md`); absent or `counter`: the counter's check.
        #[serde(default)]
        purpose: Option<Purpose>,
        /// A 健診 facility's 健診・保健指導機関番号, in place of `medical_institution_code`
        /// (only with `purpose: kenshin`; `docs/kenshin.md`, "Facility identities").
        #[serde(default)]
        checkup_institution_number: Option<String>,
        /// An insurer's オンライン資格確認用コード, in place of `medical_institution_code` (only
        /// with `purpose: kenshin`).
        #[serde(default)]
        insurer_online_code: Option<String>,
    }
}

/// Why a card is checked (`docs/care-settings.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Purpose {
    /// At a medical institution's counter.
    Counter,
    /// 資格確認限定型 at a 特定健診・保健指導機関 (also on a 健診 bus).
    Kenshin,
}

fn parse_ymd(field: &str, value: &str) -> Result<Date, ApiError> {
    let format = time::macros::format_description!("[year][month][day]");
    Date::parse(value, &format).map_err(|_| bad(field, "must be a date as yyyyMMdd"))
}

fn wants_xml(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/xml") || a.contains("text/xml"))
}

/// Answers `msg` as JSON, or as OQS XML when the client accepts XML.
fn respond(headers: &HeaderMap, msg: &XmlMsg) -> Result<Response, ApiError> {
    if wants_xml(headers) {
        let xml = to_xml(msg).map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok((
            [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
            xml,
        )
            .into_response())
    } else {
        // Straight into one buffer that fits a usual answer (`Json` starts at 128 bytes and
        // grows by copying; `docs/performance.md`).
        let mut json = Vec::with_capacity(4096);
        serde_json::to_writer(&mut json, msg).map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
    }
}

/// The facility a request speaks for: the signing device's. A signed request that names another
/// facility is refused (403); an unsigned one (only with `allow_unsigned`) is taken at its word.
///
/// # Errors
///
/// [`ApiError::FacilityMismatch`].
fn facility(
    signed: Option<&SignedBy>,
    claimed: Option<String>,
) -> Result<Option<String>, ApiError> {
    match (signed, claimed) {
        (Some(SignedBy(device)), Some(claimed)) if claimed != device.medical_institution_code => {
            Err(ApiError::FacilityMismatch {
                claimed,
                device: device.medical_institution_code.clone(),
            })
        }
        (Some(SignedBy(device)), _) => Ok(Some(device.medical_institution_code.clone())),
        (None, claimed) => Ok(claimed),
    }
}

/// Who is reading the history: the signing device's facility, or an unsigned caller.
fn viewer(signed: Option<&SignedBy>) -> Viewer<'_> {
    match signed {
        Some(SignedBy(device)) => Viewer::Facility(&device.medical_institution_code),
        None => Viewer::Unsigned,
    }
}

async fn confirm(
    State(state): State<AppState>,
    signed: Option<Extension<SignedBy>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let signed = signed.map(|Extension(s)| s);
    // Fields are taken, not moved, so that the proof can be read from the request after them.
    let mut req: ConfirmationRequest = parse_json(&body)?;
    let (query, general) = confirmation_query(&state.settings(), signed.as_ref(), &mut req)?;
    let proof = req.proof(&state)?;
    let (mut msg, token) = confirm::confirm_token(&state, &proof, &query);
    if general {
        withhold_medical_information(&mut msg);
    }
    // Answered first, so the history can keep the message itself rather than a copy.
    let mut response = respond(&headers, &msg)?;
    let id = state.history().add(
        state.clock().now(),
        query.medical_institution_code,
        signed.map(|SignedBy(device)| device.device_id),
        msg,
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(CONFIRMATION_ID_HEADER, value);
    }
    if let Some(token) = token {
        response
            .headers_mut()
            .insert(TOKEN_HEADER, HeaderValue::from_static(token.as_str()));
    }
    Ok(response)
}

/// What a confirmation request asks, besides its proof (taken from `req`), and whether the
/// signing device is a 一般利用者 one, whose answer carries eligibility only.
///
/// # Errors
///
/// A 400 naming the field, [`ApiError::InsurerCodeNotIntroduced`],
/// [`ApiError::RoleForbidden`] or [`ApiError::FacilityMismatch`], in that order.
fn confirmation_query(
    settings: &config::Settings,
    signed: Option<&SignedBy>,
    req: &mut ConfirmationRequest,
) -> Result<(CheckQuery, bool), ApiError> {
    let kenshin = req.purpose == Some(Purpose::Kenshin);
    let insurer_code = req.insurer_online_code.clone();
    let claimed = settings
        .kenshin_facility_id_format
        .facility(
            kenshin,
            digits(
                "medical_institution_code",
                req.medical_institution_code.take(),
                10,
            )?,
            req.checkup_institution_number.take(),
            req.insurer_online_code.take(),
        )
        .map_err(ApiError::from)?;
    // An insurer's code is one the 支払基金 issued on its 導入届, where the issued ones are known.
    if let (Some(code), Some(introduced)) = (&insurer_code, &settings.introduced_insurer_codes) {
        if !introduced.contains(code) {
            return Err(ApiError::InsurerCodeNotIntroduced);
        }
    }
    // 権限区分 (docs/viewing.md): a 一般利用者 device sees eligibility only.
    let general = signed
        .is_some_and(|SignedBy(device)| device.role == crate::devices::accounts::Role::General);
    if general && req.include_medical_information == Some(true) {
        let device = signed.map(|SignedBy(d)| d.device_id.clone());
        return Err(ApiError::RoleForbidden(device.unwrap_or_default()));
    }
    let query = CheckQuery {
        medical_institution_code: facility(signed, claimed)?,
        arbitrary_file_identifier: req.arbitrary_file_identifier.take(),
        qualification_confirmation_date: req
            .qualification_confirmation_date
            .as_deref()
            .map(|d| parse_ymd("qualification_confirmation_date", d))
            .transpose()?,
        limit_application_consent: req.limit_application_consent,
        eligibility_only: kenshin,
    };
    Ok((query, general))
}

/// Removes what only the role 医療情報閲覧 may see: the 特定疾病 data, which names the
/// patient's disease (`docs/viewing.md`).
fn withhold_medical_information(msg: &mut mynakit_oqs::XmlMsg) {
    let records = msg
        .message_body
        .as_mut()
        .and_then(|b| b.result_list.as_mut())
        .map(|l| l.result_of_qualification_confirmation.iter_mut());
    for record in records.into_iter().flatten() {
        record.specific_diseases_certificate_list = None;
    }
}

/// `GET /v1/confirmations` query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryQuery {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    medical_institution_code: Option<String>,
}

fn day_start(date: Date) -> OffsetDateTime {
    PrimitiveDateTime::new(date, time::Time::MIDNIGHT).assume_offset(JST)
}

async fn list_confirmations(
    State(state): State<AppState>,
    signed: Option<Extension<SignedBy>>,
    query: Result<Query<HistoryQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let signed = signed.map(|Extension(s)| s);
    let Query(query) = query.map_err(|e| ApiError::BadValue {
        field: "(query)".to_owned(),
        detail: e.body_text(),
    })?;
    let from = query
        .from
        .as_deref()
        .map(|d| parse_ymd("from", d))
        .transpose()?
        .map(day_start);
    let to = query
        .to
        .as_deref()
        .map(|d| parse_ymd("to", d))
        .transpose()?
        .and_then(Date::next_day)
        .map(day_start);
    let facility = facility(signed.as_ref(), query.medical_institution_code)?;
    let entries = state
        .history()
        .list(viewer(signed.as_ref()), from, to, facility.as_deref());
    Ok(Json(serde_json::json!({ "confirmations": entries })).into_response())
}

async fn get_confirmation(
    State(state): State<AppState>,
    signed: Option<Extension<SignedBy>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let signed = signed.map(|Extension(s)| s);
    // Another facility's entry is answered like a missing one: its existence is not theirs.
    let entry = state
        .history()
        .get(viewer(signed.as_ref()), &id)
        .ok_or_else(|| ApiError::NotFound(format!("confirmation {id}")))?;
    respond(&headers, &entry.result)
}

async fn terms(State(state): State<AppState>) -> Json<serde_json::Value> {
    let mut settings = crate::state::config::Settings::clone(&state.settings());
    let version = settings.terms_version.clone();
    // A revision published while the patient reads these terms (`terms_revised_to`).
    if let Some(next) = settings.terms_revised_to.take() {
        settings.terms_version = next;
        state.set_settings(settings);
    }
    Json(serde_json::json!({
        "version": version,
        "text": registration::terms_text(&version),
    }))
}

proof_request! {
    /// `POST /v1/registrations` body.
    struct RegistrationRequest {
        ..proof,
        terms_version: String,
        consent: bool,
    }
}

async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: RegistrationRequest = parse_json(&body)?;
    let proof = req.proof(&state)?;
    let consent = Consent {
        terms_version: req.terms_version,
        consent: req.consent,
    };
    respond(&headers, &registration::register(&state, &proof, &consent))
}
