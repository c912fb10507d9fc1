//! `UKE-station-dx-addition`: a 訪問看護ステーション's claim file (RECEIPTH.UKE) bills the
//! 訪問看護医療ＤＸ情報活用加算 only for a user whose month holds a 居宅同意取得型 confirmation
//! carrying the user's consent to share their information (`docs/uke.md`, "The station's claim
//! in a run").
//!
//! The run's 居宅 confirmations are the units of the station レセコン's consent import
//! (`OQSmuhvq02`, docs/kyotaku.md "The same-day import"), each dated by the day its upload
//! asked for (`ConsentDateFrom`), with the consent flags the unit carries (`*ConsFlg`).

use mynakit_oqs::{ElementName, MessageKind, CONSENT_GROUPS};
use mynakit_protocol::StationAddition;
use mynakit_timeline::{ClaimFile, ClaimSummary, ContentFields};
use mynakit_uke::STATION_DX_ADDITION;

use super::of_patient;
use super::words::station_addition as words;
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::folder::Content;
use crate::run::{Run, Step};

check! {
    /// `UKE-station-dx-addition`: 550002270 only for a user confirmed with consent that month.
    StationDxAddition {
        id: "UKE-station-dx-addition",
        severity: Failed,
        rule: "A 訪問看護ステーション's レセコン that writes the claim file (claim-file, \
               RECEIPTH.UKE) bills the 訪問看護医療ＤＸ情報活用加算 (KA 550002270) for a user of \
               the month's 居宅同意取得型 confirmations (the units of the station's consent \
               imports OQSmuhvq02 of the claim's month, the same insurer, 記号・番号, 枝番 and \
               生年月日) only when one of them carries the user's consent to share their \
               information (a *ConsFlg of 1), and never in a month before 2024-06; a claim \
               bills it at most once (月1回: one KA, 数量 1; since 2026-11-29). Claiming it \
               for no one is not judged, nor for a user in no import of the claim's month (the \
               station may have confirmed them outside the imports the run holds, by its app's \
               再照会 at a visit).",
        rationale: "The 加算 pays for a station that obtained and used the user's 診療情報 through \
                    the 居宅同意取得型 オンライン資格確認: billed for a user the station did not \
                    confirm so, or who gave no consent to share, it is a claim the 審査支払機関 \
                    corrects or returns, and a finding of the 適時調査.",
        reference: "令和6年度診療報酬改定 訪問看護療養費 (施行 2024-06-01): 訪問看護医療ＤＸ情報活用\
                     加算; 厚生労働省 適時調査実施要領 (訪問看護); 訪問看護療養費マスター \
                     550002270; docs/uke.md#the-stations-claim-in-a-run",
        roles: [ReceiptComputer],
        evaluate: station_dx_addition,
    }
}

/// One 居宅 confirmation of the run: the month its import asked for (`YYYYMM`) and the unit.
pub(crate) struct Confirmed<'a> {
    pub(crate) month: &'a str,
    /// The day its import asked for (`yyyyMMdd`, trimmed): the day its consent was registered,
    /// at a visit.
    pub(crate) day: &'a str,
    pub(crate) unit: Content<'a>,
}

impl Confirmed<'_> {
    /// Whether the unit carries a consent to share any of the user's information.
    fn consented(&self) -> bool {
        CONSENT_GROUPS
            .iter()
            .any(|[flag, _, _]| self.unit.fields.get(*flag).map(str::trim) == Some("1"))
    }
}

