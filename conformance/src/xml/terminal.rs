//! The 資格確認端末 folder exchange (レセコン ⇄ terminal): what a client writes into `req` and what
//! it makes of the answers in `res`. The terminal's timeline records file events
//! (`request-seen`, `request-read`, `rejected`, `result-written`, `face-written`, …) and a note
//! with the reason of each rejection (`docs/terminal.md`, "Terminal behaviour"), not the
//! results' contents: only what those events show is judged here.

use mynakit_oqs::ElementName;
use mynakit_protocol::Outcome;
use mynakit_timeline::{FileAction, Source};

use crate::check::{Evidence, Verdict};
use crate::run::{is_qualification, Run, Step};
use crate::xml::words::{common, terminal as words};

/// The terminal's note just before step `i` (the reason it gives for a rejection).
fn note_before<'a>(run: &Run<'a>, i: usize) -> Option<&'a str> {
    run.steps[..i].iter().rev().find_map(|s| match s {
        Step::Note {
            source: Source::Terminal,
            text,
            ..
        } => Some(*text),
        _ => None,
    })
}

check! {
    /// `XML-status-both`: a failed message is no qualification.
    StatusBoth {
        id: "XML-status-both",
        severity: Failed,
        rule: "A result is a success only with SegmentOfResult 1 and ProcessingResultStatus 1: when \
               the terminal answered the client's last request with SegmentOfResult 9 (the \
               error result, and with the .err path a .err file and the request moved into \
               res), the client shows that error: its result is an error (service-error or \
               card-error) showing the answer's ErrorCode, or cancelled by the staff; never a \
               qualification (eligible, ineligible or medical-assistance), and never a wait past \
               the answer (a timeout, or an error of its own without the terminal's ErrorCode).",
        rationale: "A result file existing proves nothing: SegmentOfResult 9 means the whole message \
                    failed and carries no eligibility at all. Showing it as valid bills the wrong \
                    insurer; showing it as 資格無効 makes the patient pay in full. A client that \
                    does not recognise the error answer and waits on keeps the patient at the \
                    counter until its timer runs out, then shows \"no answer\" instead of the \
                    reason the staff could act on (an outage, a malformed request). Only rejected \
                    requests are visible in the timeline, so a ProcessingResultStatus 2 inside a \
                    normal message is not judged here.",
        reference: "ReceptionAgent 単患者照会番号登録仕様 §17 (success needs both); OQS code lists \
                     OQSCD003/OQSCD004 (hangilc/myclinic-ts packages/onshi-result); \
                     Sotatek-ChinhVu/smart-test (the .err file beside the moved request); \
                     docs/terminal.md#result-codes and #error-answers; \
                     docs/client-protocol.md#from-the-answer-to-the-outcome (ErrorCode shown)",
        evaluate: status_both,
    }
}

fn status_both(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // The client's last request the terminal answered: path, time and step of its read, and
    // the step of its rejection if it was rejected.
    let mut last: Option<(&str, u64, usize, Option<usize>)> = None;
    for (i, step) in run.before_result().iter().enumerate() {
        match step {
            Step::File {
                path,
                action: FileAction::RequestRead,
                t_us,
            } => last = Some((path, *t_us, i, None)),
            Step::File {
                path,
                // `center-unavailable`: the terminal could not reach the center (an outage);
                // the answer is SegmentOfResult 9 all the same.
                action: FileAction::Rejected | FileAction::CenterUnavailable,
                ..
            } => {
                if let Some(read) = last.as_mut().filter(|l| l.0 == *path) {
                    read.3 = Some(i);
                }
            }
            Step::File {
                action: FileAction::FaceWritten,
                ..
            } => last = None,
            _ => {}
        }
    }
    let Some((path, t_us, read, rejected)) = last else {
        return Verdict::NotApplicable(words::none_answered());
    };
    let Some(i) = rejected else {
        return Verdict::NotApplicable(words::answered_normally(path));
    };
    let why = note_before(run, i)
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    let outcome = e.result.outcome;
    if is_qualification(outcome) {
        return Verdict::Fail(words::error_shown_as_qualification(
            path, t_us, &why, outcome,
        ));
    }
    match outcome {
        Outcome::Cancelled => return Verdict::Pass(words::error_cancelled(path)),
        Outcome::ServiceError | Outcome::CardError => {}
        _ => return Verdict::Fail(words::error_not_shown(path, t_us, &why, outcome)),
    }
    // The error answer's ErrorCode, as the terminal recorded the result it wrote.
    let answer = crate::run::folder::answer_path(path);
    let code = crate::run::folder::content(run, &answer, read)
        .and_then(|c| c.fields.get(ElementName::ErrorCode))
        .filter(|code| !code.is_empty());
    let Some(code) = code else {
        return Verdict::Pass(words::error_shown(path, outcome));
    };
    let shown = crate::run::folder::shown(e.result, run);
    match shown.get(ElementName::ErrorCode.as_str()) {
        Some(s) if s.trim() == code.trim() => {
            Verdict::Pass(words::error_code_shown(path, code, outcome))
        }
        other => Verdict::Fail(words::error_code_not_shown(
            path,
            t_us,
            code,
            &why,
            outcome,
            other.copied(),
        )),
    }
}

check! {
    /// `XML-request-accepted`: the terminal can read what the client writes.
    RequestAccepted {
        id: "XML-request-accepted",
        severity: Warning,
        rule: "Every request the client writes into req is accepted by the terminal: a known \
               prefix, an .xml file, bytes valid in the encoding the XML declaration names, \
               well-formed XML, the required elements.",
        rationale: "A rejected request gets SegmentOfResult 9 and no eligibility: staff wait, \
                    retry, or fall back to paper. Clients in the wild write Shift_JIS as well as \
                    UTF-8, and a declaration that does not match the bytes is the classic failure.",
        reference: "docs/terminal.md#encodings-and-drift and #result-codes; sanox.org \
                     オンライン資格確認 導入記 road12/road13 (request samples); YUKI-ENT/OQSDrug2 \
                     (Shift_JIS requests)",
        evaluate: request_accepted,
    }
}

