//! The login of a device registered through the portal (flow `portal-setup`,
//! `docs/device-setup.md`, "Portal registration"): a facility with no 資格確認端末 registers each
//! device beforehand through the portal, so the app logs in with the device account it was
//! given — never with an activation code or a terminal account, never for another facility —
//! before any patient, and shows the staff why when the login is refused. What follows a refusal
//! (nothing more sent, no card touched, `service-error`) is `SVC-login-stop`'s to judge.

use mynakit_protocol::ClientMessage;
use mynakit_timeline::PortalAccount;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{Exchange, Run};
use crate::svc::device::{ACTIVATIONS, EXEMPT};

use super::words::portal_login as words;

check! {
    /// `SVC-portal-login`: a portal-registered device logs in with its device account first.
    PortalLogin {
        id: "SVC-portal-login",
        severity: Failed,
        rule: "When the device was registered through the portal (MYNAKIT_PORTAL_ACCOUNT given, \
               flow portal-setup), the client logs in with POST /v1/activations before any \
               command to a card and any other request to the service; every such login \
               carries portal_account = MYNAKIT_PORTAL_ACCOUNT and medical_institution_code = \
               MYNAKIT_FACILITY_CODE, and no activation_code and no user_id. When the login is \
               refused (the application still under review or rejected, a wrong password, …) \
               the client shows the staff why (a display text or the result's text). \
               SVC-login-stop judges that nothing follows the refusal.",
        rationale: "A facility with no 資格確認端末 cannot issue activation codes: its PCs and \
                    phones are registered and authenticated beforehand through the portal, and \
                    only such a device may use the app (端末認証). An app that knows only the \
                    terminal's set-up sends a code that does not exist, or the device account \
                    as a user id, and never logs in; one that names another facility, or reads \
                    a card before its login, checks patients from a device nobody \
                    authenticated. While the portal still reviews the application, or after it \
                    was rejected, retyping cannot help: the staff must be told to wait for the \
                    review or apply again.",
        reference: "厚生労働省保険局「オンライン資格確認（資格確認限定型）の導入が始まります」\
                    (令和5年11月時点更新): 「事前にポータルサイトを通じて、PC端末の\
                    認証・登録を行う」, 「端末認証を行い、当該端末のみでアプリ利用可能とする」, \
                    FAQ 「使用する端末については、あらかじめポータルサイトを通じて登録・認証を受ける\
                    必要があります」; 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認\
                    限定型）の導入等について（周知）」 (「医療機関等向け総合ポータルサイト」または\
                    「施術所等向け総合ポータルサイト」を通じて利用申請); \
                    docs/device-setup.md#portal-registration",
        evaluate: portal_login,
    }
}

/// What is wrong with the body of a portal login `x`, if anything (the journal's record of it:
/// the password redacted, the other fields kept).
fn login_problem(x: &Exchange<'_>, account: &str, facility: &str) -> Option<Reason> {
    let Some(body) = &x.request else {
        return Some(words::no_json_body());
    };
    if body.get("activation_code").is_some() {
        return Some(words::activation_code_sent());
    }
    if let Some(user) = body.get("user_id") {
        return Some(words::user_id_sent(user));
    }
    match body.get("portal_account").and_then(|v| v.as_str()) {
        None => return Some(words::no_portal_account(account)),
        Some(sent) if sent != account => return Some(words::other_account(sent, account)),
        Some(_) => {}
    }
    match body
        .get("medical_institution_code")
        .and_then(|v| v.as_str())
    {
        Some(sent) if sent == facility => None,
        Some(sent) => Some(words::other_facility(sent, facility)),
        None => Some(words::no_facility()),
    }
}

/// The problem type (`urn:mynakit:problem:…`) of a refused exchange, without its prefix.
fn problem_type(x: &Exchange<'_>) -> String {
    x.response_body
        .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
        .and_then(|v| v.get("type")?.as_str().map(str::to_owned))
        .map_or_else(
            || format!("HTTP {}", x.status),
            |t| t.trim_start_matches("urn:mynakit:problem:").to_owned(),
        )
}