fn station_dx_addition(_: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let (path, file) = match super::claim_file(run) {
        Ok(found) => found,
        Err(verdict) => return verdict,
    };
    if !file.is_station() {
        return Verdict::NotApplicable(words::not_a_station_file(path));
    }
    let confirmed = confirmations(run);
    let judged: Vec<Result<Due, Reason>> = billing(file)
        .map(|(claim, line)| judge_claim(path, claim, line, &confirmed))
        .collect();
    if judged.is_empty() {
        return Verdict::NotApplicable(words::not_billed(path, file.error.is_some()));
    }
    let failed: Vec<Reason> = judged.iter().filter_map(|r| r.clone().err()).collect();
    let count = |due: Due| judged.iter().filter(|r| r.as_ref() == Ok(&due)).count();
    let (due, outside) = (count(Due::Confirmed), count(Due::OutsideImports));
    match (failed.is_empty(), due) {
        (false, _) => Verdict::Fail(words::not_due(&failed)),
        (true, 0) => Verdict::NotApplicable(words::outside_imports(path, outside)),
        (true, _) => Verdict::Pass(words::due(path, due, outside)),
    }
}

/// A 加算 that is not wrong: due by a confirmation with consent of the claim's month, or not
/// judged because no import of the run in that month holds the user (docs/uke.md, "The
/// station's claim in a run": the station may have confirmed the user outside the imports the
/// run holds, by its app's 再照会 at a visit or by an import of another day).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Due {
    Confirmed,
    OutsideImports,
}

/// Each claim that bills the 加算, with the line of its KA.
fn billing(file: &ClaimFile) -> impl Iterator<Item = (&ClaimSummary, u64)> {
    file.claims.iter().filter_map(|claim| {
        claim
            .procedures
            .iter()
            .find(|p| p.code == STATION_DX_ADDITION)
            .map(|p| (claim, p.line))
    })
}

/// How many times a claim bills the 加算: its KA of the code, each its 数量データ (none is 1).
/// The 加算 is of the 訪問看護管理療養費, billed once a month (令和6年度改定 訪問看護療養費:
/// 「月1回に限り」), so a claim of the month bills it at most once.
fn billed_times(claim: &ClaimSummary) -> u64 {
    claim
        .procedures
        .iter()
        .filter(|p| p.code == STATION_DX_ADDITION)
        .map(|p| {
            p.quantity
                .as_deref()
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map_or(1, |q| q.parse::<u64>().unwrap_or(1).max(1))
        })
        .sum()
}

/// One claim's 加算 against the run's confirmations: due, not judged (its user is in no
/// import of the claim's month), or the finding.
fn judge_claim(
    path: &str,
    claim: &ClaimSummary,
    line: u64,
    confirmed: &[Confirmed<'_>],
) -> Result<Due, Reason> {
    let month = claim.month.as_str();
    if !StationAddition::DxInformation.billable_in(month) {
        return Err(words::before_code(path, claim, line));
    }
    let times = billed_times(claim);
    if times > 1 {
        return Err(words::more_than_once(path, claim, line, times));
    }
    let of_user: Vec<&Confirmed<'_>> = confirmed
        .iter()
        .filter(|c| c.month == month && of_patient(claim, &c.unit))
        .collect();
    if of_user.is_empty() {
        return Ok(Due::OutsideImports);
    }
    if !of_user.iter().any(|c| c.consented()) {
        return Err(words::no_consent(path, claim, line));
    }
    Ok(Due::Confirmed)
}

/// The units of the run's 居宅 consent imports, each with the month of the day its own upload
/// asked for (`ConsentDateFrom`, `yyyyMMdd`, of the last upload before the download: a
/// レセコン asks for one day, then downloads its answer). A month of imports on several days
/// (docs/visiting-nursing.md, "A month of imports") dates each unit by its own day's upload.
pub(crate) fn confirmations<'a>(run: &Run<'a>) -> Vec<Confirmed<'a>> {
    let upload = MessageKind::HomeVisitUpload.prefix();
    let download = MessageKind::HomeVisitDownload.prefix();
    let named = |path: &str, folder: &str, prefix: &str, side: &str| {
        path.strip_prefix(folder)
            .and_then(|name| name.strip_prefix(prefix))
            .is_some_and(|rest| rest.starts_with(side))
    };
    let mut month: Option<&str> = None;
    let mut day: &str = "";
    let mut out = Vec::new();
    for step in &run.steps {
        let Step::Content {
            t_us,
            path,
            encoding,
            fields,
            units,
            ..
        } = step
        else {
            continue;
        };
        if named(path, "req/", upload, "req") {
            day = fields
                .get(ElementName::ConsentDateFrom)
                .map(str::trim)
                .unwrap_or_default();
            month = day.get(..6);
            continue;
        }
        let (true, Some(month)) = (named(path, "res/", download, "res"), month) else {
            continue;
        };
        out.extend(units.iter().map(|unit| Confirmed {
            month,
            day,
            unit: unit_content(*t_us, path, encoding, unit),
        }));
    }
    out
}

