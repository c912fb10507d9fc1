//! What `XML-request-kept` says: whether the client left its requests in `req` until the
//! terminal picked them up.

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// The client removed `path` (seen in `req` at `seen_us`, when it was) at `t_us`, before the
/// terminal read it.
pub(in crate::xml) fn request_withdrawn(path: &str, t_us: u64, seen_us: Option<u64>) -> Reason {
    let written = seen_us
        .map(|t| format!(", seen in req at {}", at(t)))
        .unwrap_or_default();
    let written_ja = seen_us
        .map(|t| format!("、req で {} に確認", at(t)))
        .unwrap_or_default();
    Reason::new(
        format!(
            "the client removed {path} from req before the terminal picked it up \
                     (request-vanished, {}{written}): the request was withdrawn unanswered",
            at(t_us)
        ),
        format!(
            "クライアントは端末が取り込む前に {path} を req から取り除いた \
                         (request-vanished、{}{written_ja}): 要求は応答のないまま取り下げられた",
            at(t_us)
        ),
    )
    .message("xml/request-withdrawn")
    .cite(Cite::at(t_us))
    .citing(seen_us.map(Cite::at))
}

/// Every one of the `requests` requests stayed until it was picked up.
pub(in crate::xml) fn requests_kept(requests: usize) -> Reason {
    Reason::new(
        format!(
            "{} stayed in req until the terminal picked {}",
            count(requests, "request", "requests"),
            if requests == 1 { "it up" } else { "them up" }
        ),
        format!("要求 {} 件は端末が取り込むまで req に残っていた", requests),
    )
    .message("xml/requests-kept")
    .count("requests", requests)
}
