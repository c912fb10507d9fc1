//! `XML-insurer-padding`: `InsurerNumber` as an 8-character field.

use mynakit_oqs::{insurer_number_field, InsurerNumberField};

use super::{client_requests, content};
use crate::events::{at, count, Run};
use crate::{Evidence, Verdict};

check! {
    /// `XML-insurer-padding`: a 6-digit insurer number right-aligned with spaces.
    InsurerPadding {
        id: "XML-insurer-padding",
        severity: Failed,
        rule: "Every InsurerNumber the client sends is 8 characters: 8 digits, or a 6-digit \
               国保 number right-aligned with two spaces. A 6-digit number padded with zeros \
               passes with a note, since whether OQS accepts it is not established.",
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
        let Some(field) = content(run, path, i).and_then(|c| c.fields.get("InsurerNumber")) else {
            continue;
        };
        judged += 1;
        match insurer_number_field(field) {
            InsurerNumberField::Digits | InsurerNumberField::SpacePadded => {}
            InsurerNumberField::ZeroPadded => zeros.push(path),
            InsurerNumberField::Wrong => {
                return Verdict::Fail(format!(
                    "{path} ({}) sends InsurerNumber {field:?} ({} characters): it must be 8, \
                     a 6-digit number right-aligned with spaces (\"  139998\")",
                    at(t_us),
                    field.chars().count()
                ));
            }
        }
    }
    if judged == 0 {
        return Verdict::NotApplicable(
            "no request of the client carried an InsurerNumber".to_owned(),
        );
    }
    let note = match zeros.first() {
        Some(path) => format!(
            "; {path} pads a 6-digit number with zeros, which OQS may not accept (uncertain: \
             docs/terminal.md, zero_padded_insurer)"
        ),
        None => String::new(),
    };
    Verdict::Pass(format!(
        "{} with an 8-character InsurerNumber{note}",
        count(judged, "request", "requests")
    ))
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
}
