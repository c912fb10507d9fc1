//! `UKE-station-insurer`: a 訪問看護ステーション's claim file (RECEIPTH.UKE) claims each user to
//! the insurer, 記号・番号・枝番 and 確認区分 the month's 居宅同意取得型 confirmation of that user
//! gave, and never claims a user the confirmation found without a qualification (`docs/uke.md`,
//! "The station's claim in a run").
//!
//! The station has no visit's answer: its confirmations are the units of its consent import
//! (`OQSmuhvq02`, as `UKE-station-dx-addition` reads them). Each unit is judged as `UKE-insurer`
//! judges a visit's answer ([`super::insurer::judge_visit`]), against its user's claim.

use mynakit_oqs::ElementName;
use mynakit_timeline::{ClaimFile, ClaimSummary};

use super::station_addition::{confirmations, Confirmed};
use super::words::station_insurer as words;
use super::{
    claim_file, holds_in, insurer, names_insurer, of_patient, patient_key, visit_of, Visit,
};
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::folder::Content;
use crate::run::Run;

check! {
    /// `UKE-station-insurer`: a station's HO, SN and RE agree with the user's 居宅 confirmation.
    StationInsurer {
        id: "UKE-station-insurer",
        severity: Failed,
        rule: "A 訪問看護ステーション's レセコン that writes the claim file (claim-file, \
               RECEIPTH.UKE) claims each user of its 居宅同意取得型 confirmations (the units of \
               its consent import OQSmuhvq02) as UKE-insurer holds a 医科 claim to the visit's \
               answer: HO's 保険者番号 is the unit's InsurerNumber in eight columns, HO's 記号 and \
               番号 are the unit's; the unit's 枝番 is in an SN of 負担者種別 1 with 確認区分 01 \
               (confirmed at the visit) and, where written, the unit's 保険者番号, 記号 and 番号; a \
               医療扶助 unit's SN says 01 and its 公費負担者番号 and 受給者番号 where written; RE's \
               生年月日 is the unit's Birthdate; and a user the unit finds without a \
               qualification (where it carries QualificationValidity) is not claimed. A user's claim is found by insurer and number, else \
               by 生年月日 with its 番号 or insurer (a claim to a former insurer is still the \
               user's) when it is no other imported user's. A confirmed user the file does not claim is not \
               judged.",
        rationale: "The 審査支払機関 returns (返戻) a station's claim whose insurer or insured does \
                    not match the eligibility record as it returns a 医科 one: a station that \
                    keeps billing the insurer of its user master after the user's insurance \
                    changed is the case the 居宅同意取得型 confirmation exists to catch.",
        reference: "厚生労働省「訪問看護レセプト（医療保険請求分）の電子化に関する情報」 \
                     記録条件仕様（訪問看護用） (HO, SN 資格確認, 別表24 確認区分); 社会保障審議会\
                     医療保険部会 2025-10-16 資料; docs/uke.md#the-stations-claim-in-a-run",
        roles: [ReceiptComputer],
        evaluate: station_insurer,
    }
}

fn station_insurer(_: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    verdict(
        judge_user_days(run, insurer::judge_visit),
        Said {
            no_user: words::no_user,
            agree: words::agree,
            disagree: words::disagree,
        },
    )
}

/// What a station check says of its users judged: each check in its own words.
pub(crate) struct Said {
    /// No user of the imports was judged (the file's path).
    pub(crate) no_user: fn(&str) -> Reason,
    /// Every user judged agrees (the file's path, how many).
    pub(crate) agree: fn(&str, usize) -> Reason,
    /// The users that failed, each its finding.
    pub(crate) disagree: fn(&[(&str, String, Reason)]) -> Reason,
}

/// The verdict of a station check on its users as [`judge_user_days`] judged them.
pub(crate) fn verdict(judged: Result<Judged<'_>, Verdict>, said: Said) -> Verdict {
    match judged {
        Err(verdict) => verdict,
        Ok(Judged {
            path,
            judged: 0,
            unclaimed,
            ..
        }) => Verdict::NotApplicable(naming(&unclaimed, (said.no_user)(path))),
        Ok(Judged {
            path,
            judged,
            failed,
            unclaimed,
        }) if failed.is_empty() => Verdict::Pass(naming(&unclaimed, (said.agree)(path, judged))),
        Ok(Judged {
            failed, unclaimed, ..
        }) => Verdict::Fail(naming(&unclaimed, (said.disagree)(&failed))),
    }
}

