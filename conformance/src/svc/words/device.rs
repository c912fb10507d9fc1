//! What the device checks say (`SVC-device-signed`, `SVC-login-stop`, `SVC-role-respected`,
//! `SVC-device-invalidated-stop`, `SVC-activation-code-string`; `docs/device-setup.md`).

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count, Apdu, Exchange};

/// `SVC-device-signed`: the request carries no `Signature-Input`.
pub(in crate::svc) fn no_signature_input() -> Reason {
    Reason::new(
        "carries no Signature-Input: it is not signed",
        "Signature-Input がない: 署名されていない",
    )
    .message("svc/device-no-signature-input")
}

/// `SVC-device-signed`: a `Signature-Input` without its `Signature`.
pub(in crate::svc) fn no_signature() -> Reason {
    Reason::new(
        "has Signature-Input but no Signature",
        "Signature-Input はあるが Signature がない",
    )
    .message("svc/device-no-signature")
}

/// `SVC-device-signed`: the body is not covered.
pub(in crate::svc) fn no_content_digest() -> Reason {
    Reason::new(
        "carries no Content-Digest, so its body is not covered",
        "Content-Digest がなく、本文が署名の対象になっていない",
    )
    .message("svc/device-no-content-digest")
}

/// `SVC-device-signed`: the `Signature-Input` cannot be read.
pub(in crate::svc) fn signature_input_unreadable() -> Reason {
    Reason::new(
        "has a Signature-Input that is not an RFC 8941 inner list",
        "Signature-Input が RFC 8941 の inner list ではない",
    )
    .message("svc/device-signature-input-unreadable")
}

/// `SVC-device-signed`: the signature leaves out the components `missing` (`, `-joined).
pub(in crate::svc) fn not_covered(missing: &str) -> Reason {
    Reason::new(
        format!("does not cover {missing}"),
        format!("{missing} を署名の対象にしていない"),
    )
    .message("svc/device-not-covered")
    .code("components", missing)
}

/// `SVC-device-signed`: signed with another key id than the device's.
pub(in crate::svc) fn other_keyid(id: &str, device: &str) -> Reason {
    Reason::new(
        format!("is signed with keyid `{id}`, not the device's `{device}`"),
        format!("端末の `{device}` ではなく keyid `{id}` で署名されている"),
    )
    .message("svc/device-other-keyid")
}

/// `SVC-device-signed`: no key id.
pub(in crate::svc) fn no_keyid() -> Reason {
    Reason::new("has no keyid", "keyid がない").message("svc/device-no-keyid")
}

/// `SVC-device-signed`: no `created` parameter.
pub(in crate::svc) fn no_created() -> Reason {
    Reason::new("has no `created`", "`created` がない").message("svc/device-no-created")
}

/// `SVC-device-signed`: no nonce.
pub(in crate::svc) fn no_nonce() -> Reason {
    Reason::new("has no nonce", "nonce がない").message("svc/device-no-nonce")
}

/// `SVC-device-signed`: the request `x`, as another's repeated nonce names it.
pub(in crate::svc) fn request(x: &Exchange<'_>) -> Reason {
    Reason::new(x.describe(), x.describe_ja())
        .message("svc/device-request")
        .cite(x)
}

/// `SVC-device-signed`: the nonce was first used by `first` (a [`request`]).
pub(in crate::svc) fn repeated_nonce(first: &Reason) -> Reason {
    Reason::new(
        format!("repeats the nonce of {first}"),
        format!(
            "{} の nonce を繰り返している",
            first.ja().unwrap_or_default()
        ),
    )
    .message("svc/device-repeated-nonce")
    .quoting(first)
}

/// `SVC-device-signed`: the service refused the signature or the device with `status`.
pub(in crate::svc) fn signature_refused(status: u16) -> Reason {
    Reason::new(
        format!(
            "was refused by the service ({}): its signature or device was not accepted",
            status
        ),
        format!(
            "サービスに拒否された ({}): 署名または端末が受け付けられなかった",
            status
        ),
    )
    .message("svc/device-signature-refused")
    .code("status", status.to_string())
}

