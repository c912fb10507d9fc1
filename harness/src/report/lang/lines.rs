//! A run's mode and its result in one line, as the reports and the table write them.

use mynakit_protocol::RunResult;

use super::Lang;
use crate::report::model::ScenarioReport;

/// A run's mode as reports write it: `visual`, or for a plain program `none (a plain program
/// that speaks no client protocol)`.
pub(crate) fn mode_line(s: &ScenarioReport) -> String {
    mode_line_in(s, Lang::En)
}

/// [`mode_line`] in `lang` (the mode's name is the scenario format's word in both).
pub(crate) fn mode_line_in(s: &ScenarioReport, lang: Lang) -> String {
    if s.mode == crate::scenario::modes::NO_MODE {
        let what = match lang {
            Lang::En => "a plain program that speaks no client protocol",
            Lang::Ja => "クライアントプロトコルを使わない単独のプログラム",
        };
        format!("{} ({what})", s.mode)
    } else {
        s.mode.clone()
    }
}

/// The result in one line for people: `pin-incorrect`, `timeout (no result within 60000 ms)`,
/// `crashed (exited with code 1 without a result)`, ….
pub(crate) fn outcome_line(result: &RunResult) -> String {
    outcome_line_in(result, Lang::En)
}

/// [`outcome_line`] in `lang`: the outcome is the protocol's word in English (`eligible`) and
/// its name in Japanese (`資格有効`, [`Lang::outcome`]); what the harness says of how it came
/// is translated.
pub(crate) fn outcome_line_in(result: &RunResult, lang: Lang) -> String {
    use mynakit_protocol::ResultOrigin;
    let outcome = lang.outcome(result.outcome);
    let how = match (&result.origin, lang) {
        (ResultOrigin::Client, _) => return outcome.to_owned(),
        (ResultOrigin::Manual, Lang::En) => "reported by a person".to_owned(),
        (ResultOrigin::Manual, Lang::Ja) => "人が報告".to_owned(),
        (ResultOrigin::Timeout { after_ms }, Lang::En) => {
            format!("no result within {after_ms} ms")
        }
        (ResultOrigin::Timeout { after_ms }, Lang::Ja) => format!("{after_ms} ms 以内に結果なし"),
        (ResultOrigin::Exited { code, signal }, Lang::En) => match (code, signal) {
            (_, Some(signal)) => format!("killed by signal {signal} without a result"),
            (Some(code), None) => format!("exited with code {code} without a result"),
            (None, None) => "exited without a result".to_owned(),
        },
        (ResultOrigin::Exited { code, signal }, Lang::Ja) => match (code, signal) {
            (_, Some(signal)) => format!("結果なしにシグナル {signal} で終了"),
            (Some(code), None) => format!("結果なしに終了コード {code} で終了"),
            (None, None) => "結果なしに終了".to_owned(),
        },
        (ResultOrigin::ProtocolError { error }, Lang::En) => format!("protocol error: {error}"),
        (ResultOrigin::ProtocolError { error }, Lang::Ja) => {
            format!("プロトコルエラー: {error}")
        }
    };
    format!("{outcome} ({how})")
}
