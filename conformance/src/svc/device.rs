//! The app's own set-up: a device that logged in (activation) signs every later request
//! (`docs/device-setup.md`). Judged from the request headers the service recorded
//! (`Exchange::headers`), never from what the client says about itself.

use mynakit_oqs::ElementName;
use mynakit_protocol::service_paths as paths;
use std::collections::HashMap;

use mynakit_protocol::{ClientMessage, HarnessMessage, REDACTED};

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{answers, visit_end_us, visit_starts, Exchange, Run};

use super::words::device as words;

/// The activation route: the only request a device makes before it has a key id.
pub(crate) const ACTIVATIONS: &str = paths::ACTIVATIONS;

/// Requests that never need a signature (`docs/service.md`, "Request signatures").
pub(crate) const EXEMPT: [&str; 3] = [paths::HEALTH, paths::OPENAPI, ACTIVATIONS];

check! {
    /// `SVC-device-signed`: after its login, every request of the device is signed by it.
    DeviceSigned {
        id: "SVC-device-signed",
        severity: Failed,
        rule: "After a successful POST /v1/activations, every request to the service (but health \
               and the OpenAPI document) carries RFC 9421 Signature-Input and Signature headers \
               and a Content-Digest, with keyid = the device_id the activation answered, \
               covering @method, @path, @query (when there is a query) and content-digest, with \
               created and a nonce used once.",
        rationale: "資格確認限定型 lets only an authenticated device use the app (端末認証: \
                    「端末認証を行い、当該端末のみでアプリ利用可能とする」). A request that is not \
                    signed by the device, or signed without the body's digest or the query, could \
                    be sent or altered by anyone on the way; a repeated nonce makes two requests \
                    indistinguishable from a replay.",
        reference: "厚生労働省保険局 令和5年11月「オンライン資格確認（資格確認限定型）の導入が始まります」\
                    (端末認証); RFC 9421 §2.5, §3.3.4, §7.2.2 (nonce); RFC 9530 (Content-Digest); \
                    docs/device-setup.md",
        evaluate: device_signed,
    }
}

/// The `device_id` of the first successful activation and where it was.
pub(crate) fn activated_device<'r, 'a>(run: &'r Run<'a>) -> Option<(String, &'r Exchange<'a>)> {
    run.exchanges()
        .filter(|x| x.is("POST", ACTIVATIONS) && x.received_with(201))
        .find_map(|x| {
            let id = x
                .response_body
                .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
                .and_then(|v| v.get("device_id")?.as_str().map(str::to_owned))?;
            Some((id, x))
        })
}

/// The parts of a `Signature-Input` value this check reads.
struct SignatureInput<'a> {
    components: Vec<&'a str>,
    params: HashMap<&'a str, &'a str>,
}

/// Reads the first member of a `Signature-Input` dictionary: `label=("c1" "c2");k=v;…`.
fn signature_input(value: &str) -> Option<SignatureInput<'_>> {
    let (_, member) = value.split_once('=')?;
    let member = member.trim_start();
    let inner = member.strip_prefix('(')?;
    let (list, params) = inner.split_once(')')?;
    let components = list
        .split_whitespace()
        .map(|c| c.trim_matches('"'))
        .collect();
    let params = params
        .split(',')
        .next()
        .unwrap_or_default()
        .split(';')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim().trim_matches('"')))
        .collect();
    Some(SignatureInput { components, params })
}

