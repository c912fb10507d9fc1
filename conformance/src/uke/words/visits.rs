//! What `UKE-visits` says: the run's visits of the file's month against the claims that hold
//! them (`docs/uke.md`, "Several visits in a month").

use mynakit_timeline::ClaimSummary;

use crate::reason::Reason;
use crate::uke::Visit;

/// A visit of the run: its `day` (`YYYY-MM-DD`), its answer, the answer's insurer and its
/// patient by the masked key (`uke::patient_key`: never a value in clear).
pub(in crate::uke) fn label(day: &str, answer: &str, insurer: &str, patient: &str) -> Reason {
    Reason::new(
        format!("the visit of {day} (answer {answer}, insurer {insurer}, patient {patient})"),
        format!("{day} の受診 (回答 {answer}、保険者 {insurer}、患者 {patient})"),
    )
    .day("visit", day)
    .code("insurer", insurer)
}

/// A claim of the file, by its RE and line.
fn at(file: &Visit<'_>, claim: &ClaimSummary) -> (String, String) {
    (
        format!(
            "RE {} ({})",
            claim.number,
            file.at_line_of(claim, claim.line)
        ),
        format!(
            "RE {} ({})",
            claim.number,
            file.at_line_of_ja(claim, claim.line)
        ),
    )
}

/// The run holds one visit.
pub(in crate::uke) fn one_visit() -> Reason {
    Reason::new(
        "the run holds one visit: UKE-insurer judges its claim",
        "実行の受診は一つだけ: そのレセプトは UKE-insurer で判定する",
    )
    .message("uke/visits-one-visit")
}

/// No claim of the file could be read.
pub(in crate::uke) fn none_read() -> Reason {
    Reason::new(
        "no claim of the file could be read: UKE-insurer judges that",
        "ファイルのレセプトを一つも読めない: それは UKE-insurer で判定する",
    )
    .message("uke/visits-none-read")
}

/// The visit `v` is not covered, yet `claim` claims its day.
pub(in crate::uke) fn uncovered_claimed(
    v: &Reason,
    file: &Visit<'_>,
    claim: &ClaimSummary,
) -> Reason {
    let (at, at_ja) = at(file, claim);
    Reason::new(
        format!(
            "{v} is not covered by its answer, yet {at} claims that day to its insurer \
             (返戻: 資格喪失後の受診)"
        ),
        format!(
            "{} は回答が資格を認めていないのに、{at_ja} がその日を保険者に請求している \
             (返戻: 資格喪失後の受診)",
            v.ja().unwrap_or_default()
        ),
    )
    .message("uke/visits-uncovered-claimed")
    .quoting(v)
    .count("receipt", claim.number)
}

/// The visit `v` is not claimed to its insurer; `other` marks its day under another.
pub(in crate::uke) fn other_insurer(v: &Reason, file: &Visit<'_>, other: &ClaimSummary) -> Reason {
    let (at, at_ja) = at(file, other);
    Reason::new(
        format!(
            "{v} is not claimed to that insurer; {at} marks the day under another \
             insurer (返戻: 資格喪失後の受診 or 資格取得前の受診)"
        ),
        format!(
            "{} はその保険者に請求されていない。{at_ja} がその日を別の保険者のもとに\
             記している (返戻: 資格喪失後の受診 または 資格取得前の受診)",
            v.ja().unwrap_or_default()
        ),
    )
    .message("uke/visits-other-insurer")
    .quoting(v)
    .count("receipt", other.number)
}

/// The visit `v` is not claimed as its patient's own: `other`, another visit's patient of
/// the same insured number (a household), marks its day.
pub(in crate::uke) fn merged(v: &Reason, file: &Visit<'_>, other: &ClaimSummary) -> Reason {
    let (at, at_ja) = at(file, other);
    Reason::new(
        format!(
            "{v} has no claim of its own patient; {at}, another patient's of the same 記号・番号 \
             (a household: one patient is insurer + 記号・番号 + 枝番 + 生年月日), marks its day \
             (返戻: two patients claimed in one レセプト)"
        ),
        format!(
            "{} には患者自身のレセプトがない。同じ記号・番号の別の患者 (世帯: 患者は保険者 + \
             記号・番号 + 枝番 + 生年月日) の {at_ja} がその日を記している (返戻: 2 人の患者を \
             1 件のレセプトで請求)",
            v.ja().unwrap_or_default()
        ),
    )
    .message("uke/visits-merged")
    .quoting(v)
    .count("receipt", other.number)
}

