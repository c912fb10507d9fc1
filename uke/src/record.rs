//! The records of a claim file, typed where the layout is known, kept whole where it is not.
//!
//! Every record keeps the text of all its fields ([`Record::fields`]): the typed values are a
//! reading of that text, and the writer writes the text. A record of an id this crate does not
//! type, or of a layout whose positions are not public here, is [`Record::Other`], never dropped.

use crate::codes::{Confirmation, Payer, PayerKind, ScoreTable, Sex};
use crate::era::{Date, YearMonth};
use crate::fields::{Cursor, Fields};
use crate::layout::{self, Layout};
pub use crate::station::{Hj, Ih, Js, Ka, Rj};
use crate::UkeError;

/// One record (one line) of a claim file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    /// IR, 医療機関情報レコード: the header of a 医科 or 歯科 file.
    Ir(Header),
    /// YK, 薬局情報レコード: the header of a 調剤 file.
    Yk(Header),
    /// HM, 訪問看護ステーション情報レコード: the header of a 訪問看護 file (RECEIPTH.UKE).
    Hm(Header),
    /// RE, レセプト共通レコード: the first record of a claim.
    Re(Re),
    /// HO, 保険者レコード.
    Ho(Ho),
    /// KO, 公費レコード.
    Ko(Ko),
    /// SN, 資格確認レコード.
    Sn(Sn),
    /// JD, 受診日等レコード.
    Jd(Jd),
    /// MF, 窓口負担額レコード.
    Mf(Mf),
    /// SY, 傷病名レコード (医科).
    Sy(Sy),
    /// SI, 診療行為レコード (医科).
    Si(Item),
    /// IY, 医薬品レコード (医科, 調剤).
    Iy(Item),
    /// TO, 特定器材レコード (医科, 調剤).
    To(Item),
    /// CO, コメントレコード (医科, 調剤).
    Co(Comment),
    /// TK, 摘要欄レコード (調剤).
    Tk(Comment),
    /// SH, 処方基本レコード (調剤).
    Sh(Sh),
    /// CZ, 調剤情報レコード (調剤).
    Cz(Cz),
    /// KI, 基本料・薬学管理料レコード (調剤).
    Ki(Ki),
    /// IH, 医療機関・保険医情報レコード (訪問看護).
    Ih(Ih),
    /// HJ, 訪問看護指示レコード (訪問看護).
    Hj(Hj),
    /// JS, 心身の状態レコード (訪問看護).
    Js(Js),
    /// RJ, 利用者情報レコード (訪問看護).
    Rj(Rj),
    /// KA, 訪問看護療養費レコード (訪問看護).
    Ka(Ka),
    /// GO, 診療報酬請求書レコード: the trailer (医科, 歯科, 調剤; 訪問看護's GO, which a
    /// public writer writes bare, is [`Record::Other`]).
    Go(Go),
    /// Any other record (GR, SJ, ST, a 歯科 record, 訪問看護's TJ, TZ, KS and GO, a future
    /// one): its id and all its fields, `fields[0]` being the id.
    Other {
        /// The record id.
        id: String,
        /// All fields, the id at index 0.
        fields: Vec<String>,
    },
}

impl Record {
    /// The record read from its fields (the record id at index 0) under `layout`, as if it were
    /// not from a file (errors name line 0).
    ///
    /// ```
    /// use mynakit_uke::{Confirmation, Layout, Record};
    /// let fields = ["SN", "1", "01", "", "", "", "01", "", ""].map(String::from).to_vec();
    /// let Record::Sn(sn) = Record::from_fields(Layout::Medical, fields)? else { panic!() };
    /// assert_eq!(sn.confirmation, Confirmation::Counter);
    /// assert_eq!(sn.branch.as_deref(), Some("01"));
    /// # Ok::<(), mynakit_uke::UkeError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A record shorter than its layout needs, an empty required field, a number that is not
    /// one, a code out of its list, a date that is not one ([`UkeError`]).
    pub fn from_fields(layout: Layout, fields: Vec<String>) -> Result<Record, UkeError> {
        Record::parse(layout, 0, fields)
    }

    pub(crate) fn parse(
        layout: Layout,
        line: u64,
        fields: Vec<String>,
    ) -> Result<Record, UkeError> {
        let record = Record::parse_view(layout, line, Fields::Owned(&fields))?;
        Ok(record.with_fields(fields))
    }

