//! The public routes of the care settings (`docs/care-settings.md`): whether a 災害時
//! designation covers an institution now, and the 災害時 view of a patient without a card. The
//! rules live in `care`; handlers only translate.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;

use crate::api::{bad, digits};
use crate::care::{names, CareError, ConsentKind, InsuranceCardQuery, Subject};
use crate::confirm::{self, Query as CheckQuery};
use crate::problem::{parse_json, ApiError};
use crate::proof::Mode;
use crate::routes::Routes;
use crate::state::AppState;
use mynakit_oqs::codes::{ProcessingResultStatus, ReferenceClassification, SegmentOfResult};

/// The care-setting routes.
pub(crate) fn public_routes() -> Routes<AppState> {
    Routes::default()
        .add(Method::GET, "/v1/disaster-designation", designation)
        .add(Method::POST, "/v1/disaster-views", disaster_view)
        .add(Method::POST, "/v1/care-consents", register_consent)
        .add(Method::POST, "/v1/care-checks", care_check)
}

/// `GET /v1/disaster-designation` query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DesignationQuery {
    medical_institution_code: String,
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// Whether a designation covers the institution now (scenario clock): `{"designated": true,
/// "from": …, "to": …}` or `{"designated": false}`.
async fn designation(
    State(state): State<AppState>,
    query: Result<Query<DesignationQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadValue {
        field: "(query)".to_owned(),
        detail: e.body_text(),
    })?;
    let code = institution(query.medical_institution_code)?;
    let now = state.clock().now();
    let body = match state.care().designation(&code, now) {
        Some(d) => serde_json::json!({
            "designated": true,
            "from": rfc3339(d.from),
            "to": rfc3339(d.to),
        }),
        None => serde_json::json!({ "designated": false }),
    };
    Ok(Json(body).into_response())
}

/// `POST /v1/disaster-views` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DisasterViewRequest {
    medical_institution_code: String,
    insurance_card: InsuranceCardQuery,
    consent: bool,
}

/// The 災害時 view: inside a designation covering the institution now, with the patient's
/// consent, the person the insurance data names — their qualification (`ReferenceClassification`
/// 2, 被保険者証情報) and their medical information. Checked in that order: designation, consent,
/// person.
async fn disaster_view(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let req: DisasterViewRequest = parse_json(&body)?;
    let code = institution(req.medical_institution_code)?;
    let now = state.clock().now();
    if state.care().designation(&code, now).is_none() {
        return Err(CareError::NotDesignated.into());
    }
    if !req.consent {
        return Err(CareError::ConsentRequired.into());
    }
    let persona = person(&state, |p| names(&req.insurance_card, p))?;
    let qualification = card_less(&state, &persona, code, now);
    let information = state.care().medical_information(&persona.id);
    Ok(Json(serde_json::json!({
        "qualification": qualification,
        "medical_information": information,
    }))
    .into_response())
}

/// `POST /v1/care-consents` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentRequest {
    kind: ConsentKind,
    mode: Mode,
    certificate: String,
    #[serde(default)]
    signature: Option<String>,
    #[serde(default)]
    challenge_id: Option<String>,
    medical_institution_code: String,
    consent: bool,
    #[serde(default)]
    medical_information: bool,
}

