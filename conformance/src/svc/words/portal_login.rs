//! What `SVC-portal-login` says (`docs/device-setup.md`, "Portal registration").

use crate::reason::Reason;
use crate::run::{Apdu, Exchange};

/// The login has no JSON body.
pub(in crate::svc) fn no_json_body() -> Reason {
    Reason::new("has no JSON body", "JSON の本文がない").message("svc/portal-no-json-body")
}

/// The login sends an activation code.
pub(in crate::svc) fn activation_code_sent() -> Reason {
    Reason::new(
        "sends an activation_code: a device registered through the portal has none (its \
             facility has no 資格確認端末 to issue one)",
        "activation_code を送っている: ポータルで登録した端末にはない (その施設には発行する\
             資格確認端末がない)",
    )
    .message("svc/portal-activation-code-sent")
}

/// The login sends a terminal account's `user` id.
pub(in crate::svc) fn user_id_sent(user: &serde_json::Value) -> Reason {
    Reason::new(
        format!("sends a terminal account's user_id ({user}) instead of the portal device account"),
        format!(
            "ポータルの端末アカウントではなく、資格確認端末のアカウントの user_id ({user}) を\
                 送っている"
        ),
    )
    .message("svc/portal-user-id-sent")
}

/// The login names no portal account (`account` was given).
pub(in crate::svc) fn no_portal_account(account: &str) -> Reason {
    Reason::new(
        format!("sends no portal_account (the device account `{account}` it was given)"),
        format!("portal_account (与えられた端末アカウント `{account}`) を送っていない"),
    )
    .message("svc/portal-no-portal-account")
}

/// The login names another account (`sent`) than the one given.
pub(in crate::svc) fn other_account(sent: &str, account: &str) -> Reason {
    Reason::new(
        format!("logs in as `{sent}`, not the device account it was given (`{account}`)"),
        format!("与えられた端末アカウント (`{account}`) ではなく `{sent}` でログインしている"),
    )
    .message("svc/portal-other-account")
}

/// The login names another facility (`sent`) than its own.
pub(in crate::svc) fn other_facility(sent: &str, facility: &str) -> Reason {
    Reason::new(
        format!("names facility `{sent}`, not its own (`{facility}`, MYNAKIT_FACILITY_CODE)"),
        format!(
            "自施設 (`{facility}`, MYNAKIT_FACILITY_CODE) ではなく施設 `{sent}` を名乗っている"
        ),
    )
    .message("svc/portal-other-facility")
    .code("facility", sent)
}

/// The login names no facility.
pub(in crate::svc) fn no_facility() -> Reason {
    Reason::new(
        "sends no medical_institution_code",
        "medical_institution_code を送っていない",
    )
    .message("svc/portal-no-facility")
}

/// No portal device account was given.
pub(in crate::svc) fn no_account_given() -> Reason {
    Reason::new(
        "the client was given no portal device account (MYNAKIT_PORTAL_ACCOUNT)",
        "クライアントにポータルの端末アカウント (MYNAKIT_PORTAL_ACCOUNT) が与えられていない",
    )
    .message("svc/portal-no-account-given")
}

/// `x` was sent, and the device never logged in.
pub(in crate::svc) fn request_without_login(x: &Exchange<'_>, account: &str) -> Reason {
    Reason::new(
        format!(
            "{} was sent, but the device never logged in with its portal device account \
                 `{account}`",
            x.describe()
        ),
        format!(
            "{} が送られたが、端末はポータルの端末アカウント `{account}` でログインして\
                     いない",
            x.describe_ja()
        ),
    )
    .message("svc/portal-request-without-login")
    .cite(x)
}

/// `apdu` went to the card, and the device never logged in.
pub(in crate::svc) fn card_without_login(apdu: &Apdu<'_>, account: &str) -> Reason {
    Reason::new(
        format!(
            "{} went to the card, but the device never logged in with its portal device \
                 account `{account}`",
            apdu.place()
        ),
        format!(
            "{} がカードへ送られたが、端末はポータルの端末アカウント `{account}` で\
                     ログインしていない",
            apdu.place()
        ),
    )
    .message("svc/portal-card-without-login")
    .cite(apdu)
}