/// What is wrong with how `x` is signed for `device`, if anything.
fn signing_problem(
    x: &Exchange<'_>,
    device: &str,
    nonces: &mut HashMap<String, Reason>,
) -> Option<Reason> {
    let Some(input) = x.headers.get("signature-input") else {
        return Some(words::no_signature_input());
    };
    if !x.headers.contains_key("signature") {
        return Some(words::no_signature());
    }
    if !x.headers.contains_key("content-digest") {
        return Some(words::no_content_digest());
    }
    let Some(input) = signature_input(input) else {
        return Some(words::signature_input_unreadable());
    };
    let covers = |names: &[&str]| names.iter().any(|n| input.components.contains(n));
    let mut missing = Vec::new();
    if !covers(&["@method", "@request-target"]) {
        missing.push("@method");
    }
    if !covers(&["@path", "@target-uri", "@request-target"]) {
        missing.push("@path");
    }
    if x.query.is_some() && !covers(&["@query", "@target-uri", "@request-target"]) {
        missing.push("@query");
    }
    if !covers(&["content-digest"]) {
        missing.push("content-digest");
    }
    if !missing.is_empty() {
        return Some(words::not_covered(&missing.join(", ")));
    }
    match input.params.get("keyid") {
        Some(id) if *id == device => {}
        Some(id) => return Some(words::other_keyid(id, device)),
        None => return Some(words::no_keyid()),
    }
    if !input.params.contains_key("created") {
        return Some(words::no_created());
    }
    let Some(nonce) = input.params.get("nonce") else {
        return Some(words::no_nonce());
    };
    if let Some(first) = nonces.insert((*nonce).to_owned(), words::request(x)) {
        return Some(words::repeated_nonce(&first));
    }
    // 401 is always a signature refusal; a 403 only when it names the device (a role or a
    // facility refusal is about the request, not its signature: docs/service.md). An
    // invalidation (無効化する) is the administrator's act, not the signature's fault:
    // SVC-device-invalidated-stop judges what follows it.
    let device_refused = x.response_body.is_some_and(|b| {
        ["alternative-flow-disabled"]
            .iter()
            .any(|t| b.contains(&format!("urn:mynakit:problem:{t}")))
    });
    if x.status == 401 || (x.status == 403 && device_refused) {
        return Some(words::signature_refused(x.status));
    }
    None
}

fn device_signed(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some((device, activation)) = activated_device(run) else {
        return Verdict::NotApplicable(words::no_activation());
    };
    let mut nonces = HashMap::new();
    let mut judged = 0;
    for x in run
        .exchanges()
        .filter(|x| x.n > activation.n && !EXEMPT.contains(&x.path))
    {
        judged += 1;
        if let Some(problem) = signing_problem(x, &device, &mut nonces) {
            return Verdict::Fail(words::badly_signed(x, &problem, &device, activation));
        }
    }
    if judged == 0 {
        return Verdict::NotApplicable(words::nothing_after_login(&device, activation));
    }
    Verdict::Pass(words::all_signed(judged, activation, &device))
}

check! {
    /// `SVC-login-stop`: a refused login ends the flow (but a wrong password the staff type again).
    LoginStop {
        id: "SVC-login-stop",
        severity: Failed,
        rule: "When the service refuses POST /v1/activations (any 4xx: a used, invalidated, \
               unknown or too new code, a wrong password, a locked account, an account before \
               its 利用開始年月日 or never logged in to the terminal, the facility's \
               外来診療等(通常とは異なる動線)機能 off, a facility that has withdrawn), the client sends nothing more to the \
               service (no retry of the same login, no unsigned request), touches no card, and \
               its result is service-error. The one exception: after a wrong password, when the \
               staff type the password (a password ask), the client may log in again with what \
               they typed; after any other refusal, a locked account included, it asks for no \
               password.",
        rationale: "The same code and password are refused again; retrying a wrong password by \
                    itself spends the account's attempts until it is locked, and going on \
                    without a device would send patient data from an unauthenticated device. The \
                    staff must see why (a new code from the administrator, the password, the \
                    10-minute wait) before any patient's card is read. A login screen lets the \
                    staff retype a mistyped password, but once the account is locked only the \
                    administrator can unlock it: asking again only invites more attempts.",
        reference: "MHLW 事務連絡 2025-05-21 別添「マイナ資格確認アプリ」の利用の事前準備 (codes \
                    used once, 「無効化する」, 「10分程度経過してから利用してください」, the \
                    facility switch; step ③: 利用開始年月日, 「一度もアカウントにログインしていないと、\
                    アプリを利用することができない」); 厚生労働省保険局 令和5年11月 (ログイン画面); \
                    厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認\
                    限定型）の導入等について（周知）」第2の1 (オンライン資格確認廃止届); \
                    docs/device-setup.md",
        evaluate: login_stop,
    }
}

