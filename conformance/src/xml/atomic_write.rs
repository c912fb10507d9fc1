//! `XML-atomic-write`: a request appears in `req` complete (a WARNING: the terminal saw it
//! change, and could have read it half written); `XML-partial-read`: the terminal did read one
//! half written (FAILED).

use mynakit_timeline::FileAction;

use crate::check::{Evidence, Verdict};
use crate::run::folder::client_requests;
use crate::run::{Run, Step};
use crate::xml::words::{atomic_write as words, common};

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

check! {
    /// `XML-partial-read`: the terminal never reads a request still being written.
    PartialRead {
        id: "XML-partial-read",
        severity: Failed,
        rule: "The terminal never reads one of the client's requests cut short: no request is \
               still being written under its final name when the terminal picks it up \
               (request-incomplete).",
        rationale: "XML-atomic-write warns when the terminal only saw a request change: it could \
                    have read half of it. Here it did: a terminal reading at that moment answers \
                    a malformed request with an error, or a truncated one for the wrong data, \
                    and the patient's confirmation fails or is wrong. mynakit's terminal reads \
                    such a file again once it is quiet, which a real terminal need not do.",
        reference: "ReceptionAgent 単患者照会番号登録仕様 §19–20 (write, then move into the \
                     request folder); sanox.org オンライン資格確認 導入記 road13 (pickup within a \
                     few seconds); docs/terminal.md#terminal-behaviour (request-incomplete)",
        evaluate: partial_read,
    }
}

fn partial_read(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let requests = crate::run::folder::written_requests(run);
    if requests.is_empty() {
        return Verdict::NotApplicable(common::no_request());
    }
    for (_, path, _) in &requests {
        let cut = run.before_result().iter().find_map(|s| match s {
            Step::File {
                path: p,
                action: FileAction::RequestIncomplete,
                t_us,
            } if p == path => Some(*t_us),
            _ => None,
        });
        if let Some(t_us) = cut {
            return Verdict::Fail(words::read_cut_short(path, t_us));
        }
    }
    Verdict::Pass(words::read_whole(requests.len()))
}

fn atomic_write(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let requests = client_requests(run);
    if requests.is_empty() {
        return Verdict::NotApplicable(common::no_request());
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
            let growing = matches!(action, FileAction::RequestGrowing);
            return Verdict::Fail(words::written_in_place(growing, path, t_us));
        }
    }
    Verdict::Pass(words::appeared_complete(requests.len()))
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
        assert_eq!(
            fail(&AtomicWrite, &evidence(&grown.events, &r)).ja(),
            Some(
                "端末が最終の名前のまま大きさが変わるのを見た (req/OQSsiquc01req_0001.xml, \
                 t=0.020s): クライアントは完全なファイルを req へ改名せず、その場で要求を書いた"
            )
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
        // Seen growing, but read whole: no partial read.
        assert_eq!(
            pass(&PartialRead, &evidence(&grown.events, &r)),
            "1 request read whole by the terminal"
        );
        not_applicable(&PartialRead, &evidence(&[], &r));
    }

    #[test]
    fn a_request_read_cut_short_fails_the_partial_read() {
        let r = result(Outcome::Eligible, &[]);
        let cut = Tl::new()
            .file(REQ, "request-seen")
            .file(REQ, "request-incomplete")
            .file(REQ, "request-growing")
            .file(REQ, "request-read")
            .result("eligible");
        assert_eq!(
            fail(&PartialRead, &evidence(&cut.events, &r)),
            "the terminal read req/OQSsiquc01req_0001.xml cut short (t=0.020s): the client was \
             still writing it under its final name in req"
        );
        assert_eq!(
            fail(&PartialRead, &evidence(&cut.events, &r)).ja(),
            Some(
                "端末が req/OQSsiquc01req_0001.xml を途中までの状態で読んだ (t=0.020s): \
                 クライアントが req の最終の名前のまま書いている途中だった"
            )
        );
        fail(&AtomicWrite, &evidence(&cut.events, &r));
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
