//! What `SVC-unregistered-flow` says (未登録: offer registration, the terms, a fresh PIN-mode
//! proof, the check again; `docs/conformance.md`).

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, Apdu, Exchange};

/// The card left the reader at `t_us`, a reason the flow stops.
pub(in crate::svc) fn card_left(t_us: u64) -> Reason {
    Reason::new(
        format!("the card left the reader at {}", at(t_us)),
        format!("{} にカードがリーダーから離れた", at(t_us)),
    )
    .message("svc/unregistered-card-left")
    .cite(Cite::at(t_us))
}

/// The card refused the signature `a`, a reason the flow stops.
pub(in crate::svc) fn signature_refused(a: &Apdu<'_>) -> Reason {
    let said = Reason::new(
        format!(
            "the card refused the signature ({}, {})",
            a.place(),
            a.sw_text()
        ),
        format!("カードが署名を拒否した ({}, {})", a.place(), a.sw_text()),
    )
    .message("svc/unregistered-signature-refused")
    .cite(a);
    match a.sw {
        Some(sw) => said.code("sw", sw.to_string()),
        None => said,
    }
}

/// The request `x` failed (`why`), a reason the flow stops.
pub(in crate::svc) fn request_failed(x: &Exchange<'_>, why: &str) -> Reason {
    Reason::new(
        format!("{} failed ({why})", x.describe()),
        format!(
            "{} が失敗した ({})",
            x.describe_ja(),
            x.failure_ja().unwrap_or_default()
        ),
    )
    .message("svc/unregistered-request-failed")
    .cite(x)
    .code("status", x.status.to_string())
}

/// `r` registered a card no check reported unregistered.
pub(in crate::svc) fn registered_unreported(r: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} registered a card the service never reported as unregistered",
            r.describe()
        ),
        format!(
            "{} が、サービスが未登録と答えていないカードを登録した",
            r.describe_ja()
        ),
    )
    .message("svc/unregistered-registered-unreported")
    .cite(r)
}

/// No card check answered not registered.
pub(in crate::svc) fn none_unregistered() -> Reason {
    Reason::new(
        "no card check answered \"not registered\"",
        "「未登録」と答えた資格確認がない",
    )
    .message("svc/unregistered-none")
}

/// `r` registered before the check `n_x` said unregistered.
pub(in crate::svc) fn registered_before(r: &Exchange<'_>, n_x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} registered the card before the service reported it unregistered ({})",
            r.describe(),
            n_x.describe()
        ),
        format!(
            "{} が、サービスが未登録と答える ({}) 前にカードを登録した",
            r.describe_ja(),
            n_x.describe_ja()
        ),
    )
    .message("svc/unregistered-registered-before")
    .cite(r)
    .cite(n_x)
}

/// No new card signature between `from_us` and the registration `r`.
pub(in crate::svc) fn no_fresh_signature(from_us: u64, r: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "no new card signature between {} and {}: registration needs a fresh PIN-mode \
             proof",
            at(from_us),
            r.describe()
        ),
        format!(
            "{} から {} までの間にカードの新しい署名がない: 登録には暗証番号モードによる\
                 新しい証明が必要",
            at(from_us),
            r.describe_ja()
        ),
    )
    .message("svc/unregistered-no-fresh-signature")
    .cite(Cite::at(from_us))
    .cite(r)
}

/// The registration `r` was refused.
pub(in crate::svc) fn registration_refused(r: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("{} was refused by the service", r.describe()),
        format!("{} はサービスに拒否された", r.describe_ja()),
    )
    .message("svc/unregistered-registration-refused")
    .cite(r)
}

/// Registered (`r`), and checked again (`again`).
pub(in crate::svc) fn checked_again(r: &Exchange<'_>, again: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "registered ({}), eligibility checked again ({})",
            r.describe(),
            again.describe()
        ),
        format!(
            "登録し ({})、資格を確認し直した ({})",
            r.describe_ja(),
            again.describe_ja()
        ),
    )
    .message("svc/unregistered-checked-again")
    .cite(r)
    .cite(again)
}

