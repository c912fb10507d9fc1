//! `XML-claim-record`: what the レセコン recorded for the visit's claim matches how the visit was
//! confirmed, by the 加算 in force on the visit's day.

use mynakit_oqs::ElementName;
use mynakit_protocol::{
    ClaimAddition, ClaimFact, ClaimedAddition, ClientMessage, Due, FacilityInputs, FeeSchedule,
    Tier, VisitFacts, VisitKind,
};

use crate::check::{Evidence, Verdict};
use crate::run::claim::{by_card, iso_day};
use crate::run::folder::{own_answer, own_answer_before};
use crate::run::Run;
use crate::xml::words::claim_record::{self as words, Claim, Taken, Visit, Wrong};

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
               after it): the record says already_claimed and claims none. A 薬局's record \
               (fee_schedule pharmacy) is judged by the 調剤 rows, which have no 初診 or 再診.",
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
        return Verdict::NotApplicable(words::no_result(&e.result.outcome));
    }
    // One record per visit: the last is the visit judged, any before it are the patient's
    // earlier visits in this run (`given.earlier_visits`), its history.
    let mut records: Vec<(usize, u64, Record)> = run
        .client_lines()
        .filter_map(|(i, t, m)| Record::of(m).map(|r| (i, t, r)))
        .collect();
    let Some((_, t_us, record)) = records.pop() else {
        return Verdict::NotApplicable(words::no_record());
    };
    let Some(answer) = own_answer(run) else {
        return Verdict::NotApplicable(words::no_answer(t_us));
    };
    // The patient's history is the person's own earlier visits: another patient of the run (a
    // household's, a month of several patients) took their own 加算 (docs/uke.md, "One
    // patient"); the same person under another insurer is still the same patient here.
    let person = answer.person_key();
    records
        .retain(|(i, _, _)| own_answer_before(run, *i).is_some_and(|a| a.person_key() == person));
    let Some(day) = answer
        .fields
        .get(ElementName::QualificationConfirmationDate)
        .and_then(iso_day)
    else {
        return Verdict::NotApplicable(words::no_day(answer.path));
    };
    let visit = Visit {
        t_us,
        answer: answer.path,
        by_card: by_card(&answer),
        day: &day,
    };
    // A 薬局's visit (`fee_schedule: pharmacy`) is judged by the 調剤 rows.
    match ClaimAddition::in_force_on_line(record.schedule.information_line(), &day) {
        Ok(Some(addition)) => judge_record(run, &records, &visit, &record, addition),
        // No 加算 depended on how the patient was confirmed: a record that claims one is wrong.
        Ok(None) => before_any_addition(&visit, &record),
        Err(error) => Verdict::NotApplicable(words::rules_unknown(&error)),
    }
}

/// A visit before 2022-04-01: no 加算 is due, the card's use is still a fact of the visit.
fn before_any_addition(visit: &Visit<'_>, record: &Record<'_>) -> Verdict {
    match record.claimed {
        Some(claimed) if !claimed.is_empty() => Verdict::Fail(words::early_claims(visit, claimed)),
        Some(_) => Verdict::Pass(words::early_claims_none(visit)),
        // The two booleans are facts of the visit whatever is due.
        None if record.card_used != visit.by_card => {
            Verdict::Fail(words::early_card_wrong(visit, record.card_used))
        }
        None => Verdict::Pass(words::early_card_right(visit, record.card_used)),
    }
}

/// The record of a visit on a day `addition` is in force: its booleans, the tiers earlier
/// visits took, what it claims.
fn judge_record(
    run: &Run<'_>,
    records: &[(usize, u64, Record<'_>)],
    visit: &Visit<'_>,
    record: &Record<'_>,
    addition: ClaimAddition,
) -> Verdict {
    let by_card = visit.by_card;
    let facts = |by_card| VisitFacts {
        by_card,
        visit: record.visit,
        already_claimed: record.already_claimed,
        facility: record.facility,
    };
    let due = addition.due(&facts(by_card));
    let claim = Claim {
        addition,
        kind: record.visit,
        due: &due,
    };
    // The boolean the 加算 depends on, where one does.
    let fact = addition.decided_by().map(|fact| {
        let recorded = match fact {
            ClaimFact::CardUsed => record.card_used,
            ClaimFact::InformationObtained => record.information_obtained,
        };
        (fact, recorded)
    });
    if let Some((fact, recorded)) = fact.filter(|(_, recorded)| *recorded != by_card) {
        let as_recorded = addition.due(&facts(recorded));
        return Verdict::Fail(words::fact_wrong(
            visit,
            &claim,
            fact,
            recorded,
            &as_recorded,
        ));
    }
    let Some(claimed) = record.claimed else {
        return Verdict::Pass(words::facts_right(visit, &claim, fact));
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
    match taken_earlier(run, records, addition, &names, visit.day) {
        Some(taken) if !record.already_claimed => {
            return Verdict::Fail(words::taken_again(visit, &claim, claimed, &taken))
        }
        Some(taken) if claimed.is_empty() => {
            return Verdict::Pass(words::already_claimed(visit, &taken))
        }
        _ => {}
    }
    match judge_claimed(addition, &due, claimed) {
        Judged::Right => Verdict::Pass(words::claimed_right(visit, &claim, fact, claimed)),
        Judged::Wrong(why) => Verdict::Fail(words::claimed_wrong(visit, &claim, claimed, &why)),
        Judged::UnconfirmedPoints => {
            Verdict::Review(words::unconfirmed_points(visit, &claim, claimed))
        }
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
    schedule: FeeSchedule,
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
                fee_schedule,
            } => Some(Record {
                card_used: *card_used,
                information_obtained: *information_obtained,
                visit: visit.unwrap_or_default(),
                already_claimed: already_claimed.unwrap_or(false),
                facility: *facility,
                claimed: claimed.as_deref(),
                schedule: fee_schedule.unwrap_or_default(),
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
) -> Option<Taken<'static>> {
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
            tier.frequency.covers(&on, day).ok()?.then(|| Taken {
                tier: tier.name,
                frequency: tier.frequency.label(),
                on: on.clone(),
                t_us: *t,
            })
        })
    })
}

enum Judged {
    Right,
    Wrong(Wrong),
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
            Wrong::None
        } else {
            Wrong::MoreThanOne
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
    match ClaimAddition::naming(addition.line(), &one.name) {
        Some((other, _)) if other != addition => Judged::Wrong(Wrong::OtherRules {
            name: one.name.clone(),
            other,
        }),
        _ => Judged::Wrong(Wrong::Plain),
    }
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
