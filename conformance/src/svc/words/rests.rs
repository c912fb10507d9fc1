//! What `SVC-result-rests-on-answer` says (`docs/client-protocol.md#from-the-answer-to-the-outcome`).
//! A patient's values stay in the text, never in the facts.

use mynakit_oqs::ElementName;
use mynakit_protocol::{Flow, Outcome};

use super::shown::place;
use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::answer::{self, Answer};
use crate::run::{at, Exchange};

/// The qualification `o` was displayed at `t_us`.
pub(in crate::svc) fn displayed(o: Outcome, t_us: u64) -> Reason {
    Reason::new(
        format!("{o} was shown ({})", at(t_us)),
        format!("{o} が表示された ({})", at(t_us)),
    )
    .message("svc/rests-displayed")
    .cite(Cite::at(t_us))
    .code("outcome", o.to_string())
}

/// The result is `outcome` (reported at `t_us`, when known).
pub(in crate::svc) fn result(outcome: Outcome, t_us: Option<u64>) -> Reason {
    let when = t_us.map(|t| format!(" ({})", at(t))).unwrap_or_default();
    let said = Reason::new(
        format!("the result is {outcome}{when}"),
        format!("結果が {outcome} を示した{when}"),
    )
    .message("svc/rests-result")
    .code("outcome", outcome.to_string());
    match t_us {
        Some(t) => said.cite(Cite::at(t)),
        None => said,
    }
}

/// No qualification shown.
pub(in crate::svc) fn nothing_shown() -> Reason {
    Reason::new("no qualification was shown", "資格は表示されなかった")
        .message("svc/rests-nothing-shown")
}

/// The care setting `setting` answers through its own API.
pub(in crate::svc) fn own_api(setting: Flow) -> Reason {
    Reason::new(
        format!(
            "the {setting} setting answers through its own API; its SVC checks judge it \
         (docs/care-settings.md)"
        ),
        format!(
            "{setting} の設定は専用の API で回答する: 判定はその SVC チェックが行う \
             (docs/care-settings.md)"
        ),
    )
    .message("svc/rests-own-api")
    .code("setting", setting.to_string())
}

/// `what` was shown before `later`, the first answer, arrived.
pub(in crate::svc) fn before_answer(what: Reason, later: &Answer<'_, '_>) -> Reason {
    what.before(
        &format!(
            " before {} arrived: it rests on no answer",
            later.describe()
        ),
        &format!(
            "。{} が届く前であり、どの回答にも基づかない",
            later.describe_ja()
        ),
    )
    .message("svc/rests-before-answer")
    .cite(place(later))
}

/// The card checks got no result message.
pub(in crate::svc) fn unanswered() -> Reason {
    Reason::new(
        "the client's card checks got no result message; SVC-unanswered-not-eligible \
         judges what it showed",
        "クライアントの資格確認に結果の電文が返らなかった: 表示の判定は \
         SVC-unanswered-not-eligible が行う",
    )
    .message("svc/rests-unanswered")
}

/// `what`, but the terminal never answered the request `path` written at `t_us`.
pub(in crate::svc) fn terminal_silent(what: Reason, path: &str, t_us: u64) -> Reason {
    what.before(
        &format!(
            ", but the terminal never answered {path} ({}): it rests on no answer",
            at(t_us)
        ),
        &format!(
            " が、端末は {path} ({}) に回答しておらず、どの回答にも基づかない",
            at(t_us)
        ),
    )
    .message("svc/rests-terminal-silent")
    .cite(Cite::at(t_us))
}

/// `what`, but the client asked nothing in this run.
pub(in crate::svc) fn nothing_asked(what: Reason) -> Reason {
    what.before(
        ", but the client sent no card check and wrote no request in this run: a \
         result kept from an earlier patient or read elsewhere",
        " が、クライアントはこの実行で資格確認を送らず、リクエストも書いていない: \
         前の患者から残った結果か、別の場所で読んだ結果",
    )
    .message("svc/rests-nothing-asked")
}

/// The result is `outcome`, but the answer `a` does not say covered (its `codes`).
pub(in crate::svc) fn not_covered(
    outcome: Outcome,
    a: &Answer<'_, '_>,
    [segment, status, validity]: [&str; 3],
) -> Reason {
    let codes = format!(
        "SegmentOfResult {segment}, ProcessingResultStatus {status}, QualificationValidity \
         {validity}"
    );
    Reason::new(
        format!(
            "the result is {outcome}, but the answer it rests on ({}) does not say the person is \
         covered ({codes})",
            a.describe(),
        ),
        format!(
            "結果は {outcome} だが、その基になった回答 ({}) は資格があるとしていない ({codes})",
            a.describe_ja(),
        ),
    )
    .message("svc/rests-not-covered")
    .cite(place(a))
    .code("outcome", outcome.to_string())
    .code("segment", segment)
    .code("status", status)
    .code("validity", validity)
}

/// `what`, but `problem`.
pub(in crate::svc) fn but(what: &Reason, problem: &Reason) -> Reason {
    Reason::join([what, problem], ", but ", " が、").message("svc/rests-but")
}

/// `what` after the answer `a` to the client's own request (with the card's certificate,
/// unless from the terminal).
pub(in crate::svc) fn rests(what: Reason, a: &Answer<'_, '_>) -> Reason {
    let (card, card_ja) = if a.is_terminal() {
        ("", "")
    } else {
        (
            ", with the certificate read from the card in this run",
            "で、この実行でカードから読んだ証明書によるもの",
        )
    };
    what.before(
        &format!(
            " after {}, the answer to the client's own request{card}",
            a.describe()
        ),
        &format!(
            "。クライアント自身のリクエストへの回答 ({}) を受けた後の表示{card_ja}",
            a.describe_ja()
        ),
    )
    .message("svc/rests-rests")
    .cite(place(a))
}

/// The client shows `name` as `value`, which the answer `a` does not hold.
pub(in crate::svc) fn another_person(name: ElementName, value: &str, a: &Answer<'_, '_>) -> Reason {
    let (held, held_ja) = match a.value_text(name).as_deref() {
        Some(answer::REDACTED) | None => (answer::REDACTED.to_owned(), "と異なる".to_owned()),
        Some(v) => (format!("`{v}`"), format!("は `{v}`")),
    };
    Reason::new(
        format!(
            "the client shows {name} `{value}`, but the answer ({}) holds {held}: another \
             patient's result",
            a.describe(),
        ),
        format!(
            "クライアントは {name} `{value}` を表示しているが、回答 ({}) の値{held_ja}: \
             別の患者の結果",
            a.describe_ja(),
        ),
    )
    .message("svc/rests-another-person")
    .cite(place(a))
    .code("element", name.as_str())
}

/// `x` carried a certificate, none read from a card before it.
pub(in crate::svc) fn certificate_unread(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} carried a certificate, and none was read from a card before it in this run: \
             one stored or replayed, not this card's",
            x.describe()
        ),
        format!(
            "{} は証明書を送ったが、この実行でそれより前にカードから読んだ証明書はない: \
             保存または再送したもので、このカードのものではない",
            x.describe_ja()
        ),
    )
    .message("svc/rests-certificate-unread")
    .cite(x)
}

/// `x` carried another certificate than the card's.
pub(in crate::svc) fn certificate_other(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} carried another certificate than the one read from the card in this run",
            x.describe()
        ),
        format!(
            "{} は、この実行でカードから読んだものと別の証明書を送った",
            x.describe_ja()
        ),
    )
    .message("svc/rests-certificate-other")
    .cite(x)
}
