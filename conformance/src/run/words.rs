//! How the decoded run names its own things in verdict texts, in English and Japanese side by
//! side: an APDU's command and status word, a request to the service and how it failed, a
//! terminal's answer, a PIN, the place of a line the client wrote (`docs/reports.md`, "Findings
//! as data"). The families' words build their sentences from these; the methods of
//! [`Apdu`](super::Apdu), [`Exchange`](super::Exchange), [`Answer`](super::answer::Answer) and
//! [`PinKey`](super::PinKey) that name them read them here.

use std::fmt;

use mynakit_apdu::Sw;

use super::{at, secs};
use crate::facts::Cite;
use crate::reason::Reason;

// An APDU

/// The status word as written (`63C2`), or `no answer`.
pub(super) fn sw(sw: Option<Sw>) -> String {
    sw.map_or_else(|| "no answer".to_owned(), |sw| sw.to_string())
}

/// [`sw`] in Japanese: the status word as written, or `応答なし`.
pub(super) fn sw_ja(sw: Option<Sw>) -> String {
    sw.map_or_else(|| "応答なし".to_owned(), |sw| sw.to_string())
}

/// An APDU's command in Japanese, from its English name (the APDU names stay as written).
pub(super) fn command_ja(name: &'static str) -> &'static str {
    match name {
        "empty VERIFY" => "空の VERIFY",
        "signature (80 2A)" => "署名 (80 2A)",
        "SELECT" | "READ BINARY" | "VERIFY" | "GET CHALLENGE" | "READ RECORD" | "GET DATA" => name,
        _ => "コマンド",
    }
}

// A request to the service

/// `POST /v1/confirmations (request 3, t=1.234s)`.
pub(super) fn request(method: &str, path: &str, n: usize, t_us: u64) -> String {
    format!("{method} {path} (request {n}, {})", at(t_us))
}

/// [`request`] in Japanese: `POST /v1/confirmations (リクエスト 3, t=1.234s)`.
pub(super) fn request_ja(method: &str, path: &str, n: usize, t_us: u64) -> String {
    format!("{method} {path} (リクエスト {n}, {})", at(t_us))
}

/// How a request failed from the client's side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Failure {
    /// The connection was reset (status 0).
    Reset,
    /// A 5xx status.
    Status(u16),
    /// The body was cut short.
    CutShort,
    /// Answered after so many microseconds, slower than the client may wait.
    Slow(u64),
}

/// [`Failure`] in English: `connection reset`, `status 503`, ….
pub(super) fn failure(failure: Failure) -> String {
    match failure {
        Failure::Reset => "connection reset".to_owned(),
        Failure::Status(status) => format!("status {status}"),
        Failure::CutShort => "body cut short".to_owned(),
        Failure::Slow(us) => format!("answered after {}", secs(us)),
    }
}

/// [`Failure`] in Japanese: `接続のリセット`, `ステータス 503`, ….
pub(super) fn failure_ja(failure: Failure) -> String {
    match failure {
        Failure::Reset => "接続のリセット".to_owned(),
        Failure::Status(status) => format!("ステータス {status}"),
        Failure::CutShort => "本文が途中で切れた".to_owned(),
        Failure::Slow(us) => format!("{} 後に応答", secs(us)),
    }
}

// A terminal's answer

/// `the terminal's answer res/OQSsiquc01res_0001.xml (t=1.234s)`, or `the face push face/…
/// (t=…)` when `face`.
pub(super) fn terminal_answer(path: &str, t_us: u64, face: bool) -> String {
    if face {
        format!("the face push {path} ({})", at(t_us))
    } else {
        format!("the terminal's answer {path} ({})", at(t_us))
    }
}

/// [`terminal_answer`] in Japanese: `端末の回答 res/OQSsiquc01res_0001.xml (t=1.234s)`.
pub(super) fn terminal_answer_ja(path: &str, t_us: u64, face: bool) -> String {
    if face {
        format!("顔認証の通知 {path} ({})", at(t_us))
    } else {
        format!("端末の回答 {path} ({})", at(t_us))
    }
}

/// What a verdict writes for a personal value a terminal answer holds only as a digest.
pub(crate) const REDACTED: &str = "the answer's value";

/// [`REDACTED`] in Japanese.
pub(crate) const REDACTED_JA: &str = "回答の値";

/// What a verdict says when no answer applies, for either role.
pub(crate) const NO_ANSWER: &str = "no card check or terminal request of the client was \
     answered (with an answer the timeline holds) before its result";

/// [`NO_ANSWER`] in Japanese.
pub(crate) const NO_ANSWER_JA: &str =
    "結果の前に、クライアントの資格確認・端末へのリクエストへの回答 (タイムラインにあるもの) がなかった";

// A PIN

/// A PIN as the timeline can name it: the JPKI AP's auth PIN or sign password (their file),
/// another PIN of a DF (its file), or a PIN of a DF whose file no EF selection names.
pub(super) enum PinNamed<'a, D> {
    /// The auth PIN of the JPKI AP, file `fid`.
    Auth(u16),
    /// The sign password of the JPKI AP, file `fid`.
    Sign(u16),
    /// PIN `fid` of `df`.
    Other(&'a D, u16),
    /// A PIN of `df`, unnamed.
    Unnamed(&'a D),
}

/// The PIN in English (`the auth PIN (JPKI 0018)`).
pub(super) fn pin(
    f: &mut fmt::Formatter<'_>,
    named: PinNamed<'_, impl fmt::Display>,
) -> fmt::Result {
    match named {
        PinNamed::Auth(fid) => write!(f, "the auth PIN (JPKI {fid:04X})"),
        PinNamed::Sign(fid) => write!(f, "the sign password (JPKI {fid:04X})"),
        PinNamed::Other(df, fid) => write!(f, "PIN {fid:04X} of {df}"),
        PinNamed::Unnamed(df) => {
            write!(f, "a PIN of {df} the timeline cannot name (no EF selected)")
        }
    }
}

/// The PIN in Japanese, as the card's issuer names it (利用者証明用電子証明書の暗証番号,
/// 署名用電子証明書の暗証番号: J-LIS, jpki.go.jp).
pub(super) fn pin_ja(named: PinNamed<'_, impl fmt::Display>) -> String {
    match named {
        PinNamed::Auth(fid) => {
            format!("利用者証明用電子証明書の暗証番号 (JPKI {fid:04X})")
        }
        PinNamed::Sign(fid) => format!("署名用電子証明書の暗証番号 (JPKI {fid:04X})"),
        PinNamed::Other(df, fid) => format!("{df} の PIN {fid:04X}"),
        PinNamed::Unnamed(df) => {
            format!("{df} のいずれかの PIN (EF が選択されておらず特定できない)")
        }
    }
}

// Where the client said something

/// Line `i` (from 0) of the client, written at `t_us`: `line 3 (t=1.234s)` / `3 行目
/// (t=1.234s)`.
pub(crate) fn line(i: usize, t_us: u64) -> Reason {
    Reason::new(
        format!("line {} ({})", i + 1, at(t_us)),
        format!("{} 行目 ({})", i + 1, at(t_us)),
    )
    .message("run/line")
    .cite(Cite::at(t_us))
}

/// The client's result.
pub(crate) fn the_result() -> Reason {
    Reason::new("the result", "結果").message("run/the-result")
}
