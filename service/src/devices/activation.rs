//! Activation codes and activated devices (マイナ資格確認アプリ管理).
//!
//! The administrator issues an activation code (11 or 12 digits as listed) per device, with a device memo
//! (端末識別メモ情報), and invalidates it when the device is lost or retired; a code can be used
//! once. A device activates with facility code, user id, password and activation code, and
//! registers a P-256 public key that signs its later requests (`device_auth`). Sources: MHLW
//! 事務連絡 2025-05-21 別添 step 2 (codes, memo, 「無効化する」, "use about 10 minutes after
//! issue": `activation_delay_secs`), and the app's four login fields (facility code, user id,
//! password, activation code).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use p256::ecdsa::VerifyingKey;
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::devices::accounts::{
    check_password, AccountSpec, AccountView, PasswordRefusal, Role, UserId,
};
use crate::devices::portal::{
    PortalAccountSpec, PortalAccountView, PortalAccounts, PortalRefusal, ReviewStatus, Setup,
};

/// Where an activation code stands (the terminal lists 未登録 and the registered device).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum CodeStatus {
    /// 未登録: issued, not used yet.
    Unused,
    /// Used by a device.
    Activated {
        /// The device.
        device_id: String,
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// 無効化 (and the device activated with it, if any, is refused from then on).
    Invalidated {
        /// When.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
}

/// An issued activation code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivationCode {
    /// Digits, kept as a string (a leading `0` is part of it): 11 or 12 of them by default
    /// (setting `activation_code_lengths`, `docs/device-setup.md`).
    pub code: String,
    /// The facility it was issued by.
    pub medical_institution_code: String,
    /// 端末識別メモ情報.
    pub memo: String,
    /// Issue time (scenario clock).
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    /// Its state.
    #[serde(flatten)]
    pub status: CodeStatus,
}

/// An activation code as the admin API or service data gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeSpec {
    /// 医療機関コード, 10 digits.
    pub medical_institution_code: String,
    /// 端末識別メモ情報.
    pub memo: String,
    /// A fixed code (digits, as many as the setting `activation_code_lengths` allows) for
    /// reproducible scenarios; default: random, 12 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// When it was issued (scenario clock); default: when the service data is applied (its
    /// start, or a reset). An earlier time puts the code past its activation delay
    /// (`docs/device-setup.md`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("format" = "date-time")))]
    pub issued_at: Option<OffsetDateTime>,
    /// Where it stands when the data is applied: `unused` (default), `used` (another device
    /// already activated with it) or `invalidated` (無効化する was pressed).
    #[serde(default, skip_serializing_if = "SeededStatus::is_unused")]
    pub status: SeededStatus,
}

/// The state an activation code is given in service data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SeededStatus {
    /// 未登録.
    #[default]
    Unused,
    /// Already used by another device (`dev-elsewhere`).
    Used,
    /// 無効化 before the scenario starts.
    Invalidated,
}

impl SeededStatus {
    fn is_unused(&self) -> bool {
        *self == SeededStatus::Unused
    }
}

/// A facility's 環境設定情報 as far as the app is concerned: whether 外来診療等(通常とは異なる
/// 動線)機能 is on (MHLW 事務連絡 2025-05-21 別添 step ①: the app needs it), and whether it has
/// withdrawn from オンライン資格確認 (「オンライン資格確認廃止届」, 厚生労働省保険局 事務連絡
/// 「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）の導入等について（周知）」 第2の1;
/// `docs/device-setup.md`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FacilitySpec {
    /// 医療機関コード, 10 digits.
    pub medical_institution_code: String,
    /// 外来診療等(通常とは異なる動線)機能: `true` (利用する, the default) or `false`. Facilities
    /// not listed have it on.
    #[serde(default = "on")]
    pub alternative_flow: bool,
    /// Whether its オンライン資格確認廃止届 has taken effect (default `false`): then every login
    /// of its accounts and every request of its devices is refused (`facility-withdrawn`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withdrawn: bool,
    /// How it registers its devices: `terminal` (activation codes issued on its 資格確認端末,
    /// the default) or `portal` (it has no terminal: device accounts registered through the
    /// portal, `portal_accounts`; `docs/device-setup.md`, "Portal registration").
    #[serde(default, skip_serializing_if = "Setup::is_terminal")]
    pub setup: Setup,
}

