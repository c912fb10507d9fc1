//! `PIN-not-logged`: the client's own output never holds a PIN the operator typed
//! (`docs/conformance.md`).
//!
//! Only the harness knows the PINs typed (the timeline holds them redacted), so it looks at the
//! client's stderr and protocol lines itself and records each place that held one as a client
//! fact ([`Fact::PinLeak`], naming the stream, line and form, never the PIN). The check reads
//! those facts. Whatever the client wrote is scrubbed from every report either way.

use mynakit_protocol::HarnessMessage;
use mynakit_timeline::Fact;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{Run, Step};

/// The English lead of a [`Fact::PinLeak`] note in Japanese, for a text that names the note
/// itself.
const LEAK_NOTE_JA: &str = "クライアントの出力に入力された暗証番号があった: ";

/// One place a leak note names (`stderr line 3: a typed PIN as APDU hex`, as the harness writes
/// it), in both languages; a text of another shape keeps its English words after a Japanese
/// lead.
fn leak(text: &str) -> Reason {
    let said = text.split_once(" line ").and_then(|(stream, rest)| {
        let (n, form) = rest.split_once(": a typed PIN ")?;
        let form = match form {
            "in clear" => "平文",
            "as APDU hex" => "APDU の 16 進",
            _ => return None,
        };
        n.parse::<usize>().ok()?;
        Some(format!(
            "{stream} の {n} 行目に、入力された暗証番号が出ていた ({form})"
        ))
    });
    Reason::new(
        text,
        said.unwrap_or_else(|| format!("{LEAK_NOTE_JA}{text}")),
    )
}

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
        evaluate: not_logged,
    }
}

fn not_logged(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let leaks: Vec<Reason> = run
        .facts()
        .filter_map(|(_, fact)| match fact {
            Fact::PinLeak(place) => Some(leak(&place)),
            _ => None,
        })
        .collect();
    if !leaks.is_empty() {
        return Verdict::Fail(Reason::join(&leaks, "; ", "、"));
    }
    let typed = run
        .steps
        .iter()
        .filter(|step| {
            matches!(
                step,
                Step::Operator {
                    message: HarnessMessage::Pin { .. },
                    ..
                }
            )
        })
        .count();
    if e.manual {
        return Verdict::NotApplicable(Reason::new(
            "manual mode: the app's logs are not seen",
            "手動モード: アプリのログは見えない",
        ));
    }
    match typed {
        0 => Verdict::NotApplicable(Reason::new(
            "no PIN was typed",
            "暗証番号は入力されなかった",
        )),
        1 => Verdict::Pass(Reason::new(
            "the typed PIN is in none of the client's output",
            "入力された暗証番号はクライアントのどの出力にもなかった",
        )),
        n => Verdict::Pass(Reason::new(
            format!("none of the {n} typed PINs is in the client's output"),
            format!("入力された暗証番号 {n} 件のいずれもクライアントの出力になかった"),
        )),
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
            leak("stdout: a PIN").ja(),
            Some("クライアントの出力に入力された暗証番号があった: stdout: a PIN")
        );
        let none = Tl::new().result("eligible").events;
        assert!(matches!(
            judge(&NotLogged, &evidence(&none, &result)),
            Verdict::NotApplicable(_)
        ));
    }
}