/// `SVC-device-signed`: no device logged in.
pub(in crate::svc) fn no_activation() -> Reason {
    Reason::new(
        "no device logged in (no successful POST /v1/activations)",
        "ログインした端末がない (成功した POST /v1/activations がない)",
    )
    .message("svc/device-no-activation")
}

/// `SVC-device-signed`: `x` is not signed as it should be (`problem`).
pub(in crate::svc) fn badly_signed(
    x: &Exchange<'_>,
    problem: &Reason,
    device: &str,
    activation: &Exchange<'_>,
) -> Reason {
    Reason::new(
        format!(
            "{} {problem} (device `{device}` logged in at {})",
            x.describe(),
            activation.describe()
        ),
        format!(
            "{}: {} (端末 `{device}` のログインは {})",
            x.describe_ja(),
            problem.ja().unwrap_or_default(),
            activation.describe_ja()
        ),
    )
    .message("svc/device-badly-signed")
    .cite(x)
    .quoting(problem)
    .cite(activation)
}

/// `SVC-device-signed`: the device logged in but sent nothing after.
pub(in crate::svc) fn nothing_after_login(device: &str, activation: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "device `{device}` logged in at {}, but made no request after it",
            activation.describe()
        ),
        format!(
            "端末 `{device}` は {} でログインしたが、その後リクエストを送っていない",
            activation.describe_ja()
        ),
    )
    .message("svc/device-nothing-after-login")
    .cite(activation)
}

/// `SVC-device-signed`: every one of the `judged` requests was signed.
pub(in crate::svc) fn all_signed(judged: usize, activation: &Exchange<'_>, device: &str) -> Reason {
    Reason::new(
        format!(
            "{} after the login at {}, each signed by device `{device}` with its own nonce",
            count(judged, "request", "requests"),
            activation.describe()
        ),
        format!(
            "{} でのログイン後のリクエスト {judged} 件、いずれも端末 `{device}` が固有の nonce で\
             署名した",
            activation.describe_ja()
        ),
    )
    .message("svc/device-all-signed")
    .count("requests", judged)
    .cite(activation)
}

/// `SVC-login-stop`: no login was refused.
pub(in crate::svc) fn no_login_refused() -> Reason {
    Reason::new("no login was refused", "拒否されたログインがない")
        .message("svc/device-no-login-refused")
}

/// `SVC-login-stop`: the password was asked again at `asked_us` after another refusal.
pub(in crate::svc) fn password_asked_again(asked_us: u64, refusal: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the client asked for the password again ({}) after the login was refused \
         for another reason than a wrong password ({}, HTTP {})",
            at(asked_us),
            refusal.describe(),
            refusal.status
        ),
        format!(
            "パスワードの誤り以外の理由でログインが拒否された ({}, HTTP {}) 後に、\
             クライアントがパスワードを再び尋ねた ({})",
            refusal.describe_ja(),
            refusal.status,
            at(asked_us)
        ),
    )
    .message("svc/device-password-asked-again")
    .cite(Cite::at(asked_us))
    .cite(refusal)
    .code("status", refusal.status.to_string())
}

/// `SVC-login-stop`: `next` was sent after the refusal (`retry`: the same login, without the
/// staff typing the password again).
pub(in crate::svc) fn sent_after_refusal(
    next: &Exchange<'_>,
    refusal: &Exchange<'_>,
    retry: bool,
) -> Reason {
    Reason::new(
        format!(
            "{} was sent after the login was refused ({}, HTTP {}){}",
            next.describe(),
            refusal.describe(),
            refusal.status,
            if retry {
                " without the staff typing the password again"
            } else {
                ""
            }
        ),
        format!(
            "ログインが拒否された ({}, HTTP {}) 後に、{}{} が送られた",
            refusal.describe_ja(),
            refusal.status,
            if retry {
                "職員がパスワードを入力し直さないまま "
            } else {
                ""
            },
            next.describe_ja()
        ),
    )
    .message("svc/device-sent-after-refusal")
    .cite(next)
    .cite(refusal)
    .code("status", refusal.status.to_string())
}

