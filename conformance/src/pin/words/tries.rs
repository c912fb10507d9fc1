//! What `PIN-blocked-stop` and `PIN-tries-shown` say (`docs/conformance.md`).

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count, Apdu, PinKey};

// PIN-blocked-stop

/// `PIN-blocked-stop`: why a PIN is blocked: it was when the run started.
pub(in crate::pin) fn blocked_at_start() -> Reason {
    Reason::new(
        "blocked when the run started",
        "実行の開始時からロックされていた",
    )
    .message("pin/blocked-at-start")
}

/// `PIN-blocked-stop`: why a PIN is blocked: its counter was set to 0 at `t_us`.
pub(in crate::pin) fn counter_set_to_zero(t_us: u64) -> Reason {
    Reason::new(
        format!("its counter was set to 0 at {}", at(t_us)),
        format!("{} に残り回数が 0 に設定された", at(t_us)),
    )
    .message("pin/counter-set-to-zero")
    .cite(Cite::at(t_us))
}

/// `PIN-blocked-stop`: why a PIN is blocked: the card's answer to VERIFY `#nth`.
pub(in crate::pin) fn blocked_by_verify(nth: usize, apdu: &Apdu<'_>) -> Reason {
    Reason::new(
        format!("{} to VERIFY #{nth}, {}", apdu.sw_text(), apdu.place()),
        format!(
            "VERIFY #{nth} への応答 {}、{}",
            apdu.sw_text_ja(),
            apdu.place()
        ),
    )
    .message("pin/blocked-by-verify")
    .code("sw", apdu.sw_text())
    .cite(apdu)
}

/// `PIN-blocked-stop`: why a PIN is blocked: the card's answer to an empty VERIFY.
pub(in crate::pin) fn blocked_by_query(apdu: &Apdu<'_>) -> Reason {
    Reason::new(
        format!("{} to an empty VERIFY, {}", apdu.sw_text(), apdu.place()),
        format!(
            "空の VERIFY への応答 {}、{}",
            apdu.sw_text_ja(),
            apdu.place()
        ),
    )
    .message("pin/blocked-by-query")
    .code("sw", apdu.sw_text())
    .cite(apdu)
}

/// `PIN-blocked-stop`: VERIFY `#nth` went to `key` after it was blocked (`why`).
pub(in crate::pin) fn verify_after_block(
    nth: usize,
    apdu: &Apdu<'_>,
    key: &PinKey,
    why: &Reason,
) -> Reason {
    let said = Reason::new(
        format!(
            "VERIFY #{nth} ({}) was sent to {key} after it was blocked ({why})",
            apdu.place()
        ),
        format!(
            "VERIFY #{nth} ({}) が、ロックされた後の {} に送られた (ロック: {})",
            apdu.place(),
            key.ja(),
            why.ja().unwrap_or(why.en())
        ),
    )
    .message("pin/verify-after-block")
    .count("verify", nth)
    .cite(apdu);
    super::quoting(said, why)
}

/// `PIN-blocked-stop`: no PIN was blocked.
pub(in crate::pin) fn none_blocked() -> Reason {
    Reason::new(
        "no PIN was blocked in this run",
        "この実行でロックされた暗証番号はなかった",
    )
    .message("pin/none-blocked")
}

/// `PIN-blocked-stop`: a PIN (not the auth PIN before the result) was blocked and left alone.
pub(in crate::pin) fn a_pin_left_alone() -> Reason {
    Reason::new(
        "a PIN was blocked; no VERIFY with data was sent to it afterwards",
        "暗証番号がロックされ、その後それにデータ付き VERIFY は送られなかった",
    )
    .message("pin/a-pin-left-alone")
}

/// `PIN-blocked-stop`: `key` was blocked (`why`) but the client's result is `outcome`.
pub(in crate::pin) fn lock_not_shown(key: &PinKey, why: &Reason, outcome: Outcome) -> Reason {
    let why_ja = why.ja().unwrap_or(why.en());
    let said = Reason::new(
        format!(
            "{key} was blocked ({why}), but the client never showed pin-locked: its result is {outcome}"
        ),
        format!(
            "{} がロックされた ({why_ja}) が、クライアントは pin-locked を表示しなかった: 結果は {outcome}",
            key.ja(),
        ),
    )
    .message("pin/lock-not-shown")
    .code("outcome", outcome.as_str());
    super::quoting(said, why)
}

