//! OQS element names, once: every element the service, the 資格確認端末 emulation, the
//! conformance checks and the reference client write or read, as one enum.
//!
//! The names follow the public parsers and writers of OQS messages (`hangilc/myclinic-ts`
//! `packages/onshi-result`, `YUKI-ENT/OQSDrug2`, `Sotatek-ChinhVu/smart-test`), summarised in
//! `docs/service.md` ("Result shape") and `docs/terminal.md` ("Messages"). Writing
//! `ElementName::SegmentOfResult` instead of the string keeps a typo from becoming a silently
//! missing element: the model (`XmlMsg`, serialised by serde) and the test below check that the
//! two spellings agree.

/// Declares [`ElementName`] with one variant per element, its wire spelling its own name.
macro_rules! element_names {
    ($($name:ident,)+) => {
        /// One OQS element name (`docs/terminal.md`, "Messages"; `docs/service.md`, "Result shape").
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ElementName {
            $(
                #[doc = concat!("`", stringify!($name), "`.")]
                $name,
            )+
        }

        impl ElementName {
            /// Every element name, in declaration order.
            pub const ALL: &'static [ElementName] = &[$(ElementName::$name,)+];

            /// The name as it appears on the wire (XML element, JSON key).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ElementName::$name => stringify!($name),)+
                }
            }
        }
    };
}