/// The visit `v` is claimed only in `wrong`, a claim of its patient and insurer whose RE
/// 診療年月 is another month.
pub(in crate::uke) fn other_month(v: &Reason, file: &Visit<'_>, wrong: &ClaimSummary) -> Reason {
    let (at, at_ja) = at(file, wrong);
    let claimed = wrong.month.as_str();
    Reason::new(
        format!(
            "{v} is claimed only in {at}, whose 診療年月 is {claimed}: a claim of a month the \
             visit was not in (返戻), and the visit's own month never claims it"
        ),
        format!(
            "{} は {at_ja} にしか請求されておらず、その診療年月は {claimed}: 受診していない月の\
             請求 (返戻) で、受診した月には請求されない",
            v.ja().unwrap_or_default()
        ),
    )
    .message("uke/visits-other-month")
    .quoting(v)
    .count("receipt", wrong.number)
    .code("claimed", claimed)
}

/// Neither the judged visit's day nor the file's 診療年月 can be read as a month.
pub(in crate::uke) fn no_month() -> Reason {
    Reason::new(
        "neither the visit's day nor the file's 診療年月 reads as a month",
        "受診日もファイルの診療年月も年月として読めない",
    )
    .message("uke/visits-no-month")
}

/// The visit `v` is in no claim of the file.
pub(in crate::uke) fn unclaimed(v: &Reason) -> Reason {
    Reason::new(
        format!("{v} is in no claim of the file: the visit is never paid"),
        format!(
            "{} はファイルのどのレセプトにもない: この受診は支払われない",
            v.ja().unwrap_or_default()
        ),
    )
    .message("uke/visits-unclaimed")
    .quoting(v)
}

/// The visit `v` on `day`: its insurer's claim `one` marks no such day in its JD.
pub(in crate::uke) fn day_unmarked(
    v: &Reason,
    file: &Visit<'_>,
    one: &ClaimSummary,
    day: u8,
) -> Reason {
    let (at, at_ja) = at(file, one);
    Reason::new(
        format!(
            "{v} is not claimed: {at}, the claim to its insurer, marks no day {day} in its \
             JD (the visit is never paid)"
        ),
        format!(
            "{} は請求されていない: 保険者へのレセプト {at_ja} の JD に {day} 日の記載がない \
             (この受診は支払われない)",
            v.ja().unwrap_or_default()
        ),
    )
    .message("uke/visits-day-unmarked")
    .quoting(v)
    .count("receipt", one.number)
    .count("day", day)
}

/// The visit `v` has `several` claims to one insurer in one month.
pub(in crate::uke) fn several_claims(
    v: &Reason,
    file: &Visit<'_>,
    several: &[&ClaimSummary],
) -> Reason {
    let (each, each_ja): (Vec<String>, Vec<String>) = several.iter().map(|c| at(file, c)).unzip();
    Reason::new(
        format!(
            "{v} has {} claims to one insurer in one month ({}): one patient, one insurer, \
             one month is one claim (返戻: 重複請求)",
            several.len(),
            each.join(", ")
        ),
        format!(
            "{} は一つの保険者への同じ月のレセプトが {} 件ある ({}): \
             一人の患者・一つの保険者・一か月で一つのレセプトにする (返戻: 重複請求)",
            v.ja().unwrap_or_default(),
            several.len(),
            each_ja.join("、")
        ),
    )
    .message("uke/visits-several-claims")
    .quoting(v)
    .count("claims", several.len())
}

