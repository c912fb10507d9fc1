//! What `XML-status-both` and `XML-request-accepted` say: whether the client showed the
//! terminal's error answers as errors, and whether the terminal accepted its requests.

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// No request was answered before the result.
pub(in crate::xml) fn none_answered() -> Reason {
    Reason::new(
        "no request of the client was answered by the terminal before the result",
        "結果の前に端末が応答したクライアントの要求はない",
    )
    .message("xml/none-answered")
}

/// `path` was answered with SegmentOfResult 1.
pub(in crate::xml) fn answered_normally(path: &str) -> Reason {
    Reason::new(
        format!(
            "the terminal answered {path} with SegmentOfResult 1; ProcessingResultStatus is not in \
             the timeline"
        ),
        format!(
            "端末は {path} に SegmentOfResult 1 で応答した。\
                ProcessingResultStatus はタイムラインにない"
        ),
    )
    .message("xml/answered-normally")
}

/// `path` (read at `t_us`) was answered with SegmentOfResult 9 (`why`, the terminal's note,
/// when it gave one), but the result is the qualification `outcome`.
pub(in crate::xml) fn error_shown_as_qualification(
    path: &str,
    t_us: u64,
    why: &str,
    outcome: Outcome,
) -> Reason {
    Reason::new(
        format!(
            "the terminal answered {path} ({}) with SegmentOfResult 9{why}, but the result is \
             {outcome}: nothing was confirmed",
            at(t_us),
        ),
        format!(
            "端末は {path} ({}) に SegmentOfResult 9{why} で応答したのに\
                、結果は {outcome} である: 何も確認されていない",
            at(t_us)
        ),
    )
    .message("xml/error-shown-as-qualification")
    .cite(Cite::at(t_us))
    .code("outcome", outcome.to_string())
}

/// `path` was answered with SegmentOfResult 9; the staff cancelled.
pub(in crate::xml) fn error_cancelled(path: &str) -> Reason {
    Reason::new(
        format!("the terminal answered {path} with SegmentOfResult 9; the staff cancelled"),
        format!(
            "端末は {path} に SegmentOfResult 9 で応答し、\
                職員が取り消した"
        ),
    )
    .message("xml/error-cancelled")
}

/// `path` (read at `t_us`) was answered with SegmentOfResult 9 (`why`), but the client's
/// `outcome` is no error.
pub(in crate::xml) fn error_not_shown(
    path: &str,
    t_us: u64,
    why: &str,
    outcome: Outcome,
) -> Reason {
    Reason::new(
        format!(
            "the terminal answered {path} ({}) with SegmentOfResult 9{why}, but the client \
                 did not show that error: the result is {outcome} (it waited past the answer)",
            at(t_us),
        ),
        format!(
            "端末は {path} ({}) に SegmentOfResult 9{why} で応答したが、クライアントは\
                     そのエラーを表示していない: 結果は {outcome} (応答の後も待ち続けた)",
            at(t_us)
        ),
    )
    .message("xml/error-not-shown")
    .cite(Cite::at(t_us))
    .code("outcome", outcome.to_string())
}

/// `path` was answered with SegmentOfResult 9 and no ErrorCode; the result is `outcome`.
pub(in crate::xml) fn error_shown(path: &str, outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "the terminal answered {path} with SegmentOfResult 9; the result is {outcome}, not \
             a qualification"
        ),
        format!(
            "端末は {path} に SegmentOfResult 9 で応答し、\
                結果は資格ではなく {outcome} である"
        ),
    )
    .message("xml/error-shown")
    .code("outcome", outcome.to_string())
}

/// `path` was answered with SegmentOfResult 9 and ErrorCode `code`; `outcome` shows it.
pub(in crate::xml) fn error_code_shown(path: &str, code: &str, outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "the terminal answered {path} with SegmentOfResult 9 (ErrorCode {code}); the result \
             is {outcome} showing it"
        ),
        format!(
            "端末は {path} に SegmentOfResult 9 (ErrorCode {code}) で応\
                答し、結果はそれを示す {outcome} である"
        ),
    )
    .message("xml/error-code-shown")
    .code("error-code", code)
    .code("outcome", outcome.to_string())
}

/// `path` (read at `t_us`) was answered with ErrorCode `code` (`why`); the client's `outcome`
/// shows `shown` instead.
pub(in crate::xml) fn error_code_not_shown(
    path: &str,
    t_us: u64,
    code: &str,
    why: &str,
    outcome: Outcome,
    shown: Option<&str>,
) -> Reason {
    let said = Reason::new(
        format!(
            "the terminal answered {path} ({}) with SegmentOfResult 9, ErrorCode {code}{why}, \
             but the client's {outcome} shows {}: it did not show the terminal's error (it \
             waited past the answer, or showed an error of its own)",
            at(t_us),
            shown.map_or_else(|| "no ErrorCode".to_owned(), |s| format!("ErrorCode {s}")),
        ),
        format!(
            "端末は {path} ({}) に SegmentOfResult 9、ErrorCode {code}{why} で応答したが、\
                 クライアントの {outcome} は {} を示している: 端末のエラーを示していない \
                 (応答の後も待ち続けたか、自分のエラーを示した)",
            at(t_us),
            shown.map_or_else(|| "ErrorCode なし".to_owned(), |s| format!("ErrorCode {s}"))
        ),
    )
    .message("xml/error-code-not-shown")
    .cite(Cite::at(t_us))
    .code("error-code", code)
    .code("outcome", outcome.to_string());
    match shown {
        Some(shown) => said.code("shown-error-code", shown),
        None => said,
    }
}

/// The terminal rejected `path` at `t_us` (`why`, its note, when it gave one).
pub(in crate::xml) fn rejected(path: &str, t_us: u64, why: &str) -> Reason {
    Reason::new(
        format!("the terminal rejected {path} ({}){why}", at(t_us)),
        format!("端末は {path} を拒否した ({}){why}", at(t_us)),
    )
    .message("xml/request-rejected")
    .cite(Cite::at(t_us))
}

/// `read` requests read, none rejected.
pub(in crate::xml) fn accepted(read: usize) -> Reason {
    Reason::new(
        format!(
            "{} read by the terminal, none rejected",
            count(read, "request", "requests")
        ),
        format!("要求 {read} 件を端末が読み、拒否されたものはない"),
    )
    .message("xml/requests-accepted")
    .count("requests", read)
}
