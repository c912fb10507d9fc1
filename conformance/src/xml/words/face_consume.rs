//! What `XML-face-consume` says: whether the client took the face pushes it used out of `face`,
//! once.

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::at;

/// The client gave no result (`outcome`, the harness's own).
pub(in crate::xml) fn no_result(outcome: &Outcome) -> Reason {
    Reason::new(
        format!(
            "the client gave no result ({}): what it left in face is not judged",
            outcome
        ),
        format!(
            "クライアントが結果を返していない ({}): face に残したものは判定しない",
            outcome
        ),
    )
    .message("xml/face-no-result")
    .code("outcome", outcome.to_string())
}

/// No face push was read or shown.
pub(in crate::xml) fn no_push_used() -> Reason {
    Reason::new(
        "the client read and showed no face push",
        "クライアントは顔認証の通知を読んでも表示してもいない",
    )
    .message("xml/face-no-push-used")
}

/// `push` was read `reads` times, first at `first_us`, then at `second_us`.
pub(in crate::xml) fn push_read_again(
    push: &str,
    reads: usize,
    first_us: u64,
    second_us: u64,
) -> Reason {
    Reason::new(
        format!(
            "{push} was read in face {} times ({}, then {}): a push is taken once",
            reads,
            at(first_us),
            at(second_us)
        ),
        format!(
            "{push} を face で {} 回読んだ ({}、次に {}): 通知を取るのは 1 回だけ",
            reads,
            at(first_us),
            at(second_us)
        ),
    )
    .message("xml/face-push-read-again")
    .count("reads", reads)
    .cite(Cite::at(first_us))
    .cite(Cite::at(second_us))
}

/// `push` was used and left in `face`.
pub(in crate::xml) fn push_left(push: &str) -> Reason {
    Reason::new(
        format!("{push} was used but left in face: the next check will read this patient again"),
        format!("{push} を使ったが face に残した: 次の確認でこの患者をまた読むことになる"),
    )
    .message("xml/face-push-left")
}

/// The pushes `used` were taken out of `face` and read there at most once.
pub(in crate::xml) fn pushes_consumed(used: &[&str]) -> Reason {
    Reason::new(
        format!(
            "{} taken out of face (or moved aside) and read there at most once",
            used.join(", ")
        ),
        format!(
            "{} は face から取り出し (または移し)、face で読んだのは 1 回まで",
            used.join(", ")
        ),
    )
    .message("xml/face-pushes-consumed")
    .count("pushes", used.len())
}
