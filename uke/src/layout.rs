//! Where each field sits, per claim layout: the positions the typed records read.
//!
//! Positions are 0-based indexes into a record's fields, the record id at 0 (the spec's 項番 is
//! the index + 1). Sources, all public:
//! - 医科: 厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様（医科用）」, as
//!   `yokenzan/receiptisan` `lib/receiptisan/model/receipt_computer/digitalized_receipt/record.rb`
//!   and `sosuke-hirayama/uke-parser` `uke_parser_ika.rb` number it, and as
//!   `hangilc/myclinic-ts` `packages/rezept/records/*.ts` writes it (SN, GO);
//! - 調剤: the same spec (調剤用), as `sosuke-hirayama/uke-parser` `uke_parser_chozai.rb` numbers it
//!   (YK, RE, HO, KO, SH, CZ, IY, TO, CO, TK, GO); KI as a public TypeScript 調剤 UKE
//!   generator builds it (113 fields; `docs/uke.md`, "調剤");
//! - 歯科: only the fields its layout shares with 医科 (RE 2–7, HO 2–6, KO 2–7, SN, JD, MF, GO,
//!   the IR header); the rest of a 歯科 file is kept as [`crate::Record::Other`];
//! - 訪問看護 (RECEIPTH.UKE): 厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様
//!   （訪問看護用）」 (`R06bt1_5_kiroku_nursing.pdf`) was not read here: the positions are those
//!   a public station claim writer gives from it (`bscode-watanabejun/nasreco-visiting-nursing`
//!   `docs/recept/medical-insurance/csv_record_specifications.md`, the later and corrected of
//!   its two layouts) and, for HM, RE and HO, those a public reader takes
//!   (`Co-gyro/QOLC` `src/lib/receipt/iryou-uke.ts`). Every position is unconfirmed against
//!   the spec itself (`docs/uke.md`, "訪問看護"), so the station's records are read leniently:
//!   only the fields a claim cannot be judged without are required.

/// Which spec a claim file follows, told by its header record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    /// 医科 (header IR, 点数表 1).
    Medical,
    /// 歯科 (header IR, 点数表 3).
    Dental,
    /// 調剤 (header YK, 点数表 4).
    Pharmacy,
    /// 訪問看護 (header HM, 点数表 6): the 訪問看護ステーション's RECEIPTH.UKE.
    Nursing,
}

/// One field: its position and its name in the spec.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F {
    pub(crate) at: usize,
    pub(crate) name: &'static str,
}

const fn f(at: usize, name: &'static str) -> F {
    F { at, name }
}

/// A field the layout does not have (beyond any record's length: always absent).
const NONE: F = f(usize::MAX, "");

/// The header: IR (医科, 歯科), YK (調剤) or HM (訪問看護).
pub(crate) struct HeaderFields {
    pub(crate) payer: F,
    pub(crate) prefecture: F,
    pub(crate) table: F,
    pub(crate) code: F,
    pub(crate) name: F,
    pub(crate) billing: F,
    /// マルチボリューム識別情報; HM has none.
    pub(crate) volume: Option<F>,
    pub(crate) phone: F,
    pub(crate) required: usize,
    /// Whether the header is HM, the one header whose 点数表 is 6 (訪問看護).
    pub(crate) nursing: bool,
}

pub(crate) const IR: HeaderFields = HeaderFields {
    payer: f(1, "審査支払機関"),
    prefecture: f(2, "都道府県"),
    table: f(3, "点数表"),
    code: f(4, "医療機関コード"),
    name: f(6, "医療機関名称"),
    billing: f(7, "請求年月"),
    volume: Some(f(8, "マルチボリューム識別情報")),
    phone: f(9, "電話番号"),
    required: 9,
    nursing: false,
};

pub(crate) const YK: HeaderFields = HeaderFields {
    payer: f(1, "審査支払機関"),
    prefecture: f(2, "都道府県"),
    table: f(3, "点数表"),
    code: f(4, "薬局コード"),
    name: f(5, "薬局連絡先名称"),
    billing: f(6, "請求年月"),
    volume: Some(f(7, "マルチボリューム識別情報")),
    phone: f(8, "電話番号"),
    required: 8,
    nursing: false,
};