/// A unit as an answer the patient key reads.
fn unit_content<'a>(
    t_us: u64,
    path: &'a str,
    encoding: &'a str,
    unit: &'a ContentFields,
) -> Content<'a> {
    Content {
        t_us,
        path,
        encoding,
        fields: unit,
        substituted: &[],
        units: &[],
        subsidies: &[],
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    /// The dated rule and the claim reader name the same code (the rules' crate depends on
    /// no other of mynakit's, so each holds it).
    #[test]
    fn the_dated_rule_bills_the_code_the_claim_reader_names() {
        assert_eq!(StationAddition::DxInformation.code(), STATION_DX_ADDITION);
        assert!(StationAddition::DxInformation.confirmed());
    }

    /// 本人 (枝番 00) consented to share; 家族 (枝番 01) did not.
    const TARO: &[(&str, &str)] = &[
        ("InsurerNumber", "06139992"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredBranchNumber", "00"),
        ("Birthdate", "19850412"),
        ("DiagnosisInfoConsFlg", "1"),
        ("PharmacistsInfoConsFlg", "1"),
    ];
    const HANAKO: &[(&str, &str)] = &[
        ("InsurerNumber", "06139992"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredBranchNumber", "01"),
        ("Birthdate", "19870920"),
        ("DiagnosisInfoConsFlg", "0"),
    ];

    /// A claim of `month` for the user (`branch`, `birth`, `number`), billing the 加算 or not.
    fn claim(n: u32, month: &str, user: (&str, &str, &str), addition: bool) -> Vec<String> {
        let (number, branch, birth) = user;
        let day = format!("{month}01");
        let mut lines = vec![
            format!("RE,{n},6112,{month},,,1,{birth}"),
            format!("HO,06139992,,{number},1,5600"),
            format!("SN,1,01,06139992,,{number},{branch}"),
            format!("KA,{day},1,510000110,,5550,01"),
        ];
        if addition {
            lines.push(format!("KA,{day},1,550002270,,50"));
        }
        lines
    }

    fn verdict(day: &str, claims: &[Vec<String>]) -> Verdict {
        let tl = station_import_and_claim(day, &[TARO, HANAKO], claims);
        let r = result(Outcome::Eligible, &[]);
        judge(&StationDxAddition, &evidence(&tl.events, &r))
    }

    const TARO_KEY: (&str, &str, &str) = ("2345", "00", "19850412");
    const HANAKO_KEY: (&str, &str, &str) = ("2345", "01", "19870920");

    #[test]
    fn the_addition_is_due_for_a_user_confirmed_with_consent() {
        let judged = verdict(
            "20261101",
            &[
                claim(1, "202611", TARO_KEY, true),
                claim(2, "202611", HANAKO_KEY, false),
            ],
        );
        let Verdict::Pass(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(reason.en().contains("1 claim(s)"), "{}", reason.en());
    }

    #[test]
    fn the_addition_without_consent_or_confirmation_fails() {
        // The 家族 was confirmed, without consent to share.
        let judged = verdict("20261101", &[claim(1, "202611", HANAKO_KEY, true)]);
        let Verdict::Fail(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(
            reason.en().contains("carries no consent"),
            "{}",
            reason.en()
        );
        assert!(reason.ja().unwrap().contains("同意がない"), "{reason:?}");
        // Before 2024-06 the code did not exist.
        let judged = verdict("20240501", &[claim(1, "202405", TARO_KEY, true)]);
        let Verdict::Fail(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(reason.en().contains("before 2024-06"), "{}", reason.en());
    }

    /// 月1回: billed at two visits (or with 数量 2) FAILS, whether or not the user is in an
    /// import of the month; once PASSES.
    #[test]
    fn the_addition_more_than_once_a_month_fails() {
        let mut twice = claim(1, "202611", TARO_KEY, true);
        twice.push("KA,20261108,1,510000110,,5550,01".to_owned());
        twice.push("KA,20261108,1,550002270,,50".to_owned());
        let judged = verdict("20261101", &[twice]);
        let Verdict::Fail(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(
            reason.en().contains("2 times in the month"),
            "{}",
            reason.en()
        );
        assert!(reason.ja().unwrap().contains("月1回"), "{reason:?}");
        let mut quantity = claim(1, "202611", ("7777", "00", "19500101"), false);
        quantity.push("KA,20261101,1,550002270,2,100".to_owned());
        let judged = verdict("20261101", &[quantity]);
        assert!(matches!(judged, Verdict::Fail(_)), "{judged:?}");
    }

    /// A user in no import of the claim's month may have been confirmed outside the run's
    /// imports (the app's 再照会 at a visit): named, never FAILED; beside a user it judges,
    /// PASS counting it apart.
    #[test]
    fn a_user_in_no_import_of_the_month_is_named_not_judged() {
        let stranger = ("7777", "00", "19500101");
        let judged = verdict(
            "20261101",
            &[
                claim(1, "202611", TARO_KEY, true),
                claim(2, "202611", stranger, true),
            ],
        );
        let Verdict::Pass(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(
            reason
                .en()
                .contains("1 claim(s) bill it for a user in no import"),
            "{}",
            reason.en()
        );
        let judged = verdict("20261101", &[claim(1, "202611", stranger, true)]);
        assert!(matches!(judged, Verdict::NotApplicable(_)), "{judged:?}");
        // Confirmed with consent in December: November's 加算 rests on no import of November.
        let judged = verdict("20261201", &[claim(1, "202611", TARO_KEY, true)]);
        assert!(matches!(judged, Verdict::NotApplicable(_)), "{judged:?}");
    }

    /// Each import's units are dated by their own upload's day: the 本人 consented on
    /// 2026-10-31, so November's 加算 rests on no import of November; the 家族 imported on
    /// 2026-11-01 without consent FAILS.
    #[test]
    fn each_import_dates_its_own_units() {
        let imports: [(&str, &[Unit<'_>]); 2] = [("20261031", &[TARO]), ("20261101", &[HANAKO])];
        let tl = station_imports_and_claim(&imports, &[claim(1, "202611", TARO_KEY, true)]);
        let r = result(Outcome::Eligible, &[]);
        let judged = judge(&StationDxAddition, &evidence(&tl.events, &r));
        assert!(matches!(judged, Verdict::NotApplicable(_)), "{judged:?}");
        let tl = station_imports_and_claim(&imports, &[claim(1, "202611", HANAKO_KEY, true)]);
        let judged = judge(&StationDxAddition, &evidence(&tl.events, &r));
        assert!(matches!(judged, Verdict::Fail(_)), "{judged:?}");
    }

    #[test]
    fn a_file_without_the_addition_or_of_another_table_is_not_judged() {
        let judged = verdict("20261101", &[claim(1, "202611", HANAKO_KEY, false)]);
        assert!(matches!(judged, Verdict::NotApplicable(_)), "{judged:?}");
        let tl = Tl::new().result("eligible").claim_file(&[
            "RE,1,1112,202611,,1,19800101",
            "HO,06139992,,345,1,291",
            "GO,1,291,99",
        ]);
        let r = result(Outcome::Eligible, &[]);
        let reason = not_applicable(&StationDxAddition, &evidence(&tl.events, &r));
        assert!(
            reason.en().contains("no 訪問看護ステーション's"),
            "{}",
            reason.en()
        );
    }
}
