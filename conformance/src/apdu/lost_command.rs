//! A command the client lost between the computer and the card, as two checks judge it: one
//! that timed out (`APDU-timeout-honest`) and one that failed in transit
//! (`APDU-transport-error-honest`). The client can tell neither whether the card ran it, so
//! both are judged the same way: every such event of the run, the verdict about the first that
//! breaks a rule, else about the last.

use mynakit_timeline::ReaderAction;

use crate::reason::Reason;
use crate::run::Step;

/// What one lost command says about the client.
pub(super) enum Judged {
    /// A rule broken: the verdict's text.
    Fail(Reason),
    /// The lost command was sent again and answered: the pass text.
    SentAgain(Reason),
    /// It was not sent again: the client must end honestly. The text names the command.
    NotSentAgain(Reason),
    /// The event names no command mynakit can read.
    Unknown,
}

/// Judges every reader event `action` in `steps` with `judge` (given the event's index): `None`
/// when the run has none; else the first [`Judged::Fail`], or the last event judged otherwise
/// ([`Judged::Unknown`] when no event could be read).
pub(super) fn judge_each(
    steps: &[Step<'_>],
    action: &ReaderAction,
    mut judge: impl FnMut(usize) -> Judged,
) -> Option<Judged> {
    let events: Vec<usize> = steps
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s, Step::Reader { action: a, .. } if a == action))
        .map(|(i, _)| i)
        .collect();
    if events.is_empty() {
        return None;
    }
    let mut last = Judged::Unknown;
    for i in events {
        match judge(i) {
            Judged::Fail(text) => return Some(Judged::Fail(text)),
            Judged::Unknown => {}
            judged => last = judged,
        }
    }
    Some(last)
}

/// The first command on the reader of `steps[i]` (a reader event) once that reader was back
/// (its event `back` after `steps[i]`), when that command is no SELECT: after an outage or a
/// service restart the card was powered afresh, so a client must select an application first.
/// `None` when it did, or when the reader never came back or got no command.
pub(super) fn first_not_select<'s, 'a>(
    steps: &'s [Step<'a>],
    i: usize,
    back: &ReaderAction,
) -> Option<&'s crate::run::Apdu<'a>> {
    let Step::Reader { reader, .. } = &steps[i] else {
        return None;
    };
    let reader = *reader;
    let after = &steps[i + 1..];
    let came_back = after.iter().position(
        |s| matches!(s, Step::Reader { action, reader: r, .. } if action == back && *r == reader),
    )?;
    let first = after[came_back + 1..]
        .iter()
        .find_map(|s| Step::apdu_on(s, reader))?;
    (!first.is_select()).then_some(first)
}
