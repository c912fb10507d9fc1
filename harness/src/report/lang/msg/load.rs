//! A scenario file's errors in the reader's language. The loader's messages are serde's and
//! the scenario checker's. The checker writes each of its problems in English and Japanese
//! ([`crate::scenario::Problem`]); serde words its errors in English from a handful of fixed
//! templates (`missing field`, `unknown field`, `invalid type` …, serde's `de::Error`), so each
//! is worded here from the facts it carries, the key path before it kept as it is. A message
//! of no known template is shown as written.

use super::Lang;
use crate::scenario::Said;

/// `said` (`operator.pins: invalid type: map, expected a sequence`, or a semantic problem with
/// its own Japanese) in `lang`.
pub fn load_message(lang: Lang, said: Said<'_>) -> String {
    match (lang, said.ja) {
        (Lang::En, _) => said.en.to_owned(),
        (Lang::Ja, Some(ja)) => ja.to_owned(),
        (Lang::Ja, None) => serde_message_ja(said.en),
    }
}

/// serde's `message` in Japanese where its template is known, else as written.
fn serde_message_ja(message: &str) -> String {
    let (path, body) = match message.split_once(": ") {
        Some((path, body)) if is_key_path(path) => (Some(path), body),
        _ => (None, message),
    };
    let Some(body) = japanese(body) else {
        return message.to_owned();
    };
    match path {
        Some(path) => format!("{path}: {body}"),
        None => body,
    }
}

/// The line that counts the errors of `mynakit scenario check`.
pub fn load_errors_counted(lang: Lang, errors: usize) -> String {
    match lang {
        Lang::En => format!("{errors} error(s)"),
        Lang::Ja => format!("エラー {errors} 件"),
    }
}

/// The line that counts the scenarios `mynakit scenario check` found valid.
pub fn scenarios_valid(lang: Lang, valid: usize) -> String {
    match lang {
        Lang::En => format!("{valid} scenarios valid"),
        Lang::Ja => format!("シナリオ {valid} 件、すべて正しい"),
    }
}

/// A key path as serde names a place: `operator.pins[0]`, `given.cards[0].pins.auth`.
fn is_key_path(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'))
}

fn japanese(body: &str) -> Option<String> {
    if let Some(rest) = body.strip_prefix("invalid type: ") {
        let (found, wanted) = rest.split_once(", expected ")?;
        return Some(format!(
            "型が違う: {} が必要なところに {} がある",
            term(wanted),
            term(found)
        ));
    }
    if let Some(rest) = body.strip_prefix("invalid value: ") {
        let (found, wanted) = rest.split_once(", expected ")?;
        return Some(format!(
            "値が正しくない: {} (必要なもの: {})",
            term(found),
            term(wanted)
        ));
    }
    if let Some(rest) = body.strip_prefix("invalid length ") {
        let (length, wanted) = rest.split_once(", expected ")?;
        return Some(format!(
            "要素の数 {length} が正しくない (必要なもの: {})",
            term(wanted)
        ));
    }
    if let Some(rest) = body.strip_prefix("unknown field ") {
        let (field, choices) = rest.split_once(", ")?;
        return Some(format!(
            "不明なキー {field} ({})",
            choices_ja(choices, "キー")
        ));
    }
    if let Some(rest) = body.strip_prefix("unknown variant ") {
        let (variant, choices) = rest.split_once(", ")?;
        return Some(format!(
            "不明な値 {variant} ({})",
            choices_ja(choices, "値")
        ));
    }
    if let Some(field) = body.strip_prefix("missing field ") {
        return Some(format!("必須のキー {field} がない"));
    }
    if let Some(field) = body.strip_prefix("duplicate field ") {
        return Some(format!("キー {field} が重複している"));
    }
    if let Some(rest) = body.strip_prefix("not an ATR (") {
        return atr_ja(rest);
    }
    None
}

/// `not an ATR ("3B 88"): …` (`scenario::hex::HexNotationError::Atr`) in Japanese: the ATR as
/// written is read again, and what is wrong with it said from its facts. A reader's ATR, whose
/// structure is not checked, fails on its hex or size, which the full reading meets first too.
fn atr_ja(rest: &str) -> Option<String> {
    let mut quoted = serde_json::Deserializer::from_str(rest).into_iter::<String>();
    let text = quoted.next()?.ok()?;
    let end = quoted.byte_offset();
    rest[end..].strip_prefix("): ")?;
    let why = mynakit_apdu::Atr::parse_hex(&text).err()?;
    Some(format!(
        "ATR ではない ({}): {}",
        &rest[..end],
        atr_error_ja(&why)
    ))
}

