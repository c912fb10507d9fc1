//! The reference レセコン's claim file (flow `claim-file`, `docs/uke.md`, "The claim file in a
//! run"): the visit it confirmed, claimed in `RECEIPTC.UKE` as the 記録条件仕様 (医科用, or
//! 調剤用 for a 薬局) lays it out, written with `mynakit_uke::Writer` into `MYNAKIT_CLAIM_DIR`.
//!
//! One claim per visit the insurance (or 医療扶助) pays: IR, then RE, HO (or, for 医療扶助
//! alone, KO), SN with how eligibility was confirmed (確認区分 01, at the counter), JD, SI with
//! 初診料 and the 加算 the visit's day's table gives (`crate::claim`), GO. A 薬局 (the 3rd
//! digit of `MYNAKIT_FACILITY_CODE` is 4) writes YK, RE of a 調剤 kind (4xxx), HO or KO, SN,
//! JD, then one 剤 (SH, CZ, IY) and KI with the 調剤基本料, and GO. No 調剤行為コード of the
//! 加算 that depend on how the visit was confirmed is public (`docs/rules.md`), so it bills
//! none of them; the 調剤基本料 and 医薬品 codes are placeholders no check reads.

use std::collections::BTreeMap;
use std::path::Path;

use mynakit_oqs::codes::MEDICAL_ASSISTANCE_CARD;
use mynakit_oqs::{
    elderly_share, insurer_scheme, padded_insurer_number, ElementName, InsurerScheme,
};
use mynakit_protocol::{ClientMessage, VisitKind};
use mynakit_uke::{
    benefit_ratio, position, Confirmation, Date, Era, IncomeClassNote, Insured, PayerKind, Payers,
    ReceiptKind, ScoreTable, Writer, YearMonth,
};

use crate::defects::{Defect, Defects};
use crate::variants::{Variant, Variants};

/// 初診料's points (291点 from 2024-06; for show only: no check reads them).
const FIRST_VISIT_POINTS: &str = "291";

/// 再診料's points (75点 from 2024-06; for show only).
const RETURN_VISIT_POINTS: &str = "75";

/// The 調剤基本料 of a 薬局's claim: a placeholder code and points (the 調剤行為マスター was not
/// read; no check reads them).
const PHARMACY_BASE_FEE: (&str, &str) = ("410000110", "45");

/// 明細書発行体制等加算 (A001 再診料 注11) and its points: billed by the defect
/// `claim-file-statement-addition` (`mynakit_protocol::ClaimAddition::exclusions`).
const STATEMENT_ADDITION: (&str, &str) = ("112015770", "1");

/// A placeholder 医薬品コード for the one 剤 of a 薬局's claim (no check reads it).
const PHARMACY_DRUG: &str = "620000001";

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
    /// The answer's 医療費助成 entries (`docs/subsidies.md`), each by element name.
    pub(crate) subsidies: &'a [BTreeMap<String, String>],
}

/// Writes `RECEIPTC.UKE` for `visit` into `dir`. The defects `claim-file-branch-dropped`
/// (SN without its 枝番) and `claim-file-no-recipient` (KO without its 受給者番号) change it.
///
/// # Errors
///
/// [`ClaimFileError`]: a field the file cannot carry, or the file cannot be written.
pub(crate) fn write(
    dir: &Path,
    visit: &Visit<'_>,
    (defects, variants): (&Defects, &Variants),
) -> Result<(), ClaimFileError> {
    // `subsidies-in-other-order`: the entries imported last first.
    let reversed: Vec<BTreeMap<String, String>>;
    let visit = if variants.has(Variant::SubsidiesInOtherOrder) {
        reversed = visit.subsidies.iter().rev().cloned().collect();
        &Visit {
            subsidies: &reversed,
            ..*visit
        }
    } else {
        visit
    };
    let mut records = records(visit, defects);
    // The header (IR or YK), this visit's claim, and GO, which is made again for the month.
    records.pop();
    let mut claim = records.split_off(1);
    if defects.has(Defect::ClaimSubsidyFromMaster) {
        from_master(dir, &mut claim);
    }
    let month = claimed_month(visit.day, defects);
    let month = month.as_str();
    // The month's claims already written (`claim-file-last-visit-only`: none, the file is
    // written anew for each visit).
    let earlier = if defects.has(Defect::ClaimFileLastVisitOnly) {
        Vec::new()
    } else {
        crate::claim_month::earlier(dir, mynakit_uke::FILE_NAME, month)
    };
    let claims = crate::claim_month::add(
        earlier,
        claim,
        day_of_month(visit.day),
        (
            crate::claim_month::MonthDefects {
                one_insurer: defects.has(Defect::ClaimFileOneInsurerPerMonth),
                household_one_claim: defects.has(Defect::ClaimFileHouseholdOneClaim),
                publics_every_day: defects.has(Defect::ClaimSubsidyDaysOfInsurance),
                publics_points_of_insurance: defects.has(Defect::ClaimSubsidyPointsOfInsurance),
            },
            crate::claim_month::MonthStyle {
                patient_order: variants.has(Variant::ClaimsInPatientOrder),
                one_line_per_code: variants.has(Variant::OneLinePerCode),
            },
        ),
    );
    let claims = within_caps(claims, &taken_subsidies(visit, defects), defects);
    let trailer = vec![
        "GO".to_owned(),
        claims.len().to_string(),
        crate::claim_month::points(&claims).to_string(),
        "99".to_owned(),
    ];
    let mut writer = Writer::new(Vec::new());
    for record in records
        .iter()
        .chain(claims.iter().flatten())
        .chain([&trailer])
    {
        writer.write_fields(record)?;
    }
    let mut bytes = writer.finish()?;
    if defects.has(Defect::ClaimFileNoEndMark) {
        // `claim-file-no-end-mark`: the records and their CR LF, no 0x1A after them.
        bytes.pop();
    }
    // Written whole under another name, then renamed: the harness never sees half a file,
    // and a link left in the folder is replaced, not followed.
    crate::write_whole::write_then_rename(dir, mynakit_uke::FILE_NAME, &bytes).map_err(|error| {
        ClaimFileError::Write {
            file: mynakit_uke::FILE_NAME,
            error,
        }
    })
}

