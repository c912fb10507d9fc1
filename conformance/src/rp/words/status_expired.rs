//! What `RP-status-expired-not-kept` says (`docs/relying-party.md`, "status-check"): whether an
//! account whose 署名用 certificate's validity has ended was kept.

use crate::reason::Reason;

/// No account's certificate has expired.
pub(in crate::rp) fn no_expired_account() -> Reason {
    Reason::new(
        "no account's 署名用 certificate is past its notAfter",
        "有効期間が終わった署名用電子証明書の登録はない",
    )
    .message("rp/no-expired-account")
}

/// The account of `user`, whose certificate `serial` has expired, was kept.
pub(in crate::rp) fn expired_kept(user: &str, serial: &str) -> Reason {
    Reason::new(
        format!(
            "{user}'s account was kept (`keep`) although the validity of its 署名用 certificate \
             {serial} has ended (the CRL no longer names an expired certificate)"
        ),
        format!(
            "署名用電子証明書 {serial} の有効期間が終わっているのに、{user} の登録をそのまま \
             (`keep`) にした (失効リストは有効期間の終わった証明書を載せない)"
        ),
    )
    .message("rp/expired-kept")
    .code("user", user)
    .code("serial", serial)
}

/// None of `count` expired accounts was kept.
pub(in crate::rp) fn expired_not_kept(count: usize) -> Reason {
    Reason::new(
        format!("none of the {count} account(s) whose certificate has expired was kept"),
        format!("有効期間が終わった証明書の登録 {count} 件はいずれもそのままにされなかった"),
    )
    .message("rp/expired-not-kept")
    .code("count", count.to_string())
}