/// Registered (`r`), then stopped for `why`, and the result (`outcome`) said so.
pub(in crate::svc) fn stopped_after_registration(
    r: &Exchange<'_>,
    why: &Reason,
    outcome: &str,
) -> Reason {
    Reason::new(
        format!(
            "registered ({}); then {why}, so eligibility could not be checked again, and \
             the client said so ({})",
            r.describe(),
            outcome
        ),
        format!(
            "登録した ({}); その後 {}ため資格を確認し直せず、クライアントはそれを伝えた \
                 ({})",
            r.describe_ja(),
            why.ja().unwrap_or_default(),
            outcome
        ),
    )
    .message("svc/unregistered-stopped-after-registration")
    .cite(r)
    .quoting(why)
    .code("outcome", outcome)
}

/// Registered (`r`), never checked again.
pub(in crate::svc) fn not_checked_again(r: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} registered the card, but the client never checked eligibility again",
            r.describe()
        ),
        format!(
            "{} でカードを登録したが、クライアントは資格を確認し直さなかった",
            r.describe_ja()
        ),
    )
    .message("svc/unregistered-not-checked-again")
    .cite(r)
}

/// Manual mode: nothing registered after `n_x`.
pub(in crate::svc) fn manual_nothing_registered(n_x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "manual mode: {} answered not registered and nothing was registered; check on \
             the screen that registration was offered",
            n_x.describe()
        ),
        format!(
            "手動モード: {} は未登録と答え、何も登録されなかった; 登録を提案したことを\
                 画面で確認すること",
            n_x.describe_ja()
        ),
    )
    .message("svc/unregistered-manual-nothing-registered")
    .cite(n_x)
}

/// Manual mode: what was `done`, for a person to check the consent on the screen.
pub(in crate::svc) fn manual_review(done: Reason) -> Reason {
    done.after("manual mode: ", "手動モード: ")
        .before(
            "; check on the screen that the patient consented to the terms before the card \
             was read",
            "; カードを読む前に患者が利用規約に同意したことを画面で確認すること",
        )
        .message("svc/unregistered-manual-review")
}

/// `n_x` said unregistered, and registration was never offered.
pub(in crate::svc) fn not_offered(n_x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} answered not registered, but the client never offered registration (no confirm \
             ask with topic register)",
            n_x.describe()
        ),
        format!(
            "{} は未登録と答えたが、クライアントは登録を提案しなかった (topic register の \
                 confirm がない)",
            n_x.describe_ja()
        ),
    )
    .message("svc/unregistered-not-offered")
    .cite(n_x)
}

/// Declined at `c_t_us`, yet `r` registered.
pub(in crate::svc) fn declined_yet_registered(c_t_us: u64, r: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the operator declined registration ({}), yet {} registered the card",
            at(c_t_us),
            r.describe()
        ),
        format!(
            "操作者が登録を断った ({}) のに、{} がカードを登録した",
            at(c_t_us),
            r.describe_ja()
        ),
    )
    .message("svc/unregistered-declined-yet-registered")
    .cite(Cite::at(c_t_us))
    .cite(r)
}

/// Offered and declined; nothing registered.
pub(in crate::svc) fn declined(n_x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} answered not registered; registration was offered and declined, and nothing was \
             registered",
            n_x.describe()
        ),
        format!(
            "{} は未登録と答えた; 登録を提案して断られ、何も登録しなかった",
            n_x.describe_ja()
        ),
    )
    .message("svc/unregistered-declined")
    .cite(n_x)
}

/// `r` registered after a check in another `mode` than PIN (`n_x`).
pub(in crate::svc) fn registered_in_mode(
    r: &Exchange<'_>,
    n_x: &Exchange<'_>,
    mode: &str,
) -> Reason {
    Reason::new(
        format!(
            "{} posted a registration although {} was a {} mode check: registration needs \
             the card read again in PIN mode",
            r.describe(),
            n_x.describe(),
            mode
        ),
        format!(
            "{} は {} モードの資格確認なのに、{} が登録を送った: 登録には暗証番号モードで\
                 カードを読み直す必要がある",
            n_x.describe_ja(),
            mode,
            r.describe_ja()
        ),
    )
    .message("svc/unregistered-registered-in-mode")
    .cite(r)
    .cite(n_x)
    .code("mode", mode)
}

/// Accepted after a check in `mode`: to be done in PIN mode.
pub(in crate::svc) fn deferred_to_pin(n_x: &Exchange<'_>, mode: &str) -> Reason {
    Reason::new(
        format!(
            "{} ({} mode) answered not registered; registration was offered and accepted, to be \
             done after reading the card again in PIN mode; nothing was registered in this mode",
            n_x.describe(),
            mode
        ),
        format!(
            "{} ({} モード) は未登録と答えた; 登録を提案して承諾され、暗証番号モードでカードを\
                 読み直してから行う; このモードでは何も登録しなかった",
            n_x.describe_ja(),
            mode
        ),
    )
    .message("svc/unregistered-deferred-to-pin")
    .cite(n_x)
    .code("mode", mode)
}

