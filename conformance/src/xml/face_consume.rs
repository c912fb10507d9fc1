//! `XML-face-consume`: a face push is picked up once.

use mynakit_timeline::FileAction;

use crate::check::{Evidence, Verdict};
use crate::run::folder::{own_answer, Content};
use crate::run::{Run, Step};
use crate::xml::words::face_consume as words;

check! {
    /// `XML-face-consume`: take the push out of `face` (or move it aside), once.
    FaceConsume {
        id: "XML-face-consume",
        severity: Failed,
        rule: "A face push (face/OQSsiquc01res_face_*.xml) the client reads or shows is taken \
               out of face or moved into a subfolder of it, and is read in face at most once.",
        rationale: "The 顔認証付きカードリーダー pushes each confirmation into face once, and no one \
                    else removes it. A client that reads a push and leaves it there reads it \
                    again at the next check: the previous patient's eligibility on the next \
                    patient's screen, or a patient registered twice. Moving the push aside \
                    before reading it also keeps two workstations from taking the same one.",
        reference: "ReceptionAgent 単患者照会番号登録仕様 §20 (face results: pick up, then move \
                     or delete); a public Node ResWatcher (forwards and removes face files); \
                     docs/terminal.md#face-push",
        evaluate: face_consume,
    }
}

fn face_consume(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if e.result.outcome.harness_only() {
        return Verdict::NotApplicable(words::no_result(&e.result.outcome));
    }
    // The pushes the client used: the one it shows, and every one it read in face.
    let mut used: Vec<&str> = own_answer(run)
        .filter(|c| c.path.starts_with("face/"))
        .map(|c: Content<'_>| c.path)
        .into_iter()
        .collect();
    for step in run.before_result() {
        if let Step::File {
            path,
            action: FileAction::FaceRead,
            ..
        } = step
        {
            if !used.contains(path) {
                used.push(path);
            }
        }
    }
    if used.is_empty() {
        return Verdict::NotApplicable(words::no_push_used());
    }
    for push in &used {
        let reads: Vec<u64> = run
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::File {
                    path,
                    action: FileAction::FaceRead,
                    t_us,
                } if path == push => Some(*t_us),
                _ => None,
            })
            .collect();
        if let [first, second, ..] = reads[..] {
            return Verdict::Fail(words::push_read_again(push, reads.len(), first, second));
        }
        let taken = run.steps.iter().any(|s| {
            matches!(
                s,
                Step::File {
                    path,
                    action: FileAction::FaceTaken | FileAction::FaceMoved,
                    ..
                } if path == push
            )
        });
        if !taken {
            return Verdict::Fail(words::push_left(push));
        }
    }
    Verdict::Pass(words::pushes_consumed(&used))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    const PUSH: &str = "face/OQSsiquc01res_face_1_20261101090000.xml";

    fn pushed() -> Tl {
        Tl::new()
            .file(PUSH, "face-written")
            .content(PUSH, "UTF-8", &[("Name", "試験　太郎")], &[])
    }

    #[test]
    fn a_push_moved_aside_passes_and_one_left_behind_fails() {
        let r = result(Outcome::Eligible, &[("Name", "試験　太郎")]);
        let tl = pushed().file(PUSH, "face-moved").result("eligible");
        assert!(pass(&FaceConsume, &evidence(&tl.events, &r)).starts_with(PUSH));
        let tl = pushed().file(PUSH, "face-read").result("eligible");
        assert_eq!(
            fail(&FaceConsume, &evidence(&tl.events, &r)),
            format!(
                "{PUSH} was used but left in face: the next check will read this patient again"
            )
        );
        let tl = pushed()
            .file(PUSH, "face-read")
            .file(PUSH, "face-read")
            .result("eligible")
            .file(PUSH, "face-taken");
        assert!(fail(&FaceConsume, &evidence(&tl.events, &r)).contains("read in face 2 times"));
        let text = fail(&FaceConsume, &evidence(&tl.events, &r));
        assert!(
            text.ja().unwrap().contains("face で 2 回読んだ"),
            "{text:?}"
        );
        let timeout = mynakit_protocol::RunResult::timeout(1000);
        not_applicable(&FaceConsume, &evidence(&pushed().events, &timeout));
        not_applicable(&FaceConsume, &evidence(&[], &r));
    }
}
