//! The reference レセコン's claim file (flow `claim-file`, `docs/uke.md`, "The claim file in a
//! run"): the visit it confirmed, claimed in `RECEIPTC.UKE` as the 記録条件仕様（医科用） lays it
//! out, written with `mynakit_uke::Writer` into `MYNAKIT_CLAIM_DIR`.
//!
//! One claim per visit the insurance (or 医療扶助) pays: IR, then RE, HO (or, for 医療扶助
//! alone, KO), SN with how eligibility was confirmed (確認区分 01, at the counter), JD, SI with
//! 初診料 and the 加算 the visit's day's table gives (`crate::claim`), GO.

use std::collections::BTreeMap;
use std::path::Path;

use mynakit_oqs::codes::MEDICAL_ASSISTANCE_CARD;
use mynakit_oqs::{
    elderly_share, insurer_scheme, padded_insurer_number, ElementName, InsurerScheme,
};
use mynakit_protocol::{ClientMessage, VisitKind};
use mynakit_uke::{
    benefit_ratio, Confirmation, Insured, PayerKind, Payers, ReceiptKind, ScoreTable, Writer,
};

use crate::defects::{Defect, Defects};

/// 初診料's points (291点 from 2024-06; for show only: no check reads them).
const FIRST_VISIT_POINTS: &str = "291";

/// What a visit's claim is written from: the answer's fields as shown, and the claim record
/// the reference client made of it (`crate::claim::record`).
pub(crate) struct Visit<'a> {
    /// The shown fields, named like the OQS elements.
    pub(crate) fields: &'a BTreeMap<String, String>,
    /// The 加算 claimed for the visit (`claim-record`'s `claimed`).
    pub(crate) record: &'a ClientMessage,
    /// The facility's 医療機関コード (10 digits).
    pub(crate) facility_code: &'a str,
    /// The visit's day, `yyyyMMdd`.
    pub(crate) day: &'a str,
}

/// Writes `RECEIPTC.UKE` for `visit` into `dir`. The defects `claim-file-branch-dropped`
/// (SN without its 枝番) and `claim-file-no-recipient` (KO without its 受給者番号) change it.
///
/// # Errors
///
/// A field the file cannot carry, or the file cannot be written.
pub(crate) fn write(dir: &Path, visit: &Visit<'_>, defects: &Defects) -> Result<(), String> {
    let records = records(visit, defects);
    let mut writer = Writer::new(Vec::new());
    for record in &records {
        writer.write_fields(record).map_err(|e| e.to_string())?;
    }
    let bytes = writer.finish().map_err(|e| e.to_string())?;
    // Written whole under another name, then renamed: the harness never sees half a file,
    // and a link left in the folder is replaced, not followed.
    crate::write_whole::write_then_rename(dir, mynakit_uke::FILE_NAME, &bytes)
        .map_err(|e| format!("{} cannot be written: {e}", mynakit_uke::FILE_NAME))
}

