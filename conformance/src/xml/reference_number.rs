//! `XML-reference-number`: a 照会番号 keyed in at the counter is registered for the patient at
//! the counter, and what the screen says about it is what the terminal answered
//! (`docs/client-protocol.md`, "照会番号 registration"; `docs/terminal.md`).

use mynakit_oqs::{ElementName, MessageKind, ProcessingResultStatus, SegmentOfResult};
use mynakit_protocol::{HarnessMessage, InsuranceCardData};
use mynakit_timeline::content_value;

use crate::run::folder::{answer_path, content, shown, written_requests};

mod bulk;
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{at, Run, Step};

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
        return Verdict::NotApplicable(Reason::new(
            format!("the client gave no result ({})", e.result.outcome),
            format!("クライアントが結果を返していない ({})", e.result.outcome),
        ));
    }
    if let Some((t_keyed, cards)) = keyed_in_bulk(run) {
        return bulk::judge(e, run, t_keyed, &cards);
    }
    let Some((t_keyed, card, number)) = keyed(run) else {
        return Verdict::NotApplicable(Reason::new(
            "the staff keyed in no 照会番号 (flow reference-number)",
            "職員は照会番号を入力していない (flow reference-number)",
        ));
    };
    let Some((i, request, t)) = written_requests(run)
        .into_iter()
        .find(|(_, path, _)| is_registration(path))
    else {
        return Verdict::Fail(Reason::new(
            format!(
            "the staff keyed in a 照会番号 with the insurance card at {}, but the client wrote no \
             registration (OQSsiimm01req) before its result",
            at(t_keyed)
        ),
            format!(
                "職員が {} に保険証とともに照会番号を入力したが、クライアントは結果の前に\
                 登録の要求 (OQSsiimm01req) を書いていない",
                at(t_keyed)
            ),
        ));
    };
    let Some(sent) = content(run, request, i) else {
        return Verdict::NotApplicable(Reason::new(
            format!(
                "the terminal recorded no content for {request} (written {})",
                at(t)
            ),
            format!(
                "端末は {request} (書き込み {}) の内容を記録していない",
                at(t)
            ),
        ));
    };
    let own_number = content_value(ElementName::ReferenceNumber, number);
    if sent.fields.get(ElementName::ReferenceNumber) != Some(own_number.as_str()) {
        return Verdict::Fail(Reason::new(
            format!(
            "{request} (written {}) registers a ReferenceNumber other than the 照会番号 the staff \
             keyed in at {} (held as {}, keyed {own_number})",
            at(t),
            at(t_keyed),
            sent.fields
                .get(ElementName::ReferenceNumber)
                .unwrap_or("nothing")
        ),
            format!(
                "{request} (書き込み {}) が登録する ReferenceNumber は、職員が {} に\
                 入力した照会番号と異なる (要求では {}、入力は {own_number})",
                at(t),
                at(t_keyed),
                sent.fields
                    .get(ElementName::ReferenceNumber)
                    .unwrap_or("なし")
            ),
        ));
    }
    let own_card = content_value(
        ElementName::InsuredIdentificationNumber,
        card.insured_identification_number.trim(),
    );
    if sent.fields.get(ElementName::InsuredIdentificationNumber) != Some(own_card.as_str()) {
        return Verdict::Fail(Reason::new(
            format!(
                "{request} (written {}) registers the 照会番号 against another card's \
             InsuredIdentificationNumber than the one keyed in at {}",
                at(t),
                at(t_keyed)
            ),
            format!(
                "{request} (書き込み {}) は照会番号を、\
                {} に入力されたものと異なるカードの InsuredIdentificationN\
                umber で登録している",
                at(t),
                at(t_keyed)
            ),
        ));
    }
    let answer_at = answer_path(request);
    let screen = shown(e.result, run);
    let shown_number = screen.get(ElementName::ReferenceNumber.as_str()).copied();
    let Some(answer) = content(run, &answer_at, i) else {
        return match shown_number {
            Some(_) => Verdict::Fail(Reason::new(
                format!(
                "the client showed a ReferenceNumber, but the terminal never answered {request} \
                 ({answer_at}) before the end of the run"
            ),
                format!(
                    "クライアントは ReferenceNumber を表示したが、端末は実行の終わりまでに \
                     {request} に応答していない ({answer_at})"
                ),
            )),
            None => Verdict::NotApplicable(Reason::new(
                format!(
                    "{request} was not answered ({answer_at}) and the client showed no \
                 ReferenceNumber"
                ),
                format!(
                    "{request} への応答はなく ({answer_at})\
                、クライアントは ReferenceNumber を表示していない"
                ),
            )),
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
            Some(v) if same(v) => Verdict::Pass(Reason::new(
                format!(
                    "{request} registered the keyed 照会番号 for the keyed card; {answer_at} ({}) \
                 registered it, and the client showed it as ReferenceNumber",
                    at(answer.t_us)
                ),
                format!(
                    "{request} が入力された照会番号を入力されたカードに登録し、{answer_at} ({}) で\
                     登録され、クライアントはそれを ReferenceNumber として表示した",
                    at(answer.t_us)
                ),
            )),
            Some(_) => Verdict::Fail(Reason::new(
                format!(
                "{answer_at} ({}) registered the keyed 照会番号, but the client showed another \
                 ReferenceNumber",
                at(answer.t_us)
            ),
                format!(
                    "{answer_at} ({}) で入力された照会番号が登録されたが、クライアントは別の \
                     ReferenceNumber を表示した",
                    at(answer.t_us)
                ),
            )),
            None => Verdict::Fail(Reason::new(
                format!(
                "{answer_at} ({}) registered the keyed 照会番号, but the client never showed it \
                 (no ReferenceNumber in a display or its result)",
                at(answer.t_us)
            ),
                format!(
                    "{answer_at} ({}) で入力された照会番号が登録されたが、クライアントはそれを\
                     表示していない (表示にも結果にも ReferenceNumber がない)",
                    at(answer.t_us)
                ),
            )),
        };
    }
    let code = [ElementName::ProcessingResultCode, ElementName::ErrorCode]
        .into_iter()
        .find_map(|el| answer.fields.get(el).map(|v| (el, v)));
    if shown_number.is_some() {
        return Verdict::Fail(Reason::new(
            format!(
                "{answer_at} ({}) refused the registration{}, but the client showed a \
             ReferenceNumber as if it were registered",
                at(answer.t_us),
                code.map(|(el, v)| format!(" ({el} {v})"))
                    .unwrap_or_default()
            ),
            format!(
                "{answer_at} ({}) は登録を拒否した{}が、クライアントは登録されたかのように \
                 ReferenceNumber を表示した",
                at(answer.t_us),
                code.map(|(el, v)| format!(" ({el} {v})"))
                    .unwrap_or_default()
            ),
        ));
    }
    match code {
        Some((el, v)) if screen.get(el.as_str()).map(|s| s.trim()) != Some(v.trim()) => {
            Verdict::Fail(Reason::new(
                format!(
                    "{answer_at} ({}) refused the registration ({el} {v}), but the client never \
                 showed that refusal ({el} in a display or its result)",
                    at(answer.t_us)
                ),
                format!(
                    "{answer_at} ({}) は登録を拒否した ({el} {v}) が、クライアントはその拒否を\
                     表示していない (表示にも結果にも {el} がない)",
                    at(answer.t_us)
                ),
            ))
        }
        _ => Verdict::Pass(Reason::new(
            format!(
            "{request} asked to register the keyed 照会番号; {answer_at} ({}) refused it{}, and \
             the client showed the refusal without a ReferenceNumber",
            at(answer.t_us),
            code.map(|(el, v)| format!(" ({el} {v})"))
                .unwrap_or_default()
        ),
            format!(
                "{request} が入力された照会番号の登録を求め、{answer_at} ({}) は拒否し{}、\
                 クライアントは ReferenceNumber なしで拒否を表示した",
                at(answer.t_us),
                code.map(|(el, v)| format!(" ({el} {v})"))
                    .unwrap_or_default()
            ),
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
