//! The words report.html puts around a timeline's events (docs/reports.md, "Japanese"): who
//! each event came from and the harness's own labels. The events' evidence — APDUs and status
//! words, HTTP lines and bodies, the client's protocol lines, notes, paths — stays as recorded.

use std::borrow::Cow;

use mynakit_timeline::{LatencyRange, ReaderAction, Source};

use super::{m, Lang, Msg};

/// Who an event came from, as the timeline's `source` column shows it.
pub fn source(lang: Lang, source: Source) -> &'static str {
    let msg = match source {
        Source::Card => m("card", "カード"),
        Source::Reader => m("reader", "読み取り機"),
        Source::Service => m("service", "サービス"),
        Source::Terminal => m("terminal", "端末"),
        Source::Client => m("client", "クライアント"),
        Source::Operator => m("operator", "操作者"),
    };
    lang.t(msg)
}

/// A line the operator sent to the client.
pub const TO_CLIENT: Msg = m("← operator", "← 操作者");
/// A line the client sent.
pub const FROM_CLIENT: Msg = m("client →", "クライアント →");
/// The label of what the client kept.
pub const KEPT: Msg = m("kept", "保持");
/// Files the client keeps on purpose.
pub const KEPT_ON_PURPOSE: Msg = m("kept on purpose", "意図して保持");
/// The label of a claim file.
pub const CLAIM_FILE: Msg = m("claim file", "請求ファイル");
/// The label of the client's end.
pub const EXITED: Msg = m("exited", "終了");

/// The heading of the strip that draws every layer on one time axis.
pub const LAYERS: Msg = m("On one time axis", "一つの時間軸で");
/// The title of a finding's link to its events on the strip.
pub const ON_THE_STRIP: Msg = m("its events on the time axis", "時間軸上のイベント");
/// The title of a finding's link to its line in the scenario file.
pub const IN_THE_FILE: Msg = m("its line in the scenario file", "シナリオファイルの該当行");

/// `request body (120 bytes)`.
pub fn body(lang: Lang, request: bool, bytes: usize) -> String {
    match (lang, request) {
        (Lang::En, true) => format!("request body ({bytes} bytes)"),
        (Lang::En, false) => format!("response body ({bytes} bytes)"),
        (Lang::Ja, true) => format!("要求の本文 ({bytes} バイト)"),
        (Lang::Ja, false) => format!("応答の本文 ({bytes} バイト)"),
    }
}

/// `12 files searched in HOME, TMPDIR`.
pub fn files_searched(lang: Lang, files: u64, folders: &str) -> String {
    match lang {
        Lang::En => format!("{files} files searched in {folders}"),
        Lang::Ja => format!("{folders} のファイル {files} 個を検索"),
    }
}

/// `VALUE in PATH at byte N (ENCODING)`: the words before the path and after it (the page sets
/// the path as code between them).
pub fn found_at(lang: Lang, value: &str, offset: u64, encoding: &str) -> (String, String) {
    match lang {
        Lang::En => (
            format!("{value} in "),
            format!(" at byte {offset} ({encoding})"),
        ),
        Lang::Ja => (
            format!("{value}: "),
            format!(" の {offset} バイト目 ({encoding})"),
        ),
    }
}

/// `: 2 claims`.
pub fn claims(lang: Lang, n: u64) -> String {
    match lang {
        Lang::En => format!("{n} claims"),
        Lang::Ja => format!("レセプト {n} 件"),
    }
}

/// A reader event's detail: as recorded, or, in Japanese, a `latency` event's range and seed
/// ([`LatencyRange`]) worded in Japanese.
pub fn reader_detail<'a>(lang: Lang, action: &ReaderAction, detail: &'a str) -> Cow<'a, str> {
    match (lang, action, LatencyRange::from_detail(detail)) {
        (Lang::Ja, ReaderAction::Latency, Some(r)) => Cow::Owned(format!(
            "コマンドごとに {}〜{} ms の遅延 (シード {})",
            r.min_ms, r.max_ms, r.seed
        )),
        _ => Cow::Borrowed(detail),
    }
}

/// Why a claim file event holds no claim: its error as recorded (report.json's words), or, in
/// Japanese, the missing file worded from the event's `missing` (an error of another shape, a
/// file that could not be read, stays as recorded).
pub fn claim_file_error(lang: Lang, missing: bool, error: &str) -> Cow<'_, str> {
    match (lang, missing) {
        (Lang::Ja, true) => Cow::Owned(format!(
            "クライアントは MYNAKIT_CLAIM_DIR に {} を書き出していません",
            mynakit_uke::FILE_NAME
        )),
        _ => Cow::Borrowed(error),
    }
}

/// `(49899 of other patients counted, not kept)`: the claims a run counts and leaves out of a
/// month's file (docs/uke.md, "A month's file in a run").
pub fn claims_omitted(lang: Lang, n: u64) -> String {
    match lang {
        Lang::En => format!("({n} of other patients counted, not kept)"),
        Lang::Ja => format!("(ほかの患者の {n} 件は数えるのみで保持しない)"),
    }
}

/// `(line 3)` of a claim's RE.
pub fn on_line(lang: Lang, line: u64) -> String {
    match lang {
        Lang::En => format!("(line {line})"),
        Lang::Ja => format!("({line} 行目)"),
    }
}

/// How the client ended: by its code, by a signal, or unknown.
pub fn exited(lang: Lang, code: Option<i32>, signal: Option<i32>) -> String {
    match (lang, code, signal) {
        (Lang::En, Some(code), _) => format!("with code {code}"),
        (Lang::En, None, Some(signal)) => format!("by signal {signal}"),
        (Lang::En, None, None) => "(how, unknown)".to_owned(),
        (Lang::Ja, Some(code), _) => format!("終了コード {code}"),
        (Lang::Ja, None, Some(signal)) => format!("シグナル {signal}"),
        (Lang::Ja, None, None) => "(終わり方は不明)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeline_labels_read_in_each_language() {
        assert_eq!(source(Lang::Ja, Source::Operator), "操作者");
        assert_eq!(source(Lang::En, Source::Operator), "operator");
        assert_eq!(body(Lang::Ja, true, 12), "要求の本文 (12 バイト)");
        assert_eq!(exited(Lang::En, None, Some(9)), "by signal 9");
        assert_eq!(exited(Lang::Ja, Some(0), None), "終了コード 0");
    }
}