/// HM, 訪問看護ステーション情報レコード: no 予備 before the name and no マルチボリューム識別情報
/// (both public station layouts agree); required through 請求年月.
pub(crate) const HM: HeaderFields = HeaderFields {
    payer: f(1, "審査支払機関"),
    prefecture: f(2, "都道府県"),
    table: f(3, "点数表"),
    code: f(4, "訪問看護ステーションコード"),
    name: f(5, "訪問看護ステーション名称"),
    billing: f(6, "請求年月"),
    volume: None,
    phone: f(7, "電話番号"),
    required: 7,
    nursing: true,
};

/// RE, レセプト共通レコード.
pub(crate) struct ReFields {
    pub(crate) number: F,
    pub(crate) kind: F,
    pub(crate) month: F,
    pub(crate) name: F,
    pub(crate) sex: F,
    pub(crate) birth: F,
    pub(crate) benefit: F,
    pub(crate) burden_class: F,
    pub(crate) special: F,
    pub(crate) chart: F,
    pub(crate) kana: F,
}

pub(crate) const RE_MEDICAL: ReFields = ReFields {
    number: f(1, "レセプト番号"),
    kind: f(2, "レセプト種別"),
    month: f(3, "診療年月"),
    name: f(4, "氏名"),
    sex: f(5, "男女区分"),
    birth: f(6, "生年月日"),
    benefit: f(7, "給付割合"),
    burden_class: f(10, "一部負担金・食事療養費・生活療養費標準負担額区分"),
    special: f(11, "レセプト特記事項"),
    chart: f(13, "カルテ番号等"),
    kana: f(36, "カタカナ（氏名）"),
};

pub(crate) const RE_PHARMACY: ReFields = ReFields {
    month: f(3, "調剤年月"),
    special: f(8, "レセプト特記事項"),
    chart: f(35, "調剤録番号等"),
    burden_class: f(40, "一部負担金区分"),
    kana: f(41, "カタカナ（氏名）"),
    ..RE_MEDICAL
};

/// 訪問看護: カタカナ（氏名） right after 氏名 (項番 6), two 予備 after 生年月日, then
/// 給付割合, レセプト特記, 一部負担金区分, 訪問看護記録番号等 and 検索番号. QOLC names 項番 14
/// レセプト番号 where nasreco has 訪問看護記録番号等 (unconfirmed: read as written, never
/// judged).
pub(crate) const RE_NURSING: ReFields = ReFields {
    number: f(1, "レセプト番号"),
    kind: f(2, "レセプト種別"),
    month: f(3, "指定訪問看護年月"),
    name: f(4, "氏名"),
    kana: f(5, "カタカナ（氏名）"),
    sex: f(6, "男女区分"),
    birth: f(7, "生年月日"),
    benefit: f(10, "給付割合"),
    special: f(11, "レセプト特記"),
    burden_class: f(12, "一部負担金区分"),
    chart: f(13, "訪問看護記録番号等"),
};

pub(crate) const RE_DENTAL: ReFields = ReFields {
    burden_class: NONE,
    special: NONE,
    chart: NONE,
    kana: NONE,
    ..RE_MEDICAL
};

/// HO, 保険者レコード.
pub(crate) struct HoFields {
    pub(crate) insurer: F,
    pub(crate) symbol: F,
    pub(crate) number: F,
    pub(crate) days: F,
    pub(crate) points: F,
    /// 合計金額 (円): the 訪問看護 file's, which claims in yen, not 点数.
    pub(crate) amount: F,
    pub(crate) burden: F,
}

/// HO needs its fields through 合計点数 (訪問看護: 合計金額).
pub(crate) const HO_REQUIRED: usize = 6;