    /// The typed record read from fields borrowed from its line, without their text
    /// ([`Record::with_fields`] adds it): the reader copies a line's fields only when its
    /// records keep them.
    pub(crate) fn parse_view(
        layout: Layout,
        line: u64,
        fields: Fields<'_>,
    ) -> Result<Record, UkeError> {
        let c = Cursor { line, fields };
        let id = fields.get(0).unwrap_or_default();
        let (medical, pharmacy) = (layout == Layout::Medical, layout == Layout::Pharmacy);
        let nursing = layout == Layout::Nursing;
        let record = match id {
            "IR" => Record::Ir(Header::parse(&c, &layout::IR)?),
            "YK" => Record::Yk(Header::parse(&c, &layout::YK)?),
            "HM" => Record::Hm(Header::parse(&c, &layout::HM)?),
            "RE" => Record::Re(Re::parse(&c, layout)?),
            "HO" => Record::Ho(Ho::parse(&c, layout)?),
            "KO" => Record::Ko(Ko::parse(&c, layout)?),
            "SN" => Record::Sn(Sn::parse(&c)?),
            "JD" => Record::Jd(Jd::parse(&c)?),
            "MF" => Record::Mf(Mf::parse(&c)?),
            "GO" if !nursing => Record::Go(Go::parse(&c)?),
            "SY" if medical => Record::Sy(Sy::parse(&c, &layout::SY_MEDICAL)?),
            "SY" if nursing => Record::Sy(Sy::parse(&c, &layout::SY_NURSING)?),
            "CO" if nursing => Record::Co(Comment::parse(&c, &layout::CO_NURSING)?),
            "IH" if nursing => Record::Ih(Ih::parse(&c)?),
            "HJ" if nursing => Record::Hj(Hj::parse(&c)?),
            "JS" if nursing => Record::Js(Js::parse(&c)?),
            "RJ" if nursing => Record::Rj(Rj::parse(&c)?),
            "KA" if nursing => Record::Ka(Ka::parse(&c)?),
            "SI" if medical => Record::Si(Item::parse(&c, &layout::SI_MEDICAL)?),
            "IY" if medical => Record::Iy(Item::parse(&c, &layout::IY_MEDICAL)?),
            "IY" if pharmacy => Record::Iy(Item::parse(&c, &layout::IY_PHARMACY)?),
            "TO" if medical => Record::To(Item::parse(&c, &layout::TO_MEDICAL)?),
            "TO" if pharmacy => Record::To(Item::parse(&c, &layout::TO_PHARMACY)?),
            "CO" if medical => Record::Co(Comment::parse(&c, &layout::CO_MEDICAL)?),
            "CO" if pharmacy => Record::Co(Comment::parse(&c, &layout::CO_PHARMACY)?),
            "TK" if pharmacy => Record::Tk(Comment::parse(&c, &layout::CO_PHARMACY)?),
            "SH" if pharmacy => Record::Sh(Sh::parse(&c)?),
            "CZ" if pharmacy => Record::Cz(Cz::parse(&c)?),
            "KI" if pharmacy => Record::Ki(Ki::parse(&c)?),
            _ => Record::Other {
                id: id.to_owned(),
                fields: Vec::new(),
            },
        };
        Ok(record)
    }

