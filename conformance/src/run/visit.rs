//! Which visit of the run a step belongs to. A run of several visits (`given.earlier_visits`,
//! docs/scenarios.md "Earlier visits") starts the client once per visit, and each visit ends at
//! the client's `result`: what a client asked, was answered and sent belongs to the visit whose
//! `result` follows it. A check that pairs a patient's answer with what the client sent (a
//! consent and its flag) pairs them within one visit, never across the run.

use mynakit_protocol::ClientMessage;

use super::{Run, Step};

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