element_names! {
    // The message and its header.
    XmlMsg,
    MessageHeader,
    ProcessExecutionTime,
    QualificationConfirmationDate,
    MedicalInstitutionCode,
    ArbitraryFileIdentifier,
    ReferenceClassification,
    ReceptionNumber,
    SegmentOfResult,
    NumberOfProcessingResult,
    NumberOfNormalProcessing,
    NumberOfError,
    ErrorCode,
    ErrorMessage,
    CharacterCodeIdentifier,
    // The body.
    MessageBody,
    ProcessingResultStatus,
    ProcessingResultCode,
    ProcessingResultMessage,
    QualificationValidity,
    QualificationConfirmationKey,
    PrescriptionIssueSelect,
    ReceptionDateTime,
    ResultList,
    BulkConfirmUnit,
    ReferenceNumber,
    // Requests.
    QualificationConfirmSearchInfo,
    ReferenceNumberRegistrationInfo,
    MedicalTreatmentMonth,
    // The consent queries (`OQSmuhvq`, `OQSmuonq`: `docs/kyotaku.md`, `docs/care-settings.md`).
    ConsentDateFrom,
    ConsentDateTo,
    ExaminationDateFrom,
    ExaminationDateTo,
    MedicalTreatmentFlag,
    // One eligibility record.
    ResultOfQualificationConfirmation,
    InsuredCardClassification,
    InsurerNumber,
    InsuredCardSymbol,
    InsuredIdentificationNumber,
    InsuredBranchNumber,
    PersonalFamilyClassification,
    Name,
    NameKana,
    NameOfOther,
    NameOfOtherKana,
    Sex1,
    Sex2,
    Birthdate,
    Address,
    QualificationDate,
    DisqualificationDate,
    InsuredPartialContributionRatio,
    ReasonOfLoss,
    InsurerName,
    InsuredName,
    PostNumber,
    InsuredCertificateIssuanceDate,
    InsuredCardValidDate,
    InsuredCardExpirationDate,
    PreschoolClassification,
    ElderlyRecipientCertificateInfo,
    ElderlyRecipientCertificateDate,
    ElderlyRecipientValidStartDate,
    ElderlyRecipientValidEndDate,
    ElderlyRecipientContributionRatio,
    LimitApplicationCertificateRelatedConsFlg,
    LimitApplicationCertificateRelatedConsTime,
    LimitApplicationCertificateRelatedInfo,
    LimitApplicationCertificateClassification,
    LimitApplicationCertificateClassificationFlag,
    LimitApplicationCertificateDate,
    LimitApplicationCertificateValidStartDate,
    LimitApplicationCertificateValidEndDate,
    LimitApplicationCertificateLongTermDate,
    SpecificDiseasesCertificateList,
    SpecificDiseasesCertificateInfo,
    SpecificDiseasesDiseaseCategory,
    SpecificDiseasesCertificateDate,
    SpecificDiseasesValidStartDate,
    SpecificDiseasesValidEndDate,
    SpecificDiseasesSelfPay,
    SpecificDiseasesCertificateRelatedConsFlg,
    SpecificDiseasesCertificateRelatedConsTime,
    // 医療費助成 through PMH: **mynakit's model**, the PMH interface is not public
    // (`docs/subsidies.md`).
    MedicalSubsidyConsFlg,
    MedicalSubsidyCertificateList,
    MedicalSubsidyCertificateInfo,
    MedicalSubsidyScheme,
    MedicalSubsidyPayerNumber,
    MedicalSubsidyRecipientNumber,
    MedicalSubsidyValidStartDate,
    MedicalSubsidyValidEndDate,
    MedicalSubsidySelfPayLimit,
    MedicalSubsidyMunicipalityCode,
    MedicalSubsidyJoinDate,
    // 医療扶助: the public-expense list and its 医療券.
    PublicExpenseResultList,
    MedicalTicketInfo,
    TicketType,
    MedicalTicketValidDate,
    MedicalTicketExpirationDate,
    IssueNumber,
    MedicalTreatmentType,
    SelfPayAmount,
    DesignatedMedicalInstitutionCode,
    DesignatedMedicalInstitutionFlag,
    DesignatedMedicalInstitutionName,
    PrescriptionIssuerMedicalInstitutionCode,
    PrescriptionIssuerMedicalInstitutionName,
    InjuryName1,
    InjuryName2,
    InjuryName3,
    DistrictContactName,
    HandlingContactName,
    SingleOrCombinedUse,
    StatusOfSocialInsurance,
    ConsistencyFlag,
    // Sic: the real spelling (`YUKI-ENT/OQSDrug2` and a public field list agree).
    StatusOfInfecton,
    StatusOfElderlyMedicalCare,
    StatusOfPrefecturalExpenses,
    Remarks1,
    Remarks2,
    Remarks3,
    // The medical-information consent group of face results (`*AvailableTime` in
    // `hangilc/myclinic-ts`; `PharmaceuticalInfo*` / `*AcquisitionTime` in `YUKI-ENT/OQSDrug2`).
    SpecificHealthCheckupsInfoConsFlg,
    SpecificHealthCheckupsInfoConsTime,
    SpecificHealthCheckupsInfoAvailableTime,
    SpecificHealthCheckupsInfoAcquisitionTime,
    PharmacistsInfoConsFlg,
    PharmacistsInfoConsTime,
    PharmacistsInfoAvailableTime,
    PharmaceuticalInfoConsFlg,
    PharmaceuticalInfoConsTime,
    PharmaceuticalInfoAcquisitionTime,
    DiagnosisInfoConsFlg,
    DiagnosisInfoConsTime,
    DiagnosisInfoAvailableTime,
    DiagnosisInfoAcquisitionTime,
    OperationInfoConsFlg,
    OperationInfoConsTime,
    OperationInfoAvailableTime,
    OperationInfoAcquisitionTime,
    // 薬剤情報 (`YZKsiquc01`) and 特定健診情報 (`TKKsiquc01`): the request's own card-data names
    // and the result's, as `YUKI-ENT/OQSDrug2` writes and reads them (`docs/terminal.md`,
    // "薬剤情報 and 特定健診情報").
    InsuranceCardSymbol,
    InsuredPersonIdentificationNumber,
    BranchNumber,
    StartDate,
    EndDate,
    FileCategory,
    PrDiInfClassification,
    ResultCode,
    MessageContents,
    QuaInf,
    KanaName,
    Birth,
    AdmGendCode,
    MeTrMonthInf,
    MeTrMonth,
    DiOrg,
    MeTrDiHCd,
    MeTrDiHNm,
    PrIsOrg,
    PrlsHCd,
    PrlsHNm,
    InOut,
    DiDateInfs,
    DiDateInf,
    DiDate,
    PrDate,
    DrugInfs,
    DrugInf,
    DrugC,
    DrugN,
    IngreN,
    Qua1,
    Unit,
    UsageN,
    SpInst,
    Times,
    MeTrIdCl,
    QualificationsInfo,
    KanasName,
    Birthday,
    AdministrativeGenderCode,
    SpecificHealthCheckupInfo,
    EffectiveTime,
    HealthCheckupResultAndQuestionInfos,
    HealthCheckupResultAndQuestionInfo,
    ItemCode,
    ItemName,
    DataType,
    DataValue,
    Oid,
    DataValueName,
    // 診療情報 (`SRKsiquc01`): **mynakit's model**, the result's fields are not public
    // (`docs/terminal.md`, "診療情報"); the month and institution blocks are 薬剤情報's.
    MedicalPracticeInfs,
    MedicalPracticeInf,
    MedicalPracticeCode,
    MedicalPracticeName,
}

