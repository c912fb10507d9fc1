//! What the care settings' checks say (`SVC-kenshin-facility-identity`,
//! `SVC-kenshin-eligibility-only`, `SVC-network-loss-honest`, `SVC-disaster-designated`,
//! `SVC-home-consent-scope`, `SVC-online-consent-per-visit`; `docs/care-settings.md`).

use mynakit_protocol::CheckupIdentity;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, Exchange};

/// `SVC-kenshin-facility-identity`: no identity given.
pub(in crate::svc) fn no_identity() -> Reason {
    Reason::new(
        "the client was given no 健診 facility identity",
        "クライアントに健診機関の識別が与えられていない",
    )
    .message("svc/care-no-identity")
}

/// `SVC-kenshin-facility-identity`: no 健診 check.
pub(in crate::svc) fn no_kenshin_check() -> Reason {
    Reason::new("no 健診 check was made", "健診の資格確認がなかった")
        .message("svc/care-no-kenshin-check")
}

/// `SVC-kenshin-facility-identity`: `x` sends another value than the identity given.
pub(in crate::svc) fn other_identity(x: &Exchange<'_>, identity: &CheckupIdentity) -> Reason {
    Reason::new(
        format!(
            "{} sends {} other than the {} the facility was given ({})",
            x.describe(),
            identity.field(),
            identity.name(),
            identity.env()
        ),
        format!(
            "{} が送る {} は、施設に与えられた{} ({}) と異なる",
            x.describe_ja(),
            identity.field(),
            identity.name(),
            identity.env()
        ),
    )
    .message("svc/care-other-identity")
    .cite(x)
    .code("field", identity.field())
}

/// `SVC-kenshin-facility-identity`: `x` does not name the facility by the identity given.
pub(in crate::svc) fn identity_missing(x: &Exchange<'_>, identity: &CheckupIdentity) -> Reason {
    Reason::new(
        format!(
            "{} does not name the facility by its {} ({} in {})",
            x.describe(),
            identity.name(),
            identity.field(),
            identity.env()
        ),
        format!(
            "{} が施設を{} ({}、{} の値) で名乗っていない",
            x.describe_ja(),
            identity.name(),
            identity.field(),
            identity.env()
        ),
    )
    .message("svc/care-identity-missing")
    .cite(x)
    .code("field", identity.field())
}

/// `SVC-kenshin-facility-identity`: `x` names a facility by `other` too.
pub(in crate::svc) fn second_identity(
    x: &Exchange<'_>,
    other: &str,
    identity: &CheckupIdentity,
) -> Reason {
    Reason::new(
        format!(
            "{} also names a facility by {other}: a 健診 check names one facility, by its {}",
            x.describe(),
            identity.name()
        ),
        format!(
            "{} は {other} でも施設を名乗っている: 健診の資格確認は1つの施設を、その{}\
                     だけで名乗る",
            x.describe_ja(),
            identity.name()
        ),
    )
    .message("svc/care-second-identity")
    .cite(x)
    .code("other", other)
}

/// `SVC-kenshin-facility-identity`: the `checks` name the facility by its identity alone.
pub(in crate::svc) fn identity_alone(checks: usize, identity: &CheckupIdentity) -> Reason {
    Reason::new(
        format!(
            "{} 健診 check(s) name the facility by its {} alone ({})",
            checks,
            identity.name(),
            identity.field()
        ),
        format!(
            "健診の資格確認 {} 件が、施設をその{}だけで名乗った ({})",
            checks,
            identity.name(),
            identity.field()
        ),
    )
    .message("svc/care-identity-alone")
    .count("checks", checks)
    .code("field", identity.field())
}

/// `SVC-kenshin-eligibility-only`: not a 特定健診 setting.
pub(in crate::svc) fn not_kenshin() -> Reason {
    Reason::new("not a 特定健診 setting", "特定健診の利用場面ではない")
        .message("svc/care-not-kenshin")
}

