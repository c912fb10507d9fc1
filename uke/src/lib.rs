//! The claim file of mynakit, once: RECEIPTC.UKE, the monthly claim a レセコン sends to the
//! 審査支払機関, read and written by the public 記録条件仕様 (厚生労働省「オンライン又は光ディスク等
//! による請求に係る記録条件仕様」, 医科用 and 調剤用; 支払基金「電子レセプトの作成手引き」), and
//! the 訪問看護ステーション's RECEIPTH.UKE (header HM, amounts in yen, its own records IH, HJ,
//! JS, RJ and KA), read by public code's reading of the 訪問看護用 spec.
//!
//! - [`Reader`]: record by record, streaming in flat memory, every frame and field error a
//!   [`UkeError`] naming its line, record and field ([`Options`] for what may be relaxed);
//! - [`Claims`]: the same file claim by claim ([`Claim`]: an [`Re`] and the records after it),
//!   with its [`Header`] and [`Go`] trailer;
//! - [`Record`]: typed records (IR, YK, HM, RE, HO, KO, SN, JD, MF, SY, SI, IY, TO, CO, TK, SH,
//!   CZ, KI, IH, HJ, JS, RJ, KA, GO) over the text of their fields, every other record kept as
//!   [`Record::Other`];
//! - [`check`]: a whole file checked against itself ([`Consistency`], [`Problem`]);
//! - [`Writer`]: records back to Windows-31J lines with CR LF and the 0x1A end mark;
//! - the code lists it validates ([`Payer`], [`ScoreTable`], [`Sex`], [`PayerKind`],
//!   [`Confirmation`], [`OrderKind`]; [`ReceiptKind`], read and written, not validated;
//!   [`Burden`], the station's 負担区分, looked up, not validated) and
//!   the claim's dates ([`YearMonth`], [`Date`], [`Era`]).
//!
//! Layouts and their sources: `docs/uke.md`. The crate depends on no other mynakit crate.
//!
//! ```
//! use mynakit_uke::{Claims, Confirmation, Reader, Record, YearMonth};
//!
//! // テスト 太郎, a synthetic patient, in a 医科 file (Windows-31J bytes).
//! let (name, _, _) = encoding_rs::SHIFT_JIS.encode("テスト 太郎");
//! let mut file = b"IR,1,13,1,1234567,,,202406,00\r\nRE,1,1112,202406,".to_vec();
//! file.extend_from_slice(&name);
//! file.extend_from_slice(b",1,19800101\r\nHO,06130012,,12345,1,100\r\nSN,1,01,,,,01,,\r\nGO,1,100,99\r\n\x1a");
//!
//! let mut claims = Claims::new(Reader::new(&file[..]))?;
//! let claim = claims.next().expect("one claim")?;
//! assert_eq!(claim.re.name, "テスト 太郎");
//! assert_eq!(claim.re.month, YearMonth { year: 2024, month: 6 });
//! let Record::Sn(sn) = &claim.records[1] else { panic!("SN") };
//! assert_eq!(sn.confirmation, Confirmation::Counter);
//! assert_eq!(sn.branch.as_deref(), Some("01"));
//! # Ok::<(), mynakit_uke::UkeError>(())
//! ```
#![forbid(unsafe_code)]

mod borne;
mod claims;
mod codes;
mod consistency;
mod days;
mod era;
mod error;
mod fields;
mod layout;
mod reader;
mod receipt_kind;
mod record;
mod scrub;
mod special_note;
mod station;
mod writer;

pub use borne::{Borne, PAYERS};
pub use claims::{Claim, Claims};
pub use codes::{Burden, Confirmation, OrderKind, Payer, PayerKind, ScoreTable, Sex};
pub use consistency::{check, Consistency, Problem, ProblemKind, MAX_CARE_MONTHS};
pub use era::{Date, Era, YearMonth};
pub use error::UkeError;
pub use layout::{position, Layout};
pub use reader::{Options, Reader, END_MARK};
pub use receipt_kind::{benefit_ratio, Insured, Payers, ReceiptKind};
pub use record::{
    Comment, Cz, Go, Header, Hj, Ho, Ih, Item, Jd, Js, Ka, Ki, Ko, Mf, Re, Record, Rj, Sh, Sn, Sy,
};
pub use scrub::{scrub, Scrubbed, StandIn, UNCODED_DISEASE};
pub use special_note::{special_note_codes, IncomeClassNote};
pub use writer::Writer;

/// The claim file's name on the medium and in a run's claim folder (`docs/uke.md`, "The claim
/// file in a run").
pub const FILE_NAME: &str = "RECEIPTC.UKE";

/// The 訪問看護ステーション's claim file's name (`docs/uke.md`, "訪問看護"): the name three
/// public station codebases write and read, beside 医科's [`FILE_NAME`].
pub const STATION_FILE_NAME: &str = "RECEIPTH.UKE";

/// 訪問看護医療ＤＸ情報活用加算 (訪問看護管理療養費), the 訪問看護療養費コード a station bills
/// (50円, once a month, 医療保険 only) when it obtained and used the user's 診療情報 through
/// the 居宅同意取得型 オンライン資格確認: the station's analogue of the 医科 加算 held against
/// the confirmation. In the 訪問看護療養費マスター from 2024-06 (令和6年度診療報酬改定,
/// 訪問看護療養費に係る指定訪問看護の費用の額の算定方法, 施行 2024-06-01; the master as
/// `Co-gyro/QOLC` `src/lib/receipt/iryou-service-codes.json` loads it; `docs/uke.md`,
/// "The station's claim in a run"). Its first month is dated with the claim rules
/// (`mynakit_protocol::StationAddition`).
pub const STATION_DX_ADDITION: &str = "550002270";
