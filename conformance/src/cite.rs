//! Which timeline events a verdict text cites. Checks name the places they judge in one of
//! three forms, all written by `events` (`Apdu::place`, `Exchange::describe`, `at`):
//!
//! - `APDU 14` — the 14th APDU event of the run (from 1);
//! - `request 3` — the 3rd HTTP exchange with the service (from 1);
//! - `t=1.234s` — the first event recorded in that millisecond (a fast run records many in one;
//!   the reader reads on from there), when the time is not already the time of an `APDU n` or
//!   `request n` just before it.
//!
//! Reports turn the result into links to numbered timeline rows (`docs/reports.md`). Reading
//! the text here, next to the code that writes it, keeps one definition of each form: a test
//! below fails if a form changes.

use mynakit_timeline::{Event, EventKind};

/// Indices into `events` (from 0, ascending, no repeats) of the events `reason` cites.
pub(crate) fn events(reason: &str, events: &[Event]) -> Vec<usize> {
    let mut cited = Vec::new();
    let mut rest = reason;
    // The end of the last `APDU n`/`request n` citation: a `t=` right after it is its time.
    let mut after_numbered: Option<usize> = None;
    let mut offset = 0;
    while !rest.is_empty() {
        let here = offset;
        let numbered_hit = NUMBERED
            .iter()
            .find_map(|(word, kind)| numbered(rest, word).map(|n| (n, kind)));
        if let Some(((n, len), kind)) = numbered_hit {
            cited.extend(nth(events, n, kind));
            after_numbered = Some(here + len);
            (rest, offset) = (&rest[len..], offset + len);
            continue;
        }
        if let Some((ms, len)) = time(rest) {
            let right_after = after_numbered.is_some_and(|end| here <= end + 2);
            if !right_after {
                cited.extend(events.iter().position(|e| e.t_us / 1000 == ms));
            }
            (rest, offset) = (&rest[len..], offset + len);
            continue;
        }
        let step = rest.chars().next().map_or(1, char::len_utf8);
        (rest, offset) = (&rest[step..], offset + step);
    }
    cited.sort_unstable();
    cited.dedup();
    cited
}

/// While the families' words are being written as data: in a debug build, says on stderr when
/// the events a reason cites as data are not those its text names, so that the move to typed
/// citations changes no report. Goes with this module once every family cites as data.
pub(crate) fn same_as_read(
    check: &str,
    reason: &crate::reason::Reason,
    cited: &[usize],
    events: &[Event],
) {
    if cfg!(debug_assertions) && reason.facts().message.is_some() {
        let read = self::events(reason, events);
        if read != cited {
            eprintln!(
                "cite mismatch: {check} ({:?}): as data {cited:?}, as read {read:?}: {}",
                reason.facts().message,
                reason.en()
            );
        }
    }
}

/// Whether an event is of the kind a numbered form counts.
type IsKind = fn(&EventKind) -> bool;

/// The numbered forms: the word before the number, and the kind of event it counts.
const NUMBERED: [(&str, IsKind); 2] = [
    ("APDU ", |k| matches!(k, EventKind::Apdu { .. })),
    ("request ", |k| matches!(k, EventKind::Http { .. })),
];

/// `<word><digits>` at the start of `text`: the number and the length read.
fn numbered(text: &str, word: &str) -> Option<(usize, usize)> {
    let digits = text.strip_prefix(word)?;
    let len = digits.bytes().take_while(u8::is_ascii_digit).count();
    let n = digits[..len].parse().ok()?;
    Some((n, word.len() + len))
}

/// `t=<s>.<mmm>s` at the start of `text`: the time in milliseconds and the length read.
fn time(text: &str) -> Option<(u64, usize)> {
    let body = text.strip_prefix("t=")?;
    let secs_len = body.bytes().take_while(u8::is_ascii_digit).count();
    let secs: u64 = body[..secs_len].parse().ok()?;
    let frac = body[secs_len..].strip_prefix('.')?;
    let ms: u64 = frac.get(..3)?.parse().ok()?;
    if !frac[3..].starts_with('s') {
        return None;
    }
    Some((secs * 1000 + ms, 2 + secs_len + 1 + 3 + 1))
}

/// The index of the `n`th event (from 1) of a kind.
fn nth(events: &[Event], n: usize, kind: impl Fn(&EventKind) -> bool) -> Option<usize> {
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| kind(&e.kind))
        .nth(n.checked_sub(1)?)
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use mynakit_timeline::Source;

    use super::*;

    fn ev(t_us: u64, kind: EventKind) -> Event {
        Event {
            v: 1,
            t_us,
            run: Some("r".into()),
            source: Source::Card,
            kind,
        }
    }

    fn apdu(t_us: u64) -> Event {
        ev(
            t_us,
            EventKind::Apdu {
                reader: "A".into(),
                command: "00A4040000".into(),
                response: "9000".into(),
                duration_us: 1,
            },
        )
    }

    fn note(t_us: u64) -> Event {
        ev(t_us, EventKind::Note { text: "n".into() })
    }

    #[test]
    fn resolves_the_forms_the_checks_write() {
        let events = [
            note(0),
            apdu(1_000),
            apdu(1_234_500),
            note(2_000_100),
            note(2_000_900),
        ];
        // As `Apdu::place` writes it: the time right after the number is not a second citation.
        let a = crate::run::at(1_234_500);
        assert_eq!(
            super::events(&format!("VERIFY #2 (APDU 2, {a}) sent twice"), &events),
            [2]
        );
        assert_eq!(
            super::events(
                &format!("answer typed at {}", crate::run::at(2_000_100)),
                &events
            ),
            [3]
        );
        assert_eq!(super::events("APDU 1 and APDU 9", &events), [1]);
        assert!(super::events("nothing cited; 3 PINs, t=9", &events).is_empty());
        assert!(super::events("request 1", &events).is_empty());
    }
}
