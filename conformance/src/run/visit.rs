//! Which visit of the run a step belongs to. A run of several visits (`given.earlier_visits`,
//! docs/scenarios.md "Earlier visits") starts the client once per visit, each a process of its
//! own, and each visit ends at the client's `result`: what a client asked, was answered and sent
//! belongs to the visit whose `result` follows it. A check that pairs a patient's answer with
//! what the client sent (a consent and its flag) pairs them within one visit, never across the
//! run. A check that pairs an answer with a later request (a 処理中 answer and the next poll, a
//! refusal and what was asked after it) pairs them within the steps of one visit's process
//! ([`visit_steps`], by the harness's note where each visit begins, `VisitStart`):
//! `docs/conformance.md`, "Pairing by visit".

use std::ops::Range;

use mynakit_protocol::ClientMessage;
use mynakit_timeline::{Source, VisitStart};

use super::{Run, Step};

/// Where each visit after the first begins: the step indexes of the harness's notes that start
/// one ([`VisitStart`]), in order. Empty for a run of one visit.
pub(crate) fn visit_starts(run: &Run<'_>) -> Vec<usize> {
    run.steps
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            matches!(s, Step::Note { source: Source::Operator, text, .. }
                if VisitStart::from_note(text).is_some())
        })
        .map(|(i, _)| i)
        .skip(1)
        .collect()
}

/// When the visit under way at `t_us` ends: the time of the next visit's start ([`visit_starts`]),
/// or `u64::MAX` in its last visit. What comes at or after it is another process's.
pub(crate) fn visit_end_us(run: &Run<'_>, starts: &[usize], t_us: u64) -> u64 {
    starts
        .iter()
        .map(|&i| run.steps[i].t_us())
        .find(|start| *start > t_us)
        .unwrap_or(u64::MAX)
}

/// The steps of the visit step `i` belongs to, of `starts` ([`visit_starts`]) and `len` steps:
/// from the start of its visit (the run's first step for the first) up to the next visit's
/// start, or `len`.
pub(crate) fn visit_steps(starts: &[usize], i: usize, len: usize) -> Range<usize> {
    let at = starts.partition_point(|start| *start <= i);
    let from = at.checked_sub(1).map_or(0, |before| starts[before]);
    let to = starts.get(at).copied().unwrap_or(len).min(len);
    from.min(to)..to
}

/// The run's visits as the step indexes of their `result` lines, in order.
pub(crate) fn visit_ends(run: &Run<'_>) -> Vec<usize> {
    run.steps
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            matches!(
                s,
                Step::Client {
                    message: ClientMessage::Result { .. },
                    ..
                }
            )
        })
        .map(|(i, _)| i)
        .collect()
}

/// The visit (0-based, by [`visit_ends`]) step `i` belongs to: the first whose `result` is at
/// or after it; a step after the last `result` (the claim file read after the client ended)
/// belongs to the last visit.
pub(crate) fn visit_at(ends: &[usize], i: usize) -> usize {
    ends.partition_point(|end| *end < i)
        .min(ends.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visit_s_steps_run_from_its_start_to_the_next() {
        let starts = [4, 9];
        assert_eq!(visit_steps(&starts, 0, 12), 0..4);
        assert_eq!(visit_steps(&starts, 3, 12), 0..4);
        assert_eq!(visit_steps(&starts, 4, 12), 4..9);
        assert_eq!(visit_steps(&starts, 11, 12), 9..12);
        assert_eq!(visit_steps(&starts, 11, 10), 9..10);
        assert_eq!(visit_steps(&[], 5, 10), 0..10);
    }

    #[test]
    fn a_step_belongs_to_the_visit_whose_result_follows_it() {
        let ends = [3, 7];
        assert_eq!(visit_at(&ends, 0), 0);
        assert_eq!(visit_at(&ends, 3), 0);
        assert_eq!(visit_at(&ends, 4), 1);
        assert_eq!(visit_at(&ends, 7), 1);
        assert_eq!(visit_at(&ends, 9), 1);
        assert_eq!(visit_at(&[], 5), 0);
    }
}
