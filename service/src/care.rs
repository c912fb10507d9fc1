//! Care settings beyond the counter (`docs/care-settings.md`): the 災害時 designation of
//! institutions and periods, and the medical information (薬剤情報・特定健診等情報) viewed under
//! it. The data comes with the service data (`care`), is switched on the scenario clock, and
//! is rebuilt on reset.
//!
//! 厚生労働省保険局の説明資料「オンライン資格確認（マイナンバーカードの保険証利用）の概要」, slide
//! 「メリット：災害時における薬剤情報・特定健診等情報の閲覧」: in a disaster, 保険局 sets the
//! range of institutions and the period by the disaster's scale, and there 薬剤情報・特定健診等情報
//! can be viewed through the 資格確認端末 without identity confirmation by card — with the
//! patient's consent (「患者の同意は必要です」).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use mynakit_fixtures::Persona;

/// The care-setting data of the service (`care` in the service data).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareData {
    /// 災害時 designations: institutions and a period each (scenario clock).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disaster_designations: Vec<Designation>,
    /// The medical information viewed for a person (person id → entries). A person without an
    /// entry gets a synthetic one ([`MedicalInformation::synthetic`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub medical_information: BTreeMap<String, MedicalInformation>,
}

/// One 災害時 designation: which institutions, from when, until when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Designation {
    /// 医療機関コード (10 digits) of the designated institutions. The seed says 保険局 sets the
    /// 範囲 (range) of institutions; how it is expressed (a list, a prefecture) is not public:
    /// a list of codes is mynakit's reading.
    pub institutions: Vec<String>,
    /// Start (RFC 3339, scenario clock).
    #[serde(with = "time::serde::rfc3339")]
    pub from: OffsetDateTime,
    /// End, exclusive (RFC 3339, scenario clock).
    #[serde(with = "time::serde::rfc3339")]
    pub to: OffsetDateTime,
}

impl Designation {
    /// Whether it covers `facility` at `now`.
    pub fn covers(&self, facility: &str, now: OffsetDateTime) -> bool {
        self.from <= now && now < self.to && self.institutions.iter().any(|i| i == facility)
    }
}

/// What a view of medical information shows (synthetic; the real 薬剤情報 / 特定健診情報 formats
/// are files of their own, `YZKsiquc01` / `TKKsiquc01`, not modelled).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MedicalInformation {
    /// 薬剤情報, one line.
    #[serde(rename = "DrugInformation")]
    pub drug_information: String,
    /// 特定健診等情報, one line.
    #[serde(rename = "SpecificHealthCheckupsInformation")]
    pub specific_health_checkups_information: String,
}

impl MedicalInformation {
    /// The synthetic entry of a person without one in the data.
    pub fn synthetic() -> MedicalInformation {
        MedicalInformation {
            drug_information: "テストロール錠5mg 1日1回 朝食後 28日分（試験薬局）".to_owned(),
            specific_health_checkups_information:
                "特定健診 受診あり 血圧128/82 HbA1c 5.6%（試験データ）".to_owned(),
        }
    }

    /// The field names a client shows this under (`docs/care-settings.md`).
    pub const FIELDS: [&'static str; 2] = ["DrugInformation", "SpecificHealthCheckupsInformation"];
}

/// The care-setting state of one service instance.
#[derive(Clone, Debug, Default)]
pub struct Care {
    data: CareData,
}

impl Care {
    /// The state of `data`, as at start or after a reset.
    pub fn new(data: CareData) -> Care {
        Care { data }
    }

    /// The designation covering `facility` at `now`, if any.
    pub fn designation(&self, facility: &str, now: OffsetDateTime) -> Option<&Designation> {
        self.data
            .disaster_designations
            .iter()
            .find(|d| d.covers(facility, now))
    }

    /// The medical information of `person`.
    pub fn medical_information(&self, person: &str) -> MedicalInformation {
        self.data
            .medical_information
            .get(person)
            .cloned()
            .unwrap_or_else(MedicalInformation::synthetic)
    }
}

/// An insurance card's data as told at the counter, named like the `OQSsiquc01` request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsuranceCardQuery {
    /// 保険者番号 (6 or 8 digits; a 6-digit number may be padded with spaces or not).
    #[serde(rename = "InsurerNumber")]
    pub insurer_number: String,
    /// 記号 (may be empty).
    #[serde(rename = "InsuredCardSymbol", default)]
    pub insured_card_symbol: String,
    /// 番号.
    #[serde(rename = "InsuredIdentificationNumber")]
    pub insured_identification_number: String,
    /// 枝番 (may be empty).
    #[serde(rename = "InsuredBranchNumber", default)]
    pub insured_branch_number: String,
    /// 生年月日, `yyyyMMdd`.
    #[serde(rename = "Birthdate")]
    pub birthdate: String,
}

impl InsuranceCardQuery {
    /// Whether `persona` is the person this data names: insurer, symbol, number, branch (when
    /// given) and birth date all agree.
    pub fn matches(&self, persona: &Persona) -> bool {
        let Some(insurance) = &persona.insurance else {
            return false;
        };
        let birth = mynakit_oqs::dates::ymd(persona.identity.birth_date);
        insurance.insurer_number.trim() == self.insurer_number.trim()
            && insurance
                .insured_card_symbol
                .as_deref()
                .unwrap_or("")
                .trim()
                == self.insured_card_symbol.trim()
            && insurance.insured_identification_number.trim()
                == self.insured_identification_number.trim()
            && (self.insured_branch_number.trim().is_empty()
                || insurance
                    .insured_branch_number
                    .as_deref()
                    .unwrap_or("")
                    .trim()
                    == self.insured_branch_number.trim())
            && birth == self.birthdate
    }
}

/// Why a care-setting request is refused (problem+json, `docs/care-settings.md`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CareError {
    /// No 災害時 designation covers the institution now.
    #[error("the institution is not designated for 災害時 viewing at this time")]
    NotDesignated,
    /// The patient's consent was not given (`consent` is not `true`).
    #[error("consent: the patient's consent to view is required")]
    ConsentRequired,
    /// Nobody matches the data given.
    #[error("no person matches the insurance data given")]
    NoSuchPatient,
    /// A 資格確認限定型 (特定健診) check cannot open medical information.
    #[error("a 資格確認限定型 check carries eligibility data only")]
    EligibilityOnly,
}

impl CareError {
    /// `(status, slug, title, field)` of its problem answer.
    pub fn problem(&self) -> (u16, &'static str, &'static str, &'static str) {
        match self {
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
        }
    }
}
