//! Facility accounts of the 資格確認端末, as the administrator creates them for マイナ資格確認アプリ
//! users: a role (一般利用者 or 医療情報閲覧), a user id of 2–8 half-width alphanumerics, a name,
//! a password and a start date (利用開始年月日).
//!
//! Source: MHLW 事務連絡 of 2025-05-21, 別添「マイナ資格確認アプリ」の利用の事前準備, step 3
//! (アカウント管理(登録)); it also says an account that has never logged in to the terminal cannot
//! be used from the app, which `logged_in` models. Password rules are not public: any non-empty
//! password is accepted.

use serde::{Deserialize, Serialize};
use time::Date;

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// 権限区分.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "AccountRole")
)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// 一般利用者: eligibility only.
    General,
    /// 医療情報閲覧: may also view medical information (not modelled by the service).
    MedicalInformation,
    /// 管理アカウント: the 資格確認端末's administrator, who sets the 環境設定情報 and issues the
    /// activation codes (the notice's steps ① and ②, 「管理アカウントの《ユーザ ID》《パスワード》を
    /// 入力し」). It is not one of the 権限区分 of step ③ that the app is used with, so an app
    /// login with it is refused (`admin-account`).
    Admin,
}

/// A user id: 2–8 half-width alphanumerics.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UserId(String);

impl UserId {
    /// Checks the format.
    ///
    /// # Errors
    ///
    /// [`UserIdError`], saying what the format is.
    pub fn parse(text: &str) -> Result<UserId, UserIdError> {
        if (2..=8).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(UserId(text.to_owned()))
        } else {
            Err(UserIdError {
                characters: text.chars().count(),
            })
        }
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A user id not of the format; the value is not repeated: answers never echo what the client
/// sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("user id must be 2-8 half-width alphanumerics, got {characters} characters")]
pub struct UserIdError {
    /// How many characters the value has.
    pub characters: usize,
}

impl TryFrom<String> for UserId {
    type Error = UserIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        UserId::parse(&value)
    }
}

impl From<UserId> for String {
    fn from(value: UserId) -> Self {
        value.0
    }
}

/// 2–8 half-width alphanumerics, as [`UserId::parse`] accepts them.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for UserId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UserId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-Za-z0-9]{2,8}$",
            "description": "A user id: 2-8 half-width alphanumerics."
        })
    }
}

fn yes() -> bool {
    true
}

/// An account as the administrator registers it (admin API and service data).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AccountSpec {
    /// 医療機関コード of the facility, 10 digits.
    pub medical_institution_code: String,
    /// 権限区分.
    pub role: Role,
    /// ユーザID.
    pub user_id: UserId,
    /// ユーザ名.
    pub user_name: String,
    /// ユーザ名(カナ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name_kana: Option<String>,
    /// The password (never shown back).
    pub password: String,
    /// 利用開始年月日 (`YYYY-MM-DD`, JST).
    #[serde(with = "iso_date")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date")))]
    pub start_date: Date,
    /// Whether the account has logged in to the terminal at least once (default `true`).
    #[serde(default = "yes")]
    pub logged_in: bool,
    /// Wrong passwords in a row so far (default 0); at the `lockout_after` setting the account
    /// is locked (`docs/device-setup.md`). A right password sets it back to 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub failed_logins: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl std::fmt::Debug for AccountSpec {
    /// Passwords never reach logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountSpec")
            .field("medical_institution_code", &self.medical_institution_code)
            .field("role", &self.role)
            .field("user_id", &self.user_id)
            .field("start_date", &self.start_date)
            .field("logged_in", &self.logged_in)
            .finish_non_exhaustive()
    }
}

/// An account as the admin API lists it (no password).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    /// 医療機関コード.
    pub medical_institution_code: String,
    /// 権限区分.
    pub role: Role,
    /// ユーザID.
    pub user_id: UserId,
    /// ユーザ名.
    pub user_name: String,
    /// 利用開始年月日.
    #[serde(with = "iso_date")]
    pub start_date: Date,
    /// Logged in to the terminal at least once.
    pub logged_in: bool,
}

impl From<&AccountSpec> for AccountView {
    fn from(a: &AccountSpec) -> Self {
        AccountView {
            medical_institution_code: a.medical_institution_code.clone(),
            role: a.role,
            user_id: a.user_id.clone(),
            user_name: a.user_name.clone(),
            start_date: a.start_date,
            logged_in: a.logged_in,
        }
    }
}

/// Why a password check refused a login: the one rule of both logins, the terminal
/// account's and the portal device account's (`docs/device-setup.md`: a wrong password, and the
/// lockout after `lockout_after` of them in a row).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PasswordRefusal {
    /// Wrong password, not yet locked.
    Wrong,
    /// Locked: before this attempt, or by it.
    Locked,
}

/// Checks `given` against `stored`, counting wrong passwords in a row in `failed_logins`: the
/// `lockout_after`th (0: never) locks the account, a locked account is refused even with the
/// right password, and a right one before that sets the count back to 0.
pub(crate) fn check_password(
    failed_logins: &mut u32,
    stored: &str,
    given: &str,
    lockout_after: u32,
) -> Result<(), PasswordRefusal> {
    let locked = |failed: u32| lockout_after > 0 && failed >= lockout_after;
    if locked(*failed_logins) {
        return Err(PasswordRefusal::Locked);
    }
    if stored != given {
        *failed_logins = failed_logins.saturating_add(1);
        if locked(*failed_logins) {
            return Err(PasswordRefusal::Locked);
        }
        return Err(PasswordRefusal::Wrong);
    }
    *failed_logins = 0;
    Ok(())
}

/// Whether `code` is a 10-digit 医療機関コード.
pub fn is_facility_code(code: &str) -> bool {
    code.len() == 10 && code.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids_are_2_to_8_alphanumerics() {
        assert!(UserId::parse("ab").is_ok());
        assert!(UserId::parse("W0000001").is_ok());
        for bad in ["a", "abcdefghi", "ab-c", "ａｂ", ""] {
            assert!(UserId::parse(bad).is_err(), "{bad}");
        }
    }
}
