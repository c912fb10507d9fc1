//! What `XML-claim-record` says: whether the claim record the client reported for the visit
//! says what the answer it rests on and the 加算 of the visit's day make due.

use std::fmt::Display;

use mynakit_protocol::{
    ClaimAddition, ClaimFact, ClaimedAddition, Due, FeeSchedule, Outcome, VisitKind,
};

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::at;
use crate::run::claim::{describe, describe_ja, unconfirmed, unconfirmed_ja};

/// The client gave no result (`outcome`).
pub(in crate::xml) fn no_result(outcome: &Outcome) -> Reason {
    Reason::new(
        format!("the client gave no result ({}): no claim is built", outcome),
        format!(
            "クライアントが結果を返していない ({}): 請求は組み立てられない",
            outcome
        ),
    )
    .message("xml/claim-no-result")
    .code("outcome", outcome.to_string())
}

/// No claim record was reported.
pub(in crate::xml) fn no_record() -> Reason {
    Reason::new(
        "the client reported no claim record (flow claim-record)",
        "クライアントが請求の記録 (flow claim-record) を報告していない",
    )
    .message("xml/no-claim-record")
}

/// The claim record at `t_us` rests on no answer.
pub(in crate::xml) fn no_answer(t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the claim record at {} rests on no answer of the terminal (no result of the \
             client's own request, no face push)",
            at(t_us)
        ),
        format!(
            "{} の請求の記録が端末の回答に基づいていない (クライアント自身の要求の結果も、\
                 顔認証の通知もない)",
            at(t_us)
        ),
    )
    .message("xml/claim-no-answer")
    .cite(Cite::at(t_us))
}

/// `answer` carries no QualificationConfirmationDate.
pub(in crate::xml) fn no_day(answer: &str) -> Reason {
    Reason::new(
        format!(
            "{} carries no QualificationConfirmationDate: the visit's day, which decides the \
             加算, is unknown",
            answer
        ),
        format!(
            "{} に QualificationConfirmationDate がない: 加算を決める受診日がわからない",
            answer
        ),
    )
    .message("xml/claim-no-day")
}

/// The rules of the visit's day cannot be decided (`error`).
pub(in crate::xml) fn rules_unknown(error: &impl Display) -> Reason {
    Reason::new(
        error.to_string(),
        format!("受診日の加算の規則を決められない: {error}"),
    )
    .message("xml/claim-rules-unknown")
}

/// The record judged: reported at `t_us`, resting on `answer`, by the card or not.
pub(in crate::xml) struct Visit<'a> {
    pub(in crate::xml) t_us: u64,
    pub(in crate::xml) answer: &'a str,
    pub(in crate::xml) by_card: bool,
    pub(in crate::xml) day: &'a str,
}

impl Visit<'_> {
    /// How the answer came, in English and Japanese.
    fn how(&self) -> (String, String) {
        if self.by_card {
            (
                format!("{} came from the patient's card (a face push)", self.answer),
                format!("{} は患者のカードによる (顔認証の通知)", self.answer),
            )
        } else {
            (
                format!(
                    "{} answers insurance-card data the staff keyed in",
                    self.answer
                ),
                format!("{} は職員が入力した保険証の情報への回答である", self.answer),
            )
        }
    }

    /// A visit before any 加算 depended on the card, in English and Japanese.
    fn before(&self) -> (String, String) {
        let day = self.day;
        (
            format!(
                "the visit of {day} is before 2022-04-01: no 加算 depended on how it was confirmed"
            ),
            format!("{day} の受診は 2022-04-01 より前で、確認の方法に依存する加算はなかった"),
        )
    }

    /// A reason of this visit's: its message, the record's time, the day.
    fn said(&self, en: String, ja: String, message: &'static str) -> Reason {
        Reason::new(en, ja)
            .message(message)
            .cite(Cite::at(self.t_us))
            .day("day", self.day)
    }
}

/// The 加算 listed, in English and Japanese.
fn list(claimed: &[ClaimedAddition]) -> (String, String) {
    if claimed.is_empty() {
        return ("no 加算".to_owned(), "加算なし".to_owned());
    }
    let each: Vec<String> = claimed
        .iter()
        .map(|c| format!("{} {}点", c.name, c.points))
        .collect();
    (each.join(" + "), each.join(" + "))
}

