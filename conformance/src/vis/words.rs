//! What the `VIS-` checks say, in English and Japanese side by side: one function per thing
//! said, each returning a [`Reason`] that carries its facts (`docs/reports.md`, "Findings as
//! data"). The checks hold no sentence of their own.

use mynakit_protocol::{Flow, Outcome};

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count, Exchange};

/// Which of the client's lines showed something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Line {
    /// A `display` line.
    Display,
    /// The `result` line.
    Result,
}

/// The client's `line` at `t_us` showed `what` (an outcome or an element name; a field when
/// `None`): what the others qualify.
pub(super) fn shown(line: Line, t_us: u64, what: Option<&str>) -> Reason {
    let (line, line_ja) = match line {
        Line::Display => ("the display", "表示"),
        Line::Result => ("the result", "結果"),
    };
    let (what, what_ja) = what.map_or(("a field", "項目"), |w| (w, w));
    Reason::new(
        format!("{line} at {} shows {what}", at(t_us)),
        format!("{} の{line_ja}が {what_ja} を示した", at(t_us)),
    )
    .message("vis/shown")
    .code("shown", what)
    .cite(Cite::at(t_us))
}

// VIS-photo-before-result

/// A manual run: the tester says whether the photo was compared first.
pub(super) fn manual_photo() -> Reason {
    Reason::new(
        "manual mode: the tester says whether the app asked for the 目視確認 (the card's \
         photo against the patient) before it showed the result",
        "手動モード: アプリが結果を表示する前に目視確認 (カードの写真と患者の照合) を求めたかは\
         テスターが判断する",
    )
    .message("vis/manual-photo")
}

/// No card was read: no photo to compare.
pub(super) fn no_card_read() -> Reason {
    Reason::new(
        "no card was read in this run: there is no card photo to compare",
        "この実行ではカードを読んでいない: 照合するカードの写真がない",
    )
    .message("vis/no-card-read")
}

/// Nothing shown, no photo-match asked.
pub(super) fn nothing_shown_nothing_asked() -> Reason {
    Reason::new(
        "nothing about the patient was shown and no photo-match was asked",
        "患者について何も表示せず、photo-match も求めなかった",
    )
    .message("vis/nothing-shown-nothing-asked")
}

/// `what` (from [`shown`]) with no photo-match asked.
pub(super) fn shown_without_photo(what: Reason) -> Reason {
    what.before(
        " without asking the staff to compare the card's photo with the patient (no \
         confirm photo-match)",
        "が、職員にカードの写真と患者の照合を求めていなかった (confirm photo-match がない)",
    )
    .message("vis/shown-without-photo")
}

/// `what` before the photo-match answered at `t_us`.
pub(super) fn shown_before_photo(what: Reason, t_us: u64) -> Reason {
    what.before(
        &format!(
            " before the staff compared the card's photo with the patient (photo-match \
             answered at {})",
            at(t_us)
        ),
        &format!(
            "が、職員がカードの写真と患者を照合する前だった (photo-match の回答は {})",
            at(t_us)
        ),
    )
    .message("vis/shown-before-photo")
    .cite(Cite::at(t_us))
}

/// `lead` set before `what`, citing what `lead` cites before what `what` cites (the order
/// the text names them).
fn before_it(lead: Reason, what: &Reason) -> Reason {
    Reason::join([&lead, what], "", "")
}

/// The staff refused the photo match at `t_us`, but `what`.
pub(super) fn refused_but_shown(what: &Reason, t_us: u64) -> Reason {
    let lead = Reason::new(
        format!("the staff refused the photo match at {}, but ", at(t_us)),
        format!("職員は {} に写真の照合を拒否したが、", at(t_us)),
    )
    .cite(Cite::at(t_us));
    before_it(lead, what).message("vis/refused-but-shown")
}

/// The staff refused the photo match at `t_us`; nothing shown, the result cancelled.
pub(super) fn refused_cancelled(t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the staff refused the photo match at {}; nothing was shown and the result is \
             cancelled",
            at(t_us)
        ),
        format!(
            "職員は {} に写真の照合を拒否した。何も表示せず、結果は cancelled",
            at(t_us)
        ),
    )
    .message("vis/refused-cancelled")
    .cite(Cite::at(t_us))
}

