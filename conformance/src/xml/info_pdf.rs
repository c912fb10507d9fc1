//! `XML-info-pdf`: in 薬剤情報 mode the PDF the client shows is asked for and picked up
//! (`docs/terminal.md`, "薬剤情報 and 特定健診情報").

use mynakit_oqs::{ElementName, MessageKind};
use mynakit_protocol::{Mode, Outcome};
use mynakit_timeline::FileAction;

use crate::check::{Evidence, Verdict};
use crate::run::folder::{content, written_requests};
use crate::run::{Run, Step};
use crate::xml::words::info_pdf as words;

check! {
    /// `XML-info-pdf`: the 薬剤情報 PDF is asked for and read, not assumed.
    InfoPdf {
        id: "XML-info-pdf",
        severity: Failed,
        rule: "In 薬剤情報 mode, a client that shows the drug history as obtained (outcome \
               eligible) has asked for it as a PDF (a YZKsiquc01 request with an odd \
               FileCategory), and read or taken the PDF the terminal wrote under the request's \
               mirrored name with .pdf (res/YZKsiquc01res_….pdf).",
        rationale: "The 薬剤情報 mode is the staff's request for the patient's drug history as the \
                    terminal renders it (XML, then the PDF the doctor reads). A client that reports \
                    the history shown without asking for the PDF, or without ever opening the one \
                    the terminal wrote, leaves the doctor with no document while the screen says \
                    it was obtained.",
        reference: "YUKI-ENT/OQSDrug2 (FileCategory 1/3 for a PDF); Sotatek-ChinhVu/smart-test \
                     (waits for YZKsiquc01res_*.pdf in res); docs/terminal.md",
        modes: [DrugInfo],
        evaluate: info_pdf,
    }
}

/// Whether the request at `path` is a 薬剤情報 request.
fn is_drug_request(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_prefix(MessageKind::DrugInfo.prefix())
        .is_some_and(|rest| rest.starts_with("req"))
}

/// The PDF's path for the request at `path`: `req/YZKsiquc01req_X.xml` →
/// `res/YZKsiquc01res_X.pdf`.
fn pdf_path(path: &str) -> String {
    let answer = crate::run::folder::answer_path(path);
    match answer.strip_suffix(".xml") {
        Some(stem) => format!("{stem}.pdf"),
        None => format!("{answer}.pdf"),
    }
}

fn info_pdf(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if e.mode != Mode::DrugInfo {
        return Verdict::NotApplicable(words::not_drug_info(e.mode.as_str()));
    }
    if e.result.outcome != Outcome::Eligible {
        return Verdict::NotApplicable(words::drugs_not_shown(&e.result.outcome));
    }
    let requests: Vec<_> = written_requests(run)
        .into_iter()
        .filter(|(_, path, _)| is_drug_request(path))
        .collect();
    let Some(&(_, first, t)) = requests.first() else {
        return Verdict::Fail(words::drugs_without_request());
    };
    let asked_pdf = requests.iter().find(|(i, path, _)| {
        content(run, path, *i)
            .and_then(|c| c.fields.get(ElementName::FileCategory))
            .and_then(|v| v.trim().parse::<u8>().ok())
            .is_some_and(|category| category % 2 == 1)
    });
    let Some(&(_, request, _)) = asked_pdf else {
        return Verdict::Fail(words::pdf_not_asked(requests.len(), first, t));
    };
    let pdf = pdf_path(request);
    let steps = run.before_result();
    let written = steps.iter().find_map(|s| match s {
        Step::File {
            path,
            action: FileAction::ResultWritten,
            t_us,
        } if *path == pdf => Some(*t_us),
        _ => None,
    });
    let Some(written) = written else {
        return Verdict::Fail(words::pdf_never_had(request, &pdf));
    };
    // The client's reads are seen on the terminal's scans: the last one comes after the
    // client's result (`docs/terminal.md`, "Timeline"), so every step counts here.
    let picked_up = run.steps.iter().any(|s| {
        matches!(
            s,
            Step::File {
                path,
                action: FileAction::ResultRead | FileAction::ResultTaken,
                ..
            } if *path == pdf
        )
    });
    if picked_up {
        Verdict::Pass(words::pdf_picked_up(request, &pdf, written))
    } else {
        Verdict::Fail(words::pdf_left(&pdf, written))
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const XML_REQ: &str = "req/YZKsiquc01req_02202611010001.xml";
    const PDF_REQ: &str = "req/YZKsiquc01req_01202611010001.xml";
    const PDF: &str = "res/YZKsiquc01res_01202611010001.pdf";

    fn asked(tl: Tl, path: &str, category: &str) -> Tl {
        tl.file(path, "request-read")
            .content(path, "UTF-8", &[("FileCategory", category)], &[])
    }

    fn judge_in_drug_mode(check: &InfoPdf, tl: &Tl, r: &mynakit_protocol::RunResult) -> Verdict {
        let e = crate::Evidence {
            mode: Mode::DrugInfo,
            ..evidence(&tl.events, r)
        };
        judge(check, &e)
    }

    #[test]
    fn the_pdf_asked_for_and_read_passes() {
        let r = result(Outcome::Eligible, &[]);
        let tl = asked(asked(Tl::new(), XML_REQ, "2"), PDF_REQ, "1")
            .file(PDF, "result-written")
            .file(PDF, "result-read")
            .result("eligible");
        assert!(matches!(
            judge_in_drug_mode(&InfoPdf, &tl, &r),
            Verdict::Pass(_)
        ));
    }

    #[test]
    fn a_pdf_never_asked_for_or_never_read_fails() {
        let r = result(Outcome::Eligible, &[]);
        let tl = asked(Tl::new(), XML_REQ, "2").result("eligible");
        let Verdict::Fail(why) = judge_in_drug_mode(&InfoPdf, &tl, &r) else {
            panic!("passed");
        };
        assert!(why.contains("asked for the PDF"), "{why}");
        let tl = asked(asked(Tl::new(), XML_REQ, "2"), PDF_REQ, "1")
            .file(PDF, "result-written")
            .result("eligible");
        let Verdict::Fail(why) = judge_in_drug_mode(&InfoPdf, &tl, &r) else {
            panic!("passed");
        };
        assert!(why.contains("never read"), "{why}");
        assert!(
            why.ja().unwrap().contains("読みも取り出しもしていない"),
            "{why:?}"
        );
    }

    #[test]
    fn a_refused_history_does_not_apply() {
        let r = result(Outcome::ServiceError, &[]);
        let tl = asked(Tl::new(), XML_REQ, "2").result("service-error");
        assert!(matches!(
            judge_in_drug_mode(&InfoPdf, &tl, &r),
            Verdict::NotApplicable(_)
        ));
    }
}
