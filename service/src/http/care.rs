//! The public routes of the care settings (`docs/care-settings.md`): whether a 災害時
//! designation covers an institution now, and the 災害時 view of a patient without a card. The
//! rules live in `care`; handlers only translate.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use axum::Json;
use mynakit_protocol::service_paths as paths;
// The client protocol's `insurance-card` answer, sent on as it is (`crate::care::names`).
use mynakit_protocol::InsuranceCardData as InsuranceCardQuery;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;

use crate::card_proof::proof::Mode;
use crate::care::emergency::EmergencyScope;
use crate::care::settings::{
    named, names, CareError, ConsentKind, DisasterLookup, NameQuery, Subject,
};
use crate::eligibility::confirm::{self, Query as CheckQuery};
use crate::eligibility::context::EligibilitySettings as _;
use crate::http::problem::{bad, digits, parse_json, ApiError};
use crate::http::proof_request::proof_request;
use crate::http::routes::Routes;
use crate::state::app::AppState;
use mynakit_oqs::codes::{ProcessingResultStatus, ReferenceClassification, SegmentOfResult};

/// The care-setting routes (merged into `api::routes`).
pub(crate) fn public_routes() -> Routes<AppState> {
    Routes::default()
        .add(Method::GET, paths::DISASTER_DESIGNATION, designation)
        .add(Method::POST, paths::DISASTER_VIEWS, disaster_view)
        .add(Method::GET, paths::EMERGENCY_VIEWING, emergency_viewing)
        .add(Method::POST, paths::EMERGENCY_VIEWS, emergency_view)
        .add(Method::POST, paths::CARE_CONSENTS, register_consent)
        .add(Method::POST, paths::CARE_CHECKS, care_check)
        .add(Method::POST, paths::CARE_CONSENT_WITHDRAW, withdraw_consent)
}

/// `GET /v1/disaster-designation` query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DesignationQuery {
    medical_institution_code: String,
}

