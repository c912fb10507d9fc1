//! The result message in the shape of the OQS result XML (`XmlMsg` → `MessageHeader` +
//! `MessageBody`), used for both the JSON and the XML answers.
//!
//! Element names and their order follow the public parsers of OQS results (`hangilc/myclinic-ts`
//! `packages/onshi-result`, `YUKI-ENT/OQSDrug2`; summarised in `docs/service.md`, "Result
//! shape"). Absent optional elements are omitted, as real clients must cope with.

use mynakit_persona::MedicalTicket;
use serde::{Deserialize, Serialize};

use crate::codes::ConsistencyFlag;
use crate::dates::ymd;
use crate::jis::{self, NonJisMode};

/// `XmlMsg`: one result message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct XmlMsg {
    /// `MessageHeader`.
    pub message_header: MessageHeader,
    /// `MessageBody`; absent when the whole message failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_body: Option<MessageBody>,
}

/// `MessageHeader`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MessageHeader {
    /// `ProcessExecutionTime`, yyyyMMddHHmmss (JST, scenario clock).
    pub process_execution_time: String,
    /// `QualificationConfirmationDate`, yyyyMMdd.
    pub qualification_confirmation_date: String,
    /// `MedicalInstitutionCode`, 10 digits, echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_institution_code: Option<String>,
    /// `ArbitraryFileIdentifier`, echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arbitrary_file_identifier: Option<String>,
    /// `ReferenceClassification`: `1` card.
    pub reference_classification: String,
    /// `SegmentOfResult`: `1` normal, `9` failed.
    pub segment_of_result: String,
    /// `ErrorCode` (whole message failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// `ErrorMessage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// `CharacterCodeIdentifier`: `0` UTF-8.
    pub character_code_identifier: String,
}

/// `MessageBody`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MessageBody {
    /// `ProcessingResultStatus`: `1` normal, `2` error.
    pub processing_result_status: String,
    /// `ProcessingResultCode` (error, or warning on success).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_result_code: Option<String>,
    /// `ProcessingResultMessage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_result_message: Option<String>,
    /// `QualificationValidity` (OQSCD006).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification_validity: Option<String>,
    /// `ResultList`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_list: Option<ResultList>,
}

/// `ResultList`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResultList {
    /// Repeated `ResultOfQualificationConfirmation`.
    pub result_of_qualification_confirmation: Vec<ResultOfQualificationConfirmation>,
}

/// `ResultOfQualificationConfirmation`: one eligibility record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResultOfQualificationConfirmation {
    /// `InsuredCardClassification` (OQSCD010); `A1` = 医療扶助.
    pub insured_card_classification: String,
    /// `InsurerNumber` (医療扶助: 公費負担者番号).
    pub insurer_number: String,
    /// `InsuredCardSymbol`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_card_symbol: Option<String>,
    /// `InsuredIdentificationNumber` (医療扶助: 受給者番号).
    pub insured_identification_number: String,
    /// `InsuredBranchNumber`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_branch_number: Option<String>,
    /// `PersonalFamilyClassification`: `1` 本人, `2` 家族.
    pub personal_family_classification: String,
    /// `InsuredName`: the insured person (被保険者) when not the patient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_name: Option<String>,
    /// `Name`.
    pub name: String,
    /// `NameKana`, half-width katakana.
    pub name_kana: String,
    /// `NameOfOther`: the 裏面記載情報 name (an alias), when registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_of_other: Option<String>,
    /// `NameOfOtherKana`, half-width katakana.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_of_other_kana: Option<String>,
    /// `Sex1`: `1` 男, `2` 女, `3` 未設定.
    pub sex1: String,
    /// `Sex2`: the 裏面記載情報 sex, when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex2: Option<String>,
    /// `Birthdate`, yyyyMMdd.
    pub birthdate: String,
    /// `Address`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// `PostNumber`, `123-4567`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_number: Option<String>,
    /// `QualificationDate`, yyyyMMdd.
    pub qualification_date: String,
    /// `DisqualificationDate`, yyyyMMdd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disqualification_date: Option<String>,
    /// `InsuredCertificateIssuanceDate` (被保険者証 交付年月日), yyyyMMdd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_certificate_issuance_date: Option<String>,
    /// `InsuredCardValidDate` (its first valid day), yyyyMMdd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_card_valid_date: Option<String>,
    /// `InsuredCardExpirationDate` (its last valid day), yyyyMMdd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_card_expiration_date: Option<String>,
    /// `InsuredPartialContributionRatio`, 3 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_partial_contribution_ratio: Option<String>,
    /// `PreschoolClassification`: `1` 未就学.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preschool_classification: Option<String>,
    /// `ReasonOfLoss` (OQSCD008).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_of_loss: Option<String>,
    /// `InsurerName` (医療扶助: 福祉事務所名).
    pub insurer_name: String,
    /// `ElderlyRecipientCertificateInfo` (高齢受給者).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elderly_recipient_certificate_info: Option<ElderlyRecipientCertificateInfo>,
    /// `LimitApplicationCertificateRelatedConsFlg` (OQSCD001).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_application_certificate_related_cons_flg: Option<String>,
    /// `LimitApplicationCertificateRelatedConsTime`, yyyyMMddHHmmss.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_application_certificate_related_cons_time: Option<String>,
    /// `LimitApplicationCertificateRelatedInfo` (限度額; only with consent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_application_certificate_related_info: Option<LimitApplicationCertificateRelatedInfo>,
    /// `SpecificDiseasesCertificateList` (特定疾病).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specific_diseases_certificate_list: Option<SpecificDiseasesCertificateList>,
    /// `PublicExpenseResultList` (医療扶助 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_expense_result_list: Option<PublicExpenseResultList>,
}