fn on() -> bool {
    true
}

/// An activated device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Device {
    /// The `keyid` its signatures carry.
    pub device_id: String,
    /// Its facility.
    pub medical_institution_code: String,
    /// The account it logged in with (a terminal facility's device).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<UserId>,
    /// The account's role (a portal device's is `general`: 資格確認限定型 sees eligibility only).
    pub role: Role,
    /// The activation code it used (a terminal facility's device).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activation_code: Option<String>,
    /// The portal device account it logged in with (a portal facility's device).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal_account: Option<String>,
    /// When (scenario clock).
    #[serde(with = "time::serde::rfc3339")]
    pub activated_at: OffsetDateTime,
    /// Whether its code was invalidated since.
    pub invalidated: bool,
    /// Its public key, uncompressed SEC1, base64.
    pub public_key: String,
    #[serde(skip)]
    key: VerifyingKey,
    /// The same key as uncompressed SEC1 bytes, kept for `ring`'s verify so that no request
    /// re-encodes it (`docs/performance.md`).
    #[serde(skip)]
    sec1: Vec<u8>,
}

impl Device {
    /// The key its requests are verified with.
    pub fn key(&self) -> &VerifyingKey {
        &self.key
    }

    /// The key as an uncompressed SEC1 point (65 bytes), as `ring` verifies with it.
    pub fn key_sec1(&self) -> &[u8] {
        &self.sec1
    }
}

/// What a device sends to activate.
#[derive(Clone)]
pub struct Activation {
    /// 医療機関コード.
    pub medical_institution_code: String,
    /// ユーザID as the client sent it: one outside the format the terminal issues (2–8
    /// half-width alphanumerics) names no account, as any other unknown id.
    pub user_id: String,
    /// パスワード.
    pub password: String,
    /// アクティベーションコード.
    pub activation_code: String,
    /// The device's public key.
    pub public_key: VerifyingKey,
}

impl std::fmt::Debug for Activation {
    /// The password and the activation code never reach logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Activation")
            .field("medical_institution_code", &self.medical_institution_code)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

/// What a device of a portal facility sends to log in: its device account and password
/// (`docs/device-setup.md`, "Portal registration").
#[derive(Clone)]
pub struct PortalLogin {
    /// 医療機関コード.
    pub medical_institution_code: String,
    /// The device account id (`W0000001`).
    pub account: String,
    /// Its password.
    pub password: String,
    /// The device's public key.
    pub public_key: VerifyingKey,
}

impl std::fmt::Debug for PortalLogin {
    /// The password never reaches logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalLogin")
            .field("medical_institution_code", &self.medical_institution_code)
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

/// Why an activation or an admin change is refused. The messages of refused activations do not
/// repeat the activation code: they are sent back and journaled, and the code is a secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ActivationError {
    /// No such code at this facility.
    #[error("this activation code was not issued by this facility")]
    CodeUnknown(String),
    /// The code was invalidated.
    #[error("this activation code was invalidated")]
    CodeInvalidated(String),
    /// The code was already used by a device.
    #[error("this activation code was already used by device {1}")]
    CodeUsed(String, String),
    /// The code is too new (`activation_delay_secs`).
    #[error("this activation code is usable from {1}")]
    CodeNotYetUsable(String, String),
    /// No account with this user id at this facility.
    #[error("no account {0} at facility {1}")]
    AccountUnknown(String, String),
    /// Wrong password.
    #[error("wrong password for account {0}")]
    WrongPassword(String),
    /// The account's start date is later than today.
    #[error("account {0} starts on {1}")]
    AccountNotStarted(String, String),
    /// The account never logged in to the terminal.
    #[error("account {0} has never logged in to the terminal; log in there once first")]
    AccountNeverLoggedIn(String),
    /// The account is the terminal's 管理アカウント, not an app account.
    #[error("account {0} is the 資格確認端末's 管理アカウント (環境設定, activation codes), not an app account: log in with a 一般利用者 or 医療情報閲覧 account")]
    AdminAccount(String),
    /// An admin request repeats an existing code.
    #[error("activation code {0} already exists")]
    CodeExists(String),
    /// The facility has 外来診療等(通常とは異なる動線)機能 switched off.
    #[error("facility {0} does not use 外来診療等(通常とは異なる動線)機能; the administrator must switch it on (環境設定情報)")]
    AlternativeFlowOff(String),
    /// Too many wrong passwords: the account is locked.
    #[error(
        "account {0} is locked after too many wrong passwords; the administrator must unlock it"
    )]
    AccountLocked(String),
    /// The facility withdrew from オンライン資格確認 (オンライン資格確認廃止届).
    #[error("facility {0} has withdrawn from オンライン資格確認 (オンライン資格確認廃止届): none of its accounts or devices may be used")]
    FacilityWithdrawn(String),
    /// An activation code sent for a facility that registers its devices through the portal.
    #[error("facility {0} has no 資格確認端末 and registers its devices through the portal: log in with the device account, not an activation code")]
    FacilityUsesPortal(String),
    /// A portal device account sent for a facility that registers its devices on its terminal.
    #[error("facility {0} registers its devices on its 資格確認端末: log in with an account and an activation code")]
    FacilityUsesTerminal(String),
    /// No such portal device account at this facility.
    #[error("no portal device account {0} at facility {1}")]
    PortalAccountUnknown(String, String),
    /// The portal device account's 利用開始申請 is still under review.
    #[error("the application for device account {0} is still under review at the portal")]
    PortalUnderReview(String),
    /// The portal device account's 利用開始申請 was rejected.
    #[error("the application for device account {0} was rejected at the portal")]
    PortalRejected(String),
    /// The portal device account was already used by another device.
    #[error("device account {0} is already registered to device {1}")]
    PortalAccountUsed(String, String),
    /// Too many wrong passwords: the portal device account is locked.
    #[error("device account {0} is locked after too many wrong passwords")]
    PortalAccountLocked(String),
}

