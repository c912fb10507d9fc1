//! The answer this client got, in either role: the service's answer to a check it posted
//! (`POST /v1/confirmations`, a care setting's check; an OQS message as JSON or XML) for a card
//! app, or the terminal's
//! result file for one of the レセコン's own requests (or a face push) for a レセコン, read from
//! the content event the terminal recorded for it (`docs/timeline.md`, "Content"). The checks
//! about what is shown for an eligibility outcome judge both roles through it, the same way
//! (`docs/conformance.md`, "Roles").
//!
//! A terminal answer is known only as its content event keeps it: codes and insurer fields in
//! clear, personal values as `sha256:` digests ([`mynakit_timeline::content_value`]). A value
//! shown is compared through [`Answer::holds`], which hashes it the same way; an element the
//! content does not keep is not compared.

use std::collections::{HashMap, HashSet};

use mynakit_oqs::codes::{
    ProcessingResultStatus, QualificationValidity, SegmentOfResult, MEDICAL_ASSISTANCE_CARD,
};
use mynakit_oqs::ElementName;
use mynakit_timeline::{content_value, ContentFields, FileAction};

use crate::run::folder;
use crate::run::{words, Exchange, Oqs, Run, Step};

/// Where an answer came from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Via<'r, 'a> {
    /// The service's answer to a card check.
    Service(&'r Exchange<'a>, &'r Oqs),
    /// A result or push the terminal wrote, as its content event keeps it.
    Terminal {
        /// The file, relative to the terminal root (`res/…`, `face/…`).
        path: &'a str,
        /// When the terminal wrote it.
        t_us: u64,
        /// Its content (personal values redacted); `None` when the timeline holds none (a file
        /// over 256 KiB, or one that does not decode).
        fields: Option<&'a ContentFields>,
        /// A face push, not the answer to a request.
        face: bool,
    },
}

/// One answer to this client's own request (or a face push for it), and where in the run it
/// arrived.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Answer<'r, 'a> {
    /// The step at which the client could first read it: the exchange's, or the terminal's
    /// `result-written` / `face-written` (a slow result's `result-complete`).
    pub(crate) step: usize,
    /// What it is.
    pub(crate) via: Via<'r, 'a>,
}

impl Answer<'_, '_> {
    /// The value of the first element `name`, as held: in clear for a service answer; as the
    /// content event keeps it for a terminal answer (a digest for personal values).
    pub(crate) fn get(&self, name: ElementName) -> Option<String> {
        match self.via {
            Via::Service(_, oqs) => oqs.get(name),
            Via::Terminal { fields, .. } => fields?.get(name).map(str::to_owned),
        }
    }

    /// Whether `shown`, shown for `name`, is the value the answer holds: `None` when the answer
    /// does not hold `name` (or a terminal's content does not keep it).
    pub(crate) fn holds(&self, name: ElementName, shown: &str) -> Option<bool> {
        let held = self.get(name)?;
        Some(match self.via {
            Via::Service(..) => held == shown,
            Via::Terminal { .. } => {
                let kept = content_value(name, shown);
                if kept == shown {
                    held.trim() == shown.trim()
                } else {
                    held == kept
                }
            }
        })
    }

    /// The value to name in a verdict: as held, or [`REDACTED`] for a digest (a verdict never
    /// writes a personal value the timeline does not hold in clear).
    pub(crate) fn value_text(&self, name: ElementName) -> Option<String> {
        let value = self.get(name)?;
        Some(if value.starts_with("sha256:") {
            REDACTED.to_owned()
        } else {
            value
        })
    }

    /// Whether the answer's outcome is known: it holds `SegmentOfResult` (a terminal's result
    /// with no content in the timeline does not).
    pub(crate) fn known(&self) -> bool {
        self.get(ElementName::SegmentOfResult).is_some()
    }

    /// `SegmentOfResult`.
    pub(crate) fn segment(&self) -> Option<SegmentOfResult> {
        self.get(ElementName::SegmentOfResult)
            .and_then(|v| SegmentOfResult::from_code(&v))
    }

