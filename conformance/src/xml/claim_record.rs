//! `XML-claim-record`: what the レセコン recorded for the visit's claim matches how the visit was
//! confirmed, by the 加算 in force on the visit's day.

use mynakit_oqs::ElementName;
use mynakit_protocol::{
    AdditionLine, ClaimAddition, ClaimFact, ClaimedAddition, ClientMessage, Due, FacilityInputs,
    Tier, VisitFacts, VisitKind,
};

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::claim::{by_card, describe, describe_ja, iso_day, unconfirmed, unconfirmed_ja};
use crate::run::folder::{own_answer, own_answer_before};
use crate::run::{at, Run};

check! {
    /// `XML-claim-record`: the claim's record of the visit is what happened.
    ClaimRecord {
        id: "XML-claim-record",
        severity: Failed,
        rule: "A レセコン that reports its claim record (claim-record) records it by the 加算 in \
               force on the visit's day (docs/rules.md): the boolean that 加算 depends on \
               (card_used from 2022-04-01, information_obtained from 2022-10-01 to 2024-11-30) \
               is true exactly when the answer its result rests on came from the patient's card \
               (a face push, ReferenceClassification 1); and the 加算 it lists as claimed \
               (claimed) is exactly the tier due by that day's table for the card's use, 初診 \
               or 再診, a 加算 already taken within its frequency, and the facility's declared \
               inputs (医療情報取得加算 from 2024-06-01, 1点 whatever was used from 2024-12-01, \
               電子的診療情報連携体制整備加算 from 2026-06-01). A tier the claimed list of an \
               earlier visit of the same run (given.earlier_visits) took is not claimed again \
               within its frequency (月1回: the same month; 3月に1回: that month and the two \
               after it): the record says already_claimed and claims none.",
        rationale: "The 加算 a visit's claim takes depends on the rules of its 診療日 and on how the \
                    patient was confirmed: 7 or 3 points (電子的保健医療情報活用加算), 2 or 4 \
                    (医療情報・システム基盤整備体制充実加算), 1 or 3 (医療情報取得加算), then one \
                    加算 by the facility's tier (電子的診療情報連携体制整備加算). A record that says \
                    the card was used when staff keyed in the insurance card, or that claims a \
                    加算 abolished before the visit's day, claims points the visit did not earn \
                    or charges the patient more: either way the claim comes back (返戻).",
        reference: "厚生労働省「「オンライン資格確認」に関する取組について」③診療報酬上の加算の\
                     取扱いの見直し（令和４年10月から施行）; 令和6年度診療報酬改定 告示 \
                     2024-03-05; 中医協 総会 第592回 (2024-07-17) 総-10別紙1; 厚生労働省\
                     「令和8年度診療報酬改定の概要」Ⅲ-3; docs/client-protocol.md#the-claim-record; \
                     docs/rules.md#claim-additions-by-the-visits-day",
        evaluate: claim_record,
    }
}

