//! The code lists (別表) the reader validates, each with its public source. A field outside its
//! list is [`crate::UkeError::NotInCodeList`].

/// Declares a code list: an enum, its codes as the file writes them, and their meanings.
macro_rules! code_list {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal, $meaning:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every code of the list, in the list's order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The value of a code as the file writes it; `None` outside the list.
            pub fn from_code(code: &str) -> Option<$name> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The code as the file writes it.
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// What the code means, in the spec's words.
            pub const fn meaning(self) -> &'static str {
                match self {
                    $($name::$variant => $meaning,)+
                }
            }
        }
    };
}

code_list! {
    /// 審査支払機関 (IR/YK field 2; 別表1; `hangilc/myclinic-ts` `packages/rezept/codes.ts`,
    /// `sosuke-hirayama/uke-parser` `code/common/payers.yml`).
    Payer {
        /// 社会保険診療報酬支払基金.
        Ssk = "1", "社会保険診療報酬支払基金";
        /// 国民健康保険団体連合会.
        Kokuho = "2", "国民健康保険団体連合会";
    }
}

impl Payer {
    /// The 審査支払機関 a claim to `insurer` (HO 保険者番号, spaces either side ignored) is sent
    /// to, as mynakit models it: a 6-digit number (市町村国保 and 国保組合), 法別 `39`
    /// (後期高齢者医療) and `67` (退職者医療, 国保) go to the 国民健康保険団体連合会 the
    /// insurer entrusts them to (国民健康保険法 第45条第5項, 高齢者の医療の確保に関する法律
    /// 第70条第4項), every other 8-digit number (協会けんぽ, 健保組合, 共済 …) to the 支払基金
    /// (健康保険法 第76条第5項). The law lets a 国保 insurer entrust the 支払基金 too; no bundled
    /// insurer does, and a run that meets one waives the finding (`docs/uke.md`, "訪問看護").
    /// `None` for a number of another width: not judged.
    pub fn of_insurer(insurer: &str) -> Option<Payer> {
        let insurer = insurer.trim();
        if !insurer.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match (insurer.len(), insurer.get(..2)) {
            (6, _) | (8, Some("39" | "67")) => Some(Payer::Kokuho),
            (8, _) => Some(Payer::Ssk),
            _ => None,
        }
    }
}

code_list! {
    /// 点数表 (IR/YK/HM field 4; `sosuke-hirayama/uke-parser` `code/common/tensuhyo.yml`).
    /// 6 is the 訪問看護ステーション's file, RECEIPTH.UKE, whose header is HM and only HM
    /// (`docs/uke.md`, "訪問看護"); the 介護 tables (5, B) write files of other layouts and are
    /// not read here.
    ScoreTable {
        /// 1 医科.
        Medical = "1", "医科";
        /// 3 歯科.
        Dental = "3", "歯科";
        /// 4 調剤.
        Pharmacy = "4", "調剤";
        /// 6 訪問看護.
        Nursing = "6", "訪問看護";
    }
}

code_list! {
    /// 男女区分 (RE field 6; 別表6; `hangilc/myclinic-ts` `packages/rezept/codes.ts`,
    /// `sosuke-hirayama/uke-parser` `code/common/danzyo.yml`).
    Sex {
        /// 1 男.
        Male = "1", "男";
        /// 2 女.
        Female = "2", "女";
    }
}

code_list! {
    /// 負担者種別 (SN and JD field 2; `hangilc/myclinic-ts` `packages/rezept/codes.ts`).
    PayerKind {
        /// 1 医療保険.
        Insurance = "1", "保険";
        /// 2 第1公費.
        Public1 = "2", "第１公費負担医療";
        /// 3 第2公費.
        Public2 = "3", "第２公費負担医療";
        /// 4 第3公費.
        Public3 = "4", "第３公費負担医療";
        /// 5 第4公費.
        Public4 = "5", "第４公費負担医療";
    }
}