/// `claims` with each KO of an entry the visit took paying no more than the entry's 上限額 in
/// the month: the month's visits add their shares until they reach it, and no more
/// (`claim-subsidy-cap-ignored`: they add on).
fn within_caps(
    mut claims: Vec<crate::claim_month::Claim>,
    taken: &[Taken],
    defects: &Defects,
) -> Vec<crate::claim_month::Claim> {
    for record in claims.iter_mut().flatten() {
        if record.first().map(String::as_str) != Some("KO") {
            continue;
        }
        let Some(entry) = taken.iter().find(|t| {
            record.get(1).map(|p| p.trim()) == Some(t.payer.as_str())
                && record.get(2).map(|r| r.trim()) == Some(t.recipient.as_str())
        }) else {
            continue;
        };
        for at in [position::KO_BURDEN_MEDICAL, position::KO_BURDEN_PHARMACY] {
            let Some(field) = record.get_mut(at) else {
                continue;
            };
            if let Ok(paid) = field.trim().parse::<u64>() {
                *field = capped(paid, entry.cap, defects).to_string();
            }
        }
    }
    claims
}

/// For `claim-subsidy-from-master`: a visit whose answer took no 医療費助成 gets the KO (and
/// their JD) of the patient's claim in the file the client wrote last, whatever its month, as
/// a patient master that keeps last month's 公費 gives them.
fn from_master(dir: &Path, claim: &mut crate::claim_month::Claim) {
    let is = |r: &Vec<String>, id: &str| r.first().map(String::as_str) == Some(id);
    if claim.iter().any(|r| is(r, "KO")) || !claim.iter().any(|r| is(r, "HO")) {
        return;
    }
    let Some(last) = crate::claim_month::last_claim_of(dir, mynakit_uke::FILE_NAME, claim) else {
        return;
    };
    let mut kos: Vec<Vec<String>> = last.into_iter().filter(|r| is(r, "KO")).collect();
    if kos.is_empty() {
        return;
    }
    let jd = claim.iter().find(|r| is(r, "JD")).cloned();
    let points = claim
        .iter()
        .find(|r| is(r, "HO"))
        .and_then(|ho| ho.get(position::PAYER_POINTS).cloned())
        .unwrap_or_default();
    for ko in &mut kos {
        for (at, value) in [
            (position::PAYER_DAYS, "1"),
            (position::PAYER_POINTS, &points),
        ] {
            if let Some(field) = ko.get_mut(at) {
                value.clone_into(field);
            }
        }
    }
    let after = claim
        .iter()
        .rposition(|r| is(r, "SN") || is(r, "HO"))
        .map_or(claim.len(), |at| at + 1);
    let publics = kos.len();
    for (i, ko) in kos.into_iter().enumerate() {
        claim.insert(after + i, ko);
    }
    if let Some(jd) = jd {
        let at = claim
            .iter()
            .rposition(|r| is(r, "JD"))
            .map_or(claim.len(), |at| at + 1);
        for n in 0..publics {
            let mut own = jd.clone();
            own[1] = (n + 2).to_string();
            claim.insert(at + n, own);
        }
    }
    if let Some(kind) = claim.first_mut().and_then(|re| re.get_mut(2)) {
        *kind = with_publics(kind.clone(), publics);
    }
}

/// Why `RECEIPTC.UKE` was not written; the client shows it as a failed link to the terminal.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ClaimFileError {
    /// A record the UKE writer refuses (the record and field are in its error).
    #[error(transparent)]
    Record(#[from] mynakit_uke::UkeError),
    /// The file could not be written into the folder.
    #[error("{file} cannot be written: {error}")]
    Write {
        /// The file's name.
        file: &'static str,
        /// Why.
        error: std::io::Error,
    },
    /// The run's price table (`MYNAKIT_STATION_PRICES`) cannot be read, or is not a table (the
    /// file, line and column are in the error).
    #[error("MYNAKIT_STATION_PRICES: {0}")]
    Prices(String),
}

/// RE 診療年月 of a visit on `day` (`yyyyMMdd`): its month, `YYYYMM`, but for the defect
/// `claim-file-wrong-month`, which writes the month after it (the 請求年月).
fn claimed_month(day: &str, defects: &Defects) -> String {
    let month = day.get(..6).unwrap_or_default();
    if !defects.has(Defect::ClaimFileWrongMonth) {
        return month.to_owned();
    }
    match YearMonth::parse(month) {
        Some(YearMonth { year, month: 12 }) => format!("{:04}01", year.saturating_add(1)),
        Some(YearMonth { year, month }) => format!("{year:04}{:02}", month + 1),
        None => month.to_owned(),
    }
}

