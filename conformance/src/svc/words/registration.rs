//! What the 保険証利用登録 checks say (`SVC-terms-current`, `SVC-registration-pending`,
//! `SVC-welfare-screen`, `SVC-registration-pin-mode`; `docs/conformance.md`).

use crate::reason::Reason;
use crate::run::Exchange;

/// The label of `DisqualificationDate` on the screen of a lost 医療扶助 record.
pub(in crate::svc) const DISQUALIFICATION_DATE: &str = "資格喪失日";

/// `SVC-terms-current`: no registration refused as terms outdated.
pub(in crate::svc) fn no_terms_outdated() -> Reason {
    Reason::new(
        "no registration was refused as terms outdated",
        "利用規約の改定 (terms outdated) を理由に拒否された登録がない",
    )
    .message("svc/registration-no-terms-outdated")
}

/// `SVC-terms-current`: refused (`outdated`), and nothing registered after.
pub(in crate::svc) fn nothing_after_outdated(outdated: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} was refused as terms outdated, and nothing was registered after it",
            outdated.describe()
        ),
        format!(
            "{} は利用規約の改定を理由に拒否され、その後は何も登録しなかった",
            outdated.describe_ja()
        ),
    )
    .message("svc/registration-nothing-after-outdated")
    .cite(outdated)
}

/// `SVC-terms-current`: `next` registered again without fetching the terms.
pub(in crate::svc) fn terms_not_fetched(outdated: &Exchange<'_>, next: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} was refused as terms outdated, and {} registered again without fetching the \
             revised terms",
            outdated.describe(),
            next.describe()
        ),
        format!(
            "{} が利用規約の改定を理由に拒否された後、{} が改定後の規約を取り直さずに\
                 登録し直した",
            outdated.describe_ja(),
            next.describe_ja()
        ),
    )
    .message("svc/registration-terms-not-fetched")
    .cite(outdated)
    .cite(next)
}

/// `SVC-terms-current`: `next` sent another version (`sent`) than the fetched `version`.
pub(in crate::svc) fn other_terms_version(
    next: &Exchange<'_>,
    sent: &str,
    terms: &Exchange<'_>,
    version: &str,
) -> Reason {
    Reason::new(
        format!(
            "{} sent terms_version `{sent}`, but the terms fetched after the refusal ({}) are \
             `{version}`",
            next.describe(),
            terms.describe()
        ),
        format!(
            "{} は terms_version `{sent}` を送ったが、拒否の後に取り直した規約 ({}) は \
                 `{version}`",
            next.describe_ja(),
            terms.describe_ja()
        ),
    )
    .message("svc/registration-other-terms-version")
    .cite(next)
    .code("sent", sent)
    .cite(terms)
    .code("version", version)
}

/// `SVC-terms-current`: the revised terms were not consented to.
pub(in crate::svc) fn terms_not_consented(
    next: &Exchange<'_>,
    version: &str,
    outdated: &Exchange<'_>,
) -> Reason {
    Reason::new(
        format!(
            "{} registered with the revised terms `{version}`, but the patient was not asked \
             to consent to them after {} was refused",
            next.describe(),
            outdated.describe()
        ),
        format!(
            "{} は改定後の規約 `{version}` で登録したが、{} が拒否された後に患者にその規約\
                 への同意を求めていない",
            next.describe_ja(),
            outdated.describe_ja()
        ),
    )
    .message("svc/registration-terms-not-consented")
    .cite(next)
    .code("version", version)
    .cite(outdated)
}

/// `SVC-terms-current`: fetched, consented to and sent.
pub(in crate::svc) fn terms_renewed(
    outdated: &Exchange<'_>,
    version: &str,
    terms: &Exchange<'_>,
    next: &Exchange<'_>,
) -> Reason {
    Reason::new(
        format!(
            "after {} was refused as terms outdated, the terms `{version}` were fetched ({}), \
             consented to, and sent with {}",
            outdated.describe(),
            terms.describe(),
            next.describe()
        ),
        format!(
            "{} が利用規約の改定を理由に拒否された後、規約 `{version}` を取り直し ({})、同意を\
             得て {} で送った",
            outdated.describe_ja(),
            terms.describe_ja(),
            next.describe_ja()
        ),
    )
    .message("svc/registration-terms-renewed")
    .cite(outdated)
    .code("version", version)
    .cite(terms)
    .cite(next)
}

/// `SVC-registration-pending`: no registration succeeded.
pub(in crate::svc) fn none_registered() -> Reason {
    Reason::new("no registration succeeded", "成功した登録がない")
        .message("svc/registration-none-registered")
}

/// `SVC-registration-pending`: no card check after `registered` answered not registered.
pub(in crate::svc) fn none_pending(registered: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "no card check after the registration ({}) answered not registered",
            registered.describe()
        ),
        format!(
            "登録 ({}) の後に未登録と答えた資格確認がない",
            registered.describe_ja()
        ),
    )
    .message("svc/registration-none-pending")
    .cite(registered)
}