impl ElementName {
    /// Who a qualification or a unit of a bulk answer names: the card data (insurer number,
    /// 記号, 番号, 枝番) and the person's name and birth date. A レセコン shows them on each
    /// patient's screen, and a judge matches a screen to its unit by them
    /// (`XML-consent-import`; `docs/terminal.md`).
    pub const IDENTITY: [ElementName; 6] = [
        ElementName::InsurerNumber,
        ElementName::InsuredCardSymbol,
        ElementName::InsuredIdentificationNumber,
        ElementName::InsuredBranchNumber,
        ElementName::Name,
        ElementName::Birthdate,
    ];

    /// The element named `name`, or `None` for a name this vocabulary does not have.
    pub fn from_name(name: &str) -> Option<ElementName> {
        ElementName::ALL
            .iter()
            .copied()
            .find(|e| e.as_str() == name)
    }

    /// 限度額 data: the elements of `LimitApplicationCertificateRelatedInfo`, in the result's
    /// order, which a client shows only with the patient's consent (not the consent flag and
    /// time themselves; `docs/service.md`, "Result shape"). The one list of them: the reference
    /// client copies these to its screen, the 資格確認端末's timeline keeps them in clear, and
    /// [`ElementName::is_limit_application_data`] reads it.
    pub const LIMIT_APPLICATION_DATA: &'static [ElementName] = &[
        ElementName::LimitApplicationCertificateClassification,
        ElementName::LimitApplicationCertificateClassificationFlag,
        ElementName::LimitApplicationCertificateDate,
        ElementName::LimitApplicationCertificateValidStartDate,
        ElementName::LimitApplicationCertificateValidEndDate,
        ElementName::LimitApplicationCertificateLongTermDate,
    ];

    /// 限度額 data: one of [`ElementName::LIMIT_APPLICATION_DATA`].
    pub fn is_limit_application_data(self) -> bool {
        ElementName::LIMIT_APPLICATION_DATA.contains(&self)
    }

    /// 高齢受給者証 data: the elements of `ElderlyRecipientCertificateInfo`, in the result's
    /// order (`docs/service.md`, "Result shape"; `hangilc/myclinic-ts`
    /// `packages/onshi-result/ElderlyRecipientCertificateInfo.ts`). The one list of them: the
    /// reference client copies these to its screen, the 資格確認端末's timeline keeps them in
    /// clear, and `SVC-elderly-shown` compares them with the answer.
    pub const ELDERLY_RECIPIENT_DATA: [ElementName; 4] = [
        ElementName::ElderlyRecipientCertificateDate,
        ElementName::ElderlyRecipientValidStartDate,
        ElementName::ElderlyRecipientValidEndDate,
        ElementName::ElderlyRecipientContributionRatio,
    ];

    /// 特定疾病 data: the elements of one `SpecificDiseasesCertificateInfo` (特定疾病療養受療証),
    /// in the result's order (`docs/service.md`, "Result shape"; `hangilc/myclinic-ts`
    /// `packages/onshi-result/SpecificDiseasesCertificateInfo.ts`). The one list of them: the
    /// reference client copies these to its screen, the 資格確認端末's timeline keeps them in
    /// clear, and `SVC-specific-disease-shown` compares them with the answer.
    pub const SPECIFIC_DISEASE_DATA: [ElementName; 5] = [
        ElementName::SpecificDiseasesDiseaseCategory,
        ElementName::SpecificDiseasesCertificateDate,
        ElementName::SpecificDiseasesValidStartDate,
        ElementName::SpecificDiseasesValidEndDate,
        ElementName::SpecificDiseasesSelfPay,
    ];

    /// 医療費助成 data: the elements of one `MedicalSubsidyCertificateInfo`, in the answer's
    /// order (**mynakit's model**, `docs/subsidies.md`). The one list of them.
    pub const SUBSIDY_DATA: [ElementName; 8] = [
        ElementName::MedicalSubsidyScheme,
        ElementName::MedicalSubsidyPayerNumber,
        ElementName::MedicalSubsidyRecipientNumber,
        ElementName::MedicalSubsidyValidStartDate,
        ElementName::MedicalSubsidyValidEndDate,
        ElementName::MedicalSubsidySelfPayLimit,
        ElementName::MedicalSubsidyMunicipalityCode,
        ElementName::MedicalSubsidyJoinDate,
    ];

    /// 裏面記載情報: the name and sex written on the back of the card (an alias, 通称), in the
    /// order screen E-05-A (医療扶助) shows them: 氏名カナ, 氏名, 性別 (MHLW 事務連絡
    /// 2025-04-15, 別紙「医療扶助表示画面の改修」; the result itself carries `NameOfOther` before
    /// `NameOfOtherKana`, and `Sex2` after `Sex1`, `docs/service.md`, "Result shape"). The one
    /// list of them: the reference client shows them on that screen and `SVC-welfare-screen`
    /// judges them.
    pub const BACK_OF_CARD: [ElementName; 3] = [
        ElementName::NameOfOtherKana,
        ElementName::NameOfOther,
        ElementName::Sex2,
    ];

    /// Any 限度額 element: the data, its container, and the consent flag and time.
    pub fn is_limit_application(self) -> bool {
        self.is_limit_application_data()
            || matches!(
                self,
                ElementName::LimitApplicationCertificateRelatedConsFlg
                    | ElementName::LimitApplicationCertificateRelatedConsTime
                    | ElementName::LimitApplicationCertificateRelatedInfo
            )
    }

    /// Whether `name` is spelled this way.
    pub fn is(self, name: &str) -> bool {
        self.as_str() == name
    }

    /// Whether a field a client shows, by name, is health or medical information: 特定疾病
    /// (`SpecificDiseases…`), 限度額 (`LimitApplicationCertificate…`), and the histories the
    /// card-check service hands over with consent (`DrugInformation`,
    /// `SpecificHealthCheckupsInformation`, docs/service.md). A 健診 shows none of them
    /// (「受診者の健康・医療情報の閲覧はできません」, 特定健診・保健指導に係るオンライン資格確認
    /// （資格確認限定型）の導入等について 第1の1).
    pub fn is_medical_field(name: &str) -> bool {
        name.starts_with("SpecificDiseases")
            || name.starts_with("LimitApplicationCertificate")
            || ElementName::is_history_field(name)
    }

    /// Whether a field a client shows, by name, is one of the histories the card-check service
    /// hands over with the consent to medical information (`DrugInformation`,
    /// `SpecificHealthCheckupsInformation`, docs/service.md): what a 資格確認限定型 app, which
    /// carries eligibility only, never has.
    pub fn is_history_field(name: &str) -> bool {
        name == "DrugInformation" || name == "SpecificHealthCheckupsInformation"
    }
}

