//! The APDU instructions' Japanese labels, shown beside their ISO names in report.html under
//! `--lang ja` (docs/reports.md, "Japanese"): `READ BINARY（バイナリ読み出し）`. The names
//! themselves are ISO/IEC 7816-4's and JPKI's (mynakit_apdu::Instruction) and stay as they are.
//! The status words' meanings likewise: `63C2 残り 2 回` beside the hex, from the same table of
//! status words as the English `63C2 2 tries left` (`mynakit_apdu::Sw::meaning`).

use mynakit_apdu::{Instruction, Sw};

/// What the instruction does, in Japanese; `None` for an instruction mynakit does not name.
pub fn instruction_ja(instruction: Instruction) -> Option<&'static str> {
    Some(match instruction {
        Instruction::Select => "ファイル選択",
        Instruction::ReadBinary => "バイナリ読み出し",
        Instruction::ReadRecord => "レコード読み出し",
        Instruction::Verify => "暗証番号照合",
        Instruction::ChangeReferenceData => "暗証番号変更",
        Instruction::ResetRetryCounter => "試行回数リセット",
        Instruction::GetChallenge => "乱数取得",
        Instruction::InternalAuthenticate => "内部認証",
        Instruction::PerformSecurityOperation => "セキュリティ操作",
        Instruction::GetData => "データ取得",
        Instruction::GetResponse => "応答取得",
        Instruction::Sign => "署名",
        Instruction::ChangeKey => "鍵変更",
        Instruction::SetSessionKey => "セッション鍵設定",
        Instruction::VerifyCertificate => "証明書検証",
        Instruction::PhoneToken => "トークン",
        Instruction::Other { .. } => return None,
    })
}

/// What a status word means, in Japanese, for the status words `Sw::meaning` explains in
/// English (ISO/IEC 7816-4 §5.6; the PIN counter per docs/card.md); `None` for the others.
pub fn sw_meaning_ja(sw: Sw) -> Option<String> {
    if let Some(left) = sw.tries_left() {
        return Some(match left {
            0 => "残り 0 回 (ロック)".to_owned(),
            n => format!("残り {n} 回"),
        });
    }
    let text = match sw.to_u16() {
        0x9000 => "正常終了",
        0x6700 => "長さ誤り",
        0x6881 => "論理チャネル非対応",
        0x6884 => "コマンドチェイニング非対応",
        0x6981 => "ファイル構造と矛盾するコマンド",
        0x6982 => "セキュリティ条件不成立",
        0x6983 => "ロック",
        0x6984 => "参照データ使用不可",
        0x6985 => "使用条件不成立",
        0x6986 => "カレントEFなし",
        0x6A80 => "データ誤り",
        0x6A82 => "ファイルなし",
        0x6A86 => "P1-P2 誤り",
        0x6B00 => "パラメータ誤り (オフセット)",
        0x6D00 => "INS 非対応",
        0x6E00 => "CLA 非対応",
        _ => return None,
    };
    Some(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_word_with_a_meaning_has_a_japanese_one() {
        for v in 0..=u16::MAX {
            let sw = Sw::from(v);
            assert_eq!(
                sw.meaning().is_some(),
                sw_meaning_ja(sw).is_some(),
                "{v:04X}"
            );
        }
        assert_eq!(
            sw_meaning_ja(Sw::from(0x63C2)).as_deref(),
            Some("残り 2 回")
        );
    }

    #[test]
    fn every_named_instruction_has_a_japanese_label() {
        for ins in 0..=255u8 {
            for proprietary in [false, true] {
                let instruction = Instruction::of(if proprietary { 0x80 } else { 0 }, ins);
                assert_eq!(
                    instruction.name().is_some(),
                    instruction_ja(instruction).is_some(),
                    "{instruction}"
                );
            }
        }
    }
}