/// `reason`, then the covered users of the imports the file does not claim, each named (masked):
/// not a fault (a station claims a user's 介護保険 visits elsewhere), but what a station's QA
/// looks at first, a user visited and never billed (docs/visiting-nursing.md).
fn naming(unclaimed: &[String], reason: Reason) -> Reason {
    match unclaimed {
        [] => reason,
        users => words::unclaimed(reason, users),
    }
}

/// The run's claim file when it is a station's; NOT-APPLICABLE otherwise (no file, or a 医科 or
/// 調剤 one), as every check of a station's users says.
fn station_file<'a>(run: &Run<'a>) -> Result<(&'a str, &'a ClaimFile), Verdict> {
    let (path, file) = claim_file(run)?;
    if !file.is_station() {
        return Err(Verdict::NotApplicable(
            super::words::station_addition::not_a_station_file(path),
        ));
    }
    Ok((path, file))
}

/// What a station's users' claims came to under one check's judgement of a visit.
pub(crate) struct Judged<'a> {
    /// The claim file's name.
    pub(crate) path: &'a str,
    /// How many users were judged (PASS or FAIL).
    pub(crate) judged: usize,
    /// Each failed user: the unit's file, the user's masked key and the finding.
    pub(crate) failed: Vec<(&'a str, String, Reason)>,
    /// The covered users of the imports the file does not claim: their masked keys.
    pub(crate) unclaimed: Vec<String>,
}

/// Each user of the run's consent imports judged by `judge` (a 医科 check's judgement of a
/// visit) against the user's claim in the station's file, by the import(s) in force on the days
/// the claim marks (docs/visiting-nursing.md, "The qualification on a claimed day"): every
/// station check of the users judges them so (`UKE-station-insurer`,
/// `UKE-station-public-expense`, `UKE-share`). A covered user the file does not claim, and a
/// user `judge` finds NOT-APPLICABLE on every day in force, are not judged. The verdict instead
/// when the run has no claim file, or one that is not a station's. A claimed day is judged by the user's
/// latest import on or before it (a day before the user's first import of the month, by that
/// first import), since an import tells the qualification on its own day and no later one. A
/// user imported covered on the 2nd and claimed for the 2nd, then imported on the 16th without a
/// qualification, is judged by the 2nd's unit (the claim is right); a claim that marks the 16th
/// is judged by the 16th's, and FAILS. A claim that marks no day, or of an unknown month, is
/// judged by the user's latest unit. A user whose 公費 ends, or whose share changes, within the
/// month is so judged by the import of each claimed day, not by the month's last.
pub(crate) fn judge_user_days<'a>(
    run: &Run<'a>,
    judge: impl Fn(&Visit<'_>) -> Verdict,
) -> Result<Judged<'a>, Verdict> {
    let (path, file) = station_file(run)?;
    let units = users(run);
    let mut imports = confirmations(run);
    // In the order of their days (a stable sort keeps each day's units in the run's order).
    imports.sort_by(|a, b| a.day.cmp(b.day));
    let mut judged = 0;
    let mut failed = Vec::new();
    let mut unclaimed = Vec::new();
    for latest in units.iter().copied() {
        let key = patient_key(&latest);
        let visit = user_visit(latest, &units, file, path);
        if visit.covered && visit.claim.is_none() {
            unclaimed.push(key);
            continue;
        }
        let own: Vec<&Confirmed<'_>> = imports
            .iter()
            .filter(|c| patient_key(&c.unit) == key)
            .collect();
        let mut any = false;
        let mut finding = None;
        for (n, confirmed) in own.iter().enumerate() {
            let visit = user_visit(confirmed.unit, &units, file, path);
            let next = own.get(n + 1).map(|c| c.day);
            let is_latest = next.is_none();
            if !in_force_on_a_claimed_day(visit.claim, n == 0, confirmed.day, next, is_latest) {
                continue;
            }
            match judge(&visit) {
                Verdict::NotApplicable(_) => continue,
                Verdict::Fail(reason) => {
                    finding.get_or_insert((visit.answer.path, reason));
                }
                Verdict::Pass(_) | Verdict::Review(_) => {}
            }
            any = true;
        }
        if let Some((unit_path, reason)) = finding {
            failed.push((unit_path, key, reason));
        }
        judged += usize::from(any);
    }
    Ok(Judged {
        path,
        judged,
        failed,
        unclaimed,
    })
}

