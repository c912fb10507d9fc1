//! `XML-claim-record`: what the レセコン recorded for the visit's claim matches how the visit was
//! confirmed, by the 加算 in force on the visit's day.

use mynakit_oqs::{ElementName, ReferenceClassification};
use mynakit_protocol::{ClaimAddition, ClaimFact, ClientMessage};

use super::own_answer;
use crate::events::{at, Run};
use crate::{Evidence, Verdict};

check! {
    /// `XML-claim-record`: the claim's record of the visit is what happened.
    ClaimRecord {
        id: "XML-claim-record",
        severity: Failed,
        rule: "A レセコン that reports its claim record (claim-record) records the card as used, \
               and the information as obtained through オンライン資格確認, exactly when the answer \
               its result rests on came from the patient's card (a face push, \
               ReferenceClassification 1), for the fact the 加算 in force on the visit's day \
               depends on: card_used for 電子的保健医療情報活用加算 (from 2022-04-01), \
               information_obtained for 医療情報・システム基盤整備体制充実加算 (from 2022-10-01).",
        rationale: "The 加算 a visit's claim takes depends on whether the patient's マイナ保険証 was \
                    used: 7 or 3 points (電子的保健医療情報活用加算), then 2 or 4 points \
                    (医療情報・システム基盤整備体制充実加算, so that a patient who uses the card pays \
                    less). A record that says the card was used when staff keyed in the insurance \
                    card claims points the visit did not earn, and the reverse charges the patient \
                    more: either way the claim is wrong and comes back (返戻).",
        reference: "厚生労働省「「オンライン資格確認」に関する取組について」③診療報酬上の加算の\
                     取扱いの見直し（令和４年10月から施行）, 電子的保健医療情報活用加算 and \
                     医療情報・システム基盤整備体制充実加算; 中医協 答申 2022-08-10; \
                     docs/client-protocol.md#the-claim-record; docs/rules.md",
        evaluate: claim_record,
    }
}

fn claim_record(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if e.result.outcome.harness_only() {
        return Verdict::NotApplicable(format!(
            "the client gave no result ({}): no claim is built",
            e.result.outcome
        ));
    }
    let Some((t_us, card_used, information_obtained)) =
        run.client_lines().find_map(|(_, t, m)| match m {
            ClientMessage::ClaimRecord {
                card_used,
                information_obtained,
            } => Some((t, *card_used, *information_obtained)),
            _ => None,
        })
    else {
        return Verdict::NotApplicable(
            "the client reported no claim record (flow claim-record)".to_owned(),
        );
    };
    let Some(answer) = own_answer(run) else {
        return Verdict::NotApplicable(format!(
            "the claim record at {} rests on no answer of the terminal (no result of the \
             client's own request, no face push)",
            at(t_us)
        ));
    };
    let classification = answer
        .fields
        .get(ElementName::ReferenceClassification)
        .and_then(ReferenceClassification::from_code);
    let by_card = match classification {
        Some(c) => c == ReferenceClassification::Card,
        None => answer.path.starts_with("face/"),
    };
    let how = if by_card {
        format!("{} came from the patient's card (a face push)", answer.path)
    } else {
        format!(
            "{} answers insurance-card data the staff keyed in",
            answer.path
        )
    };
    let Some(day) = answer
        .fields
        .get(ElementName::QualificationConfirmationDate)
        .and_then(iso_day)
    else {
        return Verdict::NotApplicable(format!(
            "{} carries no QualificationConfirmationDate: the visit's day, which decides the \
             加算, is unknown",
            answer.path
        ));
    };
    let addition = match ClaimAddition::in_force_on(&day) {
        Ok(Some(addition)) => addition,
        Ok(None) => {
            return Verdict::NotApplicable(format!(
                "the visit of {day} is before 2022-04-01: no 加算 depended on how it was confirmed"
            ))
        }
        Err(error) => return Verdict::NotApplicable(error.to_string()),
    };
    let fact = addition.decided_by();
    let recorded = match fact {
        ClaimFact::CardUsed => card_used,
        ClaimFact::InformationObtained => information_obtained,
    };
    let claim = format!(
        "{} on the visit's day {day}: {}",
        addition.name(),
        addition.points(by_card)
    );
    if recorded == by_card {
        Verdict::Pass(format!(
            "claim record at {}: {} {recorded}, as {how}; {claim}",
            at(t_us),
            fact.key()
        ))
    } else {
        Verdict::Fail(format!(
            "claim record at {}: {} {recorded}, but {how}; {claim}, and the record claims {}",
            at(t_us),
            fact.key(),
            addition.points(recorded)
        ))
    }
}

/// `yyyyMMdd` as `YYYY-MM-DD`.
fn iso_day(ymd: &str) -> Option<String> {
    let ymd = ymd.trim();
    (ymd.len() == 8 && ymd.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &ymd[..4], &ymd[4..6], &ymd[6..]))
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
        assert!(text.contains("利用しない場合 ３点"), "{text}");
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
            text.contains("the record claims マイナ保険証を利用する場合 ７点"),
            "{text}"
        );
        // 2022-11: 医療情報・システム基盤整備体制充実加算, decided by information_obtained.
        let tl = by_card("20221101")
            .client(&record(true, true))
            .result("eligible");
        assert!(pass(&ClaimRecord, &evidence(&tl.events, &r)).contains("２点"));
        let tl = by_card("20221101")
            .client(&record(true, false))
            .result("eligible");
        let text = fail(&ClaimRecord, &evidence(&tl.events, &r));
        assert!(text.contains("information_obtained false"), "{text}");
        assert!(text.contains("came from the patient's card"), "{text}");
    }

    #[test]
    fn no_record_no_answer_or_an_early_visit_is_not_judged() {
        let r = result(Outcome::Eligible, &[]);
        not_applicable(
            &ClaimRecord,
            &evidence(&by_card("20221101").result("eligible").events, &r),
        );
        let tl = Tl::new().client(&record(true, true)).result("eligible");
        not_applicable(&ClaimRecord, &evidence(&tl.events, &r));
        let tl = by_card("20220331")
            .client(&record(false, false))
            .result("eligible");
        assert!(
            not_applicable(&ClaimRecord, &evidence(&tl.events, &r)).contains("before 2022-04-01")
        );
        let timeout = mynakit_protocol::RunResult::timeout(1000);
        let tl = by_card("20221101").client(&record(true, true));
        not_applicable(&ClaimRecord, &evidence(&tl.events, &timeout));
    }
}
