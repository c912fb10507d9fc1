//! `PIN-not-logged`: the client's own output never holds a PIN the operator typed
//! (`docs/conformance.md`).
//!
//! Only the harness knows the PINs typed (the timeline holds them redacted), so it looks at the
//! client's stderr and protocol lines itself and records each place that held one as a client
//! fact ([`Fact::PinLeak`], naming the stream, line and form, never the PIN). The check reads
//! those facts. Whatever the client wrote is scrubbed from every report either way.

use mynakit_timeline::Fact;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::Run;

use super::words::logged as words;

check! {
    /// `PIN-not-logged`: no typed PIN in the client's logs or protocol lines.
    NotLogged {
        id: "PIN-not-logged",
        severity: Failed,
        rule: "The client's own output (its log on stderr and its protocol lines) never holds a \
               PIN the operator typed, in clear or as the hex of a VERIFY's data. A PIN in clear \
               counts only as a whole token that no other number can be: labelled as a PIN \
               (`PIN=1234`, `\"pin\":\"1234\"`, `暗証番号 1234`) it always counts; a PIN of \
               digits as part of a timestamp, a decimal, a version, a byte count, a duration, a \
               port or a pid (`[app 1234.500]`, `(1234 bytes)`, `1234 ms`, `127.0.0.1:1234`, \
               `client[1234]`, `pid 1234`) never does; otherwise a secret of 6 or more \
               characters counts, and a 4- or 5-character one on a line that speaks of a PIN \
               (`pin` in any case, or `暗証`), since alone it is also an ordinary number. The hex \
               form always counts. (Reports redact every occurrence either way.)",
        rationale: "Logs are copied into tickets, support mail and CI artefacts. A client that logs \
                    its APDUs writes `00 20 00 80 04 31 32 33 34`: the patient's PIN, which with the \
                    card is enough to act as the patient. PINs belong in the card and nowhere else.",
        reference: "docs/reports.md#secrets; JPKI 利用者クライアントソフト guidance (PINs are never \
                    stored or recorded); OWASP Logging Cheat Sheet (never log passwords)",
        roles: [CardApp, RelyingParty],
        evaluate: not_logged,
    }
}

fn not_logged(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let leaks: Vec<Reason> = run
        .facts()
        .filter_map(|(_, fact)| match fact {
            Fact::PinLeak(place) => Some(words::leak(&place)),
            _ => None,
        })
        .collect();
    if !leaks.is_empty() {
        return Verdict::Fail(words::leaks(&leaks));
    }
    let typed = super::typed_count(run);
    if e.manual {
        return Verdict::NotApplicable(words::logs_not_seen());
    }
    match typed {
        0 => Verdict::NotApplicable(words::no_pin_typed()),
        n => Verdict::Pass(words::not_in_output(n)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::testkit::*;

    #[test]
    fn a_leak_note_fails_and_a_typed_pin_kept_out_passes() {
        let clean = Tl::new().pin("p1", Some(3)).result("eligible").events;
        let result = result(mynakit_protocol::Outcome::Eligible, &[]);
        pass(&NotLogged, &evidence(&clean, &result));
        let leaked = Tl::new()
            .pin("p1", Some(3))
            .result("eligible")
            .fact(Fact::PinLeak(
                "stderr line 2: a typed PIN as APDU hex".into(),
            ))
            .events;
        match judge(&NotLogged, &evidence(&leaked, &result)) {
            Verdict::Fail(text) => {
                assert_eq!(text, "stderr line 2: a typed PIN as APDU hex");
                assert_eq!(
                    text.ja(),
                    Some("stderr の 2 行目に、入力された暗証番号が出ていた (APDU の 16 進)")
                );
            }
            other => panic!("{other:?}"),
        }
        // A note of another shape keeps its words after a Japanese lead.
        assert_eq!(
            words::leak("stdout: a PIN").ja(),
            Some("クライアントの出力に入力された暗証番号があった: stdout: a PIN")
        );
        let none = Tl::new().result("eligible").events;
        assert!(matches!(
            judge(&NotLogged, &evidence(&none, &result)),
            Verdict::NotApplicable(_)
        ));
    }
}
