//! What `XML-complete-read` says: whether what the client showed came from a complete read of
//! an answer the terminal wrote slowly.

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// The run ended without the client's answer (`outcome`).
pub(in crate::xml) fn no_answer(outcome: &str) -> Reason {
    Reason::new(
        format!("the run ended without the client's answer ({})", outcome),
        format!("クライアントの回答なしに実行が終わった ({})", outcome),
    )
    .message("xml/complete-read-no-answer")
    .code("outcome", outcome)
}

/// No answer was written slowly.
pub(in crate::xml) fn no_slow_write() -> Reason {
    Reason::new(
        "no answer to the client's requests was written slowly in place",
        "クライアントの要求への回答で、その場でゆっくり書かれたものはない",
    )
    .message("xml/no-slow-write")
}

/// When the client reported: at `t_us`, or when the run ended.
fn reported(reported_us: Option<u64>) -> (String, String) {
    match reported_us {
        Some(t) => (at(t), at(t)),
        None => ("when the run ended".to_owned(), "実行の終了時".to_owned()),
    }
}

/// The times `ts`, comma-separated.
fn times(ts: &[u64]) -> String {
    ts.iter().map(|t| at(*t)).collect::<Vec<_>>().join(", ")
}

/// The slow write of `path`: begun at `writing_us`, complete at `complete_us` if it was.
pub(in crate::xml) struct Write<'a> {
    pub(in crate::xml) path: &'a str,
    pub(in crate::xml) writing_us: u64,
    pub(in crate::xml) complete_us: Option<u64>,
}

/// The client read the write through the share at `read_us`, before it was complete, and
/// reported at `reported_us` with no later read.
pub(in crate::xml) fn share_read_truncated(
    write: &Write<'_>,
    read_us: u64,
    reported_us: Option<u64>,
) -> Reason {
    let path = write.path;
    let (reported, reported_ja) = reported(reported_us);
    Reason::new(
        format!(
            "the client read {path} through the share at {} (share-read, smbd's record) \
                 while the terminal was still writing it (in parts since {}; {}) and reported \
                 {reported} with no later read: what it showed came from a truncated read",
            at(read_us),
            at(write.writing_us),
            write.complete_us.map_or_else(
                || "not complete when the run ended".to_owned(),
                |t| format!("complete {}", at(t))
            ),
        ),
        format!(
            "クライアントは端末が {path} を書いている途中 ({} から分けて書き込み、{}) に\
                     共有経由でそれを読み ({}、share-read、smbd の記録)、その後読み直さずに \
                     {reported_ja} に報告した: 表示したのは書きかけの読み取りの内容である",
            at(write.writing_us),
            write.complete_us.map_or_else(
                || "実行の終了時にも未完成".to_owned(),
                |t| format!("完成 {}", at(t))
            ),
            at(read_us)
        ),
    )
    .message("xml/share-read-truncated")
    .cite(Cite::at(read_us))
    .cite(Cite::at(write.writing_us))
    .citing(write.complete_us.map(Cite::at))
    .citing(reported_us.map(Cite::at))
}

/// The client read the write at `truncated` and reported at `reported_us`, before it was
/// complete.
pub(in crate::xml) fn reported_before_complete(
    write: &Write<'_>,
    truncated: &[u64],
    reported_us: Option<u64>,
) -> Reason {
    let path = write.path;
    let (reported, reported_ja) = reported(reported_us);
    Reason::new(
        format!(
            "the client read {path} at {} while the terminal was still writing it (in parts \
             since {}) and reported {reported}, before the answer was complete{}: what it showed \
             came from a truncated read",
            times(truncated),
            at(write.writing_us),
            write
                .complete_us
                .map(|t| format!(" ({})", at(t)))
                .unwrap_or_default(),
        ),
        format!(
            "クライアントは端末が {path} を書いている途中 ({} から分けて書き込み) の {} にそれを\
                 読み、回答が完成する前{} に {reported_ja} に報告した: 表示したのは\
                 書きかけの読み取りの内容である",
            at(write.writing_us),
            times(truncated),
            write
                .complete_us
                .map(|t| format!(" ({})", at(t)))
                .unwrap_or_default()
        ),
    )
    .message("xml/reported-before-complete")
    .citing(truncated.iter().copied().map(Cite::at))
    .cite(Cite::at(write.writing_us))
    .citing(reported_us.map(Cite::at))
    .citing(write.complete_us.map(Cite::at))
}