/// Whether the service refused `x` with the problem type `problem` (`docs/service.md`).
fn refused_with(x: &Exchange<'_>, problem: &str) -> bool {
    x.response_body
        .is_some_and(|b| b.contains(&format!("urn:mynakit:problem:{problem}")))
}

fn login_stop(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let logins: Vec<&Exchange<'_>> = run
        .exchanges()
        .filter(|x| x.is("POST", ACTIVATIONS))
        .collect();
    let refused = |x: &Exchange<'_>| (400..500).contains(&x.status);
    if !logins.iter().any(|x| refused(x)) {
        return Verdict::NotApplicable(words::no_login_refused());
    }
    // When the staff typed a password (the answers to `password` asks) and when one was asked.
    let typed: Vec<u64> = answers(run)
        .into_iter()
        .filter(|(_, _, _, reply)| matches!(reply, HarnessMessage::Password { .. }))
        .map(|(_, t_us, _, _)| t_us)
        .collect();
    let asked: Vec<u64> = run
        .client_lines()
        .filter(|(_, _, m)| matches!(m, ClientMessage::Password { .. }))
        .map(|(_, t_us, _)| t_us)
        .collect();
    let mut retyped = 0;
    // What follows a refusal is paired within its visit's process: another visit's login is
    // another day's (docs/conformance.md, "Pairing by visit").
    let starts = visit_starts(run);
    for refusal in logins.iter().filter(|x| refused(x)) {
        let wrong_password = refused_with(refusal, "wrong-password");
        let visit_end = visit_end_us(run, &starts, refusal.t_us);
        if !wrong_password {
            if let Some(t) = asked.iter().find(|t| **t > refusal.t_us && **t < visit_end) {
                return Verdict::Fail(words::password_asked_again(*t, refusal));
            }
        }
        let Some(next) = run
            .exchanges()
            .find(|x| x.n > refusal.n && x.start_us() < visit_end)
        else {
            continue;
        };
        let staff_typed = typed
            .iter()
            .any(|t| *t > refusal.t_us && *t <= next.start_us());
        if wrong_password && next.is("POST", ACTIVATIONS) && staff_typed {
            retyped += 1;
            continue;
        }
        let retry = wrong_password && next.is("POST", ACTIVATIONS);
        return Verdict::Fail(words::sent_after_refusal(next, refusal, retry));
    }
    let Some(last) = logins.last() else {
        return Verdict::NotApplicable(words::no_login_refused());
    };
    if last.status == 201 {
        return Verdict::Pass(words::logged_in_after_retyping(retyped, last));
    }
    if let Some(fail) = card_or_result_after(e, run, last, &words::login_refused(last)) {
        return fail;
    }
    Verdict::Pass(words::login_stopped(last, retyped))
}

/// The role the first successful login answered (`general`, `medical-information`).
fn logged_in_role(run: &Run<'_>) -> Option<String> {
    let (_, activation) = activated_device(run)?;
    let body: serde_json::Value = serde_json::from_str(activation.response_body?).ok()?;
    body.get("role")?.as_str().map(str::to_owned)
}

