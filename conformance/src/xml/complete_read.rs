//! `XML-complete-read`: a result is taken only once it is complete.
//!
//! The client's reads are seen two ways: the terminal's own look at `res` (`result-read`,
//! recorded at its next look, between the parts of a slow write), and, when the folders are
//! behind the SMB share (`mynakit run --terminal-share smb`), smbd's own record of each read it
//! made for the client (`share-read`, Samba's `full_audit`, recorded within 20 ms; read through
//! [`crate::run::folder::share_ops`], as `XML-share-writes` reads it). Where the share carries them, the
//! client's last `share-read` before its result is what it showed: before `result-complete` it
//! held a truncated file (`docs/terminal.md`, "A result written slowly").

use mynakit_oqs::ElementName;
use mynakit_timeline::FileAction;

use crate::check::{Evidence, Verdict};
use crate::run::folder::{answer_path, client_requests, content, same_value, share_ops, shown};
use crate::run::{Run, Step};
use crate::xml::words::complete_read as words;

/// What the client shows that a truncated read can get wrong or miss.
const SHOWN: &[ElementName] = &[
    ElementName::Name,
    ElementName::NameKana,
    ElementName::Birthdate,
    ElementName::InsurerNumber,
    ElementName::InsuredIdentificationNumber,
    ElementName::QualificationValidity,
];

check! {
    /// `XML-complete-read`: never show what a read of a growing result held.
    CompleteRead {
        id: "XML-complete-read",
        severity: Failed,
        rule: "A result that arrives in parts under its final name is taken only once it is \
               complete: the client's answer comes from a read of the whole document (it parses \
               to the closing </XmlMsg>, or two reads agree), never from a read made while the \
               terminal was still writing it. Over the SMB share (mynakit run \
               --terminal-share smb) the client's last read before it reported, in smbd's \
               record (share-read), must come after the write was complete.",
        rationale: "A large result reaching the レセコン over the clinic's share, or from a \
                    terminal that creates, writes and closes, is a growing file under its final \
                    name for as long as the write takes. A client that reads it when the name \
                    appears (inotify IN_CREATE, .NET FileSystemWatcher.Created) and shows what \
                    it read shows half a patient: no qualification, a cut name, an error where \
                    the answer was fine. Careful clients retry a result that does not parse and \
                    take it after two identical reads.",
        reference: "ReceptionAgent 単患者照会番号登録仕様 §21 (retry a result that cannot be \
                     read yet); .NET FileSystemWatcher.Created is raised when the file is \
                     created, before it is written; Samba vfs_full_audit (the share's record of \
                     the client's reads); docs/terminal.md (a result written slowly; the share \
                     in a run)",
        evaluate: complete_read,
    }
}

/// One result written slowly: where it began, where it was complete (if before the timeline
/// ended), and the client's reads of it.
struct SlowWrite<'a> {
    path: &'a str,
    t_writing: u64,
    complete: Option<(usize, u64)>,
    /// Reads recorded before `result-complete` (each saw a truncated file).
    truncated: Vec<u64>,
    /// Reads recorded after it.
    whole: Vec<u64>,
    /// The client's reads through the SMB share (`share-read`, smbd's own record, timed to
    /// within 20 ms of the read): step index and time, in order.
    share: Vec<(usize, u64)>,
}

impl SlowWrite<'_> {
    /// Whether the step at `index` came before the write was complete.
    fn before_complete(&self, index: usize) -> bool {
        self.complete.is_none_or(|(c, _)| index < c)
    }
}

fn slow_write<'a>(run: &Run<'a>, path: &'a str) -> Option<SlowWrite<'a>> {
    let steps = &run.steps;
    let (start, t_writing) = steps.iter().enumerate().find_map(|(i, s)| match s {
        Step::File {
            path: p,
            action: FileAction::ResultWriting,
            t_us,
        } if *p == path => Some((i, *t_us)),
        _ => None,
    })?;
    let complete = steps
        .iter()
        .enumerate()
        .skip(start)
        .find_map(|(i, s)| match s {
            Step::File {
                path: p,
                action: FileAction::ResultComplete,
                t_us,
            } if *p == path => Some((i, *t_us)),
            _ => None,
        });
    let mut write = SlowWrite {
        path,
        t_writing,
        complete,
        truncated: Vec::new(),
        whole: Vec::new(),
        share: share_ops(run)
            .filter(|op| op.index > start && op.path == path && *op.action == FileAction::ShareRead)
            .map(|op| (op.index, op.t_us))
            .collect(),
    };
    for (i, step) in steps.iter().enumerate().skip(start) {
        if let Step::File {
            path: p,
            action: FileAction::ResultRead,
            t_us,
        } = step
        {
            if *p != path {
                continue;
            }
            match complete {
                Some((c, _)) if i > c => write.whole.push(*t_us),
                _ => write.truncated.push(*t_us),
            }
        }
    }
    Some(write)
}