/// Before 2022-04-01, the record claims `claimed`.
pub(in crate::xml) fn early_claims(visit: &Visit<'_>, claimed: &[ClaimedAddition]) -> Reason {
    let (before, before_ja) = visit.before();
    let (list, list_ja) = list(claimed);
    visit.said(
        format!(
            "claim record at {}: claims {}, but {before}",
            at(visit.t_us),
            list
        ),
        format!(
            "{} の請求の記録: {} を請求しているが、{before_ja}",
            at(visit.t_us),
            list_ja
        ),
        "xml/claim-early-claims",
    )
}

/// Before 2022-04-01, the record claims nothing.
pub(in crate::xml) fn early_claims_none(visit: &Visit<'_>) -> Reason {
    let (before, before_ja) = visit.before();
    visit.said(
        format!(
            "claim record at {}: claims no 加算, as {before}",
            at(visit.t_us)
        ),
        format!(
            "{} の請求の記録: 加算を請求していない。{before_ja}",
            at(visit.t_us)
        ),
        "xml/claim-early-claims-none",
    )
}

/// Before 2022-04-01, the record says `card_used`, against how the answer came.
pub(in crate::xml) fn early_card_wrong(visit: &Visit<'_>, card_used: bool) -> Reason {
    let (before, before_ja) = visit.before();
    let (how, how_ja) = visit.how();
    visit.said(
        format!(
            "claim record at {}: card_used {}, but {how} ({before})",
            at(visit.t_us),
            card_used
        ),
        format!(
            "{} の請求の記録: card_used {} だが、{how_ja} ({before_ja})",
            at(visit.t_us),
            card_used
        ),
        "xml/claim-early-card-wrong",
    )
}

/// Before 2022-04-01, the record says `card_used`, as the answer came.
pub(in crate::xml) fn early_card_right(visit: &Visit<'_>, card_used: bool) -> Reason {
    let (before, before_ja) = visit.before();
    let (how, how_ja) = visit.how();
    visit.said(
        format!(
            "claim record at {}: card_used {}, as {how}; {before}",
            at(visit.t_us),
            card_used
        ),
        format!(
            "{} の請求の記録: card_used {} は回答と合う ({how_ja})。{before_ja}",
            at(visit.t_us),
            card_used
        ),
        "xml/claim-early-card-right",
    )
}

/// What the visit's day makes due: `addition` for a visit of `kind`, `due`.
pub(in crate::xml) struct Claim<'a> {
    pub(in crate::xml) addition: ClaimAddition,
    pub(in crate::xml) kind: VisitKind,
    pub(in crate::xml) due: &'a Due,
}

impl Claim<'_> {
    /// In English and Japanese.
    fn words(&self, visit: &Visit<'_>) -> (String, String) {
        let day = visit.day;
        let addition = self.addition;
        // A 薬局's visit has no 初診 / 再診: its 加算 are the 調剤 ones.
        let kind = if addition.line().schedule() == FeeSchedule::Pharmacy {
            "調剤"
        } else {
            self.kind.label()
        };
        (
            format!(
                "{} on the visit's day {day} ({}, {}): {}{}",
                addition.name(),
                kind,
                if visit.by_card {
                    "card used"
                } else {
                    "card not used"
                },
                describe(self.due),
                unconfirmed(addition)
            ),
            format!(
                "受診日 {day} の{} ({}、{}): {}{}",
                addition.name(),
                kind,
                if visit.by_card {
                    "カード利用あり"
                } else {
                    "カード利用なし"
                },
                describe_ja(self.due),
                unconfirmed_ja(addition)
            ),
        )
    }
}

