//! What several `XML-` checks say alike.

use mynakit_protocol::Outcome;

use crate::reason::Reason;

/// No request was written.
pub(in crate::xml) fn no_request() -> Reason {
    Reason::new(
        "the client wrote no request to the terminal",
        "クライアントは端末に要求を書いていない",
    )
    .message("xml/no-request-written")
}

/// The client gave no result (`outcome`, the harness's own).
pub(in crate::xml) fn no_result(outcome: &Outcome) -> Reason {
    Reason::new(
        format!("the client gave no result ({})", outcome),
        format!("クライアントが結果を返していない ({})", outcome),
    )
    .message("xml/no-result")
    .code("outcome", outcome.to_string())
}