pub(crate) const HO_MEDICAL: HoFields = HoFields {
    insurer: f(1, "保険者番号"),
    symbol: f(2, "被保険者証（手帳）等の記号"),
    number: f(3, "被保険者証（手帳）等の番号"),
    days: f(4, "診療実日数"),
    points: f(5, "合計点数"),
    amount: NONE,
    burden: f(11, "負担金額（医療保険）"),
};

pub(crate) const HO_PHARMACY: HoFields = HoFields {
    days: f(4, "処方箋受付回数"),
    burden: f(9, "一部負担金"),
    ..HO_MEDICAL
};

pub(crate) const HO_DENTAL: HoFields = HoFields {
    burden: NONE,
    ..HO_MEDICAL
};

/// 訪問看護: 実日数, 合計金額 (円) where 医科 has 合計点数, then 職務上の事由, 証明書番号 and
/// 一部負担金額 (項番 9, where `Co-gyro/QOLC` reads it too).
pub(crate) const HO_NURSING: HoFields = HoFields {
    days: f(4, "実日数"),
    points: NONE,
    amount: f(5, "合計金額"),
    burden: f(8, "一部負担金額"),
    ..HO_MEDICAL
};

/// KO, 公費レコード.
pub(crate) struct KoFields {
    pub(crate) payer: F,
    pub(crate) recipient: F,
    pub(crate) days: F,
    pub(crate) points: F,
    /// 合計金額 (円), 訪問看護.
    pub(crate) amount: F,
    pub(crate) burden: F,
}

/// KO needs its fields through 合計点数 (訪問看護: 合計金額).
pub(crate) const KO_REQUIRED: usize = 6;

pub(crate) const KO_MEDICAL: KoFields = KoFields {
    payer: f(1, "公費負担者番号"),
    recipient: f(2, "公費受給者番号"),
    days: f(4, "診療実日数"),
    points: f(5, "合計点数"),
    amount: NONE,
    burden: f(6, "負担金額（公費）"),
};

pub(crate) const KO_PHARMACY: KoFields = KoFields {
    days: f(4, "処方箋受付回数"),
    burden: f(7, "一部負担金額"),
    ..KO_MEDICAL
};

/// 訪問看護: 任意給付区分, 実日数, 合計金額 (円), 一部負担金額.
pub(crate) const KO_NURSING: KoFields = KoFields {
    days: f(4, "実日数"),
    points: NONE,
    amount: f(5, "合計金額"),
    burden: f(6, "一部負担金額"),
    ..KO_MEDICAL
};

/// SN, 資格確認レコード (the same in every layout; 訪問看護's 確認区分 is 別表24's:
/// [`crate::Confirmation`]).
pub(crate) mod sn {
    use super::{f, F};
    pub(crate) const PAYER_KIND: F = f(1, "負担者種別");
    pub(crate) const CONFIRMATION: F = f(2, "確認区分");
    pub(crate) const INSURER: F = f(3, "保険者番号等（資格確認）");
    pub(crate) const SYMBOL: F = f(4, "被保険者証（手帳）等の記号（資格確認）");
    pub(crate) const NUMBER: F = f(5, "被保険者証（手帳）等の番号（資格確認）");
    pub(crate) const BRANCH: F = f(6, "枝番");
    pub(crate) const RECIPIENT: F = f(7, "受給者番号");
    pub(crate) const REQUIRED: usize = 3;
}

/// The widths (最大バイト数) of the half-width fields read as such: 保険者番号 and 公費負担者
/// 番号 (HO, KO, SN) 8, 受給者番号 (KO, SN) 7, 枝番 (SN) 2 (記録条件仕様 医科用・調剤用, the
/// HO, KO and SN records; `hangilc/myclinic-ts` `packages/rezept` writes them so). 記号 and 番号
/// are of the 漢字 mode and may be written in either width.
pub(crate) const INSURER_WIDTH: usize = 8;
pub(crate) const RECIPIENT_WIDTH: usize = 7;
pub(crate) const BRANCH_WIDTH: usize = 2;