/// The staff refused the photo match at `t_us`, but the result is `outcome`.
pub(super) fn refused_not_cancelled(t_us: u64, outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "the staff refused the photo match at {}, but the result is {outcome}, not cancelled",
            at(t_us),
        ),
        format!(
            "職員は {} に写真の照合を拒否したが、結果は cancelled でなく {outcome}",
            at(t_us),
        ),
    )
    .message("vis/refused-not-cancelled")
    .code("outcome", outcome.as_str())
    .cite(Cite::at(t_us))
}

/// The staff compared the photo at `t_us`; nothing about the patient was shown.
pub(super) fn compared_nothing_shown(t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the staff compared the card's photo at {}; nothing about the patient was shown",
            at(t_us)
        ),
        format!(
            "職員は {} にカードの写真を照合した。患者について何も表示していない",
            at(t_us)
        ),
    )
    .message("vis/compared-nothing-shown")
    .cite(Cite::at(t_us))
}

/// The staff compared the photo at `t_us`, before `what`.
pub(super) fn compared_before(what: &Reason, t_us: u64) -> Reason {
    let lead = Reason::new(
        format!(
            "the staff compared the card's photo with the patient at {}, before ",
            at(t_us)
        ),
        format!("職員は {} にカードの写真と患者を照合し、その後に", at(t_us)),
    )
    .cite(Cite::at(t_us));
    before_it(lead, what).message("vis/compared-before")
}

// VIS-no-pin

/// Until what a visual or face run asked no PIN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Until {
    /// The whole run.
    End,
    /// Until the staff chose 保険証利用登録 in PIN mode.
    Registration,
    /// Until the staff chose PIN mode.
    PinMode,
}

/// No PIN asked in `mode` (`requests` requests) until `until`.
pub(super) fn no_pin_until(mode: &str, requests: usize, until: Until) -> Reason {
    let (until, until_ja) = match until {
        Until::End => ("", ""),
        Until::Registration => (
            " until the staff chose 保険証利用登録 in PIN mode",
            "職員が暗証番号モードでの保険証利用登録を選ぶまで、",
        ),
        Until::PinMode => (
            " until the staff chose PIN mode",
            "職員が暗証番号モードを選ぶまで、",
        ),
    };
    Reason::new(
        format!(
            "{mode} mode: no PIN asked and no PIN-mode request ({}){until}",
            count(requests, "request", "requests")
        ),
        format!(
            "{mode} モード: {until_ja}暗証番号を尋ねず、暗証番号モードのリクエストも送らなかった \
             (リクエスト {requests} 件)"
        ),
    )
    .message("vis/no-pin-until")
    .code("mode", mode)
    .count("requests", requests)
}

/// The client asked for a PIN (ask `id`, at `t_us`) in `mode`.
pub(super) fn pin_asked(id: &str, t_us: u64, mode: &str) -> Reason {
    Reason::new(
        format!(
            "the client asked for a PIN (ask {id}, {}) in {mode} mode",
            at(t_us)
        ),
        format!(
            "{mode} モードなのに、クライアントが暗証番号を尋ねた (ask {id}, {})",
            at(t_us)
        ),
    )
    .message("vis/pin-asked")
    .code("mode", mode)
    .cite(Cite::at(t_us))
}

/// `x` asked for a challenge in `mode`.
pub(super) fn challenge_asked(x: &Exchange<'_>, mode: &str) -> Reason {
    Reason::new(
        format!(
            "{} asked for a challenge to sign, a PIN-mode step, in {mode} mode",
            x.describe()
        ),
        format!(
            "{mode} モードなのに、{} が署名用の challenge (暗証番号モードの手順) を\
             要求した",
            x.describe_ja()
        ),
    )
    .message("vis/challenge-asked")
    .code("mode", mode)
    .cite(x)
}

/// `x` was sent with mode pin in `mode`.
pub(super) fn pin_mode_request(x: &Exchange<'_>, mode: &str) -> Reason {
    Reason::new(
        format!(
            "{} was sent as a PIN-mode request (mode pin) in {mode} mode",
            x.describe()
        ),
        format!(
            "{mode} モードなのに、{} を暗証番号モードのリクエスト (mode pin) として\
             送った",
            x.describe_ja()
        ),
    )
    .message("vis/pin-mode-request")
    .code("mode", mode)
    .cite(x)
}

