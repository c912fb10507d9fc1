//! What `APDU-pin-pad-used` says.

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, Apdu};

/// `APDU-pin-pad-used`: no reader of the scenario has a PIN pad.
pub(in crate::apdu) fn no_pad() -> Reason {
    Reason::new(
        "the reader has no PIN pad",
        "読取機に PIN パッド (テンキー) はない",
    )
    .message("apdu/no-pin-pad")
}

/// `APDU-pin-pad-used`: the reader has a pad, and no PIN was verified.
pub(in crate::apdu) fn no_pin_verified() -> Reason {
    Reason::new(
        "the reader has a PIN pad, and no PIN was verified",
        "読取機に PIN パッドがあるが、暗証番号の照合はなかった",
    )
    .message("apdu/pin-pad-no-verify")
}

/// `APDU-pin-pad-used`: the client asked for a PIN on screen (ask `id` at `t_us`) though the
/// reader has a pad.
pub(in crate::apdu) fn asked_on_screen(id: &str, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the client asked for a PIN on screen (ask {id}, {}) though the reader has a PIN pad, \
             on which the patient types it without the computer seeing it",
            at(t_us)
        ),
        format!(
            "読取機に PIN パッドがあるのに、クライアントが画面で暗証番号を尋ねた (ask {id}, {})。\
             PIN パッドなら患者はパソコンに見られずに入力できる",
            at(t_us)
        ),
    )
    .message("apdu/pin-asked-on-screen")
    .cite(Cite::at(t_us))
}

/// `APDU-pin-pad-used`: `a` is a VERIFY with a PIN the client sent itself to a reader with a
/// pad.
pub(in crate::apdu) fn own_verify(a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "{} ({}) carried a PIN the client sent itself, not one typed on the reader's PIN pad",
            a.place(),
            a.name()
        ),
        format!(
            "{} ({}) はクライアント自身が送った暗証番号で、読取機の PIN パッドで入力されたものではない",
            a.place(),
            a.name_ja()
        ),
    )
    .message("apdu/pin-not-on-pad")
    .code("command", a.name())
    .cite(a)
}

/// `APDU-pin-pad-used`: every one of the `n` PIN VERIFYs went through the pad.
pub(in crate::apdu) fn used_pad(n: usize) -> Reason {
    Reason::new(
        format!(
            "every PIN VERIFY ({n}) was typed on the reader's PIN pad, and no PIN was asked on \
             screen"
        ),
        format!(
            "暗証番号の照合 ({n} 件) はすべて読取機の PIN パッドで入力され、画面で暗証番号を尋ねなかった"
        ),
    )
    .message("apdu/pin-pad-used")
    .count("verifies", n)
}
