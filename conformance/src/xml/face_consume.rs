//! `XML-face-consume`: a face push is picked up once.

use mynakit_timeline::FileAction;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::folder::{own_answer, Content};
use crate::run::{at, Run, Step};

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
        return Verdict::NotApplicable(Reason::new(
            format!(
                "the client gave no result ({}): what it left in face is not judged",
                e.result.outcome
            ),
            format!(
                "クライアントが結果を返していない ({}): face に残したものは判定しない",
                e.result.outcome
            ),
        ));
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
        return Verdict::NotApplicable(Reason::new(
            "the client read and showed no face push",
            "クライアントは顔認証の通知を読んでも表示してもいない",
        ));
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
            return Verdict::Fail(Reason::new(
                format!(
                    "{push} was read in face {} times ({}, then {}): a push is taken once",
                    reads.len(),
                    at(first),
                    at(second)
                ),
                format!(
                    "{push} を face で {} 回読んだ ({}、次に {}): 通知を取るのは 1 回だけ",
                    reads.len(),
                    at(first),
                    at(second)
                ),
            ));
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
            return Verdict::Fail(Reason::new(
                format!(
                    "{push} was used but left in face: the next check will read this patient again"
                ),
                format!("{push} を使ったが face に残した: 次の確認でこの患者をまた読むことになる"),
            ));
        }
    }
    Verdict::Pass(Reason::new(
        format!(
            "{} taken out of face (or moved aside) and read there at most once",
            used.join(", ")
        ),
        format!(
            "{} は face から取り出し (または移し)、face で読んだのは 1 回まで",
            used.join(", ")
        ),
    ))
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