/// `SVC-kenshin-eligibility-only`: `x` is no 健診 check.
pub(in crate::svc) fn not_kenshin_check(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} is not a 資格確認限定型 check for 特定健診 (no purpose kenshin)",
            x.describe()
        ),
        format!(
            "{} は特定健診の資格確認限定型の資格確認ではない (purpose kenshin がない)",
            x.describe_ja()
        ),
    )
    .message("svc/care-not-kenshin-check")
    .cite(x)
}

/// `SVC-kenshin-eligibility-only`: `x` asks for medical information.
pub(in crate::svc) fn medical_requested(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("{} requests medical information", x.describe()),
        format!("{} が医療情報を求めている", x.describe_ja()),
    )
    .message("svc/care-medical-requested")
    .cite(x)
}

/// `SVC-kenshin-eligibility-only`: the result is `outcome` and no fallback was offered.
pub(in crate::svc) fn kenshin_no_fallback(outcome: &str) -> Reason {
    Reason::new(
        format!(
            "the result is {} but no fallback line (資格確認書, 受診券 with マイナポータル) \
                     told the staff what to do instead",
            outcome
        ),
        format!(
            "結果が {} なのに、代わりの手段 (資格確認書、受診券とマイナポータル) を職員に\
                     案内する fallback 行がなかった",
            outcome
        ),
    )
    .message("svc/care-kenshin-no-fallback")
    .code("outcome", outcome)
}

/// `SVC-kenshin-eligibility-only`: `checks` checks, nothing medical (`confirmed`, or the
/// fallback offered).
pub(in crate::svc) fn eligibility_only(checks: usize, confirmed: bool) -> Reason {
    Reason::new(
        format!(
            "{} 資格確認限定型 check(s), no medical information asked or shown{}",
            checks,
            if confirmed {
                ""
            } else {
                "; the fallback was offered"
            }
        ),
        format!(
            "資格確認限定型の資格確認 {} 件、医療情報を求めも表示もしなかった{}",
            checks,
            if confirmed {
                ""
            } else {
                "; fallback を案内した"
            }
        ),
    )
    .message("svc/care-eligibility-only")
    .count("checks", checks)
}

/// `SVC-network-loss-honest`: not the bus-kenshin setting.
pub(in crate::svc) fn not_bus_kenshin() -> Reason {
    Reason::new(
        "not the bus-kenshin setting",
        "bus-kenshin の利用場面ではない",
    )
    .message("svc/care-not-bus-kenshin")
}

/// `SVC-network-loss-honest`: no answer lost.
pub(in crate::svc) fn nothing_lost() -> Reason {
    Reason::new("no request lost its answer", "応答を失ったリクエストがない")
        .message("svc/care-nothing-lost")
}

/// `SVC-network-loss-honest`: `x` replays the `key` of a request before the lost answer.
pub(in crate::svc) fn replayed(x: &Exchange<'_>, key: &str, lost: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} re-sends the {key} of a request before the lost answer of {}",
            x.describe(),
            lost.describe()
        ),
        format!(
            "{} が、{} の応答が失われる前のリクエストの {key} を再送している",
            x.describe_ja(),
            lost.describe_ja()
        ),
    )
    .message("svc/care-replayed")
    .cite(x)
    .code("key", key)
    .cite(lost)
}

/// `SVC-network-loss-honest`: a later check succeeded.
pub(in crate::svc) fn recovered(lost: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the answer of {} was lost; a later check with a fresh challenge succeeded",
            lost.describe()
        ),
        format!(
            "{} の応答が失われた; 後の新しい challenge による資格確認が成功した",
            lost.describe_ja()
        ),
    )
    .message("svc/care-recovered")
    .cite(lost)
}

