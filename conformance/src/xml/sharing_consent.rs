//! `XML-sharing-consent`: 薬剤情報 (`YZKsiquc01`), 特定健診情報 (`TKKsiquc01`) and 診療情報
//! (`SRKsiquc01`, mynakit's model of a request whose name is not public) only with the
//! patient's consent to share them (`docs/terminal.md`, "Consent to share information").

use mynakit_oqs::{ConsentFlag, ElementName, MessageKind, RequestNames};
use mynakit_protocol::{ClientMessage, Mode, Outcome};
use mynakit_timeline::FileAction;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::folder::{answer_path, content, others, written_requests, Content};
use crate::run::{visit_starts, visit_steps, Run, Step};
use crate::xml::words::sharing_consent::{self as words, Obtained, SaidNo};

check! {
    /// `XML-sharing-consent`: no drug, health-check or treatment information without the
    /// patient's consent.
    SharingConsent {
        id: "XML-sharing-consent",
        severity: Failed,
        rule: "A 薬剤情報 / 特定健診情報 / 診療情報 request (YZKsiquc01, TKKsiquc01, and \
               SRKsiquc01, mynakit's model) is not sent after the patient declined to share \
               that information (a face push the client read saying PharmacistsInfoConsFlg / \
               SpecificHealthCheckupsInfoConsFlg / DiagnosisInfoConsFlg 0, or the terminal's \
               refusal for want of consent) unless the patient answered the face reader again \
               since; and after such a refusal the client does not show the information as \
               obtained (outcome eligible in the mode that asks for it, drug-info, \
               checkup-info or diagnosis-info, or a ResultCode other than the answer's).",
        rationale: "Drug, health-check and treatment histories are shared only with the patient's consent, \
                    given at the 顔認証付きカードリーダー for the visit and withdrawable at any \
                    time. A レセコン that asks regardless, or that shows a refusal as 'no drugs \
                    on record', either reaches for data the patient withheld or tells the doctor \
                    there is nothing to know when there is.",
        reference: "OQS result consent group (PharmacistsInfoConsFlg, \
                     SpecificHealthCheckupsInfoConsFlg, DiagnosisInfoConsFlg and their \
                     …AvailableTime; code list \
                     OQSCD016: hangilc/myclinic-ts packages/onshi-result); YUKI-ENT/OQSDrug2 \
                     (YZK/TKKsiquc01 requests, ResultCode / MessageContents); マイナ在宅受付Web \
                     「すべての同意を取消す」; docs/terminal.md",
        evaluate: sharing_consent,
    }
}

/// The three histories: the request kind and the consent group's flags that govern it (both
/// spellings of the drug one, `docs/terminal.md`, "Encodings and drift").
const KINDS: [(MessageKind, &[ElementName]); 3] = [
    (
        MessageKind::DrugInfo,
        &[
            ElementName::PharmacistsInfoConsFlg,
            ElementName::PharmaceuticalInfoConsFlg,
        ],
    ),
    (
        MessageKind::HealthCheckInfo,
        &[ElementName::SpecificHealthCheckupsInfoConsFlg],
    ),
    (
        MessageKind::DiagnosisInfo,
        &[ElementName::DiagnosisInfoConsFlg],
    ),
];

/// The kind of the request at `path` by the terminal's `names`, with its flags, if it is a
/// 薬剤 / 健診 / 診療 request.
pub(in crate::xml) fn kind_of(
    path: &str,
    names: &RequestNames,
) -> Option<(MessageKind, &'static [ElementName])> {
    let kind = names.of_request(path)?;
    KINDS.iter().copied().find(|(k, _)| *k == kind)
}

/// Whether `c` says the patient did not consent, by one of `flags`.
fn declined(c: &Content<'_>, flags: &[ElementName]) -> bool {
    says(c, flags, ConsentFlag::NotGiven)
}