/// RE 生年月日 as the answer's `Birthdate` (`yyyyMMdd`), but for the defect
/// `claim-file-wrong-birth-era`: the 和暦 spelling `GYYMMDD` under the nearest other 元号 whose
/// era has that day, on or before the visit's `today` (`mynakit_uke::Date` reads it back as
/// that other day), or the Gregorian one where no other era has the year.
fn birth_date(birth: String, today: &str, defects: &Defects) -> String {
    if !defects.has(Defect::ClaimFileWrongBirthEra) {
        return birth;
    }
    let Some(day) = Date::parse(&birth).filter(|_| birth.len() == 8) else {
        return birth;
    };
    // The era the day is in (its code `1`–`5`), and its year in that era.
    let spelled = |code: u8| {
        let era = Era::from_code(code)?;
        let year = day.year.checked_sub(era.first_year())?.checked_add(1)?;
        (year < 100).then(|| {
            format!(
                "{}{year:02}{:02}{:02}",
                char::from(code),
                day.month,
                day.day
            )
        })
    };
    let Some((code, own)) = (b'1'..=b'5')
        .filter_map(|c| spelled(c).map(|text| (c, text)))
        .find(|(_, text)| Date::parse(text) == Some(day))
    else {
        return birth;
    };
    // The neighbouring eras first (the next, then the one before), then the others.
    let mut others: Vec<u8> = (b'1'..=b'5').filter(|c| *c != code).collect();
    others.sort_by_key(|c| (c.abs_diff(code), u8::from(*c < code)));
    others
        .into_iter()
        .map(|c| format!("{}{}", char::from(c), &own[1..]))
        .find(|text| Date::parse(text).is_some_and(|d| Some(d) <= Date::parse(today)))
        .unwrap_or(birth)
}

/// The day of the month of `yyyyMMdd` (the 1st when it cannot be read).
fn day_of_month(day: &str) -> usize {
    day.get(6..8)
        .and_then(|d| d.parse().ok())
        .filter(|d| (1..=31).contains(d))
        .unwrap_or(1)
}

/// The claim file's records for the visit, in file order, each as its fields.
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
    let branch = branch_number(field(ElementName::InsuredBranchNumber), defects);
    let public_assistance =
        field(ElementName::InsuredCardClassification) == MEDICAL_ASSISTANCE_CARD;
    let month = visit.day.get(..6).unwrap_or_default().to_owned();
    let re_month = claimed_month(visit.day, defects);
    let day = day_of_month(visit.day);
    let code = visit.facility_code;
    // A 薬局 claims on the 調剤 layout (`claim-file-medical-layout`: the 医科 one).
    let pharmacy = code.get(2..3) == Some("4") && !defects.has(Defect::ClaimFileMedicalLayout);
    let table = if pharmacy {
        ScoreTable::Pharmacy
    } else {
        ScoreTable::Medical
    };
    // 初診料 or 再診料, as the claim record says the visit was.
    let visit_kind = match visit.record {
        ClientMessage::ClaimRecord {
            visit: Some(kind), ..
        } => *kind,
        _ => VisitKind::First,
    };
    let codes = fee_codes(visit, pharmacy, visit_kind, defects);
    let total: u64 = codes
        .iter()
        .filter_map(|(_, p)| p.parse::<u64>().ok())
        .sum();
    let s = |v: &str| v.to_owned();
    // The 医療費助成 the claim takes: KO after HO, one per entry valid on the day.
    let subsidies = if public_assistance {
        Vec::new()
    } else {
        taken_subsidies(visit, defects)
    };
    let (kind, ratio) = claim_kind(visit.fields, table, &insurer, public_assistance, defects);
    let kind = with_publics(kind, subsidies.len());
    // 審査支払機関: 国保連 for a 6-digit 国保 or a 後期 (法別 39) insurer, else 支払基金.
    let payer = s(if insurer.len() == 6 || insurer.starts_with("39") {
        "2"
    } else {
        "1"
    });
    let prefecture = s(code.get(..2).unwrap_or("13"));
    let institution = s(code.get(3..).unwrap_or(code));
    let mut out = vec![header(
        pharmacy,
        payer,
        prefecture,
        table,
        institution,
        month.clone(),
    )];
    out.push(vec![
        s("RE"),
        s("1"),
        kind,
        re_month,
        field(ElementName::Name),
        s(if field(ElementName::Sex1) == "2" {
            "2"
        } else {
            "1"
        }),
        birth_date(field(ElementName::Birthdate), visit.day, defects),
        ratio,
    ]);
    if let Some(code) = income_class(visit, &insurer, public_assistance, defects) {
        // レセプト特記事項: 調剤 field 8, 医科 field 11 (after 8–10, left empty).
        let re = out.last_mut().expect("the RE just pushed");
        if !pharmacy {
            re.extend([String::new(), String::new(), String::new()]);
        }
        re.push(s(code));
    }
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
        let paid = visit_share(visit.fields, &insurer, total);
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
        push_subsidies(&mut out, &subsidies, (total, paid, pharmacy), defects);
    }
    out.push(jd.clone());
    // Each 公費's own JD (負担者種別 2–5, the n-th KO's): the day it was used.
    for (n, _) in subsidies.iter().enumerate() {
        let mut own = jd.clone();
        own[1] = (n + 2).to_string();
        out.push(own);
    }
    if pharmacy {
        out.extend(pharmacy_items(visit.day, &codes));
        out.push(vec![s("GO"), s("1"), total.to_string(), s("99")]);
        return out;
    }
    let undated = defects.has(Defect::ClaimFileAdditionWithoutDay);
    out.extend(medical_items(&codes, visit_kind, day, undated));
    out.push(vec![s("GO"), s("1"), total.to_string(), s("99")]);
    out
}

