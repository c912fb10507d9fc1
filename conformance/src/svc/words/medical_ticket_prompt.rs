//! What `SVC-medical-ticket-prompt` says (`docs/care-settings.md`).

use super::shown::place;
use crate::reason::Reason;
use crate::run::answer::{self, Answer};

/// No answer to judge.
pub(in crate::svc) fn no_answer() -> Reason {
    Reason::new(answer::NO_ANSWER, answer::NO_ANSWER_JA)
        .message("svc/medical-ticket-prompt-no-answer")
}

/// The answer `last` is no 医療扶助 record awaiting its 医療券.
pub(in crate::svc) fn not_awaiting(last: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "{} is not a 医療扶助 record awaiting its 医療券 (QualificationValidity 6)",
            last.describe()
        ),
        format!(
            "{} は医療券の登録を待つ医療扶助の記録 (QualificationValidity 6) ではない",
            last.describe_ja()
        ),
    )
    .message("svc/medical-ticket-prompt-not-awaiting")
    .cite(place(last))
    .code("validity", "6")
}

/// The answer `last` awaits its 医療券, and the staff were told.
pub(in crate::svc) fn told(last: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "{} is 医療扶助 without a registered 医療券; the staff were told to check the paper \
             one",
            last.describe()
        ),
        format!(
            "{} は医療券が未登録の医療扶助。職員に紙の医療券を確認するよう案内した",
            last.describe_ja()
        ),
    )
    .message("svc/medical-ticket-prompt-told")
    .cite(place(last))
}

/// The answer `last` awaits its 医療券, and no fallback told the staff.
pub(in crate::svc) fn not_told(last: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "{} is 医療扶助 without a registered 医療券 (QualificationValidity 6), but no \
             fallback line offered `medical-ticket` before the result",
            last.describe()
        ),
        format!(
            "{} は医療券が未登録の医療扶助 (QualificationValidity 6) だが、結果の前に \
             `medical-ticket` を案内する fallback 行がなかった",
            last.describe_ja()
        ),
    )
    .message("svc/medical-ticket-prompt-not-told")
    .cite(place(last))
    .code("validity", "6")
}
