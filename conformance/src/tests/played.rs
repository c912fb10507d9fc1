//! One bundled scenario as a correct client plays it, and the timeline pieces the played runs
//! share.

use mynakit_protocol::{Mode, Outcome, PinRef, RunResult};

use crate::testkit::*;
use crate::{evaluate, Evidence, Level};

/// One bundled scenario as a correct client plays it.
pub(super) struct Played {
    pub(super) id: &'static str,
    pub(super) tl: Tl,
    pub(super) result: RunResult,
    pub(super) mode: Mode,
    pub(super) blocked: &'static [PinRef],
    pub(super) wrong_ca: bool,
    pub(super) required: &'static [&'static str],
}

impl Played {
    pub(super) fn new(
        id: &'static str,
        tl: Tl,
        result: RunResult,
        required: &'static [&'static str],
    ) -> Played {
        Played {
            id,
            tl,
            result,
            mode: Mode::Pin,
            blocked: &[],
            wrong_ca: false,
            required,
        }
    }

    /// The findings that are not PASSED or SKIPPED.
    pub(super) fn judge(&self) -> Vec<String> {
        let evidence = Evidence {
            mode: self.mode,
            blocked_at_start: self.blocked,
            wrong_server_ca: self.wrong_ca,
            ..evidence(&self.tl.events, &self.result)
        };
        let required: Vec<String> = self.required.iter().map(|s| (*s).to_owned()).collect();
        evaluate(&evidence, &required)
            .into_iter()
            .filter(|f| !matches!(f.level, Level::Passed | Level::Skipped))
            .map(|f| format!("{}: {:?}: {}", f.check, f.level, f.reason))
            .collect()
    }
}

pub(super) fn hello() -> Tl {
    Tl::new()
        .reader_detail("insert", "employee")
        .client(r#"{"type":"hello","protocol":1,"client":"reference"}"#)
        .operator(r#"{"type":"welcome","protocol":1,"run":"r","scenario":"s"}"#)
}

pub(super) fn mode(tl: Tl, mode: &str) -> Tl {
    tl.client(r#"{"type":"mode","id":"m1","offered":["pin","visual"]}"#)
        .operator(&format!(r#"{{"type":"mode","id":"m1","mode":"{mode}"}}"#))
}

/// PIN mode up to a signed, answered check.
pub(super) fn pin_check(tl: Tl, challenge: &str, answer: &str) -> Tl {
    verify_and_sign(card_up_to_ask(mode(tl, "pin"), 3).pin("p1", Some(3)))
        .challenge(challenge)
        .confirm(challenge, answer)
}

/// Visual mode: the certificate only.
pub(super) fn visual_check(tl: Tl, mode_name: &str, query: bool) -> Tl {
    let cert = cert_hex();
    let tl = mode(tl, mode_name)
        .apdu(&select(Application::Jpki), "9000")
        .apdu("00A4020C02000A", "9000")
        .apdu("00B0000000", &format!("{}9000", &cert[..512]))
        .apdu("00B0010030", &format!("{}9000", &cert[512..]));
    let tl = if query {
        tl.apdu("00200098", "63C0")
    } else {
        tl
    };
    // 目視確認: the staff compare the card's photo with the patient before the check.
    let tl = if mode_name == "visual" {
        tl.client(r#"{"type":"confirm","id":"v1","topic":"photo-match"}"#)
            .operator(r#"{"type":"confirm","id":"v1","yes":true}"#)
    } else {
        tl
    };
    let cert = cert_b64();
    tl.http(
        "POST",
        "/v1/confirmations",
        200,
        20,
        Some(&format!(
            r#"{{"mode":"{mode_name}","certificate":"{cert}"}}"#
        )),
        Some(&valid_body(r#""InsuredCardClassification":"01""#)),
    )
}

/// A PIN-mode confirmation request with challenge `id`.
pub(super) fn pin_request(id: &str) -> String {
    let cert = cert_b64();
    format!(r#"{{"mode":"pin","certificate":"{cert}","signature":"s","challenge_id":"{id}"}}"#)
}

pub(super) fn ok(outcome: Outcome, fields: &[(&str, &str)]) -> RunResult {
    result(outcome, fields)
}