/// JD, 受診日等レコード: 負担者種別, then one field per day of the month.
pub(crate) mod jd {
    use super::{f, F};
    pub(crate) const PAYER_KIND: F = f(1, "負担者種別");
    pub(crate) const FIRST_DAY: usize = 2;
    pub(crate) const REQUIRED: usize = 2;
}

/// MF, 窓口負担額レコード.
pub(crate) mod mf {
    use super::{f, F};
    pub(crate) const CLASS: F = f(1, "窓口負担額区分");
    pub(crate) const REQUIRED: usize = 2;
}

/// SY, 傷病名レコード (医科, 訪問看護).
pub(crate) struct SyFields {
    pub(crate) code: F,
    pub(crate) start: F,
    pub(crate) outcome: F,
    pub(crate) modifiers: F,
    pub(crate) name: F,
    pub(crate) main: F,
}

/// SY needs its 傷病名コード.
pub(crate) const SY_REQUIRED: usize = 2;

pub(crate) const SY_MEDICAL: SyFields = SyFields {
    code: f(1, "傷病名コード"),
    start: f(2, "診療開始日"),
    outcome: f(3, "転帰区分"),
    modifiers: f(4, "修飾語コード"),
    name: f(5, "傷病名称"),
    main: f(6, "主傷病"),
};

/// 訪問看護: 修飾語コード and 傷病名称 right after the code, then 補足コメント; no 診療開始日,
/// 転帰区分 or 主傷病.
pub(crate) const SY_NURSING: SyFields = SyFields {
    start: NONE,
    outcome: NONE,
    modifiers: f(2, "修飾語コード"),
    name: f(3, "傷病名称"),
    main: NONE,
    ..SY_MEDICAL
};

/// SI, IY and TO (医科), IY and TO (調剤): a billed item.
pub(crate) struct ItemFields {
    pub(crate) category: F,
    pub(crate) burden: F,
    pub(crate) code: F,
    pub(crate) quantity: F,
    pub(crate) points: F,
    pub(crate) count: F,
    /// The 算定日 of the 1st; the 31 days follow it.
    pub(crate) first_day: usize,
    pub(crate) required: usize,
}

pub(crate) const SI_MEDICAL: ItemFields = ItemFields {
    category: f(1, "診療識別"),
    burden: f(2, "負担区分"),
    code: f(3, "診療行為コード"),
    quantity: f(4, "数量データ"),
    points: f(5, "点数"),
    count: f(6, "回数"),
    first_day: 13,
    required: 4,
};

pub(crate) const IY_MEDICAL: ItemFields = ItemFields {
    code: f(3, "医薬品コード"),
    quantity: f(4, "使用量"),
    ..SI_MEDICAL
};

pub(crate) const TO_MEDICAL: ItemFields = ItemFields {
    code: f(3, "特定器材コード"),
    quantity: f(4, "使用量"),
    first_day: 17,
    ..SI_MEDICAL
};

pub(crate) const IY_PHARMACY: ItemFields = ItemFields {
    category: NONE,
    burden: f(1, "負担区分"),
    code: f(2, "医薬品コード"),
    quantity: f(3, "使用量"),
    points: NONE,
    count: NONE,
    first_day: usize::MAX,
    required: 3,
};

pub(crate) const TO_PHARMACY: ItemFields = ItemFields {
    code: f(2, "特定器材コード"),
    ..IY_PHARMACY
};

/// CO (医科, 調剤) and TK (調剤): a comment.
pub(crate) struct CommentFields {
    pub(crate) category: F,
    pub(crate) burden: F,
    pub(crate) code: F,
    pub(crate) text: F,
    pub(crate) required: usize,
}

pub(crate) const CO_MEDICAL: CommentFields = CommentFields {
    category: f(1, "診療識別"),
    burden: f(2, "負担区分"),
    code: f(3, "コメントコード"),
    text: f(4, "文字データ"),
    required: 4,
};

pub(crate) const CO_PHARMACY: CommentFields = CommentFields {
    category: NONE,
    burden: NONE,
    code: f(1, "コメントコード"),
    text: f(2, "文字データ"),
    required: 2,
};

