//! What `SVC-paper-claims-eligibility-only` says (`docs/care-settings.md`, "紙レセプト").

use crate::reason::Reason;
use crate::run::Exchange;

/// Not a 紙レセプト facility.
pub(in crate::svc) fn not_paper_claims() -> Reason {
    Reason::new(
        "not the paper-claims setting (a 紙レセプト 医療機関・薬局)",
        "paper-claims の設定（紙レセプトの医療機関・薬局）ではない",
    )
    .message("svc/paper-claims-not-setting")
}

/// Line `line` (at `t_ms`) asked the consent to medical information.
pub(in crate::svc) fn medical_consent_asked(line: usize, t_ms: u64) -> Reason {
    Reason::new(
        format!(
            "client line {line} (t={t_ms} ms) asked the consent `medical-information` at a \
             紙レセプト facility, whose 資格確認限定型 carries eligibility only"
        ),
        format!(
            "クライアントの {line} 行目 (t={t_ms} ms) が紙レセプトの施設で同意 \
             `medical-information` を求めた。資格確認限定型は資格情報のみを扱う"
        ),
    )
    .message("svc/paper-claims-medical-consent")
    .code("topic", "medical-information")
}

/// `x` requested a view of medical information.
pub(in crate::svc) fn view_requested(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} requested medical information at a 紙レセプト facility",
            x.describe()
        ),
        format!("{} が紙レセプトの施設で医療情報を求めた", x.describe_ja()),
    )
    .message("svc/paper-claims-view")
    .cite(x)
}

/// The result showed `name` (said at `place`).
pub(in crate::svc) fn medical_shown(name: &str, place: &str) -> Reason {
    Reason::new(
        format!(
            "{name} was shown ({place}) at a 紙レセプト facility, which has no such information"
        ),
        format!("紙レセプトの施設で {name} を表示した ({place})。この施設にその情報はない"),
    )
    .message("svc/paper-claims-medical-shown")
    .code("field", name)
}

/// `checks` card checks, eligibility only.
pub(in crate::svc) fn eligibility_only(checks: usize) -> Reason {
    Reason::new(
        format!(
            "{checks} card check(s) at a 紙レセプト facility, eligibility only: no medical \
             information asked, requested or shown"
        ),
        format!(
            "紙レセプトの施設で {checks} 回のカード確認。資格情報のみで、医療情報の同意・要求・表示は\
             なかった"
        ),
    )
    .message("svc/paper-claims-eligibility-only")
}