code_list! {
    /// 確認区分 (SN field 3): who confirmed the qualification, and when
    /// (`hangilc/myclinic-ts` `packages/rezept/codes.ts`): 01 at the counter, 02–09 the
    /// 審査支払機関 after the claim, 11–14 the 保険者 after the claim. The 訪問看護 file takes
    /// its 確認区分 from 別表24, whose 01 is 「訪問時等」 (at the visit) and whose 02–09 read as
    /// here (`bscode-watanabejun/nasreco-visiting-nursing`, the later of its two layouts; the
    /// earlier one contradicts it); whether 別表24 has 11–14 is unconfirmed, so a station's
    /// SN is read against this same list (`docs/uke.md`, "訪問看護").
    Confirmation {
        /// 01 at the counter of the 医療機関 or 薬局.
        Counter = "01", "保険医療機関・薬局窓口等";
        /// 02 審査支払機関, no change.
        ReviewUnchanged = "02", "審査支払機関に請求後（変更なし）";
        /// 03 審査支払機関, could not confirm.
        ReviewUnconfirmable = "03", "審査支払機関に請求後（確認不能）";
        /// 04 審査支払機関, transferred to another payer.
        ReviewTransfer = "04", "審査支払機関に請求後（振替）";
        /// 05 審査支払機関, split.
        ReviewSplit = "05", "審査支払機関に請求後（分割）";
        /// 06 審査支払機関, lost qualification, claimed to the insurer on the claim.
        ReviewLostClaimed = "06", "審査支払機関に請求後（資格喪失・レセプト記載の保険者への請求）";
        /// 07 審査支払機関, lost qualification, card collected.
        ReviewLostCollected = "07", "審査支払機関に請求後（資格喪失・証回収後）";
        /// 08 審査支払機関, lost qualification by death.
        ReviewLostDeath = "08", "審査支払機関に請求後（資格喪失・死亡）";
        /// 09 審査支払機関, 枝番 identified.
        ReviewBranch = "09", "審査支払機関に請求後（枝番特定）";
        /// 11 保険者, transferred.
        InsurerTransfer = "11", "保険者等に請求後（振替）";
        /// 12 保険者, split.
        InsurerSplit = "12", "保険者等に請求後（分割）";
        /// 13 保険者, could not change.
        InsurerUnchangeable = "13", "保険者等に請求後（変更不能）";
        /// 14 保険者, 枝番 identified.
        InsurerBranch = "14", "保険者等に請求後（枝番特定）";
    }
}

code_list! {
    /// 指示区分 (訪問看護 HJ field 2, KA field 9; 別表12): the kind of the doctor's 指示書 the
    /// station visits under. Two public station claim writers list the same six codes
    /// (`bscode-watanabejun/nasreco-visiting-nursing` `docs/recept/medical-insurance/
    /// csv_record_specifications.md` and `nursing_csv_spec.md`); the 記録条件仕様（訪問看護）
    /// itself was not read (`docs/uke.md`, "訪問看護").
    OrderKind {
        /// 01 訪問看護指示.
        Regular = "01", "訪問看護指示";
        /// 02 特別訪問看護指示.
        Special = "02", "特別訪問看護指示";
        /// 03 精神科訪問看護指示.
        Psychiatric = "03", "精神科訪問看護指示";
        /// 04 精神科特別訪問看護指示.
        PsychiatricSpecial = "04", "精神科特別訪問看護指示";
        /// 05 医療観察精神科訪問看護指示.
        Observation = "05", "医療観察精神科訪問看護指示";
        /// 06 医療観察精神科特別訪問看護指示.
        ObservationSpecial = "06", "医療観察精神科特別訪問看護指示";
    }
}