/// `SVC-login-stop`: `retyped` wrong passwords typed again, then logged in at `last`.
pub(in crate::svc) fn logged_in_after_retyping(retyped: usize, last: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} wrong password(s) typed again by the staff; logged in at {}",
            retyped,
            last.describe()
        ),
        format!(
            "誤ったパスワード {retyped} 件を職員が入力し直した; {} でログインした",
            last.describe_ja()
        ),
    )
    .message("svc/device-logged-in-after-retyping")
    .count("retyped", retyped)
    .cite(last)
}

/// `SVC-login-stop`: the last login was refused (what [`card_after`] and [`result_after`]
/// follow).
pub(in crate::svc) fn login_refused(last: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the login was refused ({}, HTTP {})",
            last.describe(),
            last.status
        ),
        format!(
            "ログインが拒否された ({}, HTTP {})",
            last.describe_ja(),
            last.status
        ),
    )
    .message("svc/device-login-refused")
    .cite(last)
    .code("status", last.status.to_string())
}

/// `SVC-login-stop`: the refusal ended the flow (after `retyped` wrong passwords typed again).
pub(in crate::svc) fn login_stopped(last: &Exchange<'_>, retyped: usize) -> Reason {
    let (retyped_en, retyped_ja) = if retyped == 0 {
        (String::new(), String::new())
    } else {
        (
            format!(" after {retyped} wrong password(s) typed again by the staff"),
            format!(" (誤ったパスワード {retyped} 件を職員が入力し直した後)"),
        )
    };
    Reason::new(
        format!(
            "the login was refused ({}, HTTP {}){retyped_en}; nothing followed, and the result is \
         service-error",
            last.describe(),
            last.status
        ),
        format!(
            "ログインが拒否された ({}, HTTP {}){retyped_ja}; その後は何も送らず、結果は \
             service-error",
            last.describe_ja(),
            last.status
        ),
    )
    .message("svc/device-login-stopped")
    .cite(last)
    .code("status", last.status.to_string())
    .count("retyped", retyped)
}

/// `SVC-role-respected`, `SVC-device-invalidated-stop`: no device logged in.
pub(in crate::svc) fn no_device() -> Reason {
    Reason::new("no device logged in", "ログインした端末がない").message("svc/device-no-device")
}

/// `SVC-role-respected`: a general account's device asked for medical information in `x`.
pub(in crate::svc) fn general_asked(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} asked for medical information, but the account's role is 一般利用者 (general)",
            x.describe()
        ),
        format!(
            "{} が医療情報を求めたが、アカウントの権限は一般利用者 (general)",
            x.describe_ja()
        ),
    )
    .message("svc/device-general-asked")
    .cite(x)
}

/// `SVC-role-respected`: a general account's device shows `field`.
pub(in crate::svc) fn general_shows(field: &str) -> Reason {
    Reason::new(
        format!("the result shows {field}, but the account's role is 一般利用者 (general)"),
        format!("結果が {field} を表示しているが、アカウントの権限は一般利用者 (general)"),
    )
    .message("svc/device-general-shows")
    .code("field", field)
}

/// `SVC-role-respected`: a general account kept to its role.
pub(in crate::svc) fn general_kept() -> Reason {
    Reason::new(
        "a 一般利用者 (general) account neither asked for nor showed medical information",
        "一般利用者 (general) のアカウントは医療情報を求めも表示もしなかった",
    )
    .message("svc/device-general-kept")
}

/// `SVC-role-respected`: the `role` account did not ask.
pub(in crate::svc) fn role_did_not_ask(role: &str) -> Reason {
    Reason::new(
        format!("the {role} account did not ask for medical information"),
        format!("{role} のアカウントは医療情報を求めなかった"),
    )
    .message("svc/device-role-did-not-ask")
    .code("role", role)
}

/// `SVC-role-respected`: `x` has no result.
pub(in crate::svc) fn no_result(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("{} answered no result", x.describe()),
        format!("{} に結果の応答がない", x.describe_ja()),
    )
    .message("svc/device-no-result")
    .cite(x)
}

/// `SVC-role-respected`: the answer to `x` has no 特定疾病 data.
pub(in crate::svc) fn no_specific_diseases(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} asked for medical information; the answer carries no 特定疾病 data",
            x.describe()
        ),
        format!(
            "{} は医療情報を求めたが、応答に特定疾病の情報がない",
            x.describe_ja()
        ),
    )
    .message("svc/device-no-specific-diseases")
    .cite(x)
}