/// The file holds the month's `covered` visits, each in its insurer's one claim.
pub(in crate::uke) fn all_claimed(file: &Visit<'_>, month: &str, covered: usize) -> Reason {
    Reason::new(
        format!(
            "{} holds the {covered} covered visit(s) of {month} on their days, each in the one \
             claim of its insurer ({} claim(s))",
            file.path,
            file.file.count()
        ),
        format!(
            "{} は {month} の資格のある受診 {covered} 件をその日に記し、それぞれ保険者ごとに\
             一つのレセプトにしている (レセプト {} 件)",
            file.path,
            file.file.count()
        ),
    )
    .message("uke/visits-all-claimed")
    .with_month(month)
    .count("visits", covered)
    .count("claims", file.file.count())
}

/// The file against the `visits` of `month` in the run: the `problems`.
pub(in crate::uke) fn against_visits(
    file: &Visit<'_>,
    month: &str,
    visits: usize,
    problems: &[Reason],
) -> Reason {
    Reason::join(problems, "; ", "、")
        .after(
            &format!(
                "{} against the {visits} visit(s) of {month} in this run: ",
                file.path,
            ),
            &format!(
                "{} をこの実行の {month} の受診 {visits} 件と比べると: ",
                file.path,
            ),
        )
        .message("uke/visits-against-visits")
        .with_month(month)
        .count("visits", visits)
}

/// A reason naming the file's 診療年月 (`YYYYMM`), as its month `YYYY-MM`.
trait WithMonth {
    fn with_month(self, month: &str) -> Self;
}

impl WithMonth for Reason {
    fn with_month(self, month: &str) -> Self {
        match (month.get(..4), month.get(4..)) {
            (Some(year), Some(m)) if month.len() == 6 => self.day("month", format!("{year}-{m}")),
            _ => self,
        }
    }
}

/// No covered user of the station's imports is claimed in its month in `path`.
pub(in crate::uke) fn station_no_user(path: &str) -> Reason {
    Reason::new(
        format!(
            "no covered user of the run's 居宅 consent imports (OQSmuhvq02) is claimed in {path} \
             for the import's month"
        ),
        format!(
            "実行の居宅同意の取り込み (OQSmuhvq02) の資格のある利用者のうち、取り込みの月に {path} \
             で請求された者はいない"
        ),
    )
    .message("uke/visits-station-no-user")
}

/// Each of `n` imported visits is marked in its user's claim's JD.
pub(in crate::uke) fn station_days_marked(path: &str, n: usize) -> Reason {
    Reason::new(
        format!(
            "each of the {n} visit(s) of the run's 居宅 consent imports (a consent registered at a \
             visit on the import's day) is marked in the JD of its user's claim in {path}"
        ),
        format!(
            "実行の居宅同意の取り込みの訪問 {n} 件 (取り込みの日の訪問で登録された同意) は、いずれも \
             {path} の利用者のレセプトの JD に記録されている"
        ),
    )
    .message("uke/visits-station-marked")
    .count("visits", n)
}

/// The visit of `day` (`yyyyMMdd`), the consent imported in `unit_path` for `user`, is not
/// marked in the JD of the user's `claim`.
pub(in crate::uke) fn station_day_unmarked(
    day: &str,
    unit_path: &str,
    user: &str,
    file: &Visit<'_>,
    claim: &ClaimSummary,
) -> Reason {
    let (at, at_ja) = at(file, claim);
    let shown = match (day.get(..4), day.get(4..6), day.get(6..8)) {
        (Some(y), Some(m), Some(d)) => format!("{y}-{m}-{d}"),
        _ => day.to_owned(),
    };
    Reason::new(
        format!(
            "user {user}'s consent was registered at a visit on {shown} (imported in {unit_path}), \
             but the JD of {at} does not mark that day (返戻: 受診日等の誤り, the visit unpaid or \
             claimed on a day it did not happen)"
        ),
        format!(
            "利用者 {user} の同意は {shown} の訪問で登録された ({unit_path} で取り込み) が、{at_ja} \
             の JD はその日を記録していない (返戻: 受診日等の誤り。訪問が請求されないか、訪問のない日に\
             請求されている)"
        ),
    )
    .day("visit", &shown)
}

/// The imported visits not marked, each its finding.
pub(in crate::uke) fn station_days_unmarked(failed: &[Reason]) -> Reason {
    Reason::join(failed, "; ", "。")
        .message("uke/visits-station-unmarked")
        .count("visits", failed.len())
}
