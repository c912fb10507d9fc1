//! What the `PIN-` checks say, in English and Japanese side by side: one function per thing
//! said, each returning a [`Reason`] that carries its facts (`docs/reports.md`, "Findings as
//! data"). The checks hold no sentence of their own.

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count, Apdu, PinKey};

/// `reason` citing, after its own, the places `inner` cites: a reason that quotes another
/// (why a PIN is blocked, where the card said its tries) names its events too.
fn quoting(reason: Reason, inner: &Reason) -> Reason {
    reason.citing(inner.facts().cites.iter().copied())
}

// PIN-not-logged

/// `PIN-not-logged`: one place of the client's output that held a typed PIN, as the harness
/// names it (`stderr line 3: a typed PIN in clear`), never the PIN.
pub(super) fn leak(text: &str) -> Reason {
    let said = crate::words::output_place(text, "a typed PIN", "入力された暗証番号");
    Reason::new(
        text,
        said.unwrap_or_else(|| format!("クライアントの出力に入力された暗証番号があった: {text}")),
    )
    .message("pin/leak")
}

/// `PIN-not-logged`: every leak (from [`leak`]).
pub(super) fn leaks(leaks: &[Reason]) -> Reason {
    Reason::join(leaks, "; ", "、")
}

/// `PIN-not-logged`: a manual run, whose app's logs the harness does not see.
pub(super) fn logs_not_seen() -> Reason {
    Reason::new(
        "manual mode: the app's logs are not seen",
        "手動モード: アプリのログは見えない",
    )
    .message("pin/logs-not-seen")
}

/// No PIN was typed in the run.
pub(super) fn no_pin_typed() -> Reason {
    Reason::new("no PIN was typed", "暗証番号は入力されなかった").message("pin/no-pin-typed")
}

/// `PIN-not-logged`: the `typed` PINs are in none of the client's output.
pub(super) fn not_in_output(typed: usize) -> Reason {
    let said = if typed == 1 {
        Reason::new(
            "the typed PIN is in none of the client's output",
            "入力された暗証番号はクライアントのどの出力にもなかった",
        )
    } else {
        Reason::new(
            format!("none of the {typed} typed PINs is in the client's output"),
            format!("入力された暗証番号 {typed} 件のいずれもクライアントの出力になかった"),
        )
    };
    said.message("pin/not-in-output").count("typed", typed)
}

// PIN-not-kept

/// `PIN-not-kept`: the client's folders were not searched (an app on its own device, or a
/// manual run).
pub(super) fn files_not_searched() -> Reason {
    Reason::new(
        "the client's folders were not searched (an app on its own device, or a manual run)",
        "クライアントのフォルダーは検索されていない (自身の端末上のアプリ、または手動の実行)",
    )
    .message("pin/files-not-searched")
}

/// `PIN-not-kept`: the files (with the form found first in each) that held a typed PIN.
pub(super) fn pin_kept(files: &[(&str, &str)]) -> Reason {
    let shown: Vec<String> = files
        .iter()
        .map(|(path, form)| format!("{path} ({form})"))
        .collect();
    Reason::new(
        format!(
            "the client left a typed PIN in its files: {}",
            shown.join(", ")
        ),
        format!(
            "クライアントが入力された暗証番号をファイルに残した: {}",
            shown.join("、")
        ),
    )
    .message("pin/kept")
    .code("files", shown.join(", "))
}

/// `PIN-not-kept`: the `typed` PINs are in none of the `files` files the client left.
pub(super) fn pin_not_kept(typed: usize, files: u64) -> Reason {
    let said = if typed == 1 {
        Reason::new(
            format!("the typed PIN is in none of the {files} files the client left"),
            format!(
                "クライアントが残した {files} 個のファイルのどれにも、入力された暗証番号はない"
            ),
        )
    } else {
        Reason::new(
            format!("none of the {typed} typed PINs is in the {files} files the client left"),
            format!(
                "クライアントが残した {files} 個のファイルのどれにも、入力された暗証番号 {typed} 件のいずれもない"
            ),
        )
    };
    said.message("pin/not-kept")
        .count("typed", typed)
        .code("files", files.to_string())
}

