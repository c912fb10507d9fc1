//! What `RP-login-shows-no-person` says (`docs/relying-party.md`).

use crate::reason::Reason;

/// Not a 当人認証 or a かざし.
pub(in crate::rp) fn not_login() -> Reason {
    Reason::new(
        "not a 当人認証 or a かざし (no 利用者証明用 certificate told)",
        "当人認証でもかざしでもない (利用者証明用電子証明書の通知なし)",
    )
    .message("rp/not-login")
}

/// A login's result showed the 基本4情報 `fields`.
pub(in crate::rp) fn login_shows_person(fields: &[&str]) -> Reason {
    let fields = fields.join(", ");
    Reason::new(
        format!(
            "the result of a 当人認証 or a かざし shows the 基本4情報 {fields}, which no \
             certificate verified in the run carries"
        ),
        format!(
            "当人認証またはかざしの結果が基本4情報 {fields} を示した (この実行で検証した証明書には\
             含まれない)"
        ),
    )
    .message("rp/login-shows-person")
    .code("fields", fields)
}

/// A login's result showed none of them.
pub(in crate::rp) fn login_shows_no_person() -> Reason {
    Reason::new(
        "the result of the 当人認証 or かざし shows none of the 基本4情報",
        "当人認証またはかざしの結果は基本4情報を示さない",
    )
    .message("rp/login-shows-no-person")
}
