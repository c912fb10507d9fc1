//! What `UKE-station-dx-addition` says: the 訪問看護医療ＤＸ情報活用加算 of a station's claim
//! against the run's 居宅 confirmations (`docs/uke.md`, "The station's claim in a run").

use mynakit_timeline::ClaimSummary;
use mynakit_uke::STATION_DX_ADDITION;

use crate::facts::ClaimLine;
use crate::reason::Reason;

/// The file `path` is no station's (its header's 点数表 is not 6).
pub(in crate::uke) fn not_a_station_file(path: &str) -> Reason {
    Reason::new(
        format!(
            "{path} is no 訪問看護ステーション's claim file (点数表 6): the 医科 checks judge it"
        ),
        format!(
            "{path} は訪問看護ステーションの請求ファイル (点数表 6) ではない: 医科の検査が判定する"
        ),
    )
    .message("uke/station-dx-not-a-station-file")
}

/// No claim of `path` bills the 加算 (`unreadable`: the file did not read whole, which
/// `UKE-file-reads` judges).
pub(in crate::uke) fn not_billed(path: &str, unreadable: bool) -> Reason {
    let (en, ja) = if unreadable {
        (
            " (of the claims read before its error: UKE-file-reads judges the file)",
            " (エラーより前に読めた請求のうち: ファイルは UKE-file-reads が判定する)",
        )
    } else {
        ("", "")
    };
    Reason::new(
        format!("no claim of {path} bills {STATION_DX_ADDITION}{en}"),
        format!("{path} に {STATION_DX_ADDITION} を算定する請求はない{ja}"),
    )
    .message("uke/station-dx-not-billed")
    .code("code", STATION_DX_ADDITION)
}

/// Each of `claims` claims that bill the 加算 rests on a confirmation with consent; `outside`
/// more bill it for a user in no import of their month, not judged.
pub(in crate::uke) fn due(path: &str, claims: usize, outside: usize) -> Reason {
    let (en, ja) = outside_words(outside);
    Reason::new(
        format!(
            "{claims} claim(s) of {path} bill {STATION_DX_ADDITION}, each for a user confirmed \
             that month through the 居宅同意取得型 with consent to share{en}"
        ),
        format!(
            "{path} の {claims} 件の請求が {STATION_DX_ADDITION} を算定し、いずれもその月に居宅同意\
             取得型で同意を得て確認した利用者の請求である{ja}"
        ),
    )
    .message("uke/station-dx-due")
    .count("claims", claims)
    .count("outside", outside)
    .code("code", STATION_DX_ADDITION)
}

/// Every claim of `path` that bills the 加算 (`claims`) is of a user in no import of its month.
pub(in crate::uke) fn outside_imports(path: &str, claims: usize) -> Reason {
    let (en, ja) = outside_words(claims);
    Reason::new(
        format!("no claim of {path} that bills {STATION_DX_ADDITION} is judged{en}"),
        format!("{path} の {STATION_DX_ADDITION} を算定する請求はいずれも判定しない{ja}"),
    )
    .message("uke/station-dx-outside-imports")
    .count("outside", claims)
    .code("code", STATION_DX_ADDITION)
}

/// What is said of the claims of users in no import of their month (none: nothing).
fn outside_words(claims: usize) -> (String, String) {
    if claims == 0 {
        return (String::new(), String::new());
    }
    (
        format!(
            "; {claims} claim(s) bill it for a user in no import of their month, not judged (the \
             station may have confirmed them outside the imports the run holds: its app's \
             再照会 at a visit, or an import of a day the run does not hold)"
        ),
        format!(
            "；{claims} 件は、その月のどの取り込みにもいない利用者の請求で、判定しない (ステーション\
             は実行が持つ取り込みの外で確認しうる: 訪問時のアプリの再照会、実行にない日の取り込み)"
        ),
    )
}

/// The claims whose 加算 is not due, each its finding.
pub(in crate::uke) fn not_due(failed: &[Reason]) -> Reason {
    Reason::join(failed, "; ", "；")
}

fn finding(
    path: &str,
    claim: &ClaimSummary,
    line: u64,
    id: &'static str,
    en: &str,
    ja: &str,
) -> Reason {
    // A station's month of two files: the claim's own file, where its lines are.
    let path = claim.file.as_deref().unwrap_or(path);
    Reason::new(
        format!(
            "RE {} ({path} line {}) bills {STATION_DX_ADDITION} at line {line}, but {en} \
             (返戻・査定: 訪問看護医療ＤＸ情報活用加算の算定要件を満たさない)",
            claim.number, claim.line
        ),
        format!(
            "RE {} ({path} {} 行目) が {line} 行目で {STATION_DX_ADDITION} を算定しているが、{ja} \
             (返戻・査定: 訪問看護医療ＤＸ情報活用加算の算定要件を満たさない)",
            claim.number, claim.line
        ),
    )
    .message(id)
    .count("receipt", claim.number)
    .count("line", line)
    .claim_line(ClaimLine {
        file: path.to_owned(),
        line,
        record: Some("KA".to_owned()),
    })
    .code("code", STATION_DX_ADDITION)
}

/// The user's confirmation carries no consent to share their information.
pub(in crate::uke) fn no_consent(path: &str, claim: &ClaimSummary, line: u64) -> Reason {
    finding(
        path,
        claim,
        line,
        "uke/station-dx-no-consent",
        "the user's 居宅同意取得型 confirmation carries no consent to share their information \
         (every *ConsFlg is not 1)",
        "利用者の居宅同意取得型の確認に情報提供の同意がない (どの *ConsFlg も 1 でない)",
    )
}

/// The claim's month is before the code existed.
pub(in crate::uke) fn before_code(path: &str, claim: &ClaimSummary, line: u64) -> Reason {
    finding(
        path,
        claim,
        line,
        "uke/station-dx-before-code",
        &format!(
            "{} is before 2024-06, when the 加算 began",
            claim.month.as_str()
        ),
        &format!(
            "{} は加算の新設 (2024-06) より前である",
            claim.month.as_str()
        ),
    )
}

/// The claim bills the 加算 `times` times (数量 included), where it is billed once a month.
pub(in crate::uke) fn more_than_once(
    path: &str,
    claim: &ClaimSummary,
    line: u64,
    times: u64,
) -> Reason {
    finding(
        path,
        claim,
        line,
        "uke/station-dx-more-than-once",
        &format!(
            "it bills it {times} times in the month, where the 加算 is billed once a month (月1回, with the 訪問看護管理療養費 of the month's first day)"
        ),
        &format!(
            "月に {times} 回算定している。この加算は月1回 (月の初日の訪問看護管理療養費に) 算定する"
        ),
    )
}