    /// The record id (レコード識別情報): `RE`, `SN`, ….
    pub fn id(&self) -> &str {
        self.fields()
            .first()
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// All the record's fields as text, the record id at index 0 (the spec's 項番 is the index
    /// + 1). This is what the writer writes.
    pub fn fields(&self) -> &[String] {
        match self {
            Record::Ir(r) | Record::Yk(r) | Record::Hm(r) => &r.fields,
            Record::Re(r) => &r.fields,
            Record::Ho(r) => &r.fields,
            Record::Ko(r) => &r.fields,
            Record::Sn(r) => &r.fields,
            Record::Jd(r) => &r.fields,
            Record::Mf(r) => &r.fields,
            Record::Sy(r) => &r.fields,
            Record::Si(r) | Record::Iy(r) | Record::To(r) => &r.fields,
            Record::Co(r) | Record::Tk(r) => &r.fields,
            Record::Sh(r) => &r.fields,
            Record::Cz(r) => &r.fields,
            Record::Ki(r) => &r.fields,
            Record::Ih(r) => &r.fields,
            Record::Hj(r) => &r.fields,
            Record::Js(r) => &r.fields,
            Record::Rj(r) => &r.fields,
            Record::Ka(r) => &r.fields,
            Record::Go(r) => &r.fields,
            Record::Other { fields, .. } => fields,
        }
    }

    /// Moves the parsed fields into the typed record (parsing borrowed them).
    pub(crate) fn with_fields(mut self, fields: Vec<String>) -> Record {
        let slot = match &mut self {
            Record::Ir(r) | Record::Yk(r) | Record::Hm(r) => &mut r.fields,
            Record::Re(r) => &mut r.fields,
            Record::Ho(r) => &mut r.fields,
            Record::Ko(r) => &mut r.fields,
            Record::Sn(r) => &mut r.fields,
            Record::Jd(r) => &mut r.fields,
            Record::Mf(r) => &mut r.fields,
            Record::Sy(r) => &mut r.fields,
            Record::Si(r) | Record::Iy(r) | Record::To(r) => &mut r.fields,
            Record::Co(r) | Record::Tk(r) => &mut r.fields,
            Record::Sh(r) => &mut r.fields,
            Record::Cz(r) => &mut r.fields,
            Record::Ki(r) => &mut r.fields,
            Record::Ih(r) => &mut r.fields,
            Record::Hj(r) => &mut r.fields,
            Record::Js(r) => &mut r.fields,
            Record::Rj(r) => &mut r.fields,
            Record::Ka(r) => &mut r.fields,
            Record::Go(r) => &mut r.fields,
            Record::Other { fields, .. } => fields,
        };
        *slot = fields;
        self
    }
}

/// The header, IR (医療機関情報), YK (薬局情報) or HM (訪問看護ステーション情報).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// 審査支払機関.
    pub payer: Payer,
    /// 都道府県 (two digits).
    pub prefecture: String,
    /// 点数表: tells the file's [`Layout`].
    pub table: ScoreTable,
    /// 医療機関コード, 薬局コード or 訪問看護ステーションコード (seven digits).
    pub institution_code: String,
    /// 医療機関名称, 薬局連絡先名称 or 訪問看護ステーション名称.
    pub name: Option<String>,
    /// 請求年月.
    pub billing: YearMonth,
    /// マルチボリューム識別情報 (empty in HM, which has none).
    pub volume: String,
    /// 電話番号.
    pub phone: Option<String>,
    fields: Vec<String>,
}

impl Header {
    fn parse(c: &Cursor<'_>, l: &layout::HeaderFields) -> Result<Header, UkeError> {
        c.require(l.required)?;
        // 点数表 6 (訪問看護) in HM and only there: HM with another table, or IR or YK with 6,
        // is a header of no layout (`docs/uke.md`, "訪問看護").
        let table_of_header = |code: &str| {
            ScoreTable::from_code(code).filter(|t| (*t == ScoreTable::Nursing) == l.nursing)
        };
        Ok(Header {
            payer: c.code(l.payer, Payer::from_code)?,
            prefecture: c.digits(l.prefecture, Some(2))?,
            table: c.code(l.table, table_of_header)?,
            institution_code: c.digits(l.code, None)?,
            name: c.opt(l.name),
            billing: c.year_month(l.billing)?,
            volume: match l.volume {
                Some(volume) => c.digits(volume, None)?,
                None => String::new(),
            },
            phone: c.opt(l.phone),
            fields: Vec::new(),
        })
    }

    /// The layout the header announces: IR with 点数表 3 is 歯科, YK is 調剤, HM is 訪問看護,
    /// else 医科.
    pub fn layout(&self) -> Layout {
        match self.table {
            ScoreTable::Dental => Layout::Dental,
            ScoreTable::Pharmacy => Layout::Pharmacy,
            ScoreTable::Medical => Layout::Medical,
            ScoreTable::Nursing => Layout::Nursing,
        }
    }
}