    /// `ProcessingResultStatus`.
    pub(crate) fn status(&self) -> Option<ProcessingResultStatus> {
        self.get(ElementName::ProcessingResultStatus)
            .and_then(|v| ProcessingResultStatus::from_code(&v))
    }

    /// Whether both `SegmentOfResult` and `ProcessingResultStatus` are `1`. A face push holds
    /// no `ProcessingResultStatus` of its own when the reader's result was normal, so there
    /// `SegmentOfResult` 1 with no status is a success too.
    pub(crate) fn succeeded(&self) -> bool {
        self.segment() == Some(SegmentOfResult::Normal)
            && match self.status() {
                Some(status) => status == ProcessingResultStatus::Normal,
                None => matches!(self.via, Via::Terminal { face: true, .. }),
            }
    }

    /// `QualificationValidity`, read as a code.
    pub(crate) fn validity(&self) -> Option<QualificationValidity> {
        self.get(ElementName::QualificationValidity)
            .as_deref()
            .and_then(QualificationValidity::from_code)
    }

    /// Whether the answer says the person is covered: a success with `QualificationValidity`
    /// 1 or 6.
    pub(crate) fn says_covered(&self) -> bool {
        self.succeeded() && self.validity().is_some_and(QualificationValidity::covered)
    }

    /// Whether the (first) record is 医療扶助 (`InsuredCardClassification` `A1`).
    pub(crate) fn is_medical_assistance(&self) -> bool {
        self.get(ElementName::InsuredCardClassification).as_deref() == Some(MEDICAL_ASSISTANCE_CARD)
    }

    /// Whether it came from the terminal.
    pub(crate) fn is_terminal(&self) -> bool {
        matches!(self.via, Via::Terminal { .. })
    }

    /// `POST /v1/confirmations (request 3, t=1.234s)`, `the terminal's answer
    /// res/OQSsiquc01res_0001.xml (t=1.234s)` or `the face push face/… (t=…)`.
    pub(crate) fn describe(&self) -> String {
        match self.via {
            Via::Service(x, _) => x.describe(),
            Via::Terminal {
                path, t_us, face, ..
            } => words::terminal_answer(path, t_us, face),
        }
    }

    /// [`Answer::describe`] in Japanese: `端末の回答 res/OQSsiquc01res_0001.xml (t=1.234s)`.
    pub(crate) fn describe_ja(&self) -> String {
        match self.via {
            Via::Service(x, _) => x.describe_ja(),
            Via::Terminal {
                path, t_us, face, ..
            } => words::terminal_answer_ja(path, t_us, face),
        }
    }
}

/// Every answer to this client's own requests, in order: the service's OQS answers to the
/// checks it sent before its result (`POST /v1/confirmations`, and the care settings' checks) (an answer that came after the result included), and
/// the terminal's results for the requests it wrote before its result, with the face pushes
/// written before its result. Another workstation's results are not the client's.
pub(crate) fn answers<'r, 'a>(run: &'r Run<'a>) -> Vec<Answer<'r, 'a>> {
    // A check is a POST the service answers with a result message: the card check, a care
    // setting's check or view (`docs/care-settings.md`). A GET of the history is not an
    // answer to this request (`docs/history.md`).
    let sent: HashSet<usize> = run
        .requests_before_result()
        .filter(|x| x.method.eq_ignore_ascii_case("POST"))
        .map(|x| x.n)
        .collect();
    let own: HashSet<String> = folder::written_requests(run)
        .iter()
        .map(|(_, path, _)| folder::answer_path(path))
        .collect();
    // A result written slowly (`slow_result`) is whole from its `result-complete`, recorded
    // just before the last part is written; its `result-written` comes after the write has
    // returned, which a quick client can beat (docs/terminal.md, "A result written slowly").
    let mut complete: HashMap<&str, usize> = HashMap::new();
    run.steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::Http(x) if sent.contains(&x.n) => x.oqs().map(|oqs| Answer {
                step: i,
                via: Via::Service(x, oqs),
            }),
            Step::File {
                path,
                action: FileAction::ResultComplete,
                ..
            } if own.contains(*path) => {
                complete.insert(path, i);
                None
            }
            Step::File { path, action, t_us }
                if (*action == FileAction::ResultWritten && own.contains(*path))
                    || (*action == FileAction::FaceWritten && i < run.result_at) =>
            {
                let arrived = match action {
                    FileAction::ResultWritten => complete.remove(path).unwrap_or(i),
                    _ => i,
                };
                // The content event follows the file's event; another file's event may come
                // first (the request's removal), never the same file's next writing.
                let content = folder::content(run, path, i).map(|c| c.fields);
                Some(Answer {
                    step: arrived,
                    via: Via::Terminal {
                        path,
                        t_us: *t_us,
                        fields: content,
                        face: *action == FileAction::FaceWritten,
                    },
                })
            }
            _ => None,
        })
        .collect()
}

