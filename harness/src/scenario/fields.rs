//! The names a client may use for the fields it shows: the OQS result element names
//! (`docs/service.md`, "Result shape"; `docs/terminal.md`), so that an expectation written
//! against one client reads the same against any other. A scenario naming a field outside this
//! list is a typo until proven otherwise.

/// Every field name a scenario's `expect` may use, in result order.
pub const OQS_FIELDS: &[&str] = &[
    // MessageHeader / MessageBody
    "ProcessExecutionTime",
    "QualificationConfirmationDate",
    "MedicalInstitutionCode",
    "ArbitraryFileIdentifier",
    "ReferenceClassification",
    "SegmentOfResult",
    "ErrorCode",
    "ErrorMessage",
    "CharacterCodeIdentifier",
    "ProcessingResultStatus",
    "ProcessingResultCode",
    "ProcessingResultMessage",
    "QualificationValidity",
    // ResultOfQualificationConfirmation
    "InsuredCardClassification",
    "InsurerNumber",
    "InsuredCardSymbol",
    "InsuredIdentificationNumber",
    "InsuredBranchNumber",
    "PersonalFamilyClassification",
    "Name",
    "NameKana",
    "Sex1",
    "Birthdate",
    "Address",
    "QualificationDate",
    "DisqualificationDate",
    "InsuredPartialContributionRatio",
    "ReasonOfLoss",
    "InsurerName",
    "ElderlyRecipientCertificateDate",
    "ElderlyRecipientValidStartDate",
    "ElderlyRecipientValidEndDate",
    "ElderlyRecipientContributionRatio",
    "LimitApplicationCertificateRelatedConsFlg",
    "LimitApplicationCertificateRelatedConsTime",
    "LimitApplicationCertificateClassification",
    "LimitApplicationCertificateClassificationFlag",
    "LimitApplicationCertificateDate",
    "LimitApplicationCertificateValidStartDate",
    "LimitApplicationCertificateValidEndDate",
    "LimitApplicationCertificateLongTermDate",
    "SpecificDiseasesDiseaseCategory",
    "SpecificDiseasesCertificateDate",
    "SpecificDiseasesValidStartDate",
    "SpecificDiseasesValidEndDate",
    "SpecificDiseasesSelfPay",
    // PublicExpenseResultList / MedicalTicketInfo (医療扶助)
    "TicketType",
    "MedicalTicketValidDate",
    "MedicalTicketExpirationDate",
    "IssueNumber",
    "MedicalTreatmentMonth",
    "MedicalTreatmentType",
    "SelfPayAmount",
    // Terminal results
    "ReferenceNumber",
    "ReceptionNumber",
    "PrescriptionIssueSelect",
];

/// Whether `name` is an OQS field name.
pub fn is_oqs_field(name: &str) -> bool {
    OQS_FIELDS.contains(&name) || CARE_FIELDS.contains(&name)
}

/// The fields of a 災害時 view's medical information (`docs/care-settings.md`): mynakit's names,
/// not OQS elements (薬剤情報 and 特定健診情報 travel as files of their own).
pub const CARE_FIELDS: [&str; 2] = ["DrugInformation", "SpecificHealthCheckupsInformation"];

/// The closest known name, for "did you mean" hints (same name ignoring case, or a prefix).
pub fn suggest(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    OQS_FIELDS
        .iter()
        .copied()
        .find(|f| f.to_ascii_lowercase() == lower)
        .or_else(|| {
            OQS_FIELDS
                .iter()
                .copied()
                .find(|f| lower.len() >= 4 && f.to_ascii_lowercase().starts_with(&lower))
        })
}