/// The institution a `?medical_institution_code=` query names, checked (both the 災害時 and the
/// 救急時 questions are asked so).
fn queried_institution(
    query: Result<Query<DesignationQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<String, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadValue {
        field: "(query)".to_owned(),
        detail: e.body_text(),
    })?;
    institution(query.medical_institution_code)
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
    let code = queried_institution(query)?;
    let now = state.clock().now();
    let body = match state.care().designation(&code, now) {
        Some(d) => serde_json::json!({
            "designated": true,
            "from": rfc3339(d.from),
            "to": rfc3339(d.to),
            "lookup": state.settings().disaster_lookup.as_str(),
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
    /// The lookup `insurance-card`.
    #[serde(default)]
    insurance_card: Option<InsuranceCardQuery>,
    /// The lookup `name-birth-date`.
    #[serde(default)]
    patient: Option<NameQuery>,
    consent: bool,
}

/// The 災害時 view: inside a designation covering the institution now, with the patient's
/// consent, the person the request names — their qualification (`ReferenceClassification`
/// 2, 被保険者証情報) and their medical information. Checked in that order: designation, consent,
/// person (found as the setting `disaster_lookup` allows, `docs/disaster.md`).
async fn disaster_view(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let req: DisasterViewRequest = parse_json(&body)?;
    let code = institution(req.medical_institution_code.clone())?;
    let now = state.clock().now();
    if state.care().designation(&code, now).is_none() {
        return Err(CareError::NotDesignated.into());
    }
    if !req.consent {
        return Err(CareError::ConsentRequired.into());
    }
    let lookup = state.settings().disaster_lookup;
    let persona = disaster_patient(&state, lookup, &req)?;
    let qualification = card_less(&state, &persona, code, now);
    let information = state.care().medical_information(&persona.id);
    Ok(Json(serde_json::json!({
        "qualification": qualification,
        "medical_information": information,
    }))
    .into_response())
}

/// Whether the institution may use 救急時医療情報閲覧 now (`docs/emergency.md`):
/// `{"available": true, "from": …, "scope": ["drug", "diagnosis", "checkup"]}` or
/// `{"available": false, "reason": "not-started" | "no-role", "from": …}`.
async fn emergency_viewing(
    State(state): State<AppState>,
    query: Result<Query<DesignationQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let code = queried_institution(query)?;
    let now = state.clock().now();
    let care = state.care();
    let from = rfc3339(care.emergency_from());
    let body = match care.emergency_available(&code, now) {
        Ok(()) => serde_json::json!({
            "available": true,
            "from": from,
            "scope": EmergencyScope::ALL.map(EmergencyScope::as_str),
        }),
        Err(why) => serde_json::json!({
            "available": false,
            "reason": why.as_str(),
            "from": from,
        }),
    };
    Ok(Json(body).into_response())
}

proof_request! {
    /// `POST /v1/emergency-views` body: the card's proof (any mode; 目視確認 for a patient who
    /// cannot answer), the institution, that the patient cannot consent, and what to show.
    struct EmergencyViewRequest {
        ..proof,
        medical_institution_code: String,
        patient_can_consent: bool,
        /// The patient who can consent gave it, by word, to the one asking (マイナ救急: 「救急隊員が
        /// 医療情報を閲覧してよいかお聞きし、傷病者の同意を得た上で」). Added after release,
        /// absent = false; a view with `patient_can_consent` true needs it (`docs/emergency.md`,
        /// "マイナ救急").
        #[serde(default)]
        patient_consented: bool,
        scope: Vec<String>,
    }
}

/// The 救急時医療情報閲覧 view: checked in order — the function has started and the
/// institution holds the role (403 `emergency-not-started`, `no-emergency-role`), the patient
/// cannot consent or gave their consent (else 400 `consent-possible`: the 通常時 rule), the scope is 薬剤・診療・特定健診 only
/// (400 `outside-scope`), the card's proof. Answers the qualification, the items asked for and
/// the journal entry the service recorded (`docs/emergency.md`).
async fn emergency_view(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let mut req: EmergencyViewRequest = parse_json(&body)?;
    let code = institution(std::mem::take(&mut req.medical_institution_code))?;
    let now = state.clock().now();
    state
        .care()
        .emergency_available(&code, now)
        .map_err(CareError::from)?;
    // A patient who can consent is viewed only with the consent they gave (マイナ救急's 口頭同意);
    // without it the 通常時 rule applies.
    if req.patient_can_consent && !req.patient_consented {
        return Err(CareError::ConsentPossible.into());
    }
    let scope = crate::care::emergency::scope_of(&req.scope).map_err(CareError::from)?;
    let proof = req.proof(&state)?;
    // No 限度額 and no 特定疾病: they are released only with the patient's consent, which a
    // patient who cannot consent has not given; the view's scope is the three items. Unless the
    // data says the answer holds what a card check's would (`emergency_full_qualification`,
    // mynakit's model): then the client must leave them out itself.
    let full = state.care().emergency_full_qualification();
    let query = CheckQuery {
        medical_institution_code: Some(code.clone()),
        limit_application_consent: (!full).then_some(false),
        eligibility_only: !full,
        ..CheckQuery::default()
    };
    let (person, checked) = match confirmed_person(&state, &proof, &query)? {
        Confirmed::Person(person, checked) => (person, checked),
        Confirmed::Refused(answer) => return Ok(answer),
    };
    let mut care = state.care();
    let information = care.medical_information(&person);
    let shown: serde_json::Map<String, serde_json::Value> = scope
        .iter()
        .map(|s| {
            let value = s.value(
                &information.drug_information,
                &information.specific_health_checkups_information,
            );
            (s.field().to_owned(), value.into())
        })
        .collect();
    let entry = care.record_emergency_view(&person, &code, now, scope);
    Ok(Json(serde_json::json!({
        "qualification": checked,
        "medical_information": shown,
        "journal": entry,
    }))
    .into_response())
}

proof_request! {
    /// `POST /v1/care-consents` body.
    struct ConsentRequest {
        kind: ConsentKind,
        ..proof,
        medical_institution_code: String,
        consent: bool,
        #[serde(default)]
        medical_information: bool,
    }
}

/// Registers a 居宅 or オンライン診療 consent with the card and its PIN (「マイナンバーカードを
/// 読み取り、PIN認証を行い、医療機関等を指定して、資格確認や薬剤情報等の提供に関する同意を登録する」),
/// answering the eligibility on the day as a card check does. A card the check refuses registers
/// nothing: the answer is that check's failure, without `consent_id`.
async fn register_consent(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let mut req: ConsentRequest = parse_json(&body)?;
    // Taken, not moved: the proof is read from the same request below.
    let code = institution(std::mem::take(&mut req.medical_institution_code))?;
    if req.mode != Mode::Pin {
        return Err(CareError::NeedsPin.into());
    }
    if !req.consent {
        return Err(CareError::ConsentRequired.into());
    }
    let proof = req.proof(&state)?;
    let now = state.clock().now();
    let query = CheckQuery {
        medical_institution_code: Some(code.clone()),
        ..CheckQuery::default()
    };
    let (person, checked) = match confirmed_person(&state, &proof, &query)? {
        Confirmed::Person(person, checked) => (person, checked),
        Confirmed::Refused(answer) => return Ok(answer),
    };
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

/// `POST /v1/care-consents/{id}/withdraw` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WithdrawRequest {
    medical_institution_code: String,
}

/// The patient withdraws a 居宅 or オンライン診療 consent (scenario clock): `{"consent_id",
/// "withdrawn_at"}`; every later check within it is refused (`consent-withdrawn`). The
/// institution the consent names is the one that may pass the patient's word on.
async fn withdraw_consent(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: WithdrawRequest = parse_json(&body)?;
    let code = institution(req.medical_institution_code)?;
    let now = state.clock().now();
    let consent = state.care().withdraw(&id, &code, now)?;
    Ok(Json(serde_json::json!({
        "consent_id": consent.id,
        "kind": consent.kind,
        "withdrawn_at": consent.withdrawn_at.map(rfc3339),
    }))
    .into_response())
}

/// What a card check that must succeed came to.
enum Confirmed {
    /// Whose card it is, and the check's answer.
    Person(String, Box<mynakit_oqs::XmlMsg>),
    /// The check did not succeed: its answer as the response, `{"qualification": …}`.
    Refused(Response),
}

/// The card check of `proof` for `query` (a consent and an emergency view both begin so).
fn confirmed_person(
    state: &AppState,
    proof: &crate::card_proof::proof::Proof,
    query: &CheckQuery,
) -> Result<Confirmed, ApiError> {
    let checked = confirm::confirm(state, proof, query);
    let succeeded = checked
        .message_body
        .as_ref()
        .is_some_and(|b| b.processing_result_status == ProcessingResultStatus::Normal.code())
        && checked.message_header.segment_of_result == SegmentOfResult::Normal.code();
    if !succeeded {
        return Ok(Confirmed::Refused(
            Json(serde_json::json!({ "qualification": checked })).into_response(),
        ));
    }
    let person = proof
        .certificate
        .serial
        .and_then(|serial| state.records().by_serial(serial).map(|(p, _)| p.id.clone()))
        .ok_or_else(|| ApiError::Internal("a confirmed card without a person".to_owned()))?;
    Ok(Confirmed::Person(person, Box::new(checked)))
}

/// The person a 災害時 view names, by the lookup `lookup` allows: exactly one of
/// `insurance_card` and `patient`, the one allowed; a name and birth date must name one person.
///
/// # Errors
///
/// 400 naming the field (neither, both), [`CareError::LookupNotOffered`],
/// [`CareError::NoSuchPatient`], [`CareError::SeveralPatients`].
fn disaster_patient(
    state: &AppState,
    lookup: DisasterLookup,
    req: &DisasterViewRequest,
) -> Result<mynakit_persona::Persona, ApiError> {
    let not_offered = |field| CareError::LookupNotOffered {
        field,
        allowed: lookup.as_str(),
    };
    match (&req.insurance_card, &req.patient) {
        (Some(card), None) if lookup.by_insurance_card() => Ok(person(state, |p| names(card, p))?),
        (Some(_), None) => Err(not_offered("insurance_card").into()),
        (None, Some(query)) if lookup.by_name() => {
            let records = state.records();
            let mut found = records.persons().filter(|p| named(query, p));
            let (first, second) = (found.next().cloned(), found.next().is_some());
            match (first, second) {
                (None, _) => Err(CareError::NoSuchPatient.into()),
                (Some(_), true) => Err(CareError::SeveralPatients.into()),
                (Some(one), false) => Ok(one),
            }
        }
        (None, Some(_)) => Err(not_offered("patient").into()),
        (Some(_), Some(_)) | (None, None) => Err(bad(
            "insurance_card",
            "give insurance_card or patient, one of them (setting disaster_lookup)",
        )),
    }
}

/// The first person `which` picks.
///
/// # Errors
///
/// [`CareError::NoSuchPatient`].
fn person(
    state: &AppState,
    which: impl Fn(&mynakit_persona::Persona) -> bool,
) -> Result<mynakit_persona::Persona, CareError> {
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
    persona: &mynakit_persona::Persona,
    code: String,
    now: time::OffsetDateTime,
) -> mynakit_oqs::XmlMsg {
    let query = CheckQuery {
        medical_institution_code: Some(code),
        ..CheckQuery::default()
    };
    let mut header = confirm::header(&query, now);
    header.reference_classification = ReferenceClassification::InsuranceCard.code().to_owned();
    confirm::qualification(
        state.clock().now(),
        state.settings().answer_rules(),
        persona,
        &query,
        header,
        None,
    )
}

/// The institution a request names: `medical_institution_code`, 10 digits.
///
/// # Errors
///
/// A 400 naming `medical_institution_code`.
fn institution(code: String) -> Result<String, ApiError> {
    Ok(digits("medical_institution_code", Some(code), 10)?.unwrap_or_default())
}
