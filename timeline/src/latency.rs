//! The detail of a reader's `latency` event: the range a reader draws each command's added
//! delay from, and the seed of the draws (`docs/reader.md`, "Latency and jitter as over a
//! remote desktop").

use std::fmt;

/// A reader's per-command delay, drawn anew for each command between `min_ms` and `max_ms`
/// from `seed`: the detail of a [`ReaderAction::Latency`](crate::ReaderAction::Latency) event,
/// written `60-200 ms per command, seed 7`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LatencyRange {
    /// The least added to a command, ms.
    pub min_ms: u64,
    /// The most added to a command, ms.
    pub max_ms: u64,
    /// The seed of the draws.
    pub seed: u64,
}

impl LatencyRange {
    /// The range a `latency` event's detail names; `None` for a detail not written as
    /// [`LatencyRange`]'s `Display` writes it (the event keeps its detail as written either
    /// way).
    pub fn from_detail(detail: &str) -> Option<LatencyRange> {
        let (range, seed) = detail.split_once(" ms per command, seed ")?;
        let (min, max) = range.split_once('-')?;
        Some(LatencyRange {
            min_ms: min.parse().ok()?,
            max_ms: max.parse().ok()?,
            seed: seed.parse().ok()?,
        })
    }
}

impl fmt::Display for LatencyRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{} ms per command, seed {}",
            self.min_ms, self.max_ms, self.seed
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detail_reads_back_as_written() {
        let range = LatencyRange {
            min_ms: 60,
            max_ms: 200,
            seed: 7,
        };
        assert_eq!(range.to_string(), "60-200 ms per command, seed 7");
        assert_eq!(LatencyRange::from_detail(&range.to_string()), Some(range));
        assert_eq!(LatencyRange::from_detail("slow"), None);
        assert_eq!(
            LatencyRange::from_detail("a-200 ms per command, seed 7"),
            None
        );
    }
}
