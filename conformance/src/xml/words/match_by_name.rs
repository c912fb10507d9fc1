//! What `XML-match-by-name` says: whether the client took its own answer by name, not another
//! workstation's by time.

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::at;

/// No other answer was in `res`.
pub(in crate::xml) fn no_other_answer() -> Reason {
    Reason::new(
        "no other answer was in res while the client waited for its own",
        "クライアントが自分の応答を待つ間、res に他の応答はなかった",
    )
    .message("xml/no-other-answer")
}

/// `other` arrived, but the client wrote no request.
pub(in crate::xml) fn other_but_no_request(other: &str) -> Reason {
    Reason::new(
        format!(
            "{} arrived, but the client wrote no request of its own",
            other
        ),
        format!(
            "{} が届いたが、クライアントは自分の要求を書いていない",
            other
        ),
    )
    .message("xml/other-but-no-request")
}

/// Whose answer the client should have shown: its own answer `own` (when the terminal wrote
/// it), else the answer `answer` to its request `request`, in `req` at `request_us`.
pub(in crate::xml) enum OwnAnswer<'a> {
    /// The terminal wrote it.
    Written { own: &'a str },
    /// Not yet written.
    NotYet {
        request: &'a str,
        request_us: u64,
        answer: &'a str,
    },
}

/// The client shows `element` of `other` (written at `other_us`), another workstation's
/// answer, not its own.
pub(in crate::xml) fn took_other(
    element: &str,
    other: &str,
    other_us: u64,
    own: &OwnAnswer<'_>,
) -> Reason {
    let (why, why_ja) = match *own {
        OwnAnswer::Written { own } => (
            format!("not of {}, the answer to its own request", own),
            format!("自分の要求への応答 {} のものではない", own),
        ),
        OwnAnswer::NotYet {
            request,
            request_us,
            answer,
        } => (
            format!(
                "before {}, the answer to its own request {request} (in req at {}), \
                     was even written",
                answer,
                at(request_us)
            ),
            format!(
                "自分の要求 {request} (req に {}) への応答 {} が書かれる前である",
                at(request_us),
                answer
            ),
        ),
    };
    Reason::new(
        format!(
            "the client shows the {element} of {} (another workstation's answer, {}), {why}: \
                 it took a file by time, not by name",
            other,
            at(other_us)
        ),
        format!(
            "クライアントは {} (他の端末の応答、{}) の {element} を表示している。{why_ja}: \
                     名前ではなく時刻でファイルを取った",
            other,
            at(other_us)
        ),
    )
    .message("xml/took-other-answer")
    .code("element", element)
    .cite(Cite::at(other_us))
    .citing(match *own {
        OwnAnswer::NotYet { request_us, .. } => Some(Cite::at(request_us)),
        OwnAnswer::Written { .. } => None,
    })
}

/// Nothing shown tells `own` from `other`.
pub(in crate::xml) fn nothing_tells(own: &str, other: &str) -> Reason {
    Reason::new(
        format!("nothing the client showed tells {own} from {}", other),
        format!(
            "クライアントの表示からは {own} と {} を見分けられない",
            other
        ),
    )
    .message("xml/nothing-tells-apart")
}

/// The client shows `same` of its own answer `own`, although `other` arrived first.
pub(in crate::xml) fn took_own(same: &[&str], own: &str, other: &str) -> Reason {
    Reason::new(
        format!(
            "the client shows {} of {own}, its own answer, although {} arrived first",
            same.join(", "),
            other
        ),
        format!(
            "{} が先に届いたが、クライアントは自分の応答 {own} の {} を表示している",
            other,
            same.join(", ")
        ),
    )
    .message("xml/took-own-answer")
    .code("elements", same.join(", "))
}
