//! 薬剤情報 (`YZKsiquc01`), 特定健診情報 (`TKKsiquc01`) and 診療情報 (`SRKsiquc01`): a レセコン
//! asks for a patient's drug, health-check or treatment history by insurance-card data, and
//! gets it as XML or as a PDF (`FileCategory`).
//!
//! 診療情報 is **mynakit's model** throughout: the interface names its consent
//! (`DiagnosisInfoConsFlg`) but no public source shows its request name or result fields, so its
//! request is 薬剤情報's under the prefix `SRKsiquc01`, and its result the same month and
//! institution blocks holding `MedicalPracticeInfs` instead of a dispensing
//! (`docs/terminal.md`, "診療情報").
//!
//! The request and result shapes are those `YUKI-ENT/OQSDrug2` writes and reads (request
//! builder `GenerateXML`, result readers `ProcessDrugInfoAsync2` / `ProcessTKKAsync`):
//! card data in `MessageHeader` under the message's own names (`InsuranceCardSymbol`,
//! `InsuredPersonIdentificationNumber`, `BranchNumber`), success when `//ResultCode` is `1`,
//! else the text of `//MessageContents`; a PDF comes under the mirrored name with `.pdf`
//! (`Sotatek-ChinhVu/smart-test` watches `YZKsiquc01res_*.pdf`). The official interface
//! specification is not public: element order, the error `ResultCode` (`2` here) and the
//! meaning of each `FileCategory` value are this project's model (`docs/terminal.md`,
//! "薬剤情報 and 特定健診情報"). The history itself is synthetic, derived deterministically
//! from the person (fictional drugs; real JLAC10 特定健診 item codes with made-up values).

use mynakit_oqs::dates::{ym, ymd};
use mynakit_oqs::tree::Element;
use mynakit_oqs::ElementName as E;
use mynakit_persona::{Identity, Sex};
use time::{Date, Month};

use crate::people::CardData;

/// Which history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InfoKind {
    /// 薬剤情報 (`YZKsiquc01`).
    Drug,
    /// 特定健診情報 (`TKKsiquc01`).
    HealthCheck,
    /// 診療情報 (`SRKsiquc01`, mynakit's model).
    Diagnosis,
}

/// How the result comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultForm {
    /// An XML result.
    Xml,
    /// A PDF under the mirrored name with `.pdf`.
    Pdf,
}

/// A 薬剤情報 / 特定健診情報 request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InfoQuery {
    /// Which history.
    pub kind: InfoKind,
    /// The card data of `MessageHeader`.
    pub card: CardData,
    /// `FileCategory` as sent.
    pub file_category: u8,
    /// XML or PDF, from `FileCategory`: odd = PDF, even = XML (`YUKI-ENT/OQSDrug2` asks for
    /// `1`/`3` when it wants a PDF and `2`/`4` for XML).
    pub form: ResultForm,
    /// 薬剤情報 and 診療情報: `StartDate` and `EndDate` (yyyyMM), when sent.
    pub months: Option<(String, String)>,
}

/// One fictional drug of the synthetic history.
struct Drug {
    code: &'static str,
    name: &'static str,
    ingredient: &'static str,
    unit: &'static str,
    usage: &'static str,
    quantity: &'static str,
    times: &'static str,
}

/// Fictional drugs (`試験薬`); the codes are in no drug master.
const DRUGS: [Drug; 3] = [
    Drug {
        code: "699990001",
        name: "試験薬Ａ錠５ｍｇ",
        ingredient: "試験成分Ａ",
        unit: "錠",
        usage: "１日１回朝食後",
        quantity: "1",
        times: "28",
    },
    Drug {
        code: "699990002",
        name: "試験薬Ｂカプセル１０ｍｇ",
        ingredient: "試験成分Ｂ",
        unit: "カプセル",
        usage: "１日２回朝夕食後",
        quantity: "2",
        times: "28",
    },
    Drug {
        code: "699990003",
        name: "試験薬Ｃ散１％",
        ingredient: "試験成分Ｃ",
        unit: "ｇ",
        usage: "１日３回毎食後",
        quantity: "1.5",
        times: "14",
    },
];

/// One fictional 診療行為 of the synthetic 診療情報 (mynakit's model).
pub(crate) struct Practice {
    code: &'static str,
    name: &'static str,
    times: &'static str,
}

