//! The reference 訪問看護ステーション レセコン's claim file (flows `visiting-nursing` and
//! `claim-file`, `docs/uke.md`, "The station's claim in a run"): the users of the day's consent
//! import, claimed in `RECEIPTH.UKE` as the public station layout gives it (HM, then per user
//! RE, HO, SN, JD, HJ, KA, then GO last), written with `mynakit_uke::Writer` into
//! `MYNAKIT_CLAIM_DIR`.
//!
//! A 医療扶助 user (被保険者証区分 A1) is claimed to the 公費 alone, as the 記録条件仕様
//! （訪問看護用） lays out 公費負担医療単独: レセプト種別 6212 (別表4), KO in place of HO with the
//! 公費負担者番号 and the 7-digit 受給者番号, SN and JD of 負担者種別 2 (第1公費, 別表23), the SN
//! with its 確認区分 alone (the numbers are 「記録を省略する」 in a 一次請求), and KA of 負担区分
//! 5 (公費① alone, 別表22). A recipient who also holds an employee's insurance is claimed 併用
//! (HO and KO, 6122 …): the confirmation's unit names one record, so the reference レセコン
//! writes 単独 only.
//!
//! Each user visited that day is claimed with one 訪問看護基本療養費 visit, and with the
//! 訪問看護医療ＤＸ情報活用加算 ([`mynakit_protocol::StationAddition::DxInformation`]) only when the import's
//! unit carries the user's consent to share their information: the 加算 rests on information
//! obtained through the 居宅同意取得型. The file is the month's: each day's users are added to
//! the claims of the month's earlier imports (`crate::station_month`).

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

use mynakit_oqs::codes::MEDICAL_ASSISTANCE_CARD;
use mynakit_oqs::{padded_insurer_number, ElementName};
use mynakit_protocol::{PriceTable, StationAddition, StationPrice};
use mynakit_uke::{Confirmation, Payer, PayerKind, ScoreTable, Writer};

use crate::claim_month::Claim;

use crate::claim_file::{claim_kind, ClaimFileError};
use crate::defects::{Defect, Defects};
use crate::variants::{Variant, Variants};

/// 訪問看護基本療養費（Ⅰ） (週3日目まで) and its price in yen from 2024-06-01 (the
/// 訪問看護療養費マスター of the 令和6年度改定; `docs/uke.md`, "The station's amounts"), which
/// `UKE-station-amounts` holds a visit to until 2026-05-31. A visit is billed at the price in
/// force on its day ([`StationPrice::on`]), the run's dated rows (`MYNAKIT_STATION_PRICES`) taken
/// with the public ones; the 2024-06 price where neither prices the day (from 2026-06-01, the
/// 令和8年度改定, a price no check judges without the run's table).
const BASIC_VISIT: (&str, u64) = ("510000110", 5550);

/// The run's vendor price table (`MYNAKIT_STATION_PRICES`, the file at `path`), the dated rows
/// this レセコン's 訪問看護療養費マスター holds beside the public prices (`docs/rules.md`,
/// "Setting a station's prices"); empty when the run gives none.
///
/// # Errors
///
/// [`ClaimFileError::Prices`]: the file cannot be read, or a row is not one or contradicts a
/// public price.
pub(crate) fn prices(path: Option<&Path>) -> Result<PriceTable, ClaimFileError> {
    let Some(path) = path else {
        return Ok(PriceTable::default());
    };
    let name = path.display().to_string();
    let failed = |e: std::io::Error| ClaimFileError::Prices(format!("{name}: {e}"));
    // Bounded as every reader of a price table is ([`PriceTable::LIMIT`]).
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(PriceTable::LIMIT + 1).read_to_end(&mut bytes))
        .map_err(failed)?;
    if bytes.len() as u64 > PriceTable::LIMIT {
        return Err(ClaimFileError::Prices(format!(
            "{name}: over {} bytes",
            PriceTable::LIMIT
        )));
    }
    StationPrice::table(&name, &bytes).map_err(|e| ClaimFileError::Prices(e.to_string()))
}