/// RE, レセプト共通レコード: who the claim is for, and which month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Re {
    /// レセプト番号: 1, 2, … in the file.
    pub number: u32,
    /// レセプト種別 (別表5, four digits: 1112 is 医科・医保単独・本人・入院外, …).
    pub kind: String,
    /// 診療年月 (調剤年月 in 調剤, 指定訪問看護年月 in 訪問看護).
    pub month: YearMonth,
    /// 氏名 (may be empty).
    pub name: String,
    /// 男女区分.
    pub sex: Sex,
    /// 生年月日.
    pub birth: Date,
    /// 給付割合 (国保: 70, …), when written.
    pub benefit_ratio: Option<u16>,
    /// 一部負担金・食事療養費・生活療養費標準負担額区分 (調剤: 一部負担金区分), as written.
    pub burden_class: Option<String>,
    /// レセプト特記事項 (two digits each, up to five), as written.
    pub special_notes: Option<String>,
    /// カルテ番号等 (調剤: 調剤録番号等; 訪問看護: 訪問看護記録番号等).
    pub chart_number: Option<String>,
    /// カタカナ（氏名）.
    pub kana: Option<String>,
    fields: Vec<String>,
}

impl Re {
    fn parse(c: &Cursor<'_>, layout: Layout) -> Result<Re, UkeError> {
        let l = match layout {
            Layout::Medical => &layout::RE_MEDICAL,
            Layout::Pharmacy => &layout::RE_PHARMACY,
            Layout::Dental => &layout::RE_DENTAL,
            Layout::Nursing => &layout::RE_NURSING,
        };
        // Every layout's RE needs its fields through 生年月日.
        c.require(l.birth.at.saturating_add(1))?;
        let re = Re {
            number: c.required_number(l.number)?,
            kind: c.digits(l.kind, Some(4))?,
            month: c.year_month(l.month)?,
            name: c.opt(l.name).unwrap_or_default(),
            sex: c.code(l.sex, Sex::from_code)?,
            birth: c.date(l.birth)?,
            benefit_ratio: c.number(l.benefit)?,
            burden_class: c.opt(l.burden_class),
            special_notes: c.opt(l.special),
            chart_number: c.opt(l.chart),
            kana: c.opt(l.kana),
            fields: Vec::new(),
        };
        // A patient born after the month the claim is for (a year mistyped, 2048) is no
        // patient; a 和暦 year past its era (平成60年) is refused as a date already.
        if re.birth > Date::last_of(re.month) {
            return Err(UkeError::BornAfterMonth {
                line: c.line,
                field: l.birth.at.saturating_add(1),
                name: l.birth.name,
                month_field: l.month.at.saturating_add(1),
            });
        }
        Ok(re)
    }
}

/// HO, 保険者レコード: the insurer and the card's 記号・番号 the claim is made to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ho {
    /// 保険者番号 as written: eight characters, a six-digit 国保 number led by two spaces.
    pub insurer: String,
    /// 被保険者証（手帳）等の記号.
    pub symbol: Option<String>,
    /// 被保険者証（手帳）等の番号.
    pub number: Option<String>,
    /// 診療実日数 (調剤: 処方箋受付回数).
    pub days: Option<u32>,
    /// 合計点数; `None` in 訪問看護, which claims in yen ([`Ho::amount`]).
    pub points: Option<u64>,
    /// 合計金額 (円), 訪問看護 only.
    pub amount: Option<u64>,
    /// 負担金額（医療保険） (調剤, 訪問看護: 一部負担金額); `None` in 歯科, whose position
    /// is not modelled.
    pub burden: Option<u64>,
    fields: Vec<String>,
}

impl Ho {
    fn parse(c: &Cursor<'_>, layout: Layout) -> Result<Ho, UkeError> {
        let l = match layout {
            Layout::Medical => &layout::HO_MEDICAL,
            Layout::Pharmacy => &layout::HO_PHARMACY,
            Layout::Dental => &layout::HO_DENTAL,
            Layout::Nursing => &layout::HO_NURSING,
        };
        c.require(layout::HO_REQUIRED)?;
        Ok(Ho {
            insurer: {
                let insurer = c.text(l.insurer)?;
                c.half_width(l.insurer, layout::INSURER_WIDTH)?;
                insurer
            },
            symbol: c.opt(l.symbol),
            number: c.opt(l.number),
            days: c.number(l.days)?,
            points: c.number(l.points)?,
            amount: c.number(l.amount)?,
            burden: c.number(l.burden)?,
            fields: Vec::new(),
        })
    }
}

