//! The days a claim's records mark, held against the month the claim is for (RE 診療年月, or
//! 調剤年月): a visit is on a day that exists in that month. JD's 受診日等 (1日の情報 … 31日の情報),
//! SI's and TO's 算定日 columns mark days by position, so a mark past the month's last day (the
//! 31st of June, the 30th of February) is a visit on no day; KI's 算定日 is a date
//! (`YYYYMMDD`, as a public 調剤 generator writes it) or, as a public sample file writes it, the
//! day of the month alone (`1`–`31`): either way one of the month's days. 訪問看護's KA
//! 算定年月日 is a date in the claim's 指定訪問看護年月.
//!
//! Checked by the [`crate::Reader`] on the fields as read, so `mynakit claim check` (which keeps no
//! field) and a run find the same error, naming the line, record and field (項番).

use crate::era::{Date, YearMonth};
use crate::fields::Fields;
use crate::layout::ki;
use crate::record::Record;
use crate::UkeError;

/// The first field that marks a day past the month's end in `record` (its fields `fields`),
/// or a KI 算定日 outside `month`.
pub(crate) fn check(
    id: &str,
    record: &Record,
    fields: &Fields<'_>,
    month: YearMonth,
    line: u64,
) -> Result<(), UkeError> {
    let (first, name) = match record {
        Record::Jd(_) => (crate::layout::position::JD_FIRST_DAY, "日の情報 (受診日等)"),
        Record::Si(item) | Record::To(item) if item.first_day() != usize::MAX => {
            (item.first_day(), "日の情報 (算定日)")
        }
        Record::Ki(ki) => return ki_day(ki.day.as_deref(), month, line),
        Record::Ka(ka) if (ka.day.year, ka.day.month) != (month.year, month.month) => {
            let day = crate::layout::station::ka::DAY;
            return Err(UkeError::DayOutsideMonth {
                line,
                id: id.to_owned(),
                field: day.at + 1,
                name: day.name,
                month: month.to_string(),
            });
        }
        _ => return Ok(()),
    };
    let last = usize::from(Date::last_of(month).day);
    for day in last + 1..=31 {
        let at = first + day - 1;
        let marked = fields.get(at).is_some_and(|v| !v.is_empty() && v != "0");
        if marked {
            return Err(UkeError::DayOutsideMonth {
                line,
                id: id.to_owned(),
                field: at + 1,
                name,
                month: month.to_string(),
            });
        }
    }
    Ok(())
}

/// KI's 算定日 in the claim's month: a date that exists and is in it, or a day it has.
fn ki_day(day: Option<&str>, month: YearMonth, line: u64) -> Result<(), UkeError> {
    let Some(day) = day else {
        return Ok(());
    };
    let last = Date::last_of(month).day;
    let within = match day.len() {
        1 | 2 => day
            .parse::<u8>()
            .ok()
            .filter(|_| day.bytes().all(|b| b.is_ascii_digit()))
            .map(|d| (1..=last).contains(&d)),
        _ => Date::parse(day).map(|d| (d.year, d.month) == (month.year, month.month)),
    };
    let (field, name) = (ki::DAY.at + 1, ki::DAY.name);
    match within {
        Some(true) => Ok(()),
        Some(false) => Err(UkeError::DayOutsideMonth {
            line,
            id: "KI".to_owned(),
            field,
            name,
            month: month.to_string(),
        }),
        None => Err(UkeError::NotADate {
            line,
            id: "KI".to_owned(),
            field,
            name,
            value: day.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use crate::{check, Reader, UkeError};

    /// A 医科 file of one claim of `month` with `records` after its HO.
    fn file(month: &str, records: &str) -> Vec<u8> {
        format!(
            "IR,1,13,1,1234567,,,{month},00\r\nRE,1,1112,{month},,1,19800101\r\n\
             HO,06139992,,345,1,291\r\n{records}GO,1,291,99\r\n\x1a"
        )
        .into_bytes()
    }

    fn error(bytes: &[u8]) -> Option<UkeError> {
        check(Reader::new(bytes)).err()
    }

    fn reads(bytes: &[u8]) -> bool {
        let read = error(bytes);
        assert!(read.is_none(), "{read:?}");
        true
    }

    /// JD marking day `day` (1–31).
    fn jd(day: usize) -> String {
        let days: Vec<&str> = (1..=31).map(|d| if d == day { "1" } else { "" }).collect();
        format!("JD,1,{}\r\n", days.join(","))
    }

    #[test]
    fn a_day_the_claims_month_does_not_have_is_a_field_error() {
        assert!(reads(&file("202606", &jd(30))));
        let Some(UkeError::DayOutsideMonth {
            line,
            id,
            field,
            month,
            ..
        }) = error(&file("202606", &jd(31)))
        else {
            panic!("the 31st of June")
        };
        assert_eq!(
            (line, id.as_str(), field, month.as_str()),
            (4, "JD", 33, "202606")
        );
        assert!(reads(&file("202402", &jd(29))), "a leap year's 29th");
        assert!(error(&file("202302", &jd(29))).is_some(), "not in 2023");

        // SI's 算定日 columns (13–43): the 30th of February.
        let mut si = vec!["SI", "11", "1", "111000110", "", "291", "1"];
        si.resize(44, "");
        si[13 + 29] = "1";
        let si = format!("{}\r\n", si.join(","));
        let said = error(&file("202402", &si)).map(|e| e.to_string());
        assert!(
            said.as_deref()
                .unwrap_or("")
                .starts_with("line 4: `SI` field 43 ("),
            "{said:?}"
        );
    }

    #[test]
    fn a_ki_day_is_a_date_of_the_claims_month() {
        let pharmacy = |day: &str| {
            format!(
                "YK,1,13,4,9999999,,202611,00,\r\nRE,1,4112,202611,,1,19850412\r\n\
                 HO,06139992,,345,1,45\r\nKI,{day},1,1,410000110,45,\r\nGO,1,45,99\r\n\x1a"
            )
            .into_bytes()
        };
        assert!(reads(&pharmacy("20261102")));
        let said = |day| {
            error(&pharmacy(day))
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(reads(&pharmacy("2")), "the day alone");
        assert!(
            said("31").contains("marks a day that is not in"),
            "{}",
            said("31")
        );
        assert!(
            said("20261131").contains("`KI` field 2 (算定日) is not a date"),
            "{}",
            said("20261131")
        );
        assert!(
            said("20261201").contains(
                "`KI` field 2 (算定日) marks a day that is not in the claim's 診療年月 202611"
            ),
            "{}",
            said("20261201")
        );
    }
}
