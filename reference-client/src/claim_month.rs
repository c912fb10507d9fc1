//! The month's claim file (`docs/uke.md`, "Several visits in a month"): a レセコン claims a
//! month's visits in one RECEIPTC.UKE, so the reference レセコン adds each visit to the claims of
//! the month already in its claim folder rather than writing the file anew.
//!
//! A claim is one patient under one insurer (HO 保険者番号, 記号, 番号, SN 枝番 and RE 生年月日;
//! or, for 医療扶助 alone, KO 公費負担者番号, 受給者番号 and RE 生年月日) in one month: a later visit under the same one marks its
//! day in that claim's JD, adds its billed lines (each with its 算定日) and counts a day and
//! its points in HO or KO; a visit under another insurer (the insurance changed this month)
//! is a claim of its own. A file of another month, or one that cannot be read, is not carried
//! over: the month's file starts with this visit.

use std::path::Path;

use mynakit_uke::{Payers, Reader, ReceiptKind, Record};

/// One claim as records' fields, RE first.
pub(crate) type Claim = Vec<Vec<String>>;

use mynakit_uke::position::{
    JD_FIRST_DAY, KO_BURDEN_MEDICAL, KO_BURDEN_PHARMACY, PAYER_DAYS as DAYS_FIELD,
    PAYER_POINTS as POINTS_FIELD, SI_BURDEN, SI_CODE, SI_COUNT, SI_FIRST_DAY,
};

/// The claims of `month` (`YYYYMM`) in the claim file `name` of `dir` (RECEIPTC.UKE, or a
/// station's RECEIPTH.UKE), in file order; none when there is no file, it is of another month,
/// or it cannot be read whole.
pub(crate) fn earlier(dir: &Path, name: &str, month: &str) -> Vec<Claim> {
    let path = dir.join(name);
    // A link planted at the name is not read through: its target's claims would be copied
    // into the file written next (which replaces the link, never writes through it).
    if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file()) {
        return Vec::new();
    }
    let Ok(file) = std::fs::File::open(&path) else {
        return Vec::new();
    };
    let mut claims: Vec<Claim> = Vec::new();
    for record in Reader::new(std::io::BufReader::new(file)) {
        let Ok(record) = record else {
            return Vec::new();
        };
        match &record {
            Record::Re(re) if format!("{:04}{:02}", re.month.year, re.month.month) != month => {
                return Vec::new()
            }
            Record::Re(_) => claims.push(vec![record.fields().to_vec()]),
            Record::Ir(_) | Record::Yk(_) | Record::Hm(_) | Record::Go(_) => {}
            // A station's GO is written bare (docs/uke.md, 訪問看護): the file's trailer.
            _ if record.fields().first().map(String::as_str) == Some("GO") => {}
            _ => {
                if let Some(claim) = claims.last_mut() {
                    claim.push(record.fields().to_vec());
                }
            }
        }
    }
    claims
}

/// The claim of `claim`'s patient (the same payer key) in the claim file `name` of `dir`,
/// whatever its month: what a patient master remembers of the patient's last claim (the defect
/// `claim-subsidy-from-master`).
pub(crate) fn last_claim_of(dir: &Path, name: &str, claim: &Claim) -> Option<Claim> {
    let path = dir.join(name);
    if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file()) {
        return None;
    }
    let file = std::fs::File::open(&path).ok()?;
    let mut claims: Vec<Claim> = Vec::new();
    for record in Reader::new(std::io::BufReader::new(file)) {
        let record = record.ok()?;
        match &record {
            Record::Re(_) => claims.push(vec![record.fields().to_vec()]),
            Record::Ir(_) | Record::Yk(_) | Record::Hm(_) | Record::Go(_) => {}
            _ => {
                if let Some(last) = claims.last_mut() {
                    last.push(record.fields().to_vec());
                }
            }
        }
    }
    let key = payer_key(claim)?;
    claims
        .into_iter()
        .find(|c| payer_key(c).as_ref() == Some(&key))
}

