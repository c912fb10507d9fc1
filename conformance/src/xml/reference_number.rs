//! `XML-reference-number`: a 照会番号 keyed in at the counter is registered for the patient at
//! the counter, and what the screen says about it is what the terminal answered
//! (`docs/client-protocol.md`, "照会番号 registration"; `docs/terminal.md`).

use mynakit_oqs::{ElementName, MessageKind, ProcessingResultStatus, SegmentOfResult};
use mynakit_protocol::{HarnessMessage, InsuranceCardData};
use mynakit_timeline::content_value;

use crate::run::folder::{answer_path, content, shown, written_requests};

mod bulk;
use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};
use crate::xml::words::{common, reference_number as words};

check! {
    /// `XML-reference-number`: the 照会番号 registration names the patient's own number and card,
    /// and its answer is shown.
    ReferenceNumber {
        id: "XML-reference-number",
        severity: Failed,
        rule: "When the staff key in a 照会番号 with the insurance card (flow reference-number), \
               the client writes one OQSsiimm01 request whose ReferenceNumberRegistrationInfo \
               names that number and that card's InsuredIdentificationNumber, reads its answer, \
               and shows it: a registration (ProcessingResultStatus 1) with the number as \
               ReferenceNumber, a refusal with its ProcessingResultCode (or ErrorCode) and no \
               ReferenceNumber. With several cards at once (mode bulk), each keyed number is \
               registered for its own card (a ReferenceNumberRegistrationInfo of an OQSmuimm01 \
               upload, or OQSsiimm01), its outcome read (the OQSmuimm02 download's final unit) \
               and shown the same way.",
        rationale: "The 照会番号 is how a clinic's later results (face pushes included) name the \
                    patient in its own records: the My Number card used as the 診察券. A number \
                    registered against another card files the next visit under the wrong patient; \
                    a refusal shown as a registration leaves the clinic sure the card works as a \
                    診察券 when the terminal knows no such number, and nothing at the counter says \
                    so until a later result arrives without it.",
        reference: "ReceptionAgent 単患者照会番号登録仕様 (OQSsiimm01, ReferenceNumberRegistrationInfo); \
                     OQS 外部インターフェイス仕様書 message names OQSmuimm01/02 (一括照会番号登録); \
                     sanox.org オンライン資格確認 導入記 road18, road26; docs/client-protocol.md; \
                     docs/terminal.md",
        evaluate: reference_number,
    }
}

/// Whether the request at `path` is a 照会番号 registration.
fn is_registration(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_prefix(MessageKind::ReferenceRegistration.prefix())
        .is_some_and(|rest| rest.starts_with("req"))
}

/// The insurance card the staff keyed in with a 照会番号: when, the card, the number (trimmed).
fn keyed<'a>(run: &'a Run<'_>) -> Option<(u64, &'a InsuranceCardData, &'a str)> {
    run.steps.iter().find_map(|s| match s {
        Step::Operator {
            t_us,
            message: HarnessMessage::InsuranceCard { card, .. },
        } => card
            .reference_number
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| (*t_us, card, n)),
        _ => None,
    })
}

/// The insurance cards the staff keyed in at once (mode `bulk`) with a 照会番号: when, and each
/// such card's position, card and number (trimmed); `None` when no card of a bulk ask has one.
#[allow(clippy::type_complexity)]
fn keyed_in_bulk<'a>(
    run: &'a Run<'_>,
) -> Option<(u64, Vec<(usize, &'a InsuranceCardData, &'a str)>)> {
    run.steps.iter().find_map(|s| match s {
        Step::Operator {
            t_us,
            message: HarnessMessage::InsuranceCards { cards, .. },
        } => {
            let keyed: Vec<_> = cards
                .iter()
                .enumerate()
                .filter_map(|(n, card)| {
                    card.reference_number
                        .as_deref()
                        .map(str::trim)
                        .filter(|number| !number.is_empty())
                        .map(|number| (n, card, number))
                })
                .collect();
            (!keyed.is_empty()).then_some((*t_us, keyed))
        }
        _ => None,
    })
}