/// `x` carries a signature in `mode`.
pub(super) fn signature_sent(x: &Exchange<'_>, mode: &str) -> Reason {
    Reason::new(
        format!(
            "{} carries a signature, a PIN-mode proof, in {mode} mode",
            x.describe()
        ),
        format!(
            "{mode} モードなのに、{} が署名 (暗証番号モードの証明) を含む",
            x.describe_ja()
        ),
    )
    .message("vis/signature-sent")
    .code("mode", mode)
    .cite(x)
}

/// The operator's mode is `mode`, not visual.
pub(super) fn not_visual(mode: &str) -> Reason {
    Reason::new(
        format!("the operator's mode is {mode}, not visual (目視確認)"),
        format!("操作者のモードは {mode} で、visual (目視確認) ではない"),
    )
    .message("vis/not-visual")
    .code("mode", mode)
}

// VIS-card-read

/// The care `setting` may confirm without the card.
pub(super) fn without_card(setting: Flow) -> Reason {
    Reason::new(
        format!("the {setting} setting may confirm without the card (docs/care-settings.md)"),
        format!("{setting} の設定ではカードなしで確認できる (docs/care-settings.md)"),
    )
    .message("vis/without-card")
    .code("setting", setting.to_string())
}

/// A レセコン, whose results come from the terminal.
pub(super) fn rececon() -> Reason {
    Reason::new(
        "a レセコン: its results come from the 資格確認端末, not from a card it reads",
        "レセコン: 結果は自分で読むカードではなく資格確認端末から来る",
    )
    .message("vis/rececon")
}

/// No qualification was shown.
pub(super) fn no_qualification() -> Reason {
    Reason::new("no qualification was shown", "資格は表示されなかった")
        .message("vis/no-qualification")
}

/// The certificate read (`len` bytes) went to `x`, answered, before `what`.
pub(super) fn cert_answered(what: &Reason, len: usize, x: &Exchange<'_>) -> Reason {
    let lead = Reason::new(
        format!(
            "the certificate read from the card in this run ({len} bytes) went to {}, \
             answered, before ",
            x.describe()
        ),
        format!(
            "この実行でカードから読んだ証明書 ({len} バイト) を {} に送って回答を得た後に、",
            x.describe_ja()
        ),
    )
    .cite(x);
    before_it(lead, what)
        .message("vis/cert-answered")
        .count("bytes", len)
}

/// `what`, but `x` (this card's certificate) was never answered.
pub(super) fn cert_unanswered(what: Reason, x: &Exchange<'_>) -> Reason {
    what.before(
        &format!(
            ", but {} (this card's certificate) was never answered",
            x.describe()
        ),
        &format!(
            "が、{} (このカードの証明書) に回答がなかった",
            x.describe_ja()
        ),
    )
    .message("vis/cert-unanswered")
    .cite(x)
}

/// `what`, but no certificate was read in this run.
pub(super) fn no_cert_read(what: Reason) -> Reason {
    what.before(
        ", but no certificate was read from a card in this run: a result from an \
         earlier read or another patient",
        "が、この実行ではカードから証明書を読んでいない: 前の読み取りか別の患者の結果",
    )
    .message("vis/no-cert-read")
}

/// `what`, but `x` carried another certificate.
pub(super) fn other_cert(what: Reason, x: &Exchange<'_>) -> Reason {
    what.before(
        &format!(
            ", but {} carried another certificate than the one read from the card in \
             this run",
            x.describe()
        ),
        &format!(
            "が、{} は、この実行でカードから読んだものと別の証明書を送った",
            x.describe_ja()
        ),
    )
    .message("vis/other-cert")
    .cite(x)
}

/// `what`, but no card check was sent with the certificate read.
pub(super) fn no_card_check(what: Reason) -> Reason {
    what.before(
        ", but no card check was sent with the certificate read from the card in \
         this run",
        "が、この実行でカードから読んだ証明書による資格確認を送っていない",
    )
    .message("vis/no-card-check")
}
