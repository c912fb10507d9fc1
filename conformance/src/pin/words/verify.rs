//! What `PIN-one-verify`, `PIN-no-auto-retry`, `PIN-not-in-visual`, `PIN-not-reused` and
//! `PIN-format` say, and how a manual run's PIN entries are worded (`docs/conformance.md`).

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count, Apdu, PinKey};

// PIN-one-verify, PIN-no-auto-retry, PIN-not-reused: manual runs

/// What the tester checks by hand in a manual run, for the check asking.
#[derive(Clone, Copy)]
pub(in crate::pin) enum ByHand {
    /// `PIN-one-verify`.
    OneVerifyEach,
    /// `PIN-no-auto-retry`.
    WaitedAfterWrong,
    /// `PIN-not-reused`.
    NotSentToNext,
}

/// A manual run with no VERIFY with data.
pub(in crate::pin) fn manual_no_verify() -> Reason {
    Reason::new(
        "manual mode: no VERIFY with data was sent",
        "手動モード: データ付き VERIFY は送られなかった",
    )
    .message("pin/manual-no-verify")
}

/// A manual run: the tester checks `what` against the VERIFYs with data (`#nth`, its APDU).
pub(in crate::pin) fn manual_verifies(what: ByHand, verifies: &[(usize, &Apdu<'_>)]) -> Reason {
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
pub(in crate::pin) fn verify_untyped(nth: usize, apdu: &Apdu<'_>) -> Reason {
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
pub(in crate::pin) fn second_verify(
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
pub(in crate::pin) fn verify_to_other_pin(
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
pub(in crate::pin) fn no_pin_at_all(mode: &str) -> Reason {
    Reason::new(
        format!("no PIN was asked for, typed or sent (mode {mode})"),
        format!("暗証番号の要求・入力・送信がなかった (モード {mode})"),
    )
    .message("pin/no-pin-at-all")
    .code("mode", mode)
}

/// `PIN-one-verify`: `asks` PINs asked, `typed` typed, `verifies` VERIFYs with data.
pub(in crate::pin) fn one_verify_each(asks: usize, typed: usize, verifies: usize) -> Reason {
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
pub(in crate::pin) fn retried_by_itself(
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
pub(in crate::pin) fn waited_after_wrong(wrongs: usize) -> Reason {
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
pub(in crate::pin) fn no_wrong_pin() -> Reason {
    Reason::new(
        "no VERIFY was answered 63Cx with tries left",
        "残り回数のある 63Cx と応答された VERIFY はなかった",
    )
    .message("pin/no-wrong-pin")
}

/// `PIN-no-auto-retry`: a plain program sent VERIFY `#nth` after the wrong PIN of `#first`.
pub(in crate::pin) fn plain_retried(
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
pub(in crate::pin) fn plain_not_retried(wrongs: usize) -> Reason {
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
pub(in crate::pin) fn pin_in_visual(nth: usize, apdu: &Apdu<'_>, mode: &str) -> Reason {
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
pub(in crate::pin) fn no_pin_in_visual(mode: &str, queries: usize, collation: usize) -> Reason {
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
pub(in crate::pin) fn no_card_changed() -> Reason {
    Reason::new("no card was changed", "カードは差し替えられなかった")
        .message("pin/no-card-changed")
}

/// Where a PIN typed for one card went to another.
pub(in crate::pin) enum Crossed<'a> {
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
pub(in crate::pin) fn pin_crossed(
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
pub(in crate::pin) fn nothing_to_cross() -> Reason {
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
pub(in crate::pin) fn not_crossed(changes: usize, elsewhere: usize) -> Reason {
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
pub(in crate::pin) fn wrong_length(
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
pub(in crate::pin) fn no_known_format() -> Reason {
    Reason::new(
        "no VERIFY with data to a PIN whose format is known",
        "形式の分かっている暗証番号へのデータ付き VERIFY はなかった",
    )
    .message("pin/no-known-format")
}

/// `PIN-format`: `judged` VERIFYs, each of a valid length.
pub(in crate::pin) fn valid_lengths(judged: usize) -> Reason {
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