/// The device never logged in, and did nothing else.
pub(in crate::svc) fn never_logged_in(account: &str) -> Reason {
    Reason::new(
        format!("the device never logged in with its portal device account `{account}`"),
        format!("端末はポータルの端末アカウント `{account}` でログインしていない"),
    )
    .message("svc/portal-never-logged-in")
}

/// `x` was sent before the login `login`.
pub(in crate::svc) fn request_before_login(x: &Exchange<'_>, login: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} was sent before the login ({}): a device registered through the portal logs \
             in before any patient",
            x.describe(),
            login.describe()
        ),
        format!(
            "ログイン ({}) の前に {} が送られた: ポータルで登録した端末は、患者の前に\
                 ログインする",
            login.describe_ja(),
            x.describe_ja()
        ),
    )
    .message("svc/portal-request-before-login")
    .cite(x)
    .cite(login)
}

/// `apdu` went to the card before the login `login`.
pub(in crate::svc) fn card_before_login(apdu: &Apdu<'_>, login: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} went to the card before the login ({}): a device registered through the \
             portal logs in before any patient",
            apdu.place(),
            login.describe()
        ),
        format!(
            "ログイン ({}) の前に {} がカードへ送られた: ポータルで登録した端末は、患者の\
                 前にログインする",
            login.describe_ja(),
            apdu.place()
        ),
    )
    .message("svc/portal-card-before-login")
    .cite(apdu)
    .cite(login)
}

/// The login `x` is wrong (`problem`).
pub(in crate::svc) fn bad_login(x: &Exchange<'_>, problem: &Reason) -> Reason {
    Reason::new(
        format!("{} {problem}", x.describe()),
        format!("{}: {}", x.describe_ja(), problem.ja().unwrap_or_default()),
    )
    .message("svc/portal-bad-login")
    .cite(x)
    .quoting(problem)
}

/// No login at all.
pub(in crate::svc) fn no_login() -> Reason {
    Reason::new("no login", "ログインがない").message("svc/portal-no-login")
}

/// Logged in at `last` as the portal device.
pub(in crate::svc) fn logged_in(account: &str, facility: &str, last: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "logged in with the portal device account `{account}` of facility {facility} ({}) \
             before any card command or other request, with no activation code",
            last.describe()
        ),
        format!(
            "カードへのコマンドや他のリクエストより前に、施設 {facility} のポータルの端末\
                 アカウント `{account}` で、アクティベーションコードなしにログインした ({})",
            last.describe_ja()
        ),
    )
    .message("svc/portal-logged-in")
    .code("facility", facility)
    .cite(last)
}

/// The login `last` was not answered.
pub(in crate::svc) fn not_answered(last: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the login ({}) was not answered (HTTP {})",
            last.describe(),
            last.status
        ),
        format!(
            "ログイン ({}) に応答がなかった (HTTP {})",
            last.describe_ja(),
            last.status
        ),
    )
    .message("svc/portal-not-answered")
    .cite(last)
    .code("status", last.status.to_string())
}

/// The login `last` was refused (`problem`) and the client showed `text`.
pub(in crate::svc) fn refusal_shown(
    account: &str,
    last: &Exchange<'_>,
    problem: &str,
    text: &str,
) -> Reason {
    Reason::new(
        format!(
            "the login with the portal device account `{account}` was refused ({}, {problem}) \
             and the client showed why: 「{text}」",
            last.describe()
        ),
        format!(
            "ポータルの端末アカウント `{account}` でのログインが拒否され ({}, {problem})、\
                 クライアントは理由を表示した: 「{text}」",
            last.describe_ja()
        ),
    )
    .message("svc/portal-refusal-shown")
    .cite(last)
    .code("problem", problem)
}

/// The login `last` was refused (`problem`) and the client showed nothing.
pub(in crate::svc) fn refusal_not_shown(
    account: &str,
    last: &Exchange<'_>,
    problem: &str,
) -> Reason {
    Reason::new(
        format!(
            "the login with the portal device account `{account}` was refused ({}, {problem}), \
             but the client showed the staff no reason (no display text, no result text)",
            last.describe()
        ),
        format!(
            "ポータルの端末アカウント `{account}` でのログインが拒否された ({}, {problem}) \
                 のに、クライアントは職員に理由を表示しなかった (表示のテキストも結果のテキストも\
                 ない)",
            last.describe_ja()
        ),
    )
    .message("svc/portal-refusal-not-shown")
    .cite(last)
    .code("problem", problem)
}
