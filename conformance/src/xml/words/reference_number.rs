//! What `XML-reference-number` says: whether the client registered the 照会番号 the staff
//! keyed in, for the keyed card, and showed the terminal's answer as it was.

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::at;

/// No 照会番号 was keyed in.
pub(in crate::xml) fn none_keyed() -> Reason {
    Reason::new(
        "the staff keyed in no 照会番号 (flow reference-number)",
        "職員は照会番号を入力していない (flow reference-number)",
    )
    .message("xml/no-reference-keyed")
}

/// A 照会番号 keyed in at `keyed_us`, and no registration written.
pub(in crate::xml) fn no_registration(keyed_us: u64) -> Reason {
    Reason::new(
        format!(
            "the staff keyed in a 照会番号 with the insurance card at {}, but the client wrote no \
             registration (OQSsiimm01req) before its result",
            at(keyed_us)
        ),
        format!(
            "職員が {} に保険証とともに照会番号を入力したが、クライアントは結果の前に\
                 登録の要求 (OQSsiimm01req) を書いていない",
            at(keyed_us)
        ),
    )
    .message("xml/no-registration")
    .cite(Cite::at(keyed_us))
}

/// No content recorded for `request`, written at `t_us`.
pub(in crate::xml) fn no_content(request: &str, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the terminal recorded no content for {request} (written {})",
            at(t_us)
        ),
        format!(
            "端末は {request} (書き込み {}) の内容を記録していない",
            at(t_us)
        ),
    )
    .message("xml/no-content")
    .cite(Cite::at(t_us))
}

/// `request` (written at `t_us`) registers `held`, not the number `keyed` at `keyed_us`.
pub(in crate::xml) fn other_number(
    request: &str,
    t_us: u64,
    keyed_us: u64,
    held: Option<&str>,
    keyed: &str,
) -> Reason {
    Reason::new(
        format!(
            "{request} (written {}) registers a ReferenceNumber other than the 照会番号 the staff \
             keyed in at {} (held as {}, keyed {keyed})",
            at(t_us),
            at(keyed_us),
            held.unwrap_or("nothing")
        ),
        format!(
            "{request} (書き込み {}) が登録する ReferenceNumber は、職員が {} に\
                 入力した照会番号と異なる (要求では {}、入力は {keyed})",
            at(t_us),
            at(keyed_us),
            held.unwrap_or("なし")
        ),
    )
    .message("xml/other-reference-number")
    .cite(Cite::at(t_us))
    .cite(Cite::at(keyed_us))
}

/// `request` (written at `t_us`) registers against another card than the one keyed at
/// `keyed_us`.
pub(in crate::xml) fn other_card(request: &str, t_us: u64, keyed_us: u64) -> Reason {
    Reason::new(
        format!(
            "{request} (written {}) registers the 照会番号 against another card's \
             InsuredIdentificationNumber than the one keyed in at {}",
            at(t_us),
            at(keyed_us)
        ),
        format!(
            "{request} (書き込み {}) は照会番号を、\
                {} に入力されたものと異なるカードの InsuredIdentificationN\
                umber で登録している",
            at(t_us),
            at(keyed_us)
        ),
    )
    .message("xml/other-card")
    .cite(Cite::at(t_us))
    .cite(Cite::at(keyed_us))
}

/// A ReferenceNumber shown, and `request` never answered at `answer`.
pub(in crate::xml) fn shown_unanswered(request: &str, answer: &str) -> Reason {
    Reason::new(
        format!(
            "the client showed a ReferenceNumber, but the terminal never answered {request} \
                 ({answer}) before the end of the run"
        ),
        format!(
            "クライアントは ReferenceNumber を表示したが、端末は実行の終わりまでに \
                     {request} に応答していない ({answer})"
        ),
    )
    .message("xml/reference-shown-unanswered")
}

/// `request` not answered at `answer`, and no ReferenceNumber shown.
pub(in crate::xml) fn unanswered(request: &str, answer: &str) -> Reason {
    Reason::new(
        format!(
            "{request} was not answered ({answer}) and the client showed no \
                 ReferenceNumber"
        ),
        format!(
            "{request} への応答はなく ({answer})\
                、クライアントは ReferenceNumber を表示していない"
        ),
    )
    .message("xml/registration-unanswered")
}

