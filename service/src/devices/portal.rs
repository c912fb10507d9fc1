//! Device registration through the portal, for a facility with no 資格確認端末.
//!
//! A facility that has a 資格確認端末 issues activation codes on it (`devices`, MHLW 事務連絡
//! 2025-05-21). One that has none — a 柔整・あはき 施術所, a 健診 facility using 資格確認限定型 —
//! registers each PC or phone beforehand through the 医療機関等向け総合ポータルサイト or the
//! 施術所等向け総合ポータルサイト: 「事前にポータルサイトを通じて、PC端末の認証・登録を行う」,
//! 「端末認証を行い、当該端末のみでアプリ利用可能とする」 (厚生労働省保険局「オンライン資格確認
//! （資格確認限定型）の導入が始まります」, 令和5年11月時点更新; its FAQ: 「使用する
//! 端末については、あらかじめポータルサイトを通じて登録・認証を受ける必要があります」), and the app
//! is put on the devices 「事前に…総合ポータルサイトを通じて利用申請した」 (事務連絡「特定健診・
//! 保健指導に係るオンライン資格確認（資格確認限定型）の導入等について（周知）」).
//!
//! What the associations' guides describe, and this module models: the facility applies
//! (利用開始申請), the application is reviewed, and each device gets an account of its own (a
//! **device account**, e.g. `W0000001`) and a password, which the staff type into the app.
//! The id's format, the review's states and the login's fields are not public: the format is a
//! setting ([`PortalAccountFormat`], default one letter `W` and 7 digits), the rest is this
//! mock's design (`docs/device-setup.md`, "Portal registration").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::devices::accounts::{check_password, PasswordRefusal};

/// The default device-account id prefix: `W`, as the example id of the guides (`W0000001`).
pub const DEFAULT_PORTAL_ACCOUNT_PREFIX: &str = "W";
/// The default number of digits after the prefix: 7, as `W0000001`.
pub const DEFAULT_PORTAL_ACCOUNT_DIGITS: u8 = 7;

/// The format of a portal device account's id (setting `portal_account_format`): `prefix`, then
/// `digits` ASCII digits. Only an example id is public, so the default follows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PortalAccountFormat {
    /// The letters before the digits (ASCII letters, at most 8; may be empty). Default `W`.
    pub prefix: String,
    /// How many digits follow (1 to 32). Default 7.
    pub digits: u8,
}

impl Default for PortalAccountFormat {
    fn default() -> Self {
        PortalAccountFormat {
            prefix: DEFAULT_PORTAL_ACCOUNT_PREFIX.to_owned(),
            digits: DEFAULT_PORTAL_ACCOUNT_DIGITS,
        }
    }
}

impl PortalAccountFormat {
    /// What is wrong with the format itself, if anything.
    pub fn invalid(&self) -> Option<&'static str> {
        if self.prefix.len() > 8 || !self.prefix.bytes().all(|b| b.is_ascii_alphabetic()) {
            Some("prefix must be at most 8 ASCII letters")
        } else if !(1..=32).contains(&self.digits) {
            Some("digits must be from 1 to 32")
        } else {
            None
        }
    }

    /// Whether `id` is a device account id in this format.
    pub fn accepts(&self, id: &str) -> bool {
        id.strip_prefix(self.prefix.as_str()).is_some_and(|rest| {
            rest.len() == usize::from(self.digits) && rest.bytes().all(|b| b.is_ascii_digit())
        })
    }

    /// The rule for an error message: `must be W and 7 digits`.
    pub fn rule(&self) -> String {
        if self.prefix.is_empty() {
            format!(
                "must be {} digits (setting portal_account_format)",
                self.digits
            )
        } else {
            format!(
                "must be {} and {} digits (setting portal_account_format)",
                self.prefix, self.digits
            )
        }
    }
}

/// How a facility registers its devices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Setup {
    /// On its 資格確認端末: activation codes (the default).
    #[default]
    Terminal,
    /// Through the portal: device accounts ([`PortalAccountSpec`]).
    Portal,
}

