//! A line of the client's log (stderr) that held a value of the patient ([`LoggedPlace`]), and
//! the kinds of value the harness searches a client's folders and log for
//! ([`PatientValueKind`]). The place is written in a note as `stderr line 4: name,
//! birth-date` (`docs/timeline.md`), the line and the kinds, never the value: recorded timelines
//! hold that text, so it reads back to the same place.

use std::fmt;

/// A kind of the patient's value, by the word the timeline writes (`birth-date`): what a `kept`
/// event's [`crate::KeptValue::value`] names and a [`LoggedPlace`] lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PatientValueKind {
    /// The name in kanji (`山田　花子`, with or without its full-width space).
    Name,
    /// The name in kana.
    KanaName,
    /// The birth date (`1985-04-12`, `19850412`, `1985/04/12`).
    BirthDate,
    /// The address.
    Address,
    /// The 個人番号.
    MyNumber,
    /// A serial of the card's certificates.
    CertificateSerial,
    /// The 保険者番号.
    InsurerNumber,
    /// The 被保険者番号 (記号・番号).
    InsuredNumber,
}

impl PatientValueKind {
    /// Every kind, in the order above.
    pub const ALL: [PatientValueKind; 8] = [
        PatientValueKind::Name,
        PatientValueKind::KanaName,
        PatientValueKind::BirthDate,
        PatientValueKind::Address,
        PatientValueKind::MyNumber,
        PatientValueKind::CertificateSerial,
        PatientValueKind::InsurerNumber,
        PatientValueKind::InsuredNumber,
    ];

    /// The word the timeline writes.
    pub fn as_str(self) -> &'static str {
        match self {
            PatientValueKind::Name => "name",
            PatientValueKind::KanaName => "kana-name",
            PatientValueKind::BirthDate => "birth-date",
            PatientValueKind::Address => "address",
            PatientValueKind::MyNumber => "my-number",
            PatientValueKind::CertificateSerial => "certificate-serial",
            PatientValueKind::InsurerNumber => "insurer-number",
            PatientValueKind::InsuredNumber => "insured-number",
        }
    }

    /// The kind [`PatientValueKind::as_str`] writes as `word`.
    pub fn parse(word: &str) -> Option<PatientValueKind> {
        PatientValueKind::ALL
            .into_iter()
            .find(|k| k.as_str() == word)
    }
}

impl fmt::Display for PatientValueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stream a [`LoggedPlace`] names: the client's log.
const STDERR_LINE: &str = "stderr line ";
/// Between the line and the kinds.
const LINE_KINDS: &str = ": ";
/// Between two kinds.
const KINDS_SEP: &str = ", ";

/// A line of the client's stderr that held a value of the patient: its number (from 1) and the
/// kinds of value on it, each once, never the value: `stderr line 4: name, birth-date`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LoggedPlace {
    /// The line's number in the client's stderr, from 1.
    pub line: usize,
    /// The kinds of value the line held, at least one.
    pub kinds: Vec<PatientValueKind>,
}

impl LoggedPlace {
    /// The place [`LoggedPlace`]'s text form names; `None` for a text of another shape.
    pub fn parse(text: &str) -> Option<LoggedPlace> {
        let (line, kinds) = text.strip_prefix(STDERR_LINE)?.split_once(LINE_KINDS)?;
        let line = line.parse().ok().filter(|n| *n > 0)?;
        let kinds = kinds
            .split(KINDS_SEP)
            .map(PatientValueKind::parse)
            .collect::<Option<Vec<_>>>()?;
        Some(LoggedPlace { line, kinds })
    }

    /// The kinds, as the text form lists them: `name, birth-date`.
    pub fn kinds_text(&self) -> String {
        let words: Vec<&str> = self.kinds.iter().map(|k| k.as_str()).collect();
        words.join(KINDS_SEP)
    }
}

/// `stderr line 4: name, birth-date`.
impl fmt::Display for LoggedPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{STDERR_LINE}{}{LINE_KINDS}{}",
            self.line,
            self.kinds_text()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_reads_back_from_the_text_it_writes() {
        let place = LoggedPlace {
            line: 4,
            kinds: vec![PatientValueKind::Name, PatientValueKind::BirthDate],
        };
        assert_eq!(place.to_string(), "stderr line 4: name, birth-date");
        assert_eq!(LoggedPlace::parse(&place.to_string()), Some(place));
        for kind in PatientValueKind::ALL {
            assert_eq!(PatientValueKind::parse(kind.as_str()), Some(kind));
        }
        for other in [
            "stdout line 4: name",
            "stderr line 0: name",
            "stderr line four: name",
            "stderr line 4: name, pin",
            "stderr line 4 name",
        ] {
            assert_eq!(LoggedPlace::parse(other), None, "{other}");
        }
    }
}