/// `request` registered, `answer` (at `t_us`) said so, and the number was shown.
pub(in crate::xml) fn registered_shown(request: &str, answer: &str, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "{request} registered the keyed 照会番号 for the keyed card; {answer} ({}) \
                 registered it, and the client showed it as ReferenceNumber",
            at(t_us)
        ),
        format!(
            "{request} が入力された照会番号を入力されたカードに登録し、{answer} ({}) で\
                     登録され、クライアントはそれを ReferenceNumber として表示した",
            at(t_us)
        ),
    )
    .message("xml/registered-shown")
    .cite(Cite::at(t_us))
}

/// `answer` (at `t_us`) registered the number, and another was shown.
pub(in crate::xml) fn registered_other_shown(answer: &str, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "{answer} ({}) registered the keyed 照会番号, but the client showed another \
                 ReferenceNumber",
            at(t_us)
        ),
        format!(
            "{answer} ({}) で入力された照会番号が登録されたが、クライアントは別の \
                     ReferenceNumber を表示した",
            at(t_us)
        ),
    )
    .message("xml/registered-other-shown")
    .cite(Cite::at(t_us))
}

/// `answer` (at `t_us`) registered the number, and none was shown.
pub(in crate::xml) fn registered_not_shown(answer: &str, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "{answer} ({}) registered the keyed 照会番号, but the client never showed it \
                 (no ReferenceNumber in a display or its result)",
            at(t_us)
        ),
        format!(
            "{answer} ({}) で入力された照会番号が登録されたが、クライアントはそれを\
                     表示していない (表示にも結果にも ReferenceNumber がない)",
            at(t_us)
        ),
    )
    .message("xml/registered-not-shown")
    .cite(Cite::at(t_us))
}

/// ` (element code)`, when the answer gave a code.
fn code_note(code: Option<(&str, &str)>) -> String {
    code.map(|(el, v)| format!(" ({el} {v})"))
        .unwrap_or_default()
}

/// The reason naming the refusal's code (`element` `code`), when the answer gave one.
fn with_code(said: Reason, code: Option<(&str, &str)>) -> Reason {
    match code {
        Some((element, code)) => said.code("element", element).code("code", code),
        None => said,
    }
}

/// `answer` (at `t_us`) refused (with `code`), and a ReferenceNumber was shown.
pub(in crate::xml) fn refused_number_shown(
    answer: &str,
    t_us: u64,
    code: Option<(&str, &str)>,
) -> Reason {
    let said = Reason::new(
        format!(
            "{answer} ({}) refused the registration{}, but the client showed a \
             ReferenceNumber as if it were registered",
            at(t_us),
            code_note(code)
        ),
        format!(
            "{answer} ({}) は登録を拒否した{}が、クライアントは登録されたかのように \
                 ReferenceNumber を表示した",
            at(t_us),
            code_note(code)
        ),
    )
    .message("xml/refused-number-shown")
    .cite(Cite::at(t_us));
    with_code(said, code)
}

/// `answer` (at `t_us`) refused with `element` `code`, and the refusal was not shown.
pub(in crate::xml) fn refusal_not_shown(
    answer: &str,
    t_us: u64,
    element: &str,
    code: &str,
) -> Reason {
    let (el, v) = (element, code);
    Reason::new(
        format!(
            "{answer} ({}) refused the registration ({el} {v}), but the client never \
                 showed that refusal ({el} in a display or its result)",
            at(t_us)
        ),
        format!(
            "{answer} ({}) は登録を拒否した ({el} {v}) が、クライアントはその拒否を\
                     表示していない (表示にも結果にも {el} がない)",
            at(t_us)
        ),
    )
    .message("xml/refusal-not-shown")
    .cite(Cite::at(t_us))
    .code("element", element)
    .code("code", code)
}

/// `request` asked, `answer` (at `t_us`) refused (with `code`), and the refusal was shown.
pub(in crate::xml) fn refusal_shown(
    request: &str,
    answer: &str,
    t_us: u64,
    code: Option<(&str, &str)>,
) -> Reason {
    let said = Reason::new(
        format!(
            "{request} asked to register the keyed 照会番号; {answer} ({}) refused it{}, and \
             the client showed the refusal without a ReferenceNumber",
            at(t_us),
            code_note(code)
        ),
        format!(
            "{request} が入力された照会番号の登録を求め、{answer} ({}) は拒否し{}、\
                 クライアントは ReferenceNumber なしで拒否を表示した",
            at(t_us),
            code_note(code)
        ),
    )
    .message("xml/refusal-shown")
    .cite(Cite::at(t_us));
    with_code(said, code)
}