fn records(visit: &Visit<'_>, defects: &Defects) -> Vec<Vec<String>> {
    let field = |name: ElementName| {
        visit
            .fields
            .get(name.as_str())
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let insurer = field(ElementName::InsurerNumber);
    let symbol = field(ElementName::InsuredCardSymbol);
    let number = field(ElementName::InsuredIdentificationNumber);
    let branch = if defects.has(Defect::ClaimFileBranchDropped) {
        String::new()
    } else {
        field(ElementName::InsuredBranchNumber)
    };
    let public_assistance =
        field(ElementName::InsuredCardClassification) == MEDICAL_ASSISTANCE_CARD;
    let month = visit.day.get(..6).unwrap_or_default().to_owned();
    let day: usize = visit
        .day
        .get(6..8)
        .and_then(|d| d.parse().ok())
        .unwrap_or(1);
    let code = visit.facility_code;
    let mut codes: Vec<(String, String)> = vec![(
        VisitKind::First.fee_code().to_owned(),
        FIRST_VISIT_POINTS.to_owned(),
    )];
    if let ClientMessage::ClaimRecord {
        claimed: Some(claimed),
        ..
    } = visit.record
    {
        codes.extend(
            claimed
                .iter()
                .filter_map(|c| Some((c.code.clone()?, c.points.to_string()))),
        );
    }
    let total: u64 = codes
        .iter()
        .filter_map(|(_, p)| p.parse::<u64>().ok())
        .sum();
    let s = |v: &str| v.to_owned();
    let (kind, ratio) = claim_kind(visit, &insurer, public_assistance, defects);
    let mut out = vec![vec![
        s("IR"),
        // 審査支払機関: 国保連 for a 6-digit 国保 or a 後期 (法別 39) insurer, else 支払基金.
        s(if insurer.len() == 6 || insurer.starts_with("39") {
            "2"
        } else {
            "1"
        }),
        s(code.get(..2).unwrap_or("13")),
        s("1"),
        s(code.get(3..).unwrap_or(code)),
        String::new(),
        s("テスト医療機関"),
        month.clone(),
        s("00"),
        String::new(),
    ]];
    out.push(vec![
        s("RE"),
        s("1"),
        kind,
        month,
        field(ElementName::Name),
        s(if field(ElementName::Sex1) == "2" {
            "2"
        } else {
            "1"
        }),
        field(ElementName::Birthdate),
        ratio,
    ]);
    let mut jd = vec![s("JD"), s("1")];
    jd.extend((1..=31).map(|d| if d == day { s("1") } else { String::new() }));
    if public_assistance {
        out.push(vec![
            s("KO"),
            insurer.clone(),
            if defects.has(Defect::ClaimFileNoRecipient) {
                String::new()
            } else {
                number.clone()
            },
            String::new(),
            s("1"),
            total.to_string(),
        ]);
        out.push(vec![
            s("SN"),
            s(PayerKind::Public1.code()),
            s(Confirmation::Counter.code()),
            insurer,
            String::new(),
            String::new(),
            String::new(),
            number,
        ]);
        jd[1] = s(PayerKind::Public1.code());
    } else {
        // 保険者番号: eight columns, a 6-digit 国保 number right-aligned after two spaces.
        out.push(vec![
            s("HO"),
            padded_insurer_number(&insurer),
            symbol.clone(),
            number.clone(),
            s("1"),
            total.to_string(),
        ]);
        out.push(vec![
            s("SN"),
            s(PayerKind::Insurance.code()),
            s(Confirmation::Counter.code()),
            insurer,
            symbol,
            number,
            branch,
            String::new(),
        ]);
    }
    out.push(jd);
    for (i, (code, points)) in codes.iter().enumerate() {
        out.push(vec![
            s("SI"),
            s(if i == 0 { "11" } else { "" }),
            s("1"),
            code.clone(),
            String::new(),
            points.clone(),
            s("1"),
        ]);
    }
    out.push(vec![s("GO"), s("1"), total.to_string(), s("99")]);
    out
}

/// レセプト種別, 医科 入院外 (`mynakit_uke::ReceiptKind`), and RE 給付割合: 医療扶助 alone is
/// 公費単独; a patient the answer gives a share of 70 or over for (`mynakit_oqs::elderly_share`:
/// a 高齢受給者, or a 後期高齢者 of 法別 39) is 一般 or 7割 by the share; else 本人 or 家族. The
/// 給付割合 is written for 国保 alone (100 less the share; 70, a 3割 share, when the answer
/// gives none; a 未就学者 (PreschoolClassification 1) is of its own kind, at its 2割). The defect `claim-file-elderly-share-ignored` claims every patient as 本人
/// or 家族 with the 3割 ratio, as a レセコン that claims from its own patient master does.
fn claim_kind(
    visit: &Visit<'_>,
    insurer: &str,
    public_assistance: bool,
    defects: &Defects,
) -> (String, String) {
    let field = |name: ElementName| visit.fields.get(name.as_str()).map(|v| v.trim());
    let share = elderly_share(
        insurer,
        field(ElementName::ElderlyRecipientContributionRatio),
        field(ElementName::InsuredPartialContributionRatio),
    )
    .filter(|_| !defects.has(Defect::ClaimFileElderlyShareIgnored));
    // A child before school age pays 2割 (PreschoolClassification 1); the defect
    // `claim-file-preschool-as-family` claims it as any 家族.
    let preschool = field(ElementName::PreschoolClassification) == Some("1")
        && !defects.has(Defect::ClaimFilePreschoolAsFamily);
    let (payers, insured) = if public_assistance {
        (Payers::PublicOnly { publics: 1 }, None)
    } else {
        let insured = match share {
            Some(percent) => Insured::elderly(percent),
            None if preschool => Insured::Preschool,
            None if field(ElementName::PersonalFamilyClassification) == Some("2") => {
                Insured::Family
            }
            None => Insured::Principal,
        };
        (Payers::Insurance { publics: 0 }, Some(insured))
    };
    let kind = ReceiptKind {
        table: ScoreTable::Medical,
        payers,
        insured,
        inpatient: false,
    }
    .code();
    let national = !public_assistance && insurer_scheme(insurer) == InsurerScheme::NationalHealth;
    let ratio = if national {
        let under_70 = if preschool {
            field(ElementName::InsuredPartialContributionRatio)
                .and_then(mynakit_oqs::contribution_percent)
                .unwrap_or(UNDER_70_SHARE)
        } else {
            UNDER_70_SHARE
        };
        benefit_ratio(share.unwrap_or(under_70)).to_string()
    } else {
        String::new()
    };
    (kind, ratio)
}

/// The share of a patient under 70 (and over school age), in percent.
const UNDER_70_SHARE: u8 = 30;

#[cfg(test)]
mod tests {
    use super::*;
    use mynakit_uke::{Claims, Reader, Record};

    fn fields(pairs: &[(ElementName, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_file_reads_back_with_the_visit_s_insurer_and_addition() {
        let shown = fields(&[
            (ElementName::InsurerNumber, "138156"),
            (ElementName::InsuredCardSymbol, "12"),
            (ElementName::InsuredIdentificationNumber, "345"),
            (ElementName::InsuredBranchNumber, "01"),
            (ElementName::PersonalFamilyClassification, "1"),
            (ElementName::Name, "テスト　太郎"),
            (ElementName::Sex1, "1"),
            (ElementName::Birthdate, "19800101"),
        ]);
        let record = crate::claim::record(Some("20240601"), true, false, None);
        let dir = std::env::temp_dir().join(format!("claim-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let visit = Visit {
            fields: &shown,
            record: &record,
            facility_code: "1319999999",
            day: "20240601",
        };
        // A link planted at the file's name is replaced, never written through.
        let outside = dir.join("outside");
        std::fs::write(&outside, b"kept").expect("outside");
        let file = dir.join(mynakit_uke::FILE_NAME);
        std::os::unix::fs::symlink(&outside, &file).expect("link");
        write(&dir, &visit, &Defects::default()).expect("written");
        assert_eq!(std::fs::read(&outside).expect("outside"), b"kept");
        assert!(std::fs::symlink_metadata(&file).expect("file").is_file());
        let bytes = std::fs::read(&file).expect("read");
        std::fs::remove_dir_all(&dir).ok();
        let mut claims = Claims::new(Reader::new(&bytes[..])).expect("header");
        let claim = claims.next().expect("a claim").expect("read");
        assert_eq!(claim.re.kind, "1112");
        let ho = claim.records.iter().find_map(|r| match r {
            Record::Ho(ho) => Some(ho.insurer.clone()),
            _ => None,
        });
        assert_eq!(ho.as_deref(), Some("  138156"));
        let codes: Vec<String> = claim
            .records
            .iter()
            .filter_map(|r| match r {
                Record::Si(si) => Some(si.code.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(codes, ["111000110", "111703270"]);
        assert!(claims.next().is_none());
    }
}