/// `SVC-network-loss-honest`: a qualification (`outcome`) nobody answered.
pub(in crate::svc) fn unanswered_result(outcome: &str, lost: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the result is {} although no card check was answered after the lost answer of {}",
            outcome,
            lost.describe()
        ),
        format!(
            "{} の応答が失われた後に資格確認の応答がないのに、結果が {}",
            lost.describe_ja(),
            outcome
        ),
    )
    .message("svc/care-unanswered-result")
    .code("outcome", outcome)
    .cite(lost)
}

/// `SVC-network-loss-honest`: `place` shows `name` with no check answered.
pub(in crate::svc) fn shown_unanswered(place: &Reason, name: &str) -> Reason {
    Reason::new(
        format!("{place} shows {name} although no card check was answered"),
        format!(
            "資格確認の応答がないのに、{} が {name} を表示している",
            place.ja().unwrap_or_default()
        ),
    )
    .message("svc/care-shown-unanswered")
    .quoting(place)
    .code("field", name)
}

/// `SVC-network-loss-honest`: lost, and no fallback offered.
pub(in crate::svc) fn lost_no_fallback(lost: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the answer of {} was lost and the staff were not told what to do instead (no \
             fallback line)",
            lost.describe()
        ),
        format!(
            "{} の応答が失われたのに、職員に代わりの手段が案内されなかった (fallback 行がない)",
            lost.describe_ja()
        ),
    )
    .message("svc/care-lost-no-fallback")
    .cite(lost)
}

/// `SVC-network-loss-honest`: lost, and handled honestly.
pub(in crate::svc) fn lost_honest(lost: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the answer of {} was lost: no replay, no result shown, the fallback offered",
            lost.describe()
        ),
        format!(
            "{} の応答が失われた: 再送せず、結果を表示せず、fallback を案内した",
            lost.describe_ja()
        ),
    )
    .message("svc/care-lost-honest")
    .cite(lost)
}

/// `SVC-disaster-designated`: not the disaster setting.
pub(in crate::svc) fn not_disaster() -> Reason {
    Reason::new(
        "not the disaster setting, and no 災害時 view",
        "disaster の利用場面ではなく、災害時の閲覧もない",
    )
    .message("svc/care-not-disaster")
}

/// `SVC-disaster-designated`: `x` asks for a view with no designation answered (`asked`: one
/// was asked, and answered no).
pub(in crate::svc) fn view_undesignated(x: &Exchange<'_>, asked: bool) -> Reason {
    Reason::new(
        format!(
            "{} asks for a 災害時 view without a designation answered before it ({})",
            x.describe(),
            if asked {
                "the service said not designated"
            } else {
                "no GET /v1/disaster-designation"
            }
        ),
        format!(
            "{} が、指定の確認への応答がないまま災害時の閲覧を求めている ({})",
            x.describe_ja(),
            if asked {
                "サービスは指定されていないと答えた"
            } else {
                "GET /v1/disaster-designation がない"
            }
        ),
    )
    .message("svc/care-view-undesignated")
    .cite(x)
}

/// `SVC-disaster-designated`: `x` was refused as not designated.
pub(in crate::svc) fn view_refused(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} was refused as not designated: the view was asked outside a designation",
            x.describe()
        ),
        format!(
            "{} は指定されていないとして拒否された: 指定の外で閲覧を求めた",
            x.describe_ja()
        ),
    )
    .message("svc/care-view-refused")
    .cite(x)
}

/// `SVC-disaster-designated`: `x` without the consent.
pub(in crate::svc) fn view_without_consent(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} without the patient's granted medical-information consent before it",
            x.describe()
        ),
        format!(
            "{} の前に、患者が医療情報の提供 (medical-information) に同意していない",
            x.describe_ja()
        ),
    )
    .message("svc/care-view-without-consent")
    .cite(x)
}

/// `SVC-disaster-designated`: `place` shows `name` with no view answered.
pub(in crate::svc) fn shown_without_view(place: &Reason, name: &str) -> Reason {
    Reason::new(
        format!("{place} shows {name} without an answered view"),
        format!(
            "{} が、応答のあった閲覧なしに {name} を表示している",
            place.ja().unwrap_or_default()
        ),
    )
    .message("svc/care-shown-without-view")
    .quoting(place)
    .code("field", name)
}

