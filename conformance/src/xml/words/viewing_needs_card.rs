//! What `XML-viewing-needs-card` says: whether the client viewed a history (薬剤 / 健診 / 診療)
//! the terminal gave with no consent in force.

use mynakit_oqs::MessageKind;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// The history a request of `kind` asks for (the same in both languages).
fn what(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::HealthCheckInfo => "特定健診情報 (TKKsiquc01)",
        MessageKind::DiagnosisInfo => "診療情報 (SRKsiquc01)",
        _ => "薬剤情報 (YZKsiquc01)",
    }
}

/// How a screen showed a history as obtained.
#[derive(Clone, Copy, Debug)]
pub(in crate::xml) enum Shown {
    /// `ResultCode` 1 on it.
    Code,
    /// An eligible outcome in the mode that asks for the history.
    Eligible,
}

impl Shown {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Shown::Code => ("ResultCode 1 on a screen", "画面に ResultCode 1"),
            Shown::Eligible => (
                "the history as obtained (outcome eligible)",
                "情報を取得したものとして (outcome eligible)",
            ),
        }
    }
}

/// `requests` history requests, none given without a consent in force.
pub(in crate::xml) fn none_given_without(requests: usize) -> Reason {
    Reason::new(
        format!(
            "{} for 薬剤 / 健診 / 診療 information, none given without a consent in force",
            count(requests, "request", "requests")
        ),
        format!(
            "薬剤・健診・診療の情報の要求 {} 件で、同意のないまま与えられたものはない",
            requests
        ),
    )
    .message("xml/none-given-without-consent")
    .count("requests", requests)
}

/// The terminal gave `kind` in `answer` (written at `t_us`) with no consent in force; the
/// client showed it (`how`).
pub(in crate::xml) fn shown_without_card(
    kind: MessageKind,
    answer: &str,
    t_us: u64,
    how: Shown,
) -> Reason {
    let (how, how_ja) = how.words();
    Reason::new(
        format!(
            "the terminal gave {} with no consent in force ({}, {}: ResultCode 1, no consent \
             flag 1, so the patient did not confirm with the My Number card and consent); \
             通常時 it may not be viewed, yet the client showed {how}",
            what(kind),
            answer,
            at(t_us)
        ),
        format!(
            "端末は同意のないまま {} を返した ({}, {}: ResultCode 1 で同意フラグ 1 がない。\
             患者はマイナンバーカードで本人確認をして同意していない)。通常時は閲覧できないが、\
             クライアントは {how_ja} を表示した",
            what(kind),
            answer,
            at(t_us)
        ),
    )
    .message("xml/shown-without-card")
    .code("request", kind.prefix())
    .cite(Cite::at(t_us))
}

/// The terminal gave `kind` in `answer` with no consent in force; the client did not show it.
pub(in crate::xml) fn not_shown(kind: MessageKind, answer: &str) -> Reason {
    Reason::new(
        format!(
            "the terminal gave {} with no consent in force ({}); the client did not show it",
            what(kind),
            answer
        ),
        format!(
            "端末は同意のないまま {} を返した ({}) が、クライアントはそれを表示していない",
            what(kind),
            answer
        ),
    )
    .message("xml/not-shown-without-card")
    .code("request", kind.prefix())
}
