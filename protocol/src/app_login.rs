//! The app's own login (`docs/client-protocol.md`, "The app's own login"): a mobile
//! マイナ資格確認アプリ opens on a login screen unlocked by 「（生体認証）（ログインパスコード）」 before the
//! staff choose the confirmation method and read the card (厚生労働省保険局 令和5年11月
//! 「オンライン資格確認（資格確認限定型）の導入が始まります」, the mobile screen flow). The app says how
//! it unlocked with an `app-login` line.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How the app unlocked itself.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum AppLoginMethod {
    /// 生体認証: the device's biometrics (Android `BiometricPrompt`, iOS `LAContext`).
    Biometric,
    /// ログインパスコード: the app's or the device's passcode.
    Passcode,
}

impl AppLoginMethod {
    /// The wire name (`biometric`, `passcode`).
    pub fn name(self) -> &'static str {
        match self {
            AppLoginMethod::Biometric => "biometric",
            AppLoginMethod::Passcode => "passcode",
        }
    }
}