/// Accounts, codes and devices of every facility.
#[derive(Clone, Debug, Default)]
pub struct Devices {
    accounts: BTreeMap<(String, UserId), AccountSpec>,
    codes: BTreeMap<String, ActivationCode>,
    devices: HashMap<String, Device>,
    /// Facilities with 外来診療等(通常とは異なる動線)機能 off.
    flow_off: BTreeSet<String>,
    /// Facilities whose オンライン資格確認廃止届 has taken effect.
    withdrawn: BTreeSet<String>,
    /// Facilities with no 資格確認端末, whose devices register through the portal.
    portal_facilities: BTreeSet<String>,
    /// The portal's device accounts.
    portal: PortalAccounts,
}

fn random_code() -> String {
    let mut rng = rand::thread_rng();
    (0..12)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

impl Devices {
    /// Adds or replaces an account (by facility and user id).
    pub fn put_account(&mut self, account: AccountSpec) {
        let key = (
            account.medical_institution_code.clone(),
            account.user_id.clone(),
        );
        self.accounts.insert(key, account);
    }

    /// Every account, without passwords.
    pub fn accounts(&self) -> Vec<AccountView> {
        self.accounts.values().map(AccountView::from).collect()
    }

    /// Switches 外来診療等(通常とは異なる動線)機能 of `facility` on or off.
    pub fn set_alternative_flow(&mut self, facility: &str, on: bool) {
        if on {
            self.flow_off.remove(facility);
        } else {
            self.flow_off.insert(facility.to_owned());
        }
    }

    /// Records that `facility` has withdrawn from オンライン資格確認 (its オンライン資格確認廃止届
    /// took effect): every account and device of it is refused from then on.
    pub fn withdraw(&mut self, facility: &str) {
        self.withdrawn.insert(facility.to_owned());
    }

    /// Sets how `facility` registers its devices.
    pub fn set_setup(&mut self, facility: &str, setup: Setup) {
        match setup {
            Setup::Portal => self.portal_facilities.insert(facility.to_owned()),
            Setup::Terminal => self.portal_facilities.remove(facility),
        };
    }

    /// How `facility` registers its devices.
    pub fn setup(&self, facility: &str) -> Setup {
        if self.portal_facilities.contains(facility) {
            Setup::Portal
        } else {
            Setup::Terminal
        }
    }

    /// Adds or replaces a portal device account (by id).
    pub fn put_portal_account(&mut self, account: PortalAccountSpec) {
        self.portal.put(account);
    }

    /// Records the portal's review of a device account; `None` if no such account.
    pub fn review_portal_account(
        &mut self,
        account: &str,
        status: ReviewStatus,
    ) -> Option<PortalAccountView> {
        self.portal.review(account, status)
    }

    /// Every portal device account, without passwords.
    pub fn portal_accounts(&self) -> Vec<PortalAccountView> {
        self.portal.list()
    }

    /// Whether `facility` has withdrawn.
    pub fn withdrawn(&self, facility: &str) -> bool {
        self.withdrawn.contains(facility)
    }

    /// Whether `facility` has 外来診療等(通常とは異なる動線)機能 on (the default).
    pub fn alternative_flow(&self, facility: &str) -> bool {
        !self.flow_off.contains(facility)
    }

    /// Issues a code at `now` (or at the spec's `issued_at`, in the state it names).
    ///
    /// # Errors
    ///
    /// [`ActivationError::CodeExists`] if `spec.code` is taken.
    pub fn issue(
        &mut self,
        spec: CodeSpec,
        now: OffsetDateTime,
    ) -> Result<ActivationCode, ActivationError> {
        let code = match spec.code {
            Some(code) if self.codes.contains_key(&code) => {
                return Err(ActivationError::CodeExists(code))
            }
            Some(code) => code,
            None => loop {
                let code = random_code();
                if !self.codes.contains_key(&code) {
                    break code;
                }
            },
        };
        let issued_at = spec.issued_at.unwrap_or(now);
        let issued = ActivationCode {
            code: code.clone(),
            medical_institution_code: spec.medical_institution_code,
            memo: spec.memo,
            issued_at,
            status: match spec.status {
                SeededStatus::Unused => CodeStatus::Unused,
                SeededStatus::Used => CodeStatus::Activated {
                    device_id: "dev-elsewhere".to_owned(),
                    at: issued_at,
                },
                SeededStatus::Invalidated => CodeStatus::Invalidated { at: issued_at },
            },
        };
        self.codes.insert(code, issued.clone());
        Ok(issued)
    }

    /// Every code, newest last.
    pub fn codes(&self) -> Vec<ActivationCode> {
        let mut codes: Vec<_> = self.codes.values().cloned().collect();
        codes.sort_by_key(|c| c.issued_at);
        codes
    }

    /// Invalidates `code` (and its device); `None` if no such code.
    pub fn invalidate(&mut self, code: &str, now: OffsetDateTime) -> Option<ActivationCode> {
        let entry = self.codes.get_mut(code)?;
        if let CodeStatus::Activated { device_id, .. } = &entry.status {
            if let Some(device) = self.devices.get_mut(device_id) {
                device.invalidated = true;
            }
        }
        if !matches!(entry.status, CodeStatus::Invalidated { .. }) {
            entry.status = CodeStatus::Invalidated { at: now };
        }
        Some(entry.clone())
    }

    /// Invalidates every code a device activated with (and so those devices), as the
    /// administrator's 「無効化する」 at `now` would; returns the codes invalidated.
    pub fn invalidate_activated(&mut self, now: OffsetDateTime) -> Vec<ActivationCode> {
        let activated: Vec<String> = self
            .codes
            .values()
            .filter(|c| matches!(c.status, CodeStatus::Activated { .. }))
            .map(|c| c.code.clone())
            .collect();
        activated
            .iter()
            .filter_map(|code| self.invalidate(code, now))
            .collect()
    }

    /// Activates a device at `now`; codes become usable `delay` after issue; an account is
    /// locked by its `lockout_after`th wrong password in a row (0: never).
    ///
    /// # Errors
    ///
    /// [`ActivationError`] naming the first check that failed: the facility's withdrawal, its
    /// switch, code, then account.
    pub fn activate(
        &mut self,
        request: Activation,
        now: OffsetDateTime,
        delay: Duration,
        lockout_after: u32,
    ) -> Result<Device, ActivationError> {
        let facility = &request.medical_institution_code;
        self.admits(facility, Setup::Terminal)?;
        let code = request.activation_code.clone();
        let entry = self
            .codes
            .get(&code)
            .filter(|c| c.medical_institution_code == *facility)
            .ok_or_else(|| ActivationError::CodeUnknown(code.clone()))?;
        match &entry.status {
            CodeStatus::Invalidated { .. } => return Err(ActivationError::CodeInvalidated(code)),
            CodeStatus::Activated { device_id, .. } => {
                return Err(ActivationError::CodeUsed(code, device_id.clone()))
            }
            CodeStatus::Unused => {}
        }
        let usable = entry.issued_at.saturating_add(delay);
        if now < usable {
            return Err(ActivationError::CodeNotYetUsable(code, usable.to_string()));
        }
        // The terminal's アカウント管理 never issues an id outside its format, so such an id is
        // an unknown user (「ユーザIDまたはパスワードが違います」), not a malformed request; the
        // answer does not repeat what it was (it may be anything the client sent).
        let user_id = UserId::parse(&request.user_id).map_err(|_| {
            ActivationError::AccountUnknown(
                format!(
                    "(an id of {} character(s), outside the 2-8 half-width alphanumerics the terminal issues)",
                    request.user_id.chars().count()
                ),
                facility.clone(),
            )
        })?;
        let user = user_id.as_str().to_owned();
        let account = self
            .accounts
            .get_mut(&(facility.clone(), user_id.clone()))
            .ok_or_else(|| ActivationError::AccountUnknown(user.clone(), facility.clone()))?;
        check_password(
            &mut account.failed_logins,
            &account.password,
            &request.password,
            lockout_after,
        )
        .map_err(|r| match r {
            PasswordRefusal::Wrong => ActivationError::WrongPassword(user.clone()),
            PasswordRefusal::Locked => ActivationError::AccountLocked(user.clone()),
        })?;
        // After the password, so that a wrong one says nothing of what the account is.
        if account.role == Role::Admin {
            return Err(ActivationError::AdminAccount(user));
        }
        if account.start_date > mynakit_oqs::clock::to_jst(now).date() {
            return Err(ActivationError::AccountNotStarted(
                user,
                account.start_date.to_string(),
            ));
        }
        if !account.logged_in {
            return Err(ActivationError::AccountNeverLoggedIn(user));
        }
        let role = account.role;
        let device = self.register(
            facility,
            Login::Terminal(user_id, code.clone()),
            role,
            request.public_key,
            now,
        );
        if let Some(entry) = self.codes.get_mut(&code) {
            entry.status = CodeStatus::Activated {
                device_id: device.device_id.clone(),
                at: now,
            };
        }
        Ok(device)
    }

    /// Whether `facility` takes a login by the path `setup` at all, checked first in this order
    /// for both paths: its withdrawal, its 外来診療等(通常とは異なる動線)機能 switch, then whether
    /// it registers its devices that way (`docs/device-setup.md`).
    fn admits(&self, facility: &str, setup: Setup) -> Result<(), ActivationError> {
        if self.withdrawn(facility) {
            return Err(ActivationError::FacilityWithdrawn(facility.to_owned()));
        }
        if !self.alternative_flow(facility) {
            return Err(ActivationError::AlternativeFlowOff(facility.to_owned()));
        }
        match (self.setup(facility), setup) {
            (Setup::Portal, Setup::Terminal) => {
                Err(ActivationError::FacilityUsesPortal(facility.to_owned()))
            }
            (Setup::Terminal, Setup::Portal) => {
                Err(ActivationError::FacilityUsesTerminal(facility.to_owned()))
            }
            _ => Ok(()),
        }
    }

    /// Logs in a device of a portal facility at `now` with its device account: the same
    /// device, key and signatures as [`Devices::activate`], with the role `general`
    /// (資格確認限定型 sees eligibility only).
    ///
    /// # Errors
    ///
    /// [`ActivationError`] naming the first check that failed: the facility's withdrawal, its
    /// switch, its set-up (`facility-uses-terminal`), then the account (unknown, password and
    /// lockout, review, already registered).
    pub fn activate_portal(
        &mut self,
        request: PortalLogin,
        now: OffsetDateTime,
        lockout_after: u32,
    ) -> Result<Device, ActivationError> {
        let facility = &request.medical_institution_code;
        self.admits(facility, Setup::Portal)?;
        let account = request.account.clone();
        self.portal
            .authenticate(facility, &account, &request.password, lockout_after)
            .map_err(|r| match r {
                PortalRefusal::Unknown => {
                    ActivationError::PortalAccountUnknown(account.clone(), facility.clone())
                }
                PortalRefusal::WrongPassword => ActivationError::WrongPassword(account.clone()),
                PortalRefusal::Locked => ActivationError::PortalAccountLocked(account.clone()),
                PortalRefusal::UnderReview => ActivationError::PortalUnderReview(account.clone()),
                PortalRefusal::Rejected => ActivationError::PortalRejected(account.clone()),
                PortalRefusal::Used(device) => {
                    ActivationError::PortalAccountUsed(account.clone(), device)
                }
            })?;
        let device = self.register(
            facility,
            Login::Portal(account.clone()),
            Role::General,
            request.public_key,
            now,
        );
        self.portal.bind(&account, &device.device_id);
        Ok(device)
    }

    /// Registers a device of `facility` that logged in as `login`, with its key: one device
    /// record whichever way it logged in, so that every later signed request is verified the
    /// same way (`device_auth`).
    fn register(
        &mut self,
        facility: &str,
        login: Login,
        role: Role,
        public_key: VerifyingKey,
        now: OffsetDateTime,
    ) -> Device {
        let point = public_key.to_encoded_point(false);
        let mut hash = Sha256::new();
        let (user_id, activation_code, portal_account) = match login {
            Login::Terminal(user, code) => {
                hash.update(code.as_bytes());
                (Some(user), Some(code), None)
            }
            Login::Portal(account) => {
                hash.update(b"portal:");
                hash.update(account.as_bytes());
                (None, None, Some(account))
            }
        };
        hash.update(point.as_bytes());
        let device_id = format!("dev-{}", hex_prefix(&hash.finalize()));
        let device = Device {
            device_id: device_id.clone(),
            medical_institution_code: facility.to_owned(),
            user_id,
            role,
            activation_code,
            portal_account,
            activated_at: now,
            invalidated: false,
            public_key: {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD.encode(point.as_bytes())
            },
            key: public_key,
            sec1: point.as_bytes().to_vec(),
        };
        self.devices.insert(device_id, device.clone());
        device
    }

    /// The device with `device_id`.
    pub fn device(&self, device_id: &str) -> Option<&Device> {
        self.devices.get(device_id)
    }

    /// Every device.
    pub fn devices(&self) -> Vec<Device> {
        let mut devices: Vec<_> = self.devices.values().cloned().collect();
        devices.sort_by_key(|d| d.activated_at);
        devices
    }
}

/// How a device logged in: with an account and an activation code, or a portal device account.
enum Login {
    Terminal(UserId, String),
    Portal(String),
}

fn hex_prefix(bytes: &[u8]) -> String {
    hex::encode(bytes.get(..8).unwrap_or(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::accounts::Role;

    fn account(failed_logins: u32) -> AccountSpec {
        serde_json::from_value(serde_json::json!({
            "medical_institution_code": "1319999999",
            "role": "general",
            "user_id": "staff01",
            "user_name": "試験",
            "password": "pw",
            "start_date": "2026-10-01",
            "failed_logins": failed_logins,
        }))
        .expect("account")
    }

    fn code(status: SeededStatus, issued_at: Option<OffsetDateTime>) -> CodeSpec {
        CodeSpec {
            medical_institution_code: "1319999999".to_owned(),
            memo: "A".to_owned(),
            code: Some("318628523135".to_owned()),
            issued_at,
            status,
        }
    }

    fn login(password: &str) -> Activation {
        Activation {
            medical_institution_code: "1319999999".to_owned(),
            user_id: "staff01".to_owned(),
            password: password.to_owned(),
            activation_code: "318628523135".to_owned(),
            public_key: *p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng).verifying_key(),
        }
    }

    fn devices(failed: u32, status: SeededStatus, issued_at: Option<OffsetDateTime>) -> Devices {
        let mut devices = Devices::default();
        devices.put_account(account(failed));
        devices.issue(code(status, issued_at), NOW).expect("issued");
        devices
    }

    /// 2026-11-01 00:00 UTC, after the account's start date.
    const NOW: OffsetDateTime = time::macros::datetime!(2026-11-01 00:00 UTC);

    #[test]
    fn the_lockout_counts_wrong_passwords_in_a_row() {
        let mut d = devices(3, SeededStatus::Unused, None);
        let wrong = d.activate(login("x"), NOW, Duration::ZERO, 5);
        assert!(matches!(wrong, Err(ActivationError::WrongPassword(_))));
        let locked = d.activate(login("x"), NOW, Duration::ZERO, 5);
        assert!(matches!(locked, Err(ActivationError::AccountLocked(_))));
        let still = d.activate(login("pw"), NOW, Duration::ZERO, 5);
        assert!(matches!(still, Err(ActivationError::AccountLocked(_))));
        let mut never = devices(9, SeededStatus::Unused, None);
        let device = never
            .activate(login("pw"), NOW, Duration::ZERO, 0)
            .expect("0 = never");
        assert_eq!(device.role, Role::General);
    }

    #[test]
    fn invalidating_the_activated_devices_leaves_unused_codes_alone() {
        let mut d = devices(0, SeededStatus::Unused, None);
        let mut spare = code(SeededStatus::Unused, None);
        spare.code = Some("111122223333".to_owned());
        d.issue(spare, NOW).expect("issued");
        assert!(
            d.invalidate_activated(NOW).is_empty(),
            "nothing activated yet"
        );
        let device = d
            .activate(login("pw"), NOW, Duration::ZERO, 5)
            .expect("activated");
        let gone = d.invalidate_activated(NOW + Duration::minutes(1));
        assert_eq!(gone.len(), 1);
        assert_eq!(gone[0].code, "318628523135");
        assert!(d.device(&device.device_id).expect("kept").invalidated);
        let spare = d.codes().into_iter().find(|c| c.code == "111122223333");
        assert_eq!(spare.expect("spare").status, CodeStatus::Unused);
        let again = d.activate(login("pw"), NOW, Duration::ZERO, 5);
        assert!(matches!(again, Err(ActivationError::CodeInvalidated(_))));
    }

    #[test]
    fn seeded_codes_and_the_facility_switch_are_refused() {
        let mut used = devices(0, SeededStatus::Used, None);
        let answer = used.activate(login("pw"), NOW, Duration::ZERO, 5);
        assert!(matches!(answer, Err(ActivationError::CodeUsed(..))));
        let mut gone = devices(0, SeededStatus::Invalidated, None);
        let answer = gone.activate(login("pw"), NOW, Duration::ZERO, 5);
        assert!(matches!(answer, Err(ActivationError::CodeInvalidated(_))));
        let issued = NOW - Duration::minutes(15);
        let mut early = devices(0, SeededStatus::Unused, Some(issued));
        let too_new = early.activate(login("pw"), NOW, Duration::minutes(20), 5);
        assert!(matches!(
            too_new,
            Err(ActivationError::CodeNotYetUsable(..))
        ));
        early
            .activate(login("pw"), NOW, Duration::minutes(10), 5)
            .expect("issued 15 minutes ago, usable after 10");
        let mut gone = devices(0, SeededStatus::Unused, None);
        gone.withdraw("1319999999");
        let answer = gone.activate(login("pw"), NOW, Duration::ZERO, 5);
        assert!(matches!(answer, Err(ActivationError::FacilityWithdrawn(_))));
        let mut off = devices(0, SeededStatus::Unused, None);
        off.set_alternative_flow("1319999999", false);
        let answer = off.activate(login("pw"), NOW, Duration::ZERO, 5);
        assert!(matches!(
            answer,
            Err(ActivationError::AlternativeFlowOff(_))
        ));
    }
}
