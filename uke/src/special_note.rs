//! レセプト特記事項 (RE): two-digit codes, up to five, written one after another (`2941`). This
//! module knows the five that state a patient's 高額療養費 income class, which a claim of a
//! patient of 70 or over carries, every one of them, since 2018-08-01 (the 高額療養費 review of
//! that month): 26 区ア, 27 区イ, 28 区ウ, 29 区エ, 30 区オ.
//!
//! Which one is due rests on what the counter saw: the share (3割 is 現役並み; 2割 and 1割 are
//! 一般 or 低所得) and whether a 限度額 class was shown (a 限度額適用認定証, or the class the
//! online answer gives with the patient's consent): 3割 without it 26, 3割 with it 27 (現役並みⅡ)
//! or 28 (現役並みⅠ), 2割・1割 without it 29, with it 30 (低所得Ⅱ・Ⅰ). A claim of a patient of 70
//! or over without one of them is returned (返戻). Sources: 愛知県保険医協会「70歳以上の全ての患者
//! 特記事項欄の記載が必須に」(aichi-hkn.jp, 2018-08) and 石川県保険医協会 (ishikawahokeni.jp,
//! 「2018年8月診療分より…「特記事項」欄の記載が変更」), which agree with each other; the notice
//! they relay (厚生労働省「診療報酬請求書等の記載要領等について」の一部改正, 2018) was not read
//! here (docs/uke.md, "The income class of a patient of 70 or over").

/// A 高額療養費 income class as レセプト特記事項 states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncomeClassNote {
    /// `26` 区ア: 70 or over, 3割, no 限度額 class shown (現役並みⅢ).
    KuA,
    /// `27` 区イ: 70 or over, 3割, 現役並みⅡ shown.
    KuI,
    /// `28` 区ウ: 70 or over, 3割, 現役並みⅠ shown.
    KuU,
    /// `29` 区エ: 70 or over, 2割 or 1割, no 限度額 class shown (一般).
    KuE,
    /// `30` 区オ: 70 or over, 2割 or 1割, 低所得Ⅱ or Ⅰ shown.
    KuO,
}

impl IncomeClassNote {
    /// Every class, in code order.
    pub const ALL: [IncomeClassNote; 5] = [
        IncomeClassNote::KuA,
        IncomeClassNote::KuI,
        IncomeClassNote::KuU,
        IncomeClassNote::KuE,
        IncomeClassNote::KuO,
    ];

    /// The two-digit code.
    pub fn code(self) -> &'static str {
        match self {
            IncomeClassNote::KuA => "26",
            IncomeClassNote::KuI => "27",
            IncomeClassNote::KuU => "28",
            IncomeClassNote::KuE => "29",
            IncomeClassNote::KuO => "30",
        }
    }

    /// Its 略号 on a paper claim (`区ア`).
    pub fn mark(self) -> &'static str {
        match self {
            IncomeClassNote::KuA => "区ア",
            IncomeClassNote::KuI => "区イ",
            IncomeClassNote::KuU => "区ウ",
            IncomeClassNote::KuE => "区エ",
            IncomeClassNote::KuO => "区オ",
        }
    }

    /// The class of `code`, if it is one of the five.
    pub fn of_code(code: &str) -> Option<IncomeClassNote> {
        IncomeClassNote::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The classes a claim of a patient of 70 or over may state, for the share (in %) and
    /// whether a 限度額 class was shown: one, or 27 and 28 for 3割 with a class (現役並みⅡ or
    /// Ⅰ, which the class tells apart).
    pub fn due(share_percent: u8, limit_class_shown: bool) -> &'static [IncomeClassNote] {
        match (share_percent >= 30, limit_class_shown) {
            (true, false) => &[IncomeClassNote::KuA],
            (true, true) => &[IncomeClassNote::KuI, IncomeClassNote::KuU],
            (false, false) => &[IncomeClassNote::KuE],
            (false, true) => &[IncomeClassNote::KuO],
        }
    }
}

/// The codes of RE's レセプト特記事項 as written (`"2941"` → `29`, `41`); an odd last digit is
/// kept alone.
pub fn special_note_codes(notes: &str) -> Vec<&str> {
    let notes = notes.trim();
    (0..notes.len())
        .step_by(2)
        .filter_map(|at| notes.get(at..(at + 2).min(notes.len())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_split_in_twos_and_name_the_income_classes() {
        assert_eq!(special_note_codes("2941"), ["29", "41"]);
        assert_eq!(special_note_codes(""), Vec::<&str>::new());
        assert_eq!(
            IncomeClassNote::of_code("29").map(IncomeClassNote::mark),
            Some("区エ")
        );
        assert_eq!(IncomeClassNote::of_code("41"), None);
    }

    #[test]
    fn the_class_due_follows_the_share_and_the_limit_class() {
        assert_eq!(IncomeClassNote::due(30, false), [IncomeClassNote::KuA]);
        assert_eq!(
            IncomeClassNote::due(30, true),
            [IncomeClassNote::KuI, IncomeClassNote::KuU]
        );
        assert_eq!(IncomeClassNote::due(20, false), [IncomeClassNote::KuE]);
        assert_eq!(IncomeClassNote::due(10, true), [IncomeClassNote::KuO]);
    }
}
