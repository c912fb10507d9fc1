//! `XML-consent-import`: the same-day import of 居宅 / オンライン診療 consents takes the day's
//! consents, from the final download, each once (`docs/kyotaku.md`, "The same-day import").

use std::collections::BTreeMap;

use mynakit_oqs::{ElementName, MessageKind, SegmentOfResult};
use mynakit_protocol::{ClientMessage, Outcome};
use mynakit_timeline::{content_value, ContentElement, ContentFields, FileAction};

use crate::check::{Evidence, Verdict};
use crate::run::folder::{answer_path, client_requests, content, patients_shown, Content};
use crate::run::{Run, Step};
use crate::xml::words::consent_import::{self as words, Matched};

check! {
    /// `XML-consent-import`: the day asked for, the final answer waited for, each unit shown once.
    ConsentImport {
        id: "XML-consent-import",
        severity: Failed,
        rule: "A consent import (OQSmuhvq01 居宅, OQSmuonq01 オンライン診療) asks for a range that \
               holds the terminal's day, with the query's MedicalTreatmentFlag (2, 3); its \
               downloads name the upload's ReceptionNumber; the client shows imported patients \
               only from a download no longer 処理中, one display per unit of that answer \
               (NumberOfProcessingResult) — none from a 処理中 answer, none left out, none \
               added, each screen the patient of its own unit (card data, name, birth date as \
               the unit holds them) — or, without such an answer, no import at all.",
        rationale: "The eligibility of the day's home visits goes into the レセコン the same day, \
                    when staff are back at the facility. An import of the wrong day, or one that \
                    reads a 処理中 answer's empty list as 'no consents today', leaves the day's \
                    patients without the eligibility their claims are made on; one that shows \
                    patients the terminal did not answer (a cached list, a consent withdrawn \
                    since) bills on a consent that is not there.",
        reference: "厚生労働省保険局「訪問看護等におけるオンライン資格確認の仕組み案（概要）」 (p.15: \
                     当日中に資格情報をレセコンに取込); 「オンライン診療等における…仕組み案（概要）」 \
                     (p.16); YUKI-ENT/OQSDrug2 (the OQSmuhvq01 request); docs/kyotaku.md",
        evaluate: consent_import,
    }
}

/// The two imports: upload, download, the range's elements and the flag.
const IMPORTS: [(MessageKind, MessageKind, ElementName, ElementName, &str); 2] = [
    (
        MessageKind::HomeVisitUpload,
        MessageKind::HomeVisitDownload,
        ElementName::ConsentDateFrom,
        ElementName::ConsentDateTo,
        "2",
    ),
    (
        MessageKind::OnlineUpload,
        MessageKind::OnlineDownload,
        ElementName::ExaminationDateFrom,
        ElementName::ExaminationDateTo,
        "3",
    ),
];

/// Whether the file at `path` is a request of `kind` (`<prefix>req…`).
fn is_request_of(path: &str, kind: MessageKind) -> bool {
    file_name(path)
        .strip_prefix(kind.prefix())
        .is_some_and(|rest| rest.starts_with("req"))
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The content of the terminal's answer to the request at `path` (read at step `from`).
fn answer_of<'a>(run: &Run<'a>, path: &str, from: usize) -> Option<(usize, Content<'a>)> {
    let answer = answer_path(path);
    let at = run.before_result()[from..].iter().position(|s| {
        matches!(s, Step::File { path: p, action: FileAction::ResultWritten, .. } if *p == answer)
    })? + from;
    Some((at, content(run, &answer, at)?))
}

fn field<'a>(c: &Content<'a>, name: ElementName) -> &'a str {
    c.fields.get(name).map_or("", |v| v.trim())
}

/// The answer's `SegmentOfResult`, when it has a known one.
fn segment(c: &Content<'_>) -> Option<SegmentOfResult> {
    SegmentOfResult::from_code(field(c, ElementName::SegmentOfResult))
}