/// The record says `fact` `recorded`, against how the answer came; as recorded it would
/// claim `as_recorded`.
pub(in crate::xml) fn fact_wrong(
    visit: &Visit<'_>,
    claim: &Claim<'_>,
    fact: ClaimFact,
    recorded: bool,
    as_recorded: &Due,
) -> Reason {
    let at_t = at(visit.t_us);
    let (how, how_ja) = visit.how();
    let (claim_en, claim_ja) = claim.words(visit);
    visit
        .said(
            format!(
                "claim record at {at_t}: {} {recorded}, but {how}; {claim_en}, and the record claims {}",
                fact.key(),
                describe(as_recorded)
            ),
            format!(
                "{at_t} の請求の記録: {} {recorded} だが、{how_ja}。{claim_ja}。記録のとおりでは \
                 {} となる",
                fact.key(),
                describe_ja(as_recorded)
            ),
            "xml/claim-fact-wrong",
        )
        .code("fact", fact.key())
}

/// The record's booleans against how the answer came (`fact` and its `recorded` value, where
/// the 加算 depends on one), in English and Japanese.
fn booleans(visit: &Visit<'_>, fact: Option<(ClaimFact, bool)>) -> (String, String) {
    let (how, how_ja) = visit.how();
    match fact {
        Some((fact, recorded)) => (
            format!("{} {recorded}, as {how}", fact.key()),
            format!("{} {recorded} は回答と合う ({how_ja})", fact.key()),
        ),
        None => (
            format!("{how}, which this 加算 does not depend on"),
            format!("{how_ja} (この加算はこれに依存しない)"),
        ),
    }
}

/// The record's booleans are right (`fact`), and it lists no 加算.
pub(in crate::xml) fn facts_right(
    visit: &Visit<'_>,
    claim: &Claim<'_>,
    fact: Option<(ClaimFact, bool)>,
) -> Reason {
    let at_t = at(visit.t_us);
    let (booleans, booleans_ja) = booleans(visit, fact);
    let (claim_en, claim_ja) = claim.words(visit);
    visit.said(
        format!("claim record at {at_t}: {booleans}; {claim_en}"),
        format!("{at_t} の請求の記録: {booleans_ja}。{claim_ja}"),
        "xml/claim-facts-right",
    )
}

/// A tier an earlier visit of the run took: `tier` (`frequency`) claimed at the visit of
/// `on`, by the record at `t_us`.
pub(in crate::xml) struct Taken<'a> {
    pub(in crate::xml) tier: &'a str,
    pub(in crate::xml) frequency: &'a str,
    pub(in crate::xml) on: String,
    pub(in crate::xml) t_us: u64,
}

impl Taken<'_> {
    /// In English and Japanese.
    fn words(&self) -> (String, String) {
        (
            format!(
                "{} ({}) was claimed at the earlier visit of {} (claim record at {})",
                self.tier,
                self.frequency,
                self.on,
                at(self.t_us)
            ),
            format!(
                "{} ({}) は {} の前の受診で請求済みである ({} の請求の記録)",
                self.tier,
                self.frequency,
                self.on,
                at(self.t_us)
            ),
        )
    }
}

/// The record claims `claimed`, which `taken` took already within its frequency.
pub(in crate::xml) fn taken_again(
    visit: &Visit<'_>,
    claim: &Claim<'_>,
    claimed: &[ClaimedAddition],
    taken: &Taken<'_>,
) -> Reason {
    let at_t = at(visit.t_us);
    let (list, list_ja) = list(claimed);
    let (taken_en, taken_ja) = taken.words();
    let (claim_en, claim_ja) = claim.words(visit);
    visit
        .said(
            format!(
                "claim record at {at_t}: claims {}, but {taken_en}: already taken within its \
                 frequency, so none of it is due ({claim_en})",
                list
            ),
            format!(
                "{at_t} の請求の記録: {} を請求しているが、{}: 算定の頻度の内ですでに\
                     算定しており、いずれも算定できない ({claim_ja})",
                list_ja, taken_ja
            ),
            "xml/claim-taken-again",
        )
        .cite(Cite::at(taken.t_us))
        .day("earlier-day", taken.on.as_str())
}