/// The price of 訪問看護基本療養費（Ⅰ） on `day` (`yyyyMMdd`) by the public prices and
/// `prices` (the 2024-06 price where neither prices the day).
fn basic_visit_yen(day: &str, prices: &PriceTable) -> u64 {
    let iso = match (day.get(..4), day.get(4..6), day.get(6..8)) {
        (Some(y), Some(m), Some(d)) => format!("{y}-{m}-{d}"),
        _ => return BASIC_VISIT.1,
    };
    StationPrice::on(BASIC_VISIT.0, &iso, prices).map_or(BASIC_VISIT.1, |p| p.yen)
}

/// The insurer a station's user master still holds for the defect
/// `station-claim-former-insurer`: the first, or the second for a user of the first (synthetic
/// 健保組合 numbers of the bundled personas).
const FORMER_INSURERS: [&str; 2] = ["06139984", "06139992"];

/// One user of the day's import: the fields shown, and whether the unit carried a consent to
/// share the user's information.
pub(crate) struct User<'a> {
    pub(crate) fields: &'a BTreeMap<String, String>,
    pub(crate) consented: bool,
}

/// Writes `RECEIPTH.UKE` for `users`, visited on `day` (`yyyyMMdd`), into `dir`, with the
/// claims of the month's earlier days the file already holds. The defect
/// `station-dx-addition-without-consent` bills the 加算 for every user.
///
/// # Errors
///
/// [`ClaimFileError`]: a field the file cannot carry, or the file cannot be written.
pub(crate) fn write(
    dir: &Path,
    (facility_code, prices): (&str, &PriceTable),
    day: &str,
    users: &[User<'_>],
    (defects, variants): (&Defects, &Variants),
) -> Result<(), ClaimFileError> {
    let every = defects.has(Defect::StationDxAdditionWithoutConsent);
    let former = defects.has(Defect::StationClaimFormerInsurer);
    // One 数量 too many: each KA 金額 twice its price (the defect `station-claim-amount-twice`).
    let times = if defects.has(Defect::StationClaimAmountTwice) {
        2
    } else {
        1
    };
    let visit_month = defects.has(Defect::StationClaimBillingVisitMonth);
    let name = mynakit_uke::STATION_FILE_NAME;
    let one_file = defects.has(Defect::StationClaimOnePayerFile);
    let month_of = day.get(..6).unwrap_or_default();
    // The month's claims of the earlier imports, in both 審査支払機関's files, each day's users
    // added to them.
    let mut claims: Vec<Claim> = PAYER_FOLDERS
        .iter()
        .flat_map(|(_, folder)| {
            crate::claim_month::earlier(dir, &format!("{folder}/{name}"), month_of)
        })
        .collect();
    // The defect `station-claim-day-after-import`: the users billed on the next day of the
    // month (the import's own day at the month's end).
    let next = format!(
        "{month_of}{:02}",
        day.get(6..8)
            .and_then(|d| d.parse::<u8>().ok())
            .unwrap_or(1)
            .saturating_add(1)
    );
    let billed_day = if defects.has(Defect::StationClaimDayAfterImport)
        && mynakit_uke::Date::parse(&next).is_some()
    {
        next.as_str()
    } else {
        day
    };
    // The defect `station-claim-price-stale-master`: the run's dated rows not in the master.
    let stale = PriceTable::default();
    let master = if defects.has(Defect::StationClaimPriceStaleMaster) {
        &stale
    } else {
        prices
    };
    // The defect `station-claim-price-newest-row`: the newest row whatever the day.
    let priced_day = if defects.has(Defect::StationClaimPriceNewestRow) {
        "99991231"
    } else {
        billed_day
    };
    let basic_yen = basic_visit_yen(priced_day, master);
    let day_of_month = billed_day
        .get(6..8)
        .and_then(|d| d.parse::<usize>().ok())
        .unwrap_or(1);
    for user in users {
        let billed = Billed {
            day: billed_day,
            basic_yen,
            addition: user.consented || every,
            times,
            former,
            no_recipient: defects.has(Defect::StationClaimNoRecipient),
            recipient_unpadded: defects.has(Defect::StationClaimRecipientUnpadded),
            burden_insurance: defects.has(Defect::StationClaimBurdenInsurance),
            late_as_insurance: defects.has(Defect::StationClaimLateElderlyAsInsurance),
            preschool_as_family: defects.has(Defect::ClaimFilePreschoolAsFamily),
        };
        let month = crate::station_month::Month {
            days_once: defects.has(Defect::StationClaimDaysFirstVisit),
            addition_each_day: defects.has(Defect::StationDxAdditionEveryVisit),
            claim_each_import: defects.has(Defect::StationClaimEachImport),
        };
        claims = crate::station_month::add(claims, claim(0, user, &billed), day_of_month, &month);
    }
    // The variant `claims-in-patient-order`: the month's claims in the order of their users.
    if variants.has(Variant::ClaimsInPatientOrder) {
        claims = crate::station_month::in_user_order(claims);
    }
    let go_first = variants.has(Variant::GoAfterHeader);
    let empty = claims.is_empty();
    for (payer, folder) in PAYER_FOLDERS {
        let mut own: Vec<Claim> = claims
            .iter()
            .filter(|c| one_file || payer_of(c) == payer)
            .cloned()
            .collect();
        // A file for each 審査支払機関 the month's users claim to (the 支払基金's, empty, when
        // there are none yet).
        if own.is_empty() && !(empty && payer == Payer::Ssk) {
            continue;
        }
        if one_file && payer != Payer::Ssk {
            continue;
        }
        crate::station_month::renumber(&mut own);
        let mut writer = Writer::new(Vec::new());
        writer.write_fields(&header(facility_code, day, visit_month, payer))?;
        if go_first {
            writer.write_fields(&["GO".to_owned()])?;
        }
        for record in own.iter().flatten() {
            writer.write_fields(record)?;
        }
        if !go_first {
            writer.write_fields(&["GO".to_owned()])?;
        }
        let bytes = writer.finish()?;
        let folder_path = dir.join(folder);
        std::fs::create_dir_all(&folder_path)
            .map_err(|error| ClaimFileError::Write { file: name, error })?;
        crate::write_whole::write_then_rename(&folder_path, name, &bytes)
            .map_err(|error| ClaimFileError::Write { file: name, error })?;
    }
    Ok(())
}

/// The 審査支払機関 and the folder of `MYNAKIT_CLAIM_DIR` its RECEIPTH.UKE is written in: a
/// station whose users are of both claims to each in a file of its own, every one named
/// RECEIPTH.UKE (docs/uke.md, "訪問看護"; the folders' names are this writer's).
const PAYER_FOLDERS: [(Payer, &str); 2] = [(Payer::Ssk, "shaho"), (Payer::Kokuho, "kokuho")];

/// The 審査支払機関 a claim goes to: its HO insurer's ([`Payer::of_insurer`]); a 公費単独
/// claim (no HO: 医療扶助) goes to the 支払基金.
fn payer_of(claim: &Claim) -> Payer {
    claim
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("HO"))
        .and_then(|ho| ho.get(1))
        .and_then(|insurer| Payer::of_insurer(insurer))
        .unwrap_or(Payer::Ssk)
}