/// Whether a user's import of `day` (`yyyyMMdd`; the user's `first` of the month or not, the
/// user's `next` import's day if any) is the one in force on a day `claim` marks: the day is on
/// or after `day` (or `first`) and before `next`. A claim without days, or of an unknown month,
/// is judged by the user's latest import alone; so is a user the file does not claim.
fn in_force_on_a_claimed_day(
    claim: Option<&ClaimSummary>,
    first: bool,
    day: &str,
    next: Option<&str>,
    latest: bool,
) -> bool {
    let Some(claim) = claim else {
        return latest;
    };
    let Some(month) = claim.month.known().filter(|_| !claim.days.is_empty()) else {
        return latest;
    };
    claim.days.iter().any(|d| {
        let claimed = format!("{:04}{:02}{d:02}", month.year, month.month);
        (first || day <= claimed.as_str()) && next.is_none_or(|next| claimed.as_str() < next)
    })
}

/// The users of the run's consent imports, each once: a user imported on several days of the
/// month (docs/visiting-nursing.md, "A month of imports") is one user, judged by the last of
/// their units (the latest confirmation), whose claim is one claim of the month.
pub(crate) fn users<'a>(run: &Run<'a>) -> Vec<Content<'a>> {
    let mut out: Vec<Content<'a>> = Vec::new();
    for confirmed in confirmations(run) {
        let unit = confirmed.unit;
        let key = patient_key(&unit);
        match out.iter_mut().find(|u| patient_key(u) == key) {
            Some(seen) => *seen = unit,
            None => out.push(unit),
        }
    }
    out
}