/// What is wrong with an ATR (`mynakit_apdu::AtrError`), in Japanese.
fn atr_error_ja(why: &mynakit_apdu::AtrError) -> String {
    use mynakit_apdu::AtrError as E;
    match why {
        E::NotHex { offset, found } => {
            format!("位置 {offset} の文字 ({found:?}) は 16 進の数字ではない")
        }
        E::OddDigits { digits } => format!("16 進の数字 {digits} 個ではバイトに揃わない"),
        E::Length { len } => format!("ATR は 2 から 33 バイトだが、これは {len} バイトだ"),
        E::Ts { found } => {
            format!("バイト 0 (TS) が {found:02X} だ: ATR は 3B (順規約) か 3F (逆規約) で始まる")
        }
        E::Size {
            announced,
            needed,
            len,
        } => format!("{announced}: ATR には {needed} バイト必要だが、{len} バイトある"),
        E::Tck {
            offset,
            found,
            expected,
        } => format!(
            "バイト {offset} (TCK) が {found:02X} だ: バイト 1 から {offset} の XOR を 0 にする \
             {expected:02X} でなければならない"
        ),
    }
}

/// serde's `expected one of `a`, `b``, `expected `a``, `there are no fields`.
fn choices_ja(choices: &str, what: &str) -> String {
    match choices
        .strip_prefix("expected one of ")
        .or_else(|| choices.strip_prefix("expected "))
    {
        Some(list) => format!("使える{what}: {list}"),
        None => format!("使える{what}はない"),
    }
}

/// serde's names of what was found or wanted, in Japanese where they are its own words; a
/// type's name or a format's own wording is kept.
fn term(text: &str) -> String {
    let words: [(&str, &str); 12] = [
        ("a sequence", "シーケンス (リスト)"),
        ("sequence", "シーケンス (リスト)"),
        ("a map", "マップ"),
        ("map", "マップ"),
        ("a string", "文字列"),
        ("string", "文字列"),
        ("unit value", "空の値"),
        ("a boolean", "真偽値"),
        ("boolean", "真偽値"),
        ("integer", "整数"),
        ("floating point", "小数"),
        (
            "a string (write PINs in quotes, e.g. \"0123\")",
            "文字列 (暗証番号は \"0123\" のように引用符で囲む)",
        ),
    ];
    if let Some((_, ja)) = words.iter().find(|(en, _)| *en == text) {
        return (*ja).to_owned();
    }
    // `string "pn"`, `integer `5``: the kind in Japanese, the value as written.
    for (en, ja) in words {
        if let Some(value) = text.strip_prefix(en).and_then(|v| v.strip_prefix(' ')) {
            return format!("{ja} {value}");
        }
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_read_in_japanese_with_their_facts() {
        let cases = [
            (
                "operator.pins: invalid type: map, expected a sequence",
                "operator.pins: 型が違う: シーケンス (リスト) が必要なところに マップ がある",
            ),
            (
                "unknown field `persona`, expected one of `id`, `title`",
                "不明なキー `persona` (使えるキー: `id`, `title`)",
            ),
            ("missing field `expect`", "必須のキー `expect` がない"),
            (
                "operator.mode: unknown variant `pn`, expected one of `pin`, `visual`",
                "operator.mode: 不明な値 `pn` (使える値: `pin`, `visual`)",
            ),
            (
                "operator.pins[2]: invalid type: map, expected a string (write PINs in quotes, e.g. \"0123\")",
                "operator.pins[2]: 型が違う: 文字列 (暗証番号は \"0123\" のように引用符で囲む) が必要なところに マップ がある",
            ),
        ];
        for (en, ja) in cases {
            assert_eq!(load_message(Lang::Ja, Said::english(en)), ja);
            assert_eq!(load_message(Lang::En, Said::english(en)), en);
        }
        // An ATR's error, read again from the ATR as written; an ATR that reads is left as
        // written (no template of ours made it).
        let cases = [
            (
                "faults.card[0].atr.atr: not an ATR (\"3C 00\"): byte 0 (TS) is 3C; an ATR starts with 3B (direct convention) or 3F (inverse)",
                "faults.card[0].atr.atr: ATR ではない (\"3C 00\"): バイト 0 (TS) が 3C だ: ATR は 3B (順規約) か 3F (逆規約) で始まる",
            ),
            (
                "given.readers[0].atr: not an ATR (\"3B 8g\"): character 4 ('g') is not a hex digit",
                "given.readers[0].atr: ATR ではない (\"3B 8g\"): 位置 4 の文字 ('g') は 16 進の数字ではない",
            ),
            (
                "not an ATR (\"3B 02 14 50\"): made up",
                "not an ATR (\"3B 02 14 50\"): made up",
            ),
        ];
        for (en, ja) in cases {
            assert_eq!(load_message(Lang::Ja, Said::english(en)), ja);
            assert_eq!(load_message(Lang::En, Said::english(en)), en);
        }
        // A semantic problem reads in its own Japanese; a message of no template, as written.
        let semantic = Said {
            en: "4 is more than the 3 tries of the auth PIN",
            ja: Some("4 は auth の暗証番号の残り回数の上限 3 を超えている"),
        };
        assert_eq!(load_message(Lang::Ja, semantic), semantic.ja.unwrap());
        assert_eq!(load_message(Lang::En, semantic), semantic.en);
        let unknown = "no template fits this";
        assert_eq!(load_message(Lang::Ja, Said::english(unknown)), unknown);
    }
}