/// Fictional 診療行為 (`試験診療行為`); the codes are in no master.
const PRACTICES: [Practice; 3] = [
    Practice {
        code: "199990001",
        name: "試験診療行為Ａ（再診）",
        times: "1",
    },
    Practice {
        code: "199990002",
        name: "試験診療行為Ｂ（検査）",
        times: "1",
    },
    Practice {
        code: "199990003",
        name: "試験診療行為Ｃ（処置）",
        times: "2",
    },
];

/// A number from the person's id, so each person has their own (stable) history.
fn seed(id: &str) -> usize {
    id.bytes().fold(7usize, |h, b| {
        h.wrapping_mul(31).wrapping_add(usize::from(b))
    })
}

/// One month of the synthetic drug history (or of the 診療情報: then `practices`).
pub(crate) struct DrugMonth {
    month: String,
    day: String,
    drugs: Vec<&'static Drug>,
    practices: Vec<&'static Practice>,
}

/// The person's synthetic drug history: the last 3 months up to `day`'s month (within the
/// asked range), one dispensing on the 10th of each, two drugs chosen by the person.
pub(crate) fn drug_history(
    id: &str,
    day: Date,
    range: Option<&(String, String)>,
) -> Vec<DrugMonth> {
    let s = seed(id);
    history(day, range, |month, day| DrugMonth {
        month,
        day,
        drugs: vec![&DRUGS[s % 3], &DRUGS[(s + 1) % 3]],
        practices: Vec::new(),
    })
}

/// The person's synthetic 診療情報 (mynakit's model): the same months and visits as the drug
/// history (the visit on the 10th that led to the dispensing), two 診療行為 chosen by the person.
pub(crate) fn treatment_history(
    id: &str,
    day: Date,
    range: Option<&(String, String)>,
) -> Vec<DrugMonth> {
    let s = seed(id);
    history(day, range, |month, day| DrugMonth {
        month,
        day,
        drugs: Vec::new(),
        practices: vec![&PRACTICES[s % 3], &PRACTICES[(s + 2) % 3]],
    })
}

/// The last 3 months up to `day`'s month within `range`, each with its 10th if on or before
/// `day`, made into a month by `make(yyyyMM, yyyyMMdd)`.
fn history(
    day: Date,
    range: Option<&(String, String)>,
    make: impl Fn(String, String) -> DrugMonth,
) -> Vec<DrugMonth> {
    let mut months = Vec::new();
    let mut d = Date::from_calendar_date(day.year(), day.month(), 10).unwrap_or(day);
    for _ in 0..3 {
        if d <= day {
            let m = ym(d);
            if range.is_none_or(|(from, to)| *from <= m && m <= *to) {
                months.push(make(m, ymd(d)));
            }
        }
        let prev = d.month().previous();
        let year = if prev == Month::December {
            d.year() - 1
        } else {
            d.year()
        };
        d = Date::from_calendar_date(year, prev, 10).unwrap_or(d);
    }
    months
}

/// One 特定健診 of the synthetic history.
pub(crate) struct Checkup {
    day: String,
    items: Vec<[String; 4]>,
}

/// 特定健診 targets people aged 40 to 74 (高齢者の医療の確保に関する法律 §20): one checkup on
/// June 15 of the year before `day`, with height, weight, BMI and waist (JLAC10 item codes of
/// the MHLW 特定健診 XML; the values are made up from the person).
pub(crate) fn checkups(id: &str, identity: &Identity, day: Date) -> Vec<Checkup> {
    let Ok(at) = Date::from_calendar_date(day.year() - 1, Month::June, 15) else {
        return Vec::new();
    };
    let b = identity.birth_date;
    let mut age = at.year() - b.year();
    if (at.month() as u8, at.day()) < (b.month() as u8, b.day()) {
        age -= 1;
    }
    if !(40..=74).contains(&age) {
        return Vec::new();
    }
    let s = seed(id);
    let height = 150 + (s % 30) as u32;
    let weight = 48 + (s / 7 % 30) as u32;
    let bmi10 = weight * 100_000 / (height * height);
    let waist = 70 + (s / 13 % 25) as u32;
    let item = |code: &str, name: &str, value: String, unit: &str| {
        [code.to_owned(), name.to_owned(), value, unit.to_owned()]
    };
    vec![Checkup {
        day: ymd(at),
        items: vec![
            item("9N001000000000001", "身長", format!("{height}.0"), "cm"),
            item("9N006000000000001", "体重", format!("{weight}.0"), "kg"),
            item(
                "9N011000000000001",
                "BMI",
                format!("{}.{}", bmi10 / 10, bmi10 % 10),
                "kg/m2",
            ),
            item(
                "9N016160100000001",
                "腹囲（実測）",
                format!("{waist}.0"),
                "cm",
            ),
        ],
    }]
}

