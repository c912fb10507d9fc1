//! What `XML-info-pdf` says: whether the drug history the client showed came with the PDF it
//! asked for.

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::at;

/// The run is in `mode`, not drug-info.
pub(in crate::xml) fn not_drug_info(mode: &str) -> Reason {
    Reason::new(
        format!("the run is in {} mode, not drug-info", mode),
        format!("実行のモードは {} で、drug-info ではない", mode),
    )
    .message("xml/not-drug-info")
    .code("mode", mode)
}

/// The client did not show the drug history as obtained (`outcome`).
pub(in crate::xml) fn drugs_not_shown(outcome: &Outcome) -> Reason {
    Reason::new(
        format!(
            "the client did not show the drug history as obtained ({})",
            outcome
        ),
        format!(
            "クライアントは薬剤情報を取得したと表示していない ({})",
            outcome
        ),
    )
    .message("xml/drugs-not-shown")
    .code("outcome", outcome.to_string())
}

/// The drug history was shown with no 薬剤情報 request.
pub(in crate::xml) fn drugs_without_request() -> Reason {
    Reason::new(
        "the client showed the drug history as obtained without a single 薬剤情報 request \
             (YZKsiquc01)",
        "クライアントは薬剤情報の要求 (YZKsiquc01) を一つも書かずに、薬剤情報を取得したと\
             表示した",
    )
    .message("xml/drugs-without-request")
}

/// None of the `requests` 薬剤情報 requests (the first `first`, at `t_us`) asked for the PDF.
pub(in crate::xml) fn pdf_not_asked(requests: usize, first: &str, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the client showed the drug history as obtained, but none of its {} 薬剤情報 \
             requests (the first {first}, {}) asked for the PDF (an odd FileCategory)",
            requests,
            at(t_us)
        ),
        format!(
            "クライアントは薬剤情報を取得したと表示したが、薬剤情報の要求 {} 件 (最初は \
                 {first}、{}) のどれも PDF を求めていない (FileCategory が奇数でない)",
            requests,
            at(t_us)
        ),
    )
    .message("xml/pdf-not-asked")
    .count("requests", requests)
    .cite(Cite::at(t_us))
}

/// `request` asked for the PDF `pdf`, which was not written before the client's result.
pub(in crate::xml) fn pdf_never_had(request: &str, pdf: &str) -> Reason {
    Reason::new(
        format!(
            "{request} asked for the PDF, but {pdf} was not written before the client's result: \
             the client showed a PDF it never had"
        ),
        format!(
            "{request} は PDF を求めたが、{pdf} はクライアントの結果の前に書かれていない: \
                 クライアントは受け取っていない PDF を表示した"
        ),
    )
    .message("xml/pdf-never-had")
}

/// `request` asked for the PDF; the client picked up `pdf`, written at `written_us`.
pub(in crate::xml) fn pdf_picked_up(request: &str, pdf: &str, written_us: u64) -> Reason {
    Reason::new(
        format!(
            "{request} asked for the PDF; the client picked up {pdf} (written {})",
            at(written_us)
        ),
        format!(
            "{request} が PDF を求め、クライアントは {pdf} (書き込み {}) を受け取った",
            at(written_us)
        ),
    )
    .message("xml/pdf-picked-up")
    .cite(Cite::at(written_us))
}

/// `pdf`, written at `written_us`, was never read or taken.
pub(in crate::xml) fn pdf_left(pdf: &str, written_us: u64) -> Reason {
    Reason::new(
        format!(
            "{pdf} was written ({}) but the client never read or took it",
            at(written_us)
        ),
        format!(
            "{pdf} は書かれた ({}) が、クライアントは読みも取り出しもしていない",
            at(written_us)
        ),
    )
    .message("xml/pdf-left")
    .cite(Cite::at(written_us))
}