/// Whether `c` names `flag` by one of `flags`.
pub(in crate::xml) fn says(c: &Content<'_>, flags: &[ElementName], flag: ConsentFlag) -> bool {
    flags.iter().any(|f| {
        c.fields
            .get(*f)
            .and_then(|v| ConsentFlag::from_code(v.trim()))
            == Some(flag)
    })
}

/// A 薬剤 / 健診 / 診療 request the client wrote: its step, path, time, and its kind with the
/// consent flags that govern it.
pub(in crate::xml) type HistoryRequest<'a> =
    (usize, &'a str, u64, (MessageKind, &'static [ElementName]));

/// The client's 薬剤 / 健診 / 診療 requests, in order, by the terminal's `names`.
pub(in crate::xml) fn history_requests<'a>(
    run: &Run<'a>,
    names: &RequestNames,
) -> Vec<HistoryRequest<'a>> {
    written_requests(run)
        .into_iter()
        .filter_map(|(i, path, t)| kind_of(path, names).map(|k| (i, path, t, k)))
        .collect()
}

/// The first of `requests` sent after the patient said no to its information (a face push the
/// client took saying `0`, or the terminal's refusal for want of consent) without answering
/// the face reader again since: why it fails.
pub(in crate::xml) fn asked_after_refusal(
    run: &Run<'_>,
    names: &RequestNames,
    requests: &[HistoryRequest<'_>],
) -> Option<Reason> {
    let steps = run.before_result();
    // Another desk's patient said no for themselves, not for this one.
    let others = others(run);
    // A refusal binds its own visit's process: another day's request is the next patient
    // visit's, asked after the patient answered again (docs/conformance.md, "Pairing by visit").
    let starts = visit_starts(run);
    for &(i, path, t, (kind, flags)) in requests {
        let mut said_no: Option<SaidNo<'_>> = None;
        let visit = visit_steps(&starts, i, steps.len());
        for (j, step) in steps.iter().enumerate().take(i).skip(visit.start.min(i)) {
            match step {
                // The patient at the reader again: a new answer.
                Step::File {
                    action: FileAction::FaceWritten,
                    ..
                } => said_no = None,
                Step::File {
                    path: push,
                    action: FileAction::FaceRead | FileAction::FaceTaken | FileAction::FaceMoved,
                    ..
                } => {
                    if let Some(c) = content(run, push, 0).filter(|c| declined(c, flags)) {
                        said_no = Some(SaidNo::FacePush(c.path));
                    }
                }
                Step::File {
                    path: earlier,
                    action: FileAction::RequestRead,
                    ..
                } if !others.contains(earlier)
                    && kind_of(earlier, names).is_some_and(|(k, _)| k == kind) =>
                {
                    let answer = answer_path(earlier);
                    if let Some(c) = content(run, &answer, j).filter(|c| declined(c, flags)) {
                        said_no = Some(SaidNo::Refusal(c.path));
                    }
                }
                _ => {}
            }
        }
        if let Some(why) = said_no {
            return Some(words::asked_after_no(path, t, kind, &why));
        }
    }
    None
}

/// The mode in which the staff ask for the information of `kind`.
pub(in crate::xml) fn mode_asking(kind: MessageKind) -> Mode {
    match kind {
        MessageKind::HealthCheckInfo => Mode::CheckupInfo,
        MessageKind::DiagnosisInfo => Mode::DiagnosisInfo,
        _ => Mode::DrugInfo,
    }
}

/// The terminal's answer to one history request: where it stands, what kind it answers, the
/// consent flags of that kind, and what it holds.
pub(in crate::xml) struct Answer<'a> {
    pub(in crate::xml) step: usize,
    pub(in crate::xml) kind: MessageKind,
    pub(in crate::xml) flags: &'static [ElementName],
    pub(in crate::xml) content: Content<'a>,
}