fn complete_read(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if e.result.outcome.harness_only() {
        return Verdict::NotApplicable(words::no_answer(e.result.outcome.as_str()));
    }
    let requests = client_requests(run);
    let own: Vec<String> = requests.iter().map(|(_, p, _)| answer_path(p)).collect();
    let Some(write) = own.iter().rev().find_map(|p| slow_write(run, p)) else {
        return Verdict::NotApplicable(words::no_slow_write());
    };
    let path = write.path;
    let said = words::Write {
        path,
        writing_us: write.t_writing,
        complete_us: write.complete.map(|(_, t)| t),
    };
    let reported = run.steps.get(run.result_at).map(|s| s.t_us());
    // Over the share, smbd's record of the client's reads: what the client showed came from
    // its last read before it reported.
    let share_read = write
        .share
        .iter()
        .rev()
        .find(|(i, _)| *i < run.result_at)
        .copied();
    if let Some((i, t)) = share_read {
        if write.before_complete(i) {
            return Verdict::Fail(words::share_read_truncated(&said, t, reported));
        }
    }
    let early = write.before_complete(run.result_at);
    if early && !write.truncated.is_empty() {
        return Verdict::Fail(words::reported_before_complete(
            &said,
            &write.truncated,
            reported,
        ));
    }
    let Some((c, t_complete)) = write.complete else {
        return Verdict::NotApplicable(words::no_read(path));
    };
    // What the client showed, against the complete answer.
    if let Some(wrong) = shown_wrong(e, run, path, c) {
        let share: Vec<u64> = write.share.iter().map(|(_, t)| *t).collect();
        let reads = [write.truncated.as_slice(), write.whole.as_slice()].concat();
        return Verdict::Fail(words::shows_what_complete_lacks(
            &wrong, path, t_complete, &reads, &share,
        ));
    }
    if let Some((_, t)) = share_read {
        let early = write
            .share
            .iter()
            .filter(|(i, _)| write.before_complete(*i))
            .count();
        return Verdict::Pass(words::took_share_read(path, t, t_complete, early));
    }
    if write.whole.is_empty() && !write.truncated.is_empty() {
        return Verdict::Fail(words::all_reads_truncated(
            path,
            &write.truncated,
            t_complete,
        ));
    }
    if let Some(first) = write.whole.first() {
        return Verdict::Pass(words::took_complete_read(
            path,
            *first,
            t_complete,
            write.truncated.len(),
        ));
    }
    Verdict::NotApplicable(words::no_read(path))
}

