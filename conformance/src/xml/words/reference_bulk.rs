//! What `XML-reference-number` says of 照会番号 keyed in with several cards at once (mode
//! `bulk`): each keyed number by its card's position in the ask (`card`, from 1).

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// The keyed number of card `card`, in English and Japanese.
fn which(card: usize) -> (String, String) {
    (
        format!("the 照会番号 keyed with card {} of the bulk ask", card),
        format!(
            "一括の依頼で {} 枚目のカードとともに入力された照会番号",
            card
        ),
    )
}

/// The number keyed with `card` at `keyed_us` is in no registration.
pub(in crate::xml) fn not_registered(card: usize, keyed_us: u64) -> Reason {
    let (which, which_ja) = which(card);
    Reason::new(
        format!(
            "the staff keyed in {which} at {}, but no registration the client wrote \
                 (a ReferenceNumberRegistrationInfo of OQSmuimm01req, or OQSsiimm01req) names it",
            at(keyed_us)
        ),
        format!(
            "職員が {} に{which_ja}を入力したが、クライアントが書いたど\
                の登録 (OQSmuimm01req の ReferenceNumberRegistrationInfo、\
                または OQSsiimm01req) もそれを含まない",
            at(keyed_us)
        ),
    )
    .message("xml/bulk-not-registered")
    .count("card", card)
    .cite(Cite::at(keyed_us))
}

/// `request` registers the number keyed with `card` against another card.
pub(in crate::xml) fn other_card(request: &str, card: usize) -> Reason {
    let (which, which_ja) = which(card);
    Reason::new(
        format!(
            "{request} registers {which} against another card's InsuredIdentificationNumber \
                 than the one keyed in with it"
        ),
        format!(
            "{request} は{which_ja}を、ともに入力されたものと異なるカー\
                ドの InsuredIdentificationNumber で登録している"
        ),
    )
    .message("xml/bulk-other-card")
    .count("card", card)
}

/// The number keyed with `card` was registered and never shown.
pub(in crate::xml) fn registered_not_shown(card: usize) -> Reason {
    let (which, which_ja) = which(card);
    Reason::new(
        format!(
            "the terminal registered {which}, but the client never showed it (no \
                     ReferenceNumber in a display or its result)"
        ),
        format!(
            "端末は{which_ja}を登録したが、クライアントはそれを表示していない (表示にも\
                         結果にも ReferenceNumber がない)"
        ),
    )
    .message("xml/bulk-registered-not-shown")
    .count("card", card)
}

/// The number keyed with `card` was refused (with `code`), and shown as registered.
pub(in crate::xml) fn refused_shown_registered(card: usize, code: Option<&str>) -> Reason {
    let (which, which_ja) = which(card);
    let said = Reason::new(
        format!(
            "the terminal refused {which}{}, but the client showed it as a \
                     ReferenceNumber as if it were registered",
            code.map(|c| format!(" ({c})")).unwrap_or_default()
        ),
        format!(
            "端末は{which_ja}を拒否した{}が、クライアントは登録されたかのように \
                         ReferenceNumber として表示した",
            code.map(|c| format!(" ({c})")).unwrap_or_default()
        ),
    )
    .message("xml/bulk-refused-shown-registered")
    .count("card", card);
    match code {
        Some(code) => said.code("code", code),
        None => said,
    }
}

/// The number keyed with `card` was refused with `code`, and the refusal not shown.
pub(in crate::xml) fn refusal_not_shown(card: usize, code: &str) -> Reason {
    let (which, which_ja) = which(card);
    Reason::new(
        format!(
            "the terminal refused {which} ({code}), but the client never showed that \
                     refusal (ProcessingResultCode in a display or its result)"
        ),
        format!(
            "端末は{which_ja}を拒否した ({code}) が、クライアントはその拒否を\
                         表示していない (表示にも結果にも ProcessingResultCode がない)"
        ),
    )
    .message("xml/bulk-refusal-not-shown")
    .count("card", card)
    .code("code", code)
}

/// The number keyed with `card` was shown, and its registration never read.
pub(in crate::xml) fn shown_unread(card: usize) -> Reason {
    let (which, which_ja) = which(card);
    Reason::new(
        format!(
            "the client showed {which} as a ReferenceNumber, but never read whether it \
                     was registered (no final OQSmuimm02res unit, or OQSsiimm01res, answers it \
                     before its result)"
        ),
        format!(
            "クライアントは{which_ja}を ReferenceNumber として表示したが、登録されたかを\
                     読んでいない (結果の前に、それに答える最終の OQSmuimm02res の単位も \
                     OQSsiimm01res もない)"
        ),
    )
    .message("xml/bulk-shown-unread")
    .count("card", card)
}

/// `unread` numbers keyed, no outcome read or shown.
pub(in crate::xml) fn none_read(unread: usize) -> Reason {
    Reason::new(
        format!(
            "{} keyed in with the bulk ask; the client read no registration's outcome and \
             showed none",
            count(unread, "照会番号", "照会番号")
        ),
        format!(
            "一括の依頼で照会番号 {unread} 件が入力された。クライアントは登録の結果を読まず、\
                 表示もしていない"
        ),
    )
    .message("xml/bulk-none-read")
    .count("numbers", unread)
}

/// `keyed` numbers: `registered` registered and shown, `refused` refused and shown so,
/// `unread` never read.
pub(in crate::xml) fn each_registered(
    keyed: usize,
    registered: usize,
    refused: usize,
    unread: usize,
) -> Reason {
    Reason::new(
        format!(
            "{} keyed in with the bulk ask, each registered for its own card: {registered} \
         registered and shown, {refused} refused and shown as refused{}",
            count(keyed, "照会番号", "照会番号"),
            if unread > 0 {
                format!(", {unread} never read nor shown")
            } else {
                String::new()
            }
        ),
        format!(
            "一括の依頼で照会番号 {} 件が入力され、それぞれ自分のカードに登録された: {registered} \
             件は登録されて表示、{refused} 件は拒否されて拒否として表示{}",
            keyed,
            if unread > 0 {
                format!("、{unread} 件は読まず表示もしていない")
            } else {
                String::new()
            }
        ),
    )
    .message("xml/bulk-each-registered")
    .count("numbers", keyed)
    .count("registered", registered)
    .count("refused", refused)
    .count("unread", unread)
}