/// `SVC-role-respected`: 特定疾病 data received (`category`) but not shown.
pub(in crate::svc) fn specific_diseases_dropped(
    x: &Exchange<'_>,
    category: &str,
    role: &str,
) -> Reason {
    Reason::new(
        format!(
            "{} asked for and received 特定疾病 data (SpecificDiseasesDiseaseCategory \
         {category}) for the {role} account, but the result shows none of it",
            x.describe()
        ),
        format!(
            "{} が {role} のアカウントで特定疾病の情報 (SpecificDiseasesDiseaseCategory \
                 {category}) を求めて受け取ったが、結果はそのどれも表示していない",
            x.describe_ja()
        ),
    )
    .message("svc/device-specific-diseases-dropped")
    .cite(x)
    .code("category", category)
    .code("role", role)
}

/// `SVC-role-respected`: the `role` account asked in `x` and shows `shown` (`, `-joined).
pub(in crate::svc) fn medical_shown(role: &str, x: &Exchange<'_>, shown: &str) -> Reason {
    Reason::new(
        format!(
            "the {role} account asked for medical information ({}) and shows {shown}",
            x.describe()
        ),
        format!(
            "{role} のアカウントが医療情報を求め ({})、{shown} を表示している",
            x.describe_ja()
        ),
    )
    .message("svc/device-medical-shown")
    .code("role", role)
    .cite(x)
    .code("fields", shown)
}

/// `SVC-login-stop`, `SVC-device-invalidated-stop`: `apdu` went to the card after `what`.
pub(in crate::svc) fn card_after(apdu: &Apdu<'_>, what: &Reason) -> Reason {
    let what_ja = what.ja().unwrap_or_default();
    Reason::new(
        format!("{} went to the card after {what}", apdu.place()),
        format!("{what_ja}後に {} がカードへ送られた", apdu.place()),
    )
    .message("svc/device-card-after")
    .cite(apdu)
    .quoting(what)
}

/// `SVC-login-stop`, `SVC-device-invalidated-stop`: after `what`, the result is `outcome`.
pub(in crate::svc) fn result_after(what: &Reason, outcome: &str) -> Reason {
    let what_ja = what.ja().unwrap_or_default();
    Reason::new(
        format!("{what}, but the result is {outcome}, not service-error"),
        format!("{what_ja}のに、結果が service-error ではなく {outcome}"),
    )
    .message("svc/device-result-after")
    .quoting(what)
    .code("outcome", outcome)
}

/// `SVC-device-invalidated-stop`: the device was never refused as invalidated.
pub(in crate::svc) fn not_invalidated(device: &str, activation: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "device `{device}` was not refused as invalidated after its login ({})",
            activation.describe()
        ),
        format!(
            "端末 `{device}` はログイン ({}) の後に無効化済みとして拒否されていない",
            activation.describe_ja()
        ),
    )
    .message("svc/device-not-invalidated")
    .cite(activation)
}

/// `SVC-device-invalidated-stop`: `next` followed the refusal `refused` (`again`: a new login).
pub(in crate::svc) fn sent_after_invalidation(
    next: &Exchange<'_>,
    again: bool,
    refused: &Exchange<'_>,
    device: &str,
) -> Reason {
    let (what, what_ja) = if again {
        (
            "logged in again (with the activation code of the invalidated device)",
            "で再びログインした (無効化された端末のアクティベーションコードで)",
        )
    } else {
        ("was sent", "が送られた")
    };
    Reason::new(
        format!(
            "{} {what} after {} refused device `{device}` as invalidated",
            next.describe(),
            refused.describe()
        ),
        format!(
            "{} が端末 `{device}` を無効化済みとして拒否した後に、{} {what_ja}",
            refused.describe_ja(),
            next.describe_ja()
        ),
    )
    .message("svc/device-sent-after-invalidation")
    .cite(next)
    .cite(refused)
}

/// `SVC-device-invalidated-stop`: `refused` refused the device (what [`card_after`] and
/// [`result_after`] follow).
pub(in crate::svc) fn refused_invalidated(refused: &Exchange<'_>, device: &str) -> Reason {
    Reason::new(
        format!(
            "{} refused device `{device}` as invalidated",
            refused.describe()
        ),
        format!(
            "{} が端末 `{device}` を無効化済みとして拒否した",
            refused.describe_ja()
        ),
    )
    .message("svc/device-refused-invalidated")
    .cite(refused)
}

