//! What `RP-birth-date-tries` says (`docs/relying-party.md`).

use crate::reason::Reason;

/// APDU `n` sent the 券面事項確認AP's key again after the mismatch at APDU `first`.
pub(in crate::rp) fn birth_date_sent_again(first: usize, n: usize) -> Reason {
    Reason::new(
        format!(
            "APDU #{n}: the client sent the 券面事項確認AP's birth-date key a VERIFY again after \
             the card answered the one at APDU #{first} with a mismatch: each try costs one of \
             the key's tries, and in a かざし nothing new came to try"
        ),
        format!(
            "APDU #{n}: APDU #{first} の照合にカードが不一致と答えたのに、券面事項確認APの\
             生年月日の鍵へ再び VERIFY を送った: 照合のたびに鍵の残り回数が減り、かざしでは\
             新たに試す入力がない"
        ),
    )
    .message("rp/birth-date-sent-again")
    .code("first", first.to_string())
    .code("apdu", n.to_string())
}

/// The mismatch at APDU `n` was not followed by another VERIFY.
pub(in crate::rp) fn birth_date_not_sent_again(n: usize) -> Reason {
    Reason::new(
        format!(
            "after the card answered the birth-date VERIFY at APDU #{n} with a mismatch, the \
             client sent that key no further VERIFY"
        ),
        format!(
            "APDU #{n} の生年月日の照合にカードが不一致と答えたあと、その鍵へ VERIFY を\
             送らなかった"
        ),
    )
    .message("rp/birth-date-not-sent-again")
    .code("apdu", n.to_string())
}

/// No VERIFY in the 券面事項確認AP was answered with a mismatch.
pub(in crate::rp) fn no_birth_date_mismatch() -> Reason {
    Reason::new(
        "the card answered no VERIFY of the 券面事項確認AP with a mismatch",
        "券面事項確認APの VERIFY にカードが不一致と答えたことはない",
    )
    .message("rp/no-birth-date-mismatch")
}