/// The defects that change how a month's claims are kept.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct MonthDefects {
    /// `claim-file-one-insurer-per-month`: the patient's earlier claims of the month are moved
    /// to this visit's insurer.
    pub(crate) one_insurer: bool,
    /// `claim-file-household-one-claim`: claims are keyed on insurer and 記号・番号 alone, so a
    /// household's 本人 and 家族 are one claim.
    pub(crate) household_one_claim: bool,
    /// `claim-subsidy-days-of-insurance`: every KO counts each day of the claim, as HO does.
    pub(crate) publics_every_day: bool,
    /// `claim-subsidy-points-of-insurance`: every KO's 合計点数 is HO's.
    pub(crate) publics_points_of_insurance: bool,
}

/// The correct variants that lay a month's claims out another way (`docs/reference-client.md`,
/// "Variants").
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct MonthStyle {
    /// `claims-in-patient-order`: the claims sorted by their patient.
    pub(crate) patient_order: bool,
    /// `one-line-per-code`: a code the claim already bills on an SI line takes the new day on
    /// that line.
    pub(crate) one_line_per_code: bool,
}

/// `claims` with this visit's `claim` added on `day` (1–31): merged into the claim of the same
/// patient and insurer, else appended (or, `claims-in-patient-order`, put in its patient's
/// place); the RE numbers then run from 1 in file order.
pub(crate) fn add(
    mut claims: Vec<Claim>,
    claim: Claim,
    day: usize,
    (defects, style): (MonthDefects, MonthStyle),
) -> Vec<Claim> {
    if defects.one_insurer {
        let patient = patient_key(&claim);
        for earlier in claims.iter_mut().filter(|c| patient_key(c) == patient) {
            to_payers_of(earlier, &claim);
        }
    }
    let key_of = |c: &Claim| {
        payer_key(c).map(|mut key| {
            if defects.household_one_claim {
                // The insurer and its 記号・番号 (or 公費負担者番号, 受給者番号) alone.
                key.truncate(key.len().saturating_sub(2).max(2));
            }
            key
        })
    };
    let key = key_of(&claim);
    match claims
        .iter_mut()
        .find(|c| key.is_some() && key_of(c) == key)
    {
        Some(same) => {
            merge(same, claim, day, (style, defects.publics_every_day));
            if defects.publics_points_of_insurance {
                points_of_insurance(same);
            }
        }
        None => claims.push(claim),
    }
    if style.patient_order {
        // Stable: two claims of one patient (a change of insurer) keep their order.
        claims.sort_by_cached_key(payer_key);
    }
    for (i, claim) in claims.iter_mut().enumerate() {
        if let Some(re) = claim.first_mut().and_then(|re| re.get_mut(1)) {
            *re = (i + 1).to_string();
        }
    }
    claims
}

/// The total points of `claims`: each one's HO (or KO) 合計点数.
pub(crate) fn points(claims: &[Claim]) -> u64 {
    claims
        .iter()
        .filter_map(|c| payer(c).and_then(|r| number(r, POINTS_FIELD)))
        .sum()
}

/// Whose claim it is (docs/uke.md, "One patient"): HO 保険者番号, 記号, 番号 and the 枝番 of the
/// insurance's SN, or KO 公費負担者番号, 受給者番号 (公費単独); then RE 生年月日; trimmed. 本人 and
/// 家族 of one 健保組合 share 記号・番号 and are two claims: their 枝番 and 生年月日 differ.
fn payer_key(claim: &Claim) -> Option<Vec<String>> {
    let record = payer(claim)?;
    let insurance = record.first().map(String::as_str) == Some("HO");
    let fields = if insurance { 1..4 } else { 1..3 };
    let mut key: Vec<String> = record
        .get(fields)?
        .iter()
        .map(|f| f.trim().to_owned())
        .collect();
    if insurance {
        let branch = claim
            .iter()
            .find(|r| {
                r.first().map(String::as_str) == Some("SN")
                    && r.get(1).map(|k| k.trim()) == Some("1")
            })
            .and_then(|sn| sn.get(6))
            .map(|b| b.trim().to_owned())
            .unwrap_or_default();
        key.push(branch);
    }
    let birth = claim.first().and_then(|re| re.get(6))?;
    key.push(birth.trim().to_owned());
    Some(key)
}

