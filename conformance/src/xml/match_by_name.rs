//! `XML-match-by-name`: the answer is the file named after the request.

use mynakit_oqs::ElementName;

use crate::check::{Evidence, Verdict};
use crate::run::folder::{
    answer_path, answers, content, same_value, shown, written_requests, Origin,
};
use crate::run::Run;
use crate::xml::words::match_by_name::{self as words, OwnAnswer};

/// What the client shows that tells two patients' answers apart.
const TELLING: &[ElementName] = &[
    ElementName::Name,
    ElementName::NameKana,
    ElementName::Birthdate,
    ElementName::InsurerNumber,
    ElementName::InsuredIdentificationNumber,
    ElementName::QualificationValidity,
];

check! {
    /// `XML-match-by-name`: never "the newest file in res".
    MatchByName {
        id: "XML-match-by-name",
        severity: Failed,
        rule: "The client shows the answer named after its own request (req → res in the \
               name), not another file in res: when another workstation's answer arrives first, \
               what the client shows is still its own patient's.",
        rationale: "A clinic's reception desks share one 資格確認端末 and one res folder. A \
                    client that takes the newest (or the first new) file in res shows another \
                    patient's eligibility: the wrong name on the screen, the wrong insurer on \
                    the claim. The answer's name mirrors the request's, which is the only safe \
                    way to pair them.",
        reference: "YUKI-ENT/OQSDrug2 FindExpectedResultFile (the result name from the request \
                     name); sanox.org オンライン資格確認 導入記 road13; docs/terminal.md \
                     (another workstation)",
        evaluate: match_by_name,
    }
}

