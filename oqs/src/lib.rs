//! The OQS vocabulary of mynakit, once, at the bottom of the stack: what the mock eligibility
//! service (`mynakit-service`), the 資格確認端末 emulation (`mynakit-terminal`), the conformance
//! checks and the reference client all mean by an OQS message.
//!
//! - [`message`]: the result message model (`XmlMsg` → `MessageHeader` + `MessageBody`), with
//!   [`xml`] rendering and [`read`]ing from XML or JSON (errors name `line:col`);
//! - [`codes`]: the OQS code lists (`SegmentOfResult`, `QualificationValidity`, …) as enums with
//!   their public meanings; [`result_codes`] and [`terminal_codes`]: the mock's synthetic
//!   処理結果コード;
//! - [`tree`]: the positioned element tree OQS files are read and written with;
//! - [`eligibility`]: a person's qualification as a `ResultOfQualificationConfirmation`;
//!   [`validity`]: the certificate validity window with the eligibility grace period;
//! - [`jis`] (外字 outside JIS X 0208), [`kana`] (half-width カナ), [`dates`] (yyyyMMdd) and the
//!   scenario [`clock`].
//!
//! No HTTP, no async: the crate sits beside `mynakit-fixtures` and `mynakit-protocol`
//! (`docs/architecture.md`).

pub mod clock;
pub mod codes;
pub mod dates;
pub mod eligibility;
pub mod file_names;
pub mod insurer;
pub mod jis;
pub mod kana;
pub mod message;
pub mod read;
pub mod result_codes;
pub mod terminal_codes;
pub mod tree;
pub mod validity;
pub mod xml;

pub use codes::{
    CodeList, ConsentFlag, PrescriptionIssueSelect, ProcessingResultStatus, QualificationValidity,
    ReferenceClassification, SegmentOfResult, Sex1,
};
pub use message::XmlMsg;