/// Who the patient is, for the defect: RE 氏名 and 生年月日.
fn patient_key(claim: &Claim) -> Option<(&str, &str)> {
    let re = claim.first()?;
    Some((re.get(4)?.as_str(), re.get(6)?.as_str()))
}

/// For the defect: `earlier`'s HO, KO and SN say who pays as `claim`'s do; its own days and
/// points stay.
fn to_payers_of(earlier: &mut Claim, claim: &Claim) {
    for record in earlier.iter_mut() {
        let id = record.first().cloned().unwrap_or_default();
        if !matches!(id.as_str(), "HO" | "KO" | "SN") {
            continue;
        }
        let Some(now) = claim.iter().find(|r| r.first() == Some(&id)) else {
            continue;
        };
        let kept: Vec<(usize, String)> = [DAYS_FIELD, POINTS_FIELD]
            .into_iter()
            .filter(|_| id != "SN")
            .filter_map(|at| Some((at, record.get(at)?.clone())))
            .collect();
        record.clone_from(now);
        for (at, value) in kept {
            if let Some(field) = record.get_mut(at) {
                *field = value;
            }
        }
    }
}

/// A claim's HO, else its first KO.
fn payer(claim: &Claim) -> Option<&Vec<String>> {
    let of = |id: &str| {
        claim
            .iter()
            .find(|r| r.first().map(String::as_str) == Some(id))
    };
    of("HO").or_else(|| of("KO"))
}

fn number(record: &[String], at: usize) -> Option<u64> {
    record.get(at)?.trim().parse().ok()
}

/// Adds the visit's `claim` (of one day, `day`) to `into`: its day in the JD of the insurance
/// and of each 公費 the visit used, a day, its points and its 負担金額 in HO and in each KO the
/// visit used (a 公費 not used that day, as a 受給者証 that ended mid-month, keeps its days), a
/// KO new to the month after the claim's own with a JD of its own (the レセプト種別 counting it),
/// and its billed lines after the claim's own (or, for `one-line-per-code`, an SI line's code the
/// claim already bills on that line).
fn merge(into: &mut Claim, claim: Claim, day: usize, (style, every_day): (MonthStyle, bool)) {
    let points = payer(&claim)
        .and_then(|r| number(r, POINTS_FIELD))
        .unwrap_or(0);
    let burden_at = if is_pharmacy(into) {
        KO_BURDEN_PHARMACY
    } else {
        KO_BURDEN_MEDICAL
    };
    let used: Vec<&Vec<String>> = claim.iter().filter(|r| is(r, "KO")).collect();
    let used_payer = |ko: &Vec<String>| {
        used.iter()
            .find(|u| u.get(1).map(|p| p.trim()) == ko.get(1).map(|p| p.trim()))
            .copied()
    };
    // The claim's KO in order: the n-th is the 第n公費, whose JD is of 負担者種別 n+1.
    let kos: Vec<Option<Vec<String>>> = into
        .iter()
        .filter(|r| is(r, "KO"))
        .map(|ko| used_payer(ko).cloned())
        .collect();
    for record in into.iter_mut() {
        match record.first().map(String::as_str) {
            Some("JD") => {
                let kind: usize = record
                    .get(1)
                    .and_then(|k| k.trim().parse().ok())
                    .unwrap_or(1);
                let used_that_day = kind <= 1 || kos.get(kind - 2).is_some_and(Option::is_some);
                if used_that_day {
                    mark_jd(record, day);
                }
            }
            Some("HO") => add_day(record, &[(DAYS_FIELD, 1), (POINTS_FIELD, points)]),
            Some("KO") => {
                if let Some(now) = used_payer(record) {
                    let paid = number(now, burden_at);
                    let mut more = vec![(DAYS_FIELD, 1), (POINTS_FIELD, points)];
                    more.extend(paid.map(|p| (burden_at, p)));
                    add_day(record, &more);
                } else if every_day {
                    add_day(record, &[(DAYS_FIELD, 1), (POINTS_FIELD, points)]);
                }
            }
            _ => {}
        }
    }
    // A 公費 first used this day: its KO after the claim's own, and its JD.
    let known = kos.len();
    let new: Vec<Vec<String>> = used
        .iter()
        .filter(|u| {
            !into
                .iter()
                .any(|r| is(r, "KO") && r.get(1).map(|p| p.trim()) == u.get(1).map(|p| p.trim()))
        })
        .map(|u| (*u).clone())
        .collect();
    if !new.is_empty() {
        let after = into
            .iter()
            .rposition(|r| is(r, "KO") || is(r, "SN") || is(r, "HO"))
            .map_or(into.len(), |at| at + 1);
        let count = new.len();
        for (i, ko) in new.into_iter().enumerate() {
            into.insert(after + i, ko);
        }
        for n in known..known + count {
            let mut jd = vec!["JD".to_owned(), (n + 2).to_string()];
            jd.resize(JD_FIRST_DAY + 31, String::new());
            jd[JD_FIRST_DAY + day - 1] = "1".to_owned();
            let at = into
                .iter()
                .rposition(|r| is(r, "JD"))
                .map_or(after + count, |at| at + 1);
            into.insert(at, jd);
        }
        count_publics(into);
    }
    let billed = |id: &str| !matches!(id, "RE" | "HO" | "KO" | "SN" | "JD" | "MF");
    let mut lines: Vec<Vec<String>> = claim
        .into_iter()
        .filter(|r| r.first().is_some_and(|id| billed(id)))
        .collect();
    // A 薬局's next 剤: SH numbers its 剤 in the claim.
    let dispensed = into
        .iter()
        .filter(|r| r.first().map(String::as_str) == Some("SH"))
        .count();
    for record in &mut lines {
        if record.first().map(String::as_str) == Some("SH") {
            if let Some(no) = record.get_mut(1) {
                *no = (dispensed + 1).to_string();
            }
        }
    }
    for line in lines {
        let joined = style.one_line_per_code
            && same_code_line(into, &line).is_some_and(|at| {
                mark_day(&mut into[at], day);
                true
            });
        if !joined {
            into.push(line);
        }
    }
}

