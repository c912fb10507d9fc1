//! What `RP-renewed-same-person`, `RP-status-reason-mapped`, `RP-status-revoked-not-kept` and `RP-unlinked-no-user` say
//! (`docs/relying-party.md`).

use mynakit_protocol::{CertStatus, RevocationFault};

use crate::reason::Reason;

/// The account of `user` got `decided` where its certificate's status asks `expected`.
pub(in crate::rp) fn decision_not_mapped(
    user: &str,
    serial: &str,
    status: CertStatus,
    reason: Option<i64>,
    decided: &str,
    expected: &str,
) -> Reason {
    let why = reason.map_or_else(
        || status.to_string(),
        |code| format!("{status}, reason {code}"),
    );
    let why_ja = reason.map_or_else(
        || status.ja().to_owned(),
        |code| format!("{}、失効理由コード {code}", status.ja()),
    );
    Reason::new(
        format!(
            "{user}'s account (署名用 certificate {serial}, {why}) was decided `{decided}`; its \
             status asks `{expected}`"
        ),
        format!(
            "{user} の登録 (署名用電子証明書 {serial}、{why_ja}) への対応は `{decided}`: その状態に\
             対する対応は `{expected}`"
        ),
    )
    .message("rp/decision-not-mapped")
    .code("user", user)
    .code("decided", decided)
    .code("expected", expected)
}

/// Each of `count` accounts got the decision its status asks.
pub(in crate::rp) fn decisions_mapped(count: usize) -> Reason {
    Reason::new(
        format!("each of the {count} account(s) got the decision its certificate's status asks"),
        format!("{count} 件の登録はいずれも証明書の状態に応じた対応を受けた"),
    )
    .message("rp/decisions-mapped")
    .code("count", count.to_string())
}

/// A 現況確認 run under the revocation service's `faults`, no answer it gave trusted: the
/// decisions are `RP-status-untrusted-suspended`'s to judge.
pub(in crate::rp) fn status_under_faults(faults: &[RevocationFault]) -> Reason {
    let faults = faults
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Reason::new(
        format!(
            "the revocation service ran under the faults {faults}, and no account the client \
             did not suspend had an answer it could trust about its certificate: under those \
             faults suspending an account is always right, and one without such an answer is \
             to be suspended, as RP-status-untrusted-suspended judges"
        ),
        format!(
            "失効情報サービスは障害 {faults} のもとで動き、クライアントが停止しなかった登録で\
             証明書について信頼できる応答を受けたものはない: この障害のもとでは停止は常に正しく、\
             信頼できる応答のない登録は停止が正しい (RP-status-untrusted-suspended が判定する)"
        ),
    )
    .message("rp/status-under-faults")
    .code("faults", faults)
}

/// No account's certificate is revoked.
pub(in crate::rp) fn no_revoked_account() -> Reason {
    Reason::new(
        "no account's 署名用 certificate is revoked or unknown",
        "失効・不明の署名用電子証明書の登録はない",
    )
    .message("rp/no-revoked-account")
}

/// The account of `user`, whose certificate is `status`, was kept.
pub(in crate::rp) fn revoked_kept(user: &str, serial: &str, status: CertStatus) -> Reason {
    Reason::new(
        format!(
            "{user}'s account was kept (`keep`) although its 署名用 certificate {serial} is \
             {status} at the revocation service"
        ),
        format!(
            "署名用電子証明書 {serial} が失効情報サービスで{}なのに、{user} の登録を\
             そのまま (`keep`) にした",
            status.ja()
        ),
    )
    .message("rp/revoked-kept")
    .code("user", user)
    .code("status", status.as_str())
}

/// None of `count` revoked accounts was kept.
pub(in crate::rp) fn revoked_not_kept(count: usize) -> Reason {
    Reason::new(
        format!("none of the {count} account(s) whose certificate is revoked or unknown was kept"),
        format!("失効・不明の証明書の登録 {count} 件はいずれもそのままにされなかった"),
    )
    .message("rp/revoked-not-kept")
    .code("count", count.to_string())
}

/// No account's certificate was superseded.
pub(in crate::rp) fn no_renewed_account() -> Reason {
    Reason::new(
        "no account's 署名用 certificate is revoked for superseded (renewed)",
        "更新 (superseded) で失効した署名用電子証明書の登録はない",
    )
    .message("rp/no-renewed-account")
}

/// The renewed account of `user` was given `shown` as its user.
pub(in crate::rp) fn renewed_new_person(user: &str, serial: &str, shown: Option<&str>) -> Reason {
    let shown = shown.unwrap_or("none");
    Reason::new(
        format!(
            "{user}'s 署名用 certificate {serial} was renewed (superseded), and the result names \
             `{shown}` as the account's user (`User.{serial}`): a renewed certificate is the same \
             person"
        ),
        format!(
            "{user} の署名用電子証明書 {serial} は更新 (superseded) されたが、結果は利用者を \
             `{shown}` とした (`User.{serial}`): 更新された証明書は同じ人である"
        ),
    )
    .message("rp/renewed-new-person")
    .code("user", user)
    .code("shown", shown)
}

/// Each of `count` renewed accounts kept its user.
pub(in crate::rp) fn renewed_same_person(count: usize) -> Reason {
    Reason::new(
        format!("each of the {count} account(s) whose certificate was renewed kept its user"),
        format!("更新された証明書の登録 {count} 件はいずれも同じ利用者のままだった"),
    )
    .message("rp/renewed-same-person")
    .code("count", count.to_string())
}

/// No account's certificate was revoked for cessationOfOperation.
pub(in crate::rp) fn no_unlinked_account() -> Reason {
    Reason::new(
        "no account's 署名用 certificate is revoked for cessationOfOperation",
        "署名用電子証明書が cessationOfOperation で失効した利用者はいない",
    )
    .message("rp/no-unlinked-account")
}

/// An account whose link ended still named with a user.
pub(in crate::rp) fn unlinked_still_user(user: &str, serial: &str, shown: &str) -> Reason {
    Reason::new(
        format!(
            "the account {user}'s 署名用 certificate {serial} is revoked for \
             cessationOfOperation, but the result still names its user `{shown}`"
        ),
        format!(
            "利用者 {user} の署名用電子証明書 {serial} は cessationOfOperation で失効したのに、\
             結果がまだ利用者 `{shown}` を示した"
        ),
    )
    .message("rp/unlinked-still-user")
    .code("user", user)
    .code("serial", serial)
}

/// Each unlinked account named with no user.
pub(in crate::rp) fn unlinked_no_user(count: usize) -> Reason {
    Reason::new(
        format!("{count} account(s) revoked for cessationOfOperation, each with no user"),
        format!("cessationOfOperation で失効した {count} 件の利用者に、どれも利用者を示さなかった"),
    )
    .message("rp/unlinked-no-user")
    .code("count", count.to_string())
}