fn claim_record(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if e.result.outcome.harness_only() {
        return Verdict::NotApplicable(Reason::new(
            format!(
                "the client gave no result ({}): no claim is built",
                e.result.outcome
            ),
            format!(
                "クライアントが結果を返していない ({}): 請求は組み立てられない",
                e.result.outcome
            ),
        ));
    }
    // One record per visit: the last is the visit judged, any before it are the patient's
    // earlier visits in this run (`given.earlier_visits`), its history.
    let mut records: Vec<(usize, u64, Record)> = run
        .client_lines()
        .filter_map(|(i, t, m)| Record::of(m).map(|r| (i, t, r)))
        .collect();
    let Some((_, t_us, record)) = records.pop() else {
        return Verdict::NotApplicable(Reason::new(
            "the client reported no claim record (flow claim-record)",
            "クライアントが請求の記録 (flow claim-record) を報告していない",
        ));
    };
    let Some(answer) = own_answer(run) else {
        return Verdict::NotApplicable(Reason::new(
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
        ));
    };
    let by_card = by_card(&answer);
    let how = if by_card {
        Reason::new(
            format!("{} came from the patient's card (a face push)", answer.path),
            format!("{} は患者のカードによる (顔認証の通知)", answer.path),
        )
    } else {
        Reason::new(
            format!(
                "{} answers insurance-card data the staff keyed in",
                answer.path
            ),
            format!("{} は職員が入力した保険証の情報への回答である", answer.path),
        )
    };
    let how_ja = how.ja().unwrap_or_default().to_owned();
    let Some(day) = answer
        .fields
        .get(ElementName::QualificationConfirmationDate)
        .and_then(iso_day)
    else {
        return Verdict::NotApplicable(Reason::new(
            format!(
                "{} carries no QualificationConfirmationDate: the visit's day, which decides the \
             加算, is unknown",
                answer.path
            ),
            format!(
                "{} に QualificationConfirmationDate がない: 加算を決める受診日がわからない",
                answer.path
            ),
        ));
    };
    let addition = match ClaimAddition::in_force_on(&day) {
        Ok(Some(addition)) => addition,
        // No 加算 depended on how the patient was confirmed: a record that claims one is wrong.
        Ok(None) => {
            let before = format!(
                "the visit of {day} is before 2022-04-01: no 加算 depended on how it was confirmed"
            );
            let before_ja =
                format!("{day} の受診は 2022-04-01 より前で、確認の方法に依存する加算はなかった");
            return match record.claimed {
                Some(claimed) if !claimed.is_empty() => Verdict::Fail(Reason::new(
                    format!(
                        "claim record at {}: claims {}, but {before}",
                        at(t_us),
                        list(claimed)
                    ),
                    format!(
                        "{} の請求の記録: {} を請求しているが、{before_ja}",
                        at(t_us),
                        list_ja(claimed)
                    ),
                )),
                Some(_) => Verdict::Pass(Reason::new(
                    format!("claim record at {}: claims no 加算, as {before}", at(t_us)),
                    format!(
                        "{} の請求の記録: 加算を請求していない。{before_ja}",
                        at(t_us)
                    ),
                )),
                // The two booleans are facts of the visit whatever is due.
                None if record.card_used != by_card => Verdict::Fail(Reason::new(
                    format!(
                        "claim record at {}: card_used {}, but {how} ({before})",
                        at(t_us),
                        record.card_used
                    ),
                    format!(
                        "{} の請求の記録: card_used {} だが、{how_ja} ({before_ja})",
                        at(t_us),
                        record.card_used
                    ),
                )),
                None => Verdict::Pass(Reason::new(
                    format!(
                        "claim record at {}: card_used {}, as {how}; {before}",
                        at(t_us),
                        record.card_used
                    ),
                    format!(
                        "{} の請求の記録: card_used {} は回答と合う ({how_ja})。{before_ja}",
                        at(t_us),
                        record.card_used
                    ),
                )),
            };
        }
        Err(error) => {
            return Verdict::NotApplicable(Reason::new(
                error.to_string(),
                format!("受診日の加算の規則を決められない: {error}"),
            ))
        }
    };
    let facts = |by_card| VisitFacts {
        by_card,
        visit: record.visit,
        already_claimed: record.already_claimed,
        facility: record.facility,
    };
    let due = addition.due(&facts(by_card));
    let claim = format!(
        "{} on the visit's day {day} ({}, {}): {}{}",
        addition.name(),
        record.visit.label(),
        if by_card {
            "card used"
        } else {
            "card not used"
        },
        describe(&due),
        unconfirmed(addition)
    );
    let claim_ja = format!(
        "受診日 {day} の{} ({}、{}): {}{}",
        addition.name(),
        record.visit.label(),
        if by_card {
            "カード利用あり"
        } else {
            "カード利用なし"
        },
        describe_ja(&due),
        unconfirmed_ja(addition)
    );
    let at_t = at(t_us);
    // The boolean the 加算 depends on, where one does.
    let fact = addition.decided_by().map(|fact| {
        let recorded = match fact {
            ClaimFact::CardUsed => record.card_used,
            ClaimFact::InformationObtained => record.information_obtained,
        };
        (fact, recorded)
    });
    if let Some((fact, recorded)) = fact.filter(|(_, recorded)| *recorded != by_card) {
        return Verdict::Fail(Reason::new(
            format!(
            "claim record at {at_t}: {} {recorded}, but {how}; {claim}, and the record claims {}",
            fact.key(),
            describe(&addition.due(&facts(recorded)))
        ),
            format!(
                "{at_t} の請求の記録: {} {recorded} だが、{how_ja}。{claim_ja}。記録のとおりでは \
                 {} となる",
                fact.key(),
                describe_ja(&addition.due(&facts(recorded)))
            ),
        ));
    }
    let (booleans, booleans_ja) = match fact {
        Some((fact, recorded)) => (
            format!("{} {recorded}, as {how}", fact.key()),
            format!("{} {recorded} は回答と合う ({how_ja})", fact.key()),
        ),
        None => (
            format!("{how}, which this 加算 does not depend on"),
            format!("{how_ja} (この加算はこれに依存しない)"),
        ),
    };
    let Some(claimed) = record.claimed else {
        return Verdict::Pass(Reason::new(
            format!("claim record at {at_t}: {booleans}; {claim}"),
            format!("{at_t} の請求の記録: {booleans_ja}。{claim_ja}"),
        ));
    };
    // A tier an earlier visit of this run took is not taken again within its frequency: the
    // tiers it claims, or, said already taken, the tiers it would have been due.
    let names: Vec<&str> = if record.already_claimed {
        match addition.due(&VisitFacts {
            already_claimed: false,
            ..facts(by_card)
        }) {
            Due::Tier(t) => vec![t.name],
            Due::OneOf(ts) => ts.iter().map(|t| t.name).collect(),
            Due::Nothing(_) => Vec::new(),
        }
    } else {
        claimed.iter().map(|c| c.name.as_str()).collect()
    };
    match taken_earlier(run, &records, addition, &names, &day) {
        Some(taken) if !record.already_claimed => {
            return Verdict::Fail(Reason::new(
                format!(
                    "claim record at {at_t}: claims {}, but {taken}: already taken within its \
                 frequency, so none of it is due ({claim})",
                    list(claimed)
                ),
                format!(
                    "{at_t} の請求の記録: {} を請求しているが、{}: 算定の頻度の内ですでに\
                     算定しており、いずれも算定できない ({claim_ja})",
                    list_ja(claimed),
                    taken.ja().unwrap_or_default()
                ),
            ))
        }
        Some(taken) if claimed.is_empty() => {
            return Verdict::Pass(Reason::new(
                format!("claim record at {at_t}: already_claimed, claims no 加算, as {taken}"),
                format!(
                    "{at_t} の請求の記録: already_claimed で加算を請求していない。{}",
                    taken.ja().unwrap_or_default()
                ),
            ))
        }
        _ => {}
    }
    match judge_claimed(addition, &due, claimed) {
        Judged::Right => Verdict::Pass(Reason::new(
            format!(
                "claim record at {at_t}: {booleans}; claims {}, as due: {claim}",
                list(claimed)
            ),
            format!(
                "{at_t} の請求の記録: {booleans_ja}。算定どおり {} を請求している: {claim_ja}",
                list_ja(claimed)
            ),
        )),
        Judged::Wrong(why) => Verdict::Fail(Reason::new(
            format!(
                "claim record at {at_t}: claims {}, but {claim}{}",
                list(claimed),
                why.en()
            ),
            format!(
                "{at_t} の請求の記録: {} を請求しているが、{claim_ja}{}",
                list_ja(claimed),
                why.ja().unwrap_or_default()
            ),
        )),
        Judged::UnconfirmedPoints => Verdict::Review(Reason::new(
            format!(
            "claim record at {at_t}: claims {}, whose points differ from mynakit's unconfirmed \
             default: {claim}; check them against the 告示 and 診療行為マスター",
            list(claimed)
        ),
            format!(
                "{at_t} の請求の記録: {} を請求しているが、その点数が mynakit の未確認の既定値と\
                 異なる: {claim_ja}。告示と診療行為マスターで確かめること",
                list_ja(claimed)
            ),
        )),
    }
}

