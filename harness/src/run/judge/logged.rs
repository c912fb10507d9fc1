//! The patient's values in the client's own log. A log line is kept as a file is (journald, a
//! log file the app's wrapper writes, a support bundle), and the design keeps no eligibility data
//! at the facility (「資格情報の確認に伴うデータ保存・管理のリスクを回避した仕組み」,
//! `docs/client-protocol.md`, "The client's log"); マイナ救急's tablet keeps nothing of what it
//! read or viewed (`docs/emergency.md`, "マイナ救急"). Only the harness sees the client's stderr,
//! so in every run of a client it started, whatever its role, it looks there for the values it
//! searches the client's folders for ([`super::kept`]) and records each line that held one as a
//! client fact ([`Fact::PatientLogged`]), naming the line and the kinds of value, never the
//! value. `DATA-nothing-logged` reads them (at マイナ救急, `DATA-ambulance-kept`).
//!
//! The same search hides the values in every setting where reports keep the client's log
//! ([`marked`], applied with the run's secrets by `crate::run::secrets::scrub`): the values are
//! synthetic, but a report is published, and the rule is that patients' data never appear in
//! one (`docs/reports.md`, "Secrets").

use mynakit_timeline::{Fact, LoggedPlace, PatientValueKind};

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

/// The byte offsets where `value` stands in `text` as a token of its own ([`stands_alone`]).
fn places<'a>(text: &'a str, value: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(value)
        .map(|(at, _)| at)
        .filter(move |&at| !value.is_empty() && stands_alone(text, at, value))
}

/// What stands in a report for a value of `kind`: `[patient's birth date]`.
fn marker(kind: PatientValueKind) -> String {
    format!("[patient's {}]", kind.as_str().replace('-', " "))
}

/// `text` (the client's log) with each of the patient's `values` replaced by a marker naming
/// its kind ([`marker`]) wherever [`patient_values`] finds it, the longest value first (so a
/// name with its space is replaced whole). `values` are those [`super::kept::values`] keeps:
/// no short number (a sex `1`, a 4-digit 番号) that would mark every line's digits.
pub(crate) fn marked(values: &[(PatientValueKind, String)], text: &str) -> String {
    let mut longest_first: Vec<&(PatientValueKind, String)> = values.iter().collect();
    longest_first.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.cmp(b)));
    let mut text = text.to_owned();
    for (kind, value) in longest_first {
        let at: Vec<usize> = places(&text, value).collect();
        if at.is_empty() {
            continue;
        }
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        for at in at {
            out.push_str(&text[from..at]);
            out.push_str(&marker(*kind));
            from = at + value.len();
        }
        out.push_str(&text[from..]);
        text = out;
    }
    text
}

/// The facts of each line of `stderr` that held one of the patient's `values` (kind, value), at
/// most [`PLACES_LIMIT`].
pub(crate) fn patient_values(values: &[(PatientValueKind, String)], stderr: &str) -> Vec<Fact> {
    let mut facts = Vec::new();
    for (i, line) in stderr.lines().enumerate() {
        let mut kinds: Vec<PatientValueKind> = values
            .iter()
            .filter(|(_, value)| places(line, value).next().is_some())
            .map(|(kind, _)| *kind)
            .collect();
        kinds.sort();
        kinds.dedup();
        if !kinds.is_empty() {
            facts.push(Fact::PatientLogged(LoggedPlace { line: i + 1, kinds }));
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

    use PatientValueKind as K;

    fn at(line: usize, kinds: &[PatientValueKind]) -> Fact {
        Fact::PatientLogged(LoggedPlace {
            line,
            kinds: kinds.to_vec(),
        })
    }

    #[test]
    fn the_patients_values_are_found_on_their_lines_only_as_tokens() {
        let values = vec![
            (K::BirthDate, "19850412".to_owned()),
            (K::Name, "山田　花子".to_owned()),
            (K::Name, "山田花子".to_owned()),
        ];
        let stderr = "starting\nshown Name=山田　花子\nread 119850412 bytes\nborn 19850412.\n\
                      patient 山田花子 born 1985-04-12 19850412\n";
        assert_eq!(
            patient_values(&values, stderr),
            [
                at(2, &[K::Name]),
                at(4, &[K::BirthDate]),
                at(5, &[K::Name, K::BirthDate])
            ]
        );
        assert_eq!(
            patient_values(&values, stderr)[2].to_string(),
            "client output held the patient's values: stderr line 5: name, birth-date"
        );
        assert!(patient_values(&values, "took 12 ms\n").is_empty());
    }

    #[test]
    fn the_report_s_copy_marks_each_value_where_the_search_finds_it() {
        let values = vec![
            (K::BirthDate, "19850412".to_owned()),
            (K::Name, "山田　花子".to_owned()),
            (K::Name, "山田花子".to_owned()),
            (K::Address, "東京都千代田区試験町１丁目".to_owned()),
        ];
        let stderr = "starting\nshown Name=山田　花子 (山田花子)\nread 119850412 bytes\n\
                      born 19850412. at 東京都千代田区試験町１丁目２番\n";
        let marked = marked(&values, stderr);
        assert_eq!(
            marked,
            "starting\nshown Name=[patient's name] ([patient's name])\nread 119850412 bytes\n\
             born [patient's birth date]. at [patient's address]２番\n"
        );
        // What the report keeps names the same lines to a reader, and finds nothing any more.
        assert!(patient_values(&values, &marked).is_empty());
        assert_eq!(super::marked(&values, "took 12 ms"), "took 12 ms");
    }
}
