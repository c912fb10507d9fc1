//! What `XML-medical-assistance-import` says: whether the month's 医療扶助 import asked for
//! the terminal's month and showed every 医療券 it brought.

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::at;

/// `YYYYMM` as the month `YYYY-MM` facts name (as it is when it is not six characters).
fn month(yyyymm: &str) -> String {
    match (yyyymm.get(..4), yyyymm.get(4..)) {
        (Some(year), Some(month)) if month.len() == 2 => format!("{year}-{month}"),
        _ => yyyymm.to_owned(),
    }
}

/// Not a 医療扶助 import run.
pub(in crate::xml) fn not_import() -> Reason {
    Reason::new(
        "the run is not a month's 医療扶助 import (flow medical-assistance-import)",
        "月の医療扶助の取込 (flow medical-assistance-import) の実行\
                ではない",
    )
    .message("xml/not-assistance-import")
}

/// No OQSmutic01 upload was written.
pub(in crate::xml) fn no_upload() -> Reason {
    Reason::new(
        "the month's 医療扶助 import was asked for, but the client wrote no OQSmutic01 upload \
             before its result",
        "月の医療扶助の取込が求められたが、クライアントは結果の前に OQSmutic01 の取込要求を\
             書いていない",
    )
    .message("xml/no-assistance-upload")
}

/// `upload` (written at `t_us`) has no answer `answer` with a ProcessExecutionTime.
pub(in crate::xml) fn month_unknown(upload: &str, t_us: u64, answer: &str) -> Reason {
    Reason::new(
        format!(
            "{upload} (written {}) has no answer with a ProcessExecutionTime ({answer}): \
             the terminal's month is unknown",
            at(t_us)
        ),
        format!(
            "{upload} (書き込み {}) には ProcessExecutionTime のある応答\
                がない ({answer}): 端末の月がわからない",
            at(t_us)
        ),
    )
    .message("xml/assistance-month-unknown")
    .cite(Cite::at(t_us))
}

/// `upload` (written at `t_us`) asks for the month `asked`, not the terminal's `day`.
pub(in crate::xml) fn other_month(
    upload: &str,
    t_us: u64,
    asked: Option<&str>,
    day: &str,
) -> Reason {
    let said = Reason::new(
        format!(
            "{upload} (written {}) asks for MedicalTreatmentMonth {}, but the terminal's day is \
             in {day}: this month's 医療券 are not imported",
            at(t_us),
            asked.unwrap_or("(none)")
        ),
        format!(
            "{upload} (書き込み {}) は MedicalTreatmentMonth {} を求めているが、端末の日は \
                 {day} の月にある: 今月の医療券を取り込んでいない",
            at(t_us),
            asked.unwrap_or("(なし)")
        ),
    )
    .message("xml/assistance-other-month")
    .cite(Cite::at(t_us));
    let said = match asked {
        Some(asked) => said.day("asked", month(asked)),
        None => said,
    };
    said.day("month", month(day))
}

/// `upload` asks for this month (`day`); no final download was read.
pub(in crate::xml) fn no_final_download(upload: &str, day: &str) -> Reason {
    Reason::new(
        format!(
            "{upload} asks for this month ({day}); no final download was read before the result \
             (XML-processing-poll judges the polling)"
        ),
        format!(
            "{upload} は今月 ({day}) を求めている。結果の前に最終のダウンロードは\
                 読まれていない (問い合わせ直しは XML-processing-poll で判定する)"
        ),
    )
    .message("xml/assistance-no-final-download")
    .day("month", month(day))
}

/// `download` (at `t_us`) holds `units` 医療券 for `day`; the client showed `shown`.
pub(in crate::xml) fn not_all_shown(
    download: &str,
    t_us: u64,
    units: usize,
    day: &str,
    shown: usize,
) -> Reason {
    Reason::new(
        format!(
            "{download} ({}) holds {units} 医療券 for {day}, but the client showed {shown}",
            at(t_us)
        ),
        format!(
            "{download} ({}) には {day} の医療券が {units} 件あるが、クライアントが\
                 表示したのは {shown} 件",
            at(t_us)
        ),
    )
    .message("xml/assistance-not-all-shown")
    .cite(Cite::at(t_us))
    .count("tickets", units)
    .day("month", month(day))
    .count("shown", shown)
}

/// `upload` asked for this month (`day`); `download` (at `t_us`) holds `units` 医療券, each
/// shown.
pub(in crate::xml) fn all_shown(
    upload: &str,
    day: &str,
    download: &str,
    t_us: u64,
    units: usize,
) -> Reason {
    Reason::new(
        format!(
            "{upload} asks for this month ({day}); {download} ({}) holds {units} 医療券, each shown",
            at(t_us)
        ),
        format!(
            "{upload} は今月 ({day}) を求め、{download} ({}) の医療券 {units} \
                件をそれぞれ表示した",
            at(t_us)
        ),
    )
    .message("xml/assistance-all-shown")
    .day("month", month(day))
    .cite(Cite::at(t_us))
    .count("tickets", units)
}
