//! What `XML-partial-read` and `XML-atomic-write` say: whether the terminal read the client's
//! requests whole, never growing in `req`.

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// The terminal read `path` cut short at `t_us`.
pub(in crate::xml) fn read_cut_short(path: &str, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the terminal read {path} cut short ({}): the client was still writing it under \
                 its final name in req",
            at(t_us)
        ),
        format!(
            "端末が {path} を途中までの状態で読んだ ({}): クライアントが req \
                     の最終の名前のまま書いている途中だった",
            at(t_us)
        ),
    )
    .message("xml/read-cut-short")
    .cite(Cite::at(t_us))
}

/// The terminal read all `requests` requests whole.
pub(in crate::xml) fn read_whole(requests: usize) -> Reason {
    Reason::new(
        format!(
            "{} read whole by the terminal",
            count(requests, "request", "requests")
        ),
        format!("要求 {} 件を端末が完全な形で読んだ", requests),
    )
    .message("xml/read-whole")
    .count("requests", requests)
}

/// The terminal saw `path` growing (or, when not `growing`, read it cut short) at `t_us`.
pub(in crate::xml) fn written_in_place(growing: bool, path: &str, t_us: u64) -> Reason {
    let (what, what_ja) = if growing {
        (
            "saw it change size under its final name",
            "最終の名前のまま大きさが変わるのを見た",
        )
    } else {
        ("read it cut short", "途中までの状態で読んだ")
    };
    Reason::new(
        format!(
            "the terminal {what} ({path}, {}): the client wrote the request in place \
                 instead of renaming a complete file into req",
            at(t_us)
        ),
        format!(
            "端末が{what_ja} ({path}, {}): クライアントは完全なファイルを req へ改名せず、\
                     その場で要求を書いた",
            at(t_us)
        ),
    )
    .message("xml/written-in-place")
    .code(
        "event",
        if growing {
            "request-growing"
        } else {
            "request-incomplete"
        },
    )
    .cite(Cite::at(t_us))
}

/// All `requests` requests appeared complete.
pub(in crate::xml) fn appeared_complete(requests: usize) -> Reason {
    Reason::new(
        format!(
            "{} appeared in req complete (never seen growing)",
            count(requests, "request", "requests")
        ),
        format!(
            "要求 {} 件が完全な形で req に現れた (大きくなる途中は見られていない)",
            requests
        ),
    )
    .message("xml/appeared-complete")
    .count("requests", requests)
}
