//! `mynakit claim check`'s lines in each language: a claim file's own disagreements
//! ([`mynakit_uke::Problem`], worded from their facts) and the verdict line (docs/uke.md,
//! "Checking a claim file"). The `UKE-` checks' findings carry their own Japanese.

use mynakit_uke::Problem;

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
    }
}

/// What was checked: `RECEIPTC.UKE: 医科, 2024-06, 2 claim(s), 9 record(s)`.
pub fn claim_file_read(
    lang: Lang,
    file: &str,
    layout: &str,
    (year, month): (u16, u8),
    claims: u32,
    records: u64,
) -> String {
    match lang {
        Lang::En => format!(
            "{file}: {layout}, {year:04}-{month:02}, {claims} claim(s), {records} record(s)"
        ),
        Lang::Ja => format!(
            "{file}: {layout}、{year:04}-{month:02}、レセプト {claims} 件、レコード {records} 件"
        ),
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
    }
}
