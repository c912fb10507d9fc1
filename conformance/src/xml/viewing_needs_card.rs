//! `XML-viewing-needs-card`: 通常時, 薬剤情報・特定健診等情報 (and 診療情報) are viewed only for a
//! patient who confirmed their identity with the My Number card and consented
//! (`docs/terminal.md`, "Consent to share information"; the 災害時 exception is the `disaster`
//! flow's, `docs/disaster.md`).

use mynakit_oqs::{ConsentFlag, ElementName, MessageKind};
use mynakit_protocol::{ClientMessage, Mode, Outcome};

use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};
use crate::xml::sharing_consent::{
    answers, asked_after_refusal, history_requests, mode_asking, says,
};
use crate::xml::words::sharing_consent::no_history_asked;
use crate::xml::words::viewing_needs_card as words;

check! {
    /// `XML-viewing-needs-card`: no history viewed without the card and the patient's consent.
    ViewingNeedsCard {
        id: "XML-viewing-needs-card",
        severity: Failed,
        rule: "Outside 災害時, a 薬剤情報 / 特定健診情報 / 診療情報 the terminal gave with no \
               consent in force (ResultCode 1 naming no consent flag 1 for it: a patient not \
               confirmed with the My Number card, at a terminal set against the rule) is not \
               shown as obtained (outcome eligible in the mode that asks for it, or ResultCode \
               1 on a screen); and after the terminal refused it for want of the card and \
               consent the client does not ask again until the patient answers the face reader. \
               Asking once and showing the refusal is correct.",
        rationale: "通常時, the patient's drug, health-check and treatment histories may be viewed \
                    only after the patient confirmed their identity with the My Number card and \
                    consented; only in a designated 災害時 may they be viewed without the card. \
                    A レセコン that shows a history the terminal should not have given, or that \
                    keeps asking after the refusal, views what the patient never agreed to \
                    share.",
        reference: "厚生労働省保険局「オンライン資格確認（マイナンバーカードの保険証利用）の概要」, \
                     「メリット：災害時における薬剤情報・特定健診等情報の閲覧」 (p.3: 「通常時は、\
                     薬剤情報・特定健診等情報を閲覧するには、本人がマイナンバーカードによる本人確認を\
                     した上で同意した場合に限られます」); docs/terminal.md; docs/disaster.md",
        evaluate: viewing_needs_card,
    }
}

fn viewing_needs_card(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let names = e.request_names();
    let requests = history_requests(run, &names);
    if requests.is_empty() {
        return Verdict::NotApplicable(no_history_asked(names.prefix(MessageKind::DiagnosisInfo)));
    }
    if let Some(why) = asked_after_refusal(run, &names, &requests) {
        return Verdict::Fail(why);
    }
    let steps = run.before_result();
    // A history the terminal gave with no consent in force.
    let given = answers(run, &requests).into_iter().find(|a| {
        let code = a.content.fields.get(ElementName::ResultCode).map(str::trim);
        code == Some("1") && !says(&a.content, a.flags, ConsentFlag::Given)
    });
    let Some(first) = given else {
        return Verdict::Pass(words::none_given_without(requests.len()));
    };
    let asks = mode_asking(first.kind);
    let on_screen = steps[first.step..].iter().find_map(|step| match step {
        Step::Client {
            message: ClientMessage::Display {
                outcome, fields, ..
            },
            ..
        } => shown(
            e.mode,
            asks,
            *outcome,
            fields.get(ElementName::ResultCode.as_str()),
        ),
        _ => None,
    });
    let at_end = shown(
        e.mode,
        asks,
        Some(e.result.outcome),
        e.result.fields.get(ElementName::ResultCode.as_str()),
    );
    match on_screen.or(at_end) {
        Some(how) => Verdict::Fail(words::shown_without_card(
            first.kind,
            first.content.path,
            first.content.t_us,
            how,
        )),
        None => Verdict::Pass(words::not_shown(first.kind, first.content.path)),
    }
}

