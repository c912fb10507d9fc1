//! The names a client may use for the fields it shows: the OQS result element names
//! (`docs/service.md`, "Result shape"; `docs/terminal.md`), so that an expectation written
//! against one client reads the same against any other. A scenario naming a field outside this
//! list is a typo until proven otherwise.
use mynakit_oqs::ElementName;

/// Every field name a scenario's `expect` may use, in result order.
pub const OQS_FIELDS: &[ElementName] = &[
    // MessageHeader / MessageBody
    ElementName::ProcessExecutionTime,
    ElementName::QualificationConfirmationDate,
    ElementName::MedicalInstitutionCode,
    ElementName::ArbitraryFileIdentifier,
    ElementName::ReferenceClassification,
    ElementName::SegmentOfResult,
    ElementName::ErrorCode,
    ElementName::ErrorMessage,
    ElementName::CharacterCodeIdentifier,
    ElementName::ProcessingResultStatus,
    ElementName::ProcessingResultCode,
    ElementName::ProcessingResultMessage,
    ElementName::QualificationValidity,
    // ResultOfQualificationConfirmation
    ElementName::InsuredCardClassification,
    ElementName::InsurerNumber,
    ElementName::InsuredCardSymbol,
    ElementName::InsuredIdentificationNumber,
    ElementName::InsuredBranchNumber,
    ElementName::PersonalFamilyClassification,
    ElementName::Name,
    ElementName::NameKana,
    ElementName::NameOfOther,
    ElementName::NameOfOtherKana,
    ElementName::Sex1,
    ElementName::Sex2,
    ElementName::Birthdate,
    ElementName::Address,
    ElementName::QualificationDate,
    ElementName::DisqualificationDate,
    ElementName::InsuredPartialContributionRatio,
    ElementName::ReasonOfLoss,
    ElementName::InsurerName,
    ElementName::ElderlyRecipientCertificateDate,
    ElementName::ElderlyRecipientValidStartDate,
    ElementName::ElderlyRecipientValidEndDate,
    ElementName::ElderlyRecipientContributionRatio,
    ElementName::LimitApplicationCertificateRelatedConsFlg,
    ElementName::LimitApplicationCertificateRelatedConsTime,
    ElementName::LimitApplicationCertificateClassification,
    ElementName::LimitApplicationCertificateClassificationFlag,
    ElementName::LimitApplicationCertificateDate,
    ElementName::LimitApplicationCertificateValidStartDate,
    ElementName::LimitApplicationCertificateValidEndDate,
    ElementName::LimitApplicationCertificateLongTermDate,
    ElementName::SpecificDiseasesDiseaseCategory,
    ElementName::SpecificDiseasesCertificateDate,
    ElementName::SpecificDiseasesValidStartDate,
    ElementName::SpecificDiseasesValidEndDate,
    ElementName::SpecificDiseasesSelfPay,
    // PublicExpenseResultList / MedicalTicketInfo (医療扶助)
    ElementName::TicketType,
    ElementName::MedicalTicketValidDate,
    ElementName::MedicalTicketExpirationDate,
    ElementName::IssueNumber,
    ElementName::MedicalTreatmentMonth,
    ElementName::MedicalTreatmentType,
    ElementName::SelfPayAmount,
    // Terminal results
    ElementName::ReferenceNumber,
    ElementName::ReceptionNumber,
    ElementName::PrescriptionIssueSelect,
    // The fuller record and 医療券 fields (docs/terminal.md, "医療券 fields")
    ElementName::InsuredName,
    ElementName::PostNumber,
    ElementName::InsuredCertificateIssuanceDate,
    ElementName::InsuredCardValidDate,
    ElementName::InsuredCardExpirationDate,
    ElementName::PreschoolClassification,
    ElementName::DesignatedMedicalInstitutionCode,
    ElementName::DesignatedMedicalInstitutionFlag,
    ElementName::DesignatedMedicalInstitutionName,
    ElementName::PrescriptionIssuerMedicalInstitutionCode,
    ElementName::PrescriptionIssuerMedicalInstitutionName,
    ElementName::InjuryName1,
    ElementName::InjuryName2,
    ElementName::InjuryName3,
    ElementName::DistrictContactName,
    ElementName::HandlingContactName,
    ElementName::SingleOrCombinedUse,
    ElementName::StatusOfSocialInsurance,
    ElementName::ConsistencyFlag,
    ElementName::StatusOfInfecton,
    ElementName::StatusOfElderlyMedicalCare,
    ElementName::StatusOfPrefecturalExpenses,
    ElementName::Remarks1,
    ElementName::Remarks2,
    ElementName::Remarks3,
    // 薬剤情報 / 特定健診情報 results (docs/terminal.md, "薬剤情報 and 特定健診情報")
    ElementName::ResultCode,
    ElementName::MessageContents,
    ElementName::FileCategory,
];

/// Whether `name` is an OQS field name.
pub fn is_oqs_field(name: &str) -> bool {
    OQS_FIELDS.iter().any(|f| f.is(name)) || CARE_FIELDS.contains(&name)
}

/// The fields of a 災害時 or 救急時 view's medical information (`docs/care-settings.md`,
/// `docs/emergency.md`): mynakit's names, not OQS elements (薬剤情報, 診療情報 and 特定健診情報
/// travel as files of their own).
pub const CARE_FIELDS: [&str; 3] = [
    "DrugInformation",
    "SpecificHealthCheckupsInformation",
    "DiagnosisInformation",
];

/// The closest known name, for "did you mean" hints (same name ignoring case, or a prefix).
pub fn suggest(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let names = || OQS_FIELDS.iter().map(|f| f.as_str());
    names()
        .find(|f| f.to_ascii_lowercase() == lower)
        .or_else(|| {
            names().find(|f| lower.len() >= 4 && f.to_ascii_lowercase().starts_with(&lower))
        })
}