/// `r` registered without the consent being asked.
pub(in crate::svc) fn registered_without_consent(r: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} registered the card without asking the patient's consent to the terms",
            r.describe()
        ),
        format!(
            "{} が、患者に利用規約への同意を求めずにカードを登録した",
            r.describe_ja()
        ),
    )
    .message("svc/unregistered-registered-without-consent")
    .cite(r)
}

/// Chosen to register at `c_t_us`, and the consent never asked.
pub(in crate::svc) fn consent_not_asked(c_t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the operator chose to register ({}), but the client never asked consent to \
             the terms",
            at(c_t_us)
        ),
        format!(
            "操作者が登録を選んだ ({}) が、クライアントは利用規約への同意を求めなかった",
            at(c_t_us)
        ),
    )
    .message("svc/unregistered-consent-not-asked")
    .cite(Cite::at(c_t_us))
}

/// `r` posted before the answer to the terms at `k_t_us`.
pub(in crate::svc) fn posted_before_terms(r: &Exchange<'_>, k_t_us: u64) -> Reason {
    Reason::new(
        format!(
            "{} was posted before the patient answered the terms ({})",
            r.describe(),
            at(k_t_us)
        ),
        format!(
            "患者が利用規約に答える ({}) 前に {} が送られた",
            at(k_t_us),
            r.describe_ja()
        ),
    )
    .message("svc/unregistered-posted-before-terms")
    .cite(r)
    .cite(Cite::at(k_t_us))
}

/// The terms refused at `k_t_us`, yet `r` registered.
pub(in crate::svc) fn refused_yet_registered(k_t_us: u64, r: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "the patient refused the terms ({}), yet {} registered the card",
            at(k_t_us),
            r.describe()
        ),
        format!(
            "患者が利用規約を拒否した ({}) のに、{} がカードを登録した",
            at(k_t_us),
            r.describe_ja()
        ),
    )
    .message("svc/unregistered-refused-yet-registered")
    .cite(Cite::at(k_t_us))
    .cite(r)
}

/// Offered, the terms refused; nothing registered.
pub(in crate::svc) fn terms_refused(n_x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} answered not registered; registration was offered, the patient refused the terms, \
             and nothing was registered",
            n_x.describe()
        ),
        format!(
            "{} は未登録と答えた; 登録を提案したが患者が利用規約を拒否し、何も登録しなかった",
            n_x.describe_ja()
        ),
    )
    .message("svc/unregistered-terms-refused")
    .cite(n_x)
}

/// Consented at `k_t_us`, then stopped for `why`, and the result (`outcome`) said so.
pub(in crate::svc) fn stopped_after_consent(k_t_us: u64, why: &Reason, outcome: &str) -> Reason {
    Reason::new(
        format!(
            "the patient consented to the terms ({}); then {why}, so nothing could be \
             registered, and the client said so ({})",
            at(k_t_us),
            outcome
        ),
        format!(
            "患者が利用規約に同意した ({}); その後 {}ため何も登録できず、クライアントは\
                 それを伝えた ({})",
            at(k_t_us),
            why.ja().unwrap_or_default(),
            outcome
        ),
    )
    .message("svc/unregistered-stopped-after-consent")
    .cite(Cite::at(k_t_us))
    .quoting(why)
    .code("outcome", outcome)
}

/// Consented at `k_t_us`, and no registration posted.
pub(in crate::svc) fn not_posted(k_t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the patient consented to the terms ({}), but no registration was posted",
            at(k_t_us)
        ),
        format!(
            "患者が利用規約に同意した ({}) のに、登録が送られなかった",
            at(k_t_us)
        ),
    )
    .message("svc/unregistered-not-posted")
    .cite(Cite::at(k_t_us))
}

/// `r` sent another terms version (`sent`) than the one shown (`shown`).
pub(in crate::svc) fn other_terms(r: &Exchange<'_>, sent: &str, shown: &str) -> Reason {
    Reason::new(
        format!(
            "{} registered with terms_version {sent}, but the patient was shown {shown}",
            r.describe()
        ),
        format!(
            "{} は terms_version {sent} で登録したが、患者に示したのは {shown}",
            r.describe_ja()
        ),
    )
    .message("svc/unregistered-other-terms")
    .cite(r)
    .code("sent", sent)
    .code("shown", shown)
}