/// `SVC-registration-pending`: `again` registered the card again.
pub(in crate::svc) fn registered_again(
    again: &Exchange<'_>,
    registered: &Exchange<'_>,
    pending: &Exchange<'_>,
) -> Reason {
    Reason::new(
        format!(
            "{} registered the card again, though {} had registered it and {} only said it \
             is not in effect yet",
            again.describe(),
            registered.describe(),
            pending.describe()
        ),
        format!(
            "{} で登録済みで、{} はまだ反映されていないと答えただけなのに、{} がカードを\
                 登録し直した",
            registered.describe_ja(),
            pending.describe_ja(),
            again.describe_ja()
        ),
    )
    .message("svc/registration-registered-again")
    .cite(again)
    .cite(registered)
    .cite(pending)
}

/// `SVC-registration-pending`: pending, but the result is `outcome`.
pub(in crate::svc) fn pending_not_registered(
    registered: &Exchange<'_>,
    pending: &Exchange<'_>,
    outcome: &str,
) -> Reason {
    Reason::new(
        format!(
            "{} registered the card and {} says it is not in effect yet, but the result is {}, \
             not registered",
            registered.describe(),
            pending.describe(),
            outcome
        ),
        format!(
            "{} でカードを登録し、{} はまだ反映されていないと答えたのに、結果が registered \
                 ではなく {}",
            registered.describe_ja(),
            pending.describe_ja(),
            outcome
        ),
    )
    .message("svc/registration-pending-not-registered")
    .cite(registered)
    .cite(pending)
    .code("outcome", outcome)
}

/// `SVC-registration-pending`: registered, not repeated.
pub(in crate::svc) fn pending_kept(registered: &Exchange<'_>, pending: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} registered the card, {} says it is not in effect yet: registered, not repeated",
            registered.describe(),
            pending.describe()
        ),
        format!(
            "{} でカードを登録し、{} はまだ反映されていないと答えた: 結果は registered で、\
             登録を繰り返していない",
            registered.describe_ja(),
            pending.describe_ja()
        ),
    )
    .message("svc/registration-pending-kept")
    .cite(registered)
    .cite(pending)
}

/// `SVC-welfare-screen`: no card check answered.
pub(in crate::svc) fn no_answer() -> Reason {
    Reason::new("no card check was answered", "資格確認に応答がない")
        .message("svc/registration-no-answer")
}

/// `SVC-welfare-screen`: `x` answered no 医療扶助 record.
pub(in crate::svc) fn no_welfare_record(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the last card check ({}) answered no 医療扶助 record",
            x.describe()
        ),
        format!(
            "最後の資格確認 ({}) の応答に医療扶助の記録がない",
            x.describe_ja()
        ),
    )
    .message("svc/registration-no-welfare-record")
    .cite(x)
}

/// `SVC-welfare-screen`: a valid record without 裏面記載情報 (another check's).
pub(in crate::svc) fn plain_welfare_record(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} answered a valid 医療扶助 record without 裏面記載情報 (SVC-medical-assistance \
             judges it)",
            x.describe()
        ),
        format!(
            "{} は裏面記載情報のない有効な医療扶助の記録を返した (判定は \
                 SVC-medical-assistance が行う)",
            x.describe_ja()
        ),
    )
    .message("svc/registration-plain-welfare-record")
    .cite(x)
}

/// `SVC-welfare-screen`: `x` answered a `lost` or valid record, with or without (`back`)
/// 裏面記載情報.
pub(in crate::svc) fn welfare_record(x: &Exchange<'_>, lost: bool, back: bool) -> Reason {
    Reason::new(
        format!(
            "{} answered a {} 医療扶助 record{}",
            x.describe(),
            if lost { "lost" } else { "valid" },
            if back { " with 裏面記載情報" } else { "" }
        ),
        format!(
            "{} は{}{}医療扶助の記録を返した",
            x.describe_ja(),
            if back {
                "裏面記載情報付きの"
            } else {
                ""
            },
            if lost {
                "資格喪失した"
            } else {
                "有効な"
            }
        ),
    )
    .message("svc/registration-welfare-record")
    .cite(x)
}

/// `SVC-welfare-screen`: the record is lost (`what`), but the result is `outcome`.
pub(in crate::svc) fn lost_not_ineligible(what: &Reason, outcome: &str) -> Reason {
    Reason::new(
        format!("{what}, but the result is {}, not ineligible", outcome),
        format!(
            "{}のに、結果が ineligible ではなく {}",
            what.ja().unwrap_or_default(),
            outcome
        ),
    )
    .message("svc/registration-lost-not-ineligible")
    .quoting(what)
    .code("outcome", outcome)
}

/// `SVC-welfare-screen`: a field's `problem`, with the field's screen `label`.
pub(in crate::svc) fn labelled(problem: Reason, label: &str) -> Reason {
    problem.before(&format!(" ({label})"), &format!(" ({label})"))
}

/// `SVC-welfare-screen`: the record (`what`) and the fields shown (`, `-joined).
pub(in crate::svc) fn welfare_shown(what: Reason, shown: &str) -> Reason {
    what.before(
        &format!(": shows {shown}"),
        &format!(": {shown} を表示している"),
    )
    .message("svc/registration-welfare-shown")
    .code("fields", shown)
}