/// The OID of the item codes (JLAC10 for 特定健診).
const ITEM_OID: &str = "1.2.392.200119.6.1005";

fn sex_code(sex: Sex) -> &'static str {
    mynakit_oqs::eligibility::sex1(sex).code()
}

/// The XML result's patient block (in `MessageHeader`) and its body.
pub(crate) fn xml_parts(
    kind: InfoKind,
    identity: &Identity,
    drugs: &[DrugMonth],
    checks: &[Checkup],
) -> (Element, Element) {
    let kana = mynakit_oqs::to_half_width(&identity.name_kana);
    let mut body = Element::new(E::MessageBody.as_str());
    let who = match kind {
        InfoKind::Drug | InfoKind::Diagnosis => {
            for m in drugs {
                body = body.with(match kind {
                    InfoKind::Diagnosis => treatment_month(m),
                    _ => drug_month(m),
                });
            }
            Element::new(E::QuaInf.as_str())
                .with(Element::leaf(E::Name.as_str(), &identity.name))
                .with(Element::leaf(E::KanaName.as_str(), kana))
                .with(Element::leaf(E::Birth.as_str(), ymd(identity.birth_date)))
                .with(Element::leaf(
                    E::AdmGendCode.as_str(),
                    sex_code(identity.sex),
                ))
        }
        InfoKind::HealthCheck => {
            for c in checks {
                let mut infos = Element::new(E::HealthCheckupResultAndQuestionInfos.as_str());
                for [code, name, value, unit] in &c.items {
                    infos = infos.with(
                        Element::new(E::HealthCheckupResultAndQuestionInfo.as_str())
                            .with(Element::leaf(E::ItemCode.as_str(), code))
                            .with(Element::leaf(E::ItemName.as_str(), name))
                            .with(Element::leaf(E::DataType.as_str(), "PQ"))
                            .with(Element::leaf(E::DataValue.as_str(), value))
                            .with(Element::leaf(E::Unit.as_str(), unit))
                            .with(Element::leaf(E::Oid.as_str(), ITEM_OID))
                            .with(Element::leaf(E::DataValueName.as_str(), "")),
                    );
                }
                body = body.with(
                    Element::new(E::SpecificHealthCheckupInfo.as_str())
                        .with(Element::leaf(E::EffectiveTime.as_str(), &c.day))
                        .with(infos),
                );
            }
            Element::new(E::QualificationsInfo.as_str())
                .with(Element::leaf(E::Name.as_str(), &identity.name))
                .with(Element::leaf(E::KanasName.as_str(), kana))
                .with(Element::leaf(
                    E::Birthday.as_str(),
                    ymd(identity.birth_date),
                ))
                .with(Element::leaf(
                    E::AdministrativeGenderCode.as_str(),
                    sex_code(identity.sex),
                ))
        }
    };
    (who, body)
}

/// One month of the 薬剤情報: its drugs, dispensed by the 薬局 of the prescribing clinic.
fn drug_month(m: &DrugMonth) -> Element {
    let mut infs = Element::new(E::DrugInfs.as_str());
    for d in &m.drugs {
        infs = infs.with(
            Element::new(E::DrugInf.as_str())
                .with(Element::leaf(E::MeTrIdCl.as_str(), "1"))
                .with(Element::leaf(E::DrugC.as_str(), d.code))
                .with(Element::leaf(E::DrugN.as_str(), d.name))
                .with(Element::leaf(E::IngreN.as_str(), d.ingredient))
                .with(Element::leaf(E::Qua1.as_str(), d.quantity))
                .with(Element::leaf(E::Unit.as_str(), d.unit))
                .with(Element::leaf(E::UsageN.as_str(), d.usage))
                .with(Element::leaf(E::SpInst.as_str(), ""))
                .with(Element::leaf(E::Times.as_str(), d.times)),
        );
    }
    month(m, true, infs)
}

