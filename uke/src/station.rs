//! The records only the 訪問看護ステーション's claim file (RECEIPTH.UKE) has: the 主治医 (IH),
//! the 指示書 (HJ), the user's state (JS) and visits (RJ), and the priced items (KA).
//!
//! Their positions are a public station claim writer's reading of the 記録条件仕様（訪問看護）,
//! not the spec's own (`docs/uke.md`, "訪問看護"): each record requires only what a claim
//! cannot be judged without (HJ's 指示区分 and 指示期間; KA's 算定年月日, code and 金額), and
//! keeps the rest as written.

use crate::codes::OrderKind;
use crate::era::Date;
use crate::fields::Cursor;
use crate::layout::station::{hj, ih, js, ka, rj};
use crate::UkeError;

/// IH, 医療機関・保険医情報レコード: the 医療機関 and 主治医 whose 指示書 the visits follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ih {
    /// 医療機関都道府県 (two digits), as written.
    pub prefecture: Option<String>,
    /// 医療機関点数表, as written (one public writer writes 6 here, which is the station's own
    /// table: unconfirmed, so not validated).
    pub table: Option<String>,
    /// 医療機関コード (seven digits).
    pub institution_code: String,
    /// 主治医の属する医療機関等の名称.
    pub name: Option<String>,
    /// 主治医の氏名.
    pub doctor: Option<String>,
    /// 主治医への直近報告年月日.
    pub reported: Option<Date>,
    pub(crate) fields: Vec<String>,
}

impl Ih {
    pub(crate) fn parse(c: &Cursor<'_>) -> Result<Ih, UkeError> {
        c.require(ih::REQUIRED)?;
        Ok(Ih {
            prefecture: c.opt_digits(ih::PREFECTURE, Some(2))?,
            table: c.opt(ih::TABLE),
            institution_code: c.digits(ih::CODE, None)?,
            name: c.opt(ih::NAME),
            doctor: c.opt(ih::DOCTOR),
            reported: c.opt_date(ih::REPORTED)?,
            fields: Vec::new(),
        })
    }
}

/// HJ, 訪問看護指示レコード: the 指示書 and the days it covers (指示期間, both ends included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hj {
    /// 指示区分 (別表12).
    pub kind: OrderKind,
    /// 指示期間自.
    pub from: Date,
    /// 指示期間至.
    pub to: Date,
    pub(crate) fields: Vec<String>,
}

impl Hj {
    pub(crate) fn parse(c: &Cursor<'_>) -> Result<Hj, UkeError> {
        c.require(hj::REQUIRED)?;
        let hj = Hj {
            kind: c.code(hj::KIND, OrderKind::from_code)?,
            from: c.date(hj::FROM)?,
            to: c.date(hj::TO)?,
            fields: Vec::new(),
        };
        // A period that ends before it starts covers no visit.
        if hj.to < hj.from {
            return Err(UkeError::PeriodEndsBeforeStart {
                line: c.line,
                field: hj::TO.at.saturating_add(1),
                name: hj::TO.name,
                start_field: hj::FROM.at.saturating_add(1),
            });
        }
        Ok(hj)
    }

    /// Whether the 指示期間 covers `day`.
    pub fn covers(&self, day: Date) -> bool {
        (self.from..=self.to).contains(&day)
    }
}

/// JS, 心身の状態レコード: the user's state, in free text (a patient's health: never printed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Js {
    /// Whether 心身の状態 is written (its text is not kept apart from [`crate::Record::fields`]).
    pub has_condition: bool,
    /// GAF尺度により判定した年月日.
    pub gaf_date: Option<Date>,
    pub(crate) fields: Vec<String>,
}

impl Js {
    pub(crate) fn parse(c: &Cursor<'_>) -> Result<Js, UkeError> {
        c.require(js::REQUIRED)?;
        Ok(Js {
            has_condition: c.get(js::CONDITION).is_some(),
            gaf_date: c.opt_date(js::GAF_DATE)?,
            fields: Vec::new(),
        })
    }
}

/// RJ, 利用者情報レコード: when the visits began and where they happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rj {
    /// 訪問開始年月日.
    pub start: Option<Date>,
    /// 訪問した場所1コード (別表16), as written.
    pub place: Option<String>,
    pub(crate) fields: Vec<String>,
}

impl Rj {
    pub(crate) fn parse(c: &Cursor<'_>) -> Result<Rj, UkeError> {
        c.require(rj::REQUIRED)?;
        Ok(Rj {
            start: c.opt_date(rj::START)?,
            place: c.opt_digits(rj::PLACE, None)?,
            fields: Vec::new(),
        })
    }
}

/// KA's 負担区分 as written: a digit, or the capital letter 別表22 gives the combinations of a
/// third or fourth 公費 (`B`, `C`, `E`, `G`, `H`–`Z`; [`crate::Burden`]).
fn burden(c: &Cursor<'_>) -> Result<String, UkeError> {
    match c.get(ka::BURDEN) {
        Some(letter) if letter.len() == 1 && letter.bytes().all(|b| b.is_ascii_uppercase()) => {
            Ok(letter.to_owned())
        }
        _ => c.digits(ka::BURDEN, None),
    }
}

/// KA, 訪問看護療養費レコード: one item of the 訪問看護療養費 on one day, priced in yen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ka {
    /// 算定年月日 (in the claim's 指定訪問看護年月: the reader holds it there).
    pub day: Date,
    /// 負担区分 (別表22), as written.
    pub burden: String,
    /// 訪問看護療養費コード (nine digits, 訪問看護療養費マスター).
    pub code: String,
    /// 数量データ, as written (it may have decimals).
    pub quantity: Option<String>,
    /// 金額 (円).
    pub amount: u64,
    /// 職種等 (別表20, two digits each), as written.
    pub staff: Option<String>,
    /// 同日訪問回数 (別表19), as written.
    pub same_day: Option<String>,
    /// 指示区分 (別表12), written when it differs from the claim's HJ.
    pub order: Option<OrderKind>,
    pub(crate) fields: Vec<String>,
}

impl Ka {
    pub(crate) fn parse(c: &Cursor<'_>) -> Result<Ka, UkeError> {
        c.require(ka::REQUIRED)?;
        Ok(Ka {
            day: c.date(ka::DAY)?,
            burden: burden(c)?,
            code: c.digits(ka::CODE, Some(9))?,
            quantity: c.decimal(ka::QUANTITY)?,
            amount: c.required_number(ka::AMOUNT)?,
            staff: c.opt_digits(ka::STAFF, None)?,
            same_day: c.opt_digits(ka::SAME_DAY, None)?,
            order: c.opt_code(ka::ORDER, OrderKind::from_code)?,
            fields: Vec::new(),
        })
    }
}
