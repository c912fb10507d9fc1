//! `XML-processing-poll`: 処理中 is polled at a bounded pace, up to a deadline.

use mynakit_oqs::{ElementName, SegmentOfResult};
use mynakit_timeline::FileAction;

use crate::check::{Evidence, Verdict};
use crate::run::folder::{answers, content, others, Origin};
use crate::run::{visit_starts, visit_steps, Run, Step};
use crate::xml::words::processing_poll as words;

/// The shortest pause between a 処理中 answer and the next request.
const MIN_GAP_US: u64 = 1_000_000;

check! {
    /// `XML-processing-poll`: no tight loop on 処理中, and no waiting for ever.
    ProcessingPoll {
        id: "XML-processing-poll",
        severity: Failed,
        rule: "After an answer with SegmentOfResult 2 (処理中), the client asks again (a new \
               request) no sooner than 1 s later, never takes the 処理中 answer as the final one, \
               and ends with a result of its own (not the harness's time limit) when the answer \
               stays 処理中.",
        rationale: "A bulk download (一括照会) stays 処理中 while the center works; the terminal and \
                    the center serve every workstation of the clinic. A client that asks again in \
                    a tight loop floods req with requests and delays everyone's answers; one that \
                    never asks again reports a job the center has not finished (no patient's \
                    eligibility in it) as its outcome; one that never gives up leaves staff staring at a spinner instead of falling back to \
                    the card or a later check.",
        reference: "OQS code list OQSCD003 (SegmentOfResult 2 処理中: hangilc/myclinic-ts \
                     packages/onshi-result); Sotatek-ChinhVu/smart-test (bulk download polling); \
                     YUKI-ENT/OQSDrug2 BulkQualificationService; docs/terminal.md#messages",
        evaluate: processing_poll,
    }
}

fn processing_poll(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let others = others(run);
    let busy: Vec<(usize, &str, u64, Option<&str>)> = answers(run)
        .into_iter()
        .filter(|(_, _, origin)| *origin == Origin::Own)
        .filter_map(|(i, path, _)| {
            let c = content(run, path, i)?;
            let segment = c.fields.get(ElementName::SegmentOfResult)?;
            (SegmentOfResult::from_code(segment) == Some(SegmentOfResult::Processing)).then(|| {
                (
                    i,
                    path,
                    c.t_us,
                    job(c.fields.get(ElementName::ReceptionNumber)),
                )
            })
        })
        .collect();
    let Some(&(_, last_path, last_t, _)) = busy.last() else {
        return Verdict::NotApplicable(words::never_processing());
    };
    let starts = visit_starts(run);
    let mut shortest: Option<u64> = None;
    // Whether anything followed a 処理中 answer before the result: a new request of the client,
    // or a later answer at the same path (a terminal that finishes the job in place).
    let mut asked_again = false;
    for &(i, path, t_busy, reception) in &busy {
        // Within the visit's own process: another visit's request (another day's, by another
        // process) asks nothing again of this answer (docs/conformance.md, "Pairing by visit").
        let visit = visit_steps(&starts, i, run.result_at);
        let after = &run.steps[i..visit.end];
        asked_again |= after.iter().skip(1).any(|s| {
            matches!(s, Step::File {
                path: p,
                action: FileAction::ResultWritten,
                ..
            } if *p == path)
        });
        let requests = after.iter().enumerate().filter_map(|(k, s)| match s {
            Step::File {
                path: p,
                action: FileAction::RequestSeen,
                t_us,
            } if !others.contains(p) => Some((i + k, *p, *t_us)),
            _ => None,
        });
        let mut next = None;
        for (at, p, t) in requests {
            asked_again = true;
            // The next poll of the same job: a request naming another ReceptionNumber asks
            // about another job.
            let asked =
                content(run, p, at).and_then(|c| job(c.fields.get(ElementName::ReceptionNumber)));
            if reception.is_none() || asked.is_none() || asked == reception {
                next = Some((p, t));
                break;
            }
        }
        let Some((next_path, t_next)) = next else {
            continue;
        };
        let gap = t_next.saturating_sub(t_busy);
        if gap < MIN_GAP_US {
            return Verdict::Fail(words::tight_loop(next_path, gap, path, t_busy));
        }
        shortest = Some(shortest.map_or(gap, |s| s.min(gap)));
    }
    if e.result.outcome.harness_only() {
        return Verdict::Fail(words::no_deadline(last_path, last_t, &e.result.outcome));
    }
    if !asked_again {
        let (first_path, first_t) = busy.first().map_or((last_path, last_t), |b| (b.1, b.2));
        let ended = run.events.get(run.result_at).map(|ev| ev.t_us);
        return Verdict::Fail(words::never_asked_again(
            first_path,
            first_t,
            &e.result.outcome,
            ended,
        ));
    }
    Verdict::Pass(words::polled(busy.len(), shortest))
}

