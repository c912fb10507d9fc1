//! `mynakit claim check`'s lines in each language: a claim file's own disagreements
//! ([`mynakit_uke::Problem`], worded from their facts) and the verdict line (docs/uke.md,
//! "Checking a claim file"). The `UKE-` checks' findings carry their own Japanese.

use mynakit_uke::{Problem, YearMonth};

use super::Lang;

/// One disagreement inside the file.
pub fn claim_problem(lang: Lang, problem: &Problem) -> String {
    match (lang, problem) {
        (Lang::En, _) => problem.to_string(),
        (Lang::Ja, Problem::NoPayer { line, number }) => {
            format!("{line} 行目: レセプト {number} に HO も KO もない: 請求先の保険者がない")
        }
        (Lang::Ja, Problem::ClaimCount { said, read }) => {
            format!("GO の総件数は {said} 件だが、ファイルのレセプトは {read} 件")
        }
        (Lang::Ja, Problem::TotalPoints { said, read }) => {
            format!("GO の総合計点数は {said} 点だが、レセプトの合計点数の和は {read} 点")
        }
        (Lang::Ja, Problem::VisitNotInJd { line, number, days }) => format!(
            "{line} 行目: レセプト {number} は JD が記録しない {days} 日に KA を算定している\
             (受診日等と算定年月日の不一致)"
        ),
        (Lang::Ja, Problem::JdDayWithoutVisit { line, number, days }) => format!(
            "{line} 行目: レセプト {number} の JD は KA のない {days} 日を記録している\
             (受診日等と算定年月日の不一致)"
        ),
        (Lang::Ja, Problem::VisitOutsideOrder { line, number, days }) => format!(
            "{line} 行目: レセプト {number} は HJ の指示期間外の {days} 日に KA を算定している"
        ),
        (
            Lang::Ja,
            Problem::TotalAmount {
                line,
                number,
                said,
                read,
            },
        ) => format!(
            "{line} 行目: レセプト {number} の HO 合計金額は {said} 円だが、KA の金額の和は {read} 円"
        ),
        (
            Lang::Ja,
            Problem::BurdenWithoutPayer {
                line,
                number,
                burden,
                payer,
                nth,
            },
        ) => {
            let whose = match nth {
                0 => "医療保険".to_owned(),
                n => format!("第{n}公費"),
            };
            format!(
                "{line} 行目: レセプト {number} は負担区分 {burden} の KA を算定しているが、\
                 その{whose}の {payer} がレセプトにない: 誰にも請求されない項目"
            )
        }
        (
            Lang::Ja,
            Problem::DaysCounted {
                line,
                number,
                record,
                said,
                read,
            },
        ) => format!(
            "{line} 行目: レセプト {number} の {record} 実日数は {said} 日だが、JD が計上する日は {read} 日"
        ),
        (
            Lang::Ja,
            Problem::ClaimedBeforeMonthEnds {
                line,
                number,
                month,
                billing,
            },
        ) => format!(
            "{line} 行目: レセプト {number} は {month} の訪問看護で、HM の請求年月 {billing} より前の月ではない"
        ),
        (
            Lang::Ja,
            Problem::RecipientWidth {
                line,
                number,
                width,
            },
        ) => format!(
            "{line} 行目: レセプト {number} の KO 受給者番号は {width} 文字で、記録条件仕様の求める\
             7 桁 (左ゼロ埋め) ではない"
        ),
        (
            Lang::Ja,
            Problem::DuplicateClaim {
                line,
                number,
                first_line,
                first,
            },
        ) => format!(
            "{line} 行目: レセプト {number} はレセプト {first} ({first_line} 行目) と同じ利用者・\
             請求先・月のレセプト: 利用者は請求先ごとに月1件で請求する (重複請求)"
        ),
        (
            Lang::Ja,
            Problem::PayerOfInsurer {
                line,
                number,
                belongs,
                belongs_code,
                said,
                said_code,
                ..
            },
        ) => format!(
            "{line} 行目: レセプト {number} の HO の保険者は{belongs} (審査支払機関 {belongs_code}) \
             に請求するが、HM は{said} ({said_code}) あてのファイル"
        ),
    }
}

