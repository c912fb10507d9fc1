//! The result codes the mock gives, one per outcome, and the table that lets a scenario change them.
//!
//! The real 処理結果コード list (別紙6-1) is not public (`docs/service.md`, "Result codes"), so every
//! default here is **synthetic** and says so: `MOCK-E…` for errors, `MOCK-W…` for warnings. Where an
//! outcome lands in the OQS-shaped message (header `ErrorCode`, or body `ProcessingResultCode`) is
//! fixed by [`Placement`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Every outcome with its own result code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The `challenge_id` was never issued (or was forgotten long ago).
    ChallengeUnknown,
    /// The challenge's lifetime (on the scenario clock) is over.
    ChallengeExpired,
    /// The challenge was already used once.
    ChallengeReplayed,
    /// The certificate does not chain to the JPKI-TEST 利用者証明用 CA.
    CertificateUnknownCa,
    /// The certificate's notBefore is in the future.
    CertificateNotYetValid,
    /// The certificate expired and the eligibility grace period is over too.
    CertificateExpired,
    /// The certificate was revoked (scenario data).
    CertificateRevoked,
    /// The certificate's key type is not supported (e.g. the PROVISIONAL P-384 profile).
    CertificateUnsupported,
    /// The signature does not verify over the challenge with the certificate's key.
    SignatureInvalid,
    /// The card is not registered for use as a health-insurance card (保険証利用登録).
    CardNotRegistered,
    /// A renewed card whose new certificate has not been re-linked yet.
    CardNotRelinked,
    /// J-LIS is in a maintenance window and this flow needs it.
    JlisMaintenance,
    /// Registration: the terms version consented to is not the current one.
    RegistrationTermsOutdated,
    /// Registration: `consent` was not `true`.
    RegistrationNoConsent,
    /// Registration: the card is already registered.
    RegistrationAlready,
    /// Registration: only a PIN-mode proof can register a card.
    RegistrationNeedsPin,
    /// Success, with a warning: the certificate expires within 3 months.
    WarnExpiresSoon,
    /// Success, with a warning: the certificate expired but is inside the eligibility grace period.
    WarnExpiredGrace,
}

/// Where an outcome's code goes in the result message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The whole message failed: `SegmentOfResult` 9 with header `ErrorCode` / `ErrorMessage`.
    Message,
    /// The person's result failed: `ProcessingResultStatus` 2 with `ProcessingResultCode`.
    Person,
    /// Success with side information: `ProcessingResultStatus` 1 with `ProcessingResultCode`.
    Warning,
}

impl Outcome {
    /// The words of a 処理結果メッセージ that say the card is not registered for use as a health
    /// insurance card (保険証利用登録): the mock's own message for
    /// [`Outcome::CardNotRegistered`] begins with them, and a reader of a service's answer looks
    /// for them when the code is not the mock's.
    pub const NOT_REGISTERED_MESSAGE: &'static str = "保険証利用登録がされていません";

    /// Every outcome, in documentation order.
    pub const ALL: [Outcome; 18] = [
        Outcome::ChallengeUnknown,
        Outcome::ChallengeExpired,
        Outcome::ChallengeReplayed,
        Outcome::CertificateUnknownCa,
        Outcome::CertificateNotYetValid,
        Outcome::CertificateExpired,
        Outcome::CertificateRevoked,
        Outcome::CertificateUnsupported,
        Outcome::SignatureInvalid,
        Outcome::CardNotRegistered,
        Outcome::CardNotRelinked,
        Outcome::JlisMaintenance,
        Outcome::RegistrationTermsOutdated,
        Outcome::RegistrationNoConsent,
        Outcome::RegistrationAlready,
        Outcome::RegistrationNeedsPin,
        Outcome::WarnExpiresSoon,
        Outcome::WarnExpiredGrace,
    ];

    /// The outcome whose default (synthetic) code is `code`, if any.
    pub fn of_default_code(code: &str) -> Option<Outcome> {
        Outcome::ALL
            .into_iter()
            .find(|o| o.default_text().0 == code)
    }

    /// Whether the outcome refuses the card itself (its certificate or its signature): the card
    /// must be renewed or checked, not the service retried.
    pub fn card_refused(self) -> bool {
        matches!(
            self,
            Outcome::CertificateUnknownCa
                | Outcome::CertificateNotYetValid
                | Outcome::CertificateExpired
                | Outcome::CertificateRevoked
                | Outcome::CertificateUnsupported
                | Outcome::SignatureInvalid
        )
    }

    /// Where the code goes.
    pub fn placement(self) -> Placement {
        match self {
            Outcome::CardNotRegistered | Outcome::CardNotRelinked => Placement::Person,
            Outcome::WarnExpiresSoon | Outcome::WarnExpiredGrace => Placement::Warning,
            _ => Placement::Message,
        }
    }

