//! The OQS vocabulary of mynakit, once, at the bottom of the stack: what the mock eligibility
//! service (`mynakit-service`), the 資格確認端末 emulation (`mynakit-terminal`), the conformance
//! checks and the reference client all mean by an OQS message.
//!
//! - the result message model ([`XmlMsg`] → [`MessageHeader`] + [`MessageBody`]), rendered with
//!   [`to_xml`] and read with [`from_xml`] / [`from_json`] (errors name `line:col`);
//! - [`ElementName`]: every OQS element name, once;
//! - [`codes`]: the OQS code lists ([`SegmentOfResult`], [`QualificationValidity`], …) as enums
//!   with their public meanings; [`Outcome`] / [`CodeTable`] and [`TerminalCode`]: the mock's
//!   synthetic 処理結果コード;
//! - [`tree`]: the positioned element tree ([`Element`]) OQS files are read and written with;
//! - [`eligibility`]: a person's qualification as a [`ResultOfQualificationConfirmation`];
//!   [`validity`]: the certificate validity window with the eligibility grace period;
//! - [`NonJisMode`] (外字 outside JIS X 0208), [`to_half_width`] (half-width カナ), [`dates`]
//!   (yyyyMMdd), insurer-number padding ([`padded_insurer_number`]) and the scenario [`clock`];
//! - 医療費助成 through PMH: each 制度's code and 法別番号 and the 自治体's joining days
//!   ([`through_pmh`], [`PMH_JOININGS`]; `docs/subsidies.md`).
//!
//! Everything else is private: the modules behind these re-exports are free to change.
//!
//! No HTTP, no async: the crate reads personas through `mynakit-persona` (the schema only, not
//! the fixture store or PKI generator) and sits beside `mynakit-protocol`
//! (`docs/architecture.md`).
//!
//! ```
//! use mynakit_oqs::{from_xml, ProcessingResultStatus, QualificationValidity, SegmentOfResult};
//!
//! let xml = r#"<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader>
//!   <ProcessExecutionTime>20250401090000</ProcessExecutionTime>
//!   <QualificationConfirmationDate>20250401</QualificationConfirmationDate>
//!   <ReferenceClassification>1</ReferenceClassification><SegmentOfResult>1</SegmentOfResult>
//!   <CharacterCodeIdentifier>0</CharacterCodeIdentifier></MessageHeader>
//!   <MessageBody><ProcessingResultStatus>1</ProcessingResultStatus>
//!   <QualificationValidity>1</QualificationValidity></MessageBody></XmlMsg>"#;
//! let msg = from_xml(xml)?;
//! assert_eq!(SegmentOfResult::from_code(&msg.message_header.segment_of_result), Some(SegmentOfResult::Normal));
//! let body = msg.message_body.expect("a body");
//! assert_eq!(ProcessingResultStatus::from_code(&body.processing_result_status), Some(ProcessingResultStatus::Normal));
//! let validity = body.qualification_validity.as_deref().and_then(QualificationValidity::from_code);
//! assert_eq!(validity, Some(QualificationValidity::Valid));
//! # Ok::<(), mynakit_oqs::ReadError>(())
//! ```

pub mod clock;
pub mod codes;
pub mod dates;
pub mod eligibility;
pub mod file_names;
mod insurer;
mod jis;
mod kana;
mod medical_ticket;
mod message;
mod message_kind;
mod names;
mod read;
mod request_names;
mod result_codes;
mod subsidy;
mod terminal_codes;
pub mod tree;
pub mod validity;
mod xml;

pub use codes::{
    CodeList, ConsentFlag, ConsistencyFlag, DesignatedInstitutionFlag, PersonalFamily,
    PrescriptionIssueSelect, ProcessingResultStatus, QualificationValidity,
    ReferenceClassification, SegmentOfResult, Sex1,
};
pub use insurer::{
    contribution_percent, elderly_share, has_insurer_number_width, insurer_number_field,
    insurer_scheme, padded_insurer_number, InsurerNumberField, InsurerScheme, INSURER_NUMBER_WIDTH,
};
pub use jis::NonJisMode;
pub use kana::to_half_width;
pub use message::{
    ElderlyRecipientCertificateInfo, LimitApplicationCertificateRelatedInfo,
    MedicalSubsidyCertificateInfo, MedicalSubsidyCertificateList, MessageBody, MessageHeader,
    PublicExpenseResultList, ResultList, ResultOfQualificationConfirmation,
    SpecificDiseasesCertificateInfo, SpecificDiseasesCertificateList, XmlMsg,
};
pub use message_kind::{MessageKind, DEFAULT_DIAGNOSIS_INFO_PREFIX};
pub use names::{ElementName, CONSENT_GROUPS};
pub use read::{from_json, from_xml, ReadError};
pub use request_names::{ModelPrefix, PrefixError, RequestNames};
pub use result_codes::{CodeTable, CodeText, Outcome, Placement};
pub use subsidy::{
    pmh_from, subsidy_law_numbers, subsidy_payer_of, subsidy_scheme_code, subsidy_scheme_of_code,
    through_pmh, PmhJoining, PMH_JOININGS,
};
pub use terminal_codes::TerminalCode;
pub use tree::{Element, Pos, XmlError};
pub use validity::Validity;
pub use xml::{to_xml, DECLARATION, UTF8_CHARACTER_CODE};
