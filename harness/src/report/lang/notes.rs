//! The timeline's notes in Japanese. A note is free text recorded as it was written, and
//! `report.json` keeps it byte for byte (`docs/timeline.md`); a Japanese report words the notes
//! of a known shape in Japanese and shows any other as it was written. The shapes are those of
//! the notes the harness and the terminal write: the facts of `mynakit_timeline::Fact` (the care
//! setting, the portal device account), the face reader's pushes
//! (`mynakit_terminal`'s face reader and the operator's confirmation at it) and the visits of a
//! scenario with earlier visits ([`earlier_visit`], [`judged_visit`], written here).

use std::borrow::Cow;

use mynakit_timeline::{Fact, VisitStart};

use super::Lang;

/// What a face reader note starts with (`face reader: hanako confirmed by face`).
const FACE_READER: &str = "face reader: ";

/// The note at the start of an earlier visit (`given.earlier_visits`), in English as the
/// timeline records it ([`VisitStart`]): `earlier visit 1 of 2 (given.earlier_visits[0]), 14
/// day(s) before the scenario's: the client is started for it`.
pub fn earlier_visit(index: usize, count: usize, days_before: u16) -> String {
    VisitStart::Earlier {
        index,
        count,
        days_before,
    }
    .to_string()
}

/// The note at the start of the visit a scenario with earlier visits judges.
pub fn judged_visit() -> String {
    VisitStart::Judged.to_string()
}

/// A note as people read it in `lang`: as written in English, or in Japanese when its shape
/// is known.
pub fn note(lang: Lang, text: &str) -> Cow<'_, str> {
    match lang {
        Lang::En => Cow::Borrowed(text),
        Lang::Ja => note_ja(text).map_or(Cow::Borrowed(text), Cow::Owned),
    }
}

/// Revocation faults as a note lists them, by their scenario words (`unsigned, wrong-signer`).
fn faults_words(faults: &[mynakit_protocol::RevocationFault]) -> String {
    faults
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A revocation service's or a relying party's account fact in Japanese; `None` for another fact.
fn revocation_fact_ja(fact: Fact) -> Option<String> {
    match fact {
        Fact::Revocation(r) => {
            let faults = if r.faults.is_empty() {
                "なし".to_owned()
            } else {
                faults_words(&r.faults)
            };
            return Some(format!(
                "失効情報サービス: カードの署名用電子証明書は {}、障害: {faults}",
                r.status.ja()
            ));
        }
        Fact::AuthCertificate(a) => {
            let validity = if a.within_validity {
                "有効期間内"
            } else {
                "有効期間外"
            };
            return Some(format!(
                "失効情報サービス: カードの利用者証明用電子証明書は {}、{validity}",
                a.status.ja()
            ));
        }
        Fact::SignValidity(within) => {
            let validity = if within {
                "有効期間内"
            } else {
                "有効期間外"
            };
            return Some(format!(
                "失効情報サービス: カードの署名用電子証明書は{validity}"
            ));
        }
        Fact::RevocationAnswer(a) => {
            let yes_no = |yes: bool| if yes { "はい" } else { "いいえ" };
            return Some(format!(
                "失効情報サービス: カードの{}電子証明書について {} で回答: {}、CA の署名: {}、有効期間内: {}",
                a.certificate,
                a.by,
                a.status.ja(),
                yes_no(a.signed_by_ca),
                yes_no(a.current)
            ));
        }
        Fact::AccountAnswer(a) => {
            let yes_no = |yes: bool| if yes { "はい" } else { "いいえ" };
            return Some(format!(
                "失効情報サービス: 利用者の署名用電子証明書 {} について {} で回答: {}、CA の署名: {}、有効期間内: {}",
                a.certificate,
                a.by,
                a.status.ja(),
                yes_no(a.signed_by_ca),
                yes_no(a.current)
            ));
        }
        Fact::StatusCheckFaults(faults) => {
            return Some(format!(
                "失効情報サービス: 現況確認での障害: {}",
                faults_words(&faults)
            ));
        }
        Fact::AccountStatus(a) => {
            let reason = a
                .reason
                .map_or_else(|| "なし".to_owned(), |code| code.to_string());
            let validity = if a.within_validity {
                ""
            } else {
                "、有効期間外"
            };
            return Some(format!(
                "署名検証者の利用者情報: 利用者 {}、署名用電子証明書 {} は {}、失効理由コード: {reason}{validity}",
                a.user,
                a.serial,
                a.status.ja()
            ));
        }
        _ => {}
    }
    None
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
        Some(Fact::PatientLogged(place)) => {
            return Some(format!(
                "クライアントの出力に患者の値があった: {}",
                logged_place_ja(&place)
            ))
        }
        Some(Fact::BirthDateLeak(place)) => {
            return Some(format!(
                "クライアントの出力にかざしの生年月日があった: {}",
                birth_date_place_ja(&place)
            ))
        }
        Some(Fact::TestCaKey(k)) => {
            return Some(format!(
                "信頼点: カードの{}電子証明書を発行するテスト CA の公開鍵は {}",
                k.certificate, k.key
            ))
        }
        Some(Fact::NonceIssued(nonce)) => {
            return Some(format!("ナンス発行サービス: {nonce} を発行"))
        }
        Some(Fact::HolderAccount(has)) => {
            let has = if has {
                "ある"
            } else {
                "ない（初回利用）"
            };
            return Some(format!(
                "署名検証者の利用者情報: カードの持ち主の登録が{has}"
            ));
        }
        Some(Fact::CardFace(within)) => {
            let validity = if within {
                "有効期限内"
            } else {
                "有効期限切れ"
            };
            return Some(format!("窓口での読み取り: 券面の有効期限: {validity}"));
        }
        Some(Fact::CardRecords(genuine)) => {
            let verdict = if genuine {
                "検証できる"
            } else {
                "検証できない"
            };
            return Some(format!(
                "窓口での読み取り: カードの券面事項の署名はテスト用 CV ルートで{verdict}"
            ));
        }
        Some(Fact::RecordItems(items)) => {
            let names: Vec<&str> = items.iter().map(|i| i.as_str()).collect();
            let items = if names.is_empty() {
                "なし".to_owned()
            } else {
                names.join("、")
            };
            return Some(format!(
                "窓口での読み取り: 確認記録に残してよいカードのデータ: {items}"
            ));
        }
        Some(fact) => {
            if let Some(ja) = revocation_fact_ja(fact) {
                return Some(ja);
            }
        }
        None => {}
    }
    if let Some(rest) = text.strip_prefix(FACE_READER) {
        return face_reader_ja(rest).map(|what| format!("顔認証付きカードリーダー: {what}"));
    }
    if text == judged_visit() {
        return Some("シナリオが判定する受診: この受診でクライアントを起動する".to_owned());
    }
    earlier_visit_ja(text).or_else(|| terminal_ja(text))
}

