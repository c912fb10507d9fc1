//! What `XML-sharing-consent` says: whether the client respected a patient's "no" to sharing a
//! history (薬剤 / 健診 / 診療).

use mynakit_oqs::MessageKind;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// The history a request of `kind` asks for, as the findings name it (the same in both
/// languages).
fn what(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::HealthCheckInfo => "特定健診情報 (TKKsiquc01)",
        MessageKind::DiagnosisInfo => "診療情報 (SRKsiquc01)",
        _ => "薬剤情報 (YZKsiquc01)",
    }
}

/// Where the patient said no.
pub(in crate::xml) enum SaidNo<'a> {
    /// In the face push at this path, which the client took.
    FacePush(&'a str),
    /// In the terminal's refusal at this path.
    Refusal(&'a str),
}

impl SaidNo<'_> {
    /// The place, in English and Japanese.
    fn words(&self) -> (String, String) {
        match self {
            SaidNo::FacePush(path) => (
                format!("the face push {} the client took", path),
                format!("クライアントが取った顔認証の通知 {}", path),
            ),
            SaidNo::Refusal(path) => (
                format!("the terminal's refusal {}", path),
                format!("端末の拒否 {}", path),
            ),
        }
    }
}

/// How a screen showed information as obtained after a refusal.
pub(in crate::xml) enum Obtained {
    /// Another ResultCode than the refusal's.
    Code { shown: String, refused: String },
    /// An eligible outcome in the mode that asks for the history.
    Eligible,
}

impl Obtained {
    /// What was shown, in English and Japanese.
    fn words(&self) -> (String, String) {
        match self {
            Obtained::Code { shown, refused } => (
                format!("ResultCode {shown:?}, where the answer said {refused:?}"),
                format!("ResultCode {shown:?} (応答は {refused:?})"),
            ),
            Obtained::Eligible => (
                "the information as obtained (outcome eligible)".to_owned(),
                "情報を取得したものとして (outcome eligible)".to_owned(),
            ),
        }
    }
}

/// No history was asked for (`diagnosis`, the terminal's prefix for 診療情報).
pub(in crate::xml) fn no_history_asked(diagnosis: &str) -> Reason {
    Reason::new(
        format!(
            "the client asked for no 薬剤情報, 特定健診情報 or 診療情報 (YZKsiquc01, TKKsiquc01, \
             {})",
            diagnosis
        ),
        format!(
            "クライアントは薬剤情報・特定健診情報・診療情報 (YZKsiquc01, TKKsiquc01, {}) を\
                 求めていない",
            diagnosis
        ),
    )
    .message("xml/no-history-asked")
}

/// `path` (at `t_us`) asks for `kind` although the patient said no in `why`.
pub(in crate::xml) fn asked_after_no(
    path: &str,
    t_us: u64,
    kind: MessageKind,
    why: &SaidNo<'_>,
) -> Reason {
    let (why, why_ja) = why.words();
    Reason::new(
        format!(
            "{path} ({}) asks for {} although {why} says the patient did not consent to \
                 share it, and the patient did not answer the face reader again since",
            at(t_us),
            what(kind)
        ),
        format!(
            "{path} ({}) は {} を求めたが、{} によれば患者は提供に同意しておらず、\
                     その後患者は顔認証付きカードリーダーで答え直していない",
            at(t_us),
            what(kind),
            why_ja
        ),
    )
    .message("xml/asked-after-no")
    .cite(Cite::at(t_us))
    .code("request", kind.prefix())
}

/// `requests` history requests, none refused.
pub(in crate::xml) fn none_refused(requests: usize) -> Reason {
    Reason::new(
        format!(
            "{} for 薬剤 / 健診 / 診療 information, none refused for want of consent",
            count(requests, "request", "requests")
        ),
        format!(
            "薬剤・健診・診療の情報の要求 {} 件で、同意がないとして拒否されたものはない",
            requests
        ),
    )
    .message("xml/none-refused")
    .count("requests", requests)
}

/// `kind` was refused, then given by a later answer.
pub(in crate::xml) fn given_later(kind: MessageKind) -> Reason {
    Reason::new(
        format!(
            "{} was refused for want of consent; a later answer gave it",
            what(kind)
        ),
        format!(
            "{} は同意がないとして拒否されたが、後の応答で得られた",
            what(kind)
        ),
    )
    .message("xml/given-later")
    .code("request", kind.prefix())
}

/// `kind` was refused by `answer` (written at `t_us`); the client showed it as obtained.
pub(in crate::xml) fn refusal_shown_as_obtained(
    kind: MessageKind,
    answer: &str,
    t_us: u64,
    why: &Obtained,
) -> Reason {
    let (why, why_ja) = why.words();
    Reason::new(
        format!(
            "the terminal refused {} for want of consent ({}, {}); the client then showed {why}",
            what(kind),
            answer,
            at(t_us)
        ),
        format!(
            "端末は同意がないとして {} を拒否した ({}, {}) が、クライアントはその後 {} を\
                 表示した",
            what(kind),
            answer,
            at(t_us),
            why_ja
        ),
    )
    .message("xml/refusal-shown-as-obtained")
    .code("request", kind.prefix())
    .cite(Cite::at(t_us))
}

/// `kind` was refused by `answer`; the client showed nothing.
pub(in crate::xml) fn refusal_kept(kind: MessageKind, answer: &str) -> Reason {
    Reason::new(
        format!(
            "the terminal refused {} for want of consent ({}); the client did not ask again \
             and showed no information",
            what(kind),
            answer
        ),
        format!(
            "端末は同意がないとして {} を拒否し ({})、クライアントは求め直さず、情報を\
                 表示していない",
            what(kind),
            answer
        ),
    )
    .message("xml/refusal-kept")
    .code("request", kind.prefix())
}