/// `SVC-welfare-screen`: the record (`what`) on a `day` before screen E-05-A, with the
/// 裏面記載情報 `shown` (`, `-joined).
/// `first` is the run's first day of E-05-A (its own, or the day `--began` set).
pub(in crate::svc) fn back_before_e05a(
    what: Reason,
    shown: &str,
    day: &str,
    first: &str,
) -> Reason {
    what.before(
        &format!(
            ", and the client shows {shown}: on {day} the 医療扶助 screen had no 裏面記載情報 \
             (screen E-05-A shows it from {first}, 事務連絡 2025-04-15)"
        ),
        &format!(
            "。クライアントは {shown} を表示している: {day} の医療扶助の画面に裏面記載情報はない \
             (画面 E-05-A は {first} から。事務連絡 2025-04-15)"
        ),
    )
    .message("svc/registration-back-before-e05a")
    .code("fields", shown)
}

/// `SVC-welfare-screen`: the record (`what`) shown as the older screen on a `day` before
/// screen E-05-A.
pub(in crate::svc) fn older_welfare_screen(what: Reason, day: &str, first: &str) -> Reason {
    what.before(
        &format!(
            ": on {day} the older screen is right (screen E-05-A from {first}), and the client \
             shows no 裏面記載情報"
        ),
        &format!(
            ": {day} は改修前の画面が正しく (画面 E-05-A は {first} から)、クライアントは裏面記載情報を\
             表示していない"
        ),
    )
    .message("svc/registration-older-welfare-screen")
}

/// `SVC-registration-pin-mode`: `x` posted a registration in another `mode` than PIN
/// (`refused`: the service refused it for that).
pub(in crate::svc) fn registration_not_pin(
    x: &Exchange<'_>,
    mode: Option<&str>,
    refused: bool,
) -> Reason {
    Reason::new(
        format!(
            "{} posted a registration in {} mode{}: registration needs a PIN-mode proof; the \
             staff must be told to read the card again in PIN mode",
            x.describe(),
            mode.unwrap_or("an unnamed"),
            if refused {
                " (refused: PIN mode needed)"
            } else {
                ""
            }
        ),
        format!(
            "{} が{}で登録を送った{}: 登録には暗証番号モードによる証明が必要で、暗証番号\
                 モードでカードを読み直すよう職員に伝えなければならない",
            x.describe_ja(),
            mode.map_or("名前のないモード".to_owned(), |m| format!(
                " {m} モード"
            )),
            if refused {
                " (拒否: 暗証番号モードが必要)"
            } else {
                ""
            }
        ),
    )
    .message("svc/registration-not-pin")
    .cite(x)
}

/// `SVC-registration-pin-mode`: no visual or face check answered not registered.
pub(in crate::svc) fn none_unregistered() -> Reason {
    Reason::new(
        "no card check in visual or face mode answered \"not registered\"",
        "目視確認・顔認証モードで「未登録」と答えた資格確認がない",
    )
    .message("svc/registration-none-unregistered")
}

/// `SVC-registration-pin-mode`: not registered in `mode`, read again in PIN mode (`again`).
pub(in crate::svc) fn read_again_in_pin(
    unregistered: &Exchange<'_>,
    mode: &str,
    again: &Exchange<'_>,
) -> Reason {
    Reason::new(
        format!(
            "{} ({} mode) answered not registered; the card was read again in PIN mode ({})",
            unregistered.describe(),
            mode,
            again.describe()
        ),
        format!(
            "{} ({} モード) は未登録と答えた; 暗証番号モードでカードを読み直した ({})",
            unregistered.describe_ja(),
            mode,
            again.describe_ja()
        ),
    )
    .message("svc/registration-read-again-in-pin")
    .cite(unregistered)
    .cite(again)
}

/// `SVC-registration-pin-mode`: not registered in `mode`, but the result is `outcome`.
pub(in crate::svc) fn unregistered_result(
    unregistered: &Exchange<'_>,
    mode: &str,
    outcome: &str,
) -> Reason {
    Reason::new(
        format!(
            "{} ({} mode) answered not registered and nothing was registered, but the result is \
             {}, not not-registered",
            unregistered.describe(),
            mode,
            outcome
        ),
        format!(
            "{} ({} モード) は未登録と答え、何も登録しなかったのに、結果が not-registered \
                 ではなく {}",
            unregistered.describe_ja(),
            mode,
            outcome
        ),
    )
    .message("svc/registration-unregistered-result")
    .cite(unregistered)
    .code("outcome", outcome)
}

/// `SVC-registration-pin-mode`: not registered in `mode`, and the result says so.
pub(in crate::svc) fn unregistered_kept(unregistered: &Exchange<'_>, mode: &str) -> Reason {
    Reason::new(
        format!(
            "{} ({} mode) answered not registered; no registration was sent in that mode, and the \
             result is not-registered",
            unregistered.describe(),
            mode
        ),
        format!(
            "{} ({} モード) は未登録と答えた; そのモードでは登録を送らず、結果は not-registered",
            unregistered.describe_ja(),
            mode
        ),
    )
    .message("svc/registration-unregistered-kept")
    .cite(unregistered)
}
