//! How the `PIN-` checks name the PIN steps they cite.

use crate::reason::Reason;

// The PIN steps

/// A plain PC/SC program (no `hello`): what its operator typed or was shown is not judged.
pub(in crate::pin) fn plain_program() -> Reason {
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