/// The record says already_claimed and claims nothing, as `taken` took it.
pub(in crate::xml) fn already_claimed(visit: &Visit<'_>, taken: &Taken<'_>) -> Reason {
    let at_t = at(visit.t_us);
    let (taken_en, taken_ja) = taken.words();
    visit
        .said(
            format!("claim record at {at_t}: already_claimed, claims no 加算, as {taken_en}"),
            format!(
                "{at_t} の請求の記録: already_claimed で加算を請求していない。{}",
                taken_ja
            ),
            "xml/claim-already-claimed",
        )
        .cite(Cite::at(taken.t_us))
        .day("earlier-day", taken.on.as_str())
}

/// The record claims `claimed`, as due.
pub(in crate::xml) fn claimed_right(
    visit: &Visit<'_>,
    claim: &Claim<'_>,
    fact: Option<(ClaimFact, bool)>,
    claimed: &[ClaimedAddition],
) -> Reason {
    let at_t = at(visit.t_us);
    let (booleans, booleans_ja) = booleans(visit, fact);
    let (list, list_ja) = list(claimed);
    let (claim_en, claim_ja) = claim.words(visit);
    visit.said(
        format!(
            "claim record at {at_t}: {booleans}; claims {}, as due: {claim_en}",
            list
        ),
        format!(
            "{at_t} の請求の記録: {booleans_ja}。算定どおり {} を請求している: {claim_ja}",
            list_ja
        ),
        "xml/claim-claimed-right",
    )
}

/// Why what the record claims is wrong, beyond what is due.
pub(in crate::xml) enum Wrong {
    /// It claims none.
    None,
    /// It claims more than one.
    MoreThanOne,
    /// The one it claims, `name`, is of another 加算 (`other`).
    OtherRules { name: String, other: ClaimAddition },
    /// Nothing to add.
    Plain,
}

impl Wrong {
    /// In English and Japanese.
    fn words(&self) -> (String, String) {
        match self {
            Wrong::None => (
                ", and the record claims none".to_owned(),
                "。記録はどれも請求していない".to_owned(),
            ),
            Wrong::MoreThanOne => (
                ", and the record claims more than one".to_owned(),
                "。記録は複数を請求している".to_owned(),
            ),
            Wrong::OtherRules { name, other } => (
                format!(
                    ", and {} is of {} (from {}), not the rules of the visit's day",
                    name,
                    other.name(),
                    other.date()
                ),
                format!(
                    "。{} は {} ({} から) のもので、受診日の規則のものではない",
                    name,
                    other.name(),
                    other.date()
                ),
            ),
            Wrong::Plain => (String::new(), String::new()),
        }
    }
}

/// The record claims `claimed`, not what is due (`why`).
pub(in crate::xml) fn claimed_wrong(
    visit: &Visit<'_>,
    claim: &Claim<'_>,
    claimed: &[ClaimedAddition],
    why: &Wrong,
) -> Reason {
    let at_t = at(visit.t_us);
    let (list, list_ja) = list(claimed);
    let (why_en, why_ja) = why.words();
    let (claim_en, claim_ja) = claim.words(visit);
    visit.said(
        format!(
            "claim record at {at_t}: claims {}, but {claim_en}{}",
            list, why_en
        ),
        format!(
            "{at_t} の請求の記録: {} を請求しているが、{claim_ja}{}",
            list_ja, why_ja
        ),
        "xml/claim-claimed-wrong",
    )
}

/// The record claims `claimed`, whose points differ from the unconfirmed default.
pub(in crate::xml) fn unconfirmed_points(
    visit: &Visit<'_>,
    claim: &Claim<'_>,
    claimed: &[ClaimedAddition],
) -> Reason {
    let at_t = at(visit.t_us);
    let (list, list_ja) = list(claimed);
    let (claim_en, claim_ja) = claim.words(visit);
    visit.said(
        format!(
            "claim record at {at_t}: claims {}, whose points differ from mynakit's unconfirmed \
             default: {claim_en}; check them against the 告示 and 診療行為マスター",
            list
        ),
        format!(
            "{at_t} の請求の記録: {} を請求しているが、その点数が mynakit の未確認の既定値と\
                 異なる: {claim_ja}。告示と診療行為マスターで確かめること",
            list_ja
        ),
        "xml/claim-unconfirmed-points",
    )
}
