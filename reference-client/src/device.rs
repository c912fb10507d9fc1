//! The device's own key and its request signatures (`docs/device-setup.md`).
//!
//! On first start the app logs in with the facility code, the account's user id and password
//! and the activation code the administrator issued for this device (MHLW 事務連絡 2025-05-21,
//! 別添「マイナ資格確認アプリ」の利用の事前準備); the service's model of that login also
//! registers a P-256 public key, and every later request is signed with HTTP Message Signatures
//! (RFC 9421, `ecdsa-p256-sha256`, §3.3.4) over `@method`, `@path`, `@query` (with a query) and
//! `content-digest` (RFC 9530), with `created`, `keyid`, `alg` and a random `nonce`.
//!
//! Written from the RFCs and `docs/service.md` alone: the reference client shares no code with
//! the service it is judged by.

use base64::Engine as _;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use rand::RngCore as _;
use sha2::{Digest as _, Sha256};

/// The algorithm name of RFC 9421 §3.3.4.
pub(crate) const ALGORITHM: &str = "ecdsa-p256-sha256";

/// A device key, and the id the service gave it once activated.
pub(crate) struct DeviceKey {
    key: SigningKey,
    /// The `device_id` of the activation: the `keyid` of every signature.
    pub(crate) id: String,
}

impl std::fmt::Debug for DeviceKey {
    /// The private key never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// The three headers of one signed request, lower-case names.
pub(crate) type SignedHeaders = [(&'static str, String); 3];

impl DeviceKey {
    /// A fresh random key, not activated yet.
    pub(crate) fn generate() -> DeviceKey {
        DeviceKey {
            key: SigningKey::random(&mut rand::rngs::OsRng),
            id: String::new(),
        }
    }

    /// The public key as an uncompressed SEC1 point, base64: what activation registers.
    pub(crate) fn public_key_base64(&self) -> String {
        let point = self.key.verifying_key().to_encoded_point(false);
        base64::engine::general_purpose::STANDARD.encode(point.as_bytes())
    }

    /// `Content-Digest`, `Signature-Input` and `Signature` for `method path_and_query` with
    /// `body` exactly as sent, `created` in Unix seconds (the system clock: a device's clock is
    /// real time whatever the scenario clock says).
    pub(crate) fn sign(
        &self,
        method: &str,
        path_and_query: &str,
        body: &[u8],
        created: i64,
    ) -> SignedHeaders {
        let (path, query) = match path_and_query.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path_and_query, None),
        };
        let digest = format!(
            "sha-256=:{}:",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body))
        );
        let mut nonce = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let nonce: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
        // RFC 9421 §2.5: one line per covered component, then `@signature-params`.
        let mut lines = vec![
            ("@method", method.to_ascii_uppercase()),
            ("@path", path.to_owned()),
        ];
        if let Some(query) = query {
            lines.push(("@query", format!("?{query}")));
        }
        lines.push(("content-digest", digest.clone()));
        let components: Vec<String> = lines
            .iter()
            .map(|(name, _)| format!("\"{name}\""))
            .collect();
        let params = format!(
            "({});created={created};keyid=\"{}\";alg=\"{ALGORITHM}\";nonce=\"{nonce}\"",
            components.join(" "),
            self.id
        );
        let mut base: String = lines
            .iter()
            .map(|(name, value)| format!("\"{name}\": {value}\n"))
            .collect();
        base.push_str(&format!("\"@signature-params\": {params}"));
        let signature: Signature = self.key.sign(base.as_bytes());
        [
            ("content-digest", digest),
            ("signature-input", format!("sig1={params}")),
            (
                "signature",
                format!(
                    "sig1=:{}:",
                    base64::engine::general_purpose::STANDARD.encode(signature.to_bytes())
                ),
            ),
        ]
    }
}

/// The system clock in Unix seconds.
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// What the staff read when the service refuses the login (`problem` is the RFC 9457 `type`'s
/// last part, `docs/service.md`, "Devices and accounts"). The words of the seed's set-up notice
/// where it has them.
pub(crate) fn refusal_text(problem: Option<&str>) -> &'static str {
    match problem {
        Some("activation-code-used") => {
            "このアクティベーションコードは使用済みです。管理者に新しいアクティベーションコードの発行を依頼してください"
        }
        Some("activation-code-invalidated" | "device-invalidated") => {
            "この端末のアクティベーションコードは無効化されています。管理者に新しいアクティベーションコードの発行を依頼してください"
        }
        Some("activation-code-not-yet-usable") => {
            "アクティベーションコードは発行から10分程度経過してから利用してください"
        }
        Some("activation-code-unknown") => {
            "アクティベーションコードが違います。管理者が発行したコードを確認してください"
        }
        Some("wrong-password" | "account-unknown") => "ユーザIDまたはパスワードが違います",
        Some("account-locked") => {
            "アカウントがロックされています。管理者にロックの解除を依頼してください"
        }
        Some("account-never-logged-in") => {
            "このアカウントは資格確認端末に一度もログインしていません。先に資格確認端末でログインしてください"
        }
        Some("admin-account") => {
            "管理アカウントではアプリにログインできません。一般利用者または医療情報閲覧のアカウントでログインしてください"
        }
        Some("account-not-started") => "このアカウントの利用開始年月日より前です",
        Some("facility-withdrawn") => {
            "この施設はオンライン資格確認廃止届によりオンライン資格確認を廃止しています。アプリは利用できません"
        }
        Some("alternative-flow-disabled") => {
            "外来診療等(通常とは異なる動線)機能が「利用する」になっていません。管理者に環境設定情報の変更を依頼してください"
        }
        Some("portal-application-under-review") => {
            "この端末の利用申請はポータルサイトで審査中です。審査の完了（承認）を待ってから利用してください"
        }
        Some("portal-application-rejected") => {
            "この端末の利用申請はポータルサイトで承認されませんでした。申請内容を確認し、改めて利用申請してください"
        }
        Some("portal-account-unknown") => "端末アカウントまたはパスワードが違います",
        Some("portal-account-used") => {
            "この端末アカウントは別の端末に登録されています。ポータルサイトでこの端末を登録してください"
        }
        Some("facility-uses-portal") => {
            "この施設はポータルサイトで端末を登録しています。端末アカウントでログインしてください"
        }
        Some("facility-uses-terminal") => {
            "この施設は資格確認端末でアクティベーションコードを発行しています。アクティベーションコードでログインしてください"
        }
        _ => "ログインできませんでした",
    }
}