/// The user's claim as `UKE-insurer` finds a visit's ([`visit_of`]) when it is the user's (one
/// patient, docs/uke.md "One patient"); else the one claim whose RE 生年月日 is the unit's,
/// with its 番号 (HO, or KO's 受給者番号) or to its insurer (or 公費負担者番号), and that is no
/// other imported user's (`units`): a claim to
/// another insurer (the user's former one, its master never updated) is still the user's, to
/// be judged, where [`visit_of`] would take another of the household's for it. Neither: the
/// user is not claimed (not judged). In a month of many users two share a 生年月日: a claim of
/// another 番号, or of another user of the imports, is never this user's (a station's user it
/// does not claim, its 介護保険 visits claimed elsewhere, is not judged by another's claim).
pub(crate) fn user_visit<'a>(
    unit: Content<'a>,
    units: &[Content<'_>],
    file: &'a ClaimFile,
    path: &'a str,
) -> Visit<'a> {
    let mut visit = visit_of(unit, file, path);
    // A unit names the user and the consent; one that carries no QualificationValidity (the
    // terminal's units today, docs/uke.md) is a user the import found, so one to claim.
    if visit
        .answer
        .fields
        .get(ElementName::QualificationValidity)
        .is_none()
    {
        visit.covered = true;
    }
    if visit.claim.is_some_and(|c| of_patient(c, &visit.answer)) {
        return visit;
    }
    let fields = visit.answer.fields;
    let birth = fields
        .get(ElementName::Birthdate)
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let key = patient_key(&unit);
    let another_s = |claim: &ClaimSummary| {
        units
            .iter()
            .any(|u| patient_key(u) != key && of_patient(claim, u))
    };
    let number = ElementName::InsuredIdentificationNumber;
    let same_number = |claim: &ClaimSummary| {
        claim
            .insurer
            .as_ref()
            .is_some_and(|h| holds_in(&unit, &h.number, number))
            || claim
                .public_expenses
                .iter()
                .any(|k| holds_in(&unit, &k.recipient, number))
    };
    let mut born = file.claims.iter().filter(|c| {
        birth.is_some()
            && c.birth.as_deref() == birth
            && (same_number(c) || names_insurer(c, &unit))
            && !another_s(c)
    });
    visit.claim = match (born.next(), born.next()) {
        (Some(claim), None) => Some(claim),
        _ => None,
    };
    visit
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    /// A 本人 (枝番 00) and a 家族 (枝番 01) of one 健保組合, both covered.
    const TARO: &[(&str, &str)] = &[
        ("QualificationValidity", "1"),
        ("InsurerNumber", "06139992"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredBranchNumber", "00"),
        ("Birthdate", "19850412"),
    ];
    const HANAKO: &[(&str, &str)] = &[
        ("QualificationValidity", "1"),
        ("InsurerNumber", "06139992"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredBranchNumber", "01"),
        ("Birthdate", "19870920"),
    ];

    /// A claim of 2026-11 to `insurer` for the user (`branch`, `birth`).
    fn claim(n: u32, insurer: &str, branch: &str, birth: &str) -> Vec<String> {
        vec![
            format!("RE,{n},6112,202611,,,1,{birth}"),
            format!("HO,{insurer},,2345,1,5550"),
            format!("SN,1,01,{insurer},,2345,{branch}"),
            "KA,20261101,1,510000110,,5550,01".to_owned(),
        ]
    }

    fn verdict(units: &[&[(&str, &str)]], claims: &[Vec<String>]) -> Verdict {
        let tl = station_import_and_claim("20261101", units, claims);
        let r = result(Outcome::Eligible, &[]);
        judge(&StationInsurer, &evidence(&tl.events, &r))
    }

    #[test]
    fn each_user_claimed_as_confirmed_passes() {
        let judged = verdict(
            &[TARO, HANAKO],
            &[
                claim(1, "06139992", "00", "19850412"),
                claim(2, "06139992", "01", "19870920"),
            ],
        );
        let Verdict::Pass(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(reason.en().contains("2 user(s)"), "{}", reason.en());
        assert!(!reason.en().contains("not claimed"), "{}", reason.en());
        // The 家族 left unclaimed: the 本人 passes, and she is named, masked, not judged.
        let judged = verdict(&[TARO, HANAKO], &[claim(1, "06139992", "00", "19850412")]);
        let Verdict::Pass(reason) = judged else {
            panic!("{judged:?}")
        };
        let en = reason.en();
        assert!(
            en.contains("1 covered user(s) of the imports not claimed"),
            "{en}"
        );
        assert!(en.contains("06139992/") && !en.contains("19870920"), "{en}");
        assert!(
            reason.ja().unwrap().contains("請求されていない"),
            "{reason:?}"
        );
    }

    /// A claim to a former insurer is the user's (found by 生年月日) and FAILS naming HO and
    /// SN and their lines; the other user's right claim is not named.
    #[test]
    fn a_user_claimed_to_a_former_insurer_fails_naming_the_record_and_line() {
        let judged = verdict(
            &[TARO, HANAKO],
            &[
                claim(1, "06139992", "00", "19850412"),
                claim(2, "06139984", "01", "19870920"),
            ],
        );
        let Verdict::Fail(reason) = judged else {
            panic!("{judged:?}")
        };
        let en = reason.en();
        assert!(en.contains("HO (") && en.contains("line 7"), "{en}");
        assert!(en.contains("保険者番号 is \"06139984\""), "{en}");
        assert!(en.contains("保険者番号等 06139984"), "{en}");
        assert!(!en.contains("RE 1 "), "{en}");
        assert!(!en.contains("19870920") && !en.contains("2345"), "{en}");
        assert!(reason.ja().unwrap().contains("利用者"), "{reason:?}");
    }

    /// A station's month of two files read as one event: the finding names the file its
    /// lines are in (the claim's own), not the files joined.
    #[test]
    fn a_finding_names_the_file_of_its_lines() {
        let mut tl = station_import_and_claim(
            "20261101",
            &[TARO],
            &[claim(1, "06139984", "00", "19850412")],
        );
        for event in &mut tl.events {
            if let mynakit_timeline::EventKind::ClaimFile { path, file, .. } = &mut event.kind {
                *path = "kokuho/RECEIPTH.UKE, shaho/RECEIPTH.UKE".to_owned();
                for c in &mut file.claims {
                    c.file = Some("shaho/RECEIPTH.UKE".to_owned());
                }
            }
        }
        let r = result(Outcome::Eligible, &[]);
        let judged = judge(&StationInsurer, &evidence(&tl.events, &r));
        let Verdict::Fail(reason) = judged else {
            panic!("{judged:?}")
        };
        let en = reason.en();
        assert!(en.contains("(shaho/RECEIPTH.UKE line 3)"), "{en}");
        assert!(!en.contains("kokuho/"), "{en}");
        let ja = reason.ja().unwrap();
        assert!(ja.contains("shaho/RECEIPTH.UKE 3 行目"), "{ja}");
    }

    /// The wrong 枝番 (the 家族 claimed with the 本人's) fails; a user the import found
    /// without a qualification is not claimed.
    #[test]
    fn the_branch_and_an_uncovered_user_are_judged() {
        let judged = verdict(&[HANAKO], &[claim(1, "06139992", "00", "19870920")]);
        let Verdict::Fail(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(reason.en().contains("枝番"), "{}", reason.en());
        let lost: Vec<(&str, &str)> = [("QualificationValidity", "2")]
            .into_iter()
            .chain(TARO.iter().copied().skip(1))
            .collect();
        let judged = verdict(&[&lost], &[claim(1, "06139992", "00", "19850412")]);
        assert!(matches!(judged, Verdict::Fail(_)), "{judged:?}");
        let judged = verdict(&[&lost], &[claim(1, "06139992", "01", "19870920")]);
        assert!(matches!(judged, Verdict::Pass(_)), "{judged:?}");
    }

    /// Two users of one 生年月日: the one the file does not claim is not judged by the other's
    /// claim (which is that other user's), and a user imported twice is one user.
    #[test]
    fn a_shared_birth_day_is_not_another_user_s_claim() {
        let twin: Vec<(&str, &str)> = TARO
            .iter()
            .map(|&(k, v)| match k {
                "InsuredIdentificationNumber" => (k, "9876"),
                _ => (k, v),
            })
            .collect();
        let judged = verdict(
            &[TARO, &twin, TARO],
            &[claim(1, "06139992", "00", "19850412")],
        );
        let Verdict::Pass(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(reason.en().contains("1 user(s)"), "{}", reason.en());
        // A user outside the imports born the same day, of another insurer and 番号: not the
        // unclaimed imported user's claim.
        let stranger = vec![
            "RE,1,6112,202611,,,1,19850412".to_owned(),
            "HO,01130012,,777,1,5550".to_owned(),
            "SN,1,01,01130012,,777,00".to_owned(),
            "KA,20261101,1,510000110,,5550,01".to_owned(),
        ];
        let judged = verdict(&[TARO], &[stranger, claim(2, "06139999", "00", "19500101")]);
        assert!(matches!(judged, Verdict::NotApplicable(_)), "{judged:?}");
    }

    /// A claim of 2026-11 for TARO whose JD marks `days`, a KA on each.
    fn claim_of_days(days: &[u8]) -> Vec<String> {
        let jd: Vec<&str> = (1..=31u8)
            .map(|d| if days.contains(&d) { "1" } else { "" })
            .collect();
        let mut lines = vec![
            "RE,1,6112,202611,,,1,19850412".to_owned(),
            "HO,06139992,,2345,1,5550".to_owned(),
            "SN,1,01,06139992,,2345,00".to_owned(),
            format!("JD,1,{}", jd.join(",")),
        ];
        lines.extend(
            days.iter()
                .map(|d| format!("KA,202611{d:02},1,510000110,,5550,01")),
        );
        lines
    }

    /// TARO imported covered on the 2nd and without a qualification on the 16th: a claim of
    /// the 2nd and the 9th (the days the 2nd's import is in force) PASSES; one that also marks
    /// the 16th, a day after the loss the 16th's import tells, FAILS.
    #[test]
    fn each_claimed_day_is_judged_by_the_import_in_force_on_it() {
        let lost: Vec<(&str, &str)> = [("QualificationValidity", "3")]
            .into_iter()
            .chain(TARO.iter().copied().skip(1))
            .collect();
        let judge_days = |days: &[u8]| {
            let imports: [(&str, &[Unit<'_>]); 2] = [("20261102", &[TARO]), ("20261116", &[&lost])];
            let tl = station_imports_and_claim(&imports, &[claim_of_days(days)]);
            let r = result(Outcome::Eligible, &[]);
            judge(&StationInsurer, &evidence(&tl.events, &r))
        };
        let judged = judge_days(&[2, 9]);
        let Verdict::Pass(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(reason.en().contains("1 user(s)"), "{}", reason.en());
        let judged = judge_days(&[2, 16]);
        assert!(matches!(judged, Verdict::Fail(_)), "{judged:?}");
        // A day before the first import is the first import's: covered.
        let judged = judge_days(&[1, 2]);
        assert!(matches!(judged, Verdict::Pass(_)), "{judged:?}");
    }

    /// A confirmed user the file does not claim is not judged (a file of one claim is its
    /// user's, as `UKE-insurer` reads a visit's).
    #[test]
    fn not_applicable_without_a_station_s_claim_of_a_confirmed_user() {
        let others = [
            claim(1, "06139999", "00", "19500101"),
            claim(2, "06139999", "01", "19520202"),
        ];
        let judged = verdict(&[TARO], &others);
        assert!(matches!(judged, Verdict::NotApplicable(_)), "{judged:?}");
    }
}