/// The answer the client's result stands on: the last of [`answers`] that arrived before its
/// result.
pub(crate) fn last<'r, 'a>(run: &'r Run<'a>) -> Option<Answer<'r, 'a>> {
    answers(run).into_iter().rfind(|a| a.step < run.result_at)
}

/// What a verdict writes for a personal value a terminal answer holds only as a digest, and
/// what it says when no answer applies, for either role (the words are the run's).
pub(crate) use crate::run::words::{NO_ANSWER, NO_ANSWER_JA, REDACTED, REDACTED_JA};

/// A レセコン's request `req/OQSsiquc01req_{n}.xml` (with its content `request`), read by the
/// terminal and answered with `answer` (as [`Tl::content`](crate::testkit::Tl::content) takes
/// them), as the terminal records the exchange.
#[cfg(test)]
pub(crate) fn terminal_exchange(
    tl: crate::testkit::Tl,
    n: &str,
    request: &[(&str, &str)],
    answer: &[(&str, &str)],
) -> crate::testkit::Tl {
    let req = format!("req/OQSsiquc01req_{n}.xml");
    let res = format!("res/OQSsiquc01res_{n}.xml");
    tl.file(&req, "request-seen")
        .file(&req, "request-read")
        .content(&req, "UTF-8", request, &[])
        .file(&res, "result-written")
        .content(&res, "UTF-8", answer, &[])
        .file(&req, "request-removed")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::testkit::*;

    #[test]
    fn a_terminal_answer_is_read_from_its_content_event() {
        let tl = terminal_exchange(
            Tl::new(),
            "0001",
            &[("LimitApplicationCertificateRelatedConsFlg", "0")],
            &[
                ("SegmentOfResult", "1"),
                ("ProcessingResultStatus", "1"),
                ("QualificationValidity", "2"),
                ("Name", "試験　太郎"),
            ],
        )
        .result("ineligible");
        let run = Run::new(&tl.events);
        let answer = last(&run).unwrap();
        assert!(answer.is_terminal());
        assert!(answer.succeeded());
        assert!(!answer.says_covered());
        assert!(
            answer
                .describe()
                .starts_with("the terminal's answer res/OQSsiquc01res_0001.xml (t="),
            "{}",
            answer.describe()
        );
        assert_eq!(answer.holds(ElementName::Name, "試験　太郎"), Some(true));
        assert_eq!(answer.holds(ElementName::Name, "試験　花子"), Some(false));
        assert_eq!(answer.holds(ElementName::Sex1, "1"), None);
        assert_eq!(
            answer.value_text(ElementName::Name).unwrap(),
            "the answer's value"
        );
    }

    #[test]
    fn another_workstations_result_is_not_the_clients() {
        let tl = Tl::new()
            .file("req/OQSsiquc01req_0009.xml", "other-request")
            .file("req/OQSsiquc01req_0009.xml", "request-read")
            .file("res/OQSsiquc01res_0009.xml", "result-written")
            .content(
                "res/OQSsiquc01res_0009.xml",
                "UTF-8",
                &[("SegmentOfResult", "1")],
                &[],
            )
            .result("eligible");
        let run = Run::new(&tl.events);
        assert!(last(&run).is_none());
    }
}
