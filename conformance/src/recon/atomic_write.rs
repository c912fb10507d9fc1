//! `XML-atomic-write`: a request appears in `req` complete.

use mynakit_timeline::FileAction;

use super::client_requests;
use crate::events::{at, count, Run, Step};
use crate::{Evidence, Verdict};

check! {
    /// `XML-atomic-write`: write elsewhere (or under a temporary name), then rename into `req`.
    AtomicWrite {
        id: "XML-atomic-write",
        severity: Warning,
        rule: "Every request appears in req complete: written under a temporary name (or in \
               another folder) and renamed in, so the terminal never sees it change under its \
               final name.",
        rationale: "A terminal that picks up a request while the client is still writing it \
                    reads half a file: the request fails as malformed, or is answered for \
                    truncated data. OQSComApp picks requests up within seconds and the real \
                    terminal's behaviour on a growing file is not public; mynakit's terminal \
                    waits for a file to settle, which hides the fault rather than excusing it. \
                    The check sees only what the terminal caught: a request written in place \
                    faster than one scan passes.",
        reference: "ReceptionAgent 単患者照会番号登録仕様 §19–20 (write, then move into the \
                     request folder); sanox.org オンライン資格確認 導入記 road13 (pickup within a \
                     few seconds); docs/terminal.md#terminal-behaviour (request-growing)",
        evaluate: atomic_write,
    }
}

fn atomic_write(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let requests = client_requests(run);
    if requests.is_empty() {
        return Verdict::NotApplicable("the client wrote no request to the terminal".to_owned());
    }
    for (_, path, _) in &requests {
        let caught = run.before_result().iter().find_map(|s| match s {
            Step::File {
                path: p,
                action: action @ (FileAction::RequestGrowing | FileAction::RequestIncomplete),
                t_us,
            } if p == path => Some((action, *t_us)),
            _ => None,
        });
        if let Some((action, t_us)) = caught {
            let what = match action {
                FileAction::RequestGrowing => "saw it change size under its final name",
                _ => "read it cut short",
            };
            return Verdict::Fail(format!(
                "the terminal {what} ({path}, {}): the client wrote the request in place \
                 instead of renaming a complete file into req",
                at(t_us)
            ));
        }
    }
    Verdict::Pass(format!(
        "{} appeared in req complete (never seen growing)",
        count(requests.len(), "request", "requests")
    ))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const REQ: &str = "req/OQSsiquc01req_0001.xml";

    #[test]
    fn a_request_seen_growing_fails_and_a_renamed_one_passes() {
        let r = result(Outcome::Eligible, &[]);
        let grown = Tl::new()
            .file(REQ, "request-seen")
            .file(REQ, "request-growing")
            .file(REQ, "request-read")
            .result("eligible");
        assert_eq!(
            fail(&AtomicWrite, &evidence(&grown.events, &r)),
            "the terminal saw it change size under its final name \
             (req/OQSsiquc01req_0001.xml, t=0.020s): the client wrote the request in place \
             instead of renaming a complete file into req"
        );
        let renamed = Tl::new()
            .file(REQ, "request-seen")
            .file(REQ, "request-read")
            .result("eligible");
        assert_eq!(
            pass(&AtomicWrite, &evidence(&renamed.events, &r)),
            "1 request appeared in req complete (never seen growing)"
        );
        not_applicable(&AtomicWrite, &evidence(&[], &r));
    }

    #[test]
    fn another_workstations_request_is_not_the_clients() {
        let r = result(Outcome::Eligible, &[]);
        let other = "req/OQSsiquc01req_other-workstation-0001.xml";
        let tl = Tl::new()
            .file(other, "other-request")
            .file(other, "request-growing")
            .file(other, "request-read")
            .result("eligible");
        not_applicable(&AtomicWrite, &evidence(&tl.events, &r));
    }
}