/// KO, 公費レコード: one 公費 (public expense) the claim is also made to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ko {
    /// 公費負担者番号 (eight digits).
    pub payer: String,
    /// 公費受給者番号 (seven digits, zero padded; none for some 公費).
    pub recipient: Option<String>,
    /// 診療実日数 (調剤: 処方箋受付回数).
    pub days: Option<u32>,
    /// 合計点数; `None` in 訪問看護 ([`Ko::amount`]).
    pub points: Option<u64>,
    /// 合計金額 (円), 訪問看護 only.
    pub amount: Option<u64>,
    /// 負担金額（公費） (調剤, 訪問看護: 一部負担金額).
    pub burden: Option<u64>,
    fields: Vec<String>,
}

impl Ko {
    fn parse(c: &Cursor<'_>, layout: Layout) -> Result<Ko, UkeError> {
        let l = match layout {
            Layout::Pharmacy => &layout::KO_PHARMACY,
            Layout::Nursing => &layout::KO_NURSING,
            Layout::Medical | Layout::Dental => &layout::KO_MEDICAL,
        };
        c.require(layout::KO_REQUIRED)?;
        Ok(Ko {
            payer: {
                let payer = c.text(l.payer)?;
                c.half_width(l.payer, layout::INSURER_WIDTH)?;
                payer
            },
            recipient: c.half_width(l.recipient, layout::RECIPIENT_WIDTH)?,
            days: c.number(l.days)?,
            points: c.number(l.points)?,
            amount: c.number(l.amount)?,
            burden: c.number(l.burden)?,
            fields: Vec::new(),
        })
    }
}

/// SN, 資格確認レコード: how the qualification the claim rests on was confirmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sn {
    /// 負担者種別: the insurance, or which 公費.
    pub payer_kind: PayerKind,
    /// 確認区分: who confirmed (01 at the counter).
    pub confirmation: Confirmation,
    /// 保険者番号等（資格確認）.
    pub insurer: Option<String>,
    /// 被保険者証（手帳）等の記号（資格確認）.
    pub symbol: Option<String>,
    /// 被保険者証（手帳）等の番号（資格確認）.
    pub number: Option<String>,
    /// 枝番 (two digits).
    pub branch: Option<String>,
    /// 受給者番号.
    pub recipient: Option<String>,
    fields: Vec<String>,
}

impl Sn {
    fn parse(c: &Cursor<'_>) -> Result<Sn, UkeError> {
        use layout::sn;
        c.require(sn::REQUIRED)?;
        Ok(Sn {
            payer_kind: c.code(sn::PAYER_KIND, PayerKind::from_code)?,
            confirmation: c.code(sn::CONFIRMATION, Confirmation::from_code)?,
            insurer: c.half_width(sn::INSURER, layout::INSURER_WIDTH)?,
            symbol: c.opt(sn::SYMBOL),
            number: c.opt(sn::NUMBER),
            branch: c.half_width(sn::BRANCH, layout::BRANCH_WIDTH)?,
            recipient: c.half_width(sn::RECIPIENT, layout::RECIPIENT_WIDTH)?,
            fields: Vec::new(),
        })
    }
}

/// JD, 受診日等レコード: for one payer, a code per day of the month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jd {
    /// 負担者種別.
    pub payer_kind: PayerKind,
    /// Bit `day - 1` set for each day marked (a code other than empty or 0), kept when the
    /// record keeps no fields ([`crate::check`]).
    marked: u32,
    /// Bit `day - 1` set for each day of code `1` (別表25 「診療実日数に計上する」): the days
    /// the payer's 実日数 counts.
    counted: u32,
    fields: Vec<String>,
}

impl Jd {
    fn parse(c: &Cursor<'_>) -> Result<Jd, UkeError> {
        use layout::jd;
        c.require(jd::REQUIRED)?;
        let mut marked = 0;
        let mut counted = 0;
        for at in jd::FIRST_DAY..c.fields.len().min(jd::FIRST_DAY + 31) {
            let code = c.number::<u32>(layout::F {
                at,
                name: "受診日等区分",
            })?;
            if code.is_some_and(|code| code != 0) {
                marked |= 1 << (at - jd::FIRST_DAY);
            }
            if code == Some(1) {
                counted |= 1 << (at - jd::FIRST_DAY);
            }
        }
        Ok(Jd {
            payer_kind: c.code(jd::PAYER_KIND, PayerKind::from_code)?,
            marked,
            counted,
            fields: Vec::new(),
        })
    }

    /// Whether day `day` (1 to 31) is marked (a 受診日等区分 other than empty or 0).
    pub fn marks(&self, day: u8) -> bool {
        (1..=31).contains(&day) && self.marked & (1 << (day - 1)) != 0
    }