fn reference_number(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if e.result.outcome.harness_only() {
        return Verdict::NotApplicable(common::no_result(&e.result.outcome));
    }
    if let Some((t_keyed, cards)) = keyed_in_bulk(run) {
        return bulk::judge(e, run, t_keyed, &cards);
    }
    let Some((t_keyed, card, number)) = keyed(run) else {
        return Verdict::NotApplicable(words::none_keyed());
    };
    let Some((i, request, t)) = written_requests(run)
        .into_iter()
        .find(|(_, path, _)| is_registration(path))
    else {
        return Verdict::Fail(words::no_registration(t_keyed));
    };
    let Some(sent) = content(run, request, i) else {
        return Verdict::NotApplicable(words::no_content(request, t));
    };
    let own_number = content_value(ElementName::ReferenceNumber, number);
    let held = sent.fields.get(ElementName::ReferenceNumber);
    if held != Some(own_number.as_str()) {
        return Verdict::Fail(words::other_number(request, t, t_keyed, held, &own_number));
    }
    let own_card = content_value(
        ElementName::InsuredIdentificationNumber,
        card.insured_identification_number.trim(),
    );
    if sent.fields.get(ElementName::InsuredIdentificationNumber) != Some(own_card.as_str()) {
        return Verdict::Fail(words::other_card(request, t, t_keyed));
    }
    let answer_at = answer_path(request);
    let screen = shown(e.result, run);
    let shown_number = screen.get(ElementName::ReferenceNumber.as_str()).copied();
    let Some(answer) = content(run, &answer_at, i) else {
        return match shown_number {
            Some(_) => Verdict::Fail(words::shown_unanswered(request, &answer_at)),
            None => Verdict::NotApplicable(words::unanswered(request, &answer_at)),
        };
    };
    let registered = answer
        .fields
        .get(ElementName::SegmentOfResult)
        .and_then(SegmentOfResult::from_code)
        == Some(SegmentOfResult::Normal)
        && answer
            .fields
            .get(ElementName::ProcessingResultStatus)
            .and_then(ProcessingResultStatus::from_code)
            == Some(ProcessingResultStatus::Normal);
    let same =
        |shown: &str| content_value(ElementName::ReferenceNumber, shown.trim()) == own_number;
    if registered {
        return match shown_number {
            Some(v) if same(v) => {
                Verdict::Pass(words::registered_shown(request, &answer_at, answer.t_us))
            }
            Some(_) => Verdict::Fail(words::registered_other_shown(&answer_at, answer.t_us)),
            None => Verdict::Fail(words::registered_not_shown(&answer_at, answer.t_us)),
        };
    }
    let code = [ElementName::ProcessingResultCode, ElementName::ErrorCode]
        .into_iter()
        .find_map(|el| answer.fields.get(el).map(|v| (el, v)));
    let said_code = code.map(|(el, v)| (el.as_str(), v));
    if shown_number.is_some() {
        return Verdict::Fail(words::refused_number_shown(
            &answer_at,
            answer.t_us,
            said_code,
        ));
    }
    match code {
        Some((el, v)) if screen.get(el.as_str()).map(|s| s.trim()) != Some(v.trim()) => {
            Verdict::Fail(words::refusal_not_shown(
                &answer_at,
                answer.t_us,
                el.as_str(),
                v,
            ))
        }
        _ => Verdict::Pass(words::refusal_shown(
            request,
            &answer_at,
            answer.t_us,
            said_code,
        )),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const REQUEST: &str = "req/OQSsiimm01req_202611010001.xml";
    const ANSWER: &str = "res/OQSsiimm01res_202611010001.xml";

    fn keyed(number: &str) -> Tl {
        Tl::new().client(r#"{"type":"insurance-card","id":"c"}"#).operator(&format!(
            r#"{{"type":"insurance-card","id":"c","card":{{"InsurerNumber":"06139992","InsuredIdentificationNumber":"2345","Birthdate":"19850412","ReferenceNumber":"{number}"}}}}"#
        ))
    }

    fn registered(tl: Tl, number: &str, card: &str, status: &str, code: Option<&str>) -> Tl {
        let mut answer = vec![("SegmentOfResult", "1"), ("ProcessingResultStatus", status)];
        if let Some(code) = code {
            answer.push(("ProcessingResultCode", code));
        }
        tl.file(REQUEST, "request-read")
            .content(
                REQUEST,
                "UTF-8",
                &[
                    ("ReferenceNumber", number),
                    ("InsuredIdentificationNumber", card),
                ],
                &[],
            )
            .file(ANSWER, "result-written")
            .content(ANSWER, "UTF-8", &answer, &[])
    }

    #[test]
    fn a_registration_shown_with_its_number_passes() {
        let r = result(Outcome::Eligible, &[("ReferenceNumber", "P-000123")]);
        let tl = registered(keyed("P-000123"), "P-000123", "2345", "1", None).result("eligible");
        pass(&ReferenceNumber, &evidence(&tl.events, &r));
        let r = result(Outcome::Eligible, &[]);
        let text = fail(&ReferenceNumber, &evidence(&tl.events, &r));
        assert!(text.contains("never showed it"), "{text}");
    }

    #[test]
    fn another_number_or_another_card_fails() {
        let r = result(Outcome::Eligible, &[("ReferenceNumber", "P-000123")]);
        let tl = registered(keyed("P-000123"), "0000123", "2345", "1", None).result("eligible");
        let text = fail(&ReferenceNumber, &evidence(&tl.events, &r));
        assert!(text.contains("other than the 照会番号"), "{text}");
        assert!(
            text.ja().unwrap().contains("入力した照会番号と異なる"),
            "{text:?}"
        );
        let tl = registered(keyed("P-000123"), "P-000123", "9999", "1", None).result("eligible");
        let text = fail(&ReferenceNumber, &evidence(&tl.events, &r));
        assert!(text.contains("another card"), "{text}");
        let tl = keyed("P-000123").result("eligible");
        let text = fail(&ReferenceNumber, &evidence(&tl.events, &r));
        assert!(text.contains("no registration"), "{text}");
    }

    #[test]
    fn a_refusal_must_be_shown_as_one() {
        let tl =
            registered(keyed("P-1"), "P-1", "2345", "2", Some("MOCK-T521")).result("ineligible");
        let r = result(
            Outcome::Ineligible,
            &[("ProcessingResultCode", "MOCK-T521")],
        );
        assert!(pass(&ReferenceNumber, &evidence(&tl.events, &r)).contains("refused it"));
        let r = result(Outcome::Ineligible, &[("ReferenceNumber", "P-1")]);
        let text = fail(&ReferenceNumber, &evidence(&tl.events, &r));
        assert!(text.contains("as if it were registered"), "{text}");
        let r = result(Outcome::Ineligible, &[]);
        let text = fail(&ReferenceNumber, &evidence(&tl.events, &r));
        assert!(text.contains("never showed that refusal"), "{text}");
    }

    #[test]
    fn no_number_keyed_in_is_not_judged() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new().result("eligible");
        not_applicable(&ReferenceNumber, &evidence(&tl.events, &r));
    }
}