/// One month of the 診療情報 (mynakit's model): 薬剤情報's month and institution blocks, the
/// visit's day, and its 診療行為 in `MedicalPracticeInfs`.
fn treatment_month(m: &DrugMonth) -> Element {
    let mut infs = Element::new(E::MedicalPracticeInfs.as_str());
    for p in &m.practices {
        infs = infs.with(
            Element::new(E::MedicalPracticeInf.as_str())
                .with(Element::leaf(E::MedicalPracticeCode.as_str(), p.code))
                .with(Element::leaf(E::MedicalPracticeName.as_str(), p.name))
                .with(Element::leaf(E::Times.as_str(), p.times)),
        );
    }
    month(m, false, infs)
}

/// The month and institution block both hold, around `infs`: the clinic, and with `dispensed`
/// the 薬局 and the day it dispensed.
fn month(m: &DrugMonth, dispensed: bool, infs: Element) -> Element {
    let mut block = Element::new(E::MeTrMonthInf.as_str())
        .with(Element::leaf(E::MeTrMonth.as_str(), &m.month))
        .with(Element::leaf(E::DiOrg.as_str(), "1"))
        .with(Element::leaf(E::MeTrDiHCd.as_str(), "1319999998"))
        .with(Element::leaf(E::MeTrDiHNm.as_str(), "試験内科クリニック"));
    let mut day =
        Element::new(E::DiDateInf.as_str()).with(Element::leaf(E::DiDate.as_str(), &m.day));
    if dispensed {
        block = block
            .with(Element::leaf(E::PrIsOrg.as_str(), "1"))
            .with(Element::leaf(E::PrlsHCd.as_str(), "1349999999"))
            .with(Element::leaf(E::PrlsHNm.as_str(), "試験薬局"));
        day = day.with(Element::leaf(E::PrDate.as_str(), &m.day));
    }
    block
        .with(Element::leaf(E::InOut.as_str(), "2"))
        .with(Element::new(E::DiDateInfs.as_str()).with(day.with(infs)))
}

/// The PDF's title and lines: the same data as the XML, for people.
pub(crate) fn pdf_lines(
    kind: InfoKind,
    identity: &Identity,
    drugs: &[DrugMonth],
    checks: &[Checkup],
    issued: &str,
) -> (String, Vec<String>) {
    let title = match kind {
        InfoKind::Drug => "薬剤情報",
        InfoKind::HealthCheck => "特定健診情報",
        InfoKind::Diagnosis => "診療情報",
    };
    let mut lines = vec![
        format!("{title}（mynakit 試験用・合成データ）"),
        format!(
            "氏名: {}  生年月日: {}",
            identity.name,
            ymd(identity.birth_date)
        ),
        format!("作成: {issued}"),
        String::new(),
    ];
    match kind {
        InfoKind::Drug => {
            for m in drugs {
                lines.push(format!(
                    "{} 調剤日 {} 試験内科クリニック / 試験薬局",
                    m.month, m.day
                ));
                for d in &m.drugs {
                    lines.push(format!(
                        "  {} {}{} {} {}日分",
                        d.name, d.quantity, d.unit, d.usage, d.times
                    ));
                }
            }
            if drugs.is_empty() {
                lines.push("該当する薬剤情報はありません".to_owned());
            }
        }
        InfoKind::Diagnosis => {
            for m in drugs {
                lines.push(format!("{} 診療日 {} 試験内科クリニック", m.month, m.day));
                for p in &m.practices {
                    lines.push(format!("  {} {}回", p.name, p.times));
                }
            }
            if drugs.is_empty() {
                lines.push("該当する診療情報はありません".to_owned());
            }
        }
        InfoKind::HealthCheck => {
            for c in checks {
                lines.push(format!("実施日 {}", c.day));
                for [_, name, value, unit] in &c.items {
                    lines.push(format!("  {name}: {value} {unit}"));
                }
            }
            if checks.is_empty() {
                lines.push("該当する特定健診情報はありません".to_owned());
            }
        }
    }
    (title.to_owned(), lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn drug_months_stay_in_the_range_and_before_the_day() {
        let day = date!(2026 - 11 - 01);
        let all = drug_history("employee", day, None);
        // Nov 10 is after the day: October and September only.
        let months: Vec<_> = all.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(months, ["202610", "202609"]);
        let range = ("202610".to_owned(), "202612".to_owned());
        assert_eq!(drug_history("employee", day, Some(&range)).len(), 1);
        let day = date!(2027 - 01 - 20);
        let months: Vec<_> = drug_history("x", day, None)
            .into_iter()
            .map(|m| m.month)
            .collect();
        assert_eq!(months, ["202701", "202612", "202611"]);
    }
}