/// The place of a [`Fact::BirthDateLeak`] (`stderr line 2: the birth date as APDU hex`) in
/// Japanese; a place of another shape as written.
fn birth_date_place_ja(place: &str) -> String {
    let said = place.split_once(" line ").and_then(|(stream, rest)| {
        let (n, form) = rest.split_once(": the birth date ")?;
        let form = match form {
            "in clear" => "平文",
            "as APDU hex" => "APDU の 16 進",
            _ => return None,
        };
        n.parse::<usize>().ok()?;
        Some(format!("{stream} の {n} 行目 ({form})"))
    });
    said.unwrap_or_else(|| place.to_owned())
}

/// The place of a [`Fact::PatientLogged`] (`stderr line 4: name, birth-date`) in Japanese:
/// `stderr の 4 行目 (name, birth-date)`, the kinds by the words the timeline writes.
fn logged_place_ja(place: &mynakit_timeline::LoggedPlace) -> String {
    format!("stderr の {} 行目 ({})", place.line, place.kinds_text())
}

/// A terminal's note of a known shape ([`mynakit_terminal::notes`]): a face result the client
/// moved aside, a request answered while the center cannot be reached. The paths and names
/// are one word each; a note of the same words around anything else is some other note.
fn terminal_ja(text: &str) -> Option<String> {
    use mynakit_terminal::notes::{CENTER_UNREACHABLE, MOVED_TO};
    let one_word = |w: &str| !w.is_empty() && !w.contains(char::is_whitespace);
    if let Some((from, to)) = text.split_once(MOVED_TO) {
        return (one_word(from) && one_word(to)).then(|| format!("{from} を {to} に移動した"));
    }
    let request = text
        .strip_suffix(CENTER_UNREACHABLE)?
        .strip_suffix(": ")
        .filter(|r| one_word(r))?;
    Some(format!(
        "{request}: オンライン資格確認等システムに接続できない (center_outage)"
    ))
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
        let error = face_error_ja(error).unwrap_or_else(|| error.to_owned());
        return Some(format!("{who} を確認できなかった: {error}"));
    }
    if let Some((who, path)) = rest.split_once(" confirmed, ") {
        return Some(format!("{who} を確認し、結果を書き出した: {path}"));
    }
    let (who, mode) = rest.split_once(" confirmed by ")?;
    Some(format!("{who} を {mode} で確認した"))
}

