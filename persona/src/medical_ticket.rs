//! The 医療券 / 調剤券 of a 医療扶助 (`A1`) record (`docs/personas.md`, "`[insurance]`";
//! the fields in `docs/terminal.md`, "医療券 fields").

use serde::{Deserialize, Serialize};
use time::Date;

/// `MedicalTicketInfo` (医療券 / 調剤券) for 医療扶助, as a persona file writes it: typed, with
/// the two dates keyed `ValidDate` / `ExpirationDate`. It is the one model of the record: the
/// OQS result message carries this type itself (`mynakit_oqs::PublicExpenseResultList`), its
/// names through the 外字 policy, and writes and reads it in the element's form (yyyyMMdd,
/// `MedicalTicketValidDate`, …) in the OQS crate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct MedicalTicket {
    /// `TicketType`: `01` 医療券, `02` 調剤券.
    pub ticket_type: String,
    /// `MedicalTicketValidDate`.
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub valid_date: Date,
    /// `MedicalTicketExpirationDate`.
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub expiration_date: Date,
    /// `IssueNumber` (交付番号).
    pub issue_number: String,
    /// `MedicalTreatmentMonth` (yyyyMM).
    pub medical_treatment_month: String,
    /// `DesignatedMedicalInstitutionCode`: the 指定医療機関 the ticket names (10 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designated_medical_institution_code: Option<String>,
    /// `DesignatedMedicalInstitutionFlag` (指定医療機関確認フラグ): `0` it is the asking institution, `1` it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designated_medical_institution_flag: Option<String>,
    /// `DesignatedMedicalInstitutionName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designated_medical_institution_name: Option<String>,
    /// `PrescriptionIssuerMedicalInstitutionCode` (調剤券: the prescribing institution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prescription_issuer_medical_institution_code: Option<String>,
    /// `PrescriptionIssuerMedicalInstitutionName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prescription_issuer_medical_institution_name: Option<String>,
    /// `InjuryName1` (傷病名).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injury_name1: Option<String>,
    /// `InjuryName2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injury_name2: Option<String>,
    /// `InjuryName3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injury_name3: Option<String>,
    /// `MedicalTreatmentType`: `01` 入院 … `05` 訪問看護.
    pub medical_treatment_type: String,
    /// `SelfPayAmount` (本人支払額), in yen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_pay_amount: Option<u32>,
    /// `DistrictContactName` (地区担当員).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_contact_name: Option<String>,
    /// `HandlingContactName` (取扱担当者).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_contact_name: Option<String>,
    /// `SingleOrCombinedUse` (単独・併用別): `01` 単独, `02` 併用.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_or_combined_use: Option<String>,
    /// `StatusOfSocialInsurance` (社会保険の状況): `01` / `02`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_of_social_insurance: Option<String>,
    /// `ConsistencyFlag`: `"1"` when the ticket and the qualification disagree; absent when
    /// they agree ([`TicketConsistency`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consistency_flag: Option<TicketConsistency>,
    /// `StatusOfInfecton` (sic, the real spelling): 感染症法 37条の2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_of_infecton: Option<String>,
    /// `StatusOfElderlyMedicalCare` (後期高齢者医療).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_of_elderly_medical_care: Option<String>,
    /// `StatusOfPrefecturalExpenses` (都道府県費).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_of_prefectural_expenses: Option<String>,
    /// `Remarks1` (備考).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks1: Option<String>,
    /// `Remarks2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks2: Option<String>,
    /// `Remarks3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks3: Option<String>,
    /// The day the 福祉事務所 registered the ticket in the online system (mynakit's model, not
    /// an OQS element, never in a result): the 福祉事務所 register a month's 医療券 around the
    /// 15th–20th, and until then the record shows 「未委託・未登録」 (QualificationValidity 6,
    /// `docs/service.md`, "The card check"). Absent: registered before the month began.
    #[serde(
        default,
        with = "crate::toml_time::option_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub registered_on: Option<Date>,
}

/// A 医療券 / 調剤券 that disagrees with the qualification: `ConsistencyFlag = "1"`.
///
/// The element's public code list, OQSCD022, has a single code, `1` 不整合あり; nothing in it
/// means "consistent", so a consistent ticket carries no `ConsistencyFlag` at all and a persona
/// leaves the key out (`docs/terminal.md`, "医療券 fields"). Any other value, `"0"` included, is
/// refused where the data is read, naming the code list. The wire code itself is
/// `mynakit_oqs::ConsistencyFlag`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum TicketConsistency {
    /// `1` 不整合あり.
    Inconsistent,
}

/// A `ConsistencyFlag` value outside its code list, OQSCD022 (see [`TicketConsistency`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "ConsistencyFlag {code:?}: its code list (OQSCD022) has only \"1\" (不整合あり); \
     leave ConsistencyFlag out for a ticket that agrees with the qualification"
)]
pub struct NotAConsistencyCode {
    /// The value found.
    pub code: String,
}

impl TryFrom<String> for TicketConsistency {
    type Error = NotAConsistencyCode;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        match value.as_str() {
            "1" => Ok(TicketConsistency::Inconsistent),
            _ => Err(NotAConsistencyCode { code: value }),
        }
    }
}

impl From<TicketConsistency> for String {
    fn from(value: TicketConsistency) -> String {
        match value {
            TicketConsistency::Inconsistent => "1".to_owned(),
        }
    }
}

/// Its one code, as the `TryFrom<String>` above reads it and `From` writes it.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for TicketConsistency {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TicketConsistency".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "enum": ["1"],
            "description": "ConsistencyFlag (OQSCD022): only \"1\" 不整合あり; leave the key out for a ticket that agrees with the qualification."
        })
    }
}

impl MedicalTicket {
    /// A ticket with its core fields only (the fuller 医療券 fields absent), as the terminal's
    /// scenario-stated people give them (`docs/terminal.md`, "Terminal data").
    pub fn basic(
        ticket_type: String,
        (valid_date, expiration_date): (Date, Date),
        issue_number: String,
        medical_treatment_month: String,
        medical_treatment_type: String,
        self_pay_amount: Option<u32>,
    ) -> MedicalTicket {
        MedicalTicket {
            ticket_type,
            valid_date,
            expiration_date,
            issue_number,
            medical_treatment_month,
            designated_medical_institution_code: None,
            designated_medical_institution_flag: None,
            designated_medical_institution_name: None,
            prescription_issuer_medical_institution_code: None,
            prescription_issuer_medical_institution_name: None,
            injury_name1: None,
            injury_name2: None,
            injury_name3: None,
            medical_treatment_type,
            self_pay_amount,
            district_contact_name: None,
            handling_contact_name: None,
            single_or_combined_use: None,
            status_of_social_insurance: None,
            consistency_flag: None,
            status_of_infecton: None,
            status_of_elderly_medical_care: None,
            status_of_prefectural_expenses: None,
            remarks1: None,
            remarks2: None,
            remarks3: None,
            registered_on: None,
        }
    }

    /// Whether the online system shows the ticket on `day`: registered on or before it.
    pub fn registered_by(&self, day: Date) -> bool {
        self.registered_on
            .is_none_or(|registered| registered <= day)
    }
}