check! {
    /// `SVC-role-respected`: the account's role decides what is asked for and shown.
    RoleRespected {
        id: "SVC-role-respected",
        severity: Failed,
        rule: "A device whose account has the role 一般利用者 (general) never asks for medical \
               information (include_medical_information) and shows no 特定疾病 field \
               (SpecificDiseases…); one of the role 医療情報閲覧 (medical-information) that asked \
               for it shows the 特定疾病 fields it received.",
        rationale: "The administrator gives each app account a 権限区分, 一般利用者 or 医療情報閲覧: \
                    who may see a patient's medical information is the facility's decision. \
                    The 特定疾病 data names the patient's disease (人工透析, 血友病, …); a general \
                    account's device that asks for it or shows it discloses it beyond that \
                    decision, and a medical-information account that drops it hides what its \
                    user was given the right to see.",
        reference: "MHLW 事務連絡 2025-05-21 別添「マイナ資格確認アプリ」の利用の事前準備, step ③ \
                    (権限区分: 一般利用者 / 医療情報閲覧); OQS SpecificDiseasesCertificateInfo \
                    (hangilc/myclinic-ts packages/onshi-result); docs/viewing.md",
        evaluate: role_respected,
    }
}

fn role_respected(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(role) = logged_in_role(run) else {
        return Verdict::NotApplicable(words::no_device());
    };
    let asked: Vec<&Exchange<'_>> = run
        .exchanges()
        .filter(|x| {
            x.is("POST", paths::CONFIRMATIONS)
                && x.request
                    .as_ref()
                    .and_then(|r| r.get("include_medical_information"))
                    .and_then(serde_json::Value::as_bool)
                    == Some(true)
        })
        .collect();
    let shown: Vec<&String> = e
        .result
        .fields
        .keys()
        .filter(|k| k.starts_with("SpecificDiseases"))
        .collect();
    if role == "general" {
        if let Some(x) = asked.first() {
            return Verdict::Fail(words::general_asked(x));
        }
        if let Some(field) = shown.first() {
            return Verdict::Fail(words::general_shows(field));
        }
        // The role bound this device and it kept to it: the rule held (the detection matrix's
        // `viewing-general-role` row).
        return Verdict::Pass(words::general_kept());
    }
    let Some(x) = asked.last() else {
        return Verdict::NotApplicable(words::role_did_not_ask(&role));
    };
    let Some(oqs) = x.oqs() else {
        return Verdict::NotApplicable(words::no_result(x));
    };
    let received = oqs.get(ElementName::SpecificDiseasesDiseaseCategory);
    match (received, shown.is_empty()) {
        (None, _) => Verdict::NotApplicable(words::no_specific_diseases(x)),
        (Some(category), true) => {
            Verdict::Fail(words::specific_diseases_dropped(x, &category, &role))
        }
        (Some(_), false) => {
            let shown = shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            Verdict::Pass(words::medical_shown(&role, x, &shown))
        }
    }
}

/// After the device was refused (`refusal`, described by `what`): the failure if an APDU went
/// to the card later or the result is not `service-error` (`SVC-login-stop`,
/// `SVC-device-invalidated-stop`).
fn card_or_result_after(
    e: &Evidence<'_>,
    run: &Run<'_>,
    refusal: &Exchange<'_>,
    what: &Reason,
) -> Option<Verdict> {
    let visit_end = visit_end_us(run, &visit_starts(run), refusal.t_us);
    if let Some(apdu) = run
        .apdus()
        .find(|a| a.t_us > refusal.t_us && a.t_us < visit_end)
    {
        return Some(Verdict::Fail(words::card_after(apdu, what)));
    }
    (e.result.outcome != mynakit_protocol::Outcome::ServiceError)
        .then(|| Verdict::Fail(words::result_after(what, &e.result.outcome.to_string())))
}

/// Whether the service refused `x` because its device was invalidated (「無効化する」).
fn refused_as_invalidated(x: &Exchange<'_>) -> bool {
    x.status == 403
        && x.response_body
            .is_some_and(|b| b.contains("urn:mynakit:problem:device-invalidated"))
}