/// The 医療費助成 KO records after HO and its SN (`out` ends with them), in the order the
/// answer gives them (the 記録条件仕様: 第1公費, 第2公費 …), each billing the visit's `points`
/// with the patient's `paid` share of them as its 負担金額 (医科 field 7, 調剤 8), within the
/// entry's 自己負担上限額 (`claim-subsidy-cap-ignored`: without it);
/// `claim-subsidy-before-insurance` writes them before HO.
fn push_subsidies(
    out: &mut Vec<Vec<String>>,
    subsidies: &[Taken],
    (points, paid, pharmacy): (u64, u64, bool),
    defects: &Defects,
) {
    let at = if pharmacy {
        position::KO_BURDEN_PHARMACY
    } else {
        position::KO_BURDEN_MEDICAL
    };
    let kos: Vec<Vec<String>> = subsidies
        .iter()
        .map(|taken| {
            let mut ko = vec![
                "KO".to_owned(),
                taken.payer.clone(),
                taken.recipient.clone(),
                String::new(),
                "1".to_owned(),
                points.to_string(),
            ];
            ko.resize(at + 1, String::new());
            ko[at] = capped(paid, taken.cap, defects).to_string();
            ko
        })
        .collect();
    if defects.has(Defect::ClaimSubsidyBeforeInsurance) {
        let at = out.len().saturating_sub(2);
        out.splice(at..at, kos);
    } else {
        out.extend(kos);
    }
}

/// `paid` within the 上限額 `cap` (none: no cap), but for `claim-subsidy-cap-ignored`.
pub(crate) fn capped(paid: u64, cap: Option<u64>, defects: &Defects) -> u64 {
    match cap {
        Some(cap) if !defects.has(Defect::ClaimSubsidyCapIgnored) => paid.min(cap),
        _ => paid,
    }
}

/// The patient's share of a visit's `points` (**mynakit's model** of the 一部負担金, which no
/// check prices): 合計点数 × 10 円 × the answer's share (a 高齢受給者's, else
/// `InsuredPartialContributionRatio`, else 3割), rounded to 10 yen.
fn visit_share(fields: &BTreeMap<String, String>, insurer: &str, points: u64) -> u64 {
    let field = |name: ElementName| fields.get(name.as_str()).map(|v| v.trim());
    let percent = elderly_share(
        insurer,
        field(ElementName::ElderlyRecipientContributionRatio),
        field(ElementName::InsuredPartialContributionRatio),
    )
    .or_else(|| {
        field(ElementName::InsuredPartialContributionRatio)
            .and_then(mynakit_oqs::contribution_percent)
    })
    .unwrap_or(UNDER_70_SHARE);
    let yen = points.saturating_mul(u64::from(percent)) / 10;
    yen.saturating_add(5) / 10 * 10
}

/// A 医療費助成 entry the claim takes: its 公費負担者番号, 受給者番号 and 自己負担上限額.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Taken {
    pub(crate) payer: String,
    pub(crate) recipient: String,
    pub(crate) cap: Option<u64>,
}

/// The 公費負担者番号 and 受給者番号 of each 医療費助成 entry of the answer whose 有効期間 holds
/// the visit's day (`docs/subsidies.md`, "What a レセコン does"): an expired or not yet valid
/// one comes with the answer and is not taken (`claim-subsidy-expired-taken` takes it), and a
/// declined one does not come at all. `claim-subsidy-crossed-numbers` gives each entry the
/// 受給者番号 of the next. At most four: a claim has 第1 to 第4公費.
fn taken_subsidies(visit: &Visit<'_>, defects: &Defects) -> Vec<Taken> {
    let get = |entry: &BTreeMap<String, String>, name: ElementName| {
        entry
            .get(name.as_str())
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let valid = |entry: &BTreeMap<String, String>| {
        let from = get(entry, ElementName::MedicalSubsidyValidStartDate);
        let to = get(entry, ElementName::MedicalSubsidyValidEndDate);
        (from.is_empty() || from.as_str() <= visit.day)
            && (to.is_empty()
                || visit.day < to.as_str()
                || (visit.day == to.as_str() && !defects.has(Defect::ClaimSubsidyLastDayDropped)))
    };
    let mut taken: Vec<Taken> = visit
        .subsidies
        .iter()
        .filter(|e| valid(e) || defects.has(Defect::ClaimSubsidyExpiredTaken))
        .map(|e| Taken {
            payer: get(e, ElementName::MedicalSubsidyPayerNumber),
            recipient: get(e, ElementName::MedicalSubsidyRecipientNumber),
            cap: get(e, ElementName::MedicalSubsidySelfPayLimit).parse().ok(),
        })
        .collect();
    // A claim holds four 公費 at most (第1公費 … 第4公費, 負担者種別 2–5): the first four.
    taken.truncate(4);
    if defects.has(Defect::ClaimSubsidyCrossedNumbers) && taken.len() > 1 {
        let first = taken[0].recipient.clone();
        let n = taken.len();
        for i in 0..n - 1 {
            taken[i].recipient = taken[i + 1].recipient.clone();
        }
        taken[n - 1].recipient = first;
    }
    taken
}

/// The レセプト種別 `kind` of a 医保 claim with `publics` 公費 beside it (医保と n 公費の併用:
/// 2nd and 3rd digits 1(n+1), `mynakit_uke::Payers`).
fn with_publics(kind: String, publics: usize) -> String {
    match ReceiptKind::parse(&kind) {
        Some(
            mut parsed @ ReceiptKind {
                payers: Payers::Insurance { .. },
                ..
            },
        ) if publics > 0 => {
            parsed.payers = Payers::Insurance {
                publics: u8::try_from(publics.min(4)).unwrap_or(4),
            };
            parsed.code()
        }
        _ => kind,
    }
}

/// The 枝番 as the claim file writes it, but for the defects that drop it
/// (`claim-file-branch-dropped`) or write it full-width (`claim-file-branch-full-width`).
fn branch_number(branch: String, defects: &Defects) -> String {
    if defects.has(Defect::ClaimFileBranchDropped) {
        String::new()
    } else if defects.has(Defect::ClaimFileBranchFullWidth) {
        // `０１`: each ASCII digit as its full-width form (U+FF10 on).
        branch
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
                None => c,
            })
            .collect()
    } else {
        branch
    }
}