/// `r` does not carry the consent given.
pub(in crate::svc) fn no_consent_flag(r: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} does not carry consent: true although the patient consented",
            r.describe()
        ),
        format!(
            "患者が同意したのに、{} に consent: true がない",
            r.describe_ja()
        ),
    )
    .message("svc/unregistered-no-consent-flag")
    .cite(r)
}

/// The whole flow: offered, accepted, consented to `version` at `k_t_us`, signed again, `done`.
pub(in crate::svc) fn flow_done(
    n_x: &Exchange<'_>,
    version: Option<&str>,
    k_t_us: u64,
    done: &Reason,
) -> Reason {
    Reason::new(
        format!(
            "{} answered not registered; registration offered and accepted, consent to terms {} \
             ({}), the card signed again, {done}",
            n_x.describe(),
            version.unwrap_or("?"),
            at(k_t_us)
        ),
        format!(
            "{} は未登録と答えた; 登録を提案して承諾され、利用規約 {} に同意し ({})、カードで\
                 署名し直し、{}",
            n_x.describe_ja(),
            version.unwrap_or("?"),
            at(k_t_us),
            done.ja().unwrap_or_default()
        ),
    )
    .message("svc/unregistered-flow-done")
    .cite(n_x)
    .cite(Cite::at(k_t_us))
    .quoting(done)
}

/// `SVC-unregistered-flow` on a `day` before the app's 保険証利用登録: `r` posted a
/// registration.
pub(in crate::svc) fn registered_before_app(r: &Exchange<'_>, day: &str) -> Reason {
    let first = mynakit_protocol::Began::AppRegistration.first_day();
    Reason::new(
        format!(
            "{} posted a registration on {day}, when the app had no 保険証利用登録 (from {first}, \
             事務連絡 2025-04-15): the app of a later day",
            r.describe()
        ),
        format!(
            "{} が {day} に登録を送った: その日のアプリに保険証利用登録はない ({first} から。\
             事務連絡 2025-04-15)。後の日のアプリの動き",
            r.describe_ja()
        ),
    )
    .message("svc/unregistered-registered-before-app")
    .cite(r)
    .day("day", day)
    .day("first_day", first)
}

/// `SVC-unregistered-flow` on a `day` before the app's 保険証利用登録: the client offered it
/// (a `register` ask at `t_us`) after `n_x` answered not registered.
pub(in crate::svc) fn offered_before_app(n_x: &Exchange<'_>, t_us: u64, day: &str) -> Reason {
    let first = mynakit_protocol::Began::AppRegistration.first_day();
    Reason::new(
        format!(
            "{} answered not registered, and the client offered registration at {} on {day}, \
             when the app had no 保険証利用登録 (from {first}, 事務連絡 2025-04-15): the app of a \
             later day",
            n_x.describe(),
            at(t_us)
        ),
        format!(
            "{} は未登録と答え、クライアントは {day} の {} に登録を提案した: その日のアプリに\
             保険証利用登録はない ({first} から。事務連絡 2025-04-15)。後の日のアプリの動き",
            n_x.describe_ja(),
            at(t_us)
        ),
    )
    .message("svc/unregistered-offered-before-app")
    .cite(n_x)
    .cite(Cite::at(t_us))
    .day("day", day)
    .day("first_day", first)
}

/// `SVC-unregistered-flow` on a `day` before the app's 保険証利用登録: `n_x` answered not
/// registered and the client offered nothing, as the app of that day.
pub(in crate::svc) fn not_offered_before_app(n_x: &Exchange<'_>, day: &str) -> Reason {
    let first = mynakit_protocol::Began::AppRegistration.first_day();
    Reason::new(
        format!(
            "{} answered not registered; on {day} the app had no 保険証利用登録 (from {first}), \
             and the client offered none",
            n_x.describe()
        ),
        format!(
            "{} は未登録と答えた: {day} のアプリに保険証利用登録はなく ({first} から)、クライアントは\
             登録を提案していない",
            n_x.describe_ja()
        ),
    )
    .message("svc/unregistered-not-offered-before-app")
    .cite(n_x)
    .day("day", day)
    .day("first_day", first)
}