/// `SVC-device-invalidated-stop`: the invalidation ended the flow.
pub(in crate::svc) fn invalidated_stopped(
    refused: &Exchange<'_>,
    device: &str,
    activation: &Exchange<'_>,
) -> Reason {
    Reason::new(
        format!(
            "{} refused device `{device}` as invalidated (logged in at {}); nothing followed, and \
         the result is service-error",
            refused.describe(),
            activation.describe()
        ),
        format!(
            "{} が端末 `{device}` を無効化済みとして拒否した ({} でログイン); その後は何も送らず、\
             結果は service-error",
            refused.describe_ja(),
            activation.describe_ja()
        ),
    )
    .message("svc/device-invalidated-stopped")
    .cite(refused)
    .cite(activation)
}

/// `SVC-activation-code-string`: the code went out as a JSON number.
pub(in crate::svc) fn code_as_number() -> Reason {
    Reason::new(
        "sends `activation_code` as a JSON number: a leading 0 is lost and the code is not \
         the one issued",
        "`activation_code` を JSON の数値で送っている: 先頭の 0 が失われ、発行されたコードと\
         異なるものになる",
    )
    .message("svc/device-code-as-number")
}

/// `SVC-activation-code-string`: the code went out as a JSON `kind` (null, boolean, …).
pub(in crate::svc) fn code_as_kind(kind: &str) -> Reason {
    Reason::new(
        format!("sends `activation_code` as a JSON {kind}"),
        format!("`activation_code` を JSON の {kind} で送っている"),
    )
    .message("svc/device-code-as-kind")
    .code("kind", kind)
}

/// `SVC-activation-code-string`: no code at all.
pub(in crate::svc) fn no_code() -> Reason {
    Reason::new("has no `activation_code`", "`activation_code` がない")
        .message("svc/device-no-code")
}

/// `SVC-activation-code-string`: a string of `n` characters, not all ASCII digits (the code
/// itself is a secret).
pub(in crate::svc) fn code_not_digits(n: usize) -> Reason {
    Reason::new(
        format!(
            "sends `activation_code` as a string of {n} characters that are not all ASCII \
                     digits"
        ),
        format!("`activation_code` を ASCII の数字だけではない {n} 文字の文字列で送っている"),
    )
    .message("svc/device-code-not-digits")
    .count("characters", n)
}

/// `SVC-activation-code-string`: no login with an activation code.
pub(in crate::svc) fn no_code_login() -> Reason {
    Reason::new(
        "no login with an activation code (no POST /v1/activations, or only portal logins)",
        "アクティベーションコードによるログインがない (POST /v1/activations がない、または\
             ポータルのログインだけ)",
    )
    .message("svc/device-no-code-login")
}

/// `SVC-activation-code-string`: the login `x` has no JSON body.
pub(in crate::svc) fn no_json_body(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("{} has no JSON body", x.describe()),
        format!("{} に JSON の本文がない", x.describe_ja()),
    )
    .message("svc/device-no-json-body")
    .cite(x)
}

/// `SVC-activation-code-string`: the login `x` sends its code wrong (`problem`).
pub(in crate::svc) fn code_problem(x: &Exchange<'_>, problem: &Reason) -> Reason {
    Reason::new(
        format!("{} {problem}", x.describe()),
        format!("{}: {}", x.describe_ja(), problem.ja().unwrap_or_default()),
    )
    .message("svc/device-code-problem")
    .cite(x)
    .quoting(problem)
}

/// `SVC-activation-code-string`: every one of the `logins` sent a string of digits.
pub(in crate::svc) fn codes_as_strings(logins: usize) -> Reason {
    Reason::new(
        format!(
            "{} sent the activation code as a string of digits",
            count(logins, "login", "logins")
        ),
        format!(
            "ログイン {} 件がアクティベーションコードを数字の文字列で送った",
            logins
        ),
    )
    .message("svc/device-codes-as-strings")
    .count("logins", logins)
}