/// The answers the terminal wrote to `requests` before the result, in the requests' order (a
/// request not answered by then has none): what `XML-sharing-consent` and
/// `XML-viewing-needs-card` both judge.
pub(in crate::xml) fn answers<'a>(
    run: &Run<'a>,
    requests: &[HistoryRequest<'a>],
) -> Vec<Answer<'a>> {
    let steps = run.before_result();
    requests
        .iter()
        .filter_map(|&(i, path, _, (kind, flags))| {
            let answer = answer_path(path);
            let step = steps[i..].iter().position(|s| {
                matches!(s, Step::File { path: p, action: FileAction::ResultWritten, .. } if *p == answer)
            })? + i;
            let content = content(run, &answer, step)?;
            Some(Answer {
                step,
                kind,
                flags,
                content,
            })
        })
        .collect()
}

fn sharing_consent(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = run.before_result();
    let names = e.request_names();
    let requests = history_requests(run, &names);
    if requests.is_empty() {
        return Verdict::NotApplicable(words::no_history_asked(
            names.prefix(MessageKind::DiagnosisInfo),
        ));
    }
    // 1. No request after the patient said no, until the patient answers the reader again.
    if let Some(why) = asked_after_refusal(run, &names, &requests) {
        return Verdict::Fail(why);
    }
    // 2. A refusal is not shown as information obtained.
    let refusals: Vec<Answer<'_>> = answers(run, &requests)
        .into_iter()
        .filter(|a| declined(&a.content, a.flags))
        .collect();
    let Some(last) = refusals.last() else {
        return Verdict::Pass(words::none_refused(requests.len()));
    };
    // A later answer that gave the information (a new consent since) lifts the refusal.
    let given_later = requests.iter().any(|&(i, path, _, (kind, flags))| {
        i > last.step
            && kind == last.kind
            && content(run, &answer_path(path), i).is_some_and(|c| !declined(&c, flags))
    });
    if given_later {
        return Verdict::Pass(words::given_later(last.kind));
    }
    let refused_code = last
        .content
        .fields
        .get(ElementName::ResultCode)
        .unwrap_or("");
    let mut shown_as_obtained: Option<Obtained> = None;
    for step in &steps[last.step..] {
        if let Step::Client {
            message: ClientMessage::Display {
                outcome, fields, ..
            },
            ..
        } = step
        {
            if let Some(why) = obtained(
                e.mode,
                last.kind,
                *outcome,
                fields.get(ElementName::ResultCode.as_str()),
                refused_code,
            ) {
                shown_as_obtained = Some(why);
            }
        }
    }
    if let Some(why) = obtained(
        e.mode,
        last.kind,
        Some(e.result.outcome),
        e.result.fields.get(ElementName::ResultCode.as_str()),
        refused_code,
    ) {
        shown_as_obtained = Some(why);
    }
    match shown_as_obtained {
        Some(why) => Verdict::Fail(words::refusal_shown_as_obtained(
            last.kind,
            last.content.path,
            last.content.t_us,
            &why,
        )),
        None => Verdict::Pass(words::refusal_kept(last.kind, last.content.path)),
    }
}

