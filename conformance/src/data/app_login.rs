//! The app's own login (flow `app-login`, `docs/client-protocol.md`, "The app's own login"): a
//! mobile app unlocks itself — 生体認証 or ログインパスコード — before it reads a card.

use mynakit_protocol::{ClientMessage, Flow, Transport};

use mynakit_timeline::ReaderAction;

use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

use super::words;

check! {
    /// `DATA-app-login`: a mobile app unlocks itself before its first card read.
    LoginBeforeRead {
        id: "DATA-app-login",
        severity: Warning,
        rule: "A client that declares the flow `app-login` or the transport `nfc` (a mobile app, \
               which has its own login) sends an `app-login` line — unlocked by biometrics or passcode — before its first \
               command to a card in the run.",
        rationale: "On a phone or tablet the マイナ資格確認アプリ opens on a login screen unlocked by \
                    生体認証 or a ログインパスコード before the staff choose the confirmation method \
                    and read the card. A device left on the counter that reads cards without it \
                    lets anyone who picks it up query patients' eligibility. How many failed tries \
                    lock the app is in no public source, so mynakit judges no count.",
        reference: "厚生労働省保険局 令和5年11月「オンライン資格確認（資格確認限定型）の導入が始まります」\
                    (令和5年11月時点更新: モバイル端末の画面操作イメージ「ログイン画面（生体認証）\
                    （ログインパスコード）」); docs/client-protocol.md#the-apps-own-login",
        evaluate: login_before_read,
    }
}

/// Whether the command at `steps[i]` is the SELECT iOS itself sends when it discovers the tag
/// (the app's first `select-identifiers` AID, before the app gets the tag): the relay records
/// its `transceive` with the detail `os COMMAND (iOS select-identifiers)` (`docs/timeline.md`).
/// It is the phone's, not the app's, read: an app that turns NFC reading on right after its
/// login would otherwise race its own `app-login` line.
fn sent_by_the_os(steps: &[Step<'_>], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|before| steps.get(before))
        .is_some_and(|step| {
            matches!(step, Step::Reader { action: ReaderAction::Transceive, detail, .. }
                if detail.starts_with("os "))
        })
}

/// Whether the client's `hello` declares the flow `app-login`, or the transport `nfc`: an app
/// that reads the card as a phone does is a mobile app, and the seeds' mobile app has its own
/// login (docs/mobile.md).
fn declared(run: &Run<'_>) -> bool {
    run.client_lines().any(|(_, _, m)| match m {
        ClientMessage::Hello {
            capabilities: Some(c),
            ..
        } => {
            c.flows
                .as_ref()
                .is_some_and(|f| f.contains(&Flow::AppLogin))
                || c.transport() == Transport::Nfc
        }
        _ => false,
    })
}

fn login_before_read(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if !declared(run) {
        return Verdict::NotApplicable(words::login_not_declared());
    }
    let first_read = run.steps.iter().enumerate().find_map(|(i, s)| match s {
        Step::Apdu(apdu) if !sent_by_the_os(&run.steps, i) => Some((i, apdu)),
        _ => None,
    });
    let login = run
        .client_lines()
        .find(|(_, _, m)| matches!(m, ClientMessage::AppLogin { .. }));
    let Some((read, apdu)) = first_read else {
        return Verdict::NotApplicable(words::no_card_command());
    };
    match login {
        Some((i, t_us, ClientMessage::AppLogin { method })) if i < read => {
            Verdict::Pass(words::unlocked_before_read(method.name(), t_us, apdu))
        }
        Some((_, t_us, _)) => Verdict::Fail(words::read_before_login(apdu, t_us)),
        None => Verdict::Fail(words::read_without_login(apdu)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{evidence, fail, not_applicable, pass, result, Tl};
    use mynakit_protocol::Outcome;

    fn hello(flows: &str) -> String {
        format!(
            r#"{{"type":"hello","protocol":1,"client":"app","capabilities":{{"flows":[{flows}]}}}}"#
        )
    }

    const LOGIN: &str = r#"{"type":"app-login","method":"biometric"}"#;
    const SELECT: &str = "00A4040C0AD3921000310001010408";

    #[test]
    fn the_login_must_come_before_the_first_card_command() {
        let r = result(Outcome::Eligible, &[]);
        let declared = hello(r#""app-login""#);
        let good = Tl::new()
            .client(&declared)
            .client(LOGIN)
            .apdu(SELECT, "9000")
            .result("eligible");
        let text = pass(&LoginBeforeRead, &evidence(&good.events, &r));
        assert!(text.contains("biometric"), "{text}");
        let late = Tl::new()
            .client(&declared)
            .apdu(SELECT, "9000")
            .client(LOGIN)
            .result("eligible");
        let text = fail(&LoginBeforeRead, &evidence(&late.events, &r));
        assert!(text.contains("came before the app's login"), "{text}");
        assert!(
            text.ja()
                .unwrap()
                .contains("のアプリのログインより前だった"),
            "{:?}",
            text.ja()
        );
        let none = Tl::new()
            .client(&declared)
            .apdu(SELECT, "9000")
            .result("eligible");
        let text = fail(&LoginBeforeRead, &evidence(&none.events, &r));
        assert!(text.contains("without an `app-login`"), "{text}");
        // No card read (a レセコン): nothing to judge; a client that does not declare the flow
        // (a PC app) is not judged.
        let no_card = Tl::new().client(&declared).result("eligible");
        not_applicable(&LoginBeforeRead, &evidence(&no_card.events, &r));
        let undeclared = Tl::new().client(&hello("")).apdu(SELECT, "9000");
        not_applicable(&LoginBeforeRead, &evidence(&undeclared.events, &r));
        // A phone-shaped client (transport `nfc`) is a mobile app: judged without the flow.
        let nfc =
            r#"{"type":"hello","protocol":1,"client":"app","capabilities":{"transport":"nfc"}}"#;
        let phone = Tl::new()
            .client(nfc)
            .apdu(SELECT, "9000")
            .result("eligible");
        fail(&LoginBeforeRead, &evidence(&phone.events, &r));
    }

    /// iOS selects the app's listed AID itself when it discovers the tag: that SELECT may come
    /// before the `app-login` line is recorded, and is not the app's read.
    #[test]
    fn the_phones_own_select_at_discovery_is_not_the_apps_read() {
        let r = result(Outcome::Eligible, &[]);
        let declared = hello(r#""app-login""#);
        let os = format!("os {SELECT} (iOS select-identifiers)");
        let tl = Tl::new()
            .client(&declared)
            .reader_detail("transceive", &os)
            .apdu(SELECT, "9000")
            .client(LOGIN)
            .reader_detail("transceive", &format!("id 1 {SELECT}"))
            .apdu(SELECT, "9000")
            .result("eligible");
        pass(&LoginBeforeRead, &evidence(&tl.events, &r));
        // The app's own command before its login still fails.
        let tl = Tl::new()
            .client(&declared)
            .reader_detail("transceive", &format!("id 1 {SELECT}"))
            .apdu(SELECT, "9000")
            .client(LOGIN)
            .result("eligible");
        fail(&LoginBeforeRead, &evidence(&tl.events, &r));
    }
}