/// What was checked: `RECEIPTC.UKE: 医科, 請求年月 2024-07, 診療年月 2024-06, 2 claim(s), 9
/// record(s)`. Each month says what it is: the header's 請求年月 is the month the file is sent
/// in, usually the month after the visits' 診療年月 (RE), so a bare month would read as if the
/// file claimed the wrong one.
pub fn claim_file_read(
    lang: Lang,
    file: &str,
    layout: &str,
    billing: YearMonth,
    care: &[YearMonth],
    claims: u32,
    records: u64,
) -> String {
    let month = |m: &YearMonth| format!("{:04}-{:02}", m.year, m.month);
    let care: Vec<String> = care.iter().map(month).collect();
    let billing = month(&billing);
    match lang {
        Lang::En => {
            let care = match care.as_slice() {
                [] => String::new(),
                _ => format!(", 診療年月 {}", care.join(" ")),
            };
            format!(
                "{file}: {layout}, 請求年月 {billing}{care}, {claims} claim(s), {records} record(s)"
            )
        }
        Lang::Ja => {
            let care = match care.as_slice() {
                [] => String::new(),
                _ => format!("、診療年月 {}", care.join(" ")),
            };
            format!(
                "{file}: {layout}、請求年月 {billing}{care}、レセプト {claims} 件、レコード {records} 件"
            )
        }
    }
}

/// What the file was checked against: itself only, or a run's answers (`scenario` its id).
pub fn claim_scope(lang: Lang, scenario: Option<&str>) -> String {
    match (lang, scenario) {
        (Lang::En, Some(id)) => format!("checked against itself and the answers of {id}"),
        (Lang::En, None) => {
            "checked against itself only, not against an eligibility confirmation".to_owned()
        }
        (Lang::Ja, Some(id)) => format!("ファイル自身と {id} の資格確認の回答に照らして確認"),
        (Lang::Ja, None) => {
            "ファイル自身の整合のみ確認 (資格確認の結果とは照合していない)".to_owned()
        }
    }
}

/// The last line of a file with no problem.
pub fn claim_consistent(lang: Lang, what: &str, scope: &str) -> String {
    match lang {
        Lang::En => format!("OK {what}: consistent ({scope})"),
        Lang::Ja => format!("OK {what}: 整合している ({scope})"),
    }
}

/// The last line (on stderr) of a file with problems.
pub fn claim_problems(lang: Lang, what: &str, problems: usize, scope: &str) -> String {
    match lang {
        Lang::En => format!("mynakit claim check: {what}: {problems} problem(s) ({scope})"),
        Lang::Ja => format!("mynakit claim check: {what}: 問題 {problems} 件 ({scope})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_files_problems_read_in_each_language() {
        let none = Problem::NoPayer { line: 4, number: 2 };
        assert_eq!(
            claim_problem(Lang::Ja, &none),
            "4 行目: レセプト 2 に HO も KO もない: 請求先の保険者がない"
        );
        assert_eq!(claim_problem(Lang::En, &none), none.to_string());
        let count = Problem::ClaimCount { said: 3, read: 2 };
        assert_eq!(
            claim_problem(Lang::Ja, &count),
            "GO の総件数は 3 件だが、ファイルのレセプトは 2 件"
        );
        let points = Problem::TotalPoints {
            said: 300,
            read: 291,
        };
        assert_eq!(
            claim_problem(Lang::Ja, &points),
            "GO の総合計点数は 300 点だが、レセプトの合計点数の和は 291 点"
        );
        let (july, june) = (
            YearMonth {
                year: 2024,
                month: 7,
            },
            YearMonth {
                year: 2024,
                month: 6,
            },
        );
        assert_eq!(
            claim_file_read(Lang::En, "R.UKE", "医科", july, &[june], 2, 9),
            "R.UKE: 医科, 請求年月 2024-07, 診療年月 2024-06, 2 claim(s), 9 record(s)"
        );
        assert_eq!(
            claim_file_read(Lang::Ja, "R.UKE", "医科", july, &[june], 2, 9),
            "R.UKE: 医科、請求年月 2024-07、診療年月 2024-06、レセプト 2 件、レコード 9 件"
        );
    }
}