/// Why the face reader confirmed no one ([`mynakit_terminal::FaceError`] as written, the
/// persona quoted), in Japanese for the errors about the person and the card; any other (a
/// result that could not be written) as written.
fn face_error_ja(error: &str) -> Option<String> {
    const USE_ANOTHER_MODE: &str = "; use face or visual mode";
    if let Some(persona) = error.strip_prefix("unknown persona ") {
        return Some(format!("ペルソナ {persona} はない"));
    }
    let (persona, rest) = error.strip_prefix('"')?.split_once('"')?;
    if let Some(refusal) = rest.strip_prefix("'s card cannot be used: ") {
        return Some(format!("\"{persona}\" のカードは使えない: {refusal}"));
    }
    Some(match rest {
        " has no card" => format!("\"{persona}\" はカードを持っていない"),
        "'s card is not registered for insurance use (保険証利用登録)" => {
            format!("\"{persona}\" のカードは保険証利用登録がされていない")
        }
        _ if rest == format!("'s card has no PIN set{USE_ANOTHER_MODE}") => format!(
            "\"{persona}\" のカードには暗証番号が設定されていない。face か visual のモードを使う"
        ),
        _ if rest == format!("'s PIN is blocked{USE_ANOTHER_MODE}") => {
            format!("\"{persona}\" の暗証番号はロックされている。face か visual のモードを使う")
        }
        _ => return None,
    })
}

/// An [`earlier_visit`] note in Japanese, read back from its figures.
fn earlier_visit_ja(text: &str) -> Option<String> {
    let VisitStart::Earlier {
        index,
        count,
        days_before,
    } = VisitStart::from_note(text)?
    else {
        return None;
    };
    let number = index + 1;
    Some(format!(
        "以前の受診 {number}/{count} (given.earlier_visits[{index}])、シナリオの {days_before} 日前: \
         この受診でクライアントを起動する"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The face reader's errors, as the terminal writes them, read in Japanese: the persona and
    /// the service's code and message kept; a result that could not be written as written.
    #[test]
    fn the_face_readers_errors_read_in_japanese() {
        use mynakit_terminal::FaceError;
        let ja = |e: FaceError| {
            note(Lang::Ja, &format!("face reader: hanako not confirmed: {e}")).into_owned()
        };
        let hanako = || "hanako".to_owned();
        for (error, expected) in [
            (
                FaceError::CardRefused {
                    persona: hanako(),
                    code: "MOCK-E114".to_owned(),
                    message: "利用者証明用電子証明書は失効しています".to_owned(),
                },
                "\"hanako\" のカードは使えない: MOCK-E114 利用者証明用電子証明書は失効しています",
            ),
            (
                FaceError::UnknownPersona(hanako()),
                "ペルソナ \"hanako\" はない",
            ),
            (
                FaceError::NoCard(hanako()),
                "\"hanako\" はカードを持っていない",
            ),
            (
                FaceError::NotRegistered(hanako()),
                "\"hanako\" のカードは保険証利用登録がされていない",
            ),
            (
                FaceError::PinNotSet(hanako()),
                "\"hanako\" のカードには暗証番号が設定されていない。face か visual のモードを使う",
            ),
            (
                FaceError::PinBlocked(hanako()),
                "\"hanako\" の暗証番号はロックされている。face か visual のモードを使う",
            ),
        ] {
            assert_eq!(
                ja(error),
                format!("顔認証付きカードリーダー: hanako を確認できなかった: {expected}")
            );
        }
        let io = FaceError::Terminal(mynakit_terminal::TerminalError::Io {
            path: "/tmp/face/a.xml".into(),
            source: std::io::Error::other("disk full"),
        });
        let written = io.to_string();
        assert!(ja(io).ends_with(&format!("確認できなかった: {written}")));
    }

    #[test]
    fn notes_of_a_known_shape_read_in_japanese_and_others_as_written() {
        let ja = |text: &str| note(Lang::Ja, text).into_owned();
        assert_eq!(ja("care setting: kenshin"), "利用場面: kenshin");
        assert_eq!(
            ja("client output held the patient's values: stderr line 4: name, birth-date"),
            "クライアントの出力に患者の値があった: stderr の 4 行目 (name, birth-date)"
        );
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
        assert_eq!(
            ja("face/a.xml moved to face/done/a.xml"),
            "face/a.xml を face/done/a.xml に移動した"
        );
        assert_eq!(
            ja(&format!(
                "OQSmuquc01req_1.xml: {}",
                mynakit_terminal::notes::CENTER_UNREACHABLE
            )),
            "OQSmuquc01req_1.xml: オンライン資格確認等システムに接続できない (center_outage)"
        );
        // Any other note, and every note in English, as written.
        for text in [
            "something else happened",
            "face reader: odd",
            "the card moved to the other reader",
        ] {
            assert_eq!(ja(text), text);
        }
        assert_eq!(
            note(Lang::En, "care setting: kenshin"),
            "care setting: kenshin"
        );
    }
}