/// `SVC-disaster-designated`: no view asked.
pub(in crate::svc) fn no_view_asked() -> Reason {
    Reason::new("no 災害時 view was asked", "災害時の閲覧を求めなかった")
        .message("svc/care-no-view-asked")
}

/// `SVC-disaster-designated`: no view answered (the last, `x`, refused).
pub(in crate::svc) fn no_view_answered(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("no 災害時 view was answered ({} refused)", x.describe()),
        format!(
            "災害時の閲覧に応答がなかった ({} が拒否された)",
            x.describe_ja()
        ),
    )
    .message("svc/care-no-view-answered")
    .cite(x)
}

/// `SVC-disaster-designated`: no view (`what`), and cancelled.
pub(in crate::svc) fn cancelled(what: Reason) -> Reason {
    what.after(
        "cancelled (or the patient refused); ",
        "取消 (または患者が拒否); ",
    )
    .message("svc/care-cancelled")
}

/// `SVC-disaster-designated`: no view (`what`), and no fallback.
pub(in crate::svc) fn view_no_fallback(what: Reason) -> Reason {
    what.before(
        ", and no fallback line told the staff what to do instead",
        "、代わりの手段を職員に案内する fallback 行もなかった",
    )
    .message("svc/care-view-no-fallback")
}

/// `SVC-disaster-designated`: no view (`what`), the fallback offered.
pub(in crate::svc) fn view_fallback(what: Reason) -> Reason {
    what.before("; the fallback was offered", "; fallback を案内した")
        .message("svc/care-view-fallback")
}

/// `SVC-disaster-designated`: every one of the `views` was designated and consented to.
pub(in crate::svc) fn views_designated(views: usize) -> Reason {
    Reason::new(
        format!(
            "{} 災害時 view(s), each inside a designation and after the patient's consent",
            views
        ),
        format!(
            "災害時の閲覧 {} 件、いずれも指定の範囲内で、患者の同意の後",
            views
        ),
    )
    .message("svc/care-views-designated")
    .count("views", views)
}

/// `SVC-home-consent-scope`, `SVC-online-consent-per-visit`: the withdrawal confirmed at
/// `t_us` was never sent before the result (`outcome`).
pub(in crate::svc) fn withdrawal_not_sent(t_us: u64, outcome: &str) -> Reason {
    Reason::new(
        format!(
            "the staff confirmed the patient's withdrawal ({}), but no withdrawal (POST \
             /v1/care-consents/{{id}}/withdraw) was sent before the result ({})",
            at(t_us),
            outcome
        ),
        format!(
            "職員が患者の撤回を確認した ({}) のに、結果 ({}) の前に撤回 (POST \
                 /v1/care-consents/{{id}}/withdraw) を送っていない",
            at(t_us),
            outcome
        ),
    )
    .message("svc/care-withdrawal-not-sent")
    .cite(Cite::at(t_us))
    .code("outcome", outcome)
}

/// `SVC-home-consent-scope`: not a 居宅 setting (`kyotaku`, or a station's `visiting-nursing`).
pub(in crate::svc) fn not_kyotaku() -> Reason {
    Reason::new(
        "not a 居宅 setting (kyotaku or visiting-nursing)",
        "居宅の利用場面 (kyotaku・visiting-nursing) ではない",
    )
    .message("svc/care-not-kyotaku")
}

/// `SVC-home-consent-scope`: `x` withdraws a consent not withdrawn.
pub(in crate::svc) fn unasked_withdrawal(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} withdraws a consent the patient did not withdraw (no confirm \
             withdraw-consent answered yes before it)",
            x.describe()
        ),
        format!(
            "{} が、患者の撤回していない同意を撤回している (それより前に confirm \
                     withdraw-consent への「はい」がない)",
            x.describe_ja()
        ),
    )
    .message("svc/care-unasked-withdrawal")
    .cite(x)
}

