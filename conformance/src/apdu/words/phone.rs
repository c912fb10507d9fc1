//! `APDU-phone-fallback`: a smartphone's token, which has no 券面 AP, is read through its JPKI
//! AP and no field it cannot give is shown blank.

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, Apdu};

/// The sign of a phone: the 券面 AP `title` answered 6A82 to `a`.
pub(in crate::apdu) fn face_ap_missing(title: &str, a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "the {title} answered 6A82 ({}): a smartphone's token",
            a.place()
        ),
        format!(
            "{title} が 6A82 と応答した ({}): スマートフォンのトークン",
            a.place()
        ),
    )
    .message("apdu/face-ap-missing")
    .cite(a)
}

/// The sign of a phone: the token label read at `a`.
pub(in crate::apdu) fn phone_label(a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!("the token label read at {} is a smartphone's", a.place()),
        format!("{} で読んだトークンラベルはスマートフォンのもの", a.place()),
    )
    .message("apdu/phone-label")
    .cite(a)
}

/// No sign of a smartphone.
pub(in crate::apdu) fn no_phone() -> Reason {
    Reason::new(
        "no sign of a smartphone: no 券面 AP answered 6A82 and no phone token label was \
         read",
        "スマートフォンの兆候はない: 6A82 と応答した券面 AP も、読まれたスマートフォンの\
         トークンラベルもない",
    )
    .message("apdu/no-phone")
}

/// Where a field was shown: a display at `t_us`.
pub(in crate::apdu) fn display_at(t_us: u64) -> Reason {
    let t = at(t_us);
    Reason::new(format!("a display at {t}"), format!("{t} の表示"))
        .message("apdu/display-at")
        .cite(Cite::at(t_us))
}

/// Where a field was shown: the result line at `t_us`.
pub(in crate::apdu) fn result_at(t_us: u64) -> Reason {
    let t = at(t_us);
    Reason::new(format!("the result at {t}"), format!("{t} の結果"))
        .message("apdu/result-at")
        .cite(Cite::at(t_us))
}

/// Where a field was shown: the result.
pub(in crate::apdu) fn the_result() -> Reason {
    Reason::new("the result", "結果").message("apdu/the-result")
}

/// After the sign `sign`, `where_` shows the element `name` empty.
pub(in crate::apdu) fn shown_blank(sign: &Reason, where_: &Reason, name: &str) -> Reason {
    let sign_ja = sign.ja().unwrap_or(sign.en());
    Reason::new(
        format!(
            "{sign}, and {where_} shows {name} empty: a field the phone cannot give is shown \
             blank instead of taken from the service's answer or left out"
        ),
        format!(
            "{sign_ja}。{}で {name} が空: スマートフォンが持たない項目を、サービスの回答から\
             取るか省くかせずに空欄で表示した",
            where_.ja().unwrap_or(where_.en())
        ),
    )
    .message("apdu/shown-blank")
    .code("element", name)
    .citing(sign.facts().cites.iter().copied())
    .citing(where_.facts().cites.iter().copied())
}

/// After the sign `sign`, the client stopped, ending as `outcome`.
pub(in crate::apdu) fn stopped_at_phone(sign: &Reason, outcome: Outcome) -> Reason {
    let sign_ja = sign.ja().unwrap_or(sign.en());
    Reason::new(
        format!(
            "{sign}, and the client went no further (no SELECT of the JPKI AP after it): the \
             result is {}, though the phone's JPKI AP confirms eligibility like the card's",
            outcome.as_str()
        ),
        format!(
            "{sign_ja}。クライアントはそこで止まった (その後 JPKI AP の SELECT がない): 結果は \
             {} だが、スマートフォンの JPKI AP でもカードと同じく資格確認できる",
            outcome.as_str()
        ),
    )
    .message("apdu/stopped-at-phone")
    .code("outcome", outcome.as_str())
    .citing(sign.facts().cites.iter().copied())
}

/// After the sign `sign`, the client went on (to the JPKI AP when `to_jpki`, else it selected
/// no 券面 AP) and ended as `outcome`.
pub(in crate::apdu) fn went_on_as_phone(sign: &Reason, to_jpki: bool, outcome: Outcome) -> Reason {
    let sign_ja = sign.ja().unwrap_or(sign.en());
    let (went, went_ja) = if to_jpki {
        ("went on to the JPKI AP", "JPKI AP に進み")
    } else {
        ("selected no 券面 AP", "券面 AP を選択せず")
    };
    Reason::new(
        format!(
            "{sign}; the client {went}, shows no personal field empty, and ends as {}",
            outcome.as_str()
        ),
        format!(
            "{sign_ja}。クライアントは{went_ja}、個人の項目を空で表示せず、{} で終えた",
            outcome.as_str()
        ),
    )
    .message("apdu/went-on-as-phone")
    .code("outcome", outcome.as_str())
    .citing(sign.facts().cites.iter().copied())
}
