//! The result message in the shape of the OQS result XML (`XmlMsg` → `MessageHeader` +
//! `MessageBody`), used for both the JSON and the XML answers.
//!
//! Element names and their order follow the public parsers of OQS results (`hangilc/myclinic-ts`
//! `packages/onshi-result`, `YUKI-ENT/OQSDrug2`; summarised in `docs/service.md`, "Result
//! shape"). Absent optional elements are omitted, as real clients must cope with.

use mynakit_persona::MedicalTicket;
use serde::{Deserialize, Serialize};

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
    /// `MedicalSubsidyCertificateList`: the 医療費助成 受給者証 PMH feeds (**mynakit's model**,
    /// `docs/subsidies.md`); absent when none comes on the day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_subsidy_certificate_list: Option<MedicalSubsidyCertificateList>,
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
    /// Repeated `MedicalTicketInfo` (医療券 / 調剤券): the persona schema's [`MedicalTicket`]
    /// itself, its names already through the 外字 policy, written and read in the element's
    /// form (`crate::medical_ticket`).
    #[serde(with = "crate::medical_ticket::elements")]
    pub medical_ticket_info: Vec<MedicalTicket>,
}

/// `MedicalSubsidyCertificateList` (**mynakit's model** of the PMH feed: `docs/subsidies.md`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MedicalSubsidyCertificateList {
    /// Repeated `MedicalSubsidyCertificateInfo`, one per 受給者証.
    pub medical_subsidy_certificate_info: Vec<MedicalSubsidyCertificateInfo>,
}

/// `MedicalSubsidyCertificateInfo`: one 医療費助成 受給者証 (**mynakit's model**).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MedicalSubsidyCertificateInfo {
    /// `MedicalSubsidyScheme`: the 制度's code (`crate::subsidy_scheme_code`).
    pub medical_subsidy_scheme: String,
    /// `MedicalSubsidyPayerNumber`: 公費負担者番号, 8 digits.
    pub medical_subsidy_payer_number: String,
    /// `MedicalSubsidyRecipientNumber`: 公費受給者番号.
    pub medical_subsidy_recipient_number: String,
    /// `MedicalSubsidyValidStartDate`, yyyyMMdd.
    pub medical_subsidy_valid_start_date: String,
    /// `MedicalSubsidyValidEndDate`, yyyyMMdd.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_subsidy_valid_end_date: Option<String>,
    /// `MedicalSubsidySelfPayLimit`: 自己負担上限額 (月額), yen.
    pub medical_subsidy_self_pay_limit: String,
    /// `MedicalSubsidyMunicipalityCode`: the issuing 自治体, 5 digits.
    pub medical_subsidy_municipality_code: String,
    /// `MedicalSubsidyJoinDate`: the 自治体's day of joining PMH, yyyyMMdd.
    pub medical_subsidy_join_date: String,
}
