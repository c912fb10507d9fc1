//! What the `DATA-` checks say, in English and Japanese side by side: one function per thing
//! said, each returning a [`Reason`] that carries its facts (`docs/reports.md`, "Findings as
//! data"). The checks hold no sentence of their own.

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count, Apdu, Exchange};
use mynakit_timeline::LoggedPlace;

/// `DATA-app-login`: the client is no mobile app.
pub(super) fn login_not_declared() -> Reason {
    Reason::new(
        "the client declares neither `app-login` nor the transport `nfc`",
        "クライアントは `app-login` も転送方式 `nfc` も宣言していない",
    )
    .message("data/login-not-declared")
}

/// `DATA-app-login`: nothing was read from a card.
pub(super) fn no_card_command() -> Reason {
    Reason::new(
        "the client sent no command to a card",
        "クライアントはカードにコマンドを送っていない",
    )
    .message("data/no-card-command")
}

/// `DATA-app-login`: unlocked by `method` at `t_us`, before the first card command.
pub(super) fn unlocked_before_read(method: &str, t_us: u64, first: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "unlocked by {method} at {}, before the first card command ({})",
            at(t_us),
            first.place()
        ),
        format!(
            "カードへの最初のコマンド ({}) の前、{} に {method} でロックを解除した",
            first.place(),
            at(t_us),
        ),
    )
    .message("data/unlocked-before-read")
    .code("method", method)
    .cite(Cite::at(t_us))
    .cite(first)
}

/// `DATA-app-login`: the first card command came before the login at `t_us`.
pub(super) fn read_before_login(first: &Apdu<'_>, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the first card command ({}, {}) came before the app's login at {}",
            first.name(),
            first.place(),
            at(t_us)
        ),
        format!(
            "カードへの最初のコマンド ({}, {}) が、{} のアプリのログインより前だった",
            first.name(),
            first.place(),
            at(t_us)
        ),
    )
    .message("data/read-before-login")
    .code("command", first.name())
    .cite(first)
    .cite(Cite::at(t_us))
}

/// `DATA-app-login`: the card was read with no login at all.
pub(super) fn read_without_login(first: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "the app read the card ({}, {}) without an `app-login`: it never said it was \
             unlocked",
            first.name(),
            first.place()
        ),
        format!(
            "アプリが `app-login` なしにカードを読んだ ({}, {}): ロックの解除を一度も伝えていない",
            first.name(),
            first.place()
        ),
    )
    .message("data/read-without-login")
    .code("command", first.name())
    .cite(first)
}

/// `DATA-nothing-kept`: the run searched no folder of the client.
pub(super) fn folders_not_searched() -> Reason {
    Reason::new(
        "the client's folders were not searched (manual mode, an app on the client socket: \
         its folders are on its device, or a run without them)",
        "クライアントのフォルダーを検索していない (手動モード、クライアントソケットのアプリで\
         フォルダーが機器の上にある、またはフォルダーのない実行)",
    )
    .message("data/folders-not-searched")
}

/// `DATA-nothing-kept`: the files kept on purpose, as the client declares them (said after
/// the rest, empty when there are none).
pub(super) fn kept_on_purpose(files: &[&str]) -> (String, String) {
    if files.is_empty() {
        return (String::new(), String::new());
    }
    (
        format!("; kept on purpose, as declared: {}", files.join(", ")),
        format!("。宣言どおり意図して保持: {}", files.join("、")),
    )
}

/// `DATA-nothing-kept`: `files` files searched in `folders` at `t_us`, no patient value found;
/// `purpose` is [`kept_on_purpose`]'s.
pub(super) fn nothing_left(
    files: u64,
    folders: &[String],
    t_us: u64,
    purpose: &(String, String),
) -> Reason {
    let (purpose, purpose_ja) = purpose;
    Reason::new(
        format!(
            "{} in {} searched at {}: no patient value{purpose}",
            count(
                usize::try_from(files).unwrap_or(usize::MAX),
                "file",
                "files"
            ),
            folders.join(", "),
            at(t_us)
        ),
        format!(
            "{} に {} のファイル {files} 個を検索した: 患者の値はない{purpose_ja}",
            at(t_us),
            folders.join("、")
        ),
    )
    .message("data/nothing-left")
    .count("files", files)
    .cite(Cite::at(t_us))
}

/// `DATA-nothing-kept`: one value left (its kind, never the value itself) in `path` at `offset`.
pub(super) fn value_left(kind: &str, path: &str, offset: u64, encoding: &str) -> Reason {
    Reason::new(
        format!("{kind} in {path} at byte {offset} ({encoding})"),
        format!("{path} の {offset} バイト目に {kind} ({encoding})"),
    )
    .message("data/value-left")
    .code("value", kind)
    .code("encoding", encoding)
}

