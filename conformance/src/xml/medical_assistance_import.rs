//! `XML-medical-assistance-import`: the month's 医療扶助 import asks for the treatment month of
//! the day it is made, and shows every 医療券 the final answer holds
//! (`docs/client-protocol.md`, "The month's 医療扶助 import").

use mynakit_oqs::{ElementName, MessageKind, SegmentOfResult};
use mynakit_protocol::Flow;

use crate::check::{Evidence, Verdict};
use crate::run::folder::{answer_path, content, patients_shown, written_requests};
use crate::run::Run;
use crate::xml::words::{common, medical_assistance_import as words};

check! {
    /// `XML-medical-assistance-import`: the 医療扶助 import is of this month, and all of it is shown.
    MedicalAssistanceImport {
        id: "XML-medical-assistance-import",
        severity: Failed,
        rule: "In the month's 医療扶助 import (flow medical-assistance-import), the client writes \
               an OQSmutic01 upload whose MedicalTreatmentMonth is the month of the terminal's day \
               (the upload answer's ProcessExecutionTime, yyyyMM), and shows each unit of the \
               final OQSmutic02 answer (NumberOfProcessingResult) with a display of its outcome.",
        rationale: "The 医療券 is issued per treatment month: a 指定医療機関 that imports another \
                    month's (the claim month at the start of a month, a month taken from a UTC \
                    clock before 09:00 JST) treats this month's 医療扶助 patients with no 医療券 on \
                    file, or with last month's 本人支払額, and its claim for them comes back.",
        reference: "YUKI-ENT/OQSDrug2 BulkQualificationService (OQSmutic01 with \
                     MedicalTreatmentMonth yyyyMM); 生活保護法 医療扶助 医療券（月単位）; \
                     docs/client-protocol.md; docs/terminal.md#messages",
        evaluate: medical_assistance_import,
    }
}

/// Whether the request at `path` is of `kind` (`…req…`).
fn is_request(path: &str, kind: MessageKind) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_prefix(kind.prefix())
        .is_some_and(|rest| rest.starts_with("req"))
}

fn medical_assistance_import(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.care_setting() != Some(Flow::MedicalAssistanceImport) {
        return Verdict::NotApplicable(words::not_import());
    }
    if e.result.outcome.harness_only() {
        return Verdict::NotApplicable(common::no_result(&e.result.outcome));
    }
    let requests = written_requests(run);
    let Some(&(i, upload, t)) = requests
        .iter()
        .find(|(_, path, _)| is_request(path, MessageKind::AssistanceUpload))
    else {
        return Verdict::Fail(words::no_upload());
    };
    let asked = content(run, upload, i)
        .and_then(|c| c.fields.get(ElementName::MedicalTreatmentMonth))
        .map(str::trim);
    let accepted_at = answer_path(upload);
    let Some(day) = content(run, &accepted_at, i)
        .and_then(|c| c.fields.get(ElementName::ProcessExecutionTime))
        .and_then(|v| v.get(..6))
    else {
        return Verdict::NotApplicable(words::month_unknown(upload, t, &accepted_at));
    };
    if asked != Some(day) {
        return Verdict::Fail(words::other_month(upload, t, asked, day));
    }
    // The final download: the last OQSmutic02 answer the client read before its result that is
    // not 処理中.
    let final_answer = requests
        .iter()
        .filter(|(_, path, _)| is_request(path, MessageKind::AssistanceDownload))
        .filter_map(|(j, path, _)| {
            let answer = answer_path(path);
            content(run, &answer, *j).map(|c| (answer, c))
        })
        .rfind(|(_, c)| {
            c.fields
                .get(ElementName::SegmentOfResult)
                .and_then(SegmentOfResult::from_code)
                == Some(SegmentOfResult::Normal)
        });
    let Some((download, answer)) = final_answer else {
        return Verdict::Pass(words::no_final_download(upload, day));
    };
    let units: usize = answer
        .fields
        .get(ElementName::NumberOfProcessingResult)
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let shown = patients_shown(run, 0, run.before_result().len());
    if shown < units {
        return Verdict::Fail(words::not_all_shown(
            &download,
            answer.t_us,
            units,
            day,
            shown,
        ));
    }
    Verdict::Pass(words::all_shown(upload, day, &download, answer.t_us, units))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const UP: &str = "req/OQSmutic01req_202611020001.xml";
    const UP_RES: &str = "res/OQSmutic01res_202611020001.xml";
    const DOWN: &str = "req/OQSmutic02req_202611020001_001.xml";
    const DOWN_RES: &str = "res/OQSmutic02res_202611020001_001.xml";

    fn import(month: &str, units: &str) -> Tl {
        Tl::new()
            .care_setting("medical-assistance-import")
            .file(UP, "request-read")
            .content(UP, "UTF-8", &[("MedicalTreatmentMonth", month)], &[])
            .file(UP_RES, "result-written")
            .content(
                UP_RES,
                "UTF-8",
                &[
                    ("SegmentOfResult", "1"),
                    ("ProcessExecutionTime", "20261102090000"),
                ],
                &[],
            )
            .file(DOWN, "request-read")
            .file(DOWN_RES, "result-written")
            .content(
                DOWN_RES,
                "UTF-8",
                &[
                    ("SegmentOfResult", "1"),
                    ("NumberOfProcessingResult", units),
                ],
                &[],
            )
    }

    #[test]
    fn this_month_with_every_unit_shown_passes() {
        let r = result(Outcome::MedicalAssistance, &[]);
        let tl = import("202611", "1")
            .display("medical-assistance")
            .result("medical-assistance");
        assert!(pass(&MedicalAssistanceImport, &evidence(&tl.events, &r)).contains("each shown"));
        let tl = import("202611", "2")
            .display("medical-assistance")
            .result("medical-assistance");
        let text = fail(&MedicalAssistanceImport, &evidence(&tl.events, &r));
        assert!(text.contains("holds 2 医療券"), "{text}");
        assert!(text.ja().unwrap().contains("医療券が 2 件ある"), "{text:?}");
    }

    #[test]
    fn another_month_fails() {
        let r = result(Outcome::Ineligible, &[]);
        let tl = import("202610", "0").result("ineligible");
        let text = fail(&MedicalAssistanceImport, &evidence(&tl.events, &r));
        assert!(text.contains("MedicalTreatmentMonth 202610"), "{text}");
        assert!(text.contains("in 202611"), "{text}");
    }

    #[test]
    fn another_setting_is_not_judged() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new().result("eligible");
        not_applicable(&MedicalAssistanceImport, &evidence(&tl.events, &r));
    }
}