/// For the defect: each KO's 合計点数 is HO's.
fn points_of_insurance(claim: &mut Claim) {
    let Some(points) = claim
        .iter()
        .find(|r| is(r, "HO"))
        .and_then(|ho| ho.get(POINTS_FIELD).cloned())
    else {
        return;
    };
    for ko in claim.iter_mut().filter(|r| is(r, "KO")) {
        if let Some(field) = ko.get_mut(POINTS_FIELD) {
            field.clone_from(&points);
        }
    }
}

fn is(record: &[String], id: &str) -> bool {
    record.first().map(String::as_str) == Some(id)
}

/// Whether `claim` is a 薬局's: RE レセプト種別 of 点数表 4 (調剤).
fn is_pharmacy(claim: &Claim) -> bool {
    claim
        .first()
        .and_then(|re| re.get(2))
        .is_some_and(|kind| kind.trim().starts_with('4'))
}

/// Marks `day` in a JD record.
fn mark_jd(record: &mut Vec<String>, day: usize) {
    let at = JD_FIRST_DAY + day - 1;
    if record.len() <= at {
        record.resize(at + 1, String::new());
    }
    record[at] = "1".to_owned();
}

/// Adds each `(field, more)` to the number written at that field of `record`.
fn add_day(record: &mut [String], more: &[(usize, u64)]) {
    for &(at, more) in more {
        if let Some(field) = record.get_mut(at) {
            let was: u64 = field.trim().parse().unwrap_or(0);
            *field = (was + more).to_string();
        }
    }
}

/// RE レセプト種別 of a 医保 claim counting its KO (医保と n 公費の併用: 1(n+1)).
fn count_publics(claim: &mut Claim) {
    let publics = claim.iter().filter(|r| is(r, "KO")).count();
    let Some(kind) = claim.first_mut().and_then(|re| re.get_mut(2)) else {
        return;
    };
    if let Some(
        mut parsed @ ReceiptKind {
            payers: Payers::Insurance { .. },
            ..
        },
    ) = ReceiptKind::parse(kind.trim())
    {
        parsed.payers = Payers::Insurance {
            publics: u8::try_from(publics.min(4)).unwrap_or(4),
        };
        *kind = parsed.code();
    }
}