/// How a screen shows the history as obtained: `ResultCode` 1 on it, or an eligible outcome in
/// the mode that asks for it (`asks`).
fn shown(
    mode: Mode,
    asks: Mode,
    outcome: Option<Outcome>,
    code: Option<&String>,
) -> Option<words::Shown> {
    if code.is_some_and(|c| c.trim() == "1") {
        return Some(words::Shown::Code);
    }
    (mode == asks && outcome == Some(Outcome::Eligible)).then_some(words::Shown::Eligible)
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    #[test]
    fn a_history_given_on_a_consent_in_force_may_be_shown() {
        let given = [("ResultCode", "1"), ("PharmacistsInfoConsFlg", "1")];
        let r = result(Outcome::Eligible, &[("ResultCode", "1")]);
        let tl = drug_info_asked(&given).result("eligible");
        let text = pass(&ViewingNeedsCard, &in_drug_mode(&tl.events, &r));
        assert!(text.contains("none given without"), "{text}");
        // The other spelling of the drug flag (`--profile pharmaceutical-info`) says it too.
        let tl = drug_info_asked(&[("ResultCode", "1"), ("PharmaceuticalInfoConsFlg", "1")])
            .result("eligible");
        pass(&ViewingNeedsCard, &in_drug_mode(&tl.events, &r));
    }

    #[test]
    fn a_history_given_without_the_card_and_consent_shown_fails() {
        let r = result(Outcome::Eligible, &[("ResultCode", "1")]);
        let tl = drug_info_asked(&[("ResultCode", "1")]).result("eligible");
        let text = fail(&ViewingNeedsCard, &in_drug_mode(&tl.events, &r));
        assert!(text.contains("no consent in force"), "{text}");
        // ResultCode 1 on a screen, whatever the outcome.
        let r = result(Outcome::ServiceError, &[("ResultCode", "1")]);
        let tl = drug_info_asked(&[("ResultCode", "1")]).result("service-error");
        fail(&ViewingNeedsCard, &in_drug_mode(&tl.events, &r));
        // A flag for another history does not make it consented.
        let r = result(Outcome::Eligible, &[]);
        let tl = drug_info_asked(&[("ResultCode", "1"), ("DiagnosisInfoConsFlg", "1")])
            .result("eligible");
        fail(&ViewingNeedsCard, &in_drug_mode(&tl.events, &r));
    }

    #[test]
    fn a_history_given_without_the_card_and_not_shown_passes() {
        let r = result(Outcome::ServiceError, &[]);
        let tl = drug_info_asked(&[("ResultCode", "1")]).result("service-error");
        let text = pass(&ViewingNeedsCard, &in_drug_mode(&tl.events, &r));
        assert!(text.contains("did not show it"), "{text}");
    }

    #[test]
    fn asking_once_and_showing_the_refusal_passes_asking_again_fails() {
        let refused = [("ResultCode", "2"), ("PharmacistsInfoConsFlg", "0")];
        let r = result(Outcome::ServiceError, &[("ResultCode", "2")]);
        let tl = drug_info_asked(&refused).result("service-error");
        pass(&ViewingNeedsCard, &in_drug_mode(&tl.events, &r));
        let again = "req/YZKsiquc01req_02202611010002.xml";
        let tl = drug_info_asked(&refused)
            .file(again, "request-read")
            .result("service-error");
        let text = fail(&ViewingNeedsCard, &in_drug_mode(&tl.events, &r));
        assert!(text.contains("did not consent"), "{text}");
        // The patient at the face reader since: asking again is the new answer's.
        let tl = drug_info_asked(&refused)
            .file("face/OQSsiquc01res_face_1.xml", "face-written")
            .file(again, "request-read")
            .result("service-error");
        pass(&ViewingNeedsCard, &in_drug_mode(&tl.events, &r));
    }

    #[test]
    fn no_history_asked_does_not_apply() {
        let r = result(Outcome::Eligible, &[]);
        not_applicable(&ViewingNeedsCard, &evidence(&[], &r));
    }
}
