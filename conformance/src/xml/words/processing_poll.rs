//! What `XML-processing-poll` says: how the client asked again after a 処理中 answer.

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// The terminal never answered 処理中.
pub(in crate::xml) fn never_processing() -> Reason {
    Reason::new(
        "the terminal never answered a request of the client with 処理中",
        "端末がクライアントの要求に処理中と応答したことはない",
    )
    .message("xml/never-processing")
}

/// `next` appeared `gap_us` after the 処理中 answer `path`, written at `busy_us`.
pub(in crate::xml) fn tight_loop(next: &str, gap_us: u64, path: &str, busy_us: u64) -> Reason {
    Reason::new(
        format!(
            "{next} appeared {} ms after the 処理中 answer {path} ({}): the client \
                 polls in a tight loop (at least 1 s between polls)",
            gap_us / 1000,
            at(busy_us)
        ),
        format!(
            "{next} が処理中の応答 {path} ({}) の {} ms 後に現れた: クライアントが間を\
                     空けずに問い合わせ直している (問い合わせの間は 1 秒以上)",
            at(busy_us),
            gap_us / 1000
        ),
    )
    .message("xml/tight-loop")
    .count("gap-ms", gap_us / 1000)
    .cite(Cite::at(busy_us))
}

/// Still waiting after the 処理中 answer `path` (at `busy_us`) when the run ended
/// (`outcome`).
pub(in crate::xml) fn no_deadline(path: &str, busy_us: u64, outcome: &Outcome) -> Reason {
    Reason::new(
        format!(
            "the client was still waiting after the 処理中 answer {path} ({}) when the run \
             ended ({}): it has no deadline of its own",
            at(busy_us),
            outcome
        ),
        format!(
            "処理中の応答 {path} ({}) の後、実行の終了時 ({}) にもクライアントは\
                 待ち続けていた: 自分の期限を持っていない",
            at(busy_us),
            outcome
        ),
    )
    .message("xml/no-deadline")
    .cite(Cite::at(busy_us))
    .code("outcome", outcome.to_string())
}

/// After the 処理中 answer `path` (at `busy_us`) the client never asked again, and ended
/// with `outcome` (at `ended_us`, when recorded).
pub(in crate::xml) fn never_asked_again(
    path: &str,
    busy_us: u64,
    outcome: &Outcome,
    ended_us: Option<u64>,
) -> Reason {
    let ended = ended_us.map_or_else(String::new, |t| format!(" ({})", at(t)));
    Reason::new(
        format!(
            "after the 処理中 answer {path} ({}) the client never asked again: it ended \
             with {}{ended} on an answer the center had not finished (SegmentOfResult 2 is not \
             final: ask again after a pause)",
            at(busy_us),
            outcome
        ),
        format!(
            "処理中の応答 {path} ({}) の後、クライアントは問い合わせ直さず、センターが\
                 処理を終えていない応答のまま {}{ended} で終えた (SegmentOfResult 2 は最終では\
                 ない: 間を空けて問い合わせ直すこと)",
            at(busy_us),
            outcome
        ),
    )
    .message("xml/never-asked-again")
    .cite(Cite::at(busy_us))
    .code("outcome", outcome.to_string())
    .citing(ended_us.map(Cite::at))
}

/// `busy` requests answered 処理中, the shortest pause after one `shortest_us`; the client
/// ended with a result of its own.
pub(in crate::xml) fn polled(busy: usize, shortest_us: Option<u64>) -> Reason {
    let pace = match shortest_us {
        Some(gap) => format!(
            "; the shortest pause before asking again was {}.{:03} s",
            gap / 1_000_000,
            gap / 1000 % 1000
        ),
        None => String::new(),
    };
    let pace_ja = match shortest_us {
        Some(gap) => format!(
            "。問い合わせ直す前の最短の間隔は {}.{:03} 秒",
            gap / 1_000_000,
            gap / 1000 % 1000
        ),
        None => String::new(),
    };
    let said = Reason::new(
        format!(
            "{} answered 処理中{pace}; the client ended with a result of its own",
            count(busy, "request", "requests")
        ),
        format!(
            "要求 {} 件に処理中の応答があった{pace_ja}。クライアントは自分の結果で終えた",
            busy
        ),
    )
    .message("xml/polled")
    .count("requests", busy);
    match shortest_us {
        Some(gap) => said.count("shortest-pause-ms", gap / 1000),
        None => said,
    }
}
