//! What `SVC-treatment-ticket-shown` says (`docs/care-settings.md`).

use crate::reason::Reason;
use crate::run::Exchange;

/// Not a 柔整・あはき 施術所.
pub(in crate::svc) fn not_jusei_ahaki() -> Reason {
    Reason::new("not a 柔整・あはき setting", "柔整・あはきの設定ではない")
        .message("svc/treatment-ticket-not-jusei-ahaki")
}

/// `x` answered 医療扶助.
pub(in crate::svc) fn answered_assistance(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("{} answered 医療扶助 (A1)", x.describe()),
        format!("{} は医療扶助 (A1) と回答した", x.describe_ja()),
    )
    .message("svc/treatment-ticket-answered-assistance")
    .cite(x)
    .code("classification", "A1")
}

/// The result is 医療扶助.
pub(in crate::svc) fn result_assistance() -> Reason {
    Reason::new(
        "the result is medical-assistance",
        "結果は medical-assistance",
    )
    .message("svc/treatment-ticket-result-assistance")
    .code("outcome", "medical-assistance")
}

/// Not a 医療扶助 patient.
pub(in crate::svc) fn not_assistance() -> Reason {
    Reason::new(
        "not a 医療扶助 patient: no 施術券 notice is needed at the 施術所",
        "医療扶助の患者ではない: 施術所で施術券の案内は要らない",
    )
    .message("svc/treatment-ticket-not-assistance")
}

/// After `why`, the staff were told to check the 施術券.
pub(in crate::svc) fn told(why: Reason) -> Reason {
    why.before(
        "; the staff were told to check the 施術券 before the result",
        "。結果の前に、職員に施術券を確認するよう案内した",
    )
    .message("svc/treatment-ticket-told")
}

/// After `why`, no `fallback` line told the staff (in `mode`).
pub(in crate::svc) fn not_told(why: Reason, mode: &str) -> Reason {
    why.before(
        &format!(
            ", but no `fallback` line offering `treatment-ticket` told the staff to check the \
             施術券 before the result ({mode} mode)"
        ),
        &format!(
            "。しかし結果の前に `treatment-ticket` を案内する `fallback` 行がなく、職員に施術券の\
             確認が伝わらなかった ({mode} モード)"
        ),
    )
    .message("svc/treatment-ticket-not-told")
    .code("mode", mode)
}