/// `ElderlyRecipientCertificateInfo`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ElderlyRecipientCertificateInfo {
    /// `ElderlyRecipientCertificateDate`.
    pub elderly_recipient_certificate_date: String,
    /// `ElderlyRecipientValidStartDate`.
    pub elderly_recipient_valid_start_date: String,
    /// `ElderlyRecipientValidEndDate`.
    pub elderly_recipient_valid_end_date: String,
    /// `ElderlyRecipientContributionRatio`.
    pub elderly_recipient_contribution_ratio: String,
}

/// `LimitApplicationCertificateRelatedInfo`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LimitApplicationCertificateRelatedInfo {
    /// `LimitApplicationCertificateClassification` (OQSCD011).
    pub limit_application_certificate_classification: String,
    /// `LimitApplicationCertificateClassificationFlag` (OQSCD012, 適用区分).
    pub limit_application_certificate_classification_flag: String,
    /// `LimitApplicationCertificateDate`.
    pub limit_application_certificate_date: String,
    /// `LimitApplicationCertificateValidStartDate`.
    pub limit_application_certificate_valid_start_date: String,
    /// `LimitApplicationCertificateValidEndDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_application_certificate_valid_end_date: Option<String>,
    /// `LimitApplicationCertificateLongTermDate` (長期入院該当年月日).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_application_certificate_long_term_date: Option<String>,
}

/// `SpecificDiseasesCertificateList`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SpecificDiseasesCertificateList {
    /// Repeated `SpecificDiseasesCertificateInfo`.
    pub specific_diseases_certificate_info: Vec<SpecificDiseasesCertificateInfo>,
}

/// `SpecificDiseasesCertificateInfo` (特定疾病療養受療証).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SpecificDiseasesCertificateInfo {
    /// `SpecificDiseasesDiseaseCategory` (OQSCD013).
    pub specific_diseases_disease_category: String,
    /// `SpecificDiseasesCertificateDate`.
    pub specific_diseases_certificate_date: String,
    /// `SpecificDiseasesValidStartDate`.
    pub specific_diseases_valid_start_date: String,
    /// `SpecificDiseasesValidEndDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specific_diseases_valid_end_date: Option<String>,
    /// `SpecificDiseasesSelfPay`, yen per month.
    pub specific_diseases_self_pay: String,
}

/// `PublicExpenseResultList`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublicExpenseResultList {
    /// Repeated `MedicalTicketInfo`.
    pub medical_ticket_info: Vec<MedicalTicketInfo>,
}