/// The client shows the elements `wrong`, which the complete `path` (complete at
/// `complete_us`) does not hold; it read the file at `reads`, through the share at `share`.
pub(in crate::xml) fn shows_what_complete_lacks(
    wrong: &[&str],
    path: &str,
    complete_us: u64,
    reads: &[u64],
    share: &[u64],
) -> Reason {
    let over_share = if share.is_empty() {
        String::new()
    } else {
        format!(" (through the share: share-read at {})", times(share))
    };
    let over_share_ja = if share.is_empty() {
        String::new()
    } else {
        format!(" (共有経由: share-read {})", times(share))
    };
    Reason::new(
        format!(
            "the client shows {} that the complete {path} (complete {}) does not hold; \
                     it read the file at {}{over_share}",
            wrong.join(", "),
            at(complete_us),
            times(reads),
        ),
        format!(
            "クライアントが表示した {} は、完成した {path} (完成 {}) にない値である。\
                         ファイルを読んだのは {}{over_share_ja}",
            wrong.join(", "),
            at(complete_us),
            times(reads)
        ),
    )
    .message("xml/shows-what-complete-lacks")
    .code("elements", wrong.join(", "))
    .cite(Cite::at(complete_us))
    .citing(reads.iter().copied().map(Cite::at))
    .citing(share.iter().copied().map(Cite::at))
}

/// ", after N early reads it did not take", in both languages (empty for none).
fn early_reads(early: usize) -> (String, String) {
    if early == 0 {
        (String::new(), String::new())
    } else {
        (
            format!(
                ", after {} it did not take",
                count(early, "early read", "early reads")
            ),
            format!("。それより前の読み取り {early} 回は使っていない"),
        )
    }
}

/// The client took `path` from a read through the share at `read_us`, after it was complete
/// at `complete_us`, `early` earlier reads aside.
pub(in crate::xml) fn took_share_read(
    path: &str,
    read_us: u64,
    complete_us: u64,
    early: usize,
) -> Reason {
    let (before, before_ja) = early_reads(early);
    Reason::new(
        format!(
            "the client took {path} from a read through the share at {} (share-read) once \
                 it was complete ({}){before}",
            at(read_us),
            at(complete_us)
        ),
        format!(
            "クライアントは {path} を、完成後 ({}) の共有経由の読み取り ({}、share-read) \
                     から取った{before_ja}",
            at(complete_us),
            at(read_us)
        ),
    )
    .message("xml/took-share-read")
    .cite(Cite::at(read_us))
    .cite(Cite::at(complete_us))
    .count("early-reads", early)
}

/// Every read of `path` (at `truncated`) came before it was complete at `complete_us`.
pub(in crate::xml) fn all_reads_truncated(
    path: &str,
    truncated: &[u64],
    complete_us: u64,
) -> Reason {
    Reason::new(
        format!(
            "the client's reads of {path} ({}) were all made while the terminal was still \
                 writing it (complete {}): what it showed came from a truncated read",
            times(truncated),
            at(complete_us),
        ),
        format!(
            "クライアントの {path} の読み取り ({}) はすべて端末が書いている途中のもの \
                     (完成 {}) だった: 表示したのは書きかけの読み取りの内容である",
            times(truncated),
            at(complete_us)
        ),
    )
    .message("xml/all-reads-truncated")
    .citing(truncated.iter().copied().map(Cite::at))
    .cite(Cite::at(complete_us))
}

/// The client took `path` from a read at `read_us`, after it was complete at `complete_us`,
/// `early` earlier reads aside.
pub(in crate::xml) fn took_complete_read(
    path: &str,
    read_us: u64,
    complete_us: u64,
    early: usize,
) -> Reason {
    let (before, before_ja) = early_reads(early);
    Reason::new(
        format!(
            "the client took {path} from a read at {} once it was complete ({}){before}",
            at(read_us),
            at(complete_us)
        ),
        format!(
            "クライアントは {path} を、完成後 ({}) の読み取り ({}) から取った{before_ja}",
            at(complete_us),
            at(read_us)
        ),
    )
    .message("xml/took-complete-read")
    .cite(Cite::at(read_us))
    .cite(Cite::at(complete_us))
    .count("early-reads", early)
}

/// No read of `path` was recorded.
pub(in crate::xml) fn no_read(path: &str) -> Reason {
    Reason::new(
        format!(
            "no read of {path} by the client was recorded (reads are seen through inotify on res)"
        ),
        format!(
            "クライアントによる {path} の読み取りは記録されていない (読み取りは res の inotify で\
             見る)"
        ),
    )
    .message("xml/no-read-recorded")
}
