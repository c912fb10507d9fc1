//! The terminal's notes that a Japanese report words in Japanese (docs/reports.md,
//! "Japanese"): the timeline keeps a note as written (`docs/timeline.md`), so the report reads
//! these shapes back; they are spelled here once, for the terminal that writes them and the
//! report that reads them.

/// What the note of a face result the client moved aside puts between the two paths:
/// `face/a.xml moved to face/done/a.xml`.
pub const MOVED_TO: &str = " moved to ";

/// The detail of a request answered while the terminal cannot reach the オンライン資格確認等システム
/// (`center_outage`), after the request's name: `OQSsiquc01req_1.xml: the オンライン資格確認等システム
/// cannot be reached (center_outage)`.
pub const CENTER_UNREACHABLE: &str =
    "the オンライン資格確認等システム cannot be reached (center_outage)";

/// The note of a face result the client moved from `from` to `to`.
pub(crate) fn moved(from: &str, to: &str) -> String {
    format!("{from}{MOVED_TO}{to}")
}