    /// The default (synthetic) code and message.
    pub fn default_text(self) -> (&'static str, &'static str) {
        match self {
            Outcome::ChallengeUnknown => ("MOCK-E101", "チャレンジが不明です (mock: unknown challenge)"),
            Outcome::ChallengeExpired => ("MOCK-E102", "チャレンジの有効期限切れです (mock: challenge expired)"),
            Outcome::ChallengeReplayed => ("MOCK-E103", "チャレンジは使用済みです (mock: challenge already used)"),
            Outcome::CertificateUnknownCa => ("MOCK-E111", "証明書の発行者を確認できません (mock: unknown CA)"),
            Outcome::CertificateNotYetValid => ("MOCK-E112", "証明書の有効期間前です (mock: certificate not yet valid)"),
            Outcome::CertificateExpired => ("MOCK-E113", "利用者証明用電子証明書の有効期限切れです (mock: certificate expired, grace over)"),
            Outcome::CertificateRevoked => ("MOCK-E114", "利用者証明用電子証明書は失効しています (mock: certificate revoked)"),
            Outcome::CertificateUnsupported => ("MOCK-E115", "未対応の証明書です (mock: unsupported key type)"),
            Outcome::SignatureInvalid => ("MOCK-E121", "署名を検証できません (mock: bad signature)"),
            Outcome::CardNotRegistered => ("MOCK-E201", "保険証利用登録がされていません (mock: card not registered)"),
            Outcome::CardNotRelinked => ("MOCK-E202", "更新された電子証明書の紐付けが完了していません (mock: renewed card not re-linked yet)"),
            Outcome::JlisMaintenance => ("MOCK-E301", "J-LIS メンテナンス中のため処理できません (mock: J-LIS maintenance)"),
            Outcome::RegistrationTermsOutdated => ("MOCK-E211", "利用規約の版が最新ではありません (mock: outdated terms version)"),
            Outcome::RegistrationNoConsent => ("MOCK-E212", "利用規約への同意がありません (mock: no consent)"),
            Outcome::RegistrationAlready => ("MOCK-E213", "既に登録されています (mock: already registered)"),
            Outcome::RegistrationNeedsPin => ("MOCK-E214", "登録には暗証番号による本人確認が必要です (mock: PIN-mode proof required)"),
            Outcome::WarnExpiresSoon => ("MOCK-W401", "電子証明書の有効期限が3か月以内に到来します (mock: expires within 3 months)"),
            Outcome::WarnExpiredGrace => ("MOCK-W402", "電子証明書の有効期限切れです。資格確認のみ利用できます (mock: expired, inside grace)"),
        }
    }
}

/// A code and its message, as they appear in the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeText {
    /// The code (`ErrorCode` / `ProcessingResultCode`).
    pub code: String,
    /// The message (`ErrorMessage` / `ProcessingResultMessage`).
    pub message: String,
}

/// The codes in force: the defaults plus a scenario's overrides.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodeTable {
    /// Overrides by outcome name, e.g. `{"signature-invalid": {"code": "X1", "message": "…"}}`.
    #[serde(default)]
    pub overrides: BTreeMap<Outcome, CodeText>,
}

impl CodeTable {
    /// The code and message for `outcome`.
    pub fn text(&self, outcome: Outcome) -> CodeText {
        self.overrides.get(&outcome).cloned().unwrap_or_else(|| {
            let (code, message) = outcome.default_text();
            CodeText {
                code: code.to_owned(),
                message: message.to_owned(),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mocks_not_registered_message_says_the_words_a_reader_looks_for() {
        let (_, message) = Outcome::CardNotRegistered.default_text();
        assert!(
            message.starts_with(Outcome::NOT_REGISTERED_MESSAGE),
            "{message}"
        );
    }

    #[test]
    fn every_default_code_is_synthetic_and_distinct() {
        let codes: std::collections::BTreeSet<_> =
            Outcome::ALL.iter().map(|o| o.default_text().0).collect();
        assert_eq!(codes.len(), Outcome::ALL.len());
        assert!(codes.iter().all(|c| c.starts_with("MOCK-")));
    }

    #[test]
    fn overrides_replace_one_code() {
        let table: CodeTable = serde_json::from_str(
            r#"{"overrides":{"signature-invalid":{"code":"X1","message":"m"}}}"#,
        )
        .unwrap();
        assert_eq!(table.text(Outcome::SignatureInvalid).code, "X1");
        assert_eq!(table.text(Outcome::ChallengeExpired).code, "MOCK-E102");
    }
}
