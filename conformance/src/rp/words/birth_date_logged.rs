//! What `RP-birth-date-not-logged` says (`docs/relying-party.md`).

use crate::reason::Reason;

/// A かざし of a holder the server has no account for.
pub(in crate::rp) fn no_holder_account() -> Reason {
    Reason::new(
        "the server has no account for the card's holder: no birth date to open the card with",
        "サーバーにカードの持ち主の登録がない: カードを開く生年月日がない",
    )
    .message("rp/no-holder-account")
}

/// A place in the client's output that held the birth date (as the harness names it:
/// `stderr line 2: the birth date as APDU hex`).
pub(in crate::rp) fn birth_date_leak(text: &str) -> Reason {
    let said = crate::words::output_place(text, "the birth date", "かざしの生年月日");
    Reason::new(
        text,
        said.unwrap_or_else(|| format!("クライアントの出力にかざしの生年月日があった: {text}")),
    )
    .message("rp/birth-date-leak")
}

/// A manual run: the app's logs are not seen.
pub(in crate::rp) fn logs_not_seen() -> Reason {
    Reason::new(
        "a manual run: the app's own logs are not seen",
        "手動の実行: アプリ自身のログは見ていない",
    )
    .message("rp/logs-not-seen")
}

/// The birth date in none of the client's output.
pub(in crate::rp) fn birth_date_not_in_output() -> Reason {
    Reason::new(
        "the account's birth date is in none of the client's output (stderr, protocol lines)",
        "クライアントの出力 (stderr、プロトコルの行) のどこにも登録の生年月日はない",
    )
    .message("rp/birth-date-not-in-output")
}
