//! `XML-reference-number` per unit: 照会番号 keyed in with several insurance cards at once (mode
//! `bulk`) are registered in bulk (`OQSmuimm01` upload, `OQSmuimm02` downloads), and each
//! registration's outcome is what the screens say (`docs/client-protocol.md`, "照会番号
//! registration"; `docs/terminal.md`, "Messages"). The terminal's content events keep each
//! registration of the upload and each unit of the download (number and card redacted,
//! status in clear).

use mynakit_oqs::{ElementName, MessageKind, ProcessingResultStatus, SegmentOfResult};
use mynakit_protocol::{ClientMessage, InsuranceCardData};
use mynakit_timeline::{content_value, ContentFields};

use crate::check::{Evidence, Verdict};
use crate::run::folder::{answer_path, content, written_requests};
use crate::run::{Run, Step};
use crate::xml::words::reference_bulk as words;

/// Whether the request at `path` is of `kind`.
fn is(kind: MessageKind, path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_prefix(kind.prefix())
        .is_some_and(|rest| rest.starts_with("req"))
}

/// What happened to one keyed number.
enum Outcome<'a> {
    /// Registered (`ProcessingResultStatus` 1 in a final answer).
    Registered,
    /// Refused, with its `ProcessingResultCode` or `ErrorCode` if any.
    Refused(Option<&'a str>),
}

/// The outcome `fields` (a unit of a final `OQSmuimm02` answer, or an `OQSsiimm01` answer)
/// gives; `segment` is the message's `SegmentOfResult`.
fn outcome_of<'a>(segment: Option<&str>, fields: &'a ContentFields) -> Outcome<'a> {
    let normal = segment.and_then(SegmentOfResult::from_code) == Some(SegmentOfResult::Normal)
        && fields
            .get(ElementName::ProcessingResultStatus)
            .and_then(ProcessingResultStatus::from_code)
            == Some(ProcessingResultStatus::Normal);
    if normal {
        Outcome::Registered
    } else {
        Outcome::Refused(
            fields
                .get(ElementName::ProcessingResultCode)
                .or_else(|| fields.get(ElementName::ErrorCode)),
        )
    }
}