fn portal_login(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(PortalAccount { account, facility }) = run.portal_account() else {
        return Verdict::NotApplicable(words::no_account_given());
    };
    let first_login = run.exchanges().find(|x| x.is("POST", ACTIVATIONS));
    let first_other = run
        .exchanges()
        .find(|x| !EXEMPT.contains(&x.path) && !x.is("POST", ACTIVATIONS));
    let first_apdu = run.apdus().next();
    let Some(first_login) = first_login else {
        if let Some(x) = first_other {
            return Verdict::Fail(words::request_without_login(x, &account));
        }
        if let Some(apdu) = first_apdu {
            return Verdict::Fail(words::card_without_login(apdu, &account));
        }
        return Verdict::Fail(words::never_logged_in(&account));
    };
    if let Some(x) = first_other.filter(|x| x.n < first_login.n) {
        return Verdict::Fail(words::request_before_login(x, first_login));
    }
    if let Some(apdu) = first_apdu.filter(|a| a.t_us < first_login.start_us()) {
        return Verdict::Fail(words::card_before_login(apdu, first_login));
    }
    let logins: Vec<&Exchange<'_>> = run
        .exchanges()
        .filter(|x| x.is("POST", ACTIVATIONS))
        .collect();
    for x in &logins {
        if let Some(problem) = login_problem(x, &account, &facility) {
            return Verdict::Fail(words::bad_login(x, &problem));
        }
    }
    let Some(last) = logins.last() else {
        return Verdict::NotApplicable(words::no_login());
    };
    if last.status == 201 {
        return Verdict::Pass(words::logged_in(&account, &facility, last));
    }
    if !(400..500).contains(&last.status) {
        return Verdict::NotApplicable(words::not_answered(last));
    }
    let problem = problem_type(last);
    // The result's text first: the result is the client's last line, written after the
    // answer whatever the load. A display line is stamped when the harness reads it, so under
    // load the 「ログインしています」 the client wrote *before* its request can be read after the
    // refusal was recorded (docs/performance.md, "mynakit's own flakes"); it is quoted only
    // when the result has no text.
    let shown = e
        .result
        .text
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| {
            run.client_lines()
                .filter_map(|(_, t_us, m)| match m {
                    ClientMessage::Display {
                        text: Some(text), ..
                    } if t_us > last.t_us && !text.trim().is_empty() => Some(text.clone()),
                    _ => None,
                })
                .next()
        });
    match shown {
        Some(text) => Verdict::Pass(words::refusal_shown(&account, last, &problem, &text)),
        None => Verdict::Fail(words::refusal_not_shown(&account, last, &problem)),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::{Outcome, RunResult};
    use mynakit_timeline::PortalAccount;

    use super::PortalLogin;
    use crate::testkit::*;

    /// A run of a portal-registered device: the client's hello and the harness's fact.
    fn portal_run() -> Tl {
        Tl::new()
            .client(r#"{"type":"hello","protocol":1,"client":"reference"}"#)
            .fact(Fact::PortalAccount(PortalAccount {
                account: "W0000001".into(),
                facility: "1319999999".into(),
            }))
    }

    const PORTAL_BODY: &str = r#"{"medical_institution_code":"1319999999","portal_account":"W0000001","password":"<redacted>","public_key":"AAAA"}"#;

    #[test]
    fn a_portal_login_first_passes_and_a_terminal_login_fails() {
        let ok = portal_run()
            .http(
                "POST",
                "/v1/activations",
                201,
                5,
                Some(PORTAL_BODY),
                Some(r#"{"device_id":"dev-1","role":"general"}"#),
            )
            .challenge("c1")
            .result("eligible");
        let eligible = result(Outcome::Eligible, &[]);
        pass(&PortalLogin, &evidence(&ok.events, &eligible));

        let terminal = portal_run()
            .http(
                "POST",
                "/v1/activations",
                400,
                5,
                Some(
                    r#"{"medical_institution_code":"1319999999","user_id":"W0000001","password":"<redacted>","activation_code":"<redacted>","public_key":"AAAA"}"#,
                ),
                Some(r#"{"type":"urn:mynakit:problem:bad-value"}"#),
            )
            .result("service-error");
        let refused = result(Outcome::ServiceError, &[]);
        let text = fail(&PortalLogin, &evidence(&terminal.events, &refused));
        assert!(text.contains("activation_code"), "{text}");

        let other_facility = portal_run()
            .http(
                "POST",
                "/v1/activations",
                403,
                5,
                Some(&PORTAL_BODY.replace("1319999999", "1310000001")),
                Some(r#"{"type":"urn:mynakit:problem:facility-uses-terminal"}"#),
            )
            .result("service-error");
        let text = fail(&PortalLogin, &evidence(&other_facility.events, &refused));
        assert!(text.contains("names facility `1310000001`"), "{text}");
        assert!(
            text.ja()
                .is_some_and(|ja| ja.contains("ではなく施設 `1310000001` を名乗っている")),
            "{text:?}"
        );

        let late = portal_run()
            .challenge("c1")
            .http("POST", "/v1/activations", 201, 5, Some(PORTAL_BODY), None)
            .result("eligible");
        let text = fail(&PortalLogin, &evidence(&late.events, &eligible));
        assert!(text.contains("before the login"), "{text}");

        let terminal_run = Tl::new().challenge("c1").result("eligible");
        not_applicable(&PortalLogin, &evidence(&terminal_run.events, &eligible));
    }

    #[test]
    fn a_refusal_must_be_explained() {
        let run = portal_run()
            .http(
                "POST",
                "/v1/activations",
                403,
                5,
                Some(PORTAL_BODY),
                Some(r#"{"type":"urn:mynakit:problem:portal-application-under-review"}"#),
            )
            .result("service-error");
        let silent = result(Outcome::ServiceError, &[]);
        let text = fail(&PortalLogin, &evidence(&run.events, &silent));
        assert!(text.contains("portal-application-under-review"), "{text}");
        assert!(
            text.ja()
                .is_some_and(|ja| ja.contains("クライアントは職員に理由を表示しなかった")),
            "{text:?}"
        );
        let told = RunResult {
            text: Some("この端末の利用申請はポータルサイトで審査中です".to_owned()),
            ..result(Outcome::ServiceError, &[])
        };
        pass(&PortalLogin, &evidence(&run.events, &told));
    }

    /// Under load the progress line the client wrote before its login can be read (and
    /// stamped) after the refusal: the refusal quoted is the result's, not 「ログインしています」.
    #[test]
    fn a_progress_line_read_late_is_not_the_refusal_quoted() {
        let run = portal_run()
            .http(
                "POST",
                "/v1/activations",
                403,
                5,
                Some(PORTAL_BODY),
                Some(r#"{"type":"urn:mynakit:problem:portal-application-under-review"}"#),
            )
            .client(r#"{"type":"display","text":"ログインしています"}"#)
            .result("service-error");
        let told = RunResult {
            text: Some("この端末の利用申請はポータルサイトで審査中です".to_owned()),
            ..result(Outcome::ServiceError, &[])
        };
        let text = pass(&PortalLogin, &evidence(&run.events, &told));
        assert!(text.contains("審査中です"), "{text}");
        assert!(!text.contains("ログインしています"), "{text}");
    }
}
