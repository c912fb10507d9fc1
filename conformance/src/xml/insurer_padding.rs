//! `XML-insurer-padding`: `InsurerNumber` as an 8-character field.

use mynakit_oqs::{
    insurer_number_field, ElementName, InsurerNumberField, ProcessingResultStatus,
    QualificationValidity,
};

use crate::check::{Evidence, Verdict};
use crate::run::folder::{answer_path, client_requests, content, Content};
use crate::run::Run;
use crate::xml::words::insurer_padding as words;

check! {
    /// `XML-insurer-padding`: a 6-digit insurer number right-aligned with spaces.
    InsurerPadding {
        id: "XML-insurer-padding",
        severity: Failed,
        rule: "Every InsurerNumber the client sends is 8 characters: 8 digits, or a 6-digit \
               国保 number right-aligned with two spaces. A 6-digit number padded with zeros \
               fails when the answer to that request found nobody (QualificationValidity 4, or \
               a person error); when the answer found the person it passes with a note, since \
               whether OQS accepts zeros is not established.",
        rationale: "The 保険証 prints a 国保 insurer number with 6 digits; the interface field is 8 \
                    characters. Sent as printed (6 characters) or left-aligned, the search is a \
                    person error or finds nobody (QualificationValidity 4), and the patient is \
                    told they have no insurance. Public clients disagree on zeros (one pads with \
                    zeros on purpose, the import guidance says 8 digits or leading spaces).",
        reference: "sanox.org オンライン資格確認 導入記 road26 (8 digits or leading spaces); the \
                     public sample results of hangilc/myclinic-ts packages/onshi-result \
                     (\"  138057\"); docs/terminal.md#validity and zero_padded_insurer",
        evaluate: insurer_padding,
    }
}

fn insurer_padding(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let mut judged = 0;
    let mut zeros = Vec::new();
    for (i, path, t_us) in client_requests(run) {
        let Some(field) =
            content(run, path, i).and_then(|c| c.fields.get(ElementName::InsurerNumber))
        else {
            continue;
        };
        judged += 1;
        match insurer_number_field(field) {
            InsurerNumberField::Digits | InsurerNumberField::SpacePadded => {}
            InsurerNumberField::ZeroPadded => {
                let answer = answer_path(path);
                match content(run, &answer, i) {
                    Some(c) if found_nobody(&c) => {
                        return Verdict::Fail(words::zeros_found_nobody(
                            path,
                            t_us,
                            field,
                            &answer,
                            c.t_us,
                            &nobody_reason(&c),
                        ));
                    }
                    _ => zeros.push(path),
                }
            }
            InsurerNumberField::Wrong => {
                return Verdict::Fail(words::insurer_wrong_length(path, t_us, field));
            }
        }
    }
    if judged == 0 {
        return Verdict::NotApplicable(words::no_insurer_number());
    }
    Verdict::Pass(words::insurer_padded(judged, zeros.first().copied()))
}

/// Whether an answer found nobody: `QualificationValidity` 4 (該当資格なし) or a person error
/// (`ProcessingResultStatus` 2), the terminal's default for a zero-padded number
/// (`docs/terminal.md`, `zero_padded_insurer: no-match`).
fn found_nobody(answer: &Content<'_>) -> bool {
    let validity = answer
        .fields
        .get(ElementName::QualificationValidity)
        .and_then(QualificationValidity::from_code);
    let status = answer
        .fields
        .get(ElementName::ProcessingResultStatus)
        .and_then(ProcessingResultStatus::from_code);
    validity == Some(QualificationValidity::NoQualification)
        || status == Some(ProcessingResultStatus::Error)
}

/// The answer's own words for "nobody", for the verdict.
fn nobody_reason(answer: &Content<'_>) -> String {
    [
        ElementName::QualificationValidity,
        ElementName::ProcessingResultStatus,
        ElementName::ProcessingResultCode,
    ]
    .iter()
    .filter_map(|&name| answer.fields.get(name).map(|v| format!("{name} {v}")))
    .collect::<Vec<_>>()
    .join(", ")
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const REQ: &str = "req/OQSsiquc01req_0001.xml";

    fn sent(number: &str) -> Tl {
        Tl::new()
            .file(REQ, "request-read")
            .content(REQ, "UTF-8", &[("InsurerNumber", number)], &[])
            .result("eligible")
    }

    #[test]
    fn an_unpadded_number_fails_and_space_padding_passes() {
        let r = result(Outcome::Eligible, &[]);
        let tl = sent("139998");
        assert_eq!(
            fail(&InsurerPadding, &evidence(&tl.events, &r)),
            "req/OQSsiquc01req_0001.xml (t=0.010s) sends InsurerNumber \"139998\" (6 \
             characters): it must be 8, a 6-digit number right-aligned with spaces (\"  139998\")"
        );
        let tl = sent("  139998");
        assert_eq!(
            pass(&InsurerPadding, &evidence(&tl.events, &r)),
            "1 request with an 8-character InsurerNumber"
        );
        let tl = sent("00139998");
        assert!(pass(&InsurerPadding, &evidence(&tl.events, &r)).contains("with zeros"));
        let tl = Tl::new().file(REQ, "request-read").result("eligible");
        not_applicable(&InsurerPadding, &evidence(&tl.events, &r));
    }

    /// Zero padding, judged by what the terminal answered to that very request.
    fn zeros_answered(validity: &str) -> Tl {
        Tl::new()
            .file(REQ, "request-read")
            .content(REQ, "UTF-8", &[("InsurerNumber", "00139998")], &[])
            .file("res/OQSsiquc01res_0001.xml", "result-written")
            .content(
                "res/OQSsiquc01res_0001.xml",
                "UTF-8",
                &[
                    ("ProcessingResultStatus", "1"),
                    ("QualificationValidity", validity),
                ],
                &[],
            )
            .result("ineligible")
    }

    #[test]
    fn zero_padding_fails_when_its_answer_found_nobody() {
        let r = result(Outcome::Ineligible, &[("QualificationValidity", "4")]);
        let tl = zeros_answered("4");
        assert_eq!(
            fail(&InsurerPadding, &evidence(&tl.events, &r)),
            "req/OQSsiquc01req_0001.xml (t=0.010s) sends InsurerNumber \"00139998\", a 6-digit \
             number padded with zeros, and its answer res/OQSsiquc01res_0001.xml (t=0.040s) \
             found nobody (QualificationValidity 4, ProcessingResultStatus 1): right-align it \
             with spaces (\"  139998\")"
        );
        // A terminal that reads zeros as spaces (`zero_padded_insurer: match`): a note.
        let tl = zeros_answered("1");
        assert!(pass(&InsurerPadding, &evidence(&tl.events, &r)).contains("with zeros"));
        let text = pass(&InsurerPadding, &evidence(&tl.events, &r));
        assert!(text.ja().unwrap().contains("0 で埋めており"), "{text:?}");
    }
}