/// `SVC-home-consent-scope`: `x` registers a 居宅 consent without the PIN.
pub(in crate::svc) fn home_without_pin(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("{} registers a 居宅 consent without the PIN", x.describe()),
        format!(
            "{} が暗証番号なしで居宅の同意を登録している",
            x.describe_ja()
        ),
    )
    .message("svc/care-home-without-pin")
    .cite(x)
}

/// `SVC-home-consent-scope`: `x` registers a 居宅 consent not given.
pub(in crate::svc) fn home_not_given(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} registers a 居宅 consent the patient did not give (no granted \
             qualification-check consent before it)",
            x.describe()
        ),
        format!(
            "{} が、患者の与えていない居宅の同意を登録している (それより前に \
                         qualification-check の同意がない)",
            x.describe_ja()
        ),
    )
    .message("svc/care-home-not-given")
    .cite(x)
}

/// `SVC-home-consent-scope`: `x` registers sharing 薬剤情報等 without the consent.
pub(in crate::svc) fn home_medical_not_given(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} registers sharing 薬剤情報等 without a granted medical-information consent",
            x.describe()
        ),
        format!(
            "{} が、medical-information の同意なしに薬剤情報等の提供を登録している",
            x.describe_ja()
        ),
    )
    .message("svc/care-home-medical-not-given")
    .cite(x)
}

/// `SVC-home-consent-scope`: `place` shows `name`, which no answer carried.
pub(in crate::svc) fn shown_not_carried(place: &Reason, name: &str) -> Reason {
    Reason::new(
        format!("{place} shows {name}, which no answer carried"),
        format!(
            "{} が、どの応答にもなかった {name} を表示している",
            place.ja().unwrap_or_default()
        ),
    )
    .message("svc/care-shown-not-carried")
    .quoting(place)
    .code("field", name)
}

/// `SVC-home-consent-scope`: a qualification (`outcome`) although `refusal` refused the check.
pub(in crate::svc) fn refused_yet_result(outcome: &str, refusal: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the result is {} although the check within the consent was refused \
                         ({})",
            outcome,
            refusal.describe()
        ),
        format!(
            "同意の範囲での確認が拒否された ({}) のに、結果が {}",
            refusal.describe_ja(),
            outcome
        ),
    )
    .message("svc/care-refused-yet-result")
    .code("outcome", outcome)
    .cite(refusal)
}

/// `SVC-home-consent-scope`: `place` shows `name` although `refusal` refused the check.
pub(in crate::svc) fn refused_yet_shown(
    place: &Reason,
    name: &str,
    refusal: &Exchange<'_>,
) -> Reason {
    Reason::new(
        format!(
            "{place} shows {name} although the check within the consent was refused \
                         ({})",
            refusal.describe()
        ),
        format!(
            "同意の範囲での確認が拒否された ({}) のに、{} が {name} を\
                         表示している",
            refusal.describe_ja(),
            place.ja().unwrap_or_default()
        ),
    )
    .message("svc/care-refused-yet-shown")
    .quoting(place)
    .code("field", name)
    .cite(refusal)
}

/// `SVC-home-consent-scope`: `refusal` refused the check, and no fallback.
pub(in crate::svc) fn refused_no_fallback(refusal: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the check within the consent was refused ({}) and no fallback \
                         line told the staff what to do instead",
            refusal.describe()
        ),
        format!(
            "同意の範囲での確認が拒否された ({}) のに、代わりの手段を職員に\
                         案内する fallback 行がなかった",
            refusal.describe_ja()
        ),
    )
    .message("svc/care-refused-no-fallback")
    .cite(refusal)
}