/// `MedicalTicketInfo` (医療券 / 調剤券), its 26 children in the order `YUKI-ENT/OQSDrug2`
/// imports and re-emits them and a public field list names them (`docs/terminal.md`,
/// "医療券 fields"). Built from a persona's [`MedicalTicket`] by one conversion (below).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MedicalTicketInfo {
    /// `TicketType`: `01` 医療券, `02` 調剤券.
    pub ticket_type: String,
    /// `MedicalTicketValidDate`.
    pub medical_ticket_valid_date: String,
    /// `MedicalTicketExpirationDate`.
    pub medical_ticket_expiration_date: String,
    /// `IssueNumber`.
    pub issue_number: String,
    /// `MedicalTreatmentMonth`, yyyyMM.
    pub medical_treatment_month: String,
    /// `DesignatedMedicalInstitutionCode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designated_medical_institution_code: Option<String>,
    /// `DesignatedMedicalInstitutionFlag`: `0` match, `1` mismatch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designated_medical_institution_flag: Option<String>,
    /// `DesignatedMedicalInstitutionName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designated_medical_institution_name: Option<String>,
    /// `PrescriptionIssuerMedicalInstitutionCode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prescription_issuer_medical_institution_code: Option<String>,
    /// `PrescriptionIssuerMedicalInstitutionName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prescription_issuer_medical_institution_name: Option<String>,
    /// `InjuryName1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injury_name1: Option<String>,
    /// `InjuryName2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injury_name2: Option<String>,
    /// `InjuryName3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injury_name3: Option<String>,
    /// `MedicalTreatmentType`.
    pub medical_treatment_type: String,
    /// `SelfPayAmount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_pay_amount: Option<String>,
    /// `DistrictContactName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_contact_name: Option<String>,
    /// `HandlingContactName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_contact_name: Option<String>,
    /// `SingleOrCombinedUse`: `01` 単独, `02` 併用.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_or_combined_use: Option<String>,
    /// `StatusOfSocialInsurance`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_of_social_insurance: Option<String>,
    /// `ConsistencyFlag` (OQSCD022, [`crate::ConsistencyFlag`]): `1` inconsistent; absent when
    /// the ticket agrees with the qualification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consistency_flag: Option<String>,
    /// `StatusOfInfecton` (sic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_of_infecton: Option<String>,
    /// `StatusOfElderlyMedicalCare`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_of_elderly_medical_care: Option<String>,
    /// `StatusOfPrefecturalExpenses`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_of_prefectural_expenses: Option<String>,
    /// `Remarks1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks1: Option<String>,
    /// `Remarks2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks2: Option<String>,
    /// `Remarks3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks3: Option<String>,
}