// The PIN steps

/// A plain PC/SC program (no `hello`): what its operator typed or was shown is not judged.
pub(super) fn plain_program() -> Reason {
    Reason::new(
        "the client never sent `hello`: a plain PC/SC program asks no one for its PIN and \
         reports no screen, so what an operator typed or was shown cannot be judged (its \
         VERIFYs are judged by PIN-no-auto-retry, PIN-blocked-stop and PIN-format)",
        "クライアントは `hello` を送らなかった: 素の PC/SC プログラムは誰にも暗証番号を尋ねず、\
         画面も報告しないので、操作者が何を入力し何を表示されたかは判定できない (その VERIFY は \
         PIN-no-auto-retry、PIN-blocked-stop、PIN-format で判定する)",
    )
    .message("pin/plain-program")
}

// PIN-blocked-stop

/// `PIN-blocked-stop`: why a PIN is blocked: it was when the run started.
pub(super) fn blocked_at_start() -> Reason {
    Reason::new(
        "blocked when the run started",
        "実行の開始時からロックされていた",
    )
    .message("pin/blocked-at-start")
}

/// `PIN-blocked-stop`: why a PIN is blocked: its counter was set to 0 at `t_us`.
pub(super) fn counter_set_to_zero(t_us: u64) -> Reason {
    Reason::new(
        format!("its counter was set to 0 at {}", at(t_us)),
        format!("{} に残り回数が 0 に設定された", at(t_us)),
    )
    .message("pin/counter-set-to-zero")
    .cite(Cite::at(t_us))
}

