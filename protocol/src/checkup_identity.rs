//! A 健診 facility's own identity: the number a 特定健診・保健指導機関 is known by, or the code an
//! insurer that runs its own 健診 got on its 導入届, sent in place of a 医療機関コード in a 健診
//! check (docs/kenshin.md, "Facility identities").
//!
//! 厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等に
//! ついて（周知）」第2の1: institutions use their 健診・保健指導機関番号 (「健診・保健指導機関番号を用い
//! ます」); an insurer has none (「当該番号が付番されていません」), files the オンライン資格確認導入届
//! （保険者） and gets an 「オンライン資格確認用コード」. The notice gives neither format.
//!
//! ```
//! use mynakit_protocol::CheckupIdentity;
//! let id = CheckupIdentity::InstitutionNumber("1234567890".into());
//! assert_eq!(id.field(), "checkup_institution_number");
//! assert_eq!(id.env(), "MYNAKIT_CHECKUP_INSTITUTION_NUMBER");
//! ```

use crate::env;

/// One 健診 facility identity and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckupIdentity {
    /// 健診・保健指導機関番号, given by the 支払基金 to a 特定健診・保健指導機関.
    InstitutionNumber(String),
    /// オンライン資格確認用コード, given by the 支払基金 to an insurer on its 導入届.
    InsurerOnlineCode(String),
}

/// The JSON field of a 健診・保健指導機関番号 in `POST /v1/confirmations`.
pub const CHECKUP_INSTITUTION_NUMBER: &str = "checkup_institution_number";
/// The JSON field of an insurer's オンライン資格確認用コード in `POST /v1/confirmations`.
pub const INSURER_ONLINE_CODE: &str = "insurer_online_code";

impl CheckupIdentity {
    /// The request field that carries it.
    pub fn field(&self) -> &'static str {
        match self {
            CheckupIdentity::InstitutionNumber(_) => CHECKUP_INSTITUTION_NUMBER,
            CheckupIdentity::InsurerOnlineCode(_) => INSURER_ONLINE_CODE,
        }
    }

    /// The variable the harness gives it to the client in.
    pub fn env(&self) -> &'static str {
        match self {
            CheckupIdentity::InstitutionNumber(_) => env::CHECKUP_INSTITUTION_NUMBER,
            CheckupIdentity::InsurerOnlineCode(_) => env::INSURER_ONLINE_CODE,
        }
    }

    /// Its name in the notice.
    pub fn name(&self) -> &'static str {
        match self {
            CheckupIdentity::InstitutionNumber(_) => "健診・保健指導機関番号",
            CheckupIdentity::InsurerOnlineCode(_) => "オンライン資格確認用コード",
        }
    }

    /// The value.
    pub fn value(&self) -> &str {
        match self {
            CheckupIdentity::InstitutionNumber(v) | CheckupIdentity::InsurerOnlineCode(v) => v,
        }
    }

    /// The identity a client was given, from its environment (`None` when neither variable is
    /// set or set empty; the institution number when both are).
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Option<CheckupIdentity> {
        let given = |name| get(name).filter(|v| !v.is_empty());
        given(env::CHECKUP_INSTITUTION_NUMBER)
            .map(CheckupIdentity::InstitutionNumber)
            .or_else(|| given(env::INSURER_ONLINE_CODE).map(CheckupIdentity::InsurerOnlineCode))
    }
}