    /// How many days it marks `1` (別表25 「診療実日数に計上する」): the 実日数 its payer's HO
    /// or KO states.
    pub fn counted_days(&self) -> u32 {
        self.counted.count_ones()
    }

    /// The days it marks `1`, bit `day - 1` each.
    pub(crate) fn counted(&self) -> u32 {
        self.counted
    }

    /// The code of day `day` (1 to 31), as written; `None` when empty.
    pub fn day(&self, day: usize) -> Option<&str> {
        day_field(&self.fields, layout::jd::FIRST_DAY, day)
    }
}

/// MF, 窓口負担額レコード.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mf {
    /// 窓口負担額区分, as written.
    pub class: String,
    fields: Vec<String>,
}

impl Mf {
    fn parse(c: &Cursor<'_>) -> Result<Mf, UkeError> {
        c.require(layout::mf::REQUIRED)?;
        Ok(Mf {
            class: c.digits(layout::mf::CLASS, None)?,
            fields: Vec::new(),
        })
    }
}

/// SY, 傷病名レコード (医科, 訪問看護).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sy {
    /// 傷病名コード (0000999 for a name without a code).
    pub code: String,
    /// 診療開始日.
    pub start: Option<Date>,
    /// 転帰区分, as written.
    pub outcome: Option<String>,
    /// 修飾語コード (four characters each), as written.
    pub modifiers: Option<String>,
    /// 傷病名称 (for a name without a code).
    pub name: Option<String>,
    /// 主傷病, as written.
    pub main: Option<String>,
    fields: Vec<String>,
}

impl Sy {
    fn parse(c: &Cursor<'_>, l: &layout::SyFields) -> Result<Sy, UkeError> {
        c.require(layout::SY_REQUIRED)?;
        Ok(Sy {
            code: c.digits(l.code, None)?,
            start: c.opt_date(l.start)?,
            outcome: c.opt(l.outcome),
            modifiers: c.opt(l.modifiers),
            name: c.opt(l.name),
            main: c.opt(l.main),
            fields: Vec::new(),
        })
    }
}

/// A billed item: SI (診療行為), IY (医薬品) or TO (特定器材).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// 診療識別 (the first item of a group carries it); always `None` in 調剤.
    pub category: Option<String>,
    /// 負担区分 (which payers bear the item), as written.
    pub burden: Option<String>,
    /// The nine-digit code: 診療行為コード, 医薬品コード or 特定器材コード.
    pub code: String,
    /// 数量データ or 使用量, as written (it may have decimals).
    pub quantity: Option<String>,
    /// 点数; `None` in 調剤, whose IY and TO carry none.
    pub points: Option<u32>,
    /// 回数; `None` in 調剤.
    pub count: Option<u32>,
    first_day: usize,
    fields: Vec<String>,
}

impl Item {
    fn parse(c: &Cursor<'_>, l: &layout::ItemFields) -> Result<Item, UkeError> {
        c.require(l.required)?;
        Ok(Item {
            category: c.opt(l.category),
            burden: c.opt(l.burden),
            code: c.digits(l.code, Some(9))?,
            quantity: c.decimal(l.quantity)?,
            points: c.number(l.points)?,
            count: c.number(l.count)?,
            first_day: l.first_day,
            fields: Vec::new(),
        })
    }

    /// The 算定日 count of day `day` (1 to 31), as written; `None` when empty or, in 調剤, absent.
    pub fn day(&self, day: usize) -> Option<&str> {
        day_field(&self.fields, self.first_day, day)
    }

    /// The index of the 1日の情報 column (`usize::MAX` in 調剤, which has none).
    pub(crate) fn first_day(&self) -> usize {
        self.first_day
    }
}

/// A comment: CO (コメント) or TK (摘要欄).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// 診療識別 (医科).
    pub category: Option<String>,
    /// 負担区分 (医科).
    pub burden: Option<String>,
    /// コメントコード.
    pub code: String,
    /// 文字データ.
    pub text: Option<String>,
    fields: Vec<String>,
}

impl Comment {
    fn parse(c: &Cursor<'_>, l: &layout::CommentFields) -> Result<Comment, UkeError> {
        c.require(l.required)?;
        Ok(Comment {
            category: c.opt(l.category),
            burden: c.opt(l.burden),
            code: c.digits(l.code, None)?,
            text: c.opt(l.text),
            fields: Vec::new(),
        })
    }
}