/// The codes the visit bills, with their points: the 調剤基本料 at a 薬局, else the 初診料 or
/// 再診料, then each 加算 the claim record claims.
fn fee_codes(
    visit: &Visit<'_>,
    pharmacy: bool,
    visit_kind: VisitKind,
    defects: &Defects,
) -> Vec<(String, String)> {
    let mut codes: Vec<(String, String)> = vec![if pharmacy {
        (
            PHARMACY_BASE_FEE.0.to_owned(),
            PHARMACY_BASE_FEE.1.to_owned(),
        )
    } else {
        (
            visit_kind.fee_code().to_owned(),
            match visit_kind {
                VisitKind::First => FIRST_VISIT_POINTS,
                VisitKind::Return => RETURN_VISIT_POINTS,
            }
            .to_owned(),
        )
    }];
    // The 加算 of the 医科 table (`crate::claim`): a 薬局 bills none of them, but for the
    // defect `claim-file-medical-additions`.
    let medical_additions = !pharmacy || defects.has(Defect::ClaimFileMedicalAdditions);
    if let ClientMessage::ClaimRecord {
        claimed: Some(claimed),
        ..
    } = visit.record
    {
        codes.extend(
            claimed
                .iter()
                .filter(|_| medical_additions)
                .filter_map(|c| Some((c.code.clone()?, c.points.to_string()))),
        );
    }
    // `claim-file-statement-addition`: 明細書発行体制等加算 beside the 加算, which the master
    // excludes with 電子的診療情報連携体制整備加算 from 2026-06-01.
    if !pharmacy && defects.has(Defect::ClaimFileStatementAddition) {
        codes.push((
            STATEMENT_ADDITION.0.to_owned(),
            STATEMENT_ADDITION.1.to_owned(),
        ));
    }
    codes
}

/// The file's first record: YK at a 薬局, IR at a 医科 facility.
fn header(
    pharmacy: bool,
    payer: String,
    prefecture: String,
    table: ScoreTable,
    institution: String,
    month: String,
) -> Vec<String> {
    let s = |v: &str| v.to_owned();
    if pharmacy {
        // YK: 審査支払機関, 都道府県, 点数表, 薬局コード, 薬局連絡先名称, 請求年月, マルチ
        // ボリューム識別情報, 電話番号.
        vec![
            s("YK"),
            payer,
            prefecture,
            s(table.code()),
            institution,
            s("テスト薬局"),
            month,
            s("00"),
            String::new(),
        ]
    } else {
        vec![
            s("IR"),
            payer,
            prefecture,
            s(table.code()),
            institution,
            String::new(),
            s("テスト医療機関"),
            month,
            s("00"),
            String::new(),
        ]
    }
}

/// A 医科 visit's SI lines, one a code. `undated` (the defect `claim-file-addition-without-day`):
/// the 加算 lines after the basic fee mark no 算定日.
fn medical_items(
    codes: &[(String, String)],
    visit_kind: VisitKind,
    day: usize,
    undated: bool,
) -> Vec<Vec<String>> {
    let s = |v: &str| v.to_owned();
    let mut out = Vec::new();
    // 診療識別 11 初診, 12 再診, on the first line; each line marks its 算定日 (once that day).
    let category = match visit_kind {
        VisitKind::First => "11",
        VisitKind::Return => "12",
    };
    for (i, (code, points)) in codes.iter().enumerate() {
        let mut si = vec![
            s("SI"),
            s(if i == 0 { category } else { "" }),
            s("1"),
            code.clone(),
            String::new(),
            points.clone(),
            s("1"),
        ];
        si.resize(position::SI_FIRST_DAY + 31, String::new());
        if i == 0 || !undated {
            si[position::SI_FIRST_DAY + day - 1] = s("1");
        }
        out.push(si);
    }
    out
}