impl Setup {
    /// Whether this is the default.
    pub fn is_terminal(&self) -> bool {
        *self == Setup::Terminal
    }
}

/// Where a facility's 利用開始申請 for a device stands in the portal's review.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    /// Applied, under review: the account exists but cannot log in yet.
    Applied,
    /// Approved: the account can log in (the default).
    #[default]
    Approved,
    /// Rejected: the account can never log in.
    Rejected,
}

/// A portal device account as the admin API or service data gives it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PortalAccountSpec {
    /// The device account id (`W0000001`; setting `portal_account_format`), unique in the
    /// service.
    pub account: String,
    /// The facility it belongs to, 10 digits.
    pub medical_institution_code: String,
    /// The password (never shown back).
    pub password: String,
    /// The review of the application (default `approved`).
    #[serde(default)]
    pub status: ReviewStatus,
    /// Which device it is for (free text, as a 端末識別メモ).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
    /// Wrong passwords in a row so far (default 0), as an account's (`lockout_after`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub failed_logins: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl std::fmt::Debug for PortalAccountSpec {
    /// Passwords never reach logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalAccountSpec")
            .field("account", &self.account)
            .field("medical_institution_code", &self.medical_institution_code)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// A portal device account as the admin API lists it (no password).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalAccountView {
    /// The device account id.
    pub account: String,
    /// Its facility.
    pub medical_institution_code: String,
    /// The review of the application.
    pub status: ReviewStatus,
    /// Which device it is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
    /// The device that logged in with it, once one has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
}

/// Why a portal login is refused by the account itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PortalRefusal {
    /// No such account at this facility.
    Unknown,
    /// The password is wrong.
    WrongPassword,
    /// Locked by wrong passwords.
    Locked,
    /// The application is still under review.
    UnderReview,
    /// The application was rejected.
    Rejected,
    /// Another device already logged in with it (the device this account is for).
    Used(String),
}

#[derive(Clone, Debug)]
struct Entry {
    spec: PortalAccountSpec,
    device_id: Option<String>,
}

/// Every portal device account, by id.
#[derive(Clone, Debug, Default)]
pub(crate) struct PortalAccounts {
    accounts: BTreeMap<String, Entry>,
}

impl PortalAccounts {
    /// Adds or replaces an account (by id); a replaced account keeps its device.
    pub(crate) fn put(&mut self, spec: PortalAccountSpec) {
        let device_id = self
            .accounts
            .get(&spec.account)
            .and_then(|e| e.device_id.clone());
        self.accounts
            .insert(spec.account.clone(), Entry { spec, device_id });
    }

    /// Records the portal's review decision; `None` if no such account.
    pub(crate) fn review(
        &mut self,
        account: &str,
        status: ReviewStatus,
    ) -> Option<PortalAccountView> {
        let entry = self.accounts.get_mut(account)?;
        entry.spec.status = status;
        Some(view(entry))
    }

    /// Every account, without passwords.
    pub(crate) fn list(&self) -> Vec<PortalAccountView> {
        self.accounts.values().map(view).collect()
    }

    /// Checks a login of `account` at `facility` with `password`: the account, then the
    /// password (the lockout as an account's), then the review, then whether another device
    /// already used it. A refused login does not use the account up.
    pub(crate) fn authenticate(
        &mut self,
        facility: &str,
        account: &str,
        password: &str,
        lockout_after: u32,
    ) -> Result<(), PortalRefusal> {
        let entry = self
            .accounts
            .get_mut(account)
            .filter(|e| e.spec.medical_institution_code == facility)
            .ok_or(PortalRefusal::Unknown)?;
        let spec = &mut entry.spec;
        check_password(
            &mut spec.failed_logins,
            &spec.password,
            password,
            lockout_after,
        )
        .map_err(|r| match r {
            PasswordRefusal::Wrong => PortalRefusal::WrongPassword,
            PasswordRefusal::Locked => PortalRefusal::Locked,
        })?;
        match spec.status {
            ReviewStatus::Applied => return Err(PortalRefusal::UnderReview),
            ReviewStatus::Rejected => return Err(PortalRefusal::Rejected),
            ReviewStatus::Approved => {}
        }
        if let Some(device) = &entry.device_id {
            return Err(PortalRefusal::Used(device.clone()));
        }
        Ok(())
    }