fn request_accepted(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let mut read = 0;
    // Another workstation's requests (`other-request`) are not the client's.
    let others = crate::run::folder::others(run);
    for (i, step) in run.steps.iter().enumerate() {
        match step {
            Step::File { path, .. } if others.contains(path) => {}
            Step::File {
                action: FileAction::RequestRead,
                ..
            } => read += 1,
            Step::File {
                path,
                action: FileAction::Rejected,
                t_us,
            } => {
                let why = note_before(run, i)
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default();
                return Verdict::Fail(words::rejected(path, *t_us, &why));
            }
            _ => {}
        }
    }
    if read == 0 {
        return Verdict::NotApplicable(common::no_request());
    }
    Verdict::Pass(words::accepted(read))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::{Event, EventKind, Source};

    use super::*;
    use crate::testkit::*;

    fn with_note(mut tl: Tl, text: &str) -> Tl {
        let t_us = tl.events.last().map_or(0, |e| e.t_us) + 1;
        tl.events.push(Event {
            v: 1,
            t_us,
            run: None,
            source: Source::Terminal,
            kind: EventKind::Note { text: text.into() },
        });
        tl
    }

    fn exchange(rejected: bool) -> Tl {
        let tl = Tl::new()
            .client(r#"{"type":"insurance-card","id":"i1"}"#)
            .file("req/OQSsiquc01req_0001.xml", "request-seen")
            .file("req/OQSsiquc01req_0001.xml", "request-read");
        let tl = if rejected {
            with_note(
                tl,
                "OQSsiquc01req_0001.xml:1:1: bytes invalid in the declared encoding Shift_JIS",
            )
            .file("req/OQSsiquc01req_0001.xml", "rejected")
        } else {
            tl
        };
        let code = if rejected { "MOCK-T501" } else { "" };
        tl.file("res/OQSsiquc01res_0001.xml", "result-written")
            .content(
                "res/OQSsiquc01res_0001.xml",
                "UTF-8",
                &[
                    ("SegmentOfResult", if rejected { "9" } else { "1" }),
                    ("ErrorCode", code),
                ],
                &[],
            )
            .file("req/OQSsiquc01req_0001.xml", "request-removed")
    }

    #[test]
    fn status_both_fails_a_rejected_request_shown_as_eligible() {
        let tl = exchange(true).result("eligible");
        let r = result(Outcome::Eligible, &[]);
        let text = fail(&StatusBoth, &evidence(&tl.events, &r));
        assert!(
            text.starts_with("the terminal answered req/OQSsiquc01req_0001.xml (t=0.030s) with SegmentOfResult 9 (OQSsiquc01req_0001.xml:1:1: bytes invalid"),
            "{text}"
        );
        let tl = exchange(true).result("service-error");
        let r = result(Outcome::ServiceError, &[("ErrorCode", "MOCK-T501")]);
        let text = pass(&StatusBoth, &evidence(&tl.events, &r));
        assert!(text.contains("ErrorCode MOCK-T501"), "{text}");
        let tl = exchange(true).result("cancelled");
        pass(
            &StatusBoth,
            &evidence(&tl.events, &result(Outcome::Cancelled, &[])),
        );
    }

    #[test]
    fn status_both_fails_a_client_that_waits_past_the_error_answer() {
        // Its own "no answer in time": an error, but not the terminal's.
        let tl = exchange(true).result("service-error");
        let r = result(Outcome::ServiceError, &[]);
        let text = fail(&StatusBoth, &evidence(&tl.events, &r));
        assert!(
            text.contains("ErrorCode MOCK-T501") && text.contains("shows no ErrorCode"),
            "{text}"
        );
        let r = result(Outcome::ServiceError, &[("ErrorCode", "MOCK-E999")]);
        let text = fail(&StatusBoth, &evidence(&tl.events, &r));
        assert!(text.contains("shows ErrorCode MOCK-E999"), "{text}");
        assert!(
            text.ja()
                .unwrap()
                .contains("ErrorCode MOCK-E999 を示している"),
            "{text:?}"
        );
        // The harness's timeout: it never reported.
        let tl = exchange(true);
        let r = result(Outcome::Timeout, &[]);
        let text = fail(&StatusBoth, &evidence(&tl.events, &r));
        assert!(text.contains("waited past the answer"), "{text}");
        let tl = exchange(false).result("eligible");
        let r = result(Outcome::Eligible, &[]);
        not_applicable(&StatusBoth, &evidence(&tl.events, &r));
        not_applicable(&StatusBoth, &evidence(&[], &r));
    }

    #[test]
    fn request_accepted_names_the_rejected_file_and_why() {
        let r = result(Outcome::ServiceError, &[]);
        let tl = exchange(true);
        assert_eq!(
            fail(&RequestAccepted, &evidence(&tl.events, &r)),
            "the terminal rejected req/OQSsiquc01req_0001.xml (t=0.040s): \
             OQSsiquc01req_0001.xml:1:1: bytes invalid in the declared encoding Shift_JIS"
        );
        let tl = exchange(false);
        assert_eq!(
            pass(&RequestAccepted, &evidence(&tl.events, &r)),
            "1 request read by the terminal, none rejected"
        );
        not_applicable(&RequestAccepted, &evidence(&[], &r));
    }
}
