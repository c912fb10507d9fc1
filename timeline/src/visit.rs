//! Where each visit of a run begins (`given.earlier_visits`, `docs/scenarios.md`, "Earlier
//! visits"): the harness starts the client once per visit, each a process of its own, and notes
//! in the timeline where each begins. A check that pairs an answer with a later request (a
//! 処理中 answer and the next poll, a refusal and what the client asked next) pairs them within
//! one visit: another day's request, by another process, answers nothing of this one's
//! (`docs/conformance.md`, "Pairing by visit"). The note's text is written and read here only,
//! so the JSON line stays byte for byte the note it always was.

use std::fmt;

/// The end of every visit's note.
const STARTED: &str = "the client is started for it";
/// The start of an earlier visit's note.
const EARLIER: &str = "earlier visit ";
/// The note of the visit the scenario judges, before [`STARTED`].
const JUDGED: &str = "the visit the scenario judges: ";

/// The start of one visit, as the harness notes it (source `operator`) before it starts the
/// client for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VisitStart {
    /// An earlier visit: `earlier visit 1 of 2 (given.earlier_visits[0]), 14 day(s) before the
    /// scenario's: the client is started for it`.
    Earlier {
        /// Its place in `given.earlier_visits` (0-based).
        index: usize,
        /// How many earlier visits the scenario has.
        count: usize,
        /// How many days before the scenario's day it is.
        days_before: u16,
    },
    /// The visit the scenario judges, after its earlier ones: `the visit the scenario judges:
    /// the client is started for it`.
    Judged,
}

impl VisitStart {
    /// The visit a note's text starts; `None` for any other note.
    pub fn from_note(text: &str) -> Option<VisitStart> {
        let figures = text.strip_suffix(STARTED)?;
        if figures == JUDGED {
            return Some(VisitStart::Judged);
        }
        let rest = figures.strip_prefix(EARLIER)?;
        let (number, rest) = rest.split_once(" of ")?;
        let (count, rest) = rest.split_once(" (given.earlier_visits[")?;
        let (index, rest) = rest.split_once("]), ")?;
        let days = rest.strip_suffix(" day(s) before the scenario's: ")?;
        let (number, count, index): (usize, usize, usize) = (
            number.parse().ok()?,
            count.parse().ok()?,
            index.parse().ok()?,
        );
        (number == index + 1).then_some(VisitStart::Earlier {
            index,
            count,
            days_before: days.parse().ok()?,
        })
    }
}

/// The note's text.
impl fmt::Display for VisitStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VisitStart::Earlier {
                index,
                count,
                days_before,
            } => write!(
                f,
                "{EARLIER}{} of {count} (given.earlier_visits[{index}]), {days_before} day(s) \
                 before the scenario's: {STARTED}",
                index + 1
            ),
            VisitStart::Judged => write!(f, "{JUDGED}{STARTED}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visit_s_note_reads_back_as_written() {
        for (visit, text) in [
            (
                VisitStart::Earlier {
                    index: 0,
                    count: 2,
                    days_before: 14,
                },
                "earlier visit 1 of 2 (given.earlier_visits[0]), 14 day(s) before the \
                 scenario's: the client is started for it",
            ),
            (
                VisitStart::Judged,
                "the visit the scenario judges: the client is started for it",
            ),
        ] {
            assert_eq!(visit.to_string(), text);
            assert_eq!(VisitStart::from_note(text), Some(visit));
        }
        assert_eq!(
            VisitStart::from_note("earlier visit 1 of 2 ended: eligible"),
            None
        );
        assert_eq!(VisitStart::from_note("care setting: kenshin"), None);
    }
}