fn consent_import(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let requests = client_requests(run);
    let Some((upload_at, upload, (_, download, from_name, to_name, flag))) =
        requests.iter().rev().find_map(|&(i, path, _)| {
            IMPORTS
                .iter()
                .find(|import| is_request_of(path, import.0))
                .map(|import| (i, path, *import))
        })
    else {
        return Verdict::NotApplicable(words::no_import());
    };
    let end = run.before_result().len();
    let Some(asked) = content(run, upload, upload_at) else {
        return Verdict::NotApplicable(words::no_content(upload));
    };
    let Some((accepted_at, accepted)) = answer_of(run, upload, upload_at) else {
        return Verdict::NotApplicable(words::never_answered(upload));
    };
    let reception = field(&accepted, ElementName::ReceptionNumber);
    if segment(&accepted) != Some(SegmentOfResult::Normal) || reception.is_empty() {
        let shown = patients_shown(run, accepted_at, end);
        return match shown {
            0 => Verdict::Pass(words::refused_nothing_imported(upload)),
            n => Verdict::Fail(words::refused_yet_shown(upload, accepted.t_us, n)),
        };
    }
    let day = field(&accepted, ElementName::ProcessExecutionTime)
        .get(..8)
        .unwrap_or("");
    let (from, to) = (field(&asked, from_name), field(&asked, to_name));
    let covered = from <= day && day <= to;
    if !day.is_empty() && !covered {
        return Verdict::Fail(words::other_days(upload, from, to, day));
    }
    let given_flag = field(&asked, ElementName::MedicalTreatmentFlag);
    if !given_flag.is_empty() && given_flag != flag {
        return Verdict::Fail(words::other_flag(upload, given_flag, flag));
    }
    // The downloads of this job, in order, up to the first final answer.
    let mut last_busy: Option<(&str, u64)> = None;
    let mut final_answer: Option<(usize, Content<'_>)> = None;
    for &(i, path, _) in requests
        .iter()
        .filter(|(i, p, _)| *i > upload_at && is_request_of(p, download))
    {
        if let Some(asked) = content(run, path, i) {
            let named = field(&asked, ElementName::ReceptionNumber);
            if named != reception {
                return Verdict::Fail(words::other_reception(path, named, reception));
            }
        }
        let Some((answered_at, answer)) = answer_of(run, path, i) else {
            continue;
        };
        if segment(&answer) == Some(SegmentOfResult::Processing) {
            last_busy = Some((answer.path, answer.t_us));
            continue;
        }
        final_answer = Some((answered_at, answer));
        break;
    }
    let Some((final_at, answer)) = final_answer else {
        let shown = patients_shown(run, accepted_at, end);
        let imported = matches!(
            e.result.outcome,
            Outcome::Eligible | Outcome::Ineligible | Outcome::MedicalAssistance
        );
        if shown == 0 && !imported {
            return Verdict::Pass(words::gave_up(reception, &e.result.outcome));
        }
        return Verdict::Fail(words::no_final_download(
            &e.result.outcome,
            shown,
            last_busy,
        ));
    };
    let early = patients_shown(run, accepted_at, final_at);
    if early > 0 {
        return Verdict::Fail(words::shown_early(early, answer.path));
    }
    let units: Option<usize> = field(&answer, ElementName::NumberOfProcessingResult)
        .parse()
        .ok();
    let shown = patients_shown(run, final_at, end);
    match units {
        Some(units) if units != shown => {
            Verdict::Fail(words::count_differs(answer.path, units, shown))
        }
        _ => match unit_patients(&answer, &screens(run, final_at, end)) {
            Err(UnnamedPatient { screen, answer }) => {
                Verdict::Fail(words::unnamed_patient(screen, &answer))
            }
            Ok(matched) => Verdict::Pass(words::imported(
                upload,
                (from, to, day),
                answer.path,
                shown,
                &matched,
            )),
        },
    }
}

/// The fields of the patient screens (displays with an outcome) from step `from` to `to`.
fn screens<'a>(run: &'a Run<'_>, from: usize, to: usize) -> Vec<&'a BTreeMap<String, String>> {
    run.before_result()[from..to]
        .iter()
        .filter_map(|s| match s {
            Step::Client {
                message:
                    ClientMessage::Display {
                        outcome: Some(_),
                        fields,
                        ..
                    },
                ..
            } => Some(fields),
            _ => None,
        })
        .collect()
}

/// Whether a screen showing `shown` names the patient of `unit`: `Some(false)` when an identity
/// element it shows differs from the unit's, `None` when it shows none of them.
fn names(unit: &ContentFields, shown: &BTreeMap<String, String>) -> Option<bool> {
    let mut compared = false;
    for (element, held) in unit.iter() {
        // Who the unit names; its consent flags name no one.
        let ContentElement::Known(element) = element else {
            continue;
        };
        if !ElementName::IDENTITY.contains(element) {
            continue;
        }
        let Some(value) = shown.get(element.as_str()) else {
            continue;
        };
        compared = true;
        let kept = content_value(*element, value);
        let same = if kept == *value {
            held.trim() == value.trim()
        } else {
            held == kept
        };
        if !same {
            return Some(false);
        }
    }
    compared.then_some(true)
}

/// Each unit's patient against the patients shown, one screen per unit (the counts agree):
/// `Err` names a screen that shows a patient no unit left names. `Ok` says how it was judged.
fn unit_patients(
    answer: &Content<'_>,
    shown: &[&BTreeMap<String, String>],
) -> Result<Matched, UnnamedPatient> {
    if answer.units.is_empty() {
        return Ok(Matched::NoUnits);
    }
    let mut left: Vec<(usize, &ContentFields)> = answer.units.iter().enumerate().collect();
    let mut judged = 0;
    for (n, screen) in shown.iter().enumerate() {
        let verdicts: Vec<(usize, Option<bool>)> = left
            .iter()
            .map(|(i, unit)| (*i, names(unit, screen)))
            .collect();
        if verdicts.iter().all(|(_, v)| v.is_none()) {
            // The screen shows nothing that names a person: only the count can be judged.
            continue;
        }
        judged += 1;
        match verdicts.iter().find(|(_, v)| *v == Some(true)) {
            Some((i, _)) => left.retain(|(j, _)| j != i),
            None => {
                return Err(UnnamedPatient {
                    screen: n + 1,
                    answer: answer.path.to_string(),
                })
            }
        }
    }
    Ok(match judged {
        0 => Matched::CountOnly,
        n => Matched::Screens(n),
    })
}

/// A patient screen of the import that names a patient no unit left names: the check's failure.
#[derive(Debug)]
struct UnnamedPatient {
    /// The screen, 1-based.
    screen: usize,
    /// The import's answer file.
    answer: String,
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    /// An import asking for `from`–`to` on 2026-11-01, answered 処理中 `busy` times, then (if
    /// `units` is given) with that many units; the client shows `shown` patients.
    fn import(from: &str, to: &str, busy: usize, units: Option<usize>, shown: usize) -> Tl {
        let up = "req/OQSmuhvq01req_202611010001.xml";
        let up_res = "res/OQSmuhvq01res_202611010001.xml";
        let mut tl = Tl::new()
            .file(up, "request-read")
            .content(
                up,
                "UTF-8",
                &[
                    ("ConsentDateFrom", from),
                    ("ConsentDateTo", to),
                    ("MedicalTreatmentFlag", "2"),
                ],
                &[],
            )
            .file(up_res, "result-written")
            .content(
                up_res,
                "UTF-8",
                &[
                    ("SegmentOfResult", "1"),
                    ("ReceptionNumber", "R1"),
                    ("ProcessExecutionTime", "20261101180000"),
                ],
                &[],
            );
        let rounds = busy + usize::from(units.is_some());
        for n in 1..=rounds {
            let req = format!("req/OQSmuhvq02req_202611010001_{n:03}.xml");
            let res = format!("res/OQSmuhvq02res_202611010001_{n:03}.xml");
            let answer: Vec<(&str, String)> = if n <= busy {
                vec![("SegmentOfResult", "2".to_owned())]
            } else {
                vec![
                    ("SegmentOfResult", "1".to_owned()),
                    (
                        "NumberOfProcessingResult",
                        units.unwrap_or_default().to_string(),
                    ),
                ]
            };
            let answer: Vec<(&str, &str)> = answer.iter().map(|(k, v)| (*k, v.as_str())).collect();
            tl = tl
                .file(&req, "request-read")
                .content(&req, "UTF-8", &[("ReceptionNumber", "R1")], &[])
                .file(&res, "result-written")
                .content(&res, "UTF-8", &answer, &[]);
        }
        for _ in 0..shown {
            tl = tl.display("eligible");
        }
        tl
    }

    #[test]
    fn the_days_final_answer_shown_once_per_unit_passes() {
        let r = result(Outcome::Eligible, &[]);
        let tl = import("20261101", "20261101", 1, Some(2), 2).result("eligible");
        assert!(pass(&ConsentImport, &evidence(&tl.events, &r)).contains("2 consents"));
    }

    #[test]
    fn another_day_a_missing_patient_or_a_processing_answer_taken_as_final_fails() {
        let r = result(Outcome::Eligible, &[]);
        let tl = import("20261031", "20261031", 0, Some(1), 1).result("eligible");
        assert!(fail(&ConsentImport, &evidence(&tl.events, &r)).contains("20261101"));
        let tl = import("20261101", "20261101", 0, Some(2), 1).result("eligible");
        assert!(fail(&ConsentImport, &evidence(&tl.events, &r)).contains("none left out"));
        let text = fail(&ConsentImport, &evidence(&tl.events, &r));
        assert!(text.ja().unwrap().contains("同意が 2 件あった"), "{text:?}");
        let nothing = result(Outcome::Ineligible, &[]);
        let tl = import("20261101", "20261101", 1, None, 0).result("ineligible");
        assert!(fail(&ConsentImport, &evidence(&tl.events, &nothing)).contains("処理中"));
        // Giving up at the deadline, honestly, passes.
        let gave_up = result(Outcome::ServiceError, &[]);
        let tl = import("20261101", "20261101", 1, None, 0).result("service-error");
        pass(&ConsentImport, &evidence(&tl.events, &gave_up));
    }

    /// The day's import answered at once with units for `taro` and `jiro`; the client shows
    /// the patients named by `shown` (`InsuredIdentificationNumber`s).
    fn import_of(shown: &[&str]) -> Tl {
        let up = "req/OQSmuhvq01req_202611010001.xml";
        let up_res = "res/OQSmuhvq01res_202611010001.xml";
        let down = "req/OQSmuhvq02req_202611010001_001.xml";
        let down_res = "res/OQSmuhvq02res_202611010001_001.xml";
        let mut tl = Tl::new()
            .file(up, "request-read")
            .content(
                up,
                "UTF-8",
                &[
                    ("ConsentDateFrom", "20261101"),
                    ("ConsentDateTo", "20261101"),
                ],
                &[],
            )
            .file(up_res, "result-written")
            .content(
                up_res,
                "UTF-8",
                &[
                    ("SegmentOfResult", "1"),
                    ("ReceptionNumber", "R1"),
                    ("ProcessExecutionTime", "20261101180000"),
                ],
                &[],
            )
            .file(down, "request-read")
            .file(down_res, "result-written")
            .content_with_units(
                down_res,
                &[("SegmentOfResult", "1"), ("NumberOfProcessingResult", "2")],
                &[
                    &[
                        ("InsurerNumber", "06139992"),
                        ("InsuredIdentificationNumber", "2345"),
                        ("Name", "試験　太郎"),
                    ],
                    &[
                        ("InsurerNumber", "06139984"),
                        ("InsuredIdentificationNumber", "77"),
                        ("Name", "試験　次郎"),
                    ],
                ],
            );
        for number in shown {
            tl = tl.client(&format!(
                r#"{{"type":"display","outcome":"eligible","fields":{{"InsuredIdentificationNumber":"{number}"}}}}"#
            ));
        }
        tl.result("eligible")
    }

    #[test]
    fn each_units_patient_is_shown_once_and_none_in_anothers_place() {
        let r = result(Outcome::Eligible, &[]);
        let tl = import_of(&["77", "2345"]);
        assert!(pass(&ConsentImport, &evidence(&tl.events, &r)).contains("2 screens matched"));
        // The right count, the wrong patient: the first unit's patient twice.
        let tl = import_of(&["2345", "2345"]);
        assert!(fail(&ConsentImport, &evidence(&tl.events, &r)).contains("patient screen 2"));
        let text = fail(&ConsentImport, &evidence(&tl.events, &r));
        assert!(
            text.ja().unwrap().starts_with("取込の患者画面 2 が"),
            "{text:?}"
        );
        let tl = import_of(&["2345", "9999"]);
        fail(&ConsentImport, &evidence(&tl.events, &r));
    }

    #[test]
    fn a_run_without_an_import_does_not_apply() {
        let r = result(Outcome::Eligible, &[]);
        not_applicable(&ConsentImport, &evidence(&[], &r));
    }
}