/// What a blocked-PIN pass adds about the screen.
#[derive(Clone, Copy)]
pub(in crate::pin) enum LockScreen {
    /// Not a PIN-mode run: nothing.
    NotJudged,
    /// The client showed pin-locked.
    Shown,
    /// A plain program: its screen is not seen.
    NoHello,
}

/// `PIN-blocked-stop`: `key` was blocked (`why`) and left alone.
pub(in crate::pin) fn blocked_left_alone(key: &PinKey, why: &Reason, screen: LockScreen) -> Reason {
    let why_ja = why.ja().unwrap_or(why.en());
    let (shown, shown_ja) = match screen {
        LockScreen::NotJudged => ("", ""),
        LockScreen::Shown => (
            ", and the client showed pin-locked",
            "。クライアントは pin-locked を表示した",
        ),
        LockScreen::NoHello => (
            " (the client never sent `hello`: what it showed is not judged)",
            " (クライアントは `hello` を送らなかった: 表示は判定しない)",
        ),
    };
    let said = Reason::new(
        format!("{key} was blocked ({why}); no VERIFY with data was sent to it afterwards{shown}"),
        format!(
            "{} がロックされ ({why_ja})、その後それにデータ付き VERIFY は送られなかった{shown_ja}",
            key.ja()
        ),
    )
    .message("pin/blocked-left-alone");
    super::quoting(said, why)
}

// PIN-tries-shown

/// `PIN-tries-shown`: where the card said its tries: its answer to `a`.
pub(in crate::pin) fn tries_answer(a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!("{} to the {}, {}", a.sw_text(), a.name(), a.place()),
        format!("{} への応答 {}、{}", a.name_ja(), a.sw_text_ja(), a.place()),
    )
    .message("pin/tries-answer")
    .code("sw", a.sw_text())
    .code("command", a.name())
    .cite(a)
}

/// `PIN-tries-shown`: where the card's tries are known to be full: the right PIN, `a`.
pub(in crate::pin) fn right_pin(a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!("the right PIN, {}", a.place()),
        format!("正しい暗証番号、{}", a.place()),
    )
    .message("pin/right-pin")
    .cite(a)
}

/// `PIN-tries-shown`: the pin ask `id` at `t_us` showed no tries left for `wanted`.
pub(in crate::pin) fn tries_null(id: &str, t_us: u64, wanted: &PinKey) -> Reason {
    Reason::new(
        format!(
            "pin ask `{id}` ({}) has tries_left null: the patient was not shown the \
             tries left of {wanted}",
            at(t_us)
        ),
        format!(
            "暗証番号の要求 `{id}` ({}) の tries_left が null: 患者に {} の残り\
             回数が表示されなかった",
            at(t_us),
            wanted.ja()
        ),
    )
    .message("pin/tries-null")
    .cite(Cite::at(t_us))
}

/// `PIN-tries-shown`: the pin ask `id` at `t_us` showed `said` tries the card never told.
pub(in crate::pin) fn tries_not_read(id: &str, t_us: u64, said: u8, wanted: &PinKey) -> Reason {
    Reason::new(
        format!(
            "pin ask `{id}` ({}) shows {said} tries left, but the client read none \
             from the card before asking (no empty VERIFY of {wanted})",
            at(t_us)
        ),
        format!(
            "暗証番号の要求 `{id}` ({}) は残り {said} 回と表示したが、クライ\
             アントは尋ねる前にカードから残り回数を読まなかった ({} への空の \
             VERIFY がない)",
            at(t_us),
            wanted.ja()
        ),
    )
    .message("pin/tries-not-read")
    .cite(Cite::at(t_us))
    .count("shown", said)
}

/// `PIN-tries-shown`: the pin ask `id` at `t_us` showed `said` tries, the card `x` (`from`).
pub(in crate::pin) fn tries_differ(id: &str, t_us: u64, said: u8, x: u8, from: &Reason) -> Reason {
    let said_ = Reason::new(
        format!(
            "pin ask `{id}` ({}) shows {said} tries left, but the card said {x} \
             ({from})",
            at(t_us)
        ),
        format!(
            "暗証番号の要求 `{id}` ({}) は残り {said} 回と表示したが、カード\
             の応答は {x} 回だった ({})",
            at(t_us),
            from.ja().unwrap_or(from.en())
        ),
    )
    .message("pin/tries-differ")
    .cite(Cite::at(t_us))
    .count("shown", said)
    .count("card", x);
    super::quoting(said_, from)
}