code_list! {
    /// 負担区分 (訪問看護 KA field 2; 別表22 of the 記録条件仕様（訪問看護用）, 令和6年6月版): which
    /// payers of the claim bear the item, 医療保険 (HO) and the 第1 to 第4 公費 (the claim's KO in
    /// order). One byte, a digit or a capital letter. [`Burden::bears`] says who pays it, so a
    /// payer's 合計金額 is the sum of the items it bears (`docs/uke.md`, "訪問看護").
    Burden {
        /// 1 医保単独.
        Insurance = "1", "医保";
        /// 5 第1公費単独.
        P1 = "5", "公費①";
        /// 6 第2公費単独.
        P2 = "6", "公費②";
        /// B 第3公費単独.
        P3 = "B", "公費③";
        /// C 第4公費単独.
        P4 = "C", "公費④";
        /// 2 医保と第1公費.
        InsuranceP1 = "2", "医保・公費①";
        /// 3 医保と第2公費.
        InsuranceP2 = "3", "医保・公費②";
        /// E 医保と第3公費.
        InsuranceP3 = "E", "医保・公費③";
        /// G 医保と第4公費.
        InsuranceP4 = "G", "医保・公費④";
        /// 7 第1公費と第2公費.
        P1P2 = "7", "公費①・公費②";
        /// H 第1公費と第3公費.
        P1P3 = "H", "公費①・公費③";
        /// I 第1公費と第4公費.
        P1P4 = "I", "公費①・公費④";
        /// J 第2公費と第3公費.
        P2P3 = "J", "公費②・公費③";
        /// K 第2公費と第4公費.
        P2P4 = "K", "公費②・公費④";
        /// L 第3公費と第4公費.
        P3P4 = "L", "公費③・公費④";
        /// 4 医保, 第1 and 第2公費.
        InsuranceP1P2 = "4", "医保・公費①・公費②";
        /// M 医保, 第1 and 第3公費.
        InsuranceP1P3 = "M", "医保・公費①・公費③";
        /// N 医保, 第1 and 第4公費.
        InsuranceP1P4 = "N", "医保・公費①・公費④";
        /// O 医保, 第2 and 第3公費.
        InsuranceP2P3 = "O", "医保・公費②・公費③";
        /// P 医保, 第2 and 第4公費.
        InsuranceP2P4 = "P", "医保・公費②・公費④";
        /// Q 医保, 第3 and 第4公費.
        InsuranceP3P4 = "Q", "医保・公費③・公費④";
        /// R 第1, 第2 and 第3公費.
        P1P2P3 = "R", "公費①・公費②・公費③";
        /// S 第1, 第2 and 第4公費.
        P1P2P4 = "S", "公費①・公費②・公費④";
        /// T 第1, 第3 and 第4公費.
        P1P3P4 = "T", "公費①・公費③・公費④";
        /// U 第2, 第3 and 第4公費.
        P2P3P4 = "U", "公費②・公費③・公費④";
        /// V 医保, 第1, 第2 and 第3公費.
        InsuranceP1P2P3 = "V", "医保・公費①・公費②・公費③";
        /// W 医保, 第1, 第2 and 第4公費.
        InsuranceP1P2P4 = "W", "医保・公費①・公費②・公費④";
        /// X 医保, 第1, 第3 and 第4公費.
        InsuranceP1P3P4 = "X", "医保・公費①・公費③・公費④";
        /// Y 医保, 第2, 第3 and 第4公費.
        InsuranceP2P3P4 = "Y", "医保・公費②・公費③・公費④";
        /// Z the four 公費.
        P1P2P3P4 = "Z", "公費①・公費②・公費③・公費④";
        /// 9 医保 and the four 公費.
        All = "9", "医保・公費①・公費②・公費③・公費④";
    }
}

impl Burden {
    /// Whether the item is borne by `payer`: 0 the 医療保険 (HO), 1 to 4 the 第1 to 第4 公費 (the
    /// claim's first to fourth KO). Read from the code's meaning, which names each payer that
    /// bears it (別表22: 「○は請求金額のある管掌」).
    pub fn bears(self, payer: usize) -> bool {
        const NAMES: [&str; 5] = ["医保", "公費①", "公費②", "公費③", "公費④"];
        NAMES
            .get(payer)
            .is_some_and(|name| self.meaning().split('・').any(|m| m == *name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_stay_in_their_lists() {
        for c in Confirmation::ALL {
            assert_eq!(Confirmation::from_code(c.code()), Some(*c));
        }
        assert_eq!(Confirmation::from_code("10"), None);
        assert_eq!(Confirmation::from_code("1"), None, "two digits");
        assert_eq!(Sex::from_code("3"), None);
        assert_eq!(PayerKind::from_code("5"), Some(PayerKind::Public4));
        assert_eq!(ScoreTable::Pharmacy.meaning(), "調剤");
        assert_eq!(Payer::ALL.len(), 2);
        assert_eq!(ScoreTable::from_code("6"), Some(ScoreTable::Nursing));
        assert_eq!(OrderKind::from_code("02"), Some(OrderKind::Special));
        assert_eq!(OrderKind::from_code("07"), None);
        // 別表22: 31 codes, each borne by at least one payer, no two by the same ones.
        assert_eq!(Burden::ALL.len(), 31);
        let bearers = |b: Burden| (0..5).map(|p| b.bears(p)).collect::<Vec<bool>>();
        let mut seen = std::collections::BTreeSet::new();
        for b in Burden::ALL {
            assert!(bearers(*b).contains(&true), "{b:?}");
            assert!(seen.insert(bearers(*b)), "{b:?}");
        }
        assert_eq!(
            bearers(Burden::Insurance),
            [true, false, false, false, false]
        );
        assert_eq!(bearers(Burden::P1), [false, true, false, false, false]);
        assert_eq!(
            bearers(Burden::InsuranceP1),
            [true, true, false, false, false]
        );
        assert_eq!(bearers(Burden::P2P4), [false, false, true, false, true]);
        assert_eq!(bearers(Burden::All), [true; 5]);
        assert!(!Burden::All.bears(5));
        assert_eq!(Burden::from_code("8"), None);
    }
}
