//! `XML-medical-assistance-import`: the month's 医療扶助 import asks for the treatment month of
//! the day it is made, and shows every 医療券 the final answer holds
//! (`docs/client-protocol.md`, "The month's 医療扶助 import").

use mynakit_oqs::{ElementName, MessageKind, SegmentOfResult};
use mynakit_protocol::Flow;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::folder::{answer_path, content, patients_shown, written_requests};
use crate::run::{at, Run};

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
        return Verdict::NotApplicable(Reason::new(
            "the run is not a month's 医療扶助 import (flow medical-assistance-import)",
            "月の医療扶助の取込 (flow medical-assistance-import) の実行\
                ではない",
        ));
    }
    if e.result.outcome.harness_only() {
        return Verdict::NotApplicable(Reason::new(
            format!("the client gave no result ({})", e.result.outcome),
            format!("クライアントが結果を返していない ({})", e.result.outcome),
        ));
    }
    let requests = written_requests(run);
    let Some(&(i, upload, t)) = requests
        .iter()
        .find(|(_, path, _)| is_request(path, MessageKind::AssistanceUpload))
    else {
        return Verdict::Fail(Reason::new(
            "the month's 医療扶助 import was asked for, but the client wrote no OQSmutic01 upload \
             before its result",
            "月の医療扶助の取込が求められたが、クライアントは結果の前に OQSmutic01 の取込要求を\
             書いていない",
        ));
    };
    let asked = content(run, upload, i)
        .and_then(|c| c.fields.get(ElementName::MedicalTreatmentMonth))
        .map(str::trim);
    let accepted_at = answer_path(upload);
    let Some(day) = content(run, &accepted_at, i)
        .and_then(|c| c.fields.get(ElementName::ProcessExecutionTime))
        .and_then(|v| v.get(..6))
    else {
        return Verdict::NotApplicable(Reason::new(
            format!(
                "{upload} (written {}) has no answer with a ProcessExecutionTime ({accepted_at}): \
             the terminal's month is unknown",
                at(t)
            ),
            format!(
                "{upload} (書き込み {}) には ProcessExecutionTime のある応答\
                がない ({accepted_at}): 端末の月がわからない",
                at(t)
            ),
        ));
    };
    if asked != Some(day) {
        return Verdict::Fail(Reason::new(
            format!(
            "{upload} (written {}) asks for MedicalTreatmentMonth {}, but the terminal's day is \
             in {day}: this month's 医療券 are not imported",
            at(t),
            asked.unwrap_or("(none)")
        ),
            format!(
                "{upload} (書き込み {}) は MedicalTreatmentMonth {} を求めているが、端末の日は \
                 {day} の月にある: 今月の医療券を取り込んでいない",
                at(t),
                asked.unwrap_or("(なし)")
            ),
        ));
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
        return Verdict::Pass(Reason::new(
            format!(
            "{upload} asks for this month ({day}); no final download was read before the result \
             (XML-processing-poll judges the polling)"
        ),
            format!(
                "{upload} は今月 ({day}) を求めている。結果の前に最終のダウンロードは\
                 読まれていない (問い合わせ直しは XML-processing-poll で判定する)"
            ),
        ));
    };
    let units: usize = answer
        .fields
        .get(ElementName::NumberOfProcessingResult)
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let shown = patients_shown(run, 0, run.before_result().len());
    if shown < units {
        return Verdict::Fail(Reason::new(
            format!(
                "{download} ({}) holds {units} 医療券 for {day}, but the client showed {shown}",
                at(answer.t_us)
            ),
            format!(
                "{download} ({}) には {day} の医療券が {units} 件あるが、クライアントが\
                 表示したのは {shown} 件",
                at(answer.t_us)
            ),
        ));
    }
    Verdict::Pass(Reason::new(
        format!(
        "{upload} asks for this month ({day}); {download} ({}) holds {units} 医療券, each shown",
        at(answer.t_us)
    ),
        format!(
            "{upload} は今月 ({day}) を求め、{download} ({}) の医療券 {units} \
                件をそれぞれ表示した",
            at(answer.t_us)
        ),
    ))
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