/// `DATA-nothing-kept`: the values left (from [`value_left`]), `more` not shown, and the
/// files kept on purpose ([`kept_on_purpose`]).
pub(super) fn values_left(shown: &[Reason], more: usize, purpose: &(String, String)) -> Reason {
    let (purpose, purpose_ja) = purpose;
    let (more_en, more_ja) = more_not_shown(more);
    Reason::join(shown, "; ", "、")
        .after(
            "the client left the patient's values in its folders: ",
            "クライアントがフォルダーに患者の値を残した: ",
        )
        .before(
            &format!("{more_en}{purpose}"),
            &format!("{more_ja}{purpose_ja}"),
        )
        .message("data/values-left")
        .count("more", more)
}

/// `DATA-read-aloud`: the client reads nothing aloud.
pub(super) fn read_aloud_not_declared() -> Reason {
    Reason::new(
        "the client does not declare `read-aloud`",
        "クライアントは `read-aloud` を宣言していない",
    )
    .message("data/read-aloud-not-declared")
}

/// `DATA-read-aloud`: the spoken line at `t_us` read out a secret (`what`, as the harness
/// names it: "the PIN" or "the 個人番号").
pub(super) fn secret_read(t_us: u64, what: &str) -> Reason {
    Reason::new(
        format!("the spoken line at {} read out {what}", at(t_us)),
        format!("{} の spoken 行が{}を読み上げた", at(t_us), secret_ja(what)),
    )
    .message("data/secret-read")
    .cite(Cite::at(t_us))
}

/// The harness's name of a secret, in Japanese.
fn secret_ja(what: &str) -> &str {
    match what {
        "the PIN" => "暗証番号",
        other => other.strip_prefix("the ").unwrap_or(other),
    }
}

/// `DATA-read-aloud`: `lines` spoken lines, no secret; an `outcome` that has no reading.
pub(super) fn no_reading_to_compare(lines: usize, outcome: &str) -> Reason {
    Reason::new(
        format!(
            "{lines} spoken line(s), none reading out a PIN or the 個人番号; a {outcome} result has no \
             reading to compare",
        ),
        format!(
            "spoken 行 {lines} 件、暗証番号も個人番号も読み上げていない。{outcome} の結果には比べる読み上げが\
             ない",
        ),
    )
    .message("data/no-reading-to-compare")
    .count("lines", lines)
    .code("outcome", outcome)
}

/// `DATA-read-aloud`: a qualification result with nothing read aloud.
pub(super) fn nothing_read(outcome: &str) -> Reason {
    Reason::new(
        format!("the client declares `read-aloud` but read nothing aloud for its {outcome} result"),
        format!(
            "クライアントは `read-aloud` を宣言しているが、{outcome} の結果で何も読み上げなかった"
        ),
    )
    .message("data/nothing-read")
    .code("outcome", outcome)
}

/// `DATA-read-aloud`: none of the outcome's `words` was read.
pub(super) fn outcome_word_not_read(words: &[&str], outcome: &str) -> Reason {
    Reason::new(
        format!(
            "the outcome word ({}) for {outcome} was not read",
            words.join(" / "),
        ),
        format!(
            "{outcome} の結果の語 ({}) を読み上げなかった",
            words.join(" / ")
        ),
    )
    .message("data/outcome-word-not-read")
    .code("outcome", outcome)
}

/// `DATA-read-aloud`: the shown element `element` was not read.
pub(super) fn shown_not_read(element: &str) -> Reason {
    Reason::new(
        format!("the shown {element} was not read"),
        format!("表示した {element} を読み上げなかった"),
    )
    .message("data/shown-not-read")
    .code("element", element)
}

/// `DATA-read-aloud`: the element `element` of the answer to `x` was read but never shown.
pub(super) fn read_not_shown(element: &str, x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("the {element} of {} was read but never shown", x.describe()),
        format!("{} の {element} を、表示せずに読み上げた", x.describe_ja()),
    )
    .message("data/read-not-shown")
    .code("element", element)
    .cite(x)
}

/// `DATA-read-aloud`: `lines` spoken lines read what was shown for the `outcome` result.
pub(super) fn read_as_shown(lines: usize, outcome: &str) -> Reason {
    Reason::new(
        format!(
            "{lines} spoken line(s) read what was shown for the {outcome} result; no PIN or 個人番号 read \
             out",
        ),
        format!(
            "spoken 行 {lines} 件が {outcome} の結果で表示したものを読み上げた。暗証番号や個人番号は\
             読み上げていない",
        ),
    )
    .message("data/read-as-shown")
    .count("lines", lines)
    .code("outcome", outcome)
}

/// `DATA-read-aloud`: what was read wrong (joined), of the spoken lines from `t_us`.
pub(super) fn read_wrong(wrong: &[Reason], t_us: u64) -> Reason {
    let from = at(t_us);
    Reason::join(wrong, "; ", "、")
        .before(
            &format!(" (spoken line(s) from {from})"),
            &format!(" ({from} からの spoken 行)"),
        )
        .message("data/read-wrong")
        .cite(Cite::at(t_us))
}