/// Judges the numbers keyed in with the cards of a bulk ask (`keyed`: each card's position,
/// card and number), keyed at `t_keyed`.
pub(super) fn judge(
    e: &Evidence<'_>,
    run: &Run<'_>,
    t_keyed: u64,
    keyed: &[(usize, &InsuranceCardData, &str)],
) -> Verdict {
    let requests = written_requests(run);
    // What the client asked to register: each unit of its bulk uploads, each single one.
    let mut sent: Vec<(&str, &ContentFields)> = Vec::new();
    // What the terminal answered: (SegmentOfResult, fields) per registration.
    let mut answered: Vec<(Option<&str>, &ContentFields)> = Vec::new();
    for &(i, path, _) in &requests {
        let answer = answer_path(path);
        if is(MessageKind::ReferenceBulkUpload, path) {
            if let Some(c) = content(run, path, i) {
                sent.extend(c.units.iter().map(|u| (path, u)));
            }
        } else if is(MessageKind::ReferenceRegistration, path) {
            if let Some(c) = content(run, path, i) {
                sent.push((path, c.fields));
            }
            if let Some(c) = content(run, &answer, i) {
                answered.push((c.fields.get(ElementName::SegmentOfResult), c.fields));
            }
        } else if is(MessageKind::ReferenceBulkDownload, path) {
            if let Some(c) = content(run, &answer, i) {
                let segment = c.fields.get(ElementName::SegmentOfResult);
                answered.extend(c.units.iter().map(|u| (segment, u)));
            }
        }
    }
    // What the client showed, in every display and its result.
    let mut shown_numbers: Vec<&str> = Vec::new();
    let mut shown_codes: Vec<&str> = Vec::new();
    let displays = run.before_result().iter().filter_map(|s| match s {
        Step::Client {
            message: ClientMessage::Display { fields, .. },
            ..
        } => Some(fields),
        _ => None,
    });
    for fields in displays.chain([&e.result.fields]) {
        shown_numbers.extend(
            fields
                .get(ElementName::ReferenceNumber.as_str())
                .map(String::as_str),
        );
        for code in [ElementName::ProcessingResultCode, ElementName::ErrorCode] {
            shown_codes.extend(fields.get(code.as_str()).map(|v| v.trim()));
        }
    }
    let (mut registered, mut refused, mut unread) = (0, 0, 0);
    for &(n, card, number) in keyed {
        let card_n = n + 1;
        let own_number = content_value(ElementName::ReferenceNumber, number);
        let Some((request, unit)) = sent
            .iter()
            .find(|(_, u)| u.get(ElementName::ReferenceNumber) == Some(own_number.as_str()))
        else {
            return Verdict::Fail(words::not_registered(card_n, t_keyed));
        };
        let own_card = content_value(
            ElementName::InsuredIdentificationNumber,
            card.insured_identification_number.trim(),
        );
        if unit.get(ElementName::InsuredIdentificationNumber) != Some(own_card.as_str()) {
            return Verdict::Fail(words::other_card(request, card_n));
        }
        let was_shown = shown_numbers
            .iter()
            .any(|s| content_value(ElementName::ReferenceNumber, s.trim()) == own_number);
        let outcome = answered
            .iter()
            .find(|(_, u)| u.get(ElementName::ReferenceNumber) == Some(own_number.as_str()))
            .map(|(segment, u)| outcome_of(*segment, u));
        match outcome {
            Some(Outcome::Registered) if was_shown => registered += 1,
            Some(Outcome::Registered) => return Verdict::Fail(words::registered_not_shown(card_n)),
            Some(Outcome::Refused(code)) if was_shown => {
                return Verdict::Fail(words::refused_shown_registered(card_n, code))
            }
            Some(Outcome::Refused(Some(code))) if !shown_codes.contains(&code.trim()) => {
                return Verdict::Fail(words::refusal_not_shown(card_n, code))
            }
            Some(Outcome::Refused(_)) => refused += 1,
            None if was_shown => return Verdict::Fail(words::shown_unread(card_n)),
            None => unread += 1,
        }
    }
    if registered + refused == 0 {
        return Verdict::NotApplicable(words::none_read(unread));
    }
    Verdict::Pass(words::each_registered(
        keyed.len(),
        registered,
        refused,
        unread,
    ))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::super::ReferenceNumber;
    use crate::testkit::*;

    const UPLOAD: &str = "req/OQSmuimm01req_202611010001.xml";
    const DOWNLOAD: &str = "req/OQSmuimm02req_202611010001_001.xml";
    const FINAL: &str = "res/OQSmuimm02res_202611010001_001.xml";

    /// Two cards keyed in at once, the first with P-1, the second with P-2.
    fn keyed() -> Tl {
        Tl::new()
            .client(r#"{"type":"insurance-cards","id":"c"}"#)
            .operator(
                r#"{"type":"insurance-cards","id":"c","cards":[
                {"InsurerNumber":"06139992","InsuredIdentificationNumber":"2345","Birthdate":"19850412","ReferenceNumber":"P-1"},
                {"InsurerNumber":"06139992","InsuredIdentificationNumber":"2346","Birthdate":"19850412","ReferenceNumber":"P-2"}]}"#
                    .replace('\n', "")
                    .as_str(),
            )
    }

    /// The upload registering `regs` ((number, card id)), and, if `answered`, the final
    /// download: P-1 registered, P-2 refused with MOCK-T521.
    fn registered(tl: Tl, regs: &[(&str, &str)], answered: bool) -> Tl {
        let units: Vec<Vec<(&str, &str)>> = regs
            .iter()
            .map(|(n, id)| {
                vec![
                    ("ReferenceNumber", *n),
                    ("InsuredIdentificationNumber", *id),
                ]
            })
            .collect();
        let units: Vec<&[(&str, &str)]> = units.iter().map(Vec::as_slice).collect();
        let tl = tl
            .file(UPLOAD, "request-read")
            .content_with_units(UPLOAD, &[], &units);
        if !answered {
            return tl;
        }
        tl.file(DOWNLOAD, "request-read").content_with_units(
            FINAL,
            &[("SegmentOfResult", "1")],
            &[
                &[("ReferenceNumber", "P-1"), ("ProcessingResultStatus", "1")],
                &[
                    ("ReferenceNumber", "P-2"),
                    ("ProcessingResultStatus", "2"),
                    ("ProcessingResultCode", "MOCK-T521"),
                ],
            ],
        )
    }

    const BOTH: [(&str, &str); 2] = [("P-1", "2345"), ("P-2", "2346")];

    #[test]
    fn each_outcome_shown_as_it_was_passes() {
        let tl = registered(keyed(), &BOTH, true)
            .client(r#"{"type":"display","fields":{"ReferenceNumber":"P-1"}}"#)
            .client(r#"{"type":"display","outcome":"ineligible","fields":{"ProcessingResultCode":"MOCK-T521"}}"#)
            .result("eligible");
        let r = result(Outcome::Eligible, &[("ReferenceNumber", "P-1")]);
        let text = pass(&ReferenceNumber, &evidence(&tl.events, &r));
        assert!(text.contains("1 registered and shown, 1 refused"), "{text}");
    }

    #[test]
    fn a_refused_unit_shown_as_registered_or_never_read_fails() {
        let r = result(Outcome::Eligible, &[("ReferenceNumber", "P-1")]);
        let tl = registered(keyed(), &BOTH, true)
            .client(r#"{"type":"display","fields":{"ReferenceNumber":"P-1"}}"#)
            .client(r#"{"type":"display","fields":{"ReferenceNumber":"P-2"}}"#)
            .result("eligible");
        let text = fail(&ReferenceNumber, &evidence(&tl.events, &r));
        assert!(
            text.contains("card 2") && text.contains("as if it were registered"),
            "{text}"
        );
        // Never downloaded, every number shown as registered.
        let tl = registered(keyed(), &BOTH, false)
            .client(r#"{"type":"display","fields":{"ReferenceNumber":"P-1"}}"#)
            .client(r#"{"type":"display","fields":{"ReferenceNumber":"P-2"}}"#)
            .result("eligible");
        let text = fail(&ReferenceNumber, &evidence(&tl.events, &r));
        assert!(
            text.contains("never read whether it was registered"),
            "{text}"
        );
        // The refusal not shown at all.
        let tl = registered(keyed(), &BOTH, true)
            .client(r#"{"type":"display","fields":{"ReferenceNumber":"P-1"}}"#)
            .result("eligible");
        let text = fail(&ReferenceNumber, &evidence(&tl.events, &r));
        assert!(text.contains("never showed that refusal"), "{text}");
        assert!(
            text.ja()
                .unwrap()
                .contains("カードとともに入力された照会番号を拒否した"),
            "{text:?}"
        );
    }

    #[test]
    fn a_number_not_registered_or_against_another_card_fails() {
        let r = result(Outcome::Eligible, &[("ReferenceNumber", "P-1")]);
        let tl = registered(keyed(), &BOTH[..1], true).result("eligible");
        let text = fail(&ReferenceNumber, &evidence(&tl.events, &r));
        assert!(
            text.contains("card 2") && text.contains("names it"),
            "{text}"
        );
        let tl = registered(keyed(), &[("P-1", "2346"), ("P-2", "2345")], true).result("eligible");
        let text = fail(&ReferenceNumber, &evidence(&tl.events, &r));
        assert!(text.contains("another card"), "{text}");
    }
}