/// `PIN-tries-shown`: each pin ask showed the tries the card had answered (`shown`).
pub(in crate::pin) fn tries_shown(shown: &[String]) -> Reason {
    Reason::new(
        format!(
            "{}, {} the tries left the card had answered ({})",
            count(shown.len(), "PIN ask", "PIN asks"),
            if shown.len() == 1 {
                "showing"
            } else {
                "each showing"
            },
            shown.join(", ")
        ),
        format!(
            "暗証番号の要求 {} 回、{}カードが応答した残り回数を表示した ({})",
            shown.len(),
            if shown.len() == 1 { "" } else { "いずれも" },
            shown.join("、")
        ),
    )
    .message("pin/tries-shown")
    .count("asks", shown.len())
}

/// `PIN-tries-shown`: a manual run in `mode` with no tries query.
pub(in crate::pin) fn manual_no_query(mode: &str) -> Reason {
    Reason::new(
        format!("manual run in {mode} mode with no PIN query"),
        format!("{mode} モードの手動実行で、残り回数の照会がなかった"),
    )
    .message("pin/manual-no-query")
    .code("mode", mode)
}

/// `PIN-tries-shown`: a manual run: the tester checks the screenshots against the card's
/// answers (`answers`: each APDU that said its tries).
pub(in crate::pin) fn manual_tries(answers: &[&Apdu<'_>]) -> Reason {
    let listed: Vec<String> = answers
        .iter()
        .map(|a| format!("{} ({})", a.sw_text(), at(a.t_us)))
        .collect();
    let (answered, answered_ja) = if listed.is_empty() {
        ("no tries query".to_owned(), "残り回数の照会なし".to_owned())
    } else {
        (listed.join(", "), listed.join("、"))
    };
    Reason::new(
        format!(
            "manual mode: check on the screenshots that the tries left were shown before each PIN \
             entry (the card answered: {answered})"
        ),
        format!(
            "手動モード: 暗証番号を入力するたびにその前に残り回数が表示されたか、スクリーンショットで\
             確認する (カードの応答: {answered_ja})"
        ),
    )
    .message("pin/manual-tries")
    .citing(answers.iter().map(|a| Cite::at(a.t_us)))
}

/// `PIN-tries-shown`: the auth PIN is blocked (`from`) and the client showed the lock.
pub(in crate::pin) fn lock_shown(from: &Reason) -> Reason {
    let from_ja = from.ja().unwrap_or(from.en());
    let said = Reason::new(
        format!(
            "the auth PIN is blocked ({from}): no PIN was asked, and the client showed \
             the lock"
        ),
        format!(
            "利用者証明用電子証明書の暗証番号がロックされている ({from_ja}): 暗証番号は\
             尋ねられず、クライアントはロックを表示した"
        ),
    )
    .message("pin/lock-shown");
    super::quoting(said, from)
}

/// `PIN-tries-shown`: the auth PIN is blocked (`from`) but the client's result is `outcome`.
pub(in crate::pin) fn lock_unshown(from: &Reason, outcome: Outcome) -> Reason {
    let from_ja = from.ja().unwrap_or(from.en());
    let said = Reason::new(
        format!(
            "the auth PIN is blocked ({from}), but the client showed neither pin-locked \
             nor 0 tries left (result: {outcome})",
        ),
        format!(
            "利用者証明用電子証明書の暗証番号がロックされている ({from_ja}) が、クライ\
             アントは pin-locked も残り 0 回も表示しなかった (結果: {outcome})",
        ),
    )
    .message("pin/lock-unshown")
    .code("outcome", outcome.as_str());
    super::quoting(said, from)
}

/// No PIN was asked for.
pub(in crate::pin) fn no_pin_asked() -> Reason {
    Reason::new("no PIN was asked for", "暗証番号は要求されなかった").message("pin/no-pin-asked")
}