check! {
    /// `SVC-device-invalidated-stop`: a device invalidated mid-session stops.
    DeviceInvalidatedStop {
        id: "SVC-device-invalidated-stop",
        severity: Failed,
        rule: "When, after a successful login, the service refuses a request because the device \
               was invalidated (403 device-invalidated: the administrator pressed 「無効化する」), \
               the client sends nothing more to the service (no retry, no new login with the \
               activation code it holds, no unsigned request), touches no card, and its result \
               is service-error.",
        rationale: "The administrator invalidates a device that was lost, stolen or retired; from \
                    then on it must not be used for patients. Retrying, or logging in again with \
                    the old code, treats the refusal as a glitch and would put the device back \
                    into use behind the administrator's back; the staff must be told to ask the \
                    administrator for a new activation code.",
        reference: "MHLW 事務連絡 2025-05-21 別添「マイナ資格確認アプリ」の利用の事前準備, step ② \
                    (「無効化する」); 厚生労働省保険局 令和5年11月 (端末認証: 「当該端末のみでアプリ\
                    利用可能とする」); docs/device-setup.md",
        evaluate: device_invalidated_stop,
    }
}

fn device_invalidated_stop(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some((device, activation)) = activated_device(run) else {
        return Verdict::NotApplicable(words::no_device());
    };
    let Some(refused) = run
        .exchanges()
        .find(|x| x.n > activation.n && refused_as_invalidated(x))
    else {
        return Verdict::NotApplicable(words::not_invalidated(&device, activation));
    };
    if let Some(next) = run.exchanges().find(|x| x.n > refused.n) {
        let again = next.is("POST", ACTIVATIONS);
        return Verdict::Fail(words::sent_after_invalidation(
            next, again, refused, &device,
        ));
    }
    let what = words::refused_invalidated(refused, &device);
    if let Some(fail) = card_or_result_after(e, run, refused, &what) {
        return fail;
    }
    Verdict::Pass(words::invalidated_stopped(refused, &device, activation))
}

check! {
    /// `SVC-activation-code-string`: the activation code goes out as the string of digits given.
    ActivationCodeString {
        id: "SVC-activation-code-string",
        severity: Failed,
        rule: "Every POST /v1/activations carries `activation_code` as a JSON string of ASCII \
               digits, as MYNAKIT_ACTIVATION_CODE gives it: never a JSON number, never with \
               separators, spaces or full-width digits.",
        rationale: "An activation code is a string of digits, not a number: the terminal's list \
                    shows 11- and 12-digit codes side by side, and a code may start with 0. \
                    Through a number type `060654475701` becomes `60654475701`, another \
                    well-formed code that was never issued, so the device cannot log in; a \
                    JSON number is refused by any service that reads the code as text.",
        reference: "MHLW 事務連絡 2025-05-21 別添「マイナ資格確認アプリ」の利用の事前準備, step ② \
                    (the codes 95660891443 and 606544757014 listed together); \
                    docs/device-setup.md#activation-codes-11-or-12-digits-a-string",
        evaluate: activation_code_string,
    }
}

/// What is wrong with the `activation_code` of a login request's JSON body, if anything. The
/// code itself is a secret: the reason names its type and length, never its digits. The
/// service records the body redacted (`mynakit_protocol::redacted_json`): a string as
/// `<redacted>`, whose digits the service itself checks (`400 bad-value`), a number as
/// `<redacted number>`.
fn activation_code_problem(body: &serde_json::Value) -> Option<Reason> {
    match body.get("activation_code") {
        None => Some(words::no_code()),
        Some(serde_json::Value::String(code)) if code == REDACTED => None,
        Some(serde_json::Value::String(code)) if code.starts_with("<redacted ") => {
            // The JSON type the service's record names (`<redacted number>`).
            match code.trim_start_matches("<redacted ").trim_end_matches('>') {
                "number" => Some(words::code_as_number()),
                other => Some(words::code_as_kind(other)),
            }
        }
        Some(serde_json::Value::String(code)) if code.bytes().all(|b| b.is_ascii_digit()) => None,
        Some(serde_json::Value::String(code)) => Some(words::code_not_digits(code.chars().count())),
        Some(serde_json::Value::Number(_)) => Some(words::code_as_number()),
        Some(other) => Some(words::code_as_kind(match other {
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "boolean",
            serde_json::Value::Array(_) => "array",
            _ => "object",
        })),
    }
}