/// The job a bulk answer or download names: its `ReceptionNumber`, when it has one.
fn job(reception: Option<&str>) -> Option<&str> {
    reception.map(str::trim).filter(|r| !r.is_empty())
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use mynakit_timeline::VisitStart;

    use super::*;
    use crate::testkit::*;

    fn polled(gap_ms: u64) -> Tl {
        let mut tl = Tl::new();
        for n in 1..=2 {
            let req = format!("req/OQSmuquc02req_1_{n:03}.xml");
            let res = format!("res/OQSmuquc02res_1_{n:03}.xml");
            tl = tl
                .file(&req, "request-seen")
                .file(&req, "request-read")
                .file(&res, "result-written")
                .content(&res, "UTF-8", &[("SegmentOfResult", "2")], &[])
                .wait(gap_ms);
        }
        let req = "req/OQSmuquc02req_1_003.xml";
        let res = "res/OQSmuquc02res_1_003.xml";
        tl.file(req, "request-seen")
            .file(req, "request-read")
            .file(res, "result-written")
            .content(res, "UTF-8", &[("SegmentOfResult", "1")], &[])
    }

    #[test]
    fn a_paced_poll_passes_and_a_tight_loop_fails() {
        let r = result(Outcome::Eligible, &[]);
        let tl = polled(1500).result("eligible");
        assert_eq!(
            pass(&ProcessingPoll, &evidence(&tl.events, &r)),
            "2 requests answered 処理中; the shortest pause before asking again was 1.510 s; \
             the client ended with a result of its own"
        );
        let tl = polled(20).result("eligible");
        assert!(fail(&ProcessingPoll, &evidence(&tl.events, &r)).contains("tight loop"));
    }

    /// The field's bug: a bulk download answered 処理中 is taken as the final answer; the client
    /// reports without asking again.
    #[test]
    fn never_asking_again_after_processing_fails() {
        let req = "req/OQSmuquc02req_1_001.xml";
        let res = "res/OQSmuquc02res_1_001.xml";
        let tl = Tl::new()
            .file(req, "request-seen")
            .file(req, "request-read")
            .file(res, "result-written")
            .content(res, "UTF-8", &[("SegmentOfResult", "2")], &[])
            .wait(3000)
            .result("service-error");
        let r = result(Outcome::ServiceError, &[]);
        assert_eq!(
            fail(&ProcessingPoll, &evidence(&tl.events, &r)),
            "after the 処理中 answer res/OQSmuquc02res_1_001.xml (t=0.040s) the client never \
             asked again: it ended with service-error (t=3.050s) on an answer the center had \
             not finished (SegmentOfResult 2 is not final: ask again after a pause)"
        );
        // A terminal that finishes the job at the same path: nothing to ask again.
        let tl = Tl::new()
            .file(req, "request-read")
            .file(res, "result-written")
            .content(res, "UTF-8", &[("SegmentOfResult", "2")], &[])
            .wait(1500)
            .file(res, "result-written")
            .content(res, "UTF-8", &[("SegmentOfResult", "1")], &[])
            .result("eligible");
        let r = result(Outcome::Eligible, &[]);
        assert!(pass(&ProcessingPoll, &evidence(&tl.events, &r)).starts_with("1 request answered"));
    }

    #[test]
    fn waiting_past_the_time_limit_fails_and_no_processing_does_not_apply() {
        let timeout = mynakit_protocol::RunResult::timeout(60_000);
        let req = "req/OQSmuquc02req_1_001.xml";
        let res = "res/OQSmuquc02res_1_001.xml";
        let tl = Tl::new()
            .file(req, "request-read")
            .file(res, "result-written")
            .content(res, "UTF-8", &[("SegmentOfResult", "2")], &[]);
        assert!(fail(&ProcessingPoll, &evidence(&tl.events, &timeout)).contains("no deadline"));
        let text = fail(&ProcessingPoll, &evidence(&tl.events, &timeout));
        assert!(
            text.ja().unwrap().contains("自分の期限を持っていない"),
            "{text:?}"
        );
        let r = result(Outcome::Eligible, &[]);
        not_applicable(&ProcessingPoll, &evidence(&[], &r));
    }

    /// One visit of a month of visits, each its own process: a bulk upload, then downloads of
    /// its job polled `pauses_ms` apart, every answer 処理中 (the center is slow), and the
    /// client giving up with a result of its own soon after the last.
    fn visit(tl: Tl, day: usize, start: VisitStart, pauses_ms: &[u64]) -> Tl {
        let reception = format!("R{day:03}");
        let upload = format!("req/OQSmuquc01req_{day:03}.xml");
        let receipt = format!("res/OQSmuquc01res_{day:03}.xml");
        let mut tl = tl
            .visit(start)
            .file(&upload, "request-seen")
            .file(&upload, "request-read")
            .file(&receipt, "result-written")
            .content(&receipt, "UTF-8", &[("ReceptionNumber", &reception)], &[]);
        for (n, pause) in std::iter::once(0)
            .chain(pauses_ms.iter().copied())
            .enumerate()
        {
            let req = format!("req/OQSmuquc02req_{day:03}_{n}.xml");
            let res = format!("res/OQSmuquc02res_{day:03}_{n}.xml");
            tl = tl
                .wait(pause)
                .file(&req, "request-seen")
                .file(&req, "request-read")
                .content(&req, "UTF-8", &[("ReceptionNumber", &reception)], &[])
                .file(&res, "result-written")
                .content(
                    &res,
                    "UTF-8",
                    &[("SegmentOfResult", "2"), ("ReceptionNumber", &reception)],
                    &[],
                );
        }
        tl.wait(200).result("service-error").exited()
    }

    /// A month of visits, each its own process, `pauses_ms` the polls of the visit `tight`.
    fn month(visits: usize, tight: Option<(usize, u64)>) -> Tl {
        (0..visits).fold(Tl::new(), |tl, day| {
            let start = if day + 1 == visits {
                VisitStart::Judged
            } else {
                VisitStart::Earlier {
                    index: day,
                    count: visits - 1,
                    days_before: u16::try_from(visits - day).unwrap_or(u16::MAX),
                }
            };
            let pause = match tight {
                Some((at, ms)) if at == day => ms,
                _ => 1500,
            };
            visit(tl, day, start, &[pause])
        })
    }

    /// The field's case (issue 102): a 処理中 answer at the end of one day's visit and the next
    /// day's upload, by another process, a few milliseconds later in the run. Paired across the
    /// run they read as a tight loop and FAILED a correct client; within each visit's process
    /// every poll is paced, and the run PASSES.
    #[test]
    fn a_month_of_visits_pairs_each_processing_answer_within_its_own_visit() {
        let r = result(Outcome::ServiceError, &[]);
        let tl = month(22, None);
        assert_eq!(
            pass(&ProcessingPoll, &evidence(&tl.events, &r)),
            "44 requests answered 処理中; the shortest pause before asking again was 1.510 s; \
             the client ended with a result of its own"
        );
        // A tight loop within one visit still FAILS, whichever visit it is in.
        for day in [0, 10, 21] {
            let tl = month(22, Some((day, 20)));
            let text = fail(&ProcessingPoll, &evidence(&tl.events, &r));
            assert!(text.contains("tight loop"), "{text}");
            assert!(
                text.contains(&format!("OQSmuquc02req_{day:03}_1")),
                "{text}"
            );
        }
    }

    /// A poll of the same job is what is paced: a new upload (another job) at once after a
    /// 処理中 answer is no tight loop, while a download naming the same job is.
    #[test]
    fn the_next_poll_is_of_the_same_job() {
        let r = result(Outcome::ServiceError, &[]);
        let busy = |tl: Tl, n: usize, reception: &str| {
            let req = format!("req/OQSmuquc02req_{n}.xml");
            let res = format!("res/OQSmuquc02res_{n}.xml");
            tl.file(&req, "request-seen")
                .file(&req, "request-read")
                .content(&req, "UTF-8", &[("ReceptionNumber", reception)], &[])
                .file(&res, "result-written")
                .content(
                    &res,
                    "UTF-8",
                    &[("SegmentOfResult", "2"), ("ReceptionNumber", reception)],
                    &[],
                )
        };
        // The job R1 answered 処理中, another job's download R2 at once, R1 again 1.5 s later.
        let tl = busy(Tl::new(), 1, "R1").wait(5);
        let tl = busy(tl, 2, "R2").wait(1500);
        let tl = busy(tl, 3, "R1").wait(1500);
        let tl = busy(tl, 4, "R2").wait(200).result("service-error");
        pass(&ProcessingPoll, &evidence(&tl.events, &r));
        // The same job at once: a tight loop.
        let tl = busy(Tl::new(), 1, "R1").wait(5);
        let tl = busy(tl, 2, "R1").wait(200).result("service-error");
        assert!(fail(&ProcessingPoll, &evidence(&tl.events, &r)).contains("tight loop"));
    }
}