    /// Records that `device_id` logged in with `account`.
    pub(crate) fn bind(&mut self, account: &str, device_id: &str) {
        if let Some(entry) = self.accounts.get_mut(account) {
            entry.device_id = Some(device_id.to_owned());
        }
    }
}

fn view(e: &Entry) -> PortalAccountView {
    PortalAccountView {
        account: e.spec.account.clone(),
        medical_institution_code: e.spec.medical_institution_code.clone(),
        status: e.spec.status,
        memo: e.spec.memo.clone(),
        device_id: e.device_id.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(status: ReviewStatus) -> PortalAccountSpec {
        PortalAccountSpec {
            account: "W0000001".to_owned(),
            medical_institution_code: "1319999999".to_owned(),
            password: "pw".to_owned(),
            status,
            memo: String::new(),
            failed_logins: 0,
        }
    }

    #[test]
    fn the_id_format_is_a_setting_whose_default_is_w_and_7_digits() {
        let f = PortalAccountFormat::default();
        assert!(f.accepts("W0000001"));
        for bad in [
            "W000001",
            "W00000011",
            "X0000001",
            "w0000001",
            "W000000a",
            "",
        ] {
            assert!(!f.accepts(bad), "{bad}");
        }
        assert_eq!(
            f.rule(),
            "must be W and 7 digits (setting portal_account_format)"
        );
        let other = PortalAccountFormat {
            prefix: "PC".to_owned(),
            digits: 5,
        };
        assert!(other.accepts("PC12345") && !other.accepts("W0000001"));
        assert!(PortalAccountFormat {
            prefix: "W1".to_owned(),
            digits: 7
        }
        .invalid()
        .is_some());
    }

    #[test]
    fn each_refusal_in_its_order() {
        let mut a = PortalAccounts::default();
        a.put(spec(ReviewStatus::Applied));
        let f = "1319999999";
        assert_eq!(
            a.authenticate("1310000001", "W0000001", "pw", 5),
            Err(PortalRefusal::Unknown),
            "another facility's account"
        );
        assert_eq!(
            a.authenticate(f, "W0000001", "x", 5),
            Err(PortalRefusal::WrongPassword),
            "the password before the review"
        );
        assert_eq!(
            a.authenticate(f, "W0000001", "pw", 5),
            Err(PortalRefusal::UnderReview)
        );
        a.review("W0000001", ReviewStatus::Rejected);
        assert_eq!(
            a.authenticate(f, "W0000001", "pw", 5),
            Err(PortalRefusal::Rejected)
        );
        a.review("W0000001", ReviewStatus::Approved);
        assert_eq!(a.authenticate(f, "W0000001", "pw", 5), Ok(()));
        a.bind("W0000001", "dev-1");
        assert_eq!(
            a.authenticate(f, "W0000001", "pw", 5),
            Err(PortalRefusal::Used("dev-1".to_owned()))
        );
        assert_eq!(a.list()[0].device_id.as_deref(), Some("dev-1"));
        let mut locked = PortalAccounts::default();
        locked.put(PortalAccountSpec {
            failed_logins: 2,
            ..spec(ReviewStatus::Approved)
        });
        assert_eq!(
            locked.authenticate(f, "W0000001", "x", 3),
            Err(PortalRefusal::Locked)
        );
        assert_eq!(
            locked.authenticate(f, "W0000001", "pw", 3),
            Err(PortalRefusal::Locked)
        );
    }
}