/// A 薬局's one 剤 and its fees (記録条件仕様（調剤用）, `docs/uke.md`, "調剤"): SH (剤 1, 内服),
/// CZ (処方月日 and 調剤月日 the visit's day, 受付回 1, 7 日分), IY, and KI with the 調剤基本料
/// (`codes[0]`) and each further code as a 調剤基本料加算 (`負担区分, コード, 回数, 点数` from
/// field 70).
fn pharmacy_items(day: &str, codes: &[(String, String)]) -> Vec<Vec<String>> {
    let s = |v: &str| v.to_owned();
    let month_day = s(day.get(4..8).unwrap_or_default());
    let mut ki = vec![s("KI"), s(day), s("1")];
    if let Some((code, points)) = codes.first() {
        ki.extend([s("1"), code.clone(), points.clone(), String::new()]);
    }
    // 12 薬学管理料, 3 摘要薬学管理料 (4 fields each), 前回調剤年月日 and 数量: empty.
    ki.resize(69, String::new());
    for (code, points) in codes.iter().skip(1) {
        ki.extend([s("1"), code.clone(), s("1"), points.clone()]);
    }
    vec![
        vec![s("SH"), s("1"), s("1")],
        vec![
            s("CZ"),
            s("1"),
            month_day.clone(),
            month_day,
            s("1"),
            s("7"),
        ],
        vec![s("IY"), s("1"), s(PHARMACY_DRUG), s("3")],
        ki,
    ]
}

/// レセプト種別, 医科 or 調剤 入院外 (`mynakit_uke::ReceiptKind`), and RE 給付割合: 医療扶助 alone is
/// 公費単独; a patient the answer gives a share of 70 or over for (`mynakit_oqs::elderly_share`:
/// a 高齢受給者, or a 後期高齢者 of 法別 39) is 一般 or 7割 by the share; else 本人 or 家族. The
/// 給付割合 is written for 国保 alone (100 less the share; 70, a 3割 share, when the answer
/// gives none; a 未就学者 (PreschoolClassification 1) is of its own kind, at its 2割). The defect `claim-file-elderly-share-ignored` claims every patient as 本人
/// or 家族 with the 3割 ratio, as a レセコン that claims from its own patient master does.
/// RE レセプト特記事項 of a patient of 70 or over: the income class the answer supports, from
/// the share and whether a 限度額 class came with it ([`IncomeClassNote::due`];
/// `docs/uke.md`, "The income class of a patient of 70 or over"). For 3割 with a class it
/// writes 27 区イ: this client does not tell 現役並みⅡ from Ⅰ by the class's code. The defect
/// `claim-file-no-income-class` leaves it out.
fn income_class(
    visit: &Visit<'_>,
    insurer: &str,
    public_assistance: bool,
    defects: &Defects,
) -> Option<&'static str> {
    if public_assistance || defects.has(Defect::ClaimFileNoIncomeClass) {
        return None;
    }
    let field = |name: ElementName| visit.fields.get(name.as_str()).map(|v| v.trim());
    let share = elderly_share(
        insurer,
        field(ElementName::ElderlyRecipientContributionRatio),
        field(ElementName::InsuredPartialContributionRatio),
    )?;
    let limit_class = field(ElementName::LimitApplicationCertificateClassificationFlag)
        .is_some_and(|c| !c.is_empty());
    IncomeClassNote::due(share, limit_class)
        .first()
        .map(|c| c.code())
}