/// The one conversion between a persona's 医療券 ([`MedicalTicket`], the schema in
/// `mynakit-persona`, `docs/personas.md`) and this element: dates as yyyyMMdd, the amount in
/// digits, the consistency flag as its OQSCD022 code, and every name through the
/// service's 外字 handling ([`NonJisMode`]). The two types stay separate because they are
/// two forms of one record: the schema is typed and keyed as persona files write it (`ValidDate`,
/// a TOML date), the element is the wire text OQS results carry (`MedicalTicketValidDate`,
/// `20250401`); the test `every_ticket_field_reaches_the_element` keeps their fields in step.
impl MedicalTicketInfo {
    pub(crate) fn of(t: &MedicalTicket, non_jis: NonJisMode) -> MedicalTicketInfo {
        let text = |s: &str| jis::apply(s, non_jis);
        MedicalTicketInfo {
            ticket_type: t.ticket_type.clone(),
            medical_ticket_valid_date: ymd(t.valid_date),
            medical_ticket_expiration_date: ymd(t.expiration_date),
            issue_number: t.issue_number.clone(),
            medical_treatment_month: t.medical_treatment_month.clone(),
            designated_medical_institution_code: t.designated_medical_institution_code.clone(),
            designated_medical_institution_flag: t.designated_medical_institution_flag.clone(),
            designated_medical_institution_name: t
                .designated_medical_institution_name
                .as_deref()
                .map(text),
            prescription_issuer_medical_institution_code: t
                .prescription_issuer_medical_institution_code
                .clone(),
            prescription_issuer_medical_institution_name: t
                .prescription_issuer_medical_institution_name
                .as_deref()
                .map(text),
            injury_name1: t.injury_name1.as_deref().map(text),
            injury_name2: t.injury_name2.as_deref().map(text),
            injury_name3: t.injury_name3.as_deref().map(text),
            medical_treatment_type: t.medical_treatment_type.clone(),
            self_pay_amount: t.self_pay_amount.map(|a| a.to_string()),
            district_contact_name: t.district_contact_name.as_deref().map(text),
            handling_contact_name: t.handling_contact_name.as_deref().map(text),
            single_or_combined_use: t.single_or_combined_use.clone(),
            status_of_social_insurance: t.status_of_social_insurance.clone(),
            consistency_flag: ConsistencyFlag::of(t.consistency_flag).map(|c| c.code().to_owned()),
            status_of_infecton: t.status_of_infecton.clone(),
            status_of_elderly_medical_care: t.status_of_elderly_medical_care.clone(),
            status_of_prefectural_expenses: t.status_of_prefectural_expenses.clone(),
            remarks1: t.remarks1.as_deref().map(text),
            remarks2: t.remarks2.as_deref().map(text),
            remarks3: t.remarks3.as_deref().map(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mynakit_persona::TicketConsistency;
    use time::macros::date;

    /// A ticket with every field set, so a field added to one form and not the other shows.
    fn full_ticket() -> MedicalTicket {
        let mut t = MedicalTicket::basic(
            "01".to_owned(),
            (date!(2026 - 11 - 01), date!(2026 - 11 - 30)),
            "1234567".to_owned(),
            "202611".to_owned(),
            "02".to_owned(),
            Some(1000),
        );
        let some = |s: &str| Some(s.to_owned());
        t.designated_medical_institution_code = some("1312345678");
        t.designated_medical_institution_flag = some("0");
        t.designated_medical_institution_name = some("架空クリニック");
        t.prescription_issuer_medical_institution_code = some("1312345679");
        t.prescription_issuer_medical_institution_name = some("架空病院");
        t.injury_name1 = some("感冒");
        t.injury_name2 = some("頭痛");
        t.injury_name3 = some("腰痛");
        t.district_contact_name = some("地区　担当");
        t.handling_contact_name = some("取扱　担当");
        t.single_or_combined_use = some("01");
        t.status_of_social_insurance = some("01");
        t.consistency_flag = Some(TicketConsistency::Inconsistent);
        t.status_of_infecton = some("1");
        t.status_of_elderly_medical_care = some("1");
        t.status_of_prefectural_expenses = some("1");
        t.remarks1 = some("備考一");
        t.remarks2 = some("備考二");
        t.remarks3 = some("備考三");
        t
    }

    fn keys(value: &serde_json::Value) -> Vec<String> {
        let mut keys: Vec<String> = value
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    /// The schema and the element are two forms of one record: every field of one has its
    /// counterpart in the other (the element prefixes the two dates with `MedicalTicket`).
    #[test]
    fn every_ticket_field_reaches_the_element() {
        let ticket = full_ticket();
        let schema = serde_json::to_value(&ticket).expect("schema json");
        let info = MedicalTicketInfo::of(&ticket, NonJisMode::PassThrough);
        let element = serde_json::to_value(&info).expect("element json");
        let mut renamed: Vec<String> = keys(&schema)
            .into_iter()
            .map(|k| match k.as_str() {
                "ValidDate" | "ExpirationDate" => format!("MedicalTicket{k}"),
                _ => k,
            })
            .collect();
        renamed.sort();
        assert_eq!(renamed, keys(&element));
        assert_eq!(renamed.len(), 26, "the 26 children of MedicalTicketInfo");
        assert_eq!(info.medical_ticket_valid_date, "20261101");
        assert_eq!(info.medical_ticket_expiration_date, "20261130");
        assert_eq!(info.self_pay_amount.as_deref(), Some("1000"));
        assert_eq!(info.consistency_flag.as_deref(), Some("1"));
        assert_eq!(info.remarks3.as_deref(), Some("備考三"));
    }
}