impl std::fmt::Display for ElementName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for ElementName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// The medical-information consent groups of a face result, each as its consent flag, consent
/// time and availability time (`docs/terminal.md`, "Face results").
pub const CONSENT_GROUPS: [[ElementName; 3]; 4] = [
    [
        ElementName::SpecificHealthCheckupsInfoConsFlg,
        ElementName::SpecificHealthCheckupsInfoConsTime,
        ElementName::SpecificHealthCheckupsInfoAvailableTime,
    ],
    [
        ElementName::PharmacistsInfoConsFlg,
        ElementName::PharmacistsInfoConsTime,
        ElementName::PharmacistsInfoAvailableTime,
    ],
    [
        ElementName::DiagnosisInfoConsFlg,
        ElementName::DiagnosisInfoConsTime,
        ElementName::DiagnosisInfoAvailableTime,
    ],
    [
        ElementName::OperationInfoConsFlg,
        ElementName::OperationInfoConsTime,
        ElementName::OperationInfoAvailableTime,
    ],
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_and_read_back() {
        let mut seen = std::collections::BTreeSet::new();
        for e in ElementName::ALL {
            assert!(seen.insert(e.as_str()), "{e} twice");
            assert_eq!(ElementName::from_name(e.as_str()), Some(*e));
        }
        assert_eq!(ElementName::from_name("SegmentOfResults"), None);
    }

    /// Every element the serde model writes is in the vocabulary, so the model and the enum
    /// cannot drift apart.
    #[test]
    fn the_message_model_writes_only_known_names() {
        let text = include_str!("message.rs");
        let mut fields = 0;
        for line in text.lines() {
            let line = line.trim();
            let Some(rest) = line.strip_prefix("pub ") else {
                continue;
            };
            let name = match rest.split_once(':') {
                Some((field, _)) if !field.contains(' ') => field
                    .split('_')
                    .map(|w| {
                        let mut c = w.chars();
                        c.next()
                            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
                    })
                    .collect::<String>(),
                _ => match rest.strip_prefix("struct ") {
                    Some(s) => s.trim_end_matches(" {").to_owned(),
                    None => continue,
                },
            };
            fields += 1;
            assert!(
                ElementName::from_name(&name).is_some(),
                "{name} is not an ElementName"
            );
        }
        assert!(fields > 50, "read {fields} names from message.rs");
    }
}
