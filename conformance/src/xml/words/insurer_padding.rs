//! What `XML-insurer-padding` says: whether the client sends every InsurerNumber in 8
//! characters.

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// `path` (at `t_us`) sends `field` padded with zeros, and its answer `answer` (at
/// `answer_us`) found nobody (`nobody`, the answer's own elements).
pub(in crate::xml) fn zeros_found_nobody(
    path: &str,
    t_us: u64,
    field: &str,
    answer: &str,
    answer_us: u64,
    nobody: &str,
) -> Reason {
    Reason::new(
        format!(
            "{path} ({}) sends InsurerNumber {field:?}, a 6-digit number padded \
                             with zeros, and its answer {answer} ({}) found nobody ({}): \
                             right-align it with spaces (\"  {}\")",
            at(t_us),
            at(answer_us),
            nobody,
            field.get(2..).unwrap_or(field),
        ),
        format!(
            "{path} ({}) は 0 で埋めた 6 桁の番号の InsurerNumber {field:?} を\
                                 送り、その応答 {answer} ({}) では該当者がなかった ({}): 空白で\
                                 右詰めにすること (\"  {}\")",
            at(t_us),
            at(answer_us),
            nobody,
            field.get(2..).unwrap_or(field)
        ),
    )
    .message("xml/insurer-zeros-found-nobody")
    .cite(Cite::at(t_us))
    .cite(Cite::at(answer_us))
}

/// `path` (at `t_us`) sends `field`, of a wrong length.
pub(in crate::xml) fn insurer_wrong_length(path: &str, t_us: u64, field: &str) -> Reason {
    Reason::new(
        format!(
            "{path} ({}) sends InsurerNumber {field:?} ({} characters): it must be 8, \
                     a 6-digit number right-aligned with spaces (\"  139998\")",
            at(t_us),
            field.chars().count()
        ),
        format!(
            "{path} ({}) は InsurerNumber {field:?} ({} 文字) を送った: 8 文字 (6 \
                         桁の番号なら空白で右詰め、\"  139998\") でなければならない",
            at(t_us),
            field.chars().count()
        ),
    )
    .message("xml/insurer-wrong-length")
    .cite(Cite::at(t_us))
    .count("characters", field.chars().count())
}

/// No request carried an InsurerNumber.
pub(in crate::xml) fn no_insurer_number() -> Reason {
    Reason::new(
        "no request of the client carried an InsurerNumber",
        "クライアントの要求に InsurerNumber を含むものはない",
    )
    .message("xml/no-insurer-number")
}

/// `judged` requests sent 8 characters; `zeros`, when there is one, padded with zeros.
pub(in crate::xml) fn insurer_padded(judged: usize, zeros: Option<&str>) -> Reason {
    let note = match zeros {
        Some(path) => format!(
            "; {path} pads a 6-digit number with zeros, which OQS may not accept (uncertain: \
             docs/terminal.md, zero_padded_insurer)"
        ),
        None => String::new(),
    };
    let note_ja = match zeros {
        Some(path) => format!(
            "。{path} は 6 桁の番号を 0 で埋めており、OQS が受け付けないおそれがある (不確か: \
             docs/terminal.md, zero_padded_insurer)"
        ),
        None => String::new(),
    };
    Reason::new(
        format!(
            "{} with an 8-character InsurerNumber{note}",
            count(judged, "request", "requests")
        ),
        format!("要求 {} 件の InsurerNumber が 8 文字{note_ja}", judged),
    )
    .message("xml/insurer-padded")
    .count("requests", judged)
}
