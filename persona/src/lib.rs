//! The persona schema: one synthetic person, their My Number card, its PINs and their health
//! insurance, as serde types (`docs/personas.md`, "Schema").
//!
//! The schema sits on the ground floor beside `mynakit-apdu` so that everything that only *reads*
//! a persona (the OQS vocabulary and its judges, the 資格確認端末) needs neither the persona store
//! nor the JPKI-TEST PKI generator of `mynakit-fixtures` (`docs/architecture.md`). Loading persona
//! files, validating them and generating their keys stay in `mynakit-fixtures`, which re-exports
//! everything here.
//!
//! ```
//! use mynakit_persona::{Insurance, PinName, REFERENCE_DATE};
//!
//! let insurance: Insurance = serde_json::from_str(r#"{
//!     "InsuredCardClassification": "01", "InsurerNumber": "06139993",
//!     "InsurerName": "架空健康保険組合", "InsuredIdentificationNumber": "1234",
//!     "PersonalFamilyClassification": "1", "QualificationDate": "2020-04-01"
//! }"#)?;
//! assert!(insurance.qualification_date < REFERENCE_DATE);
//! assert!(PinName::Auth.accepts(b"1234"));
//! assert_eq!(PinName::Sign.max_tries(), 5);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Dates are TOML native dates in persona files and strings of the same syntax in YAML and JSON;
//! serialising writes TOML's datetime form (`docs/personas.md`, "Personas outside TOML").

mod card;
mod certificate_period;
mod insurance;
mod medical_ticket;
mod persona;
mod pin;
mod reference;
mod shift;
mod subsidy;
mod toml_time;

pub use card::{
    CardProfileName, CardSpec, Certificates, IssuerKey, PinSpec, Pins, PreviousCertificate,
    Revocation,
};
pub use certificate_period::NoCertificatePeriod;
pub use insurance::{ElderlyRecipient, Insurance, LimitApplication, SpecificDisease};
pub use medical_ticket::{MedicalTicket, NotAConsistencyCode, TicketConsistency};
pub use persona::{Identity, Persona, Registration, Sex};
pub use pin::{is_sign_password, PinName};
pub use reference::REFERENCE_DATE;
pub use shift::{shift_date, shift_month, ShiftError};
pub use subsidy::{Subsidy, SubsidyScheme};