/// The elements the client shows that the complete `path` (its content at step `complete`)
/// does not hold, when there are any.
fn shown_wrong<'a>(
    e: &Evidence<'_>,
    run: &Run<'_>,
    path: &str,
    complete: usize,
) -> Option<Vec<&'a str>> {
    let whole = content(run, path, complete)?;
    let shown = shown(e.result, run);
    let wrong: Vec<&str> = SHOWN
        .iter()
        .filter(|element| {
            shown
                .get(element.as_str())
                .is_some_and(|v| same_value(&whole, **element, v) == Some(false))
        })
        .map(|element| element.as_str())
        .collect();
    (!wrong.is_empty()).then_some(wrong)
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const REQ: &str = "req/OQSsiquc01req_0001.xml";
    const RES: &str = "res/OQSsiquc01res_0001.xml";

    fn writing() -> Tl {
        Tl::new()
            .file(REQ, "request-seen")
            .file(REQ, "request-read")
            .file(RES, "result-writing")
    }

    fn completed(tl: Tl) -> Tl {
        tl.file(RES, "result-complete")
            .file(RES, "result-written")
            .content(RES, "UTF-8", &[("QualificationValidity", "1")], &[])
    }

    #[test]
    fn reporting_from_a_read_of_a_growing_result_fails() {
        // Read when the name appeared, reported at once; the read is recorded by the last scan.
        let tl = writing().result("service-error").file(RES, "result-read");
        let r = result(Outcome::ServiceError, &[]);
        assert_eq!(
            fail(&CompleteRead, &evidence(&tl.events, &r)),
            "the client read res/OQSsiquc01res_0001.xml at t=0.050s while the terminal was still \
             writing it (in parts since t=0.030s) and reported t=0.040s, before the answer was \
             complete: what it showed came from a truncated read"
        );
        let text = fail(&CompleteRead, &evidence(&tl.events, &r));
        assert!(
            text.ja()
                .unwrap()
                .contains("書きかけの読み取りの内容である"),
            "{text:?}"
        );
        // Only truncated reads, reported after the write completed.
        let tl = completed(writing().file(RES, "result-read")).result("eligible");
        let r = result(Outcome::Eligible, &[]);
        assert!(fail(&CompleteRead, &evidence(&tl.events, &r))
            .contains("were all made while the terminal was still writing it"));
        // Shows a value the complete answer does not hold.
        let tl = completed(writing().file(RES, "result-read"))
            .file(RES, "result-read")
            .result("eligible");
        let r = result(Outcome::Eligible, &[("QualificationValidity", "3")]);
        assert!(fail(&CompleteRead, &evidence(&tl.events, &r))
            .starts_with("the client shows QualificationValidity that the complete"));
    }

    /// A read of the result through the SMB share, as smbd's full_audit records it.
    fn share_read(tl: Tl) -> Tl {
        tl.file(RES, "share-open")
            .file(RES, "share-read")
            .file(RES, "share-close")
    }

    #[test]
    fn over_the_share_the_last_read_before_the_result_is_judged() {
        // Read through the share while the result grew, reported at once: smbd's record alone
        // shows it (the terminal's own look recorded no read).
        let tl = share_read(writing()).result("service-error");
        let r = result(Outcome::ServiceError, &[]);
        assert_eq!(
            fail(&CompleteRead, &evidence(&tl.events, &r)),
            "the client read res/OQSsiquc01res_0001.xml through the share at t=0.050s \
             (share-read, smbd's record) while the terminal was still writing it (in parts \
             since t=0.030s; not complete when the run ended) and reported t=0.070s with no \
             later read: what it showed came from a truncated read"
        );
        // Reported after the write was complete, from a read made before it.
        let tl = completed(share_read(writing())).result("eligible");
        let r = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
        let text = fail(&CompleteRead, &evidence(&tl.events, &r));
        assert!(
            text.contains("through the share at t=0.050s (share-read")
                && text.contains("complete t=0.070s"),
            "{text}"
        );
        // Read again once complete, and took that read.
        let tl = share_read(completed(share_read(writing()))).result("eligible");
        assert_eq!(
            pass(&CompleteRead, &evidence(&tl.events, &r)),
            "the client took res/OQSsiquc01res_0001.xml from a read through the share at \
             t=0.110s (share-read) once it was complete (t=0.070s), after 1 early read it did \
             not take"
        );
        // A read after the result is not what it showed.
        let tl = share_read(completed(share_read(writing())).result("eligible"));
        assert!(fail(&CompleteRead, &evidence(&tl.events, &r)).contains("share-read"));
    }

    #[test]
    fn taking_the_complete_result_passes() {
        // Read early, did not take it, read again when complete (recorded after its result).
        let tl = completed(writing().file(RES, "result-read"))
            .result("eligible")
            .file(RES, "result-read");
        let r = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
        assert_eq!(
            pass(&CompleteRead, &evidence(&tl.events, &r)),
            "the client took res/OQSsiquc01res_0001.xml from a read at t=0.090s once it was \
             complete (t=0.050s), after 1 early read it did not take"
        );
        // Not written slowly, or no read seen.
        let plain = Tl::new()
            .file(REQ, "request-read")
            .file(RES, "result-written")
            .result("eligible");
        not_applicable(&CompleteRead, &evidence(&plain.events, &r));
        let unseen = completed(writing()).result("eligible");
        not_applicable(&CompleteRead, &evidence(&unseen.events, &r));
    }
}
