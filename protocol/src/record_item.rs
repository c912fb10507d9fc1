//! The items of a 確認記録 a counter app may keep of what it read from the card
//! (`docs/counter-read.md`, "What a counter app keeps"). 犯罪収益移転防止法 第6条 has a
//! 特定事業者 make a 確認記録 of each 取引時確認 and keep it seven years; 同法施行規則 第20条第1項
//! lists what it holds: among them the 本人特定事項 (氏名, 住居, 生年月日) and what identifies
//! the 本人確認書類 shown. Which of the card's data those items come to is **mynakit's model**,
//! configurable per scenario (`given.relying_party.record_items`): by default the 本人特定事項
//! and the card's expiry and security code (what the Digital Agency's マイナンバーカード対面確認アプリ
//! keeps of a read, 2024-08-20), not the face photo, the 券面's images or 照合番号B.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One item of the card's data a 確認記録 may hold, by its name in a scenario.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum RecordItem {
    /// 氏名 (本人特定事項).
    Name,
    /// 住居 (本人特定事項).
    Address,
    /// 生年月日 (本人特定事項).
    BirthDate,
    /// 性別.
    Sex,
    /// The card's expiry (the card face's DF29): identifies the document.
    Expiry,
    /// The card's security code (the card face's DF2A): identifies the document.
    SecurityCode,
    /// The face photo (the card face's DF27).
    Photo,
    /// 照合番号B, the key the staff typed (birth date, expiry year, security code).
    CollationB,
}

impl RecordItem {
    /// Every item, in the order reports name them.
    pub const ALL: [RecordItem; 8] = [
        RecordItem::Name,
        RecordItem::Address,
        RecordItem::BirthDate,
        RecordItem::Sex,
        RecordItem::Expiry,
        RecordItem::SecurityCode,
        RecordItem::Photo,
        RecordItem::CollationB,
    ];

    /// mynakit's model of what a counter app's 確認記録 holds of the card: the 本人特定事項 and
    /// what identifies the card (its expiry and security code).
    pub const MODEL: [RecordItem; 5] = [
        RecordItem::Name,
        RecordItem::Address,
        RecordItem::BirthDate,
        RecordItem::Expiry,
        RecordItem::SecurityCode,
    ];

    /// Its name in a scenario and in the timeline.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordItem::Name => "name",
            RecordItem::Address => "address",
            RecordItem::BirthDate => "birth-date",
            RecordItem::Sex => "sex",
            RecordItem::Expiry => "expiry",
            RecordItem::SecurityCode => "security-code",
            RecordItem::Photo => "photo",
            RecordItem::CollationB => "collation-b",
        }
    }

    /// The item of that name.
    pub fn parse(name: &str) -> Option<RecordItem> {
        RecordItem::ALL.into_iter().find(|i| i.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn each_item_is_named_as_serde_names_it() {
        for item in RecordItem::ALL {
            let json = serde_json::to_string(&item).unwrap();
            assert_eq!(json, format!("\"{}\"", item.as_str()));
            assert_eq!(RecordItem::parse(item.as_str()), Some(item));
        }
        assert!(RecordItem::MODEL
            .iter()
            .all(|i| RecordItem::ALL.contains(i)));
        assert!(!RecordItem::MODEL.contains(&RecordItem::Photo));
    }
}