/// 訪問看護's CO: コメントコード and 文字データ, as 調剤's.
pub(crate) const CO_NURSING: CommentFields = CO_PHARMACY;

/// SH, 処方基本レコード (調剤).
pub(crate) mod sh {
    use super::{f, F};
    pub(crate) const NUMBER: F = f(1, "Ｎｏ");
    pub(crate) const FORM: F = f(2, "剤形コード");
    pub(crate) const USAGE: F = f(3, "用法コード");
    pub(crate) const INSTRUCTION: F = f(4, "特別指示");
    pub(crate) const REQUIRED: usize = 2;
}

/// CZ, 調剤情報レコード (調剤).
pub(crate) mod cz {
    use super::{f, F};
    pub(crate) const DOCTOR: F = f(1, "医師番号");
    pub(crate) const PRESCRIBED: F = f(2, "処方月日");
    pub(crate) const DISPENSED: F = f(3, "調剤月日");
    pub(crate) const RECEPTION: F = f(4, "処方箋受付回");
    pub(crate) const QUANTITY: F = f(5, "調剤数量");
    pub(crate) const REQUIRED: usize = 2;
}

/// KI, 基本料・薬学管理料レコード (調剤): the claim's 調剤基本料, the 加算 on it and the
/// 薬学管理料, each a 9-digit 調剤行為コード. After 算定日 and 処方箋受付回 come groups of four
/// fields (負担区分, コード, 回数, 点数): the 調剤基本料 (3–6, 点数 at 5), 12 薬学管理料 (7–54), 3
/// 摘要薬学管理料 (55–66), then 前回調剤年月日 (67) and 数量 (68), then 10 調剤基本料加算
/// (69–108). Source: a public TypeScript generator's KI builder (`docs/uke.md`, "調剤"); not
/// read in the spec PDF.
pub(crate) mod ki {
    use super::{f, F};
    pub(crate) const DAY: F = f(1, "算定日");
    pub(crate) const RECEPTION: F = f(2, "処方箋受付回");
    /// The code fields: 調剤基本料, then each group's code, as (first code, groups, name).
    pub(crate) const CODES: [(usize, usize, &str); 4] = [
        (4, 1, "調剤基本料コード"),
        (8, 12, "薬学管理料コード"),
        (56, 3, "摘要薬学管理料コード"),
        (70, 10, "調剤基本料加算コード"),
    ];
    /// Fields from one code to the next within a group.
    pub(crate) const STRIDE: usize = 4;
    pub(crate) const REQUIRED: usize = 2;
}

/// The records only the 訪問看護 file has (`docs/uke.md`, "訪問看護"). Dates are `YYYYMMDD`.
/// TJ (情報提供), TZ (特記事項) and KS (専門の研修) are not typed: the public writer that
/// gives the other positions writes them with codes it marks provisional.
pub(crate) mod station {
    use super::{f, F};
    /// IH, 医療機関・保険医情報: the 主治医 who gave the 指示書.
    pub(crate) mod ih {
        use super::{f, F};
        pub(crate) const PREFECTURE: F = f(1, "医療機関都道府県");
        pub(crate) const TABLE: F = f(2, "医療機関点数表");
        pub(crate) const CODE: F = f(3, "医療機関コード");
        pub(crate) const NAME: F = f(4, "主治医の属する医療機関等の名称");
        pub(crate) const DOCTOR: F = f(5, "主治医の氏名");
        pub(crate) const REPORTED: F = f(6, "主治医への直近報告年月日");
        pub(crate) const REQUIRED: usize = 4;
    }

    /// HJ, 訪問看護指示: the 指示書's kind and the days it covers.
    pub(crate) mod hj {
        use super::{f, F};
        pub(crate) const KIND: F = f(1, "指示区分");
        pub(crate) const FROM: F = f(2, "指示期間自");
        pub(crate) const TO: F = f(3, "指示期間至");
        pub(crate) const REQUIRED: usize = 4;
    }