/// RE レセプト種別 and 給付割合 of the answer's `fields` for a claim on `table` (the 医科,
/// 調剤 and 訪問看護 writers share it).
pub(crate) fn claim_kind(
    fields: &BTreeMap<String, String>,
    table: ScoreTable,
    insurer: &str,
    public_assistance: bool,
    defects: &Defects,
) -> (String, String) {
    let field = |name: ElementName| fields.get(name.as_str()).map(|v| v.trim());
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
    // 家族 as the answer says (PersonalFamilyClassification 2); the defect
    // `claim-file-wrong-family-kind` claims the other.
    let family = (field(ElementName::PersonalFamilyClassification) == Some("2"))
        != defects.has(Defect::ClaimFileWrongFamilyKind);
    let (payers, insured) = if public_assistance {
        (Payers::PublicOnly { publics: 1 }, None)
    } else {
        let insured = match share {
            Some(percent) => Insured::elderly(percent),
            None if preschool => Insured::Preschool,
            None if family => Insured::Family,
            None => Insured::Principal,
        };
        (Payers::Insurance { publics: 0 }, Some(insured))
    };
    // 訪問看護's 別表4 gives a 後期高齢者医療 claim a 2nd digit of its own (`6318` …); the
    // defect `station-claim-late-elderly-as-insurance` writes it under 医保 (`6118`), as the
    // 医科 list here reads it.
    let late_elderly = table == ScoreTable::Nursing
        && !public_assistance
        && insurer_scheme(insurer) == InsurerScheme::LateElderly
        && !defects.has(Defect::StationClaimLateElderlyAsInsurance);
    let kind = ReceiptKind {
        table,
        payers,
        insured,
        inpatient: false,
        late_elderly,
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

    /// `claim-file-wrong-birth-era` writes the nearest other 元号 that has the day, before the
    /// visit; a year no other era has stays Gregorian. Without it the answer's day is written.
    #[test]
    fn the_wrong_era_is_a_plausible_other_day() {
        let wrong = Defects::from_iter([Defect::ClaimFileWrongBirthEra]);
        let none = Defects::default();
        let today = "20261119";
        assert_eq!(birth_date("19460505".into(), today, &none), "19460505");
        // 昭和21 → 平成21 (2009-05-05); 令和4 → 平成4 (1992); 昭和60 has no other era.
        assert_eq!(birth_date("19460505".into(), today, &wrong), "4210505");
        assert_eq!(birth_date("20220510".into(), today, &wrong), "4040510");
        assert_eq!(birth_date("19850412".into(), today, &wrong), "19850412");
        // 平成22 under 令和 would be 2040, after the visit: 昭和22 instead.
        assert_eq!(birth_date("20100101".into(), today, &wrong), "3220101");
    }

    #[test]
    fn the_wrong_month_is_the_month_after() {
        let wrong = Defects::from_iter([Defect::ClaimFileWrongMonth]);
        assert_eq!(claimed_month("20261119", &Defects::default()), "202611");
        assert_eq!(claimed_month("20261119", &wrong), "202612");
        assert_eq!(claimed_month("20261205", &wrong), "202701");
    }
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
        let record = crate::claim::record(
            Some("20240601"),
            true,
            false,
            None,
            mynakit_protocol::FeeSchedule::Medical,
            false,
        );
        let dir = std::env::temp_dir().join(format!("claim-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let visit = Visit {
            fields: &shown,
            record: &record,
            facility_code: "1319999999",
            day: "20240601",
            subsidies: &[],
        };
        // A link planted at the file's name is replaced, never written through.
        let outside = dir.join("outside");
        std::fs::write(&outside, b"kept").expect("outside");
        let file = dir.join(mynakit_uke::FILE_NAME);
        std::os::unix::fs::symlink(&outside, &file).expect("link");
        write(&dir, &visit, (&Defects::default(), &Variants::default())).expect("written");
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

    /// The file written for `visit` at facility `code` with `defects`, read back.
    fn pharmacy_file(code: &str, defects: &[Defect]) -> (mynakit_uke::Header, mynakit_uke::Claim) {
        let shown = fields(&[
            (ElementName::InsurerNumber, "06139992"),
            (ElementName::InsuredCardSymbol, "1001"),
            (ElementName::InsuredIdentificationNumber, "2345"),
            (ElementName::PersonalFamilyClassification, "1"),
            (ElementName::Birthdate, "19800101"),
        ]);
        let record = crate::claim::record(
            Some("20240601"),
            true,
            false,
            None,
            mynakit_protocol::FeeSchedule::Medical,
            false,
        );
        let visit = Visit {
            fields: &shown,
            record: &record,
            facility_code: code,
            day: "20240601",
            subsidies: &[],
        };
        let records = records(&visit, &defects.iter().copied().collect());
        let mut writer = Writer::new(Vec::new());
        for record in &records {
            writer.write_fields(record).expect("writable");
        }
        let bytes = writer.finish().expect("written");
        let mut claims = Claims::new(Reader::new(&bytes[..])).expect("header");
        let header = claims.header().clone();
        let claim = claims.next().expect("a claim").expect("read");
        assert!(claims.next().is_none());
        (header, claim)
    }

    /// The 医療費助成 entries valid on the day are KO after HO, in the answer's order, and the
    /// レセプト種別 counts them; an expired one is left out (`docs/subsidies.md`).
    #[test]
    fn subsidies_valid_on_the_day_are_ko_after_ho() {
        let shown = BTreeMap::from([
            ("InsurerNumber".to_owned(), "06139992".to_owned()),
            ("InsuredIdentificationNumber".to_owned(), "2345".to_owned()),
            ("PersonalFamilyClassification".to_owned(), "2".to_owned()),
            ("Birthdate".to_owned(), "20150101".to_owned()),
        ]);
        let entry = |payer: &str, recipient: &str, to: &str| {
            BTreeMap::from([
                ("MedicalSubsidyPayerNumber".to_owned(), payer.to_owned()),
                (
                    "MedicalSubsidyRecipientNumber".to_owned(),
                    recipient.to_owned(),
                ),
                (
                    "MedicalSubsidyValidStartDate".to_owned(),
                    "20260401".to_owned(),
                ),
                ("MedicalSubsidyValidEndDate".to_owned(), to.to_owned()),
            ])
        };
        let subsidies = [
            entry("54220017", "4567897", ""),
            entry("15220015", "5678905", "20261031"),
            entry("80220015", "6789013", "20270331"),
        ];
        let record = crate::claim::record(
            Some("20261105"),
            true,
            false,
            None,
            mynakit_protocol::FeeSchedule::Medical,
            false,
        );
        let visit = Visit {
            fields: &shown,
            record: &record,
            facility_code: "1319999999",
            day: "20261105",
            subsidies: &subsidies,
        };
        let ids = |defects: &[Defect]| {
            let records = records(&visit, &defects.iter().copied().collect());
            let kos: Vec<String> = records
                .iter()
                .filter(|r| r[0] == "KO")
                .map(|r| format!("{}/{}", r[1], r[2]))
                .collect();
            let order: Vec<String> = records.iter().map(|r| r[0].clone()).collect();
            (records[1][2].clone(), kos, order.join(","))
        };
        let (kind, kos, order) = ids(&[]);
        assert_eq!(kind, "1136");
        assert_eq!(kos, ["54220017/4567897", "80220015/6789013"]);
        assert!(order.starts_with("IR,RE,HO,SN,KO,KO,JD"), "{order}");
        let (kind, kos, _) = ids(&[Defect::ClaimSubsidyExpiredTaken]);
        assert_eq!(kind, "1146");
        assert_eq!(kos.len(), 3);
        let (_, kos, _) = ids(&[Defect::ClaimSubsidyCrossedNumbers]);
        assert_eq!(kos, ["54220017/6789013", "80220015/4567897"]);
        let (_, _, order) = ids(&[Defect::ClaimSubsidyBeforeInsurance]);
        assert!(order.starts_with("IR,RE,KO,KO,HO,SN,JD"), "{order}");
    }

    /// Three visits of a month with one 公費 of 上限 1,000 円 (as in
    /// `terminal-claim-file-subsidy-cap-reached`): the KO's 負担金額 stops at the 上限額 (900,
    /// then 1,000, 1,000), but for the defect; `subsidies-in-other-order` writes two 公費 last
    /// first.
    #[test]
    fn the_month_s_share_stops_at_the_cap_and_the_order_may_differ() {
        let shown = BTreeMap::from([
            ("InsurerNumber".to_owned(), "06139992".to_owned()),
            ("InsuredCardSymbol".to_owned(), "2002".to_owned()),
            ("InsuredIdentificationNumber".to_owned(), "7777".to_owned()),
            ("InsuredBranchNumber".to_owned(), "00".to_owned()),
            ("PersonalFamilyClassification".to_owned(), "1".to_owned()),
            (
                "InsuredPartialContributionRatio".to_owned(),
                "030".to_owned(),
            ),
            ("Birthdate".to_owned(), "19750630".to_owned()),
        ]);
        let entry = |payer: &str, recipient: &str, cap: &str| {
            BTreeMap::from([
                ("MedicalSubsidyPayerNumber".to_owned(), payer.to_owned()),
                (
                    "MedicalSubsidyRecipientNumber".to_owned(),
                    recipient.to_owned(),
                ),
                ("MedicalSubsidySelfPayLimit".to_owned(), cap.to_owned()),
            ])
        };
        let month = |entries: &[BTreeMap<String, String>],
                     defects: &[Defect],
                     variants: &[Variant]| {
            let dir = tempfile::tempdir().expect("dir");
            let defects: Defects = defects.iter().copied().collect();
            let variants: Variants = variants.iter().copied().collect();
            let mut paid = Vec::new();
            // Without the client's records each visit is a 初診: 291 points and the day's 加算,
            // 300 in all, 900 円 at 3割.
            for day in ["20261105", "20261112", "20261119"] {
                let record = crate::claim::record(
                    Some(day),
                    false,
                    false,
                    None,
                    mynakit_protocol::FeeSchedule::Medical,
                    false,
                );
                let visit = Visit {
                    fields: &shown,
                    record: &record,
                    facility_code: "1319999999",
                    day,
                    subsidies: entries,
                };
                write(dir.path(), &visit, (&defects, &variants)).expect("written");
                let bytes = std::fs::read(dir.path().join(mynakit_uke::FILE_NAME)).expect("read");
                let mut claims = Claims::new(Reader::new(&bytes[..])).expect("header");
                let claim = claims.next().expect("a claim").expect("read");
                let kos: Vec<(String, Option<u64>)> = claim
                    .records
                    .iter()
                    .filter_map(|r| match r {
                        Record::Ko(ko) => Some((ko.payer.clone(), ko.burden)),
                        _ => None,
                    })
                    .collect();
                paid.push(kos);
            }
            paid
        };
        let capped = [entry("54220025", "9012345", "1000")];
        let paid: Vec<Option<u64>> = month(&capped, &[], &[])
            .iter()
            .map(|kos| kos[0].1)
            .collect();
        assert_eq!(paid, [Some(900), Some(1000), Some(1000)]);
        let paid: Vec<Option<u64>> = month(&capped, &[Defect::ClaimSubsidyCapIgnored], &[])
            .iter()
            .map(|kos| kos[0].1)
            .collect();
        assert_eq!(paid, [Some(900), Some(1800), Some(2700)]);
        let two = [
            entry("54220025", "9012345", "1000"),
            entry("81220014", "7234560", "0"),
        ];
        let payers =
            |kos: &[(String, Option<u64>)]| kos.iter().map(|k| k.0.clone()).collect::<Vec<_>>();
        let plain = month(&two, &[], &[]);
        let other = month(&two, &[], &[Variant::SubsidiesInOtherOrder]);
        assert_eq!(payers(&plain[2]), ["54220025", "81220014"]);
        assert_eq!(payers(&other[2]), ["81220014", "54220025"]);
        assert_eq!(other[2][0].1, Some(0));
    }

    fn ki_codes(claim: &mynakit_uke::Claim) -> Vec<String> {
        claim
            .records
            .iter()
            .filter_map(|r| match r {
                Record::Ki(ki) => Some(ki.codes.clone()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    #[test]
    fn a_pharmacy_claims_on_the_pharmacy_layout_without_medical_additions() {
        let (header, claim) = pharmacy_file("1349999999", &[]);
        assert_eq!(header.table, ScoreTable::Pharmacy);
        assert_eq!(header.institution_code, "9999999");
        assert_eq!(claim.re.kind, "4112");
        let ids: Vec<&str> = claim.records.iter().map(Record::id).collect();
        assert_eq!(ids, ["HO", "SN", "JD", "SH", "CZ", "IY", "KI"]);
        assert_eq!(ki_codes(&claim), [PHARMACY_BASE_FEE.0]);
        // The defects: the 医科 加算 in KI, and the 医科 layout.
        let (_, claim) = pharmacy_file("1349999999", &[Defect::ClaimFileMedicalAdditions]);
        assert_eq!(ki_codes(&claim), [PHARMACY_BASE_FEE.0, "111703270"]);
        let (header, claim) = pharmacy_file("1349999999", &[Defect::ClaimFileMedicalLayout]);
        assert_eq!(
            (header.table, claim.re.kind.as_str()),
            (ScoreTable::Medical, "1112")
        );
    }
}
