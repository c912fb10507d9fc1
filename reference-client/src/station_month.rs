//! The station's month (`docs/visiting-nursing.md`, "A month of imports"): a station imports
//! the day's consents on each day it registers some, and claims the month's visits in one
//! RECEIPTH.UKE, so the reference レセコン adds each day's users to the month's claims already
//! in its claim folder rather than writing the file anew.
//!
//! A claim is one user under one payer in one month (docs/uke.md, "One patient": HO 保険者番号,
//! 記号, 番号, SN 枝番 and RE 生年月日; for 公費単独, KO 公費負担者番号, 受給者番号 and RE
//! 生年月日): a user of an earlier day marks the new day in that claim's JD and takes the day's
//! KA; the 訪問看護医療ＤＸ情報活用加算 is billed once a month (月1回); HO or KO counts the days
//! JD marks and the sum of the KA 金額. A 家族 sharing the 本人's 記号・番号 is a claim of her
//! own (her 枝番).

use mynakit_protocol::StationAddition;

use crate::claim_month::Claim;

/// RE 生年月日, HO 保険者番号・記号・番号 (or KO 負担者番号・受給者番号) and SN 枝番 of a claim:
/// the user and payer it is made for.
fn key(claim: &Claim) -> Vec<String> {
    let field = |record: &str, index: usize| {
        claim
            .iter()
            .find(|r| r.first().map(String::as_str) == Some(record))
            .and_then(|r| r.get(index))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    vec![
        field("RE", 7),
        field("HO", 1),
        field("HO", 2),
        field("HO", 3),
        field("KO", 1),
        field("KO", 2),
        field("SN", 6),
    ]
}

/// `claims` in the order of their users (生年月日, insurer, 番号, 枝番: the variant
/// `claims-in-patient-order`, as a レセコン that sorts its user master writes them), each RE
/// numbered again in file order. The order of a file's claims is the writer's.
pub(crate) fn in_user_order(mut claims: Vec<Claim>) -> Vec<Claim> {
    claims.sort_by_key(key);
    renumber(&mut claims);
    claims
}

/// Each RE numbered in file order.
pub(crate) fn renumber(claims: &mut [Claim]) {
    for (n, claim) in claims.iter_mut().enumerate() {
        if let Some(number) = claim.first_mut().and_then(|re| re.get_mut(1)) {
            *number = (n + 1).to_string();
        }
    }
}

/// How the month's claims take a day's: right, or with the defects of the month.
#[derive(Default)]
pub(crate) struct Month {
    /// The HO's or KO's 実日数 left as the claim's first day wrote it (the defect
    /// `station-claim-days-first-visit`).
    pub(crate) days_once: bool,
    /// The 加算 billed on each day, not once a month (`station-dx-addition-every-visit`).
    pub(crate) addition_each_day: bool,
    /// A claim of its own for each import, never merged (`station-claim-each-import`).
    pub(crate) claim_each_import: bool,
}

/// `claims` with `claim`, the user's claim of `day` (1–31), added: merged into the user's claim
/// of the month, else appended; each RE numbered in file order.
pub(crate) fn add(mut claims: Vec<Claim>, claim: Claim, day: usize, how: &Month) -> Vec<Claim> {
    let user = key(&claim);
    match claims.iter_mut().find(|c| key(c) == user) {
        Some(month) if !how.claim_each_import => merge(month, claim, day, how),
        _ => claims.push(claim),
    }
    renumber(&mut claims);
    claims
}

/// The day's `claim` of a user added to the user's claim of the month.
fn merge(month: &mut Claim, day_claim: Claim, day: usize, how: &Month) {
    let days_once = how.days_once;
    let addition = StationAddition::DxInformation.code();
    let billed = |month: &Claim| {
        month.iter().any(|r| {
            r.first().map(String::as_str) == Some("KA")
                && r.get(3).map(String::as_str) == Some(addition)
        })
    };
    for record in day_claim {
        match record.first().map(String::as_str) {
            Some("KA")
                if record.get(3).map(String::as_str) == Some(addition)
                    && billed(month)
                    && !how.addition_each_day => {}
            Some("KA") => month.push(record),
            _ => {}
        }
    }
    if let Some(jd) = month
        .iter_mut()
        .find(|r| r.first().map(String::as_str) == Some("JD"))
    {
        if let Some(mark) = jd.get_mut(1 + day) {
            "1".clone_into(mark);
        }
    }
    let days = month
        .iter()
        .find(|r| r.first().map(String::as_str) == Some("JD"))
        .map_or(0, |jd| {
            jd.iter().skip(2).filter(|d| !d.trim().is_empty()).count()
        });
    let total: u64 = month
        .iter()
        .filter(|r| r.first().map(String::as_str) == Some("KA"))
        .filter_map(|r| r.get(5).and_then(|yen| yen.trim().parse::<u64>().ok()))
        .sum();
    for payer in month
        .iter_mut()
        .filter(|r| matches!(r.first().map(String::as_str), Some("HO" | "KO")))
    {
        if let (Some(count), false) = (payer.get_mut(4), days_once) {
            *count = days.to_string();
        }
        if let Some(amount) = payer.get_mut(5) {
            *amount = total.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(branch: &str, birth: &str, day: usize, addition: bool) -> Claim {
        let s = str::to_owned;
        let mut jd = vec![s("JD"), s("1")];
        jd.extend((1..=31).map(|d| if d == day { s("1") } else { String::new() }));
        let date = format!("202611{day:02}");
        let mut out = vec![
            vec![
                s("RE"),
                s("1"),
                s("6112"),
                s("202611"),
                s(""),
                s(""),
                s("1"),
                s(birth),
            ],
            vec![
                s("HO"),
                s("06139992"),
                s(""),
                s("2345"),
                s("1"),
                s(if addition { "5600" } else { "5550" }),
            ],
            vec![
                s("SN"),
                s("1"),
                s("01"),
                s("06139992"),
                s(""),
                s("2345"),
                s(branch),
                s(""),
            ],
            jd,
            vec![
                s("KA"),
                date.clone(),
                s("1"),
                s("510000110"),
                s(""),
                s("5550"),
                s("01"),
            ],
        ];
        if addition {
            out.push(vec![
                s("KA"),
                date,
                s("1"),
                s("550002270"),
                s(""),
                s("50"),
                s(""),
            ]);
        }
        out
    }

    /// The 家族 of the 2nd is again on the 16th: one claim marking both days, the 加算 once;
    /// the 本人 (枝番 00) stays a claim of his own.
    #[test]
    fn a_user_of_two_days_is_one_claim_and_a_household_two() {
        let right = Month::default();
        let month = add(Vec::new(), claim("00", "19850412", 2, true), 2, &right);
        let month = add(month, claim("01", "19870920", 2, false), 2, &right);
        let month = add(month, claim("01", "19870920", 16, true), 16, &right);
        let month = add(month, claim("01", "19870920", 23, true), 23, &right);
        assert_eq!(month.len(), 2);
        let family = &month[1];
        assert_eq!(family[0][1], "2", "numbered in file order");
        assert_eq!(family[1][4..6], ["3".to_owned(), "16700".to_owned()]);
        let jd: Vec<usize> = (1..=31).filter(|d| family[3][1 + d] == "1").collect();
        assert_eq!(jd, [2, 16, 23]);
        let ka: Vec<(&str, &str)> = family
            .iter()
            .filter(|r| r[0] == "KA")
            .map(|r| (r[1].as_str(), r[3].as_str()))
            .collect();
        assert_eq!(
            ka,
            [
                ("20261102", "510000110"),
                ("20261116", "510000110"),
                ("20261116", "550002270"),
                ("20261123", "510000110"),
            ]
        );
    }

    /// The defect `station-claim-days-first-visit`: the days are marked and billed, the
    /// 実日数 left at the first day's.
    #[test]
    fn the_days_once_defect_leaves_the_first_days_count() {
        let once = Month {
            days_once: true,
            ..Month::default()
        };
        let month = add(Vec::new(), claim("01", "19870920", 2, true), 2, &once);
        let month = add(month, claim("01", "19870920", 16, true), 16, &once);
        let family = &month[0];
        assert_eq!(family[1][4], "1", "実日数 as the first day wrote it");
        let jd: Vec<usize> = (1..=31).filter(|d| family[3][1 + d] == "1").collect();
        assert_eq!(jd, [2, 16]);
    }
}
