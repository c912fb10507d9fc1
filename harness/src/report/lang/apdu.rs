//! The APDU instructions' Japanese labels, shown beside their ISO names in report.html under
//! `--lang ja` (docs/reports.md, "Japanese"): `READ BINARY（バイナリ読み出し）`. The names
//! themselves are ISO/IEC 7816-4's and JPKI's (mynakit_apdu::Instruction) and stay as they are.

use mynakit_apdu::Instruction;

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

#[cfg(test)]
mod tests {
    use super::*;

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