/// SH, 処方基本レコード (調剤).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sh {
    /// Ｎｏ (the 剤 number within the claim).
    pub number: u32,
    /// 剤形コード.
    pub form: Option<String>,
    /// 用法コード.
    pub usage: Option<String>,
    /// 特別指示.
    pub instruction: Option<String>,
    fields: Vec<String>,
}

impl Sh {
    fn parse(c: &Cursor<'_>) -> Result<Sh, UkeError> {
        use layout::sh;
        c.require(sh::REQUIRED)?;
        Ok(Sh {
            number: c.required_number(sh::NUMBER)?,
            form: c.opt(sh::FORM),
            usage: c.opt(sh::USAGE),
            instruction: c.opt(sh::INSTRUCTION),
            fields: Vec::new(),
        })
    }
}

/// CZ, 調剤情報レコード (調剤): one dispensing of a 剤.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cz {
    /// 医師番号.
    pub doctor: Option<String>,
    /// 処方月日, as written.
    pub prescribed: Option<String>,
    /// 調剤月日, as written.
    pub dispensed: Option<String>,
    /// 処方箋受付回.
    pub reception: Option<String>,
    /// 調剤数量.
    pub quantity: Option<String>,
    fields: Vec<String>,
}

impl Cz {
    fn parse(c: &Cursor<'_>) -> Result<Cz, UkeError> {
        use layout::cz;
        c.require(cz::REQUIRED)?;
        Ok(Cz {
            doctor: c.opt(cz::DOCTOR),
            prescribed: c.opt(cz::PRESCRIBED),
            dispensed: c.opt(cz::DISPENSED),
            reception: c.opt(cz::RECEPTION),
            quantity: c.opt(cz::QUANTITY),
            fields: Vec::new(),
        })
    }
}

/// KI, 基本料・薬学管理料レコード (調剤): the claim's 調剤基本料, the 加算 on it and its
/// 薬学管理料 (`docs/uke.md`, "調剤"). Where a 調剤 claim bills the 加算 that depend on how
/// eligibility was confirmed (医療情報取得加算 in the 薬学管理料, 医療DX推進体制整備加算 on the
/// 調剤基本料).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ki {
    /// 算定日, as written.
    pub day: Option<String>,
    /// 処方箋受付回, as written.
    pub reception: Option<String>,
    /// Every 調剤行為コード written (9 digits), in field order: the 調剤基本料, the 薬学管理料,
    /// the 摘要薬学管理料, the 調剤基本料加算.
    pub codes: Vec<String>,
    fields: Vec<String>,
}

impl Ki {
    fn parse(c: &Cursor<'_>) -> Result<Ki, UkeError> {
        use layout::ki;
        c.require(ki::REQUIRED)?;
        let mut codes = Vec::new();
        for (first, groups, name) in ki::CODES {
            for group in 0..groups {
                let f = layout::F {
                    at: first + group * ki::STRIDE,
                    name,
                };
                if c.get(f).is_some() {
                    codes.push(c.digits(f, Some(9))?);
                }
            }
        }
        Ok(Ki {
            day: c.opt(ki::DAY),
            reception: c.opt(ki::RECEPTION),
            codes,
            fields: Vec::new(),
        })
    }
}

/// GO, 診療報酬請求書レコード: the trailer, with the file's totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Go {
    /// 総件数: the claims in the file.
    pub claims: u32,
    /// 総合計点数.
    pub points: u64,
    /// マルチボリューム識別情報 (99 on the last volume).
    pub volume: String,
    fields: Vec<String>,
}

impl Go {
    fn parse(c: &Cursor<'_>) -> Result<Go, UkeError> {
        use layout::go;
        c.require(go::REQUIRED)?;
        Ok(Go {
            claims: c.required_number(go::CLAIMS)?,
            points: c.required_number(go::POINTS)?,
            volume: c.digits(go::VOLUME, None)?,
            fields: Vec::new(),
        })
    }
}

/// Day `day` (1 to 31) of the per-day fields starting at `first`.
fn day_field(fields: &[String], first: usize, day: usize) -> Option<&str> {
    if !(1..=31).contains(&day) {
        return None;
    }
    fields
        .get(first.checked_add(day - 1)?)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}
