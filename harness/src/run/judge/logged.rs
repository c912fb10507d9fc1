//! The patient's values in the client's own log: マイナ救急's tablet keeps nothing of what it
//! read or viewed, 「閲覧した情報は救急隊の使用するタブレットに保存されません（閲覧のみ）」
//! (`docs/emergency.md`, "マイナ救急"), and a log line is kept as a file is (journald, a log
//! file the app's wrapper writes, a support bundle). Only the harness sees the client's stderr,
//! so it looks there for the values it searches the client's folders for ([`super::kept`]) and
//! records each line that held one as a client fact ([`Fact::PatientLogged`]), naming the line
//! and the kinds of value, never the value. `DATA-ambulance-kept` reads them.

use mynakit_timeline::Fact;

/// At most this many lines are named: a client that logs every patient logs them on every line.
const PLACES_LIMIT: usize = 10;

/// Whether `value` stands at byte `at` of `line` as a token of its own: an ASCII value (a number,
/// a date) not inside a longer run of letters or digits; a name or an address (kanji, kana)
/// wherever it stands.
fn stands_alone(line: &str, at: usize, value: &str) -> bool {
    if !value.is_ascii() {
        return true;
    }
    let before = line[..at].chars().next_back();
    let after = line[at + value.len()..].chars().next();
    !before.is_some_and(|c| c.is_ascii_alphanumeric())
        && !after.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// The facts of each line of `stderr` that held one of the patient's `values` (kind, value), at
/// most [`PLACES_LIMIT`].
pub(crate) fn patient_values(values: &[(&'static str, String)], stderr: &str) -> Vec<Fact> {
    let mut facts = Vec::new();
    for (i, line) in stderr.lines().enumerate() {
        let mut kinds: Vec<&str> = values
            .iter()
            .filter(|(_, value)| {
                line.match_indices(value.as_str())
                    .any(|(at, _)| stands_alone(line, at, value))
            })
            .map(|(kind, _)| *kind)
            .collect();
        kinds.dedup();
        if !kinds.is_empty() {
            facts.push(Fact::PatientLogged(format!(
                "stderr line {}: {}",
                i + 1,
                kinds.join(", ")
            )));
        }
        if facts.len() >= PLACES_LIMIT {
            break;
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_patients_values_are_found_on_their_lines_only_as_tokens() {
        let values = vec![
            ("birth-date", "19850412".to_owned()),
            ("name", "山田　花子".to_owned()),
            ("name", "山田花子".to_owned()),
        ];
        let stderr = "starting\nshown Name=山田　花子\nread 119850412 bytes\nborn 19850412.\n";
        assert_eq!(
            patient_values(&values, stderr),
            [
                Fact::PatientLogged("stderr line 2: name".into()),
                Fact::PatientLogged("stderr line 4: birth-date".into()),
            ]
        );
        assert!(patient_values(&values, "took 12 ms\n").is_empty());
    }
}
