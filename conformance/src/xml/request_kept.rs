//! `XML-request-kept`: a request stays in `req` until the terminal picks it up.

use std::collections::HashSet;

use mynakit_timeline::FileAction;

use crate::check::{Evidence, Verdict};
use crate::run::folder::{others, written_requests};
use crate::run::{Run, Step};
use crate::xml::words::{common, request_kept as words};

check! {
    /// `XML-request-kept`: the client never withdraws a request the terminal has not read.
    RequestKept {
        id: "XML-request-kept",
        severity: Failed,
        rule: "A request the client put into req stays there until the terminal picks it up \
               (reads it, then removes it or moves it into res): the client does not delete, \
               rename or move its own request before that.",
        rationale: "The terminal picks requests up within a few seconds, not at once. A client \
                    whose \"no answer\" timer is shorter than that, or that tidies req itself, \
                    withdraws the request the patient is waiting on: nothing is confirmed, and \
                    the staff are told the terminal did not answer when it was never asked. The \
                    terminal records the removal (request-vanished) also when the client \
                    reports at once.",
        reference: "ReceptionAgent 単患者照会番号登録仕様 §19–21 (the terminal takes the request \
                     out of the folder); sanox.org オンライン資格確認 導入記 road13 (pickup within \
                     a few seconds); docs/terminal.md#terminal-behaviour (request-vanished)",
        evaluate: request_kept,
    }
}

fn request_kept(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let requests = written_requests(run);
    if requests.is_empty() {
        return Verdict::NotApplicable(common::no_request());
    }
    let others = others(run);
    // Picked up: read by the terminal. A request read once and found cut short
    // (`request-incomplete`) is still waiting for its pickup.
    let mut read: HashSet<&str> = HashSet::new();
    // Every step, the result's too: the terminal's last look, after the client's result,
    // records a removal the client made just before it reported.
    for step in &run.steps {
        match step {
            Step::File {
                path,
                action: FileAction::RequestRead,
                ..
            } => {
                read.insert(path);
            }
            Step::File {
                path,
                action: FileAction::RequestVanished,
                t_us,
            } if !others.contains(path) && !read.contains(path) => {
                let seen = requests
                    .iter()
                    .find(|(_, p, _)| p == path)
                    .map(|(_, _, t)| *t);
                return Verdict::Fail(words::request_withdrawn(path, *t_us, seen));
            }
            _ => {}
        }
    }
    Verdict::Pass(words::requests_kept(requests.len()))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const REQ: &str = "req/OQSsiquc01req_0001.xml";

    #[test]
    fn a_request_removed_before_pickup_fails_even_after_the_result() {
        let r = result(Outcome::ServiceError, &[]);
        let withdrawn = Tl::new()
            .file(REQ, "request-seen")
            .result("service-error")
            .file(REQ, "request-vanished");
        let text = fail(&RequestKept, &evidence(&withdrawn.events, &r));
        assert!(
            text.starts_with("the client removed req/OQSsiquc01req_0001.xml from req before"),
            "{text}"
        );
        assert!(
            text.ja()
                .unwrap()
                .contains("req/OQSsiquc01req_0001.xml を req から取り除いた"),
            "{text:?}"
        );
        // Read once cut short, then removed: still not picked up.
        let cut = Tl::new()
            .file(REQ, "request-seen")
            .file(REQ, "request-incomplete")
            .file(REQ, "request-vanished")
            .result("service-error");
        fail(&RequestKept, &evidence(&cut.events, &r));
    }

    #[test]
    fn a_request_the_terminal_read_passes() {
        let r = result(Outcome::Eligible, &[]);
        let kept = Tl::new()
            .file(REQ, "request-seen")
            .file(REQ, "request-read")
            .file("res/OQSsiquc01res_0001.xml", "result-written")
            .file(REQ, "request-removed")
            .result("eligible");
        assert_eq!(
            pass(&RequestKept, &evidence(&kept.events, &r)),
            "1 request stayed in req until the terminal picked it up"
        );
        not_applicable(&RequestKept, &evidence(&[], &r));
        // Another workstation's request is not the client's.
        let other = "req/OQSsiquc01req_other-workstation-0001.xml";
        let tl = Tl::new()
            .file(other, "other-request")
            .file(other, "request-seen")
            .file(other, "request-vanished")
            .file(REQ, "request-seen")
            .file(REQ, "request-read")
            .result("eligible");
        pass(&RequestKept, &evidence(&tl.events, &r));
    }
}
