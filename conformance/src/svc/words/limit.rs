//! What `SVC-limit-consent` says (`docs/rules.md`; `docs/service.md#result-shape`).

use mynakit_protocol::RuleSet;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, Exchange};

/// Where a consent flag was sent: the card check `x`.
pub(in crate::svc) fn flag_in_check(x: &Exchange<'_>) -> Reason {
    Reason::new(x.describe(), x.describe_ja())
        .message("svc/limit-flag-in-check")
        .cite(x)
}

/// Where a consent flag was sent: the request `path` the terminal read at `t_us`.
pub(in crate::svc) fn flag_in_request(path: &str, t_us: u64) -> Reason {
    Reason::new(
        format!("the request {path} ({})", at(t_us)),
        format!("リクエスト {path} ({})", at(t_us)),
    )
    .message("svc/limit-flag-in-request")
    .cite(Cite::at(t_us))
}

/// Nothing to judge.
pub(in crate::svc) fn nothing() -> Reason {
    Reason::new(
        "no eligibility check and no 限度額 consent in this run",
        "この実行には資格確認も限度額の同意もない",
    )
    .message("svc/limit-nothing")
}

/// Manual mode: whether the 限度額 data `shown` (none named: requested) was shown only with
/// consent.
pub(in crate::svc) fn check_on_screen(shown: &[&str]) -> Reason {
    Reason::new(
        format!(
            "manual mode: the patient's answer is not in the timeline; check that 限度額 data \
             ({}) was shown only with consent",
            if shown.is_empty() {
                "requested".to_owned()
            } else {
                shown.join(", ")
            }
        ),
        format!(
            "手動モード: 患者の回答はタイムラインにない。限度額の情報 ({}) が同意を得たときだけ\
             表示されたか確認すること",
            if shown.is_empty() {
                "要求したもの".to_owned()
            } else {
                shown.join("、")
            }
        ),
    )
    .message("svc/limit-check-on-screen")
}

/// `place` sent `claim` before the patient consented.
pub(in crate::svc) fn flag_without_consent(place: &Reason, claim: &str) -> Reason {
    Reason::new(
        format!("{place} sent {claim}, but the patient had not consented"),
        format!(
            "{} で {claim} を送ったが、患者は同意していなかった",
            place.ja().unwrap_or_default()
        ),
    )
    .message("svc/limit-flag-without-consent")
    .quoting(place)
}

/// The patient consented at `t_us`, but `place` sent `claim` (consent not given).
pub(in crate::svc) fn consent_denied(t_us: u64, place: &Reason, claim: &str) -> Reason {
    Reason::new(
        format!(
            "the patient consented ({}), but {place} sent {claim}",
            at(t_us)
        ),
        format!(
            "患者は同意した ({}) が、{} で {claim} を送った",
            at(t_us),
            place.ja().unwrap_or_default()
        ),
    )
    .message("svc/limit-consent-denied")
    .cite(Cite::at(t_us))
    .quoting(place)
}

/// The rules `rules` omit the consent, not asked; `shown` shown.
pub(in crate::svc) fn consent_omitted(rules: RuleSet, shown: &[&str]) -> Reason {
    Reason::new(
        format!(
            "the rules of {rules} omit the 限度額 consent and the client did not ask; 限度額 data \
         shown: {}",
            shown.join(", ")
        ),
        format!(
            "{rules} の規則では限度額の同意を省略でき、クライアントも尋ねなかった。表示した限度額の\
             情報: {}",
            shown.join("、")
        ),
    )
    .message("svc/limit-consent-omitted")
    .day("rules", rules.name())
}

/// The client shows `shown` though the patient refused (`asked`) or was never asked.
pub(in crate::svc) fn shown_without_consent(shown: &[&str], asked: bool) -> Reason {
    Reason::new(
        format!(
            "the client shows 限度額 data ({}) although the patient {}",
            shown.join(", "),
            if asked {
                "refused consent"
            } else {
                "was never asked for consent"
            }
        ),
        format!(
            "患者が{}のに、クライアントは限度額の情報 ({}) を表示している",
            if asked {
                "同意を断った"
            } else {
                "同意を一度も求められていない"
            },
            shown.join("、")
        ),
    )
    .message("svc/limit-shown-without-consent")
}

/// The patient consented at `t_us`; `shown` shown.
pub(in crate::svc) fn consented(t_us: u64, shown: &[&str]) -> Reason {
    Reason::new(
        format!(
            "the patient consented ({}); 限度額 data shown: {}",
            at(t_us),
            if shown.is_empty() {
                "none".to_owned()
            } else {
                shown.join(", ")
            }
        ),
        format!(
            "患者は同意した ({})。表示した限度額の情報: {}",
            at(t_us),
            if shown.is_empty() {
                "なし".to_owned()
            } else {
                shown.join("、")
            }
        ),
    )
    .message("svc/limit-consented")
    .cite(Cite::at(t_us))
}

/// No consent (refused when `asked`), nothing requested or shown.
pub(in crate::svc) fn no_consent(asked: bool) -> Reason {
    Reason::new(
        format!(
            "no consent ({}); no 限度額 data requested or shown",
            if asked { "refused" } else { "not asked" }
        ),
        format!(
            "同意なし ({})。限度額の情報は要求も表示もしていない",
            if asked {
                "拒否"
            } else {
                "尋ねていない"
            }
        ),
    )
    .message("svc/limit-no-consent")
}