/// `SVC-home-consent-scope`: `refusal` shown as such, with the fallback.
pub(in crate::svc) fn refusal_shown(refusal: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the refusal ({}) was shown as such, with the fallback",
            refusal.describe()
        ),
        format!(
            "拒否 ({}) を拒否として表示し、fallback を案内した",
            refusal.describe_ja()
        ),
    )
    .message("svc/care-refusal-shown")
    .cite(refusal)
}

/// `SVC-home-consent-scope`: no 居宅 consent, no check.
pub(in crate::svc) fn no_home_consent() -> Reason {
    Reason::new(
        "no 居宅 consent and no check within one",
        "居宅の同意も、その範囲での確認もない",
    )
    .message("svc/care-no-home-consent")
}

/// `SVC-home-consent-scope`: `registered` consents, kept to.
pub(in crate::svc) fn home_kept(registered: usize) -> Reason {
    Reason::new(
        format!(
            "{registered} 居宅 consent(s) registered with the PIN and the patient's yes; checks \
             within the consent kept to it"
        ),
        format!(
            "居宅の同意 {registered} 件を暗証番号と患者の同意で登録した; 同意の範囲での確認は\
             その範囲を守った"
        ),
    )
    .message("svc/care-home-kept")
    .count("consents", registered)
}

/// `SVC-home-consent-scope`, `SVC-online-consent-per-visit`: the レセコン's role is judged
/// elsewhere.
pub(in crate::svc) fn receipt_computer() -> Reason {
    Reason::new(
        "the レセコン role: its same-day import is judged by XML-consent-import",
        "レセコンの役割: 当日の取込は XML-consent-import が判定する",
    )
    .message("svc/care-receipt-computer")
}

/// `SVC-online-consent-per-visit`: not the online-shinryo setting.
pub(in crate::svc) fn not_online() -> Reason {
    Reason::new(
        "not the online-shinryo setting",
        "online-shinryo の利用場面ではない",
    )
    .message("svc/care-not-online")
}

/// `SVC-online-consent-per-visit`: `x` registers a consent without the PIN or the yes.
pub(in crate::svc) fn online_not_given(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} registers a consent without the PIN or without the patient's granted \
             qualification-check consent",
            x.describe()
        ),
        format!(
            "{} が、暗証番号なしで、または患者の qualification-check の同意なしに\
                         同意を登録している",
            x.describe_ja()
        ),
    )
    .message("svc/care-online-not-given")
    .cite(x)
}

/// `SVC-online-consent-per-visit`: `x` checks without this visit's consent.
pub(in crate::svc) fn check_without_visit_consent(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} checks the visit without a consent registered for it in this visit",
            x.describe()
        ),
        format!(
            "{} が、この受診のために登録した同意なしに受診を確認している",
            x.describe_ja()
        ),
    )
    .message("svc/care-check-without-visit-consent")
    .cite(x)
}

/// `SVC-online-consent-per-visit`: a qualification (`outcome`) with no check.
pub(in crate::svc) fn online_unchecked_result(outcome: &str) -> Reason {
    Reason::new(
        format!(
            "the result is {} without a check on this visit's consent",
            outcome
        ),
        format!("この受診の同意による確認がないのに、結果が {}", outcome),
    )
    .message("svc/care-online-unchecked-result")
    .code("outcome", outcome)
}

/// `SVC-online-consent-per-visit`: nothing this visit.
pub(in crate::svc) fn nothing_this_visit() -> Reason {
    Reason::new(
        "no consent this visit, and no check",
        "この受診の同意も確認もない",
    )
    .message("svc/care-nothing-this-visit")
}

/// `SVC-online-consent-per-visit`: `checks` checks, each on this visit's consent.
pub(in crate::svc) fn per_visit(checks: usize) -> Reason {
    Reason::new(
        format!("{checks} check(s), each on the consent registered for this visit"),
        format!("確認 {checks} 件、いずれもこの受診のために登録した同意による"),
    )
    .message("svc/care-per-visit")
    .count("checks", checks)
}