fn match_by_name(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(other) = answers(run)
        .iter()
        .find(|(_, _, origin)| *origin == Origin::Other)
        .and_then(|(i, path, _)| content(run, path, *i))
    else {
        return Verdict::NotApplicable(words::no_other_answer());
    };
    // The request the client wrote, read by the terminal or not: a client that took another
    // answer may report before the terminal even read its own request.
    let Some((_, request, t_request)) = written_requests(run).last().copied() else {
        return Verdict::NotApplicable(words::other_but_no_request(other.path));
    };
    // Its own answers the terminal wrote before the client's result: a client may ask more than
    // once (a history as XML, then its PDF), and shows what one of them said.
    let owns: Vec<_> = answers(run)
        .into_iter()
        .filter(|(_, _, origin)| *origin == Origin::Own)
        .filter_map(|(i, path, _)| content(run, path, i))
        .collect();
    let shown = shown(e.result, run);
    let mut same_as_own = Vec::new();
    let mut told_by = None;
    for &element in TELLING {
        let Some(value) = shown.get(element.as_str()) else {
            continue;
        };
        let theirs = same_value(&other, element, value);
        let mine = owns
            .iter()
            .find(|own| same_value(own, element, value) == Some(true));
        if theirs == Some(true) && mine.is_none() {
            let answer = answer_path(request);
            let own = match owns.last() {
                Some(own) => OwnAnswer::Written { own: own.path },
                None => OwnAnswer::NotYet {
                    request,
                    request_us: t_request,
                    answer: &answer,
                },
            };
            return Verdict::Fail(words::took_other(
                element.as_str(),
                other.path,
                other.t_us,
                &own,
            ));
        }
        if let (Some(own), Some(false)) = (mine, theirs) {
            same_as_own.push(element.as_str());
            told_by.get_or_insert(own.path);
        }
    }
    let own_name = told_by.map_or_else(|| answer_path(request), str::to_owned);
    if same_as_own.is_empty() {
        return Verdict::NotApplicable(words::nothing_tells(&own_name, other.path));
    }
    Verdict::Pass(words::took_own(&same_as_own, &own_name, other.path))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const MINE: &str = "req/OQSsiquc01req_0001.xml";
    const OTHER: &str = "req/OQSsiquc01req_other-workstation-0001.xml";

    /// The other workstation's answer is written, then the client's request is read.
    fn other_answered_first() -> Tl {
        Tl::new()
            .file(MINE, "request-seen")
            .file(OTHER, "other-request")
            .file(OTHER, "request-read")
            .file(
                "res/OQSsiquc01res_other-workstation-0001.xml",
                "result-written",
            )
            .content(
                "res/OQSsiquc01res_other-workstation-0001.xml",
                "UTF-8",
                &[("Name", "試験　一郎"), ("QualificationValidity", "1")],
                &[],
            )
            .file(MINE, "request-read")
    }

    fn two_in_flight() -> Tl {
        other_answered_first()
            .file("res/OQSsiquc01res_0001.xml", "result-written")
            .content(
                "res/OQSsiquc01res_0001.xml",
                "UTF-8",
                &[("Name", "試験　花子"), ("QualificationValidity", "2")],
                &[],
            )
    }

    #[test]
    fn showing_the_other_answer_fails_and_the_own_passes() {
        let tl = two_in_flight().result("eligible");
        let r = result(
            Outcome::Eligible,
            &[("Name", "試験　一郎"), ("QualificationValidity", "1")],
        );
        assert!(fail(&MatchByName, &evidence(&tl.events, &r)).starts_with(
            "the client shows the Name of res/OQSsiquc01res_other-workstation-0001.xml"
        ));
        // Taken before its own answer was even written.
        let early = other_answered_first().result("eligible");
        let r1 = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
        assert!(fail(&MatchByName, &evidence(&early.events, &r1))
            .contains("before res/OQSsiquc01res_0001.xml, the answer to its own request"));
        let text = fail(&MatchByName, &evidence(&early.events, &r1));
        assert!(
            text.ja()
                .unwrap()
                .contains("名前ではなく時刻でファイルを取った"),
            "{text:?}"
        );
        let tl = two_in_flight().result("ineligible");
        let r = result(
            Outcome::Ineligible,
            &[("Name", "試験　花子"), ("QualificationValidity", "2")],
        );
        assert_eq!(
            pass(&MatchByName, &evidence(&tl.events, &r)),
            "the client shows Name, QualificationValidity of res/OQSsiquc01res_0001.xml, its own \
             answer, although res/OQSsiquc01res_other-workstation-0001.xml arrived first"
        );
    }

    /// The field's `newest-result` client: it reports the other workstation's answer before the
    /// terminal has even read its own request (only `request-seen`). The reason names its own
    /// request and the answer it took, not "no request of its own".
    #[test]
    fn taking_another_answer_before_its_own_request_is_read_fails() {
        let tl = Tl::new()
            .file(MINE, "request-seen")
            .file(OTHER, "other-request")
            .file(OTHER, "request-read")
            .file(
                "res/OQSsiquc01res_other-workstation-0001.xml",
                "result-written",
            )
            .content(
                "res/OQSsiquc01res_other-workstation-0001.xml",
                "UTF-8",
                &[("Name", "試験　一郎"), ("QualificationValidity", "1")],
                &[],
            )
            .result("eligible");
        let r = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
        assert_eq!(
            fail(&MatchByName, &evidence(&tl.events, &r)),
            "the client shows the QualificationValidity of \
             res/OQSsiquc01res_other-workstation-0001.xml (another workstation's answer, \
             t=0.050s), before res/OQSsiquc01res_0001.xml, the answer to its own request \
             req/OQSsiquc01req_0001.xml (in req at t=0.010s), was even written: it took a file by \
             time, not by name"
        );
        // Without a request of its own, it does not apply.
        let tl = Tl::new()
            .file(OTHER, "other-request")
            .file(OTHER, "request-read")
            .file(
                "res/OQSsiquc01res_other-workstation-0001.xml",
                "result-written",
            )
            .content(
                "res/OQSsiquc01res_other-workstation-0001.xml",
                "UTF-8",
                &[("QualificationValidity", "1")],
                &[],
            )
            .result("eligible");
        assert!(not_applicable(&MatchByName, &evidence(&tl.events, &r))
            .contains("no request of its own"));
    }

    #[test]
    fn without_another_answer_it_does_not_apply() {
        let tl = Tl::new()
            .file(MINE, "request-read")
            .file("res/OQSsiquc01res_0001.xml", "result-written")
            .result("eligible");
        let r = result(Outcome::Eligible, &[("Name", "x")]);
        not_applicable(&MatchByName, &evidence(&tl.events, &r));
    }
}
