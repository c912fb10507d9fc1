//! What several `XML-` checks say alike.

use crate::reason::Reason;

/// No request was written.
pub(in crate::xml) fn no_request() -> Reason {
    Reason::new(
        "the client wrote no request to the terminal",
        "クライアントは端末に要求を書いていない",
    )
    .message("xml/no-request-written")
}