/// Why a screen shows information as obtained after a refusal of `kind` answered
/// `refused_code`: another `ResultCode`, or an eligible outcome in the mode that asks for that
/// history (`drug-info` for 薬剤情報, `checkup-info` for 特定健診情報, `diagnosis-info` for
/// 診療情報).
fn obtained(
    mode: Mode,
    kind: MessageKind,
    outcome: Option<Outcome>,
    shown_code: Option<&String>,
    refused_code: &str,
) -> Option<Obtained> {
    if let Some(code) = shown_code.filter(|c| c.trim() != refused_code.trim()) {
        return Some(Obtained::Code {
            shown: code.clone(),
            refused: refused_code.to_owned(),
        });
    }
    (mode == mode_asking(kind) && outcome == Some(Outcome::Eligible)).then_some(Obtained::Eligible)
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    #[test]
    fn a_refusal_shown_as_a_refusal_passes_and_information_given_passes() {
        let refused = [("ResultCode", "2"), ("PharmacistsInfoConsFlg", "0")];
        let r = result(Outcome::ServiceError, &[("ResultCode", "2")]);
        let tl = drug_info_asked(&refused).result("service-error");
        assert!(pass(&SharingConsent, &in_drug_mode(&tl.events, &r)).contains("did not ask again"));
        let r = result(Outcome::Eligible, &[("ResultCode", "1")]);
        let tl = drug_info_asked(&[("ResultCode", "1")]).result("eligible");
        assert!(pass(&SharingConsent, &in_drug_mode(&tl.events, &r)).contains("none refused"));
    }

    #[test]
    fn a_refusal_shown_as_obtained_fails() {
        let refused = [("ResultCode", "2"), ("PharmacistsInfoConsFlg", "0")];
        let r = result(Outcome::Eligible, &[("ResultCode", "2")]);
        let tl = drug_info_asked(&refused).result("eligible");
        assert!(fail(&SharingConsent, &in_drug_mode(&tl.events, &r)).contains("as obtained"));
        let r = result(Outcome::ServiceError, &[("ResultCode", "1")]);
        let tl = drug_info_asked(&refused).result("service-error");
        assert!(fail(&SharingConsent, &in_drug_mode(&tl.events, &r)).contains("ResultCode \"1\""));
    }

    #[test]
    fn asking_again_after_a_refusal_or_a_push_without_consent_fails() {
        let refused = [("ResultCode", "2"), ("PharmacistsInfoConsFlg", "0")];
        let again = "req/YZKsiquc01req_01202611010001.xml";
        let r = result(Outcome::ServiceError, &[]);
        let tl = drug_info_asked(&refused)
            .file(again, "request-read")
            .result("service-error");
        assert!(fail(&SharingConsent, &in_drug_mode(&tl.events, &r)).contains("did not consent"));
        // The patient answered the reader again (a new push): asking is fine.
        let tl = drug_info_asked(&refused)
            .file("face/OQSsiquc01res_face_1.xml", "face-written")
            .file(again, "request-read")
            .result("service-error");
        pass(&SharingConsent, &in_drug_mode(&tl.events, &r));
        // A push that says no, then a request.
        let push = "face/OQSsiquc01res_face_1.xml";
        let tl = Tl::new()
            .file(push, "face-written")
            .content(push, "UTF-8", &[("PharmacistsInfoConsFlg", "0")], &[])
            .file(push, "face-taken")
            .file(DRUG_REQ, "request-read")
            .result("eligible");
        let r = result(Outcome::Eligible, &[]);
        assert!(fail(&SharingConsent, &evidence(&tl.events, &r)).contains("face push"));
        let text = fail(&SharingConsent, &evidence(&tl.events, &r));
        assert!(
            text.ja()
                .unwrap()
                .contains("クライアントが取った顔認証の通知 face/"),
            "{text:?}"
        );
    }

    /// A refusal binds its own visit: the next visit's client, another process on another day,
    /// may ask (docs/conformance.md, "Pairing by visit"); within the visit it may not.
    #[test]
    fn a_refusal_binds_its_own_visit_only() {
        use mynakit_timeline::VisitStart;
        let refused = [("ResultCode", "2"), ("PharmacistsInfoConsFlg", "0")];
        let again = "req/YZKsiquc01req_01202611010001.xml";
        let r = result(Outcome::ServiceError, &[]);
        let earlier = VisitStart::Earlier {
            index: 0,
            count: 1,
            days_before: 7,
        };
        let tl = Tl::new()
            .visit(earlier)
            .file(DRUG_REQ, "request-read")
            .content(DRUG_REQ, "UTF-8", &[("FileCategory", "2")], &[])
            .file(DRUG_RES, "result-written")
            .content(DRUG_RES, "UTF-8", &refused, &[])
            .result("service-error")
            .exited()
            .visit(VisitStart::Judged)
            .file(again, "request-read")
            .result("service-error");
        pass(&SharingConsent, &in_drug_mode(&tl.events, &r));
        let tl = Tl::new()
            .visit(earlier)
            .file(DRUG_REQ, "request-read")
            .content(DRUG_REQ, "UTF-8", &[("FileCategory", "2")], &[])
            .file(DRUG_RES, "result-written")
            .content(DRUG_RES, "UTF-8", &refused, &[])
            .file(again, "request-read")
            .result("service-error")
            .exited()
            .visit(VisitStart::Judged)
            .result("service-error");
        assert!(fail(&SharingConsent, &in_drug_mode(&tl.events, &r)).contains("did not consent"));
    }

    #[test]
    fn another_desks_refusal_is_not_this_patients() {
        let other = "req/YZKsiquc01req_other-workstation-0001.xml";
        let other_res = "res/YZKsiquc01res_other-workstation-0001.xml";
        let r = result(Outcome::Eligible, &[("ResultCode", "1")]);
        let tl = Tl::new()
            .file(other, "other-request")
            .file(other, "request-read")
            .file(other_res, "result-written")
            .content(
                other_res,
                "UTF-8",
                &[("ResultCode", "2"), ("PharmacistsInfoConsFlg", "0")],
                &[],
            )
            .file(DRUG_REQ, "request-read")
            .result("eligible");
        pass(&SharingConsent, &in_drug_mode(&tl.events, &r));
    }

    #[test]
    fn a_checkup_refusal_shown_as_obtained_fails_in_checkup_mode() {
        const TKK_REQ: &str = "req/TKKsiquc01req_02202611010001.xml";
        const TKK_RES: &str = "res/TKKsiquc01res_02202611010001.xml";
        let tl = info_asked(
            TKK_REQ,
            TKK_RES,
            &[
                ("ResultCode", "2"),
                ("SpecificHealthCheckupsInfoConsFlg", "0"),
            ],
        )
        .result("eligible");
        let r = result(Outcome::Eligible, &[("ResultCode", "2")]);
        let checkup = crate::Evidence {
            mode: Mode::CheckupInfo,
            ..evidence(&tl.events, &r)
        };
        let text = fail(&SharingConsent, &checkup);
        assert!(text.contains("特定健診情報"), "{text}");
        // Eligible in 薬剤情報 mode says nothing about a 特定健診情報 refusal.
        pass(&SharingConsent, &in_drug_mode(&tl.events, &r));
    }

    #[test]
    fn a_diagnosis_refusal_is_judged_by_its_own_flag() {
        const SRK_REQ: &str = "req/SRKsiquc01req_02202611010001.xml";
        const SRK_RES: &str = "res/SRKsiquc01res_02202611010001.xml";
        let refused = |flag: &'static str| {
            info_asked(SRK_REQ, SRK_RES, &[("ResultCode", "2"), (flag, "0")]).result("eligible")
        };
        let r = result(Outcome::Eligible, &[("ResultCode", "2")]);
        let tl = refused("DiagnosisInfoConsFlg");
        let diagnosis = crate::Evidence {
            mode: Mode::DiagnosisInfo,
            ..evidence(&tl.events, &r)
        };
        let text = fail(&SharingConsent, &diagnosis);
        assert!(text.contains("診療情報"), "{text}");
        // The drug flag at 0 on a 診療情報 answer is not its refusal.
        let tl = refused("PharmacistsInfoConsFlg");
        let diagnosis = crate::Evidence {
            mode: Mode::DiagnosisInfo,
            ..evidence(&tl.events, &r)
        };
        pass(&SharingConsent, &diagnosis);
        // A face push saying no to 診療情報 forbids the request.
        let push = "face/OQSsiquc01res_face_1.xml";
        let tl = Tl::new()
            .file(push, "face-written")
            .content(push, "UTF-8", &[("DiagnosisInfoConsFlg", "0")], &[])
            .file(push, "face-taken")
            .file(SRK_REQ, "request-read")
            .result("eligible");
        let r = result(Outcome::Eligible, &[]);
        assert!(fail(&SharingConsent, &evidence(&tl.events, &r)).contains("face push"));
    }

    #[test]
    fn no_request_does_not_apply() {
        let r = result(Outcome::Eligible, &[]);
        not_applicable(&SharingConsent, &evidence(&[], &r));
    }
}