/// Where `into` bills `line`'s SI code under the same 負担区分 on an SI line of 算定日 columns.
fn same_code_line(into: &Claim, line: &[String]) -> Option<usize> {
    let si = |r: &[String]| r.first().map(String::as_str) == Some("SI") && r.len() > SI_FIRST_DAY;
    if !si(line) {
        return None;
    }
    let same =
        |r: &Vec<String>, at: usize| r.get(at).map(|v| v.trim()) == line.get(at).map(|v| v.trim());
    into.iter()
        .position(|r| si(r) && same(r, SI_CODE) && same(r, SI_BURDEN))
}

/// One more of `si`'s code on `day`: its 算定日 column counts it, and its 回数 with it.
fn mark_day(si: &mut [String], day: usize) {
    for at in [SI_FIRST_DAY + day - 1, SI_COUNT] {
        if let Some(field) = si.get_mut(at) {
            let was: u64 = field.trim().parse().unwrap_or(0);
            *field = (was + 1).to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CORRECT: MonthDefects = MonthDefects {
        one_insurer: false,
        household_one_claim: false,
        publics_every_day: false,
        publics_points_of_insurance: false,
    };
    const PLAIN: MonthStyle = MonthStyle {
        patient_order: false,
        one_line_per_code: false,
    };
    const NONE: (MonthDefects, MonthStyle) = (CORRECT, PLAIN);

    fn claim(lines: &[&str]) -> Claim {
        lines
            .iter()
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect()
    }

    fn jd(day: usize) -> String {
        let marks: Vec<&str> = (1..=31).map(|d| if d == day { "1" } else { "" }).collect();
        format!("JD,1,{}", marks.join(","))
    }

    #[test]
    fn the_month_is_read_back_but_never_through_a_link() {
        let dir = tempfile::tempdir().expect("dir");
        let mut writer = mynakit_uke::Writer::new(Vec::new());
        for line in [
            "IR,1,13,1,9999999,,テスト医療機関,202611,00,",
            "RE,1,1112,202611,テスト　太郎,1,19850412,",
            "HO,06139992,1001,2345,1,291",
            "GO,1,291,99",
        ] {
            let fields: Vec<String> = line.split(',').map(str::to_owned).collect();
            writer.write_fields(&fields).expect("writable");
        }
        let bytes = writer.finish().expect("written");
        let elsewhere = dir.path().join("elsewhere.UKE");
        std::fs::write(&elsewhere, &bytes).expect("write");
        let own = dir.path().join("own");
        std::fs::create_dir(&own).expect("own");
        std::fs::write(own.join(mynakit_uke::FILE_NAME), &bytes).expect("write");
        assert_eq!(earlier(&own, mynakit_uke::FILE_NAME, "202611").len(), 1);
        assert!(
            earlier(&own, mynakit_uke::FILE_NAME, "202612").is_empty(),
            "another month starts anew"
        );
        std::fs::remove_file(own.join(mynakit_uke::FILE_NAME)).expect("remove");
        std::os::unix::fs::symlink(&elsewhere, own.join(mynakit_uke::FILE_NAME)).expect("link");
        assert!(
            earlier(&own, mynakit_uke::FILE_NAME, "202611").is_empty(),
            "read through a link"
        );
    }

    /// 本人 and 家族 of one 健保組合 share 記号・番号: two patients, two claims; the 家族's next
    /// visit joins the 家族's own.
    #[test]
    fn a_household_is_a_claim_per_patient() {
        let visit = |kind: &str, birth: &str, branch: &str, day: usize| {
            claim(&[
                &format!("RE,1,{kind},202611,テスト　花子,2,{birth},"),
                "HO,06139992,1001,2345,1,75",
                &format!("SN,1,01,,,,{branch}"),
                &jd(day),
            ])
        };
        let month = add(Vec::new(), visit("1112", "19850412", "00", 5), 5, NONE);
        let month = add(month, visit("1116", "19900101", "01", 12), 12, NONE);
        assert_eq!(month.len(), 2, "本人 and 家族 are two claims");
        let month = add(month, visit("1116", "19900101", "01", 19), 19, NONE);
        assert_eq!(month.len(), 2);
        assert_eq!(
            month[1][1][4], "2",
            "the 家族's two days in the 家族's claim"
        );
        // Twins: one 記号・番号 and one 生年月日, told apart by their 枝番.
        let twins = add(
            add(Vec::new(), visit("1116", "20200101", "02", 5), 5, NONE),
            visit("1116", "20200101", "03", 5),
            5,
            NONE,
        );
        assert_eq!(twins.len(), 2);
        // The defect: keyed on 記号・番号 alone, the household is one claim.
        let merged = (
            MonthDefects {
                household_one_claim: true,
                ..CORRECT
            },
            PLAIN,
        );
        let one = add(
            add(Vec::new(), visit("1112", "19850412", "00", 5), 5, merged),
            visit("1116", "19900101", "01", 12),
            12,
            merged,
        );
        assert_eq!(one.len(), 1);
    }

    /// A 公費 counts the days it was used (docs/subsidies.md): one that ended before the 19th
    /// keeps the 5th alone, its JD too; one first used on the 19th comes after the claim's KO
    /// with its own JD, and the レセプト種別 counts it.
    #[test]
    fn a_public_expense_counts_only_the_days_it_was_used() {
        let public_jd =
            |kind: usize, day: usize| jd(day).replacen("JD,1,", &format!("JD,{kind},"), 1);
        let fifth = claim(&[
            "RE,1,1132,202611,テスト　月子,2,19880303,",
            "HO,06139992,2002,8888,1,291",
            "KO,21220025,8123457,,1,291,870",
            "KO,81220014,7234560,,1,291,0",
            &jd(5),
            &public_jd(2, 5),
            &public_jd(3, 5),
        ]);
        let nineteenth = claim(&[
            "RE,1,1122,202611,テスト　月子,2,19880303,",
            "HO,06139992,2002,8888,1,75",
            "KO,81220014,7234560,,1,75,0",
            "KO,54220025,9012345,,1,75,230",
            &jd(19),
            &public_jd(2, 19),
            &public_jd(3, 19),
        ]);
        let month = add(
            add(Vec::new(), fifth.clone(), 5, NONE),
            nineteenth.clone(),
            19,
            NONE,
        );
        let claim = &month[0];
        let ids: Vec<&str> = claim.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(ids, ["RE", "HO", "KO", "KO", "KO", "JD", "JD", "JD", "JD"]);
        assert_eq!(claim[0][2], "1142", "three 公費 in the month");
        // 精神通院 (ended on the 15th): the 5th alone.
        assert_eq!(claim[2][4..7], ["1", "291", "870"]);
        // ひとり親: both days.
        assert_eq!(claim[3][4..7], ["2", "366", "0"]);
        // 指定難病, first used on the 19th: its own JD, of 負担者種別 4.
        assert_eq!(claim[4][1], "54220025");
        let marked = |jd: &Vec<String>| {
            (1..=31)
                .filter(|d| jd.get(JD_FIRST_DAY + d - 1).is_some_and(|m| m == "1"))
                .collect::<Vec<usize>>()
        };
        assert_eq!(marked(&claim[5]), [5, 19]);
        assert_eq!(marked(&claim[6]), [5]);
        assert_eq!(marked(&claim[7]), [5, 19]);
        assert_eq!((claim[8][1].as_str(), marked(&claim[8])), ("4", vec![19]));
        // The defect: every KO counts every day, its JD as before.
        let every_day = (
            MonthDefects {
                publics_every_day: true,
                publics_points_of_insurance: false,
                ..CORRECT
            },
            PLAIN,
        );
        let month = add(add(Vec::new(), fifth, 5, NONE), nineteenth, 19, every_day);
        assert_eq!(month[0][2][4..6], ["2", "366"]);
        assert_eq!(marked(&month[0][6]), [5]);
    }

    #[test]
    fn a_later_visit_under_the_same_insurer_joins_its_claim_and_another_insurer_is_a_claim() {
        let fifth = claim(&[
            "RE,1,1112,202611,テスト　太郎,1,19850412,",
            "HO,06139992,1001,2345,1,291",
            &jd(5),
            "SI,11,1,111000110,,291,1",
        ]);
        let twelfth = claim(&[
            "RE,1,1112,202611,テスト　太郎,1,19850412,",
            "HO,06139992,1001,2345,1,75",
            &jd(12),
            "SI,12,1,112007410,,75,1",
        ]);
        let month = add(add(Vec::new(), fifth, 5, NONE), twelfth, 12, NONE);
        assert_eq!(month.len(), 1);
        assert_eq!(month[0][1][4..6], ["2", "366"]);
        assert_eq!(
            (month[0][2][6].as_str(), month[0][2][13].as_str()),
            ("1", "1")
        );
        assert_eq!(month[0].len(), 5, "both visits' SI lines");
        assert_eq!(points(&month), 366);

        let other = claim(&[
            "RE,1,1112,202611,テスト　太郎,1,19850412,70",
            "HO,  138156,12,7777,1,75",
            &jd(19),
        ]);
        let changed = add(month.clone(), other.clone(), 19, NONE);
        assert_eq!(changed.len(), 2);
        assert_eq!(
            (changed[0][0][1].as_str(), changed[1][0][1].as_str()),
            ("1", "2")
        );
        assert_eq!(points(&changed), 441);

        // The defect: the month's visits all go to the newest insurer.
        let one = add(
            month,
            other,
            19,
            (
                MonthDefects {
                    one_insurer: true,
                    ..CORRECT
                },
                PLAIN,
            ),
        );
        assert_eq!(one.len(), 1);
        assert_eq!(one[0][1][1], "  138156");
        assert_eq!(points(&one), 441);
    }

    /// A dated SI line of `code` on `day`, as the reference レセコン writes it.
    fn si(category: &str, code: &str, day: usize) -> String {
        let mut fields = vec![
            "SI".to_owned(),
            category.to_owned(),
            "1".to_owned(),
            code.to_owned(),
            String::new(),
            "75".to_owned(),
            "1".to_owned(),
        ];
        fields.resize(SI_FIRST_DAY + 31, String::new());
        fields[SI_FIRST_DAY + day - 1] = "1".to_owned();
        fields.join(",")
    }

    /// The two claim styles: the claims in their patients' order, and a code once per claim.
    #[test]
    fn the_correct_styles_order_claims_by_patient_and_bill_a_code_once() {
        let visit = |branch: &str, birth: &str, day: usize| {
            claim(&[
                &format!("RE,1,1116,202611,テスト　花子,2,{birth},"),
                "HO,06139992,1001,2345,1,75",
                &format!("SN,1,01,,,,{branch}"),
                &jd(day),
                &si("12", "112007410", day),
                &si("", "112708970", day),
            ])
        };
        let styled = (
            CORRECT,
            MonthStyle {
                patient_order: true,
                one_line_per_code: true,
            },
        );
        let month = add(Vec::new(), visit("02", "20200101", 5), 5, styled);
        let month = add(month, visit("01", "19900101", 9), 9, styled);
        let month = add(month, visit("02", "20200101", 12), 12, styled);
        assert_eq!(month.len(), 2);
        // 枝番 01 before 02, whichever came first; the RE numbers follow.
        let branches: Vec<&str> = month.iter().map(|c| c[2][6].as_str()).collect();
        assert_eq!(branches, ["01", "02"]);
        assert_eq!(
            (month[0][0][1].as_str(), month[1][0][1].as_str()),
            ("1", "2")
        );
        // The 5th's and the 12th's lines are one line a code: 回数 2, both days marked.
        let lines: Vec<&Vec<String>> = month[1].iter().filter(|r| r[0] == "SI").collect();
        assert_eq!(lines.len(), 2);
        for line in lines {
            assert_eq!(line[SI_COUNT], "2");
            assert_eq!(line[SI_FIRST_DAY + 4], "1");
            assert_eq!(line[SI_FIRST_DAY + 11], "1");
        }
        assert_eq!(month[1][1][4..6], ["2", "150"]);
        // The plain style keeps each visit's lines, in the order of first visits.
        let plain = add(
            add(Vec::new(), visit("02", "20200101", 5), 5, NONE),
            visit("02", "20200101", 12),
            12,
            NONE,
        );
        assert_eq!(plain[0].iter().filter(|r| r[0] == "SI").count(), 4);
    }
}