/// HM: 審査支払機関 (`payer`), 都道府県, 点数表 6, the 7-digit station code, its name, the
/// 請求年月 (the month after the visits; the visits' own month with `visit_month`, the defect
/// `station-claim-billing-visit-month`) and no phone.
fn header(facility_code: &str, day: &str, visit_month: bool, payer: Payer) -> Vec<String> {
    let month = day.get(..6).unwrap_or_default();
    let billing = match (month.get(..4), month.get(4..6)) {
        _ if visit_month => month.to_owned(),
        (Some(y), Some("12")) => format!("{:04}01", y.parse::<u16>().unwrap_or(0) + 1),
        (Some(y), Some(m)) => format!("{y}{:02}", m.parse::<u8>().unwrap_or(0) + 1),
        _ => month.to_owned(),
    };
    [
        "HM",
        payer.code(),
        facility_code.get(..2).unwrap_or("13"),
        ScoreTable::Nursing.code(),
        facility_code.get(3..).unwrap_or(facility_code),
        "試験訪問看護ステーション",
        &billing,
        "",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// The last day (`yyyyMMdd`) of the month of `day`.
fn month_end(day: &str) -> String {
    let month = day.get(..6).unwrap_or_default();
    (28u8..=31)
        .rev()
        .map(|d| format!("{month}{d:02}"))
        .find(|d| mynakit_uke::Date::parse(d).is_some())
        .unwrap_or_else(|| format!("{month}28"))
}

/// How a user's claim is billed: the day visited (`yyyyMMdd`), whether with the 加算, how many
/// times its price each KA 金額 is, and the defects that change it: each KA at twice its price
/// (`station-claim-amount-twice`: `times` 2), a former insurer (`station-claim-former-insurer`),
/// a KO without its 受給者番号 (`station-claim-no-recipient`), 負担区分 `1` for a 公費単独
/// claim's items (`station-claim-burden-insurance`).
struct Billed<'a> {
    day: &'a str,
    /// 訪問看護基本療養費（Ⅰ）'s price on `day` ([`basic_visit_yen`]).
    basic_yen: u64,
    addition: bool,
    times: u64,
    former: bool,
    no_recipient: bool,
    /// The 受給者番号 as the unit gives it (`station-claim-recipient-unpadded`).
    recipient_unpadded: bool,
    burden_insurance: bool,
    /// A 後期高齢者's claim of a 医保 kind (`station-claim-late-elderly-as-insurance`).
    late_as_insurance: bool,
    /// A 未就学者's claim of a 家族 kind (`claim-file-preschool-as-family`).
    preschool_as_family: bool,
}

/// One user's claim `number`: RE, HO (or KO for 医療扶助), SN, JD, HJ (a 訪問看護指示 covering
/// the month) and KA.
fn claim(number: usize, user: &User<'_>, billed: &Billed<'_>) -> Vec<Vec<String>> {
    let Billed {
        day,
        addition,
        times,
        former,
        ..
    } = *billed;
    let field = |name: ElementName| {
        user.fields
            .get(name.as_str())
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let insurer = match field(ElementName::InsurerNumber) {
        answered if !former => answered,
        answered if answered == FORMER_INSURERS[0] => FORMER_INSURERS[1].to_owned(),
        _ => FORMER_INSURERS[0].to_owned(),
    };
    let symbol = field(ElementName::InsuredCardSymbol);
    let id = field(ElementName::InsuredIdentificationNumber);
    let assistance = field(ElementName::InsuredCardClassification) == MEDICAL_ASSISTANCE_CARD;
    // Of the defects of the kind, the station's own and the 未就学者 claimed as a 家族
    // (`claim-file-preschool-as-family`, the same mistake in either list) reach it; the 医科
    // share's does not.
    let kind_defects = Defects::from_iter(
        [
            (
                billed.late_as_insurance,
                Defect::StationClaimLateElderlyAsInsurance,
            ),
            (
                billed.preschool_as_family,
                Defect::ClaimFilePreschoolAsFamily,
            ),
        ]
        .into_iter()
        .filter_map(|(on, defect)| on.then_some(defect)),
    );
    let (kind, ratio) = claim_kind(
        user.fields,
        ScoreTable::Nursing,
        &insurer,
        assistance,
        &kind_defects,
    );
    let payer = if assistance {
        PayerKind::Public1
    } else {
        PayerKind::Insurance
    };
    let month = day.get(..6).unwrap_or_default().to_owned();
    let sex = if field(ElementName::Sex1) == "2" {
        "2"
    } else {
        "1"
    };
    let mut ka = vec![(BASIC_VISIT.0, billed.basic_yen, "01")];
    // The 加算 as the dated rules price it (`mynakit_protocol::StationAddition`).
    let dx = StationAddition::DxInformation;
    if let (true, Some(yen)) = (addition && dx.billable_in(&month), dx.yen()) {
        ka.push((dx.code(), yen, ""));
    }
    for (_, yen, _) in &mut ka {
        *yen *= times;
    }
    let total: u64 = ka.iter().map(|(_, yen, _)| yen).sum();
    let s = str::to_owned;
    let mut jd = vec![s("JD"), s(payer.code())];
    let visited = day
        .get(6..8)
        .and_then(|d| d.parse::<usize>().ok())
        .unwrap_or(1);
    jd.extend((1..=31).map(|d| if d == visited { s("1") } else { String::new() }));
    let re = vec![
        s("RE"),
        number.to_string(),
        kind,
        month.clone(),
        field(ElementName::Name),
        field(ElementName::NameKana),
        s(sex),
        field(ElementName::Birthdate),
        String::new(),
        String::new(),
        ratio,
    ];
    let mut out = if assistance {
        // 受給者番号: seven digits, zero-filled from the left (記録条件仕様 KO).
        let recipient = match (billed.no_recipient, billed.recipient_unpadded) {
            (true, _) => String::new(),
            (false, true) => id.clone(),
            (false, false) => format!("{id:0>7}"),
        };
        let ko = vec![
            s("KO"),
            insurer,
            recipient,
            String::new(),
            s("1"),
            total.to_string(),
        ];
        let sn = vec![s("SN"), s(payer.code()), s(Confirmation::Counter.code())];
        vec![re, ko, sn]
    } else {
        vec![
            re,
            vec![
                s("HO"),
                padded_insurer_number(&insurer),
                symbol.clone(),
                id.clone(),
                s("1"),
                total.to_string(),
            ],
            vec![
                s("SN"),
                s(PayerKind::Insurance.code()),
                s(Confirmation::Counter.code()),
                insurer,
                symbol,
                id,
                field(ElementName::InsuredBranchNumber),
                String::new(),
            ],
        ]
    };
    out.push(jd);
    out.push(vec![s("HJ"), s("01"), format!("{month}01"), month_end(day)]);
    // 負担区分 (別表22): 1 the insurance alone, 5 the 第1公費 alone.
    let share = if assistance && !billed.burden_insurance {
        "5"
    } else {
        "1"
    };
    out.extend(ka.into_iter().map(|(code, yen, staff)| {
        vec![
            s("KA"),
            s(day),
            s(share),
            s(code),
            String::new(),
            yen.to_string(),
            s(staff),
        ]
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run's price table is read bounded: a file over [`PriceTable::LIMIT`] is an error
    /// naming it, not read whole.
    #[test]
    fn a_price_table_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("station-prices.tsv");
        let file = std::fs::File::create(&path).expect("created");
        file.set_len(PriceTable::LIMIT + 1).expect("sized");
        let Err(ClaimFileError::Prices(e)) = prices(Some(&path)) else {
            panic!("refused")
        };
        assert!(e.contains("over 1048576 bytes"), "{e}");
        std::fs::write(&path, "510000110\t2026-06-01\t5600\n").expect("written");
        assert_eq!(prices(Some(&path)).expect("read").rows().len(), 1);
    }

    fn written(consented: bool, defects: &Defects) -> String {
        written_on("20261130", &PriceTable::default(), consented, defects)
    }

    /// The file of one user visited on `day`, priced by `prices` with the public prices.
    fn written_on(day: &str, prices: &PriceTable, consented: bool, defects: &Defects) -> String {
        let dir = tempfile::tempdir().expect("dir");
        let fields: BTreeMap<String, String> = [
            ("InsurerNumber", "06139992"),
            ("InsuredIdentificationNumber", "2345"),
            ("InsuredBranchNumber", "00"),
            ("Birthdate", "19850412"),
            ("PersonalFamilyClassification", "1"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let users = [User {
            fields: &fields,
            consented,
        }];
        write(
            dir.path(),
            ("1369999999", prices),
            day,
            &users,
            (defects, &Variants::default()),
        )
        .expect("written");
        let bytes = std::fs::read(
            dir.path()
                .join("shaho")
                .join(mynakit_uke::STATION_FILE_NAME),
        )
        .expect("read");
        // The file reads whole, agrees with itself, and is a station's.
        let mut claims =
            mynakit_uke::Claims::new(mynakit_uke::Reader::new(&bytes[..])).expect("header");
        assert_eq!(claims.header().table, ScoreTable::Nursing);
        assert_eq!(claims.by_ref().filter(Result::is_ok).count(), 1);
        assert!(claims.problems().is_empty(), "{:?}", claims.problems());
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// A 健保組合 user and a 国保 user of one day: a file for each 審査支払機関, each agreeing
    /// with itself; the defect `station-claim-one-payer-file` writes both in the 支払基金's.
    #[test]
    fn each_payer_s_users_are_claimed_in_its_own_file_but_for_the_defect() {
        let user = |insurer: &str, number: &str| -> BTreeMap<String, String> {
            [
                ("InsurerNumber", insurer),
                ("InsuredIdentificationNumber", number),
                ("InsuredBranchNumber", "00"),
                ("Birthdate", "19850412"),
                ("PersonalFamilyClassification", "1"),
                ("InsuredPartialContributionRatio", "030"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
        };
        let (employee, national) = (user("06139992", "2345"), user("089995", "41"));
        let users = [
            User {
                fields: &employee,
                consented: false,
            },
            User {
                fields: &national,
                consented: false,
            },
        ];
        let files = |defects: &Defects| {
            let dir = tempfile::tempdir().expect("dir");
            write(
                dir.path(),
                ("1369999999", &PriceTable::default()),
                "20261130",
                &users,
                (defects, &Variants::default()),
            )
            .expect("written");
            ["shaho", "kokuho"].map(|folder| {
                std::fs::read(dir.path().join(folder).join(mynakit_uke::STATION_FILE_NAME)).ok()
            })
        };
        let read = |bytes: &[u8]| {
            let mut claims =
                mynakit_uke::Claims::new(mynakit_uke::Reader::new(bytes)).expect("header");
            let payer = claims.header().payer;
            let count = claims.by_ref().filter(Result::is_ok).count();
            (payer, count, claims.problems().len())
        };
        let [Some(shaho), Some(kokuho)] = files(&Defects::default()) else {
            panic!("two files")
        };
        assert_eq!(read(&shaho), (Payer::Ssk, 1, 0));
        assert_eq!(read(&kokuho), (Payer::Kokuho, 1, 0));
        let [Some(one), None] = files(&Defects::from_iter([Defect::StationClaimOnePayerFile]))
        else {
            panic!("one file")
        };
        assert_eq!(read(&one), (Payer::Ssk, 2, 1));
    }

    #[test]
    fn the_addition_only_with_the_consent_but_for_the_defect() {
        let none = Defects::default();
        let with = written(true, &none);
        assert!(with.starts_with("HM,1,13,6,9999999,"), "{with}");
        assert!(
            with.contains(",202612,"),
            "the 請求年月 is the next month: {with}"
        );
        assert!(with.contains("HJ,01,20261101,20261130\r\n"), "{with}");
        assert!(with.contains("KA,20261130,1,550002270,,50,\r\n"), "{with}");
        assert!(with.contains("HO,06139992,,2345,1,5600\r\n"), "{with}");
        assert!(!written(false, &none).contains("550002270"));
        let defect = Defects::from_iter([Defect::StationDxAdditionWithoutConsent]);
        assert!(written(false, &defect).contains("550002270"));
    }

    /// A 医療扶助 user is claimed to the 公費 alone: 6212, KO with the 7-digit 受給者番号, SN and
    /// JD of 第1公費, KA of 負担区分 5; the defect drops the 受給者番号.
    #[test]
    fn a_medical_assistance_user_is_claimed_to_the_public_expense_alone() {
        let fields: BTreeMap<String, String> = [
            ("InsuredCardClassification", "A1"),
            ("InsurerNumber", "12019998"),
            ("InsuredIdentificationNumber", "234566"),
            ("Birthdate", "19651130"),
            ("PersonalFamilyClassification", "1"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let users = [User {
            fields: &fields,
            consented: false,
        }];
        let read = |defects: &Defects| {
            // A folder of its own: the month's file would gather both writes.
            let dir = tempfile::tempdir().expect("dir");
            write(
                dir.path(),
                ("1369999999", &PriceTable::default()),
                "20261105",
                &users,
                (defects, &Variants::default()),
            )
            .expect("written");
            let bytes = std::fs::read(
                dir.path()
                    .join("shaho")
                    .join(mynakit_uke::STATION_FILE_NAME),
            )
            .expect("read");
            let mut claims =
                mynakit_uke::Claims::new(mynakit_uke::Reader::new(&bytes[..])).expect("header");
            assert_eq!(claims.by_ref().filter(Result::is_ok).count(), 1);
            let problems = claims.problems().to_vec();
            (String::from_utf8_lossy(&bytes).into_owned(), problems)
        };
        let text = |defects: &Defects| {
            let (text, problems) = read(defects);
            assert!(problems.is_empty(), "{problems:?}");
            text
        };
        let right = text(&Defects::default());
        assert!(right.contains(",6212,202611,"), "{right}");
        assert!(
            right.contains("\r\nKO,12019998,0234566,,1,5550\r\nSN,2,01\r\nJD,2,"),
            "{right}"
        );
        assert!(
            right.contains("KA,20261105,5,510000110,,5550,01"),
            "{right}"
        );
        assert!(!right.contains("\r\nHO,"), "{right}");
        let dropped = text(&Defects::from_iter([Defect::StationClaimNoRecipient]));
        assert!(
            dropped.contains("\r\nKO,12019998,,,1,5550\r\n"),
            "{dropped}"
        );
        // 負担区分 1 in a claim without HO: the file disagrees with itself.
        let (insurance, problems) =
            read(&Defects::from_iter([Defect::StationClaimBurdenInsurance]));
        assert!(
            insurance.contains("KA,20261105,1,510000110,,5550,01"),
            "{insurance}"
        );
        assert!(
            matches!(
                problems.as_slice(),
                [mynakit_uke::Problem::BurdenWithoutPayer { burden: "1", .. }]
            ),
            "{problems:?}"
        );
    }

    #[test]
    fn the_former_insurer_defect_claims_another_insurer_in_ho_and_sn() {
        let former = Defects::from_iter([Defect::StationClaimFormerInsurer]);
        let text = written(true, &former);
        assert!(text.contains("HO,06139984,,2345,1,5600\r\n"), "{text}");
        assert!(text.contains("SN,1,01,06139984,,2345,00"), "{text}");
        assert!(!text.contains("06139992"), "{text}");
    }

    #[test]
    fn the_amount_defect_bills_twice_the_price_and_totals_it() {
        let twice = Defects::from_iter([Defect::StationClaimAmountTwice]);
        let text = written(true, &twice);
        assert!(text.contains("KA,20261130,1,550002270,,100,\r\n"), "{text}");
        assert!(
            text.contains("KA,20261130,1,510000110,,11100,01\r\n"),
            "{text}"
        );
        assert!(text.contains("HO,06139992,,2345,1,11200\r\n"), "{text}");
    }

    /// A visit is billed at the price in force on its day, the run's dated row taken with the
    /// public ones: the 2024-06 price on 2026-05-28, the table's from 2026-06-01 on; the defect
    /// `station-claim-price-stale-master` keeps the price before the row, and
    /// `station-claim-price-newest-row` bills the row's price before its day.
    #[test]
    fn a_visit_is_priced_by_the_run_s_table_on_its_day() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("station-prices.tsv");
        std::fs::write(&file, "code\tfrom\tyen\n510000110\t2026-06-01\t5600\n").expect("file");
        let table = prices(Some(&file)).expect("table");
        let none = Defects::default();
        let may = written_on("20260528", &table, false, &none);
        assert!(
            may.contains("KA,20260528,1,510000110,,5550,01\r\n"),
            "{may}"
        );
        let june = written_on("20260602", &table, false, &none);
        assert!(
            june.contains("KA,20260602,1,510000110,,5600,01\r\n"),
            "{june}"
        );
        assert!(june.contains("HO,06139992,,2345,1,5600\r\n"), "{june}");
        let stale = Defects::from_iter([Defect::StationClaimPriceStaleMaster]);
        let june = written_on("20260602", &table, false, &stale);
        assert!(
            june.contains("KA,20260602,1,510000110,,5550,01\r\n"),
            "{june}"
        );
        let newest = Defects::from_iter([Defect::StationClaimPriceNewestRow]);
        let may = written_on("20260528", &table, false, &newest);
        assert!(
            may.contains("KA,20260528,1,510000110,,5600,01\r\n"),
            "{may}"
        );
        // A table that is not one is said, naming the file.
        std::fs::write(&file, "510000110\t2026-06-01\t1,000\n").expect("file");
        let Err(e) = prices(Some(&file)) else {
            panic!("a price with a comma read")
        };
        assert!(e.to_string().contains("station-prices.tsv:1:"), "{e}");
        assert!(prices(None).expect("none").is_empty());
    }
}
