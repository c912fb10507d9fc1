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

use crate::api::digits;
use crate::care::{CareError, InsuranceCardQuery};
use crate::confirm::{self, Query as CheckQuery};
use crate::problem::{parse_json, ApiError};
use crate::routes::Routes;
use crate::state::AppState;
use mynakit_oqs::codes::ReferenceClassification;

/// The care-setting routes.
pub(crate) fn public_routes() -> Routes<AppState> {
    Routes::default()
        .add(Method::GET, "/v1/disaster-designation", designation)
        .add(Method::POST, "/v1/disaster-views", disaster_view)
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
    let code = digits(
        "medical_institution_code",
        Some(query.medical_institution_code),
        10,
    )?
    .unwrap_or_default();
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
    let code = digits(
        "medical_institution_code",
        Some(req.medical_institution_code),
        10,
    )?
    .unwrap_or_default();
    let now = state.clock().now();
    if state.care().designation(&code, now).is_none() {
        return Err(CareError::NotDesignated.into());
    }
    if !req.consent {
        return Err(CareError::ConsentRequired.into());
    }
    let persona = state
        .records()
        .persons()
        .find(|p| req.insurance_card.matches(p))
        .cloned()
        .ok_or(CareError::NoSuchPatient)?;
    let query = CheckQuery {
        medical_institution_code: Some(code),
        ..CheckQuery::default()
    };
    let mut header = confirm::header(&query, now);
    header.reference_classification = ReferenceClassification::InsuranceCard.code().to_owned();
    let qualification = confirm::qualification(&state, &persona, &query, header, None);
    let information = state.care().medical_information(&persona.id);
    Ok(Json(serde_json::json!({
        "qualification": qualification,
        "medical_information": information,
    }))
    .into_response())
}