/// Registers a 居宅 or オンライン診療 consent with the card and its PIN (「マイナンバーカードを
/// 読み取り、PIN認証を行い、医療機関等を指定して、資格確認や薬剤情報等の提供に関する同意を登録する」),
/// answering the eligibility on the day as a card check does. A card the check refuses registers
/// nothing: the answer is that check's failure, without `consent_id`.
async fn register_consent(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: ConsentRequest = parse_json(&body)?;
    let code = institution(req.medical_institution_code)?;
    if req.mode != Mode::Pin {
        return Err(CareError::NeedsPin.into());
    }
    if !req.consent {
        return Err(CareError::ConsentRequired.into());
    }
    let proof = crate::api::proof(
        req.mode,
        &req.certificate,
        req.signature.as_deref(),
        req.challenge_id,
    )?;
    let now = state.clock().now();
    let query = CheckQuery {
        medical_institution_code: Some(code.clone()),
        ..CheckQuery::default()
    };
    let checked = confirm::confirm(&state, &proof, &query);
    let succeeded = checked
        .message_body
        .as_ref()
        .is_some_and(|b| b.processing_result_status == ProcessingResultStatus::Normal.code())
        && checked.message_header.segment_of_result == SegmentOfResult::Normal.code();
    if !succeeded {
        return Ok(Json(serde_json::json!({ "qualification": checked })).into_response());
    }
    let person = proof
        .certificate
        .serial
        .and_then(|serial| state.records().by_serial(serial).map(|(p, _)| p.id.clone()))
        .ok_or_else(|| ApiError::Internal("a confirmed card without a person".to_owned()))?;
    let consent = state
        .care()
        .register(req.kind, &person, &code, now, req.medical_information);
    Ok(Json(serde_json::json!({
        "consent_id": consent.id,
        "qualification": checked,
    }))
    .into_response())
}

/// `POST /v1/care-checks` body: `consent_id` or `insurance_card`, one of them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CareCheckRequest {
    kind: ConsentKind,
    medical_institution_code: String,
    #[serde(default)]
    consent_id: Option<String>,
    #[serde(default)]
    insurance_card: Option<InsuranceCardQuery>,
}

/// The card-less check within a consent: 居宅's later visits (「２回目以降は…医療機関等で資格の
/// 有効性確認を行う」) and the institution's side of an オンライン診療 visit. Answers the
/// qualification (`ReferenceClassification` 2) and, when the consent covers it, the medical
/// information.
async fn care_check(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let req: CareCheckRequest = parse_json(&body)?;
    let code = institution(req.medical_institution_code)?;
    let now = state.clock().now();
    let person_id = match (&req.consent_id, &req.insurance_card) {
        (Some(_), Some(_)) | (None, None) => {
            return Err(bad(
                "consent_id",
                "give consent_id or insurance_card, one of them",
            ))
        }
        (None, Some(card)) => Some(person(&state, |p| names(card, p))?.id),
        (Some(_), None) => None,
    };
    let subject = match (&req.consent_id, &person_id) {
        (Some(id), _) => Subject::Consent(id),
        (None, Some(p)) => Subject::Person(p),
        (None, None) => return Err(bad("consent_id", "missing")),
    };
    let consent = state.care().check(req.kind, &code, subject, now)?;
    let persona = person(&state, |p| p.id == consent.person)?;
    let qualification = card_less(&state, &persona, code, now);
    let mut answer = serde_json::json!({
        "consent_id": consent.id,
        "qualification": qualification,
    });
    if consent.medical_information {
        answer["medical_information"] =
            serde_json::to_value(state.care().medical_information(&persona.id))
                .map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    Ok(Json(answer).into_response())
}

/// The first person `which` picks.
///
/// # Errors
///
/// [`CareError::NoSuchPatient`].
fn person(
    state: &AppState,
    which: impl Fn(&mynakit_fixtures::Persona) -> bool,
) -> Result<mynakit_fixtures::Persona, CareError> {
    state
        .records()
        .persons()
        .find(|p| which(p))
        .cloned()
        .ok_or(CareError::NoSuchPatient)
}

/// The qualification of `persona` for a check made without the card (a 災害時 view, a check
/// within a consent): `ReferenceClassification` 2, 被保険者証情報, for institution `code`.
fn card_less(
    state: &AppState,
    persona: &mynakit_fixtures::Persona,
    code: String,
    now: time::OffsetDateTime,
) -> mynakit_oqs::XmlMsg {
    let query = CheckQuery {
        medical_institution_code: Some(code),
        ..CheckQuery::default()
    };
    let mut header = confirm::header(&query, now);
    header.reference_classification = ReferenceClassification::InsuranceCard.code().to_owned();
    confirm::qualification(state, persona, &query, header, None)
}

/// The institution a request names: `medical_institution_code`, 10 digits.
///
/// # Errors
///
/// A 400 naming `medical_institution_code`.
fn institution(code: String) -> Result<String, ApiError> {
    Ok(digits("medical_institution_code", Some(code), 10)?.unwrap_or_default())
}