/// Whether `x` is the login of a device registered through the portal, which has no activation
/// code (`portal_account` and no `activation_code`; `docs/device-setup.md`, "Portal
/// registration"): `SVC-portal-login` judges it.
fn portal_login(x: &Exchange<'_>) -> bool {
    x.request
        .as_ref()
        .is_some_and(|b| b.get("portal_account").is_some() && b.get("activation_code").is_none())
}

fn activation_code_string(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let logins: Vec<&Exchange<'_>> = run
        .exchanges()
        .filter(|x| x.is("POST", ACTIVATIONS) && !portal_login(x))
        .collect();
    if logins.is_empty() {
        return Verdict::NotApplicable(words::no_code_login());
    }
    for x in &logins {
        let Some(body) = &x.request else {
            return Verdict::Fail(words::no_json_body(x));
        };
        if let Some(problem) = activation_code_problem(body) {
            return Verdict::Fail(words::code_problem(x, &problem));
        }
    }
    Verdict::Pass(words::codes_as_strings(logins.len()))
}

#[cfg(test)]
mod tests {
    use super::activation_code_problem;
    use crate::testkit::*;
    use mynakit_protocol::Outcome;
    use serde_json::json;

    #[test]
    fn the_device_checks_say_it_in_japanese_too() {
        let login = |status: u16, answer: &str| {
            Tl::new().http(
                "POST",
                "/v1/activations",
                status,
                5,
                Some("{}"),
                Some(answer),
            )
        };
        let eligible = result(Outcome::Eligible, &[]);
        let unsigned = login(201, r#"{"device_id":"dev-1","role":"general"}"#)
            .challenge("c1")
            .result("eligible");
        let text = fail(&super::DeviceSigned, &evidence(&unsigned.events, &eligible));
        let ja = text.ja().unwrap_or_default();
        assert!(ja.contains("Signature-Input がない"), "{ja}");
        assert!(ja.contains("端末 `dev-1` のログインは"), "{ja}");
        let error = result(Outcome::ServiceError, &[]);
        let card = login(403, r#"{"type":"urn:mynakit:problem:account-locked"}"#)
            .apdu("00A4040C", "9000")
            .result("service-error");
        let text = fail(&super::LoginStop, &evidence(&card.events, &error));
        let ja = text.ja().unwrap_or_default();
        assert!(
            ja.contains("ログインが拒否された (POST /v1/activations (リクエスト 1"),
            "{ja}"
        );
        assert!(ja.contains("がカードへ送られた"), "{ja}");
    }

    #[test]
    fn only_a_string_of_digits_is_a_code_as_given() {
        assert_eq!(
            activation_code_problem(&json!({"activation_code": "060654475701"})),
            None
        );
        // As the service records it: redacted, its JSON type kept.
        assert_eq!(
            activation_code_problem(&json!({"activation_code": "<redacted>"})),
            None
        );
        for number in [json!(60654475701_u64), json!("<redacted number>")] {
            let problem =
                activation_code_problem(&json!({ "activation_code": number })).expect("a number");
            assert!(problem.contains("as a JSON number"), "{problem}");
            assert!(!problem.contains("6065"), "the code is a secret: {problem}");
            assert!(
                problem.ja().is_some_and(|ja| ja.contains("JSON の数値")),
                "{problem:?}"
            );
        }
        assert_eq!(
            activation_code_problem(&json!({})).and_then(|p| p.ja().map(str::to_owned)),
            Some("`activation_code` がない".to_owned())
        );
        for body in [
            json!({"activation_code": "0606-5447-5701"}),
            json!({"activation_code": "０６０６５４４７５７０１"}),
            json!({"activation_code": null}),
            json!({"activation_code": "<redacted boolean>"}),
            json!({}),
        ] {
            assert!(activation_code_problem(&body).is_some(), "{body}");
        }
    }
}
