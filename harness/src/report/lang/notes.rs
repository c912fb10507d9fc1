//! The timeline's notes in Japanese. A note is free text recorded as it was written, and
//! `report.json` keeps it byte for byte (`docs/timeline.md`); a Japanese report words the notes
//! of a known shape in Japanese and shows any other as it was written. The shapes are those of
//! the notes the harness and the terminal write: the facts of `mynakit_timeline::Fact` (the care
//! setting, the portal device account), the face reader's pushes
//! (`mynakit_terminal`'s face reader and the operator's confirmation at it) and the visits of a
//! scenario with earlier visits ([`earlier_visit`], [`judged_visit`], written here).

use std::borrow::Cow;

use mynakit_timeline::Fact;

use super::Lang;

/// What a face reader note starts with (`face reader: hanako confirmed by face`).
const FACE_READER: &str = "face reader: ";

/// The note at the start of an earlier visit (`given.earlier_visits`), in English as the
/// timeline records it: `earlier visit 1 of 2 (given.earlier_visits[0]), 14 day(s) before the
/// scenario's: the client is started for it`.
pub fn earlier_visit(index: usize, count: usize, days_before: u16) -> String {
    format!(
        "earlier visit {} of {count} (given.earlier_visits[{index}]), {days_before} day(s) \
         before the scenario's: {STARTED}",
        index + 1
    )
}

/// The note at the start of the visit a scenario with earlier visits judges.
pub fn judged_visit() -> String {
    format!("{JUDGED_VISIT}{STARTED}")
}

const STARTED: &str = "the client is started for it";
const JUDGED_VISIT: &str = "the visit the scenario judges: ";

/// A note as people read it in `lang`: as written in English, or in Japanese when its shape
/// is known.
pub fn note(lang: Lang, text: &str) -> Cow<'_, str> {
    match lang {
        Lang::En => Cow::Borrowed(text),
        Lang::Ja => note_ja(text).map_or(Cow::Borrowed(text), Cow::Owned),
    }
}

fn note_ja(text: &str) -> Option<String> {
    match Fact::from_note(text) {
        Some(Fact::CareSetting(name)) => return Some(format!("利用場面: {name}")),
        Some(Fact::PortalAccount(p)) => {
            return Some(format!(
                "ポータルの端末アカウント: {} (医療機関等コード {})",
                p.account, p.facility
            ))
        }
        _ => {}
    }
    if let Some(rest) = text.strip_prefix(FACE_READER) {
        return face_reader_ja(rest).map(|what| format!("顔認証付きカードリーダー: {what}"));
    }
    if text == judged_visit() {
        return Some("シナリオが判定する受診: この受診でクライアントを起動する".to_owned());
    }
    earlier_visit_ja(text)
}

/// A face reader note after its prefix: confirmed by a mode, confirmed with the pushed file,
/// not confirmed (the terminal's error after it, as written), a card refused.
fn face_reader_ja(rest: &str) -> Option<String> {
    if let Some((who, code)) = rest
        .strip_suffix("); the failure is pushed")
        .and_then(|r| r.split_once("'s card refused ("))
    {
        return Some(format!(
            "{who} のカードが拒否された ({code})。失敗の結果を書き出した"
        ));
    }
    if let Some((who, error)) = rest.split_once(" not confirmed: ") {
        return Some(format!("{who} を確認できなかった: {error}"));
    }
    if let Some((who, path)) = rest.split_once(" confirmed, ") {
        return Some(format!("{who} を確認し、結果を書き出した: {path}"));
    }
    let (who, mode) = rest.split_once(" confirmed by ")?;
    Some(format!("{who} を {mode} で確認した"))
}

/// An [`earlier_visit`] note in Japanese, read back from its figures.
fn earlier_visit_ja(text: &str) -> Option<String> {
    let rest = text.strip_prefix("earlier visit ")?;
    let (number, rest) = rest.split_once(" of ")?;
    let (count, rest) = rest.split_once(" (given.earlier_visits[")?;
    let (index, rest) = rest.split_once("]), ")?;
    let days = rest.strip_suffix(&format!(" day(s) before the scenario's: {STARTED}"))?;
    let [number, count, index, days]: [usize; 4] = [
        number.parse().ok()?,
        count.parse().ok()?,
        index.parse().ok()?,
        days.parse().ok()?,
    ];
    Some(format!(
        "以前の受診 {number}/{count} (given.earlier_visits[{index}])、シナリオの {days} 日前: \
         この受診でクライアントを起動する"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_of_a_known_shape_read_in_japanese_and_others_as_written() {
        let ja = |text: &str| note(Lang::Ja, text).into_owned();
        assert_eq!(ja("care setting: kenshin"), "利用場面: kenshin");
        assert_eq!(
            ja("portal device account: W0000003 at 1319999999"),
            "ポータルの端末アカウント: W0000003 (医療機関等コード 1319999999)"
        );
        assert_eq!(
            ja("face reader: employee confirmed by face"),
            "顔認証付きカードリーダー: employee を face で確認した"
        );
        assert_eq!(
            ja("face reader: employee confirmed, /tmp/x/oqs/face/a.xml"),
            "顔認証付きカードリーダー: employee を確認し、結果を書き出した: /tmp/x/oqs/face/a.xml"
        );
        assert_eq!(
            ja("face reader: revoked's card refused (MOCK-E114); the failure is pushed"),
            "顔認証付きカードリーダー: revoked のカードが拒否された (MOCK-E114)。失敗の結果を書き出した"
        );
        assert_eq!(
            ja(&earlier_visit(0, 2, 14)),
            "以前の受診 1/2 (given.earlier_visits[0])、シナリオの 14 日前: \
             この受診でクライアントを起動する"
        );
        assert_eq!(
            earlier_visit(0, 2, 14),
            "earlier visit 1 of 2 (given.earlier_visits[0]), 14 day(s) before the scenario's: \
             the client is started for it"
        );
        assert_eq!(
            judged_visit(),
            "the visit the scenario judges: the client is started for it"
        );
        assert!(!ja(&judged_visit()).is_ascii());
        // Any other note, and every note in English, as written.
        for text in ["something else happened", "face reader: odd"] {
            assert_eq!(ja(text), text);
        }
        assert_eq!(
            note(Lang::En, "care setting: kenshin"),
            "care setting: kenshin"
        );
    }
}
