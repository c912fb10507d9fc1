//! What `APDU-latency-patience` says.

use mynakit_protocol::Outcome;
use mynakit_timeline::LatencyRange;

use crate::reason::Reason;
use crate::run::Apdu;

/// `APDU-latency-patience`: no reader added latency to every command.
pub(in crate::apdu) fn no_latency() -> Reason {
    Reason::new(
        "no reader added latency to every command",
        "どの読取機もコマンドごとの遅延を加えなかった",
    )
    .message("apdu/no-reader-latency")
}

/// `APDU-latency-patience`: the `latency` event's detail does not read as a range.
pub(in crate::apdu) fn unreadable_latency() -> Reason {
    Reason::new(
        "a reader added latency, but the timeline does not say how much",
        "読取機が遅延を加えたが、タイムラインにはその大きさが記録されていない",
    )
    .message("apdu/unreadable-reader-latency")
}

/// `latency` in English: `60 to 200 ms per command`.
fn range(latency: LatencyRange) -> String {
    format!("{} to {} ms per command", latency.min_ms, latency.max_ms)
}

/// `latency` in Japanese: `1 コマンドあたり 60〜200 ms`.
fn range_ja(latency: LatencyRange) -> String {
    format!("1 コマンドあたり {}〜{} ms", latency.min_ms, latency.max_ms)
}

/// `APDU-latency-patience`: another fault (`action`, a reader event) acted on the card or the
/// reader, and its own check judges what followed.
pub(in crate::apdu) fn other_fault(action: &str) -> Reason {
    Reason::new(
        format!("the reader was slow, and {action} also happened: its own check judges that"),
        format!("読取機は遅く、さらに {action} も起きた: それはその専用のチェックが判定する"),
    )
    .message("apdu/latency-with-other-fault")
    .code("action", action)
}

/// `APDU-latency-patience`: the client sent the slow reader no command.
pub(in crate::apdu) fn no_command() -> Reason {
    Reason::new(
        "the client sent the slow reader no command",
        "クライアントは遅い読取機にコマンドを送らなかった",
    )
    .message("apdu/latency-no-command")
}

/// `APDU-latency-patience` (1): `again` repeats the command before it, which the card had
/// answered `9000`.
pub(in crate::apdu) fn sent_again(again: &Apdu<'_>, latency: LatencyRange) -> Reason {
    Reason::new(
        format!(
            "{} sends the {} again right after the card answered it 9000 (the reader adds {}): \
             a late answer is no reason to run a command twice",
            again.place(),
            again.name(),
            range(latency)
        ),
        format!(
            "{} で、カードが 9000 と応答した直後に {} を再送した (読取機の遅延は {}): \
             応答が遅いことはコマンドを二度実行する理由にならない",
            again.place(),
            again.name_ja(),
            range_ja(latency)
        ),
    )
    .message("apdu/latency-sent-again")
    .cite(again)
    .code("command", again.name())
    .count("min_ms", latency.min_ms)
    .count("max_ms", latency.max_ms)
}

/// `APDU-latency-patience` (2): the client ended as card-error after `last`, the `n`th
/// command, was answered with a status word it could go on with.
pub(in crate::apdu) fn gave_up(last: &Apdu<'_>, n: usize, latency: LatencyRange) -> Reason {
    Reason::new(
        format!(
            "the card answered every command ({n} sent; the reader adds {}), the last, {} at \
             {}, with {}; the client still ends as card-error: it gave a working card up as \
             too slow",
            range(latency),
            last.name(),
            last.place(),
            last.sw_text()
        ),
        format!(
            "カードはすべてのコマンド (送信 {n} 個) に応答した (読取機の遅延は {})。最後の {} \
             ({}) への応答は {} だった。それでもクライアントは card-error で終えた: \
             動作するカードを遅すぎるとして諦めた",
            range_ja(latency),
            last.name_ja(),
            last.place(),
            last.sw_text_ja()
        ),
    )
    .message("apdu/latency-gave-up")
    .count("commands", n)
    .count("min_ms", latency.min_ms)
    .count("max_ms", latency.max_ms)
    .code("command", last.name())
    .cite(last)
    .code("sw", last.sw_text())
}

/// `APDU-latency-patience`: the client waited for all `n` answers and ended as `outcome`.
pub(in crate::apdu) fn waited(n: usize, latency: LatencyRange, outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "the reader adds {}; the client waited for every answer ({n} commands) and ends \
             as {outcome}",
            range(latency)
        ),
        format!(
            "読取機の遅延は {}。クライアントはすべての応答 (コマンド {n} 個) を待ち、{outcome} で終えた",
            range_ja(latency)
        ),
    )
    .message("apdu/latency-waited")
    .count("min_ms", latency.min_ms)
    .count("max_ms", latency.max_ms)
    .count("commands", n)
    .code("outcome", outcome.to_string())
}
