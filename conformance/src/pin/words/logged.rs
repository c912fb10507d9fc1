//! What `PIN-not-logged` says (`docs/conformance.md`).

use crate::reason::Reason;

// PIN-not-logged

/// `PIN-not-logged`: one place of the client's output that held a typed PIN, as the harness
/// names it (`stderr line 3: a typed PIN in clear`), never the PIN.
pub(in crate::pin) fn leak(text: &str) -> Reason {
    let said = crate::words::output_place(text, "a typed PIN", "入力された暗証番号");
    Reason::new(
        text,
        said.unwrap_or_else(|| format!("クライアントの出力に入力された暗証番号があった: {text}")),
    )
    .message("pin/leak")
}

/// `PIN-not-logged`: every leak (from [`leak`]).
pub(in crate::pin) fn leaks(leaks: &[Reason]) -> Reason {
    Reason::join(leaks, "; ", "、")
}

/// `PIN-not-logged`: a manual run, whose app's logs the harness does not see.
pub(in crate::pin) fn logs_not_seen() -> Reason {
    Reason::new(
        "manual mode: the app's logs are not seen",
        "手動モード: アプリのログは見えない",
    )
    .message("pin/logs-not-seen")
}

/// No PIN was typed in the run.
pub(in crate::pin) fn no_pin_typed() -> Reason {
    Reason::new("no PIN was typed", "暗証番号は入力されなかった").message("pin/no-pin-typed")
}

/// `PIN-not-logged`: the `typed` PINs are in none of the client's output.
pub(in crate::pin) fn not_in_output(typed: usize) -> Reason {
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