/// `DATA-read-aloud`: every secret read out (from [`secret_read`]).
pub(super) fn secrets_read(secrets: &[Reason]) -> Reason {
    Reason::join(secrets, "; ", "、")
}

/// A relying party's run: the 基本4情報 it verified are its 確認記録.
pub(super) fn relying_party_keeps_its_record() -> Reason {
    Reason::new(
        "a relying party keeps the 基本4情報 it verified: the 犯罪収益移転防止法 asks it to record \
         the identification and keep the record for seven years (第6条)",
        "署名検証者は検証した基本4情報を保存する: 犯罪収益移転防止法は本人確認記録を作成し 7 年間保存すること\
         を求める (第6条)",
    )
    .message("data/relying-party-keeps-its-record")
}

/// `DATA-ambulance-kept`: not the `myna-kyukyu` setting.
pub(super) fn not_ambulance() -> Reason {
    Reason::new(
        "not the myna-kyukyu setting (an ambulance team's tablet)",
        "myna-kyukyu の利用場面 (救急隊のタブレット) ではない",
    )
    .message("data/not-ambulance")
}

/// `DATA-ambulance-kept`: the values left (from [`value_left`]), `more` not shown.
pub(super) fn ambulance_values_left(shown: &[Reason], more: usize) -> Reason {
    let (more_en, more_ja) = more_not_shown(more);
    Reason::join(shown, "; ", "、")
        .after(
            "the ambulance team's tablet kept the patient's values, which マイナ救急 forbids even \
             in a declared file: ",
            "救急隊のタブレットが傷病者の値を保持した (マイナ救急では宣言したファイルでも許されない): ",
        )
        .before(&more_en, &more_ja)
        .message("data/ambulance-values-left")
        .count("more", more)
}

/// `DATA-ambulance-kept`: lines of the client's log that held the patient's values (each place
/// as the harness names it: `stderr line 4: name, birth-date`).
pub(super) fn ambulance_values_logged(places: &[&LoggedPlace]) -> Reason {
    let (places_en, places_ja) = places_said(places);
    Reason::new(
        format!(
            "the ambulance team's tablet wrote the patient's values to its log, which マイナ救急 \
             forbids: {places_en}"
        ),
        format!("救急隊のタブレットが傷病者の値をログに書き出した (マイナ救急では許されない): {places_ja}"),
    )
    .message("data/ambulance-values-logged")
    .count("lines", places.len())
}

/// `DATA-nothing-logged`: lines of the client's log that held the patient's values.
pub(super) fn values_logged(places: &[&LoggedPlace]) -> Reason {
    let (places_en, places_ja) = places_said(places);
    Reason::new(
        format!("the client wrote the patient's values to its log: {places_en}"),
        format!("クライアントが患者の値をログに書き出した: {places_ja}"),
    )
    .message("data/values-logged")
    .count("lines", places.len())
}

/// `DATA-nothing-logged`: no line of the client's log held a value of the patient.
pub(super) fn nothing_logged() -> Reason {
    Reason::new(
        "no line of the client's log (stderr) held a value of the patient",
        "クライアントのログ (stderr) のどの行にも患者の値はない",
    )
    .message("data/nothing-logged")
}

/// `DATA-nothing-logged`: the run's client was not started by the harness, so its log was not
/// read (the same runs whose folders are not searched).
pub(super) fn log_not_searched() -> Reason {
    Reason::new(
        "the client's log was not searched (manual mode, an app on the client socket: its log \
         is on its device, or a run without it)",
        "クライアントのログを検索していない (手動モード、クライアントソケットのアプリでログが機器の\
         上にある、またはログのない実行)",
    )
    .message("data/log-not-searched")
}

/// `DATA-nothing-logged`: the マイナ救急 tablet's log is `DATA-ambulance-kept`'s.
pub(super) fn ambulance_log() -> Reason {
    Reason::new(
        "the myna-kyukyu setting: the tablet's log is judged by DATA-ambulance-kept",
        "myna-kyukyu の利用場面: タブレットのログは DATA-ambulance-kept が判定する",
    )
    .message("data/ambulance-log")
}

/// The places of the log (`stderr line 4: name, birth-date`), in English and in Japanese
/// (`stderr の 4 行目 (name, birth-date)`).
fn places_said(places: &[&LoggedPlace]) -> (String, String) {
    let en: Vec<String> = places.iter().map(|p| p.to_string()).collect();
    let ja: Vec<String> = places
        .iter()
        .map(|p| format!("stderr の {} 行目 ({})", p.line, p.kinds_text()))
        .collect();
    (en.join("; "), ja.join("、"))
}

/// `; N more` (`、ほか N 件`) after the values a finding shows, when `more` were not shown.
fn more_not_shown(more: usize) -> (String, String) {
    if more > 0 {
        (format!("; {more} more"), format!("、ほか {more} 件"))
    } else {
        (String::new(), String::new())
    }
}
