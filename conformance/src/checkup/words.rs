//! What the 健診 rules shared by `SVC-` and `XML-` checks say (`crate::checkup`), in English and
//! Japanese side by side: one function per thing said, each returning a [`Reason`] that carries
//! its facts (`docs/reports.md`, "Findings as data").

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::at;

/// `reason` citing, after its own, the places `inner` cites.
fn quoting(reason: Reason, inner: &Reason) -> Reason {
    reason.citing(inner.facts().cites.iter().copied())
}

/// Line `line` (from 1) at `t_us` asks for the `topic` consent, of no use at a 健診.
pub(crate) fn consent_at_checkup(line: usize, t_us: u64, topic: &str) -> Reason {
    Reason::new(
        format!(
            "line {line} ({}) asks for the {topic} consent, which a 健診 has no use for",
            at(t_us),
        ),
        format!(
            "{line} 行目 ({}) が、健診では不要な {topic} の同意を求めている",
            at(t_us),
        ),
    )
    .message("checkup/consent-at-checkup")
    .code("topic", topic)
    .cite(Cite::at(t_us))
}

/// `place` (where the client showed it) shows the medical element `name`.
pub(crate) fn medical_shown(name: &str, place: &Reason) -> Reason {
    let said = Reason::new(
        format!("{place} shows {name}: health or medical information at a 健診"),
        format!(
            "{} が {name} を表示している: 健診で健康・医療の情報を示した",
            place.ja().unwrap_or(place.en())
        ),
    )
    .message("checkup/medical-shown")
    .code("element", name);
    quoting(said, place)
}

/// The first card check `x` with no purpose asked.
pub(crate) fn purpose_unasked(x: &Reason) -> Reason {
    let x_ja = x.ja().unwrap_or(x.en());
    let said = Reason::new(
        format!(
            "{x} checks the card online, but the staff were never asked what the check is for \
             (no confirm checkup-purpose answered)"
        ),
        format!(
            "{x_ja} がカードをオンラインで確認したが、職員に確認の目的を尋ねていない (confirm \
             checkup-purpose への回答がない)"
        ),
    )
    .message("checkup/purpose-unasked");
    quoting(said, x)
}

/// The first card check `x` came before the purpose.
pub(crate) fn checked_before_purpose(x: &Reason) -> Reason {
    let x_ja = x.ja().unwrap_or(x.en());
    let said = Reason::new(
        format!("{x} checks the card online before the staff said what the check is for"),
        format!("職員が確認の目的を答える前に、{x_ja} がカードをオンラインで確認した"),
    )
    .message("checkup/checked-before-purpose");
    quoting(said, x)
}

/// The staff said identity only, yet `x` checked the card online.
pub(crate) fn identity_only_but_checked(x: &Reason) -> Reason {
    let x_ja = x.ja().unwrap_or(x.en());
    let said = Reason::new(
        format!(
            "the staff answered that the check is for identity only, yet {x} checks the card \
             online"
        ),
        format!("職員は本人確認のためだけと答えたのに、{x_ja} がカードをオンラインで確認した"),
    )
    .message("checkup/identity-only-but-checked");
    quoting(said, x)
}

/// The staff said insurer before the card was checked.
pub(crate) fn purpose_insurer() -> Reason {
    Reason::new(
        "the staff said the check is for the insurer before the card was checked online",
        "カードをオンラインで確認する前に、職員が保険者の確認のためと答えた",
    )
    .message("checkup/purpose-insurer")
}

/// No card check was sent.
pub(crate) fn no_card_check() -> Reason {
    Reason::new("no card check was sent", "カードの確認は送られていない")
        .message("checkup/no-card-check")
}

/// Identity only, no card check, yet the result is the qualification `outcome`.
pub(crate) fn identity_only_with_result(outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "the check was for identity only and no card check was sent, yet the result is {outcome}",
        ),
        format!("本人確認のためだけでカードの確認も送られていないのに、結果が {outcome} である",),
    )
    .message("checkup/identity-only-with-result")
    .code("outcome", outcome.as_str())
}

/// Identity only, with no `identity-by-card` fallback offered.
pub(crate) fn identity_without_fallback() -> Reason {
    Reason::new(
        "identity only: no card check was sent, but no `fallback` line offering \
         `identity-by-card` told the staff to confirm identity with the card itself",
        "本人確認のみ: カードの確認は送られていないが、`identity-by-card` を示す `fallback` \
         行で、カードそのもので本人確認するよう職員に伝えていない",
    )
    .message("checkup/identity-without-fallback")
}

/// Identity only, the staff told to confirm it with the card.
pub(crate) fn identity_by_card() -> Reason {
    Reason::new(
        "identity only: no online check, and the staff were told to confirm identity with the \
         card itself",
        "本人確認のみ: オンライン確認はせず、カードそのもので本人確認するよう職員に伝えた",
    )
    .message("checkup/identity-by-card")
}