/// The record's facts, with their defaults for a two-boolean record.
struct Record<'a> {
    card_used: bool,
    information_obtained: bool,
    visit: VisitKind,
    already_claimed: bool,
    facility: Option<FacilityInputs>,
    claimed: Option<&'a [ClaimedAddition]>,
}

impl<'a> Record<'a> {
    fn of(message: &'a ClientMessage) -> Option<Record<'a>> {
        match message {
            ClientMessage::ClaimRecord {
                card_used,
                information_obtained,
                visit,
                already_claimed,
                facility,
                claimed,
            } => Some(Record {
                card_used: *card_used,
                information_obtained: *information_obtained,
                visit: visit.unwrap_or_default(),
                already_claimed: already_claimed.unwrap_or(false),
                facility: *facility,
                claimed: claimed.as_deref(),
            }),
            _ => None,
        }
    }
}

/// Which earlier visit of the run took one of the tiers `names` of `addition` within that
/// tier's frequency of a visit on `day` (`YYYY-MM-DD`), in words: an earlier record's own
/// `claimed` list, on the day of the answer it rests on (`mynakit_protocol::Frequency::covers`
/// decides). A record that lists no `claimed` says nothing of what it took.
fn taken_earlier(
    run: &Run<'_>,
    earlier: &[(usize, u64, Record<'_>)],
    addition: ClaimAddition,
    names: &[&str],
    day: &str,
) -> Option<Reason> {
    earlier.iter().rev().find_map(|(index, t, record)| {
        let on = own_answer_before(run, *index)?
            .fields
            .get(ElementName::QualificationConfirmationDate)
            .and_then(iso_day)?;
        record.claimed?.iter().find_map(|c| {
            let tier = addition
                .tiers()
                .iter()
                .find(|tier| tier.name == c.name && names.contains(&tier.name))?;
            tier.frequency.covers(&on, day).ok()?.then(|| {
                Reason::new(
                    format!(
                        "{} ({}) was claimed at the earlier visit of {on} (claim record at {})",
                        tier.name,
                        tier.frequency.label(),
                        at(*t)
                    ),
                    format!(
                        "{} ({}) は {on} の前の受診で請求済みである ({} の請求の記録)",
                        tier.name,
                        tier.frequency.label(),
                        at(*t)
                    ),
                )
            })
        })
    })
}

enum Judged {
    Right,
    Wrong(Reason),
    UnconfirmedPoints,
}

/// Whether `claimed` is what `due` says.
fn judge_claimed(addition: ClaimAddition, due: &Due, claimed: &[ClaimedAddition]) -> Judged {
    let tiers: Vec<&Tier> = match due {
        Due::Nothing(_) if claimed.is_empty() => return Judged::Right,
        Due::Nothing(_) => Vec::new(),
        Due::Tier(t) => vec![*t],
        Due::OneOf(ts) => ts.clone(),
    };
    let [one] = claimed else {
        return Judged::Wrong(if claimed.is_empty() {
            Reason::new(
                ", and the record claims none",
                "。記録はどれも請求していない",
            )
        } else {
            Reason::new(
                ", and the record claims more than one",
                "。記録は複数を請求している",
            )
        });
    };
    let code_fits = |t: &Tier| match (&one.code, t.code) {
        (Some(code), Some(due)) => code == due,
        _ => true,
    };
    if tiers
        .iter()
        .any(|t| t.name == one.name && t.points == one.points && code_fits(t))
    {
        return Judged::Right;
    }
    if !addition.confirmed() && tiers.iter().any(|t| t.name == one.name && code_fits(t)) {
        return Judged::UnconfirmedPoints;
    }
    match ClaimAddition::naming(AdditionLine::Information, &one.name) {
        Some((other, _)) if other != addition => Judged::Wrong(Reason::new(
            format!(
                ", and {} is of {} (from {}), not the rules of the visit's day",
                one.name,
                other.name(),
                other.date()
            ),
            format!(
                "。{} は {} ({} から) のもので、受診日の規則のものではない",
                one.name,
                other.name(),
                other.date()
            ),
        )),
        _ => Judged::Wrong(Reason::new("", "")),
    }
}

fn list(claimed: &[ClaimedAddition]) -> String {
    if claimed.is_empty() {
        return "no 加算".to_owned();
    }
    let each: Vec<String> = claimed
        .iter()
        .map(|c| format!("{} {}点", c.name, c.points))
        .collect();
    each.join(" + ")
}

/// [`list`] in Japanese.
fn list_ja(claimed: &[ClaimedAddition]) -> String {
    if claimed.is_empty() {
        return "加算なし".to_owned();
    }
    list(claimed)
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const PUSH: &str = "face/OQSsiquc01res_face_1_20221101090000.xml";
    const REQUEST: &str = "req/OQSsiquc01req_0001.xml";
    const ANSWER: &str = "res/OQSsiquc01res_0001.xml";

    fn record(card: bool, obtained: bool) -> String {
        format!(r#"{{"type":"claim-record","card_used":{card},"information_obtained":{obtained}}}"#)
    }

    fn by_card(day: &str) -> Tl {
        Tl::new().file(PUSH, "face-written").content(
            PUSH,
            "UTF-8",
            &[
                ("ReferenceClassification", "1"),
                ("QualificationConfirmationDate", day),
            ],
            &[],
        )
    }

    fn by_insurance_card(day: &str) -> Tl {
        Tl::new()
            .file(REQUEST, "request-read")
            .file(ANSWER, "result-written")
            .content(
                ANSWER,
                "UTF-8",
                &[
                    ("ReferenceClassification", "2"),
                    ("QualificationConfirmationDate", day),
                ],
                &[],
            )
    }

    #[test]
    fn the_fact_of_the_day_s_addition_must_match_how_the_visit_was_confirmed() {
        let r = result(Outcome::Eligible, &[]);
        // 2022-06: 電子的保健医療情報活用加算, decided by card_used.
        let tl = by_insurance_card("20220615")
            .client(&record(false, true))
            .result("eligible");
        let text = pass(&ClaimRecord, &evidence(&tl.events, &r));
        assert!(text.contains("card_used false"), "{text}");
        assert!(
            text.contains("電子的保健医療情報活用加算（初診）（診療情報等の取得が困難等） 3点"),
            "{text}"
        );
        let tl = by_insurance_card("20220615")
            .client(&record(true, true))
            .result("eligible");
        let text = fail(&ClaimRecord, &evidence(&tl.events, &r));
        assert!(
            text.contains(
                "card_used true, but res/OQSsiquc01res_0001.xml answers insurance-card data"
            ),
            "{text}"
        );
        assert!(
            text.contains("the record claims 電子的保健医療情報活用加算（初診） 7点"),
            "{text}"
        );
        // 2022-11: 医療情報・システム基盤整備体制充実加算, decided by information_obtained.
        let tl = by_card("20221101")
            .client(&record(true, true))
            .result("eligible");
        assert!(pass(&ClaimRecord, &evidence(&tl.events, &r)).contains("２（初診） 2点"));
        let tl = by_card("20221101")
            .client(&record(true, false))
            .result("eligible");
        let text = fail(&ClaimRecord, &evidence(&tl.events, &r));
        assert!(text.contains("information_obtained false"), "{text}");
        assert!(text.contains("came from the patient's card"), "{text}");
        assert!(
            text.ja()
                .unwrap()
                .contains("information_obtained false だが、face/"),
            "{text:?}"
        );
    }

    fn claims(visit: &str, extra: &str, claimed: &str) -> String {
        format!(
            r#"{{"type":"claim-record","card_used":true,"information_obtained":true,"visit":"{visit}"{extra},"claimed":[{claimed}]}}"#
        )
    }

    #[test]
    fn the_claimed_addition_is_the_tier_due_on_the_visit_s_day() {
        let r = result(Outcome::Eligible, &[]);
        let tl = |day: &str, line: &str| by_card(day).client(line).result("eligible");
        // 2024-06-01, card used, 初診: 医療情報取得加算２ 1点; the 2022-10 加算 is a FAIL.
        let right = claims(
            "first",
            "",
            r#"{"name":"医療情報取得加算２（初診）","points":1,"code":"111703270"}"#,
        );
        pass(&ClaimRecord, &evidence(&tl("20240601", &right).events, &r));
        let previous = claims(
            "first",
            "",
            r#"{"name":"医療情報・システム基盤整備体制充実加算２（初診）","points":2}"#,
        );
        let text = fail(
            &ClaimRecord,
            &evidence(&tl("20240601", &previous).events, &r),
        );
        assert!(
            text.contains(
                "is of 医療情報・システム基盤整備体制充実加算（特例終了） (from 2024-01-01)"
            ),
            "{text}"
        );
        // The day before, the same record is right.
        pass(
            &ClaimRecord,
            &evidence(&tl("20240531", &previous).events, &r),
        );
        // 2026-06-01: 電子的診療情報連携体制整備加算, by the facility's declared inputs; the
        // row is unconfirmed and says so.
        let facility = r#","facility":{"electronic_prescription":true,"record_sharing":false}"#;
        let linkage = claims(
            "first",
            facility,
            r#"{"name":"電子的診療情報連携体制整備加算２","points":9}"#,
        );
        let text = pass(
            &ClaimRecord,
            &evidence(&tl("20260601", &linkage).events, &r),
        );
        assert!(text.contains("[unconfirmed"), "{text}");
        assert!(text.ja().unwrap().contains("[未確認"), "{text:?}");
        let abolished = claims(
            "first",
            facility,
            r#"{"name":"医療情報取得加算（初診）","points":1}"#,
        );
        fail(
            &ClaimRecord,
            &evidence(&tl("20260601", &abolished).events, &r),
        );
        pass(
            &ClaimRecord,
            &evidence(&tl("20260531", &abolished).events, &r),
        );
        // Points other than the unconfirmed default: a person checks them.
        let other_points = claims(
            "first",
            facility,
            r#"{"name":"電子的診療情報連携体制整備加算２","points":10}"#,
        );
        review(
            &ClaimRecord,
            &evidence(&tl("20261101", &other_points).events, &r),
        );
        // Already taken this month: none is due, and claiming it again fails.
        let again = claims("return", r#","already_claimed":true"#, "");
        pass(&ClaimRecord, &evidence(&tl("20261101", &again).events, &r));
        let twice = claims(
            "return",
            r#","already_claimed":true"#,
            r#"{"name":"電子的診療情報連携体制整備加算（再診）","points":2}"#,
        );
        let text = fail(&ClaimRecord, &evidence(&tl("20261101", &twice).events, &r));
        assert!(
            text.ja()
                .unwrap()
                .contains("加算なし (この患者に算定の頻度の内ですでに算定している)"),
            "{text:?}"
        );
        // A two-boolean record on 2026-11-01: nothing it says is wrong.
        pass(
            &ClaimRecord,
            &evidence(&tl("20261101", &record(true, true)).events, &r),
        );
    }

    #[test]
    fn no_record_or_no_answer_is_not_judged_and_an_early_visit_only_by_its_facts() {
        let r = result(Outcome::Eligible, &[]);
        not_applicable(
            &ClaimRecord,
            &evidence(&by_card("20221101").result("eligible").events, &r),
        );
        let tl = Tl::new().client(&record(true, true)).result("eligible");
        not_applicable(&ClaimRecord, &evidence(&tl.events, &r));
        // Before 2022-04-01 no 加算 is due: the card's use is still a fact of the visit.
        let tl = by_card("20220331")
            .client(&record(false, false))
            .result("eligible");
        let text = fail(&ClaimRecord, &evidence(&tl.events, &r));
        assert!(text.contains("before 2022-04-01"), "{text}");
        assert!(text.ja().unwrap().contains("2022-04-01 より前"), "{text:?}");
        let tl = by_card("20220331")
            .client(&record(true, true))
            .result("eligible");
        pass(&ClaimRecord, &evidence(&tl.events, &r));
        let timeout = mynakit_protocol::RunResult::timeout(1000);
        let tl = by_card("20221101").client(&record(true, true));
        not_applicable(&ClaimRecord, &evidence(&tl.events, &timeout));
    }
}