/// `PIN-blocked-stop`: why a PIN is blocked: the card's answer to VERIFY `#nth`.
pub(super) fn blocked_by_verify(nth: usize, apdu: &Apdu<'_>) -> Reason {
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
pub(super) fn blocked_by_query(apdu: &Apdu<'_>) -> Reason {
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
pub(super) fn verify_after_block(
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
    quoting(said, why)
}

/// `PIN-blocked-stop`: no PIN was blocked.
pub(super) fn none_blocked() -> Reason {
    Reason::new(
        "no PIN was blocked in this run",
        "この実行でロックされた暗証番号はなかった",
    )
    .message("pin/none-blocked")
}

/// `PIN-blocked-stop`: a PIN (not the auth PIN before the result) was blocked and left alone.
pub(super) fn a_pin_left_alone() -> Reason {
    Reason::new(
        "a PIN was blocked; no VERIFY with data was sent to it afterwards",
        "暗証番号がロックされ、その後それにデータ付き VERIFY は送られなかった",
    )
    .message("pin/a-pin-left-alone")
}

/// `PIN-blocked-stop`: `key` was blocked (`why`) but the client's result is `outcome`.
pub(super) fn lock_not_shown(key: &PinKey, why: &Reason, outcome: Outcome) -> Reason {
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
    quoting(said, why)
}

/// What a blocked-PIN pass adds about the screen.
#[derive(Clone, Copy)]
pub(super) enum LockScreen {
    /// Not a PIN-mode run: nothing.
    NotJudged,
    /// The client showed pin-locked.
    Shown,
    /// A plain program: its screen is not seen.
    NoHello,
}

/// `PIN-blocked-stop`: `key` was blocked (`why`) and left alone.
pub(super) fn blocked_left_alone(key: &PinKey, why: &Reason, screen: LockScreen) -> Reason {
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
    quoting(said, why)
}

// PIN-tries-shown

/// `PIN-tries-shown`: where the card said its tries: its answer to `a`.
pub(super) fn tries_answer(a: &Apdu<'_>) -> Reason {
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
pub(super) fn right_pin(a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!("the right PIN, {}", a.place()),
        format!("正しい暗証番号、{}", a.place()),
    )
    .message("pin/right-pin")
    .cite(a)
}

/// `PIN-tries-shown`: the pin ask `id` at `t_us` showed no tries left for `wanted`.
pub(super) fn tries_null(id: &str, t_us: u64, wanted: &PinKey) -> Reason {
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
pub(super) fn tries_not_read(id: &str, t_us: u64, said: u8, wanted: &PinKey) -> Reason {
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
pub(super) fn tries_differ(id: &str, t_us: u64, said: u8, x: u8, from: &Reason) -> Reason {
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
    quoting(said_, from)
}

/// `PIN-tries-shown`: each pin ask showed the tries the card had answered (`shown`).
pub(super) fn tries_shown(shown: &[String]) -> Reason {
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
pub(super) fn manual_no_query(mode: &str) -> Reason {
    Reason::new(
        format!("manual run in {mode} mode with no PIN query"),
        format!("{mode} モードの手動実行で、残り回数の照会がなかった"),
    )
    .message("pin/manual-no-query")
    .code("mode", mode)
}

/// `PIN-tries-shown`: a manual run: the tester checks the screenshots against the card's
/// answers (`answers`: each APDU that said its tries).
pub(super) fn manual_tries(answers: &[&Apdu<'_>]) -> Reason {
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
pub(super) fn lock_shown(from: &Reason) -> Reason {
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
    quoting(said, from)
}

/// `PIN-tries-shown`: the auth PIN is blocked (`from`) but the client's result is `outcome`.
pub(super) fn lock_unshown(from: &Reason, outcome: Outcome) -> Reason {
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
    quoting(said, from)
}

/// No PIN was asked for.
pub(super) fn no_pin_asked() -> Reason {
    Reason::new("no PIN was asked for", "暗証番号は要求されなかった").message("pin/no-pin-asked")
}

// PIN-one-verify, PIN-no-auto-retry, PIN-not-reused: manual runs

/// What the tester checks by hand in a manual run, for the check asking.
#[derive(Clone, Copy)]
pub(super) enum ByHand {
    /// `PIN-one-verify`.
    OneVerifyEach,
    /// `PIN-no-auto-retry`.
    WaitedAfterWrong,
    /// `PIN-not-reused`.
    NotSentToNext,
}

/// A manual run with no VERIFY with data.
pub(super) fn manual_no_verify() -> Reason {
    Reason::new(
        "manual mode: no VERIFY with data was sent",
        "手動モード: データ付き VERIFY は送られなかった",
    )
    .message("pin/manual-no-verify")
}

/// A manual run: the tester checks `what` against the VERIFYs with data (`#nth`, its APDU).
pub(super) fn manual_verifies(what: ByHand, verifies: &[(usize, &Apdu<'_>)]) -> Reason {
    let (what, what_ja) = match what {
        ByHand::OneVerifyEach => (
            "check that each followed exactly one PIN typed",
            "各 VERIFY がちょうど 1 回の暗証番号の入力に続いたか確認する",
        ),
        ByHand::WaitedAfterWrong => (
            "check that after each wrong PIN the app waited for the tester to type a new one",
            "暗証番号の誤りのたびに、アプリがテスト担当者の新しい入力を待ったか確認する",
        ),
        ByHand::NotSentToNext => (
            "check that no PIN typed for one card was sent to the next",
            "あるカードのために入力された暗証番号が次のカードに送られていないか確認する",
        ),
    };
    let (listed, listed_ja): (Vec<String>, Vec<String>) = verifies
        .iter()
        .map(|(nth, apdu)| {
            (
                format!("#{nth} {} ({})", apdu.sw_text(), at(apdu.t_us)),
                format!("#{nth} {} ({})", apdu.sw_text_ja(), at(apdu.t_us)),
            )
        })
        .unzip();
    Reason::new(
        format!(
            "manual mode: the PINs typed are not in the timeline; {what} (VERIFYs with data: {})",
            listed.join(", ")
        ),
        format!(
            "手動モード: 入力された暗証番号はタイムラインにない。{what_ja} (データ付き VERIFY: {})",
            listed_ja.join("、")
        ),
    )
    .message("pin/manual-verifies")
    .count("verifies", verifies.len())
    .citing(verifies.iter().map(|(_, a)| Cite::at(a.t_us)))
}

// PIN-one-verify

/// `PIN-one-verify`: VERIFY `#nth` sent a PIN no one typed.
pub(super) fn verify_untyped(nth: usize, apdu: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "VERIFY #{nth} ({}) sent a PIN to {} with no PIN typed by the \
             operator for it",
            apdu.place(),
            apdu.pin_key()
        ),
        format!(
            "VERIFY #{nth} ({}) が、操作者の入力していない暗証番号を {} に送った",
            apdu.place(),
            apdu.pin_key().ja()
        ),
    )
    .message("pin/verify-untyped")
    .count("verify", nth)
    .cite(apdu)
}

/// `PIN-one-verify`: VERIFY `#nth` sent again the PIN typed at `t_us` (answer `id`), already
/// sent by VERIFY `#first`.
pub(super) fn second_verify(
    nth: usize,
    apdu: &Apdu<'_>,
    t_us: u64,
    id: &str,
    first: usize,
) -> Reason {
    Reason::new(
        format!(
            "VERIFY #{nth} ({}) is a second VERIFY for the PIN typed at {} \
             (answer `{}`), already sent by VERIFY #{first}: one PIN typed must \
             cost at most one try",
            apdu.place(),
            at(t_us),
            id
        ),
        format!(
            "VERIFY #{nth} ({}) は {} に入力された暗証番号 (回答 `{}`) の 2 回目の \
             VERIFY で、VERIFY #{first} ですでに送られている: 1 回の入力で使える\
             試行は 1 回まで",
            apdu.place(),
            at(t_us),
            id
        ),
    )
    .message("pin/second-verify")
    .count("verify", nth)
    .count("first", first)
    .cite(apdu)
    .cite(Cite::at(t_us))
}

/// `PIN-one-verify`: VERIFY `#nth` sent the PIN typed for `wanted` (answer `id`, at `t_us`)
/// to another PIN.
pub(super) fn verify_to_other_pin(
    nth: usize,
    apdu: &Apdu<'_>,
    wanted: &PinKey,
    id: &str,
    t_us: u64,
) -> Reason {
    Reason::new(
        format!(
            "VERIFY #{nth} ({}) sent the PIN typed for {wanted} (answer `{}`, \
             {}) to {}",
            apdu.place(),
            id,
            at(t_us),
            apdu.pin_key()
        ),
        format!(
            "VERIFY #{nth} ({}) が {} 用に入力された暗証番号 (回答 `{}`, {}) を {} \
             に送った",
            apdu.place(),
            wanted.ja(),
            id,
            at(t_us),
            apdu.pin_key().ja()
        ),
    )
    .message("pin/verify-to-other-pin")
    .count("verify", nth)
    .cite(apdu)
    .cite(Cite::at(t_us))
}

/// `PIN-one-verify`: no PIN asked, typed or sent in `mode`.
pub(super) fn no_pin_at_all(mode: &str) -> Reason {
    Reason::new(
        format!("no PIN was asked for, typed or sent (mode {mode})"),
        format!("暗証番号の要求・入力・送信がなかった (モード {mode})"),
    )
    .message("pin/no-pin-at-all")
    .code("mode", mode)
}

/// `PIN-one-verify`: `asks` PINs asked, `typed` typed, `verifies` VERIFYs with data.
pub(super) fn one_verify_each(asks: usize, typed: usize, verifies: usize) -> Reason {
    Reason::new(
        format!(
            "{} asked, {} typed, {} with data",
            count(asks, "PIN", "PINs"),
            typed,
            count(verifies, "VERIFY", "VERIFYs")
        ),
        format!("暗証番号の要求 {asks} 回、入力 {typed} 回、データ付き VERIFY {verifies} 回"),
    )
    .message("pin/one-verify-each")
    .count("asks", asks)
    .count("typed", typed)
    .count("verifies", verifies)
}

// PIN-no-auto-retry

/// `PIN-no-auto-retry`: VERIFY `#nth` followed the wrong PIN of VERIFY `#first` with no new
/// PIN typed.
pub(super) fn retried_by_itself(
    nth: usize,
    apdu: &Apdu<'_>,
    first: usize,
    before: &Apdu<'_>,
) -> Reason {
    Reason::new(
        format!(
            "VERIFY #{nth} ({}) was sent after {} to VERIFY #{first} ({}) with \
             no new PIN from the operator: the client retried by itself and \
             burned a try",
            apdu.place(),
            before.sw_text(),
            before.place()
        ),
        format!(
            "VERIFY #{first} ({}) が {} と応答された後、操作者が新しい暗証番号を\
             入力しないまま VERIFY #{nth} ({}) が送られた: クライアントが自ら\
             再試行し、試行回数を 1 回失った",
            before.place(),
            before.sw_text_ja(),
            apdu.place()
        ),
    )
    .message("pin/retried-by-itself")
    .count("verify", nth)
    .count("first", first)
    .code("sw", before.sw_text())
    .cite(apdu)
    .cite(before)
}

/// `PIN-no-auto-retry`: `wrongs` wrong PINs, each later VERIFY after a new PIN.
pub(super) fn waited_after_wrong(wrongs: usize) -> Reason {
    Reason::new(
        format!(
            "{} answered 63Cx; each later VERIFY waited for a new PIN from the operator",
            count(wrongs, "wrong PIN", "wrong PINs")
        ),
        format!(
            "誤った暗証番号 {wrongs} 回が 63Cx と応答された。その後の VERIFY はいずれも操作者の\
             新しい入力を待った"
        ),
    )
    .message("pin/waited-after-wrong")
    .count("wrong", wrongs)
}

/// `PIN-no-auto-retry`: no wrong PIN with tries left.
pub(super) fn no_wrong_pin() -> Reason {
    Reason::new(
        "no VERIFY was answered 63Cx with tries left",
        "残り回数のある 63Cx と応答された VERIFY はなかった",
    )
    .message("pin/no-wrong-pin")
}

/// `PIN-no-auto-retry`: a plain program sent VERIFY `#nth` after the wrong PIN of `#first`.
pub(super) fn plain_retried(
    nth: usize,
    apdu: &Apdu<'_>,
    first: usize,
    before: &Apdu<'_>,
) -> Reason {
    Reason::new(
        format!(
            "VERIFY #{nth} ({}) was sent to {} after {} to VERIFY #{first} ({}): a plain \
             PC/SC program is given its PIN once, so it retried by itself and burned a try",
            apdu.place(),
            apdu.pin_key(),
            before.sw_text(),
            before.place()
        ),
        format!(
            "VERIFY #{first} ({}) が {} と応答された後、VERIFY #{nth} ({}) が {} に送られた: \
             素の PC/SC プログラム (`hello` なし) は暗証番号を 1 回だけ受け取るので、自ら\
             再試行して試行回数を 1 回失った",
            before.place(),
            before.sw_text_ja(),
            apdu.place(),
            apdu.pin_key().ja()
        ),
    )
    .message("pin/plain-retried")
    .count("verify", nth)
    .count("first", first)
    .code("sw", before.sw_text())
    .cite(apdu)
    .cite(before)
}

/// `PIN-no-auto-retry`: a plain program's `wrongs` wrong PINs, none retried.
pub(super) fn plain_not_retried(wrongs: usize) -> Reason {
    Reason::new(
        format!(
            "{} answered 63Cx; the program (no `hello`: given its PIN once) sent no VERIFY to that \
             PIN afterwards",
            count(wrongs, "wrong PIN", "wrong PINs")
        ),
        format!(
            "誤った暗証番号 {} 回が 63Cx と応答された。プログラム (`hello` なし: 暗証番号は 1 回\
             だけ受け取る) はその後その暗証番号に VERIFY を送らなかった",
            wrongs
        ),
    )
    .message("pin/plain-not-retried")
    .count("wrong", wrongs)
}

// PIN-not-in-visual

/// `PIN-not-in-visual`: VERIFY `#nth` sent a PIN in `mode`.
pub(super) fn pin_in_visual(nth: usize, apdu: &Apdu<'_>, mode: &str) -> Reason {
    Reason::new(
        format!(
            "VERIFY #{nth} ({}) sent a PIN to {} in {mode} mode",
            apdu.place(),
            apdu.pin_key(),
        ),
        format!(
            "{mode} モードで VERIFY #{nth} ({}) が {} に暗証番号を送った",
            apdu.place(),
            apdu.pin_key().ja()
        ),
    )
    .message("pin/pin-in-visual")
    .count("verify", nth)
    .code("mode", mode)
    .cite(apdu)
}

/// `PIN-not-in-visual`: no PIN sent in `mode` (`queries` empty VERIFYs, `collation` VERIFYs
/// of a face reader to 照合番号B).
pub(super) fn no_pin_in_visual(mode: &str, queries: usize, collation: usize) -> Reason {
    let (read_face, read_face_ja) = if collation > 0 {
        (
            format!(
                "; {} to 照合番号B of the 券面事項確認AP, the face reader opening the card face",
                count(collation, "VERIFY", "VERIFYs")
            ),
            format!(
                "。券面事項確認AP の照合番号B への VERIFY {collation} 回は、顔認証付きカードリーダー\
                 が券面を開くもの"
            ),
        )
    } else {
        (String::new(), String::new())
    };
    Reason::new(
        format!(
            "{mode} mode: no VERIFY with data to a PIN ({}){read_face}",
            count(queries, "empty VERIFY", "empty VERIFYs")
        ),
        format!(
            "{mode} モード: 暗証番号へのデータ付き VERIFY はなかった (空の VERIFY {queries} 回){read_face_ja}",
        ),
    )
    .message("pin/no-pin-in-visual")
    .code("mode", mode)
    .count("queries", queries)
    .count("collation", collation)
}

// PIN-not-reused

/// `PIN-not-reused`: a manual run in which no card changed.
pub(super) fn no_card_changed() -> Reason {
    Reason::new("no card was changed", "カードは差し替えられなかった")
        .message("pin/no-card-changed")
}

/// Where a PIN typed for one card went to another.
pub(super) enum Crossed<'a> {
    /// In the same reader, from card `before` to card `now`.
    SameReader { before: &'a str, now: &'a str },
    /// From card `before` in reader `reader` to card `now` in reader `to`.
    OtherReader {
        before: &'a str,
        reader: &'a str,
        now: &'a str,
        to: &'a str,
    },
}

/// `PIN-not-reused`: VERIFY `#nth` sent the PIN typed at `t_us` (answer `id`) to another card.
pub(super) fn pin_crossed(
    nth: usize,
    apdu: &Apdu<'_>,
    t_us: u64,
    id: &str,
    crossed: &Crossed<'_>,
) -> Reason {
    let (to, typed_for, dest) = match crossed {
        Crossed::SameReader { before, now } => (
            format!("while card `{before}` was in the reader to card `{now}`"),
            format!("カード `{before}` がリーダーにあったときに"),
            format!("カード `{now}`"),
        ),
        Crossed::OtherReader {
            before,
            reader,
            now,
            to,
        } => (
            format!(
                "for card `{before}` in reader `{reader}` to card `{now}` in \
                 reader `{to}`",
            ),
            format!("リーダー `{reader}` のカード `{before}` 用に"),
            format!("リーダー `{to}` のカード `{now}`"),
        ),
    };
    Reason::new(
        format!(
            "VERIFY #{nth} ({}) sent the PIN typed at {} (answer `{id}`) {to}",
            apdu.place(),
            at(t_us)
        ),
        format!(
            "VERIFY #{nth} ({}) が、{} に{typed_for}入力された暗証番号 (回答 \
             `{id}`) を{dest}に送った",
            apdu.place(),
            at(t_us)
        ),
    )
    .message("pin/pin-crossed")
    .count("verify", nth)
    .cite(apdu)
    .cite(Cite::at(t_us))
}

/// `PIN-not-reused`: no card changed after a PIN, none elsewhere at a VERIFY.
pub(super) fn nothing_to_cross() -> Reason {
    Reason::new(
        "no card was changed after a PIN was typed, and no other card was in a reader at a \
         VERIFY",
        "暗証番号の入力後にカードは差し替えられず、VERIFY のときに別のリーダーに他のカードも\
         なかった",
    )
    .message("pin/nothing-to-cross")
}

/// `PIN-not-reused`: the card changed `changes` times after a PIN, another card was in another
/// reader at `elsewhere` VERIFYs, and no PIN crossed.
pub(super) fn not_crossed(changes: usize, elsewhere: usize) -> Reason {
    let mut seen = Vec::new();
    if changes > 0 {
        seen.push(Reason::new(
            format!(
                "the card changed {} after a PIN was typed",
                count(changes, "time", "times")
            ),
            format!("暗証番号の入力後にカードが {changes} 回差し替えられた"),
        ));
    }
    if elsewhere > 0 {
        seen.push(Reason::new(
            format!(
                "another card was in another reader at {}",
                count(elsewhere, "VERIFY", "VERIFYs")
            ),
            format!("VERIFY {elsewhere} 回のときに別のリーダーに他のカードがあった"),
        ));
    }
    Reason::join(&seen, ", and ", "、")
        .before(
            "; no PIN crossed to another card",
            "が、暗証番号が他のカードに渡ることはなかった",
        )
        .message("pin/not-crossed")
        .count("changes", changes)
        .count("elsewhere", elsewhere)
}

// PIN-format

/// `PIN-format`: VERIFY `#nth` sent `len` bytes to `key`, which takes `low` to `high`.
pub(super) fn wrong_length(
    nth: usize,
    apdu: &Apdu<'_>,
    key: &PinKey,
    len: usize,
    (low, high): (usize, usize),
) -> Reason {
    let (wanted, wanted_ja) = if low == high {
        (low.to_string(), low.to_string())
    } else {
        (format!("{low} to {high}"), format!("{low}〜{high}"))
    };
    Reason::new(
        format!(
            "VERIFY #{nth} ({}) sent {len} bytes to {key}, which takes {wanted}",
            apdu.place()
        ),
        format!(
            "VERIFY #{nth} ({}) が {} に {len} バイトを送った ({wanted_ja} バイトであるべき)",
            apdu.place(),
            key.ja()
        ),
    )
    .message("pin/wrong-length")
    .count("verify", nth)
    .count("bytes", len)
    .cite(apdu)
}

/// `PIN-format`: no VERIFY to a PIN whose format is known.
pub(super) fn no_known_format() -> Reason {
    Reason::new(
        "no VERIFY with data to a PIN whose format is known",
        "形式の分かっている暗証番号へのデータ付き VERIFY はなかった",
    )
    .message("pin/no-known-format")
}

/// `PIN-format`: `judged` VERIFYs, each of a valid length.
pub(super) fn valid_lengths(judged: usize) -> Reason {
    Reason::new(
        format!(
            "{} with data, each of a valid length (PIN bytes are redacted: only lengths are judged)",
            count(judged, "VERIFY", "VERIFYs")
        ),
        format!(
            "データ付き VERIFY {judged} 回、いずれも正しい長さ (暗証番号のバイトは伏せられているため\
             長さだけを判定する)"
        ),
    )
    .message("pin/valid-lengths")
    .count("verifies", judged)
}