    /// JS, 心身の状態: free text (a patient's health), 疾病等 codes, the GAF value and date.
    pub(crate) mod js {
        use super::{f, F};
        pub(crate) const CONDITION: F = f(1, "心身の状態");
        pub(crate) const GAF_DATE: F = f(5, "GAF尺度により判定した年月日");
        pub(crate) const REQUIRED: usize = 2;
    }

    /// RJ, 利用者情報: when the visits began and where.
    pub(crate) mod rj {
        use super::{f, F};
        pub(crate) const START: F = f(1, "訪問開始年月日");
        pub(crate) const PLACE: F = f(2, "訪問した場所1コード");
        pub(crate) const REQUIRED: usize = 2;
    }

    /// KA, 訪問看護療養費: one priced item (円) on one day.
    pub(crate) mod ka {
        use super::{f, F};
        pub(crate) const DAY: F = f(1, "算定年月日");
        pub(crate) const BURDEN: F = f(2, "負担区分");
        pub(crate) const CODE: F = f(3, "訪問看護療養費コード");
        pub(crate) const QUANTITY: F = f(4, "数量データ");
        pub(crate) const AMOUNT: F = f(5, "金額");
        pub(crate) const STAFF: F = f(6, "職種等");
        pub(crate) const SAME_DAY: F = f(7, "同日訪問回数");
        pub(crate) const ORDER: F = f(8, "指示区分");
        pub(crate) const REQUIRED: usize = 6;
    }
}

/// GO, 診療報酬請求書レコード: the trailer.
pub(crate) mod go {
    use super::{f, F};
    pub(crate) const CLAIMS: F = f(1, "総件数");
    pub(crate) const POINTS: F = f(2, "総合計点数");
    pub(crate) const VOLUME: F = f(3, "マルチボリューム識別情報");
    pub(crate) const REQUIRED: usize = 4;
}

/// Where a writer puts what the reader reads (the record id at 0): positions taken from the
/// layouts above, so a レセコン built on this crate writes each field where it is read. HO and
/// KO keep 実日数 and 合計点数 at the same places in 医科 and 調剤.
pub mod position {
    /// JD: the mark of the 1st of the month; the 31 days follow it.
    pub const JD_FIRST_DAY: usize = super::jd::FIRST_DAY;
    /// SI (医科): the 算定日 column of the 1st (1日の情報); the 31 days follow it.
    pub const SI_FIRST_DAY: usize = super::SI_MEDICAL.first_day;
    /// SI (医科): 負担区分.
    pub const SI_BURDEN: usize = super::SI_MEDICAL.burden.at;
    /// SI (医科): 診療行為コード.
    pub const SI_CODE: usize = super::SI_MEDICAL.code.at;
    /// SI (医科): 回数, the sum of the counts its 算定日 columns mark.
    pub const SI_COUNT: usize = super::SI_MEDICAL.count.at;
    /// HO and KO: 診療実日数 (処方箋受付回数 in 調剤).
    pub const PAYER_DAYS: usize = super::HO_MEDICAL.days.at;
    /// HO and KO: 合計点数.
    pub const PAYER_POINTS: usize = super::HO_MEDICAL.points.at;
    /// KO (医科): 負担金額（公費）, what the patient pays under the 公費.
    pub const KO_BURDEN_MEDICAL: usize = super::KO_MEDICAL.burden.at;
    /// KO (調剤): 一部負担金額.
    pub const KO_BURDEN_PHARMACY: usize = super::KO_PHARMACY.burden.at;

    const _: () = assert!(
        PAYER_DAYS == super::KO_MEDICAL.days.at
            && PAYER_DAYS == super::HO_PHARMACY.days.at
            && PAYER_DAYS == super::KO_PHARMACY.days.at
            && PAYER_POINTS == super::KO_MEDICAL.points.at
            && PAYER_POINTS == super::HO_PHARMACY.points.at
            && PAYER_POINTS == super::KO_PHARMACY.points.at
    );
}
